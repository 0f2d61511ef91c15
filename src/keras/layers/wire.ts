/**
 * The layer wire format, converted at the boundary only: layers hold typed TypeScript options;
 * JSON is Keras 3's `{module, class_name, config, registered_name, build_config}` or the legacy
 * Keras 2 / TensorFlow.js `{class_name, config}`, both snake_case. tfjs' in-memory form
 * `{className, config}` (camelCase, what `tf.layers.elu().getConfig()` gives) is read as well.
 */
import { NonlinError, ValueError, describe, quote } from '../../core/errors.js';
import { ConfigError } from '../errors.js';
import { type Json, LIMITS, Reader, type ShapeLike, isKerasModule, parseJsonText } from '../config.js';
import type { Layer } from './layer.js';
import { type LayerClass, type WireFormat, construct, guarded } from './layerConfig.js';
import { Activation } from './activationLayer.js';
import { ELU } from './eluLayer.js';
import { LeakyReLU } from './leakyReluLayer.js';
import { PReLU } from './preluLayer.js';
import { ReLU } from './reluLayer.js';
import { Softmax } from './softmaxLayer.js';
import { ThresholdedReLU } from './thresholdedReluLayer.js';

export { type KeyStyle, type WireFormat, guarded } from './layerConfig.js';

/** The registered layer classes: the only ones a config can name. */
const LAYER_CLASSES: Readonly<Record<string, LayerClass>> = { Activation, ELU, LeakyReLU, PReLU, ReLU, Softmax, ThresholdedReLU };

/**
 * Every layer class name `deserialize` knows.
 *
 * @example
 * keras.layers.layerClassNames(); // → ['Activation', 'ELU', 'LeakyReLU', 'PReLU', 'ReLU', 'Softmax', 'ThresholdedReLU']
 */
export function layerClassNames(): string[] { return Object.keys(LAYER_CLASSES); }

/**
 * The input shape of a Keras 3 build_config: `{input_shape}`, or `{shapes_dict: {input_shape}}`
 * (Keras 3 passes shapes_dict's entries to build() as keyword arguments, and these layers' build
 * takes only input_shape).
 */
function readBuildConfig(r: Reader): Reader | undefined {
  if (r.isNull()) return undefined;
  r.object(['input_shape', 'shapes_dict'], 'a build config');
  const shape = r.get('input_shape');
  if (!shape.isNull()) return shape;
  const dict = r.get('shapes_dict');
  if (dict.isNull()) return undefined;
  dict.object(['input_shape'], 'the shapes of build()\'s arguments (only input_shape)');
  const inner = dict.get('input_shape');
  return inner.isNull() ? undefined : inner;
}

/** Runs a layer's build or weightBytes on a shape read at `path`; its errors become ConfigErrors there. */
function atShape<T>(op: string, path: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    if (e instanceof NonlinError) throw new ConfigError(op, path, e.message);
    throw e;
  }
}

/**
 * Options of the loaders (`keras.layers.deserialize`, `keras.models.deserialize`).
 *
 * @example
 * const json = { class_name: 'PReLU', config: {}, build_config: { input_shape: [null, 1000] } };
 * keras.layers.deserialize(json, { maxWeightBytes: 1000 }); // throws ConfigError: ... 4000 bytes ...
 */
export interface LoadOptions {
  /**
   * The most bytes all the weights of the loaded layer or model may take, checked on the whole
   * config before anything is allocated (default `LIMITS.maxWeightBytes`, 512 MiB).
   */
  maxWeightBytes?: number;
}

/** @internal The weight budget of `options` (ValueError for a bad option: it is the caller's, not the config's). */
export function weightBudget(op: string, options: unknown): WeightBudget {
  if (typeof options !== 'object' || options === null) throw new ValueError(op, `argument 'options' is ${describe(options)}; expected an object`);
  const limit = (options as LoadOptions).maxWeightBytes ?? LIMITS.maxWeightBytes;
  if (typeof limit !== 'number' || !Number.isSafeInteger(limit) || limit < 0) {
    throw new ValueError(op, `argument 'options.maxWeightBytes' is ${describe(limit)}; expected a non-negative integer (bytes)`);
  }
  return new WeightBudget(op, limit);
}

