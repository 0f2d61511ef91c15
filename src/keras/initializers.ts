/**
 * Keras 3's weight initializers with their config fields and semantics: fan-in and fan-out from
 * the weight shape as Keras computes them, VarianceScaling's modes and distributions, the
 * truncated normal cut at two standard deviations, Orthogonal's QR. Values are drawn in float64
 * and rounded once to the weight's dtype.
 *
 * A seeded initializer draws from a generator of its own, made from the seed at each call (as
 * Keras 3 does with an integer seed: the same seed gives the same values on every call), and
 * never reseeds or advances the global stream. An unseeded one draws from the global stream, so
 * `random.seed` makes a model's initial weights reproducible.
 */
import { NDArray, writeNumbers } from '../core/array.js';
import type { FloatDType } from '../core/dtype.js';
import { ValueError } from '../core/errors.js';
import { bf16ToNumber, f16ToNumber, numberToBf16, numberToF16 } from '../core/half.js';
import * as random from '../core/random.js';
import { formatShape, sizeOf } from '../core/shape.js';
import type { Json } from './config.js';
import { ConfigError } from './errors.js';
import { ConfigObject, type Family, type Field, field, getConfigObject, parseIfJson, writeConfigObject } from './configObject.js';

/**
 * A weight initializer (Keras' `keras.initializers`): `call(shape, dtype)` makes the initial
 * values; `getConfig()` gives its fields. PReLU's `alphaInitializer` takes one, or its name or
 * config.
 * @example
 * const init: keras.initializers.Initializer = new keras.initializers.Constant({ value: 0.25 });
 * init.call([2], 'float32').tolist(); // → [0.25, 0.25]
 * init.getConfig().value; // → 0.25
 */
export abstract class Initializer extends ConfigObject {
  /** A new array of `shape` (float dtype) with the initial values. */
  abstract call(shape: readonly number[], dtype: FloatDType): NDArray;
  /** @internal */
  get module(): string { return 'keras.initializers'; }
}

/** An array of `shape` holding float64 `values` rounded once to `dtype`. */
function fromValues(shape: readonly number[], dtype: FloatDType, values: Float64Array, op: string): NDArray {
  const out = NDArray.empty([...shape], dtype);
  writeNumbers(out, values, op);
  return out;
}

const seedField = field('seed', 'seed', 'seed', null);

/** The initializers that draw random numbers: the seed and the stream it selects. */
abstract class RandomInitializer extends Initializer {
  /** The seed, or null to draw from the global stream. */
  get seed(): number | null { return this.values.seed as number | null; }
  /** A fresh generator from the seed (the same values at every call), else the global stream. */
  protected stream(): random.Generator {
    return this.seed === null ? random.globalGenerator() : new random.Generator(this.seed);
  }
  /** Uniform values in [low, high), rounded to `dtype` without reaching `high`. */
  protected uniform(shape: readonly number[], dtype: FloatDType, low: number, high: number, op: string): NDArray {
    const values = this.stream().uniforms(sizeOf(shape));
    const round = rounding(dtype);
    // Rounding to a float dtype moves a value by at most 2^-8 of its magnitude, or 2^-25 among
    // float16's subnormals, so only values that close to `high` can round onto it.
    const near = high - Math.max(Math.abs(low), Math.abs(high)) * 2 ** -7 - 2 ** -24;
    for (let i = 0; i < values.length; i++) {
      values[i] = low + (high - low) * values[i];
      // Keep the interval half-open after rounding, as Keras documents it.
      if (values[i] >= near && round(values[i]) >= high && high > low) values[i] = low;
    }
    return fromValues(shape, dtype, values, op);
  }
  /**
   * Normal values cut at two standard deviations: values outside [mean − 2σ, mean + 2σ] are
   * drawn again. Rounding is monotonic, so every stored value lies within the bounds rounded to
   * the weight's dtype (exactly within them when they are representable).
   */
  protected truncatedNormal(shape: readonly number[], dtype: FloatDType, mean: number, stddev: number, op: string): NDArray {
    const gen = this.stream();
    const lo = mean - 2 * stddev, hi = mean + 2 * stddev;
    const values = gen.normals(sizeOf(shape), mean, stddev);
    let redraw: number[] = [];
    for (let i = 0; i < values.length; i++) if (!(values[i] >= lo && values[i] <= hi)) redraw.push(i);
    while (redraw.length > 0) { // about 4.6% of the values, then 4.6% of those, ...
      const again = gen.normals(redraw.length, mean, stddev);
      const still: number[] = [];
      redraw.forEach((i, k) => { values[i] = again[k]; if (!(again[k] >= lo && again[k] <= hi)) still.push(i); });
      redraw = still;
    }
    return fromValues(shape, dtype, values, op);
  }
}

