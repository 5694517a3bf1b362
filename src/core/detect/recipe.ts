/**
 * The generic recipe reader: any settings object (a config file, the flags of a command) is read with
 * the vocabulary, matched to the tool profile it looks most like, and turned into claims by one set of
 * rules:
 *   - What the settings do (their role) comes from the program that runs them, or, for a file, from
 *     its concepts: training hyperparameters make a training recipe, merge / export settings an export,
 *     quantization settings without training a quantization recipe, inference / serving / evaluation
 *     settings (or an adapter loaded without training) a use of the model.
 *   - A training recipe trains an adapter when its method says so (adapter: lora, finetuning_type: lora,
 *     train_type: lora, peft_scheme: lora, fine_tune_type: dora, ...), when a switch is on (use_peft,
 *     use_lora, lora: true), when a rank is set and the tool's rank alone turns LoRA on, or by the tool's
 *     default (LLaMA-Factory, ms-swift, mlx-lm, mistral-finetune train LoRA unless told otherwise).
 *     A method of full / freeze, a switch that is off, or a rank of 0 trains all weights. Flags that are
 *     present but off never turn anything on.
 *   - The base an adapter trains on is 4-bit from adapter: qlora, use_qlora / q_lora, load_in_4bit,
 *     quantization_bit / quant_bits 4, quantization: int4 / nf4 / bnb.nf4, quantize_base, backbone_dtype
 *     int4, or a base model id such as "...-bnb-4bit"; 8-bit likewise. Training-time precision of
 *     optimizers (adamw_bnb_8bit) and FP8 mixed precision are not base precision.
 *   - A training recipe that merges its adapter (merge_lora, merge_adapter, save_adapters: false) leaves
 *     a merged model: lora-merged.
 *   - A quantize or export command with a bit width or method produces quantized weights; the format
 *     (sub_kind) comes from the method named or the program (GGUF for llama.cpp, MLX, EXL2, ...).
 */
import { METADATA, WEAK, type Claim, type Obj, type Skip, type Strength, type Touch, bitsFromModelName, isObj } from './claims.ts';
import type { Command } from './commands.ts';
import type { ParsedDoc, PathSeg } from './parse.ts';
import { type ProgramProfile, type ProgramRole, TOOLS, type ToolProfile, toolProfile } from './tools.ts';
import type { QuantSubKind, UpdateAttributes } from './types.ts';
import { type AdapterKind, type Hit, type QuantName, GGUF_TYPE, adapterKindOf, all, findConcepts, first, normalizeKey, quantNameOf, readBool, readList, readNumber } from './vocabulary.ts';


export interface Reading {
  /** Which reader produced it (for ties). */
  reader: string;
  /** How strongly the document looks like this reader's format. */
  score: number;
  claims: Claim[];
  touches: Touch[];
  /** Positively recognized as not touching a model (with why). */
  skips: Skip[];
}

export interface RecipeInput {
  file: string;
  doc: ParsedDoc;
  data: Obj;
  strength: Strength;
  /** Set for commands: the program, its role, its profile and positionals. */
  command?: Command;
  /** What the settings are, for reasons: "axolotl recipe", "swift sft command". */
  label?: string;
}

/** Merge methods of mergekit and mlx_lm.merge (https://github.com/arcee-ai/mergekit/blob/main/docs/merge_methods.md). */
const MERGE_METHODS = /^(linear|slerp|nuslerp|ties|dare_ties|dare_linear|task_arithmetic|passthrough|model_stock|breadcrumbs|breadcrumbs_ties|della|della_linear|karcher|nearswap|sce|arcee_fusion|multislerp|cabs|core_space|ram|moe|frankenmerge|average|avg|fisher|regmean)$/i;
/** Keys only GPTQ quantizers take (AutoGPTQ BaseQuantizeConfig, optimum GPTQConfig, GPTQ-for-LLaMa flags). */
const GPTQ_KEYS = /^(desc_act|act_order|damp_percent|true_sequential|static_groups|block_name_to_quantize|module_name_preceding_first_block|use_exllama|model_seqlen|use_cuda_fp16|wbits|gptq_bits|gptq_group_size)$/;

