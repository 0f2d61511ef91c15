import * as M from './math';
import { c64, select as sel } from './math';
import { gradRare, gt, lt, mapRare, taylorNearZero, X_MAX } from './drivers';

// The zero of f' and f's Taylor coefficients there: the values of scripts/roots64.py, as in
// src/nn/activations/silu.ts. f'(r + d) = d·(T1 + d·(T2 + … + T11·d⁹)) for |d| ≤ 2^-4 (T12·d¹² < 2^-60·f').
const R_HI: f64 = -1.2784645427610737;
const R_LO: f64 = -1.0946994183093437e-16;
const T1_HI: f64 = 0.2178117057198001;
const T1_LO: f64 = -3.974332795880862e-18;
const T2: f64 = 0.1466487969969469;
const T3: f64 = 0.018874814223782312;
const T4: f64 = -0.015222655223188032;
const T5: f64 = -0.006606589138356696;
const T6: f64 = 0.000126627410081122;
const T7: f64 = 0.0007985218818397998;
const T8: f64 = 0.00018570724361186496;
const T9: f64 = -4.090534237428612e-05;
const T10: f64 = -2.9733542213263917e-05;
const T11: f64 = -2.942631888842464e-06;

/** f'(x) within 2^-4 of its zero. */
@inline function nearZero(x: v128): v128 {
  return taylorNearZero(x, R_HI, R_LO, T1_HI, T1_LO, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11);
}

/**
 * silu = x·σ(x). The main lanes (2^-60 ≤ |x| ≤ 700 forward; −700 ≤ x ≤ 50 outside the Taylor
 * window backward) take the GELU approximations' plain paths with the exact t = x: x/(2^j + E)·2^j
 * within 1.6 ULP (M.mulSigmoidMain) and f' = (D + E·x)/D²·2^j within 1.5 ULP plus e's 2^-56.5
 * magnified by e/|1 + e + x| ≤ 3.5 outside |x − r| < 2^-4 (M.sigmoidSlopeMain). The rare lanes take
 * the careful path (mapRare, gradRare), which keeps the main lanes' bits and in the others is:
 * x/(1 + e⁻ˣ), x an exact numerator: 1.25 ULP (M.divOnePlusExp; x itself above 50, where σ rounds
 * to 1; x·eˣ scaled last below −700, where σ is eˣ to 2^-1000). silu' = σ(x)·(1 + x·σ(−x))
 * = a·(d + x·b)/d² with e = e^−|x| (M.onePlusExp), d = 1 + e and (a, b) = (e, 1) for x < 0,
 * (1, e) for x ≥ 0: the only cancellation is d + x = 1 + e + x for x < 0 (the zero of f' at
 * x ≈ −1.278), summed in double-double, so that e's 2^-56.5 (M.onePlusExp's `acc`) reaches the
 * result magnified by e/|1 + e + x| ≤ 3.5 outside |x − r| < 2^-4, where the Taylor series about
 * the zero is used instead; a·(d + x·b) exact, d² a double-double, the quotient within 1 ULP (for
 * x ≥ 0 x·e's rounding adds 2^-55 against d + x·e ≥ 1): 1.4 ULP. eˣ·(1 + x) below −700, 1 above
 * 50. Measured against mpmath on an offline sweep of 101000 points (dense over [−30, 50] and
 * [−710, −30], near the zero of f', the Taylor window's edges, ±700, 50, −708, every reduction
 * step (k + 1/2)·ln 2 and tiny x): 1.15 ULP forward and 1.12 backward (both at −700, careful);
 * the main lanes alone 1.03 and 1.09.
 */
@final class Silu {
  @inline fRare(x: v128): v128 { return v128.or(gt(f64x2.abs(x), c64(700)), lt(f64x2.abs(x), c64(8.673617379884035e-19))); }
  @inline f(x: v128, a: v128, b: v128, careful: bool): v128 {
    const m = M.mulSigmoidMain(x, x, c64(0)); // 2^-60 ≤ |x| ≤ 700, or NaN
    if (!careful) return m;
    let y = M.divOnePlusExp(x, x, true, true); // x = ±∞ and lanes beyond ±708: the selects below
    const far = lt(x, c64(-700));
    if (v128.any_true(far)) {
      const t = M.maxC(M.negAbs(x), -X_MAX); // x where it matters
      y = sel(far, M.scale(M.mul(t, M.add(M.expFast(t), M.expFast(t, 1))), M.expFast(t, 2)), y);
    }
    return sel(this.fRare(x), sel(gt(x, c64(50)), x, y), m); // the main lanes' bits in either path
  }
  @inline dRare(x: v128): v128 { return v128.or(gt(f64x2.abs(M.add(x, c64(325))), c64(375)), lt(f64x2.abs(M.sub(x, c64(R_HI))), c64(0.0625))); }
  @inline d(x: v128, g: v128, a: v128, b: v128, careful: bool): v128 {
    const m = M.mul(g, M.sigmoidSlopeMain(x, c64(0), x, c64(0))); // −700 ≤ x ≤ 50 outside the Taylor window, or NaN
    if (!careful) return m;
    const t = M.negAbs(x); // unbounded: the lanes beyond −700 and 50 are replaced
    const eh = M.onePlusExp(t, 0, true, true), el = M.onePlusExp(t, 1, true, true), dh = M.onePlusExp(t, 2, true, true), dl = M.onePlusExp(t, 3, true, true);
    const neg = lt(x, c64(0));
    // silu' = a·(d + x·b)/d², (a, b) = (e, 1) for x < 0, (1, e) for x ≥ 0
    const xb = M.mul(x, sel(neg, c64(1), eh)); // exact for x < 0; for x ≥ 0, 2^-55 against d + x·e ≥ 1
    const qh = M.add(dh, xb);
    const ql = M.add(M.add(M.sumErr(dh, xb, qh), dl), v128.andnot(M.mul(x, el), neg));
    const ah = sel(neg, eh, c64(1));
    const ph = M.mul(ah, qh);
    const pl = M.add(M.prodErr(ah, qh, ph), M.add(M.mul(ah, ql), M.mul(v128.and(neg, el), qh)));
    const d2 = M.mul(dh, dh);
    const d2l = M.add(M.sqErr(dh, d2), M.mul(M.add(dh, dh), dl));
    let fd = M.divFast(ph, pl, d2, d2l);
    const near = lt(f64x2.abs(M.sub(x, c64(R_HI))), c64(0.0625));
    if (v128.any_true(near)) fd = sel(near, nearZero(x), fd);
    const far = lt(x, c64(-700));
    if (v128.any_true(far)) {
      const xc = M.maxC(x, -X_MAX);
      fd = sel(far, M.scale(M.mul(M.add(M.expFast(xc), M.expFast(xc, 1)), M.add(xc, c64(1))), M.expFast(xc, 2)), fd); // eˣ·(1 + x)
    }
    return sel(this.dRare(x), sel(gt(x, c64(50)), g, M.mul(g, fd)), m);
  }
}

export function siluF64(dst: usize, src: usize, n: i32, a: f64, b: f64): void { mapRare<Silu>(dst, src, n, a, b); }
export function siluF64Grad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { gradRare<Silu>(dst, x, g, n, a, b); }
