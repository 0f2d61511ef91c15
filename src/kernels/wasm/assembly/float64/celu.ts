import * as M from './math';
import { c64, select as sel } from './math';
import { X_MAX, clamp, ge, grad, lt, map } from './drivers';
import { eluF64, eluF64Grad } from './elu';

/**
 * y = x/α as a double-double (low part returned; 0 where |y| ≥ 1400, whose results are limits):
 * the exponential would magnify the rounding of x/α by |y|.
 */
@inline function quotientLow(x: v128, alpha: v128, y: v128): v128 {
  const p = M.mul(y, alpha);
  const yl = M.div(M.sub(M.sub(x, p), M.prodErr(y, alpha, p)), alpha);
  return v128.and(yl, lt(f64x2.abs(y), c64(X_MAX)));
}

/**
 * celu for α > 0: x < 0 ? α·expm1(x/α) : x, x/α carried as a double-double into the reduction of
 * the plain-float64 expm1 (M.expm1Plain), times α rounded once more, as elu's α·expm1(x).
 */
@final class CeluPos {
  @inline f(x: v128, alpha: v128, b: v128): v128 {
    const y = M.div(x, alpha);
    const m = M.mul(alpha, M.expm1Plain(y, quotientLow(x, alpha, y), 2));
    const tiny = lt(f64x2.abs(y), c64(5.551115123125783e-17)); // 2^-54: α·expm1(y) rounds to x
    return sel(lt(x, c64(0)), sel(tiny, x, m), x);
  }
}

/**
 * celu: x < 0 ? α·expm1(x/α) : x; celu' = x < 0 ? e^(x/α) : 1, with x/α carried as a
 * double-double. α < 0 makes y = x/α positive: above 2^60 (k > 60) expm1 is eʸ·(1 − e⁻ʸ) = eʸ to
 * 2^-60, scaled last (∞ where it overflows).
 */
@final class Celu {
  @inline f(x: v128, alpha: v128, b: v128): v128 {
    const y = M.div(x, alpha);
    const yl = quotientLow(x, alpha, y);
    const yc = clamp(y, -38, X_MAX);
    const m = M.expm1Core(yc, yl);
    const ml = M.expm1Core(yc, yl, 1);
    const k = M.expm1Core(yc, yl, 2);
    const big = i64x2.gt_s(k, i64x2.splat(60));
    const s = M.pow2(v128.andnot(k, big));
    const a = M.mul(s, m);
    const bb = M.sub(s, c64(1));
    const h = M.add(a, bb);
    const l = M.add(M.sumErr(a, bb, h), M.mul(s, ml));
    const bh = M.add(c64(1), m); // the value's mantissa where k > 60
    const bl = M.add(M.fastSumErr(c64(1), m, bh), ml);
    const ph = sel(big, bh, h);
    const pl = sel(big, bl, l);
    const p = M.mulC(alpha, ph, pl);
    const r = sel(big, M.scale(p, k), p);
    const tiny = lt(f64x2.abs(y), c64(5.551115123125783e-17)); // 2^-54: α·expm1(y) rounds to x
    return sel(lt(x, c64(0)), sel(tiny, x, r), x);
  }
  @inline d(x: v128, g: v128, alpha: v128, b: v128): v128 {
    const y = M.div(x, alpha);
    const yc = clamp(y, -X_MAX, X_MAX);
    const yl = quotientLow(x, alpha, y);
    const e = M.add(M.expDD(yc, yl), M.expDD(yc, yl, 1));
    return sel(ge(x, c64(0)), g, M.scale(M.mul(g, e), M.expDD(yc, yl, 2)));
  }
}

/** With α = 1 (the default) celu is elu, whose kernels run; α > 0 takes elu's plain-float64 expm1. */
export function celuF64(dst: usize, src: usize, n: i32, a: f64, b: f64): void {
  if (a == 1) eluF64(dst, src, n, a, b);
  else if (a > 0) map<CeluPos>(dst, src, n, a, b);
  else map<Celu>(dst, src, n, a, b);
}
export function celuF64Grad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void {
  if (a == 1) eluF64Grad(dst, x, g, n, a, b);
  else grad<Celu>(dst, x, g, n, a, b);
}
