/**
 * Worker threads for the WebAssembly kernels on large arrays (issue 6).
 *
 * Arrays in the heap live in one shared WebAssembly.Memory, so a worker that instantiates the same
 * module on that memory can run a kernel on part of an array in place. A call stays synchronous:
 * the main thread hands each worker a chunk through its control block (src/kernels/control.ts:
 * arguments, then Atomics.store + notify), runs the last chunk itself, then Atomics.waits for the
 * workers. Elementwise kernels' chunks start at multiples of 16 elements; row kernels
 * (runRowKernel) take whole rows (prelu's backward whole blocks of its ∂α sums), with their
 * arguments passed in order. Each element goes through the same code as in one call and the bits
 * are the same (test/threads.test.ts).
 *
 * Node only: worker_threads is loaded by a dynamic import that bundlers leave alone. Elsewhere
 * (browsers: no Atomics.wait on the main thread), or where the heap is not shared, everything runs
 * on the calling thread. Workers start lazily and asynchronously, on the first call large enough
 * to use them (or on threadsReady()); until they are up, calls run on one thread. They are
 * unref()ed and sleep in Atomics.wait, which Node's teardown interrupts: they never keep a process
 * alive.
 */
import { ValueError, describe } from '../core/errors.js';
import { heapMemory, heapStats } from '../core/heap.js';
import { ARG, ARGS_AT, ARG_SLOTS, CONTROL_BYTES, DONE, FAILED, KERNEL, POSITIONAL, SEQ, type WorkerInit } from './control.js';
import { wasmExports, wasmModule } from './wasm/kernels.js';

type WorkerThreads = typeof import('node:worker_threads');
type NodeWorker = import('node:worker_threads').Worker;

/** The most threads setNumThreads accepts (a guard against typos, not a tuned limit). */
const MAX_THREADS = 256;

/**
 * Below these sizes (elements) a kernel runs on one thread. Handing a chunk to a worker and
 * waiting for it costs a round trip o (measured 12 µs on 2 vCPU AMD EPYC, Node 20, with the
 * machine half loaded; 15-45 µs when it was fully loaded), so two threads win only when
 * n / R > n / 2R + o, i.e. n > 2·o·R for a kernel that runs R elements/s on one thread. With
 * o = 12 µs: the kernels above ~500 Melem/s (the piecewise-linear ones, softsign, hardswish:
 * 0.66-7 Gelem/s in cache) break even between ~16K and ~180K elements, the ones that evaluate
 * exp/log/erf (100-320 Melem/s) between ~2.4K and ~8K. The thresholds sit above those with a
 * margin for slower hand-overs; bench/threads.ts measures them (docs/engine.md has the numbers).
 * A backward kernel shares its forward's class.
 */
const MIN_ELEMENTS_CHEAP = 262144;
const MIN_ELEMENTS_COSTLY = 16384;
/** The kernels that run above ~500 Melem/s on one thread (bench/README.md, forward at 1e6). */
const CHEAP = new Set(['relu', 'relu6', 'relu2', 'hardTanh', 'leakyRelu', 'hardShrink', 'softshrink', 'step', 'softsign', 'hardswish', 'prelu']);

/** How long the calling thread waits for a worker before notifying it again (see split). */
const WAIT_SLICE_MS = 5;

/** Chunks start at multiples of this many elements, so only the array's own tail runs the scalar tail. */
const ALIGN_ELEMENTS = 16;

interface Slot {
  readonly worker: NodeWorker;
  readonly ctl: Int32Array;
  readonly args: Float64Array;
  state: 'starting' | 'ready' | 'dead';
  readonly started: Promise<void>;
}

const isNode = typeof process === 'object' && typeof process.versions?.node === 'string';
let requested: number | undefined;
let cores: number | undefined; // os.availableParallelism(), once node:os has loaded
let api: WorkerThreads | null | undefined; // undefined: not loaded yet; null: unavailable
let loading: Promise<void> | undefined;
const slots: Slot[] = [];
let kernelIndex: Map<string, number> | undefined;
let init: Omit<WorkerInit, 'control'> | undefined;
let threadedCalls = 0;

