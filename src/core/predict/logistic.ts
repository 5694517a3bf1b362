/**
 * A small, exact, L2-regularized logistic regression for the staleness predictor:
 * P(stale | features) with per-feature contributions, fitted on at most a few thousand rows and
 * a few dozen features, so a dense Newton solve in plain float64 is both exact and cheap.
 *
 * Conventions:
 * - Features are standardized on the training rows: center = mean, scale = population std
 *   (both weighted by sampleWeights when given, over the finite values only). A feature whose
 *   finite values are all equal (or all missing) gets center = that value (0 if none), scale 1,
 *   and coefficient 0.
 * - Missing values are NaN. In fitting, a NaN is imputed with the feature's mean over the finite
 *   training values, i.e. it sits at the center and its standardized value is 0. In prediction,
 *   a NaN likewise contributes 0 (treated as the center).
 * - The fit minimizes sum_i w_i * logloss_i + (l2/2) * ||coefficients||^2 with the intercept
 *   unpenalized, which equals scikit-learn's LogisticRegression(C = 1/l2) objective up to a factor.
 * - Everything is deterministic: the same input gives the same bits out.
 */
import { aurocWithTies } from '../metrics/auroc.ts';
import { mulberry32 } from '../random.ts';

export interface LogisticModel {
  /** Feature names, in order. */
  features: string[];
  /** Per-feature mean used for standardization (training rows). */
  center: number[];
  /** Per-feature population std; a constant feature gets scale 1. */
  scale: number[];
  /** Coefficients on the standardized scale. */
  coefficients: number[];
  intercept: number;
  /** The penalty the model was fitted with: sum_i logloss_i + (l2/2) * ||coefficients||^2. */
  l2: number;
}

export interface FitOptions {
  /** L2 penalty on the standardized coefficients (default 1); 0 fits an unpenalized model. */
  l2?: number;
  /** Maximum number of Newton steps (default 100). */
  maxIterations?: number;
  /**
   * Convergence: max |gradient| <= tolerance * (sum of sample weights) and the Newton step is
   * at most sqrt(tolerance) relative to the parameters (default 1e-10).
   */
  tolerance?: number;
  /** Non-negative per-row weights (frequency semantics: weight 2 = the row twice). */
  sampleWeights?: readonly number[];
}

export interface RiskPrediction {
  /** P(label 1 | row). */
  risk: number;
  /** intercept + sum of contributions. */
  logit: number;
  /** coefficients[j] * (x[j] - center[j]) / scale[j]; 0 for a missing (NaN) value. */
  contributions: number[];
}

export interface CrossValidation {
  scheme: 'leave-one-group-out' | 'k-fold';
  folds: number;
  /** AUROC (ties 1/2, unweighted) of the pooled out-of-fold predictions; null when only one class. */
  auroc: number | null;
  /** Out-of-fold risk, one per row. */
  predictions: number[];
  /** The fold each row was held out in; with groups, the group's index in order of first appearance. */
  foldOf: number[];
}

export interface CrossValidationOptions extends FitOptions {
  /** Group per row: leave-one-group-out when given. */
  groups?: readonly string[];
  /** Folds for stratified k-fold when no groups are given (default 5). */
  k?: number;
  /** Seed of the k-fold shuffle (default 0). */
  seed?: number;
}

const DEFAULT_L2 = 1;
const DEFAULT_MAX_ITERATIONS = 100;
const DEFAULT_TOLERANCE = 1e-10;
const DEFAULT_FOLDS = 5;
// Near the optimum a Newton step changes the loss by less than its rounding error; without some
// slack a correct step would be rejected as an increase.
const LOSS_SLACK = 1e-13;
const MIN_STEP_FRACTION = 2 ** -40;
// A Cholesky pivot this small relative to its diagonal means the system is singular in float64.
const PIVOT_FLOOR = 1e-13;

type Matrix = readonly (readonly number[])[];

// ---------- public API ----------

