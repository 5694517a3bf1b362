/**
 * GGUF files: the header's key/values (general.file_type gives the quantization, e.g. Q4_K_M), read
 * from the first few MB only; the file name's quant tag (model.Q4_K_M.gguf) when the header is not
 * in the repository (LFS pointer) or lacks the key. F32/F16/BF16 GGUF files are conversions, not quantization.
 */
import { CONFIG, METADATA, type Claim, type ReadOutcome } from './claims.ts';
import { GGUF_HEAD_BYTES, isLfsPointer } from './parse.ts';
import type { ChangedFile, UpdateAttributes } from './types.ts';

/** llama.cpp's llama_ftype values (general.file_type). */
const FILE_TYPES: Record<number, string> = {
  0: 'F32',
  1: 'F16',
  2: 'Q4_0',
  3: 'Q4_1',
  7: 'Q8_0',
  8: 'Q5_0',
  9: 'Q5_1',
  10: 'Q2_K',
  11: 'Q3_K_S',
  12: 'Q3_K_M',
  13: 'Q3_K_L',
  14: 'Q4_K_S',
  15: 'Q4_K_M',
  16: 'Q5_K_S',
  17: 'Q5_K_M',
  18: 'Q6_K',
  19: 'IQ2_XXS',
  20: 'IQ2_XS',
  21: 'Q2_K_S',
  22: 'IQ3_XS',
  23: 'IQ3_XXS',
  24: 'IQ1_S',
  25: 'IQ4_NL',
  26: 'IQ3_S',
  27: 'IQ3_M',
  28: 'IQ2_S',
  29: 'IQ2_M',
  30: 'IQ4_XS',
  31: 'IQ1_M',
  32: 'BF16',
  36: 'TQ1_0',
  37: 'TQ2_0',
  38: 'MXFP4_MOE',
};

const UNQUANTIZED = new Set(['F32', 'F16', 'BF16']);

function bitsOf(type: string): number | undefined {
  const m = /^(?:I?Q|TQ)(\d)/.exec(type);
  if (m) return Number(m[1]);
  if (type === 'MXFP4_MOE') return 4;
  if (type === 'F16' || type === 'BF16') return 16;
  if (type === 'F32') return 32;
  return undefined;
}

/** A quant tag in a GGUF file name: model.Q4_K_M.gguf, phi-4-IQ3_XS.gguf, smollm2-135m-instruct-q8_0.gguf. */
export function quantTypeFromName(name: string): string | undefined {
  const m = /(?:^|[-_.])((?:I?Q\d(?:_[0-9A-Z]+)*)|TQ\d_0|BF16|F16|F32)(?=[-_.]|$)/i.exec(name.replace(/\.gguf$/i, '') + '.');
  return m ? m[1].toUpperCase() : undefined;
}

interface GgufHeader {
  version: number;
  kv: Map<string, unknown>;
  /** The header key/values ran past the bytes read. */
  truncated: boolean;
}

class Cursor {
  pos = 0;
  constructor(private readonly buf: Buffer) {}
  need(n: number): void {
    if (this.pos + n > this.buf.length) throw new RangeError('end of data');
  }
  u8() {
    this.need(1);
    return this.buf.readUInt8(this.pos++);
  }
  u32() {
    this.need(4);
    const v = this.buf.readUInt32LE(this.pos);
    this.pos += 4;
    return v;
  }
  u64() {
    this.need(8);
    const v = this.buf.readBigUInt64LE(this.pos);
    this.pos += 8;
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError('length out of range');
    return Number(v);
  }
  skip(n: number) {
    this.need(n);
    this.pos += n;
  }
  str(long: boolean) {
    const n = long ? this.u64() : this.u32();
    if (n > 1 << 20) throw new RangeError('string too long');
    this.need(n);
    const s = this.buf.toString('utf8', this.pos, this.pos + n);
    this.pos += n;
    return s;
  }
  scalar(type: number, long: boolean): unknown {
    switch (type) {
      case 0:
      case 1:
      case 7:
        this.need(1);
        return type === 1 ? this.buf.readInt8(this.pos++) : this.buf.readUInt8(this.pos++);
      case 2:
      case 3:
        this.need(2);
        this.pos += 2;
        return type === 2 ? this.buf.readUInt16LE(this.pos - 2) : this.buf.readInt16LE(this.pos - 2);
      case 4:
        return this.u32();
      case 5:
        this.need(4);
        this.pos += 4;
        return this.buf.readInt32LE(this.pos - 4);
      case 6:
        this.need(4);
        this.pos += 4;
        return this.buf.readFloatLE(this.pos - 4);
      case 8:
        return this.str(long);
      case 10:
      case 11:
        this.need(8);
        this.pos += 8;
        return Number(type === 10 ? this.buf.readBigUInt64LE(this.pos - 8) : this.buf.readBigInt64LE(this.pos - 8));
      case 12:
        this.need(8);
        this.pos += 8;
        return this.buf.readDoubleLE(this.pos - 8);
      default:
        throw new RangeError(`unknown value type ${type}`);
    }
  }
}

