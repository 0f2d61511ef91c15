import * as M from './math';
import { c64, select as sel } from './math';
import { gradRare, gt, le, lt, mapRare, taylorNearZero } from './drivers';

// The zero of f' and f's Taylor coefficients there: the values of scripts/roots64.py.
// f'(r + d) = d·(T1 + d·(T2 + … + T11·d⁹)) for |d| ≤ 2^-4 (T12·d¹² < 2^-57.8·f').
const R_HI: f64 = -1.1924312145154952;
const R_LO: f64 = -4.8484829848031044e-17;
const T1_HI: f64 = 0.2669479140495345;
const T1_LO: f64 = 1.5332816617135587e-17;
const T2: f64 = 0.20473126408010586;
const T3: f64 = 0.04190782104360987;
const T4: f64 = -0.020271822716684245;
const T5: f64 = -0.01582112656173338;
const T6: f64 = -0.0033606849270232685;
const T7: f64 = 0.0010924055409445854;
const T8: f64 = 0.0009898181021289196;
const T9: f64 = 0.00025412936386191073;
const T10: f64 = -4.1961496031696126e-05;
const T11: f64 = -5.582891567360688e-05;

/** f'(x) within 2^-4 of its zero. */
@inline function nearZero(x: v128): v128 {
  return taylorNearZero(x, R_HI, R_LO, T1_HI, T1_LO, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11);
}

/**
 * mish(x) = x·n/(n + 2), n = eˣ·(eˣ + 2) (no tanh, no log), written in w = e^−|x| ≤ 1 (to 2^-56.5,
 * M.expFastL) as x·A/B with B = A + C: A = w² + 2w, C = 2 for x ≤ 0; A = 1 + 2w, C = 2w² for
 * x > 0 (n/(n + 2) times w²/w²). w² (M.sqErr), A and B are double-doubles (every sum exact, larger
 * term first), x·A exact, the quotient within 1.5 ULP (M.divFast); w's error reaches mish at most
 * once (w·∂ln mish/∂w ≤ 1): 1.7 ULP. Part 0: mish; 1 and 2: B's high and low part; 3 and 4: A's;
 * 5 and 6: w's; 7 and 8: w²'s. The careful path's (mainF has the main lanes').
 */
@inline function parts(x: v128, part: i32): v128 {
  const t = M.maxC(M.negAbs(x), -1400);
  const s = M.pow2z(M.expFastL(t, c64(0), true, 2));
  const wh = M.mul(M.expFastL(t, c64(0), true), s), wl = M.mul(M.expFastL(t, c64(0), true, 1), s);
  const neg = le(x, c64(0));
  const sq = M.mul(wh, wh);
  const sql = M.add(M.sqErr(wh, sq), M.mul(M.add(wh, wh), wl));
  if (part == 5) return wh;
  if (part == 6) return wl;
  if (part == 7) return sq;
  if (part == 8) return sql;
  const tw = M.add(wh, wh), twl = M.add(wl, wl);
  // A = a1 + a2: (2w, w²) for x ≤ 0, (max(1, 2w), min(1, 2w)) for x > 0
  const a1 = sel(neg, tw, M.maxC(tw, 1)), a2 = sel(neg, sq, M.minC(tw, 1));
  const ah = M.add(a1, a2);
  const al = M.add(M.fastSumErr(a1, a2, ah), sel(neg, M.add(twl, sql), twl));
  if (part == 3) return ah;
  if (part == 4) return al;
  const c = sel(neg, c64(2), M.add(sq, sq));
  const b1 = f64x2.pmax(ah, c), b2 = f64x2.pmin(ah, c);
  const bh = M.add(b1, b2);
  const bl = M.add(M.add(M.fastSumErr(b1, b2, bh), al), v128.andnot(M.add(sql, sql), neg));
  if (part == 1) return bh;
  if (part == 2) return bl;
  const nh = M.mul(x, ah);
  return M.divFast(nh, M.add(M.prodErr(x, ah, nh), M.mul(x, al)), bh, bl);
}

