// One execution path: for float32 (and the 16-bit types, which compute in float32) a result's bits
// depend only on the inputs and the parameters — not on the array's size, where its storage lives
// (heap block, JS memory past the heap's soft limit, a small array), heap pressure, the thread
// count or a reshaped view. Every activation, forward and backward. The reference is one call on
// a large float32 array in the heap on one thread; every other way of making the same call must
// give the same bits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { array, heapStats, nn, setHeapSoftLimit, setNumThreads, threadsReady, vjp, type NDArray } from '../src/index.js';
import type { ActivationName } from '../src/nn/activations/spec.js';
import { numberToBf16, numberToF16 } from '../src/core/half.js';
import { overrideThreadMinimum, threadedKernelCalls } from '../src/kernels/threads.js';
import { stagedKernelCalls, wasmKernelCalls } from '../src/kernels/counters.js';
import { FLOAT64_KERNELS } from '../src/kernels/wasm/table.generated.js';

type Fn = (x: NDArray, ...params: unknown[]) => NDArray;
const ALL = Object.values(nn.ACTIVATIONS).map((e) => ({ name: e.spec.name as ActivationName, kind: e.spec.kind, cost: 'cost' in e.spec ? e.spec.cost : 'costly', fn: e.fn as unknown as Fn }));
const ROW = 64; // row length for the row activations (and prelu's channels)
const N = 64 * ROW;

/** N float32: specials, then a deterministic spread over [-12, 12] with some large values. */
function inputs(seed: number): Float32Array {
  const specials = [0, -0, 1, -1, 0.5, -0.5, 6, -6, 20, -20, 88.7, -88.7, -103.9, 300, -400, 1e-40, -1e-40, 3.4e38, -3.4e38, Infinity, -Infinity, NaN, -1.2784645, -0.7517915, -1.1924312];
  const xs = new Float32Array(N);
  let s = seed;
  for (let i = 0; i < N; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    xs[i] = i < specials.length ? specials[i] : (s / 2 ** 32 - 0.5) * (i % 97 === 0 ? 2000 : 24);
  }
  // Rows of all −∞ and of equal values, for the row activations.
  xs.fill(-Infinity, ROW, 2 * ROW);
  xs.fill(3, 2 * ROW, 3 * ROW);
  return xs;
}

const X = inputs(7);
const G = inputs(11).map((v) => (Number.isFinite(v) ? v / 8 : 0.5));
const ALPHA = new Float32Array(ROW).map((_, i) => (i - 20) / 16);

/** Forward and backward of activation `name` on x (shape [N / ROW, ROW]), as bit patterns. */
function run(name: ActivationName, fn: Fn, xs: Float32Array<ArrayBufferLike>, dtype: 'float32' | 'float16' | 'bfloat16' = 'float32', shape = [N / ROW, ROW], gs: Float32Array<ArrayBufferLike> = G): [Uint32Array, Uint32Array] {
  const x = array(xs, dtype).reshape(shape);
  const gShape = name === 'glu' ? [...shape.slice(0, -1), shape[shape.length - 1] / 2] : shape;
  const gv = name === 'glu' ? gs.subarray(0, gs.length / 2) : gs;
  const g = array(gv.subarray(0, xs.length / (name === 'glu' ? 2 : 1)), dtype).reshape(gShape);
  const f = name === 'prelu' ? (u: NDArray) => fn(u, array(ALPHA, dtype)) : (u: NDArray) => fn(u);
  const [[y], [dx]] = vjp(f, [x], [g]);
  const asBits = (a: NDArray) => (dtype === 'float32'
    ? new Uint32Array((a.toTypedArray() as Float32Array).slice().buffer)
    : Uint32Array.from(a.toTypedArray() as Float32Array, (v) => (dtype === 'float16' ? numberToF16(v) : numberToBf16(v))));
  return [asBits(y), asBits(dx)];
}

