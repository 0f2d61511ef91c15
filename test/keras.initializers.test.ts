// keras.initializers, keras.regularizers, keras.constraints: Keras 3's classes, their fans,
// distributions and configs, and seeding through a generator of their own.
//
// Statistical tolerances: every random initializer is drawn once with a fixed seed into a
// float32 weight of N = 262,144 values. The sample mean must be within 5 standard errors of the
// distribution's mean (5σ/√N), and the sample variance within 5 standard errors of σ² relative
// (5·√(2/N) = 1.4%; √(2/N) is the relative standard error of a normal sample's variance, which
// bounds those of the uniform and the truncated normal, whose kurtosis is smaller). Bounds
// (uniform limits, the truncated normal's ±2σ) hold exactly for every value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { array, keras, random, type NDArray, ValueError } from '../src/index.js';

const I = keras.initializers;
const L = keras.layers;
const N = 2 ** 18;
const SQUARE: number[] = [512, 512]; // fan_in = fan_out = 512

function moments(x: NDArray): { mean: number; variance: number; min: number; max: number } {
  const v = x.toTypedArray() as Float32Array;
  let s = 0, min = Infinity, max = -Infinity;
  for (const a of v) { s += a; if (a < min) min = a; if (a > max) max = a; }
  const mean = s / v.length;
  let q = 0;
  for (const a of v) q += (a - mean) ** 2;
  return { mean, variance: q / (v.length - 1), min, max };
}

/** Checks mean and variance against the distribution's, within the tolerances stated above. */
function checkMoments(what: string, x: NDArray, mean: number, variance: number): void {
  assert.equal(x.size, N, what);
  const m = moments(x);
  const sd = Math.sqrt(variance);
  assert.ok(Math.abs(m.mean - mean) <= (5 * sd) / Math.sqrt(N), `${what}: mean ${m.mean}, expected ${mean} ± ${(5 * sd) / Math.sqrt(N)}`);
  const rel = Math.abs(m.variance / variance - 1);
  assert.ok(rel <= 5 * Math.sqrt(2 / N), `${what}: variance ${m.variance}, expected ${variance} (relative error ${rel})`);
}

const TRUNCATED_VARIANCE = 0.87962566103423978 ** 2; // Var of N(0,1) cut at ±2

test("computeFans follows Keras: scalar 1/1, vector n/n, matrix rows/cols, kernels times the receptive field", () => {
  assert.deepEqual(I.computeFans([]), [1, 1]);
  assert.deepEqual(I.computeFans([7]), [7, 7]);
  assert.deepEqual(I.computeFans([3, 5]), [3, 5]);
  assert.deepEqual(I.computeFans([3, 3, 16, 32]), [144, 288]);
  assert.deepEqual(I.computeFans([2, 4, 6]), [8, 12]);
});

