import * as M from './math';
import { c64, select as sel } from './math';
import { X_MAX, grad, gt, map } from './drivers';

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

/** T(z) of the A coefficients by Estrin's scheme. */
@inline function atanhTail10(z: v128): v128 {
  const z2 = M.mul(z, z);
  const z4 = M.mul(z2, z2);
  const p01 = M.add(c64(A0), M.mul(c64(A1), z));
  const p23 = M.add(c64(A2), M.mul(c64(A3), z));
  const p45 = M.add(c64(A4), M.mul(c64(A5), z));
  const p67 = M.add(c64(A6), M.mul(c64(A7), z));
  const p8 = M.add(M.add(c64(A8), M.mul(c64(A9), z)), M.mul(z2, c64(A10)));
  return M.add(M.add(p01, M.mul(z2, p23)), M.mul(z4, M.add(M.add(p45, M.mul(z2, p67)), M.mul(z4, p8))));
}

/**
 * log1p(w) = L + Ll (part 0 the rounded L, part 1 Ll) for 0 ≤ w ≤ 1, w = wh + wl, within 0.6 ULP:
 * 2s + s³·T(s²) with s = w/(2 + w) ≤ 1/3 the rounded quotient q plus its correction c (M.divFast):
 * 2q exact, q's rounding (≤ 0.5 ULP of s, so of L ≥ 2s) the only error above 2^-56.
 */
@inline export function log1pFast(wh: v128, wl: v128, part: i32 = 0): v128 {
  const dh = M.add(c64(2), wh);
  const dl = M.add(M.fastSumErr(c64(2), wh, dh), wl);
  const q = M.divFast(wh, wl, dh, dl, 1);
  const z = M.mul(q, q);
  const s2 = M.add(q, q);
  const lo = M.add(M.add(M.divFast(wh, wl, dh, dl, 2), M.divFast(wh, wl, dh, dl, 2)), M.mul(M.mul(q, z), atanhTail10(z)));
  const l = M.add(s2, lo);
  return part == 0 ? l : M.fastSumErr(s2, lo, l);
}

/**
 * softplus(x) = max(x, 0) + log1p(e^−|x|): e = e^−|x| to 2^-55 (M.onePlusExp), log1p within 0.6
 * ULP (log1pFast; 0.8 with e's error), the sum's error carried, rounded once: 1.3 ULP. Beyond |x| = 40 it is x (x > 0)
 * or eˣ (log1p(w) = w to 2^-58), eˣ scaled last so that subnormal values round once.
 */
@inline export function softplusOf(x: v128): v128 {
  const t = M.negAbs(x); // unbounded: the lanes beyond |x| = 40 are taken from `far`
  const wh = M.onePlusExp(t, 0, false, true), wl = M.onePlusExp(t, 1, false, true);
  const lh = log1pFast(wh, wl), ll = log1pFast(wh, wl, 1);
  const pos = gt(x, c64(0));
  const a = v128.and(pos, x);
  const s = M.add(a, lh);
  const near = M.add(s, M.add(M.fastSumErr(f64x2.pmax(a, lh), f64x2.pmin(a, lh), s), ll)); // a, lh ≥ 0
  const far = gt(f64x2.abs(x), c64(40));
  return v128.any_true(far) ? sel(far, sel(pos, x, M.expScaled(M.maxC(t, -X_MAX))), near) : near; // rare: a branch per vector
}

@final class Softplus {
  @inline f(x: v128, a: v128, b: v128): v128 { return softplusOf(x); }
  /** softplus' = σ(x) within 1.2 ULP, times g rounded once (M.gSigmoidFast). */
  @inline d(x: v128, g: v128, a: v128, b: v128): v128 { return M.gSigmoidFast(x, g); }
}

export function softplusF64(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map<Softplus>(dst, src, n, a, b); }
export function softplusF64Grad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad<Softplus>(dst, x, g, n, a, b); }
