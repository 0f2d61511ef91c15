// Hostile configs cost bounded memory and time and get typed errors: the weight budget, linear
// loading, range checks at load, validated extra fields, bounded and escaped messages, frozen
// bound parameters, and constructors that check their options as fromConfig does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { array, heapStats, keras, ValueError, type NDArray } from '../src/index.js';
import { repoRoot } from './helpers/fixtures.js';

const L = keras.layers;
const prelus = (n: number, extra: Record<string, unknown> = {}) => Array.from({ length: n }, () => ({ class_name: 'PReLU', config: { ...extra } }));
const isConfigError = (path: string, pattern: RegExp) => (e: unknown) => {
  assert.ok(e instanceof keras.ConfigError, String(e));
  assert.equal(e.path, path);
  assert.match(e.message, pattern);
  return true;
};

test('weight budget: a whole model\'s weights are counted before any is allocated (ConfigError naming the layer and the total)', () => {
  // Each layer's own build_config counts too, and the option lowers (or raises) the budget.
  const own = { class_name: 'Sequential', config: { layers: Array.from({ length: 3 }, () => ({ class_name: 'PReLU', config: {}, build_config: { input_shape: [null, 1000] } })) } };
  assert.throws(() => keras.models.deserialize(own, { maxWeightBytes: 11999 }), isConfigError('config.layers[2]', /brings the weights to 12000 bytes in all; expected at most 11999/));
  assert.equal(keras.models.deserialize(own, { maxWeightBytes: 12000 }).countParams(), 3000);
  const live = heapStats().liveBytes;
  // The 35 KB config: 1000 PReLU layers of 2^26 float32 weights each (250 GiB in all).
  const json = JSON.stringify({ class_name: 'Sequential', config: { build_input_shape: [null, 2 ** 26], layers: prelus(1000) } });
  assert.throws(() => keras.models.deserialize(json), isConfigError('config.layers[2]',
    /\(layer "p_re_lu(_\d+)?", a PReLU\) brings the weights to 805306368 bytes in all; expected at most 536870912 \(raise the budget with the maxWeightBytes option\)/));
  assert.ok(heapStats().liveBytes - live < 2 ** 20, 'nothing was allocated');
  // Two such layers are exactly the default budget.
  assert.equal(keras.LIMITS.maxWeightBytes, 512 * 2 ** 20);

  // shapes_dict is the other form of a build_config.
  const dict = { class_name: 'PReLU', config: {}, build_config: { shapes_dict: { input_shape: [null, 1000] } } };
  assert.throws(() => L.deserialize(dict, { maxWeightBytes: 3999 }), isConfigError('', /brings the weights to 4000 bytes/));
  assert.equal(L.deserialize(dict).countParams(), 1000);

  // Shared axes shrink the weight; a float64 policy doubles its bytes.
  const shaped = (config: Record<string, unknown>) => ({ class_name: 'Sequential', config: { build_input_shape: [null, 100, 100], layers: [{ class_name: 'PReLU', config }] } });
  assert.equal(keras.models.deserialize(shaped({ shared_axes: [1] }), { maxWeightBytes: 400 }).countParams(), 100);
  assert.throws(() => keras.models.deserialize(shaped({}), { maxWeightBytes: 39999 }), /brings the weights to 40000 bytes/);
  assert.throws(() => keras.models.deserialize(shaped({ shared_axes: [1], dtype: 'float64' }), { maxWeightBytes: 799 }), /brings the weights to 800 bytes/);
  // The input shape of an InputLayer flows to the layers like build_input_shape.
  const input = { class_name: 'Sequential', config: { layers: [{ class_name: 'InputLayer', config: { batch_shape: [null, 50] } }, ...prelus(2)] } };
  assert.throws(() => keras.models.deserialize(input, { maxWeightBytes: 399 }), isConfigError('config.layers[2]', /400 bytes/));

  // JSON text: values and nesting are counted before JSON.parse allocates (64 MiB of `{},` would take 1.4 GiB).
  const values = `[${'{},'.repeat(2 ** 22)}{}]`;
  assert.throws(() => keras.models.deserialize(values), isConfigError('', /^keras.models.deserialize: the JSON text holds more than 4194304 values; expected at most 4194304$/));
  assert.throws(() => L.deserialize(`${'{"a":'.repeat(65)}1${'}'.repeat(65)}`), isConfigError('', /nested more than 64 levels deep/));
  assert.equal(L.deserialize('{"class_name": "ReLU", "config": {"name": "x,{[,]}\\"\\\\"}}').name, 'x,{[,]}"\\');

  for (const bad of [-1, 1.5, '1', NaN]) {
    assert.throws(() => keras.models.deserialize(own, { maxWeightBytes: bad as number }), (e: unknown) => e instanceof ValueError && /'options.maxWeightBytes'/.test((e as Error).message));
  }
});

