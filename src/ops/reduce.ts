/** Reductions over an axis, a list of axes, or all axes (undefined), with keepdims. */
import type { NDArray } from '../core/array.js';
import { type DType, floatResult } from '../core/dtype.js';
import { normalizeAxes } from '../core/shape.js';
import { type ReducePrimitive, record } from '../core/tape.js';
import { type Reducer, reduce } from '../kernels/js/reduce.js';
import { divide } from './binary.js';
import { type Operand, toArray } from './operand.js';

/**
 * The axes a reduction runs over: one axis, several, or `undefined` for all of them; negative axes
 * count from the end.
 * @example
 * sum(array([[1, 2], [3, 4]]), [0, 1]).item(); // → 10
 * sum(array([[1, 2], [3, 4]]), -1).tolist(); // → [3, 7]
 */
export type Axes = number | readonly number[] | undefined;

function reduction(name: ReducePrimitive, kind: Reducer, dtypeOf: (d: DType) => DType) {
  return (x: Operand, axis?: Axes, keepdims = false): NDArray => {
    const a = toArray(name, 'x', x);
    const axes = normalizeAxes(name, axis, a.ndim);
    return record(name, [a], reduce(a, axes, keepdims, kind, dtypeOf(a.dtype), name), { axes, keepdims });
  };
}

/**
 * Sum; bools and ints sum to int32.
 *
 * @example
 * sum(array([[1, 2], [3, 4]])).item(); // → 10
 * sum(array([[1, 2], [3, 4]]), 0, true).tolist(); // → [[4, 6]]
 * sum(array([true, true, false])).dtype; // → 'int32'
 */
export const sum = reduction('sum', 'sum', (d) => (d === 'bool' ? 'int32' : d));
/**
 * Maximum; NaN propagates.
 *
 * @example
 * max(array([[1, 5], [3, 2]]), 1).tolist(); // → [5, 3]
 * max(array([1, NaN])).item(); // → NaN
 */
export const max = reduction('max', 'max', (d) => d);
/** Minimum; NaN propagates. @example min(array([[1, 5], [3, 2]]), 0).tolist(); // → [1, 2] */
export const min = reduction('min', 'min', (d) => d);
/**
 * log(sum(exp(x))), shifted by the max so it never overflows.
 *
 * @example
 * logsumexp(array([1000, 1000])).item(); // → 1000.693
 * logsumexp(array([[0, 0], [1, 1]]), 1).tolist(); // → [0.693147, 1.693147]
 */
export const logsumexp = reduction('logsumexp', 'logsumexp', floatResult);

/**
 * Mean (ints give float32).
 *
 * @example
 * mean(array([1, 2], 'int32')).item(); // → 1.5
 * mean(array([[1, 2], [3, 4]]), -1).tolist(); // → [1.5, 3.5]
 */
export function mean(x: Operand, axis?: Axes, keepdims = false): NDArray {
  const a = toArray('mean', 'x', x);
  const axes = normalizeAxes('mean', axis, a.ndim);
  const count = axes.reduce((n, ax) => n * a.shape[ax], 1);
  const total = sum(a.dtype === 'bool' || a.dtype === 'int32' ? a.astype('float32') : a, axes, keepdims);
  return divide(total, count);
}
