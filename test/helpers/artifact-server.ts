/**
 * A stand-in for the GitHub Actions artifact backend on 127.0.0.1, for driving the real
 * @actions/artifact client (v6): the "results" Twirp service it finds at ACTIONS_RESULTS_URL,
 * and the Azure blob store behind the signed upload URL that CreateArtifact hands out.
 *
 * Twirp (POST /twirp/github.actions.results.api.v1.ArtifactService/<Method>, JSON):
 *   - the route, method and content type are checked, and unknown routes answer Twirp's bad_route;
 *   - the Authorization header must be `Bearer <token>` for a token this server issued (an
 *     ACTIONS_RUNTIME_TOKEN-shaped JWT whose `scp` claim holds `Actions.Results:<run>:<job>`),
 *     and the backend ids in the body must be that token's;
 *   - bodies are validated against the request messages of results/api/v1/artifact.proto in their
 *     proto3 JSON form (proto field names, int64 as strings, wrappers as plain values), unknown
 *     fields included;
 *   - CreateArtifact refuses a name the run already has (already_exists, as the service does) and
 *     returns a signed upload URL on this server; FinalizeArtifact checks the size and the
 *     `sha256:<hex>` hash the client sends against the bytes the blob store received.
 * Blob store (PUT <signed url>&comp=block|blocklist, the block blob calls of @azure/storage-blob):
 *   - the SAS signature must be the one issued for a created, unfinalized artifact, and the runtime
 *     token must not be sent there; x-ms-version is required; Content-Length must match the body;
 *   - block ids must be base64 of equal length; the XML block list must name staged blocks only.
 *
 * Anything off is recorded in `violations` (tests assert it stays empty) and answered with the
 * error the real service would give. Failures can be injected per operation.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { crc32, inflateRawSync } from 'node:zlib';
import { Ajv, type ValidateFunction } from 'ajv';
import { closeLoopback, listenOnLoopback } from './loopback.ts';

const SERVICE = 'github.actions.results.api.v1.ArtifactService';

/** Twirp error codes and the HTTP status each one is sent with (twitchtv/twirp's spec). */
const TWIRP_STATUS: Record<string, number> = {
  canceled: 408,
  invalid_argument: 400,
  malformed: 400,
  deadline_exceeded: 408,
  not_found: 404,
  bad_route: 404,
  already_exists: 409,
  permission_denied: 403,
  unauthenticated: 401,
  resource_exhausted: 429,
  failed_precondition: 412,
  aborted: 409,
  out_of_range: 400,
  unimplemented: 501,
  internal: 500,
  unavailable: 503,
  dataloss: 500,
};

