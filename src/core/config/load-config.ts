/**
 * Reads and validates the gate config (.github/monitor-gate.yml).
 *
 * Every finding is positioned in the YAML file (line, column, key path) and worded for a person.
 * A problem inside one `monitors[i]` entry only takes that monitor out (it becomes an
 * InvalidMonitor, reported as an `error` row); problems at the top level make the config unusable.
 */
import path from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { closest, distance } from 'fastest-levenshtein';
import { LineCounter, isAlias, isCollection, isMap, isScalar, isSeq, parseAllDocuments, type Document, type Node as YamlNode } from 'yaml';
import schema from '../../../schemas/config.schema.json' with { type: 'json' };
import type { DeclarableFamily } from '../detect/types.ts';
import { GateError, configError } from '../errors.ts';
import { confinePath, defaultRoot, isAbsolutePath, readRegularFile, type ConfineOptions } from '../paths.ts';
import { parseBudget } from '../predict/triage.ts';
import type {
  ConfigDiagnostic,
  GateConfig,
  InvalidMonitor,
  LabelsRef,
  MonitorCategory,
  MonitorSpec,
  Pooling,
  ProbeOutput,
  RepairMethodSetting,
  TensorRef,
  Tolerance,
} from '../types.ts';

export const DEFAULT_CONFIG_PATH = '.github/monitor-gate.yml';
export const DEFAULT_TOLERANCE: Readonly<Tolerance> = Object.freeze({ auroc_drop: 0.03, tpr_drop: 0.1, fpr_rise: 0.05 });
export const DEFAULT_MIN_CLASS_ROWS = 10;
/** Seconds of scoring a monitor's probe may take in all before it is abandoned. */
export const DEFAULT_SCORING_TIME_LIMIT_S = 600;
/** Samples listed per monitor and overall in the report's sample_risk. */
export const DEFAULT_SAMPLE_RISK_TOP = 10;
/** risk-threshold: an unmeasured monitor at or above this predicted risk is predicted-stale. */
export const DEFAULT_RISK_THRESHOLD = 0.5;
export const DEFAULT_OUTPUT: ProbeOutput = 'probability';
export const DEFAULT_POOLING: Pooling = 'mean';
export const DEFAULT_MASK = 'mask';

/** The JSON Schema of the config file (schemas/config.schema.json). */
export const configSchema = schema;

type Segment = string | number;

/** One finding before it is positioned: where (key path) and what. */
interface Problem {
  segs: Segment[];
  message: string;
  /** Position at the key of the last segment instead of its value (unknown and duplicate keys). */
  atKey?: boolean;
  /** The message already names the offending key, so a monitor's summary needs no key prefix. */
  namesKey?: boolean;
  /** An explicit source offset, when the problem is not a node (YAML syntax errors). */
  pos?: { line: number; column: number };
}

/** `<file>:<line>:<column>: <path>: <message>` (the path part is left out for the whole file). */
export function formatDiagnostic(d: ConfigDiagnostic): string {
  return `${d.file}:${d.line}:${d.column}: ${d.path ? `${d.path}: ` : ''}${d.message}`;
}

/** `monitors[0].tolerance.auroc_drop` from path segments. */
export function formatKeyPath(segs: readonly Segment[]): string {
  let out = '';
  for (const seg of segs) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/**
 * Reads, validates and resolves the config. Throws a config GateError when the file cannot be read
 * or the config is unusable at the top level (the message lists the problems, one line each).
 * Problems inside single monitors do not throw: those monitors are in `config.invalidMonitors`.
 */
export async function loadConfig(file: string, options: LoadConfigOptions = {}): Promise<GateConfig> {
  const { config, diagnostics } = await validateConfig(file, options);
  if (!config) throw configError(diagnostics.map(formatDiagnostic).join('\n'));
  return config;
}

/**
 * Validates the config and returns every finding. `config` is undefined when the config is unusable
 * at the top level; otherwise valid monitors are in `config.monitors` and broken ones in
 * `config.invalidMonitors`. Throws a config GateError only when the file cannot be read.
 */
export async function validateConfig(file: string, options: LoadConfigOptions = {}): Promise<{ config?: GateConfig; diagnostics: ConfigDiagnostic[] }> {
  const text = await readConfigText(file);
  return validateConfigText(text, file, options);
}

/** A config is text a person writes: more than this is not a config (and is not read into memory). */
export const MAX_CONFIG_BYTES = 16 * 1024 * 1024;

async function readConfigText(file: string): Promise<string> {
  let bytes: Buffer;
  try {
    // A FIFO or device as the config is refused before the read (a FIFO would block it forever).
    bytes = await readRegularFile(file, { what: 'config file', maxBytes: MAX_CONFIG_BYTES, kind: 'config' });
  } catch (error) {
    if (error instanceof GateError && error.message === 'config file not found') {
      throw configError('config file not found', { file, help: 'create it, or pass the path of an existing config file' });
    }
    if (error instanceof GateError && error.message === 'config file is a folder, not a regular file') {
      throw configError('config path is a folder, not a YAML file', { file });
    }
    throw error;
  }
  return configTextFromBytes(bytes, file);
}

/** A config file's bytes as text: UTF-8 only (a BOM is dropped later), or a config error naming the line. */
export function configTextFromBytes(bytes: Uint8Array, file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    const line = bytes.subarray(0, at).reduce((n, b) => (b === 0x0a ? n + 1 : n), 1);
    throw configError(`not UTF-8 text: invalid byte at offset ${at} (line ${line})`, { file });
  }
}

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence (WHATWG rules). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i];
    let need = 0;
    let lo = 0x80;
    let hi = 0xbf;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return i;
    }
    i += need + 1;
  }
  return bytes.length;
}

