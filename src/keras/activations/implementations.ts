/**
 * Every Keras activation, keyed by its Keras name (`satisfies` makes a missing one a compile
 * error): how it computes, given the input as an array and its Keras parameters, already
 * defaulted and checked. Where Keras' function equals an `nn` one it calls it (same kernel, same
 * accuracy); the Keras-only elementwise functions are ElementwiseSpecs applied by nn's fused
 * elementwise machinery, which also records them for gradients.
 */
import type { NDArray } from '../../core/array.js';
import { ValueError, describe } from '../../core/errors.js';
import { normalizeAxes } from '../../core/shape.js';
import { finite, nonNegative } from '../../core/validate.js';
import * as nn from '../../nn/index.js';
import { applyElementwise } from '../../ops/activation.js';
import type { ElementwiseSpec } from '../../nn/activations/spec.js';
import { reshape, transpose } from '../../ops/index.js';
import { type KerasActivationName, type KerasParam, ACTIVATION_PARAMS } from '../defaults.js';
import { exponentialSpec } from './exponential.js';
import { hardSigmoidSpec } from './hardSigmoid.js';
import { kerasReluSpec } from './kerasRelu.js';
import { sparsemaxAlong } from './sparsemax.js';
import { sparsePlusSpec } from './sparsePlus.js';
import { sparseSigmoidSpec } from './sparseSigmoid.js';
import { squareplusSpec } from './squareplus.js';
import { tanhShrinkSpec } from './tanhShrink.js';
import { tfjsHardSigmoidSpec } from './tfjsHardSigmoid.js';
import { thresholdSpec } from './threshold.js';

type Impl = (x: NDArray, args: readonly any[], op: string) => NDArray;

/** nn's fused elementwise kernel for a Keras-only spec. */
const applySpec = (spec: ElementwiseSpec<string>, x: NDArray, a = 0, b = 0): NDArray => applyElementwise(spec, x, a, b);

/** A lane function over several axes: the axes are moved last and merged into one. */
function alongAxes(x: NDArray, axis: number | readonly number[], op: string, fn: (x: NDArray, axis: number) => NDArray): NDArray {
  if (typeof axis === 'number') return fn(x, axis);
  const axes = normalizeAxes(op, axis, x.ndim);
  if (axes.length === 1) return fn(x, axes[0]);
  const rest = x.shape.map((_, i) => i).filter((i) => !axes.includes(i));
  const perm = [...rest, ...axes];
  const moved = transpose(x, perm);
  const merged = reshape(moved, [...rest.map((i) => x.shape[i]), axes.reduce((n, a) => n * x.shape[a], 1)]);
  const inverse = perm.map((_, i) => perm.indexOf(i));
  return transpose(reshape(fn(merged, -1), moved.shape), inverse);
}

export const IMPLS = {
  relu: (x, [s, m, t], op) => {
    if (m !== null && m < 0) throw new ValueError(op, `argument 'max_value' is ${describe(m)}; expected null or a number >= 0`);
    if (s === 0 && m === null && t === 0) return nn.relu(x);
    if (m === null && t === 0) return nn.leakyRelu(x, s);
    if (s === 0 && m === 6 && t === 0) return nn.relu6(x);
    // The cap is a weak scalar like the other parameters: float32 unless x is float64.
    const cap = m === null || x.dtype === 'float64' ? m : Math.fround(m);
    return applySpec(kerasReluSpec(cap), x, s, t);
  },
  leaky_relu: (x, [s]) => nn.leakyRelu(x, s),
  relu6: (x) => nn.relu6(x),
  softmax: (x, [axis], op) => alongAxes(x, axis, op, nn.softmax),
  celu: (x, [alpha]) => nn.celu(x, alpha),
  elu: (x, [alpha]) => nn.elu(x, alpha),
  selu: (x) => nn.selu(x),
  softplus: (x) => nn.softplus(x),
  softsign: (x) => nn.softsign(x),
  squareplus: (x, [b], op) => applySpec(squareplusSpec, x, nonNegative(op, 'b', b)),
  soft_shrink: (x, [t], op) => nn.softshrink(x, nonNegative(op, 'threshold', t)),
  sparse_plus: (x) => applySpec(sparsePlusSpec, x),
  silu: (x) => nn.silu(x),
  gelu: (x, [approximate]) => (approximate ? nn.geluApprox(x) : nn.gelu(x)),
  glu: (x, [axis]) => nn.glu(x, axis),
  tanh: (x) => nn.tanh(x),
  tanh_shrink: (x) => applySpec(tanhShrinkSpec, x),
  threshold: (x, [t, v]) => applySpec(thresholdSpec, x, t, v),
  sigmoid: (x) => nn.sigmoid(x),
  sparse_sigmoid: (x) => applySpec(sparseSigmoidSpec, x),
  exponential: (x) => applySpec(exponentialSpec, x),
  hard_sigmoid: (x) => applySpec(hardSigmoidSpec, x),
  hard_silu: (x) => nn.hardswish(x),
  hard_tanh: (x) => nn.hardTanh(x, -1, 1),
  hard_shrink: (x, [t], op) => nn.hardShrink(x, nonNegative(op, 'threshold', t)),
  linear: (x) => x,
  mish: (x) => nn.mish(x),
  log_softmax: (x, [axis], op) => alongAxes(x, axis, op, nn.logSoftmax),
  log_sigmoid: (x) => nn.logSigmoid(x),
  sparsemax: (x, [axis], op) => sparsemaxAlong(x, axis, op),
  hardSigmoid: (x) => applySpec(tfjsHardSigmoidSpec, x),
  gelu_new: (x) => nn.geluApprox(x),
} as const satisfies { readonly [N in KerasActivationName]: Impl };

