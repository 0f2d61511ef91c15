/**
 * float16 arithmetic in float16's own scaling, for the cheap float16 kernels (fused.ts: leakyRelu,
 * relu2, softshrink, hardswish, softsign; rows/prelu16.ts: prelu), which would otherwise spend most
 * of their time widening and rounding (convert.ts).
 *
 * A float16 h, its sign forced on (hm = h | 0x8000), sign-extended to 32 bits and shifted up 13 is
 * the float32 −|x|·2^112 for a normal x: float16's exponent field lands in float32's under a 111
 * prefix (exponent field 224 + e), ±∞ gives −∞. A float32 sum or product of such values with
 * float32 constants is the float32 result for x times 2^112, rounded the same way (every operand
 * and result a float32 normal, the scale a power of two). The bits of a result −y·2^112 with y ≥
 * 2^-14 (a float16 normal) are float16's bits under the same prefix, so rounding the low 13 bits
 * half to even and shifting down 13 gives 0x8000 | float16(y), overflow to −∞ included (a float32
 * −∞ is the prefix over float16's ∞). No exponent rebias, no case split, no subnormal operation.
 *
 * Where float16(y) would be subnormal (or x is subnormal, zero or NaN), the kernels test the lanes
 * and send those eight or sixteen elements to the exact path (drivers.ts, wide16 and wideGrad16):
 * the result is then a float32 normal rounded to float16's subnormal grid, which this rounding does
 * not do. So every kernel stays bit for bit the float32 kernel rounded once.
 */

/**
 * A zero vector the optimizer cannot fold (n ≥ 0, so n >> 31 is 0): constants or-ed with it are
 * not v128.consts, which V8 rebuilds from general registers at each use (about 10% of these
 * kernels). V8 keeps them in registers across a loop only where the loop makes no call; in a loop
 * that calls the exact path it rebuilds them too (about 4 instructions each), so relu2's loops are
 * functions of their own that take them as parameters (fused.ts, relu2Run).
 */
@inline export function opaqueZero(n: i32): v128 { return i32x4.splat(n >> 31); }

/** The constant v in each i32 lane, or-ed with z (opaqueZero). */
@inline export function kz(z: v128, v: i32): v128 { return v128.or(z, i32x4.splat(v)); }

/** The constant v in each i16 lane, or-ed with z. */
@inline export function kz16(z: v128, v: i32): v128 { return v128.or(z, i16x8.splat(<i16>v)); }

/** −|x|·2^112 for the low four of eight lanes hm = h | 0x8000 (ones: all bits set). */
@inline export function bigLo(hm: v128, ones: v128): v128 {
  return i32x4.shl(i8x16.shuffle(hm, ones, 0, 1, 16, 17, 2, 3, 18, 19, 4, 5, 20, 21, 6, 7, 22, 23), 13);
}
/** The high four. */
@inline export function bigHi(hm: v128, ones: v128): v128 {
  return i32x4.shl(i8x16.shuffle(hm, ones, 8, 9, 24, 25, 10, 11, 26, 27, 12, 13, 28, 29, 14, 15, 30, 31), 13);
}

/**
 * h sign-extended and shifted up 13 for the low four of eight lanes (z: zero): −|x|·2^112 where h's
 * sign is on (as bigLo), x·2^-112 where it is off (a float32 normal for x ≥ 2^-14).
 */
@inline export function signedLo(h: v128, z: v128): v128 {
  return i32x4.shr_s(i8x16.shuffle(z, h, 0, 1, 16, 17, 2, 3, 18, 19, 4, 5, 20, 21, 6, 7, 22, 23), 3);
}
/** The high four. */
@inline export function signedHi(h: v128, z: v128): v128 {
  return i32x4.shr_s(i8x16.shuffle(z, h, 8, 9, 24, 25, 10, 11, 26, 27, 12, 13, 28, 29, 14, 15, 30, 31), 3);
}

