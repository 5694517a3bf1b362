/**
 * The code readers, kept where structure needs code: PEFT adapter_config.json, transformers
 * config.json (quantization_config), standalone quantization configs (quantize_config.json, AutoAWQ,
 * ONNX Runtime, ModelOpt hf_quant_config.json), mergekit, llm-compressor recipes and torchtune
 * component builders. Every reader that recognizes a document returns a reading with a score (how
 * strongly the document is in its format); the generic recipe reader (recipe.ts) competes with them,
 * and the best score wins (ties are all kept, so they become evidence).
 */
import { CONFIG, type Claim, type DocContext, type DocReader, isObj } from './claims.ts';
import { readMergekitConfig } from './mergekit.ts';
import { readPeftAdapterConfig } from './peft-adapter.ts';
import { readLlmCompressorRecipe, readModelOptConfig, readOnnxQuantConfig, readQuantizeConfig } from './quant-configs.ts';
import { type Reading, readRecipe } from './recipe.ts';
import { readTorchtuneConfig } from './torchtune.ts';
import { readTransformersConfig } from './transformers-config.ts';

/** Readers with the score a document in their format gets: structure they alone understand scores above any generic recipe. */
export const DOC_READERS: ReadonlyArray<[string, DocReader, number]> = [
  ['peft', readPeftAdapterConfig, 20],
  ['mergekit', readMergekitConfig, 20],
  ['llm-compressor', readLlmCompressorRecipe, 20],
  ['torchtune', readTorchtuneConfig, 20],
  ['modelopt', readModelOptConfig, 20],
  ['transformers', readTransformersConfig, 18],
  ['quantize-config', readQuantizeConfig, 15],
  ['onnx-quant', readOnnxQuantConfig, 15],
];

function asReading(name: string, score: number, claims: Claim[]): Reading {
  const reading: Reading = { reader: name, score, claims: [], touches: [], skips: [] };
  for (const c of claims) {
    if (c.signal.type === 'touches') reading.touches.push({ file: c.file, line: c.line, reason: c.reason });
    else reading.claims.push(c);
  }
  return reading;
}

/** Readings of every code reader that recognizes the document. */
export function readStructuredDoc(ctx: DocContext): Reading[] {
  const out: Reading[] = [];
  for (const [name, reader, score] of DOC_READERS) {
    const claims = reader(ctx);
    if (claims) out.push(asReading(name, score, claims));
  }
  return out;
}

/** The best readings of a document embedded in a model card (code readers and the generic recipe reader). */
export function readEmbeddedDocument(ctx: DocContext): Claim[] | null {
  const readings = readStructuredDoc(ctx);
  const recipe = readRecipe({ file: ctx.file, doc: ctx.doc, data: ctx.data, strength: CONFIG });
  if (recipe && (recipe.claims.length > 0 || recipe.touches.length > 0)) readings.push(recipe);
  if (readings.length === 0) return null;
  const top = Math.max(...readings.map((r) => r.score));
  const claims = readings.filter((r) => r.score === top).flatMap((r) => r.claims);
  return claims.length > 0 ? claims : null;
}

export { isObj };
