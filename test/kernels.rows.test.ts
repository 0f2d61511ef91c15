// The row kernels (softmax, softmin, logSoftmax, glu along the last axis) and prelu, one suite for
// both paths: 'wasm' (src/kernels/wasm/assembly/rows/, asserted to have run through
// wasmKernelCalls) and 'js' (setBackend('js'), asserted not to). The mpmath fixtures
// (test/fixtures/rows/*.json, forward and Jᵀg) are tiled into [R, L] arrays large enough to live in
// the heap; every tile row must come out the same. Then the lane edges (L = 1 to 34, odd and not a
// multiple of 4, with ±∞, NaN, ±3.4e38, all −∞ at every position) and random rows, wasm against
// JS; prelu's weight layouts; and the routing (other axes, dtypes, weight shapes stay on JS).
// Tolerance: 1 float32 ULP per entry (docs/design.md, Numerics), as activations.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { array, nn, vjp, type NDArray } from '../src/index.js';
import { setBackend, type Backend } from '../src/kernels/backend.js';
import { wasmKernelCalls } from '../src/kernels/counters.js';
import { ulpErrorF32 } from './helpers/ulp.js';
import { loadFixture, num, dd, type JsonNumber } from './helpers/fixtures.js';
import { rng } from './helpers/gradcheck.js';

const F32_ULP = 1;
const BACKENDS: readonly Backend[] = ['wasm', 'js'];
type RowFn = (x: NDArray, axis?: number) => NDArray;
const ROW_FNS: Readonly<Record<string, { fn: RowFn; name: string }>> = {
  softmax: { fn: nn.softmax, name: 'softmax' },
  log_softmax: { fn: nn.logSoftmax, name: 'logSoftmax' },
  softmin: { fn: nn.softmin, name: 'softmin' },
  glu: { fn: nn.glu, name: 'glu' },
};

/**
 * Runs `body` on `path`, asserting that the kernel `counter` ran exactly `times` times (wasm) or
 * never (js).
 */
function on<T>(path: Backend, counter: string, body: () => T, times = 1): T {
  const before = wasmKernelCalls(counter);
  if (path === 'js') setBackend('js');
  try {
    const out = body();
    assert.equal(wasmKernelCalls(counter) - before, path === 'wasm' ? times : 0, `${counter}: the ${path} path ${path === 'wasm' ? 'did not run the wasm kernel' : 'ran the wasm kernel'}`);
    return out;
  } finally {
    setBackend('wasm');
  }
}

/** Rows enough for [R, L] and glu's [R, L/2] to take more than 512 bytes (so to live in the heap). */
const rowsFor = (L: number) => Math.ceil(260 / L);

/** A row repeated into [R, L] float32. */
function tile(row: readonly number[], R = rowsFor(row.length)): { data: Float32Array; shape: [number, number] } {
  const L = row.length;
  const data = new Float32Array(R * L);
  for (let r = 0; r < R; r++) data.set(row, r * L);
  return { data, shape: [R, L] };
}

/** Row `r` of a [R, L] result, after checking that every row equals row 0 bit for bit. */
function firstRow(values: Float32Array, L: number, what: string): Float32Array {
  const first = values.subarray(0, L);
  for (let at = L; at < values.length; at += L) {
    for (let i = 0; i < L; i++) {
      if (!Object.is(values[at + i], first[i])) assert.fail(`${what}: row ${at / L} entry ${i} is ${values[at + i]}, row 0 has ${first[i]}`);
    }
  }
  return first;
}

/** float32 agreement: both NaN, the same zero or infinity, or within `ulps` of each other. */
function agree(got: number, want: number, ulps = F32_ULP): boolean {
  if (Number.isNaN(got) || Number.isNaN(want)) return Number.isNaN(got) && Number.isNaN(want);
  if (got === 0 || want === 0 || !Number.isFinite(got) || !Number.isFinite(want)) return Object.is(got, want);
  return ulpErrorF32(got, want) <= ulps;
}

