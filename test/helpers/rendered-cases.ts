/**
 * The runs whose pull-request comment is kept as golden Markdown in test/fixtures/rendered/<case>.md
 * (as dorny/test-reporter keeps __tests__/__outputs__): the demo's LoRA-like and INT8-like updates,
 * the demo with a label-free repair, and three update variants of the shared realbench pack run the
 * way a pull request runs them (the update event detected from the variant's release folder).
 *
 * Each case is the real gate on real probes and activations, rendered by renderComment with the
 * repository as the workspace, so no path of this machine reaches the Markdown.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadConfig, renderComment, runGate, type GateReport } from '../../src/core/index.ts';
import { realbenchReports } from '../../scripts/realbench-reports.ts';
import { demoDir, hasRealbench, repoRoot, tempDir } from './workspace.ts';

export const renderedDir = path.join(repoRoot, 'test', 'fixtures', 'rendered');

export interface RenderedCase {
  name: string;
  /** What the run is, for the test names. */
  what: string;
  /** Skipped (with this reason) when its inputs are not on this machine. */
  skip?: string;
  report: () => Promise<GateReport>;
}

const demoConfig = path.join(demoDir, 'monitor-gate.yml');
const noRealbench = hasRealbench ? undefined : `the realbench pack is not at ${path.relative(repoRoot, path.resolve(repoRoot, '..', 'shared', 'realbench'))}`;

async function realbench(variant: string): Promise<GateReport> {
  const [{ report }] = await realbenchReports({ provider: 'cpu' }, [variant]);
  return report;
}

export const RENDERED_CASES: readonly RenderedCase[] = [
  { name: 'demo-lora', what: 'demo, LoRA-like update (1 of 3 stale)', report: async () => runGate(await loadConfig(demoConfig), { provider: 'cpu' }) },
  {
    name: 'demo-int8',
    what: 'demo, INT8-like update (all fresh)',
    report: async () => runGate(await loadConfig(demoConfig), { provider: 'cpu', updatedDir: path.join(demoDir, 'acts', 'int8') }),
  },
  {
    name: 'demo-lora-repair',
    what: 'demo, LoRA-like update with a label-free repair',
    report: async () => {
      const report = await runGate(await loadConfig(demoConfig), { provider: 'cpu', repairDir: tempDir('monitor-gate-rendered-') });
      // The repairs went to a temp folder: show them as `--repair repairs` at the repository root would.
      for (const m of report.monitors) if (m.repair?.file) m.repair.file = `repairs/${path.basename(m.repair.file)}`;
      return report;
    },
  },
  { name: 'realbench-qlora', what: 'realbench, QLoRA variant', skip: noRealbench, report: () => realbench('qlora') },
  { name: 'realbench-nf4', what: 'realbench, NF4 variant', skip: noRealbench, report: () => realbench('nf4') },
  { name: 'realbench-int8', what: 'realbench, INT8 variant', skip: noRealbench, report: () => realbench('int8') },
];

/** The comment body of a case, as the Action would post it (no pull-request footer). */
export async function renderCase(c: RenderedCase): Promise<string> {
  return renderComment(await c.report(), { root: repoRoot }).body;
}

export const goldenPath = (name: string) => path.join(renderedDir, `${name}.md`);
export const hasGolden = (name: string) => existsSync(goldenPath(name));
