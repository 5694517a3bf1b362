/**
 * onnxruntime's messages, made ours. Its errors carry the runner's absolute paths
 * ("Load model from /home/runner/work/... failed:"), C++ source locations and signatures
 * ("/onnxruntime_src/onnxruntime/core/graph/model.cc:187 onnxruntime::Model::Model(...)") and
 * sometimes several lines; they end up in reports and pull request comments. `ortMessage` turns one
 * into a single line with workspace-relative paths and no source locations.
 *
 * Its native logger writes ANSI-coloured lines straight to stderr, outside our sinks, and they quote
 * names from the ONNX file (an initializer named "x\n::warning::..." forges a workflow command).
 * Importing this module sets onnxruntime's log level to fatal for every session created after it;
 * errors still reach us as exceptions.
 */
import path from 'node:path';
import * as ort from 'onnxruntime-node';

// Before any session exists: onnxruntime reads the level when it creates its environment.
ort.env.logLevel = 'fatal';

/** Session options that keep a session's own log lines off stderr. */
export const QUIET_SESSION_OPTIONS = { logSeverityLevel: 4 } as const satisfies ort.InferenceSession.SessionOptions;

/** The longest message we keep from onnxruntime. */
export const ORT_MESSAGE_MAX = 300;

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b[@-_]/g;
const SOURCE_EXT = '(?:cc|cpp|cxx|c|h|hpp|hh|cu|cuh|inc)';
// An absolute source path (optionally :line), or a bare "file.cc:123" as in native log lines.
const SOURCE_FILE = new RegExp(`(?<![A-Za-z0-9_])(?:(?:[A-Za-z]:)?(?:[\\\\/][^\\s\\\\/:'"]+)+\\.${SOURCE_EXT}(?::\\d+)?|[\\w.-]+\\.${SOURCE_EXT}:\\d+)`, 'g');

/** Removes a C++ qualified signature `ns::Name(args) [const]` that starts at `at`, parentheses balanced. */
function stripSignatureAt(s: string, at: number): string {
  const m = /^\s*(?:[\w~<>,*&:\s]*::)?[\w~]+(?:<[^()]*>)?\(/.exec(s.slice(at));
  if (!m || !m[0].includes('::')) return s;
  let depth = 0;
  let i = at + m[0].length - 1;
  for (; i < s.length; i++) {
    if (s[i] === '(') depth++;
    else if (s[i] === ')' && --depth === 0) break;
  }
  if (depth !== 0) return s;
  let end = i + 1;
  const tail = /^\s*const\b/.exec(s.slice(end));
  if (tail) end += tail[0].length;
  return s.slice(0, at) + s.slice(end);
}

/** An absolute path shown relative to `root` when inside it, else as `…/name`. */
function relativePath(p: string, root: string): string {
  if (/^[A-Za-z]:/.test(p)) return `…/${path.win32.basename(p)}`;
  const rel = path.relative(root, p);
  if (rel === '') return '.';
  if (!rel.startsWith('..') && !path.isAbsolute(rel)) return rel.split(path.sep).join('/');
  return `…/${path.basename(p)}`;
}

export interface OrtMessageOptions {
  /** Paths are shown relative to this folder (default: the working directory, the workspace on a runner). */
  root?: string;
}

/** One line from an onnxruntime error: no ANSI, no source locations or C++ signatures, relative paths. */
export function ortMessage(error: unknown, options: OrtMessageOptions = {}): string {
  const root = path.resolve(options.root ?? process.cwd());
  // Bounded input keeps every pattern below linear enough; the result is cut shorter anyway.
  let s = (error instanceof Error ? error.message : String(error)).slice(0, 4 * ORT_MESSAGE_MAX);
  s = s.replace(ANSI, '');
  // "Load model from X failed:" says nothing the caller's message does not (it names the file).
  s = s.replace(/Load model (?:from )?(\S+?) failed[.:]*\s*/g, '');
  // A native log line's timestamp and "[E:onnxruntime:, " tag.
  s = s.replace(/\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(?:\.\d+)?\s*/g, '').replace(/\[[VIWEF]:onnxruntime:[^\]]*\]\s*/g, '');
  // Source locations, each with the C++ signature that may follow it.
  for (let guard = 0; guard < 20; guard++) {
    SOURCE_FILE.lastIndex = 0;
    const m = SOURCE_FILE.exec(s);
    if (!m) break;
    s = stripSignatureAt(s.slice(0, m.index) + s.slice(m.index + m[0].length), m.index);
  }
  s = s.replace(/\[ONNXRuntimeError\]\s*:\s*\d+\s*:\s*[A-Z_]+\s*:\s*/g, '');
  s = s.replace(/Status Message:\s*/g, '');
  // Absolute paths left (a model's external data, a missing file).
  s = s.replace(/(^|[\s'"(=,])((?:[A-Za-z]:)?[\\/][^\s'"(),;]*)/g, (all, pre: string, p: string) => (p.length > 1 ? `${pre}${relativePath(p, root)}` : all));
  s = s.replace(/\s+/g, ' ').trim();
  if (s === '') s = 'onnxruntime gave no message';
  return s.length > ORT_MESSAGE_MAX ? `${s.slice(0, ORT_MESSAGE_MAX - 1)}…` : s;
}
