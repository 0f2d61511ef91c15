import type { NDArray } from '../../core/array.js';
import { ValueError } from '../../core/errors.js';
import * as activations from '../activations/index.js';
import type { Json, Reader } from '../config.js';
import { LAYER_DEFAULTS } from '../defaults.js';
import { type BaseLayerConfig, Layer, type LayerArgs } from './layer.js';
import { numberOption } from './options.js';
import { type KeyStyle, type WireFormat, fromConfigOf, key } from './layerConfig.js';

/**
 * Options of the LeakyReLU layer: `negativeSlope` (default 0.3) or its old name `alpha`, and the
 * base layer options.
 * @example
 * new keras.layers.LeakyReLU().apply(array([-1])).tolist();                // → [-0.3]
 * new keras.layers.LeakyReLU({ alpha: 0.1 }).apply(array([-1])).tolist(); // → [-0.1]
 */
export interface LeakyReLUArgs extends LayerArgs {
  /** Slope below 0, ≥ 0 (default 0.3, Keras' LeakyReLU layer; the leaky_relu function's is 0.2). */
  negativeSlope?: number;
  /** Keras 2 / tfjs' name for negativeSlope (deprecated in Keras 3, still read). */
  alpha?: number;
}
/**
 * The LeakyReLU layer's config: the base fields and `negativeSlope`.
 * @example new keras.layers.LeakyReLU({ alpha: 0.1 }).getConfig().negativeSlope; // → 0.1
 */
export interface LeakyReLUConfig extends BaseLayerConfig { negativeSlope: number }

/**
 * Leaky ReLU layer, `x ≥ 0 ? x : s·x` with s = negativeSlope (Keras' LeakyReLU, default 0.3).
 * @example new keras.layers.LeakyReLU({ negativeSlope: 0.1 }).apply(x)
 */
export class LeakyReLU extends Layer {
  static override readonly className = 'LeakyReLU';
  static readonly fields = [{ ts: 'negativeSlope', json: 'negative_slope' }, { ts: 'alpha', json: 'alpha' }] as const;
  readonly negativeSlope: number;
  constructor(args: LeakyReLUArgs = {}) {
    super(args);
    const op = 'keras.layers.LeakyReLU';
    // As Keras 3: a given `alpha` (the legacy name) takes precedence.
    const slope = args.alpha !== undefined ? numberOption(op, 'alpha', args.alpha, 0) : args.negativeSlope;
    this.negativeSlope = numberOption(op, 'negativeSlope', slope, LAYER_DEFAULTS.LeakyReLU.negativeSlope);
    if (this.negativeSlope < 0) {
      throw new ValueError(op, `argument 'negativeSlope' is ${this.negativeSlope}; the negative_slope of a Leaky ReLU layer cannot be negative (expected a number >= 0)`);
    }
  }
  call(inputs: NDArray): NDArray { return activations.leakyRelu(inputs, this.negativeSlope); }
  override getConfig(): LeakyReLUConfig { return { ...super.getConfig(), negativeSlope: this.negativeSlope }; }
  static fromConfig(config: LeakyReLUConfig): LeakyReLU { return fromConfigOf(LeakyReLU, config); }

  /** @internal */
  static readOwn(r: Reader, style: KeyStyle): Omit<LeakyReLUArgs, keyof LayerArgs> {
    const s = r.get(key(LeakyReLU.fields[0], style));
    const a = r.get(key(LeakyReLU.fields[1], style));
    return { negativeSlope: s.value === undefined ? undefined : s.number(), alpha: a.value === undefined ? undefined : a.number() };
  }
  /** @internal Keras 3 writes negative_slope; Keras 2 and tfjs alpha. */
  writeOwn(format: WireFormat): Record<string, Json> {
    return format === 'tfjs' ? { alpha: this.negativeSlope } : { negative_slope: this.negativeSlope };
  }
}
