/**
 * Trait directions for the trajectory: named unit vectors at a layer (persona or trait vectors, or
 * any direction without a deployed monitor), read from one safetensors file whose tensors are named
 * `layer<L>/<trait>` and hold D numbers. Each is scored like a linear probe (x . u, its raw value)
 * on the rows of the first monitor that reads layer L, in the same pass as the monitors, and its
 * drift at a checkpoint is the mean shift of the projections in base standard deviations.
 */
import path from 'node:path';
import { inputError } from '../errors.ts';
import { openTensorFile, readSmallTensor } from '../formats/tensor-file.ts';

export interface TraitDirection {
  name: string;
  layer: number;
  /** Unit length. */
  direction: Float64Array;
}

/** The file's trait directions and, per tensor that is not one, the one-line reason. */
export async function readTraits(file: string, root?: string): Promise<{ traits: TraitDirection[]; problems: string[] }> {
  const tensors = await openTensorFile(file, root);
  const traits: TraitDirection[] = [];
  const problems: string[] = [];
  const shown = path.basename(file);
  for (const [tensor, info] of tensors.tensors) {
    const named = /^layer(\d+)\/(.+)$/.exec(tensor);
    if (!named) {
      problems.push(`${shown}: tensor '${tensor}' is not named layer<L>/<trait>`);
      continue;
    }
    if (info.shape.length === 0 || info.shape.slice(0, -1).some((d) => d !== 1)) {
      problems.push(`${shown}: '${tensor}' has shape [${info.shape.join(', ')}]; a direction is [D] or [1, D]`);
      continue;
    }
    let values: Float64Array;
    try {
      values = await readSmallTensor(info, 1 << 20);
    } catch (error) {
      problems.push(`${shown}: '${tensor}': ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    const norm = Math.hypot(...values);
    if (!Number.isFinite(norm) || norm === 0) {
      problems.push(`${shown}: '${tensor}' is ${Number.isFinite(norm) ? 'all zeros' : 'not finite'}; a direction needs a length`);
      continue;
    }
    traits.push({ name: named[2], layer: Number(named[1]), direction: values.map((x) => x / norm) });
  }
  if (traits.length === 0 && problems.length === 0) throw inputError('holds no tensor', { file });
  return { traits, problems };
}

/** Mean shift of `other` from `base` in base standard deviations (sample). */
export function standardizedShift(base: Float64Array, other: Float64Array): number {
  let mean = 0;
  for (let i = 0; i < base.length; i++) mean += base[i];
  mean /= base.length;
  let ss = 0;
  for (let i = 0; i < base.length; i++) ss += (base[i] - mean) ** 2;
  const sd = Math.sqrt(ss / Math.max(1, base.length - 1));
  let otherMean = 0;
  for (let i = 0; i < other.length; i++) otherMean += other[i];
  otherMean /= other.length;
  return sd > 0 ? (otherMean - mean) / sd : NaN;
}
