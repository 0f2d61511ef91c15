import './methods.js'; // installs the method forms on NDArray
export { exp, expm1, log, log1p, sqrt, tanh, erf, erfc, sigmoid, negative, abs, sign, square, isnan } from './unary.js';
export { add, subtract, multiply, divide, maximum, minimum, logaddexp, greater, greaterEqual, less, lessEqual, equal, notEqual, where, clip } from './binary.js';
export { sum, max, min, mean, logsumexp, type Axes } from './reduce.js';
export { reshape, broadcastTo, expandDims, squeeze, transpose, concatenate, stack, split } from './shape.js';
export type { Operand } from './operand.js';
