#!/usr/bin/env python3
"""Fit the polynomial coefficients of the WebAssembly kernels' vector math and write them as
AssemblyScript constants to src/kernels/wasm/assembly/coefficients.generated.ts.

    python3 scripts/wasm/fit.py      # ~1 min; needs Debian's python3-mpmath (CI never runs it)

The kernels compute in float64 and round once to float32, so an approximation error of 2^-42
(relative) leaves every result within 0.5 + 2^-17 float32 ULP of the exact value; each fit takes
the lowest degree whose float64-rounded coefficients meet its target, found with a Remez
exchange at 40 digits. The printed error is that of the rounded coefficients in exact
arithmetic on a dense grid; the float64 evaluation error comes on top and is measured by
test/kernels.test.ts.

  EXPM1   expm1(r) = r + r^2/2 + r^3·P(r),  |r| <= ln(2)/2 (after r = x - k·ln 2)
  LOG1P   log1p(w) = 2s + s^3·P(s^2),       s = w/(2 + w), |s| <= 3 - 2√2 (w in [√½ - 1, √2 - 1])
  ERFC    erfc(z) = t·exp(-z^2 + P(u)),     t = 3/(3 + z), u = 2t - 1, 0 <= z <= 10.75 (target 2^-40)
and the constants they need (ln 2 split for Cody-Waite reduction).

The forward kernels need less: a float32 result is within 0.5 + ε·2^24 ULP of the exact value
when its float64 value is within ε (relative), so ε = 2^-30 keeps them within 0.52 ULP. The same
three forms are fitted again at that target, with the suffix F (EXPM1F, LOG1PF, ERFCF), for the
cheaper vector math of the forward kernels (math.ts, "float32-accuracy variants"); the backward
kernels keep the 2^-42 fits.
Deterministic: no randomness, fixed grids.
"""
import os
import struct
import sys
import mpmath as mp

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
from fit_erf import cheb_points, horner  # noqa: E402  (shared with the float64 erf fit)
from stamp import ts_stamp  # noqa: E402  (the SHA-256 of the inputs, checked by the tests)

mp.mp.dps = 40  # after the import: fit_erf sets its own precision
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', '..', 'src', 'kernels', 'wasm', 'assembly', 'coefficients.generated.ts')


def remez(grid, fg, wg, n):
    """Degree-n polynomial minimizing max |(f - p)·w| over grid (w > 0)."""
    last = len(grid) - 1
    ref = [int(round(last * (1 - mp.cos(mp.pi * i / (n + 1))) / 2)) for i in range(n + 2)]
    c = None
    for _ in range(40):
        rows = [[grid[k] ** j for j in range(n + 1)] + [(-1) ** i / wg[k]] for i, k in enumerate(ref)]
        sol = mp.lu_solve(mp.matrix(rows), mp.matrix([fg[k] for k in ref]))
        c, level = [sol[j] for j in range(n + 1)], sol[n + 1]
        err = [(fg[i] - horner(c, x)) * wg[i] for i, x in enumerate(grid)]
        ext, start = [], 0
        for i in range(1, len(grid) + 1):
            if i == len(grid) or mp.sign(err[i]) != mp.sign(err[start]):
                ext.append(max(range(start, i), key=lambda k: abs(err[k])))
                start = i
        while len(ext) > n + 2:
            ext.pop(0 if abs(err[ext[0]]) < abs(err[ext[-1]]) else -1)
        if len(ext) < n + 2 or max(abs(e) for e in err) <= abs(level) * (1 + mp.mpf(10) ** -3):
            break
        ref = ext
    return c


def f32(v):
    """v rounded to the nearest float32."""
    return mp.mpf(struct.unpack('f', struct.pack('f', float(v)))[0])


def fit(name, f, w, a, b, target, min_deg=2, rnd=lambda v: mp.mpf(float(v))):
    """Lowest degree whose coefficients, rounded by rnd (to float64), give max |(f - p)·w| < target."""
    grid = cheb_points(a, b, 1500)
    fg, wg = [f(x) for x in grid], [w(x) for x in grid]
    check = cheb_points(a, b, 4001)[1::2]
    fc, wc = [f(x) for x in check], [w(x) for x in check]
    for n in range(min_deg, 30):
        c = [rnd(ck) for ck in remez(grid, fg, wg, n)]
        e = max(max(abs((fg[i] - horner(c, x)) * wg[i]) for i, x in enumerate(grid)),
                max(abs((fc[i] - horner(c, x)) * wc[i]) for i, x in enumerate(check)))
        if e < target:
            # Rounding amplification in float64: max of sum |c_k x^k| (the evaluation error is about that times 2^-53).
            amp = max(sum(abs(ck) * abs(x) ** k for k, ck in enumerate(c)) for x in grid)
            print(f'{name}: degree {n}, error 2^{float(mp.log(e, 2)):.1f}, max sum |c_k x^k| {float(amp):.2f}')
            return c, e
    raise RuntimeError(f'{name}: no degree below 30 meets the target')


