/**
 * The Keras layer API of the seed page (tf.keras.layers.ELU), run eagerly over nonlin arrays:
 * build / apply / call, computeOutputShape, countParams, weights and get/setWeights, trainable,
 * unique names, dtype policies, getConfig / fromConfig. Graph-only properties (input, output,
 * inputShape, getInputAt, ...) raise the AttributeError Keras raises for a layer that has never
 * been called in a graph.
 */
import { NDArray, castArray } from '../../core/array.js';
import { type FloatDType, isFloat } from '../../core/dtype.js';
import { ValueError, describe, hasUnsafeCharacters, quote } from '../../core/errors.js';
import { formatShape, sizeOf } from '../../core/shape.js';
import { type Operand, toArray } from '../../ops/operand.js';
import { AttributeError } from '../errors.js';
import { LIMITS, type ShapeLike, classToLayerName } from '../config.js';
import type { Constraint } from '../constraints.js';
import type { Regularizer } from '../regularizers.js';

/**
 * Keras' dtype policies: the compute dtype, and for mixed_* float32 variables.
 *
 * @example
 * new keras.layers.ELU({ dtype: 'mixed_float16' }).computeDtype; // → 'float16'
 * new keras.layers.ELU({ dtype: 'mixed_float16' }).dtype;        // → 'float32'
 */
export type DTypePolicyName = 'float32' | 'float64' | 'float16' | 'bfloat16' | 'mixed_float16' | 'mixed_bfloat16';
export const DTYPE_POLICIES: readonly DTypePolicyName[] = ['float32', 'float64', 'float16', 'bfloat16', 'mixed_float16', 'mixed_bfloat16'];

/**
 * Options every layer takes (Keras' base keyword arguments).
 *
 * @example
 * const elu = new keras.layers.ELU({ name: 'act', trainable: false, dtype: 'float64' });
 * elu.name; // → 'act'
 * elu.apply(array([-1])).dtype; // → 'float64'
 */
export interface LayerArgs {
  /** Unique per class by default: 'elu', 'elu_1', ... */
  name?: string;
  trainable?: boolean;
  dtype?: DTypePolicyName;
  /** The full input shape with the batch dimension, e.g. [null, 4] (Keras 2 / tfjs' batch_input_shape). */
  batchInputShape?: ShapeLike;
}

/**
 * The config fields every layer has (TypeScript names).
 *
 * @example
 * const { name, trainable, dtype } = new keras.layers.ReLU({ name: 'r' }).getConfig();
 * [name, trainable, dtype]; // → ['r', true, 'float32']
 */
export interface BaseLayerConfig {
  name: string;
  trainable: boolean;
  dtype: DTypePolicyName;
  batchInputShape?: (number | null)[];
}

/**
 * Arguments of `apply`/`call` beyond the input (Keras' call kwargs).
 *
 * @example
 * new keras.layers.Softmax().apply(array([[1, 2, 3]]), { mask: array([[true, true, false]]) }).tolist(); // → [[0.268941, 0.731059, 0]]
 */
export interface CallKwargs {
  /** Softmax: positions to keep (true / > 0.5); it must broadcast to the input's shape. */
  mask?: Operand | null;
  training?: boolean;
}

/**
 * A layer weight (Keras' Variable): a name, a value, trainability, and its constraint.
 *
 * @example
 * const prelu = new keras.layers.PReLU({ name: 'prelu', alphaInitializer: 'ones' });
 * prelu.build([null, 3]);
 * const [alpha] = prelu.weights;
 * alpha.path;         // → 'prelu/alpha'
 * alpha.shape;        // → [3]
 * alpha.assign(array([0.1, 0.2, 0.3]));
 * alpha.value.tolist(); // → [0.1, 0.2, 0.3]
 */
