/**
 * The layer wire format, converted at the boundary only: layers hold typed TypeScript options;
 * JSON is Keras 3's `{module, class_name, config, registered_name, build_config}` or the legacy
 * Keras 2 / TensorFlow.js `{class_name, config}`, both snake_case. tfjs' in-memory form
 * `{className, config}` (camelCase, what `tf.layers.elu().getConfig()` gives) is read as well.
 */
import { NonlinError } from '../../core/errors.js';
import { ConfigError } from '../errors.js';
import { type Json, Reader, parseJsonText } from '../config.js';
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

/** Builds a layer from a Keras 3 build_config ({input_shape}). */
function buildFrom(layer: Layer, r: Reader): void {
  if (r.isNull()) return;
  r.object(['input_shape', 'shapes_dict'], 'a build config');
  const shape = r.get('input_shape');
  if (shape.isNull()) return;
  const s = shape.shape();
  try {
    layer.build(s);
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    if (e instanceof NonlinError) throw new ConfigError(r.op, shape.path, e.message);
    throw e;
  }
}

const OP = 'keras.layers.deserialize';

/** @internal Reads one layer at `r` (any supported form). */
export function readLayer(r: Reader): Layer {
  r.object(['module', 'class_name', 'className', 'config', 'registered_name', 'build_config', 'compile_config', 'name', 'inbound_nodes'], 'a serialized layer object');
  const keras3 = r.has('module');
  const camel = !r.has('class_name') && r.has('className');
  const nameR = camel ? r.get('className') : r.require('class_name', 'the layer class name');
  const className = nameR.string(256, 'a layer class name');
  const classes = LAYER_CLASSES;
  if (!Object.hasOwn(classes, className)) {
    throw new ConfigError(r.op, nameR.path, `is ${JSON.stringify(className.slice(0, 64))}: not a layer nonlin knows; expected one of ${Object.keys(classes).join(', ')} (no code is ever loaded)`);
  }
  if (keras3) {
    const m = r.get('module').string(256, 'a module name');
    if (!(m === 'keras.layers' || m.startsWith('keras.src.layers') || m === 'keras')) {
      throw new ConfigError(r.op, `${r.path === '' ? '' : `${r.path}.`}module`, `is ${JSON.stringify(m.slice(0, 64))}; expected 'keras.layers' (custom code is never loaded)`);
    }
  }
  const reg = r.get('registered_name');
  if (!reg.isNull() && reg.string(256) !== className) {
    throw new ConfigError(r.op, reg.path, `names a custom registered layer; nonlin loads only built-in layers`);
  }
  const layer = construct(classes[className], r.require('config', 'the layer config'), camel ? 'camel' : 'snake', keras3 ? 'keras3' : 'legacy');
  buildFrom(layer, r.get('build_config'));
  return layer;
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
export function deserialize(config: unknown): Layer {
  return guarded(OP, () => readLayer(Reader.root(OP, typeof config === 'string' ? parseJsonText(OP, config) : config)));
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
