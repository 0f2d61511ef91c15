/**
 * `keras.activations`: every Keras 3 activation with Keras' names, parameters and defaults
 * (see ../defaults.ts), plus the TensorFlow.js names found in saved tfjs models, and Keras'
 * `get` / `serialize` / `deserialize`.
 *
 * ```ts
 * keras.activations.get('elu')(x, 0.5);                 // Keras' parameter order
 * keras.activations.relu(x, { maxValue: 6 });           // or keyword objects
 * keras.activations.get({ module: 'keras.activations', class_name: 'function', config: 'silu', registered_name: 'silu' });
 * ```
 */
import type { NDArray } from '../../core/array.js';
import { NonlinError, ValueError, describe, quote } from '../../core/errors.js';
import { type Operand, toArray } from '../../ops/operand.js';
import { ConfigError } from '../errors.js';
import { Reader, isKerasModule } from '../config.js';
import {
  type KerasActivationName, type KerasParam, ACTIVATION_ALIASES, ACTIVATION_PARAMS, LEGACY_ACTIVATION_NAMES, TFJS_ACTIVATION_NAMES,
} from '../defaults.js';
import { IMPLS, KERAS_ELEMENTWISE_SPECS, resolveArgs } from './implementations.js';

export type { KerasActivationName } from '../defaults.js';
export { KERAS_ELEMENTWISE_SPECS };

/**
 * An activation as `get` returns it: x, then Keras' parameters (positional or one keyword object).
 *
 * @example
 * const f: keras.activations.ActivationFunction = keras.activations.get('elu');
 * f(array([-1]), 0.5).tolist(); // → [-0.316060]
 */
export type ActivationFunction = (x: Operand, ...params: any[]) => NDArray;

/**
 * A built-in activation: a function that knows its Keras name (like Python's `__name__`).
 *
 * @example
 * const f: keras.activations.KerasActivation = keras.activations.swish;
 * f.kerasName; // → 'silu'
 * keras.activations.deserialize({ class_name: 'elu', config: { alpha: 0.5 } }).boundParams?.alpha; // → 0.5
 */
export type KerasActivation<P extends unknown[] = unknown[]> = ((x: Operand, ...params: P) => NDArray) & ((x: Operand, keywords: Readonly<Record<string, unknown>>) => NDArray) & {
  readonly kerasName: KerasActivationName;
  /** Parameters bound by a serialized config (`{class_name: 'elu', config: {alpha: 0.5}}`), Keras names. */
  readonly boundParams?: Readonly<Record<string, unknown>>;
};

/**
 * How names in a config are read: Keras 3's meanings, or the legacy Keras 2 / TensorFlow.js ones.
 *
 * @example
 * keras.activations.lookupName('hard_sigmoid', 'keras3'); // → 'hard_sigmoid'
 * keras.activations.lookupName('hard_sigmoid', 'legacy'); // → 'hardSigmoid'
 */
export type NameSemantics = 'keras3' | 'legacy';

const BUILTINS = new Map<KerasActivationName, KerasActivation>();

function builtin<P extends unknown[]>(name: KerasActivationName): KerasActivation<P> {
  const cached = BUILTINS.get(name);
  if (cached) return cached as unknown as KerasActivation<P>;
  const op = `keras.activations.${name}`;
  const impl = IMPLS[name] as (x: NDArray, args: readonly unknown[], op: string) => NDArray;
  const fn = (x: Operand, ...params: unknown[]) => impl(toArray(op, 'x', x), resolveArgs(name, params, op), op);
  Object.defineProperty(fn, 'kerasName', { value: name, enumerable: false });
  Object.defineProperty(fn, 'name', { value: name });
  BUILTINS.set(name, fn as unknown as KerasActivation);
  return fn as unknown as KerasActivation<P>;
}

// Keras 3's activations, with TypeScript (camelCase) names; parameters in Keras' order.
/**
 * Keras' relu(x, negativeSlope = 0, maxValue = null, threshold = 0): x above `threshold`,
 * `negativeSlope`·(x − threshold) below it, capped at `maxValue`; with the defaults it is
 * `nn.relu`.
 * @example
 * keras.activations.relu(array([-2, 0.5, 3])).tolist();                                 // → [0, 0.5, 3]
 * keras.activations.relu(array([-2, 0.5, 3]), { negativeSlope: 0.1, maxValue: 1 }).tolist(); // → [-0.2, 0.5, 1]
 */
