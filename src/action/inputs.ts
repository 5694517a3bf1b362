/** Every raw Action input becomes one typed value here; errors name the input and the accepted values. */
import os from 'node:os';
import path from 'node:path';
import * as core from '@actions/core';
import { addSecret } from './log.ts';
import { DEFAULT_CONFIG_PATH, GateError, parseBudget, parseShard, type RevalidationBudget, type ShardSpec } from '../core/index.ts';

export type ActionMode = 'enforce' | 'advise' | 'merge' | 'detect';

export interface ActionInputs {
  config: string;
  baseActivations?: string;
  updatedActivations?: string;
  /**
   * enforce: fail the job on a failing gate; advise: only report; merge: merge partial reports, then enforce;
   * detect: only detect the update and say whether it needs measuring (outputs event-family, needs-measurement).
   */
  mode: ActionMode;
  reportPath: string;
  provider: 'auto' | 'cpu' | 'cuda';
  /** A folder holding onnxruntime's CUDA provider files (air-gapped runners); unset: tool cache, then the feed. */
  cudaProviderDir?: string;
  /** NuGet v3 service index the CUDA provider package is downloaded from. */
  cudaProviderFeed?: string;
  /** Checkpoint folders or globs of a training run, in training order: run the trajectory instead of the gate. */
  checkpoints: string[];
  /** With checkpoints: a safetensors file of trait directions (layer<L>/<trait>). */
  traits?: string;
  /** With checkpoints: fail the step when a blocking monitor is at risk (default: annotate only). */
  failOnTrajectory: boolean;
  /** Post or update the sticky pull-request comment. */
  comment: boolean;
  /** Never logged; empty when the workflow passes none. */
  token: string;
  /** Evaluate one shard of the monitors and write a partial report. */
  shard?: ShardSpec;
  /** merge mode: the folder of downloaded partial reports. */
  reportsDir: string;
  /** Folder for label-free repaired probes of stale monitors; unset means no repair. */
  repairDir?: string;
  /** Upload the repaired probes written by this run, with the report, as one workflow artifact. */
  uploadRepairs: boolean;
  /** Name of that artifact, with `-<i>-of-<n>` appended on a shard so shards do not collide. */
  repairsArtifactName: string;
  /** Overrides the config's revalidation-budget: measure only the highest-risk monitors. */
  budget?: RevalidationBudget;
  /** Predict every monitor's risk without labels; measure none. */
  predictOnly: boolean;
  /**
   * Require significance for every monitor (a tolerance counts only when the whole 95% interval of the
   * change is past it); false leaves it to the config. In merge mode: the shards ran with it.
   */
  requireSignificance: boolean;
}

/** Where repaired probes go when upload-repairs is on and no repair-dir is given: the runner's temp folder. */
export const DEFAULT_REPAIRS_SUBDIR = 'monitor-gate-repairs';
export const DEFAULT_REPAIRS_ARTIFACT_NAME = 'monitor-gate-repairs';

/** Characters the artifact service refuses in a name (as @actions/artifact checks them). */
const ARTIFACT_NAME_FORBIDDEN = ['"', ':', '<', '>', '|', '*', '?', '\r', '\n', '\\', '/'];

function artifactNameInput(name: string, fallback: string): string {
  const value = core.getInput(name).trim() || fallback;
  const bad = ARTIFACT_NAME_FORBIDDEN.find((c) => value.includes(c));
  if (bad !== undefined) throw new GateError('usage', `input '${name}' must not contain ${JSON.stringify(bad)}, got ${JSON.stringify(value)}`);
  return value;
}

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  const list = allowed.map((a) => `'${a}'`);
  const words = list.length === 2 ? list.join(' or ') : `${list.slice(0, -1).join(', ')} or ${list.at(-1)}`;
  throw new GateError('usage', `input '${name}' must be ${words}, got '${value}'`);
}

function booleanInput(name: string, fallback: boolean): boolean {
  const raw = core.getInput(name).trim();
  if (raw === '') return fallback;
  if (/^true$/i.test(raw)) return true;
  if (/^false$/i.test(raw)) return false;
  throw new GateError('usage', `input '${name}' must be 'true' or 'false', got '${raw}'`);
}

export function readActionInputs(): ActionInputs {
  // Masked before anything can log it: an API error that echoes the token prints *** instead.
  const token = core.getInput('github-token');
  addSecret(token);
  const mode = oneOf('mode', core.getInput('mode') || 'enforce', ['enforce', 'advise', 'merge', 'detect'] as const);
  const provider = oneOf('execution-provider', core.getInput('execution-provider') || 'auto', ['auto', 'cpu', 'cuda'] as const);
  const shardText = core.getInput('shard');
  let shard: ShardSpec | undefined;
  if (shardText) {
    try {
      shard = parseShard(shardText);
    } catch (error) {
      throw new GateError('usage', `input 'shard' ${(error as GateError).message.replace(/^shard /, '')}`);
    }
    if (mode === 'merge') throw new GateError('usage', "input 'shard' cannot be used with mode 'merge': the merge job reads every shard's report");
  }
  const budgetText = core.getInput('revalidation-budget').trim();
  const budget = budgetText ? parseBudget(budgetText) : undefined;
  if (budgetText && !budget) throw new GateError('usage', `input 'revalidation-budget' must be a number of monitors (4) or a share ("30%"), got '${budgetText}'`);
  const predictOnly = booleanInput('predict-only', false);
  if (budget && predictOnly) throw new GateError('usage', "inputs 'revalidation-budget' and 'predict-only' exclude each other: predict-only measures no monitor");
  const requireSignificance = booleanInput('require-significance', false);
  const uploadRepairs = booleanInput('upload-repairs', false);
  let repairsArtifactName = artifactNameInput('repairs-artifact-name', DEFAULT_REPAIRS_ARTIFACT_NAME);
  if (shard) repairsArtifactName += `-${shard.index}-of-${shard.count}`;
  // upload-repairs alone is enough: the probes then go to the runner's temp folder, which the job discards.
  const repairDir = core.getInput('repair-dir') || (uploadRepairs ? path.join(process.env.RUNNER_TEMP || os.tmpdir(), DEFAULT_REPAIRS_SUBDIR) : undefined);
  return {
    config: core.getInput('config') || DEFAULT_CONFIG_PATH,
    baseActivations: core.getInput('base-activations') || undefined,
    updatedActivations: core.getInput('updated-activations') || undefined,
    mode,
    reportPath: core.getInput('report-path') || 'monitor-gate-report.json',
    provider,
    cudaProviderDir: core.getInput('cuda-provider-dir') || undefined,
    checkpoints: core.getMultilineInput('checkpoints').map((l) => l.trim()).filter(Boolean),
    failOnTrajectory: booleanInput('fail-on-trajectory', false),
    traits: core.getInput('traits') || undefined,
    cudaProviderFeed: core.getInput('cuda-provider-feed') || undefined,
    comment: booleanInput('comment', true),
    token,
    shard,
    reportsDir: core.getInput('reports-dir') || 'monitor-gate-reports',
    repairDir,
    uploadRepairs,
    repairsArtifactName,
    ...(budget ? { budget } : {}),
    predictOnly,
    requireSignificance,
  };
}
