// The gradient transforms over the core ops: every vjp rule against central finite differences
// (float64 reference; float64 and float32 gradients), vjp against jvp, un-broadcasting, ties,
// second derivatives of compositions, modules and nn.valueAndGrad, and the errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as nl from '../src/index.js';
import {
  array, grad, valueAndGrad, vjp, jvp, stopGradient, nn, type NDArray,
  DTypeError, ShapeError, ValueError, NonlinError,
} from '../src/index.js';
import type { Primitive } from '../src/core/tape.js';
import { centralDiff, diffNoise, directional, fromValues, rng, sizeOf, stepAt } from './helpers/gradcheck.js';

// Tolerances of a directional derivative ⟨ct, J·t⟩, relative to Σ‖gᵢ‖‖tᵢ‖ (see helpers/gradcheck.ts):
// float64 gradients against float64 central differences, whose own error is about 1e-10; float32
// gradients of float32-representable inputs, a few float32 roundings per op (2⁻²³ = 1.2e-7 each).
const TOL = { float64: 1e-7, float32: 2e-6 } as const;
// vjp and jvp compute the same bilinear form by different graphs: they agree to rounding.
const VJP_JVP_TOL = { float64: 1e-13, float32: 1e-6 } as const;

type Sampler = (r: () => number) => number;
const uniform = (lo: number, hi: number): Sampler => (r) => lo + (hi - lo) * r();
const awayFromZero = (lo: number, hi: number): Sampler => (r) => (r() < 0.5 ? -1 : 1) * uniform(lo, hi)(r);

interface OpCase {
  readonly shapes: readonly (readonly number[])[];
  readonly fn: (...xs: NDArray[]) => NDArray;
  /** One sampler per input (default uniform in [−3, 3]). */
  readonly sample?: readonly Sampler[];
  /** Unary ops: points where grad(sum(op(x))) is compared with a central difference elementwise. */
  readonly edges?: readonly number[];
  /** The op varies on a scale of 1 wherever x is (exp, tanh), not on the scale of x (see stepAt). */
  readonly absoluteStep?: boolean;
}

const cond = array([[true], [false], [true]]);
const unary = (f: (x: NDArray) => NDArray, edges: number[], sample?: Sampler, absoluteStep = false): OpCase => ({ shapes: [[2, 3]], fn: f, edges, absoluteStep, ...(sample ? { sample: [sample] } : {}) });

