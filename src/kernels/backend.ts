/**
 * The kernel backend choice. An elementwise activation first asks for a fast kernel here (the
 * WebAssembly SIMD kernels, when available and when the arrays live in the heap); if none
 * applies it runs the plain-JS loop. Both paths meet the same accuracy contract and run the
 * same test suites (test/kernels.test.ts runs them with each backend).
 *
 * The WebAssembly path takes float32 arrays in the heap (more than 512 bytes, below the heap's
 * soft limit) and writes a fresh heap array in place. The backward (g·f'(x), `fastElementwiseGrad`)
 * takes the same path when x and g are both float32 heap arrays of the same shape. float64 and the 16-bit types stay on the
 * JS path for now (see issue 6).
 *
 * The row activations (softmax, softmin, logSoftmax, glu) take the WebAssembly path along the last
 * axis (`fastRow`, `fastRowGrad`); other axes run the JS lanes. prelu takes it for a weight that is
 * a scalar or one value per entry of x's last axis, e.g. nn.PReLU(numParameters)'s [numParameters]
 * (`fastPrelu`, `fastPreluGrad`).
 */
import { NDArray } from '../core/array.js';
import type { FloatDType } from '../core/dtype.js';
import { ValueError } from '../core/errors.js';
import { Storage, heapMemory } from '../core/heap.js';
import { hasWasmKernel, simdSupported, wasmGradKernel, wasmKernel, wasmRowKernel } from './wasm/kernels.js';
import type { RowKernelExport } from './wasm/table.generated.js';
import { rowThreads, runGradKernel, runKernel, runRowKernel } from './threads.js';

/**
 * The kernel families: 'wasm' (WebAssembly SIMD, float32 arrays in the heap) and 'js' (plain-JS
 * loops, every dtype). Both meet the same accuracy contract.
 * @example
 * const b: Backend = getBackend(); // → 'wasm' where WebAssembly SIMD exists
 */
export type Backend = 'wasm' | 'js';

let preferred: Backend | undefined;

/**
 * Chooses the kernels: 'wasm' (the default where WebAssembly SIMD exists) or 'js' (the plain-JS
 * fallback everywhere, e.g. to compare the two). Choosing 'wasm' without WebAssembly SIMD throws.
 * @example
 * setBackend('js');
 * getBackend();      // → 'js'
 * setBackend('wasm');
 */
export function setBackend(backend: Backend): void {
  if (backend !== 'wasm' && backend !== 'js') {
    throw new ValueError('setBackend', `argument 'backend' is ${JSON.stringify(backend)}; expected 'wasm' or 'js'`);
  }
  if (backend === 'wasm' && !simdSupported()) {
    throw new ValueError('setBackend', "WebAssembly SIMD is not available on this platform; only 'js' is");
  }
  preferred = backend;
}

/**
 * The kernels in use: 'wasm' where WebAssembly SIMD exists unless setBackend('js') was called.
 * @example
 * getBackend(); // → 'wasm' (Node 20 and current browsers have WebAssembly SIMD)
 */
export function getBackend(): Backend {
  return (preferred ??= simdSupported() ? 'wasm' : 'js');
}

const calls = new Map<string, number>();

/**
 * @internal How many times each WebAssembly kernel ran (by activation name; the backward kernels
 * as `<name>Grad`), for tests that must know which path was taken.
 */
export function wasmKernelCalls(name: string): number {
  return calls.get(name) ?? 0;
}

/**
 * A fast elementwise activation kernel, or undefined when none applies (the caller then runs
 * the JS loop). `name` is the spec's name (Keras-only specs are named 'keras.*' and have no
 * kernel here); a and b its numeric parameters, already in the compute type.
 */
export function fastElementwise(name: string, x: NDArray, dtype: FloatDType, a: number, b: number): NDArray | undefined {
  if (dtype !== 'float32' || x.dtype !== 'float32' || getBackend() !== 'wasm') return undefined;
  const into = target;
  if (into && into.source === x) {
    target = undefined; // one activation call per applyInto
    return runWasm(name, x, a, b, into.out);
  }
  return runWasm(name, x, a, b);
}

let target: { out: NDArray; source: NDArray } | undefined;

/**
 * @internal Runs `body` (one activation call on `source`) with `out` as the destination of the
 * forward kernel, for nn.applyInto: the call returns `out` when the kernel wrote into it, or its
 * own fresh array (the JS path), which the caller copies.
 */
export function intoTarget(out: NDArray, source: NDArray, body: () => NDArray): NDArray {
  const saved = target;
  target = { out, source };
  try {
    return body();
  } finally {
    target = saved;
  }
}

