/** Elementwise ops on two (or three) arrays, with NumPy broadcasting and MLX promotion. */
import type { NDArray } from '../core/array.js';
import { type DType, isFloat } from '../core/dtype.js';
import { type BinaryPrimitive, record } from '../core/tape.js';
import { DD_EXP, DD_LO, ddOut, expScaled, log1pDD, powerOfTwo, roundScaled } from '../kernels/js/ddmath.js';
import { sumError } from '../kernels/js/exact.js';
import { mapBinary, mapWhere } from '../kernels/js/map.js';
import { type Operand, coerce, resultDType, toArray } from './operand.js';

function binaryOp(name: BinaryPrimitive, fn: (x: number, y: number) => number, intFn: (x: number, y: number) => number = fn) {
  return (a: Operand, b: Operand): NDArray => {
    let dtype = resultDType([a, b]);
    if (dtype === 'bool') dtype = 'int32'; // arithmetic on bools counts
    const [x, y] = coerce(name, ['a', 'b'], [a, b], dtype);
    return record(name, [x, y], mapBinary(x, y, dtype, name, dtype === 'int32' ? intFn : fn));
  };
}

/**
 * a + b elementwise, with NumPy broadcasting and MLX's dtype promotion (a JS number is weak:
 * it takes the array's dtype); bools add as int32.
 *
 * @example
 * add(array([1, 2]), 0.5).tolist(); // → [1.5, 2.5]
 * add(array([[1], [2]]), array([10, 20])).tolist(); // → [[11, 21], [12, 22]]
 * add(array([1], 'float16'), 1).dtype; // → 'float16'
 */
export const add = binaryOp('add', (x, y) => x + y);
/**
 * a − b elementwise, with broadcasting and MLX's dtype promotion.
 * @example subtract(array([1, 2]), array([0.5, 3])).tolist(); // → [0.5, -1]
 */
export const subtract = binaryOp('subtract', (x, y) => x - y);
/**
 * a · b elementwise, with broadcasting and MLX's dtype promotion (int32 wraps on overflow).
 * @example multiply(array([1, 2, 3]), 2).tolist(); // → [2, 4, 6]
 */
export const multiply = binaryOp('multiply', (x, y) => x * y, Math.imul);
/** NaN if either is NaN (as MLX). @example maximum(array([1, NaN, -0]), array([2, 0, 0])).tolist(); // → [2, NaN, 0] */
export const maximum = binaryOp('maximum', (x, y) => (x !== x || y !== y ? NaN : x > y ? x : y === 0 && x === 0 ? (Object.is(x, -0) ? y : x) : y));
/**
 * The smaller of a and b elementwise; NaN if either is NaN (as MLX); minimum(0, −0) = −0.
 * @example minimum(array([1, NaN, 0]), array([2, 0, -0])).tolist(); // → [1, NaN, -0]
 */
export const minimum = binaryOp('minimum', (x, y) => (x !== x || y !== y ? NaN : x < y ? x : y === 0 && x === 0 ? (Object.is(x, -0) ? x : y) : y));

/**
 * True division: ints divide to float32, as in MLX.
 *
 * @example
 * divide(array([1, 3], 'int32'), 2).tolist(); // → [0.5, 1.5]
 * divide(array([1, -1, 0]), 0).tolist(); // → [Infinity, -Infinity, NaN]
 */
export function divide(a: Operand, b: Operand): NDArray {
  let dtype: DType = resultDType([a, b]);
  if (!isFloat(dtype)) dtype = 'float32';
  const [x, y] = coerce('divide', ['a', 'b'], [a, b], dtype);
  return record('divide', [x, y], mapBinary(x, y, dtype, 'divide', (u, v) => u / v));
}

/**
 * log(e^a + e^b) without overflow: max + log1p(e^-|a-b|).
 *
 * @example
 * logaddexp(array([1000, -Infinity]), array([1000, 0])).tolist(); // → [1000.693, 0]
 */
export function logaddexp(a: Operand, b: Operand): NDArray {
  let dtype: DType = resultDType([a, b]);
  if (!isFloat(dtype)) dtype = 'float32';
  const [x, y] = coerce('logaddexp', ['a', 'b'], [a, b], dtype);
  return record('logaddexp', [x, y], mapBinary(x, y, dtype, 'logaddexp', dtype === 'float64' ? logaddexpPrecise : logaddexpScalar));
}

export function logaddexpScalar(u: number, v: number): number {
  if (u !== u || v !== v) return NaN;
  // e^−∞ = 0 adds nothing: logaddexp(−∞, v) is v itself (signed zero included).
  if (u === -Infinity) return v;
  if (v === -Infinity) return u;
  const m = u > v ? u : v;
  if (m === Infinity) return m;
  return m + Math.log1p(Math.exp(-Math.abs(u - v)));
}

/** ln 2 as a triple-double (mpmath). */
const LN2 = [0.6931471805599453, 2.3190468138462996e-17, 5.707708438416212e-34] as const;