test('RandomUniform, RandomNormal, TruncatedNormal: moments and bounds (N = 2^18, 5 standard errors)', () => {
  const u = new I.RandomUniform({ minval: -2, maxval: 6, seed: 11 }).call(SQUARE, 'float32');
  checkMoments('RandomUniform', u, 2, 64 / 12);
  const mu = moments(u);
  assert.ok(mu.min >= -2 && mu.max < 6);
  checkMoments('RandomNormal', new I.RandomNormal({ mean: 1, stddev: 3, seed: 12 }).call(SQUARE, 'float32'), 1, 9);
  const t = new I.TruncatedNormal({ mean: -1, stddev: 0.5, seed: 13 }).call(SQUARE, 'float32');
  checkMoments('TruncatedNormal', t, -1, 0.25 * TRUNCATED_VARIANCE);
  const mt = moments(t);
  // The cut is exact: no value beyond mean ± 2σ, and the extremes come close to it.
  assert.ok(mt.min >= -2 && mt.max <= 0, `${mt.min} ${mt.max}`);
  assert.ok(mt.min < -1.99 && mt.max > -0.01);
  // Defaults as Keras: ±0.05, N(0, 0.05), TruncatedNormal(0, 0.05).
  assert.deepEqual(new I.RandomUniform().getConfig(), { minval: -0.05, maxval: 0.05, seed: null });
  assert.deepEqual(new I.RandomNormal().getConfig(), { mean: 0, stddev: 0.05, seed: null });
  assert.deepEqual(new I.TruncatedNormal().getConfig(), { mean: 0, stddev: 0.05, seed: null });
  // In float16 the bound is ±2σ rounded to float16 (0.2 is not representable).
  const bound16 = array([0.2], 'float16').item() as number;
  const h = new I.TruncatedNormal({ stddev: 0.1, seed: 14 }).call([65536], 'float16').toTypedArray();
  assert.ok([...h].every((v) => Math.abs(v) <= bound16) && Math.max(...[...h].map(Math.abs)) > 0.199);
  // A standard deviation of 0 gives the mean (rounded), even when it is not representable.
  assert.deepEqual(new I.TruncatedNormal({ mean: 0.1, stddev: 0, seed: 1 }).call([2], 'float32').tolist(), [Math.fround(0.1), Math.fround(0.1)]);
  // Uniform values never reach maxval, also where rounding to a short dtype would land on it.
  const u16 = new I.RandomUniform({ minval: 0, maxval: 1, seed: 15 }).call([65536], 'bfloat16').toTypedArray();
  assert.ok([...u16].every((v) => v >= 0 && v < 1) && Math.max(...u16) > 0.99);
});

test('VarianceScaling: every mode and distribution has variance scale/n (n from the fans)', () => {
  const shape = [3, 3, 128, 256]; // fan_in 1152, fan_out 2304, 294,912 values
  const [fanIn, fanOut] = I.computeFans(shape);
  const count = shape.reduce((a, b) => a * b, 1);
  let seed = 100;
  for (const mode of ['fan_in', 'fan_out', 'fan_avg'] as const) {
    const n = mode === 'fan_in' ? fanIn : mode === 'fan_out' ? fanOut : (fanIn + fanOut) / 2;
    for (const distribution of ['truncated_normal', 'untruncated_normal', 'uniform'] as const) {
      const scale = 2.5;
      const w = new I.VarianceScaling({ scale, mode, distribution, seed: seed++ }).call(shape, 'float32');
      const m = moments(w);
      const variance = scale / n;
      const what = `${mode} ${distribution}`;
      assert.ok(Math.abs(m.mean) <= (5 * Math.sqrt(variance)) / Math.sqrt(count), `${what}: mean ${m.mean}`);
      assert.ok(Math.abs(m.variance / variance - 1) <= 5 * Math.sqrt(2 / count), `${what}: variance ${m.variance} vs ${variance}`);
      const bound = distribution === 'uniform' ? Math.sqrt(3 * variance) : distribution === 'truncated_normal' ? (2 * Math.sqrt(variance)) / 0.87962566103423978 : Infinity;
      assert.ok(m.max <= bound && m.min >= -bound, `${what}: range [${m.min}, ${m.max}] vs ±${bound}`);
    }
  }
  // Keras reads 'normal' as 'truncated_normal'; tfjs' camelCase spellings read too.
  assert.equal(new I.VarianceScaling({ distribution: 'normal' }).distribution, 'truncated_normal');
  assert.equal(new I.VarianceScaling({ mode: 'fanAvg', distribution: 'truncatedNormal' }).mode, 'fan_avg');
  assert.throws(() => new I.VarianceScaling({ scale: 0 }), /'scale' is 0; expected a number > 0/);
  assert.throws(() => new I.VarianceScaling({ mode: 'fan_sum' }), /'mode' is "fan_sum"; expected one of 'fan_in', 'fan_out', 'fan_avg'/);
  assert.throws(() => new I.VarianceScaling({ distribution: 'cauchy' }), ValueError);
  // Options are checked as a config is: unknown ones are errors, not silently ignored.
  assert.throws(() => new I.VarianceScaling({ scael: 2 } as never), /unknown option "scael"; expected one of 'scale', 'mode', 'distribution', 'seed'/);
  assert.throws(() => new I.GlorotUniform({ scale: 2 } as never), /unknown option "scale"; expected one of 'seed'/);
  assert.throws(() => new I.Constant(5 as never), /expected an object of options/);
});

