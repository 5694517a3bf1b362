/**
 * The GitHub Action: reads inputs into one typed object, runs the core gate, and turns the
 * report into outputs, a job summary and annotations. No gate logic lives here.
 */
import path from 'node:path';
import * as core from '@actions/core';
import * as github from '@actions/github';
import {
  GateError,
  describeError,
  formatDiagnostic,
  planAnnotations,
  renderMarkdown,
  runGate,
  validateConfig,
  writeReport,
  type ConfigDiagnostic,
  type GateReport,
  type Logger,
} from '../core/index.ts';

export interface ActionInputs {
  config: string;
  baseActivations?: string;
  updatedActivations?: string;
  mode: 'enforce' | 'advise';
  reportPath: string;
  provider: 'auto' | 'cpu' | 'cuda';
}

/** Every raw input becomes a typed value here; errors name the input and the accepted values. */
export function readActionInputs(): ActionInputs {
  const mode = core.getInput('mode') || 'enforce';
  if (mode !== 'enforce' && mode !== 'advise') {
    throw new GateError('usage', `input 'mode' must be 'enforce' or 'advise', got '${mode}'`);
  }
  const provider = core.getInput('execution-provider') || 'auto';
  if (provider !== 'auto' && provider !== 'cpu' && provider !== 'cuda') {
    throw new GateError('usage', `input 'execution-provider' must be 'auto', 'cpu' or 'cuda', got '${provider}'`);
  }
  return {
    config: core.getInput('config') || '.github/monitor-gate.yml',
    baseActivations: core.getInput('base-activations') || undefined,
    updatedActivations: core.getInput('updated-activations') || undefined,
    mode,
    reportPath: core.getInput('report-path') || 'monitor-gate-report.json',
    provider,
  };
}

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

function pullRequestLine(): string {
  const pr = github.context.payload.pull_request;
  if (!pr) return '';
  const sha = String(pr.head?.sha ?? '').slice(0, 7);
  return `<sub>Pull request #${pr.number}${sha ? ` at ${sha}` : ''}.</sub>\n`;
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

function publishReport(report: GateReport, reportPath: string): void {
  core.setOutput('verdict', report.verdict);
  core.setOutput('stale-monitors', report.monitors.filter((m) => m.verdict === 'stale').map((m) => m.id).join(','));
  core.setOutput('report-path', reportPath);
  for (const a of planAnnotations(report)) {
    const props = { title: a.title, file: workspacePath(a.file), startLine: a.line, startColumn: a.column };
    if (a.level === 'error') core.error(a.message, props);
    else if (a.level === 'warning') core.warning(a.message, props);
    else core.notice(a.message, props);
  }
}

async function reportConfigFailure(lines: string[]): Promise<void> {
  core.setOutput('verdict', 'fail');
  core.setOutput('stale-monitors', '');
  await core.summary.addHeading('❌ monitor-gate: config error', 2).addCodeBlock(lines.join('\n')).write();
}

export async function runAction(): Promise<void> {
  let inputs: ActionInputs;
  try {
    inputs = readActionInputs();
  } catch (error) {
    core.setFailed(describeError(error));
    return;
  }
  const fail = (message: string) => (inputs.mode === 'enforce' ? core.setFailed(message) : core.warning(message));

  let validation: Awaited<ReturnType<typeof validateConfig>>;
  try {
    validation = await validateConfig(inputs.config);
  } catch (error) {
    if (!(error instanceof GateError)) throw error;
    await reportConfigFailure([error.toLine()]);
    fail(`monitor-gate: ${error.toLine()}`);
    return;
  }
  const { config, diagnostics } = validation;
  if (!config) {
    annotateDiagnostics(diagnostics);
    await reportConfigFailure(diagnostics.map(formatDiagnostic));
    fail(`monitor-gate: ${inputs.config} is not a usable config (${diagnostics.length} problem(s))`);
    return;
  }
  // Per-monitor config problems show up as errored monitors in the report, at their lines.

  const report = await runGate(config, {
    baseDir: inputs.baseActivations,
    updatedDir: inputs.updatedActivations,
    provider: inputs.provider,
    logger: actionsLogger,
  });
  // The report file first: whatever happens next, the measured results are kept.
  await writeReport(inputs.reportPath, report);
  publishReport(report, inputs.reportPath);
  await core.summary.addRaw(renderMarkdown(report) + pullRequestLine()).write();

  if (report.verdict === 'fail') {
    const ids = report.summary.blocking_failures.join(', ');
    fail(`monitor-gate: gate failed on ${ids}; see the job summary`);
  } else {
    core.info(`monitor-gate: gate passed (${report.summary.monitors} monitors)`);
  }
}
