/**
 * Dispatch of the elementwise activations to their WebAssembly kernels, forward (f(x)) and
 * backward (g·f'(x)), for every float32, float16 and bfloat16 array, and float64 arrays where the
 * activation has a float64 kernel (staging.ts): one path, whatever the array's size or storage.
 * float16 and bfloat16 run the activation's 16-bit kernel on their 16-bit storage where it has
 * one (the same bits as the float32 kernel rounded once, without the two conversions), else the
 * float32 kernel staged through conversions.
 * The caller runs the JS loop when this returns undefined: backend 'js', another dtype
 * (integers, float64 without a kernel, mixed float64 operands), or no kernel for the name.
 */
import { NDArray } from '../core/array.js';
import { type FloatDType, floatResult, promoteTypes } from '../core/dtype.js';
import { getBackend } from './backend.js';
import { countKernel } from './counters.js';
import { CHUNK, checkLive, isKernelDType, runElementwise } from './staging.js';
import { type Cost, elementwiseLayout, runGradKernel, runKernel, runShared, threadsFor } from './threads.js';
import { type WasmGradKernel, type WasmKernel, hasWasmKernel, wasmExports, wasmGradKernel, wasmKernel } from './wasm/kernels.js';
import { FLOAT64_KERNELS, HALF_KERNELS, type KernelExport } from './wasm/table.generated.js';

function sameShape(a: NDArray, b: NDArray): boolean {
  return a.ndim === b.ndim && a.shape.every((d, i) => d === b.shape[i]);
}

/** A kernel to run: its export name (what worker threads look up), the function and its lane width. */
interface Chosen<K> { readonly exportName: string; readonly kernel: K; readonly bytes: 2 | 4 | 8 }

/**
 * The 16-bit kernel of `name` for a float16 or bfloat16 result (every operand of that dtype), if
 * it has one. Not for a NaN parameter: those kernels compare on order keys, which NaN has none.
 */
function halfKernel<K>(name: string, dtype: string, direction: 'Forward' | 'Backward', a: number, b: number): Chosen<K> | undefined {
  if ((dtype !== 'float16' && dtype !== 'bfloat16') || Number.isNaN(a) || Number.isNaN(b) || !Object.hasOwn(HALF_KERNELS, name)) return undefined;
  const exportName = (HALF_KERNELS[name as keyof typeof HALF_KERNELS] as Partial<Record<string, KernelExport>>)[`${dtype}${direction}`];
  const kernel = exportName ? wasmExports()?.[exportName] as K | undefined : undefined;
  return exportName && kernel ? { exportName, kernel, bytes: 2 } : undefined;
}

/**
 * The forward and backward kernels of `name` for a result of `dtype`: the float32 kernels for
 * float32 and the 16-bit types (staged to float32), the float64 kernels for float64 where the
 * activation has them; undefined otherwise.
 */
function kernelsFor(name: string, dtype: string): { forward: Chosen<WasmKernel>; backward: Chosen<WasmGradKernel> } | undefined {
  if (!hasWasmKernel(name)) return undefined;
  if (isKernelDType(dtype)) {
    const forward = wasmKernel(name), backward = wasmGradKernel(name);
    return forward && backward ? { forward: { exportName: name, kernel: forward, bytes: 4 }, backward: { exportName: `${name}Grad`, kernel: backward, bytes: 4 } } : undefined;
  }
  if (dtype !== 'float64' || !Object.hasOwn(FLOAT64_KERNELS, name)) return undefined;
  const names = FLOAT64_KERNELS[name as keyof typeof FLOAT64_KERNELS];
  const e = wasmExports();
  const forward = e?.[names.forward] as WasmKernel | undefined, backward = e?.[names.backward] as WasmGradKernel | undefined;
  return forward && backward ? { forward: { exportName: names.forward, kernel: forward, bytes: 8 }, backward: { exportName: names.backward, kernel: backward, bytes: 8 } } : undefined;
}

/**
 * f(x) by the kernel `name` with parameters a, b (already in the compute type) into `out` (x's
 * shape and `dtype`, checked by the caller) or a fresh array; undefined when no kernel applies.
 * `cost` (the activation's spec) sets the size from which it splits across threads.
 */
export function elementwise(name: string, x: NDArray, dtype: FloatDType, a: number, b: number, out?: NDArray, cost: Cost = 'costly'): NDArray | undefined {
  const k = getBackend() === 'wasm' && x.dtype === dtype
    ? halfKernel<WasmKernel>(name, dtype, 'Forward', a, b) ?? kernelsFor(name, dtype)?.forward
    : undefined;
  if (!k) return undefined;
  checkLive(`nn.${name}`, x);
  const result = out ?? NDArray.empty(x.shape, dtype);
  if (x.size === 0) return result;
  const threads = threadsFor(cost, x.size, result.storage.inHeap);
  const staged = runElementwise(`nn.${name}`, result, [x], threads,
    (dst, [src], n) => runKernel(k.exportName, k.kernel, dst, src, n, a, b, threads, k.bytes),
    (dst, [src], n) => k.kernel(dst, src, n, a, b),
    (dst, [src], n, done) => runShared(k.exportName, k.kernel, n, CHUNK, threads, elementwiseLayout(false, dst, src, 0, a, b, k.bytes), done), k.bytes);
  countKernel(k.exportName, staged);
  return result;
}

/**
 * g·f'(x) by the backward kernel of `name` (x and g of one shape, no broadcasting; for float64,
 * both float64), or undefined when none applies.
 */
export function elementwiseGrad(name: string, x: NDArray, g: NDArray, a: number, b: number, cost: Cost = 'costly'): NDArray | undefined {
  const dtype = floatResult(promoteTypes(x.dtype, g.dtype));
  const operands = dtype === 'float64' ? x.dtype === 'float64' && g.dtype === 'float64' : isKernelDType(x.dtype) && isKernelDType(g.dtype);
  const half = x.dtype === dtype && g.dtype === dtype ? halfKernel<WasmGradKernel>(name, dtype, 'Backward', a, b) : undefined;
  const k = getBackend() === 'wasm' && operands && sameShape(x, g) ? half ?? kernelsFor(name, dtype)?.backward : undefined;
  if (!k) return undefined;
  checkLive(`nn.${name}`, x, g);
  const out = NDArray.empty(x.shape, dtype);
  if (x.size === 0) return out;
  const threads = threadsFor(cost, x.size, out.storage.inHeap);
  const staged = runElementwise(`nn.${name}`, out, [x, g], threads,
    (dst, [xp, gp], n) => runGradKernel(k.exportName, k.kernel, dst, xp, gp, n, a, b, threads, k.bytes),
    (dst, [xp, gp], n) => k.kernel(dst, xp, gp, n, a, b),
    (dst, [xp, gp], n, done) => runShared(k.exportName, k.kernel, n, CHUNK, threads, elementwiseLayout(true, dst, xp, gp, a, b, k.bytes), done), k.bytes);
  countKernel(k.exportName, staged);
  return out;
}
