/**
 * Model cards (README.md): the YAML front matter (base_model, base_model_relation, tags,
 * library_name, quantized_by), configs embedded in the card (fenced YAML such as an axolotl or
 * mergekit config, a bare mergekit YAML body, `llamafactory-cli train` commands, the PEFT
 * "quantization config was used during training" list) and, last and weakest, statements in the
 * prose ("Full-parameter fine-tune of ...", "merged with a LoRA", "This is a 3-bit quantized GGUF").
 *
 * Prose rules: a statement counts only about this model (quoted upstream cards after an "Original
 * model card" heading are ignored, so are H1 titles, code, HTML comments and links' targets); a
 * negation in the same clause ("not a PEFT or LoRA finetune", "full fine-tunes ... not QLoRA") turns a
 * mention into a negation, which takes back the same card's prose claims of that kind.
 */
import {
  CONFIG,
  METADATA,
  PROSE,
  type Claim,
  type DocContext,
  type Obj,
  type ProseTerm,
  type ReadOutcome,
  type Skip,
  type Touch,
  isObj,
  modelId,
  str,
  strList,
} from './claims.ts';
import { commandsOf } from './commands.ts';
import { type ParsedDoc, parseStructured } from './parse.ts';
import { readEmbeddedDocument as readDocument } from './readers.ts';
import { readRecipe } from './recipe.ts';
import { describeQuantization } from './transformers-config.ts';
import type { QuantSubKind, UpdateAttributes } from './types.ts';

/** Code blocks read per card, and the largest block or YAML body parsed (cards embed configs of a few KB). */
const MAX_CODE_BLOCKS = 64;
const MAX_PROSE_LINES = 5000;
const MAX_EMBEDDED_YAML = 256 * 1024;

const RECIPE_KEYS = /^(merge_method|base_model|adapter|finetuning_type|model_name_or_path|slices|models|peft_config|quantization_config|load_in_4bit|lora_r)\s*:/m;

/** Front matter keys that make a card describe a model (not a tool's docs page). */
const MODEL_METADATA_KEYS = ['base_model', 'base_model_relation', 'library_name', 'pipeline_tag', 'model-index', 'quantized_by', 'model_name', 'model_type', 'inference', 'widget', 'model_creator', 'model_id'];
/** A card sentence that says this model was changed, without saying how. */
const SELF_UPDATE = /\b(?:this|the)\s+(?:model|checkpoint|release)\s+(?:is|was|has\s+been)\s+(?:an?\s+)?(?:\w+\s+){0,3}?(?:merge[d]?|fine-?tuned?|finetuned?|trained|quantized|distilled)\b/i;

function frontMatterLine(lines: string[], key: string): number {
  const at = lines.findIndex((l, i) => i > 0 && new RegExp(`^${key.replace(/[-]/g, '\\-')}\\s*:`).test(l));
  return at >= 0 ? at + 1 : 1;
}

/** True for a Markdown file that is a model card: README.md, or front matter with model-card keys. */
export function isModelCard(path: string, text: string): boolean {
  const name = (path.split('/').pop() ?? path).toLowerCase();
  if (name === 'readme.md' || name === 'model_card.md' || name === 'modelcard.md') return true;
  return /^---\r?\n[\s\S]*?^(base_model|base_model_relation|library_name|model-index|quantized_by)\s*:/m.test(text.slice(0, 4000));
}

interface Line {
  /** 1-based line number in the file. */
  no: number;
  text: string;
}

