/**
 * transformers `config.json`: its `quantization_config` (or the legacy `compression_config` of
 * compressed-tensors, or MLX's `quantization`) says the shipped weights are quantized and how.
 * Also the mapping from any quantization_config-shaped object to a sub_kind, shared by other readers.
 */
import { CONFIG, type Claim, type DocContext, type DocReader, type Obj, bool, claimAt, hasAny, isObj, num, str } from './claims.ts';
import type { QuantSubKind, UpdateAttributes } from './types.ts';

export interface QuantDescription {
  sub_kind: QuantSubKind;
  method: string;
  attrs: UpdateAttributes;
  /** "bitsandbytes 4-bit nf4", "gptq 3-bit, group size -1" */
  summary: string;
}

const FP8_METHODS = new Set(['fp8', 'fbgemm_fp8']);
const DIRECT: Record<string, QuantSubKind> = { gptq: 'gptq', awq: 'awq', hqq: 'hqq', torchao: 'torchao', 'compressed-tensors': 'compressed-tensors', gguf: 'gguf' };

function bitsFromName(name: string): number | undefined {
  const m = /(?:int|uint|float|fp|nf|w|q|i)(\d{1,2})(?!\d)/i.exec(name) ?? /(\d{1,2})[-_ ]?bit/i.exec(name);
  const n = m ? Number(m[1]) : NaN;
  return n >= 1 && n <= 32 ? n : undefined;
}

function describeBits(attrs: UpdateAttributes): string {
  const parts: string[] = [];
  if (attrs.bits !== undefined) parts.push(`${attrs.bits}-bit`);
  if (attrs.quant_type) parts.push(attrs.quant_type);
  if (attrs.group_size !== undefined) parts.push(`group size ${attrs.group_size}`);
  return parts.join(', ');
}

/** compressed-tensors / llm-compressor config_groups: the first group with weights. */
export function configGroupsWeights(groups: unknown): { weights: Obj; activations?: Obj } | undefined {
  if (!isObj(groups)) return undefined;
  for (const g of Object.values(groups)) {
    if (isObj(g) && isObj(g.weights)) return { weights: g.weights, activations: isObj(g.input_activations) ? g.input_activations : undefined };
  }
  return undefined;
}

/**
 * What a quantization_config-shaped object says. Undefined when it quantizes nothing (a bitsandbytes
 * config with neither 4-bit nor 8-bit loading, a compressed-tensors config with only sparsity).
 */
