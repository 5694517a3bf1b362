/**
 * Test-only ONNX probes that monitor-gate must reject or handle specially. The regular probes come
 * from src/core/onnx/build-probe.ts; these are the shapes users bring that are not [batch, D] -> score.
 */
import { buildLinearProbe } from '../../src/core/onnx/build-probe.ts';
import {
  DataType,
  ONNX_ML_DOMAIN,
  attr,
  encodeModel,
  floatTensor,
  makeGraph,
  makeModel,
  makeNode,
  sequenceOfMapsValueInfo,
  tensorValueInfo,
} from '../../src/core/onnx/model.ts';

/** Deterministic small weights so every helper probe is the same bytes on every run. */
export function testWeights(d: number, seed = 1): Float32Array {
  const w = new Float32Array(d);
  for (let i = 0; i < d; i++) w[i] = Math.sin(seed * 12.9898 + i * 78.233) * 0.5;
  return w;
}

/**
 * A scikit-learn-style export of a binary LogisticRegression without `zipmap: False`:
 * ai.onnx.ml LinearClassifier (post_transform LOGISTIC, int64 class labels [0, 1]) followed by ZipMap,
 * so the probabilities output is seq(map(int64, float)), not a tensor.
 * With `withLabel` (skl2onnx's actual layout) the first output is the int64 `output_label` tensor and
 * the ZipMap sequence is the second; without it, the ZipMap sequence is the only output.
 */
export function zipMapProbe(d: number, options: { withLabel?: boolean } = {}): Uint8Array {
  const w = Array.from(testWeights(d));
  const outputs = [sequenceOfMapsValueInfo('output_probability', DataType.INT64, DataType.FLOAT)];
  if (options.withLabel) outputs.unshift(tensorValueInfo('output_label', DataType.INT64, ['batch']));
  return encodeModel(
    makeModel({
      graph: makeGraph({
        name: 'sklearn_logreg',
        nodes: [
          makeNode('LinearClassifier', ['activations'], ['label', 'probability_tensor'], {
            domain: ONNX_ML_DOMAIN,
            attributes: [
              attr.ints('classlabels_ints', [0, 1]),
              // two rows (negated and plain), as skl2onnx writes a binary logistic regression
              attr.floats('coefficients', [...w.map((v) => -v), ...w]),
              attr.floats('intercepts', [-0.25, 0.25]),
              attr.int('multi_class', 0),
              attr.string('post_transform', 'LOGISTIC'),
            ],
          }),
          makeNode('ZipMap', ['probability_tensor'], ['output_probability'], {
            domain: ONNX_ML_DOMAIN,
            attributes: [attr.ints('classlabels_int64s', [0, 1])],
          }),
          ...(options.withLabel ? [makeNode('Identity', ['label'], ['output_label'])] : []),
        ],
        inputs: [tensorValueInfo('activations', DataType.FLOAT, ['batch', d])],
        outputs,
      }),
      opsets: [{ version: 17 }, { domain: ONNX_ML_DOMAIN, version: 3 }],
      producerName: 'skl2onnx',
    }),
  );
}

/** A perfectly good probe whose declared input width is `d` (use it against a batch of another width). */
export function widthProbe(d: number): Uint8Array {
  return buildLinearProbe({ weights: testWeights(d), bias: 0.1, output: 'probability' });
}

/** Two graph inputs: activations [batch, D] and mask [batch, D], scored on their product. */
export function twoInputProbe(d: number): Uint8Array {
  return encodeModel(
    makeModel({
      graph: makeGraph({
        name: 'two_inputs',
        nodes: [
          makeNode('Mul', ['activations', 'mask'], ['masked']),
          makeNode('Gemm', ['masked', 'w', 'b'], ['logit']),
          makeNode('Sigmoid', ['logit'], ['probability']),
        ],
        inputs: [tensorValueInfo('activations', DataType.FLOAT, ['batch', d]), tensorValueInfo('mask', DataType.FLOAT, ['batch', d])],
        outputs: [tensorValueInfo('probability', DataType.FLOAT, ['batch', 1])],
        initializers: [floatTensor('w', [d, 1], testWeights(d)), floatTensor('b', [1], [0])],
      }),
    }),
  );
}

/** float64 input [batch, D], cast to float32 inside, float32 probability out. */
export function float64InputProbe(d: number): Uint8Array {
  return encodeModel(
    makeModel({
      graph: makeGraph({
        name: 'float64_input',
        nodes: [
          makeNode('Cast', ['activations'], ['activations_f32'], { attributes: [attr.int('to', DataType.FLOAT)] }),
          makeNode('Gemm', ['activations_f32', 'w', 'b'], ['logit']),
          makeNode('Sigmoid', ['logit'], ['probability']),
        ],
        inputs: [tensorValueInfo('activations', DataType.DOUBLE, ['batch', d])],
        outputs: [tensorValueInfo('probability', DataType.FLOAT, ['batch', 1])],
        initializers: [floatTensor('w', [d, 1], testWeights(d)), floatTensor('b', [1], [0])],
      }),
    }),
  );
}

/** Input [batch, D] with a symbolic D: the width is only known when rows arrive. */
export function symbolicWidthProbe(d: number): Uint8Array {
  return encodeModel(
    makeModel({
      graph: makeGraph({
        name: 'symbolic_width',
        nodes: [makeNode('Gemm', ['activations', 'w', 'b'], ['logit']), makeNode('Sigmoid', ['logit'], ['probability'])],
        inputs: [tensorValueInfo('activations', DataType.FLOAT, ['batch', 'D'])],
        outputs: [tensorValueInfo('probability', DataType.FLOAT, ['batch', 1])],
        initializers: [floatTensor('w', [d, 1], testWeights(d)), floatTensor('b', [1], [0])],
      }),
    }),
  );
}

/** A linear probe with NaN weights: every score is NaN. */
export function nanProbe(d: number): Uint8Array {
  return encodeModel(
    makeModel({
      graph: makeGraph({
        name: 'nan_probe',
        nodes: [makeNode('Gemm', ['activations', 'w', 'b'], ['logit']), makeNode('Sigmoid', ['logit'], ['probability'])],
        inputs: [tensorValueInfo('activations', DataType.FLOAT, ['batch', d])],
        outputs: [tensorValueInfo('probability', DataType.FLOAT, ['batch', 1])],
        initializers: [floatTensor('w', [d, 1], new Float32Array(d).fill(Number.NaN)), floatTensor('b', [1], [0])],
      }),
    }),
  );
}

/** Bytes that are not a protobuf ModelProto at all. */
export function notAnOnnxFile(): Uint8Array {
  return new TextEncoder().encode('this is not an ONNX model\n');
}
