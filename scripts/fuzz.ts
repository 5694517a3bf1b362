/**
 * Property-based fuzzing (fast-check) of the parsers and escapers hostile input reaches first:
 *
 *   config       YAML config text and bytes: validateConfigText / configTextFromBytes
 *   report       JSON partial reports: parseReport, then a verifying mergeReports against a config
 *   predictor    predictor files: parsePredictor
 *   markdown     mdText / mdCode through a real GFM parser (mdast): no link, image, HTML, emphasis,
 *                mention or extra table cell, and the text reads as the input
 *   log          logLine / annotationText / ortMessage: never a workflow command, never a control character
 *   safetensors  tensor files as batches and labels are read: openTensorFile, readSmallTensor, readRowsFloat32,
 *                requireTensor on a file on disk (a valid file, then header fields, lengths, data and bytes edited)
 *   npy          the same for .npy (magic, version, header length, dict literal, descr, shape, data length)
 *   detect-safetensors  a changed weights file's header into evidence (readChangedFile, detectUpdateEvent)
 *   gguf         a changed GGUF file (magic, version, counts, key/values, string and array lengths) into evidence
 *   model-card   a changed README / model card (front matter, prose, fixtures edited) into evidence
 *   detect-config  changed configs and recipes (PEFT, transformers, torchtune, mergekit, scripts...: the
 *                detection fixtures edited, and generated documents of their keys) into evidence
 *   onnx         a probe's bytes through the pure-JS analysis (ProbeGraph: input, linear weights, first
 *                layer, logit), from small real probes (build-probe.ts) with fields or bytes edited
 *   onnx-runtime the same bytes loaded as the gate's plan loads a probe (readProbeFile, control flow refused,
 *                loadProbe from the bytes: real onnxruntime), analysed, and one 2-row chunk scored
 *
 * Each property holds when the parser returns or throws a GateError (a one-line message for the
 * user that names the file); any other exception, or one input taking longer than HANG_MS, is a
 * failure. Detection never throws: there a reader that threw (the catch-all "could not be read"),
 * a process warning (a library writing to stderr), or weights / an unreadable model file that does
 * not touch the model is the failure. Files are written to one temp folder per run, names reused.
 *
 *   npm run fuzz                      # 100,000 inputs per parser, random seed (printed)
 *   npm run fuzz -- --runs 2000 --only markdown --seed 42
 *
 * test/hostile/fuzz.test.ts runs the same properties briefly (fixed seed) inside npm test.
 *
 * Last full run (2026-12-02, at commit 40305b4, Node 20, 2 shared cores; later rebases onto main left
 * the parsers and this harness as they were), one parser per process:
 *   for n in <parser>...; do node --import tsx scripts/fuzz.ts --runs 100000 --seed 20261202 --only $n; done
 *   parser              inputs   seconds      parser          inputs   seconds
 *   safetensors        100,000      96.5      config         100,000     237.0
 *   npy                100,000     119.1      config-bytes   100,000       1.8
 *   detect-safetensors 100,000       9.5      report         100,000      17.6
 *   gguf               100,000       5.3      predictor      100,000       5.9
 *   model-card         100,000      26.4      markdown       100,000      38.5
 *   detect-config      100,000      40.6      markdown-text  100,000      17.0
 *   onnx               100,000      48.1      log            100,000       1.2
 *   onnx-runtime       100,000     296.1      (each input without control flow goes to onnxruntime)
 * all without a crash, hang or unexpected exception. The first pass with this seed found, and these
 * commits fix: multi-line messages quoting tensor names and npy descrs, safetensors names listed
 * twice, a yaml warning on stderr, a model card reader throwing on U+2028, a config key printer
 * throwing on a bad merge, and a www. autolink after '_' in Markdown.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
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
import type { GateConfig, GateReport, DType, ProbeOutput, TensorFile } from '../src/core/types.ts';
import { detectUpdateEvent, readChangedFile, type ChangedFile } from '../src/core/detect/index.ts';
import { DTYPE_ITEMSIZE, SUPPORTED_DTYPES, elementCount } from '../src/core/formats/safetensors.ts';
import { openTensorFile, readRowsFloat32, readSmallTensor, requireTensor, rowGeometry } from '../src/core/formats/tensor-file.ts';
import { buildLinearProbe, buildMlpProbe } from '../src/core/onnx/build-probe.ts';
import { onnx } from '../src/core/onnx/model.ts';
import type { onnx as OnnxTypes } from 'onnx-proto';
import { linearProbeWeights, ProbeGraph } from '../src/core/scoring/probe-graph.ts';
import { loadProbe, readProbeFile, releaseProbe, scoreChunk, type Probe } from '../src/core/scoring/probe.ts';
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

// ---------- files on disk and async parsers ----------

let scratch: string | undefined;
/** One temp folder per process; every input reuses the same few file names in it. */
export function scratchDir(): string {
  if (!scratch) {
    const dir = mkdtempSync(path.join(tmpdir(), 'monitor-gate-fuzz-'));
    scratch = dir;
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  return scratch;
}

/** As `tolerant`, for async parsers; a GateError must also name `file`. */
async function tolerantAsync(file: string | undefined, fn: () => Promise<unknown>): Promise<void> {
  const start = performance.now();
  try {
    await fn();
  } catch (error) {
    if (!(error instanceof GateError)) throw error;
    const line = error.toLine();
    assert.doesNotMatch(line, /[\r\n]/, `a GateError is one line: ${JSON.stringify(line)}`);
    if (file) assert.ok(line.includes(path.basename(file)), `the error names the file: ${line}`);
  } finally {
    const took = performance.now() - start;
    if (took > HANG_MS) throw new Error(`one input took ${Math.round(took)} ms`);
  }
}

/** Byte-level edits at random places: flip a bit, set, insert, delete or duplicate a run, truncate. */
const byteEdits = fc.array(
  // Positions without fast-check's bias to small values, which would keep every edit in the first bytes.
  fc.tuple(fc.noBias(fc.nat()), fc.constantFrom('flip', 'set', 'insert', 'delete', 'duplicate', 'truncate'), fc.integer({ min: 0, max: 255 }), fc.nat({ max: 16 })),
  { maxLength: 4 },
);
function applyByteEdits(bytes: Uint8Array, edits: ReadonlyArray<[number, string, number, number]>): Buffer {
  let out = Buffer.from(bytes);
  for (const [at, kind, byte, len] of edits) {
    const i = out.length === 0 ? 0 : at % (out.length + 1);
    if (kind === 'flip' && i < out.length) out[i] ^= 1 << (byte % 8);
    else if (kind === 'set' && i < out.length) out[i] = byte;
    else if (kind === 'insert') out = Buffer.concat([out.subarray(0, i), Buffer.alloc(len + 1, byte), out.subarray(i)]);
    else if (kind === 'delete') out = Buffer.concat([out.subarray(0, i), out.subarray(i + len + 1)]);
    else if (kind === 'duplicate') out = Buffer.concat([out.subarray(0, i), out.subarray(i, i + len + 1), out.subarray(i)]);
    else if (kind === 'truncate') out = out.subarray(0, i);
  }
  return out;
}

/** Numbers as JSON or Python text: huge, negative, fractional, overflowing, or not numbers at all. */
const WEIRD_NUMBERS = ['0', '-1', '-0', '1.5', '1e3', '1e999', '9007199254740993', '18446744073709551615', '18446744073709551616', '4294967296', '2147483648', '4611686018427387904', '-9223372036854775808', '"4"', 'null', 'true', '[]', '{}'];
const weirdNumber = fc.oneof(fc.constantFrom(...WEIRD_NUMBERS), fc.integer().map(String), fc.nat({ max: 64 }).map(String));
const weirdJson = fc.oneof(
  weirdNumber,
  fc.array(weirdNumber, { maxLength: 5 }).map((a) => `[${a.join(',')}]`),
  hostileString.map((s) => JSON.stringify(s)),
  fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v) ?? 'null'),
);

