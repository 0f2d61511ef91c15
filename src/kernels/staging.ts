/**
 * One execution path for every array: the WebAssembly kernels read and write float32 (or, the
 * float64 kernels, float64) in the heap, and this module lets any float32, float16, bfloat16 or
 * float64 array take part, wherever its storage lives (a heap block, a JS ArrayBuffer past the
 * heap's soft limit or below 512 bytes).
 *
 * - An operand that is of the kernel's lane type and in the heap is used in place.
 * - Any other operand is staged through heap scratch: float32 is copied in and out, 16-bit types
 *   are widened to float32 on the way in and rounded once on the way out (SIMD conversion kernels).
 * - A call that threads (large arrays, see threads.ts) loads staged inputs whole into scratch; a
 *   result outside the heap is computed into scratch by chunks that the threads take in turn, and
 *   the calling thread copies each finished chunk out while the workers compute the next ones.
 *   Any other call stages cache-sized chunks on the calling thread
 *   (copying 64 KiB in and out costs a few percent of a transcendental kernel, and keeps the
 *   piecewise-linear ones near the speed of the copy that a fresh result costs anyway).
 *
 * Chunks start at multiples of 16 elements, as threads' do, so every element goes through the
 * same kernel code as in one in-place call: the bits depend only on the inputs.
 * docs/engine.md has the measurements behind the chunk size and the storage policy.
 */
import type { NDArray } from '../core/array.js';
import { allocateScratch, heapMemory, releaseScratch } from '../core/heap.js';
import { wasmConvertKernel } from './wasm/kernels.js';

/** Elements per staged chunk: 64 KiB of float32, a multiple of 16. */
export const CHUNK = 16384;

/** The dtypes the float32 kernels serve (16-bit types compute in float32 and round once). */
export type KernelDType = 'float32' | 'float16' | 'bfloat16';

export function isKernelDType(dtype: string): dtype is KernelDType {
  return dtype === 'float32' || dtype === 'float16' || dtype === 'bfloat16';
}

/** Throws the DisposedError of `op` if any operand was disposed (before anything is allocated). */
export function checkLive(op: string, ...arrays: readonly NDArray[]): void {
  for (const x of arrays) x.storage.bytes(op);
}

/**
 * Bytes per element of the kernel lanes a call runs: 8 for the float64 kernels (float64 output,
 * every operand float64), else 4 (float32, which 16-bit operands are staged to).
 */
export function laneBytes(out: NDArray): 4 | 8 {
  return out.dtype === 'float64' ? 8 : 4;
}

/**
 * Whether a kernel with `bytes`-byte lanes can read or write x where it is: in the heap, of that
 * type (2: float16 or bfloat16, the 16-bit kernels, which the caller runs on one 16-bit dtype),
 * not disposed.
 */
export function inPlace(x: NDArray, bytes: 2 | 4 | 8 = 4): boolean {
  const lane = bytes === 2 ? x.dtype === 'float16' || x.dtype === 'bfloat16' : x.dtype === (bytes === 8 ? 'float64' : 'float32');
  return lane && x.storage.inHeap && !x.storage.disposed;
}

// The conversion kernels come with the activation kernels (one module): staging runs only when
// an activation's kernel was found, so they are there too.

/** n 16-bit values at byte offset src → n float32 at dst (exact). */
function widen(dtype: 'float16' | 'bfloat16', dst: number, src: number, n: number): void {
  wasmConvertKernel(dtype, 'widen')!(dst, src, n);
}

/** n float32 at src → n 16-bit values at dst, rounded once to nearest even. */
function narrow(dtype: 'float16' | 'bfloat16', dst: number, src: number, n: number): void {
  wasmConvertKernel(dtype, 'narrow')!(dst, src, n);
}

/** The byte offset of x's element 0 in the heap, or -1 when its storage is elsewhere. */
function heapAddress(x: NDArray, op: string): number {
  const { byteOffset } = x.storage.bytes(op); // throws DisposedError for a disposed array
  return x.storage.inHeap ? byteOffset : -1;
}

const VIEW = { 2: Uint16Array, 4: Float32Array, 8: Float64Array } as const;
type Lanes = Uint16Array | Float32Array | Float64Array;

