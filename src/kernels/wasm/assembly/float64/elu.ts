import * as M from './math';
import { c64, select as sel } from './math';
import { grad, gt, gTimesExp, map, timesExpm1 } from './drivers';

/** elu: x > 0 ? x : α·expm1(x); elu' = x > 0 ? 1 : α·eˣ. */
@final class Elu {
  @inline f(x: v128, alpha: v128, b: v128): v128 {
    return sel(gt(x, c64(0)), x, timesExpm1(alpha, M.minC(x, 0)));
  }
  @inline d(x: v128, g: v128, alpha: v128, b: v128): v128 {
    return sel(gt(x, c64(0)), g, gTimesExp(g, alpha, M.minC(x, 0)));
  }
}

export function eluF64(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map<Elu>(dst, src, n, a, b); }
export function eluF64Grad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad<Elu>(dst, x, g, n, a, b); }