/** Reads everything a parsed tensor file offers, the way batches and labels are read. */
async function readAllTensors(tensorFile: TensorFile, size: number): Promise<void> {
  for (const info of tensorFile.tensors.values()) {
    assert.ok(info.byteOffset >= 0 && info.byteOffset + info.byteLength <= size, `tensor '${info.name}' lies inside the file`);
    // === rather than assert.equal: a shape of [-0] (JSON allows it) spans 0 bytes too.
    assert.ok(info.byteLength === (elementCount(info.shape) ?? NaN) * DTYPE_ITEMSIZE[info.dtype], `tensor '${info.name}' spans its shape`);
    await tolerantAsync(tensorFile.path, () => readSmallTensor(info, 4096));
    const { rows } = rowGeometry(info);
    if (rows > 0) await readRowsFloat32(info, 0, Math.min(rows, 2));
  }
  await tolerantAsync(tensorFile.path, async () => requireTensor(tensorFile, '\u0000 not there', 'batch'));
}

// ---------- safetensors ----------

const ST_NAMES = ['a', 'b', 'w.weight', 'model.layers.0.self_attn.q_proj.lora_A.weight', 'model.layers.0.self_attn.q_proj.lora_B.weight', 'x.qweight', 'x.g_idx', 'x.scales', 'x.qzeros', 'x.SCB', 'x.weight', '__metadata__', ''];
const ST_DTYPES = [...SUPPORTED_DTYPES, 'F8_E4M3', 'F8_E5M2', 'U16', 'U32', 'U64', 'I4', 'f32', '', 'F32 ', '__proto__', 'constructor'];
const ST_FIELDS = ['dtype', 'shape', 'data_offsets'];

interface SafetensorsPlan {
  tensors: Array<{ name: string; dtype: DType; shape: number[] }>;
  duplicates: number[];
  fieldEdits: Array<[number, string, string, string]>;
  metadata: string | null;
  lengthEdit: { kind: 'keep' } | { kind: 'delta'; d: number } | { kind: 'set'; v: bigint };
  dataEdit: number;
  bytes: Array<[number, string, number, number]>;
}

