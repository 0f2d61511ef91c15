import * as M from './math';
import { c64, select as sel } from './math';
import { grad, gt, lt, map } from './drivers';
import {
  erfSmallPoly, erfcMid0, erfcMid1, erfcMid2, erfcMid3, erfcTailPoly, geluGradRootPoly, GELU_GRAD_ZERO_0, GELU_GRAD_ZERO_1,
  GELU_GRAD_ZERO_2, INV_SQRT2PI_HI, INV_SQRT2PI_LO, MID0_CENTER, MID1_CENTER, MID1_LO, MID2_CENTER, MID2_LO, MID3_CENTER,
  MID3_LO, polyLo as lo, SQRT1_2_HI, SQRT1_2_LO,
} from './erf.generated';

// The float64 exact GELU as src/kernels/js/special.ts computes it (exactGelu, exactGeluGrad), on
// two lanes: Φ(x) = erfc(−x/√2)/2 with −x/√2 a double-double, erfc by the pieces of
// erf.generated.ts (erf(u)/u below |u| = 0.75, four pieces of erfc(a)·e^(a²) up to 4.5, a series
// in 1/a² beyond), each piece evaluated only when a lane of the vector needs it; e^(−a²) of the
// exact a² (math.ts expDD); results rounded once, powers of two applied last.

// Second results of the functions below (their parts are not always merged by the optimizer, as
// the straight-line helpers' are): globals, not memory (the module has no data segment).
let scaledLo: v128 = i64x2(0, 0);
let cdfLo: v128 = i64x2(0, 0);
let cdfK: v128 = i64x2(0, 0);

/**
 * erfc(a + al)·e^(a²) for 0.75 ≤ a ≤ 28 as a double-double (high returned, low in scaledLo), the
 * piece chosen per lane; lanes outside [0.75, 28] (their value unused) give finite garbage.
 */
function erfcScaledPoly(a: v128, al: v128): v128 {
  let h = c64(0), l = c64(0);
  const m1 = f64x2.ge(a, c64(MID1_LO)), m2 = f64x2.ge(a, c64(MID2_LO)), m3 = f64x2.ge(a, c64(MID3_LO)), m4 = f64x2.ge(a, c64(4.5));
  const p0 = v128.not(m1), p1 = v128.andnot(m1, m2), p2 = v128.andnot(m2, m3), p3 = v128.andnot(m3, m4);
  if (v128.any_true(p0)) {
    const d = M.sub(a, c64(MID0_CENTER));
    h = sel(p0, erfcMid0(d, al), h); l = sel(p0, lo, l);
  }
  if (v128.any_true(p1)) {
    const d = M.sub(a, c64(MID1_CENTER));
    h = sel(p1, erfcMid1(d, al), h); l = sel(p1, lo, l);
  }
  if (v128.any_true(p2)) {
    const d = M.sub(a, c64(MID2_CENTER));
    h = sel(p2, erfcMid2(d, al), h); l = sel(p2, lo, l);
  }
  if (v128.any_true(p3)) {
    const d = M.sub(a, c64(MID3_CENTER));
    h = sel(p3, erfcMid3(d, al), h); l = sel(p3, lo, l);
  }
  if (v128.any_true(m4)) {
    // 1/a = rh·(1 + e), e = 1 − rh·a exact; t = 1/a² as a double-double
    const ac = M.maxC(a, 4.5);
    const alc = v128.and(al, m4);
    const rh = M.div(c64(1), ac);
    const p = M.mul(rh, ac);
    const rl = M.mul(rh, M.sub(M.sub(M.sub(c64(1), p), M.prodErr(rh, ac, p)), M.mul(rh, alc)));
    const th = M.mul(rh, rh);
    const tl = M.add(M.prodErr(rh, rh, th), M.mul(M.add(rh, rh), rl));
    const ph = erfcTailPoly(th, tl), pl = lo;
    h = sel(m4, M.mulDD(rh, rl, ph, pl), h); l = sel(m4, M.mulDD(rh, rl, ph, pl, 1), l);
  }
  scaledLo = l;
  return h;
}

