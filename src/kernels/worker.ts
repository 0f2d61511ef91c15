/**
 * A kernel worker in Node (worker_threads, started by src/kernels/threads.ts): the job loop of
 * worker-loop.ts on the init it is given as workerData. It sleeps in Atomics.wait between jobs;
 * the main thread unref()s it, and Node's teardown interrupts the wait, so it never keeps a
 * process alive.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { WorkerInit } from './control.js';
import { serve } from './worker-loop.js';

serve(workerData as WorkerInit, () => parentPort!.postMessage('ready'));