export function fitLogistic(rows: Matrix, labels: readonly number[], features: readonly string[], options: FitOptions = {}): LogisticModel {
  const { l2, maxIterations, tolerance } = fitSettings(options);
  const n = checkData('fitLogistic', rows, labels, features);
  const weights = checkWeights('fitLogistic', options.sampleWeights, n);
  const { positive, negative } = weightedClassTotals(labels, weights);
  if (!(positive > 0) || !(negative > 0)) {
    throw new RangeError(
      `fitLogistic needs both classes (labels 0 and 1) with positive weight; found ${positive} weight of label 1 and ${negative} of label 0`,
    );
  }

  const p = features.length;
  const { center, scale, varying } = standardization(rows, weights, features);
  const columns: number[] = [];
  for (let j = 0; j < p; j++) if (varying[j]) columns.push(j);

  // Standardized design of the varying columns only: a constant column has a zero gradient and,
  // with l2 = 0, a zero Hessian row, so it is pinned at 0 instead of making the system singular.
  const q = columns.length;
  const design = new Float64Array(n * q);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < q; c++) {
      const j = columns[c];
      const x = rows[i][j];
      design[i * q + c] = Number.isNaN(x) ? 0 : (x - center[j]) / scale[j];
    }
  }
  const y = Uint8Array.from(labels);
  const theta = newton(design, n, q, y, weights, l2, maxIterations, tolerance, positive / (positive + negative));

  const coefficients = new Array<number>(p).fill(0);
  for (let c = 0; c < q; c++) coefficients[columns[c]] = theta[1 + c];
  return { features: [...features], center, scale, coefficients, intercept: theta[0], l2 };
}

export function predictLogistic(model: LogisticModel, row: readonly number[]): RiskPrediction {
  const p = model.features.length;
  if (row.length !== p) throw new RangeError(`predictLogistic: row has ${row.length} values but the model has ${p} features`);
  const contributions = new Array<number>(p);
  let logit = model.intercept;
  for (let j = 0; j < p; j++) {
    const x = row[j];
    if (x === Infinity || x === -Infinity) {
      throw new RangeError(`predictLogistic: feature '${model.features[j]}' is ${x}; values must be finite or NaN (missing)`);
    }
    const contribution = Number.isNaN(x) ? 0 : (model.coefficients[j] * (x - model.center[j])) / model.scale[j];
    contributions[j] = contribution;
    logit += contribution;
  }
  return { risk: sigmoid(logit), logit, contributions };
}

/**
 * Out-of-fold risks. With `groups`: leave-one-group-out, each distinct group (in order of first
 * appearance) held out once and never seen by its fit. Without: stratified k-fold, each class
 * shuffled by mulberry32(seed) and dealt round-robin into k folds.
 * A training fold that lacks a class (with positive weight) has no model to fit; its held-out
 * rows get the training fold's (weighted) prevalence instead.
 */
export function crossValidateLogistic(
  rows: Matrix,
  labels: readonly number[],
  features: readonly string[],
  options: CrossValidationOptions = {},
): CrossValidation {
  fitSettings(options);
  const n = checkData('crossValidateLogistic', rows, labels, features);
  const weights = checkWeights('crossValidateLogistic', options.sampleWeights, n);
  const fitOptions: FitOptions = { l2: options.l2, maxIterations: options.maxIterations, tolerance: options.tolerance };

  let scheme: CrossValidation['scheme'];
  let foldOf: Int32Array;
  let folds: number;
  if (options.groups !== undefined) {
    scheme = 'leave-one-group-out';
    ({ foldOf, folds } = groupFolds(options.groups, n));
  } else {
    scheme = 'k-fold';
    folds = options.k ?? DEFAULT_FOLDS;
    if (!Number.isInteger(folds) || folds < 2 || folds > n) {
      throw new RangeError(`crossValidateLogistic: k must be an integer from 2 to the number of rows (${n}); got ${folds}`);
    }
    const seed = options.seed ?? 0;
    if (!Number.isFinite(seed)) throw new RangeError(`crossValidateLogistic: seed must be a finite number; got ${seed}`);
    foldOf = stratifiedFolds(labels, folds, seed);
  }

  const predictions = new Array<number>(n);
  for (let fold = 0; fold < folds; fold++) {
    const trainRows: (readonly number[])[] = [];
    const trainLabels: number[] = [];
    const trainWeights: number[] = [];
    for (let i = 0; i < n; i++) {
      if (foldOf[i] === fold) continue;
      trainRows.push(rows[i]);
      trainLabels.push(labels[i]);
      trainWeights.push(weights[i]);
    }
    const { positive, negative } = weightedClassTotals(trainLabels, trainWeights);
    let predict: (row: readonly number[]) => number;
    if (positive > 0 && negative > 0) {
      const model = fitLogistic(trainRows, trainLabels, features, {
        ...fitOptions,
        sampleWeights: options.sampleWeights === undefined ? undefined : trainWeights,
      });
      predict = (row) => predictLogistic(model, row).risk;
    } else {
      const total = positive + negative;
      // All-zero weights leave only the counts to go by.
      const prevalence = total > 0 ? positive / total : trainLabels.filter((v) => v === 1).length / trainLabels.length;
      predict = () => prevalence;
    }
    for (let i = 0; i < n; i++) if (foldOf[i] === fold) predictions[i] = predict(rows[i]);
  }

  const y = Uint8Array.from(labels);
  const positives = y.reduce((sum, v) => sum + v, 0);
  const auroc = positives === 0 || positives === n ? null : aurocWithTies(Float64Array.from(predictions), y);
  return { scheme, folds, auroc, predictions, foldOf: Array.from(foldOf) };
}

