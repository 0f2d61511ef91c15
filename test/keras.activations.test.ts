// keras.activations: the Keras-only kernels against mpmath (test/fixtures/keras/generate.py),
// Keras' names, defaults and aliases, get/serialize/deserialize, and sparsemax.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { array, grad, nn, keras, type NDArray, ValueError } from '../src/index.js';
import { ulpErrorF32, ulpErrorF64 } from './helpers/ulp.js';
import { loadFixture, num, dd, type JsonNumber } from './helpers/fixtures.js';

const A = keras.activations;
type Point = [JsonNumber, [JsonNumber, JsonNumber], [JsonNumber, JsonNumber]];
interface Fixture { cases: { name: string; params: Record<string, number | null>; dtype: 'float32' | 'float64'; points: Point[] }[] }

// Tolerances in ULPs of the output dtype (docs/design.md, Numerics): f within 1 ULP in float32 and 2 in
// float64; f' (the spec's df rounded to float32) within 2 ULP in float32.
const F32_ULP = 1;
const F64_ULP = 2;
const DF32_ULP = 2;

const specs = A.KERAS_ELEMENTWISE_SPECS as unknown as Record<string, { df: (x: number, a: number, b: number) => number; d2f: (x: number, a: number, b: number) => number }>;
const fixture = loadFixture<Fixture>('keras/activations.json');

for (const name of [...new Set(fixture.cases.map((c) => c.name))]) {
  test(`keras ${name}: f within ${F32_ULP} ULP (float32) / ${F64_ULP} ULP (float64), f' within ${DF32_ULP} ULP (float32) of mpmath`, () => {
    const report: string[] = [];
    for (const c of fixture.cases.filter((k) => k.name === name)) {
      const xs = c.points.map((p) => num(p[0]));
      const input = array(c.dtype === 'float64' ? new Float64Array(xs) : new Float32Array(xs));
      const fn = A.get(name);
      const got = fn(input, c.params).toTypedArray();
      const ulp = c.dtype === 'float32' ? ulpErrorF32 : ulpErrorF64;
      const bound = c.dtype === 'float32' ? F32_ULP : F64_ULP;
      // The derivative: the spec's df with the parameters as the kernel sees them (weak scalars).
      const r = (v: number | null | undefined) => (v === null || v === undefined ? 0 : c.dtype === 'float32' ? Math.fround(v) : v);
      const df = name === 'relu' ? null : specs[name].df;
      const [pa, pb] = Object.values(c.params).map(r);
      let worst = 0, worstX = NaN, worstD = 0, worstDX = NaN;
      c.points.forEach((p, i) => {
        const err = ulp(got[i], dd(p[1]));
        if (!(err <= worst)) { worst = err; worstX = xs[i]; }
        if (c.dtype === 'float32' && df !== null) {
          const ref = dd(p[2]);
          const d = Math.fround(df(xs[i], pa ?? 0, pb ?? 0));
          const derr = d === 0 && ref[0] === 0 ? 0 : ulpErrorF32(d, ref);
          if (!(derr <= worstD)) { worstD = derr; worstDX = xs[i]; }
        }
      });
      if (!(worst <= bound)) report.push(`${c.dtype} ${JSON.stringify(c.params)}: f off by ${worst} ULP at x = ${worstX} (got ${got[xs.indexOf(worstX)]})`);
      if (!(worstD <= DF32_ULP)) report.push(`${c.dtype} ${JSON.stringify(c.params)}: f' off by ${worstD} ULP at x = ${worstDX}`);
    }
    assert.deepEqual(report, []);
  });
}