/**
 * @internal Runs the WebAssembly kernel `name` on a float32 array in the heap (a fresh output, or
 * `into`), or returns undefined when it cannot (no kernel, no SIMD, input outside
 * the heap, heap past its soft limit).
 */
export function runWasm(name: string, x: NDArray, a: number, b: number, into?: NDArray): NDArray | undefined {
  const input = x.storage;
  if (x.dtype !== 'float32' || !input.inHeap || input.disposed) return undefined; // disposed: the JS path throws
  const kernel = hasWasmKernel(name) ? wasmKernel(name) : undefined;
  if (!kernel) return undefined;
  // `into` (nn.applyInto): x's shape and dtype, checked by the caller; x itself is fine, as every
  // kernel reads each element before writing it.
  if (into && (!into.storage.inHeap || into.storage.disposed || into.size !== x.size || into.dtype !== 'float32')) return undefined;
  const out = into ?? NDArray.empty(x.shape, 'float32');
  if (!out.storage.inHeap) { // the heap is past its soft limit
    out.dispose();
    return undefined;
  }
  runKernel(name, kernel, out.storage.heapOffset, input.heapOffset, x.size, a, b); // threads.ts: split across threads when large
  calls.set(name, (calls.get(name) ?? 0) + 1);
  return out;
}

/**
 * A fast fused backward g·f'(x) of an elementwise activation, or undefined when none applies (the
 * caller then runs the JS loop): x and g float32 with the same shape (no broadcasting), the
 * backend 'wasm'. `name` is the spec's name; a and b its parameters as recorded by the forward.
 */
export function fastElementwiseGrad(name: string, x: NDArray, g: NDArray, a: number, b: number): NDArray | undefined {
  if (x.dtype !== 'float32' || g.dtype !== 'float32' || getBackend() !== 'wasm') return undefined;
  return runWasmGrad(name, x, g, a, b);
}

function sameShape(a: NDArray, b: NDArray): boolean {
  if (a.ndim !== b.ndim) return false;
  for (let i = 0; i < a.ndim; i++) if (a.shape[i] !== b.shape[i]) return false;
  return true;
}

/**
 * @internal Runs the backward kernel `<name>Grad` on float32 heap arrays x and g of one shape
 * (a fresh output), or returns undefined when it cannot.
 */
export function runWasmGrad(name: string, x: NDArray, g: NDArray, a: number, b: number): NDArray | undefined {
  const xs = x.storage;
  const gs = g.storage;
  if (x.dtype !== 'float32' || g.dtype !== 'float32' || !sameShape(x, g)) return undefined;
  if (!xs.inHeap || xs.disposed || !gs.inHeap || gs.disposed) return undefined;
  const kernel = hasWasmKernel(name) ? wasmGradKernel(name) : undefined;
  if (!kernel) return undefined;
  const out = NDArray.empty(x.shape, 'float32');
  if (!out.storage.inHeap) {
    out.dispose();
    return undefined;
  }
  runGradKernel(`${name}Grad`, kernel, out.storage.heapOffset, xs.heapOffset, gs.heapOffset, x.size, a, b);
  const key = `${name}Grad`;
  calls.set(key, (calls.get(key) ?? 0) + 1);
  return out;
}

// ---- row activations and prelu (src/kernels/wasm/assembly/rows/) ----

/** The row activations that have WebAssembly kernels (along the last axis). */
export type RowKernelName = 'softmax' | 'softmin' | 'logSoftmax' | 'glu';

/** The forward and backward export of each (softmin is softmax's kernel on −x). */
const ROW_EXPORTS = {
  softmax: ['rowSoftmax', 'rowSoftmaxGrad'],
  softmin: ['rowSoftmax', 'rowSoftmaxGrad'],
  logSoftmax: ['rowLogSoftmax', 'rowLogSoftmaxGrad'],
  glu: ['rowGlu', 'rowGluGrad'],
} as const satisfies Record<RowKernelName, readonly [RowKernelExport, RowKernelExport]>;

const live = (x: NDArray) => x.dtype === 'float32' && x.storage.inHeap && !x.storage.disposed;

/** A fresh float32 array in the heap, or undefined past the heap's soft limit. */
function heapArray(shape: readonly number[]): NDArray | undefined {
  const out = NDArray.empty(shape, 'float32');
  if (out.storage.inHeap) return out;
  out.dispose();
  return undefined;
}

/** Runs `body` with a heap block of at least `bytes` bytes (freed after), or returns undefined. */
function withScratch<T>(bytes: number, body: (offset: number) => T): T | undefined {
  const block = Storage.allocate(Math.max(bytes, 1024)); // past 512 bytes, so in the heap
  try {
    return block.inHeap ? body(block.heapOffset) : undefined;
  } finally {
    block.dispose();
  }
}

