/** softshrink: |x| ≤ λ ? 0 : x > 0 ? x − λ : x + λ; softshrink' = |x| > λ ? 1 : 0. Float32 lanes. */
import { map32, grad32 } from '../drivers';
import { c32, sel32 } from '../tail';
import { ShrinkD } from './hardShrink';

/** float32 sums are correctly rounded. */
@final class Softshrink {
  @inline f(x: v128, l: v128, b: v128): v128 {
    return sel32(f32x4.le(f32x4.abs(x), l), c32(0), sel32(f32x4.gt(x, c32(0)), f32x4.sub(x, l), f32x4.add(x, l)));
  }
}

export function softshrink(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map32<Softshrink>(dst, src, n, a, b); }
export function softshrinkGrad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad32<ShrinkD>(dst, x, g, n, a, b); }
