/**
 * Property-based fuzzing (fast-check) of the parsers and escapers hostile input reaches first:
 *
 *   config       YAML config text and bytes: validateConfigText / configTextFromBytes
 *   report       JSON partial reports: parseReport, then a verifying mergeReports against a config
 *   predictor    predictor files: parsePredictor
 *   markdown     mdText / mdCode through a real GFM parser (mdast): no link, image, HTML, emphasis,
 *                mention or extra table cell, and the text reads as the input
 *   log          logLine / annotationText / ortMessage: never a workflow command, never a control character
 *
 * Each property holds when the parser returns or throws a GateError (a one-line message for the
 * user); any other exception, or one input taking longer than HANG_MS, is a failure.
 *
 *   npm run fuzz                      # 100,000 inputs per parser, random seed (printed)
 *   npm run fuzz -- --runs 2000 --only markdown --seed 42
 *
 * test/hostile/fuzz.test.ts runs the same properties briefly (fixed seed) inside npm test.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { gfm } from 'micromark-extension-gfm';
import { stringify } from 'yaml';
import { configTextFromBytes, validateConfigText } from '../src/core/config/index.ts';
import { annotationText, logLine, mdCode, mdText } from '../src/core/escape.ts';
import { GateError } from '../src/core/errors.ts';
import { mergeReports, parseReport } from '../src/core/merge-reports.ts';
import { builtInPredictor, parsePredictor } from '../src/core/predict/predictor.ts';
import { serializeReport } from '../src/core/report/json.ts';
import { ortMessage } from '../src/core/scoring/ort-messages.ts';
import type { GateConfig, GateReport } from '../src/core/types.ts';
import { fingerprintOf, syntheticConfig, syntheticShards } from '../test/helpers/reports.ts';

/** One input that takes longer than this is a hang. */
export const HANG_MS = 2000;
const JOINER = '\u2060';

/** Runs `fn`; passes when it returns or throws a one-line GateError, fails on anything else or a hang. */
function tolerant(fn: () => unknown): void {
  const start = performance.now();
  try {
    fn();
  } catch (error) {
    if (!(error instanceof GateError)) throw error;
    assert.doesNotMatch(error.toLine(), /[\r\n]/, 'a GateError is one line');
  } finally {
    const took = performance.now() - start;
    if (took > HANG_MS) throw new Error(`one input took ${Math.round(took)} ms`);
  }
}

// ---------- hostile fragments ----------

const HOSTILE = [
  '\n::warning::forged', '\r\n::stop-commands::tok', '::error file=x::y', '##[warning]old', '\u001b[31mred\u001b[0m', '\u0000', '\u2028', '\u202e',
  '@octocat', '@org/team', 'a@b.com', '![x](https://t.example/p.png)', '[x](https://e.example)', '<img src=x onerror=alert(1)>', '</details>',
  '<!--', '-->', '|', '||', '`', '```', '\\', '\\|', '*', '_x_', '~~s~~', '$x$', '#1', 'org/repo#2', '&#64;u', '&lt;', '[^1]', '[r]: http://x',
  'https://e.example/a?b=c', 'www.e.example', 'javascript:alert(1)', ':smile:', '\ud800', '\udc00', '😀', 'é', '\t', ' ', '>', '# h', '1. x', '- y', '=',
];
const hostileString = fc
  .array(fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ unit: 'binary', maxLength: 12 }), fc.string({ maxLength: 12 })), { maxLength: 8 })
  .map((parts) => parts.join(''));

// ---------- config ----------

const YAML_TOKENS = [
  '\n', '\n  ', '\n    ', '- ', ': ', ':', '{', '}', '[', ']', ',', '&a ', '*a', '<<: *a', '!!binary ', '!!str ', '!tag ', '---\n', '...\n', '|', '>', '"', "'", '#',
  '\t', '? ', 'version', 'activations', 'base', 'updated', 'monitors', 'id', 'category', 'layer', 'probe', 'threshold', 'batch', 'labels', 'pooling',
  'tolerance', 'auroc_drop', 'predictor', 'update', 'revalidation-budget', 'risk-threshold', 'always-run', '1', '0.5', '1e999', '.nan', '-.inf', 'null',
  'true', 'yes', '~', '../../etc/passwd', '/abs', 'C:\\x', 'x.onnx', 'a#b', '#t', '%YAML 1.2\n', '\ufeff',
];

