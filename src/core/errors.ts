/**
 * Typed errors. Every message names the operation, the argument, what was received and what
 * was expected, so that a user porting a model sees at once which call went wrong:
 *   "add: cannot broadcast shapes [2,3] and [4]: axis -1 has sizes 3 and 4; expected equal
 *    sizes or 1"
 */
/**
 * The base class of every error nonlin throws on a bad argument; `op` names the operation and
 * `name` the subclass ({@link ShapeError}, {@link AxisError}, {@link DTypeError},
 * {@link ValueError}, {@link DisposedError}).
 * @example
 * try {
 *   reshape(zeros([2, 3]), [4]);
 * } catch (e) {
 *   e instanceof NonlinError;      // → true
 *   (e as NonlinError).op;         // → 'reshape'
 * }
 */
export class NonlinError extends Error {
  /** The operation that raised, e.g. 'reshape' or 'nn.glu'. */
  readonly op: string;
  constructor(op: string, message: string) {
    super(`${op}: ${message}`);
    this.op = op;
    this.name = new.target.name;
  }
}

/**
 * An argument's shape is wrong: broadcasting, reshape sizes, invalid dimensions.
 *
 * @example
 * add(zeros([2, 3]), zeros([4])); // throws ShapeError: add: cannot broadcast shapes [2,3] and [4]
 */
export class ShapeError extends NonlinError {}
/**
 * An axis is out of range, repeated or not an integer.
 *
 * @example
 * sum(array([1, 2]), 5); // throws AxisError: sum: argument 'axis' is 5
 */
export class AxisError extends NonlinError {}
/**
 * A dtype is unknown or not allowed for the operation.
 *
 * @example
 * zeros([2], 'int8' as DType); // throws DTypeError: zeros: argument 'dtype' is "int8"
 */
export class DTypeError extends NonlinError {}
/**
 * A value is outside the allowed range or of the wrong kind (Python's ValueError/TypeError).
 *
 * @example
 * arange(0, 1, 0); // throws ValueError: arange: argument 'step' is 0
 */
export class ValueError extends NonlinError {}
/**
 * An array was used after `dispose()`.
 *
 * @example
 * const x = zeros([2]);
 * x.dispose();
 * x.tolist(); // throws DisposedError: tolist: the array was disposed
 */
export class DisposedError extends NonlinError {}

/** How a received value is shown in an error message. */
export function describe(value: unknown): string {
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return `[${value.map(describe).join(',')}]`;
  if (ArrayBuffer.isView(value)) return `${value.constructor.name}(${(value as unknown as ArrayLike<unknown>).length})`;
  if (typeof value === 'object') {
    const name = (value as object).constructor?.name;
    return name && name !== 'Object' ? `a ${name}` : 'an object';
  }
  return typeof value;
}
