/**
 * safetensors headers (never the tensor data): adapter weights (lora_A / lora_B, DoRA magnitudes,
 * LoHa, LoKr, IA3, OFT) give the rank, the layers and modules an adapter touches; packed quantized
 * tensors (bitsandbytes quant_state, GPTQ qweight + g_idx, AWQ qweight + qzeros, compressed-tensors
 * weight_packed, FP8 weights with scales) say the weights are quantized. With the base version's
 * header, a change of weight dtype between base and head is told apart from quantization.
 */
import { CONFIG, METADATA, WEAK, type Claim, type ReadOutcome } from './claims.ts';
import { repeatedJsonKey } from '../formats/safetensors.ts';
import { MAX_SAFETENSORS_HEADER_BYTES, formatBytes, isLfsPointer } from './parse.ts';
import type { ChangedFile, QuantSubKind, UpdateAttributes } from './types.ts';

interface TensorMeta {
  name: string;
  dtype: string;
  shape: number[];
}

type HeaderRead = { tensors: TensorMeta[] } | { error: string };

/** Parses a safetensors header from the first bytes of the file (reads at most 8 + the header length). */
export async function readSafetensorsHeader(read: (maxBytes: number) => Promise<Uint8Array | undefined>, size?: number): Promise<HeaderRead> {
  const first = await read(256);
  if (!first) return { error: 'no content' };
  if (isLfsPointer(first)) return { error: 'Git LFS pointer: the weights are not in the repository' };
  if (first.length < 8) return { error: `too short for a safetensors file (${first.length} bytes)` };
  const n = Number(Buffer.from(first.buffer, first.byteOffset, 8).readBigUInt64LE(0));
  if (n < 2) return { error: `header length ${n} is too small: not a safetensors file` };
  if (n > MAX_SAFETENSORS_HEADER_BYTES) {
    return { error: `header length ${formatBytes(n)} is over the ${formatBytes(MAX_SAFETENSORS_HEADER_BYTES)} limit: not a safetensors file, or a corrupt one` };
  }
  if (size !== undefined && 8 + n > size) return { error: `header length ${n} runs past the end of the file (${formatBytes(size)}): not a safetensors file` };
  const bytes = n + 8 <= first.length ? first : await read(8 + n);
  if (!bytes || bytes.length < 8 + n) return { error: `file ends inside its ${n}-byte header` };
  let header: unknown;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + n));
    header = JSON.parse(text);
  } catch (error) {
    return { error: `header is not valid JSON (${error instanceof Error ? error.message.split('\n')[0] : String(error)}): not a safetensors file` };
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) return { error: 'header is not a JSON object: not a safetensors file' };
  // JSON.parse keeps the last of repeated keys; what the weights are is then ambiguous.
  const repeated = repeatedJsonKey(text);
  if (repeated) {
    const what = repeated.under === undefined ? `tensor '${repeated.key.slice(0, 80)}' is listed twice` : `key '${repeated.key.slice(0, 80)}' appears twice in the entry of '${repeated.under.slice(0, 80)}'`;
    return { error: `${what} in the header (readers disagree on which counts): not a valid safetensors file` };
  }
  const tensors: TensorMeta[] = [];
  for (const [name, info] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') continue;
    const i = info as { dtype?: unknown; shape?: unknown; data_offsets?: unknown } | null;
    if (!i || typeof i.dtype !== 'string' || !Array.isArray(i.shape) || !Array.isArray(i.data_offsets) || !i.shape.every((d) => Number.isInteger(d) && d >= 0)) {
      return { error: `tensor '${name.slice(0, 80)}' has no valid dtype/shape/data_offsets: not a safetensors file` };
    }
    tensors.push({ name, dtype: i.dtype, shape: i.shape as number[] });
  }
  return { tensors };
}

const ADAPTER_MARKERS: Array<[RegExp, string]> = [
  [/\.lora_(?:A|B|embedding_A|embedding_B)(?:\.|$)/, 'LORA'],
  [/\.hada_w[12]_[ab](?:\.|$)/, 'LOHA'],
  [/\.lokr_w[12](?:_[ab])?(?:\.|$)/, 'LOKR'],
  [/\.ia3_l(?:\.|$)/, 'IA3'],
  [/\.oft_(?:r|blocks)(?:\.|$)/, 'OFT'],
  [/\.boft_R(?:\.|$)/, 'BOFT'],
  [/\.vera_lambda_[bd](?:\.|$)/, 'VERA'],
];
const LAYER = /\.(?:layers|h|blocks|block|layer)\.(\d+)\./;

function ranges(values: number[]): string {
  const sorted = [...new Set(values)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; i++) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    parts.push(i === j ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j;
  }
  return parts.join(', ');
}

