/** softmax and softmin (softmax of −x through a sign flip) of float64 rows, forward and backward. */
import * as M from '../float64/math';
import { c64, select as sel } from '../float64/math';
import {
  add2, countInf64, ddLo, div2, expDiff, expShift, fill64, flipD, flipMask, gExact, iota, lane0, lanes2, loadD,
  rowArgmax64, rowMax64, storeD,
} from './common64';

/** Below this e^(x − m) (scaled) the quotient's correction would work on subnormal products: e/Σ is then rounded from e alone. */
const TINY: f64 = 1.0715086071862673e-301; // 2^-998

/**
 * e^(v − m) as a double-double scaled to its value: hi (part 0) and lo (part 1), a subnormal hi
 * rounded once.
 */
@inline function expScaled(v: v128, mv: v128, part: i32, accurate: bool = false): v128 {
  return M.scale(expShift(v, mv, part, accurate), expShift(v, mv, 2));
}

/**
 * (eh + el)/(sh + sl) from the reciprocal inv = 1/sh: q = eh·inv and its correction from the exact
 * residual eh − q·sh (Sterbenz and prodErr), part 0 the quotient q, part 1 the correction.
 */
@inline function quotient(eh: v128, el: v128, sh: v128, sl: v128, inv: v128, part: i32): v128 {
  const q = M.mul(eh, inv);
  if (part == 0) return q;
  const p = M.mul(q, sh);
  const r = M.sub(M.sub(eh, p), M.prodErr(q, sh, p));
  return v128.andnot(M.mul(M.sub(M.add(r, el), M.mul(q, sl)), inv), f64x2.lt(eh, c64(TINY)));
}

/**
 * (eh + el)/(sh + sl), given inv = 1/sh: the rounded q = eh/sh (part 0) and its first-order
 * correction (el − q·sl)·inv (part 1), so that their sum is within 0.5 ULP of the exact quotient
 * (q's rounding) plus ~2^-100 (M.divFast's reasoning).
 */
@inline function quotientFast(eh: v128, el: v128, sh: v128, sl: v128, inv: v128, part: i32): v128 {
  const q = M.div(eh, sh);
  if (part == 0) return q;
  return v128.andnot(M.mul(M.sub(el, M.mul(q, sl)), inv), f64x2.lt(eh, c64(TINY)));
}

/**
 * softmax (flip = 0) or softmin (flip = 1) of `rows` rows of n float64 at src → dst: e^(x − m)
 * as double-doubles to 2^-56 (hi kept in dst, lo in scratch, n float64), their sum in double-double,
 * then each quotient rounded, corrected to first order and rounded again (≤ 1 ULP plus 2^-56).
 */
export function rowSoftmaxF64(dst: usize, src: usize, rows: i32, n: i32, scratch: usize, flip: i32): void {
  const fl = flip != 0;
  const f = flipMask(fl);
  const n2 = n & ~1;
  const rowBytes = <usize>n << 3;
  for (let r = 0; r < rows; r++, src += rowBytes, dst += rowBytes) {
    const m = rowMax64(src, n, f);
    if (m != m || m == -Infinity) { fill64(dst, n, NaN); continue; } // NaN, or 0/0
    if (m == Infinity) { // +∞ entries share the mass equally
      const share = 1.0 / <f64>countInf64(src, n, fl);
      for (let i = 0; i < n; i++) storeD(dst, i, flipD(loadD(src, i), fl) == Infinity ? share : 0);
      continue;
    }
    const mv = c64(m);
    let sh = c64(0), sl = c64(0);
    for (let i = 0; i < n2; i += 2) {
      const o = <usize>i << 3;
      const v = v128.xor(v128.load(src + o), f);
      const eh = expScaled(v, mv, 0), el = expScaled(v, mv, 1);
      v128.store(dst + o, eh);
      v128.store(scratch + o, el);
      const s = M.add(sh, eh);
      sl = M.add(sl, M.add(M.sumErr(sh, eh, s), el));
      sh = s;
    }
    if (n & 1) {
      const o = <usize>n2 << 3;
      const v = v128.xor(v128.load64_splat(src + o), f);
      const eh = v128.and(expScaled(v, mv, 0), lane0()), el = v128.and(expScaled(v, mv, 1), lane0());
      v128.store64_lane(dst + o, eh, 0);
      v128.store64_lane(scratch + o, el, 0);
      const s = M.add(sh, eh);
      sl = M.add(sl, M.add(M.sumErr(sh, eh, s), el));
      sh = s;
    }
    const th = lanes2(sh, sl);
    const sv = c64(th), slv = c64(ddLo), inv = c64(1 / th);
    for (let i = 0; i < n2; i += 2) {
      const o = <usize>i << 3;
      const eh = v128.load(dst + o), el = v128.load(scratch + o);
      v128.store(dst + o, M.add(quotientFast(eh, el, sv, slv, inv, 0), quotientFast(eh, el, sv, slv, inv, 1)));
    }
    if (n & 1) {
      const o = <usize>n2 << 3;
      const eh = v128.load64_splat(dst + o), el = v128.load64_splat(scratch + o);
      v128.store64_lane(dst + o, M.add(quotientFast(eh, el, sv, slv, inv, 0), quotientFast(eh, el, sv, slv, inv, 1)), 0);
    }
  }
}

