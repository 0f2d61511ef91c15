// The float64 glu VJP kernel at huge a and g: ∂a = g·σ(b) and ∂b = a·σ'(b)·g within 2 ULP of mpmath
// where |a| or |g| is near 2^1000 (the products' errors are exact at any magnitude), and ±∞ (not NaN)
// where a·σ'(b)·g overflows from finite a and g, as the JS lane.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { array, nn, vjp, type NDArray } from '../src/index.js';
import { setBackend } from '../src/kernels/backend.js';
import { wasmKernelCalls } from '../src/kernels/counters.js';
import { ulpErrorF64 } from './helpers/ulp.js';

type Pair = [number, number];

/** [a, b, g, ∂a, ∂b]: mpmath (200 bits) as double-doubles; points of an offline sweep. */
const POINTS: [number, number, number, Pair, Pair][] = [
  [-1.5274507164680147, 5.178872829407226, 3.0667675334086434e+299, [3.0495850923166652e+299, 1.306360862086893e+283], [-2.6098284987654194e+297, 9.697230123101734e+280]],
  [-0.03531999244622727, 8.29941175915743, -1.6603468966361565e+298, [-1.6599341323389614e+298, 8.569563061095405e+281], [1.4575207543329404e+293, 4.6836997585229725e+275]],
  [-2116021729.7528996, -16.445296640453783, -1.592768630986014e+298, [-1.1482886662507198e+291, 6.618833483434952e+274], [2.4298035946415226e+300, 4.678079955292954e+283]],
  [1.0643714716185255e-09, 7.23500496334988, -1.983221157380271e+299, [-1.981792475807906e+299, 1.52320870157958e+283], [-1.5195524566304894e+287, 3.514772281417481e+270]],
  [1.3013201284776912e+300, -16.407901188059952, -1.4386087838777821, [-1.0766678119982027e-07, -3.2721869233741654e-24], [-1.401089390578492e+293, -6.0079402839066e+276]],
  [-0.04160760981698114, -4.756770810661436, -1.4416487140865413e+298, [-1.228298861388845e+296, -6.6629158951999e+279], [5.0671146685060893e+294, 2.0211535190696002e+278]],
  [2.130891565209687, 29.040132056527426, 2.829431778796153e+299, [2.8294317787954615e+299, 6.167495268171858e+282], [1.4733009585969502e+287, -6.517744810405577e+270]],
  [-1.3346885951278492e-09, 25.979854233606062, -2.931241643852649e+299, [-2.9312416438373685e+299, 1.5077867479402469e+283], [2.0395024771895103e+279, -1.1039870101308607e+263]],
  [32.39036748283097, 7.4837836117901375, -1.7459408889544019e+298, [-1.744960000664571e+298, 9.086256828472657e+281], [-3.1753482692558295e+296, -1.7459655094733198e+280]],
  [7.789849193976278e-91, 5.309597327600713, 1.9347629595229322e+298, [1.925244709290923e+298, -1.0282478791005015e+282], [7.37809669142055e+205, 3.7105753241767646e+189]],
];

function gluVjp(as: number[], bs: number[], gs: number[]): Float64Array {
  const x = array(Float64Array.from([...as, ...bs])), g = array(Float64Array.from(gs));
  const [, [d]] = vjp((u: NDArray) => nn.glu(u), [x], [g]);
  return d.toTypedArray() as Float64Array;
}

test('[wasm f64] glu VJP: huge a or g (near 2^1000) within 2 ULP of mpmath', () => {
  for (const h of [1, 2, 5, POINTS.length]) { // the lone last lane, a pair, and whole blocks
    for (let s = 0; s + h <= POINTS.length; s += h) {
      const pts = POINTS.slice(s, s + h);
      const before = wasmKernelCalls('gluF64Grad');
      const d = gluVjp(pts.map((p) => p[0]), pts.map((p) => p[1]), pts.map((p) => p[2]));
      assert.equal(wasmKernelCalls('gluF64Grad') - before, 1);
      pts.forEach(([a, b, g, da, db], i) => {
        assert.ok(ulpErrorF64(d[i], da) <= 2, `∂a(${a}, ${b}; ${g}) = ${d[i]}: ${ulpErrorF64(d[i], da)} ULP`);
        assert.ok(ulpErrorF64(d[h + i], db) <= 2, `∂b(${a}, ${b}; ${g}) = ${d[h + i]}: ${ulpErrorF64(d[h + i], db)} ULP`);
      });
    }
  }
});

test('[wasm f64] glu VJP: a·σ\'(b)·g overflowing from finite a and g is ±∞ as the JS lane; at b = 0 (σ\' = 1/4) it is a·g/4 rounded once', () => {
  const as = [6e299, -6e299, 1e300, 1.5e308, -3e200, 1e300, 2 ** 1000, 1e-300];
  const gs = [1e10, 1e10, 7, -3, 1e120, 1e-320, 2 ** 990, 1.7e308];
  const bs = as.map(() => 0);
  const d = gluVjp(as, bs, gs);
  setBackend('js');
  let js: Float64Array;
  try { js = gluVjp(as, bs, gs); } finally { setBackend('wasm'); }
  as.forEach((a, i) => {
    assert.ok(Object.is(d[i], gs[i] / 2), `∂a(${a}, 0; ${gs[i]}) = ${d[i]}`);
    const want = (a * gs[i]) / 4 === Infinity || (a * gs[i]) / 4 === -Infinity ? (a / 4) * gs[i] : (a * gs[i]) / 4;
    assert.ok(Object.is(d[as.length + i], want) || Object.is(d[as.length + i], js[as.length + i]), `∂b(${a}, 0; ${gs[i]}) = ${d[as.length + i]}, want ${want}, JS ${js[as.length + i]}`);
    if (!Number.isFinite(js[as.length + i])) assert.ok(Object.is(d[as.length + i], js[as.length + i]), `∂b(${a}, 0; ${gs[i]}) = ${d[as.length + i]}, JS ${js[as.length + i]}`);
  });
});
