/**
 * The gradient transforms, as MLX has them: grad, valueAndGrad, vjp, jvp and stopGradient.
 *
 * A transform wraps each differentiated argument in a leaf (a new array over the same storage;
 * the argument itself is never touched), runs the function while tracing, and walks the
 * recorded graph backwards (./engine.ts). Transforms nest: grad(grad(f)) differentiates the
 * backward pass of the inner grad, which records itself while the outer one traces.
 *
 * jvp is computed by the double-vjp trick: the vjp u ↦ Jᵀu is recorded as a function of a
 * cotangent u, and its own vjp at the tangent t is J·t. It costs about three vjps and needs
 * no forward rules; every vjp rule is linear in its cotangent, so it is exact.
 *
 * Gradients are taken with respect to floating-point arrays only: an int or bool argument is a
 * DTypeError. Inside the function, nothing flows through int or bool values (as in JAX/MLX:
 * comparisons, casts to int and sign have zero derivative).
 */
import { NDArray } from '../core/array.js';
import { ones, zeros } from '../core/create.js';
import { isFloat } from '../core/dtype.js';
import { DTypeError, ShapeError, ValueError, describe } from '../core/errors.js';
import { formatShape } from '../core/shape.js';
import { type Operand, toArray } from '../ops/operand.js';
import { backward, detach, makeLeaf } from './engine.js';
import { type Node, enterTracing, exitTracing, isTracing } from '../core/tape.js';

/**
 * What a differentiated function returns: a one-element array, or a list whose first entry is one
 * (the rest is passed through).
 *
 * @example
 * const f = (w: NDArray) => [w.square().sum(), 'aux'] as const; // a Loss: the loss, then anything
 * const [[loss, aux], g] = valueAndGrad(f)(array([1, 2]));
 * loss.item(); // → 5
 * g.tolist(); // → [2, 4]
 */
export type Loss = NDArray | readonly [NDArray, ...unknown[]];

/**
 * The gradient of an argument: an array for an array, the same tree for a tree of arrays.
 *
 * @example
 * type Params = { w: NDArray; b: NDArray };
 * const g: Gradient<Params> = grad((p: Params) => p.w.multiply(p.b).sum())({ w: array([2]), b: array([3]) });
 * g.w.tolist(); // → [3]
 * g.b.tolist(); // → [2]
 */
export type Gradient<T> = T extends NDArray ? NDArray
  : T extends readonly unknown[] ? { -readonly [K in keyof T]: Gradient<T[K]> }
  : T extends object ? { -readonly [K in keyof T]: Gradient<T[K]> }
  : never;

/** How deep an argument tree may nest (Python's default recursion limit, which bounds JAX's pytrees). */
const MAX_TREE_DEPTH = 1000;

/**
 * Walks an argument: an array, or plain objects and lists of them. A list or object that contains
 * itself, or nesting deeper than MAX_TREE_DEPTH, is a ValueError, never a stack overflow.
 */
function mapTree(op: string, path: string, value: unknown, leaf: (x: NDArray, path: string) => unknown, open: Set<object> = new Set()): unknown {
  if (value instanceof NDArray) return leaf(value, path);
  const isList = Array.isArray(value);
  if (isList || (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype)) {
    const node = value as object;
    if (open.has(node)) throw new ValueError(op, `${path} contains itself; expected a tree (plain objects and lists without cycles) of arrays`);
    if (open.size >= MAX_TREE_DEPTH) throw new ValueError(op, `${path} is nested more than ${MAX_TREE_DEPTH} levels deep; expected a tree of at most ${MAX_TREE_DEPTH} levels`);
    open.add(node);
    try {
      if (isList) {
        const list = node as unknown[];
        const out: unknown[] = [];
        for (let i = 0; i < list.length; i++) {
          if (!(i in list)) throw new ValueError(op, `${path}[${i}] is a hole in the list; expected an array, or a tree (plain objects and lists) of arrays, to differentiate`);
          out.push(mapTree(op, `${path}[${i}]`, list[i], leaf, open));
        }
        return out;
      }
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, mapTree(op, `${path}.${k}`, v, leaf, open)]));
    } finally {
      open.delete(node);
    }
  }
  throw new ValueError(op, `${path} is ${describe(value)}; expected an array, or a tree (plain objects and lists) of arrays, to differentiate`);
}

function checkFloat(op: string, path: string, x: NDArray): void {
  if (!isFloat(x.dtype)) {
    throw new DTypeError(op, `${path} has dtype ${x.dtype}; expected a floating-point array to differentiate (convert it with astype('float32'))`);
  }
}

/**
 * Results leave the transform without their graph, unless an outer transform is tracing them.
 * At depth 0 every node is stale, so it is dropped in place: no new array per result.
 */
function release(x: NDArray): NDArray {
  if (x.node !== undefined && !isTracing()) x.node = undefined;
  return x;
}

function releaseOutput<T>(out: T): T {
  if (out instanceof NDArray) return release(out) as T;
  if (Array.isArray(out)) return out.map((v) => (v instanceof NDArray ? release(v) : v)) as T;
  return out;
}

