/**
 * Plan: what every monitor reads, grouped by tensor. Each monitor's drift rows (its calibration
 * batch, else its eval batch) and eval rows are opened across the aligned folders (headers from one
 * cache), its probe is loaded once and analysed once, and the monitors that read the same tensor
 * share one group, which the stream reads once.
 */
import { GateError, describeError, probeError } from '../errors.ts';
import { checkProbeWidth, loadProbe, readProbeFile, type ExecutionProvider, type Probe } from '../scoring/probe.ts';
import { ProbeGraph } from '../scoring/probe-graph.ts';
import { openAligned, type AlignedBatch } from '../stream/aligned-batch.ts';
import type { HeaderCache } from '../stream/headers.ts';
import type { Logger, MonitorSpec, TensorRef } from '../types.ts';

/** One tensor as the engine streams it, read by one or more monitors. */
export interface TensorGroup {
  key: string;
  batch: AlignedBatch;
}

/** A monitor's probe: one onnxruntime session and one graph analysis. */
export interface LoadedProbe {
  probe: Probe;
  graph: ProbeGraph;
}

/** What the plan knows about one valid monitor. */
export interface PlannedMonitor {
  spec: MonitorSpec;
  warnings: string[];
  /** Why the label-free observation cannot run (the monitor is then an error row). */
  observeError?: unknown;
  probe?: LoadedProbe;
  drift?: { source: 'calibration' | 'eval'; group: TensorGroup };
  /** The eval rows; absent with evalError when they cannot be opened (measurement then fails). */
  eval?: TensorGroup;
  evalError?: unknown;
  /**
   * The eval rows of the base model only, when the drift rows are calibration rows and the eval rows
   * are not scored in the first pass (predict-only, budget): the label-free estimate carries the
   * calibration drift onto them.
   */
  reference?: TensorGroup;
}

export interface PlanOptions {
  folders: string[];
  headers: HeaderCache;
  provider?: ExecutionProvider;
  logger?: Logger;
  /** The config's root: probes must resolve inside it. */
  root?: string;
  /** Seconds of scoring each probe may take (config defaults.scoring_time_limit). */
  scoringTimeLimitS?: number;
  /** Open the eval rows too (off for predict-only, which reads no labels and measures nothing). */
  withEval: boolean;
  /** Open the base eval rows as the estimate's reference rows when the drift rows are calibration rows. */
  withReference?: boolean;
}

const describeRef = (ref: TensorRef) => (ref.tensor ? `${ref.file}#${ref.tensor}` : ref.file);

/** Groups are keyed by the base file, the tensor and, for per-token batches only, pooling and mask. */
function groupKey(batch: AlignedBatch): string {
  const first = batch.sides[0];
  const tokens = batch.sides.some((s) => s.tokens !== undefined);
  return `${first.file}#${batch.tensor}${tokens ? `|${batch.pooling}|${first.maskName}` : ''}`;
}

export class GroupRegistry {
  readonly groups = new Map<string, TensorGroup>();
  /** `variant` keeps a differently opened view of the same tensor (the base side alone) apart. */
  add(batch: AlignedBatch, variant = ''): TensorGroup {
    const key = groupKey(batch) + variant;
    let group = this.groups.get(key);
    if (!group) {
      group = { key, batch };
      this.groups.set(key, group);
    }
    return group;
  }
}

/** Plans one monitor, keeping the order in which problems were always found: batches, then the probe. */
export async function planMonitor(spec: MonitorSpec, options: PlanOptions, registry: GroupRegistry): Promise<PlannedMonitor> {
  const planned: PlannedMonitor = { spec, warnings: [] };
  const open = (ref: TensorRef) => openAligned(options.folders, ref, spec.pooling, spec.mask, options.headers).then((b) => registry.add(b));
  try {
    if (spec.calibration) {
      try {
        planned.drift = { source: 'calibration', group: await open(spec.calibration) };
      } catch (error) {
        if (!(error instanceof GateError)) throw error;
        planned.warnings.push(`calibration rows are unusable for drift (${describeError(error)}); using the eval rows without their labels`);
      }
    }
    if (!planned.drift) {
      const group = await open(spec.batch);
      planned.drift = { source: 'eval', group };
      planned.eval = group;
    }
    const bytes = await readProbeFile(spec.probe, options.root);
    const graph = ProbeGraph.fromBytes(bytes, spec.probe);
    if (graph.controlFlow) {
      throw probeError(`probe uses the control-flow operator ${graph.controlFlow}, whose work depends on the data; a probe must be a fixed graph (no Loop, Scan or If)`, {
        file: spec.probe,
        help: 'export the probe without data-dependent control flow (torch.onnx.export of a plain module)',
      });
    }
    const probe = await loadProbe(spec.probe, spec.output, { provider: options.provider, logger: options.logger, bytes, timeLimitS: options.scoringTimeLimitS });
    planned.probe = { probe, graph };
    const batch = planned.drift.group.batch;
    checkProbeWidth(probe, { file: batch.sides[0].file, tensor: batch.tensor, width: batch.width });
  } catch (error) {
    planned.observeError = error;
    return planned;
  }
  if (options.withEval && !planned.eval) {
    try {
      planned.eval = await open(spec.batch);
    } catch (error) {
      planned.evalError = error;
    }
  }
  if (options.withReference && planned.drift?.source === 'calibration') {
    try {
      const base = await openAligned(options.folders.slice(0, 1), spec.batch, spec.pooling, spec.mask, options.headers);
      planned.reference = registry.add(base, '|base-only');
    } catch (error) {
      // the estimate then reads the calibration rows alone
      planned.warnings.push(`base eval rows unusable for the label-free estimate (${describeError(error)}); estimating on the calibration rows alone`);
    }
  }
  return planned;
}

export { describeRef };
