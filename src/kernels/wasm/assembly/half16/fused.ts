/**
 * The activations whose result is not exact on the 16-bit bits (a product, a sum or a quotient
 * to round) but cheap enough that two conversions through memory would cost more than the kernel:
 * the float32 kernel's own lane arithmetic between a widening and a rounding in registers
 * (drivers.ts: mapWide16, gradWide16), eight elements per iteration. Each class repeats the
 * four-lane function of its float32 kernel (activations/<name>.ts) operation for operation, `w`
 * forward and `wg` backward; test/kernels.half16.test.ts holds the two to the same bits on every
 * 16-bit pattern.
 *
 * softsign's division makes the staging's memory traffic count (834 against 800 Melem/s forward,
 * 719 against 651 backward, one thread, 1e6 elements).
 *
 * float16's leakyRelu, relu2, softshrink (forward), hardswish and softsign compute in float16's
 * own scaling instead (scaled.ts): no float32 widening of the product's operand, and a rounding by
 * integer lanes in place of convert.ts's narrowF16, with the class above as the exact path for the
 * lanes that need it.
 */
import * as M from '../math';
import { apply64, grad64x4 } from '../drivers';
import { Bf16, F16, gradWide16, lastKey, loadTail16, mapWide16, storeTail16, wide16, wideGrad16 } from './drivers';
import { bigHi, bigLo, kz, kz16, nanLanes, nonFinite, opaqueZero, outside, productThreshold, roundBig, roundEither, roundSmall, signedHi, signedLo, tooSmall } from './scaled';
import { highHi, highLo, upF16 } from '../convert';
import { c32, hi64, lo64, mhi, mlo, pack, sel32 } from '../tail';

/** leakyRelu(s = a): x ≥ 0 ? x : s·x; slope 0: x < 0 ? +0 : x. */
@final class LeakyRelu {
  @inline w(x: v128, s: v128, b: v128): v128 { return sel32(f32x4.ge(x, c32(0)), x, f32x4.mul(s, x)); }
}
@final class LeakyReluZero {
  @inline w(x: v128, s: v128, b: v128): v128 { return sel32(f32x4.lt(x, c32(0)), c32(0), x); }
}
/** g·leakyRelu'(x): g·(x ≥ 0 ? 1 : s), NaN for a NaN x. */
@final class LeakyReluG {
  @inline wg(x: v128, g: v128, s: v128, b: v128): v128 {
    return f32x4.mul(g, sel32(f32x4.ne(x, x), x, sel32(f32x4.ge(x, c32(0)), c32(1), s)));
  }
}

/** softshrink(λ = a): |x| ≤ λ ? 0 : x > 0 ? x − λ : x + λ. */
@final class Softshrink {
  @inline w(x: v128, l: v128, b: v128): v128 {
    return sel32(f32x4.le(f32x4.abs(x), l), c32(0), sel32(f32x4.gt(x, c32(0)), f32x4.sub(x, l), f32x4.add(x, l)));
  }
}

/** relu2: x ≤ 0 ? 0 : x². */
@final class Relu2 {
  @inline w(x: v128, a: v128, b: v128): v128 { return sel32(f32x4.le(x, c32(0)), c32(0), f32x4.mul(x, x)); }
}
/** g·relu2'(x) = g·2x for x > 0, else g·0; (2g)·x where 2x would overflow (bfloat16 reaches 2^126). */
@final class Relu2G {
  @inline wg(x: v128, g: v128, a: v128, b: v128): v128 {
    const small = f32x4.mul(g, sel32(f32x4.le(x, c32(0)), c32(0), f32x4.add(x, x)));
    return sel32(f32x4.ge(x, c32(8.507059173023462e37)), f32x4.mul(f32x4.add(g, g), x), small); // 2^126
  }
}

/** hardswish: x·(x + 3)·(1/6) in float64, +0 at or below −3, x at or above 3 (activations/hardswish.ts). */
@final class Hardswish {
  @inline f(x: v128, a: v128, b: v128): v128 {
    const y = M.mul(M.mul(x, M.add(x, M.c64(3))), M.c64(0.16666666666666666));
    return M.select(f64x2.le(x, M.c64(-3)), M.c64(0), M.select(f64x2.ge(x, M.c64(3)), x, y));
  }
  @inline w(v: v128, a: v128, b: v128): v128 { return apply64<Hardswish>(this, v, a, b); }
}
/** g·hardswish'(x): the middle (2x + 3)·(1/6), in float64. */
@final class HardswishG {
  @inline wg(v: v128, g: v128, a: v128, b: v128): v128 {
    const lt = f32x4.lt(v, c32(-3)), gt = f32x4.gt(v, c32(3));
    return pack(HardswishG.h(lo64(v), lo64(g), mlo(lt), mlo(gt)), HardswishG.h(hi64(v), hi64(g), mhi(lt), mhi(gt)));
  }
  @inline static h(x: v128, g: v128, lt: v128, gt: v128): v128 {
    const mid = M.mul(M.add(M.add(x, x), M.c64(3)), M.c64(0.16666666666666666));
    return M.mul(g, M.select(gt, M.c64(1), v128.andnot(mid, lt)));
  }
}

/** softsign: x/(1 + |x|) in float64, x clamped to ±2^60 (activations/softsign.ts). */
@final class Softsign {
  @inline f(x: v128, a: v128, b: v128): v128 {
    const xc = M.maxC(M.minC(x, 1.152921504606847e18), -1.152921504606847e18);
    return M.div(xc, M.add(f64x2.abs(xc), M.c64(1)));
  }
  @inline w(v: v128, a: v128, b: v128): v128 { return apply64<Softsign>(this, v, a, b); }
}
/** g/(1 + |x|)² in float64. */
@final class SoftsignG {
  @inline f(x: v128, g: v128, a: v128, b: v128): v128 {
    const d = M.add(f64x2.abs(x), M.c64(1));
    return M.div(g, M.mul(d, d));
  }
  @inline wg(x: v128, g: v128, a: v128, b: v128): v128 { return grad64x4<SoftsignG>(this, x, g, a, b); }
}

