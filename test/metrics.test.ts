// src/core/metrics against independent references (sklearn / scipy / a textbook O(m n) DeLong,
// precomputed by scripts/make-metrics-reference.py into test/fixtures/metrics-reference.json),
// brute-force TS references, and properties the metrics must satisfy.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import {
  aurocWithTies,
  delongPairedTest,
  flipRate,
  ksStatistic,
  operatingMetrics,
  populationStabilityIndex,
  ratesAtThreshold,
  recallAtFpr,
  shiftMetrics,
} from '../src/core/metrics/index.ts';
import { mulberry32 as rng } from '../src/core/random.ts';

// ---------- helpers ----------

interface OperatingReference {
  auroc: number;
  tpr: number;
  fpr: number;
  recall_at_fpr: Record<string, number>;
}

interface ReferenceDataset {
  name: string;
  description: string;
  threshold: number;
  labels: number[];
  base: number[];
  updated: number[];
  reference: {
    base: OperatingReference;
    updated: OperatingReference;
    delong: { auroc_base: number; auroc_updated: number; diff: number; se: number; z: number; p_value: number; ci95: [number, number] };
    shift: { ks: number; psi: number; flip_rate: number };
  };
}

const fixture = JSON.parse(readFileSync(new URL('./fixtures/metrics-reference.json', import.meta.url), 'utf8')) as {
  fpr_levels: number[];
  datasets: ReferenceDataset[];
};

