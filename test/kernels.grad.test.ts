// The backward kernels, g·f'(x), on both paths ('wasm': the WebAssembly SIMD kernels `<name>Grad`,
// 'js': the plain-JS loop over spec.df). For each backend every elementwise activation runs the
// derivative fixtures (third column of test/fixtures/activations/*.json, mpmath) through the public
// `grad`, and the edges with random cotangents through `vjp`; the wasm kernels then run a sampled
// sweep of the float32 range (every 4099th bit pattern; NONLIN_SWEEP_STRIDE overrides), plus the
// floats nearest the zeros of f', against g·spec.df(x) in float64. Contract: within 2 float32 ULP
// of the correctly rounded product (measured: 0.5, and bit-identical to the JS path).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { array, grad, nn, reshape, sum, vjp, type NDArray } from '../src/index.js';
import type { ElementwiseSpec } from '../src/nn/index.js';
import { setBackend, type Backend } from '../src/kernels/backend.js';
import { wasmKernelCalls } from '../src/kernels/counters.js';
import { elementwiseGrad as runWasmGrad } from '../src/kernels/elementwise.js';
import { applyElementwiseGrad } from '../src/ops/activation.js';
import { ulpErrorF32 } from './helpers/ulp.js';
import { laneEdgeInputs } from './helpers/lanes.js';
import { loadFixture, num, dd, type JsonNumber } from './helpers/fixtures.js';

type Point = [JsonNumber, [JsonNumber, JsonNumber], [JsonNumber, JsonNumber]];
interface ActivationFixture { cases: { params: Record<string, number>; dtype: 'float32' | 'float64'; points: Point[] }[] }
interface Entry { spec: ElementwiseSpec; fn: (x: NDArray, ...params: number[]) => NDArray }

const GRAD_ULP = 2;
const BACKENDS: readonly Backend[] = ['wasm', 'js'];
const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const elementwise = Object.values(nn.ACTIVATIONS).filter((e) => e.spec.kind === 'elementwise') as unknown as Entry[];

/** As in kernels.test.ts: NaN must give NaN, a zero or overflowing reference its exact bits. */
function offBy(got: number, r: number): number {
  if (Number.isNaN(r) || Number.isNaN(got)) return Number.isNaN(r) && Number.isNaN(got) ? 0 : Infinity;
  if (r === 0 || !Number.isFinite(Math.fround(r))) return Object.is(got, Math.fround(r)) ? 0 : Infinity;
  if (got === 0 && (1 / got > 0) !== (r > 0)) return Infinity;
  return ulpErrorF32(got, r);
}

/**
 * g·f'(x) against the float64 reference g·d, d = f'(x): as offBy, except that a nonzero d below
 * float32's range counts as a zero of either sign (the kernels' e^t underflows there), so g·(±0).
 */
function gradOffBy(got: number, g: number, d: number): number {
  if (d !== 0 && Math.fround(d) === 0 && [g * 0, g * -0].some((z) => Object.is(got, Math.fround(z)))) return 0;
  return offBy(got, g * d);
}

// As in autograd.activations.test.ts: a derivative that is zero may be computed with either sign
// (the fixtures' mpmath zeros are signed by the limit, the specs' cut-offs return +0).
const ulpOf = (got: number, ref: [number, number]) => (got === 0 && ref[0] === 0 ? 0 : ulpErrorF32(got, ref));

/** Runs `body` with the backend `path`, asserting that the backward kernel ran (wasm) or did not (js). */
function on<T>(path: Backend, name: string, body: () => T): T {
  const before = wasmKernelCalls(`${name}Grad`);
  setBackend(path);
  try {
    const result = body();
    if (path === 'wasm') assert.ok(wasmKernelCalls(`${name}Grad`) > before, `${name}: the wasm backward kernel did not run`);
    else assert.equal(wasmKernelCalls(`${name}Grad`), before, `${name}: setBackend('js') still ran the wasm backward kernel`);
    return result;
  } finally {
    setBackend('wasm');
  }
}

/** g·f'(x) through vjp (the public API). */
function backward(path: Backend, entry: Entry, xs: Float32Array, gs: Float32Array, params: readonly number[]): Float32Array {
  const x = array(xs);
  const g = array(gs);
  const [[y], [dx]] = on(path, entry.spec.name, () => vjp((t) => entry.fn(t, ...params), [x], [g]));
  const v = dx.toTypedArray() as Float32Array;
  for (const a of [x, g, y, dx]) a.dispose();
  return v;
}