// ---- float16 in float16's scaling (scaled.ts) ----

/**
 * x ≥ 0 ? x : s·x on float16 (leakyRelu; prelu with a positive scalar weight, where the two agree
 * on signed zeros), sixteen lanes at a time, each product lane as q = 0x8000 | float16(|s·x|)
 * (roundBig). K (LeakyRelu or prelu's kernel) is the exact path, for sixteen lanes with a NaN or
 * a product lane that is not a float16 normal, for the last n mod 16, and for slopes whose every
 * product is below 2^-14 (or NaN).
 */
@inline export function slopeF16<K>(dst: usize, src: usize, n: i32, s: f32): void {
  const t = productThreshold(s);
  if (t > 0x7c00) mapWide16<K, F16>(dst, src, n, s, 0);
  else if (s > 0 && s <= 1) slopeUnitF16<K>(dst, src, n, s, t);
  else slopeAnyF16<K>(dst, src, n, s, t);
}

/**
 * Slope in (0, 1] with its threshold t (productThreshold): sixteen lanes whose |x| bits are all in
 * [t, 0x7c00] have every product a float16 normal or ∞, and as |s·x| ≤ |x| the unsigned minimum
 * of h and q is x where x ≥ 0 (bits below 0x8000) and q where x < 0.
 */
@inline function slopeUnitF16<K>(dst: usize, src: usize, n: i32, s: f32, t: i32): void {
  // opaque, so that the optimizer does not fold them into slopeUnitRun as constants
  const z = opaqueZero(n), ones = kz(z, -1), sign = kz16(z, 0x8000), one = kz(z, 1), half = kz(z, 0xfff);
  const sv = f32x4.splat(s), bv = f32x4.splat(0);
  const tv = i16x8.splat(<i16>t), lim = i16x8.splat(<i16>(-1024 - t));
  const end = src + (<usize>(n & ~15) << 1);
  const do_ = dst - src;
  let p = slopeUnitRun(src, do_, end, ones, sign, one, half, sv, tv, lim);
  while (p < end) {
    exactBlock16<K>(p + do_, p, s);
    p = slopeUnitRun(p + 32, do_, end, ones, sign, one, half, sv, tv, lim);
  }
  tailF16<K>(p + do_, p, n & 15, sv, bv);
}

/**
 * slopeUnitF16's fast loop from p (the result at p + do) up to the first sixteen lanes that need
 * the exact path, or end; returns where it stopped (a function with its constants as parameters,
 * as relu2Run).
 */
function slopeUnitRun(p: usize, do_: usize, end: usize, ones: v128, sign: v128, one: v128, half: v128, sv: v128, tv: v128, lim: v128): usize {
  for (; p < end; p += 32) {
    const h0 = v128.load(p), h1 = v128.load(p, 16), d = p + do_;
    const m0 = v128.or(h0, sign), m1 = v128.or(h1, sign);
    if (v128.any_true(v128.or(outside(m0, tv, lim), outside(m1, tv, lim)))) break;
    v128.store(d, i16x8.min_u(h0, roundBig(f32x4.mul(bigLo(m0, ones), sv), f32x4.mul(bigHi(m0, ones), sv), one, half)));
    v128.store(d, i16x8.min_u(h1, roundBig(f32x4.mul(bigLo(m1, ones), sv), f32x4.mul(bigHi(m1, ones), sv), one, half)), 16);
  }
  return p;
}

/**
 * Any other slope, as slopeUnitF16 but for the combination: q with the product's sign (flipped
 * for s < 0) where x < 0, x elsewhere.
 */
@inline function slopeAnyF16<K>(dst: usize, src: usize, n: i32, s: f32, t: i32): void {
  const z = opaqueZero(n), ones = kz(z, -1), sign = kz16(z, 0x8000), one = kz(z, 1), half = kz(z, 0xfff);
  const sv = f32x4.splat(s), sa = f32x4.splat(Mathf.abs(s)), bv = f32x4.splat(0);
  const tv = i16x8.splat(<i16>t), lim = i16x8.splat(<i16>(-1024 - t)), flip = i16x8.splat(s < 0 ? -0x8000 : 0);
  const end = src + (<usize>(n & ~15) << 1);
  let p = src, d = dst;
  for (; p < end; p += 32, d += 32) {
    const h0 = v128.load(p), h1 = v128.load(p, 16);
    const m0 = v128.or(h0, sign), m1 = v128.or(h1, sign);
    if (v128.any_true(v128.or(outside(m0, tv, lim), outside(m1, tv, lim)))) {
      exactBlock16<K>(d, p, s);
    } else {
      const q0 = roundBig(f32x4.mul(bigLo(m0, ones), sa), f32x4.mul(bigHi(m0, ones), sa), one, half);
      const q1 = roundBig(f32x4.mul(bigLo(m1, ones), sa), f32x4.mul(bigHi(m1, ones), sa), one, half);
      v128.store(d, v128.bitselect(v128.xor(q0, flip), h0, i16x8.shr_s(h0, 15)));
      v128.store(d, v128.bitselect(v128.xor(q1, flip), h1, i16x8.shr_s(h1, 15)), 16);
    }
  }
  tailF16<K>(d, p, n & 15, sv, bv);
}

