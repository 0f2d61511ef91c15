/**
 * One vjp rule per primitive, in one table: `satisfies { [P in Primitive]: VjpRule<P> }` makes a
 * primitive without a rule a compile error. A rule maps the cotangent of a node's output to the
 * cotangents of the inputs marked in `needs` (null: none). Rules may return a cotangent in the
 * output's broadcast shape; the engine sums it back to the input's shape and dtype.
 *
 * Rules are written with the recorded ops, so that under an outer transform the backward pass
 * is itself recorded and can be differentiated (grad of grad). Masks that are piecewise constant
 * (which branch of maximum, where the max of a lane is) are computed as constants: their
 * derivative is zero almost everywhere.
 *
 * Ties follow PyTorch and JAX: maximum, minimum, max and min split the cotangent evenly between
 * equal entries; abs'(0) = 0 (as sign(0)); logaddexp(a, a) sends half to each argument.
 */
import { type NDArray, castArray } from '../core/array.js';
import { full, zeros } from '../core/create.js';
import { isFloat } from '../core/dtype.js';
import { ValueError } from '../core/errors.js';
import { productError } from '../kernels/js/exact.js';
import { mapBinary } from '../kernels/js/map.js';
import { preluGrad as preluGradKernel } from '../kernels/prelu.js';
import { sigmoidGrad, sigmoidSecond, tanhGrad, tanhSecond } from '../kernels/js/logistic.js';
import {
  add, broadcastTo, concatenate, divide, equal, exp, greater, lessEqual, multiply, negative, reshape, sigmoid, sign, split,
  subtract, sum, transpose, where,
} from '../ops/index.js';
import { gemm } from '../ops/matmul.js';
import { applyAlongAxis, applyAlongAxisGrad, applyElementwiseGrad, preluGrad } from '../ops/activation.js';
import { softmaxGradLane, softmaxLane } from '../kernels/js/rows.js';
import { detach } from './detach.js';
import { type Derivatives, type Primitive, type PrimitiveParams, isTracing } from '../core/tape.js';

export interface RuleContext<P extends Primitive> {
  readonly inputs: readonly NDArray[];
  readonly output: NDArray;
  readonly params: PrimitiveParams[P];
  /** Which inputs need a cotangent (they depend on a leaf and are floats). */
  readonly needs: readonly boolean[];
  /**
   * The VJP of a function of the inputs, for rules that differentiate a composite (the engine
   * passes its own, so that the rules do not import the engine that imports them).
   */
  readonly vjpOf: (fn: (...xs: NDArray[]) => NDArray, primals: readonly NDArray[], ct: NDArray, needs: readonly boolean[]) => (NDArray | null)[];
}

export type VjpRule<P extends Primitive> = (ct: NDArray, context: RuleContext<P>) => readonly (NDArray | null)[];

// erf' = 2/√π·e^(−x²), with x² carried exactly (e^(−x²) magnifies its rounding by x²).
const TWO_OVER_SQRT_PI = 1.1283791670955126;
function gaussian(x: number): number {
  const x2 = x * x;
  if (!(x2 < 746)) return Number.isNaN(x) ? x : 0;
  return TWO_OVER_SQRT_PI * Math.exp(-x2) * (1 - productError(x, x, x2));
}
const timesGaussian = (k: number) => (x: number) => {
  const g = gaussian(x);
  return g === 0 ? 0 : k * x * g; // 0, not ∞·0, at ±∞
};
// The core ops sigmoid and tanh share the activations' derivative kernels (kernels/js/logistic.ts).
const SIGMOID: Derivatives = { name: 'sigmoid', df: sigmoidGrad, d2f: sigmoidSecond };
const TANH: Derivatives = { name: 'tanh', df: tanhGrad, d2f: tanhSecond };
const ERF: Derivatives = { name: 'erf', df: gaussian, d2f: timesGaussian(-2) };
const ERFC: Derivatives = { name: 'erfc', df: (x) => -gaussian(x), d2f: timesGaussian(2) };

/** `shape` with the reduced axes kept as 1. */
function keptShape(shape: readonly number[], axes: readonly number[]): number[] {
  return shape.map((d, i) => (axes.includes(i) ? 1 : d));
}

function inversePermutation(perm: readonly number[]): number[] {
  const inverse = new Array<number>(perm.length);
  perm.forEach((p, i) => { inverse[p] = i; });
  return inverse;
}

/** The cotangent of a reduction, reshaped so that it broadcasts against the input. */
function expandReduced(ct: NDArray, x: NDArray, { axes, keepdims }: PrimitiveParams['sum']): NDArray {
  return keepdims ? ct : reshape(ct, keptShape(x.shape, axes));
}

/** softmax over several axes at once (logsumexp's gradient), through the accurate row kernel. */
function softmaxOver(x: NDArray, axes: readonly number[]): NDArray {
  const rest = x.shape.map((_, i) => i).filter((i) => !axes.includes(i));
  const perm = [...rest, ...axes];
  const identity = perm.every((p, i) => p === i);
  const moved = identity ? x : transpose(x, perm);
  const lane = axes.reduce((n, i) => n * x.shape[i], 1);
  const s = reshape(applyAlongAxis(SOFTMAX, reshape(moved, [...rest.map((i) => x.shape[i]), lane]), -1), moved.shape);
  return identity ? s : transpose(s, inversePermutation(perm));
}