/** One quad's bits rounded half to even at bit 13 and shifted down (arithmetically); one: 1, half: 0xfff. */
@inline function round13(p: v128, one: v128, half: v128): v128 {
  return i32x4.shr_s(i32x4.add(p, i32x4.add(v128.and(i32x4.shr_u(p, 13), one), half)), 13);
}

/**
 * Two quads of −y·2^112 (y > 0, a float32 value times 2^112) → eight lanes 0x8000 | float16(y)
 * where y ≥ 2^-14 or y = ∞ (the shifted bits are −0x8000 + float16's); a smaller y gives a lane in
 * [0x8000, 0x83ff] (`tooSmall`; below 2^-15 the narrowing saturates to 0x8000). Callers send NaN
 * lanes to the exact path before they use the result.
 */
@inline export function roundBig(lo: v128, hi: v128, one: v128, half: v128): v128 {
  return i16x8.narrow_i32x4_s(round13(lo, one, half), round13(hi, one, half));
}

/**
 * Two quads of float32 bits of y·2^-112 (y ≥ 0, below 2^17) → eight lanes float16(y) where y ≥
 * 2^-14 (the exponent field is float16's; from 65520 on, above 0x7c00: clamp for ∞); a smaller y
 * gives a lane below 0x400.
 */
@inline export function roundSmall(lo: v128, hi: v128, one: v128, half: v128): v128 {
  return i16x8.narrow_i32x4_s(round13(lo, one, half), round13(hi, one, half));
}

/**
 * Two quads, each lane −y·2^112 or y·2^-112 (y ≥ 0 a float32 value times the scale, as signedLo
 * gives) → eight lanes of float16(y)'s bits with the sign, where y ≥ 2^-14 or y = ∞: 0x8000 | float16(y)
 * for the first, float16(y) for the second (above 0x7c00 from 65520 on: clamp for ∞).
 */
@inline export function roundEither(lo: v128, hi: v128, one: v128, half: v128): v128 {
  return i16x8.narrow_i32x4_s(round13(lo, one, half), round13(hi, one, half));
}

/** Lanes of roundBig's result whose y was below 2^-14 (or whose x was not a normal). */
@inline export function tooSmall(q: v128, z: v128): v128 { return i16x8.lt_s(q, kz16(z, 0x8400)); }

/** NaN lanes of hm = h | 0x8000. */
@inline export function nanLanes(hm: v128, z: v128): v128 { return i16x8.gt_s(hm, kz16(z, 0xfc00)); }

/** ±∞ and NaN lanes of hm = h | 0x8000. */
@inline export function nonFinite(hm: v128, z: v128): v128 { return i16x8.gt_s(hm, kz16(z, 0xfbff)); }

/**
 * The smallest float16 magnitude bits m ≥ 0x400 (a normal) with |s|·value(m) ≥ 2^-14, so that the
 * product of s and any x with |x|'s bits in [m, 0x7c00] is a float16 normal or ∞; 0x7c01 when
 * there is none (s tiny, zero or NaN). The products are exact in float64.
 */
export function productThreshold(s: f32): i32 {
  const a = <f64>Mathf.abs(s);
  let lo = 0x400, hi = 0x7c01;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a * (<f64>reinterpret<f32>(mid << 13) * 5.192296858534828e33) >= 6.103515625e-5) hi = mid; // 2^112, 2^-14
    else lo = mid + 1;
  }
  return lo;
}

/**
 * The lanes whose bits, sign forced on (hm), are outside [0x8000 + t, 0xfc00] (|x|'s bits below t,
 * or NaN), for t in [0x400, 0x7c00]: tv = t, lim = −1024 − t in each lane (one subtraction moves
 * the interval to the bottom of the signed range).
 */
@inline export function outside(hm: v128, tv: v128, lim: v128): v128 { return i16x8.gt_s(i16x8.sub(hm, tv), lim); }
