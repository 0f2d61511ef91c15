import type { NDArray } from '../../core/array.js';
import type { Operand } from '../../ops/operand.js';
import { Module } from '../module.js';
import { finite } from '../../core/validate.js';
import { applyElementwise, opName } from '../../ops/activation.js';
import type { ElementwiseSpec } from './spec.js';

/**
 * Binary step (Heaviside) at a threshold t (0 by default), inclusive as MLX now is.
 *
 *     step(x)  = 1 if x ≥ t, 0 otherwise
 *     step'(x) = 0                              (also at t, where f jumps)
 *
 * step(-∞) = 0, step(+∞) = 1, step(-0) = 1 for t = 0 (-0 ≥ 0), step(NaN) = NaN and
 * step'(NaN) = NaN (MLX's where(x ≥ t, 1, 0) gives 0 for NaN).
 * The result has the input's float dtype (ints and bools give float32); MLX returns int32.
 *
 * Reference: Rosenblatt, "The Perceptron: A Probabilistic Model for Information Storage and
 * Organization in the Brain", Psychological Review 65(6), 1958.
 */
export const stepSpec = {
  kind: 'elementwise',
  name: 'step',
  mlxName: 'step',
  moduleName: 'Step',
  params: [{ name: 'threshold', default: 0 }],
  /** Checks the parameter (MLX's default when undefined) and gives the kernel's (a, b). */
  args: (threshold: unknown = 0) => [finite(opName('step'), 'threshold', threshold), 0] as const,
  f: (x, threshold) => (x >= threshold ? 1 : x < threshold ? 0 : NaN),
  df: (x) => (Number.isNaN(x) ? NaN : 0),
  // f'' = 0 (NaN for NaN).
  d2f: (x) => (x === x ? 0 : NaN),
  cost: 'cheap',
  plot: { range: [-3, 3] },
  keras: { note: 'no Keras counterpart (Keras’ threshold(x, t, v) keeps x above t)' },
  doc: {
    summary: 'Binary step: 1 where x reaches the threshold, 0 below it.',
    formula: 'x ≥ t ? 1 : 0',
    derivative: '0',
    kinks: 'f jumps at t (inclusive: step(t) = 1); the derivative is 0 there too',
    reference: 'Rosenblatt, The Perceptron, Psychological Review, 1958',
    accuracyNote: "returns the input's float dtype, where MLX returns int32; NaN gives NaN, where MLX gives 0",
  },
  test: {
    kinks: (threshold) => [threshold],
    limits: [0, 1],
    monotonic: true,
    range: [0, 1],
  },
} as const satisfies ElementwiseSpec<'step'>;

/** Binary step, `x ≥ threshold ? 1 : 0`; see {@link stepSpec}. @example nn.step(array([-1, 0, 1])) // [0, 1, 1] */
export function step(x: Operand, threshold = 0): NDArray {
  return applyElementwise(stepSpec, x, ...stepSpec.args(threshold));
}

/** Module form of {@link step}. @example new nn.Step(0.5).forward(x) */
export class Step extends Module {
  readonly threshold: number;
  constructor(threshold = 0) {
    super();
    this.threshold = finite('nn.Step', 'threshold', threshold);
  }
  forward(x: Operand): NDArray { return step(x, this.threshold); }
  override toString(): string { return `Step(threshold=${this.threshold})`; }
}