/** Where the config's paths must stay; see src/core/paths.ts. */
export interface LoadConfigOptions {
  /**
   * The folder every path in the config (probes, labels, predictor, activation folders) must stay inside.
   * Default: the repository holding the config (nearest folder with `.git`), else the working directory
   * when it holds the config, else the config's folder.
   */
  root?: string;
}

/** Same as validateConfig, on text already read; `file` is used for messages and to resolve paths. */
export function validateConfigText(source: string, file: string, options: LoadConfigOptions = {}): { config?: GateConfig; diagnostics: ConfigDiagnostic[] } {
  const dir = path.dirname(path.resolve(file));
  const root = path.resolve(options.root ?? defaultRoot(file));
  const text = source.startsWith('\uFEFF') ? source.slice(1) : source;
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, uniqueKeys: true, prettyErrors: true, merge: true, logLevel: 'error' });
  const position = (offset: number) => {
    const p = lineCounter.linePos(offset);
    return { line: Math.max(1, p.line), column: Math.max(1, p.col) };
  };
  const diag = (pos: { line: number; column: number }, segs: readonly Segment[], message: string): ConfigDiagnostic => ({
    file,
    line: pos.line,
    column: pos.column,
    path: formatKeyPath(segs),
    message,
  });
  const fail = (diagnostics: ConfigDiagnostic[]) => ({ diagnostics: sortDiagnostics(diagnostics) });

  // ---- YAML level: syntax, documents, root shape ----
  const nonEmpty = docs.filter((d) => d.contents !== null || d.errors.length > 0);
  if (nonEmpty.length === 0) {
    return fail([diag({ line: 1, column: 1 }, [], 'config file is empty; expected a mapping with version, activations and monitors')]);
  }
  if (nonEmpty.length > 1) {
    const second = nonEmpty[1];
    const at = second.range ? position(second.range[0]) : { line: 1, column: 1 };
    return fail([diag(at, [], `config must be a single YAML document, found ${nonEmpty.length} (remove the '---' separators)`)]);
  }
  const doc = nonEmpty[0];

  const syntax: ConfigDiagnostic[] = [];
  let duplicateKeyErrors = 0;
  for (const error of doc.errors) {
    if (error.code === 'DUPLICATE_KEY') {
      duplicateKeyErrors++;
      continue;
    }
    const lp = error.linePos?.[0] ?? lineCounter.linePos(error.pos[0]);
    syntax.push(diag({ line: Math.max(1, lp.line), column: Math.max(1, lp.col) }, pathAtOffset(doc, error.pos[0]), yamlMessage(error.message)));
  }
  if (syntax.length > 0) return fail(syntax);

  const top = doc.contents;
  if (top === null || (isScalar(top) && (top.value === null || top.value === undefined))) {
    return fail([diag({ line: 1, column: 1 }, [], 'config file is empty; expected a mapping with version, activations and monitors')]);
  }
  if (!isMap(top)) {
    const what = isSeq(top) ? 'a list' : 'a single value';
    return fail([diag(top.range ? position(top.range[0]) : { line: 1, column: 1 }, [], `the config must be a mapping with version, activations and monitors, found ${what}`)]);
  }

  const problems: Problem[] = findDuplicateKeys(doc, lineCounter);
  if (duplicateKeyErrors > 0 && problems.length === 0) {
    // The YAML library saw duplicate keys our own walk did not place: report them as it did.
    for (const error of doc.errors.filter((e) => e.code === 'DUPLICATE_KEY')) {
      const lp = error.linePos?.[0] ?? lineCounter.linePos(error.pos[0]);
      syntax.push(diag({ line: Math.max(1, lp.line), column: Math.max(1, lp.col) }, pathAtOffset(doc, error.pos[0]), yamlMessage(error.message)));
    }
    return fail(syntax);
  }

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 1000 });
  } catch (error) {
    const alias = findBadAlias(doc);
    const at = alias?.node.range ? position(alias.node.range[0]) : { line: 1, column: 1 };
    const earlier = problems.map((p) => diag(p.pos ?? { line: 1, column: 1 }, p.segs, p.message));
    return fail([...earlier, diag(at, alias?.segs ?? [], `cannot read the YAML: ${error instanceof Error ? error.message : String(error)}`)]);
  }

  // ---- schema ----
  const validate = compiledSchema();
  if (!validate(data)) problems.push(...schemaProblems(validate.errors ?? []));

  // ---- checks beyond the schema ----
  const obj = data as Record<string, unknown>;
  const monitorsRaw = Array.isArray(obj.monitors) ? (obj.monitors as unknown[]) : undefined;
  if (monitorsRaw) problems.push(...semanticMonitorProblems(monitorsRaw, doc, lineCounter, { base: dir, root }));
  problems.push(...topLevelPathProblems(obj, { base: dir, root }));

  // ---- position everything ----
  const located = problems.map((p) => ({ problem: p, diagnostic: locate(p) }));
  function locate(p: Problem): ConfigDiagnostic {
    if (p.pos) return diag(p.pos, p.segs, p.message);
    const { node, keyNode } = nodeAtPath(doc, p.segs);
    const target = p.atKey && keyNode ? keyNode : node;
    return diag(target?.range ? position(target.range[0]) : { line: 1, column: 1 }, p.segs, p.message);
  }
  const diagnostics = dedupe(located.map((l) => l.diagnostic));

  // ---- isolate per-monitor problems ----
  const perMonitor = new Map<number, Problem[]>();
  let topLevel = false;
  for (const { problem } of [...located].sort((a, b) => a.diagnostic.line - b.diagnostic.line || a.diagnostic.column - b.diagnostic.column)) {
    const index = monitorsRaw && problem.segs[0] === 'monitors' && typeof problem.segs[1] === 'number' ? problem.segs[1] : undefined;
    if (index === undefined) {
      topLevel = true;
      continue;
    }
    const list = perMonitor.get(index) ?? [];
    list.push(problem);
    perMonitor.set(index, list);
  }
  if (topLevel || !monitorsRaw) return fail(diagnostics);

  // ---- build the typed config ----
  const activations = obj.activations as { base: string; updated: string };
  const defaultsRaw = (obj.defaults ?? {}) as { tolerance?: Partial<Tolerance>; min_class_rows?: number; scoring_time_limit?: number; require_significance?: boolean };
  const defaults = {
    tolerance: { ...DEFAULT_TOLERANCE, ...(defaultsRaw.tolerance ?? {}) },
    min_class_rows: defaultsRaw.min_class_rows ?? DEFAULT_MIN_CLASS_ROWS,
    scoring_time_limit: defaultsRaw.scoring_time_limit ?? DEFAULT_SCORING_TIME_LIMIT_S,
  };
  const monitors: MonitorSpec[] = [];
  const invalidMonitors: InvalidMonitor[] = [];
  monitorsRaw.forEach((raw, index) => {
    const { node } = nodeAtPath(doc, ['monitors', index]);
    const at = node?.range ? position(node.range[0]) : { line: 1, column: 1 };
    const own = perMonitor.get(index);
    if (own && own.length > 0) {
      invalidMonitors.push(invalidMonitor(raw, index, at, own));
      return;
    }
    monitors.push(buildMonitor(raw as RawMonitor, { base: dir, root }, defaults.tolerance, at, (obj.repair as RawMonitor['repair'])?.method, defaultsRaw.require_significance === true));
  });

  const config: GateConfig = {
    path: file,
    dir,
    root,
    version: 1,
    activations: { base: confinePath(activations.base, { base: dir, root }).path!, updated: confinePath(activations.updated, { base: dir, root }).path! },
    defaults,
    monitors,
    invalidMonitors,
    skipWhenUnchanged: false,
    notices: [],
    triage: {
      // the schema has checked the budget's form
      ...(obj['revalidation-budget'] !== undefined ? { budget: parseBudget(obj['revalidation-budget']) } : {}),
      riskThreshold: typeof obj['risk-threshold'] === 'number' ? obj['risk-threshold'] : DEFAULT_RISK_THRESHOLD,
      failOnPredicted: typeof obj['fail-on-predicted'] === 'boolean' ? obj['fail-on-predicted'] : true,
      activationDrift: obj['activation-drift'] === 'always' ? 'always' : 'auto',
    },
  };
  // `trajectory:` the schema has checked its form; the folders are found (and confined) when the trajectory runs
  if (obj.trajectory !== undefined) config.trajectory = { checkpoints: [...(obj.trajectory as { checkpoints: string[] }).checkpoints] };
  // `update:` (a family, or { family, sub_kind }) and `always-run:`; the schema has checked both.
  if (obj.update !== undefined) {
    const raw = obj.update as DeclarableFamily | { family: DeclarableFamily; sub_kind?: string };
    const { node } = nodeAtPath(doc, ['update']);
    const at = node?.range ? position(node.range[0]) : { line: 1, column: 1 };
    config.update = typeof raw === 'string' ? { family: raw, ...at } : { family: raw.family, ...(raw.sub_kind ? { sub_kind: raw.sub_kind } : {}), ...at };
  }
  // Measuring is the default on every change; skipping a change with no model update is an opt-in.
  // `always-run` (the old, fail-open default) still works and says what replaced it.
  if (typeof obj['skip-when-unchanged'] === 'boolean') config.skipWhenUnchanged = obj['skip-when-unchanged'];
  if (typeof obj['always-run'] === 'boolean') {
    const { keyNode } = nodeAtPath(doc, ['always-run']);
    const at = keyNode?.range ? position(keyNode.range[0]) : { line: 1, column: 1 };
    const alwaysRun = obj['always-run'];
    if (obj['skip-when-unchanged'] === undefined) config.skipWhenUnchanged = !alwaysRun;
    config.notices.push(
      diag(
        at,
        ['always-run'],
        alwaysRun
          ? 'always-run is deprecated: measuring every change is now the default; remove the key'
          : obj['skip-when-unchanged'] === undefined
            ? 'always-run is deprecated: always-run: false now reads as skip-when-unchanged: true (skip measuring changes with no model update); write that instead'
            : 'always-run is deprecated and ignored here: skip-when-unchanged decides; remove the key',
      ),
    );
  }
  const model = obj.model as { num_layers?: number } | undefined;
  if (model !== undefined) config.model = { ...(model.num_layers !== undefined ? { num_layers: model.num_layers } : {}) };
  if (typeof obj.predictor === 'string') config.predictor = confinePath(obj.predictor, { base: dir, root }).path;
  // `sample-risk:` the schema has checked its form and topLevelPathProblems its paths
  if (obj['sample-risk'] !== undefined) {
    const raw = obj['sample-risk'] as { batch: string; top?: number; 'dataset-root'?: string };
    config.sampleRisk = {
      batch: confinePath(raw.batch, { base: dir, root }).path!,
      top: raw.top ?? DEFAULT_SAMPLE_RISK_TOP,
      datasetRoot: raw['dataset-root'] === undefined ? dir : confinePath(raw['dataset-root'], { base: dir, root }).path!,
    };
  }
  // `repair:` defaults for every monitor (each monitor already carries the resolved method)
  if (obj.repair !== undefined) config.repair = { method: (obj.repair as RawMonitor['repair'])?.method ?? 'auto' };
  return { config, diagnostics };
}