const backendId = { type: 'string', pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' };
/** proto3 JSON of google.protobuf.Timestamp: RFC 3339, "Z" offset. */
const timestamp = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z$' };
/** proto3 JSON of int64: a decimal string (numbers are accepted on input too). */
const int64 = { anyOf: [{ type: 'string', pattern: '^-?\\d+$' }, { type: 'integer' }] };

/** The request messages of github/actions/results/api/v1/artifact.proto, in proto3 JSON. */
const REQUEST_SCHEMAS: Record<string, object> = {
  CreateArtifact: {
    type: 'object',
    additionalProperties: false,
    required: ['workflow_run_backend_id', 'workflow_job_run_backend_id', 'name', 'version'],
    properties: {
      workflow_run_backend_id: backendId,
      workflow_job_run_backend_id: backendId,
      name: { type: 'string', minLength: 1 },
      expires_at: timestamp,
      version: { type: 'integer', minimum: 1, maximum: 2147483647 },
      mime_type: { type: 'string' },
    },
  },
  FinalizeArtifact: {
    type: 'object',
    additionalProperties: false,
    required: ['workflow_run_backend_id', 'workflow_job_run_backend_id', 'name', 'size'],
    properties: {
      workflow_run_backend_id: backendId,
      workflow_job_run_backend_id: backendId,
      name: { type: 'string', minLength: 1 },
      size: int64,
      hash: { type: 'string' },
    },
  },
};

/** Characters the service refuses in an artifact name. */
const INVALID_NAME = /["<>|*?:\\/\r\n]/;

export type ArtifactOperation = 'CreateArtifact' | 'FinalizeArtifact' | 'PutBlock' | 'PutBlockList';

export interface InjectedArtifactFailure {
  operation: ArtifactOperation;
  status: number;
  /** Twirp error code (Twirp operations) or Azure error code (blob operations); derived from status when absent. */
  code?: string;
  message?: string;
  /** How many matching requests fail (default 1). */
  times?: number;
}

export interface ArtifactRequest {
  operation: ArtifactOperation | 'unknown';
  method: string;
  path: string;
  /** "bearer", "none" or another scheme: how the request authenticated (tokens are not kept). */
  auth: string;
  body?: unknown;
  status: number;
}

export interface StoredArtifact {
  id: number;
  name: string;
  runId: string;
  jobId: string;
  version: number;
  mimeType?: string;
  expiresAt?: string;
  uploadUrl: string;
  sig: string;
  /** Staged, not yet committed blocks. */
  blocks: Map<string, Buffer>;
  /** The blob's bytes after the block list was committed. */
  bytes?: Buffer;
  blobContentType?: string;
  finalized: boolean;
  size?: number;
  hash?: string;
}

interface RuntimeToken {
  runId: string;
  jobId: string;
}

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

export class ArtifactServer {
  url = '';
  readonly requests: ArtifactRequest[] = [];
  readonly violations: string[] = [];
  readonly artifacts: StoredArtifact[] = [];
  private readonly tokens = new Map<string, RuntimeToken>();
  private failures: InjectedArtifactFailure[] = [];
  private server?: Server;
  private nextId = 4_200_000_000;
  private readonly validators = new Map<string, ValidateFunction>();

  async start(): Promise<this> {
    const ajv = new Ajv({ allErrors: true, strict: true });
    for (const [method, schema] of Object.entries(REQUEST_SCHEMAS)) this.validators.set(method, ajv.compile(schema));
    ({ server: this.server, url: this.url } = await listenOnLoopback((req, res) => this.handle(req, res), this.violations));
    return this;
  }

  async close(): Promise<void> {
    await closeLoopback(this.server);
  }

  /**
   * An ACTIONS_RUNTIME_TOKEN for one job of one workflow run: a JWT (unsigned here; the
   * client only decodes it) whose scp claim carries the Actions.Results scope with both backend ids.
   */
  issueToken(ids: Partial<RuntimeToken> = {}): { token: string; runId: string; jobId: string } {
    const runId = ids.runId ?? randomUUID();
    const jobId = ids.jobId ?? randomUUID();
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      nameid: 'dddddddd-dddd-dddd-dddd-dddddddddddd',
      scp: `Actions.ExampleScope Actions.GenericRead:00000000-0000-0000-0000-000000000000 Actions.Results:${runId}:${jobId} Actions.UploadArtifacts:00000000-0000-0000-0000-000000000000/1:Build/Build`,
      iss: 'vstoken.actions.githubusercontent.com',
      aud: 'vso:00000000-0000-0000-0000-000000000000',
      nbf: now - 60,
      exp: now + 3600,
    };
    const token = `${b64url({ typ: 'JWT', alg: 'RS256', x5t: 'stand-in' })}.${b64url(claims)}.${randomBytes(32).toString('base64url')}`;
    this.tokens.set(token, { runId, jobId });
    return { token, runId, jobId };
  }

  /** The environment the runner gives a JavaScript action for the artifact service. */
  env(token: string): Record<string, string> {
    return { ACTIONS_RESULTS_URL: `${this.url}/`, ACTIONS_RUNTIME_TOKEN: token };
  }

  inject(failure: InjectedArtifactFailure): void {
    this.failures.push({ times: 1, ...failure });
  }

  /** The finalized artifacts, the way the workflow run lists them. */
  finalized(): StoredArtifact[] {
    return this.artifacts.filter((a) => a.finalized);
  }

  private takeFailure(operation: ArtifactOperation): InjectedArtifactFailure | undefined {
    const failure = this.failures.find((f) => f.operation === operation && (f.times ?? 1) > 0);
    if (failure) failure.times = (failure.times ?? 1) - 1;
    return failure;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const method = (req.method ?? 'GET').toUpperCase();
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const authHeader = req.headers.authorization ?? '';
    const record: ArtifactRequest = {
      operation: 'unknown',
      method,
      path: url.pathname,
      auth: authHeader ? authHeader.split(/\s+/, 1)[0].toLowerCase() : 'none',
      status: 0,
    };
    this.requests.push(record);
    if (url.pathname.startsWith('/twirp/')) return this.twirp(req, res, url, method, raw, record);
    if (url.pathname.startsWith('/blob/')) return this.blob(req, res, url, method, raw, record);
    this.violations.push(`${method} ${url.pathname}: neither the Twirp service nor an upload URL`);
    record.status = 404;
    res.writeHead(404).end();
  }

  // ---- the results service (Twirp, JSON) ----

  private async twirp(req: IncomingMessage, res: ServerResponse, url: URL, method: string, raw: Buffer, record: ArtifactRequest): Promise<void> {
    const send = (status: number, body: unknown) => {
      record.status = status;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const twirpError = (code: string, msg: string) => send(TWIRP_STATUS[code] ?? 500, { code, msg });

    const m = new RegExp(`^/twirp/${SERVICE.replace(/\./g, '\\.')}/(\\w+)$`).exec(url.pathname);
    if (!m || method !== 'POST') {
      this.violations.push(`${method} ${url.pathname}: not a Twirp route of ${SERVICE}`);
      return twirpError('bad_route', `no handler for path "${url.pathname}"`);
    }
    const rpc = m[1];
    if (rpc !== 'CreateArtifact' && rpc !== 'FinalizeArtifact') {
      this.violations.push(`POST ${url.pathname}: ${rpc} is not implemented by the stand-in`);
      return twirpError('bad_route', `no handler for path "${url.pathname}"`);
    }
    record.operation = rpc;
    const contentType = String(req.headers['content-type'] ?? '').split(';')[0].trim();
    if (contentType !== 'application/json') {
      this.violations.push(`${rpc}: Content-Type '${contentType}', expected application/json`);
      return twirpError('bad_route', `unexpected Content-Type: "${contentType}"`);
    }
    if (url.search) this.violations.push(`${rpc}: unexpected query string ${url.search}`);

    // Authentication before the body, as the service does.
    const auth = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '');
    const token = auth ? this.tokens.get(auth[1]) : undefined;
    if (!token) {
      this.violations.push(`${rpc}: no Bearer runtime token this server issued`);
      return twirpError('unauthenticated', 'invalid or missing runtime token');
    }

    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      this.violations.push(`${rpc}: body is not JSON`);
      return twirpError('malformed', 'the json request could not be decoded');
    }
    record.body = body;
    const validate = this.validators.get(rpc)!;
    if (!validate(body)) {
      const problems = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'invalid'}${e.params && 'additionalProperty' in e.params ? ` '${e.params.additionalProperty}'` : ''}`).join('; ');
      this.violations.push(`${rpc}: body does not match the ${rpc}Request message: ${problems}`);
      return twirpError('malformed', `invalid ${rpc} request: ${problems}`);
    }
    if (body.workflow_run_backend_id !== token.runId || body.workflow_job_run_backend_id !== token.jobId) {
      this.violations.push(`${rpc}: backend ids ${String(body.workflow_run_backend_id)}:${String(body.workflow_job_run_backend_id)} are not the token's Actions.Results scope`);
      return twirpError('permission_denied', 'the token does not grant access to this workflow job run');
    }

    const failure = this.takeFailure(rpc);
    if (failure) {
      const code = failure.code ?? Object.entries(TWIRP_STATUS).find(([, s]) => s === failure.status)?.[0] ?? 'internal';
      record.status = failure.status;
      res.writeHead(failure.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ code, msg: failure.message ?? `injected ${code}` }));
      return;
    }

    const name = body.name as string;
    if (rpc === 'CreateArtifact') {
      if (INVALID_NAME.test(name)) {
        this.violations.push(`CreateArtifact: invalid artifact name ${JSON.stringify(name)}`);
        return twirpError('invalid_argument', `invalid artifact name: ${name}`);
      }
      if (body.version !== 7) this.violations.push(`CreateArtifact: version ${String(body.version)}, expected 7 (the v6 client)`);
      if (typeof body.expires_at === 'string' && Date.parse(body.expires_at) <= Date.now()) {
        return twirpError('invalid_argument', 'expires_at is in the past');
      }
      // Names are unique within a workflow run, ignoring case.
      if (this.artifacts.some((a) => a.runId === token.runId && a.name.toLowerCase() === name.toLowerCase())) {
        return twirpError('already_exists', `an artifact with this name already exists on the workflow run`);
      }
      const id = this.nextId++;
      const sig = randomBytes(32).toString('base64');
      const expiry = new Date(Date.now() + 3600_000).toISOString().replace(/\.\d+Z$/, 'Z');
      const blobPath = `/blob/actions-results/${token.runId}/workflow-job-run-${token.jobId}/artifacts/${id}.zip`;
      const query = new URLSearchParams({ sv: '2023-11-03', se: expiry, sr: 'b', sp: 'cw', sig });
      const uploadUrl = `${this.url}${blobPath}?${query}`;
      this.artifacts.push({
        id,
        name,
        runId: token.runId,
        jobId: token.jobId,
        version: body.version as number,
        mimeType: body.mime_type as string | undefined,
        expiresAt: body.expires_at as string | undefined,
        uploadUrl,
        sig,
        blocks: new Map(),
        finalized: false,
      });
      return send(200, { ok: true, signed_upload_url: uploadUrl });
    }

    // FinalizeArtifact
    const artifact = this.artifacts.find((a) => a.runId === token.runId && a.jobId === token.jobId && a.name === name);
    if (!artifact) {
      this.violations.push(`FinalizeArtifact: no artifact '${name}' was created by this job`);
      return twirpError('not_found', 'artifact not found');
    }
    if (artifact.finalized) {
      this.violations.push(`FinalizeArtifact: '${name}' is already finalized`);
      return twirpError('failed_precondition', 'artifact already finalized');
    }
    if (!artifact.bytes) {
      this.violations.push(`FinalizeArtifact: '${name}' has no committed blob`);
      return twirpError('failed_precondition', 'no blob was uploaded for the artifact');
    }
    const size = Number(body.size);
    if (size !== artifact.bytes.length) {
      this.violations.push(`FinalizeArtifact: size ${String(body.size)}, but the blob store received ${artifact.bytes.length} bytes`);
      return twirpError('invalid_argument', 'artifact size does not match the uploaded blob');
    }
    const digest = `sha256:${createHash('sha256').update(artifact.bytes).digest('hex')}`;
    if (body.hash !== digest) {
      this.violations.push(`FinalizeArtifact: hash ${String(body.hash)}, but the received bytes hash to ${digest}`);
      return twirpError('invalid_argument', 'artifact hash does not match the uploaded blob');
    }
    artifact.finalized = true;
    artifact.size = size;
    artifact.hash = digest;
    // int64 in proto3 JSON is a string.
    return send(200, { ok: true, artifact_id: String(artifact.id) });
  }

  // ---- the blob store behind the signed upload URL (Azure block blobs) ----

  private async blob(req: IncomingMessage, res: ServerResponse, url: URL, method: string, raw: Buffer, record: ArtifactRequest): Promise<void> {
    const requestId = randomUUID();
    const azureError = (status: number, code: string, message: string) => {
      record.status = status;
      const xml = `\uFEFF<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${message}\nRequestId:${requestId}\nTime:${new Date().toISOString()}</Message></Error>`;
      res.writeHead(status, { 'content-type': 'application/xml', 'x-ms-error-code': code, 'x-ms-request-id': requestId, 'x-ms-version': '2023-11-03' });
      res.end(xml);
    };
    const comp = url.searchParams.get('comp');
    record.operation = comp === 'block' ? 'PutBlock' : comp === 'blocklist' ? 'PutBlockList' : 'unknown';
    if (method !== 'PUT' || record.operation === 'unknown') {
      this.violations.push(`${method} ${url.pathname}?comp=${comp}: not a Put Block or Put Block List call`);
      return azureError(400, 'UnsupportedHttpVerb', 'The resource does not support the specified HTTP verb or operation.');
    }
    const operation = record.operation;
    if (req.headers.authorization) {
      this.violations.push(`${operation}: an Authorization header was sent to the blob store (the upload URL is signed; the runtime token must stay with the results service)`);
    }
    const artifact = this.artifacts.find((a) => new URL(a.uploadUrl).pathname === url.pathname);
    if (!artifact || url.searchParams.get('sig') !== artifact.sig || artifact.finalized) {
      this.violations.push(`${operation} ${url.pathname}: not an open signed upload URL`);
      return azureError(403, 'AuthenticationFailed', 'Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature.');
    }
    for (const q of ['sv', 'se', 'sr', 'sp']) {
      if (url.searchParams.get(q) !== new URL(artifact.uploadUrl).searchParams.get(q)) this.violations.push(`${operation}: SAS parameter '${q}' was changed`);
    }
    if (!req.headers['x-ms-version']) this.violations.push(`${operation}: no x-ms-version header`);
    const length = req.headers['content-length'];
    if (length === undefined || Number(length) !== raw.length) {
      this.violations.push(`${operation}: Content-Length ${String(length)} for a ${raw.length}-byte body`);
      return azureError(400, 'InvalidHeaderValue', 'The value for one of the HTTP headers is not in the correct format.');
    }

    const failure = this.takeFailure(operation);
    if (failure) return azureError(failure.status, failure.code ?? (failure.status === 403 ? 'AuthorizationFailure' : 'InternalError'), failure.message ?? 'injected failure');

    const ok = (status: number, headers: Record<string, string> = {}) => {
      record.status = status;
      res.writeHead(status, {
        'x-ms-request-id': requestId,
        'x-ms-version': String(req.headers['x-ms-version'] ?? '2023-11-03'),
        'x-ms-request-server-encrypted': 'true',
        date: new Date().toUTCString(),
        'content-length': '0',
        ...headers,
      });
      res.end();
    };

    if (operation === 'PutBlock') {
      const blockId = url.searchParams.get('blockid') ?? '';
      const decoded = Buffer.from(blockId, 'base64');
      if (!blockId || decoded.toString('base64') !== blockId || decoded.length > 64) {
        this.violations.push(`PutBlock: blockid ${JSON.stringify(blockId)} is not base64 of at most 64 bytes`);
        return azureError(400, 'InvalidQueryParameterValue', 'Value for one of the query parameters specified in the request URI is invalid.');
      }
      const other = artifact.blocks.keys().next().value;
      if (other !== undefined && other.length !== blockId.length) {
        this.violations.push('PutBlock: block ids of one blob differ in length');
        return azureError(400, 'InvalidBlobOrBlock', 'The specified blob or block content is invalid.');
      }
      if (raw.length === 0) this.violations.push('PutBlock: empty block');
      artifact.blocks.set(blockId, raw);
      return ok(201);
    }

    // PutBlockList
    const xml = raw.toString('utf8');
    const list = /<BlockList>([\s\S]*)<\/BlockList>/.exec(xml);
    if (!list) {
      this.violations.push(`PutBlockList: body is not a BlockList document: ${xml.slice(0, 120)}`);
      return azureError(400, 'InvalidXmlDocument', 'XML specified is not syntactically valid.');
    }
    const entries = [...list[1].matchAll(/<(Latest|Uncommitted|Committed)>([^<]*)<\/\1>/g)].map((e) => e[2]);
    const leftover = list[1].replace(/<(Latest|Uncommitted|Committed)>([^<]*)<\/\1>/g, '').trim();
    if (leftover) this.violations.push(`PutBlockList: unexpected XML in the block list: ${leftover.slice(0, 120)}`);
    const missing = entries.filter((id) => !artifact.blocks.has(id));
    if (entries.length === 0 || missing.length > 0) {
      this.violations.push(`PutBlockList: ${entries.length === 0 ? 'no blocks' : `${missing.length} block(s) were never staged`}`);
      return azureError(400, 'InvalidBlockList', 'The specified block list is invalid.');
    }
    artifact.bytes = Buffer.concat(entries.map((id) => artifact.blocks.get(id)!));
    artifact.blocks.clear();
    artifact.blobContentType = req.headers['x-ms-blob-content-type'] as string | undefined;
    return ok(201, { etag: `"0x${randomBytes(8).toString('hex').toUpperCase()}"`, 'last-modified': new Date().toUTCString() });
  }
}

