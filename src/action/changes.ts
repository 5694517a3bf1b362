/**
 * The changed files of the pull request: from the local checkout when both commits are there
 * (no API calls, works on forks), else from the REST API (list PR files, then each file's
 * contents at the head SHA). Files too big for the contents API are listed, not read.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import * as github from '@actions/github';
import { changedFileFromBytes, type ChangeSource, type ChangedFile } from '../core/index.ts';
import { log } from './log.ts';
import { apiErrorLine, type GitHubClient } from './github.ts';

const run = promisify(execFile);

/** The contents API returns bodies up to 1 MB inline; larger files would need the blob API. */
const MAX_API_FILE_BYTES = 1024 * 1024;
/** A model-release PR with more changed files than this is not read file by file over the API. */
const MAX_API_FILES = 300;

interface PullRequestRefs {
  owner: string;
  repo: string;
  number: number;
  baseSha?: string;
  headSha?: string;
  labels: string[];
}

export function pullRequestRefs(): PullRequestRefs | undefined {
  const pr = github.context.payload.pull_request as
    | { number: number; base?: { sha?: string }; head?: { sha?: string }; labels?: Array<{ name?: string }> }
    | undefined;
  if (!pr) return undefined;
  const { owner, repo } = github.context.repo;
  return {
    owner,
    repo,
    number: pr.number,
    baseSha: pr.base?.sha,
    headSha: pr.head?.sha,
    labels: (pr.labels ?? []).map((l) => l.name ?? '').filter(Boolean),
  };
}

async function hasCommit(sha: string, cwd: string): Promise<boolean> {
  try {
    await run('git', ['cat-file', '-e', `${sha}^{commit}`], { cwd });
    return true;
  } catch {
    return false;
  }
}

export async function pullRequestChangeSource(
  pr: PullRequestRefs,
  client: GitHubClient | undefined,
  workspace: string,
): Promise<ChangeSource | undefined> {
  if (pr.baseSha && pr.headSha && (await hasCommit(pr.baseSha, workspace)) && (await hasCommit(pr.headSha, workspace))) {
    // Three dots: the PR's own changes since the merge base, as GitHub shows them.
    return { kind: 'git', range: `${pr.baseSha}...${pr.headSha}`, cwd: workspace };
  }
  if (!client || !pr.headSha) return undefined;
  log.info('monitor-gate: base commit not in the checkout (fetch-depth); reading the changed files from the GitHub API');
  try {
    const files = await changedFilesFromApi(client, pr);
    // A pull request always changes something; an empty listing is a listing we cannot trust.
    if (files.length === 0) {
      log.warning('monitor-gate: the GitHub API listed no changed files for this pull request; update detection skipped and every monitor measured');
      return undefined;
    }
    return { kind: 'files', files };
  } catch (error) {
    log.warning(`monitor-gate: could not list the pull request's files (${apiErrorLine(error)}); update detection skipped`);
    return undefined;
  }
}

/** A large file read lazily: the first bytes through the raw media type and a Range header. */
function rangeReadFile(client: GitHubClient, pr: PullRequestRefs, filePath: string, status: ChangedFile['status'], size: number): ChangedFile {
  const readHead = async (maxBytes: number): Promise<Uint8Array> => {
    const wanted = Math.max(0, Math.min(maxBytes, size));
    if (wanted === 0) return new Uint8Array(0);
    const response = await client.request('GET /repos/{owner}/{repo}/contents/{path}', {
      owner: pr.owner,
      repo: pr.repo,
      path: filePath,
      ref: pr.headSha,
      headers: { accept: 'application/vnd.github.raw', range: `bytes=0-${wanted - 1}` },
    });
    const data = response.data as unknown;
    const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : typeof data === 'string' ? Buffer.from(data, 'latin1') : new Uint8Array(0);
    // A server that ignores Range sends everything; keep only what was asked for.
    return bytes.subarray(0, wanted);
  };
  return { path: filePath, status, size, readHead, read: () => readHead(size) };
}

/** A changed file whose content could not be had; reading it fails with why, so detection counts it as unreadable. */
function unreadableFile(filePath: string, why: string, status: ChangedFile['status'] = 'modified'): ChangedFile {
  const fail = async (): Promise<Uint8Array> => {
    throw new Error(why);
  };
  return { path: filePath, status, read: fail, readHead: fail };
}

async function changedFilesFromApi(client: GitHubClient, pr: PullRequestRefs): Promise<ChangedFile[]> {
  const listed = await client.paginate(client.rest.pulls.listFiles, { owner: pr.owner, repo: pr.repo, pull_number: pr.number, per_page: 100 });
  const files: ChangedFile[] = [];
  for (const entry of listed.slice(0, MAX_API_FILES)) {
    if (entry.status === 'removed') continue;
    const status = entry.status === 'added' ? 'added' : entry.status === 'renamed' ? 'renamed' : 'modified';
    let content: Uint8Array | undefined;
    let size: number | undefined;
    try {
      const { data } = await client.rest.repos.getContent({ owner: pr.owner, repo: pr.repo, path: entry.filename, ref: pr.headSha });
      if (!Array.isArray(data) && data.type === 'file') {
        size = data.size;
        if (data.size <= MAX_API_FILE_BYTES && data.encoding === 'base64') content = Buffer.from(data.content, 'base64');
      }
    } catch (error) {
      log.info(`monitor-gate: ${entry.filename}: not read (${apiErrorLine(error)})`);
      files.push(unreadableFile(entry.filename, `could not be read over the GitHub API (${apiErrorLine(error)})`, status));
      continue;
    }
    if (size !== undefined && size > MAX_API_FILE_BYTES) {
      // Weights and other large files: only their headers matter, fetched with a Range request.
      files.push(rangeReadFile(client, pr, entry.filename, status, size));
      continue;
    }
    // A file the contents API did not return (a folder, a submodule, no inline content) still counts as
    // changed, and as unreadable: the detector must assume it touches the model.
    if (content === undefined) {
      files.push(unreadableFile(entry.filename, 'the GitHub contents API returned no file content', status));
      continue;
    }
    files.push(changedFileFromBytes(entry.filename, content, { status, size: size ?? content.length }));
  }
  // Past the cap a file is listed but never read: unread means it may touch the model.
  for (const entry of listed.slice(MAX_API_FILES)) {
    if (entry.status !== 'removed') files.push(unreadableFile(entry.filename, `not read: the pull request changes more than ${MAX_API_FILES} files`));
  }
  if (listed.length > MAX_API_FILES) log.info(`monitor-gate: ${listed.length} changed files; detection read the first ${MAX_API_FILES}`);
  return files;
}
