/**
 * The peer engines of the benchmark, loaded from bench/node_modules (bench/package.json, installed
 * on demand by `npm run bench`; the library itself never depends on them): tfjs-core (and the tfjs bundle, for its gradients) with
 * tfjs-backend-cpu and tfjs-backend-wasm, onnxruntime-node (one thread), @jax-js/jax (its wasm
 * backend). A peer that cannot be loaded is reported with the reason, never with made-up numbers.
 *
 * Each peer maps nonlin's activation names (with nonlin's default parameters) to its own op.
 * Where the peer has no single op, a composite of its ops is used and marked (see COMPOSITE).
 */
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/** One timed call; may return a promise (onnxruntime's run is asynchronous). */
export type Run = () => void | Promise<void>;

export interface PeerSession {
  /** The forward of activation `name` on the prepared input, or undefined if the peer lacks it. */
  forward(name: string, params: number[]): Run | undefined;
  /** g·f'(x) for the prepared input and cotangent (the peer's vjp), or undefined. */
  backward?(name: string, params: number[]): Run | undefined;
  dispose(): void;
}

export interface Peer {
  readonly name: string;
  /**
   * Prepares the input x and cotangent g (float32, length n) in the peer's own storage; the row
   * activations see them as rowShape(n) (glu's cotangent: the first half of g, [rows, L/2]).
   */
  prepare(xs: Float32Array, gs: Float32Array): Promise<PeerSession>;
  /** Called before timing this peer (tfjs switches its global backend here). */
  activate?(): Promise<void>;
}

/** (engine, activation) pairs computed as several of the peer's ops, not one. */
export const COMPOSITE = new Set<string>();

/**
 * The activations that take [rows, ROW_LENGTH] inputs: the row activations along the last axis,
 * and prelu with a weight of shape [ROW_LENGTH] (nn.PReLU(1000)) filled with PRELU_WEIGHT.
 */
export const ROW_ACTIVATIONS: ReadonlySet<string> = new Set(['softmax', 'logSoftmax', 'softmin', 'glu', 'prelu']);
export const ROW_LENGTH = 1000;
export const PRELU_WEIGHT = 0.25;
/** Rows of n elements: [n / L, L] with L = ROW_LENGTH (or n, if smaller). */
export const rowShape = (n: number): [number, number] => { const L = Math.min(ROW_LENGTH, n); return [n / L, L]; };

// The bench package's resolver: build/bench/peers.js → ../../bench/package.json.
const benchDir = new URL('../../bench/', import.meta.url);
const require = createRequire(new URL('package.json', benchDir));

export function peersInstalled(): boolean {
  return existsSync(new URL('node_modules/', benchDir));
}

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

// ---- tfjs (one tfjs-core, two backends) ----

function tfjsOps(tf: Any, engine: string): Record<string, (x: Any, p: number[]) => Any> {
  const composite = (name: string, f: (x: Any, p: number[]) => Any) => { COMPOSITE.add(`${engine}:${name}`); return f; };
  return {
    relu: (x) => tf.relu(x),
    relu6: (x) => tf.relu6(x),
    elu: (x) => tf.elu(x), // α = 1, nonlin's default
    selu: (x) => tf.selu(x),
    sigmoid: (x) => tf.sigmoid(x),
    softplus: (x) => tf.softplus(x),
    tanh: (x) => tf.tanh(x),
    logSigmoid: (x) => tf.logSigmoid(x),
    leakyRelu: (x, [s]) => tf.leakyRelu(x, s),
    hardTanh: (x, [lo, hi]) => tf.clipByValue(x, lo, hi),
    relu2: composite('relu2', (x) => tf.square(tf.relu(x))),
    silu: composite('silu', (x) => tf.mul(x, tf.sigmoid(x))),
    mish: composite('mish', (x) => tf.mul(x, tf.tanh(tf.softplus(x)))),
    softsign: composite('softsign', (x) => tf.div(x, tf.add(tf.abs(x), 1))),
    gelu: composite('gelu', (x) => tf.mul(tf.mul(x, 0.5), tf.add(tf.erf(tf.mul(x, Math.SQRT1_2)), 1))),
    geluApprox: composite('geluApprox', (x) => tf.mul(tf.mul(x, 0.5), tf.add(tf.tanh(tf.mul(tf.add(x, tf.mul(tf.pow(x, 3), 0.044715)), Math.sqrt(2 / Math.PI))), 1))),
    geluFastApprox: composite('geluFastApprox', (x) => tf.mul(x, tf.sigmoid(tf.mul(x, 1.702)))),
  };
}

