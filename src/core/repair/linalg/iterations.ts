/**
 * The iterative engine (larger D): polynomial Newton-Schulz-type iterations for symmetric roots and the
 * polar factor, run on MatrixEngine, with the dominant directions found by subspace iteration and
 * deflated first from DEFLATE_MIN_WIDTH.
 */
import { mulberry32 } from '../../random.ts';
import { LinalgError, allFinite } from './basics.ts';
import { symmetricEigen } from './eigen.ts';
import { MatrixEngine, type CoupledKind } from './engine.ts';
import { TAYLOR, evalOdd, minimaxSignPolynomial, type StepPolynomial } from './minimax.ts';

// ---------------------------------------------------------------------------------------------
// Iterations
// ---------------------------------------------------------------------------------------------

export interface IterationOptions {
  /** Target max relative error of the result (in the singular values / eigenvalue roots). Default 1e-4. */
  tolerance?: number;
  /** Step cap; default 24. */
  maxSteps?: number;
  /** Called with one line per stage (for --verbose and the benchmark). */
  trace?: (line: string) => void;
  /** Handle dominant eigen/singular directions exactly and iterate on the rest (default: true from D = 512). */
  deflate?: boolean;
}

export interface IterationReport {
  steps: number;
  /** Matrix products of the iteration (a symmetric panel product counts as one). */
  products: number;
  /** Relative residual measured with random probes at the end. */
  residual: number;
  /** Condition number the schedule was designed for (upper / lower bound). */
  conditionBound: number;
  /** Dominant directions deflated before iterating. */
  deflated: number;
}

const norm = (v: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return Math.sqrt(s);
};

/** Random probe vectors as a row-major [D, count] block. */
function probeBlock(D: number, count: number, seed: number): Float64Array {
  const random = mulberry32(seed);
  return new Float64Array(D * count).map(() => random() - 0.5);
}

/** Largest relative column error ||got_j - want_j|| / ||want_j|| of two row-major [D, p] blocks. */
function columnError(got: Float64Array, want: Float64Array, D: number, p: number): number {
  let worst = 0;
  for (let j = 0; j < p; j++) {
    let num = 0;
    let den = 0;
    for (let i = 0; i < D; i++) {
      num += (got[i * p + j] - want[i * p + j]) ** 2;
      den += want[i * p + j] ** 2;
    }
    worst = Math.max(worst, Math.sqrt(num / den));
  }
  return worst;
}

/**
 * Largest eigenvalue of a symmetric PSD operator by Lanczos with full reorthogonalization
 * (deterministic start), returned as the top Ritz value plus its residual bound.
 */
export async function lanczosMax(apply: (x: Float64Array) => Promise<Float64Array>, D: number, steps = 24, seed = 0x1a2b): Promise<number> {
  const k = Math.min(steps, D);
  const random = mulberry32(seed);
  const basis: Float64Array[] = [];
  const alpha: number[] = [];
  const beta: number[] = [];
  let q = new Float64Array(D).map(() => random() - 0.5);
  let nq = norm(q);
  q = q.map((x) => x / nq);
  for (let j = 0; j < k; j++) {
    basis.push(q);
    const w = await apply(q);
    let a = 0;
    for (let i = 0; i < D; i++) a += w[i] * q[i];
    alpha.push(a);
    for (const b of basis) {
      let proj = 0;
      for (let i = 0; i < D; i++) proj += w[i] * b[i];
      for (let i = 0; i < D; i++) w[i] -= proj * b[i];
    }
    nq = norm(w);
    beta.push(nq);
    if (!(nq > 1e-12 * Math.abs(a)) || j === k - 1) break;
    q = w.map((x) => x / nq);
  }
  const m = alpha.length;
  const t = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    t[i * m + i] = alpha[i];
    if (i + 1 < m) t[i * m + i + 1] = t[(i + 1) * m + i] = beta[i];
  }
  const { values, vectors } = symmetricEigen(t, m);
  const top = values[m - 1] + Math.abs(beta[m - 1] * vectors[(m - 1) * m + (m - 1)]);
  if (!Number.isFinite(top)) throw new LinalgError('largest eigenvalue estimate is not finite');
  return top;
}