/** Sixteen elements at p through K's exact path, to d (a call, out of the loop's code). */
function exactBlock16<K>(d: usize, p: usize, s: f32): void {
  const sv = f32x4.splat(s), bv = f32x4.splat(0);
  v128.store(d, wide16<K, F16>(v128.load(p), sv, bv));
  v128.store(d, wide16<K, F16>(v128.load(p, 16), sv, bv), 16);
}

/** Sixteen elements from x and g through K's backward exact path (no parameters). */
function exactGradBlock16<K>(d: usize, x: usize, g: usize): void {
  const zero = f32x4.splat(0);
  v128.store(d, wideGrad16<K, F16>(v128.load(x), v128.load(g), zero, zero));
  v128.store(d, wideGrad16<K, F16>(v128.load(x, 16), v128.load(g, 16), zero, zero), 16);
}

/** The last rem (0-15) elements through K's exact path. */
@inline function tailF16<K>(d: usize, p: usize, rem: i32, a: v128, b: v128): void {
  if (rem >= 8) {
    v128.store(d, wide16<K, F16>(v128.load(p), a, b));
    p += 16;
    d += 16;
    rem -= 8;
  }
  if (rem) storeTail16(d, wide16<K, F16>(loadTail16(p, rem), a, b), rem);
}

/**
 * g·leakyRelu'(x) on float16: g where x ≥ 0 (−0 included), s·g elsewhere, sixteen lanes at a time,
 * the products as in slopeAnyF16 on g (the sign: g's, flipped for s < 0); a NaN x, or a g
 * outside the threshold (NaN, zero, or a product below 2^-14), takes the exact path.
 */
@inline function slopeGradF16(dst: usize, xp: usize, gp: usize, n: i32, s: f32): void {
  const t = productThreshold(s);
  if (t > 0x7c00) {
    gradWide16<LeakyReluG, F16>(dst, xp, gp, n, s, 0);
    return;
  }
  // opaque, so that the optimizer does not fold them into slopeGradRun as constants
  const z = opaqueZero(n), ones = kz(z, -1), sign = kz16(z, 0x8000), one = kz(z, 1), half = kz(z, 0xfff);
  const one16 = kz16(z, 1), below = kz16(z, -2), nan = kz16(z, 0xfc00);
  const sv = f32x4.splat(s), sa = f32x4.splat(Mathf.abs(s)), bv = f32x4.splat(0);
  const tv = i16x8.splat(<i16>t), lim = i16x8.splat(<i16>(-1024 - t)), flip = i16x8.splat(s > 0 ? -0x8000 : 0);
  const end = xp + (<usize>(n & ~15) << 1);
  const go = gp - xp, do_ = dst - xp;
  let x = slopeGradRun(xp, go, do_, end, ones, sign, one, half, one16, below, nan, sa, tv, lim, flip);
  while (x < end) {
    const g = x + go, d = x + do_;
    v128.store(d, wideGrad16<LeakyReluG, F16>(v128.load(x), v128.load(g), sv, bv));
    v128.store(d, wideGrad16<LeakyReluG, F16>(v128.load(x, 16), v128.load(g, 16), sv, bv), 16);
    x = slopeGradRun(x + 32, go, do_, end, ones, sign, one, half, one16, below, nan, sa, tv, lim, flip);
  }
  tailGradF16<LeakyReluG>(x + do_, x, x + go, n & 15, sv, bv);
}

/**
 * slopeGradF16's fast loop from x (g at x + go, the result at x + do) up to the first sixteen
 * lanes that need the exact path, or end; returns where it stopped. A function of its own, with
 * the constants as parameters, as relu2Run: in one loop with the exact path V8 rebuilt them.
 */
function slopeGradRun(
  x: usize, go: usize, do_: usize, end: usize,
  ones: v128, sign: v128, one: v128, half: v128, one16: v128, below: v128, nan: v128, sa: v128, tv: v128, lim: v128, flip: v128,
): usize {
  for (; x < end; x += 32) {
    const g = x + go, d = x + do_;
    const x0 = v128.load(x), g0 = v128.load(g), x1 = v128.load(x, 16), g1 = v128.load(g, 16);
    const m0 = v128.or(g0, sign), m1 = v128.or(g1, sign);
    const bad = v128.or(v128.or(outside(m0, tv, lim), outside(m1, tv, lim)),
      v128.or(i16x8.gt_s(v128.or(x0, sign), nan), i16x8.gt_s(v128.or(x1, sign), nan))); // a NaN x
    if (v128.any_true(bad)) break;
    const q0 = roundBig(f32x4.mul(bigLo(m0, ones), sa), f32x4.mul(bigHi(m0, ones), sa), one, half);
    const q1 = roundBig(f32x4.mul(bigLo(m1, ones), sa), f32x4.mul(bigHi(m1, ones), sa), one, half);
    const r0 = v128.xor(q0, v128.and(v128.xor(g0, flip), sign)), r1 = v128.xor(q1, v128.and(v128.xor(g1, flip), sign)); // the sign of g·s
    v128.store(d, v128.bitselect(g0, r0, i16x8.gt_s(i16x8.sub(x0, one16), below))); // x − 1 ≥ −1: x ≥ +0 or x = −0
    v128.store(d, v128.bitselect(g1, r1, i16x8.gt_s(i16x8.sub(x1, one16), below)), 16);
  }
  return x;
}

/** The last rem (0-15) elements of a backward through K's exact path. */
@inline function tailGradF16<K>(d: usize, x: usize, g: usize, rem: i32, a: v128, b: v128): void {
  if (rem >= 8) {
    v128.store(d, wideGrad16<K, F16>(v128.load(x), v128.load(g), a, b));
    x += 16;
    g += 16;
    d += 16;
    rem -= 8;
  }
  if (rem) storeTail16(d, wideGrad16<K, F16>(loadTail16(x, rem), loadTail16(g, rem), a, b), rem);
}

