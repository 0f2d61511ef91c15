/**
 * The backward kernels of the elementwise activations: out = g·f'(x), fused, one pass, for
 * float32 arrays in the heap. Each export `<name>Grad(dst, x, g, n, a, b)` reads n float32 at
 * byte offsets `x` and `g` and writes n float32 at `dst` (which may be `x` or `g`: every element
 * is read before it is written).
 *
 * Semantics are those of the specs' `df` (src/nn/activations), times g, as the JS path computes
 * it (g·df(x) in float64, rounded once): NaN in x or g gives NaN; g·0 is ±0 with g's sign (NaN for
 * g = ±∞); the conventions at the kinks are the spec's. Accuracy: within 2 float32 ULP of the
 * correctly rounded product (test/kernels.test.ts measures it on the fixtures and a sweep).
 *
 * - Piecewise-linear activations (Grad32): f' is 0, 1 or a parameter, so g·f' is one float32
 *   multiplication, which is the JS path's result bit for bit (a product of two float32 is exact in
 *   float64). relu2 (grad32p) is one float32 product too: g·(2x), or (2g)·x where 2x overflows.
 * - sigmoid, tanh, softplus, logSigmoid, elu, selu, celu, silu, mish, geluApprox,
 *   geluFastApprox, hardswish (grad4, the forward kernels' f4 pattern): bounds and masks in float32
 *   lanes, then g·f'(x) in float64 pairs with the float32-accuracy math (2^-30: ≤ ~0.52 ULP); near
 *   the zero of f' a vector with a lane there takes the float64-accurate kernel (`*Precise`, grad64x4).
 * - softsign, gelu and the `*Precise` kernels: g·f'(x) in float64, rounded once, with at most one division per lane
 *   (float64 carries ~2^-40 where one float32 rounding needs ~2^-30). f' is evaluated in stable forms (never
 *   1 − σ, never a sum that cancels except near the zero of f'): within 2^-8 of that zero
 *   (gelu, silu, mish, geluApprox, geluFastApprox) a Taylor series about the zero
 *   (scripts/wasm/roots.py) replaces the formula, whose absolute error would be large there
 *   relative to f'.
 */
import * as M from './math';
import { hi64, lo64, loadTail, mhi, mlo, pack, storeTail } from './tail';
import { SQRT1_2, EXPR_A, EXPR_B } from './coefficients';
import * as R from './roots';

// ---- drivers ----

/** Four (x, g) pairs → K.f(x, g) two lanes at a time in float64 → four float32, rounded once. */
@inline function grad64x4<K>(k: K, x: v128, g: v128, a: v128, b: v128): v128 {
  const xh = i32x4.shuffle(x, x, 2, 3, 0, 1);
  const gh = i32x4.shuffle(g, g, 2, 3, 0, 1);
  // @ts-ignore: K is one of the kernel classes below (AssemblyScript generics are templates)
  const lo = k.f(f64x2.promote_low_f32x4(x), f64x2.promote_low_f32x4(g), a, b);
  // @ts-ignore
  const hi = k.f(f64x2.promote_low_f32x4(xh), f64x2.promote_low_f32x4(gh), a, b);
  return i32x4.shuffle(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5);
}

@inline function grad64<K>(dst: usize, xp: usize, gp: usize, n: i32, a: f64, b: f64): void {
  const k = changetype<K>(0);
  const av = f64x2.splat(a);
  const bv = f64x2.splat(b);
  const end = xp + (<usize>(n & ~3) << 2);
  let x = xp, g = gp, d = dst;
  for (; x < end; x += 16, g += 16, d += 16) v128.store(d, grad64x4<K>(k, v128.load(x), v128.load(g), av, bv));
  const rem = n & 3;
  if (rem) storeTail(d, grad64x4<K>(k, loadTail(x, rem), loadTail(g, rem), av, bv), rem);
}

/**
 * dst[i] = K.f4(x[i], g[i]): four float32 lanes of x and g in, four out. f4 does what is exact in
 * float32 (signs, clamps, comparisons) on all four lanes at once, then g·f'(x) in two float64
 * pairs, rounded once. Eight elements per iteration, as the forward kernels' map64.
 */
@inline function grad4<K>(dst: usize, xp: usize, gp: usize, n: i32, a: f64, b: f64): void {
  const k = changetype<K>(0);
  const av = f64x2.splat(a);
  const bv = f64x2.splat(b);
  const end8 = xp + (<usize>(n & ~7) << 2);
  let x = xp, g = gp, d = dst;
  for (; x < end8; x += 32, g += 32, d += 32) {
    // @ts-ignore: K is one of the kernel classes below
    const y0: v128 = k.f4(v128.load(x), v128.load(g), av, bv);
    // @ts-ignore
    const y1: v128 = k.f4(v128.load(x, 16), v128.load(g, 16), av, bv);
    v128.store(d, y0);
    v128.store(d, y1, 16);
  }
  if (n & 4) {
    // @ts-ignore
    v128.store(d, k.f4(v128.load(x), v128.load(g), av, bv));
    x += 16; g += 16; d += 16;
  }
  const rem = n & 3;
  // @ts-ignore
  if (rem) storeTail(d, k.f4(loadTail(x, rem), loadTail(g, rem), av, bv), rem);
}

