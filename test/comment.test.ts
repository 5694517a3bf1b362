// The sticky comment, the job summary and the annotations, rendered from real and synthetic reports.
import assert from 'node:assert/strict';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import {
  ANNOTATIONS_PER_LEVEL,
  COMMENT_MAX_CHARS,
  SUMMARY_MAX_BYTES,
  commentMarker,
  hasCommentMarker,
  loadConfig,
  planAnnotations,
  renderComment,
  renderMarkdown,
  renderSummary,
  runGate,
} from '../src/core/index.ts';
import { pathShower } from '../src/core/report/display-path.ts';
import { repairAdvice } from '../src/core/report/markdown.ts';
import type { GateReport, MonitorResult } from '../src/core/types.ts';
import { reportOf, syntheticMonitor, syntheticReport } from './helpers/reports.ts';
import { githubHtml } from './helpers/github-html.ts';
import { demoDir, repoRoot } from './helpers/workspace.ts';

/** A report with the optional sections other stages add (update event, label-free repair). */
function withEventAndRepair(report: GateReport): GateReport {
  const copy = structuredClone(report);
  // The shape of src/core/detect's UpdateEvent.
  copy.event = {
    family: 'qlora',
    sub_kind: null,
    attributes: { lora_rank: 16, lora_alpha: 32, target_modules: ['q_proj', 'v_proj'], base_bits: 4 },
    evidence: [
      { file: 'adapter_config.json', line: 3, reason: 'peft_type LORA, r=16', kind: 'fact' },
      { file: 'train.yml', line: 12, reason: 'load_in_4bit: true (QLoRA base)', kind: 'fact' },
      { file: 'README.md', line: 40, reason: 'model card says full fine-tune', kind: 'conflict' },
      { file: 'adapter_model.safetensors', line: 1, reason: 'lora_A/lora_B weights for 32 layers', kind: 'fact' },
      { file: 'broken.json', line: 1, reason: 'not valid JSON', kind: 'skipped' },
      { file: 'config.json', line: 7, reason: 'base model hidden size 4096', kind: 'fact' },
    ],
    confidence: 0.93,
  };
  const stale = copy.monitors.find((m) => m.verdict === 'stale')!;
  stale.repair = {
    method: 'mean-shift',
    auroc: 0.951,
    tpr: 0.84,
    fpr: 0.06,
    verdict_after: 'fresh',
    file: 'repairs/pii-email.onnx',
    candidates: [
      { method: 'mean-shift', heldOutScore: 0.012, flipRate: 0.03 },
      { method: 'ridge-affine', heldOutScore: 0.034, flipRate: 0.05, missRate: 0.02, falseOnRate: 0.01 },
    ],
  };
  return copy;
}

