import { type NDArray, castArray } from '../../core/array.js';
import { ITEMSIZE } from '../../core/dtype.js';
import { ValueError, describe } from '../../core/errors.js';
import { formatShape, sizeOf } from '../../core/shape.js';
import { prelu } from '../../nn/activations/prelu.js';
import { LIMITS, type Json, type Reader, type ShapeLike } from '../config.js';
import { LAYER_DEFAULTS } from '../defaults.js';
import { type FieldValue, readConfigObject, toConfigObject, writeConfigObject } from '../configObject.js';
import { CONSTRAINT_FAMILY, type Constraint } from '../constraints.js';
import { INITIALIZER_FAMILY, type Initializer } from '../initializers.js';
import { REGULARIZER_FAMILY, type Regularizer } from '../regularizers.js';
import { type BaseLayerConfig, Layer, type LayerArgs, type LayerWeight, checkShapeLike } from './layer.js';
import { type KeyStyle, type WireFormat, fromConfigOf, key } from './layerConfig.js';

/**
 * Options of the PReLU layer: α's initializer (default zeros), regularizer, constraint and shared
 * axes, and the base layer options.
 * @example
 * const prelu = new keras.layers.PReLU({ alphaInitializer: 'ones', sharedAxes: [1] });
 * prelu.build([null, 5, 3]);
 * prelu.weights[0].shape; // → [1, 3]
 */
export interface PReLUArgs extends LayerArgs {
  /** The initial α: an initializer, its name ('zeros', 'ones', 'constant', ...) or its config. Default zeros. */
  alphaInitializer?: Initializer | string | Record<string, unknown>;
  alphaRegularizer?: Regularizer | string | Record<string, unknown> | null;
  alphaConstraint?: Constraint | string | Record<string, unknown> | null;
  /** Axes (of the input, batch axis 0) along which α is shared (size 1 in the weight). */
  sharedAxes?: number | readonly number[] | null;
}
/**
 * The PReLU layer's config: the base fields and α's initializer, regularizer and constraint (as
 * `{className, config}`) and shared axes.
 * @example new keras.layers.PReLU({ alphaInitializer: 'ones' }).getConfig().alphaInitializer.className; // → 'Ones'
 */
export interface PReLUConfig extends BaseLayerConfig {
  alphaInitializer: { className: string; config: Record<string, FieldValue> };
  alphaRegularizer: { className: string; config: Record<string, FieldValue> } | null;
  alphaConstraint: { className: string; config: Record<string, FieldValue> } | null;
  sharedAxes: number[] | null;
}

/**
 * Parametric ReLU layer, `x > 0 ? x : α·x` with a learned α (Keras' PReLU). build(inputShape)
 * makes the trainable weight 'alpha' of shape inputShape[1:], with the shared axes set to 1;
 * the computation is nn.prelu (so α gets its gradient through `statelessCall`).
 * @example const l = new keras.layers.PReLU({ alphaInitializer: { className: 'Constant', config: { value: 0.25 } }, sharedAxes: [1, 2] })
 */
export class PReLU extends Layer {
  static override readonly className = 'PReLU';
  static override readonly buildsAtInit = false;
  static readonly fields = [
    { ts: 'alphaInitializer', json: 'alpha_initializer' }, { ts: 'alphaRegularizer', json: 'alpha_regularizer' },
    { ts: 'alphaConstraint', json: 'alpha_constraint' }, { ts: 'sharedAxes', json: 'shared_axes' },
  ] as const;
  readonly alphaInitializer: Initializer;
  readonly alphaRegularizer: Regularizer | null;
  readonly alphaConstraint: Constraint | null;
  readonly sharedAxes: number[] | null;
  private alphaWeight: LayerWeight | undefined;
  private builtRank = 0;
  private builtDims: (number | null)[] = [];

  constructor(args: PReLUArgs = {}) {
    super(args);
    const op = 'keras.layers.PReLU';
    this.alphaInitializer = toConfigObject(op, 'alphaInitializer', args.alphaInitializer ?? LAYER_DEFAULTS.PReLU.alphaInitializer, INITIALIZER_FAMILY) as Initializer;
    this.alphaRegularizer = toConfigObject(op, 'alphaRegularizer', args.alphaRegularizer, REGULARIZER_FAMILY);
    this.alphaConstraint = toConfigObject(op, 'alphaConstraint', args.alphaConstraint, CONSTRAINT_FAMILY);
    const axes = args.sharedAxes;
    if (axes === null || axes === undefined) this.sharedAxes = null;
    else {
      const list = typeof axes === 'number' ? [axes] : axes;
      if (!Array.isArray(list) || list.length > LIMITS.maxAxes || list.some((a) => typeof a !== 'number' || !Number.isInteger(a) || a < 1 || a >= LIMITS.maxRank) ||
          Object.keys(list).length !== list.length || new Set(list).size !== list.length) {
        throw new ValueError(op, `argument 'sharedAxes' is ${describe(axes)}; expected null, an axis in [1, ${LIMITS.maxRank - 1}] or a list of distinct such axes (axis 0 is the batch)`);
      }
      this.sharedAxes = [...list];
    }
  }

