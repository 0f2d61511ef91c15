import * as M from './math';
import { c64 } from './math';
import { X_MAX, clamp, grad, map } from './drivers';

/** σ(x) = 1/(1 + e⁻ˣ); σ' = e/(1 + e)², e = e^−|x|. */
@final class Sigmoid {
  @inline f(x: v128, a: v128, b: v128): v128 {
    const q = M.sigmoidDD(clamp(x, -X_MAX, X_MAX), c64(0));
    return M.roundScaled(q, M.LO, M.KS);
  }
  @inline d(x: v128, g: v128, a: v128, b: v128): v128 {
    const q = M.sigmoidGradDD(clamp(x, -X_MAX, X_MAX), c64(0));
    return M.scale(M.mul(g, M.add(q, M.LO)), M.KS);
  }
}

export function sigmoidF64(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map<Sigmoid>(dst, src, n, a, b); }
export function sigmoidF64Grad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad<Sigmoid>(dst, x, g, n, a, b); }
