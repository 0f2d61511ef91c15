/** relu6: x ≤ 0 ? +0 : x ≥ 6 ? 6 : x; relu6' = 0 < x < 6 ? 1 : 0. Float32 lanes, exact. */
import { map32, grad32 } from '../drivers';
import { c32, ind32 } from '../tail';

/** pmin keeps a NaN in its first operand. */
@final class Relu6 {
  @inline f(x: v128, a: v128, b: v128): v128 { return f32x4.pmin(v128.andnot(x, f32x4.le(x, c32(0))), c32(6)); }
}
@final class Relu6D {
  @inline d(x: v128, a: v128, b: v128): v128 { return ind32(v128.and(f32x4.gt(x, c32(0)), f32x4.lt(x, c32(6))), x); }
}

export function relu6(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map32<Relu6>(dst, src, n, a, b); }
export function relu6Grad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad32<Relu6D>(dst, x, g, n, a, b); }