/**
 * @internal The bytes of weights a load will create, added layer by layer before any is built: a
 * total over the budget is a ConfigError naming the layer that crosses it.
 */
export class WeightBudget {
  private total = 0;
  constructor(private readonly op: string, readonly limit: number) {}
  add(layerPath: string, layer: Layer, shape: ShapeLike, shapePath: string): void {
    this.total += atShape(this.op, shapePath, () => layer.weightBytes(shape));
    if (this.total > this.limit) {
      throw new ConfigError(this.op, layerPath, `(layer ${quote(layer.name)}, a ${layer.className}) brings the weights to ${this.total} bytes in all; ` +
        `expected at most ${this.limit} (raise the budget with the maxWeightBytes option)`);
    }
  }
}

/** @internal A layer read from a config, not built yet, and the shape its build_config asks for. */
export interface UnbuiltLayer {
  readonly layer: Layer;
  readonly buildShape: (number | null)[] | undefined;
  readonly buildPath: string;
}

/** @internal Builds `u` on its build_config shape, if it has one (after the budget is checked). */
export function buildUnbuilt(op: string, u: UnbuiltLayer): void {
  const shape = u.buildShape;
  if (shape !== undefined) atShape(op, u.buildPath, () => u.layer.build(shape));
}

const OP = 'keras.layers.deserialize';

/**
 * Checks the fields Keras writes beside a layer's config and nonlin does not use: `name` (a
 * name), `inbound_nodes` (none: a layer with inbound nodes belongs to a functional model) and
 * `compile_config` (null or inert JSON).
 */
export function checkLayerExtras(r: Reader): void {
  const name = r.get('name');
  if (!name.isNull()) name.string();
  const nodes = r.get('inbound_nodes');
  if (!nodes.isNull()) nodes.array(0, 'an empty list (nonlin loads Sequential models; inbound nodes belong to functional ones)');
  const compile = r.get('compile_config');
  if (!compile.isNull()) { compile.object(); compile.inertJson(); }
}

/** @internal Reads one layer at `r` (any supported form), without building it. */
export function readUnbuiltLayer(r: Reader): UnbuiltLayer {
  r.object(['module', 'class_name', 'className', 'config', 'registered_name', 'build_config', 'compile_config', 'name', 'inbound_nodes'], 'a serialized layer object');
  checkLayerExtras(r);
  const keras3 = r.has('module');
  const camel = !r.has('class_name') && r.has('className');
  const nameR = camel ? r.get('className') : r.require('class_name', 'the layer class name');
  const className = nameR.string(256, 'a layer class name');
  if (!Object.hasOwn(LAYER_CLASSES, className)) {
    throw new ConfigError(r.op, nameR.path, `is ${quote(className)}: not a layer nonlin knows; expected one of ${Object.keys(LAYER_CLASSES).join(', ')} (no code is ever loaded)`);
  }
  if (keras3) {
    const m = r.get('module').string(256, 'a module name');
    if (!isKerasModule(m, 'layers')) {
      throw new ConfigError(r.op, `${r.path === '' ? '' : `${r.path}.`}module`, `is ${quote(m)}; expected 'keras.layers' (custom code is never loaded)`);
    }
  }
  const reg = r.get('registered_name');
  if (!reg.isNull() && reg.string(256) !== className) {
    throw new ConfigError(r.op, reg.path, `names a custom registered layer; nonlin loads only built-in layers`);
  }
  const layer = construct(LAYER_CLASSES[className], r.require('config', 'the layer config'), camel ? 'camel' : 'snake', keras3 ? 'keras3' : 'legacy');
  const shapeR = readBuildConfig(r.get('build_config'));
  return { layer, buildShape: shapeR?.shape(), buildPath: shapeR?.path ?? '' };
}

