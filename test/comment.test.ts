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
import type { GateReport } from '../src/core/types.ts';
import { reportOf, syntheticMonitor, syntheticReport } from './helpers/reports.ts';
import { demoDir } from './helpers/workspace.ts';

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
  (stale as unknown as { repair: unknown }).repair = { method: 'mean-shift', auroc: 0.951, tpr: 0.84, fpr: 0.06, verdict_after: 'fresh' };
  return copy;
}

describe('sticky comment', () => {
  let demo: GateReport;
  before(async () => {
    const config = await loadConfig(path.join(demoDir, 'monitor-gate.yml'));
    demo = await runGate(config, { updatedDir: path.join(demoDir, 'acts', 'lora'), provider: 'cpu' });
  });

  test('marker first, then verdict, table, AUROC chart and collapsed details; deterministic', () => {
    const options = { summaryUrl: 'https://github.com/o/r/actions/runs/7', footer: ['<sub>Pull request #2 at ec26c3e.</sub>'] };
    const { body, marker, stage } = renderComment(demo, options);
    assert.equal(stage, 'full');
    assert.equal(body, renderComment(structuredClone(demo), options).body, 'same report, same bytes');
    const lines = body.split('\n');
    assert.equal(lines[0], marker);
    assert.equal(marker, commentMarker(demo.config));
    assert.equal(lines[1], '## ❌ monitor-gate: **fail**');
    assert.ok(lines.includes('3 monitors · 2 fresh · 1 stale'));
    assert.ok(lines.includes('Blocking: `pii-email`'));
    const header = lines.find((l) => l.startsWith('| monitor |'))!;
    assert.match(
      header,
      /^\| monitor \| category \| layer \| verdict \| predicted risk \(rank\) \| measured \| AUROC base → updated \(Δ, DeLong p\) \| TPR @ threshold \| FPR @ threshold \|/,
    );
    assert.doesNotMatch(header, /repair/, 'no repair column without repairs');
    const rows = lines.filter((l) => /^\| `/.test(l));
    // highest predicted risk first
    const byRisk = [...demo.monitors].sort((a, b) => b.predicted!.risk - a.predicted!.risk);
    assert.deepEqual(
      rows.map((l) => /^\| `([^`]+)`/.exec(l)![1]),
      byRisk.map((m) => m.id),
    );
    const tox = demo.monitors.find((m) => m.id === 'toxicity-mlp')!;
    assert.ok(rows.some((l) => l.startsWith(`| \`toxicity-mlp\` (advisory) | toxicity | 6 | ✅ fresh | ${tox.predicted!.risk.toFixed(2)} (#${tox.predicted!.rank}) | yes`)));
    // Mermaid xychart: bars base, line updated, one value per monitor, in table order.
    const chart = body.slice(body.indexOf('```mermaid'), body.indexOf('```', body.indexOf('```mermaid') + 3) + 3);
    assert.equal(
      chart,
      [
        '```mermaid',
        'xychart-beta',
        '  title "AUROC per monitor (bars: base model, line: updated model)"',
        `  x-axis [${byRisk.map((m) => `"${m.id}"`).join(', ')}]`,
        '  y-axis "AUROC" 0.5 --> 1',
        `  bar [${byRisk.map((m) => m.base!.auroc.toFixed(3)).join(', ')}]`,
        `  line [${byRisk.map((m) => m.updated!.auroc.toFixed(3)).join(', ')}]`,
        '```',
      ].join('\n'),
    );
    assert.match(body, /<details>\n<summary>Details: 3 monitors<\/summary>\n\n\*\*`pii-email`\*\* · ❌ stale · pii · layer 12 · blocking · threshold 0\.780 · declared at `[^`]*examples\/demo\/monitor-gate\.yml:13`/);
    assert.match(body, /- AUROC 0\.972 → 0\.908 \(Δ -0\.064; DeLong p <0\.001, 95% CI -0\.0\d\d to -0\.0\d\d\)/);
    assert.match(body, /- why: TPR at the deployed threshold dropped 0\.655/);
    assert.match(body, /<\/details>\n\n<sub>Base activations/);
    assert.ok(body.endsWith('<sub>Pull request #2 at ec26c3e.</sub>\n'));
    assert.ok(hasCommentMarker(body, marker));
    assert.ok(!hasCommentMarker(body, commentMarker('other.yml')));
  });

  test('the update event and repair results are shown when the report has them', () => {
    const report = withEventAndRepair(demo);
    const { body } = renderComment(report);
    assert.match(body, /\*\*Update event:\*\* `qlora` · confidence 0\.93 — evidence `adapter_config\.json:3`, `train\.yml:12`, `adapter_model\.safetensors:1` and 1 more\n/);
    assert.match(body, /- attributes: `lora_rank` 16 · `lora_alpha` 32 · `target_modules` \["q_proj","v_proj"\] · `base_bits` 4/);
    assert.match(body, /  - `README\.md:40` \(conflict\): model card says full fine-tune\n  - `adapter_model\.safetensors:1`: lora_A/);
    assert.match(body, /  - `broken\.json:1` \(skipped\): not valid JSON/);
    assert.match(body, /<summary>Details: update event and 3 monitors<\/summary>/);
    assert.match(body, /\| decision flips \| repair \(label-free\) \| why \|/);
    assert.match(body, /\| `pii-email` \| pii \| 12 \| ❌ stale \|.*\| `mean-shift`: AUROC 0\.951, TPR 0\.840, FPR 0\.060 → ✅ fresh \|/);
    assert.match(body, /\| `refusal` \| refusal \| 12 \| ✅ fresh \|.*\| – \| – \|$/m);
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

  test('a malformed event or repair is ignored, not a crash', () => {
    // Written by something else than this version: the renderer must not trust the shape.
    const report = structuredClone(demo);
    (report as unknown as { event: unknown }).event = { sub_kind: 3, evidence: 'nope' };
    (report.monitors[0] as unknown as { repair: unknown }).repair = 'broken';
    const { body } = renderComment(report);
    assert.doesNotMatch(body, /Update event/);
    assert.doesNotMatch(body, /repair/);
  });

  test('free text cannot break out of the table or the details block', () => {
    const report = structuredClone(demo);
    report.monitors[1].verdict = 'error';
    report.monitors[1].error = 'bad file </details><img src=x> | and\na newline';
    const { body } = renderComment(report);
    assert.equal(body.split('</details>').length, 2, 'only our own </details>');
    assert.match(body, /bad file &lt;\/details>&lt;img src=x> \\\| and a newline \|/);
    assert.equal(commentMarker('a-->b\n<c>.yml'), '<!-- monitor-gate:sticky-comment config="a_b__c_.yml" -->');
  });

  test('stays under 65,536 characters: full, then failing rows, then failing rows without details, then a notice', () => {
    const cases: Array<[number, number, string]> = [
      [60, 5, 'full'],
      [250, 5, 'failing'],
      [450, 5, 'failing-table'],
      [1800, 3, 'notice'],
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
        assert.equal(rendered.body.includes('<details>'), stage === 'failing');
        assert.equal(rendered.body.includes('xychart-beta'), stage === 'failing');
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

  test('the chart keeps the 40 largest AUROC drops of a large stack, in config order', () => {
    const report = syntheticReport(100, 5);
    const body = renderComment(report).body;
    const xAxis = /x-axis \[(.*)\]/.exec(body)![1].split(', ').map((s) => s.replace(/"/g, ''));
    assert.equal(xAxis.length, 40);
    assert.match(body, /title "AUROC of the 40 largest drops of \d+ monitors \(bars: base, line: updated\)"/);
    assert.deepEqual(xAxis, [...xAxis].sort(), 'config order');
    const drops = new Map(report.monitors.filter((m) => m.base).map((m) => [m.id, m.base!.auroc - m.updated!.auroc]));
    const shownMin = Math.min(...xAxis.map((id) => drops.get(id)!));
    const hidden = [...drops].filter(([id]) => !xAxis.includes(id));
    assert.ok(hidden.every(([, d]) => d <= shownMin));
  });

  test('the job summary has the same content under 1 MiB, and degrades the same way', () => {
    const report = syntheticReport(300, 5);
    const summary = renderSummary(report);
    assert.equal(summary.stage, 'full');
    assert.equal(summary.markdown.split('\n').filter((l) => /^\| `probe-/.test(l)).length, 300);
    assert.match(summary.markdown, /```mermaid\nxychart-beta/);
    const huge = syntheticReport(6000, 5);
    const cut = renderSummary(huge, { elsewhere: 'the JSON report `monitor-gate-report.json`' });
    assert.notEqual(cut.stage, 'full');
    assert.ok(Buffer.byteLength(cut.markdown) <= SUMMARY_MAX_BYTES);
    assert.match(cut.markdown, /left out to stay under GitHub's 1 MiB job-summary limit; the JSON report `monitor-gate-report\.json` has every monitor/);
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
