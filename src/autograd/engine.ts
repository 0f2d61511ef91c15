/**
 * Reverse accumulation over the recorded graph: the one place where cotangents are summed,
 * reduced back to each input's shape (un-broadcasting) and cast to its dtype, so that the rules
 * in ./rules.ts never deal with broadcasting.
 *
 * Leaves are identity nodes over the differentiated arguments (`makeLeaf`), so a transform
 * nested inside another sees its own leaves while the outer one sees, through them, its own.
 * The backward pass runs at the caller's tracing depth: inside an outer transform it records
 * itself (that is how grad of grad works); at depth 0 it records nothing.
 */
import { NDArray, castArray } from '../core/array.js';
import { isFloat } from '../core/dtype.js';
import { add, broadcastTo, reshape, sum } from '../ops/index.js';
import { type Node, type Primitive, enterTracing, exitTracing } from '../core/tape.js';
import { RULES, type VjpRule } from './rules.js';

/** A new array over `x`'s storage whose node marks it as a leaf of the current transform. */
export function makeLeaf(x: NDArray): NDArray {
  const leaf = new NDArray(x.storage, x.shape, x.dtype);
  leaf.node = { primitive: 'identity', inputs: [x], params: {} };
  return leaf;
}

export { detach } from './detach.js';

/** Sums `ct` over the axes that broadcasting added or stretched, back to `shape`. */
function unbroadcast(ct: NDArray, shape: readonly number[]): NDArray {
  const lead = ct.ndim - shape.length;
  if (lead < 0) return broadcastTo(ct, shape);
  const axes: number[] = [];
  for (let i = 0; i < ct.ndim; i++) {
    if (i < lead || (shape[i - lead] === 1 && ct.shape[i] !== 1)) axes.push(i);
  }
  return reshape(axes.length > 0 ? sum(ct, axes, true) : ct, shape);
}

/** A cotangent in the shape and dtype of the array it belongs to. */
function fit(ct: NDArray, x: NDArray): NDArray {
  if (ct.shape.length !== x.shape.length || ct.shape.some((d, i) => d !== x.shape[i])) ct = unbroadcast(ct, x.shape);
  return ct.dtype === x.dtype ? ct : castArray(ct, x.dtype);
}

/**
 * Jᵀ·cts from `roots` back to `leaves`: each leaf's cotangent, or null where no root depends on
 * it. Only nodes that depend on a leaf are visited, so stale nodes from other traces and
 * constants cost nothing. Integer and bool arrays carry no cotangent.
 */
export function backward(roots: readonly NDArray[], cts: readonly NDArray[], leaves: readonly Node[]): (NDArray | null)[] {
  const leafSet = new Set(leaves);
  const relevant = new Map<Node, boolean>();
  const order: [Node, NDArray][] = []; // nodes that depend on a leaf, inputs before outputs
  const depends = (x: NDArray) => x.node !== undefined && relevant.get(x.node) === true && isFloat(x.dtype);
  for (const root of roots) {
    // Iterative post-order DFS: a long chain of ops must not overflow the JS stack.
    const stack: [NDArray, number][] = [[root, 0]];
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const [x, next] = top;
      const node = x.node;
      if (node === undefined || (next === 0 && relevant.has(node))) { stack.pop(); continue; }
      if (leafSet.has(node)) { relevant.set(node, true); stack.pop(); continue; }
      if (next < node.inputs.length) {
        top[1]++;
        const input = node.inputs[next];
        if (input.node !== undefined && !relevant.has(input.node)) stack.push([input, 0]);
        continue;
      }
      const dep = node.inputs.some(depends);
      relevant.set(node, dep);
      if (dep) order.push([node, x]);
      stack.pop();
    }
  }

  const grads = new Map<Node, NDArray>();
  const accumulate = (x: NDArray, ct: NDArray) => {
    const node = x.node!;
    const c = fit(ct, x);
    const previous = grads.get(node);
    grads.set(node, previous === undefined ? c : add(previous, c));
  };
  roots.forEach((root, i) => { if (depends(root)) accumulate(root, cts[i]); });
  for (let k = order.length - 1; k >= 0; k--) {
    const [node, output] = order[k];
    const ct = grads.get(node);
    if (ct === undefined) continue;
    grads.delete(node); // done with it: let the memory go
    const needs = node.inputs.map(depends);
    const rule = RULES[node.primitive] as VjpRule<Primitive>;
    const inputCts = rule(ct, { inputs: node.inputs, output, params: node.params, needs, vjpOf });
    node.inputs.forEach((input, i) => {
      const c = inputCts[i];
      if (needs[i] && c) accumulate(input, c);
    });
  }
  return leaves.map((leaf) => grads.get(leaf) ?? null);
}

/**
 * Jᵀ·ct of `fn` at `primals`, for the inputs marked in `needs`, built from recorded primitives
 * so that it can itself be differentiated. Rules use it to differentiate a backward they
 * express as a composition (the row activations' fused backward).
 */
export function vjpOf(fn: (...xs: NDArray[]) => NDArray, primals: readonly NDArray[], ct: NDArray, needs: readonly boolean[]): (NDArray | null)[] {
  const inputs = primals.map((p, i) => (needs[i] ? makeLeaf(p) : p));
  enterTracing();
  let out: NDArray;
  try {
    out = fn(...inputs);
  } finally {
    exitTracing();
  }
  const leaves = inputs.filter((_, i) => needs[i]).map((x) => x.node!);
  const cts = backward([out], [ct], leaves);
  let k = 0;
  return needs.map((need) => (need ? cts[k++] : null));
}