/** 2^(c − m − 1023) for m = j + 1023 in the low bits of M.expBits' kd (2^(c − 2m − 1023) for kd + kd). */
@inline function pow2Of(c: i64, kd: v128): v128 { return i64x2.shl(i64x2.sub(i64x2.splat(c), kd), 52); }

/**
 * The high 26 bits of a (Veltkamp's split): a − hi is exact, and the product of two such parts is
 * exact, so that a double-double product is hi·hi plus three rounded cross terms, each below 2^-24
 * of it (rounding errors below 2^-76 of the product), with no Dekker product error to compute.
 */
@inline function hi26(a: v128): v128 { const t = M.mul(c64(134217729), a); return M.sub(t, M.sub(t, a)); }

/**
 * mish for −340 ≤ x ≤ 30 (the main lanes) from eˣ = E·2^j (signed x: no selects; E = eh + el to
 * 2^-55, M.expBits): n/(n + 2) times 2^−2j is A/B, A = E² + E·2^(1−j), B = A + 2^(1−2j), every
 * power of two normal and B below 2^1002. E² is eh² rounded (its error, at most 2^-53·E², reaches
 * mish times E²/A·2/(n + 2) ≤ 0.135), E·2^(1−j) exact, the two sums carried (Fast2Sum, larger term
 * first), x·A as its high parts' exact product (hi26) and cross terms (divFast's neglected
 * second-order term below 2^-77; where x·A is subnormal, |x| < 2^-1023, its rounding adds 0.1 ULP,
 * B = 5), the quotient within 1 ULP (M.divFast: q's rounding and the sum's); E's error reaches mish
 * at most once, as w's in parts (0.25 ULP): 1.4 ULP.
 */
@inline function mainF(x: v128): v128 {
  const eh = M.expBits(x, 0, false), el = M.expBits(x, 1, false), kd = M.expBits(x, 2, false);
  const s1 = pow2Of(2047, kd), s2 = pow2Of(3070, i64x2.add(kd, kd)); // 2^(1−j), 2^(1−2j)
  const sq = M.mul(eh, eh), u = M.mul(eh, s1);
  const a1 = f64x2.pmax(sq, u), a2 = f64x2.pmin(sq, u);
  const ah = M.add(a1, a2);
  const al = M.add(M.fastSumErr(a1, a2, ah), M.mul(el, M.add(M.add(eh, eh), s1))); // el·(2E + 2^(1−j)); el² is below 2^-106·A
  const b1 = f64x2.pmax(ah, s2), b2 = f64x2.pmin(ah, s2);
  const bh = M.add(b1, b2);
  const bl = M.add(M.fastSumErr(b1, b2, bh), al);
  const xh = hi26(x), xl = M.sub(x, xh);
  const ahh = hi26(ah), ahl = M.add(M.sub(ah, ahh), al);
  const nl = M.add(M.add(M.mul(xh, ahl), M.mul(xl, ahh)), M.mul(xl, ahl)); // below 2^-24 of nh
  return M.divFast(M.mul(xh, ahh), nl, bh, bl);
}

/**
 * mish' for −160 ≤ x ≤ 30 (the main lanes, outside the Taylor window) as d's, every term times
 * 2^−4j: (A·B + x·2^(2−2j)·V)/B² with mainF's A and B, here with E to 2^-56.5 and E² exact, and
 * V = E² + E·2^−j (eˣ·(1 + eˣ) = V·2^2j); every power of two normal, B² below 2^928. Every product
 * is its high parts' exact product (hi26) and cross terms, every sum carried: the numerator within
 * 2^-71 of its value where it cancels most outside the window (32-fold), its low part below 2^-18
 * of its high part (divFast's neglected second-order term below 2^-71), the quotient within 1.5
 * ULP; the numerator's cancellation and E's error as in d.
 */
