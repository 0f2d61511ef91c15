import type { NDArray } from '../../core/array.js';
import type { ACTIVATIONS, Registry } from './registry.js';
import type { ElementwiseKernelSpec, RowKernelSpec } from '../../ops/activation.js';

/**
 * What every activation file declares. The registry (./registry.ts) is keyed by ActivationName
 * with `satisfies`, so an activation missing from it, or missing a field, is a compile error;
 * tests, docs and the Keras lookup are driven by the registry.
 */

/**
 * An activation's name in nonlin (camelCase; MLX's name is `spec.mlxName`): a key of {@link
 * ACTIVATIONS}, the registry, from which these names are derived.
 * @example
 * const name: nn.ActivationName = 'geluFastApprox';
 * nn.ACTIVATIONS[name].spec.mlxName; // → 'gelu_fast_approx'
 */
export type ActivationName = keyof Registry;
type NamesOfKind<K extends string> = { [N in ActivationName]: Registry[N]['spec']['kind'] extends K ? N : never }[ActivationName];
/** The elementwise activations' names (each has a SIMD kernel, forward and backward). */
export type ElementwiseName = NamesOfKind<'elementwise'>;
/** The row activations' names (softmax, softmin, logSoftmax, glu). */
export type RowName = NamesOfKind<'row'>;

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

/**
 * What the docs gallery plots for an activation.
 * @example
 * nn.ACTIVATIONS.relu6.spec.plot.range; // → [-2, 8]
 */
export interface PlotConfig {
  /** The x range shown: both sides of every kink, the saturation of bounded functions. */
  readonly range: readonly [number, number];
  /** For the activations that are not elementwise: the one-parameter slice that is plotted. */
  readonly slice?: {
    /** Legend label of the function, e.g. `softmax([x, 0])₀`. */
    readonly label: string;
    /** One sentence for the caption: what is plotted and what it equals. */
    readonly caption: string;
    /** The activation over a column of x values (float64, shape [n]); the output has shape [n]. */
    readonly f: (x: NDArray) => NDArray;
    /** Kinks, where markers show the derivative's value (prelu's 0). */
    readonly kinks?: readonly number[];
  };
}

/**
 * Where the activation is in Keras 3 (names as Keras spells them). test/docs.test.ts checks each
 * against `keras` itself: the Keras function with its defaults gives the numbers of the `nn` call.
 * @example
 * nn.ACTIVATIONS.silu.spec.keras; // → { activation: 'silu', aliases: ['swish'] }
 */
export interface KerasRef {
  /** `keras.activations.get(name)`; absent when Keras has no such function. */
  readonly activation?: string;
  /** Keras arguments that select this activation (gelu's `approximate`), as `{ tsName: value }`. */
  readonly args?: Readonly<Record<string, unknown>>;
  /** The `nn` parameters equal to Keras' defaults: Keras' function with its defaults = nn.<name>(x, ...nnArgs). */
  readonly nnArgs?: readonly number[];
  /** The Keras layer class, when there is a dedicated one. */
  readonly layer?: string;
  /** Other names Keras accepts (aliases). */
  readonly aliases?: readonly string[];
  /** What to say when there is no exact counterpart, or where the Keras version differs. */
  readonly note?: string;
}

interface SpecBase<N extends string> {
  readonly name: N;
  /** The Python name in mlx.nn. */
  readonly mlxName: string;
  /** The module class name in nn. */
  readonly moduleName: string;
  readonly params: readonly ParamInfo[];
  readonly doc: ActivationDoc;
  /** Required of every `nn` activation by the registry (Keras-only specs have none). */
  readonly plot?: PlotConfig;
  /** Required of every `nn` activation by the registry. */
  readonly keras?: KerasRef;
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
export type ActivationSpec = ElementwiseSpec<string> | RowSpec<string> | BinarySpec;
