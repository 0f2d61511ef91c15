import type { NDArray } from '../../core/array.js';
import type { Operand } from '../../ops/operand.js';
import { Module } from '../module.js';
import { finite } from '../../core/validate.js';
import { applyElementwise, opName } from '../../ops/activation.js';
import type { ElementwiseSpec } from './spec.js';

/**
 * Leaky ReLU with negative slope s (0.01 by default).
 *
 *     leakyRelu(x)  = x if x ≥ 0, s·x if x < 0
 *     leakyRelu'(x) = 1 if x ≥ 0, s if x < 0     (at 0: 1, the x ≥ 0 branch; PyTorch uses s there)
 *
 * Correct for any finite slope: MLX computes max(x, s·x), which equals this only for s ≤ 1 (for
 * s > 1 it returns s·x for x > 0 and x for x < 0). With s = 0 the negative side is +0, also at
 * x = -∞ (not 0·∞ = NaN).
 * leakyRelu(-0) = -0, leakyRelu(+∞) = +∞, leakyRelu(-∞) = s·(-∞) (-∞ for s > 0, +∞ for s < 0,
 * 0 for s = 0), NaN gives NaN; leakyRelu'(NaN) = NaN.
 *
 * Reference: Maas, Hannun and Ng, "Rectifier Nonlinearities Improve Neural Network Acoustic
 * Models", ICML 2013.
 */
export const leakyReluSpec = {
  kind: 'elementwise',
  name: 'leakyRelu',
  mlxName: 'leaky_relu',
  moduleName: 'LeakyReLU',
  params: [{ name: 'negativeSlope', default: 0.01 }],
  /** Checks the parameter (MLX's default when undefined) and gives the kernel's (a, b). */
  args: (negativeSlope: unknown = 0.01) => [finite(opName('leakyRelu'), 'negativeSlope', negativeSlope), 0] as const,
  // NaN fails both comparisons and goes to s·x, which is NaN (s is finite); s = 0 avoids 0·(-∞).
  f: (x, s) => (x >= 0 ? x : s === 0 && x < 0 ? 0 : s * x),
  df: (x, s) => (x >= 0 ? 1 : x < 0 ? s : NaN),
  // f'' = 0 (NaN for NaN).
  d2f: (x) => (x === x ? 0 : NaN),
  cost: 'cheap',
  plot: { range: [-3, 3] },
  keras: { activation: 'leaky_relu', nnArgs: [0.2], layer: 'LeakyReLU', note: 'Keras’ defaults differ: leaky_relu 0.2, LeakyReLU layer 0.3 (nn: 0.01)' },
  doc: {
    summary: 'Leaky ReLU: the identity for x ≥ 0, a line of slope s below zero.',
    formula: 'x ≥ 0 ? x : s·x',
    derivative: 'x ≥ 0 ? 1 : s',
    kinks: 'at 0 the derivative is 1 (the x ≥ 0 branch), the convention of docs/design.md; PyTorch uses s there',
    reference: 'Maas, Hannun and Ng, Rectifier Nonlinearities Improve Neural Network Acoustic Models, ICML 2013',
    accuracyNote: 'correct for any slope: MLX computes max(x, s·x), which for s > 1 gives s·x for x > 0 and x for x < 0',
  },
  test: {
    kinks: () => [0],
    limits: [-Infinity, Infinity],
    monotonic: true,
    range: [-Infinity, Infinity],
  },
} as const satisfies ElementwiseSpec<'leakyRelu'>;

/** Leaky ReLU, `x ≥ 0 ? x : s·x`; see {@link leakyReluSpec}. @example nn.leakyRelu(array([-2, 3]), 0.1) // [-0.2, 3] */
export function leakyRelu(x: Operand, negativeSlope = 0.01): NDArray {
  return applyElementwise(leakyReluSpec, x, ...leakyReluSpec.args(negativeSlope));
}

/** Module form of {@link leakyRelu}. @example new nn.LeakyReLU(0.2).forward(x) */
export class LeakyReLU extends Module {
  readonly negativeSlope: number;
  constructor(negativeSlope = 0.01) {
    super();
    this.negativeSlope = finite('nn.LeakyReLU', 'negativeSlope', negativeSlope);
  }
  forward(x: Operand): NDArray { return leakyRelu(x, this.negativeSlope); }
  override toString(): string { return `LeakyReLU(negativeSlope=${this.negativeSlope})`; }
}