/** The value a float64 becomes when stored in `dtype` (round to nearest even). */
function rounding(dtype: FloatDType): (v: number) => number {
  switch (dtype) {
    case 'float64': return (v) => v;
    case 'float32': return Math.fround;
    case 'float16': return (v) => f16ToNumber(numberToF16(v));
    case 'bfloat16': return (v) => bf16ToNumber(numberToBf16(v));
  }
}

/**
 * Initializes to 0 (Keras' Zeros, the PReLU default).
 * @example new keras.initializers.Zeros().call([2], 'float32').tolist(); // → [0, 0]
 */
export class Zeros extends Initializer {
  static readonly className = 'Zeros';
  static readonly fields: readonly Field[] = [];
  constructor() { super({}, 'keras.initializers.Zeros'); }
  call(shape: readonly number[], dtype: FloatDType): NDArray { return fromValues(shape, dtype, new Float64Array(sizeOf(shape)), 'keras.initializers.Zeros'); }
}
/**
 * Initializes to 1 (Keras' Ones).
 * @example new keras.initializers.Ones().call([2], 'float32').tolist(); // → [1, 1]
 */
export class Ones extends Initializer {
  static readonly className = 'Ones';
  static readonly fields: readonly Field[] = [];
  constructor() { super({}, 'keras.initializers.Ones'); }
  call(shape: readonly number[], dtype: FloatDType): NDArray { return fromValues(shape, dtype, new Float64Array(sizeOf(shape)).fill(1), 'keras.initializers.Ones'); }
}
/**
 * Initializes to `value` (default 0; Keras' Constant).
 * @example new keras.initializers.Constant({ value: 0.25 }).call([2], 'float32').tolist(); // → [0.25, 0.25]
 */
export class Constant extends Initializer {
  static readonly className = 'Constant';
  static readonly fields: readonly Field[] = [field('value', 'value', 'number', 0)];
  constructor(args: { value?: number } = {}) { super(args, 'keras.initializers.Constant'); }
  call(shape: readonly number[], dtype: FloatDType): NDArray {
    return fromValues(shape, dtype, new Float64Array(sizeOf(shape)).fill(this.values.value as number), 'keras.initializers.Constant');
  }
}

/**
 * Uniform in [minval, maxval) (defaults −0.05, 0.05). A seed makes it reproducible here (not
 * Keras' own numbers).
 *
 * @example
 * const u = new keras.initializers.RandomUniform({ minval: -1, maxval: 1, seed: 3 });
 * u.getConfig().maxval; // → 1
 * u.call([3], 'float32').shape; // → [3]
 */
