// The kernel paths, one suite for both: for each backend ('wasm', the WebAssembly SIMD kernels,
// and 'js', the plain-JS loops) every elementwise activation runs the registry's float32
// fixtures (mpmath, 60 digits) and the edges, with the tolerances of activations.test.ts
// (float32: 1 ULP); the wasm runs assert that the wasm kernel ran. Then a sampled sweep of the
// float32 range (every 4099th bit pattern; NONLIN_SWEEP_STRIDE overrides) against the spec's
// float64 formula, the error bounds of the vector math (exp, expm1, log1p, tanh, erfc), the
// routing (setBackend, dtypes, small arrays), and the module's shape (test/wasm.build.test.ts
// checks that the committed binary is what its sources make).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { array, nn, type NDArray } from '../src/index.js';
import type { ElementwiseSpec } from '../src/nn/index.js';
import { getBackend, setBackend, type Backend } from '../src/kernels/backend.js';
import { wasmKernelCalls } from '../src/kernels/counters.js';
import { elementwise as fastElementwise } from '../src/kernels/elementwise.js';
import { decodeBase64, simdSupported, unshareMemoryImport, wasmKernel, wasmSections } from '../src/kernels/wasm/kernels.js';
import { WASM_BASE64 } from '../src/kernels/wasm/binary.generated.js';
import { FLOAT64_KERNELS } from '../src/kernels/wasm/table.generated.js';
import { heapMemory } from '../src/core/heap.js';
import { normalCdf } from '../src/kernels/js/special.js';
import { ulpErrorF32 } from './helpers/ulp.js';
import { laneEdgeInputs } from './helpers/lanes.js';
import { loadFixture, num, dd, type JsonNumber } from './helpers/fixtures.js';
import { probeExports } from './helpers/wasm-build.js';

/** The forward kernel on float32 x (test shorthand for the dispatch with the result dtype). */
const runWasm = (name: string, x: NDArray, a: number, b: number, out?: NDArray) => fastElementwise(name, x, 'float32', a, b, out);

type Point = [JsonNumber, [JsonNumber, JsonNumber], [JsonNumber, JsonNumber]];
interface ActivationFixture { cases: { params: Record<string, number>; dtype: 'float32' | 'float64'; points: Point[] }[] }
interface Entry { spec: ElementwiseSpec; fn: unknown }

// Tolerance in float32 ULPs, as in activations.test.ts (docs/design.md, Numerics), for every kernel path.
const F32_ULP = 1;
const BACKENDS: readonly Backend[] = ['wasm', 'js'];

const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const elementwise = Object.values(nn.ACTIVATIONS).filter((e) => e.spec.kind === 'elementwise') as unknown as Entry[];

/**
 * f over a float32 array on one path. 'wasm' runs the kernel itself (runWasm, asserting that it
 * ran; the public API's routing has its own test below), 'js' the public function with the JS
 * backend forced. Parameters are rounded to float32 first, as applyElementwise does.
 */
function run(path: Backend, entry: Entry, xs: Float32Array, params: readonly number[]): Float32Array {
  const x = array(xs);
  try {
    if (path === 'wasm') {
      const [a = 0, b = 0] = params.map(Math.fround);
      const out = runWasm(entry.spec.name, x, a, b);
      assert.ok(out, `${entry.spec.name}: the wasm kernel did not run (n = ${xs.length})`);
      const v = out.toTypedArray() as Float32Array;
      out.dispose();
      return v;
    }
    const before = wasmKernelCalls(entry.spec.name);
    setBackend('js');
    try {
      const out = (entry.fn as (x: NDArray, ...p: number[]) => NDArray)(x, ...params);
      const v = out.toTypedArray() as Float32Array;
      out.dispose();
      assert.equal(wasmKernelCalls(entry.spec.name), before, `${entry.spec.name}: setBackend('js') still ran the wasm kernel`);
      return v;
    } finally {
      setBackend('wasm');
    }
  } finally {
    x.dispose();
  }
}