// ---------- building ----------

interface RawMonitor {
  id: string;
  category: MonitorCategory;
  layer: number;
  probe: string;
  output?: ProbeOutput;
  threshold: number;
  batch: string;
  labels: string;
  pooling?: Pooling;
  mask?: string;
  blocking?: boolean;
  tolerance?: Partial<Tolerance>;
  calibration?: string;
  repair?: { method?: RepairMethodSetting };
  require_significance?: boolean;
}

function buildMonitor(
  raw: RawMonitor,
  where: ConfineOptions,
  tolerance: Tolerance,
  at: { line: number; column: number },
  repairDefault?: RepairMethodSetting,
  requireSignificanceDefault = false,
): MonitorSpec {
  const batch = parseBatchRef(raw.batch);
  const calibration = raw.calibration === undefined ? undefined : parseBatchRef(raw.calibration).ref;
  const repairMethod = raw.repair?.method ?? repairDefault;
  const labels = parseLabelsRef(raw.labels, where);
  const probe = confinePath(raw.probe, where);
  // All were checked in semanticMonitorProblems; a failure here is a bug.
  if (!batch.ref || !labels.ref || !probe.path) throw new Error(`monitor '${raw.id}' passed validation with a bad batch, labels or probe path`);
  return {
    id: raw.id,
    category: raw.category,
    layer: raw.layer,
    probe: probe.path,
    output: raw.output ?? DEFAULT_OUTPUT,
    threshold: raw.threshold,
    batch: batch.ref,
    labels: labels.ref,
    pooling: raw.pooling ?? DEFAULT_POOLING,
    mask: raw.mask ?? DEFAULT_MASK,
    blocking: raw.blocking ?? true,
    tolerance: { ...tolerance, ...(raw.tolerance ?? {}) },
    ...(calibration ? { calibration } : {}),
    ...(repairMethod || raw.repair ? { repair: { method: repairMethod ?? 'auto' } } : {}),
    // the schema has checked both are booleans; set only when on, so a config without the key reads as before
    ...((raw.require_significance ?? requireSignificanceDefault) ? { requireSignificance: true as const } : {}),
    line: at.line,
    column: at.column,
  };
}