test("Keras-only kernels: NaN gives NaN; ±Infinity give the limits; f' and f'' are NaN only at NaN", () => {
  const cases: [string, unknown[], number, number][] = [
    ['squareplus', [], 0, Infinity], ['sparse_plus', [], 0, Infinity], ['sparse_sigmoid', [], 0, 1],
    ['tanh_shrink', [], -Infinity, Infinity], ['hard_sigmoid', [], 0, 1], ['hardSigmoid', [], 0, 1],
    ['exponential', [], 0, Infinity], ['threshold', [0.5, -2], -2, Infinity],
  ];
  for (const [name, params, lo, hi] of cases) {
    const got = A.get(name)(array([NaN, -Infinity, Infinity]), ...params).toTypedArray();
    assert.ok(Number.isNaN(got[0]), `${name}(NaN) = ${got[0]}`);
    assert.ok(Object.is(got[1], lo), `${name}(-inf) = ${got[1]}, expected ${lo}`);
    assert.ok(Object.is(got[2], hi), `${name}(+inf) = ${got[2]}, expected ${hi}`);
    const spec = specs[name];
    const [a, b] = name === 'threshold' ? [0.5, -2] : name === 'squareplus' ? [4, 0] : [0, 0];
    for (const d of [spec.df, spec.d2f]) {
      assert.ok(Number.isNaN(d(NaN, a, b)), `${name}: derivative at NaN`);
      for (const x of [-Infinity, -1e308, -3, -1, -0, 0, 1, 3, 1e308, Infinity]) assert.ok(!Number.isNaN(d(x, a, b)), `${name}: derivative at ${x} is NaN`);
    }
  }
  // Signed zeros: tanh_shrink is odd; relu(-0) is +0 in every form.
  assert.ok(Object.is(A.tanhShrink(array([-0])).item(), -0));
  assert.ok(Object.is(A.relu(array([-0]), 0, null, 0).item(), 0));
  assert.ok(Object.is(A.relu(array([-0]), 0, 3, 1).item(), 0));
});

test('Keras-only kernels: second derivative matches a central difference of f′ (float64)', () => {
  const cases: [string, number, number, number[]][] = [
    ['squareplus', 4, 0, [-30, -2, -0.3, 0.4, 3, 50]], ['tanh_shrink', 0, 0, [-3, -0.7, 0.2, 1.5, 4]],
    ['sparse_plus', 0, 0, [-0.5, 0.3]], ['exponential', 0, 0, [-3, 0.5, 4]],
  ];
  for (const [name, a, b, xs] of cases) {
    const { df, d2f } = specs[name];
    for (const x of xs) {
      const h = 1e-5 * Math.max(1, Math.abs(x));
      const fd = (df(x + h, a, b) - df(x - h, a, b)) / (2 * h);
      assert.ok(Math.abs(d2f(x, a, b) - fd) <= 1e-6 * Math.max(1, Math.abs(fd)), `${name}'' at ${x}: ${d2f(x, a, b)} vs ${fd}`);
    }
  }
});

test("Keras' defaults, which differ from MLX's: leaky_relu 0.2, gelu exact, relu's options", () => {
  const x = array([-10, -5, 0, 5, 10]);
  assert.deepEqual(A.leakyRelu(x).tolist(), nn.leakyRelu(x, 0.2).tolist());
  assert.deepEqual(A.get('leaky_relu')(x).tolist(), [-2, -1, 0, 5, 10].map(Math.fround));
  assert.notDeepEqual(A.leakyRelu(x).tolist(), nn.leakyRelu(x).tolist()); // nn's default is 0.01
  const g = array([-1.5, -0.2, 0.3, 2]);
  assert.deepEqual(A.gelu(g).tolist(), nn.gelu(g).tolist());
  assert.deepEqual(A.gelu(g, true).tolist(), nn.geluApprox(g).tolist());
  // Keras' docstring examples for relu.
  assert.deepEqual(A.relu(x).tolist(), [0, 0, 0, 5, 10]);
  assert.deepEqual(A.relu(x, { negativeSlope: 0.5 }).tolist(), [-5, -2.5, 0, 5, 10]);
  assert.deepEqual(A.relu(x, { max_value: 5 }).tolist(), [0, 0, 0, 5, 5]);
  assert.deepEqual(A.relu(x, 0, null, 5).tolist(), [0, 0, 0, 0, 10]);
  assert.deepEqual(A.relu(x, 0.5, 8, 1).tolist(), [-5.5, -3, -0.5, 5, 8]);
  assert.deepEqual(A.relu(array([-1, 3, 7]), 0, 6).tolist(), nn.relu6(array([-1, 3, 7])).tolist());
  assert.deepEqual(A.softShrink(array([-1, 0.3, 2])).tolist(), [-0.5, 0, 1.5]);
  assert.deepEqual(A.hardShrink(array([-1, 0.3, 2])).tolist(), [-1, 0, 2]);
  assert.deepEqual(A.hardTanh(array([-3, 0.5, 3])).tolist(), [-1, 0.5, 1]);
  assert.deepEqual(A.squareplus(array([0]), 4).tolist(), [1]);
  assert.deepEqual(A.squareplus(array([-2, 3]), 0).tolist(), [0, 3]); // b = 0 is relu
  assert.deepEqual(A.celu(array([-1]), 1).tolist(), nn.celu(array([-1]), 1).tolist());
});