def fit_exp_rational(rmax):
    """EXPR: a, b minimax for the relative error of (P + rQ)/(P - rQ), P = 1 + a·r^2,
    Q = 1/2 + b·r^2, on |r| <= rmax; a Remez exchange on (a, b, level) from the Padé (3,3) one."""
    def e(a, b, r):
        p, rq = 1 + a * r * r, r * (mp.mpf(1) / 2 + b * r * r)
        return mp.log((p + rq) / (p - rq)) - r
    grid = [rmax * i / 2000 for i in range(1, 2001)]
    ref = [rmax * k / 3 for k in (1, 2, 3)]
    a, b, level = mp.mpf(1) / 10, mp.mpf(1) / 120, mp.mpf(0)
    for _ in range(20):
        a, b, level = mp.findroot(lambda a_, b_, l_: [e(a_, b_, x) - (-1) ** i * l_ for i, x in enumerate(ref)], (a, b, level))
        err = [e(a, b, r) for r in grid]
        ext, start = [], 0
        for i in range(1, len(grid) + 1):
            if i == len(grid) or mp.sign(err[i]) != mp.sign(err[start]):
                ext.append(max(range(start, i), key=lambda k: abs(err[k])))
                start = i
        if len(ext) != 3:
            break
        ref = [grid[k] for k in ext]
    a, b = mp.mpf(float(a)), mp.mpf(float(b))
    m = max(abs(e(a, b, r)) for r in grid)
    print(f'EXPR: error 2^{float(mp.log(m, 2)):.1f}')
    return a, b, m


def const(name, v, doc, ty='f64'):
    return f'/** {doc} */\nexport const {name}: {ty} = {float(v)!r};\n'


def poly(name, c, e, doc, ty='f64'):
    body = ''.join(f'export const {name}_{k}: {ty} = {float(ck)!r};\n' for k, ck in enumerate(c))
    return f'// {doc}; degree {len(c) - 1}, max error 2^{float(mp.log(e, 2)):.1f}.\n{body}'