@inline function grad32<K>(dst: usize, xp: usize, gp: usize, n: i32, a: f64, b: f64): void {
  const k = changetype<K>(0);
  const av = f32x4.splat(<f32>a);
  const bv = f32x4.splat(<f32>b);
  const end = xp + (<usize>(n & ~3) << 2);
  let x = xp, g = gp, d = dst;
  // @ts-ignore
  for (; x < end; x += 16, g += 16, d += 16) v128.store(d, f32x4.mul(v128.load(g), k.d(v128.load(x), av, bv)));
  const rem = n & 3;
  // @ts-ignore
  if (rem) storeTail(d, f32x4.mul(loadTail(g, rem), k.d(loadTail(x, rem), av, bv)), rem);
}

/** As grad32, for kernels that form the product g·f'(x) themselves (K.p). */
@inline function grad32p<K>(dst: usize, xp: usize, gp: usize, n: i32, a: f64, b: f64): void {
  const k = changetype<K>(0);
  const end = xp + (<usize>(n & ~3) << 2);
  let x = xp, g = gp, d = dst;
  // @ts-ignore
  for (; x < end; x += 16, g += 16, d += 16) v128.store(d, k.p(v128.load(x), v128.load(g)));
  const rem = n & 3;
  // @ts-ignore
  if (rem) storeTail(d, k.p(loadTail(x, rem), loadTail(g, rem)), rem);
}

// ---- float32 lanes: f' of the piecewise-linear activations (0, 1 or a parameter; NaN for NaN) ----

@inline function c32(v: f32): v128 { return f32x4.splat(v); }
@inline function sel32(cond: v128, a: v128, b: v128): v128 { return v128.bitselect(a, b, cond); }
/** 1 where cond, else 0; NaN where x is NaN. */
@inline function ind32(cond: v128, x: v128): v128 {
  return sel32(f32x4.ne(x, x), x, v128.and(cond, c32(1)));
}

/** relu' = x > 0 ? 1 : 0. */
@final class ReluD { @inline d(x: v128, a: v128, b: v128): v128 { return ind32(f32x4.gt(x, c32(0)), x); } }
/** relu6' = 0 < x < 6 ? 1 : 0. */
@final class Relu6D {
  @inline d(x: v128, a: v128, b: v128): v128 { return ind32(v128.and(f32x4.gt(x, c32(0)), f32x4.lt(x, c32(6))), x); }
}
/** hardTanh' = lo < x < hi ? 1 : 0. */
@final class HardTanhD {
  @inline d(x: v128, lo: v128, hi: v128): v128 { return ind32(v128.and(f32x4.gt(x, lo), f32x4.lt(x, hi)), x); }
}
/** leakyRelu' = x ≥ 0 ? 1 : s. */
@final class LeakyReluD {
  @inline d(x: v128, s: v128, b: v128): v128 { return sel32(f32x4.ne(x, x), x, sel32(f32x4.ge(x, c32(0)), c32(1), s)); }
}
/** hardShrink' = softshrink' = |x| > λ ? 1 : 0. */
@final class ShrinkD { @inline d(x: v128, l: v128, b: v128): v128 { return ind32(f32x4.gt(f32x4.abs(x), l), x); } }
/**
 * g·relu2'(x) = g·2x for x > 0, else g·0, in float32: 2x and 2g are exact, so g·(2x) (or (2g)·x
 * where 2x would overflow, |x| ≥ 2^126) is the correctly rounded product, the JS path's bits.
 */
@final class Relu2P {
  @inline p(x: v128, g: v128): v128 {
    const small = f32x4.mul(g, sel32(f32x4.le(x, c32(0)), c32(0), f32x4.add(x, x)));
    return sel32(f32x4.ge(x, c32(8.507059173023462e37)), f32x4.mul(f32x4.add(g, g), x), small); // 2^126
  }
}
/** step' = 0. */
@final class StepD { @inline d(x: v128, t: v128, b: v128): v128 { return sel32(f32x4.ne(x, x), x, c32(0)); } }

// ---- float64 lanes: g·f'(x) ----

const LAMBDA: f64 = 1.0507009873554804934193349852946;
const LAMBDA_ALPHA: f64 = 1.7580993408473768; // as src/nn/activations/selu.ts
const GELU_C: f64 = 0.7978845608028654; // √(2/π)
const GELU_K: f64 = 0.044715;
const GELU_FAST_K: f64 = 1.702;
const INV_SQRT_2PI: f64 = 0.3989422804014327;
const TAYLOR_RADIUS: f64 = 0.00390625; // 2^-8

