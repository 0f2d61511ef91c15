// The float64 row kernels (src/kernels/wasm/assembly/rows/*F64.ts: softmax, softmin, logSoftmax,
// glu along the last axis, and prelu, forward and backward), through the public API on float64 arrays, asserted
// to have run through wasmKernelCalls('<name>F64'): every float64 fixture row (mpmath, 60 digits),
// forward and Jᵀg, within 2 float64 ULP per entry (the float64 contract), rows tiled into the
// heap (every tile row the same bits) and untiled (small arrays, staged: the same bits again); then
// rows with ±0, ±∞, NaN, subnormals and |x| in the hundreds against the JS lanes (setBackend('js'));
// glu; prelu (the JS path's bits); and the same bits for a row alone, in a large array, under heap
// pressure and on two threads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { array, heapStats, nn, setHeapSoftLimit, setNumThreads, threadsReady, vjp, type NDArray } from '../src/index.js';
import { overrideThreadMinimum } from '../src/kernels/threads.js';
import { setBackend } from '../src/kernels/backend.js';
import { wasmKernelCalls } from '../src/kernels/counters.js';
import { rowActivationGrad } from '../src/kernels/rows.js';
import { ulpErrorF64 } from './helpers/ulp.js';
import { loadFixture, num, dd, type JsonNumber } from './helpers/fixtures.js';
import { rng } from './helpers/gradcheck.js';

const F64_ULP = 2;
const F64 = (xs: ArrayLike<number>) => array(Float64Array.from(xs));
type RowFn = (x: NDArray, axis?: number) => NDArray;
const ROW_FNS: readonly { file: string; fn: RowFn; name: string }[] = [
  { file: 'softmax', fn: nn.softmax, name: 'softmax' },
  { file: 'softmin', fn: nn.softmin, name: 'softmin' },
  { file: 'log_softmax', fn: nn.logSoftmax, name: 'logSoftmax' },
  { file: 'glu', fn: nn.glu, name: 'glu' },
];

interface RowFixture {
  cases: { dtype: 'float32' | 'float64'; axis: number; rows: { x: JsonNumber[]; y: [JsonNumber, JsonNumber][]; g: JsonNumber[]; vjp: [JsonNumber, JsonNumber][] | null }[] }[];
}

/** Runs body, asserting that the kernel `counter` ran exactly once. */
function once<T>(counter: string, body: () => T): T {
  const before = wasmKernelCalls(counter);
  const out = body();
  assert.equal(wasmKernelCalls(counter) - before, 1, `${counter} ran`);
  return out;
}

/** A row repeated into [R, L] float64, R large enough for the array to live in the heap. */
function tile(row: readonly number[]): NDArray {
  const L = row.length, R = Math.ceil(80 / L) + 1;
  const data = new Float64Array(R * L);
  for (let r = 0; r < R; r++) data.set(row, r * L);
  const x = array(data).reshape([R, L]);
  assert.ok(x.storage.inHeap, 'the tiled array lives in the heap');
  return x;
}

const bitsOf = (v: ArrayLike<number>) => Array.from(new Uint32Array(Float64Array.from(v).buffer));

/** Row 0 of a tiled result, after checking that every row has its bits. */
function firstRow(a: NDArray, what: string): Float64Array {
  const v = a.toTypedArray() as Float64Array;
  const L = a.shape[1];
  const first = v.slice(0, L);
  for (let at = L; at < v.length; at += L) assert.deepEqual(bitsOf(v.subarray(at, at + L)), bitsOf(first), `${what}: row ${at / L}`);
  return first;
}

// A zero Jᵀg entry may come with either sign.
const errOf = (got: number, ref: [number, number]) => (got === 0 && ref[0] === 0 ? 0 : ulpErrorF64(got, ref));

