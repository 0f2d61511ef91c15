// prelu's 16-bit kernels (src/kernels/wasm/assembly/rows/prelu16.ts: rowPreluF16, rowPreluBf16 and
// their Grad). Kernel level: on all 65,536 float16 and bfloat16 patterns of x, in order and shuffled (vectors
// mixing finite lanes with ±∞ and NaN; g: all patterns in two other orders), for scalar weights (positive, negative, ±0, a float32 subnormal, a float16
// subnormal, beyond float16's range, NaN) and per-channel weights (row widths 1, 3, 8, 13, 256;
// negative, zero and subnormal entries), the forward and ∂x bits equal the float32 kernel's on the
// widened arrays rounded once, and ∂α's float64 block sums are rowPreluGrad's bit for bit (blocks
// of 4,096 and one block); every row width and tail length meets the quad and eight-lane paths, and
// nothing past n is written; a pair of finite x and g makes ∂α's sums finite numbers. Library
// level (finite x and g): nn.prelu and its vjp on 16-bit arrays run the 16-bit kernels (counters)
// in the heap, staged past the soft limit and on two threads, with those bits and ∂α the float64
// sum (in the kernels' order) rounded once; a number weight keeps the 16-bit dtype.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { array, heapStats, nn, setHeapSoftLimit, setNumThreads, threadsReady, vjp, type NDArray } from '../src/index.js';
import { Storage, heapMemory } from '../src/core/heap.js';
import { bf16ToNumber, f16ToNumber, numberToBf16, numberToF16 } from '../src/core/half.js';
import { stagedKernelCalls, wasmKernelCalls } from '../src/kernels/counters.js';
import { overrideThreadMinimum } from '../src/kernels/threads.js';
import { wasmConvertKernel, wasmRowKernel } from '../src/kernels/wasm/kernels.js';

type Half = 'float16' | 'bfloat16';
const DTYPES: readonly Half[] = ['float16', 'bfloat16'];
const TAG = { float16: 'F16', bfloat16: 'Bf16' } as const;
const N = 65536;
const PATTERNS = Uint16Array.from({ length: N }, (_, i) => i);
const G_ORDERS = [40503, 9973].map((stride) => PATTERNS.map((_, i) => PATTERNS[(i * stride + 12345) & 0xffff]));
/** A mask that makes a float16 or bfloat16 pattern finite and below 2 in magnitude (bit 14 of the exponent cleared), sign and fraction kept. */
const FINITE = 0xbbff;

/** Weights: [c, values] (c = 0: the scalar weight values[0]). */
const WEIGHTS: readonly [number, number[]][] = [
  [0, [0.25]], [0, [-0.5]], [0, [0]], [0, [-0]], [0, [1e-40]], [0, [5.960464477539063e-8]], [0, [7e4]], [0, [NaN]],
  [1, [0.3]],
  [3, [0.1, -2, 1e-38]],
  [8, [1, 2, 3, 4, -1, -2, 0, 0.5]],
  [13, Array.from({ length: 13 }, (_, i) => (i - 6) / 3)],
  [256, Array.from({ length: 256 }, (_, i) => ((i - 100) / 64) * (i % 7 === 0 ? 2 ** -130 : 1))],
  // Positive weights, which float16 computes in its own scaling: scalar (in (0, 1], above 1, tiny,
  // ∞) and per-channel, all in (0, 1] (the forward too) or one above 1 or tiny (rows of 16 with a
  // remainder of 1-15 and of 8 or more).
  [0, [1]], [0, [0.01]], [0, [1.5]], [0, [2 ** -20]], [0, [Infinity]],
  [16, Array.from({ length: 16 }, (_, i) => (i + 1) / 16)],
  [33, Array.from({ length: 33 }, (_, i) => 0.9 ** i)],
  [24, Array.from({ length: 24 }, (_, i) => (i === 5 ? 1.75 : 0.05 * (i + 1)))],
  [17, Array.from({ length: 17 }, (_, i) => (i === 16 ? 2 ** -20 : 0.5))],
];