interface Interval {
  lo: number;
  hi: number;
}

/** Largest acceptable probe residual: the target, or what float32 arithmetic allows at this conditioning. */
const residualLimit = (tolerance: number, condition: number) => Math.max(2e-3, 20 * tolerance, 10 * condition * 2 ** -24);

/** Products per step: Q = q(M) needs M^2 (and M^3), then Z Q and M Q Q (coupled) or X Q (polar). */
interface StepCosts {
  first: Record<3 | 5 | 7, number>;
  middle: Record<3 | 5 | 7, number>;
  last: Record<3 | 5 | 7, number>;
  /** May the first step also be the last? */
  finishFirst: boolean;
}
const ROOT_COSTS: StepCosts = { first: { 3: 2, 5: 3, 7: 4 }, middle: { 3: 3, 5: 4, 7: 5 }, last: { 3: 1, 5: 2, 7: 3 }, finishFirst: false };
const POLAR_COSTS: StepCosts = { first: { 3: 2, 5: 3, 7: 4 }, middle: { 3: 2, 5: 3, 7: 4 }, last: { 3: 2, 5: 3, 7: 4 }, finishFirst: true };

/** The interval after a step whose minimax error is `error`, widened a little for float32 rounding. */
const nextInterval = (error: number): Interval => ({ lo: Math.max(1e-12, (1 - error) * (1 - 2e-4)), hi: (1 + error) * (1 + 2e-4) });

/**
 * The next step: the degree (3, 5 or 7) that starts the cheapest sequence of at most four minimax
 * steps reaching the tolerance (branch and bound over the predicted intervals); quintic when none does.
 */
function planStep(interval: Interval, tolerance: number, first: boolean, costs: StepCosts): { degree: 3 | 5 | 7; poly: StepPolynomial; final: boolean } {
  let best = Infinity;
  let choice: { degree: 3 | 5 | 7; final: boolean } | undefined;
  const minLast = Math.min(...Object.values(costs.last));
  const search = (iv: Interval, depth: number, isFirst: boolean, spent: number, head?: { degree: 3 | 5 | 7; final: boolean }) => {
    for (const degree of [3, 5, 7] as const) {
      const poly = minimaxSignPolynomial(iv.lo, iv.hi, degree);
      if (poly.error <= tolerance && (!isFirst || costs.finishFirst)) {
        const total = spent + (isFirst ? costs.first[degree] : costs.last[degree]);
        if (total < best) {
          best = total;
          choice = head ?? { degree, final: true };
        }
      }
      const after = spent + (isFirst ? costs.first[degree] : costs.middle[degree]);
      if (depth < 3 && poly.error < 0.999 && after + minLast < best) search(nextInterval(poly.error), depth + 1, false, after, head ?? { degree, final: false });
    }
  };
  search(interval, 0, first, 0);
  const pick = choice ?? { degree: 5 as const, final: false };
  return { ...pick, poly: minimaxSignPolynomial(interval.lo, interval.hi, pick.degree) };
}

/** Range of p over [lo, hi] (dense sampling; p is a low-degree polynomial), widened for float32 rounding. */
function imageOf(coefficients: readonly number[], interval: Interval): Interval {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i <= 4096; i++) {
    const y = evalOdd(coefficients, interval.lo + ((interval.hi - interval.lo) * i) / 4096);
    lo = Math.min(lo, y);
    hi = Math.max(hi, y);
  }
  return { lo: Math.max(1e-9, lo * (1 - 2e-4)), hi: hi * (1 + 2e-4) };
}

const maxDeviation = (interval: Interval) => Math.max(Math.abs(interval.hi ** 2 - 1), Math.abs(1 - interval.lo ** 2));

