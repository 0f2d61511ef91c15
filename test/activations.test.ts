// Every activation, driven by the registry: fixtures from scripts/fixtures/generate.py (mpmath,
// 60 digits) in ULPs, edges, module = function, 16-bit dtypes, properties, and MLX's own tests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { array, nn, type NDArray, ValueError, ShapeError, AxisError } from '../src/index.js';
import type { ElementwiseSpec } from '../src/nn/index.js';
import { ulpErrorF32, ulpErrorF64 } from './helpers/ulp.js';
import { loadFixture, num, dd, type JsonNumber } from './helpers/fixtures.js';
import { numberToF16, f16ToNumber, numberToBf16, bf16ToNumber } from '../src/core/half.js';

type Fn = (x: unknown, ...params: unknown[]) => NDArray;
type Point = [JsonNumber, [JsonNumber, JsonNumber], [JsonNumber, JsonNumber]];
interface ActivationFixture { cases: { params: Record<string, number>; dtype: 'float32' | 'float64'; points: Point[] }[] }

// Tolerances, in ULPs of the output dtype (docs/design.md, Numerics): f within 1 ULP in float32 and 2 in
// float64; the derivative within 2 ULP in float32 and in float64.
const F32_ULP = 1;
const F64_ULP = 2;
const DF32_ULP = 2;
const DF64_ULP = 2;

const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const entries = Object.values(nn.ACTIVATIONS);
const elementwise = entries.filter((e) => e.spec.kind === 'elementwise') as { spec: ElementwiseSpec; fn: unknown; Module: unknown; moduleArgs?: readonly unknown[] }[];
const call = (e: { fn: unknown }, x: unknown, ...params: unknown[]) => (e.fn as Fn)(x, ...params);

