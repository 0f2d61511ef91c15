/** tanh: t/(t + 2), t = expm1(2|x|), sign put back; tanh' = sech² x = 4·σ'(2x). Float64 pairs, rounded once. */
import * as M from '../math';
import { grad4, map64 } from '../drivers';
import { c32, hi64, lo64, pack } from '../tail';
import { gDsigmoid4 } from './sigmoid';

/** t/(t + 2), t = expm1(2·min(|x|, 20)), with the sign of x put back in float32. */
@inline function tanhOfAbs(a: v128): v128 {
  const t = M.expm1F(M.add(a, a));
  return M.div(t, M.add(t, M.c64(2)));
}
@final class Tanh {
  @inline f4(v: v128, a: v128, b: v128): v128 {
    const x = f32x4.pmin(f32x4.abs(v), c32(20));
    const y = pack(tanhOfAbs(lo64(x)), tanhOfAbs(hi64(x)));
    return v128.or(y, v128.and(v, i32x4.splat(0x80000000)));
  }
}
/** 2x exact in float32, or ±∞, which the bound takes to −708. */
@final class TanhG {
  @inline f4(v: v128, g: v128, a: v128, b: v128): v128 { return gDsigmoid4(f32x4.add(v, v), g, 4); }
}

export function tanh(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map64<Tanh>(dst, src, n, a, b); }
export function tanhGrad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad4<TanhG>(dst, x, g, n, a, b); }
