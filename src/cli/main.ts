/**
 * The `monitor-gate` command line: argument parsing and printing only; the work is in core.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { glob } from 'tinyglobby';
import { terminalProgress } from './progress.ts';
import {
  DEFAULT_CONFIG_PATH,
  GateError,
  TOOL_VERSION,
  describeError,
  exitCodeFor,
  formatDiagnostic,
  eventForChange,
  formatEventSummary,
  loadConfig,
  logLine,
  mergeReportFiles,
  needsMeasurement,
  loadReportFiles,
  historyFromReports,
  fitPredictor,
  renderFitSummary,
  parseBudget,
  parseShard,
  renderMarkdown,
  renderTextTable,
  resolveExecutionProvider,
  calibrateConfig,
  formatThreshold,
  writeCalibratedThresholds,
  type CalibrationResult,
  runGate,
  runTrajectory,
  renderTrajectoryText,
  writeTrajectoryReport,
  checkpointFolders,
  validateConfig,
  writeOutputFile,
  writeReport,
  readSampleRiskBatch,
  screenDataset,
  datasetIndex,
  inputError,
  usageError,
  type ChangeSource,
  type Logger,
} from '../core/index.ts';


const USAGE = `monitor-gate ${TOOL_VERSION}: stop stale activation monitors from shipping with a model update

Usage:
  monitor-gate check    [--config FILE] [--base DIR] [--updated DIR] [--report FILE] [--markdown FILE]
                        [--provider auto|cpu|cuda] [--timestamp] [--verbose] [--quiet]
                        [--shard I/N] [--commit SHA] [--changes DIR | --git BASE..HEAD] [--label L ...]
                        [--repair DIR] [--budget N|P%] [--predict-only] [--require-significance]
  monitor-gate trajectory [--checkpoints DIR|GLOB ...] [--config FILE] [--base DIR]
                        [--traits FILE] [--report FILE] [--fail-on-trajectory] [--provider auto|cpu|cuda] [--quiet]
  monitor-gate fit-predictor --history GLOB [--history GLOB ...] --out FILE [--l2 X]
  monitor-gate detect   (--dir DIR | --git BASE..HEAD) [--label L ...] [--config FILE] [--json]
  monitor-gate validate [--config FILE]
  monitor-gate calibrate --fpr X [--config FILE] [--base DIR] [--provider auto|cpu|cuda] [--write]
  monitor-gate merge-reports --out FILE [--markdown FILE] [--config FILE] [--commit SHA] [--require-significance]
                        PART.json [PART.json ...]
  monitor-gate screen   --sample-risk FILE --dataset FILE.jsonl --out FILE (--top-k N | --top-p P) [--monitor ID]
  monitor-gate --version | --help

  --config FILE    gate config (default ${DEFAULT_CONFIG_PATH}); merge-reports checks every part against it
  --root DIR       every path the config names must stay inside DIR (default: the repository holding
                   the config, else the config's folder)
  --base DIR       base-model activation folder (overrides activations.base)
  --updated DIR    updated-model activation folder (overrides activations.updated)
  --report FILE    write the JSON report here
  --markdown FILE  write the Markdown summary here
  --provider P     onnxruntime execution provider (default cpu; auto uses CUDA when its provider
                   library loads, else CPU with one notice; cuda without it is an error)
  --shard I/N      evaluate only shard I of N (1-based) and write a partial report
  --commit SHA     record the gated commit, so partial reports of different commits never merge;
                   merge-reports: every part must be of this commit
  --out FILE       merge-reports: where to write the merged report
  --changes DIR    detect the update event from the files under DIR (every file counts as changed)
  --git A..B       detect the update event from a local git range
  --dir DIR        detect: same as --changes
  --label L        a pull-request label; monitor-gate/<family> declares the update event
  --json           detect: print the event as JSON
  --repair DIR     repair each stale monitor without labels; write DIR/<monitor-id>.onnx when the repair
                   measures fresh (predicted-stale, unmeasured: DIR/<monitor-id>.unverified.onnx)
  --budget N|P%    measure only the N (or P%) highest-risk monitors with labels (overrides revalidation-budget)
  --predict-only   predict every monitor's risk without reading labels; measure none
  --require-significance
                   a tolerance makes a monitor stale only when the whole 95% interval of its change
                   is past it (every monitor; the config's defaults.require_significance does the
                   same per config); more permissive: a real staleness on few rows can pass.
                   merge-reports: the shards ran with it
  --quiet, -q      no progress lines and no informational lines (warnings, errors and the result stay)
  --checkpoints P  trajectory: a checkpoint's activation folder, or a glob of them ('acts/step-*', in
                   natural order); repeat in training order. Every folder holds the base's files.
                   Default: the config's trajectory: { checkpoints: [...] }
  --traits FILE    trajectory: also the drift along trait directions: a safetensors file of [D] vectors
                   named layer<L>/<trait>, projected on the rows of the first monitor at layer L
  --fail-on-trajectory
                   trajectory: exit 1 when a blocking monitor is at risk at some checkpoint
                   (default: report only)
  --sample-risk F  screen: the per-sample push batch (examples/extract_activations.py --score-samples)
  --dataset FILE   screen: the JSONL dataset to filter (one of the files the batch scored)
  --top-k N        screen: drop the N samples that push the monitors hardest
  --top-p P        screen: drop that share of the dataset's samples (0.05 for 5%)
  --monitor ID     screen: rank by this monitor's push alone (default: every monitor in the batch)
  --history GLOB   fit-predictor: past JSON reports (quote the glob: 'reports/*.json')
  --l2 X           fit-predictor: L2 penalty on the standardized coefficients (default 1)
  --fpr X          calibrate: target false-positive rate on the base eval rows (0.05 for 5%)
  --write          calibrate: write the new thresholds into the config file (comments kept)

Exit status: 0 pass, 1 a blocking monitor is stale (or predicted stale, with fail-on-predicted),
2 usage, config or input errors (or a blocking monitor could not be evaluated), or nothing could be
measured; 3 the gate passed (or the predictor was fitted) but a requested output file could not be
written. The verdict line is printed before any file is written; a failing gate keeps exit 1 or 2
when an output also fails.
`;

const OPTIONS = {
  config: { type: 'string' },
  root: { type: 'string' },
  base: { type: 'string' },
  updated: { type: 'string' },
  report: { type: 'string' },
  markdown: { type: 'string' },
  provider: { type: 'string' },
  shard: { type: 'string' },
  commit: { type: 'string' },
  out: { type: 'string' },
  changes: { type: 'string' },
  dir: { type: 'string' },
  git: { type: 'string' },
  label: { type: 'string', multiple: true },
  json: { type: 'boolean' },
  repair: { type: 'string' },
  budget: { type: 'string' },
  'predict-only': { type: 'boolean' },
  'require-significance': { type: 'boolean' },
  history: { type: 'string', multiple: true },
  l2: { type: 'string' },
  fpr: { type: 'string' },
  write: { type: 'boolean' },
  timestamp: { type: 'boolean' },
  verbose: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  checkpoints: { type: 'string', multiple: true },
  traits: { type: 'string' },
  'fail-on-trajectory': { type: 'boolean' },
  'sample-risk': { type: 'string' },
  dataset: { type: 'string' },
  'top-k': { type: 'string' },
  'top-p': { type: 'string' },
  monitor: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} satisfies ParseArgsConfig['options'];

export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** stderr is a terminal: progress updates one line in place. */
  stderrTTY?: boolean;
}