for (const entry of elementwise) {
  const { spec } = entry;
  test(`${spec.name}: f within ${F32_ULP} ULP (float32) and ${F64_ULP} ULP (float64), f' within ${DF32_ULP} ULP (float32) and ${DF64_ULP} ULP (float64) of mpmath`, () => {
    const fixture = loadFixture<ActivationFixture>(`activations/${spec.mlxName}.json`);
    assert.ok(fixture.cases.length > 0);
    const report: string[] = [];
    for (const c of fixture.cases) {
      const params = spec.params.map((p) => c.params[snake(p.name)] ?? p.default);
      const [a = 0, b = 0] = params;
      const xs = c.points.map((p) => num(p[0]));
      const input = array(c.dtype === 'float64' ? new Float64Array(xs) : new Float32Array(xs));
      const got = call(entry, input, ...params).toTypedArray();
      const ulp = c.dtype === 'float32' ? ulpErrorF32 : ulpErrorF64;
      let worst = 0, worstX = NaN, worstD = 0, worstDX = NaN;
      c.points.forEach((p, i) => {
        const err = ulp(got[i], dd(p[1]));
        if (!(err <= worst)) { worst = err; worstX = xs[i]; }
        // A derivative that underflows to zero may do so with either sign; f's zeros keep theirs.
        const dref = dd(p[2]);
        const dgot = c.dtype === 'float32' ? Math.fround(spec.df(xs[i], a, b)) : spec.df(xs[i], a, b);
        const derr = dgot === 0 && dref[0] === 0 ? 0 : ulp(dgot, dref);
        if (!(derr <= worstD)) { worstD = derr; worstDX = xs[i]; }
      });
      const bound = c.dtype === 'float32' ? F32_ULP : F64_ULP;
      if (!(worst <= bound)) report.push(`${c.dtype} ${JSON.stringify(c.params)}: f off by ${worst} ULP at x = ${worstX} (got ${got[xs.indexOf(worstX)]})`);
      if (!(worstD <= (c.dtype === 'float32' ? DF32_ULP : DF64_ULP))) report.push(`${c.dtype} ${JSON.stringify(c.params)}: f' off by ${worstD} ULP at x = ${worstDX}`);
    }
    assert.deepEqual(report, []);
  });

  test(`${spec.name}: NaN in gives NaN out; ±Infinity give the limits`, () => {
    const [lo, hi] = spec.test.limits;
    const got = call(entry, array([NaN, -Infinity, Infinity])).toTypedArray();
    assert.ok(Number.isNaN(got[0]), `f(NaN) = ${got[0]}`);
    assert.ok(Object.is(got[1], Math.fround(lo)), `f(-inf) = ${got[1]}, expected ${lo}`);
    assert.ok(Object.is(got[2], Math.fround(hi)), `f(+inf) = ${got[2]}, expected ${hi}`);
    const d = spec.params.map((p) => p.default);
    assert.ok(Number.isNaN(spec.df(NaN, d[0] ?? 0, d[1] ?? 0)), `f'(NaN)`);
    for (const x of [-Infinity, Infinity]) assert.ok(!Number.isNaN(spec.df(x, d[0] ?? 0, d[1] ?? 0)), `f'(${x}) is NaN`);
  });

  test(`${spec.name}: the module and the function give bitwise identical results`, () => {
    const x = array([-1e30, -100, -3, -1, -0.5, -1e-40, -0, 0, 1e-40, 0.5, 1, 3, 6, 100, 3e38, NaN]);
    const Module = entry.Module as new (...args: unknown[]) => nn.Module;
    const fromModule = new Module(...(entry.moduleArgs ?? [])).forward(x).toTypedArray();
    const fromFn = call(entry, x).toTypedArray();
    assert.deepEqual([...fromModule].map(String), [...fromFn].map(String));
    fromModule.forEach((v, i) => assert.ok(Object.is(v, fromFn[i])));
  });

  test(`${spec.name}: float16 and bfloat16 compute in float32 and round once; ints and bools give float32`, () => {
    const d = spec.params.map((p) => p.default);
    for (const [dtype, toNum, fromNum] of [['float16', f16ToNumber, numberToF16], ['bfloat16', bf16ToNumber, numberToBf16]] as const) {
      const values: number[] = [];
      for (let bits = 0; bits < 65536; bits += 7) values.push(toNum(bits));
      const out = call(entry, array(values, dtype));
      assert.equal(out.dtype, dtype);
      const got = out.toTypedArray();
      values.forEach((v, i) => {
        const want = toNum(fromNum(Math.fround(spec.f(v, Math.fround(d[0] ?? 0), Math.fround(d[1] ?? 0)))));
        assert.ok(Object.is(got[i], want) || (Number.isNaN(got[i]) && Number.isNaN(want)), `${dtype} ${spec.name}(${v}) = ${got[i]}, expected ${want}`);
      });
    }
    assert.equal(call(entry, array([1, 2], 'int32')).dtype, 'float32');
    assert.equal(call(entry, array([true, false])).dtype, 'float32');
    assert.equal(call(entry, [1, 2]).dtype, 'float32');
  });

  test(`${spec.name}: properties (monotonic: ${spec.test.monotonic}, range [${spec.test.range}]) and kinks`, () => {
    const d = spec.params.map((p) => p.default);
    const f32 = fc.float({ noNaN: true });
    fc.assert(fc.property(f32, f32, (u, v) => {
      const [lo, hi] = u <= v ? [u, v] : [v, u];
      const [flo, fhi] = call(entry, array([lo, hi])).toTypedArray();
      if (spec.test.monotonic && !(flo <= fhi)) return false;
      return flo >= spec.test.range[0] && flo <= spec.test.range[1] && fhi >= spec.test.range[0] && fhi <= spec.test.range[1];
    }), { numRuns: 2000, seed: 7 });
    // At and around each kink the kernel agrees with the spec's float64 formula rounded once.
    for (const k of spec.test.kinks(d[0] ?? 0, d[1] ?? 0)) {
      const xs = [k, k * (1 + 2 ** -23), k * (1 - 2 ** -23), k + 2 ** -149, k - 2 ** -149].map(Math.fround);
      const got = call(entry, array(xs)).toTypedArray();
      xs.forEach((x, i) => assert.ok(Object.is(got[i], Math.fround(spec.f(x, Math.fround(d[0] ?? 0), Math.fround(d[1] ?? 0)))), `${spec.name}(${x})`));
    }
  });
}

