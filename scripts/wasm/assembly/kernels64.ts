/**
 * The float64 kernels of the elementwise activations, forward and backward, for float64 arrays in
 * the heap: `<name>F64(dst, src, n, a, b)` reads n float64 at byte offset `src` and writes n
 * float64 at `dst`; `<name>F64Grad(dst, x, g, n, a, b)` writes g·f'(x) (dst may be x or g).
 *
 * The float64 contract: within 2 float64 ULP of the exact value (the forward) and of the exact
 * g·f'(x) rounded as the JS path does, g·df(x) (the backward). Piecewise-linear and rational
 * activations are the specs' own float64 operations, so their bits equal the JS path's. The
 * transcendental ones form the result as a double-double with ~2^-56 relative error (math64.ts:
 * exponential reduced exactly, corrected quotients, exact products) and round it once, as the
 * specs' `precise` paths do; powers of two are applied last, so that subnormal results round once.
 * Semantics (NaN, ±∞, signed zeros, the kinks) are those of src/nn/activations.
 */
import * as M from './math64';
import { c64, select as sel } from './math64';

// ---- drivers ----

/** dst[i] = K.f(src[i]) over n float64, two lanes at a time (four per iteration). */
@inline function map<K>(dst: usize, src: usize, n: i32, a: f64, b: f64): void {
  const k = changetype<K>(0);
  const av = f64x2.splat(a);
  const bv = f64x2.splat(b);
  const end4 = src + (<usize>(n & ~3) << 3);
  let s = src;
  let d = dst;
  for (; s < end4; s += 32, d += 32) {
    // @ts-ignore: K is one of the kernel classes below (AssemblyScript generics are templates)
    const y0: v128 = k.f(v128.load(s), av, bv);
    // @ts-ignore
    const y1: v128 = k.f(v128.load(s, 16), av, bv);
    v128.store(d, y0);
    v128.store(d, y1, 16);
  }
  if (n & 2) {
    // @ts-ignore
    v128.store(d, k.f(v128.load(s), av, bv));
    s += 16;
    d += 16;
  }
  // @ts-ignore
  if (n & 1) v128.store64_lane(d, k.f(v128.load64_zero(s), av, bv), 0);
}

/** dst[i] = K.d(x[i], g[i]) = g·f'(x) over n float64. */
@inline function grad<K>(dst: usize, xp: usize, gp: usize, n: i32, a: f64, b: f64): void {
  const k = changetype<K>(0);
  const av = f64x2.splat(a);
  const bv = f64x2.splat(b);
  const end4 = xp + (<usize>(n & ~3) << 3);
  let x = xp, g = gp, d = dst;
  for (; x < end4; x += 32, g += 32, d += 32) {
    // @ts-ignore
    const y0: v128 = k.d(v128.load(x), v128.load(g), av, bv);
    // @ts-ignore
    const y1: v128 = k.d(v128.load(x, 16), v128.load(g, 16), av, bv);
    v128.store(d, y0);
    v128.store(d, y1, 16);
  }
  if (n & 2) {
    // @ts-ignore
    v128.store(d, k.d(v128.load(x), v128.load(g), av, bv));
    x += 16; g += 16; d += 16;
  }
  // @ts-ignore
  if (n & 1) v128.store64_lane(d, k.d(v128.load64_zero(x), v128.load64_zero(g), av, bv), 0);
}

// ---- shorthands ----

@inline function gt(a: v128, b: v128): v128 { return f64x2.gt(a, b); }
@inline function ge(a: v128, b: v128): v128 { return f64x2.ge(a, b); }
@inline function lt(a: v128, b: v128): v128 { return f64x2.lt(a, b); }
@inline function le(a: v128, b: v128): v128 { return f64x2.le(a, b); }
/** 1 where cond, else 0; NaN where x is NaN (the specs' f' of piecewise-linear functions). */
@inline function ind(cond: v128, x: v128): v128 { return sel(f64x2.ne(x, x), x, v128.and(cond, c64(1))); }
/** min(max(x, lo), hi) for constants, NaN passing. */
@inline function clamp(x: v128, lo: f64, hi: f64): v128 { return M.maxC(M.minC(x, hi), lo); }

