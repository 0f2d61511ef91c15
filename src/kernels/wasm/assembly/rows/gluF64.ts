/** glu of float64 rows (a·σ(b), a the first half, b the second), forward and backward. */
import * as M from '../float64/math';
import { c64, select as sel } from '../float64/math';

/** Below this, e^b underflows float64 to 0 (as Math.exp): σ(b) (and σ'(b) for |b| beyond it) is exactly 0 in the JS lane. */
const UNDERFLOW: f64 = -745.1332191019412;
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
 * y, the lanes of a·σ(b) for b ≥ −700, completed below: a·e^b with 2^k applied last, and 0·a below
 * UNDERFLOW (NaN for an infinite a), as the JS lane (the careful blocks only: rare).
 */
@inline function withFarLanes(a: v128, b: v128, y: v128): v128 {
  const far = f64x2.lt(b, c64(-700));
  const t = M.maxC(M.negAbs(b), -1400); // b where it matters
  const e = M.add(M.expFast(t), M.expFast(t, 1));
  return sel(f64x2.lt(b, c64(UNDERFLOW)), M.mul(a, c64(0)), sel(far, scaledProduct(M.mul(a, e), M.expFast(t, 2), e, a), y));
}

/** glu's forward a·σ(b) = a/(1 + e^−b) for two float64 lanes, a an exact numerator: 1.25 ULP (M.divOnePlusExp). */
@inline function gluOf(a: v128, b: v128, careful: bool): v128 {
  const y = M.divOnePlusExp(a, b);
  return careful ? withFarLanes(a, b, y) : y;
}

/**
 * x's high 26 significant bits, truncated (the low 27 bits of the fraction cleared: one operation,
 * no overflow at any x, |hi| ≤ |x|): x − hi is exact (27 bits), and so are hi·hi and hi·lo of two
 * such splits (52 and 53 bits); lo·lo (54 bits) rounds by 2^-103 of the product.
 */
@inline function trunc26(x: v128): v128 { return v128.and(x, i64x2.splat(0xfffffffff8000000)); }

/**
 * p − a·b for p = a·b rounded, from the splits a = ah + al, b = bh + bl (trunc26; shared between
 * products): p − ah·bh is exact (Sterbenz), the cross terms below 2^-24 of p add roundings below
 * 2^-77 of p. Needs ah·bh finite and the products normal (else they round: subnormal results).
 */
@inline function negErr(ah: v128, al: v128, bh: v128, bl: v128, p: v128): v128 {
  return M.sub(M.sub(M.sub(M.sub(p, M.mul(ah, bh)), M.mul(ah, bl)), M.mul(al, bh)), M.mul(al, bl));
}

/**
 * g·σ(b) from e = e^−|b|, the exponential of the backward's σ'(b) (gH, gL: g's split): σ = q + c
 * within 0.5 ULP of q plus 2^-55 (M.sigmoidNear: q's rounding, e's error), g·q exact (the splits'
 * products) and g·(q + c) rounded once: 0.5 + 1 + 0.25 ULP at worst (q's rounding counts up to 1 ULP
 * of the result where q's significand is small and g·q's large); 1.42 measured. The low part is
 * subtracted and masked to +0 where g·q is ±0 or ±∞ (g infinite), so that those are the result,
 * their signs kept. ∂a.
 */
@inline function timesSigmoid(g: v128, gH: v128, gL: v128, b: v128, careful: bool): v128 {
  const q = M.sigmoidNear(b, 1);
  const mh = M.mul(g, q);
  const qH = trunc26(q);
  const lo = M.sub(negErr(gH, gL, qH, M.sub(q, qH), mh), M.mul(g, M.sigmoidNear(b, 2))); // −(g·q − mh + g·c)
  const am = f64x2.abs(mh);
  const use = v128.and(f64x2.gt(am, c64(0)), f64x2.lt(am, c64(Infinity)));
  const y = M.sub(mh, v128.and(lo, use));
  return careful ? withFarLanes(g, b, y) : y;
}

/** Elements per block: each block is scanned for rare lanes first, so that the main loops have no branch. */
const BLOCK: i32 = 16;

/** Whether any of the n (a multiple of 2) float64 at p is below −700 (`abs`: |·| above 700). */
@inline function anyFar(p: usize, n: i32, abs: bool): bool {
  let r = i64x2.splat(0);
  const end = p + (<usize>n << 3);
  for (let q = p; q < end; q += 16) {
    const b = v128.load(q);
    r = v128.or(r, f64x2.lt(abs ? M.negAbs(b) : b, c64(-700)));
  }
  return v128.any_true(r);
}

