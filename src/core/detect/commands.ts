/**
 * Command lines as data: shell scripts, Makefile recipes, Dockerfile RUN / CMD / ENTRYPOINT, workflow
 * `run:` steps and shell blocks of a model card are split into commands (shell-quote tokenizes them,
 * with the script's own variable assignments substituted), each command's program is found behind its
 * launchers (env assignments, `python -m`, `accelerate launch`, `torchrun`, `deepspeed`, `srun`, ...)
 * and its flags become a settings object: `--lora_r 16 --load_in_4bit` is `{lora_r: "16",
 * load_in_4bit: true}`, a Hydra override `model.peft.peft_scheme=lora` is nested. The program and the
 * flags are then read with the same vocabulary as any config file.
 */
import { parse as shellParse } from 'shell-quote';
import type { Obj } from './claims.ts';
import { PROGRAMS, type ProgramProfile, type ProgramRole, SCRIPT_WORDS } from './tools.ts';
import { normalizeKey } from './vocabulary.ts';

export interface Command {
  /** 1-based line of the command's first word. */
  line: number;
  /** Last line of the command (continuations included). */
  endLine: number;
  /** The program: `swift sft`, `llamafactory-cli train`, `openrlhf.cli.train_sft`, `examples/train_lora.py`, `llama-quantize`. */
  program: string;
  /** Flags, keys as written without dashes; Hydra overrides nested by their dots. */
  flags: Obj;
  positionals: string[];
  /** Line of each flag (normalized key). */
  flagLines: Map<string, number>;
  profile?: ProgramProfile;
  /** What running it does, from its profile, its name or (for unknown programs) nothing. */
  role?: ProgramRole;
  /** Where the role came from. */
  roleFrom: 'profile' | 'name' | 'none';
}

/** Commands read per file; scripts have a few dozen. */
const MAX_COMMANDS = 2000;
const MAX_LOGICAL_LINE = 64 * 1024;

type Style = 'shell' | 'makefile' | 'dockerfile';

interface LogicalLine {
  text: string;
  line: number;
  endLine: number;
}

