/**
 * prelu on float16 and bfloat16 bits (rowPreluF16, rowPreluBf16 and their Grad): the arguments and
 * the weights of rowPrelu and rowPreluGrad (the weights float32: the 16-bit weights widened), x, g
 * and the results 16-bit. Each element is widened exactly in registers, goes through the float32
 * kernel's lane arithmetic (prelu.ts: prelu4, preluDx4) and is rounded once, so the bits are the
 * float32 kernel's on the widened arrays, rounded once; ∂α's float64 sums take the same terms in
 * the same order as rowPreluGrad's (test/kernels.prelu16.test.ts checks all 65,536 patterns).
 * float16 with positive weights computes y and dx in float16's own scaling instead where every
 * lane's product is a float16 normal (half16/scaled.ts; rowPreluF16, ScaledDx), the same bits.
 */
import * as M from '../math';
import { Bf16, F16, loadTail16, mapWide16, storeTail16 } from '../half16/drivers';
import { slopeF16 } from '../half16/fused';
import { bigHi, bigLo, kz, kz16, opaqueZero, outside, productThreshold, roundBig } from '../half16/scaled';
import { hi64, lo64, loadTail } from '../tail';
import { storeD } from './common';
import { prelu4, preluDx4 } from './prelu';

/** The scalar weight's forward, as a four-lane kernel of the 16-bit drivers (a: the weight). */
@final class PreluScalar {
  @inline w(x: v128, a: v128, b: v128): v128 { return prelu4(x, a); }
}

/** Widens the low four of eight 16-bit lanes (C: F16 or Bf16; `finite`: none of the eight is ±∞ or NaN). */
@inline function wlo<C>(h: v128, finite: bool): v128 {
  // @ts-ignore: C is F16 or Bf16 (AssemblyScript generics are templates)
  return changetype<C>(0).wlo(h, finite);
}
@inline function whi<C>(h: v128, finite: bool): v128 {
  // @ts-ignore
  return changetype<C>(0).whi(h, finite);
}
@inline function finite<C>(h: v128): bool {
  // @ts-ignore
  return changetype<C>(0).finite(h);
}
@inline function finite2<C>(x: v128, g: v128): bool {
  // @ts-ignore
  return changetype<C>(0).finite2(x, g);
}
/** Two float32 quads → eight 16-bit lanes, each rounded once. */
@inline function pack<C>(lo: v128, hi: v128): v128 {
  // @ts-ignore
  return changetype<C>(0).pack(lo, hi);
}

/** rem (1-4) 16-bit values at p into the low lanes (the others 0). */
@inline function load4(p: usize, rem: i32): v128 { return rem == 4 ? v128.load64_zero(p) : loadTail16(p, rem); }
/** Stores the low rem (1-4) 16-bit lanes of v at p. */
@inline function store4(p: usize, v: v128, rem: i32): void {
  if (rem == 4) v128.store64_lane(p, v, 0);
  else storeTail16(p, v, rem);
}
/** rem (1-4) float32 weights at p into the low lanes. */
@inline function alpha4(p: usize, rem: i32): v128 { return rem == 4 ? v128.load(p) : loadTail(p, rem); }

/** The row's elements from i on: eight at a time, widened and rounded once, then the last c mod 8 by quads. */
@inline function rowRest<C>(dst: usize, x: usize, alphaPtr: usize, i: i32, c: i32): void {
  const c8 = c & ~7;
  for (; i < c8; i += 8) {
    const h = v128.load(x + (<usize>i << 1));
    const a = alphaPtr + (<usize>i << 2);
    let lo: v128, hi: v128;
    if (finite<C>(h)) { lo = wlo<C>(h, true); hi = whi<C>(h, true); } else { lo = wlo<C>(h, false); hi = whi<C>(h, false); }
    v128.store(dst + (<usize>i << 1), pack<C>(prelu4(lo, v128.load(a)), prelu4(hi, v128.load(a, 16))));
  }
  for (; i < c; i += 4) { // the row's last c mod 8, by quads
    const rem = min(4, c - i);
    const r = prelu4(wlo<C>(load4(x + (<usize>i << 1), rem), false), alpha4(alphaPtr + (<usize>i << 2), rem));
    store4(dst + (<usize>i << 1), pack<C>(r, r), rem);
  }
}

