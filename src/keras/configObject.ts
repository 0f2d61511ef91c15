/**
 * The serializable objects a layer weight can name in a config (PReLU's `alpha_initializer`,
 * `alpha_regularizer`, `alpha_constraint`): their fields, the checks of each field, and reading
 * and writing them in Keras 3, Keras 2 and TensorFlow.js JSON. The classes themselves are in
 * initializers.ts, regularizers.ts and constraints.ts; only classes listed there load.
 */
import { NonlinError, ValueError, describe, quote } from '../core/errors.js';
import { finite, nonNegative } from '../core/validate.js';
import { ConfigError } from './errors.js';
import { type Json, Reader, isKerasModule, parseJsonText } from './config.js';

/** A field value: numbers, seeds, axes, and the string choices (VarianceScaling's mode, ...). */
export type FieldValue = number | string | null;

type FieldKind = 'number' | 'nonNegative' | 'positive' | 'seed' | 'axis' | 'choice';
/** One config field: its TypeScript and JSON names, its check and default. */
export interface Field {
  readonly ts: string;
  readonly json: string;
  readonly kind: FieldKind;
  readonly default: FieldValue;
  /** For 'choice': the accepted values, and other spellings mapped onto them (tfjs' camelCase). */
  readonly choices?: readonly string[];
  readonly aliases?: Readonly<Record<string, string>>;
}
export const field = (ts: string, json: string, kind: FieldKind, dflt: FieldValue, choices?: readonly string[], aliases?: Readonly<Record<string, string>>): Field =>
  ({ ts, json, kind, default: dflt, choices, aliases });

function checkField(op: string, f: Field, v: unknown): FieldValue {
  if (v === undefined) return f.default;
  const name = f.ts;
  const bad = (expected: string) => new ValueError(op, `argument '${name}' is ${describe(v)}; expected ${expected}`);
  switch (f.kind) {
    case 'seed':
      if (v === null) return null;
      if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw bad('an integer seed or null');
      return v;
    case 'axis':
      if (typeof v !== 'number' || !Number.isInteger(v)) throw bad('an integer axis');
      return v;
    case 'nonNegative':
      return nonNegative(op, name, v);
    case 'positive': {
      const x = finite(op, name, v);
      if (!(x > 0)) throw bad('a number > 0');
      return x;
    }
    case 'number':
      return finite(op, name, v);
    case 'choice': {
      const choices = f.choices ?? [];
      const s = typeof v === 'string' ? (f.aliases?.[v] ?? v) : v;
      if (typeof s !== 'string' || !choices.includes(s)) throw bad(`one of ${choices.map((c) => `'${c}'`).join(', ')}`);
      return s;
    }
  }
}

/** How a class of weight-config objects is described to the reader (the static side). */
export interface ConfigClass<T> {
  new (args?: any): T;
  readonly className: string;
  readonly fields: readonly Field[];
}

/** A serializable weight-config object: its class name and fields. */
export abstract class ConfigObject {
  /** The field values (TypeScript names). */
  readonly values: Readonly<Record<string, FieldValue>>;
  protected constructor(args: Record<string, unknown> = {}, op: string) {
    const fields = this.classFields();
    if (typeof args !== 'object' || args === null || Array.isArray(args)) {
      throw new ValueError(op, `argument 'args' is ${describe(args)}; expected an object of options`);
    }
    for (const key of Object.keys(args)) {
      if (!fields.some((f) => f.ts === key)) {
        throw new ValueError(op, `unknown option ${quote(key)}; expected ${fields.length === 0 ? 'none' : `one of ${fields.map((f) => `'${f.ts}'`).join(', ')}`}`);
      }
    }
    const values: Record<string, FieldValue> = {};
    for (const f of fields) values[f.ts] = checkField(op, f, Object.hasOwn(args, f.ts) ? args[f.ts] : undefined);
    this.values = Object.freeze(values);
  }
  /** Keras' class name, e.g. 'Constant'. */
  get className(): string { return (this.constructor as unknown as ConfigClass<ConfigObject>).className; }
  private classFields(): readonly Field[] { return (this.constructor as unknown as ConfigClass<ConfigObject>).fields; }
  /** The config in TypeScript names (as tfjs' getConfig). */
  getConfig(): Record<string, FieldValue> { return { ...this.values }; }

  /** @internal The Keras module written in Keras 3 JSON. */
  abstract get module(): string;
  /** @internal The class name and snake_case config written in `format`; a ConfigError where tfjs has no equivalent. */
  toJson(format: 'keras3' | 'tfjs'): { className: string; config: Record<string, Json> } {
    const config: Record<string, Json> = {};
    for (const f of this.classFields()) config[f.json] = this.values[f.ts];
    return { className: this.className, config };
  }
}

