/**
 * The initializers, regularizers and constraints a layer weight can name in a config (PReLU's
 * `alpha_initializer`, `alpha_regularizer`, `alpha_constraint`): Keras 3's classes with their
 * config fields, readable from Keras 3, Keras 2 and TensorFlow.js JSON and writable in each.
 * Only these classes are known; anything else is a ConfigError.
 */
import type { NDArray } from '../core/array.js';
import { full } from '../core/create.js';
import type { FloatDType } from '../core/dtype.js';
import { ValueError, describe, quote } from '../core/errors.js';
import * as random from '../core/random.js';
import { abs, add, clip, divide, maximum, multiply, sqrt, square, sum } from '../ops/index.js';
import { ConfigError } from './errors.js';
import { type Json, Reader, isKerasModule } from './config.js';

type FieldKind = 'number' | 'nonNegative' | 'seed' | 'axis';
interface Field { readonly ts: string; readonly json: string; readonly kind: FieldKind; readonly default: number | null }
const field = (ts: string, json: string, kind: FieldKind, dflt: number | null): Field => ({ ts, json, kind, default: dflt });

/** A serializable weight-config object: its class name and numeric fields. */
abstract class ConfigObject {
  /** Keras' class name, e.g. 'Constant'. */
  abstract readonly className: string;
  /** The field values (TypeScript names). */
  readonly values: Readonly<Record<string, number | null>>;
  protected constructor(fields: readonly Field[], args: Record<string, unknown> = {}, op: string) {
    const values: Record<string, number | null> = {};
    for (const f of fields) values[f.ts] = checkField(op, f.ts, f, args[f.ts]);
    this.values = Object.freeze(values);
  }
  /** The config in TypeScript names (as tfjs' getConfig). */
  getConfig(): Record<string, number | null> { return { ...this.values }; }
}

function checkField(op: string, name: string, f: Field, v: unknown): number | null {
  if (v === undefined) return f.default;
  const bad = (expected: string) => new ValueError(op, `argument '${name}' is ${describe(v)}; expected ${expected}`);
  switch (f.kind) {
    case 'seed':
      if (v === null) return null;
      if (typeof v !== 'number' || !Number.isInteger(v)) throw bad('an integer seed or null');
      return v;
    case 'axis':
      if (typeof v !== 'number' || !Number.isInteger(v)) throw bad('an integer axis');
      return v;
    case 'nonNegative':
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw bad('a finite number >= 0');
      return v;
    case 'number':
      if (typeof v !== 'number' || !Number.isFinite(v)) throw bad('a finite number');
      return v;
  }
}

// ---------------------------------------------------------------------------------------------
// Initializers
// ---------------------------------------------------------------------------------------------

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
}

const INITIALIZER_FIELDS = {
  Zeros: [],
  Ones: [],
  Constant: [field('value', 'value', 'number', 0)],
  RandomUniform: [field('minval', 'minval', 'number', -0.05), field('maxval', 'maxval', 'number', 0.05), field('seed', 'seed', 'seed', null)],
  RandomNormal: [field('mean', 'mean', 'number', 0), field('stddev', 'stddev', 'nonNegative', 0.05), field('seed', 'seed', 'seed', null)],
} as const satisfies Record<string, readonly Field[]>;
type InitializerName = keyof typeof INITIALIZER_FIELDS;

/**
 * Initializes to 0 (Keras' Zeros, the PReLU default).
 * @example new keras.initializers.Zeros().call([2], 'float32').tolist(); // → [0, 0]
 */
export class Zeros extends Initializer {
  readonly className = 'Zeros';
  constructor() { super(INITIALIZER_FIELDS.Zeros, {}, 'keras.initializers.Zeros'); }
  call(shape: readonly number[], dtype: FloatDType): NDArray { return full(shape, 0, dtype); }
}
/**
 * Initializes to 1 (Keras' Ones).
 * @example new keras.initializers.Ones().call([2], 'float32').tolist(); // → [1, 1]
 */
