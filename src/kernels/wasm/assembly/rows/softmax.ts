/** softmax and softmin (softmax of −x through a sign flip) along the last axis, forward and backward. */
import * as M from '../math';
import { hi64, lo64, pack } from '../tail';
import { countInf, expShift1, expShiftSoft, expz, expz1, fill, flipF, iotaLo, loadD, loadF, rowArgmax, rowMax, SIGN32, storeD, storeF } from './common';

/**
 * softmax (flip = 0) or softmin (flip = 1) of `rows` rows of n float32 at src → dst.
 * e^(x − m) goes to scratch (n float64), then each is multiplied by 1/Σ (two float64 roundings).
 */
export function rowSoftmax(dst: usize, src: usize, rows: i32, n: i32, scratch: usize, flip: i32): void {
  const fl = flip != 0;
  const f = i32x4.splat(fl ? SIGN32 : 0);
  const n4 = n & ~3;
  const rowBytes = <usize>n << 2;
  for (let r = 0; r < rows; r++, src += rowBytes, dst += rowBytes) {
    const m = rowMax(src, n, fl);
    if (m != m || m == -Infinity) { fill(dst, n, NaN); continue; } // NaN, or 0/0
    if (m == Infinity) {
      const share = <f32>(1.0 / <f64>countInf(src, n, fl));
      for (let i = 0; i < n; i++) storeF(dst, i, flipF(loadF(src, i), fl) == Infinity ? share : 0);
      continue;
    }
    const mv = f64x2.splat(<f64>m);
    let acc0 = M.c64(0), acc1 = M.c64(0);
    for (let i = 0; i < n4; i += 4) {
      const v = v128.xor(v128.load(src + (<usize>i << 2)), f);
      const e0 = expShiftSoft(M.sub(lo64(v), mv));
      const e1 = expShiftSoft(M.sub(hi64(v), mv));
      const s = scratch + (<usize>i << 3);
      v128.store(s, e0);
      v128.store(s, e1, 16);
      acc0 = M.add(acc0, e0);
      acc1 = M.add(acc1, e1);
    }
    let sum = f64x2.extract_lane(acc0, 0) + f64x2.extract_lane(acc0, 1) + (f64x2.extract_lane(acc1, 0) + f64x2.extract_lane(acc1, 1));
    for (let i = n4; i < n; i++) {
      const e = expShift1(<f64>flipF(loadF(src, i), fl) - <f64>m);
      storeD(scratch, i, e);
      sum += e;
    }
    const inv = M.c64(1 / sum);
    for (let i = 0; i < n4; i += 4) {
      const s = scratch + (<usize>i << 3);
      v128.store(dst + (<usize>i << 2), pack(M.mul(v128.load(s), inv), M.mul(v128.load(s, 16), inv)));
    }
    for (let i = n4; i < n; i++) storeF(dst, i, <f32>(loadD(scratch, i) * f64x2.extract_lane(inv, 0)));
  }
}

/**
 * VJP of softmax (flip = 0) or softmin (flip = 1), rows of n: ±s ⊙ ((g − g_k) − Σ_{j≠k} sⱼ(gⱼ − g_k)),
 * k the argmax, s recomputed from x, as the JS lane (nothing cancels when s_k ≈ 1). A row with +∞
 * (−∞ for softmin) gives 0·g; NaN or all −∞ gives NaN.
 */
export function rowSoftmaxGrad(dst: usize, x: usize, g: usize, rows: i32, n: i32, scratch: usize, flip: i32): void {
  const fl = flip != 0;
  const f = i32x4.splat(fl ? SIGN32 : 0);
  const n4 = n & ~3;
  const rowBytes = <usize>n << 2;
  for (let r = 0; r < rows; r++, x += rowBytes, g += rowBytes, dst += rowBytes) {
    const m = rowMax(x, n, fl);
    if (m != m || m == -Infinity) { fill(dst, n, NaN); continue; }
    if (m == Infinity) {
      for (let i = 0; i < n; i++) storeF(dst, i, <f32>0 * loadF(g, i));
      continue;
    }
    const k = rowArgmax(x, n, m, fl);
    const gk = <f64>loadF(g, k);
    const gkv = M.c64(gk);
    const kv = M.c64(<f64>k);
    const mv = f64x2.splat(<f64>m);
    let s0 = M.c64(0), s1 = M.c64(0), d0 = M.c64(0), d1 = M.c64(0);
    for (let i = 0; i < n4; i += 4) {
      const o = <usize>i << 2;
      const v = v128.xor(v128.load(x + o), f);
      const gv = v128.load(g + o);
      const e0 = expz(M.sub(lo64(v), mv));
      const e1 = expz(M.sub(hi64(v), mv));
      const s = scratch + (<usize>i << 3);
      v128.store(s, e0);
      v128.store(s, e1, 16);
      s0 = M.add(s0, e0);
      s1 = M.add(s1, e1);
      const i0 = iotaLo(i);
      const i1 = M.add(i0, M.c64(2));
      d0 = M.add(d0, M.select(f64x2.eq(i0, kv), M.c64(0), M.mul(e0, M.sub(lo64(gv), gkv))));
      d1 = M.add(d1, M.select(f64x2.eq(i1, kv), M.c64(0), M.mul(e1, M.sub(hi64(gv), gkv))));
    }
    let sum = f64x2.extract_lane(s0, 0) + f64x2.extract_lane(s0, 1) + (f64x2.extract_lane(s1, 0) + f64x2.extract_lane(s1, 1));
    let dot = f64x2.extract_lane(d0, 0) + f64x2.extract_lane(d0, 1) + (f64x2.extract_lane(d1, 0) + f64x2.extract_lane(d1, 1));
    for (let i = n4; i < n; i++) {
      const e = expz1(<f64>flipF(loadF(x, i), fl) - <f64>m);
      storeD(scratch, i, e);
      sum += e;
      if (i != k) dot += e * (<f64>loadF(g, i) - gk);
    }
    const inv = 1 / sum;
    const invv = M.c64(fl ? -inv : inv); // the sign of softmin's VJP rides on 1/Σ (exact)
    const dv = M.c64(dot * inv);
    for (let i = 0; i < n4; i += 4) {
      const o = <usize>i << 2;
      const s = scratch + (<usize>i << 3);
      const gv = v128.load(g + o);
      const y0 = M.mul(M.mul(v128.load(s), invv), M.sub(M.sub(lo64(gv), gkv), dv));
      const y1 = M.mul(M.mul(v128.load(s, 16), invv), M.sub(M.sub(hi64(gv), gkv), dv));
      v128.store(dst + o, pack(y0, y1));
    }
    const iv = f64x2.extract_lane(invv, 0), dd = f64x2.extract_lane(dv, 0);
    for (let i = n4; i < n; i++) storeF(dst, i, <f32>((loadD(scratch, i) * iv) * ((<f64>loadF(g, i) - gk) - dd)));
  }
}
