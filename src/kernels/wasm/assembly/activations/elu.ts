/**
 * elu: x ≥ 0 ? x : α·expm1(x); elu' = x > 0 ? 1 : α·eˣ. With α = 1 (the default) the forward is
 * four float32 lanes (M4.expm1Neg4, within 1 ULP); otherwise, and the backward, float64 pairs,
 * rounded once (α·expm1 in float32 would round twice).
 */
import * as M from '../math';
import * as M4 from '../math4';
import { grad4, map4x16, map64, T_LOW, T_MIN, T_ZERO } from '../drivers';
import { c32, hi64, lo64, mhi, mlo, pack, sel32 } from '../tail';

/** elu(±0) = ±0; x is bounded below at −120. */
@final class Elu {
  @inline f4(v: v128, alpha: v128, b: v128): v128 {
    const x = f32x4.pmax(v, c32(T_MIN));
    const ge = f32x4.ge(v, c32(0));
    const xl = lo64(x), xh = hi64(x);
    return pack(
      M.select(mlo(ge), xl, M.mul(alpha, M.expm1F(xl))),
      M.select(mhi(ge), xh, M.mul(alpha, M.expm1F(xh))));
  }
}

/**
 * α = 1: expm1(max(x, −17.5)) below 0 (expm1 rounds to −1 from −17.33 on), x itself from ±0 up.
 * Also celu's kernel for α = 1, where celu is elu.
 */
@final export class Elu1 {
  @inline f4(v: v128, alpha: v128, b: v128): v128 {
    return sel32(f32x4.ge(v, c32(0)), v, M4.expm1Neg4(f32x4.pmax(v, c32(-17.5))));
  }
}

/** g·(x > 0 ? p : q·eˣ), eˣ at max(x, −708) (garbage for x > 0, where the select drops it), 0 below T_ZERO. */
@inline export function gExpSide(x: v128, g: v128, gt: v128, z: v128, p: v128, q: v128): v128 {
  return M.mul(g, v128.andnot(M.select(gt, p, M.mul(q, M.expF(x))), z));
}
@final class EluG {
  @inline f4(v: v128, g: v128, alpha: v128, b: v128): v128 {
    const x = f32x4.pmax(v, c32(T_LOW));
    const gt = f32x4.gt(v, c32(0)), z = f32x4.le(v, c32(T_ZERO));
    return pack(gExpSide(lo64(x), lo64(g), mlo(gt), mlo(z), M.c64(1), alpha),
      gExpSide(hi64(x), hi64(g), mhi(gt), mhi(z), M.c64(1), alpha));
  }
}

export function elu(dst: usize, src: usize, n: i32, a: f64, b: f64): void {
  if (a == 1) map4x16<Elu1>(dst, src, n, a, b);
  else map64<Elu>(dst, src, n, a, b);
}
export function eluGrad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad4<EluG>(dst, x, g, n, a, b); }
