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
  mergeReportFiles,
  planAnnotations,
  needsMeasurement,
  planDetectionAnnotations,
  renderComment,
  renderDetectionMarkdown,
  renderSummary,
  verdictLine,
  reportEvent,
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
} from '../core/index.ts';
import { uploadRepairs } from './artifact.ts';
import { pullRequestChangeSource, pullRequestRefs } from './changes.ts';
import { createClient, pullRequestTarget, runUrl, upsertStickyComment } from './github.ts';
import { readActionInputs, type ActionInputs } from './inputs.ts';

export { readActionInputs, type ActionInputs } from './inputs.ts';

const actionsLogger: Logger = {
  info: (m) => core.info(m),
  warning: (m) => core.warning(m),
  error: (m) => core.info(`error: ${m}`), // monitor errors become annotations at their config line instead
  debug: (m) => core.debug(m),
};

/** Annotation paths must be relative to the repository root. */
function workspacePath(file: string): string {
  const root = process.env.GITHUB_WORKSPACE ?? process.cwd();
  return path.relative(root, path.resolve(file)).split(path.sep).join('/');
}

function annotateDiagnostics(diagnostics: ConfigDiagnostic[]): void {
  for (const d of diagnostics) {
    core.error(`${d.path ? d.path + ': ' : ''}${d.message}`, {
      title: 'monitor-gate config',
      file: workspacePath(d.file),
      startLine: d.line,
      startColumn: d.column,
    });
  }
}

function setOutputs(report: GateReport, reportPath: string): void {
  core.setOutput('verdict', report.verdict);
  core.setOutput('needs-measurement', report.skipped ? 'false' : 'true');
  core.setOutput('stale-monitors', report.monitors.filter((m) => m.verdict === 'stale').map((m) => m.id).join(','));
  core.setOutput('predicted-stale-monitors', report.monitors.filter((m) => m.verdict === 'predicted-stale').map((m) => m.id).join(','));
  core.setOutput('report-path', reportPath);
  core.setOutput('event-family', reportEvent(report)?.family ?? '');
}

function annotate(report: GateReport, inputs: ActionInputs): void {
  // One error slot stays free for the final "gate failed", one warning and one notice for the comment
  // step, and one more warning for the upload of the repaired probes when that is on.
  const reserve = { error: 1, warning: inputs.uploadRepairs ? 2 : 1, notice: 1 };
  for (const a of planAnnotations(report, { reserve })) {
    const props = { title: a.title, file: workspacePath(a.file), startLine: a.line, startColumn: a.column };
    if (a.level === 'error') core.error(a.message, props);
    else if (a.level === 'warning') core.warning(a.message, props);
    else core.notice(a.message, props);
  }
}

async function reportConfigFailure(lines: string[], what = 'config error'): Promise<void> {
  core.setOutput('verdict', 'fail');
  core.setOutput('stale-monitors', '');
  core.setOutput('event-family', '');
  await core.summary.addHeading(`❌ monitor-gate: ${what}`, 2).addCodeBlock(lines.join('\n')).write();
}