export class Ones extends Initializer {
  readonly className = 'Ones';
  constructor() { super(INITIALIZER_FIELDS.Ones, {}, 'keras.initializers.Ones'); }
  call(shape: readonly number[], dtype: FloatDType): NDArray { return full(shape, 1, dtype); }
}
/**
 * Initializes to `value` (default 0; Keras' Constant).
 * @example new keras.initializers.Constant({ value: 0.25 }).call([2], 'float32').tolist(); // → [0.25, 0.25]
 */
export class Constant extends Initializer {
  readonly className = 'Constant';
  constructor(args: { value?: number } = {}) { super(INITIALIZER_FIELDS.Constant, args, 'keras.initializers.Constant'); }
  call(shape: readonly number[], dtype: FloatDType): NDArray { return full(shape, this.values.value as number, dtype); }
}
/**
 * Uniform in [minval, maxval). A seed makes it reproducible here (not Keras' own numbers).
 *
 * @example
 * const u = new keras.initializers.RandomUniform({ minval: -1, maxval: 1, seed: 3 });
 * u.getConfig().maxval; // → 1
 * u.call([3], 'float32').shape; // → [3]
 */
export class RandomUniform extends Initializer {
  readonly className = 'RandomUniform';
  constructor(args: { minval?: number; maxval?: number; seed?: number | null } = {}) {
    super(INITIALIZER_FIELDS.RandomUniform, args, 'keras.initializers.RandomUniform');
    if ((this.values.minval as number) > (this.values.maxval as number)) {
      throw new ValueError('keras.initializers.RandomUniform', `arguments 'minval', 'maxval' are ${this.values.minval}, ${this.values.maxval}; expected minval <= maxval`);
    }
  }
  call(shape: readonly number[], dtype: FloatDType): NDArray {
    if (this.values.seed !== null) random.seed(this.values.seed as number);
    return random.uniform(this.values.minval as number, this.values.maxval as number, shape, dtype);
  }
}
/**
 * Normal(mean, stddev). A seed makes it reproducible here (not Keras' own numbers).
 *
 * @example
 * new keras.initializers.RandomNormal({ stddev: 1 }).getConfig().mean; // → 0
 * new keras.initializers.RandomNormal({ stddev: -1 }); // throws ValueError
 */
export class RandomNormal extends Initializer {
  readonly className = 'RandomNormal';
  constructor(args: { mean?: number; stddev?: number; seed?: number | null } = {}) { super(INITIALIZER_FIELDS.RandomNormal, args, 'keras.initializers.RandomNormal'); }
  call(shape: readonly number[], dtype: FloatDType): NDArray {
    if (this.values.seed !== null) random.seed(this.values.seed as number);
    return random.normal(shape, dtype, this.values.mean as number, this.values.stddev as number);
  }
}

const INITIALIZERS: Record<InitializerName, new (args?: any) => Initializer> = { Zeros, Ones, Constant, RandomUniform, RandomNormal };
const INITIALIZER_ALIASES: Readonly<Record<string, InitializerName>> = {
  zeros: 'Zeros', ones: 'Ones', constant: 'Constant', random_uniform: 'RandomUniform', random_normal: 'RandomNormal',
  // tfjs' in-memory names
  randomUniform: 'RandomUniform', randomNormal: 'RandomNormal',
};

// ---------------------------------------------------------------------------------------------
// Regularizers
// ---------------------------------------------------------------------------------------------

/**
 * A weight regularizer (Keras' `keras.regularizers`): `call(w)` is the penalty added to the loss, a
 * one-element array.
 * @example
 * const reg: keras.regularizers.Regularizer = new keras.regularizers.L2({ l2: 0.5 });
 * reg.call(array([1, -2])).item(); // → 2.5
 */
export abstract class Regularizer extends ConfigObject {
  /** The penalty for weight `w`, a scalar. */
  abstract call(w: NDArray): NDArray;
}
const REGULARIZER_FIELDS = {
  L1: [field('l1', 'l1', 'nonNegative', 0.01)],
  L2: [field('l2', 'l2', 'nonNegative', 0.01)],
  L1L2: [field('l1', 'l1', 'nonNegative', 0), field('l2', 'l2', 'nonNegative', 0)],
} as const satisfies Record<string, readonly Field[]>;
type RegularizerName = keyof typeof REGULARIZER_FIELDS;

