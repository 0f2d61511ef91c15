/** Shapes, strides, axes and NumPy broadcasting. */
import { AxisError, ShapeError, describe } from './errors.js';

export type Shape = readonly number[];

export function sizeOf(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/**
 * The most elements one array may have: 2^31 − 1, so that every flat index is an int32 (the
 * WebAssembly kernels index with i32, and the heap is at most 4 GiB). A shape asking for more is a
 * ShapeError before anything is allocated.
 */
export const MAX_SIZE = 2 ** 31 - 1;
/** The most dimensions an array may have (NumPy 2's limit); deeper nesting is a ShapeError. */
export const MAX_NDIM = 64;

/** A ShapeError unless `size` elements (a product of dimensions) fit MAX_SIZE. */
export function checkSize(op: string, arg: string, size: number): void {
  if (!(size <= MAX_SIZE)) {
    throw new ShapeError(op, `argument '${arg}' asks for ${size} elements; expected at most ${MAX_SIZE} (2^31 - 1)`);
  }
}

/**
 * Validates a user-supplied shape: a dense list of at most MAX_NDIM non-negative integers whose
 * product is at most MAX_SIZE.
 */
export function checkShape(op: string, arg: string, shape: unknown): number[] {
  const list = typeof shape === 'number' ? [shape] : shape;
  const bad = () => new ShapeError(op, `argument '${arg}' is ${describe(shape)}; expected a list of non-negative integers`);
  if (!Array.isArray(list)) throw bad();
  if (list.length > MAX_NDIM) throw new ShapeError(op, `argument '${arg}' has ${list.length} dimensions; expected at most ${MAX_NDIM}`);
  const out: number[] = [];
  let size = 1;
  for (let i = 0; i < list.length; i++) {
    const d: unknown = list[i];
    // `i in list` rejects holes ([2, , 3]), which iteration helpers would skip.
    if (!(i in list) || typeof d !== 'number' || !Number.isInteger(d) || d < 0) throw bad();
    checkSize(op, arg, d);
    size *= d;
    out.push(d);
  }
  checkSize(op, arg, size);
  return out;
}

export function formatShape(shape: Shape): string {
  return `[${shape.join(',')}]`;
}

/** Row-major (C order) strides in elements. */
export function stridesOf(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i];
  }
  return strides;
}

/** The broadcast shape of two or more shapes (NumPy rules), or a ShapeError naming the axis. */
export function broadcastShapes(op: string, ...shapes: Shape[]): number[] {
  const ndim = Math.max(0, ...shapes.map((s) => s.length));
  const out = new Array<number>(ndim).fill(1);
  for (let k = 1; k <= ndim; k++) {
    for (const s of shapes) {
      const d = s.length - k >= 0 ? s[s.length - k] : 1;
      const o = out[ndim - k];
      if (d === o || d === 1) continue;
      if (o === 1) out[ndim - k] = d;
      else {
        throw new ShapeError(op, `cannot broadcast shapes ${shapes.map(formatShape).join(' and ')}: ` +
          `axis ${-k} has sizes ${o} and ${d}; expected equal sizes or 1`);
      }
    }
  }
  // Broadcasting small arrays can ask for a huge result ([65536,1] + [1,65536]).
  if (!(sizeOf(out) <= MAX_SIZE)) {
    throw new ShapeError(op, `broadcasting shapes ${shapes.map(formatShape).join(' and ')} gives ${formatShape(out)}, ${sizeOf(out)} elements; expected at most ${MAX_SIZE} (2^31 - 1)`);
  }
  return out;
}

/** Normalizes a possibly negative axis for an array of `ndim` dimensions. */
export function normalizeAxis(op: string, axis: unknown, ndim: number, arg = 'axis'): number {
  if (typeof axis !== 'number' || !Number.isInteger(axis)) {
    throw new AxisError(op, `argument '${arg}' is ${describe(axis)}; expected an integer`);
  }
  if (axis < -ndim || axis >= ndim) {
    const range = ndim === 0 ? 'no axis (the array is 0-d)' : `an axis in [${-ndim}, ${ndim - 1}]`;
    throw new AxisError(op, `argument '${arg}' is ${axis} for an array of ${ndim} dimension${ndim === 1 ? '' : 's'}; expected ${range}`);
  }
  return axis < 0 ? axis + ndim : axis;
}

/** Normalizes an axis, a list of axes, or undefined (all axes); sorted, no repeats. */
export function normalizeAxes(op: string, axes: unknown, ndim: number): number[] {
  if (axes === undefined || axes === null) return Array.from({ length: ndim }, (_, i) => i);
  const list = Array.isArray(axes) ? axes : [axes];
  const out = list.map((a) => normalizeAxis(op, a, ndim, Array.isArray(axes) ? 'axes' : 'axis'));
  const sorted = [...out].sort((a, b) => a - b);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i] === sorted[i - 1]) {
      throw new AxisError(op, `argument 'axes' is ${describe(axes)}: axis ${sorted[i]} is repeated; expected distinct axes`);
    }
  }
  return sorted;
}

/**
 * The layout of "lanes" along one axis of a row-major array: `outer` blocks, each holding
 * `length` entries `inner` elements apart. Lane (o, i) starts at o * length * inner + i.
 */
export interface Lanes { readonly outer: number; readonly length: number; readonly inner: number }
export function lanesOf(shape: Shape, axis: number): Lanes {
  let outer = 1;
  let inner = 1;
  for (let i = 0; i < axis; i++) outer *= shape[i];
  for (let i = axis + 1; i < shape.length; i++) inner *= shape[i];
  return { outer, length: shape[axis], inner };
}
