/**
 * `keras.layers`: Keras' activation layers over nonlin's engine, with Keras' defaults and JSON.
 * Options are camelCase objects (`new ELU({ alpha: 0.5 })`); JSON is snake_case.
 *
 * @module
 */
export { Layer, LayerWeight, type LayerArgs, type BaseLayerConfig, type CallKwargs, type DTypePolicyName, clearSession } from './layer.js';
export { Activation, type ActivationArgs, type ActivationConfig, type ActivationIdentifier } from './activationLayer.js';
export { ELU, type ELUArgs, type ELUConfig } from './eluLayer.js';
export { LeakyReLU, type LeakyReLUArgs, type LeakyReLUConfig } from './leakyReluLayer.js';
export { PReLU, type PReLUArgs, type PReLUConfig } from './preluLayer.js';
export { ReLU, type ReLUArgs, type ReLUConfig } from './reluLayer.js';
export { Softmax, type SoftmaxArgs, type SoftmaxConfig } from './softmaxLayer.js';
export { ThresholdedReLU, type ThresholdedReLUArgs, type ThresholdedReLUConfig } from './thresholdedReluLayer.js';
export { serialize, deserialize, layerClassNames, type LoadOptions, type SerializedLayer, type WireFormat } from './wire.js';