/** l1·Σ|w|. @example new keras.regularizers.L1({ l1: 0.5 }).call(array([1, -2])).item(); // → 1.5 */
export class L1 extends Regularizer {
  readonly className = 'L1';
  constructor(args: { l1?: number } = {}) { super(REGULARIZER_FIELDS.L1, args, 'keras.regularizers.L1'); }
  call(w: NDArray): NDArray { return multiply(sum(abs(w)), this.values.l1 as number); }
}
/**
 * l2·Σw².
 *
 * @example
 * new keras.regularizers.L2().getConfig().l2; // → 0.01
 * new keras.regularizers.L2({ l2: 0.5 }).call(array([1, -2])).item(); // → 2.5
 */
export class L2 extends Regularizer {
  readonly className = 'L2';
  constructor(args: { l2?: number } = {}) { super(REGULARIZER_FIELDS.L2, args, 'keras.regularizers.L2'); }
  call(w: NDArray): NDArray { return multiply(sum(square(w)), this.values.l2 as number); }
}
/** l1·Σ|w| + l2·Σw². @example new keras.regularizers.L1L2({ l1: 1, l2: 1 }).call(array([1, -2])).item(); // → 8 */
export class L1L2 extends Regularizer {
  readonly className = 'L1L2';
  constructor(args: { l1?: number; l2?: number } = {}) { super(REGULARIZER_FIELDS.L1L2, args, 'keras.regularizers.L1L2'); }
  call(w: NDArray): NDArray {
    return add(multiply(sum(abs(w)), this.values.l1 as number), multiply(sum(square(w)), this.values.l2 as number));
  }
}
const REGULARIZERS: Record<RegularizerName, new (args?: any) => Regularizer> = { L1, L2, L1L2 };
const REGULARIZER_ALIASES: Readonly<Record<string, RegularizerName>> = { l1: 'L1', l2: 'L2', l1_l2: 'L1L2', l1l2: 'L1L2' };

// ---------------------------------------------------------------------------------------------
// Constraints (applied by an optimizer after each update: `w.assign(constraint.call(w.value))`)
// ---------------------------------------------------------------------------------------------

/**
 * A weight constraint (Keras' `keras.constraints`): `call(w)` returns the constrained weight,
 * applied after each update.
 * @example
 * const c: keras.constraints.Constraint = new keras.constraints.NonNeg();
 * c.call(array([-1, 2])).tolist(); // → [0, 2]
 */
export abstract class Constraint extends ConfigObject {
  abstract call(w: NDArray): NDArray;
}
const CONSTRAINT_FIELDS = {
  NonNeg: [],
  MaxNorm: [field('maxValue', 'max_value', 'nonNegative', 2), field('axis', 'axis', 'axis', 0)],
  MinMaxNorm: [field('minValue', 'min_value', 'nonNegative', 0), field('maxValue', 'max_value', 'nonNegative', 1), field('rate', 'rate', 'nonNegative', 1), field('axis', 'axis', 'axis', 0)],
  UnitNorm: [field('axis', 'axis', 'axis', 0)],
} as const satisfies Record<string, readonly Field[]>;
type ConstraintName = keyof typeof CONSTRAINT_FIELDS;

const EPSILON = 1e-7; // Keras' backend.epsilon()
const norm = (w: NDArray, axis: number) => sqrt(sum(square(w), axis, true));

/** Clips negative weights to 0. @example new keras.constraints.NonNeg().call(array([-1, 2])).tolist(); // → [0, 2] */
export class NonNeg extends Constraint {
  readonly className = 'NonNeg';
  constructor() { super(CONSTRAINT_FIELDS.NonNeg, {}, 'keras.constraints.NonNeg'); }
  call(w: NDArray): NDArray { return maximum(w, 0); }
}
/**
 * Rescales slices along `axis` whose norm exceeds maxValue.
 *
 * @example
 * new keras.constraints.MaxNorm({ maxValue: 1 }).call(array([[3], [4]])).tolist(); // → [[0.6], [0.8]]
 */