export class LayerWeight {
  private current: NDArray;
  constructor(
    /** The weight's own name, e.g. 'alpha'. */
    readonly name: string,
    /** The layer's name and the weight's, e.g. 'p_re_lu/alpha'. */
    readonly path: string,
    value: NDArray,
    readonly trainable: boolean,
    readonly regularizer: Regularizer | null = null,
    readonly constraint: Constraint | null = null,
  ) {
    this.current = value;
  }
  get value(): NDArray { return this.current; }
  get shape(): readonly number[] { return this.current.shape; }
  get dtype(): string { return this.current.dtype; }
  /** Replaces the value with an array of the same shape (cast to the weight's dtype). */
  assign(value: Operand): void {
    const v = toArray('LayerWeight.assign', 'value', value);
    if (v.shape.length !== this.shape.length || v.shape.some((d, i) => d !== this.shape[i])) {
      throw new ValueError('LayerWeight.assign', `weight '${this.path}' has shape ${formatShape(this.shape)}; got a value of shape ${formatShape(v.shape)}`);
    }
    this.current = v.dtype === this.current.dtype ? v : castArray(v, this.current.dtype);
  }
}

const nameCounts = new Map<string, number>();

/** Keras' automatic names: the class name in snake_case, then _1, _2, ... */
export function uniqueName(className: string): string {
  const base = classToLayerName(className);
  const n = nameCounts.get(base) ?? 0;
  nameCounts.set(base, n + 1);
  return n === 0 ? base : `${base}_${n}`;
}

/**
 * Resets the automatic layer names (Keras' `keras.backend.clear_session()`).
 *
 * @example
 * keras.backend.clearSession();
 * new keras.layers.ELU().name; // → 'elu'
 * new keras.layers.ELU().name; // → 'elu_1'
 * keras.backend.clearSession();
 * new keras.layers.ELU().name; // → 'elu'
 */
export function clearSession(): void { nameCounts.clear(); }

/** Checks a shape given by the user (a dense list of non-negative integers or null); returns a copy. */
export function checkShapeLike(op: string, arg: string, shape: unknown): (number | null)[] {
  const bad = () => new ValueError(op, `argument '${arg}' is ${describe(shape)}; expected a list of at most ${LIMITS.maxRank} non-negative integers or null`);
  if (!Array.isArray(shape) || shape.length > LIMITS.maxRank) throw bad();
  const out: (number | null)[] = [];
  for (let i = 0; i < shape.length; i++) {
    const d: unknown = shape[i];
    if (!(i in shape) || (d !== null && (typeof d !== 'number' || !Number.isInteger(d) || d < 0 || d > LIMITS.maxDim))) throw bad();
    out.push(d as number | null);
  }
  return out;
}

/** What a layer or model name must be (names are echoed in messages and weight paths, so no control characters). */
export const LAYER_NAME = `a non-empty string of at most ${LIMITS.maxNameLength} characters, without '/' or control characters`;
export function isLayerName(name: unknown): name is string {
  return typeof name === 'string' && name.length > 0 && name.length <= LIMITS.maxNameLength && !name.includes('/') && !hasUnsafeCharacters(name);
}

/** The options every layer's constructor takes (LayerArgs); each class adds its own `fields`. */
const BASE_OPTIONS: readonly string[] = ['name', 'trainable', 'dtype', 'batchInputShape'];

/**
 * Checks a constructor's options object as the config reader checks a config: a plain object
 * of own data properties (no getter runs, nothing inherited is read), no `__proto__` /
 * `constructor` / `prototype` key, and only the options the layer knows (`own`: the class's
 * fields; a user's subclass without `fields` may pass its own options through).
 */
function checkOptions(op: string, args: unknown, own: readonly { readonly ts: string }[] | undefined): void {
  const proto = typeof args === 'object' && args !== null && !Array.isArray(args) ? Object.getPrototypeOf(args) : undefined;
  if (proto !== Object.prototype && proto !== null) {
    throw new ValueError(op, `argument 'args' is ${describe(args)}; expected an object of options`);
  }
  const known = [...BASE_OPTIONS, ...(own ?? []).map((f) => f.ts)];
  for (const key of Reflect.ownKeys(args as object)) {
    const shown = typeof key === 'string' ? quote(key) : 'a symbol';
    if (typeof key !== 'string' || ['__proto__', 'constructor', 'prototype'].includes(key) || (own !== undefined && !known.includes(key))) {
      throw new ValueError(op, `option ${shown} is not an option of this layer; expected only ${known.map((k) => `'${k}'`).join(', ')}`);
    }
    const d = Object.getOwnPropertyDescriptor(args, key);
    if (d !== undefined && !('value' in d)) throw new ValueError(op, `option ${shown} is an accessor property; expected a plain value`);
  }
}

