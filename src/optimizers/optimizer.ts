/**
 * The optimizer base class, as MLX's `mlx.optimizers.Optimizer`: `update(model, grads)` applies
 * one step to a module's parameters, `applyGradients(grads, params)` returns the new parameter
 * tree without touching a module. Subclasses define the state of one parameter (`initSingle`)
 * and its update (`applySingle`); the base class walks the trees, counts steps and evaluates
 * the learning-rate schedule.
 *
 * Differences from MLX: the options are one object (`new optim.SGD({ learningRate: 0.1 })`);
 * `step` and `learningRate` are properties of the optimizer, and `state` holds only the
 * per-parameter state (MLX keeps 'step' and 'learning_rate' inside `state`).
 *
 * float32 and float64 updates run as one fused loop per parameter (float64 arithmetic, each
 * stored array rounded once); under a transform (the parameters are traced) and for 16-bit
 * floats they are written with the recorded ops, so that they can be differentiated.
 */
import { NDArray } from '../core/array.js';
import { ValueError, describe } from '../core/errors.js';
import { isTracing } from '../core/tape.js';
import { Module, type ParameterTree } from '../nn/module.js';

/**
 * A learning rate as a function of the step count (0 for the first update), as MLX's schedules.
 * @example new optim.SGD({ learningRate: (step) => 0.1 * 0.95 ** step })
 */
export type Schedule = (step: number) => number;

/**
 * The state of one parameter: named arrays (SGD's `v`, Adam's `m` and `v`).
 * @example (opt.state as { weight: optim.ParameterState }).weight.m  // Adam's first moment of `weight`
 */
export type ParameterState = Record<string, NDArray>;

/**
 * The optimizer's state: the gradient tree with a ParameterState at each leaf.
 * @example opt.state  // { layers: [{ weight: { m, v }, bias: { m, v } }, {}, ...] } for a Sequential under Adam
 */
export type StateTree = { [key: string]: ParameterState | StateTree | StateTree[] } | StateTree[];

function checkRate(op: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new ValueError(op, `the learning rate is ${describe(value)}; expected a finite number >= 0 (or a schedule returning one)`);
  }
  return value;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof NDArray);

/**
 * The base of every optimizer (MLX's `Optimizer`): `update(model, grads)`, `applyGradients`,
 * `init`, `state`, `step`, `learningRate`. Subclasses implement `initSingle` and `applySingle`.
 * @example
 * const opt = new optim.Adam({ learningRate: 1e-3 });
 * const [loss, grads] = nn.valueAndGrad(model, lossFn)(x, y);
 * opt.update(model, grads);
 */
export abstract class Optimizer {
  /** Per-parameter state, created at the first update (or by `init`). */
  state: StateTree = {};
  private stepCount = 0;
  private rate: number;
  private readonly schedule: Schedule | undefined;
  protected readonly op: string;

  constructor(op: string, learningRate: number | Schedule) {
    this.op = op;
    if (typeof learningRate === 'function') {
      this.schedule = learningRate;
      this.rate = checkRate(op, learningRate(0));
    } else {
      this.schedule = undefined;
      this.rate = checkRate(op, learningRate);
    }
  }

  /** Updates applied so far. */
  get step(): number { return this.stepCount; }

  /** The learning rate of the next update (a schedule's value at the current step). */
  get learningRate(): number { return this.rate; }
  set learningRate(value: number) { this.rate = checkRate(this.op, value); }

  /** Creates the state of every parameter in `parameters` that has none yet. */
  init(parameters: ParameterTree | Module): void {
    const tree = parameters instanceof Module ? parameters.trainableParameters() : parameters;
    this.state = this.walkInit(tree, this.state, 'parameters') as StateTree;
  }

  private walkInit(params: unknown, state: unknown, path: string): unknown {
    if (params instanceof NDArray) return isPlainObject(state) && Object.keys(state).length > 0 ? state : this.initSingle(params);
    if (Array.isArray(params)) {
      const list = Array.isArray(state) ? state : [];
      return params.map((p, i) => this.walkInit(p, list[i], `${path}[${i}]`));
    }
    if (isPlainObject(params)) {
      const obj = isPlainObject(state) ? state : {};
      for (const [k, v] of Object.entries(params)) obj[k] = this.walkInit(v, obj[k], `${path}.${k}`);
      return obj;
    }
    throw new ValueError(this.op, `${path} is ${describe(params)}; expected a tree (plain objects and lists) of arrays`);
  }

