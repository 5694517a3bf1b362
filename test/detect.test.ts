import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync, openSync, writeSync, closeSync, ftruncateSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { changedFileFromBytes, changedFilesFromDir } from '../src/core/changes/index.ts';
import { type ChangedFile, type UpdateEvent, declaredFromConfig, declaredFromLabels, detectUpdateEvent, familyFromLabel, formatEventSummary, resolveDeclared } from '../src/core/detect/index.ts';
import { commandsOf } from '../src/core/detect/commands.ts';
import { GateError } from '../src/core/errors.ts';
import { hasRealcases, perToolTable, realcases, realcasesDir, scoreRealcases } from './helpers/realcases.ts';
import { realbenchDir, tempDir } from './helpers/workspace.ts';

const hasRealbench = existsSync(path.join(realbenchDir, 'manifest.json'));

const files = (entries: Record<string, string | Uint8Array>): ChangedFile[] => Object.entries(entries).map(([p, c]) => changedFileFromBytes(p, c));
const detect = (entries: Record<string, string | Uint8Array>) => detectUpdateEvent(files(entries));
const facts = (e: UpdateEvent) => e.evidence.filter((x) => (x.kind ?? 'fact') === 'fact');
const conflicts = (e: UpdateEvent) => e.evidence.filter((x) => x.kind === 'conflict');
const skipped = (e: UpdateEvent) => e.evidence.filter((x) => x.kind === 'skipped');
const touches = (e: UpdateEvent) => e.evidence.filter((x) => x.kind === 'touches-model');

/** Every evidence line exists in its file (text files), and is 1 for binary ones. */
function assertLinesExist(event: UpdateEvent, dir: string): void {
  for (const e of event.evidence) {
    const bytes = readFileSync(path.join(dir, e.file));
    const lines = bytes.includes(0) ? 1 : bytes.toString('utf8').split('\n').length;
    assert.ok(Number.isInteger(e.line) && e.line >= 1 && e.line <= lines, `${e.file}:${e.line} is outside the file (${lines} lines): ${e.reason}`);
  }
}

// ---------- conformance over the real corpora ----------

describe('conformance', () => {
  test('the shared realcases corpus, case by case: family >= 98%, no update ever none, sub_kind as measured', { skip: !hasRealcases && 'no ../shared/realcases' }, async (t) => {
    const manifest = realcases();
    const caseDirs = new Set(manifest.map((c) => path.dirname(c.files[0])));
    // Every case folder on disk is in the manifest and the other way round.
    const onDisk = readdirSync(realcasesDir)
      .filter((f) => statSync(path.join(realcasesDir, f)).isDirectory())
      .flatMap((f) => readdirSync(path.join(realcasesDir, f)).map((c) => `${f}/${c}`));
    assert.deepEqual([...caseDirs].sort(), onDisk.sort());
    const results = await scoreRealcases();
    for (const r of results) assertLinesExist(r.event, r.dir);
    const table = perToolTable(results);
    t.diagnostic(table);
    console.log(table);
    const family = results.filter((r) => r.familyOk).length;
    const withSub = results.filter((r) => r.c.sub_kind !== null);
    const sub = withSub.filter((r) => r.subOk).length;
    // Fail closed: an update is never none (unknown is allowed: it is measured).
    const unsafe = results.filter((r) => r.c.family !== 'none' && r.event.family === 'none').map((r) => `${r.c.id}: none\n${formatEventSummary(r.event)}`);
    assert.deepEqual(unsafe, []);
    const misses = results.filter((r) => !r.familyOk).map((r) => `${r.c.id}: ${r.event.family}, expected ${r.c.family}`);
    assert.ok(family / results.length >= 0.98, `family right on ${family}/${results.length}:\n${misses.join('\n')}`);
    // The number reached when this test was written; it may only go up.
    assert.ok(family >= 234, `family ${family}/238 fell below 234:\n${misses.join('\n')}`);
    assert.ok(sub >= 57, `sub_kind right on ${sub}/${withSub.length}, below 57`);
    // A family detected right never carries a sub_kind the case does not have.
    assert.deepEqual(results.filter((r) => r.familyOk && !r.subOk && r.c.sub_kind === null).map((r) => `${r.c.id}: sub_kind ${r.event.sub_kind}`), []);
  });

  test('every realbench release/<variant>: family (and quantization sub_kind) match the manifest', { skip: !hasRealbench && 'no ../shared/realbench' }, async (t) => {
    const manifest = JSON.parse(readFileSync(path.join(realbenchDir, 'manifest.json'), 'utf8')) as {
      variants: Array<{ id: string; family: string; release_dir: string; quantization?: { method?: string } | null }>;
    };
    // The base release is a folder of weights and a model config: it touches the model without saying how (fail closed).
    const expectedFamily = (f: string) => (f === 'base' ? 'unknown' : f.replace(/_/g, '-'));
    const expectedSub = (v: { family: string; quantization?: { method?: string } | null }) => {
      if (v.family !== 'quantization') return null;
      const m = v.quantization?.method ?? '';
      return /nf4/i.test(m) ? 'bnb-nf4' : /int8/i.test(m) ? 'bnb-int8' : null;
    };
    const releases = readdirSync(path.join(realbenchDir, 'release')).sort();
    assert.deepEqual(manifest.variants.map((v) => path.basename(v.release_dir)).sort(), releases);
    let ok = 0;
    const misses: string[] = [];
    for (const v of manifest.variants) {
      const dir = path.join(realbenchDir, v.release_dir);
      const event = await detectUpdateEvent(await changedFilesFromDir(dir));
      assertLinesExist(event, dir);
      const want = expectedFamily(v.family);
      const sub = expectedSub(v);
      if (event.family === want && (sub === null || event.sub_kind === sub)) ok++;
      else misses.push(`${v.id}: got ${event.family}/${event.sub_kind}, expected ${want}/${sub}\n${formatEventSummary(event)}`);
    }
    const score = `realbench: ${ok}/${manifest.variants.length} release folders`;
    t.diagnostic(score);
    console.log(score);
    assert.deepEqual(misses, []);
  });

  test('realbench attributes: the QLoRA adapter reports rank, targets, layers and its 4-bit NF4 base', { skip: !hasRealbench && 'no ../shared/realbench' }, async () => {
    const event = await detectUpdateEvent(await changedFilesFromDir(path.join(realbenchDir, 'release', 'qlora')));
    assert.equal(event.family, 'qlora');
    assert.equal(event.attributes.base_bits, 4);
    assert.equal(event.attributes.quant_type, 'nf4');
    assert.equal(event.attributes.lora_rank, 8);
    assert.equal(event.attributes.lora_alpha, 16);
    assert.deepEqual(event.attributes.target_modules, ['q_proj', 'v_proj']);
    assert.deepEqual(event.attributes.layers, [0, 1, 2, 3]);
    assert.equal(event.attributes.training_steps, 300);
    assert.equal(event.attributes.learning_rate, 0.0002);
    assert.ok(event.confidence >= 0.95);
  });
});

