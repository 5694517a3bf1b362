/**
 * Sorting scores, the metrics' inner loop: every monitor sorts its base and updated scores, by
 * class and whole, several times. An LSD radix sort on the float64 bits (six passes of 11 bits,
 * passes where every key has the same digit skipped) gives exactly the order of
 * Float64Array.prototype.sort and of an index sort with a comparator (ascending values, -0 folded
 * into +0, ties in row order). At 20,000 rows (scratch benchmark, Node 20): an index sort 0.7-1.0 ms
 * against 3.7-5.8 ms with a comparator; a sorted copy 0.9-1.4 ms against 1.1-1.8 ms natively.
 * NaN has no place in that order; callers refuse it first (checkScores).
 */

const BITS = 11;
const MASK = (1 << BITS) - 1;
/** [word (0: low 32 bits, 1: high), shift] of each pass, least significant first. */
const PASSES: ReadonlyArray<readonly [0 | 1, number]> = [
  [0, 0],
  [0, 11],
  [0, 22],
  [1, 0],
  [1, 11],
  [1, 22],
];
/** Below this many rows the native sort's fixed costs are lower than six histogram passes. */
const SMALL = 64;

const scratch = new Float64Array(1);
const scratchBits = new Uint32Array(scratch.buffer);

/** Keys that compare as unsigned integers in the order of the values (sign-magnitude to two's complement order). */
function sortableKeys(values: ArrayLike<number>, n: number): [Uint32Array, Uint32Array] {
  const lo = new Uint32Array(n);
  const hi = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    scratch[0] = values[i] + 0; // -0 + 0 is +0
    const h = scratchBits[1];
    const l = scratchBits[0];
    if (h & 0x80000000) {
      hi[i] = ~h >>> 0;
      lo[i] = ~l >>> 0;
    } else {
      hi[i] = (h | 0x80000000) >>> 0;
      lo[i] = l;
    }
  }
  return [lo, hi];
}

/** Row indexes in ascending order of `values`, ties in row order (a stable sort). */
export function argsortScores(values: ArrayLike<number>): Uint32Array {
  const n = values.length;
  let order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  if (n < 2) return order;
  if (n < SMALL) return order.sort((a, b) => values[a] + 0 - (values[b] + 0) || a - b);
  const words = sortableKeys(values, n);
  let next = new Uint32Array(n);
  const count = new Uint32Array(1 << BITS);
  for (const [word, shift] of PASSES) {
    const key = words[word];
    count.fill(0);
    for (let i = 0; i < n; i++) count[(key[i] >>> shift) & MASK]++;
    // a digit every key shares leaves the order as it is
    if (count[(key[0] >>> shift) & MASK] === n) continue;
    let sum = 0;
    for (let d = 0; d <= MASK; d++) {
      const c = count[d];
      count[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const row = order[i];
      next[count[(key[row] >>> shift) & MASK]++] = row;
    }
    const done = order;
    order = next;
    next = done;
  }
  return order;
}

/**
 * argsortScores of a score vector, remembered per vector: a monitor's base and updated scores are
 * written once by the stream and then only read, by the estimate, the metrics and the shift tests,
 * which all need them in order. Only Float64Arrays are remembered; a caller that writes into a
 * vector after sorting it must not use this.
 */
const orders = new WeakMap<Float64Array, Uint32Array>();
export function scoreOrder(values: ArrayLike<number>): Uint32Array {
  if (!(values instanceof Float64Array)) return argsortScores(values);
  let order = orders.get(values);
  if (!order || order.length !== values.length) {
    order = argsortScores(values);
    orders.set(values, order);
  }
  return order;
}

/**
 * Remembers the order of `derived`, a non-decreasing function of `source` row by row (a logit of a
 * probability, clamped), from the order of `source` instead of sorting again. Rows of equal
 * `derived` value form one run of the source order (the function is monotone); within a run the
 * stable order is row order, so only the runs are re-sorted (short, except where a clamp flattens
 * many rows). Exactly argsortScores(derived); `derived` must not be written afterwards.
 */
export function rememberMonotoneOrder(source: Float64Array, derived: Float64Array): void {
  const n = source.length;
  if (derived.length !== n || n < SMALL) return;
  const order = scoreOrder(source).slice();
  for (let a = 0; a < n; ) {
    const v = derived[order[a]];
    let b = a + 1;
    while (b < n && derived[order[b]] === v) b++;
    if (b - a > 1) order.subarray(a, b).sort();
    a = b;
  }
  orders.set(derived, order);
}

/** `values` ascending, -0 folded into +0, as a new Float64Array. */
export function sortedScores(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const out = new Float64Array(n);
  if (n < SMALL) {
    for (let i = 0; i < n; i++) out[i] = values[i] + 0;
    return out.sort();
  }
  const order = scoreOrder(values);
  for (let i = 0; i < n; i++) out[i] = values[order[i]] + 0;
  return out;
}
