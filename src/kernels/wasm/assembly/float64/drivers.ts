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

/**
 * c·expm1(x) for x ≤ 0 (x > 0 lanes give garbage for the caller's select): expm1 rounded once in
 * plain float64 (M.expm1Plain) with x's sign bit (expm1(−0) = −0), times c rounded once more.
 */
@inline export function timesExpm1(c: v128, x: v128): v128 {
  return M.mul(c, v128.or(M.expm1Plain(x, c64(0), 1), v128.and(x, i64x2.splat(0x8000000000000000))));
}

/**
 * g·c·eˣ for x ≤ 0 (bounded below at −1400): eˣ within 0.5 ULP + 2^-56 (M.expFast), times c
 * rounded (c·eˣ within 1.6 ULP), times g rounded once more; below −700 (subnormal eˣ) the power
 * of two applied last.
 */
@inline export function gTimesExp(g: v128, c: v128, x: v128): v128 {
  const xc = M.maxC(x, -X_MAX);
  const e = M.add(M.expFast(xc), M.expFast(xc, 1));
  const k = M.expFast(xc, 2);
  const near = M.mul(g, M.mul(c, M.mul(e, M.pow2z(k))));
  return sel(lt(xc, c64(-700)), M.scale(M.mul(g, M.mul(c, e)), k), near);
}

/**
 * f'(x) near its zero r from its Taylor coefficients about r (scripts/roots64.py): d = x − r as a
 * double-double (x − r_hi is exact there), P(d) = T2 + … + T11·d⁹ by Horner, then d·(T1 + d·P)
 * with T1 + d·P a double-double and the product by d exact. Shared by the float64 backward
 * kernels of silu, geluApprox, geluFastApprox and mish (their own r and T_k).
 */
@inline export function taylorNearZero(
  x: v128, rHi: f64, rLo: f64, t1h: f64, t1l: f64,
  t2: f64, t3: f64, t4: f64, t5: f64, t6: f64, t7: f64, t8: f64, t9: f64, t10: f64, t11: f64,
): v128 {
  const a = M.sub(x, c64(rHi));
  const dh = M.sub(a, c64(rLo));
  const dl = M.sumErr(a, c64(-rLo), dh);
  let p = M.add(M.mul(c64(t11), dh), c64(t10));
  p = M.add(M.mul(p, dh), c64(t9));
  p = M.add(M.mul(p, dh), c64(t8));
  p = M.add(M.mul(p, dh), c64(t7));
  p = M.add(M.mul(p, dh), c64(t6));
  p = M.add(M.mul(p, dh), c64(t5));
  p = M.add(M.mul(p, dh), c64(t4));
  p = M.add(M.mul(p, dh), c64(t3));
  p = M.add(M.mul(p, dh), c64(t2));
  const q = M.mul(dh, p);
  const sh = M.add(c64(t1h), q);
  const sl = M.add(M.sumErr(c64(t1h), q, sh), c64(t1l));
  const ph = M.mul(sh, dh);
  return M.add(ph, M.add(M.prodErr(sh, dh, ph), M.add(M.mul(sh, dl), M.mul(sl, dh))));
}

/** Elements per block of mapRare and gradRare (a multiple of 4). */
const BLOCK: i32 = 16;

/**
 * map and grad for kernels with a rare careful path: `f`/`d` with careful = false may be wrong in
 * the lanes that `fRare(x)`/`dRare(x)` mark, with careful = true they are right in every lane. Each
 * block of 16 elements is scanned first and runs the careful path if any lane is rare, so that the
 * inner loops have no branch (in V8 one `any_true` branch per iteration costs these long kernels
 * 12-15%, measured on geluFastApprox). The last n mod 4 elements run careful. With `wide` the
 * main blocks run eight per iteration, four independent chains: measured 7-17% faster for
 * softplus' and logSigmoid's forward, no faster for sigmoid, tanh or geluFastApprox and 8-12%
 * slower for mish, whose chains then spill.
 */
