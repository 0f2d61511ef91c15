/** Ops that move elements without computing on them. */
import { NDArray, reshapeArray } from '../core/array.js';
import { promoteTypes } from '../core/dtype.js';
import { ShapeError, ValueError, describe } from '../core/errors.js';
import { checkShape, broadcastShapes, formatShape, lanesOf, normalizeAxes, normalizeAxis, stridesOf } from '../core/shape.js';
import { record } from '../core/tape.js';
import { forEachBroadcast } from '../kernels/js/map.js';
import { type Operand, coerce, toArray } from './operand.js';

/**
 * Same elements, new shape (one dimension may be -1). Shares storage: arrays are immutable.
 *
 * @example
 * reshape(arange(6), [2, -1]).tolist(); // → [[0, 1, 2], [3, 4, 5]]
 * reshape(arange(6), [4]); // throws ShapeError
 */
export function reshape(x: Operand, shape: readonly number[]): NDArray {
  const a = toArray('reshape', 'x', x);
  return record('reshape', [a], reshapeArray(a, shape), { shape: a.shape });
}

/**
 * Copies `x` broadcast to `shape` (NumPy rules).
 *
 * @example
 * broadcastTo(array([1, 2]), [2, 2]).tolist(); // → [[1, 2], [1, 2]]
 */
export function broadcastTo(x: Operand, shape: readonly number[]): NDArray {
  const a = toArray('broadcastTo', 'x', x);
  const target = checkShape('broadcastTo', 'shape', shape);
  const result = broadcastShapes('broadcastTo', a.shape, target);
  if (formatShape(result) !== formatShape(target)) {
    throw new ShapeError('broadcastTo', `cannot broadcast shape ${formatShape(a.shape)} to ${formatShape(target)}; expected each axis of size 1 or ${formatShape(target)}'s size`);
  }
  const out = NDArray.empty(target, a.dtype);
  const src = a.data('broadcastTo');
  const dst = out.data('broadcastTo');
  forEachBroadcast(target, [a.shape], (start, [ia], [sa], n) => {
    for (let j = 0; j < n; j++) dst[start + j] = src[ia + j * sa];
  });
  return record('broadcastTo', [a], out, { shape: a.shape });
}

/**
 * Inserts axes of size 1 at `axis` (one or several, in the output's numbering).
 *
 * @example
 * expandDims(array([1, 2]), 0).shape; // → [1, 2]
 * expandDims(array([1, 2]), [0, -1]).shape; // → [1, 2, 1]
 */
export function expandDims(x: Operand, axis: number | readonly number[]): NDArray {
  const a = toArray('expandDims', 'x', x);
  const list = Array.isArray(axis) ? axis : [axis];
  const ndim = a.ndim + list.length;
  const axes = normalizeAxes('expandDims', list, ndim);
  const shape: number[] = [];
  let k = 0;
  for (let i = 0; i < ndim; i++) shape.push(axes.includes(i) ? 1 : a.shape[k++]);
  return reshape(a, shape);
}

/**
 * Removes axes of size 1 (all of them, or the given ones, which must have size 1).
 *
 * @example
 * squeeze(zeros([1, 3, 1])).shape; // → [3]
 * squeeze(zeros([1, 3, 1]), 0).shape; // → [3, 1]
 */
export function squeeze(x: Operand, axis?: number | readonly number[]): NDArray {
  const a = toArray('squeeze', 'x', x);
  const axes = axis === undefined ? a.shape.flatMap((d, i) => (d === 1 ? [i] : [])) : normalizeAxes('squeeze', axis, a.ndim);
  for (const ax of axes) {
    if (a.shape[ax] !== 1) throw new ShapeError('squeeze', `axis ${ax} has size ${a.shape[ax]} in shape ${formatShape(a.shape)}; expected size 1`);
  }
  return reshape(a, a.shape.filter((_, i) => !axes.includes(i)));
}

/**
 * Permutes the axes (reverses them by default).
 *
 * @example
 * transpose(zeros([2, 3, 4])).shape; // → [4, 3, 2]
 * transpose(array([[1, 2], [3, 4]]), [1, 0]).tolist(); // → [[1, 3], [2, 4]]
 */
export function transpose(x: Operand, axes?: readonly number[]): NDArray {
  const a = toArray('transpose', 'x', x);
  const perm = axes === undefined ? a.shape.map((_, i) => a.ndim - 1 - i) : axes.map((ax) => normalizeAxis('transpose', ax, a.ndim, 'axes'));
  if (perm.length !== a.ndim || new Set(perm).size !== a.ndim) {
    throw new ValueError('transpose', `argument 'axes' is ${describe(axes)}; expected a permutation of ${a.ndim} axes`);
  }
  const shape = perm.map((p) => a.shape[p]);
  const inStrides = stridesOf(a.shape);
  // Reading the input with permuted strides is a broadcast walk with a custom stride vector.
  const out = NDArray.empty(shape, a.dtype);
  const src = a.data('transpose');
  const dst = out.data('transpose');
  const strides = perm.map((p) => inStrides[p]);
  const ndim = shape.length;
  if (out.size > 0) {
    const counter = new Array<number>(ndim).fill(0);
    let off = 0;
    for (let i = 0; i < out.size; i++) {
      dst[i] = src[off];
      for (let d = ndim - 1; d >= 0; d--) {
        counter[d]++;
        off += strides[d];
        if (counter[d] < shape[d]) break;
        off -= strides[d] * shape[d];
        counter[d] = 0;
      }
    }
  }
  return record('transpose', [a], out, { axes: perm });
}

