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

/** The most characters of a received string an error message shows. */
const SHOWN_CHARS = 64;
/** The most items of a received list an error message shows. */
const SHOWN_ITEMS = 16;
// Characters that would let a logged message forge lines or terminal output: C1 controls (0x9b
// is a terminal's CSI), soft hyphen, bidi marks and overrides, zero-width and line separators.
const UNSAFE = /[\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]/g;

/** Whether `text` has a control, line-separator or bidi character (one `quote` would escape). */
export function hasUnsafeCharacters(text: string): boolean {
  UNSAFE.lastIndex = 0;
  return /[\u0000-\u001f]/.test(text) || UNSAFE.test(text);
}

/**
 * A received string as error messages show it: in double quotes, escaped as JSON plus every
 * character that could forge a line or a terminal sequence, cut to `max` characters.
 */
export function quote(text: string, max = SHOWN_CHARS): string {
  const cut = text.length > max ? text.slice(0, max) : text;
  const shown = JSON.stringify(cut).replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return text.length > max ? `${shown}… (${text.length} characters)` : shown;
}

/** How a received value is shown in an error message: bounded, never raw text. */
export function describe(value: unknown): string { return describeAt(value, 0); }

function describeAt(value: unknown, depth: number): string {
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'string') return quote(value);
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) {
    if (depth >= 3 || value.length > SHOWN_ITEMS) return `a list of ${value.length} items`;
    const items: string[] = [];
    for (let i = 0; i < value.length; i++) items.push(i in value ? describeAt(value[i], depth + 1) : '<hole>');
    return `[${items.join(',')}]`;
  }
  if (ArrayBuffer.isView(value)) return `${value.constructor.name}(${(value as unknown as ArrayLike<unknown>).length})`;
  if (typeof value === 'object') {
    const name: unknown = (value as object).constructor?.name;
    return typeof name === 'string' && name !== 'Object' && /^[A-Za-z_$][\w$]{0,63}$/.test(name) ? `a ${name}` : 'an object';
  }
  return typeof value;
}
