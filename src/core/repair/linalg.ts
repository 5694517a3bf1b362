/**
 * Dense linear algebra for the realignment fits: symmetric matrix square roots and inverse square
 * roots (CORAL) and the polar factor (orthogonal Procrustes).
 *
 * Two engines:
 * - exact (D <= 256): float64 in JS. Symmetric eigendecomposition by Householder tridiagonalization
 *   and implicit QL (the EISPACK tred2/tql2 pair, as in JAMA), polar factor by one-sided Jacobi SVD.
 * - iterative (larger D): polynomial (Newton-Schulz-type) iterations whose only heavy operation is the
 *   matrix product, run as onnxruntime graphs built with our ONNX writer (one session per step kind,
 *   reused across iterations; no CPU arena, so a dozen sessions do not each hold gigabytes).
 *   Each step applies the odd polynomial p(x) = x q(x^2) of degree 3, 5 or 7 that is minimax optimal
 *   for the sign function on the current spectral interval (a small Remez exchange), the degrees
 *   planned by a short branch-and-bound over the product count. Products whose result is known to be
 *   symmetric compute only the upper block panels and mirror them.
 *   From D = 512, the dominant eigen/singular directions (which set the condition number of real
 *   activation covariances) are first found by float64 subspace iteration, handled exactly, and
 *   deflated, so the float32 iteration works on a well-conditioned remainder: fewer steps and
 *   smaller rounding error. The result is checked against the undeflated matrix.
 *   Convergence is checked in the graph (||M - I||_F each step) and at the end with random probes.
 *
 * Numerical failure is a LinalgError; the fits catch it and fall back to a simpler method.
 */
import * as ort from 'onnxruntime-node';
import { DataType, attr, encodeModel, int64Tensor, makeGraph, makeModel, makeNode, tensorValueInfo, type NodeProto, type TensorProto } from '../onnx/model.ts';
import { mulberry32 } from '../random.ts';

/** A numerical failure (no convergence, non-finite values); callers fall back to a simpler method. */
export class LinalgError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LinalgError';
  }
}

/** Widths up to this use the exact float64 engine; wider ones the onnxruntime iterations. */
export const EXACT_MAX_WIDTH = 256;

export type LinalgEngine = 'auto' | 'exact' | 'iterative';

/** True when `engine` (default auto) resolves to the exact float64 path for width D. */
export function useExact(width: number, engine: LinalgEngine = 'auto'): boolean {
  return engine === 'exact' || (engine === 'auto' && width <= EXACT_MAX_WIDTH);
}

export function allFinite(values: ArrayLike<number>): boolean {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!(v - v === 0)) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Small dense float64 helpers (row-major n x n)
// ---------------------------------------------------------------------------------------------

/** C = A B for row-major square float64 matrices. */
export function matmul64(a: ArrayLike<number>, b: ArrayLike<number>, n: number): Float64Array {
  const c = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const ci = i * n;
    for (let k = 0; k < n; k++) {
      const aik = a[i * n + k];
      if (aik === 0) continue;
      const bk = k * n;
      for (let j = 0; j < n; j++) c[ci + j] += aik * b[bk + j];
    }
  }
  return c;
}

export function transpose64(a: ArrayLike<number>, n: number): Float64Array {
  const t = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) t[j * n + i] = a[i * n + j];
  return t;
}

export interface SymmetricEigen {
  /** Ascending eigenvalues. */
  values: Float64Array;
  /** Row-major n x n; column k is the unit eigenvector of values[k]. */
  vectors: Float64Array;
}

/**
 * Eigendecomposition of a symmetric matrix (only the lower triangle is read... in practice the
 * matrix is expected to be symmetric): Householder tridiagonalization then implicit QL with
 * Wilkinson-type shifts, float64. A port of the public-domain JAMA EigenvalueDecomposition
 * (itself from EISPACK tred2/tql2).
 */
