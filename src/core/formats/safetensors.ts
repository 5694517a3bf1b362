/**
 * safetensors, written against the published format
 * (https://github.com/huggingface/safetensors#format):
 *   8 bytes  little-endian u64 N = header length
 *   N bytes  UTF-8 JSON object: { "__metadata__"?: {string: string}, name: {dtype, shape, data_offsets: [begin, end]} }
 *   rest     data section; data_offsets are relative to its first byte
 * Only the header is read here; every field is checked against the file size before any data is touched.
 */
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { inputError } from '../errors.ts';
import { kindOf } from '../paths.ts';
import { clip, logLine } from '../escape.ts';
import type { DType, TensorFile, TensorInfo } from '../types.ts';

/** Bytes per element of each supported dtype (the safetensors names are the project's DType names). */
export const DTYPE_ITEMSIZE: Readonly<Record<DType, number>> = {
  F64: 8,
  F32: 4,
  F16: 2,
  BF16: 2,
  I64: 8,
  I32: 4,
  I16: 2,
  I8: 1,
  U8: 1,
  BOOL: 1,
};

export const SUPPORTED_DTYPES = Object.keys(DTYPE_ITEMSIZE) as DType[];

export function isDType(value: unknown): value is DType {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(DTYPE_ITEMSIZE, value);
}

/** Product of a shape as a safe integer, or undefined when it overflows. */
export function elementCount(shape: readonly number[]): number | undefined {
  let n = 1;
  for (const d of shape) n *= d;
  return Number.isSafeInteger(n) ? n : undefined;
}

/** A name from a file as it appears in a message: at most 200 characters, shown on one line. */
export function shownName(name: string): string {
  return `'${logLine(clip(name, 200))}'`;
}

/**
 * The first key that appears twice in one object of valid JSON `text`, with the top-level key it
 * sits under. JSON.parse keeps the last of repeated keys without a word and other readers may keep
 * the first, so a header that says two things is refused rather than read one way.
 */
export function repeatedJsonKey(text: string): { key: string; under?: string } | undefined {
  const open: Array<Set<string> | undefined> = []; // one entry per open object (a key set) or array (undefined)
  let expectKey = false;
  let top: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      let j = i + 1;
      let escaped = false;
      for (let d = text.charCodeAt(j); d !== 0x22; d = text.charCodeAt(j)) {
        if (d === 0x5c) {
          escaped = true;
          j++;
        }
        j++;
      }
      if (expectKey) {
        const key = escaped ? (JSON.parse(text.slice(i, j + 1)) as string) : text.slice(i + 1, j);
        const keys = open[open.length - 1]!;
        if (keys.has(key)) return { key, under: open.length > 1 ? top : undefined };
        keys.add(key);
        if (open.length === 1) top = key;
        expectKey = false;
      }
      i = j;
    } else if (c === 0x7b) {
      open.push(new Set());
      expectKey = true;
    } else if (c === 0x5b) {
      open.push(undefined);
      expectKey = false;
    } else if (c === 0x7d || c === 0x5d) {
      open.pop();
      expectKey = false;
    } else if (c === 0x2c) {
      expectKey = open[open.length - 1] !== undefined;
    }
  }
  return undefined;
}

/** Larger headers are not activation files; the reference implementation caps at 100 MB too. */
const MAX_HEADER_BYTES = 100_000_000;

