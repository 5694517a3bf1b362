/**
 * Reading changed files safely (size limits, binary and LFS-pointer checks) and parsing JSON and YAML
 * with positions. JSON is YAML 1.2, so one parser (yaml's parseDocument + LineCounter) gives the line
 * of every key in both.
 */
import { LineCounter, isAlias, isMap, isScalar, isSeq, parseAllDocuments, type Document, type Node as YamlNode } from 'yaml';
import type { ChangedFile } from './types.ts';

/** Largest JSON config or model card read as text. */
export const MAX_TEXT_BYTES = 2 * 1024 * 1024;
/** Largest YAML file read (YAML parses far slower than JSON; recipes are a few KB). */
export const MAX_YAML_BYTES = 512 * 1024;
/** Largest safetensors JSON header read. */
export const MAX_SAFETENSORS_HEADER_BYTES = 4 * 1024 * 1024;
/** Bytes of a GGUF file read for its header key/values. */
export const GGUF_HEAD_BYTES = 4 * 1024 * 1024;

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024 * 1024) return `${(n / (1024 * 1024 * 1024)).toFixed(1)} GiB`;
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} bytes`;
}

const LFS_PREFIX = 'version https://git-lfs.github.com/spec/';

export function isLfsPointer(bytes: Uint8Array): boolean {
  if (bytes.length > 1024 || bytes.length < LFS_PREFIX.length) return false;
  return Buffer.from(bytes.subarray(0, LFS_PREFIX.length)).toString('latin1') === LFS_PREFIX;
}

export type TextRead = { text: string } | { skip: string; unreadable: boolean };

export function decodeText(bytes: Uint8Array): TextRead {
  if (isLfsPointer(bytes)) return { skip: 'Git LFS pointer: the content is not in the repository', unreadable: true };
  if (bytes.includes(0)) return { skip: 'binary content (NUL bytes), not a text config', unreadable: true };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { skip: 'not UTF-8 text (binary content?)', unreadable: true };
  }
  return { text: text.startsWith('\uFEFF') ? text.slice(1) : text };
}

// ---------- structured documents with positions ----------

export type PathSeg = string | number;

export interface ParsedDoc {
  data: unknown;
  /** 1-based line of the key at `path` (of the item, for list indexes), or of the nearest ancestor that exists. */
  lineAt(...path: PathSeg[]): number;
  /** 1-based line where the document starts. */
  line: number;
}

export interface ParseResult {
  docs: ParsedDoc[];
  /** The first syntax error, when there is one. */
  error?: { line: number; message: string };
}

export interface ParseOptions {
  /** Added to every line (for YAML embedded in a model card). */
  lineOffset?: number;
  /** Keep documents that have syntax errors (partial content), for YAML embedded in prose. */
  tolerant?: boolean;
}

/**
 * Parses JSON or YAML text (all YAML documents). Never throws: syntax errors come back in `error`,
 * and documents with errors are dropped unless `tolerant`.
 */
export function parseStructured(text: string, options: ParseOptions = {}): ParseResult {
  const offset = options.lineOffset ?? 0;
  const lineCounter = new LineCounter();
  let docs: Document.Parsed[];
  try {
    // logLevel 'error': yaml's warnings go to process.emitWarning, i.e. stderr, quoting the file's keys unescaped.
    docs = parseAllDocuments(text, { lineCounter, uniqueKeys: false, merge: true, strict: false, prettyErrors: false, logLevel: 'error' }) as Document.Parsed[];
    if (!Array.isArray(docs)) docs = [docs as unknown as Document.Parsed];
  } catch (error) {
    return { docs: [], error: { line: 1 + offset, message: messageOf(error) } };
  }
  const lineOf = (pos: number) => Math.max(1, lineCounter.linePos(pos).line) + offset;
  let firstError: ParseResult['error'];
  const out: ParsedDoc[] = [];
  for (const doc of docs) {
    if (doc.errors.length > 0) {
      const e = doc.errors[0];
      if (!firstError) firstError = { line: lineOf(e.pos[0]), message: e.message.split('\n')[0] };
      if (!options.tolerant) continue;
    }
    if (doc.contents === null) continue;
    let data: unknown;
    try {
      data = doc.toJS({ maxAliasCount: 100 });
    } catch (error) {
      if (!firstError) firstError = { line: 1 + offset, message: messageOf(error) };
      continue;
    }
    const start = doc.contents.range ? lineOf(doc.contents.range[0]) : 1 + offset;
    out.push({ data, line: start, lineAt: (...path) => lineAtPath(doc, path, lineOf, start) });
  }
  return { docs: out, error: firstError };
}

function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0];
}

function keyOf(node: unknown): unknown {
  return isScalar(node) ? node.value : node;
}

function lineAtPath(doc: Document.Parsed, path: PathSeg[], lineOf: (pos: number) => number, fallback: number): number {
  let node: unknown = doc.contents;
  let line = fallback;
  for (const seg of path) {
    if (isAlias(node)) node = node.resolve(doc);
    if (typeof seg === 'number' && isSeq(node)) {
      const item = node.items[seg] as YamlNode | undefined;
      if (!item) break;
      if (item.range) line = lineOf(item.range[0]);
      node = item;
      continue;
    }
    if (isMap(node)) {
      const pair = node.items.find((p) => String(keyOf(p.key)) === String(seg));
      if (!pair) break;
      const key = pair.key as YamlNode | null;
      if (key && key.range) line = lineOf(key.range[0]);
      else if (pair.value && (pair.value as YamlNode).range) line = lineOf((pair.value as YamlNode).range![0]);
      node = pair.value;
      continue;
    }
    break;
  }
  return line;
}

/** JSON this size or smaller is re-parsed as YAML to place a syntax error on its line. */
const JSON_ERROR_PLACE_BYTES = 256 * 1024;

function lineOfOffset(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/**
 * Parses JSON with the native parser (fast, also for big or deeply nested files); key lines come from
 * a YAML parse of the same text, made only when a reader asks for a line (recognized configs are small).
 */
export function parseJsonText(text: string): ParseResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    const pos = /at position (\d+)/.exec(message);
    if (pos) return { docs: [], error: { line: lineOfOffset(text, Number(pos[1])), message: message.replace(/ in JSON at position \d+.*$/, '') } };
    const short = message.replace(/, ".*$/, '').slice(0, 120);
    if (text.length <= JSON_ERROR_PLACE_BYTES) {
      const y = parseStructured(text);
      if (y.error) return { docs: [], error: { line: y.error.line, message: short } };
    }
    return { docs: [], error: { line: 1, message: short } };
  }
  let positioned: ParsedDoc | null | undefined;
  const lineAt = (...path: PathSeg[]): number => {
    if (positioned === undefined) {
      const y = text.length <= MAX_TEXT_BYTES ? parseStructured(text) : undefined;
      positioned = y && !y.error && y.docs.length === 1 ? y.docs[0] : null;
    }
    return positioned ? positioned.lineAt(...path) : 1;
  };
  return { docs: [{ data, line: 1, lineAt }] };
}
