/**
 * The entry of the production binary (src/kernels/wasm/binary.generated.ts): it only re-exports
 * the kernels. Every name exported here is a WebAssembly export; scripts/wasm/build.mjs lists them
 * in src/kernels/wasm/table.generated.ts by kind, where TypeScript checks them against the
 * activation names.
 *
 * - `<name>(dst, src, n, a, b)`: the forward kernel of an elementwise activation (names as in the
 *   registry, src/nn/activations): n float32 at byte offset `src` → n float32 at `dst`, with the
 *   activation's parameters a and b (already rounded to float32, as the JS path uses them).
 *   Semantics are those of the activation specs (NaN in, NaN out; the limits at ±∞; signed zeros).
 * - `<name>Grad(dst, x, g, n, a, b)`: its backward, g·f'(x), fused, one pass (dst may be x or g:
 *   every element is read before it is written). Semantics are those of the specs' `df`, times g,
 *   as the JS path computes it (g·df(x) in float64, rounded once); within 2 float32 ULP of the
 *   correctly rounded product.
 * - `row*`: the row activations along the last axis and prelu, forward and backward (rows/), on
 *   float32 rows; `row*F64` the same on float64 rows (rows/*F64.ts, rows/common64.ts);
 *   `rowPreluF16`, `rowPreluBf16` (and Grad) prelu's on 16-bit rows (rows/prelu16.ts).
 * - `f16ToF32`, `f32ToF16`, `bf16ToF32`, `f32ToBf16` `(dst, src, n)`: conversions between float32
 *   and the 16-bit types, bit for bit as src/core/half.ts (convert.ts).
 *
 * Each activation's forward and backward live in one file, activations/<name>.ts; the drivers in
 * drivers.ts, the vector math in math.ts, the lane helpers in tail.ts. The float64 kernels
 * (`<name>F64`, `<name>F64Grad`) are in float64/, one file per activation, with their own math and drivers.
 * The 16-bit kernels (`<name>F16`, `<name>Bf16` and their `Grad`: the same signatures over float16 or
 * bfloat16 bits, bit for bit the float32 kernel's result rounded once) are in half16/, for the
 * activations that have one.
 */
export { celu, celuGrad } from './activations/celu';
export { elu, eluGrad } from './activations/elu';
export { gelu, geluGrad } from './activations/gelu';
export { geluApprox, geluApproxGrad } from './activations/geluApprox';
export { geluFastApprox, geluFastApproxGrad } from './activations/geluFastApprox';
export { hardShrink, hardShrinkGrad } from './activations/hardShrink';
export { hardTanh, hardTanhGrad } from './activations/hardTanh';
export { hardswish, hardswishGrad } from './activations/hardswish';
export { leakyRelu, leakyReluGrad } from './activations/leakyRelu';
export { logSigmoid, logSigmoidGrad } from './activations/logSigmoid';
export { mish, mishGrad } from './activations/mish';
export { relu, reluGrad } from './activations/relu';
export { relu2, relu2Grad } from './activations/relu2';
export { relu6, relu6Grad } from './activations/relu6';
export { selu, seluGrad } from './activations/selu';
export { sigmoid, sigmoidGrad } from './activations/sigmoid';
export { silu, siluGrad } from './activations/silu';
export { softplus, softplusGrad } from './activations/softplus';
export { softshrink, softshrinkGrad } from './activations/softshrink';
export { softsign, softsignGrad } from './activations/softsign';
export { step, stepGrad } from './activations/step';
export { tanh, tanhGrad } from './activations/tanh';

export { rowSoftmax, rowSoftmaxGrad } from './rows/softmax';
export { rowLogSoftmax, rowLogSoftmaxGrad } from './rows/logSoftmax';
export { rowGlu, rowGluGrad } from './rows/glu';
export { rowPrelu, rowPreluGrad } from './rows/prelu';
export { rowPreluBf16, rowPreluBf16Grad, rowPreluF16, rowPreluF16Grad } from './rows/prelu16';
export { rowSoftmaxF64, rowSoftmaxF64Grad } from './rows/softmaxF64';
export { rowLogSoftmaxF64, rowLogSoftmaxF64Grad } from './rows/logSoftmaxF64';
export { rowGluF64, rowGluF64Grad } from './rows/gluF64';
export { rowPreluF64, rowPreluF64Grad } from './rows/preluF64';

export { bf16ToF32, f16ToF32, f32ToBf16, f32ToF16 } from './convert';

export * from './half16/piecewise';
export * from './half16/fused';

export * from './float64/index';
