/**
 * Standalone quantization configs, recognized by their keys (never by file name):
 * AutoGPTQ / GPTQModel `quantize_config.json`, AutoAWQ `quant_config.json`, optimum/ONNX Runtime
 * quantization configs, and llm-compressor recipes (which save compressed-tensors checkpoints).
 */
import { CONFIG, type Claim, type DocContext, type DocReader, type Obj, claimAt, hasAny, isObj, num, str } from './claims.ts';
import { configGroupsWeights, describeQuantization } from './transformers-config.ts';
import type { UpdateAttributes } from './types.ts';

/** quantize_config.json (AutoGPTQ, GPTQModel) and quant_config.json (AutoAWQ), or any top-level quant_method object. */
export const readQuantizeConfig: DocReader = (ctx: DocContext): Claim[] | null => {
  const d = ctx.data;
  if (hasAny(d, ['model_type', 'architectures', 'peft_type'])) return null;
  // AutoAWQ: {"zero_point": true, "q_group_size": 128, "w_bit": 4, "version": "GEMM"}
  if (num(d.w_bit) !== undefined || num(d.q_group_size) !== undefined) {
    const attrs: UpdateAttributes = {
      bits: num(d.w_bit),
      group_size: num(d.q_group_size),
      quant_method: 'awq',
      quant_type: str(d.version)?.toLowerCase(),
      tool: 'autoawq',
    };
    const path = d.w_bit !== undefined ? ['w_bit'] : ['q_group_size'];
    return [claimAt(ctx, path, CONFIG, { type: 'quantized', sub_kind: 'awq', method: 'awq' }, `AutoAWQ quant config: ${attrs.bits ?? '?'}-bit, group size ${attrs.group_size ?? '?'}`, attrs)];
  }
  const hasMethod = str(d.quant_method) !== undefined;
  const gptqShape = num(d.bits) !== undefined && hasAny(d, ['group_size', 'desc_act', 'damp_percent', 'sym', 'true_sequential']);
  if (!hasMethod && !gptqShape) return null;
  const desc = describeQuantization(d);
  if (!desc) return [claimAt(ctx, hasMethod ? ['quant_method'] : [], CONFIG, { type: 'info' }, 'quantization config that quantizes no weights')];
  const tool = str(d.checkpoint_format) !== undefined ? 'gptqmodel' : hasMethod ? undefined : 'autogptq';
  const label = hasMethod ? `quantization config: ${desc.summary}` : `AutoGPTQ quantize config: ${desc.summary}`;
  const attrs: UpdateAttributes = { ...desc.attrs, tool };
  return [claimAt(ctx, hasMethod ? ['quant_method'] : ['bits'], CONFIG, { type: 'quantized', sub_kind: desc.sub_kind, method: desc.method }, label, attrs)];
};

function findWeightType(d: Obj): { path: string[]; value: string } | undefined {
  if (str(d.weight_type)) return { path: ['weight_type'], value: str(d.weight_type)! };
  if (isObj(d.per_model_config)) {
    for (const [name, cfg] of Object.entries(d.per_model_config)) {
      if (isObj(cfg) && str(cfg.weight_type)) return { path: ['per_model_config', name, 'weight_type'], value: str(cfg.weight_type)! };
    }
  }
  if (isObj(d.quantization)) {
    const q = d.quantization;
    const w = str(q.weights_dtype) ?? str(q.weight_type);
    if (w) return { path: ['quantization', q.weights_dtype !== undefined ? 'weights_dtype' : 'weight_type'], value: w };
  }
  return undefined;
}

/** optimum / ONNX Runtime quantization configs (weight_type QInt8, per_channel, reduce_range, ...). */
export const readOnnxQuantConfig: DocReader = (ctx: DocContext): Claim[] | null => {
  const d = ctx.data;
  const wt = findWeightType(d);
  if (!wt) return null;
  const isStatic = typeof d.is_static === 'boolean' ? d.is_static : isObj(d.quantization) && typeof d.quantization.is_static === 'boolean' ? d.quantization.is_static : undefined;
  const bitsMatch = /(\d{1,2})/.exec(wt.value);
  const attrs: UpdateAttributes = { bits: bitsMatch ? Number(bitsMatch[1]) : undefined, quant_method: 'onnx', quant_type: wt.value, tool: 'optimum' };
  const mode = isStatic === undefined ? '' : isStatic ? ' static' : ' dynamic';
  return [claimAt(ctx, wt.path, CONFIG, { type: 'quantized', sub_kind: 'other', method: 'onnx' }, `ONNX Runtime${mode} quantization config: weights ${wt.value}`, attrs)];
};

const QUANT_MODIFIERS = new Set(['QuantizationModifier', 'GPTQModifier', 'AWQModifier']);
const ALGORITHMS: Record<string, string> = {
  GPTQModifier: 'GPTQ',
  AWQModifier: 'AWQ',
  SmoothQuantModifier: 'SmoothQuant',
  SpinQuantModifier: 'SpinQuant',
  QuIPModifier: 'QuIP',
};

interface FoundModifier {
  name: string;
  body: Obj;
  path: (string | number)[];
}

/** Modifier entries (keys ending in "Modifier") up to three levels deep: stage -> *_modifiers -> XModifier. */
function findModifiers(node: unknown, path: (string | number)[], depth: number, out: FoundModifier[]): void {
  if (depth > 3) return;
  if (Array.isArray(node)) {
    node.forEach((item, i) => findModifiers(item, [...path, i], depth + 1, out));
    return;
  }
  if (!isObj(node)) return;
  for (const [key, value] of Object.entries(node)) {
    if (/Modifier$/.test(key)) out.push({ name: key, body: isObj(value) ? value : {}, path: [...path, key] });
    else findModifiers(value, [...path, key], depth + 1, out);
  }
}