/**
 * The entries of a zip archive, read through its central directory (sizes and offsets are only
 * there when the writer streamed with data descriptors). Stored and deflated entries; each
 * entry's CRC-32 and size are checked.
 */
export function readZip(zip: Buffer): Map<string, Buffer> {
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip archive: no end of central directory record');
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const entries = new Map<string, Buffer>();
  for (let n = 0; n < count; n++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`zip: bad central directory entry ${n}`);
    const method = zip.readUInt16LE(at + 10);
    const crc = zip.readUInt32LE(at + 16);
    const compressedSize = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const localOffset = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    at += 46 + nameLength + extraLength + commentLength;
    if (zip.readUInt32LE(localOffset) !== 0x04034b50) throw new Error(`zip: bad local header for ${name}`);
    const dataStart = localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28);
    const data = zip.subarray(dataStart, dataStart + compressedSize);
    if (name.endsWith('/')) continue;
    const bytes = method === 0 ? Buffer.from(data) : method === 8 ? inflateRawSync(data) : undefined;
    if (!bytes) throw new Error(`zip: ${name} uses compression method ${method}`);
    if (bytes.length !== size) throw new Error(`zip: ${name} is ${bytes.length} bytes, the directory says ${size}`);
    if (crc32(bytes) !== crc) throw new Error(`zip: ${name} fails its CRC-32`);
    if (entries.has(name)) throw new Error(`zip: ${name} appears twice`);
    entries.set(name, bytes);
  }
  return entries;
}