const monitorObject = fc.record(
  {
    id: fc.oneof(fc.constantFrom('m', 'pii-email', 'a.b_c'), hostileString),
    category: fc.constantFrom('pii', 'refusal', 'other', 'nope'),
    layer: fc.oneof(fc.integer({ min: -2, max: 100 }), fc.double()),
    probe: fc.oneof(fc.constantFrom('probes/p.onnx', '../probes/p.onnx', '../../../../etc/passwd', '/etc/passwd'), hostileString),
    threshold: fc.oneof(fc.double(), fc.constantFrom(0.5, 0, 1)),
    batch: fc.oneof(fc.constantFrom('layer1.safetensors', 'x.npy#t', '../x', '#t'), hostileString),
    labels: fc.oneof(fc.constantFrom('#labels', 'labels/y.npy', '../../y.npy'), hostileString),
    blocking: fc.oneof(fc.boolean(), hostileString),
    tolerance: fc.record({ auroc_drop: fc.double(), tpr_drop: fc.double() }, { requiredKeys: [] }),
    pooling: fc.constantFrom('mean', 'max', 'last', 'sum'),
  },
  { requiredKeys: [] },
);
const configObject = fc.record(
  {
    version: fc.oneof(fc.constant(1), fc.integer(), hostileString),
    activations: fc.oneof(fc.record({ base: fc.oneof(fc.constant('acts/base'), hostileString), updated: fc.oneof(fc.constant('acts/updated'), hostileString) }), hostileString),
    monitors: fc.oneof(fc.array(monitorObject, { maxLength: 5 }), hostileString),
    defaults: fc.record({ min_class_rows: fc.integer(), tolerance: fc.record({ fpr_rise: fc.double() }) }, { requiredKeys: [] }),
    predictor: hostileString,
    'revalidation-budget': fc.oneof(fc.integer(), fc.constantFrom('30%', '150%', 'x')),
    update: fc.oneof(fc.constantFrom('lora', 'qlora', 'nope'), hostileString),
  },
  { requiredKeys: [] },
);

/** Edits at random places of a text: insert, delete or duplicate a span. */
const textEdits = fc.array(fc.tuple(fc.nat(), fc.nat({ max: 40 }), fc.constantFrom('insert', 'delete', 'duplicate'), fc.oneof(fc.constantFrom(...YAML_TOKENS), hostileString)), { maxLength: 6 });
function applyEdits(text: string, edits: ReadonlyArray<[number, number, string, string]>): string {
  let out = text;
  for (const [at, len, kind, piece] of edits) {
    const i = out.length === 0 ? 0 : at % (out.length + 1);
    if (kind === 'insert') out = out.slice(0, i) + piece + out.slice(i);
    else if (kind === 'delete') out = out.slice(0, i) + out.slice(i + len);
    else out = out.slice(0, i) + out.slice(i, i + len) + out.slice(i);
  }
  return out;
}

const configText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 400 }),
  fc.array(fc.constantFrom(...YAML_TOKENS), { maxLength: 60 }).map((t) => t.join('')),
  fc.tuple(configObject, textEdits).map(([obj, edits]) => applyEdits(stringify(obj), edits)),
  fc.tuple(fc.constant(syntheticConfig(3)), textEdits).map(([text, edits]) => applyEdits(text, edits)),
  // Alias bombs and deep nesting.
  fc.integer({ min: 1, max: 12 }).map((n) => `a: &a ["x","x"]\n${Array.from({ length: n }, (_, i) => `b${i}: &b${i} [${(i === 0 ? ['*a', '*a'] : [`*b${i - 1}`, `*b${i - 1}`]).join(',')}]`).join('\n')}\nmonitors: *b${n - 1}\n`),
  fc.integer({ min: 1, max: 3000 }).map((n) => `monitors: ${'['.repeat(n)}${']'.repeat(n)}\n`),
);

const FUZZ_DIR = '/fuzz/repo/.github';
export const configProperty = fc.property(configText, (text) => {
  tolerant(() => {
    const { config, diagnostics } = validateConfigText(text, path.join(FUZZ_DIR, 'monitor-gate.yml'), { root: '/fuzz/repo' });
    for (const d of diagnostics) assert.ok(d.line >= 1 && d.column >= 1, 'diagnostics are positioned');
    if (config) {
      for (const m of config.monitors) assert.ok(m.probe.startsWith('/fuzz/repo/'), `probe stays inside the root: ${m.probe}`);
      for (const m of config.monitors) if (m.labels.kind === 'file') assert.ok(m.labels.path.startsWith('/fuzz/repo/'), 'labels stay inside the root');
      if (config.predictor) assert.ok(config.predictor.startsWith('/fuzz/repo/'), 'predictor stays inside the root');
      for (const dir of [config.activations.base, config.activations.updated]) assert.ok(dir === '/fuzz/repo' || dir.startsWith('/fuzz/repo/'), 'activations stay inside the root');
    }
  });
});

export const configBytesProperty = fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
  tolerant(() => validateConfigText(configTextFromBytes(bytes, 'c.yml'), path.join(FUZZ_DIR, 'c.yml'), { root: '/fuzz/repo' }));
});

// ---------- JSON reports ----------