export const relu = builtin<[negativeSlope?: number, maxValue?: number | null, threshold?: number]>('relu');
/**
 * Keras' leaky_relu(x, negativeSlope = 0.2): note the default slope, 0.2 (the LeakyReLU layer's is
 * 0.3, nn.leakyRelu's 0.01).
 * @example keras.activations.leakyRelu(array([-2, 3])).tolist(); // → [-0.4, 3]
 */
export const leakyRelu = builtin<[negativeSlope?: number]>('leaky_relu');
/**
 * Keras' relu6: min(max(x, 0), 6), as `nn.relu6`.
 * @example keras.activations.relu6(array([-1, 3, 8])).tolist(); // → [0, 3, 6]
 */
export const relu6 = builtin<[]>('relu6');
/**
 * Keras' softmax(x, axis = -1): e^x normalized to sum 1 along `axis`, which may be a list of axes
 * (normalized over all of them together); one axis is `nn.softmax`.
 * @example
 * keras.activations.softmax(array([[0, 1], [2, 3]])).tolist();         // → [[0.268941, 0.731059], [0.268941, 0.731059]]
 * keras.activations.softmax(array([[0, 0], [0, 0]]), [0, 1]).tolist(); // → [[0.25, 0.25], [0.25, 0.25]]
 */
export const softmax = builtin<[axis?: number | readonly number[]]>('softmax');
/**
 * Keras' celu(x, alpha = 1): max(0, x) + min(0, α·(e^(x/α) − 1)), as `nn.celu`.
 * @example keras.activations.celu(array([-2, 1])).tolist(); // → [-0.864665, 1]
 */
export const celu = builtin<[alpha?: number]>('celu');
/**
 * Keras' elu(x, alpha = 1): x for x > 0, α·(eˣ − 1) otherwise, as `nn.elu`.
 * @example keras.activations.elu(array([-2, 1]), 0.5).tolist(); // → [-0.432332, 1]
 */
export const elu = builtin<[alpha?: number]>('elu');
/**
 * Keras' selu: λ·elu(x, α) with λ ≈ 1.0507 and α ≈ 1.67326, as `nn.selu`.
 * @example keras.activations.selu(array([-2, 1])).tolist(); // → [-1.52017, 1.0507]
 */
export const selu = builtin<[]>('selu');
/**
 * Keras' softplus, log(1 + eˣ), as `nn.softplus`.
 * @example keras.activations.softplus(array([-2, 0, 3])).tolist(); // → [0.126928, 0.693147, 3.04859]
 */
export const softplus = builtin<[]>('softplus');
/**
 * Keras' softsign, x / (1 + |x|), as `nn.softsign`.
 * @example keras.activations.softsign(array([-2, 1, 3])).tolist(); // → [-0.666667, 0.5, 0.75]
 */
export const softsign = builtin<[]>('softsign');
/**
 * Keras' squareplus(x, b = 4): (x + √(x² + b))/2, a smooth relu; `b` must be ≥ 0 (ValueError
 * otherwise).
 * @example
 * keras.activations.squareplus(array([-2, 0, 1])).tolist(); // → [0.414214, 1, 1.61803]
 * keras.activations.squareplus(array([1]), -1); // throws ValueError
 */
export const squareplus = builtin<[b?: number]>('squareplus');
/**
 * Keras' soft_shrink(x, threshold = 0.5): x ∓ threshold outside [−threshold, threshold], 0 inside,
 * as `nn.softshrink`; threshold must be ≥ 0.
 * @example keras.activations.softShrink(array([-2, 0.3, 1])).tolist(); // → [-1.5, 0, 0.5]
 */
export const softShrink = builtin<[threshold?: number]>('soft_shrink');
/**
 * Keras' sparse_plus: 0 for x ≤ −1, (x + 1)²/4 on (−1, 1), x for x ≥ 1.
 * @example keras.activations.sparsePlus(array([-2, 0, 3])).tolist(); // → [0, 0.25, 3]
 */
export const sparsePlus = builtin<[]>('sparse_plus');
/**
 * Keras' silu (alias swish): x·σ(x), as `nn.silu`.
 * @example keras.activations.silu(array([-2, 1])).tolist(); // → [-0.238406, 0.731059]
 */
export const silu = builtin<[]>('silu');
/** Keras' alias of silu. @example keras.activations.swish === keras.activations.silu; // → true */
export const swish = silu;
/**
 * Keras' gelu(x, approximate = false): exact x·Φ(x) (`nn.gelu`), or with `approximate = true` the
 * tanh approximation (`nn.geluApprox`).
 * @example
 * keras.activations.gelu(array([1])).tolist();       // → [0.841345]
 * keras.activations.gelu(array([1]), true).tolist(); // → [0.841192]
 */
