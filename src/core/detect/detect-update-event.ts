/**
 * Detects the model-update event of a change from the files it touches.
 *
 * Each changed file is read (read-file.ts) into claims (what it says about the update), touches (it
 * touches a model artifact without saying how: weights, a model config, a recipe whose kind is not
 * stated, a file that cannot be read) and skips (positively recognized as not touching a model).
 * Claims are combined here by the rules below. Fail closed: with no family established, any touch
 * makes the event `unknown` (always measured); `none` needs every file to be a skip, or no file.
 *
 * Strength of a claim (what a file is worth):
 *   3 config   - written by a tool for a machine: config.json quantization_config, quantize_config.json,
 *                adapter_config.json, axolotl / LLaMA-Factory / torchtune / TRL / llm-compressor recipes,
 *                mergekit YAML (also when embedded in a card), PEFT's training-quantization list in a
 *                card, GGUF and safetensors headers.
 *   2 metadata - card front matter (base_model_relation, tags, library_name, quantized_by), base model
 *                ids such as "...-bnb-4bit", adapter weight files known only by name.
 *   1 prose    - a sentence of a model card; also full weights that changed at the same dtype (a
 *                header cannot tell training from merging).
 *
 * What the claims say, and how they combine into a family:
 *   - Negation: a card's "not QLoRA" / "not a PEFT or LoRA finetune" / "not a full fine-tune" takes back
 *     that card's own prose claims of the same kind (listed as conflicts).
 *   - An adapter merged into the weights (LLaMA-Factory export of adapter_name_or_path, a card saying a
 *     LoRA was merged, tag merged-lora) absorbs the adapter training that produced it: lora-merged,
 *     unless an unmerged adapter is shipped with stronger evidence than the merge.
 *   - Quantized weights next to an adapter are the adapter's frozen base, not the release: their bits
 *     become the base precision.
 *   - "Weights were trained" of an unstated kind (card relation finetune, full weights changed at the
 *     same dtype) supports any training or merge candidate; alone it is a full fine-tune.
 *   - Prose is read with care: only statements about this model (not titles, tables, code, or a quoted
 *     upstream card), and a card whose prose names three or more kinds of update is documentation, not
 *     a statement; none of its prose is used.
 *   - The candidate families (adapter, lora-merged, full-finetune, merge, quantization) compete on the
 *     strength of their strongest claim; ties go to the riskier update, in the order
 *     adapter > lora-merged > full-finetune > merge > quantization. Losing candidates are listed as
 *     conflicts, never dropped.
 *   - An adapter is qlora when its base is 4-bit or lower, lora otherwise (base_bits 8 for an 8-bit
 *     base). Base precision is decided by its strongest claims; when they disagree the lower bit width
 *     wins and the others are listed as conflicts. Training-time precision tricks (8-bit optimizers, FP8
 *     mixed precision, dequantized checkpoints, int8_mask in mergekit) are never claims.
 *   - sub_kind: for quantization, from the strongest quantization claim that names a format (other when
 *     none does); for adapters, dora / adalora / the PEFT type when it is not plain LoRA.
 *   - A declared event (config `update:` or a `monitor-gate/<family>` label) wins over detection: it sets
 *     family and sub_kind with confidence 1; what detection found is kept in `detected`.
 *
 * Confidence: for a family, 0.95 / 0.80 / 0.60 when decided by config / metadata / prose claims, plus
 * 0.02 for each further file agreeing (at most +0.04, never above 0.99); times 0.7 for each conflicting
 * candidate (or disagreeing base precision, or quantization format) of the same strength, 0.85 one tier
 * weaker, 0.95 two tiers weaker, and 0.9 when a card took its own claims back. `unknown` is 0.90: how
 * sure detection is that the change touches the model (its files say so); only the kind is open.
 * `none` is 0.90: every file was positively recognized as not touching a model. Unreadable files no
 * longer lower none's confidence: they touch the model, so the event is unknown.
 *
 * Detection never throws on file content: every file is listed as evidence (fact, conflict,
 * touches-model or skipped) with its reason, and no file is read beyond a few MB (headers only for weights).
 */
