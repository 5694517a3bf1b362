// The activation drift (moments, projections, CKA) is computed only when something reads it: the
// built-in predictor does not, a predictor file that lists a drift feature does, and
// `activation-drift: always` records it in every report for fitting later.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { loadConfig, runGate } from '../src/core/index.ts';
import { builtInPredictor } from '../src/core/predict/predictor.ts';
import { ACTIVATION_DRIFT_FEATURES } from '../src/core/predict/features.ts';
import { copyDemo } from './helpers/workspace.ts';

async function driftFeatures(edit: (text: string) => string, predictor?: ReturnType<typeof builtInPredictor>) {
  const dir = copyDemo();
  const config = path.join(dir, 'monitor-gate.yml');
  writeFileSync(config, edit(readFileSync(config, 'utf8')));
  const report = await runGate(await loadConfig(config), { provider: 'cpu', ...(predictor ? { predictor: { predictor, name: 'test' } } : {}) });
  return report.monitors.map((m) => ACTIVATION_DRIFT_FEATURES.map((f) => m.predicted!.features[f]));
}

describe('activation drift: paid only when read', () => {
  test('the built-in predictor reads none of the drift features, so they are not computed (null)', async () => {
    assert.ok(!builtInPredictor().features.some((f) => (ACTIVATION_DRIFT_FEATURES as readonly string[]).includes(f)));
    for (const values of await driftFeatures((t) => t)) assert.deepEqual(values, [null, null, null]);
  });
  test('activation-drift: always records them', async () => {
    for (const values of await driftFeatures((t) => `activation-drift: always\n${t}`)) {
      for (const v of values) assert.equal(typeof v, 'number');
    }
  });
  test('a predictor that reads drift_cka_distance turns them on', async () => {
    const predictor = { ...builtInPredictor(), features: [...builtInPredictor().features, 'drift_cka_distance'], center: [...builtInPredictor().center, 0], scale: [...builtInPredictor().scale, 1], coefficients: [...builtInPredictor().coefficients, 0.5] } as ReturnType<typeof builtInPredictor>;
    for (const [, , cka] of await driftFeatures((t) => t, predictor)) assert.equal(typeof cka, 'number');
  });
});