const TRAIN_CONCEPTS = ['train.lr', 'train.steps', 'train.epochs', 'train.dataset', 'train.batch', 'train.optimizer', 'train.stage'] as const;
const ADAPTER_CONCEPTS = ['adapter.kind', 'adapter.on', 'adapter.qlora', 'adapter.rank', 'adapter.alpha', 'adapter.dropout', 'adapter.targets', 'adapter.dora'] as const;

function toolScore(profile: ToolProfile, data: Obj, hits: readonly Hit[]): number {
  const keys = new Set<string>();
  const collect = (node: unknown, depth: number) => {
    if (!isObj(node) || depth > 2) return;
    for (const [k, v] of Object.entries(node)) {
      keys.add(normalizeKey(k));
      collect(v, depth + 1);
    }
  };
  collect(data, 0);
  let score = 0;
  for (const [k, w] of Object.entries(profile.keys)) if (keys.has(k)) score += w;
  for (const v of profile.values ?? []) {
    const found = findValue(data, v.key, 0);
    if (found.some((x) => typeof x === 'string' && v.pattern.test(x))) score += v.weight;
  }
  void hits;
  return score;
}

function findValue(node: unknown, key: string, depth: number): unknown[] {
  if (depth > 4) return [];
  const out: unknown[] = [];
  if (Array.isArray(node)) for (const item of node) out.push(...findValue(item, key, depth + 1));
  else if (isObj(node)) {
    for (const [k, v] of Object.entries(node)) {
      if (normalizeKey(k) === key) out.push(v);
      if (typeof v === 'object' && v !== null) out.push(...findValue(v, key, depth + 1));
    }
  }
  return out;
}

export function bestTool(data: Obj, hits: readonly Hit[]): { tool?: ToolProfile; score: number } {
  let best: ToolProfile | undefined;
  let bestScore = 0;
  for (const t of TOOLS) {
    const s = toolScore(t, data, hits);
    if (s > bestScore) {
      best = t;
      bestScore = s;
    }
  }
  return bestScore >= 3 ? { tool: best, score: bestScore } : { score: bestScore };
}

function concepts(hits: readonly Hit[], list: readonly string[]): Set<string> {
  return new Set(hits.filter((h) => list.includes(h.concept)).map((h) => h.concept));
}

/** A training hit that says training does not happen (do_train: false). */
function trainingOff(hits: readonly Hit[]): boolean {
  return all(hits, 'train.stage').some((h) => (h.key === 'do_train' || h.key === 'train') && readBool(h.value) === false);
}

interface AdapterDecision {
  on: boolean | undefined;
  kind?: AdapterKind;
  why: string;
  at: PathSeg[];
  /** Decided by the tool's default rather than by a key. */
  byDefault?: boolean;
}

