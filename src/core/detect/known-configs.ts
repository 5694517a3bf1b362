/**
 * Configs that look related but carry no update information (generation and tokenizer configs,
 * DeepSpeed and Accelerate runtime configs): named, so the skip reason says what the file is.
 */
import { type Obj, hasAny, isObj } from './claims.ts';

export function describeUnrelatedConfig(d: Obj): string | undefined {
  if (hasAny(d, ['zero_optimization', 'train_micro_batch_size_per_gpu', 'zero_allow_untested_optimizer'])) return 'DeepSpeed runtime config';
  if (hasAny(d, ['compute_environment', 'distributed_type']) || isObj(d.deepspeed_config)) return 'Accelerate launcher config';
  if (hasAny(d, ['tokenizer_class', 'added_tokens_decoder', 'model_max_length']) || (hasAny(d, ['bos_token', 'eos_token']) && hasAny(d, ['unk_token', 'pad_token', 'chat_template'])))
    return 'tokenizer config';
  if (hasAny(d, ['_from_model_config', 'do_sample', 'max_new_tokens', 'top_p', 'top_k', 'temperature', 'repetition_penalty']) && !hasAny(d, ['model_type', 'architectures']))
    return 'generation config';
  if (hasAny(d, ['model', 'models']) && hasAny(d, ['command', 'container', 'served_model_name', 'tensor_parallel_size', 'gpu_memory_utilization']))
    return 'serving config';
  return undefined;
}