export function symmetricEigen(input: ArrayLike<number>, n: number): SymmetricEigen {
  if (input.length !== n * n) throw new RangeError(`symmetricEigen: ${input.length} values for a ${n} x ${n} matrix`);
  if (!allFinite(input)) throw new LinalgError('matrix has non-finite entries');
  const V = Float64Array.from(input);
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  if (n === 1) return { values: Float64Array.of(V[0]), vectors: Float64Array.of(1) };
  // ---- tred2 ----
  for (let j = 0; j < n; j++) d[j] = V[(n - 1) * n + j];
  for (let i = n - 1; i > 0; i--) {
    let scale = 0;
    let h = 0;
    for (let k = 0; k < i; k++) scale += Math.abs(d[k]);
    if (scale === 0) {
      e[i] = d[i - 1];
      for (let j = 0; j < i; j++) {
        d[j] = V[(i - 1) * n + j];
        V[i * n + j] = 0;
        V[j * n + i] = 0;
      }
    } else {
      for (let k = 0; k < i; k++) {
        d[k] /= scale;
        h += d[k] * d[k];
      }
      let f = d[i - 1];
      let g = Math.sqrt(h);
      if (f > 0) g = -g;
      e[i] = scale * g;
      h -= f * g;
      d[i - 1] = f - g;
      for (let j = 0; j < i; j++) e[j] = 0;
      for (let j = 0; j < i; j++) {
        f = d[j];
        V[j * n + i] = f;
        g = e[j] + V[j * n + j] * f;
        for (let k = j + 1; k <= i - 1; k++) {
          g += V[k * n + j] * d[k];
          e[k] += V[k * n + j] * f;
        }
        e[j] = g;
      }
      f = 0;
      for (let j = 0; j < i; j++) {
        e[j] /= h;
        f += e[j] * d[j];
      }
      const hh = f / (h + h);
      for (let j = 0; j < i; j++) e[j] -= hh * d[j];
      for (let j = 0; j < i; j++) {
        f = d[j];
        g = e[j];
        for (let k = j; k <= i - 1; k++) V[k * n + j] -= f * e[k] + g * d[k];
        d[j] = V[(i - 1) * n + j];
        V[i * n + j] = 0;
      }
    }
    d[i] = h;
  }
  for (let i = 0; i < n - 1; i++) {
    V[(n - 1) * n + i] = V[i * n + i];
    V[i * n + i] = 1;
    const h = d[i + 1];
    if (h !== 0) {
      for (let k = 0; k <= i; k++) d[k] = V[k * n + i + 1] / h;
      for (let j = 0; j <= i; j++) {
        let g = 0;
        for (let k = 0; k <= i; k++) g += V[k * n + i + 1] * V[k * n + j];
        for (let k = 0; k <= i; k++) V[k * n + j] -= g * d[k];
      }
    }
    for (let k = 0; k <= i; k++) V[k * n + i + 1] = 0;
  }
  for (let j = 0; j < n; j++) {
    d[j] = V[(n - 1) * n + j];
    V[(n - 1) * n + j] = 0;
  }
  V[(n - 1) * n + n - 1] = 1;
  e[0] = 0;
  // ---- tql2 ----
  for (let i = 1; i < n; i++) e[i - 1] = e[i];
  e[n - 1] = 0;
  let f = 0;
  let tst1 = 0;
  const eps = 2 ** -52;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
    let m = l;
    while (m < n) {
      if (Math.abs(e[m]) <= eps * tst1) break;
      m++;
    }
    if (m > l) {
      let iter = 0;
      do {
        if (++iter > 60) throw new LinalgError('symmetric eigendecomposition did not converge');
        let g = d[l];
        let p = (d[l + 1] - g) / (2 * e[l]);
        let r = Math.hypot(p, 1);
        if (p < 0) r = -r;
        d[l] = e[l] / (p + r);
        d[l + 1] = e[l] * (p + r);
        const dl1 = d[l + 1];
        let h = g - d[l];
        for (let i = l + 2; i < n; i++) d[i] -= h;
        f += h;
        p = d[m];
        let c = 1;
        let c2 = c;
        let c3 = c;
        const el1 = e[l + 1];
        let s = 0;
        let s2 = 0;
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * e[i];
          h = c * p;
          r = Math.hypot(p, e[i]);
          e[i + 1] = s * r;
          s = e[i] / r;
          c = p / r;
          p = c * d[i] - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]);
          for (let k = 0; k < n; k++) {
            const row = k * n;
            h = V[row + i + 1];
            V[row + i + 1] = s * V[row + i] + c * h;
            V[row + i] = c * V[row + i] - s * h;
          }
        }
        p = (-s * s2 * c3 * el1 * e[l]) / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (Math.abs(e[l]) > eps * tst1);
    }
    d[l] += f;
    e[l] = 0;
  }
  // sort ascending, with the vectors
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => d[a] - d[b]);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  order.forEach((src, dst) => {
    values[dst] = d[src];
    for (let k = 0; k < n; k++) vectors[k * n + dst] = V[k * n + src];
  });
  return { values, vectors };
}

