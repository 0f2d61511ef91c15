/** sigmoid: 1/(1 + e⁻ˣ); sigmoid' = e/(1 + e)², e = e^−|x|. Float64 pairs, rounded once. */
import * as M from '../math';
import { grad4, map64, T_LOW, T_MIN, T_ZERO } from '../drivers';
import { c32, hi64, lo64, mhi, mlo, negAbs32, pack } from '../tail';

/** logistic(max(−|x|, −120)), M.logisticF. */
@final class Sigmoid {
  @inline f4(v: v128, a: v128, b: v128): v128 {
    const t = f32x4.pmax(negAbs32(v), c32(T_MIN));
    const ge = f32x4.ge(v, c32(0));
    return pack(M.logisticF(lo64(t), mlo(ge)), M.logisticF(hi64(t), mhi(ge)));
  }
}

/** g·c·σ'(t) for float32 lanes t (the argument of σ), with σ' = 0 where e^−|t| is 0 (c·g exact). */
@inline export function gDsigmoid4(v: v128, g: v128, c: f64): v128 {
  const na = negAbs32(v);
  const t = f32x4.pmax(na, c32(T_LOW));
  const z = f32x4.le(na, c32(T_ZERO));
  return pack(M.gLogisticDerivF(M.mul(lo64(g), M.c64(c)), lo64(t), mlo(z)),
    M.gLogisticDerivF(M.mul(hi64(g), M.c64(c)), hi64(t), mhi(z)));
}
@final class SigmoidG { @inline f4(v: v128, g: v128, a: v128, b: v128): v128 { return gDsigmoid4(v, g, 1); } }

export function sigmoid(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map64<Sigmoid>(dst, src, n, a, b); }
export function sigmoidGrad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad4<SigmoidG>(dst, x, g, n, a, b); }
