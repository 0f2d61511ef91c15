/** glu along the last axis (a·σ(b), a the first half, b the second), forward and backward. */
import * as M from '../math';
import { hi64, lo64, loadTail, pack, storeTail } from '../tail';

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
  const d = M.expRatioD(t);
  const u = M.expRatioScaledN(t);
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
