// Gradients of every activation, driven by the registry: derivatives through the public
// transforms against the mpmath fixtures (scripts/fixtures/generate.py) in ULPs, the row VJPs
// against their fixtures, central differences in float64, second derivatives (d2f) against
// differences of df and against closed forms, and the edge values the gradients issue names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as nl from '../src/index.js';
import { array, grad, jvp, vjp, nn, type NDArray } from '../src/index.js';
import type { ElementwiseSpec } from '../src/nn/index.js';
import { numberToF16, f16ToNumber, numberToBf16, bf16ToNumber } from '../src/core/half.js';
import { ulpErrorF32, ulpErrorF64 } from './helpers/ulp.js';
import { loadFixture, num, dd, type JsonNumber } from './helpers/fixtures.js';
import { centralDiff, diffNoise, directional, rng, stepAt } from './helpers/gradcheck.js';

type Fn = (x: unknown, ...params: unknown[]) => NDArray;
type Point = [JsonNumber, [JsonNumber, JsonNumber], [JsonNumber, JsonNumber]];
interface ActivationFixture { cases: { params: Record<string, number>; dtype: 'float32' | 'float64'; points: Point[] }[] }

// Derivative tolerances in ULPs of the output dtype. float32: 2 ULP (the kernels round spec.df
// once; measured max 0.5). float64: the float64 contract, 2 ULP, on both paths: the float64
// kernels (the default backend) and spec.df itself (backend 'js'); the measured maxima are in
// docs/gradients.md.
const DF32_ULP = 2;
const DF64_ULP = 2;

const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const elementwise = Object.values(nn.ACTIVATIONS).filter((e) => e.spec.kind === 'elementwise') as unknown as { spec: ElementwiseSpec; fn: Fn }[];
const gradOf = (fn: Fn, ...params: unknown[]) => grad((v: NDArray) => fn(v, ...params).sum());
const paramsOf = (spec: ElementwiseSpec, given: Record<string, number> = {}) => spec.params.map((p) => given[snake(p.name)] ?? given[p.name] ?? p.default);
// A sign-agnostic ULP error: a derivative that is zero may be computed with either sign.
const ulpOf = (ulp: typeof ulpErrorF32, got: number, ref: [number, number]) => (got === 0 && ref[0] === 0 ? 0 : ulp(got, ref));

/** Non-default parameters for a second pass of the float64 checks. */
const OTHER_PARAMS: Readonly<Record<string, Record<string, number>>> = {
  celu: { alpha: 2.5 }, elu: { alpha: 0.5 }, leakyRelu: { negativeSlope: 0.2 }, hardTanh: { minVal: -2, maxVal: 3 },
  hardShrink: { lambd: 1 }, softshrink: { lambd: 1 }, step: { threshold: 0.5 },
};