export const gelu = builtin<[approximate?: boolean]>('gelu');
/**
 * Keras' glu(x, axis = -1): a · σ(b) for the two halves a, b of `axis`, as `nn.glu`; an odd size is
 * a ShapeError.
 * @example keras.activations.glu(array([1, 2, 3, 4])).tolist(); // → [0.952574, 1.96403]
 */
export const glu = builtin<[axis?: number]>('glu');
/** Keras' tanh, as `nn.tanh`. @example keras.activations.tanh(array([0, 1])).tolist(); // → [0, 0.761594] */
export const tanh = builtin<[]>('tanh');
/**
 * Keras' tanh_shrink: x − tanh(x).
 * @example keras.activations.tanhShrink(array([-2, 1])).tolist(); // → [-1.03597, 0.238406]
 */
export const tanhShrink = builtin<[]>('tanh_shrink');
/**
 * Keras' threshold(x, threshold, defaultValue): x where x > threshold, else `defaultValue`; both
 * parameters are required.
 * @example keras.activations.threshold(array([-2, 0.5, 3]), 0.5, -1).tolist(); // → [-1, -1, 3]
 */
export const threshold = builtin<[threshold: number, defaultValue: number]>('threshold');
/**
 * Keras' sigmoid, 1/(1 + e⁻ˣ), as `nn.sigmoid`.
 * @example keras.activations.sigmoid(array([-2, 0, 3])).tolist(); // → [0.119203, 0.5, 0.952574]
 */
export const sigmoid = builtin<[]>('sigmoid');
/**
 * Keras' sparse_sigmoid: 0 for x ≤ −1, (x + 1)/2 on (−1, 1), 1 for x ≥ 1.
 * @example keras.activations.sparseSigmoid(array([-2, -0.5, 3])).tolist(); // → [0, 0.25, 1]
 */
export const sparseSigmoid = builtin<[]>('sparse_sigmoid');
/**
 * Keras' exponential, eˣ (float; ints give float32).
 * @example keras.activations.exponential(array([0, 1])).tolist(); // → [1, 2.71828]
 */
export const exponential = builtin<[]>('exponential');
/**
 * Keras 3's hard sigmoid, relu6(x + 3)/6. For TensorFlow.js' 0.2x + 0.5 see tfjsHardSigmoid.
 *
 * @example
 * keras.activations.hardSigmoid(array([-4, 0, 1])).tolist(); // → [0, 0.5, 0.666667]
 */
export const hardSigmoid = builtin<[]>('hard_sigmoid');
/**
 * Keras' hard_silu (alias hard_swish): x·relu6(x + 3)/6, as `nn.hardswish`.
 * @example keras.activations.hardSilu(array([-2, 1, 3])).tolist(); // → [-0.333333, 0.666667, 3]
 */
export const hardSilu = builtin<[]>('hard_silu');
/** Keras' alias of hardSilu. @example keras.activations.hardSwish === keras.activations.hardSilu; // → true */
export const hardSwish = hardSilu;
/**
 * Keras' hard_tanh: x clipped to [−1, 1], as `nn.hardTanh`.
 * @example keras.activations.hardTanh(array([-2, 0.5, 3])).tolist(); // → [-1, 0.5, 1]
 */
export const hardTanh = builtin<[]>('hard_tanh');
/**
 * Keras' hard_shrink(x, threshold = 0.5): x where |x| > threshold, else 0, as `nn.hardShrink`;
 * threshold must be ≥ 0.
 * @example keras.activations.hardShrink(array([-2, 0.3, 1])).tolist(); // → [-2, 0, 1]
 */
export const hardShrink = builtin<[threshold?: number]>('hard_shrink');
/**
 * Keras' linear: the identity (returns its input array as is).
 * @example keras.activations.linear(array([-2, 3])).tolist(); // → [-2, 3]
 */
export const linear = builtin<[]>('linear');
/**
 * Keras' mish: x·tanh(softplus(x)), as `nn.mish`.
 * @example keras.activations.mish(array([-2, 1])).tolist(); // → [-0.252501, 0.865098]
 */
export const mish = builtin<[]>('mish');
/**
 * Keras' log_softmax(x, axis = -1): x − logsumexp(x) along `axis` (one axis or a list), as
 * `nn.logSoftmax`.
 * @example keras.activations.logSoftmax(array([0, 0])).tolist(); // → [-0.693147, -0.693147]
 */
