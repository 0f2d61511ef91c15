/**
 * Every activation, keyed by name: the one list of them. An activation is its own file (spec,
 * function, module) plus its lines here (the re-export that puts it in `nn`, and its entry);
 * the names (ActivationName, ElementwiseName), tests, docs and the Keras lookup derive from it.
 */
import type { NDArray } from '../../core/array.js';
import type { Module } from '../module.js';
import type { ActivationName, ActivationSpec, KerasRef, PlotConfig } from './spec.js';
export { celu, CELU } from './celu.js';
import { celu, CELU, celuSpec } from './celu.js';
export { elu, ELU } from './elu.js';
import { elu, ELU, eluSpec } from './elu.js';
export { gelu, GELU, type GeluApprox } from './gelu.js';
import { gelu, GELU, geluSpec } from './gelu.js';
export { geluApprox } from './geluApprox.js';
import { geluApprox, geluApproxSpec } from './geluApprox.js';
export { geluFastApprox } from './geluFastApprox.js';
import { geluFastApprox, geluFastApproxSpec } from './geluFastApprox.js';
export { glu, GLU } from './glu.js';
import { glu, GLU, gluSpec } from './glu.js';
export { hardShrink, HardShrink } from './hardShrink.js';
import { hardShrink, HardShrink, hardShrinkSpec } from './hardShrink.js';
export { hardTanh, HardTanh } from './hardTanh.js';
import { hardTanh, HardTanh, hardTanhSpec } from './hardTanh.js';
export { hardswish, Hardswish } from './hardswish.js';
import { hardswish, Hardswish, hardswishSpec } from './hardswish.js';
export { leakyRelu, LeakyReLU } from './leakyRelu.js';
import { leakyRelu, LeakyReLU, leakyReluSpec } from './leakyRelu.js';
export { logSigmoid, LogSigmoid } from './logSigmoid.js';
import { logSigmoid, LogSigmoid, logSigmoidSpec } from './logSigmoid.js';
export { logSoftmax, LogSoftmax } from './logSoftmax.js';
import { logSoftmax, LogSoftmax, logSoftmaxSpec } from './logSoftmax.js';
export { mish, Mish } from './mish.js';
import { mish, Mish, mishSpec } from './mish.js';
export { prelu, PReLU } from './prelu.js';
import { prelu, PReLU, preluSpec } from './prelu.js';
export { relu, ReLU } from './relu.js';
import { relu, ReLU, reluSpec } from './relu.js';
export { relu2, ReLU2 } from './relu2.js';
import { relu2, ReLU2, relu2Spec } from './relu2.js';
export { relu6, ReLU6 } from './relu6.js';
import { relu6, ReLU6, relu6Spec } from './relu6.js';
export { selu, SELU } from './selu.js';
import { selu, SELU, seluSpec } from './selu.js';
export { sigmoid, Sigmoid } from './sigmoid.js';
import { sigmoid, Sigmoid, sigmoidSpec } from './sigmoid.js';
export { silu, SiLU } from './silu.js';
import { silu, SiLU, siluSpec } from './silu.js';
export { softmax, Softmax } from './softmax.js';
import { softmax, Softmax, softmaxSpec } from './softmax.js';
export { softmin, Softmin } from './softmin.js';
import { softmin, Softmin, softminSpec } from './softmin.js';
export { softplus, Softplus } from './softplus.js';
import { softplus, Softplus, softplusSpec } from './softplus.js';
export { softshrink, Softshrink } from './softshrink.js';
import { softshrink, Softshrink, softshrinkSpec } from './softshrink.js';
export { softsign, Softsign } from './softsign.js';
import { softsign, Softsign, softsignSpec } from './softsign.js';
export { step, Step } from './step.js';
import { step, Step, stepSpec } from './step.js';
export { tanh, Tanh } from './tanh.js';
import { tanh, Tanh, tanhSpec } from './tanh.js';

/**
 * One activation in {@link ACTIVATIONS}: its spec (names, parameters with MLX's defaults, formula,
 * derivative), its function form and its module class.
 * @example
 * const { spec, fn, Module } = nn.ACTIVATIONS.elu;
 * spec.params[0].name; // → 'alpha'
 * fn === nn.elu; // → true
 * Module === nn.ELU; // → true
 */
