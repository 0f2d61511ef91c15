import * as M from './math';
import { c64, select as sel } from './math';
import { X_MAX, clamp, grad, gt, lt, map, pow2c } from './drivers';

/**
 * silu = x·σ(x), the product exact before the one rounding (x itself above 50, where σ rounds to
 * 1). silu' = (1 + e·(1 + x))/(1 + e)² for x ≥ 0 and e·(1 + x + e)/(1 + e)² below (e = e^−|x|),
 * numerator and denominator as double-doubles: only at the zero of f' (x ≈ −1.278) does
 * 1 + x + e cancel, and there its error is e's (2^-56), not float64 sums'.
 */
@final class Silu {
  @inline f(x: v128, a: v128, b: v128): v128 {
    const xc = clamp(x, -X_MAX, X_MAX);
    const q = M.sigmoidDD(xc, c64(0));
    const ql = M.LO;
    const k = M.KS;
    const mh = M.mul(xc, q);
    const ml = M.add(M.prodErr(xc, q, mh), M.mul(xc, ql));
    const y = sel(f64x2.eq(mh, c64(0)), mh, M.scale(M.add(mh, ml), k)); // a zero product keeps its sign
    return sel(gt(x, c64(50)), x, y);
  }
  @inline d(x: v128, g: v128, a: v128, b: v128): v128 {
    const xc = clamp(x, -X_MAX, 50);
    M.expNegAbs(xc, c64(0));
    const neg = lt(xc, c64(0));
    const s = pow2c(M.EK);
    const es = M.mul(M.EH, s);
    const esl = M.mul(M.EL, s);
    const sh = M.add(c64(1), xc);
    const sl = M.sumErr(c64(1), xc, sh);
    // x ≥ 0: 1 + e·(1 + x)
    const kh = M.mulDD(es, esl, sh, sl);
    const ph = M.addDD(c64(1), c64(0), kh, M.LO);
    const pl = M.LO;
    // x < 0: e·(1 + x + e), e unscaled (its power of two applied at the end)
    const ah = M.addDD(sh, sl, es, esl);
    const nh = M.mulDD(M.EH, M.EL, ah, M.LO);
    const nl = M.LO;
    const d2 = M.mulDD(M.DH, M.DL, M.DH, M.DL);
    const q = M.divDD(sel(neg, nh, ph), sel(neg, nl, pl), d2, M.LO);
    const y = M.scale(M.mul(g, M.add(q, M.LO)), v128.and(neg, M.EK));
    return sel(gt(x, c64(50)), g, y);
  }
}

export function siluF64(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map<Silu>(dst, src, n, a, b); }
export function siluF64Grad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad<Silu>(dst, x, g, n, a, b); }
