// The plain-float64 kernels of the exponential family (src/kernels/wasm/assembly/float64: elu, selu,
// celu, sigmoid, silu, softplus, logSigmoid, tanh; rows/gluF64.ts) on the dense sweeps of
// scripts/fixtures/sweep64.py: every reduction step of the exponential, the k = −1 band of expm1,
// the thresholds of −1, of log1p's w = √2 − 1, of the zero of silu' and of subnormal results, tiny
// and subnormal x. Forward and backward (g = 1) within 2 float64 ULP of mpmath, the float64 contract.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { array } from '../src/index.js';
import type { ElementwiseName } from '../src/nn/activations/spec.js';
import { wasmExports, wasmFloat64Kernels } from '../src/kernels/wasm/kernels.js';
import { ulpErrorF64 } from './helpers/ulp.js';
import { loadFixture } from './helpers/fixtures.js';

type DD = [number, number];
interface Table { x: number[]; [f: string]: number[] | DD[] }
const sweep = loadFixture<{ expm1_family: Table; sigmoid_family: Table }>('activations/float64_sweep.json');
const F64_ULP = 2;

/**
 * a·(h + l) as a double-double: the product a·h exact (Veltkamp's split); below 2^-960, where the
 * split would underflow, a·h rounded once (the only references there are α·x for tiny x).
 */
function mulDD(a: number, [h, l]: DD): DD {
  const split = (v: number) => { const t = 134217729 * v; const hi = t - (t - v); return [hi, v - hi]; };
  const p = a * h;
  if (Math.abs(p) < 2 ** -960) return [p, 0];
  const [ah, al] = split(a), [hh, hl] = split(h);
  const e = ((ah * hh - p) + ah * hl + al * hh) + al * hl + a * l;
  return [p + e, e - ((p + e) - p)];
}
const neg = ([h, l]: DD): DD => [-h, -l];
/** 1 + (h + l) as a double-double (|h| ≤ 1: the sum's error by Fast2Sum). */
const onePlus = ([h, l]: DD): DD => { const s = 1 + h; const e = (h - (s - 1)) + l; return [s + e, e - ((s + e) - s)]; };

function run(call: (dst: number, ...src: number[]) => void, inputs: number[][], n: number): Float64Array {
  const arrays = inputs.map((v) => array(Float64Array.from(v)));
  const out = array(new Float64Array(n));
  // the kernels take heap offsets: an array outside the heap (offset 0) would be written over address 0
  for (const a of [...arrays, out]) assert.ok(a.storage.inHeap, 'the array lives in the heap');
  call(out.storage.heapOffset, ...arrays.map((a) => a.storage.heapOffset));
  const r = (out.toTypedArray() as Float64Array).slice();
  for (const a of [...arrays, out]) a.dispose();
  return r;
}

function forward(name: ElementwiseName, xs: number[], a = 0): Float64Array {
  const k = wasmFloat64Kernels(name)!.forward;
  return run((d, s) => k(d, s, xs.length, a, 0), [xs], xs.length);
}
function backward(name: ElementwiseName, xs: number[], a = 0): Float64Array {
  const k = wasmFloat64Kernels(name)!.backward;
  return run((d, x, g) => k(d, x, g, xs.length, a, 0), [xs, xs.map(() => 1)], xs.length);
}

/** The worst error of got against refs (a derivative that underflows to zero may have either sign). */
function check(label: string, xs: number[], got: ArrayLike<number>, ref: (i: number) => DD, derivative: boolean, t: { diagnostic(s: string): void }) {
  let worst = 0, at = NaN;
  const bad: string[] = [];
  xs.forEach((x, i) => {
    const r = ref(i);
    const e = derivative && got[i] === 0 && r[0] === 0 ? 0 : ulpErrorF64(got[i], r);
    if (!(e <= F64_ULP)) bad.push(`${label}(${x}) = ${got[i]}: ${e} ULP`);
    if (e > worst) { worst = e; at = x; }
  });
  t.diagnostic(`${label}: ${worst.toFixed(3)} ULP (x = ${at}), ${xs.length} points`);
  assert.deepEqual(bad.slice(0, 10), []);
}

const E = sweep.expm1_family;
const S = sweep.sigmoid_family;
const dds = (t: Table, f: string) => t[f] as DD[];

