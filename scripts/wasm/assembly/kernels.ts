/**
 * The forward kernels of the elementwise activations, for float32 arrays in the heap (the
 * imported memory; src/core/heap.ts). Each export reads n float32 at byte offset `src` and
 * writes n float32 at `dst`, with the activation's parameters a and b (already rounded to
 * float32, as the JS path uses them).
 *
 * A kernel is written once, over a vector: a class whose `f` maps two float64 lanes (Map64:
 * transcendental and rational functions, evaluated in float64 and rounded once to float32) or
 * four float32 lanes (Map32: piecewise-linear functions, exact in float32). The drivers run it
 * over 4 float32 at a time and over the last 1-3 elements lane by lane, with the same `f`.
 *
 * Semantics are those of the activation specs in src/nn/activations (NaN in, NaN out; the limits
 * at ±∞; signed zeros); test/kernels.test.ts runs the registry's fixture suite on this path.
 */
import * as M from './math';
import { hi64, lo64, loadTail, mhi, mlo, pack, storeTail } from './tail';
import { SQRT1_2 } from './coefficients';

// ---- drivers ----

/** Four float32 in one v128 → f (two lanes at a time, in float64) → four float32, rounded once. */
@inline function apply64<K>(k: K, v: v128, a: v128, b: v128): v128 {
  // @ts-ignore: K is one of the kernel classes below (AssemblyScript generics are templates)
  return pack(k.f(lo64(v), a, b), k.f(hi64(v), a, b));
}

/**
 * dst[i] = K.f4(src[i]): four float32 lanes in, four out. f4 does what is exact in float32 (signs,
 * clamps, comparisons) on all four lanes at once, then the rest in two float64 pairs, rounded
 * once (apply64 for kernels that are float64 throughout). Eight elements per iteration (four
 * independent float64 pairs), which keeps more of the long dependency chains in flight.
 */
@inline function map64<K>(dst: usize, src: usize, n: i32, a: f64, b: f64): void {
  const k = changetype<K>(0);
  const av = f64x2.splat(a);
  const bv = f64x2.splat(b);
  const end8 = src + (<usize>(n & ~7) << 2);
  let s = src;
  let d = dst;
  for (; s < end8; s += 32, d += 32) {
    // @ts-ignore
    const y0: v128 = k.f4(v128.load(s), av, bv);
    // @ts-ignore
    const y1: v128 = k.f4(v128.load(s, 16), av, bv);
    v128.store(d, y0);
    v128.store(d, y1, 16);
  }
  if (n & 4) {
    // @ts-ignore
    v128.store(d, k.f4(v128.load(s), av, bv));
    s += 16;
    d += 16;
  }
  const rem = n & 3;
  // @ts-ignore
  if (rem) storeTail(d, k.f4(loadTail(s, rem), av, bv), rem);
}

@inline function apply32<K>(k: K, v: v128, a: v128, b: v128): v128 {
  // @ts-ignore
  return k.f(v, a, b);
}

/** dst[i] = K.f(src[i]) in float32 (piecewise-linear kernels: exact, no rounding beyond IEEE's). */
@inline function map32<K>(dst: usize, src: usize, n: i32, a: f64, b: f64): void {
  const k = changetype<K>(0);
  const av = f32x4.splat(<f32>a);
  const bv = f32x4.splat(<f32>b);
  const end = src + (<usize>(n & ~3) << 2);
  let s = src;
  let d = dst;
  for (; s < end; s += 16, d += 16) v128.store(d, apply32<K>(k, v128.load(s), av, bv));
  const rem = n & 3;
  if (rem) storeTail(d, apply32<K>(k, loadTail(s, rem), av, bv), rem);
}

// ---- float32 lanes: piecewise-linear kernels (comparisons and at most one IEEE operation) ----

@inline function c32(v: f32): v128 { return f32x4.splat(v); }
@inline function sel32(cond: v128, a: v128, b: v128): v128 { return v128.bitselect(a, b, cond); }