describe('sticky comment', () => {
  let demo: GateReport;
  before(async () => {
    const config = await loadConfig(path.join(demoDir, 'monitor-gate.yml'));
    demo = await runGate(config, { updatedDir: path.join(demoDir, 'acts', 'lora'), provider: 'cpu' });
  });

  test('marker, verdict line, one action line per failing monitor, a five-column table, fresh rows and chart collapsed; deterministic', () => {
    const options = { summaryUrl: 'https://github.com/o/r/actions/runs/7', footer: ['<sub>Pull request #2 at ec26c3e.</sub>'], root: repoRoot };
    const { body, marker, stage } = renderComment(demo, options);
    assert.equal(stage, 'full');
    assert.equal(body, renderComment(structuredClone(demo), options).body, 'same report, same bytes');
    const lines = body.split('\n');
    assert.equal(lines[0], marker);
    assert.equal(marker, '<!-- monitor-gate:sticky-comment config="examples/demo/monitor-gate.yml" -->', 'the config relative to the workspace');
    assert.equal(lines[1], '## ❌ monitor-gate: **fail**');
    assert.equal(lines[3], 'FAIL: 1 blocking monitor failed (1 stale): pii-email · 3 of 3 monitors measured', 'the verdict line first');
    // Then what to do, from the measured numbers and the tolerances the verdict compared.
    const pii = demo.monitors.find((m) => m.id === 'pii-email')!;
    const f2 = (x: number) => x.toFixed(2);
    assert.equal(
      lines[5],
      `- \`pii-email\` (blocking): TPR at the deployed threshold ${f2(pii.base!.tpr)} → ${f2(pii.updated!.tpr)}, tolerance 0.10; AUROC ${pii.base!.auroc.toFixed(3)} → ${pii.updated!.auroc.toFixed(3)}, tolerance 0.03`,
    );
    assert.equal(lines[6], '', 'one action line: the other two monitors are fresh');
    assert.ok(lines.includes('3 monitors · 2 fresh · 1 stale'));
    assert.ok(!lines.some((l) => l.startsWith('Blocking: ')), 'the action lines name the blocking monitors');
    const header = '| monitor | verdict | TPR at threshold | FPR at threshold | AUROC |';
    assert.equal(lines.filter((l) => l === header).length, 2, 'one table for the monitor that needs attention, one collapsed for the fresh ones');
    assert.ok(header.split('|').length - 2 <= 6, 'at most six columns');
    const rows = lines.filter((l) => /^\| `/.test(l));
    const ids = rows.map((l) => /^\| `([^`]+)`/.exec(l)![1]);
    // Severity first (the stale one), then the most degraded of the fresh ones.
    const worst = (id: string) => {
      const d = demo.monitors.find((m) => m.id === id)!.delta!;
      return Math.max(-d.auroc, -d.tpr, d.fpr);
    };
    assert.equal(ids[0], 'pii-email');
    assert.deepEqual(ids.slice(1), ['refusal', 'toxicity-mlp'].sort((a, b) => worst(b) - worst(a)));
    assert.equal(rows[0], `| \`pii-email\` | ❌ stale | ${f2(pii.base!.tpr)} → ${f2(pii.updated!.tpr)} | ${f2(pii.base!.fpr)} → ${f2(pii.updated!.fpr)} | ${pii.base!.auroc.toFixed(3)} → ${pii.updated!.auroc.toFixed(3)} |`);
    const tox = demo.monitors.find((m) => m.id === 'toxicity-mlp')!;
    assert.ok(rows.some((l) => l.startsWith(`| \`toxicity-mlp\` (advisory) | ✅ fresh | ${f2(tox.base!.tpr)} → ${f2(tox.updated!.tpr)}`)));
    assert.match(body, /\n<details>\n<summary>✅ 2 fresh monitors<\/summary>\n\n\| monitor \|[^\n]*\n\|---\|---\|---\|---\|---\|\n\| `(refusal|toxicity-mlp)`/);
    // The chart, collapsed: TPR and FPR at the threshold, horizontal, bars base and line updated, in table order.
    const order = ['pii-email', ...ids.slice(1)].map((id) => demo.monitors.find((m) => m.id === id)!);
    const chart = (name: string, key: 'tpr' | 'fpr') =>
      [
        '```mermaid',
        '%%{init: {"xyChart": {"height": 200}}}%%',
        'xychart-beta horizontal',
        `  title "${name} at the deployed threshold (bars: base, line: updated)"`,
        `  x-axis [${order.map((m) => `"${m.id}"`).join(', ')}]`,
        `  y-axis "${name}" 0 --> 1`,
        `  bar [${order.map((m) => m.base![key].toFixed(3)).join(', ')}]`,
        `  line [${order.map((m) => m.updated![key].toFixed(3)).join(', ')}]`,
        '```',
      ].join('\n');
    assert.ok(body.includes(`<details>\n<summary>Chart: TPR and FPR at the deployed threshold, base vs updated</summary>\n\nTPR and FPR at each monitor's deployed threshold for 3 monitors: bars are the base model, the line the updated model; the table above has the same numbers.\n\n${chart('TPR', 'tpr')}\n\n${chart('FPR', 'fpr')}\n\n</details>`));
    assert.doesNotMatch(body, /AUROC per monitor/);
    assert.match(body, /<details>\n<summary>Details: 3 monitors<\/summary>\n\n\*\*`pii-email`\*\* · ❌ stale · pii · layer 12 · blocking · threshold 0\.780 · declared at `examples\/demo\/monitor-gate\.yml:13`/);
    assert.match(body, /- AUROC 0\.972 → 0\.908 \(Δ -0\.064; DeLong p <0\.001, 95% CI -0\.0\d\d to -0\.0\d\d\)/);
    assert.match(body, /- predicted risk \d\.\d\d \(rank \d; measured, the prediction (agreed|missed)\)/);
    assert.match(body, /- why: TPR at the deployed threshold dropped 0\.655/);
    assert.match(body, /<\/details>\n\n<sub>Base activations `examples\/demo\/acts\/base`, updated `examples\/demo\/acts\/lora`, config `examples\/demo\/monitor-gate\.yml`\./);
    assert.ok(!body.includes(repoRoot), 'no absolute path of the checkout');
    assert.ok(body.endsWith('<sub>Pull request #2 at ec26c3e.</sub>\n'));
    assert.ok(hasCommentMarker(body, marker));
    assert.ok(!hasCommentMarker(body, commentMarker('other.yml')));
  });

  test('paths: relative to the workspace, two folders up at most, else only their last two parts; never absolute', () => {
    const show = pathShower('/home/runner/work/repo/repo');
    assert.equal(show('/home/runner/work/repo/repo/acts/base'), 'acts/base');
    assert.equal(show('/home/runner/work/repo/repo'), '.');
    assert.equal(show('/home/runner/work/repo/shared/acts'), '../shared/acts');
    assert.equal(show('/home/runner/work/_temp/acts'), '../../_temp/acts');
    assert.equal(show('/tmp/xyz/acts/updated'), '…/acts/updated');
    assert.equal(show('/home/acts/updated'), '…/acts/updated', 'more than two folders up');
    assert.equal(pathShower('/work/main')('/srv/acts/base'), '…/acts/base', 'nothing in common but the root');
    assert.equal(show('acts\\base'), 'acts/base', 'relative paths as the report has them, forward slashes');
    assert.equal(pathShower('C:\\a\\repo')('c:\\a\\repo\\acts'), 'acts', 'a drive letter compares without case');
    assert.equal(pathShower('C:\\a\\repo')('D:\\acts\\b'), '…/acts/b', 'another drive has no relative path');
    assert.equal(pathShower()('/work/acts/base'), '…/acts/base', 'without a workspace, absolute paths are shortened');
    assert.equal(pathShower('relative/root')('/x/y/z'), '…/y/z', 'a relative root is no root');
    // In a rendered comment, every path of the report goes through it, the marker's config too.
    const report = structuredClone(demo);
    report.activations = { base: '/srv/runner/_work/_temp/base', updated: `${repoRoot}/acts/updated` };
    report.monitors[0].repair = { method: 'mean-shift', auroc: 0.95, tpr: 0.85, fpr: 0.05, verdict_after: 'fresh', file: `${repoRoot}/repairs/pii-email.onnx` };
    const { body, marker } = renderComment(report, { root: repoRoot });
    assert.ok(!body.includes(repoRoot) && !body.includes('/srv/runner'), 'nothing absolute');
    assert.match(body, /Base activations `…\/_temp\/base`, updated `acts\/updated`, config `examples\/demo\/monitor-gate\.yml`/);
    assert.match(body, /adopt the repaired probe `repairs\/pii-email\.onnx`/);
    assert.equal(marker, commentMarker('examples/demo/monitor-gate.yml'));
  });

  test('the update event and repair results are shown when the report has them', () => {
    const report = withEventAndRepair(demo);
    const { body } = renderComment(report);
    assert.match(body, /\*\*Update event:\*\* `qlora` · confidence 0\.93 — evidence `adapter_config\.json:3`, `train\.yml:12`, `adapter_model\.safetensors:1` and 1 more\n/);
    assert.match(body, /- attributes: `lora_rank` 16 · `lora_alpha` 32 · `target_modules` \["q_proj","v_proj"\] · `base_bits` 4/);
    assert.match(body, /  - `README\.md:40` \(conflict\): model card says full fine-tune\n  - `adapter_model\.safetensors:1`: lora_A/);
    assert.match(body, /  - `broken\.json:1` \(skipped\): not valid JSON/);
    assert.match(body, /<summary>Details: update event and 3 monitors<\/summary>/);
    // The action line ends with what to do: the repair's own advice, word for word.
    const pii = report.monitors.find((m) => m.id === 'pii-email')!;
    const advice = repairAdvice(pii)!;
    assert.match(advice, /^adopt the repaired probe `repairs\/pii-email\.onnx` \(`mean-shift`\): TPR 0\.23 → 0\.84, FPR 0\.01 → 0\.06 at the same threshold \(base 0\.88 \/ 0\.05\)$/);
    assert.match(body, new RegExp(`^- \`pii-email\` \\(blocking\\): TPR at the deployed threshold [^\\n]*; ${advice.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
    assert.ok(body.includes(`- repair: ${advice}`), 'and in the details');
    assert.match(body, /- repair candidates \(label-free held-out score, lower is better\): `mean-shift` 0\.0120 \(flips 3\.0%\) · `ridge-affine` 0\.0340 \(flips 5\.0%, misses 2\.0%, false alarms 1\.0%\)/);
    assert.doesNotMatch(body, /^\| [^\n]*mean-shift/m, 'no repair column in the table');
    // The same content in the job summary.
    assert.match(renderMarkdown(report), /\*\*Update event:\*\* `qlora`/);
    // A declared event says where it was declared and what detection found.
    const declared = structuredClone(report) as GateReport & { event: Record<string, unknown> };
    Object.assign(declared.event, { family: 'lora', declared: { source: 'label monitor-gate/lora' }, detected: { family: 'qlora', sub_kind: null, confidence: 0.93 }, confidence: 1 });
    assert.match(renderComment(declared).body, /\*\*Update event:\*\* `lora` · declared in `label monitor-gate\/lora` · detection found `qlora` \(confidence 0\.93\) — evidence/);
    const none = structuredClone(report) as GateReport & { event: Record<string, unknown> };
    Object.assign(none.event, { family: 'none', evidence: [] });
    assert.match(renderComment(none).body, /^\*\*Update event:\*\* none detected$/m);
  });

  test('action lines, worst first: retrain, an unverified repair, an error, a prediction, an inconclusive run', () => {
    const retrain = syntheticMonitor(5);
    retrain.repair = { method: 'mean-shift', auroc: 0.9, tpr: 0.62, fpr: 0.05, verdict_after: 'stale' };
    const worse = syntheticMonitor(10);
    worse.updated!.tpr = 0.1;
    worse.delta!.tpr = 0.1 - 0.85;
    worse.updated!.fpr = 0.11;
    worse.reasons = [
      'FPR at the deployed threshold rose 0.060 (0.050 -> 0.110; tolerance 0.05), not counted: not significant (95% CI +0.010 to +0.120 reaches below 0.05)',
      'TPR at the deployed threshold dropped 0.750 (0.850 -> 0.100; tolerance 0.1)',
    ];
    const advisory = syntheticMonitor(35); // every 7th is advisory
    const errored = syntheticMonitor(97);
    const estimate = (tpr: [number, number], fpr: [number, number]) => ({
      soft_labels: 'raw' as const,
      rows: { source: 'calibration' as const, rows: 512 },
      tpr: { base: tpr[0], updated: tpr[1], interval: [tpr[1] - 0.05, tpr[1] + 0.05] as [number, number] },
      fpr: { base: fpr[0], updated: fpr[1], interval: [fpr[1] - 0.05, fpr[1] + 0.05] as [number, number] },
      auroc: { base: 0.99, updated: 0.97 },
      tpr_delta: { value: tpr[1] - tpr[0], interval: [-0.2, 0] as [number, number] },
      fpr_delta: { value: fpr[1] - fpr[0], interval: [0, 0.2] as [number, number] },
      auroc_delta: { value: -0.02, interval: [-0.03, -0.01] as [number, number] },
      score: 2,
    });
    const predicted: MonitorResult = { ...syntheticMonitor(2), verdict: 'predicted-stale', reasons: ['not measured (check --predict-only); predicted risk 0.91 >= risk-threshold 0.5'] };
    delete predicted.base;
    delete predicted.updated;
    delete predicted.delta;
    delete predicted.tests;
    predicted.predicted = { risk: 0.91, rank: 1, measured: false, top: [], features: {}, estimated: estimate([0.9, 0.4], [0.05, 0.3]) };
    predicted.repair = { method: 'ridge-affine', estimated: estimate([0.9, 0.85], [0.05, 0.07]), file: 'repairs/probe-0002.unverified.onnx' };
    const inconclusive = { ...syntheticMonitor(3), verdict: 'inconclusive' as const, reasons: ['too few labeled rows to judge: 4 positives and 200 negatives (min_class_rows 10)'] };
    const fresh = syntheticMonitor(4);
    const report = reportOf([retrain, predicted, inconclusive, fresh, advisory, errored, worse]);
    const md = renderMarkdown(report);
    const actions = md.split('\n').filter((l) => l.startsWith('- `'));
    assert.deepEqual(
      actions.map((l) => /^- `([^`]+)`/.exec(l)![1]),
      ['probe-0010', 'probe-0005', 'probe-0035', 'probe-0097', 'probe-0002', 'probe-0003'],
      'stale (most degraded first), errored, predicted stale, inconclusive; nothing for the fresh one',
    );
    assert.equal(
      actions[0],
      '- `probe-0010` (blocking): TPR at the deployed threshold 0.85 → 0.10, tolerance 0.10; FPR at the deployed threshold 0.05 → 0.11, tolerance 0.05, not significant; AUROC ' +
        `${worse.base!.auroc.toFixed(3)} → ${worse.updated!.auroc.toFixed(3)}`,
      'what counted first, then what require-significance did not count, then AUROC for context',
    );
    assert.match(actions[1], /^- `probe-0005` \(blocking\): TPR at the deployed threshold 0\.85 → 0\.60, tolerance 0\.10; AUROC 0\.\d{3} → 0\.\d{3}, tolerance 0\.03; no label-free repair restores this monitor \(best: `mean-shift`, TPR 0\.60 → 0\.62, FPR 0\.05 → 0\.05 at the same threshold \(base 0\.85 \/ 0\.05\)\): retrain it$/);
    assert.match(actions[2], /^- `probe-0035` \(advisory\): /);
    assert.equal(actions[3], "- `probe-0097` (blocking): error: acts/updated/layer5.safetensors: tensor 'activations' has 4095 columns but the probe expects 4096");
    assert.equal(
      actions[4],
      '- `probe-0002` (blocking): predicted stale, not measured (risk 0.91); estimated TPR 0.90 → 0.40, FPR 0.05 → 0.30 at the deployed threshold; ' +
        'unverified repair `repairs/probe-0002.unverified.onnx` (`ridge-affine`; estimated TPR 0.90 → 0.85, FPR 0.05 → 0.07 at the same threshold, no labels read): measure it with labels before adopting it',
    );
    assert.match(actions[5], /^- `probe-0003` \(blocking\): inconclusive; too few labeled rows to judge: 4 positives and 200 negatives \(min_class_rows 10\); AUROC /);
    // The table goes in the same order; a monitor not measured shows its estimate.
    const rows = md.split('\n').filter((l) => l.startsWith('| `'));
    assert.deepEqual(rows.map((l) => /^\| `([^`]+)`/.exec(l)![1]), ['probe-0010', 'probe-0005', 'probe-0035', 'probe-0097', 'probe-0002', 'probe-0003', 'probe-0004']);
    assert.ok(rows[4].startsWith('| `probe-0002` | 🔮 predicted stale | est. 0.90 → 0.40 | est. 0.05 → 0.30 | – |'), rows[4]);
    assert.ok(rows[3].startsWith('| `probe-0097` | 💥 error | – | – | – |'), rows[3]);
    // More than ACTIONS_LISTED monitors that need action: the rest are counted, the table has them.
    const many = renderMarkdown(syntheticReport(120, 5)).split('\n');
    assert.equal(many.filter((l) => l.startsWith('- `probe-')).length, 10);
    assert.ok(many.includes(`- and ${syntheticReport(120, 5).monitors.filter((m) => m.verdict !== 'fresh').length - 10} more monitors in the table below`));
  });

  test('a malformed event or repair is ignored, not a crash', () => {
    // Written by something else than this version: the renderer must not trust the shape.
    const report = structuredClone(demo);
    (report as unknown as { event: unknown }).event = { sub_kind: 3, evidence: 'nope' };
    (report.monitors[0] as unknown as { repair: unknown }).repair = 'broken';
    (report.monitors[1] as unknown as { repair: unknown }).repair = { method: 'x', candidates: [null, 'y', { heldOutScore: 1 }] };
    const { body } = renderComment(report);
    assert.doesNotMatch(body, /Update event/);
    assert.doesNotMatch(body, /repair candidates/);
  });

  test('free text cannot break out of the table, an action line or the details block', () => {
    const report = structuredClone(demo);
    report.monitors[1].verdict = 'error';
    report.monitors[1].error = 'bad file </details><img src=x> | and\na newline';
    const hostile = report.monitors[0];
    hostile.id = 'a|b`c</details>@team';
    hostile.category = '<img src=x>';
    const { body } = renderComment(report);
    // Rendered as GitHub renders it: only our own three <details> close, no element from the report.
    const html = githubHtml(body);
    assert.equal(html.split('</details>').length, 4, 'only our own three </details>');
    assert.doesNotMatch(html, /<img|<a /, 'no image or link from the report');
    assert.match(body, /^- `refusal` \(blocking\): error: bad file &lt;\/details>&lt;img src=x> \\\| and a newline$/m);
    assert.match(body, /- error: bad file &lt;\/details>&lt;img src=x> \\\| and a newline/);
    // The hostile id: a code span everywhere, its pipe escaped in the table (five cells still), a safe chart label.
    const row = body.split('\n').find((l) => l.startsWith("| `a\\|b'c"))!;
    assert.equal(row.split(/(?<!\\)\|/).length - 2, 5, row);
    assert.match(body, /^- `a\|b'c<\/details>@team` \(blocking\): /m);
    assert.match(body, /x-axis \["a_b_c_\/details__team", /);
    assert.equal(commentMarker('a-->b\n<c>.yml'), '<!-- monitor-gate:sticky-comment config="a_b__c_.yml" -->');
  });

  test('stays under 65,536 characters: full, then failing rows, then failing rows without details, then a notice', () => {
    const cases: Array<[number, number, string]> = [
      [60, 5, 'full'],
      [250, 5, 'failing'],
      [600, 5, 'failing-table'],
      [3000, 3, 'notice'],
    ];
    for (const [n, staleEvery, stage] of cases) {
      const report = syntheticReport(n, staleEvery);
      const rendered = renderComment(report, { summaryUrl: 'https://github.com/o/r/actions/runs/7' });
      assert.equal(rendered.stage, stage, `${n} monitors`);
      assert.ok(rendered.body.length < COMMENT_MAX_CHARS, `${n} monitors: ${rendered.body.length} characters`);
      assert.ok(rendered.body.startsWith(rendered.marker + '\n'));
      assert.match(rendered.body, /monitor-gate: \*\*fail\*\*/);
      const rows = rendered.body.split('\n').filter((l) => /^\| `probe-/.test(l));
      const attention = report.monitors.filter((m) => m.verdict !== 'fresh');
      if (stage === 'full') {
        assert.equal(rows.length, n);
        assert.doesNotMatch(rendered.body, /left out/);
      } else {
        assert.match(rendered.body, /left out to stay under GitHub's 65,536-character comment limit; the \[job summary\]\(https:\/\/github\.com\/o\/r\/actions\/runs\/7\) of this run has every monitor/);
      }
      if (stage === 'failing' || stage === 'failing-table') {
        assert.equal(rows.length, attention.length, 'every monitor that needs attention keeps its row');
        assert.ok(rows.every((r) => !r.includes('✅ fresh')));
        assert.equal(rendered.body.includes('<summary>Details:'), stage === 'failing');
        assert.equal(rendered.body.includes('xychart-beta'), stage === 'failing');
        assert.equal(rendered.body.split('\n').filter((l) => l.startsWith('- `probe-')).length, 10, 'the action lines stay');
      }
      if (stage === 'notice') {
        assert.equal(rows.length, 0);
        const blocking = rendered.body.split('\n').find((l) => l.startsWith('Blocking: '))!;
        const named = blocking.match(/`probe-\d+`/g)!;
        assert.equal(named.length, 20);
        assert.equal(blocking, `Blocking: ${named.join(', ')}, and ${report.summary.blocking_failures.length - 20} more`);
        assert.deepEqual(named, report.summary.blocking_failures.slice(0, 20).map((id) => `\`${id}\``));
      }
    }
  });

  test('the chart keeps the 40 monitors whose TPR or FPR moved most, in table order', () => {
    const report = syntheticReport(100, 5);
    const body = renderComment(report).body;
    const axes = [...body.matchAll(/x-axis \[(.*)\]/g)].map((m) => m[1].split(', ').map((s) => s.replace(/"/g, '')));
    assert.equal(axes.length, 2, 'a TPR chart and an FPR chart');
    assert.deepEqual(axes[0], axes[1]);
    const xAxis = axes[0];
    assert.equal(xAxis.length, 40);
    assert.match(body, /for the 40 monitors of 99 whose TPR or FPR moved most: bars are the base model/);
    assert.match(body, /%%\{init: \{"xyChart": \{"height": 1130\}\}\}%%\nxychart-beta horizontal\n/);
    const stale = report.monitors.filter((m) => m.verdict === 'stale').map((m) => m.id);
    assert.ok(stale.every((id) => xAxis.includes(id)), 'every stale monitor (TPR 0.85 -> 0.60) is drawn');
    const tableOrder = body.split('\n').filter((l) => l.startsWith('| `probe-')).map((l) => /`([^`]+)`/.exec(l)![1]);
    assert.deepEqual(xAxis, tableOrder.filter((id) => xAxis.includes(id)), 'in table order');
  });

  test('the job summary has the same content under 1 MiB, and degrades the same way', () => {
    const report = syntheticReport(300, 5);
    const summary = renderSummary(report);
    assert.equal(summary.stage, 'full');
    assert.equal(summary.markdown.split('\n').filter((l) => /^\| `probe-/.test(l)).length, 300);
    assert.match(summary.markdown, /```mermaid\n%%\{init: [^\n]*\}%%\nxychart-beta horizontal\n/);
    const huge = syntheticReport(6000, 5);
    const cut = renderSummary(huge, { elsewhere: 'the JSON report `monitor-gate-report.json`' });
    assert.notEqual(cut.stage, 'full');
    assert.ok(Buffer.byteLength(cut.markdown) <= SUMMARY_MAX_BYTES);
    assert.match(cut.markdown, /left out to stay under GitHub's 1 MiB job-summary limit; the JSON report `monitor-gate-report\.json` has every monitor/);
  });

  test('a pass keeps the fresh monitors behind one line', async () => {
    const config = await loadConfig(path.join(demoDir, 'monitor-gate.yml'));
    const pass = await runGate(config, { updatedDir: path.join(demoDir, 'acts', 'int8'), provider: 'cpu' });
    const { body } = renderComment(pass, { root: repoRoot });
    assert.equal(pass.verdict, 'pass');
    const lines = body.split('\n');
    assert.equal(lines[3], 'PASS: 3 of 3 monitors measured (3 fresh)');
    assert.ok(!lines.some((l) => l.startsWith('- `')), 'no action lines');
    // Everything after the counts line is collapsed: the fresh table, the chart, the details.
    const open = lines.slice(lines.indexOf('3 monitors · 3 fresh · 0 stale') + 1).filter((l) => l !== '');
    assert.equal(open[0], '<details>');
    assert.equal(open[1], '<summary>✅ 3 fresh monitors</summary>');
    let depth = 0;
    for (const l of open.slice(0, -1)) {
      if (l === '<details>') depth++;
      if (l === '</details>') depth--;
      if (l !== '<details>' && l !== '</details>') assert.ok(depth > 0, `outside a collapsed section: ${l}`);
    }
    assert.match(open.at(-1)!, /^<sub>Base activations/);
  });

  test('a partial report says so', () => {
    const part = reportOf([syntheticMonitor(5)], { shard: { index: 2, count: 4 } });
    const md = renderMarkdown(part);
    assert.match(md, /^## ❌ monitor-gate: \*\*fail\*\* \(partial: shard 2\/4\)$/m);
    assert.match(md, /the gate verdict comes from merging the 4 partial reports/);
  });
});

describe('annotations', () => {
  test('within a level the most degraded stale monitors come first, then errored ones; the last slot counts the rest', () => {
    const report = syntheticReport(200, 5);
    const planned = planAnnotations(report);
    const errors = planned.filter((a) => a.level === 'error');
    assert.equal(errors.length, ANNOTATIONS_PER_LEVEL);
    const kept = errors.slice(0, -1);
    const blockingStale = report.monitors.filter((m) => m.blocking && m.verdict === 'stale');
    const degradation = (id: string) => {
      const m = report.monitors.find((x) => x.id === id)!;
      return Math.max(-m.delta!.auroc, -m.delta!.tpr, m.delta!.fpr);
    };
    const keptIds = kept.map((a) => /monitor-gate: (\S+) is stale/.exec(a.title)![1]);
    const worst = blockingStale.map((m) => m.id).sort((a, b) => degradation(b) - degradation(a) || (a < b ? -1 : 1)).slice(0, 9);
    assert.deepEqual(keptIds, worst);
    const more = errors.at(-1)!;
    const blockingErrored = report.monitors.filter((m) => m.blocking && m.verdict === 'error').length;
    assert.equal(more.title, `monitor-gate: ${blockingStale.length + blockingErrored - 9} more`);
    assert.match(more.message, /more monitors at this level are listed in the job summary and the JSON report/);
    // Levels come out most important first.
    const levels = planned.map((a) => a.level);
    assert.deepEqual(levels, [...levels].sort((a, b) => ['error', 'warning', 'notice'].indexOf(a) - ['error', 'warning', 'notice'].indexOf(b)));
  });

  test('reserved slots are kept free for the caller', () => {
    const planned = planAnnotations(syntheticReport(1000, 5), { reserve: { error: 1, warning: 1, notice: 1 } });
    assert.equal(planned.filter((a) => a.level === 'error').length, ANNOTATIONS_PER_LEVEL - 1);
    assert.equal(planned.filter((a) => a.level === 'warning').length, ANNOTATIONS_PER_LEVEL - 1);
  });

  test('detection evidence becomes notices at its lines, in evidence order', async () => {
    const config = await loadConfig(path.join(demoDir, 'monitor-gate.yml'));
    const report = withEventAndRepair(await runGate(config, { updatedDir: path.join(demoDir, 'acts', 'lora'), provider: 'cpu' }));
    const notices = planAnnotations(report).filter((a) => a.level === 'notice');
    assert.deepEqual(
      notices.map((a) => [a.title, a.file, a.line, a.message]),
      [
        ['monitor-gate: update detected: qlora', 'adapter_config.json', 3, 'peft_type LORA, r=16'],
        ['monitor-gate: update detected: qlora', 'train.yml', 12, 'load_in_4bit: true (QLoRA base)'],
        ['monitor-gate: update detected: qlora', 'adapter_model.safetensors', 1, 'lora_A/lora_B weights for 32 layers'],
        ['monitor-gate: update detected: qlora', 'config.json', 7, 'base model hidden size 4096'],
        ['monitor-gate: evidence against qlora', 'README.md', 40, 'model card says full fine-tune'],
        ['monitor-gate: file skipped by update detection', 'broken.json', 1, 'not valid JSON'],
      ],
      'facts first, then conflicts, then skipped files',
    );
    const many = structuredClone(report);
    many.event!.evidence = Array.from({ length: 25 }, (_, i) => ({ file: `f${i}.json`, line: i + 1, reason: `r${i}`, kind: 'fact' as const }));
    const capped = planAnnotations(many, { reserve: { notice: 1 } }).filter((a) => a.level === 'notice');
    assert.equal(capped.length, 9);
    assert.deepEqual(capped.slice(0, 8).map((a) => a.file), Array.from({ length: 8 }, (_, i) => `f${i}.json`));
    assert.equal(capped[8].title, 'monitor-gate: 17 more');
    assert.match(capped[8].message, /17 more detection evidence lines/);
  });
});
