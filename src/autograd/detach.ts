import { NDArray } from '../core/array.js';

/** The same data with no node: a constant to every transform. */
export function detach(x: NDArray): NDArray {
  return new NDArray(x.storage, x.shape, x.dtype);
}