/**
 * Where the singular values x of an iterate lie, given the interval the schedule predicted for it and
 * the measured ||X^T X - I||_F (or ||M - I||_F): the prediction unless the measurement contradicts it
 * (the a-priori bounds were wrong), in which case the widest interval the measurement allows.
 */
function checkedInterval(predicted: Interval, deviation: number, width: number, fallbackLo: number): Interval {
  if (!(deviation - deviation === 0)) throw new LinalgError('iteration produced non-finite values');
  const allowed = maxDeviation(predicted) * Math.sqrt(width) * 1.5 + 1e-5 * Math.sqrt(width);
  if (deviation <= allowed) return predicted;
  if (deviation < 0.95) return { lo: Math.sqrt(1 - deviation), hi: Math.sqrt(1 + deviation) };
  return { lo: Math.min(fallbackLo, predicted.lo), hi: Math.min(Math.sqrt(1 + deviation), 1.5) };
}

/** Relative residual of Z S Z = I (inverse root) or Y Y = S (root), on random probes. */
async function rootResidual(engine: MatrixEngine, result: Float32Array, s: Float32Array, which: 'inverse-sqrt' | 'sqrt'): Promise<number> {
  const D = engine.width;
  const v = probeBlock(D, 2, 0x5eed);
  if (which === 'inverse-sqrt') {
    const zszv = await engine.panel(result, await engine.panel(s, await engine.panel(result, v, 2), 2), 2);
    return columnError(zszv, v, D, 2);
  }
  const yyv = await engine.panel(result, await engine.panel(result, v, 2), 2);
  return columnError(yyv, await engine.panel(s, v, 2), D, 2);
}

/**
 * S^{-1/2} or S^{1/2} of a symmetric positive definite float32 matrix with a known eigenvalue floor
 * (CORAL's shrinkage guarantees one), by the coupled iteration M <- M q(M)^2, Z <- Z q(M) started at
 * M = S / alpha (Z = I for the inverse root, Z = M for the root); eigenvalue x^2 of M moves to
 * p(x)^2 with p the step polynomial, so M -> I and Z -> (S / alpha)^{-1/2} or ^{1/2}.
 */
async function rootIteration(
  engine: MatrixEngine,
  s: Float32Array,
  which: 'inverse-sqrt' | 'sqrt',
  floor: number,
  options: IterationOptions & { skipCheck?: boolean },
): Promise<{ result: Float32Array; report: IterationReport }> {
  const D = engine.width;
  const tolerance = options.tolerance ?? 1e-4;
  const maxSteps = options.maxSteps ?? 24;
  // the step polynomials misbehave just above 1, so alpha must bound the spectrum from above
  const top = await lanczosMax((x) => engine.panel(s, x, 1), D);
  const scale = top * 1.02;
  if (!(scale > 0) || !(floor > 0)) throw new LinalgError(`matrix is not positive definite (largest eigenvalue ${top}, floor ${floor})`);
  const lowerM = Math.min(0.98, (floor / scale) * 0.98);
  let interval: Interval = { lo: Math.sqrt(lowerM), hi: 1 };
  const m0 = new Float32Array(s.length);
  for (let i = 0; i < s.length; i++) m0[i] = s[i] / scale;
  const startProducts = engine.products;
  let m: Float32Array = m0;
  let z: Float32Array | undefined;
  let steps = 0;
  for (;;) {
    if (steps >= maxSteps) throw new LinalgError(`${which} iteration did not converge in ${maxSteps} steps`);
    const first = steps === 0;
    const { degree, poly, final } = planStep(interval, tolerance, first, ROOT_COSTS);
    const kind: CoupledKind = final ? 'last' : first ? (which === 'sqrt' ? 'first-root' : 'first-inverse') : 'middle';
    const out = await engine.coupledStep(kind, (degree - 1) / 2, poly.coefficients, m, z);
    steps++;
    z = out.z;
    options.trace?.(
      `${which} step ${steps}: degree ${degree}, x in [${interval.lo.toExponential(3)}, ${interval.hi.toFixed(4)}], predicted error ${poly.error.toExponential(2)}` +
        (out.deviation !== undefined ? `, ||M - I||_F ${out.deviation.toExponential(2)}` : ''),
    );
    if (final) break;
    m = out.m!;
    interval = checkedInterval(imageOf(poly.coefficients, interval), out.deviation!, D, Math.sqrt(lowerM));
  }
  const result = z!;
  // random-probe check (a deflating caller checks against the undeflated matrix instead);
  // float32 products limit the attainable residual to a small multiple of condition number x roundoff
  const residual = options.skipCheck ? NaN : await rootResidual(engine, result, m0, which);
  if (!options.skipCheck && !(residual <= residualLimit(tolerance, 1 / lowerM))) throw new LinalgError(`${which} iteration residual ${residual.toExponential(2)} is too large`);
  const factor = which === 'inverse-sqrt' ? 1 / Math.sqrt(scale) : Math.sqrt(scale);
  for (let i = 0; i < result.length; i++) result[i] *= factor;
  if (!allFinite(result)) throw new LinalgError(`${which} result is not finite`);
  return { result, report: { steps, products: engine.products - startProducts, residual, conditionBound: 1 / lowerM, deflated: 0 } };
}