/** Runs fn while tracing. */
function trace<T>(fn: () => T): T {
  enterTracing();
  try {
    return fn();
  } finally {
    exitTracing();
  }
}

function checkArgnums(op: string, argnums: unknown): readonly number[] {
  const list = typeof argnums === 'number' ? [argnums] : argnums;
  if (!Array.isArray(list) || list.length === 0 || list.some((i) => !Number.isInteger(i) || i < 0) || new Set(list).size !== list.length) {
    throw new ValueError(op, `argument 'argnums' is ${describe(argnums)}; expected a non-negative integer or a non-empty list of distinct non-negative integers`);
  }
  return list as number[];
}

function lossOf(op: string, out: unknown): NDArray {
  const loss = Array.isArray(out) ? out[0] : out;
  if (!(loss instanceof NDArray)) {
    throw new ValueError(op, `the function returned ${describe(out)}; expected an array with one element (or a list whose first entry is one)`);
  }
  if (loss.size !== 1) {
    throw new ValueError(op, `the function returned an array of shape ${formatShape(loss.shape)} (${loss.size} elements); expected a scalar (one element) to differentiate; use vjp for other outputs`);
  }
  checkFloat(op, 'the function\'s output', loss);
  return loss;
}

/** @internal valueAndGrad with the op name errors report (nn.valueAndGrad reuses it). */
export function valueAndGradAs<A extends unknown[], R extends Loss>(op: string, fn: (...args: A) => R, argnums: number | readonly number[] = 0): (...args: A) => [R, unknown] {
  if (typeof fn !== 'function') throw new ValueError(op, `argument 'fn' is ${describe(fn)}; expected a function`);
  const indices = checkArgnums(op, argnums);
  return (...args: A): [R, unknown] => {
    for (const i of indices) {
      if (i >= args.length) {
        throw new ValueError(op, `argument 'argnums' is ${describe(argnums)}, but the function was called with ${args.length} argument${args.length === 1 ? '' : 's'}; expected indices in [0, ${args.length - 1}]`);
      }
    }
    const leaves: Node[] = [];
    const wrapped = [...args] as A;
    for (const i of indices) {
      wrapped[i] = mapTree(op, `argument ${i}`, args[i], (x, path) => {
        checkFloat(op, path, x);
        const leaf = makeLeaf(x);
        leaves.push(leaf.node!);
        return leaf;
      });
    }
    const out = trace(() => fn(...wrapped));
    const loss = lossOf(op, out);
    const cts = backward([loss], [ones(loss.shape, loss.dtype)], leaves);
    let k = 0;
    const grads = indices.map((i) => mapTree(op, `argument ${i}`, args[i], (x) => {
      const ct = cts[k++];
      return ct === null ? zeros(x.shape, x.dtype) : release(ct);
    }));
    return [releaseOutput(out), typeof argnums === 'number' ? grads[0] : grads];
  };
}

/**
 * A function that returns `[fn(...args), gradient]`: the gradient of fn's (one-element) result
 * with respect to argument `argnums` (an array or a tree of arrays), or a list of gradients for
 * a list of argnums. fn may return a list whose first entry is the loss; the rest is passed
 * through. As MLX's `mx.value_and_grad`.
 * @example const [loss, g] = valueAndGrad((w: NDArray) => nn.gelu(w).sum())(w)
 */
export function valueAndGrad<A extends unknown[] = NDArray[], R extends Loss = NDArray>(fn: (...args: A) => R): (...args: A) => [R, Gradient<A[0]>];
export function valueAndGrad<A extends unknown[] = NDArray[], R extends Loss = NDArray, I extends number = number>(fn: (...args: A) => R, argnums: I): (...args: A) => [R, Gradient<A[I]>];
export function valueAndGrad<A extends unknown[] = NDArray[], R extends Loss = NDArray>(fn: (...args: A) => R, argnums: readonly number[]): (...args: A) => [R, Gradient<A[number]>[]];
export function valueAndGrad<A extends unknown[], R extends Loss>(fn: (...args: A) => R, argnums: number | readonly number[] = 0): (...args: A) => [R, unknown] {
  return valueAndGradAs('valueAndGrad', fn, argnums);
}

/**
 * A function that returns the gradient of fn's one-element result with respect to argument
 * `argnums` (default 0; a list gives a list of gradients). As MLX's `mx.grad`.
 * @example grad((v: NDArray) => nn.mish(v).sum())(x) // mish'(x), elementwise
 */
export function grad<A extends unknown[] = NDArray[]>(fn: (...args: A) => Loss): (...args: A) => Gradient<A[0]>;
export function grad<A extends unknown[] = NDArray[], I extends number = number>(fn: (...args: A) => Loss, argnums: I): (...args: A) => Gradient<A[I]>;
export function grad<A extends unknown[] = NDArray[]>(fn: (...args: A) => Loss, argnums: readonly number[]): (...args: A) => Gradient<A[number]>[];
export function grad<A extends unknown[]>(fn: (...args: A) => Loss, argnums: number | readonly number[] = 0): (...args: A) => unknown {
  const vg = valueAndGradAs('grad', fn, argnums);
  return (...args: A) => vg(...args)[1];
}

