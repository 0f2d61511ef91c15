// The float64 WebAssembly kernels (src/kernels/wasm/assembly/float64/: `<name>F64`, `<name>F64Grad`), called
// directly on float64 arrays in the heap (dispatch does not route to them yet): every float64
// fixture point (mpmath, 60 digits) of each activation, forward and backward (g = 1), within
// 2 float64 ULP, the float64 contract; then the edges (±0, ±∞, NaN, subnormals, kinks, large |x|)
// and other g against the spec's float64 formulas: NaN, infinities and signed zeros exactly,
// finite values within 2 ULP of the exact value plus the spec's own error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { array, grad, nn, setBackend, type NDArray } from '../src/index.js';
import type { ElementwiseSpec } from '../src/nn/index.js';
import type { ElementwiseName } from '../src/nn/activations/spec.js';
import { wasmExports, wasmFloat64Kernels } from '../src/kernels/wasm/kernels.js';
import { ulpErrorF64 } from './helpers/ulp.js';
import { loadFixture, num, dd, type JsonNumber } from './helpers/fixtures.js';

type Point = [JsonNumber, [JsonNumber, JsonNumber], [JsonNumber, JsonNumber]];
interface ActivationFixture { cases: { params: Record<string, number>; dtype: 'float32' | 'float64'; points: Point[] }[] }
type GradKernel = (dst: number, x: number, g: number, n: number, a: number, b: number) => void;

const F64_ULP = 2;
const NAMES = [
  'relu', 'relu6', 'relu2', 'hardTanh', 'leakyRelu', 'hardShrink', 'softshrink', 'step', 'softsign', 'hardswish',
  'sigmoid', 'tanh', 'silu', 'elu', 'selu', 'celu', 'softplus', 'logSigmoid', 'geluFastApprox', 'geluApprox', 'mish', 'gelu',
] as const;

const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const specOf = (name: string) => nn.ACTIVATIONS[name as keyof typeof nn.ACTIVATIONS].spec as unknown as ElementwiseSpec;

/** A float64 array in the heap holding xs (padded: arrays of 512 bytes or less live outside it). */
function heapArray(xs: ArrayLike<number>) {
  const data = new Float64Array(Math.max(xs.length, 80));
  data.set(Array.from(xs));
  const a = array(data);
  assert.ok(a.storage.heapOffset !== 0, 'the array lives in the heap');
  return a;
}

/** The float64 kernels of an activation, through the typed lookup. */
function kernels(name: string) {
  const k = wasmFloat64Kernels(name as ElementwiseName);
  assert.ok(k, `${name} has float64 kernels`);
  assert.equal(typeof k.forward, 'function', `${name}F64 is exported`);
  assert.equal(typeof k.backward, 'function', `${name}F64Grad is exported`);
  return k;
}

function forward(name: string, xs: ArrayLike<number>, p: number[]): Float64Array {
  const k = kernels(name).forward;
  const x = heapArray(xs), out = heapArray(new Float64Array(xs.length));
  k(out.storage.heapOffset, x.storage.heapOffset, xs.length, p[0] ?? 0, p[1] ?? 0);
  const r = (out.toTypedArray() as Float64Array).slice(0, xs.length);
  x.dispose(); out.dispose();
  return r;
}

function backward(name: string, xs: ArrayLike<number>, gs: ArrayLike<number>, p: number[]): Float64Array {
  const k = kernels(name).backward;
  const x = heapArray(xs), g = heapArray(gs), out = heapArray(new Float64Array(xs.length));
  k(out.storage.heapOffset, x.storage.heapOffset, g.storage.heapOffset, xs.length, p[0] ?? 0, p[1] ?? 0);
  const r = (out.toTypedArray() as Float64Array).slice(0, xs.length);
  x.dispose(); g.dispose(); out.dispose();
  return r;
}

// A derivative that underflows to zero may do so with either sign (as in scripts/accuracy.ts).
const derivErr = (got: number, ref: [number, number]) => (got === 0 && ref[0] === 0 ? 0 : ulpErrorF64(got, ref));

const measured: string[] = [];

