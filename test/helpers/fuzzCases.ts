/**
 * The fuzz cases of test/keras.fuzz.test.ts and `npm run fuzz`: random JSON and mutated valid
 * configs given to every config reader (keras.layers.deserialize, keras.models.deserialize, the
 * layers' fromConfig, keras.activations.deserialize). A case passes when the reader returns or
 * throws a ConfigError with a string path, and Object.prototype is unchanged.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { keras } from '../../src/index.js';
import { repoRoot } from './fixtures.js';

const L = keras.layers;

/** Object.prototype's keys, to detect pollution. */
export const prototypeSnapshot = (): string => Object.getOwnPropertyNames(Object.prototype).sort().join(',') + '|' + Object.keys(Object.prototype).join(',');

// Valid configs to mutate: every layer in every form, plus the Keras 3 saved model.
keras.backend.clearSession();
const prelu = new L.PReLU({ alphaInitializer: 'ones', alphaRegularizer: 'l1', alphaConstraint: 'max_norm', sharedAxes: [1] });
prelu.build([null, 3, 2]);
const layers = [
  new L.ELU({ alpha: 0.5 }), new L.LeakyReLU(), prelu, new L.ReLU({ maxValue: 6 }), new L.Softmax({ axis: [1, 2] }),
  new L.ThresholdedReLU({ theta: 0.3 }), new L.Activation('gelu'), new L.Activation({ activation: 'elu', batchInputShape: [null, 2] }),
];
export const seeds: readonly unknown[] = [
  ...layers.map((l) => L.serialize(l)),
  ...layers.filter((l) => !(l instanceof L.ELU)).map((l) => L.serialize(l, { format: 'tfjs' })),
  ...layers.map((l) => ({ className: l.className, config: l.getConfig() })),
  JSON.parse(readFileSync(join(repoRoot, 'test', 'fixtures', 'keras', 'config.json'), 'utf8')),
];

export const nasty = fc.constantFrom<unknown>(
  '__proto__', 'constructor', 'prototype', null, undefined, -1, 0, 1e308, -1e308, NaN, Infinity, 2 ** 31, 2 ** 53, -0, '', 'x'.repeat(5000),
  [], [null], [2 ** 31], [1e9, 1e9, 1e9], Array(40).fill(1), {}, { __proto__: { polluted: true } }, true, 'Lambda', '__lambda__',
  'function', 'keras.layers', 'os.system', { class_name: 'Lambda', config: { function: 'x' } }, { module: 'evil', class_name: 'function', config: 'relu' },
  JSON.parse('{"__proto__": {"polluted": true}}'), JSON.parse('{"constructor": {"prototype": {"polluted": true}}}'),
  // Sizes near the budgets: a weight of 2^26 elements, shapes whose products overflow, the layer cap.
  [null, 2 ** 26], [null, 2 ** 13, 2 ** 13], [null, 2 ** 26, 2], 2 ** 26, 100_000, 'a\n\u001b[31m\u2028', 'keras.src.layers_evil.x',
);
export const jsonValue = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, fc.integer(), fc.double(), fc.string(), fc.boolean(), fc.constant(null), nasty,
    fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', 'prototype', 'config', 'class_name', 'module')), tie('value'), { maxKeys: 4 })),
})).value;

/** A copy of `v` with the value at a random path replaced (or a key added or removed). */
export function mutate(v: unknown, path: readonly number[], replacement: unknown, op: number): unknown {
  if (path.length === 0 || v === null || typeof v !== 'object') return replacement;
  if (Array.isArray(v)) {
    if (v.length === 0) return op % 2 ? [replacement] : replacement;
    const i = path[0] % v.length;
    const copy = [...v];
    copy[i] = mutate(v[i], path.slice(1), replacement, op);
    return copy;
  }
  const keys = Object.keys(v);
  const copy: Record<string, unknown> = {};
  for (const k of keys) Object.defineProperty(copy, k, { value: (v as Record<string, unknown>)[k], enumerable: true, writable: true, configurable: true });
  if (keys.length === 0 || op % 5 === 0) {
    Object.defineProperty(copy, ['__proto__', 'extra', 'constructor', 'alpha', 'module'][op % 5], { value: replacement, enumerable: true, writable: true, configurable: true });
    return copy;
  }
  const k = keys[path[0] % keys.length];
  if (op % 7 === 0) { delete copy[k]; return copy; }
  copy[k] = mutate((v as Record<string, unknown>)[k], path.slice(1), replacement, op);
  return copy;
}