// ---- piecewise-linear and rational activations: the specs' float64 operations ----

@final class Relu {
  @inline f(x: v128, a: v128, b: v128): v128 { return v128.andnot(x, le(x, c64(0))); }
  @inline d(x: v128, g: v128, a: v128, b: v128): v128 { return M.mul(g, ind(gt(x, c64(0)), x)); }
}
@final class Relu6 {
  @inline f(x: v128, a: v128, b: v128): v128 { return M.minC(v128.andnot(x, le(x, c64(0))), 6); }
  @inline d(x: v128, g: v128, a: v128, b: v128): v128 {
    return M.mul(g, ind(v128.and(gt(x, c64(0)), lt(x, c64(6))), x));
  }
}
@final class Relu2 {
  @inline f(x: v128, a: v128, b: v128): v128 { return sel(le(x, c64(0)), c64(0), M.mul(x, x)); }
  /** g·(2x) or g·0, as the JS path (2x is exact, or ±∞ as there). */
  @inline d(x: v128, g: v128, a: v128, b: v128): v128 { return M.mul(g, sel(le(x, c64(0)), c64(0), M.add(x, x))); }
}
@final class HardTanh {
  @inline f(x: v128, lo: v128, hi: v128): v128 { return sel(lt(x, lo), lo, sel(gt(x, hi), hi, x)); }
  @inline d(x: v128, g: v128, lo: v128, hi: v128): v128 { return M.mul(g, ind(v128.and(gt(x, lo), lt(x, hi)), x)); }
}
/** leakyRelu: x ≥ 0 ? x : s·x, and x < 0 ? +0 : x for s = 0 (0·x would be −0, NaN for −∞). */
@final class LeakyRelu {
  @inline f(x: v128, s: v128, b: v128): v128 {
    const neg = sel(f64x2.eq(s, c64(0)), c64(0), M.mul(s, x));
    return sel(ge(x, c64(0)), x, sel(lt(x, c64(0)), neg, x));
  }
  @inline d(x: v128, g: v128, s: v128, b: v128): v128 {
    return M.mul(g, sel(f64x2.ne(x, x), x, sel(ge(x, c64(0)), c64(1), s)));
  }
}
@final class HardShrink {
  @inline f(x: v128, l: v128, b: v128): v128 { return sel(le(f64x2.abs(x), l), c64(0), x); }
  @inline d(x: v128, g: v128, l: v128, b: v128): v128 { return M.mul(g, ind(gt(f64x2.abs(x), l), x)); }
}
@final class Softshrink {
  @inline f(x: v128, l: v128, b: v128): v128 {
    return sel(le(f64x2.abs(x), l), c64(0), sel(gt(x, c64(0)), M.sub(x, l), M.add(x, l)));
  }
  @inline d(x: v128, g: v128, l: v128, b: v128): v128 { return M.mul(g, ind(gt(f64x2.abs(x), l), x)); }
}
@final class Step {
  @inline f(x: v128, t: v128, b: v128): v128 { return sel(ge(x, t), c64(1), sel(lt(x, t), c64(0), x)); }
  @inline d(x: v128, g: v128, t: v128, b: v128): v128 { return M.mul(g, sel(f64x2.ne(x, x), x, c64(0))); }
}
/**
 * softsign: x/(1 + |x|) with 1 + |x| carried exactly and the quotient corrected (±1 beyond 2^54);
 * f' = 1/(1 + |x|)², (1 + |x|)² as a double-double, and 1/|x|/|x| beyond 2^64.
 */
