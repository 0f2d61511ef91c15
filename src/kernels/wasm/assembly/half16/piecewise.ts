/**
 * The piecewise-linear activations whose float32 result, for a 16-bit input, is the input itself,
 * a constant, a signed zero or NaN, computed on the 16-bit bits (drivers.ts): relu, relu6,
 * hardTanh, hardShrink, step, and the backward of these and of softshrink (g·f' with f' ∈ {0, 1}
 * or NaN). Each is exactly narrow(float32 kernel(widen(x))): the same comparisons, on order keys.
 */
import { Bf16, F16, gradBits, grad16, isNan16, key16, lastKey, map16, s16 } from './drivers';

/** x, or the quiet NaN where x is NaN (narrowing a NaN gives the quiet NaN). */
@inline function orNan<C>(h: v128, r: v128): v128 {
  // @ts-ignore: C is F16 or Bf16
  return v128.bitselect(s16(changetype<C>(0).qnan()), r, isNan16<C>(h));
}

/** relu: x > 0 ? x : +0 (NaN stays); relu' = x > 0 ? 1 : 0. */
@final class Relu {
  @inline k<C>(a: f64, b: f64, i: i32): v128 { return s16(0); }
  @inline f<C>(h: v128, k0: v128, k1: v128, k2: v128, k3: v128): v128 { return orNan<C>(h, v128.and(h, i16x8.gt_s(h, s16(0)))); }
  @inline g<C>(x: v128, g: v128, k0: v128, k1: v128, k2: v128, k3: v128): v128 { return gradBits<C>(x, g, i16x8.gt_s(x, s16(0))); }
}

/** relu6: min(relu(x), 6), positive bits ordering as their values; relu6' = 0 < x < 6 ? 1 : 0. */
@final class Relu6 {
  // @ts-ignore
  @inline k<C>(a: f64, b: f64, i: i32): v128 { return s16(changetype<C>(0).six()); }
  @inline f<C>(h: v128, six: v128, k1: v128, k2: v128, k3: v128): v128 {
    return orNan<C>(h, i16x8.min_s(v128.and(h, i16x8.gt_s(h, s16(0))), six));
  }
  @inline g<C>(x: v128, g: v128, six: v128, k1: v128, k2: v128, k3: v128): v128 {
    return gradBits<C>(x, g, v128.and(i16x8.gt_s(x, s16(0)), i16x8.lt_s(x, six)));
  }
}

/**
 * hardTanh(lo = a, hi = b): x < lo ? lo : x > hi ? hi : x, lo and hi rounded to the type (the
 * float32 kernel's result narrowed); k0: last key < lo, k1: lo's bits, k2: last key ≤ hi, k3: hi's bits.
 */
@final class HardTanh {
  @inline k<C>(a: f64, b: f64, i: i32): v128 {
    const c = changetype<C>(0);
    // @ts-ignore
    return s16(i == 0 ? lastKey<C>(<f32>a, true) : i == 1 ? c.narrow(<f32>a) : i == 2 ? lastKey<C>(<f32>b, false) : c.narrow(<f32>b));
  }
  @inline f<C>(h: v128, ltLo: v128, lo: v128, leHi: v128, hi: v128): v128 {
    const k = key16(h);
    return orNan<C>(h, v128.bitselect(lo, v128.bitselect(hi, h, i16x8.gt_s(k, leHi)), i16x8.le_s(k, ltLo)));
  }
}
/** hardTanh' = lo < x < hi ? 1 : 0; k0: last key ≤ lo, k1: last key < hi. */
@final class HardTanhD {
  // @ts-ignore
  @inline k<C>(a: f64, b: f64, i: i32): v128 { return s16(i == 0 ? lastKey<C>(<f32>a, false) : lastKey<C>(<f32>b, true)); }
  @inline g<C>(x: v128, g: v128, leLo: v128, ltHi: v128, k2: v128, k3: v128): v128 {
    const k = key16(x);
    return gradBits<C>(x, g, v128.and(i16x8.gt_s(k, leLo), i16x8.le_s(k, ltHi)));
  }
}

