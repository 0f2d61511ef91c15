import type { NDArray } from '../../core/array.js';
import { ValueError, describe } from '../../core/errors.js';
import * as activations from '../activations/index.js';
import type { Json, Reader } from '../config.js';
import { type BaseLayerConfig, Layer, type LayerArgs } from './layer.js';
import { type KeyStyle, type WireFormat, fromConfigOf, key } from './layerConfig.js';

/**
 * What `activations.get` accepts: a name, a function, a serialized config, or null (linear).
 *
 * @example
 * new keras.layers.Activation('swish').apply(array([1])).tolist();         // → [0.731059]
 * new keras.layers.Activation(null).apply(array([1])).tolist();            // → [1]
 * new keras.layers.Activation((x: Operand) => square(x)).apply(array([3])).tolist(); // → [9]
 */
export type ActivationIdentifier = string | activations.ActivationFunction | Record<string, unknown> | null;

/**
 * Options of the Activation layer: the activation (required) and the base layer options.
 * @example new keras.layers.Activation({ activation: 'relu', name: 'act' }).name; // → 'act'
 */
export interface ActivationArgs extends LayerArgs {
  activation: ActivationIdentifier;
}
/**
 * The Activation layer's config: the base fields and the activation.
 * @example new keras.layers.Activation('gelu').getConfig().activation; // → 'gelu'
 */
export interface ActivationConfig extends BaseLayerConfig {
  /** The activation's name (or its serialized form); a user function is kept as is. */
  activation: unknown;
}

/**
 * Applies an activation function (Keras' Activation layer).
 * @example new keras.layers.Activation('gelu').apply(x); new keras.layers.Activation({ activation: 'relu', name: 'act' })
 */
export class Activation extends Layer {
  static override readonly className = 'Activation';
  static readonly fields = [{ ts: 'activation', json: 'activation' }] as const;
  readonly activation: activations.ActivationFunction;
  constructor(args: ActivationArgs | ActivationIdentifier) {
    const isArgs = typeof args === 'object' && args !== null && Object.hasOwn(args, 'activation') && !Object.hasOwn(args, 'class_name') && !Object.hasOwn(args, 'className');
    const options = (isArgs ? args : { activation: args }) as ActivationArgs;
    super(options);
    if (options.activation === undefined) {
      throw new ValueError('keras.layers.Activation', `argument 'activation' is ${describe(options.activation)}; expected a name, a function or a serialized activation`);
    }
    this.activation = activations.get(options.activation);
    // As when read from a config: an activation whose parameters have no default must come with them.
    const missing = activations.missingParams(this.activation);
    if (missing.length > 0) {
      throw new ValueError('keras.layers.Activation', `argument 'activation' is ${describe(options.activation)}; activation '${activations.nameOf(this.activation)}' needs ${missing.join(' and ')} (Keras gives them no default): pass a serialized activation with them`);
    }
  }
  call(inputs: NDArray): NDArray { return this.activation(inputs); }
  override getConfig(): ActivationConfig {
    const name = activations.nameOf(this.activation);
    return { ...super.getConfig(), activation: name === undefined ? this.activation : activations.serialize(this.activation) };
  }
  static fromConfig(config: ActivationConfig): Activation { return fromConfigOf(Activation, config); }

  /** @internal */
  static readOwn(r: Reader, style: KeyStyle, semantics: activations.NameSemantics): { activation: activations.ActivationFunction } {
    const a = r.require(key(Activation.fields[0], style), 'an activation name or object');
    return { activation: activations.readActivation(a, semantics) };
  }
  /** @internal */
  writeOwn(format: WireFormat): Record<string, Json> {
    return { activation: activations.serialize(this.activation, { format }) as Json };
  }
}
