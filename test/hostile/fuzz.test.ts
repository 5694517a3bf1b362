// A short run of scripts/fuzz.ts inside npm test: every parser property on a few hundred inputs,
// with a fixed seed so a failure reproduces (`npm run fuzz -- --seed 20261 --runs N --only NAME`).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { PROPERTIES } from '../../scripts/fuzz.ts';

const RUNS: Record<string, number> = {
  config: 300,
  'config-bytes': 500,
  report: 500,
  predictor: 500,
  markdown: 500,
  'markdown-text': 500,
  log: 1000,
  safetensors: 500,
  npy: 500,
  'detect-safetensors': 1000,
  gguf: 1000,
  'model-card': 500,
  'detect-config': 500,
  onnx: 500,
  'onnx-runtime': 500,
};

describe('fuzzing, briefly (npm run fuzz runs 100,000 inputs per parser)', () => {
  for (const [name, property] of Object.entries(PROPERTIES)) {
    test(`${name}: ${RUNS[name] ?? 300} inputs without a crash, hang or unexpected exception`, async () => {
      const result = (await fc.check(property, { numRuns: RUNS[name] ?? 300, seed: 20261 })) as fc.RunDetails<unknown[]>;
      assert.ok(!result.failed, fc.defaultReportMessage(result) ?? 'failed');
    });
  }
});