test('hard_sigmoid (Keras 3: relu6(x + 3)/6) and tfjs hardSigmoid (clip(0.2x + 0.5)) are distinct', () => {
  const x = array([-3, -2.5, -1, 0, 1, 2.5, 3]);
  assert.deepEqual(A.hardSigmoid(x).tolist(), [0, 1 / 12, 1 / 3, 0.5, 2 / 3, 11 / 12, 1].map(Math.fround));
  assert.deepEqual(A.tfjsHardSigmoid(x).tolist(), [0, 0, 0.3, 0.5, 0.7, 1, 1].map(Math.fround));
  assert.equal(A.get('hard_sigmoid'), A.hardSigmoid);
  assert.equal(A.get('hardSigmoid'), A.tfjsHardSigmoid);
  // In the legacy (Keras 2 / tfjs) JSON form, 'hard_sigmoid' is tfjs' function.
  assert.equal(A.deserialize('hard_sigmoid', { semantics: 'legacy' }), A.tfjsHardSigmoid);
  assert.equal(A.deserialize('hard_sigmoid'), A.hardSigmoid);
});

test('Activations that equal an nn function call it: bitwise identical results', () => {
  const x = array([-1e30, -100, -3, -1, -0.5, -1e-40, -0, 0, 1e-40, 0.5, 1, 3, 6, 100, 3e38, NaN]);
  const pairs: [string, (x: NDArray) => NDArray][] = [
    ['relu', nn.relu], ['relu6', nn.relu6], ['elu', nn.elu], ['selu', nn.selu], ['softplus', nn.softplus],
    ['softsign', nn.softsign], ['silu', nn.silu], ['swish', nn.silu], ['gelu', nn.gelu], ['tanh', nn.tanh],
    ['sigmoid', nn.sigmoid], ['hard_silu', nn.hardswish], ['hard_swish', nn.hardswish], ['mish', nn.mish],
    ['log_sigmoid', nn.logSigmoid], ['celu', nn.celu], ['gelu_new', nn.geluApprox],
  ];
  for (const [name, fn] of pairs) {
    const got = A.get(name)(x).toTypedArray();
    const want = fn(x).toTypedArray();
    got.forEach((v, i) => assert.ok(Object.is(v, want[i]), `${name}: ${v} vs ${want[i]}`));
  }
  const rows = array([[1, 2, 3, 4], [-1, 0, 5, 5]]);
  assert.deepEqual(A.softmax(rows).tolist(), nn.softmax(rows).tolist());
  assert.deepEqual(A.logSoftmax(rows, 0).tolist(), nn.logSoftmax(rows, 0).tolist());
  assert.deepEqual(A.logSoftmax(rows).tolist(), A.get('logSoftmax')(rows).tolist());
  assert.deepEqual(A.glu(rows).tolist(), nn.glu(rows).tolist());
  assert.equal(A.linear(rows), rows);
});