  /**
   * One step: the parameters updated with `gradients`, as a tree shaped like `gradients`.
   * `parameters` (a module or a tree) may hold more than the gradients; only the parameters
   * with a gradient are updated and returned. Counts the step.
   */
  applyGradients(gradients: ParameterTree, parameters: ParameterTree | Module): ParameterTree {
    const params = parameters instanceof Module ? parameters.parameters() : parameters;
    this.init(gradients);
    if (this.schedule !== undefined) this.rate = checkRate(this.op, this.schedule(this.stepCount));
    this.stepCount++;
    return this.walkApply(gradients, params, this.state, 'gradients') as ParameterTree;
  }

  private walkApply(grads: unknown, params: unknown, state: unknown, path: string): unknown {
    if (grads instanceof NDArray) {
      if (!(params instanceof NDArray)) {
        throw new ValueError(this.op, `${path} has a gradient but the parameters hold ${describe(params)} there; expected an array`);
      }
      return this.applySingle(grads, params, state as ParameterState);
    }
    if (Array.isArray(grads)) {
      if (!Array.isArray(params)) throw new ValueError(this.op, `${path} is a list in the gradients but ${describe(params)} in the parameters; expected matching trees`);
      return grads.map((g, i) => this.walkApply(g, params[i], (state as unknown[])[i], `${path}[${i}]`));
    }
    if (isPlainObject(grads)) {
      if (!isPlainObject(params)) throw new ValueError(this.op, `${path} is an object in the gradients but ${describe(params)} in the parameters; expected matching trees`);
      const out: Record<string, unknown> = {};
      for (const [k, g] of Object.entries(grads)) out[k] = this.walkApply(g, params[k], (state as Record<string, unknown>)[k], `${path}.${k}`);
      return out;
    }
    throw new ValueError(this.op, `${path} is ${describe(grads)}; expected a tree (plain objects and lists) of arrays`);
  }

  /** Applies one step to `model`: `model.update(applyGradients(gradients, model))`. */
  update(model: Module, gradients: ParameterTree): void {
    if (!(model instanceof Module)) throw new ValueError(this.op, `argument 'model' is ${describe(model)}; expected an nn.Module`);
    model.update(this.applyGradients(gradients, model));
  }

  /** The state of a new parameter. */
  protected abstract initSingle(parameter: NDArray): ParameterState;
  /** The updated parameter; writes the parameter's new state into `state`. */
  protected abstract applySingle(gradient: NDArray, parameter: NDArray, state: ParameterState): NDArray;
}

/** Checks an optimizer's numeric hyperparameter. */
export function hyper(op: string, name: string, value: unknown, ok: (v: number) => boolean, expected: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || !ok(value)) {
    throw new ValueError(op, `argument '${name}' is ${describe(value)}; expected ${expected}`);
  }
  return value;
}

/**
 * @internal Whether an update may run as one fused loop: float32 or float64 arrays of one dtype
 * and one shape, and no transform tracing any of them (then the update is written with the
 * recorded ops, so that it can be differentiated).
 */
export function fusable(...xs: NDArray[]): boolean {
  const [first] = xs;
  if (first.dtype !== 'float32' && first.dtype !== 'float64') return false;
  for (const x of xs) {
    if (x.dtype !== first.dtype || x.shape.length !== first.shape.length || x.shape.some((d, i) => d !== first.shape[i])) return false;
    if (isTracing() && x.node !== undefined) return false;
  }
  return true;
}

/** @internal A new uninitialized array shaped like `x`, and its elements. */
export function like(x: NDArray): [NDArray, Float32Array | Float64Array] {
  const out = NDArray.empty(x.shape, x.dtype);
  return [out, out.data('optim') as Float32Array | Float64Array];
}

/** @internal The elements of a float32 or float64 array. */
export function values(x: NDArray): Float32Array | Float64Array {
  return x.data('optim') as Float32Array | Float64Array;
}
