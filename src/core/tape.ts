/**
 * The hook between the ops and the gradient transforms. While a transform (grad, vjp, ...) is
 * tracing, each primitive op records a Node on its output: the primitive's name, its inputs,
 * and its parameters. The vjp rule for that primitive (src/autograd/rules.ts, one table keyed by
 * `Primitive`) turns the output's cotangent into the inputs' cotangents. Outside a transform
 * `tracingDepth` is 0 and recording costs one comparison.
 */
import type { NDArray } from '../core/array.js';
import type { DType } from '../core/dtype.js';
import type { ElementwiseKernelSpec, RowKernelSpec } from '../ops/activation.js';

/** Elementwise primitives of one array. */
export type UnaryPrimitive =
  | 'exp' | 'expm1' | 'log' | 'log1p' | 'sqrt' | 'tanh' | 'erf' | 'erfc' | 'sigmoid'
  | 'negative' | 'abs' | 'sign' | 'square';
/** Elementwise primitives of two arrays (broadcasting). */
export type BinaryPrimitive = 'add' | 'subtract' | 'multiply' | 'divide' | 'maximum' | 'minimum' | 'logaddexp';
/** Reductions over axes. */
export type ReducePrimitive = 'sum' | 'max' | 'min' | 'logsumexp';

type None = Record<never, never>;
interface Reduction { readonly axes: readonly number[]; readonly keepdims: boolean }

/** A scalar function's first and second derivatives, as the fused gradient kernels use them. */
export interface Derivatives {
  /** The name errors report (an activation's name, or a core op's). */
  readonly name: string;
  readonly df: (x: number, a: number, b: number) => number;
  readonly d2f: (x: number, a: number, b: number) => number;
}

/** Every primitive and the parameters its vjp rule needs. */
export interface PrimitiveParams extends Record<UnaryPrimitive | BinaryPrimitive, None>, Record<ReducePrimitive, Reduction> {
  /** cond ? x : y; inputs [cond, x, y]. */
  where: None;
  /** `shape` is the input's shape. */
  reshape: { readonly shape: readonly number[] };
  /** `shape` is the input's shape. */
  broadcastTo: { readonly shape: readonly number[] };
  transpose: { readonly axes: readonly number[] };
  concatenate: { readonly axis: number; readonly sizes: readonly number[] };
  /** One output of split: the slice [start, stop) along `axis`. */
  split: { readonly axis: number; readonly start: number; readonly stop: number };
  /** dtype conversion (astype, and the promotion inside binary ops). */
  cast: { readonly dtype: DType };
  /** A transform's leaf: the differentiated argument, viewed through a new array. */
  identity: None;
  /** An elementwise activation f(x; a, b). */
  activation: { readonly spec: ElementwiseKernelSpec<string>; readonly a: number; readonly b: number };
  /** Its fused backward: inputs [x, g], output g·f'(x). */
  activationGrad: { readonly spec: Derivatives; readonly a: number; readonly b: number };
  /** The backward's own backward: inputs [x, g], output g·f''(x). */
  activationGrad2: { readonly spec: Derivatives; readonly a: number; readonly b: number };
  /** softmax, softmin, logSoftmax, glu along `axis`. */
  activationRow: { readonly spec: RowKernelSpec<string>; readonly axis: number };
  /** Their fused backward: inputs [x, g], output Jᵀg (the shape of x). */
  activationRowGrad: { readonly spec: RowKernelSpec<string>; readonly axis: number };
  /** prelu(x, alpha); inputs [x, alpha]. */
  prelu: None;
  /** op(a)·op(b) over the last two axes (batch axes broadcast), op transposing where flagged; inputs [a, b]. */
  matmul: { readonly transposeA: boolean; readonly transposeB: boolean };
}

export type Primitive = keyof PrimitiveParams;

export interface Node<P extends Primitive = Primitive> {
  readonly primitive: P;
  readonly inputs: readonly NDArray[];
  /** Primitive parameters needed by the vjp rule (axis, alpha, ...). */
  readonly params: PrimitiveParams[P];
}

let tracingDepth = 0;

export function isTracing(): boolean {
  return tracingDepth > 0;
}

export function enterTracing(): void { tracingDepth++; }
export function exitTracing(): void { tracingDepth--; }

/** The parameters argument of `record`: optional for primitives that have none. */
type ParamsArg<P extends Primitive> = None extends PrimitiveParams[P] ? [params?: PrimitiveParams[P]] : [params: PrimitiveParams[P]];

/** Records `output = primitive(inputs; params)` when some input is being traced. */
export function record<P extends Primitive>(primitive: P, inputs: readonly NDArray[], output: NDArray, ...params: ParamsArg<P>): NDArray {
  if (tracingDepth > 0 && inputs.some((x) => x.node !== undefined)) {
    output.node = { primitive, inputs, params: params[0] ?? {} } as Node;
  }
  return output;
}