export class RandomUniform extends RandomInitializer {
  static readonly className = 'RandomUniform';
  static readonly fields: readonly Field[] = [field('minval', 'minval', 'number', -0.05), field('maxval', 'maxval', 'number', 0.05), seedField];
  constructor(args: { minval?: number; maxval?: number; seed?: number | null } = {}) {
    super(args, 'keras.initializers.RandomUniform');
    if ((this.values.minval as number) > (this.values.maxval as number)) {
      throw new ValueError('keras.initializers.RandomUniform', `arguments 'minval', 'maxval' are ${this.values.minval}, ${this.values.maxval}; expected minval <= maxval`);
    }
  }
  call(shape: readonly number[], dtype: FloatDType): NDArray {
    return this.uniform(shape, dtype, this.values.minval as number, this.values.maxval as number, 'keras.initializers.RandomUniform');
  }
}
/**
 * Normal(mean, stddev) (defaults 0, 0.05). A seed makes it reproducible here (not Keras' own
 * numbers).
 *
 * @example
 * new keras.initializers.RandomNormal({ stddev: 1 }).getConfig().mean; // → 0
 * new keras.initializers.RandomNormal({ stddev: -1 }); // throws ValueError
 */
export class RandomNormal extends RandomInitializer {
  static readonly className = 'RandomNormal';
  static readonly fields: readonly Field[] = [field('mean', 'mean', 'number', 0), field('stddev', 'stddev', 'nonNegative', 0.05), seedField];
  constructor(args: { mean?: number; stddev?: number; seed?: number | null } = {}) { super(args, 'keras.initializers.RandomNormal'); }
  call(shape: readonly number[], dtype: FloatDType): NDArray {
    const values = this.stream().normals(sizeOf(shape), this.values.mean as number, this.values.stddev as number);
    return fromValues(shape, dtype, values, 'keras.initializers.RandomNormal');
  }
}
/**
 * Normal(mean, stddev) with values more than two standard deviations from the mean drawn again
 * (Keras' TruncatedNormal, defaults 0, 0.05): every value is in [mean − 2·stddev, mean + 2·stddev]
 * (those bounds rounded to the weight's dtype).
 *
 * @example
 * const t = new keras.initializers.TruncatedNormal({ stddev: 1, seed: 1 }).call([1000], 'float32');
 * Math.max(...t.toTypedArray().map(Math.abs)) <= 2; // → true
 */
export class TruncatedNormal extends RandomInitializer {
  static readonly className = 'TruncatedNormal';
  static readonly fields: readonly Field[] = [field('mean', 'mean', 'number', 0), field('stddev', 'stddev', 'nonNegative', 0.05), seedField];
  constructor(args: { mean?: number; stddev?: number; seed?: number | null } = {}) { super(args, 'keras.initializers.TruncatedNormal'); }
  call(shape: readonly number[], dtype: FloatDType): NDArray {
    return this.truncatedNormal(shape, dtype, this.values.mean as number, this.values.stddev as number, 'keras.initializers.TruncatedNormal');
  }
}

/**
 * Keras' fan-in and fan-out of a weight shape: a scalar has 1 and 1, a vector n and n, a matrix
 * its rows and columns, and a kernel of rank ≥ 3 (`[...receptive field, in, out]`) in·r and
 * out·r with r the product of the leading dimensions.
 *
 * @example
 * keras.initializers.computeFans([3, 3, 16, 32]); // → [144, 288]
 * keras.initializers.computeFans([5]);            // → [5, 5]
 */
export function computeFans(shape: readonly number[]): [number, number] {
  if (shape.length < 1) return [1, 1];
  if (shape.length === 1) return [shape[0], shape[0]];
  if (shape.length === 2) return [shape[0], shape[1]];
  const receptive = shape.slice(0, -2).reduce((a, d) => a * d, 1);
  return [shape[shape.length - 2] * receptive, shape[shape.length - 1] * receptive];
}

/**
 * VarianceScaling's modes: which fan divides the scale.
 * @example const mode: keras.initializers.FanMode = 'fan_avg';
 */
export type FanMode = 'fan_in' | 'fan_out' | 'fan_avg';
/**
 * VarianceScaling's distributions (Keras 3 reads 'normal' as 'truncated_normal').
 * @example new keras.initializers.VarianceScaling({ distribution: 'normal' }).distribution; // → 'truncated_normal'
 */