test('Glorot, He and LeCun: the VarianceScaling presets, with Keras variances', () => {
  const cases: [string, new (a?: { seed?: number | null }) => keras.initializers.VarianceScaling, (fi: number, fo: number) => number, boolean][] = [
    ['GlorotUniform', I.GlorotUniform, (fi, fo) => 2 / (fi + fo), true],
    ['GlorotNormal', I.GlorotNormal, (fi, fo) => 2 / (fi + fo), false],
    ['HeUniform', I.HeUniform, (fi) => 2 / fi, true],
    ['HeNormal', I.HeNormal, (fi) => 2 / fi, false],
    ['LecunUniform', I.LecunUniform, (fi) => 1 / fi, true],
    ['LecunNormal', I.LecunNormal, (fi) => 1 / fi, false],
  ];
  const shape = [256, 1024];
  let seed = 7;
  for (const [name, cls, variance, uniform] of cases) {
    const init = new cls({ seed: seed++ });
    assert.equal(init.className, name);
    assert.deepEqual(init.getConfig(), { seed: seed - 1 });
    const v = variance(256, 1024);
    const w = init.call(shape, 'float32');
    checkMoments(name, w, 0, v);
    const m = moments(w);
    const bound = uniform ? Math.sqrt(3 * v) : (2 * Math.sqrt(v)) / 0.87962566103423978;
    assert.ok(m.max <= bound && m.min >= -bound, name);
  }
});

/** max |QᵀQ − I| over a weight seen as [rows, cols] with orthonormal columns (or rows if wide). */
function orthogonality(w: NDArray, gain: number): number {
  const cols = w.shape[w.ndim - 1];
  const rows = w.size / cols;
  const v = w.toTypedArray();
  const tall = rows >= cols;
  const [n, m] = tall ? [rows, cols] : [cols, rows];
  const at = (i: number, j: number) => (tall ? v[i * cols + j] : v[j * cols + i]); // i < n, j < m
  let worst = 0;
  for (let a = 0; a < m; a++) {
    for (let b = 0; b < m; b++) {
      let dot = 0;
      for (let i = 0; i < n; i++) dot += at(i, a) * at(i, b);
      worst = Math.max(worst, Math.abs(dot - (a === b ? gain * gain : 0)));
    }
  }
  return worst;
}

test('Orthogonal: orthonormal columns (tall), rows (wide), kernels flattened; Identity; shape errors', () => {
  // float32 rounding of each entry (≤ 2^-24 relative) over sums of at most 64 products: 1e-6.
  assert.ok(orthogonality(new I.Orthogonal({ seed: 1 }).call([64, 16], 'float32'), 1) <= 1e-6);
  assert.ok(orthogonality(new I.Orthogonal({ seed: 2 }).call([8, 32], 'float32'), 1) <= 1e-6);
  assert.ok(orthogonality(new I.Orthogonal({ seed: 3, gain: 2 }).call([4, 4, 8], 'float32'), 2) <= 4e-6);
  assert.ok(orthogonality(new I.Orthogonal({ seed: 4 }).call([50, 50], 'float64'), 1) <= 1e-13);
  // R's diagonal is made positive, so the result is unique: the same seed gives the same Q.
  assert.deepEqual(new I.Orthogonal({ seed: 5 }).call([6, 3], 'float32').tolist(), new I.Orthogonal({ seed: 5 }).call([6, 3], 'float32').tolist());
  assert.throws(() => new I.Orthogonal().call([5], 'float32'), (e: unknown) => e instanceof ValueError && /shape \[5\]; expected at least two dimensions/.test(e.message));
  assert.throws(() => new I.Orthogonal().call([2 ** 16, 2 ** 12], 'float32'), /expected at most 268435456/);
  assert.deepEqual(new I.Identity().call([3, 2], 'float32').tolist(), [[1, 0], [0, 1], [0, 0]]);
  assert.deepEqual(new I.Identity({ gain: -0.5 }).call([2, 2], 'float64').tolist(), [[-0.5, 0], [0, -0.5]]);
  assert.throws(() => new I.Identity().call([2, 2, 2], 'float32'), /only matrices \(rank 2\)/);
  assert.deepEqual(new I.Zeros().call([2], 'bfloat16').tolist(), [0, 0]);
  assert.deepEqual(new I.Constant({ value: 0.1 }).call([1], 'float16').tolist(), [0.0999755859375]);
});