function firstDifference(a: Uint32Array, b: Uint32Array): number {
  assert.equal(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return -1;
}

function same(label: string, got: [Uint32Array, Uint32Array], want: [Uint32Array, Uint32Array]): void {
  assert.equal(firstDifference(got[0], want[0]), -1, `${label}: forward`);
  assert.equal(firstDifference(got[1], want[1]), -1, `${label}: backward`);
}

const reference = new Map(ALL.map(({ name, fn }) => {
  setNumThreads(1);
  return [name, run(name, fn, X)] as const;
}));

test('one value (or one row) alone gives the bits it gets inside a large array', () => {
  for (const { name, kind, fn } of ALL) {
    const [y, dx] = reference.get(name)!;
    if (kind === 'elementwise') {
      for (let i = 0; i < N; i += 61) {
        const [[one], [done]] = vjp((u: NDArray) => fn(u), [array([X[i]])], [array([G[i]])]);
        assert.equal(new Uint32Array(Float32Array.of(one.item() as number).buffer)[0], y[i], `${name}(${X[i]})`);
        assert.equal(new Uint32Array(Float32Array.of(done.item() as number).buffer)[0], dx[i], `${name}'(${X[i]})`);
      }
    } else {
      // Row 3 alone (shape [1, ROW]): for glu the output and cotangent rows are half as long.
      const r = 3;
      const xs = X.slice(r * ROW, (r + 1) * ROW);
      const half = name === 'glu' ? ROW / 2 : ROW;
      const gs = G.slice(r * half, (r + 1) * half);
      const f = name === 'prelu' ? (u: NDArray) => fn(u, array(ALPHA)) : (u: NDArray) => fn(u);
      const [[yr], [dr]] = vjp(f, [array(xs).reshape([1, ROW])], [array(gs).reshape([1, half])]);
      const yb = new Uint32Array((yr.toTypedArray() as Float32Array).slice().buffer);
      const db = new Uint32Array((dr.toTypedArray() as Float32Array).slice().buffer);
      assert.equal(firstDifference(yb, y.subarray(r * half, (r + 1) * half)), -1, `${name}: row alone, forward`);
      assert.equal(firstDifference(db, dx.subarray(r * ROW, (r + 1) * ROW)), -1, `${name}: row alone, backward`);
    }
  }
});

test('the same bits past the heap\'s soft limit (arrays in JS memory, staged through scratch)', () => {
  const limit = heapStats().softLimitBytes;
  const staged = stagedKernelCalls();
  setHeapSoftLimit(0);
  try {
    for (const { name, fn } of ALL) same(`${name} under heap pressure`, run(name, fn, X), reference.get(name)!);
  } finally {
    setHeapSoftLimit(limit);
  }
  assert.ok(stagedKernelCalls() >= staged + 2 * ALL.length, 'the calls were staged');
});

test('the same bits on two threads, and for a reshaped view', async () => {
  await threadsReady();
  overrideThreadMinimum(256);
  setNumThreads(2);
  try {
    for (const { name, fn } of ALL) same(`${name} on 2 threads`, run(name, fn, X), reference.get(name)!);
  } finally {
    overrideThreadMinimum(undefined);
    setNumThreads(1);
  }
  for (const { name, kind, fn } of ALL) {
    if (kind !== 'elementwise') continue;
    same(`${name} of a [4, N/4] view`, run(name, fn, X, 'float32', [4, N / 4]), reference.get(name)!);
  }
});

test('past the soft limit on two threads (result chunks copied out as the threads finish them): one thread\'s bits, elementwise and row activations', async () => {
  // Several staging chunks (16,384 elements) with a tail, so that both threads take chunks.
  const n = 3 * 16384 + 37;
  const big = (v: Float32Array) => Float32Array.from({ length: n }, (_, i) => v[(i * 7) % N]);
  const xs = big(X), gs = big(G);
  // Row activations: rows of ROW, 3 shared chunks of 256 rows.
  const rowsShape = [768, ROW];
  const elementwise = ALL.filter((e) => e.name !== 'prelu');
  const shapeOf = (kind: string) => (kind === 'elementwise' ? [n] : rowsShape);
  setNumThreads(2);
  await threadsReady();
  setNumThreads(1);
  for (const dtype of ['float32', 'bfloat16'] as const) {
    const want = new Map(elementwise.map(({ name, kind, fn }) => [name, run(name, fn, xs.subarray(0, shapeOf(kind).reduce((a, b) => a * b)), dtype, shapeOf(kind), gs)]));
    const limit = heapStats().softLimitBytes;
    const staged = stagedKernelCalls(), threaded = threadedKernelCalls();
    setHeapSoftLimit(0);
    overrideThreadMinimum(256);
    setNumThreads(2);
    try {
      for (const { name, kind, fn } of elementwise) {
        same(`${name} in ${dtype}, 2 threads, JS memory`, run(name, fn, xs.subarray(0, shapeOf(kind).reduce((a, b) => a * b)), dtype, shapeOf(kind), gs), want.get(name)!);
      }
    } finally {
      setHeapSoftLimit(limit);
      overrideThreadMinimum(undefined);
      setNumThreads(1);
    }
    assert.ok(stagedKernelCalls() >= staged + 2 * elementwise.length, 'the calls were staged');
    // Cheap kernels run on one thread when their result is outside the heap (threadsFor).
    const threadable = elementwise.filter((e) => e.cost !== 'cheap').length;
    assert.ok(threadable >= 10, `${threadable} threadable activations`);
    assert.equal(threadedKernelCalls() - threaded, 2 * threadable, 'the costly kernels\' calls used the worker, the cheap ones not');
  }
});

test('float16 and bfloat16: the float32 kernel\'s bits on the widened input, rounded once', () => {
  for (const dtype of ['float16', 'bfloat16'] as const) {
    const encode = dtype === 'float16' ? numberToF16 : numberToBf16;
    // Inputs that are exact in the 16-bit type, so the float32 call sees the same values.
    const halves = array(X, dtype).toTypedArray() as Float32Array;
    const gHalves = array(G, dtype).toTypedArray() as Float32Array;
    for (const { name, fn } of ALL) {
      const want = run(name, fn, halves, 'float32', [N / ROW, ROW], gHalves); // float32 bits
      const rounded = want.map((bitsOf) => Uint32Array.from(new Float32Array(bitsOf.buffer), (v) => encode(v))) as [Uint32Array, Uint32Array];
      same(`${name} in ${dtype}`, run(name, fn, halves, dtype, [N / ROW, ROW], gHalves), rounded);
    }
  }
});

test('float64: the float64 kernels give the same bits alone, in a large array, past the heap\'s soft limit and on two threads', async () => {
  const xs = Float64Array.from(X, (v, i) => v * (1 + i * 1e-9)); // values with float64-only digits
  const gs = Float64Array.from(G);
  const run64 = (fn: Fn, values: Float64Array, gv: Float64Array): [Float64Array, Float64Array] => {
    const [[y], [dx]] = vjp((u: NDArray) => fn(u), [array(values, 'float64')], [array(gv, 'float64')]);
    return [y.toTypedArray() as Float64Array, dx.toTypedArray() as Float64Array];
  };
  const same64 = (label: string, got: [Float64Array, Float64Array], want: [Float64Array, Float64Array]) => {
    for (const k of [0, 1]) {
      for (let i = 0; i < want[k].length; i++) {
        if (!Object.is(got[k][i], want[k][i])) assert.fail(`${label} ${k ? 'backward' : 'forward'} at x = ${xs[i]}: ${got[k][i]} vs ${want[k][i]}`);
      }
    }
  };
  await threadsReady();
  const limit = heapStats().softLimitBytes;
  for (const { name, kind, fn } of ALL) {
    if (kind !== 'elementwise' || !Object.hasOwn(FLOAT64_KERNELS, name)) continue;
    setNumThreads(1);
    const before = wasmKernelCalls(`${name}F64`);
    const want = run64(fn, xs, gs);
    assert.ok(wasmKernelCalls(`${name}F64`) > before, `${name}: the float64 kernel ran`);
    for (let i = 0; i < N; i += 97) {
      const [[y1], [d1]] = vjp((u: NDArray) => fn(u), [array([xs[i]], 'float64')], [array([gs[i]], 'float64')]);
      assert.ok(Object.is(y1.item(), want[0][i]) && Object.is(d1.item(), want[1][i]), `${name}(${xs[i]}) alone`);
    }
    // moderate values only, so that whole blocks take a kernel's main lanes, against each value
    // alone (which takes the careful path of the tail): the two paths must agree on those lanes
    const ms = Float64Array.from({ length: N }, (_, i) => Math.sin(i * 0.7) * 6 * (1 + i * 1e-9));
    const mg = new Float64Array(N).fill(0.75);
    const main = run64(fn, ms, mg);
    for (let i = 0; i < N; i += 7) {
      const [[y1], [d1]] = vjp((u: NDArray) => fn(u), [array([ms[i]], 'float64')], [array([0.75], 'float64')]);
      assert.ok(Object.is(y1.item(), main[0][i]) && Object.is(d1.item(), main[1][i]), `${name}(${ms[i]}) alone, against a block of moderate values`);
    }
    setHeapSoftLimit(0);
    try { same64(`${name} under heap pressure`, run64(fn, xs, gs), want); } finally { setHeapSoftLimit(limit); }
    overrideThreadMinimum(256);
    setNumThreads(2);
    try { same64(`${name} on 2 threads`, run64(fn, xs, gs), want); } finally { overrideThreadMinimum(undefined); setNumThreads(1); }
  }
});
