// The staleness predictor on the real benchmark pack: 8 real update variants x 12 monitors of a
// small transformer. Every number here is measured holding out whole variants: the predictor that
// scores a variant was fitted without any cell of it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { fitPredictor, historyFromReports, loadConfig, reportSchemaProblems, runGate, type GateReport } from '../src/core/index.ts';
import { crossValidateLogistic } from '../src/core/predict/logistic.ts';
import { aurocWithTies } from '../src/core/metrics/auroc.ts';
import { FEATURE_NAMES } from '../src/core/predict/features.ts';
import { realbenchConfig, realbenchReports, realbenchRoot, type VariantReport } from '../scripts/realbench-reports.ts';
import { hasRealbench, realbenchDir } from './helpers/workspace.ts';

const skip = hasRealbench ? false : `../shared/realbench not found beside the repository`;

/** The bar for leave-one-variant-out AUROC. */
const MIN_LOVO_AUROC = 0.85;
/** Revalidation budget: this share of each variant's monitors measured with labels. */
const BUDGET_SHARE = 0.3;

describe('realbench: predicting stale monitors before labeled revalidation', { skip }, () => {
  let measured: VariantReport[] = [];
  const truth = new Map<string, boolean>(); // `${variant}/${monitor}` -> stale

  before(async () => {
    measured = await realbenchReports();
    const cells = JSON.parse(readFileSync(path.join(realbenchDir, 'ground_truth.json'), 'utf8')).cells as { monitor_id: string; variant: string; stale: boolean }[];
    for (const c of cells) truth.set(`${c.variant}/${c.monitor_id}`, c.stale);
  });

  test('every monitor of every variant carries a prediction with its features, and the reports validate', () => {
    assert.equal(measured.length, 8);
    for (const { variant, report } of measured) {
      assert.deepEqual(reportSchemaProblems(report), []);
      assert.equal(report.prediction?.mode, 'measure-all');
      const ranks = report.monitors.map((m) => m.predicted!.rank).sort((a, b) => a - b);
      assert.deepEqual(ranks, report.monitors.map((_, i) => i + 1), `${variant}: ranks are 1..n`);
      for (const m of report.monitors) {
        assert.equal(m.predicted!.measured, true);
        assert.equal(m.predicted!.drift_rows?.source, 'calibration', `${variant}/${m.id} drifts on its calibration rows`);
        const adapter = ['lora', 'qlora', 'lora-merged'].includes(report.event!.family);
        for (const name of FEATURE_NAMES) {
          // an adapter's rank and scaling are facts of adapters only
          const expected = name.startsWith('update_adapter_') && !adapter ? 'object' : 'number';
          assert.equal(typeof m.predicted!.features[name], expected, `${variant}/${m.id}: feature ${name}`);
        }
      }
    }
  });

  test(`leave-one-variant-out AUROC >= ${MIN_LOVO_AUROC}`, (t) => {
    const history = historyFromReports(measured.map(({ variant, report }) => ({ file: variant, report })));
    assert.equal(history.examples.length, 96);
    // the labels the predictor learns from are the measured verdicts, which match the pack's ground truth
    for (const e of history.examples) assert.equal(e.stale === 1, truth.get(`${e.group}/${e.monitor}`), `${e.group}/${e.monitor}`);
    const { validation, predictor } = fitPredictor(history.examples);
    assert.equal(validation.scheme, 'leave-one-group-out');
    assert.equal(validation.folds, 8);
    // the fold a cell is scored in is its own variant's, so the fit never saw that variant
    const variantOfFold = new Map<number, string>();
    history.examples.forEach((e, i) => {
      const seen = variantOfFold.get(validation.foldOf[i]);
      assert.ok(seen === undefined || seen === e.group);
      variantOfFold.set(validation.foldOf[i], e.group);
    });
    t.diagnostic(`leave-one-variant-out AUROC ${validation.auroc!.toFixed(3)} over ${history.examples.length} cells`);
    assert.ok(validation.auroc! >= MIN_LOVO_AUROC, `leave-one-variant-out AUROC ${validation.auroc}`);
    assert.equal(predictor.quality?.auroc, validation.auroc);
  });

  test('the built-in predictor (fitted on the pack fixtures) ranks this pack\'s cells from the gate\'s own label-free estimate', (t) => {
    const risk: number[] = [];
    const stale: number[] = [];
    for (const { variant, report } of measured) {
      assert.equal(report.prediction?.predictor, 'built-in');
      for (const m of report.monitors) {
        // measure-all scores both sides of the eval rows in the same pass: the estimate reads them, labels unread
        assert.equal(m.predicted!.estimated?.rows.source, 'eval', `${variant}/${m.id}`);
        assert.equal(m.predicted!.estimated?.soft_labels, 'raw');
        risk.push(m.predicted!.risk);
        stale.push(truth.get(`${variant}/${m.id}`) ? 1 : 0);
      }
    }
    const auroc = aurocWithTies(Float64Array.from(risk), Uint8Array.from(stale));
    t.diagnostic(`built-in predictor on the gate's estimates: AUROC ${auroc.toFixed(3)} over ${risk.length} cells`);
    assert.ok(auroc >= 0.97, `AUROC ${auroc}`);
  });

  test('--predict-only with no label files: the estimate carries the calibration drift onto the base eval rows, separates stale cells and moves their stale metrics the right way', async (t) => {
    const config = await loadConfig(realbenchConfig, { root: realbenchRoot });
    // no monitor may read a label: point every label file at a path that does not exist
    const blind = { ...config, monitors: config.monitors.map((m) => ({ ...m, labels: { kind: 'file' as const, path: path.join(realbenchRoot, 'no-such-labels.npy') } })) };
    const risk: number[] = [];
    const stale: number[] = [];
    let agree = 0;
    let staleCells = 0;
    for (const { variant, report: full } of measured) {
      const report = await runGate(blind as typeof config, { updatedDir: path.join(realbenchDir, 'activations', variant), event: full.event, predictOnly: true });
      assert.deepEqual(reportSchemaProblems(report), []);
      for (const m of report.monitors) {
        assert.ok(m.verdict === 'predicted-stale' || m.verdict === 'predicted-fresh', `${variant}/${m.id}: ${m.verdict} ${m.error ?? ''}`);
        const e = m.predicted!.estimated!;
        assert.equal(e.rows.source, 'calibration');
        assert.equal(e.soft_labels, 'raw');
        // the calibration drift carried onto the base eval rows (their activations read, their labels not)
        assert.deepEqual(e.transported_onto, { source: 'eval', rows: 240 });
        risk.push(m.predicted!.risk);
        const isStale = truth.get(`${variant}/${m.id}`)!;
        stale.push(isStale ? 1 : 0);
        if (isStale) {
          staleCells++;
          const measuredCell = full.monitors.find((f) => f.id === m.id)!;
          const reasons = measuredCell.reasons.join(' ');
          const ok = (!/TPR at the deployed threshold dropped/.test(reasons) || e.tpr_delta.value < 0) && (!/FPR at the deployed threshold rose/.test(reasons) || e.fpr_delta.value > 0) && (!/AUROC dropped/.test(reasons) || e.auroc_delta.value < 0);
          if (ok) agree++;
        }
      }
    }
    const auroc = aurocWithTies(Float64Array.from(risk), Uint8Array.from(stale));
    t.diagnostic(`predict-only (calibration rows transported onto the base eval rows, raw soft labels): AUROC ${auroc.toFixed(3)}; stale metrics moving the right way on ${agree}/${staleCells} stale cells`);
    assert.ok(auroc >= 0.92, `AUROC ${auroc}`);
    assert.ok(agree >= 0.9 * staleCells, `${agree}/${staleCells}`);
  });

  test(`a ${BUDGET_SHARE * 100}% revalidation budget, spent by risk, catches >= 80% of stale monitors`, async (t) => {
    const config = await loadConfig(realbenchConfig, { root: realbenchRoot });
    let stale = 0;
    let caught = 0;
    let staleMeasured = 0;
    let measuredTotal = 0;
    let falseAlarms = 0; // fresh monitors flagged predicted-stale
    for (const { variant, report: full } of measured) {
      // fitted on the other seven variants only
      const others = historyFromReports(measured.filter((r) => r.variant !== variant).map(({ variant: v, report }) => ({ file: v, report })));
      const { predictor } = fitPredictor(others.examples);
      const event = full.event;
      const report: GateReport = await runGate(config, {
        updatedDir: path.join(realbenchDir, 'activations', variant),
        event,
        budget: { kind: 'share', value: BUDGET_SHARE },
        predictor: { predictor, name: `fitted without ${variant}` },
      });
      assert.deepEqual(reportSchemaProblems(report), []);
      const n = report.monitors.length;
      const budget = Math.ceil(BUDGET_SHARE * n);
      assert.deepEqual(report.prediction?.budget, { requested: '30%', measured: budget });
      const measuredHere = report.monitors.filter((m) => m.predicted!.measured);
      assert.equal(measuredHere.length, budget);
      // the measured ones are the highest-risk ones
      const cutoff = Math.min(...measuredHere.map((m) => m.predicted!.risk));
      for (const m of report.monitors.filter((m) => !m.predicted!.measured)) assert.ok(m.predicted!.risk <= cutoff, `${variant}/${m.id}`);
      for (const m of report.monitors) {
        const isStale = truth.get(`${variant}/${m.id}`)!;
        if (m.predicted!.measured) {
          // a measured monitor gets the same verdict as when every monitor is measured
          assert.equal(m.verdict, full.monitors.find((f) => f.id === m.id)!.verdict, `${variant}/${m.id}`);
          measuredTotal++;
          if (isStale) staleMeasured++;
        } else {
          assert.ok(m.verdict === 'predicted-stale' || m.verdict === 'predicted-fresh', `${variant}/${m.id}: ${m.verdict}`);
        }
        if (!isStale && m.verdict === 'predicted-stale') falseAlarms++;
        if (isStale) {
          stale++;
          if (m.verdict === 'stale' || m.verdict === 'predicted-stale') caught++;
        }
      }
    }
    assert.equal(stale, 42);
    assert.equal(measuredTotal, 8 * Math.ceil(BUDGET_SHARE * 12));
    // measured stale or flagged predicted-stale: the gate does not let them ship unexamined
    t.diagnostic(`30% budget per variant: ${caught}/${stale} stale monitors caught (${staleMeasured} measured stale of ${measuredTotal} measured, the rest predicted-stale; ${falseAlarms} fresh monitors also predicted stale)`);
    assert.ok(caught / stale >= 0.8, `caught ${caught}/${stale} stale monitors (measured ${staleMeasured} of them)`);
  });

  test(`the built-in predictor with a ${BUDGET_SHARE * 100}% budget: the measured monitors include >= 80% of min(stale, budget)`, async (t) => {
    const config = await loadConfig(realbenchConfig, { root: realbenchRoot });
    let hits = 0;
    let want = 0;
    for (const { variant, report: full } of measured) {
      const report = await runGate(config, { updatedDir: path.join(realbenchDir, 'activations', variant), event: full.event, budget: { kind: 'share', value: BUDGET_SHARE } });
      assert.deepEqual(reportSchemaProblems(report), []);
      const budget = Math.ceil(BUDGET_SHARE * report.monitors.length);
      for (const m of report.monitors) {
        // a budget run has the base eval labels: the transported estimate weights the base eval rows by them
        assert.equal(m.predicted!.estimated?.soft_labels, 'labels', `${variant}/${m.id}`);
        assert.deepEqual(m.predicted!.estimated?.transported_onto, { source: 'eval', rows: 240 });
      }
      hits += report.monitors.filter((m) => m.predicted!.measured && truth.get(`${variant}/${m.id}`)).length;
      want += Math.min(budget, report.monitors.filter((m) => truth.get(`${variant}/${m.id}`)).length);
    }
    t.diagnostic(`built-in predictor, 30% budget per variant: ${hits} of min(stale, budget) = ${want} measured monitors are stale`);
    assert.ok(hits >= 0.8 * want, `${hits}/${want}`);
  });

  test(`pooled over the pack, the ${BUDGET_SHARE * 100}% highest-risk cells hold >= 80% of the stale cells such a budget can hold`, (t) => {
    const history = historyFromReports(measured.map(({ variant, report }) => ({ file: variant, report })));
    const names = [...FEATURE_NAMES];
    const rows = history.examples.map((e) => names.map((f) => e.features[f] ?? NaN));
    const labels = history.examples.map((e) => e.stale);
    const { predictions } = crossValidateLogistic(rows, labels, names, { groups: history.examples.map((e) => e.group) });
    const order = predictions.map((_, i) => i).sort((a, b) => predictions[b] - predictions[a] || a - b);
    const budget = Math.ceil(BUDGET_SHARE * order.length);
    const staleTotal = labels.filter((y) => y === 1).length;
    const inBudget = order.slice(0, budget).filter((i) => labels[i] === 1).length;
    // 42 of 96 cells are stale, more than a 29-cell budget: at most 29 can be in it
    const reachable = Math.min(budget, staleTotal);
    t.diagnostic(`pooled 30% budget: ${inBudget} of the ${budget} riskiest cells are stale (${staleTotal} stale cells in all, at most ${reachable} can fit)`);
    assert.ok(inBudget >= 0.8 * reachable, `${inBudget} stale of ${budget} measured (reachable ${reachable}, stale ${staleTotal})`);
  });
});