function decideAdapter(hits: readonly Hit[], tool: ToolProfile | undefined, implies: ProgramProfile['implies'] | undefined): AdapterDecision {
  const kinds = all(hits, 'adapter.kind')
    .map((h) => ({ h, kind: adapterKindOf(h.value) }))
    .filter((k): k is { h: Hit; kind: AdapterKind } => k.kind !== undefined);
  // A method named by a string decides; "off" only when no other method string turns one on.
  const onKind = kinds.find((k) => k.kind !== 'off' && k.kind !== 'full' && k.kind !== 'freeze');
  const fullKind = kinds.find((k) => k.kind === 'full' || k.kind === 'freeze');
  const offKind = kinds.find((k) => k.kind === 'off');
  const kindSwitch = all(hits, 'adapter.kind_switch').find((h) => readBool(h.value) === true);
  // use_qlora / q_lora false says "not QLoRA", not "no adapter": only switches that are on count for QLoRA.
  const switches = [...all(hits, 'adapter.on'), ...all(hits, 'adapter.qlora').filter((h) => readBool(h.value) === true)]
    .map((h) => ({ h, on: readBool(h.value) }))
    .filter((s) => s.on !== undefined);
  const switchOn = switches.find((s) => s.on === true);
  const show = (h: Hit) => `${h.key}: ${typeof h.value === 'object' ? JSON.stringify(h.value).slice(0, 40) : String(h.value)}`;
  if (fullKind && !onKind) return { on: false, kind: fullKind.kind, why: show(fullKind.h), at: fullKind.h.path };
  if (kindSwitch && !onKind) {
    const kind = adapterKindOf(kindSwitch.key.replace(/^use_/, '').replace(/_adapter$/, '')) ?? 'lora';
    return { on: true, kind, why: show(kindSwitch), at: kindSwitch.path };
  }
  if (onKind) {
    // A method string that is overridden by an explicit off switch of the same section stays on: the method names what is trained.
    return { on: true, kind: onKind.kind, why: show(onKind.h), at: onKind.h.path };
  }
  if (switchOn) return { on: true, kind: switchOn.h.concept === 'adapter.qlora' ? 'qlora' : 'lora', why: show(switchOn.h), at: switchOn.h.path };
  if (switches.length > 0) return { on: false, why: show(switches[0].h), at: switches[0].h.path };
  if (offKind) return { on: false, kind: 'off', why: show(offKind.h), at: offKind.h.path };
  const ranks = all(hits, 'adapter.rank').map((h) => ({ h, r: readNumber(h.value) })).filter((r) => r.r !== undefined);
  const inSection = ranks.find((r) => r.h.path.length > 1);
  if (ranks.length > 0 && ranks.every((r) => r.r === 0) && (tool?.rankEnables ?? true)) return { on: false, why: `${ranks[0].h.key}: 0`, at: ranks[0].h.path };
  const positive = ranks.find((r) => (r.r ?? 0) > 0);
  if (positive && (tool?.rankEnables || (inSection && (inSection.r ?? 0) > 0) || !tool)) {
    return { on: true, kind: 'lora', why: `${positive.h.key}: ${positive.r}`, at: positive.h.path };
  }
  if (implies?.adapter) return { on: implies.adapter === 'lora', kind: implies.adapter === 'lora' ? 'lora' : 'full', why: 'the program', at: [], byDefault: false };
  if (tool?.trainingDefault === 'lora') return { on: true, kind: 'lora', why: `${tool.tool} trains LoRA by default`, at: [], byDefault: true };
  if (tool?.trainingDefault === 'full') return { on: false, why: `${tool.tool} trains all weights unless an adapter is set`, at: [], byDefault: true };
  return { on: undefined, why: 'no adapter setting', at: [] };
}

interface BaseBits {
  bits: number | null;
  why: string;
  at: PathSeg[];
  strength: Strength;
  attrs?: UpdateAttributes;
}

