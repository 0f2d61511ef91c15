// Interop with the real peer, TensorFlow.js (a dev dependency, CPU backend, no network): configs
// tfjs writes load here and compute what tfjs computes, and what nonlin writes in the tfjs form
// loads back in tfjs. Initializers: their class and fields cross both ways, and the
// deterministic ones (Zeros, Ones, Constant, Identity) give identical weights; random ones draw
// from each library's own generator, so only their configs are compared.
//
// Tolerances, in float32 ULPs of nonlin's result (which is within 1 ULP of the exact value,
// see keras.activations.test.ts and activations.test.ts):
//   exact (0 ULP): elu, selu, relu, relu6, linear, sigmoid, tanh and the ELU, ReLU, PReLU and
//     ThresholdedReLU layers (tfjs' CPU kernels evaluate these in float64 and round once too;
//     ThresholdedReLU: tfjs' x·(x > θ) is −0 for negative x, nonlin's is +0: equal values);
//   1 ULP: LeakyReLU (tfjs multiplies by the double α, nonlin by float32(α) like Keras and MLX),
//     softsign (tfjs rounds x/(|x| + 1) twice);
//   tfjs inexact (a chain of float32 ops, or an approximation), bounded and checked against a
//     float64 reference: hardSigmoid 16 ULP (0.2·x + 0.5 cancels near the kinks), softplus 8,
//     swish and mish 64 (σ(x) underflows to subnormals first), Softmax 64, logSoftmax 2048
//     (exp(x − logsumexp) in float32), gelu and gelu_new absolute 2e-6·max(1, |x|) (tfjs' erf is
//     Abramowitz-Stegun 7.1.26, and 1 + tanh cancels).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { array, keras, type NDArray } from '../src/index.js';
import { ulpErrorF32 } from './helpers/ulp.js';

// tfjs prints a banner about its Node backend on import; keep the test output clean.
const quiet = <T>(f: () => Promise<T>): Promise<T> => {
  const { warn, log } = console;
  console.warn = () => {}; console.log = () => {};
  return f().finally(() => { console.warn = warn; console.log = log; });
};
const tf = await quiet(async () => {
  const m = await import('@tensorflow/tfjs');
  await m.setBackend('cpu');
  await m.ready();
  return m;
});

const L = keras.layers;
const inputs: number[] = [];
for (let i = -400; i <= 400; i++) inputs.push(Math.fround(i / 20));
for (const e of [1e-8, 1e-5, 1e-3, 0.1, 20, 50, 88, 100]) inputs.push(Math.fround(e), Math.fround(-e));
const X = new Float32Array(inputs);

function runTf(layer: { apply(x: any): unknown }, x: Float32Array<ArrayBufferLike>, shape: number[]): Float32Array {
  return tf.tidy(() => (layer.apply(tf.tensor(x, shape)) as { dataSync(): Float32Array }).dataSync().slice());
}

/** Max ULP distance of tfjs' values from nonlin's (zeros of either sign count as equal). */
function maxUlp(tfv: Float32Array, ours: ArrayLike<number>): { ulp: number; at: number } {
  let ulp = 0, at = NaN;
  for (let i = 0; i < ours.length; i++) {
    if (tfv[i] === 0 && ours[i] === 0) continue;
    const e = ulpErrorF32(tfv[i], ours[i]);
    if (!(e <= ulp)) { ulp = e; at = i; }
  }
  return { ulp, at };
}

const row = (x: Float32Array) => array(x).reshape(1, -1);

/** Exact float64 references for checking that the inexact side is tfjs, not nonlin. */
const REF64: Record<string, (x: number) => number> = {
  hardSigmoid: (x) => Math.min(1, Math.max(0, (x + 2.5) / 5)),
  softplus: (x) => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x))),
  softsign: (x) => x / (1 + Math.abs(x)),
  swish: (x) => x / (1 + Math.exp(-x)),
  sigmoid: (x) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x))),
};

// sigmoid: 1, because nonlin's float32 kernel is within 0.503 ULP, not correctly rounded: at a
// near-tie (x = −9.95 here, 7e-5 ULP from a midpoint) it may round the other way than tfjs.
const ACTIVATION_BOUNDS: [string, number | 'abs'][] = [
  ['elu', 0], ['selu', 0], ['relu', 0], ['relu6', 0], ['linear', 0], ['sigmoid', 1], ['tanh', 0],
  ['softsign', 1], ['hardSigmoid', 16], ['softplus', 8], ['swish', 64], ['mish', 64], ['gelu', 'abs'], ['gelu_new', 'abs'],
];

