/** Making arrays: from JS values, constants, ranges. */
import { NDArray, castArray, writeNumbers } from './array.js';
import { type DType, checkDType } from './dtype.js';
import { ShapeError, ValueError, describe } from './errors.js';
import { MAX_NDIM, checkShape, checkSize } from './shape.js';

/**
 * Anything `array()` accepts: an NDArray, a number, a boolean, nested JS arrays of numbers or
 * booleans, or a Float32Array, Float64Array or integer TypedArray.
 *
 * @example
 * const values: ArrayLike = new Float64Array([0.5, 1.5]);
 * array(values).dtype; // → 'float64'
 */
export type ArrayLike =
  | NDArray | number | boolean | NestedValues
  | Float32Array | Float64Array | Int32Array | Int16Array | Int8Array | Uint16Array | Uint8Array;
export interface NestedValues extends ReadonlyArray<number | boolean | NestedValues> {}

function typedArrayDType(v: ArrayBufferView): DType | undefined {
  if (v instanceof Float32Array) return 'float32';
  if (v instanceof Float64Array) return 'float64';
  if (v instanceof Int32Array || v instanceof Int16Array || v instanceof Int8Array ||
      v instanceof Uint16Array || v instanceof Uint8Array) return 'int32';
  return undefined;
}

/**
 * An array from a number, a boolean, nested JS arrays or a TypedArray. JS numbers give float32
 * (JS cannot tell 1 from 1.0), booleans give bool; a TypedArray keeps its kind (Float64Array ->
 * float64, integer arrays -> int32). Pass `dtype` to convert. Values are copied.
 * @example
 * array([1, 2, 3]).dtype;                       // → 'float32'
 * array([true, false]).dtype;                   // → 'bool'
 * array(new Int32Array([1, 2])).dtype;          // → 'int32'
 * array([[1, 2], [3, 4]], 'float64').tolist();  // → [[1, 2], [3, 4]]
 * array([[1, 2], [3]]);                         // throws ShapeError
 */
export function array(values: ArrayLike, dtype?: DType): NDArray {
  const op = 'array';
  if (dtype !== undefined) checkDType(op, 'dtype', dtype);
  if (values instanceof NDArray) return castArray(values, dtype ?? values.dtype);
  if (ArrayBuffer.isView(values)) {
    const inferred = typedArrayDType(values);
    if (inferred === undefined) {
      throw new ValueError(op, `argument 'values' is ${describe(values)}; expected a Float32Array, Float64Array or an integer TypedArray of at most 32 bits`);
    }
    const out = NDArray.empty([values.length], dtype ?? inferred);
    if (out.dtype === inferred && inferred !== 'int32') out.data(op).set(values as Float32Array);
    else writeNumbers(out, values as unknown as globalThis.ArrayLike<number>, op);
    return out;
  }
  const shape: number[] = [];
  const flat: number[] = [];
  let allBool = true;
  const visit = (v: unknown, depth: number, path: number[]): void => {
    if (Array.isArray(v)) {
      if (depth === shape.length) {
        if (flat.length > 0) throw ragged(path, 'a number', 'a nested list');
        // Bounds the recursion: a deeper (or cyclic) list is refused before the stack runs out.
        if (depth >= MAX_NDIM) throw new ShapeError(op, `argument 'values' is nested more than ${MAX_NDIM} lists deep; expected at most ${MAX_NDIM} dimensions`);
        shape.push(v.length);
        checkSize(op, 'values', shape.reduce((n, d) => n * d, 1));
      } else if (depth > shape.length || shape[depth] !== v.length) {
        throw ragged(path, depth < shape.length ? `length ${shape[depth]}` : 'a number', `length ${v.length}`);
      }
      for (let i = 0; i < v.length; i++) {
        // forEach would skip a hole and give a shorter list; a hole is no value.
        if (!(i in v)) throw new ValueError(op, `argument 'values' has a hole at index [${[...path, i].join(',')}]; expected numbers or booleans`);
        visit(v[i], depth + 1, [...path, i]);
      }
      return;
    }
    if (depth !== shape.length) throw ragged(path, `a list of length ${shape[depth]}`, describe(v));
    if (typeof v === 'number') { allBool = false; flat.push(v); return; }
    if (typeof v === 'boolean') { flat.push(v ? 1 : 0); return; }
    throw new ValueError(op, `argument 'values' has ${describe(v)} at index [${path.join(',')}]; expected numbers or booleans`);
  };
  const ragged = (path: number[], expected: string, got: string) =>
    new ShapeError(op, `argument 'values' is a ragged nested list: at index [${path.join(',')}] found ${got}; expected ${expected}`);
  visit(values, 0, []);
  const inferred: DType = flat.length > 0 && allBool ? 'bool' : 'float32';
  const out = NDArray.empty(shape, dtype ?? inferred);
  writeNumbers(out, flat, op);
  return out;
}