/** The weight of `a` in maximum/minimum: 1 if it wins, ½ on a tie, 0 if it loses, NaN for NaN. */
function choice(ct: NDArray, a: NDArray, b: NDArray, wins: (u: number, v: number) => boolean): NDArray {
  const weights = mapBinary(a, b, ct.dtype, 'grad', (u, v) => (u !== u || v !== v ? NaN : wins(u, v) ? 1 : u === v ? 0.5 : 0));
  return multiply(ct, weights);
}

/** The cotangent of max/min: to the entries equal to the result, split evenly between ties. */
function extremum(ct: NDArray, { inputs: [x], output, params }: RuleContext<'max' | 'min'>): (NDArray | null)[] {
  const kept = keptShape(x.shape, params.axes);
  const hits = castArray(equal(detach(x), reshape(detach(output), kept)), ct.dtype);
  return [multiply(expandReduced(ct, x, params), divide(hits, sum(hits, params.axes, true)))];
}

const traced = (...xs: NDArray[]) => isTracing() && xs.some((x) => x.node !== undefined);

/** softmax as a primitive, for logsumexp's gradient (the rule of the recorded row activation differentiates it). */
const SOFTMAX = {
  name: 'softmax',
  lane: softmaxLane(1),
  gradLane: softmaxGradLane(1),
  symmetric: true,
  backward: (x: NDArray, g: NDArray, axis: number) => {
    const s = applyAlongAxis(SOFTMAX, x, axis);
    return multiply(s, subtract(g, sum(multiply(g, s), axis, true)));
  },
};

