import type { NDArray } from '../../core/array.js';
import { productError } from '../../kernels/js/exact.js';
import type { Operand } from '../../ops/operand.js';
import { Module } from '../module.js';
import { nonZero } from '../../core/validate.js';
import { applyElementwise, opName } from '../../ops/activation.js';
import type { ElementwiseSpec } from './spec.js';

/**
 * x/α − y for y = x/α rounded: the digits the division lost (0 when α is a power of two).
 * 0 where Dekker's split cannot run (|y| or |α| beyond 2^996), as the lost digits are then
 * invisible in the result.
 */
function divisionError(x: number, alpha: number, y: number): number {
  const p = y * alpha;
  const delta = ((x - p) - productError(y, alpha, p)) / alpha; // x − p is exact (Sterbenz)
  return Number.isFinite(delta) ? delta : 0;
}

/**
 * Continuously differentiable Exponential Linear Unit.
 *
 *     celu(x)  = max(0, x) + min(0, α·(e^(x/α) − 1))     (α = 1 by default)
 *     celu'(x) = 1 if x > 0, e^(x/α) if x ≤ 0            (at 0: 1 from both sides)
 *
 * For x ≤ 0 this is α·expm1(y), y = x/α, for any α ≠ 0. The rounding of x/α would be magnified
 * by |y| through the exponential (24 ULP of f' at y = −13 in float64 for α = 0.3, 27 ULP of f
 * for α = −0.7), so it is put back: expm1(y + δ) ≈ expm1(y) + eʸ·δ; with the product by α
 * compensated too, float64 stays within ~1.5 ULP for any α (0.75 for α a power of two).
 * α = 0 gives relu. celu(−∞) = −α (−∞ for α < 0), celu(−0) = −0, celu(NaN) = NaN.
 *
 * Reference: Barron, "Continuously Differentiable Exponential Linear Units", arXiv:1704.07483, 2017.
 */
export const celuSpec = {
  kind: 'elementwise',
  name: 'celu',
  mlxName: 'celu',
  moduleName: 'CELU',
  params: [{ name: 'alpha', default: 1 }],
  /** Checks the parameter (MLX's default when undefined) and gives the kernel's (a, b). */
  args: (alpha: unknown = 1) => [nonZero(opName('celu'), 'alpha', alpha), 0] as const,
  f: (x, alpha) => {
    if (!(x < 0)) return x; // x > 0, ±0 and NaN are their own values
    const y = x / alpha;
    if (Math.abs(y) < 2 ** -54) return x; // α·expm1(y) = x·(1 + y/2 + …) rounds to x
    const m = Math.expm1(y);
    if (m === Infinity) return alpha * m; // α < 0: the value is −∞
    // α·expm1(y + δ) ≈ α·m + α·(m + 1)·δ, with the rounding error of α·m added back as well.
    const p = alpha * m;
    const pe = productError(alpha, m, p); // NaN when |α| or |m| is beyond 2^996: then left out
    return p + ((Number.isFinite(pe) ? pe : 0) + alpha * (m + 1) * divisionError(x, alpha, y));
  },
  df: (x, alpha) => {
    if (x >= 0) return 1;
    const y = x / alpha;
    const e = Math.exp(y);
    if (!(e < Infinity)) return e; // NaN, or α < 0 and the slope is +∞
    return e + e * divisionError(x, alpha, y); // e^(y + δ) ≈ eʸ·(1 + δ)
  },
  // f'' = e^(x/α)/α for x < 0 and 0 for x ≥ 0 (at 0 the x ≥ 0 branch, as df).
  d2f: (x, alpha) => (x >= 0 ? 0 : x < 0 ? Math.exp(x / alpha) / alpha : NaN),
  cost: 'costly',
  plot: { range: [-4, 3] },
  keras: { activation: 'celu' },
  doc: {
    summary: 'Continuously differentiable ELU: like ELU, but the slope at 0 is 1 for every α.',
    formula: 'max(0, x) + min(0, α·(e^(x/α) − 1))',
    derivative: 'x > 0 ? 1 : e^(x/α)',
    kinks: 'at 0 the derivative is 1 from both sides (e⁰ = 1); only the second derivative jumps',
    reference: 'Barron, Continuously Differentiable Exponential Linear Units, arXiv:1704.07483, 2017',
    accuracyNote: 'uses expm1 (MLX computes exp(x/α) − 1, which loses small negative inputs) and corrects the rounding of x/α, which the exponential magnifies',
  },
  test: {
    kinks: () => [0],
    limits: [-1, Infinity],
    monotonic: true,
    range: [-1, Infinity],
  },
} as const satisfies ElementwiseSpec<'celu'>;

/** Continuously differentiable ELU, `max(0, x) + min(0, α·(e^(x/α) − 1))`; see {@link celuSpec}. @example nn.celu(array([-1, 0, 2]), 0.5) // [-0.432332, 0, 2] */
export function celu(x: Operand, alpha = 1): NDArray {
  return applyElementwise(celuSpec, x, ...celuSpec.args(alpha));
}

/** Module form of {@link celu}. @example new nn.CELU(0.5).forward(x) */
export class CELU extends Module {
  readonly alpha: number;
  constructor(alpha = 1) {
    super();
    this.alpha = nonZero('nn.CELU', 'alpha', alpha);
  }
  forward(x: Operand): NDArray { return celu(x, this.alpha); }
  override toString(): string { return `CELU(alpha=${this.alpha})`; }
}