/**
 * Orthogonal polar factor of a float32 square matrix by X <- X q(X^T X), started at X = A / alpha.
 * `floor` is an estimate of the smallest singular value; when the measured ||X^T X - I||_F says the
 * singular values were not where the schedule assumed, the schedule is redone from the measurement.
 */
async function polarIteration(engine: MatrixEngine, a: Float32Array, floor: number, options: IterationOptions): Promise<{ result: Float32Array; report: IterationReport }> {
  const D = engine.width;
  const tolerance = options.tolerance ?? 1e-4;
  const maxSteps = options.maxSteps ?? 24;
  const topSq = await lanczosMax(async (x) => engine.panel(a, await engine.panel(a, x, 1), 1, true), D);
  const scale = Math.sqrt(topSq) * 1.02;
  if (!(scale > 0)) throw new LinalgError('matrix is zero; its polar factor is not defined');
  const lower = Math.min(0.98, Math.max(1e-7, (floor / scale) * 0.9));
  let interval: Interval = { lo: lower, hi: 1 };
  let x: Float32Array = new Float32Array(a.length);
  for (let i = 0; i < a.length; i++) x[i] = a[i] / scale;
  const startProducts = engine.products;
  let steps = 0;
  // `interval` is where the singular values of the current x are believed to lie. A step measures
  // ||x^T x - I||_F of its own input, so a wrong belief shows in the same run; the belief for the output
  // is then recomputed from the measurement pushed through the polynomial that was applied.
  for (;;) {
    if (steps >= maxSteps) throw new LinalgError(`polar iteration did not converge in ${maxSteps} steps`);
    const { degree, poly, final } = planStep(interval, tolerance, steps === 0, POLAR_COSTS);
    const out = await engine.polarStep((degree - 1) / 2, poly.coefficients, x);
    steps++;
    options.trace?.(
      `polar step ${steps}: degree ${degree}, x in [${interval.lo.toExponential(3)}, ${interval.hi.toFixed(4)}], predicted error ${poly.error.toExponential(2)}, ||X^T X - I||_F before ${out.deviation.toExponential(2)}`,
    );
    const measured = checkedInterval(interval, out.deviation, D, lower * 1e-2);
    const consistent = measured === interval;
    x = out.x;
    interval = imageOf(poly.coefficients, measured);
    if (final && consistent) break;
  }
  // Final check with random probes; the Frobenius measurement cannot see a few stray singular values,
  // so polish with Newton-Schulz steps (convergent for every singular value in (0, sqrt 3)) if needed.
  const v = probeBlock(D, 2, 0x5eed);
  const residual = async () => columnError(await engine.panel(x, await engine.panel(x, v, 2), 2, true), v, D, 2);
  const threshold = residualLimit(tolerance, 1 / lower);
  let worst = await residual();
  while (!(worst <= threshold) && steps < maxSteps && worst - worst === 0) {
    x = (await engine.polarStep(1, TAYLOR[3], x)).x;
    steps++;
    worst = await residual();
    options.trace?.(`polar polish step ${steps}: probe residual ${worst.toExponential(2)}`);
  }
  if (!(worst <= threshold)) throw new LinalgError(`polar iteration residual ${worst.toExponential(2)} is too large (the matrix may be nearly singular)`);
  if (!allFinite(x)) throw new LinalgError('polar result is not finite');
  return { result: x, report: { steps, products: engine.products - startProducts, residual: worst, conditionBound: 1 / lower, deflated: 0 } };
}