@inline function rowPrelu16<C>(dst: usize, x: usize, n: i32, alphaPtr: usize, c: i32, alpha: f64): void {
  if (c == 0) {
    mapWide16<PreluScalar, C>(dst, x, n, alpha, 0);
    return;
  }
  const rowBytes = <usize>c << 1;
  const end = x + (<usize>n << 1);
  for (; x < end; x += rowBytes, dst += rowBytes) rowRest<C>(dst, x, alphaPtr, 0, c);
}

/** The smallest of c weights (the scalar alpha for c = 0) when every one is in (0, most], else 0. */
function leastWeight(alphaPtr: usize, c: i32, alpha: f64, most: f32): f32 {
  let least = <f32>alpha;
  if (c == 0) return least > 0 && least <= most ? least : 0;
  least = most;
  for (let i = 0; i < c; i++) {
    const a = load<f32>(alphaPtr + (<usize>i << 2));
    if (!(a > 0 && a <= most)) return 0;
    least = min(least, a);
  }
  return least;
}

/** Sixteen elements at x (weights at a) through the exact path, to dst (a call: kept out of the loop's registers). */
function exactRow16(dst: usize, x: usize, a: usize): void {
  rowRest<F16>(dst, x, a, 0, 16);
}

/**
 * float16 prelu. A positive scalar weight: x ≥ 0 ? x : α·x, which agrees with prelu on signed
 * zeros (fused.ts, slopeF16). Per-channel weights all in (0, 1]: sixteen lanes at a time in
 * float16's scaling (half16/scaled.ts), the unsigned minimum of x and 0x8000 | float16(|α·x|),
 * with one threshold for the smallest weight; other weights, and sixteen lanes with a NaN, a zero,
 * a subnormal or a product below 2^-14, as the bfloat16 kernel (widened and rounded once).
 */
export function rowPreluF16(dst: usize, x: usize, n: i32, alphaPtr: usize, c: i32, alpha: f64): void {
  if (c == 0) {
    const s = <f32>alpha;
    if (s > 0) slopeF16<PreluScalar>(dst, x, n, s);
    else mapWide16<PreluScalar, F16>(dst, x, n, alpha, 0);
    return;
  }
  const t = productThreshold(leastWeight(alphaPtr, c, alpha, 1));
  if (t > 0x7c00) {
    rowPrelu16<F16>(dst, x, n, alphaPtr, c, alpha);
    return;
  }
  // opaque, so that the optimizer does not fold them into preluRun16 as constants
  const z = opaqueZero(n), ones = kz(z, -1), sign = kz16(z, 0x8000), one = kz(z, 1), half = kz(z, 0xfff);
  const tv = i16x8.splat(<i16>t), lim = i16x8.splat(<i16>(-1024 - t));
  const c16 = c & ~15;
  const rowBytes = <usize>c << 1;
  const end = x + (<usize>n << 1);
  for (; x < end; x += rowBytes, dst += rowBytes) {
    const rowEnd = x + (<usize>c16 << 1), do_ = dst - x;
    let p = preluRun16(x, x, do_, rowEnd, alphaPtr, ones, sign, one, half, tv, lim);
    while (p < rowEnd) {
      exactRow16(p + do_, p, alphaPtr + ((p - x) << 1));
      p = preluRun16(p + 32, x, do_, rowEnd, alphaPtr, ones, sign, one, half, tv, lim);
    }
    rowRest<F16>(dst, x, alphaPtr, c16, c);
  }
}

/**
 * rowPreluF16's fast loop over a row (at x; the result at p + do, the weights at alphaPtr, four
 * bytes per entry) from p up to the first sixteen lanes that need the exact path, or end; returns
 * where it stopped (a function with its constants as parameters, as relu2Run).
 */
