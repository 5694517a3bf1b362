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
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadConfig, runGate } from '../src/core/index.ts';
import { measureRepairedProbe } from '../src/core/measure/repaired-probe.ts';
import { AUTO_CANDIDATES, repairMonitor } from '../src/core/repair/index.ts';
import { DEFAULT_SELECTION_RULE, SELECTION_RULES, heldOutScoreOf, pickBest, type AgreementMetrics, type SelectionRule } from '../src/core/repair/choose.ts';
import { REPAIR_METHODS, type RepairMethod, type Tolerance } from '../src/core/types.ts';

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
}

interface CellRecord {
  variant: string;
  monitor: string;
  stale: boolean;
  relevant: boolean;
  tolerance: Tolerance;
  heldOutRows: number;
  unrepaired: Omit<AgreementMetrics, 'estimate'>;
  candidates: (Omit<AgreementMetrics, 'estimate'> & { method: RepairMethod; fellBackTo?: RepairMethod })[];
  outcomes: MethodOutcome[];
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
        });
      }
      const aurocDrop = result.base!.auroc - result.updated!.auroc;
      cells.push({
        variant,
        monitor: monitor.id,
        stale: result.verdict === 'stale',
        relevant: result.verdict === 'stale' && aurocDrop < monitor.tolerance.auroc_drop,
        tolerance: monitor.tolerance,
        heldOutRows: Math.floor(auto.fit.rows / 2),
        unrepaired: strip(auto.unrepaired!),
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

function pick(cell: CellRecord, rule: SelectionRule, setName: string): RepairMethod | 'identity' {
  const guarded = setName.endsWith(GUARDED);
  const set = CANDIDATE_SETS[guarded ? setName.slice(0, -GUARDED.length) : setName];
  if (guarded && rule !== 'flip' && heldOutScoreOf(cell.unrepaired, cell.heldOutRows, rule, cell.tolerance) < 1) return 'identity';
  const scored = set.map((m) => {
    const metrics = m === 'identity' ? cell.unrepaired : cell.candidates.find((c) => c.method === m)!;
    // identity ranks before every method on ties (REPAIR_METHODS order follows)
    return { method: (m === 'identity' ? 'mean-shift' : m) as RepairMethod, real: m, heldOutScore: heldOutScoreOf(metrics, cell.heldOutRows, rule, cell.tolerance) - (m === 'identity' ? 1e-12 : 0) };
  });
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

function report(packsDir: string): void {
  const packs: PackRecord[] = readdirSync(packsDir)
    .filter((f) => f.endsWith('.repair.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(path.join(packsDir, f), 'utf8')) as PackRecord);
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
  const settings = SELECTION_RULES.flatMap((rule) => setNames.map((set) => ({ rule, set }))).filter((s) => !(s.rule === 'flip' && s.set.endsWith(GUARDED)));
  const table = new Map(settings.map((s) => [s, new Map(packs.map((p) => [p.pack, outcomeOf(p, (c) => pick(c, s.rule, s.set))]))]));
  const good = (o: Outcome, pack: string) => o.repaired >= bestSingle.get(pack)! && o.broken === 0;
  console.log('\n## Selection rules (repaired stale / fresh broken)\n');
  console.log(`| rule | candidates | ${names.join(' | ')} | packs >= best single, none broken |`);
  console.log(`|---|---|${names.map(() => '---|').join('')}---|`);
  for (const s of settings) {
    const r = table.get(s)!;
    const ok = names.filter((n) => good(r.get(n)!, n)).length;
    console.log(`| ${s.rule} | ${s.set} | ${names.map((n) => `${r.get(n)!.repaired}/${r.get(n)!.broken}`).join(' | ')} | ${ok}/${names.length} |`);
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
      `| ${held.pack} | ${chosen.rule}, ${chosen.set} | ${held.cells.filter((c) => c.stale).length} | ${held.cells.filter((c) => c.relevant).length} | ${bestSingle.get(held.pack)} | ${o.repaired} | ${o.relevant} | ${o.broken} |`,
    );
  }
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { packs: { type: 'string', default: path.resolve(ROOT, '..', 'packs') } } });
  const [command, ...names] = positionals;
  const packsDir = path.resolve(values.packs!);
  if (command === 'collect') {
    for (const p of packDirs(packsDir, names)) await collect(packsDir, p.name, p.dir);
  } else if (command === 'report') report(packsDir);
  else {
    console.error('usage: repair-packs.ts collect [--packs DIR] [NAME ...] | report [--packs DIR]');
    process.exit(2);
  }
}

await main();