for (const { spec, fn } of elementwise) {
  test(`${spec.name}: grad within ${DF32_ULP} ULP (float32) and ${DF64_ULP} ULP (float64) of the mpmath derivative at every fixture point, on the kernels and the JS path`, (t) => {
    const fixture = loadFixture<ActivationFixture>(`activations/${spec.mlxName}.json`);
    for (const backend of ['wasm', 'js'] as const) {
      const worst = { float32: [0, NaN, ''], float64: [0, NaN, ''] } as Record<'float32' | 'float64', [number, number, string]>;
      nl.setBackend(backend);
      try {
        for (const c of fixture.cases) {
          const params = paramsOf(spec, c.params);
          const xs = c.points.map((p) => num(p[0]));
          const g = gradOf(fn, ...params)(array(c.dtype === 'float64' ? new Float64Array(xs) : new Float32Array(xs)));
          assert.equal(g.dtype, c.dtype);
          const got = g.toTypedArray();
          const ulp = c.dtype === 'float32' ? ulpErrorF32 : ulpErrorF64;
          c.points.forEach((p, i) => {
            const err = ulpOf(ulp, got[i], dd(p[2]));
            if (!(err <= worst[c.dtype][0])) worst[c.dtype] = [err, xs[i], JSON.stringify(c.params)];
          });
        }
      } finally {
        nl.setBackend('wasm');
      }
      t.diagnostic(`${backend}: max derivative error: float32 ${worst.float32[0].toFixed(3)} ULP, float64 ${worst.float64[0].toFixed(3)} ULP`);
      assert.ok(worst.float32[0] <= DF32_ULP, `${backend}, float32 ${worst.float32[2]}: ${worst.float32[0]} ULP at x = ${worst.float32[1]}`);
      assert.ok(worst.float64[0] <= DF64_ULP, `${backend}, float64 ${worst.float64[2]}: ${worst.float64[0]} ULP at x = ${worst.float64[1]}`);
    }
  });

  test(`${spec.name}: grad matches central differences in float64 at random and edge points; d2f matches differences of df`, () => {
    const r = rng(spec.name.length * 31 + spec.name.charCodeAt(1));
    const edges = [-745, -300, -100, -40, -30, -20, -10, -3.5, -1.25, -1e-3, 1e-3, 0.75, 2.5, 4.5, 10, 20, 30, 40, 100, 300, 1e4];
    const points = [...edges, ...Array.from({ length: 40 }, () => 16 * r() - 8)];
    for (const given of [{}, OTHER_PARAMS[spec.name]]) {
      if (given === undefined) continue;
      const [a = 0, b = 0] = paramsOf(spec, given);
      // Kinks (and their neighbourhoods) have no derivative to compare with.
      const kinks = spec.test.kinks(a, b);
      const xs = points.filter((x) => kinks.every((k) => Math.abs(x - k) > 8 * stepAt(x, true)));
      const got = gradOf(fn, ...paramsOf(spec, given))(array(new Float64Array(xs))).toTypedArray();
      const f = (x: number) => spec.f(x, a, b);
      const df = (x: number) => spec.df(x, a, b);
      xs.forEach((x, i) => {
        const h = stepAt(x, true);
        const fd = centralDiff(f, x, h);
        assert.ok(Math.abs(got[i] - fd) <= 1e-7 * Math.abs(fd) + diffNoise(f(x), h), `${spec.name}'(${x}; ${a}, ${b}) = ${got[i]}, finite difference ${fd}`);
        const fd2 = centralDiff(df, x, h);
        const d2 = spec.d2f(x, a, b);
        assert.ok(Math.abs(d2 - fd2) <= 1e-6 * Math.abs(fd2) + diffNoise(df(x), h), `${spec.name}''(${x}; ${a}, ${b}) = ${d2}, finite difference of f' ${fd2}`);
      });
    }
  });

  test(`${spec.name}: grad of grad is d2f, in float64 and float32; jvp of grad agrees; NaN in gives NaN out, ±Infinity finite`, () => {
    const d = paramsOf(spec);
    const [a = 0, b = 0] = d;
    const xs = [-50, -6, -2.5, -1, -0.3, 0.2, 0.9, 2, 3.5, 7, 60];
    const second = grad((u: NDArray) => gradOf(fn, ...d)(u).sum());
    const g64 = second(array(new Float64Array(xs))).toTypedArray();
    xs.forEach((x, i) => assert.ok(Object.is(g64[i], spec.d2f(x, a, b)), `${spec.name}''(${x}) = ${g64[i]}, d2f gives ${spec.d2f(x, a, b)}`));
    const g32 = second(array(new Float32Array(xs))).toTypedArray();
    xs.forEach((x, i) => assert.ok(Object.is(g32[i], Math.fround(spec.d2f(Math.fround(x), Math.fround(a), Math.fround(b)))), `float32 ${spec.name}''(${x}) = ${g32[i]}`));
    const [, [hv]] = jvp((u: NDArray) => gradOf(fn, ...d)(u), [array(new Float64Array(xs))], [array(new Float64Array(xs.map(() => 1)))]);
    assert.deepEqual([...hv.toTypedArray()], [...g64]);
    const edge = gradOf(fn, ...d)(array([NaN, -Infinity, Infinity])).toTypedArray();
    assert.ok(Number.isNaN(edge[0]), `${spec.name}'(NaN) = ${edge[0]}`);
    assert.ok(!Number.isNaN(edge[1]) && !Number.isNaN(edge[2]), `${spec.name}'(±∞) = ${edge[1]}, ${edge[2]}`);
    assert.ok(Number.isNaN(spec.d2f(NaN, a, b)), `${spec.name}''(NaN)`);
    for (const x of [-Infinity, Infinity]) assert.ok(!Number.isNaN(spec.d2f(x, a, b)), `${spec.name}''(${x}) is NaN`);
  });

  test(`${spec.name}: the gradient kernel rounds spec.df once, over all float32 magnitudes and in float16/bfloat16`, () => {
    const d = paramsOf(spec);
    const [a = 0, b = 0] = d.map(Math.fround);
    const bits = new Uint32Array(Array.from({ length: 1 << 15 }, (_, i) => i * (1 << 17) + 12345));
    const xs = new Float32Array(bits.buffer);
    const got = gradOf(fn, ...d)(array(xs)).toTypedArray();
    xs.forEach((x, i) => {
      const want = Math.fround(spec.df(x, a, b));
      // The exp-based kernels compute in float32 accuracy (2^-30): within 0.53 ULP, not always the
      // correctly rounded value (docs/design.md allows 1 ULP); zeros, signs, NaN and ±∞ exact.
      // A nonzero f' that underflows in float32 may round to either zero (exact zeros keep their sign).
      const ok = Object.is(got[i], want) || (Number.isNaN(got[i]) && Number.isNaN(want))
        || (want !== 0 && Number.isFinite(want) && ulpErrorF32(got[i], spec.df(x, a, b)) <= 0.53)
        || (got[i] === 0 && want === 0 && spec.df(x, a, b) !== 0);
      assert.ok(ok, `${spec.name}'(${x}) = ${got[i]}, expected ${want}`);
    });
    for (const [dtype, toNum, fromNum] of [['float16', f16ToNumber, numberToF16], ['bfloat16', bf16ToNumber, numberToBf16]] as const) {
      const values: number[] = [];
      for (let k = 0; k < 65536; k += 97) values.push(toNum(k));
      const g = gradOf(fn, ...d)(array(values, dtype));
      assert.equal(g.dtype, dtype);
      const out = g.toTypedArray();
      // The float32 kernel's result, rounded once more (it may be the neighbour of spec.df's).
      const via32 = gradOf(fn, ...d)(array(new Float32Array(values))).toTypedArray();
      values.forEach((v, i) => {
        const want = toNum(fromNum(Math.fround(spec.df(v, a, b))));
        const alt = toNum(fromNum(via32[i]));
        assert.ok(Object.is(out[i], want) || Object.is(out[i], alt) || (Number.isNaN(out[i]) && Number.isNaN(want)), `${dtype} ${spec.name}'(${v}) = ${out[i]}, expected ${want}`);
      });
    }
  });
}