/** A valid safetensors file from `plan`, then its header fields, lengths and bytes edited. */
function buildSafetensors(plan: SafetensorsPlan): Buffer {
  const entries: Array<{ name: string; fields: Array<[string, string]>; raw?: string }> = [];
  let offset = 0;
  for (const t of plan.tensors) {
    const bytes = (elementCount(t.shape) ?? 0) * DTYPE_ITEMSIZE[t.dtype];
    entries.push({ name: t.name, fields: [['dtype', JSON.stringify(t.dtype)], ['shape', `[${t.shape.join(',')}]`], ['data_offsets', `[${offset},${offset + bytes}]`]] });
    offset += bytes;
  }
  // A repeated name: JSON.parse keeps the last entry, other readers the first.
  for (const d of plan.duplicates) if (entries.length) entries.push({ ...entries[d % entries.length], fields: [...entries[d % entries.length].fields] });
  for (const [at, kind, value, dtype] of plan.fieldEdits) {
    if (entries.length === 0) break;
    const entry = entries[at % entries.length];
    const set = (k: string, v: string) => {
      const field = entry.fields.find((f) => f[0] === k);
      if (field) field[1] = v;
      else entry.fields.push([k, v]);
    };
    if (kind === 'dtype') set('dtype', JSON.stringify(dtype));
    else if (kind === 'shape' || kind === 'data_offsets') set(kind, value);
    else if (kind === 'begin') set('data_offsets', `[${value},${offset}]`);
    else if (kind === 'end') set('data_offsets', `[0,${value}]`);
    else if (kind === 'entry') entry.raw = value;
    else if (kind === 'extra') entry.fields.push([dtype, value]);
    else if (kind === 'repeat') entry.fields.push([ST_FIELDS[at % 3], value]);
    else if (kind === 'drop' && entry.fields.length) entry.fields.splice(at % entry.fields.length, 1);
  }
  const parts = entries.map((e) => `${JSON.stringify(e.name)}:${e.raw ?? `{${e.fields.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`}`);
  if (plan.metadata !== null) parts.unshift(`"__metadata__":${plan.metadata}`);
  let header = Buffer.from(`{${parts.join(',')}}`, 'utf8');
  if (header.length % 8) header = Buffer.concat([header, Buffer.alloc(8 - (header.length % 8), 0x20)]);
  const prefix = Buffer.alloc(8);
  const e = plan.lengthEdit;
  const length = e.kind === 'keep' ? BigInt(header.length) : e.kind === 'delta' ? BigInt(Math.max(0, header.length + e.d)) : e.v;
  prefix.writeBigUInt64LE(length);
  const data = Buffer.alloc(Math.max(0, offset + plan.dataEdit));
  for (let i = 0; i < data.length; i++) data[i] = (i * 37 + 11) & 0xff;
  return applyByteEdits(Buffer.concat([prefix, header, data]), plan.bytes);
}

const lengthEdit = fc.oneof(
  { weight: 6, arbitrary: fc.constant({ kind: 'keep' as const }) },
  { weight: 2, arbitrary: fc.integer({ min: -9, max: 9 }).map((d) => ({ kind: 'delta' as const, d })) },
  { weight: 1, arbitrary: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map((v) => ({ kind: 'set' as const, v })) },
  { weight: 1, arbitrary: fc.constantFrom(2n ** 64n - 1n, 2n ** 63n, 2n ** 53n + 1n, 2n ** 32n, 0n, 1n, 2n, 100_000_001n).map((v) => ({ kind: 'set' as const, v })) },
);
const safetensorsPlan: fc.Arbitrary<SafetensorsPlan> = fc.record({
  tensors: fc.array(
    fc.record({
      name: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...ST_NAMES) }, { weight: 1, arbitrary: hostileString }),
      dtype: fc.constantFrom(...SUPPORTED_DTYPES),
      shape: fc.array(fc.nat({ max: 4 }), { maxLength: 3 }),
    }),
    { maxLength: 4 },
  ),
  duplicates: fc.oneof({ weight: 4, arbitrary: fc.constant<number[]>([]) }, { weight: 1, arbitrary: fc.array(fc.nat(), { minLength: 1, maxLength: 2 }) }),
  fieldEdits: fc.array(fc.tuple(fc.nat(), fc.constantFrom('dtype', 'shape', 'data_offsets', 'begin', 'end', 'entry', 'extra', 'repeat', 'drop'), weirdJson, fc.constantFrom(...ST_DTYPES)), { maxLength: 3 }),
  metadata: fc.oneof(
    { weight: 3, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 }), { maxKeys: 3 }).map((d) => JSON.stringify(d)) },
    { weight: 1, arbitrary: weirdJson },
  ),
  lengthEdit,
  dataEdit: fc.oneof({ weight: 4, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: -16, max: 16 }) }),
  bytes: fc.oneof({ weight: 2, arbitrary: fc.constant<Array<[number, string, number, number]>>([]) }, { weight: 1, arbitrary: byteEdits }),
});
const safetensorsBytes = fc.oneof({ weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)) }, { weight: 9, arbitrary: safetensorsPlan.map(buildSafetensors) });

export const safetensorsProperty = fc.asyncProperty(safetensorsBytes, async (bytes) => {
  const file = path.join(scratchDir(), 'batch.safetensors');
  writeFileSync(file, bytes);
  let parsed: TensorFile | undefined;
  await tolerantAsync(file, async () => {
    parsed = await openTensorFile(file);
  });
  if (parsed) await readAllTensors(parsed, bytes.length);
});

// ---------- npy ----------

const NPY_DESCRS = ['<f4', '<f8', '<f2', '<i8', '<i4', '<i2', '|i1', '|u1', '|b1', '>f4', '>i8', '>u1', '=f4', 'f4', '<u2', '<c8', '|O', 'O', '<U10', '|S3', '<M8[ns]', '', '<f16', '<'];
const NPY_SHAPES = ['()', '(,)', '[]', '[2, 3]', '(2)', '((2,),)', 'None', "'3'", '(-1,)', '(18446744073709551616,)', '(9007199254740993,)', '(4294967296, 4294967296)', '(1.5,)', '(1e3,)', '(+3,)', '(3L,)', '{}', '(0, 9007199254740991)'];
const PY_TOKENS = ['{', '}', '(', ')', '[', ']', ':', ',', "'", '"', '\\', '\\x4', '\\u00e9', 'True', 'False', 'None', 'descr', 'shape', 'fortran_order', '\n', ' ', '1', '-', '+', 'L', '.', 'e'];

interface NpyPlan {
  descr: string;
  fortran: string;
  shape: number[] | string;
  keys: Array<[number, string, string]>;
  text: Array<[number, number, string, string]>;
  version: [number, number];
  lengthEdit: number | null;
  dataEdit: number;
  bytes: Array<[number, string, number, number]>;
}