import { PROSE, type Claim, type ProseTerm, type ReadOutcome, type Skip, type Strength, type Touch } from './claims.ts';
import { readChangedFile as readFileOutcome } from './read-file.ts';
import type { ChangedFile, DetectOptions, Evidence, UpdateAttributes, UpdateEvent, UpdateFamily } from './types.ts';

/** Reads one changed file; a reader's `touches` claims become touches. Never throws. */
export async function readChangedFile(file: ChangedFile): Promise<ReadOutcome> {
  const out = await readFileOutcome(file);
  const claims: Claim[] = [];
  const touches: Touch[] = [...out.touches];
  for (const c of out.claims) {
    if (c.signal.type === 'touches') touches.push({ file: c.file, line: c.line, reason: c.reason });
    else claims.push(c);
  }
  return { claims, skips: out.skips, touches };
}

async function mapPool<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

// ---------- combining claims ----------

type CandidateFamily = 'adapter' | 'lora-merged' | 'full-finetune' | 'merge' | 'quantization';
const TIE_ORDER: CandidateFamily[] = ['adapter', 'lora-merged', 'full-finetune', 'merge', 'quantization'];
const BASE_CONFIDENCE: Record<Strength, number> = { 3: 0.95, 2: 0.8, 1: 0.6 };
/** unknown: how sure detection is that the change touches a model (it always is, by the files listed). */
const UNKNOWN_CONFIDENCE = 0.9;
/** none: every changed file was positively recognized as not touching a model. */
const NONE_CONFIDENCE = 0.9;

interface Candidate {
  family: CandidateFamily;
  claims: Claim[];
  strength: Strength;
}

interface Conflict {
  claim: Claim;
  why: string;
}

const strengthOf = (claims: readonly Claim[]): number => claims.reduce((m, c) => Math.max(m, c.strength), 0);

function gapFactor(winner: number, loser: number): number {
  const gap = winner - loser;
  return gap <= 0 ? 0.7 : gap === 1 ? 0.85 : 0.95;
}

function byStrength(a: Claim, b: Claim): number {
  return b.strength - a.strength;
}

const FAMILY_WORDS: Record<CandidateFamily, string> = {
  adapter: 'an unmerged adapter',
  'lora-merged': 'an adapter merged into the weights',
  'full-finetune': 'a full fine-tune',
  merge: 'a model merge',
  quantization: 'a quantization',
};

/** Attribute values are what files say; bounded so that a hostile file cannot bloat the report. */
const MAX_ATTRIBUTE_CHARS = 200;
const MAX_ATTRIBUTE_ITEMS = 256;

function boundValue(v: unknown): unknown {
  if (typeof v === 'string') return v.length > MAX_ATTRIBUTE_CHARS ? `${v.slice(0, MAX_ATTRIBUTE_CHARS - 3)}...` : v;
  if (Array.isArray(v)) return v.slice(0, MAX_ATTRIBUTE_ITEMS).map(boundValue);
  return v;
}

function mergeAttributes(target: UpdateAttributes, claims: readonly Claim[], rename?: (a: UpdateAttributes) => UpdateAttributes): void {
  const t = target as Record<string, unknown>;
  for (const c of claims) {
    if (!c.attrs) continue;
    const attrs = rename ? rename(c.attrs) : c.attrs;
    for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined || v === null || (Array.isArray(v) && v.length === 0)) continue;
      if (typeof v === 'number' && !Number.isFinite(v)) continue;
      if (t[k] === undefined) t[k] = boundValue(v);
    }
  }
}

