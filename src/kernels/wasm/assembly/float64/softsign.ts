import * as M from './math';
import { c64, select as sel } from './math';
import { clamp, grad, gt, map } from './drivers';

/**
 * softsign: x/(1 + |x|) with 1 + |x| carried exactly, the quotient within 1 ULP (M.divFast; ±1
 * beyond 2^54); f' = 1/(1 + |x|)², (1 + |x|)² as a double-double (M.sqErr), the quotient within
 * 1 ULP, and 1/|x|/|x| beyond 2^64.
 */
@final class Softsign {
  @inline f(x: v128, a: v128, b: v128): v128 {
    const xc = clamp(x, -1.152921504606847e18, 1.152921504606847e18); // ±2^60: the quotient rounds to ±1
    const ax = f64x2.abs(xc);
    const d = M.add(c64(1), ax);
    const dl = M.sumErr(c64(1), ax, d);
    const q = M.divFast(xc, c64(0), d, dl, 1);
    return sel(f64x2.eq(q, c64(0)), q, M.add(q, M.divFast(xc, c64(0), d, dl, 2))); // ±0 keeps its sign
  }
  @inline d(x: v128, g: v128, a: v128, b: v128): v128 {
    const ax = f64x2.abs(x);
    const ac = M.minC(ax, 1.8446744073709552e19); // 2^64
    const d = M.add(c64(1), ac);
    const dl = M.sumErr(c64(1), ac, d);
    const d2 = M.mul(d, d);
    const d2l = M.add(M.sqErr(d, d2), M.mul(M.add(d, d), dl));
    const q = M.divFast(c64(1), c64(0), d2, d2l);
    const far = M.div(M.div(c64(1), ax), ax);
    return M.mul(g, sel(gt(ax, c64(1.8446744073709552e19)), far, q));
  }
}

export function softsignF64(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map<Softsign>(dst, src, n, a, b); }
export function softsignF64Grad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad<Softsign>(dst, x, g, n, a, b); }