/**
 * The Keras-only elementwise specs, for tests and docs.
 *
 * @example
 * keras.activations.KERAS_ELEMENTWISE_SPECS.squareplus.f(0, 4); // → 1
 */
export const KERAS_ELEMENTWISE_SPECS = {
  squareplus: squareplusSpec,
  sparse_plus: sparsePlusSpec,
  sparse_sigmoid: sparseSigmoidSpec,
  tanh_shrink: tanhShrinkSpec,
  threshold: thresholdSpec,
  exponential: exponentialSpec,
  hard_sigmoid: hardSigmoidSpec,
  hardSigmoid: tfjsHardSigmoidSpec,
} as const;

function isKeywordObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || ArrayBuffer.isView(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function checkParam(op: string, param: KerasParam, v: unknown): unknown {
  const bad = (expected: string) => new ValueError(op, `argument '${param.name}' is ${describe(v)}; expected ${expected}`);
  switch (param.kind) {
    case 'number':
      return finite(op, param.name, v);
    case 'numberOrNull':
      if (v === null) return null;
      if (typeof v !== 'number' || !Number.isFinite(v)) throw bad('a finite number or null');
      return v;
    case 'boolean':
      if (typeof v !== 'boolean') throw bad('true or false');
      return v;
    case 'axis':
      if (typeof v !== 'number' || !Number.isInteger(v)) throw bad('an integer axis');
      return v;
    case 'axes':
      if (typeof v === 'number' && Number.isInteger(v)) return v;
      if (Array.isArray(v) && v.length > 0 && v.every((a) => typeof a === 'number' && Number.isInteger(a))) return [...v];
      throw bad('an integer axis or a non-empty list of integer axes');
  }
}

/**
 * Keras parameters in Keras' order, defaulted and checked: positional (`f(x, 0.1, 6)`) or one
 * keyword object with the TypeScript or the Keras names (`f(x, { maxValue: 6 })`).
 */
export function resolveArgs(name: KerasActivationName, args: readonly unknown[], op: string): unknown[] {
  const params: readonly KerasParam[] = ACTIVATION_PARAMS[name];
  let given: unknown[] = [...args];
  if (args.length === 1 && isKeywordObject(args[0])) {
    const kw = args[0];
    given = params.map(() => undefined);
    for (const key of Object.keys(kw)) {
      const i = params.findIndex((p) => p.ts === key || p.name === key);
      if (i < 0) {
        const known = params.map((p) => `'${p.ts}'`).join(', ') || 'none';
        throw new ValueError(op, `unknown parameter '${key}'; expected one of: ${known}`);
      }
      given[i] = kw[key];
    }
  } else if (args.length > params.length) {
    throw new ValueError(op, `got ${args.length} parameters after x; expected at most ${params.length} (${params.map((p) => p.name).join(', ') || 'none'})`);
  }
  return params.map((p, i) => {
    const v = given[i];
    if (v === undefined) {
      if (p.default === 'required') throw new ValueError(op, `argument '${p.name}' is missing; Keras gives it no default`);
      return p.default;
    }
    return checkParam(op, p, v);
  });
}
