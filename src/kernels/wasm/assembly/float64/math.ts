/**
 * Vector math on f64x2 for the float64 kernels (float64/<name>.ts): results carried as double-doubles
 * with a relative error near 2^-56, so that the kernels' one final rounding stays within about 0.6
 * float64 ULP; and, at the end, the plain float64 paths that trade that margin for speed. Baseline wasm
 * SIMD has no fused multiply-add, so exact products use Dekker's algorithm on Veltkamp's split.
 *
 * A function with several results takes a last argument `part`, a constant at every call site:
 * 0 (the default) for the high part, 1 for the low part, 2 for the power of two of a scaled
 * result. The kernels call it once per part; after inlining, the common work is computed once
 * (Binaryen and V8 merge the identical pure expressions). Module globals for the second results
 * cost a third of the time: every access is a memory operation V8 cannot move or merge.
 */
import { INV_LN2, LN2_HI, LN2_LO } from '../coefficients.generated';

// ---- shorthands ----

@inline export function c64(v: f64): v128 { return f64x2.splat(v); }
@inline export function add(a: v128, b: v128): v128 { return f64x2.add(a, b); }
@inline export function sub(a: v128, b: v128): v128 { return f64x2.sub(a, b); }
@inline export function mul(a: v128, b: v128): v128 { return f64x2.mul(a, b); }
@inline export function div(a: v128, b: v128): v128 { return f64x2.div(a, b); }
/** Lanewise cond ? a : b, cond a comparison mask. */
@inline export function select(cond: v128, a: v128, b: v128): v128 { return v128.bitselect(a, b, cond); }
/** |a| with the sign of b. */
@inline export function copysign(a: v128, b: v128): v128 {
  return v128.or(v128.and(a, i64x2.splat(0x7fffffffffffffff)), v128.and(b, i64x2.splat(0x8000000000000000)));
}
/** −|x| (NaN stays NaN). */
@inline export function negAbs(x: v128): v128 { return v128.or(x, i64x2.splat(0x8000000000000000)); }
/** min(x, c) and max(x, c) for a constant c, NaN in x propagating (pmin/pmax: one instruction). */
@inline export function minC(x: v128, c: f64): v128 { return f64x2.pmin(x, f64x2.splat(c)); }
@inline export function maxC(x: v128, c: f64): v128 { return f64x2.pmax(x, f64x2.splat(c)); }

// ---- error-free transformations ----

/** 2^27 + 1: Veltkamp's splitter for float64. */
const SPLITTER: f64 = 134217729;

/** The rounding error of s = a + b (Knuth's two-sum; any magnitudes). */
@inline export function sumErr(a: v128, b: v128, s: v128): v128 {
  const bb = sub(s, a);
  return add(sub(a, sub(s, bb)), sub(b, bb));
}
/** The rounding error of s = a + b for |a| ≥ |b| (or a = 0). */
@inline export function fastSumErr(a: v128, b: v128, s: v128): v128 { return sub(b, sub(s, a)); }

/** The exact error of p = a·b (p the rounded product); |a|, |b| < 2^996, no underflow. */
@inline export function prodErr(a: v128, b: v128, p: v128): v128 {
  let t = mul(c64(SPLITTER), a);
  const ah = sub(t, sub(t, a));
  const al = sub(a, ah);
  t = mul(c64(SPLITTER), b);
  const bh = sub(t, sub(t, b));
  const bl = sub(b, bh);
  return add(add(add(sub(mul(ah, bh), p), mul(ah, bl)), mul(al, bh)), mul(al, bl));
}
/** As prodErr, for a constant b given already split (bh with 26 bits, bl = b − bh). */
@inline export function prodErrC(a: v128, bh: f64, bl: f64, p: v128): v128 {
  const t = mul(c64(SPLITTER), a);
  const ah = sub(t, sub(t, a));
  const al = sub(a, ah);
  return add(add(add(sub(mul(ah, c64(bh)), p), mul(ah, c64(bl))), mul(al, c64(bh))), mul(al, c64(bl)));
}

/**
 * (nh + nl)/(dh + dl), with |nl| ≪ |nh|, |dl| ≪ |dh|: the rounded quotient (part 0) and its
 * correction from the exact residual nh − q·dh (part 1; Sterbenz and prodErr), so that their sum
 * is within about 2^-104 plus the operands' own errors. Needs |q|, |dh| < 2^996, q·dh not subnormal.
 */
@inline export function divDD(nh: v128, nl: v128, dh: v128, dl: v128, part: i32 = 0): v128 {
  const q = div(nh, dh);
  if (part == 0) return q;
  const p = mul(q, dh);
  return div(sub(add(sub(sub(nh, p), prodErr(q, dh, p)), nl), mul(q, dl)), dh);
}

/** (ah + al)·(bh + bl) as a double-double, part 0 or 1 (|a|, |b| < 2^996). */
@inline export function mulDD(ah: v128, al: v128, bh: v128, bl: v128, part: i32 = 0): v128 {
  const p = mul(ah, bh);
  const e = add(prodErr(ah, bh, p), add(mul(ah, bl), mul(al, bh)));
  const h = add(p, e);
  return part == 0 ? h : sub(e, sub(h, p));
}

