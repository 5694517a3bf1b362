/**
 * Synthetic reports for rendering and merge tests that need more monitors than the demo has.
 * Deterministic: the same arguments give the same report.
 */
import { createHash } from 'node:crypto';
import { summarizeResults } from '../../src/core/verdict.ts';
import type { GateReport, MonitorResult, MonitorVerdict, OperatingMetrics, ShardSpec } from '../../src/core/types.ts';

const CATEGORIES = ['pii', 'refusal', 'toxicity', 'deception', 'jailbreak', 'other'];

function metrics(auroc: number, tpr: number, fpr: number): OperatingMetrics {
  return { auroc, tpr, fpr, recall_at_1fpr: tpr * 0.8, recall_at_5fpr: tpr * 0.95 };
}

/** Monitor i of a synthetic stack: every `staleEvery`-th is stale, every 7th advisory. */
export function syntheticMonitor(i: number, staleEvery = 5, config = '.github/monitor-gate.yml'): MonitorResult {
  const verdict: MonitorVerdict = i % staleEvery === 0 ? 'stale' : i % 97 === 0 ? 'error' : 'fresh';
  const baseAuroc = 0.9 + ((i * 37) % 90) / 1000;
  const drop = verdict === 'stale' ? 0.03 + ((i * 13) % 50) / 1000 : ((i * 7) % 10) / 1000;
  const base = metrics(baseAuroc, 0.85, 0.05);
  const updated = metrics(baseAuroc - drop, verdict === 'stale' ? 0.6 : 0.84, 0.05);
  const delta: OperatingMetrics = {
    auroc: updated.auroc - base.auroc,
    tpr: updated.tpr - base.tpr,
    fpr: updated.fpr - base.fpr,
    recall_at_1fpr: updated.recall_at_1fpr - base.recall_at_1fpr,
    recall_at_5fpr: updated.recall_at_5fpr - base.recall_at_5fpr,
  };
  const m: MonitorResult = {
    id: `probe-${String(i).padStart(4, '0')}`,
    category: CATEGORIES[i % CATEGORIES.length],
    layer: 4 + (i % 24),
    blocking: i % 7 !== 0,
    verdict,
    threshold: 0.5,
    reasons: [],
    source: { file: config, line: 10 + i * 12, column: 5 },
  };
  if (verdict === 'error') {
    m.error = `acts/updated/layer${m.layer}.safetensors: tensor 'activations' has 4095 columns but the probe expects 4096`;
    return m;
  }
  m.rows = { total: 2000, positives: 1000, negatives: 1000 };
  m.base = base;
  m.updated = updated;
  m.delta = delta;
  m.tests = { delong: { diff: delta.auroc, se: 0.01, z: delta.auroc / 0.01, p_value: verdict === 'stale' ? 1e-6 : 0.4, ci95: [delta.auroc - 0.02, delta.auroc + 0.02] } };
  m.shift = { ks: drop * 4, psi: drop * 10, flip_rate: drop * 2 };
  if (verdict === 'stale') {
    m.reasons = [
      `AUROC dropped ${drop.toFixed(3)} (${base.auroc.toFixed(3)} -> ${updated.auroc.toFixed(3)}; tolerance 0.03)`,
      `TPR at the deployed threshold dropped 0.250 (0.850 -> 0.600; tolerance 0.1)`,
    ];
  }
  return m;
}

/** A whole report (or, with `shard`, a partial one) around the given monitors. */
export function reportOf(monitors: MonitorResult[], extra: { shard?: ShardSpec; commit?: string; fingerprint?: string; config?: string } = {}): GateReport {
  const { verdict, summary } = summarizeResults(monitors);
  const report: GateReport = {
    schemaVersion: 1,
    tool: { name: 'monitor-gate', version: '0.1.0' },
    config: extra.config ?? '.github/monitor-gate.yml',
    fingerprint: extra.fingerprint ?? `sha256:${'ab'.repeat(32)}`,
    activations: { base: 'acts/base', updated: 'acts/updated' },
    verdict,
    summary,
    monitors,
  };
  if (extra.commit) report.commit = extra.commit;
  if (extra.shard) report.shard = extra.shard;
  return report;
}

export function syntheticReport(n: number, staleEvery = 5): GateReport {
  return reportOf(Array.from({ length: n }, (_, i) => syntheticMonitor(i + 1, staleEvery)));
}

/** The n monitors dealt round-robin into `count` partial reports, as `shard: i/count` would. */
export function syntheticShards(n: number, count: number, staleEvery = 5, commit = 'ec26c3e57ca3a959ca5aad62de7213c562f8c821'): GateReport[] {
  const monitors = Array.from({ length: n }, (_, i) => syntheticMonitor(i + 1, staleEvery));
  return Array.from({ length: count }, (_, k) =>
    reportOf(
      monitors.filter((_, i) => i % count === k),
      { shard: { index: k + 1, count }, commit },
    ),
  );
}

/**
 * The config a run of syntheticMonitor(1..n) gated: each monitor declared at the line and column its
 * source says (line 10 + 12 i, column 5), with its category, layer, threshold and blocking flag and
 * the default tolerances, so a verifying merge accepts the synthetic parts against it.
 */
export function syntheticConfig(n: number): string {
  const lines: string[] = [];
  while (lines.length < 18) lines.push('# synthetic stack for merge and rendering tests');
  lines.push('version: 1', 'activations: { base: acts/base, updated: acts/updated }', 'monitors:');
  for (let i = 1; i <= n; i++) {
    const m = syntheticMonitor(i);
    const entry = [
      `  - id: ${m.id}`,
      `    category: ${m.category}`,
      `    layer: ${m.layer}`,
      '    probe: probes/p.onnx',
      `    threshold: ${m.threshold}`,
      '    batch: b.safetensors',
      '    labels: "#labels"',
      `    blocking: ${m.blocking}`,
    ];
    while (entry.length < 12) entry.push('    # padding: one entry every 12 lines');
    lines.push(...entry);
  }
  return lines.join('\n') + '\n';
}

/** "sha256:<hex>" of a config text, as the gate fingerprints its config file. */
export function fingerprintOf(text: string): string {
  return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}
