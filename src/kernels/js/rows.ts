/**
 * The plain-JS lanes of the row activations (softmax, softmin, logSoftmax, glu), forward and
 * backward. Softmax, softmin and logSoftmax share the max shift below. Each reads one lane of n values
 * `stride` apart, works in float64 and writes one rounding per output.
 *
 * Accuracy: the lane is shifted by its max m. The shifted value x − m is carried as a
 * double-double (two-sum), because for float64 inputs x − m can round, and exp magnifies that
 * error by |x − m| (700 ULP at x − m = −700). logSoftmax uses log1p of the sum without the max's
 * own term, so a row like [1, 20] gives −5.6e-9 for the second entry instead of 0.
 *
 * float64 output (`precise`): Math.exp's and Math.log1p's own ULP plus the sum's and the final
 * division's roundings reach 3 ULP, so there the exponentials, the sum and log1p are carried in
 * double-double (kernels/js/ddmath.ts) and each output is rounded once.
 */
import { productError, sumError } from './exact.js';
import { DD_EXP, DD_LO, ddOut, expScaled, log1pDD, powerOfTwo, roundScaled } from './ddmath.js';
import { sigmoid, sigmoidGrad } from './logistic.js';
import type { NumberArray } from './map.js';

/** exp(x - m) with the subtraction's rounding error folded in. */
function expDiff(x: number, m: number): number {
  const d = x - m;
  if (!(d > -746)) return Math.exp(d); // 0 below the underflow, NaN for NaN
  return Math.exp(d) * (1 + sumError(x, -m, d));
}

/** e^(x − m) = (hi + lo)·2^k in double-double, lo and k in ddOut; 0 below e^-1400. */
function expDiffScaled(x: number, m: number): number {
  const d = x - m;
  if (!(d > -1400)) { ddOut[DD_LO] = 0; ddOut[DD_EXP] = 0; return 0; }
  return expScaled(d, sumError(x, -m, d));
}

interface LaneStats { max: number; argmax: number; hasNaN: boolean }

function laneMax(src: NumberArray, s0: number, n: number, stride: number, sign: number): LaneStats {
  let max = -Infinity, argmax = 0, hasNaN = false;
  for (let k = 0; k < n; k++) {
    const v = sign * src[s0 + k * stride];
    if (v !== v) hasNaN = true;
    else if (v > max) { max = v; argmax = k; }
  }
  return { max, argmax, hasNaN };
}

/** softmax (sign = 1) or softmin (sign = −1) of one lane; `precise` for float64 output. */
export function softmaxLane(sign: 1 | -1) {
  return (src: NumberArray, s0: number, dst: NumberArray, d0: number, n: number, stride: number, precise = false): void => {
    const { max, hasNaN } = laneMax(src, s0, n, stride, sign);
    if (hasNaN || max === -Infinity) {
      // NaN anywhere, or a lane of all −∞ (0/0), gives NaN everywhere, as in every reference.
      for (let k = 0; k < n; k++) dst[d0 + k * stride] = NaN;
      return;
    }
    if (max === Infinity) {
      // +∞ entries share the mass equally; everything else gets 0.
      let count = 0;
      for (let k = 0; k < n; k++) if (sign * src[s0 + k * stride] === Infinity) count++;
      for (let k = 0; k < n; k++) dst[d0 + k * stride] = sign * src[s0 + k * stride] === Infinity ? 1 / count : 0;
      return;
    }
    if (precise) return softmaxPrecise(src, s0, dst, d0, n, stride, sign, max);
    let sum = 0;
    for (let k = 0; k < n; k++) sum += expDiff(sign * src[s0 + k * stride], max);
    for (let k = 0; k < n; k++) dst[d0 + k * stride] = expDiff(sign * src[s0 + k * stride], max) / sum;
  };
}

/** softmaxLane for float64 output, finite max m: e^(x − m) and the sum in double-double, one rounding. */
function softmaxPrecise(src: NumberArray, s0: number, dst: NumberArray, d0: number, n: number, stride: number, sign: 1 | -1, max: number): void {
  let sh = 0, sl = 0; // Σ e^(x − m) in double-double, at least 1 (the max's own term)
  for (let k = 0; k < n; k++) {
    const h = expDiffScaled(sign * src[s0 + k * stride], max);
    const e = ddOut[DD_EXP];
    if (e < -1000) continue; // below 2^-1000: nothing next to the 1
    const sc = powerOfTwo(e);
    const s = sh + h * sc;
    sl += sumError(sh, h * sc, s) + ddOut[DD_LO] * sc;
    sh = s;
  }
  const j = Math.floor(Math.log2(sh)); // divide by sum·2^-j, near [1, 2), so quotients stay near 1
  const inv = powerOfTwo(-j);
  const th = (sh + sl) * inv;
  const tl = ((sh - (sh + sl)) + sl) * inv;
  for (let k = 0; k < n; k++) {
    const h = expDiffScaled(sign * src[s0 + k * stride], max);
    const l = ddOut[DD_LO];
    const q = h / th;
    const p = q * th;
    const ql = ((h - p) - productError(q, th, p) + l - q * tl) / th; // h − p is exact (Sterbenz)
    const r = q + ql;
    dst[d0 + k * stride] = roundScaled(r, (q - r) + ql, ddOut[DD_EXP] - j);
  }
}