// ---------- validation ----------

function fitSettings(options: FitOptions): { l2: number; maxIterations: number; tolerance: number } {
  const l2 = options.l2 ?? DEFAULT_L2;
  const maxIterations = options.maxIterations ?? DEFAULT_MAX_ITERATIONS;
  const tolerance = options.tolerance ?? DEFAULT_TOLERANCE;
  if (!(Number.isFinite(l2) && l2 >= 0)) throw new RangeError(`l2 must be a finite number >= 0; got ${l2}`);
  if (!(Number.isInteger(maxIterations) && maxIterations >= 1)) throw new RangeError(`maxIterations must be a positive integer; got ${maxIterations}`);
  if (!(Number.isFinite(tolerance) && tolerance > 0)) throw new RangeError(`tolerance must be a finite number > 0; got ${tolerance}`);
  return { l2, maxIterations, tolerance };
}

/** Shapes, labels in {0, 1}, values finite or NaN. Returns the number of rows. */
function checkData(caller: string, rows: Matrix, labels: readonly number[], features: readonly string[]): number {
  const n = rows.length;
  const p = features.length;
  if (labels.length !== n) throw new RangeError(`${caller}: ${n} rows but ${labels.length} labels`);
  if (new Set(features).size !== p) throw new RangeError(`${caller}: feature names must be distinct; got ${features.join(', ')}`);
  for (let i = 0; i < n; i++) {
    const label = labels[i];
    if (label !== 0 && label !== 1) throw new RangeError(`${caller}: labels must be 0 or 1; row ${i} is ${label}`);
    const row = rows[i];
    if (row.length !== p) throw new RangeError(`${caller}: row ${i} has ${row.length} values but there are ${p} features`);
    for (let j = 0; j < p; j++) {
      const x = row[j];
      if (typeof x !== 'number' || x === Infinity || x === -Infinity) {
        throw new RangeError(`${caller}: row ${i}, feature '${features[j]}' is ${x}; values must be finite or NaN (missing)`);
      }
    }
  }
  return n;
}

function checkWeights(caller: string, sampleWeights: readonly number[] | undefined, n: number): Float64Array {
  if (sampleWeights === undefined) return new Float64Array(n).fill(1);
  if (sampleWeights.length !== n) throw new RangeError(`${caller}: ${n} rows but ${sampleWeights.length} sample weights`);
  const weights = Float64Array.from(sampleWeights);
  for (let i = 0; i < n; i++) {
    if (!(Number.isFinite(weights[i]) && weights[i] >= 0)) {
      throw new RangeError(`${caller}: sample weight of row ${i} is ${weights[i]}; weights must be finite and >= 0`);
    }
  }
  return weights;
}

function weightedClassTotals(labels: readonly number[], weights: ArrayLike<number>): { positive: number; negative: number } {
  let positive = 0;
  let negative = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] === 1) positive += weights[i];
    else negative += weights[i];
  }
  return { positive, negative };
}

// ---------- standardization ----------