/**
 * Φ(x) = (hi + lo)·2^k for −39 < x ≤ 9, as cdfScaled: hi returned, lo in cdfLo, k in cdfK. u = −x/√2
 * a double-double; u ≥ 0.75: erfc(u)/2; |u| < 0.75: 1/2 − erf(u)/2; u ≤ −0.75: 1 − erfc(−u)/2
 * (k = 0 but for the first).
 */
function cdfScaled(x: v128): v128 {
  const nx = f64x2.neg(x);
  const uh = M.mul(nx, c64(SQRT1_2_HI));
  const ul = M.sub(M.prodErr(nx, c64(SQRT1_2_HI), uh), M.mul(x, c64(SQRT1_2_LO)));
  const a = f64x2.abs(uh);
  const neg = lt(uh, c64(0));
  const al = sel(neg, f64x2.neg(ul), ul);
  const small = lt(a, c64(0.75));
  // a² exactly, for e^(−a²) in the erfc lanes
  const q = M.mul(a, a);
  const ql = M.add(M.prodErr(a, a, q), M.mul(M.add(a, a), al));
  const big = v128.not(small);
  cdfK = i64x2.splat(0);
  let h = c64(0), l = c64(0);
  if (v128.any_true(big)) {
    const qc = M.minC(v128.and(q, big), 1400); // the small lanes take e^0
    const eh = M.expDD(f64x2.neg(qc), f64x2.neg(v128.and(ql, big)));
    const el = M.expDD(f64x2.neg(qc), f64x2.neg(v128.and(ql, big)), 1);
    const ek = M.expDD(f64x2.neg(qc), f64x2.neg(v128.and(ql, big)), 2);
    cdfK = v128.and(i64x2.sub(ek, i64x2.splat(1)), v128.andnot(big, neg)); // erfc(u)/2's power: only for u ≥ 0.75
    const gh = erfcScaledPoly(M.maxC(a, 0.75), v128.and(al, big)), gl = scaledLo;
    const ch = M.mulDD(eh, el, gh, gl), cl = M.mulDD(eh, el, gh, gl, 1); // erfc(a)·2^-ek
    // u ≥ 0.75: Φ = erfc(u)/2, scaled by 2^(ek − 1) (part 2); u ≤ −0.75: Φ = 1 − erfc(−u)·2^(ek − 1)
    const s = M.mul(M.pow2(i64x2.sub(ek, i64x2.splat(1))), c64(-1)); // |u| ≤ 6.4 there: normal
    const oh = M.addDD(c64(1), c64(0), M.mul(ch, s), M.mul(cl, s)), ol = M.addDD(c64(1), c64(0), M.mul(ch, s), M.mul(cl, s), 1);
    h = sel(neg, oh, ch);
    l = sel(neg, ol, cl);
  }
  if (v128.any_true(small)) {
    // Φ = 1/2 − erf(u)/2, erf(u) = u·S(u²) with u² exact
    const ua = v128.and(uh, small), ula = v128.and(ul, small);
    const s = M.mul(ua, ua);
    const sl = M.add(M.prodErr(ua, ua, s), M.mul(M.add(ua, ua), ula));
    const ph = erfSmallPoly(s, sl), pl = lo;
    const rh = M.mulDD(ua, ula, ph, pl), rl = M.mulDD(ua, ula, ph, pl, 1);
    const oh = M.addDD(c64(0.5), c64(0), M.mul(rh, c64(-0.5)), M.mul(rl, c64(-0.5)));
    const ol = M.addDD(c64(0.5), c64(0), M.mul(rh, c64(-0.5)), M.mul(rl, c64(-0.5)), 1);
    h = sel(small, oh, h);
    l = sel(small, ol, l);
  }
  cdfLo = l;
  return h;
}

/** φ(x) = (hi + lo)·2^k (parts 0, 1, 2) for |x| < 39: e^(−x²/2) of the exact x², times 1/√(2π). */
@inline function pdfScaled(x: v128, part: i32): v128 {
  const q = M.mul(x, x);
  const qh = M.mul(q, c64(-0.5)), ql = M.mul(M.prodErr(x, x, q), c64(-0.5));
  if (part == 2) return M.expDD(qh, ql, 2);
  const eh = M.expDD(qh, ql), el = M.expDD(qh, ql, 1);
  return M.mulDD(eh, el, c64(INV_SQRT2PI_HI), c64(INV_SQRT2PI_LO), part);
}

