/**
 * The array: a dense, row-major block of one dtype with a shape. Arrays are immutable once made
 * (ops return new arrays; only an explicit `out` argument writes into an existing one), so
 * reshape can share storage.
 */
import { type DType, ITEMSIZE, type StorageArray, checkDType, isFloat, storageConstructor } from './dtype.js';
import { DisposedError, ShapeError, ValueError, describe } from './errors.js';
import { bf16ToNumber, f16ToNumber, numberToBf16, numberToF16 } from './half.js';
import { Storage } from './heap.js';
import { type Shape, checkShape, checkSize, formatShape, sizeOf } from './shape.js';
import { formatArray } from './print.js';
import { type Node, record } from './tape.js';

/**
 * An n-dimensional array: a dense, row-major block of one dtype (`shape`, `dtype`, `size`). Made by
 * {@link array} and the other constructors, never with `new`; immutable once made, every method
 * returns a new array (reshape may share storage). `tolist()` and `item()` read the values back;
 * `dispose()` frees the memory at once instead of at garbage collection.
 * @example
 * const x = array([[1, -2], [3, 4]]);
 * x.shape;                   // → [2, 2]
 * x.dtype;                   // → 'float32'
 * x.abs().sum(1).tolist();   // → [3, 7] (methods: src/ops/methods.ts)
 * x.T.tolist();              // → [[1, 3], [-2, 4]]
 */
export class NDArray {
  readonly shape: readonly number[];
  readonly dtype: DType;
  readonly size: number;
  /** @internal The bytes; possibly shared with reshaped views. */
  readonly storage: Storage;
  /** @internal The autograd node that produced this array while a transform was tracing. */
  node: Node | undefined = undefined;

  /** @internal Use `array()`, `zeros()` and the ops; this wraps existing storage. */
  constructor(storage: Storage, shape: Shape, dtype: DType) {
    this.storage = storage;
    this.shape = Object.freeze([...shape]);
    this.dtype = dtype;
    this.size = sizeOf(shape);
  }

  /** @internal A new array with uninitialized storage: the caller writes every element. */
  static empty(shape: Shape, dtype: DType, op = 'array'): NDArray {
    const size = sizeOf(shape);
    checkSize(op, 'shape', size); // an op whose output size comes from several inputs (matmul, concatenate)
    return new NDArray(Storage.allocate(size * ITEMSIZE[dtype]), shape, dtype);
  }

  get ndim(): number { return this.shape.length; }
  get itemsize(): number { return ITEMSIZE[this.dtype]; }
  get nbytes(): number { return this.size * ITEMSIZE[this.dtype]; }

  /**
   * @internal The raw elements: float16/bfloat16 as Uint16Array bits, bool as 0/1 bytes.
   * A fresh view each call (cheap); do not keep it across allocations on a non-shared heap.
   */
  data(op = 'array'): StorageArray {
    const { buffer, byteOffset } = this.storage.bytes(op);
    const Ctor = storageConstructor(this.dtype);
    return new Ctor(buffer as ArrayBuffer, byteOffset, this.size);
  }

  /** @internal Element i as a JS number (bool as 0/1), half types decoded. */
  valuesAsNumbers(op = 'array'): Float32Array | Float64Array | Int32Array | Uint8Array {
    const d = this.data(op);
    if (this.dtype === 'float16' || this.dtype === 'bfloat16') {
      const decode = this.dtype === 'float16' ? f16ToNumber : bf16ToNumber;
      const out = new Float32Array(this.size);
      for (let i = 0; i < out.length; i++) out[i] = decode(d[i]);
      return out;
    }
    return d as Float32Array | Float64Array | Int32Array | Uint8Array;
  }

  /** The value of a one-element array, as a JS number (or boolean for bool). */
  item(): number | boolean {
    if (this.size !== 1) {
      throw new ShapeError('item', `the array has shape ${formatShape(this.shape)} (${this.size} elements); expected exactly one element`);
    }
    const v = this.valuesAsNumbers('item')[0];
    return this.dtype === 'bool' ? v !== 0 : v;
  }

  /** Nested JS arrays of numbers (booleans for bool), like MLX's `tolist()`. */
  tolist(): unknown {
    const values = this.valuesAsNumbers('tolist');
    const asValue = this.dtype === 'bool' ? (v: number) => v !== 0 : (v: number) => v;
    if (this.ndim === 0) return asValue(values[0]);
    const build = (dim: number, offset: number): unknown[] => {
      const n = this.shape[dim];
      const out = new Array<unknown>(n);
      if (dim === this.ndim - 1) {
        for (let i = 0; i < n; i++) out[i] = asValue(values[offset + i]);
        return out;
      }
      const step = sizeOf(this.shape.slice(dim + 1));
      for (let i = 0; i < n; i++) out[i] = build(dim + 1, offset + i * step);
      return out;
    };
    return build(0, 0);
  }