test('softmax and log_softmax over a list of axes normalize the axes together', () => {
  const x = array([[[1, 2], [3, 4]], [[-1, 0], [0.5, 9]]]); // [2, 2, 2]
  const y = A.softmax(x, [1, 2]).toTypedArray();
  for (const b of [0, 1]) {
    const lane = x.tolist() as number[][][];
    const flat = lane[b].flat();
    const m = Math.max(...flat);
    const s = flat.reduce((t, v) => t + Math.exp(v - m), 0);
    flat.forEach((v, i) => assert.ok(ulpErrorF32(y[b * 4 + i], Math.exp(v - m) / s) <= 1, `softmax([1,2]) at ${b},${i}`));
  }
  assert.deepEqual(A.softmax(x, [2]).tolist(), A.softmax(x, -1).tolist());
  const ly = A.logSoftmax(x, [0, 2]).toTypedArray();
  const sy = A.softmax(x, [0, 2]).toTypedArray();
  ly.forEach((v, i) => assert.ok(Math.abs(Math.exp(v) - sy[i]) <= 2e-7, 'log_softmax over [0, 2]'));
});

test('sparsemax: simplex projection along an axis; known values; special values', () => {
  const near = (got: number[], want: number[]) => want.forEach((w, i) => assert.ok(ulpErrorF32(got[i], w) <= 1, `${got[i]} vs ${w}`));
  near(A.sparsemax(array([2.5, 0.2, 0.1, 3, 0.1, 2.5])).toTypedArray() as unknown as number[], [1 / 6, 0, 0, 2 / 3, 0, 1 / 6]);
  near(A.sparsemax(array([1, 0.8, 0])).toTypedArray() as unknown as number[], [0.6, 0.4, 0]);
  near(A.sparsemax(array([0, 0, -10, -10])).toTypedArray() as unknown as number[], [0.5, 0.5, 0, 0]);
  near(A.sparsemax(array([[1, 2], [3, 4]]), 0).toTypedArray() as unknown as number[], [0, 0, 1, 1]);
  // Tiny outputs next to large inputs keep their digits (τ is carried in double-double).
  const big = A.sparsemax(array([1e6 + 0.5, 1e6], 'float64')).toTypedArray();
  assert.deepEqual([...big], [0.75, 0.25]);
  const s = A.sparsemax(array([NaN, 1, 2])).toTypedArray();
  assert.ok(s.every(Number.isNaN));
  assert.deepEqual([...A.sparsemax(array([Infinity, 1, Infinity])).toTypedArray()], [0.5, 0, 0.5]);
  assert.deepEqual([...A.sparsemax(array([-Infinity, 1, 3])).toTypedArray()], [0, 0, 1]);
  assert.ok(A.sparsemax(array([-Infinity, -Infinity])).toTypedArray().every(Number.isNaN));
  assert.throws(() => A.sparsemax(array(1)), /0-d/);
  // Properties: outputs are in [0, 1], sum to 1, keep the order of the inputs (float64).
  fc.assert(fc.property(fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 1, maxLength: 12 }), (v) => {
    const out = [...A.sparsemax(array(new Float64Array(v))).toTypedArray()];
    const total = out.reduce((t, a) => t + a, 0);
    if (!(Math.abs(total - 1) <= 1e-12 * v.length)) return false;
    return out.every((o, i) => o >= 0 && o <= 1 && out.every((p, j) => !(v[i] > v[j]) || o >= p));
  }), { numRuns: 500, seed: 11 });
});

