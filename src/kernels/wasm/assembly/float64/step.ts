import * as M from './math';
import { c64, select as sel } from './math';
import { ge, grad, lt, map } from './drivers';

@final class Step {
  @inline f(x: v128, t: v128, b: v128): v128 { return sel(ge(x, t), c64(1), sel(lt(x, t), c64(0), x)); }
  @inline d(x: v128, g: v128, t: v128, b: v128): v128 { return M.mul(g, sel(f64x2.ne(x, x), x, c64(0))); }
}

export function stepF64(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map<Step>(dst, src, n, a, b); }
export function stepF64Grad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad<Step>(dst, x, g, n, a, b); }
