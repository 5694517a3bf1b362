/**
 * The staleness predictor: a logistic model over pre-deployment features, with the file format
 * `fit-predictor` writes and `predictor:` in the config reads. The built-in one is fitted by
 * scripts/fit-default-predictor.ts (see the README for what it was fitted on).
 */
import { Ajv, type ValidateFunction } from 'ajv';
import schema from '../../../schemas/predictor.schema.json' with { type: 'json' };
import builtIn from './default-predictor.json' with { type: 'json' };
import { configError } from '../errors.ts';
import { readRegularFileSync } from '../paths.ts';
import { FEATURE_NAMES, featureRow, type FeatureVector } from './features.ts';
import { predictLogistic, type LogisticModel } from './logistic.ts';

export interface Predictor extends LogisticModel {
  schemaVersion: 1;
  kind: 'monitor-gate-predictor';
  fitted_on?: { source?: string; rows?: number; stale?: number; groups?: number };
  quality?: { scheme?: 'leave-one-group-out' | 'k-fold'; folds?: number; auroc?: number | null };
}

/** One feature's share of a monitor's risk, on the logit scale (positive pushes towards stale). */
export interface FeatureContribution {
  feature: string;
  /** The feature's value; null when it could not be computed (it then contributes 0). */
  value: number | null;
  contribution: number;
}

export interface RiskEstimate {
  risk: number;
  /** The features with the largest |contribution|, largest first. */
  top: FeatureContribution[];
}

let validator: ValidateFunction | undefined;

/** Checks a parsed predictor file; returns the problems as "path: message" strings. */
export function predictorProblems(data: unknown): string[] {
  validator ??= new Ajv({ allErrors: true, strict: true }).compile(schema);
  const problems: string[] = [];
  if (!validator(data)) {
    for (const e of validator.errors ?? []) problems.push(`${e.instancePath || '(root)'}: ${e.message}`);
    return problems;
  }
  const p = data as Predictor;
  const n = p.features.length;
  for (const key of ['center', 'scale', 'coefficients'] as const) {
    if (p[key].length !== n) problems.push(`/${key}: has ${p[key].length} values but there are ${n} features`);
  }
  const known = new Set<string>(FEATURE_NAMES);
  const unknown = p.features.filter((f) => !known.has(f));
  if (unknown.length > 0) problems.push(`/features: unknown feature${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} (this monitor-gate computes ${FEATURE_NAMES.join(', ')})`);
  return problems;
}

/** A predictor is a few kilobytes of JSON; a larger file is not one (and is not read). */
export const MAX_PREDICTOR_BYTES = 1024 * 1024;

export interface LoadPredictorOptions {
  /** The file's real path (symbolic links resolved) must stay inside this folder (the config's root). */
  root?: string;
}

/**
 * Reads a predictor file; a broken one is a config error naming the file and the first problem.
 * No message quotes the file until it has said it is a predictor (`"kind": "monitor-gate-predictor"`):
 * `predictor:` pointed at a token file or any other file must not print a part of it.
 */
export function loadPredictor(file: string, displayName = file, options: LoadPredictorOptions = {}): Predictor {
  const bytes = readRegularFileSync(file, { what: 'predictor file', display: displayName, root: options.root, maxBytes: MAX_PREDICTOR_BYTES, kind: 'config' });
  return parsePredictor(bytes, displayName);
}

/** The bytes of a predictor file, checked; `displayName` names the file in the error. */
export function parsePredictor(bytes: Uint8Array, displayName: string): Predictor {
  const notOne = (why: string) => configError(`not a monitor-gate predictor: ${why}`, { file: displayName, help: 'write one with monitor-gate fit-predictor' });
  let data: unknown;
  try {
    data = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    // The parser's message quotes the text around the error: say only what is wrong.
    throw notOne(bytes.length === 0 ? 'the file is empty' : 'not UTF-8 JSON');
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data) || (data as Record<string, unknown>).kind !== 'monitor-gate-predictor') {
    throw notOne('it has no "kind": "monitor-gate-predictor"');
  }
  const problems = predictorProblems(data);
  if (problems.length > 0) throw notOne(`${problems[0]}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}`);
  return data as Predictor;
}

export function builtInPredictor(): Predictor {
  return builtIn as Predictor;
}

const TOP_CONTRIBUTIONS = 3;

export function estimateRisk(predictor: Predictor, features: FeatureVector): RiskEstimate {
  const row = featureRow(features, predictor.features);
  const { risk, contributions } = predictLogistic(predictor, row);
  const top = predictor.features
    .map((feature, j) => ({ feature, value: Number.isFinite(row[j]) ? row[j] : null, contribution: contributions[j] }))
    .filter((c) => c.contribution !== 0)
    .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution) || a.feature.localeCompare(b.feature))
    .slice(0, TOP_CONTRIBUTIONS);
  return { risk, top };
}
