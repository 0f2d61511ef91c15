/** softsign: x/(1 + |x|); softsign' = 1/(1 + |x|)². Float64 pairs, rounded once. */
import * as M from '../math';
import { apply64, grad64, map64 } from '../drivers';

/** x is clamped to ±2^60, where the quotient is ±1, so ±∞ give ±1. */
@final class Softsign {
  @inline f(x: v128, a: v128, b: v128): v128 {
    const xc = M.maxC(M.minC(x, 1.152921504606847e18), -1.152921504606847e18);
    return M.div(xc, M.add(f64x2.abs(xc), M.c64(1)));
  }
  @inline f4(v: v128, a: v128, b: v128): v128 { return apply64<Softsign>(this, v, a, b); }
}
/** g/(1 + |x|)² ((1 + |x|)² < 2^256: no overflow in float64). */
@final class SoftsignG {
  @inline f(x: v128, g: v128, a: v128, b: v128): v128 {
    const d = M.add(f64x2.abs(x), M.c64(1));
    return M.div(g, M.mul(d, d));
  }
}

export function softsign(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map64<Softsign>(dst, src, n, a, b); }
export function softsignGrad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad64<SoftsignG>(dst, x, g, n, a, b); }
