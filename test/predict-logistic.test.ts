// src/core/predict/logistic.ts against scikit-learn (precomputed by scripts/make-logistic-reference.py
// into test/fixtures/logistic-reference.json), the optimality conditions of the objective, and the
// properties the fit and the cross-validation must have.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { aurocWithTies } from '../src/core/metrics/auroc.ts';
import { crossValidateLogistic, fitLogistic, predictLogistic, type LogisticModel } from '../src/core/predict/logistic.ts';
import { mulberry32 } from '../src/core/random.ts';

// ---------- helpers ----------

interface ReferenceDataset {
  name: string;
  description: string;
  l2: number;
  features: string[];
  rows: (number | null)[][];
  labels: number[];
  sample_weights: number[] | null;
  reference: {
    center: number[];
    scale: number[];
    coefficients: number[];
    intercept: number;
    probabilities: number[];
    max_abs_gradient: number;
    newton_cholesky: { coefficients: number[]; intercept: number } | null;
  };
}

const fixture = JSON.parse(readFileSync(new URL('./fixtures/logistic-reference.json', import.meta.url), 'utf8')) as {
  datasets: ReferenceDataset[];
};

/** JSON has no NaN: the fixture writes missing values as null. */
function rowsOf(dataset: ReferenceDataset): number[][] {
  return dataset.rows.map((row) => row.map((v) => (v === null ? NaN : v)));
}

function fitReference(dataset: ReferenceDataset): LogisticModel {
  return fitLogistic(rowsOf(dataset), dataset.labels, dataset.features, {
    l2: dataset.l2,
    sampleWeights: dataset.sample_weights ?? undefined,
  });
}

function maxDeviation(actual: readonly number[], expected: readonly number[]): number {
  assert.equal(actual.length, expected.length);
  let max = 0;
  for (let i = 0; i < actual.length; i++) {
    assert.ok(Number.isFinite(actual[i]), `expected finite numbers, got ${actual[i]} at ${i}`);
    max = Math.max(max, Math.abs(actual[i] - expected[i]));
  }
  return max;
}

function within(actual: readonly number[], expected: readonly number[], tol: number, what: string): void {
  const deviation = maxDeviation(actual, expected);
  assert.ok(deviation <= tol, `${what}: max deviation ${deviation} > ${tol}`);
}

/** Gradient of sum_i w_i logloss_i + (l2/2) ||beta||^2 at the model, straight from the definition. */
function penalizedGradient(model: LogisticModel, rows: number[][], labels: readonly number[], weights?: readonly number[]): number[] {
  const p = model.features.length;
  const gradient = new Array<number>(p + 1).fill(0);
  rows.forEach((row, i) => {
    const z = row.map((x, j) => (Number.isNaN(x) ? 0 : (x - model.center[j]) / model.scale[j]));
    const logit = model.intercept + z.reduce((sum, v, j) => sum + model.coefficients[j] * v, 0);
    const residual = (weights?.[i] ?? 1) * (1 / (1 + Math.exp(-logit)) - labels[i]);
    gradient[0] += residual;
    z.forEach((v, j) => (gradient[1 + j] += residual * v));
  });
  model.coefficients.forEach((c, j) => (gradient[1 + j] += model.l2 * c));
  return gradient;
}

function normal(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

/** n rows x p standard-normal features, label ~ Bernoulli(sigmoid(x . beta)). */
function synthetic(seed: number, n: number, beta: readonly number[]): { rows: number[][]; labels: number[]; features: string[] } {
  const rand = mulberry32(seed);
  const rows: number[][] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const row = beta.map(() => normal(rand));
    const logit = row.reduce((sum, x, j) => sum + beta[j] * x, 0);
    rows.push(row);
    labels.push(rand() < 1 / (1 + Math.exp(-logit)) ? 1 : 0);
  }
  return { rows, labels, features: beta.map((_, j) => `x${j}`) };
}

function without<T>(values: readonly T[], drop: (i: number) => boolean): T[] {
  return values.filter((_, i) => !drop(i));
}

// ---------- against scikit-learn ----------

