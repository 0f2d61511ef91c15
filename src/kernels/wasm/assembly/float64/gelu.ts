import * as M from './math';
import { c64, select as sel } from './math';
import { grad, gt, lt } from './drivers';
import {
  erfSmallPoly, erfcMid0, erfcMid1, erfcMid2, erfcMid3, erfcTailPoly, geluGradRootPoly, GELU_GRAD_ZERO_0, GELU_GRAD_ZERO_1,
  GELU_GRAD_ZERO_2, INV_SQRT2PI_HI, INV_SQRT2PI_LO, MID0_CENTER, MID1_CENTER, MID1_LO, MID2_CENTER, MID2_LO, MID3_CENTER,
  MID3_LO, SQRT1_2_HI, SQRT1_2_LO,
} from './erf.generated';
import { geluD, geluF, GELU_C, GELU_ZM, LN_K_HI, LN_K_LO, LN_KD_HI, LN_KD_LO } from './gelu64.generated';

// The float64 exact GELU on two lanes. The forward (Gelu.core) has one formula for |x| ≤ 8.5, in
// z = |x|: w = z·Φ(−z) = z/(z + C)·e^t, t = −z²/2 + ln K + D(z) (gelu64.generated.ts), and gelu =
// x − w from 0 up, −w below: no erfc pieces, no double-double u. The backward: Φ(x) = erfc(u)/2, u =
// −x/√2 a double-double, erfc by the pieces of erf.generated.ts (erf(u)/u below |u| = 0.75, four
// pieces of erfc(a)·e^(a²) up to 4.5, a series in 1/a² beyond), each piece evaluated only when a
// lane of the vector needs it, every piece within about 2^-56; e^(−a²) of the exact a² (M.expFastL,
// 2^-56.5, shared with φ); products and sums in double-double, rounded once, powers of two last.

// SQRT1_2_HI split into halves of 26 bits (Veltkamp) for the exact product x·SQRT1_2_HI.
const SQRT1_2_H: f64 = 0.7071067839860916;
const SQRT1_2_L: f64 = -2.7995440410322203e-9;

// Second results of cdfScaled (its branches keep the optimizer from merging calls per part).
let cdfLo: v128 = i64x2(0, 0);
let cdfK: v128 = i64x2(0, 0);
let expLo: v128 = i64x2(0, 0);
let expK: v128 = i64x2(0, 0);
let expHi: v128 = i64x2(0, 0);

/**
 * Φ(x) = (hi + lo)·2^k for −39 < x ≤ 9: hi returned, lo in cdfLo, k in cdfK; and e^(−x²/2) =
 * (expHi + expLo)·2^expK. u = −x/√2, a = |u|: u ≥ 0.75: erfc(u)/2 (k = e's power − 1); |u| <
 * 0.75: 1/2 − u·S(u²)/2; u ≤ −0.75: 1 − erfc(−u)/2 (k = 0); erfc(a) = e^(−a²)·R(a), R a piece.
 */