  /**
   * A copy of the data as a TypedArray: Float32Array for float32, float16 and bfloat16,
   * Float64Array, Int32Array, or Uint8Array (0/1) for bool.
   */
  toTypedArray(): Float32Array | Float64Array | Int32Array | Uint8Array {
    const v = this.valuesAsNumbers('toTypedArray');
    return this.dtype === 'float16' || this.dtype === 'bfloat16' ? v : v.slice(); // halves decode into a fresh array
  }

  /** A copy converted to another dtype (see `cast` for the rules). */
  astype(dtype: DType): NDArray {
    checkDType('astype', 'dtype', dtype);
    return castArray(this, dtype);
  }

  // The method forms of the ops (add, exp, sum, reshape, T, ...) are installed on this class by
  // src/ops/methods.ts, so that the array does not import the ops that import it.

  /** Frees the storage now instead of waiting for the garbage collector. Reshaped views that share it are disposed too. */
  dispose(): void { this.storage.dispose(); }
  get disposed(): boolean { return this.storage.disposed; }

  toString(): string { return formatArray(this); }
  [Symbol.for('nodejs.util.inspect.custom')](): string { return formatArray(this); }
}

/** Writes JS numbers into an array's storage, converting to its dtype. */
export function writeNumbers(target: NDArray, values: globalThis.ArrayLike<number>, op = 'array'): void {
  const d = target.data(op);
  const n = target.size;
  switch (target.dtype) {
    case 'float16': for (let i = 0; i < n; i++) d[i] = numberToF16(values[i]); break;
    case 'bfloat16': for (let i = 0; i < n; i++) d[i] = numberToBf16(values[i]); break;
    case 'int32': for (let i = 0; i < n; i++) d[i] = toInt32(values[i]); break;
    case 'bool': for (let i = 0; i < n; i++) d[i] = values[i] !== 0 ? 1 : 0; break; // NaN is truthy
    default: for (let i = 0; i < n; i++) d[i] = values[i];
  }
}

/** float -> int32 as C++ does for in-range values (truncation); NaN -> 0, out of range saturates. */
export function toInt32(v: number): number {
  if (Number.isNaN(v)) return 0;
  if (v >= 2147483647) return 2147483647;
  if (v <= -2147483648) return -2147483648;
  return Math.trunc(v);
}

/**
 * dtype conversion: floats round to nearest even, float -> int truncates, anything -> bool is `!= 0`.
 * Recorded as 'cast', so gradients flow through astype and through the promotions inside ops.
 */
export function castArray(x: NDArray, dtype: DType): NDArray {
  const out = NDArray.empty(x.shape, dtype);
  if (x.dtype === dtype) out.data('astype').set(x.data('astype') as never);
  else writeNumbers(out, x.valuesAsNumbers('astype'), 'astype');
  return record('cast', [x], out, { dtype });
}

export function reshapeArray(x: NDArray, shape: readonly number[], op = 'reshape'): NDArray {
  const unknown = shape.filter((d) => d === -1).length;
  if (unknown > 1) throw new ShapeError(op, `argument 'shape' is ${describe(shape)}; expected at most one -1`);
  const known = checkShape(op, 'shape', shape.map((d) => (d === -1 ? 0 : d)));
  let resolved = [...shape];
  if (unknown === 1) {
    const rest = sizeOf(known.filter((_, i) => shape[i] !== -1));
    if (rest === 0 || x.size % rest !== 0) {
      throw new ShapeError(op, `cannot reshape array of shape ${formatShape(x.shape)} (size ${x.size}) into ${describe(shape)}; expected the other dimensions to divide ${x.size}`);
    }
    resolved = shape.map((d) => (d === -1 ? x.size / rest : d));
  }
  if (sizeOf(resolved) !== x.size) {
    throw new ShapeError(op, `cannot reshape array of shape ${formatShape(x.shape)} (size ${x.size}) into ${formatShape(resolved)} (size ${sizeOf(resolved)}); expected the same size`);
  }
  if (x.disposed) throw new DisposedError(op, 'the array was disposed; expected a live array');
  return new NDArray(x.storage, resolved, x.dtype);
}


export { isFloat };
