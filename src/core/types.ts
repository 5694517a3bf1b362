/**
 * Typed contracts between the pipeline stages. Nothing here knows about GitHub.
 */
import type { DeclarableFamily, UpdateEvent } from './detect/types.ts';
import type { RevalidationBudget } from './predict/triage.ts';

// ---------- config ----------

import type { SampleRiskSection } from './sample-risk/rank.ts';

export const MONITOR_CATEGORIES = ['pii', 'refusal', 'toxicity', 'deception', 'jailbreak', 'other'] as const;
export type MonitorCategory = (typeof MONITOR_CATEGORIES)[number];

export const PROBE_OUTPUTS = ['probability', 'logit', 'two-class'] as const;
export type ProbeOutput = (typeof PROBE_OUTPUTS)[number];

export const POOLINGS = ['mean', 'max', 'last'] as const;
export type Pooling = (typeof POOLINGS)[number];

/** Label-free realignment methods for repairing a stale monitor (see src/core/repair). */
/** Simplest first: equal held-out scores go to the earlier method. */
export const REPAIR_METHODS = ['mean-shift', 'standardize', 'probe-space', 'coral', 'procrustes', 'ridge-affine'] as const;
export type RepairMethod = (typeof REPAIR_METHODS)[number];
/** `repair.method`: a method, or 'auto' (chosen without labels on held-out calibration rows). */
export type RepairMethodSetting = 'auto' | RepairMethod;

export interface Tolerance {
  /** Stale when base AUROC - updated AUROC >= auroc_drop. */
  auroc_drop: number;
  /** Stale when base TPR - updated TPR >= tpr_drop (at the deployed threshold). */
  tpr_drop: number;
  /** Stale when updated FPR - base FPR >= fpr_rise (at the deployed threshold). */
  fpr_rise: number;
}

/** "file#tensor" split; tensor undefined means the format's default tensor. */
export interface TensorRef {
  file: string;
  tensor?: string;
}

/** Labels live in their own file, or in a tensor of the monitor's batch file ("#name"). */
export type LabelsRef = { kind: 'file'; path: string; tensor?: string } | { kind: 'batch-tensor'; tensor: string };

export interface MonitorSpec {
  id: string;
  category: MonitorCategory;
  layer: number;
  /** Absolute path of the ONNX probe. */
  probe: string;
  output: ProbeOutput;
  /** Deployed operating threshold on the probability scale; a row is flagged when score > threshold. */
  threshold: number;
  /** File name inside both activation folders, optional tensor name. */
  batch: TensorRef;
  labels: LabelsRef;
  pooling: Pooling;
  /** Tensor name of the [N, T] mask for per-token batches (default "mask"). */
  mask: string;
  blocking: boolean;
  tolerance: Tolerance;
  /** `calibration:` unlabeled rows ("file#tensor" inside both activation folders) that a repair is fitted on. */
  calibration?: TensorRef;
  /** `repair:` of this monitor, else the config's top-level `repair:`; absent means method 'auto'. */
  repair?: { method: RepairMethodSetting };
  /**
   * `require_significance:` of this monitor, else `defaults.require_significance`: a tolerance makes the
   * monitor stale only when the whole 95% interval of its change clears it. Set only when true.
   */
  requireSignificance?: true;
  /** 1-based line of this monitor's entry in the config file, for annotations. */
  line: number;
  column: number;
}

/** A monitor entry that failed validation: it becomes an `error` row, the others still run. */
export interface InvalidMonitor {
  index: number;
  id?: string;
  category?: string;
  layer?: number;
  blocking: boolean;
  line: number;
  column: number;
  message: string;
}

