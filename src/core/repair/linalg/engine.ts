/** Matrix products on onnxruntime for one width: the graphs (panelled symmetric products, polynomial steps) and the sessions that run them. */
import * as ort from 'onnxruntime-node';
import { DataType, attr, encodeModel, int64Tensor, makeGraph, makeModel, makeNode, tensorValueInfo, type NodeProto, type TensorProto } from '../../onnx/model.ts';

// ---------------------------------------------------------------------------------------------
// onnxruntime graphs
// ---------------------------------------------------------------------------------------------

class GraphBuilder {
  readonly nodes: NodeProto[] = [];
  readonly initializers: TensorProto[] = [];
  private counter = 0;
  private readonly constants = new Map<string, string>();

  fresh(prefix: string): string {
    return `${prefix}_${this.counter++}`;
  }

  int64(values: number[]): string {
    const key = values.join(',');
    const known = this.constants.get(key);
    if (known) return known;
    const name = this.fresh('const');
    this.initializers.push(int64Tensor(name, [values.length], values));
    this.constants.set(key, name);
    return name;
  }

  op(type: string, inputs: string[], attributes = [] as ReturnType<typeof attr.int>[], output?: string): string {
    const out = output ?? this.fresh(type.toLowerCase());
    this.nodes.push(makeNode(type, inputs, [out], { attributes, name: this.fresh(`n_${type}`) }));
    return out;
  }

  slice(x: string, start: number, end: number, axis: number): string {
    return this.op('Slice', [x, this.int64([start]), this.int64([end]), this.int64([axis])]);
  }
}

/** Panels for products with symmetric results: fewer than 4 only pays off below D = 2048. */
function panelsFor(width: number): number {
  if (width >= 2048 && width % 4 === 0) return 4;
  if (width >= 1024 && width % 2 === 0) return 2;
  return 1;
}

/**
 * A B for symmetric B when the product is known to be symmetric (A and B commute): computes the
 * upper block panels [i-th row panel of A] x [rows i.. of B]^T (B's rows are its columns) and mirrors
 * the lower blocks, so the result is exactly symmetric and costs (P+1)/(2P) of a full product.
 */
function symmetricProduct(g: GraphBuilder, a: string, b: string, width: number, output?: string): string {
  const panels = panelsFor(width);
  if (panels === 1) return g.op('MatMul', [a, b], [], output);
  return assembleSymmetric(g, width, panels, (i, size) => {
    const rowsA = g.slice(a, i * size, (i + 1) * size, 0);
    const rowsB = g.slice(b, i * size, width, 0);
    return g.op('Gemm', [rowsA, rowsB], [attr.int('transB', 1)]);
  }, output);
}

/** X^T X for X [rows, D], exactly symmetric, upper panels only. */
function symmetricGram(g: GraphBuilder, x: string, width: number, output?: string): string {
  const panels = panelsFor(width);
  if (panels === 1) return g.op('Gemm', [x, x], [attr.int('transA', 1)], output);
  return assembleSymmetric(g, width, panels, (i, size) => {
    const colsLeft = g.slice(x, i * size, (i + 1) * size, 1);
    const colsRight = g.slice(x, i * size, width, 1);
    return g.op('Gemm', [colsLeft, colsRight], [attr.int('transA', 1)]);
  }, output);
}

/** panel(i) returns block row i from column i*size on ([size, D - i*size]); lower blocks are transposes. */
function assembleSymmetric(g: GraphBuilder, width: number, panels: number, panel: (i: number, size: number) => string, output?: string): string {
  const size = width / panels;
  const upper: string[] = [];
  for (let i = 0; i < panels; i++) upper.push(panel(i, size));
  const rows: string[] = [];
  for (let i = 0; i < panels; i++) {
    const parts: string[] = [];
    for (let j = 0; j < i; j++) {
      // block (i, j) = block (j, i)^T; block (j, i) sits at columns (i - j) * size of panel j
      const block = g.slice(upper[j], (i - j) * size, (i - j + 1) * size, 1);
      parts.push(g.op('Transpose', [block], [attr.ints('perm', [1, 0])]));
    }
    parts.push(upper[i]);
    rows.push(parts.length === 1 ? parts[0] : g.op('Concat', parts, [attr.int('axis', 1)]));
  }
  return g.op('Concat', rows, [attr.int('axis', 0)], output);
}

/** q(M) = c0 I + c1 M + ... with the coefficients read from the `coef` input. */
function polynomialOf(g: GraphBuilder, m: string, width: number, qDegree: number, identity: string): string {
  const powers = [identity, m];
  for (let k = 2; k <= qDegree; k++) powers.push(symmetricProduct(g, powers[k - 1], m, width));
  const terms: string[] = [];
  for (let k = 0; k <= qDegree; k++) {
    const ck = g.op('Gather', ['coef', g.int64([k])]); // [1]
    terms.push(g.op('Mul', [powers[k], ck]));
  }
  return terms.length === 1 ? terms[0] : g.op('Sum', terms);
}