/** c·(h + l) as a double-double, the product's error kept, part 0 or 1 (|c|, |h| < 2^996). */
@inline export function mulC(c: v128, h: v128, l: v128, part: i32 = 0): v128 {
  const p = mul(c, h);
  const e = add(prodErr(c, h, p), mul(c, l));
  const y = add(p, e);
  return part == 0 ? y : sub(e, sub(y, p));
}

/** (ah + al) + (bh + bl) as a double-double, part 0 (the rounded sum) or 1. */
@inline export function addDD(ah: v128, al: v128, bh: v128, bl: v128, part: i32 = 0): v128 {
  const s = add(ah, bh);
  const e = add(sumErr(ah, bh, s), add(al, bl));
  const h = add(s, e);
  return part == 0 ? h : sub(e, sub(h, s));
}

// ---- powers of two ----

/** 2^k for i64 lanes −1022 ≤ k ≤ 1023. */
@inline export function pow2(k: v128): v128 { return i64x2.shl(i64x2.add(k, i64x2.splat(1023)), 52); }

/**
 * v·2^k for i64 lanes −2044 ≤ k ≤ 2046, in two steps of normal powers: v·2^⌊k/2⌋ is exact
 * unless it overflows, and the second product rounds once (subnormal results included).
 */
@inline export function scale(v: v128, k: v128): v128 {
  const k1 = i64x2.shr_s(k, 1);
  return mul(mul(v, pow2(k1)), pow2(i64x2.sub(k, k1)));
}

// ---- the exponential ----

/** 1.5·2^52: adding it rounds to an integer held in the low mantissa bits. */
const ROUND_MAGIC: f64 = 6755399441055744.0;

/** 1/n! for n = 3…14: the Taylor tail of eʳ − 1 − r − r²/2 (truncation below 2^-57 for |r| ≤ ln(2)/2). */
const F3: f64 = 1.0 / 6;
const F4: f64 = 1.0 / 24;
const F5: f64 = 1.0 / 120;
const F6: f64 = 1.0 / 720;
const F7: f64 = 1.0 / 5040;
const F8: f64 = 1.0 / 40320;
const F9: f64 = 1.0 / 362880;
const F10: f64 = 1.0 / 3628800;
const F11: f64 = 1.0 / 39916800;
const F12: f64 = 1.0 / 479001600;
const F13: f64 = 1.0 / 6227020800;
const F14: f64 = 1.0 / 87178291200;

/** P(r) = Σ r^(n−3)/n!, n = 3…14, by Estrin's scheme (q = r²): eʳ − 1 = r + r²/2 + r³·P(r). */
@inline function expm1Tail(r: v128, q: v128): v128 {
  const r4 = mul(q, q);
  const r8 = mul(r4, r4);
  const p0 = add(add(c64(F3), mul(c64(F4), r)), mul(q, add(c64(F5), mul(c64(F6), r))));
  const p1 = add(add(c64(F7), mul(c64(F8), r)), mul(q, add(c64(F9), mul(c64(F10), r))));
  const p2 = add(add(c64(F11), mul(c64(F12), r)), mul(q, add(c64(F13), mul(c64(F14), r))));
  return add(add(p0, mul(r4, p1)), mul(r8, p2));
}

/**
 * The core of exp and expm1: for |xh| ≤ 1400 (the caller's bound; |xl| ≤ ulp(xh)), with
 * xh + xl = k·ln 2 + r, |r| ≤ ln(2)/2: m = e^r − 1 as a double-double (parts 0 and 1) and k as i64
 * lanes (part 2). m's relative error is below 2^-55 (Cody-Waite reduction with a 33-bit ln 2,
 * whose product by k is exact; r's rounding error carried into the low part).
 */
@inline export function expm1Core(xh: v128, xl: v128, part: i32 = 0): v128 {
  const kd = add(mul(xh, c64(INV_LN2)), c64(ROUND_MAGIC));
  if (part == 2) return i64x2.sub(kd, f64x2.splat(ROUND_MAGIC));
  const k = sub(kd, c64(ROUND_MAGIC));
  const r1 = sub(xh, mul(k, c64(LN2_HI))); // exact
  const r2 = mul(k, c64(LN2_LO));
  const r = sub(r1, r2);
  const r2h = mul(r, r);
  const a = add(mul(r2h, c64(0.5)), mul(mul(r2h, r), expm1Tail(r, r2h))); // |a| ≤ 0.07
  const m = add(r, a);
  if (part == 0) return m;
  // e^(r + rl) − 1 = (e^r − 1) + e^r·rl
  const rl = add(sumErr(r1, f64x2.neg(r2), r), xl);
  return add(fastSumErr(r, a, m), mul(rl, add(m, c64(1))));
}

/**
 * e^(xh + xl) as expDD (parts 0, 1, 2), to about 2^-59 relative instead of 2^-55: r² is exact and
 * the sums of e^r − 1 = r + r²/2 + r³·P(r) are carried. For the softmax VJP, where gᵢ − g_k and
 * D = Σ sⱼ(gⱼ − g_k) cancel and e's error reaches the result multiplied by |D/(gᵢ − g_k − D)|.
 */
