/**
 * The errors the Keras layer adds to the core's typed errors (all are `NonlinError`s).
 */
import { NonlinError, describe, quote } from '../core/errors.js';

/**
 * A serialized config (JSON from a file, a network, a user) is not one nonlin can load: an
 * unknown class or activation, a missing or ill-typed field, an absurd shape, a forbidden key.
 * `path` names the field, e.g. `config.layers[2].config.negative_slope`.
 * @example
 * try {
 *   keras.layers.deserialize({ class_name: 'ELU', config: { alpha: 'x' } });
 * } catch (e) {
 *   (e as keras.ConfigError).path; // → 'config.alpha'
 * }
 */
export class ConfigError extends NonlinError {
  /** The field at fault, as a path into the config (`''` for the whole value). */
  readonly path: string;
  constructor(op: string, path: string, message: string) {
    super(op, path === '' ? message : `field '${path}' ${message}`);
    this.path = path;
  }
}

/**
 * A graph-only property (`input`, `output`, `inputShape`, `getInputAt(0)`, ...) was read on a
 * layer that has never been connected in a functional graph: nonlin runs eagerly, so a layer
 * has no inbound node. Keras raises Python's AttributeError here, with the same wording.
 * @example new keras.layers.ELU().input; // throws AttributeError
 */
export class AttributeError extends NonlinError {}

/** `field 'x' is 3; expected ...` style helper for ConfigErrors. */
export function configError(op: string, path: string, value: unknown, expected: string): ConfigError {
  return new ConfigError(op, path, `is ${describeJson(value)}; expected ${expected}`);
}

/** How a JSON value is shown in a ConfigError: short, and never the whole document. */
export function describeJson(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return value.length > 8 ? `a list of ${value.length} items` : describe(value.map((v) => (typeof v === 'object' && v !== null ? '…' : v)));
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'object') return 'an object';
  return describe(value);
}
