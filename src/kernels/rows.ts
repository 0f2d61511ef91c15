/**
 * Dispatch of the row activations (softmax, softmin, logSoftmax, glu along the last axis) to their
 * WebAssembly kernels, forward and backward, for every float32, float16 and bfloat16 array
 * (operands outside the heap or in 16 bits are staged whole, staging.ts), and for float64 arrays
 * (every operand float64) the float64 kernels (row*F64). Threads take whole rows, each with its
 * own scratch row. Other axes, and backend 'js', return undefined: the caller runs the JS lanes.
 */
import { NDArray } from '../core/array.js';
import { floatResult, promoteTypes } from '../core/dtype.js';
import { allocateScratch, releaseScratch } from '../core/heap.js';
import type { RowName } from '../nn/activations/spec.js';
import { getBackend } from './backend.js';
import { countKernel } from './counters.js';
import { CHUNK, checkLive, isKernelDType, runWhole } from './staging.js';
import { type SharedLayout, layoutArgs, rowThreads, runRowKernel, runShared } from './threads.js';
import { wasmRowKernel } from './wasm/kernels.js';
import type { RowKernelExport } from './wasm/table.generated.js';

/** The forward and backward export of each (softmin is softmax's kernel on −x). */
const ROW_EXPORTS = {
  softmax: ['rowSoftmax', 'rowSoftmaxGrad'],
  softmin: ['rowSoftmax', 'rowSoftmaxGrad'],
  logSoftmax: ['rowLogSoftmax', 'rowLogSoftmaxGrad'],
  glu: ['rowGlu', 'rowGluGrad'],
} as const satisfies Record<RowName, readonly [RowKernelExport, RowKernelExport]>;

/** The float64 kernels (f64x2, float64 rows): the same arguments, byte offsets of float64 rows. */
const ROW_EXPORTS_F64 = {
  softmax: ['rowSoftmaxF64', 'rowSoftmaxF64Grad'],
  softmin: ['rowSoftmaxF64', 'rowSoftmaxF64Grad'],
  logSoftmax: ['rowLogSoftmaxF64', 'rowLogSoftmaxF64Grad'],
  glu: ['rowGluF64', 'rowGluF64Grad'],
} as const satisfies Record<RowName, readonly [RowKernelExport, RowKernelExport]>;

const isRowName = (name: string): name is RowName => Object.hasOwn(ROW_EXPORTS, name);

/** Rows per chunk of a shared job (threads.ts runShared): about a staging chunk's worth of elements. */
const rowsPerChunk = (n: number) => Math.max(1, Math.floor(CHUNK / n));

/**
 * The forward (0) or backward (1) export of `name` for operands of these dtypes, with the bytes
 * of an element: float32 kernels for the kernel dtypes, float64 ones when every operand is
 * float64; undefined otherwise.
 */
function rowExport(name: RowName, dtypes: readonly string[], which: 0 | 1): { exportName: RowKernelExport; bytes: 4 | 8 } | undefined {
  if (dtypes.every(isKernelDType)) return { exportName: ROW_EXPORTS[name][which], bytes: 4 };
  return dtypes.every((d) => d === 'float64') ? { exportName: ROW_EXPORTS_F64[name][which], bytes: 8 } : undefined;
}

/** Runs `body` with a scratch block of `bytes` (freed after), or with 0 when `bytes` is 0. */
function withScratch<T>(bytes: number, body: (offset: number) => T): T {
  if (bytes === 0) return body(0); // glu and logSoftmax's forward need none
  const block = allocateScratch(bytes);
  try {
    return body(block);
  } finally {
    releaseScratch(block);
  }
}

/**
 * The row activation `name` of x along `axis` by its WebAssembly kernel, or undefined when none
 * applies (backend 'js', a dtype without kernels, `axis` not the last, an empty row). glu's axis
 * has an even size (checked by the caller).
 */
