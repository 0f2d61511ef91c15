/**
 * Elementwise math on one array. Float ops return the input's float dtype (ints and bools become
 * float32) and are computed in float64, then rounded once: correctly rounded or within 1 ULP in
 * float32 for every op here, and within the error of JS's Math functions in float64.
 */
import type { NDArray } from '../core/array.js';
import { type DType, floatResult } from '../core/dtype.js';
import { type UnaryPrimitive, record } from '../core/tape.js';
import { mapUnary } from '../kernels/js/map.js';
import { erf as erfScalar, erfc as erfcScalar } from '../kernels/js/special.js';
import { type Operand, toArray } from './operand.js';
// One implementation per function: the core ops share the activations' accurate kernels.
import { sigmoid as sigmoidKernel, tanh as tanhKernel } from '../kernels/js/logistic.js';

function floatOp(name: UnaryPrimitive, fn: (v: number) => number) {
  return (x: Operand): NDArray => {
    const a = toArray(name, 'x', x);
    return record(name, [a], mapUnary(a, floatResult(a.dtype), name, fn));
  };
}

/**
 * eˣ elementwise; ints and bools give float32 (as every float op here). exp(-∞) = 0, NaN stays NaN.
 * @example
 * exp(array([0, 1])).tolist(); // → [1, 2.71828]
 * exp(array([1], 'int32')).dtype; // → 'float32'
 */
export const exp = floatOp('exp', Math.exp);
/**
 * eˣ − 1, accurate for small x (where `exp(x) - 1` loses every digit); ints give float32.
 * @example expm1(array([1e-10])).tolist(); // → [1e-10]
 */
export const expm1 = floatOp('expm1', Math.expm1);
/**
 * Natural logarithm; log(0) = -∞, negative inputs give NaN; ints give float32.
 * @example log(array([1, Math.E, 0, -1])).tolist(); // → [0, 1.0000, -Infinity, NaN]
 */
export const log = floatOp('log', Math.log);
/**
 * log(1 + x), accurate for small x; log1p(-1) = -∞; ints give float32.
 * @example log1p(array([1e-10, -1])).tolist(); // → [1e-10, -Infinity]
 */
export const log1p = floatOp('log1p', Math.log1p);
/**
 * Square root; negative inputs give NaN, sqrt(-0) = -0; ints give float32.
 * @example sqrt(array([4, 2, -1])).tolist(); // → [2, 1.41421, NaN]
 */
export const sqrt = floatOp('sqrt', Math.sqrt);
/**
 * Hyperbolic tangent (the same kernel as `nn.tanh`); ints give float32.
 * @example tanh(array([0, 1, Infinity])).tolist(); // → [0, 0.761594, 1]
 */
export const tanh = floatOp('tanh', tanhKernel);
/**
 * The error function, 2/√π ∫₀ˣ e^(−t²) dt, to within a float32 ULP; ints give float32.
 * @example erf(array([0, 1, -Infinity])).tolist(); // → [0, 0.842701, -1]
 */
export const erf = floatOp('erf', erfScalar);
/**
 * 1 − erf(x), computed directly so that large x keep their digits; ints give float32.
 * @example erfc(array([0, 5])).tolist(); // → [1, 1.53746e-12]
 */
export const erfc = floatOp('erfc', erfcScalar);
/**
 * The logistic function 1/(1 + e⁻ˣ) (the same kernel as `nn.sigmoid`); ints give float32.
 * @example sigmoid(array([0, 2, -Infinity])).tolist(); // → [0.5, 0.880797, 0]
 */
export const sigmoid = floatOp('sigmoid', sigmoidKernel);

/** Ops that keep an int dtype (bool becomes int32). */
function sameKindOp(name: UnaryPrimitive, fn: (v: number) => number, intFn: (v: number) => number = fn) {
  return (x: Operand): NDArray => {
    const a = toArray(name, 'x', x);
    const dtype: DType = a.dtype === 'bool' ? 'int32' : a.dtype;
    return record(name, [a], mapUnary(a, dtype, name, dtype === 'int32' ? intFn : fn));
  };
}

/**
 * −x, keeping the dtype (int32 stays int32, wrapping at -2³¹ as MLX); −0 becomes 0 and 0 becomes −0.
 * @example
 * negative(array([1, -0, 2])).tolist(); // → [-1, 0, -2]
 * negative(array([3], 'int32')).dtype; // → 'int32'
 */
export const negative = sameKindOp('negative', (v) => -v, (v) => -v | 0);
/**
 * |x|, keeping the dtype; abs(-0) = 0, NaN stays NaN.
 * @example abs(array([-1.5, -0, 2])).tolist(); // → [1.5, 0, 2]
 */
export const abs = sameKindOp('abs', Math.abs, (v) => Math.abs(v) | 0);
/**
 * -1, 0 or 1 (signed zero and NaN kept for floats).
 *
 * @example
 * sign(array([-3, -0, 0, 2, NaN])).tolist(); // → [-1, -0, 0, 1, NaN]
 */
export const sign = sameKindOp('sign', (v) => (v > 0 ? 1 : v < 0 ? -1 : v));
/**
 * x², keeping the dtype.
 * @example
 * square(array([-3, 0.5])).tolist(); // → [9, 0.25]
 * square(array([3], 'int32')).dtype; // → 'int32'
 */
export const square = sameKindOp('square', (v) => v * v, (v) => Math.imul(v, v));

/** True where x is NaN. @example isnan(array([1, NaN, Infinity])).tolist(); // → [false, true, false] */
export function isnan(x: Operand): NDArray {
  const a = toArray('isnan', 'x', x);
  return mapUnary(a, 'bool', 'isnan', (v) => (v !== v ? 1 : 0));
}