for (const { file, fn, name } of ROW_FNS) {
  test(`[wasm f64] ${name}: float64 fixtures, forward and Jᵀg within ${F64_ULP} ULP per entry of mpmath, tiled and untiled alike`, (t) => {
    const fixture = loadFixture<RowFixture>(`rows/${file}.json`);
    const problems: string[] = [];
    let worstY = 0, worstD = 0, rows = 0;
    for (const c of fixture.cases.filter((k) => k.dtype === 'float64')) {
      for (const row of c.rows) {
        rows++;
        const xs = row.x.map(num);
        const label = `[${xs.slice(0, 4)}${xs.length > 4 ? ',…' : ''}]`;
        const x = tile(xs);
        const y = firstRow(once(`${name}F64`, () => fn(x)), `${name}${label}`);
        const small = once(`${name}F64`, () => fn(array(new Float64Array(xs)))).toTypedArray() as Float64Array;
        assert.deepEqual(bitsOf(small), bitsOf(y), `${name}${label}: untiled (staged) gives the tiled bits`);
        row.y.forEach((ref, i) => {
          const err = ulpErrorF64(y[i], dd(ref));
          worstY = Math.max(worstY, err);
          if (!(err <= F64_ULP)) problems.push(`forward ${label} entry ${i}: ${y[i]} vs ${dd(ref)[0]} (${err} ULP)`);
        });
        if (row.vjp === null) continue;
        const gs = row.g.map(num);
        const R = x.shape[0];
        const g = array(Float64Array.from({ length: R * gs.length }, (_, i) => gs[i % gs.length])).reshape([R, gs.length]);
        const [, [dx]] = once(`${name}F64Grad`, () => vjp((u: NDArray) => fn(u), [x], [g]));
        const d = firstRow(dx, `${name}' ${label}`);
        row.vjp.forEach((ref, i) => {
          const err = errOf(d[i], dd(ref));
          worstD = Math.max(worstD, err);
          if (!(err <= F64_ULP)) problems.push(`Jᵀg ${label} entry ${i}: ${d[i]} vs ${dd(ref)[0]} (${err} ULP)`);
        });
      }
    }
    assert.ok(rows > 0);
    t.diagnostic(`max error in float64 ULPs over ${rows} rows: forward ${worstY.toFixed(3)}, Jᵀg ${worstD.toFixed(3)}`);
    assert.deepEqual(problems.slice(0, 10), []);
  });
}

const SPECIALS = [0, -0, Infinity, -Infinity, NaN, 5e-324, -5e-324, 2.2250738585072014e-308, 1e-300, 300, -300, 700, -700, 745, -745, 1e300, -1e300, 1.7976931348623157e308, -1.7976931348623157e308];

/** Rows of length L: random in [−6, 6] (some ±300), then each special value at a few positions, a row of all −∞ and rows far apart. */
function edgeRows(L: number): number[][] {
  const rand = rng(L * 31 + 7);
  const base = () => Array.from({ length: L }, () => (rand() < 0.15 ? (rand() - 0.5) * 600 : (rand() - 0.5) * 12));
  const rows = [base(), base()];
  for (const v of SPECIALS) for (const at of new Set([0, L >> 1, L - 1])) { const r = base(); r[at] = v; rows.push(r); }
  rows.push(Array(L).fill(-Infinity), Array(L).fill(0), Array.from({ length: L }, (_, i) => -720 - i), Array.from({ length: L }, (_, i) => 400 * i - 300));
  return rows;
}

/** got against the JS lane's value r: NaN, ±∞ exactly; zeros equal (as values); finite within `ulps`·(unit of `scale`). */
function close(got: number, r: number, ulps: number, scale: number): boolean {
  if (Number.isNaN(r) || !Number.isFinite(r)) return Object.is(got, r);
  if (r === 0 || got === 0) return Math.abs(got - r) <= ulps * 2 ** -52 * scale || (got === 0 && r === 0);
  return ulpErrorF64(got, r) <= ulps || Math.abs(got - r) <= ulps * 2 ** -52 * scale;
}