interface RowFixture {
  cases: { dtype: 'float32' | 'float64'; axis: number; rows: { x: JsonNumber[]; y: [JsonNumber, JsonNumber][]; g: JsonNumber[]; vjp: [JsonNumber, JsonNumber][] | null }[] }[];
}

// Zero derivatives may come with either sign (as autograd.activations.test.ts).
const ulpOf = (got: number, ref: [number, number]) => (got === 0 && ref[0] === 0 ? 0 : ulpErrorF32(got, ref));

for (const path of BACKENDS) {
  for (const [file, { fn, name }] of Object.entries(ROW_FNS)) {
    test(`[${path}] ${name}: float32 fixtures (forward and Jᵀg) within ${F32_ULP} ULP of mpmath, rows tiled into the heap`, (t) => {
      const fixture = loadFixture<RowFixture>(`rows/${file}.json`);
      const problems: string[] = [];
      let worstY = 0, worstD = 0;
      for (const c of fixture.cases.filter((k) => k.dtype === 'float32')) {
        for (const row of c.rows) {
          const xs = row.x.map(num);
          const L = xs.length;
          const { data, shape } = tile(xs);
          const x = array(data).reshape(shape);
          const y = firstRow(on(path, name, () => fn(x)).toTypedArray() as Float32Array, name === 'glu' ? L / 2 : L, `${name}(${xs.slice(0, 4)})`);
          row.y.forEach((ref, i) => {
            const err = ulpErrorF32(y[i], dd(ref));
            if (err > worstY) worstY = err;
            if (!(err <= F32_ULP)) problems.push(`forward [${xs.slice(0, 4)}${L > 4 ? ',…' : ''}] entry ${i}: ${y[i]} is ${err} ULP off`);
          });
          if (row.vjp === null) continue;
          const gRow = row.g.map(num);
          const gt = tile(gRow, shape[0]);
          const g = array(gt.data).reshape([shape[0], gRow.length]);
          const [, [dx]] = on(path, `${name}Grad`, () => vjp((u: NDArray) => fn(u), [x], [g]));
          const d = firstRow(dx.toTypedArray() as Float32Array, L, `${name} vjp`);
          row.vjp.forEach((ref, i) => {
            const err = ulpOf(d[i], dd(ref));
            if (err > worstD) worstD = err;
            if (!(err <= F32_ULP)) problems.push(`vjp [${xs.slice(0, 4)}${L > 4 ? ',…' : ''}] entry ${i}: ${d[i]} is ${err} ULP off`);
          });
        }
      }
      t.diagnostic(`max error in float32 ULPs: forward ${worstY.toFixed(4)}, Jᵀg ${worstD.toFixed(4)}`);
      assert.deepEqual(problems.slice(0, 10), []);
    });
  }
}

const SPECIALS = [Infinity, -Infinity, NaN, 3.4028234663852886e38, -3.4028234663852886e38, 0, -0, 1e-45, 88.7, -103.9];

/**
 * Rows of length L: random (mostly [−6, 6], some ±100 and ±1e4), then each special value at every
 * position, then rows of all −∞, all +∞, all equal, and −∞ except one entry.
 */
function edgeRows(L: number, seed: number): number[][] {
  const r = rng(seed);
  const random = () => Array.from({ length: L }, (_, i) => (i % 5 === 4 ? (r() - 0.5) * 2e4 : i % 7 === 6 ? (r() - 0.5) * 200 : (r() - 0.5) * 12));
  const rows: number[][] = [];
  for (let k = 0; k < 8; k++) rows.push(random());
  for (const s of SPECIALS) {
    for (let p = 0; p < L; p++) {
      const row = random();
      row[p] = s;
      rows.push(row);
    }
  }
  rows.push(Array(L).fill(-Infinity), Array(L).fill(Infinity), Array(L).fill(1e8), Array(L).fill(-3));
  for (let p = 0; p < L; p++) rows.push(Array.from({ length: L }, (_, i) => (i === p ? 2.5 : -Infinity)));
  while (rows.length < rowsFor(L)) rows.push(random());
  return rows;
}

