import * as M from './math';
import { c64, select as sel } from './math';
import { grad, gt, gTimesExp, map, timesExpm1 } from './drivers';

// λ and λ·α of selu rounded (mpmath; λα's rounding is 2^-56.9 relative); the float64 path's λ·x uses λ, as the spec.
const LAMBDA: f64 = 1.0507009873554805;
const LAMBDA_ALPHA: f64 = 1.7580993408473768;

/** selu: x > 0 ? λx : λα·expm1(x); selu' = x > 0 ? λ : λα·eˣ (drivers.ts: 1.6 ULP each). */
@final class Selu {
  @inline f(x: v128, a: v128, b: v128): v128 {
    return sel(gt(x, c64(0)), M.mul(c64(LAMBDA), x), timesExpm1(c64(LAMBDA_ALPHA), x));
  }
  @inline d(x: v128, g: v128, a: v128, b: v128): v128 {
    return sel(gt(x, c64(0)), M.mul(g, c64(LAMBDA)), gTimesExp(g, c64(LAMBDA_ALPHA), x));
  }
}

export function seluF64(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map<Selu>(dst, src, n, a, b); }
export function seluF64Grad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad<Selu>(dst, x, g, n, a, b); }