const u16 = (at: number, n: number) => new Uint16Array(heapMemory().buffer, at, n);

/** Runs `body` with heap blocks of these sizes (bytes), freed after. */
function withBlocks<T>(sizes: number[], body: (at: number[]) => T): T {
  const blocks = sizes.map((bytes) => Storage.allocate(Math.max(1024, bytes)));
  try {
    assert.ok(blocks.every((b) => b.inHeap));
    return body(blocks.map((b) => b.heapOffset));
  } finally {
    for (const b of blocks) b.dispose();
  }
}

interface Run { y: Uint16Array; dx: Uint16Array; sums: Float64Array }

/**
 * prelu and its backward on n 16-bit x and g: by the 16-bit kernels (`half`), or by the float32
 * kernels on the widened arrays with y and dx rounded once; ∂α's block sums as they come.
 */
function runKernels(dtype: Half, half: boolean, x: Uint16Array, g: Uint16Array, c: number, weights: number[], block: number): Run {
  const n = x.length;
  const blocks = Math.max(1, Math.ceil(n / block));
  const stride = c === 0 ? 1 : Math.ceil(c / 4) * 4;
  return withBlocks([...Array<number>(6).fill(4 * n + 64), 8 * stride * blocks], ([xh, gh, xw, gw, out, alpha, sums]) => {
    u16(xh, n).set(x);
    u16(gh, n).set(g);
    new Float32Array(heapMemory().buffer, alpha, weights.length).set(weights);
    const a = c === 0 ? weights[0] : 0;
    const widen = wasmConvertKernel(dtype, 'widen')!, narrow = wasmConvertKernel(dtype, 'narrow')!;
    const guard = (at: number) => u16(at + 2 * n, 8).fill(0xbeef);
    const unguarded = (at: number, what: string) => u16(at + 2 * n, 8).forEach((v, i) => assert.equal(v, 0xbeef, `${what}: element ${n + i} past n = ${n} was written`));
    new Float64Array(heapMemory().buffer, sums, stride * blocks).fill(7);
    let y: Uint16Array, dx: Uint16Array;
    if (half) {
      guard(out);
      wasmRowKernel(`rowPrelu${TAG[dtype]}`)!(out, xh, n, alpha, c, a);
      unguarded(out, 'forward');
      y = u16(out, n).slice();
      guard(out);
      wasmRowKernel(`rowPrelu${TAG[dtype]}Grad`)!(out, xh, gh, n, alpha, c, a, sums, block);
      unguarded(out, 'backward');
      dx = u16(out, n).slice();
    } else {
      widen(xw, xh, n);
      widen(gw, gh, n);
      wasmRowKernel('rowPrelu')!(out, xw, n, alpha, c, a);
      narrow(xh, out, n);
      y = u16(xh, n).slice();
      wasmRowKernel('rowPreluGrad')!(out, xw, gw, n, alpha, c, a, sums, block);
      narrow(xh, out, n);
      dx = u16(xh, n).slice();
    }
    return { y, dx, sums: new Float64Array(heapMemory().buffer, sums, stride * blocks).slice() };
  });
}

function firstDifference(got: ArrayLike<number>, want: ArrayLike<number>): number {
  assert.equal(got.length, want.length);
  for (let i = 0; i < want.length; i++) if (!Object.is(got[i], want[i])) return i;
  return -1;
}

function compare(what: string, got: Run, want: Run, x: Uint16Array, g: Uint16Array): void {
  for (const key of ['y', 'dx', 'sums'] as const) {
    const i = firstDifference(got[key], want[key]);
    if (i < 0) continue;
    const at = key === 'sums' ? `sum ${i}` : `x = 0x${x[i].toString(16)}, g = 0x${g[i].toString(16)}`;
    assert.fail(`${what} ${key}: ${at} gives ${got[key][i]}, the float32 kernel's ${want[key][i]}`);
  }
}