@inline function cdfScaled(x: v128): v128 {
  const p = M.mul(x, c64(SQRT1_2_HI));
  const uh = f64x2.neg(p);
  const ul = f64x2.neg(M.add(M.prodErrC(x, SQRT1_2_H, SQRT1_2_L, p), M.mul(x, c64(SQRT1_2_LO))));
  const a = f64x2.abs(uh);
  const neg = lt(uh, c64(0));
  const al = sel(neg, f64x2.neg(ul), ul);
  // a² exactly (it is u², the small piece's argument too), e^(−a²)
  const q = M.mul(a, a);
  const ql = M.add(M.sqErr(a, q), M.mul(M.add(a, a), al));
  const nq = f64x2.neg(M.minC(q, 1400)), nql = f64x2.neg(ql);
  const eh = M.expFastL(nq, nql, true), el = M.expFastL(nq, nql, true, 1), ek = M.expFastL(nq, nql, true, 2);
  expHi = eh; expLo = el; expK = ek;
  const small = lt(a, c64(0.75));
  let h = c64(0), l = c64(0), k = i64x2.splat(0);
  if (!i64x2.all_true(small)) {
    // R(a) = erfc(a)·e^(a²), the piece per lane (the lanes below 0.75 at 0.75: unused)
    const ac = M.maxC(a, 0.75);
    const alc = v128.andnot(al, small);
    const m1 = f64x2.ge(ac, c64(MID1_LO)), m2 = f64x2.ge(ac, c64(MID2_LO)), m3 = f64x2.ge(ac, c64(MID3_LO)), m4 = f64x2.ge(ac, c64(4.5));
    let rh = c64(0), rl = c64(0);
    const p0 = v128.not(v128.or(m1, small));
    if (v128.any_true(p0)) {
      const d = M.sub(ac, c64(MID0_CENTER));
      rh = erfcMid0(d, alc, 0); rl = erfcMid0(d, alc, 1);
    }
    const p1 = v128.andnot(m1, m2), p2 = v128.andnot(m2, m3), p3 = v128.andnot(m3, m4);
    if (v128.any_true(p1)) {
      const d = M.sub(ac, c64(MID1_CENTER));
      rh = sel(p1, erfcMid1(d, alc, 0), rh); rl = sel(p1, erfcMid1(d, alc, 1), rl);
    }
    if (v128.any_true(p2)) {
      const d = M.sub(ac, c64(MID2_CENTER));
      rh = sel(p2, erfcMid2(d, alc, 0), rh); rl = sel(p2, erfcMid2(d, alc, 1), rl);
    }
    if (v128.any_true(p3)) {
      const d = M.sub(ac, c64(MID3_CENTER));
      rh = sel(p3, erfcMid3(d, alc, 0), rh); rl = sel(p3, erfcMid3(d, alc, 1), rl);
    }
    if (v128.any_true(m4)) {
      // 1/a = bh·(1 + e), e = 1 − bh·a exact; t = 1/a² as a double-double; R = T(t)/a
      const at = M.maxC(ac, 4.5);
      const alt = v128.and(alc, m4);
      const bh = M.div(c64(1), at);
      const pb = M.mul(bh, at);
      const bl = M.mul(bh, M.sub(M.sub(M.sub(c64(1), pb), M.prodErr(bh, at, pb)), M.mul(bh, alt)));
      const th = M.mul(bh, bh);
      const tl = M.add(M.sqErr(bh, th), M.mul(M.add(bh, bh), bl));
      const ph = erfcTailPoly(th, tl, 0), pl = erfcTailPoly(th, tl, 1);
      rh = sel(m4, M.mulDD(bh, bl, ph, pl), rh); rl = sel(m4, M.mulDD(bh, bl, ph, pl, 1), rl);
    }
    const ch = M.mulDD(eh, el, rh, rl), cl = M.mulDD(eh, el, rh, rl, 1); // erfc(a)·2^-ek
    // u ≥ 0.75: Φ = erfc(u)/2, at 2^(ek − 1); u ≤ −0.75: Φ = 1 − erfc(−u)·2^(ek − 1) (|u| ≤ 6.4: normal)
    const s = M.mul(M.pow2(i64x2.sub(ek, i64x2.splat(1))), c64(-1));
    const sh = M.mul(ch, s), sl = M.mul(cl, s);
    const oh = M.add(c64(1), sh);
    const ol = M.add(M.fastSumErr(c64(1), sh, oh), sl);
    h = sel(neg, oh, ch);
    l = sel(neg, ol, cl);
    k = v128.andnot(i64x2.sub(ek, i64x2.splat(1)), v128.or(neg, small));
  }
  if (v128.any_true(small)) {
    // Φ = 1/2 − u·S(u²)/2, u² = a²
    const qs = v128.and(q, small), qls = v128.and(ql, small);
    const sh = erfSmallPoly(qs, qls, 0), sl = erfSmallPoly(qs, qls, 1);
    const rh = M.mul(uh, sh);
    const rl = M.add(M.prodErr(uh, sh, rh), M.add(M.mul(uh, sl), M.mul(ul, sh)));
    const hr = M.mul(rh, c64(-0.5));
    const oh = M.add(c64(0.5), hr);
    const ol = M.add(M.fastSumErr(c64(0.5), hr, oh), M.mul(rl, c64(-0.5))); // |u·S/2| ≤ 0.36
    h = sel(small, oh, h);
    l = sel(small, ol, l);
  }
  cdfLo = l;
  cdfK = k;
  return h;
}

/** x within range of cdfScaled (and x·φ, x·Φ exact): (−39, 9]; NaN passes. */
@inline function inRange(x: v128): v128 { return M.maxC(M.minC(x, 9), -38.9); }

/**
 * gelu = x·Φ(x) = x − w (x ≥ 0) or −w (x < 0), w = z·Φ(−z), z = |x|; −0 below x = −39, x above 9
 * (and above 8.5, where w < ulp(x)/18); below 2^-60, x/2 with a subnormal tie broken upward by x²
 * (as exactGelu).
 */
