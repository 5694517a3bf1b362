/**
 * Sorting scores, the metrics' inner loop: every monitor sorts its base and updated scores, by
 * class and whole, several times. An LSD radix sort on the float64 bits (six passes of 11 bits;
 * three when every score is a float32, as a float32 graph's probabilities are; passes where every
 * key has the same digit skipped) gives exactly the order of
 * Float64Array.prototype.sort and of an index sort with a comparator (ascending values, -0 folded
 * into +0, ties in row order). At 20,000 rows (scratch benchmark, Node 20): an index sort 0.7-1.0 ms
 * against 3.7-5.8 ms with a comparator; a sorted copy 0.9-1.4 ms against 1.1-1.8 ms natively.
 * NaN has no place in that order; callers refuse it first (checkScores).
 */

const BITS = 11;
const MASK = (1 << BITS) - 1;
const BUCKETS = 1 << BITS;
/** Below this many rows the native sort's fixed costs are lower than the histogram passes. */
const SMALL = 64;

const scratch = new Float64Array(1);
const scratchBits = new Uint32Array(scratch.buffer);

/** Maps IEEE sign-magnitude bits to unsigned integers in the order of the values. */
function orderedBits(bits: number): number {
  return bits & 0x80000000 ? ~bits >>> 0 : (bits | 0x80000000) >>> 0;
}

/**
 * Probabilities that came out of a float32 graph are float32 values: their order is the order of
 * 32-bit keys, three passes instead of six. Null when a value is not exactly a float32.
 */
function float32Keys(values: ArrayLike<number>): Uint32Array | null {
  const narrowed = Float32Array.from(values);
  if (!sameValues(values, narrowed)) return null;
  const keys = new Uint32Array(narrowed.buffer);
  orderBitsInPlace(keys);
  return keys;
}

/** Whether every value equals its float32 narrowing (NaN aside: it sorts nowhere). */
function sameValues(values: ArrayLike<number>, narrowed: Float32Array): boolean {
  for (let i = 0; i < narrowed.length; i++) {
    const v = values[i];
    if (narrowed[i] !== v && v === v) return false;
  }
  return true;
}

function orderBitsInPlace(keys: Uint32Array): void {
  for (let i = 0; i < keys.length; i++) {
    const bits = keys[i];
    // -0 sorts as +0
    keys[i] = bits === 0x80000000 ? 0x80000000 : orderedBits(bits);
  }
}

/** [low word, high word] keys that compare as unsigned integers in the order of the values. */
function float64Keys(values: ArrayLike<number>, n: number): [Uint32Array, Uint32Array] {
  const lo = new Uint32Array(n);
  const hi = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    scratch[0] = values[i] + 0; // -0 + 0 is +0
    const h = scratchBits[1];
    hi[i] = orderedBits(h);
    // a negative value's low word flips with its high word
    lo[i] = h & 0x80000000 ? ~scratchBits[0] >>> 0 : scratchBits[0];
  }
  return [lo, hi];
}

/**
 * LSD passes over 11-bit digits of 32-bit keys (three per word), least significant first, all
 * digit histograms counted in one read of the keys. A digit every key shares leaves the order as
 * it is, so its pass is skipped.
 */
function radixPasses(words: Uint32Array[], order: Uint32Array): Uint32Array {
  const n = order.length;
  const passes = words.length * 3;
  const counts = new Uint32Array(passes * BUCKETS);
  for (let w = 0; w < words.length; w++) {
    const key = words[w];
    const c0 = w * 3 * BUCKETS;
    const c1 = c0 + BUCKETS;
    const c2 = c1 + BUCKETS;
    for (let i = 0; i < n; i++) {
      const k = key[i];
      counts[c0 + (k & MASK)]++;
      counts[c1 + ((k >>> 11) & MASK)]++;
      counts[c2 + (k >>> 22)]++;
    }
  }
  let next: Uint32Array = new Uint32Array(n);
  for (let p = 0; p < passes; p++) {
    const key = words[(p / 3) | 0];
    const shift = (p % 3) * BITS;
    const base = p * BUCKETS;
    if (counts[base + ((key[0] >>> shift) & MASK)] === n) continue;
    let sum = 0;
    for (let d = base; d < base + BUCKETS; d++) {
      const c = counts[d];
      counts[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const row = order[i];
      next[counts[base + ((key[row] >>> shift) & MASK)]++] = row;
    }
    const done = order;
    order = next;
    next = done;
  }
  return order;
}

// Loops that run once per score vector sit in functions that return right after them: V8 compiles
// a loop while its first call is still inside it, and code after the loop that has not run yet then
// deoptimizes the compiled function again on later calls (deopt storms measured on the 64-monitor
// workload, Node 20).
function identityOrder(n: number): Uint32Array {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  return order;
}

/** Row indexes in ascending order of `values`, ties in row order (a stable sort). */
export function argsortScores(values: ArrayLike<number>): Uint32Array {
  const n = values.length;
  const order = identityOrder(n);
  if (n < 2) return order;
  if (n < SMALL) return order.sort((a, b) => values[a] + 0 - (values[b] + 0) || a - b);
  const keys32 = float32Keys(values);
  return radixPasses(keys32 ? [keys32] : float64Keys(values, n), order);
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
  sortTieRuns(derived, order);
  orders.set(derived, order);
}

/** Re-sorts each run of equal `values` in `order` by row; a function of its own for V8's sake (see identityOrder). */
function sortTieRuns(values: Float64Array, order: Uint32Array): void {
  const n = order.length;
  for (let a = 0; a < n; ) {
    const v = values[order[a]];
    let b = a + 1;
    while (b < n && values[order[b]] === v) b++;
    if (b - a > 1) order.subarray(a, b).sort();
    a = b;
  }
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