/** The spec's float64 formula (the JS path rounds it once to float32). */
const reference = (spec: ElementwiseSpec, x: number, params: readonly number[]) => {
  const [a = 0, b = 0] = params.map(Math.fround);
  return spec.f(x, a, b);
};

/**
 * Error of a float32 result in ULPs against a float64 reference r: NaN must give NaN, an exact
 * zero its signed zero, a result beyond float32's range its infinity; a zero result must have
 * the sign of r. Otherwise |got − r| in float32 ULPs at r.
 */
function offBy(got: number, r: number): number {
  if (Number.isNaN(r) || Number.isNaN(got)) return Number.isNaN(r) && Number.isNaN(got) ? 0 : Infinity;
  if (r === 0 || !Number.isFinite(Math.fround(r))) return Object.is(got, Math.fround(r)) ? 0 : Infinity;
  if (got === 0 && (1 / got > 0) !== (r > 0)) return Infinity;
  return ulpErrorF32(got, r);
}

const EDGES = [
  NaN, -Infinity, Infinity, -0, 0, 2 ** -149, -(2 ** -149), 2 ** -126, -(2 ** -126), 1e-40, -1e-40, 1e-30, -1e-30,
  2.8e-8, -2.8e-8, 1e-7, -1e-7, 0.5, -0.5, 1, -1, 1.5, -1.5, 3, -3, 6, -6, 10, -10, 13, -13, 14.5, -14.5, 15, -15, 20, -20,
  30, -30, 88.7, -88.7, 103.9, -103.9, 104, -104, 300, -300, 400, -400, 1e4, -1e4, 1e30, -1e30, 3e38, -3e38, 3.4028234663852886e38, -3.4028234663852886e38,
].map(Math.fround);

// Parameter sets: defaults, and the non-default ones the fixtures use.
function paramSets(entry: Entry): number[][] {
  const { spec } = entry;
  const fixture = loadFixture<ActivationFixture>(`activations/${spec.mlxName}.json`);
  const sets = fixture.cases.filter((c) => c.dtype === 'float32').map((c) => spec.params.map((p) => c.params[snake(p.name)] ?? p.default));
  return sets.length ? sets : [spec.params.map((p) => p.default)];
}

const report = new Map<string, { fixture: number; sweep?: number; differ?: number }>();

