import type { NDArray } from '../../core/array.js';
import * as activations from '../activations/index.js';
import type { Json, Reader } from '../config.js';
import { LAYER_DEFAULTS } from '../defaults.js';
import { type BaseLayerConfig, Layer, type LayerArgs } from './layer.js';
import { numberOption } from './options.js';
import { type KeyStyle, fromConfigOf, key } from './layerConfig.js';

/**
 * Options of the ThresholdedReLU layer: `theta` (default 1) and the base layer options.
 * @example new keras.layers.ThresholdedReLU({ theta: 0.5 }).apply(array([0.5, 1])).tolist(); // → [0, 1]
 */
export interface ThresholdedReLUArgs extends LayerArgs {
  /** The threshold θ ≥ 0 (default 1). */
  theta?: number;
}
/**
 * The ThresholdedReLU layer's config: the base fields and `theta`.
 * @example new keras.layers.ThresholdedReLU().getConfig().theta; // → 1
 */
export interface ThresholdedReLUConfig extends BaseLayerConfig { theta: number }

/**
 * Thresholded ReLU layer, `x > θ ? x : 0` (Keras 2 and TensorFlow.js; Keras 3 dropped the layer
 * for `activations.threshold(x, θ, 0)`, which this computes). Zeros are +0 (tfjs' x·(x > θ)
 * gives −0 for negative x).
 * @example new keras.layers.ThresholdedReLU({ theta: 0.5 }).apply(x)
 */
export class ThresholdedReLU extends Layer {
  static override readonly className = 'ThresholdedReLU';
  static readonly fields = [{ ts: 'theta', json: 'theta' }] as const;
  readonly theta: number;
  constructor(args: ThresholdedReLUArgs = {}) {
    super(args);
    this.theta = numberOption('keras.layers.ThresholdedReLU', 'theta', args.theta, LAYER_DEFAULTS.ThresholdedReLU.theta, true);
  }
  call(inputs: NDArray): NDArray { return activations.threshold(inputs, this.theta, 0); }
  override getConfig(): ThresholdedReLUConfig { return { ...super.getConfig(), theta: this.theta }; }
  static fromConfig(config: ThresholdedReLUConfig): ThresholdedReLU { return fromConfigOf(ThresholdedReLU, config); }

  /** @internal */
  static readOwn(r: Reader, style: KeyStyle): Omit<ThresholdedReLUArgs, keyof LayerArgs> {
    const t = r.get(key(ThresholdedReLU.fields[0], style));
    return { theta: t.value === undefined ? undefined : t.number() };
  }
  /** @internal */
  writeOwn(): Record<string, Json> { return { theta: this.theta }; }
}
