/**
 * Reading untrusted configs. Everything `deserialize`/`fromConfig` reads goes through a
 * `Reader`, which:
 *   - reads only own data properties (never a getter, never an inherited key), so a crafted
 *     object or `__proto__` key cannot redirect a read;
 *   - never copies an unknown key into an object (unknown keys are errors), and rejects
 *     `__proto__`, `constructor` and `prototype` outright, so nothing reaches a prototype;
 *   - checks every value's type and range, and bounds ranks, dimensions, sizes and lengths;
 *   - reports every problem as one ConfigError that names the field by its path.
 * No value from a config is ever evaluated as code: class and activation names are looked up in
 * fixed registries.
 */
import { quote } from '../core/errors.js';
import { ConfigError, configError, describeJson } from './errors.js';

/**
 * A JSON value.
 *
 * @example
 * const j: keras.Json = keras.layers.serialize(new keras.layers.ELU()).config;
 * JSON.stringify(j).length > 0; // → true
 */
export type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };
/** A JSON object. */
export type JsonObject = { readonly [key: string]: Json };
/**
 * A shape with unknown (batch) dimensions as null, as Keras writes `[null, 4]`.
 *
 * @example
 * const shape: keras.ShapeLike = [null, 4];
 * new keras.Sequential({ layers: [new keras.layers.ReLU()], batchInputShape: shape }).batchInputShape; // → [null, 4]
 */
export type ShapeLike = readonly (number | null)[];

/**
 * Bounds on what a config may ask for; beyond them the config is rejected as absurd.
 *
 * @example
 * keras.LIMITS.maxRank; // → 32
 * keras.layers.deserialize({ class_name: 'ELU', config: { batch_input_shape: new Array(33).fill(1) } }); // throws ConfigError
 */
export const LIMITS = {
  /** Longest JSON text `deserialize` parses (characters). */
  maxJsonLength: 64 * 2 ** 20,
  /**
   * Most values (objects, lists and their items) a JSON text may hold: parsing costs memory per
   * value, ~70 bytes for an empty object, so 64 MiB of `{},` would take 1.4 GiB without it. A
   * Keras 3 model of 100,000 layers has about 2 million.
   */
  maxJsonValues: 2 ** 22,
  /** Highest rank of a shape. */
  maxRank: 32,
  /** Largest single dimension. */
  maxDim: 2 ** 31 - 1,
  /** Most elements a layer weight may have (2^26 float32 values = 256 MiB). */
  maxWeightElements: 2 ** 26,
  /** Longest name. */
  maxNameLength: 1024,
  /** Most layers in a model. */
  maxLayers: 100_000,
  /** Longest list of axes. */
  maxAxes: 32,
  /**
   * Default budget for all the weights one `deserialize` call creates, in bytes (512 MiB); the
   * `maxWeightBytes` option raises or lowers it. Checked on the whole config before anything is
   * allocated.
   */
  maxWeightBytes: 512 * 2 ** 20,
  /** Deepest nesting of a JSON text, and of the free-form JSON a config may carry (compile_config, metadata). */
  maxJsonDepth: 64,
} as const;

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

export class Reader {
  constructor(readonly op: string, readonly value: unknown, readonly path: string) {}

  /** A reader for the top of a config. */
  static root(op: string, value: unknown, path = ''): Reader { return new Reader(op, value, path); }

  private error(expected: string): ConfigError { return configError(this.op, this.path, this.value, expected); }
  fail(message: string): ConfigError { return new ConfigError(this.op, this.path, message); }

  // A key from the config is echoed only as a short identifier or quoted and escaped, so a path
  // never carries raw newlines, escape sequences or megabytes of text.
  private childPath(key: string | number): string {
    if (typeof key === 'number') return `${this.path}[${key}]`;
    if (!/^[A-Za-z_$][\w$]{0,63}$/.test(key)) return `${this.path}[${quote(key)}]`;
    return this.path === '' ? key : `${this.path}.${key}`;
  }

