/**
 * The drivers of the elementwise kernels, and the bounds they share. A kernel is written once, over
 * a vector: a class whose method maps two float64 lanes (transcendental and rational functions,
 * evaluated in float64 and rounded once to float32) or four float32 lanes (piecewise-linear
 * functions, exact in float32). The drivers below run it over 4 or 8 float32 at a time and over the
 * last 1-3 elements lane by lane, with the same method; AssemblyScript generics are templates, so
 * every kernel is monomorphized and inlined, with no indirect calls.
 *
 * Forward: `map32<K>` (K.f on four float32 lanes), `map64<K>` (K.f4 on four float32 lanes, which
 * widens to float64 pairs itself, or calls `apply64` for kernels that are float64 throughout),
 * `map4x16<K>` (K.f4 for kernels that stay in float32 lanes, math4.ts).
 * Backward, g·f'(x): `grad32<K>` (g times K.d, the float32 derivative), `grad32p<K>` (K.p forms
 * the product), `grad4<K>` (K.f4, as map64), `grad64<K>` (K.f on float64 pairs throughout).
 */
import { hi64, lo64, loadTail, pack, storeTail } from './tail';

// ---- forward ----

/** Four float32 in one v128 → f (two lanes at a time, in float64) → four float32, rounded once. */
@inline export function apply64<K>(k: K, v: v128, a: v128, b: v128): v128 {
  // @ts-ignore: K is one of the kernel classes (AssemblyScript generics are templates)
  return pack(k.f(lo64(v), a, b), k.f(hi64(v), a, b));
}

/**
 * dst[i] = K.f4(src[i]): four float32 lanes in, four out. f4 does what is exact in float32 (signs,
 * clamps, comparisons) on all four lanes at once, then the rest in two float64 pairs, rounded
 * once (apply64 for kernels that are float64 throughout). Eight elements per iteration (four
 * independent float64 pairs), which keeps more of the long dependency chains in flight.
 */
@inline export function map64<K>(dst: usize, src: usize, n: i32, a: f64, b: f64): void {
  const k = changetype<K>(0);
  const av = f64x2.splat(a);
  const bv = f64x2.splat(b);
  const end8 = src + (<usize>(n & ~7) << 2);
  let s = src;
  let d = dst;
  for (; s < end8; s += 32, d += 32) {
    // @ts-ignore
    const y0: v128 = k.f4(v128.load(s), av, bv);
    // @ts-ignore
    const y1: v128 = k.f4(v128.load(s, 16), av, bv);
    v128.store(d, y0);
    v128.store(d, y1, 16);
  }
  if (n & 4) {
    // @ts-ignore
    v128.store(d, k.f4(v128.load(s), av, bv));
    s += 16;
    d += 16;
  }
  const rem = n & 3;
  // @ts-ignore
  if (rem) storeTail(d, k.f4(loadTail(s, rem), av, bv), rem);
}

/**
 * dst[i] = K.f4(src[i]) for kernels that stay in four float32 lanes (math4.ts): as map64, but
 * sixteen elements per iteration, which measured 8% faster for them (and slower for the float64
 * kernels, whose longer bodies run out of registers).
 */
@inline export function map4x16<K>(dst: usize, src: usize, n: i32, a: f64, b: f64): void {
  const k = changetype<K>(0);
  const av = f64x2.splat(a);
  const bv = f64x2.splat(b);
  const end16 = src + (<usize>(n & ~15) << 2);
  const end4 = src + (<usize>(n & ~3) << 2);
  let s = src;
  let d = dst;
  for (; s < end16; s += 64, d += 64) {
    // @ts-ignore
    const y0: v128 = k.f4(v128.load(s), av, bv);
    // @ts-ignore
    const y1: v128 = k.f4(v128.load(s, 16), av, bv);
    // @ts-ignore
    const y2: v128 = k.f4(v128.load(s, 32), av, bv);
    // @ts-ignore
    const y3: v128 = k.f4(v128.load(s, 48), av, bv);
    v128.store(d, y0);
    v128.store(d, y1, 16);
    v128.store(d, y2, 32);
    v128.store(d, y3, 48);
  }
  // @ts-ignore
  for (; s < end4; s += 16, d += 16) v128.store(d, k.f4(v128.load(s), av, bv));
  const rem = n & 3;
  // @ts-ignore
  if (rem) storeTail(d, k.f4(loadTail(s, rem), av, bv), rem);
}

@inline function apply32<K>(k: K, v: v128, a: v128, b: v128): v128 {
  // @ts-ignore
  return k.f(v, a, b);
}

/** dst[i] = K.f(src[i]) in float32 (piecewise-linear kernels: exact, no rounding beyond IEEE's). */
@inline export function map32<K>(dst: usize, src: usize, n: i32, a: f64, b: f64): void {
  const k = changetype<K>(0);
  const av = f32x4.splat(<f32>a);
  const bv = f32x4.splat(<f32>b);
  const end = src + (<usize>(n & ~3) << 2);
  let s = src;
  let d = dst;
  for (; s < end; s += 16, d += 16) v128.store(d, apply32<K>(k, v128.load(s), av, bv));
  const rem = n & 3;
  if (rem) storeTail(d, apply32<K>(k, loadTail(s, rem), av, bv), rem);
}

// ---- backward ----

