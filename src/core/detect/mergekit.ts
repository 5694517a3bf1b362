/**
 * mergekit configs: `merge_method` (linear, slerp, ties, dare_ties, task_arithmetic, passthrough,
 * model_stock, ...) over `models:` or `slices:`; mergekit-moe configs (`experts:` + `gate_mode`).
 * Options such as `int8_mask` are merge-time settings, not quantization.
 */
import { CONFIG, type Claim, type DocContext, type DocReader, type Obj, claimAt, isObj, num, str } from './claims.ts';
import type { UpdateAttributes } from './types.ts';

function modelsOf(d: Obj): { models: string[]; weights: number[] } {
  const models: string[] = [];
  const weights: number[] = [];
  const add = (entry: unknown) => {
    if (!isObj(entry)) return;
    const name = str(entry.model) ?? (isObj(entry.model) ? str(entry.model.model) : undefined);
    if (name && !models.includes(name)) {
      models.push(name);
      const w = isObj(entry.parameters) ? num(entry.parameters.weight) : undefined;
      if (w !== undefined) weights.push(w);
    }
  };
  if (Array.isArray(d.models)) d.models.forEach(add);
  if (Array.isArray(d.slices)) {
    for (const slice of d.slices) if (isObj(slice) && Array.isArray(slice.sources)) slice.sources.forEach(add);
  }
  if (Array.isArray(d.experts)) d.experts.forEach((e) => isObj(e) && str(e.source_model) && add({ model: e.source_model }));
  return { models, weights: weights.length === models.length ? weights : [] };
}

export const readMergekitConfig: DocReader = (ctx: DocContext): Claim[] | null => {
  const d = ctx.data;
  const method = str(d.merge_method);
  const moe = !method && Array.isArray(d.experts) && d.gate_mode !== undefined;
  if (!method && !moe) return null;
  const { models, weights } = modelsOf(d);
  const base = str(d.base_model);
  const allModels = base && !models.includes(base) ? [base, ...models] : models;
  const attrs: UpdateAttributes = {
    merge_method: method ?? 'moe',
    models: allModels,
    merge_weights: weights,
    base_model: base,
    tool: 'mergekit',
  };
  const what = method ? `merge_method: ${method}` : `mergekit-moe (gate_mode: ${str(d.gate_mode) ?? '?'})`;
  const count = allModels.length > 0 ? ` of ${allModels.length} model${allModels.length === 1 ? '' : 's'}` : '';
  return [claimAt(ctx, method ? ['merge_method'] : ['experts'], CONFIG, { type: 'model-merge' }, `mergekit config ${what}${count}`, attrs)];
};