function invalidMonitor(raw: unknown, index: number, at: { line: number; column: number }, problems: Problem[]): InvalidMonitor {
  const r = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const messages: string[] = [];
  for (const p of problems) {
    // Messages that name their key ("unknown key 'x'") are prefixed with the object holding it, if nested.
    const owner = p.namesKey ? (p.atKey ? p.segs.slice(0, -1) : p.segs) : p.segs;
    const rel = formatKeyPath(owner.slice(2));
    const m = rel ? `${rel}: ${p.message}` : p.message;
    if (!messages.includes(m)) messages.push(m);
  }
  const out: InvalidMonitor = {
    index,
    blocking: typeof r.blocking === 'boolean' ? r.blocking : true,
    line: at.line,
    column: at.column,
    message: messages.join('; '),
  };
  if (typeof r.id === 'string' && r.id !== '') out.id = r.id;
  if (typeof r.category === 'string') out.category = r.category;
  if (typeof r.layer === 'number' && Number.isInteger(r.layer)) out.layer = r.layer;
  return out;
}

/**
 * `batch`: a file name inside both activation folders, optionally `file#tensor`.
 * Absolute paths and `..` are refused: the same name must pick the same file in both folders.
 */
export function parseBatchRef(value: string): { ref?: TensorRef; error?: string } {
  const hash = value.indexOf('#');
  const file = hash < 0 ? value : value.slice(0, hash);
  const tensor = hash < 0 ? undefined : value.slice(hash + 1);
  if (file.trim() === '') return { error: `'${value}' has no file name before '#'; write 'file.safetensors#tensor'` };
  if (tensor !== undefined && tensor === '') return { error: `'${value}' has an empty tensor name after '#'` };
  if (file.includes('\0')) return { error: `'${JSON.stringify(file).slice(1, -1)}' contains a NUL character` };
  if (isAbsolutePath(file)) {
    return { error: `'${file}' is an absolute path; batch is a file name inside the activation folders (e.g. 'layer12.safetensors')` };
  }
  const parts = file.split(/[\\/]+/);
  if (parts.includes('..')) {
    return { error: `'${file}' leaves the activation folders ('..' is not allowed); batch is a file name inside both folders` };
  }
  const normalized = path.posix.normalize(parts.join('/'));
  if (normalized === '.' || normalized === '' || /[\\/]$/.test(file)) return { error: `'${file}' names a folder, not a batch file` };
  return { ref: tensor === undefined ? { file: normalized } : { file: normalized, tensor } };
}