/** x within range of cdfScaled and pdfScaled (and x·φ, x·Φ exact): (−39, 9]; NaN passes. */
@inline function inRange(x: v128): v128 { return M.maxC(M.minC(x, 9), -38.9); }

@final class Gelu {
  /**
   * gelu = x·Φ(x), the product in double-double, rounded once (2^k last): −0 below x = −39, x above
   * 9 (and at 0); below 2^-60, x/2 with a subnormal tie broken upward by x² (as exactGelu).
   */
  @inline f(x: v128, a: v128, b: v128): v128 {
    const xc = inRange(x);
    const tinyIn = lt(f64x2.abs(x), c64(8.673617379884035e-19)); // 2^-60
    const xs = sel(tinyIn, c64(1), xc); // the tiny lanes take Φ(1): unused
    const h = cdfScaled(xs), l = cdfLo, k = cdfK;
    const mh = M.mul(xs, h);
    const ml = M.add(M.prodErr(xs, h, mh), M.mul(xs, l));
    const y = M.scale(M.add(mh, ml), k);
    const half = M.mul(x, c64(0.5));
    const up = M.mul(M.add(x, c64(5e-324)), c64(0.5));
    const tiny = sel(f64x2.eq(M.add(half, half), x), half, sel(f64x2.eq(x, c64(-5e-324)), c64(-0.0), up));
    const far = sel(gt(x, c64(9)), x, c64(-0.0)); // NaN fails both tests: below
    const inside = v128.and(gt(x, c64(-39)), f64x2.le(x, c64(9)));
    return sel(inside, sel(tinyIn, tiny, y), sel(f64x2.ne(x, x), x, far));
  }
  /**
   * gelu' = Φ + x·φ in double-double (Φ brought to φ's power of two), rounded once, times g; within
   * 1/8 of its zero x₀, d·R(d) with d = x − x₀ (the zero a triple-double). 1 above 9, −0 below −39.
   */
  @inline d(x: v128, g: v128, a: v128, b: v128): v128 {
    const xc = inRange(x);
    const ch = cdfScaled(xc), cl = cdfLo, ce = cdfK;
    const ph = pdfScaled(xc, 0), pl = pdfScaled(xc, 1), pe = pdfScaled(xc, 2);
    const mh = M.mulC(xc, ph, pl), ml = M.mulC(xc, ph, pl, 1);
    const s = M.pow2(i64x2.sub(ce, pe)); // the two exponents differ by at most 60
    const sh = M.addDD(M.mul(ch, s), M.mul(cl, s), mh, ml), sl = M.addDD(M.mul(ch, s), M.mul(cl, s), mh, ml, 1);
    const far = M.scale(M.mul(M.add(sh, sl), g), pe);
    // near the zero: d = x − x₀ as a double-double (exact: Sterbenz)
    const d0 = M.sub(xc, c64(GELU_GRAD_ZERO_0));
    const z = f64x2.eq(d0, c64(0));
    const dh = sel(z, c64(-GELU_GRAD_ZERO_1), d0), dl = sel(z, c64(-GELU_GRAD_ZERO_2), c64(-GELU_GRAD_ZERO_1));
    const near = f64x2.le(f64x2.abs(d0), c64(0.125));
    let y = far;
    if (v128.any_true(near)) {
      const rh = geluGradRootPoly(dh, dl), rl = lo;
      y = sel(near, M.mul(M.add(M.mulDD(dh, dl, rh, rl), M.mulDD(dh, dl, rh, rl, 1)), g), far);
    }
    const inside = v128.and(gt(x, c64(-39)), f64x2.le(x, c64(9)));
    return sel(inside, y, sel(f64x2.ne(x, x), x, M.mul(g, sel(gt(x, c64(9)), c64(1), c64(-0.0)))));
  }
}

export function geluF64(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map<Gelu>(dst, src, n, a, b); }
export function geluF64Grad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad<Gelu>(dst, x, g, n, a, b); }
