/**
 * `nn.applyInto(out, name, x, ...params)`: an elementwise activation written into an existing
 * array, for users who manage their buffers (no allocation, no page zeroing). See
 * src/kernels/wasm/README.md ("Writing into an existing array").
 */
import { NDArray } from '../core/array.js';
import { floatResult } from '../core/dtype.js';
import { DTypeError, DisposedError, ShapeError, ValueError, describe } from '../core/errors.js';
import { formatShape } from '../core/shape.js';
import { isTracing } from '../core/tape.js';
import { applyElementwise } from '../ops/activation.js';
import { type Operand, toArray } from '../ops/operand.js';
import { ACTIVATIONS } from './activations/registry.js';
import type { ElementwiseName, ElementwiseSpec } from './activations/spec.js';

const OP = 'nn.applyInto';

/**
 * Applies the elementwise activation `name` to `x` and writes the result into `out`, which it
 * returns: `nn.applyInto(out, 'gelu', x)` computes what `nn.gelu(x)` does (the same bits, on the
 * same kernel path) without allocating an array. `params` are the activation's own, in its order
 * (`nn.applyInto(out, 'leakyRelu', x, 0.2)`).
 *
 * `out` must be a live array with x's shape (no broadcasting) and the dtype the activation returns
 * for x (float32 for float32 and integer inputs, float64 for float64, the 16-bit type for a 16-bit
 * input). `out` may be `x` itself (or share its storage): every element is read before it is
 * written, so the activation runs in place. Not differentiable: inside `grad`/`vjp` call the
 * activation itself (`nn.gelu(x)`); writing in place into an array a trace still needs throws.
 *
 * Throws ValueError (an unknown or non-elementwise name, `out` not an array, inside a trace),
 * ShapeError, DTypeError, DisposedError, and whatever the activation throws for its parameters.
 * @example
 * const x = array([-1, 0, 2]);
 * const y = zeros([3]);
 * nn.applyInto(y, 'relu', x).tolist();  // → [0, 0, 2]
 * nn.applyInto(x, 'step', x).tolist();  // in place, x itself → [0, 1, 1]
 */
export function applyInto(out: NDArray, name: ElementwiseName, x: Operand, ...params: number[]): NDArray {
  const entry = Object.hasOwn(ACTIVATIONS, name) ? ACTIVATIONS[name as keyof typeof ACTIVATIONS] : undefined;
  if (!entry || entry.spec.kind !== 'elementwise') {
    throw new ValueError(OP, `argument 'name' is ${describe(name)}; expected the name of an elementwise activation (e.g. 'relu', 'gelu')`);
  }
  if (!(out instanceof NDArray)) throw new ValueError(OP, `argument 'out' is ${describe(out)}; expected an array`);
  if (out.disposed) throw new DisposedError(OP, "argument 'out' was disposed; expected a live array");
  const xs = toArray(OP, 'x', x);
  if (xs.disposed) throw new DisposedError(OP, "argument 'x' was disposed; expected a live array");
  if (out.ndim !== xs.ndim || out.shape.some((d, i) => d !== xs.shape[i])) {
    throw new ShapeError(OP, `argument 'out' has shape ${formatShape(out.shape)}; expected x's shape ${formatShape(xs.shape)}`);
  }
  const dtype = floatResult(xs.dtype);
  if (out.dtype !== dtype) {
    throw new DTypeError(OP, `argument 'out' is ${out.dtype}; expected ${dtype}, the dtype ${name} returns for ${xs.dtype} input`);
  }
  if (isTracing() && (xs.node !== undefined || out.node !== undefined)) {
    throw new ValueError(OP, `cannot write into an array while a gradient transform traces it; call nn.${name}(x) inside grad/vjp`);
  }
  // The activation's own parameter check, then the same kernel call as nn.<name>(x), writing
  // into `out` (every element is read before it is written, so out may be x itself).
  const spec = entry.spec as ElementwiseSpec<string>;
  const [a, b] = spec.args ? (spec.args as (...p: unknown[]) => readonly [number, number])(...params) : [0, 0];
  applyElementwise(spec, xs, a, b, out);
  return out;
}
