import * as M from './math';
import { c64, select as sel } from './math';
import { ge, grad, lt, map } from './drivers';

/** leakyRelu: x ≥ 0 ? x : s·x, and x < 0 ? +0 : x for s = 0 (0·x would be −0, NaN for −∞). */
@final class LeakyRelu {
  @inline f(x: v128, s: v128, b: v128): v128 {
    const neg = sel(f64x2.eq(s, c64(0)), c64(0), M.mul(s, x));
    return sel(ge(x, c64(0)), x, sel(lt(x, c64(0)), neg, x));
  }
  @inline d(x: v128, g: v128, s: v128, b: v128): v128 {
    return M.mul(g, sel(f64x2.ne(x, x), x, sel(ge(x, c64(0)), c64(1), s)));
  }
}

export function leakyReluF64(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map<LeakyRelu>(dst, src, n, a, b); }
export function leakyReluF64Grad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad<LeakyRelu>(dst, x, g, n, a, b); }
