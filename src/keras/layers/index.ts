/**
 * `keras.layers`: Keras' activation layers over nonlin's engine, with Keras' defaults and JSON.
 * Options are camelCase objects (`new ELU({ alpha: 0.5 })`); JSON is snake_case.
 *
 * @module
 */
export { Layer, LayerWeight, type LayerArgs, type BaseLayerConfig, type CallKwargs, type DTypePolicyName, clearSession } from './layer.js';
export { Activation, type ActivationArgs, type ActivationConfig, type ActivationIdentifier } from './activation.js';
export { ELU, type ELUArgs, type ELUConfig } from './elu.js';
export { LeakyReLU, type LeakyReLUArgs, type LeakyReLUConfig } from './leakyRelu.js';
export { PReLU, type PReLUArgs, type PReLUConfig } from './prelu.js';
export { ReLU, type ReLUArgs, type ReLUConfig } from './relu.js';
export { Softmax, type SoftmaxArgs, type SoftmaxConfig } from './softmax.js';
export { ThresholdedReLU, type ThresholdedReLUArgs, type ThresholdedReLUConfig } from './thresholdedRelu.js';
export { serialize, deserialize, layerClassNames, type LoadOptions, type SerializedLayer, type WireFormat } from './wire.js';