for (const { fn, name } of ROW_FNS) {
  test(`[wasm f64] ${name}: rows with ±0, ±∞, NaN, subnormals and |x| in the hundreds agree with the JS lanes (L = 1 to 9, 64)`, () => {
    const problems: string[] = [];
    for (const L of name === 'glu' ? [2, 4, 6, 10, 18, 64] : [1, 2, 3, 4, 5, 7, 9, 64]) {
      for (const row of edgeRows(L)) {
        const gs = row.slice(0, name === 'glu' ? L / 2 : L).map((_, i) => ((i * 7) % 5) - 2.25);
        const run = () => {
          const x = array(new Float64Array(row)), g = array(new Float64Array(gs));
          const [[y], [d]] = vjp((u: NDArray) => fn(u), [x], [g]);
          return [y.toTypedArray() as Float64Array, d.toTypedArray() as Float64Array];
        };
        const before = wasmKernelCalls(`${name}F64Grad`);
        const [y, d] = run();
        assert.equal(wasmKernelCalls(`${name}F64Grad`) - before, 1, `${name}F64Grad ran`);
        setBackend('js');
        let ref: Float64Array[];
        try { ref = run(); } finally { setBackend('wasm'); }
        const largest = Math.max(...ref[1].map((v) => (Number.isFinite(v) ? Math.abs(v) : 0)));
        // The JS forward is within 0.5 ULP (glu's 1.7); its VJP sums in plain float64 (8 ULPs of the row's largest entry).
        y.forEach((v, i) => {
          // glu's JS lane rounds σ(b) to a subnormal first below b ≈ −708: there the reference is a·e^b/(1 + e^b) rounded once.
          const sub = name === 'glu' && row[i + L / 2] < -700;
          const ok = sub ? Math.abs(v - (row[i] * Math.exp(row[i + L / 2] + 700)) * Math.exp(-700)) <= 2 ** -1073 || Object.is(v, ref[0][i]) : close(v, ref[0][i], F64_ULP + 1, 0);
          if (!ok) problems.push(`${name}([${row}])[${i}] = ${v}, JS ${ref[0][i]}`);
        });
        d.forEach((v, i) => {
          // glu below b = −700 (σ' = e^b(1 − 2e^b + …)): against e^b·g and a·e^b·g rounded once, as above.
          const b = name === 'glu' ? row[i < L / 2 ? i + L / 2 : i] : 0;
          const tiny = name === 'glu' && b < -700 && Number.isFinite(row[i % (L / 2)]);
          const want = tiny ? ((i < L / 2 ? 1 : row[i - L / 2]) * gs[i % (L / 2)] * Math.exp(b + 700)) * Math.exp(-700) : 0;
          const ok = tiny ? Math.abs(v - want) <= 2 ** -1073 || Object.is(v + 0, ref[1][i] + 0) : close(v + 0, ref[1][i] + 0, 8, largest);
          if (!ok) problems.push(`${name}'([${row}]; g)[${i}] = ${v}, JS ${ref[1][i]}`);
        });
      }
    }
    assert.deepEqual(problems.slice(0, 10), []);
  });
}

test('[wasm f64] routing: float64 rows along the last axis take the float64 kernels; mixed float64/float32 operands and other axes do not', () => {
  const x = array(new Float64Array(200).map((_, i) => Math.sin(i))).reshape([20, 10]);
  const before = wasmKernelCalls('softmaxF64');
  nn.softmax(x).dispose();
  nn.softmax(x, 0).dispose(); // another axis: the JS lanes
  assert.equal(wasmKernelCalls('softmaxF64') - before, 1);
  const g32 = array(new Float32Array(200).fill(0.5)).reshape([20, 10]);
  assert.equal(rowActivationGrad('softmax', x, g32, 1), undefined, 'a float32 cotangent: no kernel');
  assert.equal(rowActivationGrad('softmax', x.astype('float32'), g32.astype('float64'), 1), undefined, 'a float32 x: no kernel');
  const g64 = array(new Float64Array(200).fill(0.5)).reshape([20, 10]);
  assert.equal(rowActivationGrad('softmax', x, g64, 1)?.dtype, 'float64');
});

