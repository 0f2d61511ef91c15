// The 16-bit kernels (src/kernels/wasm/assembly/half16/): on float16 and bfloat16 bits, bit for bit
// the float32 kernel's result on the widened input rounded once (NaN as the type's quiet NaN), on
// all 65,536 patterns forward and backward, x in order and shuffled (so that vectors mix finite
// lanes with ±∞ and NaN; g over all patterns too, ±∞ and NaN included), for
// several parameters each (bounds that are not 16-bit values, beyond the type's range, ±∞, signed
// zeros, lo > hi), with a tail of every length 0-7 and nothing written past n. Then through the
// library: nn.<name> and vjp on 16-bit arrays run the 16-bit kernel (counters) and give the same
// bits in the heap, past the heap's soft limit (staged as 16-bit bytes), on two threads (also past
// the soft limit, the result copied out by chunks while the workers compute) and small.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { array, heapStats, nn, setHeapSoftLimit, setNumThreads, threadsReady, vjp, type NDArray } from '../src/index.js';
import { Storage, heapMemory } from '../src/core/heap.js';
import { numberToBf16, numberToF16 } from '../src/core/half.js';
import { stagedKernelCalls, wasmKernelCalls } from '../src/kernels/counters.js';
import { overrideThreadMinimum } from '../src/kernels/threads.js';
import { HALF_KERNELS } from '../src/kernels/wasm/table.generated.js';
import { wasmConvertKernel, wasmExports, wasmGradKernel, wasmKernel, type WasmGradKernel, type WasmKernel } from '../src/kernels/wasm/kernels.js';
import type { ActivationName, ElementwiseName } from '../src/nn/activations/spec.js';

type Half = 'float16' | 'bfloat16';
type Name = keyof typeof HALF_KERNELS;
const NAMES = Object.keys(HALF_KERNELS) as Name[];
const DTYPES: readonly Half[] = ['float16', 'bfloat16'];
const N = 65536;
const PATTERNS = Uint16Array.from({ length: N }, (_, i) => i);
/** Cotangents: all patterns in two other orders (odd strides), so each x meets ±0, ±∞ and NaN g's across the runs. */
const G_ORDERS = [40503, 9973].map((stride) => PATTERNS.map((_, i) => PATTERNS[(i * stride + 12345) & 0xffff]));
/** x: the patterns in order (vectors of eight neighbours: all finite, or all ±∞ and NaN in float16), and shuffled (mixed vectors). */
const X_ORDERS = [PATTERNS, PATTERNS.map((_, i) => PATTERNS[(i * 7919 + 77) & 0xffff])];
/**
 * More cotangents for kernels whose fast path needs sixteen finite normal g's (float16 softsign'):
 * all patterns in order (with shuffled x, every g binade meets every x), and constants whose
 * results are float16 normals up to 65504, subnormal (g near 2^-14), zero (g ±0 or subnormal),
 * ±∞ and NaN.
 */
const G_MORE: Partial<Record<Name, (dtype: Half) => Uint16Array[]>> = {
  softsign: (dtype) => [PATTERNS, ...[1, -0.5, 3, 65504, -65504, 2 ** -14, -(2 ** -13), 1.5 * 2 ** -14, 1e-3, 1e-7, 0, -0, Infinity, -Infinity, NaN]
    .map((v) => new Uint16Array(N).fill(dtype === 'float16' ? numberToF16(v) : numberToBf16(v)))],
};

/** n float32 slopes of both signs with magnitudes from 2^-20 to 2^12, from a fixed seed. */
function randomSlopes(n: number): number[] {
  let state = 12345;
  const next = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32;
  return Array.from({ length: n }, () => Math.fround((next() < 0.3 ? -1 : 1) * 2 ** (next() * 32 - 20)));
}

/** Parameters (a, b) per activation: defaults, then bounds off the 16-bit grid, outside its range, infinite, zero. */
const PARAMS: Record<Name, [number, number][]> = {
  relu: [[0, 0]],
  relu6: [[0, 0]],
  hardTanh: [[-1, 1], [0, 6], [-0, 0], [-0.3, 0.7], [0.1, -0.1], [-Infinity, Infinity], [1e-8, 1e5], [-7e4, -1e-30]],
  hardShrink: [[0.5, 0], [0, 0], [-0, 0], [0.3, 0], [1e-7, 0], [1e5, 0], [-1, 0], [Infinity, 0]],
  // λ at and around the float16-scaled path's bounds (2^-14, 65504), negative.
  softshrink: [[0.5, 0], [0, 0], [0.3, 0], [1e-7, 0], [1e5, 0], [Infinity, 0], [2 ** -14, 0], [6.1e-5, 0], [1e-4, 0], [3, 0], [65503, 0], [65504, 0], [-0.5, 0]],
  step: [[0, 0], [-0, 0], [0.3, 0], [1e-8, 0], [-7e4, 0], [Infinity, 0], [-Infinity, 0]],
  // Slopes around the float16-scaled paths' cases (in (0, 1], above 1, negative) and thresholds
  // (products below 2^-14 for small x, or for every x; overflow), and seeded random ones.
  leakyRelu: [[0.01, 0], [0, 0], [-0, 0], [0.2, 0], [-0.5, 0], [1e-30, 0], [3e5, 0], [Infinity, 0], [-Infinity, 0], [NaN, 0],
    [1, 0], [1.0000001192092896, 0], [1.5, 0], [-1, 0], [1e-3, 0], [2 ** -10, 0], [6e-8, 0], [-3e-6, 0], [2 ** -24, 0],
    ...randomSlopes(8).map((s): [number, number] => [s, 0])],
  relu2: [[0, 0]],
  hardswish: [[0, 0]],
  softsign: [[0, 0]],
};

