import * as M from './math';
import { c64, select as sel } from './math';
import { clamp, grad, gt, lt, map, pow2c } from './drivers';

/** Below this |x| the product x·n is formed on x·2^200 (its low part would be subnormal), scaled back last. */
const TINY: f64 = 1.1830521861667747e-271; // 2^-900
const UP: f64 = 1.6069380442589903e60; // 2^200

/**
 * mish(x) = x·n/(n + 2), n = eˣ·(eˣ + 2), as the spec: e = eˣ a double-double (h + l)·2^k, n carried
 * as ns·2^k (ns = (h + l)·(eˣ + 2), so that it stays normal where eˣ underflows: below x = −708 the
 * value is x·eˣ·(1 + …), silu's), x·ns and the quotient by n + 2 in double-double, 2^k applied
 * last (subnormal values round once). Above x = 30 the value rounds to x; x is clamped at −1400,
 * where the value underflows to −0.
 */
@final class Mish {
  @inline f(x: v128, a: v128, b: v128): v128 {
    const xc = clamp(x, -1400, 30);
    const h = M.expDD(xc, c64(0)), l = M.expDD(xc, c64(0), 1), k = M.expDD(xc, c64(0), 2);
    const s = pow2c(k); // 0 where eˣ < 2^-1022: then eˣ + 2 = 2 and n + 2 = 2 to far below an ULP
    const e = M.mul(h, s);
    const mh = M.add(e, c64(2));
    const ml = M.add(M.sumErr(e, c64(2), mh), M.mul(l, s));
    const nh = M.mulDD(h, l, mh, ml), nl = M.mulDD(h, l, mh, ml, 1); // ns
    const ph = M.mul(nh, s);
    const dh = M.add(ph, c64(2));
    const dl = M.add(M.sumErr(ph, c64(2), dh), M.mul(nl, s));
    const tiny = lt(f64x2.abs(x), c64(TINY));
    const xs = sel(tiny, M.mul(xc, c64(UP)), xc);
    const xh = M.mulC(xs, nh, nl), xl = M.mulC(xs, nh, nl, 1);
    const q = M.divDD(xh, xl, dh, dl);
    const y = M.scale(M.add(q, M.divDD(xh, xl, dh, dl, 1)), sel(tiny, i64x2.sub(k, i64x2.splat(200)), k));
    return sel(gt(x, c64(30)), x, sel(f64x2.eq(q, c64(0)), v128.or(q, v128.and(x, i64x2.splat(0x8000000000000000))), y)); // a zero keeps x's sign
  }
  /**
   * mish' = (n·(n + 2) + 4x·eˣ·(1 + eˣ))/(n + 2)², in the scaled form of f: 2^k·(ns·(n + 2) +
   * 4x·(h + l)·(1 + eˣ))/(n + 2)², every product and sum a double-double.
   */
  @inline d(x: v128, g: v128, a: v128, b: v128): v128 {
    const xc = clamp(x, -1400, 30);
    const h = M.expDD(xc, c64(0)), l = M.expDD(xc, c64(0), 1), k = M.expDD(xc, c64(0), 2);
    const s = pow2c(k);
    const e = M.mul(h, s), el = M.mul(l, s);
    const mh = M.add(e, c64(2));
    const ml = M.add(M.sumErr(e, c64(2), mh), el);
    const nh = M.mulDD(h, l, mh, ml), nl = M.mulDD(h, l, mh, ml, 1);
    const ph = M.mul(nh, s);
    const dh = M.add(ph, c64(2));
    const dl = M.add(M.sumErr(ph, c64(2), dh), M.mul(nl, s));
    const g1 = M.add(e, c64(1));
    const g1l = M.add(M.sumErr(e, c64(1), g1), el);
    const x4 = M.mul(xc, c64(4));
    const bh = M.mulC(x4, h, l), bl = M.mulC(x4, h, l, 1); // 4x·eˣ/2^k
    const th = M.mulDD(bh, bl, g1, g1l), tl = M.mulDD(bh, bl, g1, g1l, 1);
    const ah = M.mulDD(nh, nl, dh, dl), al = M.mulDD(nh, nl, dh, dl, 1);
    const ih = M.addDD(ah, al, th, tl), il = M.addDD(ah, al, th, tl, 1);
    const d2 = M.mulDD(dh, dl, dh, dl), d2l = M.mulDD(dh, dl, dh, dl, 1);
    const fd = M.add(M.divDD(ih, il, d2, d2l), M.divDD(ih, il, d2, d2l, 1));
    return sel(gt(x, c64(30)), g, M.scale(M.mul(g, fd), k));
  }
}

export function mishF64(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map<Mish>(dst, src, n, a, b); }
export function mishF64Grad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad<Mish>(dst, x, g, n, a, b); }
