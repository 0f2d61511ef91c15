import type { NDArray } from '../../core/array.js';
import { ShapeError } from '../../core/errors.js';
import type { Operand } from '../../ops/operand.js';
import { Module } from '../module.js';
import { pairs } from './plot.js';
import { applyAlongAxis, applyElementwiseGrad } from '../../ops/activation.js';
import { gluGradLane, gluLane } from '../../kernels/js/rows.js';
import { concatenate, multiply, sigmoid, split } from '../../ops/index.js';
import { sigmoidSpec } from './sigmoid.js';
import type { RowSpec } from './spec.js';

/**
 * Gated Linear Unit: split x in two halves a, b along an axis and gate a by sigmoid(b).
 *
 *     glu(x) = a ⊙ σ(b),   [a, b] = split(x, 2, axis)
 *     ∂/∂a = σ(b),   ∂/∂b = a·σ(b)·(1 − σ(b))
 *
 * The axis must have an even size; a 0-d input is an error.
 * Reference: Dauphin et al., "Language Modeling with Gated Convolutional Networks", ICML 2017.
 */
export const gluSpec = {
  kind: 'row',
  name: 'glu',
  mlxName: 'glu',
  moduleName: 'GLU',
  params: [{ name: 'axis', default: -1 }],
  plot: {
    range: [-6, 4],
    slice: {
      label: 'glu([x, x])',
      caption: 'glu over a pair [x, x]: the first half gated by the sigmoid of the second, here x·σ(x) (equal to silu); the derivative is d/dx with both halves moving together.',
      f: (x) => glu(pairs(x, 'same'), -1).reshape([-1]),
    },
  },
  keras: { activation: 'glu' },
  doc: {
    summary: 'Gated Linear Unit: the first half of the axis gated by the sigmoid of the second half.',
    formula: 'a ⊙ σ(b), [a, b] = split(x, 2, axis)',
    derivative: '∂/∂a = σ(b), ∂/∂b = a·σ(b)(1 − σ(b))',
    kinks: 'smooth',
    reference: 'Dauphin et al., Language Modeling with Gated Convolutional Networks, ICML 2017',
  },
  lane: gluLane,
  outLength: halfLength,
  gradLane: gluGradLane,
  backward: (x, g, axis) => {
    const [a, b] = split(x, 2, axis);
    return concatenate([multiply(g, sigmoid(b)), applyElementwiseGrad(sigmoidSpec, b, multiply(g, a), 0, 0)], axis);
  },
} as const satisfies RowSpec<'glu'>;

function halfLength(n: number, op: string, axis: number): number {
  if (n % 2 !== 0) {
    throw new ShapeError(op, `axis ${axis} has odd size ${n}; expected an even size to split into two halves`);
  }
  return n / 2;
}

/** Gated linear unit along `axis` (default −1). @example nn.glu(array([[[1, 2, 3, 4]]])) // [[[0.952574, 1.96403]]] */
export function glu(x: Operand, axis = -1): NDArray {
  return applyAlongAxis(gluSpec, x, axis);
}

/**
 * Module form of {@link glu}.
 *
 * @example
 * new nn.GLU().forward(array([1, 2, 3, 4])).tolist(); // → [0.952574, 1.96403]
 * new nn.GLU(0).forward(array([[1], [2], [3]]));       // throws ShapeError
 */
export class GLU extends Module {
  constructor(readonly axis = -1) { super(); }
  forward(x: Operand): NDArray { return glu(x, this.axis); }
}