test('a seeded initializer has its own generator: same seed, same weights; the global stream is untouched', () => {
  const seeded = [
    new I.RandomUniform({ seed: 42 }), new I.RandomNormal({ seed: 42 }), new I.TruncatedNormal({ seed: 42 }),
    new I.VarianceScaling({ seed: 42 }), new I.GlorotUniform({ seed: 42 }), new I.HeNormal({ seed: 42 }), new I.Orthogonal({ seed: 42 }),
  ];
  for (const init of seeded) {
    const a = init.call([4, 5], 'float32').tolist();
    assert.deepEqual(init.call([4, 5], 'float32').tolist(), a, `${init.className}: a second call`);
    const twin = keras.layers.deserialize(keras.layers.serialize(new L.PReLU({ alphaInitializer: init }))) as keras.layers.PReLU;
    twin.build([null, 4, 5]);
    assert.deepEqual(twin.alpha.value.tolist(), a, `${init.className}: from its config`);
    const other = keras.layers.deserialize({ class_name: 'PReLU', config: { alpha_initializer: { class_name: init.className, config: { ...init.getConfig(), seed: 43 } } } }) as keras.layers.PReLU;
    other.build([null, 4, 5]);
    assert.notDeepEqual(other.alpha.value.tolist(), a, `${init.className}: another seed`);
  }
  // Loading and building a model with seeded initializers neither reseeds nor advances the
  // global stream ...
  const draw = () => random.uniform(0, 1, [8], 'float64').tolist();
  random.seed(2024);
  const expected = draw();
  random.seed(2024);
  const json = {
    class_name: 'Sequential',
    config: {
      name: 's', layers: seeded.map((init, i) => ({
        class_name: 'PReLU',
        config: { name: `p${i}`, alpha_initializer: { class_name: init.className, config: init.getConfig() }, ...(i === 0 ? { batch_input_shape: [null, 4, 5] } : {}) },
      })),
    },
  };
  const model = keras.models.deserialize(json);
  assert.equal(model.countParams(), 7 * 20);
  assert.deepEqual(draw(), expected);
  // ... while an unseeded one draws from it (so random.seed makes it reproducible).
  random.seed(2024);
  new I.GlorotUniform().call([3], 'float32');
  assert.notDeepEqual(draw(), expected);
  random.seed(2024);
  const g1 = new I.GlorotUniform().call([3], 'float32').tolist();
  random.seed(2024);
  assert.deepEqual(new I.GlorotUniform().call([3], 'float32').tolist(), g1);
});

const ALL_INITIALIZERS = (): keras.initializers.Initializer[] => [
  new I.Zeros(), new I.Ones(), new I.Constant({ value: 0.3 }), new I.RandomUniform({ minval: -1, maxval: 2, seed: 1 }),
  new I.RandomNormal({ mean: 1, stddev: 2, seed: 2 }), new I.TruncatedNormal({ mean: 0, stddev: 0.1, seed: null }),
  new I.VarianceScaling({ scale: 0.5, mode: 'fan_avg', distribution: 'uniform', seed: 3 }),
  new I.VarianceScaling({ distribution: 'untruncated_normal' }),
  new I.GlorotUniform({ seed: 4 }), new I.GlorotNormal(), new I.HeUniform(), new I.HeNormal({ seed: 5 }),
  new I.LecunUniform(), new I.LecunNormal({ seed: 6 }), new I.Orthogonal({ gain: 1.5, seed: 7 }), new I.Identity({ gain: 2 }),
];

