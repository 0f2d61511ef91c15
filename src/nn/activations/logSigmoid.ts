import type { NDArray } from '../../core/array.js';
import type { Operand } from '../../ops/operand.js';
import { Module } from '../module.js';
import { applyElementwise } from '../../ops/activation.js';
import { sigmoidSpec } from './sigmoid.js';
import { softplusSpec } from './softplus.js';
import type { ElementwiseSpec } from './spec.js';

/**
 * Log-sigmoid.
 *
 *     logSigmoid(x)  = log σ(x) = −softplus(−x) = min(x, 0) − log1p(e^−|x|)
 *     logSigmoid'(x) = σ(−x) = 1 − σ(x)
 *
 * log(σ(x)) would be −∞ once σ underflows (x < −745, or −104 in float32); this form gives
 * logSigmoid(−1e4) = −1e4, and both terms have the same sign, so nothing cancels. Smooth.
 * logSigmoid(−∞) = −∞, logSigmoid(+∞) = −0 (the values are negative all the way),
 * logSigmoid(NaN) = NaN.
 *
 * Reference: the log of the logistic function; see {@link sigmoidSpec}.
 */
export const logSigmoidSpec = {
  kind: 'elementwise',
  name: 'logSigmoid',
  mlxName: 'log_sigmoid',
  moduleName: 'LogSigmoid',
  params: [],
  f: (x) => -softplusSpec.f(-x),
  df: (x) => sigmoidSpec.f(-x),
  // f'' = −σ'(−x) = −σ'(x) (σ' is even).
  d2f: (x) => -sigmoidSpec.df(x),
  cost: 'costly',
  plot: { range: [-6, 4] },
  keras: { activation: 'log_sigmoid' },
  doc: {
    summary: 'Log-sigmoid: log σ(x), computed as −softplus(−x).',
    formula: '−log(1 + e⁻ˣ) = min(x, 0) − log1p(e^−|x|)',
    derivative: 'σ(−x)',
    kinks: 'smooth',
    reference: 'the log of the logistic sigmoid; Rumelhart, Hinton and Williams, Learning representations by back-propagating errors, Nature 1986',
    accuracyNote: 'never underflows to −∞: logSigmoid(−1e4) = −1e4',
  },
  test: {
    kinks: () => [],
    limits: [-Infinity, -0],
    monotonic: true,
    range: [-Infinity, 0],
  },
} as const satisfies ElementwiseSpec<'logSigmoid'>;

/** Log-sigmoid, `log σ(x) = −softplus(−x)`; see {@link logSigmoidSpec}. @example nn.logSigmoid(array([-1, 0, 1])) // [-1.31326, -0.693147, -0.313262] */
export function logSigmoid(x: Operand): NDArray {
  return applyElementwise(logSigmoidSpec, x);
}

/** Module form of {@link logSigmoid}. @example new nn.LogSigmoid().forward(x) */
export class LogSigmoid extends Module {
  forward(x: Operand): NDArray { return logSigmoid(x); }
}
