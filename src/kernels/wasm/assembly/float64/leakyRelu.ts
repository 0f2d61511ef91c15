import * as M from './math';
import { c64, select as sel } from './math';
import { ge, grad, lt, map } from './drivers';

/**
 * leakyRelu: x < 0 ? s·x : x (NaN and ±0 pass), and +0 for x < 0 when s = 0 (0·x would be −0, NaN
 * for −∞): s·x with every bit cleared, one select.
 */
@final class LeakyRelu {
  @inline f(x: v128, s: v128, b: v128): v128 {
    return sel(lt(x, c64(0)), v128.andnot(M.mul(s, x), f64x2.eq(s, c64(0))), x);
  }
  @inline d(x: v128, g: v128, s: v128, b: v128): v128 {
    return M.mul(g, sel(f64x2.ne(x, x), x, sel(ge(x, c64(0)), c64(1), s)));
  }
}

export function leakyReluF64(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map<LeakyRelu>(dst, src, n, a, b); }
export function leakyReluF64Grad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad<LeakyRelu>(dst, x, g, n, a, b); }
