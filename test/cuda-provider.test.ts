// onnxruntime's CUDA provider library for the Action: the order it is looked for in (installed,
// cuda-provider-dir, the runner's tool cache, the NuGet feed), the download verified against the
// SHA-512 the feed's catalog publishes, the tool cache, and the files put where onnxruntime loads
// providers from. A stand-in NuGet v3 feed on 127.0.0.1 serves a package built here with yazl (a
// real zip writer) holding stand-in provider files; the layout (service index -> registration leaf,
// gzip-encoded as nuget.org serves it -> catalog entry with packageHash -> .nupkg) follows the NuGet
// server API documentation.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import yazl from 'yazl';
import { provideCudaLibrary, TOOL_NAME } from '../src/action/cuda-provider.ts';
import { cudaProviderPackage } from '../src/core/index.ts';
import { ActionHarness, pullRequestPayload } from './helpers/action-runner.ts';
import { tempDir } from './helpers/workspace.ts';

const VERSION = '1.30.0';
const pkg = cudaProviderPackage(VERSION, 'linux', 'x64')!;
const linuxX64 = process.platform === 'linux' && process.arch === 'x64';

function nupkg(files: Record<string, string>): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [name, text] of Object.entries(files)) zip.addBuffer(Buffer.from(text), name, { mtime: new Date(Date.UTC(2025, 0, 1)) });
  zip.end();
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
}

const PROVIDER_BYTES = 'stand-in CUDA provider, not a shared library';
const realPackage = () =>
  nupkg({
    'Microsoft.ML.OnnxRuntime.Gpu.Linux.nuspec': '<package/>',
    'runtimes/linux-x64/native/libonnxruntime_providers_cuda.so': PROVIDER_BYTES,
    'runtimes/linux-x64/native/libonnxruntime_providers_shared.so': 'stand-in shared provider',
    'runtimes/linux-x64/native/libonnxruntime_providers_tensorrt.so': 'not taken',
  });

