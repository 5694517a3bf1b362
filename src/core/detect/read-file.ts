/**
 * Reads one changed file into claims (what it says about the update), touches (it touches a model
 * artifact without saying how) and skips (it is positively recognized as not touching a model).
 *
 * Fail-closed rules: a file that cannot be read, decoded or parsed, or is over a size cap, in a format
 * that can carry update information (a config, a script, a model card, weights) touches the model;
 * so does any weights file, a Git LFS pointer to weights, and a binary of no known format. Only
 * source code, docs, assets, data sets, tokenizer / generation files, project and CI metadata, and
 * configs whose settings are positively recognized as not changing weights (inference, serving,
 * evaluation, DeepSpeed / Accelerate runtime) are skips.
 */
import { type Claim, type ReadOutcome, type Skip, type Touch, isObj, METADATA } from './claims.ts';
import { type Command, commandsOf } from './commands.ts';
import { classifyPath, extensionOf } from './file-kinds.ts';
import { parseIniText, parsePythonConfig, parseTomlText } from './formats.ts';
import { readGgufFile } from './gguf.ts';
import { describeUnrelatedConfig } from './known-configs.ts';
import { isModelCard, readModelCard } from './model-card.ts';
import { MAX_TEXT_BYTES, MAX_YAML_BYTES, type ParseResult, type ParsedDoc, decodeText, formatBytes, isLfsPointer, parseJsonText, parseStructured } from './parse.ts';
import { type Reading, readRecipe } from './recipe.ts';
import { readStructuredDoc } from './readers.ts';
import { readSafetensorsFile } from './safetensors.ts';
import type { ChangedFile } from './types.ts';
import { findConcepts } from './vocabulary.ts';

const empty = (): ReadOutcome => ({ claims: [], skips: [], touches: [] });

function skipOnly(file: string, reason: string, line = 1): ReadOutcome {
  return { claims: [], skips: [{ file, line, reason, unreadable: false }], touches: [] };
}

function touchOnly(file: string, reason: string, line = 1): ReadOutcome {
  return { claims: [], skips: [], touches: [{ file, line, reason }] };
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0].slice(0, 200);
}

type TextResult = { text: string } | { outcome: ReadOutcome };

/** The file as text, or the outcome that says why it could not be read (a touch: it could carry update information). */
async function readTextOf(file: ChangedFile, limit: number, what: string): Promise<TextResult> {
  if (file.size !== undefined && file.size > limit) {
    return { outcome: touchOnly(file.path, `${what} is too large to read (${formatBytes(file.size)}; the limit is ${formatBytes(limit)}): it could carry update information`) };
  }
  const bytes = await file.readHead(limit + 1);
  if (bytes.length > limit) return { outcome: touchOnly(file.path, `${what} is too large to read (over ${formatBytes(limit)}): it could carry update information`) };
  if (isLfsPointer(bytes)) return { outcome: touchOnly(file.path, `${what} is a Git LFS pointer: its content is not in the repository`) };
  const decoded = decodeText(bytes);
  if ('skip' in decoded) return { outcome: touchOnly(file.path, `${what} could not be read: ${decoded.skip}`) };
  return { text: decoded.text };
}

async function readBaseData(file: ChangedFile): Promise<unknown> {
  if (file.status === 'added' || !file.readBase) return undefined;
  try {
    const bytes = await file.readBase(MAX_TEXT_BYTES + 1);
    if (!bytes || bytes.length > MAX_TEXT_BYTES) return undefined;
    const decoded = decodeText(bytes);
    if (!('text' in decoded)) return undefined;
    const parsed = parseJsonText(decoded.text);
    return parsed.error ? undefined : parsed.docs[0]?.data;
  } catch {
    return undefined;
  }
}

/** Keys that set a model's weights or update; a document without any of them is plain settings. */
function hasModelVocabulary(data: unknown): boolean {
  return findConcepts(data).some((h) => /^(adapter|base|quant|merge)\./.test(h.concept) || h.concept === 'train.lr');
}

/** String values of these keys are shell commands (workflow steps, job specs, container commands). */
const COMMAND_KEYS = /^(run|script|scripts|command|commands|cmd|args|entrypoint|before_script|after_script|exec|shell|launch|launch_command|steps_run)$/i;