test('peer failures are exact here (float32)', () => {
  const close = (got: number, want: number, what: string) => assert.ok(ulpErrorF32(got, want) <= 1, `${what} = ${got}, expected ${want}`);
  close(nn.elu(array([-2.8e-8])).item() as number, Math.expm1(Math.fround(-2.8e-8)), 'elu(-2.8e-8)');
  close(nn.gelu(array([-10])).item() as number, -7.619853024160526e-23, 'gelu(-10)');
  assert.ok((nn.geluApprox(array([-10])).item() as number) < 0, 'geluApprox(-10) is a tiny negative number, not 0');
  close(nn.hardswish(array([6e37])).item() as number, Math.fround(6e37), 'hardswish(6e37)');
  close(nn.sigmoid(array([-100])).item() as number, 3.720075976020836e-44, 'sigmoid(-100)');
  close(nn.softplus(array([1e4])).item() as number, 1e4, 'softplus(1e4)');
  close(nn.logSigmoid(array([-1e4])).item() as number, -1e4, 'logSigmoid(-1e4)');
  const ls = nn.logSoftmax(array([1, 20])).toTypedArray();
  close(ls[1], -5.602796406145941e-9, 'logSoftmax([1, 20])[1]');
  close(ls[0], -19.000000005602796, 'logSoftmax([1, 20])[0]');
  close(nn.logSoftmax(array([1e8, 1e8])).toTypedArray()[0], -Math.LN2, 'logSoftmax([1e8, 1e8])');
});

test("MLX's own test values hold (python/tests/test_nn.py)", () => {
  const near = (got: unknown, want: number[], tol: number) => {
    const g = (got as NDArray).toTypedArray();
    want.forEach((w, i) => assert.ok(Math.abs(g[i] - w) <= tol, `${g[i]} vs ${w}`));
  };
  near(nn.gelu(array([1.15286231, -0.81037411, 0.35816911, 0.77484438, 0.66276414])), [1.0093501, -0.16925684, 0.22918941, 0.60498625, 0.49459383], 1e-6);
  assert.deepEqual(nn.step(array([-1, 0, 1])).tolist(), [0, 1, 1]);
  near(nn.elu(array([1, -1, 0])), [1, -0.6321, 0], 1e-4);
  near(new nn.ELU(1.1).forward(array([-1])), [-0.6953], 1e-4);
  near(nn.softmax(array([1, -1, 0])), [0.6652, 0.09, 0.2447], 1e-4);
  for (const v of [1, 1e4, 1e8, 1e20, 1e36]) near(nn.logSoftmax(array([[v, v]])), [-0.6931472, -0.6931472], 1e-7);
  assert.deepEqual(nn.hardswish(array([-3, -1.5, 0, 1.5, 3])).tolist(), [0, -0.375, 0, 1.125, 3]);
  near(nn.glu(array([[[1, 2, 3, 4]]])).reshape(-1), [0.952574, 1.96403], 1e-5);
  assert.deepEqual(nn.glu(array([[[1, 2, 3, 4]]])).shape, [1, 1, 2]);
});

interface RowFixture { cases: { dtype: 'float32' | 'float64'; axis: number; rows: { x: JsonNumber[]; y: [JsonNumber, JsonNumber][] }[] }[] }
const ROW_FNS = { softmax: nn.softmax, log_softmax: nn.logSoftmax, softmin: nn.softmin, glu: nn.glu };
for (const [file, fn] of Object.entries(ROW_FNS)) {
  test(`${file}: every fixture row within ${F32_ULP} ULP (float32) / ${F64_ULP} ULP (float64) of mpmath`, () => {
    const fixture = loadFixture<RowFixture>(`rows/${file}.json`);
    const report: string[] = [];
    for (const c of fixture.cases) {
      for (const row of c.rows) {
        const xs = row.x.map(num);
        const got = fn(array(c.dtype === 'float64' ? new Float64Array(xs) : new Float32Array(xs))).toTypedArray();
        const ulp = c.dtype === 'float32' ? ulpErrorF32 : ulpErrorF64;
        row.y.forEach((y, i) => {
          const err = ulp(got[i], dd(y));
          if (!(err <= (c.dtype === 'float32' ? F32_ULP : F64_ULP))) report.push(`${c.dtype} row [${xs.slice(0, 4)}${xs.length > 4 ? ',…' : ''}] entry ${i}: ${got[i]} is ${err} ULP off`);
        });
      }
    }
    assert.deepEqual(report.slice(0, 10), []);
  });
}