// ---------- precedence and combination ----------

const ADAPTER_CONFIG = `{
  "base_model_name_or_path": "acme/base-7b",
  "lora_alpha": 16,
  "lora_dropout": 0.05,
  "peft_type": "LORA",
  "r": 8,
  "target_modules": ["q_proj", "v_proj"],
  "task_type": "CAUSAL_LM",
  "use_dora": false
}
`;

const BNB4_CONFIG = `{
  "architectures": ["LlamaForCausalLM"],
  "hidden_size": 4096,
  "model_type": "llama",
  "quantization_config": {
    "bnb_4bit_quant_type": "nf4",
    "bnb_4bit_use_double_quant": true,
    "load_in_4bit": true,
    "load_in_8bit": false,
    "quant_method": "bitsandbytes"
  },
  "torch_dtype": "bfloat16"
}
`;

const AXOLOTL_LORA_8BIT = `base_model: acme/base-7b
load_in_8bit: true
load_in_4bit: false
datasets:
  - path: acme/chat
    type: alpaca
adapter: lora
lora_r: 16
lora_alpha: 32
lora_dropout: 0.05
lora_target_linear: true
num_epochs: 2
learning_rate: 0.0002
`;

const AXOLOTL_FULL = `base_model: acme/base-7b
datasets:
  - path: acme/chat
    type: alpaca
num_epochs: 1
optimizer: paged_adamw_8bit
learning_rate: 2e-5
`;

const MERGEKIT = `models:
  - model: acme/a-7b
    parameters:
      weight: 0.6
  - model: acme/b-7b
    parameters:
      weight: 0.4
merge_method: linear
dtype: float16
`;

