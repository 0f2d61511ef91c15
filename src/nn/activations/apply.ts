/**
 * The shared machinery behind the activation functions: argument checks, the elementwise and
 * along-an-axis kernels (one pass, no temporaries), and recording for gradients.
 */
import { NDArray } from '../../core/array.js';
import { floatResult, promoteTypes } from '../../core/dtype.js';
import { ShapeError, ValueError, describe } from '../../core/errors.js';
import { type Lanes, broadcastShapes, lanesOf, normalizeAxis } from '../../core/shape.js';
import { type Derivatives, record } from '../../autograd/node.js';
import { fastElementwise, fastElementwiseGrad, fastRow, fastRowGrad } from '../../kernels/backend.js';
import { forEachBroadcast, mapBinary, mapUnary, produce, type NumberArray } from '../../kernels/js/map.js';
import { type Operand, toArray } from '../../ops/operand.js';
import type { GradLane } from './lanes.js';
import type { ElementwiseSpec, RowSpec } from './spec.js';

/** The `nn.` name an error reports, e.g. 'nn.leakyRelu'. */
export const opName = (name: string) => `nn.${name}`;

/** A parameter that must be a finite number. */
export function finite(op: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ValueError(op, `argument '${name}' is ${describe(value)}; expected a finite number`);
  }
  return value;
}

/** A parameter that must be a finite number >= 0. */
export function nonNegative(op: string, name: string, value: unknown): number {
  const v = finite(op, name, value);
  if (v < 0) throw new ValueError(op, `argument '${name}' is ${describe(v)}; expected a number >= 0`);
  return v;
}

/** A parameter that must be a finite, non-zero number (celu divides by α). */
export function nonZero(op: string, name: string, value: unknown): number {
  const v = finite(op, name, value);
  if (v === 0) throw new ValueError(op, `argument '${name}' is 0; expected a non-zero finite number`);
  return v;
}

/** Applies an elementwise activation: one pass, float64 math, one rounding to the output dtype. */
export function applyElementwise(spec: ElementwiseSpec<string>, input: Operand, a = 0, b = 0): NDArray {
  const op = opName(spec.name);
  const x = toArray(op, 'x', input);
  const dtype = floatResult(x.dtype);
  // Parameters are weak scalars, as in MLX: they take the compute type (float32 for float32 and
  // 16-bit inputs), so step(0.7, 0.7) is 1 and leakyRelu uses float32(0.01), as MLX and PyTorch do.
  if (dtype !== 'float64') { a = Math.fround(a); b = Math.fround(b); }
  const f = spec.f;
  const precise = dtype === 'float64'; // f may take a slower double-double path for float64 output
  const out = fastElementwise(spec.name, x, dtype, a, b) ?? mapUnary(x, dtype, op, (v) => f(v, a, b, precise));
  return record('activation', [x], out, { spec, a, b });
}

/**
 * Applies a function along `axis`: lane(src, srcStart, dst, dstStart, n, stride) reads n values
 * `stride` apart and writes the lane's outputs with the same stride. For glu the output lane
 * is half as long (`outLength`). `precise` is true for float64 output (see lanes.ts).
 */
export function applyAlongAxis(
  spec: RowSpec, input: Operand, axis: number,
  lane: (src: NumberArray, s0: number, dst: NumberArray, d0: number, n: number, stride: number, precise: boolean) => void,
  outLength: (n: number, op: string, axis: number) => number = (n) => n,
): NDArray {
  const op = opName(spec.name);
  const x = toArray(op, 'x', input);
  if (x.ndim === 0) throw new ShapeError(op, `argument 'x' is 0-d; expected an array with at least one dimension`);
  const ax = normalizeAxis(op, axis, x.ndim);
  const { outer, length, inner }: Lanes = lanesOf(x.shape, ax);
  const outLen = outLength(length, op, axis); // errors name the axis as the user wrote it
  const fast = fastRow(spec.name, x, ax); // float32 in the heap, along the last axis
  if (fast) return record('activationRow', [x], fast, { spec, axis: ax });
  const shape = [...x.shape];
  shape[ax] = outLen;
  const dtype = floatResult(x.dtype);
  const precise = dtype === 'float64';
  const out = produce(shape, dtype, op, (o) => {
    // Views after the output's allocation, which may grow (and so detach) a non-shared heap.
    const xs = x.valuesAsNumbers(op);
    for (let p = 0; p < outer; p++) {
      for (let i = 0; i < inner; i++) lane(xs, p * length * inner + i, o, p * outLen * inner + i, length, inner, precise);
    }
  });
  return record('activationRow', [x], out, { spec, axis: ax });
}


// ---- Backward kernels (used by the vjp rules in src/autograd/rules.ts) ----

/**
 * The fused backward of an elementwise function: g·f'(x) (order 1) or g·f''(x) (order 2), one
 * pass, float64 math, one rounding. Recorded, so that the backward can itself be differentiated
 * (grad of grad): order 1's rule uses order 2; order 2 has no rule in x (no third derivative).
 */
export function applyElementwiseGrad(spec: Derivatives, x: NDArray, g: NDArray, a: number, b: number, order: 1 | 2 = 1): NDArray {
  const d = order === 1 ? spec.df : spec.d2f;
  const fast = order === 1 ? fastElementwiseGrad(spec.name, x, g, a, b) : undefined;
  const out = fast ?? mapBinary(x, g, floatResult(promoteTypes(x.dtype, g.dtype)), spec.name, (u, v) => v * d(u, a, b));
  return record(order === 1 ? 'activationGrad' : 'activationGrad2', [x, g], out, { spec, a, b });
}

/**
 * The fused backward of a row activation: Jᵀg lane by lane, g shaped like the forward's output
 * (for glu half as long along `axis`). Recorded as 'activationRowGrad'.
 */
export function applyAlongAxisGrad(spec: RowSpec, x: NDArray, g: NDArray, axis: number, lane: GradLane): NDArray {
  const fast = fastRowGrad(spec.name, x, g, axis);
  if (fast) return record('activationRowGrad', [x, g], fast, { spec, axis });
  const op = opName(spec.name);
  const { outer, length, inner }: Lanes = lanesOf(x.shape, axis);
  const gLength = g.shape[axis];
  const out = produce(x.shape, floatResult(promoteTypes(x.dtype, g.dtype)), op, (o) => {
    const xs = x.valuesAsNumbers(op); // after the output's allocation (see applyAlongAxis)
    const gs = g.valuesAsNumbers(op);
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
  return produce(shape, floatResult(promoteTypes(x.dtype, g.dtype)), op, (o) => {
    const xs = x.valuesAsNumbers(op); // after the output's allocation (see applyAlongAxis)
    const as = alpha.valuesAsNumbers(op);
    const gs = g.valuesAsNumbers(op);
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
