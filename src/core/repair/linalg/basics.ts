/** What every part of the realignment linear algebra shares: the failure type, the engine choice, small dense float64 helpers. */

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
// Small dense float64 helpers (row-major)
// ---------------------------------------------------------------------------------------------

/** X Y for X [n, p], Y [p, q], row-major float64. */
export function times(x: ArrayLike<number>, y: ArrayLike<number>, n: number, p: number, q: number): Float64Array {
  const out = new Float64Array(n * q);
  for (let r = 0; r < n; r++) {
    const o = r * q;
    for (let i = 0; i < p; i++) {
      const v = x[r * p + i];
      if (v === 0) continue;
      const yr = i * q;
      for (let j = 0; j < q; j++) out[o + j] += v * y[yr + j];
    }
  }
  return out;
}

/** X^T Y for X [n, p], Y [n, q], row-major float64. */
export function transposeTimes(x: ArrayLike<number>, y: ArrayLike<number>, n: number, p: number, q: number): Float64Array {
  const out = new Float64Array(p * q);
  for (let r = 0; r < n; r++) {
    const xr = r * p;
    const yr = r * q;
    for (let i = 0; i < p; i++) {
      const v = x[xr + i];
      if (v === 0) continue;
      const o = i * q;
      for (let j = 0; j < q; j++) out[o + j] += v * y[yr + j];
    }
  }
  return out;
}

/** C = A B for row-major square float64 matrices. */
export function matmul64(a: ArrayLike<number>, b: ArrayLike<number>, n: number): Float64Array {
  return times(a, b, n, n, n);
}

export function transpose64(a: ArrayLike<number>, n: number): Float64Array {
  const t = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) t[j * n + i] = a[i * n + j];
  return t;
}
