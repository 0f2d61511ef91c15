/**
 * `keras.initializers`: the initializers a layer config can name.
 *
 * @module
 */
export {
  Initializer, Zeros, Ones, Constant, RandomUniform, RandomNormal, TruncatedNormal, VarianceScaling,
  GlorotUniform, GlorotNormal, HeUniform, HeNormal, LecunUniform, LecunNormal, Orthogonal, Identity,
  computeFans, MAX_ORTHOGONAL_WORK, type FanMode, type Distribution, get, serialize, deserialize,
} from './initializers.js';
