/**
 * One analysis per probe graph, shared by scoring (stacking first layers), direction finding
 * (linear weights, the logit before the head) and repair composition (folding a map into the first
 * layer): the model is decoded once and each question is answered from that decode.
 */
import { DataType, decodeModel, onnx, readFloatTensor, type GraphProto, type ModelProto, type NodeProto, type TensorProto } from '../onnx/model.ts';
import type { ProbeOutput } from '../types.ts';


/** Ops whose output depends only on the input's shape, not its values. */
const SHAPE_ONLY = new Set(['Shape', 'Size']);
/** Ops allowed on the raw activations before the linear node. */
const PRE_LINEAR = new Set(['Identity', 'Cast', 'Flatten']);
/** Ops after the linear node that keep the score a monotone function of the one logit per row. */
const POST_LINEAR = new Set([
  'Add',
  'Sub',
  'Mul',
  'Div',
  'Neg',
  'Sigmoid',
  'Tanh',
  'Softmax',
  'LogSoftmax',
  'Squeeze',
  'Unsqueeze',
  'Reshape',
  'Flatten',
  'Identity',
  'Cast',
  'Concat',
]);
/** Binary arithmetic: monotone only when the other operand does not depend on the activations. */
const BINARY = new Set(['Add', 'Sub', 'Mul', 'Div']);
/** Ops that only move values around, walked through when looking for the logit before the head. */
const PASS_THROUGH = new Set(['Identity', 'Squeeze', 'Unsqueeze', 'Reshape', 'Flatten', 'Cast']);

const hasSubgraph = (node: NodeProto) => (node.attribute ?? []).some((a) => a.g || (a.graphs && a.graphs.length > 0));
const attrOf = (node: NodeProto, name: string) => (node.attribute ?? []).find((a) => a.name === name);
const intAttr = (node: NodeProto, name: string, fallback: number) => {
  const a = attrOf(node, name);
  return a?.i == null ? fallback : Number(a.i);
};
const inputsOf = (node: NodeProto) => (node.input ?? []).filter((x) => x !== '');

/** The graph's one non-initializer input, or undefined. */
export function activationsInput(graph: GraphProto): string | undefined {
  const initializers = new Set((graph.initializer ?? []).map((t) => t.name ?? ''));
  const inputs = (graph.input ?? []).map((v) => v.name ?? '').filter((name) => !initializers.has(name));
  return inputs.length === 1 ? inputs[0] : undefined;
}

/** Constant tensors by name: initializers and Constant nodes with a tensor value. */
function constantTensors(graph: GraphProto): Map<string, TensorProto> {
  const out = new Map<string, TensorProto>();
  for (const t of graph.initializer ?? []) if (t.name) out.set(t.name, t);
  for (const n of graph.node ?? []) {
    const value = n.opType === 'Constant' ? attrOf(n, 'value')?.t : undefined;
    if (value && n.output?.[0]) out.set(n.output[0], value);
  }
  return out;
}

/** Names whose values depend on the activations' values (Shape/Size cut the dependence). */
function taintedValues(graph: GraphProto, input: string): Set<string> {
  const tainted = new Set([input]);
  for (const node of graph.node ?? []) {
    if (SHAPE_ONLY.has(node.opType ?? '')) continue;
    if (inputsOf(node).some((x) => tainted.has(x)) || hasSubgraph(node)) for (const o of node.output ?? []) if (o) tainted.add(o);
  }
  return tainted;
}

/**
 * True when the graph is a linear probe: one Gemm/MatMul whose weight is an initializer with D on one axis, followed only by monotone elementwise/shape ops (Add, Sigmoid, Softmax over a [0, z] / [z, 0] concat, Squeeze, Unsqueeze, Reshape, Flatten, Identity, Cast, Constant, Shape, ConstantOfShape, Concat...).
 * Returns the raw weights (length D, as stored; sign and scale not normalized), or undefined.
 */
export function linearProbeWeights(modelBytes: Uint8Array, width: number): Float64Array | undefined {
  let graph: GraphProto;
  try {
    graph = decodeModel(modelBytes).graph!;
  } catch {
    return undefined;
  }
  return linearWeightsOf(graph, width);
}

