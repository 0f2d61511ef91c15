import * as M from './math';
import { c64 } from './math';
import { X_MAX, clamp, grad, map } from './drivers';

/** σ(x) = 1/(1 + e⁻ˣ); σ' = e/(1 + e)², e = e^−|x|. */
@final class Sigmoid {
  @inline f(x: v128, a: v128, b: v128): v128 {
    const xc = clamp(x, -X_MAX, X_MAX);
    return M.roundScaled(M.sigmoidDD(xc, c64(0)), M.sigmoidDD(xc, c64(0), 1), M.sigmoidDD(xc, c64(0), 2));
  }
  @inline d(x: v128, g: v128, a: v128, b: v128): v128 {
    const xc = clamp(x, -X_MAX, X_MAX);
    const q = M.add(M.sigmoidGradDD(xc, c64(0)), M.sigmoidGradDD(xc, c64(0), 1));
    return M.scale(M.mul(g, q), M.sigmoidGradDD(xc, c64(0), 2));
  }
}

export function sigmoidF64(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map<Sigmoid>(dst, src, n, a, b); }
export function sigmoidF64Grad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad<Sigmoid>(dst, x, g, n, a, b); }
