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
