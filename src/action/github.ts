/**
 * The Action's GitHub I/O: an Octokit client that retries, and the sticky pull-request comment.
 * Nothing here logs the token or any header: API errors become one line of status, route and
 * GitHub's message.
 */
import * as github from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { hasCommentMarker } from '../core/index.ts';
import { log } from './log.ts';

export type GitHubClient = ReturnType<typeof github.getOctokit>;

/** Retries per request: 5xx with backoff (1 s, 4 s, 9 s), secondary rate limits after GitHub's retry-after. */
export const RETRIES = 3;

/** Octokit logs whole error objects (with headers); keep only the message text, and only in debug. */
const firstText = (args: unknown[]) => args.map((a) => (typeof a === 'string' ? a : a instanceof Error ? a.message : '')).filter(Boolean).join(' ');

export function createClient(token: string): GitHubClient {
  return github.getOctokit(
    token,
    {
      log: {
        debug: (...args: unknown[]) => log.debug(firstText(args)),
        info: (...args: unknown[]) => log.debug(firstText(args)),
        warn: (...args: unknown[]) => log.info(firstText(args)),
        error: (...args: unknown[]) => log.info(firstText(args)),
      },
      retry: { retries: RETRIES, doNotRetry: [400, 401, 403, 404, 410, 422, 451] },
      throttle: {
        onRateLimit: (retryAfter: number, options: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
          log.info(`GitHub API rate limit reached on ${options.method} ${options.url}; ${retryCount < 1 && retryAfter <= 60 ? `retrying in ${retryAfter} s` : 'giving up'}`);
          return retryCount < 1 && retryAfter <= 60;
        },
        onSecondaryRateLimit: (retryAfter: number, options: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
          log.info(`GitHub API secondary rate limit on ${options.method} ${options.url}; ${retryCount < RETRIES ? `retrying in ${retryAfter} s` : 'giving up'}`);
          return retryCount < RETRIES;
        },
      },
    },
    retry,
    throttling,
  );
}

interface RequestErrorLike {
  status: number;
  message: string;
  request?: { method?: string; url?: string };
  response?: { data?: unknown };
}

const isRequestError = (e: unknown): e is RequestErrorLike =>
  typeof e === 'object' && e !== null && typeof (e as RequestErrorLike).status === 'number' && typeof (e as RequestErrorLike).message === 'string';

/** HTTP status of a failed API call, or undefined for other failures (network, bugs). */
export const errorStatus = (error: unknown) => (isRequestError(error) ? error.status : undefined);

/** "403 POST /repos/o/r/issues/2/comments: Resource not accessible by integration": no headers, no token, no query. */
export function apiErrorLine(error: unknown): string {
  if (!isRequestError(error)) return error instanceof Error ? error.message : String(error);
  const data = error.response?.data as { message?: unknown } | undefined;
  const message = typeof data?.message === 'string' ? data.message : error.message.split(' - ')[0];
  let route = '';
  if (error.request?.url) {
    try {
      route = ` ${error.request.method ?? ''} ${new URL(error.request.url).pathname}`;
    } catch {
      route = '';
    }
  }
  return `${error.status}${route}: ${message}`.replace(/\s+/g, ' ');
}

export interface IssueComment {
  id: number;
  body?: string | null;
  user?: { login?: string; type?: string } | null;
}

/**
 * The comment to update: among comments with the marker, the author's own when `login` is known,
 * else a bot's (the gate posts with a bot token), else any; the oldest of those.
 */
export function findStickyComment(comments: readonly IssueComment[], marker: string, login?: string): IssueComment | undefined {
  const marked = comments.filter((c) => hasCommentMarker(c.body, marker));
  const mine = login ? marked.filter((c) => c.user?.login === login) : [];
  const bots = marked.filter((c) => c.user?.type === 'Bot');
  const pool = login ? mine : bots.length > 0 ? bots : marked;
  return [...pool].sort((a, b) => a.id - b.id)[0];
}

export interface PullRequestTarget {
  owner: string;
  repo: string;
  number: number;
}

export type CommentOutcome =
  | { action: 'created' | 'updated' | 'unchanged'; id: number; url?: string }
  | { action: 'forbidden'; reason: string }
  | { action: 'failed'; reason: string };

/** Creates the sticky comment, or updates it in place when a previous run left one. Never throws. */
export async function upsertStickyComment(
  client: GitHubClient,
  target: PullRequestTarget,
  body: string,
  marker: string,
  login?: string,
): Promise<CommentOutcome> {
  const where = { owner: target.owner, repo: target.repo };
  try {
    const comments = (await client.paginate(client.rest.issues.listComments, {
      ...where,
      issue_number: target.number,
      per_page: 100,
    })) as IssueComment[];
    const existing = findStickyComment(comments, marker, login);
    if (existing) {
      if (existing.body === body) return { action: 'unchanged', id: existing.id };
      const { data } = await client.rest.issues.updateComment({ ...where, comment_id: existing.id, body });
      return { action: 'updated', id: data.id, url: data.html_url };
    }
    const { data } = await client.rest.issues.createComment({ ...where, issue_number: target.number, body });
    return { action: 'created', id: data.id, url: data.html_url };
  } catch (error) {
    const reason = apiErrorLine(error);
    // 403: the token cannot write here (read-only token on a fork's pull request, or missing pull-requests: write).
    if (errorStatus(error) === 403 && !/rate limit/i.test(reason)) return { action: 'forbidden', reason };
    return { action: 'failed', reason };
  }
}

/** The pull request this run belongs to, from the event payload; undefined for other events. */
export function pullRequestTarget(): (PullRequestTarget & { headSha?: string; fork?: string }) | undefined {
  const { payload } = github.context;
  const pr = payload.pull_request ?? (payload.issue?.pull_request ? payload.issue : undefined);
  if (!pr || typeof pr.number !== 'number') return undefined;
  let owner: string;
  let repo: string;
  try {
    ({ owner, repo } = github.context.repo);
  } catch {
    return undefined;
  }
  const head = (pr as { head?: { sha?: string; repo?: { full_name?: string } | null } }).head;
  const base = payload.repository?.full_name ?? `${owner}/${repo}`;
  const headRepo = head?.repo?.full_name;
  // A deleted fork has head.repo null; treat it as a fork too.
  const fork = head && (head.repo === null || (headRepo && headRepo !== base)) ? (headRepo ?? 'a deleted fork') : undefined;
  return { owner, repo, number: pr.number, headSha: head?.sha, fork };
}

/** Link to this run's page, where the job summary is shown. */
export function runUrl(): string | undefined {
  const { serverUrl, runId, runAttempt } = github.context;
  const repository = process.env.GITHUB_REPOSITORY;
  if (!serverUrl || !runId || !repository) return undefined;
  return `${serverUrl}/${repository}/actions/runs/${runId}${runAttempt > 1 ? `/attempts/${runAttempt}` : ''}`;
}
