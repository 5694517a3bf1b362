// Tensor files and weight headers a pull request controls: a header that says two things is refused,
// and every message quoting the file's own strings stays one line. Cases found by `npm run fuzz`
// (scripts/fuzz.ts), each on real files on disk.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { readChangedFile, detectUpdateEvent, type ChangedFile } from '../../src/core/detect/index.ts';
import { GateError } from '../../src/core/errors.ts';
import { readNpyHeader } from '../../src/core/formats/npy.ts';
import { readSafetensorsHeader, repeatedJsonKey } from '../../src/core/formats/safetensors.ts';
import { openTensorFile, requireTensor } from '../../src/core/formats/tensor-file.ts';
import { tempDir } from '../helpers/workspace.ts';

const dir = tempDir('monitor-gate-formats-');

/** A safetensors file with this exact header text (padded to 8 bytes) and `dataBytes` of data. */
function safetensorsBytes(header: string, dataBytes: number): Buffer {
  let json = Buffer.from(header, 'utf8');
  if (json.length % 8) json = Buffer.concat([json, Buffer.alloc(8 - (json.length % 8), 0x20)]);
  const prefix = Buffer.alloc(8);
  prefix.writeBigUInt64LE(BigInt(json.length));
  return Buffer.concat([prefix, json, Buffer.alloc(dataBytes)]);
}

function writeSafetensorsText(name: string, header: string, dataBytes: number): string {
  const file = path.join(dir, name);
  writeFileSync(file, safetensorsBytes(header, dataBytes));
  return file;
}

async function errorLine(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (error) {
    assert.ok(error instanceof GateError, `a GateError, not ${String(error)}`);
    return error.toLine();
  }
  assert.fail('expected a GateError');
}

function inMemory(filePath: string, bytes: Uint8Array): ChangedFile {
  return { path: filePath, status: 'added', size: bytes.length, read: async () => bytes, readHead: async (n) => bytes.subarray(0, n) };
}

const A = '{"dtype":"F32","shape":[1],"data_offsets":[0,4]}';
const B = '{"dtype":"F32","shape":[1],"data_offsets":[4,8]}';

describe('safetensors: a header that says two things is refused', () => {
  test('a tensor name listed twice (JSON.parse would keep the last entry without a word)', async () => {
    const file = writeSafetensorsText('dup.safetensors', `{"a":${A},"a":${B}}`, 8);
    assert.equal(await errorLine(() => readSafetensorsHeader(file)), `${file}: header: tensor 'a' is listed twice in the header; readers disagree on which entry counts`);
  });

  test('the same name written with a JSON escape is the same name', async () => {
    const file = writeSafetensorsText('dup-escaped.safetensors', `{"ab":${A},"a\\u0062":${B}}`, 8);
    assert.equal(await errorLine(() => openTensorFile(file)), `${file}: header: tensor 'ab' is listed twice in the header; readers disagree on which entry counts`);
  });

  test('a field repeated inside one entry', async () => {
    const file = writeSafetensorsText('dup-field.safetensors', '{"a":{"dtype":"F32","dtype":"F16","shape":[1],"data_offsets":[0,4]}}', 4);
    assert.equal(await errorLine(() => readSafetensorsHeader(file)), `${file}: tensor 'a': key 'dtype' appears twice in one entry; readers disagree on which value counts`);
  });

  test('__metadata__ twice', async () => {
    const file = writeSafetensorsText('dup-meta.safetensors', `{"__metadata__":{"x":"1"},"a":${A},"__metadata__":{"x":"2"}}`, 4);
    assert.equal(await errorLine(() => readSafetensorsHeader(file)), `${file}: header: __metadata__ is listed twice in the header; readers disagree on which entry counts`);
  });

  test('the same name in two different entries is not a repeat; a repeated string value is not a key', async () => {
    const file = writeSafetensorsText('fine.safetensors', '{"__metadata__":{"dtype":"dtype"},"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}', 8);
    const parsed = await readSafetensorsHeader(file);
    assert.deepEqual([...parsed.tensors.keys()], ['a', 'b']);
    assert.equal(repeatedJsonKey('{"a":[{"k":1},{"k":2}],"b":"a"}'), undefined);
    assert.deepEqual(repeatedJsonKey('{"a":[{"k":1,"k":2}]}'), { key: 'k', under: 'a' });
  });

  test('detection reads a header with a repeated tensor name as unreadable weights, so the change touches the model', async () => {
    const bytes = safetensorsBytes(`{"model.layers.0.mlp.weight":${A},"model.layers.0.mlp.weight":${B}}`, 8);
    const outcome = await readChangedFile(inMemory('model.safetensors', bytes));
    assert.deepEqual(outcome.claims, []);
    assert.deepEqual(
      outcome.touches.map((t) => t.reason),
      ["weights file whose safetensors header cannot be read: tensor 'model.layers.0.mlp.weight' is listed twice in the header (readers disagree on which counts): not a valid safetensors file"],
    );
    assert.equal((await detectUpdateEvent([inMemory('model.safetensors', bytes)])).family, 'unknown');
  });
});

