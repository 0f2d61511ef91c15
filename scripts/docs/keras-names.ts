/**
 * Where each `nn` activation is in Keras 3, for the gallery and the guides: the `keras` entry of
 * its spec (the registry makes a missing one a compile error). The names are looked up in Keras'
 * own defaults tables (src/keras/defaults.ts) here, so a name that `keras` does not know throws
 * when the docs are built and in test/docs.test.ts, which also checks that the Keras function
 * with its defaults gives the same numbers as the `nn` call.
 */
import { nn } from '../../src/index.js';
import type { ActivationName, KerasRef } from '../../src/nn/index.js';
import { ACTIVATION_PARAMS, LAYER_DEFAULTS } from '../../src/keras/index.js';

type KerasActivation = keyof typeof ACTIVATION_PARAMS;
type KerasLayer = Exclude<keyof typeof LAYER_DEFAULTS, 'dtype'>;

export type { KerasRef };

/** Each activation's Keras counterpart: its spec's `keras` entry (test/docs.test.ts checks the names against `keras`). */
export const KERAS_NAMES: Readonly<Record<ActivationName, KerasRef>> = Object.fromEntries(
  nn.ACTIVATION_NAMES.map((name) => [name, nn.ACTIVATIONS[name].spec.keras]),
) as Record<ActivationName, KerasRef>;

const snake = (s: string) => s.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase());

/** A default as Python writes it: floats with a decimal point (1.0), axes as ints, None, True. */
function pyValue(v: unknown, integer: boolean): string {
  if (v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return Number.isInteger(v) && !integer ? v.toFixed(1) : String(v);
  return `'${String(v)}'`;
}

/** The Keras function an entry names, checked against Keras' table. */
export function kerasActivation(ref: KerasRef): KerasActivation | undefined {
  if (ref.activation === undefined) return undefined;
  if (!Object.hasOwn(ACTIVATION_PARAMS, ref.activation)) throw new Error(`keras-names: keras has no activation '${ref.activation}'`);
  return ref.activation as KerasActivation;
}

/** The Keras layer an entry names, checked against Keras' table. */
export function kerasLayer(ref: KerasRef): KerasLayer | undefined {
  if (ref.layer === undefined) return undefined;
  if (!Object.hasOwn(LAYER_DEFAULTS, ref.layer) || ref.layer === 'dtype') throw new Error(`keras-names: keras has no layer '${ref.layer}'`);
  return ref.layer as KerasLayer;
}

/** How the gallery writes the Keras counterpart, e.g. `leaky_relu(x, negative_slope=0.2)`. */
export function kerasSignature(name: ActivationName): string[] {
  const ref: KerasRef = KERAS_NAMES[name];
  const lines: string[] = [];
  const activation = kerasActivation(ref);
  const layer = kerasLayer(ref);
  if (activation) {
    const params = ACTIVATION_PARAMS[activation].map((p) => {
      const chosen = ref.args && p.ts in ref.args ? ref.args[p.ts] : p.default;
      return `${p.name}=${pyValue(chosen, p.kind === 'axis' || p.kind === 'axes')}`;
    });
    const alias = ref.aliases?.length ? ` (alias ${ref.aliases.map((a) => `'${a}'`).join(', ')})` : '';
    lines.push(`keras.activations.${ref.activation}(${['x', ...params].join(', ')})${alias}`);
  }
  if (layer) {
    const defaults = LAYER_DEFAULTS[layer] as Readonly<Record<string, unknown>>;
    // Defaults that are None (unset options) are left out.
    const args = Object.entries(defaults).filter(([, v]) => v !== null).map(([k, v]) => `${snake(k)}=${pyValue(v, k === 'axis')}`);
    lines.push(`keras.layers.${ref.layer}(${args.join(', ')})`);
  }
  return lines;
}
