import type { NDArray } from '../../core/array.js';
import type { Operand } from '../../ops/operand.js';
import { Module } from '../module.js';
import { applyElementwise } from '../../ops/activation.js';
import type { ElementwiseSpec } from './spec.js';

/**
 * Rectified Linear Unit.
 *
 *     relu(x)  = max(x, 0)
 *     relu'(x) = 1 if x > 0, 0 if x ≤ 0      (at 0: 0, as PyTorch)
 *
 * relu(-0) = +0, relu(-∞) = 0, relu(+∞) = +∞, relu(NaN) = NaN; relu'(NaN) = NaN.
 * The comparisons are ordered so that NaN falls through to the branch that returns it
 * (`x > 0 ? x : 0` would map NaN to 0).
 *
 * Reference: Nair and Hinton, "Rectified Linear Units Improve Restricted Boltzmann Machines",
 * ICML 2010.
 */
export const reluSpec = {
  kind: 'elementwise',
  name: 'relu',
  mlxName: 'relu',
  moduleName: 'ReLU',
  params: [],
  f: (x) => (x <= 0 ? 0 : x),
  df: (x) => (x > 0 ? 1 : x <= 0 ? 0 : NaN),
  // f'' = 0 (NaN for NaN).
  d2f: (x) => (x === x ? 0 : NaN),
  cost: 'cheap',
  plot: { range: [-3, 3] },
  keras: { activation: 'relu', layer: 'ReLU' },
  doc: {
    summary: 'Rectified Linear Unit: the identity for positive inputs, zero otherwise.',
    formula: 'max(x, 0)',
    derivative: 'x > 0 ? 1 : 0',
    kinks: 'at 0 the derivative is 0, as in PyTorch; relu(-0) is +0',
    reference: 'Nair and Hinton, Rectified Linear Units Improve Restricted Boltzmann Machines, ICML 2010',
  },
  test: {
    kinks: () => [0],
    limits: [0, Infinity],
    monotonic: true,
    range: [0, Infinity],
  },
} as const satisfies ElementwiseSpec<'relu'>;

/** Rectified linear unit, `max(x, 0)`; see {@link reluSpec}. @example nn.relu(array([-1, 0, 2])) // [0, 0, 2] */
export function relu(x: Operand): NDArray {
  return applyElementwise(reluSpec, x);
}

/** Module form of {@link relu}. @example new nn.ReLU().forward(x) */
export class ReLU extends Module {
  forward(x: Operand): NDArray { return relu(x); }
}
