// float16 and bfloat16 on the SIMD path: for every activation, forward and backward, every one of
// the 65,536 16-bit patterns gives the float32 kernel's result on the widened value, rounded once
// to the 16-bit type (bit for bit, NaN as the type's quiet NaN); the kernels ran (no JS loop);
// prelu keeps a 16-bit dtype when alpha is a number; Keras layers under a 16-bit dtype policy run
// the same kernels.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { array, keras, nn, vjp, type NDArray } from '../src/index.js';
import type { ActivationName } from '../src/nn/activations/spec.js';
import { numberToBf16, numberToF16 } from '../src/core/half.js';
import { wasmKernelCalls } from '../src/kernels/counters.js';

type Fn = (x: NDArray, ...params: unknown[]) => NDArray;
const ALL = Object.values(nn.ACTIVATIONS).map((e) => ({ name: e.spec.name as ActivationName, fn: e.fn as unknown as Fn }));
const ROW = 256;
const PATTERNS = Uint16Array.from({ length: 65536 }, (_, i) => i);
const ALPHA = new Float32Array(ROW).map((_, i) => (i - 100) / 64);

/** f(x) and its vjp with cotangent g (prelu with a per-channel weight of x's dtype). */
function run(name: ActivationName, fn: Fn, x: NDArray, g: NDArray): [NDArray, NDArray] {
  const f = name === 'prelu' ? (u: NDArray) => fn(u, array(ALPHA, x.dtype)) : (u: NDArray) => fn(u);
  const [[y], [dx]] = vjp(f, [x], [g]);
  return [y, dx];
}

for (const dtype of ['float16', 'bfloat16'] as const) {
  test(`${dtype}: all 65,536 patterns, every activation forward and backward, equal the float32 kernel rounded once`, () => {
    const encode = dtype === 'float16' ? numberToF16 : numberToBf16;
    // The 16-bit array with exactly these bit patterns, and its exact float32 widening.
    const x = array(new Float32Array(65536), dtype).reshape([ROW, ROW]);
    (x.data() as Uint16Array).set(PATTERNS);
    const xWide = x.astype('float32');
    // Cotangent: the patterns in another order (a fixed odd stride), ±∞ and NaN replaced by 1.
    const gBits = PATTERNS.map((_, i) => PATTERNS[(i * 40503) & 0xffff]);
    for (const { name, fn } of ALL) {
      const half = name === 'glu' ? ROW / 2 : ROW;
      const g = array(new Float32Array(ROW * half), dtype).reshape([ROW, half]);
      (g.data() as Uint16Array).set(gBits.subarray(0, ROW * half));
      const gFinite = g.astype('float32').toTypedArray() as Float32Array;
      const clean = array(gFinite.map((v) => (Number.isFinite(v) ? v : 1)), dtype).reshape([ROW, half]);
      // The float32 kernel staged, or the activation's 16-bit kernel (test/kernels.half16.test.ts).
      const calls = () => wasmKernelCalls(name) + wasmKernelCalls(`${name}${dtype === 'float16' ? 'F16' : 'Bf16'}`);
      const before = calls();
      const [y, dx] = run(name, fn, x, clean);
      assert.ok(calls() > before, `${name}: the ${dtype} call ran the kernel`);
      assert.equal(y.dtype, dtype);
      const [yWide, dxWide] = run(name, fn, xWide, clean.astype('float32'));
      for (const [got, want, what] of [[y, yWide, 'forward'], [dx, dxWide, 'backward']] as const) {
        const bits = got.data() as Uint16Array;
        const ref = want.toTypedArray() as Float32Array;
        for (let i = 0; i < ref.length; i++) {
          if (bits[i] !== encode(ref[i])) {
            assert.fail(`${name} ${what} in ${dtype}: pattern ${i} gives 0x${bits[i].toString(16)}, the float32 result ${ref[i]} rounds to 0x${encode(ref[i]).toString(16)}`);
          }
        }
      }
    }
  });
}

test('nn.prelu keeps a 16-bit input\'s dtype when alpha is a number (a weak scalar)', () => {
  for (const dtype of ['float16', 'bfloat16'] as const) {
    const y = nn.prelu(array([-2, 3, -1], dtype), 0.25);
    assert.equal(y.dtype, dtype);
    assert.deepEqual(y.tolist(), [-0.5, 3, -0.25]);
  }
  assert.equal(nn.prelu(array([-2, 3], 'float16'), array([0.25])).dtype, 'float32', 'an array alpha promotes as usual');
});

test('Keras layers under a 16-bit dtype policy run the SIMD kernels', () => {
  for (const policy of ['float16', 'mixed_float16', 'bfloat16', 'mixed_bfloat16'] as const) {
    const layer = new keras.layers.ELU({ alpha: 0.5, dtype: policy });
    const before = wasmKernelCalls('elu');
    const y = layer.apply(array([-1, 0, 2]));
    assert.equal(wasmKernelCalls('elu'), before + 1, `${policy}: the elu kernel ran`);
    assert.equal(y.dtype, policy.replace('mixed_', ''));
  }
});