describe('fitLogistic against scikit-learn', () => {
  test('the fixture covers the cases it is meant to', () => {
    const names = fixture.datasets.map((d) => d.name);
    for (const name of ['signal', 'constant-feature', 'constant-feature-unpenalized', 'nearly-separable', 'separable', 'missing-values', 'weighted']) {
      assert.ok(names.includes(name), `missing dataset ${name}`);
    }
    assert.ok(fixture.datasets.some((d) => d.rows.some((row) => row.includes(null))), 'no missing values in the fixture');
  });

  let worstCoefficient = 0;
  let worstProbability = 0;
  for (const dataset of fixture.datasets) {
    test(`${dataset.name}: ${dataset.description}`, () => {
      const reference = dataset.reference;
      const model = fitReference(dataset);
      assert.deepEqual(model.features, dataset.features);
      assert.equal(model.l2, dataset.l2);

      // Standardization is ours, done independently in numpy: only rounding may differ.
      for (let j = 0; j < model.center.length; j++) {
        assert.ok(Math.abs(model.center[j] - reference.center[j]) <= 1e-13 * Math.max(1, Math.abs(reference.center[j])), `center[${j}]`);
        assert.ok(Math.abs(model.scale[j] - reference.scale[j]) <= 1e-13 * reference.scale[j], `scale[${j}]`);
      }

      const coefficientDeviation = maxDeviation([model.intercept, ...model.coefficients], [reference.intercept, ...reference.coefficients]);
      assert.ok(coefficientDeviation <= 1e-6, `coefficients differ from sklearn lbfgs by ${coefficientDeviation}`);
      worstCoefficient = Math.max(worstCoefficient, coefficientDeviation);

      const rows = rowsOf(dataset);
      const probabilities = rows.map((row) => predictLogistic(model, row).risk);
      const probabilityDeviation = maxDeviation(probabilities, reference.probabilities);
      assert.ok(probabilityDeviation <= 1e-6, `probabilities differ from sklearn by ${probabilityDeviation}`);
      worstProbability = Math.max(worstProbability, probabilityDeviation);

      // sklearn's Newton-Cholesky solver converges much tighter than lbfgs, so it pins the fit down further.
      if (reference.newton_cholesky) {
        within(
          [model.intercept, ...model.coefficients],
          [reference.newton_cholesky.intercept, ...reference.newton_cholesky.coefficients],
          1e-9,
          'coefficients vs sklearn newton-cholesky',
        );
      }

      // And ours is an optimum in its own right: first-order conditions, relative to the total weight.
      const totalWeight = dataset.sample_weights?.reduce((a, b) => a + b, 0) ?? rows.length;
      const gradient = penalizedGradient(model, rows, dataset.labels, dataset.sample_weights ?? undefined);
      within(gradient, gradient.map(() => 0), 1e-9 * totalWeight, 'gradient at the fit');
    });
  }

  test('reports the worst deviation from sklearn', (t) => {
    t.diagnostic(`max |coefficient - sklearn lbfgs| = ${worstCoefficient.toExponential(2)}, max |probability - sklearn| = ${worstProbability.toExponential(2)}`);
    assert.ok(worstCoefficient > 0, 'the comparisons above did not run');
  });

  test('a constant feature gets scale 1, its value as center and coefficient 0', () => {
    const dataset = fixture.datasets.find((d) => d.name === 'constant-feature-unpenalized')!;
    const model = fitReference(dataset);
    assert.equal(model.scale[2], 1);
    assert.equal(model.center[2], 0.1);
    assert.equal(model.coefficients[2], 0);
  });
});

// ---------- fit properties ----------

