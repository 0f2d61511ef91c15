import * as M from './math';
import { c64 } from './math';
import { gradRare, lt, mapRare } from './drivers';

/**
 * σ(x) = 1/(1 + e⁻ˣ) within 1.2 ULP; σ' = e/(1 + e)², e = e^−|x|, within 1.2 ULP, times g rounded
 * once (math.ts). The careful lanes, |x| beyond 700 (σ' near the subnormals; σ for x < −700), run
 * behind a scan of each block (mapRare, gradRare).
 */
@final class Sigmoid {
  @inline fRare(x: v128): v128 { return lt(x, c64(-700)); }
  @inline f(x: v128, a: v128, b: v128, careful: bool): v128 { return M.sigmoidCareful(x, careful); }
  @inline dRare(x: v128): v128 { return lt(M.negAbs(x), c64(-700)); }
  @inline d(x: v128, g: v128, a: v128, b: v128, careful: bool): v128 { return M.gSigmoidGradCareful(x, g, careful); }
}

export function sigmoidF64(dst: usize, src: usize, n: i32, a: f64, b: f64): void { mapRare<Sigmoid>(dst, src, n, a, b); }
export function sigmoidF64Grad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { gradRare<Sigmoid>(dst, x, g, n, a, b); }
