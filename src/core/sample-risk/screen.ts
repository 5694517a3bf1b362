/**
 * `monitor-gate screen`: a dataset without its riskiest samples. The batch names samples by file and
 * line, so only line-per-sample files (JSONL) can be filtered; a dataset that no longer has the
 * lines the batch scored (edited after scoring) is refused rather than filtered wrongly.
 */
import path from 'node:path';
import { inputError, usageError } from '../errors.ts';
import type { SampleRiskBatch } from './batch.ts';
import { riskOrder } from './rank.ts';

export interface ScreenOptions {
  /** The dataset file, as one of the batch's `files` (or a path that resolves to one). */
  dataset: string;
  /** Drop this many samples... */
  topK?: number;
  /** ...or this share of the dataset's scored samples (0 < p < 1), rounded up. */
  topP?: number;
  /** Rank by this monitor alone; default: across every monitor in the batch. */
  monitor?: string;
}

export interface ScreenResult {
  /** The dataset's text without the dropped lines (line endings kept). */
  text: string;
  /** 1-based lines dropped, riskiest first. */
  dropped: number[];
  /** Scored samples of this dataset. */
  scored: number;
}

/** Which of the batch's files `dataset` is: the same path as recorded, or the same file once resolved against the working folder or the batch's folder. */
export function datasetIndex(batch: SampleRiskBatch, dataset: string, cwd = process.cwd()): number {
  const want = path.resolve(cwd, dataset);
  const index = batch.files.findIndex((f) => f === dataset || path.resolve(cwd, f) === want || path.resolve(path.dirname(batch.file), f) === want);
  if (index < 0) {
    throw usageError(`${dataset} is not one of the datasets the sample-risk batch scored (${batch.files.join(', ')})`);
  }
  return index;
}

/** Splits text into lines, each with its own line ending. */
function linesOf(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

export function screenDataset(batch: SampleRiskBatch, text: string, options: ScreenOptions, cwd = process.cwd()): ScreenResult {
  const which = datasetIndex(batch, options.dataset, cwd);
  let columns = batch.monitors.map((_, m) => m);
  if (options.monitor !== undefined) {
    const m = batch.monitors.indexOf(options.monitor);
    if (m < 0) throw usageError(`the sample-risk batch has no monitor ${options.monitor} (it has ${batch.monitors.join(', ')})`);
    columns = [m];
  }
  const order = Array.from(riskOrder(batch, columns)).filter((s) => batch.fileIndex[s] === which);
  const scored = order.length;
  let count: number;
  if (options.topK !== undefined) {
    if (!Number.isInteger(options.topK) || options.topK < 0) throw usageError(`--top-k must be a whole number >= 0, got ${options.topK}`);
    count = Math.min(options.topK, scored);
  } else if (options.topP !== undefined) {
    if (!(options.topP > 0 && options.topP < 1)) throw usageError(`--top-p must be a share between 0 and 1, got ${options.topP}`);
    count = Math.ceil(options.topP * scored);
  } else {
    throw usageError('say how many samples to drop: --top-k N or --top-p P');
  }
  const lines = linesOf(text);
  const dropped = order.slice(0, count).map((s) => batch.line[s]);
  // the last scored line first: a shortened file is named by how short it is
  for (const line of order.map((s) => batch.line[s]).sort((a, b) => b - a)) {
    if (line > lines.length || lines[line - 1].trim() === '') {
      throw inputError(`line ${line} was scored as a sample but the file ${line > lines.length ? `has only ${lines.length} lines` : 'has an empty line there'}: was it changed after scoring?`, {
        file: options.dataset,
      });
    }
  }
  const drop = new Set(dropped);
  return { text: lines.filter((_, i) => !drop.has(i + 1)).join(''), dropped, scored };
}
