import * as M from './math';
import { c64, select as sel } from './math';
import { grad, le, map } from './drivers';

@final class Relu2 {
  @inline f(x: v128, a: v128, b: v128): v128 { return sel(le(x, c64(0)), c64(0), M.mul(x, x)); }
  /** g·(2x) or g·0, as the JS path (2x is exact, or ±∞ as there). */
  @inline d(x: v128, g: v128, a: v128, b: v128): v128 { return M.mul(g, sel(le(x, c64(0)), c64(0), M.add(x, x))); }
}

export function relu2F64(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map<Relu2>(dst, src, n, a, b); }
export function relu2F64Grad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad<Relu2>(dst, x, g, n, a, b); }