/** relu: x ≤ 0 ? +0 : x, as a mask (−0 gives +0, NaN stays). Cheaper on x86 than wasm's max. */
@final class Relu { @inline f(x: v128, a: v128, b: v128): v128 { return v128.andnot(x, f32x4.le(x, c32(0))); } }
/** relu6: x ≤ 0 ? +0 : x ≥ 6 ? 6 : x (pmin keeps a NaN in its first operand). */
@final class Relu6 {
  @inline f(x: v128, a: v128, b: v128): v128 { return f32x4.pmin(v128.andnot(x, f32x4.le(x, c32(0))), c32(6)); }
}
/** relu2: x ≤ 0 ? 0 : x² (NaN fails x ≤ 0 and squares to NaN). */
@final class Relu2 {
  @inline f(x: v128, a: v128, b: v128): v128 { return sel32(f32x4.le(x, c32(0)), c32(0), f32x4.mul(x, x)); }
}
/** hardTanh: x < lo ? lo : x > hi ? hi : x (not min/max: hardTanh(−0) is −0 for lo = 0). */
@final class HardTanh {
  @inline f(x: v128, lo: v128, hi: v128): v128 { return sel32(f32x4.lt(x, lo), lo, sel32(f32x4.gt(x, hi), hi, x)); }
}
/** leakyRelu: x ≥ 0 ? x : s·x (NaN goes to s·x, which is NaN). */
@final class LeakyRelu {
  @inline f(x: v128, s: v128, b: v128): v128 { return sel32(f32x4.ge(x, c32(0)), x, f32x4.mul(s, x)); }
}
/** leakyRelu with slope 0: x < 0 ? +0 : x (0·x would give −0, and NaN for −∞). */
@final class LeakyReluZero {
  @inline f(x: v128, s: v128, b: v128): v128 { return sel32(f32x4.lt(x, c32(0)), c32(0), x); }
}
/** hardShrink: |x| ≤ λ ? 0 : x. */
@final class HardShrink {
  @inline f(x: v128, l: v128, b: v128): v128 { return sel32(f32x4.le(f32x4.abs(x), l), c32(0), x); }
}
/** softshrink: |x| ≤ λ ? 0 : x > 0 ? x − λ : x + λ (float32 sums are correctly rounded). */
@final class Softshrink {
  @inline f(x: v128, l: v128, b: v128): v128 {
    return sel32(f32x4.le(f32x4.abs(x), l), c32(0), sel32(f32x4.gt(x, c32(0)), f32x4.sub(x, l), f32x4.add(x, l)));
  }
}
/** step: x ≥ t ? 1 : x < t ? 0 : NaN. */
@final class Step {
  @inline f(x: v128, t: v128, b: v128): v128 {
    return sel32(f32x4.ge(x, t), c32(1), sel32(f32x4.lt(x, t), c32(0), x));
  }
}

// ---- float64 lanes: everything else, evaluated in float64 and rounded once ----
//
// The transcendental kernels use the float32-accuracy math (M.expF, M.expm1F, M.log1pUnitF,
// M.erfcOfScaledF: relative error ≤ 2^-30, so ≤ 0.52 ULP after the one rounding). Their argument
// is bounded in float32 first, where NaN passes through pmin/pmax (b < a ? b : a keeps a NaN a)
// and the bound makes the limits at ±∞ come out of the ordinary path.

const LAMBDA: f64 = 1.0507009873554804934193349852946;
const LAMBDA_ALPHA: f64 = 1.7580993408473768; // λ·α rounded once (see src/nn/activations/selu.ts)
const GELU_FAST_K: f64 = 1.702;
const GELU_C: f64 = 0.7978845608028654; // √(2/π)
const GELU_K: f64 = 0.044715;

/** −|x| (NaN stays NaN). */
@inline function negAbs32(x: v128): v128 { return v128.or(x, i32x4.splat(0x80000000)); }
/**
 * Below −120 every result built from e^t is the same as at −120 (σ(−120) ≈ 8e-53 and −120·e⁻¹²⁰
 * round to ±0 in float32, expm1(−120) to −1 in float64).
 */
const T_MIN: f32 = -120;

/**
 * num/(1 + e), e = e^t for t = −|x| ≥ −120, num = x ≥ 0 ? 1 : e (the mask ge, as float64 lanes):
 * σ(x), never overflowing, with tiny values for negative x keeping their digits.
 */
@inline function logistic(t: v128, ge: v128): v128 { return M.logisticF(t, ge); }

