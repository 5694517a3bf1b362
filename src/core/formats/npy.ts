/**
 * NumPy .npy (https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html), versions 1.0-3.0:
 *   6 bytes  magic "\x93NUMPY"
 *   2 bytes  major, minor version
 *   2 bytes (v1) or 4 bytes (v2, v3) little-endian header length H
 *   H bytes  Python dict literal {'descr': '<f4', 'fortran_order': False, 'shape': (N, D), } padded with spaces, '\n'
 *   rest     C-order element data
 * A .npy file holds one array. It is registered under the file's stem ("pii.eval" for pii.eval.npy), so
 * `tensors` always has exactly one entry; callers reject any other "#tensor" name for .npy files.
 */
import { open } from 'node:fs/promises';
import path from 'node:path';
import { inputError } from '../errors.ts';
import type { DType, TensorFile } from '../types.ts';
import { logLine } from '../escape.ts';
import { DTYPE_ITEMSIZE, elementCount, openForRead, readExactly, shownName } from './safetensors.ts';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

/** descr without the byte-order character -> DType. */
const NPY_KINDS: Readonly<Record<string, DType>> = {
  f8: 'F64',
  f4: 'F32',
  f2: 'F16',
  i8: 'I64',
  i4: 'I32',
  i2: 'I16',
  i1: 'I8',
  u1: 'U8',
  b1: 'BOOL',
};

const DESCR_FOR: Readonly<Record<DType, string | undefined>> = {
  F64: '<f8',
  F32: '<f4',
  F16: '<f2',
  BF16: undefined, // NumPy has no bfloat16
  I64: '<i8',
  I32: '<i4',
  I16: '<i2',
  I8: '|i1',
  U8: '|u1',
  BOOL: '|b1',
};

/** The tensor name a .npy file's array is registered under: its file name without ".npy". */
export function npyTensorName(filePath: string): string {
  const base = path.basename(filePath);
  return base.toLowerCase().endsWith('.npy') ? base.slice(0, -4) : base;
}

export async function readNpyHeader(filePath: string): Promise<TensorFile> {
  const file = path.resolve(filePath);
  // Messages quote the header's own strings: always one line.
  const fail = (message: string, help?: string) => inputError(logLine(message), { file, where: 'npy header', help });
  const handle = await openForRead(file);
  try {
    const { size } = await handle.stat();
    if (size < 10) throw fail(`file is ${size} bytes, too short for a .npy header`);
    const lead = Buffer.alloc(Math.min(12, size));
    await readExactly(handle, lead, 0, file);
    if (!MAGIC.every((b, i) => lead[i] === b)) throw fail('not a .npy file (missing the \\x93NUMPY magic)');
    const major = lead[6];
    const minor = lead[7];
    if (![1, 2, 3].includes(major) || minor !== 0) throw fail(`unsupported .npy version ${major}.${minor} (supported: 1.0, 2.0, 3.0)`);
    let headerLength: number;
    let headerStart: number;
    if (major === 1) {
      headerLength = lead.readUInt16LE(8);
      headerStart = 10;
    } else {
      if (size < 12) throw fail(`file is ${size} bytes, too short for a version ${major}.0 header`);
      headerLength = lead.readUInt32LE(8);
      headerStart = 12;
    }
    if (headerStart + headerLength > size) {
      throw fail(`header length ${headerLength} is larger than the rest of the file (${size - headerStart} bytes); the file is truncated`);
    }
    const headerBytes = Buffer.alloc(headerLength);
    await readExactly(handle, headerBytes, headerStart, file);
    // v1/v2 headers are latin1, v3 is UTF-8 (for structured field names; plain arrays are ASCII either way).
    const text = headerBytes.toString(major === 3 ? 'utf8' : 'latin1');

    let dict: PyValue;
    try {
      dict = parsePythonLiteral(text);
    } catch (error) {
      throw fail(`header is not a valid Python dict literal: ${(error as Error).message}`);
    }
    if (!(dict instanceof Map)) throw fail('header must be a Python dict');
    for (const key of ['descr', 'fortran_order', 'shape']) {
      if (!dict.has(key)) throw fail(`header is missing the '${key}' key`);
    }

    const dtype = descrToDType(dict.get('descr'), fail);

    const shapeValue = dict.get('shape');
    if (!Array.isArray(shapeValue) || !shapeValue.every((d) => typeof d === 'number' && Number.isSafeInteger(d) && d >= 0)) {
      throw fail(`'shape' must be a tuple of non-negative integers, got ${describe(shapeValue)}`);
    }
    const shape = shapeValue as number[];

    const fortran = dict.get('fortran_order');
    if (typeof fortran !== 'boolean') throw fail(`'fortran_order' must be True or False, got ${describe(fortran)}`);
    // Fortran order only changes the layout when more than one axis is longer than 1.
    if (fortran && shape.filter((d) => d > 1).length > 1) {
      throw fail(`Fortran-order (column-major) arrays are not supported (shape (${shape.join(', ')}))`, 'save a C-order copy: np.save(path, np.ascontiguousarray(a))');
    }

    const count = elementCount(shape);
    const byteLength = count === undefined ? NaN : count * DTYPE_ITEMSIZE[dtype];
    if (!Number.isSafeInteger(byteLength)) throw fail(`shape (${shape.join(', ')}) is too large`);
    const byteOffset = headerStart + headerLength;
    if (byteOffset + byteLength > size) {
      throw inputError(
        `data needs ${byteLength} bytes for ${dtype} (${shape.join(', ')}) but the file has ${size - byteOffset} after the header; the file is truncated`,
        { file },
      );
    }
    const name = npyTensorName(file);
    return { path: file, format: 'npy', tensors: new Map([[name, { file, name, dtype, shape, byteOffset, byteLength }]]) };
  } finally {
    await handle.close();
  }
}