for (const dtype of DTYPES) {
  test(`${dtype} prelu kernels: all 65,536 patterns, scalar and per-channel weights, equal the float32 kernels rounded once (∂α's sums bit for bit)`, () => {
    for (const [c, weights] of WEIGHTS) {
      // Whole rows covering every pattern (the last row wraps around), x in order and shuffled
      // (vectors mixing finite lanes with ±∞ and NaN).
      const n = c === 0 ? N : Math.ceil(N / c) * c;
      const pairs = [0, 7919].flatMap((stride) => G_ORDERS.map((o) => [Uint16Array.from({ length: n }, (_, i) => (stride ? i * stride + 77 : i) & 0xffff), o] as const));
      // ∂α's sums are NaN wherever a block meets a NaN or ∞ product: a pair of finite x and g too.
      pairs.push([Uint16Array.from({ length: n }, (_, i) => i & FINITE), G_ORDERS[0].map((h) => h & FINITE)]);
      for (const [x, order] of pairs) {
        const g = Uint16Array.from({ length: n }, (_, i) => order[i & 0xffff]);
        for (const block of [4096, 65536 * 2]) {
          const b = c === 0 ? block : c * Math.ceil(block / c);
          compare(`${dtype} c = ${c}, weights ${weights.slice(0, 3)}…, block ${b}`, runKernels(dtype, true, x, g, c, weights, b), runKernels(dtype, false, x, g, c, weights, b), x, g);
        }
      }
      // Short arrays: every tail length of the eight-lane loop (c = 0) and a few rows of each width.
      for (const rows of c === 0 ? Array.from({ length: 23 }, (_, i) => i + 1) : [1, 2, 5]) {
        const len = c === 0 ? rows : rows * c;
        const x = PATTERNS.slice(0xbbf0, 0xbbf0 + len), g = G_ORDERS[0].slice(0, len);
        compare(`${dtype} c = ${c}, n = ${len}`, runKernels(dtype, true, x, g, c, weights, 64 * Math.max(c, 1)), runKernels(dtype, false, x, g, c, weights, 64 * Math.max(c, 1)), x, g);
      }
    }
  });
}

function halfArray(bits: Uint16Array, dtype: Half, shape: number[]): NDArray {
  const a = array(new Float32Array(bits.length), dtype);
  (a.data() as Uint16Array).set(bits);
  return a.reshape(shape);
}

/**
 * ∂α as the kernels sum it for one block (n ≤ 65,536): per channel, the terms g·x (x ≤ 0 or NaN)
 * in row order; for a scalar weight, four running sums (lane k takes elements 4q + k), added
 * (0 + 1) + (2 + 3), then the last n mod 4 in order.
 */
function dalphaSums(x: Float64Array, g: Float64Array, c: number): Float64Array {
  const term = (i: number) => (x[i] > 0 ? 0 : g[i] * x[i]);
  if (c > 0) {
    const s = new Float64Array(c);
    for (let i = 0; i < x.length; i++) s[i % c] += term(i);
    return s;
  }
  const lanes = [0, 0, 0, 0];
  const n4 = x.length & ~3;
  for (let i = 0; i < n4; i++) lanes[i & 3] += term(i);
  let total = lanes[0] + lanes[1] + (lanes[2] + lanes[3]);
  for (let i = n4; i < x.length; i++) total += term(i);
  return Float64Array.of(total);
}

