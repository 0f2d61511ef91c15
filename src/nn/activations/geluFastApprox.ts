import type { NDArray } from '../../core/array.js';
import { mulSigmoid } from '../../kernels/js/ddmath.js';
import { productError } from '../../kernels/js/exact.js';
import type { Operand } from '../../ops/operand.js';
import { applyElementwise } from '../../ops/activation.js';
import type { ElementwiseSpec } from './spec.js';

// 1.702 as a double-double: the decimal is not a float64, and σ(1.702·x) magnifies the
// constant's rounding by 1.702|x| for negative x.
const K_HI = 1.702;
const K_LO = 4.263256414560601e-17;

/**
 * σ(h + l) for a double-double argument (|l| ≤ ulp(h)): σ(h)·(1 + (1 − σ(h))·l), without
 * overflow for either sign of h.
 */
export function sigmoidOfSum(h: number, l: number): number {
  if (h >= 0) {
    const e = Math.exp(-h);
    return (1 + (e / (1 + e)) * l) / (1 + e);
  }
  const e = Math.exp(h);
  return (e / (1 + e)) * (1 + l / (1 + e));
}

/**
 * The fast GELU approximation of MLX's `gelu_fast_approx` (GELU(approx='fast')).
 *
 *     geluFastApprox(x)  = x·σ(1.702·x)
 *     geluFastApprox'(x) = σ(1.702x) + 1.702x·σ(1.702x)·(1 − σ(1.702x))
 *
 * An exact implementation of this formula (1.702 is the exact decimal); its distance from exact
 * gelu is up to 0.0203 on [−6, 6] (measured; MLX's documentation says < 0.015). Smooth.
 * geluFastApprox(−∞) = −0, geluFastApprox(+∞) = +∞.
 * Reference: Hendrycks and Gimpel, "Gaussian Error Linear Units (GELUs)", 2016, §2.
 */
export const geluFastApproxSpec = {
  kind: 'elementwise',
  name: 'geluFastApprox',
  mlxName: 'gelu_fast_approx',
  moduleName: 'GELU',
  params: [],
  f: (x, _a, _b, precise) => {
    if (x > 25) return x; // 1 − σ(42.5) < 2^-60: σ rounds to 1
    if (x < -450) return -0; // x·σ(1.702x) underflows: the true value is a tiny negative number
    const h = K_HI * x;
    const l = productError(K_HI, x, h) + K_LO * x;
    // float64 output: σ and the product in double-double, rounded once (Math.exp's ULP, the
    // division's and the product's roundings reach 2.2 ULP)
    return precise ? mulSigmoid(x, h, l) : x * sigmoidOfSum(h, l);
  },
  df: (x) => {
    if (x !== x) return NaN;
    if (x > 30) return 1;
    if (x < -450) return 0;
    // t = 1.702·x as h + l, as in f: e^−|t| magnifies the rounding of t by |t| (543 ULP in float64).
    const h = K_HI * x;
    const l = productError(K_HI, x, h) + K_LO * x;
    const e = Math.exp(-Math.abs(h)) * (1 - Math.sign(h) * l); // e^−|h + l| to first order in l
    const s = h >= 0 ? 1 / (1 + e) : e / (1 + e);
    return s + h * (e / ((1 + e) * (1 + e))); // s(1 − s) = e/(1 + e)², no cancellation
  },
  // f'' = k·σ'(t)·(2 + t·(1 − 2σ(t))), t = kx, k = 1.702, with t·(1 − 2σ(t)) = |t|·expm1(−|t|)/(1 + e)
  // and σ' = e/(1 + e)², e = e^−|t|: nothing cancels. 0 beyond the cut-offs of df.
  d2f: (x) => {
    if (x !== x) return NaN;
    if (x > 30 || x < -450) return 0;
    const t = Math.abs(K_HI * x);
    const e = Math.exp(-t);
    const d = 1 + e;
    return K_HI * (e / (d * d)) * (2 + (t * Math.expm1(-t)) / d);
  },
  cost: 'costly',
  plot: { range: [-4, 3] },
  keras: { note: 'no Keras counterpart' },
  doc: {
    summary: 'A fast approximation of GELU by x·σ(1.702x).',
    formula: 'x·σ(1.702·x)',
    derivative: 'σ(1.702x) + 1.702x·σ(1.702x)·(1 − σ(1.702x))',
    kinks: 'smooth',
    reference: 'Hendrycks and Gimpel, Gaussian Error Linear Units (GELUs), 2016',
  },
  test: {
    kinks: () => [],
    limits: [-0, Infinity],
    monotonic: false,
    range: [-0.2, Infinity],
  },
} as const satisfies ElementwiseSpec<'geluFastApprox'>;

/** x·σ(1.702x), MLX's gelu_fast_approx. @example nn.geluFastApprox(array([-1, 0, 1])) */
export function geluFastApprox(x: Operand): NDArray {
  return applyElementwise(geluFastApproxSpec, x);
}
