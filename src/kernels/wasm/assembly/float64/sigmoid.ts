import * as M from './math';
import { grad, map } from './drivers';

/** σ(x) = 1/(1 + e⁻ˣ) within 1.2 ULP; σ' = e/(1 + e)², e = e^−|x|, within 1.2 ULP, times g rounded once (math.ts). */
@final class Sigmoid {
  @inline f(x: v128, a: v128, b: v128): v128 { return M.sigmoidFast(x); }
  @inline d(x: v128, g: v128, a: v128, b: v128): v128 { return M.gSigmoidGradFast(x, g, 0); }
}

export function sigmoidF64(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map<Sigmoid>(dst, src, n, a, b); }
export function sigmoidF64Grad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad<Sigmoid>(dst, x, g, n, a, b); }
