/**
 * The repaired probe as an ONNX model: repaired(x) = original(A x + c).
 *
 * - folded: when every use of the probe's input is the A operand of a Gemm or MatMul with constant
 *   weights (linear probes, the first layer of MLP probes), the map goes into those weights:
 *   (A x + c)^T W = x^T (A^T W) + c^T W. The graph keeps its shape and size.
 * - prepended: otherwise the original input is renamed inside the graph and MatMul(x, A^T) + c
 *   (Mul by the scale for a diagonal map, a bare Add for a shift) is put in front of it.
 *
 * Every original node, initializer (except folded weights no longer used), opset import and
 * metadata entry is kept; the graph input and outputs keep their names, types and shapes.
 * `monitor-gate.repair.*` metadata records what was done.
 */
import { createHash } from 'node:crypto';
import { probeError } from '../errors.ts';
import { DataType, attr, decodeModel, encodeModel, floatTensor, makeNode, onnx, type GraphProto, type ModelProto, type NodeProto, type TensorProto } from '../onnx/model.ts';
import type { RepairMethod } from '../types.ts';
import { TOOL_VERSION } from '../version.ts';
import type { AffineMap } from './fit.ts';
import { transposeTimes } from './linalg.ts';
import { planFold, subgraphs, declares, type FoldTarget } from '../scoring/probe-graph.ts';

export const REPAIR_METADATA_PREFIX = 'monitor-gate.repair.';

export interface ComposeInfo {
  method: RepairMethod;
  monitorId?: string;
  /** Rows the map was fitted on. */
  fitRows?: number;
  /** What the rows were, e.g. "calibration L2_mean.safetensors#calibration". */
  fitData?: string;
  /** 'auto' folds when it can; 'prepend' always inserts the map in front (for tests). */
  composition?: 'auto' | 'prepend';
  /** File the original came from, for messages. */
  file?: string;
}

export interface ComposedProbe {
  bytes: Uint8Array;
  composition: 'folded' | 'prepended';
  warnings: string[];
}

type AttributeProto = NonNullable<NodeProto['attribute']>[number];

// ---------- names ----------

function collectNames(graph: GraphProto, into: Set<string>): void {
  for (const v of graph.input ?? []) if (v.name) into.add(v.name);
  for (const v of graph.output ?? []) if (v.name) into.add(v.name);
  for (const v of graph.valueInfo ?? []) if (v.name) into.add(v.name);
  for (const t of graph.initializer ?? []) if (t.name) into.add(t.name);
  for (const n of graph.node ?? []) {
    for (const x of n.input ?? []) if (x) into.add(x);
    for (const x of n.output ?? []) if (x) into.add(x);
    if (n.name) into.add(n.name);
    for (const sub of subgraphs(n)) collectNames(sub, into);
  }
}




/** Replaces reads of `from` with `to` in every node, subgraphs included (unless a subgraph shadows the name). */
function renameReads(graph: GraphProto, from: string, to: string): void {
  for (const n of graph.node ?? []) {
    if (n.input) n.input = n.input.map((x) => (x === from ? to : x));
    for (const sub of subgraphs(n)) {
      if (declares(sub, from)) continue;
      renameReads(sub, from, to);
      for (const o of sub.output ?? []) if (o.name === from) o.name = to;
    }
  }
}

class Names {
  private readonly used = new Set<string>();
  constructor(graph: GraphProto) {
    collectNames(graph, this.used);
  }
  fresh(base: string): string {
    let name = base;
    for (let i = 1; this.used.has(name); i++) name = `${base}_${i}`;
    this.used.add(name);
    return name;
  }
}

// ---------- attributes ----------

function setAttr(node: NodeProto, value: AttributeProto): void {
  const rest = (node.attribute ?? []).filter((a) => a.name !== value.name);
  node.attribute = [...rest, value];
}

// ---------- folding ----------

/** W' = A^T W (or diag(scale) W, or W, plus V (U^T W) for a low-rank map) and b = c^T W, float64. */
function foldWeights(map: AffineMap, op: Float64Array, hidden: number): { weights: Float64Array; shift: Float64Array } {
  const D = map.width;
  let weights: Float64Array;
  if (map.A) weights = transposeTimes(map.A, op, D, D, hidden);
  else if (map.scale) {
    weights = new Float64Array(D * hidden);
    for (let i = 0; i < D; i++) for (let h = 0; h < hidden; h++) weights[i * hidden + h] = map.scale[i] * op[i * hidden + h];
  } else weights = Float64Array.from(op);
  if (!map.A && map.lowRank) {
    // (I + U V^T)^T W = W + V (U^T W)
    const { U, V, rank } = map.lowRank;
    const utw = transposeTimes(U, op, D, rank, hidden);
    for (let d = 0; d < D; d++) for (let r = 0; r < rank; r++) {
      const v = V[d * rank + r];
      if (v !== 0) for (let h = 0; h < hidden; h++) weights[d * hidden + h] += v * utw[r * hidden + h];
    }
  }
  return { weights, shift: transposeTimes(map.c, op, D, 1, hidden) };
}