export type Distribution = 'truncated_normal' | 'untruncated_normal' | 'uniform';
const MODES: readonly FanMode[] = ['fan_in', 'fan_out', 'fan_avg'];
const DISTRIBUTIONS: readonly Distribution[] = ['truncated_normal', 'untruncated_normal', 'uniform'];
// tfjs' in-memory camelCase spellings; Keras lowercases the distribution and reads 'normal' as
// 'truncated_normal'.
const MODE_ALIASES = { fanIn: 'fan_in', fanOut: 'fan_out', fanAvg: 'fan_avg' };
const DISTRIBUTION_ALIASES = {
  normal: 'truncated_normal', truncatedNormal: 'truncated_normal', untruncatedNormal: 'untruncated_normal',
  NORMAL: 'truncated_normal', UNIFORM: 'uniform', TRUNCATED_NORMAL: 'truncated_normal', UNTRUNCATED_NORMAL: 'untruncated_normal',
};
/** The standard deviation of a standard normal cut at ±2: truncation shrinks σ by this factor. */
const TRUNCATED_STDDEV = 0.87962566103423978;

/**
 * Draws with a variance scaled to the weight's fans (Keras' VarianceScaling, defaults scale 1,
 * 'fan_in', 'truncated_normal'): n is fan_in, fan_out or their mean (at least 1); 'uniform' draws
 * from [−√(3·scale/n), √(3·scale/n)), 'untruncated_normal' from N(0, scale/n), and
 * 'truncated_normal' from a normal cut at two standard deviations whose standard deviation after
 * the cut is √(scale/n).
 *
 * @example
 * const v = new keras.initializers.VarianceScaling({ scale: 2, mode: 'fan_out', distribution: 'uniform' });
 * v.getConfig(); // → { scale: 2, mode: 'fan_out', distribution: 'uniform', seed: null }
 * new keras.initializers.VarianceScaling({ mode: 'fanIn' }).getConfig().mode; // → 'fan_in'
 * new keras.initializers.VarianceScaling({ scale: 0 }); // throws ValueError
 */
export class VarianceScaling extends RandomInitializer {
  static readonly className: string = 'VarianceScaling';
  static readonly fields: readonly Field[] = [
    field('scale', 'scale', 'positive', 1), field('mode', 'mode', 'choice', 'fan_in', MODES, MODE_ALIASES),
    field('distribution', 'distribution', 'choice', 'truncated_normal', DISTRIBUTIONS, DISTRIBUTION_ALIASES), seedField,
  ];
  constructor(args: { scale?: number; mode?: FanMode | string; distribution?: Distribution | string; seed?: number | null } = {}, op = 'keras.initializers.VarianceScaling') {
    super(args, op);
  }
  /** The scale (> 0). */
  get scale(): number { return this.values.scale as number; }
  get mode(): FanMode { return this.values.mode as FanMode; }
  get distribution(): Distribution { return this.values.distribution as Distribution; }

  call(shape: readonly number[], dtype: FloatDType): NDArray {
    const op = `keras.initializers.${this.className}`;
    const [fanIn, fanOut] = computeFans(shape);
    const n = this.mode === 'fan_in' ? fanIn : this.mode === 'fan_out' ? fanOut : (fanIn + fanOut) / 2;
    const scale = this.scale / Math.max(1, n);
    switch (this.distribution) {
      case 'truncated_normal':
        return this.truncatedNormal(shape, dtype, 0, Math.sqrt(scale) / TRUNCATED_STDDEV, op);
      case 'untruncated_normal':
        return fromValues(shape, dtype, this.stream().normals(sizeOf(shape), 0, Math.sqrt(scale)), op);
      case 'uniform': {
        const limit = Math.sqrt(3 * scale);
        return this.uniform(shape, dtype, -limit, limit, op);
      }
    }
  }

  /** @internal tfjs reads 'normal' as its truncated normal and has no untruncated one. */
  override toJson(format: 'keras3' | 'tfjs'): { className: string; config: Record<string, Json> } {
    const out = super.toJson(format);
    if (format === 'tfjs' && this.className === 'VarianceScaling') {
      if (this.distribution === 'untruncated_normal') {
        throw new ConfigError('keras.initializers.serialize', 'distribution', "is 'untruncated_normal'; TensorFlow.js' VarianceScaling has no untruncated normal");
      }
      // tfjs 4.22 accepts 'truncatedNormal' but draws uniform values for it.
      if (this.distribution === 'truncated_normal') out.config.distribution = 'normal';
    }
    return out;
  }
}

