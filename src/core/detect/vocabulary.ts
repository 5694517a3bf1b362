/**
 * The vocabulary of update concepts: the key spellings real tools use for one idea (LoRA rank is `r`,
 * `lora_r`, `lora_rank`, `lora_dim`, `adapter_dim`, `lora.rank`, `lora_parameters.rank`, ...), applied
 * to every structured document (JSON, YAML, TOML, INI, Python-as-config, saved arguments) and to the
 * flags of a command line alike. Keys are compared normalized: lower case, `-` as `_`, leading `-`/`+`
 * dropped, so `--lora-r`, `lora_r` and `++lora_r` are one spelling.
 *
 * Each spelling says where it counts: anywhere, or only under a parent key of some kind (`r` is a rank
 * only inside a LoRA / PEFT section; `bits` is a bit width only inside a quantization section). Values
 * are read by kind: numbers from "16" or 16, booleans from true / "True" / "yes", lists from YAML lists
 * or comma-separated strings. Sources for the spellings are listed with each tool in tools.ts.
 */
import { type Obj, isObj, num } from './claims.ts';

export type Concept =
  /** Adapter / fine-tuning method named by a string: lora, qlora, dora, full, freeze, ia3, ... */
  | 'adapter.kind'
  /** A switch that turns an adapter on or off: use_peft, use_lora, lora: true, peft: true. */
  | 'adapter.on'
  /** A switch that turns a 4-bit QLoRA adapter on: use_qlora, q_lora, qlora: true. */
  | 'adapter.qlora'
  /** A switch named after one PEFT method: use_adalora, use_ia3, use_loha, ... */
  | 'adapter.kind_switch'
  | 'adapter.rank'
  | 'adapter.alpha'
  | 'adapter.dropout'
  | 'adapter.targets'
  | 'adapter.layers'
  | 'adapter.dora'
  /** An existing adapter loaded (inference, merging, resuming): adapter_name_or_path, --adapters. */
  | 'adapter.path'
  /** Base loaded in 4-bit / 8-bit: load_in_4bit, load_in_8bit, use_4bit. */
  | 'base.4bit'
  | 'base.8bit'
  /** Bit width of a quantized base (training) or of the quantized output (export / quantize commands). */
  | 'quant.bits'
  /** Quantization method / format / scheme named by a string: gptq, awq, bnb, nf4, int4, fp8, Q4_K_M, ... */
  | 'quant.method'
  | 'quant.group_size'
  /** bitsandbytes 4-bit type (nf4 / fp4): describes a 4-bit base, never decides one. */
  | 'quant.bnb_type'
  /** torchtune quantize_base: the frozen base is NF4. */
  | 'quant.base_nf4'
  /** Data type of the loaded backbone (H2O LLM Studio backbone_dtype: int4, int8, bfloat16). */
  | 'quant.backbone_dtype'
  | 'merge.method'
  /** An adapter merged into the weights after training or at export: merge_lora, merge_adapter, save_merged_model. */
  | 'merge.lora'
  /** Adapters saved unmerged (mistral-finetune save_adapters: False merges). */
  | 'merge.save_adapters'
  | 'export.dir'
  | 'train.lr'
  | 'train.steps'
  | 'train.epochs'
  | 'train.dataset'
  | 'train.batch'
  | 'train.optimizer'
  /** The training stage or RL method: stage: sft, rl: dpo, trainer_type: TRL_SFT, do_train, --train. */
  | 'train.stage'
  | 'train.output'
  | 'model.base'
  /** Inference, generation, serving and evaluation settings: what a non-training config has. */
  | 'run.infer'
  | 'run.serve'
  | 'run.eval';

export type ValueKind = 'string' | 'number' | 'bool' | 'list' | 'any';

export interface Spelling {
  /** Normalized key names. */
  keys: string[];
  concept: Concept;
  kind: ValueKind;
  /** Counts only when some ancestor key (normalized) matches. */
  under?: RegExp;
  /** Counts only when the direct parent key matches. */
  parent?: RegExp;
  /** Never counts under an ancestor that matches (a model config's `quantization_config` is not a recipe's). */
  notUnder?: RegExp;
}