export class MaxNorm extends Constraint {
  readonly className = 'MaxNorm';
  constructor(args: { maxValue?: number; axis?: number } = {}) { super(CONSTRAINT_FIELDS.MaxNorm, args, 'keras.constraints.MaxNorm'); }
  call(w: NDArray): NDArray {
    const n = norm(w, this.values.axis as number);
    return multiply(w, divide(clip(n, 0, this.values.maxValue as number), add(n, EPSILON)));
  }
}
/**
 * Keeps slice norms in [minValue, maxValue], moving a fraction `rate` of the way.
 *
 * @example
 * new keras.constraints.MinMaxNorm({ minValue: 1, maxValue: 2 }).call(array([[0.3], [0.4]])).tolist(); // → [[0.6], [0.8]]
 */
export class MinMaxNorm extends Constraint {
  readonly className = 'MinMaxNorm';
  constructor(args: { minValue?: number; maxValue?: number; rate?: number; axis?: number } = {}) { super(CONSTRAINT_FIELDS.MinMaxNorm, args, 'keras.constraints.MinMaxNorm'); }
  call(w: NDArray): NDArray {
    const { minValue, maxValue, rate, axis } = this.values as Record<string, number>;
    const n = norm(w, axis);
    const desired = add(multiply(clip(n, minValue, maxValue), rate), multiply(n, 1 - rate));
    return multiply(w, divide(desired, add(n, EPSILON)));
  }
}
/**
 * Scales slices along `axis` to unit norm.
 *
 * @example
 * new keras.constraints.UnitNorm().call(array([[3], [4]])).tolist(); // → [[0.6], [0.8]]
 */
export class UnitNorm extends Constraint {
  readonly className = 'UnitNorm';
  constructor(args: { axis?: number } = {}) { super(CONSTRAINT_FIELDS.UnitNorm, args, 'keras.constraints.UnitNorm'); }
  call(w: NDArray): NDArray { return divide(w, add(norm(w, this.values.axis as number), EPSILON)); }
}
const CONSTRAINTS: Record<ConstraintName, new (args?: any) => Constraint> = { NonNeg, MaxNorm, MinMaxNorm, UnitNorm };
const CONSTRAINT_ALIASES: Readonly<Record<string, ConstraintName>> = {
  non_neg: 'NonNeg', max_norm: 'MaxNorm', min_max_norm: 'MinMaxNorm', unit_norm: 'UnitNorm',
  nonNeg: 'NonNeg', maxNorm: 'MaxNorm', minMaxNorm: 'MinMaxNorm', unitNorm: 'UnitNorm',
};

// ---------------------------------------------------------------------------------------------
// Reading and writing
// ---------------------------------------------------------------------------------------------

interface Family<T extends ConfigObject> {
  readonly kind: string;
  readonly fields: Readonly<Record<string, readonly Field[]>>;
  readonly classes: Readonly<Record<string, new (args?: any) => T>>;
  readonly aliases: Readonly<Record<string, string>>;
  readonly module: string;
}
export const INITIALIZER_FAMILY: Family<Initializer> = { kind: 'initializer', fields: INITIALIZER_FIELDS, classes: INITIALIZERS, aliases: INITIALIZER_ALIASES, module: 'keras.initializers' };
export const REGULARIZER_FAMILY: Family<Regularizer> = { kind: 'regularizer', fields: REGULARIZER_FIELDS, classes: REGULARIZERS, aliases: REGULARIZER_ALIASES, module: 'keras.regularizers' };
export const CONSTRAINT_FAMILY: Family<Constraint> = { kind: 'constraint', fields: CONSTRAINT_FIELDS, classes: CONSTRAINTS, aliases: CONSTRAINT_ALIASES, module: 'keras.constraints' };