export interface GateConfig {
  /** Path of the config file as given (for messages and annotations). */
  path: string;
  /** Absolute folder of the config file; relative paths inside resolve against it. */
  dir: string;
  /** Absolute folder every path the config names must stay inside (symbolic links resolved at open time; see paths.ts). */
  root: string;
  version: 1;
  activations: { base: string; updated: string };
  /** scoring_time_limit: seconds of scoring per monitor before its probe is abandoned (an error row). */
  defaults: { tolerance: Tolerance; min_class_rows: number; scoring_time_limit: number };
  monitors: MonitorSpec[];
  invalidMonitors: InvalidMonitor[];
  /** Top-level `repair:` (the default for every monitor); absent when not set. */
  repair?: { method: RepairMethodSetting };
  /** `update:` - the update event declared in the config instead of detected; absent when not set. */
  update?: DeclaredUpdate;
  /**
   * `skip-when-unchanged:` - skip measurement when every changed file is recognized as not touching a
   * model (family none). Default false: every change is measured. (`always-run: false` means the same, deprecated.)
   */
  skipWhenUnchanged: boolean;
  /** Non-fatal findings about the config (deprecated keys), positioned like diagnostics. */
  notices: ConfigDiagnostic[];
  /** `model:` facts about the model the monitors read; absent when not set. */
  model?: { num_layers?: number };
  /** `predictor:` absolute path of a fitted predictor file; absent means the built-in one. */
  predictor?: string;
  /** Staleness prediction and the revalidation budget (`revalidation-budget`, `risk-threshold`, `fail-on-predicted`). */
  triage: TriagePolicy;
  /** `trajectory:` checkpoint folders or globs as written (relative to `dir`), in training order; absent when not set. */
  trajectory?: { checkpoints: string[] };
  /** `sample-risk:` the per-sample push batch (absolute), samples listed, and where its dataset paths resolve; absent when not set. */
  sampleRisk?: { batch: string; top: number; datasetRoot: string };
}

export interface TriagePolicy {
  /** Measure only this many (or this share) of the highest-risk monitors; absent measures all. */
  budget?: RevalidationBudget;
  /** An unmeasured monitor at or above this risk is predicted-stale. */
  riskThreshold: number;
  /** Whether a predicted-stale blocking monitor fails the gate. */
  failOnPredicted: boolean;
  /**
   * When the activation-drift features are computed: 'auto' when the predictor reads one of them,
   * 'always' to record them in every report (for fitting a predictor on the history later).
   */
  activationDrift: 'auto' | 'always';
}

/** An update event declared in the config (`update: qlora` or `update: { family, sub_kind }`), with its place. */
export interface DeclaredUpdate {
  family: DeclarableFamily;
  sub_kind?: string;
  line: number;
  column: number;
}

/** One validation finding, positioned in the file. */
export interface ConfigDiagnostic {
  file: string;
  line: number;
  column: number;
  /** JSON pointer-ish path of the offending key, e.g. "monitors[0].treshold". */
  path: string;
  message: string;
}

// ---------- tensors and activation batches ----------

export type DType = 'F64' | 'F32' | 'F16' | 'BF16' | 'I64' | 'I32' | 'I16' | 'I8' | 'U8' | 'BOOL';

export interface TensorInfo {
  /** File the tensor lives in (absolute path). */
  file: string;
  name: string;
  dtype: DType;
  shape: number[];
  /** Absolute byte offset of the first element in the file. */
  byteOffset: number;
  byteLength: number;
}

export interface TensorFile {
  path: string;
  format: 'safetensors' | 'npy';
  tensors: Map<string, TensorInfo>;
  /** A safetensors header's `__metadata__` (string values), when it has one. */
  metadata?: Record<string, string>;
}

/** A chunk of pooled activations: `rows` rows of `width` float32 values, row-major. */
export interface ActivationChunk {
  start: number;
  rows: number;
  data: Float32Array;
}

export interface ActivationBatch {
  file: string;
  tensor: string;
  /** N */
  rows: number;
  /** D */
  width: number;
  /** T for per-token [N, T, D] batches, undefined for pooled [N, D]. */
  tokens?: number;
  /** Streams pooled [rows, D] float32 chunks; memory stays O(rowsPerChunk * T * D). */
  chunks(rowsPerChunk?: number): AsyncIterable<ActivationChunk>;
}

// ---------- metrics ----------

export interface OperatingMetrics {
  auroc: number;
  tpr: number;
  fpr: number;
  recall_at_1fpr: number;
  recall_at_5fpr: number;
}