/** V diag(f(lambda)) V^T for a symmetric matrix, float64. */
export function symmetricFunction(input: ArrayLike<number>, n: number, f: (lambda: number) => number): Float64Array {
  const { values, vectors } = symmetricEigen(input, n);
  const fv = values.map(f);
  if (!allFinite(fv)) throw new LinalgError('matrix function is not finite on the spectrum (a non-positive eigenvalue?)');
  const out = new Float64Array(n * n);
  const scaled = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < n; k++) scaled[k] = vectors[i * n + k] * fv[k];
    for (let j = i; j < n; j++) {
      let s = 0;
      const rowJ = j * n;
      for (let k = 0; k < n; k++) s += scaled[k] * vectors[rowJ + k];
      out[i * n + j] = s;
      out[j * n + i] = s;
    }
  }
  return out;
}

/**
 * Orthogonal polar factor U V^T of a square matrix (M = U S V^T), float64, by one-sided Jacobi SVD.
 * Throws LinalgError when M is (numerically) singular, where the factor is not unique.
 */
export function polarFactorExact(input: ArrayLike<number>, n: number): Float64Array {
  if (input.length !== n * n) throw new RangeError(`polarFactorExact: ${input.length} values for a ${n} x ${n} matrix`);
  if (!allFinite(input)) throw new LinalgError('matrix has non-finite entries');
  // Work on columns: w[j] is column j of M (stored contiguously), v[j] column j of V.
  const w = new Float64Array(n * n);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) w[j * n + i] = input[i * n + j];
  for (let j = 0; j < n; j++) v[j * n + j] = 1;
  const eps = 1e-15;
  for (let sweep = 0; ; sweep++) {
    if (sweep > 60) throw new LinalgError('Jacobi SVD did not converge');
    let rotated = false;
    for (let p = 0; p < n - 1; p++) {
      const wp = p * n;
      for (let q = p + 1; q < n; q++) {
        const wq = q * n;
        let alpha = 0;
        let beta = 0;
        let gamma = 0;
        for (let i = 0; i < n; i++) {
          const a = w[wp + i];
          const b = w[wq + i];
          alpha += a * a;
          beta += b * b;
          gamma += a * b;
        }
        if (gamma === 0 || Math.abs(gamma) <= eps * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        for (let i = 0; i < n; i++) {
          const a = w[wp + i];
          const b = w[wq + i];
          w[wp + i] = c * a - s * b;
          w[wq + i] = s * a + c * b;
          const va = v[wp + i];
          const vb = v[wq + i];
          v[wp + i] = c * va - s * vb;
          v[wq + i] = s * va + c * vb;
        }
      }
    }
    if (!rotated) break;
  }
  const sigma = new Float64Array(n);
  let sigmaMax = 0;
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += w[j * n + i] ** 2;
    sigma[j] = Math.sqrt(s);
    sigmaMax = Math.max(sigmaMax, sigma[j]);
  }
  if (!(sigmaMax > 0)) throw new LinalgError('matrix is zero; its polar factor is not defined');
  for (let j = 0; j < n; j++) {
    if (sigma[j] <= 1e-12 * sigmaMax) throw new LinalgError(`matrix is singular (singular value ${sigma[j].toExponential(2)} of ${sigmaMax.toExponential(2)}); its polar factor is not unique`);
  }
  // R = U V^T = sum_j (w_j / sigma_j) v_j^T
  const out = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const inv = 1 / sigma[j];
    for (let r = 0; r < n; r++) {
      const u = w[j * n + r] * inv;
      if (u === 0) continue;
      const row = r * n;
      for (let c = 0; c < n; c++) out[row + c] += u * v[j * n + c];
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Minimax odd polynomials for the sign function (the step polynomials of the iterations)
// ---------------------------------------------------------------------------------------------

export interface StepPolynomial {
  /** Coefficients of q in p(x) = x q(x^2) = x (c0 + c1 x^2 + c2 x^4 + ...). */
  coefficients: number[];
  /** max |1 - p(x)| over the design interval: afterwards every x lies in [1 - error, 1 + error]. */
  error: number;
}

function solveDense(a: number[][], b: number[]): number[] | undefined {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) pivot = r;
    if (!(Math.abs(m[pivot][col]) > 1e-300)) return undefined;
    [m[col], m[pivot]] = [m[pivot], m[col]];
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const factor = m[r][col] / m[col][col];
      for (let k = col; k <= n; k++) m[r][k] -= factor * m[col][k];
    }
  }
  return m.map((row, i) => row[n] / row[i]);
}

