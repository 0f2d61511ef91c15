/**
 * Checks of numeric parameters, shared by `nn` and `keras`: each returns the value or throws a
 * ValueError that names the operation, the argument, what it got and what it expected.
 */
import { ValueError, describe } from './errors.js';

/** A parameter that must be a finite number. */
export function finite(op: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ValueError(op, `argument '${name}' is ${describe(value)}; expected a finite number`);
  }
  return value;
}

/** A parameter that must be a finite number >= 0. */
export function nonNegative(op: string, name: string, value: unknown): number {
  const v = finite(op, name, value);
  if (v < 0) throw new ValueError(op, `argument '${name}' is ${describe(v)}; expected a number >= 0`);
  return v;
}

/** A parameter that must be a finite, non-zero number (celu divides by α). */
export function nonZero(op: string, name: string, value: unknown): number {
  const v = finite(op, name, value);
  if (v === 0) throw new ValueError(op, `argument '${name}' is 0; expected a non-zero finite number`);
  return v;
}
