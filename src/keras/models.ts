/**
 * `keras.Sequential`: a stack of layers, enough to load the activation layers of a saved Keras 3
 * model (`config.json` inside a `.keras` file) or a TensorFlow.js `model.json` topology, run it
 * eagerly and write it back. Only registered layer classes load (see layers/wire.ts).
 */
import type { NDArray } from '../core/array.js';
import { NonlinError, ValueError, describe, quote } from '../core/errors.js';
import type { Operand } from '../ops/operand.js';
import { ConfigError } from './errors.js';
import { type Json, LIMITS, Reader, type ShapeLike, isKerasModule, parseJsonText } from './config.js';
import { type CallKwargs, LAYER_NAME, Layer, type LayerWeight, checkShapeLike, isLayerName, uniqueName } from './layers/layer.js';
import {
  type LoadOptions, type UnbuiltLayer, type WeightBudget, type WireFormat, buildUnbuilt, checkLayerExtras, guarded, readUnbuiltLayer,
  serialize as serializeLayer, weightBudget,
} from './layers/wire.js';
import { readDtype } from './layers/layerConfig.js';

/**
 * Options of {@link Sequential}: its layers, name, trainability and the input shape with the batch
 * dimension (which builds the layers at once).
 * @example
 * const model = new keras.Sequential({ layers: [new keras.layers.PReLU()], name: 'net', batchInputShape: [null, 2] });
 * model.countParams(); // → 2
 */
export interface SequentialArgs {
  layers?: readonly Layer[];
  name?: string;
  trainable?: boolean;
  /** The input shape with the batch dimension, e.g. [null, 4] (Keras' Input / InputLayer batch_shape). */
  batchInputShape?: ShapeLike;
}

const SEQUENTIAL_OPTIONS: readonly string[] = ['layers', 'name', 'trainable', 'batchInputShape'];

/**
 * Keras' Sequential model: layers applied in order (`apply`), their weights (`getWeights`,
 * `setWeights`, `countParams`), and its JSON in Keras 3 or TensorFlow.js form (`serialize`,
 * {@link deserialize}). Layer names must be unique within the model.
 * @example
 * const model = new keras.Sequential([new keras.layers.ReLU(), new keras.layers.Softmax()]);
 * model.apply(array([[-1, 0]])).tolist(); // → [[0.5, 0.5]]
 * const copy = keras.models.deserialize(model.serialize());
 * copy.layers.map((l) => l.className); // → ['ReLU', 'Softmax']
 */
export class Sequential {
  static readonly className = 'Sequential';
  readonly name: string;
  trainable: boolean;
  readonly layers: Layer[] = [];
  readonly batchInputShape: (number | null)[] | undefined;
  /** The names in `layers`, so that add() checks uniqueness in constant time (loading stays linear). */
  private readonly names = new Set<string>();

  constructor(args: SequentialArgs | readonly Layer[] = {}) {
    const options: SequentialArgs = Array.isArray(args) ? { layers: args as readonly Layer[] } : (args as SequentialArgs);
    const op = 'keras.Sequential';
    if (typeof options !== 'object' || options === null || ![Object.prototype, null].includes(Object.getPrototypeOf(options))) {
      throw new ValueError(op, `argument 'args' is ${describe(args)}; expected a list of layers or an object of options`);
    }
    for (const key of Reflect.ownKeys(options)) {
      const d = Object.getOwnPropertyDescriptor(options, key);
      if (typeof key !== 'string' || !SEQUENTIAL_OPTIONS.includes(key) || (d !== undefined && !('value' in d))) {
        throw new ValueError(op, `option ${typeof key === 'string' ? quote(key) : 'a symbol'} is not a plain value of a known option; expected only ${SEQUENTIAL_OPTIONS.map((k) => `'${k}'`).join(', ')}`);
      }
    }
    if (options.layers !== undefined && !Array.isArray(options.layers)) {
      throw new ValueError(op, `argument 'layers' is ${describe(options.layers)}; expected a list of layers`);
    }
    if (options.name !== undefined && !isLayerName(options.name)) {
      throw new ValueError(op, `argument 'name' is ${describe(options.name)}; expected ${LAYER_NAME}`);
    }
    this.name = options.name ?? uniqueName('Sequential');
    this.trainable = options.trainable ?? true;
    this.batchInputShape = options.batchInputShape === undefined ? undefined : checkShapeLike(op, 'batchInputShape', options.batchInputShape);
    for (const l of options.layers ?? []) this.add(l);
    if (this.batchInputShape !== undefined) this.build(this.batchInputShape);
  }

