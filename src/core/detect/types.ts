/**
 * Public types of update-event detection: what kind of model update a change carries, read from the
 * files people commit (configs, recipes, model cards, weight headers). Nothing here knows about GitHub.
 */

/**
 * unknown: the change touches a model artifact (weights, a model config, an adapter, a recipe, a file
 * that could not be read) but no family can be established; it is always measured. none: every changed
 * file is positively recognized as not touching a model.
 */
export const UPDATE_FAMILIES = ['quantization', 'lora', 'qlora', 'lora-merged', 'full-finetune', 'merge', 'unknown', 'none'] as const;
export type UpdateFamily = (typeof UPDATE_FAMILIES)[number];

/** What a user can declare (config `update:`, a `monitor-gate/<family>` label): unknown is detection's word, not a declaration. */
export const DECLARABLE_FAMILIES = UPDATE_FAMILIES.filter((f): f is Exclude<UpdateFamily, 'unknown'> => f !== 'unknown');
export type DeclarableFamily = (typeof DECLARABLE_FAMILIES)[number];

/** sub_kind of a quantization: the serialization format / quant_method a loader sees. */
export const QUANT_SUB_KINDS = [
  'bnb-nf4',
  'bnb-fp4',
  'bnb-int8',
  'gptq',
  'awq',
  'fp8',
  'compressed-tensors',
  'hqq',
  'torchao',
  'gguf',
  'other',
] as const;
export type QuantSubKind = (typeof QUANT_SUB_KINDS)[number];

export function isUpdateFamily(value: unknown): value is UpdateFamily {
  return typeof value === 'string' && (UPDATE_FAMILIES as readonly string[]).includes(value);
}

export function isDeclarableFamily(value: unknown): value is DeclarableFamily {
  return typeof value === 'string' && (DECLARABLE_FAMILIES as readonly string[]).includes(value);
}

export function isQuantSubKind(value: unknown): value is QuantSubKind {
  return typeof value === 'string' && (QUANT_SUB_KINDS as readonly string[]).includes(value);
}

/** Normalized facts the files state. Every key is optional: only what some file says is set. */
export interface UpdateAttributes {
  /** Bits of the shipped weights (quantization). */
  bits?: number;
  /** Bits of the frozen base an adapter was trained on (4 for QLoRA, 8 for LoRA on an 8-bit base). */
  base_bits?: number;
  /** quant_method as written (bitsandbytes, gptq, awq, compressed-tensors, mlx, onnx, ...). */
  quant_method?: string;
  /** Quant type / scheme: nf4, fp4, int8, Q4_K_M, int, float, W4A16, QInt8, ... */
  quant_type?: string;
  /** Algorithm behind a quantization when it differs from the format (AWQ, GPTQ, SmoothQuant). */
  quant_algorithm?: string;
  /** Quantization group / block size (-1: no grouping, as GPTQ writes it). */
  group_size?: number;
  double_quant?: boolean;
  lora_rank?: number;
  lora_alpha?: number;
  lora_dropout?: number;
  target_modules?: string[];
  /** Layer indexes an adapter touches (from adapter weight names or layers_to_transform). */
  layers?: number[];
  dora?: boolean;
  /** PEFT type as written (LORA, ADALORA, LOHA, IA3, ...). */
  peft_type?: string;
  /** The model this update starts from. */
  base_model?: string;
  /** Models combined by a merge. */
  models?: string[];
  /** Merge method(s); stages of a multi-document mergekit config are joined with ', '. */
  merge_method?: string;
  merge_weights?: number[];
  training_steps?: number;
  epochs?: number;
  learning_rate?: number;
  /** The tool whose file stated the facts (axolotl, llama-factory, torchtune, trl, peft, mergekit, ...). */
  tool?: string;
}

/**
 * fact: used for the family; conflict: disagrees with it; skipped: a file positively recognized as not
 * touching a model (source, docs, CI); touches-model: a file that touches a model artifact (or could not
 * be read, so must be assumed to) without establishing a family - these are what make an event unknown.
 */
export type EvidenceKind = 'fact' | 'skipped' | 'conflict' | 'touches-model';

/** One fact used (or a file skipped, or a fact that disagrees), positioned for a PR annotation. */
export interface Evidence {
  /** Repository-relative path, forward slashes. */
  file: string;
  /** 1-based line; 1 for binary files and whole-file statements. */
  line: number;
  reason: string;
  kind?: EvidenceKind;
}

export interface UpdateEvent {
  family: UpdateFamily;
  /** Quantization: a QuantSubKind. LoRA-like adapters: dora, adalora or the PEFT type (loha, ia3, ...). Otherwise null. */
  sub_kind: string | null;
  attributes: UpdateAttributes;
  evidence: Evidence[];
  /** 0..1: how sure detection is (1 for a declared event). */
  confidence: number;
  /** Present when the event was declared (config `update:` or a PR label) rather than detected. */
  declared?: { source: string };
  /** What detection found, when the event was declared. */
  detected?: { family: UpdateFamily; sub_kind: string | null; confidence: number };
}

export type ChangeStatus = 'added' | 'modified' | 'removed' | 'renamed';

/** A file changed by the pull request, with lazy access to its content at the head (and base). */
export interface ChangedFile {
  /** Repository-relative path, forward slashes. */
  path: string;
  status: ChangeStatus;
  /** Path at the base, for renamed files. */
  previousPath?: string;
  /** Size in bytes at the head, when known without reading. */
  size?: number;
  /** The whole head content. Detection never calls this for files larger than a few MB. */
  read(): Promise<Uint8Array>;
  /** At most the first maxBytes bytes of the head content (fewer when the file is shorter). */
  readHead(maxBytes: number): Promise<Uint8Array>;
  /** The base content (at most maxBytes when given); undefined when the file has no base version. */
  readBase?(maxBytes?: number): Promise<Uint8Array | undefined>;
}

/** An event declared by the user instead of detected: config `update:` or a `monitor-gate/<family>` label. */
export interface DeclaredEvent {
  family: DeclarableFamily;
  sub_kind?: string;
  /** Where it was declared, e.g. ".github/monitor-gate.yml:4" or "label monitor-gate/qlora". */
  source: string;
}

export interface DetectOptions {
  declared?: DeclaredEvent;
}
