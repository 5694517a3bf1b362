/**
 * The staleness predictor: a logistic model over pre-deployment features, with the file format
 * `fit-predictor` writes and `predictor:` in the config reads. The built-in one is fitted by
 * scripts/fit-default-predictor.ts (see the README for what it was fitted on).
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import schema from '../../../schemas/predictor.schema.json' with { type: 'json' };
import builtIn from './default-predictor.json' with { type: 'json' };
import { configError } from '../errors.ts';
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

/** Reads a predictor file; a broken one is a config error naming the file and the first problem. */
export function loadPredictor(file: string, displayName = file): Predictor {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const what = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'predictor file not found' : `cannot read the predictor: ${(error as Error).message}`;
    throw configError(what, { file: displayName });
  }
  const problems = predictorProblems(data);
  if (problems.length > 0) {
    throw configError(`not a monitor-gate predictor: ${problems[0]}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}`, {
      file: displayName,
      help: 'write one with monitor-gate fit-predictor',
    });
  }
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
