/**
 * Every Keras activation, keyed by its Keras name (`satisfies` makes a missing one a compile
 * error): how it computes, given the input as an array and its Keras parameters, already
 * defaulted and checked. Where Keras' function equals an `nn` one it calls it (same kernel, same
 * accuracy); the Keras-only elementwise functions are ElementwiseSpecs applied by nn's fused
 * elementwise machinery, which also records them for gradients.
 */
import type { NDArray } from '../../core/array.js';
import { ValueError, describe, quote } from '../../core/errors.js';
import { MAX_NDIM, normalizeAxes } from '../../core/shape.js';
import { finite } from '../../core/validate.js';
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
  relu: (x, [s, m, t]) => {
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
  squareplus: (x, [b]) => applySpec(squareplusSpec, x, b),
  soft_shrink: (x, [t]) => nn.softshrink(x, t),
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
  hard_shrink: (x, [t]) => nn.hardShrink(x, t),
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

/**
 * Ranges narrower than a parameter's kind, checked wherever parameters are resolved: when a
 * config binds them (keras.activations.deserialize, the Activation layer) as at a call.
 */
const RANGES: Readonly<Record<string, { readonly ok: (v: number) => boolean; readonly expected: string }>> = {
  'relu.max_value': { ok: (v) => v >= 0, expected: 'null or a number >= 0' },
  'celu.alpha': { ok: (v) => v !== 0, expected: 'a non-zero finite number (celu divides by alpha)' },
  'squareplus.b': { ok: (v) => v >= 0, expected: 'a number >= 0' },
  'soft_shrink.threshold': { ok: (v) => v >= 0, expected: 'a number >= 0' },
  'hard_shrink.threshold': { ok: (v) => v >= 0, expected: 'a number >= 0' },
};

const isAxis = (a: unknown): a is number => typeof a === 'number' && Number.isInteger(a) && a >= -MAX_NDIM && a < MAX_NDIM;

/** The checked value of parameter `param` of activation `name` (a list is copied and frozen). */
function checkParam(op: string, name: KerasActivationName, param: KerasParam, v: unknown): unknown {
  const bad = (expected: string) => new ValueError(op, `argument '${param.name}' is ${describe(v)}; expected ${expected}`);
  switch (param.kind) {
    case 'number':
    case 'numberOrNull': {
      if (v === null && param.kind === 'numberOrNull') return null;
      const range = RANGES[`${name}.${param.name}`];
      if (range === undefined && param.kind === 'number') return finite(op, param.name, v);
      if (typeof v !== 'number' || !Number.isFinite(v)) throw bad(range?.expected ?? 'a finite number or null');
      if (range !== undefined && !range.ok(v)) throw bad(range.expected);
      return v;
    }
    case 'boolean':
      if (typeof v !== 'boolean') throw bad('true or false');
      return v;
    case 'axis':
      if (!isAxis(v)) throw bad(`an integer axis in [${-MAX_NDIM}, ${MAX_NDIM - 1}]`);
      return v;
    case 'axes':
      if (isAxis(v)) return v;
      if (Array.isArray(v) && v.length > 0 && v.length <= MAX_NDIM && Object.keys(v).length === v.length && v.every(isAxis) && new Set(v).size === v.length) {
        return Object.freeze([...v]);
      }
      throw bad(`an integer axis or a non-empty list of at most ${MAX_NDIM} distinct integer axes in [${-MAX_NDIM}, ${MAX_NDIM - 1}]`);
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
        throw new ValueError(op, `unknown parameter ${quote(key)}; expected one of: ${known}`);
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
    return checkParam(op, name, p, v);
  });
}