function applyFold(graph: GraphProto, targets: FoldTarget[], map: AffineMap, names: Names): void {
  const D = map.width;
  const newInitializers: TensorProto[] = [];
  const newNodes = new Map<NodeProto, NodeProto[]>();
  for (const t of targets) {
    const { weights, shift } = foldWeights(map, t.op, t.hidden);
    const H = t.hidden;
    const wName = names.fresh(`${t.weight.name ?? 'weight'}.repaired`);
    if (t.transB) {
      const stored = new Float64Array(H * D);
      for (let d = 0; d < D; d++) for (let h = 0; h < H; h++) stored[h * D + d] = weights[d * H + h];
      newInitializers.push(floatTensor(wName, [H, D], stored));
    } else newInitializers.push(floatTensor(wName, [D, H], weights));
    const inputs = [...(t.node.input ?? [])];
    inputs[1] = wName;
    if (t.kind === 'Gemm') {
      // Y = alpha (x' W) + beta C = alpha (x W') + [alpha (c^T W) + beta C]
      const bias = new Float64Array(H);
      for (let h = 0; h < H; h++) {
        const c = t.bias && t.beta !== 0 ? t.beta * t.bias.values[t.bias.values.length === 1 ? 0 : h] : 0;
        bias[h] = t.alpha * shift[h] + c;
      }
      const bName = names.fresh(`${t.bias?.tensor.name ?? `${t.weight.name ?? 'weight'}.bias`}.repaired`);
      newInitializers.push(floatTensor(bName, [H], bias));
      inputs[2] = bName;
      t.node.input = inputs;
      setAttr(t.node, attr.float('beta', 1));
    } else {
      // MatMul has no bias: x' W = x W' + c^T W, so add it after
      const original = t.node.output![0];
      const product = names.fresh(`${original}.unshifted`);
      const bName = names.fresh(`${t.weight.name ?? 'weight'}.shift.repaired`);
      newInitializers.push(floatTensor(bName, [H], shift));
      t.node.input = inputs;
      t.node.output = [product];
      newNodes.set(t.node, [makeNode('Add', [product, bName], [original], { name: names.fresh('monitor_gate_repair_shift') })]);
    }
  }
  if (newNodes.size > 0) {
    const nodes: NodeProto[] = [];
    for (const n of graph.node ?? []) nodes.push(n, ...(newNodes.get(n) ?? []));
    graph.node = nodes;
  }
  graph.initializer = [...(graph.initializer ?? []), ...newInitializers];
  // drop original weights nothing reads any more
  const read = new Set<string>();
  const walk = (g: GraphProto) => {
    for (const n of g.node ?? []) {
      for (const x of n.input ?? []) read.add(x);
      for (const sub of subgraphs(n)) walk(sub);
    }
    for (const o of g.output ?? []) if (o.name) read.add(o.name);
  };
  walk(graph);
  const dropped = new Set(targets.flatMap((t) => [t.weight.name, t.bias?.tensor.name]).filter((n): n is string => !!n && !read.has(n)));
  graph.initializer = graph.initializer.filter((t) => !dropped.has(t.name ?? ''));
  // IR < 4 models also list initializers as inputs; the fold never applies to those (rejected earlier)
}

// ---------- prepending ----------

