/**
 * The activations whose result is not exact on the 16-bit bits (a product, a sum or a quotient
 * to round) but cheap enough that two conversions through memory would cost more than the kernel:
 * the float32 kernel's own lane arithmetic between a widening and a rounding in registers
 * (drivers.ts: mapWide16, gradWide16), eight elements per iteration. Each class repeats the
 * four-lane function of its float32 kernel (activations/<name>.ts) operation for operation, `w`
 * forward and `wg` backward; test/kernels.half16.test.ts holds the two to the same bits on every
 * 16-bit pattern.
 *
 * hardswish has a bfloat16 kernel only: its float64 arithmetic beside float16's longer
 * conversions runs slower in registers than the float32 kernel staged through the conversion
 * kernels (one thread, 1e6 elements: 818 against 860 Melem/s forward, 608 against 646 backward);
 * softsign's division makes the staging's memory traffic count (834 against 800, 719 against 651).
 */
import * as M from '../math';
import { apply64, grad64x4 } from '../drivers';
import { Bf16, F16, gradWide16, mapWide16 } from './drivers';
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

export function leakyReluF16(dst: usize, src: usize, n: i32, a: f64, b: f64): void {
  if (a == 0) mapWide16<LeakyReluZero, F16>(dst, src, n, a, b);
  else mapWide16<LeakyRelu, F16>(dst, src, n, a, b);
}
export function leakyReluBf16(dst: usize, src: usize, n: i32, a: f64, b: f64): void {
  if (a == 0) mapWide16<LeakyReluZero, Bf16>(dst, src, n, a, b);
  else mapWide16<LeakyRelu, Bf16>(dst, src, n, a, b);
}
export function leakyReluF16Grad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { gradWide16<LeakyReluG, F16>(dst, x, g, n, a, b); }
export function leakyReluBf16Grad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { gradWide16<LeakyReluG, Bf16>(dst, x, g, n, a, b); }

export function softshrinkF16(dst: usize, src: usize, n: i32, a: f64, b: f64): void { mapWide16<Softshrink, F16>(dst, src, n, a, b); }
export function softshrinkBf16(dst: usize, src: usize, n: i32, a: f64, b: f64): void { mapWide16<Softshrink, Bf16>(dst, src, n, a, b); }

export function relu2F16(dst: usize, src: usize, n: i32, a: f64, b: f64): void { mapWide16<Relu2, F16>(dst, src, n, a, b); }
export function relu2Bf16(dst: usize, src: usize, n: i32, a: f64, b: f64): void { mapWide16<Relu2, Bf16>(dst, src, n, a, b); }
export function relu2F16Grad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { gradWide16<Relu2G, F16>(dst, x, g, n, a, b); }
export function relu2Bf16Grad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { gradWide16<Relu2G, Bf16>(dst, x, g, n, a, b); }

export function hardswishBf16(dst: usize, src: usize, n: i32, a: f64, b: f64): void { mapWide16<Hardswish, Bf16>(dst, src, n, a, b); }
export function hardswishBf16Grad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { gradWide16<HardswishG, Bf16>(dst, x, g, n, a, b); }

export function softsignF16(dst: usize, src: usize, n: i32, a: f64, b: f64): void { mapWide16<Softsign, F16>(dst, src, n, a, b); }
export function softsignF16Grad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { gradWide16<SoftsignG, F16>(dst, x, g, n, a, b); }
export function softsignBf16(dst: usize, src: usize, n: i32, a: f64, b: f64): void { mapWide16<Softsign, Bf16>(dst, src, n, a, b); }
export function softsignBf16Grad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { gradWide16<SoftsignG, Bf16>(dst, x, g, n, a, b); }
