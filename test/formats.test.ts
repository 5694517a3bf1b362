// Tensor file formats: float16/bfloat16 conversion, safetensors and .npy readers and writers,
// header validation against hostile files, row reads, and the real benchmark pack's files.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { GateError } from '../src/core/errors.ts';
import { bf16ToF32, f16BitsToNumber, f16ToF32, f32ToBF16, f32ToF16, numberToF16Bits } from '../src/core/formats/float16.ts';
import { parsePythonLiteral, readNpyHeader, writeNpy } from '../src/core/formats/npy.ts';
import { DTYPE_ITEMSIZE, readSafetensorsHeader, writeSafetensors } from '../src/core/formats/safetensors.ts';
import { openTensorFile, readRowsFloat32, readSmallTensor, requireTensor } from '../src/core/formats/tensor-file.ts';
import { hasRealbench, realbenchDir, tempDir } from './helpers/workspace.ts';

const u16 = (...bits: number[]) => new Uint16Array(bits);

/** A safetensors file built by hand from the spec (not by our writer): header JSON text + raw data bytes. */
function rawSafetensors(file: string, headerJson: string, data: Uint8Array = new Uint8Array(0), headerLength?: number): string {
  const json = Buffer.from(headerJson, 'utf8');
  const prefix = Buffer.alloc(8);
  prefix.writeBigUInt64LE(BigInt(headerLength ?? json.length));
  writeFileSync(file, Buffer.concat([prefix, json, data]));
  return file;
}

/** A .npy file built by hand: magic, version, header (padded to 64 with '\n'), raw data. */
function rawNpy(file: string, dict: string, data: Uint8Array, version = 1): string {
  const prefixLength = version === 1 ? 10 : 12;
  const total = Math.ceil((prefixLength + dict.length + 1) / 64) * 64;
  const header = Buffer.alloc(total, 0x20);
  Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]).copy(header);
  if (version === 1) header.writeUInt16LE(total - prefixLength, 8);
  else header.writeUInt32LE(total - prefixLength, 8);
  header.write(dict, prefixLength, version === 3 ? 'utf8' : 'latin1');
  header[total - 1] = 0x0a;
  writeFileSync(file, Buffer.concat([header, data]));
  return file;
}

/** Asserts a GateError of kind input whose one-line text names the file and matches the problem. */
async function rejectsInput(promise: Promise<unknown>, file: string, problem: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof GateError, `expected a GateError, got ${String(error)}`);
    assert.equal(error.kind, 'input');
    const line = error.toLine();
    assert.ok(line.includes(path.basename(file)), `"${line}" should name ${path.basename(file)}`);
    assert.match(line, problem);
    assert.ok(!line.includes('\n'), 'one line');
    return true;
  });
}