test('tfjs Activation configs (getConfig and model.toJSON forms) load here and match tfjs outputs', () => {
  const report: string[] = [];
  for (const [name, bound] of ACTIVATION_BOUNDS) {
    const tl = tf.layers.activation({ activation: name as never });
    const want = runTf(tl, X, [1, X.length]);
    const layer = L.deserialize({ className: 'Activation', config: tl.getConfig() }) as keras.layers.Activation;
    const got = layer.apply(row(X)).toTypedArray();
    if (bound === 'abs') {
      got.forEach((g, i) => {
        if (!(Math.abs(g - want[i]) <= 2e-6 * Math.max(1, Math.abs(X[i])))) report.push(`${name}(${X[i]}): tfjs ${want[i]}, nonlin ${g}`);
      });
    } else {
      const { ulp, at } = maxUlp(want, got);
      if (!(ulp <= bound)) report.push(`${name}: ${ulp} ULP at x = ${X[at]} (tfjs ${want[at]}, nonlin ${got[at]}); bound ${bound}`);
    }
    const ref = REF64[name];
    if (ref) got.forEach((g, i) => { if (!(ulpErrorF32(g, ref(X[i])) <= 1)) report.push(`${name}(${X[i]}) = ${g} is not within 1 ULP of ${ref(X[i])}`); });
  }
  assert.deepEqual(report, []);
  // The snake_case topology tfjs writes (model.toJSON) loads as well, with the legacy meaning of
  // 'hard_sigmoid' (tfjs writes its hardSigmoid under that name).
  const m = tf.sequential({ layers: [tf.layers.activation({ activation: 'hardSigmoid', inputShape: [X.length] }), tf.layers.activation({ activation: 'logSoftmax' as never })] });
  const topo = m.toJSON(null, false) as unknown as Record<string, unknown>;
  const ours = keras.models.deserialize(topo);
  assert.equal((ours.layers[0] as keras.layers.Activation).activation, keras.activations.tfjsHardSigmoid);
  assert.deepEqual(ours.batchInputShape, [null, X.length]);
  const want = (m.predict(tf.tensor2d(X, [1, X.length])) as { dataSync(): Float32Array }).dataSync();
  const got = ours.apply(row(X)).toTypedArray();
  assert.ok(maxUlp(want, got).ulp <= 2048, 'hardSigmoid then logSoftmax');
});

test('tfjs ELU, LeakyReLU, PReLU, ReLU, ThresholdedReLU and Softmax layers: configs load and outputs match', () => {
  type TfLayer = ReturnType<typeof tf.layers.reLU> | ReturnType<typeof tf.layers.elu> | ReturnType<typeof tf.layers.leakyReLU> | ReturnType<typeof tf.layers.thresholdedReLU> | ReturnType<typeof tf.layers.prelu>;
  const shape = { inputShape: [X.length] };
  const cases: [string, (extra?: object) => TfLayer, number][] = [
    ['ELU', (e = {}) => tf.layers.elu({ alpha: 1, ...e }), 0],
    ['LeakyReLU (default 0.3)', (e = {}) => tf.layers.leakyReLU({ ...e }), 1],
    ['LeakyReLU', (e = {}) => tf.layers.leakyReLU({ alpha: 0.1, ...e }), 1],
    ['ReLU', (e = {}) => tf.layers.reLU({ ...e }), 0],
    ['ReLU(maxValue)', (e = {}) => tf.layers.reLU({ maxValue: 6, ...e }), 0],
    ['ThresholdedReLU', (e = {}) => tf.layers.thresholdedReLU({ theta: 0.5, ...e }), 0],
    ['ThresholdedReLU (default 1)', (e = {}) => tf.layers.thresholdedReLU({ ...e }), 0],
    ['PReLU', (e = {}) => tf.layers.prelu({ alphaInitializer: tf.initializers.constant({ value: 0.25 }), ...e }), 0],
  ];
  const report: string[] = [];
  for (const [what, make, bound] of cases) {
    const tl = make();
    const want = runTf(tl, X, [1, X.length]);
    const fromConfig = L.deserialize({ className: tl.getClassName(), config: tl.getConfig() });
    // And through the snake_case form tfjs saves (model.toJSON).
    const m = tf.sequential({ layers: [make(shape)] });
    const saved = keras.models.deserialize(m.toJSON(null, false) as unknown as object);
    for (const [form, layer] of [['getConfig', fromConfig], ['model.json', saved.layers[0]]] as const) {
      const got = layer.apply(row(X)).toTypedArray();
      const { ulp, at } = maxUlp(want, got);
      if (!(ulp <= bound)) report.push(`${what} (${form}): ${ulp} ULP at x = ${X[at]} (tfjs ${want[at]}, nonlin ${got[at]})`);
    }
  }
  assert.deepEqual(report, []);
  // PReLU with trained weights and shared axes: weights move across with setWeights.
  const tp = tf.layers.prelu({ sharedAxes: [1] });
  const x3 = new Float32Array([-1, 2, -3, 4, -5, 6, -7, 8, -9, 10, -11, 12]);
  tp.build([null, 2, 6]);
  tp.setWeights([tf.tensor([[0.1, 0.2, 0.3, 0.4, 0.5, 0.6]], [1, 6])]);
  const mine = L.deserialize({ className: 'PReLU', config: tp.getConfig() }) as keras.layers.PReLU;
  mine.build([null, 2, 6]);
  assert.deepEqual(mine.alpha.shape, [1, 6]);
  mine.setWeights([array(tp.getWeights()[0].dataSync() as Float32Array).reshape(1, 6)]);
  assert.deepEqual([...mine.apply(array(x3).reshape(1, 2, 6)).toTypedArray()], [...runTf(tp, x3, [1, 2, 6])]);
});

