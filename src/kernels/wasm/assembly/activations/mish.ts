/**
 * mish: x·tanh(softplus(x)) = x·n/(n + 2), n = e·(e + 2), e = eˣ; mish' = (n·(n + 2) + 4x·e·(1 + e))/(n + 2)².
 * Float64 pairs, rounded once; near the zero of mish' (−1.192) the float64-accurate MishPrecise.
 */
import * as M from '../math';
import * as R from '../roots.generated';
import { grad4, grad64x4, map64, T_LOW, T_MIN, T_ZERO } from '../drivers';
import { c32, hi64, lo64, mhi, mlo, pack, sel32 } from '../tail';

/**
 * x is bounded below at −120 (mish(−∞) = −0, not −∞·0) and e taken at min(x, 30) (beyond,
 * n/(n + 2) rounds to 1).
 */
@inline function mishOf(x: v128): v128 {
  const e = M.expF(M.minC(x, 30));
  const n = M.mul(e, M.add(e, M.c64(2)));
  return M.div(M.mul(x, n), M.add(n, M.c64(2)));
}
@final class Mish {
  @inline f4(v: v128, a: v128, b: v128): v128 {
    const x = f32x4.pmax(v, c32(T_MIN));
    return pack(mishOf(lo64(x)), mishOf(hi64(x)));
  }
}

/** 1 beyond x = 30, e·(1 + x) (silu's tail) below −30, where n/(n + 2)… underflow is harmless but −∞·0 is not. */
@final class MishPrecise {
  @inline f(x: v128, g: v128, a: v128, b: v128): v128 {
    const xc = M.maxC(M.minC(x, 30), -1000);
    const e = M.expSub(xc);
    const n = M.mul(e, M.add(e, M.c64(2)));
    const d = M.add(n, M.c64(2));
    const main = M.div(M.add(M.mul(n, d), M.mul(M.mul(M.c64(4), xc), M.mul(e, M.add(e, M.c64(1))))), M.mul(d, d));
    const tail = M.mul(e, M.add(xc, M.c64(1)));
    const near = M.taylor(x, R.MISH_R_HI, R.MISH_R_LO, R.MISH_T1, R.MISH_T2, R.MISH_T3, R.MISH_T4, R.MISH_T5);
    const v = M.select(f64x2.gt(x, M.c64(30)), M.c64(1), M.select(f64x2.lt(x, M.c64(-30)), tail, main));
    return M.mul(g, M.select(M.nearZero(x, R.MISH_R_HI, R.MISH_R_LO), near, v));
  }
}

/**
 * g·mish'(x) from float32 lanes x bounded to [−1000, 30] (beyond 30 the quotient is 1 in float64)
 * and e = expF(max(x, −708)); −0 where eˣ is 0 in Math.exp (zero), as MishPrecise's tail e·(1 + x).
 */
@inline function gMishF(g: v128, x: v128, xe: v128, zero: v128): v128 {
  const e = M.expF(xe);
  const n = M.mul(e, M.add(e, M.c64(2)));
  const d = M.add(n, M.c64(2));
  const v = M.div(M.mad(n, d, M.mul(M.mul(M.c64(4), x), M.mad(e, e, e))), M.mul(d, d));
  return M.mul(g, M.select(zero, M.c64(-0.0), v));
}
/** mish' on the float32-accuracy path; within 1/8 of its zero x ≈ −1.19, MishPrecise for the vector. */
@final class MishG {
  @inline f4(v: v128, g: v128, a: v128, b: v128): v128 {
    const x = f32x4.pmax(f32x4.pmin(v, c32(30)), c32(-1000));
    const xe = f32x4.pmax(x, c32(T_LOW));
    const z = f32x4.le(v, c32(T_ZERO));
    const y = pack(gMishF(lo64(g), lo64(x), lo64(xe), mlo(z)), gMishF(hi64(g), hi64(x), hi64(xe), mhi(z)));
    const near = f32x4.lt(f32x4.abs(f32x4.sub(v, c32(<f32>R.MISH_R_HI))), c32(0.125));
    if (!v128.any_true(near)) return y;
    return sel32(near, grad64x4<MishPrecise>(changetype<MishPrecise>(0), v, g, a, b), y);
  }
}

export function mish(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map64<Mish>(dst, src, n, a, b); }
export function mishGrad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad4<MishG>(dst, x, g, n, a, b); }
