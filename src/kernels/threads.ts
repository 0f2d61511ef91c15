/**
 * Worker threads for the WebAssembly kernels on large arrays.
 *
 * Arrays in the heap live in one shared WebAssembly.Memory, so a worker that instantiates the same
 * module on that memory can run a kernel on part of an array in place. A call stays synchronous:
 * the main thread hands each worker a chunk through its control block (src/kernels/control.ts:
 * arguments, then Atomics.store + notify), runs the last chunk itself, then Atomics.waits for the
 * workers (or, for a result that must be copied out of the heap, all threads take chunks in turn:
 * runShared). Elementwise kernels' chunks start at multiples of 16 elements; row kernels
 * (runRowKernel) take whole rows (prelu's backward whole blocks of its ∂α sums), with their
 * arguments passed in order. Each element goes through the same code as in one call and the bits
 * are the same (test/threads.test.ts).
 *
 * In Node the workers are worker_threads, loaded by a dynamic import that bundlers leave alone.
 * In a browser page that is cross-origin isolated (COOP/COEP headers: SharedArrayBuffer, a shared
 * heap) they are module Web Workers (worker-web.ts). A browser's main thread may not block in
 * Atomics.wait, so there the calling thread, after running its own chunk, spins on Atomics.load
 * until the workers are done, as Emscripten's pthreads (tfjs-wasm's and onnxruntime-web's threaded
 * builds) do on the main thread: the API stays synchronous, and the spin is short because every
 * chunk is the same size. Elsewhere (a page without isolation, no Worker), or where the heap is not
 * shared, everything runs on the calling thread and getNumThreads() is 1. Workers start lazily,
 * on the first call large enough to use them (or on threadsReady()); until they are up, calls run
 * on one thread. Each sets a flag in its control block once it serves jobs, so a loop that never
 * yields to its event loop picks them up (their 'ready' message would wait for that turn). Node's are unref()ed and sleep in Atomics.wait, which Node's
 * teardown interrupts: they never keep a process alive.
 */
import { ValueError, describe } from '../core/errors.js';
import { allocateScratch, heapMemory, heapStats, releaseScratch } from '../core/heap.js';
import { ARG, ARGS_AT, ARG_SLOTS, CONTROL_BYTES, DONE, FAILED, KERNEL, POSITIONAL, READY, SEQ, SHARED, SHARED_ARG, SHARED_ARITY, type WorkerInit } from './control.js';
import { wasmExports, wasmModule, wasmReady } from './wasm/kernels.js';

type WorkerThreads = typeof import('node:worker_threads');

/** The browser's Worker, as far as it is used here (the library compiles without the DOM typings). */
interface WebWorker {
  postMessage(message: unknown): void;
  addEventListener(type: 'message' | 'error', listener: () => void, options: { once: true }): void;
}
declare const Worker: (new (url: URL, options: { type: 'module'; name: string }) => WebWorker) | undefined;

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
 * An activation's class is its spec's `cost` ('cheap' for the kernels above ~500 Melem/s); a
 * backward kernel shares its forward's class.
 */
export type Cost = 'cheap' | 'costly';
const MIN_ELEMENTS_CHEAP = 262144;
const MIN_ELEMENTS_COSTLY = 16384;
/** How long the calling thread waits for a worker before notifying it again (see split). */
const WAIT_SLICE_MS = 5;

/** Chunks start at multiples of this many elements, so only the array's own tail runs the scalar tail. */
const ALIGN_ELEMENTS = 16;

interface Slot {
  readonly ctl: Int32Array;
  readonly args: Float64Array;
  state: 'starting' | 'ready' | 'dead';
  readonly started: Promise<void>;
}