// One case per primitive that users reach through the core ops; the activations' primitives
// (and the transforms' own 'identity') are tested in autograd.activations.test.ts.
const OPS = {
  exp: unary(nl.exp, [-700, -100, -20, -1e-8, 0, 20, 700], undefined, true),
  expm1: unary(nl.expm1, [-50, -20, -1e-8, 1e-8, 1, 30, 700], undefined, true),
  log: unary(nl.log, [1e-300, 1e-10, 0.5, 1, 1e10, 1e300], uniform(0.1, 5)),
  log1p: unary(nl.log1p, [-0.999, -1e-10, 1e-10, 1, 1e10], uniform(-0.9, 5)),
  sqrt: unary(nl.sqrt, [1e-300, 1e-10, 4, 1e300], uniform(0.1, 5)),
  tanh: unary(nl.tanh, [-20, -10, -1e-5, 1e-5, 0.5, 10, 20], undefined, true),
  erf: unary(nl.erf, [-6, -3, -1e-5, 0, 1e-5, 0.5, 3, 6, 26], undefined, true),
  erfc: unary(nl.erfc, [-6, -3, -1e-5, 0, 1e-5, 0.5, 3, 6, 26], undefined, true),
  sigmoid: unary(nl.sigmoid, [-745, -100, -20, 0, 20, 36, 100], undefined, true),
  negative: unary(nl.negative, [-1e300, -1, 0, 1e-300]),
  abs: unary(nl.abs, [-1e300, -1, 1e-300, 2], awayFromZero(0.1, 3)),
  sign: unary(nl.sign, [-5, 5]),
  square: unary(nl.square, [-1e150, -1, 1e-200, 3, 1e150]),
  add: { shapes: [[3, 1], [4]], fn: nl.add },
  subtract: { shapes: [[2, 3], [3]], fn: nl.subtract },
  multiply: { shapes: [[3, 4], [3, 1]], fn: nl.multiply },
  divide: { shapes: [[2, 3], [1, 3]], fn: nl.divide, sample: [uniform(-3, 3), awayFromZero(0.5, 3)] },
  maximum: { shapes: [[3, 4], [4]], fn: nl.maximum },
  minimum: { shapes: [[4], [3, 4]], fn: nl.minimum },
  logaddexp: { shapes: [[3, 2], [2]], fn: nl.logaddexp, sample: [uniform(-30, 30), uniform(-30, 30)] },
  where: { shapes: [[1, 4], [3, 4]], fn: (x, y) => nl.where(cond, x, y) },
  sum: { shapes: [[2, 3, 4]], fn: (x) => nl.sum(x, [0, 2]) },
  max: { shapes: [[3, 5]], fn: (x) => nl.max(x, 1, true) },
  min: { shapes: [[3, 5]], fn: (x) => nl.min(x, 0) },
  logsumexp: { shapes: [[2, 3, 4]], fn: (x) => nl.logsumexp(x, [0, 2]), sample: [uniform(-20, 20)] },
  reshape: { shapes: [[2, 6]], fn: (x) => nl.multiply(nl.reshape(x, [3, 4]), array([1, 2, 3, 4], 'float64')) },
  broadcastTo: { shapes: [[3, 1]], fn: (x) => nl.broadcastTo(x, [2, 3, 4]) },
  transpose: { shapes: [[2, 3, 4]], fn: (x) => nl.multiply(nl.transpose(x, [2, 0, 1]), array([1, -2, 3], 'float64')) },
  concatenate: { shapes: [[2, 3], [2, 1]], fn: (x, y) => nl.multiply(nl.concatenate([x, y, x], 1), nl.arange(7).astype('float64')) },
  split: { shapes: [[2, 6]], fn: (x) => { const [a, b, c] = nl.split(x, [1, 4], 1); return nl.concatenate([nl.square(c), b, a], 1); } },
  cast: { shapes: [[5]], fn: (x) => nl.square(x.astype('float64')) },
  matmul: { shapes: [[2, 3, 4], [4, 2]], fn: nl.matmul },
} satisfies Record<Exclude<Primitive, 'identity' | 'activation' | 'activationGrad' | 'activationGrad2' | 'activationRow' | 'activationRowGrad' | 'prelu'>, OpCase>;

/** Random inputs for a case, float32-representable so that both dtypes see the same points. */
function inputsFor(c: OpCase, r: () => number): number[][] {
  return c.shapes.map((s, i) => Array.from({ length: sizeOf(s) }, () => Math.fround((c.sample?.[i] ?? uniform(-3, 3))(r))));
}

for (const [name, c] of Object.entries(OPS) as [string, OpCase][]) {
  test(`${name}: vjp matches central differences (float64 ${TOL.float64}, float32 ${TOL.float32}) and jvp`, () => {
    const r = rng(name.length * 7919 + name.charCodeAt(0));
    for (let trial = 0; trial < 4; trial++) {
      const xs = inputsFor(c, r);
      for (const dtype of ['float64', 'float32'] as const) {
        const d = directional(c.fn, xs, c.shapes as number[][], r, dtype);
        const scale = d.scale + 1e-300;
        assert.ok(Math.abs(d.viaVjp - d.fd) <= TOL[dtype] * scale, `${name} ${dtype}: vjp ${d.viaVjp} vs finite difference ${d.fd}`);
        assert.ok(Math.abs(d.viaVjp - d.viaJvp) <= VJP_JVP_TOL[dtype] * scale, `${name} ${dtype}: vjp ${d.viaVjp} vs jvp ${d.viaJvp}`);
      }
    }
    if (c.edges) {
      // Elementwise at edge points, float64: relative 1e-7, plus the difference's own rounding
      // where f is flat on a large value (erf near ±1) or subnormal (sigmoid(−745)).
      const f64 = (v: number) => c.fn(fromValues([v], [1])).item() as number;
      const xs = fromValues([...c.edges], [c.edges.length]);
      const g = grad((x: NDArray) => c.fn(x).sum())(xs).toTypedArray();
      c.edges.forEach((x, i) => {
        const h = stepAt(x, c.absoluteStep);
        const fd = centralDiff(f64, x, h);
        const tol = 1e-7 * Math.abs(fd) + diffNoise(f64(x), h);
        assert.ok(Math.abs(g[i] - fd) <= tol, `${name}'(${x}) = ${g[i]}, finite difference ${fd}`);
      });
    }
  });
}