/**
 * The base of the Keras layers (Keras' `Layer`): `apply(x, kwargs)` runs the layer (building it on
 * first use), with Keras' names, weights (`weights`, `getWeights`, `setWeights`), `getConfig()`,
 * dtype
 * policies and the graph-only properties (an AttributeError: nonlin runs eagerly).
 * @example
 * const layer: keras.layers.Layer = new keras.layers.LeakyReLU({ negativeSlope: 0.1 });
 * layer.apply(array([-1, 2])).tolist(); // → [-0.1, 2]
 * layer.className;                      // → 'LeakyReLU'
 * layer.countParams();                  // → 0
 */
export abstract class Layer {
  /** Keras' class name ('ELU', 'LeakyReLU', ...), as written in configs. */
  static readonly className: string;
  /**
   * Whether the layer is built by its constructor. Keras ≥ 3.10 builds every layer without
   * weights there (`_build_at_init`), so `built` is true at once and its saved form has no
   * build_config unless `build()` was called explicitly; PReLU makes its weight in build().
   */
  static readonly buildsAtInit: boolean = true;
  readonly name: string;
  /** Whether the weights are trained (false moves them to nonTrainableWeights). */
  trainable: boolean;
  /** The dtype policy's name. */
  readonly dtypePolicy: DTypePolicyName;
  /** Whether the layer passes a mask through (all activation layers do). */
  readonly supportsMasking: boolean = true;
  /** The batch input shape the layer was declared with, if any. */
  readonly batchInputShape: (number | null)[] | undefined;
  protected builtFlag = false;
  private builtShape: (number | null)[] | undefined;
  protected readonly ownWeights: LayerWeight[] = [];

  constructor(args: LayerArgs = {}) {
    const op = `keras.layers.${this.className}`;
    checkOptions(op, args, (new.target as unknown as { fields?: readonly { ts: string }[] }).fields);
    if (args.name !== undefined) {
      if (!isLayerName(args.name)) {
        throw new ValueError(op, `argument 'name' is ${describe(args.name)}; expected ${LAYER_NAME}`);
      }
    }
    if (args.trainable !== undefined && typeof args.trainable !== 'boolean') {
      throw new ValueError(op, `argument 'trainable' is ${describe(args.trainable)}; expected true or false`);
    }
    if (args.dtype !== undefined && !DTYPE_POLICIES.includes(args.dtype)) {
      throw new ValueError(op, `argument 'dtype' is ${describe(args.dtype)}; expected one of ${DTYPE_POLICIES.join(', ')}`);
    }
    this.name = args.name ?? uniqueName(this.className);
    this.trainable = args.trainable ?? true;
    this.dtypePolicy = args.dtype ?? 'float32';
    this.batchInputShape = args.batchInputShape === undefined ? undefined : checkShapeLike(op, 'batchInputShape', args.batchInputShape);
    this.builtFlag = (this.constructor as typeof Layer).buildsAtInit;
  }

  /** Keras' class name of this layer. */
  get className(): string { return (this.constructor as typeof Layer).className; }
  /** Whether the layer is built: from its construction for layers without weights, after build() for PReLU. */
  get built(): boolean { return this.builtFlag; }
  /** The dtype inputs are cast to and computed in. */
  get computeDtype(): FloatDType {
    const p = this.dtypePolicy;
    return p === 'mixed_float16' ? 'float16' : p === 'mixed_bfloat16' ? 'bfloat16' : p;
  }
  /** The dtype of the weights (float32 for the mixed policies). */
  get variableDtype(): FloatDType {
    const p = this.dtypePolicy;
    return p === 'mixed_float16' || p === 'mixed_bfloat16' ? 'float32' : p;
  }
  /** As Keras 3: the dtype of the weights. */
  get dtype(): FloatDType { return this.variableDtype; }

