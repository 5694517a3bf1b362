/**
 * Which label-free repair to ship, chosen across models (issue 14). For every (monitor, variant) cell of
 * every pack (../shared/realbench and the packs scripts/make-packs.sh builds under ../packs), the gate
 * measures the cell with labels, then repairs it without labels with every method and measures each
 * repair with the labels; 'auto' records every candidate's held-out, label-free comparison.
 *
 *   node --import tsx scripts/repair-packs.ts collect [--packs DIR] [NAME ...]   writes DIR/<name>.repair.json
 *   node --import tsx scripts/repair-packs.ts report  [--packs DIR]              prints the tables (Markdown)
 *
 * `report` evaluates every selection rule and candidate set on the recorded cells and chooses the
 * setting leave-one-pack-out: for each held-out pack, the setting that does best on the other packs
 * (packs where it repairs at least as many stale cells as the best single method with no fresh cell
 * broken, then repaired minus 3 x broken). A cell is repair-relevant when it is stale and its AUROC drop
 * is under its tolerance (only the operating point moved).
 *
 * `collect` also records every repair's scores on the eval rows, so `report` can check the rules out of
 * sample: choose on one half of the eval rows (labels unread), measure on the other half (twoFoldCheck).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadConfig, runGate } from '../src/core/index.ts';
import { measureRepairedProbe } from '../src/core/measure/repaired-probe.ts';
import { AUTO_CANDIDATES, agreement, repairMonitor, scoreModelBytes } from '../src/core/repair/index.ts';
import { openActivationBatch, readLabels } from '../src/core/activations.ts';
import { DEFAULT_SELECTION_RULE, SELECTION_RULES, heldOutScoreOf, pickBest, type AgreementMetrics, type SelectionRule } from '../src/core/repair/choose.ts';
import { REPAIR_METHODS, type RepairMethod, type Tolerance } from '../src/core/types.ts';
import { parse as parseYaml } from 'yaml';
import { operatingMetrics } from '../src/core/metrics/index.ts';
import { judgeStaleness } from '../src/core/verdict.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const REALBENCH = path.resolve(ROOT, '..', 'shared', 'realbench');

interface MethodOutcome {
  method: RepairMethod;
  fitted: RepairMethod;
  stale_after: boolean;
  tpr: number;
  fpr: number;
  auroc: number;
  ridge?: { alpha: number; rank: number };
  /** The repaired probe's agreement with the frozen probe's base decisions on the eval rows, labels unread. */
  onEval?: Omit<AgreementMetrics, 'estimate'>;
}

interface CellRecord {
  variant: string;
  monitor: string;
  /** The monitor's deployed threshold (probability). */
  threshold?: number;
  stale: boolean;
  relevant: boolean;
  tolerance: Tolerance;
  heldOutRows: number;
  unrepaired: Omit<AgreementMetrics, 'estimate'>;
  unrepairedOnEval?: Omit<AgreementMetrics, 'estimate'>;
  /** Row by row on the eval rows: labels, the frozen probe on the base and updated rows, each method's repaired probe on the updated rows. */
  evalScores?: EvalScores;
  candidates: (Omit<AgreementMetrics, 'estimate'> & { method: RepairMethod; fellBackTo?: RepairMethod })[];
  outcomes: MethodOutcome[];
}

interface EvalScores {
  labels: number[];
  base: number[];
  unrepaired?: number[];
  methods: Partial<Record<RepairMethod, number[]>>;
}

interface PackRecord {
  pack: string;
  width: number;
  cells: CellRecord[];
}

function packDirs(packsDir: string, names: string[]): { name: string; dir: string }[] {
  const found = [{ name: 'realbench', dir: REALBENCH }];
  if (existsSync(packsDir)) {
    for (const n of readdirSync(packsDir).sort()) if (existsSync(path.join(packsDir, n, 'manifest.json'))) found.push({ name: n, dir: path.join(packsDir, n) });
  }
  return names.length ? found.filter((p) => names.includes(p.name)) : found;
}

