/**
 * torchtune recipes (the `model._component_` builder: `qlora_*` is LoRA on an NF4 base, `lora_*` is
 * LoRA, a plain builder with an optimizer trains all weights; a `quantizer` component quantizes with
 * torchao) and TRL CLI configs (`use_peft` trains an adapter; without it all weights are trained).
 */
import { CONFIG, type Claim, type DocContext, type DocReader, bool, claimAt, hasAny, recipeAttributes, isObj, num, str, strList } from './claims.ts';
import { baseNameClaims } from './peft-adapter.ts';
import type { UpdateAttributes } from './types.ts';

export const readTorchtuneConfig: DocReader = (ctx: DocContext): Claim[] | null => {
  const d = ctx.data;
  const model = isObj(d.model) ? d.model : undefined;
  const component = model ? str(model._component_) : undefined;
  const quantizer = isObj(d.quantizer) ? str(d.quantizer._component_) : undefined;
  const isTorchtune = (component && component.startsWith('torchtune.')) || (quantizer && quantizer.startsWith('torchtune.'));
  if (!isTorchtune) return null;
  const optimizer = isObj(d.optimizer) ? d.optimizer : undefined;
  const common: UpdateAttributes = {
    learning_rate: num(optimizer?.lr),
    epochs: num(d.epochs),
    tool: 'torchtune',
  };
  if (quantizer) {
    const bitsMatch = /int(\d+)|(\d+)[-_]?bit|float(\d+)/i.exec(quantizer);
    const bits = bitsMatch ? Number(bitsMatch[1] ?? bitsMatch[2] ?? bitsMatch[3]) : undefined;
    const name = quantizer.split('.').pop()!;
    return [
      claimAt(ctx, ['quantizer', '_component_'], CONFIG, { type: 'quantized', sub_kind: 'torchao', method: 'torchao' }, `torchtune quantizer ${name} (torchao)`, {
        ...common,
        bits,
        quant_method: 'torchao',
        quant_type: name,
        group_size: num((d.quantizer as Record<string, unknown>).groupsize),
      }),
    ];
  }
  const builder = component!.split('.').pop()!;
  const modules = strList(model!.lora_attn_modules);
  const targets = modules ? [...modules, ...(bool(model!.apply_lora_to_mlp) ? ['mlp'] : []), ...(bool(model!.apply_lora_to_output) ? ['output'] : [])] : undefined;
  const adapterAttrs: UpdateAttributes = {
    ...common,
    peft_type: 'LORA',
    lora_rank: num(model!.lora_rank),
    lora_alpha: num(model!.lora_alpha),
    lora_dropout: num(model!.lora_dropout),
    target_modules: targets,
    dora: bool(model!.use_dora) === true ? true : undefined,
  };
  const path = ['model', '_component_'];
  if (/^qlora_/.test(builder)) {
    return [
      claimAt(ctx, path, CONFIG, { type: 'adapter', role: 'trained', peft_type: 'LORA', dora: adapterAttrs.dora }, `torchtune builder ${builder}: LoRA training`, adapterAttrs),
      claimAt(ctx, path, CONFIG, { type: 'base-precision', bits: 4 }, `torchtune ${builder} builds the frozen base in NF4 (QLoRA)`, { base_bits: 4, quant_type: 'nf4' }),
    ];
  }
  if (/^lora_/.test(builder)) {
    const saveOnly = bool(d.save_adapter_weights_only);
    const claims = [claimAt(ctx, path, CONFIG, { type: 'adapter', role: 'trained', peft_type: 'LORA', dora: adapterAttrs.dora }, `torchtune builder ${builder}: LoRA training`, adapterAttrs)];
    claims.push(claimAt(ctx, path, CONFIG, { type: 'base-precision', bits: null }, `torchtune ${builder} keeps the base unquantized`));
    if (saveOnly !== undefined) {
      claims.push(claimAt(ctx, ['save_adapter_weights_only'], CONFIG, { type: 'info' }, `save_adapter_weights_only: ${saveOnly}${saveOnly ? ' (the adapter ships unmerged)' : ' (merged weights are also written)'}`));
    }
    return claims;
  }
  if (optimizer || hasAny(d, ['epochs', 'max_steps_per_epoch'])) {
    return [claimAt(ctx, path, CONFIG, { type: 'full-training' }, `torchtune builder ${builder} without LoRA: all weights are trained`, common)];
  }
  return [claimAt(ctx, path, CONFIG, { type: 'info' }, `torchtune config for ${builder} without training (generation or evaluation)`)];
};

const LF_ONLY = ['finetuning_type', 'stage', 'template', 'export_dir', 'quantization_bit'];

/** TRL CLI / script configs (`trl sft --config ...`). */
export const readTrlConfig: DocReader = (ctx: DocContext): Claim[] | null => {
  const d = ctx.data;
  if (typeof d.model_name_or_path !== 'string' || hasAny(d, LF_ONLY)) return null;
  if (!hasAny(d, ['dataset_name', 'use_peft', 'lora_r', 'learning_rate', 'num_train_epochs', 'max_steps', 'per_device_train_batch_size'])) return null;
  const model = str(d.model_name_or_path);
  const common = recipeAttributes(d, 'trl');
  if (bool(d.use_peft) === true) {
    const dora = bool(d.use_dora) === true ? true : undefined;
    const claims: Claim[] = [
      claimAt(ctx, ['use_peft'], CONFIG, { type: 'adapter', role: 'trained', peft_type: 'LORA', dora }, 'TRL config with use_peft: true trains a LoRA adapter', {
        ...common,
        peft_type: 'LORA',
        lora_rank: num(d.lora_r),
        lora_alpha: num(d.lora_alpha),
        lora_dropout: num(d.lora_dropout),
        target_modules: strList(d.lora_target_modules),
        dora,
      }),
    ];
    if (bool(d.load_in_4bit) === true) {
      const type = str(d.bnb_4bit_quant_type) ?? 'nf4';
      claims.push(claimAt(ctx, ['load_in_4bit'], CONFIG, { type: 'base-precision', bits: 4 }, `load_in_4bit: true (4-bit ${type} base)`, { base_bits: 4, quant_method: 'bitsandbytes', quant_type: type }));
    } else if (bool(d.load_in_8bit) === true) {
      claims.push(claimAt(ctx, ['load_in_8bit'], CONFIG, { type: 'base-precision', bits: 8 }, 'load_in_8bit: true (8-bit base)', { base_bits: 8, quant_method: 'bitsandbytes', quant_type: 'int8' }));
    } else {
      claims.push(claimAt(ctx, ['use_peft'], CONFIG, { type: 'base-precision', bits: null }, 'neither load_in_4bit nor load_in_8bit: the base is not quantized'));
    }
    claims.push(...baseNameClaims(ctx, ['model_name_or_path'], model));
    return claims;
  }
  return [claimAt(ctx, ['model_name_or_path'], CONFIG, { type: 'full-training' }, `TRL config without use_peft: all weights of ${model} are trained`, common)];
};