/** What the settings say about the precision of the base an adapter trains on. */
function baseBits(hits: readonly Hit[], kind: AdapterKind | undefined, strength: Strength): BaseBits[] {
  const out: BaseBits[] = [];
  const bnbType = first(hits, 'quant.bnb_type');
  const type = typeof bnbType?.value === 'string' ? bnbType.value.toLowerCase() : undefined;
  if (kind === 'qlora') out.push({ bits: 4, why: 'QLoRA trains on a 4-bit base', at: first(hits, 'adapter.kind')?.path ?? [], strength, attrs: { base_bits: 4 } });
  for (const h of all(hits, 'adapter.qlora')) {
    if (readBool(h.value) === true) {
      const qb = all(hits, 'quant.bits').find((b) => /q_lora_bits|bits/.test(b.key));
      const b = qb ? readNumber(qb.value) : undefined;
      out.push({ bits: b ?? 4, why: `${h.key}: true (QLoRA: a ${b ?? 4}-bit base)`, at: h.path, strength, attrs: { base_bits: b ?? 4, quant_method: 'bitsandbytes', quant_type: type ?? 'nf4' } });
    }
  }
  for (const h of all(hits, 'base.4bit')) {
    const v = readBool(h.value);
    if (v === true) out.push({ bits: 4, why: `${h.key}: true (base loaded in 4-bit${type ? ` ${type}` : ''})`, at: h.path, strength, attrs: { base_bits: 4, quant_method: 'bitsandbytes', quant_type: type ?? 'nf4' } });
  }
  for (const h of all(hits, 'base.8bit')) {
    if (readBool(h.value) === true) out.push({ bits: 8, why: `${h.key}: true (base loaded in 8-bit)`, at: h.path, strength, attrs: { base_bits: 8, quant_method: 'bitsandbytes', quant_type: 'int8' } });
  }
  for (const h of all(hits, 'quant.bits')) {
    const b = readNumber(h.value);
    if (b !== undefined && b > 0 && b < 16 && !/export/.test(h.key)) out.push({ bits: b, why: `${h.key}: ${b} (a ${b}-bit base)`, at: h.path, strength, attrs: { base_bits: b } });
  }
  for (const h of all(hits, 'quant.method')) {
    const q = quantNameOf(h.value);
    if (q && q.bits !== undefined && q.bits < 16) out.push({ bits: q.bits, why: `${h.key}: ${String(h.value)} (a ${q.bits}-bit base)`, at: h.path, strength, attrs: { base_bits: q.bits, quant_method: q.method, quant_type: q.quant_type } });
  }
  for (const h of all(hits, 'quant.base_nf4')) {
    if (readBool(h.value) === true) out.push({ bits: 4, why: `${h.key}: true (NF4 base)`, at: h.path, strength, attrs: { base_bits: 4, quant_type: 'nf4' } });
  }
  for (const h of all(hits, 'quant.backbone_dtype')) {
    const q = typeof h.value === 'string' ? /int(\d+)/i.exec(h.value) : null;
    if (q) out.push({ bits: Number(q[1]), why: `${h.key}: ${String(h.value)} (a ${q[1]}-bit backbone)`, at: h.path, strength, attrs: { base_bits: Number(q[1]) } });
  }
  for (const h of all(hits, 'model.base')) {
    if (typeof h.value !== 'string') continue;
    const b = bitsFromModelName(h.value);
    if (b) out.push({ bits: b.bits, why: `base model ${h.value} is a ${b.bits}-bit checkpoint ('${b.token}' in its id)`, at: h.path, strength: METADATA, attrs: { base_bits: b.bits } });
  }
  if (out.length === 0) {
    const off = [...all(hits, 'base.4bit'), ...all(hits, 'base.8bit')].filter((h) => readBool(h.value) === false);
    if (off.length > 0) out.push({ bits: null, why: `${off.map((h) => `${h.key}: false`).join(', ')} (the base is not quantized)`, at: off[0].path, strength });
  }
  return out;
}

/** The first hit of `concept` whose value reads as a number. */
function firstNumber(hits: readonly Hit[], concept: Hit['concept']): number | undefined {
  for (const h of all(hits, concept)) {
    const v = readNumber(h.value);
    if (v !== undefined) return v;
  }
  return undefined;
}

