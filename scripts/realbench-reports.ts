/**
 * Runs the gate on every update variant of the shared realbench pack (../shared/realbench), with
 * the update event detected from the variant's release folder as a pull request would. Used by
 * scripts/fit-default-predictor.ts and the predictor's tests.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { eventForChange, loadConfig, runGate, type GateReport, type GateRunOptions } from '../src/core/index.ts';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const realbenchDir = path.resolve(repoRoot, '..', 'shared', 'realbench');
export const realbenchConfig = path.join(repoRoot, 'examples', 'realbench', 'monitor-gate.yml');
/** The example config reads the pack beside the repository: its paths' root is the folder above both. */
export const realbenchRoot = path.resolve(repoRoot, '..');

export function realbenchVariants(): string[] {
  const manifest = JSON.parse(readFileSync(path.join(realbenchDir, 'manifest.json'), 'utf8')) as { variants: { id: string }[] };
  return manifest.variants.map((v) => v.id).filter((id) => id !== 'base');
}

export interface VariantReport {
  variant: string;
  report: GateReport;
}

export async function realbenchReports(options: Omit<GateRunOptions, 'updatedDir' | 'event'> = {}, variants = realbenchVariants()): Promise<VariantReport[]> {
  const config = await loadConfig(realbenchConfig, { root: realbenchRoot });
  const out: VariantReport[] = [];
  for (const variant of variants) {
    const event = await eventForChange({ kind: 'dir', dir: path.join(realbenchDir, 'release', variant) }, { config });
    const report = await runGate(config, { ...options, updatedDir: path.join(realbenchDir, 'activations', variant), event });
    out.push({ variant, report });
  }
  return out;
}
