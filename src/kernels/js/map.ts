/**
 * Plain-JS elementwise loops: one pass over contiguous data, no per-element allocation.
 * Values are read as JS numbers (float16/bfloat16 decoded to float32 first) and the result is
 * rounded once by the output's typed array (Float32Array rounds to nearest even), or encoded to
 * 16 bits from a float32 scratch, so 16-bit types compute in float32 and round once.
 */
import { NDArray } from '../../core/array.js';
import type { DType } from '../../core/dtype.js';
import { numberToBf16, numberToF16 } from '../../core/half.js';
import { type Shape, broadcastShapes, sizeOf, stridesOf } from '../../core/shape.js';

export type NumberArray = Float32Array | Float64Array | Int32Array | Uint8Array;

/**
 * Runs `compute(target)` where target receives the results as numbers, then stores them into an
 * array of `dtype` (`into`, when given, of that shape and dtype). For 16-bit dtypes the numbers
 * land in a float32 scratch and are encoded.
 */
export function produce(shape: Shape, dtype: DType, op: string, compute: (target: NumberArray) => void, into?: NDArray): NDArray {
  const out = into ?? NDArray.empty(shape, dtype, op);
  if (dtype === 'float16' || dtype === 'bfloat16') {
    const scratch = new Float32Array(out.size);
    compute(scratch);
    const bits = out.data(op) as Uint16Array;
    const encode = dtype === 'float16' ? numberToF16 : numberToBf16;
    for (let i = 0; i < scratch.length; i++) bits[i] = encode(scratch[i]);
  } else if (dtype === 'bool') {
    // Comparisons write 0/1 directly; anything else is truthiness (NaN is true, as in C++).
    const d = out.data(op) as Uint8Array;
    const tmp = new Float64Array(out.size);
    compute(tmp);
    for (let i = 0; i < tmp.length; i++) d[i] = tmp[i] !== 0 ? 1 : 0;
  } else {
    compute(out.data(op) as NumberArray);
  }
  return out;
}

/** out[i] = fn(x[i]) with x read as numbers (into `into` when given; x itself is fine). */
export function mapUnary(x: NDArray, dtype: DType, op: string, fn: (v: number) => number, into?: NDArray): NDArray {
  const xs = x.valuesAsNumbers(op);
  return produce(x.shape, dtype, op, (o) => {
    for (let i = 0; i < xs.length; i++) o[i] = fn(xs[i]);
  }, into);
}

/** Strides of `shape` broadcast to `outShape` (0 along broadcast axes). */
function broadcastStrides(shape: Shape, outShape: Shape): number[] {
  const strides = stridesOf(shape);
  const offset = outShape.length - shape.length;
  return outShape.map((d, i) => (i < offset || shape[i - offset] === 1 ? 0 : strides[i - offset]));
}

/**
 * Calls visit(outIndex, inputOffsets) for every output element in row-major order, with the
 * offset of the matching element of each broadcast input. The innermost axis is a tight loop.
 */
export function forEachBroadcast(outShape: Shape, inputs: readonly Shape[], visitRow: (outStart: number, offsets: number[], innerStrides: number[], n: number) => void): void {
  const ndim = outShape.length;
  const strides = inputs.map((s) => broadcastStrides(s, outShape));
  if (ndim === 0) { visitRow(0, inputs.map(() => 0), inputs.map(() => 0), 1); return; }
  const inner = outShape[ndim - 1];
  const innerStrides = strides.map((s) => s[ndim - 1]);
  const rows = sizeOf(outShape) / (inner || 1);
  if (inner === 0 || rows === 0) return;
  const counter = new Array<number>(ndim - 1).fill(0);
  const offsets = inputs.map(() => 0);
  for (let r = 0; r < rows; r++) {
    visitRow(r * inner, offsets, innerStrides, inner);
    // Advance the multi-index over the outer axes, updating each input's offset.
    for (let d = ndim - 2; d >= 0; d--) {
      counter[d]++;
      for (let k = 0; k < offsets.length; k++) offsets[k] += strides[k][d];
      if (counter[d] < outShape[d]) break;
      for (let k = 0; k < offsets.length; k++) offsets[k] -= strides[k][d] * outShape[d];
      counter[d] = 0;
    }
  }
}

/** out = fn(a, b) elementwise with NumPy broadcasting. */
export function mapBinary(a: NDArray, b: NDArray, dtype: DType, op: string, fn: (x: number, y: number) => number): NDArray {
  const shape = broadcastShapes(op, a.shape, b.shape);
  const as = a.valuesAsNumbers(op);
  const bs = b.valuesAsNumbers(op);
  return produce(shape, dtype, op, (o) => {
    if (a.size === o.length && b.size === o.length) {
      for (let i = 0; i < o.length; i++) o[i] = fn(as[i], bs[i]);
      return;
    }
    forEachBroadcast(shape, [a.shape, b.shape], (start, [ia, ib], [sa, sb], n) => {
      for (let j = 0; j < n; j++) o[start + j] = fn(as[ia + j * sa], bs[ib + j * sb]);
    });
  });
}

/** out = cond ? x : y with broadcasting of all three. */
export function mapWhere(cond: NDArray, x: NDArray, y: NDArray, dtype: DType, op: string): NDArray {
  const shape = broadcastShapes(op, cond.shape, x.shape, y.shape);
  const cs = cond.valuesAsNumbers(op);
  const xs = x.valuesAsNumbers(op);
  const ys = y.valuesAsNumbers(op);
  return produce(shape, dtype, op, (o) => {
    forEachBroadcast(shape, [cond.shape, x.shape, y.shape], (start, [ic, ix, iy], [sc, sx, sy], n) => {
      for (let j = 0; j < n; j++) o[start + j] = cs[ic + j * sc] !== 0 ? xs[ix + j * sx] : ys[iy + j * sy];
    });
  });
}
