/**
 * torchtune recipes (https://pytorch.org/torchtune/main/deep_dives/configs.html): the
 * `model._component_` builder says what is trained (`qlora_*` is LoRA on an NF4 base, `lora_*` is
 * LoRA, a plain builder with an optimizer trains all weights; `quantize_base: True` on a LoRA builder
 * is QLoRA); a `quantizer` component quantizes with torchao
 * (https://pytorch.org/torchtune/main/tutorials/qat_finetune.html). A config with neither optimizer
 * nor quantizer (generation, evaluation) uses the model.
 */
import { CONFIG, type Claim, type DocContext, type DocReader, bool, claimAt, hasAny, isObj, num, str, strList } from './claims.ts';
import type { UpdateAttributes } from './types.ts';

export const readTorchtuneConfig: DocReader = (ctx: DocContext): Claim[] | null => {
  const d = ctx.data;
  const model = isObj(d.model) ? d.model : undefined;
  const component = model ? str(model._component_) : undefined;
  const quantizer = isObj(d.quantizer) ? str(d.quantizer._component_) : undefined;
  const optimizerEarly = isObj(d.optimizer) ? d.optimizer : undefined;
  const isTorchtune = (component && component.startsWith('torchtune.')) || (quantizer && quantizer.startsWith('torchtune.'));
  if (!isTorchtune) return null;
  const optimizer = isObj(d.optimizer) ? d.optimizer : undefined;
  const common: UpdateAttributes = {
    learning_rate: num(optimizer?.lr),
    epochs: num(d.epochs),
    tool: 'torchtune',
  };
  if (quantizer && !optimizerEarly) {
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
  const nf4Base = bool(model!.quantize_base) === true;
  if (/^qlora_/.test(builder) || (/^lora_/.test(builder) && nf4Base)) {
    return [
      claimAt(ctx, path, CONFIG, { type: 'adapter', role: 'trained', peft_type: 'LORA', dora: adapterAttrs.dora }, `torchtune builder ${builder}: LoRA training`, adapterAttrs),
      claimAt(ctx, nf4Base ? ['model', 'quantize_base'] : path, CONFIG, { type: 'base-precision', bits: 4 }, `torchtune ${builder}${nf4Base ? ' with quantize_base: True' : ''} builds the frozen base in NF4 (QLoRA)`, { base_bits: 4, quant_type: 'nf4' }),
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
  return [claimAt(ctx, path, CONFIG, { type: 'info' }, `torchtune config for ${builder} without training (generation or evaluation): it changes no weights`)];
};
