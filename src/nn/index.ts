/**
 * `nn`: every MLX activation, as a function (`nn.gelu(x)`) and as a module
 * (`new nn.GELU('tanh').forward(x)`), with MLX's names (camelCase), parameters and defaults.
 */
export { Module, type ParameterTree } from './module.js';
export { valueAndGrad } from './valueAndGrad.js';
export { Linear } from './layers/linear.js';
export { Sequential } from './layers/sequential.js';
export * as losses from './losses.js';
export * from './activations/registry.js';
export { applyInto } from './applyInto.js';
export type { ActivationName, ActivationSpec, ElementwiseSpec, RowSpec, BinarySpec, KerasRef, PlotConfig } from './activations/spec.js';