function adapterFacts(tensors: TensorMeta[]): { peftType: string; attrs: UpdateAttributes; summary: string } | undefined {
  const hits = tensors.map((t) => ({ t, type: ADAPTER_MARKERS.find(([re]) => re.test(t.name))?.[1] })).filter((h) => h.type !== undefined);
  if (hits.length === 0) return undefined;
  const peftType = hits[0].type!;
  const layers = new Set<number>();
  const modules = new Set<string>();
  const ranks = new Set<number>();
  const dtypes = new Set<string>();
  for (const { t } of hits) {
    const layer = LAYER.exec(t.name);
    if (layer) layers.add(Number(layer[1]));
    const mod = /\.([A-Za-z0-9_]+)\.(?:lora_|hada_|lokr_|ia3_|oft_|boft_|vera_)/.exec(t.name);
    if (mod) modules.add(mod[1]);
    if (/\.lora_A(?:\.|$)/.test(t.name) && t.shape.length === 2) ranks.add(t.shape[0]);
    dtypes.add(t.dtype);
  }
  const dora = tensors.some((t) => /lora_magnitude_vector/.test(t.name));
  const attrs: UpdateAttributes = {
    peft_type: peftType,
    lora_rank: ranks.size === 1 ? [...ranks][0] : undefined,
    layers: layers.size > 0 ? [...layers].sort((a, b) => a - b) : undefined,
    target_modules: modules.size > 0 ? [...modules].sort() : undefined,
    dora: dora ? true : undefined,
  };
  const parts = [`${hits.length} ${peftType} tensors`];
  if (attrs.lora_rank !== undefined) parts.push(`r=${attrs.lora_rank}`);
  else if (ranks.size > 1) parts.push(`ranks ${[...ranks].sort((a, b) => a - b).join('/')}`);
  if (layers.size > 0) parts.push(`layers ${ranges([...layers])}`);
  if (modules.size > 0) parts.push(`modules ${[...modules].sort().slice(0, 8).join(', ')}`);
  if (dora) parts.push('DoRA magnitudes');
  parts.push([...dtypes].join('/'));
  return { peftType, attrs, summary: parts.join(', ') };
}

function quantFacts(tensors: TensorMeta[]): { sub_kind: QuantSubKind; attrs: UpdateAttributes; summary: string } | undefined {
  const names = new Map(tensors.map((t) => [t.name, t]));
  const ends = (suffix: string) => tensors.find((t) => t.name.endsWith(suffix));
  const nf4 = ends('quant_state.bitsandbytes__nf4');
  const fp4 = ends('quant_state.bitsandbytes__fp4');
  if (nf4 || fp4) {
    const type = nf4 ? 'nf4' : 'fp4';
    return { sub_kind: nf4 ? 'bnb-nf4' : 'bnb-fp4', attrs: { bits: 4, quant_method: 'bitsandbytes', quant_type: type }, summary: `bitsandbytes 4-bit ${type} tensors (quant_state)` };
  }
  const scb = tensors.find((t) => t.name.endsWith('.SCB'));
  if (scb && names.get(scb.name.replace(/\.SCB$/, '.weight'))?.dtype === 'I8') {
    return { sub_kind: 'bnb-int8', attrs: { bits: 8, quant_method: 'bitsandbytes', quant_type: 'int8' }, summary: 'bitsandbytes 8-bit tensors (int8 weights + SCB scales)' };
  }
  const qweight = tensors.find((t) => t.name.endsWith('.qweight'));
  if (qweight) {
    const stem = qweight.name.slice(0, -'.qweight'.length);
    const gIdx = names.get(`${stem}.g_idx`);
    const scales = names.get(`${stem}.scales`);
    if (gIdx && gIdx.shape.length === 1 && qweight.shape.length === 2) {
      const bits = (qweight.shape[0] * 32) / gIdx.shape[0];
      const group = scales && scales.shape.length === 2 && scales.shape[0] > 0 ? gIdx.shape[0] / scales.shape[0] : undefined;
      return {
        sub_kind: 'gptq',
        attrs: { bits: Number.isInteger(bits) ? bits : undefined, quant_method: 'gptq', group_size: group && Number.isInteger(group) ? group : undefined },
        summary: `GPTQ packed tensors (qweight, g_idx)${Number.isInteger(bits) ? `, ${bits}-bit` : ''}`,
      };
    }
    if (scales && names.get(`${stem}.qzeros`) && scales.shape.length === 2 && qweight.shape.length === 2 && scales.shape[1] > 0) {
      const bits = (qweight.shape[1] * 32) / scales.shape[1];
      const group = scales.shape[0] > 0 ? qweight.shape[0] / scales.shape[0] : undefined;
      return {
        sub_kind: 'awq',
        attrs: { bits: Number.isInteger(bits) ? bits : undefined, quant_method: 'awq', group_size: group && Number.isInteger(group) ? group : undefined },
        summary: `AWQ packed tensors (qweight, qzeros, scales)${Number.isInteger(bits) ? `, ${bits}-bit` : ''}`,
      };
    }
    return { sub_kind: 'other', attrs: { quant_method: 'packed' }, summary: 'packed quantized tensors (qweight)' };
  }
  if (tensors.some((t) => t.name.endsWith('.weight_packed'))) {
    return { sub_kind: 'compressed-tensors', attrs: { quant_method: 'compressed-tensors', quant_type: 'pack-quantized' }, summary: 'compressed-tensors packed tensors (weight_packed)' };
  }
  const fp8 = tensors.find((t) => /^F8_/.test(t.dtype) && t.name.endsWith('.weight'));
  if (fp8) {
    return { sub_kind: 'fp8', attrs: { bits: 8, quant_method: 'fp8', quant_type: fp8.dtype }, summary: `FP8 weights (${fp8.dtype})` };
  }
  if (tensors.some((t) => t.name.endsWith('.W_q'))) {
    return { sub_kind: 'hqq', attrs: { quant_method: 'hqq' }, summary: 'HQQ packed tensors (W_q)' };
  }
  return undefined;
}