/** Joins backslash continuations; keeps the line each command starts on. */
function logicalLines(text: string, style: Style, lineOffset: number): LogicalLine[] {
  const raw = text.split(/\r?\n/);
  const out: LogicalLine[] = [];
  let cur: string[] = [];
  let start = 0;
  for (let i = 0; i < raw.length; i++) {
    let l = raw[i];
    if (cur.length === 0) start = i;
    const openQuote = style !== 'dockerfile' && oddQuotes([...cur, l].join(' ')) && i + 1 < raw.length && cur.length < 200;
    const openArray = /^\s*(?:local\s+|declare\s+-a\s+)?[A-Za-z_]\w*=\(\s*[^)]*$/.test([...cur, l].join(' ')) && i + 1 < raw.length && cur.length < 400;
    const cont = (/\\\s*$/.test(l) && !/^\s*#/.test(l)) || openQuote || openArray;
    if (cont) l = l.replace(/\\\s*$/, ' ');
    // A comment line inside a continuation ends the command (bash does the same).
    if (cur.length > 0 && /^\s*#/.test(l) && !openQuote && !openArray) {
      out.push({ text: cur.join(' '), line: start + 1 + lineOffset, endLine: i + lineOffset });
      cur = [];
      continue;
    }
    // Comment lines inside an array of command words are not words.
    if (openArray && cur.length > 0 && /^\s*#/.test(l)) continue;
    if (openArray) l = l.replace(/\s#.*$/, '');
    cur.push(l);
    if (!cont) {
      out.push({ text: cur.join(' ').slice(0, MAX_LOGICAL_LINE), line: start + 1 + lineOffset, endLine: i + 1 + lineOffset });
      cur = [];
    }
  }
  if (cur.length > 0) out.push({ text: cur.join(' ').slice(0, MAX_LOGICAL_LINE), line: start + 1 + lineOffset, endLine: raw.length + lineOffset });
  if (style === 'dockerfile') return dockerLines(out);
  if (style === 'makefile') return out.map((l) => ({ ...l, text: l.text.replace(/^\t[@\-+]*/, '') }));
  return out;
}

/** An odd number of unescaped double quotes outside single quotes: the string goes on. */
function oddQuotes(text: string): boolean {
  let n = 0;
  let single = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && !single) {
      i++;
      continue;
    }
    if (c === "'" && n % 2 === 0) single = !single;
    else if (c === '"' && !single) n++;
    else if (c === '#' && !single && n % 2 === 0 && (i === 0 || /\s/.test(text[i - 1]))) break;
  }
  return n % 2 === 1;
}

function dockerLines(lines: LogicalLine[]): LogicalLine[] {
  const out: LogicalLine[] = [];
  for (const l of lines) {
    const m = /^\s*(RUN|CMD|ENTRYPOINT|ENV|ARG)\s+(.*)$/i.exec(l.text);
    if (!m) continue;
    const kind = m[1].toUpperCase();
    let body = m[2].trim();
    if ((kind === 'CMD' || kind === 'ENTRYPOINT' || kind === 'RUN') && body.startsWith('[')) {
      try {
        const arr = JSON.parse(body) as unknown;
        if (Array.isArray(arr)) body = arr.map((w) => quoteWord(String(w))).join(' ');
      } catch {
        // not JSON: read as shell
      }
    }
    if (kind === 'ENV' || kind === 'ARG') body = body.replace(/^([A-Za-z_]\w*)\s+(?!=)(.*)$/, '$1=$2');
    out.push({ ...l, text: body.replace(/^--mount=\S+\s+/g, '') });
  }
  return out;
}

function quoteWord(w: string): string {
  return /^[\w./:=@%+-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`;
}

const ASSIGN = /^\s*(?:export\s+|readonly\s+|local\s+|declare\s+(?:-\w+\s+)?)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/;
const MAKE_ASSIGN = /^\s*(?:export\s+|override\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*(?::{1,3}=|\?=|\+=|=)\s*(.*)$/;

function unquoteValue(v: string): string {
  const t = v.trim().replace(/\s+#.*$/, '');
  const m = /^(["'])([\s\S]*)\1$/.exec(t);
  return m ? m[2].replace(/^["']+|["']+$/g, '') : (t.split(/\s+/)[0] ?? '');
}

function substitute(text: string, vars: Map<string, string>): string {
  return text
    .replace(/\$\{([A-Za-z_]\w*)\}|\$([A-Za-z_]\w*)/g, (m, a: string | undefined, b: string | undefined) => vars.get((a ?? b)!) ?? m)
    .replace(/\$\{([A-Za-z_]\w*)(:?[-=])([^}]*)\}/g, (_, name: string, _op: string, def: string) => vars.get(name) ?? def)
    .replace(/\$\(([A-Za-z_][\w.-]*)\)/g, (m, name: string) => vars.get(name) ?? m);
}

/** Shell keywords and builtins: not programs. */
const SHELL_WORDS = new Set(['if', 'then', 'else', 'elif', 'fi', 'for', 'do', 'done', 'while', 'until', 'case', 'esac', 'function', 'return', 'trap', 'shift', 'read', 'local', 'declare', 'unset', 'eval', 'set', 'echo', 'printf', 'exit', 'cd', 'export', 'source', 'true', 'false', 'test', '[', '[[', ']]', ']', '{', '}', 'wait', 'sleep', 'break', 'continue', 'let', 'readonly', 'pushd', 'popd', 'mkdir', 'rm', 'cp', 'mv', 'ls', 'cat', 'tee', 'grep', 'sed', 'awk', 'head', 'tail', 'find', 'xargs', 'chmod', 'ln', 'touch', 'date', 'basename', 'dirname', 'realpath', 'tr', 'cut', 'sort', 'uniq', 'wc', 'seq', 'expr', 'usage', 'select', 'getopts', 'alias', 'ulimit', 'umask', 'hostname', 'whoami', 'nproc', 'kill', 'pkill', 'ps', 'jq', 'yq', 'base64', 'which', 'type']);

/** Launchers and wrappers that run another program; their own options come before it. */
const WRAPPERS = new Set(['sudo', 'nohup', 'time', 'exec', 'nice', 'stdbuf', 'taskset', 'numactl', 'timeout', 'command', 'builtin', 'xvfb-run', 'caffeinate', 'ionice', 'chrt']);
const LAUNCHERS = new Set(['coverage', 'accelerate', 'torchrun', 'deepspeed', 'composer', 'srun', 'mpirun', 'mpiexec', 'horovodrun', 'salloc', 'colossalai', 'lightning', 'ray', 'sbatch', 'modal', 'sky']);
const PYTHON = /^(python|python3|python3\.\d+|python2|py|pypy3?|uv|poetry|pipenv|conda|micromamba|mamba|rye|pdm|hatch)$/;
/** CLIs whose first words after the program are subcommands: how many of them name the action. */
const SUBCOMMANDS: Record<string, number> = {
  swift: 1,
  megatron: 1,
  'llamafactory-cli': 1,
  lmf: 1,
  trl: 1,
  axolotl: 1,
  tune: 2,
  xtuner: 2,
  litgpt: 1,
  autotrain: 1,
  oumi: 1,
  nemo: 2,
  ludwig: 1,
  'optimum-cli': 2,
  vllm: 1,
  ollama: 1,
  lmdeploy: 1,
  'huggingface-cli': 1,
  hf: 1,
  mlx_lm: 1,
  'mlx-lm': 1,
};

type Token = string | { op?: string; comment?: string; pattern?: string };

function tokenize(text: string, vars: Map<string, string>): Token[] {
  try {
    return shellParse(substitute(text, vars), (key: string) => (vars.has(key) ? vars.get(key)! : `$${key}`)) as Token[];
  } catch {
    return text.split(/\s+/).filter(Boolean);
  }
}

/** Splits tokens into simple commands at ; && || | & and stops at a comment. */
function segments(tokens: Token[]): string[][] {
  const out: string[][] = [];
  let cur: string[] = [];
  for (const t of tokens) {
    if (typeof t === 'string') {
      cur.push(t);
      continue;
    }
    if (t.comment !== undefined) break;
    if (t.op === 'glob' && t.pattern !== undefined) {
      cur.push(t.pattern);
      continue;
    }
    if (cur.length > 0) out.push(cur);
    cur = [];
  }
  if (cur.length > 0) out.push(cur);
  return out;
}

function isAssignWord(w: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*=/.test(w);
}

/** Skips a launcher's options: `--num_processes 8`, `--nproc_per_node=8`, `-n 4`, until the script or `-m`. */
function skipLauncherOptions(words: string[], i: number): number {
  while (i < words.length) {
    const w = words[i];
    if (w === '-m' || w === '--module' || !w.startsWith('-')) return i;
    if (w === '--') return i + 1;
    if (w.includes('=')) {
      i++;
      continue;
    }
    const next = words[i + 1];
    if (next === undefined) return i + 1;
    if (next.startsWith('-') || /\.py$/.test(next)) i++;
    else i += 2;
  }
  return i;
}

interface Located {
  program: string;
  rest: string[];
}

function locateProgram(words: string[]): Located | undefined {
  let i = 0;
  const n = words.length;
  const skipOpts = () => {
    while (i < n && words[i].startsWith('-')) i++;
  };
  for (let guard = 0; guard < 12 && i < n; guard++) {
    const w = words[i];
    const base = w.split('/').pop() ?? w;
    if (isAssignWord(w)) {
      i++;
      continue;
    }
    if (base === 'env') {
      i++;
      while (i < n && (isAssignWord(words[i]) || words[i].startsWith('-'))) i++;
      continue;
    }
    if (WRAPPERS.has(base)) {
      i++;
      if (base === 'timeout' && i < n && /^\d/.test(words[i])) i++;
      skipOpts();
      continue;
    }
    if (base === 'bash' || base === 'sh' || base === 'zsh' || base === 'source' || base === '.') {
      i++;
      skipOpts();
      if (i < n) return { program: words[i].toLowerCase(), rest: words.slice(i + 1) };
      return undefined;
    }
    if (PYTHON.test(base)) {
      i++;
      // `uv run python x.py`, `poetry run python`, `conda run -n env python`
      if (['uv', 'poetry', 'pipenv', 'conda', 'micromamba', 'mamba', 'rye', 'pdm', 'hatch'].includes(base)) {
        if (words[i] !== 'run') return { program: `${base} ${words[i] ?? ''}`.trim().toLowerCase(), rest: words.slice(i + 1) };
        i++;
        i = skipLauncherOptions(words, i);
        continue;
      }
      while (i < n && words[i].startsWith('-') && words[i] !== '-m' && words[i] !== '-c') {
        if (['-X', '-W'].includes(words[i])) i++;
        i++;
      }
      if (words[i] === '-c') return { program: 'python -c', rest: [] };
      if (words[i] === '-m') return moduleProgram(words, i + 1);
      if (i < n) return { program: words[i].toLowerCase(), rest: words.slice(i + 1) };
      return undefined;
    }
    if (LAUNCHERS.has(base)) {
      i++;
      if (base === 'coverage' && words[i] === 'run') i++;
      if ((base === 'accelerate' && words[i] === 'launch') || (base === 'colossalai' && words[i] === 'run') || (base === 'lightning' && words[i] === 'run')) i++;
      else if (base === 'accelerate') return { program: `accelerate ${words[i] ?? ''}`.trim(), rest: words.slice(i + 1) };
      if (base === 'ray' && words[i] === 'job') {
        const dd = words.indexOf('--', i);
        if (dd < 0) return undefined;
        i = dd + 1;
        continue;
      }
      if (base === 'modal' || base === 'sky') i++;
      i = skipLauncherOptions(words, i);
      if (words[i] === '-m' || words[i] === '--module') return moduleProgram(words, i + 1);
      continue;
    }
    if (base === 'torch.distributed.run' || base === 'torch.distributed.launch') {
      i = skipLauncherOptions(words, i + 1);
      continue;
    }
    const sub = SUBCOMMANDS[base.toLowerCase()];
    if (sub) {
      const parts = [base.toLowerCase()];
      let j = i + 1;
      while (parts.length <= sub && j < n && !words[j].startsWith('-')) {
        // `xtuner train cfg.py` has one action word; `xtuner convert merge` has two.
        if (parts.length === 2 && base === 'xtuner' && parts[1] !== 'convert') break;
        if (parts.length === 2 && base === 'nemo' && parts[1] !== 'llm') break;
        parts.push(words[j]);
        j++;
      }
      return { program: parts.join(' ').toLowerCase(), rest: words.slice(j) };
    }
    return { program: w.toLowerCase(), rest: words.slice(i + 1) };
  }
  return undefined;
}

function moduleProgram(words: string[], at: number): Located | undefined {
  const mod = words[at];
  if (!mod) return undefined;
  const m = mod.toLowerCase();
  // `python -m mlx_lm lora ...`, `python -m axolotl.cli.train`, `python -m swift.cli.sft`
  if ((m === 'mlx_lm' || m === 'mlx_lm.cli') && words[at + 1] && !words[at + 1].startsWith('-')) return { program: `mlx_lm.${words[at + 1].toLowerCase()}`, rest: words.slice(at + 2) };
  const swift = /^swift\.cli\.(\w+)$/.exec(m);
  if (swift) return { program: `swift ${swift[1]}`, rest: words.slice(at + 1) };
  return { program: m, rest: words.slice(at + 1) };
}

function setPath(out: Obj, path: string[], value: unknown): void {
  let node = out;
  for (let i = 0; i < path.length - 1; i++) {
    const k = path[i];
    const next = node[k];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) node[k] = {};
    node = node[k] as Obj;
  }
  const last = path[path.length - 1];
  const prev = node[last];
  node[last] = prev === undefined || prev === true ? value : Array.isArray(prev) ? [...prev, value] : value;
}

function valueOf(raw: string): unknown {
  const t = raw.trim();
  if ((t.startsWith('{') && t.endsWith('}')) || (t.startsWith('[') && t.endsWith(']'))) {
    try {
      return JSON.parse(t) as unknown;
    } catch {
      return t;
    }
  }
  return t;
}

const VALUE_LIKE = /^(-?\d|-?\.\d)/;

function parseFlags(rest: string[]): { flags: Obj; positionals: string[]; order: string[] } {
  const flags: Obj = {};
  const positionals: string[] = [];
  const order: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const w = rest[i];
    if (w === '--') {
      positionals.push(...rest.slice(i + 1));
      break;
    }
    if (/^--?[A-Za-z_][\w.-]*(=|$)/.test(w)) {
      const eq = w.indexOf('=');
      const key = (eq > 0 ? w.slice(0, eq) : w).replace(/^-+/, '');
      const keyPath = key.includes('.') ? key.split('.').filter(Boolean) : [key];
      if (eq > 0) {
        setPath(flags, keyPath, valueOf(w.slice(eq + 1)));
        order.push(keyPath[keyPath.length - 1]);
        continue;
      }
      const values: string[] = [];
      while (i + 1 < rest.length && (!rest[i + 1].startsWith('-') || VALUE_LIKE.test(rest[i + 1]))) {
        values.push(rest[i + 1]);
        i++;
        // Most flags take one value; a few (--dataset a b, --target_modules q k v) take several.
        if (!/^(dataset|datasets|target_modules|lora_target_modules|adapters|models|val_dataset|lora_target|modules_to_save|model|deepspeed|input_features)$/.test(normalizeKey(key))) break;
      }
      setPath(flags, keyPath, values.length === 0 ? true : values.length === 1 ? valueOf(values[0]) : values);
      order.push(keyPath[keyPath.length - 1]);
      continue;
    }
    // Hydra / OmegaConf overrides: key=value, +key=value, ++key=value, ~key
    const hydra = /^(\+{0,2})([A-Za-z_][\w-]*(?:\.[A-Za-z_0-9][\w-]*)*)=(.*)$/s.exec(w);
    if (hydra) {
      const path = hydra[2].split('.');
      setPath(flags, path, valueOf(hydra[3]));
      order.push(path[path.length - 1]);
      continue;
    }
    positionals.push(w);
  }
  return { flags, positionals, order };
}

function roleOf(program: string, flags: Obj): { profile?: ProgramProfile; role?: ProgramRole; roleFrom: Command['roleFrom'] } {
  const keys = Object.keys(flags).map(normalizeKey);
  for (const p of PROGRAMS) {
    if (!p.match.test(program)) continue;
    if (p.needsFlag && !keys.some((k) => p.needsFlag!.test(k))) continue;
    return { profile: p, role: p.role, roleFrom: 'profile' };
  }
  const name = program.split(/\s+/)[0];
  if (/\.(py|sh)$|[./]/.test(name) || /^[\w.-]+$/.test(name)) {
    for (const w of SCRIPT_WORDS) if (w.pattern.test(name.toLowerCase())) return { role: w.role, roleFrom: 'name' };
  }
  return { roleFrom: 'none' };
}

/** The commands of a shell script, a Makefile, a Dockerfile or a shell block (line numbers offset for embedded text). */
export function commandsOf(text: string, style: Style = 'shell', lineOffset = 0, depth = 0): Command[] {
  const vars = new Map<string, string>();
  const out: Command[] = [];
  const physical = text.split(/\r?\n/);
  let heredoc: string | undefined;
  for (const logical of logicalLines(text, style, lineOffset)) {
    if (out.length >= MAX_COMMANDS) break;
    let t = logical.text;
    if (heredoc !== undefined) {
      if (t.trim() === heredoc) heredoc = undefined;
      continue;
    }
    const hd = /<<-?\s*['"]?(\w+)['"]?/.exec(t);
    if (hd) {
      // `read -r -d '' VAR <<EOF ... EOF`: the body is the variable's value (OpenRLHF scripts keep their command there).
      const target = /\bread\b[^<]*?\b([A-Za-z_]\w*)\s*<</.exec(t) ?? /^\s*([A-Za-z_]\w*)=\$\(cat\s*<</.exec(t);
      const startIdx = logical.endLine - lineOffset;
      const endIdx = physical.findIndex((l, i) => i >= startIdx && l.trim() === hd[1]);
      if (target && endIdx > 0) {
        vars.set(target[1], physical.slice(startIdx, endIdx).join('\n').replace(/\\\s*\n/g, ' ').replace(/\n/g, ' '));
      }
      heredoc = hd[1];
      if (target) continue;
    }
    if (/^\s*(#|$)/.test(t)) continue;
    if (style === 'makefile') {
      const ma = MAKE_ASSIGN.exec(t);
      if (ma && !/^\t/.test(t) && !/^\s*[\w.-]+\s*:(?!=)/.test(t)) {
        vars.set(ma[1], unquoteValue(substitute(ma[2], vars)));
        continue;
      }
      if (!/^\t/.test(physical[logical.line - 1 - lineOffset] ?? '')) continue;
    }
    const asg = ASSIGN.exec(t);
    if (asg) {
      const value = asg[2].trim().replace(/^((?:"[^"]*"|'[^']*'|[^\s#"'])*)\s+#.*$/s, '$1');
      const indented = /^\s/.test(t);
      if (value.startsWith('(') && value.endsWith(')')) {
        // A bash array of command words: read it as the command it will run.
        t = value.slice(1, -1).replace(/\s+/g, ' ');
      } else if (!/\s/.test(value.replace(/^(["']).*\1$/s, '')) || /^(["'])[\s\S]*\1$/.test(value)) {
        // A default set at the top level wins over values set inside branches (the script's default path).
        if (!indented || !vars.has(asg[1])) {
          const v = unquoteValue(substitute(value, vars)).replace(/\\\s+/g, ' ');
          vars.set(asg[1], v);
          // A command kept in a string (CMD="accelerate launch ..."; eval $CMD) is read as the command it runs.
          if (depth === 0 && /\s--?\w/.test(v)) {
            for (const c of commandsOf(v, 'shell', 0, depth + 1)) if (c.role && c.role !== 'use') out.push({ ...c, line: logical.line, endLine: logical.endLine, flagLines: new Map([...c.flagLines].map(([k]) => [k, logical.line])) });
          }
        }
        continue;
      }
    }
    for (const words of segments(tokenize(t, vars))) {
      const loc = locateProgram(words.filter((w) => w !== ''));
      if (!loc || loc.program === '' || SHELL_WORDS.has(loc.program) || /^[-(]|\)$/.test(loc.program) || /^\$[\w{}]+$/.test(loc.program)) continue;
      const { flags, positionals, order } = parseFlags(loc.rest.filter((w) => w !== ''));
      const flagLines = new Map<string, number>();
      for (const key of order) {
        const esc = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        const re = new RegExp(`(^|[\\s'"])(--?|\\+{0,2})${esc}(?=[\\s=]|$)`);
        let found = logical.line;
        for (let l = logical.line; l <= logical.endLine; l++) {
          if (re.test(physical[l - 1 - lineOffset] ?? '')) {
            found = l;
            break;
          }
        }
        flagLines.set(normalizeKey(key), found);
      }
      out.push({ line: logical.line, endLine: logical.endLine, program: loc.program, flags, positionals, flagLines, ...roleOf(loc.program, flags) });
    }
  }
  return out;
}