test('[wasm f64] prelu: the float64 kernels give the JS path\'s bits (forward, ∂x) and a float64-summed ∂α, for the weight shapes of nn.PReLU, in and outside the heap', () => {
  const r = rng(12);
  const specials = [0, -0, Infinity, -Infinity, NaN, 5e-324, -5e-324, 1e-310, -1e300, 1.7976931348623157e308, -300];
  for (const [shape, wshape] of [[[200, 7], [7]], [[40, 16], [16]], [[3, 50, 5], [1, 5]], [[301], [1]], [[30, 10], []], [[130], [130]], [[5, 3], [3]]] as [number[], number[]][]) {
    const n = shape.reduce((a, b) => a * b, 1);
    const xs = Float64Array.from({ length: n }, (_, i) => (i % 11 === 0 ? specials[(i / 11) % specials.length] : (r() - 0.5) * 10));
    const x = F64(xs).reshape(shape);
    const w = F64(Array.from({ length: wshape.reduce((a, b) => a * b, 1) }, () => r() - 0.25)).reshape(wshape);
    const g = F64(Array.from({ length: n }, () => r() - 0.5)).reshape(shape);
    const wasm = once('preluF64', () => nn.prelu(x, w)).toTypedArray();
    const [, [dxw, dww]] = once('preluF64Grad', () => vjp((u: NDArray, v: NDArray) => nn.prelu(u, v), [x, w], [g]));
    setBackend('js');
    let js: Float64Array, dxj: NDArray;
    try {
      js = nn.prelu(x, w).toTypedArray() as Float64Array;
      dxj = vjp((u: NDArray, v: NDArray) => nn.prelu(u, v), [x, w], [g])[1][0];
    } finally { setBackend('wasm'); }
    assert.deepEqual(bitsOf(wasm), bitsOf(js), `${shape}/${wshape}: forward`);
    assert.deepEqual(bitsOf(dxw.toTypedArray()), bitsOf(dxj.toTypedArray()), `${shape}/${wshape}: ∂x`);
    assert.deepEqual(dww.shape, wshape);
    const c = w.size, gs = g.toTypedArray(), ref = new Float64Array(c), mag = new Float64Array(c);
    xs.forEach((v, i) => { if (!(v > 0)) { ref[i % c] += gs[i] * v; mag[i % c] += Math.abs(gs[i] * v); } });
    dww.toTypedArray().forEach((v, k) => {
      if (!Number.isFinite(ref[k])) assert.ok(Object.is(v, ref[k]) || (Number.isNaN(v) && Number.isNaN(ref[k])), `∂α[${k}] = ${v}, expected ${ref[k]}`);
      else assert.ok(Math.abs(v - ref[k]) <= 2 ** -50 * mag[k], `${shape}/${wshape}: ∂α[${k}] = ${v}, expected ${ref[k]}`);
    });
  }
});