for (const name of NAMES) {
  const spec = specOf(name);
  test(`[wasm f64] ${name}: float64 fixtures, f and g·f' (g = 1), within ${F64_ULP} ULP of mpmath`, () => {
    const fixture = loadFixture<ActivationFixture>(`activations/${spec.mlxName}.json`);
    const cases = fixture.cases.filter((c) => c.dtype === 'float64');
    assert.ok(cases.length > 0);
    const problems: string[] = [];
    let worstF = 0, worstD = 0, worstFX = NaN, worstDX = NaN;
    for (const c of cases) {
      const params = spec.params.map((p) => c.params[snake(p.name)] ?? p.default);
      const xs = c.points.map((p) => num(p[0]));
      const y = forward(name, xs, params);
      const d = backward(name, xs, xs.map(() => 1), params);
      c.points.forEach((p, i) => {
        const ef = ulpErrorF64(y[i], dd(p[1]));
        const ed = derivErr(d[i], dd(p[2]));
        if (!(ef <= F64_ULP)) problems.push(`${JSON.stringify(c.params)} f(${xs[i]}) = ${y[i]}: ${ef} ULP`);
        if (!(ed <= F64_ULP)) problems.push(`${JSON.stringify(c.params)} f'(${xs[i]}) = ${d[i]}: ${ed} ULP`);
        if (ef > worstF) { worstF = ef; worstFX = xs[i]; }
        if (ed > worstD) { worstD = ed; worstDX = xs[i]; }
      });
    }
    measured.push(`${name}: f ${worstF.toFixed(3)} (x = ${worstFX}), f' ${worstD.toFixed(3)} (x = ${worstDX}) ULP`);
    assert.deepEqual(problems.slice(0, 10), []);
  });
}

interface SweepFixture { cases: Record<string, Point[]> }