test('derived ops differentiate through their primitives: mean, clip, stack, expandDims, squeeze, transpose(), T', () => {
  const r = rng(5);
  const cases: [string, (x: NDArray) => NDArray, number[]][] = [
    ['mean', (x) => nl.mean(x, 1), [3, 4]],
    ['clip', (x) => nl.clip(x, -1, 1.5), [3, 4]],
    ['stack', (x) => nl.multiply(nl.stack([x, nl.square(x)], 1), array([[1, 2, 3, 4], [5, 6, 7, 8]], 'float64')), [3, 4]],
    ['expandDims/squeeze', (x) => nl.squeeze(nl.multiply(nl.expandDims(x, 0), array([2], 'float64')), 0), [3, 4]],
    ['T', (x) => nl.multiply(x.T, array([[1], [2], [3], [4]], 'float64')), [3, 4]],
  ];
  for (const [name, fn, shape] of cases) {
    const xs = [Array.from({ length: sizeOf(shape) }, () => 4 * r() - 2)];
    const d = directional(fn, xs, [shape], r);
    assert.ok(Math.abs(d.viaVjp - d.fd) <= TOL.float64 * d.scale, `${name}: ${d.viaVjp} vs ${d.fd}`);
    assert.ok(Math.abs(d.viaVjp - d.viaJvp) <= VJP_JVP_TOL.float64 * d.scale, `${name}: vjp vs jvp`);
  }
});

test('un-broadcasting: the gradient of a broadcast input has its shape, summed over the broadcast axes', () => {
  const x = array([[1], [2], [3]]);
  const y = array([10, 20, 30, 40]);
  const [gx, gy] = grad((a: NDArray, b: NDArray) => nl.add(a, b).sum(), [0, 1])(x, y);
  assert.deepEqual(gx.shape, [3, 1]);
  assert.deepEqual(gx.tolist(), [[4], [4], [4]]);
  assert.deepEqual(gy.tolist(), [3, 3, 3, 3]);
  const [mx, my] = grad((a: NDArray, b: NDArray) => nl.multiply(a, b).sum(), [0, 1])(x, y);
  assert.deepEqual(mx.tolist(), [[100], [100], [100]]);
  assert.deepEqual(my.tolist(), [6, 6, 6, 6]);
  const s = array(2); // 0-d
  assert.deepEqual(grad((v: NDArray) => nl.multiply(y, v).sum())(s).shape, []);
  assert.equal(grad((v: NDArray) => nl.multiply(y, v).sum())(s).item(), 100);
  const c = array([[true], [false]]);
  const [wa, wb] = grad((a: NDArray, b: NDArray) => nl.where(c, a, b).sum(), [0, 1])(array([[1, 2, 3]]), array(5));
  assert.deepEqual(wa.tolist(), [[1, 1, 1]]);
  assert.deepEqual(wb.shape, []);
  assert.equal(wb.item(), 3);
  assert.deepEqual(grad((v: NDArray) => nl.broadcastTo(v, [2, 3, 2]).sum())(array([[1], [2], [3]])).tolist(), [[4], [4], [4]]);
  // keepdims either way
  assert.deepEqual(grad((v: NDArray) => nl.sum(v, 0, true).multiply(array([[1, 2]])).sum())(array([[1, 1], [1, 1]])).tolist(), [[1, 2], [1, 2]]);
  // prelu: alpha [3] against x [2, 3]; and x broadcast against a bigger alpha
  const px = array([[-1, 2, -3], [4, -5, -6]]);
  const [gpx, galpha] = grad((u: NDArray, w: NDArray) => nn.prelu(u, w).sum(), [0, 1])(px, array([0.5, 0.25, 2]));
  assert.deepEqual(gpx.tolist(), [[0.5, 1, 2], [1, 0.25, 2]]);
  assert.deepEqual(galpha.tolist(), [-1, -5, -9]);
  assert.deepEqual(grad((w: NDArray) => nn.prelu(px, w).sum())(array([0.1])).tolist(), [-15]);
  const [gsmall, gbig] = grad((u: NDArray, w: NDArray) => nn.prelu(u, w).sum(), [0, 1])(array([-2, 3]), array([[0.5, 0.5], [0.25, 0.25]]));
  assert.deepEqual(gsmall.tolist(), [0.75, 2]);
  assert.deepEqual(gbig.tolist(), [[-2, 0], [-2, 0]]);
});