/** The classes of one kind (initializers, regularizers or constraints) a config may name. */
export interface Family<T extends ConfigObject> {
  readonly kind: string;
  readonly classes: Readonly<Record<string, ConfigClass<T>>>;
  /** Other names of the classes: Keras' snake_case names, tfjs' camelCase ones, old class names. */
  readonly aliases: Readonly<Record<string, string>>;
}

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
  const fam = family as unknown as Family<ConfigObject>;
  const known = Object.keys(family.classes).join(', ');
  const lookup = (nameR: Reader): string => {
    const name = nameR.string(256, `a ${family.kind} name`);
    const canonical = canonicalClass(fam, name);
    if (canonical === undefined) throw new ConfigError(r.op, nameR.path, `is ${quote(name)}: an unknown ${family.kind}; nonlin knows ${known}`);
    return canonical;
  };
  const make = (canonical: string, args: Record<string, unknown>): T => {
    try {
      return new family.classes[canonical](args);
    } catch (e) {
      if (e instanceof ValueError) throw new ConfigError(r.op, r.path, e.message);
      throw e;
    }
  };
  if (r.isString()) return make(lookup(r), {});
  r.object(['module', 'class_name', 'className', 'config', 'registered_name'], `a ${family.kind} name or object`);
  const camel = !r.has('class_name') && r.has('className');
  const nameR = camel ? r.get('className') : r.require('class_name', `the ${family.kind} class name`);
  const canonical = lookup(nameR);
  const moduleR = r.get('module');
  if (!moduleR.isNull()) {
    const m = moduleR.string(256, 'a module name');
    const pkg = `${family.kind}s`;
    if (!isKerasModule(m, pkg)) throw new ConfigError(r.op, moduleR.path, `is ${quote(m)}; expected 'keras.${pkg}'`);
  }
  const regR = r.get('registered_name');
  if (!regR.isNull() && regR.string(256, 'a registered name or null') !== canonical && regR.value !== nameR.value) {
    throw new ConfigError(r.op, regR.path, `names a custom registered ${family.kind}; nonlin loads only built-in ones`);
  }
  const fields = family.classes[canonical].fields;
  const cfg = r.get('config');
  const args: Record<string, unknown> = {};
  if (!cfg.isNull()) {
    cfg.object(fields.map((f) => (camel ? f.ts : f.json)), `an object of ${canonical}'s fields`);
    for (const f of fields) {
      const v = cfg.get(camel ? f.ts : f.json);
      if (v.value !== undefined) args[f.ts] = v.value;
    }
  }
  return make(canonical, args);
}

/** The JSON form of a weight-config object (snake_case fields); Keras 3 adds module and registered_name. */
export function writeConfigObject(obj: ConfigObject | null, format: 'keras3' | 'tfjs'): Json {
  if (obj === null) return null;
  const { className, config } = obj.toJson(format);
  if (format === 'tfjs') return { class_name: className, config };
  return { module: obj.module, class_name: className, config, registered_name: null };
}

/** A weight-config object from a TypeScript option: an instance, a name, or a config object. */
export function toConfigObject<T extends ConfigObject>(op: string, name: string, value: unknown, family: Family<T>): T | null {
  if (value === null || value === undefined) return null;
  if (value instanceof ConfigObject) {
    if (Object.values(family.classes).some((c) => value instanceof c)) return value as T;
    throw new ValueError(op, `argument '${name}' is a ${value.className}; expected one of keras.${family.kind}s, or its name or config`);
  }
  return readConfigObject(Reader.root(op, value, name), family);
}

/**
 * Keras' `get` / `deserialize` of a family: null gives null, an instance of the family is
 * returned as is, a name or a config (any of the JSON forms) is read as untrusted input. Anything
 * thrown while reading that is not a NonlinError (a hostile object's trap) becomes a ConfigError.
 */
export function getConfigObject<T extends ConfigObject>(op: string, identifier: unknown, family: Family<T>): T | null {
  try {
    return toConfigObject(op, 'identifier', identifier, family);
  } catch (e) {
    if (e instanceof NonlinError) throw e;
    throw new ConfigError(op, '', `the config could not be read (${quote(e instanceof Error ? e.message : String(e), 200)})`);
  }
}

/** JSON text (a string starting with '{') parsed with the config reader's size bound; anything else as is. */
export function parseIfJson(op: string, config: unknown): unknown {
  return typeof config === 'string' && config.trimStart().startsWith('{') ? parseJsonText(op, config) : config;
}