@final class Gelu {
  /**
   * gelu for x = ±0 and 2^-60 ≤ |x| ≤ 8.5 (the lanes beyond: garbage). w = z/(z + C)·e^t, t = −z²/2
   * + ln K + D(z), D = ln((z + C)·m(z)), m Mills' ratio, K = 1/√(2π), C = √(2/π): z² exact
   * (Dekker), ln K + 11/128 a double-double, D − 11/128 (|·| ≤ 0.086) a rational N/M in plain
   * float64 (fit 2^-60, roundings about 2^-55.5 absolute: relative in w), t's sums carried; e^t to
   * 2^-56.5 (M.expPairL); the quotient from double-doubles with its exact residual. So w within
   * about 2^-55; x − w carried (w's error reaches gelu scaled by w/gelu = Φ(−z)/Φ(z) ≤ 1), rounded
   * once. 0.81 ULP measured (mpmath, 380k points over [−39, 9], denser near ±8.5, 0 and the
   * subnormal edge; 0.66 on the fixtures).
   */
  @inline core(x: v128): v128 {
    const z = M.minC(f64x2.abs(x), GELU_ZM);
    const q = M.mul(z, z), ql = M.sqErr(z, q);
    const dv = geluD(z, q);
    // t = −z²/2 + ln K + D as a double-double (|ln K + D0| > |D − D0|)
    const a1 = M.add(c64(LN_KD_HI), dv);
    const hq = M.mul(q, c64(-0.5));
    const th = M.add(hq, a1);
    const tl = M.add(M.add(M.sumErr(hq, a1, th), M.fastSumErr(c64(LN_KD_HI), dv, a1)), M.add(M.mul(ql, c64(-0.5)), c64(LN_KD_LO)));
    const eh = M.expPairL(th, tl), el = M.expPairL(th, tl, 1), s = M.expPairL(th, tl, 2);
    // w = z·e/(z + C): numerator and denominator double-doubles, the quotient with its exact residual
    const nh = M.mul(z, eh);
    const nl = M.add(M.prodErr(z, eh, nh), M.mul(z, el));
    const dh = M.add(z, c64(GELU_C));
    const dl = M.sumErr(z, c64(GELU_C), dh);
    const qh = M.div(nh, dh);
    const pq = M.mul(qh, dh);
    const qc = M.div(M.sub(M.add(M.sub(M.sub(nh, pq), M.prodErr(qh, dh, pq)), nl), M.mul(qh, dl)), dh);
    const wh = M.mul(qh, s), wl = M.mul(qc, s);
    const dd = M.sub(x, wh);
    const yp = M.add(dd, M.sub(M.fastSumErr(x, f64x2.neg(wh), dd), wl));
    return sel(f64x2.ge(x, c64(0)), yp, f64x2.neg(M.add(wh, wl))); // ±0: yp is x
  }
  /**
   * gelu for |x| > 8.5: x above; below, −e^t, t = −z²/2 + ln K + F(1/z²), F = ln(z·m(z)) (|F| <
   * 0.014: its roundings 2^-58), scaled last (subnormal from −37.5: rounded twice, as M.scale).
   */
  @inline big(x: v128): v128 {
    const zf = M.minC(f64x2.abs(x), 38.9);
    const qf = M.mul(zf, zf), qfl = M.sqErr(zf, qf);
    const fv = geluF(M.div(c64(1), qf));
    const b1 = M.add(c64(LN_K_HI), fv);
    const hf = M.mul(qf, c64(-0.5));
    const fh = M.add(hf, b1);
    const fl = M.add(M.add(M.sumErr(hf, b1, fh), M.fastSumErr(c64(LN_K_HI), fv, b1)), M.add(M.mul(qfl, c64(-0.5)), c64(LN_K_LO)));
    const gh = M.expFastL(fh, fl, true), gl = M.expFastL(fh, fl, true, 1), gk = M.expFastL(fh, fl, true, 2);
    return sel(gt(x, c64(0)), x, M.scale(f64x2.neg(M.add(gh, gl)), gk));
  }
  /** The rare lanes: |x| < 2^-60 (x/2, a subnormal tie broken upward by x²), x > 9, x ≤ −39, NaN. */
  @inline finish(x: v128, y: v128): v128 {
    const tinyIn = lt(f64x2.abs(x), c64(8.673617379884035e-19)); // 2^-60
    const half = M.mul(x, c64(0.5));
    const up = M.mul(M.add(x, c64(5e-324)), c64(0.5));
    const tiny = sel(f64x2.eq(M.add(half, half), x), half, sel(f64x2.eq(x, c64(-5e-324)), c64(-0.0), up));
    const far = sel(gt(x, c64(9)), x, c64(-0.0)); // NaN fails both tests: below
    const inside = v128.and(gt(x, c64(-39)), f64x2.le(x, c64(9)));
    return sel(inside, sel(tinyIn, tiny, y), sel(f64x2.ne(x, x), x, far));
  }
  @inline f(x: v128, a: v128, b: v128): v128 {
    return this.finish(x, sel(gt(f64x2.abs(x), c64(GELU_ZM)), this.big(x), this.core(x)));
  }
  /**
   * gelu' = Φ + x·φ in double-double, φ = e^(−x²/2)/√(2π) from cdfScaled's exponential (Φ brought
   * to φ's power of two), rounded once, times g: Φ and x·φ cancel by up to 5 outside the window
   * below, so the terms' 2^-55.5 reach 1.1 ULP there; within 1/8 of its zero x₀, d·R(d) with
   * d = x − x₀ (the zero a triple-double). 1 above 9, −0 below −39.
   */
  @inline d(x: v128, g: v128, a: v128, b: v128): v128 {
    const xc = inRange(x);
    const ch = cdfScaled(xc), cl = cdfLo, ce = cdfK;
    const eh = expHi, el = expLo, pe = expK;
    const xh = M.mulC(xc, eh, el), xl = M.mulC(xc, eh, el, 1);
    const mh = M.mulDD(xh, xl, c64(INV_SQRT2PI_HI), c64(INV_SQRT2PI_LO)), ml = M.mulDD(xh, xl, c64(INV_SQRT2PI_HI), c64(INV_SQRT2PI_LO), 1);
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
      const rh = geluGradRootPoly(dh, dl, 0), rl = geluGradRootPoly(dh, dl, 1);
      y = sel(near, M.mul(M.add(M.mulDD(dh, dl, rh, rl), M.mulDD(dh, dl, rh, rl, 1)), g), far);
    }
    const inside = v128.and(gt(x, c64(-39)), f64x2.le(x, c64(9)));
    return sel(inside, y, sel(f64x2.ne(x, x), x, M.mul(g, sel(gt(x, c64(9)), c64(1), c64(-0.0)))));
  }
}