/** Whether this platform can run kernels on several threads at all. */
function capable(): boolean {
  return isNode && typeof SharedArrayBuffer === 'function' && typeof Atomics === 'object' && typeof Atomics.wait === 'function';
}

/** Loads node:os and node:worker_threads (once); bundlers must not follow these imports. */
function load(): Promise<void> {
  if (!capable()) {
    api = null;
    return Promise.resolve();
  }
  return (loading ??= (async () => {
    const os = 'node:os';
    const wt = 'node:worker_threads';
    try {
      const [osModule, threadsModule] = await Promise.all([
        import(/* webpackIgnore: true */ /* @vite-ignore */ os) as Promise<typeof import('node:os')>,
        import(/* webpackIgnore: true */ /* @vite-ignore */ wt) as Promise<WorkerThreads>,
      ]);
      cores = typeof osModule.availableParallelism === 'function' ? osModule.availableParallelism() : osModule.cpus().length;
      api = threadsModule;
    } catch {
      api = null;
    }
  })());
}

/** The module, memory and kernel names every worker receives, or undefined when they are unavailable. */
function workerInit(): Omit<WorkerInit, 'control'> | undefined {
  if (init) return init;
  const exports = wasmExports();
  const module = wasmModule();
  if (!exports || !module || !heapStats().shared) return undefined;
  const names = Object.keys(exports).filter((k) => typeof exports[k] === 'function' && !k.startsWith('math'));
  kernelIndex = new Map(names.map((name, i) => [name, i]));
  return (init = { module, memory: heapMemory(), names, grad: names.map((n) => n.endsWith('Grad')) });
}

function spawn(threads: WorkerThreads, data: Omit<WorkerInit, 'control'>): Slot {
  const control = new SharedArrayBuffer(CONTROL_BYTES);
  // execArgv: []: the process's flags (--input-type, --test, ...) mean nothing to the worker, and some break it.
  const worker = new threads.Worker(new URL('./worker.js', import.meta.url), { workerData: { ...data, control } satisfies WorkerInit, execArgv: [] });
  worker.unref();
  let slot!: Slot;
  const started = new Promise<void>((resolve) => {
    // `once`: a 'message' listener left attached would keep the process alive despite unref().
    worker.once('message', () => { if (slot.state === 'starting') slot.state = 'ready'; resolve(); });
    const fail = () => {
      if (slot.state === 'starting') broken = true;
      slot.state = 'dead';
      const i = slots.indexOf(slot);
      if (i >= 0) slots.splice(i, 1);
      resolve();
    };
    worker.once('error', fail);
    worker.once('exit', fail);
  });
  slot = { worker, ctl: new Int32Array(control, 0, ARGS_AT / 4), args: new Float64Array(control, ARGS_AT, ARG_SLOTS), state: 'starting', started };
  return slot;
}

let growing: Promise<void> | undefined;
let broken = false; // a worker failed to start (e.g. worker.js missing from a bundle): stop trying

/** Starts workers up to getNumThreads() - 1 (asynchronously); existing ones are kept. */
function grow(): Promise<void> {
  return (growing ??= load().then(() => {
    if (!api || broken) return;
    const data = workerInit();
    if (!data) { // no WebAssembly SIMD, or a heap that is not shared
      broken = true;
      return;
    }
    while (slots.length < getNumThreads() - 1) slots.push(spawn(api, data));
  }).finally(() => { growing = undefined; }));
}

/**
 * Sets how many threads the WebAssembly kernels use on large arrays, the calling thread included
 * (as PyTorch's `torch.set_num_threads`). 1 runs everything on the calling thread. The results
 * are bitwise the same for any count. Threads are Node worker_threads, started on first need; in
 * browsers every count runs on one thread. Lowering the count leaves the extra workers asleep.
 * @example
 * setNumThreads(1);
 * getNumThreads(); // → 1
 * setNumThreads(2);
 */
export function setNumThreads(n: number): void {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_THREADS) {
    throw new ValueError('setNumThreads', `argument 'n' is ${describe(n)}; expected an integer in [1, ${MAX_THREADS}]`);
  }
  requested = n;
}

