/**
 * prelu on float16 and bfloat16 bits (rowPreluF16, rowPreluBf16 and their Grad): the arguments and
 * the weights of rowPrelu and rowPreluGrad (the weights float32: the 16-bit weights widened), x, g
 * and the results 16-bit. Each element is widened exactly in registers, goes through the float32
 * kernel's lane arithmetic (prelu.ts: prelu4, preluDx4) and is rounded once, so the bits are the
 * float32 kernel's on the widened arrays, rounded once; ∂α's float64 sums take the same terms in
 * the same order as rowPreluGrad's (test/kernels.prelu16.test.ts checks all 65,536 patterns).
 */
import * as M from '../math';
import { Bf16, F16, loadTail16, mapWide16, storeTail16 } from '../half16/drivers';
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

@inline function rowPrelu16<C>(dst: usize, x: usize, n: i32, alphaPtr: usize, c: i32, alpha: f64): void {
  if (c == 0) {
    mapWide16<PreluScalar, C>(dst, x, n, alpha, 0);
    return;
  }
  const c8 = c & ~7;
  const rowBytes = <usize>c << 1;
  const end = x + (<usize>n << 1);
  for (; x < end; x += rowBytes, dst += rowBytes) {
    let i = 0;
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
}

export function rowPreluF16(dst: usize, x: usize, n: i32, alphaPtr: usize, c: i32, alpha: f64): void { rowPrelu16<F16>(dst, x, n, alphaPtr, c, alpha); }
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

/**
 * One block of the backward (rowPreluGrad's preluGradBlock on 16-bit x, g and dx): dx rounded
 * once; its sums at `sums`. For c = 0 the terms go to two float64 pairs four lanes at a time and
 * the last n mod 4 one at a time, as rowPreluGrad adds them.
 */
function gradBlock16<C>(dx: usize, x: usize, g: usize, n: i32, alphaPtr: usize, c: i32, alpha: f64, sums: usize): void {
  const zero = f32x4.splat(0);
  if (c == 0) {
    const av = f32x4.splat(<f32>alpha);
    let acc0 = M.c64(0), acc1 = M.c64(0);
    const n8 = n & ~7;
    let i = 0;
    for (; i < n8; i += 8) {
      const o = <usize>i << 1;
      const hx = v128.load(x + o), hg = v128.load(g + o);
      let xl: v128, gl: v128, xh: v128, gh: v128;
      if (finite2<C>(hx, hg)) {
        xl = wlo<C>(hx, true); gl = wlo<C>(hg, true); xh = whi<C>(hx, true); gh = whi<C>(hg, true);
      } else {
        xl = wlo<C>(hx, false); gl = wlo<C>(hg, false); xh = whi<C>(hx, false); gh = whi<C>(hg, false);
      }
      const pl = f32x4.gt(xl, zero), ph = f32x4.gt(xh, zero);
      v128.store(dx + o, pack<C>(preluDx4(xl, gl, av, pl), preluDx4(xh, gh, av, ph)));
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
      let xl: v128, gl: v128, xh: v128, gh: v128;
      if (finite2<C>(hx, hg)) {
        xl = wlo<C>(hx, true); gl = wlo<C>(hg, true); xh = whi<C>(hx, true); gh = whi<C>(hg, true);
      } else {
        xl = wlo<C>(hx, false); gl = wlo<C>(hg, false); xh = whi<C>(hx, false); gh = whi<C>(hg, false);
      }
      const a = alphaPtr + (<usize>i << 2);
      const pl = f32x4.gt(xl, zero), ph = f32x4.gt(xh, zero);
      v128.store(dx + o, pack<C>(preluDx4(xl, gl, v128.load(a), pl), preluDx4(xh, gh, v128.load(a, 16), ph)));
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
@inline function rowPreluGrad16<C>(dx: usize, x: usize, g: usize, n: i32, alphaPtr: usize, c: i32, alpha: f64, sums: usize, block: i32): void {
  const stride = c == 0 ? 1 : (c + 3) & ~3;
  let start = 0;
  do { // at least one block, so that n = 0 still writes its (zero) sums
    const o = <usize>start << 1;
    gradBlock16<C>(dx + o, x + o, g + o, min(block, n - start), alphaPtr, c, alpha, sums);
    sums += <usize>stride << 3;
    start += block;
  } while (start < n);
}

export function rowPreluF16Grad(dx: usize, x: usize, g: usize, n: i32, alphaPtr: usize, c: i32, alpha: f64, sums: usize, block: i32): void {
  rowPreluGrad16<F16>(dx, x, g, n, alphaPtr, c, alpha, sums, block);
}
export function rowPreluBf16Grad(dx: usize, x: usize, g: usize, n: i32, alphaPtr: usize, c: i32, alpha: f64, sums: usize, block: i32): void {
  rowPreluGrad16<Bf16>(dx, x, g, n, alphaPtr, c, alpha, sums, block);
}
