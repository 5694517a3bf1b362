/**
 * A thin typed layer over onnx-proto (protobufjs static code for onnx.proto, IR version 8):
 * decode/encode ModelProto bytes and make the few graph pieces monitor-gate writes
 * (initializers, nodes, attributes, value infos). Float initializers are stored as
 * little-endian raw_data, the way onnx.numpy_helper writes them.
 */
import onnxProtoModule from 'onnx-proto';
import type { onnx as OnnxTypes } from 'onnx-proto';
import { probeError } from '../errors.ts';

/** The protobufjs `onnx` namespace (ModelProto, GraphProto, TensorProto, ...). */
export const onnx = onnxProtoModule.onnx;

export type ModelProto = OnnxTypes.IModelProto;
export type GraphProto = OnnxTypes.IGraphProto;
export type NodeProto = OnnxTypes.INodeProto;
export type TensorProto = OnnxTypes.ITensorProto;
export type ValueInfoProto = OnnxTypes.IValueInfoProto;
export type AttributeProto = OnnxTypes.IAttributeProto;
export type OperatorSetId = OnnxTypes.IOperatorSetIdProto;

/** TensorProto.DataType values (FLOAT = 1, INT64 = 7, DOUBLE = 11, ...). */
export const DataType = onnx.TensorProto.DataType;
export type DataType = OnnxTypes.TensorProto.DataType;
const AttributeType = onnx.AttributeProto.AttributeType;

/** IR version 8 (ONNX 1.10-1.12); onnxruntime 1.30 reads it, and it is what onnx-proto models. */
export const IR_VERSION = 8;
export const ONNX_ML_DOMAIN = 'ai.onnx.ml';

/** A dimension: a number is a fixed size, a string a symbolic one (dim_param, e.g. 'batch'). */
export type Dim = number | string;

// ---------- bytes ----------

/** Parses ModelProto bytes; anything that is not a protobuf ModelProto with a graph is a probe error. */
export function decodeModel(bytes: Uint8Array, file?: string): OnnxTypes.ModelProto {
  let model: OnnxTypes.ModelProto;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (error) {
    throw probeError(`not an ONNX model: ${error instanceof Error ? error.message : String(error)}`, { file });
  }
  if (!model.graph) throw probeError('not an ONNX model: no graph', { file });
  return model;
}

export function encodeModel(model: ModelProto): Uint8Array {
  const problem = onnx.ModelProto.verify(model);
  if (problem) throw new Error(`invalid ModelProto: ${problem}`);
  // protobufjs hands back a Buffer that may be a slice of Node's shared pool: copy to a plain array.
  return new Uint8Array(onnx.ModelProto.encode(model).finish());
}

// ---------- tensors ----------

function checkDims(name: string, dims: readonly number[], length: number): void {
  for (const d of dims) {
    if (!Number.isSafeInteger(d) || d < 0) throw new Error(`tensor '${name}': bad dimension ${d} in [${dims.join(', ')}]`);
  }
  const expected = dims.reduce((a, b) => a * b, 1);
  if (expected !== length) throw new Error(`tensor '${name}': ${length} values do not fill shape [${dims.join(', ')}] (${expected})`);
}

/** float32 initializer, row-major, stored as little-endian raw_data. */
export function floatTensor(name: string, dims: readonly number[], values: ArrayLike<number>): TensorProto {
  checkDims(name, dims, values.length);
  const raw = new Uint8Array(values.length * 4);
  const view = new DataView(raw.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i], true);
  return { name, dataType: DataType.FLOAT, dims: [...dims], rawData: raw };
}

