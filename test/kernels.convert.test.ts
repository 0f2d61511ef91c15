// The WebAssembly conversions between float32 and the 16-bit types (f16ToF32, f32ToF16, bf16ToF32,
// f32ToBf16: src/kernels/wasm/assembly/convert.ts) against src/core/half.ts, bit for bit: every
// one of the 65,536 16-bit patterns widened; narrowing on every float32 that is a 16-bit value,
// an exact midpoint between two (ties go to even) or 1-2 float32 ULPs from one, both signs, and a
// sampled sweep of the float32 bit patterns (every 4093rd; NONLIN_SWEEP_STRIDE overrides) with
// NaN payloads, ±∞ and subnormals; vectors whose lanes are of different kinds (float16's widening
// has a short path for eight finite lanes). NaN becomes the one quiet NaN (0x7e00, 0x7fc0;
// widened 0x7fc00000), as half.ts gives it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Storage, heapMemory } from '../src/core/heap.js';
import { bf16ToNumber, f16ToNumber, numberToBf16, numberToF16 } from '../src/core/half.js';
import { CONVERT_KERNELS, wasmConvertKernel, type WasmConvertKernel } from '../src/kernels/wasm/kernels.js';

type Half = keyof typeof CONVERT_KERNELS;
const TO_NUMBER: Record<Half, (bits: number) => number> = { float16: f16ToNumber, bfloat16: bf16ToNumber };
const FROM_NUMBER: Record<Half, (x: number) => number> = { float16: numberToF16, bfloat16: numberToBf16 };
const DTYPES: readonly Half[] = ['float16', 'bfloat16'];

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
const bitsOf = (x: number) => { f32[0] = x; return u32[0]; };
const valueOf = (bits: number) => { u32[0] = bits; return f32[0]; };

function kernel(dtype: Half, direction: 'widen' | 'narrow'): WasmConvertKernel {
  const k = wasmConvertKernel(dtype, direction);
  assert.ok(k, `${CONVERT_KERNELS[dtype][direction]}: the export exists`);
  return k;
}

/** Runs a conversion on heap blocks: `input` (the source's bits) → n outputs, and checks that nothing past n was written. */
function convert(k: WasmConvertKernel, input: Uint16Array | Uint32Array, outBytes: 2 | 4, n = input.length): number[] {
  const src = Storage.allocate(Math.max(input.byteLength, 1024));
  const dst = Storage.allocate(Math.max((n + 8) * outBytes, 1024));
  try {
    assert.ok(src.inHeap && dst.inHeap);
    const buffer = heapMemory().buffer;
    (input instanceof Uint16Array ? new Uint16Array(buffer, src.heapOffset, input.length) : new Uint32Array(buffer, src.heapOffset, input.length)).set(input);
    const out = outBytes === 2 ? new Uint16Array(buffer, dst.heapOffset, n + 8) : new Uint32Array(buffer, dst.heapOffset, n + 8);
    out.fill(0xbeef);
    k(dst.heapOffset, src.heapOffset, n);
    for (let i = n; i < n + 8; i++) assert.equal(out[i], 0xbeef, `element ${i} past n = ${n} was written`);
    return [...out.subarray(0, n)];
  } finally {
    src.dispose();
    dst.dispose();
  }
}

/** half.ts's float32 bits for a 16-bit pattern (NaN: the quiet NaN). */
const widened = (dtype: Half, h: number) => { const v = TO_NUMBER[dtype](h); return Number.isNaN(v) ? 0x7fc00000 : bitsOf(v); };