@inline export function expAcc(xh: v128, xl: v128, part: i32 = 0): v128 {
  const kd = add(mul(xh, c64(INV_LN2)), c64(ROUND_MAGIC));
  if (part == 2) return i64x2.sub(kd, f64x2.splat(ROUND_MAGIC));
  const k = sub(kd, c64(ROUND_MAGIC));
  const r1 = sub(xh, mul(k, c64(LN2_HI))); // exact
  const r2 = mul(k, c64(LN2_LO));
  const r = sub(r1, r2);
  const q = mul(r, r);
  const p = expm1Tail(r, q);
  const h2 = mul(q, c64(0.5)); // r²/2 = h2 + prodErr/2, exactly
  const s1 = add(r, h2);
  const c = add(add(fastSumErr(r, h2, s1), mul(prodErr(r, r, q), c64(0.5))), mul(mul(q, r), p));
  const m = add(s1, c);
  const h = add(c64(1), m);
  if (part == 0) return h;
  const rl = add(sumErr(r1, f64x2.neg(r2), r), xl);
  const ml = add(fastSumErr(s1, c, m), mul(rl, h));
  return add(fastSumErr(c64(1), m, h), ml);
}

/** e^(xh + xl) = (hi + lo)·2^k: hi (part 0, 0.7 < hi < 1.42), lo (1), k (2); 2^-55 relative, |xh| ≤ 1400. */
@inline export function expDD(xh: v128, xl: v128, part: i32 = 0): v128 {
  if (part == 2) return expm1Core(xh, xl, 2);
  const m = expm1Core(xh, xl);
  const h = add(c64(1), m);
  return part == 0 ? h : add(fastSumErr(c64(1), m, h), expm1Core(xh, xl, 1));
}

/** Rounds (h + l)·2^k to a float64 once for normal results (scale's two steps otherwise). */
@inline export function roundScaled(h: v128, l: v128, k: v128): v128 { return scale(add(h, l), k); }

// ---- plain float64 paths ----
//
// The functions above round a ~2^-56 double-double once (≤ 0.54 ULP measured). These trade that
// margin for speed within the 2 ULP contract: e^t is still a double-double (its low part costs a
// few operations here), 1 + e is carried exactly, and a quotient is the rounded q = nh/dh plus the
// first-order correction (nl − q·dl)/dh, so it errs by q's own rounding (≤ 0.5 ULP) and the final
// addition's (≤ 0.5 ULP): Dekker's residual nh − q·dh (17 operations without a fused multiply-add)
// is left out. Where a product would need its exact error (another 16 operations), the quotient takes
// the factor as its numerator instead (divOnePlusExp: a/(1 + e^−b)). expm1Plain is expm1 in plain
// float64 throughout, its one cancellation (2^k − 1 + 2^k·r) carried exactly.

/** P(r) = Σ r^(n−3)/n!, n = 3…13, by Estrin's scheme (q = r²): e^r = 1 + r + r²/2 + r³·P(r) to 2^-57.7 for |r| ≤ ln(2)/2. */
@inline function expTail13(r: v128, q: v128): v128 {
  const r4 = mul(q, q);
  const p0 = add(add(c64(F3), mul(c64(F4), r)), mul(q, add(c64(F5), mul(c64(F6), r))));
  const p1 = add(add(c64(F7), mul(c64(F8), r)), mul(q, add(c64(F9), mul(c64(F10), r))));
  const p2 = add(add(c64(F11), mul(c64(F12), r)), mul(q, c64(F13)));
  return add(p0, mul(r4, add(p1, mul(r4, p2))));
}

// P(r) ≈ (e^r − 1 − r − r²/2)/r³ on |r| ≤ ln(2)/2, degree 9 (mpmath's chebyfit; r³·|error| below 2^-60.3
// with these float64 coefficients): one term fewer than the Taylor tail of expTail13 for 2^-57.7.
const E0: f64 = 0.16666666666666669;
const E1: f64 = 0.041666666666666664;
const E2: f64 = 0.008333333333330065;
const E3: f64 = 0.0013888888888886554;
const E4: f64 = 0.00019841269863040559;
const E5: f64 = 2.4801587317135174e-5;
const E6: f64 = 2.7557268480289716e-6;
const E7: f64 = 2.755728298404137e-7;
const E8: f64 = 2.51003758422237e-8;
const E9: f64 = 2.091122973665872e-9;

/** 1.5·2^52 + 1023: adding it rounds to an integer k and leaves k + 1023 in the low mantissa bits. */
const ROUND_BIAS: f64 = 6755399441056767.0;

/** P(r) of the E coefficients by Estrin's scheme (q = r²). */
@inline function expTail9(r: v128, q: v128): v128 {
  const r4 = mul(q, q);
  const p0 = add(add(c64(E0), mul(c64(E1), r)), mul(q, add(c64(E2), mul(c64(E3), r))));
  const p1 = add(add(c64(E4), mul(c64(E5), r)), mul(q, add(c64(E6), mul(c64(E7), r))));
  return add(p0, mul(r4, add(p1, mul(r4, add(c64(E8), mul(c64(E9), r))))));
}

