/** hardTanh: x < lo ? lo : x > hi ? hi : x; hardTanh' = lo < x < hi ? 1 : 0. Float32 lanes, exact. */
import { map32, grad32 } from '../drivers';
import { ind32, sel32 } from '../tail';

/** Not min/max: hardTanh(−0) is −0 for lo = 0. */
@final class HardTanh {
  @inline f(x: v128, lo: v128, hi: v128): v128 { return sel32(f32x4.lt(x, lo), lo, sel32(f32x4.gt(x, hi), hi, x)); }
}
@final class HardTanhD {
  @inline d(x: v128, lo: v128, hi: v128): v128 { return ind32(v128.and(f32x4.gt(x, lo), f32x4.lt(x, hi)), x); }
}

export function hardTanh(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map32<HardTanh>(dst, src, n, a, b); }
export function hardTanhGrad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad32<HardTanhD>(dst, x, g, n, a, b); }