/**
 * hardShrink(λ = a): |x| ≤ λ ? +0 : x; hardShrink' = softshrink' = |x| > λ ? 1 : 0. |x|'s bits are
 * its key; k0: last key ≤ λ.
 */
@final class Shrink {
  // @ts-ignore
  @inline k<C>(a: f64, b: f64, i: i32): v128 { return s16(lastKey<C>(<f32>a, false)); }
  @inline f<C>(h: v128, leL: v128, k1: v128, k2: v128, k3: v128): v128 {
    return orNan<C>(h, v128.andnot(h, i16x8.le_s(v128.and(h, s16(0x7fff)), leL)));
  }
  @inline g<C>(x: v128, g: v128, leL: v128, k1: v128, k2: v128, k3: v128): v128 {
    return gradBits<C>(x, g, i16x8.gt_s(v128.and(x, s16(0x7fff)), leL));
  }
}

/** step(t = a): x ≥ t ? 1 : +0 (NaN stays); step' = 0. k0: last key < t, k1: 1's bits. */
@final class Step {
  @inline k<C>(a: f64, b: f64, i: i32): v128 {
    // @ts-ignore
    return s16(i == 0 ? lastKey<C>(<f32>a, true) : changetype<C>(0).one());
  }
  @inline f<C>(h: v128, ltT: v128, one: v128, k2: v128, k3: v128): v128 {
    return orNan<C>(h, v128.and(one, i16x8.gt_s(key16(h), ltT)));
  }
  @inline g<C>(x: v128, g: v128, k0: v128, k1: v128, k2: v128, k3: v128): v128 { return gradBits<C>(x, g, s16(0)); }
}

export function reluF16(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map16<Relu, F16>(dst, src, n, a, b); }
export function reluBf16(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map16<Relu, Bf16>(dst, src, n, a, b); }
export function reluF16Grad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad16<Relu, F16>(dst, x, g, n, a, b); }
export function reluBf16Grad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad16<Relu, Bf16>(dst, x, g, n, a, b); }

export function relu6F16(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map16<Relu6, F16>(dst, src, n, a, b); }
export function relu6Bf16(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map16<Relu6, Bf16>(dst, src, n, a, b); }
export function relu6F16Grad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad16<Relu6, F16>(dst, x, g, n, a, b); }
export function relu6Bf16Grad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad16<Relu6, Bf16>(dst, x, g, n, a, b); }

export function hardTanhF16(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map16<HardTanh, F16>(dst, src, n, a, b); }
export function hardTanhBf16(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map16<HardTanh, Bf16>(dst, src, n, a, b); }
export function hardTanhF16Grad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad16<HardTanhD, F16>(dst, x, g, n, a, b); }
export function hardTanhBf16Grad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad16<HardTanhD, Bf16>(dst, x, g, n, a, b); }

export function hardShrinkF16(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map16<Shrink, F16>(dst, src, n, a, b); }
export function hardShrinkBf16(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map16<Shrink, Bf16>(dst, src, n, a, b); }
export function hardShrinkF16Grad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad16<Shrink, F16>(dst, x, g, n, a, b); }
export function hardShrinkBf16Grad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad16<Shrink, Bf16>(dst, x, g, n, a, b); }
export function softshrinkF16Grad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad16<Shrink, F16>(dst, x, g, n, a, b); }
export function softshrinkBf16Grad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad16<Shrink, Bf16>(dst, x, g, n, a, b); }

export function stepF16(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map16<Step, F16>(dst, src, n, a, b); }
export function stepBf16(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map16<Step, Bf16>(dst, src, n, a, b); }
export function stepF16Grad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad16<Step, F16>(dst, x, g, n, a, b); }
export function stepBf16Grad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad16<Step, Bf16>(dst, x, g, n, a, b); }
