// keras.layers: the Layer API of the seed page, each activation layer with Keras' defaults, the
// JSON forms, and the Keras 3 saved-model fixture (test/fixtures/keras/config.json).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { array, grad, nn, keras, type NDArray, ValueError } from '../src/index.js';
import { repoRoot } from './helpers/fixtures.js';
import { ulpErrorF32 } from './helpers/ulp.js';

const L = keras.layers;
const A = keras.activations;
const same = (a: NDArray, b: NDArray) => {
  assert.deepEqual(a.shape, b.shape);
  const x = a.toTypedArray(), y = b.toTypedArray();
  x.forEach((v, i) => assert.ok(Object.is(v, y[i]), `element ${i}: ${v} vs ${y[i]}`));
};
const x = array([[1.15, -0.81, 0.36], [0.77, 0.66, -3]]);

test("each layer computes its activation with Keras' defaults", () => {
  same(new L.ELU().apply(x), nn.elu(x, 1));
  same(new L.ELU({ alpha: 0.5 }).apply(x), nn.elu(x, 0.5));
  same(new L.LeakyReLU().apply(x), nn.leakyRelu(x, 0.3));
  same(new L.LeakyReLU({ negativeSlope: 0.1 }).apply(x), nn.leakyRelu(x, 0.1));
  same(new L.LeakyReLU({ alpha: 0.2 }).apply(x), nn.leakyRelu(x, 0.2)); // the legacy name
  same(new L.ReLU().apply(x), nn.relu(x));
  same(new L.ReLU({ maxValue: 6 }).apply(array([-1, 3, 7])), nn.relu6(array([-1, 3, 7])));
  same(new L.ReLU({ maxValue: 10, negativeSlope: 0.5 }).apply(array([-10, -5, 0, 5, 10])), array([-5, -2.5, 0, 5, 10]));
  same(new L.Softmax().apply(x), nn.softmax(x, -1));
  same(new L.Softmax({ axis: 0 }).apply(x), nn.softmax(x, 0));
  same(new L.ThresholdedReLU().apply(array([-1, 0.5, 1, 1.5])), array([0, 0, 0, 1.5]));
  same(new L.ThresholdedReLU({ theta: 0.2 }).apply(array([-1, 0.5, 0.2])), array([0, 0.5, 0]));
  same(new L.Activation('gelu').apply(x), nn.gelu(x));
  same(new L.Activation({ activation: 'swish', name: 'act' }).apply(x), nn.silu(x));
  same(new L.Activation(A.hardSigmoid).apply(x), A.hardSigmoid(x));
  const p = new L.PReLU();
  same(p.apply(x), nn.prelu(x, array([0, 0, 0]))); // alpha starts at zeros
  assert.deepEqual(L.ELU.className, 'ELU');
  assert.deepEqual(keras.LAYER_DEFAULTS.LeakyReLU.negativeSlope, 0.3);
});