/** The row activations on x of shape [rows, L] (w: prelu's weight, [L]). */
function tfjsRowOps(tf: Any, engine: string): Record<string, (x: Any, w: Any) => Any> {
  const composite = (name: string, f: (x: Any, w: Any) => Any) => { COMPOSITE.add(`${engine}:${name}`); return f; };
  return {
    softmax: (x) => tf.softmax(x),
    logSoftmax: (x) => tf.logSoftmax(x),
    softmin: composite('softmin', (x) => tf.softmax(tf.neg(x))),
    glu: composite('glu', (x) => { const [a, b] = tf.split(x, 2, -1); return tf.mul(a, tf.sigmoid(b)); }),
    prelu: (x, w) => tf.prelu(x, w),
  };
}

function tfjsPeer(tf: Any, backend: 'cpu' | 'wasm'): Peer {
  const engine = `tfjs-${backend}`;
  const ops = tfjsOps(tf, engine);
  const rowOps = tfjsRowOps(tf, engine);
  return {
    name: engine,
    async activate() { await tf.setBackend(backend); },
    async prepare(xs, gs) {
      await tf.setBackend(backend);
      const x = tf.tensor1d(xs, 'float32');
      const g = tf.tensor1d(gs, 'float32');
      const [rows, L] = rowShape(xs.length);
      const x2 = tf.tensor2d(xs, [rows, L], 'float32');
      const g2 = tf.tensor2d(gs, [rows, L], 'float32');
      const gHalf = tf.tensor2d(gs.subarray(0, xs.length / 2), [rows, L / 2], 'float32');
      const w = tf.fill([L], PRELU_WEIGHT, 'float32');
      return {
        forward(name, params) {
          const rowOp = rowOps[name];
          if (rowOp) return () => { tf.tidy(() => rowOp(x2, w)).dispose(); };
          const op = ops[name];
          if (!op) return undefined;
          return () => { tf.tidy(() => op(x, params)).dispose(); };
        },
        backward(name, params) {
          const rowOp = rowOps[name];
          if (rowOp) {
            const vjp = tf.grad((t: Any) => rowOp(t, w));
            const dy = name === 'glu' ? gHalf : g2;
            return () => { tf.tidy(() => vjp(x2, dy)).dispose(); };
          }
          const op = ops[name];
          if (!op) return undefined;
          const vjp = tf.grad((t: Any) => op(t, params));
          return () => { tf.tidy(() => vjp(x, g)).dispose(); };
        },
        dispose() { for (const t of [x, g, x2, g2, gHalf, w]) t.dispose(); },
      };
    },
  };
}

async function loadTfjs(): Promise<Peer[]> {
  const tf = require('@tensorflow/tfjs-core');
  // The gradients (tf.grad) are registered by the @tensorflow/tfjs bundle, into the same tfjs-core
  // (tfjs-core's own register_all_gradients is ESM without file extensions, which Node refuses).
  require('@tensorflow/tfjs');
  require('@tensorflow/tfjs-backend-cpu');
  const wasm = require('@tensorflow/tfjs-backend-wasm');
  wasm.setThreadsCount?.(1);
  const peers = [tfjsPeer(tf, 'cpu')];
  if (await tf.setBackend('wasm')) peers.push(tfjsPeer(tf, 'wasm'));
  return peers;
}

// ---- onnxruntime-node, with single-op models written here (a minimal protobuf encoder) ----