export function leakyReluF16(dst: usize, src: usize, n: i32, a: f64, b: f64): void {
  const s = <f32>a;
  if (s == 0) mapWide16<LeakyReluZero, F16>(dst, src, n, a, b);
  else slopeF16<LeakyRelu>(dst, src, n, s);
}
export function leakyReluBf16(dst: usize, src: usize, n: i32, a: f64, b: f64): void {
  if (a == 0) mapWide16<LeakyReluZero, Bf16>(dst, src, n, a, b);
  else mapWide16<LeakyRelu, Bf16>(dst, src, n, a, b);
}
export function leakyReluF16Grad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { slopeGradF16(dst, x, g, n, <f32>a); }
export function leakyReluBf16Grad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { gradWide16<LeakyReluG, Bf16>(dst, x, g, n, a, b); }

/**
 * softshrink on float16 for λ in [2^-14, 65504) (no subnormal x is kept), sixteen lanes at a
 * time: where |x| > λ (on the bits: |x|'s above the last at or below λ), −(|x| − λ)·2^112 as
 * −|x|·2^112 + λ·2^112 (both exact, so the sum rounds as |x| − λ), rounded in float16's scaling
 * (scaled.ts) with x's sign; +0 elsewhere. Sixteen lanes with a NaN, or a kept |x| − λ below
 * 2^-14, take the exact path, as do other λ.
 */
export function softshrinkF16(dst: usize, src: usize, n: i32, a: f64, b: f64): void {
  const l = <f32>a;
  if (!(l >= 6.103515625e-5 && l < 65504)) {
    mapWide16<Softshrink, F16>(dst, src, n, a, b);
    return;
  }
  // opaque, so that the optimizer does not fold them into softshrinkRun as constants
  const z = opaqueZero(n), ones = kz(z, -1), sign = kz16(z, 0x8000), one = kz(z, 1), half = kz(z, 0xfff), mag = kz16(z, 0x7fff);
  const nan = kz16(z, 0xfc00), small = kz16(z, 0x8400);
  const le = i16x8.splat(<i16>lastKey<F16>(l, false)), lv = f32x4.splat(l * 5.192296858534828e33); // λ·2^112
  const end = src + (<usize>(n & ~15) << 1);
  const do_ = dst - src;
  let p = softshrinkRun(src, do_, end, ones, sign, one, half, mag, nan, small, le, lv);
  while (p < end) {
    exactBlock16<Softshrink>(p + do_, p, l);
    p = softshrinkRun(p + 32, do_, end, ones, sign, one, half, mag, nan, small, le, lv);
  }
  tailF16<Softshrink>(p + do_, p, n & 15, f32x4.splat(l), f32x4.splat(0));
}

/**
 * softshrinkF16's fast loop from p (the result at p + do) up to the first sixteen lanes that
 * need the exact path (a NaN, or a result below 2^-14), or end; returns where it stopped (a
 * function with its constants as parameters, as relu2Run).
 */
function softshrinkRun(
  p: usize, do_: usize, end: usize,
  ones: v128, sign: v128, one: v128, half: v128, mag: v128, nan: v128, small: v128, le: v128, lv: v128,
): usize {
  for (; p < end; p += 32) {
    const h0 = v128.load(p), h1 = v128.load(p, 16), d = p + do_;
    const m0 = v128.or(h0, sign), m1 = v128.or(h1, sign);
    const k0 = i16x8.gt_s(v128.and(h0, mag), le), k1 = i16x8.gt_s(v128.and(h1, mag), le);
    const q0 = roundBig(f32x4.add(bigLo(m0, ones), lv), f32x4.add(bigHi(m0, ones), lv), one, half);
    const q1 = roundBig(f32x4.add(bigLo(m1, ones), lv), f32x4.add(bigHi(m1, ones), lv), one, half);
    const bad = v128.or(v128.or(i16x8.gt_s(m0, nan), i16x8.gt_s(m1, nan)), v128.or(v128.and(i16x8.lt_s(q0, small), k0), v128.and(i16x8.lt_s(q1, small), k1)));
    if (v128.any_true(bad)) break;
    v128.store(d, v128.and(v128.xor(q0, v128.andnot(sign, h0)), k0));
    v128.store(d, v128.and(v128.xor(q1, v128.andnot(sign, h1)), k1), 16);
  }
  return p;
}
export function softshrinkBf16(dst: usize, src: usize, n: i32, a: f64, b: f64): void { mapWide16<Softshrink, Bf16>(dst, src, n, a, b); }

/**
 * relu2 on float16, sixteen lanes at a time, in float16's scaling (scaled.ts) with x's sign: h
 * sign-extended and shifted up 13 (signedLo) is x·2^-112 for x > 0, a float32 normal since x ≥ 2^-7
 * here; with 112 added to its exponent field it is x, and the product x²·2^-112 (in [2^-126, 2^-80))
 * has float16's bits of x² under a zero prefix. x² is exact in float32 (11-bit significands), and
 * its rounding to float16 never ties to an odd kept bit: with s = 2^k·t (t odd) the significand,
 * s² = 2^2k·t² has its lowest set bit at 2k, and a tie needs it at the highest dropped bit (bit 9
 * of s² below 2^21, which is odd; bit 10 at or above), where t² ≡ 1 mod 8 leaves the kept bit 11
 * zero. So adding 0xfff (ties down) and shifting down 13 is float16's round half to even (all
 * 65,536 patterns are tested); past 65504 the bits exceed 0x7c00 and a minimum gives ∞. For x
 * < 0 (−0 and −∞ too) the first factor is −|x|·2^112, the second (its bits plus 112·2^23, wrapped)
 * a positive float32 normal: the product is negative (at least 2^50 in magnitude, or −∞), and
 * the unsigned narrowing saturates it to +0. Sixteen lanes with a NaN, or an x in [+0, 2^-7)
 * (square below 2^-14), take the exact path.
 */