describe('float16 and bfloat16 conversion', () => {
  test('float16 bit patterns decode to their exact values', () => {
    const bits = u16(0x3c00, 0xc000, 0x7bff, 0x0001, 0x03ff, 0x0400, 0x7c00, 0xfc00, 0x8000, 0x3555, 0x0000);
    const expected = [1, -2, 65504, 2 ** -24, 1023 * 2 ** -24, 2 ** -14, Infinity, -Infinity, -0, 0.333251953125, 0];
    assert.deepEqual(Array.from(f16ToF32(bits)), expected);
    assert.ok(Object.is(f16ToF32(u16(0x8000))[0], -0));
    assert.ok(Number.isNaN(f16ToF32(u16(0x7e00))[0]));
    assert.ok(Number.isNaN(f16ToF32(u16(0xfc01))[0]));
  });

  test('bfloat16 bit patterns decode to their exact values', () => {
    const bits = u16(0x3f80, 0xc000, 0x4049, 0x7f80, 0xff80, 0x0001, 0x7f7f, 0x8000, 0x3e80);
    const expected = [1, -2, 3.140625, Infinity, -Infinity, 2 ** -133, 3.3895313892515355e38, -0, 0.25];
    assert.deepEqual(Array.from(bf16ToF32(bits)), expected);
    assert.ok(Number.isNaN(bf16ToF32(u16(0x7fc0))[0]));
  });

  test('every float16 pattern survives decode then encode', () => {
    const all = new Uint16Array(65536);
    for (let i = 0; i < all.length; i++) all[i] = i;
    const back = f32ToF16(f16ToF32(all));
    for (let i = 0; i < 65536; i++) {
      const isNaN = (i & 0x7c00) === 0x7c00 && (i & 0x3ff) !== 0;
      if (isNaN) assert.ok((back[i] & 0x7c00) === 0x7c00 && (back[i] & 0x3ff) !== 0, `NaN 0x${i.toString(16)} stays NaN`);
      else if (back[i] !== i) assert.fail(`0x${i.toString(16)} came back as 0x${back[i].toString(16)}`);
    }
  });

  test('float32 -> float16 rounds to nearest, ties to even, at every pair of neighbours', () => {
    // Midpoints of adjacent float16 values are exact in float32; just above/below must go to the nearer one.
    const mid = new Float32Array(1);
    const midBits = new Uint32Array(mid.buffer);
    for (let h = 0; h < 0x7bff; h++) {
      const a = f16BitsToNumber(h);
      const b = f16BitsToNumber(h + 1);
      mid[0] = (a + b) / 2;
      const even = h % 2 === 0 ? h : h + 1;
      assert.equal(numberToF16Bits(mid[0]), even, `midpoint of 0x${h.toString(16)}`);
      midBits[0] += 1;
      assert.equal(numberToF16Bits(mid[0]), h + 1, `just above midpoint of 0x${h.toString(16)}`);
      midBits[0] -= 2;
      if (mid[0] > a) assert.equal(numberToF16Bits(mid[0]), h, `just below midpoint of 0x${h.toString(16)}`);
      assert.equal(numberToF16Bits(-a), h | 0x8000);
    }
    assert.equal(numberToF16Bits(65519), 0x7bff);
    assert.equal(numberToF16Bits(65520), 0x7c00); // tie between 65504 and "65536" goes to the even one: Inf
    assert.equal(numberToF16Bits(1e9), 0x7c00);
    assert.equal(numberToF16Bits(-1e9), 0xfc00);
    assert.equal(numberToF16Bits(2 ** -26), 0);
    assert.equal(numberToF16Bits(2 ** -25), 0); // tie to even zero
    assert.equal(numberToF16Bits(1.5 * 2 ** -25), 1);
    assert.equal(numberToF16Bits(1023.5 * 2 ** -24), 0x0400); // rounds up out of the subnormals
  });

  test('float32 -> bfloat16 rounds to nearest even and keeps NaN a NaN', () => {
    const values = [1, 1 + 2 ** -8, 1 + 3 * 2 ** -8, 1 + 2 ** -8 + 2 ** -20, -2, 3.3895313892515355e38, 3.4e38, Infinity, NaN];
    const bits = f32ToBF16(values);
    assert.deepEqual(Array.from(bits.subarray(0, 8)), [0x3f80, 0x3f80, 0x3f82, 0x3f81, 0xc000, 0x7f7f, 0x7f80, 0x7f80]);
    assert.ok(Number.isNaN(bf16ToF32(bits.subarray(8))[0]));
    // A NaN whose payload lives only in the low 16 bits must not truncate to Inf.
    const lowNaN = new Float32Array(new Uint32Array([0x7f800001]).buffer);
    assert.ok(Number.isNaN(bf16ToF32(f32ToBF16(lowNaN))[0]));
  });

  test('bulk conversion writes into a given output and rejects a short one', () => {
    const out = new Float32Array(4);
    assert.equal(f16ToF32(u16(0x3c00, 0x4000), out), out);
    assert.deepEqual(Array.from(out), [1, 2, 0, 0]);
    assert.throws(() => bf16ToF32(u16(1, 2, 3), new Float32Array(2)), RangeError);
  });
});

