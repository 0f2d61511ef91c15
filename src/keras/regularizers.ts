/**
 * Keras 3's weight regularizers with their config fields: `call(w)` is the penalty a weight adds
 * to the loss, computed with nonlin's ops so that it has gradients.
 */
import { NDArray, writeNumbers } from '../core/array.js';
import { ValueError } from '../core/errors.js';
import { formatShape } from '../core/shape.js';
import { abs, add, divide, maximum, multiply, sqrt, square, sum, transpose } from '../ops/index.js';
import { matmul } from '../ops/matmul.js';
import type { Json } from './config.js';
import { ConfigError } from './errors.js';
import { ConfigObject, type Family, type Field, field, getConfigObject, parseIfJson, writeConfigObject } from './configObject.js';

/**
 * A weight regularizer (Keras' `keras.regularizers`): `call(w)` is the penalty added to the loss, a
 * one-element array.
 * @example
 * const reg: keras.regularizers.Regularizer = new keras.regularizers.L2({ l2: 0.5 });
 * reg.call(array([1, -2])).item(); // → 2.5
 */
export abstract class Regularizer extends ConfigObject {
  /** The penalty for weight `w`, a scalar. */
  abstract call(w: NDArray): NDArray;
  /** @internal */
  get module(): string { return 'keras.regularizers'; }
  /** @internal tfjs has one regularizer class, L1L2. */
  override toJson(format: 'keras3' | 'tfjs'): { className: string; config: Record<string, Json> } {
    const out = super.toJson(format);
    if (format === 'tfjs') return { className: 'L1L2', config: { l1: this.values.l1 ?? 0, l2: this.values.l2 ?? 0 } };
    return out;
  }
}

/** l1·Σ|w| (default l1 = 0.01). @example new keras.regularizers.L1({ l1: 0.5 }).call(array([1, -2])).item(); // → 1.5 */
export class L1 extends Regularizer {
  static readonly className = 'L1';
  static readonly fields: readonly Field[] = [field('l1', 'l1', 'nonNegative', 0.01)];
  constructor(args: { l1?: number } = {}) { super(args, 'keras.regularizers.L1'); }
  call(w: NDArray): NDArray { return multiply(sum(abs(w)), this.values.l1 as number); }
}
/**
 * l2·Σw² (default l2 = 0.01).
 *
 * @example
 * new keras.regularizers.L2().getConfig().l2; // → 0.01
 * new keras.regularizers.L2({ l2: 0.5 }).call(array([1, -2])).item(); // → 2.5
 */
export class L2 extends Regularizer {
  static readonly className = 'L2';
  static readonly fields: readonly Field[] = [field('l2', 'l2', 'nonNegative', 0.01)];
  constructor(args: { l2?: number } = {}) { super(args, 'keras.regularizers.L2'); }
  call(w: NDArray): NDArray { return multiply(sum(square(w)), this.values.l2 as number); }
}
/** l1·Σ|w| + l2·Σw² (defaults 0). @example new keras.regularizers.L1L2({ l1: 1, l2: 1 }).call(array([1, -2])).item(); // → 8 */
export class L1L2 extends Regularizer {
  static readonly className = 'L1L2';
  static readonly fields: readonly Field[] = [field('l1', 'l1', 'nonNegative', 0), field('l2', 'l2', 'nonNegative', 0)];
  constructor(args: { l1?: number; l2?: number } = {}) { super(args, 'keras.regularizers.L1L2'); }
  call(w: NDArray): NDArray {
    return add(multiply(sum(abs(w)), this.values.l1 as number), multiply(sum(square(w)), this.values.l2 as number));
  }
}

const EPSILON = 1e-7; // Keras' backend.epsilon(), the floor of a norm in normalize()

/**
 * Pushes the rows (mode 'rows', the default) or columns of a matrix weight towards orthogonality:
 * factor · mean over distinct pairs of |cos(angle)| between the L2-normalized rows (columns)
 * (Keras' OrthogonalRegularizer, default factor 0.01). The weight must have rank 2; with a single
 * row (column) there is no pair and the penalty is NaN, as in Keras.
 *
 * @example
 * new keras.regularizers.OrthogonalRegularizer({ factor: 1 }).call(array([[1, 0], [1, 1]])).item(); // → 0.707107
 * new keras.regularizers.OrthogonalRegularizer({ mode: 'columns' }).call(array([[1, 0], [0, 1]])).item(); // → 0
 */