interface PresetSpec { readonly scale: number; readonly mode: FanMode; readonly distribution: Distribution; readonly tfjsName?: string }

/** The VarianceScaling presets: a fixed scale, mode and distribution; the config is the seed only. */
abstract class VarianceScalingPreset extends VarianceScaling {
  static override readonly fields: readonly Field[] = [seedField];
  static readonly preset: PresetSpec;
  constructor(args: { seed?: number | null } = {}) { super(args, `keras.initializers.${new.target.className}`); }
  private get spec(): PresetSpec { return (this.constructor as typeof VarianceScalingPreset).preset; }
  override get scale(): number { return this.spec.scale; }
  override get mode(): FanMode { return this.spec.mode; }
  override get distribution(): Distribution { return this.spec.distribution; }
  /** @internal */
  override toJson(format: 'keras3' | 'tfjs'): { className: string; config: Record<string, Json> } {
    return { className: format === 'tfjs' ? (this.spec.tfjsName ?? this.className) : this.className, config: { seed: this.seed } };
  }
}

/**
 * Glorot (Xavier) uniform: uniform in ±√(6 / (fan_in + fan_out)) (VarianceScaling(1, 'fan_avg', 'uniform')).
 * @example new keras.initializers.GlorotUniform({ seed: 1 }).getConfig(); // → { seed: 1 }
 */
export class GlorotUniform extends VarianceScalingPreset {
  static override readonly className: string = 'GlorotUniform';
  static override readonly preset: PresetSpec = { scale: 1, mode: 'fan_avg', distribution: 'uniform' };
}
/**
 * Glorot (Xavier) normal: truncated normal with σ = √(2 / (fan_in + fan_out)) (VarianceScaling(1, 'fan_avg', 'truncated_normal')).
 * @example new keras.initializers.GlorotNormal().distribution; // → 'truncated_normal'
 */
export class GlorotNormal extends VarianceScalingPreset {
  static override readonly className: string = 'GlorotNormal';
  static override readonly preset: PresetSpec = { scale: 1, mode: 'fan_avg', distribution: 'truncated_normal' };
}
/**
 * He uniform: uniform in ±√(6 / fan_in) (VarianceScaling(2, 'fan_in', 'uniform')).
 * @example new keras.initializers.HeUniform().scale; // → 2
 */
export class HeUniform extends VarianceScalingPreset {
  static override readonly className: string = 'HeUniform';
  static override readonly preset: PresetSpec = { scale: 2, mode: 'fan_in', distribution: 'uniform' };
}
/**
 * He normal: truncated normal with σ = √(2 / fan_in) (VarianceScaling(2, 'fan_in', 'truncated_normal')).
 * @example new keras.initializers.HeNormal().mode; // → 'fan_in'
 */
export class HeNormal extends VarianceScalingPreset {
  static override readonly className: string = 'HeNormal';
  static override readonly preset: PresetSpec = { scale: 2, mode: 'fan_in', distribution: 'truncated_normal' };
}
/**
 * LeCun uniform: uniform in ±√(3 / fan_in) (VarianceScaling(1, 'fan_in', 'uniform'); tfjs' LeCunUniform).
 * @example new keras.initializers.LecunUniform().className; // → 'LecunUniform'
 */
export class LecunUniform extends VarianceScalingPreset {
  static override readonly className: string = 'LecunUniform';
  static override readonly preset: PresetSpec = { scale: 1, mode: 'fan_in', distribution: 'uniform', tfjsName: 'LeCunUniform' };
}
/**
 * LeCun normal: truncated normal with σ = √(1 / fan_in) (VarianceScaling(1, 'fan_in', 'truncated_normal'); tfjs' LeCunNormal).
 * @example new keras.initializers.LecunNormal().scale; // → 1
 */
