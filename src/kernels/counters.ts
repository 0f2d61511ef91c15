/**
 * How many times each WebAssembly kernel ran, for tests that must know which path a call took
 * (and how: in place on heap arrays, or staged through scratch for arrays elsewhere).
 */
const calls = new Map<string, number>();
let staged = 0;

/** Counts one run of kernel `key` (an activation's name; backward kernels as `<name>Grad`). */
export function countKernel(key: string, wasStaged: boolean): void {
  calls.set(key, (calls.get(key) ?? 0) + 1);
  if (wasStaged) staged++;
}

/**
 * @internal How many times each WebAssembly kernel ran (by activation name; the backward kernels
 * as `<name>Grad`).
 */
export function wasmKernelCalls(name: string): number {
  return calls.get(name) ?? 0;
}

/** @internal How many kernel calls staged an operand through scratch (storage outside the heap, or a 16-bit dtype). */
export function stagedKernelCalls(): number {
  return staged;
}
