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

// T(z) ≈ Σ 2/(2n+1)·z^(n−1) on 0 ≤ z ≤ 0.02944 (|s| ≤ 0.1716), degree 6 (mpmath's chebyfit): |error| below
// 2^-51.5, which moves log1p = 2s + s³·T by under 2^-57.6 of itself (s³·δT/(2s) = z·δT/2).
const A0: f64 = 0.666666666666667;
const A1: f64 = 0.39999999999899505;
const A2: f64 = 0.2857142862597604;
const A3: f64 = 0.2222221113470439;
const A4: f64 = 0.18182889131869306;
const A5: f64 = 0.15331721380921012;
const A6: f64 = 0.1461645239982644;

/** T(z) of the A coefficients by Estrin's scheme. */
@inline function atanhTail6(z: v128): v128 {
  const z2 = M.mul(z, z);
  const p01 = M.add(c64(A0), M.mul(c64(A1), z));
  const p23 = M.add(c64(A2), M.mul(c64(A3), z));
  const p45 = M.add(c64(A4), M.mul(c64(A5), z));
  return M.add(M.add(p01, M.mul(z2, p23)), M.mul(M.mul(z2, z2), M.add(p45, M.mul(z2, c64(A6)))));
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

/**
 * log1p(w) = L + Ll (part 0 the rounded L, part 1 Ll) for 0 ≤ w ≤ 1, w = wh + wl, within 0.6 ULP:
 * log1pDD's reduction, the series' tail of degree 6 (atanhTail6), s = v/(2 + v) the rounded
 * quotient q plus its correction c (M.divFast): 2q exact, q's rounding (≤ 0.5 ULP of s, so of L)
 * the only error above 2^-56.
 */
@inline export function log1pFast(wh: v128, wl: v128, part: i32 = 0): v128 {
  const big = gt(wh, c64(0.41421356237309503));
  const w1 = M.sub(wh, c64(1));
  const vh = sel(big, M.mul(w1, c64(0.5)), wh);
  const vl = sel(big, M.mul(M.add(M.fastSumErr(c64(-1), wh, w1), wl), c64(0.5)), wl); // exact: w ≤ 1
  const dh = M.add(c64(2), vh);
  const dl = M.add(M.fastSumErr(c64(2), vh, dh), vl);
  const q = M.divFast(vh, vl, dh, dl, 1);
  const c = M.divFast(vh, vl, dh, dl, 2);
  const z = M.mul(q, q);
  const t = M.mul(M.mul(q, z), atanhTail6(z));
  const a = v128.and(big, c64(LN2_HI));
  const s2 = M.add(q, q);
  const hi = M.add(a, s2);
  const lo = M.add(M.add(M.fastSumErr(a, s2, hi), M.add(c, c)), M.add(t, v128.and(big, c64(LN2_LO)))); // |a| ≥ |2q|
  const l = M.add(hi, lo);
  return part == 0 ? l : M.fastSumErr(hi, lo, l);
}

/**
 * softplus(x) = max(x, 0) + log1p(e^−|x|): e = e^−|x| to 2^-55 (M.onePlusExp), log1p within 0.6
 * ULP (log1pFast; 0.8 with e's error), the sum's error carried, rounded once: 1.3 ULP. Beyond |x| = 40 it is x (x > 0)
 * or eˣ (log1p(w) = w to 2^-58), eˣ scaled last so that subnormal values round once.
 */
@inline export function softplusOf(x: v128): v128 {
  const t = M.maxC(M.negAbs(x), -X_MAX);
  const wh = M.onePlusExp(t), wl = M.onePlusExp(t, 1);
  const lh = log1pFast(wh, wl), ll = log1pFast(wh, wl, 1);
  const pos = gt(x, c64(0));
  const a = v128.and(pos, x);
  const s = M.add(a, lh);
  const near = M.add(s, M.add(M.sumErr(a, lh, s), ll));
  const far = gt(f64x2.abs(x), c64(40));
  return v128.any_true(far) ? sel(far, sel(pos, x, M.expScaled(t)), near) : near; // rare: a branch per vector
}

@final class Softplus {
  @inline f(x: v128, a: v128, b: v128): v128 { return softplusOf(x); }
  /** softplus' = σ(x) within 1.2 ULP, times g rounded once (M.gSigmoidFast). */
  @inline d(x: v128, g: v128, a: v128, b: v128): v128 { return M.gSigmoidFast(x, g); }
}

export function softplusF64(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map<Softplus>(dst, src, n, a, b); }
export function softplusF64Grad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad<Softplus>(dst, x, g, n, a, b); }
