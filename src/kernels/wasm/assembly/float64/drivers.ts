/**
 * The drivers of the float64 kernels (float64/<name>.ts) and the helpers they share. A kernel is a
 * class whose `f(x, a, b)` maps two float64 lanes to f(x) and `d(x, g, a, b)` to g·f'(x); `map<K>`
 * and `grad<K>` run it over n float64, four per iteration and a last lone element in one lane.
 */
import * as M from './math';
import { c64, select as sel } from './math';

/** dst[i] = K.f(src[i]) over n float64, two lanes at a time (four per iteration). */
@inline export function map<K>(dst: usize, src: usize, n: i32, a: f64, b: f64): void {
  const k = changetype<K>(0);
  const av = f64x2.splat(a);
  const bv = f64x2.splat(b);
  const end4 = src + (<usize>(n & ~3) << 3);
  let s = src;
  let d = dst;
  for (; s < end4; s += 32, d += 32) {
    // @ts-ignore: K is one of the kernel classes below (AssemblyScript generics are templates)
    const y0: v128 = k.f(v128.load(s), av, bv);
    // @ts-ignore
    const y1: v128 = k.f(v128.load(s, 16), av, bv);
    v128.store(d, y0);
    v128.store(d, y1, 16);
  }
  if (n & 2) {
    // @ts-ignore
    v128.store(d, k.f(v128.load(s), av, bv));
    s += 16;
    d += 16;
  }
  // @ts-ignore
  if (n & 1) v128.store64_lane(d, k.f(v128.load64_zero(s), av, bv), 0);
}

/** dst[i] = K.d(x[i], g[i]) = g·f'(x) over n float64. */
@inline export function grad<K>(dst: usize, xp: usize, gp: usize, n: i32, a: f64, b: f64): void {
  const k = changetype<K>(0);
  const av = f64x2.splat(a);
  const bv = f64x2.splat(b);
  const end4 = xp + (<usize>(n & ~3) << 3);
  let x = xp, g = gp, d = dst;
  for (; x < end4; x += 32, g += 32, d += 32) {
    // @ts-ignore
    const y0: v128 = k.d(v128.load(x), v128.load(g), av, bv);
    // @ts-ignore
    const y1: v128 = k.d(v128.load(x, 16), v128.load(g, 16), av, bv);
    v128.store(d, y0);
    v128.store(d, y1, 16);
  }
  if (n & 2) {
    // @ts-ignore
    v128.store(d, k.d(v128.load(x), v128.load(g), av, bv));
    x += 16; g += 16; d += 16;
  }
  // @ts-ignore
  if (n & 1) v128.store64_lane(d, k.d(v128.load64_zero(x), v128.load64_zero(g), av, bv), 0);
}

// ---- shorthands ----

@inline export function gt(a: v128, b: v128): v128 { return f64x2.gt(a, b); }
@inline export function ge(a: v128, b: v128): v128 { return f64x2.ge(a, b); }
@inline export function lt(a: v128, b: v128): v128 { return f64x2.lt(a, b); }
@inline export function le(a: v128, b: v128): v128 { return f64x2.le(a, b); }
/** 1 where cond, else 0; NaN where x is NaN (the specs' f' of piecewise-linear functions). */
@inline export function ind(cond: v128, x: v128): v128 { return sel(f64x2.ne(x, x), x, v128.and(cond, c64(1))); }
/** min(max(x, lo), hi) for constants, NaN passing. */
@inline export function clamp(x: v128, lo: f64, hi: f64): v128 { return M.maxC(M.minC(x, hi), lo); }

/** |x| beyond which every σ-based result is its limit; keeps the powers of two in scale's range. */
export const X_MAX: f64 = 1400;


/** 2^k for i64 lanes k ≤ 1023, 0 below −1022 (a value below 2^-1022 adds nothing to a sum with 1). */
@inline export function pow2c(k: v128): v128 { return v128.andnot(M.pow2(k), i64x2.lt_s(k, i64x2.splat(-1022))); }

/** c·expm1(x) for x ≤ 0, rounded once (±0 kept: c·(−0) is −0 for c > 0). */
@inline export function timesExpm1(c: v128, x: v128): v128 {
  const m = M.expm1DD(x, c64(0));
  const y = M.mulC(c, m, M.LO);
  return sel(f64x2.eq(y, c64(0)), M.mul(c, m), y);
}

/** g·c·eˣ for x ≤ 0 (bounded below at −1400), c·eˣ exact before its rounding, 2^k applied last. */
@inline export function gTimesExp(g: v128, c: v128, x: v128): v128 {
  const e = M.expDD(M.maxC(x, -X_MAX), c64(0));
  const k = M.KS;
  const y = M.mulC(c, e, M.LO);
  return M.scale(M.mul(g, y), k);
}