  isNull(): boolean { return this.value === null || this.value === undefined; }
  isObject(): boolean { return isPlainObject(this.value); }
  isArray(): boolean { return Array.isArray(this.value); }
  isString(): boolean { return typeof this.value === 'string'; }

  /** Checks that the value is a plain object whose keys are all in `allowed`. */
  object(allowed?: readonly string[], what = 'an object'): this {
    if (!isPlainObject(this.value)) throw this.error(what);
    for (const key of Object.keys(this.value)) {
      if (FORBIDDEN_KEYS.has(key)) throw new ConfigError(this.op, this.childPath(key), 'is a forbidden key');
      if (allowed !== undefined && !allowed.includes(key)) {
        throw new ConfigError(this.op, this.childPath(key), `is not a known field; expected only ${allowed.map((k) => `'${k}'`).join(', ')}`);
      }
    }
    return this;
  }

  keys(): string[] { this.object(); return Object.keys(this.value as object); }

  /** Whether the object has its own key `key` (the value must be an object). */
  has(key: string): boolean {
    return isPlainObject(this.value) && Object.prototype.hasOwnProperty.call(this.value, key);
  }

  /** The own data property `key` (undefined when absent). Accessors are rejected. */
  get(key: string): Reader {
    if (!isPlainObject(this.value)) throw this.error('an object');
    const path = this.childPath(key);
    if (FORBIDDEN_KEYS.has(key)) throw new ConfigError(this.op, path, 'is a forbidden key');
    const d = Object.getOwnPropertyDescriptor(this.value, key);
    if (d === undefined) return new Reader(this.op, undefined, path);
    if (!('value' in d)) throw new ConfigError(this.op, path, 'is an accessor property; expected a plain value');
    return new Reader(this.op, d.value, path);
  }

  /** The property, which must be present. */
  require(key: string, expected: string): Reader {
    const r = this.get(key);
    if (r.value === undefined) throw new ConfigError(this.op, r.path, `is missing; expected ${expected}`);
    return r;
  }

  number(expected = 'a finite number'): number {
    if (typeof this.value !== 'number' || !Number.isFinite(this.value)) throw this.error(expected);
    return this.value;
  }

  numberOr<T>(fallback: T, expected?: string): number | T { return this.value === undefined ? fallback : this.number(expected); }

  nonNegative(): number {
    const v = this.number('a finite number >= 0');
    if (v < 0) throw this.error('a finite number >= 0');
    return v;
  }

  int(expected = 'an integer'): number {
    if (typeof this.value !== 'number' || !Number.isInteger(this.value) || Math.abs(this.value) > LIMITS.maxDim) throw this.error(expected);
    return this.value;
  }

  bool(): boolean {
    if (typeof this.value !== 'boolean') throw this.error('true or false');
    return this.value;
  }

  string(maxLength: number = LIMITS.maxNameLength, expected = 'a string'): string {
    if (typeof this.value !== 'string') throw this.error(expected);
    if (this.value.length > maxLength) throw this.error(`a string of at most ${maxLength} characters`);
    return this.value;
  }

  /** The items of a list of at most `maxLength` items. */
  array(maxLength: number, what = 'a list'): Reader[] {
    if (!Array.isArray(this.value)) throw this.error(what);
    if (this.value.length > maxLength) throw this.error(`${what} of at most ${maxLength} items`);
    const out: Reader[] = [];
    for (let i = 0; i < this.value.length; i++) {
      const d = Object.getOwnPropertyDescriptor(this.value, i);
      if (d === undefined || !('value' in d)) throw new ConfigError(this.op, this.childPath(i), 'is missing or an accessor; expected a plain value');
      out.push(new Reader(this.op, d.value, this.childPath(i)));
    }
    return out;
  }

  /** A shape: a list of at most LIMITS.maxRank dimensions, each a non-negative integer or null. */
  shape(): (number | null)[] {
    const what = `a shape (a list of at most ${LIMITS.maxRank} non-negative integers or null)`;
    return this.array(LIMITS.maxRank, what).map((d) => {
      if (d.value === null) return null;
      if (typeof d.value !== 'number' || !Number.isInteger(d.value) || d.value < 0 || d.value > LIMITS.maxDim) {
        throw configError(this.op, d.path, d.value, `a dimension: an integer in [0, ${LIMITS.maxDim}] or null`);
      }
      return d.value;
    });
  }