/** Two vectors of glu's forward at element offset o (bytes). */
@inline function gluStep(dst: usize, src: usize, half: usize, o: usize, careful: bool): void {
  const y0 = gluOf(v128.load(src + o), v128.load(src + half + o), careful);
  const y1 = gluOf(v128.load(src + o, 16), v128.load(src + half + o, 16), careful);
  v128.store(dst + o, y0);
  v128.store(dst + o, y1, 16);
}

/**
 * glu of `rows` rows of 2h float64 → rows of h, each output rounded once from a/(1 + e^−b);
 * two vectors per iteration (two independent chains through the exponential and the division),
 * in blocks of 16 that take the careful path (b below −700) only where a lane needs it.
 */
export function rowGluF64(dst: usize, src: usize, rows: i32, h: i32): void {
  const h2 = h & ~1, h4 = h & ~3;
  const half = <usize>h << 3;
  for (let r = 0; r < rows; r++, src += half << 1, dst += half) {
    for (let i0 = 0; i0 < h4; i0 += BLOCK) {
      const i1 = min(i0 + BLOCK, h4);
      if (anyFar(src + half + (<usize>i0 << 3), i1 - i0, false)) {
        for (let i = i0; i < i1; i += 4) gluStep(dst, src, half, <usize>i << 3, true);
      } else {
        for (let i = i0; i < i1; i += 4) gluStep(dst, src, half, <usize>i << 3, false);
      }
    }
    if (h2 > h4) {
      const o = <usize>h4 << 3;
      v128.store(dst + o, gluOf(v128.load(src + o), v128.load(src + half + o), true));
    }
    if (h & 1) {
      const o = <usize>h2 << 3;
      v128.store64_lane(dst + o, gluOf(v128.load64_splat(src + o), v128.load64_splat(src + half + o), true), 0);
    }
  }
}

// ---- backward ----

/**
 * ∂b = a·σ'(b)·g for two lanes: σ' = e/(1 + e)² = q + c within 0.5 ULP of q (e = e^−|b|; (1 + e)²
 * = d2 + d2l from d's split, dH² exact and the cross terms rounded by 2^-77, normalized; q the
 * rounded quotient and c = (el − q·d2l)/d² its first-order correction, as M.divFast's, with 1/d² =
 * r², r the 1/(1 + e) that ∂a's quotient computes anyway), a·(q + c)·g as a double-double rounded
 * once: a·q and (a·q)·g with their exact errors from the splits (trunc26, g's shared with ∂a), so
 * 0.5 + 1 (q's rounding) + 0.25 (e's 2^-55, which σ' takes at most once) ULP at worst, at any |a|
 * and |g|; 1.39 measured. Where (a·q)·g is ±0 or the product of its high parts is not finite (a or
 * g infinite or NaN, or a·q·g beyond the largest float64: the high parts are truncated, so their
 * products never exceed the exact ones), (a·q)·g alone, as the JS lane. Below −|b| =
 * −700, a·e^−|b|·g with 2^k last; 0·g where σ'(b) is 0 in the JS lane (|b| > 745.13). Where a·q
 * is subnormal the result may lose its low bits (as the JS lane's a·σ'·g).
 */
