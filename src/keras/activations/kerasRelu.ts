import { productError, sumError } from '../../kernels/js/exact.js';
import type { ElementwiseSpec } from '../../nn/activations/spec.js';

/**
 * Keras' general `relu(x, negative_slope, max_value, threshold)` with parameters s, M, θ,
 * following Keras 3's ReLU.static_call:
 *
 *     f(x)  = pos(x) + (x < θ ? s·(x − θ) : 0),
 *     pos(x) = x > θ ? x : 0, then clipped to [0, M] when M is given
 *     f'(x) = x > θ ? (M given and (pos clipped, i.e. x ≥ M or x ≤ 0) ? 0 : 1) : x < θ ? s : 0
 *     f'' = 0
 *
 * At x = θ the derivative is 0 (relu'(0) = 0); at x = M it is 0 (relu6'(6) = 0). s·(x − θ) is
 * formed from x − θ as a double-double, so f rounds once. NaN gives NaN.
 *
 * The plain cases (relu, leaky relu, relu6) go to nn's kernels; this spec covers the rest. M is
 * not one of the two numeric kernel parameters, so a spec is made per M (a small object).
 */
export function kerasReluSpec(maxValue: number | null) {
  const clip = maxValue !== null;
  const m = maxValue ?? Infinity;
  return {
    kind: 'elementwise',
    name: 'keras.relu', // never an nn name: kernels are looked up by name
    mlxName: 'relu',
    moduleName: 'ReLU',
    params: [{ name: 'negative_slope', default: 0 }, { name: 'threshold', default: 0 }],
    f: (x: number, s: number, t: number) => {
      if (x !== x) return NaN;
      let pos = x > t ? x : 0;
      if (clip) pos = pos < 0 ? 0 : pos > m ? m : pos;
      if (!(x < t) || s === 0) return pos + 0; // + 0 turns −0 into +0, as relu(−0) = +0
      const d = x - t;
      const p = s * d;
      if (!Number.isFinite(p)) return pos + p;
      const pe = Math.abs(s) < 2 ** 996 && Math.abs(d) < 2 ** 996 ? productError(s, d, p) : 0;
      return pos + (p + (pe + s * sumError(x, -t, d)));
    },
    df: (x: number, s: number, t: number) => {
      if (x !== x) return NaN;
      if (x > t) return clip && (x >= m || x <= 0) ? 0 : 1;
      return x < t ? s : 0;
    },
    d2f: (x: number) => (x === x ? 0 : NaN),
    doc: {
      summary: "Keras' general ReLU: a slope s below the threshold θ, the identity above it, capped at M.",
      formula: 'min(x > θ ? x : 0, M) + (x < θ ? s·(x − θ) : 0)',
      derivative: 'x > θ ? (x < M ? 1 : 0) : x < θ ? s : 0',
      kinks: 'at θ the derivative is 0, at M it is 0',
    },
    test: {
      kinks: (_s: number, t: number) => (clip ? [t, m] : [t]),
      limits: [clip ? 0 : -Infinity, clip ? m : Infinity],
      monotonic: true,
      range: [-Infinity, clip ? m : Infinity],
    },
  } as const satisfies ElementwiseSpec<'keras.relu'>;
}