  /** Creates the weights for inputs of `inputShape` (batch dimension first, null for unknown). */
  build(inputShape: ShapeLike): void {
    this.builtShape = checkShapeLike(`${this.className}.build`, 'inputShape', inputShape);
    this.builtFlag = true;
  }

  /** Runs the layer: casts float inputs to the compute dtype, builds on first use, calls. */
  apply(inputs: Operand, kwargs: CallKwargs = {}): NDArray {
    let x = toArray(`${this.name}.apply`, 'inputs', inputs);
    if (isFloat(x.dtype) && x.dtype !== this.computeDtype) x = castArray(x, this.computeDtype);
    if (!this.builtFlag) this.build(x.shape);
    return this.call(x, kwargs);
  }

  /** The layer's computation on an input already in the compute dtype. */
  abstract call(inputs: NDArray, kwargs?: CallKwargs): NDArray;

  /**
   * Runs the layer with the given weight values instead of its own (Keras 3's stateless_call),
   * so that gradients can be taken with respect to them. Returns [output, nonTrainableValues].
   */
  statelessCall(trainableValues: readonly NDArray[], nonTrainableValues: readonly NDArray[], inputs: Operand, kwargs: CallKwargs = {}): [NDArray, NDArray[]] {
    const t = this.trainableWeights, n = this.nonTrainableWeights;
    if (trainableValues.length !== t.length || nonTrainableValues.length !== n.length) {
      throw new ValueError(`${this.name}.statelessCall`, `got ${trainableValues.length} trainable and ${nonTrainableValues.length} non-trainable values; expected ${t.length} and ${n.length}`);
    }
    const saved = [...t, ...n].map((w) => w.value);
    const replace = (ws: LayerWeight[], vs: readonly NDArray[]) => ws.forEach((w, i) => { (w as unknown as { current: NDArray }).current = vs[i]; });
    try {
      replace(t, trainableValues);
      replace(n, nonTrainableValues);
      return [this.apply(inputs, kwargs), n.map((w) => w.value)];
    } finally {
      replace([...t, ...n], saved);
    }
  }

  /**
   * The bytes the weights build(inputShape) would create, computed without allocating (the
   * loaders check a config's total against their budget before building anything).
   */
  weightBytes(inputShape: ShapeLike): number {
    checkShapeLike(`${this.className}.weightBytes`, 'inputShape', inputShape);
    return 0;
  }

  /** Activation layers keep the shape. */
  computeOutputShape(inputShape: ShapeLike): (number | null)[] { return [...inputShape]; }
  /** Activation layers pass the mask through. */
  computeMask(_inputs: Operand, mask: Operand | null = null): Operand | null { return mask; }

  /** The layer's weights, trainable first. */
  get weights(): LayerWeight[] { return [...this.trainableWeights, ...this.nonTrainableWeights]; }
  get trainableWeights(): LayerWeight[] { return this.trainable ? this.ownWeights.filter((w) => w.trainable) : []; }
  get nonTrainableWeights(): LayerWeight[] { return this.trainable ? this.ownWeights.filter((w) => !w.trainable) : [...this.ownWeights]; }
  /** Keras 3 names for the same lists. */
  get variables(): LayerWeight[] { return this.weights; }
  get trainableVariables(): LayerWeight[] { return this.trainableWeights; }
  get nonTrainableVariables(): LayerWeight[] { return this.nonTrainableWeights; }

  /** The weight regularization penalties (one scalar per regularized weight). */
  get losses(): NDArray[] {
    return this.ownWeights.filter((w) => w.regularizer !== null).map((w) => (w.regularizer as Regularizer).call(w.value));
  }

  /** The number of scalars in the weights; the layer must be built. */
  countParams(): number {
    if (!this.builtFlag) {
      throw new ValueError(`${this.name}.countParams`, `You tried to call \`count_params\` on layer '${this.name}', but the layer isn't built. You can build it manually via: \`layer.build(input_shape)\`.`);
    }
    return this.weights.reduce((n, w) => n + sizeOf(w.shape), 0);
  }

