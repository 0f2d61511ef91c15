import * as M from './math';
import { c64, select as sel } from './math';
import { ge, grad, gt, le, lt, map } from './drivers';

/**
 * hardswish, as the spec: x ≤ −3 ? 0 : x ≥ 3 ? x : middle, middle = x(x + 3)/6 at or below −1.5
 * (x + 3 exact) and x/2 + x²/6 above (x/2 where that sum is 0, keeping −0); f' = (2x + 3)/6 on [−3, 3].
 */
@final class Hardswish {
  @inline f(x: v128, a: v128, b: v128): v128 {
    const low = M.div(M.mul(x, M.add(x, c64(3))), c64(6));
    const half = M.mul(x, c64(0.5));
    const y = M.add(half, M.div(M.mul(x, x), c64(6)));
    const mid = sel(le(x, c64(-1.5)), low, sel(f64x2.eq(y, c64(0)), half, y));
    return sel(le(x, c64(-3)), c64(0), sel(ge(x, c64(3)), x, mid));
  }
  @inline d(x: v128, g: v128, a: v128, b: v128): v128 {
    const mid = M.div(M.add(M.add(x, x), c64(3)), c64(6));
    return M.mul(g, sel(lt(x, c64(-3)), c64(0), sel(gt(x, c64(3)), c64(1), mid)));
  }
}

export function hardswishF64(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map<Hardswish>(dst, src, n, a, b); }
export function hardswishF64Grad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad<Hardswish>(dst, x, g, n, a, b); }
