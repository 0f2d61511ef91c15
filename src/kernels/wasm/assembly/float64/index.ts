/**
 * The float64 kernels (f64x2), forward and backward, one file per activation: `<name>F64(dst, src,
 * n, a, b)` maps n float64 at byte offset `src` to n float64 at `dst`; `<name>F64Grad(dst, x, g, n,
 * a, b)` writes g·f'(x) (dst may be x or g: every element is read before it is written).
 *
 * The float64 contract: within 2 float64 ULP of the exact f(x), and of the exact g·f'(x) rounded as
 * the JS path does (g·df(x)). Piecewise-linear and rational activations are the specs' own float64
 * operations, so their bits equal the JS path's. The transcendental ones form the result as a
 * double-double with ~2^-56 relative error (math.ts: exponential reduced exactly, corrected
 * quotients, exact products) and round it once, as the specs' `precise` paths do (≤ 0.54 ULP), or,
 * for speed, in plain float64 around a double-double exponential (or, for elu, selu and celu, a
 * plain-float64 expm1) where an error analysis in the kernel's comment bounds the result within
 * 2 ULP (sigmoid, tanh, silu, elu, selu, celu with α > 0, softplus, logSigmoid, softsign,
 * geluApprox, geluFastApprox, mish: 0.93-1.54 ULP measured, test/kernels.f64.sweep.test.ts and
 * test/kernels.f64.test.ts; gelu's erf pieces plain but for their last two steps: 0.58); powers
 * of two are applied last, so that subnormal results round once. Semantics (NaN, ±∞, signed zeros, the kinks)
 * are those of src/nn/activations. test/kernels.f64.test.ts checks them on the float64 fixtures.
 */
export { celuF64, celuF64Grad } from './celu';
export { eluF64, eluF64Grad } from './elu';
export { geluF64, geluF64Grad } from './gelu';
export { geluApproxF64, geluApproxF64Grad } from './geluApprox';
export { geluFastApproxF64, geluFastApproxF64Grad } from './geluFastApprox';
export { hardShrinkF64, hardShrinkF64Grad } from './hardShrink';
export { hardTanhF64, hardTanhF64Grad } from './hardTanh';
export { hardswishF64, hardswishF64Grad } from './hardswish';
export { leakyReluF64, leakyReluF64Grad } from './leakyRelu';
export { logSigmoidF64, logSigmoidF64Grad } from './logSigmoid';
export { mishF64, mishF64Grad } from './mish';
export { reluF64, reluF64Grad } from './relu';
export { relu2F64, relu2F64Grad } from './relu2';
export { relu6F64, relu6F64Grad } from './relu6';
export { seluF64, seluF64Grad } from './selu';
export { sigmoidF64, sigmoidF64Grad } from './sigmoid';
export { siluF64, siluF64Grad } from './silu';
export { softplusF64, softplusF64Grad } from './softplus';
export { softshrinkF64, softshrinkF64Grad } from './softshrink';
export { softsignF64, softsignF64Grad } from './softsign';
export { stepF64, stepF64Grad } from './step';
export { tanhF64, tanhF64Grad } from './tanh';
