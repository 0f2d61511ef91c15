/**
 * Vector math on f64x2 for the float32 kernels: exp, expm1, log1p, tanh and erfc, each within
 * 2^-40 of the exact value (relative), so that one rounding to float32 stays within
 * 0.5 + 2^-16 ULP. Measured bounds are printed by test/kernels.test.ts and listed in
 * src/kernels/wasm/README.md. Polynomial coefficients come from scripts/wasm/fit.py (coefficients.generated.ts).
 *
 * Every function takes and returns two float64 lanes; NaN propagates (wasm's f64x2.min/max do).
 */
import {
  INV_LN2, LN2, LN2_HI, LN2_LO,
  EXPM1_0, EXPM1_1, EXPM1_2, EXPM1_3, EXPM1_4, EXPM1_5, EXPM1_6,
  LOG1P_0, LOG1P_1, LOG1P_2, LOG1P_3, LOG1P_4,
  ERFC_0, ERFC_1, ERFC_2, ERFC_3, ERFC_4, ERFC_5, ERFC_6, ERFC_7, ERFC_8,
  ERFC_9, ERFC_10, ERFC_11, ERFC_12, ERFC_13, ERFC_14, ERFC_15, ERFC_16,
  EXPM1F_0, EXPM1F_1, EXPM1F_2, EXPM1F_3, EXPM1F_4,
  LOG1PF_0, LOG1PF_1, LOG1PF_2,
  EXPR_A, EXPR_B,
  ERFCF_0, ERFCF_1, ERFCF_2, ERFCF_3, ERFCF_4, ERFCF_5, ERFCF_6, ERFCF_7, ERFCF_8, ERFCF_9, ERFCF_10, ERFCF_11,
} from './coefficients.generated';

// ---- f64x2 shorthands (all inlined; constants fold to v128.const) ----

@inline export function c64(v: f64): v128 { return f64x2.splat(v); }
@inline export function add(a: v128, b: v128): v128 { return f64x2.add(a, b); }
@inline export function sub(a: v128, b: v128): v128 { return f64x2.sub(a, b); }
@inline export function mul(a: v128, b: v128): v128 { return f64x2.mul(a, b); }
@inline export function div(a: v128, b: v128): v128 { return f64x2.div(a, b); }
/** a·b + c (two roundings: baseline wasm SIMD has no fused multiply-add). */
@inline export function mad(a: v128, b: v128, c: v128): v128 { return f64x2.add(f64x2.mul(a, b), c); }
/** Lanewise cond ? a : b, cond a comparison mask. */
@inline export function select(cond: v128, a: v128, b: v128): v128 { return v128.bitselect(a, b, cond); }
/** |a| with the sign of b. */
@inline export function copysign(a: v128, b: v128): v128 {
  return v128.or(v128.and(a, i64x2.splat(0x7fffffffffffffff)), v128.and(b, i64x2.splat(0x8000000000000000)));
}

/**
 * exp and expm1 clamp their argument to [−708, 709]: below, eˣ < 3.3e-308 and every float32
 * result built from it is the same as from 0 (σ(−708) and −708·e⁻⁷⁰⁸ round to ±0); above, the
 * callers' results overflow float32 either way.
 */
const EXP_MIN: f64 = -708;
const EXP_MAX: f64 = 709;
/** 1.5·2^52: adding it rounds to an integer held in the low mantissa bits. */
const ROUND_MAGIC: f64 = 6755399441055744.0;

/**
 * Lanewise min(x, c) and max(x, c) for a constant c, NaN in x propagating. wasm's pmin/pmax
 * (b < a ? b : a, a < b ? b : a) are one instruction each; min/max, which also order ±0 and
 * propagate NaN from either side, take several on x86.
 */
@inline export function minC(x: v128, c: f64): v128 { return f64x2.pmin(x, f64x2.splat(c)); }
@inline export function maxC(x: v128, c: f64): v128 { return f64x2.pmax(x, f64x2.splat(c)); }

/**
 * expm1(r) for |r| ≤ ln(2)/2: r + r²·(1/2 + r·P(r)), P of degree 6. Estrin's scheme rather than
 * Horner's: the same operation count, half the dependency chain.
 */