  /** An axis (integer) or a non-empty list of distinct axes. */
  axes(): number | number[] {
    if (Array.isArray(this.value)) {
      const list = this.array(LIMITS.maxAxes, 'a list of axes').map((a) => a.int('an integer axis'));
      if (list.length === 0) throw this.error('an integer axis or a non-empty list of integer axes');
      if (new Set(list).size !== list.length) throw this.error('distinct axes');
      return list;
    }
    return this.int('an integer axis or a list of integer axes');
  }

  /**
   * Checks free-form JSON that is kept or ignored but never interpreted (compile_config, tfjs
   * metadata): plain objects, lists and primitives only, own data properties, no forbidden key,
   * nested at most LIMITS.maxJsonDepth deep (so a cyclic object is refused too).
   */
  inertJson(depth = 0): void {
    const v = this.value;
    if (v === null || typeof v === 'boolean' || typeof v === 'string') return;
    if (typeof v === 'number') { this.number(); return; }
    if (depth >= LIMITS.maxJsonDepth) throw this.fail(`is nested more than ${LIMITS.maxJsonDepth} levels deep; expected plain JSON`);
    if (Array.isArray(v)) {
      for (const item of this.array(Number.MAX_SAFE_INTEGER)) item.inertJson(depth + 1);
      return;
    }
    for (const key of this.object(undefined, 'plain JSON (null, a boolean, a number, a string, a list or an object)').keys()) this.get(key).inertJson(depth + 1);
  }

  describe(): string { return describeJson(this.value); }
}

/**
 * Whether `name` is Keras' module for `pkg` ('layers', 'activations', ...): `keras`,
 * `keras.<pkg>`, or `keras.src.<pkg>` and its submodules; never a name that merely shares a
 * prefix (`keras.src.layers_evil`).
 */
export function isKerasModule(name: string, pkg: string): boolean {
  return name === 'keras' || name === `keras.${pkg}` || name === `keras.src.${pkg}` || name.startsWith(`keras.src.${pkg}.`);
}

/**
 * Parses JSON text with bounds on its length, its number of values and its nesting, checked by a
 * scan before JSON.parse allocates anything; any parse failure is a ConfigError.
 */
export function parseJsonText(op: string, text: string): unknown {
  if (typeof text !== 'string' || text.length > LIMITS.maxJsonLength) {
    throw new ConfigError(op, '', `the JSON text has ${text.length} characters; expected at most ${LIMITS.maxJsonLength}`);
  }
  // Outside strings, every value but the first follows a ',' or opens a container.
  let values = 1, depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) { // a string: skip to its closing quote
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c) i++;
        else if (d === 0x22) break;
      }
    } else if (c === 0x7b || c === 0x5b) {
      values++;
      if (++depth > LIMITS.maxJsonDepth) throw new ConfigError(op, '', `the JSON text is nested more than ${LIMITS.maxJsonDepth} levels deep; expected at most ${LIMITS.maxJsonDepth}`);
    } else if (c === 0x7d || c === 0x5d) depth--;
    else if (c === 0x2c) values++;
    if (values > LIMITS.maxJsonValues) throw new ConfigError(op, '', `the JSON text holds more than ${LIMITS.maxJsonValues} values; expected at most ${LIMITS.maxJsonValues}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new ConfigError(op, '', `the text is not valid JSON (${e instanceof Error ? quote(e.message, 200) : 'parse error'})`);
  }
}

/**
 * Keras' class-name -> default-layer-name conversion (`LeakyReLU` -> `leaky_re_lu`,
 * `PReLU` -> `p_re_lu`, `ELU` -> `elu`).
 */
export function classToLayerName(className: string): string {
  return className
    .replace(/(.)([A-Z][a-z]+)/g, '$1_$2')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase();
}