for (const path of BACKENDS) {
  for (const entry of elementwise) {
    const { spec } = entry;
    test(`[${path}] ${spec.name}: float32 fixtures within ${F32_ULP} ULP of mpmath, for every parameter set`, () => {
      const fixture = loadFixture<ActivationFixture>(`activations/${spec.mlxName}.json`);
      const problems: string[] = [];
      let worstAll = 0;
      for (const c of fixture.cases.filter((k) => k.dtype === 'float32')) {
        const params = spec.params.map((p) => c.params[snake(p.name)] ?? p.default);
        const xs = new Float32Array(c.points.map((p) => num(p[0])));
        assert.ok(xs.byteLength > 512, 'fixture arrays live in the heap');
        const got = run(path, entry, xs, params);
        let worst = 0, worstX = NaN;
        c.points.forEach((p, i) => {
          const err = ulpErrorF32(got[i], dd(p[1]));
          if (!(err <= worst)) { worst = err; worstX = xs[i]; }
        });
        worstAll = Math.max(worstAll, worst);
        if (!(worst <= F32_ULP)) problems.push(`${JSON.stringify(c.params)}: off by ${worst} ULP at x = ${worstX}`);
      }
      if (path === 'wasm') report.set(spec.name, { fixture: worstAll });
      assert.deepEqual(problems, []);
    });

    test(`[${path}] ${spec.name}: edges (NaN, ±∞, ±0, subnormals, kinks and neighbours, overflow thresholds) and the tail lanes`, () => {
      for (const params of paramSets(entry)) {
        const [a = 0, b = 0] = params.map(Math.fround);
        const xs = laneEdgeInputs(spec, a, b, EDGES);
        const got = run(path, entry, xs, params);
        const bad: string[] = [];
        xs.forEach((x, i) => {
          const ref = reference(spec, x, params);
          if (!(offBy(got[i], ref) <= F32_ULP)) bad.push(`f(${x}) = ${got[i]}, expected ${ref} (float64)`);
        });
        // The tail (n = 4k + 1, 4k + 2, 4k + 3) gives the same bits as the vector body.
        for (const n of [129, 130, 131]) {
          const tail = run(path, entry, xs.slice(0, n), params);
          for (let i = 0; i < n; i++) if (!Object.is(tail[i], got[i])) bad.push(`n = ${n}: element ${i} differs (${tail[i]} vs ${got[i]})`);
        }
        assert.deepEqual([...new Set(bad)].slice(0, 10), [], `${spec.name}(${params})`);
      }
    });
  }

  test(`[${path}] peer failures are exact here (float32, in the heap)`, () => {
    const at = (name: string, x: number, params: number[] = []) => {
      const entry = elementwise.find((e) => e.spec.name === name)!;
      return run(path, entry, new Float32Array(200).fill(x), params)[199];
    };
    const close = (got: number, want: number, what: string) => assert.ok(ulpErrorF32(got, want) <= 1, `${what} = ${got}, expected ${want}`);
    close(at('elu', -2.8e-8, [1]), Math.expm1(Math.fround(-2.8e-8)), 'elu(-2.8e-8)');
    close(at('gelu', -10), -7.619853024160526e-23, 'gelu(-10)');
    assert.ok(at('geluApprox', -10) < 0, 'geluApprox(-10) is a tiny negative number, not 0');
    close(at('hardswish', 6e37), Math.fround(6e37), 'hardswish(6e37)');
    close(at('sigmoid', -100), 3.720075976020836e-44, 'sigmoid(-100)');
    close(at('softplus', 1e4), 1e4, 'softplus(1e4)');
    close(at('logSigmoid', -1e4), -1e4, 'logSigmoid(-1e4)');
    assert.ok(Object.is(at('silu', -Infinity), -0) && Object.is(at('mish', -Infinity), -0), 'silu(-∞) = mish(-∞) = -0');
    assert.ok(at('softsign', Infinity) === 1 && at('softsign', -Infinity) === -1, 'softsign(±∞) = ±1');
    assert.ok(Object.is(at('relu', -0), 0), 'relu(-0) = +0');
  });
}

test('[wasm] sampled float32 sweep: every kernel within 1 ULP of its float64 formula (default parameters)', { timeout: 60_000 }, (t) => {
  const stride = Number(process.env.NONLIN_SWEEP_STRIDE ?? 4099);
  const n = Math.ceil(2 ** 32 / stride);
  const bits = new Uint32Array(n);
  for (let i = 0; i < n; i++) bits[i] = i * stride;
  const xs = new Float32Array(bits.buffer);
  const problems: string[] = [];
  for (const entry of elementwise) {
    const { spec } = entry;
    const params = spec.params.map((p) => p.default);
    const [a = 0, b = 0] = params.map(Math.fround);
    const got = run('wasm', entry, xs, params);
    let worst = 0, worstX = NaN, mismatches = 0, differ = 0;
    for (let i = 0; i < n; i++) {
      const r = spec.f(xs[i], a, b);
      if (!Object.is(got[i], Math.fround(r)) && !(r !== r && got[i] !== got[i])) differ++;
      const err = offBy(got[i], r);
      if (err === Infinity) { mismatches++; if (mismatches <= 3) problems.push(`${spec.name}(${xs[i]}) = ${got[i]}, expected ${r} (float64)`); }
      else if (err > worst) { worst = err; worstX = xs[i]; }
    }
    report.set(spec.name, { ...report.get(spec.name) ?? { fixture: NaN }, sweep: worst, differ });
    if (!(worst <= F32_ULP)) problems.push(`${spec.name}: off by ${worst} ULP at x = ${worstX}`);
  }
  t.diagnostic(`${n} inputs (stride ${stride}); max error in float32 ULPs, fixtures / sweep; sweep results that differ from the JS path's bits:`);
  for (const [name, r] of report) t.diagnostic(`  ${name}: ${r.fixture.toFixed(6)} / ${r.sweep?.toFixed(6)}; ${r.differ} differ`);
  assert.deepEqual(problems, []);
});

