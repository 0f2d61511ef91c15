/**
 * Applying an activation: the primitives the `nn` activations are made of. An elementwise
 * activation is a scalar function with its derivatives (f, f', f''); a row activation is a lane
 * kernel along an axis with its backward. `nn` describes each activation (src/nn/activations/)
 * and calls these; the vjp rules (src/autograd/rules.ts) call the backward ones through the spec
 * recorded on the node, so the engine never imports `nn`.
 *
 * Every call runs one fused pass (the WebAssembly kernel where there is one, else the JS loop)
 * with no temporaries, and records itself for gradients.
 */
import { NDArray } from '../core/array.js';
import { floatResult, promoteTypes } from '../core/dtype.js';
import { ShapeError } from '../core/errors.js';
import { type Lanes, broadcastShapes, lanesOf, normalizeAxis } from '../core/shape.js';
import { type Derivatives, record } from '../core/tape.js';
import { elementwise, elementwiseGrad } from '../kernels/elementwise.js';
import type { Cost } from '../kernels/threads.js';
import { rowActivation, rowActivationGrad } from '../kernels/rows.js';
import { forEachBroadcast, mapBinary, mapUnary, produce } from '../kernels/js/map.js';
import type { GradLane, Lane } from '../kernels/js/rows.js';
import type { ElementwiseName, RowName } from '../nn/activations/spec.js';
import { type Operand, toArray } from './operand.js';

/** The `nn.` name an error reports, e.g. 'nn.leakyRelu'. */
export const opName = (name: string) => `nn.${name}`;

/**
 * What applying an elementwise activation needs: its name (the kernel's), f in float64 with up to
 * two parameters, and its derivatives. `precise` is true for float64 output (f may then take a
 * slower double-double path).
 */
export interface ElementwiseKernelSpec<N extends string = ElementwiseName> extends Derivatives {
  readonly name: N;
  readonly f: (x: number, a: number, b: number, precise?: boolean) => number;
  /** How soon its kernel is worth splitting across threads (see src/kernels/threads.ts). */
  readonly cost?: Cost;
}

/** What applying a row activation needs: its JS lanes, its output length and its backward. */
export interface RowKernelSpec<N extends string = RowName> {
  readonly name: N;
  readonly lane: Lane;
  readonly gradLane: GradLane;
  /** The output's length along the axis for an input length n (glu: n/2; checks n). */
  readonly outLength?: (n: number, op: string, axis: number) => number;
  /**
   * The VJP written with recorded ops, so that it can itself be differentiated (grad of grad);
   * less accurate than gradLane in float32, so used only for derivatives of the backward.
   */
  readonly backward: (x: NDArray, g: NDArray, axis: number) => NDArray;
  /** Whether the VJP is symmetric in g (softmax, softmin): its transpose in g is the VJP again. */
  readonly symmetric?: boolean;
}

/**
 * Applies an elementwise activation: one pass, one rounding to the output dtype. `out`, when
 * given, receives the result (x's shape and the result dtype, checked by the caller).
 */
export function applyElementwise(spec: ElementwiseKernelSpec<string>, input: Operand, a = 0, b = 0, out?: NDArray): NDArray {
  const op = opName(spec.name);
  const x = toArray(op, 'x', input);
  const dtype = floatResult(x.dtype);
  // Parameters are weak scalars, as in MLX: they take the compute type (float32 for float32 and
  // 16-bit inputs), so step(0.7, 0.7) is 1 and leakyRelu uses float32(0.01), as MLX and PyTorch do.
  if (dtype !== 'float64') { a = Math.fround(a); b = Math.fround(b); }
  const f = spec.f;
  const precise = dtype === 'float64';
  const result = elementwise(spec.name, x, dtype, a, b, out, spec.cost) ?? mapUnary(x, dtype, op, (v) => f(v, a, b, precise), out);
  return record('activation', [x], result, { spec, a, b });
}

/**
 * The fused backward of an elementwise function: g·f'(x) (order 1) or g·f''(x) (order 2), one
 * pass, one rounding. Recorded, so that the backward can itself be differentiated (grad of
 * grad): order 1's rule uses order 2; order 2 has no rule in x (no third derivative).
 */