function buildNpy(plan: NpyPlan): Buffer {
  const shapeText = typeof plan.shape === 'string' ? plan.shape : plan.shape.length === 1 ? `(${plan.shape[0]},)` : `(${plan.shape.join(', ')})`;
  const items: Array<[string, string]> = [
    ['descr', `'${plan.descr}'`],
    ['fortran_order', plan.fortran],
    ['shape', shapeText],
  ];
  for (const [at, kind, value] of plan.keys) {
    if (kind === 'drop' && items.length) items.splice(at % items.length, 1);
    else if (kind === 'repeat' && items.length) items.push([items[at % items.length][0], value]);
    else if (kind === 'extra') items.push([value.replace(/'/g, ''), value]);
  }
  const dict = applyEdits(`{${items.map(([k, v]) => `'${k}': ${v}`).join(', ')}, }`, plan.text);
  const [major, minor] = plan.version;
  const prefixLength = major === 1 ? 10 : 12;
  const body = Buffer.from(dict, major === 3 ? 'utf8' : 'latin1');
  const total = Math.ceil((prefixLength + body.length + 1) / 64) * 64;
  const header = Buffer.alloc(total, 0x20);
  Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, major, minor]).copy(header, 0);
  const headerLength = plan.lengthEdit ?? total - prefixLength;
  if (major === 1) header.writeUInt16LE(headerLength & 0xffff, 8);
  else header.writeUInt32LE(headerLength >>> 0, 8);
  body.copy(header, prefixLength);
  header[total - 1] = 0x0a;
  const itemSize = Number(/\d+$/.exec(plan.descr)?.[0] ?? 4) || 4;
  const count = typeof plan.shape === 'string' ? 1 : (elementCount(plan.shape) ?? 0);
  const data = Buffer.alloc(Math.max(0, Math.min(count * itemSize, 1 << 16) + plan.dataEdit));
  for (let i = 0; i < data.length; i++) data[i] = (i * 37 + 11) & 0xff;
  return applyByteEdits(Buffer.concat([header, data]), plan.bytes);
}

const npyPlan: fc.Arbitrary<NpyPlan> = fc.record({
  descr: fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...NPY_DESCRS) }, { weight: 1, arbitrary: hostileString }),
  fortran: fc.constantFrom('False', 'False', 'False', 'True', '0', 'None', "'False'", 'false'),
  shape: fc.oneof({ weight: 4, arbitrary: fc.array(fc.nat({ max: 5 }), { maxLength: 3 }) }, { weight: 1, arbitrary: fc.constantFrom(...NPY_SHAPES) }, { weight: 1, arbitrary: fc.array(weirdNumber, { maxLength: 3 }).map((a) => `(${a.join(', ')},)`) }),
  keys: fc.array(fc.tuple(fc.nat(), fc.constantFrom('drop', 'repeat', 'extra', 'keep', 'keep'), fc.oneof(fc.constantFrom(...NPY_SHAPES, "'<f4'", 'True', '{1: 2}', '[(1, 2)]'), hostileString.map((s) => `'${s}'`))), { maxLength: 2 }),
  text: fc.oneof(
    { weight: 3, arbitrary: fc.constant<Array<[number, number, string, string]>>([]) },
    { weight: 1, arbitrary: fc.array(fc.tuple(fc.nat(), fc.nat({ max: 8 }), fc.constantFrom('insert', 'delete', 'duplicate'), fc.oneof(fc.constantFrom(...PY_TOKENS), hostileString)), { minLength: 1, maxLength: 3 }) },
  ),
  version: fc.oneof({ weight: 15, arbitrary: fc.constantFrom<[number, number]>([1, 0], [2, 0], [3, 0]) }, { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 })) }),
  lengthEdit: fc.oneof({ weight: 6, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.oneof(fc.nat({ max: 300 }), fc.constantFrom(0, 0xffff, 0xffffffff, 2 ** 31)) }),
  dataEdit: fc.oneof({ weight: 4, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: -16, max: 16 }) }),
  bytes: fc.oneof({ weight: 2, arbitrary: fc.constant<Array<[number, string, number, number]>>([]) }, { weight: 1, arbitrary: byteEdits }),
});
/** Close to what np.save writes: a valid header, then only the data length or a few bytes edited. */
const nearValidNpyPlan: fc.Arbitrary<NpyPlan> = fc.record({
  descr: fc.constantFrom('<f4', '<f8', '<f2', '<i8', '<i4', '<i2', '|i1', '|u1', '|b1', '>u1', '=f4'),
  fortran: fc.constantFrom('False', 'True'),
  shape: fc.array(fc.nat({ max: 5 }), { maxLength: 3 }),
  keys: fc.constant([]),
  text: fc.constant([]),
  version: fc.constantFrom<[number, number]>([1, 0], [2, 0], [3, 0]),
  lengthEdit: fc.constant(null),
  dataEdit: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: -8, max: 8 }) }),
  bytes: fc.oneof({ weight: 3, arbitrary: fc.constant<Array<[number, string, number, number]>>([]) }, { weight: 1, arbitrary: byteEdits }),
});
const npyBytes = fc.oneof(
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.concat([Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]), b])) },
  { weight: 6, arbitrary: npyPlan.map(buildNpy) },
  { weight: 3, arbitrary: nearValidNpyPlan.map(buildNpy) },
);

export const npyProperty = fc.asyncProperty(npyBytes, async (bytes) => {
  const file = path.join(scratchDir(), 'labels.npy');
  writeFileSync(file, bytes);
  let parsed: TensorFile | undefined;
  await tolerantAsync(file, async () => {
    parsed = await openTensorFile(file);
  });
  if (parsed) await readAllTensors(parsed, bytes.length);
});

// ---------- detection: a changed file's bytes into evidence ----------

function changedFile(filePath: string, bytes: Uint8Array, base?: Uint8Array, status: ChangedFile['status'] = base ? 'modified' : 'added'): ChangedFile {
  return {
    path: filePath,
    status,
    size: bytes.length,
    read: async () => bytes,
    readHead: async (n) => bytes.subarray(0, n),
    readBase: base ? async (n) => (n === undefined ? base : base.subarray(0, n)) : undefined,
  };
}

/** The catch-all of readChangedFile: a reader threw, which for bytes in memory is a bug. */
const READER_THREW = /^could not be read: |\); could not be read: /;

/** Process warnings (a library's process.emitWarning reaches stderr, unescaped, with whatever it quotes). */
const processWarnings: string[] = [];
process.on('warning', (warning) => processWarnings.push(warning.message));

/** Detection of one changed file: never throws, no reader throws, no hang, nothing on stderr; weights always touch the model. */
async function checkDetection(file: ChangedFile, options: { mustTouch?: boolean } = {}): Promise<void> {
  const warned = processWarnings.length;
  const start = performance.now();
  const outcome = await readChangedFile(file);
  const took = performance.now() - start;
  if (took > HANG_MS) throw new Error(`one input took ${Math.round(took)} ms`);
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(processWarnings.length, warned, `${file.path}: a process warning: ${processWarnings.slice(warned).join('; ')}`);
  for (const item of [...outcome.touches, ...outcome.skips, ...outcome.claims]) {
    assert.equal(typeof item.reason, 'string');
    assert.doesNotMatch(item.reason, READER_THREW, `a reader threw on ${file.path}: ${item.reason}`);
    assert.ok(Number.isInteger(item.line) && item.line >= 1, `evidence is positioned: ${item.line}`);
  }
  if (options.mustTouch) assert.ok(outcome.claims.length + outcome.touches.length > 0, `${file.path} is weights or unreadable, so it touches the model: ${JSON.stringify(outcome.skips)}`);
  const event = await detectUpdateEvent([file]);
  assert.ok(event.family !== 'none' || !options.mustTouch, `${file.path}: detection says no model update`);
}

const baseSafetensors = buildSafetensors({ tensors: [{ name: 'model.layers.0.mlp.weight', dtype: 'BF16', shape: [2, 2] }], duplicates: [], fieldEdits: [], metadata: null, lengthEdit: { kind: 'keep' }, dataEdit: 0, bytes: [] });
const ST_PATHS = ['model.safetensors', 'adapter_model.safetensors', 'model-00001-of-00002.safetensors'];