@inline function expm1Reduced(r: v128): v128 {
  const r2 = mul(r, r);
  const r4 = mul(r2, r2);
  const a = mad(c64(EXPM1_0), r, c64(0.5));
  const b = mad(c64(EXPM1_2), r, c64(EXPM1_1));
  const c = mad(c64(EXPM1_4), r, c64(EXPM1_3));
  const d = mad(c64(EXPM1_6), r, c64(EXPM1_5));
  const q = add(mad(b, r2, a), mul(r4, mad(d, r2, c)));
  return mad(r2, q, r);
}

/** round(x/ln 2) as a float64 with the integer also in the low mantissa bits (x clamped). */
@inline function reduceK(x: v128): v128 { return mad(x, c64(INV_LN2), c64(ROUND_MAGIC)); }
/** x − k·ln 2, Cody-Waite (k·LN2_HI is exact). */
@inline function reduceR(x: v128, k: v128): v128 {
  return sub(sub(x, mul(k, c64(LN2_HI))), mul(k, c64(LN2_LO)));
}
/** 2^k from the rounding trick's bits: (k + 1023) << 52 (the magic's own bits shift out). */
@inline function scaleOf(kd: v128): v128 { return i64x2.shl(i64x2.add(kd, i64x2.splat(1023)), 52); }

/** eˣ for x clamped to [−708, 709] (see EXP_MIN). Relative error < 2^-42. */
@inline export function exp(x: v128): v128 {
  const xc = maxC(minC(x, EXP_MAX), EXP_MIN);
  const kd = reduceK(xc);
  const k = sub(kd, c64(ROUND_MAGIC));
  const s = scaleOf(kd);
  return mad(s, expm1Reduced(reduceR(xc, k)), s);
}

/**
 * eˣ for x ≤ 0 (clamped below at −708; x > 0 is not handled), for the backward kernels, which
 * need 2^-30, not 2^-42: no upper clamp, and x − k·ln 2 in one step. Its error, |k|·|ln 2 − LN2|
 * plus one rounding of k·LN2 (< 2^-43 for |k| ≤ 1022), only shifts r, so the result stays within
 * 2^-41 (relative). Three operations fewer than exp.
 */
@inline export function expNonPositive(x: v128): v128 {
  const xc = maxC(x, EXP_MIN);
  const kd = reduceK(xc);
  const k = sub(kd, c64(ROUND_MAGIC));
  const s = scaleOf(kd);
  return mad(s, expm1Reduced(mad(k, c64(-LN2), xc)), s);
}

/** eˣ − 1 for x clamped to [−708, 709], with the sign of x (expm1(−0) = −0). Relative error < 2^-42. */
@inline export function expm1(x: v128): v128 {
  const xc = maxC(minC(x, EXP_MAX), EXP_MIN);
  const kd = reduceK(xc);
  const k = sub(kd, c64(ROUND_MAGIC));
  const s = scaleOf(kd);
  // 2^k·expm1(r) + (2^k − 1): 2^k − 1 is exact and the sum cancels at most a factor of 2.
  return copysign(mad(s, expm1Reduced(reduceR(xc, k)), sub(s, c64(1))), x);
}

/**
 * log(1 + w) for 0 ≤ w ≤ 1 (what softplus needs: w = e^−|x|). Above √2 − 1 it uses
 * log1p(w) = ln 2 + log1p((w − 1)/2), so that s = v/(2 + v) stays within ±(3 − 2√2), where
 * log1p(v) = 2·atanh(s) = 2s + s³·P(s²). Relative error < 2^-43.
 */
@inline export function log1pUnit(w: v128): v128 {
  const big = f64x2.gt(w, c64(0.41421356237309503));
  const v = select(big, mul(sub(w, c64(1)), c64(0.5)), w);
  const s = div(v, add(v, c64(2)));
  const s2 = mul(s, s);
  let p = mad(c64(LOG1P_4), s2, c64(LOG1P_3));
  p = mad(p, s2, c64(LOG1P_2));
  p = mad(p, s2, c64(LOG1P_1));
  p = mad(p, s2, c64(LOG1P_0));
  const l = mad(mul(s, s2), p, add(s, s));
  return add(select(big, c64(LN2), c64(0)), l);
}

/** tanh x = t/(t + 2), t = expm1(2|x|), with the sign of x; ±1 beyond |x| = 20. */
@inline export function tanh(x: v128): v128 {
  const a = minC(f64x2.abs(x), 20);
  const t = expm1(add(a, a));
  return copysign(div(t, add(t, c64(2))), x);
}