function standardization(
  rows: Matrix,
  weights: Float64Array,
  features: readonly string[],
): { center: number[]; scale: number[]; varying: boolean[] } {
  const p = features.length;
  const center = new Array<number>(p);
  const scale = new Array<number>(p);
  const varying = new Array<boolean>(p);
  for (let j = 0; j < p; j++) {
    let total = 0;
    let sum = 0;
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < rows.length; i++) {
      const x = rows[i][j];
      const w = weights[i];
      if (Number.isNaN(x) || w === 0) continue;
      total += w;
      sum += w * x;
      if (x < min) min = x;
      if (x > max) max = x;
    }
    // Equality rather than std == 0: the mean of n equal values can be off by an ulp, which would
    // leave a spurious std of ~1e-17 and blow the column up.
    if (total === 0 || min === max) {
      center[j] = total === 0 ? 0 : min;
      scale[j] = 1;
      varying[j] = false;
      continue;
    }
    const mean = sum / total;
    let squares = 0;
    for (let i = 0; i < rows.length; i++) {
      const x = rows[i][j];
      const w = weights[i];
      if (Number.isNaN(x) || w === 0) continue;
      squares += w * (x - mean) * (x - mean);
    }
    const std = Math.sqrt(squares / total);
    if (!(Number.isFinite(mean) && Number.isFinite(std) && std > 0)) {
      throw new RangeError(`feature '${features[j]}' has values too extreme to standardize in float64 (mean ${mean}, std ${std})`);
    }
    center[j] = mean;
    scale[j] = std;
    varying[j] = true;
  }
  return { center, scale, varying };
}

// ---------- Newton / IRLS ----------

/**
 * Minimizes sum_i w_i logloss_i + (l2/2) ||beta||^2 over theta = [intercept, beta] by Newton's
 * method with the exact Hessian and step halving. `design` is n x q, row-major, standardized.
 */
function newton(
  design: Float64Array,
  n: number,
  q: number,
  y: Uint8Array,
  weights: Float64Array,
  l2: number,
  maxIterations: number,
  tolerance: number,
  prevalence: number,
): Float64Array {
  const m = q + 1;
  const theta = new Float64Array(m);
  theta[0] = Math.log(prevalence / (1 - prevalence));
  let totalWeight = 0;
  for (let i = 0; i < n; i++) totalWeight += weights[i];
  const gradientTolerance = tolerance * totalWeight;
  const stepTolerance = Math.sqrt(tolerance);

  const gradient = new Float64Array(m);
  const hessian = new Float64Array(m * m);
  const candidate = new Float64Array(m);
  let loss = penalizedLoss(design, n, q, y, weights, l2, theta);

  for (let iteration = 0; ; iteration++) {
    gradient.fill(0);
    hessian.fill(0);
    for (let i = 0; i < n; i++) {
      const w = weights[i];
      if (w === 0) continue;
      const eta = linearPredictor(design, i, q, theta);
      // p - y and p (1 - p) from sigmoid(eta) and sigmoid(-eta) separately, so neither cancels
      // when |eta| is large (the separable regime).
      const p = sigmoid(eta);
      const complement = sigmoid(-eta);
      const residual = w * (y[i] === 1 ? -complement : p);
      const curvature = w * p * complement;
      const offset = i * q;
      gradient[0] += residual;
      hessian[0] += curvature;
      for (let a = 0; a < q; a++) {
        const za = design[offset + a];
        gradient[1 + a] += residual * za;
        const cza = curvature * za;
        hessian[(1 + a) * m] += cza;
        for (let b = 0; b <= a; b++) hessian[(1 + a) * m + 1 + b] += cza * design[offset + b];
      }
    }
    for (let a = 1; a < m; a++) {
      gradient[a] += l2 * theta[a];
      hessian[a * m + a] += l2;
    }

    const step = choleskySolve(hessian, m, gradient);
    if (step === null) {
      throw new RangeError(
        l2 === 0
          ? `fitLogistic: the Hessian became singular at Newton iteration ${iteration}: features are collinear or the classes are separable; use l2 > 0`
          : `fitLogistic: the Hessian became singular at Newton iteration ${iteration} (l2 = ${l2}); use a larger l2`,
      );
    }
    const maxGradient = maxAbs(gradient);
    const maxStep = maxAbs(step);
    // The step test is what tells divergence on separable data (the gradient and the loss shrink
    // towards 0 while every Newton step stays O(1)) from convergence.
    const smallStep = maxStep <= stepTolerance * Math.max(1, maxAbs(theta));
    if (maxGradient <= gradientTolerance && smallStep) return theta;
    if (iteration === maxIterations) {
      throw new RangeError(
        l2 === 0
          ? `fitLogistic: no convergence in ${maxIterations} Newton iterations with l2 = 0 (max |gradient| ${maxGradient}, step ${maxStep}): the classes are (nearly) separable, so the coefficients diverge; use l2 > 0`
          : `fitLogistic: no convergence in ${maxIterations} Newton iterations (max |gradient| ${maxGradient}, step ${maxStep}); raise maxIterations or tolerance`,
      );
    }

    let fraction = 1;
    let candidateLoss: number;
    for (;;) {
      for (let a = 0; a < m; a++) candidate[a] = theta[a] - fraction * step[a];
      candidateLoss = penalizedLoss(design, n, q, y, weights, l2, candidate);
      if (candidateLoss <= loss + LOSS_SLACK * Math.abs(loss)) break;
      fraction /= 2;
      if (fraction < MIN_STEP_FRACTION) {
        // No decrease along a tiny Newton step: rounding, not the model, is what is left.
        if (smallStep) return theta;
        throw new RangeError(`fitLogistic: step halving found no decrease at Newton iteration ${iteration} (max |gradient| ${maxGradient})`);
      }
    }
    theta.set(candidate);
    loss = candidateLoss;
  }
}

