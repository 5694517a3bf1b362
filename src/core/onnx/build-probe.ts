/**
 * Writes activation probes as ONNX models: a logistic-regression (linear) probe or a one-hidden-layer
 * ReLU MLP, with the three output conventions monitor-gate reads:
 *
 *   logit        [batch, 1]  z
 *   probability  [batch, 1]  sigmoid(z)
 *   two-class    [batch, 2]  [sigmoid(-z), sigmoid(z)]   (column 1 is the positive class)
 *
 * The input is float32 [batch, D] with a symbolic batch dimension. IR version 8, opset 17 by default.
 */
import type { ProbeOutput } from '../types.ts';
import {
  DataType,
  attr,
  encodeModel,
  floatTensor,
  makeGraph,
  makeModel,
  makeNode,
  tensorValueInfo,
  type ModelProto,
  type NodeProto,
  type TensorProto,
} from './model.ts';

/** Lowest opset whose Gemm/Sigmoid/Relu/Concat/Neg definitions these graphs use (opset 13). */
export const MIN_PROBE_OPSET = 13;
export const DEFAULT_PROBE_OPSET = 17;
export const DEFAULT_INPUT_NAME = 'activations';
export const BATCH_DIM = 'batch';

export const DEFAULT_OUTPUT_NAMES: Record<ProbeOutput, string> = {
  probability: 'probability',
  logit: 'logit',
  'two-class': 'probabilities',
};

interface CommonProbeOptions {
  output: ProbeOutput;
  /** Graph input name; default 'activations'. */
  inputName?: string;
  /** Graph output name; default 'probability', 'logit' or 'probabilities'. */
  outputName?: string;
  /** Default-domain opset, >= 13; default 17. */
  opset?: number;
  /** Graph name; default 'linear_probe' / 'mlp_probe'. */
  graphName?: string;
  docString?: string;
  /** Stored as metadata_props (e.g. monitor id, layer, training notes). */
  metadata?: Record<string, string>;
  producerVersion?: string;
}

export interface LinearProbeOptions extends CommonProbeOptions {
  /** w, length D: logit = x . w + bias. */
  weights: ArrayLike<number>;
  bias: number;
}

export interface MlpProbeOptions extends CommonProbeOptions {
  /** First layer weights, row-major D x H: hidden = relu(x W1 + b1). */
  w1: ArrayLike<number>;
  /** length H */
  b1: ArrayLike<number>;
  /** length H: logit = hidden . w2 + b2. */
  w2: ArrayLike<number>;
  b2: number;
}

function checkFinite(what: string, values: ArrayLike<number>): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) throw new RangeError(`${what}[${i}] is ${values[i]}; probe parameters must be finite`);
  }
}

function checkCommon(options: CommonProbeOptions): { inputName: string; outputName: string; opset: number } {
  const inputName = options.inputName ?? DEFAULT_INPUT_NAME;
  if (!(options.output in DEFAULT_OUTPUT_NAMES)) throw new RangeError(`unknown probe output convention '${options.output}'`);
  const outputName = options.outputName ?? DEFAULT_OUTPUT_NAMES[options.output];
  const opset = options.opset ?? DEFAULT_PROBE_OPSET;
  if (!Number.isInteger(opset) || opset < MIN_PROBE_OPSET) throw new RangeError(`opset ${opset}: probes need opset >= ${MIN_PROBE_OPSET}`);
  if (!inputName || !outputName || inputName === outputName) {
    throw new RangeError(`input and output names must be non-empty and differ ('${inputName}', '${outputName}')`);
  }
  for (const name of [inputName, outputName]) {
    if (name.startsWith('probe_')) throw new RangeError(`'${name}': names starting with 'probe_' are reserved for the probe's internal values`);
  }
  return { inputName, outputName, opset };
}

/**
 * Nodes that turn the [batch, 1] logit into the declared output, ending in `outputName`.
 * `prefix` keeps intermediate names apart from the rest of the graph.
 */
