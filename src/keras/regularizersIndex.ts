/**
 * `keras.regularizers`: the regularizers a layer config can name.
 *
 * @module
 */
export { Regularizer, L1, L2, L1L2, OrthogonalRegularizer, get, serialize, deserialize } from './regularizers.js';