test('weight budget: initializers run only after the whole budget passes; Orthogonal, the costliest, included', () => {
  const I = keras.initializers;
  const original = I.Orthogonal.prototype.call;
  let calls = 0;
  I.Orthogonal.prototype.call = function (this: InstanceType<typeof I.Orthogonal>, ...args: Parameters<typeof original>) { calls++; return original.apply(this, args); };
  try {
    const orth = { module: 'keras.initializers', class_name: 'Orthogonal', config: { gain: 1, seed: 1 }, registered_name: null };
    const layer = (shape: (number | null)[]) => ({ module: 'keras.layers', class_name: 'PReLU', config: { alpha_initializer: orth }, build_config: { input_shape: shape } });
    const live = heapStats().liveBytes;
    // Three 2^26-element weights (768 MiB): the third layer crosses the default budget, and no QR ran.
    const model = { class_name: 'Sequential', config: { layers: [layer([null, 2 ** 25, 2]), layer([null, 2 ** 13, 2 ** 13]), layer([null, 2 ** 26, 1])] } };
    assert.throws(() => keras.models.deserialize(model), isConfigError('config.layers[2]', /brings the weights to 805306368 bytes in all; expected at most 536870912/));
    // Keras 2's form through the model's input shape, and a lower budget, the same way.
    const legacy = { class_name: 'Sequential', config: { build_input_shape: [null, 100, 100], layers: [{ class_name: 'PReLU', config: { alpha_initializer: { class_name: 'Orthogonal', config: { gain: 2, seed: null } } } }] } };
    assert.throws(() => keras.models.deserialize(legacy, { maxWeightBytes: 39999 }), isConfigError('config.layers[0]', /brings the weights to 40000 bytes/));
    // Past the per-weight cap: refused while the budget is counted.
    assert.throws(() => L.deserialize(layer([null, 2 ** 14, 2 ** 14])), isConfigError('build_config.input_shape', /268435456 elements\); expected at most 67108864/));
    assert.equal(calls, 0);
    // Within the budget but past the QR bound: Orthogonal refuses before drawing anything.
    assert.throws(() => L.deserialize(layer([null, 4096, 4096])), isConfigError('build_config.input_shape', /QR decomposition would take 68719476736 steps; expected at most 268435456/));
    assert.equal(calls, 1);
    assert.ok(heapStats().liveBytes - live < 2 ** 20, 'nothing was allocated');
    assert.equal(L.deserialize(layer([null, 64, 16])).countParams(), 1024);
    assert.equal(calls, 2);
  } finally {
    I.Orthogonal.prototype.call = original;
  }
});

