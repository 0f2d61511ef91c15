import type { NDArray } from '../../core/array.js';
import * as activations from '../activations/index.js';
import { ConfigError } from '../errors.js';
import type { Json, Reader } from '../config.js';
import { LAYER_DEFAULTS } from '../defaults.js';
import { type BaseLayerConfig, Layer, type LayerArgs } from './layer.js';
import { numberOption } from './options.js';
import { type KeyStyle, type WireFormat, fromConfigOf, key } from './layerConfig.js';

/**
 * Options of the ELU layer: `alpha` (default 1) and the base layer options.
 * @example new keras.layers.ELU({ alpha: 0.5 }).apply(array([-1, 2])).tolist(); // → [-0.316060, 2]
 */
export interface ELUArgs extends LayerArgs {
  /** Scale of the negative part, α in α·(eˣ − 1); any finite value (tfjs supports only 1). */
  alpha?: number;
}
/**
 * The ELU layer's config: the base fields and `alpha`.
 * @example new keras.layers.ELU({ alpha: 0.5 }).getConfig().alpha; // → 0.5
 */
export interface ELUConfig extends BaseLayerConfig { alpha: number }

/**
 * Exponential Linear Unit layer, `x > 0 ? x : α·(eˣ − 1)` (Keras' ELU, default α = 1).
 * @example new keras.layers.ELU({ alpha: 0.5 }).apply(x)
 */
export class ELU extends Layer {
  static override readonly className = 'ELU';
  static readonly fields = [{ ts: 'alpha', json: 'alpha' }] as const;
  readonly alpha: number;
  constructor(args: ELUArgs = {}) {
    super(args);
    this.alpha = numberOption('keras.layers.ELU', 'alpha', args.alpha, LAYER_DEFAULTS.ELU.alpha);
  }
  call(inputs: NDArray): NDArray { return activations.elu(inputs, this.alpha); }
  override getConfig(): ELUConfig { return { ...super.getConfig(), alpha: this.alpha }; }
  static fromConfig(config: ELUConfig): ELU { return fromConfigOf(ELU, config); }

  /** @internal */
  static readOwn(r: Reader, style: KeyStyle): Omit<ELUArgs, keyof LayerArgs> {
    const a = r.get(key(ELU.fields[0], style));
    return { alpha: a.value === undefined ? undefined : a.number() };
  }
  /** @internal */
  writeOwn(format: WireFormat): Record<string, Json> {
    if (format === 'tfjs' && this.alpha !== 1) {
      throw new ConfigError('keras.layers.serialize', `${this.name}.config.alpha`, `is ${this.alpha}; TensorFlow.js' ELU supports only alpha = 1`);
    }
    return { alpha: this.alpha };
  }
}
