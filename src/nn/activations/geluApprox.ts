import type { NDArray } from '../../core/array.js';
import { mulSigmoid } from '../../kernels/js/ddmath.js';
import { productError, sumError } from '../../kernels/js/exact.js';
import type { Operand } from '../../ops/operand.js';
import { applyElementwise } from '../../ops/activation.js';
import { sigmoidOfSum } from './geluFastApprox.js';
import type { ElementwiseSpec } from './spec.js';

// √(2/π) and 0.044715 as double-doubles (values from mpmath).
const C_HI = 0.7978845608028654;
const C_LO = -4.98465440455546e-17;
const K_HI = 0.044715;
const K_LO = 2.1960211427085595e-18;

/** The low part of the last `argument` (module scratch: no allocation per element). */
let uLow = 0;

/** u = √(2/π)·(x + 0.044715·x³) as a double-double: returns the high part, sets `uLow`. */
function argument(x: number): number {
  const x2 = x * x;
  const x2e = productError(x, x, x2);
  const x3 = x2 * x;
  const x3e = productError(x2, x, x3) + x2e * x;
  const t = K_HI * x3;
  const te = productError(K_HI, x3, t) + K_LO * x3 + K_HI * x3e;
  const s = x + t;
  const se = sumError(x, t, s) + te;
  const u = C_HI * s;
  uLow = productError(C_HI, s, u) + C_LO * s + C_HI * se;
  return u;
}

/**
 * The tanh approximation of GELU, MLX's `gelu_approx` (GELU(approx='precise' or 'tanh')).
 *
 *     geluApprox(x)  = ½·x·(1 + tanh(u)) = x·σ(2u),   u = √(2/π)·(x + 0.044715·x³)
 *     geluApprox'(x) = σ(2u) + x·σ(2u)·(1 − σ(2u))·2u',   u' = √(2/π)·(1 + 3·0.044715·x²)
 *
 * An exact implementation of this formula: 1 + tanh(u) cancels for negative x (MLX gives 0 for
 * geluApprox(−10), whose value is −1.2e-37), so we use x·σ(2u), and u is carried as a
 * double-double because σ(2u) magnifies its relative error by 2|u|. Its distance from exact gelu
 * is below 0.0005 on [−6, 6] (MLX's figure; measured in the docs). Smooth.
 * Reference: Hendrycks and Gimpel, "Gaussian Error Linear Units (GELUs)", 2016.
 */
export const geluApproxSpec = {
  kind: 'elementwise',
  name: 'geluApprox',
  mlxName: 'gelu_approx',
  moduleName: 'GELU',
  params: [],
  f: (x, _a, _b, precise) => {
    if (x > 10) return x; // 1 − σ(2u) < 2^-120: σ rounds to 1
    if (x < -30) return -0; // σ(2u) underflows: the true value is a tiny negative number
    const u = argument(x);
    // float64 output: σ and the product in double-double, rounded once (x·σ alone reaches 3 ULP,
    // where σ(2u) is subnormal and loses bits before the product)
    return precise ? mulSigmoid(x, 2 * u, 2 * uLow) : x * sigmoidOfSum(2 * u, 2 * uLow);
  },
  df: (x) => {
    if (x !== x) return NaN;
    if (x > 10) return 1;
    if (x < -30) return 0;
    const u = argument(x); // as in f: e^−|2u| magnifies u's rounding by 2|u| (1261 ULP in float64)
    const du = C_HI * (1 + 3 * K_HI * x * x);
    const e = Math.exp(-Math.abs(2 * u)) * (1 - Math.sign(u) * 2 * uLow); // e^−|2u + 2uLow| to first order
    const s = u >= 0 ? 1 / (1 + e) : e / (1 + e);
    return s + x * (e / ((1 + e) * (1 + e))) * 2 * du; // s(1 − s) = e/(1 + e)²
  },
  // f'' = σ'(2u)·(4u' + 4x·u'²·(1 − 2σ(2u)) + 2x·u''), u'' = 6·√(2/π)·0.044715·x, with
  // σ' = e/(1 + e)² and 1 − 2σ(2u) = −tanh(u) = ±expm1(−2|u|)/(1 + e), e = e^−2|u|: nothing cancels.
  // 0 beyond the cut-offs of df (x > 10, x < −30), where df is constant.
  d2f: (x) => {
    if (x !== x) return NaN;
    if (x > 10 || x < -30) return 0;
    const x2 = x * x;
    const u = C_HI * (x + K_HI * x2 * x);
    const du = C_HI * (1 + 3 * K_HI * x2);
    const ddu = 6 * C_HI * K_HI * x;
    const t = 2 * Math.abs(u);
    const e = Math.exp(-t);
    const d = 1 + e;
    const oneMinus2s = ((u >= 0 ? 1 : -1) * Math.expm1(-t)) / d;
    return (e / (d * d)) * (4 * du + 4 * x * du * du * oneMinus2s + 2 * x * ddu);
  },
  cost: 'costly',
  plot: { range: [-4, 3] },
  keras: { activation: 'gelu', args: { approximate: true } },
  doc: {
    summary: "GELU's tanh approximation, ½x(1 + tanh(√(2/π)(x + 0.044715x³))).",
    formula: '½·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))',
    derivative: 'σ(2u) + 2x·u′·σ(2u)(1 − σ(2u)), u = √(2/π)(x + 0.044715x³)',
    kinks: 'smooth',
    reference: 'Hendrycks and Gimpel, Gaussian Error Linear Units (GELUs), 2016',
    accuracyNote: 'evaluated as x·σ(2u) with u in double-double: MLX’s 1 + tanh(u) cancels and gives 0 for x = −10 (true value −1.2e-37)',
  },
  test: {
    kinks: () => [],
    limits: [-0, Infinity],
    monotonic: false,
    range: [-0.2, Infinity],
  },
} as const satisfies ElementwiseSpec<'geluApprox'>;

/** ½x(1 + tanh(√(2/π)(x + 0.044715x³))), MLX's gelu_approx. @example nn.geluApprox(array([-1, 0, 1])) */
export function geluApprox(x: Operand): NDArray {
  return applyElementwise(geluApproxSpec, x);
}