  add(layer: Layer): this {
    if (!(layer instanceof Layer)) throw new ValueError(`${this.name}.add`, `argument 'layer' is ${describe(layer)}; expected a keras layer`);
    // `layers` is public: resync if it was changed directly.
    if (this.names.size !== this.layers.length) {
      this.names.clear();
      for (const l of this.layers) this.names.add(l.name);
    }
    if (this.names.has(layer.name)) {
      throw new ValueError(`${this.name}.add`, `a layer named ${quote(layer.name)} is already in the model; expected unique layer names`);
    }
    this.layers.push(layer);
    this.names.add(layer.name);
    return this;
  }

  /** Builds every layer for inputs of `inputShape` (activation layers keep the shape). */
  build(inputShape: ShapeLike): void {
    let shape = checkShapeLike(`${this.name}.build`, 'inputShape', inputShape);
    for (const l of this.layers) {
      if (!l.built) l.build(shape);
      shape = l.computeOutputShape(shape);
    }
  }

  /** Runs the layers in order; the mask (if any) is passed to each, as activation layers keep it. */
  apply(inputs: Operand, kwargs: CallKwargs = {}): NDArray {
    let x = inputs as NDArray;
    for (const l of this.layers) x = l.apply(x, kwargs);
    return x as NDArray;
  }

  get weights(): LayerWeight[] { return this.layers.flatMap((l) => l.weights); }
  getWeights(): NDArray[] { return this.layers.flatMap((l) => l.getWeights()); }
  setWeights(values: readonly Operand[]): void {
    const total = this.weights.length;
    if (!Array.isArray(values) || values.length !== total) {
      throw new ValueError(`${this.name}.setWeights`, `got ${Array.isArray(values) ? values.length : describe(values)} arrays; expected ${total} (${this.weights.map((w) => w.path).join(', ') || 'none'})`);
    }
    let i = 0;
    for (const l of this.layers) { const n = l.weights.length; l.setWeights(values.slice(i, i + n)); i += n; }
  }
  countParams(): number { return this.layers.reduce((n, l) => n + (l.built ? l.countParams() : 0), 0); }

  /**
   * The JSON form: Keras 3's `config.json` object (default), or with `format: 'tfjs'` the
   * topology TensorFlow.js' `tf.models.modelFromJSON({modelTopology})` loads.
   */
  serialize(options: { format?: WireFormat } = {}): Record<string, Json> {
    const format = options.format ?? 'keras3';
    const layers = this.layers.map((l) => serializeLayer(l, { format }) as unknown as Record<string, Json>);
    if (format === 'tfjs') {
      if (this.batchInputShape !== undefined && layers.length > 0) {
        const first = layers[0].config as Record<string, Json>;
        layers[0] = { ...layers[0], config: { ...first, batch_input_shape: [...this.batchInputShape] } };
      }
      return { class_name: 'Sequential', config: { name: this.name, layers } };
    }
    const all: Json[] = [];
    if (this.batchInputShape !== undefined) {
      all.push({
        module: 'keras.layers', class_name: 'InputLayer',
        config: { batch_shape: [...this.batchInputShape], dtype: 'float32', sparse: false, ragged: false, name: 'input_layer' },
        registered_name: null,
      });
    }
    all.push(...layers);
    const config: Record<string, Json> = {
      name: this.name, trainable: this.trainable,
      dtype: { module: 'keras', class_name: 'DTypePolicy', config: { name: 'float32' }, registered_name: null },
      layers: all,
    };
    if (this.batchInputShape !== undefined) config.build_input_shape = [...this.batchInputShape];
    const out: Record<string, Json> = { module: 'keras', class_name: 'Sequential', config, registered_name: null };
    if (this.batchInputShape !== undefined) out.build_config = { input_shape: [...this.batchInputShape] };
    return out;
  }

  toString(): string { return `<Sequential name=${this.name}, layers=[${this.layers.map((l) => l.name).join(', ')}]>`; }
}

const OP = 'keras.models.deserialize';