test('ties and kinks of the core ops: maximum/minimum/max/min split evenly, abs\'(0) = 0, logaddexp at equal and infinite arguments', () => {
  const [ga, gb] = grad((a: NDArray, b: NDArray) => nl.maximum(a, b).sum(), [0, 1])(array([1, 2, 3]), array([1, 5, 0]));
  assert.deepEqual(ga.tolist(), [0.5, 0, 1]);
  assert.deepEqual(gb.tolist(), [0.5, 1, 0]);
  assert.deepEqual(grad((a: NDArray) => nl.minimum(a, 2).sum())(array([2, 1, 3])).tolist(), [0.5, 1, 0]);
  assert.deepEqual(grad((a: NDArray) => nl.max(a, 1).sum())(array([[3, 1, 3, 3], [0, 5, 1, 2]])).tolist(), [[1 / 3, 0, 1 / 3, 1 / 3].map(Math.fround), [0, 1, 0, 0]]);
  assert.deepEqual(grad((a: NDArray) => nl.min(a).sum())(array([2, -1, -1])).tolist(), [0, 0.5, 0.5]);
  assert.deepEqual(grad((a: NDArray) => nl.max(a).sum())(array([1, NaN])).tolist(), [NaN, NaN]);
  assert.deepEqual(grad((a: NDArray) => nl.maximum(a, 0).sum())(array([NaN, 1])).tolist(), [NaN, 1]);
  assert.deepEqual(grad((a: NDArray) => nl.abs(a).sum())(array([-2, 0, 3])).tolist(), [-1, 0, 1]);
  const [la, lb] = grad((a: NDArray, b: NDArray) => nl.logaddexp(a, b).sum(), [0, 1])(array([-Infinity, Infinity, 3, Infinity, 0]), array([-Infinity, Infinity, 3, 0, -Infinity]));
  assert.deepEqual(la.tolist(), [0.5, 0.5, 0.5, 1, 1]);
  assert.deepEqual(lb.tolist(), [0.5, 0.5, 0.5, 0, 0]);
  // expm1' = eˣ, not expm1(x) + 1 (which is 0 from x = −37 on in float64)
  assert.equal(grad((a: NDArray) => nl.expm1(a).sum())(array([-50], 'float64')).item(), Math.exp(-50));
  assert.deepEqual(grad((a: NDArray) => nl.sign(a).sum())(array([-1, 0, 2])).tolist(), [0, 0, 0]);
  // divide: ∂b = −(ct/b)·(a/b) stays finite where b² overflows
  const [, gden] = grad((a: NDArray, b: NDArray) => nl.divide(a, b).sum(), [0, 1])(array([3e38]), array([2e30]));
  assert.ok(Math.abs((gden.item() as number) / -7.5e-23 - 1) < 1e-6, `d(a/b)/db = ${gden.item()}`); // b² = 4e60 overflows float32
});

test('dtypes: gradients have the argument\'s dtype and flow through casts and promotions; ints are not differentiated', () => {
  const h = array([1, 2, -3], 'float16');
  const g = grad((v: NDArray) => nl.square(v.astype('float64')).sum())(h);
  assert.equal(g.dtype, 'float16');
  assert.deepEqual(g.tolist(), [2, 4, -6]);
  // float16 * float32 promotes to float32 inside multiply: the cast is recorded
  const g2 = grad((v: NDArray) => nl.multiply(v, array([0.5, 0.5, 0.5])).sum())(h);
  assert.equal(g2.dtype, 'float16');
  assert.deepEqual(g2.tolist(), [0.5, 0.5, 0.5]);
  assert.equal(grad((v: NDArray) => nl.sigmoid(v).sum())(array([0], 'bfloat16')).dtype, 'bfloat16');
  // through an int cast nothing flows (zero derivative, as in JAX and MLX)
  assert.deepEqual(grad((v: NDArray) => nl.add(v.astype('int32').astype('float32'), v).sum())(array([1.5, 2.5])).tolist(), [1, 1]);
  assert.deepEqual(grad((v: NDArray) => v.astype('int32').astype('float32').sum())(array([1.5])).tolist(), [0]);
  // weak scalars take the array's dtype
  assert.equal(grad((v: NDArray) => nl.multiply(v, 3).sum())(array([1], 'float64')).dtype, 'float64');
});