test('options are checked: negative ReLU options, LeakyReLU slope, theta, axis, names', () => {
  assert.throws(() => new L.ReLU({ maxValue: -1 }), /'maxValue' is -1; expected a number >= 0/);
  assert.throws(() => new L.ReLU({ negativeSlope: -0.1 }), ValueError);
  assert.throws(() => new L.ReLU({ threshold: -2 }), ValueError);
  assert.throws(() => new L.LeakyReLU({ negativeSlope: -0.1 }), /cannot be negative/);
  assert.throws(() => new L.ThresholdedReLU({ theta: -1 }), ValueError);
  assert.throws(() => new L.ELU({ alpha: Infinity }), /'alpha' is Infinity/);
  assert.throws(() => new L.Softmax({ axis: [1, 1] }), /distinct/);
  assert.throws(() => new L.ELU({ name: 'a/b' }), /without '\//);
  assert.throws(() => new L.ELU({ dtype: 'int8' as never }), /expected one of float32/);
  assert.throws(() => new L.Activation('nope'), /unknown activation "nope"/);
  assert.throws(() => new L.PReLU({ sharedAxes: [0] }), /axis 0 is the batch/);
});

test('names are unique per class (elu, elu_1, ...), as Keras; clearSession resets them', () => {
  keras.backend.clearSession();
  const names = [new L.ELU(), new L.ELU(), new L.LeakyReLU(), new L.PReLU(), new L.ReLU(), new L.ThresholdedReLU(), new L.ELU()].map((l) => l.name);
  assert.deepEqual(names, ['elu', 'elu_1', 'leaky_re_lu', 'p_re_lu', 're_lu', 'thresholded_re_lu', 'elu_2']);
  assert.equal(new L.ELU({ name: 'mine' }).name, 'mine');
  keras.backend.clearSession();
  assert.equal(new L.ELU().name, 'elu');
});

test('PReLU: weight of shape inputShape[1:] with shared axes set to 1; build, countParams, weights', () => {
  const p = new L.PReLU({ alphaInitializer: { className: 'Constant', config: { value: 0.25 } }, sharedAxes: [1, 2] });
  assert.equal(p.built, false);
  assert.throws(() => p.countParams(), (e: unknown) => e instanceof ValueError && e.message.includes(`You tried to call \`count_params\` on layer '${p.name}', but the layer isn't built.`));
  p.build([null, 5, 6, 3]);
  assert.deepEqual(p.alpha.shape, [1, 1, 3]);
  assert.equal(p.countParams(), 3);
  assert.equal(p.weights.length, 1);
  assert.equal(p.trainableWeights.length, 1);
  assert.equal(p.nonTrainableWeights.length, 0);
  assert.equal(p.weights[0].path, `${p.name}/alpha`);
  assert.deepEqual(p.getWeights()[0].tolist(), [[[0.25, 0.25, 0.25]]]);
  const input = array([[[[-4, 2, -8]]]]).reshape(1, 1, 1, 3);
  same(p.apply(input.reshape(1, 1, 1, 3)), nn.prelu(input, array([0.25, 0.25, 0.25])));
  p.trainable = false;
  assert.equal(p.trainableWeights.length, 0);
  assert.equal(p.nonTrainableWeights.length, 1);
  p.trainable = true;
  // An input whose non-shared axis differs is rejected, naming the expected shape.
  assert.throws(() => p.apply(array([[[[1, 2]]]])), /incompatible with the layer: expected shape \[null,null,null,3\]/);
  // Unshared: the weight has the full shape after the batch.
  const q = new L.PReLU();
  q.apply(array([[1, 2], [3, 4]]));
  assert.deepEqual(q.alpha.shape, [2]);
  assert.throws(() => new L.PReLU().build([null, null, 3]), /every axis after the batch must be known or shared/);
  assert.throws(() => new L.PReLU().build([null, 2 ** 20, 2 ** 20]), /expected at most 67108864/);
});

test('getWeights / setWeights: count and shape errors name the expected shapes', () => {
  const p = new L.PReLU();
  p.build([null, 2, 3]);
  p.setWeights([array([[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]])]);
  assert.deepEqual(p.getWeights()[0].toTypedArray(), new Float32Array([0.1, 0.2, 0.3, 0.4, 0.5, 0.6]));
  assert.throws(() => p.setWeights([]), /weight list of length 0, but the layer was expecting 1 weights \('alpha' of shape \[2,3\]\)/);
  assert.throws(() => p.setWeights([array([1, 2, 3])]), /weight 'alpha' has shape \[2,3\], not compatible with the provided weight of shape \[3\]/);
  const e = new L.ELU();
  e.build([null, 4]);
  assert.deepEqual(e.getWeights(), []);
  e.setWeights([]);
  assert.equal(e.countParams(), 0);
  assert.throws(() => e.setWeights([array([1])]), /expecting 0 weights \(no weights\)/);
});

test('graph-only properties raise the AttributeError Keras raises for a layer with no inbound node', () => {
  const l = new L.ELU({ name: 'elu_graph' });
  const msg = (attr: string) => `elu_graph.${attr}: The layer elu_graph has never been called and thus has no defined ${attr}.`;
  const cases: [() => unknown, string][] = [
    [() => l.input, 'input'], [() => l.output, 'output'], [() => l.inputShape, 'input shape'], [() => l.outputShape, 'output shape'],
    [() => l.inputMask, 'input mask'], [() => l.outputMask, 'output mask'], [() => l.getInputAt(0), 'input'], [() => l.getOutputAt(0), 'output'],
    [() => l.getInputShapeAt(0), 'input shape'], [() => l.getOutputShapeAt(0), 'output shape'], [() => l.getInputMaskAt(0), 'input mask'], [() => l.getOutputMaskAt(0), 'output mask'],
  ];
  for (const [fn, attr] of cases) {
    assert.throws(fn, (e: unknown) => e instanceof keras.AttributeError && e.message === msg(attr), attr);
  }
  l.apply(x); // an eager call does not make a graph node either
  assert.throws(() => l.output, keras.AttributeError);
});

test('apply / call, computeOutputShape, computeMask, dtype policies', () => {
  const l = new L.LeakyReLU();
  assert.deepEqual(l.computeOutputShape([null, 3, 4]), [null, 3, 4]);
  same(l.call(x), l.apply(x));
  const mask = array([true, false]);
  assert.equal(l.computeMask(x, mask), mask);
  const h = new L.ELU({ dtype: 'float16' });
  assert.equal(h.apply(x).dtype, 'float16');
  assert.equal(h.dtype, 'float16');
  const m = new L.PReLU({ dtype: 'mixed_float16', alphaInitializer: 'ones' });
  const y = m.apply(x);
  assert.equal(y.dtype, 'float16');
  assert.equal(m.dtype, 'float32'); // variables stay float32 under mixed policies
  assert.equal(m.computeDtype, 'float16');
  assert.equal(new L.ELU({ dtype: 'float64' }).apply(x).dtype, 'float64');
  assert.equal(new L.ReLU().apply(array([1, -2], 'int32')).dtype, 'float32');
});

test('Softmax mask (Keras 3): masked positions get -1e9 (-3e4 in float16) and 0 after; fully masked rows give 0', () => {
  const s = new L.Softmax();
  const scores = array([[1, 2, 3], [4, 5, 6], [1, 1, 1]]);
  const mask = array([[true, false, true], [false, false, false], [1, 0.2, 0.7]]);
  const y = s.apply(scores, { mask }).tolist() as number[][];
  const two = nn.softmax(array([1, 3])).tolist() as number[];
  assert.deepEqual(y[0], [two[0], 0, two[1]]);
  assert.deepEqual(y[1], [0, 0, 0]);
  assert.deepEqual(y[2], [0.5, 0, 0.5]);
  // A mask that broadcasts ([1, 3] against [3, 3]).
  const b = s.apply(scores, { mask: array([[true, true, false]]) }).tolist() as number[][];
  assert.deepEqual(b[0], [...(nn.softmax(array([1, 2])).tolist() as number[]), 0]);
  // float16: -3e4 is the stand-in for -inf (-1e9 would be -inf in float16).
  const s16 = new L.Softmax({ dtype: 'float16' });
  const h = s16.apply(array([[0, 1]]), { mask: array([[true, false]]) });
  assert.equal(h.dtype, 'float16');
  assert.deepEqual(h.tolist(), [[1, 0]]);
  const hv = s16.apply(array([[-2e4, -2.5e4]], 'float16'), { mask: array([[true, false]]) });
  assert.deepEqual(hv.tolist(), [[1, 0]]);
  assert.throws(() => s.apply(scores, { mask: array([true, false]) }), (e: unknown) => e instanceof ValueError && /'mask' has shape \[2\]; expected a shape that broadcasts to the inputs' \[3,3\]/.test(e.message));
  // Several axes at once.
  const multi = new L.Softmax({ axis: [0, 1] }).apply(array([[1, 2], [3, 4]])).toTypedArray();
  const e = [1, 2, 3, 4].map((v) => Math.exp(v - 4));
  const t = e.reduce((a, c) => a + c, 0);
  multi.forEach((v, i) => assert.ok(ulpErrorF32(v, e[i] / t) <= 1));
});

test('getConfig (TypeScript names) and fromConfig round-trip every layer', () => {
  const layers = [
    new L.ELU({ alpha: 0.5, name: 'e' }), new L.LeakyReLU({ negativeSlope: 0.1 }), new L.ReLU({ maxValue: 6, threshold: 0.5 }),
    new L.Softmax({ axis: [1, 2] }), new L.ThresholdedReLU({ theta: 2 }), new L.Activation('hard_silu'),
    new L.PReLU({ alphaInitializer: 'ones', alphaRegularizer: 'l2', alphaConstraint: { className: 'MaxNorm', config: { maxValue: 3, axis: 0 } }, sharedAxes: [1] }),
    new L.ELU({ trainable: false, dtype: 'float64', batchInputShape: [null, 3] }),
  ];
  for (const l of layers) {
    const config = l.getConfig();
    const cls = l.constructor as unknown as { fromConfig(c: unknown): keras.layers.Layer };
    const back = cls.fromConfig(config);
    assert.deepEqual(back.getConfig(), config, l.className);
    assert.equal(back.className, l.className);
  }
  assert.deepEqual(new L.ReLU({ name: 'r' }).getConfig(), { name: 'r', trainable: true, dtype: 'float32', maxValue: null, negativeSlope: 0, threshold: 0 });
  assert.deepEqual(new L.Activation({ activation: 'swish', name: 'a' }).getConfig(), { name: 'a', trainable: true, dtype: 'float32', activation: 'silu' });
  assert.throws(() => L.ELU.fromConfig({ name: 'e', trainable: true, dtype: 'float32', alpha: 'x' } as never), keras.ConfigError);
});

test('serialize / deserialize: Keras 3 form with module, registered_name and build_config; tfjs form', () => {
  keras.backend.clearSession();
  const p = new L.PReLU({ alphaInitializer: { className: 'Constant', config: { value: 0.25 } }, alphaRegularizer: { className: 'L2', config: { l2: 0.01 } } });
  p.build([null, 4]);
  const k3 = L.serialize(p);
  assert.deepEqual(k3, {
    module: 'keras.layers', class_name: 'PReLU', registered_name: null, build_config: { input_shape: [null, 4] },
    config: {
      name: 'p_re_lu', trainable: true, dtype: { module: 'keras', class_name: 'DTypePolicy', config: { name: 'float32' }, registered_name: null },
      alpha_initializer: { module: 'keras.initializers', class_name: 'Constant', config: { value: 0.25 }, registered_name: null },
      alpha_regularizer: { module: 'keras.regularizers', class_name: 'L2', config: { l2: 0.01 }, registered_name: null },
      alpha_constraint: null, shared_axes: null,
    },
  });
  const back = L.deserialize(JSON.stringify(k3)) as keras.layers.PReLU;
  assert.equal(back.built, true);
  assert.deepEqual(back.alpha.shape, [4]);
  assert.deepEqual(L.serialize(back), k3);
  const penalty = back.losses[0].item() as number;
  assert.ok(Math.abs(penalty - 0.01 * 4 * 0.0625) < 1e-9);
  assert.deepEqual(L.serialize(p, { format: 'tfjs' }), {
    class_name: 'PReLU',
    config: {
      name: 'p_re_lu', trainable: true, dtype: 'float32', alpha_initializer: { class_name: 'Constant', config: { value: 0.25 } },
      alpha_regularizer: { class_name: 'L1L2', config: { l1: 0, l2: 0.01 } }, alpha_constraint: null, shared_axes: null,
    },
  });
  assert.deepEqual(L.serialize(new L.LeakyReLU({ name: 'lr' })), {
    module: 'keras.layers', class_name: 'LeakyReLU', registered_name: null,
    config: { name: 'lr', trainable: true, dtype: { module: 'keras', class_name: 'DTypePolicy', config: { name: 'float32' }, registered_name: null }, negative_slope: 0.3 },
  });
  // tfjs cannot represent these with the same meaning: refuse rather than write another model.
  assert.throws(() => L.serialize(new L.ELU({ alpha: 0.5 }), { format: 'tfjs' }), /supports only alpha = 1/);
  assert.throws(() => L.serialize(new L.ReLU({ threshold: 1 }), { format: 'tfjs' }), /supports only max_value/);
  assert.throws(() => L.serialize(new L.Activation('squareplus'), { format: 'tfjs' }), /no TensorFlow.js equivalent/);
  // Keras 2 / tfjs JSON: LeakyReLU's alpha, dtype strings, batch_input_shape; 'hard_sigmoid' is tfjs' function.
  const legacy = L.deserialize({ class_name: 'LeakyReLU', config: { name: 'old', trainable: true, dtype: 'float32', alpha: 0.2, batch_input_shape: [null, 3] } }) as keras.layers.LeakyReLU;
  assert.equal(legacy.negativeSlope, 0.2);
  assert.deepEqual(legacy.batchInputShape, [null, 3]);
  const hs = L.deserialize({ class_name: 'Activation', config: { name: 'h', activation: 'hard_sigmoid' } }) as keras.layers.Activation;
  assert.equal(hs.activation, A.tfjsHardSigmoid);
  const hs3 = L.deserialize({ module: 'keras.layers', class_name: 'Activation', config: { name: 'h3', activation: 'hard_sigmoid' }, registered_name: null }) as keras.layers.Activation;
  assert.equal(hs3.activation, A.hardSigmoid);
  // Keras 3.0's plain dtype strings read too.
  assert.equal(L.deserialize({ module: 'keras.layers', class_name: 'ELU', config: { name: 'e0', alpha: 1, dtype: 'float16' } }).dtypePolicy, 'float16');
});

test('statelessCall runs with given weight values (for gradients w.r.t. PReLU alpha)', () => {
  const p = new L.PReLU();
  p.build([null, 2]);
  const [y] = p.statelessCall([array([0.5, 2])], [], array([[-2, -3]]));
  assert.deepEqual(y.tolist(), [[-1, -6]]);
  assert.deepEqual(p.getWeights()[0].tolist(), [0, 0]); // unchanged
  assert.throws(() => p.statelessCall([], [], x), /expected 1 and 0/);
  // d/dα Σ prelu(x, α) = Σ over the batch of min(x, 0): PReLU's weight gets its gradient.
  const inputs = array([[-2, 3], [-1, -4]]);
  const g = grad((alpha: NDArray) => p.statelessCall([alpha], [], inputs)[0].sum())(array([0.1, 0.2]));
  assert.deepEqual(g.tolist(), [-3, -4]);
});

test('the Keras 3 saved model (fixtures/keras/config.json) loads, runs, and writes back the same JSON', () => {
  const text = readFileSync(join(repoRoot, 'test', 'fixtures', 'keras', 'config.json'), 'utf8');
  const model = keras.models.deserialize(text);
  assert.deepEqual(model.layers.map((l) => `${l.className}:${l.name}`), [
    'ELU:elu', 'LeakyReLU:leaky_re_lu', 'PReLU:p_re_lu', 'ReLU:re_lu', 'Activation:activation', 'Activation:activation_1', 'Softmax:softmax',
  ]);
  assert.deepEqual(model.batchInputShape, [null, 4]);
  const [elu, leaky, prelu, relu, gelu, hsig, softmax] = model.layers as [keras.layers.ELU, keras.layers.LeakyReLU, keras.layers.PReLU, keras.layers.ReLU, keras.layers.Activation, keras.layers.Activation, keras.layers.Softmax];
  assert.equal(elu.alpha, 0.5);
  assert.equal(leaky.negativeSlope, 0.3);
  assert.deepEqual(prelu.alpha.shape, [4]);
  assert.equal(relu.maxValue, 6);
  assert.equal(gelu.activation, A.gelu);
  assert.equal(hsig.activation, A.hardSigmoid); // Keras 3's relu6(x + 3)/6
  assert.equal(softmax.axis, -1);
  assert.equal(model.countParams(), 4);
  const input = array([[-3, -0.5, 0.25, 8], [1, 2, -7, 0]]);
  let want: NDArray = input;
  for (const f of [(v: NDArray) => nn.elu(v, 0.5), (v: NDArray) => nn.leakyRelu(v, 0.3), (v: NDArray) => nn.prelu(v, array([0, 0, 0, 0])),
    (v: NDArray) => nn.relu6(v), nn.gelu, A.hardSigmoid, (v: NDArray) => nn.softmax(v)]) want = f(want);
  same(model.apply(input), want);
  assert.deepEqual(model.serialize(), JSON.parse(text));
});

test('Sequential: add, weights across layers, tfjs topology form', () => {
  keras.backend.clearSession();
  const m = new keras.Sequential({ layers: [new L.ReLU({ maxValue: 6 }), new L.PReLU()], batchInputShape: [null, 2] });
  assert.equal(m.name, 'sequential');
  assert.equal(m.weights.length, 1);
  m.setWeights([array([0.5, 0.25])]);
  same(m.apply(array([[-2, -4]])), array([[0, 0]]));
  assert.throws(() => m.setWeights([]), /expected 1/);
  assert.throws(() => m.add(m.layers[0]), /already in the model/);
  const topo = m.serialize({ format: 'tfjs' }) as { class_name: string; config: { layers: { config: Record<string, unknown> }[] } };
  assert.equal(topo.class_name, 'Sequential');
  assert.deepEqual(topo.config.layers[0].config.batch_input_shape, [null, 2]);
  const back = keras.models.deserialize({ modelTopology: topo, format: 'layers-model' });
  assert.deepEqual(back.layers.map((l) => l.className), ['ReLU', 'PReLU']);
  assert.deepEqual(back.batchInputShape, [null, 2]);
});

/**
 * Keras' `run_layer_test`, for nonlin's eager layers: construction from options, the built state
 * right after construction, weight counts (trainable, non-trainable) after building, the output
 * shape of a call and of computeOutputShape, the config round trip (getConfig → fromConfig and
 * serialize → deserialize, both forms where tfjs has the layer), and the mixed_float16 policy
 * (float16 outputs, float32 weights).
 */
function runLayerTest(cls: { new (args?: any): keras.layers.Layer; fromConfig(c: unknown): keras.layers.Layer }, args: object, expected: { builtAtInit: boolean; trainable: number; tfjs: boolean }): void {
  const inputShape = [2, 3, 4];
  const layer = new cls({ ...args });
  const what = layer.className;
  assert.equal(layer.built, expected.builtAtInit, `${what}: built after construction`);
  if (expected.builtAtInit) assert.equal(layer.countParams(), 0, what);
  const input = array(Array.from({ length: 24 }, (_, i) => (i % 7) - 3.25)).reshape(...inputShape);
  const y = layer.apply(input);
  assert.deepEqual(y.shape, inputShape, what);
  assert.deepEqual(layer.computeOutputShape([null, 3, 4]), [null, 3, 4], what);
  assert.equal(layer.built, true, what);
  assert.equal(layer.trainableWeights.length, expected.trainable, what);
  assert.equal(layer.nonTrainableWeights.length, 0, what);
  assert.equal(layer.weights.length, expected.trainable, what);
  assert.equal(layer.supportsMasking, true, what);
  assert.equal(layer.losses.length, layer.weights.filter((w) => w.regularizer !== null).length, what);
  // A stateless layer that was only applied writes no build_config (Keras >= 3.10).
  const k3 = L.serialize(layer);
  assert.equal('build_config' in k3, !expected.builtAtInit, `${what}: build_config`);
  const again = L.deserialize(JSON.parse(JSON.stringify(k3)));
  assert.deepEqual(L.serialize(again), k3, what);
  assert.equal(again.built, true, what);
  again.setWeights(layer.getWeights()); // an unseeded initializer draws other values
  same(again.apply(input), y);
  const fromConfig = cls.fromConfig(layer.getConfig());
  assert.deepEqual(fromConfig.getConfig(), layer.getConfig(), what);
  if (expected.tfjs) assert.deepEqual(L.serialize(L.deserialize(L.serialize(layer, { format: 'tfjs' })), { format: 'tfjs' }), L.serialize(layer, { format: 'tfjs' }), what);
  const mixed = new cls({ ...args, dtype: 'mixed_float16' });
  const ym = mixed.apply(input);
  assert.equal(ym.dtype, 'float16', what);
  assert.equal(mixed.computeDtype, 'float16', what);
  assert.equal(mixed.dtype, 'float32', what);
  assert.ok(mixed.weights.every((w) => w.dtype === 'float32'), what);
  assert.equal(L.serialize(mixed).config.dtype && (L.serialize(mixed).config.dtype as { config: { name: string } }).config.name, 'mixed_float16');
}

test("run_layer_test: every layer's construction, built state, weights, shapes, config round trip and mixed_float16", () => {
  const stateless = { builtAtInit: true, trainable: 0, tfjs: true };
  runLayerTest(L.ELU, { alpha: 1 }, stateless);
  runLayerTest(L.ReLU, { maxValue: 2 }, stateless);
  runLayerTest(L.LeakyReLU, { negativeSlope: 0.2 }, stateless);
  runLayerTest(L.Softmax, { axis: [1, 2] }, stateless);
  runLayerTest(L.ThresholdedReLU, { theta: 0.5 }, stateless);
  runLayerTest(L.Activation as never, { activation: 'tanh' }, stateless);
  runLayerTest(L.Activation as never, { activation: 'gelu' }, { ...stateless, tfjs: false });
  runLayerTest(L.PReLU, { alphaInitializer: 'glorot_uniform', alphaRegularizer: 'l2', sharedAxes: [1] }, { builtAtInit: false, trainable: 1, tfjs: true });
  runLayerTest(L.PReLU, { alphaInitializer: { className: 'Orthogonal', config: { gain: 2, seed: 1 } } }, { builtAtInit: false, trainable: 1, tfjs: true });
});

test('stateless layers are built at construction (Keras >= 3.10); build_config only after an explicit build; the older form reads', () => {
  for (const l of [new L.ELU(), new L.ReLU(), new L.LeakyReLU(), new L.Softmax(), new L.Activation('relu'), new L.ThresholdedReLU()]) {
    assert.equal(l.built, true, l.className);
    assert.equal(l.getBuildConfig(), null, l.className);
    assert.equal(String(l).includes('built=true'), true);
  }
  assert.equal(new L.PReLU().built, false);
  // Keras records a build shape when build() is called explicitly, and writes it.
  const e = new L.ELU({ name: 'e' });
  e.build([null, 5]);
  assert.deepEqual(L.serialize(e).build_config, { input_shape: [null, 5] });
  // Keras 3.0–3.9 wrote LeakyReLU with a build_config: it still loads, built, and keeps it.
  const old = { module: 'keras.layers', class_name: 'LeakyReLU', config: { name: 'lr', negative_slope: 0.1 }, registered_name: null, build_config: { input_shape: [null, 4] } };
  const lr = L.deserialize(old);
  assert.equal(lr.built, true);
  assert.deepEqual(L.serialize(lr).build_config, { input_shape: [null, 4] });
  // The Keras >= 3.10 form has none, and a Sequential does not add one to its layers.
  const m = new keras.Sequential({ layers: [new L.LeakyReLU({ name: 'l2' }), new L.PReLU({ name: 'p2' })], batchInputShape: [null, 4] });
  const layers = (m.serialize().config as { layers: { class_name: string; build_config?: unknown }[] }).layers;
  assert.deepEqual(layers.map((l) => [l.class_name, l.build_config]), [['InputLayer', undefined], ['LeakyReLU', undefined], ['PReLU', { input_shape: [null, 4] }]]);
});

test('Softmax mask validation (Keras >= 3.14): it must broadcast to the input; the output has the input shape', () => {
  const s = new L.Softmax();
  const isMaskError = (e: unknown) => e instanceof ValueError && /argument 'mask' has shape/.test(e.message);
  // (1, 3) input with a (2, 3) mask used to give shape [2, 3]: now an error.
  assert.throws(() => s.apply(array([[1, 2, 3]]), { mask: array([[true, true, false], [true, false, true]]) }), isMaskError);
  // More dimensions than the input, even of size 1.
  assert.throws(() => s.apply(array([[1, 2, 3]]), { mask: array([[[true, true, false]]]) }), isMaskError);
  assert.throws(() => s.apply(array([[1, 2, 3], [4, 5, 6]]), { mask: array([[true, false]]) }), isMaskError);
  // Masks of size 1 along an axis, or of lower rank, broadcast; the output keeps the input shape.
  const x = array([[1, 2, 3], [4, 5, 6]]);
  const y = s.apply(x, { mask: array([[true], [false]]) });
  assert.deepEqual(y.shape, [2, 3]);
  assert.deepEqual((y.tolist() as number[][])[1], [0, 0, 0]);
  const z = s.apply(x, { mask: array([1, 0, 1]) });
  assert.deepEqual(z.shape, [2, 3]);
  const kept = nn.softmax(array([1, 3])).tolist() as number[];
  assert.deepEqual((z.tolist() as number[][])[0], [kept[0], 0, kept[1]]);
  assert.deepEqual(s.apply(array([[[1, 2]]]), { mask: array(true) }).shape, [1, 1, 2]);
});

test('no import cycle through the JSON boundary: layer modules never import layers/wire.ts (which imports them)', () => {
  const dir = join(repoRoot, 'src', 'keras', 'layers');
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'wire.ts' && f !== 'index.ts');
  assert.ok(files.length >= 10, files.join(', '));
  const offenders = files.filter((f) => /from '\.\/wire\.js'/.test(readFileSync(join(dir, f), 'utf8')));
  assert.deepEqual(offenders, []);
  // And wire.ts does import every layer class it lists (the table is the only way in).
  const wire = readFileSync(join(dir, 'wire.ts'), 'utf8');
  for (const name of L.layerClassNames()) assert.match(wire, new RegExp(`import \\{ ${name} \\} from './\\w+Layer\\.js';`), name);
});
