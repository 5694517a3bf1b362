/**
 * PEFT `adapter_config.json` (LoRA, DoRA via use_dora, AdaLoRA and every other PEFT type, kept by
 * name). PEFT configs inside training recipes are read by the vocabulary (recipe.ts).
 */
import {
  CONFIG,
  METADATA,
  type Claim,
  type DocContext,
  type DocReader,
  type Obj,
  bitsFromModelName,
  bool,
  claimAt,
  isObj,
  modelId,
  num,
  str,
  strList,
} from './claims.ts';
import type { UpdateAttributes } from './types.ts';

function layersOf(x: unknown): number[] | undefined {
  if (typeof x === 'number' && Number.isInteger(x)) return [x];
  if (Array.isArray(x) && x.every((v) => typeof v === 'number' && Number.isInteger(v))) return x as number[];
  return undefined;
}

export function peftAttributes(c: Obj): UpdateAttributes {
  const peftType = str(c.peft_type)?.toUpperCase() ?? (str(c.name) ? str(c.name)!.toUpperCase() : undefined);
  return {
    peft_type: peftType,
    lora_rank: num(c.r) ?? num(c.lora_rank),
    lora_alpha: num(c.lora_alpha),
    lora_dropout: num(c.lora_dropout),
    target_modules: strList(c.target_modules),
    layers: layersOf(c.layers_to_transform),
    dora: bool(c.use_dora) === true ? true : undefined,
    tool: 'peft',
  };
}

function describe(a: UpdateAttributes): string {
  const parts = [a.peft_type ?? 'adapter'];
  if (a.dora) parts.push('(DoRA)');
  if (a.lora_rank !== undefined) parts.push(`r=${a.lora_rank}`);
  if (a.lora_alpha !== undefined) parts.push(`alpha ${a.lora_alpha}`);
  if (a.target_modules) parts.push(`targets ${a.target_modules.slice(0, 8).join(', ')}${a.target_modules.length > 8 ? ', ...' : ''}`);
  return parts.join(' ');
}

/** Claims about the base model an adapter was trained on, from its id: "...-bnb-4bit" is a 4-bit base. */
export function baseNameClaims(ctx: DocContext, path: (string | number)[], name: string | undefined): Claim[] {
  if (!name) return [];
  const b = bitsFromModelName(name);
  if (!b) return [];
  return [
    claimAt(ctx, path, METADATA, { type: 'base-precision', bits: b.bits }, `base model ${name} is ${b.bits === 8 ? 'an' : 'a'} ${b.bits}-bit checkpoint ('${b.token}' in its id)`, {
      base_bits: b.bits,
    }),
  ];
}

function adapterClaims(ctx: DocContext, c: Obj, path: (string | number)[], role: 'trained' | 'shipped', what: string): Claim[] {
  const attrs = peftAttributes(c);
  const baseName = str(c.base_model_name_or_path);
  const claims: Claim[] = [
    claimAt(
      ctx,
      [...path, c.peft_type !== undefined ? 'peft_type' : 'name'],
      CONFIG,
      { type: 'adapter', role, peft_type: attrs.peft_type, dora: attrs.dora },
      `${what}: ${describe(attrs)}`,
      { ...attrs, base_model: modelId(baseName) },
    ),
  ];
  if (attrs.dora) claims.push(claimAt(ctx, [...path, 'use_dora'], CONFIG, { type: 'info' }, 'use_dora: true (DoRA: weight-decomposed LoRA)', { dora: true }));
  if (bool(c.use_qalora) === true) claims.push(claimAt(ctx, [...path, 'use_qalora'], CONFIG, { type: 'info' }, 'use_qalora: true (QA-LoRA, for a GPTQ-quantized base)'));
  const loftq = isObj(c.loftq_config) ? num(c.loftq_config.loftq_bits) : undefined;
  if (str(c.init_lora_weights) === 'loftq' && loftq !== undefined) {
    claims.push(
      claimAt(ctx, [...path, 'loftq_config', 'loftq_bits'], CONFIG, { type: 'base-precision', bits: loftq }, `LoftQ initialization on ${loftq === 8 ? 'an' : 'a'} ${loftq}-bit quantized base`, {
        base_bits: loftq,
      }),
    );
  }
  claims.push(...baseNameClaims(ctx, [...path, 'base_model_name_or_path'], baseName));
  return claims;
}

/** adapter_config.json: an adapter shipped unmerged. */
export const readPeftAdapterConfig: DocReader = (ctx: DocContext): Claim[] | null => {
  if (!str(ctx.data.peft_type)) return null;
  return adapterClaims(ctx, ctx.data, [], 'shipped', 'PEFT adapter config');
};