function randomG(n: number, seed: number): Float32Array {
  const gs = new Float32Array(n);
  const special = [1, -1, 3e38, -3e38, 1e-30, -1e-38, 0, -0, Infinity, NaN];
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    gs[i] = i % 5 === 0 ? special[(i / 5) % special.length] : (s / 2 ** 32 - 0.5) * 8;
  }
  return gs;
}

const EDGES = [
  NaN, -Infinity, Infinity, -0, 0, 2 ** -149, -(2 ** -149), 2 ** -126, 1e-30, -1e-30, 2.8e-8, -2.8e-8, 0.5, -0.5, 1, -1,
  -0.7517915, -0.7524614, -0.7511543, -1.2784645, -1.1924312, 3, -3, 6, -6, 9, -9, 10, -10, 15, -15, 20, -20, 30, -30, 38, -38,
  39, -39, 40, -40, 50, -50, 100, -100, 400, -400, 450, -450, 708, -708, 720, -720, 750, -750, 1e4, -1e4, 1e30, -1e30, 3e38, -3e38,
].map(Math.fround);

const report = new Map<string, { fixture: number; sweep?: number; differ?: number }>();

for (const path of BACKENDS) {
  for (const entry of elementwise) {
    const { spec } = entry;
    test(`[${path}] ${spec.name}': float32 derivative fixtures through grad within ${GRAD_ULP} ULP of mpmath`, () => {
      const fixture = loadFixture<ActivationFixture>(`activations/${spec.mlxName}.json`);
      const problems: string[] = [];
      let worstAll = 0;
      for (const c of fixture.cases.filter((k) => k.dtype === 'float32')) {
        const params = spec.params.map((p) => c.params[snake(p.name)] ?? p.default);
        const x = array(new Float32Array(c.points.map((p) => num(p[0]))));
        assert.ok(x.nbytes > 512, 'fixture arrays live in the heap');
        const dx = on(path, spec.name, () => grad((t: NDArray) => sum(entry.fn(t, ...params)))(x));
        const got = dx.toTypedArray();
        let worst = 0, worstX = NaN;
        c.points.forEach((p, i) => {
          const err = ulpOf(got[i], dd(p[2]));
          if (!(err <= worst)) { worst = err; worstX = num(p[0]); }
        });
        x.dispose();
        dx.dispose();
        worstAll = Math.max(worstAll, worst);
        if (!(worst <= GRAD_ULP)) problems.push(`${JSON.stringify(c.params)}: off by ${worst} ULP at x = ${worstX}`);
      }
      if (path === 'wasm') report.set(spec.name, { fixture: worstAll });
      assert.deepEqual(problems, []);
    });

    test(`[${path}] ${spec.name}': edges with random cotangents (±∞, NaN, ±0, huge, tiny) and the tail lanes`, () => {
      const fixture = loadFixture<ActivationFixture>(`activations/${spec.mlxName}.json`);
      const sets = fixture.cases.filter((c) => c.dtype === 'float32').map((c) => spec.params.map((p) => c.params[snake(p.name)] ?? p.default));
      for (const params of sets.length ? sets : [spec.params.map((p) => p.default)]) {
        const [a = 0, b = 0] = params.map(Math.fround);
        const xs = laneEdgeInputs(spec, a, b, EDGES);
        const gs = randomG(xs.length, 99);
        const got = backward(path, entry, xs, gs, params);
        const bad: string[] = [];
        xs.forEach((x, i) => {
          const r = gs[i] * spec.df(x, a, b);
          if (!(gradOffBy(got[i], gs[i], spec.df(x, a, b)) <= GRAD_ULP)) bad.push(`g·f'(${x}) with g = ${gs[i]}: ${got[i]}, expected ${r} (float64)`);
        });
        for (const n of [129, 130, 131]) {
          const tail = backward(path, entry, xs.slice(0, n), gs.slice(0, n), params);
          for (let i = 0; i < n; i++) if (!Object.is(tail[i], got[i])) bad.push(`n = ${n}: element ${i} differs (${tail[i]} vs ${got[i]})`);
        }
        assert.deepEqual([...new Set(bad)].slice(0, 10), [], `${spec.name}'(${params})`);
      }
    });
  }
}