export async function readSafetensorsHeader(filePath: string): Promise<TensorFile> {
  const file = path.resolve(filePath);
  // Messages quote the file's own strings (names, dtypes, parser errors): always one line.
  const fail = (message: string, where = 'header') => inputError(logLine(message), { file, where: logLine(where) });
  const handle = await openForRead(file);
  try {
    const { size } = await handle.stat();
    if (size < 8) throw fail(`file is ${size} bytes, too short for a safetensors file (it starts with an 8-byte header length)`);
    const prefix = Buffer.alloc(8);
    await readExactly(handle, prefix, 0, file);
    const headerLength = prefix.readBigUInt64LE(0);
    if (headerLength > BigInt(size - 8)) {
      throw fail(`header length ${headerLength} is larger than the rest of the file (${size - 8} bytes); the file is truncated or not safetensors`);
    }
    const n = Number(headerLength);
    if (n > MAX_HEADER_BYTES) throw fail(`header length ${n} is over the ${MAX_HEADER_BYTES}-byte limit`);
    if (n < 2) throw fail(`header length ${n} is too small for a JSON object`);

    const headerBytes = Buffer.alloc(n);
    await readExactly(handle, headerBytes, 8, file);
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(headerBytes);
    } catch {
      throw fail('header is not valid UTF-8');
    }
    let header: unknown;
    try {
      header = JSON.parse(text);
    } catch (error) {
      throw fail(`header is not valid JSON (${(error as Error).message})`);
    }
    if (header === null || typeof header !== 'object' || Array.isArray(header)) throw fail('header JSON must be an object');
    const repeated = repeatedJsonKey(text);
    if (repeated?.under === undefined && repeated) {
      throw fail(`${repeated.key === '__metadata__' ? '__metadata__' : `tensor ${shownName(repeated.key)}`} is listed twice in the header; readers disagree on which entry counts`);
    }
    if (repeated) {
      throw fail(`key ${shownName(repeated.key)} appears twice in one entry; readers disagree on which value counts`, repeated.under === '__metadata__' ? '__metadata__' : `tensor ${shownName(repeated.under!)}`);
    }

    const dataStart = 8 + n;
    const dataSize = size - dataStart;
    const tensors = new Map<string, TensorInfo>();
    const spans: Array<{ name: string; begin: number; end: number }> = [];
    let metadata: Record<string, string> | undefined;
    for (const [name, entry] of Object.entries(header as Record<string, unknown>)) {
      if (name === '__metadata__') {
        checkMetadata(entry, fail);
        metadata = { ...(entry as Record<string, string>) };
        continue;
      }
      const where = `tensor ${shownName(name)}`;
      if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) throw fail('entry must be an object with dtype, shape and data_offsets', where);
      const { dtype, shape, data_offsets: offsets } = entry as Record<string, unknown>;
      if (typeof dtype !== 'string') throw fail('dtype is missing or not a string', where);
      if (!isDType(dtype)) throw fail(`unsupported dtype ${shownName(dtype)} (supported: ${SUPPORTED_DTYPES.join(', ')})`, where);
      if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
        throw fail(`shape must be an array of non-negative integers, got ${JSON.stringify(shape)}`, where);
      }
      if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isSafeInteger(o) && o >= 0)) {
        throw fail(`data_offsets must be [begin, end] with non-negative integers, got ${JSON.stringify(offsets)}`, where);
      }
      const [begin, end] = offsets as [number, number];
      if (end < begin) throw fail(`data_offsets [${begin}, ${end}] end before they begin`, where);
      const count = elementCount(shape);
      const expected = count === undefined ? undefined : count * DTYPE_ITEMSIZE[dtype];
      if (expected === undefined || !Number.isSafeInteger(expected)) throw fail(`shape [${shape.join(', ')}] is too large`, where);
      if (end - begin !== expected) {
        throw fail(`data_offsets [${begin}, ${end}] span ${end - begin} bytes but ${dtype} [${shape.join(', ')}] needs ${expected}`, where);
      }
      if (end > dataSize) {
        throw fail(`data_offsets [${begin}, ${end}] run past the end of the data section (${dataSize} bytes); the file is truncated`, where);
      }
      spans.push({ name, begin, end });
      tensors.set(name, { file, name, dtype, shape: shape.slice(), byteOffset: dataStart + begin, byteLength: end - begin });
    }

    // Tensors may leave gaps (harmless) but must not share bytes. Empty tensors occupy nothing.
    spans.sort((a, b) => a.begin - b.begin || a.end - b.end);
    let previous: (typeof spans)[number] | undefined;
    for (const span of spans) {
      if (span.end === span.begin) continue;
      if (previous && span.begin < previous.end) {
        throw fail(`tensors ${shownName(previous.name)} [${previous.begin}, ${previous.end}] and ${shownName(span.name)} [${span.begin}, ${span.end}] overlap`);
      }
      previous = span;
    }
    return { path: file, format: 'safetensors', tensors, ...(metadata ? { metadata } : {}) };
  } finally {
    await handle.close();
  }
}

function checkMetadata(entry: unknown, fail: (message: string, where?: string) => Error): void {
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) throw fail('__metadata__ must be an object of strings');
  for (const [key, value] of Object.entries(entry)) {
    if (typeof value !== 'string') throw fail(`__metadata__ value for ${shownName(key)} must be a string, got ${JSON.stringify(value)}`);
  }
}

/**
 * Opens a tensor file for reading; a missing or unreadable file is a one-line input error, not a
 * crash. Non-blocking, so a FIFO is refused after fstat instead of waiting forever for a writer.
 */