export function readModelCard(file: string, source: string): ReadOutcome {
  const claims: Claim[] = [];
  const skips: Skip[] = [];
  const lines = source.split(/\r?\n/);
  const mkDoc = (doc: ParsedDoc, embedded: boolean): DocContext | undefined =>
    isObj(doc.data) ? { file, doc, data: doc.data, embedded } : undefined;

  // ---- front matter ----
  let bodyStart = 0;
  let frontMatter: Obj | undefined;
  if (lines.length > 0 && lines[0].trim() === '---') {
    const close = lines.findIndex((l, i) => i > 0 && (l.trim() === '---' || l.trim() === '...'));
    const fmText = close > 0 ? lines.slice(1, close).join('\n') : '';
    if (close > 0 && fmText.length > MAX_EMBEDDED_YAML) {
      skips.push({ file, line: 1, reason: `model card front matter is over ${MAX_EMBEDDED_YAML / 1024} KiB; not read`, unreadable: true });
      bodyStart = close + 1;
    } else if (close > 0) {
      const parsed = parseStructured(fmText, { lineOffset: 1 });
      if (parsed.error) skips.push({ file, line: parsed.error.line, reason: `model card front matter is not valid YAML: ${parsed.error.message}`, unreadable: true });
      const ctx = parsed.docs[0] ? mkDoc(parsed.docs[0], true) : undefined;
      if (ctx) {
        frontMatter = ctx.data;
        claims.push(...frontMatterClaims(ctx));
      }
      bodyStart = close + 1;
    } else {
      // An opening '---' that never closes: some cards are YAML all the way down.
      const rest = lines.slice(1).join('\n');
      const parsed = rest.length <= MAX_EMBEDDED_YAML ? parseStructured(rest, { lineOffset: 1 }) : { docs: [] };
      const ctx = parsed.docs[0] ? mkDoc(parsed.docs[0], true) : undefined;
      if (ctx && !parsed.error) {
        const cardYaml = yamlCardClaims(ctx);
        claims.push(...(cardYaml.length > 0 ? cardYaml : (readDocument(ctx) ?? [])));
      }
      bodyStart = 1;
    }
  }

  // ---- body: code blocks and prose, line by line ----
  const body = stripHtmlComments(lines.slice(bodyStart)).map((text, i): Line => ({ no: bodyStart + i + 1, text }));
  const prose: Line[] = [];
  let fence: { marker: string; lang: string; start: number; lines: string[] } | undefined;
  let original = false;
  let blocks = 0;
  let truncated = false;
  for (const line of body) {
    if (fence) {
      const close = /^\s{0,3}(`{3,}|~{3,})\s*$/.exec(line.text);
      if (close && close[1][0] === fence.marker[0] && close[1].length >= fence.marker.length) {
        if (!original && ++blocks <= MAX_CODE_BLOCKS) claims.push(...codeBlockClaims(file, fence.lang, fence.start, fence.lines));
        fence = undefined;
      } else fence.lines.push(line.text);
      continue;
    }
    const open = /^\s{0,3}(`{3,}|~{3,})\s*([\w+.-]*)/.exec(line.text);
    if (open) {
      fence = { marker: open[1], lang: open[2].toLowerCase(), start: line.no, lines: [] };
      continue;
    }
    if (/^\s{0,3}#{1,6}\s.*\boriginal model card\b/i.test(line.text)) original = true;
    if (!original && prose.length < MAX_PROSE_LINES) prose.push(line);
    else if (!original && prose.length === MAX_PROSE_LINES && !truncated) {
      truncated = true;
      skips.push({ file, line: line.no, reason: `model card prose read up to line ${line.no - 1} (${MAX_PROSE_LINES} lines); the rest is not read`, unreadable: false });
    }
  }
  // A fence left open at the end of the card still holds its content.
  if (fence && !original && ++blocks <= MAX_CODE_BLOCKS) claims.push(...codeBlockClaims(file, fence.lang, fence.start, fence.lines));

  // A body that is itself a config (a bare mergekit YAML under a license-only front matter).
  const bodyText = bodyStart < lines.length ? lines.slice(bodyStart).join('\n') : '';
  if (bodyText.length <= MAX_EMBEDDED_YAML && RECIPE_KEYS.test(bodyText)) {
    const parsed = parseStructured(bodyText, { lineOffset: bodyStart });
    const ctx = parsed.docs.length === 1 && !parsed.error ? mkDoc(parsed.docs[0], true) : undefined;
    const read = ctx ? readDocument(ctx) : null;
    if (read) claims.push(...read);
  }

  claims.push(...peftTrainingQuantClaims(file, prose));
  const metadataKey = frontMatter ? MODEL_METADATA_KEYS.find((k) => frontMatter![k] !== undefined) : undefined;
  const adapterCard = isAdapterCard(frontMatter);
  const proseClaims = prose.flatMap((line) => proseLineClaims(file, line, adapterCard));
  // Prose that names three or more kinds of update is a text about updates (docs, a survey, a
  // family's README), not a statement about this model: none of its sentences is used.
  const kinds = new Set(proseClaims.filter((c) => c.strength === PROSE).map((c) => PROSE_KIND[c.signal.type]).filter(Boolean));
  let documentation = false;
  if (kinds.size >= 3) {
    documentation = true;
    skips.push({ file, line: proseClaims[0].line, reason: `model card prose speaks of several kinds of update (${[...kinds].join(', ')}); not used as a statement about this model`, unreadable: false });
    claims.push(...proseClaims.filter((c) => c.strength !== PROSE));
  } else claims.push(...proseClaims);
  // Commands in the code blocks of a text about several kinds of update are documentation too.
  const kept = documentation && !frontMatter ? claims.filter((c) => !(c as Claim & { code?: boolean }).code) : claims;
  const out = dedupe(kept.map(({ ...c }) => (delete (c as Claim & { code?: boolean }).code, c)));
  const touches: Touch[] = [];
  if (out.every((c) => c.signal.type === 'info' || c.signal.type === 'negation')) {
    if (metadataKey) touches.push({ file, line: frontMatterLine(lines, metadataKey), reason: `model card with model metadata (${metadataKey}) that does not say how the model was made` });
    else {
      const self = prose.find((l) => SELF_UPDATE.test(plain(l.text)));
      if (self && !documentation) touches.push({ file, line: self.no, reason: `model card speaks of this model's update without saying which kind: ${quote(plain(self.text))}` });
    }
  }
  return { claims: out, skips, touches };
}

function dedupe(claims: Claim[]): Claim[] {
  const seen = new Set<string>();
  return claims.filter((c) => {
    const key = `${c.line}\u0000${c.reason}\u0000${c.signal.type}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function stripHtmlComments(lines: string[]): string[] {
  const out: string[] = [];
  let inComment = false;
  for (const raw of lines) {
    let text = '';
    let rest = raw;
    while (rest.length > 0) {
      if (inComment) {
        const end = rest.indexOf('-->');
        if (end < 0) {
          rest = '';
          break;
        }
        rest = rest.slice(end + 3);
        inComment = false;
      } else {
        const start = rest.indexOf('<!--');
        if (start < 0) {
          text += rest;
          break;
        }
        text += rest.slice(0, start) + ' ';
        rest = rest.slice(start + 4);
        inComment = true;
      }
    }
    out.push(text);
  }
  return out;
}

// ---------- front matter ----------

const QUANT_TAGS: Record<string, QuantSubKind | undefined> = {
  gguf: 'gguf',
  gptq: 'gptq',
  awq: 'awq',
  exl2: 'other',
  hqq: 'hqq',
  'compressed-tensors': 'compressed-tensors',
  fp8: 'fp8',
  torchao: 'torchao',
  mlx: 'other',
  quantized: undefined,
};

/** A sub_kind from words (tags, a sentence): gguf, gptq, awq, nf4, bitsandbytes 8-bit, fp8, ... */
export function subKindFromWords(text: string): { sub_kind?: QuantSubKind; bits?: number; quant_type?: string } {
  const t = text.toLowerCase();
  const bitsM = /(\d{1,2})[- ]?bit\b/.exec(t);
  const bits = bitsM ? Number(bitsM[1]) : undefined;
  const ggufType = /\b(i?q\d_(?:k(?:_[sml])?|[01]|xxs|xs|s|m|nl)|tq\d_0)\b/.exec(t);
  if (/\bgguf\b|\bllama\.cpp\b/.test(t) || ggufType) {
    return { sub_kind: 'gguf', bits: bits ?? (ggufType ? Number(/\d/.exec(ggufType[1])![0]) : undefined), quant_type: ggufType?.[1].toUpperCase() };
  }
  if (/\bgptq\b/.test(t)) return { sub_kind: 'gptq', bits };
  if (/\bawq\b/.test(t)) return { sub_kind: 'awq', bits };
  if (/\bnf4\b/.test(t)) return { sub_kind: 'bnb-nf4', bits: 4, quant_type: 'nf4' };
  if (/\bbitsandbytes\b|\bbnb\b/.test(t)) {
    if (/\bfp4\b/.test(t)) return { sub_kind: 'bnb-fp4', bits: 4, quant_type: 'fp4' };
    if (/\bint8\b|\b8-?bit\b|llm\.int8/.test(t)) return { sub_kind: 'bnb-int8', bits: 8, quant_type: 'int8' };
    return { bits };
  }
  if (/\bcompressed-tensors\b/.test(t)) return { sub_kind: 'compressed-tensors', bits };
  if (/\bfp8\b/.test(t)) return { sub_kind: 'fp8', bits: 8 };
  if (/\bhqq\b/.test(t)) return { sub_kind: 'hqq', bits };
  if (/\btorchao\b/.test(t)) return { sub_kind: 'torchao', bits };
  if (/\b(exl2|mlx|ggml|aqlm|quanto|eetq)\b/.test(t)) return { sub_kind: 'other', bits };
  return { bits };
}

function isAdapterCard(fm: Obj | undefined): boolean {
  if (!fm) return false;
  const tags = (strList(fm.tags) ?? []).map((t) => t.toLowerCase());
  return str(fm.base_model_relation)?.toLowerCase() === 'adapter' || str(fm.library_name)?.toLowerCase() === 'peft' || tags.some((t) => ['lora', 'qlora', 'peft', 'dora'].includes(t));
}

function frontMatterClaims(ctx: DocContext): Claim[] {
  const fm = ctx.data;
  const claims: Claim[] = [];
  const at = (path: (string | number)[], strength: Claim['strength'], signal: Claim['signal'], reason: string, attrs?: UpdateAttributes): Claim => ({
    file: ctx.file,
    line: ctx.doc.lineAt(...path),
    strength,
    signal,
    reason,
    attrs,
  });
  const bases = strList(fm.base_model);
  if (bases) {
    const attrs: UpdateAttributes = { base_model: modelId(bases[0]) ?? bases[0] };
    if (bases.length > 1) attrs.models = bases;
    claims.push(at(['base_model'], METADATA, { type: 'info' }, `card base_model: ${bases.join(', ')}`, attrs));
  }
  const tags = strList(fm.tags) ?? [];
  const lower = tags.map((t) => t.toLowerCase());
  const tagAt = (name: string) => ['tags', lower.indexOf(name)];
  const adapterCard = isAdapterCard(fm);
  const quantWords = lower.filter((t) => t in QUANT_TAGS || /^(bitsandbytes|nf4|fp4|int8|int4|[48]-?bit|q\d_k(_[sml])?|q\d_0)$/.test(t));
  const fromTags = subKindFromWords(quantWords.join(' '));

  const relation = str(fm.base_model_relation)?.toLowerCase();
  if (relation === 'adapter') claims.push(at(['base_model_relation'], METADATA, { type: 'adapter', role: 'shipped' }, 'card base_model_relation: adapter'));
  else if (relation === 'quantized') {
    claims.push(
      at(['base_model_relation'], METADATA, { type: 'quantized', sub_kind: fromTags.sub_kind }, `card base_model_relation: quantized${quantWords.length ? ` (tags ${quantWords.join(', ')})` : ''}`, {
        bits: fromTags.bits,
        quant_type: fromTags.quant_type,
      }),
    );
  } else if (relation === 'finetune') claims.push(at(['base_model_relation'], METADATA, { type: 'trained' }, 'card base_model_relation: finetune (weights trained)'));
  else if (relation === 'merge') claims.push(at(['base_model_relation'], METADATA, { type: 'model-merge' }, 'card base_model_relation: merge'));

  if (str(fm.library_name)?.toLowerCase() === 'peft' && relation !== 'adapter') {
    claims.push(at(['library_name'], METADATA, { type: 'adapter', role: 'shipped' }, 'card library_name: peft (a PEFT adapter)'));
  }
  if (str(fm.quantized_by)) {
    claims.push(at(['quantized_by'], METADATA, { type: 'quantized', sub_kind: fromTags.sub_kind }, `card quantized_by: ${str(fm.quantized_by)}`, { bits: fromTags.bits }));
  }

  if (lower.includes('qlora')) {
    claims.push(at(tagAt('qlora'), METADATA, { type: 'adapter', role: 'trained' }, 'card tag qlora'));
    claims.push(at(tagAt('qlora'), METADATA, { type: 'base-precision', bits: 4 }, 'card tag qlora: LoRA on a 4-bit base', { base_bits: 4 }));
  }
  const loraTag = lower.find((t) => t === 'lora' || t === 'dora' || t === 'peft');
  if (loraTag && relation !== 'adapter') claims.push(at(tagAt(loraTag), METADATA, { type: 'adapter', role: 'trained' }, `card tag ${loraTag}`));
  const mergedTag = lower.find((t) => /^(merged[-_]lora|lora[-_]merged|merged[-_]adapter)$/.test(t));
  if (mergedTag) claims.push(at(tagAt(mergedTag), METADATA, { type: 'adapter-merged' }, `card tag ${mergedTag}`));
  const mergekitTag = lower.find((t) => t === 'mergekit' || t === 'lazymergekit');
  if (mergekitTag && relation !== 'merge') claims.push(at(tagAt(mergekitTag), METADATA, { type: 'model-merge' }, `card tag ${mergekitTag}`));
  else if (!mergekitTag && lower.includes('merge') && relation !== 'merge') claims.push(at(tagAt('merge'), PROSE, { type: 'model-merge' }, 'card tag merge'));

  if (adapterCard) {
    // Quantization tags on an adapter's card describe the base it was trained on.
    const b = quantWords.length > 0 ? fromTags.bits : undefined;
    if (b !== undefined) claims.push(at(tagAt(quantWords[0]), METADATA, { type: 'base-precision', bits: b }, `card tags ${quantWords.join(', ')} on an adapter: a ${b}-bit base`, { base_bits: b }));
  } else if (relation !== 'quantized' && !str(fm.quantized_by)) {
    const tag = lower.find((t) => t in QUANT_TAGS);
    if (tag) {
      claims.push(
        at(tagAt(tag), METADATA, { type: 'quantized', sub_kind: fromTags.sub_kind }, `card tags ${quantWords.join(', ')}`, { bits: fromTags.bits, quant_type: fromTags.quant_type }),
      );
    }
  }
  return claims;
}

/** YAML-shaped cards that no recipe reader recognizes: a PEFT training quantization_config, a PEFT version. */
function yamlCardClaims(ctx: DocContext): Claim[] {
  const d = ctx.data;
  const claims: Claim[] = [];
  const peft = d.PEFT !== undefined || d.peft_version !== undefined || str(d.library_name)?.toLowerCase() === 'peft' || str(d.name)?.toLowerCase() === 'peft';
  if (peft) {
    const key = d.PEFT !== undefined ? 'PEFT' : d.peft_version !== undefined ? 'peft_version' : d.library_name !== undefined ? 'library_name' : 'name';
    claims.push({ file: ctx.file, line: ctx.doc.lineAt(key), strength: METADATA, signal: { type: 'adapter', role: 'shipped' }, reason: `card names PEFT (${key})` });
  }
  if (isObj(d.quantization_config)) {
    const q = describeQuantization(d.quantization_config);
    if (q) {
      const path = ['quantization_config', q.attrs.bits === 8 ? 'load_in_8bit' : 'load_in_4bit'];
      claims.push({
        file: ctx.file,
        line: ctx.doc.lineAt(...path),
        strength: METADATA,
        signal: peft ? { type: 'base-precision', bits: q.attrs.bits ?? null } : { type: 'quantized', sub_kind: q.sub_kind, method: q.method },
        reason: peft ? `card training quantization_config: ${q.summary} (the adapter's base)` : `card quantization_config: ${q.summary}`,
        attrs: peft ? { base_bits: q.attrs.bits, quant_method: q.attrs.quant_method, quant_type: q.attrs.quant_type, double_quant: q.attrs.double_quant } : q.attrs,
      });
    }
  }
  return claims;
}

// ---------- code blocks ----------

const SHELL_LANGS = new Set(['', 'bash', 'sh', 'shell', 'console', 'zsh', 'text']);

function codeBlockClaims(file: string, lang: string, fenceLine: number, lines: string[]): Claim[] {
  const text = lines.join('\n');
  const claims: Claim[] = [];
  if (text.length > MAX_EMBEDDED_YAML) return claims;
  if (lang === 'yaml' || lang === 'yml' || (lang === '' && RECIPE_KEYS.test(text))) {
    const parsed = parseStructured(text, { lineOffset: fenceLine, tolerant: true });
    for (const doc of parsed.docs) {
      if (!isObj(doc.data)) continue;
      const read = readDocument({ file, doc, data: doc.data, embedded: true });
      if (read) claims.push(...read);
    }
    if (claims.length > 0) return claims;
  }
  if (SHELL_LANGS.has(lang)) {
    for (const cmd of commandsOf(text, 'shell', fenceLine)) {
      if (cmd.roleFrom !== 'profile' || cmd.role === 'use') continue;
      const doc: ParsedDoc = { data: cmd.flags, line: cmd.line, lineAt: () => cmd.line };
      const read = readRecipe({ file, doc, data: cmd.flags, strength: CONFIG, command: cmd, label: `\`${cmd.program}\` command in the card` });
      if (read) claims.push(...read.claims.map((c) => ({ ...c, code: true })));
    }
  }
  return claims;
}

// ---------- PEFT's "quantization config was used during training" list ----------

function peftTrainingQuantClaims(file: string, prose: Line[]): Claim[] {
  const at = prose.findIndex((l) => /quantization config was used during training/i.test(l.text));
  if (at < 0) return [];
  const items: Line[] = [];
  for (let i = at + 1; i < prose.length; i++) {
    const t = prose[i].text;
    if (t.trim() === '' && items.length === 0) continue;
    if (!/^\s*-\s+\w+\s*:/.test(t)) break;
    items.push(prose[i]);
  }
  const values: Obj = {};
  const lineOf = new Map<string, number>();
  for (const item of items) {
    // 's': a value may hold U+2028, which '.' would not cross (and '\s*$' then fail to reach the end).
    const m = /^\s*-\s+(\w+)\s*:\s*(.*?)\s*$/s.exec(item.text);
    if (!m) continue;
    values[m[1]] = m[2];
    lineOf.set(m[1], item.no);
  }
  const q = describeQuantization(values);
  if (!q) return [];
  const key = q.attrs.bits === 8 ? 'load_in_8bit' : 'load_in_4bit';
  return [
    {
      file,
      line: lineOf.get(key) ?? prose[at].no,
      strength: CONFIG,
      signal: { type: 'base-precision', bits: q.attrs.bits ?? null },
      reason: `PEFT card: ${q.summary} quantization config used during training (the adapter's base)`,
      attrs: { base_bits: q.attrs.bits, quant_method: q.attrs.quant_method, quant_type: q.attrs.quant_type, double_quant: q.attrs.double_quant },
    },
  ];
}

// ---------- prose ----------

const MERGE_WORD = /\bmerg(?:e|ed|es|ing)\b|merge_and_unload/i;
const LORA_WORD = /\b(?:q?lora|loras|adapters?)\b/i;
const MODEL_MERGE =
  /\b(?:lazy)?mergekit\b|\bmerge of (?:the following|several|multiple|two|three|four|\d+|pre-?trained|these)\b[^.]*?\bmodels?\b|\bmerged? using the [\w-]+ (?:merge )?method\b/i;
const MERGE_METHOD = /\b(slerp|nuslerp|dare[ _-]?ties|dare[ _-]?linear|ties|task[ _-]arithmetic|passthrough|model[ _-]stock|breadcrumbs|della|karcher|arcee[ _-]fusion|linear)\b/i;
const FULL =
  /\bfull[- ]?(?:weights?|parameters?|param)?[- ]?(?:fine[- ]?tun\w*|finetun\w*|train\w*)|\b(?:fine[- ]?tun\w*|finetun\w*|train\w*)\s+(?:of\s+)?all\s+(?:the\s+)?(?:model\s+)?(?:weights|parameters)\b/i;
const QLORA = /\bq-?lora\b/i;
const LORA = /\b(?:lora|dora|peft)\b/i;
const ACTION = /\b(?:adapters?|fine[- ]?tun\w*|finetun\w*|train\w*|tuned)\b|微调|训练|파인튜닝|학습|ファインチューニング/i;
const NF4 = /\bnf4\b|\bload_in_4bit\s*[=:]\s*true\b/i;
const LOAD8 = /\bload_in_8bit\s*[=:]\s*true\b/i;
const BNB_KEY_LINE = /^\s*[-*]?\s*"?(?:load_in_\dbit|bnb_4bit_\w+|llm_int8_\w+|quant_method)"?\s*:/i;
const SELF_QUANT = [
  /\b(?:this|it)\s+(?:repo(?:sitory)?|model|release)?\s*(?:is|contains|provides|has)\b[^.]{0,60}?\bquantized\b/i,
  /\bthis\s+repo(?:sitory)?\s+contains\s+[^.]{0,30}?\b(?:gptq|awq|gguf|ggml|exl2|hqq|mlx|fp8|int4|int8)\b/i,
  /\b(?:the\s+)?(?:model\s+)?weights\s+(?:are|were|have\s+been)\s+quantized\b/i,
  /\bquantized\s+(?:with|using|by)\s+(?:llama\.cpp|auto-?gptq|auto-?awq|gptq|awq|bitsandbytes|llm-compressor|hqq|optimum)\b/i,
];
/** Prose lines longer than this are read up to here (real sentences are far shorter). */
const MAX_PROSE_LINE = 4000;
const QUANT_LINE = /^\s*(?:[-*+]\s*)?quantization\s*:\s*(.+)$/i;
const PEFT_VERSION = /^\s*[-*]\s*PEFT\s+v?\d/;

/** Markdown to plain text: links keep their text, URLs, images, HTML tags and emphasis marks go. */
function plain(text: string): string {
  // Every pattern is bounded and cannot overlap itself, so no line makes them slow.
  return text
    .slice(0, MAX_PROSE_LINE)
    .replace(/!\[[^\][]{0,500}\]\([^()\s]{0,2000}\)/g, ' ')
    .replace(/\[([^\][]{0,500})\]\([^()\s]{0,2000}\)/g, '$1')
    .replace(/<https?:[^<>\s]{0,2000}>/g, ' ')
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/<[^<>]{1,500}>/g, ' ')
    .replace(/\(\s*\)/g, ' ')
    .replace(/\*+/g, '')
    .replace(/`/g, '')
    .replace(/(^|[^\w])_+([^_]+?)_+(?=[^\w]|$)/g, '$1$2')
    .replace(/\s+/g, ' ')
    .trim();
}

/** True when a negation sits in the same clause shortly before `index`. */
function negatedAt(sentence: string, index: number): boolean {
  const before = sentence.slice(Math.max(0, index - 30), index);
  const clause = before.split(/[,;:()]|\bbut\b/i).pop() ?? '';
  return /\b(?:not|no|never|without|non)\b|n't\b/i.test(clause);
}

function firstMatch(re: RegExp, s: string): RegExpExecArray | null {
  return new RegExp(re.source, re.flags.includes('g') ? re.flags : re.flags + 'g').exec(s);
}

/** Every match of `re` in `s` with whether it is negated. */
function mentions(re: RegExp, s: string): Array<{ index: number; text: string; negated: boolean }> {
  const g = new RegExp(re.source, re.flags.includes('g') ? re.flags : re.flags + 'g');
  const out: Array<{ index: number; text: string; negated: boolean }> = [];
  for (let m = g.exec(s); m; m = g.exec(s)) {
    out.push({ index: m.index, text: m[0], negated: negatedAt(s, m.index) });
    if (m[0].length === 0) g.lastIndex++;
  }
  return out;
}

function quote(s: string): string {
  return s.length > 90 ? `"${s.slice(0, 87)}..."` : `"${s}"`;
}

const PROSE_KIND: Partial<Record<Claim['signal']['type'], string>> = {
  adapter: 'adapter',
  'adapter-merged': 'merged adapter',
  'full-training': 'full fine-tune',
  'model-merge': 'merge',
  quantized: 'quantization',
};

/** Words of each kind of update, to tell an enumeration of kinds from a statement about one. */
const KIND_WORDS = [
  /\bquanti[sz]\w*|\bgguf\b|\bgptq\b|\bawq\b|\bint[48]\b/i,
  /\bq?-?lora\b|\bdora\b|\bpeft\b|\badapters?\b/i,
  /\bmerg\w*/i,
  /\bfull[- ]?(?:weights?|parameters?)?[- ]?(?:fine[- ]?tun|finetun|train)/i,
];

function proseLineClaims(file: string, line: Line, adapterCard: boolean): Claim[] {
  const raw = line.text;
  if (/^\s{0,3}#\s/.test(raw)) return []; // H1: a title (a name), not a statement
  if (/^\s*\|/.test(raw)) return []; // a table row: cells, not sentences
  if (PEFT_VERSION.test(raw)) {
    return [{ file, line: line.no, strength: METADATA, signal: { type: 'adapter', role: 'shipped' }, reason: `card lists the PEFT framework version (${raw.trim().replace(/^[-*]\s*/, '')})` }];
  }
  const text = plain(raw);
  if (!text) return [];
  const claims: Claim[] = [];
  const claim = (signal: Claim['signal'], term: ProseTerm, sentence: string, what: string, attrs?: UpdateAttributes) =>
    claims.push({ file, line: line.no, strength: PROSE, signal, term, reason: `card says ${what}: ${quote(sentence)}`, attrs });

  const kv = QUANT_LINE.exec(text);
  if (kv && !/^(none|no|n\/a|-|false)\b/i.test(kv[1].trim())) {
    const s = subKindFromWords(kv[1]);
    claim({ type: 'quantized', sub_kind: s.sub_kind }, 'quantized', text, 'the weights are quantized', { bits: s.bits, quant_type: s.quant_type });
  }

  for (const sentence of text.split(/(?<=[.!?。])\s+/)) {
    if (KIND_WORDS.filter((re) => re.test(sentence)).length >= 3) continue; // an enumeration of kinds
    // Instructions ("you can", "if --model points to", "the example") are a tool's docs, not a statement about this model.
    if (/^(?:try|use|run|set|see|refer|install|make sure|note|to use|to run|pass|add|specify|check)\b/i.test(sentence) || /^\[\^[\w-]+\]:/.test(sentence)) continue;
    if (/\byou\b|\byour\b|\bthe example\b|\bthis example\b|\bexamples?\s+(?:shows?|works|uses|supports)|\s--[a-z][\w-]*/i.test(sentence)) continue;
    const merge = MERGE_WORD.test(sentence);
    const loraMentions = mentions(LORA_WORD, sentence);
    const modelMerge = firstMatch(MODEL_MERGE, sentence);
    if (merge && loraMentions.some((m) => !m.negated) && !modelMerge) {
      claim({ type: 'adapter-merged' }, 'lora-merged', sentence, 'a LoRA was merged into the weights');
    } else if (merge && modelMerge) {
      const method = firstMatch(MERGE_METHOD, sentence);
      claim({ type: 'model-merge' }, 'merge', sentence, 'several models were merged', method ? { merge_method: method[1].toLowerCase().replace(/[ -]/g, '_') } : undefined);
    }

    for (const f of mentions(FULL, sentence)) {
      if (f.negated) claims.push({ file, line: line.no, strength: PROSE, signal: { type: 'negation', terms: ['full'] }, term: 'full', reason: `card negates a full fine-tune: ${quote(sentence)}` });
      else claim({ type: 'full-training' }, 'full', sentence, 'all weights were trained');
    }

    const q = mentions(QLORA, sentence);
    for (const m of q) {
      if (m.negated) claims.push({ file, line: line.no, strength: PROSE, signal: { type: 'negation', terms: ['qlora'] }, term: 'qlora', reason: `card negates QLoRA: ${quote(sentence)}` });
    }
    if (q.some((m) => !m.negated) && !merge) {
      claim({ type: 'adapter', role: 'trained' }, 'qlora', sentence, 'QLoRA training');
      claim({ type: 'base-precision', bits: 4 }, 'qlora', sentence, 'QLoRA (a 4-bit base)', { base_bits: 4 });
    }

    const l = mentions(LORA, sentence);
    const negatedLora = l.filter((m) => m.negated);
    if (negatedLora.length > 0) {
      claims.push({ file, line: line.no, strength: PROSE, signal: { type: 'negation', terms: ['lora', 'qlora'] }, term: 'lora', reason: `card negates LoRA/PEFT: ${quote(sentence)}` });
    }
    if (!merge) {
      const near = l.find((m) => !m.negated && ACTION.test(sentence.slice(Math.max(0, m.index - 40), m.index + m.text.length + 40)));
      if (near) claim({ type: 'adapter', role: 'trained' }, 'lora', sentence, 'an adapter was trained', near.text.toLowerCase() === 'dora' ? { dora: true } : undefined);
    }

    if (BNB_KEY_LINE.test(sentence)) {
      // "- load_in_4bit: True": a config line (read above as a config), not a statement.
    } else if (NF4.test(sentence) && !negatedAt(sentence, firstMatch(NF4, sentence)!.index)) {
      claim({ type: 'base-precision', bits: 4 }, 'nf4', sentence, 'NF4 / 4-bit loading (the base, when an adapter is trained)', { base_bits: 4, quant_type: 'nf4' });
    } else if (LOAD8.test(sentence)) {
      claim({ type: 'base-precision', bits: 8 }, 'nf4', sentence, '8-bit loading (the base, when an adapter is trained)', { base_bits: 8 });
    }

    if (!kv && SELF_QUANT.some((re) => re.test(sentence)) && !adapterCard) {
      const s = subKindFromWords(sentence);
      claim({ type: 'quantized', sub_kind: s.sub_kind }, 'quantized', sentence, 'the weights are quantized', { bits: s.bits, quant_type: s.quant_type });
    }
  }
  return claims;
}
