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
    const ql = M.sigmoidDD(xc, c64(0), 1);
    const k = M.sigmoidDD(xc, c64(0), 2);
    const mh = M.mul(xc, q);
    const ml = M.add(M.prodErr(xc, q, mh), M.mul(xc, ql));
    const y = sel(f64x2.eq(mh, c64(0)), mh, M.scale(M.add(mh, ml), k)); // a zero product keeps its sign
    return sel(gt(x, c64(50)), x, y);
  }
  @inline d(x: v128, g: v128, a: v128, b: v128): v128 {
    const xc = clamp(x, -X_MAX, 50);
    const eh = M.expNegAbs(xc, c64(0));
    const el = M.expNegAbs(xc, c64(0), 1);
    const ek = M.expNegAbs(xc, c64(0), 2);
    const dh = M.expNegAbs(xc, c64(0), 3);
    const dl = M.expNegAbs(xc, c64(0), 4);
    const neg = lt(xc, c64(0));
    const s = pow2c(ek);
    const es = M.mul(eh, s);
    const esl = M.mul(el, s);
    const sh = M.add(c64(1), xc);
    const sl = M.sumErr(c64(1), xc, sh);
    // x ≥ 0: 1 + e·(1 + x)
    const kh = M.mulDD(es, esl, sh, sl);
    const kl = M.mulDD(es, esl, sh, sl, 1);
    const ph = M.addDD(c64(1), c64(0), kh, kl);
    const pl = M.addDD(c64(1), c64(0), kh, kl, 1);
    // x < 0: e·(1 + x + e), e unscaled (its power of two applied at the end)
    const ah = M.addDD(sh, sl, es, esl);
    const al = M.addDD(sh, sl, es, esl, 1);
    const nh = sel(neg, M.mulDD(eh, el, ah, al), ph);
    const nl = sel(neg, M.mulDD(eh, el, ah, al, 1), pl);
    const d2 = M.mulDD(dh, dl, dh, dl);
    const d2l = M.mulDD(dh, dl, dh, dl, 1);
    const q = M.add(M.divDD(nh, nl, d2, d2l), M.divDD(nh, nl, d2, d2l, 1));
    const y = M.scale(M.mul(g, q), v128.and(neg, ek));
    return sel(gt(x, c64(50)), g, y);
  }
}

export function siluF64(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map<Silu>(dst, src, n, a, b); }
export function siluF64Grad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad<Silu>(dst, x, g, n, a, b); }