export function relu2F16(dst: usize, src: usize, n: i32, a: f64, b: f64): void {
  // opaque, so that the optimizer does not fold them into relu2Run as constants
  const z = opaqueZero(n), up = kz(z, 0x38000000), half = kz(z, 0xfff), inf = kz16(z, 0x7c00);
  const shift = kz16(z, 0x83ff), low = kz16(z, 0xa3ff); // [0xfc01, 0x1fff] (−NaN, [+0, 2^-7)) → [−32768, 0xa3ff)
  const end = src + (<usize>(n & ~15) << 1);
  let p = relu2Run(src, dst - src, end, z, up, half, inf, shift, low);
  while (p < end) {
    exactBlock16<Relu2>(dst + (p - src), p, 0);
    p = relu2Run(p + 32, dst - src, end, z, up, half, inf, shift, low);
  }
  tailF16<Relu2>(dst + (p - src), p, n & 15, f32x4.splat(0), f32x4.splat(0));
}

/**
 * relu2F16's fast loop from p (the result at p + do) up to the first block that needs the exact
 * path, or end; returns where it stopped. A function of its own, called twice so that it stays
 * one, with the constants as parameters: V8 otherwise rebuilds constants inside the loop.
 */
function relu2Run(p: usize, do_: usize, end: usize, z: v128, up: v128, half: v128, inf: v128, shift: v128, low: v128): usize {
  for (; p < end; p += 32) {
    const h0 = v128.load(p), h1 = v128.load(p, 16), d = p + do_;
    const bad = v128.or(v128.or(i16x8.lt_s(i16x8.add(h0, shift), low), i16x8.gt_s(h0, inf)),
      v128.or(i16x8.lt_s(i16x8.add(h1, shift), low), i16x8.gt_s(h1, inf)));
    if (v128.any_true(bad)) break;
    v128.store(d, square(h0, z, up, half, inf));
    v128.store(d, square(h1, z, up, half, inf), 16);
  }
  return p;
}

/** float16(x²) for x > 0, +0 for x < 0 (eight lanes h, none NaN, none in [+0, 2^-7)). */
@inline function square(h: v128, z: v128, up: v128, half: v128, inf: v128): v128 {
  const lo = signedLo(h, z), hi = signedHi(h, z);
  const qlo = i32x4.shr_s(i32x4.add(f32x4.mul(lo, i32x4.add(lo, up)), half), 13);
  const qhi = i32x4.shr_s(i32x4.add(f32x4.mul(hi, i32x4.add(hi, up)), half), 13);
  return i16x8.min_u(i16x8.narrow_i32x4_u(qlo, qhi), inf);
}
export function relu2Bf16(dst: usize, src: usize, n: i32, a: f64, b: f64): void { mapWide16<Relu2, Bf16>(dst, src, n, a, b); }
/**
 * g·relu2'(x) on float16, sixteen lanes at a time: g·2x as g's scaled value (signedLo: −|g|·2^112
 * for g < 0, g·2^-112 for g > 0) times 2x, rounded in float16's scaling (scaled.ts) to the signed
 * result's bits (a minimum makes the positive overflows ∞). x ≤ 0 (−∞ too) is first raised to +0
 * on the bits, so that the second factor is +0 and the product g's signed zero; a positive
 * subnormal x gives a float32 subnormal times 2^113, which is 2x exactly. Sixteen lanes with a NaN
 * x, a g that is not a float16 normal, or a product below 2^-14 where x ≥ 0, take the exact path.
 */
export function relu2F16Grad(dst: usize, xp: usize, gp: usize, n: i32, a: f64, b: f64): void {
  // opaque, so that the optimizer does not fold them into relu2GradRun as constants
  const z = opaqueZero(n), sign = kz16(z, 0x8000), one = kz(z, 1), half = kz(z, 0xfff), mag = kz16(z, 0x7fff);
  const two = v128.or(z, f32x4.splat(1.0384593717069655e34)), inf = kz16(z, 0x7c00); // 2^113
  const nan = kz16(z, 0xfc00), tv = kz16(z, 0x400), lim = kz16(z, -1025 - 0x400);
  const end = xp + (<usize>(n & ~15) << 1);
  let x = relu2GradRun(xp, gp - xp, dst - xp, end, z, sign, one, half, mag, two, inf, nan, tv, lim);
  while (x < end) {
    exactGradBlock16<Relu2G>(dst + (x - xp), x, gp + (x - xp));
    x = relu2GradRun(x + 32, gp - xp, dst - xp, end, z, sign, one, half, mag, two, inf, nan, tv, lim);
  }
  tailGradF16<Relu2G>(dst + (x - xp), x, gp + (x - xp), n & 15, z, z);
}

/**
 * relu2F16Grad's fast loop from x (g at x + go, the result at x + do) up to the first block that
 * needs the exact path, or end; returns where it stopped. A function of its own, called twice so
 * that it stays one, with the constants as parameters: V8 otherwise rebuilds each constant inside
 * the loop (four instructions apiece).
 */