test('initializer configs round-trip in Keras 3 form, tfjs form and TypeScript (camelCase) form', () => {
  for (const init of ALL_INITIALIZERS()) {
    const layer = new L.PReLU({ alphaInitializer: init });
    const k3 = L.serialize(layer);
    const back = L.deserialize(JSON.parse(JSON.stringify(k3))) as keras.layers.PReLU;
    assert.equal(back.alphaInitializer.className, init.className);
    assert.deepEqual(back.alphaInitializer.getConfig(), init.getConfig(), init.className);
    assert.deepEqual(L.serialize(back), k3);
    assert.deepEqual((L.PReLU.fromConfig(layer.getConfig())).alphaInitializer.getConfig(), init.getConfig());
    if (init.className === 'VarianceScaling' && (init as keras.initializers.VarianceScaling).distribution === 'untruncated_normal') {
      assert.throws(() => L.serialize(layer, { format: 'tfjs' }), /no untruncated normal/);
      continue;
    }
    const tfjs = L.serialize(layer, { format: 'tfjs' });
    const fromTfjs = L.deserialize(JSON.parse(JSON.stringify(tfjs))) as keras.layers.PReLU;
    assert.equal(fromTfjs.alphaInitializer.className, init.className);
    assert.deepEqual(fromTfjs.alphaInitializer.getConfig(), init.getConfig(), `${init.className} (tfjs)`);
  }
  // The names Keras 3 writes, with module and registered_name.
  const written = (init: keras.initializers.Initializer, format?: 'tfjs') => L.serialize(new L.PReLU({ alphaInitializer: init }), { format }).config.alpha_initializer;
  assert.deepEqual(written(new I.GlorotUniform({ seed: 3 })), { module: 'keras.initializers', class_name: 'GlorotUniform', config: { seed: 3 }, registered_name: null });
  assert.deepEqual(written(new I.Identity()), { module: 'keras.initializers', class_name: 'IdentityInitializer', config: { gain: 1 }, registered_name: null });
  assert.deepEqual(written(new I.VarianceScaling()), { module: 'keras.initializers', class_name: 'VarianceScaling', config: { scale: 1, mode: 'fan_in', distribution: 'truncated_normal', seed: null }, registered_name: null });
  // tfjs' names: LeCun*, Identity, and 'normal' for its truncated normal.
  assert.deepEqual(written(new I.LecunNormal(), 'tfjs'), { class_name: 'LeCunNormal', config: { seed: null } });
  assert.deepEqual(written(new I.Identity(), 'tfjs'), { class_name: 'Identity', config: { gain: 1 } });
  assert.deepEqual(written(new I.VarianceScaling(), 'tfjs'), { class_name: 'VarianceScaling', config: { scale: 1, mode: 'fan_in', distribution: 'normal', seed: null } });
});

