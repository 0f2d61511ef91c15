/**
 * celu: x < 0 ? α·expm1(x/α) : x; celu' = x ≥ 0 ? 1 : e^(x/α). Float64 pairs, rounded once; with
 * α = 1 (the default) celu is elu, and takes elu's four-lane float32 kernel.
 */
import * as M from '../math';
import { apply64, grad4, map4x16, map64 } from '../drivers';
import { hi64, lo64, pack } from '../tail';
import { Elu1 } from './elu';

/**
 * x·(1/α) for x/α (b = 1/α, from the export; 2^-52 off, which moves expm1 by at most
 * |x/α|·2^-52) clamped to [−708, 709] (α may be negative or tiny).
 */
@final class Celu {
  @inline f(x: v128, alpha: v128, invAlpha: v128): v128 {
    const y = M.maxC(M.minC(M.mul(x, invAlpha), 709), -708);
    return M.select(f64x2.lt(x, M.c64(0)), M.mul(alpha, M.expm1F(y)), x);
  }
  @inline f4(v: v128, a: v128, b: v128): v128 { return apply64<Celu>(this, v, a, b); }
}
/** celu' = x ≥ 0 ? 1 : e^(x/α) (+∞ beyond exp's range, for α < 0; 0 below EXP_ZERO). */
@final class CeluG {
  @inline f(x: v128, g: v128, alpha: v128, b: v128): v128 {
    const y = M.div(x, alpha);
    const e0 = M.expF(M.maxC(M.minC(y, 709), -708));
    const e = v128.andnot(M.select(f64x2.gt(y, M.c64(709)), M.c64(Infinity), e0), f64x2.lt(y, M.c64(M.EXP_ZERO)));
    return M.mul(g, M.select(f64x2.ge(x, M.c64(0)), M.c64(1), e));
  }
  @inline f4(v: v128, g: v128, a: v128, b: v128): v128 {
    return pack(this.f(lo64(v), lo64(g), a, b), this.f(hi64(v), hi64(g), a, b));
  }
}

export function celu(dst: usize, src: usize, n: i32, a: f64, b: f64): void {
  if (a == 1) map4x16<Elu1>(dst, src, n, a, b);
  else map64<Celu>(dst, src, n, a, 1 / a);
}
export function celuGrad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad4<CeluG>(dst, x, g, n, a, b); }