export const detectSafetensorsProperty = fc.asyncProperty(safetensorsBytes, fc.constantFrom(...ST_PATHS), fc.boolean(), async (bytes, name, withBase) => {
  await checkDetection(changedFile(name, bytes, withBase ? baseSafetensors : undefined), { mustTouch: true });
});

// ---------- GGUF ----------

interface GgufKv {
  key: string;
  type: number;
  value: number | bigint | string;
  itemType: number;
  count: number | bigint;
}
interface GgufPlan {
  magic: string;
  version: number;
  tensors: bigint;
  kvCount: number | bigint | null;
  kvs: GgufKv[];
  strLength: number | bigint | null;
  bytes: Array<[number, string, number, number]>;
}

function ggufBytes(plan: GgufPlan): Buffer {
  const long = plan.version >= 2;
  const chunks: Buffer[] = [];
  const u32 = (v: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(v >>> 0);
    chunks.push(b);
  };
  const u64 = (v: bigint | number) => {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt.asUintN(64, BigInt(v)));
    chunks.push(b);
  };
  const len = (v: bigint | number) => (long ? u64(v) : u32(Number(BigInt.asUintN(32, BigInt(v)))));
  const str = (s: string, override?: number | bigint | null) => {
    const b = Buffer.from(s, 'utf8');
    len(override ?? b.length);
    chunks.push(b);
  };
  const scalar = (type: number, value: number | bigint | string) => {
    const n = typeof value === 'string' ? value.length : Number(value);
    const b = Buffer.alloc(8);
    if (type === 0 || type === 1 || type === 7) chunks.push(Buffer.from([n & 0xff]));
    else if (type === 2 || type === 3) chunks.push(Buffer.from([n & 0xff, (n >> 8) & 0xff]));
    else if (type === 4 || type === 5) u32(n);
    else if (type === 6) {
      b.writeFloatLE(n);
      chunks.push(b.subarray(0, 4));
    } else if (type === 8) str(String(value), plan.strLength);
    else if (type === 10 || type === 11) u64(typeof value === 'bigint' ? value : BigInt(Number.isFinite(n) ? Math.trunc(n) : 0));
    else if (type === 12) {
      b.writeDoubleLE(n);
      chunks.push(b);
    } else u32(n);
  };
  chunks.push(Buffer.from(plan.magic, 'latin1'));
  u32(plan.version);
  long ? u64(plan.tensors) : u32(Number(BigInt.asUintN(32, plan.tensors)));
  len(plan.kvCount ?? plan.kvs.length);
  for (const kv of plan.kvs) {
    str(kv.key);
    u32(kv.type);
    if (kv.type === 9) {
      u32(kv.itemType);
      len(kv.count);
      const n = Math.min(Number(kv.count), 8);
      for (let i = 0; i < n; i++) scalar(kv.itemType, kv.value);
    } else scalar(kv.type, kv.value);
  }
  return applyByteEdits(Buffer.concat(chunks), plan.bytes);
}

const ggufKv: fc.Arbitrary<GgufKv> = fc.record({
  key: fc.oneof({ weight: 3, arbitrary: fc.constantFrom('general.file_type', 'general.name', 'general.architecture', 'general.quantization_version', 'tokenizer.ggml.tokens') }, { weight: 1, arbitrary: hostileString }),
  type: fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 0, max: 12 }) }, { weight: 1, arbitrary: fc.constantFrom(13, 99, 0xffffffff) }),
  value: fc.oneof(fc.integer({ min: -1, max: 40 }), fc.constantFrom(2 ** 31, 2 ** 32 - 1, NaN, Infinity, 1e300), fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), hostileString),
  itemType: fc.oneof(fc.integer({ min: 0, max: 12 }), fc.constantFrom(9, 13)),
  count: fc.oneof(fc.nat({ max: 8 }), fc.constantFrom(2 ** 32 - 1, 2 ** 53, 2n ** 63n, 2n ** 64n - 1n)),
});
const ggufPlan: fc.Arbitrary<GgufPlan> = fc.record({
  magic: fc.constantFrom('GGUF', 'GGUF', 'GGUF', 'GGUF', 'GGML', 'FUGG', 'GGU'),
  version: fc.oneof({ weight: 6, arbitrary: fc.constantFrom(1, 2, 3) }, { weight: 1, arbitrary: fc.constantFrom(0, 4, 2 ** 32 - 1) }),
  tensors: fc.oneof(fc.bigInt({ min: 0n, max: 300n }), fc.constantFrom(2n ** 64n - 1n, 2n ** 53n)),
  kvCount: fc.oneof({ weight: 5, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.oneof(fc.nat({ max: 20 }), fc.constantFrom(2 ** 32 - 1, 2 ** 53, 2n ** 64n - 1n)) }),
  kvs: fc.array(ggufKv, { maxLength: 5 }),
  strLength: fc.oneof({ weight: 8, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.oneof(fc.nat({ max: 64 }), fc.constantFrom(2 ** 20 + 1, 2 ** 32 - 1, 2n ** 63n, 2n ** 64n - 1n)) }),
  bytes: fc.oneof({ weight: 2, arbitrary: fc.constant<Array<[number, string, number, number]>>([]) }, { weight: 1, arbitrary: byteEdits }),
});
const ggufInput = fc.oneof({ weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.concat([Buffer.from('GGUF'), b])) }, { weight: 9, arbitrary: ggufPlan.map(ggufBytes) });

export const ggufProperty = fc.asyncProperty(ggufInput, fc.constantFrom('model.gguf', 'model.Q4_K_M.gguf', 'phi-4-f16.gguf', 'weights.bin'), async (bytes, name) => {
  await checkDetection(changedFile(name, bytes), { mustTouch: true });
});

// ---------- model cards and recipes ----------

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'test', 'fixtures', 'detect');
/** Every detection fixture but the expected outcomes: [path as committed, bytes]. */
function detectFixtures(): Array<[string, Buffer]> {
  const out: Array<[string, Buffer]> = [];
  for (const tool of readdirSync(FIXTURES)) {
    for (const example of readdirSync(path.join(FIXTURES, tool))) {
      const dir = path.join(FIXTURES, tool, example);
      for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
        if (!entry.isFile() || entry.name === 'expected.json') continue;
        const full = path.join(entry.parentPath, entry.name);
        out.push([path.relative(dir, full).split(path.sep).join('/'), readFileSync(full)]);
      }
    }
  }
  return out.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}
