import type { NDArray } from '../../core/array.js';
import type { Operand } from '../../ops/operand.js';
import { Module } from '../module.js';
import { applyElementwise } from '../../ops/activation.js';
import type { ElementwiseSpec } from './spec.js';

/**
 * x(x + 3)/6 on (-3, 3), within 1 float64 ULP (the plain product form is 1.7 ULP off at worst).
 * At or below -1.5, x + 3 is exact (Sterbenz), so two roundings remain; above, x/2 is exact and
 * x²/6 adds a term that has its sign or is at most half its size.
 */
function middle(x: number): number {
  if (x <= -1.5) return (x * (x + 3)) / 6;
  const half = x / 2;
  const y = half + (x * x) / 6;
  return y === 0 ? half : y; // at ±0 and tiny x, x²/6 is +0: keep the sign of x/2 (hardswish(-0) = -0)
}

/**
 * Hard swish, a piecewise-quadratic stand-in for silu.
 *
 *     hardswish(x)  = x·min(max(x + 3, 0), 6)/6 = 0 if x ≤ -3, x(x + 3)/6 if -3 < x < 3, x if x ≥ 3
 *     hardswish'(x) = 0 if x < -3, (2x + 3)/6 if -3 ≤ x ≤ 3, 1 if x > 3
 *                     (at -3: -1/2 and at 3: 3/2, the middle branch, as PyTorch)
 *
 * For x ≥ 3 the result is x itself: the formula's x·6 overflows float32 for x > 5.7e37, so MLX
 * returns +∞ for hardswish(6e37). For x ≤ -3 the result is +0 (MLX's x·0 gives -0); near 0
 * the function is odd, so hardswish(-0) = -0 (its slope there is 1/2).
 * hardswish(-∞) = +0, hardswish(+∞) = +∞, NaN gives NaN; hardswish'(NaN) = NaN.
 *
 * Reference: Howard et al., "Searching for MobileNetV3", ICCV 2019.
 */
export const hardswishSpec = {
  kind: 'elementwise',
  name: 'hardswish',
  mlxName: 'hardswish',
  moduleName: 'Hardswish',
  params: [],
  f: (x) => (Number.isNaN(x) ? NaN : x <= -3 ? 0 : x >= 3 ? x : middle(x)),
  df: (x) => (Number.isNaN(x) ? NaN : x < -3 ? 0 : x > 3 ? 1 : (2 * x + 3) / 6),
  // f'' = 1/3 on [−3, 3] (the kinks take the middle branch, as df) and 0 outside.
  d2f: (x) => (Number.isNaN(x) ? NaN : x < -3 || x > 3 ? 0 : 1 / 3),
  cost: 'cheap',
  plot: { range: [-5, 5] },
  keras: { activation: 'hard_silu', aliases: ['hard_swish'] },
  doc: {
    summary: 'Hard swish: x times a hard sigmoid, zero below -3 and the identity above 3.',
    formula: 'x·min(max(x + 3, 0), 6)/6',
    derivative: 'x < -3 ? 0 : x > 3 ? 1 : (2x + 3)/6',
    kinks: 'at -3 and 3 the derivative takes the middle branch (-1/2 and 3/2), as in PyTorch',
    reference: 'Howard et al., Searching for MobileNetV3, ICCV 2019',
    accuracyNote: 'returns x for x ≥ 3, so large inputs do not overflow (MLX computes x·6/6 and gives +∞ for 6e37 in float32)',
  },
  test: {
    kinks: () => [-3, 3],
    limits: [0, Infinity],
    monotonic: false,
    range: [-0.375, Infinity],
  },
} as const satisfies ElementwiseSpec<'hardswish'>;

/** Hard swish, `x·min(max(x + 3, 0), 6)/6`; see {@link hardswishSpec}. @example nn.hardswish(array([-3, -1.5, 0, 1.5, 3])) // [0, -0.375, 0, 1.125, 3] */
export function hardswish(x: Operand): NDArray {
  return applyElementwise(hardswishSpec, x);
}

/** Module form of {@link hardswish}. @example new nn.Hardswish().forward(x) */
export class Hardswish extends Module {
  forward(x: Operand): NDArray { return hardswish(x); }
}
