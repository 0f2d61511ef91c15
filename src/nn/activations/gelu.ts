import type { NDArray } from '../../core/array.js';
import { ValueError, describe } from '../../core/errors.js';
import { exactGelu, exactGeluGrad, normalPdf } from '../../kernels/js/special.js';
import { productError } from '../../kernels/js/exact.js';
import type { Operand } from '../../ops/operand.js';
import { Module } from '../module.js';
import { applyElementwise } from '../../ops/activation.js';
import { geluApprox } from './geluApprox.js';
import { geluFastApprox } from './geluFastApprox.js';
import type { ElementwiseSpec } from './spec.js';

/**
 * Gaussian Error Linear Unit, exact.
 *
 *     gelu(x)  = x·Φ(x) = ½·x·erfc(−x/√2)
 *     gelu'(x) = Φ(x) + x·φ(x)
 *
 * Φ is computed from erfc, not as ½(1 + erf(x/√2)), which cancels for negative x: MLX gives
 * gelu(−10) = 0 in float32, the value is −7.6e-23. Smooth. gelu(−∞) = −0, gelu(+∞) = +∞.
 * Reference: Hendrycks and Gimpel, "Gaussian Error Linear Units (GELUs)", 2016.
 */
export const geluSpec = {
  kind: 'elementwise',
  name: 'gelu',
  mlxName: 'gelu',
  moduleName: 'GELU',
  params: [],
  // Both round once from a double-double (x·normalCdf(x) would round twice), subnormals included.
  f: exactGelu,
  df: exactGeluGrad,
  // f'' = φ(x)·(2 − x²), x² carried exactly so that 2 − x² keeps its digits near √2.
  d2f: (x) => {
    if (!(Math.abs(x) < 40)) return Number.isNaN(x) ? x : -0; // φ(x) < 1e-347: the value underflows
    const x2 = x * x;
    return normalPdf(x) * ((2 - x2) - productError(x, x, x2));
  },
  cost: 'costly',
  plot: { range: [-4, 3] },
  keras: { activation: 'gelu', note: 'exact by default in Keras too (approximate=False)' },
  doc: {
    summary: 'Gaussian Error Linear Unit: x weighted by the standard normal CDF.',
    formula: 'x·Φ(x) = ½·x·erfc(−x/√2)',
    derivative: 'Φ(x) + x·φ(x)',
    kinks: 'smooth',
    reference: 'Hendrycks and Gimpel, Gaussian Error Linear Units (GELUs), 2016',
    accuracyNote: 'uses erfc, so negative inputs keep their digits (MLX’s 1 + erf(x/√2) gives gelu(−10) = 0; the value is −7.6e-23)',
  },
  test: {
    kinks: () => [],
    limits: [-0, Infinity],
    monotonic: false,
    range: [-0.2, Infinity],
  },
} as const satisfies ElementwiseSpec<'gelu'>;

/** Exact GELU, x·Φ(x). @example nn.gelu(array([-1, 0, 1])) // [-0.158655, 0, 0.841345] */
export function gelu(x: Operand): NDArray {
  return applyElementwise(geluSpec, x);
}

/**
 * GELU's forms, as MLX: 'none' is exact; 'precise' and 'tanh' the tanh approximation; 'fast'
 * x·σ(1.702x).
 *
 * @example
 * new nn.GELU('fast').forward(array([1])).tolist(); // → [0.845796]
 * new nn.GELU().forward(array([1])).tolist();       // 'none', exact: → [0.841345]
 */
export type GeluApprox = 'none' | 'precise' | 'tanh' | 'fast';
const GELU_FORMS: Readonly<Record<GeluApprox, (x: Operand) => NDArray>> = {
  none: gelu, precise: geluApprox, tanh: geluApprox, fast: geluFastApprox,
};

/** Module form of {@link gelu} and its approximations. @example new nn.GELU('tanh').forward(x) */
export class GELU extends Module {
  readonly approx: GeluApprox;
  constructor(approx: GeluApprox = 'none') {
    super();
    if (!Object.hasOwn(GELU_FORMS, approx)) {
      throw new ValueError('nn.GELU', `argument 'approx' is ${describe(approx)}; expected one of 'none', 'precise', 'tanh', 'fast'`);
    }
    this.approx = approx;
  }
  forward(x: Operand): NDArray { return GELU_FORMS[this.approx](x); }
  override toString(): string { return `GELU(approx='${this.approx}')`; }
}