const FIXED_SIZE: Record<number, number> = { 0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8 };

/** Parses the GGUF magic, version and as many key/values as the bytes hold. Throws on a non-GGUF file. */
export function parseGgufHeader(bytes: Uint8Array): GgufHeader {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < 8 || buf.toString('latin1', 0, 4) !== 'GGUF') throw new Error('no GGUF magic');
  const c = new Cursor(buf);
  c.skip(4);
  const version = c.u32();
  if (version < 1 || version > 3) throw new Error(`unsupported GGUF version ${version}`);
  const long = version >= 2;
  const kv = new Map<string, unknown>();
  let truncated = false;
  try {
    long ? c.u64() : c.u32(); // tensor count
    const count = long ? c.u64() : c.u32();
    for (let i = 0; i < count; i++) {
      const key = c.str(long);
      const type = c.u32();
      if (type === 9) {
        const itemType = c.u32();
        const n = long ? c.u64() : c.u32();
        if (FIXED_SIZE[itemType] !== undefined) c.skip(FIXED_SIZE[itemType] * n);
        else for (let j = 0; j < n; j++) c.scalar(itemType, long);
        kv.set(key, `[array of ${n}]`);
      } else {
        kv.set(key, c.scalar(type, long));
      }
    }
  } catch (error) {
    if (error instanceof RangeError && /end of data/.test(error.message)) truncated = true;
    else throw error;
  }
  return { version, kv, truncated };
}

export async function readGgufFile(file: ChangedFile): Promise<ReadOutcome> {
  const bytes = await file.readHead(GGUF_HEAD_BYTES);
  const base = file.path.split('/').pop() ?? file.path;
  const nameType = quantTypeFromName(base);
  const fromName = (why: string): ReadOutcome => {
    if (!nameType) return { claims: [], skips: [], touches: [{ file: file.path, line: 1, reason: `GGUF weights (${why}), and the file name has no quant tag` }] };
    return outcome(ggufClaim(file.path, nameType, METADATA, `GGUF file (${why}): quant tag ${nameType} in the file name`));
  };
  if (isLfsPointer(bytes)) return fromName('as a Git LFS pointer: the header is not in the repository');
  let header: GgufHeader;
  try {
    header = parseGgufHeader(bytes);
  } catch (error) {
    return { claims: [], skips: [], touches: [{ file: file.path, line: 1, reason: `unreadable GGUF header (${error instanceof Error ? error.message : String(error)}): a weights file whose quantization cannot be read` }] };
  }
  const ft = header.kv.get('general.file_type');
  const type = typeof ft === 'number' ? (FILE_TYPES[ft] ?? `file_type ${ft}`) : undefined;
  // A header that runs past the end of a file read whole is corrupt: its name says nothing trustworthy.
  if (header.truncated && bytes.length < GGUF_HEAD_BYTES) {
    return { claims: [], skips: [], touches: [{ file: file.path, line: 1, reason: `unreadable GGUF header (it runs past the end of the ${bytes.length}-byte file): a weights file whose quantization cannot be read` }] };
  }
  if (!type) return fromName(header.truncated ? 'header longer than the bytes read' : 'header without general.file_type');
  const name = header.kv.get('general.name');
  return outcome(ggufClaim(file.path, type, CONFIG, `GGUF v${header.version} header general.file_type: ${type}${typeof name === 'string' ? ` (${name})` : ''}`));
}

function outcome(claim: Claim): ReadOutcome {
  return claim.signal.type === 'touches' ? { claims: [], skips: [], touches: [{ file: claim.file, line: claim.line, reason: claim.reason }] } : { claims: [claim], skips: [], touches: [] };
}

function ggufClaim(file: string, type: string, strength: Claim['strength'], reason: string): Claim {
  const attrs: UpdateAttributes = { bits: bitsOf(type), quant_method: 'gguf', quant_type: type, tool: 'llama.cpp' };
  if (UNQUANTIZED.has(type)) {
    return { file, line: 1, strength, signal: { type: 'touches' }, reason: `${reason}: unquantized ${type} weights (a conversion or new weights; not a quantization)`, attrs: { quant_type: type } };
  }
  return { file, line: 1, strength, signal: { type: 'quantized', sub_kind: 'gguf', method: 'gguf' }, reason, attrs };
}
