import type { NDArray } from '../../core/array.js';
import { productError, quotient, sumError } from '../../kernels/js/exact.js';
import type { Operand } from '../../ops/operand.js';
import { Module } from '../module.js';
import { applyElementwise } from '../../ops/activation.js';
import { siluSpec } from './silu.js';
import { sigmoidSpec } from './sigmoid.js';
import { softplusSpec } from './softplus.js';
import { tanhSpec } from './tanh.js';
import type { ElementwiseSpec } from './spec.js';

/**
 * Mish.
 *
 *     mish(x)  = x·tanh(softplus(x)) = x·n / (n + 2),   n = eˣ·(eˣ + 2)
 *     mish'(x) = tanh(softplus(x)) + x·σ(x)·sech²(softplus(x))
 *              = n / (n + 2) + 4x·eˣ·(1 + eˣ) / (n + 2)²
 *
 * tanh(log(1 + e)) = ((1 + e)² − 1) / ((1 + e)² + 1) = n / (n + 2): no tanh, no log, and no
 * cancellation. n, n + 2 and x·n are carried as double-doubles and the quotient corrected, so the
 * float64 error is about exp's alone (~1.3 ULP; the plain expression reaches 3.5). Above x = 30
 * the value rounds to x; below x = −708 (eˣ subnormal) mish(x) = silu(x)·(1 + eˣ/2 + …) is silu's
 * value, computed there without losing digits. The derivative, in double-doubles too, is within
 * ~1.7 ULP in float64 except close to mish's minimum (x ≈ −1.19), where it crosses 0 and exp's own
 * rounding (~1e-17) is what remains. Smooth. mish(−∞) = −0, mish(+∞) = +∞, mish(−0) = −0,
 * mish(NaN) = NaN; mish'(−∞) = −0, mish'(+∞) = 1.
 *
 * Reference: Misra, "Mish: A Self Regularized Non-Monotonic Activation Function", BMVC 2020.
 */
export const mishSpec = {
  kind: 'elementwise',
  name: 'mish',
  mlxName: 'mish',
  moduleName: 'Mish',
  params: [],
  f: (x) => {
    if (x > 30) return x; // 1 − 2e^(−2x)… rounds to 1 (also +∞)
    if (!(x > -708)) return siluSpec.f(x); // also −∞ and NaN
    const e = Math.exp(x);
    const m = e + 2;
    const n = e * m;
    const nLo = productError(e, m, n) + e * sumError(e, 2, m);
    const d = n + 2;
    const xn = x * n;
    return quotient(xn, productError(x, n, xn) + x * nLo, d, sumError(n, 2, d) + nLo);
  },
  df: (x) => {
    if (x > 30) return 1;
    if (!(x > -708)) return siluSpec.df(x); // mish'(x) = eˣ·(1 + x) + O(e²ˣ), as silu'
    // (n·d + 4x·e·(1 + e)) / d², numerator and d² as double-doubles; n and d as in f.
    const e = Math.exp(x);
    const m = e + 2;
    const n = e * m;
    const nLo = productError(e, m, n) + e * sumError(e, 2, m);
    const d = n + 2;
    const dLo = sumError(n, 2, d) + nLo;
    const nd = n * d;
    const ndLo = productError(n, d, nd) + n * dLo + nLo * d;
    const k = 4 * x * e;
    const g = 1 + e;
    const s = k * g;
    const sLo = productError(k, g, s) + k * sumError(1, e, g) + productError(4 * x, e, k) * g;
    const num = nd + s;
    const d2 = d * d;
    return quotient(num, sumError(nd, s, num) + ndLo + sLo, d2, productError(d, d, d2) + 2 * d * dLo);
  },
  // f'' = S·σ·(2 + x·(1 − σ) − 2x·T·σ), T = tanh(softplus(x)), S = sech²(softplus(x)) = 1 − T²,
  // σ = σ(x); S and 1 − σ come from their own stable forms, never as differences.
  d2f: (x) => {
    if (x > 400) return -0; // S < e^−800: the value (≈ −8x·e^−2x) underflows
    if (!(x > -1000)) return Number.isNaN(x) ? x : -0; // ≈ eˣ·(2 + x), which underflows
    const s = sigmoidSpec.f(x);
    const sp = softplusSpec.f(x);
    const t = tanhSpec.f(sp);
    return tanhSpec.df(sp) * s * (2 + x * sigmoidSpec.f(-x) - 2 * x * t * s);
  },
  cost: 'costly',
  plot: { range: [-5, 3] },
  keras: { activation: 'mish' },
  doc: {
    summary: 'Mish: x weighted by tanh(softplus(x)), a smooth non-monotonic activation.',
    formula: 'x·tanh(softplus(x)) = x·n / (n + 2), n = eˣ(eˣ + 2)',
    derivative: 'tanh(softplus(x)) + x·σ(x)·sech²(softplus(x))',
    kinks: 'smooth',
    reference: 'Misra, Mish: A Self Regularized Non-Monotonic Activation Function, BMVC 2020',
    accuracyNote: 'the rational form x·n/(n + 2), without tanh or log, is within ~1.3 ULP in float64 and gives mish(−∞) = −0 (MLX’s x·tanh(softplus(x)) gives −∞·0 = NaN)',
  },
  test: {
    kinks: () => [],
    limits: [-0, Infinity],
    monotonic: false,
    // mish's minimum, −0.30884341301725041 at x = −1.1924312145154952, rounded down to float32.
    range: [-0.3088434338569641, Infinity],
  },
} as const satisfies ElementwiseSpec<'mish'>;

/** Mish, `x·tanh(softplus(x))`; see {@link mishSpec}. @example nn.mish(array([-1, 0, 1])) // [-0.303401, 0, 0.865098] */
export function mish(x: Operand): NDArray {
  return applyElementwise(mishSpec, x);
}

/** Module form of {@link mish}. @example new nn.Mish().forward(x) */
export class Mish extends Module {
  forward(x: Operand): NDArray { return mish(x); }
}
