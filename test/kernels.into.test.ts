// nn.applyInto(out, name, x, ...params): the same bits as nn.<name>(x, ...params) on both kernel
// paths, written into `out` (in place when out is x), no allocation on the wasm path; shape, dtype,
// name and disposal errors; not allowed inside a gradient trace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DTypeError, DisposedError, ShapeError, ValueError, array, grad, heapStats, nn, reshape, sum, zeros, type NDArray } from '../src/index.js';
import type { ElementwiseSpec } from '../src/nn/index.js';
import type { ElementwiseName } from '../src/nn/activations/spec.js';
import { setBackend, type Backend } from '../src/kernels/backend.js';
import { wasmKernelCalls } from '../src/kernels/counters.js';

interface Entry { spec: ElementwiseSpec; fn: (x: NDArray, ...params: number[]) => NDArray }
const elementwise = Object.values(nn.ACTIVATIONS).filter((e) => e.spec.kind === 'elementwise') as unknown as Entry[];

const xs = new Float32Array(1001).map((_, i) => (i % 97 === 0 ? [NaN, Infinity, -Infinity, -0][i % 4] : (i - 500) / 37));
const same = (a: ArrayLike<number>, b: ArrayLike<number>) => a.length === b.length && Array.from(a).every((v, i) => Object.is(v, b[i]));

for (const path of ['wasm', 'js'] as Backend[]) {
  test(`[${path}] applyInto gives nn.<name>'s bits, into a separate array and in place, for every elementwise activation`, () => {
    setBackend(path);
    try {
      for (const { spec, fn } of elementwise) {
        const name = spec.name as ElementwiseName;
        const params = spec.params.map((p) => p.default);
        const x = array(xs);
        const want = fn(x, ...params).toTypedArray();
        const out = zeros([xs.length]);
        const before = wasmKernelCalls(name);
        const live = heapStats().liveBytes;
        assert.equal(nn.applyInto(out, name, x, ...params), out, `${name}: returns out`);
        if (path === 'wasm') {
          assert.equal(wasmKernelCalls(name), before + 1, `${name}: the kernel ran`);
          assert.equal(heapStats().liveBytes, live, `${name}: no allocation`);
        }
        assert.ok(same(out.toTypedArray(), want), `${name}: into out`);
        assert.ok(same(x.toTypedArray(), xs), `${name}: x untouched`);
        assert.equal(nn.applyInto(x, name, x, ...params), x, `${name}: in place returns x`);
        assert.ok(same(x.toTypedArray(), want), `${name}: in place`);
        // A reshaped view shares x's storage: also in place.
        const y = array(xs);
        nn.applyInto(reshape(y, [7, 143]), name, reshape(y, [7, 143]), ...params);
        assert.ok(same(y.toTypedArray(), want), `${name}: in place through a view`);
        for (const a of [x, out, y]) a.dispose();
      }
    } finally {
      setBackend('wasm');
    }
  });
}

test('applyInto: other dtypes and small arrays take the JS path and still write into out', () => {
  const small = array([-2, -0.5, 0, 1.5]);
  const o = zeros([4]);
  nn.applyInto(o, 'gelu', small);
  assert.deepEqual(o.tolist(), nn.gelu(small).tolist());
  const x64 = array(new Float64Array(xs));
  const o64 = zeros([xs.length], 'float64');
  nn.applyInto(o64, 'silu', x64);
  assert.ok(same(o64.toTypedArray(), nn.silu(x64).toTypedArray()));
  const x16 = array(xs, 'float16');
  const o16 = zeros([xs.length], 'float16');
  nn.applyInto(o16, 'tanh', x16);
  assert.ok(same(o16.toTypedArray(), nn.tanh(x16).toTypedArray()));
  nn.applyInto(x16, 'tanh', x16); // in place, 16-bit
  assert.ok(same(x16.toTypedArray(), o16.toTypedArray()));
  const ints = array([-1, 2, 3], 'int32');
  assert.deepEqual(nn.applyInto(zeros([3]), 'relu', ints).tolist(), [0, 2, 3], 'integers: float32 result');
  assert.deepEqual(nn.applyInto(zeros([2]), 'leakyRelu', [-10, 10], 0.5).tolist(), [-5, 10], 'x as a list, a parameter');
});

test('applyInto: typed errors for the name, out, shapes, dtypes, disposal and parameters', () => {
  const x = array(xs);
  const out = zeros([xs.length]);
  assert.throws(() => nn.applyInto(out, 'softmax' as ElementwiseName, x), (e) => e instanceof ValueError && /nn\.applyInto: argument 'name' is "softmax"; expected the name of an elementwise activation/.test(e.message));
  assert.throws(() => nn.applyInto(out, 'noSuch' as ElementwiseName, x), ValueError);
  assert.throws(() => nn.applyInto(out, 'toString' as ElementwiseName, x), ValueError);
  assert.throws(() => nn.applyInto(new Float32Array(xs.length) as unknown as NDArray, 'relu', x), (e) => e instanceof ValueError && /argument 'out' is/.test(e.message));
  assert.throws(() => nn.applyInto(zeros([xs.length - 1]), 'relu', x), (e) => e instanceof ShapeError && /argument 'out' has shape \[1000\]; expected x's shape \[1001\]/.test(e.message));
  assert.throws(() => nn.applyInto(zeros([1, xs.length]), 'relu', x), ShapeError, 'no broadcasting');
  assert.throws(() => nn.applyInto(zeros([xs.length], 'float64'), 'relu', x), (e) => e instanceof DTypeError && /argument 'out' is float64; expected float32/.test(e.message));
  assert.throws(() => nn.applyInto(zeros([xs.length], 'float16'), 'relu', x), DTypeError);
  assert.throws(() => nn.applyInto(out, 'celu', x, 0), (e) => e instanceof ValueError && /nn\.celu: argument 'alpha' is 0/.test(e.message), "the activation's own parameter checks");
  const dead = zeros([xs.length]);
  dead.dispose();
  assert.throws(() => nn.applyInto(dead, 'relu', x), DisposedError);
  const deadX = array(xs);
  deadX.dispose();
  assert.throws(() => nn.applyInto(out, 'relu', deadX), DisposedError);
  assert.ok(same(out.toTypedArray(), new Float32Array(xs.length)), 'out untouched by the failed calls');
  x.dispose();
  out.dispose();
});

test('applyInto is not differentiable: inside grad it throws instead of overwriting traced data', () => {
  const x = array(xs);
  assert.throws(() => grad((t: NDArray) => sum(nn.applyInto(t, 'relu', t)))(x), (e) => e instanceof ValueError && /cannot write into an array while a gradient transform traces it/.test(e.message));
  const buffer = zeros([xs.length]);
  assert.throws(() => grad((t: NDArray) => sum(nn.applyInto(buffer, 'relu', t)))(x), ValueError);
  assert.ok(same(x.toTypedArray(), xs), 'x untouched');
  // Outside a trace, an untraced constant inside grad is fine (it is not traced data).
  const g = grad((t: NDArray) => { nn.applyInto(buffer, 'relu', x); return sum(nn.relu(t)); })(x);
  assert.ok(same(buffer.toTypedArray(), nn.relu(x).toTypedArray()));
  g.dispose();
});