/**
 * `labels`: `path`, `path#tensor` (relative to the config folder, inside the root) or `#name`
 * (a tensor of the batch file).
 */
export function parseLabelsRef(value: string, where: ConfineOptions): { ref?: LabelsRef; error?: string } {
  if (value.startsWith('#')) {
    const tensor = value.slice(1);
    if (tensor.trim() === '') return { error: "'#' must be followed by the name of a tensor in the batch file, e.g. '#labels'" };
    return { ref: { kind: 'batch-tensor', tensor } };
  }
  const hash = value.indexOf('#');
  const file = hash < 0 ? value : value.slice(0, hash);
  const tensor = hash < 0 ? undefined : value.slice(hash + 1);
  if (file.trim() === '') return { error: `'${value}' has no file name` };
  if (tensor !== undefined && tensor === '') return { error: `'${value}' has an empty tensor name after '#'` };
  const confined = confinePath(file, where);
  if (confined.error !== undefined) return { error: confined.error };
  return { ref: tensor === undefined ? { kind: 'file', path: confined.path } : { kind: 'file', path: confined.path, tensor } };
}

/** `activations.base`, `activations.updated` and `predictor` name paths that must stay inside the root. */
function topLevelPathProblems(obj: Record<string, unknown>, where: ConfineOptions): Problem[] {
  const problems: Problem[] = [];
  const check = (segs: Segment[], value: unknown) => {
    if (typeof value !== 'string' || value === '') return; // the schema reports the type
    const { error } = confinePath(value, where);
    if (error !== undefined) problems.push({ segs, message: error });
  };
  const activations = obj.activations;
  if (activations !== null && typeof activations === 'object' && !Array.isArray(activations)) {
    check(['activations', 'base'], (activations as Record<string, unknown>).base);
    check(['activations', 'updated'], (activations as Record<string, unknown>).updated);
  }
  check(['predictor'], obj.predictor);
  const sampleRisk = obj['sample-risk'];
  if (sampleRisk !== null && typeof sampleRisk === 'object' && !Array.isArray(sampleRisk)) {
    check(['sample-risk', 'batch'], (sampleRisk as Record<string, unknown>).batch);
    check(['sample-risk', 'dataset-root'], (sampleRisk as Record<string, unknown>)['dataset-root']);
  }
  return problems;
}

// ---------- semantic checks ----------