/** Checks a `module` field: Keras' module for `pkg`, or absent. */
function checkModule(r: Reader, pkg: string, expected: string): void {
  const m = r.get('module');
  if (m.isNull()) return;
  const name = m.string(256, 'a module name');
  if (!isKerasModule(name, pkg)) throw new ConfigError(r.op, m.path, `is ${quote(name)}; expected ${expected} (custom code is never loaded)`);
}

/** Checks a `registered_name` field: null, or the built-in class's own name. */
function checkRegistered(r: Reader, className: string): void {
  const reg = r.get('registered_name');
  if (!reg.isNull() && reg.string(256) !== className) throw new ConfigError(r.op, reg.path, `names a custom registered ${className}; nonlin loads only built-in classes`);
}

/** Checks a field that must be false (or absent): a feature nonlin does not support. */
function requireFalse(r: Reader, what: string): void {
  if (!r.isNull() && r.bool()) throw r.fail(`is true; ${what} are not supported (expected false)`);
}

function readInputLayer(r: Reader): (number | null)[] | undefined {
  r.object(['module', 'class_name', 'className', 'config', 'registered_name', 'name', 'inbound_nodes'], 'a serialized InputLayer');
  checkModule(r, 'layers', "'keras.layers'");
  checkRegistered(r, 'InputLayer');
  checkLayerExtras(r);
  const cfg = r.require('config', 'the InputLayer config');
  cfg.object(['batch_shape', 'batch_input_shape', 'shape', 'dtype', 'sparse', 'ragged', 'name', 'optional', 'input_tensor'], 'an InputLayer config');
  readDtype(cfg.get('dtype'));
  requireFalse(cfg.get('sparse'), 'sparse inputs');
  requireFalse(cfg.get('ragged'), 'ragged inputs');
  const name = cfg.get('name');
  if (!name.isNull()) name.string();
  const optional = cfg.get('optional');
  if (!optional.isNull()) optional.bool();
  const t = cfg.get('input_tensor');
  if (!t.isNull()) throw t.fail('is set; expected null (input tensors are not supported)');
  for (const k of ['batch_shape', 'batch_input_shape']) {
    const s = cfg.get(k);
    if (!s.isNull()) return s.shape();
  }
  const s = cfg.get('shape');
  if (!s.isNull()) {
    const shape = s.shape();
    if (shape.length >= LIMITS.maxRank) throw s.fail(`has rank ${shape.length}; expected at most ${LIMITS.maxRank - 1}`);
    return [null, ...shape];
  }
  return undefined;
}

/** Checks the fields of a saved model nonlin does not use: short strings, or inert JSON. */
function checkModelExtras(r: Reader): void {
  for (const k of ['keras_version', 'backend', 'format', 'generatedBy', 'convertedBy']) {
    const v = r.get(k);
    if (!v.isNull()) v.string(256);
  }
  for (const k of ['compile_config', 'trainingConfig', 'training_config', 'userDefinedMetadata', 'signature', 'modelInitializer']) {
    const v = r.get(k);
    if (!v.isNull()) { v.object(); v.inertJson(); }
  }
  const manifest = r.get('weightsManifest');
  if (!manifest.isNull()) { manifest.array(Number.MAX_SAFE_INTEGER, 'a list of weight groups'); manifest.inertJson(); }
}