describe("messages that quote a file's own strings stay on one line", () => {
  test('a tensor name with a newline and a workflow command', async () => {
    const file = writeSafetensorsText('name.safetensors', '{"x\\n::warning::forged":{"shape":[1],"data_offsets":[0,4]}}', 4);
    assert.equal(await errorLine(() => readSafetensorsHeader(file)), `${file}: tensor 'x\\n::warning::forged': dtype is missing or not a string`);
  });

  test('an unsupported dtype with a carriage return', async () => {
    const file = writeSafetensorsText('dtype.safetensors', '{"a":{"dtype":"F32\\r\\n::stop-commands::t","shape":[1],"data_offsets":[0,4]}}', 4);
    assert.equal(
      await errorLine(() => readSafetensorsHeader(file)),
      `${file}: tensor 'a': unsupported dtype 'F32\\r\\n::stop-commands::t' (supported: F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL)`,
    );
  });

  test('the list of available tensors when the wanted one is missing', async () => {
    const file = writeSafetensorsText('list.safetensors', '{"a\\nb":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}', 4);
    const line = await errorLine(async () => requireTensor(await openTensorFile(file), 'c\nd', 'batch'));
    assert.equal(line, `${file}: no batch 'c\\nd' in the file; available tensors: 'a\\nb'`);
  });

  test('a .npy descr with a newline inside the quotes', async () => {
    const file = path.join(dir, 'labels.npy');
    const dict = "{'descr': 'x\n::warning::forged', 'fortran_order': False, 'shape': (2,), }";
    const header = Buffer.alloc(128, 0x20);
    Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]).copy(header);
    header.writeUInt16LE(128 - 10, 8);
    header.write(dict, 10, 'latin1');
    header[127] = 0x0a;
    writeFileSync(file, Buffer.concat([header, Buffer.alloc(8)]));
    assert.equal(
      await errorLine(() => readNpyHeader(file)),
      `${file}: npy header: unsupported dtype descr 'x\\n::warning::forged' (supported: f8, f4, f2, i8, i4, i2, i1, u1, b1, little-endian)`,
    );
  });
});

describe('detection writes nothing to stderr', () => {
  test("a YAML recipe with a collection as a key: no yaml library warning quoting the file's key", async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on('warning', onWarning);
    try {
      const outcome = await readChangedFile(inMemory('recipe.yaml', Buffer.from('? [r, "\\n::warning::x"]\n: 1\nlora_r: 8\nload_in_4bit: true\n')));
      await new Promise((resolve) => setImmediate(resolve));
      assert.deepEqual(warnings, []);
      assert.ok(outcome.claims.length + outcome.touches.length + outcome.skips.length > 0, 'the file is still read');
    } finally {
      process.off('warning', onWarning);
    }
  });
});

describe('model cards', () => {
  test("PEFT's training quantization list with a U+2028 in a value: the card is still read (the list reader threw, losing the card)", async () => {
    const text = "---\nlibrary_name: peft\nbase_model: meta-llama/Llama-2-7b-hf\n---\n\nThe following `bitsandbytes` quantization config was used during training:\n- quant_method: bitsandbytes\n- load_in_8bit: False\u2028x\n- load_in_4bit: True\n- bnb_4bit_quant_type: nf4\n";
    const outcome = await readChangedFile(inMemory('README.md', Buffer.from(text)));
    assert.deepEqual(outcome.touches, []);
    assert.deepEqual(
      outcome.claims.map((c) => [c.line, c.reason]),
      [
        [3, 'card base_model: meta-llama/Llama-2-7b-hf'],
        [2, 'card library_name: peft (a PEFT adapter)'],
        [9, "PEFT card: bitsandbytes 4-bit nf4 quantization config used during training (the adapter's base)"],
      ],
    );
  });
});
