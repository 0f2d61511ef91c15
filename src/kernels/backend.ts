/**
 * Which kernels run: 'wasm' (WebAssembly SIMD, the default where it exists) or 'js' (plain-JS
 * loops: the fallback where WebAssembly SIMD is missing, and a way to compare the two). Both meet
 * the same accuracy contract and run the same test suites. Under 'wasm' every float32 and 16-bit
 * array runs the SIMD kernels, wherever its storage lives (src/kernels/staging.ts).
 */
import { ValueError } from '../core/errors.js';
import { simdSupported } from './wasm/kernels.js';

/**
 * The kernel families: 'wasm' (WebAssembly SIMD) and 'js' (plain-JS loops, every dtype). Both
 * meet the same accuracy contract.
 * @example
 * const b: Backend = getBackend(); // → 'wasm' where WebAssembly SIMD exists
 */
export type Backend = 'wasm' | 'js';

let preferred: Backend | undefined;

/**
 * Chooses the kernels: 'wasm' (the default where WebAssembly SIMD exists) or 'js' (the plain-JS
 * fallback everywhere, e.g. to compare the two). Choosing 'wasm' without WebAssembly SIMD throws.
 * @example
 * setBackend('js');
 * getBackend();      // → 'js'
 * setBackend('wasm');
 */
export function setBackend(backend: Backend): void {
  if (backend !== 'wasm' && backend !== 'js') {
    throw new ValueError('setBackend', `argument 'backend' is ${JSON.stringify(backend)}; expected 'wasm' or 'js'`);
  }
  if (backend === 'wasm' && !simdSupported()) {
    throw new ValueError('setBackend', "WebAssembly SIMD is not available on this platform; only 'js' is");
  }
  preferred = backend;
}

/**
 * The kernels in use: 'wasm' where WebAssembly SIMD exists unless setBackend('js') was called.
 * @example
 * getBackend(); // → 'wasm' (Node 20 and current browsers have WebAssembly SIMD)
 */
export function getBackend(): Backend {
  return (preferred ??= simdSupported() ? 'wasm' : 'js');
}
