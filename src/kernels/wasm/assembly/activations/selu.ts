/** selu: x ≥ 0 ? λ·x : λα·expm1(x); selu' = x > 0 ? λ : λα·eˣ. Float64 pairs, rounded once. */
import * as M from '../math';
import { grad4, map64, T_LOW, T_MIN, T_ZERO } from '../drivers';
import { c32, hi64, lo64, mhi, mlo, pack } from '../tail';
import { gExpSide } from './elu';

const LAMBDA: f64 = 1.0507009873554804934193349852946;
const LAMBDA_ALPHA: f64 = 1.7580993408473768; // λ·α rounded once (see src/nn/activations/selu.ts)

/** x is bounded below at −120. */
@final class Selu {
  @inline f4(v: v128, a: v128, b: v128): v128 {
    const x = f32x4.pmax(v, c32(T_MIN));
    const ge = f32x4.ge(v, c32(0));
    const xl = lo64(x), xh = hi64(x);
    return pack(
      M.select(mlo(ge), M.mul(M.c64(LAMBDA), xl), M.mul(M.c64(LAMBDA_ALPHA), M.expm1F(xl))),
      M.select(mhi(ge), M.mul(M.c64(LAMBDA), xh), M.mul(M.c64(LAMBDA_ALPHA), M.expm1F(xh))));
  }
}
@final class SeluG {
  @inline f4(v: v128, g: v128, a: v128, b: v128): v128 {
    const x = f32x4.pmax(v, c32(T_LOW));
    const gt = f32x4.gt(v, c32(0)), z = f32x4.le(v, c32(T_ZERO));
    return pack(gExpSide(lo64(x), lo64(g), mlo(gt), mlo(z), M.c64(LAMBDA), M.c64(LAMBDA_ALPHA)),
      gExpSide(hi64(x), hi64(g), mhi(gt), mhi(z), M.c64(LAMBDA), M.c64(LAMBDA_ALPHA)));
  }
}

export function selu(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map64<Selu>(dst, src, n, a, b); }
export function seluGrad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad4<SeluG>(dst, x, g, n, a, b); }