/** elu: x ≥ 0 ? x : α·expm1(x) (so elu(±0) = ±0); x is bounded below at −120. */
@final class Elu {
  @inline f4(v: v128, alpha: v128, b: v128): v128 {
    const x = f32x4.pmax(v, c32(T_MIN));
    const ge = f32x4.ge(v, c32(0));
    const xl = lo64(x), xh = hi64(x);
    return pack(
      M.select(mlo(ge), xl, M.mul(alpha, M.expm1F(xl))),
      M.select(mhi(ge), xh, M.mul(alpha, M.expm1F(xh))));
  }
}
/**
 * celu: x < 0 ? α·expm1(x/α) : x, with x·(1/α) for x/α (b = 1/α, from the export; 2^-52 off,
 * which moves expm1 by at most |x/α|·2^-52) clamped to [−708, 709] (α may be negative or tiny).
 */
@final class Celu {
  @inline f(x: v128, alpha: v128, invAlpha: v128): v128 {
    const y = M.maxC(M.minC(M.mul(x, invAlpha), 709), -708);
    return M.select(f64x2.lt(x, M.c64(0)), M.mul(alpha, M.expm1F(y)), x);
  }
  @inline f4(v: v128, a: v128, b: v128): v128 { return apply64<Celu>(this, v, a, b); }
}
/** selu: x ≥ 0 ? λ·x : λα·expm1(x); x is bounded below at −120. */
@final class Selu {
  @inline f4(v: v128, a: v128, b: v128): v128 {
    const x = f32x4.pmax(v, c32(T_MIN));
    const ge = f32x4.ge(v, c32(0));
    const xl = lo64(x), xh = hi64(x);
    return pack(
      M.select(mlo(ge), M.mul(M.c64(LAMBDA), xl), M.mul(M.c64(LAMBDA_ALPHA), M.expm1F(xl))),
      M.select(mhi(ge), M.mul(M.c64(LAMBDA), xh), M.mul(M.c64(LAMBDA_ALPHA), M.expm1F(xh))));
  }
}
/** sigmoid: 1/(1 + e⁻ˣ), as logistic(max(−|x|, −120)). */
@final class Sigmoid {
  @inline f4(v: v128, a: v128, b: v128): v128 {
    const t = f32x4.pmax(negAbs32(v), c32(T_MIN));
    const ge = f32x4.ge(v, c32(0));
    return pack(logistic(lo64(t), mlo(ge)), logistic(hi64(t), mhi(ge)));
  }
}
/**
 * silu: x·σ(x), x bounded below at −120 (silu(−∞) = −120·σ(−120) rounds to −0; silu is −0 in
 * float32 from about −107 on).
 */
@final class Silu {
  @inline f4(v: v128, a: v128, b: v128): v128 {
    const x = f32x4.pmax(v, c32(T_MIN));
    const t = f32x4.pmax(negAbs32(v), c32(T_MIN));
    const ge = f32x4.ge(v, c32(0));
    return pack(M.mul(lo64(x), logistic(lo64(t), mlo(ge))), M.mul(hi64(x), logistic(hi64(t), mhi(ge))));
  }
}
/** ln(√2 − 1) rounded to float32 (a hair above): t above it is addLog1pExpF's big branch. */
const T_BIG: f32 = -0.8813736;
/** softplus: max(x, 0) + log1p(e^t), t = max(−|x|, −120). */
@final class Softplus {
  @inline f4(v: v128, a: v128, b: v128): v128 {
    const m = f32x4.pmax(v, c32(0));
    const t = f32x4.pmax(negAbs32(v), c32(T_MIN));
    const big = f32x4.gt(t, c32(T_BIG));
    return pack(M.addLog1pExpF(lo64(m), lo64(t), mlo(big)), M.addLog1pExpF(hi64(m), hi64(t), mhi(big)));
  }
}
/** logSigmoid: −softplus(−x) (so logSigmoid(+∞) = −0, as the spec). */
@final class LogSigmoid {
  @inline f4(v: v128, a: v128, b: v128): v128 {
    const m = f32x4.pmax(f32x4.neg(v), c32(0));
    const t = f32x4.pmax(negAbs32(v), c32(T_MIN));
    const big = f32x4.gt(t, c32(T_BIG));
    return f32x4.neg(pack(M.addLog1pExpF(lo64(m), lo64(t), mlo(big)), M.addLog1pExpF(hi64(m), hi64(t), mhi(big))));
  }
}
/**
 * mish: x·tanh(softplus(x)) = x·n/(n + 2), n = e·(e + 2), e = eˣ. x is bounded below at −120
 * (mish(−∞) = −0, not −∞·0) and e taken at min(x, 30) (beyond, n/(n + 2) rounds to 1).
 */
