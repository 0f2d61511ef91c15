/**
 * The entry of the test binary: the vector math of math.ts over float64 arrays, for measuring its
 * error (test/kernels.test.ts). Not in the production binary; test/helpers/wasm-probes.ts compiles
 * it in memory with scripts/wasm/build.mjs's flags. Each export `math<Name>(dst, src, n)` maps n
 * float64 at byte offset src to n float64 at dst.
 */
import * as M from './math';
import { SQRT1_2 } from './coefficients.generated';

@final class Exp { @inline f(x: v128): v128 { return M.exp(x); } }
@final class Expm1 { @inline f(x: v128): v128 { return M.expm1(x); } }
@final class Log1p { @inline f(x: v128): v128 { return M.log1pUnit(x); } }
@final class TanhMath { @inline f(x: v128): v128 { return M.tanh(x); } }
/** erfc(|x|/√2) = 2·Φ(−|x|), as gelu's backward uses it (|x| ≤ 15.2). */
@final class Erfc { @inline f(x: v128): v128 { return M.erfcOfScaled(x, M.mul(f64x2.abs(x), M.c64(SQRT1_2))); } }

@final class ExpF { @inline f(x: v128): v128 { return M.expF(M.maxC(M.minC(x, 709), -708)); } }
@final class Expm1F { @inline f(x: v128): v128 { return M.expm1F(M.maxC(M.minC(x, 709), -708)); } }
@final class Log1pF { @inline f(x: v128): v128 { return M.log1pUnitF(x); } }
/** erfc(|x|/√2) for |x| ≤ 15, as gelu uses it. */
@final class ErfcF {
  @inline f(x: v128): v128 { const a = f64x2.abs(x); return M.erfcOfScaledF(a, M.mul(a, M.c64(SQRT1_2))); }
}
/** σ(x) for |x| ≤ 708, as logisticF. */
@final class SigmoidF { @inline f(x: v128): v128 { return M.logisticF(v128.or(x, i64x2.splat(0x8000000000000000)), f64x2.ge(x, M.c64(0))); } }
/** log1p(eˣ) for x ≤ 0, as addLog1pExpF. */
@final class Log1pExpF {
  @inline f(x: v128): v128 { return M.addLog1pExpF(M.c64(0), x, f64x2.gt(x, M.c64(-0.8813735870195429))); }
}

/** dst[i] = K.f(src[i]) over n float64. */
@inline function mapF64<K>(dst: usize, src: usize, n: i32): void {
  const k = changetype<K>(0);
  for (let i = 0; i < n; i += 2) {
    const p = <usize>i << 3;
    const v = i + 1 < n ? v128.load(src + p) : v128.load64_zero(src + p);
    // @ts-ignore: K is one of the classes above (AssemblyScript generics are templates)
    const y: v128 = k.f(v);
    if (i + 1 < n) v128.store(dst + p, y);
    else v128.store64_lane(dst + p, y, 0);
  }
}

export function mathExp(dst: usize, src: usize, n: i32): void { mapF64<Exp>(dst, src, n); }
export function mathExpm1(dst: usize, src: usize, n: i32): void { mapF64<Expm1>(dst, src, n); }
export function mathLog1p(dst: usize, src: usize, n: i32): void { mapF64<Log1p>(dst, src, n); }
export function mathTanh(dst: usize, src: usize, n: i32): void { mapF64<TanhMath>(dst, src, n); }
export function mathErfc(dst: usize, src: usize, n: i32): void { mapF64<Erfc>(dst, src, n); }
export function mathExpF(dst: usize, src: usize, n: i32): void { mapF64<ExpF>(dst, src, n); }
export function mathExpm1F(dst: usize, src: usize, n: i32): void { mapF64<Expm1F>(dst, src, n); }
export function mathLog1pF(dst: usize, src: usize, n: i32): void { mapF64<Log1pF>(dst, src, n); }
export function mathErfcF(dst: usize, src: usize, n: i32): void { mapF64<ErfcF>(dst, src, n); }
export function mathSigmoidF(dst: usize, src: usize, n: i32): void { mapF64<SigmoidF>(dst, src, n); }
export function mathLog1pExpF(dst: usize, src: usize, n: i32): void { mapF64<Log1pExpF>(dst, src, n); }
