import * as M from './math';
import { c64, select as sel } from './math';
import { X_MAX, gradRare, gt, lt, mapRare } from './drivers';

// ln 2 as a double-double, and the atanh series of log1p: log1p(v) = 2s + s³·Σ 2/(2n+1)·s^(2n−2), s = v/(2 + v).
const LN2_HI: f64 = 0.6931471805599453;
const LN2_LO: f64 = 2.3190468138462996e-17;

/** Σ 2/(2n+1)·z^(n−1), n = 1…10, by Estrin's scheme (z = s²): log1p(v) = 2s + s³·this. */
@inline function atanhTail(z: v128): v128 {
  const z2 = M.mul(z, z);
  const z4 = M.mul(z2, z2);
  const z8 = M.mul(z4, z4);
  const p01 = M.add(c64(2.0 / 3), M.mul(c64(2.0 / 5), z));
  const p23 = M.add(c64(2.0 / 7), M.mul(c64(2.0 / 9), z));
  const p45 = M.add(c64(2.0 / 11), M.mul(c64(2.0 / 13), z));
  const p67 = M.add(c64(2.0 / 15), M.mul(c64(2.0 / 17), z));
  const p89 = M.add(c64(2.0 / 19), M.mul(c64(2.0 / 21), z));
  return M.add(M.add(M.add(p01, M.mul(z2, p23)), M.mul(z4, M.add(p45, M.mul(z2, p67)))), M.mul(z8, p89));
}

/**
 * log1p(w) as a double-double (parts 0 and 1) for 0 ≤ w ≤ 1, w = wh + wl: above √2 − 1 as
 * ln 2 + log1p((w − 1)/2), so that |s| ≤ 0.172 and ten terms of the series leave 2^-60.
 */
@inline export function log1pDD(wh: v128, wl: v128, part: i32 = 0): v128 {
  const big = gt(wh, c64(0.41421356237309503));
  const w1 = M.sub(wh, c64(1));
  const vh = sel(big, M.mul(w1, c64(0.5)), wh);
  const vl = sel(big, M.mul(M.add(M.sumErr(wh, c64(-1), w1), wl), c64(0.5)), wl);
  const dh = M.add(c64(2), vh);
  const dl = M.add(M.fastSumErr(c64(2), vh, dh), vl);
  const s = M.divDD(vh, vl, dh, dl);
  const sl = M.divDD(vh, vl, dh, dl, 1);
  const z = M.mul(s, s);
  const t = M.mul(M.mul(s, z), atanhTail(z));
  const s2 = M.add(s, s);
  const h1 = M.add(s2, t);
  const e1 = M.add(M.fastSumErr(s2, t, h1), M.add(sl, sl));
  return M.addDD(v128.and(big, c64(LN2_HI)), v128.and(big, c64(LN2_LO)), h1, e1, part);
}

// T(z) ≈ Σ 2/(2n+1)·z^(n−1) on 0 ≤ z ≤ 1/9 (|s| ≤ 1/3: w ≤ 1 needs no reduction), degree 10 (mpmath's
// chebyfit): the error moves log1p = 2s + s³·T by under 2^-58.6 of itself (s³·δT/(2s) = z·δT/2).
const A0: f64 = 0.6666666666666666;
const A1: f64 = 0.39999999999999525;
const A2: f64 = 0.285714285716001;
const A3: f64 = 0.22222222198236563;
const A4: f64 = 0.18181819897975762;
const A5: f64 = 0.15384543964389608;
const A6: f64 = 0.13335178641747528;
const A7: f64 = 0.11734278922509332;
const A8: f64 = 0.1084517952110855;
const A9: f64 = 0.07492138752626487;
const A10: f64 = 0.15630587369655427;

/** T(z) of the A coefficients by Horner's scheme (fewer live registers than Estrin's: faster here). */
@inline function atanhTail10(z: v128): v128 {
  let p = M.add(c64(A9), M.mul(c64(A10), z));
  p = M.add(c64(A8), M.mul(p, z));
  p = M.add(c64(A7), M.mul(p, z));
  p = M.add(c64(A6), M.mul(p, z));
  p = M.add(c64(A5), M.mul(p, z));
  p = M.add(c64(A4), M.mul(p, z));
  p = M.add(c64(A3), M.mul(p, z));
  p = M.add(c64(A2), M.mul(p, z));
  p = M.add(c64(A1), M.mul(p, z));
  return M.add(c64(A0), M.mul(p, z));
}