function encodeGraph(g: GraphBuilder, name: string, inputs: ReturnType<typeof tensorValueInfo>[], outputs: ReturnType<typeof tensorValueInfo>[]): Uint8Array {
  return encodeModel(
    makeModel({
      graph: makeGraph({ name, nodes: g.nodes, inputs, outputs, initializers: g.initializers }),
      opsets: [{ version: 17 }],
      producerName: 'monitor-gate',
    }),
  );
}

export type CoupledKind = 'first-inverse' | 'first-root' | 'middle' | 'last';

/**
 * One step of the coupled iteration on commuting symmetric matrices: Q = q(M), Z' = Z Q, M' = M Q^2.
 * first-inverse: Z0 = I so Z1 = Q. first-root: Y0 = M0 so Y1 = M0 Q. last: M is not updated.
 * Outputs Z' ('z_out'), M' ('m_out') and ||M' - I||_F^2 ('dev').
 */
function coupledStepModel(width: number, kind: CoupledKind, qDegree: number): Uint8Array {
  const g = new GraphBuilder();
  const square = [width, width];
  const identity = g.op('EyeLike', ['m']);
  const q = polynomialOf(g, 'm', width, qDegree, identity);
  const inputs = [tensorValueInfo('m', DataType.FLOAT, square), tensorValueInfo('coef', DataType.FLOAT, [4])];
  const outputs = [tensorValueInfo('z_out', DataType.FLOAT, square)];
  if (kind === 'middle' || kind === 'last') inputs.push(tensorValueInfo('z', DataType.FLOAT, square));
  if (kind === 'last') {
    symmetricProduct(g, 'z', q, width, 'z_out');
  } else {
    const mq = symmetricProduct(g, 'm', q, width);
    if (kind === 'first-inverse') g.op('Identity', [q], [], 'z_out');
    else if (kind === 'first-root') g.op('Identity', [mq], [], 'z_out');
    else symmetricProduct(g, 'z', q, width, 'z_out');
    symmetricProduct(g, mq, q, width, 'm_out');
    const diff = g.op('Sub', ['m_out', identity]);
    g.op('ReduceSumSquare', [diff], [attr.int('keepdims', 0)], 'dev');
    outputs.push(tensorValueInfo('m_out', DataType.FLOAT, square), tensorValueInfo('dev', DataType.FLOAT, []));
  }
  return encodeGraph(g, `coupled_${kind}_q${qDegree}`, inputs, outputs);
}

/** One polar step: G = X^T X, dev = ||G - I||_F^2, X' = X q(G). */
function polarStepModel(width: number, qDegree: number): Uint8Array {
  const g = new GraphBuilder();
  const square = [width, width];
  const gram = symmetricGram(g, 'x', width);
  const identity = g.op('EyeLike', [gram]);
  const diff = g.op('Sub', [gram, identity]);
  g.op('ReduceSumSquare', [diff], [attr.int('keepdims', 0)], 'dev');
  const q = polynomialOf(g, gram, width, qDegree, identity);
  g.op('MatMul', ['x', q], [], 'x_out');
  return encodeGraph(
    g,
    `polar_q${qDegree}`,
    [tensorValueInfo('x', DataType.FLOAT, square), tensorValueInfo('coef', DataType.FLOAT, [4])],
    [tensorValueInfo('x_out', DataType.FLOAT, square), tensorValueInfo('dev', DataType.FLOAT, [])],
  );
}

/** Chunk statistics: centered rows in, X^T X (and Xu^T Xb) out. */
function gramModel(width: number, cross: boolean, base = true): Uint8Array {
  const g = new GraphBuilder();
  symmetricGram(g, 'xu', width, 'gram_u');
  if (base) symmetricGram(g, 'xb', width, 'gram_b');
  const outputs = [tensorValueInfo('gram_u', DataType.FLOAT, [width, width])];
  if (base) outputs.push(tensorValueInfo('gram_b', DataType.FLOAT, [width, width]));
  if (cross) {
    g.op('Gemm', ['xu', 'xb'], [attr.int('transA', 1)], 'cross');
    outputs.push(tensorValueInfo('cross', DataType.FLOAT, [width, width]));
  }
  return encodeGraph(
    g,
    `gram${base ? '' : '_updated'}${cross ? '_cross' : ''}`,
    [tensorValueInfo('xu', DataType.FLOAT, ['rows', width]), tensorValueInfo('xb', DataType.FLOAT, ['rows', width])],
    outputs,
  );
}