export const logSoftmax = builtin<[axis?: number | readonly number[]]>('log_softmax');
/**
 * Keras' log_sigmoid: log σ(x) = −softplus(−x), as `nn.logSigmoid`.
 * @example keras.activations.logSigmoid(array([-2, 0])).tolist(); // → [-2.12693, -0.693147]
 */
export const logSigmoid = builtin<[]>('log_sigmoid');
/**
 * Keras' sparsemax(x, axis = -1): the Euclidean projection onto the probability simplex along
 * `axis`, a softmax with exact zeros (Martins and Astudillo, 2016).
 * @example
 * keras.activations.sparsemax(array([0, 0.5])).tolist();  // → [0.25, 0.75]
 * keras.activations.sparsemax(array([1, 2, 0])).tolist(); // → [0, 1, 0]
 */
export const sparsemax = builtin<[axis?: number]>('sparsemax');
/**
 * TensorFlow.js' `hardSigmoid` (Keras 2's `hard_sigmoid`): clip(0.2x + 0.5, 0, 1).
 *
 * @example
 * keras.activations.tfjsHardSigmoid(array([-3, 0, 1])).tolist(); // → [0, 0.5, 0.7]
 */
export const tfjsHardSigmoid = builtin<[]>('hardSigmoid');
/**
 * TensorFlow.js' `gelu_new`: the tanh approximation of gelu, gelu(x, true).
 *
 * @example
 * keras.activations.geluNew(array([1])).tolist(); // → [0.841192]
 */
export const geluNew = builtin<[]>('gelu_new');

/**
 * Every name `get` accepts: the Keras 3 names, their aliases and the TensorFlow.js names.
 *
 * @example
 * keras.activations.ACTIVATION_NAMES.includes('swish');       // → true
 * keras.activations.ACTIVATION_NAMES.includes('hardSigmoid'); // → true
 */
export const ACTIVATION_NAMES: readonly string[] = [...Object.keys(ACTIVATION_PARAMS), ...Object.keys(ACTIVATION_ALIASES)];

function levenshtein(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]++;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length];
}

/**
 * Up to three known names close to `name`, for the error message.
 *
 * @example
 * keras.activations.closeMatches('rellu'); // → ['relu', 'relu6', 'celu']
 */
export function closeMatches(name: string, candidates: readonly string[] = ACTIVATION_NAMES): string[] {
  const norm = (s: string) => s.toLowerCase().replace(/_/g, '');
  const n = norm(name.slice(0, 64));
  return candidates
    .map((c) => ({ c, d: norm(c) === n ? 0 : levenshtein(n, norm(c)) }))
    .filter(({ d }) => d <= Math.max(2, Math.floor(n.length / 3)))
    .sort((a, b) => a.d - b.d)
    .slice(0, 3)
    .map(({ c }) => c);
}

/**
 * The canonical name for `name` under the given semantics, or undefined.
 *
 * @example
 * keras.activations.lookupName('swish'); // → 'silu'
 * keras.activations.lookupName('nope') === undefined;  // → true
 */
export function lookupName(name: string, semantics: NameSemantics = 'keras3'): KerasActivationName | undefined {
  if (semantics === 'legacy' && Object.hasOwn(LEGACY_ACTIVATION_NAMES, name)) return LEGACY_ACTIVATION_NAMES[name];
  if (Object.hasOwn(ACTIVATION_PARAMS, name)) return name as KerasActivationName;
  if (Object.hasOwn(ACTIVATION_ALIASES, name)) return ACTIVATION_ALIASES[name];
  return undefined;
}

function unknownName(name: string): string {
  const close = closeMatches(name);
  return `unknown activation ${quote(name)}` + (close.length ? `; did you mean ${close.map((c) => `'${c}'`).join(', ')}?` : `; expected one of ${ACTIVATION_NAMES.join(', ')}`);
}

/** The built-in activation `name` (Keras 3 meanings), or a ValueError listing close matches. */
function byName(op: string, name: string): KerasActivation {
  const canonical = lookupName(name);
  if (canonical === undefined) throw new ValueError(op, unknownName(name));
  return builtin(canonical);
}

