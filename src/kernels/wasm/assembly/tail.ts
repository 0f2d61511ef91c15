/**
 * Lane helpers every kernel file shares: the scalar tail (the last 1-3 float32 of an array, loaded
 * into the low lanes of a vector, the others 0, and stored back, never touching memory past the
 * array's end), the widening of four float32 lanes to two float64 pairs and back, and the float32
 * lane shorthands.
 */

/** The low and high halves of four float32, as two float64 lanes each. */
@inline export function lo64(v: v128): v128 { return f64x2.promote_low_f32x4(v); }
@inline export function hi64(v: v128): v128 { return f64x2.promote_low_f32x4(i32x4.shuffle(v, v, 2, 3, 0, 1)); }
/** A float32 comparison mask's low and high halves, as float64 lane masks. */
@inline export function mlo(m: v128): v128 { return i64x2.extend_low_i32x4_s(m); }
@inline export function mhi(m: v128): v128 { return i64x2.extend_high_i32x4_s(m); }
/** Two float64 pairs → four float32, each rounded once. */
@inline export function pack(lo: v128, hi: v128): v128 {
  return i32x4.shuffle(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5);
}

/** Loads the last 1-3 float32 (rem of them) into the low lanes; the others are 0. */
@inline export function loadTail(p: usize, rem: i32): v128 {
  let v = v128.load32_zero(p);
  if (rem > 1) v = v128.load32_lane(p, v, 1, 4);
  if (rem > 2) v = v128.load32_lane(p, v, 2, 8);
  return v;
}

/** Stores the low 1-3 lanes (rem of them) of v. */
@inline export function storeTail(p: usize, v: v128, rem: i32): void {
  v128.store32_lane(p, v, 0);
  if (rem > 1) v128.store32_lane(p, v, 1, 4);
  if (rem > 2) v128.store32_lane(p, v, 2, 8);
}

// ---- float32 lanes ----

@inline export function c32(v: f32): v128 { return f32x4.splat(v); }
/** Lanewise cond ? a : b, cond a comparison mask. */
@inline export function sel32(cond: v128, a: v128, b: v128): v128 { return v128.bitselect(a, b, cond); }
/** −|x| (NaN stays NaN). */
@inline export function negAbs32(x: v128): v128 { return v128.or(x, i32x4.splat(0x80000000)); }
/** 1 where cond, else 0; NaN where x is NaN. */
@inline export function ind32(cond: v128, x: v128): v128 {
  return sel32(f32x4.ne(x, x), x, v128.and(cond, c32(1)));
}
