/**
 * The control block shared by the main thread and one kernel worker (src/kernels/threads.ts,
 * src/kernels/worker.ts): a SharedArrayBuffer of CONTROL_BYTES, an Int32Array over its first 32
 * bytes (the slots below, the only ones Atomics touch) and a Float64Array from byte 32 (the job's
 * arguments: byte offsets up to 4 GiB do not fit an int32, and a, b are float64).
 */
export const CONTROL_BYTES = 256;
/** Int32 slot: the last job handed over (the main thread increments it, then notifies). */
export const SEQ = 0;
/** Int32 slot: the last job finished (the worker stores SEQ's value, then notifies). */
export const DONE = 1;
/** Int32 slot: the kernel, as an index into the export names sent at start. */
export const KERNEL = 2;
/** Int32 slot: 1 when the worker's kernel threw (the main thread then reruns the chunk itself). */
export const FAILED = 3;
/**
 * Int32 slot: 0 for an elementwise job (the arguments in ARG's layout), else how many arguments a
 * row kernel takes, passed in order (src/kernels/wasm/assembly/rows/; at most ARG_SLOTS).
 */
export const POSITIONAL = 4;
/** Int32 slot: the worker stores 1 once it serves jobs (read with Atomics, so a synchronous loop sees it). */
export const READY = 5;
/**
 * Int32 slot: 1 for a shared job (threads.ts runShared): instead of one fixed range, the worker
 * takes chunks of units (elements or rows) from a counter in the heap until none are left, marking
 * each one done; its arguments are in SHARED_ARG's layout.
 */
export const SHARED = 6;
/** Byte offset of the Float64Array of arguments: dst, src, g (backward only), n, a, b. */
export const ARGS_AT = 32;
export const ARG = { dst: 0, src: 1, g: 2, n: 3, a: 4, b: 5 } as const;
/** How many float64 argument slots the block has (a row kernel takes up to 9; a shared job 2·8 + 6). */
export const ARG_SLOTS = 24;
/**
 * A shared job's arguments: the kernel's argument i for units [start, start + count) is
 * base[i] + start·stride[i], except the argument at `count`, which is the unit count, and the one
 * at `scratch` (−1: none), which is base + thread·stride (a scratch area per thread); `flags` is the
 * heap byte offset of the Int32 counter and the done flags after it.
 */
export const SHARED_ARG = { flags: 0, units: 1, chunk: 2, arity: 3, count: 4, scratch: 5, thread: 6, base: 8, stride: 16 } as const;
/** The most arguments a shared job's kernel takes. */
export const SHARED_ARITY = 8;

/** What a worker receives as workerData. */
export interface WorkerInit {
  readonly module: WebAssembly.Module;
  readonly memory: WebAssembly.Memory;
  readonly control: SharedArrayBuffer;
  /** The kernel exports, in KERNEL's numbering. */
  readonly names: readonly string[];
  /** Which of them are backward kernels (dst, x, g, n, a, b). */
  readonly grad: readonly boolean[];
}