const PARTS = 3;
const stackConfigText = syntheticConfig(9);
const stackConfig = validateConfigText(stackConfigText, path.join(FUZZ_DIR, 'monitor-gate.yml'), { root: '/fuzz/repo' }).config as GateConfig;
const goodParts: GateReport[] = syntheticShards(9, PARTS).map((p) => ({ ...p, fingerprint: fingerprintOf(stackConfigText) }));

/** A random path into a JSON value and a replacement (or deletion) there. */
const jsonEdit = fc.tuple(fc.array(fc.nat(), { minLength: 1, maxLength: 6 }), fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constant(undefined), fc.constantFrom(1e9, -1, 0, 1.5, 257, '', null, NaN)));
function editJson(value: unknown, [steps, replacement]: [number[], unknown]): unknown {
  const root = structuredClone(value) as Record<string, unknown>;
  let node: unknown = root;
  for (let d = 0; d < steps.length; d++) {
    if (node === null || typeof node !== 'object') break;
    const keys = Object.keys(node as object);
    if (keys.length === 0) break;
    const key = keys[steps[d] % keys.length];
    if (d === steps.length - 1 || typeof (node as Record<string, unknown>)[key] !== 'object') {
      if (replacement === undefined) delete (node as Record<string, unknown>)[key];
      else (node as Record<string, unknown>)[key] = replacement;
      break;
    }
    node = (node as Record<string, unknown>)[key];
  }
  return root;
}

const reportBytes = fc.oneof(
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }) },
  { weight: 1, arbitrary: fc.tuple(fc.constant(serializeReport(goodParts[0])), textEdits).map(([t, e]) => Buffer.from(applyEdits(t, e))) },
  { weight: 6, arbitrary: fc.tuple(fc.nat({ max: PARTS - 1 }), fc.array(jsonEdit, { minLength: 1, maxLength: 3 })).map(([i, edits]) => Buffer.from(JSON.stringify(edits.reduce<unknown>((v, e) => editJson(v, e as [number[], unknown]), goodParts[i])) ?? 'null')) },
);

export const reportProperty = fc.property(reportBytes, fc.nat({ max: PARTS - 1 }), fc.boolean(), (bytes, which, withConfig) => {
  tolerant(() => {
    const part = parseReport(bytes, 'part.json');
    const parts = goodParts.map((p, i) => (i === which ? part : p));
    const merged = mergeReports(parts, { config: withConfig ? stackConfig : undefined });
    // Whatever was edited, an accepted merge never passes a stale blocking monitor.
    for (const m of merged.monitors) if (m.blocking && m.verdict === 'stale') assert.equal(merged.verdict, 'fail');
  });
});

// ---------- predictor ----------

const NOT_A_PREDICTOR = new Set([
  'predictor.json: not a monitor-gate predictor: not UTF-8 JSON (write one with monitor-gate fit-predictor)',
  'predictor.json: not a monitor-gate predictor: the file is empty (write one with monitor-gate fit-predictor)',
  'predictor.json: not a monitor-gate predictor: it has no "kind": "monitor-gate-predictor" (write one with monitor-gate fit-predictor)',
]);
const predictorBytes = fc.oneof(
  fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)),
  hostileString.map((s) => Buffer.from(s)),
  fc.jsonValue({ maxDepth: 3 }).map((v) => Buffer.from(JSON.stringify(v) ?? '')),
  fc.array(jsonEdit, { minLength: 1, maxLength: 3 }).map((edits) => Buffer.from(JSON.stringify(edits.reduce<unknown>((v, e) => editJson(v, e as [number[], unknown]), builtInPredictor())) ?? '')),
);

export const predictorProperty = fc.property(predictorBytes, (bytes) => {
  tolerant(() => {
    try {
      parsePredictor(bytes, 'predictor.json');
    } catch (error) {
      // A file that does not say it is a predictor is never quoted.
      if (error instanceof GateError && !bytes.toString('utf8').includes('monitor-gate-predictor')) assert.ok(NOT_A_PREDICTOR.has(error.toLine()), error.toLine());
      throw error;
    }
  });
});

// ---------- Markdown ----------

type MdNode = { type: string; value?: string; children?: MdNode[] };
const parseMd = (doc: string) => fromMarkdown(doc, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] }) as unknown as MdNode;
const FORBIDDEN = new Set(['link', 'image', 'linkReference', 'imageReference', 'html', 'emphasis', 'strong', 'delete', 'footnoteReference', 'footnoteDefinition', 'definition', 'inlineMath', 'math', 'break']);

function walk(node: MdNode, visit: (n: MdNode) => void): void {
  visit(node);
  for (const child of node.children ?? []) walk(child, visit);
}
const textOf = (node: MdNode): string => (node.type === 'text' || node.type === 'inlineCode' ? (node.value ?? '') : (node.children ?? []).map(textOf).join(''));