test('tfjs Softmax: axis forms and the mask; default axis differs (tfjs 1, Keras -1)', () => {
  const rows: number[][] = [];
  for (let r = 0; r < 64; r++) rows.push(Array.from({ length: 8 }, (_, k) => Math.fround(Math.sin(r * 8 + k) * (1 + r / 4))));
  const flat = new Float32Array(rows.flat());
  for (const axis of [-1, 1, [1]] as const) {
    const tl = tf.layers.softmax({ axis: axis as never });
    const want = runTf(tl, flat, [64, 8]);
    const got = L.deserialize({ className: 'Softmax', config: tl.getConfig() }).apply(array(rows)).toTypedArray();
    assert.ok(maxUlp(want, got).ulp <= 64, `softmax axis ${JSON.stringify(axis)}`);
  }
  assert.equal((tf.layers.softmax().getConfig() as { axis: number }).axis, 1);
  assert.equal(new L.Softmax().axis, -1);
  // A partial mask: tfjs adds (1 − mask)·(−1e9), Keras 3 substitutes −1e9; the kept entries agree.
  const mask = rows.map((r, i) => r.map((_, k) => ((i + k) % 3 === 0 ? 0 : 1)));
  const tl = tf.layers.softmax({ axis: -1 });
  const want = tf.tidy(() => (tl.apply(tf.tensor2d(flat, [64, 8]), { mask: tf.tensor2d(mask) }) as { dataSync(): Float32Array }).dataSync().slice());
  const got = new L.Softmax().apply(array(rows), { mask: array(mask) }).toTypedArray();
  assert.ok(maxUlp(want, got).ulp <= 64, 'masked softmax');
});

