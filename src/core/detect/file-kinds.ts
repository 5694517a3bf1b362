/**
 * What a changed file is, from its path, before it is read: a format that can carry update
 * information (configs, scripts, model cards, weights), or a file positively recognized as not
 * touching a model (source code, docs, assets, data sets, tokenizer and generation files, project and
 * CI metadata). Anything else is decided by its content; a binary of no known format counts as
 * touching the model (it could be weights).
 */

export type FileKind =
  | { kind: 'json' | 'yaml' | 'toml' | 'ini' | 'conf' | 'python' | 'shell' | 'makefile' | 'dockerfile' | 'markdown' | 'safetensors' | 'gguf' }
  /** Weights in a format that is never opened (pickles) or not parsed here (ONNX, Keras, TensorRT, NeMo, ...). */
  | { kind: 'weights'; format: string }
  | { kind: 'not-model'; why: string }
  /** Decided by content: a shebang, GGUF magic, binary or text. */
  | { kind: 'sniff' };

const SOURCE = new Set(
  'js mjs cjs ts tsx jsx mts cts go rs c h cc cpp cxx hpp hh java kt kts scala rb php cs swift m mm r jl lua pl pm sql css scss sass less html htm vue svelte dart ex exs erl hs ml clj elm zig nim sol proto graphql gql wasm cu cuh ps1 bat cmd vim el lisp scm groovy gradle tf hcl bicep'.split(' '),
);
const DOCS = new Set('txt rst adoc asciidoc org tex pdf rtf doc docx odt ppt pptx'.split(' '));
const ASSETS = new Set('png jpg jpeg gif svg webp ico bmp tif tiff avif heic mp4 mp3 wav ogg flac webm mov avi mkv ttf otf woff woff2 eot psd ai sketch fig drawio excalidraw'.split(' '));
const DATA = new Set('csv tsv jsonl ndjson parquet arrow feather xlsx xls avro orc'.split(' '));
const NOTEBOOK = new Set(['ipynb']);
const PICKLE = new Set(['bin', 'pt', 'pth', 'ckpt', 'pkl', 'pickle', 'joblib']);
const WEIGHTS: Record<string, string> = {
  onnx: 'ONNX',
  onnx_data: 'ONNX external data',
  h5: 'Keras/HDF5',
  hdf5: 'HDF5',
  keras: 'Keras',
  msgpack: 'Flax msgpack',
  npz: 'NumPy archive',
  tflite: 'TensorFlow Lite',
  mlmodel: 'Core ML',
  mlpackage: 'Core ML',
  engine: 'TensorRT engine',
  plan: 'TensorRT plan',
  trt: 'TensorRT',
  nemo: 'NeMo checkpoint',
  qnemo: 'NeMo quantized checkpoint',
  distcp: 'distributed checkpoint',
  ggml: 'GGML',
  ggjt: 'GGML',
  llamafile: 'llamafile',
  pdparams: 'PaddlePaddle',
  pdiparams: 'PaddlePaddle',
  ot: 'libtorch',
  mar: 'TorchServe archive',
  pb: 'TensorFlow graph',
  caffemodel: 'Caffe',
  params: 'MXNet',
  exl2: 'EXL2',
  awq: 'AWQ',
  gptq: 'GPTQ',
  tar: 'archive',
  tgz: 'archive',
  zip: 'archive',
  '7z': 'archive',
  zst: 'archive',
};