@inline function dB(a: v128, b: v128, g: v128, gH: v128, gL: v128, careful: bool): v128 {
  const tn = M.negAbs(b); // as in M.sigmoidNear, so that ∂a's σ and this share one exponential
  const dh = M.onePlusExp(tn, 2), dl = M.onePlusExp(tn, 3);
  const dH = trunc26(dh), dL = M.add(M.sub(dh, dH), dl); // dH² exact (26 bits)
  const sp = M.mul(dH, dH), sl = M.mul(dL, M.add(M.add(dH, dH), dL));
  const d2 = M.add(sp, sl), d2l = M.fastSumErr(sp, sl, d2);
  const q = M.div(M.onePlusExp(tn), d2);
  const r = M.div(c64(1), dh); // shared with M.sigmoidNear's divFast; r² errs by 2^-51, c by 2^-100 of σ'
  const c = M.mul(M.sub(M.onePlusExp(tn, 1), M.mul(q, d2l)), M.mul(r, r));
  const ph = M.mul(a, q);
  const aH = trunc26(a), qH = trunc26(q);
  const npl = M.sub(negErr(aH, M.sub(a, aH), qH, M.sub(q, qH), ph), M.mul(a, c)); // −(a·(q + c) − ph)
  const yh = M.mul(ph, g);
  const pH = trunc26(ph);
  const lo = M.add(negErr(pH, M.sub(ph, pH), gH, gL, yh), M.mul(npl, g)); // −(the rest of g·(ph + pl))
  const use = v128.and(f64x2.gt(f64x2.abs(yh), c64(0)), f64x2.lt(f64x2.abs(M.mul(pH, gH)), c64(Infinity))); // pH·gH (negErr's) finite: exact
  const near = M.sub(yh, v128.and(lo, use));
  if (!careful) return near;
  const farL = f64x2.lt(tn, c64(-700));
  const t = M.maxC(tn, -1400);
  const e = M.add(M.expFast(t), M.expFast(t, 1));
  const k = M.expFast(t, 2);
  const pg = M.mul(M.mul(a, e), g);
  const far = sel(f64x2.lt(f64x2.abs(pg), c64(1.0715086071862673e301)), M.scale(pg, k), M.mul(M.mul(M.scale(e, k), a), g)); // past 2^1000: 2^k first
  return sel(f64x2.lt(M.negAbs(b), c64(UNDERFLOW)), M.mul(g, c64(0)), sel(farL, far, near));
}

/** Two vectors of the VJP at element offset o (bytes): all read before dst (which may be x) is written. */
@inline function gradStep(dst: usize, x: usize, g: usize, half: usize, o: usize, careful: bool): void {
  const a0 = v128.load(x + o), b0 = v128.load(x + half + o), g0 = v128.load(g + o);
  const a1 = v128.load(x + o, 16), b1 = v128.load(x + half + o, 16), g1 = v128.load(g + o, 16);
  const gH0 = trunc26(g0), gL0 = M.sub(g0, gH0), gH1 = trunc26(g1), gL1 = M.sub(g1, gH1);
  const da0 = timesSigmoid(g0, gH0, gL0, b0, careful), db0 = dB(a0, b0, g0, gH0, gL0, careful);
  const da1 = timesSigmoid(g1, gH1, gL1, b1, careful), db1 = dB(a1, b1, g1, gH1, gL1, careful);
  v128.store(dst + o, da0);
  v128.store(dst + o, da1, 16);
  v128.store(dst + half + o, db0);
  v128.store(dst + half + o, db1, 16);
}

/**
 * VJP of glu, x rows of 2h float64, g rows of h → rows of 2h: ∂a = σ(b)·g, ∂b = a·σ'(b)·g; in
 * blocks of 16 that take the careful path (|b| above 700) only where a lane needs it.
 */
export function rowGluF64Grad(dst: usize, x: usize, g: usize, rows: i32, h: i32): void {
  const h2 = h & ~1, h4 = h & ~3;
  const half = <usize>h << 3;
  for (let r = 0; r < rows; r++, x += half << 1, g += half, dst += half << 1) {
    for (let i0 = 0; i0 < h4; i0 += BLOCK) {
      const i1 = min(i0 + BLOCK, h4);
      if (anyFar(x + half + (<usize>i0 << 3), i1 - i0, true)) {
        for (let i = i0; i < i1; i += 4) gradStep(dst, x, g, half, <usize>i << 3, true);
      } else {
        for (let i = i0; i < i1; i += 4) gradStep(dst, x, g, half, <usize>i << 3, false);
      }
    }
    if (h2 > h4) {
      const o = <usize>h4 << 3;
      const a = v128.load(x + o), b = v128.load(x + half + o), gv = v128.load(g + o);
      const gH = trunc26(gv), gL = M.sub(gv, gH);
      const da = timesSigmoid(gv, gH, gL, b, true), db = dB(a, b, gv, gH, gL, true);
      v128.store(dst + o, da);
      v128.store(dst + half + o, db);
    }
    if (h & 1) {
      const o = <usize>h2 << 3;
      const a = v128.load64_splat(x + o), b = v128.load64_splat(x + half + o), gv = v128.load64_splat(g + o);
      const gH = trunc26(gv), gL = M.sub(gv, gH);
      const da = timesSigmoid(gv, gH, gL, b, true), db = dB(a, b, gv, gH, gL, true); // both read before dst is written (dst may be x)
      v128.store64_lane(dst + o, da, 0);
      v128.store64_lane(dst + half + o, db, 0);
    }
  }
}