/**
 * e^t = (hi + lo)·2^k: hi (part 0), lo (1), k as i64 lanes (2), for |t| ≤ 1400, 2^-55 relative:
 * r = t − k·ln 2 with its rounding rl (fastSumErr: r1 − r2 loses nothing unless |r1| < |r2| <
 * 2^-20, where r's error is below 2^-70), e^(r + rl) = (1 + r) + (r²/2 + r³·P(r)) + rl with 1 + r's
 * rounding carried; left out: rl·(e^r − 1) (2^-56.2), P's Taylor terms after r¹⁰/13! (2^-57.7 at
 * |r| = ln(2)/2), the tail's roundings (below 2^-57).
 */
@inline export function expFast(t: v128, part: i32 = 0): v128 { return expFastL(t, c64(0), false, part); }

/** e^(t + tl) as expFast, for |tl| ≤ ulp(t), with rl·(e^r − 1) kept (2^-56.5; `low`: tl is ignored without). */
@inline export function expFastL(t: v128, tl: v128, low: bool, part: i32 = 0): v128 {
  const kd = add(mul(t, c64(INV_LN2)), c64(ROUND_MAGIC));
  if (part == 2) return i64x2.sub(kd, f64x2.splat(ROUND_MAGIC));
  const k = sub(kd, c64(ROUND_MAGIC));
  const r1 = sub(t, mul(k, c64(LN2_HI))); // exact
  const r2 = mul(k, c64(LN2_LO));
  const r = sub(r1, r2);
  const rl0 = fastSumErr(r1, f64x2.neg(r2), r);
  const rl = low ? add(rl0, tl) : rl0;
  const q = mul(r, r);
  const a = add(mul(q, c64(0.5)), mul(mul(q, r), expTail13(r, q))); // |a| ≤ 0.07
  const h = add(c64(1), r);
  const lo0 = add(fastSumErr(c64(1), r, h), a);
  const lo = add(lo0, low ? add(rl, mul(rl, add(r, a))) : rl); // e^(r + rl) = e^r·(1 + rl)
  const e = add(h, lo);
  return part == 0 ? e : fastSumErr(h, lo, e);
}

/** 2^k for i64 lanes k ≤ 1023, 0 below −1022. */
@inline export function pow2z(k: v128): v128 { return v128.andnot(pow2(k), i64x2.lt_s(k, i64x2.splat(-1022))); }

/**
 * e^t = eh + el (parts 0 and 1) for −708 ≤ t ≤ 708 (the callers' bounds): expBits' pair times
 * its 2^k, to 2^-55 relative (2^-56.5 with `acc`).
 */
@inline function expPair(t: v128, part: i32, acc: bool): v128 {
  return mul(expBits(t, part, acc), i64x2.shl(expBits(t, 2, acc), 52)); // 2^k, |k| ≤ 1021
}

/**
 * e^(t + tl) = (eh + el)·2^k as expFastL(t, tl, true): eh (part 0), el (1), and 2^k itself (2),
 * for −708 ≤ t ≤ 708 (|tl| ≤ ulp(t)): P of degree 9 (expTail9: 2^-60.3) and 2^k from the low bits
 * of k's rounding: expBits with t's low part.
 */
@inline export function expPairL(t: v128, tl: v128, part: i32 = 0): v128 {
  return part == 2 ? i64x2.shl(expBits(t, 2), 52) : expBits(t, part, true, tl, true);
}

/**
 * e = e^t = eh + el (parts 0 and 1) and d = 1 + e = dh + dl exactly (parts 2 and 3), for t ≤ 0,
 * bounded at −708 (the callers take lanes below −700 from expFast, scaled last; `bounded`: they
 * drop every lane below, which may then hold garbage); e as expPair.
 */
@inline export function onePlusExp(t: v128, part: i32 = 0, acc: bool = false, bounded: bool = false): v128 {
  const tc = bounded ? t : maxC(t, -708);
  const eh = expPair(tc, 0, acc);
  if (part == 0) return eh;
  const el = expPair(tc, 1, acc);
  if (part == 1) return el;
  const dh = add(c64(1), eh);
  return part == 2 ? dh : add(fastSumErr(c64(1), eh, dh), el); // exact: e ≤ 1
}

/**
 * d = 1 + e^t = dh + dl exactly (parts 0 and 1), for any t, bounded at ±708 (beyond, d is 1 to
 * 2^-1021 or the callers take other lanes; `bounded`: the caller drops every lane beyond, which
 * may then hold garbage); e^t as expPair. For a/(1 + e^−b) = a·σ(b) with a exact numerator.
 */
@inline export function onePlusExpSigned(t: v128, part: i32 = 0, bounded: bool = false): v128 {
  const tc = bounded ? t : maxC(minC(t, 708), -708);
  const eh = expPair(tc, 0, false);
  const dh = add(c64(1), eh);
  if (part == 0) return dh;
  const big = f64x2.pmax(eh, c64(1)), small = f64x2.pmin(eh, c64(1)); // Fast2Sum's order, either side of 1
  return add(fastSumErr(big, small, dh), expPair(tc, 1, false));
}

