import type { NDArray } from '../../core/array.js';
import * as activations from '../activations/index.js';
import { ConfigError } from '../errors.js';
import type { Json, Reader } from '../config.js';
import { LAYER_DEFAULTS } from '../defaults.js';
import { type BaseLayerConfig, Layer, type LayerArgs } from './layer.js';
import { nullableNumberOption, numberOption } from './options.js';
import { type KeyStyle, type WireFormat, fromConfigOf, key } from './layerConfig.js';

/**
 * Options of the ReLU layer: `maxValue` (default null, no cap), `negativeSlope` (0) and `threshold`
 * (0), and the base layer options.
 * @example new keras.layers.ReLU({ maxValue: 6, negativeSlope: 0.1 }).apply(array([-1, 8])).tolist(); // → [-0.1, 6]
 */
export interface ReLUArgs extends LayerArgs {
  /** Cap M ≥ 0, or null for none (default null). */
  maxValue?: number | null;
  /** Slope below the threshold, ≥ 0 (default 0). */
  negativeSlope?: number;
  /** Threshold θ ≥ 0 (default 0). */
  threshold?: number;
}
/**
 * The ReLU layer's config: the base fields, `maxValue`, `negativeSlope` and `threshold`.
 * @example new keras.layers.ReLU({ maxValue: 6 }).getConfig().maxValue; // → 6
 */
export interface ReLUConfig extends BaseLayerConfig { maxValue: number | null; negativeSlope: number; threshold: number }

/**
 * ReLU layer with Keras' options: `min(x, M)` above the threshold θ, `s·(x − θ)` below
 * (Keras' ReLU; negative values of the options are rejected, as Keras does).
 * @example new keras.layers.ReLU({ maxValue: 6 }).apply(x)
 */
export class ReLU extends Layer {
  static override readonly className = 'ReLU';
  static readonly fields = [
    { ts: 'maxValue', json: 'max_value' }, { ts: 'negativeSlope', json: 'negative_slope' }, { ts: 'threshold', json: 'threshold' },
  ] as const;
  readonly maxValue: number | null;
  readonly negativeSlope: number;
  readonly threshold: number;
  constructor(args: ReLUArgs = {}) {
    super(args);
    const op = 'keras.layers.ReLU';
    const d = LAYER_DEFAULTS.ReLU;
    this.maxValue = nullableNumberOption(op, 'maxValue', args.maxValue, d.maxValue, true);
    this.negativeSlope = numberOption(op, 'negativeSlope', args.negativeSlope, d.negativeSlope, true);
    this.threshold = numberOption(op, 'threshold', args.threshold, d.threshold, true);
  }
  call(inputs: NDArray): NDArray { return activations.relu(inputs, this.negativeSlope, this.maxValue, this.threshold); }
  override getConfig(): ReLUConfig {
    return { ...super.getConfig(), maxValue: this.maxValue, negativeSlope: this.negativeSlope, threshold: this.threshold };
  }
  static fromConfig(config: ReLUConfig): ReLU { return fromConfigOf(ReLU, config); }

  /** @internal */
  static readOwn(r: Reader, style: KeyStyle): Omit<ReLUArgs, keyof LayerArgs> {
    const [m, s, t] = ReLU.fields.map((f) => r.get(key(f, style)));
    return {
      maxValue: m.value === undefined ? undefined : m.value === null ? null : m.number(),
      negativeSlope: s.value === undefined || s.value === null ? undefined : s.number(),
      threshold: t.value === undefined || t.value === null ? undefined : t.number(),
    };
  }
  /** @internal tfjs' ReLU has only max_value: a slope or threshold would be silently dropped there. */
  writeOwn(format: WireFormat): Record<string, Json> {
    if (format === 'tfjs') {
      if (this.negativeSlope !== 0 || this.threshold !== 0) {
        throw new ConfigError('keras.layers.serialize', `${this.name}.config`, `has negative_slope ${this.negativeSlope} and threshold ${this.threshold}; TensorFlow.js' ReLU supports only max_value (both must be 0)`);
      }
      return { max_value: this.maxValue };
    }
    return { max_value: this.maxValue, negative_slope: this.negativeSlope, threshold: this.threshold };
  }
}