/**
 * erfc(z) for z = |x|/√2 given x (not z): t·exp(−x²/2 + P(u)), t = 3/(3 + z), u = 2t − 1.
 * x²/2 is exact for a float32 x, so only t and P(u) see z's rounding, and they vary slowly
 * (the e^−z² factor, which would magnify it by 2z², is computed from x). Fitted for z ≤ 10.75
 * (|x| ≤ 15.2); beyond it the value is below 1e-51, and P stays bounded (Σ|ERFC_k| < 2.2),
 * so the result is still a number that small. Relative error < 2^-40.
 */
@inline export function erfcOfScaled(x: v128, z: v128): v128 {
  const t = div(c64(3), add(z, c64(3)));
  const u = sub(add(t, t), c64(1));
  // P(u) of degree 16 by Estrin's scheme: pairs, then powers u², u⁴, u⁸.
  const u2 = mul(u, u);
  const u4 = mul(u2, u2);
  const u8 = mul(u4, u4);
  const p01 = mad(c64(ERFC_1), u, c64(ERFC_0));
  const p23 = mad(c64(ERFC_3), u, c64(ERFC_2));
  const p45 = mad(c64(ERFC_5), u, c64(ERFC_4));
  const p67 = mad(c64(ERFC_7), u, c64(ERFC_6));
  const p89 = mad(c64(ERFC_9), u, c64(ERFC_8));
  const pab = mad(c64(ERFC_11), u, c64(ERFC_10));
  const pcd = mad(c64(ERFC_13), u, c64(ERFC_12));
  const pef = mad(c64(ERFC_15), u, c64(ERFC_14));
  const lo = add(mad(p23, u2, p01), mul(u4, mad(p67, u2, p45)));
  const hi = add(mad(pab, u2, p89), mul(u4, mad(pef, u2, pcd)));
  const p = add(lo, mul(u8, mad(c64(ERFC_16), u8, hi)));
  return mul(t, exp(sub(p, mul(mul(x, x), c64(0.5)))));
}

// ---- float32-accuracy variants, for the forward kernels ----
//
// A float32 result is within 0.5 + ε·2^24 ULP of the exact value when the float64 value it is
// rounded from is within ε of it (relative). The functions below target ε ≈ 2^-30 (the F fits
// of scripts/wasm/fit.py), i.e. ≤ 0.52 ULP, with lower-degree polynomials, a one-constant
// reduction and no clamping: each caller bounds the argument (in float32, four lanes at once)
// so that the polynomial path gives the limits by itself.

/** 1.5·2^52 + 1023: adding it rounds to an integer k and leaves k + 1023 in the low mantissa bits. */
const ROUND_BIAS: f64 = 6755399441055744.0 + 1023;

/**
 * e^t = 2^k·N/D for t in [−708, 0] (the caller's bound): r = t − k·ln 2 and e^r = N/D by a rational
 * function (N = P + rQ, D = P − rQ, P = 1 + EXPR_A·r², Q = 1/2 + EXPR_B·r²; relative error < 2^-32.5
 * for |r| ≤ ln(2)/2). expRatioD gives D and expRatioScaledN 2^k·N: the functions of e^t below
 * (σ, log1p(eᵗ), σ') and those of the kernels divide once by an expression in both, so the
 * exponential's own division and theirs are one. A caller uses both on the same t; after inlining,
 * the optimizer computes their shared reduction once. NaN gives NaN.
 */
@inline export function expRatioD(t: v128): v128 {
  const kd = mad(t, c64(INV_LN2), c64(ROUND_BIAS));
  const r = sub(t, mul(sub(kd, c64(ROUND_BIAS)), c64(LN2)));
  const r2 = mul(r, r);
  return sub(mad(r2, c64(EXPR_A), c64(1)), mul(r, mad(r2, c64(EXPR_B), c64(0.5))));
}
/** 2^k·N of e^t = 2^k·N/D (see expRatioD). */
@inline export function expRatioScaledN(t: v128): v128 {
  const kd = mad(t, c64(INV_LN2), c64(ROUND_BIAS));
  const r = sub(t, mul(sub(kd, c64(ROUND_BIAS)), c64(LN2)));
  const r2 = mul(r, r);
  return mul(i64x2.shl(kd, 52), add(mad(r2, c64(EXPR_A), c64(1)), mul(r, mad(r2, c64(EXPR_B), c64(0.5)))));
}