/**
 * a·σ(b) = a/(1 + e^−b) for b ≥ −708 (the callers take lanes below −700 from expFast, scaled
 * last): the quotient within 1 ULP (divFast: q's rounding and the sum's) plus e's 2^-55, so
 * 1.25 ULP, with no product to carry. A zero q (a = ±0, or underflow) is the result itself, its
 * sign kept, and so is an infinite one unless `finite` (the caller's other lanes take a = ±∞).
 * `bounded` as onePlusExpSigned's.
 */
@inline export function divOnePlusExp(a: v128, b: v128, finite: bool = false, bounded: bool = false): v128 {
  const t = f64x2.neg(b);
  const dh = onePlusExpSigned(t, 0, bounded), dl = onePlusExpSigned(t, 1, bounded);
  const q = divFast(a, c64(0), dh, dl, 1);
  const y = add(q, divFast(a, c64(0), dh, dl, 2));
  if (finite) return select(f64x2.eq(q, c64(0)), q, y);
  const aq = f64x2.abs(q);
  return select(v128.and(f64x2.gt(aq, c64(0)), f64x2.lt(aq, c64(Infinity))), y, q);
}

/** e^t rounded once, for −1400 ≤ t ≤ 0 (subnormal results included). */
@inline export function expScaled(t: v128): v128 { return scale(add(expFast(t), expFast(t, 1)), expFast(t, 2)); }

/**
 * (nh + nl)/(dh + dl) for |nl| ≤ 2^-50·|nh|, |dl| ≤ 2^-50·|dh|: the rounded q = nh/dh (part 1)
 * plus its correction c (part 2) is within 0.5 ULP (q's rounding) and 2^-100 relative of the exact
 * quotient; their rounded sum (part 0) within 1 ULP (the operands' own errors come on top).
 */
@inline export function divFast(nh: v128, nl: v128, dh: v128, dl: v128, part: i32 = 0): v128 {
  const q = div(nh, dh);
  if (part == 1) return q;
  const c = mul(sub(nl, mul(q, dl)), div(c64(1), dh)); // two independent divisions
  return part == 2 ? c : add(q, c);
}

/** The exact error of p = a·a (p the rounded square; |a| < 2^996). */
@inline export function sqErr(a: v128, p: v128): v128 {
  const t = mul(c64(SPLITTER), a);
  const ah = sub(t, sub(t, a));
  const al = sub(a, ah);
  return add(sub(mul(ah, ah), p), mul(al, add(add(ah, ah), al)));
}

/**
 * σ(x) as sigmoidCareful for x ≥ −708 (σ(−708) below; the callers take lanes below −700 from
 * expFast); part 1 and 2: the rounded quotient q and its correction c of divFast, whose sum is
 * within 0.5 ULP of σ (q's rounding) plus 2^-55.
 */
@inline export function sigmoidNear(x: v128, part: i32 = 0): v128 {
  const t = negAbs(x); // bounded by onePlusExp
  const neg = f64x2.lt(x, c64(0));
  return divFast(select(neg, onePlusExp(t), c64(1)), v128.and(neg, onePlusExp(t, 1)), onePlusExp(t, 2), onePlusExp(t, 3), part);
}

/**
 * σ(x) within 1.2 ULP: (x < 0 ? e : 1)/(1 + e), e = e^−|x| to 2^-55 (sigmoidNear); with `careful`
 * (for the rare-path drivers, mapRare) below x = −700, σ(x) = eˣ(1 − eˣ + …) is eˣ to 2^-1000,
 * scaled last (subnormal results round once).
 */
@inline export function sigmoidCareful(x: v128, careful: bool): v128 {
  const y = sigmoidNear(x);
  if (!careful) return y;
  return select(f64x2.lt(x, c64(-700)), expScaled(maxC(negAbs(x), -1400)), y);
}

/**
 * g·σ(x): σ within 1.2 ULP (sigmoidNear), times g rounded once more (as the JS path's g·df); with
 * `careful` (gradRare) below x = −700, g·eˣ with the power of two applied last (a subnormal σ is
 * not rounded before the product).
 */
@inline export function gSigmoidCareful(x: v128, g: v128, careful: bool): v128 {
  const y = mul(g, sigmoidNear(x));
  if (!careful) return y;
  const t = maxC(negAbs(x), -1400); // x where it matters, below −700
  return select(f64x2.lt(x, c64(-700)), scale(mul(g, add(expFast(t), expFast(t, 1))), expFast(t, 2)), y);
}

/**
 * g·σ'(x)·2^j, σ' = e/(1 + e)² (never σ(1 − σ)), e = e^−|x|: the square a double-double (sqErr),
 * the quotient within 1 ULP (divFast; 1.2 with e's 2^-55), times g and 2^j rounded once more (as
 * the JS path's g·df). With `careful` (gradRare's careful blocks), the lanes below x = −700, where
 * σ' is eˣ to 2^-1000: g·eˣ·2^j scaled last.
 */
