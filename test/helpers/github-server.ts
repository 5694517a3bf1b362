/**
 * A stand-in for the GitHub REST API on 127.0.0.1, for driving the real @actions/github client.
 *
 * Every request is checked against GitHub's published OpenAPI description (@octokit/openapi):
 * the method and path must match an operation, query parameters must be ones the operation
 * declares, and a JSON body must validate against the operation's requestBody schema (ajv).
 * Responses of the implemented endpoints are checked against the operation's response schema
 * too, so the fake cannot drift from what GitHub sends. Anything off is recorded in
 * `violations`; tests assert it stays empty.
 *
 * Implemented: list/create/update issue comments, list pull request files, get repository
 * contents. Failures can be injected per route (403, 500, secondary rate limit, ...), and
 * tokens can be marked read-only, as GitHub does for pull requests from forks.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';
import { closeLoopback, listenOnLoopback } from './loopback.ts';

const require = createRequire(import.meta.url);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

interface OpenApiOperation {
  operationId: string;
  parameters?: Array<{ $ref?: string; name?: string; in?: string; required?: boolean; schema?: { type?: string }; 'x-multi-segment'?: boolean }>;
  requestBody?: { required?: boolean; content?: Record<string, { schema?: unknown }> };
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

interface OpenApiSpec {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { parameters: Record<string, { name: string; in: string; required?: boolean; schema?: { type?: string } }> };
}

interface Route {
  template: string;
  method: string;
  operation: OpenApiOperation;
  regex: RegExp;
  params: string[];
  /** Literal segments: more is more specific. */
  literals: number;
}

const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head'];

let cachedSpec: { spec: OpenApiSpec; routes: Route[]; ajv: Ajv } | undefined;

/** GitHub's OpenAPI description (api.github.com, not dereferenced: 13 MB, loaded once per process). */
function openApi(): { spec: OpenApiSpec; routes: Route[]; ajv: Ajv } {
  if (cachedSpec) return cachedSpec;
  const spec = require('@octokit/openapi/generated/api.github.com.json') as OpenApiSpec;
  const routes: Route[] = [];
  for (const [template, item] of Object.entries(spec.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const params: string[] = [];
      const multi = new Set((operation.parameters ?? []).filter((p) => p['x-multi-segment']).map((p) => p.name));
      let literals = 0;
      const pattern = template
        .split('/')
        .map((seg) => {
          const m = /^\{(.+)\}$/.exec(seg);
          if (!m) {
            if (seg) literals++;
            return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          }
          params.push(m[1]);
          return multi.has(m[1]) ? '(.+)' : '([^/]+)';
        })
        .join('/');
      routes.push({ template, method: method.toUpperCase(), operation, regex: new RegExp(`^${pattern}$`), params, literals });
    }
  }
  routes.sort((a, b) => b.literals - a.literals);
  // OpenAPI 3.0 schemas: unknown keywords (example, discriminator, x-*) are ignored, formats not checked.
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  ajv.addSchema(spec as unknown as object, 'github');
  cachedSpec = { spec, routes, ajv };
  return cachedSpec;
}