function bytesOf(n: number): number { return Math.max(1024, n * 4 + 64); }

/** Runs `body` with heap blocks of 4·n bytes (+ slack) each, freed after. */
function withBlocks<T>(count: number, n: number, body: (at: number[]) => T): T {
  const blocks = Array.from({ length: count }, () => Storage.allocate(bytesOf(n)));
  try {
    assert.ok(blocks.every((b) => b.inHeap));
    return body(blocks.map((b) => b.heapOffset));
  } finally {
    for (const b of blocks) b.dispose();
  }
}

function u16(at: number, n: number): Uint16Array { return new Uint16Array(heapMemory().buffer, at, n); }

/** narrow(float32 kernel(widen(x[, g]))): the reference bits. */
function reference(dtype: Half, name: Name, x: Uint16Array, g: Uint16Array | undefined, a: number, b: number): Uint16Array {
  const n = x.length;
  return withBlocks(5, n, ([xh, gh, xw, gw, out]) => {
    u16(xh, n).set(x);
    wasmConvertKernel(dtype, 'widen')!(xw, xh, n);
    if (g) {
      u16(gh, n).set(g);
      wasmConvertKernel(dtype, 'widen')!(gw, gh, n);
      wasmGradKernel(name as ElementwiseName)!(out, xw, gw, n, a, b);
    } else {
      wasmKernel(name as ElementwiseName)!(out, xw, n, a, b);
    }
    wasmConvertKernel(dtype, 'narrow')!(xh, out, n);
    return u16(xh, n).slice();
  });
}

/** The 16-bit kernel on x[, g] (first n elements), checking that the 8 elements past n are untouched. */
function half16(kernel: WasmKernel | WasmGradKernel, x: Uint16Array, g: Uint16Array | undefined, n: number, a: number, b: number): Uint16Array {
  return withBlocks(3, x.length + 8, ([xh, gh, out]) => {
    u16(xh, x.length).set(x);
    if (g) u16(gh, g.length).set(g);
    const dst = u16(out, n + 8);
    dst.fill(0xbeef);
    if (g) (kernel as WasmGradKernel)(out, xh, gh, n, a, b);
    else (kernel as WasmKernel)(out, xh, n, a, b);
    for (let i = n; i < n + 8; i++) assert.equal(dst[i], 0xbeef, `element ${i} past n = ${n} was written`);
    return dst.slice(0, n);
  });
}

function firstDifference(got: Uint16Array, want: Uint16Array): number {
  assert.equal(got.length, want.length);
  for (let i = 0; i < want.length; i++) if (got[i] !== want[i]) return i;
  return -1;
}

function exportOf(name: Name, dtype: Half, direction: 'Forward' | 'Backward'): string | undefined {
  return (HALF_KERNELS[name] as Partial<Record<string, string>>)[`${dtype}${direction}`];
}

for (const dtype of DTYPES) {
  test(`${dtype} kernels on the bits: all 65,536 patterns, forward and backward, several parameters, equal the float32 kernel rounded once`, () => {
    for (const name of NAMES) {
      for (const [a, b] of PARAMS[name]) {
        for (const direction of ['Forward', 'Backward'] as const) {
          const exported = exportOf(name, dtype, direction);
          if (!exported) continue;
          const kernel = wasmExports()![exported] as WasmKernel | WasmGradKernel;
          for (const x of X_ORDERS) {
            for (const g of direction === 'Forward' ? [undefined] : [...G_ORDERS, ...(G_MORE[name]?.(dtype) ?? [])]) {
              const want = reference(dtype, name, x, g, a, b);
              const got = half16(kernel, x, g, N, a, b);
              const i = firstDifference(got, want);
              if (i >= 0) {
                assert.fail(`${exported}(a = ${a}, b = ${b}): x = 0x${x[i].toString(16)}${g ? `, g = 0x${g[i].toString(16)}` : ''} gives 0x${got[i].toString(16)}, the float32 kernel rounded gives 0x${want[i].toString(16)}`);
              }
            }
          }
          // Tails: n = 1 … 23 from an offset, so every tail length meets every lane.
          for (let n = 1; n <= 23; n++) {
            const x = PATTERNS.subarray(0x3bf0, 0x3bf0 + n);
            const g = direction === 'Forward' ? undefined : G_ORDERS[0].subarray(0, n);
            assert.equal(firstDifference(half16(kernel, x, g, n, a, b), reference(dtype, name, x, g, a, b)), -1, `${exported}, n = ${n}`);
          }
        }
      }
    }
  });
}