@inline export function gSigmoidGradCareful(x: v128, g: v128, careful: bool, j: i32 = 0): v128 {
  const tn = negAbs(x); // unbounded: the lanes below −700 are careful
  const dh = onePlusExp(tn, 2, false, true);
  const dl = onePlusExp(tn, 3, false, true);
  const d2 = mul(dh, dh);
  const d2l = add(sqErr(dh, d2), mul(add(dh, dh), dl));
  const q = mul(g, divFast(onePlusExp(tn, 0, false, true), onePlusExp(tn, 1, false, true), d2, d2l));
  const y = j == 0 ? q : mul(q, c64(<f64>(1 << j)));
  return careful ? sigmoidGradFar(x, g, j, y) : y;
}

/** y with its lanes below −|x| = −700 replaced by g·eˣ·2^j, the power of two applied last. */
@inline function sigmoidGradFar(x: v128, g: v128, j: i32, y: v128): v128 {
  const tn = negAbs(x);
  const t = maxC(tn, -1400);
  const k = j == 0 ? expFast(t, 2) : i64x2.add(expFast(t, 2), i64x2.splat(j));
  return select(f64x2.lt(tn, c64(-700)), scale(mul(g, add(expFast(t), expFast(t, 1))), k), y);
}

/**
 * expm1(t + tl) for t ≤ 0 (NaN gives NaN), rounded once, in plain float64: t = k·ln 2 + r + rl, and
 * expm1 = (2^k − 1 + 2^k·r) + 2^k·(r²·(1/2 + r·P(r)) + rl), where 2^k − 1 and 2^k·r are exact and
 * their sum's rounding is carried (|2^k − 1| ≥ 2^k·|r| for k < 0; for k = 0 the sum is r). `low`:
 * 0 leaves r's rounding rl out (2^k·2^-55 absolute, at most 0.25 ULP, where k = −1), 1 keeps it, 2
 * adds tl too (|tl| ≤ ulp(t)). Errors besides the final rounding: the tail's roundings
 * (2^k·|a|·3·2^-53, |a| ≤ 0.07), rl·(e^r − 1) left out (2^k·2^-56.3), P's (2^k·2^-60.3): within 0.71
 * ULP measured with rl, 0.9 without. t is bounded at −54·ln 2 (expm1 rounds to −1 below); from
 * −53.5·ln 2 down, 2^-54 − 1 rounds to −1 and the result loses 2^-54, a third of its ULP. Tiny t
 * give t itself (r²/2 is below half its ULP), but −0 gives +0.
 */
@inline export function expm1Plain(t: v128, tl: v128, low: i32): v128 {
  const tc = maxC(t, -37.42994775023705);
  const kd = add(mul(tc, c64(INV_LN2)), c64(ROUND_BIAS));
  const k = sub(kd, c64(ROUND_BIAS));
  const r1 = sub(tc, mul(k, c64(LN2_HI))); // exact
  const r2 = mul(k, c64(LN2_LO));
  const r = sub(r1, r2);
  const q = mul(r, r);
  const a0 = mul(q, add(c64(0.5), mul(r, expTail9(r, q))));
  const rl = sub(sub(r1, r), r2);
  const a = low == 0 ? a0 : add(a0, low == 1 ? rl : add(rl, tl));
  const s = i64x2.shl(kd, 52); // 2^k: the low bits of kd shifted into the exponent
  const sm1 = sub(s, c64(1)); // exact for k ≥ −53
  const sr = mul(s, r);
  const h = add(sm1, sr);
  return add(h, add(sub(sr, sub(h, sm1)), mul(s, a)));
}

// ---- x·σ(t) and σ(t) + m·σ'(t) for a double-double t, in plain float64 (the GELU approximations) ----

/**
 * x·σ(th + tl) = x/(1 + E), E = e^−t, for x of t's sign (or zero), |th| ≤ 1400, within 1.6 ULP.
 * E = (eh + el)·2^k to 2^-56.5 (expFastL with tl), so that the quotient needs no product by x: for
 * t ≥ 0 (k ≤ 0) the denominator is 1 + E·2^k, for t < 0 (k ≥ 0) it is (1 + E)·2^−k = E + 2^−k
 * with 2^−k applied to the quotient last; either sum exact (larger term first). The quotient is
 * rounded plus its first-order correction (q's rounding 0.5 ULP, ulp(q) ≤ 2·ulp(y), the sum's 0.5,
 * E's 2^-56.5: ≤ 1.6 ULP). Below k = −1022 (t beyond 708) E adds nothing. Subnormal results round
 * a second time (below an ULP of the subnormal). Without `careful` (|k| ≤ 1022 and every quotient
 * normal: the callers' main lanes) both signs take the second form, x·2^−k/(E + 2^−k): the same
 * bits (the powers of two only move them), with no selects. `careful` (the rare lanes: |x| < 2^-60
 * and k > 1022, t below −708): the power of two in two steps there, and ±0 and |x| < 2^-60 give
 * x/2, a subnormal tie broken away from zero for x > 0 and toward it for x < 0, as the x² term does.
 */