test("string aliases: Keras' snake_case names and short forms, Keras 3's old class names, tfjs' identifiers", () => {
  const names: [string, string][] = [
    ['zeros', 'Zeros'], ['zero', 'Zeros'], ['ones', 'Ones'], ['one', 'Ones'], ['constant', 'Constant'], ['uniform', 'RandomUniform'],
    ['normal', 'RandomNormal'], ['random_uniform', 'RandomUniform'], ['random_normal', 'RandomNormal'], ['truncated_normal', 'TruncatedNormal'],
    ['variance_scaling', 'VarianceScaling'], ['glorot_uniform', 'GlorotUniform'], ['glorot_normal', 'GlorotNormal'], ['he_uniform', 'HeUniform'],
    ['he_normal', 'HeNormal'], ['lecun_uniform', 'LecunUniform'], ['lecun_normal', 'LecunNormal'], ['orthogonal', 'Orthogonal'],
    ['identity', 'Identity'], ['OrthogonalInitializer', 'Orthogonal'], ['IdentityInitializer', 'Identity'], ['LeCunNormal', 'LecunNormal'],
    ['leCunUniform', 'LecunUniform'], ['glorotNormal', 'GlorotNormal'], ['heUniform', 'HeUniform'], ['varianceScaling', 'VarianceScaling'],
    ['truncatedNormal', 'TruncatedNormal'], ['GlorotUniform', 'GlorotUniform'],
  ];
  for (const [alias, className] of names) assert.equal(new L.PReLU({ alphaInitializer: alias }).alphaInitializer.className, className, alias);
  assert.throws(() => new L.PReLU({ alphaInitializer: 'xavier' }), (e: unknown) => e instanceof keras.ConfigError && /"xavier": an unknown initializer; nonlin knows Zeros, Ones, Constant, RandomUniform, RandomNormal, TruncatedNormal, VarianceScaling, GlorotUniform/.test(e.message));
  assert.throws(() => new L.PReLU({ alphaInitializer: new keras.regularizers.L2() as never }), /'alphaInitializer' is a L2; expected one of keras.initializers, or its name or config/);
  // Config errors name the field.
  assert.throws(() => L.deserialize({ class_name: 'PReLU', config: { alpha_initializer: { class_name: 'VarianceScaling', config: { mode: 'fan_max' } } } }), /'mode' is "fan_max"/);
  assert.throws(() => L.deserialize({ class_name: 'PReLU', config: { alpha_initializer: { class_name: 'GlorotUniform', config: { seed: 1.5 } } } }), keras.ConfigError);
  // A weight the initializer cannot make is refused when the layer builds (at load: a ConfigError).
  assert.throws(() => L.deserialize({ module: 'keras.layers', class_name: 'PReLU', config: { alpha_initializer: 'orthogonal' }, build_config: { input_shape: [null, 4] } }), (e: unknown) => e instanceof keras.ConfigError && /at least two dimensions/.test(e.message));
  assert.throws(() => L.deserialize({ module: 'keras.layers', class_name: 'PReLU', config: { alpha_initializer: 'orthogonal' }, build_config: { input_shape: [null, 2 ** 13, 2 ** 13] } }), (e: unknown) => e instanceof keras.ConfigError && /expected at most 268435456/.test(e.message));
});

test('OrthogonalRegularizer: mean |cosine| of distinct row (column) pairs times factor/2; L1, L2, L1L2 in both forms', () => {
  const R = keras.regularizers;
  const w = array([[1, 0, 0], [1, 1, 0], [0, 0, 2]]);
  // rows: cos(r0, r1) = 1/√2, cos(r0, r2) = 0, cos(r1, r2) = 0; mean over 3 pairs, times 0.5·factor.
  const rows = new R.OrthogonalRegularizer({ factor: 2 }).call(w).item() as number;
  assert.ok(Math.abs(rows - (2 * 0.5 * 2 * Math.SQRT1_2) / 3) <= 2 ** -22, String(rows));
  // columns: c0 = (1,1,0), c1 = (0,1,0), c2 = (0,0,2): cos(c0, c1) = 1/√2.
  const cols = new R.OrthogonalRegularizer({ factor: 2, mode: 'columns' }).call(w).item() as number;
  assert.ok(Math.abs(cols - (2 * 0.5 * 2 * Math.SQRT1_2) / 3) <= 2 ** -22, String(cols));
  assert.deepEqual(new R.OrthogonalRegularizer().getConfig(), { factor: 0.01, mode: 'rows' });
  assert.throws(() => new R.OrthogonalRegularizer().call(array([1, 2])), /shape \[2\]; expected rank 2/);
  assert.throws(() => new R.OrthogonalRegularizer({ mode: 'diagonal' as never }), /'mode' is "diagonal"; expected one of 'rows', 'columns'/);
  assert.throws(() => new R.OrthogonalRegularizer({ factor: -1 }), /'factor' is -1; expected a number >= 0/);
  // On a PReLU weight of rank 2, its penalty is the layer's loss; tfjs has no such regularizer.
  const p = new L.PReLU({ alphaInitializer: 'identity', alphaRegularizer: 'orthogonal_regularizer' });
  p.build([null, 3, 3]);
  assert.equal(p.losses[0].item(), 0);
  const k3 = L.serialize(p);
  assert.deepEqual(k3.config.alpha_regularizer, { module: 'keras.regularizers', class_name: 'OrthogonalRegularizer', config: { factor: 0.01, mode: 'rows' }, registered_name: null });
  assert.deepEqual((L.deserialize(k3) as keras.layers.PReLU).alphaRegularizer?.getConfig(), { factor: 0.01, mode: 'rows' });
  assert.throws(() => L.serialize(p, { format: 'tfjs' }), /TensorFlow.js has no such regularizer/);
  for (const reg of [new R.L1({ l1: 0.5 }), new R.L2(), new R.L1L2({ l1: 0.1, l2: 0.2 })]) {
    const q = new L.PReLU({ alphaRegularizer: reg });
    assert.deepEqual((L.deserialize(L.serialize(q)) as keras.layers.PReLU).alphaRegularizer?.getConfig(), reg.getConfig());
  }
});

