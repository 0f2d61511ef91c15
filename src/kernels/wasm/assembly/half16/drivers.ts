/**
 * Drivers of the 16-bit kernels: float16 and bfloat16 arrays read and written as their bit
 * patterns, eight elements per vector (i16x8 lanes), with no float32 round trip through memory.
 * A kernel gives, bit for bit, what widening to float32, the float32 kernel and rounding once
 * to the 16-bit type give (test/kernels.half16.test.ts checks all 65,536 patterns).
 *
 * A kernel class has `k<C>(a, b, i)`, its i-th per-call constant (i = 0..3, computed once per
 * call from the parameters a, b), and `f<C>(h, k0, k1, k2, k3)` (forward, eight 16-bit lanes) or
 * `g<C>(x, g, k0, k1, k2, k3)` (backward, g·f'(x)); C is the type, F16 or Bf16 below. The last
 * n mod 8 elements go through the same code in a partly loaded vector; memory past n is never
 * read or written.
 *
 * Comparisons with a parameter t are done on order keys (`key16`): the bits with the magnitude
 * of negative values flipped, so that signed 16-bit order is value order (−0 just below +0, NaN
 * beyond ±∞). `lastKey` finds once per call the largest key whose value is ≤ t (or < t): then
 * x ≤ t is key ≤ that key, x > t its complement, and NaN lanes are masked apart. t must not be NaN.
 */
import { narrowBf16, narrowF16, widenBf16, widenF16 } from '../convert';

/** float16: the bits of +∞, the quiet NaN, 1 and 6; one value widened and narrowed (scalar). */
@final export class F16 {
  @inline inf(): i32 { return 0x7c00; }
  @inline qnan(): i32 { return 0x7e00; }
  @inline one(): i32 { return 0x3c00; }
  @inline six(): i32 { return 0x4600; }
  @inline widen(h: i32): f32 { return f32x4.extract_lane(widenF16(i32x4.splat(h)), 0); }
  @inline narrow(x: f32): i32 { return i32x4.extract_lane(narrowF16(f32x4.splat(x)), 0); }
  @inline widen4(h: v128): v128 { return widenF16(h); }
  @inline narrow4(x: v128): v128 { return narrowF16(x); }
}
/** bfloat16: as F16. */
@final export class Bf16 {
  @inline inf(): i32 { return 0x7f80; }
  @inline qnan(): i32 { return 0x7fc0; }
  @inline one(): i32 { return 0x3f80; }
  @inline six(): i32 { return 0x40c0; }
  @inline widen(h: i32): f32 { return f32x4.extract_lane(widenBf16(i32x4.splat(h)), 0); }
  @inline narrow(x: f32): i32 { return i32x4.extract_lane(narrowBf16(f32x4.splat(x)), 0); }
  @inline widen4(h: v128): v128 { return widenBf16(h); }
  @inline narrow4(x: v128): v128 { return narrowBf16(x); }
}

@inline export function s16(v: i32): v128 { return i16x8.splat(<i16>v); }

/** The order keys of eight 16-bit values: signed comparisons of keys are comparisons of values. */
@inline export function key16(h: v128): v128 {
  return v128.xor(h, v128.and(i16x8.shr_s(h, 15), s16(0x7fff)));
}

/** The NaN lanes (either sign). */
@inline export function isNan16<C>(h: v128): v128 {
  // @ts-ignore: C is F16 or Bf16
  return i16x8.gt_s(v128.and(h, s16(0x7fff)), s16(changetype<C>(0).inf()));
}

/** The value of order key k (not a NaN key). */
@inline function keyValue<C>(k: i32): f32 {
  // @ts-ignore
  return changetype<C>(0).widen(k >= 0 ? k : (k ^ 0x7fff) & 0xffff);
}

/**
 * The largest key among −∞ … +∞ whose value is ≤ t (< t when `strict`), or one below −∞'s key
 * when there is none. t is not NaN.
 */
