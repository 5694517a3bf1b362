/**
 * Fits the built-in staleness predictor (src/core/predict/default-predictor.json) on the shared
 * realbench pack: every (monitor, update variant) cell, measured with labels, is one example; the
 * printed quality holds out one variant at a time. Regenerate with
 *   node --import tsx scripts/fit-default-predictor.ts
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fitPredictor, historyFromReports, renderFitSummary } from '../src/core/index.ts';
import { realbenchReports, repoRoot } from './realbench-reports.ts';

const OUT = path.join(repoRoot, 'src', 'core', 'predict', 'default-predictor.json');

const reports = await realbenchReports();
const history = historyFromReports(reports.map(({ variant, report }) => ({ file: variant, report })));
const fitted = fitPredictor(history.examples, {
  source: `realbench-public: ${reports.length} update variants x ${reports[0].report.monitors.length} monitors of a 4-layer transformer (scripts/fit-default-predictor.ts)`,
});
writeFileSync(OUT, JSON.stringify(fitted.predictor, null, 2) + '\n');
process.stdout.write(renderFitSummary(fitted, path.relative(process.cwd(), OUT)));