function canonicalClass(family: Family<ConfigObject>, name: string): string | undefined {
  if (Object.hasOwn(family.classes, name)) return name;
  if (Object.hasOwn(family.aliases, name)) return family.aliases[name];
  return undefined;
}

/**
 * Reads a weight-config object from a name ('zeros'), `{module?, class_name, config,
 * registered_name?}` (snake_case fields) or `{className, config}` (camelCase, tfjs in memory).
 * Null gives null (no regularizer/constraint).
 */
export function readConfigObject<T extends ConfigObject>(r: Reader, family: Family<T>): T | null {
  if (r.isNull()) return null;
  const known = Object.keys(family.classes).join(', ');
  const make = (nameReader: Reader, args: Record<string, unknown>): T => {
    const name = nameReader.string(256, `a ${family.kind} name`);
    const canonical = canonicalClass(family as unknown as Family<ConfigObject>, name);
    if (canonical === undefined) throw new ConfigError(r.op, nameReader.path, `is ${quote(name)}: an unknown ${family.kind}; nonlin knows ${known}`);
    try {
      return new family.classes[canonical](args);
    } catch (e) {
      if (e instanceof ValueError) throw new ConfigError(r.op, r.path, e.message);
      throw e;
    }
  };
  if (r.isString()) return make(r, {});
  r.object(['module', 'class_name', 'className', 'config', 'registered_name'], `a ${family.kind} name or object`);
  const camel = !r.has('class_name') && r.has('className');
  const nameR = camel ? r.get('className') : r.require('class_name', `the ${family.kind} class name`);
  const name = nameR.string(256, `a ${family.kind} name`);
  const canonical = canonicalClass(family as unknown as Family<ConfigObject>, name);
  if (canonical === undefined) throw new ConfigError(r.op, nameR.path, `is ${quote(name)}: an unknown ${family.kind}; nonlin knows ${known}`);
  const moduleR = r.get('module');
  if (!moduleR.isNull()) {
    const m = moduleR.string(256, 'a module name');
    if (!isKerasModule(m, family.module.slice('keras.'.length))) throw new ConfigError(r.op, moduleR.path, `is ${quote(m)}; expected '${family.module}'`);
  }
  const regR = r.get('registered_name');
  if (!regR.isNull() && regR.string(256, 'a registered name or null') !== canonical && regR.value !== name) {
    throw new ConfigError(r.op, regR.path, `names a custom registered ${family.kind}; nonlin loads only built-in ones`);
  }
  const fields = family.fields[canonical];
  const cfg = r.get('config');
  const args: Record<string, unknown> = {};
  if (!cfg.isNull()) {
    cfg.object(fields.map((f) => (camel ? f.ts : f.json)), `an object of ${canonical}'s fields`);
    for (const f of fields) {
      const v = cfg.get(camel ? f.ts : f.json);
      if (v.value !== undefined) args[f.ts] = v.value;
    }
  }
  return make(nameR, args);
}

/** The JSON form of a weight-config object (snake_case fields); Keras 3 adds module and registered_name. */
export function writeConfigObject(obj: ConfigObject | null, family: Family<ConfigObject>, format: 'keras3' | 'tfjs'): Json {
  if (obj === null) return null;
  const config: Record<string, Json> = {};
  for (const f of family.fields[obj.className]) config[f.json] = obj.values[f.ts];
  let className = obj.className;
  if (format === 'tfjs' && family === (REGULARIZER_FAMILY as unknown as Family<ConfigObject>)) {
    // tfjs has one regularizer class, L1L2.
    className = 'L1L2';
    config.l1 = obj.values.l1 ?? 0;
    config.l2 = obj.values.l2 ?? 0;
  }
  if (format === 'tfjs') return { class_name: className, config };
  return { module: family.module, class_name: className, config, registered_name: null };
}

/** A weight-config object from a TypeScript option: an instance, a name, or a config object. */
export function toConfigObject<T extends ConfigObject>(op: string, name: string, value: unknown, family: Family<T>): T | null {
  if (value === null || value === undefined) return null;
  if (value instanceof ConfigObject) return value as T;
  return readConfigObject(Reader.root(op, value, name), family);
}
