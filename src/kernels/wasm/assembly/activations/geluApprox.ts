/**
 * geluApprox: x·σ(2u), u = √(2/π)·(x + 0.044715·x³); geluApprox' = σ(2u) + x·σ'(2u)·2u'.
 * Float64 pairs, rounded once; near the zero of geluApprox' (−0.752) the float64-accurate
 * GeluApproxPrecise.
 */
import * as M from '../math';
import * as R from '../roots.generated';
import { grad4, grad64x4, map64 } from '../drivers';
import { c32, hi64, lo64, mhi, mlo, pack, sel32 } from '../tail';

const GELU_C: f64 = 0.7978845608028654; // √(2/π)
const GELU_K: f64 = 0.044715;

/**
 * x² is exact for a float32 x, and σ(2u) magnifies u's few roundings by 2|u| < 200 where the
 * result is not 0: within 2^-44. x is bounded below at −30 (the result is −0 from about −13 on);
 * 2u, of the sign of x, at −120 as σ's argument.
 */
@inline function geluApproxOf(x: v128, ge: v128): v128 {
  const u = M.mul(M.c64(GELU_C), M.mad(M.mul(M.mul(x, x), x), M.c64(GELU_K), x));
  const t = M.maxC(v128.or(M.add(u, u), i64x2.splat(0x8000000000000000)), -120);
  return M.mul(x, M.logisticF(t, ge));
}
@final class GeluApprox {
  @inline f4(v: v128, a: v128, b: v128): v128 {
    const x = f32x4.pmax(v, c32(-30));
    const ge = f32x4.ge(v, c32(0));
    return pack(geluApproxOf(lo64(x), mlo(ge)), geluApproxOf(hi64(x), mhi(ge)));
  }
}

/**
 * s + x·σ'(2u)·2u', s = σ(2u), u' = √(2/π)·(1 + 3·0.044715·x²); 1 above 10 and 0 below −30 (as
 * the spec).
 */
@final class GeluApproxPrecise {
  @inline f(x: v128, g: v128, a: v128, b: v128): v128 {
    const xc = M.maxC(M.minC(x, 10), -30);
    const x2 = M.mul(xc, xc);
    const u = M.mul(M.c64(GELU_C), M.mad(M.mul(x2, xc), M.c64(GELU_K), xc));
    const du = M.mul(M.c64(GELU_C), M.mad(x2, M.c64(3 * GELU_K), M.c64(1)));
    const t = M.add(u, u);
    const e = M.expNeg(M.negAbs(t));
    const r = M.div(M.c64(1), M.add(e, M.c64(1)));
    // s + x·σ'(2u)·2u' = r·((t ≥ 0 ? 1 : e) + x·e·r·2u'): one division.
    const main = M.mul(r, M.mad(M.mul(xc, M.mul(e, r)), M.add(du, du), M.select(f64x2.ge(t, M.c64(0)), M.c64(1), e)));
    const near = M.taylor(x, R.GELU_APPROX_R_HI, R.GELU_APPROX_R_LO, R.GELU_APPROX_T1, R.GELU_APPROX_T2, R.GELU_APPROX_T3, R.GELU_APPROX_T4, R.GELU_APPROX_T5);
    const v = M.select(f64x2.gt(x, M.c64(10)), M.c64(1), M.select(f64x2.lt(x, M.c64(-30)), M.c64(0), main));
    return M.mul(g, M.select(M.nearZero(x, R.GELU_APPROX_R_HI, R.GELU_APPROX_R_LO), near, v));
  }
}

/**
 * σ(t) + x·σ'(t)·2u', t = 2u: with e^−|t| = 2^k·N/D (as M.logisticF),
 * [(t ≥ 0 ? D : 2^k·N)·(D + 2^k·N) + 2x·u'·2^k·N·D]/(D + 2^k·N)², one division. x bounded to
 * [−30, 10] in float32 (1 above, as GeluApproxPrecise; +0 where e^t is 0, which covers x < −30).
 */
@inline function gGeluApproxF(g: v128, x: v128, ge: v128): v128 {
  const x2 = M.mul(x, x);
  const u = M.mul(M.c64(GELU_C), M.mad(M.mul(x2, x), M.c64(GELU_K), x));
  const du2 = M.mul(M.c64(2 * GELU_C), M.mad(x2, M.c64(3 * GELU_K), M.c64(1)));
  const ta = M.negAbs(M.add(u, u));
  const zero = f64x2.lt(ta, M.c64(M.EXP_ZERO));
  const t = M.maxC(ta, -708);
  const d = M.expRatioD(t);
  const sn = v128.andnot(M.expRatioScaledN(t), zero);
  const den = M.add(d, sn);
  const num = M.mad(M.select(ge, d, sn), den, M.mul(M.mul(x, du2), M.mul(sn, d)));
  return M.div(M.mul(g, v128.andnot(num, zero)), M.mul(den, den));
}
/** Within 1/16 of the zero x ≈ −0.75 vectors with a lane there take GeluApproxPrecise. */
@final class GeluApproxG {
  @inline f4(v: v128, g: v128, a: v128, b: v128): v128 {
    const x = f32x4.pmax(f32x4.pmin(v, c32(10)), c32(-30));
    const ge = f32x4.ge(v, c32(0));
    const y = pack(gGeluApproxF(lo64(g), lo64(x), mlo(ge)), gGeluApproxF(hi64(g), hi64(x), mhi(ge)));
    const near = f32x4.lt(f32x4.abs(f32x4.sub(v, c32(<f32>R.GELU_APPROX_R_HI))), c32(0.0625));
    if (!v128.any_true(near)) return y;
    return sel32(near, grad64x4<GeluApproxPrecise>(changetype<GeluApproxPrecise>(0), v, g, a, b), y);
  }
}

export function geluApprox(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map64<GeluApprox>(dst, src, n, a, b); }
export function geluApproxGrad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad4<GeluApproxG>(dst, x, g, n, a, b); }
