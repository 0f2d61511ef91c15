/**
 * Matrix product, as MLX's `mx.matmul` (NumPy semantics): the last two axes are matrices, the
 * axes before them are batch axes that broadcast; a 1-D `a` is a row vector and a 1-D `b` a
 * column vector, and that axis is removed from the result.
 *
 * Only floating-point dtypes (as MLX: int and bool arguments are a DTypeError); the dtypes
 * promote as in the other binary ops, and float16/bfloat16 compute in float32 and round once.
 *
 * Every dot product accumulates in float64 and is rounded once to the output dtype: in float32
 * that is as accurate as the format allows (short of cancellation inside the float64 sum), and
 * no slower than float32 accumulation in JS, whose arithmetic is float64 anyway (a float32
 * accumulator would be rounded at every step, on every store into a Float32Array).
 *
 * One primitive, 'matmul', computes op(A)·op(B) where op transposes the last two axes when its
 * flag is set (BLAS's gemm). `matmul()` never sets the flags; `nn.Linear` computes x·Wᵀ with
 * `transposeB`, and the vjp rules use them for Aᵀ·g and g·Bᵀ, so no transposed copy is ever
 * made as an array: the kernel reads a transposed operand through a blocked transpose into a
 * scratch buffer, which costs a few percent of the product.
 */
import type { NDArray } from '../core/array.js';
import { type DType, isFloat } from '../core/dtype.js';
import { DTypeError, ShapeError } from '../core/errors.js';
import { broadcastShapes, formatShape, sizeOf, stridesOf } from '../core/shape.js';
import { record } from '../core/tape.js';
import { type NumberArray, produce } from '../kernels/js/map.js';
import { reshape } from './shape.js';
import { type Operand, coerce, resultDType, toArray } from './operand.js';

/**
 * The matrix product of `a` and `b`: `a @ b`. Shapes `[..., M, K]` and `[..., K, N]` give
 * `[...batch, M, N]` with the batch axes broadcast (NumPy rules); a 1-D operand is a vector.
 * @example matmul(array([[1, 2], [3, 4]]), array([[5], [6]]))   // [[17], [39]]
 */
export function matmul(a: Operand, b: Operand): NDArray {
  return gemm(a, b, false, false, 'matmul');
}

/**
 * @internal op(a)·op(b), where op transposes the last two axes when its flag is set; 1-D
 * operands are vectors as in `matmul` (a vector is never transposed). `op` names the caller in
 * errors.
 */
export function gemm(a: Operand, b: Operand, transposeA: boolean, transposeB: boolean, op = 'matmul'): NDArray {
  const x0 = toArray(op, 'a', a);
  const y0 = toArray(op, 'b', b);
  for (const [name, v] of [['a', x0], ['b', y0]] as const) {
    if (v.ndim === 0) throw new ShapeError(op, `argument '${name}' is 0-d; expected an array with at least one dimension (use multiply for scalars)`);
  }
  const dtype: DType = resultDType([x0, y0]);
  if (!isFloat(dtype)) {
    throw new DTypeError(op, `arguments have dtypes ${x0.dtype} and ${y0.dtype}; expected floating-point arrays (convert with astype('float32'))`);
  }
  let [x, y] = coerce(op, ['a', 'b'], [x0, y0], dtype);
  const aVector = x.ndim === 1;
  const bVector = y.ndim === 1;
  if (aVector) { x = reshape(x, [1, x.shape[0]]); transposeA = false; }
  if (bVector) { y = reshape(y, [y.shape[0], 1]); transposeB = false; }
  const k = x.shape[x.ndim - (transposeA ? 2 : 1)];
  const kb = y.shape[y.ndim - (transposeB ? 1 : 2)];
  if (kb !== k) {
    const what = (name: string, t: boolean) => (t ? `${name}ᵀ` : name);
    throw new ShapeError(op, `shapes ${formatShape(x0.shape)} and ${formatShape(y0.shape)} do not match: ${what('a', transposeA)} has ${k} columns and ${what('b', transposeB)} has ${kb} rows; expected equal sizes`);
  }
  const out = record('matmul', [x, y], matmulKernel(x, y, transposeA, transposeB, dtype, op), { transposeA, transposeB });
  if (!aVector && !bVector) return out;
  const shape = [...out.shape];
  if (bVector) shape.pop();
  if (aVector) shape.splice(shape.length - (bVector ? 1 : 2), 1);
  return reshape(out, shape);
}

/** How many entries are zero, or -1 if some entry is NaN or ±∞ (then no zero may be skipped). */
function zerosOrNonFinite(v: NumberArray): number {
  let zeros = 0;
  for (let i = 0; i < v.length; i++) {
    const t = v[i];
    if (t === 0) zeros++;
    else if (t - t !== 0) return -1; // NaN and ±∞ give NaN
  }
  return zeros;
}