describe('precedence', () => {
  test('LoRA adapter next to a 4-bit bitsandbytes config: qlora, the quantization is the base', async () => {
    const event = await detect({ 'out/adapter_config.json': ADAPTER_CONFIG, 'out/config.json': BNB4_CONFIG });
    assert.equal(event.family, 'qlora');
    assert.equal(event.sub_kind, null);
    assert.equal(event.attributes.base_bits, 4);
    assert.equal(event.attributes.bits, undefined);
    assert.equal(event.attributes.quant_type, 'nf4');
    assert.equal(event.attributes.lora_rank, 8);
    assert.deepEqual(event.attributes.target_modules, ['q_proj', 'v_proj']);
    assert.deepEqual(conflicts(event), []);
    // The facts point at the lines that say so.
    assert.ok(facts(event).some((e) => e.file === 'out/adapter_config.json' && e.line === 5), JSON.stringify(event.evidence));
    assert.ok(facts(event).some((e) => e.file === 'out/config.json' && e.line === 10 && /4-bit nf4/.test(e.reason)), JSON.stringify(event.evidence));
  });

  test('LoRA on an 8-bit base stays lora, with base_bits 8', async () => {
    const event = await detect({ 'train/lora.yml': AXOLOTL_LORA_8BIT });
    assert.equal(event.family, 'lora');
    assert.equal(event.attributes.base_bits, 8);
    assert.equal(event.attributes.lora_rank, 16);
    assert.equal(event.attributes.epochs, 2);
    assert.equal(event.attributes.tool, 'axolotl');
    assert.deepEqual(
      facts(event).map((e) => [e.line, e.reason]),
      [
        [2, 'load_in_8bit: true (base loaded in 8-bit)'],
        [7, 'axolotl config trains an adapter (adapter: lora)'],
      ],
    );
  });

  test('the same recipe with load_in_4bit is qlora; file names never decide', async () => {
    const recipe = AXOLOTL_LORA_8BIT.replace('load_in_8bit: true\nload_in_4bit: false', 'load_in_8bit: false\nload_in_4bit: true');
    assert.equal((await detect({ 'train/full-fft-lora.yml': recipe })).family, 'qlora');
    // An axolotl recipe saved as config.json is still an axolotl recipe (JSON is YAML).
    const asJson = JSON.stringify({ base_model: 'acme/base-7b', datasets: [{ path: 'x' }], adapter: 'lora', lora_r: 4, learning_rate: 1e-4 }, null, 2);
    const e = await detect({ 'qlora/config.json': asJson });
    assert.equal(e.family, 'lora');
    assert.equal(facts(e)[0].line, 8);
  });

  test('an adapter merged by a LLaMA-Factory export is lora-merged, also next to the recipe that trained it', async () => {
    const exportCfg = 'model_name_or_path: acme/base-7b\nadapter_name_or_path: saves/lora\ntemplate: llama3\nexport_dir: out/merged\n';
    const event = await detect({ 'merge.yaml': exportCfg, 'train.yaml': AXOLOTL_LORA_8BIT.replace('load_in_8bit: true', 'load_in_8bit: false') });
    assert.equal(event.family, 'lora-merged');
    assert.equal(event.attributes.lora_rank, 16);
    assert.deepEqual(conflicts(event), []);
    assert.ok(facts(event).some((e) => e.file === 'merge.yaml' && e.line === 2));
  });

  test('a declared family wins over detection, and detection is kept', async () => {
    const event = await detectUpdateEvent(files({ 'adapter_config.json': ADAPTER_CONFIG }), {
      declared: { family: 'full-finetune', source: 'label monitor-gate/full-finetune' },
    });
    assert.equal(event.family, 'full-finetune');
    assert.equal(event.confidence, 1);
    assert.deepEqual(event.declared, { source: 'label monitor-gate/full-finetune' });
    assert.deepEqual(event.detected, { family: 'lora', sub_kind: null, confidence: 0.95 });
    assert.ok(event.evidence.length > 0);
    assert.match(formatEventSummary(event), /declared by label monitor-gate\/full-finetune; detected lora/);
    const same = await detectUpdateEvent(files({ 'adapter_config.json': ADAPTER_CONFIG }), { declared: { family: 'lora', source: 'monitor-gate.yml:3' } });
    assert.equal(same.attributes.lora_rank, 8);
  });

  test('declarations: monitor-gate/<family> labels, config update:, label before config', () => {
    assert.equal(familyFromLabel('monitor-gate/qlora'), 'qlora');
    assert.equal(familyFromLabel('Monitor-Gate/Full-Finetune'), 'full-finetune');
    assert.equal(familyFromLabel('monitor-gate/skip'), undefined);
    assert.equal(familyFromLabel('qlora'), undefined);
    assert.deepEqual(declaredFromLabels(['bug', 'monitor-gate/lora', 'monitor-gate/lora']), { family: 'lora', source: 'label monitor-gate/lora' });
    assert.equal(declaredFromLabels(['bug']), undefined);
    assert.throws(() => declaredFromLabels(['monitor-gate/lora', 'monitor-gate/merge']), (e: unknown) => e instanceof GateError && /different updates/.test(e.toLine()));
    const config = { path: '.github/monitor-gate.yml', update: { family: 'quantization' as const, sub_kind: 'gptq', line: 4, column: 9 } };
    assert.deepEqual(declaredFromConfig(config), { family: 'quantization', sub_kind: 'gptq', source: '.github/monitor-gate.yml:4 update:' });
    assert.equal(resolveDeclared(['monitor-gate/qlora'], config)?.family, 'qlora');
    assert.equal(resolveDeclared([], config)?.family, 'quantization');
    assert.equal(resolveDeclared([], { path: 'x.yml' }), undefined);
  });

  test('conflicting evidence lowers confidence and is listed, never dropped', async () => {
    const alone = await detect({ 'train.yml': AXOLOTL_FULL });
    assert.equal(alone.family, 'full-finetune');
    assert.equal(alone.confidence, 0.95);
    const both = await detect({ 'train.yml': AXOLOTL_FULL, 'merge.yml': MERGEKIT });
    assert.equal(both.family, 'full-finetune');
    assert.ok(both.confidence < alone.confidence, `${both.confidence}`);
    assert.deepEqual(
      conflicts(both).map((e) => [e.file, e.line]),
      [['merge.yml', 8]],
    );
    assert.match(conflicts(both)[0].reason, /merge_method: linear.*points to a model merge/);
    // A 4-bit base and an 8-bit base stated with equal strength: the riskier 4-bit wins, 8-bit is listed.
    const base = await detect({
      'adapter_config.json': ADAPTER_CONFIG,
      'trainer_config.yaml': 'model_name_or_path: acme/base-7b\nstage: sft\nfinetuning_type: lora\nquantization_bit: 4\n',
      'README.md': '---\nlibrary_name: peft\n---\n\nThe following `bitsandbytes` quantization config was used during training:\n- load_in_8bit: True\n- load_in_4bit: False\n',
    });
    assert.equal(base.family, 'qlora');
    assert.ok(base.confidence < 0.9, `${base.confidence}`);
    assert.deepEqual(
      conflicts(base).map((e) => [e.file, e.line]),
      [['README.md', 6]],
    );
  });

  test('a card that says "not QLoRA" takes back its own QLoRA mention', async () => {
    const card = '---\nlicense: other\n---\n\n- 7b/13b are full fine-tunes, *not QLoRA*\n- 70b is a QLoRA fine-tune\n';
    const event = await detect({ 'README.md': card });
    assert.equal(event.family, 'full-finetune');
    assert.deepEqual(
      conflicts(event).map((e) => e.line),
      [6, 6],
    );
    assert.ok(event.confidence < 0.6);
  });

  test('training-time precision is not quantization: 8-bit optimizers, FP8 mixed precision, int8_mask', async () => {
    assert.equal((await detect({ 'fft.yml': AXOLOTL_FULL })).family, 'full-finetune');
    const lf = 'model_name_or_path: acme/base\nstage: sft\nfinetuning_type: full\nfp8: true\nfp8_backend: torchao\n';
    assert.equal((await detect({ 'sft.yaml': lf })).family, 'full-finetune');
    const ties = MERGEKIT.replace('merge_method: linear', 'merge_method: ties\nbase_model: acme/a-7b\nparameters:\n  int8_mask: true');
    assert.equal((await detect({ 'm.yml': ties })).family, 'merge');
  });

  test('model cards: front matter relation, mergekit YAML in a fence, a merged LoRA in prose', async () => {
    const quantized = await detect({ 'README.md': '---\nbase_model: acme/base\nbase_model_relation: quantized\ntags:\n- gguf\n- q4_k_m\n---\n# acme\n' });
    assert.equal(quantized.family, 'quantization');
    assert.equal(quantized.sub_kind, 'gguf');
    assert.equal(quantized.attributes.base_model, 'acme/base');
    const fenced = await detect({ 'README.md': `---\nlicense: mit\n---\n# m\n\nConfig:\n\n\`\`\`yaml\n${MERGEKIT}\`\`\`\n` });
    assert.equal(fenced.family, 'merge');
    assert.equal(facts(fenced).find((e) => /mergekit config/.test(e.reason))?.line, 16);
    const merged = await detect({ 'README.md': '# x\n\nThis is acme/base merged with the acme/style LoRA at a weight of 0.5.\n' });
    assert.equal(merged.family, 'lora-merged');
    assert.equal(merged.evidence[0].line, 3);
    // The word merge alone decides no family, but a card that says this model was merged touches the model: unknown.
    const vague = await detect({ 'README.md': '# x\n\nThis model is a merge. Enjoy.\n' });
    assert.equal(vague.family, 'unknown');
    assert.equal(touches(vague)[0].line, 3);
    assert.equal((await detect({ 'README.md': '# my tool\n\nA command line tool for merging PDF files.\n' })).family, 'none');
  });

  test('a README about kinds of update (a tool\'s docs, a survey table) is not a statement about a model', async () => {
    const docs = [
      '# tool',
      '',
      'Probes go stale when the model changes (quantization, a LoRA adapter, a merged adapter, QLoRA, a full fine-tune, a model merge).',
      '',
      '| variant | what was done |',
      '|---|---|',
      '| qlora | NF4 base + unmerged LoRA adapter |',
      '| lora_merged | LoRA merged into the weights |',
      '',
      'LoRA adapters are trained in minutes.',
      'A merged LoRA behaves like a fine-tune.',
      'Full fine-tunes change every weight.',
    ].join('\n');
    const event = await detect({ 'README.md': docs });
    assert.equal(event.family, 'none');
    assert.match(skipped(event)[0].reason, /speaks of several kinds of update/);
  });

  test('a quantization_config already there at the base is not this change\'s update', async () => {
    const head = BNB4_CONFIG.replace('"hidden_size": 4096', '"hidden_size": 4096,\n  "use_cache": false');
    const unchanged = await detectUpdateEvent([changedFileFromBytes('config.json', head, { base: BNB4_CONFIG })]);
    assert.equal(unchanged.family, 'none');
    assert.match(unchanged.evidence[0].reason, /unchanged from the base .*already quantized/);
    const added = await detectUpdateEvent([changedFileFromBytes('config.json', BNB4_CONFIG, { base: '{"model_type": "llama", "hidden_size": 4096}' })]);
    assert.equal(added.family, 'quantization');
    assert.equal(added.sub_kind, 'bnb-nf4');
  });

  test('nothing relevant: none, with what was looked at', async () => {
    const event = await detect({ 'generation_config.json': '{"do_sample": true, "top_p": 0.9}', 'src/app.py': 'print(1)\n' });
    assert.equal(event.family, 'none');
    assert.equal(event.sub_kind, null);
    assert.deepEqual(
      skipped(event).map((e) => [e.file, e.reason]),
      [
        ['generation_config.json', 'not model content: generation config'],
        ['src/app.py', 'source code (.py)'],
      ],
    );
    assert.equal(event.confidence, 0.9);
    assert.equal((await detectUpdateEvent([])).family, 'none');
  });
});

