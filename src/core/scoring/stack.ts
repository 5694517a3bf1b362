/**
 * Scoring every probe that reads one tensor in one pass over each chunk.
 *
 * Probes whose input feeds only Gemm/MatMul nodes with constant weights (linear probes, the first
 * layer of MLPs) share one stacked product: x [rows, D] times every first layer side by side, split
 * back into each probe's own columns, each probe's remaining graph unchanged after its split. The
 * chunk is then read from memory once for all of them instead of once per probe.
 *
 * onnxruntime's products give the same bits per output column whatever the other columns are (MLAS
 * accumulates each column over D in the same blocks), which test/stack.test.ts checks over widths and
 * stack sizes. The stack does not take it on trust: on the first chunk every stacked probe is also run
 * alone and compared bit for bit, and a probe whose outputs differ at all is scored alone from then on.
 */
import * as ort from 'onnxruntime-node';
import { DataType, attr, encodeModel, floatTensor, int64Tensor, makeNode, type GraphProto, type ModelProto, type NodeProto, type TensorProto, type ValueInfoProto } from '../onnx/model.ts';
import { GateError, probeError } from '../errors.ts';
import { QUIET_SESSION_OPTIONS } from './ort-messages.ts';
import { firstLine, scoresFromOutput, timedRun, type ExecutionProvider, type Probe } from './probe.ts';
import { subgraphs, type FoldTarget, type ProbeGraph } from './probe-graph.ts';

export interface StackMember {
  probe: Probe;
  graph: ProbeGraph;
}

/** Per member: its scores for the chunk, or the one-line error that ends its scoring. */
export type ChunkScores = (Float64Array | Error)[];

interface Stacked {
  session: ort.InferenceSession;
  input: string;
  /** Member index -> its output name in the stacked graph. */
  outputs: Map<number, string>;
}

const sameBits = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i]) && !(Number.isNaN(a[i]) && Number.isNaN(b[i]))) return false;
  return true;
};

/** Scores one tensor's chunks for every member; members are fixed at creation. */
export class GroupScorer {
  private stacked?: Stacked;
  private verified = false;
  /** Members scored alone (not stackable, or demoted by the first-chunk check). */
  private readonly alone = new Set<number>();
  /** How members were scored, for tests and --verbose. */
  readonly stats = { stacked: 0, alone: 0, runs: 0 };

  private constructor(
    private readonly members: StackMember[],
    private readonly width: number,
  ) {}

  static async create(members: StackMember[], width: number, provider: ExecutionProvider | undefined): Promise<GroupScorer> {
    const scorer = new GroupScorer(members, width);
    const plan = stackPlan(members, width);
    for (let i = 0; i < members.length; i++) if (!plan.has(i)) scorer.alone.add(i);
    if (plan.size >= 2) {
      try {
        const { bytes, outputs, input } = buildStackedModel(members, plan, width);
        const wantCuda = provider === 'cuda' || members.some((m) => m.probe.provider === 'cuda');
        const session = await ort.InferenceSession.create(bytes, { executionProviders: wantCuda ? ['cuda', 'cpu'] : ['cpu'], ...QUIET_SESSION_OPTIONS });
        scorer.stacked = { session, input, outputs };
      } catch {
        // a stack onnxruntime will not build costs nothing but speed: score each probe alone
        for (const i of plan.keys()) scorer.alone.add(i);
      }
    } else {
      for (const i of plan.keys()) scorer.alone.add(i);
    }
    scorer.stats.stacked = scorer.stacked ? scorer.stacked.outputs.size : 0;
    scorer.stats.alone = scorer.alone.size;
    return scorer;
  }

