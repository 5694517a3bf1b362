import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import schema from '../schemas/config.schema.json' with { type: 'json' };
import {
  DEFAULT_TOLERANCE,
  formatDiagnostic,
  loadConfig,
  parseBatchRef,
  parseLabelsRef,
  suggest,
  validateConfig,
} from '../src/core/config/index.ts';
import { GateError } from '../src/core/errors.ts';
import type { ConfigDiagnostic, GateConfig } from '../src/core/types.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = path.join(here, 'fixtures', 'config');

let tmp: string;
before(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'monitor-gate-config-'));
});
after(async () => {
  await rm(tmp, { recursive: true, force: true });
});

let counter = 0;
/** Writes a config into a fresh folder of the temp dir and returns its path. */
async function writeConfig(text: string): Promise<string> {
  const dir = path.join(tmp, `case-${++counter}`);
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, 'monitor-gate.yml');
  await writeFile(file, text);
  return file;
}

/** A valid monitor entry, as YAML lines indented for a `monitors:` list, with overrides. */
function monitorYaml(fields: Record<string, string | undefined>): string {
  const base: Record<string, string | undefined> = {
    id: 'm',
    category: 'pii',
    layer: '1',
    probe: 'probes/m.onnx',
    threshold: '0.5',
    batch: 'layer1.safetensors',
    labels: "'#labels'",
    ...fields,
  };
  const lines = Object.entries(base)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}: ${v}`);
  return lines.map((l, i) => (i === 0 ? `  - ${l}` : `    ${l}`)).join('\n') + '\n';
}

const HEADER = 'version: 1\nactivations:\n  base: acts/base\n  updated: acts/updated\nmonitors:\n';

async function expectThrows(file: string): Promise<GateError> {
  try {
    await loadConfig(file);
  } catch (error) {
    assert.ok(error instanceof GateError, `expected a GateError, got ${String(error)}`);
    assert.equal(error.kind, 'config');
    return error;
  }
  assert.fail('loadConfig should have thrown');
}

describe('valid configs', () => {
  test('a full config parses into the exact typed object', async () => {
    const file = path.join(fixtures, 'valid-full.yml');
    const { config, diagnostics } = await validateConfig(file);
    assert.deepEqual(diagnostics, []);
    const dir = fixtures;
    const expected: GateConfig = {
      path: file,
      dir,
      root: path.resolve(here, '..'),
      version: 1,
      activations: { base: path.join(dir, 'acts/base'), updated: path.join(dir, 'acts/updated') },
      defaults: { tolerance: { auroc_drop: 0.04, tpr_drop: 0.08, fpr_rise: 0.05 }, min_class_rows: 20, scoring_time_limit: 600 },
      monitors: [
        {
          id: 'pii-email',
          category: 'pii',
          layer: 12,
          probe: path.join(dir, 'probes/pii-email.onnx'),
          output: 'probability',
          threshold: 0.62,
          batch: { file: 'layer12.safetensors' },
          labels: { kind: 'file', path: path.join(dir, 'labels/pii.npy') },
          pooling: 'mean',
          mask: 'mask',
          blocking: true,
          tolerance: { auroc_drop: 0.02, tpr_drop: 0.08, fpr_rise: 0.05 },
          line: 10,
          column: 5,
        },
        {
          id: 'refusal.v2',
          category: 'refusal',
          layer: 20,
          probe: path.join(dir, 'probes/refusal.onnx'),
          output: 'logit',
          threshold: 0.5,
          batch: { file: 'tokens/layer20.safetensors', tensor: 'acts' },
          labels: { kind: 'batch-tensor', tensor: 'refusal_labels' },
          pooling: 'last',
          mask: 'attn_mask',
          blocking: false,
          tolerance: { auroc_drop: 0.04, tpr_drop: 0.2, fpr_rise: 0.01 },
          line: 21,
          column: 5,
        },
        {
          id: 'tox_2',
          category: 'toxicity',
          layer: 0,
          probe: path.resolve(dir, '../shared/tox.onnx'),
          output: 'two-class',
          threshold: 0,
          batch: { file: 'layer0.npy' },
          labels: { kind: 'file', path: path.join(dir, 'labels/all.safetensors'), tensor: 'tox' },
          pooling: 'mean',
          mask: 'mask',
          blocking: true,
          tolerance: { auroc_drop: 0.04, tpr_drop: 0.08, fpr_rise: 0.05 },
          line: 35,
          column: 5,
        },
      ],
      invalidMonitors: [],
      skipWhenUnchanged: false,
      notices: [],
      triage: { budget: { kind: 'share', value: 0.3 }, riskThreshold: 0.4, failOnPredicted: false, activationDrift: 'auto' },
      model: { num_layers: 32 },
      predictor: path.join(dir, 'predictors/ours.json'),
    };
    assert.deepEqual(config, expected);
    // loadConfig gives the same object.
    assert.deepEqual(await loadConfig(file), expected);
  });

  test('built-in defaults apply when defaults is absent; the path is kept as given', async () => {
    const abs = await writeConfig(HEADER + monitorYaml({}));
    const relative = path.relative(process.cwd(), abs);
    const config = await loadConfig(relative);
    assert.equal(config.path, relative);
    assert.equal(config.dir, path.dirname(abs));
    assert.deepEqual(config.defaults, { tolerance: { auroc_drop: 0.03, tpr_drop: 0.1, fpr_rise: 0.05 }, min_class_rows: 10, scoring_time_limit: 600 });
    assert.deepEqual(config.defaults.tolerance, { ...DEFAULT_TOLERANCE });
    // without triage keys every monitor is measured and a predicted-stale blocking monitor would fail closed
    assert.deepEqual(config.triage, { riskThreshold: 0.5, failOnPredicted: true, activationDrift: 'auto' });
    assert.equal(config.predictor, undefined);
    const [m] = config.monitors;
    assert.equal(m.output, 'probability');
    assert.equal(m.pooling, 'mean');
    assert.equal(m.mask, 'mask');
    assert.equal(m.blocking, true);
    assert.deepEqual(m.tolerance, { auroc_drop: 0.03, tpr_drop: 0.1, fpr_rise: 0.05 });
    assert.deepEqual(m.labels, { kind: 'batch-tensor', tensor: 'labels' });
    assert.equal(m.probe, path.join(path.dirname(abs), 'probes/m.onnx'));
    assert.deepEqual([m.line, m.column], [6, 5]);
    assert.deepEqual(config.activations, {
      base: path.join(path.dirname(abs), 'acts/base'),
      updated: path.join(path.dirname(abs), 'acts/updated'),
    });
  });

  test('a partial defaults.tolerance is merged over the built-ins, then the monitor override over that', async () => {
    const file = await writeConfig(
      'version: 1\nactivations: { base: a, updated: b }\ndefaults:\n  tolerance:\n    fpr_rise: 0.2\nmonitors:\n' +
        monitorYaml({ tolerance: '{ tpr_drop: 0 }' }),
    );
    const config = await loadConfig(file);
    assert.deepEqual(config.defaults.tolerance, { auroc_drop: 0.03, tpr_drop: 0.1, fpr_rise: 0.2 });
    assert.deepEqual(config.monitors[0].tolerance, { auroc_drop: 0.03, tpr_drop: 0, fpr_rise: 0.2 });
    assert.equal(config.defaults.min_class_rows, 10);
  });

  test("YAML anchors and merge keys work, with shared settings under an 'x-' key", async () => {
    const file = await writeConfig(
      'version: 1\nactivations: { base: a, updated: b }\nx-common: &common\n  category: deception\n  layer: 3\n  tolerance: &tol { auroc_drop: 0.01 }\n' +
        'monitors:\n  - id: a\n    <<: *common\n    probe: p.onnx\n    threshold: 0.5\n    batch: b.npy\n    labels: l.npy\n' +
        '  - id: b\n    <<: *common\n    layer: 4\n    probe: p.onnx\n    threshold: 0.5\n    batch: b.npy\n    labels: l.npy\n',
    );
    const { config, diagnostics } = await validateConfig(file);
    assert.deepEqual(diagnostics, []);
    assert.ok(config);
    assert.deepEqual(
      config.monitors.map((m) => [m.id, m.category, m.layer, m.tolerance.auroc_drop, m.line]),
      [
        ['a', 'deception', 3, 0.01, 8],
        ['b', 'deception', 4, 0.01, 14],
      ],
    );
  });

  test('other unknown top-level keys are rejected', async () => {
    const file = await writeConfig('version: 1\nactivations: { base: a, updated: b }\ncommon: 1\nmonitors:\n' + monitorYaml({}));
    const { config, diagnostics } = await validateConfig(file);
    assert.equal(config, undefined);
    assert.deepEqual(
      diagnostics.map((d) => [d.line, d.column, d.path, d.message]),
      // The allowed keys are the schema's top-level properties, in schema order.
      [[3, 1, 'common', `unknown key 'common' (allowed: ${Object.keys(schema.properties).join(', ')})`]],
    );
  });
});

describe('schema problems, positioned and worded for people', () => {
  test('an unknown key suggests the nearest valid key, at the key line and column', async () => {
    const file = await writeConfig(HEADER + monitorYaml({ threshold: undefined, treshold: '0.62' }));
    const { config, diagnostics } = await validateConfig(file);
    // One problem, one line: the "missing threshold" that the typo causes is folded in.
    const expected: ConfigDiagnostic = {
      file,
      line: 12,
      column: 5,
      path: 'monitors[0].treshold',
      message: "unknown key 'treshold'; did you mean 'threshold'?",
    };
    assert.deepEqual(diagnostics, [expected]);
    assert.equal(formatDiagnostic(expected), `${file}:12:5: monitors[0].treshold: unknown key 'treshold'; did you mean 'threshold'?`);
    assert.ok(config);
    assert.deepEqual(config.monitors, []);
    assert.deepEqual(config.invalidMonitors, [
      { index: 0, id: 'm', category: 'pii', layer: 1, blocking: true, line: 6, column: 5, message: "unknown key 'treshold'; did you mean 'threshold'?" },
    ]);
  });

  test('an unknown key nested in tolerance names its owner in the monitor message', async () => {
    const file = await writeConfig(HEADER + monitorYaml({ tolerance: '{ auroc_dorp: 0.1 }' }));
    const { config, diagnostics } = await validateConfig(file);
    assert.deepEqual(
      diagnostics.map((d) => [d.line, d.column, d.path, d.message]),
      [[13, 18, 'monitors[0].tolerance.auroc_dorp', "unknown key 'auroc_dorp'; did you mean 'auroc_drop'?"]],
    );
    assert.equal(config?.invalidMonitors[0].message, "tolerance: unknown key 'auroc_dorp'; did you mean 'auroc_drop'?");
  });

  test('an enum typo lists the allowed values and suggests the nearest', async () => {
    const file = await writeConfig(HEADER + monitorYaml({ category: 'pi' }));
    const { diagnostics } = await validateConfig(file);
    assert.deepEqual(diagnostics, [
      {
        file,
        line: 7,
        column: 15,
        path: 'monitors[0].category',
        message: "'pi' is not a valid category; did you mean 'pii'? (allowed: pii, refusal, toxicity, deception, jailbreak, other)",
      },
    ]);
  });

  test('an enum value far from every allowed value gets no suggestion', async () => {
    const file = await writeConfig(HEADER + monitorYaml({ pooling: 'attention' }));
    const { diagnostics } = await validateConfig(file);
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0].message, "'attention' is not a valid pooling (allowed: mean, max, last)");
  });

  test('wrong types say what was expected and what was given', async () => {
    const file = await writeConfig(HEADER + monitorYaml({ layer: 'twelve', threshold: '"0.5"', blocking: 'yes' }));
    const { diagnostics } = await validateConfig(file);
    assert.deepEqual(
      diagnostics.map((d) => `${d.line}:${d.column} ${d.path}: ${d.message}`),
      [
        "8:12 monitors[0].layer: expected an integer, got string 'twelve'",
        "10:16 monitors[0].threshold: expected a number, got string '0.5' (remove the quotes)",
        "13:15 monitors[0].blocking: expected true or false, got string 'yes' (write true or false, unquoted)",
      ],
    );
  });

  test('a non-integer layer, an out-of-range threshold and a negative tolerance', async () => {
    const file = await writeConfig(HEADER + monitorYaml({ layer: '1.5', threshold: '1.2', tolerance: '{ auroc_drop: -0.1 }' }));
    const { diagnostics } = await validateConfig(file);
    assert.deepEqual(
      diagnostics.map((d) => `${d.path}: ${d.message}`),
      [
        'monitors[0].layer: expected an integer, got number 1.5',
        'monitors[0].threshold: must be between 0 and 1 (probability scale), got 1.2',
        'monitors[0].tolerance.auroc_drop: must be between 0 and 1, got -0.1',
      ],
    );
  });

  test('an empty value is reported at its key', async () => {
    const file = await writeConfig(HEADER + monitorYaml({ threshold: '' }));
    const { diagnostics } = await validateConfig(file);
    assert.deepEqual(diagnostics.map((d) => [d.line, d.column, d.path, d.message]), [[10, 5, 'monitors[0].threshold', 'expected a number, got an empty value']]);
  });

  test('a missing required key in a monitor is reported at the monitor', async () => {
    const file = await writeConfig(HEADER + monitorYaml({}) + monitorYaml({ id: 'no-probe', probe: undefined }));
    const { config, diagnostics } = await validateConfig(file);
    assert.deepEqual(diagnostics, [{ file, line: 13, column: 5, path: 'monitors[1]', message: "missing required key 'probe'" }]);
    assert.ok(config);
    assert.deepEqual(config.monitors.map((m) => m.id), ['m']);
    assert.deepEqual(config.invalidMonitors, [
      { index: 1, id: 'no-probe', category: 'pii', layer: 1, blocking: true, line: 13, column: 5, message: "missing required key 'probe'" },
    ]);
  });

  test('a missing version makes the config unusable and loadConfig throws one line per problem', async () => {
    const file = await writeConfig('activations:\n  base: a\n  updated: b\nmonitors:\n' + monitorYaml({ category: 'pi' }));
    const { config, diagnostics } = await validateConfig(file);
    assert.equal(config, undefined);
    assert.deepEqual(
      diagnostics.map(formatDiagnostic),
      [
        `${file}:1:1: missing required key 'version'`,
        `${file}:6:15: monitors[0].category: 'pi' is not a valid category; did you mean 'pii'? (allowed: pii, refusal, toxicity, deception, jailbreak, other)`,
      ],
    );
    const error = await expectThrows(file);
    assert.equal(error.message, diagnostics.map(formatDiagnostic).join('\n'));
  });

  test('top-level problems: bad version, activations, monitors not a list, unknown top-level key', async () => {
    const file = await writeConfig('version: 2\nactivations: { base: a }\nmonitor:\n  - id: x\nmonitors: { id: x }\n');
    const { config, diagnostics } = await validateConfig(file);
    assert.equal(config, undefined);
    assert.deepEqual(
      diagnostics.map((d) => `${d.line}:${d.column} ${d.path}: ${d.message}`),
      [
        '1:10 version: unsupported config version 2; this monitor-gate reads version 1',
        "2:14 activations: missing required key 'updated'",
        "3:1 monitor: unknown key 'monitor'; did you mean 'monitors'?",
        '5:11 monitors: expected a list, got a mapping',
      ],
    );
    await expectThrows(file);
  });

  test('an empty monitors list is an error', async () => {
    const file = await writeConfig('version: 1\nactivations: { base: a, updated: b }\nmonitors: []\n');
    const error = await expectThrows(file);
    assert.equal(error.message, `${file}:3:11: monitors: list at least one monitor`);
  });
});

describe('checks beyond the schema', () => {
  test('duplicate monitor ids name both lines; the first stays valid', async () => {
    const file = await writeConfig(HEADER + monitorYaml({ id: 'dup' }) + monitorYaml({ id: 'other' }) + monitorYaml({ id: 'dup', layer: '7' }));
    const { config, diagnostics } = await validateConfig(file);
    assert.deepEqual(diagnostics, [
      { file, line: 20, column: 9, path: 'monitors[2].id', message: "duplicate monitor id 'dup': already used by monitors[0] at line 6" },
    ]);
    assert.ok(config);
    assert.deepEqual(config.monitors.map((m) => [m.id, m.line]), [['dup', 6], ['other', 13]]);
    assert.deepEqual(config.invalidMonitors, [
      {
        index: 2,
        id: 'dup',
        category: 'pii',
        layer: 7,
        blocking: true,
        line: 20,
        column: 5,
        message: "id: duplicate monitor id 'dup': already used by monitors[0] at line 6",
      },
    ]);
  });

  test("'..' and absolute paths in batch are rejected", async () => {
    const file = await writeConfig(
      HEADER +
        monitorYaml({ id: 'up', batch: '../elsewhere/layer1.safetensors' }) +
        monitorYaml({ id: 'abs', batch: '/data/layer1.safetensors#acts' }) +
        monitorYaml({ id: 'sneaky', batch: 'sub/../../x.npy' }) +
        monitorYaml({ id: 'fine', batch: 'sub/./x.npy#t' }),
    );
    const { config, diagnostics } = await validateConfig(file);
    assert.deepEqual(
      diagnostics.map((d) => `${d.line}:${d.column} ${d.path}: ${d.message}`),
      [
        "11:12 monitors[0].batch: '../elsewhere/layer1.safetensors' leaves the activation folders ('..' is not allowed); batch is a file name inside both folders",
        "18:12 monitors[1].batch: '/data/layer1.safetensors' is an absolute path; batch is a file name inside the activation folders (e.g. 'layer12.safetensors')",
        "25:12 monitors[2].batch: 'sub/../../x.npy' leaves the activation folders ('..' is not allowed); batch is a file name inside both folders",
      ],
    );
    assert.ok(config);
    assert.deepEqual(config.monitors.map((m) => [m.id, m.batch]), [['fine', { file: 'sub/x.npy', tensor: 't' }]]);
    assert.deepEqual(config.invalidMonitors.map((m) => m.id), ['up', 'abs', 'sneaky']);
  });

  test('batch and labels reference shapes', () => {
    assert.deepEqual(parseBatchRef('layer12.safetensors'), { ref: { file: 'layer12.safetensors' } });
    assert.deepEqual(parseBatchRef('layer12.safetensors#acts'), { ref: { file: 'layer12.safetensors', tensor: 'acts' } });
    assert.match(parseBatchRef('#acts').error ?? '', /no file name before '#'/);
    assert.match(parseBatchRef('x.safetensors#').error ?? '', /empty tensor name/);
    assert.match(parseBatchRef('C:\\acts\\x.npy').error ?? '', /absolute path/);
    assert.match(parseBatchRef('..\\x.npy').error ?? '', /'\.\.' is not allowed/);
    assert.match(parseBatchRef('sub/').error ?? '', /names a folder/);
    assert.deepEqual(parseLabelsRef('#y', { base: '/cfg', root: '/cfg' }), { ref: { kind: 'batch-tensor', tensor: 'y' } });
    assert.deepEqual(parseLabelsRef('l/y.npy', { base: '/cfg', root: '/cfg' }), { ref: { kind: 'file', path: path.resolve('/cfg', 'l/y.npy') } });
    assert.deepEqual(parseLabelsRef('l/y.safetensors#pii', { base: '/cfg', root: '/cfg' }), { ref: { kind: 'file', path: path.resolve('/cfg', 'l/y.safetensors'), tensor: 'pii' } });
    assert.deepEqual(parseLabelsRef('../shared/y.npy', { base: '/cfg/sub', root: '/cfg' }), { ref: { kind: 'file', path: path.resolve('/cfg/shared/y.npy') } });
    assert.match(parseLabelsRef('#', { base: '/cfg', root: '/cfg' }).error ?? '', /must be followed by the name of a tensor/);
    assert.match(parseLabelsRef('y.safetensors#', { base: '/cfg', root: '/cfg' }).error ?? '', /empty tensor name/);
  });

  test('a bad labels reference makes only that monitor invalid', async () => {
    const file = await writeConfig(HEADER + monitorYaml({ labels: "'#'" }));
    const { config, diagnostics } = await validateConfig(file);
    assert.deepEqual(diagnostics.map((d) => [d.line, d.column, d.path]), [[12, 13, 'monitors[0].labels']]);
    assert.equal(config?.invalidMonitors[0].message, "labels: '#' must be followed by the name of a tensor in the batch file, e.g. '#labels'");
  });

  test('invalid id pattern', async () => {
    const file = await writeConfig(HEADER + monitorYaml({ id: "'pii email'" }));
    const { config, diagnostics } = await validateConfig(file);
    assert.deepEqual(diagnostics.map((d) => d.message), ["invalid id 'pii email': use only letters, digits, '.', '_' and '-'"]);
    assert.equal(config?.invalidMonitors[0].id, 'pii email');
  });
});

describe('isolation', () => {
  test('one bad monitor among three: the others stay valid, the bad one is in invalidMonitors with its line', async () => {
    const file = path.join(fixtures, 'one-bad-of-three.yml');
    const { config, diagnostics } = await validateConfig(file);
    assert.deepEqual(
      diagnostics.map(formatDiagnostic),
      [
        `${file}:15:12: monitors[1].layer: expected an integer, got string 'two'`,
        `${file}:17:16: monitors[1].threshold: must be between 0 and 1 (probability scale), got 1.5`,
      ],
    );
    assert.ok(config);
    assert.deepEqual(config.monitors.map((m) => [m.id, m.line, m.column]), [['first', 6, 5], ['third', 21, 5]]);
    assert.deepEqual(config.invalidMonitors, [
      {
        index: 1,
        id: 'second',
        category: 'jailbreak',
        blocking: false,
        line: 13,
        column: 5,
        message: "layer: expected an integer, got string 'two'; threshold: must be between 0 and 1 (probability scale), got 1.5",
      },
    ]);
    // Per-monitor problems do not make loadConfig throw.
    const loaded = await loadConfig(file);
    assert.deepEqual(loaded.invalidMonitors, config.invalidMonitors);
    assert.equal(loaded.monitors.length, 2);
  });

  test('a monitor that is not a mapping is invalid on its own', async () => {
    const file = await writeConfig(HEADER + monitorYaml({}) + '  - just a string\n');
    const { config } = await validateConfig(file);
    assert.ok(config);
    assert.equal(config.monitors.length, 1);
    assert.deepEqual(config.invalidMonitors, [
      { index: 1, blocking: true, line: 13, column: 5, message: "expected a mapping, got string 'just a string'" },
    ]);
  });

  test('a duplicate key inside one monitor only takes that monitor out', async () => {
    const file = await writeConfig(HEADER + monitorYaml({ id: 'a' }) + monitorYaml({ id: 'b' }) + '    layer: 2\n');
    const { config, diagnostics } = await validateConfig(file);
    assert.deepEqual(diagnostics, [{ file, line: 20, column: 5, path: 'monitors[1].layer', message: "duplicate key 'layer' (first set at line 15)" }]);
    assert.ok(config);
    assert.deepEqual(config.monitors.map((m) => m.id), ['a']);
    assert.deepEqual(config.invalidMonitors.map((m) => [m.id, m.line, m.message]), [['b', 13, "duplicate key 'layer' (first set at line 15)"]]);
  });

  test('a duplicate top-level key makes the config unusable', async () => {
    const file = await writeConfig('version: 1\nversion: 1\nactivations: { base: a, updated: b }\nmonitors:\n' + monitorYaml({}));
    const error = await expectThrows(file);
    assert.equal(error.message, `${file}:2:1: version: duplicate key 'version' (first set at line 1)`);
  });
});

describe('unreadable files', () => {
  test('a missing file is one config error naming the path', async () => {
    const file = path.join(tmp, 'nope', 'monitor-gate.yml');
    const error = await expectThrows(file);
    assert.equal(error.file, file);
    assert.match(error.toLine(), new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: config file not found`));
    assert.equal(error.toLine().includes('\n'), false);
    await assert.rejects(validateConfig(file), (e: unknown) => e instanceof GateError && e.kind === 'config');
  });

  test('a folder instead of a file', async () => {
    const error = await expectThrows(tmp);
    assert.match(error.message, /folder, not a YAML file/);
  });

  test('a YAML syntax error has its line and column', async () => {
    const file = await writeConfig('version: 1\nactivations:\n  base: [a, b\n  updated: c\nmonitors: []\n');
    const { config, diagnostics } = await validateConfig(file);
    assert.equal(config, undefined);
    assert.ok(diagnostics.length >= 1);
    assert.equal(diagnostics[0].file, file);
    assert.equal(diagnostics[0].line, 4);
    assert.equal(diagnostics[0].column, 3);
    assert.match(diagnostics[0].message, /^YAML syntax error: /);
    assert.equal(diagnostics[0].message.includes('\n'), false);
    const error = await expectThrows(file);
    assert.ok(error.message.startsWith(`${file}:4:3: `), error.message);
  });

  test('a tab used for indentation', async () => {
    const file = await writeConfig('version: 1\nactivations:\n\tbase: a\n');
    const { diagnostics } = await validateConfig(file);
    assert.deepEqual(diagnostics.map((d) => [d.line, d.column]), [[3, 1]]);
    assert.match(diagnostics[0].message, /YAML syntax error: Tabs are not allowed/);
  });

  test('an empty file, and one with only comments', async () => {
    for (const text of ['', '# nothing yet\n\n']) {
      const file = await writeConfig(text);
      const { config, diagnostics } = await validateConfig(file);
      assert.equal(config, undefined);
      assert.deepEqual(diagnostics, [
        { file, line: 1, column: 1, path: '', message: 'config file is empty; expected a mapping with version, activations and monitors' },
      ]);
      const error = await expectThrows(file);
      assert.equal(error.message, `${file}:1:1: config file is empty; expected a mapping with version, activations and monitors`);
    }
  });

  test('several YAML documents', async () => {
    const file = await writeConfig('version: 1\n---\nversion: 1\n');
    const { diagnostics } = await validateConfig(file);
    assert.deepEqual(diagnostics.map((d) => [d.line, d.column, d.message]), [
      [2, 1, "config must be a single YAML document, found 2 (remove the '---' separators)"],
    ]);
  });

  test('a root that is not a mapping', async () => {
    const file = await writeConfig('- version: 1\n');
    const error = await expectThrows(file);
    assert.equal(error.message, `${file}:1:1: the config must be a mapping with version, activations and monitors, found a list`);
  });

  test('an alias to an unknown anchor', async () => {
    const file = await writeConfig('version: 1\nactivations: { base: a, updated: b }\nmonitors:\n  - *nowhere\n');
    const { config, diagnostics } = await validateConfig(file);
    assert.equal(config, undefined);
    assert.equal(diagnostics.length, 1);
    assert.deepEqual([diagnostics[0].line, diagnostics[0].path], [4, 'monitors[0]']);
  });
});