@inline export function mapRare<K>(dst: usize, src: usize, n: i32, a: f64, b: f64, wide: bool = false): void {
  const k = changetype<K>(0);
  const av = f64x2.splat(a);
  const bv = f64x2.splat(b);
  let s = src;
  let d = dst;
  for (let left = n & ~3; left > 0; left -= BLOCK) {
    const end = s + (<usize>min(left, BLOCK) << 3);
    let r = i64x2.splat(0);
    // @ts-ignore: K is one of the kernel classes (AssemblyScript generics are templates)
    for (let p = s; p < end; p += 16) r = v128.or(r, k.fRare(v128.load(p)));
    if (v128.any_true(r)) {
      for (; s < end; s += 32, d += 32) {
        // @ts-ignore
        const y0: v128 = k.f(v128.load(s), av, bv, true), y1: v128 = k.f(v128.load(s, 16), av, bv, true);
        v128.store(d, y0);
        v128.store(d, y1, 16);
      }
    } else {
      if (wide) for (; s + 64 <= end; s += 64, d += 64) {
        // @ts-ignore
        const y0: v128 = k.f(v128.load(s), av, bv, false), y1: v128 = k.f(v128.load(s, 16), av, bv, false);
        // @ts-ignore
        const y2: v128 = k.f(v128.load(s, 32), av, bv, false), y3: v128 = k.f(v128.load(s, 48), av, bv, false);
        v128.store(d, y0);
        v128.store(d, y1, 16);
        v128.store(d, y2, 32);
        v128.store(d, y3, 48);
      }
      for (; s < end; s += 32, d += 32) {
        // @ts-ignore
        const y0: v128 = k.f(v128.load(s), av, bv, false), y1: v128 = k.f(v128.load(s, 16), av, bv, false);
        v128.store(d, y0);
        v128.store(d, y1, 16);
      }
    }
  }
  if (n & 2) {
    // @ts-ignore
    v128.store(d, k.f(v128.load(s), av, bv, true));
    s += 16;
    d += 16;
  }
  // @ts-ignore
  if (n & 1) v128.store64_lane(d, k.f(v128.load64_zero(s), av, bv, true), 0);
}

/** grad with a rare careful path, as mapRare. */
@inline export function gradRare<K>(dst: usize, xp: usize, gp: usize, n: i32, a: f64, b: f64): void {
  const k = changetype<K>(0);
  const av = f64x2.splat(a);
  const bv = f64x2.splat(b);
  let x = xp, g = gp, d = dst;
  for (let left = n & ~3; left > 0; left -= BLOCK) {
    const end = x + (<usize>min(left, BLOCK) << 3);
    let r = i64x2.splat(0);
    // @ts-ignore
    for (let p = x; p < end; p += 16) r = v128.or(r, k.dRare(v128.load(p)));
    if (v128.any_true(r)) {
      for (; x < end; x += 32, g += 32, d += 32) {
        // @ts-ignore
        const y0: v128 = k.d(v128.load(x), v128.load(g), av, bv, true), y1: v128 = k.d(v128.load(x, 16), v128.load(g, 16), av, bv, true);
        v128.store(d, y0);
        v128.store(d, y1, 16);
      }
    } else {
      for (; x < end; x += 32, g += 32, d += 32) {
        // @ts-ignore
        const y0: v128 = k.d(v128.load(x), v128.load(g), av, bv, false), y1: v128 = k.d(v128.load(x, 16), v128.load(g, 16), av, bv, false);
        v128.store(d, y0);
        v128.store(d, y1, 16);
      }
    }
  }
  if (n & 2) {
    // @ts-ignore
    v128.store(d, k.d(v128.load(x), v128.load(g), av, bv, true));
    x += 16; g += 16; d += 16;
  }
  // @ts-ignore
  if (n & 1) v128.store64_lane(d, k.d(v128.load64_zero(x), v128.load64_zero(g), av, bv, true), 0);
}