def main():
    target = mp.mpf(2) ** -42
    target_f = mp.mpf(2) ** -30  # the float32-accuracy fits (suffix F)
    parts, fast = [], []
    ln2 = mp.log(2)
    ln2_hi = mp.ldexp(mp.floor(mp.ldexp(ln2, 32)), -32)  # 33 significant bits: k·LN2_HI exact for |k| < 2^20
    parts.append(const('LN2', ln2, 'ln 2.'))
    parts.append(const('INV_LN2', 1 / ln2, '1/ln 2.'))
    parts.append(const('LN2_HI', ln2_hi, 'ln 2 = LN2_HI + LN2_LO, LN2_HI with 33 significant bits (k·LN2_HI is exact).'))
    parts.append(const('LN2_LO', ln2 - ln2_hi, 'ln 2 - LN2_HI.'))
    parts.append(const('SQRT1_2', 1 / mp.sqrt(2), '1/√2.'))

    rmax = ln2 / 2 * (1 + mp.mpf(2) ** -30)
    def expm1_tail(r):
        return mp.mpf(1) / 6 if r == 0 else (mp.expm1(r) - r - r * r / 2) / r ** 3
    def expm1_weight(r):
        return mp.mpf(1) if r == 0 else abs(r ** 3 / mp.expm1(r))
    c, e = fit('EXPM1', expm1_tail, expm1_weight, -rmax, rmax, target)
    parts.append(poly('EXPM1', c, e, 'expm1(r) = r + r²/2 + r³·Σ EXPM1_k·r^k, |r| ≤ ln(2)/2; error relative to expm1(r)'))
    c, e = fit('EXPM1F', expm1_tail, expm1_weight, -rmax, rmax, target_f, min_deg=1)
    fast.append(poly('EXPM1F', c, e, 'expm1(r) = r + r²/2 + r³·Σ EXPM1F_k·r^k, |r| ≤ ln(2)/2, for float32 results; error relative to expm1(r)'))

    smax = (3 - 2 * mp.sqrt(2)) * (1 + mp.mpf(2) ** -30)
    def log1p_tail(v):
        if v == 0:
            return mp.mpf(2) / 3
        s = mp.sqrt(v)
        return (2 * mp.atanh(s) - 2 * s) / s ** 3
    def log1p_weight(v):
        s = mp.sqrt(max(v, smax ** 2 * mp.mpf(10) ** -9))  # the weight vanishes at 0, where the tail does not matter
        return s ** 3 / (2 * mp.atanh(s))
    c, e = fit('LOG1P', log1p_tail, log1p_weight, mp.mpf(0), smax ** 2, target)
    parts.append(poly('LOG1P', c, e, 'log1p(w) = 2s + s³·Σ LOG1P_k·s^2k, s = w/(2 + w), |s| ≤ 3 − 2√2; error relative to log1p(w)'))
    c, e = fit('LOG1PF', log1p_tail, log1p_weight, mp.mpf(0), smax ** 2, target_f, min_deg=1)
    fast.append(poly('LOG1PF', c, e, 'log1p(w) = 2s + s³·Σ LOG1PF_k·s^2k, s = w/(2 + w), |s| ≤ 3 − 2√2, for float32 results; error relative to log1p(w)'))

    p, zmax = mp.mpf(3), mp.mpf(10.75)
    def erfc_log(u):
        t = (1 + u) / 2
        z = p / t - p
        return mp.log(mp.erfc(z) / t) + z * z
    c, e = fit('ERFC', erfc_log, lambda u: mp.mpf(1), (p - zmax) / (p + zmax), mp.mpf(1), mp.mpf(2) ** -40)
    parts.append(poly('ERFC', c, e, 'erfc(z) = t·exp(−z² + Σ ERFC_k·u^k), t = 3/(3 + z), u = 2t − 1, 0 ≤ z ≤ 10.75; absolute error of the exponent, i.e. relative error of erfc'))
    c, e = fit('ERFCF', erfc_log, lambda u: mp.mpf(1), (p - zmax) / (p + zmax), mp.mpf(1), target_f)
    fast.append(poly('ERFCF', c, e, 'erfc(z) = t·exp(−z² + Σ ERFCF_k·u^k) as ERFC, for float32 results; absolute error of the exponent'))
    a, b, e = fit_exp_rational(rmax)
    fast.append(f'// e^r = (P + rQ)/(P − rQ), P = 1 + EXPR_A·r², Q = 1/2 + EXPR_B·r², |r| ≤ ln(2)/2; relative error 2^{float(mp.log(e, 2)):.1f}.\n'
                f'export const EXPR_A: f64 = {float(a)!r};\nexport const EXPR_B: f64 = {float(b)!r};\n')
    parts.extend(fast)

    # The four-lane (f32x4) math of math4.ts: float32 constants. Its k comes from a float32
    # product, up to 2^-12 past the half-way point, so the fit covers a little more than ln(2)/2.
    ln2f_hi = mp.ldexp(mp.floor(mp.ldexp(ln2, 16)), -16)  # 16 significant bits: k·LN2F_HI exact for |k| < 2^8
    parts.append(const('LOG2EF', f32(1 / ln2), '1/ln 2, float32.', 'f32'))
    parts.append(const('LN2F_HI', ln2f_hi, 'ln 2 = LN2F_HI + LN2F_LO in float32, LN2F_HI with 16 significant bits.', 'f32'))
    parts.append(const('LN2F_LO', f32(ln2 - ln2f_hi), 'ln 2 − LN2F_HI, float32.', 'f32'))
    rmax4 = ln2 / 2 * (1 + mp.mpf(2) ** -12)
    c, e = fit('EXPM1F4', expm1_tail, expm1_weight, -rmax4, rmax4, mp.mpf(2) ** -28, min_deg=1, rnd=f32)
    parts.append(poly('EXPM1F4', c, e, 'expm1(r) = r + r²/2 + r³·Σ EXPM1F4_k·r^k, |r| ≤ ln(2)/2·(1 + 2^-12), float32 coefficients; error relative to expm1(r)', 'f32'))

    with open(OUT, 'w') as out:
        out.write('// GENERATED by scripts/wasm/fit.py — do not edit. Coefficients of the vector math in math.ts.\n')
        out.write(ts_stamp(__file__, os.path.join(HERE, '..', 'fit_erf.py')) + '\n')
        out.write('\n'.join(parts))
    print('wrote', OUT)


if __name__ == '__main__':
    main()
