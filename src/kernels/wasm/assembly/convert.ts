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

/**
 * float32 bits → float16 bits (in the low 16 bits of each lane), rounded to nearest even, with no
 * case split: |x| (clamped to 2^16, which rounds to ∞; NaN stays) plus M = 2^(E + 13), E =
 * max(e, −14) for its exponent e, rounds once, half to even, to float16's quantum there, 2^(E − 10):
 * the sum stays in M's binade, whose ULP that is. The sum's bits less M's count those quanta, k,
 * and the float16 bits are k + (E + 14)·2^10 (for a normal result k = 2^10 + fraction; subnormals
 * and the carry to ∞ at 65520 come out right), where (E + 14)·2^10 is M's bits shifted down 13, less
 * 126·2^10. No operation makes a float32 subnormal (x86 takes a slow assist for each; only a
 * subnormal x is one). NaN lanes come out ≥ 0x7e00 unsigned and are clamped to the quiet NaN; the
 * sign goes on where x is not NaN.
 */
@inline export function narrowF16(x: v128): v128 {
  const a = v128.and(x, i32x4.splat(0x7fffffff));
  const c = f32x4.pmin(a, f32x4.splat(65536));
  const m = i32x4.add(i32x4.max_s(v128.and(c, i32x4.splat(0x7f800000)), i32x4.splat(0x38800000)), i32x4.splat(0x06800000)); // 2^(E + 13)
  const k = i32x4.sub(f32x4.add(c, m), m);
  const r = i32x4.min_u(i32x4.add(k, i32x4.sub(i32x4.shr_u(m, 13), i32x4.splat(126 << 10))), i32x4.splat(0x7e00));
  return v128.or(r, i32x4.shr_u(v128.andnot(v128.xor(x, a), f32x4.ne(x, x)), 16)); // x ^ |x|: the sign bit
}

/**
 * float16 bits in the high half of each lane (low half 0) → float32, for finite values: an
 * arithmetic shift by 3 puts exponent and fraction in float32's fields, clearing the three sign
 * copies leaves ±x·2^-112 (a float32 subnormal for a float16 subnormal), and one exact
 * multiplication by 2^112 rebiases. (∞ and NaN would come out finite: see finiteF16. A float16
 * subnormal makes the multiplication's operand a float32 subnormal, which x86 handles slowly: data
 * of float16 subnormals widens at about 1.7 Gelem/s, normal values at 4.2.)
 */
@inline export function upF16(x: v128): v128 {
  return f32x4.mul(v128.and(i32x4.shr_s(x, 3), i32x4.splat(0x8fffffff)), f32x4.splat(reinterpret<f32>(0x77800000))); // 2^112
}

/** Whether none of eight float16 lanes is ±∞ or NaN (upF16 takes them; the others need the full path). */
@inline export function finiteF16(h: v128): bool {
  return !v128.any_true(i16x8.gt_s(v128.and(h, i16x8.splat(0x7fff)), i16x8.splat(0x7bff)));
}

/** The low and high four of eight 16-bit lanes, each in the high half of a 32-bit lane (low half 0). */
@inline export function highLo(h: v128): v128 { return i8x16.shuffle(i32x4.splat(0), h, 0, 1, 16, 17, 2, 3, 18, 19, 4, 5, 20, 21, 6, 7, 22, 23); }
@inline export function highHi(h: v128): v128 { return i8x16.shuffle(i32x4.splat(0), h, 8, 9, 24, 25, 10, 11, 26, 27, 12, 13, 28, 29, 14, 15, 30, 31); }

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
  // @ts-ignore: K is one of the classes below (AssemblyScript generics are templates)
  for (let i = 0; i < n8; i += 8, s += 16, d += 32) k.f8(d, v128.load(s));
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

@final class F16Widen {
  @inline f(v: v128): v128 { return widenF16(v); }
  /** Eight at once: upF16 when all are finite, else widenF16 (∞, and NaN as the quiet NaN). */
  @inline f8(d: usize, h: v128): void {
    if (finiteF16(h)) {
      v128.store(d, upF16(highLo(h)));
      v128.store(d, upF16(highHi(h)), 16);
    } else {
      v128.store(d, widenF16(i32x4.extend_low_i16x8_u(h)));
      v128.store(d, widenF16(i32x4.extend_high_i16x8_u(h)), 16);
    }
  }
}
@final class F16Narrow { @inline f(v: v128): v128 { return narrowF16(v); } }
@final class Bf16Widen {
  @inline f(v: v128): v128 { return widenBf16(v); }
  @inline f8(d: usize, h: v128): void {
    v128.store(d, widenBf16(i32x4.extend_low_i16x8_u(h)));
    v128.store(d, widenBf16(i32x4.extend_high_i16x8_u(h)), 16);
  }
}
@final class Bf16Narrow { @inline f(v: v128): v128 { return narrowBf16(v); } }

/** n float16 at `src` → n float32 at `dst`. */
export function f16ToF32(dst: usize, src: usize, n: i32): void { widen<F16Widen>(dst, src, n); }
/** n float32 at `src` → n float16 at `dst`, rounded to nearest even. */
export function f32ToF16(dst: usize, src: usize, n: i32): void { narrow<F16Narrow>(dst, src, n); }
/** n bfloat16 at `src` → n float32 at `dst`. */
export function bf16ToF32(dst: usize, src: usize, n: i32): void { widen<Bf16Widen>(dst, src, n); }
/** n float32 at `src` → n bfloat16 at `dst`, rounded to nearest even. */
export function f32ToBf16(dst: usize, src: usize, n: i32): void { narrow<Bf16Narrow>(dst, src, n); }