test('the derivative edge values of the gradients issue hold in float32 (peers give 0 or NaN here)', () => {
  const at = (f: Fn, x: number) => gradOf(f)(array([x])).item() as number;
  const close = (got: number, want: number, what: string) => assert.ok(ulpErrorF32(got, want) <= 1, `${what} = ${got}, expected ${want}`);
  assert.equal(at(nn.elu as Fn, 100), 1);
  assert.equal(at(nn.elu as Fn, 1000), 1);
  assert.equal(at(nn.softplus as Fn, 100), 1);
  close(at(nn.sigmoid as Fn, 20), Math.exp(-20) / (1 + Math.exp(-20)) ** 2, "sigmoid'(20)");
  assert.equal(Number(at(nn.sigmoid as Fn, 20).toPrecision(3)), 2.06e-9);
  close(at(nn.tanh as Fn, 10), 4 * Math.exp(-20) / (1 + Math.exp(-20)) ** 2, "tanh'(10)");
  assert.equal(Number(at(nn.tanh as Fn, 10).toPrecision(2)), 8.2e-9);
  close(at(nn.gelu as Fn, -10), -7.618399745064e-22, "gelu'(-10)");
  assert.equal(at(nn.geluApprox as Fn, 1e13), 1);
  assert.ok(Object.is(at(nn.silu as Fn, -Infinity), -0));
  assert.ok(Object.is(at(nn.mish as Fn, -Infinity), -0));
  // the core ops share the kernels: tanh' is sech², not 1 − tanh², and σ' = e/(1 + e)²
  close(gradOf(nl.tanh as Fn)(array([10])).item() as number, 4 * Math.exp(-20) / (1 + Math.exp(-20)) ** 2, "core tanh'(10)");
  close(gradOf(nl.sigmoid as Fn)(array([-20])).item() as number, Math.exp(-20) / (1 + Math.exp(-20)) ** 2, "core sigmoid'(-20)");
  // kink conventions (docs/design.md, Semantics), through grad
  assert.deepEqual(gradOf(nn.relu as Fn)(array([-0, 0])).tolist(), [0, 0]);
  assert.deepEqual(gradOf(nn.leakyRelu as Fn)(array([0])).tolist(), [1]);
  assert.deepEqual(gradOf(nn.relu6 as Fn)(array([0, 6])).tolist(), [0, 0]);
  assert.deepEqual(gradOf(nn.hardTanh as Fn)(array([-1, 1])).tolist(), [0, 0]);
  assert.deepEqual(gradOf(nn.elu as Fn, 0.5)(array([0])).tolist(), [0.5]);
});

