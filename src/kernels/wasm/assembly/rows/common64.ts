/**
 * What the float64 row kernels (exports row*F64) share: rows of n float64 in the heap, two lanes
 * at a time (a last lone entry in lane 0), with the float64 vector math of ../float64/math.ts.
 * Semantics are those of the JS lanes (src/kernels/js/rows.ts) on float64; the values are carried
 * as double-doubles (e^(x − m) with the rounding error of x − m, the sums, the products) and each
 * output is rounded once, for the float64 contract (2 ULP per entry).
 */
import * as M from '../float64/math';
import { c64 } from '../float64/math';
import { log1pDD } from '../float64/softplus';

@inline export function loadD(p: usize, i: i32): f64 { return load<f64>(p + (<usize>i << 3)); }
@inline export function storeD(p: usize, i: i32, v: f64): void { store<f64>(p + (<usize>i << 3), v); }
/** v, or −v when `flip` (softmin works on −x). */
@inline export function flipD(v: f64, flip: bool): f64 { return flip ? -v : v; }
/** The sign mask that flips float64 lanes for softmin (0 for softmax). */
@inline export function flipMask(flip: bool): v128 { return i64x2.splat(flip ? 0x8000000000000000 : 0); }
/** Lane 0 set, lane 1 clear: a row's lone last entry. */
@inline export function lane0(): v128 { return i64x2(-1, 0); }
/** The float64 lane indices (i, i + 1). */
@inline export function iota(i: i32): v128 { return f64x2.replace_lane(f64x2.splat(<f64>i), 1, <f64>(i + 1)); }

/** Beyond this |g| (or for a non-finite g) a backward row runs the plain float64 formula: the exact products need |·| < 2^996. */
export const G_EXACT: f64 = 9.12574056139627e288; // 2^960

/** max of the row (of −x when flip); NaN if any entry is NaN. */
export function rowMax64(p: usize, n: i32, f: v128): f64 {
  let a0 = c64(-Infinity), a1 = c64(-Infinity), nan = i64x2.splat(0);
  const n4 = n & ~3;
  for (let i = 0; i < n4; i += 4) {
    const o = p + (<usize>i << 3);
    const v0 = v128.xor(v128.load(o), f), v1 = v128.xor(v128.load(o, 16), f);
    a0 = f64x2.pmax(a0, v0);
    a1 = f64x2.pmax(a1, v1);
    nan = v128.or(nan, v128.or(f64x2.ne(v0, v0), f64x2.ne(v1, v1)));
  }
  for (let i = n4; i < n; i++) {
    const v = v128.xor(v128.load64_splat(p + (<usize>i << 3)), f);
    a0 = f64x2.pmax(a0, v);
    nan = v128.or(nan, f64x2.ne(v, v));
  }
  if (v128.any_true(nan)) return NaN;
  const a = f64x2.pmax(a0, a1);
  return max<f64>(f64x2.extract_lane(a, 0), f64x2.extract_lane(a, 1));
}

/** The first index whose entry (of −x when flip) equals m (m is in the row). */
export function rowArgmax64(p: usize, n: i32, m: f64, f: v128): i32 {
  const mv = c64(m);
  const n2 = n & ~1;
  for (let i = 0; i < n2; i += 2) {
    const bits = i64x2.bitmask(f64x2.eq(v128.xor(v128.load(p + (<usize>i << 3)), f), mv));
    if (bits) return i + ctz<i32>(bits);
  }
  return n - 1;
}

/** How many entries (of −x when flip) are +∞. */
export function countInf64(p: usize, n: i32, flip: bool): i32 {
  let c = 0;
  for (let i = 0; i < n; i++) if (flipD(loadD(p, i), flip) == Infinity) c++;
  return c;
}

export function fill64(p: usize, n: i32, v: f64): void {
  for (let i = 0; i < n; i++) storeD(p, i, v);
}

/** Whether every |g| of the row is below G_EXACT (false for NaN and ±∞). */
export function gExact(p: usize, n: i32): bool {
  let ok = i64x2.splat(-1);
  const lim = c64(G_EXACT);
  const n2 = n & ~1;
  for (let i = 0; i < n2; i += 2) ok = v128.and(ok, f64x2.lt(f64x2.abs(v128.load(p + (<usize>i << 3))), lim));
  if (n & 1) ok = v128.and(ok, f64x2.lt(f64x2.abs(v128.load64_splat(p + (<usize>n2 << 3))), lim));
  return v128.all_true<i64>(ok);
}

/**
 * e^(v − m) for entries v ≤ m (lanes), m finite: a double-double (hi, part 0; lo, part 1) times
 * 2^k (part 2, i64 lanes), 0.7 < hi < 1.42. d = v − m is carried with its rounding error; below
 * −1400 (−∞ too) it counts as −1400, whose e^d (2^-2020) no sum or output can see. To 2^-56
 * relative (M.expFastL), or with `accurate` to 2^-59 (M.expAcc).
 */
