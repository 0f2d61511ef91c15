import type { NDArray } from '../../core/array.js';
import { productError, quotient, sumError } from '../../kernels/js/exact.js';
import type { Operand } from '../../ops/operand.js';
import { Module } from '../module.js';
import { applyElementwise } from '../../ops/activation.js';
import type { ElementwiseSpec } from './spec.js';

/**
 * Softsign.
 *
 *     softsign(x)  = x / (1 + |x|)
 *     softsign'(x) = 1 / (1 + |x|)²
 *
 * 1 + |x| is carried exactly (as a double-double) and the quotient corrected, so both are
 * within 1 ULP in float64 (0.5 for f). Beyond |x| = 2⁵⁴ the value rounds to ±1, which also gives
 * softsign(±∞) = ±1 instead of ∞/∞. Smooth (its second derivative jumps at 0).
 * softsign(−0) = −0, softsign(NaN) = NaN.
 *
 * Reference: Bergstra, Desjardins, Lamblin and Bengio, "Quadratic polynomials learn better
 * image features", Technical Report 1337, Université de Montréal, 2009.
 */
export const softsignSpec = {
  kind: 'elementwise',
  name: 'softsign',
  mlxName: 'softsign',
  moduleName: 'Softsign',
  params: [],
  f: (x) => {
    const a = Math.abs(x);
    if (a > 2 ** 54) return x > 0 ? 1 : -1;
    const d = 1 + a;
    return quotient(x, 0, d, sumError(1, a, d));
  },
  df: (x) => {
    const a = Math.abs(x);
    if (a > 2 ** 64) return 1 / a / a; // 1/(1 + a)² rounds to a⁻² here, and (1 + a)² stays clear of overflow
    const d = 1 + a;
    const d2 = d * d; // (d + dLo)² = d2 + its rounding error + 2·d·dLo
    return quotient(1, 0, d2, productError(d, d, d2) + 2 * d * sumError(1, a, d));
  },
  // f'' = −2·sign(x)/(1 + |x|)³; at 0, where f'' jumps from 2 to −2, it is 0 (sign(0) = 0).
  d2f: (x) => {
    const d = 1 + Math.abs(x);
    return (-2 * Math.sign(x)) / d / d / d; // divided in turn, so (1 + |x|)³ never overflows
  },
  cost: 'cheap',
  plot: { range: [-6, 6] },
  keras: { activation: 'softsign' },
  doc: {
    summary: 'Softsign: squashes any input into (−1, 1), polynomially rather than exponentially.',
    formula: 'x / (1 + |x|)',
    derivative: '1 / (1 + |x|)²',
    kinks: 'smooth (the second derivative jumps at 0)',
    reference: 'Bergstra et al., Quadratic polynomials learn better image features, Université de Montréal TR 1337, 2009',
    accuracyNote: 'softsign(±∞) = ±1 (MLX’s x/(1 + |x|) gives ∞/∞ = NaN)',
  },
  test: {
    kinks: () => [0],
    limits: [-1, 1],
    monotonic: true,
    range: [-1, 1],
  },
} as const satisfies ElementwiseSpec<'softsign'>;

/** Softsign, `x / (1 + |x|)`; see {@link softsignSpec}. @example nn.softsign(array([-1, 0, 3])) // [-0.5, 0, 0.75] */
export function softsign(x: Operand): NDArray {
  return applyElementwise(softsignSpec, x);
}

/** Module form of {@link softsign}. @example new nn.Softsign().forward(x) */
export class Softsign extends Module {
  forward(x: Operand): NDArray { return softsign(x); }
}
