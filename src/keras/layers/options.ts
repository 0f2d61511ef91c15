/** Checks of layer options given in TypeScript (ValueError naming the option). */
import { ValueError, describe } from '../../core/errors.js';
import { LIMITS } from '../config.js';

export function numberOption(op: string, name: string, value: unknown, fallback: number, min = -Infinity): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
    throw new ValueError(op, `argument '${name}' is ${describe(value)}; expected a finite number${min === 0 ? ' >= 0' : ''}`);
  }
  return value;
}

export function nullableNumberOption(op: string, name: string, value: unknown, fallback: number | null, min = -Infinity): number | null {
  if (value === undefined) return fallback;
  if (value === null) return null;
  return numberOption(op, name, value, 0, min);
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