test('constraints: NonNeg, MaxNorm, MinMaxNorm, UnitNorm read, apply and write in both forms', () => {
  const C = keras.constraints;
  for (const c of [new C.NonNeg(), new C.MaxNorm({ maxValue: 3, axis: 1 }), new C.MinMaxNorm({ minValue: 0.5, maxValue: 2, rate: 0.5 }), new C.UnitNorm({ axis: -1 })]) {
    const q = new L.PReLU({ alphaConstraint: c });
    for (const format of ['keras3', 'tfjs'] as const) {
      const back = L.deserialize(L.serialize(q, { format })) as keras.layers.PReLU;
      assert.equal(back.alphaConstraint?.className, c.className);
      assert.deepEqual(back.alphaConstraint?.getConfig(), c.getConfig());
    }
  }
  const m = new C.MinMaxNorm({ minValue: 1, maxValue: 2, rate: 0.5 }).call(array([[0.3], [0.4]])).tolist() as number[][];
  // norm 0.5 → desired 0.5·1 + 0.5·0.5 = 0.75: the column is scaled by 1.5.
  assert.ok(Math.abs(m[0][0] - 0.45) < 1e-6 && Math.abs(m[1][0] - 0.6) < 1e-6);
  assert.deepEqual(new C.MaxNorm().getConfig(), { maxValue: 2, axis: 0 });
});

test('mutated initializer, regularizer and constraint configs: only ConfigErrors (fast-check, 3000 cases)', () => {
  const seedsJson = ALL_INITIALIZERS().map((init, i) => L.serialize(new L.PReLU({
    alphaInitializer: init,
    alphaRegularizer: i % 2 ? new keras.regularizers.OrthogonalRegularizer({ mode: 'columns' }) : new keras.regularizers.L1L2({ l1: 0.1 }),
    alphaConstraint: i % 3 ? new keras.constraints.MinMaxNorm({ rate: 0.5 }) : null,
  })));
  for (const s of seedsJson) (s as { build_config?: unknown }).build_config = { input_shape: [null, 3, 3] };
  const nasty = fc.constantFrom<unknown>(null, -1, 0, 0.5, 1e308, NaN, -0, 2 ** 53, '', 'fan_in', 'fanAvg', 'normal', 'rows', 'Orthogonal',
    'IdentityInitializer', 'uniform', [], {}, [2 ** 20, 2 ** 20], true, { class_name: 'GlorotUniform', config: { seed: 'x' } }, '__proto__');
  const pick = (v: unknown, path: number[], replacement: unknown): unknown => {
    if (path.length === 0 || v === null || typeof v !== 'object') return replacement;
    if (Array.isArray(v)) {
      if (v.length === 0) return replacement;
      const copy = [...v];
      copy[path[0] % v.length] = pick(v[path[0] % v.length], path.slice(1), replacement);
      return copy;
    }
    const keys = Object.keys(v);
    if (keys.length === 0) return { [String(replacement)]: replacement };
    const k = keys[path[0] % keys.length];
    return { ...(v as Record<string, unknown>), [k]: pick((v as Record<string, unknown>)[k], path.slice(1), replacement) };
  };
  fc.assert(fc.property(fc.nat(seedsJson.length - 1), fc.array(fc.nat(), { minLength: 2, maxLength: 6 }), nasty, (s, path, replacement) => {
    // Paths start in the config's three weight objects, where the new code reads.
    const target = ['alpha_initializer', 'alpha_regularizer', 'alpha_constraint'][path[0] % 3];
    const seed = seedsJson[s] as { config: Record<string, unknown> };
    const mutated = { ...seed, config: { ...seed.config, [target]: pick(seed.config[target], path.slice(1), replacement) } };
    try {
      L.deserialize(mutated);
    } catch (e) {
      if (!(e instanceof keras.ConfigError)) throw e;
    }
    return true;
  }), { numRuns: 3000, seed: 17 });
});