export interface DeLongResult {
  /** auroc_updated - auroc_base */
  diff: number;
  se: number;
  z: number;
  p_value: number;
  ci95: [number, number];
}

/**
 * The change of a rate at the deployed threshold on the paired rows of one class (TPR among the
 * positives, FPR among the negatives): updated - base = (updated_only - base_only) / n, with
 * Newcombe's hybrid score 95% interval for paired proportions (src/core/metrics/paired.ts).
 */
export interface PairedRateChange {
  value: number;
  ci95: [number, number];
  /** Rows of the class. */
  n: number;
  /** Rows flagged (score > threshold) on both the base and the updated activations. */
  both: number;
  /** Discordant rows: flagged on the base activations only. */
  base_only: number;
  /** Discordant rows: flagged on the updated activations only. */
  updated_only: number;
}

export interface ShiftMetrics {
  ks: number;
  psi: number;
  flip_rate: number;
}

// ---------- verdicts and report ----------

/**
 * skipped: not measured because the change carries no model update (see GateReport.skipped).
 * predicted-stale / predicted-fresh: not measured with labels (outside the revalidation budget, or
 * check --predict-only); the verdict comes from the predicted risk.
 */
export type MonitorVerdict = 'fresh' | 'stale' | 'inconclusive' | 'error' | 'skipped' | 'predicted-stale' | 'predicted-fresh';
export type GateVerdict = 'pass' | 'fail';

export interface MonitorResult {
  id: string;
  category: string;
  layer: number | null;
  blocking: boolean;
  verdict: MonitorVerdict;
  threshold?: number;
  rows?: { total: number; positives: number; negatives: number };
  base?: OperatingMetrics;
  updated?: OperatingMetrics;
  /** updated - base for each metric. */
  delta?: OperatingMetrics;
  tests?: {
    delong: DeLongResult;
    tpr_change?: PairedRateChange;
    fpr_change?: PairedRateChange;
    /** The verdict counted a tolerance only when the whole 95% interval of its change cleared it (require-significance). */
    require_significance?: true;
  };
  shift?: ShiftMetrics;
  reasons: string[];
  error?: string;
  /** Where the monitor is declared, for annotations. */
  source: { file: string; line: number; column: number };
  /** Only for a stale monitor the gate repaired (check --repair): the realigned probe and how it scores. */
  repair?: MonitorRepair;
  /** The predicted risk of staleness, from pre-deployment features only (no labels). */
  predicted?: MonitorPrediction;
}

/** What the predictor says about a monitor before (or instead of) labeled measurement. */
export interface MonitorPrediction {
  /** P(stale | features), in [0, 1]. */
  risk: number;
  /** 1 = highest risk in this report. */
  rank: number;
  /** Whether the monitor was measured with labels in this run. */
  measured: boolean;
  /** Measured fresh/stale against risk >= risk_threshold; absent when not measured. */
  agrees?: boolean;
  /** The features with the largest share of the risk (logit scale; positive pushes towards stale). */
  top: { feature: string; value: number | null; contribution: number }[];
  /** Every feature value (null: could not be computed), so reports can refit the predictor. */
  features: Record<string, number | null>;
  /** Unlabeled rows the drift features were measured on. */
  drift_rows?: { source: 'calibration' | 'eval'; rows: number };
  /** The label-free estimate of the operating point the risk is read from; absent when no paired rows were scored. */
  estimated?: MonitorEstimate;
}

/** An estimated rate on the base and updated model, with a 95% interval for the updated value. */
export interface EstimatedRate {
  base: number;
  updated: number;
  interval: [number, number];
}

/** An estimated change (updated - base) with its 95% interval. */
export interface EstimatedChange {
  value: number;
  interval: [number, number];
}

/**
 * What the labels would say, estimated without reading them (confidence-based performance
 * estimation): the base probe's calibrated score on each base row is that row's soft label.
 */
