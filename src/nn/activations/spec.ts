import type { ElementwiseKernelSpec, RowKernelSpec } from '../../ops/activation.js';

/**
 * What every activation file declares. The registry (./registry.ts) is keyed by ActivationName
 * with `satisfies`, so an activation missing from it, or missing a field, is a compile error;
 * tests, docs and the Keras lookup are driven by the registry.
 */

export type ElementwiseName =
  | 'celu' | 'elu' | 'gelu' | 'geluApprox' | 'geluFastApprox' | 'hardShrink' | 'hardTanh'
  | 'hardswish' | 'leakyRelu' | 'logSigmoid' | 'mish' | 'relu' | 'relu2' | 'relu6' | 'selu'
  | 'sigmoid' | 'silu' | 'softplus' | 'softshrink' | 'softsign' | 'step' | 'tanh';
export type RowName = 'softmax' | 'logSoftmax' | 'softmin' | 'glu';
/**
 * An activation's name in nonlin (camelCase; MLX's name is `spec.mlxName`): a key of {@link
 * ACTIVATIONS}.
 * @example
 * const name: nn.ActivationName = 'geluFastApprox';
 * nn.ACTIVATIONS[name].spec.mlxName; // → 'gelu_fast_approx'
 */
export type ActivationName = ElementwiseName | RowName | 'prelu';

/** A positional numeric parameter, in MLX's order, with MLX's default. */
export interface ParamInfo {
  readonly name: string;
  readonly default: number;
}

/** The words and math the docs print for an activation. */
export interface ActivationDoc {
  /** One sentence. */
  readonly summary: string;
  /** The formula, in the plain notation the tests use (e.g. `x > 0 ? x : α(eˣ − 1)`). */
  readonly formula: string;
  /** The derivative, same notation. */
  readonly derivative: string;
  /** The convention at each kink (or "smooth"). */
  readonly kinks: string;
  /** Paper or source of the definition. */
  readonly reference?: string;
  /** Where nonlin's numerics differ from MLX's, and why (shown in the docs). */
  readonly accuracyNote?: string;
}

interface SpecBase<N extends string> {
  readonly name: N;
  /** The Python name in mlx.nn. */
  readonly mlxName: string;
  /** The module class name in nn. */
  readonly moduleName: string;
  readonly params: readonly ParamInfo[];
  readonly doc: ActivationDoc;
}

/**
 * A function applied to each element on its own. `f` and `df` work in float64 arithmetic with
 * up to two numeric parameters (a, b), accurate to about 1 float64 ULP so that one rounding to
 * float32 is within 1 float32 ULP, and to 2 ULP in float64 itself.
 * @example
 * const spec = nn.ACTIVATIONS.relu6.spec as nn.ElementwiseSpec;
 * spec.f(7, 0, 0); // → 6
 */
export interface ElementwiseSpec<N extends string = ElementwiseName> extends SpecBase<N>, ElementwiseKernelSpec<N> {
  readonly kind: 'elementwise';
  /**
   * Checks the activation's own parameters (undefined takes MLX's default) and maps them to the
   * kernel's (a, b); absent when it has none. `nn.<name>` and `nn.applyInto` both call it.
   */
  readonly args?: (...params: never[]) => readonly [number, number];
  readonly test: ElementwiseTestDomain;
}

/** What the registry-driven tests check for an elementwise activation, beyond the fixtures. */
export interface ElementwiseTestDomain {
  /** Kink points (where f or f' is not smooth) for the given params; tested with their neighbours. */
  readonly kinks: (a: number, b: number) => readonly number[];
  /** f(-Infinity), f(+Infinity) for default params. */
  readonly limits: readonly [number, number];
  /** f never decreases (for default params). */
  readonly monotonic: boolean;
  /** [lower, upper] bounds of f for default params (inclusive). */
  readonly range: readonly [number, number];
}

/**
 * An activation applied along one axis (softmax, logSoftmax, softmin, glu).
 *
 * @example
 * nn.ACTIVATIONS.softmin.spec.kind; // → 'row'
 */
export interface RowSpec<N extends string = RowName> extends SpecBase<N>, RowKernelSpec<N> {
  readonly kind: 'row';
}

/**
 * prelu: elementwise in x and a broadcast weight.
 *
 * @example
 * const spec: nn.BinarySpec = nn.ACTIVATIONS.prelu.spec;
 * spec.f(-2, 0.25); // → -0.5
 */
export interface BinarySpec extends SpecBase<'prelu'> {
  readonly kind: 'binary';
  readonly f: (x: number, alpha: number) => number;
}

/**
 * An activation's spec, one of three kinds: `'elementwise'` ({@link ElementwiseSpec}), `'row'`
 * (along an axis, {@link RowSpec}) or `'binary'` (prelu, {@link BinarySpec}).
 * @example nn.ACTIVATION_NAMES.filter((n) => nn.ACTIVATIONS[n].spec.kind === 'row'); // → ['glu', 'logSoftmax', 'softmax', 'softmin']
 */
export type ActivationSpec = ElementwiseSpec | RowSpec | BinarySpec;
