import type { NDArray } from '../../core/array.js';
import type { Operand } from '../../ops/operand.js';
import { Module } from '../module.js';
import { applyElementwise } from '../../ops/activation.js';
import { sigmoidSpec } from './sigmoid.js';
import type { ElementwiseSpec } from './spec.js';

/**
 * Softplus, a smooth ReLU.
 *
 *     softplus(x)  = log(1 + eˣ) = max(x, 0) + log1p(e^−|x|)
 *     softplus'(x) = σ(x)
 *
 * The second form never overflows (log(1 + eˣ) is +∞ from x = 710, or 89 in float32) and keeps
 * the small values for negative x: softplus(1e4) = 1e4 and softplus(−100) = 3.7e-44. Both terms
 * are ≥ 0, so nothing cancels. Smooth. softplus(−∞) = 0, softplus(+∞) = +∞, softplus(NaN) = NaN.
 *
 * Reference: Dugas, Bengio, Bélisle, Nadeau and Garcia, "Incorporating Second-Order Functional
 * Knowledge for Better Option Pricing", NIPS 2000.
 */
export const softplusSpec = {
  kind: 'elementwise',
  name: 'softplus',
  mlxName: 'softplus',
  moduleName: 'Softplus',
  params: [],
  f: (x) => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x))),
  df: sigmoidSpec.f,
  // f'' = σ'(x).
  d2f: sigmoidSpec.df,
  cost: 'costly',
  plot: { range: [-5, 5] },
  keras: { activation: 'softplus' },
  doc: {
    summary: 'Softplus: a smooth approximation of ReLU, log(1 + eˣ).',
    formula: 'log(1 + eˣ) = max(x, 0) + log1p(e^−|x|)',
    derivative: 'σ(x)',
    kinks: 'smooth',
    reference: 'Dugas et al., Incorporating Second-Order Functional Knowledge for Better Option Pricing, NIPS 2000',
    accuracyNote: 'never overflows: softplus(1e4) = 1e4 (log(1 + eˣ) is +∞ there)',
  },
  test: {
    kinks: () => [],
    limits: [0, Infinity],
    monotonic: true,
    range: [0, Infinity],
  },
} as const satisfies ElementwiseSpec<'softplus'>;

/** Softplus, `log(1 + eˣ)`; see {@link softplusSpec}. @example nn.softplus(array([-1, 0, 1])) // [0.313262, 0.693147, 1.31326] */
export function softplus(x: Operand): NDArray {
  return applyElementwise(softplusSpec, x);
}

/** Module form of {@link softplus}. @example new nn.Softplus().forward(x) */
export class Softplus extends Module {
  forward(x: Operand): NDArray { return softplus(x); }
}