class Pb {
  readonly bytes: number[] = [];
  private varint(v: number): void {
    let n = BigInt.asUintN(64, BigInt(v));
    do {
      let b = Number(n & 0x7fn);
      n >>= 7n;
      if (n) b |= 0x80;
      this.bytes.push(b);
    } while (n);
  }
  int(field: number, v: number): this { this.varint(field << 3); this.varint(v); return this; }
  float(field: number, v: number): this {
    this.varint((field << 3) | 5);
    this.bytes.push(...new Uint8Array(new Float32Array([v]).buffer));
    return this;
  }
  bytesField(field: number, b: number[] | Uint8Array): this { this.varint((field << 3) | 2); this.varint(b.length); this.bytes.push(...b); return this; }
  str(field: number, s: string): this { return this.bytesField(field, new TextEncoder().encode(s)); }
  msg(field: number, m: Pb): this { return this.bytesField(field, m.bytes); }
}

/** A node attribute: a float, a string, or an integer ({ int: n }). */
type OnnxAttr = number | string | { int: number };
interface OnnxNode { op: string; inputs: string[]; output: string | string[]; attrs?: Record<string, OnnxAttr> }
/** A graph input or output: its name and dimensions (a string is a symbolic dimension). */
type OnnxValue = [name: string, dims: (string | number)[]];

/**
 * A ModelProto (IR 9, opset 20) with float32 input 'x' and output 'y' of shape [N] (or the given
 * inputs and outputs).
 */
function onnxModel(nodes: OnnxNode[], constants: Record<string, number> = {}, inputs: OnnxValue[] = [['x', ['N']]], outputs: OnnxValue[] = [['y', ['N']]]): Uint8Array {
  const graph = new Pb();
  const all: OnnxNode[] = [
    ...Object.entries(constants).map(([name, v]) => ({ op: 'Constant', inputs: [], output: name, attrs: { value_float: v } })),
    ...nodes,
  ];
  all.forEach((n, i) => {
    const node = new Pb();
    for (const input of n.inputs) node.str(1, input);
    for (const output of typeof n.output === 'string' ? [n.output] : n.output) node.str(2, output);
    node.str(3, `n${i}`).str(4, n.op);
    for (const [name, v] of Object.entries(n.attrs ?? {})) {
      const attr = new Pb().str(1, name);
      if (typeof v === 'string') attr.bytesField(4, new TextEncoder().encode(v)).int(20, 3);
      else if (typeof v === 'object') attr.int(3, v.int).int(20, 2);
      else attr.float(2, v).int(20, 1);
      node.msg(5, attr);
    }
    graph.msg(1, node);
  });
  graph.str(2, 'g');
  const valueInfo = ([name, dims]: OnnxValue) => {
    const shape = new Pb();
    for (const d of dims) shape.msg(1, typeof d === 'string' ? new Pb().str(2, d) : new Pb().int(1, d));
    return new Pb().str(1, name).msg(2, new Pb().msg(1, new Pb().int(1, 1).msg(2, shape)));
  };
  for (const v of inputs) graph.msg(11, valueInfo(v));
  for (const v of outputs) graph.msg(12, valueInfo(v));
  const model = new Pb().int(1, 9).str(2, 'nonlin-bench').msg(7, graph).msg(8, new Pb().str(1, '').int(2, 20));
  return new Uint8Array(model.bytes);
}

