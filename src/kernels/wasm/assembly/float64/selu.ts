import * as M from './math';
import { c64, select as sel } from './math';
import { X_MAX, clamp, grad, gt, map } from './drivers';

// λ and λ·α of selu as double-doubles (mpmath); the float64 path's λ·x uses the high part, as the spec.
const LAMBDA: f64 = 1.0507009873554805;
const LAMBDA_ALPHA: f64 = 1.7580993408473768;
const LAMBDA_ALPHA_LO: f64 = 1.41535193800845e-17;

/** selu: x > 0 ? λx : λα·expm1(x); selu' = x > 0 ? λ : λα·eˣ. */
@final class Selu {
  @inline f(x: v128, a: v128, b: v128): v128 {
    const xn = M.minC(x, 0);
    const m = M.expm1DD(xn, c64(0));
    const ml = M.add(M.expm1DD(xn, c64(0), 1), M.mul(c64(LAMBDA_ALPHA_LO), m));
    const y = M.mulC(c64(LAMBDA_ALPHA), m, ml);
    const neg = sel(f64x2.eq(y, c64(0)), M.mul(c64(LAMBDA_ALPHA), m), y);
    return sel(gt(x, c64(0)), M.mul(c64(LAMBDA), x), neg);
  }
  @inline d(x: v128, g: v128, a: v128, b: v128): v128 {
    const xn = clamp(x, -X_MAX, 0);
    const e = M.expDD(xn, c64(0));
    const k = M.expDD(xn, c64(0), 2);
    const el = M.add(M.expDD(xn, c64(0), 1), M.mul(c64(LAMBDA_ALPHA_LO), e));
    const y = M.scale(M.mul(g, M.mulC(c64(LAMBDA_ALPHA), e, el)), k);
    return sel(gt(x, c64(0)), M.mul(g, c64(LAMBDA)), y);
  }
}

export function seluF64(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map<Selu>(dst, src, n, a, b); }
export function seluF64Grad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad<Selu>(dst, x, g, n, a, b); }