describe('fitLogistic', () => {
  const data = synthetic(11, 300, [1.0, -0.6, 0.0, 0.4]);

  test('is deterministic to the bit', () => {
    const a = fitLogistic(data.rows, data.labels, data.features, { l2: 0.7 });
    const b = fitLogistic(data.rows.map((r) => [...r]), [...data.labels], [...data.features], { l2: 0.7 });
    assert.equal(JSON.stringify(a), JSON.stringify(b));
  });

  test('standardized coefficients do not depend on the units of a feature', () => {
    const rescaled = data.rows.map((row) => [row[0] * 1000 + 5e4, row[1], row[2] * 1e-3 - 7, row[3]]);
    const a = fitLogistic(data.rows, data.labels, data.features);
    const b = fitLogistic(rescaled, data.labels, data.features);
    within(b.coefficients, a.coefficients, 1e-9, 'coefficients');
    assert.ok(Math.abs(b.intercept - a.intercept) <= 1e-9);
  });

  test('a larger l2 shrinks the coefficients', () => {
    const norm = (m: LogisticModel) => Math.hypot(...m.coefficients);
    const loose = norm(fitLogistic(data.rows, data.labels, data.features, { l2: 0 }));
    const mid = norm(fitLogistic(data.rows, data.labels, data.features, { l2: 10 }));
    const tight = norm(fitLogistic(data.rows, data.labels, data.features, { l2: 1000 }));
    assert.ok(loose > mid && mid > tight && tight > 0, `${loose} > ${mid} > ${tight}`);
  });

  test('sample weights are frequencies: weight 2 = the row twice, weight 0 = the row gone', () => {
    const rand = mulberry32(5);
    const copies = data.rows.map(() => Math.floor(rand() * 3)); // 0, 1 or 2
    const duplicatedRows: number[][] = [];
    const duplicatedLabels: number[] = [];
    data.rows.forEach((row, i) => {
      for (let c = 0; c < copies[i]; c++) {
        duplicatedRows.push(row);
        duplicatedLabels.push(data.labels[i]);
      }
    });
    const weighted = fitLogistic(data.rows, data.labels, data.features, { sampleWeights: copies });
    const duplicated = fitLogistic(duplicatedRows, duplicatedLabels, data.features);
    within(weighted.center, duplicated.center, 1e-14, 'center');
    within(weighted.scale, duplicated.scale, 1e-14, 'scale');
    within([weighted.intercept, ...weighted.coefficients], [duplicated.intercept, ...duplicated.coefficients], 1e-10, 'coefficients');

    // Zero-weight rows are skipped outright, so dropping them changes nothing, not even a bit.
    const kept = fitLogistic(without(data.rows, (i) => copies[i] === 0), without(data.labels, (i) => copies[i] === 0), data.features, {
      sampleWeights: without(copies, (i) => copies[i] === 0),
    });
    assert.equal(JSON.stringify(kept), JSON.stringify(weighted));
  });

  test('l2 = 0 fits non-separable data to the unpenalized optimum', () => {
    const model = fitLogistic(data.rows, data.labels, data.features, { l2: 0 });
    within(penalizedGradient(model, data.rows, data.labels), [0, 0, 0, 0, 0], 1e-9 * data.rows.length, 'gradient');
  });

  test('separable data: fine with l2 > 0, a clear RangeError with l2 = 0', () => {
    const rows = data.rows;
    const labels = rows.map((row) => (row[0] - 0.5 * row[1] > 0 ? 1 : 0));
    const model = fitLogistic(rows, labels, data.features, { l2: 1 });
    assert.ok(model.coefficients.every(Number.isFinite));
    assert.throws(() => fitLogistic(rows, labels, data.features, { l2: 0 }), (error: unknown) => {
      assert.ok(error instanceof RangeError);
      assert.match(error.message, /separable/);
      assert.match(error.message, /l2 > 0/);
      return true;
    });
  });

  test('collinear features with l2 = 0 throw a RangeError, and are fine with l2 > 0', () => {
    const rows = data.rows.map((row) => [...row, row[0] + 2 * row[1]]);
    const features = [...data.features, 'sum'];
    assert.throws(() => fitLogistic(rows, data.labels, features, { l2: 0 }), RangeError);
    const model = fitLogistic(rows, data.labels, features, { l2: 1 });
    assert.ok(model.coefficients.every(Number.isFinite));
  });
});

// ---------- missing values and contributions ----------