const evalOdd = (c: readonly number[], x: number) => {
  const x2 = x * x;
  let q = 0;
  for (let j = c.length - 1; j >= 0; j--) q = q * x2 + c[j];
  return x * q;
};

/** Taylor (Newton-Schulz) polynomials of p(x) -> 1 around x = 1; used when the interval is already tiny. */
const TAYLOR: Record<number, number[]> = {
  3: [3 / 2, -1 / 2],
  5: [15 / 8, -10 / 8, 3 / 8],
  7: [35 / 16, -35 / 16, 21 / 16, -5 / 16],
};

const remezCache = new Map<string, StepPolynomial>();

/**
 * The odd polynomial of the given degree (3, 5 or 7) closest to 1 in max norm on [lo, hi], 0 < lo < hi,
 * by the Remez exchange on a dense grid. Deterministic.
 */
export function minimaxSignPolynomial(lo: number, hi: number, degree: 3 | 5 | 7): StepPolynomial {
  if (!(lo > 0 && hi > lo)) throw new RangeError(`minimaxSignPolynomial: bad interval [${lo}, ${hi}]`);
  const key = `${degree}:${lo.toPrecision(12)}:${hi.toPrecision(12)}`;
  const cached = remezCache.get(key);
  if (cached) return cached;
  const n = (degree + 1) / 2;
  const taylorError = () => {
    const c = TAYLOR[degree];
    let err = 0;
    for (let i = 0; i <= 64; i++) {
      const x = lo + ((hi - lo) * i) / 64;
      err = Math.max(err, Math.abs(1 - evalOdd(c, x)));
    }
    return { coefficients: c, error: err };
  };
  let result: StepPolynomial | undefined;
  if ((hi - lo) / hi < 1e-3) {
    result = taylorError();
  } else {
    // grid: geometric near lo (where the error concentrates for tiny lo) and uniform elsewhere
    const gridSize = 1500;
    const grid: number[] = [];
    for (let i = 0; i < gridSize; i++) {
      const t = i / (gridSize - 1);
      grid.push(lo * (hi / lo) ** t, lo + (hi - lo) * t);
    }
    grid.sort((a, b) => a - b);
    let ref: number[] = [];
    for (let i = 0; i <= n; i++) ref.push(lo + ((hi - lo) * (1 - Math.cos((Math.PI * i) / n))) / 2);
    let coefficients: number[] | undefined;
    let error = Infinity;
    for (let iter = 0; iter < 60; iter++) {
      const rows = ref.map((x, i) => [...Array.from({ length: n }, (_, j) => x ** (2 * j + 1)), i % 2 === 0 ? 1 : -1]);
      const sol = solveDense(rows, ref.map(() => 1));
      if (!sol) break;
      coefficients = sol.slice(0, n);
      const err = grid.map((x) => 1 - evalOdd(coefficients!, x));
      error = Math.max(...err.map(Math.abs));
      // local extrema of the error, alternating in sign, keeping the largest per sign run
      const ext: number[] = [];
      for (let i = 0; i < grid.length; i++) {
        const left = i === 0 ? -Infinity : Math.abs(err[i - 1]);
        const right = i === grid.length - 1 ? -Infinity : Math.abs(err[i + 1]);
        const here = Math.abs(err[i]);
        const isExt = i === 0 || i === grid.length - 1 || (here >= left && here >= right);
        if (!isExt) continue;
        const last = ext[ext.length - 1];
        if (last !== undefined && Math.sign(err[last]) === Math.sign(err[i])) {
          if (here > Math.abs(err[last])) ext[ext.length - 1] = i;
        } else ext.push(i);
      }
      while (ext.length > n + 1) {
        if (Math.abs(err[ext[0]]) < Math.abs(err[ext[ext.length - 1]])) ext.shift();
        else ext.pop();
      }
      if (ext.length !== n + 1) break;
      const next = ext.map((i) => grid[i]);
      const moved = next.some((x, i) => Math.abs(x - ref[i]) > 1e-12 * hi);
      ref = next;
      if (!moved) break;
    }
    if (coefficients && Number.isFinite(error) && error < 1) result = { coefficients, error };
    else result = taylorError();
    // Taylor can beat an unconverged exchange on narrow intervals
    const taylor = taylorError();
    if (taylor.error < result.error) result = taylor;
  }
  remezCache.set(key, result);
  return result;
}

// ---------------------------------------------------------------------------------------------
// onnxruntime graphs
// ---------------------------------------------------------------------------------------------

class GraphBuilder {
  readonly nodes: NodeProto[] = [];
  readonly initializers: TensorProto[] = [];
  private counter = 0;
  private readonly constants = new Map<string, string>();

