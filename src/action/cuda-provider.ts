/**
 * onnxruntime's CUDA provider library on the runner, before the provider is settled. In order:
 * already installed beside onnxruntime -> the folder the `cuda-provider-dir` input names (air-gapped
 * runners) -> the runner's tool cache -> downloaded from the NuGet feed onnxruntime-node's installer
 * uses, verified against the SHA-512 the feed publishes, cached in the tool cache. Downloading
 * happens only when CUDA is wanted: `cuda`, or `auto` on a runner whose driver sees a GPU. The
 * files are linked beside onnxruntime's library, where it loads providers from.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as tc from '@actions/tool-cache';
import {
  cudaProviderLibrary,
  cudaProviderPackage,
  extractProviderFiles,
  forgetCudaProvider,
  linkProviderFiles,
  missingProviderFiles,
  nvidiaGpuVisible,
  resolvePackage,
  verifyPackage,
  NUGET_SERVICE_INDEX,
  type ExecutionProvider,
} from '../core/index.ts';

/** How to provide the library to the Action, when it could not. */
export const ACTION_CUDA_HELP =
  "set cuda-provider-dir to a folder holding libonnxruntime_providers_cuda.so and libonnxruntime_providers_shared.so from the Microsoft.ML.OnnxRuntime.Gpu.Linux NuGet package of onnxruntime's version (runtimes/linux-x64/native/), or give the runner access to cuda-provider-feed";

/** The tool cache's name for the provider files (one version per onnxruntime version). */
export const TOOL_NAME = 'onnxruntime-cuda-provider';

export interface CudaProviderOptions {
  requested: ExecutionProvider;
  /** A folder holding the provider files (input cuda-provider-dir). */
  providerDir?: string;
  /** NuGet v3 service index to download from (input cuda-provider-feed). */
  feed?: string;
  /** Where onnxruntime loads providers from; default onnxruntime-node's binding folder. */
  bindingDir?: string;
  /** onnxruntime's version; default the one loaded. */
  version?: string;
  /** Whether the driver sees a GPU (for auto); default from /dev/nvidia0. */
  gpuVisible?: boolean;
}

export type CudaProviderOutcome =
  | { source: 'not-wanted' | 'installed' | 'unsupported' }
  | { source: 'input' | 'tool-cache' | 'download'; dir: string }
  /** Could not be provided: why, in one line. The provider check that follows reports it as usual. */
  | { source: 'failed'; problem: string };

export async function provideCudaLibrary(options: CudaProviderOptions): Promise<CudaProviderOutcome> {
  if (options.requested === 'cpu') return { source: 'not-wanted' };
  const library = cudaProviderLibrary();
  const version = options.version ?? library.version;
  const bindingDir = options.bindingDir ?? library.dir;
  const pkg = cudaProviderPackage(version);
  if (!pkg || !bindingDir) return { source: 'unsupported' };
  if (missingProviderFiles(bindingDir, pkg).length === 0) return { source: 'installed' };
  const place = async (dir: string, source: 'input' | 'tool-cache' | 'download'): Promise<CudaProviderOutcome> => {
    await linkProviderFiles(dir, bindingDir, pkg);
    forgetCudaProvider();
    return { source, dir };
  };
  try {
    if (options.providerDir) {
      const dir = path.resolve(options.providerDir);
      const missing = missingProviderFiles(dir, pkg);
      if (missing.length > 0) return { source: 'failed', problem: `cuda-provider-dir ${options.providerDir}: ${missing.join(' and ')} not found there (copy them from the ${pkg.id} ${version} NuGet package, ${pkg.folder}/)` };
      return await place(dir, 'input');
    }
    const cached = process.env.RUNNER_TOOL_CACHE ? tc.find(TOOL_NAME, version, process.arch) : '';
    if (cached && missingProviderFiles(cached, pkg).length === 0) return await place(cached, 'tool-cache');
    const wanted = options.requested === 'cuda' || (options.gpuVisible ?? nvidiaGpuVisible());
    if (!wanted) return { source: 'not-wanted' };
    const feed = options.feed ?? NUGET_SERVICE_INDEX;
    const resolved = await resolvePackage(pkg, feed);
    const work = await mkdtemp(path.join(process.env.RUNNER_TEMP || os.tmpdir(), 'monitor-gate-cuda-'));
    try {
      const nupkg = await tc.downloadTool(resolved.url, path.join(work, `${pkg.id.toLowerCase()}.${version}.nupkg`));
      await verifyPackage(nupkg, resolved);
      const extracted = path.join(work, 'files');
      await extractProviderFiles(nupkg, pkg, extracted);
      const dir = process.env.RUNNER_TOOL_CACHE ? await tc.cacheDir(extracted, TOOL_NAME, version, process.arch) : extracted;
      return await place(dir, 'download');
    } finally {
      // the tool cache holds a copy; without one (a local run) the files must stay where they are linked from
      if (process.env.RUNNER_TOOL_CACHE) await rm(work, { recursive: true, force: true });
    }
  } catch (error) {
    const why = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    return { source: 'failed', problem: `onnxruntime's CUDA provider library could not be provided: ${why}` };
  }
}
