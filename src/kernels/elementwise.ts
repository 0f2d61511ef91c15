/**
 * Dispatch of the elementwise activations to their WebAssembly kernels, forward (f(x)) and
 * backward (g·f'(x)), for every float32, float16 and bfloat16 array, and float64 arrays where the
 * activation has a float64 kernel (staging.ts): one path, whatever the array's size or storage.
 * The caller runs the JS loop when this returns undefined: backend 'js', another dtype
 * (integers, float64 without a kernel, mixed float64 operands), or no kernel for the name.
 */
import { NDArray } from '../core/array.js';
import { type FloatDType, floatResult, promoteTypes } from '../core/dtype.js';
import { getBackend } from './backend.js';
import { countKernel } from './counters.js';
import { checkLive, isKernelDType, runElementwise } from './staging.js';
import { type Cost, runGradKernel, runKernel, threadsFor } from './threads.js';
import { type WasmGradKernel, type WasmKernel, hasWasmKernel, wasmExports, wasmGradKernel, wasmKernel } from './wasm/kernels.js';
import { FLOAT64_KERNELS } from './wasm/table.generated.js';

function sameShape(a: NDArray, b: NDArray): boolean {
  return a.ndim === b.ndim && a.shape.every((d, i) => d === b.shape[i]);
}

/**
 * f(x) by the kernel `name` with parameters a, b (already in the compute type) into `out` (x's
 * shape and `dtype`, checked by the caller) or a fresh array; undefined when no kernel applies.
 * `cost` (the activation's spec) sets the size from which it splits across threads.
 */
export function elementwise(name: string, x: NDArray, dtype: FloatDType, a: number, b: number, out?: NDArray, cost: Cost = 'costly'): NDArray | undefined {
  if (getBackend() !== 'wasm' || x.dtype !== dtype || !hasWasmKernel(name)) return undefined;
  if (dtype === 'float64') return elementwise64(name, x, a, b, out, cost);
  if (!isKernelDType(dtype)) return undefined;
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
  if (dtype === 'float64') return getBackend() === 'wasm' && sameShape(x, g) ? elementwiseGrad64(name, x, g, a, b, cost) : undefined;
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

/** The float64 kernels' export names of activation `name`, or undefined where it has none. */
function float64Exports(name: string): { forward: string; backward: string } | undefined {
  return Object.hasOwn(FLOAT64_KERNELS, name) ? FLOAT64_KERNELS[name as keyof typeof FLOAT64_KERNELS] : undefined;
}

/** f(x) on float64 x by the activation's float64 kernel (8-byte lanes), or undefined. */
function elementwise64(name: string, x: NDArray, a: number, b: number, out: NDArray | undefined, cost: Cost): NDArray | undefined {
  const names = float64Exports(name);
  const kernel = names && (wasmExports()?.[names.forward] as WasmKernel | undefined);
  if (!names || !kernel) return undefined;
  checkLive(`nn.${name}`, x);
  const result = out ?? NDArray.empty(x.shape, 'float64');
  if (x.size === 0) return result;
  const threads = threadsFor(cost, x.size);
  const staged = runElementwise(`nn.${name}`, result, [x], threads,
    (dst, [src], n) => runKernel(names.forward, kernel, dst, src, n, a, b, threads, 8),
    (dst, [src], n) => kernel(dst, src, n, a, b));
  countKernel(names.forward, staged);
  return result;
}

/** g·f'(x) on float64 x and g by the activation's float64 backward kernel, or undefined. */
function elementwiseGrad64(name: string, x: NDArray, g: NDArray, a: number, b: number, cost: Cost): NDArray | undefined {
  const names = float64Exports(name);
  const kernel = names && (wasmExports()?.[names.backward] as WasmGradKernel | undefined);
  if (!names || !kernel || x.dtype !== 'float64' || g.dtype !== 'float64') return undefined;
  checkLive(`nn.${name}`, x, g);
  const out = NDArray.empty(x.shape, 'float64');
  if (x.size === 0) return out;
  const threads = threadsFor(cost, x.size);
  const staged = runElementwise(`nn.${name}`, out, [x, g], threads,
    (dst, [xp, gp], n) => runGradKernel(names.backward, kernel, dst, xp, gp, n, a, b, threads, 8),
    (dst, [xp, gp], n) => kernel(dst, xp, gp, n, a, b));
  countKernel(names.backward, staged);
  return out;
}