function close(actual: number, expected: number, tol: number, what: string): void {
  assert.ok(Number.isFinite(actual), `${what}: expected a finite number, got ${actual}`);
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual} differs from ${expected} by more than ${tol}`);
}

function relClose(actual: number, expected: number, rel: number, what: string): void {
  close(actual, expected, rel * Math.abs(expected) + 1e-300, what);
}


function normal(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

/** n rows, positives with probability pPos, score = noise + shift * label, optionally rounded. */
function synthetic(seed: number, n: number, shift: number, decimals?: number, pPos = 0.4): { scores: Float64Array; labels: Uint8Array } {
  const rand = rng(seed);
  const scores = new Float64Array(n);
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = rand() < pPos ? 1 : 0;
    const s = normal(rand) + shift * labels[i];
    scores[i] = decimals === undefined ? s : Math.round(s * 10 ** decimals) / 10 ** decimals;
  }
  // make sure both classes are present
  labels[0] = 1;
  labels[1] = 0;
  return { scores, labels };
}

/** O(m n) AUROC straight from the definition. */
function bruteAuroc(scores: ArrayLike<number>, labels: Uint8Array): number {
  let sum = 0;
  let pairs = 0;
  for (let i = 0; i < scores.length; i++) {
    if (labels[i] !== 1) continue;
    for (let j = 0; j < scores.length; j++) {
      if (labels[j] !== 0) continue;
      pairs++;
      sum += scores[i] > scores[j] ? 1 : scores[i] === scores[j] ? 0.5 : 0;
    }
  }
  return sum / pairs;
}

/** O(N^2) recall at FPR: try every threshold (each distinct score, and below the minimum). */
function bruteRecallAtFpr(scores: ArrayLike<number>, labels: Uint8Array, maxFpr: number): number {
  const thresholds = [...new Set(Array.from(scores)), -Infinity];
  let best = 0;
  for (const t of thresholds) {
    const { tpr, fpr } = ratesAtThreshold(scores as Float64Array, labels, t);
    if (fpr <= maxFpr && tpr > best) best = tpr;
  }
  return best;
}

/** O(N^2) KS: evaluate both ECDFs (F(x) = share <= x) at every observed value. */
function bruteKs(a: number[], b: number[]): number {
  let d = 0;
  for (const x of [...a, ...b]) {
    const fa = a.filter((v) => v <= x).length / a.length;
    const fb = b.filter((v) => v <= x).length / b.length;
    d = Math.max(d, Math.abs(fa - fb));
  }
  return d;
}

const logit = (p: number) => Math.log(p / (1 - p));
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

// ---------- against the Python reference fixture ----------

describe('metrics match sklearn / scipy / textbook DeLong (fixture)', () => {
  assert.ok(fixture.datasets.length >= 4, 'fixture has datasets');
  for (const ds of fixture.datasets) {
    const labels = Uint8Array.from(ds.labels);
    const base = Float64Array.from(ds.base);
    const updated = Float64Array.from(ds.updated);
    const ref = ds.reference;

    test(`${ds.name}: operating metrics`, () => {
      for (const [role, scores] of [
        ['base', base],
        ['updated', updated],
      ] as const) {
        const expected = ref[role];
        const got = operatingMetrics(scores, labels, ds.threshold);
        close(got.auroc, expected.auroc, 1e-12, `${role} auroc`);
        close(aurocWithTies(scores, labels), expected.auroc, 1e-12, `${role} aurocWithTies`);
        close(got.tpr, expected.tpr, 1e-15, `${role} tpr`);
        close(got.fpr, expected.fpr, 1e-15, `${role} fpr`);
        close(got.recall_at_1fpr, expected.recall_at_fpr['0.01'], 1e-15, `${role} recall@1%`);
        close(got.recall_at_5fpr, expected.recall_at_fpr['0.05'], 1e-15, `${role} recall@5%`);
        for (const level of fixture.fpr_levels) {
          const key = Object.keys(expected.recall_at_fpr).find((k) => Number(k) === level);
          assert.ok(key, `reference has recall at ${level}`);
          close(recallAtFpr(scores, labels, level), expected.recall_at_fpr[key], 1e-15, `${role} recall@${level}`);
        }
      }
    });

    test(`${ds.name}: DeLong (fast midrank) equals the O(m n) psi-kernel formula`, () => {
      const got = delongPairedTest(base, updated, labels);
      const want = ref.delong;
      close(got.auroc_base, want.auroc_base, 1e-12, 'auroc_base');
      close(got.auroc_updated, want.auroc_updated, 1e-12, 'auroc_updated');
      close(got.diff, want.diff, 1e-12, 'diff');
      relClose(got.se, want.se, 1e-9, 'se');
      relClose(got.z, want.z, 1e-9, 'z');
      // erfc approximation: ~1.2e-7 relative accuracy
      relClose(got.p_value, want.p_value, 1e-6, 'p_value');
      close(got.ci95[0], want.ci95[0], 1e-10, 'ci95 low');
      close(got.ci95[1], want.ci95[1], 1e-10, 'ci95 high');
    });

    test(`${ds.name}: shift metrics`, () => {
      const got = shiftMetrics(base, updated, ds.threshold);
      close(got.ks, ref.shift.ks, 1e-12, 'ks');
      close(ksStatistic(updated, base), ref.shift.ks, 1e-12, 'ks (swapped)');
      close(got.psi, ref.shift.psi, 1e-12, 'psi');
      close(populationStabilityIndex(base, updated), ref.shift.psi, 1e-12, 'psi (direct)');
      close(got.flip_rate, ref.shift.flip_rate, 1e-15, 'flip_rate');
    });

    test(`${ds.name}: number[] and Float32Array inputs give the same results`, () => {
      const fromArray = operatingMetrics(ds.base, labels, ds.threshold);
      assert.deepEqual(fromArray, operatingMetrics(base, labels, ds.threshold));
      assert.deepEqual(delongPairedTest(ds.base, ds.updated, labels), delongPairedTest(base, updated, labels));
      // Rounding to float32 keeps the order and the ties of these coarse datasets.
      if (ds.name === 'ties-1dp' || ds.name === 'integers-imbalanced') {
        const f32 = Float32Array.from(ds.base);
        const m32 = operatingMetrics(f32, labels, ds.threshold);
        const m64 = operatingMetrics(base, labels, ds.threshold);
        assert.deepEqual(m32, m64);
        close(ksStatistic(f32, Float32Array.from(ds.updated)), ref.shift.ks, 1e-12, 'ks float32');
      }
    });
  }
});

// ---------- AUROC ----------

describe('aurocWithTies', () => {
  test('perfect separation is 1, reversed is 0, all-equal is 0.5', () => {
    const labels = Uint8Array.from([0, 0, 0, 1, 1, 1, 1]);
    const scores = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7];
    assert.equal(aurocWithTies(scores, labels), 1);
    assert.equal(aurocWithTies(scores.map((s) => -s), labels), 0);
    assert.equal(aurocWithTies(scores.map(() => 0.42), labels), 0.5);
    // separated but touching: one tied pair across the classes counts 1/2
    assert.equal(aurocWithTies([0, 1, 1, 2], Uint8Array.from([0, 0, 1, 1])), (4 - 0.5) / 4);
  });

  test('matches the O(m n) definition on random data with and without ties', () => {
    for (const [seed, decimals] of [
      [1, undefined],
      [2, 1],
      [3, 0],
    ] as const) {
      const { scores, labels } = synthetic(seed, 400, 0.8, decimals);
      close(aurocWithTies(scores, labels), bruteAuroc(scores, labels), 1e-12, `seed ${seed}`);
    }
  });

  test('is invariant to strictly monotone transforms (sigmoid, logit, affine)', () => {
    for (const decimals of [undefined, 1]) {
      const { scores, labels } = synthetic(11, 500, 1.0, decimals);
      const a = aurocWithTies(scores, labels);
      const probs = scores.map(sigmoid);
      assert.equal(aurocWithTies(probs, labels), a);
      assert.equal(aurocWithTies(probs.map(logit), labels), a);
      assert.equal(aurocWithTies(scores.map((s) => 3 * s - 7), labels), a);
      assert.equal(recallAtFpr(probs, labels, 0.05), recallAtFpr(scores, labels, 0.05));
    }
  });

  test('-0 and +0 are the same score', () => {
    assert.equal(aurocWithTies([-0, 0], Uint8Array.from([1, 0])), 0.5);
    assert.equal(aurocWithTies([0, -0], Uint8Array.from([1, 0])), 0.5);
  });

  test('throws on an empty class, mismatched lengths, NaN scores and non-0/1 labels', () => {
    assert.throws(() => aurocWithTies([0.1, 0.2], Uint8Array.from([1, 1])), /both classes/);
    assert.throws(() => aurocWithTies([0.1, 0.2], Uint8Array.from([0, 0])), /both classes/);
    assert.throws(() => aurocWithTies([0.1, 0.2, 0.3], Uint8Array.from([0, 1])), /rows/);
    assert.throws(() => aurocWithTies([0.1, NaN], Uint8Array.from([0, 1])), /NaN/);
    assert.throws(() => aurocWithTies([0.1, 0.2], Uint8Array.from([0, 2])), /0 or 1/);
  });
});

// ---------- operating point ----------

describe('ratesAtThreshold and recallAtFpr', () => {
  test('a score equal to the threshold is not flagged', () => {
    const labels = Uint8Array.from([1, 1, 1, 1, 0, 0, 0, 0]);
    const scores = [0.9, 0.5, 0.5, 0.2, 0.6, 0.5, 0.1, 0.0];
    assert.deepEqual(ratesAtThreshold(scores, labels, 0.5), { tpr: 0.25, fpr: 0.25 });
    assert.deepEqual(ratesAtThreshold(scores, labels, 0.49), { tpr: 0.75, fpr: 0.5 });
    assert.deepEqual(ratesAtThreshold(scores, labels, -1), { tpr: 1, fpr: 1 });
    assert.deepEqual(ratesAtThreshold(scores, labels, 1), { tpr: 0, fpr: 0 });
    const m = operatingMetrics(scores, labels, 0.5);
    assert.equal(m.tpr, 0.25);
    assert.equal(m.fpr, 0.25);
  });

  test('a tie that straddles the FPR limit cannot be split', () => {
    // 100 negatives: one at 0.8 (tied with three positives), 99 at 0.1.
    // Positives: 0.9, 0.8, 0.8, 0.8, 0.2.
    const scores = [0.9, 0.8, 0.8, 0.8, 0.2, 0.8, ...Array<number>(99).fill(0.1)];
    const labels = Uint8Array.from([1, 1, 1, 1, 1, ...Array<number>(100).fill(0)]);
    // Flagging the 0.8 group costs FPR 0.01, so below that only the 0.9 positive is reachable;
    // a tie-splitting implementation would wrongly report 0.8 for maxFpr 0.005.
    assert.equal(recallAtFpr(scores, labels, 0.005), 0.2);
    assert.equal(recallAtFpr(scores, labels, 0), 0.2);
    // At exactly 1% the whole group plus the 0.2 positive (cut at 0.1) fit: FPR stays 0.01.
    assert.equal(recallAtFpr(scores, labels, 0.01), 1);
    const m = operatingMetrics(scores, labels, 0.5);
    assert.equal(m.recall_at_1fpr, 1);
    assert.equal(m.recall_at_5fpr, 1);
  });

  test('all rows tied: only "flag nothing" or "flag everything"', () => {
    const labels = Uint8Array.from([1, 0, 1, 0]);
    assert.equal(recallAtFpr([0.3, 0.3, 0.3, 0.3], labels, 0.99), 0);
    assert.equal(recallAtFpr([0.3, 0.3, 0.3, 0.3], labels, 1), 1);
  });

  test('a negative above every positive makes recall at 0 FPR zero', () => {
    assert.equal(recallAtFpr([0.9, 0.95, 0.1], Uint8Array.from([1, 0, 0]), 0), 0);
    assert.equal(recallAtFpr([0.9, 0.95, 0.1], Uint8Array.from([1, 0, 0]), 0.5), 1);
  });

  test('matches a brute-force search over every threshold on random tied data', () => {
    for (const [seed, decimals] of [
      [21, 1],
      [22, 0],
      [23, undefined],
    ] as const) {
      const { scores, labels } = synthetic(seed, 300, 1.0, decimals, 0.3);
      for (const level of [0, 0.01, 0.05, 0.1, 0.3, 1]) {
        assert.equal(recallAtFpr(scores, labels, level), bruteRecallAtFpr(scores, labels, level), `seed ${seed} @${level}`);
      }
    }
  });

  test('rejects a negative or NaN maxFpr and a NaN threshold', () => {
    const labels = Uint8Array.from([1, 0]);
    assert.throws(() => recallAtFpr([1, 0], labels, -0.1), RangeError);
    assert.throws(() => recallAtFpr([1, 0], labels, NaN), RangeError);
    assert.throws(() => ratesAtThreshold([1, 0], labels, NaN), RangeError);
    assert.throws(() => ratesAtThreshold([1, 0], Uint8Array.from([1, 1]), 0.5), /both classes/);
  });
});

// ---------- DeLong ----------

describe('delongPairedTest', () => {
  test('identical score vectors: diff 0, se 0, z 0, p 1', () => {
    const { scores, labels } = synthetic(31, 300, 0.7, 1);
    const r = delongPairedTest(scores, scores.slice(), labels);
    assert.equal(r.diff, 0);
    assert.equal(r.se, 0);
    assert.equal(r.z, 0);
    assert.equal(r.p_value, 1);
    assert.deepEqual(r.ci95, [0, 0]);
    assert.equal(r.auroc_base, aurocWithTies(scores, labels));
  });

  test('both AUROCs 1: degenerate variance, never NaN', () => {
    const labels = Uint8Array.from([0, 0, 0, 1, 1, 1]);
    const r = delongPairedTest([0.1, 0.2, 0.3, 0.7, 0.8, 0.9], [0.3, 0.1, 0.2, 0.9, 0.95, 0.6], labels);
    assert.deepEqual(r, { diff: 0, se: 0, z: 0, p_value: 1, ci95: [0, 0], auroc_base: 1, auroc_updated: 1 });
  });

  test('equal AUROCs from different rankings: diff 0, se > 0, p 1', () => {
    const labels = Uint8Array.from([1, 1, 0, 0]);
    const r = delongPairedTest([0.9, 0.2, 0.5, 0.1], [0.3, 0.8, 0.5, 0.1], labels);
    assert.equal(r.auroc_base, 0.75);
    assert.equal(r.auroc_updated, 0.75);
    assert.equal(r.diff, 0);
    assert.ok(r.se > 0);
    assert.equal(r.z, 0);
    assert.equal(r.p_value, 1);
    assert.deepEqual(r.ci95, [-1.959963984540054 * r.se, 1.959963984540054 * r.se]);
  });

  test('zero variance with a non-zero difference stays finite', () => {
    const labels = Uint8Array.from([0, 0, 0, 1, 1, 1]);
    const r = delongPairedTest([0.1, 0.2, 0.3, 0.7, 0.8, 0.9], [0.5, 0.5, 0.5, 0.5, 0.5, 0.5], labels);
    assert.equal(r.diff, -0.5);
    assert.equal(r.se, 0);
    assert.equal(r.z, 0);
    assert.equal(r.p_value, 0);
    assert.deepEqual(r.ci95, [-0.5, -0.5]);
  });

  test('swapping base and updated flips the sign of diff, z and the CI, keeps se and p', () => {
    const rand = rng(41);
    const { scores: base, labels } = synthetic(41, 400, 1.0);
    const updated = base.map((s) => s + 0.8 * normal(rand));
    const ab = delongPairedTest(base, updated, labels);
    const ba = delongPairedTest(updated, base, labels);
    assert.ok(ab.diff !== 0);
    assert.equal(ba.diff, -ab.diff);
    assert.equal(ba.z, -ab.z);
    close(ba.se, ab.se, 1e-15, 'se');
    close(ba.p_value, ab.p_value, 1e-15, 'p');
    close(ba.ci95[0], -ab.ci95[1], 1e-15, 'ci low');
    close(ba.ci95[1], -ab.ci95[0], 1e-15, 'ci high');
    assert.ok(ab.ci95[0] < ab.diff && ab.diff < ab.ci95[1]);
    assert.ok(ab.p_value > 0 && ab.p_value < 1);
    close(ab.auroc_base, aurocWithTies(base, labels), 1e-12, 'auroc_base');
    close(ab.auroc_updated, aurocWithTies(updated, labels), 1e-12, 'auroc_updated');
  });

  test('a large degradation is very significant; the p-value keeps its tail precision', () => {
    const rand = rng(51);
    const { scores: base, labels } = synthetic(51, 5000, 2.0);
    const updated = base.map((s) => s + 3 * normal(rand));
    const r = delongPairedTest(base, updated, labels);
    assert.ok(r.diff < -0.1);
    assert.ok(r.z < -10);
    assert.ok(r.p_value > 0 && r.p_value < 1e-20, `p ${r.p_value}`);
  });

  test('throws on mismatched lengths and on an empty class', () => {
    assert.throws(() => delongPairedTest([1, 2], [1, 2, 3], Uint8Array.from([0, 1])), /rows/);
    assert.throws(() => delongPairedTest([1, 2], [1, 2], Uint8Array.from([1, 1])), /both classes/);
  });
});

// ---------- shift ----------

describe('ksStatistic', () => {
  test('identical samples give 0, disjoint samples give 1', () => {
    const a = [0.1, 0.4, 0.4, 0.7, 0.9];
    assert.equal(ksStatistic(a, a.slice().reverse()), 0);
    assert.equal(ksStatistic([1, 2, 3], [4, 5]), 1);
    assert.equal(ksStatistic([4, 5], [1, 2, 3]), 1);
  });

  test('ties are consumed from both samples before comparing', () => {
    // ECDFs at 1: 2/3 vs 1/3, at 2: 1 vs 1. A tie-unaware walk would see 2/3.
    close(ksStatistic([1, 1, 2], [1, 2, 2]), 1 / 3, 1e-15, 'ks');
    close(ksStatistic([0, 0, 0, 1], [0, 1, 1, 1]), 0.5, 1e-15, 'ks');
  });

  test('matches a brute-force ECDF comparison on random tied data of unequal sizes', () => {
    const rand = rng(61);
    for (let trial = 0; trial < 5; trial++) {
      const a = Array.from({ length: 80 + trial * 13 }, () => Math.round(normal(rand) * 4) / 4);
      const b = Array.from({ length: 120 - trial * 7 }, () => Math.round((normal(rand) + 0.3) * 4) / 4);
      close(ksStatistic(a, b), bruteKs(a, b), 1e-15, `trial ${trial}`);
    }
  });
});

describe('populationStabilityIndex', () => {
  test('identical samples give 0, and PSI grows with the shift', () => {
    const { scores } = synthetic(71, 2000, 0);
    assert.equal(populationStabilityIndex(scores, scores.slice()), 0);
    let previous = 0;
    for (const shift of [0.05, 0.2, 0.5, 1, 2]) {
      const psi = populationStabilityIndex(scores, scores.map((s) => s + shift));
      assert.ok(psi > previous, `psi at shift ${shift} (${psi}) should exceed ${previous}`);
      previous = psi;
    }
    assert.ok(previous > 1, 'a 2 sd shift is a large PSI');
  });

  test('stays finite when bins empty out, and collapses duplicate edges from ties', () => {
    const base = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1];
    // the nine decile edges collapse to {0, 0.2, 1}; every row of `updated` lands above the top edge
    const psi = populationStabilityIndex(base, [5, 5, 5, 5]);
    assert.ok(Number.isFinite(psi) && psi > 1, `psi ${psi}`);
    // constant base: one edge, two bins; identical constant sample is 0
    assert.equal(populationStabilityIndex([3, 3, 3], [3, 3]), 0);
    assert.ok(Number.isFinite(populationStabilityIndex([3, 3, 3], [4, 4])));
  });

  test('empty bins are floored at 1e-4, not dropped and not infinite', () => {
    // base 1..10: decile edges 1.9, 2.8, ..., 9.1, one base row per bin; updated all above 9.1
    const base = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const expected = 9 * (1e-4 - 0.1) * Math.log(1e-4 / 0.1) + (1 - 0.1) * Math.log(1 / 0.1);
    close(populationStabilityIndex(base, [20, 20, 20]), expected, 1e-12, 'psi');
    // bins = 2: a single median edge at 5.5
    close(populationStabilityIndex(base, [0, 0, 0, 6], 2), (0.75 - 0.5) * Math.log(0.75 / 0.5) + (0.25 - 0.5) * Math.log(0.25 / 0.5), 1e-15, 'psi bins=2');
  });

  test('rejects empty samples and bad bin counts', () => {
    assert.throws(() => populationStabilityIndex([], [1]), /empty/);
    assert.throws(() => populationStabilityIndex([1], [1], 0), RangeError);
  });
});

describe('flipRate', () => {
  test('counts paired rows whose decision (score > threshold) changes', () => {
    assert.equal(flipRate([0.4, 0.6, 0.7, 0.1], [0.6, 0.4, 0.8, 0.2], 0.5), 0.5);
    assert.equal(flipRate([0.4, 0.6], [0.6, 0.4], 0.5), 1);
    assert.equal(flipRate([0.4, 0.6], [0.4, 0.6], 0.5), 0);
    // equal to the threshold is not flagged: 0.5 -> 0.5 is no flip, 0.5 -> 0.51 is
    assert.equal(flipRate([0.5, 0.5], [0.5, 0.51], 0.5), 0.5);
    assert.throws(() => flipRate([0.1], [0.1, 0.2], 0.5), /rows/);
  });

  test('shiftMetrics bundles ks, psi and flip rate', () => {
    const a = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0];
    const b = a.map((x) => x + 0.15);
    const s = shiftMetrics(a, b, 0.5);
    assert.equal(s.ks, ksStatistic(a, b));
    assert.equal(s.psi, populationStabilityIndex(a, b));
    assert.equal(s.flip_rate, flipRate(a, b, 0.5));
  });
});

// ---------- scale ----------

test('a million rows go through every metric (O(N log N)); values are plausible', () => {
  const n = 1_000_000;
  const { scores: base, labels } = synthetic(81, n, 1.0, undefined, 0.3);
  const rand = rng(82);
  // Updated: noisier, on the probability scale, rounded to 3 decimals (many ties).
  const updated = new Float64Array(n);
  for (let i = 0; i < n; i++) updated[i] = Math.round(sigmoid(base[i] + 0.5 * normal(rand)) * 1000) / 1000;
  const probs = base.map(sigmoid);

  const op = operatingMetrics(probs, labels, 0.6);
  // Gaussian classes one sd apart: AUROC = Φ(1/√2) ≈ 0.7602
  close(op.auroc, 0.7602, 0.005, 'auroc');
  assert.ok(op.recall_at_1fpr > 0 && op.recall_at_1fpr < op.recall_at_5fpr && op.recall_at_5fpr < 1);

  const d = delongPairedTest(probs, updated, labels);
  assert.ok(d.diff < 0 && d.se > 0 && d.p_value < 1e-6, JSON.stringify(d));

  const s = shiftMetrics(probs, updated, 0.6);
  assert.ok(s.ks > 0 && s.ks < 0.2 && s.psi > 0 && s.flip_rate > 0 && s.flip_rate < 0.5, JSON.stringify(s));
});
