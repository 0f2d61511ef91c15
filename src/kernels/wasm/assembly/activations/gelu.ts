/**
 * gelu (exact): x·Φ(x); gelu' = Φ(x) + x·φ(x). Float64 pairs, rounded once; the backward is
 * float64-accurate throughout, with the Taylor series near the zero of gelu' (−0.752).
 */
import * as M from '../math';
import * as R from '../roots.generated';
import { SQRT1_2 } from '../coefficients.generated';
import { grad64, map64 } from '../drivers';
import { c32, hi64, lo64, mhi, mlo, pack } from '../tail';

const INV_SQRT_2PI: f64 = 0.3989422804014327;

/**
 * Φ(x) = 1 − erfc(z)/2 for x ≥ 0 and erfc(z)/2 below, z = |x|/√2: never 1 + erf, which cancels
 * for negative x. x is bounded below at −15, where gelu is −5e-50 (−0 in float32), and |x| above
 * at 15 for erfc (beyond, 1 − erfc(z)/2 is 1 in float64).
 * For 0 < |x| < 2^-100 the value is x/2 + 0.399·x², a hair above x/2: x/2 itself is exact in
 * float64 and the float32 rounding of it can be a tie (subnormal results), so it is nudged one
 * float64 ULP toward +∞ to round as the exact value does (±0 nudged is ±5e-324, still ±0 in
 * float32). The masks tiny (|x| < 2^-100) and neg (x < 0) come from the float32 lanes.
 */
@inline function geluOf(x: v128, xa: v128, ge: v128, tiny: v128, neg: v128): v128 {
  const h = M.mul(M.erfcOfScaledF(xa, M.mul(xa, M.c64(SQRT1_2))), M.c64(0.5));
  const y = M.mul(x, M.select(ge, M.sub(M.c64(1), h), h));
  const up = i64x2.add(M.mul(x, M.c64(0.5)), v128.or(neg, i64x2.splat(1))); // bits + 1, or − 1 below 0
  return M.select(tiny, up, y);
}
@final class Gelu {
  @inline f4(v: v128, a: v128, b: v128): v128 {
    const x = f32x4.pmax(v, c32(-15));
    const xa = f32x4.pmin(f32x4.abs(x), c32(15));
    const ge = f32x4.ge(v, c32(0));
    const tiny = f32x4.lt(f32x4.abs(v), c32(7.888609052210118e-31));
    const neg = f32x4.lt(v, c32(0));
    return pack(
      geluOf(lo64(x), lo64(xa), mlo(ge), mlo(tiny), mlo(neg)),
      geluOf(hi64(x), hi64(xa), mhi(ge), mhi(tiny), mhi(neg)));
  }
}

/**
 * Φ from erfc (never 1 + erf); beyond |x| = 15 (the erfc fit's range)
 * Φ(−|x|) = φ(x)/|x|·(1 − 1/x² + 3/x⁴ − 15/x⁶) (relative error < 1e-7 there, on a term 1/x² of
 * the result). As the spec: 1 above 9, −0 from −39 down (|f'| < 2^-1080 there).
 */
@final class GeluG {
  @inline f(x: v128, g: v128, a: v128, b: v128): v128 {
    const ax = M.minC(f64x2.abs(x), 39);
    const xs = M.copysign(ax, x);
    const phi = M.mul(M.expNeg(M.mul(M.mul(ax, ax), M.c64(-0.5))), M.c64(INV_SQRT_2PI));
    const a15 = M.minC(ax, 15);
    const hFit = M.mul(M.erfcOfScaled(a15, M.mul(a15, M.c64(SQRT1_2))), M.c64(0.5));
    const inv = M.div(M.c64(1), ax);
    const r = M.mul(inv, inv);
    const q = M.sub(M.c64(1), M.mul(r, M.sub(M.c64(1), M.mul(r, M.sub(M.c64(3), M.mul(r, M.c64(15)))))));
    const hAsym = M.mul(M.mul(phi, q), inv);
    const h = M.select(f64x2.gt(ax, M.c64(15)), hAsym, hFit); // Φ(−|x|)
    const sum = M.add(M.select(f64x2.ge(x, M.c64(0)), M.sub(M.c64(1), h), h), M.mul(xs, phi));
    // f' < 0 below its zero: an underflowed sum (0 + −0 = +0) gets the sign the spec's −0 has.
    const main = M.select(f64x2.lt(x, M.c64(-1)), f64x2.neg(f64x2.abs(sum)), sum);
    const near = M.taylor(x, R.GELU_R_HI, R.GELU_R_LO, R.GELU_T1, R.GELU_T2, R.GELU_T3, R.GELU_T4, R.GELU_T5);
    const v = M.select(f64x2.gt(x, M.c64(9)), M.c64(1), M.select(f64x2.le(x, M.c64(-39)), M.c64(-0.0), main));
    return M.mul(g, M.select(M.nearZero(x, R.GELU_R_HI, R.GELU_R_LO), near, v));
  }
}

export function gelu(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map64<Gelu>(dst, src, n, a, b); }
export function geluGrad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad64<GeluG>(dst, x, g, n, a, b); }