  /** The weight values, in the order of `weights`. */
  getWeights(): NDArray[] { return this.weights.map((w) => w.value); }

  /** Sets the weight values: as many arrays as `weights`, each of the same shape. */
  setWeights(values: readonly Operand[]): void {
    const op = `${this.name}.setWeights`;
    const ws = this.weights;
    const expected = ws.length === 0 ? 'no weights' : ws.map((w) => `'${w.name}' of shape ${formatShape(w.shape)}`).join(', ');
    if (!Array.isArray(values) || values.length !== ws.length) {
      throw new ValueError(op, `You called \`set_weights(weights)\` on layer '${this.name}' with a weight list of length ${Array.isArray(values) ? values.length : describe(values)}, but the layer was expecting ${ws.length} weights (${expected}).`);
    }
    const arrays = values.map((v, i) => toArray(op, `weights[${i}]`, v));
    arrays.forEach((a, i) => {
      const shape = ws[i].shape;
      if (a.shape.length !== shape.length || a.shape.some((d, k) => d !== shape[k])) {
        throw new ValueError(op, `Layer ${this.name} weight '${ws[i].name}' has shape ${formatShape(shape)}, not compatible with the provided weight of shape ${formatShape(a.shape)}; expected ${expected}.`);
      }
    });
    arrays.forEach((a, i) => ws[i].assign(a));
  }

  /** Adds a weight (used by build). */
  protected addWeight(name: string, value: NDArray, trainable: boolean, regularizer: Regularizer | null = null, constraint: Constraint | null = null): LayerWeight {
    const w = new LayerWeight(name, `${this.name}/${name}`, value, trainable, regularizer, constraint);
    this.ownWeights.push(w);
    return w;
  }

  /** The config (TypeScript names): the base fields and the layer's own. */
  getConfig(): BaseLayerConfig {
    const config: BaseLayerConfig = { name: this.name, trainable: this.trainable, dtype: this.dtypePolicy };
    if (this.batchInputShape !== undefined) config.batchInputShape = [...this.batchInputShape];
    return config;
  }

  /**
   * The shape build() ran with (Keras 3's build_config), or null when build() never ran: a layer
   * built by its constructor and only applied has none, as in Keras.
   */
  getBuildConfig(): { inputShape: (number | null)[] } | null {
    return this.builtShape === undefined ? null : { inputShape: [...this.builtShape] };
  }

  /** Builds from a getBuildConfig() result. */
  buildFromConfig(config: { inputShape: ShapeLike } | null): void {
    if (config !== null) this.build(config.inputShape);
  }

  // Graph-only properties: a layer here is never connected in a graph, so, as Keras for a layer
  // with no inbound node, they raise.
  private noNode(attr: string): never {
    throw new AttributeError(`${this.name}.${attr}`, `The layer ${this.name} has never been called and thus has no defined ${attr}.`);
  }
  get input(): never { return this.noNode('input'); }
  get output(): never { return this.noNode('output'); }
  get inputShape(): never { return this.noNode('input shape'); }
  get outputShape(): never { return this.noNode('output shape'); }
  get inputMask(): never { return this.noNode('input mask'); }
  get outputMask(): never { return this.noNode('output mask'); }
  get inboundNodes(): [] { return []; }
  get outboundNodes(): [] { return []; }
  getInputAt(_nodeIndex: number): never { return this.noNode('input'); }
  getOutputAt(_nodeIndex: number): never { return this.noNode('output'); }
  getInputShapeAt(_nodeIndex: number): never { return this.noNode('input shape'); }
  getOutputShapeAt(_nodeIndex: number): never { return this.noNode('output shape'); }
  getInputMaskAt(_nodeIndex: number): never { return this.noNode('input mask'); }
  getOutputMaskAt(_nodeIndex: number): never { return this.noNode('output mask'); }

  toString(): string { return `<${this.className} name=${this.name}, built=${this.builtFlag}>`; }
}