/** A NuGet v3 feed: every request is counted; `served` is the .nupkg's bytes, `published` the hash its catalog states. */
class StandInFeed {
  readonly requests: string[] = [];
  served: Buffer = Buffer.alloc(0);
  published = '';
  private server?: Server;
  base = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      this.requests.push(req.url ?? '');
      const id = pkg.id.toLowerCase();
      const json = (body: unknown, gzip = false) => {
        const bytes = Buffer.from(JSON.stringify(body));
        res.writeHead(200, { 'content-type': 'application/json', ...(gzip ? { 'content-encoding': 'gzip' } : {}) });
        res.end(gzip ? gzipSync(bytes) : bytes);
      };
      switch (req.url) {
        case '/v3/index.json':
          return json({
            version: '3.0.0',
            resources: [
              { '@id': `${this.base}/v3-flatcontainer/`, '@type': 'PackageBaseAddress/3.0.0' },
              { '@id': `${this.base}/v3/registration5-gz-semver2/`, '@type': 'RegistrationsBaseUrl/3.6.0' },
            ],
          });
        case `/v3/registration5-gz-semver2/${id}/${VERSION}.json`:
          return json(
            {
              '@id': `${this.base}${req.url}`,
              catalogEntry: `${this.base}/v3/catalog0/data/2025.01.01.00.00.00/${id}.${VERSION}.json`,
              listed: true,
              packageContent: `${this.base}/v3-flatcontainer/${id}/${VERSION}/${id}.${VERSION}.nupkg`,
              registration: `${this.base}/v3/registration5-gz-semver2/${id}/index.json`,
            },
            true,
          );
        case `/v3/catalog0/data/2025.01.01.00.00.00/${id}.${VERSION}.json`:
          return json({ id: pkg.id, version: VERSION, packageHash: this.published, packageHashAlgorithm: 'SHA512', packageSize: this.served.length });
        case `/v3-flatcontainer/${id}/${VERSION}/${id}.${VERSION}.nupkg`:
          res.writeHead(200, { 'content-type': 'application/octet-stream' });
          return res.end(this.served);
        default:
          res.writeHead(404);
          res.end();
      }
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  get index(): string {
    return `${this.base}/v3/index.json`;
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

const sha512 = (bytes: Buffer) => createHash('sha512').update(bytes).digest('base64');

describe('CUDA provider library for the Action', () => {
  const feed = new StandInFeed();
  let original: Buffer;
  const savedEnv = { cache: process.env.RUNNER_TOOL_CACHE, temp: process.env.RUNNER_TEMP };

  before(async () => {
    original = await realPackage();
    await feed.start();
  });
  after(async () => {
    await feed.stop();
    process.env.RUNNER_TOOL_CACHE = savedEnv.cache;
    process.env.RUNNER_TEMP = savedEnv.temp;
    if (savedEnv.cache === undefined) delete process.env.RUNNER_TOOL_CACHE;
    if (savedEnv.temp === undefined) delete process.env.RUNNER_TEMP;
  });

  /** A fresh runner: an empty tool cache, temp folder and binding folder. */
  function runner() {
    const root = tempDir('monitor-gate-cuda-');
    process.env.RUNNER_TOOL_CACHE = path.join(root, 'tool-cache');
    process.env.RUNNER_TEMP = path.join(root, 'temp');
    mkdirSync(process.env.RUNNER_TEMP, { recursive: true });
    const bindingDir = path.join(root, 'binding');
    mkdirSync(bindingDir);
    return { root, bindingDir };
  }
  const options = (bindingDir: string, extra: Partial<Parameters<typeof provideCudaLibrary>[0]> = {}) => ({ requested: 'cuda' as const, feed: feed.index, bindingDir, version: VERSION, gpuVisible: false, ...extra });

  test('downloads, verifies, caches in the tool cache and links the two provider files beside onnxruntime; the next run takes the cache', async () => {
    feed.served = original;
    feed.published = sha512(original);
    const { root, bindingDir } = runner();
    feed.requests.length = 0;
    const first = await provideCudaLibrary(options(bindingDir));
    assert.equal(first.source, 'download', JSON.stringify(first));
    const cached = path.join(root, 'tool-cache', TOOL_NAME, VERSION, process.arch);
    assert.equal((first as { dir: string }).dir, cached);
    assert.ok(existsSync(`${cached}.complete`), 'marked complete, as the tool cache does');
    for (const file of pkg.files) {
      assert.ok(lstatSync(path.join(bindingDir, file)).isSymbolicLink(), file);
      assert.equal(readlinkSync(path.join(bindingDir, file)), path.join(cached, file));
    }
    assert.equal(readFileSync(path.join(bindingDir, 'libonnxruntime_providers_cuda.so'), 'utf8'), PROVIDER_BYTES);
    assert.ok(!existsSync(path.join(bindingDir, 'libonnxruntime_providers_tensorrt.so')), 'only the files the provider needs');
    assert.equal(feed.requests.filter((r) => r.endsWith('.nupkg')).length, 1);
    assert.equal(readFileSync(path.join(cached, 'libonnxruntime_providers_shared.so'), 'utf8'), 'stand-in shared provider');

    // the next job on this runner: a fresh binding folder, the same tool cache, no network
    const nextBinding = path.join(root, 'binding-2');
    mkdirSync(nextBinding);
    feed.requests.length = 0;
    const second = await provideCudaLibrary(options(nextBinding));
    assert.deepEqual(second, { source: 'tool-cache', dir: cached });
    assert.deepEqual(feed.requests, []);
    assert.equal(readFileSync(path.join(nextBinding, 'libonnxruntime_providers_cuda.so'), 'utf8'), PROVIDER_BYTES);
  });

  test('a package whose SHA-512 is not the published one installs and caches nothing', async () => {
    feed.served = await nupkg({ 'runtimes/linux-x64/native/libonnxruntime_providers_cuda.so': 'tampered', 'runtimes/linux-x64/native/libonnxruntime_providers_shared.so': 'tampered' });
    feed.published = sha512(original);
    const { root, bindingDir } = runner();
    const outcome = await provideCudaLibrary(options(bindingDir));
    assert.equal(outcome.source, 'failed');
    assert.match((outcome as { problem: string }).problem, /^onnxruntime's CUDA provider library could not be provided: http:\/\/127\.0\.0\.1:\d+\/v3-flatcontainer\/.*\.nupkg: SHA-512 mismatch \(the feed publishes .*, the download has .*\); nothing was installed$/);
    assert.deepEqual(pkg.files.filter((f) => existsSync(path.join(bindingDir, f))), []);
    assert.ok(!existsSync(path.join(root, 'tool-cache', TOOL_NAME)), 'nothing cached');
  });

  test('a verified package without the provider files says which one is missing', async () => {
    feed.served = await nupkg({ 'runtimes/linux-x64/native/libonnxruntime_providers_cuda.so': 'only this one' });
    feed.published = sha512(feed.served);
    const { bindingDir } = runner();
    const outcome = await provideCudaLibrary(options(bindingDir));
    assert.equal(outcome.source, 'failed');
    assert.match((outcome as { problem: string }).problem, /has no runtimes\/linux-x64\/native\/libonnxruntime_providers_shared\.so$/);
  });

  test('cuda-provider-dir comes first and needs no network; a folder without the files is named', async () => {
    feed.served = original;
    feed.published = sha512(original);
    const { root, bindingDir } = runner();
    const provided = path.join(root, 'provided');
    mkdirSync(provided);
    for (const file of pkg.files) writeFileSync(path.join(provided, file), `from the folder: ${file}`);
    feed.requests.length = 0;
    const outcome = await provideCudaLibrary(options(bindingDir, { providerDir: provided }));
    assert.deepEqual(outcome, { source: 'input', dir: provided });
    assert.deepEqual(feed.requests, []);
    assert.equal(readFileSync(path.join(bindingDir, 'libonnxruntime_providers_cuda.so'), 'utf8'), 'from the folder: libonnxruntime_providers_cuda.so');

    const empty = path.join(root, 'empty');
    mkdirSync(empty);
    const { bindingDir: other } = runner();
    const missing = await provideCudaLibrary(options(other, { providerDir: empty }));
    assert.equal(missing.source, 'failed');
    assert.match((missing as { problem: string }).problem, /^cuda-provider-dir .*empty: libonnxruntime_providers_cuda\.so and libonnxruntime_providers_shared\.so not found there/);
    assert.deepEqual(feed.requests, [], 'a wrong folder is not papered over by a download');
  });

  test('nothing is downloaded for cpu, for auto on a runner without a GPU, or when the library is installed', async () => {
    feed.requests.length = 0;
    const { bindingDir } = runner();
    assert.deepEqual(await provideCudaLibrary(options(bindingDir, { requested: 'cpu' })), { source: 'not-wanted' });
    assert.deepEqual(await provideCudaLibrary(options(bindingDir, { requested: 'auto', gpuVisible: false })), { source: 'not-wanted' });
    for (const file of pkg.files) writeFileSync(path.join(bindingDir, file), 'installed by npm');
    assert.deepEqual(await provideCudaLibrary(options(bindingDir)), { source: 'installed' });
    assert.equal(readFileSync(path.join(bindingDir, 'libonnxruntime_providers_cuda.so'), 'utf8'), 'installed by npm', 'left alone');
    assert.deepEqual(feed.requests, []);
  });

  test('auto on a runner whose driver sees a GPU downloads it', async () => {
    feed.served = original;
    feed.published = sha512(original);
    const { bindingDir } = runner();
    const outcome = await provideCudaLibrary(options(bindingDir, { requested: 'auto', gpuVisible: true }));
    assert.equal(outcome.source, 'download');
  });

  test('the Action puts the downloaded library where onnxruntime loads it from: onnxruntime tries it, and explicit cuda fails with its reason in one line', { skip: linuxX64 ? false : 'the Gpu.Linux package is Linux x64 only' }, async () => {
    feed.served = original;
    feed.published = sha512(original);
    const harness = new ActionHarness();
    try {
      const run = await harness.run({ inputs: { 'updated-activations': 'monitors/acts/int8', 'execution-provider': 'cuda', 'cuda-provider-feed': feed.index }, payload: pullRequestPayload('opened', { labels: [] }) });
      assert.equal(run.status, 1, run.stdout + run.stderr);
      assert.match(run.stdout, /^monitor-gate: onnxruntime's CUDA provider library from the NuGet feed \(verified, now cached\): .*tool-cache\/onnxruntime-cuda-provider\/1\.30\.0\/x64$/m);
      const binding = path.join(harness.actionDir, 'dist', 'node_modules', 'onnxruntime-node', 'bin', 'napi-v6', 'linux', 'x64', 'libonnxruntime_providers_cuda.so');
      assert.ok(lstatSync(binding).isSymbolicLink(), 'linked beside the staged onnxruntime');
      const errors = run.stdout.split('\n').filter((l) => l.startsWith('::error'));
      assert.equal(errors.length, 1, run.stdout);
      // onnxruntime opened the stand-in file from the binding folder and refused it
      assert.match(errors[0], /^::error::monitor-gate: execution-provider: cuda: onnxruntime's CUDA provider library in \S+ could not be loaded: .*libonnxruntime_providers_cuda\.so/);
    } finally {
      rmSync(harness.root, { recursive: true, force: true });
    }
  });
});
