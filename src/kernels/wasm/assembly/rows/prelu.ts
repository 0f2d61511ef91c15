/** prelu: x with a scalar or a per-channel weight along the last axis, forward and backward. */
import * as M from '../math';
import { hi64, lo64, loadTail, storeTail } from '../tail';
import { loadF, storeD, storeF } from './common';

/** x > 0 ? x : α·x in float32 (the JS path's float64 product of two float32, rounded once, is the same). */
@inline export function prelu4(x: v128, a: v128): v128 {
  return v128.bitselect(x, f32x4.mul(a, x), f32x4.gt(x, f32x4.splat(0)));
}

/** g·prelu'(x) = g·(x > 0 ? 1 : α) in float32, NaN where x is NaN; `pos` is x > 0. */
@inline export function preluDx4(x: v128, g: v128, a: v128, pos: v128): v128 {
  return v128.bitselect(g, v128.bitselect(f32x4.mul(g, a), f32x4.splat(NaN), f32x4.le(x, f32x4.splat(0))), pos);
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
      const d = preluDx4(xv, gv, a, pos);
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
