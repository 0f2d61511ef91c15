/**
 * The row kernels (exports named row*): softmax, softmin, logSoftmax and glu along the last axis of a contiguous
 * float32 array (`rows` rows of n elements), forward and backward, and prelu (x with a scalar or
 * a per-channel weight along the last axis), forward and backward. Float32 arrays in the heap;
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
import * as M from './math';
import { hi64, lo64, loadTail, pack, storeTail } from './tail';
import { EXPR_A, EXPR_B, INV_LN2, LN2 } from './coefficients';

// ---- helpers ----

const SIGN32: i32 = 0x80000000;

/**
 * eˣ down to float64's underflow (about −745), as Math.exp (math.ts's exp clamps at −708, where
 * e^−708 is 3e-308), for glu and the backward kernels: σ(−∞) = 0 and σ'(b) = 0 exactly where the JS
 * lane's are, and a VJP entry that rounds to zero keeps the sign of its tiny true value. For
 * x ≤ 0 only (the shifted entries x − m of the softmax and logSoftmax backward): M.expNonPositive,
 * relative error < 2^-41, as accurate as these sums that can cancel need.
 */
@inline function expz(x: v128): v128 {
  const low = f64x2.lt(x, M.c64(-708));
  const e = M.expNonPositive(M.select(low, M.add(x, M.c64(354.8913564904879)), x)); // 512·ln 2
  return M.select(low, M.mul(e, M.c64(7.458340731200207e-155)), e); // 2^-512
}
@inline function expz1(x: f64): f64 { return f64x2.extract_lane(expz(f64x2.splat(x)), 0); }

/**
 * e^d for the shifted entries d = x − m ≤ 0 of softmax and logSoftmax, 0 below −708: there e^d is
 * below 2^-1000 of the max's own term 1, so no sum and no forward output can see it (and a −∞ entry
 * gives an exact 0, which logSoftmax([0, −∞]) needs). float32 accuracy (expF, relative error
 * < 2^-30.5), for the forward kernels: softmax's eᵢ/Σe is then within 2^-29 (relative) before its
 * one rounding to float32, ≤ 0.51 ULP; for logSoftmax see rowLogSoftmax.
 */
@inline function expShift(d: v128): v128 { return v128.andnot(M.expF(M.maxC(d, -708)), f64x2.lt(d, M.c64(-708))); }
@inline function expShift1(d: f64): f64 { return f64x2.extract_lane(expShift(f64x2.splat(d)), 0); }
/**
 * expShift without the exact 0 below −708 (e^−708 there instead), for softmax: Σ ≥ 1, so an
 * output eᵢ/Σ < 3.3e-308 rounds to +0 in float32 either way.
 */
@inline function expShiftSoft(d: v128): v128 { return M.expF(M.maxC(d, -708)); }

@inline function loadF(p: usize, i: i32): f32 { return load<f32>(p + (<usize>i << 2)); }
@inline function storeF(p: usize, i: i32, v: f32): void { store<f32>(p + (<usize>i << 2), v); }
@inline function loadD(p: usize, i: i32): f64 { return load<f64>(p + (<usize>i << 3)); }
@inline function storeD(p: usize, i: i32, v: f64): void { store<f64>(p + (<usize>i << 3), v); }

/** v, or −v when `flip` (softmin works on −x). */
@inline function flipF(v: f32, flip: bool): f32 { return flip ? -v : v; }

/**
 * max of the row (of −x when flip); NaN if any entry is NaN. pmax is one instruction on x86 (wasm's
 * max, which propagates NaN, is several), so NaN is tracked apart.
 */