function onnxGraphs(p: Record<string, number[]>): Record<string, Uint8Array> {
  const one = (op: string, attrs?: Record<string, number | string>) => onnxModel([{ op, inputs: ['x'], output: 'y', attrs }]);
  const composite = (name: string, m: Uint8Array) => { COMPOSITE.add(`onnxruntime:${name}`); return m; };
  const [slope] = p.leakyRelu ?? [0.01];
  const [lo, hi] = p.hardTanh ?? [-1, 1];
  const [hl] = p.hardShrink ?? [0.5];
  const [sl] = p.softshrink ?? [0.5];
  const [eluA] = p.elu ?? [1];
  const [celuA] = p.celu ?? [1];
  return {
    relu: one('Relu'),
    elu: one('Elu', { alpha: eluA }),
    celu: one('Celu', { alpha: celuA }),
    selu: one('Selu'),
    sigmoid: one('Sigmoid'),
    softplus: one('Softplus'),
    softsign: one('Softsign'),
    tanh: one('Tanh'),
    leakyRelu: one('LeakyRelu', { alpha: slope }),
    hardswish: one('HardSwish'),
    mish: one('Mish'),
    gelu: one('Gelu'),
    geluApprox: one('Gelu', { approximate: 'tanh' }),
    hardShrink: one('Shrink', { lambd: hl, bias: 0 }),
    softshrink: one('Shrink', { lambd: sl, bias: sl }),
    relu6: onnxModel([{ op: 'Clip', inputs: ['x', 'lo', 'hi'], output: 'y' }], { lo: 0, hi: 6 }),
    hardTanh: onnxModel([{ op: 'Clip', inputs: ['x', 'lo', 'hi'], output: 'y' }], { lo, hi }),
    silu: composite('silu', onnxModel([{ op: 'Sigmoid', inputs: ['x'], output: 's' }, { op: 'Mul', inputs: ['x', 's'], output: 'y' }])),
    logSigmoid: composite('logSigmoid', onnxModel([
      { op: 'Neg', inputs: ['x'], output: 'n' }, { op: 'Softplus', inputs: ['n'], output: 's' }, { op: 'Neg', inputs: ['s'], output: 'y' }])),
  };
}

/** The row activations on x of shape [R, ROW_LENGTH] (prelu: slope [ROW_LENGTH], a second input). */
function onnxRowGraphs(): Record<string, Uint8Array> {
  const rows: OnnxValue = ['x', ['R', ROW_LENGTH]];
  const out: OnnxValue = ['y', ['R', ROW_LENGTH]];
  const composite = (name: string, m: Uint8Array) => { COMPOSITE.add(`onnxruntime:${name}`); return m; };
  return {
    softmax: onnxModel([{ op: 'Softmax', inputs: ['x'], output: 'y', attrs: { axis: { int: -1 } } }], {}, [rows], [out]),
    logSoftmax: onnxModel([{ op: 'LogSoftmax', inputs: ['x'], output: 'y', attrs: { axis: { int: -1 } } }], {}, [rows], [out]),
    softmin: composite('softmin', onnxModel([
      { op: 'Neg', inputs: ['x'], output: 'n' }, { op: 'Softmax', inputs: ['n'], output: 'y', attrs: { axis: { int: -1 } } }], {}, [rows], [out])),
    glu: composite('glu', onnxModel([
      { op: 'Split', inputs: ['x'], output: ['a', 'b'], attrs: { axis: { int: -1 }, num_outputs: { int: 2 } } },
      { op: 'Sigmoid', inputs: ['b'], output: 's' }, { op: 'Mul', inputs: ['a', 's'], output: 'y' }], {}, [rows], [['y', ['R', ROW_LENGTH / 2]]])),
    prelu: onnxModel([{ op: 'PRelu', inputs: ['x', 'slope'], output: 'y' }], {}, [rows, ['slope', [ROW_LENGTH]]], [out]),
  };
}

async function loadOnnx(defaults: Record<string, number[]>): Promise<Peer> {
  const ort = require('onnxruntime-node');
  const graphs = { ...onnxGraphs(defaults), ...onnxRowGraphs() };
  const sessions = new Map<string, Any>();
  for (const [name, bytes] of Object.entries(graphs)) {
    sessions.set(name, await ort.InferenceSession.create(bytes, {
      intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential', graphOptimizationLevel: 'all',
    }));
  }
  return {
    name: 'onnxruntime',
    async prepare(xs) {
      const x = new ort.Tensor('float32', xs, [xs.length]);
      const shape = rowShape(xs.length);
      // The row graphs are built for rows of ROW_LENGTH: shorter inputs have no onnx row numbers.
      const x2 = shape[1] === ROW_LENGTH ? new ort.Tensor('float32', xs, shape) : undefined;
      const slope = new ort.Tensor('float32', new Float32Array(ROW_LENGTH).fill(PRELU_WEIGHT), [ROW_LENGTH]);
      return {
        forward(name) {
          const s = sessions.get(name);
          if (!s) return undefined;
          if (ROW_ACTIVATIONS.has(name)) {
            if (!x2) return undefined;
            const feeds = name === 'prelu' ? { x: x2, slope } : { x: x2 };
            return async () => { await s.run(feeds); };
          }
          return async () => { await s.run({ x }); };
        },
        dispose() { /* the tensor views xs */ },
      };
    },
  };
}