function linearWeightsOf(graph: GraphProto, width: number): Float64Array | undefined {
  const input = activationsInput(graph);
  if (input === undefined) return undefined;
  const constants = constantTensors(graph);
  // 'pre': still the raw activations; 'post': a function of the single logit per row.
  const stage = new Map<string, 'pre' | 'post'>([[input, 'pre']]);
  let weights: Float64Array | undefined;
  for (const node of graph.node ?? []) {
    const op = node.opType ?? '';
    const ins = inputsOf(node);
    const touched = ins.filter((x) => stage.has(x));
    if (hasSubgraph(node)) return undefined; // a body could read the activations from the outer scope
    if (touched.length === 0 || SHAPE_ONLY.has(op)) continue;
    const stages = new Set(touched.map((x) => stage.get(x)));
    if (stages.size !== 1) return undefined;
    const current = [...stages][0]!;
    let next: 'pre' | 'post';
    if (current === 'pre') {
      if (PRE_LINEAR.has(op)) {
        if (op === 'Flatten' && intAttr(node, 'axis', 1) !== 1) return undefined;
        if (op === 'Cast' && intAttr(node, 'to', DataType.FLOAT) !== DataType.FLOAT && intAttr(node, 'to', DataType.FLOAT) !== DataType.DOUBLE) return undefined;
        next = 'pre';
      } else if (op === 'Gemm' || op === 'MatMul') {
        if (weights || touched.length !== 1 || ins[0] !== touched[0]) return undefined;
        if (op === 'Gemm' && intAttr(node, 'transA', 0) !== 0) return undefined;
        const w = linearWeight(constants.get(ins[1] ?? ''), op === 'Gemm' && intAttr(node, 'transB', 0) === 1, width);
        if (!w) return undefined;
        weights = w;
        next = 'post';
      } else {
        return undefined;
      }
    } else {
      if (!POST_LINEAR.has(op)) return undefined;
      if (BINARY.has(op) && (touched.length !== 1 || (op === 'Div' && ins[0] !== touched[0]))) return undefined;
      next = 'post';
    }
    for (const o of node.output ?? []) if (o) stage.set(o, next);
  }
  if (!weights) return undefined;
  // The score must come out of the logit, not be a constant or the raw activations.
  const outputs = (graph.output ?? []).map((o) => o.name ?? '');
  return outputs.some((o) => stage.get(o) === 'post') ? weights : undefined;
}

/** The weight as a length-D vector when it is [D, 1], [D] (or [1, D] transposed); otherwise undefined. */
function linearWeight(tensor: TensorProto | undefined, transposed: boolean, width: number): Float64Array | undefined {
  if (!tensor) return undefined;
  let read: { dims: number[]; values: Float64Array };
  try {
    read = readFloatTensor(tensor);
  } catch {
    return undefined;
  }
  const { dims, values } = read;
  const ok = dims.length === 1 ? !transposed && dims[0] === width : dims.length === 2 && (transposed ? dims[0] === 1 && dims[1] === width : dims[0] === width && dims[1] === 1);
  return ok ? values : undefined;
}

/**
 * Where the probe's logit can be read in the graph: the input of a final Sigmoid (walking back
 * through shape ops), or for two-class outputs the varying side of Softmax([c, z]) or the Sigmoid
 * behind column 1 of Concat([p0, p1]). Reading it there avoids onnxruntime's Sigmoid, whose
 * relative accuracy is poor below z = -10 and which saturates at |z| = 18.
 */
export function logitTensor(graph: GraphProto, outputName: string, output: ProbeOutput, input: string): { tensor: string; sign: 1 | -1 } | undefined {
  if (output === 'logit') return undefined;
  const producer = new Map<string, NodeProto>();
  for (const n of graph.node ?? []) for (const o of n.output ?? []) if (o) producer.set(o, n);
  const tainted = taintedValues(graph, input);
  const lastAxis = (n: NodeProto, fallback: number) => {
    const axis = intAttr(n, 'axis', fallback);
    return axis === 1 || axis === -1;
  };
  let name = outputName;
  let columns = output === 'two-class' ? 2 : 1;
  for (let guard = 0; guard < 64; guard++) {
    const node = producer.get(name);
    if (!node) return undefined;
    const op = node.opType ?? '';
    const ins = inputsOf(node);
    if (PASS_THROUGH.has(op)) {
      name = ins[0];
    } else if (op === 'Sigmoid' && columns === 1) {
      return { tensor: ins[0], sign: 1 };
    } else if (op === 'Softmax' && columns === 2 && lastAxis(node, -1)) {
      const concat = producer.get(ins[0]);
      if (!concat || concat.opType !== 'Concat' || !lastAxis(concat, 0)) return undefined;
      const parts = inputsOf(concat);
      if (parts.length !== 2) return undefined;
      // softmax([c, z])[1] = sigmoid(z - c): z is the logit up to a constant
      if (!tainted.has(parts[0]) && tainted.has(parts[1])) return { tensor: parts[1], sign: 1 };
      if (tainted.has(parts[0]) && !tainted.has(parts[1])) return { tensor: parts[0], sign: -1 };
      return undefined;
    } else if (op === 'Concat' && columns === 2 && lastAxis(node, 0) && ins.length === 2) {
      name = ins[1];
      columns = 1;
    } else {
      return undefined;
    }
  }
  return undefined;
}


