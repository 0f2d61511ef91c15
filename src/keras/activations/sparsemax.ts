/**
 * Sparsemax (Martins and Astudillo 2016), Keras' `sparsemax(x, axis=-1)`: the Euclidean
 * projection of each lane onto the probability simplex.
 *
 *     sparsemax(z)_i = max(z_i − τ(z), 0),   τ = (Σ_{j ≤ k} z_(j) − 1) / k,
 *     k = max{ j : 1 + j·z_(j) > Σ_{i ≤ j} z_(i) }   (z_(1) ≥ z_(2) ≥ … sorted)
 *     ∂out_i/∂z_j = [i ∈ S](δ_ij − [j ∈ S]/|S|),  S = { i : out_i > 0 };  VJP: S ⊙ (g − mean_S g)
 *
 * Each lane is sorted in float64; the running sums are compensated and τ is carried as a
 * double-double, so z_i − τ rounds once even when the outputs are tiny next to z. NaN anywhere
 * in a lane gives a NaN lane; a lane of all −∞ is NaN (as softmax); +∞ entries share the mass
 * equally (the limit); −∞ entries get 0.
 *
 * Gradients: the fused kernel records no autograd node. Under a gradient transform the values
 * still come from the kernel, and the gradient from differentiable core ops: where(S, z − τ, 0)
 * with τ = (Σ_S z − 1)/|S| and the support S a constant, added as c − stopGradient(c), which is
 * exactly 0. A dedicated VJP rule ('sparsemax': S ⊙ (g − mean_S g)) would save those ops.
 */
import { NDArray } from '../../core/array.js';
import { floatResult } from '../../core/dtype.js';
import { ShapeError } from '../../core/errors.js';
import { lanesOf, normalizeAxis } from '../../core/shape.js';
import { isTracing } from '../../core/tape.js';
import { productError, sumError } from '../../kernels/js/exact.js';
import { type NumberArray, produce } from '../../kernels/js/map.js';
import { stopGradient } from '../../autograd/transforms.js';
import { add, divide, greater, subtract, sum, where } from '../../ops/index.js';

/** Sparsemax of one lane of n values `stride` apart, written with the same stride. */
function lane(src: NumberArray, s0: number, dst: NumberArray, d0: number, n: number, stride: number, z: Float64Array): void {
  let posInf = 0, finite = 0;
  for (let k = 0; k < n; k++) {
    const v = src[s0 + k * stride];
    if (v !== v) { for (let j = 0; j < n; j++) dst[d0 + j * stride] = NaN; return; }
    if (v === Infinity) posInf++;
    else if (v !== -Infinity) finite++;
  }
  if (posInf > 0 || finite === 0) {
    // +∞ entries share the mass; a lane of only −∞ has no limit (NaN), as softmax.
    for (let k = 0; k < n; k++) {
      const v = src[s0 + k * stride];
      dst[d0 + k * stride] = posInf === 0 ? NaN : v === Infinity ? 1 / posInf : 0;
    }
    return;
  }
  let m = 0;
  for (let k = 0; k < n; k++) { const v = src[s0 + k * stride]; if (v !== -Infinity) z[m++] = v; }
  const sorted = z.subarray(0, m).sort().reverse();
  // The support size k and the sum of its entries (hi + lo, Neumaier-compensated).
  let hi = 0, lo = 0, support = 0, supHi = 0, supLo = 0;
  for (let j = 0; j < m; j++) {
    const v = sorted[j];
    const s = hi + v;
    lo += Math.abs(hi) >= Math.abs(v) ? (hi - s) + v : (v - s) + hi;
    hi = s;
    // 1 + (j + 1)·z_(j) > Σ_{i ≤ j} z_(i), evaluated as (1 + (j+1)·v − hi) − lo.
    if ((1 + (j + 1) * v - hi) - lo > 0) { support = j + 1; supHi = hi; supLo = lo; }
  }
  // τ = (supHi + supLo − 1) / k as a double-double.
  const a = supHi - 1;
  const al = sumError(supHi, -1, a) + supLo;
  const tau = a / support;
  const p = tau * support;
  const tauLo = ((a - p) - productError(tau, support, p) + al) / support;
  for (let k = 0; k < n; k++) {
    const v = src[s0 + k * stride];
    if (v === -Infinity) { dst[d0 + k * stride] = 0; continue; }
    const d = v - tau;
    const y = d + (sumError(v, -tau, d) - tauLo);
    dst[d0 + k * stride] = y > 0 ? y : 0;
  }
}

/** The fused kernel: sparsemax along `ax` (already normalized), one rounding per output. */
function kernel(x: NDArray, ax: number, op: string): NDArray {
  const { outer, length, inner } = lanesOf(x.shape, ax);
  const xs = x.valuesAsNumbers(op);
  const scratch = new Float64Array(length);
  return produce(x.shape, floatResult(x.dtype), op, (o) => {
    for (let p = 0; p < outer; p++) {
      for (let i = 0; i < inner; i++) lane(xs, p * length * inner + i, o, p * length * inner + i, length, inner, scratch);
    }
  });
}

export function sparsemaxAlong(x: NDArray, axis: number, op: string): NDArray {
  if (x.ndim === 0) throw new ShapeError(op, `argument 'x' is 0-d; expected an array with at least one dimension`);
  const ax = normalizeAxis(op, axis, x.ndim);
  const out = kernel(x, ax, op);
  if (!(isTracing() && x.node !== undefined)) return out;
  // Traced: the gradient of where(S, z − τ, 0) with τ = (Σ_S z − 1)/|S| from differentiable
  // ops (the support S is a constant), added as c − stopGradient(c) = 0 to the fused values.
  const inSupport = greater(out, 0);
  const count = sum(inSupport.astype(out.dtype), ax, true);
  const tau = divide(subtract(sum(where(inSupport, x, 0), ax, true), 1), count);
  const composed = where(inSupport, subtract(x, tau), 0);
  return add(out, subtract(composed, stopGradient(composed)));
}