/**
 * eˣ down to the subnormals, as Math.exp: M.exp clamps at −708, so below it e^(x + 512·ln 2)·2^-512
 * (0 from about −745 on). The JS path's g·df(x) is g·(tiny) there, not g·0: the sign of a zero
 * result and g = ±∞ (±∞, not NaN) come out the same.
 */
@inline function expz(x: v128): v128 {
  const low = f64x2.lt(x, M.c64(-708));
  const e = M.exp(M.select(low, M.add(x, M.c64(354.8913564904879)), x)); // 512·ln 2
  return M.select(low, M.mul(e, M.c64(7.458340731200207e-155)), e); // 2^-512
}

/** Math.exp(t) is 0 below this (float64); a float32 t is below it from −745.13324 on. */
const EXP_ZERO: f64 = -745.1332191019411;

/**
 * eᵗ for t ≤ 0 (within 2^-41), 0 where Math.exp is 0, as the JS path's g·df(x) then is g·0 (the
 * zero's sign; NaN for g = ±∞). Between −745 and −708 it is e^−708, not eᵗ: every float32 g·f'
 * the kernels build from it rounds to the same ±0 (±∞ for g = ±∞) either way. Cheaper than expz.
 */
@inline function expNeg(t: v128): v128 {
  return v128.andnot(M.expNonPositive(t), f64x2.lt(t, M.c64(EXP_ZERO)));
}

/** −|x| (one operation: the sign bit set). */
@inline function negAbs(x: v128): v128 { return v128.or(x, i64x2.splat(0x8000000000000000)); }

/** f' near its zero r: T1·t + … + T5·t⁵, t = (x − r_hi) − r_lo; and whether x is within 2^-8 of r. */
@inline function nearZero(x: v128, rHi: f64, rLo: f64): v128 {
  return f64x2.lt(f64x2.abs(M.sub(x, M.c64(rHi))), M.c64(TAYLOR_RADIUS));
}
@inline function taylor(x: v128, rHi: f64, rLo: f64, t1: f64, t2: f64, t3: f64, t4: f64, t5: f64): v128 {
  const t = M.sub(M.sub(x, M.c64(rHi)), M.c64(rLo));
  let p = M.mad(M.c64(t5), t, M.c64(t4));
  p = M.mad(p, t, M.c64(t3));
  p = M.mad(p, t, M.c64(t2));
  p = M.mad(p, t, M.c64(t1));
  return M.mul(p, t);
}

// ---- float32-accuracy kernels (f4: bounds and masks in float32 lanes, then float64 pairs) ----
//
// As the forward kernels: M.expF, M.logisticF, M.gLogisticDerivF are within 2^-30 (relative), so
// g·f'(x), rounded once, stays within ~0.52 ULP where f' has no zero (these f' are positive, or
// 1/parameter-valued). Arguments of e^t are bounded below at −708 in float32; below −745.13324
// (where Math.exp is 0, EXP_ZERO) f' is masked to +0, so that g·f' is g·0 as the JS path's
// (NaN for g = ±∞); in between e^−708 stands for eᵗ, as expNeg.

@inline function c64(v: f64): v128 { return f64x2.splat(v); }
/** −|x| in float32 lanes (NaN stays NaN). */
@inline function negAbs32(x: v128): v128 { return v128.or(x, i32x4.splat(0x80000000)); }
const T_LOW: f32 = -708;
/** The largest float32 below EXP_ZERO: t ≤ it ⇔ Math.exp(t) = 0. */
const T_ZERO: f32 = -745.13324;

