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
 */
import { NDArray } from '../core/array.js';
import type { FloatDType } from '../core/dtype.js';
import { ValueError } from '../core/errors.js';
import { simdSupported, wasmGradKernel, wasmKernel } from './wasm/kernels.js';
import { runGradKernel, runKernel } from './threads.js';

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
  const kernel = wasmKernel(name);
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
  const kernel = wasmGradKernel(name);
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