test('second derivatives against closed forms (float64, 1e-12 relative)', () => {
  const s = (x: number) => 1 / (1 + Math.exp(-x));
  const phi = (x: number) => Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI);
  const closed: [Fn, (x: number) => number][] = [
    [nn.sigmoid as Fn, (x) => s(x) * (1 - s(x)) * (1 - 2 * s(x))],
    [nn.tanh as Fn, (x) => -2 * Math.tanh(x) * (1 - Math.tanh(x) ** 2)],
    [nn.softplus as Fn, (x) => s(x) * (1 - s(x))],
    [nn.logSigmoid as Fn, (x) => -s(x) * (1 - s(x))],
    [nn.gelu as Fn, (x) => phi(x) * (2 - x * x)],
    [nn.silu as Fn, (x) => s(x) * (1 - s(x)) * (2 + x * (1 - 2 * s(x)))],
    [nn.softsign as Fn, (x) => -2 * Math.sign(x) / (1 + Math.abs(x)) ** 3],
    [(x: unknown) => nn.elu(x as NDArray, 0.7), (x) => (x > 0 ? 0 : 0.7 * Math.exp(x))],
    [(x: unknown) => nn.celu(x as NDArray, 0.7), (x) => (x >= 0 ? 0 : Math.exp(x / 0.7) / 0.7)],
    [nn.relu2 as Fn, (x) => (x > 0 ? 2 : 0)],
    [nn.hardswish as Fn, (x) => (x < -3 || x > 3 ? 0 : 1 / 3)],
  ];
  const xs = [-4.5, -2, -1.3, -0.6, -0.1, 0.05, 0.4, 1.1, 1.9, 3.3, 4.8];
  for (const [f, want] of closed) {
    const got = grad((u: NDArray) => gradOf(f)(u).sum())(array(new Float64Array(xs))).toTypedArray();
    xs.forEach((x, i) => assert.ok(Math.abs(got[i] - want(x)) <= 1e-12 * Math.abs(want(x)) + 1e-15, `${String(f.name || 'f')}''(${x}) = ${got[i]}, closed form ${want(x)}`));
  }
});

// ---- Row activations and prelu ----

