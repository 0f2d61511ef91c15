/** logSoftmax of float64 rows, forward and backward. */
import * as M from '../float64/math';
import { c64, select as sel } from '../float64/math';
import {
  add2, countInf64, ddLo, div2, expDiff, expShift, fill64, flipMask, gExact, iota, lane0, lanes2, loadD, log1p2, mul2,
  rowArgmax64, rowMax64, storeD,
} from './common64';

/**
 * A pair's terms of restSum: e^(v − m) where it is at least 2^-1000, hi (part 0) and lo (part 1),
 * scaled to its value; below, hi·2^1000 (part 2); 0 for the argmax k and for lanes outside `live`.
 */
@inline function restTerm(v: v128, mv: v128, idx: v128, kv: v128, live: v128, part: i32): v128 {
  const kk = expShift(v, mv, 2);
  const small = i64x2.lt_s(kk, i64x2.splat(-1000));
  const p = M.pow2(sel(small, i64x2.add(kk, i64x2.splat(1000)), kk)); // normal either way
  const use = v128.andnot(live, f64x2.eq(idx, kv));
  if (part == 2) return v128.and(M.mul(expShift(v, mv), p), v128.and(use, small));
  return v128.and(M.mul(expShift(v, mv, part), p), v128.andnot(use, small));
}

/**
 * r = Σ_{j≠k} e^(xⱼ − m) (k the argmax) as a double-double, summed from `x` (n float64): the
 * terms below 2^-1000 are summed apart, scaled by 2^1000, and added once at the end, so that a
 * subnormal r is exact to its last bit. Also stores each e (hi at `eh`, lo at `el`, scaled to
 * its value) when `keep`. Returns rh, rl in ddLo.
 */
@inline function restSum(x: usize, n: i32, m: f64, k: i32, keep: bool, eh: usize, el: usize): f64 {
  const n2 = n & ~1;
  const mv = c64(m);
  const kv = c64(<f64>k);
  const all = i64x2.splat(-1);
  let rh = c64(0), rl = c64(0), tiny = c64(0);
  let idx = iota(0);
  for (let i = 0; i < n2; i += 2, idx = M.add(idx, c64(2))) {
    const o = <usize>i << 3;
    const v = v128.load(x + o);
    const bh = restTerm(v, mv, idx, kv, all, 0), bl = restTerm(v, mv, idx, kv, all, 1);
    tiny = M.add(tiny, restTerm(v, mv, idx, kv, all, 2));
    const s = M.add(rh, bh);
    rl = M.add(rl, M.add(M.sumErr(rh, bh, s), bl));
    rh = s;
    if (keep) {
      v128.store(eh + o, M.scale(expShift(v, mv), expShift(v, mv, 2)));
      v128.store(el + o, M.scale(expShift(v, mv, 1), expShift(v, mv, 2)));
    }
  }
  if (n & 1) { // the lone last entry, in lane 0
    const o = <usize>n2 << 3;
    const v = v128.load64_splat(x + o);
    const bh = restTerm(v, mv, idx, kv, lane0(), 0), bl = restTerm(v, mv, idx, kv, lane0(), 1);
    tiny = M.add(tiny, restTerm(v, mv, idx, kv, lane0(), 2));
    const s = M.add(rh, bh);
    rl = M.add(rl, M.add(M.sumErr(rh, bh, s), bl));
    rh = s;
    if (keep) {
      v128.store64_lane(eh + o, M.scale(expShift(v, mv), expShift(v, mv, 2)), 0);
      v128.store64_lane(el + o, M.scale(expShift(v, mv, 1), expShift(v, mv, 2)), 0);
    }
  }
  const h = lanes2(rh, rl);
  const l = ddLo;
  const t = (f64x2.extract_lane(tiny, 0) + f64x2.extract_lane(tiny, 1)) * 9.332636185032189e-302; // 2^-1000
  return add2(h, l, t, 0);
}

/** (v − m) − (lh + ll) rounded once, v − m with its rounding error (−∞ stays −∞); nm = −m, nlh = −lh. */
@inline function shifted(v: v128, mv: v128, nm: v128, nlh: v128, ll: v128): v128 {
  const d = M.sub(v, mv);
  const s = M.add(d, nlh);
  const y = M.add(s, M.sub(M.add(M.sumErr(d, nlh, s), M.sumErr(v, nm, d)), ll));
  return sel(f64x2.eq(d, c64(-Infinity)), d, y);
}

/**
 * logSoftmax of `rows` rows of n float64: (x − m) − log1p(r), r = Σ_{j≠k} e^(xⱼ − m) leaving out
 * the argmax k's own term (ties add 1 each), as the JS lane: x − m with its rounding error, r and
 * log1p(r) as double-doubles, each output rounded once. +∞ entries: −log c on the c of them, −∞
 * elsewhere; NaN or all −∞: NaN. The max's 0 is −0 when another entry is finite (its true value is
 * negative).
 */