test('through the library: nn.prelu and its vjp on 16-bit arrays run the 16-bit kernels in the heap, staged, on two threads, with the float32 path\'s bits', async () => {
  await threadsReady();
  const limit = heapStats().softLimitBytes;
  for (const dtype of DTYPES) {
    const encode = dtype === 'float16' ? numberToF16 : numberToBf16;
    const decode = dtype === 'float16' ? f16ToNumber : bf16ToNumber;
    // Weights of the type: negative, zero, a subnormal (float16) or tiny (bfloat16) value, large.
    const perChannel = Uint16Array.from({ length: 256 }, (_, i) => encode(i % 5 === 0 ? 2 ** -24 * (i + 1) : i % 5 === 1 ? 0 : ((i - 100) / 16)));
    for (const [shape, alphaBits] of [[[256, 256], perChannel], [[256, 256], Uint16Array.of(encode(-0.375))], [[3, 37], perChannel.slice(0, 37)]] as const) {
      const n = shape[0] * shape[1];
      // Finite x and g below 2 in magnitude, so that ∂α's sums are finite numbers to compare (NaN
      // and ∞ through the library: test/dtypes.kernels.test.ts).
      const xBits = PATTERNS.slice(0, n).map((h) => h & FINITE), gBits = G_ORDERS[0].slice(0, n).map((h) => h & FINITE);
      const make = () => [halfArray(xBits, dtype, [...shape]), halfArray(alphaBits, dtype, [alphaBits.length]), halfArray(gBits, dtype, [...shape])];
      const [x, alpha, g] = make();
      // Reference: the float32 kernels on the widened arrays, y and ∂x rounded once; ∂α the float64 sums rounded once.
      const [[y32], [dx32]] = vjp((u: NDArray) => nn.prelu(u, alpha.astype('float32')), [x.astype('float32')], [g.astype('float32')]);
      const want = [Uint16Array.from(y32.toTypedArray() as Float32Array, encode), Uint16Array.from(dx32.toTypedArray() as Float32Array, encode),
        Uint16Array.from(dalphaSums(Float64Array.from(xBits, decode), Float64Array.from(gBits, decode), alphaBits.length === 1 ? 0 : alphaBits.length), encode)];
      const counters = () => [`prelu${TAG[dtype]}`, `prelu${TAG[dtype]}Grad`].map(wasmKernelCalls);
      const check = (label: string, [xa, aa, ga]: NDArray[]) => {
        const before = counters();
        const [[y], [dx, da]] = vjp((u: NDArray, v: NDArray) => nn.prelu(u, v), [xa, aa], [ga]);
        counters().forEach((k, i) => assert.equal(k, before[i] + 1, `${dtype} ${label}: the 16-bit ${i ? 'backward' : 'forward'} kernel ran once`));
        [y, dx, da].forEach((r, k) => {
          assert.equal(r.dtype, dtype);
          const i = firstDifference(r.data() as Uint16Array, want[k]);
          if (i >= 0) assert.fail(`${dtype} ${shape}/${alphaBits.length} ${label} ${['y', '∂x', '∂α'][k]}: entry ${i} is 0x${(r.data() as Uint16Array)[i].toString(16)}, want 0x${want[k][i].toString(16)}`);
        });
      };
      check('in the heap', [x, alpha, g]);
      const staged = stagedKernelCalls();
      setHeapSoftLimit(0);
      try {
        check('past the soft limit', make());
      } finally {
        setHeapSoftLimit(limit);
      }
      assert.ok(stagedKernelCalls() > staged, `${dtype}: staged past the soft limit`);
      overrideThreadMinimum(256);
      setNumThreads(2);
      try {
        check('on 2 threads', [x, alpha, g]);
      } finally {
        overrideThreadMinimum(undefined);
        setNumThreads(1);
      }
    }
    // A number weight is a weak scalar: the result keeps x's dtype, by the 16-bit kernel.
    const before = wasmKernelCalls(`prelu${TAG[dtype]}`);
    const y = nn.prelu(array(Float32Array.from({ length: 300 }, (_, i) => (i % 2 ? i : -i - 1)), dtype), 0.25);
    assert.equal(y.dtype, dtype);
    assert.equal(wasmKernelCalls(`prelu${TAG[dtype]}`), before + 1);
    assert.deepEqual((y.tolist() as number[]).slice(0, 4), [-0.25, 1, -0.75, 3]);
  }
});