interface RowFixture { cases: { dtype: 'float32' | 'float64'; axis: number; rows: { x: JsonNumber[]; g: JsonNumber[]; vjp: [JsonNumber, JsonNumber][] | null }[] }[] }
const ROW_FNS = { softmax: nn.softmax, log_softmax: nn.logSoftmax, softmin: nn.softmin, glu: nn.glu };
// VJP tolerances. float32: 1 ULP per entry (the lanes work in float64 and round once; measured
// 0.5). float64: entries of Jᵀg are differences (gᵢ − Σⱼ gⱼsⱼ) that cancel, and the lanes sum in
// plain float64 (no double-doubles), so an entry is held to 8 ULPs of the row's largest entry
// (measured ≤ 6 on rows of 64; per entry up to ~40 ULP where it is much smaller than the largest).
const ROW_F32_ULP = 1;
const ROW_F64_ULPS_OF_MAX = 8;
for (const [file, fn] of Object.entries(ROW_FNS)) {
  test(`${file}: vjp within ${ROW_F32_ULP} ULP (float32) and ${ROW_F64_ULPS_OF_MAX} ULPs of the row's largest entry (float64) of the mpmath Jᵀg`, (t) => {
    const fixture = loadFixture<RowFixture>(`rows/${file}.json`);
    const report: string[] = [];
    const worst = { float32: 0, float64: 0 };
    for (const c of fixture.cases) {
      const Ctor = c.dtype === 'float64' ? Float64Array : Float32Array;
      for (const row of c.rows) {
        if (row.vjp === null) continue; // rows with ±∞ or NaN: see the edge test below
        const xs = row.x.map(num);
        const [, [v]] = vjp((u: NDArray) => fn(u), [array(new Ctor(xs))], [array(new Ctor(row.g.map(num)))]);
        const got = v.toTypedArray();
        const refs = row.vjp.map(dd);
        const largest = Math.max(...refs.map((r) => Math.abs(r[0])));
        refs.forEach((ref, i) => {
          const err = c.dtype === 'float32'
            ? ulpOf(ulpErrorF32, got[i], ref)
            : Math.abs(got[i] - ref[0] - ref[1]) / Math.max(2 ** -52 * 2 ** Math.floor(Math.log2(largest || 1)), 2 ** -1074);
          worst[c.dtype] = Math.max(worst[c.dtype], err);
          if (!(err <= (c.dtype === 'float32' ? ROW_F32_ULP : ROW_F64_ULPS_OF_MAX))) report.push(`${c.dtype} row [${xs.slice(0, 4)}${xs.length > 4 ? ',…' : ''}] entry ${i}: ${got[i]} vs ${ref[0]} (${err})`);
        });
      }
    }
    t.diagnostic(`max error: float32 ${worst.float32.toFixed(3)} ULP; float64 ${worst.float64.toFixed(3)} ULPs of the row's largest entry`);
    assert.deepEqual(report.slice(0, 10), []);
  });
}

test('row VJPs at the edges: one probability ≈ 1, ±Infinity, ±3.4e38, NaN (finite wherever the forward is finite)', () => {
  // (+ 0 makes −0 and +0 compare equal: the sign of a zero cotangent carries no meaning here)
  const v = (f: (x: NDArray) => NDArray, x: number[], g: number[]) => (vjp(f, [array(x)], [array(g)])[1][0].tolist() as number[]).map((u) => u + 0);
  // s = [1 − e⁻³⁰, e⁻³⁰]: the plain s ⊙ (g − Σ g⊙s) gives 0 in float32; Jᵀg is ±s₀s₁
  const s1 = Math.exp(-30) / (1 + Math.exp(-30));
  const [d0, d1] = v(nn.softmax, [30, 0], [1, 0]);
  assert.ok(ulpErrorF32(d0, s1 * (1 - s1)) <= 1 && ulpErrorF32(d1, -s1 * (1 - s1)) <= 1, `softmax([30, 0]) vjp = ${d0}, ${d1}`);
  const [l0, l1] = v(nn.logSoftmax, [30, 0], [1, 0]); // [1 − s₀, −s₁]: 1 − s₀ is 0 in float32
  assert.ok(ulpErrorF32(l0, s1) <= 1 && ulpErrorF32(l1, -s1) <= 1, `logSoftmax([30, 0]) vjp = ${l0}, ${l1}`);
  // −∞ entries get nothing, +∞ entries make the lane constant: zero VJP
  assert.deepEqual(v(nn.softmax, [0, -Infinity], [0.5, 2]), [0, 0]);
  assert.deepEqual(v(nn.softmax, [Infinity, 0, Infinity], [1, 2, 3]), [0, 0, 0]);
  assert.deepEqual(v(nn.softmin, [0, Infinity], [0.5, 2]), [0, 0]);
  assert.deepEqual(v(nn.softmin, [-Infinity, 1], [0.5, 2]), [0, 0]);
  const mid = v(nn.softmax, [1, -Infinity, 2], [1, 5, -1]);
  assert.equal(mid[1], 0);
  assert.ok(Number.isFinite(mid[0]) && mid[0] === -mid[2]);
  // logSoftmax: gᵢ − sᵢ·Σg with the limit s (1/c on the c entries at +∞)
  assert.deepEqual(v(nn.logSoftmax, [0, -Infinity], [0.5, 2]), [-2, 2]);
  assert.deepEqual(v(nn.logSoftmax, [Infinity, 0, Infinity], [1, 2, 3]), [-2, 2, 0]);
  // glu: the gate is flat at b = ±∞ (∂b = 0, even for a = ±∞); a = ±∞ with a finite gate has the true, infinite ∂b
  assert.deepEqual(v(nn.glu, [3, -Infinity], [2]), [0, 0]);
  assert.deepEqual(v(nn.glu, [Infinity, Infinity], [2]), [2, 0]);
  assert.deepEqual(v(nn.glu, [-Infinity, 0], [2]), [1, -Infinity]);
  // ±3.4e38 (float32's edge): finite everywhere
  for (const [f, x] of [[nn.softmax, [3.4e38, -3.4e38]], [nn.softmin, [3.4e38, 0, -3.4e38]], [nn.logSoftmax, [3.4e38, -3.4e38]], [nn.logSoftmax, [-3.4e38, 0]], [nn.glu, [3.4e38, 1]], [nn.glu, [1, -3.4e38]]] as const) {
    const out = v(f, [...x], x.slice(0, f === nn.glu ? 1 : x.length).map((_, i) => 0.25 * (i + 1)));
    assert.ok(out.every(Number.isFinite), `${f.name}(${x}) vjp = ${out}`);
  }
  // NaN in a lane, or a lane of all −∞ (where the forward is NaN): NaN
  assert.ok(v(nn.softmax, [NaN, 0], [1, 1]).every(Number.isNaN));
  assert.ok(v(nn.softmax, [-Infinity, -Infinity], [1, 1]).every(Number.isNaN));
  assert.ok(v(nn.logSoftmax, [-Infinity, -Infinity], [1, 1]).every(Number.isNaN));
});