@inline export function mulSigmoidFast(x: v128, th: v128, tl: v128, careful: bool): v128 {
  const nth = f64x2.neg(th), ntl = f64x2.neg(tl);
  const eh = expFastL(nth, ntl, true), el = expFastL(nth, ntl, true, 1), k = expFastL(nth, ntl, true, 2);
  if (!careful) {
    const sk = pow2(i64x2.neg(k)); // 2^−k
    const ak = f64x2.pmax(eh, sk), bk = f64x2.pmin(eh, sk);
    const dk = add(ak, bk);
    const qk = div(x, dk);
    return mul(sub(qk, mul(qk, div(add(fastSumErr(ak, bk, dk), el), dk))), sk);
  }
  const neg = f64x2.lt(th, c64(0));
  const s = pow2z(i64x2.neg(i64x2.abs(k))); // 2^−|k|, 0 below 2^-1022
  const u = select(neg, eh, mul(eh, s));
  const v = select(neg, s, c64(1));
  const a = f64x2.pmax(u, v), b = f64x2.pmin(u, v);
  const dh = add(a, b);
  const dl = add(fastSumErr(a, b, dh), select(neg, el, mul(el, s)));
  const q = div(x, dh);
  const y0 = sub(q, mul(q, div(dl, dh)));
  const y = select(neg, mul(y0, s), y0);
  const far = select(i64x2.gt_s(k, i64x2.splat(1022)), scale(y0, i64x2.neg(k)), y);
  const half = mul(x, c64(0.5));
  const up = copysign(mul(add(x, c64(5e-324)), c64(0.5)), x);
  const tiny = select(f64x2.eq(add(half, half), x), half, up);
  return select(f64x2.lt(f64x2.abs(x), c64(8.673617379884035e-19)), tiny, far); // 2^-60
}

/**
 * σ(t) + m·σ'(t) for double-doubles t = th + tl (|th| ≤ 1400) and m = mh + ml of t's sign: the
 * derivative of x·σ(t(x)), m = x·t'. With e = e^−|t| to 2^-56.5 (expFastL with tl) and d = 1 + e
 * exact, it is a·(d + m·b)/d², (a, b) = (e, 1) for t < 0 and (1, e) for t ≥ 0. The only
 * cancellation, d + m for t < 0 (at the zero of f'), is summed in double-double; a·(d + m·b)
 * exact but for m·e's rounding where t ≥ 0 (2^-54 against d + m·e for m ≤ 3t), d² a double-double,
 * the quotient within 1.5 ULP (divFast). e's error reaches the result magnified by e/|d + m|:
 * the callers take a Taylor series about the zero of f' where that is large. `careful` (the rare
 * lanes, t below −700, where e is near or below 2^-1022): e^t·(1 + m) there, in double-double,
 * rounded once and scaled last. Above t = 1400 e counts as 0.
 */
@inline export function sigmoidSlopeFast(th: v128, tl: v128, mh: v128, ml: v128, careful: bool): v128 {
  const neg = f64x2.lt(th, c64(0));
  const t = maxC(negAbs(th), -1400);
  const tnl = select(neg, tl, f64x2.neg(tl)); // the low part of −|t|
  const e0 = expFastL(t, tnl, true), e1 = expFastL(t, tnl, true, 1), k = expFastL(t, tnl, true, 2);
  const s = pow2z(k);
  const eh = mul(e0, s), el = mul(e1, s);
  const dh = add(c64(1), eh);
  const dl = add(fastSumErr(c64(1), eh, dh), el); // exact: e ≤ 1
  const mb = select(neg, mh, mul(mh, eh));
  const qh = add(dh, mb);
  const ql = add(add(sumErr(dh, mb, qh), dl), select(neg, ml, add(mul(mh, el), mul(ml, eh))));
  const ah = select(neg, eh, c64(1));
  const ph = mul(ah, qh);
  const pl = add(prodErr(ah, qh, ph), add(mul(ah, ql), mul(v128.and(neg, el), qh)));
  const d2 = mul(dh, dh);
  const d2l = add(sqErr(dh, d2), mul(add(dh, dh), dl));
  const y = divFast(ph, pl, d2, d2l);
  const far = f64x2.lt(th, c64(-700));
  if (!careful || !v128.any_true(far)) return y; // the careful blocks are mostly the Taylor windows'
  const oh = add(c64(1), mh), ol = add(sumErr(c64(1), mh, oh), ml);
  return select(far, scale(add(mulDD(e0, e1, oh, ol), mulDD(e0, e1, oh, ol, 1)), k), y); // σ and σ' are e^t to 2^-1000
}

/**
 * e^−t for t = th + tl (|tl| ≤ ulp(th), |t| ≤ 700) as (eh + el)·2^−j, j = round(t/ln 2): eh and el
 * (parts 0 and 1) the double-double e^r, r = j·ln 2 − t: expBits of −t with its low part (2^-56.5),
 * and 2^j (part 2), one shift of its kd's low bits.
 * For the main lanes of x·σ(t) and its slope, where 2^j replaces the selects on t's sign.
 */