  fresh(prefix: string): string {
    return `${prefix}_${this.counter++}`;
  }

  int64(values: number[]): string {
    const key = values.join(',');
    const known = this.constants.get(key);
    if (known) return known;
    const name = this.fresh('const');
    this.initializers.push(int64Tensor(name, [values.length], values));
    this.constants.set(key, name);
    return name;
  }

  op(type: string, inputs: string[], attributes = [] as ReturnType<typeof attr.int>[], output?: string): string {
    const out = output ?? this.fresh(type.toLowerCase());
    this.nodes.push(makeNode(type, inputs, [out], { attributes, name: this.fresh(`n_${type}`) }));
    return out;
  }

  slice(x: string, start: number, end: number, axis: number): string {
    return this.op('Slice', [x, this.int64([start]), this.int64([end]), this.int64([axis])]);
  }
}

/** Panels for products with symmetric results: fewer than 4 only pays off below D = 2048. */
function panelsFor(width: number): number {
  if (width >= 2048 && width % 4 === 0) return 4;
  if (width >= 1024 && width % 2 === 0) return 2;
  return 1;
}

/**
 * A B for symmetric B when the product is known to be symmetric (A and B commute): computes the
 * upper block panels [i-th row panel of A] x [rows i.. of B]^T (B's rows are its columns) and mirrors
 * the lower blocks, so the result is exactly symmetric and costs (P+1)/(2P) of a full product.
 */
function symmetricProduct(g: GraphBuilder, a: string, b: string, width: number, output?: string): string {
  const panels = panelsFor(width);
  if (panels === 1) return g.op('MatMul', [a, b], [], output);
  return assembleSymmetric(g, width, panels, (i, size) => {
    const rowsA = g.slice(a, i * size, (i + 1) * size, 0);
    const rowsB = g.slice(b, i * size, width, 0);
    return g.op('Gemm', [rowsA, rowsB], [attr.int('transB', 1)]);
  }, output);
}

/** X^T X for X [rows, D], exactly symmetric, upper panels only. */
function symmetricGram(g: GraphBuilder, x: string, width: number, output?: string): string {
  const panels = panelsFor(width);
  if (panels === 1) return g.op('Gemm', [x, x], [attr.int('transA', 1)], output);
  return assembleSymmetric(g, width, panels, (i, size) => {
    const colsLeft = g.slice(x, i * size, (i + 1) * size, 1);
    const colsRight = g.slice(x, i * size, width, 1);
    return g.op('Gemm', [colsLeft, colsRight], [attr.int('transA', 1)]);
  }, output);
}

/** panel(i) returns block row i from column i*size on ([size, D - i*size]); lower blocks are transposes. */
function assembleSymmetric(g: GraphBuilder, width: number, panels: number, panel: (i: number, size: number) => string, output?: string): string {
  const size = width / panels;
  const upper: string[] = [];
  for (let i = 0; i < panels; i++) upper.push(panel(i, size));
  const rows: string[] = [];
  for (let i = 0; i < panels; i++) {
    const parts: string[] = [];
    for (let j = 0; j < i; j++) {
      // block (i, j) = block (j, i)^T; block (j, i) sits at columns (i - j) * size of panel j
      const block = g.slice(upper[j], (i - j) * size, (i - j + 1) * size, 1);
      parts.push(g.op('Transpose', [block], [attr.ints('perm', [1, 0])]));
    }
    parts.push(upper[i]);
    rows.push(parts.length === 1 ? parts[0] : g.op('Concat', parts, [attr.int('axis', 1)]));
  }
  return g.op('Concat', rows, [attr.int('axis', 0)], output);
}

/** q(M) = c0 I + c1 M + ... with the coefficients read from the `coef` input. */
function polynomialOf(g: GraphBuilder, m: string, width: number, qDegree: number, identity: string): string {
  const powers = [identity, m];
  for (let k = 2; k <= qDegree; k++) powers.push(symmetricProduct(g, powers[k - 1], m, width));
  const terms: string[] = [];
  for (let k = 0; k <= qDegree; k++) {
    const ck = g.op('Gather', ['coef', g.int64([k])]); // [1]
    terms.push(g.op('Mul', [powers[k], ck]));
  }
  return terms.length === 1 ? terms[0] : g.op('Sum', terms);
}