/**
 * logaddexp for float64 output. m + log1p(e^d), d = min − m, cancels where m is near
 * −log1p(e^d) (27 ULP at (−0.7, −0.7) from Math's exp and log1p), so it is formed in
 * double-double (d exact as a two-sum) and rounded once. For d ≥ −1 it is
 * m + ln 2 + log1p((e^d − 1)/2), with ln 2 to 2^-160: exact at d = 0, even for
 * m = −0.6931471805599453 (result 2.3e-17).
 */
function logaddexpPrecise(u: number, v: number): number {
  const m = u > v ? u : v;
  const a = u > v ? v : u;
  if (!(a > -Infinity && m < Infinity)) return logaddexpScalar(u, v); // NaN, ±∞
  const d = a - m;
  if (!(d > -746)) return m + 0; // e^d < 2^-1076
  const eh = expScaled(d, sumError(a, -m, d));
  const el = ddOut[DD_LO];
  const k = ddOut[DD_EXP];
  if (d < -1) {
    if (k < -1000) return m + roundScaled(eh, el, k); // log1p(e^d) = e^d, to 2^-1000
    const s = powerOfTwo(k);
    const lh = log1pDD(eh * s, el * s);
    const r = m + lh;
    return r + (sumError(m, lh, r) + ddOut[DD_LO]);
  }
  const s = powerOfTwo(k);
  const e1 = eh * s - 1; // e^d ≥ 0.36: the halved e^d − 1 lies in [−0.32, 0]
  const c = log1pDD(0.5 * e1, 0.5 * (sumError(eh * s, -1, e1) + el * s));
  const cl = ddOut[DD_LO];
  const s1 = m + LN2[0];
  const s2 = s1 + c;
  const s3 = s2 + LN2[1];
  return s3 + ((sumError(m, LN2[0], s1) + sumError(s1, c, s2) + sumError(s2, LN2[1], s3)) + (cl + LN2[2]));
}

function compareOp(name: string, fn: (x: number, y: number) => boolean) {
  return (a: Operand, b: Operand): NDArray => {
    const [x, y] = coerce(name, ['a', 'b'], [a, b]);
    return mapBinary(x, y, 'bool', name, (u, v) => (fn(u, v) ? 1 : 0));
  };
}

/**
 * a > b elementwise, as a bool array (with broadcasting); comparisons with NaN are false.
 * @example greater(array([1, 2, NaN]), 1).tolist(); // → [false, true, false]
 */
export const greater = compareOp('greater', (x, y) => x > y);
/**
 * a ≥ b elementwise, as a bool array; false where either is NaN.
 * @example greaterEqual(array([1, 2]), 2).tolist(); // → [false, true]
 */
export const greaterEqual = compareOp('greaterEqual', (x, y) => x >= y);
/**
 * a < b elementwise, as a bool array; false where either is NaN.
 * @example less(array([1, 2]), array([2, 2])).tolist(); // → [true, false]
 */
export const less = compareOp('less', (x, y) => x < y);
/**
 * a ≤ b elementwise, as a bool array; false where either is NaN.
 * @example lessEqual(array([1, 2, 3]), 2).tolist(); // → [true, true, false]
 */
export const lessEqual = compareOp('lessEqual', (x, y) => x <= y);
/**
 * a == b elementwise, as a bool array: 0 equals −0, NaN equals nothing.
 * @example equal(array([0, NaN]), array([-0, NaN])).tolist(); // → [true, false]
 */
export const equal = compareOp('equal', (x, y) => x === y);
/**
 * a != b elementwise, as a bool array; true where either is NaN.
 * @example notEqual(array([1, NaN]), array([1, NaN])).tolist(); // → [false, true]
 */
export const notEqual = compareOp('notEqual', (x, y) => x !== y);

/**
 * Elements of x where cond is true, else of y (all three broadcast).
 *
 * @example
 * const x = array([-1, 2, -3]);
 * where(greater(x, 0), x, 0).tolist(); // → [0, 2, 0]
 */
export function where(cond: Operand, x: Operand, y: Operand): NDArray {
  const c = toArray('where', 'condition', cond);
  const dtype = resultDType([x, y]);
  const [u, v] = coerce('where', ['x', 'y'], [x, y], dtype);
  return record('where', [c, u, v], mapWhere(c, u, v, dtype, 'where'));
}

/**
 * Clips x to [aMin, aMax]; either bound may be null. NaN stays NaN.
 *
 * @example
 * clip(array([-2, 0.5, 3, NaN]), 0, 1).tolist(); // → [0, 0.5, 1, NaN]
 * clip(array([-2, 5]), null, 1).tolist(); // → [-2, 1]
 */
export function clip(x: Operand, aMin: Operand | null, aMax: Operand | null): NDArray {
  let out = toArray('clip', 'x', x);
  if (aMin !== null) out = maximum(out, aMin);
  if (aMax !== null) out = minimum(out, aMax);
  return out;
}
