/**
 * Seeded random numbers: the same seed gives the same numbers on every machine. The generator
 * is xoshiro128** (32-bit integer arithmetic only, so it is exact everywhere), seeded through
 * splitmix32. Normals use the Box-Muller transform in float64, then one rounding to the dtype.
 */
import { NDArray, writeNumbers } from './array.js';
import { type DType, checkDType, isFloat } from './dtype.js';
import { DTypeError, ValueError, describe } from './errors.js';
import { checkShape } from './shape.js';

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}
function rotl(x: number, k: number): number { return (x << k) | (x >>> (32 - k)); }

/**
 * A random stream of its own (as NumPy's `Generator` or Keras 3's `SeedGenerator`): the same
 * seed gives the same numbers, and drawing from it never touches the global stream that
 * `random.seed`, `random.uniform` and `random.normal` use.
 *
 * @example
 * const a = new random.Generator(7).uniforms(3);
 * const b = new random.Generator(7).uniforms(3);
 * a[2] === b[2]; // → true
 * new random.Generator(1.5); // throws ValueError
 */
export class Generator {
  private readonly state = new Uint32Array(4);
  /** Seeds the stream with an integer (its low 32 bits and the next 32 are used). */
  constructor(seed: number) { this.reseed(seed, 'random.Generator'); }

  /** @internal Restarts the stream from `value`. */
  reseed(value: number, op: string): void {
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      throw new ValueError(op, `argument 'seed' is ${describe(value)}; expected an integer`);
    }
    const next = splitmix32((value >>> 0) ^ Math.floor(value / 2 ** 32));
    for (let i = 0; i < 4; i++) this.state[i] = next();
  }

  private nextUint32(): number {
    const s = this.state;
    const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  }

  /** Uniform in [0, 1) with 53 random bits. */
  private nextDouble(): number {
    return ((this.nextUint32() >>> 5) * 67108864 + (this.nextUint32() >>> 6)) / 9007199254740992;
  }

  /**
   * `n` float64 values uniform in [0, 1) (53 random bits each).
   * @example new random.Generator(3).uniforms(2).length; // → 2
   */
  uniforms(n: number): Float64Array {
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) values[i] = this.nextDouble();
    return values;
  }

  /**
   * `n` float64 normal values, mean `loc` and standard deviation `scale` (Box-Muller, in pairs).
   * @example new random.Generator(3).normals(5).length; // → 5
   */
  normals(n: number, loc = 0, scale = 1): Float64Array {
    const values = new Float64Array(n);
    for (let i = 0; i < n; i += 2) {
      const r = Math.sqrt(-2 * Math.log(1 - this.nextDouble())); // 1 - u is in (0, 1]
      const theta = 2 * Math.PI * this.nextDouble();
      values[i] = loc + scale * r * Math.cos(theta);
      if (i + 1 < n) values[i + 1] = loc + scale * r * Math.sin(theta);
    }
    return values;
  }
}

const globalStream = new Generator(Date.now());

/**
 * Seeds the global generator (an integer; its low 32 bits and the next 32 are used).
 *
 * @example
 * random.seed(42);
 * const a = random.uniform(0, 1, [3]).tolist();
 * random.seed(42);
 * random.uniform(0, 1, [3]).tolist(); // same values as a
 */
export function seed(value: number): void { globalStream.reseed(value, 'random.seed'); }

/**
 * The global stream itself (the one `random.seed` seeds), for code that draws with the
 * {@link Generator} methods from whichever stream it is given.
 *
 * @example
 * random.seed(5);
 * const a = random.globalGenerator().uniforms(1)[0];
 * random.seed(5);
 * random.uniform(0, 1, [1], 'float64').item() === a; // → true
 */
export function globalGenerator(): Generator { return globalStream; }

function floatDType(op: string, dtype: DType): DType {
  checkDType(op, 'dtype', dtype);
  if (!isFloat(dtype)) throw new DTypeError(op, `argument 'dtype' is ${describe(dtype)}; expected a float dtype`);
  return dtype;
}

/**
 * Uniform values in [low, high), MLX's `random.uniform(low=0, high=1, shape=[], dtype=float32)`.
 *
 * @example
 * random.uniform(-1, 1, [2, 3]).shape;      // → [2, 3]
 * random.uniform().shape;                   // → []
 * random.uniform(0, 1, [2], 'int32');       // throws DTypeError
 */
export function uniform(low = 0, high = 1, shape: number | readonly number[] = [], dtype: DType = 'float32'): NDArray {
  const op = 'random.uniform';
  const s = checkShape(op, 'shape', shape);
  if (!Number.isFinite(low) || !Number.isFinite(high) || !(low <= high)) {
    throw new ValueError(op, `arguments 'low', 'high' are ${describe(low)}, ${describe(high)}; expected finite numbers with low <= high`);
  }
  const out = NDArray.empty(s, floatDType(op, dtype));
  const values = globalStream.uniforms(out.size);
  for (let i = 0; i < values.length; i++) values[i] = low + (high - low) * values[i];
  writeNumbers(out, values, op);
  // Rounding can land exactly on `high`; keep the interval half-open.
  const d = out.valuesAsNumbers(op);
  if (d.some((v) => v >= high) && high > low) {
    for (let i = 0; i < values.length; i++) if (d[i] >= high) values[i] = low;
    writeNumbers(out, values, op);
  }
  return out;
}

/**
 * Normal values, MLX's `random.normal(shape=[], dtype=float32, loc=0, scale=1)`.
 *
 * @example
 * random.normal([2, 2]).dtype;               // → 'float32'
 * random.normal([2], 'float64', 5, 0.1).dtype; // → 'float64'
 */
export function normal(shape: number | readonly number[] = [], dtype: DType = 'float32', loc = 0, scale = 1): NDArray {
  const op = 'random.normal';
  const s = checkShape(op, 'shape', shape);
  if (!Number.isFinite(loc) || !Number.isFinite(scale) || scale < 0) {
    throw new ValueError(op, `arguments 'loc', 'scale' are ${describe(loc)}, ${describe(scale)}; expected finite numbers with scale >= 0`);
  }
  const out = NDArray.empty(s, floatDType(op, dtype));
  const values = globalStream.normals(out.size, loc, scale);
  writeNumbers(out, values, op);
  return out;
}