@final class Softsign {
  @inline f(x: v128, a: v128, b: v128): v128 {
    const xc = clamp(x, -1.152921504606847e18, 1.152921504606847e18); // ±2^60: the quotient rounds to ±1
    const ax = f64x2.abs(xc);
    const d = M.add(c64(1), ax);
    const q = M.divDD(xc, c64(0), d, M.sumErr(c64(1), ax, d));
    return sel(f64x2.eq(q, c64(0)), q, M.add(q, M.LO)); // ±0 keeps its sign
  }
  @inline d(x: v128, g: v128, a: v128, b: v128): v128 {
    const ax = f64x2.abs(x);
    const ac = M.minC(ax, 1.8446744073709552e19); // 2^64
    const d = M.add(c64(1), ac);
    const dl = M.sumErr(c64(1), ac, d);
    const d2 = M.mul(d, d);
    const q = M.divDD(c64(1), c64(0), d2, M.add(M.prodErr(d, d, d2), M.mul(M.add(d, d), dl)));
    const far = M.div(M.div(c64(1), ax), ax);
    return M.mul(g, sel(gt(ax, c64(1.8446744073709552e19)), far, M.add(q, M.LO)));
  }
}
/**
 * hardswish, as the spec: x ≤ −3 ? 0 : x ≥ 3 ? x : middle, middle = x(x + 3)/6 at or below −1.5
 * (x + 3 exact) and x/2 + x²/6 above (x/2 where that sum is 0, keeping −0); f' = (2x + 3)/6 on [−3, 3].
 */
@final class Hardswish {
  @inline f(x: v128, a: v128, b: v128): v128 {
    const low = M.div(M.mul(x, M.add(x, c64(3))), c64(6));
    const half = M.mul(x, c64(0.5));
    const y = M.add(half, M.div(M.mul(x, x), c64(6)));
    const mid = sel(le(x, c64(-1.5)), low, sel(f64x2.eq(y, c64(0)), half, y));
    return sel(le(x, c64(-3)), c64(0), sel(ge(x, c64(3)), x, mid));
  }
  @inline d(x: v128, g: v128, a: v128, b: v128): v128 {
    const mid = M.div(M.add(M.add(x, x), c64(3)), c64(6));
    return M.mul(g, sel(lt(x, c64(-3)), c64(0), sel(gt(x, c64(3)), c64(1), mid)));
  }
}

// ---- transcendental activations: double-double, rounded once ----

/** |x| beyond which every σ-based result is its limit; keeps the powers of two in scale's range. */
const X_MAX: f64 = 1400;

/** σ(x) = 1/(1 + e⁻ˣ); σ' = e/(1 + e)², e = e^−|x|. */
@final class Sigmoid {
  @inline f(x: v128, a: v128, b: v128): v128 {
    const q = M.sigmoidDD(clamp(x, -X_MAX, X_MAX), c64(0));
    return M.roundScaled(q, M.LO, M.KS);
  }
  @inline d(x: v128, g: v128, a: v128, b: v128): v128 {
    const q = M.sigmoidGradDD(clamp(x, -X_MAX, X_MAX), c64(0));
    return M.scale(M.mul(g, M.add(q, M.LO)), M.KS);
  }
}

/**
 * tanh x = −m/(2 + m), m = expm1(−2|x|) ∈ (−1, 0], with the sign of x: 2 + m carried exactly,
 * the quotient corrected. |x| is bounded at 19.1 (tanh rounds to ±1 from 19.06 on); below 2^-28
 * tanh x rounds to x. tanh' = sech² x = 4·σ'(2x).
 */
@final class Tanh {
  @inline f(x: v128, a: v128, b: v128): v128 {
    const ax = M.minC(f64x2.abs(x), 19.1);
    const m = M.expm1DD(M.mul(ax, c64(-2)), c64(0));
    const ml = M.LO;
    const dh = M.add(c64(2), m);
    const dl = M.add(M.fastSumErr(c64(2), m, dh), ml);
    const q = M.divDD(f64x2.neg(m), f64x2.neg(ml), dh, dl);
    const t = sel(lt(ax, c64(3.725290298461914e-9)), ax, M.add(q, M.LO)); // 2^-28
    return M.copysign(t, x);
  }
  @inline d(x: v128, g: v128, a: v128, b: v128): v128 {
    const q = M.sigmoidGradDD(clamp(M.add(x, x), -X_MAX, X_MAX), c64(0));
    return M.scale(M.mul(g, M.add(q, M.LO)), i64x2.add(M.KS, i64x2.splat(2)));
  }
}

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

/** 2^k for i64 lanes k ≤ 1023, 0 below −1022 (a value below 2^-1022 adds nothing to a sum with 1). */
@inline function pow2c(k: v128): v128 { return v128.andnot(M.pow2(k), i64x2.lt_s(k, i64x2.splat(-1022))); }