test('loading is linear in the config: Sequential checks names with a set, not a scan per layer', () => {
  // Counts the reads of layer names while a model of n layers is made: a scan per add reads ~n²/2.
  const n = 2000;
  let reads = 0;
  const layers = Array.from({ length: n }, (_, i) => {
    const layer = new L.ReLU({ name: `r${i}` });
    Object.defineProperty(layer, 'name', { get: () => { reads++; return `r${i}`; } });
    return layer;
  });
  const model = new keras.Sequential(layers);
  assert.equal(model.layers.length, n);
  assert.ok(reads <= 4 * n, `${reads} name reads for ${n} layers`);
  assert.throws(() => model.add(new L.ReLU({ name: 'r7' })), /a layer named "r7" is already in the model/);
  // The 3.4 MB config of 100,000 layers loads (it took 50 s with the quadratic scan).
  const big = JSON.stringify({ class_name: 'Sequential', config: { layers: Array.from({ length: 100_000 }, () => ({ class_name: 'ReLU', config: {} })) } });
  assert.equal(keras.models.deserialize(big).layers.length, 100_000);
});

test('range checks happen when the config is read, also inside an Activation layer', () => {
  const A = keras.activations;
  const cases: [unknown, string, RegExp][] = [
    [{ class_name: 'relu', config: { max_value: -1 } }, 'config', /'max_value' is -1; expected null or a number >= 0/],
    [{ class_name: 'celu', config: { alpha: 0 } }, 'config', /'alpha' is 0; expected a non-zero finite number/],
    [{ class_name: 'squareplus', config: { b: -1 } }, 'config', /'b' is -1; expected a number >= 0/],
    [{ class_name: 'soft_shrink', config: { threshold: -0.5 } }, 'config', /'threshold' is -0.5; expected a number >= 0/],
    [{ class_name: 'hard_shrink', config: { threshold: -0.5 } }, 'config', /'threshold' is -0.5; expected a number >= 0/],
    [{ class_name: 'softmax', config: { axis: [1, 1] } }, 'config', /'axis' is \[1,1\]; expected an integer axis or a non-empty list of at most 64 distinct/],
    [{ class_name: 'softmax', config: { axis: 2 ** 40 } }, 'config', /'axis' is 1099511627776/],
    [{ class_name: 'glu', config: { axis: -1000 } }, 'config', /'axis' is -1000; expected an integer axis in \[-64, 63\]/],
    [{ class_name: 'threshold', config: {} }, 'config', /activation 'threshold' needs 'threshold' and 'default_value'/],
    [{ class_name: 'threshold', config: { threshold: 1 } }, 'config', /'default_value' is missing/],
    ['threshold', '', /activation 'threshold' needs 'threshold' and 'default_value'/],
    [{ module: 'keras.activations', class_name: 'function', config: 'threshold', registered_name: 'function' }, 'config', /needs 'threshold'/],
  ];
  for (const [config, path, pattern] of cases) {
    assert.throws(() => A.deserialize(config), isConfigError(path, pattern), JSON.stringify(config));
    const layer = { class_name: 'Activation', config: { activation: config } };
    assert.throws(() => L.deserialize(layer), isConfigError(path === '' ? 'config.activation' : 'config.activation.config', pattern), JSON.stringify(layer));
  }
  // In range, they load and run.
  assert.deepEqual(A.deserialize({ class_name: 'threshold', config: { threshold: 0, default_value: -1 } })(array([-2, 3])).tolist(), [-1, 3]);
  assert.deepEqual(A.deserialize({ class_name: 'relu', config: { max_value: 0 } })(array([-2, 3])).tolist(), [0, 0]);
  // A layer given the bare name is refused the same way.
  assert.throws(() => new L.Activation('threshold'), /needs 'threshold' and 'default_value'/);
});