export function subgraphs(node: NodeProto): GraphProto[] {
  const out: GraphProto[] = [];
  for (const a of node.attribute ?? []) {
    if (a.g) out.push(a.g);
    for (const g of a.graphs ?? []) out.push(g);
  }
  return out;
}

export function declares(graph: GraphProto, name: string): boolean {
  return (
    (graph.input ?? []).some((v) => v.name === name) ||
    (graph.initializer ?? []).some((t) => t.name === name) ||
    (graph.node ?? []).some((n) => (n.output ?? []).includes(name))
  );
}

/** Does a subgraph (If/Loop/Scan body) read `name` from the outer scope? */
export function usedBySubgraph(graph: GraphProto, name: string): boolean {
  for (const n of graph.node ?? []) {
    for (const sub of subgraphs(n)) {
      if (declares(sub, name)) continue;
      if ((sub.node ?? []).some((m) => (m.input ?? []).includes(name)) || (sub.output ?? []).some((o) => o.name === name) || usedBySubgraph(sub, name)) return true;
    }
  }
  return false;
}

const floatAttr = (node: NodeProto, name: string, fallback: number) => {
  const a = attrOf(node, name);
  return a?.f == null ? fallback : Number(a.f);
};

export interface FoldTarget {
  node: NodeProto;
  kind: 'Gemm' | 'MatMul';
  weight: TensorProto;
  /** W as used: [D, H] row-major, float64. */
  op: Float64Array;
  hidden: number;
  transB: boolean;
  alpha: number;
  beta: number;
  bias?: { tensor: TensorProto; values: Float64Array };
}

export function isFloatInitializer(t: TensorProto | undefined): t is TensorProto {
  return !!t && t.dataType === DataType.FLOAT && t.dataLocation !== onnx.TensorProto.DataLocation.EXTERNAL;
}

/** The fold plan, or undefined when some use of the input cannot take the map into its weights. */
export function planFold(graph: GraphProto, inputName: string, width: number): FoldTarget[] | undefined {
  if ((graph.output ?? []).some((o) => o.name === inputName)) return undefined;
  if (usedBySubgraph(graph, inputName)) return undefined;
  const inits = new Map((graph.initializer ?? []).map((t) => [t.name ?? '', t]));
  const consumers = (graph.node ?? []).filter((n) => (n.input ?? []).includes(inputName));
  if (consumers.length === 0) return undefined;
  const targets: FoldTarget[] = [];
  for (const node of consumers) {
    const inputs = node.input ?? [];
    if ((node.domain ?? '') !== '' && node.domain !== 'ai.onnx') return undefined;
    if (inputs[0] !== inputName || inputs.slice(1).includes(inputName)) return undefined;
    if ((node.output ?? []).length !== 1) return undefined;
    const weight = inits.get(inputs[1] ?? '');
    if (!isFloatInitializer(weight)) return undefined;
    const { dims, values } = readFloatTensor(weight);
    if (dims.length !== 2) return undefined;
    if (node.opType === 'Gemm') {
      if (intAttr(node, 'transA', 0) !== 0) return undefined;
      const transB = intAttr(node, 'transB', 0) !== 0;
      const [rowsB, colsB] = dims;
      const hidden = transB ? rowsB : colsB;
      if ((transB ? colsB : rowsB) !== width) return undefined;
      const op = new Float64Array(width * hidden);
      for (let d = 0; d < width; d++) for (let h = 0; h < hidden; h++) op[d * hidden + h] = transB ? values[h * width + d] : values[d * hidden + h];
      const target: FoldTarget = { node, kind: 'Gemm', weight, op, hidden, transB, alpha: floatAttr(node, 'alpha', 1), beta: floatAttr(node, 'beta', 1) };
      const cName = inputs[2];
      if (cName) {
        const c = inits.get(cName);
        if (!isFloatInitializer(c)) return undefined;
        const cv = readFloatTensor(c);
        // C must broadcast from a single row: [H], [1, H], [1], [1, 1] or a scalar
        const count = cv.values.length;
        if (cv.dims.length > 2 || (cv.dims.length === 2 && cv.dims[0] !== 1) || !(count === hidden || count === 1)) return undefined;
        target.bias = { tensor: c, values: cv.values };
      }
      targets.push(target);
    } else if (node.opType === 'MatMul') {
      if (dims[0] !== width) return undefined;
      targets.push({ node, kind: 'MatMul', weight, op: values, hidden: dims[1], transB: false, alpha: 1, beta: 1 });
    } else return undefined;
  }
  return targets;
}