export const readers: readonly ((v: unknown) => unknown)[] = [
  (v) => L.deserialize(v),
  (v) => L.deserialize(JSON.stringify(v) ?? 'null'),
  (v) => keras.models.deserialize(v),
  (v) => keras.activations.deserialize(v),
  (v) => L.PReLU.fromConfig(v as never),
  (v) => L.Activation.fromConfig(v as never),
  (v) => L.Softmax.fromConfig(v as never),
];

/** One case: a value and the reader it goes to. */
export interface FuzzCase { readonly value: unknown; readonly reader: number }

/** Random JSON (any reader). */
export const randomCase: fc.Arbitrary<FuzzCase> = fc.record({ value: jsonValue, reader: fc.nat(readers.length - 1) });
/** A valid config with one mutation (any reader). */
export const mutatedCase: fc.Arbitrary<FuzzCase> = fc.tuple(fc.nat(seeds.length - 1), fc.array(fc.nat(), { maxLength: 6 }), fc.oneof(jsonValue, nasty), fc.nat(), fc.nat(readers.length - 1))
  .map(([s, path, replacement, op, reader]) => ({ value: mutate(seeds[s], path, replacement, op), reader }));
/**
 * Models and layers that ask for memory: PReLU stacks (up to 1000 layers) on input shapes near
 * the weight budget and the per-weight cap, through the model's input shape or each layer's
 * build_config, with shared axes, float64 policies and several initializers (Orthogonal's QR and
 * scratch included).
 */
const dim = fc.constantFrom(1, 3, 1000, 2 ** 13, 2 ** 20, 2 ** 25, 2 ** 26, 2 ** 31 - 1);
export const budgetCase: fc.Arbitrary<FuzzCase> = fc.record({
  count: fc.oneof({ weight: 20, arbitrary: fc.integer({ min: 0, max: 8 }) }, { weight: 1, arbitrary: fc.constant(1000) }),
  shape: fc.array(dim, { minLength: 1, maxLength: 3 }),
  shared: fc.option(fc.constantFrom([1], [2], [1, 2]), { nil: null }),
  dtype: fc.constantFrom('float32', 'float64', 'mixed_float16'),
  init: fc.constantFrom<unknown>('zeros', 'ones', { class_name: 'RandomNormal', config: { seed: 1 } }, { class_name: 'Constant', config: { value: 0.5 } },
    { module: 'keras.initializers', class_name: 'Orthogonal', config: { gain: 1, seed: 2 }, registered_name: null }, 'glorot_uniform', 'he_normal',
    { class_name: 'VarianceScaling', config: { scale: 2, mode: 'fan_avg', distribution: 'truncated_normal', seed: 3 } }, 'identity', 'truncated_normal'),
  perLayer: fc.boolean(),
  asLayer: fc.boolean(),
}).map(({ count, shape, shared, dtype, init, perLayer, asLayer }) => {
  const inputShape = [null, ...shape];
  const layer = {
    class_name: 'PReLU', config: { dtype, alpha_initializer: init, shared_axes: shared },
    ...(perLayer || asLayer ? { build_config: { input_shape: inputShape } } : {}),
  };
  if (asLayer) return { value: layer, reader: 0 };
  const config = { layers: Array.from({ length: count }, () => layer), ...(perLayer ? {} : { build_input_shape: inputShape }) };
  return { value: { class_name: 'Sequential', config }, reader: 2 };
});
/**
 * Random and mutated configs half and half, and 1 in 500 that asks for memory (those take up to
 * seconds each: a legitimate 256 MiB weight from RandomNormal is 2^26 draws).
 */
export const anyCase: fc.Arbitrary<FuzzCase> = fc.oneof(
  { weight: 499, arbitrary: randomCase }, { weight: 499, arbitrary: mutatedCase }, { weight: 2, arbitrary: budgetCase },
);

/**
 * Runs one case: 'loaded' or 'rejected' (a ConfigError with a string path), or a string saying
 * what went wrong (another exception, or a changed Object.prototype).
 */
export function runCase(c: FuzzCase, before: string): 'loaded' | 'rejected' | string {
  let outcome: 'loaded' | 'rejected' | string;
  try {
    const out = readers[c.reader](c.value);
    // Frees what the case loaded at once, so each case is measured from the same memory.
    if (out instanceof L.Layer || out instanceof keras.Sequential) for (const w of out.weights) w.value.dispose();
    outcome = 'loaded';
  } catch (e) {
    outcome = e instanceof keras.ConfigError && typeof e.path === 'string' ? 'rejected' : `threw ${e instanceof Error ? `${e.name}: ${e.message.slice(0, 300)}` : String(e).slice(0, 300)}`;
  }
  if (prototypeSnapshot() !== before || ({} as Record<string, unknown>).polluted !== undefined) return `changed Object.prototype (${outcome})`;
  return outcome;
}
