/** The exact engine (D <= EXACT_MAX_WIDTH): float64 symmetric eigendecomposition, matrix functions and the polar factor. */
import { LinalgError, allFinite } from './basics.ts';

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
