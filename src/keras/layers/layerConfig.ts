/**
 * Reading a layer's config into typed options, shared by every layer class and the JSON boundary
 * (wire.ts): key spelling, the base fields, and construction with every field checked. Layers
 * import this module, never wire.ts, which imports the layers.
 */
import { NonlinError, quote } from '../../core/errors.js';
import { ConfigError } from '../errors.js';
import { type Json, LIMITS, Reader, isKerasModule } from '../config.js';
import type { NameSemantics } from '../activations/index.js';
import { type DTypePolicyName, DTYPE_POLICIES, LAYER_NAME, type Layer, type LayerArgs, isLayerName } from './layer.js';

/**
 * Which JSON to write: Keras 3's saved form, or the Keras 2 / TensorFlow.js form.
 *
 * @example
 * keras.layers.serialize(new keras.layers.ReLU(), { format: 'tfjs' }).config.dtype; // → 'float32'
 * keras.layers.serialize(new keras.layers.ReLU()).module; // → 'keras.layers'
 */
export type WireFormat = 'keras3' | 'tfjs';
/** How config keys are spelled: JSON (snake_case) or TypeScript (camelCase). */
export type KeyStyle = 'snake' | 'camel';

export const key = (f: { readonly ts: string; readonly json: string }, style: KeyStyle): string => (style === 'snake' ? f.json : f.ts);

/** What serialization needs from a layer class (static side). */
export interface LayerClass {
  readonly className: string;
  readonly fields: readonly { readonly ts: string; readonly json: string }[];
  readOwn(r: Reader, style: KeyStyle, semantics: NameSemantics): Record<string, unknown>;
  new (args: any): Layer & { writeOwn(format: WireFormat): Record<string, Json> };
}

const BASE_FIELDS = [
  { ts: 'name', json: 'name' }, { ts: 'trainable', json: 'trainable' }, { ts: 'dtype', json: 'dtype' },
  { ts: 'batchInputShape', json: 'batch_input_shape' },
] as const;
// Accepted and checked, but not kept: Keras' other base keyword arguments.
const IGNORED_BASE_FIELDS = [
  { ts: 'batchShape', json: 'batch_shape' }, { ts: 'inputShape', json: 'input_shape' },
  { ts: 'autocast', json: 'autocast' }, { ts: 'activityRegularizer', json: 'activity_regularizer' },
  { ts: 'batchSize', json: 'batch_size' }, { ts: 'inputDtype', json: 'input_dtype' },
] as const;

/** @internal Reads a dtype: a policy name, or Keras 3's `{module, class_name: 'DTypePolicy', config: {name}}`. */
export function readDtype(r: Reader): DTypePolicyName | undefined {
  if (r.isNull()) return undefined;
  let nameR = r;
  if (r.isObject()) {
    r.object(['module', 'class_name', 'className', 'config', 'registered_name'], 'a dtype policy');
    const cls = (r.has('class_name') ? r.get('class_name') : r.require('className', 'the policy class')).string(64);
    if (cls !== 'DTypePolicy' && cls !== 'FloatDTypePolicy') {
      throw new ConfigError(r.op, r.path, `has class ${quote(cls)}; expected a DTypePolicy (quantized policies are not supported)`);
    }
    const moduleR = r.get('module');
    if (!moduleR.isNull()) {
      const m = moduleR.string(256, 'a module name');
      if (!isKerasModule(m, 'dtype_policies')) throw new ConfigError(r.op, moduleR.path, `is ${quote(m)}; expected 'keras' (custom code is never loaded)`);
    }
    const reg = r.get('registered_name');
    if (!reg.isNull() && reg.string(256) !== cls) throw new ConfigError(r.op, reg.path, 'names a custom registered policy; nonlin loads only built-in ones');
    const cfg = r.require('config', 'the policy config').object(['name']);
    nameR = cfg.require('name', 'the policy name');
  }
  const name = nameR.string(64, 'a dtype policy name');
  if (!(DTYPE_POLICIES as readonly string[]).includes(name)) {
    throw new ConfigError(r.op, nameR.path, `is ${quote(name)}; expected one of ${DTYPE_POLICIES.join(', ')}`);
  }
  return name as DTypePolicyName;
}

function readBase(r: Reader, style: KeyStyle): LayerArgs {
  const args: LayerArgs = {};
  const name = r.get(key(BASE_FIELDS[0], style));
  if (!name.isNull()) {
    const s = name.string();
    if (!isLayerName(s)) throw new ConfigError(r.op, name.path, `is ${quote(s)}; expected ${LAYER_NAME}`);
    args.name = s;
  }
  const trainable = r.get(key(BASE_FIELDS[1], style));
  if (!trainable.isNull()) args.trainable = trainable.bool();
  const dtype = readDtype(r.get(key(BASE_FIELDS[2], style)));
  if (dtype !== undefined) args.dtype = dtype;
  for (const f of [BASE_FIELDS[3], IGNORED_BASE_FIELDS[0]]) {
    const s = r.get(key(f, style));
    if (!s.isNull()) args.batchInputShape = s.shape();
  }
  const inputShape = r.get(key(IGNORED_BASE_FIELDS[1], style));
  if (!inputShape.isNull()) {
    const s = inputShape.shape();
    if (s.length >= LIMITS.maxRank) throw new ConfigError(r.op, inputShape.path, `has rank ${s.length}; expected at most ${LIMITS.maxRank - 1}`);
    args.batchInputShape ??= [null, ...s];
  }
  const autocast = r.get(key(IGNORED_BASE_FIELDS[2], style));
  if (!autocast.isNull()) autocast.bool();
  const activity = r.get(key(IGNORED_BASE_FIELDS[3], style));
  if (!activity.isNull()) throw new ConfigError(r.op, activity.path, 'is set; activity regularizers are not supported (expected null)');
  const batchSize = r.get(key(IGNORED_BASE_FIELDS[4], style));
  if (!batchSize.isNull()) batchSize.int('an integer batch size or null');
  const inputDtype = r.get(key(IGNORED_BASE_FIELDS[5], style));
  if (!inputDtype.isNull()) inputDtype.string(64);
  return args;
}

/**
 * Makes a layer of class `cls` from the fields of config `r` (an object), checking every field.
 * Constructor errors (an option out of range) become ConfigErrors naming the config.
 */
export function construct(cls: LayerClass, r: Reader, style: KeyStyle, semantics: NameSemantics): Layer {
  const allowed = [...BASE_FIELDS, ...IGNORED_BASE_FIELDS, ...cls.fields].map((f) => key(f, style));
  r.object(allowed, `the config object of a ${cls.className} layer`);
  const args = { ...readBase(r, style), ...cls.readOwn(r, style, semantics) };
  try {
    return new cls(args);
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    if (e instanceof NonlinError) throw new ConfigError(r.op, r.path, e.message);
    throw e;
  }
}

/** Runs `read`, turning anything thrown that is not a NonlinError (a hostile object's trap) into a ConfigError. */
export function guarded<T>(op: string, read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof NonlinError) throw e;
    throw new ConfigError(op, '', `the config could not be read (${quote(e instanceof Error ? e.message : String(e), 200)})`);
  }
}

/** Builds `cls` from its getConfig() result (TypeScript names; untrusted as well). */
export function fromConfigOf<C extends { readonly className: string; new (...args: any[]): Layer }>(cls: C, config: unknown): InstanceType<C> {
  const op = `keras.layers.${cls.className}.fromConfig`;
  return guarded(op, () => construct(cls as unknown as LayerClass, Reader.root(op, config), 'camel', 'keras3') as InstanceType<C>);
}