test('[wasm] row kernels agree with the JS lanes within 1 ULP at the lane edges: L = 1 to 34, ±∞, NaN, ±3.4e38, all −∞, in every position', () => {
  const problems: string[] = [];
  for (const { fn, name } of Object.values(ROW_FNS)) {
    const lengths = name === 'glu' ? [2, 4, 6, 8, 10, 14, 18, 34] : [1, 2, 3, 4, 5, 7, 8, 9, 17, 33];
    for (const L of lengths) {
      const rows = edgeRows(L, 1000 + L);
      const x = array(new Float32Array(rows.flat())).reshape([rows.length, L]);
      const outL = name === 'glu' ? L / 2 : L;
      const r = rng(L);
      const g = array(new Float32Array(rows.length * outL).map(() => (r() - 0.5) * 4)).reshape([rows.length, outL]);
      const wasm = on('wasm', name, () => fn(x)).toTypedArray();
      const js = on('js', name, () => fn(x)).toTypedArray();
      const [, [dw]] = on('wasm', `${name}Grad`, () => vjp((u: NDArray) => fn(u), [x], [g]));
      const [, [dj]] = on('js', `${name}Grad`, () => vjp((u: NDArray) => fn(u), [x], [g]));
      const gw = dw.toTypedArray(), gj = dj.toTypedArray();
      wasm.forEach((v, i) => {
        if (!agree(v, js[i])) problems.push(`${name} L=${L} row ${Math.floor(i / outL)} [${rows[Math.floor(i / outL)].slice(0, 6)}] entry ${i % outL}: wasm ${v}, js ${js[i]}`);
      });
      gw.forEach((v, i) => {
        if (!agree(v, gj[i])) problems.push(`${name} vjp L=${L} row ${Math.floor(i / L)} [${rows[Math.floor(i / L)].slice(0, 6)}] entry ${i % L}: wasm ${v}, js ${gj[i]}`);
      });
    }
  }
  assert.deepEqual(problems.slice(0, 12), []);
});

test('[wasm] row kernels: documented values (logSoftmax([1, 20]), [1e8, 1e8], −∞ and NaN rows)', () => {
  const row = (fn: RowFn, name: string, xs: number[]) => firstRow(on('wasm', name, () => fn(array(tile(xs).data).reshape(tile(xs).shape))).toTypedArray() as Float32Array, name === 'glu' ? xs.length / 2 : xs.length, name);
  const ls = row(nn.logSoftmax, 'logSoftmax', [1, 20]);
  assert.equal(ls[0], Math.fround(-19 - Math.log1p(Math.exp(-19))));
  assert.equal(ls[1], Math.fround(-Math.log1p(Math.exp(-19))), 'logSoftmax([1, 20])[1] is −5.6e-9, not 0');
  for (const v of [1, 1e4, 1e8, 1e20, 1e36]) assert.deepEqual([...row(nn.logSoftmax, 'logSoftmax', [v, v])], [Math.fround(-Math.LN2), Math.fround(-Math.LN2)]);
  assert.deepEqual([...row(nn.softmax, 'softmax', [-Infinity, -Infinity])], [NaN, NaN]);
  assert.deepEqual([...row(nn.softmax, 'softmax', [0, -Infinity])], [1, 0]);
  assert.deepEqual([...row(nn.softmax, 'softmax', [Infinity, 0, Infinity])], [0.5, 0, 0.5]);
  assert.deepEqual([...row(nn.softmax, 'softmax', [NaN, 0, 1, 2, 3])], [NaN, NaN, NaN, NaN, NaN]);
  assert.deepEqual([...row(nn.softmax, 'softmax', [1e30, -1e30])], [1, 0]);
  assert.deepEqual([...row(nn.softmin, 'softmin', [0, Infinity])], [1, 0]);
  assert.ok(Object.is(row(nn.logSoftmax, 'logSoftmax', [0, -Infinity])[0], 0), 'logSoftmax([0, −∞])[0] = +0');
  assert.ok(Object.is(row(nn.logSoftmax, 'logSoftmax', [0, -1000])[0], -0), 'logSoftmax([0, −1000])[0] = −0 (the true value is negative)');
  assert.deepEqual([...row(nn.logSoftmax, 'logSoftmax', [-Infinity, -Infinity, -Infinity])], [NaN, NaN, NaN]);
  assert.deepEqual([...row(nn.logSoftmax, 'logSoftmax', [Infinity, 0, Infinity])], [Math.fround(-Math.LN2), -Infinity, Math.fround(-Math.LN2)]);
  assert.deepEqual([...row(nn.glu, 'glu', [Infinity, 1, -Infinity, 0])], [NaN, 0.5], 'glu: ∞·σ(−∞) is NaN, 1·σ(0) = 0.5');
});