// ---------- weight headers ----------

function safetensors(tensors: Record<string, { dtype: string; shape: number[] }>): Uint8Array {
  let offset = 0;
  const header: Record<string, unknown> = {};
  const size: Record<string, number> = { F32: 4, F16: 2, BF16: 2, U8: 1, I8: 1, I32: 4, F8_E4M3: 1 };
  for (const [name, t] of Object.entries(tensors)) {
    const n = t.shape.reduce((a, b) => a * b, 1) * (size[t.dtype] ?? 1);
    header[name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + n] };
    offset += n;
  }
  const json = Buffer.from(JSON.stringify(header));
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(json.length));
  return new Uint8Array(Buffer.concat([len, json, Buffer.alloc(offset)]));
}

function gguf(kv: Array<[string, number, unknown]>): Uint8Array {
  const parts: Buffer[] = [Buffer.from('GGUF'), u32(3), u64(0), u64(kv.length)];
  for (const [key, type, value] of kv) {
    parts.push(u64(Buffer.byteLength(key)), Buffer.from(key), u32(type));
    if (type === 4) parts.push(u32(value as number));
    else if (type === 8) parts.push(u64(Buffer.byteLength(value as string)), Buffer.from(value as string));
    else if (type === 9) {
      const items = value as string[];
      parts.push(u32(8), u64(items.length));
      for (const s of items) parts.push(u64(Buffer.byteLength(s)), Buffer.from(s));
    }
  }
  return new Uint8Array(Buffer.concat(parts));
}
function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
}
function u64(n: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt(n));
  return b;
}