describe('safetensors', () => {
  test('writer output reads back: F32, F16, BF16, F64, I64, I32, U8, BOOL and metadata', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'all.safetensors');
    const f32 = new Float32Array([1.5, -2.25, 3, 1e-3, 100, -0.5]);
    await writeSafetensors(
      file,
      {
        f32: { dtype: 'F32', shape: [2, 3], data: f32 },
        f16: { dtype: 'F16', shape: [3, 2], data: f32ToF16([0.5, -1, 65504, 2 ** -24, 0.1, 7]) },
        bf16: { dtype: 'BF16', shape: [2, 1, 3], data: f32ToBF16([1, -2, 3.140625, 0.25, 1e30, -7]) },
        f64: { dtype: 'F64', shape: [2], data: new Float64Array([0.1, -1e300]) },
        i64: { dtype: 'I64', shape: [4], data: new BigInt64Array([0n, -1n, 2n ** 40n + 3n, -(2n ** 33n)]) },
        i32: { dtype: 'I32', shape: [2], data: new Int32Array([-7, 2 ** 30]) },
        u8: { dtype: 'U8', shape: [3], data: new Uint8Array([0, 1, 255]) },
        bool: { dtype: 'BOOL', shape: [2], data: new Uint8Array([1, 0]) },
        empty: { dtype: 'F32', shape: [0, 4], data: new Float32Array(0) },
      },
      { format: 'pt', note: 'ünïcode' },
    );
    const tf = await openTensorFile(file);
    assert.equal(tf.format, 'safetensors');
    assert.deepEqual([...tf.tensors.keys()].sort(), ['bf16', 'bool', 'empty', 'f16', 'f32', 'f64', 'i32', 'i64', 'u8']);
    const t = (name: string) => requireTensor(tf, name);
    assert.deepEqual(t('bf16').shape, [2, 1, 3]);
    assert.equal(t('f16').dtype, 'F16');
    for (const info of tf.tensors.values()) {
      // the writer keeps every tensor aligned to its element size
      assert.equal(info.byteOffset % DTYPE_ITEMSIZE[info.dtype], 0, info.name);
    }
    assert.deepEqual(Array.from(await readRowsFloat32(t('f32'), 0, 2)), Array.from(f32));
    assert.deepEqual(Array.from(await readRowsFloat32(t('f32'), 1, 1)), [1e-3, 100, -0.5].map(Math.fround));
    assert.deepEqual(Array.from(await readRowsFloat32(t('f16'), 1, 2)), [65504, 2 ** -24, Math.fround(0.0999755859375), 7]);
    assert.deepEqual(Array.from(await readRowsFloat32(t('bf16'), 0, 2)), [1, -2, 3.140625, 0.25, 1.0002555517425873e30, -7]);
    assert.deepEqual(Array.from(await readSmallTensor(t('f64'))), [0.1, -1e300]);
    assert.deepEqual(Array.from(await readSmallTensor(t('i64'))), [0, -1, 2 ** 40 + 3, -(2 ** 33)]);
    assert.deepEqual(Array.from(await readRowsFloat32(t('i32'), 0, 2)), [-7, 2 ** 30]);
    assert.deepEqual(Array.from(await readSmallTensor(t('u8'))), [0, 1, 255]);
    assert.deepEqual(Array.from(await readSmallTensor(t('bool'))), [1, 0]);
    assert.equal((await readRowsFloat32(t('empty'), 0, 0)).length, 0);
  });

  test('writer bytes follow the spec: u64 length, space-padded 8-byte aligned JSON, sorted layout, deterministic', async () => {
    const dir = tempDir();
    const a = path.join(dir, 'a.safetensors');
    const b = path.join(dir, 'b.safetensors');
    const x = new Float32Array([1, 2]);
    const y = new Uint8Array([3]);
    const z = new Float32Array([4]);
    await writeSafetensors(a, { z: { dtype: 'F32', shape: [1], data: z }, y: { dtype: 'U8', shape: [1], data: y }, x: { dtype: 'F32', shape: [2], data: x } });
    await writeSafetensors(b, { x: { dtype: 'F32', shape: [2], data: x }, y: { dtype: 'U8', shape: [1], data: y }, z: { dtype: 'F32', shape: [1], data: z } });
    const bytes = readFileSync(a);
    assert.deepEqual(bytes, readFileSync(b));
    const n = Number(bytes.readBigUInt64LE(0));
    assert.equal(n % 8, 0);
    const text = bytes.subarray(8, 8 + n).toString('utf8');
    assert.match(text, /^\{.*\} *$/);
    assert.deepEqual(JSON.parse(text), {
      x: { dtype: 'F32', shape: [2], data_offsets: [0, 8] },
      z: { dtype: 'F32', shape: [1], data_offsets: [8, 12] },
      y: { dtype: 'U8', shape: [1], data_offsets: [12, 13] },
    });
    assert.deepEqual(Array.from(new Float32Array(bytes.buffer.slice(bytes.byteOffset + 8 + n, bytes.byteOffset + 8 + n + 12))), [1, 2, 4]);
    assert.equal(bytes.length, 8 + n + 13);
  });

  test('writer refuses data whose length does not match dtype and shape', async () => {
    const file = path.join(tempDir(), 'bad.safetensors');
    await assert.rejects(writeSafetensors(file, { a: { dtype: 'F32', shape: [3], data: new Float32Array(2) } }), /needs 12 bytes/);
  });

  test('reads a hand-built file whose F32 data starts at an odd byte offset', async () => {
    const file = path.join(tempDir(), 'odd.safetensors');
    const data = new Uint8Array(1 + 16);
    new DataView(data.buffer).setFloat32(1, 0.75, true);
    new DataView(data.buffer).setFloat32(5, -8, true);
    new DataView(data.buffer).setFloat32(9, 1e20, true);
    new DataView(data.buffer).setFloat32(13, 2.5, true);
    // header of odd length, then a 1-byte tensor first: the F32 tensor sits at an unaligned file offset
    rawSafetensors(file, '{"b":{"dtype":"U8","shape":[1],"data_offsets":[0,1]},"a":{"dtype":"F32","shape":[2,2],"data_offsets":[1,17]}} ', data);
    const tf = await readSafetensorsHeader(file);
    const a = requireTensor(tf, 'a');
    assert.equal(a.byteOffset % 4 !== 0, true);
    assert.deepEqual(Array.from(await readRowsFloat32(a, 1, 1)), [Math.fround(1e20), 2.5]);
    assert.deepEqual(Array.from(await readRowsFloat32(a, 0, 2)), [0.75, -8, Math.fround(1e20), 2.5]);
  });

  test('row reads reject ranges outside the tensor', async () => {
    const file = path.join(tempDir(), 'r.safetensors');
    await writeSafetensors(file, { a: { dtype: 'F32', shape: [2, 2], data: new Float32Array(4) } });
    const a = requireTensor(await openTensorFile(file), 'a');
    await assert.rejects(readRowsFloat32(a, 1, 2), RangeError);
  });

  describe('rejects malformed files with a one-line error naming the file', () => {
    const dir = tempDir();
    const good = '{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}';

    test('file shorter than the 8-byte length', async () => {
      const file = path.join(dir, 'tiny.safetensors');
      writeFileSync(file, Buffer.from([1, 2, 3]));
      await rejectsInput(readSafetensorsHeader(file), file, /3 bytes, too short/);
    });
    test('header length larger than the file', async () => {
      const file = rawSafetensors(path.join(dir, 'long-header.safetensors'), good, new Uint8Array(8), 5000);
      await rejectsInput(readSafetensorsHeader(file), file, /header length 5000 is larger than the rest of the file/);
    });
    test('absurd header length (u64 beyond 2^53)', async () => {
      const file = path.join(dir, 'huge.safetensors');
      const prefix = Buffer.alloc(16);
      prefix.writeBigUInt64LE(2n ** 63n);
      writeFileSync(file, prefix);
      await rejectsInput(readSafetensorsHeader(file), file, /header length 9223372036854775808 is larger/);
    });
    test('truncated data: data_offsets past the end', async () => {
      const file = rawSafetensors(path.join(dir, 'truncated.safetensors'), good, new Uint8Array(5));
      await rejectsInput(readSafetensorsHeader(file), file, /tensor 'a'.*data_offsets \[0, 8\] run past the end of the data section \(5 bytes\)/);
    });
    test('overlapping tensors', async () => {
      const file = rawSafetensors(
        path.join(dir, 'overlap.safetensors'),
        '{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}',
        new Uint8Array(12),
      );
      await rejectsInput(readSafetensorsHeader(file), file, /tensors 'a' \[0, 8\] and 'b' \[4, 12\] overlap/);
    });
    test('unknown dtype is named', async () => {
      const file = rawSafetensors(path.join(dir, 'f8.safetensors'), '{"a":{"dtype":"F8_E4M3","shape":[2],"data_offsets":[0,2]}}', new Uint8Array(2));
      await rejectsInput(readSafetensorsHeader(file), file, /tensor 'a': unsupported dtype 'F8_E4M3' \(supported: F64, F32, F16, BF16/);
    });
    test('data_offsets that disagree with shape and dtype', async () => {
      const file = rawSafetensors(path.join(dir, 'size.safetensors'), '{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}', new Uint8Array(12));
      await rejectsInput(readSafetensorsHeader(file), file, /span 8 bytes but F32 \[3\] needs 12/);
    });
    test('negative or fractional shape', async () => {
      const file = rawSafetensors(path.join(dir, 'shape.safetensors'), '{"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,0]}}');
      await rejectsInput(readSafetensorsHeader(file), file, /shape must be an array of non-negative integers/);
    });
    test('header that is not JSON, or not an object', async () => {
      const notJson = rawSafetensors(path.join(dir, 'notjson.safetensors'), '{"a": [1, 2');
      await rejectsInput(readSafetensorsHeader(notJson), notJson, /header is not valid JSON/);
      const array = rawSafetensors(path.join(dir, 'array.safetensors'), '[1, 2, 3]');
      await rejectsInput(readSafetensorsHeader(array), array, /header JSON must be an object/);
    });
    test('__metadata__ with a non-string value', async () => {
      const file = rawSafetensors(path.join(dir, 'meta.safetensors'), '{"__metadata__":{"n":3}}');
      await rejectsInput(readSafetensorsHeader(file), file, /__metadata__ value for 'n' must be a string/);
    });
  });
});