/** hardswish' = x < −3 ? 0 : x > 3 ? 1 : (2x + 3)/6, the middle as (2x + 3)·(1/6) (2x + 3 exact; 2^-53 off). */
@final class HardswishG {
  @inline f4(v: v128, g: v128, a: v128, b: v128): v128 {
    const lt = f32x4.lt(v, c32(-3)), gt = f32x4.gt(v, c32(3));
    return pack(HardswishG.h(lo64(v), lo64(g), mlo(lt), mlo(gt)), HardswishG.h(hi64(v), hi64(g), mhi(lt), mhi(gt)));
  }
  @inline static h(x: v128, g: v128, lt: v128, gt: v128): v128 {
    const mid = M.mul(M.add(M.add(x, x), c64(3)), c64(0.16666666666666666));
    return M.mul(g, M.select(gt, c64(1), v128.andnot(mid, lt)));
  }
}
/** g·(x > 0 ? p : q·eˣ), eˣ at max(x, −708) (garbage for x > 0, where the select drops it), 0 below T_ZERO. */
@inline function gExpSide(x: v128, g: v128, gt: v128, z: v128, p: v128, q: v128): v128 {
  return M.mul(g, v128.andnot(M.select(gt, p, M.mul(q, M.expF(x))), z));
}
/** elu' = x > 0 ? 1 : α·eˣ. */
@final class EluG {
  @inline f4(v: v128, g: v128, alpha: v128, b: v128): v128 {
    const x = f32x4.pmax(v, c32(T_LOW));
    const gt = f32x4.gt(v, c32(0)), z = f32x4.le(v, c32(T_ZERO));
    return pack(gExpSide(lo64(x), lo64(g), mlo(gt), mlo(z), c64(1), alpha),
      gExpSide(hi64(x), hi64(g), mhi(gt), mhi(z), c64(1), alpha));
  }
}
/** selu' = x > 0 ? λ : λα·eˣ. */
@final class SeluG {
  @inline f4(v: v128, g: v128, a: v128, b: v128): v128 {
    const x = f32x4.pmax(v, c32(T_LOW));
    const gt = f32x4.gt(v, c32(0)), z = f32x4.le(v, c32(T_ZERO));
    return pack(gExpSide(lo64(x), lo64(g), mlo(gt), mlo(z), c64(LAMBDA), c64(LAMBDA_ALPHA)),
      gExpSide(hi64(x), hi64(g), mhi(gt), mhi(z), c64(LAMBDA), c64(LAMBDA_ALPHA)));
  }
}
/** celu' = x ≥ 0 ? 1 : e^(x/α) (+∞ beyond exp's range, for α < 0; 0 below EXP_ZERO). */
@final class CeluG {
  @inline f(x: v128, g: v128, alpha: v128, b: v128): v128 {
    const y = M.div(x, alpha);
    const e0 = M.expF(M.maxC(M.minC(y, 709), -708));
    const e = v128.andnot(M.select(f64x2.gt(y, c64(709)), c64(Infinity), e0), f64x2.lt(y, c64(EXP_ZERO)));
    return M.mul(g, M.select(f64x2.ge(x, c64(0)), c64(1), e));
  }
  @inline f4(v: v128, g: v128, a: v128, b: v128): v128 {
    return pack(this.f(lo64(v), lo64(g), a, b), this.f(hi64(v), hi64(g), a, b));
  }
}
/** g·c·σ'(t) for float32 lanes t (the argument of σ), with σ' = 0 where e^−|t| is 0 (c·g exact). */
@inline function gDsigmoid4(v: v128, g: v128, c: f64): v128 {
  const na = negAbs32(v);
  const t = f32x4.pmax(na, c32(T_LOW));
  const z = f32x4.le(na, c32(T_ZERO));
  return pack(M.gLogisticDerivF(M.mul(lo64(g), c64(c)), lo64(t), mlo(z)),
    M.gLogisticDerivF(M.mul(hi64(g), c64(c)), hi64(t), mhi(z)));
}
/** sigmoid' = e/(1 + e)², e = e^−|x|. */
@final class SigmoidG { @inline f4(v: v128, g: v128, a: v128, b: v128): v128 { return gDsigmoid4(v, g, 1); } }
/** tanh' = sech² x = 4·σ'(2x) (2x exact in float32, or ±∞, which the bound takes to −708). */
@final class TanhG {
  @inline f4(v: v128, g: v128, a: v128, b: v128): v128 { return gDsigmoid4(f32x4.add(v, v), g, 4); }
}
/** g·σ(s·x), s = ±1 given as ge = (s·x ≥ 0) and z = (s·x ≤ T_ZERO), float32 masks. */
@inline function gSigma4(v: v128, g: v128, ge: v128, z: v128): v128 {
  const t = f32x4.pmax(negAbs32(v), c32(T_LOW));
  return pack(M.mul(lo64(g), v128.andnot(M.logisticF(lo64(t), mlo(ge)), mlo(z))),
    M.mul(hi64(g), v128.andnot(M.logisticF(hi64(t), mhi(ge)), mhi(z))));
}
/** softplus' = σ(x). */
@final class SoftplusG {
  @inline f4(v: v128, g: v128, a: v128, b: v128): v128 {
    return gSigma4(v, g, f32x4.ge(v, c32(0)), f32x4.le(v, c32(T_ZERO)));
  }
}
/** logSigmoid' = σ(−x). */
@final class LogSigmoidG {
  @inline f4(v: v128, g: v128, a: v128, b: v128): v128 {
    return gSigma4(v, g, f32x4.le(v, c32(0)), f32x4.ge(v, c32(-T_ZERO)));
  }
}
/** softsign' = 1/(1 + |x|)², as g/(1 + |x|)² ((1 + |x|)² < 2^256: no overflow in float64). */
@final class SoftsignG {
  @inline f(x: v128, g: v128, a: v128, b: v128): v128 {
    const d = M.add(f64x2.abs(x), M.c64(1));
    return M.div(g, M.mul(d, d));
  }
}
/**
 * silu' = σ(x)·(1 + x·(1 − σ(x))): with e = e^−|x|, (1 + e·(1 + x))/(1 + e)² for x ≥ 0 and
 * e·(1 + x + e)/(1 + e)² below (1 + x is exact for a float32 x). x is clamped to
 * [−1000, 1000] (silu'(±∞) = 1, −0); the Taylor series near the zero −1.278.
 */
