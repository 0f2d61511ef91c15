/** logSoftmax along the last axis, forward and backward. */
import * as M from '../math';
import { hi64, lo64, pack } from '../tail';
import { LN2 } from '../coefficients.generated';
import { countInf, expShift, expShift1, expz, expz1, fill, iotaLo, loadD, loadF, rowArgmax, rowMax, storeD, storeF } from './common';

/** log(1 + w) for any w ≥ 0: log1pUnit up to 1, above it k·ln 2 + log1p(f − 1) for 1 + w = 2^k·f. */
function log1p(w: f64): f64 {
  if (w <= 1) return f64x2.extract_lane(M.log1pUnit(f64x2.splat(w)), 0);
  const bits = reinterpret<i64>(1 + w);
  const k = <f64>((bits >> 52) - 1023);
  const f = reinterpret<f64>((bits & 0x000fffffffffffff) | 0x3ff0000000000000);
  return k * LN2 + f64x2.extract_lane(M.log1pUnit(f64x2.splat(f - 1)), 0); // f − 1 is exact
}

/**
 * logSoftmax of `rows` rows of n float32: (x − m) − log1p(Σ_{j ≠ argmax} e^(x_j − m)). The sum
 * leaves out the argmax's own term (the first, as the JS lane: ties add 1 each), so [1, 20]
 * gives −5.6e-9 for 20.
 * The sum r carries expF's relative error ε < 2^-30.5; log1p (float64, once per row) turns it into
 * an absolute error ε·r/(1 + r) ≤ ε·log1p(r), and every output (x − m) − log1p(r), x − m ≤ 0,
 * is at least log1p(r) in size: each output stays within ε (relative) before its rounding.
 */
export function rowLogSoftmax(dst: usize, src: usize, rows: i32, n: i32): void {
  const n4 = n & ~3;
  const rowBytes = <usize>n << 2;
  for (let r = 0; r < rows; r++, src += rowBytes, dst += rowBytes) {
    const m = rowMax(src, n, false);
    if (m != m || m == -Infinity) { fill(dst, n, NaN); continue; }
    if (m == Infinity) { // the limit: the c entries at +∞ get −log c, the others −∞
      const y = <f32>-log1p(<f64>(countInf(src, n, false) - 1));
      for (let i = 0; i < n; i++) storeF(dst, i, loadF(src, i) == Infinity ? y : -Infinity);
      continue;
    }
    // The entries equal to m (d = 0, e^d = 1 exactly) are left out of the sum and counted: all but
    // one of them add 1 back, which is the JS lane's sum without the argmax's term.
    const mv = f64x2.splat(<f64>m);
    const zero = M.c64(0);
    let acc0 = zero, acc1 = zero, ties = i64x2.splat(0);
    for (let i = 0; i < n4; i += 4) {
      const v = v128.load(src + (<usize>i << 2));
      const d0 = M.sub(lo64(v), mv), d1 = M.sub(hi64(v), mv);
      const z0 = f64x2.eq(d0, zero), z1 = f64x2.eq(d1, zero);
      acc0 = M.add(acc0, v128.andnot(expShift(d0), z0));
      acc1 = M.add(acc1, v128.andnot(expShift(d1), z1));
      ties = i64x2.sub(i64x2.sub(ties, z0), z1); // a true lane is −1
    }
    let rest = f64x2.extract_lane(acc0, 0) + f64x2.extract_lane(acc0, 1) + (f64x2.extract_lane(acc1, 0) + f64x2.extract_lane(acc1, 1));
    let tied = i64x2.extract_lane(ties, 0) + i64x2.extract_lane(ties, 1);
    for (let i = n4; i < n; i++) {
      const d = <f64>loadF(src, i) - <f64>m;
      if (d == 0) tied++;
      else rest += expShift1(d);
    }
    rest += <f64>(tied - 1);
    const lv = M.c64(log1p(rest));
    for (let i = 0; i < n4; i += 4) {
      const v = v128.load(src + (<usize>i << 2));
      v128.store(dst + (<usize>i << 2), pack(M.sub(M.sub(lo64(v), mv), lv), M.sub(M.sub(hi64(v), mv), lv)));
    }
    const l = f64x2.extract_lane(lv, 0);
    for (let i = n4; i < n; i++) storeF(dst, i, <f32>((<f64>loadF(src, i) - <f64>m) - l));
    if (rest == 0) {
      // Another finite entry makes the max's true value negative even where its e^(x − m)
      // underflowed: its 0 is −0 then.
      const k = rowArgmax(src, n, m, false);
      let othersFinite = false;
      for (let i = 0; i < n; i++) if (i != k && loadF(src, i) > -Infinity) othersFinite = true;
      if (othersFinite) storeF(dst, k, -0.0);
    }
  }
}

