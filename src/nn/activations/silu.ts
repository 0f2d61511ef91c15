import type { NDArray } from '../../core/array.js';
import { productError, quotient, sumError } from '../../kernels/js/exact.js';
import type { Operand } from '../../ops/operand.js';
import { Module } from '../module.js';
import { applyElementwise } from '../../ops/activation.js';
import type { ElementwiseSpec } from './spec.js';

// 64·ln 2 rounded to a multiple of 2^-43, so that x + SHIFT is exact for −1024 < x < −512, and
// e^(64·ln 2 − SHIFT) − 1 (both from mpmath).
const SHIFT = 44.361419555836505;
const SHIFT_CORRECTION = -5.621237396739354e-15;

/**
 * c·eˣ for −760 ≤ x ≤ −708, where eˣ alone is subnormal and has lost digits:
 * eˣ = 2⁻⁶⁴·e^(x + SHIFT)·(1 + SHIFT_CORRECTION) with a normal exponential; the product is
 * formed in double-double and scaled by 2⁻⁶⁴ once, at the end.
 */
function timesExpTail(c: number, x: number): number {
  const e = Math.exp(x + SHIFT);
  const p = c * e;
  return (p + (productError(c, e, p) + p * SHIFT_CORRECTION)) * 2 ** -64;
}

/**
 * Sigmoid Linear Unit (swish with β = 1).
 *
 *     silu(x)  = x·σ(x) = x / (1 + e⁻ˣ)
 *     silu'(x) = σ(x)·(1 + x·(1 − σ(x)))
 *              = (1 + e + x·e) / (1 + e)²  if x ≥ 0,   e·(1 + x + e) / (1 + e)²  if x < 0,   e = e^−|x|
 *
 * Written with e = e^−|x| ≤ 1 so nothing overflows and, for x ≥ 0, every term is positive; the
 * one subtraction left, 1 + x + e for x < 0, vanishes only at silu's minimum (x ≈ −1.28), where
 * the derivative is 0 itself. Numerators and denominators are carried as double-doubles and the
 * quotient corrected, as in σ; below x = −708, where eˣ is subnormal, x·eˣ is scaled
 * (timesExpTail). float64: f within ~1.4 ULP, f' within ~1.4 except close to the minimum, where
 * f' → 0 and exp's own rounding (~1e-17) is what remains.
 * Smooth. silu(−∞) = −0, silu(+∞) = +∞, silu(−0) = −0, silu(NaN) = NaN; silu'(−∞) = −0, silu'(+∞) = 1.
 *
 * Reference: Elfwing, Uchibe and Doya, "Sigmoid-Weighted Linear Units for Neural Network
 * Function Approximation in Reinforcement Learning", Neural Networks 2018; Ramachandran, Zoph
 * and Le, "Searching for Activation Functions", 2017 (swish).
 */
export const siluSpec = {
  kind: 'elementwise',
  name: 'silu',
  mlxName: 'silu',
  moduleName: 'SiLU',
  params: [],
  f: (x) => {
    if (x > 50) return x; // x·(1 − e⁻ˣ…) rounds to x (also +∞)
    // Below −708, 1 + eˣ rounds to 1: x·eˣ, which is −0 from x ≈ −752 on. NaN stays NaN.
    if (!(x > -708)) return x < -760 ? -0 : timesExpTail(x, x);
    const e = Math.exp(-Math.abs(x));
    const d = 1 + e;
    const dLo = (1 - d) + e; // exactly, as in σ
    if (x >= 0) return quotient(x, 0, d, dLo);
    const n = x * e;
    return quotient(n, productError(x, e, n), d, dLo);
  },
  df: (x) => {
    if (x > 50) return 1; // 1 + (1 + x)·e⁻ˣ… rounds to 1 (also +∞)
    if (!(x > -708)) return x < -760 ? -0 : timesExpTail(1 + x, x); // eˣ·(1 + x)
    // Numerator and (1 + e)² as double-doubles, then one corrected quotient.
    const e = Math.exp(-Math.abs(x));
    const d = 1 + e;
    const d2 = d * d;
    const d2Lo = productError(d, d, d2) + 2 * d * ((1 - d) + e);
    const s = 1 + x;
    const sLo = sumError(1, x, s);
    if (x >= 0) {
      const k = e * s; // numerator 1 + k
      const kLo = productError(e, s, k) + e * sLo;
      const n = 1 + k;
      return quotient(n, sumError(1, k, n) + kLo, d2, d2Lo);
    }
    const a = s + e; // numerator e·a
    const aLo = sumError(s, e, a) + sLo;
    const n = e * a;
    return quotient(n, productError(e, a, n) + e * aLo, d2, d2Lo);
  },
  // f'' = σ'(x)·(2 + x·(1 − 2σ(x))) with x·(1 − 2σ) = |x|·expm1(−|x|)/(1 + e) and σ' = e/(1 + e)²,
  // e = e^−|x|: nothing cancels or overflows. 0 from |x| = 800 on, where σ' underflows.
  d2f: (x) => {
    const t = Math.abs(x);
    if (!(t < 800)) return Number.isNaN(x) ? x : 0;
    const e = Math.exp(-t);
    const d = 1 + e;
    return (e / (d * d)) * (2 + (t * Math.expm1(-t)) / d);
  },
  cost: 'costly',
  plot: { range: [-6, 4] },
  keras: { activation: 'silu', aliases: ['swish'] },
  doc: {
    summary: 'Sigmoid Linear Unit (swish): x weighted by its sigmoid.',
    formula: 'x·σ(x) = x / (1 + e⁻ˣ)',
    derivative: 'σ(x)·(1 + x·(1 − σ(x)))',
    kinks: 'smooth',
    reference: 'Elfwing et al., Sigmoid-Weighted Linear Units for Neural Network Function Approximation in Reinforcement Learning, 2018',
    accuracyNote: 'no overflow or NaN at any input: silu(−∞) = −0 (MLX’s x·σ(x) gives −∞·0 = NaN) and silu(−100) = −3.7e-42 in float32',
  },
  test: {
    kinks: () => [],
    limits: [-0, Infinity],
    monotonic: false,
    // silu's minimum, −0.2784645427610738 at x = −1.2784645427610738, rounded down to float32.
    range: [-0.27846455574035645, Infinity],
  },
} as const satisfies ElementwiseSpec<'silu'>;

/** Sigmoid linear unit, `x·σ(x)`; see {@link siluSpec}. @example nn.silu(array([-1, 0, 1])) // [-0.268941, 0, 0.731059] */
export function silu(x: Operand): NDArray {
  return applyElementwise(siluSpec, x);
}

/** Module form of {@link silu}. @example new nn.SiLU().forward(x) */
export class SiLU extends Module {
  forward(x: Operand): NDArray { return silu(x); }
}