function adapterAttributes(hits: readonly Hit[], kind: AdapterKind | undefined): UpdateAttributes {
  const num = (c: Hit['concept']) => firstNumber(hits, c);
  let targets: string[] | undefined;
  for (const h of all(hits, 'adapter.targets')) {
    if (h.key === 'lora_target_linear') {
      if (readBool(h.value) === true) targets ??= ['all-linear'];
      continue;
    }
    const l = readList(h.value);
    if (l) {
      targets ??= l;
      break;
    }
  }
  const layers = all(hits, 'adapter.layers')
    .map((h) => (Array.isArray(h.value) ? h.value.map(readNumber).filter((n): n is number => n !== undefined) : undefined))
    .find((l) => l && l.length > 0);
  const dora = kind === 'dora' || all(hits, 'adapter.dora').some((h) => readBool(h.value) === true);
  const peft = kind === undefined || kind === 'lora' || kind === 'qlora' || kind === 'dora' ? 'LORA' : kind === 'other-adapter' ? undefined : kind.toUpperCase();
  return {
    peft_type: peft,
    lora_rank: num('adapter.rank'),
    lora_alpha: num('adapter.alpha'),
    lora_dropout: num('adapter.dropout'),
    target_modules: targets,
    layers,
    dora: dora ? true : undefined,
  };
}

function runAttributes(hits: readonly Hit[], toolName: string | undefined): UpdateAttributes {
  const num = (c: Hit['concept']) => firstNumber(hits, c);
  let base: string | undefined;
  for (const h of all(hits, 'model.base')) {
    const v = typeof h.value === 'string' ? h.value : isObj(h.value) ? (typeof h.value.model_name === 'string' ? h.value.model_name : typeof h.value.pretrained_model_name_or_path === 'string' ? h.value.pretrained_model_name_or_path : undefined) : undefined;
    if (v && /^[A-Za-z0-9][\w.-]*(\/[A-Za-z0-9][\w.-]*)?$/.test(v)) {
      base = v;
      break;
    }
  }
  return { base_model: base, learning_rate: num('train.lr'), training_steps: num('train.steps'), epochs: num('train.epochs'), tool: toolName };
}

function clean(attrs: UpdateAttributes): UpdateAttributes {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0)) out[k] = v;
  return out as UpdateAttributes;
}

function quantFromSettings(data: Obj, hits: readonly Hit[], implies: ProgramProfile['implies'], positionals: readonly string[], program?: string, toolFormat?: string, force = false): { name?: QuantName; bits?: number; group?: number; at: PathSeg[]; why?: string } {
  let name: QuantName | undefined;
  let at: PathSeg[] = [];
  let why: string | undefined;
  const bitsHit = all(hits, 'quant.bits').find((h) => readNumber(h.value) !== undefined) ?? (readNumber(data.bits) !== undefined ? { concept: 'quant.bits' as const, path: ['bits'], key: 'bits', value: data.bits } : undefined);
  const bits = bitsHit ? readNumber(bitsHit.value) : undefined;
  for (const h of all(hits, 'quant.method')) {
    const q = quantNameOf(h.value, bits);
    if (q) {
      name = q;
      at = h.path;
      why = `${h.key}: ${String(h.value)}`;
      break;
    }
  }
  if (!name) {
    const type = positionals.find((p) => GGUF_TYPE.test(p));
    if (type) {
      name = quantNameOf(type);
      why = `quant type ${type.toUpperCase()}`;
    }
  }
  if (!name && program && force) {
    // The program's own name may name the format (quantize_to_nvfp4.py, awq_quantize.py).
    for (const word of (program.split('/').pop() ?? program).replace(/\.(py|sh)$/, '').split(/[_.\s-]+/)) {
      const q = /^(quantize|quant|to|run|main|model|convert)$/.test(word) ? undefined : quantNameOf(word, bits);
      if (q) {
        name = q;
        why = `the program ${program}`;
        break;
      }
    }
  }
  const gptqKey = Object.keys(data).map(normalizeKey).find((k) => GPTQ_KEYS.test(k));
  if ((!name || name.sub_kind === 'other') && gptqKey) {
    name = { sub_kind: 'gptq', method: 'gptq', bits, quant_type: name?.quant_type };
    why = why ?? `GPTQ settings (${gptqKey})`;
  }
  if (!name && bitsHit) {
    at = bitsHit.path;
    why = `${bitsHit.key}: ${String(bitsHit.value)}`;
  }
  if (toolFormat && name && !implies?.sub_kind) name = { ...name, sub_kind: toolFormat as QuantSubKind, quant_type: name.quant_type ?? name.method };
  const g = all(hits, 'quant.group_size').map((h) => readNumber(h.value)).find((n) => n !== undefined);
  if (implies?.sub_kind && (name || bits !== undefined || force)) {
    // The program fixes the format (GGUF for llama.cpp, MLX for mlx_lm, AWQ for awq.entry); the method string may name the scheme.
    const scheme = name?.quant_type ?? (name && name.method !== implies.method ? name.method : undefined);
    name = { sub_kind: implies.sub_kind as QuantSubKind, method: implies.method ?? implies.sub_kind, bits: name?.bits ?? bits, quant_type: scheme };
  }
  return { name, bits: name?.bits ?? bits, group: g, at, why };
}