/** expm1(r) for |r| ≤ ln(2)/2: r + r²·(1/2 + r·P(r)), P of degree 4. Relative error < 2^-31. */
@inline function expm1ReducedF(r: v128): v128 {
  const r2 = mul(r, r);
  const a = mad(c64(EXPM1F_0), r, c64(0.5));
  const b = mad(c64(EXPM1F_2), r, c64(EXPM1F_1));
  const d = mad(c64(EXPM1F_4), r, c64(EXPM1F_3));
  return mad(r2, mad(mad(d, r2, b), r2, a), r);
}

/**
 * eˣ for x in [−708, 709] (the caller's bound; NaN gives NaN). 2^k is the shifted bits of the
 * rounding sum itself; r = x − k·ln 2 with one constant, whose rounding (< 2^-44 for |k| ≤ 1023)
 * is far below the target. Relative error < 2^-30.5.
 */
@inline export function expF(x: v128): v128 {
  const kd = mad(x, c64(INV_LN2), c64(ROUND_BIAS));
  const k = sub(kd, c64(ROUND_BIAS));
  const s = i64x2.shl(kd, 52);
  const p = expm1ReducedF(sub(x, mul(k, c64(LN2))));
  return mad(s, p, s);
}

/**
 * eˣ − 1 for x in [−708, 709] (the caller's bound; NaN gives NaN). expm1(±0) is +0: callers
 * that need −0 select x itself there. Relative error < 2^-30.5.
 */
@inline export function expm1F(x: v128): v128 {
  const kd = mad(x, c64(INV_LN2), c64(ROUND_BIAS));
  const k = sub(kd, c64(ROUND_BIAS));
  const s = i64x2.shl(kd, 52);
  const p = expm1ReducedF(sub(x, mul(k, c64(LN2))));
  // 2^k·expm1(r) + (2^k − 1): 2^k − 1 is exact and the sum cancels at most a factor of 2.
  return mad(s, p, sub(s, c64(1)));
}

/** log(1 + w) for 0 ≤ w ≤ 1, as log1pUnit with P of degree 2. Relative error < 2^-30. */
@inline export function log1pUnitF(w: v128): v128 {
  const big = f64x2.gt(w, c64(0.41421356237309503));
  const v = select(big, mul(sub(w, c64(1)), c64(0.5)), w);
  const s = div(v, add(v, c64(2)));
  const s2 = mul(s, s);
  const p = mad(mad(c64(LOG1PF_2), s2, c64(LOG1PF_1)), s2, c64(LOG1PF_0));
  const l = mad(mul(s, s2), p, add(s, s));
  return add(v128.and(big, c64(LN2)), l);
}

/**
 * erfc(z) for z = |x|/√2, given a = |x| ≤ 15 (the caller's bound) and z: as erfcOfScaled, with
 * P of degree 11 and expF. Relative error < 2^-30.
 */
@inline export function erfcOfScaledF(a: v128, z: v128): v128 {
  const t = div(c64(3), add(z, c64(3)));
  const u = sub(add(t, t), c64(1));
  const u2 = mul(u, u);
  const u4 = mul(u2, u2);
  const u8 = mul(u4, u4);
  const p01 = mad(c64(ERFCF_1), u, c64(ERFCF_0));
  const p23 = mad(c64(ERFCF_3), u, c64(ERFCF_2));
  const p45 = mad(c64(ERFCF_5), u, c64(ERFCF_4));
  const p67 = mad(c64(ERFCF_7), u, c64(ERFCF_6));
  const p89 = mad(c64(ERFCF_9), u, c64(ERFCF_8));
  const pab = mad(c64(ERFCF_11), u, c64(ERFCF_10));
  const lo = add(mad(p23, u2, p01), mul(u4, mad(p67, u2, p45)));
  const p = add(lo, mul(u8, mad(pab, u2, p89)));
  return mul(t, expF(sub(p, mul(mul(a, a), c64(0.5)))));
}

/**
 * The logistic function for t = −|x| in [−708, 0] and ge = (x ≥ 0) as a lane mask: σ(x). With
 * e^t = 2^k·N/D (expRatioD), σ(x) = (x ≥ 0 ? D : 2^k·N)/(D + 2^k·N). NaN gives NaN.
 */
@inline export function logisticF(t: v128, ge: v128): v128 {
  const d = expRatioD(t);
  const sn = expRatioScaledN(t);
  return div(select(ge, d, sn), add(d, sn));
}