@inline function mishOf(x: v128): v128 {
  const e = M.expF(M.minC(x, 30));
  const n = M.mul(e, M.add(e, M.c64(2)));
  return M.div(M.mul(x, n), M.add(n, M.c64(2)));
}
@final class Mish {
  @inline f4(v: v128, a: v128, b: v128): v128 {
    const x = f32x4.pmax(v, c32(T_MIN));
    return pack(mishOf(lo64(x)), mishOf(hi64(x)));
  }
}
/** tanh: t/(t + 2), t = expm1(2·min(|x|, 20)), with the sign of x put back in float32. */
@inline function tanhOfAbs(a: v128): v128 {
  const t = M.expm1F(M.add(a, a));
  return M.div(t, M.add(t, M.c64(2)));
}
@final class Tanh {
  @inline f4(v: v128, a: v128, b: v128): v128 {
    const x = f32x4.pmin(f32x4.abs(v), c32(20));
    const y = pack(tanhOfAbs(lo64(x)), tanhOfAbs(hi64(x)));
    return v128.or(y, v128.and(v, i32x4.splat(0x80000000)));
  }
}
/** softsign: x/(1 + |x|); x is clamped to ±2^60, where the quotient is ±1, so ±∞ give ±1. */
@final class Softsign {
  @inline f(x: v128, a: v128, b: v128): v128 {
    const xc = M.maxC(M.minC(x, 1.152921504606847e18), -1.152921504606847e18);
    return M.div(xc, M.add(f64x2.abs(xc), M.c64(1)));
  }
  @inline f4(v: v128, a: v128, b: v128): v128 { return apply64<Softsign>(this, v, a, b); }
}
/**
 * hardswish: x ≤ −3 ? +0 : x ≥ 3 ? x : x·(x + 3)·(1/6), in float64. Three roundings of relative
 * size 2^-53 (x + 3 is exact unless |x| < 2^-28), so one rounding to float32 stays within
 * 0.5 + 2^-28 ULP; no division (the spec's float64 form divides twice, for float64 accuracy).
 * −0 gives −0 (its slope is 1/2), NaN gives NaN (x + 3 is NaN and both tests fail).
 */
@final class Hardswish {
  @inline f(x: v128, a: v128, b: v128): v128 {
    const y = M.mul(M.mul(x, M.add(x, M.c64(3))), M.c64(0.16666666666666666));
    return M.select(f64x2.le(x, M.c64(-3)), M.c64(0), M.select(f64x2.ge(x, M.c64(3)), x, y));
  }
  @inline f4(v: v128, a: v128, b: v128): v128 { return apply64<Hardswish>(this, v, a, b); }
}
/**
 * gelu (exact): x·Φ(x), Φ(x) = 1 − erfc(z)/2 for x ≥ 0 and erfc(z)/2 below, z = |x|/√2: never
 * 1 + erf, which cancels for negative x. x is bounded below at −15, where gelu is −5e-50 (−0 in
 * float32), and |x| above at 15 for erfc (beyond, 1 − erfc(z)/2 is 1 in float64).
 * For 0 < |x| < 2^-100 the value is x/2 + 0.399·x², a hair above x/2: x/2 itself is exact in
 * float64 and the float32 rounding of it can be a tie (subnormal results), so it is nudged one
 * float64 ULP toward +∞ to round as the exact value does (±0 nudged is ±5e-324, still ±0 in
 * float32). The masks tiny (|x| < 2^-100) and neg (x < 0) come from the float32 lanes.
 */