const probes = await probeExports();

// The probes are the test binary's exports (src/kernels/wasm/assembly/probes.ts, compiled in
// memory from the same math.ts): the shipped binary has none.
test('[wasm] vector math: measured relative error of exp, expm1, log1p, tanh and erfc', { skip: !probes && 'assemblyscript is not installed' }, (t) => {
  const exports = probes!;
  const N = 200_003;
  const measure = (name: string, lo: number, hi: number, ref: (x: number) => number, bound: number) => {
    const xs = new Float64Array(N);
    for (let i = 0; i < N; i++) xs[i] = lo + ((hi - lo) * i) / (N - 1);
    const x = array(xs);
    const out = array(new Float64Array(N));
    exports[name](out.storage.heapOffset, x.storage.heapOffset, N);
    const got = out.toTypedArray();
    let worst = 0, worstX = NaN;
    for (let i = 0; i < N; i++) {
      const r = ref(xs[i]);
      const err = r === 0 ? Math.abs(got[i]) : Math.abs(got[i] - r) / Math.abs(r);
      if (!(err <= worst)) { worst = err; worstX = xs[i]; }
    }
    x.dispose(); out.dispose();
    t.diagnostic(`${name} on [${lo}, ${hi}]: max relative error 2^${Math.log2(worst).toFixed(1)} at x = ${worstX}`);
    assert.ok(worst <= bound, `${name}: 2^${Math.log2(worst).toFixed(1)} at ${worstX} exceeds 2^${Math.log2(bound)}`);
  };
  measure('mathExp', -708, 709, Math.exp, 2 ** -41);
  measure('mathExpm1', -40, 40, Math.expm1, 2 ** -41);
  measure('mathExpm1', -1e-3, 1e-3, Math.expm1, 2 ** -41);
  measure('mathLog1p', 0, 1, Math.log1p, 2 ** -42);
  measure('mathTanh', -20, 20, Math.tanh, 2 ** -41);
  measure('mathErfc', -15.2, 15.2, (x) => 2 * normalCdf(-Math.abs(x)), 2 ** -38);
  // The forward kernels' float32-accuracy variants: 2^-30 keeps a float32 result within 0.52 ULP.
  measure('mathExpF', -708, 709, Math.exp, 2 ** -30);
  measure('mathExpm1F', -40, 40, Math.expm1, 2 ** -30);
  measure('mathExpm1F', -1e-3, 1e-3, Math.expm1, 2 ** -30);
  measure('mathLog1pF', 0, 1, Math.log1p, 2 ** -30);
  measure('mathErfcF', -15, 15, (x) => 2 * normalCdf(-Math.abs(x)), 2 ** -30);
  measure('mathSigmoidF', -708, 708, (x) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x))), 2 ** -30);
  // log1p's 2^-30.2 and the exponential's 2^-32.6 add up at the branch point, e^x = √2 − 1.
  measure('mathLog1pExpF', -708, 0, (x) => Math.log1p(Math.exp(x)), 2 ** -29.5);
});

