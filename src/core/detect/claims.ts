/**
 * What the format readers hand to the combiner: claims (one statement a file makes about the update,
 * with how much it is worth) and skipped files. Internal to detection.
 */
import type { ParsedDoc, PathSeg } from './parse.ts';
import type { QuantSubKind, UpdateAttributes } from './types.ts';

/**
 * How much a claim is worth.
 * 3 config: written by a tool for the machine (config.json, adapter_config.json, recipes, weight headers).
 * 2 metadata: card front matter, tags, names of base models, adapter files by name.
 * 1 prose: a sentence in a model card (and weak structural hints, such as full weights that changed).
 */
export type Strength = 1 | 2 | 3;
export const CONFIG: Strength = 3;
export const METADATA: Strength = 2;
export const PROSE: Strength = 1;
/** As weak as prose: a structural hint that several families would explain (changed full weights). */
export const WEAK: Strength = 1;

/** Terms a prose claim came from, so that a negation in the same card ("not QLoRA") can take it back. */
export type ProseTerm = 'qlora' | 'lora' | 'full' | 'lora-merged' | 'merge' | 'nf4' | 'quantized';

export type Signal =
  /** The change ships quantized weights, or is the recipe/export that produces them. */
  | { type: 'quantized'; sub_kind?: QuantSubKind; method?: string }
  /** An adapter: trained by a recipe, or shipped unmerged (adapter config / weights). */
  | { type: 'adapter'; role: 'trained' | 'shipped'; peft_type?: string; dora?: boolean }
  /** Precision of the frozen base under an adapter; null: explicitly not quantized. */
  | { type: 'base-precision'; bits: number | null }
  /** An adapter merged into full weights. */
  | { type: 'adapter-merged' }
  /** All weights trained (no adapter). */
  | { type: 'full-training' }
  /** Weights changed by training of an unstated kind (card relation `finetune`, changed full weights). */
  | { type: 'trained' }
  /** Several models combined by a merge method. */
  | { type: 'model-merge' }
  /** A prose negation ("not a LoRA finetune") of claims from the same card. */
  | { type: 'negation'; terms: ProseTerm[] }
  /** A fact that explains the files but votes for nothing. */
  | { type: 'info' }
  /** The file touches a model artifact (weights, a model config) without saying how it was made. */
  | { type: 'touches' };

export interface Claim {
  file: string;
  line: number;
  reason: string;
  strength: Strength;
  signal: Signal;
  attrs?: UpdateAttributes;
  /** For prose claims: the term that made it. */
  term?: ProseTerm;
}

export interface Skip {
  file: string;
  line: number;
  reason: string;
  /** Kept for readers' bookkeeping; unreadable files are touches, never skips. */
  unreadable: boolean;
}

/** A file (or part of one) that touches a model artifact without saying how: what makes an event unknown. */
export interface Touch {
  file: string;
  line: number;
  reason: string;
}

export interface ReadOutcome {
  claims: Claim[];
  /** Files positively recognized as not touching a model. */
  skips: Skip[];
  /** Files that touch a model artifact (or could not be read) without establishing a family. */
  touches: Touch[];
}

// ---------- value helpers shared by the readers ----------

export type Obj = Record<string, unknown>;

export const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);

export function str(x: unknown): string | undefined {
  return typeof x === 'string' && x.trim() !== '' ? x.trim() : undefined;
}