function encodeGraph(g: GraphBuilder, name: string, inputs: ReturnType<typeof tensorValueInfo>[], outputs: ReturnType<typeof tensorValueInfo>[]): Uint8Array {
  return encodeModel(
    makeModel({
      graph: makeGraph({ name, nodes: g.nodes, inputs, outputs, initializers: g.initializers }),
      opsets: [{ version: 17 }],
      producerName: 'monitor-gate',
    }),
  );
}

type CoupledKind = 'first-inverse' | 'first-root' | 'middle' | 'last';

/**
 * One step of the coupled iteration on commuting symmetric matrices: Q = q(M), Z' = Z Q, M' = M Q^2.
 * first-inverse: Z0 = I so Z1 = Q. first-root: Y0 = M0 so Y1 = M0 Q. last: M is not updated.
 * Outputs Z' ('z_out'), M' ('m_out') and ||M' - I||_F^2 ('dev').
 */
function coupledStepModel(width: number, kind: CoupledKind, qDegree: number): Uint8Array {
  const g = new GraphBuilder();
  const square = [width, width];
  const identity = g.op('EyeLike', ['m']);
  const q = polynomialOf(g, 'm', width, qDegree, identity);
  const inputs = [tensorValueInfo('m', DataType.FLOAT, square), tensorValueInfo('coef', DataType.FLOAT, [4])];
  const outputs = [tensorValueInfo('z_out', DataType.FLOAT, square)];
  if (kind === 'middle' || kind === 'last') inputs.push(tensorValueInfo('z', DataType.FLOAT, square));
  if (kind === 'last') {
    symmetricProduct(g, 'z', q, width, 'z_out');
  } else {
    const mq = symmetricProduct(g, 'm', q, width);
    if (kind === 'first-inverse') g.op('Identity', [q], [], 'z_out');
    else if (kind === 'first-root') g.op('Identity', [mq], [], 'z_out');
    else symmetricProduct(g, 'z', q, width, 'z_out');
    symmetricProduct(g, mq, q, width, 'm_out');
    const diff = g.op('Sub', ['m_out', identity]);
    g.op('ReduceSumSquare', [diff], [attr.int('keepdims', 0)], 'dev');
    outputs.push(tensorValueInfo('m_out', DataType.FLOAT, square), tensorValueInfo('dev', DataType.FLOAT, []));
  }
  return encodeGraph(g, `coupled_${kind}_q${qDegree}`, inputs, outputs);
}

/** One polar step: G = X^T X, dev = ||G - I||_F^2, X' = X q(G). */
function polarStepModel(width: number, qDegree: number): Uint8Array {
  const g = new GraphBuilder();
  const square = [width, width];
  const gram = symmetricGram(g, 'x', width);
  const identity = g.op('EyeLike', [gram]);
  const diff = g.op('Sub', [gram, identity]);
  g.op('ReduceSumSquare', [diff], [attr.int('keepdims', 0)], 'dev');
  const q = polynomialOf(g, gram, width, qDegree, identity);
  g.op('MatMul', ['x', q], [], 'x_out');
  return encodeGraph(
    g,
    `polar_q${qDegree}`,
    [tensorValueInfo('x', DataType.FLOAT, square), tensorValueInfo('coef', DataType.FLOAT, [4])],
    [tensorValueInfo('x_out', DataType.FLOAT, square), tensorValueInfo('dev', DataType.FLOAT, [])],
  );
}

/** Chunk statistics: centered rows in, X^T X (and Xu^T Xb) out. */
function gramModel(width: number, cross: boolean, base = true): Uint8Array {
  const g = new GraphBuilder();
  symmetricGram(g, 'xu', width, 'gram_u');
  if (base) symmetricGram(g, 'xb', width, 'gram_b');
  const outputs = [tensorValueInfo('gram_u', DataType.FLOAT, [width, width])];
  if (base) outputs.push(tensorValueInfo('gram_b', DataType.FLOAT, [width, width]));
  if (cross) {
    g.op('Gemm', ['xu', 'xb'], [attr.int('transA', 1)], 'cross');
    outputs.push(tensorValueInfo('cross', DataType.FLOAT, [width, width]));
  }
  return encodeGraph(
    g,
    `gram${base ? '' : '_updated'}${cross ? '_cross' : ''}`,
    [tensorValueInfo('xu', DataType.FLOAT, ['rows', width]), tensorValueInfo('xb', DataType.FLOAT, ['rows', width])],
    outputs,
  );
}

function productModel(width: number): Uint8Array {
  const g = new GraphBuilder();
  g.op('MatMul', ['a', 'b'], [], 'c');
  return encodeGraph(g, 'product', [tensorValueInfo('a', DataType.FLOAT, [width, width]), tensorValueInfo('b', DataType.FLOAT, [width, width])], [
    tensorValueInfo('c', DataType.FLOAT, [width, width]),
  ]);
}

