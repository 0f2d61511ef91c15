/** Checks of layer options given in TypeScript (ValueError naming the option). */
import { ValueError, describe } from '../../core/errors.js';
import { finite, nonNegative } from '../../core/validate.js';
import { LIMITS } from '../config.js';

/** A number option (undefined gives the default): finite, or with `atLeastZero` also >= 0. */
export function numberOption(op: string, name: string, value: unknown, fallback: number, atLeastZero = false): number {
  if (value === undefined) return fallback;
  return atLeastZero ? nonNegative(op, name, value) : finite(op, name, value);
}

export function nullableNumberOption(op: string, name: string, value: unknown, fallback: number | null, atLeastZero = false): number | null {
  if (value === undefined) return fallback;
  if (value === null) return null;
  return numberOption(op, name, value, 0, atLeastZero);
}

export function axesOption(op: string, name: string, value: unknown, fallback: number | readonly number[]): number | number[] {
  if (value === undefined) return typeof fallback === 'number' ? fallback : [...fallback];
  // A layer's input has at most LIMITS.maxRank axes, so an axis outside [-maxRank, maxRank) can never apply.
  const isAxis = (a: unknown) => typeof a === 'number' && Number.isInteger(a) && a >= -LIMITS.maxRank && a < LIMITS.maxRank;
  if (isAxis(value)) return value as number;
  if (Array.isArray(value) && value.length > 0 && value.length <= LIMITS.maxAxes && Object.keys(value).length === value.length &&
      value.every(isAxis) && new Set(value).size === value.length) {
    return [...value] as number[];
  }
  throw new ValueError(op, `argument '${name}' is ${describe(value)}; expected an integer axis in [${-LIMITS.maxRank}, ${LIMITS.maxRank - 1}] or a non-empty list of distinct such axes`);
}
