/**
 * The max error in ULPs of one activation against the mpmath fixtures (test/fixtures/, generated
 * by scripts/fixtures/generate.py), through the public API: the forward in float32 on each kernel
 * path (WebAssembly where available, and plain JS) and in float64, and the derivative through
 * `grad` in float32 and float64 (row activations: forward only; their VJPs have their own tests).
 * Used by `npm run accuracy` (scripts/accuracy.ts, the README's table) and by the docs'
 * per-activation pages.
 */
import { array, getBackend, grad, nn, setBackend, type NDArray } from '../../src/index.js';
import type { ActivationName, ElementwiseSpec } from '../../src/nn/index.js';
import { ulpErrorF32, ulpErrorF64 } from '../../test/helpers/ulp.js';
import { dd, loadFixture, num, type JsonNumber } from '../../test/helpers/fixtures.js';

type Fn = (x: unknown, ...p: unknown[]) => NDArray;
type Point = [JsonNumber, [JsonNumber, JsonNumber], [JsonNumber, JsonNumber]];
interface Fixture { cases: { params: Record<string, number>; dtype: 'float32' | 'float64'; points: Point[] }[] }
interface RowFixture { cases: { dtype: 'float32' | 'float64'; rows: { x: JsonNumber[]; y: [JsonNumber, JsonNumber][] }[] }[] }

export interface Accuracy {
  /** The kernel paths measured in float32, in the order of `f32`. */
  readonly paths: readonly ('wasm' | 'js')[];
  /** Max ULP of f in float32, per path. */
  readonly f32: number[];
  /** Max ULP of f in float64, per path (the same paths). */
  readonly f64: number[];
  /** Max ULP of f' (undefined for the row activations). */
  readonly d32?: number;
  readonly d64?: number;
  /** Reference points compared. */
  readonly points: number;
}

const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
// Underflowed derivatives may be ±0 either way; only f's zeros carry a sign.
const derivErr = (ulp: typeof ulpErrorF32, got: number, ref: [number, number]) => (got === 0 && ref[0] === 0 ? 0 : ulp(got, ref));

/** The kernel paths this platform has, the default first. */
export function kernelPaths(): readonly ('wasm' | 'js')[] {
  return getBackend() === 'wasm' ? ['wasm', 'js'] : ['js'];
}

export function measureAccuracy(name: ActivationName): Accuracy {
  const entry = nn.ACTIVATIONS[name];
  const spec = entry.spec;
  const fn = entry.fn as unknown as Fn;
  const backends = kernelPaths();
  const worst = { f32: backends.map(() => 0), f64: backends.map(() => 0), d32: 0, d64: 0, points: 0 };
  if (spec.kind === 'elementwise') {
    const fixture = loadFixture<Fixture>(`activations/${spec.mlxName}.json`);
    for (const c of fixture.cases) {
      const params = (spec as ElementwiseSpec).params.map((p) => c.params[snake(p.name)] ?? p.default);
      const xs = c.points.map((p) => num(p[0]));
      const input = () => array(c.dtype === 'float64' ? new Float64Array(xs) : new Float32Array(xs));
      const ulp = c.dtype === 'float32' ? ulpErrorF32 : ulpErrorF64;
      worst.points += xs.length;
      backends.forEach((backend, k) => {
        setBackend(backend);
        const got = fn(input(), ...params).toTypedArray();
        const e = Math.max(...c.points.map((p, i) => ulp(got[i], dd(p[1]))));
        if (c.dtype === 'float32') worst.f32[k] = Math.max(worst.f32[k], e); else worst.f64[k] = Math.max(worst.f64[k], e);
      });
      setBackend(backends[0]);
      const d = grad((v: NDArray) => fn(v, ...params).sum())(input()).toTypedArray();
      const de = Math.max(...c.points.map((p, i) => derivErr(ulp, d[i], dd(p[2]))));
      if (c.dtype === 'float32') worst.d32 = Math.max(worst.d32, de); else worst.d64 = Math.max(worst.d64, de);
    }
    return { paths: backends, ...worst };
  }
  if (spec.kind === 'binary') {
    // prelu: the fixture's scalar α as a one-element weight; the JS kernel (a one-element
    // weight does not take the WebAssembly row kernel).
    const fixture = loadFixture<Fixture>(`activations/${spec.mlxName}.json`);
    for (const c of fixture.cases) {
      const xs = c.points.map((p) => num(p[0]));
      const Ctor = c.dtype === 'float64' ? Float64Array : Float32Array;
      const alpha = array(new Ctor([c.params.alpha]));
      const ulp = c.dtype === 'float32' ? ulpErrorF32 : ulpErrorF64;
      worst.points += xs.length;
      const got = nn.prelu(array(new Ctor(xs)), alpha).toTypedArray();
      const e = Math.max(...c.points.map((p, i) => ulp(got[i], dd(p[1]))));
      const d = grad((v: NDArray) => nn.prelu(v, alpha).sum())(array(new Ctor(xs))).toTypedArray();
      const de = Math.max(...c.points.map((p, i) => derivErr(ulp, d[i], dd(p[2]))));
      if (c.dtype === 'float32') { worst.f32[0] = Math.max(worst.f32[0], e); worst.d32 = Math.max(worst.d32, de); }
      else { worst.f64[0] = Math.max(worst.f64[0], e); worst.d64 = Math.max(worst.d64, de); }
    }
    return { paths: ['js'], f32: [worst.f32[0]], f64: [worst.f64[0]], d32: worst.d32, d64: worst.d64, points: worst.points };
  }
  const fixture = loadFixture<RowFixture>(`rows/${snake(spec.name)}.json`);
  for (const c of fixture.cases) {
    for (const row of c.rows) {
      const xs = row.x.map(num);
      const got = fn(array(c.dtype === 'float64' ? new Float64Array(xs) : new Float32Array(xs))).toTypedArray();
      const ulp = c.dtype === 'float32' ? ulpErrorF32 : ulpErrorF64;
      const e = Math.max(...row.y.map((y, i) => ulp(got[i], dd(y))));
      worst.points += row.y.length;
      if (c.dtype === 'float32') worst.f32[0] = Math.max(worst.f32[0], e); else worst.f64[0] = Math.max(worst.f64[0], e);
    }
  }
  return { paths: [backends[0]], f32: [worst.f32[0]], f64: [worst.f64[0]], points: worst.points };
}