function productModel(width: number): Uint8Array {
  const g = new GraphBuilder();
  g.op('MatMul', ['a', 'b'], [], 'c');
  return encodeGraph(g, 'product', [tensorValueInfo('a', DataType.FLOAT, [width, width]), tensorValueInfo('b', DataType.FLOAT, [width, width])], [
    tensorValueInfo('c', DataType.FLOAT, [width, width]),
  ]);
}

/** a [D, D] (or its transpose) times a block of p columns [D, p] (subspace iterations, probes). */
function panelModel(width: number, transA: boolean, type: DataType): Uint8Array {
  const g = new GraphBuilder();
  g.op('Gemm', ['a', 'x'], transA ? [attr.int('transA', 1)] : [], 'y');
  return encodeGraph(g, transA ? 'panel_t' : 'panel', [tensorValueInfo('a', type, [width, width]), tensorValueInfo('x', type, [width, 'p'])], [
    tensorValueInfo('y', type, [width, 'p']),
  ]);
}

/** a [m, n] (or a^T for a [n, m]) times b [n, p], every size free, float32. */
function denseModel(transA: boolean): Uint8Array {
  const g = new GraphBuilder();
  g.op('Gemm', ['a', 'b'], transA ? [attr.int('transA', 1)] : [], 'c');
  return encodeGraph(g, transA ? 'dense_t' : 'dense', [tensorValueInfo('a', DataType.FLOAT, ['r', 's']), tensorValueInfo('b', DataType.FLOAT, ['n', 'p'])], [
    tensorValueInfo('c', DataType.FLOAT, ['m', 'p']),
  ]);
}

/** s + u v for u [D, k], v [k, D], in float32 or float64. */
function lowRankModel(width: number, type: DataType): Uint8Array {
  const g = new GraphBuilder();
  const uv = g.op('MatMul', ['u', 'v']);
  g.op('Add', ['s', uv], [], 'out');
  return encodeGraph(
    g,
    'low_rank_update',
    [tensorValueInfo('s', type, [width, width]), tensorValueInfo('u', type, [width, 'k']), tensorValueInfo('v', type, ['k', width])],
    [tensorValueInfo('out', type, [width, width])],
  );
}

export interface MatrixEngineOptions {
  /** onnxruntime intra-op threads; default: onnxruntime's choice (the number of physical cores). */
  threads?: number;
}

/**
 * Matrix products on onnxruntime (CPU) for one width D. Sessions are built on first use and reused
 * for every chunk and iteration; release() frees them.
 */
export class MatrixEngine {
  private readonly sessions = new Map<string, Promise<ort.InferenceSession>>();
  /** Matrix products run so far (a symmetric panel product counts as one), for benchmarks. */
  products = 0;

  constructor(
    readonly width: number,
    private readonly options: MatrixEngineOptions = {},
  ) {
    if (!Number.isSafeInteger(width) || width < 1) throw new RangeError(`MatrixEngine: bad width ${width}`);
  }

  private session(key: string, build: () => Uint8Array): Promise<ort.InferenceSession> {
    let s = this.sessions.get(key);
    if (!s) {
      // No CPU arena: each session would keep its peak (several D x D buffers) for its lifetime, and a
      // dozen sessions' arenas cost gigabytes of first-touch page faults; plain allocations are reused
      // by the allocator and returned when a run ends.
      const sessionOptions: ort.InferenceSession.SessionOptions = { executionProviders: ['cpu'], graphOptimizationLevel: 'all', enableCpuMemArena: false };
      if (this.options.threads) sessionOptions.intraOpNumThreads = this.options.threads;
      s = ort.InferenceSession.create(build(), sessionOptions);
      this.sessions.set(key, s);
    }
    return s;
  }

  private async run(key: string, build: () => Uint8Array, feeds: Record<string, ort.Tensor>): Promise<ort.InferenceSession.ReturnType> {
    const session = await this.session(key, build);
    return session.run(feeds);
  }

  private square(data: Float32Array): ort.Tensor {
    return new ort.Tensor('float32', data, [this.width, this.width]);
  }

  /** Xu^T Xu, Xb^T Xb (unless `base` is false) and optionally Xu^T Xb of centered chunk rows [rows, D] (float32). */
  async gram(xu: Float32Array, xb: Float32Array, rows: number, cross: boolean, base = true): Promise<{ gramU: Float32Array; gramB?: Float32Array; cross?: Float32Array }> {
    const D = this.width;
    const key = `gram${base ? '' : '-updated'}${cross ? '-cross' : ''}`;
    const out = await this.run(key, () => gramModel(D, cross, base), {
      xu: new ort.Tensor('float32', xu, [rows, D]),
      xb: new ort.Tensor('float32', xb, [rows, D]),
    });
    this.products += (cross ? 1 : 0) + (base ? 2 : 1);
    return {
      gramU: out.gram_u.data as Float32Array,
      gramB: base ? (out.gram_b.data as Float32Array) : undefined,
      cross: cross ? (out.cross.data as Float32Array) : undefined,
    };
  }