export function rowActivation(name: string, x: NDArray, axis: number): NDArray | undefined {
  if (getBackend() !== 'wasm' || !isRowName(name) || axis !== x.ndim - 1) return undefined;
  const chosen = rowExport(name, [x.dtype], 0);
  const n = x.shape[axis];
  if (n === 0 || !chosen) return undefined;
  const { exportName, bytes } = chosen;
  const kernel = wasmRowKernel(exportName);
  if (!kernel) return undefined;
  checkLive(`nn.${name}`, x);
  const rows = x.size / n;
  const shape = [...x.shape];
  if (name === 'glu') shape[axis] = n / 2;
  const out = NDArray.empty(shape, floatResult(x.dtype));
  const t = rowThreads('costly', rows, x.size);
  const outLen = out.shape[axis];
  const outRow = bytes * outLen, inRow = bytes * n;
  const staged = withScratch(name === 'glu' || name === 'logSoftmax' ? 0 : 8 * n * t, (scratch) => { // softmax: a scratch row per thread
    const layout = (dst: number, src: number): SharedLayout => {
      if (name === 'glu') return { base: [dst, src, 0, n / 2], stride: [outRow, inRow, 0, 0], count: 2 };
      if (name === 'logSoftmax') return { base: [dst, src, 0, n], stride: [outRow, inRow, 0, 0], count: 2 };
      return { base: [dst, src, 0, n, scratch, name === 'softmin' ? 1 : 0], stride: [outRow, inRow, 0, 0, 8 * n, 0], count: 2, scratch: 4 };
    };
    return runWhole(`nn.${name}`, out, [x], (dst, [src]) => runRowKernel(exportName, kernel, rows, t, (r, k, i) => layoutArgs(layout(dst, src), r, k, i)),
      (dst, [src], done) => runShared(exportName, kernel, rows, rowsPerChunk(n), t, layout(dst, src), (r, k) => done(r * outLen, k * outLen)));
  });
  countKernel(bytes === 8 ? `${name}F64` : name, staged);
  return out;
}

/**
 * The VJP of the row activation `name` along the last axis by its WebAssembly kernel (g shaped
 * like the forward's output), or undefined.
 */
export function rowActivationGrad(name: string, x: NDArray, g: NDArray, axis: number): NDArray | undefined {
  const dtype = floatResult(promoteTypes(x.dtype, g.dtype));
  if (getBackend() !== 'wasm' || !isRowName(name) || axis !== x.ndim - 1 || g.ndim !== x.ndim) return undefined;
  const chosen = rowExport(name, [x.dtype, g.dtype, dtype], 1);
  const n = x.shape[axis];
  if (n === 0 || !chosen) return undefined;
  for (let i = 0; i < x.ndim; i++) if (g.shape[i] !== (i === axis && name === 'glu' ? n / 2 : x.shape[i])) return undefined;
  const { exportName, bytes } = chosen;
  const kernel = wasmRowKernel(exportName);
  if (!kernel) return undefined;
  checkLive(`nn.${name}`, x, g);
  const out = NDArray.empty(x.shape, dtype);
  const rows = x.size / n;
  const t = rowThreads('costly', rows, x.size);
  const xRow = bytes * n, gRow = bytes * g.shape[axis];
  const staged = withScratch(name === 'glu' ? 0 : 8 * n * t, (scratch) => { // a scratch row per thread
    const layout = (dst: number, xp: number, gp: number): SharedLayout => {
      if (name === 'glu') return { base: [dst, xp, gp, 0, n / 2], stride: [xRow, xRow, gRow, 0, 0], count: 3 };
      const flip = name === 'softmin' ? [1] : name === 'logSoftmax' ? [] : [0];
      return { base: [dst, xp, gp, 0, n, scratch, ...flip], stride: [xRow, xRow, gRow, 0, 0, 8 * n, ...flip.map(() => 0)], count: 3, scratch: 5 };
    };
    return runWhole(`nn.${name}`, out, [x, g], (dst, [xp, gp]) => runRowKernel(exportName, kernel, rows, t, (r, k, i) => layoutArgs(layout(dst, xp, gp), r, k, i)),
      (dst, [xp, gp], done) => runShared(exportName, kernel, rows, rowsPerChunk(n), t, layout(dst, xp, gp), (r, k) => done(r * n, k * n)));
  });
  countKernel(bytes === 8 ? `${name}F64Grad` : `${name}Grad`, staged);
  return out;
}
