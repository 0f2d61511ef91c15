/**
 * `keras`: Keras' names, defaults and JSON over nonlin's engine — a thin layer at the edge.
 *
 * ```ts
 * keras.activations.get('elu')(x, 0.5);
 * const layer = new keras.layers.ELU({ alpha: 0.5 });
 * layer.apply(x); layer.getConfig();
 * keras.layers.deserialize(json);               // Keras 3, Keras 2 or TensorFlow.js JSON
 * keras.layers.serialize(layer, { format: 'tfjs' });
 * ```
 */
export * as activations from './activations/index.js';
export * as layers from './layers/index.js';
export * as initializers from './initializersIndex.js';
export * as regularizers from './regularizersIndex.js';
export * as constraints from './constraintsIndex.js';
export * as models from './modelsIndex.js';
export * as backend from './backendIndex.js';
export { Sequential, type SequentialArgs } from './models.js';
export { ConfigError, AttributeError } from './errors.js';
export { LIMITS, type Json, type ShapeLike } from './config.js';
export { ACTIVATION_PARAMS, LAYER_DEFAULTS, type KerasParam } from './defaults.js';