/** a [D, D] (or its transpose) times a block of p columns [D, p] (subspace iterations, probes). */
function panelModel(width: number, transA: boolean, type: DataType): Uint8Array {
  const g = new GraphBuilder();
  g.op('Gemm', ['a', 'x'], transA ? [attr.int('transA', 1)] : [], 'y');
  return encodeGraph(g, transA ? 'panel_t' : 'panel', [tensorValueInfo('a', type, [width, width]), tensorValueInfo('x', type, [width, 'p'])], [
    tensorValueInfo('y', type, [width, 'p']),
  ]);
}

/** a [m, n] (or a^T for a [n, m]) times b [n, p], every size free, float32. */
function denseModel(transA: boolean): Uint8Array {
  const g = new GraphBuilder();
  g.op('Gemm', ['a', 'b'], transA ? [attr.int('transA', 1)] : [], 'c');
  return encodeGraph(g, transA ? 'dense_t' : 'dense', [tensorValueInfo('a', DataType.FLOAT, ['r', 's']), tensorValueInfo('b', DataType.FLOAT, ['n', 'p'])], [
    tensorValueInfo('c', DataType.FLOAT, ['m', 'p']),
  ]);
}

/** s + u v for u [D, k], v [k, D], in float32 or float64. */
function lowRankModel(width: number, type: DataType): Uint8Array {
  const g = new GraphBuilder();
  const uv = g.op('MatMul', ['u', 'v']);
  g.op('Add', ['s', uv], [], 'out');
  return encodeGraph(
    g,
    'low_rank_update',
    [tensorValueInfo('s', type, [width, width]), tensorValueInfo('u', type, [width, 'k']), tensorValueInfo('v', type, ['k', width])],
    [tensorValueInfo('out', type, [width, width])],
  );
}

export interface MatrixEngineOptions {
  /** onnxruntime intra-op threads; default: onnxruntime's choice (the number of physical cores). */
  threads?: number;
}

/**
 * Matrix products on onnxruntime (CPU) for one width D. Sessions are built on first use and reused
 * for every chunk and iteration; release() frees them.
 */
export class MatrixEngine {
  private readonly sessions = new Map<string, Promise<ort.InferenceSession>>();
  /** Matrix products run so far (a symmetric panel product counts as one), for benchmarks. */
  products = 0;

  constructor(
    readonly width: number,
    private readonly options: MatrixEngineOptions = {},
  ) {
    if (!Number.isSafeInteger(width) || width < 1) throw new RangeError(`MatrixEngine: bad width ${width}`);
  }

  private session(key: string, build: () => Uint8Array): Promise<ort.InferenceSession> {
    let s = this.sessions.get(key);
    if (!s) {
      // No CPU arena: each session would keep its peak (several D x D buffers) for its lifetime, and a
      // dozen sessions' arenas cost gigabytes of first-touch page faults; plain allocations are reused
      // by the allocator and returned when a run ends.
      const sessionOptions: ort.InferenceSession.SessionOptions = { executionProviders: ['cpu'], graphOptimizationLevel: 'all', enableCpuMemArena: false };
      if (this.options.threads) sessionOptions.intraOpNumThreads = this.options.threads;
      s = ort.InferenceSession.create(build(), sessionOptions);
      this.sessions.set(key, s);
    }
    return s;
  }

  private async run(key: string, build: () => Uint8Array, feeds: Record<string, ort.Tensor>): Promise<ort.InferenceSession.ReturnType> {
    const session = await this.session(key, build);
    return session.run(feeds);
  }

  private square(data: Float32Array): ort.Tensor {
    return new ort.Tensor('float32', data, [this.width, this.width]);
  }

  /** Xu^T Xu, Xb^T Xb (unless `base` is false) and optionally Xu^T Xb of centered chunk rows [rows, D] (float32). */
  async gram(xu: Float32Array, xb: Float32Array, rows: number, cross: boolean, base = true): Promise<{ gramU: Float32Array; gramB?: Float32Array; cross?: Float32Array }> {
    const D = this.width;
    const key = `gram${base ? '' : '-updated'}${cross ? '-cross' : ''}`;
    const out = await this.run(key, () => gramModel(D, cross, base), {
      xu: new ort.Tensor('float32', xu, [rows, D]),
      xb: new ort.Tensor('float32', xb, [rows, D]),
    });
    this.products += (cross ? 1 : 0) + (base ? 2 : 1);
    return {
      gramU: out.gram_u.data as Float32Array,
      gramB: base ? (out.gram_b.data as Float32Array) : undefined,
      cross: cross ? (out.cross.data as Float32Array) : undefined,
    };
  }