  /**
   * Scores rows [start, start + rows) of `data` for the members in `active` (indexes); the others get
   * nothing. A member's error (inference, non-finite or out-of-range score) is its entry.
   */
  async score(data: Float32Array, start: number, rows: number, active: ReadonlySet<number>): Promise<Map<number, Float64Array | Error>> {
    const out = new Map<number, Float64Array | Error>();
    const input = data.subarray(0, rows * this.width);
    let stackedOutputs: ort.InferenceSession.ReturnType | undefined;
    const stackedWanted = this.stacked && [...this.stacked.outputs.keys()].some((i) => active.has(i) && !this.alone.has(i));
    if (stackedWanted) {
      try {
        const s = this.stacked!;
        stackedOutputs = await s.session.run({ [s.input]: new ort.Tensor('float32', input, [rows, this.width]) });
        this.stats.runs++;
      } catch {
        // a stack that fails at run time (memory, say) hands every member to its own session
        for (const i of this.stacked!.outputs.keys()) this.alone.add(i);
        stackedOutputs = undefined;
      }
    }
    const own = async (i: number) => {
      const probe = this.members[i].probe;
      try {
        const result = await timedRun(probe, probe.session, probe.inputName, input, rows, this.width, [probe.outputName], `rows ${start}-${start + rows - 1}`);
        this.stats.runs++;
        return result[probe.outputName];
      } catch (error) {
        if (error instanceof GateError) return error;
        return probeError(`inference failed on rows ${start}-${start + rows - 1}: ${firstLine(error)}`, { file: probe.file });
      }
    };
    for (const i of [...active].sort((a, b) => a - b)) {
      const probe = this.members[i].probe;
      let tensor: ort.Tensor | Error | undefined;
      const name = this.stacked?.outputs.get(i);
      if (stackedOutputs && name !== undefined && !this.alone.has(i)) {
        tensor = stackedOutputs[name];
        if (!this.verified) {
          const check = await own(i);
          if (check instanceof Error || !sameBits(check.data as Float32Array, tensor.data as Float32Array)) {
            this.alone.add(i);
            this.stats.stacked--;
            this.stats.alone++;
            tensor = check;
          }
        }
      } else {
        tensor = await own(i);
      }
      if (tensor instanceof Error) {
        out.set(i, tensor);
        continue;
      }
      try {
        out.set(i, scoresFromOutput(probe, tensor, start, rows));
      } catch (error) {
        out.set(i, error as Error);
      }
    }
    if (stackedOutputs) this.verified = true;
    return out;
  }