/**
 * m + log1p(e^t) for t in [−708, 0], given big = (e^t > √2 − 1) as a lane mask (the caller
 * decides it from t, in float32: the fit's range is what matters, and a float32 step past the
 * boundary, 2^-25 relative, moves the polynomial's error by far less than its size). e^t = 2^k·N/D
 * as in logisticF, and log1pUnitF's s = v/(2 + v), v = e or (e − 1)/2, is then
 * (2^k·N − [big]·D)/(2^k·N + 2D + [big]·D): one division for both. NaN gives NaN.
 */
@inline export function addLog1pExpF(m: v128, t: v128, big: v128): v128 {
  const d = expRatioD(t);
  const sn = expRatioScaledN(t);
  const bd = v128.and(big, d);
  const s = div(sub(sn, bd), add(add(sn, add(d, d)), bd));
  const s2 = mul(s, s);
  const q = mad(mad(c64(LOG1PF_2), s2, c64(LOG1PF_1)), s2, c64(LOG1PF_0));
  const l = mad(mul(s, s2), q, add(s, s));
  return add(m, add(v128.and(big, c64(LN2)), l));
}

/**
 * g·σ'(x) = g·e/(1 + e)², e = e^t for t = −|x| in [−708, 0] (the caller's bound): with
 * e^t = 2^k·N/D as in logisticF, g·2^k·N·D/(D + 2^k·N)², one division for the exponential's and
 * σ′'s. N/D is within 2^-32.5 and σ' = e/(1 + e)² moves by at most that much relative to it
 * ((1 − e)/(1 + e) ≤ 1 times e's error). Lanes of the mask zero take e = +0 (g·0: ±0 with g's
 * sign, NaN for g = ±∞). NaN gives NaN.
 */
@inline export function gLogisticDerivF(g: v128, t: v128, zero: v128): v128 {
  const d = expRatioD(t);
  const sn = v128.andnot(expRatioScaledN(t), zero);
  const den = add(d, sn);
  return div(mul(mul(g, sn), d), mul(den, den));
}

// ---- for the backward kernels ----

/** Math.exp(t) is 0 below this (float64); a float32 t is below it from −745.13324 on. */
export const EXP_ZERO: f64 = -745.1332191019411;

/**
 * eᵗ for t ≤ 0 (within 2^-41), 0 where Math.exp is 0, as the JS path's g·df(x) then is g·0 (the
 * zero's sign; NaN for g = ±∞). Between −745 and −708 it is e^−708, not eᵗ: every float32 g·f'
 * the kernels build from it rounds to the same ±0 (±∞ for g = ±∞) either way. Cheaper than expSub.
 */
@inline export function expNeg(t: v128): v128 {
  return v128.andnot(expNonPositive(t), f64x2.lt(t, c64(EXP_ZERO)));
}

/**
 * eˣ down to the subnormals, as Math.exp: exp clamps at −708, so below it e^(x + 512·ln 2)·2^-512
 * (0 from about −745 on). The JS path's g·df(x) is g·(tiny) there, not g·0: the sign of a zero
 * result and g = ±∞ (±∞, not NaN) come out the same.
 */
@inline export function expSub(x: v128): v128 {
  const low = f64x2.lt(x, c64(-708));
  const e = exp(select(low, add(x, c64(354.8913564904879)), x)); // 512·ln 2
  return select(low, mul(e, c64(7.458340731200207e-155)), e); // 2^-512
}

/** −|x| (one operation: the sign bit set). */
@inline export function negAbs(x: v128): v128 { return v128.or(x, i64x2.splat(0x8000000000000000)); }

/** Where f' is the Taylor series about its zero r (scripts/wasm/roots.py) rather than its formula. */
const TAYLOR_RADIUS: f64 = 0.00390625; // 2^-8

/** Whether x is within 2^-8 of the zero r = rHi + rLo of f'. */
@inline export function nearZero(x: v128, rHi: f64, rLo: f64): v128 {
  return f64x2.lt(f64x2.abs(sub(x, c64(rHi))), c64(TAYLOR_RADIUS));
}
/** f' near its zero r: T1·t + … + T5·t⁵, t = (x − r_hi) − r_lo. */
@inline export function taylor(x: v128, rHi: f64, rLo: f64, t1: f64, t2: f64, t3: f64, t4: f64, t5: f64): v128 {
  const t = sub(sub(x, c64(rHi)), c64(rLo));
  let p = mad(c64(t5), t, c64(t4));
  p = mad(p, t, c64(t3));
  p = mad(p, t, c64(t2));
  p = mad(p, t, c64(t1));
  return mul(p, t);
}
