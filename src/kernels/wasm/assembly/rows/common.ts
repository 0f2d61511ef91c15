/**
 * What the row kernels (exports named row*) share. They work along the last axis of a contiguous
 * float32 array (`rows` rows of n elements), forward and backward, on float32 arrays in the heap;
 * the JS side (src/kernels/backend.ts) checks shapes and supplies `scratch`, a heap block of at
 * least n float64, where the exponentials of a row are kept between passes (never rounded to
 * float32 before the division).
 *
 * Semantics are those of the JS lanes (src/nn/activations/lanes.ts): the row is shifted by its max
 * m (found in float32, where it is exact); NaN anywhere makes the row NaN, as does a row of all −∞;
 * +∞ entries share the mass equally. e^(x − m), the sums (float64, four partial sums: the order
 * differs from the JS loop) and the outputs are float64, each output rounded once to float32.
 * Unlike the JS lanes, x − m is not corrected by its rounding error: for float32 inputs it is exact
 * whenever e^(x − m) is not negligible next to the max's own term.
 */
import * as M from '../math';

export const SIGN32: i32 = 0x80000000;

/**
 * eˣ down to float64's underflow (about −745), as Math.exp (math.ts's exp clamps at −708, where
 * e^−708 is 3e-308), for glu and the backward kernels: σ(−∞) = 0 and σ'(b) = 0 exactly where the JS
 * lane's are, and a VJP entry that rounds to zero keeps the sign of its tiny true value. For
 * x ≤ 0 only (the shifted entries x − m of the softmax and logSoftmax backward): M.expNonPositive,
 * relative error < 2^-41, as accurate as these sums that can cancel need.
 */
@inline export function expz(x: v128): v128 {
  const low = f64x2.lt(x, M.c64(-708));
  const e = M.expNonPositive(M.select(low, M.add(x, M.c64(354.8913564904879)), x)); // 512·ln 2
  return M.select(low, M.mul(e, M.c64(7.458340731200207e-155)), e); // 2^-512
}
@inline export function expz1(x: f64): f64 { return f64x2.extract_lane(expz(f64x2.splat(x)), 0); }

/**
 * e^d for the shifted entries d = x − m ≤ 0 of softmax and logSoftmax, 0 below −708: there e^d is
 * below 2^-1000 of the max's own term 1, so no sum and no forward output can see it (and a −∞ entry
 * gives an exact 0, which logSoftmax([0, −∞]) needs). float32 accuracy (expF, relative error
 * < 2^-30.5), for the forward kernels: softmax's eᵢ/Σe is then within 2^-29 (relative) before its
 * one rounding to float32, ≤ 0.51 ULP; for logSoftmax see rowLogSoftmax.
 */
@inline export function expShift(d: v128): v128 { return v128.andnot(M.expF(M.maxC(d, -708)), f64x2.lt(d, M.c64(-708))); }
@inline export function expShift1(d: f64): f64 { return f64x2.extract_lane(expShift(f64x2.splat(d)), 0); }
/**
 * expShift without the exact 0 below −708 (e^−708 there instead), for softmax: Σ ≥ 1, so an
 * output eᵢ/Σ < 3.3e-308 rounds to +0 in float32 either way.
 */
@inline export function expShiftSoft(d: v128): v128 { return M.expF(M.maxC(d, -708)); }

@inline export function loadF(p: usize, i: i32): f32 { return load<f32>(p + (<usize>i << 2)); }
@inline export function storeF(p: usize, i: i32, v: f32): void { store<f32>(p + (<usize>i << 2), v); }
@inline export function loadD(p: usize, i: i32): f64 { return load<f64>(p + (<usize>i << 3)); }
@inline export function storeD(p: usize, i: i32, v: f64): void { store<f64>(p + (<usize>i << 3), v); }

/** v, or −v when `flip` (softmin works on −x). */
@inline export function flipF(v: f32, flip: bool): f32 { return flip ? -v : v; }

/**
 * max of the row (of −x when flip); NaN if any entry is NaN. pmax is one instruction on x86 (wasm's
 * max, which propagates NaN, is several), so NaN is tracked apart.
 */
export function rowMax(p: usize, n: i32, flip: bool): f32 {
  const f = i32x4.splat(flip ? SIGN32 : 0);
  let acc = f32x4.splat(-Infinity);
  let nan = i32x4.splat(0);
  const n4 = n & ~3;
  for (let i = 0; i < n4; i += 4) {
    const v = v128.xor(v128.load(p + (<usize>i << 2)), f);
    acc = f32x4.pmax(acc, v);
    nan = v128.or(nan, f32x4.ne(v, v));
  }
  if (v128.any_true(nan)) return NaN;
  let m = max<f32>(max<f32>(f32x4.extract_lane(acc, 0), f32x4.extract_lane(acc, 1)), max<f32>(f32x4.extract_lane(acc, 2), f32x4.extract_lane(acc, 3)));
  for (let i = n4; i < n; i++) m = max<f32>(m, flipF(loadF(p, i), flip)); // wasm's max: NaN propagates
  return m;
}

/** The first index whose entry (of −x when flip) equals m (m is in the row). */
export function rowArgmax(p: usize, n: i32, m: f32, flip: bool): i32 {
  const f = i32x4.splat(flip ? SIGN32 : 0);
  const mv = f32x4.splat(m);
  const n4 = n & ~3;
  for (let i = 0; i < n4; i += 4) {
    const bits = i32x4.bitmask(f32x4.eq(v128.xor(v128.load(p + (<usize>i << 2)), f), mv));
    if (bits) return i + ctz<i32>(bits);
  }
  for (let i = n4; i < n; i++) if (flipF(loadF(p, i), flip) == m) return i;
  return 0;
}

/** How many entries (of −x when flip) are +∞. */
export function countInf(p: usize, n: i32, flip: bool): i32 {
  let c = 0;
  for (let i = 0; i < n; i++) if (flipF(loadF(p, i), flip) == Infinity) c++;
  return c;
}

export function fill(p: usize, n: i32, v: f32): void {
  for (let i = 0; i < n; i++) storeF(p, i, v);
}

/** (i, i + 1) and (i + 2, i + 3) as float64 lanes: the lanes' indices, to single out one entry. */
@inline export function iotaLo(i: i32): v128 { return f64x2.replace_lane(f64x2.splat(<f64>i), 1, <f64>(i + 1)); }