function semanticMonitorProblems(monitors: unknown[], doc: Document, lineCounter: LineCounter, where: ConfineOptions): Problem[] {
  const problems: Problem[] = [];
  const firstById = new Map<string, number>();
  monitors.forEach((raw, index) => {
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return;
    const m = raw as Record<string, unknown>;
    const at = (key: string): Segment[] => ['monitors', index, key];
    if (typeof m.id === 'string' && m.id !== '') {
      const first = firstById.get(m.id);
      if (first === undefined) firstById.set(m.id, index);
      else {
        const { node } = nodeAtPath(doc, ['monitors', first, 'id']);
        const line = node?.range ? lineCounter.linePos(node.range[0]).line : undefined;
        problems.push({
          segs: at('id'),
          message: `duplicate monitor id '${m.id}': already used by monitors[${first}]${line ? ` at line ${line}` : ''}`,
        });
      }
    }
    if (typeof m.batch === 'string' && m.batch !== '') {
      const { error } = parseBatchRef(m.batch);
      if (error) problems.push({ segs: at('batch'), message: error });
    }
    if (typeof m.calibration === 'string' && m.calibration !== '') {
      const { error } = parseBatchRef(m.calibration);
      if (error) problems.push({ segs: at('calibration'), message: error.replace('batch is a file name', 'calibration is a file name') });
    }
    if (typeof m.labels === 'string' && m.labels !== '') {
      const { error } = parseLabelsRef(m.labels, where);
      if (error) problems.push({ segs: at('labels'), message: error });
    }
    if (typeof m.probe === 'string' && m.probe !== '') {
      const { error } = confinePath(m.probe, where);
      if (error !== undefined) problems.push({ segs: at('probe'), message: error });
    }
    if (typeof m.threshold === 'number' && Number.isFinite(m.threshold) && !(m.threshold >= 0 && m.threshold <= 1)) {
      // The schema says so too; kept here so NaN and friends can never slip through.
      problems.push({ segs: at('threshold'), message: `must be between 0 and 1 (probability scale), got ${m.threshold}` });
    }
  });
  return problems;
}

// ---------- schema errors -> human messages ----------

let validator: ValidateFunction | undefined;

function compiledSchema(): ValidateFunction {
  if (!validator) {
    const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true });
    validator = ajv.compile(schema);
  }
  return validator;
}

/** Path segments of an ajv instancePath; indexes into `monitors` (the one list in the config) become numbers. */
function pointerSegments(pointer: string): Segment[] {
  if (!pointer) return [];
  const segs: Segment[] = [];
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    segs.push(segs.length > 0 && segs[segs.length - 1] === 'monitors' && /^(0|[1-9][0-9]*)$/.test(key) ? Number(key) : key);
  }
  return segs;
}

const COMBINATORS = new Set(['oneOf', 'anyOf', 'allOf', 'if', 'then', 'else', 'not']);

function schemaProblems(errors: ErrorObject[]): Problem[] {
  // Unknown keys that look like a typo of a missing required key: report the typo only.
  const suggestedAt = new Map<string, Set<string>>();
  const typedAt = new Set<string>();
  for (const e of errors) {
    if (e.keyword === 'additionalProperties') {
      const s = suggest(String(e.params.additionalProperty), allowedKeys(e));
      if (s) {
        const set = suggestedAt.get(e.instancePath) ?? new Set<string>();
        set.add(s);
        suggestedAt.set(e.instancePath, set);
      }
    }
    if (e.keyword === 'type') typedAt.add(e.instancePath);
  }
  const problems: Problem[] = [];
  for (const e of errors) {
    if (e.keyword === 'required' && suggestedAt.get(e.instancePath)?.has(String(e.params.missingProperty))) continue;
    // A value of the wrong type: its range, enum or pattern complaints are noise.
    if (e.keyword !== 'type' && typedAt.has(e.instancePath) && e.keyword !== 'additionalProperties' && e.keyword !== 'required') continue;
    if (COMBINATORS.has(e.keyword) && errors.some((o) => o !== e && !COMBINATORS.has(o.keyword) && o.instancePath.startsWith(e.instancePath))) continue;
    problems.push(schemaProblem(e));
  }
  return problems;
}

function allowedKeys(e: ErrorObject): string[] {
  const parent = e.parentSchema as { properties?: Record<string, unknown> } | undefined;
  return Object.keys(parent?.properties ?? {});
}

/** The nearest candidate, when it is close enough to be a plausible typo. */
export function suggest(word: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0 || word === '') return undefined;
  const lower = word.toLowerCase();
  const byLower = new Map(candidates.map((c) => [c.toLowerCase(), c]));
  const best = closest(lower, [...byLower.keys()]);
  const d = distance(lower, best);
  const limit = Math.max(1, Math.floor(Math.max(lower.length, best.length) / 3));
  return d <= limit ? byLower.get(best) : undefined;
}

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'an empty value';
  if (typeof value === 'string') return `string '${value.length > 60 ? value.slice(0, 57) + '...' : value}'`;
  if (typeof value === 'number') return `number ${value}`;
  if (typeof value === 'boolean') return `boolean ${value}`;
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}

