/**
 * `keras.constraints`: the constraints a layer config can name.
 *
 * @module
 */
export { Constraint, NonNeg, MaxNorm, MinMaxNorm, UnitNorm, get, serialize, deserialize } from './constraints.js';