/** Element count per dtype over `*.weight` tensors of two or more dimensions. */
function mainDtype(tensors: TensorMeta[]): string | undefined {
  const count = new Map<string, number>();
  for (const t of tensors) {
    if (t.shape.length < 2) continue;
    const n = t.shape.reduce((a, b) => a * b, 1);
    count.set(t.dtype, (count.get(t.dtype) ?? 0) + n);
  }
  let best: string | undefined;
  for (const [dtype, n] of count) if (best === undefined || n > count.get(best)!) best = dtype;
  return best;
}

const FLOAT = new Set(['F64', 'F32', 'F16', 'BF16']);

export async function readSafetensorsFile(file: ChangedFile): Promise<ReadOutcome> {
  const head = await readSafetensorsHeader((n) => file.readHead(n), file.size);
  if ('error' in head) return { claims: [], skips: [], touches: [{ file: file.path, line: 1, reason: `weights file whose safetensors header cannot be read: ${head.error}` }] };
  const claim = (strength: Claim['strength'], signal: Claim['signal'], reason: string, attrs?: UpdateAttributes): Claim => ({ file: file.path, line: 1, strength, signal, reason, attrs });

  const adapter = adapterFacts(head.tensors);
  if (adapter) {
    return {
      claims: [claim(CONFIG, { type: 'adapter', role: 'shipped', peft_type: adapter.peftType, dora: adapter.attrs.dora }, `adapter weights header: ${adapter.summary}`, adapter.attrs)],
      skips: [],
      touches: [],
    };
  }
  let base: HeaderRead | undefined;
  if (file.status !== 'added' && file.readBase) {
    const readBase = file.readBase.bind(file);
    base = await readSafetensorsHeader((n) => readBase(n));
  }
  const baseTensors = base && 'tensors' in base ? base.tensors : undefined;
  const quant = quantFacts(head.tensors);
  if (quant) {
    const baseQuant = baseTensors ? quantFacts(baseTensors) : undefined;
    if (baseQuant && baseQuant.sub_kind === quant.sub_kind) {
      return { claims: [claim(CONFIG, { type: 'touches' }, `weights header: ${quant.summary}, as at the base (already quantized); the weights changed`, quant.attrs)], skips: [], touches: [] };
    }
    const was = baseTensors ? ` (base: ${mainDtype(baseTensors) ?? 'unquantized'})` : '';
    return { claims: [claim(CONFIG, { type: 'quantized', sub_kind: quant.sub_kind, method: quant.attrs.quant_method }, `weights header: ${quant.summary}${was}`, quant.attrs)], skips: [], touches: [] };
  }
  const dtype = mainDtype(head.tensors);
  if (!baseTensors) {
    return { claims: [claim(CONFIG, { type: 'touches' }, `full weights header: ${head.tensors.length} tensors${dtype ? `, ${dtype}` : ''}, no quantized tensors: a model's weights, made in a way the header does not say`)], skips: [], touches: [] };
  }
  if (quantFacts(baseTensors)) {
    return { claims: [claim(CONFIG, { type: 'touches' }, `weights header: quantized at the base, ${dtype ?? 'unquantized'} at the head (dequantized)`)], skips: [], touches: [] };
  }
  const baseDtype = mainDtype(baseTensors);
  if (dtype && baseDtype && dtype !== baseDtype) {
    if (!FLOAT.has(dtype) && FLOAT.has(baseDtype)) {
      return {
        claims: [claim(CONFIG, { type: 'quantized', sub_kind: 'other', method: dtype.toLowerCase() }, `weights header: weight dtype ${baseDtype} at the base, ${dtype} at the head (integer weights)`, { quant_type: dtype })],
        skips: [],
        touches: [],
      };
    }
    return { claims: [claim(CONFIG, { type: 'touches' }, `weights header: weight dtype ${baseDtype} at the base, ${dtype} at the head (a precision change, not quantization: the weights changed)`)], skips: [], touches: [] };
  }
  const headNames = new Set(head.tensors.map((t) => t.name));
  const sameNames = baseTensors.length === head.tensors.length && baseTensors.every((t) => headNames.has(t.name));
  if (!sameNames) {
    return { claims: [claim(METADATA, { type: 'touches' }, `weights header: the tensor set differs from the base (${baseTensors.length} -> ${head.tensors.length} tensors)`)], skips: [], touches: [] };
  }
  return { claims: [claim(WEAK, { type: 'trained' }, `full weights changed: same tensors and dtype (${dtype ?? '?'}) as the base, new content (trained or merged)`)], skips: [], touches: [] };
}