/** log(softmax) of one lane: (x − m) − log1p(Σ_{k ≠ argmax} e^(x_k − m)); `precise` for float64 output. */
export function logSoftmaxLane(src: NumberArray, s0: number, dst: NumberArray, d0: number, n: number, stride: number, precise = false): void {
  const { max, argmax, hasNaN } = laneMax(src, s0, n, stride, 1);
  if (hasNaN || max === -Infinity) {
    // NaN anywhere, or a lane of all −∞ (−∞ − (−∞)), gives NaN everywhere.
    for (let k = 0; k < n; k++) dst[d0 + k * stride] = NaN;
    return;
  }
  if (max === Infinity) {
    // The limit, as softmax gives: the c entries at +∞ get −log c, the others −∞.
    let count = 0;
    for (let k = 0; k < n; k++) if (src[s0 + k * stride] === Infinity) count++;
    for (let k = 0; k < n; k++) dst[d0 + k * stride] = src[s0 + k * stride] === Infinity ? -Math.log(count) : -Infinity;
    return;
  }
  if (precise) return logSoftmaxPrecise(src, s0, dst, d0, n, stride, max, argmax);
  let rest = 0;
  let othersFinite = false; // another finite entry makes the max's true value negative, even if e^(x − m) underflows
  for (let k = 0; k < n; k++) {
    if (k === argmax) continue;
    const v = src[s0 + k * stride];
    rest += expDiff(v, max);
    if (v > -Infinity) othersFinite = true;
  }
  const logSum = Math.log1p(rest);
  for (let k = 0; k < n; k++) {
    const v = src[s0 + k * stride];
    const d = v - max;
    const err = d > -Infinity ? sumError(v, -max, d) : 0;
    const y = (d - logSum) + err;
    dst[d0 + k * stride] = y === 0 && othersFinite ? -0 : y;
  }
}

/** logSoftmaxLane for float64 output, finite max m: the rest's sum and log1p in double-double, one rounding. */
function logSoftmaxPrecise(src: NumberArray, s0: number, dst: NumberArray, d0: number, n: number, stride: number, max: number, argmax: number): void {
  let rh = 0, rl = 0, tiny = 0;
  let othersFinite = false;
  for (let k = 0; k < n; k++) {
    if (k === argmax) continue;
    const v = src[s0 + k * stride];
    const h = expDiffScaled(v, max);
    const e = ddOut[DD_EXP];
    if (e < -1000) tiny += h * powerOfTwo(e + 1000); // summed apart, scaled by 2^1000: rounded once below
    else {
      const sc = powerOfTwo(e);
      const s = rh + h * sc;
      rl += sumError(rh, h * sc, s) + ddOut[DD_LO] * sc;
      rh = s;
    }
    if (v > -Infinity) othersFinite = true;
  }
  const t = rh + tiny * 2 ** -1000;
  rl += sumError(rh, tiny * 2 ** -1000, t);
  const lh = log1pDD(t + rl, (t - (t + rl)) + rl);
  const ll = ddOut[DD_LO];
  for (let k = 0; k < n; k++) {
    const v = src[s0 + k * stride];
    const d = v - max;
    let y = d; // −∞ stays −∞
    if (d > -Infinity) { // (d + its rounding error) − (lh + ll), rounded once
      const s = d - lh;
      y = s + ((sumError(d, -lh, s) + sumError(v, -max, d)) - ll);
    }
    dst[d0 + k * stride] = y === 0 && othersFinite ? -0 : y;
  }
}

// ---- Backward lanes (the VJPs). Each reads a lane of x and the matching lane of the cotangent g
// (same stride; for glu g is half as long) and writes Jᵀg, in float64 with one rounding. ----

/**
 * One lane of a VJP: x at src[s0 + k·stride], g at g[g0 + k·stride], Jᵀg written at
 * dst[d0 + k·stride], k < n (n is x's lane length).
 */
/** A forward lane: reads n values `stride` apart from src at s0, writes its outputs at d0 (glu: n/2). */
export type Lane = (src: NumberArray, s0: number, dst: NumberArray, d0: number, n: number, stride: number, precise: boolean) => void;

/** glu of one lane [a, b]: a·σ(b), half as long. */
export const gluLane: Lane = (src, s0, dst, d0, n, stride) => {
  const half = n / 2;
  for (let k = 0; k < half; k++) {
    dst[d0 + k * stride] = src[s0 + k * stride] * sigmoid(src[s0 + (k + half) * stride]);
  }
};