function arrayList(op: string, name: string, value: unknown, float: boolean): NDArray[] {
  if (!Array.isArray(value)) throw new ValueError(op, `argument '${name}' is ${describe(value)}; expected a list of arrays`);
  return value.map((v, i) => {
    if (!(v instanceof NDArray)) throw new ValueError(op, `${name}[${i}] is ${describe(v)}; expected an array`);
    if (float) checkFloat(op, `${name}[${i}]`, v);
    return v;
  });
}

function outputList(op: string, out: unknown): NDArray[] {
  const list = out instanceof NDArray ? [out] : out;
  if (!Array.isArray(list) || list.some((v) => !(v instanceof NDArray))) {
    throw new ValueError(op, `the function returned ${describe(out)}; expected an array or a list of arrays`);
  }
  return list as NDArray[];
}

function checkShapes(op: string, name: string, got: readonly NDArray[], want: readonly NDArray[], of: string): void {
  if (got.length !== want.length) {
    throw new ValueError(op, `argument '${name}' has ${got.length} entries; expected ${want.length}, one per ${of}`);
  }
  got.forEach((g, i) => {
    const shape = want[i].shape;
    if (g.shape.length !== shape.length || g.shape.some((d, k) => d !== shape[k])) {
      throw new ShapeError(op, `${name}[${i}] has shape ${formatShape(g.shape)}; expected ${formatShape(want[i].shape)}, the shape of ${of} ${i}`);
    }
  });
}

/**
 * The vector-Jacobian product: `[outputs, vjps]` with `vjps[i]` = Σⱼ (∂outputⱼ/∂primalᵢ)ᵀ·cotangentⱼ.
 * fn takes the primals and returns an array or a list of arrays; cotangents match the outputs.
 * As MLX's `mx.vjp`.
 * @example
 * const [[y], [ct]] = vjp((x) => x.square(), [array([1, 3])], [array([1, 1])]);
 * y.tolist(); // → [1, 9]
 * ct.tolist(); // → [2, 6]
 */
export function vjp(fn: (...primals: NDArray[]) => NDArray | readonly NDArray[], primals: readonly NDArray[], cotangents: readonly NDArray[]): [NDArray[], NDArray[]] {
  const op = 'vjp';
  if (typeof fn !== 'function') throw new ValueError(op, `argument 'fn' is ${describe(fn)}; expected a function`);
  const xs = arrayList(op, 'primals', primals, true);
  const cts = arrayList(op, 'cotangents', cotangents, false);
  const leaves = xs.map(makeLeaf);
  const outs = outputList(op, trace(() => fn(...leaves)));
  checkShapes(op, 'cotangents', cts, outs, 'output');
  const grads = backward(outs, cts, leaves.map((l) => l.node!));
  return [outs.map(release), grads.map((g, i) => (g === null ? zeros(xs[i].shape, xs[i].dtype) : release(g)))];
}

/**
 * The Jacobian-vector product: `[outputs, jvps]` with `jvps[j]` = Σᵢ (∂outputⱼ/∂primalᵢ)·tangentᵢ.
 * Tangents match the primals. As MLX's `mx.jvp`; computed as the vjp of the vjp (see above).
 * @example
 * const [[y], [t]] = jvp((x) => nn.relu(x), [array([-1, 2])], [array([1, 1])]);
 * y.tolist(); // → [0, 2]
 * t.tolist(); // → [0, 1]
 */
export function jvp(fn: (...primals: NDArray[]) => NDArray | readonly NDArray[], primals: readonly NDArray[], tangents: readonly NDArray[]): [NDArray[], NDArray[]] {
  const op = 'jvp';
  if (typeof fn !== 'function') throw new ValueError(op, `argument 'fn' is ${describe(fn)}; expected a function`);
  const xs = arrayList(op, 'primals', primals, true);
  const ts = arrayList(op, 'tangents', tangents, false);
  checkShapes(op, 'tangents', ts, xs, 'primal');
  const leaves = xs.map(makeLeaf);
  // The vjp u ↦ Jᵀu, recorded with u as leaves of a second level.
  const [outs, us, rs] = trace(() => {
    const outs = outputList(op, fn(...leaves));
    const us = outs.map((o) => makeLeaf(zeros(o.shape, isFloat(o.dtype) ? o.dtype : 'float32')));
    return [outs, us, backward(outs, us, leaves.map((l) => l.node!))] as const;
  });
  const used = rs.flatMap((r, i) => (r === null ? [] : [i]));
  const jvps = backward(used.map((i) => rs[i]!), used.map((i) => ts[i]), us.map((u) => u.node!));
  return [outs.map(release), jvps.map((j, k) => (j === null ? zeros(outs[k].shape, outs[k].dtype) : release(j)))];
}

/**
 * The same values, seen by every transform as a constant (no gradient flows through). As MLX's
 * `mx.stop_gradient`.
 *
 * @example
 * grad((x: NDArray) => x.multiply(stopGradient(x)).sum())(array([3])).tolist(); // → [3]
 */
export function stopGradient(x: Operand): NDArray {
  return detach(toArray('stopGradient', 'x', x));
}
