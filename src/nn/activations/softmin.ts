import type { NDArray } from '../../core/array.js';
import type { Operand } from '../../ops/operand.js';
import { Module } from '../module.js';
import { firstOfRow } from './plot.js';
import { applyAlongAxis } from '../../ops/activation.js';
import { softmaxGradLane, softmaxLane } from '../../kernels/js/rows.js';
import { multiply, negative, subtract, sum } from '../../ops/index.js';
import type { RowSpec } from './spec.js';

/**
 * Softmin along an axis: softmax of −x.
 *
 *     softmin(x)_i = e^(m − x_i) / Σ_j e^(m − x_j),   m = min_j x_j
 *     VJP: −s ⊙ (g − Σ g ⊙ s)
 */
export const softminSpec = {
  kind: 'row',
  name: 'softmin',
  mlxName: 'softmin',
  moduleName: 'Softmin',
  params: [{ name: 'axis', default: -1 }],
  plot: {
    range: [-6, 6],
    slice: {
      label: 'softmin([x, 0])₀',
      caption: 'The first entry of softmin over a pair [x, 0] (equal to sigmoid(−x)), and its derivative with respect to x.',
      f: firstOfRow(softmin),
    },
  },
  keras: { note: 'no Keras counterpart (softmax of −x)' },
  doc: {
    summary: 'Softmin: softmax of the negated input, so the smallest entry gets the most mass.',
    formula: 'softmin(x) = softmax(−x)',
    derivative: 'VJP −s ⊙ (g − Σ g ⊙ s)',
    kinks: 'smooth',
    reference: 'Bridle, Probabilistic Interpretation of Feedforward Classification Network Outputs, with Relationships to Statistical Pattern Recognition, Neurocomputing (NATO ASI Series F68), 1990',
  },
  lane: softmaxLane(-1),
  gradLane: softmaxGradLane(-1),
  symmetric: true,
  backward: (x, g, axis) => {
    const s = softmin(x, axis);
    return negative(multiply(s, subtract(g, sum(multiply(g, s), axis, true))));
  },
} as const satisfies RowSpec<'softmin'>;

/** Softmin along `axis` (default −1). @example nn.softmin(array([1, 2])) // [0.731059, 0.268941] */
export function softmin(x: Operand, axis = -1): NDArray {
  return applyAlongAxis(softminSpec, x, axis);
}

/**
 * Module form of {@link softmin}.
 *
 * @example
 * new nn.Softmin().forward(array([0, Math.log(3)])).tolist(); // → [0.75, 0.25]
 */
export class Softmin extends Module {
  constructor(readonly axis = -1) { super(); }
  forward(x: Operand): NDArray { return softmin(x, this.axis); }
}