function relu2GradRun(x: usize, go: usize, do_: usize, end: usize, z: v128, sign: v128, one: v128, half: v128,
  mag: v128, two: v128, inf: v128, nan: v128, tv: v128, lim: v128): usize {
  for (; x < end; x += 32) {
    const g = x + go, d = x + do_;
    const x0 = v128.load(x), g0 = v128.load(g), x1 = v128.load(x, 16), g1 = v128.load(g, 16);
    const q0 = twiceProduct(x0, g0, z, two, one, half, inf), q1 = twiceProduct(x1, g1, z, two, one, half, inf);
    const gBad = i16x8.gt_s(i16x8.max_s(i16x8.sub(v128.or(g0, sign), tv), i16x8.sub(v128.or(g1, sign), tv)), lim);
    const xNan = i16x8.gt_s(i16x8.max_s(v128.or(x0, sign), v128.or(x1, sign)), nan);
    // |result| below 2^-14 (tv) where x ≥ 0 (x < 0 lanes: the sign bit makes them large)
    const w0 = v128.or(v128.and(q0, mag), v128.and(x0, sign)), w1 = v128.or(v128.and(q1, mag), v128.and(x1, sign));
    const small = i16x8.sub_sat_u(tv, i16x8.min_u(w0, w1));
    if (v128.any_true(v128.or(v128.or(gBad, xNan), small))) break;
    v128.store(d, q0);
    v128.store(d, q1, 16);
  }
  return x;
}

/** float16(g·2x) with g's sign, g's signed zero for x ≤ 0 (eight lanes, g normal, x not NaN). */
@inline function twiceProduct(hx: v128, hg: v128, z: v128, two: v128, one: v128, half: v128, inf: v128): v128 {
  const xp = i16x8.max_s(hx, z);
  const lo = f32x4.mul(signedLo(hg, z), f32x4.mul(signedLo(xp, z), two));
  const hi = f32x4.mul(signedHi(hg, z), f32x4.mul(signedHi(xp, z), two));
  return i16x8.min_s(roundEither(lo, hi, one, half), inf);
}
export function relu2Bf16Grad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { gradWide16<Relu2G, Bf16>(dst, x, g, n, a, b); }

/**
 * hardswish on float16, sixteen lanes at a time: the float32 kernel's float64 x·(x + 3)·(1/6) with
 * the constant times 2^-112, so that the float32 it rounds to is the result in float16's scaling
 * (scaled.ts: the magnitude's bits rounded at bit 13 are float16's), with x's sign; +0 at or
 * below −3, x at or above 3, on the bits. Sixteen lanes with a NaN, or a result below 2^-14 between
 * −3 and 3, take the exact path (Hardswish, widened and rounded once).
 */
export function hardswishF16(dst: usize, src: usize, n: i32, a: f64, b: f64): void {
  const z = opaqueZero(n), one = kz(z, 1), half = kz(z, 0xfff), abs = kz(z, 0x7fffffff);
  const mag = kz16(z, 0x7fff), sign = kz16(z, 0x8000), three = kz16(z, 0x4200), inf = kz16(z, 0x7c00), normal = kz16(z, 0x400);
  const zero = f32x4.splat(0);
  const end = src + (<usize>(n & ~15) << 1);
  let p = src, d = dst;
  for (; p < end; p += 32, d += 32) {
    const h0 = v128.load(p), h1 = v128.load(p, 16);
    const m0 = v128.and(h0, mag), m1 = v128.and(h1, mag), mid0 = i16x8.lt_s(m0, three), mid1 = i16x8.lt_s(m1, three); // −3 < x < 3
    const r0 = hardswishMid(h0, one, half, abs), r1 = hardswishMid(h1, one, half, abs);
    const bad = v128.or(v128.or(i16x8.gt_s(m0, inf), i16x8.gt_s(m1, inf)), v128.or(v128.and(i16x8.lt_s(r0, normal), mid0), v128.and(i16x8.lt_s(r1, normal), mid1)));
    if (v128.any_true(bad)) {
      v128.store(d, wide16<Hardswish, F16>(h0, zero, zero));
      v128.store(d, wide16<Hardswish, F16>(h1, zero, zero), 16);
    } else {
      v128.store(d, v128.bitselect(v128.or(r0, v128.and(h0, sign)), v128.andnot(h0, i16x8.shr_s(h0, 15)), mid0));
      v128.store(d, v128.bitselect(v128.or(r1, v128.and(h1, sign)), v128.andnot(h1, i16x8.shr_s(h1, 15)), mid1), 16);
    }
  }
  tailF16<Hardswish>(d, p, n & 15, zero, zero);
}

/** |x·(x + 3)·(1/6)|'s float16 bits for eight lanes (as hardswishF16; ∞ and NaN come out finite). */
@inline function hardswishMid(h: v128, one: v128, half: v128, abs: v128): v128 {
  const lo = upF16(highLo(h)), hi = upF16(highHi(h));
  return roundSmall(v128.and(pack(hardswishScaled(lo64(lo)), hardswishScaled(hi64(lo))), abs), v128.and(pack(hardswishScaled(lo64(hi)), hardswishScaled(hi64(hi))), abs), one, half);
}

/** x·(x + 3)·(1/6) times 2^-112, rounded as the float32 kernel's product (a power of two apart). */
@inline function hardswishScaled(x: v128): v128 {
  return M.mul(M.mul(x, M.add(x, M.c64(3))), M.c64(0.16666666666666666 / 5.192296858534828e33)); // 2^112
}

/**
 * g·hardswish'(x) on float16, sixteen lanes at a time: between −3 and 3 the float32 kernel's
 * float64 g·((2x + 3)·(1/6)) with g taken as g·2^-112 (its exponent and fraction moved into
 * float32's fields without the rebiasing multiplication, exact), so that the float32 it rounds to
 * is in float16's scaling (hardswishF16), with that float32's sign; g above 3, g's signed zero
 * below −3, on the bits. Sixteen lanes with a NaN x, a g that is ±∞ or NaN, or a middle result below
 * 2^-14, take the exact path (HardswishG).
 */