@inline export function expNegPow2(th: v128, tl: v128, part: i32 = 0): v128 {
  const nt = f64x2.neg(th);
  // 2^j = 2^−k from the low bits k + 1023 of expBits' kd: exponent field 2046 − (k + 1023)
  if (part == 2) return i64x2.shl(i64x2.sub(i64x2.splat(2046), expBits(nt, 2)), 52); // |j| ≤ 1010
  return expBits(nt, part, true, f64x2.neg(tl), true);
}

/**
 * x·σ(th + tl) as mulSigmoidFast without `careful`, for the main lanes only (|t| ≤ 700, every
 * quotient normal): e^−t = E·2^−j (expNegPow2, 2^-56.5) and x·σ(t) = x/(2^j + E)·2^j, the sum
 * exact (larger term first), the quotient rounded plus its first-order correction and times 2^j
 * exactly: within 1.6 ULP as mulSigmoidFast (the same steps, with no negations and one shift for
 * the power of two).
 */
@inline export function mulSigmoidMain(x: v128, th: v128, tl: v128): v128 {
  const eh = expNegPow2(th, tl), el = expNegPow2(th, tl, 1), s = expNegPow2(th, tl, 2);
  const a = f64x2.pmax(eh, s), b = f64x2.pmin(eh, s);
  const dh = add(a, b);
  const q = div(x, dh);
  return mul(sub(q, mul(q, div(add(fastSumErr(a, b, dh), el), dh))), s);
}

/**
 * σ(t) + m·σ'(t) as sigmoidSlopeFast, for the main lanes only (−700 ≤ t ≤ 350; m = mh + ml with
 * |ml| ≤ 2^-10·|mh|): e^−t = E·2^−j (expNegPow2) and f' = (1 + e^−t·(1 + m))/(1 + e^−t)² =
 * (D + E·m)/D²·2^j, D = 2^j + E, for either sign of t, with no selects: D exact, E·m and the sum
 * in double-double (exact but for roundings of 2^-63 relative), the square as there, the quotient
 * within 1.5 ULP (divFast), times 2^j exactly. E's 2^-56.5 reaches the result as in
 * sigmoidSlopeFast (the same function of E, magnified by about e^−|t|/|d + m| where t < 0); the
 * rounding of m·e there is gone. The caller keeps the lanes near the zero of f' and beyond out.
 */
@inline export function sigmoidSlopeMain(th: v128, tl: v128, mh: v128, ml: v128): v128 {
  const e0 = expNegPow2(th, tl), e1 = expNegPow2(th, tl, 1), s = expNegPow2(th, tl, 2);
  const a = f64x2.pmax(e0, s), b = f64x2.pmin(e0, s);
  const dh = add(a, b);
  const dl = add(fastSumErr(a, b, dh), e1); // D = 2^j + E, exact
  const ph = mul(e0, mh);
  const pl = add(prodErr(e0, mh, ph), add(mul(e0, ml), mul(e1, mh))); // E·m
  const nh = add(dh, ph);
  const nl = add(sumErr(dh, ph, nh), add(dl, pl));
  const d2 = mul(dh, dh);
  const d2l = add(sqErr(dh, d2), mul(add(dh, dh), dl));
  return mul(divFast(nh, nl, d2, d2l), s);
}

/**
 * e^t = (hi + lo)·2^k for |t| ≤ 708 (the callers' bounds; e^(t + tl) with `low`, |tl| ≤ ulp(t)),
 * unscaled: hi (part 0), lo (1), and kd
 * (2), whose low bits hold k + 1023 (i64x2.shl(kd, 52) = 2^k, and other powers of two from the same
 * bits): expFastL's steps with P of degree 9 (expTail9: 2^-60.3), 2^-55 relative, 2^-56.5 with
 * `acc` (rl·(e^r − 1) kept). expPair scales it; softplus and mish fold 2^k into other powers of two.
 */
@inline export function expBits(t: v128, part: i32 = 0, acc: bool = true, tl: v128 = f64x2.splat(0), low: bool = false): v128 {
  const kd = add(mul(t, c64(INV_LN2)), c64(ROUND_BIAS));
  if (part == 2) return kd;
  const k = sub(kd, c64(ROUND_BIAS));
  const r1 = sub(t, mul(k, c64(LN2_HI))); // exact
  const r2 = mul(k, c64(LN2_LO));
  const r = sub(r1, r2);
  const rl0 = sub(sub(r1, r), r2); // exact unless |r1| < |r2| < 2^-20, where r's error is below 2^-70
  const rl = low ? add(rl0, tl) : rl0; // t's low part, with `low`
  const q = mul(r, r);
  const a = add(mul(q, c64(0.5)), mul(mul(q, r), expTail9(r, q))); // |a| ≤ 0.07
  const h = add(c64(1), r);
  const lo = add(add(fastSumErr(c64(1), r, h), a), acc ? add(rl, mul(rl, add(r, a))) : rl); // e^(r + rl) = e^r·(1 + rl)
  const e = add(h, lo);
  return part == 0 ? e : fastSumErr(h, lo, e);
}