/** Quantization attributes of a claim that describes an adapter's base rather than the release. */
function asBaseAttributes(a: UpdateAttributes): UpdateAttributes {
  const { bits, ...rest } = a;
  return bits !== undefined && rest.base_bits === undefined ? { ...rest, base_bits: bits } : rest;
}

interface Detection {
  family: UpdateFamily;
  sub_kind: string | null;
  attributes: UpdateAttributes;
  evidence: Evidence[];
  confidence: number;
}

export function combineClaims(claimsIn: readonly Claim[], skips: readonly Skip[], touchesIn: readonly Touch[] = []): Detection {
  const conflicts: Conflict[] = [];
  const facts: Claim[] = [];
  let factor = 1;

  // 1. A card's negations take back its own prose claims of the same kind.
  const negations = claimsIn.filter((c) => c.signal.type === 'negation');
  const takenBack = new Set<Claim>();
  for (const c of claimsIn) {
    if (c.strength !== PROSE || !c.term || c.signal.type === 'negation') continue;
    const neg = negations.find((n) => n.file === c.file && n.signal.type === 'negation' && n.signal.terms.includes(c.term as ProseTerm));
    if (neg) {
      takenBack.add(c);
      conflicts.push({ claim: c, why: `taken back by the same card at line ${neg.line}` });
    }
  }
  if (takenBack.size > 0) {
    factor *= 0.9;
    for (const n of negations) if ([...takenBack].some((c) => c.file === n.file && n.signal.type === 'negation' && n.signal.terms.includes(c.term!))) facts.push(n);
  }
  const active = claimsIn.filter((c) => !takenBack.has(c) && c.signal.type !== 'negation');
  const ofType = (t: Claim['signal']['type']) => active.filter((c) => c.signal.type === t);
  const shipped = active.filter((c) => c.signal.type === 'adapter' && c.signal.role === 'shipped');
  const trained = active.filter((c) => c.signal.type === 'adapter' && c.signal.role === 'trained');
  const merged = ofType('adapter-merged');
  const full = ofType('full-training');
  const weightsTrained = ofType('trained');
  const modelMerge = ofType('model-merge');
  let quant = ofType('quantized');
  const basePrecision = ofType('base-precision');
  const info = ofType('info');

  // 2. Candidates, with absorption of compatible claims.
  let adapter = [...shipped, ...trained];
  const loraMerged = [...merged];
  if (merged.length > 0 && strengthOf(merged) >= strengthOf(shipped)) {
    loraMerged.push(...adapter);
    adapter = [];
  }
  let absorbedQuant: Claim[] = [];
  if (adapter.length > 0) {
    absorbedQuant = quant;
    quant = [];
  }
  const fullCandidate = [...full];
  const trainedHome = fullCandidate.length > 0 ? fullCandidate : loraMerged.length > 0 ? loraMerged : adapter.length > 0 ? adapter : modelMerge.length > 0 ? modelMerge : fullCandidate;
  trainedHome.push(...weightsTrained);

  const candidates: Candidate[] = (
    [
      ['adapter', adapter],
      ['lora-merged', loraMerged],
      ['full-finetune', fullCandidate],
      ['merge', modelMerge],
      ['quantization', quant],
    ] as Array<[CandidateFamily, Claim[]]>
  )
    .filter(([, claims]) => claims.length > 0)
    .map(([family, claims]) => ({ family, claims: [...claims].sort(byStrength), strength: strengthOf(claims) as Strength }));

  const skipped: Evidence[] = skips.map((s) => ({ file: s.file, line: s.line, reason: s.reason, kind: 'skipped' }));
  const touched: Evidence[] = touchesIn.map((t) => ({ file: t.file, line: t.line, reason: t.reason, kind: 'touches-model' }));

  if (candidates.length === 0) {
    const attributes: UpdateAttributes = {};
    mergeAttributes(attributes, info);
    // Fail closed: a file that touches a model without saying how makes the update unknown, never none.
    const unknown = touched.length > 0;
    return {
      family: unknown ? 'unknown' : 'none',
      sub_kind: null,
      attributes,
      evidence: assemble([...info, ...facts, ...basePrecision], conflicts, [...touched, ...skipped]),
      confidence: unknown ? UNKNOWN_CONFIDENCE : NONE_CONFIDENCE,
    };
  }

  candidates.sort((a, b) => b.strength - a.strength || TIE_ORDER.indexOf(a.family) - TIE_ORDER.indexOf(b.family));
  const winner = candidates[0];
  for (const loser of candidates.slice(1)) {
    factor *= gapFactor(winner.strength, loser.strength);
    for (const c of loser.claims) conflicts.push({ claim: c, why: `points to ${FAMILY_WORDS[loser.family]}; ${FAMILY_WORDS[winner.family]} has stronger or riskier evidence` });
  }

  const attributes: UpdateAttributes = {};
  let family: UpdateFamily;
  let subKind: string | null = null;
  const used: Claim[] = [...winner.claims];

  if (winner.family === 'adapter' || winner.family === 'lora-merged') {
    // 3. Base precision of the adapter: config.json quantization next to it counts as its base.
    const baseClaims: Claim[] = [...basePrecision];
    for (const q of absorbedQuant) {
      const bits = q.attrs?.bits;
      if (typeof bits === 'number') baseClaims.push({ ...q, signal: { type: 'base-precision', bits }, reason: `${q.reason} (the adapter's base)` });
      else facts.push(q);
    }
    let chosen: number | null | undefined;
    if (baseClaims.length > 0) {
      const top = strengthOf(baseClaims);
      const values = baseClaims.filter((c) => c.strength === top).map((c) => (c.signal.type === 'base-precision' ? c.signal.bits : null));
      const numbers = values.filter((v): v is number => v !== null);
      chosen = numbers.length > 0 ? Math.min(...numbers) : null;
      const disagreeing = baseClaims.filter((c) => c.signal.type === 'base-precision' && c.signal.bits !== chosen);
      const agreeing = baseClaims.filter((c) => !disagreeing.includes(c));
      used.push(...agreeing);
      const worst = strengthOf(disagreeing);
      if (disagreeing.length > 0) factor *= gapFactor(top, worst);
      for (const c of disagreeing) {
        const bits = c.signal.type === 'base-precision' ? c.signal.bits : null;
        conflicts.push({ claim: c, why: `says a ${bits === null ? 'non-quantized' : `${bits}-bit`} base; the ${chosen === null ? 'non-quantized' : `${chosen}-bit`} base has ${c.strength < top ? 'stronger' : 'equally strong, riskier'} evidence` });
      }
    }
    if (winner.family === 'adapter') family = typeof chosen === 'number' && chosen <= 4 ? 'qlora' : 'lora';
    else family = 'lora-merged';
    mergeAttributes(attributes, winner.claims);
    mergeAttributes(
      attributes,
      used.filter((c) => c.signal.type === 'base-precision'),
      asBaseAttributes,
    );
    if (typeof chosen === 'number') attributes.base_bits = chosen;
    else delete attributes.base_bits;
    if (winner.family === 'adapter') {
      const adapters = winner.claims.filter((c) => c.signal.type === 'adapter');
      if (adapters.some((c) => c.signal.type === 'adapter' && c.signal.dora) || attributes.dora) subKind = 'dora';
      else {
        const typed = adapters.find((c) => c.signal.type === 'adapter' && c.signal.peft_type && c.signal.peft_type !== 'LORA');
        if (typed && typed.signal.type === 'adapter') subKind = typed.signal.peft_type!.toLowerCase();
      }
      // BOFT is a kind of OFT; a QLoRA's sub_kind stays null (the variant is kept in attributes.peft_type / dora).
      if (subKind === 'boft') subKind = 'oft';
      if (family === 'qlora') subKind = null;
    }
  } else {
    family = winner.family;
    mergeAttributes(attributes, winner.claims);
    if (winner.family === 'quantization') {
      const named = winner.claims.filter((c) => c.signal.type === 'quantized' && c.signal.sub_kind !== undefined);
      const first = named[0];
      subKind = first && first.signal.type === 'quantized' ? first.signal.sub_kind! : 'other';
      for (const c of named) {
        if (c.signal.type === 'quantized' && c.signal.sub_kind !== subKind) {
          factor *= gapFactor(first.strength, c.strength);
          conflicts.push({ claim: c, why: `names ${c.signal.sub_kind}; ${subKind} has stronger evidence` });
        }
      }
      // An NF4 / 4-bit mention describes the quantized weights here.
      facts.push(...basePrecision);
    } else {
      for (const c of basePrecision) {
        if (c.signal.type === 'base-precision' && c.signal.bits !== null) {
          conflicts.push({ claim: c, why: `describes an adapter's quantized base, but no adapter is trained (${FAMILY_WORDS[winner.family]})` });
          factor *= gapFactor(winner.strength, c.strength);
        }
      }
    }
    if (winner.family === 'merge') {
      const methods = [...new Set(winner.claims.map((c) => c.attrs?.merge_method).filter((m): m is string => m !== undefined))];
      if (methods.length > 1) attributes.merge_method = methods.join(', ');
    }
  }
  mergeAttributes(attributes, info);

  const conflictClaims = new Set(conflicts.map((c) => c.claim));
  const factClaims = [...used, ...facts, ...info].filter((c) => !conflictClaims.has(c));
  const files = new Set(winner.claims.map((c) => c.file));
  const base = Math.min(0.99, BASE_CONFIDENCE[winner.strength] + Math.min(0.04, 0.02 * (files.size - 1)));
  return {
    family,
    sub_kind: subKind,
    attributes: sortAttributes(attributes),
    evidence: assemble(factClaims, conflicts, [...touched, ...skipped]),
    confidence: round(base * factor),
  };
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

const ATTRIBUTE_ORDER: Array<keyof UpdateAttributes> = [
  'bits',
  'base_bits',
  'quant_method',
  'quant_type',
  'quant_algorithm',
  'group_size',
  'double_quant',
  'peft_type',
  'lora_rank',
  'lora_alpha',
  'lora_dropout',
  'target_modules',
  'layers',
  'dora',
  'base_model',
  'models',
  'merge_method',
  'merge_weights',
  'training_steps',
  'epochs',
  'learning_rate',
  'tool',
];

function sortAttributes(a: UpdateAttributes): UpdateAttributes {
  const out: Record<string, unknown> = {};
  for (const k of ATTRIBUTE_ORDER) if (a[k] !== undefined) out[k] = a[k];
  return out as UpdateAttributes;
}

function byPlace(a: Evidence, b: Evidence): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line;
}