// ---------------------------------------------------------------------------------------------
// Deflation of dominant directions
// ---------------------------------------------------------------------------------------------

/** Deflation is tried from this width up (below it the iterations are cheap anyway). */
export const DEFLATE_MIN_WIDTH = 512;
/**
 * A dominant direction is deflated only when its Ritz residual ||A v - theta v|| is at most this times
 * theta: what is left of its coupling to the rest of the spectrum perturbs the result by about this
 * times sqrt(theta / lambda_min), so it must be far below the float32 precision of the iteration.
 */
const DEFLATION_RESIDUAL = 1e-9;
/** Deflating further once the rest of the spectrum is this well conditioned saves no steps. */
const DEFLATION_ENOUGH = 12;

/** Column-major block (column j at j*D) <-> row-major [D, p] for onnxruntime. */
function toRowMajor(cols: Float64Array, D: number, p: number): Float64Array {
  const out = new Float64Array(D * p);
  for (let j = 0; j < p; j++) for (let i = 0; i < D; i++) out[i * p + j] = cols[j * D + i];
  return out;
}
function toColumns(rows: Float64Array, D: number, p: number): Float64Array {
  const out = new Float64Array(D * p);
  for (let i = 0; i < D; i++) for (let j = 0; j < p; j++) out[j * D + i] = rows[i * p + j];
  return out;
}

function normalizeColumns(x: Float64Array, D: number, p: number): void {
  for (let j = 0; j < p; j++) {
    let n = 0;
    for (let r = 0; r < D; r++) n += x[j * D + r] ** 2;
    n = Math.sqrt(n);
    if (n > 0) for (let r = 0; r < D; r++) x[j * D + r] /= n;
  }
}

/** Modified Gram-Schmidt, twice, on the columns of a column-major block; a vanished column is reseeded. */
function orthonormalizeColumns(x: Float64Array, D: number, p: number, random: () => number): void {
  for (let pass = 0; pass < 2; pass++) {
    for (let j = 0; j < p; j++) {
      const cj = j * D;
      for (let i = 0; i < j; i++) {
        const ci = i * D;
        let dot = 0;
        for (let r = 0; r < D; r++) dot += x[ci + r] * x[cj + r];
        for (let r = 0; r < D; r++) x[cj + r] -= dot * x[ci + r];
      }
      let n = 0;
      for (let r = 0; r < D; r++) n += x[cj + r] * x[cj + r];
      n = Math.sqrt(n);
      if (!(n > 1e-200)) {
        for (let r = 0; r < D; r++) x[cj + r] = random() - 0.5;
        j--; // orthogonalize the fresh column again
        continue;
      }
      for (let r = 0; r < D; r++) x[cj + r] /= n;
    }
  }
}

interface DominantPairs {
  /** Descending Ritz values. */
  values: Float64Array;
  /** Column-major Ritz vectors (vector j at j*D). */
  vectors: Float64Array;
  /** Leading pairs whose residual ||A v - theta v|| is at most eta * theta. */
  accepted: number;
  iterations: number;
}