@inline function slopeMain(x: v128): v128 {
  const eh = M.expBits(x), el = M.expBits(x, 1), kd = M.expBits(x, 2);
  const s1 = pow2Of(2047, kd), s2 = pow2Of(3070, i64x2.add(kd, kd)); // 2^(1−j), 2^(1−2j)
  const eh1 = hi26(eh), el1 = M.add(M.sub(eh, eh1), el);
  const sq = M.mul(eh1, eh1), sql = M.mul(el1, M.add(M.add(eh1, eh1), el1)); // E², sq exact
  const u = M.mul(eh, s1), ul = M.mul(el, s1);
  const a1 = f64x2.pmax(sq, u), a2 = f64x2.pmin(sq, u);
  const ah = M.add(a1, a2);
  const al = M.add(M.fastSumErr(a1, a2, ah), M.add(sql, ul));
  const b1 = f64x2.pmax(ah, s2), b2 = f64x2.pmin(ah, s2);
  const bh = M.add(b1, b2);
  const bl = M.add(M.fastSumErr(b1, b2, bh), al);
  const hh = M.mul(u, c64(0.5)), hl = M.mul(ul, c64(0.5)); // E·2^−j
  const v1 = f64x2.pmax(sq, hh), v2 = f64x2.pmin(sq, hh);
  const vh = M.add(v1, v2);
  const vl = M.add(M.fastSumErr(v1, v2, vh), M.add(sql, hl));
  const x4 = M.mul(x, M.add(s2, s2)); // x·2^(2−2j), exact
  const ahh = hi26(ah), ahl = M.add(M.sub(ah, ahh), al);
  const bhh = hi26(bh), bhl = M.add(M.sub(bh, bhh), bl);
  const xh = hi26(x4), xl = M.sub(x4, xh);
  const vhh = hi26(vh), vhl = M.add(M.sub(vh, vhh), vl);
  const p1 = M.mul(ahh, bhh), p2 = M.mul(xh, vhh); // exact
  const e1 = M.add(M.add(M.mul(ahh, bhl), M.mul(ahl, bhh)), M.mul(ahl, bhl));
  const e2 = M.add(M.add(M.mul(xh, vhl), M.mul(xl, vhh)), M.mul(xl, vhl));
  const sh = M.add(p1, p2);
  const sl = M.add(M.sumErr(p1, p2, sh), M.add(e1, e2));
  const dp = M.mul(bhh, bhh), de = M.mul(bhl, M.add(M.add(bhh, bhh), bhl)); // B²
  const dh = M.add(dp, de);
  return M.divFast(sh, sl, dh, M.fastSumErr(dp, de, dh));
}

/**
 * mish with x bounded to [−1400, 30]: above 30 the value rounds to x; ±0 stay. mish' = (A·B +
 * 4x·(1 + w)·W)/B², W = w for x ≤ 0 and w² for x > 0 (mish' = (n·(n + 2) + 4x·eˣ·(1 + eˣ))/(n + 2)²
 * in w), every product and sum a double-double, the quotient within 1.5 ULP: the numerator cancels
 * only at the zero of f' (x ≈ −1.192), where w's error reaches it magnified by up to 3 outside
 * |x − r| < 2^-4 (1.8 ULP), and the Taylor series about the zero is used inside; 1 above 30. The
 * main lanes (−340 ≤ x ≤ 30 forward, −160 ≤ x ≤ 30 outside the Taylor window backward) take the
 * same formulas scaled by powers of two (mainF, slopeMain); the careful path (mapRare, gradRare)
 * the others, in w: below −700 (w subnormal) mish = x·eˣ·(1 + eˣ/2 + …) is x·eˣ to 2^-1000 and
 * mish' is eˣ·(1 + x), their powers of two applied last (1.3 and 1.8 ULP). Careful vectors with
 * every lane in [−160, 30] (the Taylor window's, most of the careful ones) take slopeMain and the
 * series.
 */
