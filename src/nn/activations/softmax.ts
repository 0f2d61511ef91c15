import type { NDArray } from '../../core/array.js';
import type { Operand } from '../../ops/operand.js';
import { Module } from '../module.js';
import { firstOfRow } from './plot.js';
import { applyAlongAxis } from '../../ops/activation.js';
import { softmaxGradLane, softmaxLane } from '../../kernels/js/rows.js';
import { multiply, subtract, sum } from '../../ops/index.js';
import type { RowSpec } from './spec.js';

/**
 * Softmax along an axis.
 *
 *     softmax(x)_i = e^(x_i − m) / Σ_j e^(x_j − m),   m = max_j x_j
 *     ∂softmax_i/∂x_j = s_i (δ_ij − s_j);   VJP: s ⊙ (g − Σ g ⊙ s)
 *
 * A lane of all −∞ gives NaN (0/0, as in every reference); [0, −∞] gives [1, 0]; +∞ entries
 * share the mass equally; NaN anywhere in a lane makes the lane NaN.
 */
export const softmaxSpec = {
  kind: 'row',
  name: 'softmax',
  mlxName: 'softmax',
  moduleName: 'Softmax',
  params: [{ name: 'axis', default: -1 }],
  plot: {
    range: [-6, 6],
    slice: {
      label: 'softmax([x, 0])₀',
      caption: 'The first entry of softmax over a pair [x, 0] (equal to sigmoid(x)), and its derivative with respect to x.',
      f: firstOfRow(softmax),
    },
  },
  keras: { activation: 'softmax', layer: 'Softmax' },
  doc: {
    summary: 'Softmax: exponentials normalized to sum to 1 along an axis.',
    formula: 'softmax(x)ᵢ = e^(xᵢ − m) / Σⱼ e^(xⱼ − m), m = maxⱼ xⱼ',
    derivative: '∂sᵢ/∂xⱼ = sᵢ(δᵢⱼ − sⱼ); VJP s ⊙ (g − Σ g ⊙ s)',
    kinks: 'smooth',
    reference: 'Bridle, Probabilistic Interpretation of Feedforward Classification Network Outputs, with Relationships to Statistical Pattern Recognition, Neurocomputing (NATO ASI Series F68), 1990',
  },
  lane: softmaxLane(1),
  gradLane: softmaxGradLane(1),
  symmetric: true,
  backward: (x, g, axis) => {
    const s = softmax(x, axis);
    return multiply(s, subtract(g, sum(multiply(g, s), axis, true)));
  },
} as const satisfies RowSpec<'softmax'>;

/** Softmax along `axis` (default −1). @example nn.softmax(array([1, -1, 0])) // [0.665241, 0.0900306, 0.244728] */
export function softmax(x: Operand, axis = -1): NDArray {
  return applyAlongAxis(softmaxSpec, x, axis);
}

/** Module form of {@link softmax}. @example new nn.Softmax(0).forward(x) */
export class Softmax extends Module {
  constructor(readonly axis = -1) { super(); }
  forward(x: Operand): NDArray { return softmax(x, this.axis); }
}