/** x's elements as a typed array of their width (float16 and bfloat16 as their bits). */
function elementsOf(x: NDArray, op: string): Lanes {
  const { buffer, byteOffset } = x.storage.bytes(op);
  return new VIEW[x.dtype === 'float64' ? 8 : x.dtype === 'float32' ? 4 : 2](buffer as ArrayBuffer, byteOffset, x.size);
}

// The loaders and storers below make their views once per call and one subarray per chunk: a
// staged call copies 60-odd chunks, and every object made per chunk is garbage for the GC (in a
// loop that never disposes, each collection also hands freed result buffers back to the system,
// whose pages the next results then fault in again; docs/pitfalls.md).

/**
 * A function that loads elements [start, start + n) of x as kernel lanes of `bytes` bytes
 * (float32, float64 for float64, the 16-bit bits themselves for the 16-bit kernels) at heap byte
 * offset `to` (scratch), using `bits` (scratch of 2n bytes) for 16-bit values outside the heap.
 * Made after the call's scratch is allocated (a non-shared memory that grows detaches views).
 */
function loader(x: NDArray, op: string, bytes: 2 | 4 | 8, bits: number): (start: number, n: number, to: number) => void {
  const at = heapAddress(x, op);
  const dtype = x.dtype;
  if ((dtype === 'float16' || dtype === 'bfloat16') && bytes !== 2) {
    if (at >= 0) return (start, n, to) => widen(dtype, to, at + 2 * start, n);
    const src = elementsOf(x, op), heap16 = new Uint16Array(heapMemory().buffer);
    return (start, n, to) => {
      heap16.set(src.subarray(start, start + n), bits >> 1);
      widen(dtype, to, bits, n);
    };
  }
  const src = elementsOf(x, op), heap = new VIEW[bytes](heapMemory().buffer as ArrayBuffer);
  return (start, n, to) => heap.set(src.subarray(start, start + n), to / bytes);
}

/**
 * A function that stores n kernel lanes of `bytes` bytes at heap byte offset `from` into
 * elements [start, start + n) of out (16-bit types rounded once, through `bits` when out is
 * outside the heap). Made after the call's scratch is allocated, as loader.
 */
function storer(out: NDArray, op: string, bytes: 2 | 4 | 8, bits: number): (start: number, n: number, from: number) => void {
  const at = heapAddress(out, op);
  const dtype = out.dtype;
  if ((dtype === 'float16' || dtype === 'bfloat16') && bytes !== 2) {
    if (at >= 0) return (start, n, from) => narrow(dtype, at + 2 * start, from, n);
    const dst = elementsOf(out, op), heap16 = new Uint16Array(heapMemory().buffer);
    return (start, n, from) => {
      narrow(dtype, bits, from, n);
      dst.set(heap16.subarray(bits >> 1, (bits >> 1) + n), start);
    };
  }
  const dst = elementsOf(out, op), heap = new VIEW[bytes](heapMemory().buffer as ArrayBuffer);
  return (start, n, from) => dst.set(heap.subarray(from / bytes, from / bytes + n), start);
}

/**
 * Lays out one scratch block for the operands that are not in place (`direct[i]` false; out is
 * operand 0) and loads the staged inputs into it whole. Returns the block, each operand's address
 * (in place or in the block) and a 16-bit area of 2·(largest size) bytes for the conversions.
 */
function stageWhole(op: string, out: NDArray, inputs: readonly NDArray[], direct: readonly boolean[], bytes: 2 | 4 | 8): { block: number; at: number[]; bits: number } {
  const operands = [out, ...inputs];
  const areas = operands.map((x, i) => (direct[i] ? 0 : align(bytes * x.size)));
  const bitsBytes = align(2 * Math.max(...operands.map((x) => x.size)));
  const block = allocateScratch(areas.reduce((s, b) => s + b, 0) + bitsBytes);
  const at: number[] = [];
  let p = block;
  operands.forEach((x, i) => {
    at.push(direct[i] ? x.storage.heapOffset : p);
    p += areas[i];
  });
  try {
    inputs.forEach((x, i) => { if (!direct[i + 1]) loader(x, op, bytes, p)(0, x.size, at[i + 1]); });
  } catch (e) {
    releaseScratch(block);
    throw e;
  }
  return { block, at, bits: p };
}