export interface RegistryEntry {
  readonly spec: ActivationSpec;
  /** The function form, nn.<name>(x, ...params). */
  readonly fn: (x: never, ...params: never[]) => NDArray;
  /** The module class; for geluApprox and geluFastApprox it is GELU with 'tanh' / 'fast'. */
  readonly Module: new (...args: never[]) => Module;
  /** Constructor arguments that make `Module` compute this activation with default params. */
  readonly moduleArgs?: readonly unknown[];
}

/**
 * The activation registry: every activation by its nonlin name, with its spec, function and module.
 * Tests, the docs and `keras.activations` are driven by it.
 * @example
 * nn.ACTIVATIONS.leakyRelu.spec.params[0].default; // → 0.01
 * nn.ACTIVATIONS.softmax.spec.kind;                  // → 'row'
 * nn.ACTIVATIONS.geluApprox.moduleArgs;              // → ['tanh']
 */
export const ACTIVATIONS = {
  celu: { spec: celuSpec, fn: celu, Module: CELU },
  elu: { spec: eluSpec, fn: elu, Module: ELU },
  gelu: { spec: geluSpec, fn: gelu, Module: GELU },
  geluApprox: { spec: geluApproxSpec, fn: geluApprox, Module: GELU, moduleArgs: ['tanh'] },
  geluFastApprox: { spec: geluFastApproxSpec, fn: geluFastApprox, Module: GELU, moduleArgs: ['fast'] },
  glu: { spec: gluSpec, fn: glu, Module: GLU },
  hardShrink: { spec: hardShrinkSpec, fn: hardShrink, Module: HardShrink },
  hardTanh: { spec: hardTanhSpec, fn: hardTanh, Module: HardTanh },
  hardswish: { spec: hardswishSpec, fn: hardswish, Module: Hardswish },
  leakyRelu: { spec: leakyReluSpec, fn: leakyRelu, Module: LeakyReLU },
  logSigmoid: { spec: logSigmoidSpec, fn: logSigmoid, Module: LogSigmoid },
  logSoftmax: { spec: logSoftmaxSpec, fn: logSoftmax, Module: LogSoftmax },
  mish: { spec: mishSpec, fn: mish, Module: Mish },
  prelu: { spec: preluSpec, fn: prelu, Module: PReLU },
  relu: { spec: reluSpec, fn: relu, Module: ReLU },
  relu2: { spec: relu2Spec, fn: relu2, Module: ReLU2 },
  relu6: { spec: relu6Spec, fn: relu6, Module: ReLU6 },
  selu: { spec: seluSpec, fn: selu, Module: SELU },
  sigmoid: { spec: sigmoidSpec, fn: sigmoid, Module: Sigmoid },
  silu: { spec: siluSpec, fn: silu, Module: SiLU },
  softmax: { spec: softmaxSpec, fn: softmax, Module: Softmax },
  softmin: { spec: softminSpec, fn: softmin, Module: Softmin },
  softplus: { spec: softplusSpec, fn: softplus, Module: Softplus },
  softshrink: { spec: softshrinkSpec, fn: softshrink, Module: Softshrink },
  softsign: { spec: softsignSpec, fn: softsign, Module: Softsign },
  step: { spec: stepSpec, fn: step, Module: Step },
  tanh: { spec: tanhSpec, fn: tanh, Module: Tanh },
} as const;

/**
 * The registry's type, checked: each key is its spec's name, and every `nn` activation has its
 * plot and Keras entries (a missing one is a compile error here).
 * @example
 * type GeluSpec = nn.Registry['gelu']['spec']; // the spec's exact type
 */
export type Registry = Checked<typeof ACTIVATIONS>;
type Checked<T extends { readonly [N in keyof T]: RegistryEntry & { readonly spec: { readonly name: N; readonly plot: PlotConfig; readonly keras: KerasRef } } }> = T;

/**
 * The names of {@link ACTIVATIONS}, in registry order.
 * @example
 * nn.ACTIVATION_NAMES.length; // → 27
 * nn.ACTIVATION_NAMES.includes('gelu'); // → true
 */
export const ACTIVATION_NAMES = Object.keys(ACTIVATIONS) as ActivationName[];