export function hardswishF16Grad(dst: usize, xp: usize, gp: usize, n: i32, a: f64, b: f64): void {
  const z = opaqueZero(n), one = kz(z, 1), half = kz(z, 0xfff), abs = kz(z, 0x7fffffff), gmask = kz(z, 0x8fffffff);
  const mag = kz16(z, 0x7fff), sign = kz16(z, 0x8000), three = kz16(z, 0x4200), inf = kz16(z, 0x7c00), normal = kz16(z, 0x400);
  const zero = f32x4.splat(0);
  const end = xp + (<usize>(n & ~15) << 1);
  let x = xp, g = gp, d = dst;
  for (; x < end; x += 32, g += 32, d += 32) {
    const x0 = v128.load(x), g0 = v128.load(g), x1 = v128.load(x, 16), g1 = v128.load(g, 16);
    const m0 = v128.and(x0, mag), m1 = v128.and(x1, mag), mid0 = i16x8.le_s(m0, three), mid1 = i16x8.le_s(m1, three); // −3 ≤ x ≤ 3
    const r0 = hardswishSlopeMid(x0, g0, one, half, abs, gmask, sign, inf), r1 = hardswishSlopeMid(x1, g1, one, half, abs, gmask, sign, inf);
    const nonfinite = v128.or(v128.or(i16x8.gt_s(m0, inf), i16x8.ge_s(v128.and(g0, mag), inf)), v128.or(i16x8.gt_s(m1, inf), i16x8.ge_s(v128.and(g1, mag), inf)));
    const small = v128.or(v128.and(i16x8.lt_s(v128.and(r0, mag), normal), mid0), v128.and(i16x8.lt_s(v128.and(r1, mag), normal), mid1));
    if (v128.any_true(v128.or(nonfinite, small))) {
      v128.store(d, wideGrad16<HardswishG, F16>(x0, g0, zero, zero));
      v128.store(d, wideGrad16<HardswishG, F16>(x1, g1, zero, zero), 16);
    } else { // g above 3, g's signed zero below −3
      v128.store(d, v128.bitselect(r0, v128.bitselect(g0, v128.and(g0, sign), i16x8.gt_s(x0, three)), mid0));
      v128.store(d, v128.bitselect(r1, v128.bitselect(g1, v128.and(g1, sign), i16x8.gt_s(x1, three)), mid1), 16);
    }
  }
  tailGradF16<HardswishG>(d, x, g, n & 15, zero, zero);
}

/** g·((2x + 3)·(1/6))'s float16 bits for eight lanes, as hardswishF16Grad (x and g finite). */
@inline function hardswishSlopeMid(hx: v128, hg: v128, one: v128, half: v128, abs: v128, gmask: v128, sign: v128, inf: v128): v128 {
  const xl = upF16(highLo(hx)), xh = upF16(highHi(hx));
  const gl = v128.and(i32x4.shr_s(highLo(hg), 3), gmask), gh = v128.and(i32x4.shr_s(highHi(hg), 3), gmask); // g·2^-112
  const yl = pack(hardswishSlope(lo64(xl), lo64(gl)), hardswishSlope(hi64(xl), hi64(gl)));
  const yh = pack(hardswishSlope(lo64(xh), lo64(gh)), hardswishSlope(hi64(xh), hi64(gh)));
  const r = i16x8.min_s(roundSmall(v128.and(yl, abs), v128.and(yh, abs), one, half), inf); // |g|·1.5 may pass 65504: ∞
  return v128.or(r, v128.and(i16x8.narrow_i32x4_s(i32x4.shr_s(yl, 16), i32x4.shr_s(yh, 16)), sign)); // the product's sign
}

/** g·((2x + 3)·(1/6)) in float64, as the float32 kernel's (for g the scaled g, the product scaled alike). */
@inline function hardswishSlope(x: v128, g: v128): v128 {
  return M.mul(g, M.mul(M.add(M.add(x, x), M.c64(3)), M.c64(0.16666666666666666)));
}

export function hardswishBf16(dst: usize, src: usize, n: i32, a: f64, b: f64): void { mapWide16<Hardswish, Bf16>(dst, src, n, a, b); }
export function hardswishBf16Grad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { gradWide16<HardswishG, Bf16>(dst, x, g, n, a, b); }

/**
 * softsign on float16, sixteen lanes at a time: −|x|/(1 + |x|) as s/(2^112 − s) for s = −|x|·2^112
 * (scaled.ts), one float32 division: for |x| ≥ 2^-13 the divisor (1 + |x|)·2^112 is exact in
 * float32 (at most 24 bits from 1 down to x's quantum), as the float32 kernel's float64 1 + |x| is,
 * and a quotient of an 11-bit and a 24-bit number is never within 2^-49 (relative) of a float32
 * midpoint unless on it, so rounding it once to float32 is rounding the float64 quotient to float32.
 * The float32 −|y| is rounded in float16's scaling with 112 added to its exponent field (in
 * roundBig's half), then given x's sign. Below 2^-13 softsign(x) rounds to x (x² is below half x's
 * float16 quantum). Sixteen lanes with a NaN or ±∞ take the exact path.
 */