@inline function geluOf(x: v128, xa: v128, ge: v128, tiny: v128, neg: v128): v128 {
  const h = M.mul(M.erfcOfScaledF(xa, M.mul(xa, M.c64(SQRT1_2))), M.c64(0.5));
  const y = M.mul(x, M.select(ge, M.sub(M.c64(1), h), h));
  const up = i64x2.add(M.mul(x, M.c64(0.5)), v128.or(neg, i64x2.splat(1))); // bits + 1, or − 1 below 0
  return M.select(tiny, up, y);
}
@final class Gelu {
  @inline f4(v: v128, a: v128, b: v128): v128 {
    const x = f32x4.pmax(v, c32(-15));
    const xa = f32x4.pmin(f32x4.abs(x), c32(15));
    const ge = f32x4.ge(v, c32(0));
    const tiny = f32x4.lt(f32x4.abs(v), c32(7.888609052210118e-31));
    const neg = f32x4.lt(v, c32(0));
    return pack(
      geluOf(lo64(x), lo64(xa), mlo(ge), mlo(tiny), mlo(neg)),
      geluOf(hi64(x), hi64(xa), mhi(ge), mhi(tiny), mhi(neg)));
  }
}
/**
 * geluApprox: x·σ(2u), u = √(2/π)·(x + 0.044715·x³). x² is exact for a float32 x, and σ(2u)
 * magnifies u's few roundings by 2|u| < 200 where the result is not 0: within 2^-44.
 * x is bounded below at −30 (the result is −0 from about −13 on); 2u, of the sign of x, at −120
 * as σ's argument.
 */
@inline function geluApproxOf(x: v128, ge: v128): v128 {
  const u = M.mul(M.c64(GELU_C), M.mad(M.mul(M.mul(x, x), x), M.c64(GELU_K), x));
  const t = M.maxC(v128.or(M.add(u, u), i64x2.splat(0x8000000000000000)), -120);
  return M.mul(x, logistic(t, ge));
}
@final class GeluApprox {
  @inline f4(v: v128, a: v128, b: v128): v128 {
    const x = f32x4.pmax(v, c32(-30));
    const ge = f32x4.ge(v, c32(0));
    return pack(geluApproxOf(lo64(x), mlo(ge)), geluApproxOf(hi64(x), mhi(ge)));
  }
}
/**
 * geluFastApprox: x·σ(1.702·x). x is bounded below at −70 (σ(−119) ≈ 2e-52: the result is −0
 * in float32), and σ's argument is −1.702·min(|x|, 70).
 */
@inline function geluFastOf(x: v128, t: v128, ge: v128): v128 {
  return M.mul(x, logistic(M.mul(t, M.c64(GELU_FAST_K)), ge));
}
@final class GeluFastApprox {
  @inline f4(v: v128, a: v128, b: v128): v128 {
    const x = f32x4.pmax(v, c32(-70));
    const t = f32x4.pmax(negAbs32(v), c32(-70));
    const ge = f32x4.ge(v, c32(0));
    return pack(geluFastOf(lo64(x), lo64(t), mlo(ge)), geluFastOf(hi64(x), hi64(t), mhi(ge)));
  }
}

// ---- exports: one per activation (names as in the registry) ----

export function relu(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map32<Relu>(dst, src, n, a, b); }
export function relu6(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map32<Relu6>(dst, src, n, a, b); }
export function relu2(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map32<Relu2>(dst, src, n, a, b); }
export function hardTanh(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map32<HardTanh>(dst, src, n, a, b); }
export function leakyRelu(dst: usize, src: usize, n: i32, a: f64, b: f64): void {
  if (a == 0) map32<LeakyReluZero>(dst, src, n, a, b);
  else map32<LeakyRelu>(dst, src, n, a, b);
}
export function hardShrink(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map32<HardShrink>(dst, src, n, a, b); }
export function softshrink(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map32<Softshrink>(dst, src, n, a, b); }
export function step(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map32<Step>(dst, src, n, a, b); }

export function elu(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map64<Elu>(dst, src, n, a, b); }
export function celu(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map64<Celu>(dst, src, n, a, 1 / a); }
export function selu(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map64<Selu>(dst, src, n, a, b); }
export function sigmoid(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map64<Sigmoid>(dst, src, n, a, b); }
export function silu(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map64<Silu>(dst, src, n, a, b); }
export function softplus(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map64<Softplus>(dst, src, n, a, b); }
export function logSigmoid(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map64<LogSigmoid>(dst, src, n, a, b); }
export function mish(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map64<Mish>(dst, src, n, a, b); }
export function tanh(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map64<Tanh>(dst, src, n, a, b); }
export function softsign(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map64<Softsign>(dst, src, n, a, b); }
export function hardswish(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map64<Hardswish>(dst, src, n, a, b); }
export function gelu(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map64<Gelu>(dst, src, n, a, b); }
export function geluApprox(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map64<GeluApprox>(dst, src, n, a, b); }
export function geluFastApprox(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map64<GeluFastApprox>(dst, src, n, a, b); }