/** Section names under which short keys (r, rank, alpha, dropout, type, bits) have a LoRA meaning. */
const ADAPTER_SECTION = /(^|_)(lora|qlora|peft|adapters?|tuner)(_(config|parameters|tuning|args|params|cfg|kwargs|settings))?$/;
const QUANT_SECTION = /^(quantization|quantization_config|quant_config|quantize|quant|bnb_config|bnb_config_kwargs|model_quantization_config|quantization_args|quant_args|weights|quantize_config|gptq|awq)$/;

export const SPELLINGS: Spelling[] = [
  // adapters
  { keys: ['adapter', 'finetuning_type', 'train_type', 'tuner_type', 'sft_type', 'peft_type', 'peft_scheme', 'fine_tune_type', 'finetune_type', 'tuning_type', 'peft_method', 'adapter_type', 'training_type', 'tuning_method', 'finetune_method', 'tuning_strategy'], concept: 'adapter.kind', kind: 'string' },
  { keys: ['type', 'name', 'method'], concept: 'adapter.kind', kind: 'string', parent: /^(adapter|peft|peft_config|tuner)$/ },
  { keys: ['peft'], concept: 'adapter.kind', kind: 'string' },
  { keys: ['use_peft_lora', 'use_peft', 'use_lora', 'lora', 'enable_lora', 'lora_enable', 'lora_enabled', 'peft', 'only_optimize_lora', 'apply_lora', 'train_lora', 'with_lora', 'is_lora', 'do_lora', 'lora_training', 'use_adapter'], concept: 'adapter.on', kind: 'bool' },
  { keys: ['enable', 'enabled'], concept: 'adapter.on', kind: 'bool', parent: ADAPTER_SECTION },
  { keys: ['use_qlora', 'q_lora', 'qlora', 'enable_qlora', 'qlora_enable'], concept: 'adapter.qlora', kind: 'bool' },
  { keys: ['lora_r', 'lora_rank', 'lora_dim', 'lora_attn_dim', 'peft_lora_r', 'adapter_rank', 'lora_rank_dim'], concept: 'adapter.rank', kind: 'number' },
  { keys: ['r', 'rank', 'adapter_dim', 'dim', 'kqv_adapter_dim', 'kv_adapter_dim', 'q_adapter_dim', 'lora_dim'], concept: 'adapter.rank', kind: 'number', parent: ADAPTER_SECTION },
  { keys: ['use_adalora', 'use_ia3', 'use_loha', 'use_lokr', 'use_oft', 'use_boft', 'use_vera', 'use_dora_adapter'], concept: 'adapter.kind_switch', kind: 'bool' },
  { keys: ['lora_alpha', 'peft_lora_alpha', 'adapter_alpha', 'lora_scaling'], concept: 'adapter.alpha', kind: 'number' },
  { keys: ['alpha', 'scale'], concept: 'adapter.alpha', kind: 'number', parent: ADAPTER_SECTION },
  { keys: ['lora_dropout', 'peft_lora_dropout', 'adapter_dropout'], concept: 'adapter.dropout', kind: 'number' },
  { keys: ['dropout'], concept: 'adapter.dropout', kind: 'number', parent: ADAPTER_SECTION },
  { keys: ['target_modules', 'lora_target', 'lora_target_modules', 'lora_attn_modules', 'lora_module_name', 'lora_modules_to_save_not', 'lora_target_parameters', 'lora_target_linear'], concept: 'adapter.targets', kind: 'any' },
  { keys: ['keys', 'modules', 'target', 'targets'], concept: 'adapter.targets', kind: 'any', parent: ADAPTER_SECTION },
  { keys: ['layers_to_transform', 'lora_layers', 'num_lora_layers'], concept: 'adapter.layers', kind: 'any' },
  { keys: ['use_dora', 'peft_use_dora', 'dora'], concept: 'adapter.dora', kind: 'bool' },
  { keys: ['adapter_name_or_path', 'adapter_path', 'adapters', 'lora_path', 'peft_model_id', 'lora_model_dir', 'lora_weights', 'adapter_file', 'resume_adapter_file', 'peft_model_path', 'lora_model_path', 'lora_ckpt', 'lora_checkpoint', 'adapter_dir', 'lora_dir', 'adapter_model', 'peft_path', 'lora_modules', 'adapter_model_file', 'peft_model', 'lora_adapter'], concept: 'adapter.path', kind: 'any' },
  // the base an adapter trains on, or the quantized output
  { keys: ['use_4bit_quantization', 'load_in_4bit', 'load_4bit', 'use_4bit', '4bit', 'bnb_4bit', 'load_in_4_bit', 'in_4bit', 'use_bnb_4bit', '_load_in_4bit', 'load_in_nf4'], concept: 'base.4bit', kind: 'bool' },
  { keys: ['use_8bit_quantization', 'load_in_8bit', 'load_8bit', 'use_8bit', '8bit', 'in_8bit', 'use_bnb_8bit', '_load_in_8bit', 'load_in_int8'], concept: 'base.8bit', kind: 'bool' },
  { keys: ['quantization_bit', 'quant_bits', 'q_lora_bits', 'quantization_bits', 'quantize_bits', 'w_bit', 'wbits', 'w_bits', 'weight_bits', 'gptq_bits', 'export_quantization_bit', 'quant_bit', 'bits_per_weight', 'nbits_per_codebook_not'], concept: 'quant.bits', kind: 'number' },
  { keys: ['bits', 'nbits', 'num_bits', 'bit', 'n_bits', 'q_bits', 'b'], concept: 'quant.bits', kind: 'number', under: QUANT_SECTION },
  { keys: ['q_bits', 'q_bit'], concept: 'quant.bits', kind: 'number' },
  { keys: ['quant_method', 'quantization_method', 'quant_algo', 'qformat', 'quant_format', 'quantization', 'quantize', 'quant', 'quantization_type', 'weight_format', 'quant_scheme', 'quantization_scheme', 'outtype', 'quantization_mode', 'quant_mode', 'precision_quant', 'algo', 'quant_algorithm', 'qscheme', 'scheme'], concept: 'quant.method', kind: 'string' },
  { keys: ['method', 'algorithm', 'algo', 'scheme', 'format', 'type', 'name', 'weights', 'dtype', 'mode', 'weight_dtype', 'quant_type', 'approach'], concept: 'quant.method', kind: 'string', parent: QUANT_SECTION },
  { keys: ['group_size', 'q_group_size', 'groupsize', 'quant_group_size', 'gs', 'export_quantization_group_size'], concept: 'quant.group_size', kind: 'number', under: QUANT_SECTION },
  { keys: ['q_group_size', 'groupsize', 'quant_group_size', 'q_group', 'gptq_group_size', 'export_quantization_group_size'], concept: 'quant.group_size', kind: 'number' },
  { keys: ['bnb_4bit_quant_type', 'quant_type_4bit'], concept: 'quant.bnb_type', kind: 'string' },
  { keys: ['quantize_base'], concept: 'quant.base_nf4', kind: 'bool' },
  { keys: ['backbone_dtype'], concept: 'quant.backbone_dtype', kind: 'string' },
  // merges
  { keys: ['merge_method', 'merge_type', 'merge_strategy'], concept: 'merge.method', kind: 'string' },
  { keys: ['method'], concept: 'merge.method', kind: 'string', parent: /^$/ },
  { keys: ['merge_lora', 'merge_adapter', 'merge_adapters', 'merge_and_unload', 'merge_lora_weights', 'save_merged_model', 'save_merged', 'merge_peft', 'fuse_lora', 'merge_lora_after_train', 'push_merged_model', 'merge_weights', 'merge_lora_into_base', 'save_merged_lora_model'], concept: 'merge.lora', kind: 'bool' },
  { keys: ['save_adapters', 'save_adapter_weights_only', 'save_only_adapter', 'adapter_only'], concept: 'merge.save_adapters', kind: 'bool' },
  { keys: ['export_dir', 'merged_model_path', 'merged_output_dir', 'output_merged_dir', 'save_merged_path', 'merge_output_dir'], concept: 'export.dir', kind: 'string' },
  // training run
  { keys: ['learning_rate', 'lr', 'max_lr', 'peak_lr', 'base_lr', 'init_lr', 'actor_learning_rate', 'critic_learning_rate', 'optimizer_lr', 'adam_lr', 'learning_rates'], concept: 'train.lr', kind: 'number' },
  { keys: ['max_steps', 'train_iters', 'max_iters', 'num_train_steps', 'total_steps', 'training_steps', 'iters', 'max_train_steps', 'num_steps', 'max_steps_per_epoch', 'num_training_steps', 'total_training_steps', 'train_steps', 'max_num_steps'], concept: 'train.steps', kind: 'number' },
  { keys: ['steps'], concept: 'train.steps', kind: 'number', parent: /^(training|trainer|train|schedule)$/ },
  { keys: ['num_train_epochs', 'num_epochs', 'epochs', 'max_epochs', 'n_epochs', 'train_epochs', 'epoch_num', 'max_duration', 'training_epochs'], concept: 'train.epochs', kind: 'any' },
  { keys: ['dataset', 'datasets', 'dataset_name', 'train_file', 'data_path', 'train_dataset', 'dataset_path', 'train_data', 'data_files', 'dataset_dir', 'train_data_path', 'dataset_mixer', 'dataset_mixer_list', 'prompt_data', 'instruct_data', 'train_datasets', 'train_path', 'dataset_config', 'train_loader', 'train_data_file', 'sft_dataset', 'dataset_id', 'data_dir'], concept: 'train.dataset', kind: 'any' },
  { keys: ['per_device_train_batch_size', 'micro_batch_size', 'train_batch_size', 'global_batch_size', 'gradient_accumulation_steps', 'micro_train_batch_size', 'train_micro_batch_size', 'per_gpu_train_batch_size', 'device_train_microbatch_size', 'global_train_batch_size', 'gradient_accumulation_iters', 'accumulate_grad_batches', 'batch_size', 'train_batch_size_per_device', 'micro_batch_size_per_gpu'], concept: 'train.batch', kind: 'any', notUnder: /^(eval|evaluation|inference|generation|generate|serve|serving|eval_loader)$/ },
  { keys: ['optimizer', 'optim', 'optimizer_type', 'lr_scheduler_type', 'lr_scheduler', 'warmup_steps', 'warmup_ratio', 'weight_decay', 'gradient_checkpointing', 'scheduler', 'max_grad_norm', 'lr_warmup_steps', 'warmup', 'adam_beta1', 'adam_beta2', 'gradient_clipping', 'grad_clip', 'loss'], concept: 'train.optimizer', kind: 'any' },
  { keys: ['stage', 'rl', 'do_train', 'train', 'trainer_type', 'rlhf_type', 'training_stage', 'train_mode', 'finetune', 'pretrain_mode'], concept: 'train.stage', kind: 'any' },
  { keys: ['output_dir', 'save_dir', 'save_path', 'output_path', 'ckpt_dir', 'save_folder', 'run_dir', 'checkpoint_dir', 'output_model', 'save_directory', 'output'], concept: 'train.output', kind: 'string' },
  { keys: ['base_model', 'model_name_or_path', 'model', 'model_id', 'model_path', 'pretrained_model_name_or_path', 'model_id_or_path', 'hf_path', 'base_model_name_or_path', 'pretrain', 'model_name', 'restore_from_path', 'hf_model', 'model_dir', 'init_from', 'base_model_path', 'llm', 'hf_model_name', 'model_type_or_path', 'pretrained', 'base_model_id', 'input_model', 'model_checkpoint', 'checkpoint'], concept: 'model.base', kind: 'any' },
  // not training
  { keys: ['infer_backend', 'do_predict', 'max_new_tokens', 'temperature', 'top_p', 'top_k', 'do_sample', 'repetition_penalty', 'num_beams', 'infer', 'inference', 'generation_config', 'max_tokens', 'stream', 'chat_template_kwargs', 'prompt', 'prompts', 'generate'], concept: 'run.infer', kind: 'any', notUnder: /^(training|train|trainer|grpo|ppo|rollout|generation_kwargs|sampling)$/ },
  { keys: ['tensor_parallel_size', 'gpu_memory_utilization', 'served_model_name', 'port', 'host', 'max_model_len', 'max_num_seqs', 'api_key', 'max_loras', 'max_lora_rank', 'enable_lora_serving', 'serve', 'server', 'deploy', 'endpoint', 'replicas', 'vllm', 'sglang', 'max_batch_size_serving'], concept: 'run.serve', kind: 'any', notUnder: /^(training|train|trainer|rollout|vllm_engine|generation)$/ },
  { keys: ['icl_tasks', 'eval_gauntlet', 'tasks', 'metric_list', 'doc_to_text', 'doc_to_target', 'num_fewshot', 'output_type', 'eval_tasks', 'benchmark', 'benchmarks', 'eval_dataset_names', 'lm_eval', 'evaluation_tasks', 'eval_only', 'do_eval_only'], concept: 'run.eval', kind: 'any' },
];