/**
 * softplus(x) = a + log1p(w), a = max(x, 0), w = e^−|x| = 2^k·(e + el) ≤ 1 (M.expBits, 2^-55;
 * |x| is bounded at 708, beyond which log1p(w) is below half an ULP of x), for x ≥ −708 (the careful
 * path takes the lanes beyond |x| = 700). log1p(w) = 2s + s³·T(s²), s = w/(2 + w) ≤ 1/3, formed as
 * E/(E + P), E = e + el, P = 2^(1−k) (no product by 2^k before the division): the denominator
 * dh + dl exact (P ≥ 2 > e), one division, the rounded q = e/dh, and its first-order correction
 * c = (el − q·dl)/(P + E) with 1/(P + E) = (1 − s)/P (1 − q instead of 1 − s errs by 2^-51, c by
 * 2^-100 of s). 2q is exact; q's rounding (≤ 0.5 ULP of s, so of L ≥ 2s) is the one error above
 * 2^-56: a + 2q is carried exactly and lo = 2c + q³·T (under L/27: its roundings 2^-56.7 of L, T's
 * 2^-58.6) added last. With w's 2^-55 and the final rounding: 1.35 ULP (relative to L; a + L only
 * shrinks it, a, L ≥ 0); measured 1.10 on a dense sweep.
 */
@inline function softplusNear(x: v128): v128 {
  const t = M.maxC(M.negAbs(x), -708);
  const e = M.expBits(t, 0, false), el = M.expBits(t, 1, false), sk = i64x2.shl(M.expBits(t, 2, false), 52); // sk = 2^k
  const p = i64x2.sub(i64x2.splat(0x7ff0000000000000), sk); // 2^(1−k): exponent bits 2047 − (k + 1023)
  const dh = M.add(p, e);
  const dl = M.add(M.fastSumErr(p, e, dh), el);
  const q = M.div(e, dh);
  const c = M.mul(M.sub(el, M.mul(q, dl)), M.mul(M.sub(c64(1), q), i64x2.sub(sk, i64x2.splat(0x0010000000000000)))); // 1/P = 2^(k−1)
  const z = M.mul(q, q);
  const s2 = M.add(q, q);
  const lo = M.add(M.add(c, c), M.mul(M.mul(q, z), atanhTail10(z)));
  const a = v128.and(gt(x, c64(0)), x);
  const s = M.add(a, s2);
  return M.add(s, M.add(M.fastSumErr(f64x2.pmax(a, s2), f64x2.pmin(a, s2), s), lo));
}

/**
 * softplus(x): softplusNear, and with `careful` (the lanes beyond |x| = 700) x above (log1p(w) is
 * below 2^-1000; +∞ stays +∞) and eˣ below (log1p(w) = w to 2^-700, where w nears the subnormals),
 * scaled last so that subnormal values round once.
 */
@inline export function softplusOf(x: v128, careful: bool): v128 {
  const y = softplusNear(x);
  if (!careful) return y;
  return sel(lt(x, c64(-700)), M.expScaled(M.maxC(x, -X_MAX)), sel(gt(x, c64(700)), x, y));
}

/** The careful lanes (|x| beyond 700; below −700 for f') run behind a scan of each block (mapRare, gradRare). */
@final class Softplus {
  @inline fRare(x: v128): v128 { return gt(f64x2.abs(x), c64(700)); }
  @inline f(x: v128, a: v128, b: v128, careful: bool): v128 { return softplusOf(x, careful); }
  @inline dRare(x: v128): v128 { return lt(x, c64(-700)); }
  /** softplus' = σ(x) within 1.2 ULP, times g rounded once (M.gSigmoidCareful). */
  @inline d(x: v128, g: v128, a: v128, b: v128, careful: bool): v128 { return M.gSigmoidCareful(x, g, careful); }
}

export function softplusF64(dst: usize, src: usize, n: i32, a: f64, b: f64): void { mapRare<Softplus>(dst, src, n, a, b, true); }
export function softplusF64Grad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { gradRare<Softplus>(dst, x, g, n, a, b); }