/**
 * Runs `kernel(dst, srcs)` on whole arrays: operands in place where they can be, the others
 * staged into scratch blocks for the call (inputs loaded whole first). With `shared` (a call that
 * threads), a result outside the heap is made by `shared(dst, srcs, done)` instead, which calls
 * `done(start, count)` for each finished range of result elements (threads.ts runShared): the
 * range is copied out at once, while the workers compute the others. Returns whether anything was
 * staged. `out` is written; `inputs` are only read. `bytes`: the kernel's lane width (2 for the
 * 16-bit kernels).
 */
export function runWhole(
  op: string, out: NDArray, inputs: readonly NDArray[], kernel: (dst: number, srcs: readonly number[]) => void,
  shared?: (dst: number, srcs: readonly number[], done: (start: number, count: number) => void) => void,
  bytes: 2 | 4 | 8 = laneBytes(out),
): boolean {
  const direct = [out, ...inputs].map((x) => inPlace(x, bytes));
  if (direct.every(Boolean)) {
    kernel(out.storage.heapOffset, inputs.map((x) => x.storage.heapOffset));
    return false;
  }
  const { block, at, bits } = stageWhole(op, out, inputs, direct, bytes);
  try {
    if (shared && !direct[0]) {
      const store = storer(out, op, bytes, bits);
      shared(at[0], at.slice(1), (start, count) => store(start, count, at[0] + bytes * start));
    } else {
      kernel(at[0], at.slice(1));
      if (!direct[0]) storer(out, op, bytes, bits)(0, out.size, at[0]);
    }
  } finally {
    releaseScratch(block);
  }
  return true;
}

/**
 * Runs an elementwise kernel over the n elements shared by `out` and `inputs` (all of one size):
 * on whole arrays (runWhole, `whole(dst, srcs, n)`, or `shared(dst, srcs, n, done)` for a result
 * outside the heap) when every operand is in place or the call threads, else `chunk(dst, srcs,
 * count)` over cache-sized chunks staged on this thread. Returns whether anything was staged.
 * `bytes`: as runWhole.
 */
export function runElementwise(
  op: string, out: NDArray, inputs: readonly NDArray[], threads: number,
  whole: (dst: number, srcs: readonly number[], n: number) => void,
  chunk: (dst: number, srcs: readonly number[], n: number) => void,
  shared: (dst: number, srcs: readonly number[], n: number, done: (start: number, count: number) => void) => void,
  bytes: 2 | 4 | 8 = laneBytes(out),
): boolean {
  const n = out.size;
  const direct = inputs.map((x) => inPlace(x, bytes));
  const outDirect = inPlace(out, bytes);
  if (threads > 1 || (outDirect && direct.every(Boolean))) {
    return runWhole(op, out, inputs, (dst, srcs) => whole(dst, srcs, n), threads > 1 ? (dst, srcs, done) => shared(dst, srcs, n, done) : undefined, bytes);
  }
  const slots = inputs.length + 1;
  const block = allocateScratch(slots * bytes * CHUNK + 2 * CHUNK);
  try {
    const bits = block + slots * bytes * CHUNK;
    const loads = inputs.map((x, i) => (direct[i] ? undefined : loader(x, op, bytes, bits)));
    const store = outDirect ? undefined : storer(out, op, bytes, bits);
    const srcs = inputs.map(() => 0);
    for (let start = 0; start < n; start += CHUNK) {
      const count = Math.min(CHUNK, n - start);
      inputs.forEach((x, i) => {
        const load = loads[i];
        if (!load) srcs[i] = x.storage.heapOffset + bytes * start;
        else load(start, count, (srcs[i] = block + bytes * CHUNK * (i + 1)));
      });
      const dst = outDirect ? out.storage.heapOffset + bytes * start : block;
      chunk(dst, srcs, count);
      store?.(start, count, block);
    }
  } finally {
    releaseScratch(block);
  }
  return true;
}

/** Rounds a byte count up to 64 (keeps every staged area aligned for the vector loads). */
function align(bytes: number): number {
  return Math.ceil(bytes / 64) * 64;
}