export function normalizeKey(key: string): string {
  return key.trim().replace(/^[-+]+/, '').toLowerCase().replace(/-/g, '_');
}

export interface Hit {
  concept: Concept;
  /** Path to the key in the document, as written (for lines). */
  path: Array<string | number>;
  key: string;
  value: unknown;
}

/** At most this many keys are looked at per document: recipes have a few hundred. */
const MAX_NODES = 20000;
const MAX_DEPTH = 7;

const BY_KEY = new Map<string, Spelling[]>();
for (const s of SPELLINGS) for (const k of s.keys) BY_KEY.set(k, [...(BY_KEY.get(k) ?? []), s]);

function fits(s: Spelling, value: unknown): boolean {
  switch (s.kind) {
    case 'number':
      return readNumber(value) !== undefined;
    case 'bool':
      return readBool(value) !== undefined;
    case 'string':
      return typeof value === 'string' || (isObj(value) && s.concept === 'adapter.kind');
    default:
      return value !== undefined;
  }
}

/** Every concept a document states, in document order. Object values are descended into. */
export function findConcepts(data: unknown): Hit[] {
  const hits: Hit[] = [];
  let seen = 0;
  const walk = (node: unknown, path: Array<string | number>, keys: string[], depth: number) => {
    if (depth > MAX_DEPTH || seen > MAX_NODES) return;
    if (Array.isArray(node)) {
      node.forEach((item, i) => {
        if (isObj(item) || Array.isArray(item)) walk(item, [...path, i], keys, depth + 1);
      });
      return;
    }
    if (!isObj(node)) return;
    for (const [rawKey, value] of Object.entries(node)) {
      if (++seen > MAX_NODES) return;
      const key = normalizeKey(rawKey);
      for (const s of BY_KEY.get(key) ?? []) {
        if (s.parent && !(keys.length > 0 ? s.parent.test(keys[keys.length - 1]) : s.parent.test(''))) continue;
        if (s.under && !keys.some((k) => s.under!.test(k))) continue;
        if (s.notUnder && keys.some((k) => s.notUnder!.test(k))) continue;
        if (!fits(s, value)) continue;
        hits.push({ concept: s.concept, path: [...path, rawKey], key, value });
      }
      if (isObj(value) || Array.isArray(value)) walk(value, [...path, rawKey], [...keys, key], depth + 1);
    }
  };
  walk(data, [], [], 0);
  return hits;
}