/**
 * Dominant eigenpairs of a symmetric PSD operator by block subspace iteration with Rayleigh-Ritz
 * every 4 steps, float64 (products on onnxruntime): stops once `enough` says the accepted pairs
 * suffice, or their number stops growing, or after maxIterations.
 */
async function dominantEigenpairs(
  apply: (rowMajor: Float64Array, p: number) => Promise<Float64Array>,
  D: number,
  p: number,
  guard: number,
  enough: (values: Float64Array, accepted: number) => boolean,
  maxIterations = 48,
): Promise<DominantPairs> {
  const random = mulberry32(0xdef1);
  let v: Float64Array = new Float64Array(D * p).map(() => random() - 0.5);
  orthonormalizeColumns(v, D, p, random);
  let last: DominantPairs | undefined;
  for (let it = 1; it <= maxIterations; it++) {
    const w = toColumns(await apply(toRowMajor(v, D, p), p), D, p);
    if (!allFinite(w)) throw new LinalgError('subspace iteration produced non-finite values');
    if (it % 4 !== 0 && it !== maxIterations) {
      // two power steps per orthonormalization (the columns drift apart by at most (theta_1/theta_p)^2,
      // which float64 Gram-Schmidt twice still separates); the step before a Rayleigh-Ritz orthonormalizes
      if (it % 2 === 0 || (it + 1) % 4 === 0 || it + 1 === maxIterations) orthonormalizeColumns(w, D, p, random);
      else normalizeColumns(w, D, p);
      v = w;
      continue;
    }
    // Rayleigh-Ritz: H = V^T A V
    const h = new Float64Array(p * p);
    for (let i = 0; i < p; i++) {
      for (let j = i; j < p; j++) {
        let a = 0;
        let b = 0;
        for (let r = 0; r < D; r++) {
          a += v[i * D + r] * w[j * D + r];
          b += v[j * D + r] * w[i * D + r];
        }
        h[i * p + j] = h[j * p + i] = (a + b) / 2;
      }
    }
    const { values, vectors } = symmetricEigen(h, p);
    const rv = new Float64Array(D * p);
    const rw = new Float64Array(D * p);
    for (let dst = 0; dst < p; dst++) {
      const src = p - 1 - dst; // descending
      for (let k = 0; k < p; k++) {
        const y = vectors[k * p + src];
        if (y === 0) continue;
        for (let r = 0; r < D; r++) {
          rv[dst * D + r] += y * v[k * D + r];
          rw[dst * D + r] += y * w[k * D + r];
        }
      }
    }
    const theta = Float64Array.from({ length: p }, (_, dst) => values[p - 1 - dst]);
    let accepted = 0;
    for (let j = 0; j < p - guard; j++) {
      let res = 0;
      for (let r = 0; r < D; r++) res += (rw[j * D + r] - theta[j] * rv[j * D + r]) ** 2;
      if (!(theta[j] > 0) || Math.sqrt(res) > DEFLATION_RESIDUAL * theta[j]) break;
      accepted = j + 1;
    }
    const current: DominantPairs = { values: theta, vectors: rv, accepted, iterations: it };
    if (enough(theta, accepted)) return current;
    if (last && last.accepted > 0 && accepted <= last.accepted) return accepted === last.accepted ? current : last;
    last = current;
    // continue from the rotated block, one power step ahead
    orthonormalizeColumns(rw, D, p, random);
    v = rw;
  }
  return last!;
}

/** Row-major [D, k] of columns j scaled by weights[j], and the row-major [k, D] transpose of the vectors. */
function lowRankFactors<T extends Float32Array | Float64Array>(
  make: (n: number) => T,
  vectors: Float64Array,
  D: number,
  k: number,
  weights: ArrayLike<number>,
): { u: T; vt: T } {
  const u = make(D * k);
  const vt = make(k * D);
  for (let j = 0; j < k; j++) {
    for (let r = 0; r < D; r++) {
      u[r * k + j] = vectors[j * D + r] * weights[j];
      vt[j * D + r] = vectors[j * D + r];
    }
  }
  return { u, vt };
}