@final class Mish {
  @inline fRare(x: v128): v128 { return gt(f64x2.abs(M.add(x, c64(155))), c64(185)); }
  @inline f(x: v128, a: v128, b: v128, careful: bool): v128 {
    const m = sel(f64x2.eq(x, c64(0)), x, mainF(x)); // −340 ≤ x ≤ 30, or NaN
    if (!careful) return m;
    const xc = M.maxC(M.minC(x, 30), -1400);
    const y = sel(f64x2.eq(x, c64(0)), x, parts(xc, 0));
    const far = M.scale(M.mul(xc, M.add(M.expFast(xc), M.expFast(xc, 1))), M.expFast(xc, 2)); // x·eˣ
    return sel(this.fRare(x), sel(gt(x, c64(30)), x, sel(lt(x, c64(-700)), far, y)), m); // the main lanes' bits in either path
  }
  @inline dRare(x: v128): v128 { return v128.or(gt(f64x2.abs(M.add(x, c64(65))), c64(95)), lt(f64x2.abs(M.sub(x, c64(R_HI))), c64(0.0625))); }
  @inline d(x: v128, g: v128, a: v128, b: v128, careful: bool): v128 {
    if (!careful) return M.mul(g, slopeMain(x)); // −160 ≤ x ≤ 30, or NaN
    const near = lt(f64x2.abs(M.sub(x, c64(R_HI))), c64(0.0625));
    const m = M.mul(g, sel(near, nearZero(x), slopeMain(x)));
    const outside = gt(f64x2.abs(M.add(x, c64(65))), c64(95)); // beyond [−160, 30]
    if (!v128.any_true(outside)) return m; // the Taylor window's blocks
    const xc = M.maxC(M.minC(x, 30), -1400);
    const bh = parts(xc, 1), bl = parts(xc, 2), ah = parts(xc, 3), al = parts(xc, 4);
    const wh = parts(xc, 5), wl = parts(xc, 6), sq = parts(xc, 7), sql = parts(xc, 8);
    const neg = le(xc, c64(0));
    // W·w: W = w (x ≤ 0) or w² (x > 0); V = W·(1 + w) = W + W·w (W ≥ W·w)
    const p = sel(neg, wh, sq), pl = sel(neg, wl, sql);
    const ph = M.mul(p, wh);
    const phl = M.add(M.prodErr(p, wh, ph), M.add(M.mul(p, wl), M.mul(pl, wh)));
    const vh = M.add(p, ph);
    const vl = M.add(M.fastSumErr(p, ph, vh), M.add(pl, phl));
    const x4 = M.mul(xc, c64(4));
    const uh = M.mulC(x4, vh, vl), ul = M.mulC(x4, vh, vl, 1);
    const nh = M.mulDD(ah, al, bh, bl), nl = M.mulDD(ah, al, bh, bl, 1);
    const sh = M.addDD(nh, nl, uh, ul), sl = M.addDD(nh, nl, uh, ul, 1);
    const d2 = M.mul(bh, bh);
    const d2l = M.add(M.sqErr(bh, d2), M.mul(M.add(bh, bh), bl));
    let fd = sel(near, nearZero(x), M.divFast(sh, sl, d2, d2l));
    const far = lt(x, c64(-700));
    if (v128.any_true(far)) { // the careful blocks are mostly the Taylor window's
      fd = sel(far, M.scale(M.mul(M.add(M.expFast(xc), M.expFast(xc, 1)), M.add(xc, c64(1))), M.expFast(xc, 2)), fd); // eˣ·(1 + x)
    }
    return sel(outside, sel(gt(x, c64(30)), g, M.mul(g, fd)), m); // the main lanes' bits in either path
  }
}

export function mishF64(dst: usize, src: usize, n: i32, a: f64, b: f64): void { mapRare<Mish>(dst, src, n, a, b); }
export function mishF64Grad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { gradRare<Mish>(dst, x, g, n, a, b); }