// Dense references (scripts/fixtures/float64.py, mpmath) for the kernels that are plain float64
// around a double-double exponential: at the zero of f' and its Taylor window's edges, where the
// careful path starts, subnormals and the tails. In x order (blocks of one kind: mostly the main
// path, or all careful) and shuffled (careful lanes among main ones).
for (const [name, points] of Object.entries(loadFixture<SweepFixture>('float64/kernels.json').cases)) {
  test(`[wasm f64] ${name}: ${points.length} dense mpmath points, f and f' within ${F64_ULP} ULP, sorted and shuffled`, () => {
    const problems: string[] = [];
    let worstF = 0, worstD = 0;
    let seed = 12345;
    const order = points.map((_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      const j = seed % (i + 1);
      [order[i], order[j]] = [order[j], order[i]];
    }
    for (const idx of [points.map((_, i) => i), order]) {
      const xs = idx.map((i) => num(points[i][0]));
      const y = forward(name, xs, []);
      const d = backward(name, xs, xs.map(() => 1), []);
      idx.forEach((p, i) => {
        const ef = ulpErrorF64(y[i], dd(points[p][1]));
        const ed = derivErr(d[i], dd(points[p][2]));
        if (!(ef <= F64_ULP)) problems.push(`f(${xs[i]}) = ${y[i]}: ${ef} ULP`);
        if (!(ed <= F64_ULP)) problems.push(`f'(${xs[i]}) = ${d[i]}: ${ed} ULP`);
        worstF = Math.max(worstF, ef);
        worstD = Math.max(worstD, ed);
      });
    }
    measured.push(`${name} (dense): f ${worstF.toFixed(3)}, f' ${worstD.toFixed(3)} ULP`);
    assert.deepEqual(problems.slice(0, 10), []);
  });
}

// The same points on the JS path (backend 'js': the specs' f and df in float64, what platforms
// without WebAssembly SIMD run), through the public functions and grad.
for (const [name, points] of Object.entries(loadFixture<SweepFixture>('float64/kernels.json').cases)) {
  test(`[js f64] ${name}: ${points.length} dense mpmath points, f and f' within ${F64_ULP} ULP`, () => {
    const fn = (nn as unknown as Record<string, (x: NDArray) => NDArray>)[name];
    const x = array(new Float64Array(points.map((p) => num(p[0]))));
    setBackend('js');
    let y: ArrayLike<number>, d: ArrayLike<number>;
    try {
      y = fn(x).toTypedArray();
      d = grad((v: NDArray) => fn(v).sum())(x).toTypedArray();
    } finally {
      setBackend('wasm');
    }
    const problems: string[] = [];
    points.forEach((p, i) => {
      const ef = ulpErrorF64(y[i], dd(p[1])), ed = derivErr(d[i], dd(p[2]));
      if (!(ef <= F64_ULP)) problems.push(`f(${num(p[0])}) = ${y[i]}: ${ef} ULP`);
      if (!(ed <= F64_ULP)) problems.push(`f'(${num(p[0])}) = ${d[i]}: ${ed} ULP`);
    });
    assert.deepEqual(problems.slice(0, 10), []);
  });
}

const EDGES = [
  NaN, -Infinity, Infinity, -0, 0, 5e-324, -5e-324, 1.5e-323, -1.5e-323, 2.2250738585072014e-308, -2.2250738585072014e-308,
  1e-300, -1e-300, 1e-20, -1e-20, 2 ** -28, -(2 ** -28), 1e-8, -1e-8, 0.25, -0.25, 0.5, -0.5, 1, -1, 1.5, -1.5, 2, -2, 3, -3,
  6, -6, 10, -10, 19, -19, 20, -20, 37.5, -37.5, 40, -40, 41, -41, 50, -50, 51, -51, 300, -300, 500, -500, 708, -708, 709.5,
  -709.5, 740, -740, 745, -745, 746, -746, 800, -800, 1400, -1400, 1e4, -1e4, 1e20, -1e20, 2 ** 60, -(2 ** 60), 1e300, -1e300,
  1.7976931348623157e308, -1.7976931348623157e308,
  // next to the zeros of f' of the GELU approximations (≈ −0.75) and silu (≈ −1.278), inside and
  // outside the Taylor window
  -0.751154255441289, -0.75115425544129, -0.7511542584412889, -0.782354255441289, -0.719954255441289, -0.7824, -0.7198,
  -1.2784645427610748, -1.2784645427610728, -1.2784645437610738, -1.2784655427610738, -1.3097, -1.2472,
];

/**
 * got against the spec's value r: NaN, ±∞ and zeros exactly (zeros with their sign, unless both
 * are zeros of an underflowed derivative), finite values within 3 ULP of r (2 ULP of the exact
 * value plus the spec's own ≤ 1 float64 ULP... documented in the specs).
 */
function agrees(got: number, r: number, derivative: boolean): boolean {
  if (Number.isNaN(r) || !Number.isFinite(r)) return Object.is(got, r);
  if (r === 0) return derivative ? got === 0 || Math.abs(got) <= 5e-324 : Object.is(got, r);
  return ulpErrorF64(got, r) <= 3;
}

for (const name of NAMES) {
  const spec = specOf(name);
  test(`[wasm f64] ${name}: edges, kinks and other g agree with the spec's float64 formulas`, () => {
    const fixture = loadFixture<ActivationFixture>(`activations/${spec.mlxName}.json`);
    const sets = fixture.cases.filter((c) => c.dtype === 'float64').map((c) => spec.params.map((p) => c.params[snake(p.name)] ?? p.default));
    const problems: string[] = [];
    for (const params of sets) {
      const [a = 0, b = 0] = params;
      const kinks = spec.test.kinks(a, b).flatMap((k) => [k, k * (1 - 2 ** -52), k * (1 + 2 ** -52), k + 2 ** -40, k - 2 ** -40]);
      const xs = [...EDGES, ...kinks];
      const y = forward(name, xs, params);
      xs.forEach((x, i) => {
        const r = spec.f(x, a, b, true);
        if (!agrees(y[i], r, false)) problems.push(`${JSON.stringify(params)} f(${x}) = ${y[i]}, spec ${r}`);
      });
      for (const g of [1, -2.5, 0.75, 0, -0]) {
        const d = backward(name, xs, xs.map(() => g), params);
        xs.forEach((x, i) => {
          const r = g * spec.df(x, a, b);
          if (!agrees(d[i], r, true)) problems.push(`${JSON.stringify(params)} g = ${g}: g·f'(${x}) = ${d[i]}, spec ${r}`);
        });
      }
    }
    assert.deepEqual(problems.slice(0, 10), []);
  });
}

// silu's main lanes (mulSigmoidMain, sigmoidSlopeMain) and its careful path meet at |x| = 700 and
// 2^-60 (forward) and at −700, 50 and the Taylor window's edges (backward): both sides of each, in
// a block of 32 equal elements (the block's path) and alone (the careful path), against mpmath.
const SILU_EDGES: [number, [number, number], [number, number]][] = [
  [699.9999999999999, [699.9999999999999, 0.0], [1.0, 0.0]],
  [700.0000000000001, [700.0000000000001, 0.0], [1.0, 0.0]],
  [699.9993, [699.9993, 0.0], [1.0, 0.0]],
  [700.0006999999999, [700.0006999999999, 0.0], [1.0, 0.0]],
  [-699.9999999999999, [-6.901773580632623e-302, 1.159953e-318], [-6.891913904088863e-302, 4.57874e-318]],
  [-700.0000000000001, [-6.901773580631056e-302, -5.10045e-318], [-6.891913904087297e-302, -3.377364e-318]],
  [-699.9993, [-6.906599606861272e-302, -4.335115e-318], [-6.896733026127747e-302, 1.837904e-318]],
  [-700.0006999999999, [-6.896950926609899e-302, -7.83326e-319], [-6.887098149424662e-302, 1.234734e-318]],
  [49.999999999999986, [49.999999999999986, -9.643749239819723e-21], [1.0, 9.45087425502333e-21]],
  [50.000000000000014, [50.000000000000014, -9.643749239819455e-21], [1.0, 9.450874255023066e-21]],
  [49.99995, [49.99995, -9.644221795105043e-21], [1.0, 9.451337166318314e-21]],
  [50.000049999999995, [50.000049999999995, -9.643276707679199e-21], [1.0, 9.450411366390957e-21]],
  [-1.3409645427610735, [-0.278050988743473, -2.7654707070399587e-18], [-0.013045218827293448, 4.202620201068842e-20]],
  [-1.340964542761074, [-0.278050988743473, 3.027770214293969e-18], [-0.013045218827293537, -1.7886677249806845e-19]],
  [-1.2159645427610735, [-0.27802712593101686, 4.1604083378561994e-18], [0.014190448010443783, 2.7618114086097563e-19]],
  [-1.215964542761074, [-0.27802712593101686, -2.1414165065201496e-18], [0.014190448010443679, -6.002847455817499e-19]],
  [8.673617379884034e-19, [4.336808689942017e-19, 1.8807909613156592e-37], [0.5, 4.336808689942017e-19]],
  [8.673617379884035e-19, [4.336808689942018e-19, 1.88079096131566e-37], [0.5, 4.336808689942018e-19]],
  [8.673617379884037e-19, [4.336808689942019e-19, 1.880790961315661e-37], [0.5, 4.336808689942019e-19]],
  [1.3010426069826053e-18, [6.505213034913027e-19, 4.231779662960235e-37], [0.5, 6.505213034913027e-19]],
  [-8.673617379884034e-19, [-4.336808689942017e-19, 1.8807909613156592e-37], [0.5, -4.336808689942017e-19]],
  [-8.673617379884035e-19, [-4.336808689942018e-19, 1.88079096131566e-37], [0.5, -4.336808689942018e-19]],
  [-8.673617379884037e-19, [-4.336808689942019e-19, 1.880790961315661e-37], [0.5, -4.336808689942019e-19]],
  [-1.3010426069826053e-18, [-6.505213034913027e-19, 4.231779662960235e-37], [0.5, -6.505213034913027e-19]],
];

test('[wasm f64] silu: both sides of the main lanes\' bounds, in a block and alone, within 2 ULP and the same bits', () => {
  for (const [x, f, d] of SILU_EDGES) {
    const block = new Float64Array(32).fill(x);
    const y = forward('silu', block, []), y1 = forward('silu', [x], []);
    const dx = backward('silu', block, block.map(() => 1), []), dx1 = backward('silu', [x], [1], []);
    assert.ok(ulpErrorF64(y[0], f) <= F64_ULP, `silu(${x}) = ${y[0]}: ${ulpErrorF64(y[0], f)} ULP`);
    assert.ok(derivErr(dx[0], d) <= F64_ULP, `silu'(${x}) = ${dx[0]}: ${derivErr(dx[0], d)} ULP`);
    assert.ok(Object.is(y1[0], y[0]) && Object.is(dx1[0], dx[0]), `silu(${x}): the same bits alone`);
    assert.ok(y.every((v) => Object.is(v, y[0])) && dx.every((v) => Object.is(v, dx[0])), `silu(${x}): every lane the same`);
  }
});

// tanh's forward is bounded at |x| = 20 (it rounds to ±1 from 19.06 on; the bound at 19 gave
// 1 − 2^-53 for every larger |x|); its backward's main lanes end at |x| = 350, past which the
// careful blocks take over (sech² x is subnormal from 354 on). Both sides, in a block of 32 equal
// elements and alone, against mpmath (x, tanh x, sech² x as double-doubles).
const TANH_EDGES: [number, [number, number], [number, number]][] = [
  [19.0, [0.9999999999999999, 4.823964662155506e-17], [1.2556531168192118e-16, -6.55019637311288e-33]],
  [19.06, [0.9999999999999999, 5.533908192578774e-17], [1.113664410734558e-16, 4.755404509788997e-33]],
  [19.1, [1.0, -5.140209109690528e-17], [1.0280418219381054e-16, 4.7895528159961055e-33]],
  [20.0, [1.0, -8.496708510583178e-18], [1.6993417021166355e-17, 3.5311072107819773e-34]],
  [25.0, [1.0, -3.8574996959278356e-22], [7.714999391855671e-22, -1.5018738034574118e-38]],
  [349.99, [1.0, 0.0], [4.023542088869563e-304, -1.308e-320]],
  [349.9999999999999, [1.0, 0.0], [3.943870617504805e-304, -1.344e-320]],
  [350.0, [1.0, 0.0], [3.943870617503908e-304, 3.394e-321]],
  [350.00000000000006, [1.0, 0.0], [3.94387061750346e-304, 1.1813e-320]],
  [350.01, [1.0, 0.0], [3.865776746970895e-304, 3.1986e-320]],
  [354.0, [1.0, 0.0], [1.3230212014553631e-307, 5e-324]],
  [360.0, [1.0, 0.0], [8.12892320967e-313, 0.0]],
  [1e-5, [9.999999999666668e-06, -4.5758701526937e-22], [0.9999999999, 8.280703750214715e-18]],
  [0.17328679513998632, [0.1715728752538099, -6.5701141640786844e-18], [0.9705627484771406, -4.7921308622769434e-17]], // E = √2, j = 0 → −1
];

test('[wasm f64] tanh: both sides of its bounds (19-20 forward, 350 backward), in a block and alone, within 2 ULP and the same bits; ±1 from |x| = 20 on', () => {
  for (const [ax, f, d] of TANH_EDGES) {
    for (const x of [ax, -ax]) {
      const want: [number, number] = x > 0 ? f : [-f[0], -f[1]];
      const block = new Float64Array(32).fill(x);
      const y = forward('tanh', block, []), y1 = forward('tanh', [x], []);
      const dx = backward('tanh', block, block.map(() => 1), []), dx1 = backward('tanh', [x], [1], []);
      assert.ok(ulpErrorF64(y[0], want) <= F64_ULP, `tanh(${x}) = ${y[0]}: ${ulpErrorF64(y[0], want)} ULP`);
      assert.ok(derivErr(dx[0], d) <= F64_ULP, `tanh'(${x}) = ${dx[0]}: ${derivErr(dx[0], d)} ULP`);
      if (ax >= 20) assert.equal(y[0], Math.sign(x), `tanh(${x}) rounds to ${Math.sign(x)}`);
      assert.ok(Object.is(y1[0], y[0]) && Object.is(dx1[0], dx[0]), `tanh(${x}): the same bits alone`);
      assert.ok(y.every((v) => Object.is(v, y[0])) && dx.every((v) => Object.is(v, dx[0])), `tanh(${x}): every lane the same`);
    }
  }
});

test('[wasm f64] every length: the 1-3 element tails and in-place outputs', () => {
  const xs = Array.from({ length: 7 }, (_, i) => -1.25 + 0.5 * i);
  for (const name of ['sigmoid', 'relu6', 'softplus', 'geluFastApprox', 'geluApprox', 'gelu']) {
    const spec = specOf(name);
    for (let n = 0; n <= 7; n++) {
      const full = forward(name, xs, []);
      const part = forward(name, xs.slice(0, n), []);
      assert.deepEqual(Array.from(part), Array.from(full.slice(0, n)), `${name}, n = ${n}`);
    }
    // dst = x: every element is read before it is written
    const e = wasmExports()!;
    const x = heapArray(xs);
    const g = heapArray(xs.map(() => 1));
    const before = (x.toTypedArray() as Float64Array).slice(0, 7);
    (e[`${name}F64Grad`] as GradKernel)(x.storage.heapOffset, x.storage.heapOffset, g.storage.heapOffset, 7, 0, 0);
    const got = (x.toTypedArray() as Float64Array).slice(0, 7);
    before.forEach((v, i) => assert.ok(ulpErrorF64(got[i], spec.df(v, 0, 0)) <= 3, `${name}' in place at ${v}`));
    x.dispose(); g.dispose();
  }
});

test('[wasm f64] the typed lookup: every activation tested has float64 kernels, the others none yet', () => {
  for (const name of Object.keys(nn.ACTIVATIONS)) {
    const k = wasmFloat64Kernels(name as ElementwiseName);
    assert.equal(k !== undefined, (NAMES as readonly string[]).includes(name), name);
  }
});

test('[wasm f64] measured max errors on the float64 fixtures', (t) => {
  for (const line of measured) t.diagnostic(line);
  assert.equal(measured.length, NAMES.length + 4);
});