export class LecunNormal extends VarianceScalingPreset {
  static override readonly className: string = 'LecunNormal';
  static override readonly preset: PresetSpec = { scale: 1, mode: 'fan_in', distribution: 'truncated_normal', tfjsName: 'LeCunNormal' };
}

/**
 * Orthogonal's QR costs rows·cols·min(rows, cols) operations; beyond this bound (about a second)
 * the weight is refused, so that a small config cannot ask for hours of work.
 * @example keras.initializers.MAX_ORTHOGONAL_WORK; // → 268435456
 */
export const MAX_ORTHOGONAL_WORK = 2 ** 28;

/**
 * An orthogonal matrix times `gain` (default 1; Keras' Orthogonal): the weight, seen as a matrix
 * of shape [product of all but the last dimension, last dimension], has orthonormal columns
 * (or rows, if it has fewer rows than columns). Made as Keras does: the Q of the QR
 * decomposition of a normal matrix, with R's diagonal made positive. The weight must have rank ≥ 2.
 *
 * @example
 * const q = new keras.initializers.Orthogonal({ seed: 2 }).call([2, 2], 'float64').tolist() as number[][];
 * Math.abs(q[0][0] * q[0][1] + q[1][0] * q[1][1]) < 1e-15; // → true
 * new keras.initializers.Orthogonal().call([3], 'float32'); // throws ValueError
 */
export class Orthogonal extends RandomInitializer {
  static readonly className = 'Orthogonal';
  static readonly fields: readonly Field[] = [field('gain', 'gain', 'number', 1), seedField];
  constructor(args: { gain?: number; seed?: number | null } = {}) { super(args, 'keras.initializers.Orthogonal'); }
  call(shape: readonly number[], dtype: FloatDType): NDArray {
    const op = 'keras.initializers.Orthogonal';
    if (shape.length < 2) throw new ValueError(op, `the weight has shape ${formatShape(shape)}; expected at least two dimensions`);
    const rows = shape.slice(0, -1).reduce((a, d) => a * d, 1);
    const cols = shape[shape.length - 1];
    const n = Math.max(rows, cols), m = Math.min(rows, cols);
    if (n * m * m > MAX_ORTHOGONAL_WORK) {
      throw new ValueError(op, `the weight has shape ${formatShape(shape)}: its QR decomposition would take ${n * m * m} steps; expected at most ${MAX_ORTHOGONAL_WORK}`);
    }
    const q = orthonormalColumns(this.stream(), n, m);
    const gain = this.values.gain as number;
    const out = new Float64Array(n * m);
    // q has m orthonormal columns of length n; a wide weight (rows < cols) is its transpose.
    for (let j = 0; j < m; j++) {
      const c = q[j];
      for (let i = 0; i < n; i++) {
        if (rows >= cols) out[i * m + j] = gain * c[i];
        else out[j * n + i] = gain * c[i];
      }
    }
    return fromValues(shape, dtype, out, op);
  }
}

/**
 * The Q factor (n×m, n ≥ m) of the Householder QR of a normal n×m matrix drawn row-major from
 * `stream`, with its columns' signs chosen so that R's diagonal is positive (the unique Q of a
 * full-rank matrix). Returned as m columns of length n, kept contiguous because every step works
 * along them. The columns are the only n×m scratch: the matrix is drawn into them, each
 * Householder vector overwrites its own column, and each column of Q replaces its vector once no
 * later column needs it (a 2^26-element weight thus needs 512 MiB here, not 2.5 GiB).
 */