const processIO: CliIO = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  stderrTTY: process.stderr.isTTY === true,
};

/** A message of several problems (one config diagnostic per line) prints one inert line each. */
function lines(prefix: string, message: string): string {
  return message.split('\n').map((line) => `${prefix}${logLine(line)}\n`).join('');
}

/**
 * Every line to the terminal is one inert line (escape.ts): names from files cannot move the cursor
 * or, in a workflow step, forge a command. Quiet keeps only warnings and errors.
 */
function terminalLogger(io: CliIO, options: { verbose: boolean; quiet: boolean; beforeLine?: () => void }): Logger {
  const write = (text: string) => {
    options.beforeLine?.();
    io.stderr(text);
  };
  return {
    info: (m) => !options.quiet && write(lines('', m)),
    warning: (m) => write(lines('warning: ', m)),
    error: (m) => write(lines('error: ', m)),
    debug: (m) => options.verbose && write(lines('debug: ', m)),
  };
}

/** Exit status when the result is complete but a requested output file could not be written. */
export const EXIT_OUTPUT_FAILED = 3;

/**
 * Writes each requested output; a failure is one `error:` line naming the path and the OS error,
 * and the others are still written. Returns whether all were.
 */
async function writeOutputs(outputs: ReadonlyArray<[string | undefined, () => Promise<void>]>, io: CliIO): Promise<boolean> {
  let ok = true;
  for (const [file, write] of outputs) {
    if (file === undefined) continue;
    try {
      await write();
    } catch (error) {
      if (!(error instanceof GateError)) throw error;
      io.stderr(lines('error: ', error.toLine()));
      ok = false;
    }
  }
  return ok;
}