export const RULES = {
  exp: (ct, { output }) => [multiply(ct, output)],
  expm1: (ct, { inputs: [x] }) => [multiply(ct, exp(x))], // not output + 1, which loses e^x for x < −37
  log: (ct, { inputs: [x] }) => [divide(ct, x)],
  log1p: (ct, { inputs: [x] }) => [divide(ct, add(x, 1))],
  sqrt: (ct, { output }) => [divide(ct, multiply(output, 2))],
  tanh: (ct, { inputs: [x] }) => [applyElementwiseGrad(TANH, x, ct, 0, 0)], // sech², not 1 − tanh²
  sigmoid: (ct, { inputs: [x] }) => [applyElementwiseGrad(SIGMOID, x, ct, 0, 0)],
  erf: (ct, { inputs: [x] }) => [applyElementwiseGrad(ERF, x, ct, 0, 0)],
  erfc: (ct, { inputs: [x] }) => [applyElementwiseGrad(ERFC, x, ct, 0, 0)],
  negative: (ct) => [negative(ct)],
  abs: (ct, { inputs: [x] }) => [multiply(ct, sign(detach(x)))],
  sign: () => [null],
  square: (ct, { inputs: [x] }) => [multiply(ct, multiply(x, 2))],

  add: (ct) => [ct, ct],
  subtract: (ct, { needs }) => [ct, needs[1] ? negative(ct) : null],
  multiply: (ct, { inputs: [a, b], needs }) => [needs[0] ? multiply(ct, b) : null, needs[1] ? multiply(ct, a) : null],
  // ∂b = −ct·a/b² = −(ct/b)·(a/b): b² would overflow (or underflow) long before the result does.
  divide: (ct, { inputs: [, b], output, needs }) => {
    const q = divide(ct, b);
    return [q, needs[1] ? negative(multiply(q, output)) : null];
  },
  maximum: (ct, { inputs: [a, b], needs }) => [needs[0] ? choice(ct, a, b, (u, v) => u > v) : null, needs[1] ? choice(ct, b, a, (u, v) => u > v) : null],
  minimum: (ct, { inputs: [a, b], needs }) => [needs[0] ? choice(ct, a, b, (u, v) => u < v) : null, needs[1] ? choice(ct, b, a, (u, v) => u < v) : null],
  // ∂a = σ(a − b), ∂b = σ(b − a). Equal arguments (±∞ included) get ½ each; the inner where keeps
  // ∞ − ∞ = NaN out of the differentiated branch (JAX's double where).
  logaddexp: (ct, { inputs: [a, b], needs }) => {
    const d = where(equal(a, b), 0, subtract(a, b));
    return [needs[0] ? multiply(ct, sigmoid(d)) : null, needs[1] ? multiply(ct, sigmoid(negative(d))) : null];
  },
  where: (ct, { inputs: [c], needs }) => [null, needs[1] ? where(c, ct, 0) : null, needs[2] ? where(c, 0, ct) : null],

  // A one-element cotangent (a loss) spreads by a fill, not by a broadcasting loop.
  sum: (ct, { inputs: [x], params }) => [ct.size === 1 && !traced(ct) ? full(x.shape, ct.item() as number, ct.dtype) : broadcastTo(expandReduced(ct, x, params), x.shape)],
  max: extremum,
  min: extremum,
  logsumexp: (ct, { inputs: [x], params }) => [params.axes.length === 0 ? ct : multiply(expandReduced(ct, x, params), softmaxOver(x, params.axes))],

  reshape: (ct, { params: { shape } }) => [reshape(ct, shape)],
  broadcastTo: (ct) => [ct], // the engine sums it back to the input's shape
  transpose: (ct, { params: { axes } }) => [transpose(ct, inversePermutation(axes))],
  concatenate: (ct, { params: { axis, sizes }, needs }) => {
    const cuts: number[] = [];
    for (let i = 0, at = 0; i + 1 < sizes.length; i++) cuts.push(at += sizes[i]);
    return split(ct, cuts, axis).map((part, i) => (needs[i] ? part : null));
  },
  split: (ct, { inputs: [x], params: { axis, start, stop } }) => {
    const block = (n: number) => zeros(x.shape.map((d, i) => (i === axis ? n : d)), ct.dtype);
    const parts = [...(start > 0 ? [block(start)] : []), ct, ...(stop < x.shape[axis] ? [block(x.shape[axis] - stop)] : [])];
    return [parts.length === 1 ? ct : concatenate(parts, axis)];
  },
  // Through a float -> float cast the cotangent is cast back; nothing flows through ints or bools.
  cast: (ct, { inputs: [x], output }) => [isFloat(x.dtype) && isFloat(output.dtype) ? castArray(ct, x.dtype) : null],
  identity: (ct) => [ct],

  activation: (ct, { inputs: [x], params: { spec, a, b } }) => [applyElementwiseGrad(spec, x, ct, a, b)],
  // out = g·f'(x): ∂x = ct·g·f''(x), ∂g = ct·f'(x).
  activationGrad: (ct, { inputs: [x, g], params: { spec, a, b }, needs }) => [
    needs[0] ? applyElementwiseGrad(spec, x, multiply(ct, g), a, b, 2) : null,
    needs[1] ? applyElementwiseGrad(spec, x, ct, a, b) : null,
  ],
  // out = g·f''(x): ∂g = ct·f''(x); ∂x would need f'''.
  activationGrad2: (ct, { inputs: [x], params: { spec, a, b }, needs }) => {
    if (needs[0]) {
      throw new ValueError('grad', `the third derivative of ${spec.name} is not implemented; expected at most two nested transforms over an elementwise function`);
    }
    return [null, needs[1] ? applyElementwiseGrad(spec, x, ct, a, b, 2) : null];
  },
  activationRow: (ct, { inputs: [x], params: { spec, axis } }) => [applyAlongAxisGrad(spec, x, ct, axis)],
  activationRowGrad: (ct, { inputs: [x, g], params: { spec, axis }, needs, vjpOf }) => {
    if (spec.symmetric) {
      // The Jacobian is symmetric: the backward's transpose in g is the fused VJP again.
      const dg = needs[1] ? applyAlongAxisGrad(spec, x, ct, axis) : null;
      const [dx] = needs[0] ? vjpOf((u) => spec.backward(u, g, axis), [x], ct, [true]) : [null];
      return [dx, dg];
    }
    return vjpOf((u, v) => spec.backward(u, v, axis), [x, g], ct, needs);
  },
  // ∂x = ct·(x > 0 ? 1 : α), ∂α = ct·(x > 0 ? 0 : x); the engine sums ∂α over the broadcast axes.
  prelu: (ct, { inputs: [x, alpha], needs }) => {
    if (!traced(x, alpha, ct)) {
      const fast = preluGradKernel(x, alpha, ct); // both in one pass
      if (fast) return [needs[0] ? fast[0] : null, needs[1] ? fast[1] : null];
      return [needs[0] ? preluGrad(x, alpha, ct, 'x') : null, needs[1] ? preluGrad(x, alpha, ct, 'alpha') : null];
    }
    // Under an outer transform: the same values from recorded ops (NaN in x gives NaN, as the kernel).
    const positive = greater(x, 0);
    return [
      needs[0] ? where(positive, ct, where(lessEqual(x, 0), multiply(ct, alpha), NaN)) : null,
      needs[1] ? where(positive, 0, multiply(ct, x)) : null,
    ];
  },
  // C = op(A)·op(B): ∂op(A) = ct·op(B)ᵀ, ∂op(B) = op(A)ᵀ·ct, transposed back where op transposes;
  // no transposed copies (see src/ops/matmul.ts). The engine sums broadcast batch axes back.
  matmul: (ct, { inputs: [a, b], params: { transposeA: ta, transposeB: tb }, needs }) => [
    needs[0] ? (ta ? gemm(b, ct, tb, true) : gemm(ct, b, false, !tb)) : null,
    needs[1] ? (tb ? gemm(ct, a, true, ta) : gemm(a, ct, !ta, false)) : null,
  ],
} satisfies { readonly [P in Primitive]: VjpRule<P> };