describe('weight headers', () => {
  test('GGUF header general.file_type gives the quant type; content decides over the name', async () => {
    const bytes = gguf([
      ['general.architecture', 8, 'llama'],
      ['general.name', 8, 'Acme 7B'],
      ['tokenizer.ggml.tokens', 9, ['a', 'b', 'c']],
      ['general.file_type', 4, 15],
    ]);
    const event = await detect({ 'weights/model-f16.gguf': bytes });
    assert.equal(event.family, 'quantization');
    assert.equal(event.sub_kind, 'gguf');
    assert.equal(event.attributes.quant_type, 'Q4_K_M');
    assert.equal(event.attributes.bits, 4);
    // F16 GGUF weights are not a quantization, but they are weights: the update is unknown, never none.
    const f16 = await detect({ 'model.gguf': gguf([['general.file_type', 4, 1]]) });
    assert.equal(f16.family, 'unknown');
    assert.match(touches(f16)[0].reason, /unquantized F16 weights/);
  });

  test('safetensors: adapter tensors give rank, layers and modules; packed 4-bit tensors are quantization', async () => {
    const adapter = safetensors({
      'base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight': { dtype: 'F32', shape: [4, 16] },
      'base_model.model.model.layers.0.self_attn.q_proj.lora_B.weight': { dtype: 'F32', shape: [16, 4] },
      'base_model.model.model.layers.2.self_attn.v_proj.lora_A.weight': { dtype: 'F32', shape: [4, 16] },
      'base_model.model.model.layers.2.self_attn.v_proj.lora_B.weight': { dtype: 'F32', shape: [16, 4] },
    });
    const a = await detect({ 'adapter_model.safetensors': adapter });
    assert.equal(a.family, 'lora');
    assert.equal(a.attributes.lora_rank, 4);
    assert.deepEqual(a.attributes.layers, [0, 2]);
    assert.deepEqual(a.attributes.target_modules, ['q_proj', 'v_proj']);
    const nf4 = safetensors({
      'model.layers.0.mlp.down_proj.weight': { dtype: 'U8', shape: [128, 1] },
      'model.layers.0.mlp.down_proj.weight.absmax': { dtype: 'F32', shape: [4] },
      'model.layers.0.mlp.down_proj.weight.quant_state.bitsandbytes__nf4': { dtype: 'U8', shape: [64] },
    });
    const q = await detect({ 'model.safetensors': nf4 });
    assert.equal(q.family, 'quantization');
    assert.equal(q.sub_kind, 'bnb-nf4');
  });

  test('safetensors base vs head: F32 -> F16 is a precision change, same dtype is changed weights', async () => {
    const w = (dtype: string) => safetensors({ 'model.layers.0.mlp.up_proj.weight': { dtype, shape: [8, 8] }, 'model.norm.weight': { dtype, shape: [8] } });
    const fp16 = await detectUpdateEvent([changedFileFromBytes('model.safetensors', w('F16'), { base: w('F32') })]);
    assert.equal(fp16.family, 'unknown');
    assert.match(touches(fp16)[0].reason, /F32 at the base, F16 at the head \(a precision change, not quantization/);
    const trained = await detectUpdateEvent([changedFileFromBytes('model.safetensors', w('BF16'), { base: w('BF16') })]);
    assert.equal(trained.family, 'full-finetune');
    assert.equal(trained.confidence, 0.6);
    const int8 = await detectUpdateEvent([changedFileFromBytes('model.safetensors', w('I8'), { base: w('BF16') })]);
    assert.equal(int8.family, 'quantization');
  });
});

// ---------- robustness ----------

describe('robustness: bad input is skipped with a reason, never thrown', () => {
  test('malformed JSON and YAML, binary junk named like a config, non-UTF-8, wrong shapes', async () => {
    const junk = new Uint8Array(4096);
    for (let i = 0; i < junk.length; i++) junk[i] = (i * 2654435761) >>> 24;
    const event = await detect({
      'a/config.json': '{\n  "quantization_config": {\n    "bits": 4,\n',
      'b/axolotl.yaml': 'base_model: x\nadapter: lora\n  lora_r: [8\n',
      'c/config.json': junk,
      'd/adapter_config.json': new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
      'e/config.json': '[1, 2, 3]',
      'f/recipe.yaml': '"just a string"',
      'g/empty.yaml': '',
      'h/bomb.yaml': 'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n',
      'i/deep.json': '['.repeat(100000) + ']'.repeat(100000),
      'j/README.md': '---\nbase_model: [unclosed\n---\nhello\n',
    });
    // Fail closed: every unreadable or unparsable file that could carry update information touches the model.
    assert.equal(event.family, 'unknown');
    const reasons = new Map([...touches(event), ...skipped(event)].map((e) => [e.file, e]));
    assert.match(reasons.get('a/config.json')!.reason, /^malformed JSON/);
    assert.equal(reasons.get('a/config.json')!.kind, 'touches-model');
    assert.match(reasons.get('b/axolotl.yaml')!.reason, /^malformed YAML/);
    assert.equal(reasons.get('b/axolotl.yaml')!.line, 2);
    assert.match(reasons.get('c/config.json')!.reason, /binary|UTF-8/);
    assert.equal(reasons.get('c/config.json')!.kind, 'touches-model');
    assert.match(reasons.get('d/adapter_config.json')!.reason, /not UTF-8/);
    assert.equal(reasons.get('d/adapter_config.json')!.kind, 'touches-model');
    assert.match(reasons.get('e/config.json')!.reason, /not a mapping/);
    assert.match(reasons.get('f/recipe.yaml')!.reason, /not a mapping/);
    assert.match(reasons.get('g/empty.yaml')!.reason, /empty/);
    assert.ok(reasons.get('h/bomb.yaml'), 'alias bomb listed');
    assert.ok(reasons.get('i/deep.json'), 'deep nesting listed');
    assert.match(reasons.get('j/README.md')!.reason, /front matter is not valid YAML/);
  });

  test('a 50 MB file named adapter_model.safetensors with a bogus header: header-only read, skipped', async () => {
    const dir = tempDir('monitor-gate-detect-');
    const file = path.join(dir, 'adapter_model.safetensors');
    const fd = openSync(file, 'w');
    const head = Buffer.alloc(16);
    head.writeBigUInt64LE(1n << 40n);
    writeSync(fd, head);
    ftruncateSync(fd, 50 * 1024 * 1024);
    closeSync(fd);
    writeFileSync(path.join(dir, 'big-config.json'), Buffer.alloc(3 * 1024 * 1024, 0x20));
    const changed = await changedFilesFromDir(dir);
    for (const f of changed) {
      f.read = async () => assert.fail(`read() of ${f.path}: detection must read headers only`);
    }
    const event = await detectUpdateEvent(changed);
    assert.equal(event.family, 'unknown');
    const byTouch = new Map(touches(event).map((e) => [e.file, e.reason]));
    assert.match(byTouch.get('adapter_model.safetensors')!, /header length .* over the 4\.0 MiB limit/);
    assert.match(byTouch.get('big-config.json')!, /too large/);
  });

  test('docs, images and empty Makefiles are skipped; LFS pointers, unreadable files and junk GGUF touch the model', async () => {
    const lfs = 'version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n';
    const broken: ChangedFile = {
      path: 'broken/config.json',
      status: 'added',
      read: async () => {
        throw new Error('disk on fire');
      },
      readHead: async () => {
        throw new Error('disk on fire');
      },
    };
    const event = await detectUpdateEvent([
      ...files({
        'notes.txt': 'hello',
        'img.png': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]),
        'model.safetensors': lfs,
        'junk.gguf': 'not a gguf at all',
        'Makefile': 'all:\n\ttrue\n',
        'docs/CHANGELOG.md': '# changes\n',
      }),
      broken,
      { ...changedFileFromBytes('gone/adapter_config.json', ADAPTER_CONFIG), status: 'removed' },
    ]);
    assert.equal(event.family, 'unknown');
    const bySkip = new Map(skipped(event).map((e) => [e.file, e.reason]));
    const byTouch = new Map(touches(event).map((e) => [e.file, e.reason]));
    // Positively not a model: docs, images, a Makefile with no model command, a changelog.
    assert.match(bySkip.get('notes.txt')!, /documentation \(\.txt\)/);
    assert.match(bySkip.get('img.png')!, /image or media \(\.png\)/);
    assert.match(bySkip.get('Makefile')!, /no training, merge, export or quantization command/);
    assert.match(bySkip.get('docs/CHANGELOG.md')!, /project or repository metadata/);
    // Touching the model: weights behind an LFS pointer, a corrupt GGUF, a config that cannot be read.
    assert.match(byTouch.get('model.safetensors')!, /Git LFS pointer/);
    assert.match(byTouch.get('junk.gguf')!, /unreadable GGUF header/);
    assert.match(byTouch.get('broken/config.json')!, /could not be read: disk on fire/);
    assert.equal(bySkip.has('gone/adapter_config.json') || byTouch.has('gone/adapter_config.json'), false);
    const docsOnly = await detect({ 'notes.txt': 'hello', 'img.png': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]), 'Makefile': 'all:\n\ttrue\n' });
    assert.equal(docsOnly.family, 'none');
    // A GGUF behind an LFS pointer still has its quant tag in the file name.
    const named = await detect({ 'acme-7b.Q5_K_M.gguf': lfs });
    assert.equal(named.family, 'quantization');
    assert.equal(named.attributes.quant_type, 'Q5_K_M');
  });
});

