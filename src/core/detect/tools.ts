/**
 * What each tool's files and commands look like, as data: the keys that identify a tool's recipe, the
 * programs (CLI names, modules, scripts) that run it, and the two conventions that differ between
 * tools: what a training run with no adapter setting trains (LLaMA-Factory and ms-swift default to
 * LoRA; axolotl, TRL and most others train all weights), and whether a LoRA rank alone turns LoRA on
 * (OpenRLHF --lora_rank, DeepSpeed-Chat --lora_dim, LitGPT lora_r) or a switch is needed (TRL use_peft,
 * axolotl adapter, open-instruct use_lora). Each entry cites the documentation its keys come from.
 */

/** What running a program does to a model. */
export type ProgramRole =
  /** Trains weights (the flags and the tool's defaults say how). */
  | 'train'
  /** Quantizes weights (the flags and the program say the format). */
  | 'quantize'
  /** Merges an adapter into its base. */
  | 'merge-adapter'
  /** Merges several models. */
  | 'merge-models'
  /** Exports a model: merges or quantizes depending on its flags, else copies it. */
  | 'export'
  /** Converts the format of the weights without changing them (or only to the precision its flags name). */
  | 'convert'
  /** Runs a model without changing it: inference, chat, serving, evaluation, benchmarks. */
  | 'use';

export interface ToolProfile {
  tool: string;
  /** Normalized keys that point at the tool's recipes, with weights (3: the tool's own key, 1: shared). */
  keys: Record<string, number>;
  /** Values of keys that only this tool writes. */
  values?: Array<{ key: string; pattern: RegExp; weight: number }>;
  /** What a training run with no adapter setting trains. 'unstated' when the file cannot say (saved TrainingArguments). */
  trainingDefault: 'lora' | 'full' | 'unstated';
  /** A LoRA rank above zero alone turns LoRA on. */
  rankEnables: boolean;
  /** The format a quantization by this tool writes, when it is fixed (NeMo / ModelOpt PTQ writes TensorRT-LLM or .qnemo checkpoints). */
  quantFormat?: 'other';
  sources: string[];
}