  async release(): Promise<void> {
    await this.stacked?.session.release();
    this.stacked = undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Which probes stack, and the stacked graph
// ---------------------------------------------------------------------------------------------

/** The opset imports as one comparable key; members only stack with the same imports. */
function opsetKey(model: ModelProto): string {
  return (model.opsetImport ?? [])
    .map((o) => `${o.domain || 'ai.onnx'}@${Number(o.version)}`)
    .sort()
    .join(',');
}

/** Member index -> its first-layer targets, for members that can join a stack (the largest compatible set). */
function stackPlan(members: StackMember[], width: number): Map<number, FoldTarget[]> {
  const byOpset = new Map<string, Map<number, FoldTarget[]>>();
  members.forEach((m, i) => {
    const model = m.graph.model;
    const graph = model?.graph;
    if (!model || !graph || m.graph.input !== m.probe.inputName) return;
    const targets = m.graph.firstLayer(width);
    if (!targets) return;
    const nodes = graph.node ?? [];
    // nodes of other domains or with bodies would need their scopes renamed too: those probes run alone
    if (nodes.some((n) => ((n.domain ?? '') !== '' && n.domain !== 'ai.onnx') || subgraphs(n).length > 0)) return;
    if ((model.opsetImport ?? []).some((o) => (o.domain ?? '') !== '' && o.domain !== 'ai.onnx')) return;
    for (const t of targets) {
      if (t.kind === 'Gemm' && (t.alpha !== 1 || (t.bias && t.beta !== 1))) return;
    }
    if (!(graph.output ?? []).some((o) => o.name === m.probe.outputName)) return;
    const key = opsetKey(model);
    if (!byOpset.has(key)) byOpset.set(key, new Map());
    byOpset.get(key)!.set(i, targets);
  });
  let best = new Map<number, FoldTarget[]>();
  for (const group of byOpset.values()) if (group.size > best.size) best = group;
  return best;
}

/**
 * x -> [MatMul over every bias-free first layer | Gemm over every first layer with a bias] -> Split
 * -> each member's own remaining nodes, renamed under its own prefix.
 */
function buildStackedModel(members: StackMember[], plan: Map<number, FoldTarget[]>, width: number): { bytes: Uint8Array; outputs: Map<number, string>; input: string } {
  const input = 'monitor_gate_stack_input';
  const nodes: NodeProto[] = [];
  const initializers: TensorProto[] = [];
  const outputs: ValueInfoProto[] = [];
  const outputNames = new Map<number, string>();
  type Part = { member: number; target: FoldTarget; name: string };
  const product: Part[] = [];
  const biased: Part[] = [];
  let ir = 0;
  let opsets: ModelProto['opsetImport'] = [];
  for (const [i, targets] of plan) {
    const model = members[i].graph.model!;
    ir = Math.max(ir, Number(model.irVersion ?? 0));
    opsets = model.opsetImport;
    const graph = model.graph!;
    const prefix = `m${i}_`;
    const rename = (name: string) => (name === '' ? '' : prefix + name);
    targets.forEach((t) => (t.bias ? biased : product).push({ member: i, target: t, name: rename(t.node.output![0]) }));
    const targetNodes = new Set(targets.map((t) => t.node));
    const targetOnly = new Set(targets.flatMap((t) => [t.weight.name ?? '', t.bias?.tensor.name ?? '']));
    const tail = (graph.node ?? []).filter((n) => !targetNodes.has(n));
    const read = new Set(tail.flatMap((n) => n.input ?? []));
    for (const o of graph.output ?? []) read.add(o.name ?? '');
    for (const init of graph.initializer ?? []) {
      if (targetOnly.has(init.name ?? '') && !read.has(init.name ?? '')) continue;
      initializers.push({ ...init, name: rename(init.name ?? '') });
    }
    for (const n of tail) {
      nodes.push({ ...n, name: n.name ? rename(n.name) : undefined, input: (n.input ?? []).map(rename), output: (n.output ?? []).map(rename) });
    }
    const out = (graph.output ?? []).find((o) => o.name === members[i].probe.outputName)!;
    outputs.push({ ...out, name: rename(out.name ?? '') });
    outputNames.set(i, rename(out.name ?? ''));
  }
  const head: NodeProto[] = [];
  const opsetVersion = Number((opsets ?? []).find((o) => (o.domain ?? '') === '' || o.domain === 'ai.onnx')?.version ?? 0);
  const stack = (parts: Part[], kind: 'product' | 'biased') => {
    if (parts.length === 0) return;
    const total = parts.reduce((s, p) => s + p.target.hidden, 0);
    const weights = new Float64Array(width * total);
    const bias = new Float64Array(total);
    let column = 0;
    for (const p of parts) {
      const H = p.target.hidden;
      for (let d = 0; d < width; d++) for (let h = 0; h < H; h++) weights[d * total + column + h] = p.target.op[d * H + h];
      if (p.target.bias) {
        const values = p.target.bias.values;
        for (let h = 0; h < H; h++) bias[column + h] = values[values.length === 1 ? 0 : h];
      }
      column += H;
    }
    const w = `monitor_gate_stack_${kind}_w`;
    const y = `monitor_gate_stack_${kind}`;
    initializers.push(floatTensor(w, [width, total], weights));
    if (kind === 'biased') {
      initializers.push(floatTensor(`${w}_bias`, [total], bias));
      head.push(makeNode('Gemm', [input, w, `${w}_bias`], [y], { name: `${y}_gemm` }));
    } else {
      head.push(makeNode('MatMul', [input, w], [y], { name: `${y}_matmul` }));
    }
    if (parts.length === 1) {
      head.push(makeNode('Identity', [y], [parts[0].name], { name: `${y}_identity` }));
    } else {
      const sizes = parts.map((p) => p.target.hidden);
      const axis = attr.int('axis', 1);
      // the split sizes moved from an attribute to an input at opset 13
      if (opsetVersion >= 13) {
        initializers.push(int64Tensor(`${y}_split`, [parts.length], sizes));
        head.push(makeNode('Split', [y, `${y}_split`], parts.map((p) => p.name), { name: `${y}_split_node`, attributes: [axis] }));
      } else {
        head.push(makeNode('Split', [y], parts.map((p) => p.name), { name: `${y}_split_node`, attributes: [axis, attr.ints('split', sizes)] }));
      }
    }
  };
  stack(product, 'product');
  stack(biased, 'biased');
  const graph: GraphProto = {
    name: 'monitor_gate_stack',
    node: [...head, ...nodes],
    initializer: initializers,
    input: [{ name: input, type: { tensorType: { elemType: DataType.FLOAT, shape: { dim: [{ dimParam: 'rows' }, { dimValue: width }] } } } }],
    output: outputs,
  };
  const model: ModelProto = { irVersion: Math.max(ir, 7), opsetImport: opsets, producerName: 'monitor-gate', graph };
  return { bytes: encodeModel(model), outputs: outputNames, input };
}