test('stopGradient: values pass, gradients do not; inputs are never mutated', () => {
  const x = array([1, 2, 3]);
  const before = x.tolist();
  assert.deepEqual(grad((v: NDArray) => nl.multiply(v, stopGradient(v)).sum())(x).tolist(), [1, 2, 3]);
  assert.deepEqual(stopGradient(x).tolist(), before);
  assert.deepEqual(grad((v: NDArray) => stopGradient(v).sum())(x).tolist(), [0, 0, 0]);
  assert.equal(x.node, undefined);
  assert.deepEqual(x.tolist(), before);
  const [value, gv] = valueAndGrad((v: NDArray) => nn.gelu(v).sum())(x);
  assert.equal(value.node, undefined, 'results leave the transform without their graph');
  assert.equal(gv.node, undefined);
  // a function that does not use its argument has a zero gradient of the argument's shape
  assert.deepEqual(grad((_v: NDArray, w: NDArray) => w.sum())(array([[1, 2]]), array([3])).tolist(), [[0, 0]]);
});

test('grad and valueAndGrad: argnums lists, trees of arrays, auxiliary outputs', () => {
  const f = (a: NDArray, b: NDArray, c: NDArray) => nl.multiply(nl.multiply(a, b), c).sum();
  const a = array([2]), b = array([3]), c = array([5]);
  assert.deepEqual(grad(f)(a, b, c).tolist(), [15]);
  assert.deepEqual(grad(f, 2)(a, b, c).tolist(), [6]);
  assert.deepEqual(grad(f, [2, 0])(a, b, c).map((g) => g.tolist()), [[6], [15]]);
  const [v, gs] = valueAndGrad(f, [1])(a, b, c);
  assert.equal(v.item(), 30);
  assert.deepEqual(gs[0].tolist(), [10]);
  // a tree: plain objects and lists of arrays, the gradient has the same structure
  const params = { w: array([1, -2]), layers: [{ b: array([0.5]) }, { b: array([-1]) }] };
  const loss = (p: typeof params) => nl.add(nl.square(p.w).sum(), nl.multiply(p.layers[0].b, p.layers[1].b).sum());
  const g = grad(loss)(params);
  assert.deepEqual(g.w.tolist(), [2, -4]);
  assert.deepEqual(g.layers.map((l) => l.b.tolist()), [[-1], [0.5]]);
  // [loss, ...aux]: the first entry is differentiated, the rest passed through
  const [out, gx] = valueAndGrad((x: NDArray) => [nl.square(x).sum(), x.tolist()] as const)(array([3]));
  assert.equal(out[0].item(), 9);
  assert.deepEqual(out[1], [3]);
  assert.deepEqual(gx.tolist(), [6]);
});

test('vjp and jvp: several outputs, several inputs, MLX signatures', () => {
  const x = array([1, 2], 'float64');
  const y = array([3, -1], 'float64');
  const fn = (a: NDArray, b: NDArray) => [nl.multiply(a, b), nl.exp(a).sum()];
  const [outs, vjps] = vjp(fn, [x, y], [array([1, 1], 'float64'), array(2, 'float64')]);
  assert.deepEqual(outs.map((o) => o.tolist()), [[3, -2], Math.exp(1) + Math.exp(2)]);
  assert.deepEqual(vjps[0].tolist(), [3 + 2 * Math.exp(1), -1 + 2 * Math.exp(2)]);
  assert.deepEqual(vjps[1].tolist(), [1, 2]);
  const [jouts, jvps] = jvp(fn, [x, y], [array([1, 0], 'float64'), array([0, 1], 'float64')]);
  assert.deepEqual(jouts[0].tolist(), [3, -2]);
  assert.deepEqual(jvps[0].tolist(), [3, 2]);
  assert.equal(jvps[1].item(), Math.exp(1));
  // an output that does not depend on the inputs has a zero jvp; an unused input a zero vjp
  const [, [jz]] = jvp((a: NDArray) => nl.add(array([1, 2], 'float64'), 0), [x], [x]);
  assert.deepEqual(jz.tolist(), [0, 0]);
  const [, [vz]] = vjp(() => array([1, 2]), [x], [array([1, 1])]);
  assert.deepEqual(vz.tolist(), [0, 0]);
});

