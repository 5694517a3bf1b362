/**
 * Fits the built-in staleness predictor (src/core/predict/default-predictor.json) on the pack fixtures
 * (test/fixtures/packs: eight packs of different models, written by scripts/make-pack-fixtures.py from the
 * packs scripts/make-packs.sh builds). Every (monitor, update variant) cell is one example; its one
 * feature is the label-free estimate's score (estimate.ts, raw soft labels on the eval rows, as the gate
 * computes it without labels), so the predictor is a monotone logistic map of that score: the score
 * ranks, the fit only sets where risk crosses 0.5. Quality holds out one whole pack (model) at a time.
 * Regenerate with
 *   node --import tsx scripts/fit-default-predictor.ts
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { crossValidateLogistic, fitLogistic } from '../src/core/predict/logistic.ts';
import type { Predictor } from '../src/core/predict/predictor.ts';
import { estimatePack, loadPacks, packAuroc } from './pack-fixtures.ts';

export const DEFAULT_PREDICTOR_FEATURES = ['estimate_score'] as const;
/** L2 on the one standardized coefficient: light, the score already ranks. */
export const DEFAULT_PREDICTOR_L2 = 1;

export interface DefaultPredictorFit {
  predictor: Predictor;
  /** Per held-out pack: AUROC of the risk fitted without it. */
  perPack: { pack: string; weak: boolean; auroc: number; cells: number; stale: number }[];
}

export function fitDefaultPredictor(): DefaultPredictorFit {
  const packs = loadPacks();
  const rows: number[][] = [];
  const labels: number[] = [];
  const groups: string[] = [];
  for (const pack of packs) {
    const est = estimatePack(pack, 'eval-raw');
    pack.cells.forEach((c, i) => {
      rows.push([Number.isFinite(est[i].score) ? est[i].score : NaN]);
      labels.push(c.truth.stale ? 1 : 0);
      groups.push(pack.pack);
    });
  }
  const features = [...DEFAULT_PREDICTOR_FEATURES];
  const validation = crossValidateLogistic(rows, labels, features, { l2: DEFAULT_PREDICTOR_L2, groups });
  const model = fitLogistic(rows, labels, features, { l2: DEFAULT_PREDICTOR_L2 });
  const perPack = packs.map((pack) => {
    const risk = validation.predictions.filter((_, i) => groups[i] === pack.pack);
    return { pack: pack.pack, weak: pack.weak, auroc: packAuroc(pack, risk), cells: pack.cells.length, stale: pack.cells.filter((c) => c.truth.stale).length };
  });
  const predictor: Predictor = {
    schemaVersion: 1,
    kind: 'monitor-gate-predictor',
    ...model,
    fitted_on: {
      source: `pack fixtures: ${packs.map((p) => p.pack).join(', ')} (${packs.length} models x 8 update variants x 12 monitors; scripts/fit-default-predictor.ts)`,
      rows: rows.length,
      stale: labels.filter((y) => y === 1).length,
      groups: packs.length,
    },
    quality: { scheme: 'leave-one-group-out', folds: validation.folds, auroc: validation.auroc },
  };
  return { predictor, perPack };
}

function main(): void {
  const out = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'src', 'core', 'predict', 'default-predictor.json');
  const { predictor, perPack } = fitDefaultPredictor();
  writeFileSync(out, JSON.stringify(predictor, null, 2) + '\n');
  const lines = ['| held-out pack | probes | stale cells | AUROC (fitted without it) |', '|---|---|---|---|'];
  for (const p of perPack) lines.push(`| ${p.pack} | ${p.weak ? 'weak' : 'strong'} | ${p.stale}/${p.cells} | ${p.auroc.toFixed(3)} |`);
  const aurocs = perPack.map((p) => p.auroc);
  lines.push(`| **mean** | | | ${(aurocs.reduce((a, b) => a + b, 0) / aurocs.length).toFixed(3)} |`, `| **worst** | | | ${Math.min(...aurocs).toFixed(3)} |`);
  const slope = predictor.coefficients[0] / predictor.scale[0];
  const at = (s: number) => 1 / (1 + Math.exp(-(predictor.intercept + slope * (s - predictor.center[0]))));
  lines.push('', `risk = sigmoid(${slope.toFixed(3)} x (estimate_score - ${predictor.center[0].toFixed(3)}) + ${predictor.intercept.toFixed(3)}); risk 0.5 at score ${(predictor.center[0] - predictor.intercept / slope).toFixed(3)}; risk at score 1: ${at(1).toFixed(3)}`);
  lines.push(`pooled leave-one-pack-out AUROC ${predictor.quality!.auroc!.toFixed(3)}`, `wrote ${path.relative(process.cwd(), out)}`);
  process.stdout.write(lines.join('\n') + '\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
