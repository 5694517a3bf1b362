/**
 * LLaMA-Factory configs (YAML, or `llamafactory-cli train --key value` arguments in a card):
 * `finetuning_type` (lora is the tool's default; full/freeze train all or some weights fully),
 * `quantization_bit` (the base an adapter trains on), export configs (`adapter_name_or_path` +
 * `export_dir` merges an adapter; `export_quantization_bit` exports GPTQ), inference configs (no
 * update). Also the v1 schema (`model:` + `peft_config:` / `quant_config:`).
 */
import { CONFIG, METADATA, type Claim, type DocContext, type DocReader, type Obj, bool, claimAt, hasAny, recipeAttributes, isObj, modelId, num, str, strList } from './claims.ts';
import { baseNameClaims } from './peft-adapter.ts';
import type { UpdateAttributes } from './types.ts';

const article = (n: number) => (n === 8 || n === 11 || n === 18 ? 'an' : 'a');

const LF_KEYS = [
  'finetuning_type',
  'stage',
  'template',
  'export_dir',
  'adapter_name_or_path',
  'quantization_bit',
  'export_quantization_bit',
  'lora_target',
  'lora_rank',
  'infer_backend',
];

function isV1(d: Obj): boolean {
  return typeof d.model === 'string' && hasAny(d, ['peft_config', 'quant_config', 'train_dataset', 'dist_config', 'kernel_config', 'model_class']);
}

export const readLlamaFactoryConfig: DocReader = (ctx: DocContext): Claim[] | null => {
  const d = ctx.data;
  if (isV1(d)) return readV1(ctx);
  if (typeof d.model_name_or_path !== 'string' || !hasAny(d, LF_KEYS)) return null;
  const model = str(d.model_name_or_path);
  const common = recipeAttributes(d, 'llama-factory');
  const claims: Claim[] = [];
  const adapterPath = str(d.adapter_name_or_path);

  if (str(d.export_dir)) {
    if (adapterPath) {
      claims.push(
        claimAt(ctx, ['adapter_name_or_path'], CONFIG, { type: 'adapter-merged' }, `LLaMA-Factory export: adapter ${adapterPath} merged into ${model} and written to ${str(d.export_dir)}`, common),
      );
    }
    const qbits = num(d.export_quantization_bit);
    if (qbits !== undefined) {
      claims.push(
        claimAt(ctx, ['export_quantization_bit'], CONFIG, { type: 'quantized', sub_kind: 'gptq', method: 'gptq' }, `LLaMA-Factory export_quantization_bit: ${qbits} (GPTQ export)`, {
          ...common,
          bits: qbits,
          quant_method: 'gptq',
        }),
      );
    }
    if (claims.length === 0) claims.push(claimAt(ctx, ['export_dir'], CONFIG, { type: 'info' }, 'LLaMA-Factory export without adapter or quantization: the weights are copied as they are', common));
    return claims;
  }

  const training = hasAny(d, ['stage', 'do_train', 'finetuning_type', 'dataset', 'num_train_epochs', 'max_steps']) && bool(d.do_train) !== false;
  if (!training) {
    const what = adapterPath ? `inference config loading adapter ${adapterPath}: it trains, merges and exports nothing` : 'LLaMA-Factory config that trains, merges and exports nothing';
    return [claimAt(ctx, adapterPath ? ['adapter_name_or_path'] : ['model_name_or_path'], CONFIG, { type: 'info' }, what, common)];
  }

  const declaredType = str(d.finetuning_type)?.toLowerCase();
  const type = declaredType ?? 'lora';
  const typePath = declaredType ? ['finetuning_type'] : ['stage'];
  const strength = declaredType ? CONFIG : METADATA;
  if (type === 'full' || type === 'freeze') {
    const partial = type === 'freeze' ? ' (freeze: a subset of layers is trained fully)' : '';
    claims.push(claimAt(ctx, typePath, strength, { type: 'full-training' }, `LLaMA-Factory finetuning_type: ${type}${partial}`, common));
    if (bool(d.use_galore) === true) claims.push(claimAt(ctx, ['use_galore'], CONFIG, { type: 'info' }, `GaLore (rank ${num(d.galore_rank) ?? '?'}) projects optimizer states; all weights are still updated`));
    if (bool(d.fp8) === true) claims.push(claimAt(ctx, ['fp8'], CONFIG, { type: 'info' }, 'fp8: true is FP8 mixed-precision training, not a quantized release'));
    return claims;
  }

  const peftType = type === 'lora' ? 'LORA' : type.toUpperCase();
  const dora = bool(d.use_dora) === true ? true : undefined;
  const attrs: UpdateAttributes = {
    ...common,
    peft_type: peftType,
    lora_rank: num(d.lora_rank),
    lora_alpha: num(d.lora_alpha),
    lora_dropout: num(d.lora_dropout),
    target_modules: strList(d.lora_target),
    dora,
  };
  const why = declaredType ? `LLaMA-Factory finetuning_type: ${type}` : 'LLaMA-Factory training config without finetuning_type (the tool defaults to lora)';
  claims.push(claimAt(ctx, typePath, strength, { type: 'adapter', role: 'trained', peft_type: peftType, dora }, why, attrs));
  const qbits = num(d.quantization_bit);
  if (qbits !== undefined) {
    const method = str(d.quantization_method) ?? 'bnb';
    claims.push(
      claimAt(ctx, ['quantization_bit'], CONFIG, { type: 'base-precision', bits: qbits }, `quantization_bit: ${qbits} (${method}): the adapter trains on ${article(qbits)} ${qbits}-bit base`, {
        base_bits: qbits,
        quant_method: method === 'bnb' ? 'bitsandbytes' : method,
      }),
    );
  } else {
    claims.push(claimAt(ctx, typePath, CONFIG, { type: 'base-precision', bits: null }, 'no quantization_bit: the base is not quantized'));
  }
  claims.push(...baseNameClaims(ctx, ['model_name_or_path'], model));
  return claims;
};

