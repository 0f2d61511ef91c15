import * as M from './math';
import { c64, select as sel } from './math';
import { clamp, gradRare, gt, lt, mapRare, taylorNearZero } from './drivers';

// 1.702 as a double-double (the decimal is not a float64; σ(1.702x) magnifies its rounding by 1.702|x|),
// and K_HI split into halves of 26 bits (Veltkamp) for the exact product K_HI·x.
const K_HI: f64 = 1.702;
const K_LO: f64 = 4.263256414560601e-17;
const K_HI_H: f64 = 1.701999992132187;
const K_HI_L: f64 = 7.867813067718998e-9;

// The zero of f' and f's Taylor coefficients there: the values of scripts/roots64.py, as in
// src/nn/activations/geluFastApprox.ts. f'(r + d) = d·(T1 + d·(T2 + … + T11·d⁹)) for |d| ≤ 2^-5.
const R_HI: f64 = -0.751154255441289;
const R_LO: f64 = 4.696480973567411e-17;
const T1_HI: f64 = 0.37071552313509976;
const T1_LO: f64 = 1.2164988151269691e-17;
const T2: f64 = 0.42481282173594376;
const T3: f64 = 0.09305963675729156;
const T4: f64 = -0.12774050660220324;
const T5: f64 = -0.09435720712886152;
const T6: f64 = 0.0030781165417904928;
const T7: f64 = 0.03303723646444789;
const T8: f64 = 0.013076914672399518;
const T9: f64 = -0.004902482293216737;
const T10: f64 = -0.006065159245559205;
const T11: f64 = -0.0010216239140244923;

/** t = 1.702·x as a double-double: the high part (part 0) or the low part (1). */
@inline function argument(x: v128, part: i32 = 0): v128 {
  const h = M.mul(c64(K_HI), x);
  return part == 0 ? h : M.add(M.prodErrC(x, K_HI_H, K_HI_L, h), M.mul(c64(K_LO), x));
}

// The main lanes' pieces: 1.702 = K1 + K2, K1 with 27 bits, K2 rounded (2^-81 of 1.702).
const K1: f64 = 1.702000007033348;
const K2: f64 = -7.033348083496093e-9;

/**
 * t = 1.702·x as a double-double (part 0 and 1, |low| ≤ ulp(high)/2) for the main lanes (x normal):
 * x = xh + xl, xh its 26 leading bits (a mask; |xl| < 2^-25·|x|), so that K1·xh is exact (27 + 26
 * bits) and the rest, K_HI·xl + K2·xh (below 2^-24.8·|t|), is rounded three times (2^-76 of t),
 * the sum carried (fast two-sum): t within 2^-76 relative, 2^-66.6 absolute for |t| ≤ 681, which
 * reaches the result as σ(−t)·δt (forward; below 0.0002 ULP) and about as much backward outside
 * the Taylor window: argument's exactness for 9 operations instead of 14.
 */
@inline function argumentMain(x: v128, part: i32): v128 {
  const xh = v128.and(x, i64x2.splat(0xfffffffff8000000));
  const xl = M.sub(x, xh);
  const a = M.mul(c64(K1), xh);
  const r = M.add(M.mul(c64(K_HI), xl), M.mul(c64(K2), xh));
  const th = M.add(a, r);
  return part == 0 ? th : M.fastSumErr(a, r, th);
}

/** f'(x) within 2^-5 of its zero. */
@inline function nearZero(x: v128): v128 {
  return taylorNearZero(x, R_HI, R_LO, T1_HI, T1_LO, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11);
}

/** x·σ(1.702x) for x in [−450, 25] (M.mulSigmoidFast; `careful` as there). */
@inline function value(x: v128, careful: bool): v128 {
  return M.mulSigmoidFast(x, argument(x), argument(x, 1), careful);
}

/** f' = σ(t) + t·σ'(t), t = 1.702x, for x in [−450, 30] (M.sigmoidSlopeFast); with `careful`, the Taylor series near its zero. */
@inline function slope(x: v128, careful: bool): v128 {
  const h = argument(x);
  const l = argument(x, 1);
  const fd = M.sigmoidSlopeFast(h, l, h, l, careful);
  return careful ? sel(lt(f64x2.abs(M.sub(x, c64(R_HI))), c64(0.03125)), nearZero(x), fd) : fd;
}

/**
 * geluFastApprox = x·σ(1.702x): x/(1 + e^−t) of the double-double t = 1.702x, within 1.6 ULP
 * (M.mulSigmoidMain in the main lanes, with argumentMain's t; M.mulSigmoidFast in the rare ones);
 * x above 25 is x, below −450 is −0. f' = σ(t) + t·σ'(t) within 1.6 ULP (M.sigmoidSlopeMain,
 * M.sigmoidSlopeFast), the Taylor series within 2^-5 of the zero of f'; 1 above 30, 0 below −450.
 * The rare lanes (|x| < 2^-60 or x outside [−400, 25] forward, x outside [−400, 30] or near the
 * zero of f' backward) take the careful path (mapRare, gradRare), which keeps the main lanes' bits.
 * Measured against mpmath on an offline sweep of 100000 points (dense over [−30, 25] and
 * [−450, −30], near the zero of f', the Taylor window's edges, −400, −450, 25, 30, every reduction
 * step t = (k + 1/2)·ln 2 and tiny x): 1.05 ULP forward and 1.05 backward.
 */
@final class GeluFastApprox {
  @inline fRare(x: v128): v128 { return v128.or(gt(f64x2.abs(M.add(x, c64(187.5))), c64(212.5)), lt(f64x2.abs(x), c64(8.673617379884035e-19))); }
  @inline f(x: v128, a: v128, b: v128, careful: bool): v128 {
    const m = M.mulSigmoidMain(x, argumentMain(x, 0), argumentMain(x, 1)); // −400 ≤ x ≤ 25, 2^-60 ≤ |x|, or NaN
    if (!careful) return m;
    const r = value(clamp(x, -450, 25), true);
    return sel(this.fRare(x), sel(gt(x, c64(25)), x, sel(lt(x, c64(-450)), c64(-0.0), r)), m); // the main lanes' bits in either path
  }
  @inline dRare(x: v128): v128 { return v128.or(gt(f64x2.abs(M.add(x, c64(185))), c64(215)), lt(f64x2.abs(M.sub(x, c64(R_HI))), c64(0.03125))); }
  @inline d(x: v128, g: v128, a: v128, b: v128, careful: bool): v128 {
    const h = argumentMain(x, 0), l = argumentMain(x, 1);
    const m = M.mul(g, M.sigmoidSlopeMain(h, l, h, l)); // −400 ≤ x ≤ 30 outside the Taylor window, or NaN
    if (!careful) return m;
    const fd = slope(clamp(x, -450, 30), true);
    return sel(this.dRare(x), M.mul(g, sel(gt(x, c64(30)), c64(1), sel(lt(x, c64(-450)), c64(0), fd))), m); // the main lanes' bits in either path
  }
}

export function geluFastApproxF64(dst: usize, src: usize, n: i32, a: f64, b: f64): void { mapRare<GeluFastApprox>(dst, src, n, a, b); }
export function geluFastApproxF64Grad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { gradRare<GeluFastApprox>(dst, x, g, n, a, b); }