// ---------- value readers ----------

/** A finite number, also from "2e-5", "16", "4.0" (the claims reader's rule). */
export const readNumber = num;

/** true / false, also from "True", "false", "yes", "no", "on", "off", "1", "0". */
export function readBool(x: unknown): boolean | undefined {
  if (typeof x === 'boolean') return x;
  if (typeof x === 'number') return x === 1 ? true : x === 0 ? false : undefined;
  if (typeof x === 'string') {
    const s = x.trim().toLowerCase();
    if (['true', 'yes', '1', 'on', 'y'].includes(s)) return true;
    if (['false', 'no', '0', 'off', 'n', 'none', 'null', ''].includes(s)) return false;
  }
  return undefined;
}

/** A non-empty string list from a list, a comma- or space-separated string or one string. */
export function readList(x: unknown): string[] | undefined {
  if (Array.isArray(x)) {
    const out = x.map((v) => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '')).filter(Boolean);
    return out.length > 0 ? out : undefined;
  }
  if (typeof x === 'string' && x.trim() !== '') return x.split(/[,\s]+/).map((s) => s.trim()).filter(Boolean);
  if (x === true) return ['all-linear'];
  return undefined;
}

// ---------- what the values mean ----------

export type AdapterKind = 'lora' | 'qlora' | 'dora' | 'adalora' | 'ia3' | 'loha' | 'lokr' | 'oft' | 'boft' | 'vera' | 'full' | 'freeze' | 'off' | 'other-adapter';