export class OrthogonalRegularizer extends Regularizer {
  static readonly className = 'OrthogonalRegularizer';
  static readonly fields: readonly Field[] = [field('factor', 'factor', 'nonNegative', 0.01), field('mode', 'mode', 'choice', 'rows', ['rows', 'columns'])];
  constructor(args: { factor?: number; mode?: 'rows' | 'columns' } = {}) { super(args, 'keras.regularizers.OrthogonalRegularizer'); }
  call(w: NDArray): NDArray {
    if (w.ndim !== 2) {
      throw new ValueError('keras.regularizers.OrthogonalRegularizer', `the weight has shape ${formatShape(w.shape)}; expected rank 2`);
    }
    const rows = this.values.mode === 'rows';
    const axis = rows ? 1 : 0;
    const unit = divide(w, maximum(sqrt(sum(square(w), axis, true)), EPSILON));
    const product = rows ? matmul(unit, transpose(unit)) : matmul(transpose(unit), unit);
    const size = product.shape[0];
    const offDiagonal = new Float64Array(size * size).fill(1);
    for (let i = 0; i < size; i++) offDiagonal[i * size + i] = 0;
    const mask = NDArray.empty([size, size], product.dtype);
    writeNumbers(mask, offDiagonal);
    const pairs = (size * (size - 1)) / 2;
    return divide(multiply(sum(abs(multiply(product, mask))), (this.values.factor as number) * 0.5), pairs);
  }
  /** @internal */
  override toJson(format: 'keras3' | 'tfjs'): { className: string; config: Record<string, Json> } {
    if (format === 'tfjs') throw new ConfigError('keras.regularizers.serialize', 'class_name', "is 'OrthogonalRegularizer'; TensorFlow.js has no such regularizer");
    return super.toJson(format);
  }
}

/** @internal The regularizers a config may name. */
export const REGULARIZER_FAMILY: Family<Regularizer> = {
  kind: 'regularizer',
  classes: { L1, L2, L1L2, OrthogonalRegularizer },
  aliases: { l1: 'L1', l2: 'L2', l1_l2: 'L1L2', l1l2: 'L1L2', orthogonal_regularizer: 'OrthogonalRegularizer' },
};

/**
 * A regularizer from an identifier (Keras' `keras.regularizers.get`): null for none, an instance
 * as is, a name ('l2', 'l1_l2', 'orthogonal_regularizer') or a config in any JSON form (read as
 * untrusted: an unknown class or a bad field is a ConfigError).
 *
 * @example
 * keras.regularizers.get('l1_l2')?.className; // → 'L1L2'
 * keras.regularizers.get(null);               // → null
 */
export function get(identifier: Regularizer | string | Record<string, unknown> | null): Regularizer | null {
  return getConfigObject('keras.regularizers.get', identifier, REGULARIZER_FAMILY);
}
/**
 * The JSON form of a regularizer (Keras 3's, or tfjs' with `format: 'tfjs'`, where every
 * regularizer is an L1L2).
 *
 * @example
 * keras.regularizers.serialize(new keras.regularizers.L2(), { format: 'tfjs' }); // → { class_name: 'L1L2', config: { l1: 0, l2: 0.01 } }
 */
export function serialize(regularizer: Regularizer, options: { format?: 'keras3' | 'tfjs' } = {}): Json {
  return writeConfigObject(get(regularizer), options.format ?? 'keras3');
}
/**
 * A regularizer from its JSON form or name (null for none).
 * @example keras.regularizers.deserialize({ class_name: 'L1', config: { l1: 0.5 } })?.getConfig(); // → { l1: 0.5 }
 */
export function deserialize(config: unknown): Regularizer | null {
  return get(parseIfJson(`keras.regularizers.deserialize`, config) as Record<string, unknown> | null);
}
