/**
 * The GitHub Action: reads inputs into one typed object, runs the core gate (or merges the
 * partial reports of a sharded run), and turns the report into outputs, annotations, a job
 * summary and the sticky pull-request comment. No gate logic lives here.
 */
import path from 'node:path';
import * as core from '@actions/core';
import {
  GateError,
  describeError,
  findReportFiles,
  formatDiagnostic,
  formatShard,
  loadConfig,
  mdCode,
  mdText,
  mergeReportFiles,
  planAnnotations,
  needsMeasurement,
  planDetectionAnnotations,
  renderComment,
  renderDetectionMarkdown,
  renderSummary,
  verdictLine,
  reportEvent,
  resolveExecutionProvider,
  runGate,
  validateConfig,
  writeReport,
  declaredFromLabels,
  eventForChange,
  type ConfigDiagnostic,
  type GateConfig,
  type UpdateEvent,
  type GateReport,
  type Logger,
  type ResolvedProvider,
  checkpointFolders,
  renderTrajectoryMarkdown,
  renderTrajectoryComment,
  type RenderedComment,
  runTrajectory,
  trajectoryLine,
  trajectoryVerdictLine,
  writeTrajectoryReport,
  type Checkpoint,
} from '../core/index.ts';
import { uploadRepairs } from './artifact.ts';
import { pullRequestChangeSource, pullRequestRefs } from './changes.ts';
import { createClient, pullRequestTarget, runUrl, upsertStickyComment } from './github.ts';
import { readActionInputs, type ActionInputs } from './inputs.ts';
import { actionsLogger, log, redact } from './log.ts';
import { actionsProgress } from './progress.ts';
import { ACTION_CUDA_HELP, provideCudaLibrary } from './cuda-provider.ts';

export { readActionInputs, type ActionInputs } from './inputs.ts';

/** The checkout: every path the config names stays inside it. */
const workspaceRoot = () => process.env.GITHUB_WORKSPACE ?? process.cwd();

/** Annotation paths must be relative to the repository root. */
function workspacePath(file: string): string {
  const root = process.env.GITHUB_WORKSPACE ?? process.cwd();
  return path.relative(root, path.resolve(file)).split(path.sep).join('/');
}

function annotateDiagnostics(diagnostics: ConfigDiagnostic[]): void {
  for (const d of diagnostics) {
    log.error(`${d.path ? d.path + ': ' : ''}${d.message}`, {
      title: 'monitor-gate config',
      file: workspacePath(d.file),
      startLine: d.line,
      startColumn: d.column,
    });
  }
}

/** Sets one output; a GITHUB_OUTPUT that cannot be written is one error line, and the rest still go. */
function setOutput(name: string, value: string): boolean {
  try {
    core.setOutput(name, value);
    return true;
  } catch (error) {
    log.error(`monitor-gate: cannot set output '${name}': ${error instanceof Error ? error.message : String(error)}`);
    return false;
  }
}

/** The outputs; `reportPath` is empty when the report could not be written. Returns whether every output was set. */
function setOutputs(report: GateReport, reportPath: string): boolean {
  const results = [
    setOutput('verdict', report.verdict),
    setOutput('needs-measurement', report.skipped ? 'false' : 'true'),
    setOutput('stale-monitors', report.monitors.filter((m) => m.verdict === 'stale').map((m) => m.id).join(',')),
    setOutput('predicted-stale-monitors', report.monitors.filter((m) => m.verdict === 'predicted-stale').map((m) => m.id).join(',')),
    setOutput('report-path', reportPath),
    setOutput('event-family', reportEvent(report)?.family ?? ''),
  ];
  return results.every(Boolean);
}

/**
 * Writes the job summary. GITHUB_STEP_SUMMARY unset (a runner without summaries, a local run) or
 * not writable is a warning: the verdict, outputs and annotations do not depend on it.
 */
async function writeSummary(markdown: string): Promise<boolean> {
  try {
    await core.summary.addRaw(redact(markdown)).write();
    return true;
  } catch (error) {
    core.summary.emptyBuffer();
    const why = process.env.GITHUB_STEP_SUMMARY ? (error instanceof Error ? error.message : String(error)) : 'GITHUB_STEP_SUMMARY is not set';
    log.warning(`monitor-gate: job summary not written (${why}); the verdict and the outputs are unaffected`);
    return false;
  }
}