test('second derivatives of compositions: Hessian-vector products by vjp of grad, jvp of grad, and finite differences', () => {
  const r = rng(11);
  const w = array([0.3, -1.2, 2, 0.7], 'float64');
  const cases: [string, (x: NDArray) => NDArray][] = [
    ['smooth core ops', (x) => nl.add(nl.multiply(nl.tanh(x), nl.sigmoid(x)), nl.divide(nl.erf(x), nl.add(nl.square(x), 1))).sum()],
    ['exp, log1p, sqrt, logsumexp', (x) => nl.add(nl.log1p(nl.exp(x)).sum(), nl.logsumexp(nl.multiply(x, w))).add(nl.sqrt(nl.add(nl.square(x), 2)).sum())],
    ['activations', (x) => nl.multiply(nn.mish(x), nn.gelu(nl.multiply(x, w))).add(nn.softplus(x)).sum()],
    ['softmax and logSoftmax', (x) => nl.add(nl.multiply(nn.softmax(x), w).sum(), nl.square(nn.logSoftmax(nl.multiply(x, w))).sum())],
    ['softmin and glu', (x) => nl.add(nl.square(nn.softmin(x)).multiply(w).sum(), nl.multiply(nn.glu(x), nn.glu(nl.multiply(x, w))).sum())],
    ['prelu, broadcasting, maximum, where', (x) => nl.multiply(nn.prelu(x, array([0.2], 'float64')), nl.maximum(nl.square(x), 0.1)).add(nl.where(array([true, false, true, false]), nl.exp(x), nl.square(x))).sum()],
  ];
  for (const [name, f] of cases) {
    const xs = [Array.from({ length: 4 }, () => 3 * r() - 1.5)];
    const d = directional((x) => grad(f)(x), xs, [[4]], r);
    assert.ok(Math.abs(d.viaVjp - d.fd) <= 1e-6 * d.scale, `${name}: ⟨ct, H·t⟩ ${d.viaVjp} vs finite difference ${d.fd}`);
    assert.ok(Math.abs(d.viaVjp - d.viaJvp) <= 1e-12 * d.scale, `${name}: vjp of grad ${d.viaVjp} vs jvp of grad ${d.viaJvp}`);
  }
  // nested transforms keep their perturbations apart (d/dx [x · d/dy (x + y)] = 1, not 2), also
  // when the inner function closes over the outer variable
  const c = array([1]);
  assert.deepEqual(grad((x: NDArray) => nl.multiply(x, grad((y: NDArray) => nl.add(x, y).sum())(c)).sum())(array([3])).tolist(), [1]);
  assert.deepEqual(grad((x: NDArray) => grad((y: NDArray) => nl.multiply(x, y).sum())(c).sum())(array([3, 4])).tolist(), [1, 1]);
  // softmax to third order: its backward's rule differentiates a composition of recorded ops
  const third = grad((u: NDArray) => grad((v: NDArray) => grad((z: NDArray) => nl.multiply(nn.softmax(z), w).sum())(v).multiply(w).sum())(u).sum());
  const x0 = array([0.1, -0.4, 0.8, 0.3], 'float64');
  const h2 = (v: NDArray) => grad((z: NDArray) => grad((q: NDArray) => nl.multiply(nn.softmax(q), w).sum())(z).multiply(w).sum())(v).sum().item() as number;
  const t3 = third(x0).toTypedArray();
  for (let i = 0; i < 4; i++) {
    const fd = centralDiff((e) => h2(nl.add(x0, array([0, 1, 2, 3].map((k) => (k === i ? e : 0)), 'float64'))), 0);
    assert.ok(Math.abs(t3[i] - fd) <= 1e-6 * (1 + Math.abs(fd)), `third derivative of softmax [${i}]: ${t3[i]} vs ${fd}`);
  }
});