function bitsFromScheme(scheme: string): { bits?: number; type?: string } {
  const s = scheme.toUpperCase();
  if (/^FP8/.test(s)) return { bits: 8, type: 'float' };
  if (/^NVFP4|^MXFP4/.test(s)) return { bits: 4, type: 'float' };
  const w = /^W(\d+)A/.exec(s);
  if (w) return { bits: Number(w[1]), type: 'int' };
  return {};
}

/** llm-compressor recipes: stages of modifiers; quantizing ones produce a compressed-tensors checkpoint. */
export const readLlmCompressorRecipe: DocReader = (ctx: DocContext): Claim[] | null => {
  // A recipe named by its class (llm-compressor test configs: `recipe: ModelOptNvfp4Converter`): converters re-serialize
  // quantized weights as compressed-tensors; dequantizers write unquantized weights.
  const named = str(ctx.data.recipe);
  if (named && /^[A-Z]\w*(Modifier|Converter|Quantizer)$/.test(named)) {
    return [
      claimAt(ctx, ['recipe'], CONFIG, { type: 'quantized', sub_kind: 'compressed-tensors', method: 'compressed-tensors' }, `llm-compressor recipe ${named}: writes a compressed-tensors checkpoint`, {
        quant_method: 'compressed-tensors',
        quant_type: bitsFromScheme(named.replace(/^ModelOpt/, '').toUpperCase()).type ? named : undefined,
        tool: 'llm-compressor',
      }),
    ];
  }
  if (named && /^[A-Z]\w*Dequantizer$/.test(named)) return [claimAt(ctx, ['recipe'], CONFIG, { type: 'info' }, `llm-compressor ${named}: a dequantization (format only; not an update)`)];
  const found: FoundModifier[] = [];
  findModifiers(ctx.data, [], 0, found);
  if (found.length === 0) return null;
  const algorithms = found.map((m) => ALGORITHMS[m.name]).filter((a): a is string => a !== undefined);
  const quant = found.find((m) => QUANT_MODIFIERS.has(m.name) && (str(m.body.scheme) || isObj(m.body.config_groups) || isObj(m.body.kv_cache_scheme) || m.name !== 'QuantizationModifier'));
  if (!quant) {
    return [claimAt(ctx, found[0].path, CONFIG, { type: 'touches' }, `llm-compressor recipe without weight quantization (${found.map((m) => m.name).join(', ')}): it changes weights in a way outside the families`)];
  }
  // The weights' bits come from whichever quantizing modifier states a scheme or config_groups.
  let bits: number | undefined;
  let type: string | undefined;
  let group: number | undefined;
  let scheme: string | undefined;
  for (const m of found.filter((f) => QUANT_MODIFIERS.has(f.name))) {
    const g = configGroupsWeights(m.body.config_groups);
    if (g && bits === undefined) {
      bits = num(g.weights.num_bits);
      type = str(g.weights.type);
      group = num(g.weights.group_size);
    }
    if (str(m.body.scheme) && scheme === undefined) scheme = str(m.body.scheme);
  }
  if (bits === undefined && scheme) ({ bits, type } = bitsFromScheme(scheme));
  const attrs: UpdateAttributes = {
    bits,
    quant_method: 'compressed-tensors',
    quant_type: scheme ?? type,
    group_size: group,
    quant_algorithm: algorithms.length > 0 ? [...new Set(algorithms)].join('+') : undefined,
    tool: 'llm-compressor',
  };
  const what = [scheme, bits !== undefined ? `${bits}-bit ${type ?? ''}`.trim() : undefined, attrs.quant_algorithm].filter(Boolean).join(', ');
  return [
    claimAt(ctx, quant.path, CONFIG, { type: 'quantized', sub_kind: 'compressed-tensors', method: 'compressed-tensors' }, `llm-compressor recipe ${quant.name}${what ? ` (${what})` : ''}: saves a compressed-tensors checkpoint`, attrs),
  ];
};

/**
 * TensorRT Model Optimizer's hf_quant_config.json (written next to a quantized checkpoint by
 * `export_hf_checkpoint`, https://nvidia.github.io/TensorRT-Model-Optimizer/deployment/3_unified_hf.html):
 * `{"producer": {"name": "modelopt"}, "quantization": {"quant_algo": "FP8", ...}}`.
 */
export const readModelOptConfig: DocReader = (ctx: DocContext): Claim[] | null => {
  const d = ctx.data;
  const producer = isObj(d.producer) ? str(d.producer.name) : undefined;
  const q = isObj(d.quantization) ? d.quantization : undefined;
  if (!q || !producer || !/modelopt|tensorrt/i.test(producer)) return null;
  const algo = str(q.quant_algo);
  if (!algo || /^none$/i.test(algo)) return [claimAt(ctx, ['quantization'], CONFIG, { type: 'touches' }, `${producer} export without a weight quantization algorithm`)];
  const bits = /FP8|INT8|W8/i.test(algo) ? 8 : /FP4|INT4|W4|NVFP4/i.test(algo) ? 4 : undefined;
  return [
    claimAt(ctx, ['quantization', 'quant_algo'], CONFIG, { type: 'quantized', sub_kind: 'other', method: 'modelopt' }, `${producer} quantized checkpoint: quant_algo ${algo}`, {
      bits,
      quant_method: 'modelopt',
      quant_type: algo,
      group_size: num(q.group_size),
      tool: 'modelopt',
    }),
  ];
};