export const TOOLS: ToolProfile[] = [
  {
    tool: 'axolotl',
    keys: { sequence_len: 3, sample_packing: 3, micro_batch_size: 2, lora_target_linear: 3, pad_to_sequence_len: 3, val_set_size: 2, base_model: 1, datasets: 1, adapter: 1, wandb_project: 1, special_tokens: 1, flash_attention: 1, lora_model_dir: 2, eval_sample_packing: 3, num_epochs: 1, gradient_checkpointing: 0.5 },
    trainingDefault: 'full',
    rankEnables: false,
    sources: ['https://docs.axolotl.ai/docs/config-reference.html', 'https://docs.axolotl.ai/docs/lora_optims.html'],
  },
  {
    tool: 'llama-factory',
    keys: { finetuning_type: 4, stage: 2, template: 2, lora_target: 3, quantization_bit: 3, cutoff_len: 3, export_dir: 2, infer_backend: 2, plot_loss: 3, overwrite_cache: 1, preprocessing_num_workers: 1, export_quantization_bit: 3, export_size: 3, adapter_name_or_path: 1, quantization_method: 2 },
    values: [{ key: 'stage', pattern: /^(sft|pt|rm|ppo|dpo|kto)$/i, weight: 2 }],
    trainingDefault: 'lora',
    rankEnables: false,
    sources: ['https://llamafactory.readthedocs.io/en/latest/advanced/arguments.html', 'https://github.com/hiyouga/LLaMA-Factory/blob/main/examples/README.md'],
  },
  {
    tool: 'ms-swift',
    keys: { train_type: 4, tuner_type: 4, sft_type: 4, quant_bits: 2, adapters: 1, lora_rank: 1, model_type: 0.5, tuner_backend: 3, load_from_cache_file: 1, target_modules: 0.5 },
    trainingDefault: 'lora',
    rankEnables: false,
    sources: ['https://swift.readthedocs.io/en/latest/Instruction/Command-line-parameters.html'],
  },
  {
    tool: 'trl',
    keys: { use_peft: 3, dataset_name: 2, model_name_or_path: 1, lora_target_modules: 1, lora_r: 1, load_in_4bit: 1, dataset_train_split: 2, gradient_checkpointing: 0.5, bf16: 0.5, packing: 1 },
    trainingDefault: 'full',
    rankEnables: false,
    sources: ['https://huggingface.co/docs/trl/main/en/clis', 'https://huggingface.co/docs/trl/main/en/peft_integration', 'https://github.com/huggingface/alignment-handbook/tree/main/recipes'],
  },
  {
    tool: 'oumi',
    keys: { trainer_type: 3, peft_method: 2, q_lora: 2, q_lora_bits: 3, torch_dtype_str: 3, enable_gradient_checkpointing: 2, model_name: 1, lora_target_modules: 1 },
    values: [{ key: 'trainer_type', pattern: /^(TRL_|HF|OUMI)/, weight: 4 }],
    trainingDefault: 'full',
    rankEnables: false,
    sources: ['https://oumi.ai/docs/en/latest/user_guides/train/configuration.html'],
  },
  {
    tool: 'litgpt',
    keys: { lora_query: 3, lora_key: 3, lora_value: 3, lora_projection: 3, lora_mlp: 3, lora_head: 3, out_dir: 1, checkpoint_dir: 1, precision: 1, quantize: 1 },
    trainingDefault: 'full',
    rankEnables: true,
    sources: ['https://github.com/Lightning-AI/litgpt/blob/main/tutorials/finetune_lora.md', 'https://github.com/Lightning-AI/litgpt/blob/main/config_hub/finetune/README.md'],
  },
  {
    tool: 'autotrain',
    keys: { project_name: 2, backend: 1, task: 1, params: 1, merge_adapter: 3, quantization: 1, peft: 1, block_size: 1, model_max_length: 0.5 },
    values: [{ key: 'task', pattern: /^llm/i, weight: 4 }],
    trainingDefault: 'full',
    rankEnables: false,
    sources: ['https://huggingface.co/docs/autotrain/tasks/llm_finetuning', 'https://huggingface.co/docs/autotrain/config'],
  },
  {
    tool: 'h2o-llmstudio',
    keys: { backbone_dtype: 4, llm_backbone: 4, problem_type: 3, experiment_name: 2, lora: 1, lora_r: 1, output_directory: 2 },
    trainingDefault: 'full',
    rankEnables: false,
    sources: ['https://docs.h2o.ai/h2o-llmstudio/guide/experiments/experiment-settings'],
  },
  {
    tool: 'mistral-finetune',
    keys: { model_id_or_path: 3, instruct_data: 3, run_dir: 2, save_adapters: 3, seq_len: 1, ckpt_freq: 2, eval_freq: 1, no_eval: 2 },
    trainingDefault: 'lora',
    rankEnables: true,
    sources: ['https://github.com/mistralai/mistral-finetune/blob/main/README.md', 'https://github.com/mistralai/mistral-finetune/blob/main/example/7B.yaml'],
  },
  {
    tool: 'xtuner',
    keys: { pack_to_max_length: 3, accumulative_counts: 3, evaluation_freq: 2, prompt_template: 1, pretrained_model_name_or_path: 1, max_epochs: 1, evaluation_inputs: 3, sequence_parallel_size: 1 },
    values: [{ key: 'type', pattern: /^(SupervisedFinetune|LoraConfig|BitsAndBytesConfig|AutoModelForCausalLM\.from_pretrained|process_hf_dataset|LengthGroupedSampler|AmpOptimWrapper)$/, weight: 3 }],
    trainingDefault: 'full',
    rankEnables: true,
    sources: ['https://xtuner.readthedocs.io/en/latest/training/modify_settings.html', 'https://github.com/InternLM/xtuner/blob/main/docs/en/user_guides/config.md'],
  },
  {
    tool: 'nemo',
    keys: { peft_scheme: 4, restore_from_path: 2, exp_manager: 3, megatron_amp_o2: 3, tensor_model_parallel_size: 1, pipeline_model_parallel_size: 1, adapter_dim: 2, lora_tuning: 3, micro_batch_size: 0.5, model_file: 2, decoder_type: 2, inference_tensor_parallel: 3, calib_dataset: 1, num_calib_size: 2 },
    trainingDefault: 'full',
    quantFormat: 'other',
    rankEnables: false,
    sources: ['https://docs.nvidia.com/nemo-framework/user-guide/latest/sft_peft/index.html', 'https://docs.nvidia.com/nemo-framework/user-guide/latest/llms/quantization.html'],
  },
  {
    tool: 'openrlhf',
    keys: { pretrain: 2, micro_train_batch_size: 3, zero_stage: 2, max_len: 1, prompt_data: 2, actor_learning_rate: 3, flash_attn: 1, lora_rank: 1, ref_pretrain: 3, reward_pretrain: 3, apply_chat_template: 1 },
    trainingDefault: 'full',
    rankEnables: true,
    sources: ['https://openrlhf.readthedocs.io/en/latest/quick_start.html', 'https://github.com/OpenRLHF/OpenRLHF/blob/main/README.md'],
  },
  {
    tool: 'deepspeed-chat',
    keys: { lora_dim: 3, lora_module_name: 3, only_optimize_lora: 3, zero_stage: 1, data_path: 1, data_split: 3, per_device_eval_batch_size: 0.5 },
    trainingDefault: 'full',
    rankEnables: true,
    sources: ['https://github.com/microsoft/DeepSpeedExamples/blob/master/applications/DeepSpeed-Chat/training/README.md'],
  },
  {
    tool: 'open-instruct',
    keys: { use_lora: 2, use_qlora: 3, dataset_mixer_list: 3, dataset_mixer: 2, use_flash_attn: 1, tokenizer_name: 1, use_slow_tokenizer: 2, reduce_loss: 2 },
    trainingDefault: 'full',
    rankEnables: false,
    sources: ['https://github.com/allenai/open-instruct/blob/main/docs/tulu3.md', 'https://github.com/allenai/open-instruct/blob/main/open_instruct/finetune.py'],
  },
  {
    tool: 'fastchat',
    keys: { q_lora: 3, lazy_preprocess: 3, model_max_length: 1, data_path: 1, lora_r: 0.5, flash_attn: 0.5 },
    trainingDefault: 'full',
    rankEnables: false,
    sources: ['https://github.com/lm-sys/FastChat/blob/main/docs/training.md'],
  },
  {
    tool: 'llm-foundry',
    keys: { max_duration: 3, device_train_microbatch_size: 3, global_train_batch_size: 3, eval_interval: 1, fsdp_config: 1, max_seq_len: 1, save_folder: 1, icl_tasks: 1 },
    values: [{ key: 'name', pattern: /^(hf_causal_lm|mpt_causal_lm|hf_t5)$/, weight: 3 }],
    trainingDefault: 'full',
    rankEnables: false,
    sources: ['https://github.com/mosaicml/llm-foundry/blob/main/TUTORIAL.md', 'https://github.com/mosaicml/llm-foundry/blob/main/scripts/train/README.md'],
  },
  {
    tool: 'ludwig',
    keys: { input_features: 3, output_features: 3, model_type: 0.5, base_model: 1, trainer: 1, adapter: 1, quantization: 1, prompt: 0.5 },
    values: [{ key: 'model_type', pattern: /^llm$/, weight: 3 }],
    trainingDefault: 'full',
    rankEnables: false,
    sources: ['https://ludwig.ai/latest/configuration/large_language_model/'],
  },
  {
    tool: 'transformers',
    keys: { _n_gpu: 4, overwrite_output_dir: 2, logging_dir: 2, save_strategy: 2, eval_strategy: 1, evaluation_strategy: 1, push_to_hub: 1, report_to: 1, logging_steps: 0.5, global_step: 3, log_history: 4, best_model_checkpoint: 3, is_world_process_zero: 3 },
    trainingDefault: 'unstated',
    rankEnables: false,
    sources: ['https://huggingface.co/docs/transformers/main_classes/trainer#transformers.TrainingArguments', 'https://huggingface.co/docs/transformers/main_classes/callback#transformers.TrainerState'],
  },
  {
    tool: 'mlx-lm',
    keys: { fine_tune_type: 3, lora_parameters: 3, num_layers: 1, adapter_path: 1, iters: 1, steps_per_report: 3, steps_per_eval: 3, val_batches: 3, grad_checkpoint: 2 },
    trainingDefault: 'lora',
    rankEnables: false,
    sources: ['https://github.com/ml-explore/mlx-lm/blob/main/mlx_lm/LORA.md', 'https://github.com/ml-explore/mlx-lm/blob/main/mlx_lm/examples/lora_config.yaml'],
  },
  {
    tool: 'unsloth',
    keys: { max_seq_length: 1, use_gradient_checkpointing: 1, use_rslora: 1, random_state: 1, lora_r: 0.5, load_in_4bit: 0.5 },
    values: [{ key: 'use_gradient_checkpointing', pattern: /^unsloth$/, weight: 4 }],
    trainingDefault: 'lora',
    rankEnables: true,
    sources: ['https://docs.unsloth.ai/get-started/fine-tuning-llms-guide/lora-hyperparameters-guide'],
  },
];