/** What the reader should see: the input on one line, controls and lone surrogates shown as escapes. */
function visible(s: string): string {
  return annotationText(s.replace(/\r\n|\r|\n/g, ' ')).split(JOINER).join('');
}
/** Only text nodes: inside a code span nothing is a mention or a reference. */
const plainTextOf = (node: MdNode): string => (node.type === 'text' ? (node.value ?? '') : node.type === 'inlineCode' ? ' ' : (node.children ?? []).map(plainTextOf).join(''));

export const markdownProperty = fc.property(hostileString, (s) => {
  const start = performance.now();
  const prose = mdText(s);
  const cellText = mdText(s);
  const cellCode = mdCode(s, { inTable: true });
  const doc = `x ${prose} y\n\n| a | b |\n|---|---|\n| ${cellText} | ${cellCode} |\n`;
  const tree = parseMd(doc);
  walk(tree, (n) => assert.ok(!FORBIDDEN.has(n.type), `no ${n.type} from ${JSON.stringify(s)}`));
  const [paragraph, table] = tree.children ?? [];
  assert.equal(paragraph?.type, 'paragraph', 'the prose stays one paragraph');
  assert.equal(table?.type, 'table', 'the table stays a table');
  assert.equal(table.children?.length, 2, 'one header row and one body row');
  const row = table.children![1];
  assert.equal(row.children?.length, 2, 'two cells: no pipe in the input split a cell');
  for (const text of [plainTextOf(paragraph), plainTextOf(row)]) {
    assert.doesNotMatch(text, /(^|[^\w])@[A-Za-z0-9]/, 'no mention');
    assert.doesNotMatch(text, /#\d/, 'no issue reference');
  }
  const code = row.children![1].children?.[0];
  assert.equal(code?.type, 'inlineCode', 'the code cell is one code span');
  if (performance.now() - start > HANG_MS) throw new Error('one input took too long');
});

/** Tighter check of the prose text: equal to the visible input, ignoring the spaces Markdown trims at the edges. */
export const markdownTextProperty = fc.property(hostileString, (s) => {
  const tree = parseMd(`x ${mdText(s)} y\n`);
  const shown = textOf(tree.children![0]).split(JOINER).join('');
  const norm = (t: string) => t.replace(/[ \t]+/g, ' ');
  assert.equal(norm(shown), norm(`x ${visible(s)} y`));
});

// ---------- log lines ----------

export const logProperty = fc.property(hostileString, (s) => {
  for (const line of [logLine(s), logLine(ortMessage(new Error(s)))]) {
    assert.doesNotMatch(line, /[\r\n\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/, 'one line, no control characters');
    assert.ok(!line.trimStart().startsWith('::'), 'no workflow command at the start');
    assert.ok(!line.includes('##['), 'no legacy workflow command');
  }
  assert.doesNotMatch(annotationText(s), /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
});

export const PROPERTIES: Record<string, fc.IRawProperty<unknown[]>> = {
  config: configProperty as fc.IRawProperty<unknown[]>,
  'config-bytes': configBytesProperty as fc.IRawProperty<unknown[]>,
  report: reportProperty as fc.IRawProperty<unknown[]>,
  predictor: predictorProperty as fc.IRawProperty<unknown[]>,
  markdown: markdownProperty as fc.IRawProperty<unknown[]>,
  'markdown-text': markdownTextProperty as fc.IRawProperty<unknown[]>,
  log: logProperty as fc.IRawProperty<unknown[]>,
};

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { runs: { type: 'string' }, only: { type: 'string', multiple: true }, seed: { type: 'string' } } });
  const runs = Number(values.runs ?? 100_000);
  const seed = values.seed !== undefined ? Number(values.seed) : Math.floor(Math.random() * 2 ** 31);
  const names = values.only ?? Object.keys(PROPERTIES);
  console.log(`fuzz: ${runs} inputs per parser, seed ${seed}`);
  let failed = 0;
  for (const name of names) {
    const property = PROPERTIES[name];
    if (!property) throw new Error(`unknown parser '${name}' (known: ${Object.keys(PROPERTIES).join(', ')})`);
    const start = performance.now();
    const result = fc.check(property, { numRuns: runs, seed, endOnFailure: true }) as fc.RunDetails<unknown[]>;
    const seconds = ((performance.now() - start) / 1000).toFixed(1);
    if (result.failed) {
      failed++;
      console.log(`${name}: FAILED after ${result.numRuns} inputs (${seconds} s)\n${fc.defaultReportMessage(result) ?? ""}\n${result.failed && result.errorInstance instanceof Error ? result.errorInstance.message : ""}`);
    } else {
      console.log(`${name}: ${result.numRuns} inputs, no crash, hang or unexpected exception (${seconds} s)`);
    }
  }
  process.exitCode = failed > 0 ? 1 : 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