export function describeQuantization(qc: Obj): QuantDescription | undefined {
  const rawMethod = str(qc.quant_method);
  const method = rawMethod?.toLowerCase();
  const isBnb =
    method === 'bitsandbytes' ||
    method === 'bitsandbytes_4bit' ||
    method === 'bitsandbytes_8bit' ||
    (method === undefined && hasAny(qc, ['load_in_4bit', 'load_in_8bit', 'bnb_4bit_quant_type', '_load_in_4bit']));
  if (isBnb) {
    const four = bool(qc.load_in_4bit) ?? bool(qc._load_in_4bit) ?? method === 'bitsandbytes_4bit';
    const eight = bool(qc.load_in_8bit) ?? bool(qc._load_in_8bit) ?? method === 'bitsandbytes_8bit';
    if (four) {
      // bitsandbytes' own default 4-bit type is fp4.
      const type = (str(qc.bnb_4bit_quant_type) ?? 'fp4').toLowerCase();
      const attrs: UpdateAttributes = { bits: 4, quant_method: 'bitsandbytes', quant_type: type, double_quant: bool(qc.bnb_4bit_use_double_quant) };
      return { sub_kind: type === 'nf4' ? 'bnb-nf4' : 'bnb-fp4', method: 'bitsandbytes', attrs, summary: `bitsandbytes 4-bit ${type}` };
    }
    if (eight) {
      return { sub_kind: 'bnb-int8', method: 'bitsandbytes', attrs: { bits: 8, quant_method: 'bitsandbytes', quant_type: 'int8' }, summary: 'bitsandbytes 8-bit (LLM.int8)' };
    }
    return undefined;
  }

  if (method === 'compressed-tensors' || (method === undefined && isObj(qc.config_groups))) {
    const g = configGroupsWeights(qc.config_groups);
    if (!g) return undefined; // sparsity-only (pruning) config: no weight quantization
    const attrs: UpdateAttributes = {
      bits: num(g.weights.num_bits),
      quant_method: 'compressed-tensors',
      quant_type: str(qc.format) ?? str(g.weights.type),
      group_size: num(g.weights.group_size),
    };
    return { sub_kind: 'compressed-tensors', method: 'compressed-tensors', attrs, summary: `compressed-tensors ${describeBits(attrs)}` };
  }

  if (method !== undefined && FP8_METHODS.has(method)) {
    const block = Array.isArray(qc.weight_block_size) ? num(qc.weight_block_size[0]) : undefined;
    const attrs: UpdateAttributes = { bits: 8, quant_method: rawMethod, quant_type: str(qc.fmt) ?? 'float8', group_size: block };
    return { sub_kind: 'fp8', method: rawMethod!, attrs, summary: `${rawMethod} 8-bit float` };
  }

  if (method === 'hqq') {
    const wq = isObj(qc.quant_config) && isObj(qc.quant_config.weight_quant_params) ? qc.quant_config.weight_quant_params : qc;
    const attrs: UpdateAttributes = { bits: num(wq.nbits) ?? num(qc.nbits), quant_method: 'hqq', group_size: num(wq.group_size) ?? num(qc.group_size) };
    return { sub_kind: 'hqq', method: 'hqq', attrs, summary: `hqq ${describeBits(attrs)}` };
  }

  if (method === 'torchao') {
    let type: string | undefined = str(qc.quant_type);
    if (!type && isObj(qc.quant_type)) {
      const inner = isObj(qc.quant_type.default) ? qc.quant_type.default : qc.quant_type;
      type = str(inner._type) ?? str(inner.type);
    }
    const attrs: UpdateAttributes = { bits: type ? bitsFromName(type) : undefined, quant_method: 'torchao', quant_type: type, group_size: num(qc.group_size) };
    return { sub_kind: 'torchao', method: 'torchao', attrs, summary: `torchao ${type ?? ''}`.trim() };
  }

  if (method !== undefined && DIRECT[method]) {
    const attrs: UpdateAttributes = {
      bits: num(qc.bits) ?? num(qc.w_bit),
      quant_method: rawMethod,
      group_size: num(qc.group_size) ?? num(qc.q_group_size),
      quant_type: str(qc.version) ? `${str(qc.version)}`.toLowerCase() : undefined,
    };
    return { sub_kind: DIRECT[method], method: rawMethod!, attrs, summary: `${rawMethod} ${describeBits(attrs)}`.trim() };
  }

  // No quant_method: the GPTQ-for-LLaMa / AutoGPTQ shape, or something unnamed.
  if (method === undefined) {
    const bits = num(qc.bits);
    if (bits === undefined) return undefined;
    const gptqLike = hasAny(qc, ['desc_act', 'damp_percent', 'true_sequential', 'sym']);
    const attrs: UpdateAttributes = { bits, quant_method: gptqLike ? 'gptq' : undefined, group_size: num(qc.group_size) };
    return gptqLike
      ? { sub_kind: 'gptq', method: 'gptq', attrs, summary: `GPTQ ${describeBits(attrs)}` }
      : { sub_kind: 'other', method: 'unnamed', attrs, summary: `unnamed quantization ${describeBits(attrs)}` };
  }

  // Any other method (mlx, aqlm, quanto, eetq, exl2, bitnet, vptq, mxfp4, modelopt, ...): kept by name.
  const weights = str(qc.weights) ?? str(qc.quant_algo) ?? str(qc.weight_dtype);
  const attrs: UpdateAttributes = {
    bits: num(qc.bits) ?? num(qc.nbits) ?? num(qc.w_bit) ?? (weights ? bitsFromName(weights) : undefined),
    quant_method: rawMethod,
    quant_type: weights,
    group_size: num(qc.group_size),
  };
  return { sub_kind: 'other', method: rawMethod!, attrs, summary: `${rawMethod} ${describeBits(attrs)}`.trim() };
}

const QUANT_KEYS = ['quantization_config', 'compression_config'] as const;
const MODEL_SHAPE_KEYS = ['hidden_size', 'vocab_size', 'num_hidden_layers', 'n_layer', 'd_model', 'n_embd', 'num_layers', 'intermediate_size'];

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Keys of a model config that record where and how it was saved, not what the model computes. */
const BOOKKEEPING = new Set(['transformers_version', '_name_or_path', '_commit_hash', 'use_cache', 'auto_map', 'custom_pipelines', '_attn_implementation_autoset', 'attn_implementation', '_attn_implementation', 'output_hidden_states', 'output_attentions', 'return_dict', 'torchscript', 'pruned_heads', 'finetuning_task', 'problem_type', 'id2label', 'label2id']);