@inline export function expShift(v: v128, mv: v128, part: i32 = 0, accurate: bool = false): v128 {
  const d = M.sub(v, mv);
  const far = f64x2.lt(d, c64(-1400));
  const dl = v128.andnot(M.sumErr(v, f64x2.neg(mv), d), far);
  return accurate ? M.expAcc(M.maxC(d, -1400), dl, part) : M.expFastL(M.maxC(d, -1400), dl, true, part);
}

// ---- scalar helpers (once per row, and the plain rows) ----

/**
 * e^(v − m) for v ≤ m in float64 (relative error ~2^-53), the rounding error of v − m folded in:
 * the JS lane's expDiff, without NativeMath.exp (its tables would be a data segment).
 */
export function expDiff(v: f64, m: f64): f64 {
  const vv = c64(v), mv = c64(m);
  return f64x2.extract_lane(M.roundScaled(expShift(vv, mv), expShift(vv, mv, 1), expShift(vv, mv, 2)), 0);
}

/** The rounding error of s = a + b. */
@inline export function sumErr1(a: f64, b: f64, s: f64): f64 {
  const bb = s - a;
  return (a - (s - bb)) + (b - bb);
}

/** The exact error of p = a·b (|a|, |b| < 2^996). */
@inline export function prodErr1(a: f64, b: f64, p: f64): f64 {
  return f64x2.extract_lane(M.prodErr(c64(a), c64(b), c64(p)), 0);
}

/** Module results of the scalar double-double helpers: the low part (globals, not memory: no data segment). */
export let ddLo: f64 = 0;

/** (ah + al) + (bh + bl), normalized: returns the high part, the low part in ddLo. */
export function add2(ah: f64, al: f64, bh: f64, bl: f64): f64 {
  const s = ah + bh;
  const e = sumErr1(ah, bh, s) + (al + bl);
  const h = s + e;
  ddLo = e - (h - s);
  return h;
}

/** The two lanes of a double-double vector (h, l) summed into one double-double (high returned, low in ddLo). */
export function lanes2(h: v128, l: v128): f64 {
  return add2(f64x2.extract_lane(h, 0), f64x2.extract_lane(l, 0), f64x2.extract_lane(h, 1), f64x2.extract_lane(l, 1));
}

/** (nh + nl)/(dh + dl) as a double-double (high returned, low in ddLo); dh ≥ 1. */
export function div2(nh: f64, nl: f64, dh: f64, dl: f64): f64 {
  const q = nh / dh;
  const p = q * dh;
  const ql = (((nh - p) - prodErr1(q, dh, p)) + nl - q * dl) / dh;
  const h = q + ql;
  ddLo = ql - (h - q);
  return h;
}

/** (ah + al)·(bh + bl) as a double-double (high returned, low in ddLo). */
export function mul2(ah: f64, al: f64, bh: f64, bl: f64): f64 {
  const p = ah * bh;
  const e = prodErr1(ah, bh, p) + (ah * bl + al * bh);
  const h = p + e;
  ddLo = e - (h - p);
  return h;
}

/**
 * log1p(rh + rl) for rh ≥ 0 as a double-double (high returned, low in ddLo): up to 1 the series of
 * float64/softplus.ts; above, 1 + r = 2^e·f with f in [√2/2, √2], e·ln 2 + log1p(f − 1) (f − 1 is
 * exact).
 */
export function log1p2(rh: f64, rl: f64): f64 {
  if (rh <= 1) {
    const h = f64x2.extract_lane(log1pDD(c64(rh), c64(rl)), 0);
    ddLo = f64x2.extract_lane(log1pDD(c64(rh), c64(rl), 1), 0);
    return h;
  }
  const th = 1 + rh;
  const tl = (1 - (th - rh)) + rl; // rh > 1: Fast2Sum
  let e = <i32>((reinterpret<u64>(th) >> 52) & 0x7ff) - 1023;
  let f = reinterpret<f64>((reinterpret<u64>(th) & 0x000fffffffffffff) | 0x3ff0000000000000);
  if (f > 1.4142135623730951) { e++; f *= 0.5; }
  const s = reinterpret<f64>(<u64>(1023 - e) << 52); // 2^-e
  const vh = f - 1, vl = tl * s; // th·2^-e − 1 is exact (Sterbenz)
  const lh = f64x2.extract_lane(log1pDD(c64(vh), c64(vl)), 0);
  const ll = f64x2.extract_lane(log1pDD(c64(vh), c64(vl), 1), 0);
  const kh = mul2(<f64>e, 0, 0.6931471805599453, 2.3190468138462996e-17);
  return add2(kh, ddLo, lh, ll);
}
