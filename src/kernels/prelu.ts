/**
 * Dispatch of prelu to its WebAssembly kernels, forward and backward, for every float32, float16
 * and bfloat16 array (staging.ts; operands all float16 or all bfloat16 run the 16-bit kernels,
 * rowPreluF16 and rowPreluBf16, the same bits as the float32 kernels rounded once) and float64
 * arrays (every operand float64: the float64 kernels, rowPreluF64), when the weight is a scalar
 * or one value per entry of x's last axis (nn.PReLU(numParameters)'s [numParameters]); undefined
 * otherwise (the caller runs the JS loop).
 */
import { NDArray, writeNumbers } from '../core/array.js';
import { floatResult, promoteTypes } from '../core/dtype.js';
import { allocateScratch, heapMemory, releaseScratch } from '../core/heap.js';
import { getBackend } from './backend.js';
import { countKernel } from './counters.js';
import { checkLive, isKernelDType, runWhole } from './staging.js';
import { rowThreads, runRowKernel } from './threads.js';
import { wasmRowKernel } from './wasm/kernels.js';
import type { RowKernelExport } from './wasm/table.generated.js';

const OP = 'nn.prelu';

/** The kernels for operands of these dtypes, the bytes of their elements and the counter name. */
interface Kernels { readonly forward: RowKernelExport; readonly backward: RowKernelExport; readonly bytes: 2 | 4 | 8; readonly counter: string }

/**
 * The kernels for operands of these dtypes: the 16-bit ones (rows/prelu16.ts) when every operand
 * is float16, or every one bfloat16; the float32 ones for the kernel dtypes otherwise (16-bit
 * operands staged to float32); the float64 ones when every operand is float64; else undefined.
 */
function kernelsFor(dtypes: readonly string[]): Kernels | undefined {
  if (dtypes.every((d) => d === 'float16')) return { forward: 'rowPreluF16', backward: 'rowPreluF16Grad', bytes: 2, counter: 'preluF16' };
  if (dtypes.every((d) => d === 'bfloat16')) return { forward: 'rowPreluBf16', backward: 'rowPreluBf16Grad', bytes: 2, counter: 'preluBf16' };
  if (dtypes.every(isKernelDType)) return { forward: 'rowPrelu', backward: 'rowPreluGrad', bytes: 4, counter: 'prelu' };
  return dtypes.every((d) => d === 'float64') ? { forward: 'rowPreluF64', backward: 'rowPreluF64Grad', bytes: 8, counter: 'preluF64' } : undefined;
}

/**
 * How the weight broadcasts against x, for the kernels: c = 0 for a single value (`value`), c =
 * x's last dimension for one value per entry of the last axis (a shape [..., 1, C]); undefined
 * otherwise (a weight that stretches other axes of x, or makes the result larger than x).
 */
function preluLayout(x: NDArray, alpha: NDArray): { c: number; value: number } | undefined {
  if (alpha.storage.disposed || alpha.ndim > x.ndim || x.ndim === 0) return undefined;
  if (alpha.size === 1) return { c: 0, value: alpha.valuesAsNumbers(OP)[0] };
  const c = x.shape[x.ndim - 1];
  if (alpha.shape[alpha.ndim - 1] !== c || alpha.size !== c) return undefined;
  return { c, value: 0 };
}

/**
 * Copies alpha's c values, as the kernel's weights (float32, the 16-bit kernels' too, or float64
 * for bytes = 8), into the heap at `offset`.
 */
function stageAlpha(alpha: NDArray, offset: number, c: number, bytes: 2 | 4 | 8): void {
  const values = alpha.valuesAsNumbers(OP);
  if (bytes === 8) new Float64Array(heapMemory().buffer, offset, c).set(values);
  else new Float32Array(heapMemory().buffer, offset, c).set(values);
}

