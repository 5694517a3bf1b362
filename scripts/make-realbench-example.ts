/**
 * Writes examples/realbench/monitor-gate.yml (and its README) from the realbench pack's manifest:
 * one monitor per manifest monitor, paths relative to the config file, thresholds on the probability
 * scale. Nothing about the pack is hard-coded here: ids, layers, files, tensors, thresholds, output
 * conventions and the stale tolerances all come from ../shared/realbench/manifest.json.
 *
 *   node --import tsx scripts/make-realbench-example.ts [--pack DIR] [--out DIR]
 */
import { readFile, mkdir, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { MONITOR_CATEGORIES, POOLINGS, type MonitorCategory, type Pooling, type ProbeOutput } from '../src/core/types.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const EXAMPLE_DIR = path.join(ROOT, 'examples', 'realbench');
const BASE_VARIANT = 'base';
const UPDATED_VARIANT = 'lora';

// ---------- the parts of the manifest this script reads ----------

interface ManifestTensor {
  name: string;
  role: string;
  category?: string | null;
  split?: string;
  shape: number[];
  dtype: string;
  label_tensor?: string | null;
  positive_label?: number;
}

interface ManifestActivationFile {
  path: string;
  format: string;
  variant: string;
  layer: number;
  pooling: string;
  tensors: ManifestTensor[];
}

interface ManifestMonitor {
  id: string;
  category: string;
  layer: number;
  pooling: string;
  probe_type?: string;
  probe_path: string;
  onnx?: { input_name?: string; output_name?: string; output_shape?: (number | string)[] };
  output_convention: string;
  positive_class_index: number | null;
  threshold: number;
  decision_rule?: string;
  activation_file_base: string;
  eval_tensor: string;
}

interface Manifest {
  format_version: string;
  pack: string;
  description: string;
  model: { name: string; n_layers: number; d_model: number; architecture?: string };
  variants: { id: string; family: string; serving?: string }[];
  monitors: ManifestMonitor[];
  activations: ManifestActivationFile[];
  ground_truth?: string;
  stale_definition: { rule: string; thresholds: { auroc_drop: number; tpr_drop: number; fpr_rise: number } };
}

class ManifestError extends Error {}

function fail(message: string): never {
  throw new ManifestError(message);
}

const OUTPUTS: Record<string, ProbeOutput> = {
  probability: 'probability',
  logit: 'logit',
  two_class_probabilities: 'two-class',
};

/** float64 sigmoid, stable for large |z|. */
const sigmoid = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

const posix = (p: string) => p.split(path.sep).join('/');

/** A YAML scalar: plain when it is obviously safe, otherwise a JSON (double-quoted) string. */
function scalar(value: string): string {
  return /^[A-Za-z0-9_./][A-Za-z0-9_./#-]*$/.test(value) && !/^(true|false|null|yes|no|on|off|~)$/i.test(value) && Number.isNaN(Number(value))
    ? value
    : JSON.stringify(value);
}

interface PlannedMonitor {
  id: string;
  category: MonitorCategory;
  layer: number;
  probe: string;
  output: ProbeOutput;
  threshold: number;
  thresholdNote: string;
  batch: string;
  labels: string;
  /** Unlabeled calibration rows in the same file (for label-free repair), when the manifest lists them. */
  calibration?: string;
  pooling: Pooling;
  variantsMissing: string[];
}

function planMonitor(m: ManifestMonitor, manifest: Manifest, packRel: string, packDir: string): PlannedMonitor {
  const where = `manifest monitor '${m.id}'`;
  if (!/^[A-Za-z0-9._-]+$/.test(m.id)) fail(`${where}: id is not [A-Za-z0-9._-]+`);
  if (!(MONITOR_CATEGORIES as readonly string[]).includes(m.category)) fail(`${where}: category '${m.category}' is not one of ${MONITOR_CATEGORIES.join(', ')}`);
  if (!(POOLINGS as readonly string[]).includes(m.pooling)) fail(`${where}: pooling '${m.pooling}' is not one of ${POOLINGS.join(', ')}`);
  const output = OUTPUTS[m.output_convention];
  if (!output) fail(`${where}: unknown output_convention '${m.output_convention}'`);
  if (output === 'two-class' && m.positive_class_index !== 1) {
    fail(`${where}: two-class probes must score column 1, manifest says positive_class_index ${m.positive_class_index}`);
  }
  if (m.decision_rule && m.decision_rule !== 'flag if score > threshold') fail(`${where}: unsupported decision rule '${m.decision_rule}'`);
  if (!Number.isFinite(m.threshold)) fail(`${where}: threshold ${m.threshold} is not a number`);
  const threshold = output === 'logit' ? sigmoid(m.threshold) : m.threshold;
  if (!(threshold >= 0 && threshold <= 1)) fail(`${where}: threshold ${m.threshold} is not on the probability scale for output '${output}'`);

  const probeFile = path.join(packDir, m.probe_path);
  if (!existsSync(probeFile)) fail(`${where}: probe ${m.probe_path} is not in the pack`);

  // the batch file: same name in every variant folder; its tensor and label tensor come from the manifest
  const baseFile = manifest.activations.find((a) => a.path === m.activation_file_base);
  if (!baseFile) fail(`${where}: activation_file_base ${m.activation_file_base} is not listed under activations`);
  const fileName = path.posix.basename(m.activation_file_base);
  const evalTensor = baseFile.tensors.find((t) => t.name === m.eval_tensor);
  if (!evalTensor) fail(`${where}: ${m.activation_file_base} has no tensor '${m.eval_tensor}'`);
  if (!evalTensor.label_tensor) fail(`${where}: tensor '${m.eval_tensor}' has no label tensor`);
  const labelTensor = baseFile.tensors.find((t) => t.name === evalTensor.label_tensor);
  if (!labelTensor) fail(`${where}: label tensor '${evalTensor.label_tensor}' is not in ${m.activation_file_base}`);
  if (labelTensor.positive_label !== undefined && labelTensor.positive_label !== 1) {
    fail(`${where}: label tensor '${labelTensor.name}' marks positives with ${labelTensor.positive_label}; monitor-gate expects 1`);
  }
  if (baseFile.layer !== m.layer || baseFile.pooling !== m.pooling) {
    fail(`${where}: ${m.activation_file_base} is layer ${baseFile.layer} ${baseFile.pooling}, monitor is layer ${m.layer} ${m.pooling}`);
  }

  // which update variants carry the same file and tensor (reported, not fatal)
  const variantsMissing = manifest.variants
    .map((v) => v.id)
    .filter((id) => id !== BASE_VARIANT)
    .filter((id) => {
      const file = manifest.activations.find((a) => a.variant === id && path.posix.basename(a.path) === fileName);
      return !file || !file.tensors.some((t) => t.name === m.eval_tensor);
    });

  // unlabeled calibration rows in the same file (same inputs in every variant): what a repair is fitted on
  const calibrationTensor = baseFile.tensors.find((t) => t.split === 'calibration' && t.role === 'activations' && !t.label_tensor);

  const rawThreshold = String(m.threshold);
  return {
    id: m.id,
    category: m.category as MonitorCategory,
    layer: m.layer,
    probe: `${packRel}/${m.probe_path}`,
    output,
    threshold,
    thresholdNote: output === 'logit' ? `sigmoid of the manifest's logit threshold ${rawThreshold}` : `manifest threshold (${m.output_convention})`,
    batch: `${fileName}#${m.eval_tensor}`,
    labels: `#${evalTensor.label_tensor}`,
    calibration: calibrationTensor ? `${fileName}#${calibrationTensor.name}` : undefined,
    pooling: m.pooling as Pooling,
    variantsMissing,
  };
}

function variantFolder(manifest: Manifest, variant: string): string {
  const dirs = new Set(manifest.activations.filter((a) => a.variant === variant).map((a) => path.posix.dirname(a.path)));
  if (dirs.size !== 1) fail(`manifest: variant '${variant}' has ${dirs.size === 0 ? 'no activation files' : `files in ${dirs.size} folders`}`);
  return [...dirs][0];
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { pack: { type: 'string' }, out: { type: 'string' } } });
  // --out: another folder for the config (the repair and prediction studies write one beside each generated pack)
  const OUT_DIR = values.out ? path.resolve(values.out) : EXAMPLE_DIR;
  const packDir = path.resolve(ROOT, values.pack ?? '../shared/realbench');
  const manifestPath = path.join(packDir, 'manifest.json');
  if (!existsSync(manifestPath)) fail(`${manifestPath} not found (pass --pack DIR to point at the realbench pack)`);
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as Manifest;
  if (!Array.isArray(manifest.monitors) || !Array.isArray(manifest.activations)) fail('manifest: no monitors or activations');

  const packRel = posix(path.relative(OUT_DIR, packDir));
  const baseDir = variantFolder(manifest, BASE_VARIANT);
  const updatedDir = variantFolder(manifest, UPDATED_VARIANT);
  const monitors = manifest.monitors.map((m) => planMonitor(m, manifest, packRel, packDir));
  const ids = new Set<string>();
  for (const m of monitors) {
    if (ids.has(m.id)) fail(`manifest: monitor id '${m.id}' appears twice`);
    ids.add(m.id);
  }
  const tol = manifest.stale_definition.thresholds;
  for (const [key, value] of Object.entries(tol)) if (!Number.isFinite(value)) fail(`manifest: stale_definition.thresholds.${key} is not a number`);

  const lines = [
    '# yaml-language-server: $schema=../../schemas/config.schema.json',
    `# Generated by scripts/make-realbench-example.ts from ${packRel}/manifest.json (${manifest.pack}, ${manifest.format_version}).`,
    '# Do not edit by hand; regenerate with',
    '#   node --import tsx scripts/make-realbench-example.ts',
    '# Paths are relative to this file. Check another update variant with',
    `#   monitor-gate check --config monitor-gate.yml --updated ${packRel}/${posix(path.posix.dirname(updatedDir))}/<variant>   (from this folder)`,
    'version: 1',
    `activations: { base: ${scalar(`${packRel}/${baseDir}`)}, updated: ${scalar(`${packRel}/${updatedDir}`)} }`,
    `model: { num_layers: ${manifest.model.n_layers} }   # ${manifest.model.name}; monitor depth is layer / num_layers`,
    '# record the activation-drift features in every report, so fit-predictor can learn from them later',
    'activation-drift: always',
    'defaults:',
    `  # the pack's stale definition: ${manifest.stale_definition.rule}`,
    `  tolerance: { auroc_drop: ${tol.auroc_drop}, tpr_drop: ${tol.tpr_drop}, fpr_rise: ${tol.fpr_rise} }`,
    'monitors:',
  ];
  for (const m of monitors) {
    lines.push(
      `  - id: ${scalar(m.id)}`,
      `    category: ${m.category}`,
      `    layer: ${m.layer}`,
      `    probe: ${scalar(m.probe)}`,
      `    output: ${m.output}`,
      `    threshold: ${String(m.threshold)}   # ${m.thresholdNote}`,
      `    batch: ${scalar(m.batch)}`,
      `    labels: ${JSON.stringify(m.labels)}`,
      ...(m.calibration ? [`    calibration: ${scalar(m.calibration)}   # unlabeled rows a repair is fitted on`] : []),
      `    pooling: ${m.pooling}`,
      `    blocking: true`,
    );
  }
  await mkdir(OUT_DIR, { recursive: true });
  await writeFile(path.join(OUT_DIR, 'monitor-gate.yml'), lines.join('\n') + '\n');
  await writeFile(path.join(OUT_DIR, 'README.md'), readme(manifest, packRel, monitors));

  console.log(`wrote ${posix(path.relative(ROOT, path.join(OUT_DIR, 'monitor-gate.yml')))}: ${monitors.length} monitors from ${manifest.pack}`);
  for (const m of monitors) {
    const missing = m.variantsMissing.length ? `  (no ${m.batch} in: ${m.variantsMissing.join(', ')})` : '';
    console.log(`  ${m.id.padEnd(24)} ${m.category.padEnd(9)} L${m.layer} ${m.pooling.padEnd(5)} ${m.output.padEnd(12)} threshold ${m.threshold}${missing}`);
  }
}