async function collect(packsDir: string, name: string, dir: string): Promise<void> {
  const configDir = path.join(packsDir, 'configs', name);
  execFileSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts', 'make-realbench-example.ts'), '--pack', dir, '--out', configDir], { stdio: 'ignore' });
  const config = await loadConfig(path.join(configDir, 'monitor-gate.yml'), { root: path.resolve(ROOT, '..') });
  const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { variants: { id: string }[] };
  const variants = manifest.variants.map((v) => v.id).filter((v) => v !== 'base');
  const cells: CellRecord[] = [];
  let width = 0;
  const started = Date.now();
  for (const variant of variants) {
    const updatedDir = path.join(dir, 'activations', variant);
    const report = await runGate(config, { updatedDir });
    for (const result of report.monitors) {
      if (result.verdict !== 'fresh' && result.verdict !== 'stale') continue;
      const monitor = config.monitors.find((m) => m.id === result.id)!;
      const baseDir = config.activations.base;
      const auto = await repairMonitor({ monitor, baseDir, updatedDir, method: 'auto', candidates: REPAIR_METHODS });
      width = auto.map.width;
      // label-free agreement on the eval rows (labels unread): each repaired probe on the updated rows against the frozen probe on the base rows
      const probeBytes = readFileSync(monitor.probe);
      const evalRows = async (dir: string) => openActivationBatch(path.resolve(dir), monitor.batch, monitor.pooling, monitor.mask);
      const baseEvalScores = await scoreModelBytes(probeBytes, monitor.output, await evalRows(baseDir));
      const evalScores: EvalScores = { labels: Array.from(await readLabels(monitor.labels, path.join(path.resolve(baseDir), monitor.batch.file))), base: Array.from(baseEvalScores), methods: {} };
      const onEval = async (bytes: Uint8Array, method: RepairMethod | 'identity') => {
        const scores = await scoreModelBytes(bytes, monitor.output, await evalRows(updatedDir));
        if (method === 'identity') evalScores.unrepaired = Array.from(scores);
        else evalScores.methods[method] = Array.from(scores);
        return strip(agreement(baseEvalScores, scores, monitor.threshold, monitor.tolerance));
      };
      const outcomes: MethodOutcome[] = [];
      for (const method of REPAIR_METHODS) {
        const fitted = await repairMonitor({ monitor, baseDir, updatedDir, method });
        const evaluation = await measureRepairedProbe({ monitor, baseDir, updatedDir, modelBytes: fitted.modelBytes, baseMetrics: result.base! });
        outcomes.push({
          method,
          fitted: fitted.method,
          stale_after: evaluation.verdict_after === 'stale',
          tpr: evaluation.metrics.tpr,
          fpr: evaluation.metrics.fpr,
          auroc: evaluation.metrics.auroc,
          ...(fitted.ridge ? { ridge: fitted.ridge } : {}),
          onEval: await onEval(fitted.modelBytes, method),
        });
      }
      const aurocDrop = result.base!.auroc - result.updated!.auroc;
      cells.push({
        variant,
        monitor: monitor.id,
        threshold: monitor.threshold,
        stale: result.verdict === 'stale',
        relevant: result.verdict === 'stale' && aurocDrop < monitor.tolerance.auroc_drop,
        tolerance: monitor.tolerance,
        heldOutRows: Math.floor(auto.fit.rows / 2),
        unrepaired: strip(auto.unrepaired!),
        unrepairedOnEval: await onEval(probeBytes, 'identity'),
        evalScores,
        candidates: auto.candidates.map((c) => ({ ...strip(c), method: c.method, ...(c.fellBackTo ? { fellBackTo: c.fellBackTo } : {}) })),
        outcomes,
      });
    }
    console.error(`${name}: ${variant} done (${cells.length} cells, ${((Date.now() - started) / 1000).toFixed(0)} s)`);
  }
  const out: PackRecord = { pack: name, width, cells };
  writeFileSync(path.join(packsDir, `${name}.repair.json`), JSON.stringify(out, null, 1));
}

const strip = (m: AgreementMetrics): Omit<AgreementMetrics, 'estimate'> => ({ flipRate: m.flipRate, meanLogitGap: m.meanLogitGap, missRate: m.missRate, falseOnRate: m.falseOnRate, estimateScore: m.estimateScore, estimateChange: m.estimateChange });

// ---------- the report ----------

const CANDIDATE_SETS: Record<string, readonly (RepairMethod | 'identity')[]> = {
  shipped: AUTO_CANDIDATES,
  all: REPAIR_METHODS,
  'moment-matching (before)': ['mean-shift', 'standardize', 'coral', 'procrustes'],
  paired: ['mean-shift', 'probe-space', 'ridge-affine'],
  'paired+identity': ['identity', 'mean-shift', 'probe-space', 'ridge-affine'],
  'all+identity': ['identity', ...REPAIR_METHODS],
};

type Outcome = { repaired: number; relevant: number; broken: number };

/** A set whose name ends in "(guarded)" leaves a cell alone when the unrepaired probe already scores under the stale line (1). */
const GUARDED = ' (guarded)';

