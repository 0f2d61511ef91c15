import * as M from './math';
import { c64 } from './math';
import { grad, gt, ind, le, map } from './drivers';

@final class Relu {
  @inline f(x: v128, a: v128, b: v128): v128 { return v128.andnot(x, le(x, c64(0))); }
  @inline d(x: v128, g: v128, a: v128, b: v128): v128 { return M.mul(g, ind(gt(x, c64(0)), x)); }
}

export function reluF64(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map<Relu>(dst, src, n, a, b); }
export function reluF64Grad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad<Relu>(dst, x, g, n, a, b); }