/** A finite number, also from a numeric string ("2e-5", "4"). */
export function num(x: unknown): number | undefined {
  if (typeof x === 'number' && Number.isFinite(x)) return x;
  if (typeof x === 'string' && /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(x)) {
    const n = Number(x);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/** true/false, also from "True"/"false"/"yes"/"no" strings (model cards and CLI arguments). */
export function bool(x: unknown): boolean | undefined {
  if (typeof x === 'boolean') return x;
  if (typeof x === 'string') {
    const s = x.trim().toLowerCase();
    if (s === 'true' || s === 'yes' || s === '1') return true;
    if (s === 'false' || s === 'no' || s === '0') return false;
  }
  return undefined;
}

/** A list of strings from a list, a comma-separated string or a single string. */
export function strList(x: unknown): string[] | undefined {
  if (Array.isArray(x)) {
    const out = x.filter((v): v is string => typeof v === 'string' && v.trim() !== '').map((v) => v.trim());
    return out.length > 0 ? out : undefined;
  }
  if (typeof x === 'string' && x.trim() !== '') {
    return x
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  }
  return undefined;
}

export function numList(x: unknown): number[] | undefined {
  if (!Array.isArray(x)) return undefined;
  const out = x.map(num).filter((v): v is number => v !== undefined);
  return out.length === x.length && out.length > 0 ? out : undefined;
}

/** Drops undefined values, so attribute objects only carry what the file states. */
export function defined(attrs: UpdateAttributes): UpdateAttributes {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0)) out[k] = v;
  return out as UpdateAttributes;
}

export function hasAny(o: Obj, keys: readonly string[]): boolean {
  return keys.some((k) => Object.prototype.hasOwnProperty.call(o, k));
}

/** A short quoted value for reasons. */
export function show(value: unknown): string {
  if (typeof value === 'string') return value.length > 60 ? value.slice(0, 57) + '...' : value;
  return JSON.stringify(value) ?? String(value);
}

/**
 * Bits of a quantized checkpoint named in a model id ("unsloth/llama-3.2-3b-instruct-bnb-4bit",
 * "...-BNB-NF4-BF16", "Qwen-VL-Chat-Int4"). Only explicit bit markers count; "gptq" alone does not say the width.
 */
export function bitsFromModelName(name: string): { bits: number; token: string } | undefined {
  const id = name.toLowerCase();
  const four = /(?:^|[-_./])(bnb[-_]?4bit|4[-_]?bit|int4|nf4|fp4|w4a16|w4a8)(?=$|[-_./])/.exec(id);
  if (four) return { bits: 4, token: four[1] };
  const eight = /(?:^|[-_./])(bnb[-_]?8bit|8[-_]?bit|int8|w8a8|w8a16)(?=$|[-_./])/.exec(id);
  if (eight) return { bits: 8, token: eight[1] };
  return undefined;
}

// ---------- structured-document readers ----------


/** One parsed JSON/YAML document to read: a standalone file, or YAML embedded in a model card. */
export interface DocContext {
  file: string;
  doc: ParsedDoc;
  data: Obj;
  /** True for YAML found inside a model card (fenced block, body, CLI arguments). */
  embedded: boolean;
  /** The same document at the base of the change, when the file was modified and readable there. */
  baseData?: unknown;
}

/** Returns the claims a document makes when it is in the reader's format, or null when it is not. */
export type DocReader = (ctx: DocContext) => Claim[] | null;

export function claimAt(
  ctx: DocContext,
  path: PathSeg[],
  strength: Strength,
  signal: Signal,
  reason: string,
  attrs?: UpdateAttributes,
): Claim {
  return { file: ctx.file, line: ctx.doc.lineAt(...path), reason, strength, signal, attrs: attrs ? defined(attrs) : undefined };
}

/** A model id (org/name or name) as given, or undefined for local paths ("/models/x", "C:\\...", "./out"). */
/** What a training recipe states about its run: base model, learning rate, epochs, steps. */
export function recipeAttributes(d: Obj, tool: string): UpdateAttributes {
  return {
    base_model: modelId(str(d.model_name_or_path)),
    learning_rate: num(d.learning_rate),
    epochs: num(d.num_train_epochs),
    training_steps: num(d.max_steps),
    tool,
  };
}

export function modelId(x: unknown): string | undefined {
  const s = str(x);
  return s && /^[A-Za-z0-9][\w.-]*(\/[A-Za-z0-9][\w.-]*)?$/.test(s) ? s : undefined;
}