function count(key: string): void {
  calls.set(key, (calls.get(key) ?? 0) + 1);
}

/**
 * @internal The row activation `name` of x along `axis` by its WebAssembly kernel, or undefined
 * when none applies (backend 'js', x not float32 in the heap, `axis` not the last, an empty row).
 * glu's axis has an even size (checked by the caller).
 */
export function fastRow(name: RowKernelName, x: NDArray, axis: number): NDArray | undefined {
  if (getBackend() !== 'wasm' || !live(x) || axis !== x.ndim - 1) return undefined;
  const n = x.shape[axis];
  if (n === 0) return undefined;
  const rows = x.size / n;
  const kernel = wasmRowKernel(ROW_EXPORTS[name][0]);
  if (!kernel) return undefined;
  const shape = [...x.shape];
  if (name === 'glu') shape[axis] = n / 2;
  const out = heapArray(shape);
  if (!out) return undefined;
  const dst = out.storage.heapOffset, src = x.storage.heapOffset;
  const exportName = ROW_EXPORTS[name][0];
  const t = rowThreads(name, rows, x.size);
  const outRow = 4 * out.shape[axis], inRow = 4 * n; // bytes
  const done = name === 'glu' ? (runRowKernel(exportName, kernel, rows, t, (r, k) => [dst + r * outRow, src + r * inRow, k, n / 2]), true)
    : name === 'logSoftmax' ? (runRowKernel(exportName, kernel, rows, t, (r, k) => [dst + r * outRow, src + r * inRow, k, n]), true)
    : withScratch(8 * n * t, (scratch) => { // a scratch row per thread
      const flip = name === 'softmin' ? 1 : 0;
      runRowKernel(exportName, kernel, rows, t, (r, k, i) => [dst + r * outRow, src + r * inRow, k, n, scratch + 8 * n * i, flip]);
      return true;
    });
  if (!done) {
    out.dispose();
    return undefined;
  }
  count(name);
  return out;
}

/**
 * @internal The VJP of the row activation `name` along the last axis by its WebAssembly kernel
 * (x and g float32 in the heap, g shaped like the forward's output), or undefined.
 */
export function fastRowGrad(name: RowKernelName, x: NDArray, g: NDArray, axis: number): NDArray | undefined {
  if (getBackend() !== 'wasm' || !live(x) || !live(g) || axis !== x.ndim - 1 || g.ndim !== x.ndim) return undefined;
  const n = x.shape[axis];
  if (n === 0) return undefined;
  for (let i = 0; i < x.ndim; i++) if (g.shape[i] !== (i === axis && name === 'glu' ? n / 2 : x.shape[i])) return undefined;
  const kernel = wasmRowKernel(ROW_EXPORTS[name][1]);
  if (!kernel) return undefined;
  const out = heapArray(x.shape);
  if (!out) return undefined;
  const rows = x.size / n;
  const dst = out.storage.heapOffset, xp = x.storage.heapOffset, gp = g.storage.heapOffset;
  const exportName = ROW_EXPORTS[name][1];
  const t = rowThreads(`${name}Grad`, rows, x.size);
  const xRow = 4 * n, gRow = 4 * g.shape[axis]; // bytes
  const at = (r: number) => [dst + r * xRow, xp + r * xRow, gp + r * gRow];
  const done = name === 'glu' ? (runRowKernel(exportName, kernel, rows, t, (r, k) => [...at(r), k, n / 2]), true)
    : withScratch(8 * n * t, (scratch) => { // a scratch row per thread
      const flip = name === 'softmin' ? [1] : name === 'logSoftmax' ? [] : [0];
      runRowKernel(exportName, kernel, rows, t, (r, k, i) => [...at(r), k, n, scratch + 8 * n * i, ...flip]);
      return true;
    });
  if (!done) {
    out.dispose();
    return undefined;
  }
  count(`${name}Grad`);
  return out;
}

/**
 * How prelu's weight broadcasts against x, for the kernels: c = 0 for a single value (`value`), c
 * = x's last dimension for one value per entry of the last axis (a shape [..., 1, C]); undefined
 * otherwise (a weight that stretches other axes of x, or makes the result larger than x).
 */
function preluLayout(x: NDArray, alpha: NDArray): { c: number; value: number } | undefined {
  if (alpha.dtype !== 'float32' || alpha.storage.disposed || alpha.ndim > x.ndim || x.ndim === 0) return undefined;
  if (alpha.size === 1) return { c: 0, value: alpha.data('nn.prelu')[0] as number };
  const c = x.shape[x.ndim - 1];
  if (alpha.shape[alpha.ndim - 1] !== c || alpha.size !== c) return undefined;
  return { c, value: 0 };
}

