/**
 * Dispatch of the elementwise activations to their WebAssembly kernels, forward (f(x)) and
 * backward (g·f'(x)), for every float32, float16 and bfloat16 array (staging.ts): one path,
 * whatever the array's size or storage. The caller runs the JS loop when this returns undefined:
 * backend 'js', another dtype (float64, integers), or no kernel for the name.
 */
import { NDArray } from '../core/array.js';
import { type FloatDType, floatResult, promoteTypes } from '../core/dtype.js';
import { getBackend } from './backend.js';
import { countKernel } from './counters.js';
import { checkLive, isKernelDType, runElementwise } from './staging.js';
import { type Cost, runGradKernel, runKernel, threadsFor } from './threads.js';
import { hasWasmKernel, wasmGradKernel, wasmKernel } from './wasm/kernels.js';

function sameShape(a: NDArray, b: NDArray): boolean {
  return a.ndim === b.ndim && a.shape.every((d, i) => d === b.shape[i]);
}

/**
 * f(x) by the kernel `name` with parameters a, b (already in the compute type) into `out` (x's
 * shape and `dtype`, checked by the caller) or a fresh array; undefined when no kernel applies.
 * `cost` (the activation's spec) sets the size from which it splits across threads.
 */
export function elementwise(name: string, x: NDArray, dtype: FloatDType, a: number, b: number, out?: NDArray, cost: Cost = 'costly'): NDArray | undefined {
  if (getBackend() !== 'wasm' || x.dtype !== dtype || !isKernelDType(dtype) || !hasWasmKernel(name)) return undefined;
  const kernel = wasmKernel(name);
  if (!kernel) return undefined;
  checkLive(`nn.${name}`, x);
  const result = out ?? NDArray.empty(x.shape, dtype);
  if (x.size === 0) return result;
  const threads = threadsFor(cost, x.size);
  const staged = runElementwise(`nn.${name}`, result, [x], threads,
    (dst, [src], n) => runKernel(name, kernel, dst, src, n, a, b, threads),
    (dst, [src], n) => kernel(dst, src, n, a, b));
  countKernel(name, staged);
  return result;
}

/**
 * g·f'(x) by the backward kernel `<name>Grad` (x and g of one shape, no broadcasting), or
 * undefined when none applies.
 */
export function elementwiseGrad(name: string, x: NDArray, g: NDArray, a: number, b: number, cost: Cost = 'costly'): NDArray | undefined {
  const dtype = floatResult(promoteTypes(x.dtype, g.dtype));
  if (getBackend() !== 'wasm' || !isKernelDType(x.dtype) || !isKernelDType(g.dtype) || !isKernelDType(dtype) || !sameShape(x, g) || !hasWasmKernel(name)) return undefined;
  const kernel = wasmGradKernel(name);
  if (!kernel) return undefined;
  const key = `${name}Grad`;
  checkLive(`nn.${name}`, x, g);
  const out = NDArray.empty(x.shape, dtype);
  if (x.size === 0) return out;
  const threads = threadsFor(cost, x.size);
  const staged = runElementwise(`nn.${name}`, out, [x, g], threads,
    (dst, [xp, gp], n) => runGradKernel(key, kernel, dst, xp, gp, n, a, b, threads),
    (dst, [xp, gp], n) => kernel(dst, xp, gp, n, a, b));
  countKernel(key, staged);
  return out;
}