/** Evidence kept per file and kind; the rest is counted in one closing line. */
const MAX_EVIDENCE_PER_FILE = 25;
const MAX_REASON_CHARS = 300;

function assemble(facts: readonly Claim[], conflicts: readonly Conflict[], skipped: readonly Evidence[]): Evidence[] {
  const seen = new Set<string>();
  const out: Evidence[] = [];
  const group = (list: Evidence[]) => {
    const perFile = new Map<string, { count: number; first?: Evidence }>();
    for (const raw of [...list].sort(byPlace)) {
      const e = raw.reason.length > MAX_REASON_CHARS ? { ...raw, reason: `${raw.reason.slice(0, MAX_REASON_CHARS - 3)}...` } : raw;
      const key = `${e.kind}\u0000${e.file}\u0000${e.line}\u0000${e.reason}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const n = perFile.get(e.file) ?? { count: 0 };
      n.count++;
      perFile.set(e.file, n);
      if (n.count <= MAX_EVIDENCE_PER_FILE) out.push(e);
      else n.first ??= e;
    }
    for (const { count, first } of perFile.values()) {
      if (!first) continue;
      const what = first.kind === 'conflict' ? 'conflicting facts' : first.kind === 'skipped' ? 'skipped parts' : first.kind === 'touches-model' ? 'parts that touch the model' : 'facts';
      out.push({ file: first.file, line: first.line, reason: `... and ${count - MAX_EVIDENCE_PER_FILE} more ${what} like these in this file`, kind: first.kind });
    }
  };
  group(facts.map((c): Evidence => ({ file: c.file, line: c.line, reason: c.reason, kind: 'fact' })));
  group(conflicts.map((c): Evidence => ({ file: c.claim.file, line: c.claim.line, reason: `${c.claim.reason} (${c.why})`, kind: 'conflict' })));
  group([...skipped]);
  return out;
}

// ---------- public API ----------

/**
 * The update event of a change: which family of update the changed files carry, its attributes, and the
 * evidence (file, line, reason) for every fact used, every conflict and every file skipped. A declared
 * event (config `update:`, a PR label) wins over detection. Never throws on file content.
 */
export async function detectUpdateEvent(files: readonly ChangedFile[], options: DetectOptions = {}): Promise<UpdateEvent> {
  const outcomes = await mapPool(files, 16, readChangedFile);
  const detection = combineClaims(
    outcomes.flatMap((o) => o.claims),
    outcomes.flatMap((o) => o.skips),
    outcomes.flatMap((o) => o.touches),
  );
  const declared = options.declared;
  if (!declared) return detection;
  return {
    family: declared.family,
    sub_kind: declared.sub_kind ?? (declared.family === detection.family ? detection.sub_kind : null),
    attributes: declared.family === detection.family ? detection.attributes : {},
    evidence: detection.evidence,
    confidence: 1,
    declared: { source: declared.source },
    detected: { family: detection.family, sub_kind: detection.sub_kind, confidence: detection.confidence },
  };
}

function showValue(v: unknown): string {
  if (Array.isArray(v)) return v.length > 8 ? `${v.slice(0, 8).join(',')},... (${v.length})` : v.join(',');
  return String(v);
}

/** A short multi-line summary of an event, for the CLI. */
export function formatEventSummary(event: UpdateEvent, options: { maxEvidence?: number } = {}): string {
  const max = options.maxEvidence ?? 12;
  const lines: string[] = [];
  const kind = event.sub_kind ? `${event.family} (${event.sub_kind})` : event.family;
  lines.push(`update: ${kind}, confidence ${event.confidence.toFixed(2)}`);
  if (event.declared) {
    const d = event.detected;
    lines.push(`  declared by ${event.declared.source}${d ? `; detected ${d.sub_kind ? `${d.family} (${d.sub_kind})` : d.family}, confidence ${d.confidence.toFixed(2)}` : ''}`);
  }
  const attrs = Object.entries(event.attributes).filter(([, v]) => v !== undefined);
  if (attrs.length > 0) lines.push(`  ${attrs.map(([k, v]) => `${k} ${showValue(v)}`).join(' | ')}`);
  const groups: Array<[string, Evidence[]]> = [
    ['evidence', event.evidence.filter((e) => (e.kind ?? 'fact') === 'fact')],
    ['conflicts', event.evidence.filter((e) => e.kind === 'conflict')],
    ['touches the model', event.evidence.filter((e) => e.kind === 'touches-model')],
    ['skipped', event.evidence.filter((e) => e.kind === 'skipped')],
  ];
  for (const [title, list] of groups) {
    if (list.length === 0) continue;
    lines.push(`${title}:`);
    for (const e of list.slice(0, max)) lines.push(`  ${e.file}:${e.line}  ${e.reason}`);
    if (list.length > max) lines.push(`  ... and ${list.length - max} more (--json lists them all)`);
  }
  return lines.join('\n');
}

