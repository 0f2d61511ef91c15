import type { NDArray } from '../../core/array.js';
import type { Operand } from '../../ops/operand.js';
import { Module } from '../module.js';
import { finite } from '../../core/validate.js';
import { applyElementwise, opName } from '../../ops/activation.js';
import type { ElementwiseSpec } from './spec.js';

/**
 * Exponential Linear Unit.
 *
 *     elu(x)  = x            if x > 0
 *             = α·(eˣ − 1)   if x ≤ 0        (α = 1 by default)
 *     elu'(x) = 1 if x > 0, α·eˣ if x ≤ 0     (at 0: α, the x ≤ 0 branch, as PyTorch)
 *
 * Computed with expm1: in float32, MLX's `exp(x) - 1` is 0 for x = -2.8e-8, where elu is -2.8e-8.
 * elu(-∞) = -α, elu(NaN) = NaN, elu(-0) = -0.
 *
 * Reference: Clevert, Unterthiner and Hochreiter, "Fast and Accurate Deep Network Learning by
 * Exponential Linear Units (ELUs)", ICLR 2016.
 */
export const eluSpec = {
  kind: 'elementwise',
  name: 'elu',
  mlxName: 'elu',
  moduleName: 'ELU',
  params: [{ name: 'alpha', default: 1 }],
  /** Checks the parameter (MLX's default when undefined) and gives the kernel's (a, b). */
  args: (alpha: unknown = 1) => [finite(opName('elu'), 'alpha', alpha), 0] as const,
  f: (x, alpha) => (x > 0 ? x : alpha * Math.expm1(x)),
  df: (x, alpha) => (x > 0 ? 1 : alpha * Math.exp(x)),
  // f'' = 0 for x > 0 and α·eˣ for x ≤ 0 (at 0 the x ≤ 0 branch, as df).
  d2f: (x, alpha) => (x > 0 ? 0 : alpha * Math.exp(x)),
  cost: 'costly',
  plot: { range: [-4, 3] },
  keras: { activation: 'elu', layer: 'ELU' },
  doc: {
    summary: 'Exponential Linear Unit: the identity for positive inputs, a smooth saturation to -α below zero.',
    formula: 'x > 0 ? x : α·(eˣ − 1)',
    derivative: 'x > 0 ? 1 : α·eˣ',
    kinks: "at 0 the derivative is α (the x ≤ 0 branch), as in PyTorch; with α = 1 it is smooth there",
    reference: 'Clevert et al., Fast and Accurate Deep Network Learning by Exponential Linear Units (ELUs), ICLR 2016',
    accuracyNote: 'uses expm1, so small negative inputs keep their digits (MLX computes exp(x) − 1 and returns 0 for x = -2.8e-8)',
  },
  test: {
    kinks: () => [0],
    limits: [-1, Infinity],
    monotonic: true,
    range: [-1, Infinity],
  },
} as const satisfies ElementwiseSpec<'elu'>;

/** Exponential Linear Unit, `x > 0 ? x : α·(eˣ − 1)`; see {@link eluSpec}. @example nn.elu(array([-1, 0, 2]), 0.5) */
export function elu(x: Operand, alpha = 1): NDArray {
  return applyElementwise(eluSpec, x, ...eluSpec.args(alpha));
}

/** Module form of {@link elu}. @example new nn.ELU(0.5).forward(x) */
export class ELU extends Module {
  readonly alpha: number;
  constructor(alpha = 1) {
    super();
    this.alpha = finite('nn.ELU', 'alpha', alpha);
  }
  forward(x: Operand): NDArray { return elu(x, this.alpha); }
  override toString(): string { return `ELU(alpha=${this.alpha})`; }
}