export async function openForRead(file: string): Promise<FileHandle> {
  let handle: FileHandle;
  try {
    handle = await open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw inputError('file not found', { file });
    if (code === 'EACCES' || code === 'EPERM') throw inputError('file is not readable (permission denied)', { file });
    if (code === 'EISDIR') throw inputError('is a folder, expected a tensor file', { file });
    if (code === 'ELOOP') throw inputError('cannot read the file: too many levels of symbolic links', { file });
    throw inputError(`cannot open the file (${code ?? String(error)})`, { file });
  }
  const stats = await handle.stat().catch(async (error: unknown) => {
    await handle.close().catch(() => undefined);
    throw inputError(`cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`, { file });
  });
  const kind = kindOf(stats);
  if (kind) {
    await handle.close().catch(() => undefined);
    throw inputError(stats.isDirectory() ? 'is a folder, expected a tensor file' : `is ${kind}, expected a regular tensor file`, { file });
  }
  return handle;
}

/** The most one read call asks for; larger reads are split. */
export const MAX_READ_BYTES = 1 << 30;

/** Fills `buffer` from `position`, looping over short reads; running out of file is a truncation error. */
export async function readExactly(
  handle: FileHandle,
  buffer: Uint8Array,
  position: number,
  file: string,
): Promise<void> {
  let done = 0;
  while (done < buffer.byteLength) {
    // one read of 2 GiB or more aborts Node natively (its length must fit an int32)
    const length = Math.min(buffer.byteLength - done, MAX_READ_BYTES);
    const { bytesRead } = await handle.read(buffer, done, length, position + done);
    if (bytesRead === 0) {
      throw inputError(`file ended after ${position + done} bytes while reading ${buffer.byteLength} bytes at offset ${position}; it is truncated`, { file });
    }
    done += bytesRead;
  }
}

export interface TensorToWrite {
  dtype: DType;
  shape: number[];
  /** Raw little-endian element bytes, e.g. a Float32Array, or a Uint16Array of float16 bits. */
  data: ArrayBufferView;
}

/**
 * Writes a safetensors file. Deterministic: tensors sorted by element size then name, packed back to back,
 * compact JSON header padded with spaces to a multiple of 8 bytes (as the reference implementation does).
 */
export async function writeSafetensors(
  filePath: string,
  tensors: Record<string, TensorToWrite>,
  metadata?: Record<string, string>,
): Promise<void> {
  // Like the reference implementation: wider dtypes first so every tensor stays aligned to its
  // element size within the (8-byte aligned) data section, then by name for deterministic bytes.
  const names = Object.keys(tensors).sort((a, b) => {
    const bySize = (DTYPE_ITEMSIZE[tensors[b].dtype] ?? 0) - (DTYPE_ITEMSIZE[tensors[a].dtype] ?? 0);
    return bySize || (a < b ? -1 : a > b ? 1 : 0);
  });
  const header: Record<string, unknown> = {};
  if (metadata && Object.keys(metadata).length > 0) {
    const sorted: Record<string, string> = {};
    for (const key of Object.keys(metadata).sort()) {
      if (typeof metadata[key] !== 'string') throw new TypeError(`writeSafetensors: metadata '${key}' must be a string`);
      sorted[key] = metadata[key];
    }
    header.__metadata__ = sorted;
  }
  let offset = 0;
  for (const name of names) {
    if (name === '__metadata__') throw new TypeError("writeSafetensors: '__metadata__' is reserved");
    const { dtype, shape, data } = tensors[name];
    if (!isDType(dtype)) throw new TypeError(`writeSafetensors: tensor '${name}' has unsupported dtype ${String(dtype)}`);
    const expected = (elementCount(shape) ?? NaN) * DTYPE_ITEMSIZE[dtype];
    if (data.byteLength !== expected) {
      throw new TypeError(`writeSafetensors: tensor '${name}' ${dtype} [${shape.join(', ')}] needs ${expected} bytes, data has ${data.byteLength}`);
    }
    header[name] = { dtype, shape, data_offsets: [offset, offset + expected] };
    offset += expected;
  }
  let json = Buffer.from(JSON.stringify(header), 'utf8');
  const padding = (8 - (json.length % 8)) % 8;
  if (padding) json = Buffer.concat([json, Buffer.alloc(padding, 0x20)]);
  const prefix = Buffer.alloc(8);
  prefix.writeBigUInt64LE(BigInt(json.length));

  const handle = await open(filePath, 'w');
  try {
    await handle.write(prefix);
    await handle.write(json);
    for (const name of names) {
      const { data } = tensors[name];
      if (data.byteLength > 0) await handle.write(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    }
  } finally {
    await handle.close();
  }
}
