/** relu: x ≤ 0 ? +0 : x; relu' = x > 0 ? 1 : 0. Float32 lanes, exact. */
import { map32, grad32 } from '../drivers';
import { c32, ind32 } from '../tail';

/** x ≤ 0 ? +0 : x, as a mask (−0 gives +0, NaN stays). Cheaper on x86 than wasm's max. */
@final class Relu { @inline f(x: v128, a: v128, b: v128): v128 { return v128.andnot(x, f32x4.le(x, c32(0))); } }
/** relu' = x > 0 ? 1 : 0. */
@final class ReluD { @inline d(x: v128, a: v128, b: v128): v128 { return ind32(f32x4.gt(x, c32(0)), x); } }

export function relu(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map32<Relu>(dst, src, n, a, b); }
export function reluGrad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad32<ReluD>(dst, x, g, n, a, b); }