/**
 * An activation from an identifier, as Keras' `activations.get`: a name ('relu', 'swish', the
 * tfjs names 'hardSigmoid', 'logSoftmax', 'gelu_new'), a function (returned as is), a serialized
 * config (`{module, class_name: 'function', config: 'relu', registered_name}`, or
 * `{class_name: 'elu', config: {alpha: 0.5}}`), or null/undefined (linear).
 * @example
 * keras.activations.get('relu') === keras.activations.relu; // → true
 * keras.activations.get('elu')(array([-1]), 0.5).tolist(); // → [-0.316060]
 * keras.activations.get(null) === keras.activations.linear; // → true
 * keras.activations.get('rellu'); // throws ValueError: keras.activations.get: unknown activation "rellu"; did you mean 'relu'
 */
export function get(identifier: unknown): ActivationFunction {
  if (identifier === null || identifier === undefined) return linear;
  if (typeof identifier === 'function') return identifier as ActivationFunction;
  if (typeof identifier === 'string') return byName('keras.activations.get', identifier);
  if (typeof identifier === 'object') return deserialize(identifier);
  throw new ValueError('keras.activations.get', `could not interpret activation function identifier: ${describe(identifier)}; expected a name, a function, a serialized config or null`);
}

const OP_DESERIALIZE = 'keras.activations.deserialize';

/**
 * Reads an activation from a serialized config (untrusted: only built-in activations, checked
 * parameters, every problem a ConfigError naming the field). `semantics: 'legacy'` reads names
 * as Keras 2 / TensorFlow.js did ('hard_sigmoid' = clip(0.2x + 0.5, 0, 1)).
 * @example
 * keras.activations.deserialize({ class_name: 'elu', config: { alpha: 0.5 } })(array([-1])).tolist(); // → [-0.316060]
 * keras.activations.deserialize('hard_sigmoid', { semantics: 'legacy' }).kerasName;            // → 'hardSigmoid'
 */
export function deserialize(config: unknown, options: { semantics?: NameSemantics } = {}): KerasActivation {
  try {
    return readActivation(Reader.root(OP_DESERIALIZE, config), options.semantics ?? 'keras3');
  } catch (e) {
    if (e instanceof NonlinError) throw e;
    throw new ConfigError(OP_DESERIALIZE, '', `the config could not be read (${e instanceof Error ? quote(e.message, 200) : 'error'})`);
  }
}

/** @internal The activation at `r` (a name or a serialized object). */
export function readActivation(r: Reader, semantics: NameSemantics): KerasActivation {
  const named = (nameReader: Reader): KerasActivationName => {
    const name = nameReader.string(256, 'an activation name');
    const canonical = lookupName(name, semantics);
    if (canonical === undefined) throw new ConfigError(r.op, nameReader.path, unknownName(name));
    return canonical;
  };
  if (r.value === null || r.value === undefined) return linear as KerasActivation;
  if (r.isString()) return complete(r, named(r));
  // {module, class_name, config, registered_name} (Keras 3), {class_name, config} (Keras 2),
  // {className, config} (TensorFlow.js in memory).
  r.object(['module', 'class_name', 'className', 'config', 'registered_name'], 'an activation name or a serialized activation object');
  const moduleR = r.get('module');
  if (!moduleR.isNull()) {
    const module = moduleR.string(256, 'a module name');
    if (!(module === 'builtins' || isKerasModule(module, 'activations'))) {
      throw new ConfigError(r.op, moduleR.path, `is ${quote(module)}; expected a Keras module ('keras.activations'); custom code is never loaded`);
    }
  }
  const classR = r.has('class_name') ? r.get('class_name') : r.require('className', 'the activation name');
  const className = classR.string(256, 'a class name');
  const configR = r.get('config');
  let name: KerasActivationName;
  let bound: Record<string, unknown> | undefined;
  if (className === 'function') {
    name = named(configR);
  } else {
    name = named(classR);
    if (!configR.isNull()) {
      configR.object(ACTIVATION_PARAMS[name].map((p) => p.name), `an object of ${name}'s parameters`);
      bound = {};
      for (const p of ACTIVATION_PARAMS[name]) {
        const v = configR.get(p.name);
        if (v.value !== undefined) bound[p.name] = v.value;
      }
      if (Object.keys(bound).length === 0) bound = undefined;
    }
  }
  const regR = r.get('registered_name');
  if (!regR.isNull()) {
    const reg = regR.string(256, 'a registered name or null');
    if (reg !== 'function' && lookupName(reg, semantics) === undefined) {
      throw new ConfigError(r.op, regR.path, `is ${quote(reg)}: a custom registered object; nonlin loads only built-in activations`);
    }
  }
  return bound === undefined ? complete(configR, name) : bind(configR, name, bound);
}

