import type { NDArray } from '../../core/array.js';
import { tanh as tanhKernel, tanhGrad, tanhSecond } from '../../kernels/js/logistic.js';
import type { Operand } from '../../ops/operand.js';
import { Module } from '../module.js';
import { applyElementwise } from '../../ops/activation.js';
import type { ElementwiseSpec } from './spec.js';

/**
 * Hyperbolic tangent.
 *
 *     tanh(x)  = (eˣ − e⁻ˣ) / (eˣ + e⁻ˣ) = t / (t + 2),   t = expm1(2|x|), sign of x
 *     tanh'(x) = 1 / cosh²(x) = 4·σ'(2x)
 *
 * Math.tanh is up to 2.03 ULP off in float64 (measured on V8); t/(t + 2) with t + 2 carried
 * exactly is within ~1.2. The derivative never computes 1 − tanh², which is 0 from |x| = 9.01
 * in float32 while sech² is still 6e-8. Smooth. tanh(±∞) = ±1, tanh(−0) = −0, tanh(NaN) = NaN.
 *
 * Reference: the hyperbolic tangent; as an activation, LeCun, Bottou, Orr and Müller,
 * "Efficient BackProp", 1998.
 */
export const tanhSpec = {
  kind: 'elementwise',
  name: 'tanh',
  mlxName: 'tanh',
  moduleName: 'Tanh',
  params: [],
  f: tanhKernel, // src/kernels/js/logistic.ts, shared with the core op
  df: tanhGrad, // sech² = 4·σ'(2x)
  d2f: tanhSecond, // −2·tanh·sech² = 8·σ''(2x)
  cost: 'costly',
  plot: { range: [-4, 4] },
  keras: { activation: 'tanh' },
  doc: {
    summary: 'Hyperbolic tangent: squashes any input into (−1, 1).',
    formula: '(eˣ − e⁻ˣ) / (eˣ + e⁻ˣ)',
    derivative: '1 / cosh²(x) = 4·σ(2x)·(1 − σ(2x))',
    kinks: 'smooth',
    reference: 'LeCun et al., Efficient BackProp, 1998',
    accuracyNote: 'the derivative is sech², not 1 − tanh²: it stays nonzero (8.2e-9 at |x| = 10) where float32 1 − tanh² is 0',
  },
  test: {
    kinks: () => [],
    limits: [-1, 1],
    monotonic: true,
    range: [-1, 1],
  },
} as const satisfies ElementwiseSpec<'tanh'>;

/** Hyperbolic tangent; see {@link tanhSpec}. @example nn.tanh(array([-1, 0, 1])) // [-0.761594, 0, 0.761594] */
export function tanh(x: Operand): NDArray {
  return applyElementwise(tanhSpec, x);
}

/** Module form of {@link tanh}. @example new nn.Tanh().forward(x) */
export class Tanh extends Module {
  forward(x: Operand): NDArray { return tanh(x); }
}