test('every extra field is validated or rejected', () => {
  const input = (config: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    ({ class_name: 'Sequential', config: { layers: [{ class_name: 'InputLayer', config: { batch_shape: [null, 3], ...config }, ...extra }, { class_name: 'ReLU', config: {} }] } });
  const seq = (extra: Record<string, unknown>, config: Record<string, unknown> = {}) => ({ class_name: 'Sequential', config: { layers: [], ...config }, ...extra });
  const layer = (extra: Record<string, unknown>) => ({ class_name: 'ReLU', config: {}, ...extra });
  const models: [unknown, string, RegExp][] = [
    [input({}, { evil: 1 }), 'config.layers[0].evil', /is not a known field/],
    [input({}, { module: 'os.system' }), 'config.layers[0].module', /is "os.system"; expected 'keras.layers'/],
    [input({}, { registered_name: 'evil>InputLayer' }), 'config.layers[0].registered_name', /names a custom registered InputLayer/],
    [input({ dtype: 12345 }), 'config.layers[0].config.dtype', /is 12345; expected a dtype policy name/],
    [input({ dtype: 'int8' }), 'config.layers[0].config.dtype', /is "int8"; expected one of float32/],
    [input({ sparse: 'yes' }), 'config.layers[0].config.sparse', /is "yes"; expected true or false/],
    [input({ sparse: true }), 'config.layers[0].config.sparse', /sparse inputs are not supported/],
    [input({ ragged: 1 }), 'config.layers[0].config.ragged', /is 1; expected true or false/],
    [input({ name: ['x'] }), 'config.layers[0].config.name', /expected a string/],
    [input({ optional: 'no' }), 'config.layers[0].config.optional', /expected true or false/],
    [seq({}, { dtype: 12345 }), 'config.dtype', /is 12345; expected a dtype policy name/],
    [seq({}, { dtype: { module: 'evil', class_name: 'DTypePolicy', config: { name: 'float32' } } }), 'config.dtype.module', /is "evil"/],
    [seq({ compile_config: 'x' }), 'compile_config', /expected an object/],
    [seq({ compile_config: { loss: { get x() { return 1; } } } }), 'compile_config.loss.x', /accessor/],
    [seq({ registered_name: 'Evil' }), 'registered_name', /names a custom registered Sequential/],
    [seq({ module: 'keras.src.models_evil.x' }), 'module', /is "keras.src.models_evil.x"/],
    [seq({ build_config: { input_shape: 'x' } }), 'build_config.input_shape', /expected a shape/],
    [seq({ keras_version: 5 }), 'keras_version', /expected a string/],
    [seq({ weightsManifest: 'x' }), 'weightsManifest', /expected a list of weight groups/],
  ];
  for (const [config, path, pattern] of models) assert.throws(() => keras.models.deserialize(config), isConfigError(path, pattern), JSON.stringify(config));
  let cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  assert.throws(() => keras.models.deserialize(seq({ compile_config: cyclic })), /nested more than 64 levels deep/);

  const layers: [unknown, string, RegExp][] = [
    [layer({ module: 'keras.src.layers_evil.x' }), 'module', /is "keras.src.layers_evil.x"; expected 'keras.layers'/],
    [layer({ inbound_nodes: [[['x', 0, 0, {}]]] }), 'inbound_nodes', /expected an empty list .*inbound nodes belong to functional/],
    [layer({ compile_config: 5 }), 'compile_config', /expected an object/],
    [layer({ name: 5 }), 'name', /expected a string/],
    [layer({ build_config: { shapes_dict: 'x' } }), 'build_config.shapes_dict', /expected the shapes of build\(\)'s arguments/],
    [layer({ build_config: { shapes_dict: { other_shape: [1] } } }), 'build_config.shapes_dict.other_shape', /is not a known field/],
    [{ class_name: 'Activation', config: { activation: { module: 'keras.evil', class_name: 'function', config: 'relu' } } }, 'config.activation.module', /is "keras.evil"; expected a Keras module/],
    [{ class_name: 'PReLU', config: { alpha_initializer: { module: 'keras.evil', class_name: 'Zeros', config: {} } } }, 'config.alpha_initializer.module', /is "keras.evil"; expected 'keras.initializers'/],
    [{ class_name: 'ReLU', config: { dtype: { class_name: 'DTypePolicy', config: { name: 'float32' }, registered_name: 'evil' } } }, 'config.dtype.registered_name', /custom registered policy/],
  ];
  for (const [config, path, pattern] of layers) assert.throws(() => L.deserialize(config), isConfigError(path, pattern), JSON.stringify(config));

  // What Keras writes still loads: the saved fixture, Keras' own module paths, empty inbound nodes.
  const fixture = JSON.parse(readFileSync(join(repoRoot, 'test', 'fixtures', 'keras', 'config.json'), 'utf8'));
  assert.ok(keras.models.deserialize({ ...fixture, compile_config: { optimizer: 'adam', loss: 'mse', metrics: null } }).layers.length > 0);
  assert.equal(L.deserialize(layer({ module: 'keras.src.layers.activations.relu', inbound_nodes: [] })).className, 'ReLU');
  assert.equal(keras.activations.deserialize({ module: 'keras.src.activations.activations', class_name: 'function', config: 'relu', registered_name: 'function' }), keras.activations.relu);
});

test('messages cut and escape every echoed key and value', () => {
  const unsafe = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e]/;
  const check = (f: () => unknown) => {
    assert.throws(f, (e: unknown) => {
      assert.ok(e instanceof keras.ConfigError || e instanceof ValueError, String(e));
      const err = e as keras.ConfigError;
      assert.ok(err.message.length < 1000, `message of ${err.message.length} characters`);
      assert.doesNotMatch(err.message, unsafe);
      if (e instanceof keras.ConfigError) assert.doesNotMatch(err.path, unsafe);
      return true;
    }, String(f));
  };
  const hostile = 'a\nERROR forged line\r\u001b[31m\u009b31m\u2028\u202e'.repeat(3);
  const long = 'k'.repeat(10_000_000);
  for (const key of [long, hostile]) {
    check(() => L.deserialize({ class_name: 'ELU', config: { [key]: 1 } }));
    check(() => keras.models.deserialize({ class_name: 'Sequential', config: { layers: [] }, [key]: 1 }));
    check(() => keras.activations.deserialize({ class_name: 'elu', config: { [key]: 1 } }));
    check(() => L.PReLU.fromConfig({ [key]: 1 } as never));
    check(() => new L.ELU({ [key]: 1 } as never));
    check(() => keras.activations.elu(array([1]), { [key]: 1 }));
  }
  for (const value of [long, hostile]) {
    check(() => L.deserialize({ class_name: value, config: {} }));
    check(() => L.deserialize({ module: value, class_name: 'ELU', config: {} }));
    check(() => L.deserialize({ class_name: 'ELU', config: { name: value } }));
    check(() => L.deserialize({ class_name: 'ELU', config: { dtype: value } }));
    check(() => L.deserialize({ class_name: 'Activation', config: { activation: value } }));
    check(() => keras.models.deserialize({ class_name: value }));
    check(() => keras.activations.deserialize({ module: value, class_name: 'relu' }));
    check(() => L.deserialize({ class_name: 'PReLU', config: { alpha_initializer: value } }));
    check(() => new L.ReLU({ name: value }));
    check(() => new keras.Sequential({ name: value }));
    // A hostile object's trap and a JSON parse error are echoed escaped, too.
    check(() => L.deserialize(new Proxy({}, { ownKeys() { throw new Error(value); } })));
    check(() => L.deserialize(`{"class_name": "ELU", ${value}`));
  }
  assert.throws(() => L.deserialize({ class_name: 'ELU', config: { 'a\nb': 1 } }), isConfigError('config["a\\nb"]', /is not a known field/));
});

test('deserialize copies and freezes what it binds', () => {
  const axis = [1];
  const config = { class_name: 'softmax', config: { axis } };
  const f = keras.activations.deserialize(config);
  axis[0] = 0;
  axis.push(5);
  const x = array([[1, 2], [3, 5]]);
  assert.deepEqual(f.boundParams, { axis: [1] });
  assert.deepEqual(f(x).tolist(), keras.activations.softmax(x, 1).tolist());
  assert.ok(Object.isFrozen(f.boundParams) && Object.isFrozen(f.boundParams?.axis));
  assert.throws(() => { (f.boundParams!.axis as number[])[0] = 0; }, TypeError);
  // The same through an Activation layer and serialize.
  const shared = [0];
  const layer = L.deserialize({ class_name: 'Activation', config: { activation: { class_name: 'log_softmax', config: { axis: shared } } } }) as InstanceType<typeof L.Activation>;
  shared[0] = 1;
  assert.deepEqual(L.serialize(layer).config.activation, { module: 'keras.activations', class_name: 'log_softmax', config: { axis: [0] }, registered_name: null });
});

test('layer and model constructors check their options as fromConfig does', () => {
  const bad: [() => unknown, RegExp][] = [
    [() => new L.ELU({ alpha: 1, gamma: 2 } as never), /keras.layers.ELU: option "gamma" is not an option of this layer; expected only 'name', 'trainable', 'dtype', 'batchInputShape', 'alpha'/],
    [() => new L.ReLU({ inputShape: [3] } as never), /option "inputShape" is not an option of this layer/],
    [() => new L.ELU(JSON.parse('{"__proto__": {"alpha": 3}}')), /option "__proto__" is not an option/],
    [() => new L.ELU({ get alpha(): number { throw new Error('boom'); } }), /option "alpha" is an accessor property/],
    [() => new L.ELU(Object.create({ alpha: 3 })), /argument 'args' is an object; expected an object of options/],
    [() => new L.ELU(5 as never), /argument 'args' is 5; expected an object of options/],
    [() => new L.ELU(null as never), /argument 'args' is null/],
    [() => new L.Softmax({ axis: 2 ** 40 }), /'axis' is 1099511627776; expected an integer axis in \[-32, 31\]/],
    [() => new L.Softmax({ axis: [1, , 2] as number[] }), /'axis' is \[1,<hole>,2\]/],
    [() => new L.PReLU({ sharedAxes: [1, 1] }), /'sharedAxes' is \[1,1\]; expected null, an axis in \[1, 31\] or a list of distinct/],
    [() => new L.ReLU({ batchInputShape: [null, , 3] as number[] }), /'batchInputShape' is \[null,<hole>,3\]/],
    [() => new L.ReLU({ name: 'x'.repeat(2000) }), /'name' is "x{64}"… \(2000 characters\)/],
    [() => new keras.Sequential({ layers: [], foo: 1 } as never), /keras.Sequential: option "foo" is not a plain value of a known option/],
    [() => new keras.Sequential({ layers: 5 } as never), /argument 'layers' is 5; expected a list of layers/],
    [() => new keras.Sequential({ name: 'x'.repeat(2000) }), /at most 1024 characters/],
  ];
  for (const [f, pattern] of bad) assert.throws(f, (e: unknown) => e instanceof ValueError && pattern.test((e as Error).message), String(pattern));
  // The same options through fromConfig are ConfigErrors with the same meaning.
  assert.throws(() => L.ELU.fromConfig({ alpha: 1, gamma: 2 } as never), isConfigError('gamma', /is not a known field/));
  assert.throws(() => L.PReLU.fromConfig({ sharedAxes: [1, 1] } as never), keras.ConfigError);
  // A user's subclass without `fields` passes its own options through; accessors are still refused.
  class Scaled extends L.Layer {
    readonly k: number;
    constructor(args: { k: number; name?: string }) { super(args); this.k = args.k; }
    call(x: NDArray): NDArray { return x.multiply(this.k); }
  }
  assert.deepEqual(new Scaled({ k: 2, name: 'scaled' }).apply(array([1, 2])).tolist(), [2, 4]);
  assert.throws(() => new Scaled({ get k(): number { return 2; } }), /option "k" is an accessor property/);
  // Valid options still work, for every layer class.
  assert.equal(new L.Activation({ activation: 'relu', name: 'act' }).name, 'act');
  assert.equal(new L.PReLU({ sharedAxes: [1, 2], alphaInitializer: 'ones', dtype: 'float64', trainable: false, batchInputShape: [null, 2, 3] }).sharedAxes?.length, 2);
  assert.equal(new keras.Sequential({ layers: [new L.ReLU()], name: 'net', trainable: false, batchInputShape: [null, 2] }).name, 'net');
});
