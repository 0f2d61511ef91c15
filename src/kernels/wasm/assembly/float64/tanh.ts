import * as M from './math';
import { c64, select as sel } from './math';
import { grad, lt, map } from './drivers';

/**
 * tanh x = −m/(2 + m), m = expm1(−2|x|) ∈ (−1, 0] to 2^-56 (M.expm1Fast), with the sign of x:
 * 2 + m carried exactly, the quotient within 1 ULP (M.divFast): 1.1 ULP. |x| is bounded at 19 (tanh
 * rounds to ±1 from 19.06 on); below 2^-28 tanh x rounds to x. tanh' = sech² x = 4·σ'(2x), within
 * 1.2 ULP, times g rounded once (M.gSigmoidGradFast).
 */
@final class Tanh {
  @inline f(x: v128, a: v128, b: v128): v128 {
    const ax = M.minC(f64x2.abs(x), 19);
    const t2 = M.mul(ax, c64(-2));
    const m = M.expm1Fast(t2);
    const ml = M.expm1Fast(t2, 1);
    const dh = M.add(c64(2), m);
    const dl = M.add(M.fastSumErr(c64(2), m, dh), ml);
    const q = M.divFast(f64x2.neg(m), f64x2.neg(ml), dh, dl);
    const t = sel(lt(ax, c64(3.725290298461914e-9)), ax, q); // 2^-28
    return M.copysign(t, x);
  }
  @inline d(x: v128, g: v128, a: v128, b: v128): v128 { return M.gSigmoidGradFast(M.add(x, x), g, 2); }
}

export function tanhF64(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map<Tanh>(dst, src, n, a, b); }
export function tanhF64Grad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad<Tanh>(dst, x, g, n, a, b); }