function orthonormalColumns(stream: random.Generator, n: number, m: number): Float64Array[] {
  const store = new Float64Array(n * m);
  const cols = Array.from({ length: m }, (_, j) => store.subarray(j * n, (j + 1) * n));
  // Drawn in blocks of an even number of values: the same sequence as one normals(n * m) call.
  const blockRows = 2 * Math.max(1, Math.floor(32768 / m));
  for (let i0 = 0; i0 < n; i0 += blockRows) {
    const rowsHere = Math.min(blockRows, n - i0);
    const block = stream.normals(rowsHere * m);
    for (let i = 0; i < rowsHere; i++) for (let j = 0; j < m; j++) cols[j][i0 + i] = block[i * m + j];
  }
  const vvs: number[] = [];
  const signs: number[] = [];
  // Applies the reflection I − 2vvᵀ/(vᵀv) to column c, v being column k's rows k..n−1.
  const reflect = (c: Float64Array, k: number) => {
    const v = cols[k], vv = vvs[k];
    let dot = 0;
    for (let i = k; i < n; i++) dot += v[i] * c[i];
    const f = (2 * dot) / vv;
    for (let i = k; i < n; i++) c[i] -= f * v[i];
  };
  for (let k = 0; k < m; k++) {
    const x = cols[k];
    let norm = 0;
    for (let i = k; i < n; i++) norm = Math.hypot(norm, x[i]);
    // R[k][k] = alpha; reflecting onto −sign(x_k)·‖x‖ avoids cancellation.
    const alpha = x[k] >= 0 ? -norm : norm;
    x[k] -= alpha; // x[k..] is now the Householder vector v_k
    let vv = 0;
    for (let i = k; i < n; i++) vv += x[i] * x[i];
    vvs.push(vv);
    signs.push(alpha > 0 ? 1 : alpha < 0 ? -1 : 0);
    if (vv !== 0) for (let j = k + 1; j < m; j++) reflect(cols[j], k);
  }
  // Q = H_0 ⋯ H_{m−1} applied to the first m columns of the identity, R's signs folded in. Column
  // j needs v_0..v_j, so the last column is made first and each replaces its own vector.
  const q = new Float64Array(n);
  for (let j = m - 1; j >= 0; j--) {
    q.fill(0);
    q[j] = 1;
    for (let k = Math.min(j, m - 1); k >= 0; k--) if (vvs[k] !== 0) reflect(q, k);
    if (signs[j] !== 1) for (let i = 0; i < n; i++) q[i] *= signs[j];
    cols[j].set(q);
  }
  return cols;
}

/**
 * The identity matrix times `gain` (default 1; Keras' Identity): the weight must have rank 2;
 * a rectangular weight gets ones on its main diagonal. Keras 3 writes it as 'IdentityInitializer'.
 *
 * @example
 * new keras.initializers.Identity({ gain: 2 }).call([2, 3], 'float32').tolist(); // → [[2, 0, 0], [0, 2, 0]]
 * new keras.initializers.Identity().call([4], 'float32'); // throws ValueError
 */
export class Identity extends Initializer {
  static readonly className = 'Identity';
  static readonly fields: readonly Field[] = [field('gain', 'gain', 'number', 1)];
  constructor(args: { gain?: number } = {}) { super(args, 'keras.initializers.Identity'); }
  call(shape: readonly number[], dtype: FloatDType): NDArray {
    const op = 'keras.initializers.Identity';
    if (shape.length !== 2) throw new ValueError(op, `the weight has shape ${formatShape(shape)}; the identity initializer makes only matrices (rank 2)`);
    const [r, c] = shape;
    const values = new Float64Array(r * c);
    for (let i = 0; i < Math.min(r, c); i++) values[i * c + i] = this.values.gain as number;
    return fromValues(shape, dtype, values, op);
  }
  /** @internal */
  override toJson(format: 'keras3' | 'tfjs'): { className: string; config: Record<string, Json> } {
    return { className: format === 'tfjs' ? 'Identity' : 'IdentityInitializer', config: { gain: this.values.gain } };
  }
}

const INITIALIZER_CLASSES = {
  Zeros, Ones, Constant, RandomUniform, RandomNormal, TruncatedNormal, VarianceScaling,
  GlorotUniform, GlorotNormal, HeUniform, HeNormal, LecunUniform, LecunNormal, Orthogonal, Identity,
};