/** prelu(x, alpha) by its kernel (x and alpha of one kernel dtype, or both float64), or undefined. */
export function prelu(x: NDArray, alpha: NDArray): NDArray | undefined {
  const k = kernelsFor([x.dtype]);
  if (getBackend() !== 'wasm' || !k || x.dtype !== alpha.dtype) return undefined;
  const layout = preluLayout(x, alpha);
  const kernel = wasmRowKernel(k.forward);
  const { bytes } = k;
  if (!layout || !kernel) return undefined;
  const { c, value } = layout;
  checkLive(OP, x);
  const out = NDArray.empty(x.shape, x.dtype);
  const n = x.size;
  // Threads take whole rows of c (or blocks of 16 elements for a scalar weight): every element
  // sees the same code as in one call.
  const unit = c > 0 ? c : 16;
  const units = Math.ceil(n / unit);
  const t = rowThreads('cheap', units, n);
  const weights = allocateScratch(Math.max((bytes === 8 ? 8 : 4) * c, 64));
  try {
    if (c > 0) stageAlpha(alpha, weights, c, bytes);
    const staged = runWhole(OP, out, [x], (dst, [src]) => {
      runRowKernel(k.forward, kernel, units, t, (u, count) => [dst + bytes * unit * u, src + bytes * unit * u, Math.min(unit * count, n - unit * u), weights, c, value]);
    }, undefined, bytes);
    countKernel(k.counter, staged);
  } finally {
    releaseScratch(weights);
  }
  return out;
}

/** prelu's backward sums ∂alpha per block of this many elements (rounded up to whole rows), */
const PRELU_BLOCK = 65536;
/** ... for rows up to this wide; wider ones are one block (the sums would take too much scratch). */
const PRELU_WIDE = 4096;

/**
 * prelu's backward by its kernel, one pass: [∂x, ∂alpha] with ∂x shaped like x and ∂alpha like
 * alpha (summed over the broadcast axes in float64, rounded once), or undefined (the conditions
 * of prelu, and g shaped like x).
 */
export function preluGrad(x: NDArray, alpha: NDArray, g: NDArray): [NDArray, NDArray] | undefined {
  const dtype = floatResult(promoteTypes(x.dtype, g.dtype));
  const k = kernelsFor([x.dtype, g.dtype, dtype]);
  if (getBackend() !== 'wasm' || !k || x.dtype !== alpha.dtype) return undefined;
  if (g.ndim !== x.ndim || g.shape.some((d, i) => d !== x.shape[i])) return undefined;
  const layout = preluLayout(x, alpha);
  const kernel = wasmRowKernel(k.backward);
  const { bytes } = k;
  if (!layout || !kernel) return undefined;
  const { c, value } = layout;
  checkLive(OP, x, g);
  const dx = NDArray.empty(x.shape, dtype);
  const width = Math.max(c, 1);
  const n = x.size;
  // ∂alpha is summed per block of PRELU_BLOCK elements (whole rows; one block for rows wider than
  // PRELU_WIDE), the blocks' sums added in order here: threads share out whole blocks, and the
  // bits do not depend on how many there are.
  const block = c === 0 ? PRELU_BLOCK : c > PRELU_WIDE ? n : c * Math.ceil(PRELU_BLOCK / c);
  const blocks = Math.max(1, Math.ceil(n / block));
  const stride = c === 0 ? 1 : Math.ceil(c / 4) * 4; // float64 slots per block, room for a 4-lane tail
  const sums = 8 * stride * blocks;
  const scratch = allocateScratch(sums + 8 * width);
  try {
    const alphaAt = scratch + sums;
    if (c > 0) stageAlpha(alpha, alphaAt, c, bytes);
    const t = rowThreads('cheap', blocks, n);
    const staged = runWhole(OP, dx, [x, g], (dxp, [xp, gp]) => {
      runRowKernel(k.backward, kernel, blocks, t, (b, count) => {
        const at = bytes * block * b;
        return [dxp + at, xp + at, gp + at, Math.min(block * count, n - block * b), alphaAt, c, value, scratch + 8 * stride * b, block];
      });
    }, undefined, bytes);
    const partial = new Float64Array(heapMemory().buffer, scratch, stride * blocks);
    const totals = new Float64Array(width);
    for (let j = 0; j < width; j++) {
      let total = 0;
      for (let b = 0; b < blocks; b++) total += partial[b * stride + j];
      totals[j] = total;
    }
    const da = NDArray.empty(alpha.shape, alpha.dtype);
    writeNumbers(da, totals, OP); // one rounding from the float64 sums
    countKernel(`${k.counter}Grad`, staged);
    return [dx, da];
  } finally {
    releaseScratch(scratch);
  }
}