function readme(manifest: Manifest, packRel: string, monitors: PlannedMonitor[]): string {
  const updates = manifest.variants.filter((v) => v.id !== BASE_VARIANT);
  const folder = (id: string) => `${packRel}/${variantFolder(manifest, id)}`;
  return `# realbench example

\`monitor-gate.yml\` here is generated by \`scripts/make-realbench-example.ts\` from the realbench pack's manifest
(\`${packRel}/manifest.json\`); regenerate it with \`node --import tsx scripts/make-realbench-example.ts\` rather than editing it.

The pack (\`${manifest.pack}\`, described in \`${packRel}/README.md\`): ${manifest.description}
The model is \`${manifest.model.name}\` (${manifest.model.n_layers} layers, d_model ${manifest.model.d_model}).
Its ${monitors.length} probes were trained on base-model activations only; each ships with a deployed threshold (converted
here to the probability scale: sigmoid for logit probes).${
    manifest.ground_truth
      ? ` The pack's \`${manifest.ground_truth}\` says, for every (monitor, variant) cell, whether the monitor is stale under the same
rule as \`defaults.tolerance\`.`
      : ''
  }

Run from this folder, once per update variant (the config's default \`updated\` is \`${UPDATED_VARIANT}\`):

\`\`\`sh
cd examples/realbench
${updates.map((v) => `monitor-gate check --config monitor-gate.yml --updated ${folder(v.id)}   # ${v.family}`).join('\n')}
\`\`\`

Exit status 1 means a blocking monitor went stale${
    manifest.ground_truth ? `; compare the per-monitor verdicts with \`${packRel}/${manifest.ground_truth}\`` : ''
  }.
`;
}

try {
  await main();
} catch (error) {
  if (error instanceof ManifestError) {
    console.error(`make-realbench-example: ${error.message}`);
    process.exitCode = 2;
  } else throw error;
}
