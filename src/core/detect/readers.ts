/**
 * The ordered list of structured-document readers. A JSON or YAML document (a file, or YAML inside a
 * model card) is read by the first reader that recognizes its shape: content decides, never the file name.
 */
import { readAxolotlConfig } from './axolotl.ts';
import type { Claim, DocContext, DocReader } from './claims.ts';
import { readLlamaFactoryConfig } from './llama-factory.ts';
import { readMergekitConfig } from './mergekit.ts';
import { readPeftAdapterConfig, readPeftRecipe } from './peft-adapter.ts';
import { readLlmCompressorRecipe, readOnnxQuantConfig, readQuantizeConfig } from './quant-configs.ts';
import { readTorchtuneConfig, readTrlConfig } from './torchtune-trl.ts';
import { readTransformersConfig } from './transformers-config.ts';

export const DOC_READERS: ReadonlyArray<[string, DocReader]> = [
  ['peft', readPeftAdapterConfig],
  ['transformers', readTransformersConfig],
  ['quantize-config', readQuantizeConfig],
  ['onnx-quant', readOnnxQuantConfig],
  ['mergekit', readMergekitConfig],
  ['llama-factory', readLlamaFactoryConfig],
  ['axolotl', readAxolotlConfig],
  ['torchtune', readTorchtuneConfig],
  ['trl', readTrlConfig],
  ['llm-compressor', readLlmCompressorRecipe],
  ['peft-recipe', readPeftRecipe],
];

/** Claims of the first reader that recognizes the document, or null when none does. */
export function readDocument(ctx: DocContext): Claim[] | null {
  for (const [, reader] of DOC_READERS) {
    const claims = reader(ctx);
    if (claims) return claims;
  }
  return null;
}