  async product(a: Float32Array, b: Float32Array): Promise<Float32Array> {
    const out = await this.run('product', () => productModel(this.width), { a: this.square(a), b: this.square(b) });
    this.products += 1;
    return out.c.data as Float32Array;
  }

  /** A B (or A^T B) for A [m, n] (stored [n, m] when transposed) and B [n, p], row-major, in float32; the result is float64. */
  async dense(a: ArrayLike<number>, b: ArrayLike<number>, m: number, n: number, p: number, transA = false): Promise<Float64Array> {
    const out = await this.run(transA ? 'dense-t' : 'dense', () => denseModel(transA), {
      a: new ort.Tensor('float32', a instanceof Float32Array ? a : Float32Array.from(a), transA ? [n, m] : [m, n]),
      b: new ort.Tensor('float32', b instanceof Float32Array ? b : Float32Array.from(b), [n, p]),
    });
    return Float64Array.from(out.c.data as Float32Array);
  }

  /** A X (or A^T X) for A [D, D] and X [D, p] (row-major), in the precision of A; the result is float64. */
  async panel(a: Float32Array | Float64Array, x: Float64Array, p: number, transA = false): Promise<Float64Array> {
    const D = this.width;
    const type = a instanceof Float64Array ? 'float64' : 'float32';
    const out = await this.run(`panel-${type}${transA ? '-t' : ''}`, () => panelModel(D, transA, type === 'float64' ? DataType.DOUBLE : DataType.FLOAT), {
      a: new ort.Tensor(type, a, [D, D]),
      x: new ort.Tensor(type, type === 'float64' ? x : Float32Array.from(x), [D, p]),
    });
    const y = out.y.data as Float32Array | Float64Array;
    return y instanceof Float64Array ? y : Float64Array.from(y);
  }

  /** S + U V for U [D, k] and V [k, D], in the precision of the arguments. */
  async lowRankUpdate<T extends Float32Array | Float64Array>(s: T, u: T, v: T, k: number): Promise<T> {
    const D = this.width;
    const type = s instanceof Float64Array ? 'float64' : 'float32';
    const out = await this.run(`low-rank-${type}`, () => lowRankModel(D, type === 'float64' ? DataType.DOUBLE : DataType.FLOAT), {
      s: new ort.Tensor(type, s, [D, D]),
      u: new ort.Tensor(type, u, [D, k]),
      v: new ort.Tensor(type, v, [k, D]),
    });
    return out.out.data as T;
  }

  async coupledStep(kind: CoupledKind, qDegree: number, coefficients: readonly number[], m: Float32Array, z?: Float32Array) {
    const coef = new Float32Array(4);
    coefficients.forEach((c, i) => (coef[i] = c));
    const feeds: Record<string, ort.Tensor> = { m: this.square(m), coef: new ort.Tensor('float32', coef, [4]) };
    if (kind === 'middle' || kind === 'last') feeds.z = this.square(z!);
    const out = await this.run(`coupled-${kind}-${qDegree}`, () => coupledStepModel(this.width, kind, qDegree), feeds);
    this.products += Math.max(0, qDegree - 1) + (kind === 'last' ? 1 : kind === 'middle' ? 3 : 2);
    return {
      z: out.z_out.data as Float32Array,
      m: out.m_out ? (out.m_out.data as Float32Array) : undefined,
      deviation: out.dev ? Math.sqrt(Number((out.dev.data as Float32Array)[0])) : undefined,
    };
  }

  async polarStep(qDegree: number, coefficients: readonly number[], x: Float32Array) {
    const coef = new Float32Array(4);
    coefficients.forEach((c, i) => (coef[i] = c));
    const out = await this.run(`polar-${qDegree}`, () => polarStepModel(this.width, qDegree), { x: this.square(x), coef: new ort.Tensor('float32', coef, [4]) });
    this.products += qDegree + 1;
    return { x: out.x_out.data as Float32Array, deviation: Math.sqrt(Number((out.dev.data as Float32Array)[0])) };
  }

  async release(): Promise<void> {
    const all = [...this.sessions.values()];
    this.sessions.clear();
    for (const s of all) {
      try {
        await (await s).release();
      } catch {
        // a session that failed to build has nothing to release
      }
    }
  }
}

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