/** c·expm1(x) for x ≤ 0, rounded once (±0 kept: c·(−0) is −0 for c > 0). */
@inline function timesExpm1(c: v128, x: v128): v128 {
  const m = M.expm1DD(x, c64(0));
  const y = M.mulC(c, m, M.LO);
  return sel(f64x2.eq(y, c64(0)), M.mul(c, m), y);
}

/** g·c·eˣ for x ≤ 0 (bounded below at −1400), c·eˣ exact before its rounding, 2^k applied last. */
@inline function gTimesExp(g: v128, c: v128, x: v128): v128 {
  const e = M.expDD(M.maxC(x, -X_MAX), c64(0));
  const k = M.KS;
  const y = M.mulC(c, e, M.LO);
  return M.scale(M.mul(g, y), k);
}

/** elu: x > 0 ? x : α·expm1(x); elu' = x > 0 ? 1 : α·eˣ. */
@final class Elu {
  @inline f(x: v128, alpha: v128, b: v128): v128 {
    return sel(gt(x, c64(0)), x, timesExpm1(alpha, M.minC(x, 0)));
  }
  @inline d(x: v128, g: v128, alpha: v128, b: v128): v128 {
    return sel(gt(x, c64(0)), g, gTimesExp(g, alpha, M.minC(x, 0)));
  }
}

// λ and λ·α of selu as double-doubles (mpmath); the float64 path's λ·x uses the high part, as the spec.
const LAMBDA: f64 = 1.0507009873554805;
const LAMBDA_ALPHA: f64 = 1.7580993408473768;
const LAMBDA_ALPHA_LO: f64 = 1.41535193800845e-17;

/** selu: x > 0 ? λx : λα·expm1(x); selu' = x > 0 ? λ : λα·eˣ. */
@final class Selu {
  @inline f(x: v128, a: v128, b: v128): v128 {
    const m = M.expm1DD(M.minC(x, 0), c64(0));
    const ml = M.add(M.LO, M.mul(c64(LAMBDA_ALPHA_LO), m));
    const y = M.mulC(c64(LAMBDA_ALPHA), m, ml);
    const neg = sel(f64x2.eq(y, c64(0)), M.mul(c64(LAMBDA_ALPHA), m), y);
    return sel(gt(x, c64(0)), M.mul(c64(LAMBDA), x), neg);
  }
  @inline d(x: v128, g: v128, a: v128, b: v128): v128 {
    const e = M.expDD(clamp(x, -X_MAX, 0), c64(0));
    const k = M.KS;
    const el = M.add(M.LO, M.mul(c64(LAMBDA_ALPHA_LO), e));
    const y = M.scale(M.mul(g, M.mulC(c64(LAMBDA_ALPHA), e, el)), k);
    return sel(gt(x, c64(0)), M.mul(g, c64(LAMBDA)), y);
  }
}

/**
 * y = x/α as a double-double (low part returned; 0 where |y| ≥ 1400, whose results are limits):
 * the exponential would magnify the rounding of x/α by |y|.
 */
@inline function quotientLow(x: v128, alpha: v128, y: v128): v128 {
  const p = M.mul(y, alpha);
  const yl = M.div(M.sub(M.sub(x, p), M.prodErr(y, alpha, p)), alpha);
  return v128.and(yl, lt(f64x2.abs(y), c64(X_MAX)));
}

/**
 * celu: x < 0 ? α·expm1(x/α) : x; celu' = x < 0 ? e^(x/α) : 1, with x/α carried as a
 * double-double. α < 0 makes y = x/α positive: above 2^60 (k > 60) expm1 is eʸ·(1 − e⁻ʸ) = eʸ to
 * 2^-60, scaled last (∞ where it overflows).
 */