export interface MonitorEstimate {
  /** raw: sigmoid of the base logit, no labels read; platt: a map fitted on base eval labels, cross-fitted. */
  soft_labels: 'raw' | 'platt' | 'labels';
  /** The paired rows the estimate was made on (eval rows with their labels unread, or calibration rows). */
  rows: { source: 'calibration' | 'eval'; rows: number };
  /**
   * Only the calibration rows were paired: their drift was carried onto these base eval rows (weighted
   * toward the eval rows' domain), and the rates are estimated there.
   */
  transported_onto?: { source: 'eval'; rows: number };
  tpr: EstimatedRate;
  fpr: EstimatedRate;
  auroc: { base: number; updated: number };
  tpr_delta: EstimatedChange;
  fpr_delta: EstimatedChange;
  auroc_delta: EstimatedChange;
  /** max(TPR drop / tolerance, FPR rise / tolerance, AUROC drop / tolerance): 1 is the stale line. */
  score: number;
}

/** How the run used the predictor. */
export interface PredictionSummary {
  /** "built-in" or the predictor file. */
  predictor: string;
  /** measure-all: every monitor measured; budget: only the highest-risk ones; predict-only: none. */
  mode: 'measure-all' | 'budget' | 'predict-only';
  risk_threshold: number;
  fail_on_predicted: boolean;
  /** The budget as configured ("4" or "30%") and the monitors it paid for. */
  budget?: { requested: string; measured: number };
}

/**
 * A label-free repair of a stale monitor, measured on the updated eval rows with their labels; or, for
 * a monitor predicted stale and not measured, only estimated (no labels read, `verdict_after` absent).
 */
export interface MonitorRepair {
  /** The method that produced the repaired probe (after any fallback). */
  method: RepairMethod;
  /** The label-free comparison behind an 'auto' choice: lower held-out scores are better. */
  candidates?: {
    method: RepairMethod;
    heldOutScore: number;
    flipRate: number;
    missRate?: number;
    falseOnRate?: number;
    ridge?: { alpha: number; rank: number };
    fellBackTo?: RepairMethod;
  }[];
  /** The repaired probe on the updated eval rows, at the original threshold (measured with labels). */
  auroc?: number;
  tpr?: number;
  fpr?: number;
  /** fresh when the repaired probe meets the monitor's tolerances against the base model; absent when not measured. */
  verdict_after?: 'fresh' | 'stale';
  /** Not measured: the label-free estimate of the repair (fitted on half the unlabeled rows, estimated on the other half). */
  estimated?: MonitorEstimate;
  /** Where the repaired probe was written: <id>.onnx only when measured fresh (ready to adopt), <id>.unverified.onnx when not measured. */
  file?: string;
  warnings?: string[];
}

/** One shard of a sharded run: shard `index` (1-based) of `count`. */
export interface ShardSpec {
  index: number;
  count: number;
}

export type { SampleRiskSection };

export interface GateReport {
  schemaVersion: 1;
  tool: { name: 'monitor-gate'; version: string };
  config: string;
  /** "sha256:<hex>" of the config file's bytes; reports merged from shards must agree on it. */
  fingerprint?: string;
  /** The commit the gate ran on, when the caller knows it; reports merged from shards must agree on it. */
  commit?: string;
  /** Only on a partial report from a sharded run; a merged or unsharded report has none. */
  shard?: ShardSpec;
  activations: { base: string; updated: string };
  verdict: GateVerdict;
  summary: {
    monitors: number;
    fresh: number;
    stale: number;
    inconclusive: number;
    error: number;
    predicted_stale: number;
    predicted_fresh: number;
    blocking_failures: string[];
  };
  monitors: MonitorResult[];
  /** The model-update event the change carries (detected from the changed files, or declared). */
  event?: UpdateEvent;
  /** Why measurement was skipped (the change carries no model update and always-run is off). */
  skipped?: string;
  /** How staleness was predicted and the revalidation budget spent. */
  prediction?: PredictionSummary;
  /** The fine-tuning samples that push the monitors hardest (config `sample-risk:`). */
  sample_risk?: SampleRiskSection;
  generatedAt?: string;
}

// ---------- logging ----------

/** The pipeline logs through this, so the same code can talk to a terminal, the runner or a test. */
export interface Logger {
  info(message: string): void;
  warning(message: string): void;
  error(message: string): void;
  debug(message: string): void;
}
