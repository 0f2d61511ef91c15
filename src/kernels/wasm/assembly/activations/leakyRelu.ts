/** leakyRelu: x ≥ 0 ? x : s·x; leakyRelu' = x ≥ 0 ? 1 : s. Float32 lanes, exact. */
import { map32, grad32 } from '../drivers';
import { c32, sel32 } from '../tail';

/** NaN goes to s·x, which is NaN. */
@final class LeakyRelu {
  @inline f(x: v128, s: v128, b: v128): v128 { return sel32(f32x4.ge(x, c32(0)), x, f32x4.mul(s, x)); }
}
/** Slope 0: x < 0 ? +0 : x (0·x would give −0, and NaN for −∞). */
@final class LeakyReluZero {
  @inline f(x: v128, s: v128, b: v128): v128 { return sel32(f32x4.lt(x, c32(0)), c32(0), x); }
}
@final class LeakyReluD {
  @inline d(x: v128, s: v128, b: v128): v128 { return sel32(f32x4.ne(x, x), x, sel32(f32x4.ge(x, c32(0)), c32(1), s)); }
}

export function leakyRelu(dst: usize, src: usize, n: i32, a: f64, b: f64): void {
  if (a == 0) map32<LeakyReluZero>(dst, src, n, a, b);
  else map32<LeakyRelu>(dst, src, n, a, b);
}
export function leakyReluGrad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad32<LeakyReluD>(dst, x, g, n, a, b); }