function readSequential(r: Reader, budget: WeightBudget, topLevel = true): Sequential {
  r.object(['module', 'class_name', 'className', 'config', 'registered_name', 'build_config', 'compile_config', 'keras_version', 'backend',
    'modelTopology', 'weightsManifest', 'format', 'generatedBy', 'convertedBy', 'trainingConfig', 'userDefinedMetadata', 'signature', 'modelInitializer'], 'a serialized model object');
  checkModelExtras(r);
  if (r.has('modelTopology')) {
    // A tfjs model.json: the topology is the model (weights are not read).
    if (!topLevel) throw new ConfigError(r.op, r.path, 'has a nested modelTopology; expected a model topology');
    const topo = r.get('modelTopology');
    if (!topo.has('model_config')) return readSequential(topo, budget, false);
    topo.object(['model_config', 'training_config', 'keras_version', 'backend'], 'a tfjs model topology');
    checkModelExtras(topo);
    return readSequential(topo.get('model_config'), budget, false);
  }
  const nameR = r.has('class_name') ? r.get('class_name') : r.require('className', 'the model class name');
  const cls = nameR.string(256, 'a model class name');
  if (cls !== 'Sequential') throw new ConfigError(r.op, nameR.path, `is ${quote(cls)}; nonlin loads only Sequential models`);
  checkModule(r, 'models', "'keras'");
  checkRegistered(r, 'Sequential');
  const cfg = r.require('config', 'the model config');
  let layerList: Reader[];
  let name: string | undefined;
  let trainable = true;
  let batchInputShape: (number | null)[] | undefined;
  let fallbackShape: (number | null)[] | undefined;
  const buildConfig = r.get('build_config');
  if (!buildConfig.isNull()) {
    buildConfig.object(['input_shape'], 'a build config');
    const s = buildConfig.get('input_shape');
    if (!s.isNull()) fallbackShape = s.shape();
  }
  if (cfg.isArray()) {
    layerList = cfg.array(LIMITS.maxLayers, 'a list of layers'); // Keras 1/2's bare list
  } else {
    cfg.object(['name', 'trainable', 'dtype', 'layers', 'build_input_shape'], 'a Sequential config');
    const n = cfg.get('name');
    if (!n.isNull()) {
      name = n.string();
      if (!isLayerName(name)) throw new ConfigError(r.op, n.path, `is ${quote(name)}; expected ${LAYER_NAME}`);
    }
    const t = cfg.get('trainable');
    if (!t.isNull()) trainable = t.bool();
    readDtype(cfg.get('dtype'));
    const b = cfg.get('build_input_shape');
    if (!b.isNull()) fallbackShape = b.shape();
    layerList = cfg.require('layers', 'the list of layers').array(LIMITS.maxLayers, 'a list of layers');
  }
  const read: { unbuilt: UnbuiltLayer; path: string }[] = [];
  for (const lr of layerList) {
    lr.object();
    const cn = lr.has('class_name') ? lr.get('class_name') : lr.get('className');
    if (cn.value === 'InputLayer') {
      if (read.length > 0) throw cn.fail('is an InputLayer after other layers; expected it first');
      batchInputShape = readInputLayer(lr);
      continue;
    }
    const unbuilt = readUnbuiltLayer(lr);
    if (read.length === 0 && batchInputShape === undefined) batchInputShape = unbuilt.layer.batchInputShape;
    read.push({ unbuilt, path: lr.path });
  }
  batchInputShape ??= fallbackShape;
  // Every weight the model will create, before any is: a layer's own build_config shape, else
  // the model's input shape as it flows through the layers (what Sequential.build does).
  let flowing = batchInputShape;
  for (const { unbuilt: u, path } of read) {
    const shape = u.buildShape ?? flowing;
    if (shape !== undefined) budget.add(path, u.layer, shape, u.buildShape !== undefined ? u.buildPath : cfg.path);
    if (flowing !== undefined) flowing = u.layer.computeOutputShape(flowing);
  }
  for (const { unbuilt } of read) buildUnbuilt(r.op, unbuilt);
  try {
    return new Sequential({ layers: read.map((l) => l.unbuilt.layer), name, trainable, batchInputShape });
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    if (e instanceof NonlinError) throw new ConfigError(r.op, cfg.path, e.message);
    throw e;
  }
}

/**
 * Loads a Sequential model from JSON text or a parsed value: Keras 3's `config.json`, a tfjs
 * `model.json` (its `modelTopology`) or a Keras 2 / tfjs topology. Untrusted input: see
 * `keras.layers.deserialize`; every problem is a ConfigError naming the field, and all the
 * weights together may take at most `options.maxWeightBytes` (default 512 MiB), checked before
 * any is allocated.
 * @example
 * const json = new keras.Sequential([new keras.layers.ELU({ alpha: 0.5 })]).serialize();
 * keras.models.deserialize(json).apply(array([-1])).tolist(); // → [-0.316060]
 * keras.models.deserialize('{"class_name": "Model"}'); // throws ConfigError
 */
export function deserialize(json: unknown, options: LoadOptions = {}): Sequential {
  const budget = weightBudget(OP, options);
  return guarded(OP, () => readSequential(Reader.root(OP, typeof json === 'string' ? parseJsonText(OP, json) : json), budget));
}
