import * as M from './math';
import { grad, map } from './drivers';
import { softplusOf } from './softplus';

/** logSigmoid(x) = −softplus(−x) (so logSigmoid(+∞) = −0); logSigmoid' = σ(−x) (1.2 ULP, times g, math.ts). */
@final class LogSigmoid {
  @inline f(x: v128, a: v128, b: v128): v128 { return f64x2.neg(softplusOf(f64x2.neg(x))); }
  @inline d(x: v128, g: v128, a: v128, b: v128): v128 { return M.gSigmoidFast(f64x2.neg(x), g); }
}

export function logSigmoidF64(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map<LogSigmoid>(dst, src, n, a, b); }
export function logSigmoidF64Grad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad<LogSigmoid>(dst, x, g, n, a, b); }
