import * as M from './math';
import { c64, select as sel } from './math';
import { clamp, grad, gt, lt, map, mulSigmoid, sigmoidPlusSlope, taylorNearZero } from './drivers';

// √(2/π), 0.044715 and 3·0.044715 as double-doubles (mpmath), as in src/nn/activations/geluApprox.ts.
const C_HI: f64 = 0.7978845608028654;
const C_LO: f64 = -4.98465440455546e-17;
const K_HI: f64 = 0.044715;
const K_LO: f64 = 2.1960211427085595e-18;
const K3_HI: f64 = 0.134145;
const K3_LO: f64 = 1.3526957332032908e-17;

// The zero of f' and f's Taylor coefficients there: the values of scripts/roots64.py, as in
// src/nn/activations/geluApprox.ts. f'(r + d) = d·(T1 + d·(T2 + … + T11·d⁹)) for |d| ≤ 2^-5.
const R_HI: f64 = -0.7524614220710163;
const R_LO: f64 = 3.635560509207687e-17;
const T1_HI: f64 = 0.4304000910248585;
const T1_LO: f64 = 2.028254970529195e-17;
const T2: f64 = 0.38751844613578895;
const T3: f64 = -0.01578285352184803;
const T4: f64 = -0.11394448308095899;
const T5: f64 = -0.01661932834305256;
const T6: f64 = 0.019682309459833118;
const T7: f64 = 0.005261059254921912;
const T8: f64 = -0.0024227318458750974;
const T9: f64 = -0.0009274420230205449;
const T10: f64 = 0.00026392764052681053;
const T11: f64 = 0.00012425227802639782;

/**
 * 2u = 2·√(2/π)·(x + 0.044715·x³) as a double-double, part 0 or 1, for |x| ≤ 30: σ(2u) magnifies
 * u's rounding by 2|u|.
 */
@inline function twoU(x: v128, part: i32 = 0): v128 {
  const x2 = M.mul(x, x);
  const x2e = M.prodErr(x, x, x2);
  const x3 = M.mul(x2, x);
  const x3e = M.add(M.prodErr(x2, x, x3), M.mul(x2e, x));
  const t = M.mul(c64(K_HI), x3);
  const te = M.add(M.add(M.prodErr(c64(K_HI), x3, t), M.mul(c64(K_LO), x3)), M.mul(c64(K_HI), x3e));
  const s = M.add(x, t);
  const se = M.add(M.sumErr(x, t, s), te);
  const u = M.mul(c64(C_HI), s);
  if (part == 0) return M.add(u, u);
  const ul = M.add(M.add(M.prodErr(c64(C_HI), s, u), M.mul(c64(C_LO), s)), M.mul(c64(C_HI), se));
  return M.add(ul, ul);
}

/** f'(x) within 2^-5 of its zero. */
@inline function nearZero(x: v128): v128 {
  return taylorNearZero(x, R_HI, R_LO, T1_HI, T1_LO, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11);
}

/**
 * geluApprox = x·σ(2u), u = √(2/π)·(x + 0.044715·x³), as the spec's float64 path: 2u and the
 * product exact before the one rounding; x above 10 is x, below −30 is −0 (σ underflows).
 * f' = σ(2u) + m·σ'(2u), m = 2x·u', u' = √(2/π)·(1 + 3·0.044715·x²), every factor a double-double;
 * the Taylor series within 2^-5 of the zero of f'. 2u is bounded below at −1380 (f' underflows).
 */
@final class GeluApprox {
  @inline f(x: v128, a: v128, b: v128): v128 {
    const xc = clamp(x, -30, 10);
    const h = twoU(xc);
    const r = mulSigmoid(xc, M.maxC(h, -1380), twoU(xc, 1));
    return sel(gt(x, c64(10)), x, sel(lt(x, c64(-30)), c64(-0.0), r));
  }
  @inline d(x: v128, g: v128, a: v128, b: v128): v128 {
    const xc = clamp(x, -30, 10);
    const h = twoU(xc);
    const l = twoU(xc, 1);
    // m = 2x·u' = 2x·√(2/π)·(1 + 3·0.044715·x²)
    const x2 = M.mul(xc, xc);
    const x2e = M.prodErr(xc, xc, x2);
    const kh = M.mulDD(c64(K3_HI), c64(K3_LO), x2, x2e);
    const kl = M.mulDD(c64(K3_HI), c64(K3_LO), x2, x2e, 1);
    const sh = M.addDD(c64(1), c64(0), kh, kl);
    const sl = M.addDD(c64(1), c64(0), kh, kl, 1);
    const duh = M.mulDD(c64(C_HI), c64(C_LO), sh, sl);
    const dul = M.mulDD(c64(C_HI), c64(C_LO), sh, sl, 1);
    const tx = M.add(xc, xc);
    const mh = M.mulDD(tx, c64(0), duh, dul);
    const ml = M.mulDD(tx, c64(0), duh, dul, 1);
    const df = sel(gt(h, c64(59)), c64(1), sigmoidPlusSlope(M.maxC(h, -1380), l, mh, ml));
    const fd = sel(lt(f64x2.abs(M.sub(x, c64(R_HI))), c64(0.03125)), nearZero(x), df);
    return M.mul(g, sel(gt(x, c64(10)), c64(1), sel(lt(x, c64(-30)), c64(0), fd)));
  }
}

export function geluApproxF64(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map<GeluApprox>(dst, src, n, a, b); }
export function geluApproxF64Grad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad<GeluApprox>(dst, x, g, n, a, b); }
