// Untrusted strings (monitor ids, tensor and ONNX input names, file paths from the pull request,
// commit strings, error messages) never forge a workflow command in the runner log and never become
// markup in the job summary or the comment: hostile strings through the real renderers, parsed back
// with a GFM parser, and through the real dist/action.js.
import assert from 'node:assert/strict';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { gfm } from 'micromark-extension-gfm';
import { logLine, mdCode, mdText, renderComment, renderSummary, renderTextTable, type GateReport } from '../../src/core/index.ts';
import { DataType, encodeModel, floatTensor, makeGraph, makeModel, makeNode, tensorValueInfo } from '../../src/core/onnx/model.ts';
import { ActionHarness, pullRequestPayload } from '../helpers/action-runner.ts';
import { syntheticReport } from '../helpers/reports.ts';
import { OWN_COMMANDS, assertNoStack, cli, commandLines, demo } from './helpers.ts';

const HOSTILE: Array<[string, string]> = [
  ['a mention', '@octocat please look'],
  ['a team mention', 'cc @github/security'],
  ['an email autolink', 'mail admin@example.com'],
  ['a tracking pixel', '![x](https://tracker.example/p.png?id=1)'],
  ['a link', '[click](https://evil.example/login)'],
  ['a bare URL', 'see https://evil.example/x and www.evil.example'],
  ['a www autolink after an underscore (found by npm run fuzz)', 'see _x_www.evil.example'],
  ['raw HTML', '<img src=x onerror=alert(1)><script>1</script>'],
  ['a closing details tag', '</details></summary><details open>'],
  ['an HTML comment', '<!-- monitor-gate:sticky-comment config="x" -->'],
  ['table pipes', 'a | b | c'],
  ['a backtick run', '``` `x` ``'],
  ['emphasis and strike', '**bold** _it_ ~~gone~~'],
  ['an issue reference', 'fixes #1 and org/repo#2'],
  ['an entity', '&#64;octocat &lt;b&gt;'],
  ['a workflow command after a newline', 'x\n::warning::forged'],
  ['stop-commands', 'y\r\n::stop-commands::token123'],
  ['a legacy command', '##[error]forged'],
  ['ANSI colour', '\u001b[31mred\u001b[0m'],
  ['math', '$\\huge x$'],
];

type MdNode = { type: string; value?: string; children?: MdNode[] };
const parse = (md: string) => fromMarkdown(md, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] }) as unknown as MdNode;
function nodes(tree: MdNode): MdNode[] {
  const out: MdNode[] = [];
  const walk = (n: MdNode) => {
    out.push(n);
    for (const c of n.children ?? []) walk(c);
  };
  walk(tree);
  return out;
}
/** The HTML we write ourselves: the marker, the collapsed details and the small print. */
const OWN_HTML = /^(<!-- monitor-gate:sticky-comment config="(?:(?!--)[^<>])*" -->|<details>|<\/details>|<summary>[^<]*<\/summary>|<sub>|<\/sub>)$/;

/** A report in which every string a part or a pull request could carry is `h`. */
function hostileReport(h: string): GateReport {
  const report = syntheticReport(4, 2);
  report.config = `cfg ${h}.yml`;
  report.commit = `abc ${h}`;
  report.activations = { base: `acts ${h}`, updated: `upd ${h}` };
  report.tool.version = `0.1.0 ${h}`;
  report.monitors[0].id = `id ${h}`;
  report.monitors[0].category = `cat ${h}`;
  report.monitors[1].reasons = [`reason ${h}`];
  report.monitors[3].verdict = 'error';
  report.monitors[3].error = `probe ${h}: not a loadable ONNX model`;
  report.monitors[2].repair = { method: `m ${h}`, auroc: 0.9, tpr: 0.8, fpr: 0.1, verdict_after: 'fresh' } as never;
  (report as unknown as { event: unknown }).event = {
    family: 'lora',
    sub_kind: `sub ${h}`,
    attributes: { base_model: `model ${h}` },
    evidence: [{ file: `adapter ${h}.json`, line: 3, reason: `reason ${h}`, kind: 'fact' }],
    confidence: 0.9,
  };
  report.summary.blocking_failures = report.summary.blocking_failures.map((id) => (id === 'probe-0001' ? `id ${h}` : id));
  return report;
}