/**
 * Joins arrays along an existing axis. Shapes must match except along `axis`; dtypes promote.
 * @example
 * concatenate([array([[1, 2]]), array([[3, 4]])]).tolist(); // → [[1, 2], [3, 4]]
 * concatenate([array([1]), array([2], 'int32')], 0).dtype; // → 'float32'
 */
export function concatenate(arrays: readonly Operand[], axis = 0): NDArray {
  const op = 'concatenate';
  if (!Array.isArray(arrays) || arrays.length === 0) {
    throw new ValueError(op, `argument 'arrays' is ${describe(arrays)}; expected a non-empty list of arrays`);
  }
  const parts = coerce(op, arrays.map((_, i) => `arrays[${i}]`), arrays, arrays.map((v) => toArray(op, 'arrays', v).dtype).reduce(promoteTypes));
  const first = parts[0];
  if (first.ndim === 0) throw new ShapeError(op, `arrays[0] is 0-d; expected arrays with at least one dimension`);
  const ax = normalizeAxis(op, axis, first.ndim);
  parts.forEach((p, i) => {
    if (p.ndim !== first.ndim || p.shape.some((d, k) => k !== ax && d !== first.shape[k])) {
      throw new ShapeError(op, `arrays[${i}] has shape ${formatShape(p.shape)} and arrays[0] has ${formatShape(first.shape)}; expected equal sizes except along axis ${ax}`);
    }
  });
  const shape = [...first.shape];
  shape[ax] = parts.reduce((n, p) => n + p.shape[ax], 0);
  const out = NDArray.empty(shape, first.dtype);
  const dst = out.data(op);
  const { outer, inner } = lanesOf(shape, ax);
  const rowOut = shape[ax] * inner;
  let start = 0;
  for (const p of parts) {
    const src = p.data(op);
    const block = p.shape[ax] * inner;
    for (let o = 0; o < outer; o++) dst.set(src.subarray(o * block, (o + 1) * block) as never, o * rowOut + start);
    start += block;
  }
  return record(op, parts, out, { axis: ax, sizes: parts.map((p) => p.shape[ax]) });
}

/**
 * Joins arrays of one shape along a new axis.
 *
 * @example
 * stack([array([1, 2]), array([3, 4])], 1).tolist(); // → [[1, 3], [2, 4]]
 */
export function stack(arrays: readonly Operand[], axis = 0): NDArray {
  const op = 'stack';
  if (!Array.isArray(arrays) || arrays.length === 0) {
    throw new ValueError(op, `argument 'arrays' is ${describe(arrays)}; expected a non-empty list of arrays`);
  }
  const parts = arrays.map((v, i) => toArray(op, `arrays[${i}]`, v));
  parts.forEach((p, i) => {
    if (formatShape(p.shape) !== formatShape(parts[0].shape)) {
      throw new ShapeError(op, `arrays[${i}] has shape ${formatShape(p.shape)} and arrays[0] has ${formatShape(parts[0].shape)}; expected equal shapes`);
    }
  });
  const ax = normalizeAxis(op, axis, parts[0].ndim + 1);
  return concatenate(parts.map((p) => expandDims(p, ax)), ax);
}

/**
 * Splits along `axis` into `sections` equal parts, or at the given indices (as MLX and NumPy).
 * @example
 * split(arange(6), 3).map((a) => a.tolist()); // → [[0, 1], [2, 3], [4, 5]]
 * split(arange(5), [1, 3]).map((a) => a.tolist()); // → [[0], [1, 2], [3, 4]]
 */
export function split(x: Operand, indicesOrSections: number | readonly number[], axis = 0): NDArray[] {
  const op = 'split';
  const a = toArray(op, 'x', x);
  if (a.ndim === 0) throw new ShapeError(op, `argument 'x' is 0-d; expected at least one dimension`);
  const ax = normalizeAxis(op, axis, a.ndim);
  const n = a.shape[ax];
  let bounds: number[];
  if (typeof indicesOrSections === 'number') {
    const k = indicesOrSections;
    if (!Number.isInteger(k) || k <= 0 || n % k !== 0) {
      throw new ValueError(op, `argument 'indicesOrSections' is ${describe(k)} for axis ${ax} of size ${n}; expected a positive integer dividing ${n}`);
    }
    bounds = Array.from({ length: k + 1 }, (_, i) => (i * n) / k);
  } else if (Array.isArray(indicesOrSections) && indicesOrSections.every((i) => Number.isInteger(i))) {
    bounds = [0, ...indicesOrSections.map((i) => Math.min(Math.max(i < 0 ? i + n : i, 0), n)), n];
    for (let i = 1; i < bounds.length; i++) bounds[i] = Math.max(bounds[i], bounds[i - 1]);
  } else {
    throw new ValueError(op, `argument 'indicesOrSections' is ${describe(indicesOrSections)}; expected an integer or a list of integers`);
  }
  const { outer, inner } = lanesOf(a.shape, ax);
  const src = a.data(op);
  const parts: NDArray[] = [];
  for (let s = 0; s + 1 < bounds.length; s++) {
    const len = bounds[s + 1] - bounds[s];
    const shape = [...a.shape];
    shape[ax] = len;
    const part = NDArray.empty(shape, a.dtype);
    const dst = part.data(op);
    for (let o = 0; o < outer; o++) {
      const from = (o * n + bounds[s]) * inner;
      dst.set(src.subarray(from, from + len * inner) as never, o * len * inner);
    }
    parts.push(record(op, [a], part, { axis: ax, start: bounds[s], stop: bounds[s + 1] }));
  }
  return parts;
}