const TYPE_NAMES: Record<string, string> = {
  object: 'a mapping',
  array: 'a list',
  string: 'a string',
  number: 'a number',
  integer: 'an integer',
  boolean: 'true or false',
  null: 'an empty value',
};

function quoteList(values: readonly unknown[]): string {
  return values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ');
}

function schemaProblem(e: ErrorObject): Problem {
  const segs = pointerSegments(e.instancePath);
  const key = typeof segs[segs.length - 1] === 'string' ? String(segs[segs.length - 1]) : 'value';
  const value = e.data;
  const params = e.params as Record<string, unknown>;
  const parent = (e.parentSchema ?? {}) as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties': {
      const prop = String(params.additionalProperty);
      const allowed = allowedKeys(e);
      const s = suggest(prop, allowed);
      const message = s ? `unknown key '${prop}'; did you mean '${s}'?` : `unknown key '${prop}' (allowed: ${allowed.join(', ')})`;
      return { segs: [...segs, prop], message, atKey: true, namesKey: true };
    }
    case 'required':
      return { segs, message: `missing required key '${String(params.missingProperty)}'`, namesKey: true };
    case 'type': {
      const expected = String(params.type)
        .split(',')
        .map((t) => TYPE_NAMES[t] ?? t)
        .join(' or ');
      if ((params.type === 'number' || params.type === 'integer') && typeof value === 'number' && !Number.isFinite(value)) {
        return { segs, message: `expected a finite number, got ${value}` };
      }
      let hint = '';
      if ((params.type === 'number' || params.type === 'integer') && typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) {
        hint = ' (remove the quotes)';
      } else if (params.type === 'boolean' && typeof value === 'string' && /^(yes|no|on|off|y|n|true|false)$/i.test(value)) {
        hint = ' (write true or false, unquoted)';
      }
      return { segs, message: `expected ${expected}, got ${describeValue(value)}${hint}` };
    }
    case 'const': {
      const allowed = params.allowedValue;
      if (key === 'version') {
        const shown = typeof value === 'number' ? String(value) : describeValue(value);
        return { segs, message: `unsupported config version ${shown}; this monitor-gate reads version ${String(allowed)}` };
      }
      return { segs, message: `must be ${JSON.stringify(allowed)}, got ${describeValue(value)}` };
    }
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]) ?? [];
      const s = typeof value === 'string' ? suggest(value, allowed.filter((a): a is string => typeof a === 'string')) : undefined;
      const shown = typeof value === 'string' ? `'${value}'` : describeValue(value);
      return {
        segs,
        message: `${shown} is not a valid ${key}${s ? `; did you mean '${s}'?` : ''} (allowed: ${quoteList(allowed)})`,
      };
    }
    case 'pattern': {
      if (key === 'id') return { segs, message: `invalid id '${String(value)}': use only letters, digits, '.', '_' and '-'` };
      if (key === 'revalidation-budget') return { segs, message: `${describeValue(value)} is not a budget: give a number of monitors (4) or a share ("30%")` };
      return { segs, message: `${describeValue(value)} does not match the pattern ${String(params.pattern)}` };
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      if (typeof parent.minimum === 'number' && typeof parent.maximum === 'number') {
        const scale = key === 'threshold' ? ' (probability scale)' : '';
        return { segs, message: `must be between ${parent.minimum} and ${parent.maximum}${scale}, got ${String(value)}` };
      }
      return { segs, message: `must be ${String(params.comparison)} ${String(params.limit)}, got ${String(value)}` };
    }
    case 'minLength':
      return { segs, message: params.limit === 1 ? 'must not be empty' : `must be at least ${String(params.limit)} characters long` };
    case 'minItems':
      if (key === 'monitors') return { segs, message: 'list at least one monitor' };
      return { segs, message: `must have at least ${String(params.limit)} item(s)` };
    default:
      return { segs, message: e.message ?? `fails the schema rule '${e.keyword}'` };
  }
}

// ---------- YAML node helpers ----------

function keyText(key: unknown): string {
  if (isScalar(key)) return String(key.value);
  try {
    return String(key);
  } catch {
    // A collection key prints through toJSON, which throws on a bad merge (`? <<: *a`): name it by place.
    const start = (key as { range?: number[] } | null)?.range?.[0];
    return `(a key at offset ${start ?? '?'})`;
  }
}

function resolveAlias(node: unknown, doc: Document): unknown {
  let cur = node;
  for (let guard = 0; guard < 100 && isAlias(cur); guard++) cur = cur.resolve(doc);
  return cur;
}