/** float64 initializer, stored as little-endian raw_data. */
export function doubleTensor(name: string, dims: readonly number[], values: ArrayLike<number>): TensorProto {
  checkDims(name, dims, values.length);
  const raw = new Uint8Array(values.length * 8);
  const view = new DataView(raw.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat64(i * 8, values[i], true);
  return { name, dataType: DataType.DOUBLE, dims: [...dims], rawData: raw };
}

/** int64 initializer (shapes, axes, indices), stored as little-endian raw_data. */
export function int64Tensor(name: string, dims: readonly number[], values: ArrayLike<number | bigint>): TensorProto {
  checkDims(name, dims, values.length);
  const raw = new Uint8Array(values.length * 8);
  const view = new DataView(raw.buffer);
  for (let i = 0; i < values.length; i++) view.setBigInt64(i * 8, BigInt(values[i]), true);
  return { name, dataType: DataType.INT64, dims: [...dims], rawData: raw };
}

function dimsOf(tensor: TensorProto): number[] {
  return (tensor.dims ?? []).map((d) => Number(d));
}

/**
 * The values of a FLOAT or DOUBLE tensor as float64, from raw_data or the typed repeated fields.
 * (Reading initializers back, e.g. to compose a repair in front of an existing probe.)
 */
export function readFloatTensor(tensor: TensorProto): { dims: number[]; values: Float64Array } {
  const dims = dimsOf(tensor);
  const count = dims.reduce((a, b) => a * b, 1);
  const name = tensor.name ?? '?';
  if (tensor.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL) {
    throw new Error(`tensor '${name}' keeps its data in an external file, which is not supported`);
  }
  const values = new Float64Array(count);
  if (tensor.dataType === DataType.FLOAT || tensor.dataType === DataType.DOUBLE) {
    const width = tensor.dataType === DataType.FLOAT ? 4 : 8;
    if (tensor.rawData && tensor.rawData.length > 0) {
      const raw = tensor.rawData;
      if (raw.length !== count * width) throw new Error(`tensor '${name}': raw_data has ${raw.length} bytes, expected ${count * width}`);
      const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
      for (let i = 0; i < count; i++) values[i] = width === 4 ? view.getFloat32(i * 4, true) : view.getFloat64(i * 8, true);
    } else {
      const list = (tensor.dataType === DataType.FLOAT ? tensor.floatData : tensor.doubleData) ?? [];
      if (list.length !== count) throw new Error(`tensor '${name}': ${list.length} values, expected ${count}`);
      for (let i = 0; i < count; i++) values[i] = list[i];
    }
    return { dims, values };
  }
  throw new Error(`tensor '${name}' has data type ${DataType[tensor.dataType ?? 0] ?? tensor.dataType}, expected FLOAT or DOUBLE`);
}

// ---------- attributes and nodes ----------

/** Attribute makers; types are explicit because a JS number does not say int or float. */
export const attr = {
  int: (name: string, i: number): AttributeProto => ({ name, type: AttributeType.INT, i }),
  float: (name: string, f: number): AttributeProto => ({ name, type: AttributeType.FLOAT, f }),
  string: (name: string, s: string): AttributeProto => ({ name, type: AttributeType.STRING, s: new TextEncoder().encode(s) }),
  ints: (name: string, ints: readonly number[]): AttributeProto => ({ name, type: AttributeType.INTS, ints: [...ints] }),
  floats: (name: string, floats: ArrayLike<number>): AttributeProto => ({
    name,
    type: AttributeType.FLOATS,
    floats: Array.from(floats, (v) => Math.fround(v)),
  }),
  strings: (name: string, strings: readonly string[]): AttributeProto => ({
    name,
    type: AttributeType.STRINGS,
    strings: strings.map((s) => new TextEncoder().encode(s)),
  }),
  tensor: (name: string, t: TensorProto): AttributeProto => ({ name, type: AttributeType.TENSOR, t }),
};

export interface NodeOptions {
  /** Node name; defaults to the first output's name. */
  name?: string;
  /** Operator domain: '' (ai.onnx, the default) or 'ai.onnx.ml'. */
  domain?: string;
  attributes?: AttributeProto[];
  docString?: string;
}

export function makeNode(opType: string, inputs: readonly string[], outputs: readonly string[], options: NodeOptions = {}): NodeProto {
  const node: NodeProto = {
    opType,
    input: [...inputs],
    output: [...outputs],
    name: options.name ?? outputs[0] ?? opType,
    attribute: options.attributes ?? [],
  };
  if (options.domain) node.domain = options.domain;
  if (options.docString) node.docString = options.docString;
  return node;
}

// ---------- value infos ----------

function shapeProto(shape: readonly Dim[]): OnnxTypes.ITensorShapeProto {
  return { dim: shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) };
}

/** A tensor graph input/output, e.g. tensorValueInfo('activations', DataType.FLOAT, ['batch', 64]). */
export function tensorValueInfo(name: string, elemType: DataType, shape?: readonly Dim[], docString?: string): ValueInfoProto {
  const tensorType: OnnxTypes.TypeProto.ITensor = { elemType };
  if (shape) tensorType.shape = shapeProto(shape);
  const info: ValueInfoProto = { name, type: { tensorType } };
  if (docString) info.docString = docString;
  return info;
}

/** seq(map(keyType, valueType)): the output type of scikit-learn's ZipMap. */
export function sequenceOfMapsValueInfo(name: string, keyType: DataType, valueType: DataType): ValueInfoProto {
  return {
    name,
    type: { sequenceType: { elemType: { mapType: { keyType, valueType: { tensorType: { elemType: valueType } } } } } },
  };
}

// ---------- graph and model ----------

export interface GraphParts {
  name: string;
  nodes: NodeProto[];
  inputs: ValueInfoProto[];
  outputs: ValueInfoProto[];
  initializers?: TensorProto[];
  docString?: string;
}

export function makeGraph(parts: GraphParts): GraphProto {
  const graph: GraphProto = {
    name: parts.name,
    node: parts.nodes,
    input: parts.inputs,
    output: parts.outputs,
    initializer: parts.initializers ?? [],
  };
  if (parts.docString) graph.docString = parts.docString;
  return graph;
}

export interface ModelParts {
  graph: GraphProto;
  /** Default: the default domain at opset 17. */
  opsets?: { domain?: string; version: number }[];
  irVersion?: number;
  producerName?: string;
  producerVersion?: string;
  docString?: string;
  /** metadata_props, written in key order so the bytes do not depend on insertion order. */
  metadata?: Record<string, string>;
}

export function makeModel(parts: ModelParts): ModelProto {
  const model: ModelProto = {
    irVersion: parts.irVersion ?? IR_VERSION,
    opsetImport: (parts.opsets ?? [{ version: 17 }]).map((o) => ({ domain: o.domain ?? '', version: o.version })),
    producerName: parts.producerName ?? 'monitor-gate',
    graph: parts.graph,
  };
  if (parts.producerVersion) model.producerVersion = parts.producerVersion;
  if (parts.docString) model.docString = parts.docString;
  if (parts.metadata) {
    model.metadataProps = Object.keys(parts.metadata)
      .sort()
      .map((key) => ({ key, value: parts.metadata![key] }));
  }
  return model;
}

/** Opset the model imports for a domain ('' = ai.onnx), or undefined when it imports none. */
export function opsetOf(model: ModelProto, domain = ''): number | undefined {
  const entry = (model.opsetImport ?? []).find((o) => (o.domain ?? '') === domain || (domain === '' && o.domain === 'ai.onnx'));
  return entry?.version == null ? undefined : Number(entry.version);
}
