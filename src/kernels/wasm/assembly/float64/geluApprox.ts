import * as M from './math';
import { c64, select as sel } from './math';
import { clamp, gradRare, gt, lt, mapRare, taylorNearZero } from './drivers';

// 2√(2/π) and 2√(2/π)·0.044715 as double-doubles (mpmath), their high parts split into halves of
// 26 bits (Veltkamp) for exact products: 2u = x·(A + B·x²).
const A_HI: f64 = 1.5957691216057308;
const A_LO: f64 = -9.96930880911092e-17;
const A_H: f64 = 1.5957691073417664;
const A_L: f64 = 1.4263964454030997e-8;
const B_HI: f64 = 0.07135481627260025;
const B_LO: f64 = -6.175149918155315e-19;
const B_H: f64 = 0.071354815736413;
const B_L: f64 = 5.361872473796936e-10;
// The main lanes' pieces: A = A1 + A2, A1 with 40 bits; B = B1 + B2, B1 with 11 bits (3·B1 with
// 12); A2 and B2 rounded (2^-97 and 2^-71 of A and B); 2^40 + 1 splits off 13 bits.
const A1: f64 = 1.5957691216062813;
const A2: f64 = -5.505482686972437e-13;
const B1: f64 = 0.07135009765625;
const B2: f64 = 4.718616350248776e-6;
const SPLIT13: f64 = 1099511627777;

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
 * The backward's arguments for |x| ≤ 30, as double-doubles: t = 2u = x·A + x·B·x² (part 0 and 1;
 * σ(t) magnifies t's error by |t|) and m = x·t' = t + 2·x·B·x² (parts 2 and 3), x² and every
 * product exact, the sums' errors carried (x·B·x² is shared by t and m).
 */
@inline function argument(x: v128, part: i32): v128 {
  const s = M.mul(x, x);
  const sl = M.sqErr(x, s);
  const p = M.mul(c64(B_HI), s);
  const pl = M.add(M.prodErrC(s, B_H, B_L, p), M.add(M.mul(c64(B_HI), sl), M.mul(c64(B_LO), s))); // B·x²
  const vh = M.mul(x, p);
  const vl = M.add(M.prodErr(x, p, vh), M.mul(x, pl)); // x·B·x²
  const uh = M.mul(x, c64(A_HI));
  const ul = M.add(M.prodErrC(x, A_H, A_L, uh), M.mul(x, c64(A_LO))); // x·A
  const th = M.add(uh, vh);
  const tl = M.add(M.sumErr(uh, vh, th), M.add(ul, vl));
  if (part == 0) return th;
  if (part == 1) return tl;
  const v2 = M.add(vh, vh);
  const mh = M.add(th, v2);
  return part == 2 ? mh : M.add(M.sumErr(th, v2, mh), M.add(tl, M.add(vl, vl)));
}

/**
 * The forward's t = 2u = x·(A + B·x²) as a double-double (part 0 and 1), for |x| ≤ 30: x² and
 * B·x² exact, the sum A + B·x² carried (two-sum), its product by x exact: t within about 2^-100
 * relative, as argument's, with one exact product fewer (the forward needs no x·B·x² of its own).
 */
@inline function argumentF(x: v128, part: i32): v128 {
  const s = M.mul(x, x);
  const sl = M.sqErr(x, s);
  const p = M.mul(c64(B_HI), s);
  const pl = M.add(M.prodErrC(s, B_H, B_L, p), M.add(M.mul(c64(B_HI), sl), M.mul(c64(B_LO), s))); // B·x²
  const ih = M.add(c64(A_HI), p);
  const il = M.add(M.sumErr(c64(A_HI), p, ih), M.add(c64(A_LO), pl)); // A + B·x²
  const th = M.mul(x, ih);
  return part == 0 ? th : M.add(M.prodErr(x, ih, th), M.mul(x, il));
}

/**
 * The main lanes' t = A·x + B·x³ (parts 0 and 1: |low| ≤ ulp(high)/2) and m = x·t' = A·x + 3B·x³
 * (parts 2 and 3: |low| ≤ 2^-10·|high|), for −8 ≤ x ≤ 10, as double-doubles, from x = xh + xl, xh
 * with 13 bits (|xl| ≤ 2^-13·|x|): A1·xh, B1·xh³ and 3·B1·xh³ are exact (40 + 13, 11 + 39 and
 * 12 + 39 bits) and each sum of two is carried (two-sum); the rest, A·xl + A2·xh + B2·xh³ +
 * B·xl·(x² + x·xh + xh²) (x³ − xh³ = xl·(x² + x·xh + xh²); 3B for m), is below 2^-5.8 (2^-4.3 for
 * m) at x = −8 and is rounded a few times (counted as 8 roundings of its B part, 4 of its A part):
 * a few products and sums instead of argumentF's and argument's exact products. The errors reach
 * the result as y's relative error σ(−t)·δt (forward) and f''s σ(−t)·(|1 + m(1 − 2σ)|·δt + δm)/
 * |1 + m·σ(−t)| (backward): below 2^-56 (0.13 ULP) outside the Taylor window, the most at x = −8.
 */