@final class SiluPrecise {
  @inline f(x: v128, g: v128, a: v128, b: v128): v128 {
    const xc = M.maxC(M.minC(x, 1000), -1000);
    const e = expNeg(negAbs(xc));
    const d = M.add(e, M.c64(1));
    const s = M.add(xc, M.c64(1));
    // One division: the numerators 1 + e·(1 + x) and e·(1 + x + e), over (1 + e)².
    const num = M.select(f64x2.ge(xc, M.c64(0)), M.mad(e, s, M.c64(1)), M.mul(e, M.add(s, e)));
    const main = M.div(num, M.mul(d, d));
    const near = taylor(x, R.SILU_R_HI, R.SILU_R_LO, R.SILU_T1, R.SILU_T2, R.SILU_T3, R.SILU_T4, R.SILU_T5);
    return M.mul(g, M.select(nearZero(x, R.SILU_R_HI, R.SILU_R_LO), near, main));
  }
}
/**
 * g·silu'(x) from float32 lanes xc (x bounded to ±1000) in float64 pairs, with e = e^−|x| = 2^k·N/D
 * (as M.logisticF): (D² + 2^k·N·D·(1 + x))/(D + 2^k·N)² for x ≥ 0 and
 * 2^k·N·(D·(1 + x) + 2^k·N)/(D + 2^k·N)² below; 2^k·N = 0 where zero (e^−|x| = 0 in Math.exp).
 * Within 2^-30 except near the zero of silu' (x ≈ −1.278), where D·(1 + x) + 2^k·N cancels.
 * Lanes of plusZero give g·(+0) (the f' of the spec there is +0, not silu's −0).
 */
@inline function gSiluF(g: v128, x: v128, ge: v128, zero: v128, plusZero: v128): v128 {
  const t = M.maxC(negAbs(x), -708);
  const kd = M.mad(t, c64(1.4426950408889634), c64(6755399441055744.0 + 1023));
  const k = M.sub(kd, c64(6755399441055744.0 + 1023));
  const s = i64x2.shl(kd, 52);
  const r = M.sub(t, M.mul(k, c64(0.6931471805599453)));
  const r2 = M.mul(r, r);
  const p = M.mad(r2, c64(EXPR_A), c64(1));
  const rq = M.mul(r, M.mad(r2, c64(EXPR_B), c64(0.5)));
  const d = M.sub(p, rq);
  const sn = v128.andnot(M.mul(s, M.add(p, rq)), zero);
  const den = M.add(d, sn);
  const x1 = M.add(x, c64(1));
  const num = M.select(ge, M.mul(d, M.mad(sn, x1, d)), M.mul(sn, M.mad(d, x1, sn)));
  return M.div(M.mul(g, v128.andnot(num, plusZero)), M.mul(den, den));
}
/**
 * silu' = σ(x)·(1 + x·(1 − σ(x))), float32-accuracy (gSiluF); within 1/8 of its zero −1.278 the
 * cancellation there would amplify e's 2^-32.5 beyond 2^-30, so vectors with a lane in that window
 * (a few percent of normally distributed inputs) take the float64-accurate SiluPrecise there.
 */
@final class SiluG {
  @inline f4(v: v128, g: v128, a: v128, b: v128): v128 {
    const x = f32x4.pmax(f32x4.pmin(v, c32(1000)), c32(-1000));
    const ge = f32x4.ge(v, c32(0)), z = f32x4.le(v, c32(T_ZERO));
    const y = pack(gSiluF(lo64(g), lo64(x), mlo(ge), mlo(z), i64x2.splat(0)), gSiluF(hi64(g), hi64(x), mhi(ge), mhi(z), i64x2.splat(0)));
    const near = f32x4.lt(f32x4.abs(f32x4.sub(v, c32(-1.2784645))), c32(0.125));
    if (!v128.any_true(near)) return y;
    return sel32(near, grad64x4<SiluPrecise>(changetype<SiluPrecise>(0), v, g, a, b), y);
  }
}
/**
 * mish' = (n·(n + 2) + 4x·e·(1 + e))/(n + 2)², e = eˣ, n = e·(e + 2); 1 beyond x = 30, e·(1 + x)
 * (silu's tail) below −30, where n/(n + 2)… underflow is harmless but −∞·0 is not.
 */