function preluRun16(p: usize, x: usize, do_: usize, end: usize, alphaPtr: usize, ones: v128, sign: v128, one: v128, half: v128, tv: v128, lim: v128): usize {
  for (; p < end; p += 32) {
    const d = p + do_, a = alphaPtr + ((p - x) << 1);
    const h0 = v128.load(p), h1 = v128.load(p, 16);
    const m0 = v128.or(h0, sign), m1 = v128.or(h1, sign);
    if (v128.any_true(v128.or(outside(m0, tv, lim), outside(m1, tv, lim)))) break;
    v128.store(d, i16x8.min_u(h0, roundBig(f32x4.mul(bigLo(m0, ones), v128.load(a)), f32x4.mul(bigHi(m0, ones), v128.load(a, 16)), one, half)));
    v128.store(d, i16x8.min_u(h1, roundBig(f32x4.mul(bigLo(m1, ones), v128.load(a, 32)), f32x4.mul(bigHi(m1, ones), v128.load(a, 48)), one, half)), 16);
  }
  return p;
}
export function rowPreluBf16(dst: usize, x: usize, n: i32, alphaPtr: usize, c: i32, alpha: f64): void { rowPrelu16<Bf16>(dst, x, n, alphaPtr, c, alpha); }

/** ∂α's terms of four lanes: g·x (exact in float64), 0 where x > 0; lanes 0-1 (`hi` false) or 2-3. */
@inline function term(pos: v128, g: v128, x: v128, hi: bool): v128 {
  return hi ? M.select(hi64(pos), M.c64(0), M.mul(hi64(g), hi64(x))) : M.select(lo64(pos), M.c64(0), M.mul(lo64(g), lo64(x)));
}

/** Adds four lanes' ∂α terms to the four float64 slots at s (one per channel). */
@inline function addTerms(s: usize, pos: v128, g: v128, x: v128): void {
  v128.store(s, M.add(v128.load(s), term(pos, g, x, false)));
  v128.store(s, M.add(v128.load(s, 16), term(pos, g, x, true)), 16);
}

/** dx of eight lanes as the float32 kernel's, widened and rounded once. */
@final class PackedDx {
  @inline ok<C>(hx: v128, hg: v128, tv: v128, lim: v128, z: v128): bool { return finite2<C>(hx, hg); }
  @inline dx<C>(hx: v128, hg: v128, xl: v128, gl: v128, xh: v128, gh: v128, alo: v128, ahi: v128, pl: v128, ph: v128, z: v128): v128 {
    return pack<C>(preluDx4(xl, gl, alo, pl), preluDx4(xh, gh, ahi, ph));
  }
}

/**
 * float16 dx for positive weights, the smallest's threshold t (tv = t, lim = −1025 − t): where x
 * and g are finite and |g|'s bits in [t, 0x7bff], g where x > 0 and α·g (g's sign) elsewhere, in
 * float16's scaling (half16/scaled.ts); the sums take the same widened values as ever.
 */
@final class ScaledDx {
  @inline ok<C>(hx: v128, hg: v128, tv: v128, lim: v128, z: v128): bool {
    const x = i16x8.gt_s(v128.and(hx, kz16(z, 0x7fff)), kz16(z, 0x7bff));
    return !v128.any_true(v128.or(outside(v128.or(hg, kz16(z, 0x8000)), tv, lim), x));
  }
  @inline dx<C>(hx: v128, hg: v128, xl: v128, gl: v128, xh: v128, gh: v128, alo: v128, ahi: v128, pl: v128, ph: v128, z: v128): v128 {
    const sign = kz16(z, 0x8000), ones = kz(z, -1), gm = v128.or(hg, sign);
    const q = roundBig(f32x4.mul(bigLo(gm, ones), alo), f32x4.mul(bigHi(gm, ones), ahi), kz(z, 1), kz(z, 0xfff));
    return v128.bitselect(hg, v128.xor(q, v128.andnot(sign, hg)), i16x8.gt_s(hx, z));
  }
}