function applyPrepend(graph: GraphProto, inputName: string, map: AffineMap, names: Names): void {
  const D = map.width;
  const realigned = names.fresh(`${inputName}.realigned`);
  renameReads(graph, inputName, realigned);
  for (const v of graph.valueInfo ?? []) if (v.name === inputName) v.name = realigned;
  const nodes: NodeProto[] = [];
  const inits: TensorProto[] = [];
  const cName = names.fresh('monitor_gate_repair_c');
  inits.push(floatTensor(cName, [D], map.c));
  if (map.A) {
    const aName = names.fresh('monitor_gate_repair_AT');
    const at = new Float32Array(D * D);
    for (let i = 0; i < D; i++) for (let j = 0; j < D; j++) at[j * D + i] = map.A[i * D + j];
    inits.push(floatTensor(aName, [D, D], at));
    const product = names.fresh('monitor_gate_repair_linear');
    nodes.push(makeNode('MatMul', [inputName, aName], [product], { name: names.fresh('monitor_gate_repair_matmul') }));
    nodes.push(makeNode('Add', [product, cName], [realigned], { name: names.fresh('monitor_gate_repair_add') }));
  } else if (map.lowRank) {
    // row vectors: x' = x + (x V) U^T + c
    const { U, V, rank } = map.lowRank;
    const vName = names.fresh('monitor_gate_repair_V');
    const utName = names.fresh('monitor_gate_repair_UT');
    const ut = new Float64Array(rank * D);
    for (let d = 0; d < D; d++) for (let r = 0; r < rank; r++) ut[r * D + d] = U[d * rank + r];
    inits.push(floatTensor(vName, [D, rank], V), floatTensor(utName, [rank, D], ut));
    const reduced = names.fresh('monitor_gate_repair_reduced');
    const change = names.fresh('monitor_gate_repair_change');
    const moved = names.fresh('monitor_gate_repair_moved');
    nodes.push(makeNode('MatMul', [inputName, vName], [reduced], { name: names.fresh('monitor_gate_repair_matmul') }));
    nodes.push(makeNode('MatMul', [reduced, utName], [change], { name: names.fresh('monitor_gate_repair_matmul') }));
    nodes.push(makeNode('Add', [inputName, change], [moved], { name: names.fresh('monitor_gate_repair_add') }));
    nodes.push(makeNode('Add', [moved, cName], [realigned], { name: names.fresh('monitor_gate_repair_add') }));
  } else if (map.scale) {
    const sName = names.fresh('monitor_gate_repair_scale');
    inits.push(floatTensor(sName, [D], map.scale));
    const scaled = names.fresh('monitor_gate_repair_scaled');
    nodes.push(makeNode('Mul', [inputName, sName], [scaled], { name: names.fresh('monitor_gate_repair_mul') }));
    nodes.push(makeNode('Add', [scaled, cName], [realigned], { name: names.fresh('monitor_gate_repair_add') }));
  } else {
    nodes.push(makeNode('Add', [inputName, cName], [realigned], { name: names.fresh('monitor_gate_repair_add') }));
  }
  graph.node = [...nodes, ...(graph.node ?? [])];
  graph.initializer = [...(graph.initializer ?? []), ...inits];
}

// ---------- structure ----------

/**
 * Structural problems of a model (empty when fine): one float graph input besides initializers, every
 * node input defined before use (graph inputs, initializers, earlier node outputs; '' = absent optional),
 * node outputs and initializer names unique, graph outputs produced, a default-domain opset imported.
 */
export function modelStructureProblems(model: ModelProto): string[] {
  const problems: string[] = [];
  const graph = model.graph;
  if (!graph) return ['no graph'];
  const defined = new Set<string>();
  const initNames = new Set<string>();
  for (const t of graph.initializer ?? []) {
    if (!t.name) problems.push('an initializer has no name');
    else if (initNames.has(t.name)) problems.push(`initializer '${t.name}' is defined twice`);
    initNames.add(t.name ?? '');
    defined.add(t.name ?? '');
  }
  for (const v of graph.input ?? []) defined.add(v.name ?? '');
  const checkGraph = (g: GraphProto, scope: Set<string>, where: string) => {
    const local = new Set(scope);
    for (const t of g.initializer ?? []) local.add(t.name ?? '');
    for (const v of g.input ?? []) local.add(v.name ?? '');
    for (const n of g.node ?? []) {
      for (const x of n.input ?? []) if (x !== '' && !local.has(x)) problems.push(`${where}node '${n.name ?? n.opType}' (${n.opType}) reads '${x}' before anything defines it`);
      for (const sub of subgraphs(n)) checkGraph(sub, local, `${where}${n.name ?? n.opType} body: `);
      for (const x of n.output ?? []) {
        if (x === '') continue;
        if (local.has(x)) problems.push(`${where}'${x}' is defined more than once`);
        local.add(x);
      }
    }
    for (const o of g.output ?? []) if (!local.has(o.name ?? '')) problems.push(`${where}graph output '${o.name}' is never produced`);
  };
  checkGraph(graph, new Set(), '');
  const dataInputs = (graph.input ?? []).filter((v) => !initNames.has(v.name ?? ''));
  if (dataInputs.length !== 1) problems.push(`expected one graph input besides initializers, found ${dataInputs.length}`);
  if (!(model.opsetImport ?? []).some((o) => (o.domain ?? '') === '' || o.domain === 'ai.onnx')) problems.push('no default-domain opset import');
  const verify = onnx.ModelProto.verify(model);
  if (verify) problems.push(`protobuf: ${verify}`);
  return problems;
}

