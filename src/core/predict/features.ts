/**
 * Pre-deployment features of one (monitor, update) cell: everything here is known before any
 * labeled revalidation. Three groups: the update event (from detection), the monitor itself
 * (category, depth, probe type), and label-free drift between the base and updated activations.
 *
 * A feature that cannot be computed is NaN; the predictor treats it as the training average, so
 * it adds nothing to the risk instead of guessing.
 */
import type { UpdateEvent } from '../detect/types.ts';
import { shiftMetrics } from '../metrics/index.ts';
import type { MonitorCategory, ShiftMetrics, Tolerance } from '../types.ts';
import type { OperatingPointEstimate } from './estimate.ts';
import type { ActivationDrift } from './drift.ts';

/** Every feature, in the order predictors store their coefficients. */
export const FEATURE_NAMES = [
  // update event
  'update_trains_weights',
  'update_is_adapter',
  'update_is_merge',
  'update_bits_lost',
  'update_adapter_log2_rank',
  'update_adapter_scaling',
  'update_training_intensity',
  'update_touches_upstream',
  // monitor
  'monitor_category_pii',
  'monitor_category_refusal',
  'monitor_category_toxicity',
  'monitor_relative_depth',
  'monitor_nonlinear_probe',
  // label-free drift at the deployed threshold and along the probe
  'drift_flag_rate_change',
  'drift_flip_rate',
  'drift_score_ks',
  'drift_score_psi',
  'drift_projected_shift',
  'drift_rel_mean_shift',
  'drift_cka_distance',
  // the label-free operating-point estimate (estimate.ts), each change over its tolerance
  'estimate_score',
  'estimate_tpr_drop',
  'estimate_fpr_rise',
  'estimate_auroc_drop',
] as const;
export type FeatureName = (typeof FEATURE_NAMES)[number];
export type FeatureVector = Record<FeatureName, number>;

/** What each feature means, for reports, the README and `fit-predictor` output. */
export const FEATURE_DESCRIPTIONS: Record<FeatureName, string> = {
  update_trains_weights: 'the update trains weights (LoRA, QLoRA, merged adapter, full fine-tune)',
  update_is_adapter: 'the update is a low-rank adapter (LoRA, QLoRA, merged adapter)',
  update_is_merge: 'the update merges models',
  update_bits_lost: 'precision lost by quantized weights, (16 - bits) / 16, from bits or the adapter base bits',
  update_adapter_log2_rank: 'log2 of the adapter rank r (not set for other updates)',
  update_adapter_scaling: 'adapter scaling lora_alpha / r (not set for other updates)',
  update_training_intensity: 'log10(learning rate x training steps) from the training recipe',
  update_touches_upstream: 'share of the blocks up to the monitor layer that the update changes',
  monitor_category_pii: 'monitor category is pii',
  monitor_category_refusal: 'monitor category is refusal',
  monitor_category_toxicity: 'monitor category is toxicity',
  monitor_relative_depth: 'monitor layer / model.num_layers',
  monitor_nonlinear_probe: 'the probe graph is not a single linear layer',
  drift_flag_rate_change: '|flag rate updated - flag rate base| at the deployed threshold, unlabeled rows',
  drift_flip_rate: 'share of paired unlabeled rows whose decision flips at the deployed threshold',
  drift_score_ks: 'Kolmogorov-Smirnov distance between base and updated scores',
  drift_score_psi: 'log10(1e-4 + population stability index) of the scores',
  drift_projected_shift: 'mean activation shift along the probe direction, in base standard deviations',
  drift_rel_mean_shift: 'mean activation shift relative to the base spread',
  drift_cka_distance: '1 - linear CKA between paired base and updated activations',
  estimate_score: 'label-free estimate: max of the estimated TPR drop, FPR rise and AUROC drop, each over its tolerance (1 = the stale line)',
  estimate_tpr_drop: 'estimated TPR drop at the deployed threshold / tpr_drop tolerance (soft labels from the base probe)',
  estimate_fpr_rise: 'estimated FPR rise at the deployed threshold / fpr_rise tolerance',
  estimate_auroc_drop: 'estimated (soft-label) AUROC drop / auroc_drop tolerance',
};

const TRAINING_FAMILIES = new Set(['lora', 'qlora', 'lora-merged', 'full-finetune']);
const ADAPTER_FAMILIES = new Set(['lora', 'qlora', 'lora-merged']);

