import type { NDArray } from '../../core/array.js';
import { sigmoid as sigmoidKernel, sigmoidGrad, sigmoidSecond } from '../../kernels/js/logistic.js';
import type { Operand } from '../../ops/operand.js';
import { Module } from '../module.js';
import { applyElementwise } from '../../ops/activation.js';
import type { ElementwiseSpec } from './spec.js';

/**
 * Logistic sigmoid.
 *
 *     σ(x)  = 1 / (1 + e⁻ˣ)
 *     σ'(x) = σ(x)·(1 − σ(x)) = e / (1 + e)²,   e = e^−|x|
 *
 * Evaluated as 1/(1 + e) for x ≥ 0 and e/(1 + e) for x < 0 with e = e^−|x| ≤ 1, so exp never
 * overflows and σ(−100) = 3.7e-44 stays a float32 subnormal instead of 0; 1 + e is carried
 * exactly and the quotient corrected, which leaves only exp's own error (float64: ~1.2 ULP;
 * `1/(1 + e)` alone reaches 2). σ' never computes 1 − σ, which is 0 once σ rounds to 1.
 * Smooth. σ(−∞) = 0, σ(+∞) = 1, σ(NaN) = NaN.
 *
 * Reference: Verhulst's logistic function (1838); as a neuron's activation, Rumelhart, Hinton
 * and Williams, "Learning representations by back-propagating errors", Nature 1986.
 */
export const sigmoidSpec = {
  kind: 'elementwise',
  name: 'sigmoid',
  mlxName: 'sigmoid',
  moduleName: 'Sigmoid',
  params: [],
  f: sigmoidKernel, // src/kernels/js/logistic.ts, shared with the core op
  df: sigmoidGrad,
  d2f: sigmoidSecond, // σ'' = σ'·(1 − 2σ) without computing 1 − 2σ
  cost: 'costly',
  plot: { range: [-6, 6] },
  keras: { activation: 'sigmoid' },
  doc: {
    summary: 'Logistic sigmoid: squashes any input into (0, 1).',
    formula: '1 / (1 + e⁻ˣ)',
    derivative: 'σ(x)·(1 − σ(x)) = e^−|x| / (1 + e^−|x|)²',
    kinks: 'smooth',
    reference: 'Rumelhart, Hinton and Williams, Learning representations by back-propagating errors, Nature 1986',
    accuracyNote: 'exp never overflows and subnormal results are kept: σ(−100) = 3.7e-44 in float32, not 0',
  },
  test: {
    kinks: () => [],
    limits: [0, 1],
    monotonic: true,
    range: [0, 1],
  },
} as const satisfies ElementwiseSpec<'sigmoid'>;

/** Logistic sigmoid, `1 / (1 + e⁻ˣ)`; see {@link sigmoidSpec}. @example nn.sigmoid(array([-1, 0, 1])) // [0.268941, 0.5, 0.731059] */
export function sigmoid(x: Operand): NDArray {
  return applyElementwise(sigmoidSpec, x);
}

/** Module form of {@link sigmoid}. @example new nn.Sigmoid().forward(x) */
export class Sigmoid extends Module {
  forward(x: Operand): NDArray { return sigmoid(x); }
}