/** Keys whose value differs between the base and the head version of a model config (bookkeeping ignored). */
function changedKeys(head: Obj, base: Obj): string[] {
  const keys = new Set([...Object.keys(head), ...Object.keys(base)]);
  return [...keys].filter((k) => !BOOKKEEPING.has(k) && !sameJson(head[k], base[k]));
}

/** transformers config.json (anything with model_type / architectures / a quantization_config). */
export const readTransformersConfig: DocReader = (ctx: DocContext): Claim[] | null => {
  const d = ctx.data;
  const key = QUANT_KEYS.find((k) => isObj(d[k]));
  const mlx = isObj(d.quantization) && num(d.quantization.bits) !== undefined ? d.quantization : undefined;
  const modelConfig = Array.isArray(d.architectures) || (typeof d.model_type === 'string' && hasAny(d, MODEL_SHAPE_KEYS));
  if (!key && !mlx && !modelConfig) return null;
  // A recipe that names a model class (axolotl's model_type: AutoModelForCausalLM) is not a model config.
  if (!modelConfig && hasAny(d, ['base_model', 'datasets', 'model_name_or_path'])) return null;
  const modelType = str(d.model_type);
  const dtype = str(d.torch_dtype) ?? str(d.dtype);
  const base = isObj(ctx.baseData) ? ctx.baseData : undefined;

  const qc = key ? (d[key] as Obj) : mlx;
  if (qc) {
    const where = key ?? 'quantization';
    const desc = key ? describeQuantization(qc) : { sub_kind: 'other' as QuantSubKind, method: 'mlx', attrs: { bits: num(qc.bits), group_size: num(qc.group_size), quant_method: 'mlx' }, summary: `mlx ${num(qc.bits)}-bit` };
    if (!desc) {
      return [claimAt(ctx, [where], CONFIG, { type: 'touches' }, `model config with a ${where} that quantizes no weights (${str(qc.quant_method) ?? 'no quant_method'}): a model's weights, made in a way the config does not say`)];
    }
    if (base && key && sameJson(base[key], qc)) {
      const changed = changedKeys(d, base);
      if (changed.length === 0) {
        return [claimAt(ctx, [where], CONFIG, { type: 'info' }, `${where} unchanged from the base (${desc.summary}): the model was already quantized, and only bookkeeping keys changed`)];
      }
      return [
        claimAt(ctx, [changed[0]], CONFIG, { type: 'touches' }, `${where} unchanged from the base (already quantized), but the model config changed (${changed.slice(0, 4).join(', ')}${changed.length > 4 ? ', ...' : ''})`),
      ];
    }
    const path = key && str(qc.quant_method) !== undefined ? [where, 'quant_method'] : [where];
    const legacy = key === 'compression_config' ? ' (legacy key compression_config)' : '';
    return [
      claimAt(ctx, path, CONFIG, { type: 'quantized', sub_kind: desc.sub_kind, method: desc.method }, `model config ${where}: ${desc.summary}${legacy}`, desc.attrs),
    ];
  }
  if (base && (isObj(base.quantization_config) || isObj(base.compression_config))) {
    return [claimAt(ctx, [], CONFIG, { type: 'touches' }, 'quantization_config removed from the model config: the weights are no longer quantized (new weights of an unstated kind)')];
  }
  if (base) {
    const changed = changedKeys(d, base);
    if (changed.length === 0) return [claimAt(ctx, [], CONFIG, { type: 'info' }, `model config${modelType ? ` (${modelType})` : ''}: only bookkeeping keys changed from the base`)];
  }
  const changedDtype = base && str(base.torch_dtype) && dtype && str(base.torch_dtype) !== dtype ? ` (was ${str(base.torch_dtype)})` : '';
  const dtypePath = d.torch_dtype !== undefined ? ['torch_dtype'] : d.dtype !== undefined ? ['dtype'] : [];
  return [
    claimAt(
      ctx,
      dtypePath,
      CONFIG,
      { type: 'touches' },
      `model config${modelType ? ` (${modelType})` : ''} without quantization_config${dtype ? ` (dtype ${dtype}${changedDtype})` : ''}: a model's weights are released, but how they were made is not said`,
    ),
  ];
};