/** For each of the `batch` matrices, the offset of the operand's matrix (broadcast axes repeat it). */
function batchOffsets(shape: readonly number[], batch: readonly number[]): Int32Array {
  const own = shape.slice(0, -2);
  const size = shape[shape.length - 2] * shape[shape.length - 1];
  const strides = stridesOf(own).map((s, i) => (own[i] === 1 ? 0 : s * size));
  const lead = batch.length - own.length;
  const count = sizeOf(batch);
  const result = new Int32Array(count);
  const counter = new Array<number>(batch.length).fill(0);
  for (let t = 0; t < count; t++) {
    let off = 0;
    for (let d = lead; d < batch.length; d++) off += counter[d] * strides[d - lead];
    result[t] = off;
    for (let d = batch.length - 1; d >= 0; d--) {
      if (++counter[d] < batch[d]) break;
      counter[d] = 0;
    }
  }
  return result;
}

/** dst[c·rows + r] = src[from + r·cols + c]: a rows × cols matrix transposed, in 32 × 32 tiles. */
function transposeInto(src: NumberArray, from: number, rows: number, cols: number, dst: NumberArray): void {
  const T = 32;
  for (let r0 = 0; r0 < rows; r0 += T) {
    const r1 = Math.min(rows, r0 + T);
    for (let c0 = 0; c0 < cols; c0 += T) {
      const c1 = Math.min(cols, c0 + T);
      for (let r = r0; r < r1; r++) {
        const s = from + r * cols;
        for (let c = c0; c < c1; c++) dst[c * rows + r] = src[s + c];
      }
    }
  }
}

/** One operand of the canonical product: a matrix stored row-major with the given row count. */
class Operand2D {
  private readonly scratch: NumberArray | null;
  private last = -1;
  /**
   * `values` holds matrices of `rows` × `cols` at the batch offsets; `transpose` reads each as
   * its transpose (cols × rows), through a scratch copy.
   */
  constructor(private readonly values: NumberArray, private readonly rows: number, private readonly cols: number, private readonly transpose: boolean) {
    const Ctor = values instanceof Float64Array ? Float64Array : Float32Array;
    this.scratch = transpose ? new Ctor(rows * cols) : null;
  }
  /** The matrix at `offset`, row-major: its array and the offset of its first entry. */
  at(offset: number): [NumberArray, number] {
    if (this.scratch === null) return [this.values, offset];
    if (offset !== this.last) transposeInto(this.values, offset, this.rows, this.cols, this.scratch);
    this.last = offset;
    return [this.scratch, 0];
  }
}

/**
 * @internal C = op(A)·op(B) for arrays of at least two dimensions; batch axes broadcast.
 *
 * Loop order i-k-j: rows k of B are added, scaled by A[i, k], into a float64 row of
 * accumulators, so the innermost loop walks contiguous memory in B and in the accumulator (a
 * column walk would miss the cache at every step). Two rows of A share each pass over four rows
 * of B: six loads feed eight multiply-adds.
 *
 * Zeros: entries of A that are zero in both rows are skipped when B is all finite (0·b then adds
 * exactly zero, so the result is unchanged); if B holds NaN or ±∞ nothing is skipped and 0·∞ =
 * NaN propagates as IEEE arithmetic says. When B has clearly more zeros than A, the kernel
 * computes Cᵀ = op(B)ᵀ·op(A)ᵀ instead, so the zero-rich operand is the one whose zeros are
 * skipped: MNIST's blank pixels in Wᵀ's gradient gᵀ·x, relu's zeros in gᵀ·h.
 */
export function matmulKernel(x: NDArray, y: NDArray, transposeA: boolean, transposeB: boolean, dtype: DType, op = 'matmul'): NDArray {
  const [xr, xc] = x.shape.slice(-2);
  const [yr, yc] = y.shape.slice(-2);
  const m = transposeA ? xc : xr;
  const k = transposeA ? xr : xc;
  const n = transposeB ? yr : yc;
  const batch = broadcastShapes(op, x.shape.slice(0, -2), y.shape.slice(0, -2));
  const batches = sizeOf(batch);
  const aOff = batchOffsets(x.shape, batch);
  const bOff = batchOffsets(y.shape, batch);
  // Views are taken after the output is allocated (inside produce): an allocation may grow the heap.
  return produce([...batch, m, n], dtype, op, (out) => {
    const av = x.valuesAsNumbers(op);
    const bv = y.valuesAsNumbers(op);
    const zerosA = zerosOrNonFinite(av);
    const zerosB = zerosOrNonFinite(bv);
    // Fractions of entries that must be visited as rows of the canonical A, either way round.
    const denseA = zerosB < 0 || av.length === 0 ? 1 : 1 - zerosA / av.length;
    const denseB = zerosA < 0 || bv.length === 0 ? 1 : 1 - zerosB / bv.length;
    const flip = denseB < denseA - 0.1;
    // Canonical product L·R with L stored as rows × k and R as k × cols, row-major.
    const L = flip ? new Operand2D(bv, yr, yc, !transposeB) : new Operand2D(av, xr, xc, transposeA);
    const R = flip ? new Operand2D(av, xr, xc, !transposeA) : new Operand2D(bv, yr, yc, transposeB);
    const lOff = flip ? bOff : aOff;
    const rOff = flip ? aOff : bOff;
    const rows = flip ? n : m;
    const cols = flip ? m : n;
    const skip = flip ? zerosA >= 0 : zerosB >= 0;
    const scratch: GemmScratch = { rows: new Int32Array(k), acc0: new Float64Array(cols), acc1: new Float64Array(cols) };
    for (let t = 0; t < batches; t++) {
      const [lv, l0] = L.at(lOff[t]);
      const [rv, r0] = R.at(rOff[t]);
      // C[i, j] is out[t·m·n + i·n + j]; with flip, canonical row i is C's column i.
      gemmRows(lv, l0, rv, r0, rows, k, cols, out, t * m * n, flip ? 1 : n, flip ? n : 1, skip, scratch);
    }
  });
}

