import type { NDArray } from '../../core/array.js';
import type { Operand } from '../../ops/operand.js';
import { Module } from '../module.js';
import { applyElementwise } from '../../ops/activation.js';
import type { ElementwiseSpec } from './spec.js';

// λ and λ·α from Klambauer et al. (α = 1.6732632423543772848170429916717). λ·α is the exact
// product rounded once: the float64 product of the rounded λ and α is 1 ULP low.
const LAMBDA = 1.0507009873554804934193349852946;
const LAMBDA_ALPHA = 1.7580993408473768;

/**
 * Scaled Exponential Linear Unit.
 *
 *     selu(x)  = λ·x             if x > 0
 *              = λ·α·(eˣ − 1)    if x ≤ 0      λ = 1.0507009873554804934, α = 1.6732632423543772848
 *     selu'(x) = λ if x > 0, λ·α·eˣ if x ≤ 0   (at 0: λ·α, the x ≤ 0 branch, as PyTorch)
 *
 * Full-precision constants and expm1 (small negative inputs keep their digits), so every value is
 * within ~1.4 ULP in float64. selu(−∞) = −λα, selu(−0) = −0, selu(NaN) = NaN.
 *
 * Reference: Klambauer, Unterthiner, Mayr and Hochreiter, "Self-Normalizing Neural Networks",
 * NIPS 2017.
 */
export const seluSpec = {
  kind: 'elementwise',
  name: 'selu',
  mlxName: 'selu',
  moduleName: 'SELU',
  params: [],
  f: (x) => (x > 0 ? LAMBDA * x : LAMBDA_ALPHA * Math.expm1(x)),
  df: (x) => (x > 0 ? LAMBDA : LAMBDA_ALPHA * Math.exp(x)),
  // f'' = 0 for x > 0 and λ·α·eˣ for x ≤ 0 (at 0 the x ≤ 0 branch, as df).
  d2f: (x) => (x > 0 ? 0 : LAMBDA_ALPHA * Math.exp(x)),
  cost: 'costly',
  plot: { range: [-4, 3] },
  keras: { activation: 'selu' },
  doc: {
    summary: 'Scaled ELU with the constants that make a deep network self-normalizing.',
    formula: 'λ·(x > 0 ? x : α·(eˣ − 1)), λ = 1.0507009873554804934, α = 1.6732632423543772848',
    derivative: 'x > 0 ? λ : λ·α·eˣ',
    kinks: 'at 0 the derivative is λ·α (the x ≤ 0 branch), as in PyTorch',
    reference: 'Klambauer et al., Self-Normalizing Neural Networks, NIPS 2017',
    accuracyNote: 'full-precision λ and α and expm1 (MLX uses λ = 1.0507, α = 1.67326 and exp(x) − 1, which loses small negative inputs)',
  },
  test: {
    kinks: () => [0],
    limits: [-LAMBDA_ALPHA, Infinity],
    monotonic: true,
    range: [-LAMBDA_ALPHA, Infinity],
  },
} as const satisfies ElementwiseSpec<'selu'>;

/** Scaled exponential linear unit, `λ·(x > 0 ? x : α·(eˣ − 1))`; see {@link seluSpec}. @example nn.selu(array([-1, 0, 1])) // [-1.11133, 0, 1.0507] */
export function selu(x: Operand): NDArray {
  return applyElementwise(seluSpec, x);
}

/** Module form of {@link selu}. @example new nn.SELU().forward(x) */
export class SELU extends Module {
  forward(x: Operand): NDArray { return selu(x); }
}
