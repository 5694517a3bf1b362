/**
 * Monitor drift across the checkpoints of a training run, label-free: every monitor's probe scored
 * on the base model's rows and on each checkpoint's same rows, in one pass over each activation
 * file (the engine streams base and every checkpoint side by side), and per checkpoint the estimated
 * operating point at the deployed threshold (predict/estimate.ts, the signal the staleness predictor
 * reads) with the decision flips split by direction. A monitor is at risk from the first checkpoint
 * whose estimate crosses its own tolerances (score >= 1). No label file is opened.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { buildLinearProbe } from '../onnx/build-probe.ts';
import { describeError } from '../errors.ts';
import { GroupRegistry, planMonitor, type PlannedMonitor } from '../engine/plan.ts';
import { streamGroups, type StreamRequest } from '../engine/stream.ts';
import { displayPath } from '../gate.ts';
import { finiteEstimate, logitsOfProbabilities, reportedEstimate } from '../predict/estimate.ts';
import type { ProgressSink } from '../progress.ts';
import { agreement } from '../repair/choose.ts';
import { releaseProbe, type ExecutionProvider } from '../scoring/probe.ts';
import { HeaderCache } from '../stream/headers.ts';
import type { GateConfig, Logger, MonitorSpec } from '../types.ts';
import { TOOL_VERSION } from '../version.ts';
import { driftAxis } from './drift-axis.ts';
import { readTraits, standardizedShift } from './traits.ts';
import type { Checkpoint, TrajectoryMonitor, TrajectoryPoint, TrajectoryReport, TrajectoryTrait } from './types.ts';

export interface TrajectoryOptions {
  /** Overrides config.activations.base. */
  baseDir?: string;
  /** In training order. */
  checkpoints: Checkpoint[];
  provider?: ExecutionProvider;
  logger?: Logger;
  progress?: ProgressSink;
  rowsPerChunk?: number;
  /** A safetensors file of trait directions (`layer<L>/<trait>` -> [D]); see traits.ts. */
  traits?: string;
  /** Folder the traits file must be inside (the Action's workspace); unset on the command line. */
  traitsRoot?: string;
}

const silent: Logger = { info() {}, warning() {}, error() {}, debug() {} };

