/**
 * Config formats other than JSON and YAML, parsed as data with key positions: TOML (smol-toml), INI
 * (ini), and Python-as-config files (XTuner / mmengine configs: module-level assignments of literals
 * and `dict(...)` calls), read with the Lezer Python grammar and never executed.
 */
import type { SyntaxNode } from '@lezer/common';
import { parser as pythonParser } from '@lezer/python';
import { parse as parseIni } from 'ini';
import { parse as parseToml } from 'smol-toml';
import type { ParseResult, ParsedDoc, PathSeg } from './parse.ts';

/** 1-based line of a key, found by its name in the text (after the line of its parent when there is one). */
export function textLineFinder(text: string, lineOffset = 0): (...path: PathSeg[]) => number {
  const lines = text.split(/\r?\n/);
  return (...path: PathSeg[]): number => {
    let from = 0;
    let found = 1;
    for (const seg of path) {
      if (typeof seg !== 'string') continue;
      const esc = seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const key = new RegExp(`(^|[\\s{,(\\[.])["']?${esc}["']?\\s*[=:]|^\\s*\\[+\\s*(?:[\\w.-]+\\.)?${esc}\\s*\\]+|--${esc}\\b`);
      const at = lines.findIndex((l, i) => i >= from && key.test(l));
      if (at < 0) continue;
      from = at;
      found = at + 1;
    }
    return found + lineOffset;
  };
}

function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0].slice(0, 200);
}

export function parseTomlText(text: string): ParseResult {
  try {
    const data = parseToml(text) as unknown;
    return { docs: [{ data: plainCopy(data), line: 1, lineAt: textLineFinder(text) }] };
  } catch (error) {
    const line = (error as { line?: number }).line;
    return { docs: [], error: { line: typeof line === 'number' && line >= 1 ? line : 1, message: messageOf(error) } };
  }
}

export function parseIniText(text: string): ParseResult {
  try {
    const data = parseIni(text) as unknown;
    return { docs: [{ data: plainCopy(data), line: 1, lineAt: textLineFinder(text) }] };
  } catch (error) {
    return { docs: [], error: { line: 1, message: messageOf(error) } };
  }
}

/** Null-prototype objects and Dates from the parsers as plain JSON-like values. */
function plainCopy(x: unknown, depth = 0): unknown {
  if (depth > 32) return undefined;
  if (Array.isArray(x)) return x.map((v) => plainCopy(v, depth + 1));
  if (x instanceof Date) return x.toISOString();
  if (typeof x === 'bigint') return Number(x);
  if (typeof x === 'object' && x !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(x)) out[k] = plainCopy(v, depth + 1);
    return out;
  }
  return x;
}

// ---------- Python as config ----------

/** Python files larger than this are source, not config. */
const MAX_PYTHON_CONFIG = 512 * 1024;

interface PyDoc {
  data: Record<string, unknown>;
  lines: Map<string, number>;
  /** Top-level statements that are not imports or assignments (functions, classes, calls, loops). */
  code: number;
  assignments: number;
}

/**
 * A Python file read as a config: the module-level assignments, with literal values, `dict(...)`
 * calls as mappings and other calls as mappings with a `type` (the mmengine convention). Undefined when
 * the file is source code (functions, classes or statements other than imports and assignments).
 */
export function parsePythonConfig(text: string): ParseResult | undefined {
  if (text.length > MAX_PYTHON_CONFIG) return undefined;
  let py: PyDoc;
  try {
    py = readPython(text);
  } catch {
    return undefined;
  }
  if (py.assignments < 3 || py.code > Math.max(2, py.assignments / 10)) return undefined;
  const lineAt = (...path: PathSeg[]): number => {
    for (let n = path.length; n > 0; n--) {
      const l = py.lines.get(path.slice(0, n).join('\u0000'));
      if (l !== undefined) return l;
    }
    return 1;
  };
  const doc: ParsedDoc = { data: py.data, line: 1, lineAt };
  return { docs: [doc] };
}

