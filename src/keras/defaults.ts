/**
 * Keras' defaults, in one table (a thin layer at the edge: docs/design.md): every Keras activation's parameters in
 * Keras' order with Keras' defaults, and every layer's defaults. They differ from MLX's, which
 * `nn` follows (LeakyReLU 0.3 and leaky_relu 0.2 here, 0.01 in nn; gelu exact by default; ...),
 * and they never leak into `nn`: the Keras functions pass them to `nn` explicitly.
 *
 * Sources: Keras 3 `keras/src/activations/activations.py` and `keras/src/layers/activations/*.py`
 * (3.13 API docs), tf.keras 2 `advanced_activations.py` for ThresholdedReLU, and tfjs-layers 4.22
 * `src/activations.ts` for the TensorFlow.js names.
 */

/** The kind of value a parameter takes (checked by the activation and by the config reader). */
export type ParamKind = 'number' | 'numberOrNull' | 'boolean' | 'axis' | 'axes';

/**
 * One parameter of a Keras activation: its Keras (snake_case) and TypeScript names, its kind and
 * its default.
 * @example
 * const [p] = keras.ACTIVATION_PARAMS.leaky_relu;
 * p.name;    // → 'negative_slope'
 * p.ts;      // → 'negativeSlope'
 * p.default; // → 0.2
 */
export interface KerasParam {
  /** Keras' (Python, snake_case) name, used in JSON. */
  readonly name: string;
  /** The TypeScript (camelCase) name, used in keyword objects. */
  readonly ts: string;
  readonly kind: ParamKind;
  /** The default; `required` when Keras has none (threshold's two parameters). */
  readonly default: number | boolean | null | 'required';
}

const p = (name: string, ts: string, kind: ParamKind, dflt: KerasParam['default']): KerasParam => ({ name, ts, kind, default: dflt });

/**
 * Every activation `keras.activations.get` knows, by its canonical name. Aliases (swish,
 * hard_swish, logSoftmax) are in ACTIVATION_ALIASES. `hardSigmoid` and `gelu_new` are the
 * TensorFlow.js activations of those names.
 * @example
 * keras.ACTIVATION_PARAMS.relu.map((p) => p.ts); // → ['negativeSlope', 'maxValue', 'threshold']
 * keras.ACTIVATION_PARAMS.squareplus[0].default;   // → 4
 */
export const ACTIVATION_PARAMS = {
  relu: [p('negative_slope', 'negativeSlope', 'number', 0), p('max_value', 'maxValue', 'numberOrNull', null), p('threshold', 'threshold', 'number', 0)],
  leaky_relu: [p('negative_slope', 'negativeSlope', 'number', 0.2)],
  relu6: [],
  softmax: [p('axis', 'axis', 'axes', -1)],
  celu: [p('alpha', 'alpha', 'number', 1)],
  elu: [p('alpha', 'alpha', 'number', 1)],
  selu: [],
  softplus: [],
  softsign: [],
  squareplus: [p('b', 'b', 'number', 4)],
  soft_shrink: [p('threshold', 'threshold', 'number', 0.5)],
  sparse_plus: [],
  silu: [],
  gelu: [p('approximate', 'approximate', 'boolean', false)],
  glu: [p('axis', 'axis', 'axis', -1)],
  tanh: [],
  tanh_shrink: [],
  threshold: [p('threshold', 'threshold', 'number', 'required'), p('default_value', 'defaultValue', 'number', 'required')],
  sigmoid: [],
  sparse_sigmoid: [],
  exponential: [],
  hard_sigmoid: [],
  hard_silu: [],
  hard_tanh: [],
  hard_shrink: [p('threshold', 'threshold', 'number', 0.5)],
  linear: [],
  mish: [],
  log_softmax: [p('axis', 'axis', 'axes', -1)],
  log_sigmoid: [],
  sparsemax: [p('axis', 'axis', 'axis', -1)],
  // TensorFlow.js-only activations (found in saved tfjs models).
  hardSigmoid: [],
  gelu_new: [],
} as const satisfies Record<string, readonly KerasParam[]>;

/**
 * A Keras activation's canonical name: Keras 3's snake_case names plus the TensorFlow.js-only
 * `hardSigmoid` and `gelu_new` (aliases such as 'swish' are not canonical).
 * @example
 * const name: keras.activations.KerasActivationName = 'leaky_relu';
 * keras.activations.get(name)(array([-1])).tolist(); // → [-0.2]
 */
export type KerasActivationName = keyof typeof ACTIVATION_PARAMS;

/** Other names Keras or TensorFlow.js accept for the same function. */
export const ACTIVATION_ALIASES: Readonly<Record<string, KerasActivationName>> = {
  swish: 'silu',
  hard_swish: 'hard_silu',
  logSoftmax: 'log_softmax',
};

/**
 * Names whose meaning differs in the legacy (Keras 2 / TensorFlow.js) JSON form: there
 * `hard_sigmoid` is clip(0.2x + 0.5, 0, 1) (what tfjs writes for its `hardSigmoid`, and Keras 2's
 * definition), while Keras 3's `hard_sigmoid` is relu6(x + 3)/6.
 */
export const LEGACY_ACTIVATION_NAMES: Readonly<Record<string, KerasActivationName>> = {
  hard_sigmoid: 'hardSigmoid',
};

/** The name TensorFlow.js writes for an activation in its JSON (absent: tfjs has no such activation). */
export const TFJS_ACTIVATION_NAMES: Partial<Readonly<Record<KerasActivationName, string>>> = {
  relu: 'relu', relu6: 'relu6', softmax: 'softmax', elu: 'elu', selu: 'selu', softplus: 'softplus',
  softsign: 'softsign', silu: 'swish', gelu: 'gelu', tanh: 'tanh', sigmoid: 'sigmoid', linear: 'linear',
  mish: 'mish', log_softmax: 'log_softmax', hardSigmoid: 'hard_sigmoid', gelu_new: 'gelu_new',
};

/**
 * Layer defaults (TypeScript option names).
 *
 * @example
 * keras.LAYER_DEFAULTS.LeakyReLU.negativeSlope; // → 0.3
 * keras.LAYER_DEFAULTS.ThresholdedReLU.theta;    // → 1
 */
export const LAYER_DEFAULTS = {
  ELU: { alpha: 1 },
  LeakyReLU: { negativeSlope: 0.3 },
  PReLU: { alphaInitializer: 'zeros', alphaRegularizer: null, alphaConstraint: null, sharedAxes: null },
  ReLU: { maxValue: null, negativeSlope: 0, threshold: 0 },
  Softmax: { axis: -1 },
  ThresholdedReLU: { theta: 1 },
  /** Keras' default dtype policy. */
  dtype: 'float32',
} as const;

/** Softmax's stand-in for -∞ at masked positions (Keras' `_large_negative_number`). */
export const MASK_FILL = { float16: -3e4, other: -1e9 } as const;