/**
 * VJP of logSoftmax, rows of n: gᵢ − sᵢ·Σg, and for the argmax k (1 − s_k)·g_k − s_k·Σ_{j≠k} gⱼ
 * with 1 − s_k = r/(1 + r), r = Σ_{j≠k} e^(xⱼ − m), as the JS lane. +∞ entries: the limit
 * s = 1/c on them; NaN or all −∞: NaN.
 */
export function rowLogSoftmaxGrad(dst: usize, x: usize, g: usize, rows: i32, n: i32, scratch: usize): void {
  const n4 = n & ~3;
  const rowBytes = <usize>n << 2;
  for (let r = 0; r < rows; r++, x += rowBytes, g += rowBytes, dst += rowBytes) {
    const m = rowMax(x, n, false);
    if (m != m || m == -Infinity) { fill(dst, n, NaN); continue; }
    if (m == Infinity) {
      let total: f64 = 0;
      for (let i = 0; i < n; i++) total += <f64>loadF(g, i);
      const share = total / <f64>countInf(x, n, false);
      for (let i = 0; i < n; i++) storeF(dst, i, <f32>(<f64>loadF(g, i) - (loadF(x, i) == Infinity ? share : 0)));
      continue;
    }
    const k = rowArgmax(x, n, m, false);
    const kv = M.c64(<f64>k);
    const mv = f64x2.splat(<f64>m);
    let r0 = M.c64(0), r1 = M.c64(0), o0 = M.c64(0), o1 = M.c64(0), t0 = M.c64(0), t1 = M.c64(0);
    for (let i = 0; i < n4; i += 4) {
      const o = <usize>i << 2;
      const v = v128.load(x + o);
      const gv = v128.load(g + o);
      const e0 = expz(M.sub(lo64(v), mv));
      const e1 = expz(M.sub(hi64(v), mv));
      const s = scratch + (<usize>i << 3);
      v128.store(s, e0);
      v128.store(s, e1, 16);
      const g0 = lo64(gv), g1 = hi64(gv);
      const k0 = f64x2.eq(iotaLo(i), kv);
      const k1 = f64x2.eq(M.add(iotaLo(i), M.c64(2)), kv);
      r0 = M.add(r0, M.select(k0, M.c64(0), e0));
      r1 = M.add(r1, M.select(k1, M.c64(0), e1));
      o0 = M.add(o0, M.select(k0, M.c64(0), g0));
      o1 = M.add(o1, M.select(k1, M.c64(0), g1));
      t0 = M.add(t0, g0);
      t1 = M.add(t1, g1);
    }
    let rest = f64x2.extract_lane(r0, 0) + f64x2.extract_lane(r0, 1) + (f64x2.extract_lane(r1, 0) + f64x2.extract_lane(r1, 1));
    let others = f64x2.extract_lane(o0, 0) + f64x2.extract_lane(o0, 1) + (f64x2.extract_lane(o1, 0) + f64x2.extract_lane(o1, 1));
    let total = f64x2.extract_lane(t0, 0) + f64x2.extract_lane(t0, 1) + (f64x2.extract_lane(t1, 0) + f64x2.extract_lane(t1, 1));
    for (let i = n4; i < n; i++) {
      const e = expz1(<f64>loadF(x, i) - <f64>m);
      storeD(scratch, i, e);
      const gi = <f64>loadF(g, i);
      total += gi;
      if (i != k) { rest += e; others += gi; }
    }
    const inv = 1 / (1 + rest);
    const invv = M.c64(inv);
    const tv = M.c64(total);
    for (let i = 0; i < n4; i += 4) {
      const o = <usize>i << 2;
      const s = scratch + (<usize>i << 3);
      const gv = v128.load(g + o);
      const y0 = M.sub(lo64(gv), M.mul(M.mul(v128.load(s), invv), tv));
      const y1 = M.sub(hi64(gv), M.mul(M.mul(v128.load(s, 16), invv), tv));
      v128.store(dst + o, pack(y0, y1));
    }
    for (let i = n4; i < n; i++) storeF(dst, i, <f32>(<f64>loadF(g, i) - (loadD(scratch, i) * inv) * total));
    storeF(dst, k, <f32>((rest * inv) * <f64>loadF(g, k) - others * inv));
  }
}
