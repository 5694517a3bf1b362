/**
 * onnxruntime's CUDA provider library, from the package source onnxruntime-node's own installer
 * uses: the Microsoft.ML.OnnxRuntime.Gpu.<OS> NuGet package of the same onnxruntime version, found
 * through a NuGet v3 service index (api.nuget.org, or a mirror of it). The package is verified
 * against the SHA-512 its feed publishes in the catalog (registration leaf -> catalog entry ->
 * packageHash), and only the provider files are taken out of it. Where the files end up, and how
 * they are cached, is the caller's (the Action caches them in the runner's tool cache).
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { copyFile, lstat, mkdir, readlink, rename, rm, symlink } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';

export const NUGET_SERVICE_INDEX = 'https://api.nuget.org/v3/index.json';

/** The NuGet package and the files in it that make onnxruntime's CUDA provider on one platform. */
export interface CudaProviderPackage {
  id: string;
  version: string;
  /** Folder of the native files inside the package. */
  folder: string;
  /** The provider library and the shared library it needs, by file name. */
  files: string[];
}

/** The package for this onnxruntime version and platform; undefined where onnxruntime publishes no CUDA provider. */
export function cudaProviderPackage(version: string, platform: NodeJS.Platform = process.platform, arch: string = process.arch): CudaProviderPackage | undefined {
  if (arch !== 'x64') return undefined;
  if (platform === 'linux') return { id: 'Microsoft.ML.OnnxRuntime.Gpu.Linux', version, folder: 'runtimes/linux-x64/native', files: ['libonnxruntime_providers_cuda.so', 'libonnxruntime_providers_shared.so'] };
  if (platform === 'win32') return { id: 'Microsoft.ML.OnnxRuntime.Gpu.Windows', version, folder: 'runtimes/win-x64/native', files: ['onnxruntime_providers_cuda.dll', 'onnxruntime_providers_shared.dll'] };
  return undefined;
}

/** The files of `pkg` missing from `dir` (all of them when it does not exist). */
export function missingProviderFiles(dir: string, pkg: CudaProviderPackage): string[] {
  return pkg.files.filter((file) => !existsSync(path.join(dir, file)));
}

export interface ResolvedPackage {
  /** The .nupkg's address. */
  url: string;
  /** Base64 SHA-512 of the .nupkg, as the feed's catalog publishes it. */
  sha512: string;
}

type GetJson = (url: string) => Promise<unknown>;

const record = (value: unknown): Record<string, unknown> | undefined => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined);

/** JSON over HTTP(S) with a time limit; a status other than 200 is an error naming the address. */
export async function getJson(url: string, timeoutMs = 30_000): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json' } });
  } catch (error) {
    // fetch says only "fetch failed"; the reason (ECONNREFUSED, ENOTFOUND, a timeout) is its cause
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new Error(`${url}: ${cause?.code ?? cause?.message ?? (error as Error).message}`);
  }
  if (response.status !== 200) throw new Error(`${url}: HTTP ${response.status}`);
  try {
    return await response.json();
  } catch {
    throw new Error(`${url}: not JSON`);
  }
}

/**
 * Where the package is and its published hash: the service index names the registration base,
 * whose leaf for this version names the .nupkg (packageContent) and the catalog entry, which
 * carries packageHash (SHA512).
 */
export async function resolvePackage(pkg: CudaProviderPackage, serviceIndex: string = NUGET_SERVICE_INDEX, get: GetJson = getJson): Promise<ResolvedPackage> {
  const index = record(await get(serviceIndex));
  const resources = Array.isArray(index?.resources) ? index.resources.map(record) : [];
  const registration = resources.find((r) => typeof r?.['@type'] === 'string' && (r['@type'] as string).startsWith('RegistrationsBaseUrl'))?.['@id'];
  if (typeof registration !== 'string') throw new Error(`${serviceIndex}: no RegistrationsBaseUrl resource in the NuGet service index`);
  const base = registration.endsWith('/') ? registration : `${registration}/`;
  const leafUrl = `${base}${pkg.id.toLowerCase()}/${pkg.version.toLowerCase()}.json`;
  const leaf = record(await get(leafUrl));
  const content = leaf?.packageContent;
  const catalogRef = leaf?.catalogEntry;
  const catalogUrl = typeof catalogRef === 'string' ? catalogRef : record(catalogRef)?.['@id'];
  if (typeof content !== 'string' || typeof catalogUrl !== 'string') throw new Error(`${leafUrl}: the registration leaf has no packageContent or catalogEntry`);
  const entry = record(await get(catalogUrl));
  const algorithm = entry?.packageHashAlgorithm;
  const hash = entry?.packageHash;
  if (typeof hash !== 'string' || typeof algorithm !== 'string' || algorithm.toUpperCase() !== 'SHA512') {
    throw new Error(`${catalogUrl}: the catalog entry has no SHA512 packageHash to verify ${pkg.id} ${pkg.version} with`);
  }
  return { url: new URL(content, leafUrl).href, sha512: hash };
}

export async function sha512Base64(file: string): Promise<string> {
  const hash = createHash('sha512');
  await pipeline(createReadStream(file), hash);
  return hash.digest('base64');
}

/** Throws unless `file`'s SHA-512 is the published one. */
export async function verifyPackage(file: string, expected: ResolvedPackage): Promise<void> {
  const actual = await sha512Base64(file);
  if (actual !== expected.sha512) throw new Error(`${expected.url}: SHA-512 mismatch (the feed publishes ${expected.sha512}, the download has ${actual}); nothing was installed`);
}

function openZip(file: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => yauzl.open(file, { lazyEntries: true, autoClose: false }, (error, zip) => (error ? reject(error) : resolve(zip!))));
}

/** Streams the provider files out of the verified .nupkg into `dir`; throws naming any that are missing. */
export async function extractProviderFiles(nupkg: string, pkg: CudaProviderPackage, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const wanted = new Map(pkg.files.map((file) => [`${pkg.folder}/${file}`, file]));
  const zip = await openZip(nupkg);
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on('error', reject);
      zip.on('end', resolve);
      zip.on('entry', (entry: yauzl.Entry) => {
        const file = wanted.get(entry.fileName);
        if (!file) return zip.readEntry();
        zip.openReadStream(entry, (error, stream) => {
          if (error) return reject(error);
          const part = path.join(dir, `${file}.part`);
          pipeline(stream!, createWriteStream(part))
            .then(() => rename(part, path.join(dir, file)))
            .then(() => {
              wanted.delete(entry.fileName);
              zip.readEntry();
            }, reject);
        });
      });
      zip.readEntry();
    });
  } finally {
    zip.close();
  }
  if (wanted.size > 0) throw new Error(`${path.basename(nupkg)} has no ${[...wanted.keys()].join(' or ')}`);
}

/**
 * Puts the provider files from `from` beside onnxruntime's own library in `bindingDir`, where it
 * looks for them: a symbolic link each (a copy where links are not allowed). A file already there
 * that is not our link is left alone.
 */
export async function linkProviderFiles(from: string, bindingDir: string, pkg: CudaProviderPackage): Promise<void> {
  for (const file of pkg.files) {
    const source = path.resolve(from, file);
    const target = path.join(bindingDir, file);
    const existing = await lstat(target).catch(() => undefined);
    if (existing && !existing.isSymbolicLink()) continue;
    if (existing && (await readlink(target)) === source) continue;
    if (existing) await rm(target);
    try {
      await symlink(source, target);
    } catch {
      await copyFile(source, target);
    }
  }
}
