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
 *
 * One algorithm per file under linalg/; this module gathers them.
 */
export * from './linalg/basics.ts';
export * from './linalg/eigen.ts';
export * from './linalg/minimax.ts';
export * from './linalg/engine.ts';
export * from './linalg/iterations.ts';