/** A backward lane: Jᵀg for one lane of x (at s0) and g (at g0, shaped like the forward's output lane). */
export type GradLane = (src: NumberArray, s0: number, g: NumberArray, g0: number, dst: NumberArray, d0: number, n: number, stride: number) => void;

function fillLane(dst: NumberArray, d0: number, n: number, stride: number, value: (k: number) => number): void {
  for (let k = 0; k < n; k++) dst[d0 + k * stride] = value(k);
}

/**
 * VJP of softmax (sign = 1) or softmin (sign = −1): sign·s ⊙ (g − Σⱼ gⱼsⱼ), s recomputed from x
 * (never from the rounded output). Written around the lane's largest entry k as
 *     gᵢ − Σⱼ gⱼsⱼ = (gᵢ − g_k) − Σ_{j≠k} sⱼ(gⱼ − g_k),
 * so that nothing cancels when s_k ≈ 1 (the plain form subtracts two numbers close to g_k).
 * A lane with a +∞ entry (−∞ for softmin) is constant around that point: its VJP is 0 (0·g, so a
 * NaN in g stays NaN). A lane with NaN, or of all −∞, gives NaN, as the forward does.
 */
export function softmaxGradLane(sign: 1 | -1): GradLane {
  return (src, s0, g, g0, dst, d0, n, stride) => {
    const { max, argmax, hasNaN } = laneMax(src, s0, n, stride, sign);
    if (hasNaN || max === -Infinity) return fillLane(dst, d0, n, stride, () => NaN);
    if (max === Infinity) return fillLane(dst, d0, n, stride, (k) => 0 * g[g0 + k * stride]);
    const gk = g[g0 + argmax * stride];
    let sum = 0;
    let dot = 0; // Σ_{j≠k} e_j (g_j − g_k), with e_j = e^(x_j − m)
    for (let j = 0; j < n; j++) {
      const e = expDiff(sign * src[s0 + j * stride], max);
      sum += e;
      if (j !== argmax) dot += e * (g[g0 + j * stride] - gk);
    }
    dot /= sum;
    fillLane(dst, d0, n, stride, (i) => sign * (expDiff(sign * src[s0 + i * stride], max) / sum) * ((g[g0 + i * stride] - gk) - dot));
  };
}

/**
 * VJP of logSoftmax: gᵢ − sᵢ·Σⱼ gⱼ, with s = softmax(x) recomputed from x. For the largest entry
 * k, whose sᵢ may round to 1, it is (1 − s_k)·g_k − s_k·Σ_{j≠k} gⱼ with 1 − s_k = r/(1 + r),
 * r = Σ_{j≠k} e^(xⱼ − m), so nothing cancels. A lane with +∞ entries takes the limit s = 1/c on the
 * c infinite entries and 0 elsewhere (gᵢ − sᵢ·Σg, finite); NaN or all −∞ gives NaN.
 */
export const logSoftmaxGradLane: GradLane = (src, s0, g, g0, dst, d0, n, stride) => {
  const { max, argmax, hasNaN } = laneMax(src, s0, n, stride, 1);
  if (hasNaN || max === -Infinity) return fillLane(dst, d0, n, stride, () => NaN);
  let total = 0;
  for (let j = 0; j < n; j++) total += g[g0 + j * stride];
  if (max === Infinity) {
    let count = 0;
    for (let j = 0; j < n; j++) if (src[s0 + j * stride] === Infinity) count++;
    return fillLane(dst, d0, n, stride, (i) => g[g0 + i * stride] - (src[s0 + i * stride] === Infinity ? total / count : 0));
  }
  let rest = 0;
  let others = 0; // Σ_{j≠k} g_j, summed directly rather than as total − g_k
  for (let j = 0; j < n; j++) {
    if (j === argmax) continue;
    rest += expDiff(src[s0 + j * stride], max);
    others += g[g0 + j * stride];
  }
  const sum = 1 + rest;
  fillLane(dst, d0, n, stride, (i) => (i === argmax
    ? (rest / sum) * g[g0 + i * stride] - others / sum
    : g[g0 + i * stride] - (expDiff(src[s0 + i * stride], max) / sum) * total));
};

/**
 * VJP of glu, x = [a, b] along the lane and g half as long: ∂a = σ(b)·g, ∂b = a·σ'(b)·g with
 * σ' = e^−|b|/(1 + e^−|b|)² (no 1 − σ). Where σ'(b) is 0 (b = ±∞, or |b| > 745 where it
 * underflows) ∂b is 0·g, even for an infinite a: the gate is flat there.
 */
export const gluGradLane: GradLane = (src, s0, g, g0, dst, d0, n, stride) => {
  const half = n / 2;
  for (let k = 0; k < half; k++) {
    const a = src[s0 + k * stride];
    const b = src[s0 + (k + half) * stride];
    const gk = g[g0 + k * stride];
    const ds = sigmoidGrad(b);
    dst[d0 + k * stride] = sigmoid(b) * gk;
    dst[d0 + (k + half) * stride] = ds === 0 ? 0 * gk : (a * ds) * gk;
  }
};
