import * as M from './math';
import { c64, select as sel } from './math';
import { grad, gt, gTimesExp, map, timesExpm1 } from './drivers';

/** elu: x > 0 ? x : α·expm1(x); elu' = x > 0 ? 1 : α·eˣ. */
@final class Elu {
  @inline f(x: v128, alpha: v128, b: v128): v128 {
    return sel(gt(x, c64(0)), x, timesExpm1(alpha, x));
  }
  @inline d(x: v128, g: v128, alpha: v128, b: v128): v128 {
    return sel(gt(x, c64(0)), g, gTimesExp(g, alpha, M.minC(x, 0)));
  }
}

/**
 * elu for α = 1 (the default): max(x, expm1(min(x, 0))), as expm1(x) ≥ x (within 1 ULP of each
 * other where expm1's rounding could matter, |x| < 2^-51; where it reaches below x, x is closer);
 * pmax keeps −0 and NaN from x. expm1 without r's rounding (M.expm1Plain, low = 0: ≤ 0.25 ULP more,
 * 0.9 ULP measured): no product by α follows.
 */
@final class Elu1 {
  @inline f(x: v128, alpha: v128, b: v128): v128 { return f64x2.pmax(x, M.expm1Plain(M.minC(x, 0), c64(0), 0)); }
}

export function eluF64(dst: usize, src: usize, n: i32, a: f64, b: f64): void {
  if (a == 1) map<Elu1>(dst, src, n, a, b);
  else map<Elu>(dst, src, n, a, b);
}
export function eluF64Grad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad<Elu>(dst, x, g, n, a, b); }
