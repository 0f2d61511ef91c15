/**
 * A kernel worker in a browser (a module Web Worker, started by src/kernels/threads.ts in a
 * cross-origin-isolated page): the job loop of worker-loop.ts on the init posted as its first
 * message (the module, the shared memory and the control block). Once serving, it never returns
 * to its event loop; the page terminates it with the page.
 */
import type { WorkerInit } from './control.js';
import { serve } from './worker-loop.js';

// The worker global's two members used here (the library compiles without the DOM typings).
declare const self: {
  addEventListener(type: 'message', listener: (event: { data: WorkerInit }) => void, options: { once: true }): void;
  postMessage(message: unknown): void;
};

self.addEventListener('message', (event) => serve(event.data, () => self.postMessage('ready')), { once: true });