export interface ProgramProfile {
  /** Tested against the program's id: `swift sft`, `llamafactory-cli train`, `openrlhf.cli.train_sft`, `fastchat/train/train_lora.py`, `mlx_lm.fuse`. */
  match: RegExp;
  role: ProgramRole;
  tool?: string;
  /** What the program itself fixes: a LoRA script, a full-training script, a 4-bit base. */
  implies?: { adapter?: 'lora' | 'full'; baseBits?: number; sub_kind?: string; method?: string };
  /** For quantize programs: the positional argument that names the quant type (llama-quantize in out TYPE). */
  typeFromPositional?: boolean;
  /** Flags that must be present (one of them) for this profile to apply; otherwise the next profile is tried. */
  needsFlag?: RegExp;
  source?: string;
}

/** Programs by what they do; the first that matches wins. Ids are lower case. */
export const PROGRAMS: ProgramProfile[] = [
  // ms-swift (https://swift.readthedocs.io/en/latest/Instruction/Command-line-parameters.html)
  { match: /^swift (sft|pt|rlhf)$/, role: 'train', tool: 'ms-swift' },
  { match: /^megatron (sft|pt|rlhf)$/, role: 'train', tool: 'ms-swift', implies: { adapter: 'full' } },
  { match: /^swift export$/, role: 'export', tool: 'ms-swift' },
  { match: /^swift merge[-_]lora$/, role: 'merge-adapter', tool: 'ms-swift' },
  { match: /^(swift|megatron) (infer|deploy|app|eval|web-ui|sample|rollout)$/, role: 'use', tool: 'ms-swift' },
  // LLaMA-Factory (https://github.com/hiyouga/LLaMA-Factory/blob/main/examples/README.md)
  { match: /^(llamafactory-cli|lmf) train$/, role: 'train', tool: 'llama-factory' },
  { match: /^(llamafactory-cli|lmf) export$/, role: 'export', tool: 'llama-factory' },
  { match: /^(llamafactory-cli|lmf) (chat|webchat|api|eval|webui|env|version)$/, role: 'use', tool: 'llama-factory' },
  { match: /(^|\/)src\/(train_bash|train_sft|train_pt|train_rm|train_ppo|train_dpo|train)\.py$/, role: 'train', tool: 'llama-factory' },
  { match: /(^|\/)src\/export_model\.py$/, role: 'export', tool: 'llama-factory' },
  { match: /(^|\/)src\/(cli_demo|web_demo|api_demo|evaluate)\.py$/, role: 'use', tool: 'llama-factory' },
  // TRL (https://huggingface.co/docs/trl/main/en/clis)
  { match: /^trl (sft|dpo|grpo|kto|orpo|reward|ppo|rloo|xpo|nash-md|online-dpo|bco|cpo|gkd|prm)$/, role: 'train', tool: 'trl' },
  { match: /^trl (chat|env|vllm-serve)$/, role: 'use', tool: 'trl' },
  // axolotl (https://docs.axolotl.ai/docs/cli.html)
  { match: /^axolotl (train|preprocess)$|^axolotl\.cli\.train$/, role: 'train', tool: 'axolotl' },
  { match: /^axolotl merge[-_]lora$|^axolotl\.cli\.merge_lora$/, role: 'merge-adapter', tool: 'axolotl' },
  { match: /^axolotl quantize$/, role: 'quantize', tool: 'axolotl' },
  { match: /^axolotl (inference|evaluate|lm-eval|vllm-serve)$|^axolotl\.cli\.inference$/, role: 'use', tool: 'axolotl' },
  // torchtune (https://pytorch.org/torchtune/main/tune_cli.html): `tune run <recipe> --config <config>`
  { match: /^tune run ([\w/.-]*\/)?(lora|qlora)_[\w]+$|^tune run ([\w/.-]*\/)?lora_dpo_[\w]+$|^tune run ([\w/.-]*\/)?knowledge_distillation_[\w]+$/, role: 'train', tool: 'torchtune', implies: { adapter: 'lora' } },
  { match: /^tune run ([\w/.-]*\/)?(full_finetune|full_dpo|ppo_full_finetune|qat_distributed|dev\/grpo_full|qat_single_device)[\w]*$/, role: 'train', tool: 'torchtune', implies: { adapter: 'full' } },
  { match: /^tune run ([\w/.-]*\/)?quantize$/, role: 'quantize', tool: 'torchtune', implies: { sub_kind: 'torchao', method: 'torchao' } },
  { match: /^tune run ([\w/.-]*\/)?(generate|eleuther_eval|dev\/generate_v2|generate_v2)[\w]*$|^tune (download|ls|cp|validate|cat)$/, role: 'use', tool: 'torchtune' },
  // OpenRLHF (https://openrlhf.readthedocs.io/en/latest/)
  { match: /^openrlhf\.cli\.(train_sft|train_dpo|train_rm|train_ppo|train_ppo_ray|train_kto|train_prm|train_kd|train_knowledge_distillation|train_iterative_dpo)$/, role: 'train', tool: 'openrlhf' },
  { match: /^openrlhf\.cli\.lora_combiner$/, role: 'merge-adapter', tool: 'openrlhf' },
  { match: /^openrlhf\.cli\.(batch_inference|serve_rm|interactive_chat|serve)$/, role: 'use', tool: 'openrlhf' },
  // open-instruct (https://github.com/allenai/open-instruct/blob/main/docs/tulu3.md)
  { match: /(^|\/)open_instruct\/merge_lora\.py$|^open_instruct\.merge_lora$/, role: 'merge-adapter', tool: 'open-instruct' },
  { match: /(^|\/)open_instruct\/(finetune|dpo_tune|dpo_tune_cache|grpo_fast|grpo_vllm_thread_ray_gtrl|ppo_vllm_thread_ray_gtrl|ppo_fast|reward_modeling|dpo)\.py$|^open_instruct\.(finetune|dpo_tune_cache|grpo_fast)$/, role: 'train', tool: 'open-instruct' },
  // FastChat (https://github.com/lm-sys/FastChat/blob/main/docs/training.md)
  { match: /(^|\/)fastchat\/train\/train_lora(_t5)?\.py$|^fastchat\.train\.train_lora(_t5)?$/, role: 'train', tool: 'fastchat', implies: { adapter: 'lora' } },
  { match: /(^|\/)fastchat\/train\/train(_mem|_xformers|_flant5|_baichuan|_yuan2)?\.py$|^fastchat\.train\.train(_mem|_xformers|_flant5|_baichuan)?$/, role: 'train', tool: 'fastchat', implies: { adapter: 'full' } },
  { match: /(^|\/)fastchat\/model\/apply_lora\.py$|^fastchat\.model\.apply_lora$/, role: 'merge-adapter', tool: 'fastchat' },
  { match: /^fastchat\.(serve|llm_judge|eval)\b|(^|\/)fastchat\/(serve|llm_judge)\//, role: 'use', tool: 'fastchat' },
  // DeepSpeed-Chat (applications/DeepSpeed-Chat/training/README.md)
  { match: /(^|\/)(step1_supervised_finetuning|step2_reward_model_finetuning|step3_rlhf_finetuning)\/main\.py$/, role: 'train', tool: 'deepspeed-chat' },
  { match: /(^|\/)(step1_supervised_finetuning|step2_reward_model_finetuning|step3_rlhf_finetuning)\/(prompt_eval|rw_eval|chatbot)\.py$/, role: 'use', tool: 'deepspeed-chat' },
  // XTuner (https://xtuner.readthedocs.io/en/latest/)
  { match: /^xtuner train$/, role: 'train', tool: 'xtuner' },
  { match: /^xtuner convert merge$/, role: 'merge-adapter', tool: 'xtuner' },
  { match: /^xtuner convert pth_to_hf$/, role: 'convert', tool: 'xtuner' },
  { match: /^xtuner (chat|mmbench|list-cfg|copy-cfg|check-custom-dataset|log-dataset|eval_refcoco)$/, role: 'use', tool: 'xtuner' },
  // LitGPT (https://github.com/Lightning-AI/litgpt/blob/main/tutorials/finetune.md)
  { match: /^litgpt (finetune_lora|finetune|lora)$/, role: 'train', tool: 'litgpt', implies: { adapter: 'lora' } },
  { match: /^litgpt (finetune_full|pretrain)$/, role: 'train', tool: 'litgpt', implies: { adapter: 'full' } },
  { match: /^litgpt (finetune_adapter|finetune_adapter_v2|adapter|adapter_v2)$/, role: 'train', tool: 'litgpt' },
  { match: /^litgpt merge_lora$/, role: 'merge-adapter', tool: 'litgpt' },
  { match: /^litgpt (convert_to_litgpt|convert_from_litgpt|convert_pretrained_checkpoint)$/, role: 'convert', tool: 'litgpt' },
  { match: /^litgpt (generate|chat|serve|evaluate|download)$/, role: 'use', tool: 'litgpt' },
  // AutoTrain Advanced (https://huggingface.co/docs/autotrain/tasks/llm_finetuning)
  { match: /^autotrain (llm|--config|text-classification|seq2seq)$|^autotrain$/, role: 'train', tool: 'autotrain' },
  // Unsloth CLI (https://github.com/unslothai/unsloth/blob/main/unsloth-cli.py): trains LoRA adapters
  { match: /(^|\/)unsloth-cli\.py$|^unsloth (train|sft)$/, role: 'train', tool: 'unsloth', implies: { adapter: 'lora' } },
  // oumi (https://oumi.ai/docs/en/latest/cli/commands.html)
  { match: /^oumi (train|tune|distributed)$/, role: 'train', tool: 'oumi' },
  { match: /^oumi quantize$/, role: 'quantize', tool: 'oumi' },
  { match: /^oumi (infer|evaluate|judge|launch|synth|analyze|env|fetch)$/, role: 'use', tool: 'oumi' },
  // NeMo (https://docs.nvidia.com/nemo-framework/user-guide/latest/)
  { match: /(^|\/)megatron_gpt_(finetuning|peft_tuning|sft|lora|continue_training)\.py$|(^|\/)megatron_t5_(finetuning|peft_tuning|lora_tuning)\.py$|^nemo llm (finetune|pretrain)$/, role: 'train', tool: 'nemo' },
  { match: /(^|\/)merge_lora_weights\/merge\.py$|(^|\/)scripts\/nlp_language_modeling\/merge_lora_weights\/merge\.py$/, role: 'merge-adapter', tool: 'nemo' },
  { match: /(^|\/)(megatron_gpt_ptq|megatron_quantization|ptq)\.py$|^nemo llm ptq$/, role: 'quantize', tool: 'nemo', implies: { sub_kind: 'other', method: 'modelopt' } },
  // X—LLM (https://github.com/BobaZooba/xllm/blob/main/DOCS.md#quantize): its quantize step is GPTQ
  { match: /(^|\/)quantize\.py$/, role: 'quantize', tool: 'xllm', needsFlag: /^(quantized_model_path|quantized_hub_model_id|gptq_bits|gptq_group_size)$/, implies: { sub_kind: 'gptq', method: 'gptq' } },
  { match: /(^|\/)megatron_(gpt|t5)_(peft_)?(eval|generate|inference)\.py$|^nemo llm (generate|deploy|evaluate|import|export)$/, role: 'use', tool: 'nemo' },
  // llm-foundry (https://github.com/mosaicml/llm-foundry/blob/main/scripts/train/README.md)
  { match: /(^|\/)scripts\/train\/train\.py$|(^|\/)llmfoundry\/.*train\.py$/, role: 'train', tool: 'llm-foundry' },
  { match: /(^|\/)scripts\/eval\/eval\.py$/, role: 'use', tool: 'llm-foundry' },
  { match: /(^|\/)convert_composer_to_hf\.py$|(^|\/)scripts\/inference\/convert_[\w]+\.py$/, role: 'convert', tool: 'llm-foundry' },
  // Ludwig (https://ludwig.ai/latest/user_guide/command_line_interface/)
  { match: /^ludwig (train|experiment|hyperopt)$/, role: 'train', tool: 'ludwig' },
  { match: /^ludwig (predict|evaluate|serve|visualize|upload)$/, role: 'use', tool: 'ludwig' },
  // MLX LM (https://github.com/ml-explore/mlx-lm/blob/main/mlx_lm/LORA.md)
  { match: /^mlx_lm\.lora$/, role: 'train', tool: 'mlx-lm', needsFlag: /^(train|fine_tune_type|iters|data)$/ },
  { match: /^mlx_lm\.fuse$/, role: 'merge-adapter', tool: 'mlx-lm' },
  { match: /^mlx_lm\.merge$/, role: 'merge-models', tool: 'mlx-lm' },
  { match: /^mlx_lm\.convert$/, role: 'convert', tool: 'mlx-lm', implies: { method: 'mlx', sub_kind: 'other' } },
  { match: /^mlx_lm\.(dwq|awq|gptq|dynamic_quant|quant\.[\w]+)$/, role: 'quantize', tool: 'mlx-lm', implies: { method: 'mlx', sub_kind: 'other' } },
  { match: /^mlx_lm\.(generate|server|chat|evaluate|benchmark|cache_prompt|manage|upload|lora)$/, role: 'use', tool: 'mlx-lm' },
  // mergekit (https://github.com/arcee-ai/mergekit/blob/main/README.md)
  { match: /^mergekit-(yaml|moe|mega|multi|evolve)$|^mergekit\.(scripts\.)?(run_yaml|mixtral_moe|megamerge)$/, role: 'merge-models', tool: 'mergekit' },
  { match: /^mergekit-(extract-lora|tokensurgeon|pytorch)$/, role: 'convert', tool: 'mergekit' },
  // llama.cpp (https://github.com/ggml-org/llama.cpp/blob/master/tools/quantize/README.md)
  { match: /(^|\/)(llama-quantize|quantize)(\.exe)?$/, role: 'quantize', tool: 'llama.cpp', typeFromPositional: true, implies: { sub_kind: 'gguf', method: 'gguf' } },
  { match: /(^|\/)convert(_hf_to_gguf|-hf-to-gguf|_hf_to_gguf_update|_llama_ggml_to_gguf|_lora_to_gguf|-lora-to-gguf)?\.py$/, role: 'convert', tool: 'llama.cpp', needsFlag: /^(outtype|outfile)$/, implies: { sub_kind: 'gguf', method: 'gguf' } },
  { match: /(^|\/)llama-(imatrix)$/, role: 'quantize', tool: 'llama.cpp', implies: { sub_kind: 'gguf', method: 'gguf' } },
  { match: /(^|\/)(llama-(cli|server|bench|perplexity|gguf-split|simple|run|embedding|export-lora|gguf)|main|server|ollama)(\.exe)?$/, role: 'use', tool: 'llama.cpp' },
  // ExLlamaV2 (https://github.com/turboderp-org/exllamav2/blob/master/doc/convert.md)
  { match: /(^|\/)(exllamav2\/)?convert\.py$|^exllamav2\.conversion\.convert_exl2$/, role: 'quantize', tool: 'exllamav2', needsFlag: /^(b|bits|cf|compile_full|hb|head_bits|m|measurement)$/, implies: { sub_kind: 'other', method: 'exl2' } },
  // AutoAWQ / llm-awq (https://github.com/mit-han-lab/llm-awq)
  { match: /^awq\.entry$|(^|\/)awq\/entry\.py$/, role: 'quantize', tool: 'llm-awq', implies: { sub_kind: 'awq', method: 'awq' } },
  // GPTQ-for-LLaMa and AutoGPTQ example scripts: `llama.py MODEL c4 --wbits 4 --groupsize 128 --save`
  { match: /(^|\/)(llama|opt|bloom|falcon|mpt|neox|gptj|quant_with_alpaca|basic_usage\w*|quantize_\w+)\.py$/, role: 'quantize', tool: 'gptq', needsFlag: /^(wbits|w_bits|bits)$/, implies: { sub_kind: 'gptq', method: 'gptq' } },
  // AQLM (https://github.com/Vahe1994/AQLM#quantization)
  { match: /(^|\/)main\.py$/, role: 'quantize', tool: 'aqlm', needsFlag: /^(num_codebooks|nbits_per_codebook|in_group_size)$/, implies: { sub_kind: 'other', method: 'aqlm' } },
  // TensorRT Model Optimizer / TensorRT-LLM (https://nvidia.github.io/TensorRT-Model-Optimizer/)
  { match: /(^|\/)(hf_ptq|ptq|quantize|huggingface_example|multinode_ptq)\.(py|sh)$/, role: 'quantize', tool: 'modelopt', needsFlag: /^(qformat|quant|quantization|algo|quant_cfg|export_fmt|kv_cache_qformat)$/, implies: { sub_kind: 'other', method: 'modelopt' } },
  { match: /^trtllm-build$/, role: 'convert', tool: 'tensorrt-llm' },
  // optimum (https://huggingface.co/docs/optimum/)
  { match: /^optimum-cli export openvino$/, role: 'convert', tool: 'optimum-intel', implies: { sub_kind: 'other', method: 'openvino' } },
  { match: /^optimum-cli export (onnx|tflite|executorch|neuron)$/, role: 'convert', tool: 'optimum' },
  { match: /^optimum-cli (onnxruntime|ort) quantize$/, role: 'quantize', tool: 'optimum', implies: { sub_kind: 'other', method: 'onnx' } },
  { match: /^optimum-cli inc quantize$/, role: 'quantize', tool: 'optimum-intel', implies: { sub_kind: 'other', method: 'neural-compressor' } },
  { match: /^optimum-cli quanto quantize$/, role: 'quantize', tool: 'optimum-quanto', implies: { sub_kind: 'other', method: 'quanto' } },
  // llm-compressor (https://docs.vllm.ai/projects/llm-compressor/)
  { match: /^llmcompressor\.(oneshot|transformers\.oneshot)$/, role: 'quantize', tool: 'llm-compressor', implies: { sub_kind: 'compressed-tensors', method: 'compressed-tensors' } },
  // serving, inference and evaluation: the model is used, not changed
  { match: /^(vllm (serve|bench|complete|chat|run-batch)|vllm\.entrypoints\.[\w.]+|sglang\.launch_server|sglang\.bench_[\w]+|text-generation-launcher|text-generation-server|tgi|lm_eval|lm-eval|lighteval|lm_eval\.[\w]+|alpaca_eval|opencompass|evalplus\.[\w]+|mt_bench|ollama (run|serve|create|pull|push)|lmdeploy (serve|chat)|tritonserver|docker|kubectl|huggingface-cli (download|upload|login)|hf (download|upload|auth)|git|pip|pip3|uv (pip|sync|add)|conda|apt-get|apt|wget|curl|mkdir|cp|mv|rm|ls|cat|echo|cd|export|source|set|nvidia-smi|sleep|wait|exit|tar|unzip|huggingface-cli|chmod|ln|tee|printf|sed|awk|grep|head|tail|find|xargs|which|true|false|test|\[|if|then|else|fi|for|do|done|while|case|esac|function|return|trap|shift|read|local|declare|unset|eval|exec|wandb|tensorboard|jupyter)$/, role: 'use' },
];

/** Words in a script or module name that say what it does, for programs no profile names. */
export const SCRIPT_WORDS: Array<{ pattern: RegExp; role: ProgramRole }> = [
  { pattern: /(^|[\/_.-])(serve|server|serving|infer|inference|predict|generate|generation|chat|demo|app|eval|evaluate|evaluation|benchmark|bench|test|tests|api|deploy|webui|gradio|streamlit|judge|score|perplexity|ppl)([_.-]|\.py$|$)/, role: 'use' },
  { pattern: /(^|[\/_.-])(merge_lora|merge_peft|merge_adapter|merge_adapters|apply_lora|export_lora|fuse|fuse_lora|lora_merge|peft_merge|merge_and_unload)([_.-]|\.py$|$)/, role: 'merge-adapter' },
  { pattern: /(^|[\/_.-])(quantize|quantise|quant|quantization|gptq|awq|ptq|hqq|bnb|compress|llmcompressor)([_.-]|\.py$|$)/, role: 'quantize' },
  { pattern: /(^|[\/_.-])(merge|merging|slerp|ties|mergekit)([_.-]|\.py$|$)/, role: 'merge-models' },
  { pattern: /(^|[\/_.-])(train|training|finetune|fine_tune|finetuning|sft|dpo|ppo|grpo|orpo|kto|rlhf|pretrain|pretraining|distill|distillation|lora|qlora|tune|tuning|reward_model|rm)([_.-]|\.py$|$)/, role: 'train' },
  { pattern: /(^|[\/_.-])(convert|conversion|export|to_hf|to_gguf|hf_to|save_pretrained)([_.-]|\.py$|$)/, role: 'convert' },
];

export function toolProfile(name: string | undefined): ToolProfile | undefined {
  return name === undefined ? undefined : TOOLS.find((t) => t.tool === name);
}
