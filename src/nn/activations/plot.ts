/**
 * One-parameter views of the activations that are not elementwise, for their `plot` entries (the
 * docs gallery draws f and f' over x).
 */
import type { NDArray } from '../../core/array.js';
import { zerosLike } from '../../core/create.js';
import { split, stack } from '../../ops/index.js';

/** [x, 0] or [x, x] pairs as an [n, 2] array, first column x (built with ops, so grad sees through it). */
export function pairs(x: NDArray, c: 'zero' | 'same'): NDArray {
  return stack([x, c === 'zero' ? zerosLike(x) : x], 1);
}

/** Column 0 of a row function over [x, 0]: shape [n]. */
export const firstOfRow = (fn: (x: NDArray, axis?: number) => NDArray) => (x: NDArray) =>
  split(fn(pairs(x, 'zero'), -1), 2, -1)[0].reshape([-1]);
