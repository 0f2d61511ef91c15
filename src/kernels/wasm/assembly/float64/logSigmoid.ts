import * as M from './math';
import { c64 } from './math';
import { gradRare, gt, mapRare } from './drivers';
import { softplusOf } from './softplus';

/**
 * logSigmoid(x) = −softplus(−x) (so logSigmoid(+∞) = −0); logSigmoid' = σ(−x) (1.2 ULP, times g,
 * M.gSigmoidCareful). The careful lanes (|x| beyond 700; above 700 for f') run behind a scan of each block (mapRare, gradRare).
 */
@final class LogSigmoid {
  @inline fRare(x: v128): v128 { return gt(f64x2.abs(x), c64(700)); }
  @inline f(x: v128, a: v128, b: v128, careful: bool): v128 { return f64x2.neg(softplusOf(f64x2.neg(x), careful)); }
  @inline dRare(x: v128): v128 { return gt(x, c64(700)); }
  @inline d(x: v128, g: v128, a: v128, b: v128, careful: bool): v128 { return M.gSigmoidCareful(f64x2.neg(x), g, careful); }
}

export function logSigmoidF64(dst: usize, src: usize, n: i32, a: f64, b: f64): void { mapRare<LogSigmoid>(dst, src, n, a, b, true); }
export function logSigmoidF64Grad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { gradRare<LogSigmoid>(dst, x, g, n, a, b); }
