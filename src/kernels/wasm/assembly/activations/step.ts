/** step: x ≥ t ? 1 : x < t ? 0 : NaN; step' = 0 (NaN for NaN). Float32 lanes, exact. */
import { map32, grad32 } from '../drivers';
import { c32, sel32 } from '../tail';

@final class Step {
  @inline f(x: v128, t: v128, b: v128): v128 {
    return sel32(f32x4.ge(x, t), c32(1), sel32(f32x4.lt(x, t), c32(0), x));
  }
}
@final class StepD { @inline d(x: v128, t: v128, b: v128): v128 { return sel32(f32x4.ne(x, x), x, c32(0)); } }

export function step(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map32<Step>(dst, src, n, a, b); }
export function stepGrad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad32<StepD>(dst, x, g, n, a, b); }