// ---- the vector math on float64 arrays, for measuring its error (test/kernels.test.ts) ----

@final class Exp { @inline f(x: v128): v128 { return M.exp(x); } }
@final class Expm1 { @inline f(x: v128): v128 { return M.expm1(x); } }
@final class Log1p { @inline f(x: v128): v128 { return M.log1pUnit(x); } }
@final class TanhMath { @inline f(x: v128): v128 { return M.tanh(x); } }
/** erfc(|x|/√2) = 2·Φ(−|x|), as gelu uses it (|x| ≤ 15.2). */
@final class Erfc { @inline f(x: v128): v128 { return M.erfcOfScaled(x, M.mul(f64x2.abs(x), M.c64(SQRT1_2))); } }

@final class ExpF { @inline f(x: v128): v128 { return M.expF(M.maxC(M.minC(x, 709), -708)); } }
@final class Expm1F { @inline f(x: v128): v128 { return M.expm1F(M.maxC(M.minC(x, 709), -708)); } }
@final class Log1pF { @inline f(x: v128): v128 { return M.log1pUnitF(x); } }
/** erfc(|x|/√2) for |x| ≤ 15, as gelu uses it. */
@final class ErfcF {
  @inline f(x: v128): v128 { const a = f64x2.abs(x); return M.erfcOfScaledF(a, M.mul(a, M.c64(SQRT1_2))); }
}
/** σ(x) for |x| ≤ 708, as logisticF. */
@final class SigmoidF { @inline f(x: v128): v128 { return M.logisticF(v128.or(x, i64x2.splat(0x8000000000000000)), f64x2.ge(x, M.c64(0))); } }
/** log1p(eˣ) for x ≤ 0, as addLog1pExpF. */
@final class Log1pExpF {
  @inline f(x: v128): v128 { return M.addLog1pExpF(M.c64(0), x, f64x2.gt(x, M.c64(-0.8813735870195429))); }
}

/** dst[i] = K.f(src[i]) over n float64. */
@inline function mapF64<K>(dst: usize, src: usize, n: i32): void {
  const k = changetype<K>(0);
  for (let i = 0; i < n; i += 2) {
    const p = <usize>i << 3;
    const v = i + 1 < n ? v128.load(src + p) : v128.load64_zero(src + p);
    // @ts-ignore
    const y: v128 = k.f(v);
    if (i + 1 < n) v128.store(dst + p, y);
    else v128.store64_lane(dst + p, y, 0);
  }
}

export function mathExp(dst: usize, src: usize, n: i32): void { mapF64<Exp>(dst, src, n); }
export function mathExpm1(dst: usize, src: usize, n: i32): void { mapF64<Expm1>(dst, src, n); }
export function mathLog1p(dst: usize, src: usize, n: i32): void { mapF64<Log1p>(dst, src, n); }
export function mathTanh(dst: usize, src: usize, n: i32): void { mapF64<TanhMath>(dst, src, n); }
export function mathErfc(dst: usize, src: usize, n: i32): void { mapF64<Erfc>(dst, src, n); }
export function mathExpF(dst: usize, src: usize, n: i32): void { mapF64<ExpF>(dst, src, n); }
export function mathExpm1F(dst: usize, src: usize, n: i32): void { mapF64<Expm1F>(dst, src, n); }
export function mathLog1pF(dst: usize, src: usize, n: i32): void { mapF64<Log1pF>(dst, src, n); }
export function mathErfcF(dst: usize, src: usize, n: i32): void { mapF64<ErfcF>(dst, src, n); }
export function mathSigmoidF(dst: usize, src: usize, n: i32): void { mapF64<SigmoidF>(dst, src, n); }
export function mathLog1pExpF(dst: usize, src: usize, n: i32): void { mapF64<Log1pExpF>(dst, src, n); }

// ---- the backward kernels, g·f'(x) (gradients.ts) ----

export * from './gradients';

// ---- the row activations and prelu (rows.ts) ----

export * from './rows';

// ---- the float64 kernels, forward and backward (kernels64.ts) ----

export * from './kernels64';