// ---------- a typical PR ----------

describe('a typical PR', () => {
  test('50 changed config files: a QLoRA adapter among tokenizer, generation and runtime configs', async () => {
    const entries: Record<string, string> = {
      'release/adapter_config.json': ADAPTER_CONFIG,
      'release/axolotl.yml': AXOLOTL_LORA_8BIT.replace('load_in_8bit: true\nload_in_4bit: false', 'load_in_4bit: true'),
      'release/README.md': '---\nbase_model: acme/base-7b\nlibrary_name: peft\n---\n# acme-qlora\n\nQLoRA adapter trained on acme/chat.\n',
    };
    for (let i = 0; Object.keys(entries).length < 50; i++) {
      const kind = i % 4;
      entries[`shards/${i}/${['tokenizer_config.json', 'generation_config.json', 'ds_config.json', 'special_tokens_map.json'][kind]}`] = [
        JSON.stringify({ tokenizer_class: 'LlamaTokenizer', model_max_length: 4096, bos_token: '<s>' }),
        JSON.stringify({ do_sample: true, temperature: 0.7, max_new_tokens: 256 }),
        JSON.stringify({ zero_optimization: { stage: 3 }, train_micro_batch_size_per_gpu: 'auto' }),
        JSON.stringify({ bos_token: '<s>', eos_token: '</s>', unk_token: '<unk>' }),
      ][kind];
    }
    assert.equal(Object.keys(entries).length, 50);
    const event = await detect(entries);
    assert.equal(event.family, 'qlora');
    assert.equal(event.attributes.base_bits, 4);
    assert.equal(skipped(event).length, 47);
    assert.deepEqual(conflicts(event), []);
  });
});