export function lastKey<C>(t: f32, strict: bool): i32 {
  // @ts-ignore
  const inf = changetype<C>(0).inf();
  let lo = -2 - inf, hi = inf; // key(−∞) = −1 − inf
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    const v = keyValue<C>(mid);
    if (strict ? v < t : v <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * narrow(widen(g)·d) for d = 1 on the lanes `one` and d = 0 elsewhere, NaN where x is NaN: g (the
 * quiet NaN for a NaN g), g's signed zero (NaN for g = ±∞ or NaN), or the quiet NaN.
 */
@inline export function gradBits<C>(x: v128, g: v128, one: v128): v128 {
  // @ts-ignore
  const inf = s16(changetype<C>(0).inf());
  const ga = v128.and(g, s16(0x7fff));
  const nan = v128.or(isNan16<C>(x), v128.bitselect(i16x8.gt_s(ga, inf), i16x8.ge_s(ga, inf), one));
  // @ts-ignore
  return v128.bitselect(s16(changetype<C>(0).qnan()), v128.bitselect(g, v128.and(g, s16(0x8000)), one), nan);
}

/** Loads the last 1-7 16-bit elements (rem of them) into the low lanes; the others are 0. */
@inline function loadTail16(p: usize, rem: i32): v128 {
  let v = v128.load16_lane(p, i16x8.splat(0), 0);
  if (rem > 1) v = v128.load16_lane(p, v, 1, 2);
  if (rem > 2) v = v128.load16_lane(p, v, 2, 4);
  if (rem > 3) v = v128.load16_lane(p, v, 3, 6);
  if (rem > 4) v = v128.load16_lane(p, v, 4, 8);
  if (rem > 5) v = v128.load16_lane(p, v, 5, 10);
  if (rem > 6) v = v128.load16_lane(p, v, 6, 12);
  return v;
}

/** Stores the low 1-7 lanes (rem of them) of v. */
@inline function storeTail16(p: usize, v: v128, rem: i32): void {
  v128.store16_lane(p, v, 0);
  if (rem > 1) v128.store16_lane(p, v, 1, 2);
  if (rem > 2) v128.store16_lane(p, v, 2, 4);
  if (rem > 3) v128.store16_lane(p, v, 3, 6);
  if (rem > 4) v128.store16_lane(p, v, 4, 8);
  if (rem > 5) v128.store16_lane(p, v, 5, 10);
  if (rem > 6) v128.store16_lane(p, v, 6, 12);
}

/** dst[i] = K.f(src[i]) over n 16-bit elements of type C. */
@inline export function map16<K, C>(dst: usize, src: usize, n: i32, a: f64, b: f64): void {
  const k = changetype<K>(0);
  // @ts-ignore: K is a kernel class (AssemblyScript generics are templates)
  const k0: v128 = k.k<C>(a, b, 0), k1: v128 = k.k<C>(a, b, 1), k2: v128 = k.k<C>(a, b, 2), k3: v128 = k.k<C>(a, b, 3);
  const end = src + (<usize>(n & ~7) << 1);
  let s = src, d = dst;
  // @ts-ignore
  for (; s < end; s += 16, d += 16) v128.store(d, k.f<C>(v128.load(s), k0, k1, k2, k3));
  const rem = n & 7;
  // @ts-ignore
  if (rem) storeTail16(d, k.f<C>(loadTail16(s, rem), k0, k1, k2, k3), rem);
}

/** dst[i] = K.g(x[i], g[i]) (g·f'(x)) over n 16-bit elements of type C; dst may be x or g. */
@inline export function grad16<K, C>(dst: usize, xp: usize, gp: usize, n: i32, a: f64, b: f64): void {
  const k = changetype<K>(0);
  // @ts-ignore
  const k0: v128 = k.k<C>(a, b, 0), k1: v128 = k.k<C>(a, b, 1), k2: v128 = k.k<C>(a, b, 2), k3: v128 = k.k<C>(a, b, 3);
  const end = xp + (<usize>(n & ~7) << 1);
  let x = xp, g = gp, d = dst;
  // @ts-ignore
  for (; x < end; x += 16, g += 16, d += 16) v128.store(d, k.g<C>(v128.load(x), v128.load(g), k0, k1, k2, k3));
  const rem = n & 7;
  // @ts-ignore
  if (rem) storeTail16(d, k.g<C>(loadTail16(x, rem), loadTail16(g, rem), k0, k1, k2, k3), rem);
}