function descrToDType(descr: PyValue | undefined, fail: (message: string, help?: string) => Error): DType {
  if (Array.isArray(descr)) throw fail('structured (record) dtypes are not supported; save a plain numeric array');
  if (typeof descr !== 'string') throw fail(`'descr' must be a dtype string, got ${describe(descr)}`);
  const order = descr[0];
  const kind = '<>|='.includes(order) ? descr.slice(1) : descr;
  if (kind === 'O' || kind.startsWith('O')) throw fail(`object arrays (descr ${shownName(descr)}) are not supported; save a numeric array`);
  const dtype = NPY_KINDS[kind];
  if (!dtype) {
    throw fail(`unsupported dtype descr ${shownName(descr)} (supported: ${Object.keys(NPY_KINDS).join(', ')}, little-endian)`);
  }
  // '<' little, '|' not applicable, '=' native (every platform Node runs this on is little-endian).
  if (order === '>' && DTYPE_ITEMSIZE[dtype] > 1) {
    throw fail(`big-endian data (descr '${descr}') is not supported`, "save little-endian: np.save(path, a.astype(a.dtype.newbyteorder('<')))");
  }
  return dtype;
}

function describe(value: PyValue | undefined): string {
  if (value === undefined) return 'nothing';
  if (value instanceof Map) return 'a dict';
  if (Array.isArray(value)) return `(${value.map(describe).join(', ')})`;
  if (typeof value === 'string') return shownName(value);
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  return String(value);
}

// ---------- a small Python literal parser (the subset np.save writes, and a bit more) ----------

export type PyValue = string | number | boolean | null | PyValue[] | Map<string | number, PyValue>;

type Token =
  | { kind: 'punct'; value: '{' | '}' | '(' | ')' | '[' | ']' | ':' | ',' ; pos: number }
  | { kind: 'string'; value: string; pos: number }
  | { kind: 'number'; value: number; pos: number }
  | { kind: 'name'; value: string; pos: number };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
    } else if ('{}()[]:,'.includes(c)) {
      tokens.push({ kind: 'punct', value: c as '{', pos: i });
      i++;
    } else if (c === "'" || c === '"') {
      const start = i;
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) throw new Error(`unterminated string at offset ${start}`);
        const d = text[i];
        if (d === c) break;
        if (d === '\\') {
          const e = text[i + 1];
          const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0' };
          if (e in simple) {
            value += simple[e];
            i += 2;
          } else if (e === 'x' || e === 'u') {
            const len = e === 'x' ? 2 : 4;
            const hex = text.slice(i + 2, i + 2 + len);
            if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== len) throw new Error(`bad escape at offset ${i}`);
            value += String.fromCharCode(parseInt(hex, 16));
            i += 2 + len;
          } else {
            throw new Error(`unsupported escape \\${e ?? ''} at offset ${i}`);
          }
        } else {
          value += d;
          i++;
        }
      }
      i++; // closing quote
      tokens.push({ kind: 'string', value, pos: start });
    } else if (/[0-9+-]/.test(c)) {
      const match = /^[+-]?\d+L?/.exec(text.slice(i)); // integers only; "L" is Python 2's long suffix
      if (!match) throw new Error(`unexpected '${c}' at offset ${i}`);
      const digits = match[0].replace(/L$/, '');
      if (/^[.eE]/.test(text.slice(i + match[0].length))) throw new Error(`only integer numbers are expected, at offset ${i}`);
      tokens.push({ kind: 'number', value: Number(digits), pos: i });
      i += match[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i))!;
      tokens.push({ kind: 'name', value: match[0], pos: i });
      i += match[0].length;
    } else {
      throw new Error(`unexpected character '${c}' at offset ${i}`);
    }
  }
  return tokens;
}