// ---------- fail closed on unreadable files (issue 11) ----------

describe('fail closed: unreadable, corrupt or oversize files touch the model', () => {
  test('each alone makes the event unknown, with touches-model evidence naming the file', async () => {
    const random = new Uint8Array(2048);
    for (let i = 0; i < random.length; i++) random[i] = (i * 2654435761 + 7) >>> 24;
    const lfs = 'version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 4000000000\n';
    const oversize = `{"model_type": "llama", "quantization_config": {"quant_method": "gptq", "bits": 4}, "pad": "${'x'.repeat(3 * 1024 * 1024)}"}`;
    const cases: Array<[string, string | Uint8Array, RegExp]> = [
      ['adapter_config.json', random, /could not be read|binary|UTF-8/],
      ['adapter_config.json', new Uint8Array([0x7b, 0x22, 0x72, 0x22, 0x3a, 0xff, 0x7d]), /not UTF-8/],
      ['model.Q4_K_M.gguf', 'GGUF\u0003\u0000\u0000\u0000garbage', /unreadable GGUF header/],
      ['config.json', oversize, /too large/],
      ['model-00001-of-00002.safetensors', lfs, /Git LFS pointer/],
      ['pytorch_model.bin', lfs, /pickle/],
      ['weights.onnx', new Uint8Array([8, 7, 18, 4]), /ONNX/],
      ['blob', random, /binary file/],
    ];
    for (const [name, content, reason] of cases) {
      const event = await detect({ [name]: content });
      assert.equal(event.family, 'unknown', name);
      const t = touches(event);
      assert.equal(t.length, 1, `${name}: ${JSON.stringify(event.evidence)}`);
      assert.equal(t[0].file, name);
      assert.match(t[0].reason, reason, name);
    }
  });

  test('an empty change is none; a removed weights file touches the model', async () => {
    assert.equal((await detectUpdateEvent([])).family, 'none');
    const removed = { ...changedFileFromBytes('model.safetensors', 'x'), status: 'removed' as const };
    assert.equal((await detectUpdateEvent([removed])).family, 'unknown');
  });
});