export function applyElementwiseGrad(spec: Derivatives, x: NDArray, g: NDArray, a: number, b: number, order: 1 | 2 = 1): NDArray {
  const d = order === 1 ? spec.df : spec.d2f;
  const fast = order === 1 ? elementwiseGrad(spec.name, x, g, a, b, 'cost' in spec ? (spec as ElementwiseKernelSpec<string>).cost : undefined) : undefined;
  const out = fast ?? mapBinary(x, g, floatResult(promoteTypes(x.dtype, g.dtype)), spec.name, (u, v) => v * d(u, a, b));
  return record(order === 1 ? 'activationGrad' : 'activationGrad2', [x, g], out, { spec, a, b });
}

/** Applies a row activation along `axis` (one pass per lane, float64 math, one rounding per output). */
export function applyAlongAxis(spec: RowKernelSpec<string>, input: Operand, axis: number): NDArray {
  const op = opName(spec.name);
  const x = toArray(op, 'x', input);
  if (x.ndim === 0) throw new ShapeError(op, `argument 'x' is 0-d; expected an array with at least one dimension`);
  const ax = normalizeAxis(op, axis, x.ndim);
  const { outer, length, inner }: Lanes = lanesOf(x.shape, ax);
  const outLen = spec.outLength ? spec.outLength(length, op, axis) : length; // errors name the axis as the user wrote it
  const fast = rowActivation(spec.name, x, ax);
  if (fast) return record('activationRow', [x], fast, { spec, axis: ax });
  const shape = [...x.shape];
  shape[ax] = outLen;
  const xs = x.valuesAsNumbers(op);
  const precise = floatResult(x.dtype) === 'float64';
  const lane = spec.lane;
  const out = produce(shape, floatResult(x.dtype), op, (o) => {
    for (let p = 0; p < outer; p++) {
      for (let i = 0; i < inner; i++) lane(xs, p * length * inner + i, o, p * outLen * inner + i, length, inner, precise);
    }
  });
  return record('activationRow', [x], out, { spec, axis: ax });
}

/**
 * The fused backward of a row activation: Jᵀg lane by lane, g shaped like the forward's output
 * (for glu half as long along `axis`). Recorded as 'activationRowGrad'.
 */
export function applyAlongAxisGrad(spec: RowKernelSpec<string>, x: NDArray, g: NDArray, axis: number): NDArray {
  const fast = rowActivationGrad(spec.name, x, g, axis);
  if (fast) return record('activationRowGrad', [x, g], fast, { spec, axis });
  const op = opName(spec.name);
  const { outer, length, inner }: Lanes = lanesOf(x.shape, axis);
  const gLength = g.shape[axis];
  const xs = x.valuesAsNumbers(op);
  const gs = g.valuesAsNumbers(op);
  const lane = spec.gradLane;
  const out = produce(x.shape, floatResult(promoteTypes(x.dtype, g.dtype)), op, (o) => {
    for (let p = 0; p < outer; p++) {
      for (let i = 0; i < inner; i++) {
        const start = p * length * inner + i;
        lane(xs, start, gs, p * gLength * inner + i, o, start, length, inner);
      }
    }
  });
  return record('activationRowGrad', [x, g], out, { spec, axis });
}

/**
 * prelu's backward at the broadcast shape of x, alpha and g (the caller reduces to each input's
 * shape): ∂x = g·(x > 0 ? 1 : α), ∂α = g·(x > 0 ? 0 : x). One pass per output, float64 math,
 * one rounding; a NaN in x gives NaN in both. Not recorded: the vjp rule uses it only when
 * nothing is tracing the backward.
 */
export function preluGrad(x: NDArray, alpha: NDArray, g: NDArray, wrt: 'x' | 'alpha'): NDArray {
  const op = opName('prelu');
  const shape = broadcastShapes(op, x.shape, alpha.shape, g.shape);
  const xs = x.valuesAsNumbers(op);
  const as = alpha.valuesAsNumbers(op);
  const gs = g.valuesAsNumbers(op);
  return produce(shape, floatResult(promoteTypes(x.dtype, g.dtype)), op, (o) => {
    forEachBroadcast(shape, [x.shape, alpha.shape, g.shape], (start, [ix, ia, ig], [sx, sa, sg], n) => {
      for (let j = 0; j < n; j++) {
        const v = xs[ix + j * sx];
        const gv = gs[ig + j * sg];
        o[start + j] = wrt === 'x'
          ? (v > 0 ? gv : v <= 0 ? gv * as[ia + j * sa] : NaN)
          : (v > 0 ? 0 : gv * v);
      }
    });
  });
}