export function probeHeadNodes(logit: string, output: ProbeOutput, outputName: string, prefix = ''): NodeProto[] {
  switch (output) {
    case 'logit':
      return [makeNode('Identity', [logit], [outputName])];
    case 'probability':
      return [makeNode('Sigmoid', [logit], [outputName])];
    case 'two-class': {
      // sigmoid(-z) rather than 1 - sigmoid(z): the same value, without cancellation when p is near 1.
      const negated = `${prefix}neg_logit`;
      const p0 = `${prefix}p_negative`;
      const p1 = `${prefix}p_positive`;
      return [
        makeNode('Neg', [logit], [negated]),
        makeNode('Sigmoid', [negated], [p0]),
        makeNode('Sigmoid', [logit], [p1]),
        makeNode('Concat', [p0, p1], [outputName], { attributes: [attr.int('axis', 1)] }),
      ];
    }
  }
}

function finish(
  options: CommonProbeOptions,
  names: { inputName: string; outputName: string; opset: number },
  width: number,
  graphName: string,
  nodes: NodeProto[],
  initializers: TensorProto[],
  defaultDoc: string,
): Uint8Array {
  const outWidth = options.output === 'two-class' ? 2 : 1;
  const model: ModelProto = makeModel({
    graph: makeGraph({
      name: options.graphName ?? graphName,
      nodes,
      inputs: [tensorValueInfo(names.inputName, DataType.FLOAT, [BATCH_DIM, width], 'pooled hidden states [batch, D]')],
      outputs: [tensorValueInfo(names.outputName, DataType.FLOAT, [BATCH_DIM, outWidth], `probe ${options.output}`)],
      initializers,
    }),
    opsets: [{ domain: '', version: names.opset }],
    docString: options.docString ?? defaultDoc,
    producerVersion: options.producerVersion,
    metadata: { 'monitor-gate.output': options.output, ...options.metadata },
  });
  return encodeModel(model);
}

/** Logistic-regression probe: logit = x . w + b via Gemm with a [D, 1] weight and [1] bias. */
export function buildLinearProbe(options: LinearProbeOptions): Uint8Array {
  const names = checkCommon(options);
  const d = options.weights.length;
  if (d === 0) throw new RangeError('linear probe needs at least one weight');
  checkFinite('weights', options.weights);
  checkFinite('bias', [options.bias]);
  const nodes: NodeProto[] = [
    makeNode('Gemm', [names.inputName, 'probe_w', 'probe_b'], ['probe_logit'], { name: 'linear' }),
    ...probeHeadNodes('probe_logit', options.output, names.outputName, 'probe_'),
  ];
  return finish(
    options,
    names,
    d,
    'linear_probe',
    nodes,
    [floatTensor('probe_w', [d, 1], options.weights), floatTensor('probe_b', [1], [options.bias])],
    `linear probe, D=${d}, output ${options.output}`,
  );
}

/** One-hidden-layer MLP probe: logit = relu(x W1 + b1) . w2 + b2. */
export function buildMlpProbe(options: MlpProbeOptions): Uint8Array {
  const names = checkCommon(options);
  const h = options.b1.length;
  if (h === 0) throw new RangeError('MLP probe needs at least one hidden unit');
  if (options.w1.length === 0 || options.w1.length % h !== 0) {
    throw new RangeError(`w1 has ${options.w1.length} values, not a multiple of the hidden width H=${h} (b1.length)`);
  }
  const d = options.w1.length / h;
  if (options.w2.length !== h) throw new RangeError(`w2 has ${options.w2.length} values, expected H=${h}`);
  checkFinite('w1', options.w1);
  checkFinite('b1', options.b1);
  checkFinite('w2', options.w2);
  checkFinite('b2', [options.b2]);
  const nodes: NodeProto[] = [
    makeNode('Gemm', [names.inputName, 'probe_w1', 'probe_b1'], ['probe_hidden_pre'], { name: 'layer1' }),
    makeNode('Relu', ['probe_hidden_pre'], ['probe_hidden']),
    makeNode('Gemm', ['probe_hidden', 'probe_w2', 'probe_b2'], ['probe_logit'], { name: 'layer2' }),
    ...probeHeadNodes('probe_logit', options.output, names.outputName, 'probe_'),
  ];
  return finish(
    options,
    names,
    d,
    'mlp_probe',
    nodes,
    [
      floatTensor('probe_w1', [d, h], options.w1),
      floatTensor('probe_b1', [h], options.b1),
      floatTensor('probe_w2', [h, 1], options.w2),
      floatTensor('probe_b2', [1], [options.b2]),
    ],
    `MLP probe, D=${d}, H=${h} (ReLU), output ${options.output}`,
  );
}