/**
 * Operators whose work is not bounded by the graph's size and the input: a Loop's trip count, a
 * Scan's length and an If's branches come from data. A probe is a fixed function of one row, so it
 * never needs them, and one of them is how a 10^12-iteration probe hangs the gate.
 */
export const CONTROL_FLOW_OPS: ReadonlySet<string> = new Set(['Loop', 'Scan', 'If', 'SequenceMap']);

/** The first control-flow operator type in the graph or any subgraph. */
export function controlFlowNode(graph: GraphProto): string | undefined {
  for (const n of graph.node ?? []) {
    if (CONTROL_FLOW_OPS.has(n.opType ?? '') && ((n.domain ?? '') === '' || n.domain === 'ai.onnx')) return n.opType!;
    for (const sub of subgraphs(n)) {
      const inner = controlFlowNode(sub);
      if (inner) return inner;
    }
  }
  return undefined;
}

/** The decoded probe and the answers drawn from it, each computed once. */
export class ProbeGraph {
  private readonly memo = new Map<string, unknown>();
  private constructor(
    readonly file: string,
    readonly bytes: Uint8Array,
    /** Undefined when the bytes are not an ONNX model (onnxruntime says why when it loads them). */
    readonly model: ModelProto | undefined,
  ) {}

  static fromBytes(bytes: Uint8Array, file: string): ProbeGraph {
    let model: ModelProto | undefined;
    try {
      model = decodeModel(bytes, file);
    } catch {
      model = undefined;
    }
    return new ProbeGraph(file, bytes, model);
  }

  private once<T>(key: string, compute: () => T): T {
    if (!this.memo.has(key)) this.memo.set(key, compute());
    return this.memo.get(key) as T;
  }

  /** The first control-flow operator (CONTROL_FLOW_OPS), or undefined. */
  get controlFlow(): string | undefined {
    return this.once('control-flow', () => (this.model?.graph ? controlFlowNode(this.model.graph) : undefined));
  }

  /** The graph's one non-initializer input. */
  get input(): string | undefined {
    return this.once('input', () => (this.model?.graph ? activationsInput(this.model.graph) : undefined));
  }

  /** The raw weights of a single-linear-layer probe (see linearProbeWeights), else undefined. */
  linearWeights(width: number): Float64Array | undefined {
    return this.once(`linear:${width}`, () => (this.model?.graph ? linearWeightsOf(this.model.graph, width) : undefined));
  }

  /** The Gemm/MatMul nodes that read the input with constant weights, when they are its only readers (planFold). */
  firstLayer(width: number): FoldTarget[] | undefined {
    return this.once(`fold:${width}`, () => {
      const graph = this.model?.graph;
      const input = this.input;
      if (!graph || input === undefined) return undefined;
      try {
        return planFold(graph, input, width);
      } catch {
        return undefined;
      }
    });
  }

  /** Where the logit can be read before the probe's head (logitTensor). */
  logit(outputName: string, output: ProbeOutput): { tensor: string; sign: 1 | -1 } | undefined {
    return this.once(`logit:${outputName}:${output}`, () => {
      const graph = this.model?.graph;
      const input = this.input;
      return graph && input !== undefined ? logitTensor(graph, outputName, output, input) : undefined;
    });
  }

  /** A fresh decode to edit (the shared one is never changed). */
  editableCopy(): ModelProto {
    return decodeModel(this.bytes, this.file);
  }
}