test('[wasm] row kernels agree with the JS lanes within 1 ULP on random rows (L = 1000, 1024, 4097), forward and Jᵀg', (t) => {
  const r = rng(7);
  const problems: string[] = [];
  let worst = 0, differ = 0, total = 0;
  for (const { fn, name } of Object.values(ROW_FNS)) {
    for (const L of [1000, 1024, 4097]) {
      if (name === 'glu' && L % 2) continue;
      const R = 7;
      const x = array(new Float32Array(R * L).map(() => (r() - 0.5) * (r() < 0.1 ? 200 : 20))).reshape([R, L]);
      const outL = name === 'glu' ? L / 2 : L;
      const g = array(new Float32Array(R * outL).map(() => r() - 0.5)).reshape([R, outL]);
      const pairs: [ArrayLike<number>, ArrayLike<number>][] = [
        [on('wasm', name, () => fn(x)).toTypedArray(), on('js', name, () => fn(x)).toTypedArray()],
        [on('wasm', `${name}Grad`, () => vjp((u: NDArray) => fn(u), [x], [g]))[1][0].toTypedArray(), on('js', `${name}Grad`, () => vjp((u: NDArray) => fn(u), [x], [g]))[1][0].toTypedArray()],
      ];
      for (const [w, j] of pairs) {
        for (let i = 0; i < w.length; i++) {
          total++;
          if (!Object.is(w[i], j[i])) differ++;
          if (!agree(w[i], j[i])) problems.push(`${name} L=${L} entry ${i}: wasm ${w[i]}, js ${j[i]}`);
          else if (w[i] !== 0 && Number.isFinite(w[i])) worst = Math.max(worst, ulpErrorF32(w[i], j[i]));
        }
      }
    }
  }
  t.diagnostic(`${differ} of ${total} results differ from the JS path's bits; max difference ${worst} ULP`);
  assert.deepEqual(problems.slice(0, 10), []);
  assert.ok(worst <= F32_ULP, `worst ${worst}`);
});

