// Hostile YAML in the config: alias bombs, deep nesting, collection keys, control bytes, huge
// stacks. Each ends as positioned diagnostics or a usable config, in bounded time, never a crash.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { validateConfigText } from '../../src/core/config/index.ts';
import { syntheticConfig } from '../helpers/reports.ts';

const FILE = '/repo/.github/monitor-gate.yml';
const check = (text: string) => validateConfigText(text, FILE, { root: '/repo' });
const HEAD = 'version: 1\nactivations: { base: ../acts/base, updated: ../acts/updated }\n';

describe('hostile YAML', () => {
  const cases: Array<[string, string, (r: ReturnType<typeof check>) => void]> = [
    [
      'a billion-laughs alias bomb',
      `${HEAD}a: &a ["x","x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\nmonitors: *e\n`,
      (r) => {
        assert.equal(r.config, undefined);
        assert.match(r.diagnostics.at(-1)!.message, /^cannot read the YAML: Excessive alias count indicates a resource exhaustion attack$/);
      },
    ],
    ['deep nesting', `${HEAD}monitors: ${'['.repeat(5000)}${']'.repeat(5000)}\n`, (r) => assert.equal(r.config, undefined)],
    ['a mapping as a key', `${HEAD}? { a: "\\n::warning::x" }\n: 1\nmonitors: []\n`, (r) => assert.ok(r.diagnostics.some((d) => d.line === 3 && d.message === 'a key must be a plain name, not a list or mapping'))],
    [
      'a bad merge inside a collection key (printing the key threw, found by npm run fuzz)',
      `${HEAD}? <<: *a\n: 1\nmonitors: []\n`,
      (r) => {
        assert.equal(r.config, undefined);
        assert.ok(r.diagnostics.some((d) => d.line === 3 && d.message === 'a key must be a plain name, not a list or mapping'), JSON.stringify(r.diagnostics));
      },
    ],
    ['a list as a key', `${HEAD}? [a, b]\n: 1\nmonitors: []\n`, (r) => assert.ok(r.diagnostics.some((d) => d.message === 'a key must be a plain name, not a list or mapping'))],
    ['a NUL byte in a value', `${HEAD}monitors:\n  - id: "a\\0b"\n    category: pii\n`, (r) => assert.match(r.config!.invalidMonitors[0].message, /invalid id 'a\u0000b'|id/)],
    ['a byte-order mark', `\ufeff${HEAD}monitors: []\n`, (r) => assert.ok(r.diagnostics.every((d) => d.line >= 1))],
    ['tabs for indentation', `${HEAD}monitors:\n\t- id: x\n`, (r) => assert.equal(r.config, undefined)],
    ['two documents', `${HEAD}---\n${HEAD}`, (r) => assert.match(r.diagnostics[0].message, /single YAML document/)],
    ['a custom tag', `${HEAD}monitors: !!js/function "x"\n`, (r) => assert.equal(r.config, undefined)],
    ['a duplicate key', `${HEAD}version: 1\nmonitors: []\n`, (r) => assert.match(r.diagnostics[0].message, /duplicate key 'version'/)],
    ['an infinite threshold', `${HEAD}monitors:\n  - { id: m, category: pii, layer: 1, probe: ../p.onnx, threshold: .inf, batch: b.npy, labels: "#y" }\n`, (r) => assert.match(r.config!.invalidMonitors[0].message, /threshold: expected a finite number, got Infinity/)],
    ['NaN as a tolerance', `${HEAD}defaults: { tolerance: { auroc_drop: .nan } }\nmonitors: []\n`, (r) => assert.equal(r.config, undefined)],
  ];
  for (const [what, text, verify] of cases) {
    test(`${what}: diagnostics, no crash, under a second`, () => {
      const start = performance.now();
      const result = check(text);
      assert.ok(performance.now() - start < 1000, `${Math.round(performance.now() - start)} ms`);
      for (const d of result.diagnostics) assert.ok(d.line >= 1 && d.column >= 1 && !/[\r\n]/.test(d.message.replace(/\\n/g, '')), JSON.stringify(d));
      verify(result);
    });
  }
  test('15,000 monitors load in seconds, every one positioned', () => {
    const start = performance.now();
    const { config } = validateConfigText(syntheticConfig(15_000), path.join('/fuzz/.github', 'monitor-gate.yml'), { root: '/fuzz' });
    assert.equal(config!.monitors.length, 15_000);
    assert.equal(config!.monitors[14_999].line, 10 + 15_000 * 12);
    assert.ok(performance.now() - start < 60_000);
  });
});