// ---- backward ----


/** The VJP of one row in plain float64, as the JS lane, for rows whose g is too large (or not finite) for exact products. */
function softmaxGradPlain(dst: usize, x: usize, g: usize, n: i32, fl: bool, m: f64, k: i32): void {
  const gk = loadD(g, k);
  let sum: f64 = 0, dot: f64 = 0;
  for (let j = 0; j < n; j++) {
    const e = expDiff(flipD(loadD(x, j), fl), m);
    sum += e;
    if (j != k) dot += e * (loadD(g, j) - gk);
  }
  dot /= sum;
  const sign: f64 = fl ? -1 : 1;
  for (let i = 0; i < n; i++) storeD(dst, i, sign * (expDiff(flipD(loadD(x, i), fl), m) / sum) * ((loadD(g, i) - gk) - dot));
}

/**
 * A pair's terms of the softmax VJP's first pass, lanes outside `live` 0: e^(v − m) (the accurate
 * exponential) scaled to its value, hi (part 0) and lo (1), and eⱼ·(gⱼ − g_k) exactly as a
 * double-double, hi (2) and lo (3), 0 at the argmax k.
 */
@inline function gradTerm(v: v128, gv: v128, mv: v128, ngk: v128, idx: v128, kv: v128, live: v128, part: i32): v128 {
  const eh = v128.and(expScaled(v, mv, 0, true), live);
  if (part == 0) return eh;
  const el = v128.and(expScaled(v, mv, 1, true), live);
  if (part == 1) return el;
  const th = M.add(gv, ngk);
  const notK = v128.andnot(live, f64x2.eq(idx, kv));
  if (part == 2) return v128.and(M.mul(eh, th), notK);
  const tl = M.sumErr(gv, ngk, th);
  return v128.and(M.add(M.prodErr(eh, th, M.mul(eh, th)), M.add(M.mul(eh, tl), M.mul(el, th))), notK);
}

/** ±s·((g − g_k) − D) rounded once, s = (eh + el)/Σ and every step a double-double. */
@inline function gradOut(eh: v128, el: v128, gv: v128, ngk: v128, ndh: v128, ndl: v128, sv: v128, slv: v128, inv: v128, sign: v128): v128 {
  const qh = quotient(eh, el, sv, slv, inv, 0), ql = quotient(eh, el, sv, slv, inv, 1); // s
  const th = M.add(gv, ngk);
  const tl = M.sumErr(gv, ngk, th);
  const uh = M.addDD(th, tl, ndh, ndl), ul = M.addDD(th, tl, ndh, ndl, 1); // (g − g_k) − D
  const p = M.mul(qh, uh);
  return M.mul(M.add(p, M.add(M.prodErr(qh, uh, p), M.add(M.mul(qh, ul), M.mul(ql, uh)))), sign);
}

/**
 * VJP of softmax (flip = 0) or softmin (flip = 1), rows of n float64: ±s ⊙ ((g − g_k) − D),
 * D = Σ_{j≠k} sⱼ(gⱼ − g_k), k the argmax, as the JS lane; here s, g − g_k, D and the product are
 * double-doubles and each entry is rounded once. g − g_k and D can cancel, which magnifies the
 * error of the exponentials: they are the accurate ones (M.expAcc, 2^-59). A row with +∞ (−∞ for softmin) gives 0·g; NaN or
 * all −∞ gives NaN; a row with |g| ≥ 2^960 or a non-finite g runs the plain float64 formula.
 */
