/**
 * The pack fixtures (test/fixtures/packs/<pack>.json, written by scripts/make-pack-fixtures.py from the
 * packs scripts/make-packs.sh builds) read back, every cell run through the shipped label-free estimate,
 * and the held-out measures of issue 13: per-pack AUROC of a risk against ground-truth staleness, the
 * 30% revalidation budget, and sign agreement on stale cells.
 *
 *   node --import tsx scripts/pack-fixtures.ts      prints the per-pack table (Markdown)
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { aurocWithTies } from '../src/core/metrics/auroc.ts';
import { cbpeEstimate, crossFittedPlatt, rawSoftLabels, type OperatingPointEstimate, type Tolerances } from '../src/core/predict/estimate.ts';
import { driftByScore, transportedEstimate } from '../src/core/predict/transport.ts';

export const FIXTURE_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'test', 'fixtures', 'packs');
/** A pack whose monitors' mean base eval AUROC is below this has weak probes (held to the weak target). */
export const WEAK_MEAN_AUROC = 0.95;
export const BUDGET_SHARE = 0.3;

export interface FixtureMonitor {
  id: string;
  category: string;
  layer: number;
  probe_type: string;
  base_eval_auroc: number;
  threshold_logit: number;
  zbEval: Float64Array;
  labels: Uint8Array;
  fold: Uint8Array;
  zbCal: Float64Array;
  domainWeight: Float64Array;
}

export interface FixtureCell {
  monitor: FixtureMonitor;
  variant: string;
  family: string;
  zuEval: Float64Array;
  zuCal: Float64Array;
  truth: { stale: boolean; stale_reasons: string[]; auroc_drop: number; tpr_drop: number; fpr_rise: number; tpr_base: number; fpr_base: number };
  reference?: Record<string, Record<string, number | null>>;
}

export interface FixturePack {
  pack: string;
  tolerances: Tolerances;
  weak: boolean;
  meanBaseAuroc: number;
  monitors: FixtureMonitor[];
  cells: FixtureCell[];
}

const f32 = (b64: string): Float64Array => {
  const bytes = Buffer.from(b64, 'base64');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float64Array(bytes.byteLength / 4);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
};
const bits = (s: string): Uint8Array => Uint8Array.from(s, (c) => (c === '1' ? 1 : 0));

export function loadPack(file: string): FixturePack {
  const raw = JSON.parse(readFileSync(file, 'utf8'));
  if (raw.format !== 'monitor-gate/pack-fixture@1') throw new Error(`${file}: not a pack fixture`);
  const monitors: FixtureMonitor[] = raw.monitors.map((m: any) => ({
    id: m.id,
    category: m.category,
    layer: m.layer,
    probe_type: m.probe_type,
    base_eval_auroc: m.base_eval_auroc,
    threshold_logit: m.threshold_logit,
    zbEval: f32(m.eval.zb),
    labels: bits(m.eval.labels),
    fold: bits(m.eval.fold),
    zbCal: f32(m.calibration.zb),
    domainWeight: f32(m.calibration.domain_weight),
  }));
  const byId = new Map(monitors.map((m) => [m.id, m]));
  const cells: FixtureCell[] = raw.cells.map((c: any) => ({
    monitor: byId.get(c.monitor_id)!,
    variant: c.variant,
    family: c.family,
    zuEval: f32(c.eval.zu),
    zuCal: f32(c.calibration.zu),
    truth: c.truth,
    reference: c.reference,
  }));
  const meanBaseAuroc = monitors.reduce((s, m) => s + m.base_eval_auroc, 0) / monitors.length;
  return { pack: raw.pack, tolerances: raw.tolerances, weak: meanBaseAuroc < WEAK_MEAN_AUROC, meanBaseAuroc, monitors, cells };
}

export function loadPacks(dir = FIXTURE_DIR): FixturePack[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json') && !f.startsWith('domain-weights'))
    .sort()
    .map((f) => loadPack(path.join(dir, f)));
}

/** How a cell's estimate is made: which rows, which soft labels. */
export type EstimateKind = 'eval-platt' | 'eval-raw' | 'calibration-transported-label' | 'calibration-transported-raw' | 'calibration-raw';
export const ESTIMATE_KINDS: EstimateKind[] = ['eval-platt', 'eval-raw', 'calibration-transported-label', 'calibration-transported-raw', 'calibration-raw'];