test('row activations: documented edge behaviour', () => {
  assert.deepEqual(nn.softmax(array([-Infinity, -Infinity])).tolist(), [NaN, NaN]);
  assert.deepEqual(nn.softmax(array([0, -Infinity])).tolist(), [1, 0]);
  assert.deepEqual(nn.softmax(array([Infinity, 0, Infinity])).tolist(), [0.5, 0, 0.5]);
  assert.deepEqual(nn.softmax(array([NaN, 0])).tolist(), [NaN, NaN]);
  assert.deepEqual(nn.softmax(array([1e30, -1e30])).tolist(), [1, 0]);
  assert.deepEqual(nn.softmax(array([[5], [7]])).tolist(), [[1], [1]]);
  assert.deepEqual(nn.softmax(array([[]])).shape, [1, 0]);
  assert.deepEqual(nn.logSoftmax(array([0, -Infinity])).tolist(), [0, -Infinity]);
  assert.deepEqual(nn.logSoftmax(array([-Infinity, -Infinity])).tolist(), [NaN, NaN]);
  assert.deepEqual(nn.logSoftmax(array([3])).tolist(), [0]);
  assert.deepEqual(nn.softmin(array([0, Infinity])).tolist(), [1, 0]);
  // Any axis, negative too: softmax over axis 0 of a 2x3 array is the transpose of axis -1 of its transpose.
  const x = array([[1, 2, 3], [4, 6, 8]]);
  assert.deepEqual(nn.softmax(x, 0).tolist(), nn.softmax(x.T, -1).T.tolist());
  assert.deepEqual(nn.logSoftmax(x, -2).tolist(), nn.logSoftmax(x, 0).tolist());
  assert.deepEqual(nn.glu(array([[1, 2], [3, 4], [5, 6], [7, 8]]), 0).shape, [2, 2]);
  const rows = nn.softmax(array([[1, 2, 3], [-5, 0, 5]])).sum(-1).tolist() as number[];
  rows.forEach((s) => assert.ok(Math.abs(s - 1) < 2 ** -22));
});

test('row activations: properties — rows sum to 1, logSoftmax = log(softmax), softmin = softmax(-x)', () => {
  const rowArb = fc.array(fc.float({ min: -80, max: 80, noNaN: true }), { minLength: 1, maxLength: 20 });
  fc.assert(fc.property(rowArb, (row) => {
    const x = array(row);
    const s = nn.softmax(x).toTypedArray();
    let total = 0;
    for (const v of s) total += v;
    if (Math.abs(total - 1) > row.length * 2 ** -23) return false;
    const ls = nn.logSoftmax(x).toTypedArray();
    const ok = ls.every((v, i) => s[i] < 1e-30 || Math.abs(v - Math.log(s[i])) <= 4e-7 * Math.max(1, Math.abs(v)));
    const sm = nn.softmin(x).toTypedArray();
    const sneg = nn.softmax(array(row.map((v) => -v))).toTypedArray();
    return ok && sm.every((v, i) => Object.is(v, sneg[i]));
  }), { numRuns: 500, seed: 3 });
});