export function rowLogSoftmaxF64(dst: usize, src: usize, rows: i32, n: i32): void {
  const none = flipMask(false);
  const n2 = n & ~1;
  const rowBytes = <usize>n << 3;
  for (let r = 0; r < rows; r++, src += rowBytes, dst += rowBytes) {
    const m = rowMax64(src, n, none);
    if (m != m || m == -Infinity) { fill64(dst, n, NaN); continue; }
    if (m == Infinity) {
      const y = -(log1p2(<f64>(countInf64(src, n, false) - 1), 0) + ddLo);
      for (let i = 0; i < n; i++) storeD(dst, i, loadD(src, i) == Infinity ? y : -Infinity);
      continue;
    }
    const k = rowArgmax64(src, n, m, none);
    const rh = restSum(src, n, m, k, false, 0, 0);
    const rl = ddLo;
    const lh = log1p2(rh, rl);
    const nlh = c64(-lh), ll = c64(ddLo);
    const mv = c64(m), nm = c64(-m);
    for (let i = 0; i < n2; i += 2) {
      const o = <usize>i << 3;
      v128.store(dst + o, shifted(v128.load(src + o), mv, nm, nlh, ll));
    }
    if (n & 1) {
      const o = <usize>n2 << 3;
      v128.store64_lane(dst + o, shifted(v128.load64_splat(src + o), mv, nm, nlh, ll), 0);
    }
    if (rh == 0 && rl == 0) {
      // Another finite entry makes the max's true value negative even where its e^(x − m) underflowed.
      let othersFinite = false;
      for (let i = 0; i < n; i++) if (i != k && loadD(src, i) > -Infinity) othersFinite = true;
      if (othersFinite) storeD(dst, k, -0.0);
    }
  }
}

// ---- backward ----


/** The VJP of one row in plain float64, as the JS lane, for rows whose g is too large (or not finite) for exact products. */
function logSoftmaxGradPlain(dst: usize, x: usize, g: usize, n: i32, m: f64, k: i32): void {
  let total: f64 = 0;
  for (let j = 0; j < n; j++) total += loadD(g, j);
  let rest: f64 = 0, others: f64 = 0;
  for (let j = 0; j < n; j++) {
    if (j == k) continue;
    rest += expDiff(loadD(x, j), m);
    others += loadD(g, j);
  }
  const sum = 1 + rest;
  for (let i = 0; i < n; i++) {
    storeD(dst, i, i == k ? (rest / sum) * loadD(g, i) - others / sum : loadD(g, i) - (expDiff(loadD(x, i), m) / sum) * total);
  }
}

/**
 * VJP of logSoftmax, rows of n float64: gᵢ − sᵢ·Σg, and for the argmax k (r·g_k − Σ_{j≠k} gⱼ)/(1 + r),
 * r = Σ_{j≠k} e^(xⱼ − m), as the JS lane; here r, Σg, T = Σg/(1 + r) and eᵢ·T are double-doubles
 * and each entry is rounded once. +∞ entries: the limit s = 1/c on them (plain float64, as the JS
 * lane); NaN or all −∞: NaN; a row with |g| ≥ 2^960 or a non-finite g runs the plain formula.
 */
export function rowLogSoftmaxF64Grad(dst: usize, x: usize, g: usize, rows: i32, n: i32, scratch: usize): void {
  const none = flipMask(false);
  const n2 = n & ~1;
  const rowBytes = <usize>n << 3;
  for (let r = 0; r < rows; r++, x += rowBytes, g += rowBytes, dst += rowBytes) {
    const m = rowMax64(x, n, none);
    if (m != m || m == -Infinity) { fill64(dst, n, NaN); continue; }
    if (m == Infinity) {
      let total: f64 = 0;
      for (let i = 0; i < n; i++) total += loadD(g, i);
      const share = total / <f64>countInf64(x, n, false);
      for (let i = 0; i < n; i++) storeD(dst, i, loadD(g, i) - (loadD(x, i) == Infinity ? share : 0));
      continue;
    }
    const k = rowArgmax64(x, n, m, none);
    if (!gExact(g, n)) { logSoftmaxGradPlain(dst, x, g, n, m, k); continue; }
    // others = Σ_{j≠k} gⱼ, in double-double
    const kv = c64(<f64>k);
    let oh = c64(0), ol = c64(0);
    for (let i = 0; i < n; i += 2) {
      const o = <usize>i << 3;
      const lone = i == n2;
      const gv = v128.and(lone ? v128.load64_splat(g + o) : v128.load(g + o), v128.andnot(lone ? lane0() : i64x2.splat(-1), f64x2.eq(iota(i), kv)));
      const s = M.add(oh, gv);
      ol = M.add(ol, M.sumErr(oh, gv, s));
      oh = s;
    }
    const othH = lanes2(oh, ol), othL = ddLo;
    const gk = loadD(g, k);
    const totH = add2(othH, othL, gk, 0), totL = ddLo; // Σg
    const rh = restSum(x, n, m, k, true, dst, scratch);
    const rl = ddLo;
    const sumH = add2(1, 0, rh, rl), sumL = ddLo; // 1 + r
    const tH = div2(totH, totL, sumH, sumL), tL = ddLo; // T = Σg/(1 + r)
    const th = c64(tH), tl = c64(tL);
    for (let i = 0; i < n; i += 2) {
      const o = <usize>i << 3;
      const lone = i == n2;
      const eh = lone ? v128.load64_splat(dst + o) : v128.load(dst + o);
      const el = lone ? v128.load64_splat(scratch + o) : v128.load(scratch + o);
      const gv = lone ? v128.load64_splat(g + o) : v128.load(g + o);
      const ph = M.mul(eh, th);
      const pl = M.add(M.prodErr(eh, th, ph), M.add(M.mul(eh, tl), M.mul(el, th)));
      const s = M.sub(gv, ph);
      const y = M.add(s, M.sub(M.sumErr(gv, f64x2.neg(ph), s), pl));
      if (lone) v128.store64_lane(dst + o, y, 0);
      else v128.store(dst + o, y);
    }
    // the argmax: (r·g_k − others)/(1 + r)
    const a = mul2(rh, rl, gk, 0);
    const b = add2(a, ddLo, -othH, -othL);
    storeD(dst, k, div2(b, ddLo, sumH, sumL) + ddLo);
  }
}
