/** logSigmoid: −softplus(−x); logSigmoid' = σ(−x). Float64 pairs, rounded once. */
import * as M from '../math';
import { grad4, map64, T_MIN, T_ZERO } from '../drivers';
import { c32, hi64, lo64, mhi, mlo, negAbs32, pack } from '../tail';
import { gSigma4, T_BIG } from './softplus';

/** −softplus(−x), so logSigmoid(+∞) = −0, as the spec. */
@final class LogSigmoid {
  @inline f4(v: v128, a: v128, b: v128): v128 {
    const m = f32x4.pmax(f32x4.neg(v), c32(0));
    const t = f32x4.pmax(negAbs32(v), c32(T_MIN));
    const big = f32x4.gt(t, c32(T_BIG));
    return f32x4.neg(pack(M.addLog1pExpF(lo64(m), lo64(t), mlo(big)), M.addLog1pExpF(hi64(m), hi64(t), mhi(big))));
  }
}
@final class LogSigmoidG {
  @inline f4(v: v128, g: v128, a: v128, b: v128): v128 {
    return gSigma4(v, g, f32x4.le(v, c32(0)), f32x4.ge(v, c32(-T_ZERO)));
  }
}

export function logSigmoid(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map64<LogSigmoid>(dst, src, n, a, b); }
export function logSigmoidGrad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad4<LogSigmoidG>(dst, x, g, n, a, b); }