export function softsignF16(dst: usize, src: usize, n: i32, a: f64, b: f64): void {
  const z = opaqueZero(n), ones = kz(z, -1), sign = kz16(z, 0x8000), one = kz(z, 1), half = kz(z, 0xfff + (112 << 23));
  const big = kz(z, 0x77800000), tiny = kz16(z, 0x8800); // 2^112; 0x800 (2^-13) ^ 0x8000
  const zero = f32x4.splat(0);
  const end = src + (<usize>(n & ~15) << 1);
  let p = src, d = dst;
  for (; p < end; p += 32, d += 32) {
    const h0 = v128.load(p), h1 = v128.load(p, 16);
    const m0 = v128.or(h0, sign), m1 = v128.or(h1, sign);
    if (v128.any_true(v128.or(nonFinite(m0, z), nonFinite(m1, z)))) exactBlock16<Softsign>(d, p, 0);
    else {
      v128.store(d, softsignScaled(h0, m0, ones, sign, one, half, big, tiny));
      v128.store(d, softsignScaled(h1, m1, ones, sign, one, half, big, tiny), 16);
    }
  }
  tailF16<Softsign>(d, p, n & 15, zero, zero);
}

/** softsign's float16 bits for eight finite lanes h (m = h | 0x8000), as softsignF16. */
@inline function softsignScaled(h: v128, m: v128, ones: v128, sign: v128, one: v128, half: v128, big: v128, tiny: v128): v128 {
  const lo = bigLo(m, ones), hi = bigHi(m, ones);
  const q = roundBig(f32x4.div(lo, f32x4.sub(big, lo)), f32x4.div(hi, f32x4.sub(big, hi)), one, half);
  return v128.bitselect(h, v128.xor(q, v128.andnot(sign, h)), i16x8.lt_s(m, tiny));
}

/**
 * g·softsign'(x) on float16, sixteen lanes at a time: the float32 kernel's float64 g/d² (d = 1 +
 * |x|, d² rounded) on s = −|x|·2^112 and −|g|·2^112 (scaled.ts): −|g|·2^112/(2^112 − s)² is the
 * same quotient times 2^-112 (each step 2^112 or 2^224 from the kernel's), rounded to float32 the
 * same way where the result is a float16 normal (a float32 normal), so that its bits plus 224 in
 * the exponent field (in roundBig's half) are in float16's scaling; g's sign. x below 2^-14 (the
 * result rounds to g, as it does for 2^-14) is taken as 2^-14. Sixteen lanes with a NaN or ±∞ x,
 * a g that is not a finite normal, or a result below 2^-14 (a float32 subnormal here, rounded
 * twice) take the exact path.
 */
export function softsignF16Grad(dst: usize, xp: usize, gp: usize, n: i32, a: f64, b: f64): void {
  const z = opaqueZero(n), ones = kz(z, -1), sign = kz16(z, 0x8000), one = kz(z, 1), half = kz(z, 0xfff + (224 << 23));
  const normal = kz16(z, 0x8400), tv = kz16(z, 0x400), lim = kz16(z, -1025 - 0x400), big = v128.or(z, f64x2.splat(5.192296858534828e33)); // 2^112
  const zero = f32x4.splat(0);
  const end = xp + (<usize>(n & ~15) << 1);
  let x = xp, g = gp, d = dst;
  for (; x < end; x += 32, g += 32, d += 32) {
    const x0 = v128.load(x), g0 = v128.load(g), x1 = v128.load(x, 16), g1 = v128.load(g, 16);
    const mx0 = v128.or(x0, sign), mx1 = v128.or(x1, sign), mg0 = v128.or(g0, sign), mg1 = v128.or(g1, sign);
    const q0 = softsignSlope(i16x8.max_u(mx0, normal), mg0, ones, one, half, big), q1 = softsignSlope(i16x8.max_u(mx1, normal), mg1, ones, one, half, big);
    const b0 = v128.or(v128.or(nonFinite(mx0, z), outside(mg0, tv, lim)), tooSmall(q0, z));
    const b1 = v128.or(v128.or(nonFinite(mx1, z), outside(mg1, tv, lim)), tooSmall(q1, z));
    if (v128.any_true(v128.or(b0, b1))) {
      v128.store(d, wideGrad16<SoftsignG, F16>(x0, g0, zero, zero));
      v128.store(d, wideGrad16<SoftsignG, F16>(x1, g1, zero, zero), 16);
    } else {
      v128.store(d, v128.xor(q0, v128.andnot(sign, g0)));
      v128.store(d, v128.xor(q1, v128.andnot(sign, g1)), 16);
    }
  }
  tailGradF16<SoftsignG>(d, x, g, n & 15, zero, zero);
}

/** 0x8000 | float16(|g|/(1 + |x|)²) for eight lanes mx = x | 0x8000, mg = g | 0x8000 (both normal). */
@inline function softsignSlope(mx: v128, mg: v128, ones: v128, one: v128, half: v128, big: v128): v128 {
  const xl = bigLo(mx, ones), xh = bigHi(mx, ones), gl = bigLo(mg, ones), gh = bigHi(mg, ones);
  return roundBig(pack(softsignQuot(lo64(xl), lo64(gl), big), softsignQuot(hi64(xl), hi64(gl), big)),
    pack(softsignQuot(lo64(xh), lo64(gh), big), softsignQuot(hi64(xh), hi64(gh), big)), one, half);
}

/** g/d² with d = big − x (x, g and the quotient scaled as softsignF16Grad). */
@inline function softsignQuot(x: v128, g: v128, big: v128): v128 {
  const d = M.sub(big, x);
  return M.div(g, M.mul(d, d));
}

export function softsignBf16(dst: usize, src: usize, n: i32, a: f64, b: f64): void { mapWide16<Softsign, Bf16>(dst, src, n, a, b); }
export function softsignBf16Grad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { gradWide16<SoftsignG, Bf16>(dst, x, g, n, a, b); }