describe('npy', () => {
  test('writer output reads back for every NumPy dtype, with a 64-byte aligned v1.0 header', async () => {
    const dir = tempDir();
    const cases = [
      { dtype: 'F32', shape: [2, 3], data: new Float32Array([1, 2, 3, 4, 5, -6.5]), values: [1, 2, 3, 4, 5, -6.5] },
      { dtype: 'F16', shape: [4], data: f32ToF16([0.5, -1, 65504, 0.1]), values: [0.5, -1, 65504, 0.0999755859375] },
      { dtype: 'F64', shape: [1, 2], data: new Float64Array([0.1, 1e-300]), values: [0.1, 1e-300] },
      { dtype: 'I64', shape: [3], data: new BigInt64Array([1n, -5n, 2n ** 50n]), values: [1, -5, 2 ** 50] },
      { dtype: 'I32', shape: [2], data: new Int32Array([-1, 7]), values: [-1, 7] },
      { dtype: 'I16', shape: [2], data: new Int16Array([-300, 300]), values: [-300, 300] },
      { dtype: 'I8', shape: [2], data: new Int8Array([-128, 127]), values: [-128, 127] },
      { dtype: 'U8', shape: [2, 1], data: new Uint8Array([0, 1]), values: [0, 1] },
      { dtype: 'BOOL', shape: [3], data: new Uint8Array([1, 0, 1]), values: [1, 0, 1] },
      { dtype: 'F32', shape: [], data: new Float32Array([42]), values: [42] },
    ] as const;
    for (const [i, c] of cases.entries()) {
      const file = path.join(dir, `t${i}.npy`);
      await writeNpy(file, { dtype: c.dtype, shape: [...c.shape], data: c.data });
      const bytes = readFileSync(file);
      const headerEnd = 10 + bytes.readUInt16LE(8);
      assert.equal(headerEnd % 64, 0);
      assert.equal(bytes[headerEnd - 1], 0x0a);
      const tf = await readNpyHeader(file);
      assert.equal(tf.format, 'npy');
      assert.deepEqual([...tf.tensors.keys()], [`t${i}`]);
      const info = tf.tensors.get(`t${i}`)!;
      assert.equal(info.dtype, c.dtype);
      assert.deepEqual(info.shape, c.shape);
      assert.deepEqual(Array.from(await readSmallTensor(info)), c.values, `${c.dtype} ${JSON.stringify(c.shape)}`);
    }
    await assert.rejects(writeNpy(path.join(dir, 'bf.npy'), { dtype: 'BF16', shape: [1], data: new Uint16Array(1) }), /no NumPy equivalent/);
  });

  test('writer header text is what numpy writes', async () => {
    const file = path.join(tempDir(), 'labels.npy');
    await writeNpy(file, { dtype: 'I64', shape: [240], data: new BigInt64Array(240) });
    const bytes = readFileSync(file);
    const dict = "{'descr': '<i8', 'fortran_order': False, 'shape': (240,), }";
    assert.equal(bytes.length, 128 + 240 * 8);
    assert.equal(bytes.subarray(0, 128).toString('latin1'), '\x93NUMPY\x01\x00v\x00' + dict + ' '.repeat(128 - 10 - dict.length - 1) + '\n');
    if (hasRealbench) {
      // byte for byte the header numpy 1.24 wrote for realbench's copy of the same labels
      const numpyBytes = readFileSync(path.join(realbenchDir, 'activations_npy/base/L2_mean/pii.eval.labels.npy'));
      assert.deepEqual(bytes.subarray(0, 128), numpyBytes.subarray(0, 128));
    }
  });

  test('versions 2.0 and 3.0, native and not-applicable byte orders, a Fortran-order vector', async () => {
    const dir = tempDir();
    const data = new Uint8Array(new Float32Array([1, 2, 3]).buffer);
    const v2 = rawNpy(path.join(dir, 'v2.npy'), "{'descr': '=f4', 'fortran_order': False, 'shape': (3,), }", data, 2);
    const v3 = rawNpy(path.join(dir, 'v3.npy'), '{"descr": "<f4", "fortran_order": False, "shape": (3,)}', data, 3);
    const fv = rawNpy(path.join(dir, 'fvec.npy'), "{'descr': '<f4', 'fortran_order': True, 'shape': (3, 1), }", data);
    for (const file of [v2, v3, fv]) {
      const info = [...(await readNpyHeader(file)).tensors.values()][0];
      assert.deepEqual(Array.from(await readRowsFloat32(info, 0, 3)), [1, 2, 3], file);
    }
    const u1 = rawNpy(path.join(dir, 'u1.npy'), "{'descr': '|u1', 'fortran_order': False, 'shape': (2,), }", new Uint8Array([0, 1]));
    assert.equal([...(await readNpyHeader(u1)).tensors.values()][0].dtype, 'U8');
  });

  test('Python literal parser: dicts, tuples, lists, strings with escapes, booleans, None', () => {
    const value = parsePythonLiteral(`{'a': (1,), "b": (), 'c': (2, 3), 'd': [True, False, None], 'e': 'x\\'y', 'f': (7), 'g': -4L, }`);
    assert.ok(value instanceof Map);
    assert.deepEqual(Object.fromEntries(value), { a: [1], b: [], c: [2, 3], d: [true, false, null], e: "x'y", f: 7, g: -4 });
    assert.throws(() => parsePythonLiteral("{'a': 1"), /expected/);
    assert.throws(() => parsePythonLiteral("{'a': 1} x"), /after the literal/);
    assert.throws(() => parsePythonLiteral("{'a': 1.5}"), /integer/);
    assert.throws(() => parsePythonLiteral("{'a': os.system('x')}"), /unexpected/);
  });

  describe('rejects unsupported or malformed files with a one-line error naming the file', () => {
    const dir = tempDir();
    const f4 = new Uint8Array(new Float32Array([1, 2, 3, 4, 5, 6]).buffer);
    test('bad magic', async () => {
      const file = path.join(dir, 'magic.npy');
      writeFileSync(file, Buffer.from('PK\x03\x04 this is a zip, not an npy file'));
      await rejectsInput(readNpyHeader(file), file, /not a \.npy file \(missing the \\x93NUMPY magic\)/);
    });
    test('big-endian data', async () => {
      const file = rawNpy(path.join(dir, 'big.npy'), "{'descr': '>f4', 'fortran_order': False, 'shape': (6,), }", f4);
      await rejectsInput(readNpyHeader(file), file, /big-endian data \(descr '>f4'\) is not supported/);
    });
    test('Fortran order', async () => {
      const file = rawNpy(path.join(dir, 'fortran.npy'), "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }", f4);
      await rejectsInput(readNpyHeader(file), file, /Fortran-order .* not supported \(shape \(2, 3\)\).*ascontiguousarray/);
    });
    test('object and structured dtypes, unsupported kinds', async () => {
      const object = rawNpy(path.join(dir, 'object.npy'), "{'descr': '|O', 'fortran_order': False, 'shape': (1,), }", new Uint8Array(8));
      await rejectsInput(readNpyHeader(object), object, /object arrays .* not supported/);
      const record = rawNpy(path.join(dir, 'record.npy'), "{'descr': [('x', '<f4'), ('y', '<i4')], 'fortran_order': False, 'shape': (1,), }", new Uint8Array(8));
      await rejectsInput(readNpyHeader(record), record, /structured \(record\) dtypes are not supported/);
      const complex = rawNpy(path.join(dir, 'complex.npy'), "{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }", new Uint8Array(8));
      await rejectsInput(readNpyHeader(complex), complex, /unsupported dtype descr '<c8'/);
    });
    test('truncated data, missing keys, unknown version', async () => {
      const short = rawNpy(path.join(dir, 'short.npy'), "{'descr': '<f4', 'fortran_order': False, 'shape': (10,), }", f4);
      await rejectsInput(readNpyHeader(short), short, /needs 40 bytes .* has 24 .* truncated/);
      const keys = rawNpy(path.join(dir, 'keys.npy'), "{'descr': '<f4', 'shape': (6,), }", f4);
      await rejectsInput(readNpyHeader(keys), keys, /missing the 'fortran_order' key/);
      const v9 = rawNpy(path.join(dir, 'v9.npy'), "{'descr': '<f4', 'fortran_order': False, 'shape': (6,), }", f4);
      const bytes = readFileSync(v9);
      bytes[6] = 9;
      writeFileSync(v9, bytes);
      await rejectsInput(readNpyHeader(v9), v9, /unsupported \.npy version 9\.0/);
    });
  });
});