for (const dtype of DTYPES) {
  test(`${CONVERT_KERNELS[dtype].widen}: all 65,536 ${dtype} patterns as half.ts, exactly`, () => {
    const all = Uint16Array.from({ length: 65536 }, (_, i) => i);
    const got = convert(kernel(dtype, 'widen'), all, 4);
    const bad: string[] = [];
    let nans = 0;
    for (let h = 0; h < 65536; h++) {
      const want = widened(dtype, h);
      if (want === 0x7fc00000) nans++;
      if (got[h] !== want && bad.length < 5) bad.push(`0x${h.toString(16)} → 0x${got[h].toString(16)}, expected 0x${want.toString(16)}`);
    }
    assert.deepEqual(bad, []);
    assert.equal(nans, dtype === 'float16' ? 2046 : 254, 'every NaN pattern (both signs) widened to the quiet NaN');
  });

  test(`${CONVERT_KERNELS[dtype].narrow}: every ${dtype} value, the midpoints between neighbours (ties to even) and 1-2 float32 ULPs around them`, () => {
    const toNumber = TO_NUMBER[dtype];
    const inputs: number[] = [];
    const maxFinite = dtype === 'float16' ? 0x7bff : 0x7f7f;
    for (let h = 0; h <= maxFinite; h++) {
      const v = toNumber(h);
      const next = h === maxFinite ? (dtype === 'float16' ? 65536 : 2 ** 128) : toNumber(h + 1);
      const mid = bitsOf((v + next) / 2); // exact: a 16-bit midpoint has at most 12 (float16) or 9 significant bits
      assert.equal(valueOf(mid), (v + next) / 2, `midpoint after 0x${h.toString(16)}`);
      for (const b of [bitsOf(v), mid - 2, mid - 1, mid, mid + 1, mid + 2]) inputs.push(b >>> 0, (b | 0x80000000) >>> 0);
    }
    const xs = Uint32Array.from(inputs);
    const got = convert(kernel(dtype, 'narrow'), xs, 2);
    const fromNumber = FROM_NUMBER[dtype];
    const bad: string[] = [];
    let ties = 0;
    for (let i = 0; i < xs.length; i++) {
      const want = fromNumber(valueOf(xs[i]));
      if (got[i] !== want && bad.length < 5) bad.push(`0x${xs[i].toString(16)} → 0x${got[i].toString(16)}, expected 0x${want.toString(16)}`);
      if (i % 12 === 6) ties += want & 1 ? 0 : 1; // the positive midpoint: half to even lands on an even pattern
    }
    assert.deepEqual(bad, []);
    assert.equal(ties, maxFinite + 1, 'every positive midpoint rounds to the even neighbour');
  });

  test(`${CONVERT_KERNELS[dtype].narrow}: a sweep of float32 bit patterns, NaN payloads, ±∞, overflow, subnormals, as half.ts`, (t) => {
    const stride = Number(process.env.NONLIN_SWEEP_STRIDE ?? 4093);
    const inputs: number[] = [0, 0x80000000, 0x7f800000, 0xff800000, 0x7fc00000, 0xffc00000, 0x7f800001, 0xff800001, 0x7fffffff, 0xffffffff,
      0x00000001, 0x80000001, 0x007fffff, 0x00800000, 0x7f7fffff, 0xff7fffff,
      bitsOf(65504), bitsOf(65519.996), bitsOf(65520), bitsOf(-65520), bitsOf(2 ** -14), bitsOf(2 ** -24), bitsOf(2 ** -25), bitsOf(-(2 ** -25)), bitsOf(2 ** -25) + 1];
    for (let b = 0; b < 2 ** 32; b += stride) inputs.push(b);
    const xs = Uint32Array.from(inputs);
    const got = convert(kernel(dtype, 'narrow'), xs, 2);
    const fromNumber = FROM_NUMBER[dtype];
    const nan = dtype === 'float16' ? 0x7e00 : 0x7fc0;
    const bad: string[] = [];
    for (let i = 0; i < xs.length; i++) {
      const want = fromNumber(valueOf(xs[i]));
      if (got[i] !== want && bad.length < 5) bad.push(`0x${xs[i].toString(16)} → 0x${got[i].toString(16)}, expected 0x${want.toString(16)}`);
    }
    assert.deepEqual(bad, []);
    assert.deepEqual(got.slice(4, 10), [nan, nan, nan, nan, nan, nan], 'every NaN, either sign, to the quiet NaN');
    t.diagnostic(`${xs.length} float32 inputs (stride ${stride})`);
  });

  test(`${dtype}: narrow(widen(h)) = h for every non-NaN pattern; every length 0-17 converts exactly n elements`, () => {
    const toNumber = TO_NUMBER[dtype];
    const all = Uint16Array.from({ length: 65536 }, (_, i) => i).filter((h) => !Number.isNaN(toNumber(h)));
    const back = convert(kernel(dtype, 'narrow'), Uint32Array.from(convert(kernel(dtype, 'widen'), all, 4)), 2);
    assert.ok(back.every((h, i) => h === all[i]));
    const halves = Uint16Array.from({ length: 17 }, (_, i) => (i * 4099) & 0x7bff);
    for (let n = 0; n <= 17; n++) {
      const w = convert(kernel(dtype, 'widen'), halves, 4, n);
      assert.deepEqual(w, [...halves.subarray(0, n)].map((h) => widened(dtype, h)), `widen, n = ${n}`);
      const floats = Uint32Array.from({ length: 17 }, (_, i) => bitsOf((i - 8) * 1.37e-3 * 3 ** i));
      assert.deepEqual(convert(kernel(dtype, 'narrow'), floats, 2, n), [...floats.subarray(0, n)].map((b) => FROM_NUMBER[dtype](valueOf(b))), `narrow, n = ${n}`);
    }
  });
}