/**
 * Which rows the candidates are compared on: the held-out half of the fitting rows (calibration), the
 * eval rows with their labels unread (each candidate as fitted on all the fitting rows), or both (the
 * worse of the two scores counts).
 */
type ScoringRows = 'calibration' | 'eval' | 'both';

function pick(cell: CellRecord, rule: SelectionRule, setName: string, rows: ScoringRows = 'calibration'): RepairMethod | 'identity' {
  const guarded = setName.endsWith(GUARDED);
  const set = CANDIDATE_SETS[guarded ? setName.slice(0, -GUARDED.length) : setName];
  const scoreOf = (m: RepairMethod | 'identity') => {
    const onCalibration = () => heldOutScoreOf(m === 'identity' ? cell.unrepaired : cell.candidates.find((c) => c.method === m)!, cell.heldOutRows, rule, cell.tolerance);
    const onEval = () => heldOutScoreOf(m === 'identity' ? cell.unrepairedOnEval! : cell.outcomes.find((o) => o.method === m)!.onEval!, cell.heldOutRows, rule, cell.tolerance);
    return rows === 'calibration' ? onCalibration() : rows === 'eval' ? onEval() : Math.max(onCalibration(), onEval());
  };
  if (guarded && rule !== 'flip' && scoreOf('identity') < 1) return 'identity';
  const scored = set.map((m) => ({
    method: (m === 'identity' ? 'mean-shift' : m) as RepairMethod,
    real: m,
    // identity ranks before every method on ties (REPAIR_METHODS order follows)
    heldOutScore: scoreOf(m) - (m === 'identity' ? 1e-12 : 0),
  }));
  return pickBest(scored).real;
}

function staleAfter(cell: CellRecord, choice: RepairMethod | 'identity'): boolean {
  return choice === 'identity' ? cell.stale : cell.outcomes.find((o) => o.method === choice)!.stale_after;
}

function outcomeOf(pack: PackRecord, choose: (c: CellRecord) => RepairMethod | 'identity'): Outcome {
  const out = { repaired: 0, relevant: 0, broken: 0 };
  for (const c of pack.cells) {
    const after = staleAfter(c, choose(c));
    if (c.stale && !after) {
      out.repaired++;
      if (c.relevant) out.relevant++;
    }
    if (!c.stale && after) out.broken++;
  }
  return out;
}

/** The shipped setting (AUTO_CANDIDATES ranked by DEFAULT_SELECTION_RULE) on every pack, as the README shows it. */
function shippedTable(packs: PackRecord[]): void {
  const set = 'shipped';
  console.log(`## The shipped auto (${AUTO_CANDIDATES.join(', ')}; rule: ${DEFAULT_SELECTION_RULE})\n`);
  console.log('| pack | D | stale cells | repair-relevant | best single method (hindsight) | plain ridge-affine | auto: stale repaired | auto: relevant repaired | fresh cells broken if applied to them |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const p of packs) {
    const singles = REPAIR_METHODS.map((m) => ({ m, o: outcomeOf(p, () => m) }));
    const best = singles.reduce((a, b) => (b.o.repaired > a.o.repaired ? b : a));
    const ridge = singles.find((x) => x.m === 'ridge-affine')!.o;
    const auto = outcomeOf(p, (c) => pick(c, DEFAULT_SELECTION_RULE, set));
    const stale = p.cells.filter((c) => c.stale).length;
    const relevant = p.cells.filter((c) => c.relevant).length;
    console.log(`| ${p.pack} | ${p.width} | ${stale} | ${relevant} | ${best.o.repaired} (${best.m}) | ${ridge.repaired} | ${auto.repaired} | ${auto.relevant} of ${relevant} | ${auto.broken} |`);
  }
  console.log();
}