/** Copies alpha's c values into the heap at `offset` (alpha itself is usually too small to live there). */
function stageAlpha(alpha: NDArray, offset: number, c: number): void {
  new Float32Array(heapMemory().buffer, offset, c).set(alpha.data('nn.prelu') as Float32Array);
}

/**
 * @internal prelu(x, alpha) by its WebAssembly kernel (x float32 in the heap, alpha float32, a
 * scalar or one value per entry of x's last axis), or undefined.
 */
export function fastPrelu(x: NDArray, alpha: NDArray): NDArray | undefined {
  if (getBackend() !== 'wasm' || !live(x)) return undefined;
  const layout = preluLayout(x, alpha);
  const kernel = wasmRowKernel('rowPrelu');
  if (!layout || !kernel) return undefined;
  const { c, value } = layout;
  const out = heapArray(x.shape);
  if (!out) return undefined;
  const dst = out.storage.heapOffset, src = x.storage.heapOffset, n = x.size;
  // Threads take whole rows of c (or blocks of 16 elements for a scalar weight): every element
  // sees the same code as in one call.
  const unit = c > 0 ? c : 16;
  const units = Math.ceil(n / unit);
  const t = rowThreads('prelu', units, n);
  const done = withScratch(4 * c, (scratch) => {
    if (c > 0) stageAlpha(alpha, scratch, c);
    runRowKernel('rowPrelu', kernel, units, t, (u, k) => [dst + 4 * unit * u, src + 4 * unit * u, Math.min(unit * k, n - unit * u), scratch, c, value]);
    return true;
  });
  if (!done) {
    out.dispose();
    return undefined;
  }
  count('prelu');
  return out;
}

/** prelu's backward sums ∂alpha per block of this many elements (rounded up to whole rows), */
const PRELU_BLOCK = 65536;
/** ... for rows up to this wide; wider ones are one block (the sums would take too much scratch). */
const PRELU_WIDE = 4096;

/**
 * @internal prelu's backward by its WebAssembly kernel, one pass: [∂x, ∂alpha] with ∂x shaped
 * like x and ∂alpha like alpha (summed over the broadcast axes in float64, rounded once), or
 * undefined (the same conditions as fastPrelu, and g float32 in the heap shaped like x).
 */
export function fastPreluGrad(x: NDArray, alpha: NDArray, g: NDArray): [NDArray, NDArray] | undefined {
  if (getBackend() !== 'wasm' || !live(x) || !live(g) || g.ndim !== x.ndim || g.shape.some((d, i) => d !== x.shape[i])) return undefined;
  const layout = preluLayout(x, alpha);
  const kernel = wasmRowKernel('rowPreluGrad');
  if (!layout || !kernel) return undefined;
  const { c, value } = layout;
  const dx = heapArray(x.shape);
  if (!dx) return undefined;
  const width = Math.max(c, 1);
  const n = x.size;
  // ∂alpha is summed per block of PRELU_BLOCK elements (whole rows; one block for rows wider than
  // PRELU_WIDE), the blocks' sums added in order here: threads share out whole blocks, and the
  // bits do not depend on how many there are.
  const block = c === 0 ? PRELU_BLOCK : c > PRELU_WIDE ? n : c * Math.ceil(PRELU_BLOCK / c);
  const blocks = Math.max(1, Math.ceil(n / block));
  const stride = c === 0 ? 1 : Math.ceil(c / 4) * 4; // float64 slots per block, room for a 4-lane tail
  const sums = 8 * stride * blocks;
  const da = withScratch(sums + 8 * width, (scratch) => {
    const alphaAt = scratch + sums;
    if (c > 0) stageAlpha(alpha, alphaAt, c);
    const dxp = dx.storage.heapOffset, xp = x.storage.heapOffset, gp = g.storage.heapOffset;
    const t = rowThreads('prelu', blocks, n);
    runRowKernel('rowPreluGrad', kernel, blocks, t, (b, k) => {
      const at = 4 * block * b;
      return [dxp + at, xp + at, gp + at, Math.min(block * k, n - block * b), alphaAt, c, value, scratch + 8 * stride * b, block];
    });
    const partial = new Float64Array(heapMemory().buffer, scratch, stride * blocks);
    const out = NDArray.empty(alpha.shape, 'float32');
    const d = out.data('nn.prelu') as Float32Array;
    for (let j = 0; j < width; j++) {
      let total = 0;
      for (let b = 0; b < blocks; b++) total += partial[b * stride + j];
      d[j] = total;
    }
    return out;
  });
  if (!da) {
    dx.dispose();
    return undefined;
  }
  count('preluGrad');
  return [dx, da];
}