@final class MishPrecise {
  @inline f(x: v128, g: v128, a: v128, b: v128): v128 {
    const xc = M.maxC(M.minC(x, 30), -1000);
    const e = expz(xc);
    const n = M.mul(e, M.add(e, M.c64(2)));
    const d = M.add(n, M.c64(2));
    const main = M.div(M.add(M.mul(n, d), M.mul(M.mul(M.c64(4), xc), M.mul(e, M.add(e, M.c64(1))))), M.mul(d, d));
    const tail = M.mul(e, M.add(xc, M.c64(1)));
    const near = taylor(x, R.MISH_R_HI, R.MISH_R_LO, R.MISH_T1, R.MISH_T2, R.MISH_T3, R.MISH_T4, R.MISH_T5);
    const v = M.select(f64x2.gt(x, M.c64(30)), M.c64(1), M.select(f64x2.lt(x, M.c64(-30)), tail, main));
    return M.mul(g, M.select(nearZero(x, R.MISH_R_HI, R.MISH_R_LO), near, v));
  }
}
/**
 * gelu' = Φ(x) + x·φ(x). Φ from erfc (never 1 + erf); beyond |x| = 15 (the erfc fit's range)
 * Φ(−|x|) = φ(x)/|x|·(1 − 1/x² + 3/x⁴ − 15/x⁶) (relative error < 1e-7 there, on a term 1/x² of
 * the result). As the spec: 1 above 9, −0 from −39 down (|f'| < 2^-1080 there).
 */
@final class GeluG {
  @inline f(x: v128, g: v128, a: v128, b: v128): v128 {
    const ax = M.minC(f64x2.abs(x), 39);
    const xs = M.copysign(ax, x);
    const phi = M.mul(expNeg(M.mul(M.mul(ax, ax), M.c64(-0.5))), M.c64(INV_SQRT_2PI));
    const a15 = M.minC(ax, 15);
    const hFit = M.mul(M.erfcOfScaled(a15, M.mul(a15, M.c64(SQRT1_2))), M.c64(0.5));
    const inv = M.div(M.c64(1), ax);
    const r = M.mul(inv, inv);
    const q = M.sub(M.c64(1), M.mul(r, M.sub(M.c64(1), M.mul(r, M.sub(M.c64(3), M.mul(r, M.c64(15)))))));
    const hAsym = M.mul(M.mul(phi, q), inv);
    const h = M.select(f64x2.gt(ax, M.c64(15)), hAsym, hFit); // Φ(−|x|)
    const sum = M.add(M.select(f64x2.ge(x, M.c64(0)), M.sub(M.c64(1), h), h), M.mul(xs, phi));
    // f' < 0 below its zero: an underflowed sum (0 + −0 = +0) gets the sign the spec's −0 has.
    const main = M.select(f64x2.lt(x, M.c64(-1)), f64x2.neg(f64x2.abs(sum)), sum);
    const near = taylor(x, R.GELU_R_HI, R.GELU_R_LO, R.GELU_T1, R.GELU_T2, R.GELU_T3, R.GELU_T4, R.GELU_T5);
    const v = M.select(f64x2.gt(x, M.c64(9)), M.c64(1), M.select(f64x2.le(x, M.c64(-39)), M.c64(-0.0), main));
    return M.mul(g, M.select(nearZero(x, R.GELU_R_HI, R.GELU_R_LO), near, v));
  }
}
/**
 * geluApprox' = s + x·σ'(2u)·2u', s = σ(2u), u = √(2/π)·(x + 0.044715·x³), u' = √(2/π)·(1 + 3·0.044715·x²);
 * 1 above 10 and 0 below −30 (as the spec).
 */