function readV1(ctx: DocContext): Claim[] {
  const d = ctx.data;
  const model = str(d.model);
  const common: UpdateAttributes = {
    base_model: modelId(model),
    learning_rate: num(d.learning_rate),
    training_steps: num(d.max_steps),
    epochs: num(d.num_train_epochs),
    tool: 'llama-factory',
  };
  const pc = isObj(d.peft_config) ? d.peft_config : undefined;
  const exportDir = str(pc?.export_dir) ?? str(d.export_dir);
  if (pc && exportDir && str(pc.adapter_name_or_path)) {
    return [
      claimAt(ctx, ['peft_config', 'adapter_name_or_path'], CONFIG, { type: 'adapter-merged' }, `LLaMA-Factory export: adapter ${str(pc.adapter_name_or_path)} merged into ${model} and written to ${exportDir}`, common),
    ];
  }
  if (pc && str(pc.name)) {
    const peftType = str(pc.name)!.toUpperCase();
    const claims: Claim[] = [
      claimAt(ctx, ['peft_config', 'name'], CONFIG, { type: 'adapter', role: 'trained', peft_type: peftType }, `LLaMA-Factory peft_config name: ${str(pc.name)}`, {
        ...common,
        peft_type: peftType,
        lora_rank: num(pc.r),
        lora_alpha: num(pc.lora_alpha),
        lora_dropout: num(pc.lora_dropout),
        target_modules: strList(pc.target_modules),
      }),
    ];
    const qc = isObj(d.quant_config) ? d.quant_config : undefined;
    const qbits = qc ? num(qc.quantization_bit) : undefined;
    if (qc && qbits !== undefined) {
      const method = str(qc.name) ?? 'bnb';
      claims.push(
        claimAt(ctx, ['quant_config', 'quantization_bit'], CONFIG, { type: 'base-precision', bits: qbits }, `quant_config ${method} quantization_bit: ${qbits}: the adapter trains on ${article(qbits)} ${qbits}-bit base`, {
          base_bits: qbits,
          quant_method: method === 'bnb' ? 'bitsandbytes' : method,
        }),
      );
    } else {
      claims.push(claimAt(ctx, ['peft_config'], CONFIG, { type: 'base-precision', bits: null }, 'no quant_config: the base is not quantized'));
    }
    claims.push(...baseNameClaims(ctx, ['model'], model));
    return claims;
  }
  if (d.train_dataset !== undefined) {
    return [claimAt(ctx, ['model'], CONFIG, { type: 'full-training' }, `LLaMA-Factory (v1) training config without peft_config: all weights of ${model} are trained`, common)];
  }
  return [claimAt(ctx, ['model'], CONFIG, { type: 'info' }, 'LLaMA-Factory (v1) config that trains, merges and exports nothing', common)];
}

/**
 * `llamafactory-cli train --key value ...` (also `llamafactory-cli train --key=value`) as a config
 * object, from a shell command in a model card. Undefined when the text is no such command.
 */
export function llamaFactoryCliArgs(command: string): Obj | undefined {
  const words = shellWords(command);
  const at = words.findIndex((w, i) => /(^|\/)llamafactory-cli$/.test(w) && (words[i + 1] === 'train' || words[i + 1] === 'export'));
  if (at < 0) return undefined;
  const out: Obj = {};
  if (words[at + 1] === 'train') out.do_train = true;
  for (let i = at + 2; i < words.length; i++) {
    const w = words[i];
    if (w === ';') break;
    if (!w.startsWith('--')) continue;
    const eq = w.indexOf('=');
    if (eq > 2) {
      out[w.slice(2, eq)] = w.slice(eq + 1);
      continue;
    }
    const next = words[i + 1];
    if (next === undefined || next === ';' || next.startsWith('--')) out[w.slice(2)] = true;
    else {
      out[w.slice(2)] = next;
      i++;
    }
  }
  return out;
}

/** Splits a shell command into words: quotes, backslash-newline continuations, comments; ; | & become a ';' word. */
function shellWords(text: string): string[] {
  const words: string[] = [];
  let cur = '';
  let quote: string | undefined;
  let has = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = undefined;
      else cur += c;
      continue;
    }
    if (c === '\\' && text[i + 1] === '\n') {
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      quote = c;
      has = true;
      continue;
    }
    if (/\s/.test(c) || c === ';' || c === '|' || c === '&' || (c === '#' && !has)) {
      if (has) words.push(cur);
      if (c === ';' || c === '|' || c === '&') words.push(';');
      cur = '';
      has = false;
      if (c === '#') {
        const nl = text.indexOf('\n', i);
        if (nl < 0) break;
        i = nl;
      }
      continue;
    }
    cur += c;
    has = true;
  }
  if (has) words.push(cur);
  return words;
}
