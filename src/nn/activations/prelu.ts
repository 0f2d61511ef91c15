import type { NDArray } from '../../core/array.js';
import { floatResult, promoteTypes } from '../../core/dtype.js';
import { ShapeError, ValueError, describe } from '../../core/errors.js';
import { broadcastShapes, formatShape } from '../../core/shape.js';
import { record } from '../../core/tape.js';
import { array, full } from '../../core/create.js';
import { mapBinary } from '../../kernels/js/map.js';
import { prelu as preluKernel } from '../../kernels/prelu.js';
import { type Operand, coerce, toArray } from '../../ops/operand.js';
import { Module } from '../module.js';
import { finite } from '../../core/validate.js';
import { opName } from '../../ops/activation.js';
import type { BinarySpec } from './spec.js';

/**
 * Parametric ReLU with a learned slope α that broadcasts against x (MLX aligns it with the last
 * axis; PyTorch with axis 1).
 *
 *     prelu(x, α)  = x if x > 0, α·x otherwise
 *     ∂/∂x = 1 if x > 0, α otherwise;   ∂/∂α = 0 if x > 0, x otherwise (summed over broadcast axes)
 *
 * Reference: He et al., "Delving Deep into Rectifiers", ICCV 2015.
 */
export const preluSpec = {
  kind: 'binary',
  name: 'prelu',
  mlxName: 'prelu',
  moduleName: 'PReLU',
  params: [],
  f: (x, alpha) => (x > 0 ? x : alpha * x),
  plot: {
    range: [-3, 3],
    slice: {
      label: 'prelu(x, 0.25)',
      caption: 'prelu with the weight α = 0.25 (nn.PReLU’s initial value), and its derivative with respect to x.',
      f: (x) => prelu(x, array([0.25], 'float64')),
      kinks: [0],
    },
  },
  keras: { layer: 'PReLU', note: 'a layer only; its α starts at 0 (alpha_initializer zeros), nn.PReLU’s at 0.25' },
  doc: {
    summary: 'Parametric ReLU: a leaky ReLU whose negative slope α is a learned weight.',
    formula: 'x > 0 ? x : α·x',
    derivative: '∂/∂x = x > 0 ? 1 : α; ∂/∂α = x > 0 ? 0 : x',
    kinks: 'at 0 the derivative in x is α (the x ≤ 0 branch)',
    reference: 'He et al., Delving Deep into Rectifiers, ICCV 2015',
  },
} as const satisfies BinarySpec;

/** PReLU with slope `alpha` broadcast against x. @example nn.prelu(array([-2, 3]), array([0.25])) // [-0.5, 3] */
export function prelu(x: Operand, alpha: Operand): NDArray {
  const op = opName('prelu');
  const xa = toArray(op, 'x', x);
  if (alpha === undefined) throw new ValueError(op, `argument 'alpha' is undefined; expected an array or a number`);
  const aa = toArray(op, 'alpha', alpha);
  try {
    broadcastShapes(op, xa.shape, aa.shape);
  } catch {
    throw new ShapeError(op, `argument 'alpha' has shape ${formatShape(aa.shape)}, which does not broadcast with x of shape ${formatShape(xa.shape)}; expected a shape that broadcasts (e.g. [${xa.shape.at(-1) ?? 1}] or [1])`);
  }
  const dtype = floatResult(promoteTypes(xa.dtype, aa.dtype));
  const [u, v] = coerce(op, ['x', 'alpha'], [xa, aa], dtype);
  const f = preluSpec.f;
  return record('prelu', [u, v], preluKernel(u, v) ?? mapBinary(u, v, dtype, op, f));
}

/**
 * Module form of {@link prelu}: holds `weight`, of shape [numParameters] filled with `init`.
 * @example new nn.PReLU(3).forward(x) // x of shape [..., 3]
 */
export class PReLU extends Module {
  weight: NDArray;
  constructor(numParameters = 1, init = 0.25) {
    super();
    if (!Number.isInteger(numParameters) || numParameters < 1) {
      throw new ValueError('nn.PReLU', `argument 'numParameters' is ${describe(numParameters)}; expected a positive integer`);
    }
    this.weight = full([numParameters], finite('nn.PReLU', 'init', init));
  }
  forward(x: Operand): NDArray { return prelu(x, this.weight); }
}