@final class GeluApproxPrecise {
  @inline f(x: v128, g: v128, a: v128, b: v128): v128 {
    const xc = M.maxC(M.minC(x, 10), -30);
    const x2 = M.mul(xc, xc);
    const u = M.mul(M.c64(GELU_C), M.mad(M.mul(x2, xc), M.c64(GELU_K), xc));
    const du = M.mul(M.c64(GELU_C), M.mad(x2, M.c64(3 * GELU_K), M.c64(1)));
    const t = M.add(u, u);
    const e = expNeg(negAbs(t));
    const r = M.div(M.c64(1), M.add(e, M.c64(1)));
    // s + x·σ'(2u)·2u' = r·((t ≥ 0 ? 1 : e) + x·e·r·2u'): one division.
    const main = M.mul(r, M.mad(M.mul(xc, M.mul(e, r)), M.add(du, du), M.select(f64x2.ge(t, M.c64(0)), M.c64(1), e)));
    const near = taylor(x, R.GELU_APPROX_R_HI, R.GELU_APPROX_R_LO, R.GELU_APPROX_T1, R.GELU_APPROX_T2, R.GELU_APPROX_T3, R.GELU_APPROX_T4, R.GELU_APPROX_T5);
    const v = M.select(f64x2.gt(x, M.c64(10)), M.c64(1), M.select(f64x2.lt(x, M.c64(-30)), M.c64(0), main));
    return M.mul(g, M.select(nearZero(x, R.GELU_APPROX_R_HI, R.GELU_APPROX_R_LO), near, v));
  }
}
/** geluFastApprox' = σ(h) + h·σ'(h), h = 1.702·x; 1 above 30 and 0 below −450 (as the spec). */
@final class GeluFastPrecise {
  @inline f(x: v128, g: v128, a: v128, b: v128): v128 {
    // The clamp alone gives the cut-offs: f'(30) is 1 and f'(−450) is +0 in float64.
    const h = M.mul(M.maxC(M.minC(x, 30), -450), M.c64(GELU_FAST_K));
    const e = expNeg(negAbs(h));
    const r = M.div(M.c64(1), M.add(e, M.c64(1)));
    // σ(h) + h·σ'(h) = r·((h ≥ 0 ? 1 : e) + h·e·r): one division.
    const main = M.mul(r, M.mad(h, M.mul(e, r), M.select(f64x2.ge(h, M.c64(0)), M.c64(1), e)));
    const near = taylor(x, R.GELU_FAST_R_HI, R.GELU_FAST_R_LO, R.GELU_FAST_T1, R.GELU_FAST_T2, R.GELU_FAST_T3, R.GELU_FAST_T4, R.GELU_FAST_T5);
    return M.mul(g, M.select(nearZero(x, R.GELU_FAST_R_HI, R.GELU_FAST_R_LO), near, main));
  }
}

/**
 * geluFastApprox' = silu'(h), h = 1.702·x (σ(h) + h·σ'(h)): gSiluF at h, x bounded to [−450, 30]
 * in float32 first (as GeluFastPrecise: 1 above, +0 where e^h is 0); within 1/16 of the zero
 * x ≈ −0.751 (1/9.4 in h) vectors with a lane there take GeluFastPrecise.
 */
@final class GeluFastApproxG {
  @inline f4(v: v128, g: v128, a: v128, b: v128): v128 {
    const x = f32x4.pmax(f32x4.pmin(v, c32(30)), c32(-450));
    const ge = f32x4.ge(v, c32(0));
    const hl = M.mul(lo64(x), c64(GELU_FAST_K)), hh = M.mul(hi64(x), c64(GELU_FAST_K));
    const zl = f64x2.lt(hl, c64(EXP_ZERO)), zh = f64x2.lt(hh, c64(EXP_ZERO));
    const y = pack(gSiluF(lo64(g), hl, mlo(ge), zl, zl), gSiluF(hi64(g), hh, mhi(ge), zh, zh));
    const near = f32x4.lt(f32x4.abs(f32x4.sub(v, c32(-0.75115424))), c32(0.0625));
    if (!v128.any_true(near)) return y;
    return sel32(near, grad64x4<GeluFastPrecise>(changetype<GeluFastPrecise>(0), v, g, a, b), y);
  }
}

/**
 * geluApprox' = σ(t) + x·σ'(t)·2u', t = 2u, u = √(2/π)·(x + 0.044715·x³), u' = √(2/π)·(1 + 3·0.044715·x²):
 * with e^−|t| = 2^k·N/D (as M.logisticF), [(t ≥ 0 ? D : 2^k·N)·(D + 2^k·N) + 2x·u'·2^k·N·D]/(D + 2^k·N)²,
 * one division. x bounded to [−30, 10] in float32 (1 above, as GeluApproxPrecise; +0 where e^t is 0,
 * which covers x < −30); within 1/16 of the zero x ≈ −0.75 vectors with a lane there take
 * GeluApproxPrecise.
 */
@inline function gGeluApproxF(g: v128, x: v128, ge: v128): v128 {
  const x2 = M.mul(x, x);
  const u = M.mul(c64(GELU_C), M.mad(M.mul(x2, x), c64(GELU_K), x));
  const du2 = M.mul(c64(2 * GELU_C), M.mad(x2, c64(3 * GELU_K), c64(1)));
  const ta = negAbs(M.add(u, u));
  const zero = f64x2.lt(ta, c64(EXP_ZERO));
  const t = M.maxC(ta, -708);
  const kd = M.mad(t, c64(1.4426950408889634), c64(6755399441055744.0 + 1023));
  const k = M.sub(kd, c64(6755399441055744.0 + 1023));
  const s = i64x2.shl(kd, 52);
  const r = M.sub(t, M.mul(k, c64(0.6931471805599453)));
  const r2 = M.mul(r, r);
  const p = M.mad(r2, c64(EXPR_A), c64(1));
  const rq = M.mul(r, M.mad(r2, c64(EXPR_B), c64(0.5)));
  const d = M.sub(p, rq);
  const sn = v128.andnot(M.mul(s, M.add(p, rq)), zero);
  const den = M.add(d, sn);
  const num = M.mad(M.select(ge, d, sn), den, M.mul(M.mul(x, du2), M.mul(sn, d)));
  return M.div(M.mul(g, v128.andnot(num, zero)), M.mul(den, den));
}
@final class GeluApproxG {
  @inline f4(v: v128, g: v128, a: v128, b: v128): v128 {
    const x = f32x4.pmax(f32x4.pmin(v, c32(10)), c32(-30));
    const ge = f32x4.ge(v, c32(0));
    const y = pack(gGeluApproxF(lo64(g), lo64(x), mlo(ge)), gGeluApproxF(hi64(g), hi64(x), mhi(ge)));
    const near = f32x4.lt(f32x4.abs(f32x4.sub(v, c32(<f32>R.GELU_APPROX_R_HI))), c32(0.0625));
    if (!v128.any_true(near)) return y;
    return sel32(near, grad64x4<GeluApproxPrecise>(changetype<GeluApproxPrecise>(0), v, g, a, b), y);
  }
}

