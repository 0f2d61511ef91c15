/**
 * Reductions over a set of axes. Float sums accumulate in float64 and round once, so a float32
 * sum is as accurate as its result format allows for all but pathological cancellations.
 */
import type { NDArray } from '../../core/array.js';
import type { DType } from '../../core/dtype.js';
import { type Shape, sizeOf, stridesOf } from '../../core/shape.js';
import { type NumberArray, produce } from './map.js';

export type Reducer = 'sum' | 'max' | 'min' | 'logsumexp';

/** Output shape of reducing `axes` (sorted, distinct). */
export function reducedShape(shape: Shape, axes: readonly number[], keepdims: boolean): number[] {
  return keepdims ? shape.map((d, i) => (axes.includes(i) ? 1 : d)) : shape.filter((_, i) => !axes.includes(i));
}

/**
 * For each input element in row-major order, the index of its output element. Built once per
 * call as an Int32Array walk (no per-element allocation).
 */
function outputIndex(shape: Shape, axes: readonly number[]): Int32Array {
  const kept = shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const outStrides = stridesOf(kept).map((s, i) => (axes.includes(i) ? 0 : s));
  const n = sizeOf(shape);
  const map = new Int32Array(n);
  const ndim = shape.length;
  const counter = new Array<number>(ndim).fill(0);
  let idx = 0;
  for (let i = 0; i < n; i++) {
    map[i] = idx;
    for (let d = ndim - 1; d >= 0; d--) {
      counter[d]++;
      idx += outStrides[d];
      if (counter[d] < shape[d]) break;
      idx -= outStrides[d] * shape[d];
      counter[d] = 0;
    }
  }
  return map;
}

export function reduce(x: NDArray, axes: readonly number[], keepdims: boolean, kind: Reducer, dtype: DType, op: string): NDArray {
  const shape = reducedShape(x.shape, axes, keepdims);
  const m = sizeOf(shape);
  const xs = x.valuesAsNumbers(op);
  const acc = new Float64Array(m);
  const lastAxes = axes.every((a, i) => a === x.ndim - axes.length + i);
  // Reducing trailing axes: each output is a contiguous run of `len` inputs.
  const len = m === 0 ? 0 : x.size / m;
  const index = lastAxes ? null : outputIndex(x.shape, axes);
  const at = (i: number) => (index === null ? Math.floor(i / len) : index[i]);
  if (kind === 'sum' && index === null) {
    // Contiguous runs (the loss case): the same order of additions, without a call per element.
    for (let o = 0, i = 0; o < m; o++) {
      let s = 0;
      for (const end = i + len; i < end; i++) s += xs[i];
      acc[o] = s;
    }
  } else if (kind === 'sum') {
    for (let i = 0; i < xs.length; i++) acc[at(i)] += xs[i];
  } else if (kind === 'max' || kind === 'min') {
    acc.fill(kind === 'max' ? -Infinity : Infinity);
    const better = kind === 'max' ? (a: number, b: number) => a > b : (a: number, b: number) => a < b;
    for (let i = 0; i < xs.length; i++) {
      const o = at(i);
      const v = xs[i];
      // Once an output is NaN it stays NaN: NaN propagates, as in MLX and NumPy.
      if (acc[o] === acc[o] && (v !== v || better(v, acc[o]))) acc[o] = v;
    }
  } else {
    // logsumexp: shift each output by its max so exp never overflows.
    const mx = new Float64Array(m).fill(-Infinity);
    for (let i = 0; i < xs.length; i++) { const o = at(i); if (xs[i] > mx[o] || xs[i] !== xs[i]) mx[o] = xs[i]; }
    for (let i = 0; i < xs.length; i++) {
      const o = at(i);
      const s = mx[o];
      if (s === Infinity || s === -Infinity || s !== s) continue;
      acc[o] += Math.exp(xs[i] - s);
    }
    for (let o = 0; o < m; o++) {
      const s = mx[o];
      acc[o] = s !== s ? NaN : s === Infinity || s === -Infinity ? s : s + Math.log(acc[o]);
    }
  }
  return produce(shape, dtype, op, (o: NumberArray) => {
    for (let i = 0; i < m; i++) o[i] = acc[i];
  });
}
