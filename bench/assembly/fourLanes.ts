/**
 * Experimental kernels in four float32 lanes, never shipped: bench/fourLanes.ts compiles this file
 * with the production flags and runs them beside the shipped kernels (float64 pairs, rounded once).
 * docs/engine.md ("Four float32 lanes") records what they measured.
 *
 * - sigmoidPlain4: e^t rounded, 1 + e^t rounded, one division, +0 below x = −87.33 (the structure
 *   of XNNPACK's kernel).
 * - sigmoidExact4: within 1 ULP without a fused multiply-add: e^t as a float32 pair, 1 + e^t split
 *   at 12 bits, the quotient's remainder exact (a 12-bit quotient times a 12-bit divisor).
 * - eluGradExact4: g·elu'(x) for α = 1, g·eˣ below 0 within 1 ULP: eˣ as a float32 pair and g
 *   times it as an exact product (both split at 12 bits), one rounding.
 * The exact kernels bound eˣ's argument at −80 and send vectors with a lane below −80 (or NaN) to
 * the shipped kernel's float64 evaluation.
 */
import * as M from '../../src/kernels/wasm/assembly/math';
import { grad4, map64, T_LOW, T_ZERO } from '../../src/kernels/wasm/assembly/drivers';
import { gExpSide } from '../../src/kernels/wasm/assembly/activations/elu';
import { c32, hi64, lo64, mhi, mlo, negAbs32, pack } from '../../src/kernels/wasm/assembly/tail';
import { LOG2EF, LN2F_HI, LN2F_LO, EXPM1F4_0, EXPM1F4_1, EXPM1F4_2, EXPM1F4_3, EXPM1F4_4 } from '../../src/kernels/wasm/assembly/coefficients.generated';

@inline function mad(a: v128, b: v128, c: v128): v128 { return f32x4.add(f32x4.mul(a, b), c); }
const ROUND_BIAS: f32 = 12582912.0 + 127.0;

/** q = expm1(r) − r = r²·(1/2 + r·P(r)) for |r| ≤ ln(2)/2 (elu's float32 polynomial). */
@inline function expm1Tail(r: v128): v128 {
  const r2 = f32x4.mul(r, r);
  const p01 = mad(c32(EXPM1F4_0), r, c32(0.5));
  const p23 = mad(c32(EXPM1F4_2), r, c32(EXPM1F4_1));
  const p45 = mad(c32(EXPM1F4_4), r, c32(EXPM1F4_3));
  return f32x4.mul(r2, mad(mad(p45, r2, p23), r2, p01));
}

/** The shipped kernel's evaluation (activations/sigmoid.ts), for vectors with a lane below −80 or NaN. */
@inline function shipped(v: v128): v128 {
  const t = f32x4.pmax(negAbs32(v), c32(-120));
  const ge = f32x4.ge(v, c32(0));
  return pack(M.logisticF(lo64(t), mlo(ge)), M.logisticF(hi64(t), mhi(ge)));
}

@final class Plain {
  @inline f4(v: v128, a: v128, b: v128): v128 {
    const ge = f32x4.ge(v, c32(0));
    const t = f32x4.pmax(negAbs32(v), c32(-87.33));
    // t = k·ln 2 + r_hi − r_lo; 2^k from the rounding sum's bits
    const n = mad(t, c32(LOG2EF), c32(ROUND_BIAS));
    const k = f32x4.sub(n, c32(ROUND_BIAS));
    const r = f32x4.sub(f32x4.sub(t, f32x4.mul(k, c32(LN2F_HI))), f32x4.mul(k, c32(LN2F_LO)));
    const e = f32x4.mul(i32x4.shl(n, 23), f32x4.add(c32(1), f32x4.add(r, expm1Tail(r))));
    const y = f32x4.div(v128.bitselect(c32(1), e, ge), f32x4.add(c32(1), e));
    return v128.andnot(y, f32x4.lt(v, c32(-87.33))); // +0 where e^x is below float32's normals, as XNNPACK
  }
}

/**
 * e^t for t in [−80, 0] as a float32 pair eh + el: t = k·ln 2 + r_hi − r_lo (r_hi exact),
 * e^t = 2^k·(1 + (r_hi + q)) summed by two Fast2Sums, r_lo and the sums' errors in the low part.
 * Two functions for the two parts (a function returns one value): inlined side by side, the
 * optimizer computes their common steps once.
 */