/** Parses one Python literal: dicts become Maps, tuples and lists arrays, True/False/None booleans/null. */
export function parsePythonLiteral(text: string): PyValue {
  const tokens = tokenize(text);
  let k = 0;
  const peek = () => tokens[k];
  const isPunct = (t: Token | undefined, v: string) => t !== undefined && t.kind === 'punct' && t.value === v;
  const expectPunct = (v: string) => {
    const t = tokens[k];
    if (!isPunct(t, v)) throw new Error(t ? `expected '${v}' at offset ${t.pos}` : `expected '${v}' but the header ended`);
    k++;
  };

  // Comma-separated items up to `close`, trailing comma allowed; reports whether any comma was seen.
  function items<T>(close: string, item: () => T): { values: T[]; comma: boolean } {
    const values: T[] = [];
    let comma = false;
    while (!isPunct(peek(), close)) {
      values.push(item());
      if (isPunct(peek(), ',')) {
        comma = true;
        k++;
      } else if (!isPunct(peek(), close)) {
        const t = peek();
        throw new Error(t ? `expected ',' or '${close}' at offset ${t.pos}` : `expected '${close}' but the header ended`);
      }
    }
    k++;
    return { values, comma };
  }

  function value(): PyValue {
    const t = tokens[k++];
    if (!t) throw new Error('unexpected end of header');
    switch (t.kind) {
      case 'string':
      case 'number':
        return t.value;
      case 'name':
        if (t.value === 'True') return true;
        if (t.value === 'False') return false;
        if (t.value === 'None') return null;
        throw new Error(`unexpected name '${t.value}' at offset ${t.pos}`);
      case 'punct':
        if (t.value === '{') {
          const map = new Map<string | number, PyValue>();
          items('}', () => {
            const key = value();
            if (typeof key !== 'string' && typeof key !== 'number') throw new Error(`dict keys must be strings or numbers, at offset ${t.pos}`);
            expectPunct(':');
            map.set(key, value());
          });
          return map;
        }
        if (t.value === '(') {
          const { values, comma } = items(')', value);
          // "(5)" is just 5 in Python; a one-element tuple needs its comma.
          return values.length === 1 && !comma ? values[0] : values;
        }
        if (t.value === '[') return items(']', value).values;
        throw new Error(`unexpected '${t.value}' at offset ${t.pos}`);
    }
  }

  const result = value();
  if (k !== tokens.length) throw new Error(`unexpected text after the literal at offset ${tokens[k].pos}`);
  return result;
}

// ---------- writer ----------

export interface NpyArray {
  dtype: DType;
  shape: number[];
  /** Raw little-endian element bytes in C order. */
  data: ArrayBufferView;
}

/** Writes a version 1.0 .npy file (2.0 only if the header would not fit), header padded to 64 bytes as NumPy does. */
export async function writeNpy(filePath: string, array: NpyArray): Promise<void> {
  const { dtype, shape, data } = array;
  const descr = DESCR_FOR[dtype];
  if (!descr) throw new TypeError(`writeNpy: dtype ${dtype} has no NumPy equivalent`);
  const expected = (elementCount(shape) ?? NaN) * DTYPE_ITEMSIZE[dtype];
  if (data.byteLength !== expected) {
    throw new TypeError(`writeNpy: ${dtype} [${shape.join(', ')}] needs ${expected} bytes, data has ${data.byteLength}`);
  }
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  const dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  let major = 1;
  let prefixLength = 10;
  let total = Math.ceil((prefixLength + dict.length + 1) / 64) * 64;
  if (total - prefixLength > 0xffff) {
    major = 2;
    prefixLength = 12;
    total = Math.ceil((prefixLength + dict.length + 1) / 64) * 64;
  }
  const headerLength = total - prefixLength;
  const header = Buffer.alloc(total, 0x20);
  Buffer.from(MAGIC).copy(header, 0);
  header[6] = major;
  header[7] = 0;
  if (major === 1) header.writeUInt16LE(headerLength, 8);
  else header.writeUInt32LE(headerLength, 8);
  header.write(dict, prefixLength, 'latin1');
  header[total - 1] = 0x0a;

  const handle = await open(filePath, 'w');
  try {
    await handle.write(header);
    if (data.byteLength > 0) await handle.write(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  } finally {
    await handle.close();
  }
}