// ---- @jax-js/jax (wasm backend) ----

async function loadJax(): Promise<Peer> {
  const j = await import(pathToFileURL(require.resolve('@jax-js/jax')).href) as Any;
  const devices: string[] = await j.init('wasm');
  if (!devices.includes('wasm')) throw new Error(`no wasm device (init gave ${JSON.stringify(devices)})`);
  j.defaultDevice('wasm');
  const nnx = j.nn;
  const ops: Record<string, (x: Any, p: number[]) => Any> = {
    relu: (x) => nnx.relu(x), relu6: (x) => nnx.relu6(x), elu: (x) => nnx.elu(x), celu: (x) => nnx.celu(x),
    selu: (x) => nnx.selu(x), sigmoid: (x) => nnx.sigmoid(x), silu: (x) => nnx.silu(x), softplus: (x) => nnx.softplus(x),
    logSigmoid: (x) => nnx.logSigmoid(x), mish: (x) => nnx.mish(x), tanh: (x) => j.numpy.tanh(x),
    softsign: (x) => nnx.softSign(x), hardswish: (x) => nnx.hardSwish(x), hardTanh: (x) => nnx.hardTanh(x),
    leakyRelu: (x, [s]) => nnx.leakyRelu(x, s),
    gelu: (x) => nnx.gelu(x, { approximate: false }), geluApprox: (x) => nnx.gelu(x, { approximate: true }),
  };
  return {
    name: 'jax-js-wasm',
    async prepare(xs, gs) {
      const x = j.numpy.array(xs);
      const g = j.numpy.array(gs);
      const live: Any[] = [];
      return {
        forward(name, params) {
          const op = ops[name];
          if (!op) return undefined;
          const f = j.jit((t: Any) => op(t, params));
          live.push(f);
          return async () => { const y = f(x.ref); await y.blockUntilReady(); y.dispose(); };
        },
        backward(name, params) {
          const op = ops[name];
          if (!op) return undefined;
          // vjp with cotangent g: the gradient of sum(f(x)·g) in x, jitted (one fused program).
          const f = j.jit(j.grad((t: Any, c: Any) => op(t, params).mul(c).sum()));
          live.push(f);
          return async () => { const y = f(x.ref, g.ref); await y.blockUntilReady(); y.dispose(); };
        },
        dispose() { x.dispose(); g.dispose(); for (const f of live) f.dispose?.(); },
      };
    },
  };
}

/** Loads every peer that loads; `skipped` says why the others did not. */
export async function loadPeers(defaults: Record<string, number[]>): Promise<{ peers: Peer[]; skipped: string[] }> {
  const peers: Peer[] = [];
  const skipped: string[] = [];
  if (!peersInstalled()) return { peers, skipped: ['all peers: bench/node_modules is missing (run `npm --prefix bench install`)'] };
  const attempt = async (label: string, load: () => Promise<Peer | Peer[]>) => {
    try {
      const p = await load();
      peers.push(...(Array.isArray(p) ? p : [p]));
    } catch (error) {
      skipped.push(`${label}: ${String(error instanceof Error ? error.message : error).split('\n')[0]}`);
    }
  };
  await attempt('tfjs', loadTfjs);
  await attempt('onnxruntime-node', () => loadOnnx(defaults));
  await attempt('@jax-js/jax', loadJax);
  return { peers, skipped };
}