const fixtures = detectFixtures();
const cardFixtures = fixtures.filter(([p]) => p.toLowerCase().endsWith('.md'));
const configFixtures = fixtures.filter(([p]) => !/\.(md|gguf|safetensors)$/i.test(p));

const CARD_WORDS = [
  'QLoRA', 'LoRA', 'fine-tuned', 'finetuned from', 'merged', 'merge of', 'quantized', '4-bit', '8-bit', 'GGUF', 'nf4', 'Q4_K_M', 'GPTQ', 'AWQ', 'base model', 'adapter', 'r=16',
  'rank 8', 'mergekit', 'slerp', 'This model is a fine-tuned version of', 'This model was merged', 'not quantized', 'trained with', 'bitsandbytes', 'peft', 'DoRA', 'full fine-tune',
  '\n', '\n\n', '## ', '```yaml\n', '```\n', '| a | b |\n', '<!--', '-->', '---\n', ' ',
];
const FRONT_MATTER_KEYS = ['base_model', 'base_model_relation', 'library_name', 'tags', 'license', 'datasets', 'quantized_by', 'model-index', 'pipeline_tag', 'model_name', 'inference'];
const frontMatter = fc.dictionary(fc.constantFrom(...FRONT_MATTER_KEYS), fc.oneof(fc.constantFrom('meta-llama/Llama-3.1-8B', 'adapter', 'merge', 'quantized', 'finetune', 'peft', 'transformers', 'gguf'), fc.array(fc.constantFrom('lora', 'qlora', 'merge', 'gguf', '4-bit'), { maxLength: 3 }), hostileString, fc.jsonValue({ maxDepth: 2 })), { maxKeys: 5 });
const cardText = fc.oneof(
  fc.tuple(fc.constantFrom(...cardFixtures.map(([, b]) => b.toString('utf8'))), textEdits).map(([t, e]) => applyEdits(t, e)),
  fc.tuple(frontMatter, fc.array(fc.oneof(fc.constantFrom(...CARD_WORDS), hostileString), { maxLength: 30 }), textEdits).map(([fm, words, e]) => applyEdits(`---\n${stringify(fm)}---\n${words.join(' ')}\n`, e)),
  fc.array(fc.oneof(fc.constantFrom(...CARD_WORDS, ...YAML_TOKENS)), { maxLength: 80 }).map((t) => t.join('')),
);
const cardBytes = fc.oneof({ weight: 8, arbitrary: cardText.map((t) => Buffer.from(t, 'utf8')) }, { weight: 1, arbitrary: fc.tuple(cardText.map((t) => Buffer.from(t)), byteEdits).map(([b, e]) => applyByteEdits(b, e)) }, { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)) });

/** Not UTF-8 text (or NUL bytes): a file detection must count as touching the model when it could carry settings. */
function undecodable(bytes: Uint8Array): boolean {
  if (bytes.includes(0)) return true;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return false;
  } catch {
    return true;
  }
}

export const modelCardProperty = fc.asyncProperty(cardBytes, fc.constantFrom('README.md', 'MODEL_CARD.md', 'docs/model.md'), async (bytes, name) => {
  await checkDetection(changedFile(name, bytes), { mustTouch: undecodable(bytes) && name === 'README.md' });
});

const RECIPE_KEYS = [
  'lora_r', 'r', 'lora_alpha', 'lora_dropout', 'target_modules', 'peft_type', 'task_type', 'base_model_name_or_path', 'base_model', 'model_name_or_path', 'adapter', 'finetuning_type',
  'quantization_config', 'quant_method', 'bits', 'load_in_4bit', 'load_in_8bit', 'bnb_4bit_quant_type', 'group_size', 'merge_method', 'models', 'slices', 'sources', 'layer_range',
  'parameters', 'weight', 'density', 'dtype', 'torch_dtype', 'learning_rate', 'num_train_epochs', 'max_steps', 'model', '_component_', 'checkpointer', 'lora_rank', 'lora_attn_modules',
  'architectures', 'model_type', 'use_dora', 'layers_to_transform', 'modules_to_save', 'init_lora_weights', 'tokenizer', 'dataset', 'output_dir', 'steps', 'run', 'command',
];
const recipeValue = fc.oneof(
  fc.constantFrom('lora', 'qlora', 'LORA', 'nf4', 'gptq', 'awq', 'bitsandbytes', 'slerp', 'ties', 'linear', 'meta-llama/Llama-3.1-8B', 'q_proj', 'all-linear', 'torchtune.models.llama3.lora_llama3_8b', 'python train.py --lora_r 8 --load_in_4bit'),
  fc.integer({ min: -2, max: 70 }),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  hostileString,
);
const recipeObject: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  node: fc.dictionary(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...RECIPE_KEYS) }, { weight: 1, arbitrary: hostileString }), fc.oneof({ weight: 3, arbitrary: recipeValue }, { weight: 1, arbitrary: tie('node') }, { weight: 1, arbitrary: fc.array(fc.oneof(recipeValue, tie('node')), { maxLength: 3 }) }), { maxKeys: 6 }),
})).node;
const CONFIG_PATHS = ['adapter_config.json', 'config.json', 'quantize_config.json', 'recipe.yaml', 'mergekit.yml', 'train.sh', 'lora.toml', 'train.py', 'setup.cfg', 'Makefile', 'Dockerfile', 'configs/llama3_lora.yaml', 'params.json', 'notes.txt'];
const configInput = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(fc.nat({ max: configFixtures.length - 1 }), textEdits).map(([i, e]) => [configFixtures[i][0], Buffer.from(applyEdits(configFixtures[i][1].toString('utf8'), e))] as [string, Buffer]) },
  { weight: 1, arbitrary: fc.tuple(fc.nat({ max: configFixtures.length - 1 }), byteEdits).map(([i, e]) => [configFixtures[i][0], applyByteEdits(configFixtures[i][1], e)] as [string, Buffer]) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...CONFIG_PATHS), recipeObject, fc.boolean()).map(([p, obj, yaml]) => [p, Buffer.from(yaml || /\.ya?ml$/.test(p) ? stringify(obj) : JSON.stringify(obj))] as [string, Buffer]) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...CONFIG_PATHS), fc.uint8Array({ maxLength: 200 })).map(([p, b]) => [p, Buffer.from(b)] as [string, Buffer]) },
);
const MUST_TOUCH_WHEN_UNREADABLE = new Set(['adapter_config.json', 'config.json', 'quantize_config.json', 'recipe.yaml', 'mergekit.yml']);