test('what nonlin writes in the tfjs form loads back in tfjs (tf.models.modelFromJSON) and computes the same', async () => {
  keras.backend.clearSession();
  const prelu = new L.PReLU({ alphaInitializer: { className: 'Constant', config: { value: 0.25 } }, alphaConstraint: 'non_neg', alphaRegularizer: { className: 'L1L2', config: { l1: 0, l2: 0.01 } } });
  const ours = new keras.Sequential({
    layers: [
      new L.ELU(), new L.LeakyReLU({ negativeSlope: 0.1 }), prelu, new L.ReLU({ maxValue: 6 }),
      new L.ThresholdedReLU({ theta: 0.5 }), new L.Activation('tanh'), new L.Activation('log_softmax'), new L.Softmax({ axis: -1 }),
    ],
    batchInputShape: [null, X.length],
  });
  const topology = JSON.parse(JSON.stringify(ours.serialize({ format: 'tfjs' })));
  const model = await tf.models.modelFromJSON({ modelTopology: topology });
  assert.deepEqual(model.layers.map((l) => l.getClassName()), ['ELU', 'LeakyReLU', 'PReLU', 'ReLU', 'ThresholdedReLU', 'Activation', 'Activation', 'Softmax']);
  assert.deepEqual(model.layers.map((l) => l.name), ours.layers.map((l) => l.name));
  const cfg = (i: number) => model.layers[i].getConfig() as Record<string, unknown>;
  assert.equal(cfg(1).alpha, 0.1);
  assert.equal(cfg(3).maxValue, 6);
  assert.equal(cfg(4).theta, 0.5);
  assert.equal(cfg(6).activation, 'logSoftmax');
  assert.deepEqual(cfg(2).alphaInitializer, { className: 'Constant', config: { value: 0.25 } });
  assert.deepEqual(cfg(2).alphaConstraint, { className: 'NonNeg', config: {} });
  // Layer by layer, through tfjs' own loaded layers.
  let cur: Float32Array<ArrayBufferLike> = X;
  let x: NDArray = row(X);
  ours.layers.forEach((layer, i) => {
    const want = runTf(model.layers[i], cur, [1, X.length]);
    x = layer.apply(x);
    const got = x.toTypedArray() as Float32Array;
    const bound = layer.className === 'LeakyReLU' ? 1 : layer.className === 'Softmax' || (layer as keras.layers.Activation).activation === keras.activations.logSoftmax ? 2048 : 0;
    const { ulp, at } = maxUlp(want, got);
    assert.ok(ulp <= bound, `${layer.name}: ${ulp} ULP at ${at} (tfjs ${want[at]}, nonlin ${got[at]})`);
    cur = got;
  });
  // tfjs' own Keras-2 style JSON of a model it loaded from ours reads back here identically.
  const again = keras.models.deserialize(model.toJSON(null, false) as unknown as object);
  assert.deepEqual(again.serialize({ format: 'tfjs' }), ours.serialize({ format: 'tfjs' }));
});

test('initializers: what nonlin writes in the tfjs form loads in tfjs with the same class and fields', async () => {
  keras.backend.clearSession();
  const I = keras.initializers;
  const inits = [
    new I.Zeros(), new I.Ones(), new I.Constant({ value: 0.5 }), new I.RandomUniform({ minval: -1, maxval: 1, seed: 1 }),
    new I.RandomNormal({ stddev: 2, seed: 2 }), new I.TruncatedNormal({ stddev: 0.1, seed: 3 }),
    new I.VarianceScaling({ scale: 2, mode: 'fan_out', distribution: 'uniform', seed: 4 }), new I.VarianceScaling({ mode: 'fan_avg' }),
    new I.GlorotUniform({ seed: 5 }), new I.GlorotNormal(), new I.HeUniform(), new I.HeNormal(), new I.LecunUniform(), new I.LecunNormal(),
    new I.Orthogonal({ gain: 2, seed: 6 }), new I.Identity({ gain: 3 }),
  ];
  const ours = new keras.Sequential({ layers: inits.map((init) => new L.PReLU({ alphaInitializer: init })), batchInputShape: [null, 4, 4] });
  const model = await tf.models.modelFromJSON({ modelTopology: JSON.parse(JSON.stringify(ours.serialize({ format: 'tfjs' }))) });
  // tfjs' own class names (it reports its Glorot/He/LeCun presets as VarianceScaling), in its camelCase.
  const want: [string, Record<string, unknown>][] = [
    ['Zeros', {}], ['Ones', {}], ['Constant', { value: 0.5 }], ['RandomUniform', { minval: -1, maxval: 1, seed: 1 }],
    ['RandomNormal', { mean: 0, stddev: 2, seed: 2 }], ['TruncatedNormal', { mean: 0, stddev: 0.1, seed: 3 }],
    ['VarianceScaling', { scale: 2, mode: 'fanOut', distribution: 'uniform', seed: 4 }], ['VarianceScaling', { scale: 1, mode: 'fanAvg', distribution: 'normal', seed: null }],
    ['VarianceScaling', { scale: 1, mode: 'fanAvg', distribution: 'uniform', seed: 5 }], ['VarianceScaling', { scale: 1, mode: 'fanAvg', distribution: 'normal', seed: null }],
    ['VarianceScaling', { scale: 2, mode: 'fanIn', distribution: 'uniform', seed: null }], ['VarianceScaling', { scale: 2, mode: 'fanIn', distribution: 'normal', seed: null }],
    ['VarianceScaling', { scale: 1, mode: 'fanIn', distribution: 'uniform', seed: null }], ['VarianceScaling', { scale: 1, mode: 'fanIn', distribution: 'normal', seed: null }],
    ['Orthogonal', { gain: 2, seed: 6 }], ['Identity', { gain: 3 }],
  ];
  model.layers.forEach((layer, i) => {
    const cfg = (layer.getConfig() as { alphaInitializer: { className: string; config: Record<string, unknown> } }).alphaInitializer;
    assert.equal(cfg.className, want[i][0], inits[i].className);
    assert.deepEqual({ ...cfg.config, seed: cfg.config.seed ?? null }, { ...want[i][1], ...('seed' in want[i][1] ? {} : { seed: null }) }, inits[i].className);
    assert.deepEqual(layer.getWeights()[0].shape, [4, 4]);
  });
  // The deterministic ones give tfjs the same weights.
  assert.deepEqual([...model.layers[2].getWeights()[0].dataSync()], new Array(16).fill(0.5));
  assert.deepEqual([...model.layers[15].getWeights()[0].dataSync()], [...ours.layers[15].getWeights()[0].toTypedArray()]);
  // tfjs' Orthogonal weight is orthogonal too (its own random numbers): QᵀQ = gain²·I.
  const q = model.layers[14].getWeights()[0].arraySync() as number[][];
  for (let a = 0; a < 4; a++) for (let b = 0; b < 4; b++) {
    const dot = q.reduce((s, row) => s + row[a] * row[b], 0);
    assert.ok(Math.abs(dot - (a === b ? 4 : 0)) < 1e-4);
  }
});

