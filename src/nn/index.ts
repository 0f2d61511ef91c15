/**
 * `nn`: every MLX activation, as a function (`nn.gelu(x)`) and as a module
 * (`new nn.GELU('tanh').forward(x)`), with MLX's names (camelCase), parameters and defaults.
 */
export { Module, type ParameterTree } from './module.js';
export { valueAndGrad } from './valueAndGrad.js';
export { Linear } from './layers/linear.js';
export { Sequential } from './layers/sequential.js';
export * as losses from './losses.js';
export { celu, CELU } from './activations/celu.js';
export { elu, ELU } from './activations/elu.js';
export { gelu, GELU, type GeluApprox } from './activations/gelu.js';
export { geluApprox } from './activations/geluApprox.js';
export { geluFastApprox } from './activations/geluFastApprox.js';
export { glu, GLU } from './activations/glu.js';
export { hardShrink, HardShrink } from './activations/hardShrink.js';
export { hardTanh, HardTanh } from './activations/hardTanh.js';
export { hardswish, Hardswish } from './activations/hardswish.js';
export { leakyRelu, LeakyReLU } from './activations/leakyRelu.js';
export { logSigmoid, LogSigmoid } from './activations/logSigmoid.js';
export { logSoftmax, LogSoftmax } from './activations/logSoftmax.js';
export { mish, Mish } from './activations/mish.js';
export { prelu, PReLU } from './activations/prelu.js';
export { relu, ReLU } from './activations/relu.js';
export { relu2, ReLU2 } from './activations/relu2.js';
export { relu6, ReLU6 } from './activations/relu6.js';
export { selu, SELU } from './activations/selu.js';
export { sigmoid, Sigmoid } from './activations/sigmoid.js';
export { silu, SiLU } from './activations/silu.js';
export { softmax, Softmax } from './activations/softmax.js';
export { softmin, Softmin } from './activations/softmin.js';
export { softplus, Softplus } from './activations/softplus.js';
export { softshrink, Softshrink } from './activations/softshrink.js';
export { softsign, Softsign } from './activations/softsign.js';
export { step, Step } from './activations/step.js';
export { tanh, Tanh } from './activations/tanh.js';
export { ACTIVATIONS, ACTIVATION_NAMES, type RegistryEntry } from './activations/registry.js';
export { applyInto } from './applyInto.js';
export type { ActivationName, ActivationSpec, ElementwiseSpec, RowSpec, BinarySpec } from './activations/spec.js';