class Block extends nn.Module {
  act = new nn.PReLU(3, 0.25);
  layers = [new nn.PReLU(1, 0.1), new nn.PReLU(3, 0.5)];
  scale = array([2]);
  forward(x: NDArray): NDArray {
    return nl.multiply(this.layers[1].forward(this.layers[0].forward(this.act.forward(x))), this.scale);
  }
}

test('modules: parameters() tree and update() round trip', () => {
  const m = new Block();
  const p = m.parameters();
  assert.deepEqual(Object.keys(p), ['act', 'layers', 'scale']);
  const tree = p as unknown as { act: { weight: NDArray }; layers: { weight: NDArray }[]; scale: NDArray };
  assert.equal(tree.act.weight, m.act.weight);
  assert.equal(tree.layers[1].weight, m.layers[1].weight);
  m.update(p);
  assert.equal(m.act.weight, tree.act.weight);
  const replaced = { act: { weight: array([1, 2, 3]) }, layers: [{ weight: array([7]) }, { weight: array([4, 5, 6]) }], scale: array([9]) };
  m.update(replaced);
  const again = m.parameters() as unknown as typeof replaced;
  assert.equal(again.act.weight, replaced.act.weight);
  assert.equal(again.layers[0].weight, replaced.layers[0].weight);
  assert.deepEqual(again.scale.tolist(), [9]);
  assert.throws(() => m.update({ nope: array([1]) }), ValueError);
});

test('nn.valueAndGrad: gradients of trainable parameters only, parameters restored, PReLU weight summed over broadcast axes', () => {
  const m = new Block();
  const x = array([[-1, 2, -3], [4, -5, 6]]);
  const lossFn = (v: NDArray) => nl.square(m.forward(v)).sum();
  const step = nn.valueAndGrad(m, lossFn);
  const originals = m.parameters();
  const [loss, grads] = step(x);
  assert.equal(loss.item(), lossFn(x).item());
  assert.deepEqual(Object.keys(grads), ['act', 'layers', 'scale']);
  // the model holds its own arrays again, untouched
  const now = m.parameters() as Record<string, unknown>;
  assert.equal(now.scale, (originals as Record<string, unknown>).scale);
  assert.equal(m.act.weight.node, undefined);
  // each gradient against a central difference of the loss in that parameter (float64 loss)
  const flat = (t: unknown): NDArray[] => (t instanceof nl.NDArray ? [t] : Object.values(t as object).flatMap(flat));
  const params = flat(m.trainableParameters());
  const gradList = flat(grads);
  assert.equal(params.length, gradList.length);
  params.forEach((p, k) => {
    assert.deepEqual(gradList[k].shape, p.shape);
    const g = gradList[k].toTypedArray();
    const base = p.toTypedArray();
    for (let i = 0; i < p.size; i++) {
      // The loss is quadratic in each single weight (prelu is linear in α and keeps the sign of
      // x for α > 0), so a central difference with a large step is exact up to float32 rounding.
      const lossAt = (e: number) => {
        const moved = base.slice();
        moved[i] += e;
        const q = array(moved);
        m.update(replaceLeaf(m.parameters(), p, q));
        try {
          return lossFn(x).item() as number;
        } finally {
          m.update(replaceLeaf(m.parameters(), q, p));
        }
      };
      const fd = (lossAt(0.1) - lossAt(-0.1)) / 0.2;
      assert.ok(Math.abs(g[i] - fd) <= 1e-3 * Math.max(1, Math.abs(fd)), `parameter ${k}[${i}]: ${g[i]} vs ${fd}`);
    }
  });
  // frozen parameters get no gradient
  m.freeze(['scale']);
  m.act.freeze();
  const [, frozenGrads] = nn.valueAndGrad(m, lossFn)(x);
  assert.deepEqual(Object.keys(frozenGrads), ['act', 'layers']);
  assert.deepEqual(frozenGrads.act, {});
  m.unfreeze();
  assert.deepEqual(Object.keys(nn.valueAndGrad(m, lossFn)(x)[1]), ['act', 'layers', 'scale']);
  // a module without parameters: an empty tree
  const relu = new nn.ReLU();
  assert.deepEqual(nn.valueAndGrad(relu, (v: NDArray) => relu.forward(v).sum())(x)[1], {});
});