function readPython(text: string): PyDoc {
  const tree = pythonParser.parse(text);
  const lineStarts: number[] = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
  const lineOf = (pos: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  const src = (n: SyntaxNode) => text.slice(n.from, n.to);
  const data: Record<string, unknown> = {};
  const lines = new Map<string, number>();
  let code = 0;
  let assignments = 0;
  let budget = 50000;

  const children = (n: SyntaxNode): SyntaxNode[] => {
    const out: SyntaxNode[] = [];
    for (let c = n.firstChild; c; c = c.nextSibling) out.push(c);
    return out;
  };

  const value = (n: SyntaxNode | null, path: string[]): unknown => {
    if (!n || --budget < 0) return undefined;
    switch (n.name) {
      case 'Number': {
        const v = Number(src(n).replace(/_/g, ''));
        return Number.isFinite(v) ? v : src(n);
      }
      case 'String':
        return unquote(src(n));
      case 'FormatString':
        return unquote(src(n));
      case 'ContinuedString':
        return children(n).map((c) => unquote(src(c))).join('');
      case 'Boolean':
        return src(n) === 'True';
      case 'None':
        return null;
      case 'VariableName': {
        const name = src(n);
        return Object.prototype.hasOwnProperty.call(data, name) && typeof data[name] !== 'object' ? data[name] : name;
      }
      case 'MemberExpression':
        return src(n);
      case 'UnaryExpression': {
        const v = Number(src(n).replace(/\s+/g, ''));
        return Number.isFinite(v) ? v : src(n);
      }
      case 'ParenthesizedExpression':
        return value(children(n).find((c) => c.name !== '(' && c.name !== ')') ?? null, path);
      case 'ArrayExpression':
      case 'TupleExpression':
      case 'SetExpression': {
        const out: unknown[] = [];
        for (const c of children(n)) if (!['[', ']', '(', ')', '{', '}', ','].includes(c.name)) out.push(value(c, [...path, String(out.length)]));
        return out;
      }
      case 'DictionaryExpression': {
        const out: Record<string, unknown> = {};
        const items = children(n).filter((c) => !['{', '}', ',', ':'].includes(c.name));
        for (let i = 0; i + 1 < items.length; i += 2) {
          const k = value(items[i], path);
          if (typeof k !== 'string' && typeof k !== 'number') continue;
          const key = String(k);
          lines.set([...path, key].join('\u0000'), lineOf(items[i].from));
          out[key] = value(items[i + 1], [...path, key]);
        }
        return out;
      }
      case 'CallExpression': {
        const parts = children(n);
        const callee = parts[0];
        const args = parts.find((c) => c.name === 'ArgList');
        const out: Record<string, unknown> = {};
        const calleeName = callee ? src(callee) : '';
        if (calleeName !== 'dict') out.type = calleeName;
        if (args) {
          const items = children(args).filter((c) => !['(', ')', ','].includes(c.name));
          let positional = 0;
          for (let i = 0; i < items.length; i++) {
            if (items[i].name === 'VariableName' && items[i + 1]?.name === 'AssignOp') {
              const key = src(items[i]);
              lines.set([...path, key].join('\u0000'), lineOf(items[i].from));
              out[key] = value(items[i + 2] ?? null, [...path, key]);
              i += 2;
            } else {
              out[`_${positional++}`] = value(items[i], path);
            }
          }
        }
        return out;
      }
      default:
        return src(n).slice(0, 200);
    }
  };

  for (const stmt of children(tree.topNode)) {
    switch (stmt.name) {
      case 'AssignStatement': {
        const parts = children(stmt);
        const targets = parts.filter((c, i) => c.name === 'VariableName' && parts[i + 1]?.name === 'AssignOp');
        const expr = parts[parts.length - 1];
        if (targets.length === 0) {
          code++;
          break;
        }
        for (const t of targets) {
          const name = src(t);
          lines.set(name, lineOf(t.from));
          data[name] = value(expr, [name]);
        }
        assignments++;
        break;
      }
      case 'ImportStatement':
      case 'Comment':
      case ';':
        break;
      case 'ExpressionStatement':
        // A bare docstring is not code.
        if (!/^\s*[rRbBuU]?("""|'''|"|')/.test(src(stmt))) code++;
        break;
      default:
        code++;
    }
  }
  return { data, lines, code, assignments };
}

function unquote(s: string): string {
  const m = /^[rRbBuUfF]{0,2}("""|'''|"|')([\s\S]*)\1$/.exec(s);
  return m ? m[2] : s;
}
