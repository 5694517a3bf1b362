/**
 * axolotl training configs: `adapter: lora|qlora` trains an adapter (qlora, or lora with
 * load_in_4bit, on a 4-bit base; load_in_8bit on an 8-bit base); no adapter trains all weights.
 * Optimizer bit widths (adamw_bnb_8bit, paged_adamw_8bit) and dequantized MXFP4 checkpoints are
 * training-time precision, not quantization.
 */
import { CONFIG, type Claim, type DocContext, type DocReader, bool, claimAt, hasAny, isObj, modelId, num, str, strList } from './claims.ts';
import { baseNameClaims } from './peft-adapter.ts';
import type { UpdateAttributes } from './types.ts';

const AXOLOTL_KEYS = [
  'adapter',
  'datasets',
  'sequence_len',
  'micro_batch_size',
  'load_in_4bit',
  'load_in_8bit',
  'lora_r',
  'num_epochs',
  'rl',
  'pretraining_dataset',
  'sample_packing',
  'gradient_accumulation_steps',
];
const TRAINING_KEYS = ['datasets', 'pretraining_dataset', 'num_epochs', 'max_steps', 'learning_rate', 'optimizer', 'rl', 'micro_batch_size'];

export const readAxolotlConfig: DocReader = (ctx: DocContext): Claim[] | null => {
  const d = ctx.data;
  if (typeof d.base_model !== 'string' || d.merge_method !== undefined || !hasAny(d, AXOLOTL_KEYS)) return null;
  const baseModel = str(d.base_model);
  const common: UpdateAttributes = {
    base_model: modelId(baseModel),
    learning_rate: num(d.learning_rate),
    epochs: num(d.num_epochs),
    training_steps: num(d.max_steps),
    tool: 'axolotl',
  };
  const claims: Claim[] = [];
  const adapter = str(d.adapter)?.toLowerCase();
  const bnb = isObj(d.bnb_config_kwargs) ? d.bnb_config_kwargs : {};

  if (adapter) {
    const targets = strList(d.lora_target_modules) ?? strList(d.lora_target_parameters) ?? (bool(d.lora_target_linear) ? ['all-linear'] : undefined);
    const peftType = adapter === 'lora' || adapter === 'qlora' ? 'LORA' : adapter.toUpperCase();
    const dora = bool(d.peft_use_dora) === true ? true : undefined;
    const attrs: UpdateAttributes = {
      ...common,
      peft_type: peftType,
      lora_rank: num(d.lora_r),
      lora_alpha: num(d.lora_alpha),
      lora_dropout: num(d.lora_dropout),
      target_modules: targets,
      dora,
    };
    const rl = str(d.rl) ? ` (${str(d.rl)} RL)` : '';
    claims.push(claimAt(ctx, ['adapter'], CONFIG, { type: 'adapter', role: 'trained', peft_type: peftType, dora }, `axolotl recipe trains an adapter: adapter: ${adapter}${rl}`, attrs));
    if (adapter === 'qlora') {
      claims.push(claimAt(ctx, ['adapter'], CONFIG, { type: 'base-precision', bits: 4 }, 'adapter: qlora trains LoRA on a 4-bit quantized base', { base_bits: 4 }));
    }
    const quantType = str(bnb.bnb_4bit_quant_type)?.toLowerCase() ?? 'nf4';
    if (bool(d.load_in_4bit) === true) {
      claims.push(
        claimAt(ctx, ['load_in_4bit'], CONFIG, { type: 'base-precision', bits: 4 }, `load_in_4bit: true (base loaded in 4-bit bitsandbytes ${quantType})`, {
          base_bits: 4,
          quant_method: 'bitsandbytes',
          quant_type: quantType,
          double_quant: bool(bnb.bnb_4bit_use_double_quant),
        }),
      );
    } else if (bool(d.load_in_8bit) === true) {
      claims.push(
        claimAt(ctx, ['load_in_8bit'], CONFIG, { type: 'base-precision', bits: 8 }, 'load_in_8bit: true (base loaded in 8-bit bitsandbytes)', {
          base_bits: 8,
          quant_method: 'bitsandbytes',
          quant_type: 'int8',
        }),
      );
    } else if (adapter !== 'qlora' && bool(d.load_in_4bit) === false && bool(d.load_in_8bit) !== true) {
      claims.push(claimAt(ctx, ['load_in_4bit'], CONFIG, { type: 'base-precision', bits: null }, 'load_in_4bit and load_in_8bit off: the base is not quantized'));
    }
    if (bool(d.gptq) === true) claims.push(claimAt(ctx, ['gptq'], CONFIG, { type: 'info' }, 'gptq: true (LoRA on a GPTQ-quantized base)', { quant_method: 'gptq' }));
    claims.push(...baseNameClaims(ctx, ['base_model'], baseModel));
    return claims;
  }

  if (!hasAny(d, TRAINING_KEYS)) {
    return [claimAt(ctx, ['base_model'], CONFIG, { type: 'info' }, 'axolotl config without training settings', common)];
  }
  const rl = str(d.rl) ? ` (${str(d.rl)} RL)` : '';
  claims.push(claimAt(ctx, ['base_model'], CONFIG, { type: 'full-training' }, `axolotl recipe without an adapter: all weights of ${baseModel} are trained${rl}`, common));
  if (d.model_quantization_config !== undefined) {
    const dequant = isObj(d.model_quantization_config_kwargs) && bool(d.model_quantization_config_kwargs.dequantize) === true;
    claims.push(
      claimAt(
        ctx,
        ['model_quantization_config'],
        CONFIG,
        { type: 'info' },
        `model_quantization_config: ${str(d.model_quantization_config) ?? 'set'}${dequant ? ' with dequantize: true (the checkpoint is dequantized for training; not a quantized release)' : ''}`,
      ),
    );
  }
  return claims;
};