/**
 * How many threads the WebAssembly kernels use on large arrays (see {@link setNumThreads}). The
 * default is min(2, os.availableParallelism()) in Node and 1 elsewhere; before node:os has loaded
 * (a few microtasks after the first call, or `await threadsReady()`) Node's default reads 2.
 * @example
 * setNumThreads(2);
 * getNumThreads(); // → 2
 */
export function getNumThreads(): number {
  if (requested !== undefined) return requested;
  if (!capable()) return 1;
  void load();
  return Math.min(2, cores ?? 2);
}

/**
 * Starts the worker threads that {@link getNumThreads} asks for and resolves, once they are up,
 * to the number of threads large kernels will use (1 where threads are unavailable). Not needed
 * for correctness: until workers are ready, kernels simply run on the calling thread.
 * @example
 * const threads = await threadsReady(); // → 2 in Node on a machine with 2 or more cores
 */
export async function threadsReady(): Promise<number> {
  await grow();
  await Promise.all(slots.map((s) => s.started));
  return usableThreads();
}

function usableThreads(): number {
  let ready = 0;
  for (const s of slots) if (s.state === 'ready') ready++;
  return Math.min(getNumThreads(), 1 + ready);
}

/** @internal How many kernel calls were split across threads (for tests that must know). */
export function threadedKernelCalls(): number {
  return threadedCalls;
}

let minimumOverride: number | undefined;

/** @internal The size (elements) from which kernel `name` (forward, or `<name>Grad`) uses threads. */
export function threadMinimum(name: string): number {
  return minimumOverride ?? (CHEAP.has(name.replace(/Grad$/, '')) ? MIN_ELEMENTS_CHEAP : MIN_ELEMENTS_COSTLY);
}

/** @internal Replaces every kernel's minimum (undefined restores them), for bench/threads.ts. */
export function overrideThreadMinimum(elements: number | undefined): void {
  minimumOverride = elements;
}

/** How many threads a kernel `name` (forward name, or `<name>Grad`) should use on n elements. */
function threadsFor(name: string, n: number): number {
  if (n < threadMinimum(name)) return 1;
  const want = getNumThreads();
  if (want < 2 || api === null || broken) return 1;
  if (slots.length < want - 1) void grow();
  return usableThreads();
}

/**
 * Runs `local(start, count)` on the calling thread for the last chunk of n elements and the
 * kernel `name` on each worker for the others; returns after all are done. Falls back to one
 * `local(0, n)` when threads do not apply.
 */
function split(name: string, n: number, post: (args: Float64Array, start: number, count: number) => void, local: (start: number, count: number) => void): void {
  const t = threadsFor(name, n);
  const k = t > 1 ? kernelIndex?.get(name) : undefined;
  if (k === undefined) {
    local(0, n);
    return;
  }
  chunks(k, t, n, Math.ceil(n / t / ALIGN_ELEMENTS) * ALIGN_ELEMENTS, (args, start, count) => { post(args, start, count); return 0; }, local);
}

/**
 * Hands chunks of `chunk` units (of n) to up to t − 1 ready workers (kernel index k; `post` writes
 * a chunk's arguments and returns 0 for the elementwise layout, else the row kernel's argument
 * count), runs the rest on the calling thread, and waits for the workers. `thread` numbers the chunks 0, 1, ... (the calling
 * thread's is the last), for per-thread scratch.
 */