/**
 * The adapter (or full-training) method a string names. Undefined for strings that name none (a
 * model class, a path). Spellings from the tools' docs: LLaMA-Factory finetuning_type (lora, full,
 * freeze, oft), ms-swift train_type / tuner_type (lora, full, longlora, adalora, llamapro, adapter,
 * vera, boft, ...), NeMo peft_scheme (lora, ptuning, adapter, ia3, none), PEFT peft_type, axolotl
 * adapter (lora, qlora), mlx-lm fine_tune_type (lora, dora, full), Ludwig adapter.type, oumi peft_method.
 */
export function adapterKindOf(value: unknown): AdapterKind | undefined {
  const raw = typeof value === 'string' ? value : isObj(value) && typeof value.type === 'string' ? value.type : undefined;
  if (raw === undefined) return undefined;
  const s = raw.trim().toLowerCase().replace(/[-\s]/g, '_');
  if (s === '' || s === 'null' || s === 'none' || s === 'false' || s === 'no' || s === '~') return 'off';
  if (/^q_?lora$/.test(s)) return 'qlora';
  if (/^(lora|lora_llm|longlora|rslora|pissa|lora_plus|loraplus|lora_fa|lora_ga|olora|lora_peft|peft_lora|lora_adapter|lora_tuning|lora_finetune)$/.test(s)) return 'lora';
  if (s === 'dora') return 'dora';
  if (s === 'adalora') return 'adalora';
  if (s === 'ia3' || s === '(ia)3') return 'ia3';
  if (s === 'loha') return 'loha';
  if (s === 'lokr') return 'lokr';
  if (s === 'oft' || s === 'qoft') return 'oft';
  if (s === 'boft') return 'boft';
  if (s === 'vera') return 'vera';
  if (/^(full|full_finetune|full_ft|fft|full_parameter|all|freeze|llamapro|llama_pro|galore|lisa|badam|apollo)$/.test(s)) return s === 'freeze' ? 'freeze' : 'full';
  if (/^(adapter|adapters|bottleneck|prefix_tuning|p_tuning|ptuning|prompt_tuning|reft|fourierft|bone|llama_adapter|adaption_prompt|houlsby|parallel_adapter|hra|ln_tuning|poly|xlora|lora_moe|mora)$/.test(s)) return 'other-adapter';
  return undefined;
}