function readPacks(packsDir: string): PackRecord[] {
  return readdirSync(packsDir)
    .filter((f) => f.endsWith('.repair.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(path.join(packsDir, f), 'utf8')) as PackRecord);
}

function report(packsDir: string): void {
  const packs = readPacks(packsDir);
  if (packs.length === 0) throw new Error(`no *.repair.json in ${packsDir}: run 'collect' first`);
  const names = packs.map((p) => p.pack);
  shippedTable(packs);
  console.log('## Single methods applied to every cell\n');
  console.log('cells: repaired stale (of them repair-relevant) / fresh cells broken\n');
  console.log(`| pack | D | cells | stale | relevant | ${REPAIR_METHODS.join(' | ')} |`);
  console.log(`|---|---|---|---|---|${REPAIR_METHODS.map(() => '---|').join('')}`);
  const bestSingle = new Map<string, number>();
  for (const p of packs) {
    const row = REPAIR_METHODS.map((m) => outcomeOf(p, () => m));
    bestSingle.set(p.pack, Math.max(...row.map((o) => o.repaired)));
    const stale = p.cells.filter((c) => c.stale).length;
    const relevant = p.cells.filter((c) => c.relevant).length;
    console.log(`| ${p.pack} | ${p.width} | ${p.cells.length} | ${stale} | ${relevant} | ${row.map((o) => `${o.repaired} (${o.relevant}) / ${o.broken}`).join(' | ')} |`);
  }
  const setNames = [...Object.keys(CANDIDATE_SETS).filter((n) => n !== 'shipped'), `paired${GUARDED}`, `all${GUARDED}`];
  const withEval = packs.every((p) => p.cells.every((c) => c.unrepairedOnEval !== undefined));
  const scoringRows: ScoringRows[] = withEval ? ['calibration', 'eval', 'both'] : ['calibration'];
  const settings = scoringRows
    .flatMap((rows) => SELECTION_RULES.flatMap((rule) => setNames.map((set) => ({ rule, set, rows }))))
    .filter((s) => !(s.rule === 'flip' && s.set.endsWith(GUARDED)));
  const table = new Map(settings.map((s) => [s, new Map(packs.map((p) => [p.pack, outcomeOf(p, (c) => pick(c, s.rule, s.set, s.rows))]))]));
  const good = (o: Outcome, pack: string) => o.repaired >= bestSingle.get(pack)! && o.broken === 0;
  console.log('\n## Selection rules (repaired stale / fresh broken)\n');
  console.log(`| rows | rule | candidates | ${names.join(' | ')} | packs >= best single, none broken |`);
  console.log(`|---|---|---|${names.map(() => '---|').join('')}---|`);
  for (const s of settings) {
    const r = table.get(s)!;
    const ok = names.filter((n) => good(r.get(n)!, n)).length;
    console.log(`| ${s.rows} | ${s.rule} | ${s.set} | ${names.map((n) => `${r.get(n)!.repaired}/${r.get(n)!.broken}`).join(' | ')} | ${ok}/${names.length} |`);
  }
  console.log('\n## Leave-one-pack-out: the setting chosen on the other packs, applied to the held-out one\n');
  console.log('| held-out pack | setting chosen on the others | stale | relevant | best single (hindsight) | auto repaired | auto relevant | fresh broken |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const held of packs) {
    const rest = names.filter((n) => n !== held.pack);
    const key = (s: (typeof settings)[number]) => {
      const r = table.get(s)!;
      return [rest.filter((n) => good(r.get(n)!, n)).length, rest.reduce((a, n) => a + r.get(n)!.repaired - 3 * r.get(n)!.broken, 0), -settings.indexOf(s)];
    };
    const chosen = settings.reduce((a, b) => {
      const ka = key(a);
      const kb = key(b);
      for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return kb[i] > ka[i] ? b : a;
      return a;
    });
    const o = table.get(chosen)!.get(held.pack)!;
    console.log(
      `| ${held.pack} | ${chosen.rows}, ${chosen.rule}, ${chosen.set} | ${held.cells.filter((c) => c.stale).length} | ${held.cells.filter((c) => c.relevant).length} | ${bestSingle.get(held.pack)} | ${o.repaired} | ${o.relevant} | ${o.broken} |`,
    );
  }
}

// ---------- two-fold check: choose on one half of the eval rows, measure on the other ----------

/**
 * Choosing on the eval rows (labels unread) and measuring on the same rows is transductive: the
 * choice saw the inputs the labels then judge. This check splits each cell's eval rows into two
 * halves stratified by label, chooses on one half (agreement with the frozen probe's base decisions,
 * no labels) and measures on the other with the labels, both ways round, and averages the two folds.
 */
function twoFoldCheck(packs: PackRecord[], packsDir: string): void {
  // records collected before thresholds were recorded: the thresholds of the config collect wrote
  const thresholdsOf = (pack: string) => {
    const config = parseYaml(readFileSync(path.join(packsDir, 'configs', pack, 'monitor-gate.yml'), 'utf8')) as { monitors: { id: string; threshold: number }[] };
    return new Map(config.monitors.map((m) => [m.id, m.threshold]));
  };
  const usable = packs.filter((p) => p.cells.every((c) => c.evalScores?.unrepaired));
  if (usable.length === 0) return;
  type Choice = RepairMethod | 'identity';
  const methodScores = (c: CellRecord, m: Choice) => (m === 'identity' ? c.evalScores!.unrepaired! : c.evalScores!.methods[m]!);
  // the gate's own label-free comparison (choose.ts), on the choosing half's rows
  const directional = (c: CellRecord, t: number, base: number[], other: number[], rows: number[]) => {
    const onRows = (v: number[]) => Float64Array.from(rows, (i) => v[i]);
    return heldOutScoreOf(agreement(onRows(base), onRows(other), t, c.tolerance), rows.length, 'directional', c.tolerance);
  };
  const settings: { name: string; choose: (c: CellRecord, t: number, rows: number[]) => Choice }[] = [];
  for (const method of REPAIR_METHODS) settings.push({ name: `single: ${method}`, choose: () => method });
  settings.push({ name: 'calibration rows, paired (shipped before)', choose: (c) => pick(c, 'directional', 'paired') });
  for (const set of ['paired', 'paired+identity', 'all', 'all+identity'] as const) {
    settings.push({
      name: `eval half, ${set}`,
      choose: (c, t, rows) => {
        const scored = CANDIDATE_SETS[set].map((m) => ({ method: (m === 'identity' ? 'mean-shift' : m) as RepairMethod, real: m, heldOutScore: directional(c, t, c.evalScores!.base, methodScores(c, m), rows) - (m === 'identity' ? 1e-12 : 0) }));
        return pickBest(scored).real;
      },
    });
    settings.push({
      name: `worse of calibration and eval half, ${set}`,
      choose: (c, t, rows) => {
        const scored = CANDIDATE_SETS[set].map((m) => {
          const cal = heldOutScoreOf(m === 'identity' ? c.unrepaired : c.candidates.find((x) => x.method === m)!, c.heldOutRows, 'directional', c.tolerance);
          return { method: (m === 'identity' ? 'mean-shift' : m) as RepairMethod, real: m, heldOutScore: Math.max(cal, directional(c, t, c.evalScores!.base, methodScores(c, m), rows)) - (m === 'identity' ? 1e-12 : 0) };
        });
        return pickBest(scored).real;
      },
    });
  }
  console.log('\n## Two-fold check: choose on one half of the eval rows (labels unread), measure on the other half with the labels\n');
  console.log('repaired stale / fresh broken, averaged over the two folds; stale and fresh judged on the measuring half\n');
  console.log(`| setting | ${usable.map((p) => p.pack).join(' | ')} |`);
  console.log(`|---|${usable.map(() => '---|').join('')}`);
  for (const setting of settings) {
    const cellsOut = usable.map((p) => {
      let repaired = 0;
      let broken = 0;
      let stale = 0;
      for (const c of p.cells) {
        const e = c.evalScores!;
        const t = c.threshold ?? thresholdsOf(p.pack).get(c.monitor)!;
        const halves: number[][] = [[], []];
        const seen = [0, 0];
        e.labels.forEach((y, i) => halves[seen[y ? 1 : 0]++ % 2].push(i));
        for (const f of [0, 1]) {
          const measureRows = halves[f];
          const chooseRows = halves[1 - f];
          const labels = Uint8Array.from(measureRows, (i) => e.labels[i]);
          const metricsOf = (scores: number[]) => operatingMetrics(Float64Array.from(measureRows, (i) => scores[i]), labels, t);
          const base = metricsOf(e.base);
          const wasStale = judgeStaleness(base, metricsOf(e.unrepaired!), c.tolerance).verdict === 'stale';
          const choice = setting.choose(c, t, chooseRows);
          const after = choice === 'identity' ? wasStale : judgeStaleness(base, metricsOf(methodScores(c, choice)), c.tolerance).verdict === 'stale';
          if (wasStale) stale++;
          if (wasStale && !after) repaired++;
          if (!wasStale && after) broken++;
        }
      }
      return `${repaired / 2} of ${stale / 2} / ${broken / 2}`;
    });
    console.log(`| ${setting.name} | ${cellsOut.join(' | ')} |`);
  }
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { packs: { type: 'string', default: path.resolve(ROOT, '..', 'packs') } } });
  const [command, ...names] = positionals;
  const packsDir = path.resolve(values.packs!);
  if (command === 'collect') {
    for (const p of packDirs(packsDir, names)) await collect(packsDir, p.name, p.dir);
  } else if (command === 'report') {
    report(packsDir);
    twoFoldCheck(readPacks(packsDir), packsDir);
  }
  else {
    console.error('usage: repair-packs.ts collect [--packs DIR] [NAME ...] | report [--packs DIR]');
    process.exit(2);
  }
}

await main();