test("[wasm] sampled float32 sweep and the zeros of f': every backward kernel within 2 ULP of g·df in float64", { timeout: 120_000 }, (t) => {
  const stride = Number(process.env.NONLIN_SWEEP_STRIDE ?? 4099);
  const values: number[] = [];
  const word = new Uint32Array(1);
  const float = new Float32Array(word.buffer);
  for (let bits = 0; bits < 2 ** 32; bits += stride) { word[0] = bits; values.push(float[0]); }
  // Every float within 4096 ULP of the zeros of gelu', geluApprox', geluFastApprox', silu', mish'.
  for (const r of [-0.7517915246935645, -0.7524614220710163, -0.751154255441289, -1.2784645427610737, -1.1924312145154952]) {
    float[0] = r;
    const w = word[0];
    for (let k = -4096; k <= 4096; k++) { word[0] = w + k; values.push(float[0]); }
  }
  const xs = new Float32Array(values);
  const gs = randomG(xs.length, 7);
  const x = array(xs);
  const g = array(gs);
  const problems: string[] = [];
  for (const { spec } of elementwise) {
    const [a = 0, b = 0] = spec.params.map((p) => Math.fround(p.default));
    const out = runWasmGrad(spec.name, x, g, a, b);
    assert.ok(out, `${spec.name}: no backward kernel`);
    const got = out.toTypedArray();
    out.dispose();
    let worst = 0, worstX = NaN, differ = 0;
    for (let i = 0; i < xs.length; i++) {
      const r = gs[i] * spec.df(xs[i], a, b);
      if (!Object.is(got[i], Math.fround(r)) && !(r !== r && got[i] !== got[i])) differ++;
      const err = gradOffBy(got[i], gs[i], spec.df(xs[i], a, b));
      if (!(err <= worst)) { worst = err; worstX = xs[i]; }
    }
    report.set(spec.name, { ...report.get(spec.name) ?? { fixture: NaN }, sweep: worst, differ });
    if (!(worst <= GRAD_ULP)) problems.push(`${spec.name}': off by ${worst} ULP at x = ${worstX}`);
  }
  x.dispose();
  g.dispose();
  t.diagnostic(`${xs.length} inputs (stride ${stride}, and the zeros of f'); max error in float32 ULPs, fixtures (g = 1) / sweep (random g); results that differ from the JS path's bits:`);
  for (const [name, r] of report) t.diagnostic(`  ${name}': ${r.fixture.toFixed(4)} / ${r.sweep?.toFixed(4)}; ${r.differ} differ`);
  assert.deepEqual(problems, []);
});

test('backward routing: float32 and 16-bit arrays of one shape take the wasm kernel wherever they live; float64, broadcasting, second order and setBackend(\'js\') do not', () => {
  const sigmoid = elementwise.find((e) => e.spec.name === 'sigmoid')!.spec;
  const xs = new Float32Array(300).map((_, i) => (i - 150) / 10);
  const x = array(xs);
  const g = array(new Float32Array(300).fill(0.5));
  const calls = () => wasmKernelCalls('sigmoidGrad');
  let before = calls();
  applyElementwiseGrad(sigmoid, x, g, 0, 0).dispose();
  assert.equal(calls(), before + 1, 'float32, same shape');
  applyElementwiseGrad(sigmoid, array(xs.slice(0, 100)), array(new Float32Array(100).fill(1)), 0, 0).dispose(); // not in the heap
  applyElementwiseGrad(sigmoid, array(xs, 'float16'), g, 0, 0).dispose();
  applyElementwiseGrad(sigmoid, array(xs, 'bfloat16'), array(new Float32Array(300).fill(0.5), 'bfloat16'), 0, 0).dispose();
  assert.equal(calls(), before + 4, 'small float32, float16 x, bfloat16 x and g');
  before = calls();
  applyElementwiseGrad(sigmoid, x, array(new Float64Array(300).fill(0.5)), 0, 0).dispose(); // float64 result
  applyElementwiseGrad(sigmoid, x, array(new Float32Array([0.5])), 0, 0).dispose(); // broadcast g
  applyElementwiseGrad(sigmoid, x, reshape(g, [1, 300]), 0, 0).dispose(); // same size, other shape (broadcast to [1, 300])
  applyElementwiseGrad(sigmoid, x, g, 0, 0, 2).dispose(); // g·f''
  setBackend('js');
  applyElementwiseGrad(sigmoid, x, g, 0, 0).dispose();
  setBackend('wasm');
  assert.equal(calls(), before, 'JS path');
  assert.equal(runWasmGrad('keras.relu', x, g, 0, 0), undefined);
  assert.equal(runWasmGrad('erf', x, g, 0, 0), undefined, 'core ops with a Derivatives spec have no kernel');
  // Second order through the wasm first-order kernel: grad of grad still works.
  const d2 = grad((t: NDArray) => sum(grad((u: NDArray) => sum(nn.sigmoid(u)))(t)))(x).toTypedArray();
  xs.forEach((v, i) => assert.ok(offBy(d2[i], sigmoid.d2f(v, 0, 0)) <= GRAD_ULP, `sigmoid''(${v})`));
  x.dispose();
  g.dispose();
});
