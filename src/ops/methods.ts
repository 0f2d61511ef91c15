/**
 * The method forms of the ops on NDArray (`x.exp()`, `x.sum(1)`, `x.T`), as MLX's array methods;
 * JS has no operator overloading, so the arithmetic operators are methods too. They are installed
 * here, on the class's prototype, and declared by module augmentation, so that src/core/array.ts
 * never imports the ops (which import it): the same arrangement as tfjs-core's chained ops.
 * src/ops/index.ts imports this module, so anything that can make an array has the methods.
 */
import { NDArray } from '../core/array.js';
import * as binary from './binary.js';
import * as reduce from './reduce.js';
import type { Axes } from './reduce.js';
import * as shape from './shape.js';
import * as unary from './unary.js';
import type { Operand } from './operand.js';

declare module '../core/array.js' {
  interface NDArray {
    /** The same elements in a new shape of equal size; one dimension may be -1 (inferred). */
    reshape(...shape: number[] | [readonly number[]]): NDArray;
    add(b: Operand): NDArray;
    subtract(b: Operand): NDArray;
    multiply(b: Operand): NDArray;
    divide(b: Operand): NDArray;
    maximum(b: Operand): NDArray;
    minimum(b: Operand): NDArray;
    greater(b: Operand): NDArray;
    greaterEqual(b: Operand): NDArray;
    less(b: Operand): NDArray;
    lessEqual(b: Operand): NDArray;
    equal(b: Operand): NDArray;
    notEqual(b: Operand): NDArray;
    negative(): NDArray;
    abs(): NDArray;
    sign(): NDArray;
    square(): NDArray;
    sqrt(): NDArray;
    exp(): NDArray;
    expm1(): NDArray;
    log(): NDArray;
    log1p(): NDArray;
    tanh(): NDArray;
    sigmoid(): NDArray;
    erf(): NDArray;
    erfc(): NDArray;
    isnan(): NDArray;
    sum(axis?: Axes, keepdims?: boolean): NDArray;
    max(axis?: Axes, keepdims?: boolean): NDArray;
    min(axis?: Axes, keepdims?: boolean): NDArray;
    mean(axis?: Axes, keepdims?: boolean): NDArray;
    logsumexp(axis?: Axes, keepdims?: boolean): NDArray;
    transpose(axes?: readonly number[]): NDArray;
    /** The transpose (all axes reversed). */
    readonly T: NDArray;
    squeeze(axis?: number | readonly number[]): NDArray;
    split(indicesOrSections: number | readonly number[], axis?: number): NDArray[];
  }
}

type Unary = (x: NDArray) => NDArray;
type Binary = (x: NDArray, b: Operand) => NDArray;
type Reduction = (x: NDArray, axis?: Axes, keepdims?: boolean) => NDArray;

const methods: Record<string, PropertyDescriptor> = {
  reshape: {
    value(this: NDArray, ...dims: number[] | [readonly number[]]): NDArray {
      const list = (dims.length === 1 && Array.isArray(dims[0]) ? dims[0] : dims) as number[];
      return shape.reshape(this, list);
    },
  },
  transpose: { value(this: NDArray, axes?: readonly number[]) { return shape.transpose(this, axes); } },
  T: { get(this: NDArray) { return shape.transpose(this); } },
  squeeze: { value(this: NDArray, axis?: number | readonly number[]) { return shape.squeeze(this, axis); } },
  split: { value(this: NDArray, indicesOrSections: number | readonly number[], axis = 0) { return shape.split(this, indicesOrSections, axis); } },
};
for (const name of ['add', 'subtract', 'multiply', 'divide', 'maximum', 'minimum', 'greater', 'greaterEqual', 'less', 'lessEqual', 'equal', 'notEqual'] as const) {
  const op: Binary = binary[name];
  methods[name] = { value(this: NDArray, b: Operand) { return op(this, b); } };
}
for (const name of ['negative', 'abs', 'sign', 'square', 'sqrt', 'exp', 'expm1', 'log', 'log1p', 'tanh', 'sigmoid', 'erf', 'erfc', 'isnan'] as const) {
  const op: Unary = unary[name];
  methods[name] = { value(this: NDArray) { return op(this); } };
}
for (const name of ['sum', 'max', 'min', 'mean', 'logsumexp'] as const) {
  const op: Reduction = reduce[name];
  methods[name] = { value(this: NDArray, axis?: Axes, keepdims = false) { return op(this, axis, keepdims); } };
}
for (const [name, descriptor] of Object.entries(methods)) {
  Object.defineProperty(NDArray.prototype, name, { ...descriptor, configurable: true, enumerable: false, ...('value' in descriptor ? { writable: true } : {}) });
}