interface GemmScratch { readonly rows: Int32Array; readonly acc0: Float64Array; readonly acc1: Float64Array }

/**
 * out[o0 + i·rs + j·cs] = Σₚ A[a0 + i·k + p]·B[b0 + p·n + j] for i < m, j < n (see matmulKernel).
 * A top-level function of plain arguments, so the JIT specializes it once per element type.
 */
function gemmRows(A: NumberArray, a0: number, B: NumberArray, b0: number, m: number, k: number, n: number,
  out: NumberArray, o0: number, rs: number, cs: number, skip: boolean, { rows, acc0, acc1 }: GemmScratch): void {
  let i = 0;
  for (; i + 1 < m; i += 2) {
    const ra = a0 + i * k;
    const rb = ra + k;
    let count = 0;
    if (skip) {
      for (let p = 0; p < k; p++) if (A[ra + p] !== 0 || A[rb + p] !== 0) rows[count++] = p;
    } else {
      for (let p = 0; p < k; p++) rows[p] = p;
      count = k;
    }
    acc0.fill(0);
    acc1.fill(0);
    let q = 0;
    for (; q + 3 < count; q += 4) {
      const p0 = rows[q], p1 = rows[q + 1], p2 = rows[q + 2], p3 = rows[q + 3];
      const x0 = A[ra + p0], x1 = A[ra + p1], x2 = A[ra + p2], x3 = A[ra + p3];
      const y0 = A[rb + p0], y1 = A[rb + p1], y2 = A[rb + p2], y3 = A[rb + p3];
      const s0 = b0 + p0 * n, s1 = b0 + p1 * n, s2 = b0 + p2 * n, s3 = b0 + p3 * n;
      for (let j = 0; j < n; j++) {
        const c0 = B[s0 + j], c1 = B[s1 + j], c2 = B[s2 + j], c3 = B[s3 + j];
        acc0[j] += x0 * c0 + x1 * c1 + x2 * c2 + x3 * c3;
        acc1[j] += y0 * c0 + y1 * c1 + y2 * c2 + y3 * c3;
      }
    }
    for (; q < count; q++) {
      const p = rows[q];
      const x0 = A[ra + p], y0 = A[rb + p];
      const s = b0 + p * n;
      for (let j = 0; j < n; j++) {
        const c = B[s + j];
        acc0[j] += x0 * c;
        acc1[j] += y0 * c;
      }
    }
    const o = o0 + i * rs;
    for (let j = 0; j < n; j++) { out[o + j * cs] = acc0[j]; out[o + rs + j * cs] = acc1[j]; }
  }
  if (i < m) { // the last row when m is odd
    const ra = a0 + i * k;
    let count = 0;
    for (let p = 0; p < k; p++) if (!skip || A[ra + p] !== 0) rows[count++] = p;
    acc0.fill(0);
    let q = 0;
    for (; q + 3 < count; q += 4) {
      const p0 = rows[q], p1 = rows[q + 1], p2 = rows[q + 2], p3 = rows[q + 3];
      const x0 = A[ra + p0], x1 = A[ra + p1], x2 = A[ra + p2], x3 = A[ra + p3];
      const s0 = b0 + p0 * n, s1 = b0 + p1 * n, s2 = b0 + p2 * n, s3 = b0 + p3 * n;
      for (let j = 0; j < n; j++) acc0[j] += x0 * B[s0 + j] + x1 * B[s1 + j] + x2 * B[s2 + j] + x3 * B[s3 + j];
    }
    for (; q < count; q++) {
      const p = rows[q];
      const x0 = A[ra + p];
      const s = b0 + p * n;
      for (let j = 0; j < n; j++) acc0[j] += x0 * B[s + j];
    }
    const o = o0 + i * rs;
    for (let j = 0; j < n; j++) out[o + j * cs] = acc0[j];
  }
}
