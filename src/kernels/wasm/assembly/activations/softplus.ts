/** softplus: max(x, 0) + log1p(e^−|x|); softplus' = σ(x). Float64 pairs, rounded once. */
import * as M from '../math';
import { grad4, map64, T_LOW, T_MIN, T_ZERO } from '../drivers';
import { c32, hi64, lo64, mhi, mlo, negAbs32, pack } from '../tail';

/** ln(√2 − 1) rounded to float32 (a hair above): t above it is addLog1pExpF's big branch. */
export const T_BIG: f32 = -0.8813736;

/** max(x, 0) + log1p(e^t), t = max(−|x|, −120). */
@final class Softplus {
  @inline f4(v: v128, a: v128, b: v128): v128 {
    const m = f32x4.pmax(v, c32(0));
    const t = f32x4.pmax(negAbs32(v), c32(T_MIN));
    const big = f32x4.gt(t, c32(T_BIG));
    return pack(M.addLog1pExpF(lo64(m), lo64(t), mlo(big)), M.addLog1pExpF(hi64(m), hi64(t), mhi(big)));
  }
}

/** g·σ(s·x), s = ±1 given as ge = (s·x ≥ 0) and z = (s·x ≤ T_ZERO), float32 masks. */
@inline export function gSigma4(v: v128, g: v128, ge: v128, z: v128): v128 {
  const t = f32x4.pmax(negAbs32(v), c32(T_LOW));
  return pack(M.mul(lo64(g), v128.andnot(M.logisticF(lo64(t), mlo(ge)), mlo(z))),
    M.mul(hi64(g), v128.andnot(M.logisticF(hi64(t), mhi(ge)), mhi(z))));
}
@final class SoftplusG {
  @inline f4(v: v128, g: v128, a: v128, b: v128): v128 {
    return gSigma4(v, g, f32x4.ge(v, c32(0)), f32x4.le(v, c32(T_ZERO)));
  }
}

export function softplus(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map64<Softplus>(dst, src, n, a, b); }
export function softplusGrad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad4<SoftplusG>(dst, x, g, n, a, b); }
