import type { NDArray } from '../../core/array.js';
import type { Operand } from '../../ops/operand.js';
import { Module } from '../module.js';
import { nonNegative } from '../../core/validate.js';
import { applyElementwise, opName } from '../../ops/activation.js';
import type { ElementwiseSpec } from './spec.js';

/**
 * Soft shrinkage (soft thresholding) with threshold λ ≥ 0 (0.5 by default).
 *
 *     softshrink(x)  = x − λ if x > λ, x + λ if x < −λ, 0 otherwise
 *     softshrink'(x) = 1 if |x| > λ, 0 otherwise     (0 at ±λ, as PyTorch)
 *
 * x ∓ λ is one rounding. The zero branch gives +0, so softshrink(-0) = +0.
 * softshrink(±∞) = ±∞, softshrink(NaN) = NaN (MLX's where(|x| > λ, ..., 0) gives 0);
 * softshrink'(NaN) = NaN. A negative λ is an error.
 *
 * Reference: Donoho, "De-noising by Soft-Thresholding", IEEE Transactions on Information
 * Theory 41(3), 1995.
 */
export const softshrinkSpec = {
  kind: 'elementwise',
  name: 'softshrink',
  mlxName: 'softshrink',
  moduleName: 'Softshrink',
  params: [{ name: 'lambd', default: 0.5 }],
  /** Checks the parameter (MLX's default when undefined) and gives the kernel's (a, b). */
  args: (lambd: unknown = 0.5) => [nonNegative(opName('softshrink'), 'lambd', lambd), 0] as const,
  // NaN fails |x| <= λ and x > 0, and x + λ is NaN.
  f: (x, lambd) => (Math.abs(x) <= lambd ? 0 : x > 0 ? x - lambd : x + lambd),
  df: (x, lambd) => (Math.abs(x) > lambd ? 1 : Math.abs(x) <= lambd ? 0 : NaN),
  // f'' = 0 (NaN for NaN).
  d2f: (x) => (x === x ? 0 : NaN),
  cost: 'cheap',
  plot: { range: [-2, 2] },
  keras: { activation: 'soft_shrink' },
  doc: {
    summary: 'Soft shrinkage: zero inside [-λ, λ], and x moved towards 0 by λ outside.',
    formula: 'x > λ ? x − λ : x < −λ ? x + λ : 0',
    derivative: '|x| > λ ? 1 : 0',
    kinks: 'at ±λ the derivative is 0, as in PyTorch',
    reference: 'Donoho, De-noising by Soft-Thresholding, IEEE Transactions on Information Theory, 1995',
    accuracyNote: 'NaN gives NaN (MLX computes where(|x| > λ, x − sign(x)·λ, 0), which maps NaN to 0)',
  },
  test: {
    kinks: (lambd) => [-lambd, lambd],
    limits: [-Infinity, Infinity],
    monotonic: true,
    range: [-Infinity, Infinity],
  },
} as const satisfies ElementwiseSpec<'softshrink'>;

/** Soft shrinkage, `x > λ ? x − λ : x < −λ ? x + λ : 0`; see {@link softshrinkSpec}. @example nn.softshrink(array([-1, 0.3, 2]), 0.5) // [-0.5, 0, 1.5] */
export function softshrink(x: Operand, lambd = 0.5): NDArray {
  return applyElementwise(softshrinkSpec, x, ...softshrinkSpec.args(lambd));
}

/** Module form of {@link softshrink}. @example new nn.Softshrink(0.5).forward(x) */
export class Softshrink extends Module {
  readonly lambd: number;
  constructor(lambd = 0.5) {
    super();
    this.lambd = nonNegative('nn.Softshrink', 'lambd', lambd);
  }
  forward(x: Operand): NDArray { return softshrink(x, this.lambd); }
  override toString(): string { return `Softshrink(lambd=${this.lambd})`; }
}
