// The paired change of a rate at the threshold and Newcombe's interval (src/core/metrics/paired.ts),
// against values computed independently in Python (scripts/make-paired-reference.py into
// test/fixtures/paired-reference.json), and on the tables where intervals usually break.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { newcombePairedInterval, pairedRateChanges, pairedTable, tableOfChange, wilsonInterval, type PairedTable } from '../src/core/metrics/index.ts';

interface TableCase {
  name: string;
  table: PairedTable;
  value: number;
  ci95: [number, number];
}
const fixture = JSON.parse(readFileSync(new URL('./fixtures/paired-reference.json', import.meta.url), 'utf8')) as { generator: string; source: string; tables: TableCase[] };

function close(actual: number, expected: number, tol: number, what: string): void {
  assert.ok(Number.isFinite(actual), `${what}: expected a finite number, got ${actual}`);
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual} differs from ${expected} by more than ${tol}`);
}

describe('Newcombe method 10 against the Python reference', () => {
  test('the fixture records where it came from', () => {
    assert.equal(fixture.generator, 'scripts/make-paired-reference.py');
    assert.match(fixture.source, /Newcombe \(1998\).*method 10/);
    assert.ok(fixture.tables.length >= 15);
  });

  for (const c of fixture.tables) {
    test(`${c.name}: change and 95% interval to 1e-9`, () => {
      const got = newcombePairedInterval(c.table);
      close(got.value, c.value, 1e-12, `${c.name} change`);
      close(got.ci95[0], c.ci95[0], 1e-9, `${c.name} lower`);
      close(got.ci95[1], c.ci95[1], 1e-9, `${c.name} upper`);
    });
  }
});

describe('edge cases give finite, sane intervals', () => {
  const sane = (t: PairedTable, what: string) => {
    const { value, ci95 } = newcombePairedInterval(t);
    assert.ok([value, ...ci95].every(Number.isFinite), `${what}: finite`);
    assert.ok(ci95[0] >= -1 && ci95[1] <= 1, `${what}: inside [-1, 1]: ${ci95}`);
    assert.ok(ci95[0] <= value && value <= ci95[1], `${what}: the change ${value} is inside ${ci95}`);
    assert.ok(ci95[0] < ci95[1], `${what}: never zero width: ${ci95}`);
    return { value, ci95 };
  };

  test('no discordant pairs: change 0, an interval around it that is not empty', () => {
    for (const t of [
      { both: 7, updated_only: 0, base_only: 0, neither: 5 },
      { both: 12, updated_only: 0, base_only: 0, neither: 0 },
      { both: 0, updated_only: 0, base_only: 0, neither: 12 },
    ]) {
      const { value, ci95 } = sane(t, JSON.stringify(t));
      assert.equal(value, 0);
      close(ci95[0], -ci95[1], 1e-12, `${JSON.stringify(t)} symmetric`);
    }
  });

  test('every pair discordant: one way, the other, and both ways', () => {
    assert.equal(sane({ both: 0, updated_only: 0, base_only: 12, neither: 0 }, 'lost').value, -1);
    assert.equal(sane({ both: 0, updated_only: 12, base_only: 0, neither: 0 }, 'gained').value, 1);
    assert.equal(sane({ both: 0, updated_only: 6, base_only: 6, neither: 0 }, 'both ways').value, 0);
    // every row lost its flag: the interval is far from 0, but not the single point -1
    const lost = newcombePairedInterval({ both: 0, updated_only: 0, base_only: 12, neither: 0 });
    assert.equal(lost.ci95[0], -1);
    assert.ok(lost.ci95[1] < -0.5);
  });

  test('n = 1, in each cell', () => {
    for (const t of [
      { both: 1, updated_only: 0, base_only: 0, neither: 0 },
      { both: 0, updated_only: 1, base_only: 0, neither: 0 },
      { both: 0, updated_only: 0, base_only: 1, neither: 0 },
      { both: 0, updated_only: 0, base_only: 0, neither: 1 },
    ]) sane(t, JSON.stringify(t));
  });

  test('zero rows of the class (no positives): change 0, interval [-1, 1]', () => {
    assert.deepEqual(newcombePairedInterval({ both: 0, updated_only: 0, base_only: 0, neither: 0 }), { value: 0, ci95: [-1, 1] });
    const labels = Uint8Array.from([0, 0, 0]);
    const { tpr_change, fpr_change } = pairedRateChanges(Float64Array.from([0.9, 0.1, 0.7]), Float64Array.from([0.2, 0.8, 0.7]), labels, 0.5);
    assert.deepEqual(tpr_change, { value: 0, ci95: [-1, 1], n: 0, both: 0, base_only: 0, updated_only: 0 });
    assert.deepEqual([fpr_change.n, fpr_change.both, fpr_change.base_only, fpr_change.updated_only], [3, 1, 1, 1]);
  });

  test('the interval narrows as the same proportions rest on more rows', () => {
    let width = Infinity;
    for (const k of [1, 2, 4, 16, 256, 4096]) {
      const { ci95 } = newcombePairedInterval({ both: 7 * k, updated_only: 0, base_only: 3 * k, neither: 2 * k });
      assert.ok(ci95[1] - ci95[0] < width, `k=${k}`);
      width = ci95[1] - ci95[0];
    }
    assert.ok(width < 0.02);
  });

  test('counts that are not whole numbers >= 0 are refused', () => {
    assert.throws(() => newcombePairedInterval({ both: -1, updated_only: 0, base_only: 0, neither: 2 }), /both must be a whole number >= 0/);
    assert.throws(() => newcombePairedInterval({ both: 1, updated_only: 0.5, base_only: 0, neither: 2 }), /updated_only/);
    assert.throws(() => newcombePairedInterval({ both: 1, updated_only: 0, base_only: Number.NaN, neither: 2 }), /base_only/);
  });

  test('Wilson limits: x = 0 starts at 0, x = n ends at 1, inside [0, 1] always', () => {
    assert.equal(wilsonInterval(0, 12)[0], 0);
    assert.equal(wilsonInterval(12, 12)[1], 1);
    for (let n = 1; n <= 30; n++) {
      for (let x = 0; x <= n; x++) {
        const [l, u] = wilsonInterval(x, n);
        assert.ok(l >= 0 && u <= 1 && l <= x / n && x / n <= u, `${x}/${n}: [${l}, ${u}]`);
      }
    }
  });
});

describe('paired tables from scores', () => {
  test('a row is flagged when its score is above the threshold, strictly, on each side', () => {
    const base = Float64Array.from([0.9, 0.9, 0.2, 0.2, 0.5, 0.51, 0.9, 0.1]);
    const updated = Float64Array.from([0.8, 0.3, 0.7, 0.1, 0.6, 0.5, 0.9, 0.95]);
    const labels = Uint8Array.from([1, 1, 1, 1, 1, 1, 0, 0]);
    assert.deepEqual(pairedTable(base, updated, labels, 0.5, 1), { both: 1, updated_only: 2, base_only: 2, neither: 1 });
    assert.deepEqual(pairedTable(base, updated, labels, 0.5, 0), { both: 1, updated_only: 1, base_only: 0, neither: 0 });
    const { tpr_change, fpr_change } = pairedRateChanges(base, updated, labels, 0.5);
    assert.equal(tpr_change.value, 0);
    assert.equal(fpr_change.value, 0.5);
    assert.deepEqual(tableOfChange(tpr_change), { both: 1, updated_only: 2, base_only: 2, neither: 1 });
    // the change is exactly updated TPR - base TPR
    assert.equal(tpr_change.value, 3 / 6 - 3 / 6);
  });

  test('refuses mismatched lengths and NaN scores', () => {
    const labels = Uint8Array.from([1, 0]);
    assert.throws(() => pairedRateChanges(Float64Array.from([0.1, 0.2]), Float64Array.from([0.1]), labels, 0.5), /2 rows but updated scores have 1/);
    assert.throws(() => pairedRateChanges(Float64Array.from([0.1, Number.NaN]), Float64Array.from([0.1, 0.2]), labels, 0.5), /NaN/);
  });
});