/** The label-free estimate of every cell of a pack (soft labels are computed once per monitor). */
export function estimatePack(pack: FixturePack, kind: EstimateKind, options: { referenceFolds?: boolean } = {}): OperatingPointEstimate[] {
  const q = new Map<FixtureMonitor, Float64Array>();
  const soft = (m: FixtureMonitor) => {
    if (!q.has(m)) q.set(m, kind === 'eval-platt' ? crossFittedPlatt(m.zbEval, m.labels, options.referenceFolds ? m.fold : undefined) : rawSoftLabels(m.zbEval));
    return q.get(m)!;
  };
  return pack.cells.map((c) => {
    const m = c.monitor;
    const t = m.threshold_logit;
    if (kind === 'eval-platt') return cbpeEstimate(m.zbEval, c.zuEval, t, soft(m), pack.tolerances, 'platt');
    if (kind === 'eval-raw') return cbpeEstimate(m.zbEval, c.zuEval, t, soft(m), pack.tolerances, 'raw');
    if (kind === 'calibration-raw') return cbpeEstimate(m.zbCal, c.zuCal, t, rawSoftLabels(m.zbCal), pack.tolerances, 'raw');
    const d = c.zuCal.map((z, i) => z - m.zbCal[i]);
    const drift = driftByScore(m.zbCal, d, m.zbEval, m.domainWeight);
    return kind === 'calibration-transported-label'
      ? transportedEstimate(m.zbEval, Float64Array.from(m.labels), drift, t, pack.tolerances, 'labels')
      : transportedEstimate(m.zbEval, soft(m), drift, t, pack.tolerances, 'raw');
  });
}

export const staleOf = (pack: FixturePack): Uint8Array => Uint8Array.from(pack.cells, (c) => (c.truth.stale ? 1 : 0));

export function packAuroc(pack: FixturePack, risk: ArrayLike<number>): number {
  return aurocWithTies(Float64Array.from(risk, (r) => (Number.isFinite(r) ? r : 0)), staleOf(pack));
}

/** Per variant (one gate run), the ceil(30%) highest-risk monitors are measured: hits / min(stale, budget), summed. */
export function budgetHits(pack: FixturePack, risk: ArrayLike<number>): { hits: number; want: number } {
  const byVariant = new Map<string, { risk: number; stale: boolean; index: number }[]>();
  pack.cells.forEach((c, index) => {
    if (!byVariant.has(c.variant)) byVariant.set(c.variant, []);
    byVariant.get(c.variant)!.push({ risk: Number.isFinite(risk[index]) ? risk[index] : 0, stale: c.truth.stale, index });
  });
  let hits = 0;
  let want = 0;
  for (const items of byVariant.values()) {
    const k = Math.min(items.length, Math.ceil(BUDGET_SHARE * items.length - 1e-9));
    const top = [...items].sort((a, b) => b.risk - a.risk || a.index - b.index).slice(0, k);
    hits += top.filter((x) => x.stale).length;
    want += Math.min(items.filter((x) => x.stale).length, k);
  }
  return { hits, want };
}

/**
 * Sign agreement on stale cells: every metric that made the cell stale moves the right way in the
 * estimate (TPR down, FPR up, AUROC down).
 */
export function signAgreement(pack: FixturePack, estimates: OperatingPointEstimate[]): { agree: number; stale: number } {
  let agree = 0;
  let stale = 0;
  pack.cells.forEach((c, i) => {
    if (!c.truth.stale) return;
    stale++;
    const e = estimates[i];
    const ok = c.truth.stale_reasons.every((r) => (r === 'tpr_drop' ? e.tpr.change < 0 : r === 'fpr_rise' ? e.fpr.change > 0 : r === 'auroc_drop' ? e.auroc.change < 0 : true));
    if (ok) agree++;
  });
  return { agree, stale };
}

function main(): void {
  const packs = loadPacks();
  const kinds: EstimateKind[] = ['eval-platt', 'eval-raw', 'calibration-transported-label', 'calibration-transported-raw', 'calibration-raw'];
  const lines = [
    '| pack | probes (mean base AUROC) | stale | ' + kinds.map((k) => `AUROC ${k}`).join(' | ') + ' | 30% budget (eval-raw / transported-label) | sign agreement (eval-raw / transported-raw) |',
    '|---|---|---|' + kinds.map(() => '---|').join('') + '---|---|',
  ];
  const worst = new Map<string, number>();
  for (const pack of packs) {
    const est = new Map(kinds.map((k) => [k, estimatePack(pack, k)]));
    const aurocs = kinds.map((k) => packAuroc(pack, est.get(k)!.map((e) => e.score)));
    kinds.forEach((k, i) => worst.set(`${pack.weak}|${k}`, Math.min(worst.get(`${pack.weak}|${k}`) ?? 1, aurocs[i])));
    const b = (['eval-raw', 'calibration-transported-label'] as const).map((k) => budgetHits(pack, est.get(k)!.map((e) => e.score)));
    const s = (['eval-raw', 'calibration-transported-raw'] as const).map((k) => signAgreement(pack, est.get(k)!));
    const stale = pack.cells.filter((c) => c.truth.stale).length;
    lines.push(
      `| ${pack.pack} | ${pack.weak ? 'weak' : 'strong'} (${pack.meanBaseAuroc.toFixed(3)}) | ${stale}/${pack.cells.length} | ` +
        aurocs.map((a) => a.toFixed(3)).join(' | ') +
        ` | ${b.map((x) => `${x.hits}/${x.want}`).join(' / ')} | ${s.map((x) => (x.agree / x.stale).toFixed(2)).join(' / ')} |`,
    );
  }
  for (const weak of [false, true]) {
    lines.push(`| **worst ${weak ? 'weak' : 'strong'}** | | | ` + kinds.map((k) => (worst.get(`${weak}|${k}`) ?? NaN).toFixed(3)).join(' | ') + ' | | |');
  }
  process.stdout.write(lines.join('\n') + '\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