/** How many dominant directions to look for, by width. */
const blockSize = (D: number) => Math.min(32, Math.max(8, Math.floor(D / 16)));

/**
 * S^{-1/2} or S^{1/2} of a symmetric positive definite matrix (float64 in, float32 out) with a known
 * eigenvalue floor. From D = 512 the dominant eigenpairs are found first (float64 subspace iteration)
 * and moved down into the rest of the spectrum, S~ = S + V (mu - Theta) V^T (formed in float64, where
 * the dominant directions cancel exactly), so the float32 iteration sees a small condition number;
 * f(S) = f(S~) + V (f(Theta) - f(mu)) V^T. The result is checked against S itself; if deflation does
 * not pay off or fails the check, the plain iteration runs on S.
 */
export async function symmetricRootIterative(
  engine: MatrixEngine,
  s: Float64Array,
  which: 'inverse-sqrt' | 'sqrt',
  floor: number,
  options: IterationOptions = {},
): Promise<{ result: Float32Array; report: IterationReport }> {
  const D = engine.width;
  if (!allFinite(s)) throw new LinalgError('matrix has non-finite entries');
  const s32 = Float32Array.from(s);
  if (options.deflate ?? D >= DEFLATE_MIN_WIDTH) {
    const start = engine.products;
    const p = blockSize(D);
    const pairs = await dominantEigenpairs((x, cols) => engine.panel(s, x, cols), D, p, Math.max(2, Math.floor(p / 6)), (theta, k) => k > 0 && theta[k] / floor <= DEFLATION_ENOUGH);
    const k = pairs.accepted;
    const mu = pairs.values[k];
    if (k > 0 && mu > 0 && pairs.values[0] / mu >= 4) {
      options.trace?.(
        `${which}: deflating ${k} dominant directions after ${pairs.iterations} subspace iterations (eigenvalues ${pairs.values[0].toExponential(3)} .. ${pairs.values[k - 1].toExponential(3)}, next ${mu.toExponential(3)})`,
      );
      const shift = lowRankFactors((n) => new Float64Array(n), pairs.vectors, D, k, Array.from(pairs.values.subarray(0, k), (t) => mu - t));
      const deflated = Float32Array.from(await engine.lowRankUpdate(s, shift.u, shift.vt, k));
      try {
        const inner = await rootIteration(engine, deflated, which, floor, { ...options, skipCheck: true });
        const f = which === 'sqrt' ? Math.sqrt : (t: number) => 1 / Math.sqrt(t);
        const fix = lowRankFactors((n) => new Float32Array(n), pairs.vectors, D, k, Array.from(pairs.values.subarray(0, k), (t) => f(t) - f(mu)));
        const result = await engine.lowRankUpdate(inner.result, fix.u, fix.vt, k);
        const residual = await rootResidual(engine, result, s32, which);
        if (residual <= residualLimit(options.tolerance ?? 1e-4, inner.report.conditionBound)) {
          return { result, report: { ...inner.report, products: engine.products - start, residual, deflated: k } };
        }
        options.trace?.(`${which}: deflated result failed the check against S (residual ${residual.toExponential(2)}); iterating on S itself`);
      } catch (error) {
        if (!(error instanceof LinalgError)) throw error;
        options.trace?.(`${which}: deflated iteration failed (${error.message}); iterating on S itself`);
      }
    }
  }
  return rootIteration(engine, s32, which, floor, options);
}

/**
 * Orthogonal polar factor of a square matrix (float64 in, float32 out). From D = 512 the dominant
 * singular triplets are found first and their singular values lowered to the next one,
 * A~ = A + U (mu - Sigma) V^T, which has the same polar factor and a much smaller condition number.
 * Checked at the end (R^T A must be symmetric); falls back to the plain iteration.
 */
