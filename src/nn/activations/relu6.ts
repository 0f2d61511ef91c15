import type { NDArray } from '../../core/array.js';
import type { Operand } from '../../ops/operand.js';
import { Module } from '../module.js';
import { applyElementwise } from '../../ops/activation.js';
import type { ElementwiseSpec } from './spec.js';

/**
 * ReLU capped at 6.
 *
 *     relu6(x)  = min(max(x, 0), 6)
 *     relu6'(x) = 1 if 0 < x < 6, else 0      (0 at both kinks, 0 and 6, as PyTorch)
 *
 * relu6(-0) = +0, relu6(-∞) = 0, relu6(+∞) = 6, relu6(NaN) = NaN; relu6'(NaN) = NaN.
 *
 * Reference: Krizhevsky, "Convolutional Deep Belief Networks on CIFAR-10", 2010.
 */
export const relu6Spec = {
  kind: 'elementwise',
  name: 'relu6',
  mlxName: 'relu6',
  moduleName: 'ReLU6',
  params: [],
  // NaN fails both comparisons and is returned as is.
  f: (x) => (x <= 0 ? 0 : x >= 6 ? 6 : x),
  df: (x) => (Number.isNaN(x) ? NaN : x > 0 && x < 6 ? 1 : 0),
  // f'' = 0 (NaN for NaN).
  d2f: (x) => (x === x ? 0 : NaN),
  cost: 'cheap',
  plot: { range: [-2, 8] },
  keras: { activation: 'relu6' },
  doc: {
    summary: 'ReLU6: a ReLU clipped to [0, 6].',
    formula: 'min(max(x, 0), 6)',
    derivative: '0 < x < 6 ? 1 : 0',
    kinks: 'the derivative is 0 at both 0 and 6, as in PyTorch; relu6(-0) is +0',
    reference: 'Krizhevsky, Convolutional Deep Belief Networks on CIFAR-10, 2010',
  },
  test: {
    kinks: () => [0, 6],
    limits: [0, 6],
    monotonic: true,
    range: [0, 6],
  },
} as const satisfies ElementwiseSpec<'relu6'>;

/** ReLU clipped to [0, 6], `min(max(x, 0), 6)`; see {@link relu6Spec}. @example nn.relu6(array([-1, 3, 7])) // [0, 3, 6] */
export function relu6(x: Operand): NDArray {
  return applyElementwise(relu6Spec, x);
}

/** Module form of {@link relu6}. @example new nn.ReLU6().forward(x) */
export class ReLU6 extends Module {
  forward(x: Operand): NDArray { return relu6(x); }
}