function annotate(report: GateReport, inputs: ActionInputs): void {
  // One error slot stays free for the final "gate failed", one warning and one notice for the comment
  // step, and one more warning for the upload of the repaired probes when that is on.
  const reserve = { error: 1, warning: inputs.uploadRepairs ? 2 : 1, notice: 1 };
  for (const a of planAnnotations(report, { reserve })) {
    const props = { title: a.title, file: workspacePath(a.file), startLine: a.line, startColumn: a.column };
    if (a.level === 'error') log.error(a.message, props);
    else if (a.level === 'warning') log.warning(a.message, props);
    else log.notice(a.message, props);
  }
}

async function reportConfigFailure(lines: string[], what = 'config error'): Promise<void> {
  setOutput('verdict', 'fail');
  setOutput('stale-monitors', '');
  setOutput('event-family', '');
  // A fenced block that no line of the message can close (the fence is longer than any backtick run in it).
  const body = lines.map((l) => l.replace(/[\r\n]/g, ' ')).join('\n');
  const fence = '`'.repeat(Math.max(3, ...(body.match(/`+/g) ?? []).map((run) => run.length + 1)));
  await writeSummary(`## ❌ monitor-gate: ${mdText(what)}\n\n${fence}\n${body}\n${fence}\n`);
}

/** Runs the gate on this runner, or returns undefined after reporting an unusable config. */
/** The config, validated inside the workspace; undefined after reporting why it cannot be used. */
async function usableConfig(inputs: ActionInputs, fail: (message: string) => void): Promise<GateConfig | undefined> {
  let validation: Awaited<ReturnType<typeof validateConfig>>;
  try {
    // Every path the config names stays inside the checkout (the workspace).
    validation = await validateConfig(inputs.config, { root: workspaceRoot() });
  } catch (error) {
    if (!(error instanceof GateError)) throw error;
    await reportConfigFailure([error.toLine()]);
    fail(`monitor-gate: ${error.toLine()}`);
    return undefined;
  }
  const { config, diagnostics } = validation;
  for (const notice of config?.notices ?? []) log.warning(`${notice.path ? notice.path + ': ' : ''}${notice.message}`, { title: 'monitor-gate config', file: workspacePath(notice.file), startLine: notice.line, startColumn: notice.column });
  if (!config) {
    annotateDiagnostics(diagnostics);
    await reportConfigFailure(diagnostics.map(formatDiagnostic));
    fail(`monitor-gate: ${inputs.config} is not a usable config (${diagnostics.length} problem(s))`);
    return undefined;
  }
  return config;
}

/**
 * The execution provider, settled before any probe loads: an explicit cuda that cannot load fails
 * the step with one line, auto that cannot falls back to CPU with one line (a notice annotation when
 * the runner has a GPU). Undefined after failing the step.
 */
async function settleProvider(inputs: ActionInputs): Promise<ResolvedProvider | undefined> {
  // Before any probe loads: an explicit cuda that cannot load fails the step with one line, auto
  // that cannot falls back to CPU with one line (a notice annotation when the runner has a GPU).
  const provided = await provideCudaLibrary({ requested: inputs.provider, providerDir: inputs.cudaProviderDir, feed: inputs.cudaProviderFeed });
  if (provided.source === 'failed' && inputs.provider === 'cuda') {
    const line = `execution-provider: cuda: ${provided.problem} (${ACTION_CUDA_HELP}; or use auto to fall back to CPU)`;
    await reportConfigFailure([line], 'execution provider unavailable');
    log.setFailed(`monitor-gate: ${line}`);
    return undefined;
  }
  if (provided.source === 'failed') log.info(`monitor-gate: ${provided.problem}`);
  else if ('dir' in provided) log.info(`monitor-gate: onnxruntime's CUDA provider library from ${provided.source === 'input' ? 'cuda-provider-dir' : provided.source === 'tool-cache' ? "the runner's tool cache" : 'the NuGet feed (verified, now cached)'}: ${provided.dir}`);
  let provider: ResolvedProvider;
  try {
    provider = await resolveExecutionProvider(inputs.provider, { what: `execution-provider: ${inputs.provider}`, help: `${ACTION_CUDA_HELP}; CUDA 12 and cuDNN 9 must be installed on the runner` });
  } catch (error) {
    if (!(error instanceof GateError)) throw error;
    await reportConfigFailure([error.toLine()], 'execution provider unavailable');
    log.setFailed(`monitor-gate: ${error.toLine()}`);
    return undefined;
  }
  if (provider.notice && provider.gpuVisible) log.notice(`monitor-gate: ${provider.notice}`, { title: 'monitor-gate: scoring on CPU' });
  else if (provider.notice) log.info(`monitor-gate: ${provider.notice}`);
  return provider;
}

async function gateReport(inputs: ActionInputs, fail: (message: string) => void): Promise<GateReport | undefined> {
  const config = await usableConfig(inputs, fail);
  if (!config) return undefined;
  // Per-monitor config problems show up as errored monitors in the report, at their lines.
  if (inputs.shard) log.info(`monitor-gate: shard ${formatShard(inputs.shard)} of the monitors in ${inputs.config}`);
  const provider = await settleProvider(inputs);
  if (!provider) return undefined;
  const pr = pullRequestTarget();
  const event = await pullRequestEvent(inputs, config);
  return runGate(config, {
    event,
    baseDir: inputs.baseActivations,
    updatedDir: inputs.updatedActivations,
    provider: provider.provider,
    logger: actionsLogger,
    progress: actionsProgress(),
    shard: inputs.shard,
    repairDir: inputs.repairDir,
    budget: inputs.budget,
    predictOnly: inputs.predictOnly,
    requireSignificance: inputs.requireSignificance,
    commit: pr?.headSha ?? process.env.GITHUB_SHA ?? undefined,
  });
}

/**
 * The update event of this pull request: its files from the checkout or the API, its
 * monitor-gate/<family> labels, the config's update:. A detection failure never fails the gate.
 */
async function pullRequestEvent(inputs: ActionInputs, config: GateConfig): Promise<UpdateEvent | undefined> {
  const refs = pullRequestRefs();
  try {
    // A monitor-gate/<family> label already decides the event: then only free local git evidence is gathered.
    const declaredByLabel = refs !== undefined && declaredFromLabels(refs.labels) !== undefined;
    const client = inputs.token && !declaredByLabel ? createClient(inputs.token) : undefined;
    const source = refs ? await pullRequestChangeSource(refs, client, process.cwd()) : undefined;
    const event = await eventForChange(source, { labels: refs?.labels, config });
    if (event) log.info(`monitor-gate: update event ${event.family}${event.sub_kind ? ` (${event.sub_kind})` : ''}, confidence ${event.confidence.toFixed(2)}`);
    return event;
  } catch (error) {
    if (!(error instanceof GateError)) throw error;
    log.warning(`monitor-gate: update detection failed: ${error.toLine()}`);
    return undefined;
  }
}

/** Posts or updates the gate's sticky comment; returns a line for the job summary. Never fails the gate. */
async function comment(report: GateReport, inputs: ActionInputs): Promise<string | undefined> {
  return postComment(inputs, (footer) => renderComment(report, { summaryUrl: runUrl(), footer, root: workspaceRoot() }));
}

/** Posts or updates a sticky comment rendered with the pull request's footer; returns a line for the job summary, never throws for the API. */
async function postComment(inputs: ActionInputs, render: (footer: string[]) => RenderedComment): Promise<string | undefined> {
  if (!inputs.comment) return undefined;
  const pr = pullRequestTarget();
  if (!pr) {
    log.info('monitor-gate: not a pull request event; no comment');
    return undefined;
  }
  if (!inputs.token) {
    log.warning("monitor-gate: no 'github-token', so no pull request comment; the results are in the job summary");
    return 'The pull request comment was skipped: no `github-token`.';
  }
  const rendered = render([pullRequestLine(pr)]);
  if (rendered.stage !== 'full') log.info(`monitor-gate: the comment is shortened to fit GitHub's limit (${rendered.stage})`);
  const outcome = await upsertStickyComment(createClient(inputs.token), pr, redact(rendered.body), rendered.marker);
  switch (outcome.action) {
    case 'created':
    case 'updated':
    case 'unchanged':
      log.info(`monitor-gate: pull request comment ${outcome.action}${outcome.url ? ` (${outcome.url})` : ''}`);
      return undefined;
    case 'forbidden': {
      const why = pr.fork
        ? `pull requests from forks (this one is from ${pr.fork}) get a read-only token`
        : "the token may not write pull request comments (the job needs 'pull-requests: write')";
      log.notice(`monitor-gate could not comment on pull request #${pr.number} (${outcome.reason}): ${why}. The results are in the job summary.`, {
        title: 'monitor-gate: no pull request comment',
      });
      return `The pull request comment could not be posted: ${mdText(why)}.`;
    }
    case 'failed':
      log.warning(`monitor-gate could not comment on pull request #${pr.number} (${outcome.reason}). The results are in the job summary.`, {
        title: 'monitor-gate: no pull request comment',
      });
      return `The pull request comment could not be posted (${mdText(outcome.reason)}).`;
  }
}

/** "<sub>Pull request #12 at abc1234.</sub>", every part escaped (the payload's strings are data). */
function pullRequestLine(pr: NonNullable<ReturnType<typeof pullRequestTarget>>): string {
  return `<sub>Pull request #${mdText(String(pr.number))}${pr.headSha ? ` at ${mdText(pr.headSha.slice(0, 7))}` : ''}.</sub>`;
}

/**
 * merge mode: the partial reports in reports-dir, each verified against its own content and against
 * the config in the checkout (fingerprint, monitors per shard, blocking flags, recomputed verdicts)
 * and the commit being gated.
 */
async function mergedReport(inputs: ActionInputs): Promise<GateReport | undefined> {
  try {
    const config = await loadConfig(inputs.config, { root: workspaceRoot() });
    const files = await findReportFiles(inputs.reportsDir);
    log.info(`monitor-gate: merging ${files.length} partial reports from ${inputs.reportsDir}, checked against ${inputs.config}`);
    const pr = pullRequestTarget();
    return await mergeReportFiles(files, { config, commit: pr?.headSha ?? process.env.GITHUB_SHA ?? undefined, requireSignificance: inputs.requireSignificance });
  } catch (error) {
    if (!(error instanceof GateError)) throw error;
    await reportConfigFailure([error.toLine()], 'cannot merge the partial reports');
    log.setFailed(`monitor-gate: ${error.toLine()}`);
    return undefined;
  }
}

/**
 * mode: detect. Only the cheap part: what the update is and whether it needs measuring, so a workflow
 * can start the expensive activation extraction only when it does. Fails closed: anything it cannot
 * settle (an unusable config, a failed detection) says needs-measurement true.
 */
async function runDetect(inputs: ActionInputs): Promise<void> {
  setOutput('needs-measurement', 'true');
  setOutput('event-family', '');
  let config: GateConfig | undefined;
  try {
    const validation = await validateConfig(inputs.config, { root: workspaceRoot() });
    config = validation.config;
    if (!config) {
      annotateDiagnostics(validation.diagnostics);
      log.setFailed(`monitor-gate: ${inputs.config} is not a usable config (${validation.diagnostics.length} problem(s)); needs-measurement is true`);
      return;
    }
  } catch (error) {
    if (!(error instanceof GateError)) throw error;
    log.setFailed(`monitor-gate: ${error.toLine()}; needs-measurement is true`);
    return;
  }
  const event = await pullRequestEvent(inputs, config);
  const decision = needsMeasurement(event, { skipWhenUnchanged: config.skipWhenUnchanged });
  setOutput('needs-measurement', decision.measure ? 'true' : 'false');
  setOutput('event-family', event?.family ?? '');
  log.info(`monitor-gate: ${decision.reason}`);
  for (const a of planDetectionAnnotations(event)) {
    log.notice(a.message, { title: a.title, file: workspacePath(a.file), ...(a.line ? { startLine: a.line } : {}) });
  }
  await writeSummary(renderDetectionMarkdown(event, decision));
}

/** Writes the JSON report; a failure is one error annotation and false (the verdict is already in the log). */
async function writeReportFile(write: () => Promise<void>): Promise<boolean> {
  try {
    await write();
    return true;
  } catch (error) {
    if (!(error instanceof GateError)) throw error;
    log.error(`monitor-gate: ${error.toLine()}`, { title: 'monitor-gate: report not written' });
    return false;
  }
}

/**
 * `checkpoints:` set: the label-free drift of every monitor across a training run's checkpoints
 * instead of the gate. At-risk monitors are warnings at their config lines; the step fails only
 * with fail-on-trajectory (or when a blocking monitor could not be estimated: never steady unread).
 */
async function runTrajectoryAction(inputs: ActionInputs, fail: (message: string) => void): Promise<void> {
  const config = await usableConfig(inputs, fail);
  if (!config) return;
  let checkpoints: Checkpoint[];
  try {
    checkpoints = await checkpointFolders(inputs.checkpoints, workspaceRoot());
  } catch (error) {
    if (!(error instanceof GateError)) throw error;
    const line = `checkpoints: ${error.toLine().replace(/^--checkpoints /, '')}`;
    await reportConfigFailure([line], 'no checkpoints');
    fail(`monitor-gate: ${line}`);
    return;
  }
  const provider = await settleProvider(inputs);
  if (!provider) return;
  const traits = inputs.traits ? path.resolve(workspaceRoot(), inputs.traits) : undefined;
  const report = await runTrajectory(config, { baseDir: inputs.baseActivations, checkpoints, provider: provider.provider, logger: actionsLogger, progress: actionsProgress(), traits, traitsRoot: workspaceRoot() });
  log.info(`monitor-gate: ${trajectoryVerdictLine(report)}`);
  const reportWritten = await writeReportFile(() => writeTrajectoryReport(inputs.reportPath, report));
  setOutput('trajectory-verdict', report.verdict);
  setOutput('at-risk-monitors', report.monitors.filter((m) => m.verdict === 'at-risk').map((m) => m.id).join(','));
  setOutput('report-path', reportWritten ? inputs.reportPath : '');
  for (const m of report.monitors) {
    if (m.verdict === 'steady') continue;
    const props = { title: `monitor-gate: ${m.id} ${m.verdict === 'error' ? 'could not be estimated' : 'at risk during training'}`, file: workspacePath(m.source.file), startLine: m.source.line, startColumn: m.source.column };
    if (m.verdict === 'error') log.error(trajectoryLine(m), props);
    else log.warning(trajectoryLine(m), props);
  }
  const commentNote = await postComment(inputs, (footer) => renderTrajectoryComment(report, { summaryUrl: runUrl(), footer, root: workspaceRoot() }));
  await writeSummary(renderTrajectoryMarkdown(report) + (commentNote ? `\n> [!NOTE]\n> ${commentNote}\n` : ''));
  if (report.verdict === 'error') fail(`monitor-gate: ${trajectoryVerdictLine(report)}`);
  else if (report.verdict === 'at-risk' && inputs.failOnTrajectory) fail(`monitor-gate: ${trajectoryVerdictLine(report)} (fail-on-trajectory)`);
  else if (!reportWritten) fail(`monitor-gate: the report ${inputs.reportPath} could not be written`);
}

export async function runAction(): Promise<void> {
  let inputs: ActionInputs;
  try {
    inputs = readActionInputs();
  } catch (error) {
    log.setFailed(describeError(error));
    return;
  }
  const fail = (message: string) => (inputs.mode === 'advise' ? log.warning(message) : log.setFailed(message));
  if (inputs.mode === 'detect') return runDetect(inputs);
  if (inputs.checkpoints.length > 0) return runTrajectoryAction(inputs, fail);

  const report = inputs.mode === 'merge' ? await mergedReport(inputs) : await gateReport(inputs, fail);
  if (!report) return;

  // The verdict first: whatever fails next (the report file, outputs, summary, comment), the result is in the log.
  log.info(report.shard ? `monitor-gate: shard ${formatShard(report.shard)}: ${verdictLine(report)}; merge the partial reports for the gate verdict` : `monitor-gate: ${verdictLine(report)}`);
  const reportWritten = await writeReportFile(() => writeReport(inputs.reportPath, report));
  const outputsSet = setOutputs(report, reportWritten ? inputs.reportPath : '');
  // After the report, which goes into the artifact too; a failed upload is only a warning and a note.
  const repairsNote = reportWritten ? await uploadRepairs(report, inputs) : undefined;
  const repairsFooter = repairsNote ? ['', `> [!NOTE]`, `> ${repairsNote}`] : [];
  const elsewhere = reportWritten ? `the JSON report ${mdCode(inputs.reportPath)}` : 'the JSON report (not written: see the log)';

  // A lost report or output fails the step in enforce and merge mode, even when the gate passed:
  // a shard without its report cannot be merged, and a required check must not pass unrecorded.
  const outputProblem = !reportWritten ? `the report ${inputs.reportPath} could not be written` : !outputsSet ? 'the step outputs could not be set' : undefined;

  if (report.shard) {
    // A part of a sharded run: the merge job annotates, comments and decides.
    const summary = renderSummary(report, { footer: repairsFooter, elsewhere, root: workspaceRoot() });
    await writeSummary(summary.markdown);
    if (outputProblem) fail(`monitor-gate: ${outputProblem}`);
    return;
  }

  annotate(report, inputs);
  const commentNote = await comment(report, inputs);
  const pr = pullRequestTarget();
  const footer = [...(pr ? [pullRequestLine(pr)] : []), ...(commentNote ? ['', `> [!NOTE]`, `> ${commentNote}`] : []), ...repairsFooter];
  const summary = renderSummary(report, { footer, elsewhere, root: workspaceRoot() });
  if (summary.stage !== 'full') log.info(`monitor-gate: the job summary is shortened to fit GitHub's limit (${summary.stage})`);
  await writeSummary(summary.markdown);

  if (report.verdict === 'fail') fail(`monitor-gate: ${verdictLine(report)}; see the job summary${outputProblem ? `; and ${outputProblem}` : ''}`);
  else if (outputProblem) fail(`monitor-gate: ${verdictLine(report)}; but ${outputProblem}`);
  else log.info(`monitor-gate: ${verdictLine(report)}`);
}