function chunks(k: number, t: number, n: number, chunk: number, post: (args: Float64Array, start: number, count: number, thread: number) => number, local: (start: number, count: number, thread: number) => void): void {
  const used: { slot: Slot; start: number; count: number; seq: number; thread: number }[] = [];
  let start = 0;
  for (const slot of slots) {
    if (used.length === t - 1 || start + chunk >= n) break;
    if (slot.state !== 'ready') continue;
    slot.ctl[POSITIONAL] = post(slot.args, start, chunk, used.length);
    slot.ctl[KERNEL] = k;
    const seq = (slot.ctl[SEQ] + 1) | 0;
    Atomics.store(slot.ctl, SEQ, seq); // publishes the arguments written above
    Atomics.notify(slot.ctl, SEQ);
    used.push({ slot, start, count: chunk, seq, thread: used.length });
    start += chunk;
  }
  local(start, n - start, used.length);
  for (const job of used) {
    const ctl = job.slot.ctl;
    // Waits in slices and notifies the worker again after each: in Node 20 a notify can be lost
    // (a worker woken by a V8 interrupt, e.g. the shared memory growing, misses the wake-up that
    // arrives meanwhile) and an unbounded wait then hangs the process (seen in ~1 of 10 runs of
    // test/threads.test.ts before this loop). A slice that times out costs nothing when the
    // worker is merely still busy.
    while (Atomics.load(ctl, DONE) !== job.seq) {
      if (Atomics.wait(ctl, DONE, Atomics.load(ctl, DONE), WAIT_SLICE_MS) === 'timed-out') Atomics.notify(ctl, SEQ);
    }
    if (ctl[FAILED]) local(job.start, job.count, job.thread); // rerun here, where the error surfaces
  }
  if (used.length) threadedCalls++;
}

/** Runs a forward kernel over n float32 at byte offsets src → dst, split across threads when large. */
export function runKernel(name: string, kernel: (dst: number, src: number, n: number, a: number, b: number) => void, dst: number, src: number, n: number, a: number, b: number): void {
  split(name, n, (args, start, count) => {
    args[ARG.dst] = dst + 4 * start;
    args[ARG.src] = src + 4 * start;
    args[ARG.n] = count;
    args[ARG.a] = a;
    args[ARG.b] = b;
  }, (start, count) => kernel(dst + 4 * start, src + 4 * start, count, a, b));
}

/** Runs a backward kernel `<name>Grad` over n float32 (x, g → dst), split across threads when large. */
export function runGradKernel(name: string, kernel: (dst: number, x: number, g: number, n: number, a: number, b: number) => void, dst: number, x: number, g: number, n: number, a: number, b: number): void {
  split(name, n, (args, start, count) => {
    args[ARG.dst] = dst + 4 * start;
    args[ARG.src] = x + 4 * start;
    args[ARG.g] = g + 4 * start;
    args[ARG.n] = count;
    args[ARG.a] = a;
    args[ARG.b] = b;
  }, (start, count) => kernel(dst + 4 * start, x + 4 * start, g + 4 * start, count, a, b));
}

/**
 * How many threads a row kernel of activation `name` (forward name, or `<name>Grad`) uses on
 * `rows` rows, `elements` elements in all (at most one per row): the caller sizes per-thread
 * scratch by it and passes it to runRowKernel.
 */
export function rowThreads(name: string, rows: number, elements: number): number {
  return Math.max(1, Math.min(threadsFor(name, elements), rows));
}

/**
 * Runs the row kernel `exportName` (src/kernels/wasm/assembly/rows/) over `rows` units on up to t
 * threads (t from rowThreads), each a contiguous range of whole units: `args(start, count,
 * thread)` gives the kernel's arguments for units [start, start + count), `thread` < t numbering
 * per-thread scratch. A unit is a row (or a block of elements that every thread would process
 * alike), so the bits are those of one call on one thread.
 */
export function runRowKernel(exportName: string, kernel: (...args: number[]) => void, rows: number, t: number, args: (start: number, count: number, thread: number) => number[]): void {
  const k = t > 1 ? kernelIndex?.get(exportName) : undefined;
  if (k === undefined) {
    kernel(...args(0, rows, 0));
    return;
  }
  chunks(k, t, rows, Math.ceil(rows / t), (slots, start, count, thread) => {
    const a = args(start, count, thread);
    if (a.length > ARG_SLOTS) throw new Error(`runRowKernel: ${exportName} takes ${a.length} arguments, more than ${ARG_SLOTS}`);
    for (let i = 0; i < a.length; i++) slots[i] = a[i];
    return a.length;
  }, (start, count, thread) => kernel(...args(start, count, thread)));
}