export async function runTrajectory(config: GateConfig, options: TrajectoryOptions): Promise<TrajectoryReport> {
  const logger = options.logger ?? silent;
  const baseDir = path.resolve(options.baseDir ?? config.activations.base);
  const folders = [baseDir, ...options.checkpoints.map((c) => path.resolve(c.dir))];
  const headers = new HeaderCache();
  const registry = new GroupRegistry();
  const planned: PlannedMonitor[] = [];
  let scratch: string | undefined;
  try {
    for (const spec of config.monitors) {
      planned.push(await planMonitor(spec, { folders, headers, root: config.root, provider: options.provider, logger, scoringTimeLimitS: config.defaults.scoring_time_limit, withEval: true }, registry));
    }
    const monitorCount = planned.length;
    const traitPlans: { name: string; layer: number | null; index?: number; error?: string }[] = [];
    if (options.traits) {
      scratch = await mkdtemp(path.join(os.tmpdir(), 'monitor-gate-traits-'));
      let read: Awaited<ReturnType<typeof readTraits>> | undefined;
      try {
        read = await readTraits(options.traits, options.traitsRoot);
      } catch (error) {
        traitPlans.push({ name: path.basename(options.traits), layer: null, error: describeError(error) });
      }
      for (const problem of read?.problems ?? []) traitPlans.push({ name: path.basename(options.traits), layer: null, error: problem });
      for (const [k, trait] of (read?.traits ?? []).entries()) {
        // the rows of the first monitor reading that layer, scored as a linear probe whose raw output is the projection
        const host = config.monitors.find((m) => m.layer === trait.layer);
        if (!host) {
          traitPlans.push({ name: trait.name, layer: trait.layer, error: `no monitor reads layer ${trait.layer}, so no rows are known for it` });
          continue;
        }
        const file = path.join(scratch, `trait-${k}.onnx`);
        await writeFile(file, buildLinearProbe({ weights: trait.direction, bias: 0, output: 'logit' }));
        const spec: MonitorSpec = { ...host, id: `trait:${trait.name}`, probe: file, output: 'logit', calibration: undefined };
        const plan = await planMonitor(spec, { folders, headers, provider: options.provider, logger, scoringTimeLimitS: config.defaults.scoring_time_limit, withEval: true }, registry);
        if (plan.probe) plan.probe.probe.output = 'raw';
        traitPlans.push({ name: trait.name, layer: trait.layer, index: planned.length });
        planned.push(plan);
      }
    }
    // the rows each monitor is judged on (labels unread); its calibration rows when the eval rows cannot be opened
    const requests: StreamRequest[] = planned.map((p, monitor) => ({ monitor, role: p.eval ? 'eval' : 'drift' }));
    const streamed = await streamGroups(planned, requests, { rowsPerChunk: options.rowsPerChunk, provider: options.provider, logger, activationDrift: false, progress: options.progress });

    const monitors = planned.slice(0, monitorCount).map((p, index): TrajectoryMonitor => {
      const spec = p.spec;
      const row = monitorRow(config, spec);
      try {
        if (p.observeError !== undefined) throw p.observeError;
        const record = streamed.get(index);
        const scores = p.eval ? record?.eval : record?.drift;
        if (!scores) throw new Error('its rows were not streamed');
        if (scores.error !== undefined) throw scores.error;
        const sides = scores.sides!;
        const rows = { source: p.eval ? ('eval' as const) : ('calibration' as const), rows: sides[0].length };
        const baseLogits = logitsOfProbabilities(sides[0]);
        const points = options.checkpoints.map((checkpoint, k) => pointAt(checkpoint.name, sides[0], baseLogits, sides[k + 1], spec, rows));
        const first = points.find((point) => (point.estimated?.score ?? -Infinity) >= 1);
        const warned = points.find((point) => (point.score_bound ?? -Infinity) >= 1);
        for (const warning of [...p.warnings, ...(record?.warnings ?? [])]) logger.warning(`${spec.id}: ${warning}`);
        // fail closed: steady only when every checkpoint was estimated
        const unestimated = points.filter((q) => !q.estimated).map((q) => q.checkpoint);
        const verdict = first ? 'at-risk' : unestimated.length === 0 ? 'steady' : 'error';
        const error = verdict === 'error' ? `not estimated at ${unestimated.join(', ')}: ${points.find((q) => q.error)?.error ?? 'no estimate'}` : undefined;
        return { ...row, verdict, first_flagged: first?.checkpoint ?? null, first_warned: warned?.checkpoint ?? null, points, ...(error ? { error } : {}) };
      } catch (error) {
        const message = describeError(error);
        logger.error(`${spec.id}: ${message}`);
        return { ...row, verdict: 'error', first_flagged: null, first_warned: null, points: [], error: message };
      }
    });

    const invalid: TrajectoryMonitor[] = config.invalidMonitors.map((m) => ({
      id: m.id ?? `monitors[${m.index}]`,
      category: m.category ?? 'other',
      layer: m.layer ?? null,
      blocking: m.blocking,
      verdict: 'error',
      first_flagged: null,
      first_warned: null,
      points: [],
      error: `${config.path}:${m.line}:${m.column}: ${m.message}`,
      source: { file: config.path, line: m.line, column: m.column },
    }));
    const all = [...invalid, ...monitors].sort((a, b) => a.source.line - b.source.line || a.source.column - b.source.column);
    // fail closed: a blocking monitor that could not be estimated is not steady
    const unknown = !all.some((m) => m.verdict !== 'error') || all.some((m) => m.blocking && m.verdict === 'error');
    const verdict = unknown ? 'error' : all.some((m) => m.blocking && m.verdict === 'at-risk') ? 'at-risk' : 'steady';
    const traits: TrajectoryTrait[] = traitPlans.map((t) => {
      if (t.error !== undefined || t.index === undefined) return { name: t.name, layer: t.layer, points: [], error: t.error ?? 'not planned' };
      const p = planned[t.index];
      try {
        if (p.observeError !== undefined) throw p.observeError;
        const scores = streamed.get(t.index)?.eval;
        if (!scores) throw new Error('its rows were not streamed');
        if (scores.error !== undefined) throw scores.error;
        const sides = scores.sides!;
        const points = options.checkpoints.map((c, k) => ({ checkpoint: c.name, shift: round6(standardizedShift(sides[0], sides[k + 1])) }));
        if (!points.every((q) => Number.isFinite(q.shift))) throw new Error('its projections are constant on the base rows');
        return { name: t.name, layer: t.layer, points };
      } catch (error) {
        return { name: t.name, layer: t.layer, points: [], error: describeError(error) };
      }
    });
    for (const t of traits) if (t.error) logger.warning(`trait ${t.name}: ${t.error}`);
    const tolerances = new Map(config.monitors.map((m) => [m.id, m.tolerance]));
    const axis = driftAxis(options.checkpoints.map((c) => c.name), all, (id) => tolerances.get(id)!);
    return {
      schemaVersion: 1,
      kind: 'trajectory',
      tool: { name: 'monitor-gate', version: TOOL_VERSION },
      config: config.path,
      base: displayPath(baseDir),
      checkpoints: options.checkpoints.map((c) => ({ name: c.name, dir: displayPath(c.dir) })),
      verdict,
      monitors: all,
      ...(axis ? { drift_axis: axis } : {}),
      ...(options.traits ? { traits } : {}),
    };
  } finally {
    for (const p of planned) if (p.probe) await releaseProbe(p.probe.probe);
    if (scratch) await rm(scratch, { recursive: true, force: true });
  }
}

function monitorRow(config: GateConfig, spec: MonitorSpec): Omit<TrajectoryMonitor, 'verdict' | 'first_flagged' | 'first_warned' | 'points'> {
  return { id: spec.id, category: spec.category, layer: spec.layer, blocking: spec.blocking, threshold: spec.threshold, source: { file: config.path, line: spec.line, column: spec.column } };
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6 + 0;

function pointAt(checkpoint: string, base: Float64Array, baseLogits: Float64Array, updated: Float64Array, spec: MonitorSpec, rows: { source: 'eval' | 'calibration'; rows: number }): TrajectoryPoint {
  try {
    const a = agreement(base, updated, spec.threshold, spec.tolerance);
    const view = reportedEstimate(a.estimate, rows);
    const tol = spec.tolerance;
    const bound = Math.max(-view.tpr_delta.interval[0] / tol.tpr_drop, view.fpr_delta.interval[1] / tol.fpr_rise, -view.auroc_delta.interval[0] / tol.auroc_drop);
    // the drift along the monitor's own direction: its logit's mean shift in base standard deviations
    const shift = standardizedShift(baseLogits, logitsOfProbabilities(updated));
    return {
      checkpoint,
      ...(finiteEstimate(view) ? { estimated: view, score_bound: round6(bound) } : { error: 'the estimate is not finite (constant scores?)' }),
      ...(Number.isFinite(shift) ? { score_shift: round6(shift) } : {}),
      flip_rate: round6(a.flipRate),
      miss_rate: round6(a.missRate),
      false_on_rate: round6(a.falseOnRate),
    };
  } catch (error) {
    return { checkpoint, error: describeError(error) };
  }
}