/**
 * One block of the backward (rowPreluGrad's preluGradBlock on 16-bit x, g and dx): dx rounded
 * once; its sums at `sums`. For c = 0 the terms go to two float64 pairs four lanes at a time and
 * the last n mod 4 one at a time, as rowPreluGrad adds them.
 */
function gradBlock16<C, D>(dx: usize, x: usize, g: usize, n: i32, alphaPtr: usize, c: i32, alpha: f64, sums: usize, t: i32): void {
  const zero = f32x4.splat(0), z = opaqueZero(n), tv = i16x8.splat(<i16>t), lim = i16x8.splat(<i16>(-1025 - t));
  const k = changetype<D>(0);
  if (c == 0) {
    const av = f32x4.splat(<f32>alpha);
    let acc0 = M.c64(0), acc1 = M.c64(0);
    const n8 = n & ~7;
    let i = 0;
    for (; i < n8; i += 8) {
      const o = <usize>i << 1;
      const hx = v128.load(x + o), hg = v128.load(g + o);
      let xl: v128, gl: v128, xh: v128, gh: v128, pl: v128, ph: v128;
      // @ts-ignore: D is PackedDx or ScaledDx
      if (k.ok<C>(hx, hg, tv, lim, z)) {
        xl = wlo<C>(hx, true); gl = wlo<C>(hg, true); xh = whi<C>(hx, true); gh = whi<C>(hg, true);
        pl = f32x4.gt(xl, zero); ph = f32x4.gt(xh, zero);
        // @ts-ignore
        v128.store(dx + o, k.dx<C>(hx, hg, xl, gl, xh, gh, av, av, pl, ph, z));
      } else {
        xl = wlo<C>(hx, false); gl = wlo<C>(hg, false); xh = whi<C>(hx, false); gh = whi<C>(hg, false);
        pl = f32x4.gt(xl, zero); ph = f32x4.gt(xh, zero);
        v128.store(dx + o, pack<C>(preluDx4(xl, gl, av, pl), preluDx4(xh, gh, av, ph)));
      }
      acc0 = M.add(acc0, term(pl, gl, xl, false));
      acc1 = M.add(acc1, term(pl, gl, xl, true));
      acc0 = M.add(acc0, term(ph, gh, xh, false));
      acc1 = M.add(acc1, term(ph, gh, xh, true));
    }
    const rem = n & 7;
    if (rem) {
      const o = <usize>i << 1;
      const hx = loadTail16(x + o, rem), hg = loadTail16(g + o, rem);
      const xl = wlo<C>(hx, false), gl = wlo<C>(hg, false), xh = whi<C>(hx, false), gh = whi<C>(hg, false);
      const pl = f32x4.gt(xl, zero), ph = f32x4.gt(xh, zero);
      storeTail16(dx + o, pack<C>(preluDx4(xl, gl, av, pl), preluDx4(xh, gh, av, ph)), rem);
      if (rem >= 4) { // a whole quad: rowPreluGrad's vector loop takes it
        acc0 = M.add(acc0, term(pl, gl, xl, false));
        acc1 = M.add(acc1, term(pl, gl, xl, true));
      }
    }
    let total = f64x2.extract_lane(acc0, 0) + f64x2.extract_lane(acc0, 1) + (f64x2.extract_lane(acc1, 0) + f64x2.extract_lane(acc1, 1));
    // @ts-ignore
    const t = changetype<C>(0);
    for (let j = n & ~3; j < n; j++) { // the last n mod 4, one at a time
      const o = <usize>j << 1;
      // @ts-ignore
      const xj: f32 = t.widen(<i32>load<u16>(x + o)), gj: f32 = t.widen(<i32>load<u16>(g + o));
      if (!(xj > 0)) total += <f64>gj * <f64>xj;
    }
    storeD(sums, 0, total);
    return;
  }
  const c4 = (c + 3) & ~3;
  for (let i = 0; i < c4; i++) storeD(sums, i, 0);
  const c8 = c & ~7;
  const rowBytes = <usize>c << 1;
  const rows = n / c;
  for (let r = 0; r < rows; r++, x += rowBytes, g += rowBytes, dx += rowBytes) {
    let i = 0;
    for (; i < c8; i += 8) {
      const o = <usize>i << 1;
      const hx = v128.load(x + o), hg = v128.load(g + o);
      const a = alphaPtr + (<usize>i << 2);
      let xl: v128, gl: v128, xh: v128, gh: v128, pl: v128, ph: v128;
      // @ts-ignore
      if (k.ok<C>(hx, hg, tv, lim, z)) {
        xl = wlo<C>(hx, true); gl = wlo<C>(hg, true); xh = whi<C>(hx, true); gh = whi<C>(hg, true);
        pl = f32x4.gt(xl, zero); ph = f32x4.gt(xh, zero);
        // @ts-ignore
        v128.store(dx + o, k.dx<C>(hx, hg, xl, gl, xh, gh, v128.load(a), v128.load(a, 16), pl, ph, z));
      } else {
        xl = wlo<C>(hx, false); gl = wlo<C>(hg, false); xh = whi<C>(hx, false); gh = whi<C>(hg, false);
        pl = f32x4.gt(xl, zero); ph = f32x4.gt(xh, zero);
        v128.store(dx + o, pack<C>(preluDx4(xl, gl, v128.load(a), pl), preluDx4(xh, gh, v128.load(a, 16), ph)));
      }
      const s = sums + (<usize>i << 3);
      addTerms(s, pl, gl, xl);
      addTerms(s + 32, ph, gh, xh);
    }
    for (; i < c; i += 4) { // the row's last c mod 8, by quads; a partial quad adds 0 to slots past c
      const rem = min(4, c - i);
      const o = <usize>i << 1;
      const xv = wlo<C>(load4(x + o, rem), false), gv = wlo<C>(load4(g + o, rem), false);
      const pos = f32x4.gt(xv, zero);
      const d = preluDx4(xv, gv, alpha4(alphaPtr + (<usize>i << 2), rem), pos);
      store4(dx + o, pack<C>(d, d), rem);
      addTerms(sums + (<usize>i << 3), pos, gv, xv);
    }
  }
}