type Fn = (x: NDArray, ...params: unknown[]) => NDArray;

/** nn.<name>(x) and vjp with cotangent g, default parameters, as 16-bit bits (the float32 result rounded for a float32 x). */
function viaLibrary(name: Name, x: NDArray, g: NDArray, dtype: Half): [Uint16Array, Uint16Array] {
  const fn = nn.ACTIVATIONS[name as ActivationName].fn as unknown as Fn;
  const [[y], [dx]] = vjp((u: NDArray) => fn(u), [x], [g]);
  const bits = (a: NDArray) => (a.dtype === dtype
    ? (a.data() as Uint16Array).slice()
    : Uint16Array.from(a.toTypedArray() as Float32Array, dtype === 'float16' ? numberToF16 : numberToBf16));
  return [bits(y), bits(dx)];
}

function halfArray(bits: Uint16Array, dtype: Half): NDArray {
  const a = array(new Float32Array(bits.length), dtype);
  (a.data() as Uint16Array).set(bits);
  return a;
}

test('through the library: float16 and bfloat16 arrays run the 16-bit kernels in the heap, staged, on two threads and small, with the same bits', async () => {
  await threadsReady();
  const limit = heapStats().softLimitBytes;
  for (const dtype of DTYPES) {
    for (const name of NAMES) {
      const x = halfArray(PATTERNS, dtype);
      const g = halfArray(G_ORDERS[0], dtype);
      const want = viaLibrary(name, x.astype('float32'), g.astype('float32'), dtype);
      const counts = () => ['Forward', 'Backward'].map((d) => exportOf(name, dtype, d as 'Forward' | 'Backward')).map((e) => (e ? wasmKernelCalls(e) : 0));
      const check = (label: string, got: [Uint16Array, Uint16Array], wantHere = want) => {
        for (const k of [0, 1]) {
          const i = firstDifference(got[k], wantHere[k]);
          if (i >= 0) assert.fail(`${name} ${dtype} ${label} ${k ? 'backward' : 'forward'}: pattern 0x${i.toString(16)} gives 0x${got[k][i].toString(16)}, want 0x${wantHere[k][i].toString(16)}`);
        }
      };
      const ran = (before: number[], label: string) => counts().forEach((c, k) => {
        if (exportOf(name, dtype, k ? 'Backward' : 'Forward')) assert.ok(c > before[k], `${name} ${dtype} ${label}: the 16-bit ${k ? 'backward' : 'forward'} kernel ran`);
      });
      let before = counts();
      check('in the heap', viaLibrary(name, x, g, dtype));
      ran(before, 'in the heap');
      before = counts();
      const staged = stagedKernelCalls();
      setHeapSoftLimit(0);
      try {
        check('past the soft limit', viaLibrary(name, halfArray(PATTERNS, dtype), halfArray(G_ORDERS[0], dtype), dtype));
      } finally {
        setHeapSoftLimit(limit);
      }
      ran(before, 'past the soft limit');
      assert.ok(stagedKernelCalls() > staged, `${name} ${dtype}: staged past the soft limit`);
      before = counts();
      overrideThreadMinimum(256);
      setNumThreads(2);
      try {
        check('on 2 threads', viaLibrary(name, x, g, dtype));
        setHeapSoftLimit(0);
        try {
          check('on 2 threads past the soft limit', viaLibrary(name, halfArray(PATTERNS, dtype), halfArray(G_ORDERS[0], dtype), dtype));
        } finally {
          setHeapSoftLimit(limit);
        }
      } finally {
        overrideThreadMinimum(undefined);
        setNumThreads(1);
      }
      ran(before, 'on 2 threads');
      for (const n of [1, 7, 37]) {
        const at = 0x3bf0;
        check(`n = ${n}`, viaLibrary(name, halfArray(PATTERNS.slice(at, at + n), dtype), halfArray(G_ORDERS[0].slice(at, at + n), dtype), dtype),
          [want[0].slice(at, at + n), want[1].slice(at, at + n)]);
      }
    }
  }
});