test('bad input: typed errors that name the op and the argument; inputs never mutated', () => {
  const x = array([[1, 2, 3], [4, 5, 6]]);
  const before = x.tolist();
  assert.throws(() => nn.glu(x, -1), (e: unknown) => e instanceof ShapeError && e.message === 'nn.glu: axis -1 has odd size 3; expected an even size to split into two halves');
  assert.throws(() => nn.glu(array(1)), (e: unknown) => e instanceof ShapeError && /nn.glu: argument 'x' is 0-d/.test((e as Error).message));
  assert.throws(() => nn.softmax(x, 2), (e: unknown) => e instanceof AxisError && /^nn.softmax: argument 'axis' is 2 for an array of 2 dimensions; expected an axis in \[-2, 1\]$/.test((e as Error).message));
  assert.throws(() => nn.logSoftmax(x, -3), AxisError);
  assert.throws(() => nn.elu(x, NaN), (e: unknown) => e instanceof ValueError && /^nn.elu: argument 'alpha' is NaN; expected a finite number$/.test((e as Error).message));
  assert.throws(() => nn.elu(x, '1' as never), ValueError);
  assert.throws(() => nn.leakyRelu(x, Infinity), ValueError);
  assert.throws(() => nn.hardTanh(x, 2, 1), (e: unknown) => e instanceof ValueError && /nn.hardTanh/.test((e as Error).message) && /minVal/.test((e as Error).message));
  assert.throws(() => new nn.HardTanh(2, 1), ValueError);
  assert.throws(() => nn.hardShrink(x, -0.5), (e: unknown) => e instanceof ValueError && /nn.hardShrink: argument 'lambd' is -0.5/.test((e as Error).message));
  assert.throws(() => nn.softshrink(x, -1), ValueError);
  assert.throws(() => new nn.Softshrink(-1), ValueError);
  assert.throws(() => nn.prelu(x, array([1, 2])), (e: unknown) => e instanceof ShapeError && /^nn.prelu: argument 'alpha' has shape \[2\], which does not broadcast with x of shape \[2,3\]/.test((e as Error).message));
  assert.throws(() => new nn.PReLU(0), ValueError);
  assert.throws(() => new nn.GELU('exact' as never), (e: unknown) => e instanceof ValueError && /nn.GELU: argument 'approx' is "exact"; expected one of 'none', 'precise', 'tanh', 'fast'/.test((e as Error).message));
  assert.throws(() => nn.relu('abc' as never), ValueError);
  const even = array([[1, -2, 3, -4], [0.5, 6, -7, 8]]);
  const evenBefore = even.tolist();
  for (const e of entries) if (e.spec.kind !== 'binary') call(e, even);
  nn.prelu(even, array([0.1]));
  assert.deepEqual(even.tolist(), evenBefore);
  assert.deepEqual(x.tolist(), before);
  assert.throws(() => nn.celu(x, 0), (e: unknown) => e instanceof ValueError && /nn.celu: argument 'alpha' is 0; expected a non-zero finite number/.test((e as Error).message));
});

test('prelu: the weight broadcasts against the last axis; PReLU holds weight [numParameters]', () => {
  const x = array([[-2, 3], [-4, -1]]);
  assert.deepEqual(nn.prelu(x, array([0.25])).tolist(), [[-0.5, 3], [-1, -0.25]]);
  assert.deepEqual(nn.prelu(x, array([0.5, 2])).tolist(), [[-1, 3], [-2, -2]]);
  const m = new nn.PReLU(2, 0.1);
  assert.deepEqual(m.weight.shape, [2]);
  assert.deepEqual(Object.keys(m.parameters()), ['weight']);
  assert.deepEqual(m.forward(array([-10, 10])).tolist(), [Math.fround(-10 * Math.fround(0.1)), 10]);
  assert.deepEqual(nn.prelu(array([NaN, -0, -Infinity]), array([0.25])).tolist(), [NaN, -0, -Infinity]);
});

test('GELU module: approx none | precise | tanh | fast selects the function', () => {
  const x = array([-3, -1, 0.5, 2]);
  const same = (a: NDArray, b: NDArray) => assert.deepEqual(a.tolist(), b.tolist());
  same(new nn.GELU().forward(x), nn.gelu(x));
  same(new nn.GELU('none').forward(x), nn.gelu(x));
  same(new nn.GELU('precise').forward(x), nn.geluApprox(x));
  same(new nn.GELU('tanh').forward(x), nn.geluApprox(x));
  same(new nn.GELU('fast').forward(x), nn.geluFastApprox(x));
});
