/**
 * `keras.constraints`: the constraints a layer config can name.
 *
 * @module
 */
export { Constraint, NonNeg, MaxNorm, MinMaxNorm, UnitNorm } from './constraints.js';