@final class Celu {
  @inline f(x: v128, alpha: v128, b: v128): v128 {
    const y = M.div(x, alpha);
    const yl = quotientLow(x, alpha, y);
    const m = M.expm1Core(clamp(y, -38, X_MAX), yl);
    const ml = M.LO;
    const k = M.KS;
    const big = i64x2.gt_s(k, i64x2.splat(60));
    const s = M.pow2(v128.andnot(k, big));
    const a = M.mul(s, m);
    const bb = M.sub(s, c64(1));
    const h = M.add(a, bb);
    const l = M.add(M.sumErr(a, bb, h), M.mul(s, ml));
    const bh = M.add(c64(1), m); // the value's mantissa where k > 60
    const bl = M.add(M.fastSumErr(c64(1), m, bh), ml);
    const p = M.mulC(alpha, sel(big, bh, h), sel(big, bl, l));
    const r = sel(big, M.scale(p, k), p);
    const tiny = lt(f64x2.abs(y), c64(5.551115123125783e-17)); // 2^-54: α·expm1(y) rounds to x
    return sel(lt(x, c64(0)), sel(tiny, x, r), x);
  }
  @inline d(x: v128, g: v128, alpha: v128, b: v128): v128 {
    const y = M.div(x, alpha);
    const e = M.expDD(clamp(y, -X_MAX, X_MAX), quotientLow(x, alpha, y));
    return sel(ge(x, c64(0)), g, M.scale(M.mul(g, M.add(e, M.LO)), M.KS));
  }
}

// ln 2 as a double-double, and the atanh series of log1p: log1p(v) = 2s + s³·Σ 2/(2n+1)·s^(2n−2), s = v/(2 + v).
const LN2_HI: f64 = 0.6931471805599453;
const LN2_LO: f64 = 2.3190468138462996e-17;

/**
 * log1p(w) as a double-double (low part in M.LO) for 0 ≤ w ≤ 1, w = wh + wl: above √2 − 1 as
 * ln 2 + log1p((w − 1)/2), so that |s| ≤ 0.172 and ten terms of the series leave 2^-60.
 */
@inline function log1pDD(wh: v128, wl: v128): v128 {
  const big = gt(wh, c64(0.41421356237309503));
  const w1 = M.sub(wh, c64(1));
  const vh = sel(big, M.mul(w1, c64(0.5)), wh);
  const vl = sel(big, M.mul(M.add(M.sumErr(wh, c64(-1), w1), wl), c64(0.5)), wl);
  const dh = M.add(c64(2), vh);
  const dl = M.add(M.fastSumErr(c64(2), vh, dh), vl);
  const s = M.divDD(vh, vl, dh, dl);
  const sl = M.LO;
  const z = M.mul(s, s);
  const z2 = M.mul(z, z);
  const z4 = M.mul(z2, z2);
  const z8 = M.mul(z4, z4);
  const p01 = M.add(c64(2.0 / 3), M.mul(c64(2.0 / 5), z));
  const p23 = M.add(c64(2.0 / 7), M.mul(c64(2.0 / 9), z));
  const p45 = M.add(c64(2.0 / 11), M.mul(c64(2.0 / 13), z));
  const p67 = M.add(c64(2.0 / 15), M.mul(c64(2.0 / 17), z));
  const p89 = M.add(c64(2.0 / 19), M.mul(c64(2.0 / 21), z));
  const p = M.add(M.add(M.add(p01, M.mul(z2, p23)), M.mul(z4, M.add(p45, M.mul(z2, p67)))), M.mul(z8, p89));
  const t = M.mul(M.mul(s, z), p);
  const s2 = M.add(s, s);
  const h1 = M.add(s2, t);
  const e1 = M.add(M.fastSumErr(s2, t, h1), M.add(sl, sl));
  return M.addDD(v128.and(big, c64(LN2_HI)), v128.and(big, c64(LN2_LO)), h1, e1);
}

/**
 * softplus(x) = max(x, 0) + log1p(e^−|x|), the sum in double-double; beyond |x| = 40 it is x
 * (x > 0) or e^x (log1p(w) = w to 2^-58), e^x scaled last so that subnormal values round once.
 */
@inline function softplusOf(x: v128): v128 {
  M.expNegAbs(clamp(x, -X_MAX, X_MAX), c64(0));
  const s = pow2c(M.EK);
  const lh = log1pDD(M.mul(M.EH, s), M.mul(M.EL, s));
  const ll = M.LO;
  const pos = gt(x, c64(0));
  const sum = M.addDD(v128.and(pos, x), c64(0), lh, ll);
  const near = M.add(sum, M.LO);
  const far = sel(pos, x, M.roundScaled(M.EH, M.EL, M.EK));
  return sel(gt(f64x2.abs(x), c64(40)), far, near);
}