test('[wasm f64] one execution path: a row alone, the large array, past the heap\'s soft limit and on two threads give the same bits (softmax, softmin, logSoftmax, glu, prelu)', async () => {
  const ROW = 64, R = 64;
  const r = rng(5);
  const specials = [0, -0, Infinity, -Infinity, NaN, 5e-324, -720, 700, 1e300, -1e300];
  const xs = Float64Array.from({ length: R * ROW }, (_, i) => (i % 37 === 5 ? specials[(i / 37 | 0) % specials.length] : (r() - 0.5) * (i % 13 === 0 ? 1500 : 24) * (1 + 1e-9 * i)));
  xs.fill(-Infinity, ROW, 2 * ROW); // a row of all −∞
  xs.fill(3, 2 * ROW, 3 * ROW); // a row of ties
  const gs = Float64Array.from({ length: R * ROW }, () => r() - 0.5);
  const alpha = F64(Array.from({ length: ROW }, (_, i) => (i - 20) / 16));
  const fns: [string, (u: NDArray) => NDArray][] = [
    ...ROW_FNS.map(({ name, fn }) => [name, (u: NDArray) => fn(u)] as [string, (u: NDArray) => NDArray]),
    ['prelu', (u: NDArray) => nn.prelu(u, alpha)],
  ];
  const run = (name: string, f: (u: NDArray) => NDArray, rows: number, from = 0): [number[], number[]] => {
    const w = name === 'glu' ? ROW / 2 : ROW;
    const x = F64(xs.subarray(from * ROW, (from + rows) * ROW)).reshape([rows, ROW]);
    const g = F64(gs.subarray(from * w, (from + rows) * w)).reshape([rows, w]);
    const [[y], [dx]] = vjp(f, [x], [g]);
    return [bitsOf(y.toTypedArray()), bitsOf(dx.toTypedArray())];
  };
  await threadsReady();
  const limit = heapStats().softLimitBytes;
  for (const [name, f] of fns) {
    setNumThreads(1);
    const before = wasmKernelCalls(`${name}F64Grad`);
    const want = run(name, f, R);
    assert.ok(wasmKernelCalls(`${name}F64Grad`) > before, `${name}: the float64 kernel ran`);
    const w = name === 'glu' ? ROW / 2 : ROW;
    for (let row = 0; row < R; row += 7) {
      const [y, d] = run(name, f, 1, row);
      assert.deepEqual(y, want[0].slice(2 * w * row, 2 * w * (row + 1)), `${name}: row ${row} alone, forward`);
      assert.deepEqual(d, want[1].slice(2 * ROW * row, 2 * ROW * (row + 1)), `${name}: row ${row} alone, backward`);
    }
    setHeapSoftLimit(0);
    try { assert.deepEqual(run(name, f, R), want, `${name} under heap pressure`); } finally { setHeapSoftLimit(limit); }
    overrideThreadMinimum(256);
    setNumThreads(2);
    try { assert.deepEqual(run(name, f, R), want, `${name} on 2 threads`); } finally { overrideThreadMinimum(undefined); setNumThreads(1); }
  }
});

test('[wasm f64] VJP rows whose g has ±∞, NaN or |g| ≥ 2^960 (the plain float64 formula) agree with the JS lanes', () => {
  const problems: string[] = [];
  for (const { fn, name } of ROW_FNS) {
    for (const L of name === 'glu' ? [2, 6, 10] : [1, 3, 8, 11]) {
      const w = name === 'glu' ? L / 2 : L;
      for (const special of [Infinity, -Infinity, NaN, 1e300, -3e299, 2 ** 960]) {
        for (const at of new Set([0, w >> 1, w - 1])) {
          const xs = Array.from({ length: L }, (_, i) => Math.sin(3 * i + L) * 4);
          const gs = Array.from({ length: w }, (_, i) => Math.cos(i + L) * 2);
          gs[at] = special;
          const run = () => vjp((u: NDArray) => fn(u), [F64(xs)], [F64(gs)])[1][0].toTypedArray() as Float64Array;
          const got = run();
          setBackend('js');
          let ref: Float64Array;
          try { ref = run(); } finally { setBackend('wasm'); }
          const largest = Math.max(...ref.map((v) => (Number.isFinite(v) ? Math.abs(v) : 0)));
          got.forEach((v, i) => { if (!close(v + 0, ref[i] + 0, 8, largest)) problems.push(`${name}'([${xs}]; [${gs}])[${i}] = ${v}, JS ${ref[i]}`); });
        }
      }
    }
  }
  assert.deepEqual(problems.slice(0, 10), []);
});
