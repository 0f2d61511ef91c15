import * as M from './math';
import { select as sel } from './math';
import { grad, gt, ind, lt, map } from './drivers';

@final class HardTanh {
  @inline f(x: v128, lo: v128, hi: v128): v128 { return sel(lt(x, lo), lo, sel(gt(x, hi), hi, x)); }
  @inline d(x: v128, g: v128, lo: v128, hi: v128): v128 { return M.mul(g, ind(v128.and(gt(x, lo), lt(x, hi)), x)); }
}

export function hardTanhF64(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map<HardTanh>(dst, src, n, a, b); }
export function hardTanhF64Grad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad<HardTanh>(dst, x, g, n, a, b); }