/** The node at a key path, and the key node of its pair when the last step is a mapping key. Stops at the deepest node found. */
function nodeAtPath(doc: Document, segs: readonly Segment[]): { node?: YamlNode; keyNode?: YamlNode } {
  let node = doc.contents as YamlNode | null;
  let keyNode: YamlNode | undefined;
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i];
    const cur = resolveAlias(node, doc);
    keyNode = undefined;
    if (isMap(cur)) {
      // Last pair wins, as in the parsed value.
      const pair = [...cur.items].reverse().find((p) => keyText(p.key) === String(seg));
      if (!pair) return { node: node ?? undefined };
      keyNode = (isScalar(pair.key) || isCollection(pair.key) ? pair.key : undefined) as YamlNode | undefined;
      const value = pair.value as YamlNode | null;
      // `key:` with nothing after it: point at the key.
      const empty = !value || !value.range || (isScalar(value) && value.range[0] === value.range[1]);
      node = empty ? (keyNode ?? node) : value;
    } else if (isSeq(cur) && typeof seg === 'number' && seg < cur.items.length) {
      node = cur.items[seg] as YamlNode;
    } else {
      return { node: node ?? undefined };
    }
  }
  return { node: node ?? undefined, keyNode };
}

/** Key path of the innermost node that contains a source offset (for YAML errors). */
function pathAtOffset(doc: Document, offset: number): Segment[] {
  const segs: Segment[] = [];
  let node: unknown = doc.contents;
  const within = (n: unknown) => {
    const r = (n as YamlNode | null)?.range;
    return !!r && r[0] <= offset && offset < r[2];
  };
  for (let guard = 0; guard < 1000; guard++) {
    if (isMap(node)) {
      const pair = node.items.find((p) => within(p.key) || within(p.value));
      if (!pair) break;
      segs.push(keyText(pair.key));
      if (within(pair.key)) break;
      node = pair.value;
    } else if (isSeq(node)) {
      const i = node.items.findIndex((item) => within(item));
      if (i < 0) break;
      segs.push(i);
      node = node.items[i];
    } else break;
  }
  return segs;
}

/** Duplicate mapping keys, each at the repeated key, naming the first one's line. */
function findDuplicateKeys(doc: Document, lineCounter: LineCounter): Problem[] {
  const problems: Problem[] = [];
  const walk = (node: unknown, segs: Segment[]) => {
    if (isMap(node)) {
      const seen = new Map<string, YamlNode>();
      for (const pair of node.items) {
        const k = keyText(pair.key);
        const keyNode = pair.key as YamlNode;
        if (isCollection(pair.key)) {
          // yaml would stringify it (and warn on stderr, quoting the config): a key is a plain name.
          const pos = keyNode.range ? lineCounter.linePos(keyNode.range[0]) : undefined;
          problems.push({
            segs,
            message: 'a key must be a plain name, not a list or mapping',
            pos: pos ? { line: Math.max(1, pos.line), column: Math.max(1, pos.col) } : undefined,
          });
          continue;
        }
        const first = seen.get(k);
        if (first && k !== '<<') {
          const pos = keyNode.range ? lineCounter.linePos(keyNode.range[0]) : undefined;
          const firstLine = first.range ? lineCounter.linePos(first.range[0]).line : undefined;
          problems.push({
            segs: [...segs, k],
            message: `duplicate key '${k}'${firstLine ? ` (first set at line ${firstLine})` : ''}`,
            namesKey: true,
            atKey: true,
            pos: pos ? { line: Math.max(1, pos.line), column: Math.max(1, pos.col) } : undefined,
          });
        } else if (!first) seen.set(k, keyNode);
        walk(pair.value, [...segs, k]);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => walk(item, [...segs, i]));
    }
  };
  walk(doc.contents, []);
  return problems;
}

function findBadAlias(doc: Document): { node: YamlNode; segs: Segment[] } | undefined {
  let found: { node: YamlNode; segs: Segment[] } | undefined;
  const walk = (node: unknown, segs: Segment[]) => {
    if (found) return;
    if (isAlias(node)) {
      if (node.resolve(doc) === undefined) found = { node, segs };
    } else if (isMap(node)) {
      for (const pair of node.items) walk(pair.value, [...segs, keyText(pair.key)]);
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => walk(item, [...segs, i]));
    }
  };
  walk(doc.contents, []);
  return found;
}

/** The yaml library's message without its " at line L, column C:" and source excerpt. */
function yamlMessage(message: string): string {
  const first = message.replace(/ at line \d+, column \d+:[\s\S]*$/, '').split('\n')[0].trim();
  return `YAML syntax error: ${first}`;
}

function sortDiagnostics(list: ConfigDiagnostic[]): ConfigDiagnostic[] {
  return [...list].sort((a, b) => a.line - b.line || a.column - b.column);
}

function dedupe(list: ConfigDiagnostic[]): ConfigDiagnostic[] {
  const seen = new Set<string>();
  const out: ConfigDiagnostic[] = [];
  for (const d of sortDiagnostics(list)) {
    const k = `${d.line}:${d.column}:${d.path}:${d.message}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(d);
  }
  return out;
}