/** Runs the gate on this runner, or returns undefined after reporting an unusable config. */
async function gateReport(inputs: ActionInputs, fail: (message: string) => void): Promise<GateReport | undefined> {
  let validation: Awaited<ReturnType<typeof validateConfig>>;
  try {
    // Every path the config names stays inside the checkout (the workspace).
    validation = await validateConfig(inputs.config, { root: process.env.GITHUB_WORKSPACE ?? process.cwd() });
  } catch (error) {
    if (!(error instanceof GateError)) throw error;
    await reportConfigFailure([error.toLine()]);
    fail(`monitor-gate: ${error.toLine()}`);
    return undefined;
  }
  const { config, diagnostics } = validation;
  for (const notice of config?.notices ?? []) core.warning(`${notice.path ? notice.path + ': ' : ''}${notice.message}`, { title: 'monitor-gate config', file: workspacePath(notice.file), startLine: notice.line, startColumn: notice.column });
  if (!config) {
    annotateDiagnostics(diagnostics);
    await reportConfigFailure(diagnostics.map(formatDiagnostic));
    fail(`monitor-gate: ${inputs.config} is not a usable config (${diagnostics.length} problem(s))`);
    return undefined;
  }
  // Per-monitor config problems show up as errored monitors in the report, at their lines.
  if (inputs.shard) core.info(`monitor-gate: shard ${formatShard(inputs.shard)} of the monitors in ${inputs.config}`);
  const pr = pullRequestTarget();
  const event = await pullRequestEvent(inputs, config);
  return runGate(config, {
    event,
    baseDir: inputs.baseActivations,
    updatedDir: inputs.updatedActivations,
    provider: inputs.provider,
    logger: actionsLogger,
    shard: inputs.shard,
    repairDir: inputs.repairDir,
    budget: inputs.budget,
    predictOnly: inputs.predictOnly,
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
    if (event) core.info(`monitor-gate: update event ${event.family}${event.sub_kind ? ` (${event.sub_kind})` : ''}, confidence ${event.confidence.toFixed(2)}`);
    return event;
  } catch (error) {
    if (!(error instanceof GateError)) throw error;
    core.warning(`monitor-gate: update detection failed: ${error.toLine()}`);
    return undefined;
  }
}

/** Posts or updates the sticky comment; returns a line for the job summary. Never fails the gate. */
async function comment(report: GateReport, inputs: ActionInputs): Promise<string | undefined> {
  if (!inputs.comment) return undefined;
  const pr = pullRequestTarget();
  if (!pr) {
    core.info('monitor-gate: not a pull request event; no comment');
    return undefined;
  }
  if (!inputs.token) {
    core.warning("monitor-gate: no 'github-token', so no pull request comment; the results are in the job summary");
    return 'The pull request comment was skipped: no `github-token`.';
  }
  const footer = [`<sub>Pull request #${pr.number}${pr.headSha ? ` at ${pr.headSha.slice(0, 7)}` : ''}.</sub>`];
  const rendered = renderComment(report, { summaryUrl: runUrl(), footer });
  if (rendered.stage !== 'full') core.info(`monitor-gate: the comment is shortened to fit GitHub's limit (${rendered.stage})`);
  const outcome = await upsertStickyComment(createClient(inputs.token), pr, rendered.body, rendered.marker);
  switch (outcome.action) {
    case 'created':
    case 'updated':
    case 'unchanged':
      core.info(`monitor-gate: pull request comment ${outcome.action}${outcome.url ? ` (${outcome.url})` : ''}`);
      return undefined;
    case 'forbidden': {
      const why = pr.fork
        ? `pull requests from forks (this one is from ${pr.fork}) get a read-only token`
        : "the token may not write pull request comments (the job needs 'pull-requests: write')";
      core.notice(`monitor-gate could not comment on pull request #${pr.number} (${outcome.reason}): ${why}. The results are in the job summary.`, {
        title: 'monitor-gate: no pull request comment',
      });
      return `The pull request comment could not be posted: ${why}.`;
    }
    case 'failed':
      core.warning(`monitor-gate could not comment on pull request #${pr.number} (${outcome.reason}). The results are in the job summary.`, {
        title: 'monitor-gate: no pull request comment',
      });
      return `The pull request comment could not be posted (${outcome.reason}).`;
  }
}

/**
 * mode: detect. Only the cheap part: what the update is and whether it needs measuring, so a workflow
 * can start the expensive activation extraction only when it does. Fails closed: anything it cannot
 * settle (an unusable config, a failed detection) says needs-measurement true.
 */
async function runDetect(inputs: ActionInputs): Promise<void> {
  core.setOutput('needs-measurement', 'true');
  core.setOutput('event-family', '');
  let config: GateConfig | undefined;
  try {
    const validation = await validateConfig(inputs.config, { root: process.env.GITHUB_WORKSPACE ?? process.cwd() });
    config = validation.config;
    if (!config) {
      annotateDiagnostics(validation.diagnostics);
      core.setFailed(`monitor-gate: ${inputs.config} is not a usable config (${validation.diagnostics.length} problem(s)); needs-measurement is true`);
      return;
    }
  } catch (error) {
    if (!(error instanceof GateError)) throw error;
    core.setFailed(`monitor-gate: ${error.toLine()}; needs-measurement is true`);
    return;
  }
  const event = await pullRequestEvent(inputs, config);
  const decision = needsMeasurement(event, { skipWhenUnchanged: config.skipWhenUnchanged });
  core.setOutput('needs-measurement', decision.measure ? 'true' : 'false');
  core.setOutput('event-family', event?.family ?? '');
  core.info(`monitor-gate: ${decision.reason}`);
  for (const a of planDetectionAnnotations(event)) {
    core.notice(a.message, { title: a.title, file: workspacePath(a.file), ...(a.line ? { startLine: a.line } : {}) });
  }
  await core.summary.addRaw(renderDetectionMarkdown(event, decision)).write();
}

export async function runAction(): Promise<void> {
  let inputs: ActionInputs;
  try {
    inputs = readActionInputs();
  } catch (error) {
    core.setFailed(describeError(error));
    return;
  }
  const fail = (message: string) => (inputs.mode === 'advise' ? core.warning(message) : core.setFailed(message));
  if (inputs.mode === 'detect') return runDetect(inputs);

  let report: GateReport | undefined;
  if (inputs.mode === 'merge') {
    try {
      const files = await findReportFiles(inputs.reportsDir);
      core.info(`monitor-gate: merging ${files.length} partial reports from ${inputs.reportsDir}`);
      report = await mergeReportFiles(files);
    } catch (error) {
      if (!(error instanceof GateError)) throw error;
      await reportConfigFailure([error.toLine()], 'cannot merge the partial reports');
      core.setFailed(`monitor-gate: ${error.toLine()}`);
      return;
    }
  } else {
    report = await gateReport(inputs, fail);
    if (!report) return;
  }

  // The report file first: whatever happens next, the measured results are kept.
  await writeReport(inputs.reportPath, report);
  setOutputs(report, inputs.reportPath);
  // After the report, which goes into the artifact too; a failed upload is only a warning and a note.
  const repairsNote = await uploadRepairs(report, inputs);
  const repairsFooter = repairsNote ? ['', `> [!NOTE]`, `> ${repairsNote}`] : [];

  if (report.shard) {
    // A part of a sharded run: the merge job annotates, comments and decides.
    const summary = renderSummary(report, { footer: repairsFooter, elsewhere: `the JSON report \`${inputs.reportPath}\`` });
    await core.summary.addRaw(summary.markdown).write();
    core.info(`monitor-gate: shard ${formatShard(report.shard)} ${report.verdict === 'pass' ? 'passed' : 'failed'} (${report.summary.monitors} monitors); merge the partial reports for the gate verdict`);
    return;
  }

  annotate(report, inputs);
  const commentNote = await comment(report, inputs);
  const pr = pullRequestTarget();
  const footer = [
    ...(pr ? [`<sub>Pull request #${pr.number}${pr.headSha ? ` at ${pr.headSha.slice(0, 7)}` : ''}.</sub>`] : []),
    ...(commentNote ? ['', `> [!NOTE]`, `> ${commentNote}`] : []),
    ...repairsFooter,
  ];
  const summary = renderSummary(report, { footer, elsewhere: `the JSON report \`${inputs.reportPath}\`` });
  if (summary.stage !== 'full') core.info(`monitor-gate: the job summary is shortened to fit GitHub's limit (${summary.stage})`);
  await core.summary.addRaw(summary.markdown).write();

  if (report.verdict === 'fail') fail(`monitor-gate: ${verdictLine(report)}; see the job summary`);
  else core.info(`monitor-gate: ${verdictLine(report)}`);
}