/** The gate's exit status, unless it passed and an output was lost: a failing gate keeps its own status. */
function exitWithOutputs(code: 0 | 1 | 2, outputsWritten: boolean): number {
  return code === 0 && !outputsWritten ? EXIT_OUTPUT_FAILED : code;
}

/** Runs one CLI invocation and returns its exit status; never throws for user errors. */
export async function runCli(argv: string[], io: CliIO = processIO): Promise<number> {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    io.stderr(`error: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.version) {
    io.stdout(`${TOOL_VERSION}\n`);
    return 0;
  }
  const command = positionals[0];
  if (values.help || command === 'help') {
    io.stdout(USAGE);
    return 0;
  }
  if (!command) {
    io.stderr(`error: missing command\n\n${USAGE}`);
    return 2;
  }
  if (positionals.length > 1 && command !== 'merge-reports') {
    io.stderr(`error: unexpected argument '${positionals[1]}'\n\n${USAGE}`);
    return 2;
  }
  const configPath = values.config ?? DEFAULT_CONFIG_PATH;
  const configOptions = values.root === undefined ? {} : { root: values.root };
  const quiet = values.quiet ?? false;
  // progress on stderr for the runs that stream activations; --quiet silences it
  const progress = quiet ? undefined : terminalProgress({ write: io.stderr, tty: io.stderrTTY === true });
  const logger = terminalLogger(io, { verbose: values.verbose ?? false, quiet, beforeLine: progress?.clear });
  try {
    switch (command) {
      case 'validate':
        return await validateCommand(configPath, configOptions, io);
      case 'check': {
        const provider = values.provider ?? 'cpu';
        if (provider !== 'auto' && provider !== 'cpu' && provider !== 'cuda') {
          io.stderr(`error: --provider must be auto, cpu or cuda, got '${provider}'\n`);
          return 2;
        }
        const shard = values.shard === undefined ? undefined : parseShard(values.shard);
        const budget = values.budget === undefined ? undefined : parseBudget(values.budget);
        if (values.budget !== undefined && !budget) {
          io.stderr(`error: --budget must be a number of monitors (4) or a share ("30%"), got '${values.budget}'\n`);
          return 2;
        }
        if (budget && values['predict-only']) {
          io.stderr('error: give either --budget or --predict-only, not both\n');
          return 2;
        }
        // Before the config and any probe: an explicit cuda that cannot load is one line and exit 2.
        const resolved = await resolveExecutionProvider(provider, { what: `--provider ${provider}` });
        if (resolved.notice) io.stderr(lines('notice: ', resolved.notice));
        const config = await loadConfig(configPath, configOptions);
        for (const notice of config.notices) logger.warning(formatDiagnostic(notice));
        const event = await eventForChange(changeSource(values.changes, values.git), { labels: values.label, config });
        const report = await runGate(config, {
          event,
          baseDir: values.base,
          updatedDir: values.updated,
          provider: resolved.provider,
          timestamp: values.timestamp,
          shard,
          commit: values.commit,
          repairDir: values.repair,
          budget,
          predictOnly: values['predict-only'],
          requireSignificance: values['require-significance'],
          logger,
          progress: progress?.sink,
        });
        progress?.clear();
        // The verdict first, so no output failure can hide it; then each output, atomically.
        io.stdout(renderTextTable(report));
        const written = await writeOutputs(
          [
            [values.report, () => writeReport(values.report!, report)],
            [values.markdown, () => writeOutputFile(values.markdown!, renderMarkdown(report, { root: process.cwd() }), { what: 'Markdown summary' })],
          ],
          io,
        );
        return exitWithOutputs(exitCodeFor(report), written);
      }
      case 'detect': {
        const source = changeSource(values.dir ?? values.changes, values.git);
        if (!source) {
          io.stderr(`error: detect needs --dir DIR or --git BASE..HEAD\n\n${USAGE}`);
          return 2;
        }
        // The config only contributes a declared `update:`; detection works without one.
        const config = values.config || existsSync(DEFAULT_CONFIG_PATH) ? await loadConfig(configPath, configOptions) : undefined;
        for (const notice of config?.notices ?? []) logger.warning(formatDiagnostic(notice));
        const event = (await eventForChange(source, { labels: values.label, config }))!;
        const decision = needsMeasurement(event, { skipWhenUnchanged: config?.skipWhenUnchanged ?? false });
        io.stdout(
          values.json
            ? JSON.stringify({ ...event, needs_measurement: decision.measure, measurement_reason: decision.reason }, null, 2) + '\n'
            : `${formatEventSummary(event)}\n${decision.measure ? 'needs measurement' : 'no measurement needed'}: ${decision.reason}\n`,
        );
        return 0;
      }
      case 'calibrate':
        return await calibrateCommand(configPath, configOptions, values, io);
      case 'trajectory': {
        const provider = values.provider ?? 'cpu';
        if (provider !== 'auto' && provider !== 'cpu' && provider !== 'cuda') {
          io.stderr(`error: --provider must be auto, cpu or cuda, got '${provider}'\n`);
          return 2;
        }
        const config = await loadConfig(configPath, configOptions);
        for (const notice of config.notices) logger.warning(formatDiagnostic(notice));
        // --checkpoints as given on the command line, else the config's trajectory: (relative to the config, inside its root)
        if (!values.checkpoints?.length && !config.trajectory) {
          io.stderr(`error: trajectory needs --checkpoints DIR or GLOB (one per checkpoint, or a glob of them), or trajectory: { checkpoints: [...] } in ${configPath}\n\n${USAGE}`);
          return 2;
        }
        const checkpoints = values.checkpoints?.length ? await checkpointFolders(values.checkpoints) : await checkpointFolders(config.trajectory!.checkpoints, config.dir, config.root);
        const resolved = await resolveExecutionProvider(provider, { what: `--provider ${provider}` });
        if (resolved.notice) io.stderr(lines('notice: ', resolved.notice));
        const report = await runTrajectory(config, { baseDir: values.base, checkpoints, provider: resolved.provider, logger, progress: progress?.sink, traits: values.traits });
        progress?.clear();
        io.stdout(renderTrajectoryText(report));
        const written = await writeOutputs([[values.report, () => writeTrajectoryReport(values.report!, report)]], io);
        const code = report.verdict === 'error' ? 2 : report.verdict === 'at-risk' && values['fail-on-trajectory'] ? 1 : 0;
        return exitWithOutputs(code, written);
      }
      case 'fit-predictor':
        return await fitPredictorCommand(values.history ?? [], values.out, values.l2, io);
      case 'merge-reports': {
        const parts = positionals.slice(1);
        if (!values.out || parts.length === 0) {
          io.stderr(`error: merge-reports needs --out FILE and at least one partial report\n\n${USAGE}`);
          return 2;
        }
        // Parts are checked against the config when there is one (--config, else the default path).
        const config = values.config || existsSync(DEFAULT_CONFIG_PATH) ? await loadConfig(configPath, configOptions) : undefined;
        if (!config) io.stderr(`warning: no config (${DEFAULT_CONFIG_PATH} not found): the parts are checked against their own content only; pass --config to check their monitors, flags and verdicts against it\n`);
        const merged = await mergeReportFiles(parts, { config, commit: values.commit, requireSignificance: values['require-significance'] });
        io.stdout(renderTextTable(merged));
        const out = values.out;
        const written = await writeOutputs(
          [
            [out, () => writeReport(out, merged)],
            [values.markdown, () => writeOutputFile(values.markdown!, renderMarkdown(merged, { root: process.cwd() }), { what: 'Markdown summary' })],
          ],
          io,
        );
        return exitWithOutputs(exitCodeFor(merged), written);
      }
      case 'screen':
        return await screenCommand(values, io);
      default:
        io.stderr(`error: unknown command '${command}'\n\n${USAGE}`);
        return 2;
    }
  } catch (error) {
    if (error instanceof GateError) {
      io.stderr(lines('error: ', error.toLine()));
      return 2;
    }
    // Not the user's fault: keep the stack so the bug can be reported.
    io.stderr(`monitor-gate bug, please report: ${error instanceof Error && error.stack ? error.stack : describeError(error)}\n`);
    return 2;
  }
}

/** `screen`: writes the dataset without its riskiest samples and says which lines went. */
async function screenCommand(values: { 'sample-risk'?: string; dataset?: string; out?: string; 'top-k'?: string; 'top-p'?: string; monitor?: string }, io: CliIO): Promise<number> {
  const { dataset, out } = values;
  const batchPath = values['sample-risk'];
  if (!batchPath || !dataset || !out || (values['top-k'] === undefined) === (values['top-p'] === undefined)) {
    io.stderr(`error: screen needs --sample-risk FILE, --dataset FILE, --out FILE and one of --top-k N or --top-p P\n\n${USAGE}`);
    return 2;
  }
  const number = (flag: string, text: string | undefined) => {
    if (text === undefined) return undefined;
    const n = Number(text);
    if (text.trim() === '' || !Number.isFinite(n)) throw usageError(`${flag} must be a number, got '${text}'`);
    return n;
  };
  const batch = await readSampleRiskBatch(batchPath);
  datasetIndex(batch, dataset); // a dataset the batch did not score is named before it is read
  let text: string;
  try {
    text = await readFile(dataset, 'utf8');
  } catch (error) {
    throw inputError(`cannot read the dataset: ${(error as NodeJS.ErrnoException).code ?? describeError(error)}`, { file: dataset });
  }
  const result = screenDataset(batch, text, { dataset, topK: number('--top-k', values['top-k']), topP: number('--top-p', values['top-p']), monitor: values.monitor });
  const written = await writeOutputs([[out, () => writeOutputFile(out, result.text, { what: 'screened dataset' })]], io);
  const shown = result.dropped.slice(0, 20).join(', ') + (result.dropped.length > 20 ? `, ... (${result.dropped.length - 20} more)` : '');
  io.stdout(`${logLine(`dropped ${result.dropped.length} of ${result.scored} scored samples of ${dataset}${result.dropped.length ? ` (lines ${shown})` : ''}`)}\n`);
  if (written) io.stdout(`${logLine(`wrote ${out}`)}\n`);
  return written ? 0 : EXIT_OUTPUT_FAILED;
}

async function fitPredictorCommand(patterns: readonly string[], out: string | undefined, l2Text: string | undefined, io: CliIO): Promise<number> {
  if (patterns.length === 0 || !out) {
    io.stderr(`error: fit-predictor needs --history GLOB and --out FILE\n\n${USAGE}`);
    return 2;
  }
  const l2 = l2Text === undefined ? undefined : Number(l2Text);
  if (l2 !== undefined && !(Number.isFinite(l2) && l2 >= 0)) {
    io.stderr(`error: --l2 must be a number >= 0, got '${l2Text}'\n`);
    return 2;
  }
  const files = [...new Set((await Promise.all(patterns.map((p) => glob(p, { onlyFiles: true, expandDirectories: false })))).flat())].sort();
  if (files.length === 0) {
    io.stderr(`error: no report matches ${patterns.map((p) => `'${p}'`).join(', ')}\n`);
    return 2;
  }
  const history = historyFromReports(await loadReportFiles(files));
  for (const u of history.unused) io.stderr(`warning: ${logLine(`${u.file}: not used: ${u.why}`)}\n`);
  const fitted = fitPredictor(history.examples, { l2, source: `${files.length} report${files.length === 1 ? '' : 's'} (${patterns.join(', ')})` });
  const summary = renderFitSummary(fitted, out);
  // The fit is printed whatever happens to the file; "wrote FILE" only when it was written.
  io.stdout(summary.replace(/wrote [^\n]*\n$/, ''));
  const written = await writeOutputs([[out, () => writeOutputFile(out, JSON.stringify(fitted.predictor, null, 2) + '\n', { what: 'predictor' })]], io);
  if (written) io.stdout(summary.slice(summary.lastIndexOf('wrote ')));
  return written ? 0 : EXIT_OUTPUT_FAILED;
}

async function calibrateCommand(
  configPath: string,
  options: { root?: string },
  values: { fpr?: string; write?: boolean; base?: string; provider?: string },
  io: CliIO,
): Promise<number> {
  const target = values.fpr === undefined ? NaN : Number(values.fpr);
  if (values.fpr === undefined || values.fpr.trim() === '' || !(Number.isFinite(target) && target >= 0 && target < 1)) {
    io.stderr(`error: calibrate needs --fpr X, a false-positive rate from 0 up to 1 (0.05 for 5%)${values.fpr === undefined ? '' : `, got '${values.fpr}'`}\n`);
    return 2;
  }
  const requested = values.provider ?? 'cpu';
  if (requested !== 'auto' && requested !== 'cpu' && requested !== 'cuda') {
    io.stderr(`error: --provider must be auto, cpu or cuda, got '${requested}'\n`);
    return 2;
  }
  const resolved = await resolveExecutionProvider(requested, { what: `--provider ${requested}` });
  if (resolved.notice) io.stderr(lines('notice: ', resolved.notice));
  const result = await calibrateConfig(configPath, { ...options, targetFpr: target, baseDir: values.base, provider: resolved.provider });
  io.stdout(renderCalibration(result));
  for (const m of result.monitors) if (m.error) io.stderr(lines('error: ', `${m.id}: ${m.error}`));
  let written = true;
  if (values.write) {
    written = await writeOutputs(
      [
        [
          configPath,
          async () => {
            const ids = await writeCalibratedThresholds(configPath, result, options);
            io.stdout(ids.length > 0 ? `wrote ${ids.length} threshold${ids.length === 1 ? '' : 's'} into ${logLine(configPath)}\n` : `nothing written to ${logLine(configPath)}: no monitor was calibrated\n`);
          },
        ],
      ],
      io,
    );
  }
  if (result.monitors.some((m) => m.error)) return 2;
  return written ? 0 : EXIT_OUTPUT_FAILED;
}

const fmt = (x: number | undefined, digits = 4) => (x === undefined || Number.isNaN(x) ? '-' : Number(x.toPrecision(digits)).toString());

/** The calibration as a table: the new thresholds are printed in full (they are what --write writes). */
function renderCalibration(result: CalibrationResult): string {
  const header = ['MONITOR', 'THRESHOLD NOW', 'FPR/TPR NOW', 'NEW THRESHOLD', 'BASE FPR', 'BASE TPR', 'NOTE'];
  const rows = result.monitors.map((m) => {
    if (m.error) return [m.id, fmt(m.current, 6), '-', '-', '-', '-', 'error (below)'];
    const notes: string[] = [];
    if (m.fpr! < result.targetFpr && m.fprJustBelow! > result.targetFpr) {
      notes.push(`no threshold gives FPR ${fmt(result.targetFpr)}: the next step is ${fmt(m.fprJustBelow)}${m.tiedNegatives! > 1 ? ` (${m.tiedNegatives} negatives tie at this score)` : ''}`);
    }
    notes.push(`${m.negatives} negatives, ${m.positives} positives`);
    return [m.id, fmt(m.current, 6), `${fmt(m.currentFpr, 3)}/${fmt(m.currentTpr, 3)}`, formatThreshold(m.threshold!), fmt(m.fpr), fmt(m.tpr), notes.join('; ')];
  });
  const all = [header, ...rows].map((r) => r.map((c) => logLine(c)));
  const widths = header.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  const text = all.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd()).join('\n');
  return `base-model thresholds at FPR <= ${result.targetFpr} (flag when score > threshold), ${logLine(result.config)}\n${text}\n`;
}

function changeSource(dir: string | undefined, range: string | undefined): ChangeSource | undefined {
  if (dir !== undefined && range !== undefined) throw new GateError('usage', 'give either a folder of changes or a git range, not both');
  if (dir !== undefined) return { kind: 'dir', dir };
  if (range !== undefined) return { kind: 'git', range, cwd: process.cwd() };
  return undefined;
}

async function validateCommand(configPath: string, options: { root?: string }, io: CliIO): Promise<number> {
  const { config, diagnostics } = await validateConfig(configPath, options);
  for (const d of diagnostics) io.stderr(`${logLine(formatDiagnostic(d))}\n`);
  for (const d of config?.notices ?? []) io.stderr(`warning: ${logLine(formatDiagnostic(d))}\n`);
  if (!config) return 2;
  const n = config.monitors.length;
  if (diagnostics.length > 0) {
    io.stdout(`${configPath}: ${diagnostics.length} problem(s); ${n} of ${n + config.invalidMonitors.length} monitors are valid\n`);
    return 2;
  }
  io.stdout(`${configPath}: valid (${n} monitor${n === 1 ? '' : 's'})\n`);
  return 0;
}