test('f16ToF32 and f32ToF16: vectors mixing lanes of every kind, in every lane position (finite with ±∞ and NaN; normal with ±0, subnormal, overflow and NaN), as half.ts', () => {
  // Widening takes a short path for eight finite lanes: in run p, lane p of every eight is ±∞ or
  // a NaN and the other lanes are every pattern in turn.
  for (let p = 0; p < 8; p++) {
    const xs = Uint16Array.from({ length: 65536 + 8 }, (_, i) => ((i & 7) === p ? 0x7c00 | ((i >> 3) & 0x3ff) | ((i >> 13) & 1) << 15 : i & 0xffff));
    const got = convert(kernel('float16', 'widen'), xs, 4);
    const bad = [...xs].flatMap((h, i) => (got[i] === widened('float16', h) ? [] : [`lane ${i & 7}: 0x${h.toString(16)} → 0x${got[i].toString(16)}`]));
    assert.deepEqual(bad.slice(0, 5), [], `run ${p}`);
  }
  // Narrowing: each lane of a vector from another kind, the kinds rotating through the lane positions.
  const kinds: ((v: number) => number)[] = [
    (v) => bitsOf((1 + (v % 1021) / 1021) * 2 ** ((v % 30) - 14)), // normal
    (v) => (v & 1 ? 0x80000000 : 0) | (v % 3 === 0 ? 0 : bitsOf(2 ** -26 * (1 + (v % 7) / 8))), // ±0, or below half the smallest subnormal
    (v) => bitsOf((v % 1024 + (v & 1 ? 0.5 : 0.3)) * 2 ** -24), // subnormal: midpoints and between
    (v) => bitsOf(v % 4 === 0 ? Infinity : 65504 + (v % 48)), // the largest finite, its tie at 65520, beyond, ∞
    (v) => (0x7f800001 + v * 977) >>> 0, // NaN payloads
  ];
  for (const dtype of DTYPES) {
    const xs = Uint32Array.from({ length: 8 * 4096 + 5 }, (_, i) => {
      const v = i >> 3;
      const b = kinds[((i & 7) + v) % kinds.length](v);
      return (v & 2 ? b | 0x80000000 : b) >>> 0;
    });
    const got = convert(kernel(dtype, 'narrow'), xs, 2);
    const bad = [...xs].flatMap((b, i) => (got[i] === FROM_NUMBER[dtype](valueOf(b)) ? [] : [`0x${b.toString(16)} → 0x${got[i].toString(16)}`]));
    assert.deepEqual(bad.slice(0, 5), [], dtype);
  }
});