describe('missing values and contributions', () => {
  const dataset = fixture.datasets.find((d) => d.name === 'missing-values')!;
  const rows = rowsOf(dataset);
  const model = fitReference(dataset);

  test('the center is the mean of the finite training values', () => {
    for (let j = 0; j < rows[0].length; j++) {
      const finite = rows.map((row) => row[j]).filter((x) => !Number.isNaN(x));
      assert.ok(finite.length < rows.length, `feature ${j} should have missing values`);
      const mean = finite.reduce((a, b) => a + b, 0) / finite.length;
      assert.ok(Math.abs(model.center[j] - mean) <= 1e-13, `center[${j}] ${model.center[j]} vs ${mean}`);
    }
  });

  test('intercept + the sum of the contributions is the logit, exactly; risk is its sigmoid', () => {
    for (const row of rows) {
      const prediction = predictLogistic(model, row);
      assert.equal(prediction.contributions.length, row.length);
      assert.equal(prediction.contributions.reduce((sum, c) => sum + c, model.intercept), prediction.logit);
      assert.ok(Math.abs(prediction.risk - 1 / (1 + Math.exp(-prediction.logit))) <= 1e-15);
      prediction.contributions.forEach((c, j) => {
        const expected = Number.isNaN(row[j]) ? 0 : (model.coefficients[j] * (row[j] - model.center[j])) / model.scale[j];
        assert.ok(Math.abs(c - expected) <= 1e-12 * Math.max(1, Math.abs(expected)), `contribution ${j}`);
      });
    }
  });

  test('a NaN contributes 0, i.e. it is predicted as if it were the center', () => {
    const row = rows.find((r) => r.some(Number.isNaN))!;
    const prediction = predictLogistic(model, row);
    const atCenter = predictLogistic(model, row.map((x, j) => (Number.isNaN(x) ? model.center[j] : x)));
    row.forEach((x, j) => {
      if (Number.isNaN(x)) assert.equal(prediction.contributions[j], 0);
    });
    assert.equal(prediction.logit, atCenter.logit);

    const allMissing = predictLogistic(model, row.map(() => NaN));
    assert.equal(allMissing.logit, model.intercept);
    assert.ok(allMissing.contributions.every((c) => c === 0));
  });

  test('the fit treats a NaN as the mean: the gradient with NaN standardized to 0 vanishes', () => {
    // The sklearn comparison makes the same point independently; this one needs no fixture.
    const gradient = penalizedGradient(model, rows, dataset.labels);
    within(gradient, gradient.map(() => 0), 1e-9 * rows.length, 'gradient');
  });

  test('a feature that is entirely missing gets coefficient 0, even with l2 = 0', () => {
    const data = synthetic(21, 200, [0.8, -0.5]);
    const rowsWithGap = data.rows.map((row) => [row[0], NaN, row[1]]);
    const fitted = fitLogistic(rowsWithGap, data.labels, ['a', 'gone', 'b'], { l2: 0 });
    assert.deepEqual([fitted.center[1], fitted.scale[1], fitted.coefficients[1]], [0, 1, 0]);
    const plain = fitLogistic(data.rows, data.labels, ['a', 'b'], { l2: 0 });
    within([fitted.coefficients[0], fitted.coefficients[2]], plain.coefficients, 1e-12, 'coefficients');
  });
});

// ---------- input validation ----------

