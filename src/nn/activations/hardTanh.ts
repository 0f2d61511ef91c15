import type { NDArray } from '../../core/array.js';
import { ValueError, describe } from '../../core/errors.js';
import type { Operand } from '../../ops/operand.js';
import { Module } from '../module.js';
import { finite } from '../../core/validate.js';
import { applyElementwise, opName } from '../../ops/activation.js';
import type { ElementwiseSpec } from './spec.js';

/**
 * Hard tanh: x clipped to [minVal, maxVal] (by default [-1, 1]).
 *
 *     hardTanh(x)  = min(max(x, minVal), maxVal)
 *     hardTanh'(x) = 1 if minVal < x < maxVal, else 0     (0 at both bounds, as PyTorch)
 *
 * Inside the bounds x is returned as is, so hardTanh(-0) = -0. hardTanh(-∞) = minVal,
 * hardTanh(+∞) = maxVal, hardTanh(NaN) = NaN; hardTanh'(NaN) = NaN. minVal > maxVal is an error;
 * minVal = maxVal gives a constant.
 *
 * Reference: Collobert, "Large Scale Machine Learning", PhD thesis, Université Paris VI, 2004.
 */
export const hardTanhSpec = {
  kind: 'elementwise',
  name: 'hardTanh',
  mlxName: 'hard_tanh',
  moduleName: 'HardTanh',
  params: [{ name: 'minVal', default: -1 }, { name: 'maxVal', default: 1 }],
  /** Checks the bounds (MLX's defaults when undefined) and gives the kernel's (a, b). */
  args: (minVal: unknown = -1, maxVal: unknown = 1) => bounds(opName('hardTanh'), minVal, maxVal),
  // NaN fails both comparisons and is returned as is.
  f: (x, lo, hi) => (x < lo ? lo : x > hi ? hi : x),
  df: (x, lo, hi) => (Number.isNaN(x) ? NaN : x > lo && x < hi ? 1 : 0),
  // f'' = 0 (NaN for NaN).
  d2f: (x) => (x === x ? 0 : NaN),
  cost: 'cheap',
  plot: { range: [-2.5, 2.5] },
  keras: { activation: 'hard_tanh', note: 'Keras’ hard_tanh has fixed bounds −1 and 1' },
  doc: {
    summary: 'Hard tanh: the identity clipped to [minVal, maxVal].',
    formula: 'min(max(x, minVal), maxVal)',
    derivative: 'minVal < x < maxVal ? 1 : 0',
    kinks: 'the derivative is 0 at both bounds, as in PyTorch',
    reference: 'Collobert, Large Scale Machine Learning, PhD thesis, Université Paris VI, 2004',
  },
  test: {
    kinks: (lo, hi) => [lo, hi],
    limits: [-1, 1],
    monotonic: true,
    range: [-1, 1],
  },
} as const satisfies ElementwiseSpec<'hardTanh'>;

/** Checks that the bounds are finite and ordered; returns them. */
function bounds(op: string, minVal: unknown, maxVal: unknown): [number, number] {
  const lo = finite(op, 'minVal', minVal);
  const hi = finite(op, 'maxVal', maxVal);
  if (lo > hi) {
    throw new ValueError(op, `arguments 'minVal', 'maxVal' are ${describe(lo)}, ${describe(hi)}; expected minVal <= maxVal`);
  }
  return [lo, hi];
}

/** Clips x to [minVal, maxVal]; see {@link hardTanhSpec}. @example nn.hardTanh(array([-3, 0.5, 3]), -2, 2) // [-2, 0.5, 2] */
export function hardTanh(x: Operand, minVal = -1, maxVal = 1): NDArray {
  return applyElementwise(hardTanhSpec, x, ...hardTanhSpec.args(minVal, maxVal));
}

/** Module form of {@link hardTanh}. @example new nn.HardTanh(-2, 2).forward(x) */
export class HardTanh extends Module {
  readonly minVal: number;
  readonly maxVal: number;
  constructor(minVal = -1, maxVal = 1) {
    super();
    [this.minVal, this.maxVal] = bounds('nn.HardTanh', minVal, maxVal);
  }
  forward(x: Operand): NDArray { return hardTanh(x, this.minVal, this.maxVal); }
  override toString(): string { return `HardTanh(minVal=${this.minVal}, maxVal=${this.maxVal})`; }
}