export interface QuantName {
  sub_kind: 'bnb-nf4' | 'bnb-fp4' | 'bnb-int8' | 'gptq' | 'awq' | 'fp8' | 'compressed-tensors' | 'hqq' | 'torchao' | 'gguf' | 'other';
  bits?: number;
  quant_type?: string;
  method: string;
}

/** GGUF quant type names (llama.cpp's quantize types). */
export const GGUF_TYPE = /^(i?q[1-8]_(?:k(?:_[sml]|_xl)?|[01]|xxs|xs|s|m|nl|l)(?:_[a-z0-9]+)?|tq[12]_0|mxfp4(?:_moe)?)$/i;

function bitsIn(s: string): number | undefined {
  const m = /(?:int|uint|float|fp|nf|mxfp|nvfp|w|q|i|e\dm)(\d{1,2})(?!\d)/i.exec(s) ?? /(\d{1,2})[-_ ]?bits?/i.exec(s);
  const n = m ? Number(m[1]) : NaN;
  return n >= 1 && n <= 16 ? n : undefined;
}

/**
 * The quantization a method / format / scheme string names, with its bits when the name says them.
 * Undefined for strings that are not quantization (float16, bf16, none, auto, a path).
 */
export function quantNameOf(value: unknown, bitsHint?: number): QuantName | undefined {
  if (typeof value === 'string' && /^(w\d+a\d+|fp8_block|fp8_dynamic|nvfp4a16)$/i.test(value.trim()) && value.trim() !== value.trim().toUpperCase()) value = value.trim().toUpperCase();
  if (typeof value !== 'string') return undefined;
  const raw = value.trim();
  const s = raw.toLowerCase().replace(/\s+/g, '');
  if (s === '' || /^(none|null|no|false|off|auto|float32|float16|bfloat16|fp32|fp16|bf16|f32|f16|half|full|default|\{\}|\[\])$/.test(s)) return undefined;
  const bits = bitsIn(s) ?? bitsHint;
  // llm-compressor / compressed-tensors preset scheme names, written in upper case.
  if (/^(W\d+A\d+(_ASYM)?|W4AFP8|FP8_DYNAMIC|FP8_BLOCK|NVFP4A16|NVFP4|MXFP4A16|MXFP4|INT8_W8A8|W8A8_FP8)$/.test(raw)) return { sub_kind: 'compressed-tensors', bits: bitsIn(s), quant_type: raw, method: 'compressed-tensors' };
  if (/^post_training_(static|dynamic|weight_only|auto)_quant$|^(static|dynamic)_quant(ization)?$|^weight_only$|^quant_aware_training$/.test(s)) return { sub_kind: 'other', bits, quant_type: raw, method: s };
  if (GGUF_TYPE.test(s)) return { sub_kind: 'gguf', bits: bitsIn(s.replace(/^i?q|^tq/, 'q')), quant_type: raw.toUpperCase(), method: 'gguf' };
  if (/^(gguf|llama\.?cpp|ggml)$/.test(s)) return { sub_kind: 'gguf', bits, method: 'gguf' };
  if (/gptq|marlin|exllama(?!v2_exl2)|gptqmodel|autogptq/.test(s) && !/exl2/.test(s)) return { sub_kind: 'gptq', bits, method: 'gptq' };
  if (/awq/.test(s)) return { sub_kind: 'awq', bits, method: 'awq' };
  if (/compressed[-_]?tensors|llm[-_]?compressor|pack[-_]?quantized|^w\d+a\d+$|^nvfp4a16$|^w4a16_asym$/.test(s)) return { sub_kind: 'compressed-tensors', bits, quant_type: raw, method: 'compressed-tensors' };
  if (/^hqq/.test(s)) return { sub_kind: 'hqq', bits, method: 'hqq' };
  if (/torchao|int4_weight_only|int8_weight_only|int8_dynamic_activation|int8dynact|int4weight|float8_weight_only|float8_dynamic|uintx/.test(s)) return { sub_kind: 'torchao', bits, quant_type: raw, method: 'torchao' };
  if (/^(bnb|bitsandbytes)?[._-]?nf4(?:[-_]dq)?$|^nf4$/.test(s)) return { sub_kind: 'bnb-nf4', bits: 4, quant_type: 'nf4', method: 'bitsandbytes' };
  if (/^(bnb|bitsandbytes)[._-]?fp4(?:[-_]dq)?$/.test(s)) return { sub_kind: 'bnb-fp4', bits: 4, quant_type: 'fp4', method: 'bitsandbytes' };
  if (/^(bnb|bitsandbytes)[._-]?(int8|llm[._]?int8|8bit)$/.test(s)) return { sub_kind: 'bnb-int8', bits: 8, quant_type: 'int8', method: 'bitsandbytes' };
  if (/^(bnb|bitsandbytes|bitsandbytes_4bit|bitsandbytes_8bit)$/.test(s)) {
    const b = s.endsWith('8bit') ? 8 : s.endsWith('4bit') ? 4 : bits;
    return { sub_kind: b === 8 ? 'bnb-int8' : b === 4 ? 'bnb-nf4' : 'other', bits: b, method: 'bitsandbytes' };
  }
  if (/^(fp8|fbgemm_fp8|float8|fp8_e4m3|fp8_e5m2|e4m3|f8_e4m3|w8a8_fp8|fp8_dynamic|fp8_block|fp8_pb_wo|fp8_pc_pt)$/.test(s)) return { sub_kind: 'fp8', bits: 8, quant_type: raw, method: 'fp8' };
  if (/exl2|exllamav2/.test(s)) return { sub_kind: 'other', bits, method: 'exl2' };
  if (/^mlx|^dwq$|^awq_mlx$/.test(s)) return { sub_kind: 'other', bits, method: 'mlx' };
  if (/^(int4|int8|int2|int3|uint4|uint8|4bit|8bit|3bit|2bit|4_bit|8_bit|q4|q8|i8|i4|qint8|quint8|qint4|int4_sym|int4_asym|int8_sym|int8_asym|nvfp4|mxfp4|mxfp8|mxint8|w4|w8|fp4|int4_awq|e2m1|nf3|fp6|fp5|int4_wo|int8_wo|int8_sq|int4_gptq|w4a8_awq|w4a8|smoothquant|sq|ptq|static|dynamic|aqlm|quip|quip#|spqr|vptq|eetq|quanto|quark|bitnet|hqq_|higgs|spinquant|modelopt|nvfp4_awq|fp4_awq|qat|int4_hqq)$/.test(s) || /^(q|int|uint|fp|nf|mxfp|nvfp)\d{1,2}$/.test(s)) {
    // A bare width or an algorithm without its own format: the format comes from the tool.
    if (s === 'nf4') return { sub_kind: 'bnb-nf4', bits: 4, quant_type: 'nf4', method: 'bitsandbytes' };
    return { sub_kind: 'other', bits: bitsIn(s) ?? bits, quant_type: raw, method: s };
  }
  if (/^(aqlm|quanto|optimum[-_]quanto|eetq|quark|vptq|spqr|bitnet|higgs|modelopt|nvidia[-_]modelopt|openvino|nncf|neural[-_]compressor|inc|onnx|onnxruntime|ort|mxfp4|fp_quant|auto_round|autoround|squeezellm|marlin_24|tensorrt[-_]?llm|trt[-_]?llm|gguf_q|imatrix|intel)$/.test(s)) return { sub_kind: 'other', bits, method: s };
  return undefined;
}

/** Section names whose content is quantization settings (for readers that look for them). */
export function isQuantSection(key: string): boolean {
  return QUANT_SECTION.test(normalizeKey(key));
}

/** Section names whose content is LoRA / PEFT settings. */
export function isAdapterSection(key: string): boolean {
  return ADAPTER_SECTION.test(normalizeKey(key));
}

/** The first hit of a concept. */
export function first(hits: readonly Hit[], concept: Concept): Hit | undefined {
  return hits.find((h) => h.concept === concept);
}

export function all(hits: readonly Hit[], concept: Concept): Hit[] {
  return hits.filter((h) => h.concept === concept);
}

export type { Obj };
