import type { NDArray } from '../../core/array.js';
import type { Operand } from '../../ops/operand.js';
import { Module } from '../module.js';
import { nonNegative } from '../../core/validate.js';
import { applyElementwise, opName } from '../../ops/activation.js';
import type { ElementwiseSpec } from './spec.js';

/**
 * Hard shrinkage with threshold λ ≥ 0 (0.5 by default).
 *
 *     hardShrink(x)  = x if |x| > λ, 0 otherwise
 *     hardShrink'(x) = 1 if |x| > λ, 0 otherwise     (0 at ±λ, where f jumps)
 *
 * The zero branch gives +0, so hardShrink(-0) = +0. hardShrink(±∞) = ±∞, hardShrink(NaN) = NaN
 * (MLX's where(|x| > λ, x, 0) gives 0); hardShrink'(NaN) = NaN. A negative λ is an error.
 *
 * Reference: Donoho and Johnstone, "Ideal Spatial Adaptation by Wavelet Shrinkage",
 * Biometrika 81(3), 1994.
 */
export const hardShrinkSpec = {
  kind: 'elementwise',
  name: 'hardShrink',
  mlxName: 'hard_shrink',
  moduleName: 'HardShrink',
  params: [{ name: 'lambd', default: 0.5 }],
  /** Checks the parameter (MLX's default when undefined) and gives the kernel's (a, b). */
  args: (lambd: unknown = 0.5) => [nonNegative(opName('hardShrink'), 'lambd', lambd), 0] as const,
  // NaN fails |x| <= λ and is returned as is.
  f: (x, lambd) => (Math.abs(x) <= lambd ? 0 : x),
  df: (x, lambd) => (Math.abs(x) > lambd ? 1 : Math.abs(x) <= lambd ? 0 : NaN),
  // f'' = 0 (NaN for NaN).
  d2f: (x) => (x === x ? 0 : NaN),
  cost: 'cheap',
  plot: { range: [-2, 2] },
  keras: { activation: 'hard_shrink' },
  doc: {
    summary: 'Hard shrinkage: zero inside [-λ, λ], the identity outside.',
    formula: '|x| > λ ? x : 0',
    derivative: '|x| > λ ? 1 : 0',
    kinks: 'f jumps at ±λ, where it is 0 and the derivative is 0',
    reference: 'Donoho and Johnstone, Ideal Spatial Adaptation by Wavelet Shrinkage, Biometrika, 1994',
    accuracyNote: 'NaN gives NaN (MLX computes where(|x| > λ, x, 0), which maps NaN to 0)',
  },
  test: {
    kinks: (lambd) => [-lambd, lambd],
    limits: [-Infinity, Infinity],
    monotonic: true,
    range: [-Infinity, Infinity],
  },
} as const satisfies ElementwiseSpec<'hardShrink'>;

/** Hard shrinkage, `|x| > λ ? x : 0`; see {@link hardShrinkSpec}. @example nn.hardShrink(array([-1, 0.3, 2]), 0.5) // [-1, 0, 2] */
export function hardShrink(x: Operand, lambd = 0.5): NDArray {
  return applyElementwise(hardShrinkSpec, x, ...hardShrinkSpec.args(lambd));
}

/** Module form of {@link hardShrink}. @example new nn.HardShrink(0.5).forward(x) */
export class HardShrink extends Module {
  readonly lambd: number;
  constructor(lambd = 0.5) {
    super();
    this.lambd = nonNegative('nn.HardShrink', 'lambd', lambd);
  }
  forward(x: Operand): NDArray { return hardShrink(x, this.lambd); }
  override toString(): string { return `HardShrink(lambd=${this.lambd})`; }
}