/**
 * The built-in `name` when it needs no parameters: an activation Keras gives no default for
 * (threshold) named without its parameters would load and then fail at its first call.
 */
function complete(r: Reader, name: KerasActivationName): KerasActivation {
  const missing = requiredParams(name);
  if (missing.length > 0) throw new ConfigError(r.op, r.path, `is ${r.describe()}; activation '${name}' needs ${missing.join(' and ')} in its config (Keras gives them no default)`);
  return builtin(name);
}

/** The built-in `name` with parameters from the config at `r`, checked and copied (frozen) now. */
function bind(r: Reader, name: KerasActivationName, bound: Record<string, unknown>): KerasActivation {
  const base = builtin(name);
  const op = `keras.activations.${name}`;
  let values: unknown[];
  try {
    values = resolveArgs(name, [bound], op); // checks the values now, not at the first call
  } catch (e) {
    if (e instanceof NonlinError) throw new ConfigError(r.op, r.path, e.message);
    throw e;
  }
  // The resolved values, not the caller's: a list the caller changes later cannot change the function.
  const frozen: Record<string, unknown> = {};
  ACTIVATION_PARAMS[name].forEach((p: KerasParam, i) => { if (Object.hasOwn(bound, p.name)) frozen[p.name] = values[i]; });
  Object.freeze(frozen);
  const fn = (x: Operand, ...params: unknown[]) => {
    if (params.length > 0) return base(x, ...params);
    return base(x, frozen);
  };
  Object.defineProperty(fn, 'kerasName', { value: name, enumerable: false });
  Object.defineProperty(fn, 'boundParams', { value: frozen, enumerable: false });
  return fn as unknown as KerasActivation;
}

const requiredParams = (name: KerasActivationName): string[] => ACTIVATION_PARAMS[name].filter((p) => p.default === 'required').map((p) => `'${p.name}'`);

/**
 * @internal The parameters (quoted) a built-in activation still needs: those without a default
 * that no config bound. A user function needs none.
 */
export function missingParams(fn: ActivationFunction): string[] {
  return isBuiltin(fn) && fn.boundParams === undefined ? requiredParams(fn.kerasName) : [];
}

function isBuiltin(fn: unknown): fn is KerasActivation {
  return typeof fn === 'function' && typeof (fn as { kerasName?: unknown }).kerasName === 'string';
}

/**
 * The Keras name of a built-in activation function, or undefined for a user function.
 *
 * @example
 * keras.activations.nameOf(keras.activations.swish);      // → 'silu'
 * keras.activations.nameOf((x: NDArray) => x) === undefined; // → true
 */
export function nameOf(fn: unknown): KerasActivationName | undefined {
  return isBuiltin(fn) ? fn.kerasName : undefined;
}

/**
 * The serialized form of an activation, as Keras' `activations.serialize`: its name for a
 * built-in ('relu'); with `format: 'tfjs'`, the name TensorFlow.js writes ('swish' for silu,
 * 'hard_sigmoid' for tfjs' hardSigmoid), or a ConfigError when tfjs has no such activation.
 * A function with bound parameters serializes as `{class_name, config}`. User functions cannot
 * be serialized (as in Keras without registration).
 * @example
 * keras.activations.serialize(keras.activations.swish);                      // → 'silu'
 * keras.activations.serialize(keras.activations.swish, { format: 'tfjs' });  // → 'swish'
 */
export function serialize(fn: unknown, options: { format?: 'keras3' | 'tfjs' } = {}): string | { module?: string; class_name: string; config: Record<string, unknown>; registered_name?: null } {
  const op = 'keras.activations.serialize';
  if (!isBuiltin(fn)) {
    throw new ValueError(op, `argument 'activation' is ${describe(fn)}; expected a built-in keras.activations function (custom functions cannot be serialized)`);
  }
  const name = fn.kerasName;
  if (options.format === 'tfjs') {
    const tfjsName = TFJS_ACTIVATION_NAMES[name];
    if (tfjsName === undefined || fn.boundParams !== undefined) {
      throw new ConfigError(op, '', `activation '${name}'${fn.boundParams ? ' with bound parameters' : ''} has no TensorFlow.js equivalent; tfjs knows ${[...new Set(Object.values(TFJS_ACTIVATION_NAMES))].join(', ')}`);
    }
    return tfjsName;
  }
  if (fn.boundParams !== undefined) {
    return { module: 'keras.activations', class_name: name, config: { ...fn.boundParams }, registered_name: null };
  }
  return name;
}