@final class Softplus {
  @inline f(x: v128, a: v128, b: v128): v128 { return softplusOf(x); }
  /** softplus' = σ(x). */
  @inline d(x: v128, g: v128, a: v128, b: v128): v128 {
    const q = M.sigmoidDD(clamp(x, -X_MAX, X_MAX), c64(0));
    return M.scale(M.mul(g, M.add(q, M.LO)), M.KS);
  }
}
/** logSigmoid(x) = −softplus(−x) (so logSigmoid(+∞) = −0); logSigmoid' = σ(−x). */
@final class LogSigmoid {
  @inline f(x: v128, a: v128, b: v128): v128 { return f64x2.neg(softplusOf(f64x2.neg(x))); }
  @inline d(x: v128, g: v128, a: v128, b: v128): v128 {
    const q = M.sigmoidDD(clamp(f64x2.neg(x), -X_MAX, X_MAX), c64(0));
    return M.scale(M.mul(g, M.add(q, M.LO)), M.KS);
  }
}

// ---- exports ----

export function reluF64(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map<Relu>(dst, src, n, a, b); }
export function relu6F64(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map<Relu6>(dst, src, n, a, b); }
export function relu2F64(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map<Relu2>(dst, src, n, a, b); }
export function hardTanhF64(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map<HardTanh>(dst, src, n, a, b); }
export function leakyReluF64(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map<LeakyRelu>(dst, src, n, a, b); }
export function hardShrinkF64(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map<HardShrink>(dst, src, n, a, b); }
export function softshrinkF64(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map<Softshrink>(dst, src, n, a, b); }
export function stepF64(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map<Step>(dst, src, n, a, b); }
export function softsignF64(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map<Softsign>(dst, src, n, a, b); }
export function hardswishF64(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map<Hardswish>(dst, src, n, a, b); }
export function sigmoidF64(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map<Sigmoid>(dst, src, n, a, b); }
export function tanhF64(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map<Tanh>(dst, src, n, a, b); }
export function siluF64(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map<Silu>(dst, src, n, a, b); }
export function eluF64(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map<Elu>(dst, src, n, a, b); }
export function seluF64(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map<Selu>(dst, src, n, a, b); }
export function celuF64(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map<Celu>(dst, src, n, a, b); }
export function softplusF64(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map<Softplus>(dst, src, n, a, b); }
export function logSigmoidF64(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map<LogSigmoid>(dst, src, n, a, b); }

export function reluF64Grad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad<Relu>(dst, x, g, n, a, b); }
export function relu6F64Grad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad<Relu6>(dst, x, g, n, a, b); }
export function relu2F64Grad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad<Relu2>(dst, x, g, n, a, b); }
export function hardTanhF64Grad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad<HardTanh>(dst, x, g, n, a, b); }
export function leakyReluF64Grad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad<LeakyRelu>(dst, x, g, n, a, b); }
export function hardShrinkF64Grad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad<HardShrink>(dst, x, g, n, a, b); }
export function softshrinkF64Grad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad<Softshrink>(dst, x, g, n, a, b); }
export function stepF64Grad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad<Step>(dst, x, g, n, a, b); }
export function softsignF64Grad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad<Softsign>(dst, x, g, n, a, b); }
export function hardswishF64Grad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad<Hardswish>(dst, x, g, n, a, b); }
export function sigmoidF64Grad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad<Sigmoid>(dst, x, g, n, a, b); }
export function tanhF64Grad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad<Tanh>(dst, x, g, n, a, b); }
export function siluF64Grad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad<Silu>(dst, x, g, n, a, b); }
export function eluF64Grad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad<Elu>(dst, x, g, n, a, b); }
export function seluF64Grad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad<Selu>(dst, x, g, n, a, b); }
export function celuF64Grad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad<Celu>(dst, x, g, n, a, b); }
export function softplusF64Grad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad<Softplus>(dst, x, g, n, a, b); }
export function logSigmoidF64Grad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad<LogSigmoid>(dst, x, g, n, a, b); }