const SIMPLE_ROLES: ProgramRole[] = ['train', 'quantize', 'merge-adapter', 'merge-models', 'export', 'convert', 'use'];

/** The role of a file's settings, from its concepts. */
function roleOfSettings(hits: readonly Hit[], data: Obj): ProgramRole | undefined {
  void data;
  const train = concepts(hits, TRAIN_CONCEPTS);
  const adapter = concepts(hits, ADAPTER_CONCEPTS);
  const mergeLora = all(hits, 'merge.lora').some((h) => readBool(h.value) === true) || all(hits, 'merge.save_adapters').some((h) => readBool(h.value) === false);
  const exportDir = first(hits, 'export.dir');
  const adapterPath = first(hits, 'adapter.path');
  const quant = all(hits, 'quant.method').some((h) => quantNameOf(h.value) !== undefined) || all(hits, 'quant.bits').length > 0;
  const use = concepts(hits, ['run.infer', 'run.serve', 'run.eval']);
  const mergeMethod = all(hits, 'merge.method').some((h) => typeof h.value === 'string' && MERGE_METHODS.test(h.value.trim()));
  // A quantization section (an object) naming a method is a quantization procedure; a scalar
  // `quantization: awq` next to inference settings is how a loader opens an already quantized model.
  const quantSection = all(hits, 'quant.method').some((h) => h.path.length >= 2 && quantNameOf(h.value) !== undefined);
  const training = (train.size >= 2 || (train.size >= 1 && adapter.size >= 1)) && !trainingOff(hits);
  if (training) return 'train';
  if (mergeMethod && (first(hits, 'model.base') || Array.isArray(data.models))) return 'merge-models';
  if (quantSection && !adapterPath) return 'quantize';
  if (mergeLora || (exportDir && adapterPath)) return 'merge-adapter';
  if (exportDir) return 'export';
  if (quant && use.size === 0 && !adapterPath) return 'quantize';
  if (use.size > 0 || adapterPath || trainingOff(hits)) return 'use';
  if (adapter.size >= 2) return 'train';
  return undefined;
}

/**
 * Reads a settings object. Null when it says nothing about training, merging, quantizing or using a
 * model (the vocabulary finds no concept of a recipe).
 */