function linearPredictor(design: Float64Array, i: number, q: number, theta: Float64Array): number {
  let eta = theta[0];
  const offset = i * q;
  for (let a = 0; a < q; a++) eta += design[offset + a] * theta[1 + a];
  return eta;
}

function penalizedLoss(design: Float64Array, n: number, q: number, y: Uint8Array, weights: Float64Array, l2: number, theta: Float64Array): number {
  let loss = 0;
  for (let i = 0; i < n; i++) {
    const w = weights[i];
    if (w === 0) continue;
    const eta = linearPredictor(design, i, q, theta);
    loss += w * softplus(y[i] === 1 ? -eta : eta);
  }
  let squares = 0;
  for (let a = 1; a <= q; a++) squares += theta[a] * theta[a];
  return loss + 0.5 * l2 * squares;
}

/**
 * Solves A x = b for symmetric positive definite A (lower triangle, row-major m x m); null when
 * A is not numerically positive definite.
 */
function choleskySolve(a: Float64Array, m: number, b: Float64Array): Float64Array | null {
  const l = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * m + j];
      for (let k = 0; k < j; k++) s -= l[i * m + k] * l[j * m + k];
      if (i === j) {
        if (!(s > PIVOT_FLOOR * a[i * m + i])) return null;
        l[i * m + i] = Math.sqrt(s);
      } else {
        l[i * m + j] = s / l[j * m + j];
      }
    }
  }
  const x = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= l[i * m + k] * x[k];
    x[i] = s / l[i * m + i];
  }
  for (let i = m - 1; i >= 0; i--) {
    let s = x[i];
    for (let k = i + 1; k < m; k++) s -= l[k * m + i] * x[k];
    x[i] = s / l[i * m + i];
  }
  return x;
}

function maxAbs(values: Float64Array): number {
  let max = 0;
  for (let i = 0; i < values.length; i++) max = Math.max(max, Math.abs(values[i]));
  return max;
}

function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** log(1 + e^x) without overflow or cancellation. */
function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

// ---------- folds ----------

function groupFolds(groups: readonly string[], n: number): { foldOf: Int32Array; folds: number } {
  if (groups.length !== n) throw new RangeError(`crossValidateLogistic: ${n} rows but ${groups.length} groups`);
  const index = new Map<string, number>();
  const foldOf = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let fold = index.get(groups[i]);
    if (fold === undefined) {
      fold = index.size;
      index.set(groups[i], fold);
    }
    foldOf[i] = fold;
  }
  if (index.size < 2) throw new RangeError(`crossValidateLogistic: leave-one-group-out needs at least 2 groups; got ${index.size}`);
  return { foldOf, folds: index.size };
}

function stratifiedFolds(labels: readonly number[], k: number, seed: number): Int32Array {
  const rand = mulberry32(seed);
  const order: number[] = [];
  for (const label of [0, 1]) {
    const members: number[] = [];
    for (let i = 0; i < labels.length; i++) if (labels[i] === label) members.push(i);
    for (let i = members.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [members[i], members[j]] = [members[j], members[i]];
    }
    order.push(...members);
  }
  // Dealing the class-sorted order round-robin keeps every fold's class counts within one of each other.
  const foldOf = new Int32Array(labels.length);
  order.forEach((row, position) => {
    foldOf[row] = position % k;
  });
  return foldOf;
}