@inline function expReduced(t: v128): v128 { return mad(t, c32(LOG2EF), c32(ROUND_BIAS)); }
@inline function expHigh(t: v128): v128 {
  const n = expReduced(t);
  const k = f32x4.sub(n, c32(ROUND_BIAS));
  const rh = f32x4.sub(t, f32x4.mul(k, c32(LN2F_HI)));
  const q = expm1Tail(f32x4.sub(rh, f32x4.mul(k, c32(LN2F_LO))));
  return f32x4.mul(i32x4.shl(n, 23), f32x4.add(c32(1), f32x4.add(rh, q)));
}
@inline function expLow(t: v128): v128 {
  const n = expReduced(t);
  const k = f32x4.sub(n, c32(ROUND_BIAS));
  const rh = f32x4.sub(t, f32x4.mul(k, c32(LN2F_HI)));
  const rl = f32x4.mul(k, c32(LN2F_LO));
  const q = expm1Tail(f32x4.sub(rh, rl));
  const w = f32x4.add(rh, q);
  const wl = f32x4.sub(f32x4.sub(q, f32x4.sub(w, rh)), rl);
  const e1 = f32x4.add(c32(1), w);
  return f32x4.mul(i32x4.shl(n, 23), f32x4.add(f32x4.add(f32x4.sub(c32(1), e1), w), wl));
}

/** Bits 0-11 cleared: the value's high 12 significant bits, whose products are exact. */
@inline function high12(x: v128): v128 { return v128.and(x, i32x4.splat(0xFFFFF000)); }

@final class Exact {
  @inline f4(v: v128, a: v128, b: v128): v128 {
    if (!i32x4.all_true(f32x4.ge(v, c32(-80)))) return shipped(v);
    const ge = f32x4.ge(v, c32(0));
    const t = f32x4.pmax(negAbs32(v), c32(-80));
    const eh = expHigh(t), el = expLow(t);
    // d = 1 + e^t = dh + dl, dh on the 2^-11 grid (12 bits)
    const dh = f32x4.sub(f32x4.add(f32x4.add(c32(1), eh), c32(4096)), c32(4096));
    const dl = f32x4.add(f32x4.add(f32x4.sub(c32(1), dh), eh), el);
    // n/d for n = 1 (x ≥ 0) or e^t: a 12-bit quotient q12, whose q12·dh is exact, and the remainder
    const nh = v128.bitselect(c32(1), eh, ge);
    const nl = v128.andnot(el, ge);
    const rcp = f32x4.div(c32(1), dh);
    const q12 = high12(f32x4.mul(nh, rcp));
    const rem = f32x4.add(f32x4.sub(nh, f32x4.mul(q12, dh)), f32x4.sub(nl, f32x4.mul(q12, dl)));
    return f32x4.add(q12, f32x4.mul(f32x4.mul(rem, rcp), f32x4.sub(c32(1), f32x4.mul(dl, rcp))));
  }
}

export function sigmoidPlain4(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map64<Plain>(dst, src, n, a, b); }
export function sigmoidExact4(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map64<Exact>(dst, src, n, a, b); }

@final class EluGradExact {
  @inline f4(v: v128, g: v128, a: v128, b: v128): v128 {
    const gt = f32x4.gt(v, c32(0));
    if (!i32x4.all_true(f32x4.ge(v, c32(-80)))) {
      const x = f32x4.pmax(v, c32(T_LOW)), z = f32x4.le(v, c32(T_ZERO));
      return pack(gExpSide(lo64(x), lo64(g), mlo(gt), mlo(z), M.c64(1), M.c64(1)),
        gExpSide(hi64(x), hi64(g), mhi(gt), mhi(z), M.c64(1), M.c64(1)));
    }
    const t = f32x4.pmin(v, c32(0));
    const eh = expHigh(t), el = expLow(t);
    // g·eh = p + err exactly (Dekker's product with 12-bit halves), then g·el, rounded once
    const p = f32x4.mul(g, eh);
    const g1 = high12(g), a1 = high12(eh);
    const g2 = f32x4.sub(g, g1), a2 = f32x4.sub(eh, a1);
    const err = f32x4.add(f32x4.add(f32x4.add(f32x4.sub(f32x4.mul(g1, a1), p), f32x4.mul(g1, a2)), f32x4.mul(g2, a1)), f32x4.mul(g2, a2));
    const y = f32x4.add(p, f32x4.add(err, f32x4.mul(g, el)));
    // g = ±∞ or NaN: p itself (the splits give NaN)
    const finite = f32x4.lt(f32x4.abs(p), c32(Infinity));
    return v128.bitselect(g, v128.bitselect(y, p, finite), gt);
  }
}

export function eluGradExact4(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad4<EluGradExact>(dst, x, g, n, a, b); }
