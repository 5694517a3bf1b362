// The radix sort of scores gives exactly the order the native sorts give, on random and
// adversarial inputs (ties, -0 and +0, infinities, tiny and huge magnitudes, sizes around the
// small-input cut-over).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { argsortScores, scoreOrder, sortedScores } from '../src/core/metrics/sort.ts';
import { logitsOfProbabilities } from '../src/core/predict/estimate.ts';

const scores = fc.oneof(
  fc.array(fc.double({ noNaN: true }), { maxLength: 300 }),
  fc.array(fc.constantFrom(-0, 0, 1, -1, 0.5, Infinity, -Infinity, 5e-324, -5e-324, 1.7976931348623157e308), { minLength: 60, maxLength: 200 }),
  fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 64, maxLength: 3000 }),
);

describe('radix sort of scores', () => {
  test('sortedScores equals Float64Array.prototype.sort with -0 folded into +0', () => {
    fc.assert(
      fc.property(scores, (values) => {
        const want = Float64Array.from(values, (v) => v + 0).sort();
        const got = sortedScores(values);
        assert.equal(got.length, want.length);
        for (let i = 0; i < want.length; i++) assert.ok(Object.is(got[i], want[i]), `position ${i}: ${got[i]} vs ${want[i]}`);
      }),
      { numRuns: 300, seed: 4242 },
    );
  });
  test('argsortScores equals a stable comparator sort (ties in row order)', () => {
    fc.assert(
      fc.property(scores, (values) => {
        const want = Array.from(values, (_, i) => i).sort((a, b) => (values[a] + 0 === values[b] + 0 ? a - b : values[a] < values[b] ? -1 : 1));
        assert.deepEqual(Array.from(argsortScores(values)), want);
      }),
      { numRuns: 300, seed: 4243 },
    );
  });
  test('float32 scores (the 32-bit key path) sort exactly as the comparator sorts them', () => {
    const float32Scores = fc.oneof(
      fc.array(fc.float({ noNaN: true }), { minLength: 64, maxLength: 3000 }),
      fc.array(fc.constantFrom(-0, 0, 1, -1, 0.5, Infinity, -Infinity, 1.401298464324817e-45, -1.401298464324817e-45, 3.4028234663852886e38), { minLength: 64, maxLength: 300 }),
      // one value off the float32 grid sends the whole vector down the 64-bit path
      fc.tuple(fc.array(fc.float({ noNaN: true }), { minLength: 64, maxLength: 300 }), fc.double({ noNaN: true })).map(([values, odd]) => [...values, odd]),
    );
    fc.assert(
      fc.property(float32Scores, (values) => {
        const vector = Float64Array.from(values);
        const want = Array.from(vector, (_, i) => i).sort((a, b) => (vector[a] + 0 === vector[b] + 0 ? a - b : vector[a] < vector[b] ? -1 : 1));
        assert.deepEqual(Array.from(argsortScores(vector)), want);
      }),
      { numRuns: 300, seed: 4245 },
    );
  });
  test('20,000 probabilities with heavy ties', () => {
    const values = Float64Array.from({ length: 20_000 }, (_, i) => Math.round(Math.abs(Math.sin(i * 12.9898)) * 50) / 50);
    const order = argsortScores(values);
    for (let k = 1; k < order.length; k++) {
      const a = order[k - 1];
      const b = order[k];
      assert.ok(values[a] < values[b] || (values[a] === values[b] && a < b), `positions ${k - 1}, ${k}`);
    }
  });
  test('the logits of probabilities take their order from the probabilities, exactly as a sort of the logits', () => {
    // probabilities near 0 and 1 clamp to one logit (ties in row order there), and float rounding
    // can map distinct probabilities to one logit
    const probabilities = fc.array(
      fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(0, 1, 1e-9, 1 - 1e-9, 5e-8, 0.5, 0.25), fc.double({ min: 0, max: 1e-6, noNaN: true })),
      { minLength: 64, maxLength: 2000 },
    );
    fc.assert(
      fc.property(probabilities, (values) => {
        const p = Float64Array.from(values);
        const logits = logitsOfProbabilities(p);
        assert.deepEqual(Array.from(scoreOrder(logits)), Array.from(argsortScores(logits)));
      }),
      { numRuns: 300, seed: 4244 },
    );
  });
});