describe('openTensorFile', () => {
  test('unknown extension names the supported formats; a missing file is one line', async () => {
    const dir = tempDir();
    const pt = path.join(dir, 'acts.pt');
    writeFileSync(pt, 'x');
    await rejectsInput(openTensorFile(pt), pt, /unsupported tensor file type '\.pt' \(supported: \.safetensors, \.npy\)/);
    const missing = path.join(dir, 'nope.safetensors');
    await rejectsInput(openTensorFile(missing), missing, /file not found/);
    await rejectsInput(openTensorFile(path.join(dir, 'nope.npy')), 'nope.npy', /file not found/);
  });
});

describe('realbench files', { skip: hasRealbench ? false : '../shared/realbench not found beside the repository' }, () => {
  test('pii.eval F16 [240, 128] equals the numpy-written .npy copy element for element', async () => {
    const st = await openTensorFile(path.join(realbenchDir, 'activations/base/L2_mean.safetensors'));
    const np = await openTensorFile(path.join(realbenchDir, 'activations_npy/base/L2_mean/pii.eval.npy'));
    const a = requireTensor(st, 'pii.eval');
    const b = requireTensor(np, 'pii.eval');
    assert.equal(a.dtype, 'F16');
    assert.deepEqual(a.shape, [240, 128]);
    assert.deepEqual(b.shape, [240, 128]);
    const x = await readRowsFloat32(a, 0, 240);
    const y = await readRowsFloat32(b, 0, 240);
    assert.equal(x.length, 240 * 128);
    assert.deepEqual(x, y);
    assert.ok(x.some((v) => v !== 0) && x.every(Number.isFinite));
    // a row range in the middle equals the same slice of the whole read
    assert.deepEqual(await readRowsFloat32(a, 100, 7), x.subarray(100 * 128, 107 * 128));
  });

  test('labels: U8 in safetensors equal the int64 .npy copy', async () => {
    const st = await openTensorFile(path.join(realbenchDir, 'activations/base/L2_mean.safetensors'));
    const np = await openTensorFile(path.join(realbenchDir, 'activations_npy/base/L2_mean/pii.eval.labels.npy'));
    const a = requireTensor(st, 'pii.eval.labels');
    const b = requireTensor(np, 'pii.eval.labels');
    assert.equal(a.dtype, 'U8');
    assert.equal(b.dtype, 'I64');
    const x = await readSmallTensor(a);
    assert.deepEqual(x, await readSmallTensor(b));
    assert.equal(x.reduce((s, v) => s + v, 0), 120); // manifest: 120 eval positives
  });
});