export const detectConfigProperty = fc.asyncProperty(configInput, fc.boolean(), async ([name, bytes], withBase) => {
  const base = withBase ? (fixtures.find(([p]) => p === name)?.[1] ?? undefined) : undefined;
  await checkDetection(changedFile(name, bytes, base), { mustTouch: undecodable(bytes) && MUST_TOUCH_WHEN_UNREADABLE.has(name) });
});

// ---------- ONNX probes ----------

const probeSeeds: Uint8Array[] = [
  buildLinearProbe({ output: 'probability', weights: [0.5, -1, 2, 0.25], bias: 0.1 }),
  buildLinearProbe({ output: 'logit', weights: [1, 2, 3, 4], bias: -1 }),
  buildLinearProbe({ output: 'two-class', weights: [1, -1, 1, -1], bias: 0 }),
  buildMlpProbe({ output: 'probability', w1: [1, 0, 0, 1, 1, 0, 0, 1], b1: [0, 0], w2: [1, -1], b2: 0 }),
];
const OUTPUTS: ProbeOutput[] = ['probability', 'logit', 'two-class'];
/** Ops a probe's nodes are renamed to; control flow (refused before onnxruntime) but no shape-expanding ops. */
const OPS = ['Loop', 'If', 'Scan', 'Gemm', 'MatMul', 'Add', 'Sub', 'Mul', 'Div', 'Neg', 'Sigmoid', 'Tanh', 'Relu', 'Softmax', 'LogSoftmax', 'Concat', 'Reshape', 'Identity', 'Cast', 'Flatten', 'Squeeze', 'Unsqueeze', 'Transpose', 'Abs', 'Exp', 'Log', 'ReduceSum', 'ArgMax', 'Shape', 'Size', 'Constant', 'NoSuchOp', ''];
const WEIRD_INTS = [0, 1, -1, 2, 4, 5, 2 ** 31 - 1, 2 ** 31, 2 ** 32 + 1, 2 ** 53, -(2 ** 53), 1e15];
const weirdInt = fc.oneof(fc.constantFrom(...WEIRD_INTS), fc.integer({ min: -3, max: 64 }));

type OnnxEdit = [string, number, number, number, string];
const onnxEdits = fc.array(
  fc.tuple(
    fc.constantFrom('dims', 'rawData', 'dataType', 'initName', 'inputDim', 'inputType', 'inputName', 'op', 'nodeInput', 'nodeOutput', 'attr', 'opset', 'irVersion', 'dropNode', 'dupNode', 'dropInit', 'output', 'outputDim', 'domain', 'external'),
    fc.nat(),
    fc.nat(),
    weirdInt,
    fc.oneof(fc.constantFrom(...OPS, 'activations', 'probability', 'W', 'B', 'ai.onnx.ml', 'com.microsoft'), hostileString),
  ),
  { minLength: 1, maxLength: 4 },
);

/** Edits a decoded probe in place: dims, data, types, names, ops, attributes, opsets. */
function editModel(model: OnnxTypes.ModelProto, edits: readonly OnnxEdit[]): void {
  const graph = model.graph!;
  graph.initializer ??= [];
  graph.node ??= [];
  graph.input ??= [];
  graph.output ??= [];
  model.opsetImport ??= [];
  const pick = <T>(list: T[] | null | undefined, i: number): T | undefined => (list && list.length ? list[i % list.length] : undefined);
  for (const [kind, i, j, n, s] of edits) {
    const init = pick(graph.initializer, i);
    const node = pick(graph.node, i) as OnnxTypes.NodeProto | undefined;
    const input = pick(graph.input, i);
    const output = pick(graph.output, i);
    switch (kind) {
      case 'dims':
        if (init) {
          init.dims ??= [];
          if (init.dims.length === 0 || j % 3 === 0) init.dims.push(n);
          else init.dims[j % init.dims.length] = n;
        }
        break;
      case 'rawData':
        if (init?.rawData) init.rawData = init.rawData.subarray(0, j % (init.rawData.length + 2));
        break;
      case 'dataType':
        if (init) init.dataType = ((n % 32) + 32) % 32;
        break;
      case 'initName':
        if (init) init.name = j % 2 ? s : (pick(graph.initializer, j)?.name ?? s);
        break;
      case 'inputDim': {
        const dims = input?.type?.tensorType?.shape?.dim;
        if (dims && dims.length) dims[j % dims.length] = j % 3 === 0 ? onnx.TensorShapeProto.Dimension.create({ dimParam: s }) : onnx.TensorShapeProto.Dimension.create({ dimValue: n });
        else if (dims) dims.push(onnx.TensorShapeProto.Dimension.create({ dimValue: n }));
        break;
      }
      case 'inputType':
        if (input?.type?.tensorType) input.type.tensorType.elemType = ((n % 32) + 32) % 32;
        else if (input) input.type = onnx.TypeProto.create({ sequenceType: { elemType: { tensorType: { elemType: 1 } } } });
        break;
      case 'inputName':
        if (input) input.name = j % 2 ? s : (pick(graph.initializer, j)?.name ?? s);
        break;
      case 'op':
        if (node) node.opType = OPS[j % OPS.length];
        break;
      case 'nodeInput':
        if (node) {
          const names = [...graph.initializer.map((t) => t.name ?? ''), ...graph.node.flatMap((m) => m.output ?? []), s, ''];
          if (j % 4 === 0) node.input.push(names[(n >>> 0) % names.length] ?? s);
          else node.input[j % Math.max(1, node.input.length)] = names[(j >>> 2) % names.length];
        }
        break;
      case 'nodeOutput':
        if (node) node.output[j % Math.max(1, node.output.length)] = pick([...graph.node.flatMap((m) => m.input ?? []), s], j) ?? s;
        break;
      case 'attr':
        if (node) {
          const names = ['transA', 'transB', 'axis', 'alpha', 'beta', 'to', 'perm', 'keepdims', s];
          const name = names[j % names.length];
          const type = [onnx.AttributeProto.AttributeType.INT, onnx.AttributeProto.AttributeType.FLOAT, onnx.AttributeProto.AttributeType.INTS, onnx.AttributeProto.AttributeType.STRING][(j >>> 3) % 4];
          node.attribute.push(onnx.AttributeProto.create({ name, type, i: n, f: n, ints: [n, n], s: new TextEncoder().encode(s) }));
        }
        break;
      case 'opset':
        if (model.opsetImport.length) model.opsetImport[j % model.opsetImport.length].version = n;
        else model.opsetImport.push(onnx.OperatorSetIdProto.create({ domain: '', version: n }));
        break;
      case 'irVersion':
        model.irVersion = n;
        break;
      case 'dropNode':
        if (graph.node.length) graph.node.splice(i % graph.node.length, 1);
        break;
      case 'dupNode':
        if (node) graph.node.splice(j % (graph.node.length + 1), 0, onnx.NodeProto.decode(onnx.NodeProto.encode(node).finish()));
        break;
      case 'dropInit':
        if (graph.initializer.length) graph.initializer.splice(i % graph.initializer.length, 1);
        break;
      case 'output':
        if (output) output.name = j % 2 ? s : (pick(graph.input, j)?.name ?? pick(graph.initializer, j)?.name ?? s);
        break;
      case 'outputDim': {
        const dims = output?.type?.tensorType?.shape?.dim;
        if (dims && dims.length) dims[j % dims.length] = onnx.TensorShapeProto.Dimension.create({ dimValue: n });
        break;
      }
      case 'domain':
        if (node) node.domain = s;
        break;
      case 'external':
        if (init) {
          init.dataLocation = onnx.TensorProto.DataLocation.EXTERNAL;
          init.externalData = [onnx.StringStringEntryProto.create({ key: 'location', value: j % 2 ? s : '../../../../etc/passwd' })];
        }
        break;
    }
  }
}