const pointer = (parts: string[]) => parts.map((p) => encodeURIComponent(p.replace(/~/g, '~0').replace(/\//g, '~1'))).join('/');
const validators = new Map<string, ValidateFunction>();

function validatorFor(parts: string[]): ValidateFunction {
  const ref = `github#/${pointer(parts)}`;
  let v = validators.get(ref);
  if (!v) {
    v = openApi().ajv.compile({ $ref: ref });
    validators.set(ref, v);
  }
  return v;
}

const ajvProblems = (v: ValidateFunction) => (v.errors ?? []).slice(0, 5).map((e) => `${e.instancePath || '/'} ${e.message ?? 'invalid'}`).join('; ');

export interface GitHubUser {
  login: string;
  id: number;
  type: 'User' | 'Bot';
}

export const ACTIONS_BOT: GitHubUser = { login: 'github-actions[bot]', id: 41898282, type: 'Bot' };

export interface StoredComment {
  id: number;
  issue: number;
  owner: string;
  repo: string;
  body: string;
  user: GitHubUser;
  created_at: string;
  updated_at: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  /** The OpenAPI path template the request matched, e.g. /repos/{owner}/{repo}/issues/{issue_number}/comments. */
  route?: string;
  operationId?: string;
  query: Record<string, string>;
  body?: unknown;
  /** "token", "bearer" or "none": how the request authenticated (the token itself is not kept). */
  auth: string;
  status: number;
  /** The Range header of a raw contents request. */
  range?: string;
}

export interface InjectedFailure {
  method: string;
  /** OpenAPI path template. */
  route: string;
  status: number;
  message: string;
  headers?: Record<string, string>;
  /** How many matching requests fail (default 1). */
  times?: number;
}

export interface PullRequestFile {
  filename: string;
  status?: 'added' | 'removed' | 'modified' | 'renamed' | 'copied' | 'changed' | 'unchanged';
  additions?: number;
  deletions?: number;
  patch?: string;
}

function simpleUser(u: GitHubUser, base: string): Json {
  const url = `${base}/users/${encodeURIComponent(u.login)}`;
  const html = `https://github.com/${u.type === 'Bot' ? 'apps/' + u.login.replace(/\[bot\]$/, '') : u.login}`;
  return {
    login: u.login,
    id: u.id,
    node_id: Buffer.from(`04:User${u.id}`).toString('base64'),
    avatar_url: `https://avatars.githubusercontent.com/u/${u.id}?v=4`,
    gravatar_id: '',
    url,
    html_url: html,
    followers_url: `${url}/followers`,
    following_url: `${url}/following{/other_user}`,
    gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`,
    subscriptions_url: `${url}/subscriptions`,
    organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`,
    events_url: `${url}/events{/privacy}`,
    received_events_url: `${url}/received_events`,
    type: u.type,
    user_view_type: 'public',
    site_admin: false,
  };
}

export class GitHubApiServer {
  url = '';
  readonly requests: RecordedRequest[] = [];
  readonly violations: string[] = [];
  readonly comments: StoredComment[] = [];
  /** token -> who it authenticates as; readOnly tokens get 403 on writes, as a fork's pull request token does. */
  readonly tokens = new Map<string, { user: GitHubUser; readOnly?: boolean }>();
  /** "owner/repo#number" -> changed files. */
  readonly pullFiles = new Map<string, PullRequestFile[]>();
  /** "owner/repo:path" -> file text (any ref). */
  readonly contents = new Map<string, string | Buffer>();
  private failures: InjectedFailure[] = [];
  private server?: Server;
  private nextId = 1_000_000;
  private clock = Date.parse('2025-01-01T00:00:00Z');

  async start(): Promise<this> {
    openApi();
    ({ server: this.server, url: this.url } = await listenOnLoopback((req, res) => this.handle(req, res), this.violations));
    return this;
  }

  async close(): Promise<void> {
    await closeLoopback(this.server);
  }


  addToken(token: string, user: GitHubUser = ACTIONS_BOT, readOnly = false): void {
    this.tokens.set(token, { user, readOnly });
  }

  /** The next `times` requests to `method route` answer `status` with GitHub's error body. */
  inject(failure: InjectedFailure): void {
    this.failures.push({ times: 1, ...failure });
  }

  /** GitHub's secondary rate limit: a 403 with this message and a retry-after header. */
  injectSecondaryRateLimit(method: string, route: string, retryAfterSeconds = 1, times = 1): void {
    this.inject({
      method,
      route,
      status: 403,
      times,
      message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
      headers: { 'retry-after': String(retryAfterSeconds) },
    });
  }

  addComment(owner: string, repo: string, issue: number, body: string, user: GitHubUser): StoredComment {
    const now = new Date((this.clock += 1000)).toISOString();
    const c: StoredComment = { id: this.nextId++, issue, owner, repo, body, user, created_at: now, updated_at: now };
    this.comments.push(c);
    return c;
  }

  commentsOn(owner: string, repo: string, issue: number): StoredComment[] {
    return this.comments.filter((c) => c.owner === owner && c.repo === repo && c.issue === issue);
  }

  private commentJson(c: StoredComment): Json {
    const repoUrl = `${this.url}/repos/${c.owner}/${c.repo}`;
    return {
      id: c.id,
      node_id: Buffer.from(`012:IssueComment${c.id}`).toString('base64'),
      url: `${repoUrl}/issues/comments/${c.id}`,
      html_url: `https://github.com/${c.owner}/${c.repo}/pull/${c.issue}#issuecomment-${c.id}`,
      body: c.body,
      user: simpleUser(c.user, this.url),
      created_at: c.created_at,
      updated_at: c.updated_at,
      issue_url: `${repoUrl}/issues/${c.issue}`,
      author_association: c.user.type === 'Bot' ? 'NONE' : 'OWNER',
      performed_via_github_app: null,
      reactions: {
        url: `${repoUrl}/issues/comments/${c.id}/reactions`,
        total_count: 0,
        '+1': 0,
        '-1': 0,
        laugh: 0,
        hooray: 0,
        confused: 0,
        heart: 0,
        rocket: 0,
        eyes: 0,
      },
    };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const method = (req.method ?? 'GET').toUpperCase();
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const authHeader = req.headers.authorization ?? '';
    const [scheme, token] = authHeader.split(/\s+/, 2);
    const record: RecordedRequest = {
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      auth: authHeader ? scheme.toLowerCase() : 'none',
      status: 0,
    };
    this.requests.push(record);
    const send = (status: number, body?: Json, headers: Record<string, string> = {}) => {
      record.status = status;
      const text = body === undefined ? '' : JSON.stringify(body);
      res.writeHead(status, {
        'content-type': 'application/json; charset=utf-8',
        'x-github-api-version-selected': '2022-11-28',
        'x-ratelimit-limit': '5000',
        'x-ratelimit-remaining': '4999',
        'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
        ...headers,
      });
      res.end(text);
    };
    const error = (status: number, message: string, headers?: Record<string, string>) =>
      send(status, { message, documentation_url: 'https://docs.github.com/rest', status: String(status) }, headers);

    // ---- the request against the OpenAPI description ----
    const { routes } = openApi();
    const route = routes.find((r) => r.method === method && r.regex.test(url.pathname));
    if (!route) {
      this.violations.push(`${method} ${url.pathname}: no such operation in GitHub's OpenAPI description`);
      return error(404, 'Not Found');
    }
    record.route = route.template;
    record.operationId = route.operation.operationId;
    const values = route.regex.exec(url.pathname)!.slice(1).map(decodeURIComponent);
    const pathParams = Object.fromEntries(route.params.map((p, i) => [p, values[i]]));
    const { spec } = openApi();
    const declared = (route.operation.parameters ?? []).map((p) => (p.$ref ? spec.components.parameters[p.$ref.split('/').pop()!] : p));
    for (const p of declared.filter((d) => d.in === 'path')) {
      if (p.schema?.type === 'integer' && !/^\d+$/.test(pathParams[p.name!] ?? '')) {
        this.violations.push(`${method} ${route.template}: path parameter ${p.name} must be an integer, got '${pathParams[p.name!]}'`);
      }
    }
    for (const [name, value] of url.searchParams) {
      const p = declared.find((d) => d.in === 'query' && d.name === name);
      if (!p) this.violations.push(`${method} ${route.template}: query parameter '${name}' is not declared`);
      else if (p.schema?.type === 'integer' && !/^\d+$/.test(value)) this.violations.push(`${method} ${route.template}: query parameter '${name}' must be an integer, got '${value}'`);
    }
    for (const p of declared.filter((d) => d.in === 'query' && d.required)) {
      if (!url.searchParams.has(p.name!)) this.violations.push(`${method} ${route.template}: required query parameter '${p.name}' is missing`);
    }
    let body: unknown;
    const bodySpec = route.operation.requestBody;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw);
      } catch {
        this.violations.push(`${method} ${route.template}: body is not JSON`);
      }
      record.body = body;
      if (!bodySpec?.content?.['application/json']) {
        this.violations.push(`${method} ${route.template}: the operation takes no JSON body`);
      } else if (body !== undefined) {
        const v = validatorFor(['paths', route.template, method.toLowerCase(), 'requestBody', 'content', 'application/json', 'schema']);
        if (!v(body)) this.violations.push(`${method} ${route.template}: body does not match the schema: ${ajvProblems(v)}`);
      }
    } else if (bodySpec?.required) {
      this.violations.push(`${method} ${route.template}: the operation requires a body`);
    }

    // ---- authentication and injected failures ----
    const who = token ? this.tokens.get(token) : undefined;
    if (!who || !/^(token|bearer)$/i.test(scheme)) return error(401, 'Bad credentials');
    const failure = this.failures.find((f) => f.method === method && f.route === route.template && (f.times ?? 1) > 0);
    if (failure) {
      failure.times = (failure.times ?? 1) - 1;
      return error(failure.status, failure.message, failure.headers);
    }
    if (who.readOnly && method !== 'GET' && method !== 'HEAD') return error(403, 'Resource not accessible by integration');

    // ---- the implemented endpoints ----
    const { owner, repo } = pathParams;
    const reply = (status: number, json: Json, headers?: Record<string, string>) => {
      const v = validatorFor(['paths', route.template, method.toLowerCase(), 'responses', String(status), 'content', 'application/json', 'schema']);
      if (!v(json)) this.violations.push(`response to ${method} ${route.template} does not match the schema: ${ajvProblems(v)}`);
      send(status, json, headers);
    };
    const page = <T>(items: T[]): { slice: T[]; headers: Record<string, string> } => {
      const perPage = Math.min(100, Number(url.searchParams.get('per_page') ?? 30));
      const current = Math.max(1, Number(url.searchParams.get('page') ?? 1));
      const last = Math.max(1, Math.ceil(items.length / perPage));
      const link = (n: number, rel: string) => {
        const u = new URL(url);
        u.searchParams.set('page', String(n));
        return `<${u.toString()}>; rel="${rel}"`;
      };
      const links: string[] = [];
      if (current < last) links.push(link(current + 1, 'next'), link(last, 'last'));
      if (current > 1) links.push(link(1, 'first'), link(current - 1, 'prev'));
      return { slice: items.slice((current - 1) * perPage, current * perPage), headers: links.length ? { link: links.join(', ') } : {} };
    };

    switch (`${method} ${route.template}`) {
      case 'GET /repos/{owner}/{repo}/issues/{issue_number}/comments': {
        const all = this.commentsOn(owner, repo, Number(pathParams.issue_number)).sort((a, b) => a.id - b.id);
        const { slice, headers } = page(all);
        return reply(200, slice.map((c) => this.commentJson(c)), headers);
      }
      case 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments': {
        const text = (body as { body?: unknown } | undefined)?.body;
        if (typeof text !== 'string') return error(422, 'Validation Failed');
        if (text.length > 65536) return error(422, 'Validation Failed: body is too long (maximum is 65536 characters)');
        const c = this.addComment(owner, repo, Number(pathParams.issue_number), text, who.user);
        return reply(201, this.commentJson(c));
      }
      case 'PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}': {
        const c = this.comments.find((x) => x.id === Number(pathParams.comment_id) && x.owner === owner && x.repo === repo);
        if (!c) return error(404, 'Not Found');
        // Nobody edits another account's comment through the API.
        if (c.user.login !== who.user.login) return error(403, 'Resource not accessible by integration');
        const text = (body as { body?: unknown } | undefined)?.body;
        if (typeof text !== 'string') return error(422, 'Validation Failed');
        if (text.length > 65536) return error(422, 'Validation Failed: body is too long (maximum is 65536 characters)');
        c.body = text;
        c.updated_at = new Date((this.clock += 1000)).toISOString();
        return reply(200, this.commentJson(c));
      }
      case 'GET /repos/{owner}/{repo}/pulls/{pull_number}/files': {
        const files = this.pullFiles.get(`${owner}/${repo}#${pathParams.pull_number}`) ?? [];
        const { slice, headers } = page(files);
        return reply(
          200,
          slice.map((f) => {
            const sha = Buffer.from(f.filename).toString('hex').padEnd(40, '0').slice(0, 40);
            const additions = f.additions ?? 1;
            const deletions = f.deletions ?? 0;
            const entry: { [key: string]: Json } = {
              sha,
              filename: f.filename,
              status: f.status ?? 'modified',
              additions,
              deletions,
              changes: additions + deletions,
              blob_url: `https://github.com/${owner}/${repo}/blob/${sha}/${f.filename}`,
              raw_url: `https://github.com/${owner}/${repo}/raw/${sha}/${f.filename}`,
              contents_url: `${this.url}/repos/${owner}/${repo}/contents/${f.filename}?ref=${sha}`,
            };
            if (f.patch !== undefined) entry.patch = f.patch;
            return entry;
          }),
          headers,
        );
      }
      case 'GET /repos/{owner}/{repo}/contents/{path}': {
        const file = this.contents.get(`${owner}/${repo}:${pathParams.path}`);
        if (file === undefined) return error(404, 'Not Found');
        const bytes = Buffer.from(file);
        // The raw media type returns the bytes themselves and honours a Range header (header-only reads).
        if (String(req.headers.accept ?? '').includes('application/vnd.github.raw')) {
          const range = /^bytes=(\d+)-(\d+)$/.exec(String(req.headers.range ?? ''));
          const body = range ? bytes.subarray(Number(range[1]), Number(range[2]) + 1) : bytes;
          record.status = range ? 206 : 200;
          record.range = range ? String(req.headers.range) : undefined;
          res.writeHead(record.status, { 'content-type': 'application/octet-stream', 'content-length': String(body.length) });
          res.end(body);
          return;
        }
        // Like GitHub: the inline JSON body carries content only for files up to 1 MB.
        const inline = bytes.length <= 1024 * 1024;
        const sha = Buffer.from(pathParams.path).toString('hex').padEnd(40, '0').slice(0, 40);
        const self = `${this.url}/repos/${owner}/${repo}/contents/${pathParams.path}`;
        return reply(200, {
          type: 'file',
          encoding: inline ? 'base64' : 'none',
          size: bytes.length,
          name: pathParams.path.split('/').pop()!,
          path: pathParams.path,
          content: inline ? bytes.toString('base64') : '',
          sha,
          url: self,
          git_url: `${this.url}/repos/${owner}/${repo}/git/blobs/${sha}`,
          html_url: `https://github.com/${owner}/${repo}/blob/main/${pathParams.path}`,
          download_url: `https://raw.githubusercontent.com/${owner}/${repo}/main/${pathParams.path}`,
          _links: { self, git: `${this.url}/repos/${owner}/${repo}/git/blobs/${sha}`, html: `https://github.com/${owner}/${repo}/blob/main/${pathParams.path}` },
        });
      }
      default:
        this.violations.push(`${method} ${route.template}: valid, but not implemented by the test server`);
        return error(501, 'Not Implemented');
    }
  }
}
