/** Minimax odd polynomials for the sign function: the step polynomials of the iterations (a small Remez exchange). */

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

export const evalOdd = (c: readonly number[], x: number) => {
  const x2 = x * x;
  let q = 0;
  for (let j = c.length - 1; j >= 0; j--) q = q * x2 + c[j];
  return x * q;
};

/** Taylor (Newton-Schulz) polynomials of p(x) -> 1 around x = 1; used when the interval is already tiny. */
export const TAYLOR: Record<number, number[]> = {
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
