/**
 * The sticky pull-request comment: the same report as the job summary, under a hidden marker
 * that lets the next run find and update this comment instead of adding another. Pure: the
 * Action decides where it goes.
 */
import { clip } from '../escape.ts';
import { renderTrajectoryMarkdown } from '../trajectory/render.ts';
import type { TrajectoryReport } from '../trajectory/types.ts';
import type { GateReport } from '../types.ts';
import { pathShower } from './display-path.ts';
import { renderReportMarkdown, type ReportStage } from './markdown.ts';

/** GitHub rejects comment bodies longer than 65,536 characters. */
export const COMMENT_MAX_CHARS = 65_536;

const MARKER_PREFIX = '<!-- monitor-gate:sticky-comment';
const TRAJECTORY_MARKER_PREFIX = '<!-- monitor-gate:trajectory-comment';

/**
 * The hidden first line of the comment. It names the config, so two gates with two configs on one
 * pull request keep two comments; runs of one config (sharded or not) share one.
 */
export function commentMarker(configPath: string, kind: 'gate' | 'trajectory' = 'gate'): string {
  // Nothing in the key may end the HTML comment (or its attribute) early, or carry a control character.
  const key = configPath.replace(/\\/g, '/').replace(/-->|--|[<>"\u0000-\u001f\u007f-\u009f]/g, '_');
  // the trajectory's comment is its own, beside the gate's on the same pull request
  return `${kind === 'gate' ? MARKER_PREFIX : TRAJECTORY_MARKER_PREFIX} config="${key}" -->`;
}

/** Whether a comment body carries this marker (the first line of every body we write). */
export function hasCommentMarker(body: string | null | undefined, marker: string): boolean {
  return typeof body === 'string' && body.includes(marker);
}

export interface CommentOptions {
  /** Where the full report is: the job summary of this run. Named when rows are left out. */
  summaryUrl?: string;
  /** Lines after the report (which pull request and commit, say). */
  footer?: readonly string[];
  /** The workspace: paths are shown relative to it, and the marker names the config that way. */
  root?: string;
}

export interface RenderedComment {
  body: string;
  marker: string;
  stage: ReportStage;
}

/**
 * The comment body: marker, verdict, action lines, table, collapsed chart and details, degraded in
 * stages (see markdown.ts) to stay within COMMENT_MAX_CHARS. Deterministic.
 */
export function renderComment(report: GateReport, options: CommentOptions = {}): RenderedComment {
  // The config as shown (relative to the workspace): the same key on every runner's checkout path.
  const marker = commentMarker(pathShower(options.root)(report.config));
  const elsewhere = options.summaryUrl ? `the [job summary](${options.summaryUrl}) of this run` : 'the job summary of this run';
  const { markdown, stage } = renderReportMarkdown(report, {
    header: [marker],
    footer: options.footer,
    root: options.root,
    elsewhere,
    // Strictly under: JavaScript counts UTF-16 units, never fewer than the characters GitHub counts.
    limit: COMMENT_MAX_CHARS - 1,
    measure: (s) => s.length,
    limitName: "GitHub's 65,536-character comment limit",
  });
  return { body: markdown, marker, stage };
}

/**
 * The trajectory's sticky comment: its own marker, the summary's lines, chart and table; without
 * the chart and table when that would pass the comment limit (they stay in the job summary).
 */
export function renderTrajectoryComment(report: TrajectoryReport, options: CommentOptions = {}): RenderedComment {
  const marker = commentMarker(pathShower(options.root)(report.config), 'trajectory');
  const footer = options.footer?.length ? ['', ...options.footer] : [];
  const full = [marker, renderTrajectoryMarkdown(report), ...footer].join('\n') + '\n';
  if (full.length < COMMENT_MAX_CHARS) return { body: full, marker, stage: 'full' };
  const elsewhere = options.summaryUrl ? `the [job summary](${options.summaryUrl}) of this run` : 'the job summary of this run';
  const lines = renderTrajectoryMarkdown(report, { table: false });
  const short = [marker, lines, `The chart and the table of every score are in ${elsewhere}.`, ...footer].join('\n') + '\n';
  return { body: short.length < COMMENT_MAX_CHARS ? short : `${marker}\n${clip(lines, COMMENT_MAX_CHARS - 2000)}\n\nThe rest is in ${elsewhere}.\n`, marker, stage: 'notice' };
}
