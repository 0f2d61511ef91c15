/** hardswish: x ≤ −3 ? +0 : x ≥ 3 ? x : x·(x + 3)/6; hardswish' = x < −3 ? 0 : x > 3 ? 1 : (2x + 3)/6. Float64 pairs. */
import * as M from '../math';
import { apply64, grad4, map64 } from '../drivers';
import { c32, hi64, lo64, mhi, mlo, pack } from '../tail';

/**
 * x·(x + 3)·(1/6), in float64. Three roundings of relative size 2^-53 (x + 3 is exact unless
 * |x| < 2^-28), so one rounding to float32 stays within 0.5 + 2^-28 ULP; no division (the spec's
 * float64 form divides twice, for float64 accuracy). −0 gives −0 (its slope is 1/2), NaN gives NaN
 * (x + 3 is NaN and both tests fail).
 */
@final class Hardswish {
  @inline f(x: v128, a: v128, b: v128): v128 {
    const y = M.mul(M.mul(x, M.add(x, M.c64(3))), M.c64(0.16666666666666666));
    return M.select(f64x2.le(x, M.c64(-3)), M.c64(0), M.select(f64x2.ge(x, M.c64(3)), x, y));
  }
  @inline f4(v: v128, a: v128, b: v128): v128 { return apply64<Hardswish>(this, v, a, b); }
}
/** The middle as (2x + 3)·(1/6) (2x + 3 exact; 2^-53 off). */
@final class HardswishG {
  @inline f4(v: v128, g: v128, a: v128, b: v128): v128 {
    const lt = f32x4.lt(v, c32(-3)), gt = f32x4.gt(v, c32(3));
    return pack(HardswishG.h(lo64(v), lo64(g), mlo(lt), mlo(gt)), HardswishG.h(hi64(v), hi64(g), mhi(lt), mhi(gt)));
  }
  @inline static h(x: v128, g: v128, lt: v128, gt: v128): v128 {
    const mid = M.mul(M.add(M.add(x, x), M.c64(3)), M.c64(0.16666666666666666));
    return M.mul(g, M.select(gt, M.c64(1), v128.andnot(mid, lt)));
  }
}

export function hardswish(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map64<Hardswish>(dst, src, n, a, b); }
export function hardswishGrad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad4<HardswishG>(dst, x, g, n, a, b); }