/**
 * An array of `shape` filled with `value` (a number or boolean).
 *
 * @example
 * full([2, 2], 0.5).tolist();   // → [[0.5, 0.5], [0.5, 0.5]]
 * full(3, true).dtype;          // → 'bool'
 */
export function full(shape: number | readonly number[], value: number | boolean, dtype?: DType): NDArray {
  const op = 'full';
  const s = checkShape(op, 'shape', shape);
  if (typeof value !== 'number' && typeof value !== 'boolean') {
    throw new ValueError(op, `argument 'value' is ${describe(value)}; expected a number or boolean`);
  }
  const dt = dtype === undefined ? (typeof value === 'boolean' ? 'bool' : 'float32') : checkDType(op, 'dtype', dtype);
  const out = NDArray.empty(s, dt);
  const one = NDArray.empty([1], dt);
  writeNumbers(one, [Number(value)], op);
  (out.data(op) as Float32Array).fill(one.data(op)[0]);
  return out;
}

/**
 * An array of `shape` filled with 0, float32 unless `dtype` says otherwise (MLX's `zeros`).
 * @example
 * zeros([2, 3]).tolist();  // → [[0, 0, 0], [0, 0, 0]]
 * zeros(2, 'int32').dtype; // → 'int32'
 */
export function zeros(shape: number | readonly number[], dtype: DType = 'float32'): NDArray {
  return full(checkShape('zeros', 'shape', shape), 0, checkDType('zeros', 'dtype', dtype));
}

/**
 * An array of `shape` filled with 1, float32 unless `dtype` says otherwise (MLX's `ones`).
 * @example
 * ones(3).tolist();       // → [1, 1, 1]
 * ones([2], 'bool').tolist(); // → [true, true]
 */
export function ones(shape: number | readonly number[], dtype: DType = 'float32'): NDArray {
  return full(checkShape('ones', 'shape', shape), 1, checkDType('ones', 'dtype', dtype));
}

/**
 * Zeros with the shape and dtype of `x`.
 * @example zerosLike(array([[1, 2]], 'int32')).tolist(); // → [[0, 0]]
 */
export function zerosLike(x: NDArray): NDArray { return zeros(x.shape, x.dtype); }
/**
 * Ones with the shape and dtype of `x`.
 * @example onesLike(array([0.5, 2], 'float16')).dtype; // → 'float16'
 */
export function onesLike(x: NDArray): NDArray { return ones(x.shape, x.dtype); }

/**
 * Values from `start` (inclusive) to `stop` (exclusive) by `step`: `arange(stop)`,
 * `arange(start, stop, step = 1)`. As in MLX, integer arguments give int32, others float32.
 * @example
 * arange(4).tolist();            // → [0, 1, 2, 3]
 * arange(4).dtype;               // → 'int32'
 * arange(0, 1, 0.25).tolist();   // → [0, 0.25, 0.5, 0.75]
 * arange(0, 1, 0.25).dtype;      // → 'float32'
 */
export function arange(start: number, stop?: number, step = 1, dtype?: DType): NDArray {
  const op = 'arange';
  if (stop === undefined) { stop = start; start = 0; }
  for (const [name, v] of [['start', start], ['stop', stop], ['step', step]] as const) {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new ValueError(op, `argument '${name}' is ${describe(v)}; expected a finite number`);
  }
  if (step === 0) throw new ValueError(op, `argument 'step' is 0; expected a non-zero number`);
  const dt = dtype === undefined
    ? ([start, stop, step].every(Number.isInteger) ? 'int32' : 'float32')
    : checkDType(op, 'dtype', dtype);
  const n = Math.max(0, Math.ceil((stop - start) / step));
  checkSize(op, 'step', n);
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = start + i * step;
  const out = NDArray.empty([n], dt);
  writeNumbers(out, values, op);
  return out;
}

/**
 * `num` evenly spaced values from `start` to `stop`, both included (float32 by default).
 *
 * @example
 * linspace(0, 1, 5).tolist();   // → [0, 0.25, 0.5, 0.75, 1]
 */
export function linspace(start: number, stop: number, num = 50, dtype: DType = 'float32'): NDArray {
  const op = 'linspace';
  if (!Number.isInteger(num) || num < 0) throw new ValueError(op, `argument 'num' is ${describe(num)}; expected a non-negative integer`);
  checkSize(op, 'num', num);
  for (const [name, v] of [['start', start], ['stop', stop]] as const) {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new ValueError(op, `argument '${name}' is ${describe(v)}; expected a finite number`);
  }
  const values = new Float64Array(num);
  const delta = num > 1 ? (stop - start) / (num - 1) : 0;
  for (let i = 0; i < num; i++) values[i] = start + i * delta;
  if (num > 1) values[num - 1] = stop;
  const out = NDArray.empty([num], checkDType(op, 'dtype', dtype));
  writeNumbers(out, values, op);
  return out;
}