test('get: names, aliases, functions, serialized configs, null; unknown names list close matches', () => {
  assert.equal(A.get(null), A.linear);
  assert.equal(A.get(undefined), A.linear);
  const mine = (x: unknown) => array(x as number[]);
  assert.equal(A.get(mine), mine);
  assert.equal(A.get('swish'), A.silu);
  assert.equal(A.get('hard_swish'), A.hardSilu);
  assert.equal(A.get({ module: 'keras.activations', class_name: 'function', config: 'elu', registered_name: 'elu' }), A.elu);
  assert.equal(A.get({ module: 'builtins', class_name: 'function', config: 'tanh', registered_name: 'function' }), A.tanh);
  assert.equal(A.get({ class_name: 'sigmoid', config: {} }), A.sigmoid);
  assert.equal(A.get({ className: 'relu', config: {} }), A.relu);
  const bound = A.get({ module: 'keras.activations', class_name: 'elu', config: { alpha: 0.5 }, registered_name: null });
  assert.deepEqual(bound(array([-1])).tolist(), A.elu(array([-1]), 0.5).tolist());
  assert.deepEqual(A.serialize(bound), { module: 'keras.activations', class_name: 'elu', config: { alpha: 0.5 }, registered_name: null });
  for (const name of A.ACTIVATION_NAMES) assert.equal(typeof A.get(name), 'function', name);
  assert.throws(() => A.get('relu7'), (e: unknown) => e instanceof ValueError && /did you mean 'relu', 'relu6'/.test(e.message));
  assert.throws(() => A.get('Swish'), /did you mean 'swish'/);
  assert.throws(() => A.get(42), /could not interpret activation function identifier/);
  assert.throws(() => A.get({ module: 'evil.module', class_name: 'function', config: 'relu' }), keras.ConfigError);
  assert.throws(() => A.get({ class_name: 'function', config: 'relu', registered_name: 'my_pkg>relu' }), /custom registered object/);
  assert.throws(() => A.get({ class_name: 'elu', config: { alpha: 'big' } }), /config/);
  assert.throws(() => A.get({ class_name: 'elu', config: { beta: 1 } }), /'config.beta' is not a known field/);
});

test('parameters: Keras order, keyword objects, checks, required parameters', () => {
  const x = array([-2, 0.5, 3]);
  assert.deepEqual(A.threshold(x, 1, -7).tolist(), [-7, -7, 3]);
  assert.deepEqual(A.threshold(x, { threshold: 1, defaultValue: -7 }).tolist(), [-7, -7, 3]);
  assert.deepEqual(A.threshold(x, { threshold: 1, default_value: -7 }).tolist(), [-7, -7, 3]);
  assert.throws(() => A.get('threshold')(x), /argument 'threshold' is missing; Keras gives it no default/);
  assert.throws(() => A.elu(x, NaN), /argument 'alpha' is NaN; expected a finite number/);
  assert.throws(() => A.get('elu')(x, 1, 2), /got 2 parameters after x; expected at most 1/);
  assert.throws(() => A.relu(x, { maxvalue: 6 } as never), /unknown parameter "maxvalue"/);
  assert.throws(() => A.relu(x, 0, -1), /'max_value' is -1; expected null or a number >= 0/);
  assert.throws(() => A.squareplus(x, -1), /'b' is -1; expected a number >= 0/);
  assert.throws(() => A.softShrink(x, -0.5), /'threshold' is -0.5/);
  assert.throws(() => A.gelu(x, 1 as never), /'approximate' is 1; expected true or false/);
  assert.throws(() => A.softmax(x, [] as never), /non-empty list/);
  assert.throws(() => A.elu('nope' as never), /keras.activations.elu: argument 'x'/);
});