/** @internal The initializers a config may name, by Keras 3's, Keras 2's and tfjs' names. */
export const INITIALIZER_FAMILY: Family<Initializer> = {
  kind: 'initializer',
  classes: INITIALIZER_CLASSES,
  aliases: {
    // Keras' snake_case names and its short aliases.
    zeros: 'Zeros', zero: 'Zeros', ones: 'Ones', one: 'Ones', constant: 'Constant',
    random_uniform: 'RandomUniform', uniform: 'RandomUniform', random_normal: 'RandomNormal', normal: 'RandomNormal',
    truncated_normal: 'TruncatedNormal', variance_scaling: 'VarianceScaling',
    glorot_uniform: 'GlorotUniform', glorot_normal: 'GlorotNormal', he_uniform: 'HeUniform', he_normal: 'HeNormal',
    lecun_uniform: 'LecunUniform', lecun_normal: 'LecunNormal', orthogonal: 'Orthogonal', identity: 'Identity',
    // Keras 3's other class names.
    OrthogonalInitializer: 'Orthogonal', IdentityInitializer: 'Identity', orthogonal_initializer: 'Orthogonal', identity_initializer: 'Identity',
    // tfjs' class names and in-memory identifiers.
    LeCunUniform: 'LecunUniform', LeCunNormal: 'LecunNormal', leCunUniform: 'LecunUniform', leCunNormal: 'LecunNormal',
    randomUniform: 'RandomUniform', randomNormal: 'RandomNormal', truncatedNormal: 'TruncatedNormal', varianceScaling: 'VarianceScaling',
    glorotUniform: 'GlorotUniform', glorotNormal: 'GlorotNormal', heUniform: 'HeUniform', heNormal: 'HeNormal',
  },
};


/**
 * An initializer from an identifier (Keras' `keras.initializers.get`): an instance as is, or a
 * name in Keras', Keras 2's or tfjs' spelling, or a config in any JSON form (read as untrusted:
 * an unknown class or a bad field is a ConfigError).
 *
 * @example
 * keras.initializers.get('he_normal').className;                                // → 'HeNormal'
 * keras.initializers.get({ className: 'Orthogonal', config: { gain: 2 } }).getConfig(); // → { gain: 2, seed: null }
 * keras.initializers.get('xavier');                                             // throws ConfigError
 */
export function get(identifier: Initializer | string | Record<string, unknown>): Initializer {
  const op = 'keras.initializers.get';
  if (identifier === null || identifier === undefined) throw new ValueError(op, `argument 'identifier' is ${identifier}; expected an initializer, its name or its config`);
  return getConfigObject(op, identifier, INITIALIZER_FAMILY) as Initializer;
}
/**
 * The JSON form of an initializer: Keras 3's `{module, class_name, config, registered_name}`, or
 * with `format: 'tfjs'` the Keras 2 / TensorFlow.js `{class_name, config}`.
 *
 * @example
 * keras.initializers.serialize(new keras.initializers.GlorotUniform({ seed: 1 })); // → { module: 'keras.initializers', class_name: 'GlorotUniform', config: { seed: 1 }, registered_name: null }
 * keras.initializers.serialize(new keras.initializers.LecunNormal(), { format: 'tfjs' }); // → { class_name: 'LeCunNormal', config: { seed: null } }
 */
export function serialize(initializer: Initializer, options: { format?: 'keras3' | 'tfjs' } = {}): Json {
  return writeConfigObject(get(initializer), options.format ?? 'keras3');
}
/**
 * An initializer from its JSON form (text or parsed) or name: `get` for configs.
 *
 * @example
 * keras.initializers.deserialize('{"class_name": "VarianceScaling", "config": {"mode": "fan_avg"}}').getConfig().mode; // → 'fan_avg'
 */
export function deserialize(config: unknown): Initializer {
  return get(parseIfJson(`keras.initializers.deserialize`, config) as Record<string, unknown>);
}
