// Builds dist/: one ESM bundle per entry (action, CLI) and, beside them, the onnxruntime-node
// package with only its Linux x64/arm64 native folders. Bundlers cannot follow onnxruntime's
// platform-dependent `require(../bin/napi-v6/${platform}/${arch}/...)`, so it stays external and
// Node resolves it from dist/node_modules at run time. Output is deterministic: CI rebuilds and
// diffs it.
import { build } from 'esbuild';
import { cp, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const STAGED_PLATFORMS = [
  ['linux', 'x64'],
  ['linux', 'arm64'],
];

await rm(dist, { recursive: true, force: true });
await mkdir(dist, { recursive: true });

// The action runs on the runner's node24 (action.yml); the CLI supports every Node in package.json's engines.
const TARGETS = [
  ['action', 'src/action/index.ts', 'node24'],
  ['cli', 'src/cli/index.ts', 'node20'],
];
for (const [name, entry, target] of TARGETS) {
  await build({
    entryPoints: { [name]: entry },
    absWorkingDir: root,
    outdir: dist,
    bundle: true,
    platform: 'node',
    target,
    format: 'esm',
    external: ['onnxruntime-node'],
    // CommonJS dependencies inside an ESM bundle still call require() for Node built-ins.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    legalComments: 'none',
    charset: 'utf8',
    logLevel: 'warning',
  });
}
// The CLI is run directly as a bin.
const cliPath = path.join(dist, 'cli.js');
const cli = await readFile(cliPath, 'utf8');
await writeFile(cliPath, cli.startsWith('#!') ? cli : `#!/usr/bin/env node\n${cli}`);

async function stagePackage(name, keep) {
  const from = path.join(root, 'node_modules', name);
  const to = path.join(dist, 'node_modules', name);
  for (const rel of keep) {
    await cp(path.join(from, rel), path.join(to, rel), {
      recursive: true,
      filter: (src) => !src.endsWith('.map') && !src.endsWith('.d.ts'),
    });
  }
}

const ortBins = STAGED_PLATFORMS.map(([platform, arch]) => `bin/napi-v6/${platform}/${arch}`);
await stagePackage('onnxruntime-node', ['package.json', 'dist', ...ortBins]);
await stagePackage('onnxruntime-common', ['package.json', 'dist/cjs']);

// The staged onnxruntime-common keeps only its CommonJS build; point its package.json at it alone.
const commonPkgPath = path.join(dist, 'node_modules', 'onnxruntime-common', 'package.json');
const commonPkg = JSON.parse(await readFile(commonPkgPath, 'utf8'));
commonPkg.exports = { '.': './dist/cjs/index.js' };
delete commonPkg.module;
await writeFile(commonPkgPath, JSON.stringify(commonPkg, null, 2) + '\n');

const list = async (dir) => (await readdir(dir, { recursive: true })).sort();
console.log(`dist: ${(await list(dist)).length} files`);
