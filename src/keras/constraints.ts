/**
 * Keras 3's weight constraints with their config fields (applied by an optimizer after each
 * update: `w.assign(constraint.call(w.value))`).
 */
import type { NDArray } from '../core/array.js';
import { add, clip, divide, maximum, multiply, sqrt, square, sum } from '../ops/index.js';
import type { Json } from './config.js';
import { ConfigObject, type Family, type Field, field, getConfigObject, parseIfJson, writeConfigObject } from './configObject.js';

/**
 * A weight constraint (Keras' `keras.constraints`): `call(w)` returns the constrained weight,
 * applied after each update.
 * @example
 * const c: keras.constraints.Constraint = new keras.constraints.NonNeg();
 * c.call(array([-1, 2])).tolist(); // → [0, 2]
 */
export abstract class Constraint extends ConfigObject {
  abstract call(w: NDArray): NDArray;
  /** @internal */
  get module(): string { return 'keras.constraints'; }
}

const EPSILON = 1e-7; // Keras' backend.epsilon()
const norm = (w: NDArray, axis: number) => sqrt(sum(square(w), axis, true));

/** Clips negative weights to 0. @example new keras.constraints.NonNeg().call(array([-1, 2])).tolist(); // → [0, 2] */
export class NonNeg extends Constraint {
  static readonly className = 'NonNeg';
  static readonly fields: readonly Field[] = [];
  constructor() { super({}, 'keras.constraints.NonNeg'); }
  call(w: NDArray): NDArray { return maximum(w, 0); }
}
/**
 * Rescales slices along `axis` (default 0) whose norm exceeds maxValue (default 2).
 *
 * @example
 * new keras.constraints.MaxNorm({ maxValue: 1 }).call(array([[3], [4]])).tolist(); // → [[0.6], [0.8]]
 */
export class MaxNorm extends Constraint {
  static readonly className = 'MaxNorm';
  static readonly fields: readonly Field[] = [field('maxValue', 'max_value', 'nonNegative', 2), field('axis', 'axis', 'axis', 0)];
  constructor(args: { maxValue?: number; axis?: number } = {}) { super(args, 'keras.constraints.MaxNorm'); }
  call(w: NDArray): NDArray {
    const n = norm(w, this.values.axis as number);
    return multiply(w, divide(clip(n, 0, this.values.maxValue as number), add(n, EPSILON)));
  }
}
/**
 * Keeps slice norms in [minValue, maxValue] (defaults 0, 1), moving a fraction `rate` (default 1)
 * of the way.
 *
 * @example
 * new keras.constraints.MinMaxNorm({ minValue: 1, maxValue: 2 }).call(array([[0.3], [0.4]])).tolist(); // → [[0.6], [0.8]]
 */
export class MinMaxNorm extends Constraint {
  static readonly className = 'MinMaxNorm';
  static readonly fields: readonly Field[] = [
    field('minValue', 'min_value', 'nonNegative', 0), field('maxValue', 'max_value', 'nonNegative', 1),
    field('rate', 'rate', 'nonNegative', 1), field('axis', 'axis', 'axis', 0),
  ];
  constructor(args: { minValue?: number; maxValue?: number; rate?: number; axis?: number } = {}) { super(args, 'keras.constraints.MinMaxNorm'); }
  call(w: NDArray): NDArray {
    const { minValue, maxValue, rate, axis } = this.values as Record<string, number>;
    const n = norm(w, axis);
    const desired = add(multiply(clip(n, minValue, maxValue), rate), multiply(n, 1 - rate));
    return multiply(w, divide(desired, add(n, EPSILON)));
  }
}
/**
 * Scales slices along `axis` (default 0) to unit norm.
 *
 * @example
 * new keras.constraints.UnitNorm().call(array([[3], [4]])).tolist(); // → [[0.6], [0.8]]
 */
export class UnitNorm extends Constraint {
  static readonly className = 'UnitNorm';
  static readonly fields: readonly Field[] = [field('axis', 'axis', 'axis', 0)];
  constructor(args: { axis?: number } = {}) { super(args, 'keras.constraints.UnitNorm'); }
  call(w: NDArray): NDArray { return divide(w, add(norm(w, this.values.axis as number), EPSILON)); }
}

/** @internal The constraints a config may name. */
export const CONSTRAINT_FAMILY: Family<Constraint> = {
  kind: 'constraint',
  classes: { NonNeg, MaxNorm, MinMaxNorm, UnitNorm },
  aliases: {
    non_neg: 'NonNeg', max_norm: 'MaxNorm', min_max_norm: 'MinMaxNorm', unit_norm: 'UnitNorm',
    nonNeg: 'NonNeg', maxNorm: 'MaxNorm', minMaxNorm: 'MinMaxNorm', unitNorm: 'UnitNorm',
  },
};

/**
 * A constraint from an identifier (Keras' `keras.constraints.get`): null for none, an instance as
 * is, a name ('non_neg', 'maxNorm') or a config in any JSON form (read as untrusted: an unknown
 * class or a bad field is a ConfigError).
 *
 * @example
 * keras.constraints.get('unit_norm')?.className; // → 'UnitNorm'
 */
export function get(identifier: Constraint | string | Record<string, unknown> | null): Constraint | null {
  return getConfigObject('keras.constraints.get', identifier, CONSTRAINT_FAMILY);
}
/**
 * The JSON form of a constraint (Keras 3's, or tfjs' with `format: 'tfjs'`).
 * @example keras.constraints.serialize(new keras.constraints.NonNeg()); // → { module: 'keras.constraints', class_name: 'NonNeg', config: {}, registered_name: null }
 */
export function serialize(constraint: Constraint, options: { format?: 'keras3' | 'tfjs' } = {}): Json {
  return writeConfigObject(get(constraint), options.format ?? 'keras3');
}
/**
 * A constraint from its JSON form or name (null for none).
 * @example keras.constraints.deserialize({ class_name: 'MaxNorm', config: { max_value: 3 } })?.getConfig(); // → { maxValue: 3, axis: 0 }
 */
export function deserialize(config: unknown): Constraint | null {
  return get(parseIfJson(`keras.constraints.deserialize`, config) as Record<string, unknown> | null);
}
