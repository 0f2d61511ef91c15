/** relu2: x ≤ 0 ? 0 : x²; g·relu2' = g·2x for x > 0. Float32 lanes, one IEEE operation each. */
import { map32, grad32p } from '../drivers';
import { c32, sel32 } from '../tail';

/** NaN fails x ≤ 0 and squares to NaN. */
@final class Relu2 {
  @inline f(x: v128, a: v128, b: v128): v128 { return sel32(f32x4.le(x, c32(0)), c32(0), f32x4.mul(x, x)); }
}
/**
 * g·relu2'(x) = g·2x for x > 0, else g·0, in float32: 2x and 2g are exact, so g·(2x) (or (2g)·x
 * where 2x would overflow, |x| ≥ 2^126) is the correctly rounded product, the JS path's bits.
 */
@final class Relu2P {
  @inline p(x: v128, g: v128): v128 {
    const small = f32x4.mul(g, sel32(f32x4.le(x, c32(0)), c32(0), f32x4.add(x, x)));
    return sel32(f32x4.ge(x, c32(8.507059173023462e37)), f32x4.mul(f32x4.add(g, g), x), small); // 2^126
  }
}

export function relu2(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map32<Relu2>(dst, src, n, a, b); }
export function relu2Grad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad32p<Relu2P>(dst, x, g, n, a, b); }