/** Four (x, g) pairs → K.f(x, g) two lanes at a time in float64 → four float32, rounded once. */
@inline export function grad64x4<K>(k: K, x: v128, g: v128, a: v128, b: v128): v128 {
  const xh = i32x4.shuffle(x, x, 2, 3, 0, 1);
  const gh = i32x4.shuffle(g, g, 2, 3, 0, 1);
  // @ts-ignore: K is one of the kernel classes (AssemblyScript generics are templates)
  const lo = k.f(f64x2.promote_low_f32x4(x), f64x2.promote_low_f32x4(g), a, b);
  // @ts-ignore
  const hi = k.f(f64x2.promote_low_f32x4(xh), f64x2.promote_low_f32x4(gh), a, b);
  return i32x4.shuffle(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5);
}

@inline export function grad64<K>(dst: usize, xp: usize, gp: usize, n: i32, a: f64, b: f64): void {
  const k = changetype<K>(0);
  const av = f64x2.splat(a);
  const bv = f64x2.splat(b);
  const end = xp + (<usize>(n & ~3) << 2);
  let x = xp, g = gp, d = dst;
  for (; x < end; x += 16, g += 16, d += 16) v128.store(d, grad64x4<K>(k, v128.load(x), v128.load(g), av, bv));
  const rem = n & 3;
  if (rem) storeTail(d, grad64x4<K>(k, loadTail(x, rem), loadTail(g, rem), av, bv), rem);
}

/**
 * dst[i] = K.f4(x[i], g[i]): four float32 lanes of x and g in, four out. f4 does what is exact in
 * float32 (signs, clamps, comparisons) on all four lanes at once, then g·f'(x) in two float64
 * pairs, rounded once. Eight elements per iteration, as map64.
 */
@inline export function grad4<K>(dst: usize, xp: usize, gp: usize, n: i32, a: f64, b: f64): void {
  const k = changetype<K>(0);
  const av = f64x2.splat(a);
  const bv = f64x2.splat(b);
  const end8 = xp + (<usize>(n & ~7) << 2);
  let x = xp, g = gp, d = dst;
  for (; x < end8; x += 32, g += 32, d += 32) {
    // @ts-ignore: K is one of the kernel classes
    const y0: v128 = k.f4(v128.load(x), v128.load(g), av, bv);
    // @ts-ignore
    const y1: v128 = k.f4(v128.load(x, 16), v128.load(g, 16), av, bv);
    v128.store(d, y0);
    v128.store(d, y1, 16);
  }
  if (n & 4) {
    // @ts-ignore
    v128.store(d, k.f4(v128.load(x), v128.load(g), av, bv));
    x += 16; g += 16; d += 16;
  }
  const rem = n & 3;
  // @ts-ignore
  if (rem) storeTail(d, k.f4(loadTail(x, rem), loadTail(g, rem), av, bv), rem);
}

@inline export function grad32<K>(dst: usize, xp: usize, gp: usize, n: i32, a: f64, b: f64): void {
  const k = changetype<K>(0);
  const av = f32x4.splat(<f32>a);
  const bv = f32x4.splat(<f32>b);
  const end = xp + (<usize>(n & ~3) << 2);
  let x = xp, g = gp, d = dst;
  // @ts-ignore
  for (; x < end; x += 16, g += 16, d += 16) v128.store(d, f32x4.mul(v128.load(g), k.d(v128.load(x), av, bv)));
  const rem = n & 3;
  // @ts-ignore
  if (rem) storeTail(d, f32x4.mul(loadTail(g, rem), k.d(loadTail(x, rem), av, bv)), rem);
}

/** As grad32, for kernels that form the product g·f'(x) themselves (K.p). */
@inline export function grad32p<K>(dst: usize, xp: usize, gp: usize, n: i32, a: f64, b: f64): void {
  const k = changetype<K>(0);
  const end = xp + (<usize>(n & ~3) << 2);
  let x = xp, g = gp, d = dst;
  // @ts-ignore
  for (; x < end; x += 16, g += 16, d += 16) v128.store(d, k.p(v128.load(x), v128.load(g)));
  const rem = n & 3;
  // @ts-ignore
  if (rem) storeTail(d, k.p(loadTail(x, rem), loadTail(g, rem)), rem);
}

// ---- bounds the kernels share ----
//
// The transcendental forward kernels use the float32-accuracy math (M.expF, M.expm1F,
// M.log1pUnitF, M.erfcOfScaledF, M.logisticF: relative error ≤ 2^-30, so ≤ 0.52 ULP after the one
// rounding). Their argument is bounded in float32 first, where NaN passes through pmin/pmax
// (b < a ? b : a keeps a NaN a) and the bound makes the limits at ±∞ come out of the ordinary path.

/**
 * Below −120 every forward result built from e^t is the same as at −120 (σ(−120) ≈ 8e-53 and
 * −120·e⁻¹²⁰ round to ±0 in float32, expm1(−120) to −1 in float64).
 */
export const T_MIN: f32 = -120;
/**
 * The backward kernels bound e^t's argument below at −708 (T_LOW) in float32; below T_ZERO, where
 * Math.exp is 0 (M.EXP_ZERO), f' is masked to +0, so that g·f' is g·0 as the JS path's (NaN for
 * g = ±∞); in between e^−708 stands for eᵗ, as M.expNeg.
 */
export const T_LOW: f32 = -708;
/** The largest float32 below M.EXP_ZERO: t ≤ it ⇔ Math.exp(t) = 0. */
export const T_ZERO: f32 = -745.13324;