  async product(a: Float32Array, b: Float32Array): Promise<Float32Array> {
    const out = await this.run('product', () => productModel(this.width), { a: this.square(a), b: this.square(b) });
    this.products += 1;
    return out.c.data as Float32Array;
  }

  /** A B (or A^T B) for A [m, n] (stored [n, m] when transposed) and B [n, p], row-major, in float32; the result is float64. */
  async dense(a: ArrayLike<number>, b: ArrayLike<number>, m: number, n: number, p: number, transA = false): Promise<Float64Array> {
    const out = await this.run(transA ? 'dense-t' : 'dense', () => denseModel(transA), {
      a: new ort.Tensor('float32', a instanceof Float32Array ? a : Float32Array.from(a), transA ? [n, m] : [m, n]),
      b: new ort.Tensor('float32', b instanceof Float32Array ? b : Float32Array.from(b), [n, p]),
    });
    return Float64Array.from(out.c.data as Float32Array);
  }

  /** A X (or A^T X) for A [D, D] and X [D, p] (row-major), in the precision of A; the result is float64. */
  async panel(a: Float32Array | Float64Array, x: Float64Array, p: number, transA = false): Promise<Float64Array> {
    const D = this.width;
    const type = a instanceof Float64Array ? 'float64' : 'float32';
    const out = await this.run(`panel-${type}${transA ? '-t' : ''}`, () => panelModel(D, transA, type === 'float64' ? DataType.DOUBLE : DataType.FLOAT), {
      a: new ort.Tensor(type, a, [D, D]),
      x: new ort.Tensor(type, type === 'float64' ? x : Float32Array.from(x), [D, p]),
    });
    const y = out.y.data as Float32Array | Float64Array;
    return y instanceof Float64Array ? y : Float64Array.from(y);
  }

  /** S + U V for U [D, k] and V [k, D], in the precision of the arguments. */
  async lowRankUpdate<T extends Float32Array | Float64Array>(s: T, u: T, v: T, k: number): Promise<T> {
    const D = this.width;
    const type = s instanceof Float64Array ? 'float64' : 'float32';
    const out = await this.run(`low-rank-${type}`, () => lowRankModel(D, type === 'float64' ? DataType.DOUBLE : DataType.FLOAT), {
      s: new ort.Tensor(type, s, [D, D]),
      u: new ort.Tensor(type, u, [D, k]),
      v: new ort.Tensor(type, v, [k, D]),
    });
    return out.out.data as T;
  }

  async coupledStep(kind: CoupledKind, qDegree: number, coefficients: readonly number[], m: Float32Array, z?: Float32Array) {
    const coef = new Float32Array(4);
    coefficients.forEach((c, i) => (coef[i] = c));
    const feeds: Record<string, ort.Tensor> = { m: this.square(m), coef: new ort.Tensor('float32', coef, [4]) };
    if (kind === 'middle' || kind === 'last') feeds.z = this.square(z!);
    const out = await this.run(`coupled-${kind}-${qDegree}`, () => coupledStepModel(this.width, kind, qDegree), feeds);
    this.products += Math.max(0, qDegree - 1) + (kind === 'last' ? 1 : kind === 'middle' ? 3 : 2);
    return {
      z: out.z_out.data as Float32Array,
      m: out.m_out ? (out.m_out.data as Float32Array) : undefined,
      deviation: out.dev ? Math.sqrt(Number((out.dev.data as Float32Array)[0])) : undefined,
    };
  }

  async polarStep(qDegree: number, coefficients: readonly number[], x: Float32Array) {
    const coef = new Float32Array(4);
    coefficients.forEach((c, i) => (coef[i] = c));
    const out = await this.run(`polar-${qDegree}`, () => polarStepModel(this.width, qDegree), { x: this.square(x), coef: new ort.Tensor('float32', coef, [4]) });
    this.products += qDegree + 1;
    return { x: out.x_out.data as Float32Array, deviation: Math.sqrt(Number((out.dev.data as Float32Array)[0])) };
  }

  async release(): Promise<void> {
    const all = [...this.sessions.values()];
    this.sessions.clear();
    for (const s of all) {
      try {
        await (await s).release();
      } catch {
        // a session that failed to build has nothing to release
      }
    }
  }
}