/** Tokenizer, processor and generation files: part of a release, but they change no weights. */
const TOKENIZER_NAMES = /^(tokenizer\.json|tokenizer_config\.json|tokenizer\.model|special_tokens_map\.json|added_tokens\.json|vocab\.(json|txt)|merges\.txt|spiece\.model|sentencepiece\.bpe\.model|.*\.tiktoken|chat_template\.(json|jinja)|preprocessor_config\.json|processor_config\.json|video_preprocessor_config\.json|image_processor_config\.json|feature_extractor_config\.json|generation_config\.json|qwen\.tiktoken|tokenizer\.txt|bpe\.codes)$/;
/** Project, packaging, lint and repository metadata. */
const PROJECT_NAMES =
  /^(package\.json|package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|pnpm-workspace\.yaml|bun\.lockb?|requirements[\w.-]*\.(txt|in)|constraints[\w.-]*\.txt|pyproject\.toml|setup\.cfg|setup\.py|pipfile(\.lock)?|poetry\.lock|uv\.lock|pdm\.lock|cargo\.(toml|lock)|go\.(mod|sum|work)|tsconfig[\w.-]*\.json|jsconfig\.json|\.eslintrc[\w.]*|eslint\.config\.\w+|\.prettierrc[\w.]*|prettier\.config\.\w+|\.editorconfig|\.gitignore|\.gitattributes|\.gitmodules|\.dockerignore|\.npmrc|\.nvmrc|\.python-version|\.tool-versions|environment\.ya?ml|license[\w.-]*|licence[\w.-]*|notice[\w.-]*|copying[\w.-]*|changelog[\w.-]*|changes(\.\w+)?|history\.md|authors[\w.-]*|contributors[\w.-]*|codeowners|security\.md|code_of_conduct\.md|contributing\.md|citation\.(cff|bib)|manifest\.in|tox\.ini|pytest\.ini|\.flake8|mypy\.ini|\.coveragerc|\.pylintrc|ruff\.toml|\.ruff\.toml|renovate\.json5?|\.pre-commit-config\.ya?ml|\.readthedocs\.ya?ml|mkdocs\.ya?ml|_config\.yml|netlify\.toml|vercel\.json|\.markdownlint[\w.-]*|biome\.jsonc?|deno\.jsonc?|\.clang-format|\.clang-tidy|cmakelists\.txt|\.babelrc|babel\.config\.\w+|jest\.config\.\w+|vitest\.config\.\w+|vite\.config\.\w+|webpack\.config\.\w+|rollup\.config\.\w+|\.env\.example|codecov\.ya?ml|\.codecov\.ya?ml|\.coderabbit\.ya?ml|dependabot\.ya?ml|funding\.ya?ml|\.mailmap|\.yamllint[\w.-]*|lerna\.json|nx\.json|turbo\.json|\.stylelintrc[\w.]*|\.huskyrc|\.lintstagedrc[\w.]*)$/;

export function extensionOf(name: string): string | undefined {
  const m = /\.([^./]+)$/.exec(name);
  return m ? m[1].toLowerCase() : undefined;
}

export function classifyPath(path: string): FileKind {
  const parts = path.toLowerCase().split('/');
  const name = parts[parts.length - 1];
  const ext = extensionOf(name);
  if (name.endsWith('.safetensors')) return { kind: 'safetensors' };
  if (name.endsWith('.gguf')) return { kind: 'gguf' };
  if (TOKENIZER_NAMES.test(name)) return { kind: 'not-model', why: name === 'generation_config.json' ? 'generation config' : 'tokenizer / processor file' };
  if (PROJECT_NAMES.test(name)) return { kind: 'not-model', why: 'project or repository metadata' };
  if (parts.includes('.github') && !parts.includes('workflows')) return { kind: 'not-model', why: 'repository metadata (.github)' };
  if (name === 'makefile' || name === 'gnumakefile' || ext === 'mk') return { kind: 'makefile' };
  if (name === 'dockerfile' || name === 'containerfile' || ext === 'dockerfile' || name.startsWith('dockerfile.')) return { kind: 'dockerfile' };
  if (ext === undefined) return { kind: 'sniff' };
  if (ext === 'json' || ext === 'json5' || ext === 'jsonc') return { kind: 'json' };
  if (ext === 'yaml' || ext === 'yml') return { kind: 'yaml' };
  if (ext === 'toml') return { kind: 'toml' };
  if (ext === 'ini') return { kind: 'ini' };
  if (ext === 'cfg' || ext === 'conf' || ext === 'config' || ext === 'properties') return { kind: 'conf' };
  if (ext === 'py' || ext === 'pyi') return { kind: 'python' };
  if (['sh', 'bash', 'zsh', 'ksh', 'slurm', 'sbatch', 'job', 'pbs', 'lsf', 'command', 'run'].includes(ext)) return { kind: 'shell' };
  if (ext === 'md' || ext === 'markdown' || ext === 'mdx') return { kind: 'markdown' };
  if (PICKLE.has(ext)) return { kind: 'weights', format: 'PyTorch pickle' };
  if (WEIGHTS[ext]) return { kind: 'weights', format: WEIGHTS[ext] };
  if (SOURCE.has(ext)) return { kind: 'not-model', why: `source code (.${ext})` };
  if (NOTEBOOK.has(ext)) return { kind: 'not-model', why: 'notebook (source code)' };
  if (DOCS.has(ext)) return { kind: 'not-model', why: `documentation (.${ext})` };
  if (ASSETS.has(ext)) return { kind: 'not-model', why: `image or media (.${ext})` };
  if (DATA.has(ext)) return { kind: 'not-model', why: `data set (.${ext})` };
  if (ext === 'jinja' || ext === 'j2' || ext === 'tmpl' || ext === 'template') return { kind: 'not-model', why: `template (.${ext})` };
  if (ext === 'lock' || ext === 'sum') return { kind: 'not-model', why: 'lock file' };
  if (ext === 'xml' || ext === 'plist' || ext === 'env' || ext === 'log' || ext === 'diff' || ext === 'patch') return { kind: 'not-model', why: `.${ext} file` };
  return { kind: 'sniff' };
}