// ---------- command lines and the vocabulary ----------

describe('command lines as data', () => {
  test('launchers, variables, continuations, heredocs, Hydra overrides and dotted flags', () => {
    const script = [
      'RANK=16',
      'export BASE="meta-llama/Llama-3.1-8B"',
      'CUDA_VISIBLE_DEVICES=0,1 accelerate launch --num_processes 2 --config_file ds.yaml train.py \\',
      '  --model_name_or_path $BASE --lora_r ${RANK} \\',
      '  --load_in_4bit --q_lora False',
      "read -r -d '' cmd <<EOF",
      'openrlhf.cli.train_sft --ds.lora.rank 64 --adam.lr 5e-6',
      'EOF',
      'deepspeed --module $cmd',
      'python megatron_gpt_finetuning.py model.peft.peft_scheme=lora trainer.max_steps=10',
      'if [ -n "$X" ]; then echo hi; fi',
    ].join('\n');
    const cmds = commandsOf(script);
    assert.deepEqual(
      cmds.map((c) => c.program),
      ['train.py', 'openrlhf.cli.train_sft', 'megatron_gpt_finetuning.py'],
    );
    assert.deepEqual(cmds[0].flags, { model_name_or_path: 'meta-llama/Llama-3.1-8B', lora_r: '16', load_in_4bit: true, q_lora: 'False' });
    assert.equal(cmds[0].line, 3);
    assert.equal(cmds[0].flagLines.get('load_in_4bit'), 5);
    assert.deepEqual(cmds[1].flags, { ds: { lora: { rank: '64' } }, adam: { lr: '5e-6' } });
    assert.deepEqual(cmds[2].flags, { model: { peft: { peft_scheme: 'lora' } }, trainer: { max_steps: '10' } });
    assert.equal(cmds[1].role, 'train');
  });

  test('flags that are present but off decide nothing; switches, ranks and tool defaults do', async () => {
    const fam = async (text: string) => (await detect({ 'run.sh': text })).family;
    assert.equal(await fam('trl sft --model_name_or_path a/b --dataset_name c/d --use_peft --load_in_4bit false'), 'lora');
    assert.equal(await fam('trl sft --model_name_or_path a/b --dataset_name c/d --lora_r 16'), 'full-finetune');
    assert.equal(await fam('deepspeed --module openrlhf.cli.train_sft --pretrain a/b --lora_rank 0'), 'full-finetune');
    assert.equal(await fam('deepspeed --module openrlhf.cli.train_sft --pretrain a/b --lora_rank 8'), 'lora');
    assert.equal(await fam('swift sft --model a/b --dataset c'), 'lora');
    assert.equal(await fam('swift sft --model a/b --dataset c --train_type full'), 'full-finetune');
    assert.equal(await fam('vllm serve a/b-AWQ --quantization awq --enable-lora --lora-modules x=y'), 'none');
    assert.equal(await fam('python finetune.py --model a/b --learning_rate 1e-4 --num_epochs 2 --dataset d'), 'full-finetune');
    assert.equal(await fam('python train.py --config cfg.yaml'), 'unknown');
  });
});
