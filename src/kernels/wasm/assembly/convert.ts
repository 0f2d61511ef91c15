/**
 * Conversions between float32 and the 16-bit types, n elements from byte offset `src` to byte
 * offset `dst` in the heap (float16 and bfloat16 stored as their bit patterns, 2 bytes each), bit
 * for bit as src/core/half.ts: round to nearest, ties to even, subnormals kept, overflow to ±∞,
 * every NaN to the one quiet NaN (0x7e00, 0x7fc0; widened: 0x7fc00000). Eight elements per
 * iteration; the last n mod 8 one at a time through the same lane function.
 */

// ---- the lane functions: four values, one per i32 lane ----

/** float16 bits (low 16 bits of each lane) → float32 bits. Exact. */
@inline export function widenF16(h: v128): v128 {
  const em = v128.and(h, i32x4.splat(0x7fff));
  const sign = i32x4.shl(v128.and(h, i32x4.splat(0x8000)), 16);
  // The exponent and fraction moved into float32's fields is the value times 2^-112 (a float32
  // subnormal for a float16 subnormal): one exact multiplication rebiases both.
  const scaled = f32x4.mul(i32x4.shl(em, 13), f32x4.splat(reinterpret<f32>(0x77800000))); // 2^112
  const inf = i32x4.ge_s(em, i32x4.splat(0x7c00));
  const value = v128.or(v128.bitselect(i32x4.splat(0x7f800000), scaled, inf), sign);
  return v128.bitselect(i32x4.splat(0x7fc00000), value, i32x4.gt_s(em, i32x4.splat(0x7c00)));
}

/** float32 bits → float16 bits (in the low 16 bits of each lane), rounded to nearest even. */
@inline export function narrowF16(x: v128): v128 {
  const a = v128.and(x, i32x4.splat(0x7fffffff));
  const sign = i32x4.shr_u(v128.and(x, i32x4.splat(0x80000000)), 16);
  // Normal results: rebias (127 → 15) and round the 13 dropped bits half to even; a carry runs
  // into the exponent, as it should.
  const lsb = v128.and(i32x4.shr_u(a, 13), i32x4.splat(1));
  const normal = i32x4.shr_u(i32x4.add(i32x4.sub(a, i32x4.splat(0x38000000)), i32x4.add(lsb, i32x4.splat(0xfff))), 13);
  // Below 2^-14 the quantum is 2^-24, the ULP of 0.5 in float32: adding 0.5 rounds |x| to it
  // (half to even, one IEEE addition), and the sum's low bits are the float16 bits (1024 = the
  // smallest normal, where rounding carries into it).
  const sub = i32x4.sub(f32x4.add(a, f32x4.splat(0.5)), i32x4.splat(0x3f000000));
  let r = v128.bitselect(sub, normal, i32x4.lt_s(a, i32x4.splat(0x38800000))); // 2^-14
  r = v128.bitselect(i32x4.splat(0x7c00), r, i32x4.ge_s(a, i32x4.splat(0x477ff000))); // ≥ 65520 (with ∞): ∞
  return v128.bitselect(i32x4.splat(0x7e00), v128.or(r, sign), i32x4.gt_s(a, i32x4.splat(0x7f800000)));
}

/** bfloat16 bits → float32 bits: the 16 bits shifted up (exact), NaN to the quiet NaN. */
@inline export function widenBf16(h: v128): v128 {
  const nan = i32x4.gt_s(v128.and(h, i32x4.splat(0x7fff)), i32x4.splat(0x7f80));
  return v128.bitselect(i32x4.splat(0x7fc00000), i32x4.shl(h, 16), nan);
}

/** float32 bits → bfloat16 bits (low 16 bits), the low 16 bits rounded half to even. */
@inline export function narrowBf16(x: v128): v128 {
  const lsb = v128.and(i32x4.shr_u(x, 16), i32x4.splat(1));
  const r = i32x4.shr_u(i32x4.add(x, i32x4.add(lsb, i32x4.splat(0x7fff))), 16); // no NaN, so no wrap past 2^32
  const nan = i32x4.gt_s(v128.and(x, i32x4.splat(0x7fffffff)), i32x4.splat(0x7f800000));
  return v128.bitselect(i32x4.splat(0x7fc0), r, nan);
}

// ---- drivers ----

/** 16-bit → float32: 8 elements (16 bytes in, 32 out) per iteration, then one at a time. */
@inline function widen<K>(dst: usize, src: usize, n: i32): void {
  const k = changetype<K>(0);
  const n8 = n & ~7;
  let s = src, d = dst;
  for (let i = 0; i < n8; i += 8, s += 16, d += 32) {
    const h = v128.load(s);
    // @ts-ignore: K is one of the classes below (AssemblyScript generics are templates)
    v128.store(d, k.f(i32x4.extend_low_i16x8_u(h)));
    // @ts-ignore
    v128.store(d, k.f(i32x4.extend_high_i16x8_u(h)), 16);
  }
  for (let i = n8; i < n; i++, s += 2, d += 4) {
    // @ts-ignore
    store<i32>(d, i32x4.extract_lane(k.f(i32x4.splat(<i32>load<u16>(s))), 0));
  }
}

/** float32 → 16-bit: 8 elements (32 bytes in, 16 out) per iteration, then one at a time. */
@inline function narrow<K>(dst: usize, src: usize, n: i32): void {
  const k = changetype<K>(0);
  const n8 = n & ~7;
  let s = src, d = dst;
  for (let i = 0; i < n8; i += 8, s += 32, d += 16) {
    // @ts-ignore
    const lo: v128 = k.f(v128.load(s));
    // @ts-ignore
    const hi: v128 = k.f(v128.load(s, 16));
    v128.store(d, i16x8.narrow_i32x4_u(lo, hi)); // every lane is in [0, 0xffff]: no saturation
  }
  for (let i = n8; i < n; i++, s += 4, d += 2) {
    // @ts-ignore
    store<u16>(d, <u16>i32x4.extract_lane(k.f(i32x4.splat(load<i32>(s))), 0));
  }
}

@final class F16Widen { @inline f(v: v128): v128 { return widenF16(v); } }
@final class F16Narrow { @inline f(v: v128): v128 { return narrowF16(v); } }
@final class Bf16Widen { @inline f(v: v128): v128 { return widenBf16(v); } }
@final class Bf16Narrow { @inline f(v: v128): v128 { return narrowBf16(v); } }

/** n float16 at `src` → n float32 at `dst`. */
export function f16ToF32(dst: usize, src: usize, n: i32): void { widen<F16Widen>(dst, src, n); }
/** n float32 at `src` → n float16 at `dst`, rounded to nearest even. */
export function f32ToF16(dst: usize, src: usize, n: i32): void { narrow<F16Narrow>(dst, src, n); }
/** n bfloat16 at `src` → n float32 at `dst`. */
export function bf16ToF32(dst: usize, src: usize, n: i32): void { widen<Bf16Widen>(dst, src, n); }
/** n float32 at `src` → n bfloat16 at `dst`, rounded to nearest even. */
export function f32ToBf16(dst: usize, src: usize, n: i32): void { narrow<Bf16Narrow>(dst, src, n); }