/** rowPreluGrad's blocks (its arguments; x, g and dx 16-bit). */
@inline function rowPreluGrad16<C, D>(dx: usize, x: usize, g: usize, n: i32, alphaPtr: usize, c: i32, alpha: f64, sums: usize, block: i32, t: i32): void {
  const stride = c == 0 ? 1 : (c + 3) & ~3;
  let start = 0;
  do { // at least one block, so that n = 0 still writes its (zero) sums
    const o = <usize>start << 1;
    gradBlock16<C, D>(dx + o, x + o, g + o, min(block, n - start), alphaPtr, c, alpha, sums, t);
    sums += <usize>stride << 3;
    start += block;
  } while (start < n);
}

/** float16: dx in float16's scaling (ScaledDx) where every weight is positive and finite. */
export function rowPreluF16Grad(dx: usize, x: usize, g: usize, n: i32, alphaPtr: usize, c: i32, alpha: f64, sums: usize, block: i32): void {
  const t = productThreshold(leastWeight(alphaPtr, c, alpha, f32.MAX_VALUE));
  if (t > 0x7bff) rowPreluGrad16<F16, PackedDx>(dx, x, g, n, alphaPtr, c, alpha, sums, block, 0);
  else rowPreluGrad16<F16, ScaledDx>(dx, x, g, n, alphaPtr, c, alpha, sums, block, t);
}
export function rowPreluBf16Grad(dx: usize, x: usize, g: usize, n: i32, alphaPtr: usize, c: i32, alpha: f64, sums: usize, block: i32): void {
  rowPreluGrad16<Bf16, PackedDx>(dx, x, g, n, alphaPtr, c, alpha, sums, block, 0);
}