test('prelu: the wasm kernels give the JS path\'s bits (forward, ∂x) and a float64-summed ∂α, for the weight shapes of nn.PReLU', () => {
  const r = rng(11);
  for (const [shape, wshape] of [[[200, 7], [7]], [[40, 16], [16]], [[3, 50, 5], [1, 5]], [[301], [1]], [[30, 10], []], [[130], [130]]] as [number[], number[]][]) {
    const n = shape.reduce((a, b) => a * b, 1);
    const xs = new Float32Array(n).map((_, i) => (i % 11 === 0 ? SPECIALS[(i / 11) % SPECIALS.length] : (r() - 0.5) * 10));
    const x = array(xs).reshape(shape);
    const w = array(new Float32Array(wshape.reduce((a, b) => a * b, 1)).map(() => r())).reshape(wshape);
    const g = array(new Float32Array(n).map(() => r() - 0.5)).reshape(shape);
    const wasm = on('wasm', 'prelu', () => nn.prelu(x, w)).toTypedArray();
    const js = on('js', 'prelu', () => nn.prelu(x, w)).toTypedArray();
    wasm.forEach((v, i) => assert.ok(Object.is(v, js[i]), `${shape}/${wshape}: prelu entry ${i}: ${v} vs ${js[i]}`));
    const [, [dxw, dww]] = on('wasm', 'preluGrad', () => vjp((u: NDArray, v: NDArray) => nn.prelu(u, v), [x, w], [g]));
    const [, [dxj, dwj]] = on('js', 'preluGrad', () => vjp((u: NDArray, v: NDArray) => nn.prelu(u, v), [x, w], [g]));
    assert.deepEqual(dww.shape, wshape);
    assert.deepEqual(dwj.shape, wshape);
    const a = dxw.toTypedArray(), b = dxj.toTypedArray();
    a.forEach((v, i) => assert.ok(Object.is(v, b[i]), `${shape}/${wshape}: ∂x entry ${i}: ${v} vs ${b[i]}`));
    // ∂α: Σ g·x over x ≤ 0, per weight entry, in float64 (the kernel rounds it once).
    const c = w.size, gs = g.toTypedArray(), ref = new Float64Array(c), mag = new Float64Array(c);
    xs.forEach((v, i) => { if (!(v > 0)) { ref[i % c] += gs[i] * v; mag[i % c] += Math.abs(gs[i] * v); } });
    const got = dww.toTypedArray();
    got.forEach((v, k) => {
      if (Number.isNaN(ref[k])) assert.ok(Number.isNaN(v));
      else if (!Number.isFinite(Math.fround(ref[k]))) assert.equal(v, Math.fround(ref[k]));
      else assert.ok(Math.abs(v - ref[k]) <= 2 ** -24 * Math.abs(ref[k]) + 2 ** -40 * mag[k], `${shape}/${wshape}: ∂α[${k}] = ${v}, expected ${ref[k]}`);
    });
  }
});

test('row routing: the last axis of float32 and 16-bit arrays takes the wasm kernels wherever they live; other axes, setBackend(\'js\') and other prelu weights do not (float64 takes the float64 kernels, counted apart: kernels.rows.f64.test.ts)', () => {
  const xs = new Float32Array(400).map((_, i) => Math.sin(i));
  const x = array(xs).reshape([20, 20]);
  for (const { fn, name } of Object.values(ROW_FNS)) {
    on('wasm', name, () => fn(x, -1));
    on('wasm', name, () => fn(x, 1));
    on('wasm', name, () => fn(array(xs.slice(0, 100)).reshape([10, 10]))); // 400 bytes: not in the heap, staged
    on('wasm', name, () => fn(array(xs, 'float16').reshape([20, 20])));
    on('wasm', name, () => fn(array(xs, 'bfloat16').reshape([20, 20])));
    const before = wasmKernelCalls(name);
    fn(x, 0).dispose();
    fn(array(new Float64Array(xs)).reshape([20, 20])).dispose();
    assert.equal(wasmKernelCalls(name), before, `${name}: JS path for axis 0, float64 kernel for float64`);
  }
  const before = wasmKernelCalls('prelu');
  const x3 = array(new Float32Array(600).map((_, i) => Math.sin(i))).reshape([10, 6, 10]);
  nn.prelu(x3, array(new Float32Array(6).fill(0.5)).reshape([6, 1])).dispose(); // stretches axis 1: JS
  nn.prelu(x3, array(new Float32Array(10).fill(0.5), 'float64')).dispose(); // float64 result: the float64 kernel
  nn.prelu(array(new Float32Array(10).fill(-1)).reshape([10, 1]), array(new Float32Array(10).fill(0.5))).dispose(); // result larger than x: JS
  assert.equal(wasmKernelCalls('prelu'), before);
  on('wasm', 'prelu', () => new nn.PReLU(10).forward(x3));
  on('wasm', 'prelu', () => new nn.PReLU().forward(x3));
  const d = array(xs).reshape([20, 20]);
  d.dispose();
  assert.throws(() => nn.softmax(d), /disposed/);
});