const isNode = typeof process === 'object' && typeof process.versions?.node === 'string';
/** A browser context that may share memory with Web Workers (COOP/COEP served, or a worker of such a page). */
const isWeb = !isNode && typeof Worker === 'function' && (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
let requested: number | undefined;
let cores: number | undefined; // os.availableParallelism() or navigator.hardwareConcurrency, once known
let api: WorkerThreads | 'web' | null | undefined; // undefined: not loaded yet; null: unavailable
let loading: Promise<void> | undefined;
const slots: Slot[] = [];
let kernelIndex: Map<string, number> | undefined;
let init: Omit<WorkerInit, 'control'> | undefined;
let threadedCalls = 0;

/** Whether this platform can run kernels on several threads at all. */
function capable(): boolean {
  if (typeof SharedArrayBuffer !== 'function' || typeof Atomics !== 'object') return false;
  return isWeb || (isNode && typeof Atomics.wait === 'function');
}

let blocking: boolean | undefined;
/** Whether this thread may block in Atomics.wait (not a browser's main thread). */
function canBlock(): boolean {
  if (blocking === undefined) {
    try {
      // A value that does not match returns 'not-equal' at once; a thread that may not wait throws first.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
      blocking = true;
    } catch {
      blocking = false;
    }
  }
  return blocking;
}

/** Loads node:os and node:worker_threads (once); bundlers must not follow these imports. */
function load(): Promise<void> {
  if (!capable()) {
    api = null;
    return Promise.resolve();
  }
  if (isWeb) {
    api = 'web';
    cores = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 1;
    return Promise.resolve();
  }
  // Node ≥ 20.16 hands out built-in modules synchronously: then the first large call can start
  // the workers at once, and a loop that never yields to its event loop gets them when they are up.
  const builtin = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule;
  if (typeof builtin === 'function' && api === undefined) {
    const osModule = builtin('node:os') as typeof import('node:os') | undefined;
    const threadsModule = builtin('node:worker_threads') as WorkerThreads | undefined;
    if (osModule && threadsModule) {
      cores = typeof osModule.availableParallelism === 'function' ? osModule.availableParallelism() : osModule.cpus().length;
      api = threadsModule;
      return Promise.resolve();
    }
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

function spawn(threads: WorkerThreads | 'web', data: Omit<WorkerInit, 'control'>): Slot {
  const control = new SharedArrayBuffer(CONTROL_BYTES);
  const workerData = { ...data, control } satisfies WorkerInit;
  let slot!: Slot;
  const started = new Promise<void>((resolve) => {
    const ready = () => { if (slot.state === 'starting') slot.state = 'ready'; resolve(); };
    const fail = () => {
      if (slot.state === 'starting') broken = true;
      slot.state = 'dead';
      const i = slots.indexOf(slot);
      if (i >= 0) slots.splice(i, 1);
      resolve();
    };
    if (threads === 'web') {
      // Written out as `new Worker(new URL(..., import.meta.url))`, the form bundlers recognize.
      const worker = new Worker!(new URL('./worker-web.js', import.meta.url), { type: 'module', name: 'nonlin kernels' });
      worker.addEventListener('message', ready, { once: true });
      worker.addEventListener('error', fail, { once: true }); // e.g. worker-web.js missing from a bundle
      worker.postMessage(workerData);
      return;
    }
    // execArgv: []: the process's flags (--input-type, --test, ...) mean nothing to the worker, and some break it.
    const worker = new threads.Worker(new URL('./worker.js', import.meta.url), { workerData, execArgv: [] });
    worker.unref();
    // `once`: a 'message' listener left attached would keep the process alive despite unref().
    worker.once('message', ready);
    worker.once('error', fail);
    worker.once('exit', fail);
  });
  slot = { ctl: new Int32Array(control, 0, ARGS_AT / 4), args: new Float64Array(control, ARGS_AT, ARG_SLOTS), state: 'starting', started };
  return slot;
}

let growing: Promise<void> | undefined;
let broken = false; // a worker failed to start (e.g. worker.js missing from a bundle): stop trying

/** Starts workers up to getNumThreads() - 1 (asynchronously); existing ones are kept. */
function grow(): Promise<void> {
  const start = () => {
    if (!api || broken) return;
    const data = workerInit();
    if (!data) { // no WebAssembly SIMD, or a heap that is not shared
      broken = true;
      return;
    }
    while (slots.length < getNumThreads() - 1) slots.push(spawn(api, data));
  };
  void load();
  if (api !== undefined && wasmModule()) { // everything at hand (Node, the binary compiled): start now
    start();
    return Promise.resolve();
  }
  return (growing ??= load().then(wasmReady).then(start).finally(() => { growing = undefined; }));
}

/**
 * Sets how many threads the WebAssembly kernels use on large arrays, the calling thread included
 * (as PyTorch's `torch.set_num_threads`). 1 runs everything on the calling thread. The results
 * are bitwise the same for any count. Threads are Node worker_threads, or Web Workers in a
 * cross-origin-isolated browser page, started on first need. Where threads cannot run (a page
 * without COOP/COEP headers, so without SharedArrayBuffer) the call is accepted and changes
 * nothing: {@link getNumThreads} stays 1. Lowering the count leaves the extra workers asleep.
 * A count above the machine's logical CPUs is capped to them (see {@link getNumThreads}): more
 * threads than cores only add hand-over latency and a worker's memory (~9 MiB) each, so 256 on a
 * 2-core machine runs 2.
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
 * default is min(2, os.availableParallelism()) in Node (before node:os has loaded, a few
 * microtasks after the first call or `await threadsReady()`, it reads at most 2) and min(2,
 * navigator.hardwareConcurrency) in a cross-origin-isolated page; a set count is capped to the
 * logical CPUs. Where threads cannot run (a page without isolation) it is always 1, whatever
 * setNumThreads was given.
 * @example
 * setNumThreads(2);
 * getNumThreads(); // → 2
 */
export function getNumThreads(): number {
  if (!capable()) return 1;
  void load();
  return Math.min(requested ?? 2, cores ?? 2);
}

/**
 * Starts the worker threads that {@link getNumThreads} asks for and resolves, once they are up,
 * to the number of threads large kernels will use (1 where threads are unavailable). Not needed
 * for correctness: until workers are ready, kernels simply run on the calling thread. Where the
 * WebAssembly binary loads asynchronously (a browser bundle that fetches kernels.wasm), it also
 * waits for the binary; until then the plain-JS kernels serve.
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
  for (const s of slots) if (isReady(s)) ready++;
  return Math.min(getNumThreads(), 1 + ready);
}

/**
 * Whether a worker serves jobs. Its 'ready' message arrives only when this thread's event loop
 * turns; the flag it sets in its control block is seen at once, so a loop that never yields gets
 * the threads as soon as they are up.
 */
function isReady(slot: Slot): boolean {
  if (slot.state === 'starting' && Atomics.load(slot.ctl, READY) === 1) slot.state = 'ready';
  return slot.state === 'ready';
}

/** @internal How many kernel calls were split across threads (for tests that must know). */
export function threadedKernelCalls(): number {
  return threadedCalls;
}

let minimumOverride: number | undefined;

/** @internal The size (elements) from which a kernel of this cost uses threads. */
export function threadMinimum(cost: Cost): number {
  return minimumOverride ?? (cost === 'cheap' ? MIN_ELEMENTS_CHEAP : MIN_ELEMENTS_COSTLY);
}

/** @internal Replaces every kernel's minimum (undefined restores them), for bench/threads.ts. */
export function overrideThreadMinimum(elements: number | undefined): void {
  minimumOverride = elements;
}

/** @internal How many threads a kernel of this cost should use on n elements. */
export function threadsFor(cost: Cost, n: number, resultInHeap = true): number {
  // A cheap kernel writing a result outside the heap runs on one thread: only the calling thread
  // can write there, its copying is then the whole cost, and chunks that another core computed
  // are copied from that core's cache instead of this one's (relu, sync loop without dispose:
  // 1.3-1.9x faster on one thread; docs/engine.md).
  if (n < threadMinimum(cost) || (cost === 'cheap' && !resultInHeap)) return 1;
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
function split(name: string, n: number, t: number, post: (args: Float64Array, start: number, count: number) => void, local: (start: number, count: number) => void): void {
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
  const used: Job[] = [];
  let start = 0;
  for (const slot of slots) {
    if (used.length === t - 1 || start + chunk >= n) break;
    if (!isReady(slot)) continue;
    const seq = publish(slot, k, post(slot.args, start, chunk, used.length), 0);
    used.push({ slot, start, count: chunk, seq, thread: used.length });
    start += chunk;
  }
  local(start, n - start, used.length);
  const block = used.length > 0 && canBlock();
  for (const job of used) {
    awaitJob(job, block);
    if (job.slot.ctl[FAILED]) local(job.start, job.count, job.thread); // rerun here, where the error surfaces
  }
  if (used.length) threadedCalls++;
}

interface Job { readonly slot: Slot; readonly start: number; readonly count: number; readonly seq: number; readonly thread: number }

/** Hands the job whose arguments are in slot.args to its worker; returns the job's sequence number. */
function publish(slot: Slot, k: number, positional: number, shared: 0 | 1): number {
  slot.ctl[POSITIONAL] = positional;
  slot.ctl[SHARED] = shared;
  slot.ctl[KERNEL] = k;
  const seq = (slot.ctl[SEQ] + 1) | 0;
  Atomics.store(slot.ctl, SEQ, seq); // publishes the arguments written before
  Atomics.notify(slot.ctl, SEQ);
  return seq;
}

/** Whether the worker has finished job `seq`. */
function finished(slot: Slot, seq: number): boolean {
  return Atomics.load(slot.ctl, DONE) === seq;
}

/**
 * Waits until the job's worker is done. It waits in slices and notifies the worker again after
 * each: in Node 20 a notify can be lost (a worker woken by a V8 interrupt, e.g. the shared memory
 * growing, misses the wake-up that arrives meanwhile) and an unbounded wait then hangs the process
 * (seen in ~1 of 10 runs of test/threads.test.ts before this loop). A slice that times out costs
 * nothing when the worker is merely still busy. A browser's main thread may not block (`block`
 * false): it spins, notifying again every 2^16 loads.
 */
function awaitJob(job: Job, block: boolean): void {
  const ctl = job.slot.ctl;
  for (let spins = 1; !finished(job.slot, job.seq); spins++) {
    if (block ? Atomics.wait(ctl, DONE, Atomics.load(ctl, DONE), WAIT_SLICE_MS) === 'timed-out' : (spins & 0xffff) === 0) Atomics.notify(ctl, SEQ);
  }
}

/** A kernel export, called with its arguments in order. */
type Kernel = (...args: number[]) => void;

/**
 * How a shared job's kernel arguments follow from its units: argument i for units
 * [start, start + count) is base[i] + start·stride[i], except the argument at `count`, which is the
 * count, and the one at `scratch`, which is base + thread·stride (a scratch area per thread, sized
 * by the caller for t threads).
 */
export interface SharedLayout {
  readonly base: readonly number[];
  readonly stride: readonly number[];
  readonly count: number;
  readonly scratch?: number;
}

/** The kernel's arguments for units [start, start + count) on thread `thread` (see SharedLayout). */
export function layoutArgs(layout: SharedLayout, start: number, count: number, thread: number): number[] {
  const args = layout.base.map((v, j) => v + start * layout.stride[j]);
  args[layout.count] = count;
  if (layout.scratch !== undefined) args[layout.scratch] = layout.base[layout.scratch] + thread * layout.stride[layout.scratch];
  return args;
}

/** The layout of an elementwise kernel over `bytes`-byte elements: (dst, src, n, a, b), or (dst, x, g, n, a, b) for a backward one. */
export function elementwiseLayout(grad: boolean, dst: number, src: number, g: number, a: number, b: number, bytes: number): SharedLayout {
  return grad
    ? { base: [dst, src, g, 0, a, b], stride: [bytes, bytes, bytes, 0, 0, 0], count: 3 }
    : { base: [dst, src, 0, a, b], stride: [bytes, bytes, 0, 0, 0], count: 2 };
}

/**
 * Runs a kernel over `units` units (elements, or rows) in chunks of `chunk` units (for elements a
 * multiple of 16) that the calling thread and up to t − 1 workers take in turn from a shared
 * counter, and calls `done(start, count)` on the calling thread once for every chunk whose result
 * is written, in no fixed order. For a result that must be copied out of the heap (staging.ts): the
 * calling thread copies finished chunks out while the workers compute the next ones, instead of
 * copying the whole result after the kernel, and whoever is faster takes more chunks. Every chunk
 * runs the same kernel code as one call: the bits do not depend on who ran it.
 */
export function runShared(name: string, kernel: Kernel, units: number, chunk: number, t: number, layout: SharedLayout, done: (start: number, count: number) => void): void {
  const count = Math.ceil(units / chunk);
  const arity = layout.base.length;
  if (arity > SHARED_ARITY) throw new Error(`runShared: ${name} takes ${arity} arguments, more than ${SHARED_ARITY}`);
  const scratch = layout.scratch ?? -1;
  let thread = 0; // the calling thread's number (after the workers')
  const run = (i: number) => {
    const start = i * chunk, m = Math.min(chunk, units - start);
    kernel(...layoutArgs(layout, start, m, thread));
    done(start, m);
  };
  const k = t > 1 && count > 1 ? kernelIndex?.get(name) : undefined;
  if (k === undefined) {
    for (let i = 0; i < count; i++) run(i);
    return;
  }
  // flags[0]: the next chunk to take; flags[1 + i]: 0 while chunk i is pending, 1 when a worker
  // has finished it, 2 once its result was handed to done().
  const at = allocateScratch(4 * (1 + count));
  try {
    const flags = new Int32Array(heapMemory().buffer, at, 1 + count);
    flags.fill(0);
    const used: Job[] = [];
    for (const slot of slots) {
      if (used.length === t - 1) break;
      if (!isReady(slot)) continue;
      const A = SHARED_ARG, args = slot.args;
      args[A.flags] = at; args[A.units] = units; args[A.chunk] = chunk; args[A.arity] = arity;
      args[A.count] = layout.count; args[A.scratch] = scratch; args[A.thread] = used.length;
      for (let j = 0; j < arity; j++) { args[A.base + j] = layout.base[j]; args[A.stride + j] = layout.stride[j]; }
      used.push({ slot, start: 0, count: units, seq: publish(slot, k, 0, 1), thread: used.length });
    }
    thread = used.length;
    let next = 0; // every chunk before it has been handed to done()
    const drain = () => {
      for (let state; next < count && (state = Atomics.load(flags, 1 + next)) !== 0; next++) {
        if (state === 1) done(next * chunk, Math.min(chunk, units - next * chunk));
      }
    };
    // Copying out comes first: the calling thread is the only one that can, and a chunk it
    // computes instead is one a worker could have computed meanwhile. It takes a chunk itself only
    // when there is nothing finished to copy.
    for (;;) {
      const copied = next;
      drain();
      if (next > copied) continue;
      const i = Atomics.add(flags, 0, 1);
      if (i >= count) break;
      run(i);
      Atomics.store(flags, 1 + i, 2);
    }
    const block = canBlock();
    for (let spins = 1; next < count; spins++) {
      drain();
      if (next === count) break;
      if (used.every((job) => finished(job.slot, job.seq))) {
        if (Atomics.load(flags, 1 + next) !== 0) continue; // finished just now
        // A worker failed on chunk `next` (its kernel threw): run it here, where the error surfaces.
        run(next);
        Atomics.store(flags, 1 + next, 2);
        continue;
      }
      // As awaitJob: wait in slices, and notify the workers again after each (a lost wake-up).
      const renotify = block ? Atomics.wait(flags, 1 + next, 0, WAIT_SLICE_MS) === 'timed-out' : (spins & 0xffff) === 0;
      if (renotify) for (const job of used) Atomics.notify(job.slot.ctl, SEQ);
    }
    for (const job of used) awaitJob(job, block);
    if (used.length) threadedCalls++;
  } finally {
    releaseScratch(at);
  }
}

/**
 * Runs a forward kernel over n elements of `bytes` bytes each (4: float32, 8: float64) at byte
 * offsets src → dst, split across threads when large.
 */
export function runKernel(name: string, kernel: (dst: number, src: number, n: number, a: number, b: number) => void, dst: number, src: number, n: number, a: number, b: number, threads: number, bytes = 4): void {
  split(name, n, threads, (args, start, count) => {
    args[ARG.dst] = dst + bytes * start;
    args[ARG.src] = src + bytes * start;
    args[ARG.n] = count;
    args[ARG.a] = a;
    args[ARG.b] = b;
  }, (start, count) => kernel(dst + bytes * start, src + bytes * start, count, a, b));
}

/** Runs a backward kernel over n elements of `bytes` bytes each (x, g → dst), split across threads when large. */
export function runGradKernel(name: string, kernel: (dst: number, x: number, g: number, n: number, a: number, b: number) => void, dst: number, x: number, g: number, n: number, a: number, b: number, threads: number, bytes = 4): void {
  split(name, n, threads, (args, start, count) => {
    args[ARG.dst] = dst + bytes * start;
    args[ARG.src] = x + bytes * start;
    args[ARG.g] = g + bytes * start;
    args[ARG.n] = count;
    args[ARG.a] = a;
    args[ARG.b] = b;
  }, (start, count) => kernel(dst + bytes * start, x + bytes * start, g + bytes * start, count, a, b));
}

/**
 * How many threads a row kernel of activation `name` (forward name, or `<name>Grad`) uses on
 * `rows` rows, `elements` elements in all (at most one per row): the caller sizes per-thread
 * scratch by it and passes it to runRowKernel.
 */
export function rowThreads(cost: Cost, rows: number, elements: number): number {
  return Math.max(1, Math.min(threadsFor(cost, elements), rows));
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
