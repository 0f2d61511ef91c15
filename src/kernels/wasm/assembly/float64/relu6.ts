import * as M from './math';
import { c64 } from './math';
import { grad, gt, ind, le, lt, map } from './drivers';

@final class Relu6 {
  @inline f(x: v128, a: v128, b: v128): v128 { return M.minC(v128.andnot(x, le(x, c64(0))), 6); }
  @inline d(x: v128, g: v128, a: v128, b: v128): v128 {
    return M.mul(g, ind(v128.and(gt(x, c64(0)), lt(x, c64(6))), x));
  }
}

export function relu6F64(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map<Relu6>(dst, src, n, a, b); }
export function relu6F64Grad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad<Relu6>(dst, x, g, n, a, b); }