export async function polarFactorIterative(
  engine: MatrixEngine,
  a: Float64Array,
  floor: number,
  options: IterationOptions = {},
): Promise<{ result: Float32Array; report: IterationReport }> {
  const D = engine.width;
  if (!allFinite(a)) throw new LinalgError('matrix has non-finite entries');
  const a32 = Float32Array.from(a);
  if (options.deflate ?? D >= DEFLATE_MIN_WIDTH) {
    const start = engine.products;
    const p = blockSize(D);
    const pairs = await dominantEigenpairs(
      async (x, cols) => engine.panel(a, await engine.panel(a, x, cols), cols, true),
      D,
      p,
      Math.max(2, Math.floor(p / 6)),
      (theta, k) => k > 0 && Math.sqrt(Math.max(0, theta[k])) / floor <= DEFLATION_ENOUGH,
    );
    const k = pairs.accepted;
    const mu = Math.sqrt(Math.max(0, pairs.values[k]));
    if (k > 0 && mu > floor && Math.sqrt(pairs.values[0]) / mu >= 4) {
      const sigma = Array.from(pairs.values.subarray(0, k), Math.sqrt);
      options.trace?.(
        `polar: deflating ${k} dominant singular directions after ${pairs.iterations} subspace iterations (${sigma[0].toExponential(3)} .. ${sigma[k - 1].toExponential(3)}, next ${mu.toExponential(3)})`,
      );
      // left vectors u_j = A v_j / sigma_j; lowering sigma_j to mu keeps the polar factor
      const av = toColumns(await engine.panel(a, toRowMajor(pairs.vectors.subarray(0, k * D), D, k), k), D, k);
      const u = new Float64Array(D * k);
      const vt = new Float64Array(k * D);
      for (let j = 0; j < k; j++) {
        for (let r = 0; r < D; r++) {
          u[r * k + j] = (av[j * D + r] / sigma[j]) * (mu - sigma[j]);
          vt[j * D + r] = pairs.vectors[j * D + r];
        }
      }
      const deflated = Float32Array.from(await engine.lowRankUpdate(a, u, vt, k));
      try {
        const inner = await polarIteration(engine, deflated, floor, options);
        const asymmetry = await polarAsymmetry(engine, inner.result, a32);
        if (asymmetry <= residualLimit(options.tolerance ?? 1e-4, inner.report.conditionBound)) {
          return { result: inner.result, report: { ...inner.report, products: engine.products - start, deflated: k } };
        }
        options.trace?.(`polar: deflated result failed the check against A (asymmetry ${asymmetry.toExponential(2)}); iterating on A itself`);
      } catch (error) {
        if (!(error instanceof LinalgError)) throw error;
        options.trace?.(`polar: deflated iteration failed (${error.message}); iterating on A itself`);
      }
    }
  }
  return polarIteration(engine, a32, floor, options);
}

/** Relative asymmetry of H = R^T A on random probe pairs (zero for the exact polar factor). */
async function polarAsymmetry(engine: MatrixEngine, r: Float32Array, a: Float32Array): Promise<number> {
  const D = engine.width;
  const probes = probeBlock(D, 6, 0xa5a5);
  const rv = await engine.panel(r, probes, 6);
  const av = await engine.panel(a, probes, 6);
  const column = (block: Float64Array, j: number) => Float64Array.from({ length: D }, (_, i) => block[i * 6 + j]);
  let worst = 0;
  for (let i = 0; i < 3; i++) {
    const [x, y] = [2 * i, 2 * i + 1];
    const rx = column(rv, x);
    const ry = column(rv, y);
    const ax = column(av, x);
    const ay = column(av, y);
    let h1 = 0;
    let h2 = 0;
    for (let j = 0; j < D; j++) {
      h1 += rx[j] * ay[j];
      h2 += ry[j] * ax[j];
    }
    worst = Math.max(worst, Math.abs(h1 - h2) / (norm(rx) * norm(ay) + norm(ry) * norm(ax)));
  }
  return worst;
}