test('initializers: what tfjs writes (getConfig and model.toJSON) loads here with the same meaning', () => {
  const ti = tf.initializers;
  const cases: [unknown, string, Record<string, unknown>][] = [
    [ti.zeros(), 'Zeros', {}], [ti.ones(), 'Ones', {}], [ti.constant({ value: -2 }), 'Constant', { value: -2 }],
    [ti.randomUniform({ minval: 0.5, maxval: 2, seed: 1 }), 'RandomUniform', { minval: 0.5, maxval: 2, seed: 1 }],
    [ti.randomNormal({ mean: 1, stddev: 3, seed: 2 }), 'RandomNormal', { mean: 1, stddev: 3, seed: 2 }],
    [ti.truncatedNormal({ stddev: 0.2, seed: 3 }), 'TruncatedNormal', { mean: 0, stddev: 0.2, seed: 3 }],
    [ti.varianceScaling({ scale: 3, mode: 'fanOut', distribution: 'uniform', seed: 4 }), 'VarianceScaling', { scale: 3, mode: 'fan_out', distribution: 'uniform', seed: 4 }],
    [ti.glorotUniform({ seed: 5 }), 'VarianceScaling', { scale: 1, mode: 'fan_avg', distribution: 'uniform', seed: 5 }],
    [ti.glorotNormal({}), 'VarianceScaling', { scale: 1, mode: 'fan_avg', distribution: 'truncated_normal', seed: null }],
    [ti.heUniform({}), 'VarianceScaling', { scale: 2, mode: 'fan_in', distribution: 'uniform', seed: null }],
    [ti.heNormal({}), 'VarianceScaling', { scale: 2, mode: 'fan_in', distribution: 'truncated_normal', seed: null }],
    [ti.leCunUniform({}), 'VarianceScaling', { scale: 1, mode: 'fan_in', distribution: 'uniform', seed: null }],
    [ti.leCunNormal({}), 'VarianceScaling', { scale: 1, mode: 'fan_in', distribution: 'truncated_normal', seed: null }],
    [ti.orthogonal({ gain: 2, seed: 6 }), 'Orthogonal', { gain: 2, seed: 6 }],
    [ti.identity({ gain: 3 }), 'Identity', { gain: 3 }],
  ];
  for (const [init, className, config] of cases) {
    const tl = tf.layers.prelu({ alphaInitializer: init as never });
    const m = tf.sequential({ layers: [tf.layers.prelu({ alphaInitializer: init as never, inputShape: [4, 4] })] });
    for (const [form, layer] of [
      ['getConfig', L.deserialize({ className: 'PReLU', config: tl.getConfig() })],
      ['model.json', keras.models.deserialize(m.toJSON(null, false) as unknown as object).layers[0]],
    ] as const) {
      const p = layer as keras.layers.PReLU;
      assert.equal(p.alphaInitializer.className, className, `${className} (${form})`);
      assert.deepEqual(p.alphaInitializer.getConfig(), config, `${className} (${form})`);
    }
    // Deterministic initializers give the same weights as tfjs'.
    if (['Zeros', 'Ones', 'Constant', 'Identity'].includes(className)) {
      const ours = keras.models.deserialize(m.toJSON(null, false) as unknown as object);
      assert.deepEqual([...ours.getWeights()[0].toTypedArray()], [...m.getWeights()[0].dataSync()], className);
    }
  }
});