function commandStrings(data: unknown, path: Array<string | number> = [], depth = 0, out: Array<{ path: Array<string | number>; text: string }> = []) {
  if (depth > 8 || out.length > 500) return out;
  if (Array.isArray(data)) {
    const key = path[path.length - 1];
    if (typeof key === 'string' && COMMAND_KEYS.test(key) && data.every((x) => typeof x === 'string' || typeof x === 'number')) {
      // `command: ["python", "train.py", "--lora_r", "8"]` (container specs) or a list of lines (GitLab script).
      const words = data.map(String);
      const oneCommand = words.every((w) => !/\s/.test(w) || /^--?\w/.test(w));
      if (oneCommand) out.push({ path, text: words.map((w) => (/^[\w./:=@%+-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`)).join(' ') });
      else words.forEach((w, i) => out.push({ path: [...path, i], text: w }));
      return out;
    }
    data.forEach((item, i) => commandStrings(item, [...path, i], depth + 1, out));
    return out;
  }
  if (!isObj(data)) return out;
  for (const [k, v] of Object.entries(data)) {
    if (typeof v === 'string' && COMMAND_KEYS.test(k) && /\s/.test(v.trim())) out.push({ path: [...path, k], text: v });
    else if (typeof v === 'object' && v !== null) commandStrings(v, [...path, k], depth + 1, out);
  }
  return out;
}

/** Readings of the commands in a script (or a string of one), positioned in the file. */
export function readCommands(file: string, commands: Command[], strength: Claim['strength'], where = ''): Reading[] {
  const out: Reading[] = [];
  for (const cmd of commands) {
    const doc: ParsedDoc = { data: cmd.flags, line: cmd.line, lineAt: () => cmd.line };
    const reading = readRecipe({ file, doc, data: cmd.flags, strength, command: cmd, label: `\`${cmd.program}\` command${where}` });
    if (reading) out.push(reading);
  }
  return out;
}

function merge(outcome: ReadOutcome, readings: readonly Reading[]): void {
  for (const r of readings) {
    for (const c of r.claims) {
      if (c.signal.type === 'touches') outcome.touches.push({ file: c.file, line: c.line, reason: c.reason });
      else outcome.claims.push(c);
    }
    outcome.touches.push(...r.touches);
    outcome.skips.push(...r.skips);
  }
}

/** The best readings of a document: the highest score wins; equal scores are all kept (they become evidence). */
function best(readings: Reading[]): Reading[] {
  if (readings.length === 0) return [];
  const top = Math.max(...readings.map((r) => r.score));
  return readings.filter((r) => r.score === top);
}

function readParsed(file: ChangedFile, parsed: ParseResult, kind: string, baseData: unknown): ReadOutcome {
  const outcome = empty();
  const docs = parsed.docs.filter((d) => isObj(d.data));
  if (parsed.error && docs.length === 0) {
    return touchOnly(file.path, `malformed ${kind}: ${parsed.error.message}; it could carry update information`, parsed.error.line);
  }
  if (docs.length === 0) return skipOnly(file.path, `${kind} is not a mapping: no update information`);
  for (const doc of docs) {
    const data = doc.data as Record<string, unknown>;
    const readings = readStructuredDoc({ file: file.path, doc, data, embedded: false, baseData: docs.length === 1 ? baseData : undefined });
    const recipe = readRecipe({ file: file.path, doc, data, strength: 3 });
    if (recipe) readings.push(recipe);
    const unrelated = describeUnrelatedConfig(data);
    if (unrelated) readings.push({ reader: 'known-config', score: 8, claims: [], touches: [], skips: [{ file: file.path, line: doc.line, reason: `${unrelated}: no update information`, unreadable: false }] });
    const chosen = best(readings);
    merge(outcome, chosen);
    for (const s of commandStrings(data)) {
      const line = doc.lineAt(...s.path);
      merge(outcome, readCommands(file.path, commandsOf(s.text, 'shell', line - 1), 3, ` in ${String(s.path.filter((p) => typeof p === 'string').slice(-1)[0] ?? 'a step')}`));
    }
    if (chosen.length === 0 && outcome.claims.length === 0 && outcome.touches.length === 0) {
      if (hasModelVocabulary(data)) outcome.touches.push({ file: file.path, line: doc.line, reason: `${kind} with model settings (adapter, quantization, merge or training keys) in a layout monitor-gate does not recognize` });
    }
  }
  if (parsed.error) outcome.touches.push({ file: file.path, line: parsed.error.line, reason: `part of the ${kind} is malformed (${parsed.error.message}); that part could carry update information` });
  if (outcome.claims.length === 0 && outcome.touches.length === 0 && outcome.skips.length === 0) {
    outcome.skips.push({ file: file.path, line: 1, reason: `${kind} with no update information (no model, adapter, quantization, training or merge settings)`, unreadable: false });
  }
  return outcome;
}

async function readStructured(file: ChangedFile, kind: 'JSON' | 'YAML' | 'TOML' | 'INI' | 'config'): Promise<ReadOutcome> {
  const t = await readTextOf(file, kind === 'YAML' ? MAX_YAML_BYTES : MAX_TEXT_BYTES, kind === 'config' ? 'config file' : `${kind} file`);
  if ('outcome' in t) return t.outcome;
  if (t.text.trim() === '') return skipOnly(file.path, `empty ${kind === 'config' ? 'config' : kind} file`);
  let parsed: ParseResult;
  let label: string = kind;
  if (kind === 'JSON') parsed = parseJsonText(t.text);
  else if (kind === 'YAML') parsed = parseStructured(t.text);
  else if (kind === 'TOML') parsed = parseTomlText(t.text);
  else if (kind === 'INI') parsed = parseIniText(t.text);
  else {
    // .cfg / .conf: JSON, YAML or INI, whichever parses.
    const tries: Array<[string, () => ParseResult]> = [
      ['JSON', () => parseJsonText(t.text)],
      ['YAML', () => parseStructured(t.text)],
      ['INI', () => parseIniText(t.text)],
    ];
    parsed = { docs: [], error: { line: 1, message: 'not JSON, YAML or INI' } };
    for (const [name, run] of tries) {
      const p = run();
      if (!p.error && p.docs.some((d) => isObj(d.data))) {
        parsed = p;
        label = name;
        break;
      }
    }
  }
  const baseData = kind === 'JSON' ? await readBaseData(file) : undefined;
  return readParsed(file, parsed, label, baseData);
}

async function readShell(file: ChangedFile, style: 'shell' | 'makefile' | 'dockerfile'): Promise<ReadOutcome> {
  const t = await readTextOf(file, MAX_TEXT_BYTES, style === 'shell' ? 'script' : style === 'makefile' ? 'Makefile' : 'Dockerfile');
  if ('outcome' in t) return t.outcome;
  const outcome = empty();
  const readings = readCommands(file.path, commandsOf(t.text, style), 3);
  merge(outcome, readings);
  // A mergekit config written by the script itself (a heredoc or a string it builds).
  const mk = /^\s*merge_method:\s*["']?([A-Za-z_]+)/m.exec(t.text);
  if (mk && /^\s*(-\s*model:|models:|slices:|base_model:)/m.test(t.text)) {
    const line = t.text.slice(0, mk.index).split('\n').length + (t.text[mk.index] === '\n' ? 1 : 0);
    outcome.claims.push({ file: file.path, line, strength: 3, signal: { type: 'model-merge' }, reason: `script writes a mergekit config (merge_method: ${mk[1]})`, attrs: { merge_method: mk[1], tool: 'mergekit' } });
  }
  if (outcome.claims.length === 0 && outcome.touches.length === 0) {
    const used = outcome.skips.length;
    outcome.skips.length = 0;
    outcome.skips.push({ file: file.path, line: 1, reason: used > 0 ? `${style === 'shell' ? 'script' : style} runs models without changing them (inference, serving, evaluation or conversion)` : `${style === 'shell' ? 'script' : style} with no training, merge, export or quantization command`, unreadable: false });
  }
  return outcome;
}

async function readPython(file: ChangedFile): Promise<ReadOutcome> {
  if (file.size !== undefined && file.size > MAX_TEXT_BYTES) return skipOnly(file.path, 'source code (.py)');
  const bytes = await file.readHead(MAX_TEXT_BYTES + 1);
  const decoded = decodeText(bytes);
  if (!('text' in decoded) || bytes.length > MAX_TEXT_BYTES) return skipOnly(file.path, 'source code (.py)');
  const parsed = parsePythonConfig(decoded.text);
  if (!parsed) return skipOnly(file.path, 'source code (.py)');
  const outcome = readParsed(file, parsed, 'Python config', undefined);
  // A Python file whose assignments carry no update settings is source code.
  if (outcome.claims.length === 0 && outcome.touches.length === 0) return skipOnly(file.path, 'source code (.py) with no update settings in its module-level assignments');
  return outcome;
}

async function readMarkdown(file: ChangedFile): Promise<ReadOutcome> {
  const t = await readTextOf(file, MAX_TEXT_BYTES, 'Markdown file');
  if ('outcome' in t) {
    const name = (file.path.split('/').pop() ?? '').toLowerCase();
    // An unreadable README could be a model card; other Markdown is docs.
    return /^(readme|model_?card)\.md$/.test(name) ? t.outcome : skipOnly(file.path, 'documentation (Markdown) that could not be read as text');
  }
  if (!isModelCard(file.path, t.text)) return skipOnly(file.path, 'Markdown that is not a model card');
  const out = readModelCard(file.path, t.text);
  if (out.claims.length === 0 && out.touches.length === 0 && out.skips.length === 0) out.skips.push({ file: file.path, line: 1, reason: 'README / model card with no model metadata and no update information', unreadable: false });
  return out;
}

async function readPickle(file: ChangedFile, format: string): Promise<ReadOutcome> {
  const name = (file.path.split('/').pop() ?? file.path).toLowerCase();
  if (/^adapter_model\.(bin|pt|pth)$/.test(name)) {
    return {
      claims: [{ file: file.path, line: 1, strength: METADATA, signal: { type: 'adapter', role: 'shipped' }, reason: 'adapter weights file (PyTorch pickle, never opened; known by its name)' }],
      skips: [],
      touches: [],
    };
  }
  const head = await file.readHead(1024).catch(() => new Uint8Array());
  const lfs = isLfsPointer(head) ? ', a Git LFS pointer' : '';
  return touchOnly(file.path, `${format} weights or training state (never opened: pickles can run code${lfs}); how they were made is not said`);
}

async function sniff(file: ChangedFile): Promise<ReadOutcome> {
  const head = await file.readHead(4096);
  if (head.length >= 4 && Buffer.from(head.subarray(0, 4)).toString('latin1') === 'GGUF') return readGgufFile(file);
  const name = (file.path.split('/').pop() ?? file.path).toLowerCase();
  const ext = extensionOf(name);
  if (isLfsPointer(head)) return touchOnly(file.path, 'Git LFS pointer to a file of unknown format: its content is not in the repository (it could be weights)');
  const decoded = decodeText(head.length >= 4096 ? head.subarray(0, 4000) : head);
  if (!('text' in decoded)) return touchOnly(file.path, `binary file of a format monitor-gate does not read${ext ? ` (.${ext})` : ''}: it could be weights`);
  const text = decoded.text;
  if (/^#!.*\b(ba|z|k|da)?sh\b/.test(text) || ext === undefined) {
    const read = await readShell(file, 'shell');
    if (read.claims.length > 0 || read.touches.length > 0) return read;
    return skipOnly(file.path, ext ? `text file (.${ext}) with no update information` : 'text file with no update information');
  }
  return skipOnly(file.path, `not a format monitor-gate reads (.${ext})`);
}

/** Reads one changed file; never throws (a failure touches the model when the file could carry update information). */
export async function readChangedFile(file: ChangedFile): Promise<ReadOutcome> {
  const kind = classifyPath(file.path);
  if (file.status === 'removed') {
    if (kind.kind === 'safetensors' || kind.kind === 'gguf' || kind.kind === 'weights') return touchOnly(file.path, 'weights removed by the change');
    return empty();
  }
  try {
    switch (kind.kind) {
      case 'not-model':
        return skipOnly(file.path, `not model content: ${kind.why}`);
      case 'json':
        return await readStructured(file, 'JSON');
      case 'yaml':
        return await readStructured(file, 'YAML');
      case 'toml':
        return await readStructured(file, 'TOML');
      case 'ini':
        return await readStructured(file, 'INI');
      case 'conf':
        return await readStructured(file, 'config');
      case 'python':
        return await readPython(file);
      case 'shell':
        return await readShell(file, 'shell');
      case 'makefile':
        return await readShell(file, 'makefile');
      case 'dockerfile':
        return await readShell(file, 'dockerfile');
      case 'markdown':
        return await readMarkdown(file);
      case 'safetensors':
        return await readSafetensorsFile(file);
      case 'gguf':
        return await readGgufFile(file);
      case 'weights':
        return await readPickle(file, kind.format);
      default:
        return await sniff(file);
    }
  } catch (error) {
    const harmless = kind.kind === 'not-model';
    return harmless ? skipOnly(file.path, `not model content (${kind.why}); could not be read: ${firstLine(error)}`) : touchOnly(file.path, `could not be read: ${firstLine(error)}; it could carry update information`);
  }
}

export type { Skip, Touch };