/**
 * The forward over n float64, four per iteration: by core alone (the two vectors' steps
 * interleave, with no branch or rare-lane selects between them) unless one of the four is beyond
 * |x| = 8.5, NaN, or nonzero below 2^-60; the last one to three by f.
 */
export function geluF64(dst: usize, src: usize, n: i32, a: f64, b: f64): void {
  const k = changetype<Gelu>(0);
  const end4 = src + (<usize>(n & ~3) << 3);
  let s = src, d = dst;
  for (; s < end4; s += 32, d += 32) {
    const x0 = v128.load(s), x1 = v128.load(s, 16);
    const a0 = f64x2.abs(x0), a1 = f64x2.abs(x1);
    // core alone where every |x| is 0 or in [2^-60, 8.5] (NaN fails)
    const ok0 = v128.and(f64x2.le(a0, c64(GELU_ZM)), v128.or(f64x2.ge(a0, c64(8.673617379884035e-19)), f64x2.eq(a0, c64(0))));
    const ok1 = v128.and(f64x2.le(a1, c64(GELU_ZM)), v128.or(f64x2.ge(a1, c64(8.673617379884035e-19)), f64x2.eq(a1, c64(0))));
    if (i64x2.all_true(v128.and(ok0, ok1))) {
      const y0 = k.core(x0);
      const y1 = k.core(x1);
      v128.store(d, y0);
      v128.store(d, y1, 16);
    } else {
      v128.store(d, k.f(x0, x0, x0));
      v128.store(d, k.f(x1, x1, x1), 16);
    }
  }
  if (n & 2) {
    v128.store(d, k.f(v128.load(s), c64(0), c64(0)));
    s += 16;
    d += 16;
  }
  if (n & 1) v128.store64_lane(d, k.f(v128.load64_zero(s), c64(0), c64(0)), 0);
}
export function geluF64Grad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad<Gelu>(dst, x, g, n, a, b); }
