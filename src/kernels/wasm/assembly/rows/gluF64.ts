/** glu of float64 rows (a·σ(b), a the first half, b the second), forward and backward. */
import * as M from '../float64/math';
import { c64, select as sel } from '../float64/math';

/** Below this, e^b underflows float64 to 0 (as Math.exp): σ(b) (and σ'(b) for |b| beyond it) is exactly 0 in the JS lane. */
const UNDERFLOW: f64 = -745.1332191019412;
/** |a| below this leaves the exact product a·σ's split in range (prodErr needs < 2^996); beyond, a·σ is rounded from a·(hi + lo). */
const A_EXACT: f64 = 6.696928794914171e299; // 2^995

/** b clamped to the range of the logistic's exponential (|b| ≤ 1400; σ is 1 or below 2^-2000 there). */
@inline function clampB(b: v128): v128 { return M.maxC(M.minC(b, 1400), -1400); }

/**
 * v·2^k rounded once, for a v that may exceed float64's range while v·2^k does not (k ≤ 0): past
 * 2^1000, v is formed again as u·w with 2^k applied to u first (`u`, `w`: v's factors).
 */
@inline function scaledProduct(v: v128, k: v128, u: v128, w: v128): v128 {
  return sel(f64x2.lt(f64x2.abs(v), c64(1.0715086071862673e301)), M.scale(v, k), M.mul(M.scale(u, k), w)); // 2^1000
}

/**
 * a·(h + l)·2^k rounded once (a subnormal once too): the product's error carried where |a| is
 * below A_EXACT; a zero product keeps its sign.
 */
@inline function timesScaled(a: v128, h: v128, l: v128, k: v128): v128 {
  const mh = M.mul(a, h);
  const exact = f64x2.lt(f64x2.abs(a), c64(A_EXACT));
  const ml = v128.and(M.add(M.prodErr(v128.and(a, exact), h, M.mul(v128.and(a, exact), h)), M.mul(a, l)), exact);
  return sel(f64x2.eq(mh, c64(0)), mh, scaledProduct(M.add(mh, ml), k, M.add(h, l), a));
}

/** a·σ(b) for two float64 lanes: 0·a below UNDERFLOW (NaN for an infinite a), as the JS lane. */
@inline function glu2(a: v128, b: v128): v128 {
  const t = clampB(b);
  const y = timesScaled(a, M.sigmoidDD(t, c64(0)), M.sigmoidDD(t, c64(0), 1), M.sigmoidDD(t, c64(0), 2));
  return sel(f64x2.lt(b, c64(UNDERFLOW)), M.mul(a, c64(0)), y);
}

/** glu of `rows` rows of 2h float64 → rows of h, each output rounded once from a·σ(b) in double-double. */
export function rowGluF64(dst: usize, src: usize, rows: i32, h: i32): void {
  const h2 = h & ~1;
  const half = <usize>h << 3;
  for (let r = 0; r < rows; r++, src += half << 1, dst += half) {
    for (let i = 0; i < h2; i += 2) {
      const o = <usize>i << 3;
      v128.store(dst + o, glu2(v128.load(src + o), v128.load(src + half + o)));
    }
    if (h & 1) {
      const o = <usize>h2 << 3;
      v128.store64_lane(dst + o, glu2(v128.load64_splat(src + o), v128.load64_splat(src + half + o)), 0);
    }
  }
}

// ---- backward ----

/** ∂a = σ(b)·g for two lanes (0·g below UNDERFLOW). */
@inline function dA(b: v128, g: v128): v128 {
  const t = clampB(b);
  const q = M.add(M.sigmoidDD(t, c64(0)), M.sigmoidDD(t, c64(0), 1));
  return sel(f64x2.lt(b, c64(UNDERFLOW)), M.mul(g, c64(0)), scaledProduct(M.mul(g, q), M.sigmoidDD(t, c64(0), 2), q, g));
}

/** ∂b = a·σ'(b)·g for two lanes: a·σ' in double-double, rounded, times g; 0·g where σ'(b) is 0 in the JS lane (|b| > 745.13). */
@inline function dB(a: v128, b: v128, g: v128): v128 {
  const t = clampB(b);
  const sh = M.sigmoidGradDD(t, c64(0)), sl = M.sigmoidGradDD(t, c64(0), 1), k = M.sigmoidGradDD(t, c64(0), 2);
  const exact = f64x2.lt(f64x2.abs(a), c64(A_EXACT));
  const ae = v128.and(a, exact);
  const ph = M.mul(a, sh);
  const p = M.add(ph, v128.and(M.add(M.prodErr(ae, sh, M.mul(ae, sh)), M.mul(a, sl)), exact));
  const y = sel(f64x2.lt(f64x2.abs(M.mul(p, g)), c64(1.0715086071862673e301)), M.scale(M.mul(p, g), k), M.mul(M.mul(M.scale(M.add(sh, sl), k), a), g)); // past 2^1000: 2^k first
  return sel(f64x2.lt(M.negAbs(b), c64(UNDERFLOW)), M.mul(g, c64(0)), y);
}

/** VJP of glu, x rows of 2h float64, g rows of h → rows of 2h: ∂a = σ(b)·g, ∂b = a·σ'(b)·g. */
export function rowGluF64Grad(dst: usize, x: usize, g: usize, rows: i32, h: i32): void {
  const h2 = h & ~1;
  const half = <usize>h << 3;
  for (let r = 0; r < rows; r++, x += half << 1, g += half, dst += half << 1) {
    for (let i = 0; i < h2; i += 2) {
      const o = <usize>i << 3;
      const a = v128.load(x + o), b = v128.load(x + half + o), gv = v128.load(g + o);
      v128.store(dst + o, dA(b, gv));
      v128.store(dst + half + o, dB(a, b, gv));
    }
    if (h & 1) {
      const o = <usize>h2 << 3;
      const a = v128.load64_splat(x + o), b = v128.load64_splat(x + half + o), gv = v128.load64_splat(g + o);
      const da = dA(b, gv), db = dB(a, b, gv); // both read before dst is written (dst may be x)
      v128.store64_lane(dst + o, da, 0);
      v128.store64_lane(dst + half + o, db, 0);
    }
  }
}