// ---------- the composition ----------

export function composeRepairedProbe(original: Uint8Array, map: AffineMap, info: ComposeInfo): ComposedProbe {
  const file = info.file;
  const model = decodeModel(original, file);
  const graph = model.graph!;
  const warnings: string[] = [];
  const irVersion = Number(model.irVersion ?? 0);
  if (irVersion < 4) {
    throw probeError(`ONNX IR version ${irVersion} lists weights as graph inputs; re-export the probe with a current exporter to repair it`, { file });
  }
  if (irVersion > 8) {
    warnings.push(`the probe is ONNX IR version ${irVersion}; monitor-gate writes IR 8 fields, so anything newer in the file is not carried into the repaired probe`);
  }
  const initNames = new Set((graph.initializer ?? []).map((t) => t.name ?? ''));
  const dataInputs = (graph.input ?? []).filter((v) => !initNames.has(v.name ?? ''));
  if (dataInputs.length !== 1) throw probeError(`probe must have exactly one input [batch, D] to repair, found ${dataInputs.length}`, { file });
  const input = dataInputs[0];
  const inputName = input.name ?? '';
  const tensorType = input.type?.tensorType;
  if (!tensorType || tensorType.elemType !== DataType.FLOAT) throw probeError(`probe input '${inputName}' is not float32 [batch, D]`, { file });
  const dims = tensorType.shape?.dim ?? [];
  if (dims.length === 2 && dims[1].dimValue != null && Number(dims[1].dimValue) !== map.width) {
    throw probeError(`probe input '${inputName}' has width ${Number(dims[1].dimValue)} but the realignment map has D=${map.width}`, { file });
  }
  if ((graph.output ?? []).some((o) => o.name === inputName)) {
    throw probeError(`probe returns its input '${inputName}' as an output; there is no probe to repair`, { file });
  }
  const lowRankOk = !map.lowRank || (map.lowRank.U.length === map.width * map.lowRank.rank && map.lowRank.V.length === map.width * map.lowRank.rank);
  if (!(map.c.length === map.width && (!map.A || map.A.length === map.width ** 2) && (!map.scale || map.scale.length === map.width) && lowRankOk && !(map.scale && map.lowRank))) {
    throw new Error(`composeRepairedProbe: inconsistent map for D=${map.width}`);
  }

  const names = new Names(graph);
  const plan = info.composition === 'prepend' ? undefined : planFold(graph, inputName, map.width);
  let composition: ComposedProbe['composition'];
  if (plan) {
    applyFold(graph, plan, map, names);
    composition = 'folded';
  } else {
    const opset = (model.opsetImport ?? []).find((o) => (o.domain ?? '') === '' || o.domain === 'ai.onnx');
    if (!opset) model.opsetImport = [...(model.opsetImport ?? []), { domain: '', version: 13 }];
    else if (Number(opset.version) < 7) {
      throw probeError(`probe imports ai.onnx opset ${Number(opset.version)}; inserting the realignment needs opset 7 or newer (re-export the probe)`, { file });
    }
    applyPrepend(graph, inputName, map, names);
    composition = 'prepended';
  }

  const metadata: Record<string, string> = {
    method: info.method,
    composition,
    map: map.A
      ? 'affine x -> A x + c (full D x D)'
      : map.lowRank
        ? `affine x -> (I + U V^T) x + c (rank ${map.lowRank.rank})`
        : map.scale
          ? 'diagonal x -> s * x + c'
          : 'shift x -> x + c',
    width: String(map.width),
    'source-sha256': createHash('sha256').update(original).digest('hex'),
    'tool-version': TOOL_VERSION,
  };
  if (info.monitorId) metadata.monitor = info.monitorId;
  if (info.fitRows !== undefined) metadata['fit-rows'] = String(info.fitRows);
  if (info.fitData) metadata['fit-data'] = info.fitData;
  const kept = (model.metadataProps ?? []).filter((p) => !(p.key ?? '').startsWith(REPAIR_METADATA_PREFIX));
  model.metadataProps = [
    ...kept,
    ...Object.keys(metadata)
      .sort()
      .map((key) => ({ key: REPAIR_METADATA_PREFIX + key, value: metadata[key] })),
  ];

  const problems = modelStructureProblems(model);
  if (problems.length > 0) throw new Error(`composed repaired probe is malformed: ${problems.join('; ')}`);
  return { bytes: encodeModel(model), composition, warnings };
}