describe('input validation', () => {
  const rows = [
    [0.1, 1],
    [0.4, 2],
    [0.2, 0],
    [0.9, 5],
  ];
  const labels = [0, 1, 0, 1];
  const features = ['a', 'b'];

  test('only one class', () => {
    assert.throws(() => fitLogistic(rows, [1, 1, 1, 1], features), { name: 'RangeError', message: /both classes/ });
    // positives exist but carry no weight
    assert.throws(() => fitLogistic(rows, labels, features, { sampleWeights: [1, 0, 1, 0] }), { name: 'RangeError', message: /both classes/ });
  });

  test('mismatched lengths', () => {
    assert.throws(() => fitLogistic(rows, [0, 1, 0], features), { name: 'RangeError', message: /4 rows but 3 labels/ });
    assert.throws(() => fitLogistic([...rows, [1]], [...labels, 0], features), { name: 'RangeError', message: /row 4 has 1 values but there are 2 features/ });
    assert.throws(() => fitLogistic(rows, labels, features, { sampleWeights: [1, 1] }), { name: 'RangeError', message: /sample weights/ });
    assert.throws(() => crossValidateLogistic(rows, labels, features, { groups: ['g', 'h'] }), { name: 'RangeError', message: /groups/ });
    assert.throws(() => predictLogistic(fitLogistic(rows, labels, features), [1]), RangeError);
  });

  test('Infinity is named by row and feature', () => {
    const bad = rows.map((r) => [...r]);
    bad[2][1] = -Infinity;
    assert.throws(() => fitLogistic(bad, labels, features), { name: 'RangeError', message: /row 2, feature 'b' is -Infinity/ });
    assert.throws(() => crossValidateLogistic(bad, labels, features), { name: 'RangeError', message: /row 2, feature 'b'/ });
    const model = fitLogistic(rows, labels, features);
    assert.throws(() => predictLogistic(model, [Infinity, 0]), { name: 'RangeError', message: /feature 'a' is Infinity/ });
  });

  test('labels other than 0 and 1, bad weights, bad options', () => {
    assert.throws(() => fitLogistic(rows, [0, 1, 2, 1], features), { name: 'RangeError', message: /row 2 is 2/ });
    assert.throws(() => fitLogistic(rows, labels, features, { sampleWeights: [1, -1, 1, 1] }), RangeError);
    assert.throws(() => fitLogistic(rows, labels, features, { l2: -1 }), RangeError);
    assert.throws(() => fitLogistic(rows, labels, ['a', 'a']), { name: 'RangeError', message: /distinct/ });
    assert.throws(() => crossValidateLogistic(rows, labels, features, { k: 1 }), RangeError);
    assert.throws(() => crossValidateLogistic(rows, labels, features, { k: 5 }), RangeError);
    assert.throws(() => crossValidateLogistic(rows, labels, features, { groups: ['g', 'g', 'g', 'g'] }), { name: 'RangeError', message: /2 groups/ });
  });
});

// ---------- cross-validation ----------

