import type { NDArray } from '../../core/array.js';
import { isFloat } from '../../core/dtype.js';
import { ValueError } from '../../core/errors.js';
import { formatShape } from '../../core/shape.js';
import { greater, where } from '../../ops/index.js';
import { toArray } from '../../ops/operand.js';
import * as activations from '../activations/index.js';
import type { Json, Reader } from '../config.js';
import { LAYER_DEFAULTS, MASK_FILL } from '../defaults.js';
import { type BaseLayerConfig, type CallKwargs, Layer, type LayerArgs } from './layer.js';
import { axesOption } from './options.js';
import { type KeyStyle, fromConfigOf, key } from './layerConfig.js';

/**
 * Options of the Softmax layer: `axis` (default −1, or a list of axes) and the base layer options.
 * @example new keras.layers.Softmax({ axis: 0 }).apply(array([[0, 1], [0, 1]])).tolist(); // → [[0.5, 0.5], [0.5, 0.5]]
 */
export interface SoftmaxArgs extends LayerArgs {
  /** The axis, or a list of axes normalized together (default −1). */
  axis?: number | readonly number[];
}
/**
 * The Softmax layer's config: the base fields and `axis`.
 * @example new keras.layers.Softmax().getConfig().axis; // → -1
 */
export interface SoftmaxConfig extends BaseLayerConfig { axis: number | number[] }

/**
 * Softmax layer along an axis or several (Keras' Softmax, default axis −1), with Keras 3's mask:
 * `apply(x, { mask })` keeps the positions where the mask is true (or > 0.5 for a numeric mask;
 * it must broadcast to x's shape, which the output always has), puts −1e9 (−3e4 in float16) at
 * the others before the softmax, and sets them to 0 after, so a fully masked lane is all zeros instead of uniform.
 * @example new keras.layers.Softmax().apply(scores, { mask })
 */
export class Softmax extends Layer {
  static override readonly className = 'Softmax';
  static readonly fields = [{ ts: 'axis', json: 'axis' }] as const;
  readonly axis: number | number[];
  constructor(args: SoftmaxArgs = {}) {
    super(args);
    this.axis = axesOption('keras.layers.Softmax', 'axis', args.axis, LAYER_DEFAULTS.Softmax.axis);
  }
  call(inputs: NDArray, kwargs: CallKwargs = {}): NDArray {
    const mask = kwargs.mask;
    if (mask === null || mask === undefined) return activations.softmax(inputs, this.axis);
    const op = `${this.name}.call`;
    const m = toArray(op, 'mask', mask);
    // As Keras ≥ 3.14: the mask broadcasts to the input, never the input to the mask, so the
    // output always has the input's shape.
    const extra = m.ndim - inputs.ndim;
    if (extra > 0 || m.shape.some((d, i) => d !== 1 && d !== inputs.shape[i - extra])) {
      throw new ValueError(op, `argument 'mask' has shape ${formatShape(m.shape)}; expected a shape that broadcasts to the inputs' ${formatShape(inputs.shape)} (each dimension 1 or equal to the input's, no more dimensions than the input)`);
    }
    if (!isFloat(inputs.dtype)) throw new ValueError(op, `argument 'inputs' has dtype ${inputs.dtype}; expected a float dtype with a mask`);
    const keep = m.dtype === 'bool' ? m : greater(m, 0.5);
    const fill = inputs.dtype === 'float16' ? MASK_FILL.float16 : MASK_FILL.other;
    const y = activations.softmax(where(keep, inputs, fill), this.axis);
    return where(keep, y, 0);
  }
  override getConfig(): SoftmaxConfig { return { ...super.getConfig(), axis: typeof this.axis === 'number' ? this.axis : [...this.axis] }; }
  static fromConfig(config: SoftmaxConfig): Softmax { return fromConfigOf(Softmax, config); }

  /** @internal */
  static readOwn(r: Reader, style: KeyStyle): Omit<SoftmaxArgs, keyof LayerArgs> {
    const a = r.get(key(Softmax.fields[0], style));
    return { axis: a.value === undefined ? undefined : a.axes() };
  }
  /** @internal */
  writeOwn(): Record<string, Json> { return { axis: typeof this.axis === 'number' ? this.axis : [...this.axis] }; }
}