function rowMax(p: usize, n: i32, flip: bool): f32 {
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
function rowArgmax(p: usize, n: i32, m: f32, flip: bool): i32 {
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
function countInf(p: usize, n: i32, flip: bool): i32 {
  let c = 0;
  for (let i = 0; i < n; i++) if (flipF(loadF(p, i), flip) == Infinity) c++;
  return c;
}

function fill(p: usize, n: i32, v: f32): void {
  for (let i = 0; i < n; i++) storeF(p, i, v);
}

/** log(1 + w) for any w ≥ 0: log1pUnit up to 1, above it k·ln 2 + log1p(f − 1) for 1 + w = 2^k·f. */
function log1p(w: f64): f64 {
  if (w <= 1) return f64x2.extract_lane(M.log1pUnit(f64x2.splat(w)), 0);
  const bits = reinterpret<i64>(1 + w);
  const k = <f64>((bits >> 52) - 1023);
  const f = reinterpret<f64>((bits & 0x000fffffffffffff) | 0x3ff0000000000000);
  return k * LN2 + f64x2.extract_lane(M.log1pUnit(f64x2.splat(f - 1)), 0); // f − 1 is exact
}

/** (i, i + 1) and (i + 2, i + 3) as float64 lanes: the lanes' indices, to single out one entry. */
@inline function iotaLo(i: i32): v128 { return f64x2.replace_lane(f64x2.splat(<f64>i), 1, <f64>(i + 1)); }

// ---- softmax and softmin ----

/**
 * softmax (flip = 0) or softmin (flip = 1) of `rows` rows of n float32 at src → dst.
 * e^(x − m) goes to scratch (n float64), then each is multiplied by 1/Σ (two float64 roundings).
 */
export function rowSoftmax(dst: usize, src: usize, rows: i32, n: i32, scratch: usize, flip: i32): void {
  const fl = flip != 0;
  const f = i32x4.splat(fl ? SIGN32 : 0);
  const n4 = n & ~3;
  const rowBytes = <usize>n << 2;
  for (let r = 0; r < rows; r++, src += rowBytes, dst += rowBytes) {
    const m = rowMax(src, n, fl);
    if (m != m || m == -Infinity) { fill(dst, n, NaN); continue; } // NaN, or 0/0
    if (m == Infinity) {
      const share = <f32>(1.0 / <f64>countInf(src, n, fl));
      for (let i = 0; i < n; i++) storeF(dst, i, flipF(loadF(src, i), fl) == Infinity ? share : 0);
      continue;
    }
    const mv = f64x2.splat(<f64>m);
    let acc0 = M.c64(0), acc1 = M.c64(0);
    for (let i = 0; i < n4; i += 4) {
      const v = v128.xor(v128.load(src + (<usize>i << 2)), f);
      const e0 = expShiftSoft(M.sub(lo64(v), mv));
      const e1 = expShiftSoft(M.sub(hi64(v), mv));
      const s = scratch + (<usize>i << 3);
      v128.store(s, e0);
      v128.store(s, e1, 16);
      acc0 = M.add(acc0, e0);
      acc1 = M.add(acc1, e1);
    }
    let sum = f64x2.extract_lane(acc0, 0) + f64x2.extract_lane(acc0, 1) + (f64x2.extract_lane(acc1, 0) + f64x2.extract_lane(acc1, 1));
    for (let i = n4; i < n; i++) {
      const e = expShift1(<f64>flipF(loadF(src, i), fl) - <f64>m);
      storeD(scratch, i, e);
      sum += e;
    }
    const inv = M.c64(1 / sum);
    for (let i = 0; i < n4; i += 4) {
      const s = scratch + (<usize>i << 3);
      v128.store(dst + (<usize>i << 2), pack(M.mul(v128.load(s), inv), M.mul(v128.load(s, 16), inv)));
    }
    for (let i = n4; i < n; i++) storeF(dst, i, <f32>(loadD(scratch, i) * f64x2.extract_lane(inv, 0)));
  }
}

// ---- logSoftmax ----

/**
 * logSoftmax of `rows` rows of n float32: (x − m) − log1p(Σ_{j ≠ argmax} e^(x_j − m)). The sum
 * leaves out the argmax's own term (the first, as the JS lane: ties add 1 each), so [1, 20]
 * gives −5.6e-9 for 20.
 * The sum r carries expF's relative error ε < 2^-30.5; log1p (float64, once per row) turns it into
 * an absolute error ε·r/(1 + r) ≤ ε·log1p(r), and every output (x − m) − log1p(r), x − m ≤ 0,
 * is at least log1p(r) in size: each output stays within ε (relative) before its rounding.
 */
export function rowLogSoftmax(dst: usize, src: usize, rows: i32, n: i32): void {
  const n4 = n & ~3;
  const rowBytes = <usize>n << 2;
  for (let r = 0; r < rows; r++, src += rowBytes, dst += rowBytes) {
    const m = rowMax(src, n, false);
    if (m != m || m == -Infinity) { fill(dst, n, NaN); continue; }
    if (m == Infinity) { // the limit: the c entries at +∞ get −log c, the others −∞
      const y = <f32>-log1p(<f64>(countInf(src, n, false) - 1));
      for (let i = 0; i < n; i++) storeF(dst, i, loadF(src, i) == Infinity ? y : -Infinity);
      continue;
    }
    // The entries equal to m (d = 0, e^d = 1 exactly) are left out of the sum and counted: all but
    // one of them add 1 back, which is the JS lane's sum without the argmax's term.
    const mv = f64x2.splat(<f64>m);
    const zero = M.c64(0);
    let acc0 = zero, acc1 = zero, ties = i64x2.splat(0);
    for (let i = 0; i < n4; i += 4) {
      const v = v128.load(src + (<usize>i << 2));
      const d0 = M.sub(lo64(v), mv), d1 = M.sub(hi64(v), mv);
      const z0 = f64x2.eq(d0, zero), z1 = f64x2.eq(d1, zero);
      acc0 = M.add(acc0, v128.andnot(expShift(d0), z0));
      acc1 = M.add(acc1, v128.andnot(expShift(d1), z1));
      ties = i64x2.sub(i64x2.sub(ties, z0), z1); // a true lane is −1
    }
    let rest = f64x2.extract_lane(acc0, 0) + f64x2.extract_lane(acc0, 1) + (f64x2.extract_lane(acc1, 0) + f64x2.extract_lane(acc1, 1));
    let tied = i64x2.extract_lane(ties, 0) + i64x2.extract_lane(ties, 1);
    for (let i = n4; i < n; i++) {
      const d = <f64>loadF(src, i) - <f64>m;
      if (d == 0) tied++;
      else rest += expShift1(d);
    }
    rest += <f64>(tied - 1);
    const lv = M.c64(log1p(rest));
    for (let i = 0; i < n4; i += 4) {
      const v = v128.load(src + (<usize>i << 2));
      v128.store(dst + (<usize>i << 2), pack(M.sub(M.sub(lo64(v), mv), lv), M.sub(M.sub(hi64(v), mv), lv)));
    }
    const l = f64x2.extract_lane(lv, 0);
    for (let i = n4; i < n; i++) storeF(dst, i, <f32>((<f64>loadF(src, i) - <f64>m) - l));
    if (rest == 0) {
      // Another finite entry makes the max's true value negative even where its e^(x − m)
      // underflowed: its 0 is −0 then.
      const k = rowArgmax(src, n, m, false);
      let othersFinite = false;
      for (let i = 0; i < n; i++) if (i != k && loadF(src, i) > -Infinity) othersFinite = true;
      if (othersFinite) storeF(dst, k, -0.0);
    }
  }
}

// ---- glu ----

/** Below this, e^t underflows float64 to 0 (as Math.exp): σ(t) and σ'(t) are exactly 0 there, as in the JS lane. */
const UNDERFLOW: f64 = -745.1332191019412;

/**
 * σ(b) (float32 accuracy, M.logisticF) for two float64 lanes: −|b| is clamped at −708, where σ
 * (< 3.3e-308) times any float32 still rounds to ±0 with the right sign, and σ is 0 below
 * UNDERFLOW (σ' for |b| beyond it), so that ∞·σ(−∞) is NaN as in the JS lane. NaN gives NaN.
 */
@inline function sigmoid2(b: v128): v128 {
  const t = f64x2.neg(f64x2.abs(b));
  const s = M.logisticF(M.maxC(t, -708), f64x2.ge(b, M.c64(0)));
  return v128.andnot(s, f64x2.lt(b, M.c64(UNDERFLOW)));
}

@inline function glu4(a: v128, b: v128): v128 {
  return pack(M.mul(lo64(a), sigmoid2(lo64(b))), M.mul(hi64(a), sigmoid2(hi64(b))));
}

/** glu of `rows` rows of 2h float32 → rows of h: a·σ(b), a the first half, b the second. */
export function rowGlu(dst: usize, src: usize, rows: i32, h: i32): void {
  const h4 = h & ~3;
  const rem = h & 3;
  const half = <usize>h << 2;
  for (let r = 0; r < rows; r++, src += half << 1, dst += half) {
    for (let i = 0; i < h4; i += 4) {
      const o = <usize>i << 2;
      v128.store(dst + o, glu4(v128.load(src + o), v128.load(src + half + o)));
    }
    if (rem) {
      const o = <usize>h4 << 2;
      storeTail(dst + o, glu4(loadTail(src + o, rem), loadTail(src + half + o, rem)), rem);
    }
  }
}

// ---- backward ----

/**
 * VJP of softmax (flip = 0) or softmin (flip = 1), rows of n: ±s ⊙ ((g − g_k) − Σ_{j≠k} sⱼ(gⱼ − g_k)),
 * k the argmax, s recomputed from x, as the JS lane (nothing cancels when s_k ≈ 1). A row with +∞
 * (−∞ for softmin) gives 0·g; NaN or all −∞ gives NaN.
 */
export function rowSoftmaxGrad(dst: usize, x: usize, g: usize, rows: i32, n: i32, scratch: usize, flip: i32): void {
  const fl = flip != 0;
  const f = i32x4.splat(fl ? SIGN32 : 0);
  const n4 = n & ~3;
  const rowBytes = <usize>n << 2;
  for (let r = 0; r < rows; r++, x += rowBytes, g += rowBytes, dst += rowBytes) {
    const m = rowMax(x, n, fl);
    if (m != m || m == -Infinity) { fill(dst, n, NaN); continue; }
    if (m == Infinity) {
      for (let i = 0; i < n; i++) storeF(dst, i, <f32>0 * loadF(g, i));
      continue;
    }
    const k = rowArgmax(x, n, m, fl);
    const gk = <f64>loadF(g, k);
    const gkv = M.c64(gk);
    const kv = M.c64(<f64>k);
    const mv = f64x2.splat(<f64>m);
    let s0 = M.c64(0), s1 = M.c64(0), d0 = M.c64(0), d1 = M.c64(0);
    for (let i = 0; i < n4; i += 4) {
      const o = <usize>i << 2;
      const v = v128.xor(v128.load(x + o), f);
      const gv = v128.load(g + o);
      const e0 = expz(M.sub(lo64(v), mv));
      const e1 = expz(M.sub(hi64(v), mv));
      const s = scratch + (<usize>i << 3);
      v128.store(s, e0);
      v128.store(s, e1, 16);
      s0 = M.add(s0, e0);
      s1 = M.add(s1, e1);
      const i0 = iotaLo(i);
      const i1 = M.add(i0, M.c64(2));
      d0 = M.add(d0, M.select(f64x2.eq(i0, kv), M.c64(0), M.mul(e0, M.sub(lo64(gv), gkv))));
      d1 = M.add(d1, M.select(f64x2.eq(i1, kv), M.c64(0), M.mul(e1, M.sub(hi64(gv), gkv))));
    }
    let sum = f64x2.extract_lane(s0, 0) + f64x2.extract_lane(s0, 1) + (f64x2.extract_lane(s1, 0) + f64x2.extract_lane(s1, 1));
    let dot = f64x2.extract_lane(d0, 0) + f64x2.extract_lane(d0, 1) + (f64x2.extract_lane(d1, 0) + f64x2.extract_lane(d1, 1));
    for (let i = n4; i < n; i++) {
      const e = expz1(<f64>flipF(loadF(x, i), fl) - <f64>m);
      storeD(scratch, i, e);
      sum += e;
      if (i != k) dot += e * (<f64>loadF(g, i) - gk);
    }
    const inv = 1 / sum;
    const invv = M.c64(fl ? -inv : inv); // the sign of softmin's VJP rides on 1/Σ (exact)
    const dv = M.c64(dot * inv);
    for (let i = 0; i < n4; i += 4) {
      const o = <usize>i << 2;
      const s = scratch + (<usize>i << 3);
      const gv = v128.load(g + o);
      const y0 = M.mul(M.mul(v128.load(s), invv), M.sub(M.sub(lo64(gv), gkv), dv));
      const y1 = M.mul(M.mul(v128.load(s, 16), invv), M.sub(M.sub(hi64(gv), gkv), dv));
      v128.store(dst + o, pack(y0, y1));
    }
    const iv = f64x2.extract_lane(invv, 0), dd = f64x2.extract_lane(dv, 0);
    for (let i = n4; i < n; i++) storeF(dst, i, <f32>((loadD(scratch, i) * iv) * ((<f64>loadF(g, i) - gk) - dd)));
  }
}

/**
 * VJP of logSoftmax, rows of n: gᵢ − sᵢ·Σg, and for the argmax k (1 − s_k)·g_k − s_k·Σ_{j≠k} gⱼ
 * with 1 − s_k = r/(1 + r), r = Σ_{j≠k} e^(xⱼ − m), as the JS lane. +∞ entries: the limit
 * s = 1/c on them; NaN or all −∞: NaN.
 */
export function rowLogSoftmaxGrad(dst: usize, x: usize, g: usize, rows: i32, n: i32, scratch: usize): void {
  const n4 = n & ~3;
  const rowBytes = <usize>n << 2;
  for (let r = 0; r < rows; r++, x += rowBytes, g += rowBytes, dst += rowBytes) {
    const m = rowMax(x, n, false);
    if (m != m || m == -Infinity) { fill(dst, n, NaN); continue; }
    if (m == Infinity) {
      let total: f64 = 0;
      for (let i = 0; i < n; i++) total += <f64>loadF(g, i);
      const share = total / <f64>countInf(x, n, false);
      for (let i = 0; i < n; i++) storeF(dst, i, <f32>(<f64>loadF(g, i) - (loadF(x, i) == Infinity ? share : 0)));
      continue;
    }
    const k = rowArgmax(x, n, m, false);
    const kv = M.c64(<f64>k);
    const mv = f64x2.splat(<f64>m);
    let r0 = M.c64(0), r1 = M.c64(0), o0 = M.c64(0), o1 = M.c64(0), t0 = M.c64(0), t1 = M.c64(0);
    for (let i = 0; i < n4; i += 4) {
      const o = <usize>i << 2;
      const v = v128.load(x + o);
      const gv = v128.load(g + o);
      const e0 = expz(M.sub(lo64(v), mv));
      const e1 = expz(M.sub(hi64(v), mv));
      const s = scratch + (<usize>i << 3);
      v128.store(s, e0);
      v128.store(s, e1, 16);
      const g0 = lo64(gv), g1 = hi64(gv);
      const k0 = f64x2.eq(iotaLo(i), kv);
      const k1 = f64x2.eq(M.add(iotaLo(i), M.c64(2)), kv);
      r0 = M.add(r0, M.select(k0, M.c64(0), e0));
      r1 = M.add(r1, M.select(k1, M.c64(0), e1));
      o0 = M.add(o0, M.select(k0, M.c64(0), g0));
      o1 = M.add(o1, M.select(k1, M.c64(0), g1));
      t0 = M.add(t0, g0);
      t1 = M.add(t1, g1);
    }
    let rest = f64x2.extract_lane(r0, 0) + f64x2.extract_lane(r0, 1) + (f64x2.extract_lane(r1, 0) + f64x2.extract_lane(r1, 1));
    let others = f64x2.extract_lane(o0, 0) + f64x2.extract_lane(o0, 1) + (f64x2.extract_lane(o1, 0) + f64x2.extract_lane(o1, 1));
    let total = f64x2.extract_lane(t0, 0) + f64x2.extract_lane(t0, 1) + (f64x2.extract_lane(t1, 0) + f64x2.extract_lane(t1, 1));
    for (let i = n4; i < n; i++) {
      const e = expz1(<f64>loadF(x, i) - <f64>m);
      storeD(scratch, i, e);
      const gi = <f64>loadF(g, i);
      total += gi;
      if (i != k) { rest += e; others += gi; }
    }
    const inv = 1 / (1 + rest);
    const invv = M.c64(inv);
    const tv = M.c64(total);
    for (let i = 0; i < n4; i += 4) {
      const o = <usize>i << 2;
      const s = scratch + (<usize>i << 3);
      const gv = v128.load(g + o);
      const y0 = M.sub(lo64(gv), M.mul(M.mul(v128.load(s), invv), tv));
      const y1 = M.sub(hi64(gv), M.mul(M.mul(v128.load(s, 16), invv), tv));
      v128.store(dst + o, pack(y0, y1));
    }
    for (let i = n4; i < n; i++) storeF(dst, i, <f32>(<f64>loadF(g, i) - (loadD(scratch, i) * inv) * total));
    storeF(dst, k, <f32>((rest * inv) * <f64>loadF(g, k) - others * inv));
  }
}

/**
 * σ(b) and σ'(b) = σ(b)·σ(−b) for two float64 lanes, from one rational e^t = 2^k·N/D, t = −|b|
 * (as M.logisticF): with u = 2^k·N, σ = (b ≥ 0 ? D : u)/(D + u) and σ' = D·u/(D + u)², one
 * division. σ' = e/(1 + e)² moves by at most the relative error of e (< 2^-32.5). t is clamped at
 * −708 and both are 0 below UNDERFLOW, as sigmoid2. Returns σ; σ' goes to dsOut (a global, not
 * memory: the module must have no data segment).
 */
let dsOut: v128 = i32x4(0, 0, 0, 0);

@inline function logistic(b: v128): v128 {
  const t0 = f64x2.neg(f64x2.abs(b));
  const t = M.maxC(t0, -708);
  const kd = M.mad(t, M.c64(INV_LN2), M.c64(6755399441055744.0 + 1023)); // k + 1023 in the low bits
  const k = M.sub(kd, M.c64(6755399441055744.0 + 1023));
  const sc = i64x2.shl(kd, 52);
  const r = M.sub(t, M.mul(k, M.c64(LN2)));
  const r2 = M.mul(r, r);
  const p = M.mad(r2, M.c64(EXPR_A), M.c64(1));
  const rq = M.mul(r, M.mad(r2, M.c64(EXPR_B), M.c64(0.5)));
  const d = M.sub(p, rq);
  const u = M.mul(sc, M.add(p, rq));
  const inv = M.div(M.c64(1), M.add(d, u));
  const under = f64x2.lt(t0, M.c64(UNDERFLOW));
  dsOut = v128.andnot(M.mul(M.mul(M.mul(d, u), inv), inv), under);
  return v128.andnot(M.mul(M.select(f64x2.ge(b, M.c64(0)), d, u), inv), f64x2.lt(b, M.c64(UNDERFLOW)));
}

/**
 * VJP of glu, x rows of 2h, g rows of h → rows of 2h: ∂a = σ(b)·g, ∂b = a·σ'(b)·g (Logistic);
 * where σ'(b) is 0 (|b| ≥ 745.13 or ±∞) ∂b is 0·g, as the JS lane.
 */
export function rowGluGrad(dst: usize, x: usize, g: usize, rows: i32, h: i32): void {
  const h4 = h & ~3;
  const rem = h & 3;
  const half = <usize>h << 2;
  for (let r = 0; r < rows; r++, x += half << 1, g += half, dst += half << 1) {
    for (let i = 0; i <= h4; i += 4) {
      const o = <usize>i << 2;
      const tail = i == h4;
      if (tail && !rem) break;
      const av = tail ? loadTail(x + o, rem) : v128.load(x + o);
      const bv = tail ? loadTail(x + half + o, rem) : v128.load(x + half + o);
      const gv = tail ? loadTail(g + o, rem) : v128.load(g + o);
      const b0 = lo64(bv), b1 = hi64(bv), g0 = lo64(gv), g1 = hi64(gv);
      const s0 = logistic(b0);
      const ds0 = dsOut;
      const s1 = logistic(b1);
      const ds1 = dsOut;
      const da = pack(M.mul(s0, g0), M.mul(s1, g1));
      const z0 = M.mul(M.c64(0), g0), z1 = M.mul(M.c64(0), g1);
      const db0 = M.select(f64x2.eq(ds0, M.c64(0)), z0, M.mul(M.mul(lo64(av), ds0), g0));
      const db1 = M.select(f64x2.eq(ds1, M.c64(0)), z1, M.mul(M.mul(hi64(av), ds1), g1));
      const db = pack(db0, db1);
      if (tail) {
        storeTail(dst + o, da, rem);
        storeTail(dst + half + o, db, rem);
      } else {
        v128.store(dst + o, da);
        v128.store(dst + half + o, db);
      }
    }
  }
}

// ---- prelu ----

/** x > 0 ? x : α·x in float32 (the JS path's float64 product of two float32, rounded once, is the same). */
@inline function prelu4(x: v128, a: v128): v128 {
  return v128.bitselect(x, f32x4.mul(a, x), f32x4.gt(x, f32x4.splat(0)));
}

/**
 * prelu of n float32 at x → dst with weight α: the scalar `alpha` when c = 0, else c float32 at
 * `alphaPtr` along the last axis (n a multiple of c).
 */
export function rowPrelu(dst: usize, x: usize, n: i32, alphaPtr: usize, c: i32, alpha: f64): void {
  if (c == 0) {
    const av = f32x4.splat(<f32>alpha);
    const n4 = n & ~3;
    for (let i = 0; i < n4; i += 4) {
      const o = <usize>i << 2;
      v128.store(dst + o, prelu4(v128.load(x + o), av));
    }
    const rem = n & 3;
    if (rem) {
      const o = <usize>n4 << 2;
      storeTail(dst + o, prelu4(loadTail(x + o, rem), av), rem);
    }
    return;
  }
  const c4 = c & ~3;
  const rem = c & 3;
  const rowBytes = <usize>c << 2;
  const end = x + (<usize>n << 2);
  for (; x < end; x += rowBytes, dst += rowBytes) {
    for (let i = 0; i < c4; i += 4) {
      const o = <usize>i << 2;
      v128.store(dst + o, prelu4(v128.load(x + o), v128.load(alphaPtr + o)));
    }
    if (rem) {
      const o = <usize>c4 << 2;
      storeTail(dst + o, prelu4(loadTail(x + o, rem), loadTail(alphaPtr + o, rem)), rem);
    }
  }
}

/**
 * prelu's backward, one pass: dx = g·(x > 0 ? 1 : α) (NaN for NaN x) for n float32, and the
 * partial sums of dα = Σ g·(x > 0 ? 0 : x) (g·x is exact in float64) per block of `block`
 * elements (a multiple of the row width c, or of 16 when c = 0, the scalar weight `alpha`):
 * block b's sums, float64, go to `sums` + b·stride float64 (stride: c rounded up to a multiple
 * of 4, or 1 when c = 0). The caller adds the blocks' sums in block order and rounds once, so
 * ∂α has the same bits however the blocks are shared among threads. n is a multiple of c (or,
 * for c = 0, of block except in the array's last chunk).
 */
export function rowPreluGrad(dx: usize, x: usize, g: usize, n: i32, alphaPtr: usize, c: i32, alpha: f64, sums: usize, block: i32): void {
  const stride = c == 0 ? 1 : (c + 3) & ~3;
  let start = 0;
  do { // at least one block, so that n = 0 still writes its (zero) sums
    const o = <usize>start << 2;
    preluGradBlock(dx + o, x + o, g + o, min(block, n - start), alphaPtr, c, alpha, sums);
    sums += <usize>stride << 3;
    start += block;
  } while (start < n);
}

/** One block of rowPreluGrad: its sums at `sums` (c float64 slots, rounded up to a multiple of 4, or 1 when c = 0). */
function preluGradBlock(dx: usize, x: usize, g: usize, n: i32, alphaPtr: usize, c: i32, alpha: f64, sums: usize): void {
  const zero = f32x4.splat(0);
  const nan = f32x4.splat(NaN);
  const width = c == 0 ? 4 : c;
  const w4 = width & ~3;
  const rem = width & 3;
  const rowBytes = <usize>width << 2;
  const av = f32x4.splat(<f32>alpha);
  for (let i = 0; i < ((c + 3) & ~3); i++) storeD(sums, i, 0);
  const rows = c == 0 ? n >> 2 : n / c;
  let acc0 = M.c64(0), acc1 = M.c64(0);
  for (let r = 0; r < rows; r++, x += rowBytes, g += rowBytes, dx += rowBytes) {
    for (let i = 0; i <= w4; i += 4) {
      const tail = i == w4;
      if (tail && !rem) break;
      const o = <usize>i << 2;
      const xv = tail ? loadTail(x + o, rem) : v128.load(x + o);
      const gv = tail ? loadTail(g + o, rem) : v128.load(g + o);
      const a = c == 0 ? av : tail ? loadTail(alphaPtr + o, rem) : v128.load(alphaPtr + o);
      const pos = f32x4.gt(xv, zero);
      const d = v128.bitselect(gv, v128.bitselect(f32x4.mul(gv, a), nan, f32x4.le(xv, zero)), pos);
      if (tail) storeTail(dx + o, d, rem);
      else v128.store(dx + o, d);
      // g·x is exact in float64; the lanes past the tail hold 0·0.
      const p0 = M.select(lo64(pos), M.c64(0), M.mul(lo64(gv), lo64(xv)));
      const p1 = M.select(hi64(pos), M.c64(0), M.mul(hi64(gv), hi64(xv)));
      if (c == 0) {
        acc0 = M.add(acc0, p0);
        acc1 = M.add(acc1, p1);
      } else {
        const s = sums + (<usize>i << 3);
        // The tail's unused lanes add 0 to slots past c; the stride has room for them.
        v128.store(s, M.add(v128.load(s), p0));
        v128.store(s, M.add(v128.load(s, 16), p1), 16);
      }
    }
  }
  if (c == 0) {
    let total = f64x2.extract_lane(acc0, 0) + f64x2.extract_lane(acc0, 1) + (f64x2.extract_lane(acc1, 0) + f64x2.extract_lane(acc1, 1));
    for (let i = 0; i < (n & 3); i++) { // the last n mod 4 elements
      const xi = loadF(x, i), gi = loadF(g, i);
      storeF(dx, i, xi > 0 ? gi : xi <= 0 ? gi * <f32>alpha : NaN);
      if (!(xi > 0)) total += <f64>gi * <f64>xi;
    }
    storeD(sums, 0, total);
  }
}
