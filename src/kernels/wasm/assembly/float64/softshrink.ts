import * as M from './math';
import { c64, select as sel } from './math';
import { grad, gt, ind, le, map } from './drivers';

@final class Softshrink {
  @inline f(x: v128, l: v128, b: v128): v128 {
    return sel(le(f64x2.abs(x), l), c64(0), sel(gt(x, c64(0)), M.sub(x, l), M.add(x, l)));
  }
  @inline d(x: v128, g: v128, l: v128, b: v128): v128 { return M.mul(g, ind(gt(f64x2.abs(x), l), x)); }
}

export function softshrinkF64(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map<Softshrink>(dst, src, n, a, b); }
export function softshrinkF64Grad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad<Softshrink>(dst, x, g, n, a, b); }