test('row activations and prelu: vjp against central differences and jvp, any axis, float64 and float32', () => {
  const r = rng(99);
  const cases: [string, (...xs: NDArray[]) => NDArray, number[][]][] = [
    ['softmax axis -1', (x) => nn.softmax(x), [[2, 3, 4]]],
    ['softmax axis 1', (x) => nn.softmax(x, 1), [[2, 3, 4]]],
    ['softmin axis 0', (x) => nn.softmin(x, 0), [[3, 2, 2]]],
    ['logSoftmax axis 1', (x) => nn.logSoftmax(x, 1), [[2, 5, 3]]],
    ['logSoftmax axis -1', (x) => nn.logSoftmax(x), [[3, 6]]],
    ['glu axis -1', (x) => nn.glu(x), [[3, 4]]],
    ['glu axis 0', (x) => nn.glu(x, 0), [[4, 2, 3]]],
    ['prelu α [3]', (x, w) => nn.prelu(x, w), [[2, 3], [3]]],
    ['prelu α [1], x broadcast', (x, w) => nn.prelu(x, w), [[3], [2, 1]]],
  ];
  for (const [name, fn, shapes] of cases) {
    for (let trial = 0; trial < 3; trial++) {
      const xs = shapes.map((s) => Array.from({ length: s.reduce((n, d) => n * d, 1) }, () => Math.fround(8 * r() - 4)));
      for (const [dtype, tol] of [['float64', 1e-7], ['float32', 2e-6]] as const) {
        const d = directional(fn, xs, shapes, r, dtype);
        assert.ok(Math.abs(d.viaVjp - d.fd) <= tol * d.scale, `${name} ${dtype}: vjp ${d.viaVjp} vs finite difference ${d.fd}`);
        assert.ok(Math.abs(d.viaVjp - d.viaJvp) <= (dtype === 'float64' ? 1e-13 : 1e-6) * d.scale, `${name} ${dtype}: vjp ${d.viaVjp} vs jvp ${d.viaJvp}`);
      }
    }
  }
  // prelu's kink: ∂x = α at 0 (the x ≤ 0 branch), ∂α = x there (0); NaN gives NaN in both
  const [gx, galpha] = grad((x: NDArray, w: NDArray) => nn.prelu(x, w).sum(), [0, 1])(array([0, NaN, -2]), array([0.25]));
  assert.deepEqual(gx.tolist(), [0.25, NaN, 0.25]);
  assert.deepEqual(galpha.tolist(), [NaN]);
  // PReLU's weight gets its gradient through the module
  const m = new nn.PReLU(2, 0.1);
  const [, g] = nn.valueAndGrad(m, (x: NDArray) => m.forward(x).sum())(array([[-1, 3], [-2, -4]]));
  assert.deepEqual((g.weight as NDArray).tolist(), [-3, -4]);
});
