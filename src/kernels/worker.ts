/**
 * A kernel worker (Node worker_threads, started by src/kernels/threads.ts): instantiates the
 * WebAssembly module on the heap's shared memory, then serves jobs from its control block
 * (src/kernels/control.ts) forever. It sleeps in Atomics.wait between jobs; the main thread
 * unref()s it, and Node's teardown interrupts the wait, so it never keeps a process alive.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ARG, ARGS_AT, ARG_SLOTS, DONE, FAILED, KERNEL, POSITIONAL, SEQ, type WorkerInit } from './control.js';

type Kernel = (...args: number[]) => void;

const init = workerData as WorkerInit;
const exports = new WebAssembly.Instance(init.module, { env: { memory: init.memory } }).exports;
const kernels = init.names.map((name) => exports[name] as Kernel);
const ctl = new Int32Array(init.control, 0, ARGS_AT / 4);
const args = new Float64Array(init.control, ARGS_AT, ARG_SLOTS);
// Jobs count from 0 in a fresh block. (Reading SEQ here instead would miss a first job posted
// between 'ready' and this line: the worker would then wait for the job after it.)
let seen = 0;
parentPort!.postMessage('ready');
for (;;) {
  Atomics.wait(ctl, SEQ, seen);
  const seq = Atomics.load(ctl, SEQ);
  if (seq === seen) continue; // spurious wake-up
  seen = seq;
  const k = ctl[KERNEL];
  try {
    const positional = ctl[POSITIONAL];
    if (positional) kernels[k](...args.subarray(0, positional));
    else if (init.grad[k]) kernels[k](args[ARG.dst], args[ARG.src], args[ARG.g], args[ARG.n], args[ARG.a], args[ARG.b]);
    else kernels[k](args[ARG.dst], args[ARG.src], args[ARG.n], args[ARG.a], args[ARG.b]);
    ctl[FAILED] = 0;
  } catch {
    ctl[FAILED] = 1; // the main thread reruns the chunk and meets the error itself
  }
  Atomics.store(ctl, DONE, seq);
  Atomics.notify(ctl, DONE);
}