export function readRecipe(input: RecipeInput): Reading | null {
  const { file, doc, data, strength, command } = input;
  const hits = findConcepts(data);
  const lineAt = (path: PathSeg[]) => {
    if (command) {
      const key = path.find((p): p is string => typeof p === 'string');
      return key ? (command.flagLines.get(normalizeKey(key)) ?? command.line) : command.line;
    }
    return doc.lineAt(...path);
  };
  const fromProgram = command?.profile?.tool ? toolProfile(command.profile.tool) : undefined;
  const guessed = bestTool(data, hits);
  const tool = fromProgram ?? guessed.tool;
  const implies = command?.profile?.implies;
  const role: ProgramRole | undefined = command?.role ?? roleOfSettings(hits, data);
  const label = input.label ?? (command ? `\`${command.program}\` command` : tool ? `${tool.tool} config` : 'config');
  const claims: Claim[] = [];
  const touches: Touch[] = [];
  const skips: Skip[] = [];
  const claim = (path: PathSeg[], s: Strength, signal: Claim['signal'], reason: string, attrs?: UpdateAttributes) =>
    claims.push({ file, line: lineAt(path), strength: s, signal, reason, attrs: attrs ? clean(attrs) : undefined });
  const touch = (path: PathSeg[], reason: string) => touches.push({ file, line: lineAt(path), reason });
  const skip = (path: PathSeg[], reason: string) => skips.push({ file, line: lineAt(path), reason, unreadable: false });
  const train = concepts(hits, TRAIN_CONCEPTS);
  const adapterKeys = concepts(hits, ADAPTER_CONCEPTS);
  const run = runAttributes(hits, tool?.tool ?? command?.profile?.tool);
  const score = train.size + adapterKeys.size + (guessed.score >= 3 ? 2 : 0) + (command?.roleFrom === 'profile' ? 10 : 0);

  if (role === undefined || !SIMPLE_ROLES.includes(role)) {
    if (command && hits.some((h) => h.concept.startsWith('adapter.') || h.concept.startsWith('quant.') || h.concept === 'train.lr')) {
      // An unknown program with update settings: read its flags as a training run.
      return readAs('train');
    }
    return null;
  }
  return readAs(role);

  function readAs(r: ProgramRole): Reading {
    switch (r) {
      case 'use': {
        const what = command ? `${label} uses a model (inference, serving or evaluation) and changes no weights` : `${label} for inference, serving or evaluation: it trains, merges and quantizes nothing`;
        skip([], what);
        return { reader: 'recipe', score: Math.max(score, 1), claims, touches, skips };
      }
      case 'merge-models': {
        claim([], strength, { type: 'model-merge' }, `${label} merges models`, { tool: tool?.tool ?? command?.profile?.tool });
        return { reader: 'recipe', score: Math.max(score, 3), claims, touches, skips };
      }
      case 'merge-adapter': {
        const at = first(hits, 'merge.lora')?.path ?? first(hits, 'adapter.path')?.path ?? [];
        const adapterPath = first(hits, 'adapter.path');
        claim(at, strength, { type: 'adapter-merged' }, `${label} merges an adapter into its base${adapterPath && typeof adapterPath.value === 'string' ? ` (${adapterPath.value})` : ''}`, run);
        if (train.size >= 2) readTraining(true);
        return { reader: 'recipe', score: Math.max(score, 3), claims, touches, skips };
      }
      case 'export': {
        const mergeOn = all(hits, 'merge.lora').find((h) => readBool(h.value) === true);
        const adapterPath = first(hits, 'adapter.path');
        if (mergeOn || (adapterPath && (first(hits, 'export.dir') || tool?.tool === 'llama-factory'))) {
          claim((mergeOn ?? adapterPath)!.path, strength, { type: 'adapter-merged' }, `${label} merges an adapter into its base (${mergeOn ? `${mergeOn.key}: true` : `${adapterPath!.key} + export`})`, run);
        }
        readQuantization(tool?.tool === 'llama-factory' ? { sub_kind: 'gptq', method: 'gptq' } : undefined, true);
        if (claims.length === 0) touch([], `${label} exports a model without merge or quantization settings: what it writes is not said`);
        return { reader: 'recipe', score: Math.max(score, 3), claims, touches, skips };
      }
      case 'convert': {
        const before = claims.length;
        // mlx_lm.convert -q / --quantize, optimum --weight-format int4: a conversion that quantizes.
        const quantizeFlag = Object.entries(data).some(([k, v]) => /^(q|quantize|quantise)$/.test(normalizeKey(k)) && readBool(v) !== false);
        readQuantization(undefined, quantizeFlag);
        if (claims.length === before) skip([], `${label} converts the format of the weights without quantizing them`);
        return { reader: 'recipe', score: Math.max(score, 3), claims, touches, skips };
      }
      case 'quantize': {
        readQuantization(undefined, true);
        if (claims.length === 0) touch([], `${label} quantizes a model, but the format is not in its settings`);
        return { reader: 'recipe', score: Math.max(score, 3), claims, touches, skips };
      }
      default: {
        readTraining(false);
        return { reader: 'recipe', score: Math.max(score, 2), claims, touches, skips };
      }
    }
  }

  function readQuantization(exportDefault: ProgramProfile['implies'] | undefined, force: boolean): void {
    const q = quantFromSettings(data, hits, implies ?? exportDefault, command?.positionals ?? [], command?.program, tool?.quantFormat, force);
    // convert commands quantize only when their precision flag names a quantized type.
    if (!q.name && !(force && q.bits !== undefined && q.bits < 16)) return;
    if (q.name && !force && q.name.sub_kind === 'other' && q.name.bits === undefined && !implies) return;
    if (!force && !q.name) return;
    const sub = q.name?.sub_kind ?? (implies?.sub_kind as QuantSubKind | undefined) ?? 'other';
    const attrs: UpdateAttributes = {
      bits: q.bits,
      quant_method: q.name?.method,
      quant_type: q.name?.quant_type,
      group_size: q.group,
      tool: tool?.tool ?? command?.profile?.tool,
      base_model: run.base_model,
    };
    claim(q.at, strength, { type: 'quantized', sub_kind: sub, method: q.name?.method }, `${label} writes quantized weights (${[q.why, q.bits !== undefined ? `${q.bits}-bit` : undefined, sub].filter(Boolean).join(', ')})`, attrs);
  }

  function readTraining(afterMerge: boolean): void {
    const decision = decideAdapter(hits, tool, implies);
    if (decision.on === true) {
      const kind = decision.kind;
      const attrs = { ...run, ...adapterAttributes(hits, kind) };
      const s = decision.byDefault ? METADATA : strength;
      const peft = kind === 'other-adapter' ? 'ADAPTER' : attrs.peft_type;
      claim(decision.at, s, { type: 'adapter', role: 'trained', peft_type: peft, dora: attrs.dora }, `${label} trains an adapter (${decision.why})`, { ...attrs, peft_type: peft });
      for (const b of baseBits(hits, kind, strength)) {
        claim(b.at, b.strength, { type: 'base-precision', bits: b.bits }, b.why, b.attrs);
      }
      if (!afterMerge) {
        const merge = all(hits, 'merge.lora').find((h) => readBool(h.value) === true) ?? all(hits, 'merge.save_adapters').find((h) => h.key === 'save_adapters' && readBool(h.value) === false);
        if (merge) claim(merge.path, strength, { type: 'adapter-merged' }, `${label} merges the trained adapter into the weights (${merge.key}: ${String(merge.value)})`, run);
      }
      return;
    }
    if (decision.on === false || (decision.on === undefined && (train.size >= 3 || command?.roleFrom === 'profile'))) {
      if (tool?.trainingDefault === 'unstated' && decision.on !== false) {
        // Saved TrainingArguments / TrainerState: weights were trained; an adapter saved with them says which.
        claim([], WEAK, { type: 'trained' }, `${label}: a training run (its settings do not say whether an adapter or all weights were trained)`, run);
        return;
      }
      // A tool's documented default (axolotl, TRL: no adapter setting trains all weights) is as good as the key; a guess is not.
      const s = decision.on === undefined ? METADATA : strength;
      const why = decision.on === undefined ? 'no adapter setting: all weights are trained' : decision.why;
      claim(decision.at.length > 0 ? decision.at : first(hits, 'model.base')?.path ?? [], s, { type: 'full-training' }, `${label} trains all weights (${why})`, run);
      return;
    }
    touch([], `${label} trains a model, but its settings do not say how`);
  }
}