/**
 * g·mish'(x) = g·(n·(n + 2) + 4x·e·(1 + e))/(n + 2)², e = eˣ, n = e·(e + 2), from float32 lanes x
 * bounded to [−1000, 30] (beyond 30 the quotient is 1 in float64) and e = expF(max(x, −708)); −0
 * where eˣ is 0 in Math.exp (zero), as MishPrecise's tail e·(1 + x).
 */
@inline function gMishF(g: v128, x: v128, xe: v128, zero: v128): v128 {
  const e = M.expF(xe);
  const n = M.mul(e, M.add(e, c64(2)));
  const d = M.add(n, c64(2));
  const v = M.div(M.mad(n, d, M.mul(M.mul(c64(4), x), M.mad(e, e, e))), M.mul(d, d));
  return M.mul(g, M.select(zero, c64(-0.0), v));
}
/** mish' on the float32-accuracy path; within 1/8 of its zero x ≈ −1.19, MishPrecise for the vector. */
@final class MishG {
  @inline f4(v: v128, g: v128, a: v128, b: v128): v128 {
    const x = f32x4.pmax(f32x4.pmin(v, c32(30)), c32(-1000));
    const xe = f32x4.pmax(x, c32(T_LOW));
    const z = f32x4.le(v, c32(T_ZERO));
    const y = pack(gMishF(lo64(g), lo64(x), lo64(xe), mlo(z)), gMishF(hi64(g), hi64(x), hi64(xe), mhi(z)));
    const near = f32x4.lt(f32x4.abs(f32x4.sub(v, c32(<f32>R.MISH_R_HI))), c32(0.125));
    if (!v128.any_true(near)) return y;
    return sel32(near, grad64x4<MishPrecise>(changetype<MishPrecise>(0), v, g, a, b), y);
  }
}

// ---- exports: `<activation>Grad` ----

export function reluGrad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad32<ReluD>(dst, x, g, n, a, b); }
export function relu6Grad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad32<Relu6D>(dst, x, g, n, a, b); }
export function hardTanhGrad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad32<HardTanhD>(dst, x, g, n, a, b); }
export function leakyReluGrad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad32<LeakyReluD>(dst, x, g, n, a, b); }
export function hardShrinkGrad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad32<ShrinkD>(dst, x, g, n, a, b); }
export function softshrinkGrad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad32<ShrinkD>(dst, x, g, n, a, b); }
export function stepGrad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad32<StepD>(dst, x, g, n, a, b); }

export function relu2Grad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad32p<Relu2P>(dst, x, g, n, a, b); }
export function hardswishGrad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad4<HardswishG>(dst, x, g, n, a, b); }
export function eluGrad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad4<EluG>(dst, x, g, n, a, b); }
export function celuGrad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad4<CeluG>(dst, x, g, n, a, b); }
export function seluGrad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad4<SeluG>(dst, x, g, n, a, b); }
export function sigmoidGrad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad4<SigmoidG>(dst, x, g, n, a, b); }
export function tanhGrad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad4<TanhG>(dst, x, g, n, a, b); }
export function softplusGrad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad4<SoftplusG>(dst, x, g, n, a, b); }
export function logSigmoidGrad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad4<LogSigmoidG>(dst, x, g, n, a, b); }
export function softsignGrad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad64<SoftsignG>(dst, x, g, n, a, b); }
export function siluGrad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad4<SiluG>(dst, x, g, n, a, b); }
export function mishGrad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad4<MishG>(dst, x, g, n, a, b); }
export function geluGrad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad64<GeluG>(dst, x, g, n, a, b); }
export function geluApproxGrad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad4<GeluApproxG>(dst, x, g, n, a, b); }
export function geluFastApproxGrad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad4<GeluFastApproxG>(dst, x, g, n, a, b); }