export function rowSoftmaxF64Grad(dst: usize, x: usize, g: usize, rows: i32, n: i32, scratch: usize, flip: i32): void {
  const fl = flip != 0;
  const f = flipMask(fl);
  const n2 = n & ~1;
  const rowBytes = <usize>n << 3;
  for (let r = 0; r < rows; r++, x += rowBytes, g += rowBytes, dst += rowBytes) {
    const m = rowMax64(x, n, f);
    if (m != m || m == -Infinity) { fill64(dst, n, NaN); continue; }
    if (m == Infinity) {
      for (let i = 0; i < n; i++) storeD(dst, i, 0 * loadD(g, i));
      continue;
    }
    const k = rowArgmax64(x, n, m, f);
    if (!gExact(g, n)) { softmaxGradPlain(dst, x, g, n, fl, m, k); continue; }
    const gkv = c64(loadD(g, k));
    const ngk = f64x2.neg(gkv);
    const kv = c64(<f64>k);
    const mv = c64(m);
    let sh = c64(0), sl = c64(0), dh = c64(0), dl = c64(0);
    let idx = iota(0);
    const all = i64x2.splat(-1);
    for (let i = 0; i < n2; i += 2, idx = M.add(idx, c64(2))) {
      const o = <usize>i << 3;
      const v = v128.xor(v128.load(x + o), f), gv = v128.load(g + o);
      const eh = gradTerm(v, gv, mv, ngk, idx, kv, all, 0), el = gradTerm(v, gv, mv, ngk, idx, kv, all, 1);
      const p = gradTerm(v, gv, mv, ngk, idx, kv, all, 2), pl = gradTerm(v, gv, mv, ngk, idx, kv, all, 3);
      v128.store(dst + o, eh);
      v128.store(scratch + o, el);
      const s = M.add(sh, eh);
      sl = M.add(sl, M.add(M.sumErr(sh, eh, s), el));
      sh = s;
      const t = M.add(dh, p);
      dl = M.add(dl, M.add(M.sumErr(dh, p, t), pl));
      dh = t;
    }
    if (n & 1) {
      const o = <usize>n2 << 3;
      const v = v128.xor(v128.load64_splat(x + o), f), gv = v128.load64_splat(g + o);
      const eh = gradTerm(v, gv, mv, ngk, idx, kv, lane0(), 0), el = gradTerm(v, gv, mv, ngk, idx, kv, lane0(), 1);
      const p = gradTerm(v, gv, mv, ngk, idx, kv, lane0(), 2), pl = gradTerm(v, gv, mv, ngk, idx, kv, lane0(), 3);
      v128.store64_lane(dst + o, eh, 0);
      v128.store64_lane(scratch + o, el, 0);
      const s = M.add(sh, eh);
      sl = M.add(sl, M.add(M.sumErr(sh, eh, s), el));
      sh = s;
      const t = M.add(dh, p);
      dl = M.add(dl, M.add(M.sumErr(dh, p, t), pl));
      dh = t;
    }
    const sumH = lanes2(sh, sl);
    const sumL = ddLo;
    const dotH = lanes2(dh, dl);
    const dH = div2(dotH, ddLo, sumH, sumL); // D = dot/Σ
    const ndh = c64(-dH), ndl = c64(-ddLo);
    const sv = c64(sumH), slv = c64(sumL), inv = c64(1 / sumH);
    const sign = c64(fl ? -1 : 1);
    for (let i = 0; i < n2; i += 2) {
      const o = <usize>i << 3;
      v128.store(dst + o, gradOut(v128.load(dst + o), v128.load(scratch + o), v128.load(g + o), ngk, ndh, ndl, sv, slv, inv, sign));
    }
    if (n & 1) {
      const o = <usize>n2 << 3;
      v128.store64_lane(dst + o, gradOut(v128.load64_splat(dst + o), v128.load64_splat(scratch + o), v128.load64_splat(g + o), ngk, ndh, ndl, sv, slv, inv, sign), 0);
    }
  }
}