test('routing: float32 and 16-bit arrays take the wasm kernels wherever they live, float64 its float64 kernel where there is one; setBackend(\'js\') and integers do not', () => {
  assert.equal(simdSupported(), true, 'Node 20 has WebAssembly SIMD');
  assert.equal(getBackend(), 'wasm');
  const xs = new Float32Array(300).map((_, i) => (i - 150) / 10);
  const x = array(xs);
  for (const entry of elementwise) {
    const name = entry.spec.name;
    const fn = entry.fn as (x: NDArray) => NDArray;
    // 16-bit arrays run the float32 kernel staged, or the activation's 16-bit kernel.
    const calls = () => wasmKernelCalls(name) + wasmKernelCalls(`${name}F16`) + wasmKernelCalls(`${name}Bf16`);
    const before = calls();
    fn(x).dispose();
    assert.equal(calls(), before + 1, `${name}: public API on a float32 heap array`);
    fn(array(xs.slice(0, 100))).dispose(); // 400 bytes: not in the heap, staged
    fn(array(xs, 'float16')).dispose();
    fn(array(xs, 'bfloat16')).dispose();
    assert.equal(calls(), before + 4, `${name}: small float32, float16 and bfloat16 arrays`);
    setBackend('js');
    fn(x).dispose();
    fn(array(new Float64Array(xs))).dispose();
    setBackend('wasm');
    fn(array(xs, 'int32')).dispose(); // integer input: float32 result, JS loop
    assert.equal(calls(), before + 4, `${name}: JS path for the js backend and integer input`);
    const before64 = wasmKernelCalls(`${name}F64`);
    fn(array(new Float64Array(xs))).dispose();
    assert.equal(wasmKernelCalls(`${name}F64`), before64 + (Object.hasOwn(FLOAT64_KERNELS, name) ? 1 : 0), `${name}: float64 runs its float64 kernel where it has one`);
  }
  const viaName = fastElementwise('relu', x, 'float32', 0, 0);
  assert.ok(viaName, 'nn.relu runs its kernel');
  assert.deepEqual([...viaName.toTypedArray()], [...xs].map((v) => (v <= 0 ? 0 : v)));
  assert.equal(fastElementwise('keras.relu', x, 'float32', 0, 0), undefined, "Keras' general relu has no kernel of its own");
  assert.equal(fastElementwise('noSuchKernel', x, 'float32', 0, 0), undefined);
  assert.throws(() => setBackend('gpu' as Backend), /setBackend: argument 'backend' is "gpu"/);
  x.dispose();
  const d = array(xs);
  d.dispose();
  assert.throws(() => nn.sigmoid(d), /disposed/);
});

test('wasm kernels write exactly n elements and never touch their input', () => {
  const kernel = wasmKernel('sigmoid')!;
  const src = array(new Float32Array(256).map((_, i) => i / 7 - 18));
  const before = [...src.toTypedArray()];
  for (const n of [0, 1, 2, 3, 4, 5, 129, 130, 131]) {
    const dst = array(new Float32Array(256).fill(42));
    kernel(dst.storage.heapOffset, src.storage.heapOffset, n, 0, 0);
    const got = dst.toTypedArray();
    for (let i = 0; i < 256; i++) {
      if (i < n) assert.equal(got[i], Math.fround(1 / (1 + Math.exp(-before[i]))), `n = ${n}, element ${i}`);
      else assert.equal(got[i], 42, `n = ${n}: element ${i} was written`);
    }
    dst.dispose();
  }
  assert.deepEqual([...src.toTypedArray()], before);
});

test('the module has no data segments and works on a non-shared memory when patched', () => {
  const bytes = decodeBase64(WASM_BASE64);
  // Section ids: 11 (data) and 8 (start) would write into the heap on instantiation.
  const ids = wasmSections(bytes).map((s) => s.id);
  assert.ok(!ids.includes(11) && !ids.includes(8), `sections ${ids}`);
  assert.ok(heapMemory().buffer instanceof SharedArrayBuffer);
  unshareMemoryImport(bytes);
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 65536 });
  const { exports } = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
  const view = new Float32Array(memory.buffer, 64, 8);
  view.set([-2, -1, -0, 0, 1, 2, NaN, Infinity]);
  (exports.relu6 as (d: number, s: number, n: number, a: number, b: number) => void)(128, 64, 8, 0, 0);
  assert.deepEqual([...new Float32Array(memory.buffer, 128, 8)], [0, 0, 0, 0, 1, 2, NaN, 6]);
});
