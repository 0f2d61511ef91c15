/**
 * silu: x·σ(x); silu' = σ(x)·(1 + x·(1 − σ(x))). Float64 pairs, rounded once; near the zero of
 * silu' (−1.278) the float64-accurate SiluPrecise.
 */
import * as M from '../math';
import * as R from '../roots.generated';
import { grad4, grad64x4, map64, T_MIN, T_ZERO } from '../drivers';
import { c32, hi64, lo64, mhi, mlo, negAbs32, pack, sel32 } from '../tail';

/**
 * x·σ(x), x bounded below at −120 (silu(−∞) = −120·σ(−120) rounds to −0; silu is −0 in
 * float32 from about −107 on).
 */
@final class Silu {
  @inline f4(v: v128, a: v128, b: v128): v128 {
    const x = f32x4.pmax(v, c32(T_MIN));
    const t = f32x4.pmax(negAbs32(v), c32(T_MIN));
    const ge = f32x4.ge(v, c32(0));
    return pack(M.mul(lo64(x), M.logisticF(lo64(t), mlo(ge))), M.mul(hi64(x), M.logisticF(hi64(t), mhi(ge))));
  }
}

/**
 * silu' with e = e^−|x|: (1 + e·(1 + x))/(1 + e)² for x ≥ 0 and e·(1 + x + e)/(1 + e)² below
 * (1 + x is exact for a float32 x). x is clamped to [−1000, 1000] (silu'(±∞) = 1, −0); the Taylor
 * series near the zero −1.278.
 */
@final class SiluPrecise {
  @inline f(x: v128, g: v128, a: v128, b: v128): v128 {
    const xc = M.maxC(M.minC(x, 1000), -1000);
    const e = M.expNeg(M.negAbs(xc));
    const d = M.add(e, M.c64(1));
    const s = M.add(xc, M.c64(1));
    // One division: the numerators 1 + e·(1 + x) and e·(1 + x + e), over (1 + e)².
    const num = M.select(f64x2.ge(xc, M.c64(0)), M.mad(e, s, M.c64(1)), M.mul(e, M.add(s, e)));
    const main = M.div(num, M.mul(d, d));
    const near = M.taylor(x, R.SILU_R_HI, R.SILU_R_LO, R.SILU_T1, R.SILU_T2, R.SILU_T3, R.SILU_T4, R.SILU_T5);
    return M.mul(g, M.select(M.nearZero(x, R.SILU_R_HI, R.SILU_R_LO), near, main));
  }
}

/**
 * g·silu'(x) from float32 lanes xc (x bounded to ±1000) in float64 pairs, with e = e^−|x| = 2^k·N/D
 * (as M.logisticF): (D² + 2^k·N·D·(1 + x))/(D + 2^k·N)² for x ≥ 0 and
 * 2^k·N·(D·(1 + x) + 2^k·N)/(D + 2^k·N)² below; 2^k·N = 0 where zero (e^−|x| = 0 in Math.exp).
 * Within 2^-30 except near the zero of silu' (x ≈ −1.278), where D·(1 + x) + 2^k·N cancels.
 * Lanes of plusZero give g·(+0) (the f' of the spec there is +0, not silu's −0).
 * geluFastApprox' is silu'(1.702·x).
 */
@inline export function gSiluF(g: v128, x: v128, ge: v128, zero: v128, plusZero: v128): v128 {
  const t = M.maxC(M.negAbs(x), -708);
  const d = M.expRatioD(t);
  const sn = v128.andnot(M.expRatioScaledN(t), zero);
  const den = M.add(d, sn);
  const x1 = M.add(x, M.c64(1));
  const num = M.select(ge, M.mul(d, M.mad(sn, x1, d)), M.mul(sn, M.mad(d, x1, sn)));
  return M.div(M.mul(g, v128.andnot(num, plusZero)), M.mul(den, den));
}
/**
 * silu' on the float32-accuracy path (gSiluF); within 1/8 of its zero −1.278 the cancellation
 * there would amplify e's 2^-32.5 beyond 2^-30, so vectors with a lane in that window (a few
 * percent of normally distributed inputs) take the float64-accurate SiluPrecise there.
 */
@final class SiluG {
  @inline f4(v: v128, g: v128, a: v128, b: v128): v128 {
    const x = f32x4.pmax(f32x4.pmin(v, c32(1000)), c32(-1000));
    const ge = f32x4.ge(v, c32(0)), z = f32x4.le(v, c32(T_ZERO));
    const y = pack(gSiluF(lo64(g), lo64(x), mlo(ge), mlo(z), i64x2.splat(0)), gSiluF(hi64(g), hi64(x), mhi(ge), mhi(z), i64x2.splat(0)));
    const near = f32x4.lt(f32x4.abs(f32x4.sub(v, c32(-1.2784645))), c32(0.125));
    if (!v128.any_true(near)) return y;
    return sel32(near, grad64x4<SiluPrecise>(changetype<SiluPrecise>(0), v, g, a, b), y);
  }
}

export function silu(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map64<Silu>(dst, src, n, a, b); }
export function siluGrad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad4<SiluG>(dst, x, g, n, a, b); }
