/**
 * The label-free estimate on the pack fixtures (test/fixtures/packs, written by
 * scripts/make-pack-fixtures.py from eight packs of different models): held out per pack, does its
 * score separate stale from fresh cells, spend a 30% budget on stale monitors first, and move the
 * stale metrics the right way? And does it match the Python reference (scripts/research/features.py)?
 *
 * The score needs no fitting (max of the estimated changes over their tolerances), so its per-pack
 * AUROC is its leave-one-pack-out AUROC; the shipped predictor maps it through a monotone logistic
 * whose constants are fitted without the held-out pack, which keeps every ranking (checked below).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { aurocWithTies } from '../src/core/metrics/auroc.ts';
import { domainWeights } from '../src/core/predict/transport.ts';
import { predictorProblems } from '../src/core/predict/predictor.ts';
import { fitDefaultPredictor } from '../scripts/fit-default-predictor.ts';
import { repoRoot } from './helpers/workspace.ts';
import { FIXTURE_DIR, budgetHits, estimatePack, loadPacks, packAuroc, signAgreement, type EstimateKind } from '../scripts/pack-fixtures.ts';

const packs = loadPacks();
const STRONG_EVAL = 0.97;
const WEAK_EVAL = 0.9;
const CALIBRATION = 0.92;

describe('label-free estimate on held-out packs', () => {
  it('has at least five packs, two of them with weak probes', () => {
    assert.ok(packs.length >= 6, `${packs.length} packs`);
    assert.ok(packs.filter((p) => p.weak).length >= 2);
  });

  for (const pack of packs) {
    describe(pack.pack, () => {
      const est = new Map<EstimateKind, ReturnType<typeof estimatePack>>();
      const of = (k: EstimateKind) => {
        if (!est.has(k)) est.set(k, estimatePack(pack, k));
        return est.get(k)!;
      };
      const target = pack.weak ? WEAK_EVAL : STRONG_EVAL;
      for (const kind of ['eval-platt', 'eval-raw'] as const) {
        it(`${kind}: AUROC >= ${target} on eval rows`, () => {
          const a = packAuroc(pack, of(kind).map((e) => e.score));
          assert.ok(a >= target, `${pack.pack} ${kind}: AUROC ${a.toFixed(3)} < ${target}`);
        });
      }
      for (const kind of ['calibration-transported-label', 'calibration-transported-raw'] as const) {
        it(`${kind} (calibration drift carried onto the base eval rows): AUROC >= ${CALIBRATION}`, () => {
          const a = packAuroc(pack, of(kind).map((e) => e.score));
          assert.ok(a >= CALIBRATION, `${pack.pack} ${kind}: AUROC ${a.toFixed(3)} < ${CALIBRATION}`);
        });
      }
      for (const kind of ['eval-raw', 'eval-platt', 'calibration-transported-label', 'calibration-transported-raw'] as const) {
        // a budget run measures some monitors, so it has the base eval labels for the transported estimate;
        // predict-only (raw soft labels) spends no budget
        if (kind !== 'calibration-transported-raw') {
          it(`${kind}: a 30% budget measures >= 80% of min(stale, budget)`, () => {
            const { hits, want } = budgetHits(pack, of(kind).map((e) => e.score));
            assert.ok(hits >= 0.8 * want, `${pack.pack} ${kind}: ${hits}/${want}`);
          });
        }
        it(`${kind}: the stale metrics move the right way on >= 90% of stale cells`, () => {
          const { agree, stale } = signAgreement(pack, of(kind));
          assert.ok(agree >= 0.9 * stale, `${pack.pack} ${kind}: ${agree}/${stale}`);
        });
      }
      it('intervals widen with fewer rows: the standard errors are positive and finite', () => {
        for (const e of of('eval-platt')) {
          assert.ok(e.tpr.se > 0 && Number.isFinite(e.tpr.se));
          assert.ok(e.fpr.se > 0 && Number.isFinite(e.fpr.se));
        }
      });
    });
  }

  it('a monotone map of the score keeps every pack AUROC (the predictor only rescales it)', () => {
    const pack = packs[0];
    const score = estimatePack(pack, 'eval-raw').map((e) => e.score);
    const risk = score.map((s) => 1 / (1 + Math.exp(-(3 * s - 2))));
    assert.equal(packAuroc(pack, risk), packAuroc(pack, score));
  });

  it('the score is a real signal: shuffled against the truth it falls to chance', () => {
    const pack = packs.find((p) => p.pack === 'realbench') ?? packs[0];
    const score = estimatePack(pack, 'eval-raw').map((e) => e.score);
    const stale = Uint8Array.from(pack.cells, (c) => (c.truth.stale ? 1 : 0));
    // a fixed derangement of the cells: pairs each score with another variant's truth
    const shifted = Uint8Array.from(stale, (_, i) => stale[(i + 37) % stale.length]);
    assert.ok(aurocWithTies(Float64Array.from(score), shifted) < 0.8);
  });
});

describe('the built-in predictor', () => {
  const fit = fitDefaultPredictor();

  it('is the one scripts/fit-default-predictor.ts fits on the pack fixtures', () => {
    const builtIn = JSON.parse(readFileSync(path.join(repoRoot, 'src', 'core', 'predict', 'default-predictor.json'), 'utf8'));
    const approx = (a: unknown, b: unknown, where: string): void => {
      if (typeof a === 'number' && typeof b === 'number') return assert.ok(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)), `${where}: ${a} vs ${b}`);
      if (Array.isArray(a) && Array.isArray(b)) {
        assert.equal(a.length, b.length, where);
        return a.forEach((x, i) => approx(x, b[i], `${where}[${i}]`));
      }
      if (a && b && typeof a === 'object' && typeof b === 'object') {
        assert.deepEqual(Object.keys(a).sort(), Object.keys(b).sort(), where);
        for (const k of Object.keys(a)) approx((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${where}.${k}`);
        return;
      }
      assert.equal(a, b, where);
    };
    approx(JSON.parse(JSON.stringify(fit.predictor)), builtIn, 'default-predictor.json (regenerate with node --import tsx scripts/fit-default-predictor.ts)');
    assert.deepEqual(predictorProblems(builtIn), []);
  });

  it('holding out whole packs: the risk fitted without a pack separates its cells (>= 0.97 strong, >= 0.90 weak)', (t) => {
    assert.equal(fit.perPack.length, packs.length);
    for (const p of fit.perPack) {
      t.diagnostic(`${p.pack} (${p.weak ? 'weak' : 'strong'}): held-out AUROC ${p.auroc.toFixed(3)}`);
      assert.ok(p.auroc >= (p.weak ? WEAK_EVAL : STRONG_EVAL), `${p.pack}: ${p.auroc}`);
    }
  });

  it('crosses risk 0.5 near the stale line (score 1), and risk rises with the score', () => {
    const p = fit.predictor;
    assert.ok(p.coefficients[0] > 0);
    const slope = p.coefficients[0] / p.scale[0];
    const half = p.center[0] - p.intercept / slope;
    assert.ok(half > 0.5 && half < 2, `risk 0.5 at score ${half}`);
  });
});

describe('the TypeScript estimate matches the Python reference (features.py)', () => {
  const close = (a: number | null | undefined, b: number, tol: number, what: string) => {
    assert.ok(a !== null && a !== undefined, `${what}: no reference`);
    assert.ok(Math.abs(a - b) <= tol, `${what}: TypeScript ${b} vs Python ${a}`);
  };
  for (const pack of packs) {
    it(`${pack.pack}: CBPE on eval rows (raw and Platt with the reference folds), transported on calibration rows`, () => {
      const kinds = [
        ['eval-raw', 'eval_raw'],
        ['eval-platt', 'eval_platt'],
        ['calibration-raw', 'calibration_raw'],
        ['calibration-transported-label', 'transported_domain_label'],
        ['calibration-transported-raw', 'transported_domain_raw'],
      ] as const;
      let checked = 0;
      for (const [kind, key] of kinds) {
        const est = estimatePack(pack, kind, { referenceFolds: true });
        pack.cells.forEach((c, i) => {
          const ref = c.reference?.[key];
          if (!ref) return;
          checked++;
          const e = est[i];
          const where = `${pack.pack} ${c.monitor.id}/${c.variant} ${kind}`;
          // the same float32 inputs: rates agree to rounding; a Platt fit to the solver's tolerance
          const rateTol = kind === 'eval-platt' ? 2e-4 : 1e-6;
          close(ref.tpr_b, e.tpr.base, rateTol, `${where} tpr_b`);
          close(ref.tpr_u, e.tpr.updated, kind.startsWith('calibration-transported') ? 1e-5 : rateTol, `${where} tpr_u`);
          close(ref.fpr_b, e.fpr.base, rateTol, `${where} fpr_b`);
          close(ref.fpr_u, e.fpr.updated, kind.startsWith('calibration-transported') ? 1e-5 : rateTol, `${where} fpr_u`);
          if (kind.startsWith('calibration-transported')) {
            // Python averages 32 Monte-Carlo draws; TypeScript computes the expectation
            close(ref.auroc_drop, -e.auroc.change, 0.003, `${where} auroc_drop`);
            close(ref.score, e.score, 0.05, `${where} score`);
          } else {
            close(ref.auroc_b, e.auroc.base, rateTol, `${where} auroc_b`);
            close(ref.auroc_u, e.auroc.updated, rateTol, `${where} auroc_u`);
            close(ref.tpr_drop_se, e.tpr.se, rateTol, `${where} tpr_drop_se`);
            close(ref.fpr_rise_se, e.fpr.se, rateTol, `${where} fpr_rise_se`);
            close(ref.auroc_drop_se, e.auroc.se, kind === 'eval-platt' ? 1e-3 : 1e-5, `${where} auroc_drop_se`);
            close(ref.score, e.score, kind === 'eval-platt' ? 2e-3 : 1e-5, `${where} score`);
          }
        });
      }
      assert.ok(checked >= 5 * 8, `${checked} reference cells`);
    });
  }

  it('domain weights: the L-BFGS domain classifier matches scikit-learn on the same rows', () => {
    const ref = JSON.parse(readFileSync(path.join(FIXTURE_DIR, 'domain-weights-reference.json'), 'utf8'));
    const f32 = (b64: string) => {
      const b = Buffer.from(b64, 'base64');
      return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
    };
    const cal = f32(ref.calibration_rows);
    const rows = f32(ref.reference_rows);
    const want = f32(ref.weights);
    const got = domainWeights({ data: cal, rows: cal.length / ref.d, width: ref.d }, { data: rows, rows: rows.length / ref.d, width: ref.d }, ref.C, ref.clip);
    assert.equal(got.length, want.length);
    let worst = 0;
    for (let i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(Math.log(got[i]) - Math.log(want[i])));
    // scikit-learn's lbfgs stops at its own tolerance: the log-weights agree to a few hundredths
    assert.ok(worst < 0.05, `worst |log w_ts - log w_py| = ${worst}`);
  });
});