describe('the JSON Schema', () => {
  test('compiles with ajv in strict mode', () => {
    // union types (revalidation-budget: 4 or "30%") are standard JSON Schema; ajv's strict mode wants them allowed explicitly
    const ajv = new Ajv({ strict: true, allErrors: true, allowUnionTypes: true });
    const validate = ajv.compile(schema);
    assert.equal(typeof validate, 'function');
    assert.equal(validate({ version: 1, activations: { base: 'a', updated: 'b' }, monitors: [] }), false);
    const monitor = { id: 'x', category: 'pii', layer: 0, probe: 'p.onnx', threshold: 1, batch: 'b.npy', labels: '#y' };
    assert.equal(validate({ version: 1, activations: { base: 'a', updated: 'b' }, monitors: [monitor] }), true);
    assert.equal(validate({ version: 1, activations: { base: 'a', updated: 'b' }, monitors: [{ ...monitor, threshold: 1.01 }] }), false);
    assert.equal(validate({ version: 1, activations: { base: 'a', updated: 'b' }, monitors: [{ ...monitor, layer: -1 }] }), false);
    const base = { version: 1, activations: { base: 'a', updated: 'b' }, monitors: [monitor] };
    for (const budget of [4, '4', '30%', ' 12.5 % ', '100%', '0%']) assert.equal(validate({ ...base, 'revalidation-budget': budget }), true, String(budget));
    for (const budget of [-1, 2.5, '30 percent', '%', '150%', true]) assert.equal(validate({ ...base, 'revalidation-budget': budget }), false, String(budget));
    assert.equal(validate({ version: 1, activations: { base: 'a', updated: 'b' }, monitors: [{ ...monitor, id: 'a b' }] }), false);
  });

  test('has an $id, a title, and a description for every property, and closes every object', () => {
    assert.equal(typeof schema.$id, 'string');
    assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
    const missing: string[] = [];
    const open: string[] = [];
    let properties = 0;
    const walk = (node: unknown, where: string) => {
      if (node === null || typeof node !== 'object') return;
      const n = node as Record<string, unknown>;
      if (n.type === 'object' && n.additionalProperties !== false) open.push(where);
      if (n.properties && typeof n.properties === 'object') {
        for (const [key, child] of Object.entries(n.properties as Record<string, Record<string, unknown>>)) {
          properties++;
          if (typeof child.description !== 'string' || child.description.length < 10) missing.push(`${where}.${key}`);
          walk(child, `${where}.${key}`);
        }
      }
      for (const key of ['definitions', 'items']) {
        const sub = n[key];
        if (sub && typeof sub === 'object') {
          if (key === 'definitions') for (const [k, v] of Object.entries(sub)) walk(v, `${where}#${k}`);
          else walk(sub, `${where}[]`);
        }
      }
    };
    walk(schema, '$');
    assert.ok(properties >= 20, `only ${properties} properties found`);
    assert.deepEqual(missing, []);
    assert.deepEqual(open, []);
    assert.equal(typeof schema.title, 'string');
    assert.equal(typeof schema.description, 'string');
  });

  test('enums in the schema match the typed constants', async () => {
    const { MONITOR_CATEGORIES, PROBE_OUTPUTS, POOLINGS } = await import('../src/core/types.ts');
    const props = schema.definitions.monitor.properties;
    assert.deepEqual(props.category.enum, [...MONITOR_CATEGORIES]);
    assert.deepEqual(props.output.enum, [...PROBE_OUTPUTS]);
    assert.deepEqual(props.pooling.enum, [...POOLINGS]);
  });
});