describe('Markdown: hostile strings in every field of a report', () => {
  for (const [what, h] of HOSTILE) {
    for (const surface of ['job summary', 'comment'] as const) {
      test(`${what} in the ${surface}: no link, image, HTML, mention or broken table`, () => {
        const report = hostileReport(h);
        const md = surface === 'comment' ? renderComment(report).body : renderSummary(report).markdown;
        const all = nodes(parse(md));
        for (const n of all) {
          assert.ok(!['link', 'image', 'linkReference', 'imageReference', 'definition', 'footnoteReference', 'inlineMath', 'delete'].includes(n.type), `a ${n.type} node from ${JSON.stringify(h)}`);
          if (n.type === 'html') for (const line of n.value!.split('\n')) assert.match(line.trim(), OWN_HTML, `raw HTML ${JSON.stringify(n.value)}`);
          if (n.type === 'text') assert.doesNotMatch(n.value!, /(^|[^\w`])@[A-Za-z0-9]/, `a mention in ${JSON.stringify(n.value)}`);
          if (n.type === 'text') assert.doesNotMatch(n.value!, /(^|\s|\w\/\w+)#\d/, `an issue reference in ${JSON.stringify(n.value)}`);
        }
        // The monitors that need attention, and the fresh ones collapsed: five cells in every row.
        const tables = all.filter((n) => n.type === 'table');
        assert.equal(tables.length, 2, 'a table of the monitors that need attention and one of the fresh ones');
        const rows = tables.flatMap((t) => t.children!.slice(1));
        assert.equal(rows.length, 4, 'one row per monitor');
        for (const t of tables) for (const row of t.children!) assert.equal(row.children!.length, 5, 'no extra cell');
        // Our three collapsed blocks (fresh monitors, chart, details); a "</details>" in a name is text (escaped, or inside a code span).
        const html = all.filter((n) => n.type === 'html').map((n) => n.value!);
        assert.equal(html.filter((v) => v.includes('<details>')).length, 3, 'three details blocks');
        assert.equal(html.filter((v) => v.includes('</details>')).length, 3, 'each closed once');
        assert.doesNotMatch(md, /\u001b/, 'no escape character');
      });
    }
    test(`${what} in the terminal table: every line inert`, () => {
      for (const line of renderTextTable(hostileReport(h)).split('\n')) {
        assert.ok(!line.trimStart().startsWith('::') && !line.includes('##['), line);
        assert.doesNotMatch(line, /[\u0000-\u0008\u000b-\u001f\u007f]/, JSON.stringify(line));
      }
    });
  }
  test('the escapes keep the text readable', () => {
    assert.equal(mdText('@octocat | a_b *c*'), '@\u2060octocat \\| a_b \\*c\\*');
    assert.equal(mdCode('a|b`c', { inTable: true }), '`a\\|b\'c`');
    assert.equal(logLine('  ::warning::x\nnext'), '  \u2060::warning::x\\nnext');
  });
});

/** An ONNX probe whose input is named to forge a command, with a float64 input (refused) and an unused initializer (a native warning). */
function hostileOnnx(name: string): Uint8Array {
  return encodeModel(
    makeModel({
      graph: makeGraph({
        name: 'g',
        nodes: [makeNode('Sigmoid', [name], ['y'])],
        inputs: [tensorValueInfo(name, DataType.DOUBLE, ['b', 16])],
        outputs: [tensorValueInfo('y', DataType.DOUBLE, ['b', 16])],
        initializers: [floatTensor(`unused\n::warning::native-forged`, [1], [1])],
      }),
    }),
  );
}

const FORGED = /^\s*::(warning|error|notice|stop-commands|add-mask)::(forged|native|id-forged|tensor|sha|onnx|batch)/m;

describe('the runner log: hostile names cannot forge workflow commands', () => {
  const harness = new ActionHarness();
  test('ids, batch and tensor names, an ONNX input name and the commit, through dist/action.js', async () => {
    const workspace = harness.newWorkspace();
    writeFileSync(path.join(workspace, 'monitors', 'probes', 'hostile.onnx'), hostileOnnx('in\n::warning::onnx-forged'));
    appendFileSync(
      path.join(workspace, '.github', 'monitor-gate.yml'),
      [
        '  - id: "bad id\\n::warning::id-forged\\r\\n::stop-commands::tok"',
        '    category: pii',
        '  - id: batch-name',
        '    category: pii',
        '    layer: 12',
        '    probe: ../monitors/probes/pii-email.onnx',
        '    threshold: 0.5',
        '    batch: "nope\\n::warning::batch-forged.safetensors"',
        '    labels: "#pii.eval.labels"',
        '  - id: tensor-name',
        '    category: pii',
        '    layer: 12',
        '    probe: ../monitors/probes/pii-email.onnx',
        '    threshold: 0.5',
        '    batch: "layer12.safetensors#nope\\n::warning::tensor-forged"',
        '    labels: "#pii.eval.labels"',
        '  - id: onnx-name',
        '    category: pii',
        '    layer: 12',
        '    probe: ../monitors/probes/hostile.onnx',
        '    threshold: 0.5',
        '    batch: layer12.safetensors#pii.eval',
        '    labels: "#pii.eval.labels"',
        '',
      ].join('\n'),
    );
    const payload = pullRequestPayload();
    payload.pull_request.head.sha = 'ec26c3e\n::warning::sha-forged @octocat ![x](https://t.example/p.png)';
    const run = await harness.run({ inputs: { comment: 'false' }, workspace, payload });
    assert.equal(run.status, 1);
    const log = run.stdout + '\n' + run.stderr;
    assert.doesNotMatch(log, FORGED, 'no forged command');
    for (const line of commandLines(log)) assert.match(line, OWN_COMMANDS, `only our own commands: ${JSON.stringify(line)}`);
    assert.doesNotMatch(log, /\u001b\[/, 'no ANSI escape from onnxruntime');
    assert.doesNotMatch(log, /\[W:onnxruntime/, 'no native log line');
    // The names still reach the user, escaped: the error rows say what was wrong.
    assert.match(run.stdout, /bad id\\n::warning::id-forged/);
    const report = JSON.parse(readFileSync(path.join(workspace, 'monitor-gate-report.json'), 'utf8')) as GateReport;
    assert.deepEqual(
      report.monitors.filter((m) => m.verdict === 'error').map((m) => m.id),
      ['bad id\n::warning::id-forged\r\n::stop-commands::tok', 'batch-name', 'tensor-name', 'onnx-name'],
    );
    assert.deepEqual(report.monitors.filter((m) => m.verdict !== 'error').map((m) => [m.id, m.verdict]), [
      ['pii-email', 'stale'],
      ['refusal', 'fresh'],
      ['toxicity-mlp', 'fresh'],
    ]);
    // The summary: the commit and the names are text, not markup.
    const tree = nodes(parse(run.summary));
    assert.ok(!tree.some((n) => n.type === 'image' || n.type === 'link'), 'no image or link in the summary');
    assert.doesNotMatch(run.summary, /(^|[^\w`])@octocat/);
    assertNoStack(log);
  });
  test('the CLI prints the same names as inert lines', async () => {
    const { config } = demo();
    appendFileSync(config, '  - id: "bad\\n::warning::id-forged"\n    category: pii\n');
    const run = await cli('check', '--config', config);
    assert.equal(run.code, 2);
    assert.doesNotMatch(run.stdout + run.stderr, FORGED);
    for (const line of commandLines(run.stdout + run.stderr)) assert.fail(`a command line: ${line}`);
  });
});