/** The tree with the array `from` replaced by `to` (by identity). */
function replaceLeaf(tree: nn.ParameterTree, from: NDArray, to: NDArray): nn.ParameterTree {
  const swap = (v: unknown): unknown => (v === from ? to : v instanceof nl.NDArray ? v : Array.isArray(v) ? v.map(swap) : Object.fromEntries(Object.entries(v as object).map(([k, u]) => [k, swap(u)])));
  return swap(tree) as nn.ParameterTree;
}

test('bad input: typed errors that name the transform and the argument', () => {
  const x = array([1, 2]);
  const isErr = (type: typeof NonlinError, re: RegExp) => (e: unknown) => e instanceof type && re.test((e as Error).message);
  assert.throws(() => grad((v: NDArray) => nl.square(v))(x), isErr(ValueError, /^grad: the function returned an array of shape \[2\] \(2 elements\); expected a scalar/));
  assert.throws(() => valueAndGrad((v: NDArray) => nl.square(v))(x), isErr(ValueError, /^valueAndGrad: the function returned an array of shape \[2\]/));
  assert.throws(() => grad((v: NDArray, _w: NDArray) => v.sum(), 2)(x, x), isErr(ValueError, /^grad: argument 'argnums' is 2, but the function was called with 2 arguments; expected indices in \[0, 1\]$/));
  assert.throws(() => grad((v: NDArray) => v.sum(), -1), isErr(ValueError, /^grad: argument 'argnums' is -1; expected a non-negative integer/));
  assert.throws(() => grad((v: NDArray) => v.sum(), [0, 0]), isErr(ValueError, /argnums/));
  assert.throws(() => grad((v: NDArray) => v.sum())(array([1, 2], 'int32')), isErr(DTypeError, /^grad: argument 0 has dtype int32; expected a floating-point array/));
  assert.throws(() => grad((p: { w: unknown }) => array(1).sum())({ w: 3 }), isErr(ValueError, /^grad: argument 0\.w is 3; expected an array/));
  assert.throws(() => grad((_v: NDArray) => 3 as never)(x), isErr(ValueError, /^grad: the function returned 3; expected an array/));
  assert.throws(() => grad((v: NDArray) => v.astype('int32').sum())(x), isErr(DTypeError, /^grad: the function's output has dtype int32/));
  assert.throws(() => vjp((v: NDArray) => nl.square(v), [x], [array([1, 2, 3])]), isErr(ShapeError, /^vjp: cotangents\[0\] has shape \[3\]; expected \[2\], the shape of output 0$/));
  assert.throws(() => vjp((v: NDArray) => nl.square(v), [x], []), isErr(ValueError, /^vjp: argument 'cotangents' has 0 entries; expected 1, one per output$/));
  assert.throws(() => vjp((v: NDArray) => v, x as never, [x]), isErr(ValueError, /^vjp: argument 'primals' is a NDArray; expected a list of arrays$/));
  assert.throws(() => jvp((v: NDArray) => v, [x], [array([1])]), isErr(ShapeError, /^jvp: tangents\[0\] has shape \[1\]; expected \[2\], the shape of primal 0$/));
  assert.throws(() => jvp((v: NDArray) => v, [array([1], 'int32')], [x]), isErr(DTypeError, /^jvp: primals\[0\] has dtype int32/));
  const d3 = grad((u: NDArray) => grad((v: NDArray) => grad((z: NDArray) => nn.sigmoid(z).sum())(v).sum())(u).sum());
  assert.throws(() => d3(x), isErr(ValueError, /^grad: the third derivative of sigmoid is not implemented/));
  assert.throws(() => nn.valueAndGrad({} as never, () => x), isErr(ValueError, /^nn.valueAndGrad: argument 'model' is an object; expected an nn.Module$/));
  assert.throws(() => nn.valueAndGrad(new nn.ReLU(), 3 as never), isErr(ValueError, /^nn.valueAndGrad: argument 'lossFn' is 3; expected a function$/));
  assert.throws(() => grad(3 as never), isErr(ValueError, /^grad: argument 'fn' is 3; expected a function$/));
  // the tracing state is restored after an error inside the function
  assert.throws(() => grad((_v: NDArray): NDArray => { throw new Error('boom'); })(x), /boom/);
  assert.equal(nl.exp(x).node, undefined);
});
