/**
 * prelu on float64 (x > 0 ? x : α·x), forward and backward: rowPrelu's layout (a scalar weight,
 * or c float64 weights along the last axis) with two float64 lanes. The values are the JS path's
 * float64 operations, so the bits equal its bits.
 */
import * as M from '../float64/math';
import { c64, select as sel } from '../float64/math';
import { lane0, loadD, storeD } from './common64';

@inline function prelu2(x: v128, a: v128): v128 { return sel(f64x2.gt(x, c64(0)), x, M.mul(a, x)); }

/**
 * prelu of n float64 at x → dst with weight α: the scalar `alpha` when c = 0, else c float64 at
 * `alphaPtr` along the last axis (n a multiple of c).
 */
export function rowPreluF64(dst: usize, x: usize, n: i32, alphaPtr: usize, c: i32, alpha: f64): void {
  if (c == 0) {
    preluRun(dst, x, n, false, 0, c64(alpha));
    return;
  }
  const rowBytes = <usize>c << 3;
  for (let r = n / c; r > 0; r--, x += rowBytes, dst += rowBytes) preluRun(dst, x, c, true, alphaPtr, c64(0));
}

/**
 * prelu of n float64 at x → dst, four per iteration, with the weights at `alphaPtr` alongside x
 * (perChannel) or the splat `av`: the choice is outside the loops, which stay as tight as relu's.
 */
@inline function preluRun(dst: usize, x: usize, n: i32, perChannel: bool, alphaPtr: usize, av: v128): void {
  const n4 = <usize>(n & ~3) << 3;
  let o: usize = 0;
  if (!perChannel) {
    for (; o < n4; o += 32) {
      v128.store(dst + o, prelu2(v128.load(x + o), av));
      v128.store(dst + o, prelu2(v128.load(x + o, 16), av), 16);
    }
  } else {
    for (; o < n4; o += 32) {
      v128.store(dst + o, prelu2(v128.load(x + o), v128.load(alphaPtr + o)));
      v128.store(dst + o, prelu2(v128.load(x + o, 16), v128.load(alphaPtr + o, 16)), 16);
    }
  }
  for (let i = n & ~3; i < n; i++, o += 8) {
    const a = perChannel ? v128.load64_splat(alphaPtr + o) : av;
    v128.store64_lane(dst + o, prelu2(v128.load64_splat(x + o), a), 0);
  }
}

/**
 * prelu's backward on float64, one pass, as rowPreluGrad: dx = g·(x > 0 ? 1 : α) (NaN for NaN x),
 * and per block of `block` elements the float64 sums of dα = Σ g·(x > 0 ? 0 : x) (each product
 * rounded, as the JS path), at `sums` + b·stride float64 (stride: c rounded up to a multiple of
 * 4, or 1 when c = 0). The caller adds the blocks' sums in block order.
 */
export function rowPreluF64Grad(dx: usize, x: usize, g: usize, n: i32, alphaPtr: usize, c: i32, alpha: f64, sums: usize, block: i32): void {
  const stride = c == 0 ? 1 : (c + 3) & ~3;
  let start = 0;
  do { // at least one block, so that n = 0 still writes its (zero) sums
    const o = <usize>start << 3;
    preluGradBlock64(dx + o, x + o, g + o, min(block, n - start), alphaPtr, c, alpha, sums);
    sums += <usize>stride << 3;
    start += block;
  } while (start < n);
}

/** dx and the weight's partial products of two lanes. */
@inline function dx2(xv: v128, gv: v128, a: v128): v128 {
  return sel(f64x2.gt(xv, c64(0)), gv, sel(f64x2.le(xv, c64(0)), M.mul(gv, a), c64(NaN)));
}
@inline function da2(xv: v128, gv: v128): v128 { return v128.andnot(M.mul(gv, xv), f64x2.gt(xv, c64(0))); }

function preluGradBlock64(dx: usize, x: usize, g: usize, n: i32, alphaPtr: usize, c: i32, alpha: f64, sums: usize): void {
  const av = c64(alpha);
  for (let i = 0; i < ((c + 3) & ~3); i++) storeD(sums, i, 0);
  if (c == 0) {
    let acc0 = c64(0), acc1 = c64(0);
    const n4 = n & ~3;
    for (let i = 0; i < n4; i += 4) {
      const o = <usize>i << 3;
      const x0 = v128.load(x + o), x1 = v128.load(x + o, 16), g0 = v128.load(g + o), g1 = v128.load(g + o, 16);
      v128.store(dx + o, dx2(x0, g0, av));
      v128.store(dx + o, dx2(x1, g1, av), 16);
      acc0 = M.add(acc0, da2(x0, g0));
      acc1 = M.add(acc1, da2(x1, g1));
    }
    let total = f64x2.extract_lane(acc0, 0) + f64x2.extract_lane(acc0, 1) + (f64x2.extract_lane(acc1, 0) + f64x2.extract_lane(acc1, 1));
    for (let i = n4; i < n; i++) {
      const xi = loadD(x, i), gi = loadD(g, i);
      storeD(dx, i, xi > 0 ? gi : xi <= 0 ? gi * alpha : NaN);
      if (!(xi > 0)) total += gi * xi;
    }
    storeD(sums, 0, total);
    return;
  }
  const c2 = c & ~1;
  const rowBytes = <usize>c << 3;
  const rows = n / c;
  for (let r = 0; r < rows; r++, x += rowBytes, g += rowBytes, dx += rowBytes) {
    for (let i = 0; i < c2; i += 2) {
      const o = <usize>i << 3;
      const xv = v128.load(x + o), gv = v128.load(g + o);
      v128.store(dx + o, dx2(xv, gv, v128.load(alphaPtr + o)));
      v128.store(sums + o, M.add(v128.load(sums + o), da2(xv, gv)));
    }
    if (c & 1) {
      const o = <usize>c2 << 3;
      const xv = v128.load64_splat(x + o), gv = v128.load64_splat(g + o);
      v128.store64_lane(dx + o, dx2(xv, gv, v128.load64_splat(alphaPtr + o)), 0);
      // the unused lane adds 0 to the slot past c (the stride has room for it)
      v128.store(sums + o, M.add(v128.load(sums + o), v128.and(da2(xv, gv), lane0())));
    }
  }
}