/**
 * Reads a layer from JSON text or a parsed value: Keras 3's saved form, the Keras 2 /
 * TensorFlow.js form, or tfjs' in-memory `{className, config}`. The input is untrusted: only
 * registered layer classes and built-in activations, initializers, regularizers and constraints
 * are loaded, no code is evaluated, unknown or forbidden keys are rejected, absurd shapes and
 * sizes are refused, and every problem is a ConfigError naming the field.
 * @example
 * const layer = keras.layers.deserialize({ class_name: 'LeakyReLU', config: { negative_slope: 0.1 } });
 * layer.apply(array([-1])).tolist(); // → [-0.1]
 * keras.layers.deserialize({ class_name: 'Dense', config: {} }); // throws ConfigError: keras.layers.deserialize: field 'class_name' is "Dense"
 */
export function deserialize(config: unknown, options: LoadOptions = {}): Layer {
  const budget = weightBudget(OP, options);
  return guarded(OP, () => {
    const r = Reader.root(OP, typeof config === 'string' ? parseJsonText(OP, config) : config);
    const u = readUnbuiltLayer(r);
    if (u.buildShape !== undefined) budget.add(r.path, u.layer, u.buildShape, u.buildPath);
    buildUnbuilt(OP, u);
    return u.layer;
  });
}

/** The serialized form of a layer's base fields plus its own (snake_case). */
function wireConfig(layer: Layer & { writeOwn(format: WireFormat): Record<string, Json> }, format: WireFormat): Record<string, Json> {
  const config: Record<string, Json> = { name: layer.name, trainable: layer.trainable };
  config.dtype = format === 'keras3'
    ? { module: 'keras', class_name: 'DTypePolicy', config: { name: layer.dtypePolicy }, registered_name: null }
    : layer.dtypePolicy;
  if (layer.batchInputShape !== undefined) config.batch_input_shape = [...layer.batchInputShape];
  return { ...config, ...layer.writeOwn(format) };
}

/**
 * A serialized layer (JSON-ready).
 *
 * @example
 * const s: keras.layers.SerializedLayer = keras.layers.serialize(new keras.layers.ELU({ alpha: 0.5 }));
 * s.class_name;     // → 'ELU'
 * s.config.alpha;   // → 0.5
 */
export interface SerializedLayer {
  module?: string;
  class_name: string;
  config: Record<string, Json>;
  registered_name?: null;
  build_config?: { input_shape: (number | null)[] };
}

/**
 * The JSON form of a layer: Keras 3's saved form `{module: 'keras.layers', class_name, config,
 * registered_name: null, build_config}` (default), or with `format: 'tfjs'` the Keras 2 /
 * TensorFlow.js form `{class_name, config}` that `tf.models.modelFromJSON` loads; a layer tfjs
 * cannot represent with the same meaning (ELU with α ≠ 1, ReLU with a slope or threshold, an
 * activation tfjs lacks) is a ConfigError rather than a silently different model.
 * @example
 * keras.layers.serialize(new keras.layers.ReLU({ maxValue: 6 }), { format: 'tfjs' }).config.max_value; // → 6
 * keras.layers.serialize(new keras.layers.ELU({ alpha: 0.5 }), { format: 'tfjs' }); // throws ConfigError
 */
export function serialize(layer: Layer, options: { format?: WireFormat } = {}): SerializedLayer {
  const format = options.format ?? 'keras3';
  const l = layer as Layer & { writeOwn(format: WireFormat): Record<string, Json> };
  const config = wireConfig(l, format);
  if (format === 'tfjs') return { class_name: layer.className, config };
  const out: SerializedLayer = { module: 'keras.layers', class_name: layer.className, config, registered_name: null };
  const build = layer.getBuildConfig();
  if (build !== null) out.build_config = { input_shape: build.inputShape };
  return out;
}
