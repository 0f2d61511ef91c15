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
import { finiteF16, highHi, highLo, narrowBf16, narrowF16, upF16, widenBf16, widenF16 } from '../convert';

/** float16: the bits of +∞, the quiet NaN, 1 and 6; one value widened and narrowed (scalar). */
@final export class F16 {
  @inline inf(): i32 { return 0x7c00; }
  @inline qnan(): i32 { return 0x7e00; }
  @inline one(): i32 { return 0x3c00; }
  @inline six(): i32 { return 0x4600; }
  @inline widen(h: i32): f32 { return f32x4.extract_lane(widenF16(i32x4.splat(h)), 0); }
  @inline narrow(x: f32): i32 { return i32x4.extract_lane(narrowF16(f32x4.splat(x)), 0); }
  /** Whether none of eight lanes is ±∞ or NaN: then wlo and whi may take `finite` true. */
  @inline finite(h: v128): bool { return finiteF16(h); }
  @inline finite2(x: v128, g: v128): bool { return finiteF16(i16x8.max_u(v128.and(x, s16(0x7fff)), v128.and(g, s16(0x7fff)))); }
  /**
   * Eight 16-bit lanes → their low and high four, widened exactly: upF16 (convert.ts) when every
   * lane is `finite`, else F16.up.
   */
  @inline wlo(h: v128, finite: bool): v128 { return finite ? upF16(highLo(h)) : F16.up(highLo(h)); }
  @inline whi(h: v128, finite: bool): v128 { return finite ? upF16(highHi(h)) : F16.up(highHi(h)); }
  /**
   * upF16 with ∞ and NaN (which its shift makes finite) keeping their bits with the exponent
   * filled (a NaN keeps a payload, which pack makes the quiet NaN).
   */
  @inline static up(x: v128): v128 {
    const big = i32x4.gt_s(v128.and(x, i32x4.splat(0x7fffffff)), i32x4.splat(0x7bffffff));
    return v128.bitselect(v128.or(i32x4.shr_s(x, 3), i32x4.splat(0x7f800000)), upF16(x), big);
  }
  /** Two float32 quads → eight 16-bit lanes, each rounded once (NaN to the quiet NaN). */
  @inline pack(lo: v128, hi: v128): v128 { return i16x8.narrow_i32x4_u(narrowF16(lo), narrowF16(hi)); } // lanes in [0, 0xffff]
}
/** bfloat16: as F16. */
@final export class Bf16 {
  @inline inf(): i32 { return 0x7f80; }
  @inline qnan(): i32 { return 0x7fc0; }
  @inline one(): i32 { return 0x3f80; }
  @inline six(): i32 { return 0x40c0; }
  @inline widen(h: i32): f32 { return f32x4.extract_lane(widenBf16(i32x4.splat(h)), 0); }
  @inline narrow(x: f32): i32 { return i32x4.extract_lane(narrowBf16(f32x4.splat(x)), 0); }
  /** Every lane widens the same way. */
  @inline finite(h: v128): bool { return true; }
  @inline finite2(x: v128, g: v128): bool { return true; }
  /**
   * The 16 bits moved up: interleaved with zeros (one unpack each). A NaN keeps its payload,
   * which the kernels carry as any NaN; pack makes it the quiet NaN.
   */
  @inline wlo(h: v128, finite: bool): v128 { return highLo(h); }
  @inline whi(h: v128, finite: bool): v128 { return highHi(h); }
  /**
   * The low 16 bits rounded half to even into the high 16 (a carry runs into the exponent, to ∞
   * at the top), moved down and packed; NaN lanes (whose rounding may wrap: WebAssembly leaves a
   * NaN result's payload open) to the quiet NaN.
   */
  @inline pack(lo: v128, hi: v128): v128 {
    const l = i32x4.shr_u(i32x4.add(lo, i32x4.add(v128.and(i32x4.shr_u(lo, 16), i32x4.splat(1)), i32x4.splat(0x7fff))), 16);
    const h = i32x4.shr_u(i32x4.add(hi, i32x4.add(v128.and(i32x4.shr_u(hi, 16), i32x4.splat(1)), i32x4.splat(0x7fff))), 16);
    const nan = i16x8.narrow_i32x4_s(f32x4.ne(lo, lo), f32x4.ne(hi, hi));
    return v128.bitselect(s16(0x7fc0), i16x8.narrow_i32x4_u(l, h), nan); // lanes in [0, 0xffff]
  }
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
@inline export function loadTail16(p: usize, rem: i32): v128 {
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
@inline export function storeTail16(p: usize, v: v128, rem: i32): void {
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

// ---- widened in registers ----
// For kernels whose float32 result is rounded arithmetic: K.w(x, a, b) (forward) or
// K.wg(x, g, a, b) (backward) on four float32 lanes, the parameters splatted as float32.

/**
 * Eight 16-bit lanes widened exactly to two float32 quads (the short way when all are finite), K.f
 * on each, rounded once, packed.
 */
@inline export function wide16<K, C>(h: v128, a: v128, b: v128): v128 {
  const k = changetype<K>(0), c = changetype<C>(0);
  let lo: v128, hi: v128;
  // @ts-ignore: C is F16 or Bf16, K a kernel class
  if (c.finite(h)) { lo = c.wlo(h, true); hi = c.whi(h, true); } else { lo = c.wlo(h, false); hi = c.whi(h, false); }
  // @ts-ignore
  return c.pack(k.w(lo, a, b), k.w(hi, a, b));
}

/** As wide16 for the backward: K.p(x, g) on the widened x and g. */
@inline export function wideGrad16<K, C>(x: v128, g: v128, a: v128, b: v128): v128 {
  const k = changetype<K>(0), c = changetype<C>(0);
  let xl: v128, xh: v128, gl: v128, gh: v128;
  // @ts-ignore
  if (c.finite2(x, g)) {
    // @ts-ignore
    xl = c.wlo(x, true); xh = c.whi(x, true); gl = c.wlo(g, true); gh = c.whi(g, true);
  } else {
    // @ts-ignore
    xl = c.wlo(x, false); xh = c.whi(x, false); gl = c.wlo(g, false); gh = c.whi(g, false);
  }
  // @ts-ignore
  return c.pack(k.wg(xl, gl, a, b), k.wg(xh, gh, a, b));
}

/**
 * dst[i] = narrow(K.f(widen(src[i]))) over n 16-bit elements of type C, sixteen per iteration
 * (3-7% faster than eight for bfloat16's relu2, leakyRelu and softshrink).
 */
@inline export function mapWide16<K, C>(dst: usize, src: usize, n: i32, a: f64, b: f64): void {
  const av = f32x4.splat(<f32>a), bv = f32x4.splat(<f32>b);
  const end = src + (<usize>(n & ~7) << 1);
  let s = src, d = dst;
  for (; s + 32 <= end; s += 32, d += 32) {
    const y0 = wide16<K, C>(v128.load(s), av, bv), y1 = wide16<K, C>(v128.load(s, 16), av, bv);
    v128.store(d, y0);
    v128.store(d, y1, 16);
  }
  if (s < end) {
    v128.store(d, wide16<K, C>(v128.load(s), av, bv));
    s += 16;
    d += 16;
  }
  const rem = n & 7;
  if (rem) storeTail16(d, wide16<K, C>(loadTail16(s, rem), av, bv), rem);
}

/** dst[i] = narrow(K.p(widen(x[i]), widen(g[i]))) over n 16-bit elements of type C; dst may be x or g. */
@inline export function gradWide16<K, C>(dst: usize, xp: usize, gp: usize, n: i32, a: f64, b: f64): void {
  const av = f32x4.splat(<f32>a), bv = f32x4.splat(<f32>b);
  const end = xp + (<usize>(n & ~7) << 1);
  let x = xp, g = gp, d = dst;
  for (; x < end; x += 16, g += 16, d += 16) v128.store(d, wideGrad16<K, C>(v128.load(x), v128.load(g), av, bv));
  const rem = n & 7;
  if (rem) storeTail16(d, wideGrad16<K, C>(loadTail16(x, rem), loadTail16(g, rem), av, bv), rem);
}