@inline function argumentMain(x: v128, part: i32): v128 {
  const sp = M.mul(c64(SPLIT13), x);
  const xh = M.sub(sp, M.sub(sp, x));
  const xl = M.sub(x, xh);
  const q = M.mul(xh, xh);
  const c = M.mul(q, xh); // xh³, exact
  const a1 = M.mul(c64(A1), xh);
  const b1 = M.mul(c64(B1), c);
  const w = M.add(M.add(M.mul(x, x), M.mul(x, xh)), q); // x² + x·xh + xh²
  const ra = M.add(M.mul(c64(A_HI), xl), M.mul(c64(A2), xh));
  const rb = M.add(M.mul(c64(B2), c), M.mul(c64(B_HI), M.mul(xl, w)));
  if (part < 2) {
    const s0 = M.add(a1, b1);
    const l0 = M.add(M.sumErr(a1, b1, s0), M.add(ra, rb));
    const th = M.add(s0, l0);
    return part == 0 ? th : M.fastSumErr(s0, l0, th);
  }
  const b3 = M.mul(c64(3), b1);
  const m0 = M.add(a1, b3);
  const l0 = M.add(M.sumErr(a1, b3, m0), M.add(ra, M.mul(c64(3), rb)));
  return part == 2 ? m0 : l0;
}

/** f'(x) within 2^-5 of its zero. */
@inline function nearZero(x: v128): v128 {
  return taylorNearZero(x, R_HI, R_LO, T1_HI, T1_LO, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11);
}

/**
 * geluApprox = x·σ(t), t = 2u = 2√(2/π)·(x + 0.044715·x³): x/(1 + e^−t) of the double-double t,
 * within 1.6 ULP (M.mulSigmoidFast, M.mulSigmoidMain; t bounded below at −1400, where the value
 * underflows), plus argumentMain's 2^-56 in the main lanes; x above 10 is x, below −30 is −0.
 * f' = σ(t) + m·σ'(t), m = x·t', within 1.7 ULP (M.sigmoidSlopeFast: m ≤ 3t; M.sigmoidSlopeMain),
 * plus argumentMain's 2^-56; the Taylor series within 2^-5 of the zero of f'; 1 above 10, 0
 * below −30. The rare lanes (x outside [−8, 10], |x| < 2^-60 forward, near the zero of f'
 * backward) take the careful path (mapRare, gradRare) with the exact products of argumentF and
 * argument. Measured against mpmath: 0.99 ULP forward and 0.96 backward on the fixtures, 1.06 and
 * 1.08 on an offline sweep of 438000 points over [−30, 10] (dense near the zero of f', the Taylor
 * window's edges, x = −8, 10, −20, −30, every reduction step t = (k + 1/2)·ln 2 and tiny x).
 */
@final class GeluApprox {
  @inline fRare(x: v128): v128 { return v128.or(gt(f64x2.abs(M.sub(x, c64(1))), c64(9)), lt(f64x2.abs(x), c64(8.673617379884035e-19))); }
  @inline f(x: v128, a: v128, b: v128, careful: bool): v128 {
    const m = M.mulSigmoidMain(x, argumentMain(x, 0), argumentMain(x, 1)); // −8 ≤ x ≤ 10, or NaN
    if (!careful) return m;
    const xc = clamp(x, -30, 10);
    const r = M.mulSigmoidFast(xc, M.maxC(argumentF(xc, 0), -1400), argumentF(xc, 1), true);
    return sel(this.fRare(x), sel(gt(x, c64(10)), x, sel(lt(x, c64(-30)), c64(-0.0), r)), m); // the main lanes' bits in either path
  }
  @inline dRare(x: v128): v128 { return v128.or(gt(f64x2.abs(M.sub(x, c64(1))), c64(9)), lt(f64x2.abs(M.sub(x, c64(R_HI))), c64(0.03125))); }
  @inline d(x: v128, g: v128, a: v128, b: v128, careful: bool): v128 {
    const m = M.mul(g, M.sigmoidSlopeMain(argumentMain(x, 0), argumentMain(x, 1), argumentMain(x, 2), argumentMain(x, 3)));
    if (!careful) return m;
    const xc = clamp(x, -30, 10);
    let fd = M.sigmoidSlopeFast(M.maxC(argument(xc, 0), -1400), argument(xc, 1), argument(xc, 2), argument(xc, 3), true);
    fd = sel(lt(f64x2.abs(M.sub(x, c64(R_HI))), c64(0.03125)), nearZero(x), fd);
    return sel(this.dRare(x), M.mul(g, sel(gt(x, c64(10)), c64(1), sel(lt(x, c64(-30)), c64(0), fd))), m); // the main lanes' bits in either path
  }
}

export function geluApproxF64(dst: usize, src: usize, n: i32, a: f64, b: f64): void { mapRare<GeluApprox>(dst, src, n, a, b); }
export function geluApproxF64Grad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { gradRare<GeluApprox>(dst, x, g, n, a, b); }
