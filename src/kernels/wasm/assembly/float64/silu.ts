import * as M from './math';
import { c64, select as sel } from './math';
import { clamp, grad, gt, lt, map, sigmoidPlusSlope, taylorNearZero, X_MAX } from './drivers';

// The zero of f' and f's Taylor coefficients there: the values of scripts/roots64.py, as in
// src/nn/activations/silu.ts. f'(r + d) = d·(T1 + d·(T2 + … + T11·d⁹)) for |d| ≤ 2^-5.
const R_HI: f64 = -1.2784645427610737;
const R_LO: f64 = -1.0946994183093437e-16;
const T1_HI: f64 = 0.2178117057198001;
const T1_LO: f64 = -3.974332795880862e-18;
const T2: f64 = 0.1466487969969469;
const T3: f64 = 0.018874814223782312;
const T4: f64 = -0.015222655223188032;
const T5: f64 = -0.006606589138356696;
const T6: f64 = 0.000126627410081122;
const T7: f64 = 0.0007985218818397998;
const T8: f64 = 0.00018570724361186496;
const T9: f64 = -4.090534237428612e-05;
const T10: f64 = -2.9733542213263917e-05;
const T11: f64 = -2.942631888842464e-06;

/** f'(x) within 2^-5 of its zero. */
@inline function nearZero(x: v128): v128 {
  return taylorNearZero(x, R_HI, R_LO, T1_HI, T1_LO, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11);
}

/**
 * silu = x·σ(x): σ = q + c within 0.5 ULP (M.sigmoidNear), x·q exact (prodErr), x·(q + c) rounded
 * once: 1.5 ULP (x itself above 50, where σ rounds to 1; x·eˣ scaled last below −700, where σ is
 * eˣ to 2^-1000). silu' = σ(x) + x·σ'(x) with every term a double-double (sigmoidPlusSlope), and within 2^-5
 * of the zero of f' (x ≈ −1.278), where those terms cancel, its Taylor series.
 */
@final class Silu {
  @inline f(x: v128, a: v128, b: v128): v128 {
    const t = M.maxC(M.negAbs(x), -X_MAX); // x where it matters, below −700
    const far = M.scale(M.mul(t, M.add(M.expFast(t), M.expFast(t, 1))), M.expFast(t, 2));
    const q = M.sigmoidNear(x, 1);
    const mh = M.mul(x, q);
    const near = M.add(mh, M.add(M.prodErr(x, q, mh), M.mul(x, M.sigmoidNear(x, 2))));
    const y = sel(lt(x, c64(-700)), far, sel(f64x2.eq(mh, c64(0)), mh, near)); // a zero product keeps its sign
    return sel(gt(x, c64(50)), x, y);
  }
  @inline d(x: v128, g: v128, a: v128, b: v128): v128 {
    const xc = clamp(x, -X_MAX, 50);
    const fd = sel(lt(f64x2.abs(M.sub(x, c64(R_HI))), c64(0.03125)), nearZero(x), sigmoidPlusSlope(xc, c64(0), xc, c64(0)));
    return sel(gt(x, c64(50)), g, M.mul(g, fd));
  }
}

export function siluF64(dst: usize, src: usize, n: i32, a: f64, b: f64): void { map<Silu>(dst, src, n, a, b); }
export function siluF64Grad(dst: usize, x: usize, g: usize, n: i32, a: f64, b: f64): void { grad<Silu>(dst, x, g, n, a, b); }
