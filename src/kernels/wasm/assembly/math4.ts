/**
 * Vector math on f32x4 (four float32 lanes) for the float32 kernels, where float32 arithmetic
 * with error-free transformations in the last step keeps every result within 1 ULP (math.ts
 * evaluates in f64x2 and rounds once instead). No fused multiply-add: baseline wasm SIMD has
 * none, and relaxed SIMD's may or may not fuse, which would change bits between engines.
 * Coefficients come from scripts/wasm/fit.py (coefficients.generated.ts, the float32 ones).
 */
import { LOG2EF, LN2F_HI, LN2F_LO, EXPM1F4_0, EXPM1F4_1, EXPM1F4_2, EXPM1F4_3, EXPM1F4_4 } from './coefficients.generated';

@inline function c(v: f32): v128 { return f32x4.splat(v); }
/** a·b + c (two roundings). */
@inline function mad(a: v128, b: v128, c: v128): v128 { return f32x4.add(f32x4.mul(a, b), c); }

/** 1.5·2^23 + 127: adding it rounds to an integer k and leaves k + 127 in the low mantissa bits. */
const ROUND_BIAS: f32 = 12582912.0 + 127.0;

/**
 * eˣ − 1 for x in [−17.5, 0] (the caller's bound; NaN gives NaN), within 0.8828 ULP over all
 * float32 inputs (the exhaustive run; elu's table in the README). With x = k·ln 2 + r,
 * expm1(x) = (2^k − 1) + 2^k·r_hi + 2^k·(q − r_lo), r = r_hi − r_lo, q = expm1(r) − r:
 * - k ≥ −24 (bounded below), so 2^k − 1 is exact, and 2^k·r_hi is exact (a power of two times
 *   r_hi = x − k·LN2F_HI, itself exact: k·LN2F_HI has at most 24 bits and is within a factor 2
 *   of x); below x ≈ −16.6 the larger r is only scaled by 2^-24, and expm1 rounds to −1 there;
 * - their sum h is rounded and its error recovered exactly (Fast2Sum: |2^k − 1| ≥ |2^k·r_hi|
 *   for k ≤ −1; for k = 0 the sum is r_hi itself);
 * - what is left, l = err + 2^k·(q − r_lo), is added in one last rounding. Its own error is
 *   q's: the polynomial's 2^-29.8 and the roundings of r², P and their product, a few 2^-24 of
 *   q (q ≤ 0.07, and ≤ |x|/6 for k = 0), which comes to at most ~0.38 ULP of the result where
 *   the result lies just below a power of two; so not correctly rounded, but within 1 ULP.
 */
@inline export function expm1Neg4(x: v128): v128 {
  const n = f32x4.pmax(mad(x, c(LOG2EF), c(ROUND_BIAS)), c(ROUND_BIAS - 24));
  const s = i32x4.shl(n, 23);
  const k = f32x4.sub(n, c(ROUND_BIAS));
  const rh = f32x4.sub(x, f32x4.mul(k, c(LN2F_HI)));
  const rl = f32x4.mul(k, c(LN2F_LO));
  const r = f32x4.sub(rh, rl);
  // 1/2 + r·P(r) by Estrin's scheme: the same operations as Horner's, a shorter dependency chain.
  const r2 = f32x4.mul(r, r);
  const p01 = mad(c(EXPM1F4_0), r, c(0.5));
  const p23 = mad(c(EXPM1F4_2), r, c(EXPM1F4_1));
  const p45 = mad(c(EXPM1F4_4), r, c(EXPM1F4_3));
  const q = f32x4.mul(r2, mad(mad(p45, r2, p23), r2, p01));
  const sm1 = f32x4.sub(s, c(1));
  const sr = f32x4.mul(s, rh);
  const h = f32x4.add(sm1, sr);
  const l = f32x4.add(f32x4.sub(sr, f32x4.sub(h, sm1)), f32x4.mul(s, f32x4.sub(q, rl)));
  return f32x4.add(h, l);
}
