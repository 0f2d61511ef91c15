/**
 * The job loop of a kernel worker, shared by the Node worker (worker.ts, worker_threads) and the
 * browser worker (worker-web.ts, a Web Worker): instantiates the WebAssembly module on the heap's
 * shared memory, then serves jobs from its control block (src/kernels/control.ts) forever,
 * sleeping in Atomics.wait between them (workers may block; only a browser's main thread may not).
 */
import { ARG, ARGS_AT, ARG_SLOTS, DONE, FAILED, KERNEL, POSITIONAL, READY, SEQ, SHARED, SHARED_ARG, type WorkerInit } from './control.js';

type Kernel = (...args: number[]) => void;

export function serve(init: WorkerInit, ready: () => void): never {
  const exports = new WebAssembly.Instance(init.module, { env: { memory: init.memory } }).exports;
  const kernels = init.names.map((name) => exports[name] as Kernel);
  const ctl = new Int32Array(init.control, 0, ARGS_AT / 4);
  const args = new Float64Array(init.control, ARGS_AT, ARG_SLOTS);
  // Jobs count from 0 in a fresh block. (Reading SEQ here instead would miss a first job posted
  // between 'ready' and this line: the worker would then wait for the job after it.)
  let seen = 0;
  Atomics.store(ctl, READY, 1); // seen at once by a calling thread that never yields to its event loop
  ready();
  for (;;) {
    Atomics.wait(ctl, SEQ, seen);
    const seq = Atomics.load(ctl, SEQ);
    if (seq === seen) continue; // spurious wake-up
    seen = seq;
    const k = ctl[KERNEL];
    try {
      const positional = ctl[POSITIONAL];
      if (ctl[SHARED]) takeChunks(init.memory, kernels[k], args);
      else if (positional) kernels[k](...args.subarray(0, positional));
      else if (init.grad[k]) kernels[k](args[ARG.dst], args[ARG.src], args[ARG.g], args[ARG.n], args[ARG.a], args[ARG.b]);
      else kernels[k](args[ARG.dst], args[ARG.src], args[ARG.n], args[ARG.a], args[ARG.b]);
      ctl[FAILED] = 0;
    } catch {
      ctl[FAILED] = 1; // the calling thread reruns the chunk and meets the error itself
    }
    Atomics.store(ctl, DONE, seq);
    Atomics.notify(ctl, DONE);
  }
}

/**
 * A shared job (threads.ts runShared): takes chunk after chunk of units from the counter at
 * SHARED_ARG.flags (an Int32 in the heap, shared with the calling thread and any other worker),
 * runs the kernel on it and marks it done in the flag that follows the counter, until no chunk is left.
 */
function takeChunks(memory: WebAssembly.Memory, kernel: Kernel, args: Float64Array): void {
  const A = SHARED_ARG;
  const units = args[A.units], chunk = args[A.chunk], arity = args[A.arity];
  const chunks = Math.ceil(units / chunk);
  const flags = new Int32Array(memory.buffer, args[A.flags], 1 + chunks); // memory.buffer: the current length
  const call = new Array<number>(arity);
  for (let i = Atomics.add(flags, 0, 1); i < chunks; i = Atomics.add(flags, 0, 1)) {
    const start = i * chunk;
    for (let j = 0; j < arity; j++) call[j] = args[A.base + j] + start * args[A.stride + j];
    call[args[A.count]] = Math.min(chunk, units - start);
    if (args[A.scratch] >= 0) call[args[A.scratch]] = args[A.base + args[A.scratch]] + args[A.thread] * args[A.stride + args[A.scratch]];
    kernel(...call);
    Atomics.store(flags, 1 + i, 1);
    Atomics.notify(flags, 1 + i);
  }
}