test('get / serialize / deserialize of initializers, regularizers and constraints (as keras.initializers.get, ...)', () => {
  const R = keras.regularizers, C = keras.constraints;
  assert.equal(I.get('he_normal').className, 'HeNormal');
  assert.equal(I.get('leCunUniform').className, 'LecunUniform');
  const o = new I.Orthogonal({ gain: 3 });
  assert.equal(I.get(o), o);
  assert.deepEqual(I.get({ className: 'Orthogonal', config: { gain: 2 } }).getConfig(), { gain: 2, seed: null });
  for (const init of ALL_INITIALIZERS()) {
    for (const format of ['keras3', 'tfjs'] as const) {
      if (format === 'tfjs' && init instanceof I.VarianceScaling && init.distribution === 'untruncated_normal') continue;
      const json = I.serialize(init, { format });
      const back = I.deserialize(JSON.stringify(json));
      assert.equal(back.className, init.className, `${init.className} (${format})`);
      assert.deepEqual(back.getConfig(), init.getConfig(), `${init.className} (${format})`);
    }
  }
  assert.deepEqual(I.serialize(new I.LecunNormal(), { format: 'tfjs' }), { class_name: 'LeCunNormal', config: { seed: null } });
  assert.throws(() => I.get('xavier'), keras.ConfigError);
  assert.throws(() => I.get(null as never), ValueError);
  assert.throws(() => I.deserialize('{"class_name": "Orthogonal", "config": {"gain": "big"}}'), (e: unknown) => e instanceof keras.ConfigError && /'gain' is "big"; expected a finite number/.test(e.message));
  assert.throws(() => I.deserialize('{not json'), /not valid JSON/);
  assert.throws(() => I.get(new Proxy({}, { ownKeys() { throw new Error('trap'); } })), keras.ConfigError);
  assert.equal(R.get(null), null);
  assert.equal(R.get('l1_l2')?.className, 'L1L2');
  assert.deepEqual(R.serialize(new R.L2(), { format: 'tfjs' }), { class_name: 'L1L2', config: { l1: 0, l2: 0.01 } });
  assert.deepEqual(R.deserialize({ module: 'keras.regularizers', class_name: 'OrthogonalRegularizer', config: { factor: 0.1, mode: 'columns' }, registered_name: null })?.getConfig(), { factor: 0.1, mode: 'columns' });
  assert.equal(C.get('maxNorm')?.className, 'MaxNorm');
  assert.deepEqual(C.serialize(new C.UnitNorm({ axis: 1 })), { module: 'keras.constraints', class_name: 'UnitNorm', config: { axis: 1 }, registered_name: null });
  assert.deepEqual(C.deserialize({ className: 'MinMaxNorm', config: { minValue: 0.5 } })?.getConfig(), { minValue: 0.5, maxValue: 1, rate: 1, axis: 0 });
  assert.throws(() => C.get(new R.L1() as never), /is a L1; expected one of keras.constraints/);
});
