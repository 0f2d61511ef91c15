import type { NDArray } from '../../core/array.js';
import type { Operand } from '../../ops/operand.js';
import { Module } from '../module.js';
import { firstOfRow } from './plot.js';
import { applyAlongAxis } from '../../ops/activation.js';
import { logSoftmaxGradLane, logSoftmaxLane } from '../../kernels/js/rows.js';
import { multiply, subtract, sum } from '../../ops/index.js';
import { softmax } from './softmax.js';
import type { RowSpec } from './spec.js';

/**
 * Log-softmax along an axis, shifted by the lane max first.
 *
 *     logSoftmax(x)_i = (x_i − m) − log1p(Σ_{j ≠ argmax} e^(x_j − m)),   m = max_j x_j
 *     VJP: g − softmax(x) · Σ g
 *
 * Using log1p of the sum without the max's own term keeps tiny results: logSoftmax([1, 20])
 * is [−19, −5.6e-9] (MLX: [−19, 0]); logSoftmax([v, v]) = −ln 2 for any finite v.
 */
export const logSoftmaxSpec = {
  kind: 'row',
  name: 'logSoftmax',
  mlxName: 'log_softmax',
  moduleName: 'LogSoftmax',
  params: [{ name: 'axis', default: -1 }],
  plot: {
    range: [-6, 6],
    slice: {
      label: 'logSoftmax([x, 0])₀',
      caption: 'The first entry of logSoftmax over a pair [x, 0] (equal to logSigmoid(x)), and its derivative with respect to x.',
      f: firstOfRow(logSoftmax),
    },
  },
  keras: { activation: 'log_softmax' },
  doc: {
    summary: 'Log-softmax: the log of softmax, computed without forming softmax.',
    formula: 'xᵢ − m − log Σⱼ e^(xⱼ − m)',
    derivative: 'VJP g − softmax(x)·Σ g',
    kinks: 'smooth',
    reference: 'Bridle, Probabilistic Interpretation of Feedforward Classification Network Outputs, with Relationships to Statistical Pattern Recognition, Neurocomputing (NATO ASI Series F68), 1990',
    accuracyNote: 'uses log1p of the sum without the max term, so entries near 0 keep their digits (logSoftmax([1, 20])[1] = −5.6e-9, not 0)',
  },
  lane: logSoftmaxLane,
  gradLane: logSoftmaxGradLane,
  backward: (x, g, axis) => subtract(g, multiply(softmax(x, axis), sum(g, axis, true))),
} as const satisfies RowSpec<'logSoftmax'>;

/** Log-softmax along `axis` (default −1). @example nn.logSoftmax(array([[1, 1]])) // [[-0.693147, -0.693147]] */
export function logSoftmax(x: Operand, axis = -1): NDArray {
  return applyAlongAxis(logSoftmaxSpec, x, axis);
}

/**
 * Module form of {@link logSoftmax}.
 *
 * @example
 * new nn.LogSoftmax().forward(array([0, 0])).tolist(); // → [-0.693147, -0.693147]
 */
export class LogSoftmax extends Module {
  constructor(readonly axis = -1) { super(); }
  forward(x: Operand): NDArray { return logSoftmax(x, this.axis); }
}
