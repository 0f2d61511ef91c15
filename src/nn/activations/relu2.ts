import type { NDArray } from '../../core/array.js';
import type { Operand } from '../../ops/operand.js';
import { Module } from '../module.js';
import { applyElementwise } from '../../ops/activation.js';
import type { ElementwiseSpec } from './spec.js';

/**
 * Squared ReLU (MLX's `relu2`, also exported there as `relu_squared`).
 *
 *     relu2(x)  = relu(x)² = x² if x > 0, 0 if x ≤ 0
 *     relu2'(x) = 2·relu(x)                           (continuous: 0 at 0)
 *
 * relu2(-0) = +0, relu2(-∞) = 0, relu2(+∞) = +∞ (and relu2'(+∞) = +∞), NaN gives NaN for both.
 * x² overflows to +∞ beyond √max (about 1.8e19 in float32), which is its correctly rounded
 * value. In float32 the square of a float32 is exact in float64, so one rounding remains.
 *
 * Reference: So et al., "Primer: Searching for Efficient Transformers for Language Modeling",
 * NeurIPS 2021.
 */
export const relu2Spec = {
  kind: 'elementwise',
  name: 'relu2',
  mlxName: 'relu2',
  moduleName: 'ReLU2',
  params: [],
  f: (x) => (x <= 0 ? 0 : x * x),
  df: (x) => (x <= 0 ? 0 : 2 * x),
  // f'' = 2 for x > 0 and 0 for x ≤ 0 (at 0 the x ≤ 0 branch, as df).
  d2f: (x) => (x > 0 ? 2 : x <= 0 ? 0 : NaN),
  cost: 'cheap',
  plot: { range: [-2, 2] },
  keras: { note: 'no Keras counterpart' },
  doc: {
    summary: 'Squared ReLU: the square of relu(x).',
    formula: 'max(x, 0)²',
    derivative: '2·max(x, 0)',
    kinks: "f' is continuous (0 at 0) but f'' jumps at 0",
    reference: 'So et al., Primer: Searching for Efficient Transformers for Language Modeling, NeurIPS 2021',
  },
  test: {
    kinks: () => [0],
    limits: [0, Infinity],
    monotonic: true,
    range: [0, Infinity],
  },
} as const satisfies ElementwiseSpec<'relu2'>;

/** Squared ReLU, `max(x, 0)²`; see {@link relu2Spec}. @example nn.relu2(array([-1, 0, 3])) // [0, 0, 9] */
export function relu2(x: Operand): NDArray {
  return applyElementwise(relu2Spec, x);
}

/** Module form of {@link relu2}. @example new nn.ReLU2().forward(x) */
export class ReLU2 extends Module {
  forward(x: Operand): NDArray { return relu2(x); }
}