test('the sweeps cover what they are for', () => {
  const count = (xs: number[], lo: number, hi: number) => xs.filter((x) => x >= lo && x <= hi).length;
  assert.ok(E.x.every((x) => x <= 0) && E.x.length > 900);
  assert.ok(count(E.x, -1.04, -0.34) >= 150, 'the k = −1 band');
  assert.ok(count(E.x, -37.6, -36.9) >= 40, 'the threshold of −1');
  assert.ok(count(E.x, -1e-12, 0) >= 20, 'tiny and subnormal x');
  assert.ok(S.x.every((x) => S.x.includes(-x)), 'both signs of each magnitude');
  for (const c of [-1.2784645427610737, 0.881373587019543, -745, 745]) assert.ok(count(S.x, c - Math.abs(c) * 2e-3, c + Math.abs(c) * 2e-3) >= 8, `around ${c}`);
});

test('[wasm f64 sweep] elu (α = 1, 0.5, 2, 1.3), selu, celu (α = 1, 0.7, 3.3): f and f\' within 2 ULP', (t) => {
  for (const a of [1, 0.5, 2, 1.3]) {
    check(`elu α = ${a}`, E.x, forward('elu', E.x, a), (i) => mulDD(a, dds(E, 'expm1')[i]), false, t);
    // elu' = α·eˣ = α·(expm1 + 1) for x ≤ 0
    check(`elu' α = ${a}`, E.x, backward('elu', E.x, a), (i) => mulDD(a, onePlus(dds(E, 'expm1')[i])), true, t);
  }
  check('selu', E.x, forward('selu', E.x), (i) => dds(E, 'selu')[i], false, t);
  check('celu α = 1', E.x, forward('celu', E.x, 1), (i) => dds(E, 'expm1')[i], false, t);
  for (const a of [0.7, 3.3]) check(`celu α = ${a}`, E.x, forward('celu', E.x, a), (i) => dds(E, `celu${a}`)[i], false, t);
});

test('[wasm f64 sweep] sigmoid, silu, softplus, logSigmoid, tanh: f and f\' within 2 ULP', (t) => {
  const at = new Map(S.x.map((x, i) => [x, i]));
  const mirror = (f: string, i: number) => dds(S, f)[at.get(-S.x[i])!];
  check('sigmoid', S.x, forward('sigmoid', S.x), (i) => dds(S, 'sigmoid')[i], false, t);
  check("sigmoid'", S.x, backward('sigmoid', S.x), (i) => dds(S, 'sigmoid_grad')[i], true, t);
  check('silu', S.x, forward('silu', S.x), (i) => dds(S, 'silu')[i], false, t);
  check("silu'", S.x, backward('silu', S.x), (i) => dds(S, 'silu_grad')[i], true, t);
  check('softplus', S.x, forward('softplus', S.x), (i) => dds(S, 'softplus')[i], false, t);
  check("softplus'", S.x, backward('softplus', S.x), (i) => dds(S, 'sigmoid')[i], true, t);
  check('logSigmoid', S.x, forward('logSigmoid', S.x), (i) => neg(mirror('softplus', i)), false, t);
  check("logSigmoid'", S.x, backward('logSigmoid', S.x), (i) => mirror('sigmoid', i), true, t);
  check('tanh', S.x, forward('tanh', S.x), (i) => dds(S, 'tanh')[i], false, t);
  check("tanh'", S.x, backward('tanh', S.x), (i) => dds(S, 'tanh_grad')[i], true, t);
});

test('[wasm f64 sweep] glu rows: a·σ(b), g·σ(b) and a·g·σ\'(b) within 2 ULP (|b| ≤ 700: the references of subnormal σ\' are rounded)', (t) => {
  const e = wasmExports()!;
  const idx = S.x.map((_, i) => i).filter((i) => Math.abs(S.x[i]) <= 700);
  const h = idx.length;
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const as = idx.map(() => (rnd() - 0.5) * 2 ** (rnd() * 40 - 20));
  const gs = idx.map(() => (rnd() - 0.5) * 2 ** (rnd() * 8 - 4));
  const bs = idx.map((i) => S.x[i]);
  const y = run((d, x) => (e.rowGluF64 as (d: number, x: number, r: number, h: number) => void)(d, x, 1, h), [[...as, ...bs]], h);
  check('glu', bs, y, (j) => mulDD(as[j], dds(S, 'sigmoid')[idx[j]]), false, t);
  const d = run((dst, x, g) => (e.rowGluF64Grad as (d: number, x: number, g: number, r: number, h: number) => void)(dst, x, g, 1, h), [[...as, ...bs], gs], 2 * h);
  check('glu ∂a', bs, d.subarray(0, h), (j) => mulDD(gs[j], dds(S, 'sigmoid')[idx[j]]), true, t);
  check('glu ∂b', bs, d.subarray(h), (j) => mulDD(gs[j], mulDD(as[j], dds(S, 'sigmoid_grad')[idx[j]])), true, t);
});