/** Update-event features; all NaN when the event is unknown (no changed files, no declaration, or family unknown). */
export function eventFeatures(event: UpdateEvent | undefined, monitorLayer: number | null): Pick<FeatureVector, Extract<FeatureName, `update_${string}`>> {
  // An update detection could not identify is unknown, not "no update": its features carry no weight.
  if (!event || event.family === 'unknown') {
    return {
      update_trains_weights: NaN,
      update_is_adapter: NaN,
      update_is_merge: NaN,
      update_bits_lost: NaN,
      update_adapter_log2_rank: NaN,
      update_adapter_scaling: NaN,
      update_training_intensity: NaN,
      update_touches_upstream: NaN,
    };
  }
  const { family, attributes } = event;
  const bits = attributes.bits ?? attributes.base_bits;
  let bitsLost: number;
  if (bits !== undefined && bits > 0) bitsLost = (16 - Math.min(bits, 16)) / 16;
  // A quantization that states no bit width is still lossy; unknown beats a made-up number.
  else bitsLost = family === 'quantization' ? NaN : 0;
  const rank = attributes.lora_rank;
  const alpha = attributes.lora_alpha;
  const lr = attributes.learning_rate;
  const steps = attributes.training_steps;
  const intensity = lr !== undefined && steps !== undefined && lr > 0 && steps > 0 ? Math.log10(lr * steps) : TRAINING_FAMILIES.has(family) ? NaN : 0;
  return {
    update_trains_weights: TRAINING_FAMILIES.has(family) ? 1 : 0,
    update_is_adapter: ADAPTER_FAMILIES.has(family) ? 1 : 0,
    update_is_merge: family === 'merge' ? 1 : 0,
    update_bits_lost: bitsLost,
    // rank and scaling only mean something for an adapter; elsewhere they stay unset (the average)
    update_adapter_log2_rank: ADAPTER_FAMILIES.has(family) && rank !== undefined && rank > 0 ? Math.log2(rank) : NaN,
    update_adapter_scaling: ADAPTER_FAMILIES.has(family) && rank !== undefined && rank > 0 && alpha !== undefined ? alpha / rank : NaN,
    update_training_intensity: intensity,
    update_touches_upstream: touchesUpstream(event, monitorLayer),
  };
}

/**
 * Layer k is the residual stream after block k (1-based, as Hugging Face hidden_states[k]), so it
 * sees every change to blocks 0..k-1 (0-based). An adapter that names its layers touches only
 * those; any other update touches every block.
 */
function touchesUpstream(event: UpdateEvent, layer: number | null): number {
  if (event.family === 'none') return 0;
  const layers = event.attributes.layers;
  if (!layers || layers.length === 0 || layer === null || layer < 1) return 1;
  const upstream = layers.filter((i) => i < layer).length;
  return Math.min(1, upstream / layer);
}

export function monitorFeatures(
  monitor: { category: MonitorCategory | string; layer: number | null },
  numLayers: number | undefined,
  linearProbe: boolean | undefined,
): Pick<FeatureVector, Extract<FeatureName, `monitor_${string}`>> {
  return {
    monitor_category_pii: monitor.category === 'pii' ? 1 : 0,
    monitor_category_refusal: monitor.category === 'refusal' ? 1 : 0,
    monitor_category_toxicity: monitor.category === 'toxicity' ? 1 : 0,
    monitor_relative_depth: numLayers && monitor.layer !== null ? monitor.layer / numLayers : NaN,
    monitor_nonlinear_probe: linearProbe === undefined ? NaN : linearProbe ? 0 : 1,
  };
}

/** Score shift of the unlabeled rows at the deployed threshold (probability scale). */
export function scoreDriftFeatures(
  base: Float64Array,
  updated: Float64Array,
  threshold: number,
  shift: ShiftMetrics = shiftMetrics(base, updated, threshold),
): Pick<FeatureVector, 'drift_flag_rate_change' | 'drift_flip_rate' | 'drift_score_ks' | 'drift_score_psi'> {
  let flaggedBase = 0;
  let flaggedUpdated = 0;
  for (let i = 0; i < base.length; i++) {
    if (base[i] > threshold) flaggedBase++;
    if (updated[i] > threshold) flaggedUpdated++;
  }
  return {
    drift_flag_rate_change: Math.abs(flaggedUpdated - flaggedBase) / base.length,
    drift_flip_rate: shift.flip_rate,
    drift_score_ks: shift.ks,
    // PSI spans orders of magnitude (1e-4 for a quantization, 1+ for a retrained layer)
    drift_score_psi: Math.log10(1e-4 + shift.psi),
  };
}

/** The features only the activation drift gives (see StreamOptions.activationDrift). */
export const ACTIVATION_DRIFT_FEATURES: readonly FeatureName[] = ['drift_projected_shift', 'drift_rel_mean_shift', 'drift_cka_distance'];

export function activationDriftFeatures(drift: ActivationDrift | undefined): Pick<FeatureVector, 'drift_projected_shift' | 'drift_rel_mean_shift' | 'drift_cka_distance'> {
  return {
    drift_projected_shift: drift ? drift.projected_shift : NaN,
    drift_rel_mean_shift: drift ? drift.rel_mean_shift : NaN,
    drift_cka_distance: drift ? 1 - drift.linear_cka : NaN,
  };
}

export function estimateFeatures(estimate: OperatingPointEstimate | undefined, tol: Tolerance): Pick<FeatureVector, Extract<FeatureName, `estimate_${string}`>> {
  if (!estimate) return NO_ESTIMATE;
  // + 0 turns -0 into 0, so a report reads back as the same numbers
  return {
    estimate_score: estimate.score + 0,
    estimate_tpr_drop: -estimate.tpr.change / tol.tpr_drop + 0,
    estimate_fpr_rise: estimate.fpr.change / tol.fpr_rise + 0,
    estimate_auroc_drop: -estimate.auroc.change / tol.auroc_drop + 0,
  };
}

export const NO_ESTIMATE = { estimate_score: NaN, estimate_tpr_drop: NaN, estimate_fpr_rise: NaN, estimate_auroc_drop: NaN } as const;

export const NO_SCORE_DRIFT = { drift_flag_rate_change: NaN, drift_flip_rate: NaN, drift_score_ks: NaN, drift_score_psi: NaN } as const;

export function featureRow(features: FeatureVector, names: readonly string[]): number[] {
  return names.map((name) => {
    const value = (features as Record<string, number>)[name];
    return typeof value === 'number' ? value : NaN;
  });
}