const onnxBytes = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(fc.nat({ max: probeSeeds.length - 1 }), onnxEdits).map(([i, edits]) => {
    const model = onnx.ModelProto.decode(probeSeeds[i]);
    editModel(model, edits);
    return new Uint8Array(onnx.ModelProto.encode(model).finish());
  }) },
  { weight: 2, arbitrary: fc.tuple(fc.nat({ max: probeSeeds.length - 1 }), byteEdits).map(([i, e]) => new Uint8Array(applyByteEdits(probeSeeds[i], e))) },
  { weight: 1, arbitrary: fc.tuple(fc.nat({ max: probeSeeds.length - 1 }), onnxEdits, byteEdits).map(([i, edits, e]) => {
    const model = onnx.ModelProto.decode(probeSeeds[i]);
    editModel(model, edits);
    return new Uint8Array(applyByteEdits(onnx.ModelProto.encode(model).finish(), e));
  }) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }) },
);

/** The pure-JS analysis every probe gets (scoring's stacking, direction finding, repair folding). */
function analyseProbe(bytes: Uint8Array, file: string, output: ProbeOutput): void {
  const graph = ProbeGraph.fromBytes(bytes, file);
  const width = 4;
  void graph.controlFlow;
  void graph.input;
  graph.linearWeights(width);
  graph.firstLayer(width);
  for (const name of [...(graph.model?.graph?.output ?? []).map((o) => o.name ?? ''), 'probability', '']) graph.logit(name, output);
  linearProbeWeights(bytes, width);
  tolerant(() => graph.editableCopy());
}

export const onnxProperty = fc.property(onnxBytes, fc.constantFrom(...OUTPUTS), (bytes, output) => {
  tolerant(() => analyseProbe(bytes, 'probe.onnx', output));
});

/**
 * Through real onnxruntime as the gate's plan loads a probe (readProbeFile, ProbeGraph, control flow
 * refused, loadProbe from the bytes), then the analysis and one small chunk scored.
 */
export const onnxRuntimeProperty = fc.asyncProperty(onnxBytes, fc.constantFrom(...OUTPUTS), async (written, output) => {
  const file = path.join(scratchDir(), 'probe.onnx');
  writeFileSync(file, written);
  let probe: Probe | undefined;
  await tolerantAsync(file, async () => {
    const bytes = await readProbeFile(file, scratchDir());
    tolerant(() => analyseProbe(bytes, file, output));
    if (ProbeGraph.fromBytes(bytes, file).controlFlow) return;
    probe = await loadProbe(file, output, { provider: 'cpu', bytes, timeLimitS: 10 });
  });
  if (!probe) return;
  try {
    const width = probe.width ?? 4;
    if (width <= 4096) {
      const chunk = { start: 0, rows: 2, data: new Float32Array(2 * width).fill(0.5) };
      await tolerantAsync(file, () => scoreChunk(probe!, chunk, { file: 'batch.safetensors', tensor: 'x', width }));
    }
  } finally {
    await releaseProbe(probe);
  }
});

export const PROPERTIES: Record<string, fc.IRawProperty<unknown[]>> = {
  config: configProperty as fc.IRawProperty<unknown[]>,
  'config-bytes': configBytesProperty as fc.IRawProperty<unknown[]>,
  report: reportProperty as fc.IRawProperty<unknown[]>,
  predictor: predictorProperty as fc.IRawProperty<unknown[]>,
  markdown: markdownProperty as fc.IRawProperty<unknown[]>,
  'markdown-text': markdownTextProperty as fc.IRawProperty<unknown[]>,
  log: logProperty as fc.IRawProperty<unknown[]>,
  safetensors: safetensorsProperty as unknown as fc.IRawProperty<unknown[]>,
  npy: npyProperty as unknown as fc.IRawProperty<unknown[]>,
  'detect-safetensors': detectSafetensorsProperty as unknown as fc.IRawProperty<unknown[]>,
  gguf: ggufProperty as unknown as fc.IRawProperty<unknown[]>,
  'model-card': modelCardProperty as unknown as fc.IRawProperty<unknown[]>,
  'detect-config': detectConfigProperty as unknown as fc.IRawProperty<unknown[]>,
  onnx: onnxProperty as unknown as fc.IRawProperty<unknown[]>,
  'onnx-runtime': onnxRuntimeProperty as unknown as fc.IRawProperty<unknown[]>,
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
    const result = (await fc.check(property, { numRuns: runs, seed, endOnFailure: true })) as fc.RunDetails<unknown[]>;
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