describe('crossValidateLogistic', () => {
  // Eight groups of ten rows; the label is constant within a group and the only features are
  // one-hot group indicators. Group identity predicts the label perfectly, but only for a model
  // that has seen the group.
  const groupCount = 8;
  const perGroup = 10;
  const groupNames = Array.from({ length: groupCount }, (_, g) => `run-${g}`);
  const groupRows: number[][] = [];
  const groupLabels: number[] = [];
  const groups: string[] = [];
  for (let i = 0; i < groupCount * perGroup; i++) {
    const g = (i * 3) % groupCount; // interleaved, so folds are not contiguous
    groupRows.push(groupNames.map((_, h) => (h === g ? 1 : 0)));
    groupLabels.push(g % 2);
    groups.push(groupNames[g]);
  }

  test('leave-one-group-out never trains on the held-out group', () => {
    const cv = crossValidateLogistic(groupRows, groupLabels, groupNames, { groups });
    assert.equal(cv.scheme, 'leave-one-group-out');
    assert.equal(cv.folds, groupCount);
    // Unseen, a group's indicator is a constant column, so its rows fall back on the rest of the
    // model, whose baseline leans towards the majority of the training groups: holding out a
    // positive group leaves 3 positive groups of 7, so every held-out positive scores below every
    // held-out negative. A fit that had seen the group would score 1.
    assert.equal(cv.auroc, 0);
    const inSample = fitLogistic(groupRows, groupLabels, groupNames);
    const inSampleRisks = groupRows.map((row) => predictLogistic(inSample, row).risk);
    assert.equal(aurocWithTies(Float64Array.from(inSampleRisks), Uint8Array.from(groupLabels)), 1);
    // Plain k-fold leaks the group through its other rows, and scores perfectly.
    assert.equal(crossValidateLogistic(groupRows, groupLabels, groupNames, { k: 5, seed: 3 }).auroc, 1);
  });

  test('each group is one fold, and its predictions come from a fit on exactly the other groups', () => {
    const cv = crossValidateLogistic(groupRows, groupLabels, groupNames, { groups, l2: 0.5 });
    groups.forEach((g, i) => assert.equal(cv.foldOf[i], cv.foldOf[groups.indexOf(g)], `row ${i} is in its group's fold`));
    assert.equal(new Set(cv.foldOf).size, groupCount);
    for (let fold = 0; fold < cv.folds; fold++) {
      const held = (i: number) => cv.foldOf[i] === fold;
      assert.equal(new Set(groups.filter((_, i) => held(i))).size, 1, `fold ${fold} holds one group`);
      const model = fitLogistic(without(groupRows, held), without(groupLabels, held), groupNames, { l2: 0.5 });
      groupRows.forEach((row, i) => {
        if (held(i)) assert.equal(cv.predictions[i], predictLogistic(model, row).risk, `row ${i}`);
      });
    }
  });

  test('stratified k-fold: balanced folds, each prediction from a fit without its fold', () => {
    const data = synthetic(41, 103, [1.2, -0.4, 0.3]);
    const k = 4;
    const cv = crossValidateLogistic(data.rows, data.labels, data.features, { k, seed: 9, l2: 2 });
    assert.equal(cv.scheme, 'k-fold');
    assert.equal(cv.folds, k);
    for (const label of [0, 1]) {
      const counts = Array.from({ length: k }, (_, f) => cv.foldOf.filter((fold, i) => fold === f && data.labels[i] === label).length);
      assert.ok(Math.max(...counts) - Math.min(...counts) <= 1, `label ${label} per fold: ${counts}`);
    }
    for (let fold = 0; fold < k; fold++) {
      const held = (i: number) => cv.foldOf[i] === fold;
      const model = fitLogistic(without(data.rows, held), without(data.labels, held), data.features, { l2: 2 });
      data.rows.forEach((row, i) => {
        if (held(i)) assert.equal(cv.predictions[i], predictLogistic(model, row).risk);
      });
    }
    const expected = aurocWithTies(Float64Array.from(cv.predictions), Uint8Array.from(data.labels));
    assert.equal(cv.auroc, expected);
    assert.ok(expected > 0.7, `a real signal should be found out of fold; auroc ${expected}`);
  });

  test('is deterministic for a seed, and the seed matters', () => {
    const data = synthetic(42, 120, [0.9, 0.5]);
    const a = crossValidateLogistic(data.rows, data.labels, data.features, { seed: 1 });
    const b = crossValidateLogistic(data.rows, data.labels, data.features, { seed: 1 });
    const c = crossValidateLogistic(data.rows, data.labels, data.features, { seed: 2 });
    assert.equal(JSON.stringify(a), JSON.stringify(b));
    assert.notDeepEqual(a.foldOf, c.foldOf);
    assert.equal(a.folds, 5);
  });

  test('a training fold without one class predicts its held-out rows with the training prevalence', () => {
    // One positive: the fold that holds it out trains on negatives only.
    const data = synthetic(43, 40, [0.5, 0.5]);
    const labels = data.labels.map((_, i) => (i === 7 ? 1 : 0));
    const cv = crossValidateLogistic(data.rows, labels, data.features, { k: 4 });
    const fold = cv.foldOf[7];
    cv.predictions.forEach((risk, i) => {
      if (cv.foldOf[i] === fold) assert.equal(risk, 0, `row ${i}`);
      else assert.ok(risk > 0 && risk < 1);
    });

    // With groups: the positive group held out leaves only negatives.
    const grouped = crossValidateLogistic(data.rows, labels, data.features, { groups: labels.map((y) => (y === 1 ? 'pos' : 'rest')) });
    assert.equal(grouped.predictions[7], 0);
    assert.ok(grouped.predictions.every((risk, i) => i === 7 || risk === 1));
    assert.equal(grouped.auroc, 0);
  });

  test('one class overall: auroc is null', () => {
    const data = synthetic(44, 20, [1]);
    const cv = crossValidateLogistic(data.rows, data.rows.map(() => 0), data.features, { k: 2 });
    assert.equal(cv.auroc, null);
    assert.ok(cv.predictions.every((risk) => risk === 0));
  });

  test('sample weights reach the fold fits', () => {
    const data = synthetic(45, 90, [1, -1]);
    const weights = data.rows.map((_, i) => 1 + (i % 3));
    const groupsOf = data.rows.map((_, i) => `g${i % 3}`);
    const cv = crossValidateLogistic(data.rows, data.labels, data.features, { groups: groupsOf, sampleWeights: weights });
    const held = (i: number) => groupsOf[i] === 'g0';
    const model = fitLogistic(without(data.rows, held), without(data.labels, held), data.features, { sampleWeights: without(weights, held) });
    assert.equal(cv.predictions[0], predictLogistic(model, data.rows[0]).risk);
  });
});