  /** The weight α (after build). */
  get alpha(): LayerWeight {
    if (this.alphaWeight === undefined) throw new ValueError(`${this.name}.alpha`, `the layer is not built; call build(inputShape) or apply() first`);
    return this.alphaWeight;
  }

  /** The weight's shape for inputs of `shape`, checked (the per-weight cap included). */
  private weightShape(op: string, shape: (number | null)[]): number[] {
    if (shape.length < 2) throw new ValueError(op, `argument 'inputShape' is ${describe(shape)}; expected a batch axis and at least one more`);
    const paramShape = shape.slice(1);
    for (const a of this.sharedAxes ?? []) {
      if (a >= shape.length) throw new ValueError(op, `shared axis ${a} is out of range for an input of rank ${shape.length}; expected axes in [1, ${shape.length - 1}]`);
      paramShape[a - 1] = 1;
    }
    if (paramShape.some((d) => d === null)) {
      throw new ValueError(op, `argument 'inputShape' is ${describe(shape)}; the weight has shape ${describe(paramShape)}: every axis after the batch must be known or shared`);
    }
    const dims = paramShape as number[];
    if (sizeOf(dims) > LIMITS.maxWeightElements) {
      throw new ValueError(op, `the weight would have shape ${formatShape(dims)} (${sizeOf(dims)} elements); expected at most ${LIMITS.maxWeightElements}`);
    }
    return dims;
  }

  override weightBytes(inputShape: ShapeLike): number {
    const op = `${this.name}.build`;
    return sizeOf(this.weightShape(op, checkShapeLike(op, 'inputShape', inputShape))) * ITEMSIZE[this.variableDtype];
  }

  override build(inputShape: ShapeLike): void {
    const op = `${this.name}.build`;
    const shape = checkShapeLike(op, 'inputShape', inputShape);
    const dims = this.weightShape(op, shape);
    const value = this.alphaInitializer.call(dims, this.variableDtype);
    this.ownWeights.length = 0;
    this.alphaWeight = this.addWeight('alpha', value, true, this.alphaRegularizer, this.alphaConstraint);
    this.builtRank = shape.length;
    this.builtDims = shape.map((d, i) => (i === 0 || this.sharedAxes?.includes(i) ? null : d));
    super.build(shape);
  }

  call(inputs: NDArray): NDArray {
    const op = `${this.name}.call`;
    if (inputs.ndim !== this.builtRank || this.builtDims.some((d, i) => d !== null && d !== inputs.shape[i])) {
      throw new ValueError(op, `Input 0 of layer "${this.name}" is incompatible with the layer: expected shape ${describe(this.builtDims)}, found shape ${formatShape(inputs.shape)}`);
    }
    let alpha = this.alpha.value;
    if (alpha.dtype !== inputs.dtype) alpha = castArray(alpha, inputs.dtype); // mixed policies compute in 16 bits
    return prelu(inputs, alpha);
  }

  override getConfig(): PReLUConfig {
    const obj = (o: Initializer | Regularizer | Constraint | null) => (o === null ? null : { className: o.className, config: o.getConfig() });
    return {
      ...super.getConfig(),
      alphaInitializer: obj(this.alphaInitializer) as PReLUConfig['alphaInitializer'],
      alphaRegularizer: obj(this.alphaRegularizer),
      alphaConstraint: obj(this.alphaConstraint),
      sharedAxes: this.sharedAxes === null ? null : [...this.sharedAxes],
    };
  }
  static fromConfig(config: PReLUConfig): PReLU { return fromConfigOf(PReLU, config); }

  /** @internal */
  static readOwn(r: Reader, style: KeyStyle): Omit<PReLUArgs, keyof LayerArgs> {
    const [init, reg, con, axes] = PReLU.fields.map((f) => r.get(key(f, style)));
    const out: Omit<PReLUArgs, keyof LayerArgs> = {
      alphaInitializer: init.isNull() ? undefined : readConfigObject(init, INITIALIZER_FAMILY) ?? undefined,
      alphaRegularizer: readConfigObject(reg, REGULARIZER_FAMILY),
      alphaConstraint: readConfigObject(con, CONSTRAINT_FAMILY),
    };
    if (!axes.isNull()) {
      const a = axes.isArray() ? axes.array(LIMITS.maxAxes, 'a list of axes').map((x) => x.int('an integer axis')) : [axes.int('an integer axis')];
      const bad = a.find((x) => x < 1 || x >= LIMITS.maxRank);
      if (bad !== undefined) throw axes.fail(`contains axis ${bad}; expected axes in [1, ${LIMITS.maxRank - 1}] (axis 0 is the batch)`);
      out.sharedAxes = a;
    }
    return out;
  }
  /** @internal */
  writeOwn(format: WireFormat): Record<string, Json> {
    return {
      alpha_initializer: writeConfigObject(this.alphaInitializer, format),
      alpha_regularizer: writeConfigObject(this.alphaRegularizer, format),
      alpha_constraint: writeConfigObject(this.alphaConstraint, format),
      shared_axes: this.sharedAxes === null ? null : [...this.sharedAxes],
    };
  }
}
