/**
 * geluFastApprox: x·σ(1.702·x); geluFastApprox' = σ(h) + h·σ'(h) = silu'(h), h = 1.702·x. Float64
 * pairs, rounded once; near the zero of geluFastApprox' (−0.751) the float64-accurate GeluFastPrecise.
 */
import * as M from '../math';
import * as R from '../roots.generated';
import { grad4, grad64x4, map64 } from '../drivers';
import { c32, hi64, lo64, mhi, mlo, negAbs32, pack, sel32 } from '../tail';
import { gSiluF } from './silu';

const GELU_FAST_K: f64 = 1.702;

/**
 * x is bounded below at −70 (σ(−119) ≈ 2e-52: the result is −0 in float32), and σ's argument is
 * −1.702·min(|x|, 70).
 */
@inline function geluFastOf(x: v128, t: v128, ge: v128): v128 {
  return M.mul(x, M.logisticF(M.mul(t, M.c64(GELU_FAST_K)), ge));
}
@final class GeluFastApprox {
  @inline f4(v: v128, a: v128, b: v128): v128 {
    const x = f32x4.pmax(v, c32(-70));
    const t = f32x4.pmax(negAbs32(v), c32(-70));
    const ge = f32x4.ge(v, c32(0));
    return pack(geluFastOf(lo64(x), lo64(t), mlo(ge)), geluFastOf(hi64(x), hi64(t), mhi(ge)));
  }
}

/** σ(h) + h·σ'(h); 1 above 30 and 0 below −450 (as the spec). */
@final class GeluFastPrecise {
  @inline f(x: v128, g: v128, a: v128, b: v128): v128 {
    // The clamp alone gives the cut-offs: f'(30) is 1 and f'(−450) is +0 in float64.
    const h = M.mul(M.maxC(M.minC(x, 30), -450), M.c64(GELU_FAST_K));
    const e = M.expNeg(M.negAbs(h));
    const r = M.div(M.c64(1), M.add(e, M.c64(1)));
    // σ(h) + h·σ'(h) = r·((h ≥ 0 ? 1 : e) + h·e·r): one division.
    const main = M.mul(r, M.mad(h, M.mul(e, r), M.select(f64x2.ge(h, M.c64(0)), M.c64(1), e)));
    const near = M.taylor(x, R.GELU_FAST_R_HI, R.GELU_FAST_R_LO, R.GELU_FAST_T1, R.GELU_FAST_T2, R.GELU_FAST_T3, R.GELU_FAST_T4, R.GELU_FAST_T5);
    return M.mul(g, M.select(M.nearZero(x, R.GELU_FAST_R_HI, R.GELU_FAST_R_LO), near, main));
  }
}

/**
 * silu'(h) by gSiluF, x bounded to [−450, 30] in float32 first (as GeluFastPrecise: 1 above, +0
 * where e^h is 0); within 1/16 of the zero x ≈ −0.751 (1/9.4 in h) vectors with a lane there take
 * GeluFastPrecise.
 */
@final class GeluFastApproxG {
  @inline f4(v: v128, g: v128, a: v128, b: v128): v128 {
    const x = f32x4.pmax(f32x4.pmin(v, c32(30)), c32(-450));
    const ge = f32x4.ge(v, c32(0));
    const hl = M.mul(lo64(x), M.c64(GELU_FAST_K)), hh = M.mul(hi64(x), M.c64(GELU_FAST_K));
    const zl = f64x2.lt(hl, M.c64(M.EXP_ZERO)), zh = f64x2.lt(hh, M.c64(M.EXP_ZERO));
    const y = pack(gSiluF(lo64(g), hl, mlo(ge), zl, zl), gSiluF(hi64(g), hh, mhi(ge), zh, zh));
    const near = f32x4.lt(f32x4.abs(f32x4.sub(v, c32(-0.75115424))), c32(0.0625));
    if (!v128.any_true(near)) return y;
    return sel32(near, grad64x4<GeluFastPrecise>(changetype<GeluFastPrecise>(0), v, g, a, b), y);
  }
}

export function geluFastApprox(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map64<GeluFastApprox>(dst, src, n, a, b); }
export function geluFastApproxGrad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad4<GeluFastApproxG>(dst, x, g, n, a, b); }