test('serialize: Keras names (the string form Keras writes), tfjs names, and what cannot be serialized', () => {
  assert.equal(A.serialize(A.relu), 'relu');
  assert.equal(A.serialize(A.swish), 'silu');
  assert.equal(A.serialize(A.hardSigmoid), 'hard_sigmoid');
  assert.equal(A.serialize(A.silu, { format: 'tfjs' }), 'swish');
  assert.equal(A.serialize(A.logSoftmax, { format: 'tfjs' }), 'log_softmax');
  assert.equal(A.serialize(A.tfjsHardSigmoid, { format: 'tfjs' }), 'hard_sigmoid');
  assert.throws(() => A.serialize(A.hardSigmoid, { format: 'tfjs' }), /no TensorFlow.js equivalent/);
  assert.throws(() => A.serialize(A.squareplus, { format: 'tfjs' }), keras.ConfigError);
  assert.throws(() => A.serialize((x: NDArray) => x), /custom functions cannot be serialized/);
  for (const name of Object.keys(keras.ACTIVATION_PARAMS)) {
    // threshold's parameters have no default: its bare name cannot be loaded into a working function.
    if (name === 'threshold') assert.throws(() => A.deserialize(A.serialize(A.get(name))), /needs 'threshold' and 'default_value'/);
    else assert.equal(A.deserialize(A.serialize(A.get(name))), A.get(name));
  }
});

test('Keras-only kernels accept 16-bit floats (compute in float32, round once) and ints (float32)', () => {
  const x16 = array([-2, -0.5, 0.25, 1.5], 'float16');
  for (const name of ['squareplus', 'sparse_plus', 'sparse_sigmoid', 'tanh_shrink', 'hard_sigmoid', 'exponential']) {
    const y = A.get(name)(x16);
    assert.equal(y.dtype, 'float16');
    const y32 = A.get(name)(x16.astype('float32')).astype('float16');
    assert.deepEqual(y.tolist(), y32.tolist(), name);
  }
  assert.equal(A.sparsePlus(array([1, 2], 'int32')).dtype, 'float32');
});

test("gradients: the Keras-only kernels' fused backward is their df; sparsemax's is S ⊙ (g − mean_S g)", () => {
  const xs = new Float64Array([-7, -2.5, -1, -0.4, 0, 0.3, 0.9, 2, 2.9, 6]);
  const cases: [string, unknown[], number, number][] = [
    ['squareplus', [], 4, 0], ['sparse_plus', [], 0, 0], ['sparse_sigmoid', [], 0, 0], ['tanh_shrink', [], 0, 0],
    ['hard_sigmoid', [], 0, 0], ['hardSigmoid', [], 0, 0], ['exponential', [], 0, 0], ['threshold', [0.3, -1], 0.3, -1],
  ];
  for (const [name, params, a, b] of cases) {
    const g = grad((v: NDArray) => A.get(name)(v, ...params).sum())(array(xs)).toTypedArray();
    xs.forEach((x, i) => assert.ok(Object.is(g[i], specs[name].df(x, a, b)), `${name}'(${x}) = ${g[i]}, expected ${specs[name].df(x, a, b)}`));
  }
  // Keras' general relu (slope 0.1, cap 1, threshold 0.5): s below θ, 1 between θ and M, 0 at and above M.
  assert.deepEqual([...grad((v: NDArray) => A.relu(v, 0.1, 1, 0.5).sum())(array([-2, 0.3, 0.5, 0.7, 1, 1.7], 'float64')).toTypedArray()], [0.1, 0.1, 0, 1, 0, 0]);
  // sparsemax: support {0, 1, 3} for [1, 0.8, 0, 0.5]; the VJP of g is S ⊙ (g − mean over S of g).
  const weights = array([1, 2, 3, 4], 'float64');
  const gs = grad((v: NDArray) => A.sparsemax(v).multiply(weights).sum())(array([1, 0.8, 0, 0.5], 'float64')).toTypedArray();
  [-4 / 3, -1 / 3, 0, 5 / 3].forEach((w, i) => assert.ok(Math.abs(gs[i] - w) <= 4e-16, `sparsemax grad ${i}: ${gs[i]} vs ${w}`));
  const traced: number[] = [];
  grad((v: NDArray) => { const y = A.sparsemax(v); traced.push(...y.toTypedArray()); return y.sum(); })(array([1, 0.8, 0, 0.5], 'float64'));
  assert.deepEqual(traced, [...A.sparsemax(array([1, 0.8, 0, 0.5], 'float64')).toTypedArray()]);
});
