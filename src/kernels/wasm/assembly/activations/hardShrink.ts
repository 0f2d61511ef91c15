/** hardShrink: |x| ≤ λ ? 0 : x; hardShrink' = |x| > λ ? 1 : 0 (softshrink's too). Float32 lanes, exact. */
import { map32, grad32 } from '../drivers';
import { c32, ind32, sel32 } from '../tail';

@final class HardShrink {
  @inline f(x: v128, l: v128, b: v128): v128 { return sel32(f32x4.le(f32x4.abs(x), l), c32(0), x); }
}
/** hardShrink' = softshrink' = |x| > λ ? 1 : 0. */
@final export class ShrinkD { @inline d(x: v128, l: v128, b: v128): v128 { return ind32(f32x4.gt(f32x4.abs(x), l), x); } }

export function hardShrink(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map32<HardShrink>(dst, src, n, a, b); }
export function hardShrinkGrad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad32<ShrinkD>(dst, x, g, n, a, b); }