describe('suggestions', () => {
  test('only close words are suggested', () => {
    assert.equal(suggest('treshold', ['threshold', 'tolerance']), 'threshold');
    assert.equal(suggest('lables', ['labels', 'layer']), 'labels');
    assert.equal(suggest('Category', ['category']), 'category');
    assert.equal(suggest('colour', ['threshold', 'batch']), undefined);
    assert.equal(suggest('x', []), undefined);
  });
});

describe('declared update event, skip-when-unchanged and the deprecated always-run', () => {
  test('update: as a family name or as { family, sub_kind }, positioned; skip-when-unchanged carried, off by default', async () => {
    const short = await writeConfig(HEADER.replace('monitors:\n', 'update: qlora\nskip-when-unchanged: true\nmonitors:\n') + monitorYaml({}));
    const a = await validateConfig(short);
    assert.deepEqual(a.diagnostics, []);
    assert.deepEqual(a.config?.update, { family: 'qlora', line: 5, column: 9 });
    assert.equal(a.config?.skipWhenUnchanged, true);
    assert.deepEqual(a.config?.notices, []);
    const long = await writeConfig(HEADER.replace('monitors:\n', 'update:\n  family: quantization\n  sub_kind: gptq\nmonitors:\n') + monitorYaml({}));
    const b = await validateConfig(long);
    assert.deepEqual(b.diagnostics, []);
    assert.deepEqual(b.config?.update, { family: 'quantization', sub_kind: 'gptq', line: 6, column: 3 });
    assert.equal(b.config?.skipWhenUnchanged, false);
    const plain = await validateConfig(await writeConfig(HEADER + monitorYaml({})));
    assert.equal(plain.config?.update, undefined);
  });

  test('always-run still works, with a positioned deprecation notice saying what replaced it', async () => {
    const cases = [
      ['always-run: true\n', false, 'always-run is deprecated: measuring every change is now the default; remove the key'],
      ['always-run: false\n', true, 'always-run is deprecated: always-run: false now reads as skip-when-unchanged: true'],
      ['always-run: false\nskip-when-unchanged: false\n', false, 'always-run is deprecated and ignored here: skip-when-unchanged decides'],
    ] as const;
    for (const [text, skip, message] of cases) {
      const file = await writeConfig(HEADER.replace('monitors:\n', `${text}monitors:\n`) + monitorYaml({}));
      const { config, diagnostics } = await validateConfig(file);
      assert.deepEqual(diagnostics, [], text);
      assert.equal(config?.skipWhenUnchanged, skip, text);
      assert.equal(config?.notices.length, 1, text);
      const notice = config!.notices[0];
      assert.equal(notice.line, 5, text);
      assert.equal(notice.path, 'always-run', text);
      assert.ok(notice.message.startsWith(message), `${text}: ${notice.message}`);
    }
  });

  test('unknown is what detection says, never a declaration', async () => {
    const { config, diagnostics } = await validateConfig(await writeConfig(HEADER.replace('monitors:\n', 'update: unknown\nmonitors:\n') + monitorYaml({})));
    assert.equal(config, undefined);
    assert.equal(diagnostics[0].path, 'update');
  });

  test('an unknown family, a quantization sub_kind outside the list, or a non-boolean always-run is a config problem', async () => {
    for (const [text, line, key] of [
      ['update: qlara\n', 5, 'update'],
      ['update: { family: quantization, sub_kind: q4_k_m }\n', 5, 'update'],
      ['always-run: yes please\n', 5, 'always-run'],
      ['skip-when-unchanged: sometimes\n', 5, 'skip-when-unchanged'],
    ] as const) {
      const { config, diagnostics } = await validateConfig(await writeConfig(HEADER.replace('monitors:\n', `${text}monitors:\n`) + monitorYaml({})));
      assert.equal(config, undefined, text);
      assert.ok(diagnostics.length >= 1, text);
      assert.equal(diagnostics[0].line, line, text);
      assert.ok(diagnostics[0].path.startsWith(key), `${text}: ${diagnostics.map(formatDiagnostic).join(' | ')}`);
    }
  });

  test('the schema lists the declarable families and quantization sub-kinds the detector knows', async () => {
    const { DECLARABLE_FAMILIES, QUANT_SUB_KINDS } = await import('../src/core/detect/types.ts');
    assert.deepEqual(schema.definitions.updateFamily.enum, [...DECLARABLE_FAMILIES]);
    assert.deepEqual(schema.properties.update.else.then.properties.sub_kind.enum, [...QUANT_SUB_KINDS]);
  });
});
