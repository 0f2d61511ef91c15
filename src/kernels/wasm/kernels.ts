/**
 * The WebAssembly SIMD kernels: loads the module built by scripts/wasm/build.mjs (sources in
 * ./assembly/) and instantiates it on the heap's memory, so that kernels read and write arrays in
 * place. Instantiated on first use. Lookups are typed by the generated kernel table
 * (./table.generated.ts), which TypeScript checks against the activation names.
 *
 * The binary declares its memory import shared; where the heap could not get a shared memory
 * (a browser page without cross-origin isolation) the import is patched to non-shared, which is
 * one flag byte. Where `new WebAssembly.Module` refuses to compile synchronously (browsers limit
 * it on the main thread), the module is compiled asynchronously and the JS kernels serve until
 * it is ready. Bundles for browsers get binary.asset.ts instead of the inlined binary (package.json
 * "browser" field): the binary is then fetched from kernels.wasm next to this module, also
 * asynchronously; wasmReady() (and so threadsReady()) waits for either.
 */
import { heapMemory } from '../../core/heap.js';
import type { ElementwiseName } from '../../nn/activations/spec.js';
import { WASM_BASE64 } from './binary.generated.js';
import { BACKWARD_KERNELS, FLOAT64_KERNELS, FORWARD_KERNELS, type ConvertKernelExport, type RowKernelExport } from './table.generated.js';

/** A kernel: n float32 at byte offset src → n float32 at byte offset dst, with parameters a, b. */
export type WasmKernel = (dst: number, src: number, n: number, a: number, b: number) => void;
/** A backward kernel: n float32 g·f'(x) from x at byte offset `x` and g at `g` → `dst`, parameters a, b. */
export type WasmGradKernel = (dst: number, x: number, g: number, n: number, a: number, b: number) => void;

// (module (func (result v128) (v128.const i64x2 0 0) (i8x16.popcnt))): validates only with SIMD.
const SIMD_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version
  0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, // type section: () -> v128
  0x03, 0x02, 0x01, 0x00, // function section
  0x0a, 0x18, 0x01, 0x16, 0x00, 0xfd, 0x0c, ...new Array<number>(16).fill(0), 0xfd, 0x62, 0x0b, // code
]);

let simd: boolean | undefined;
/** Whether this platform runs WebAssembly with 128-bit SIMD. */
export function simdSupported(): boolean {
  if (simd === undefined) {
    try {
      simd = typeof WebAssembly === 'object' && WebAssembly.validate(SIMD_PROBE);
    } catch {
      simd = false;
    }
  }
  return simd;
}

/** @internal */
export function decodeBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** An unsigned LEB128 number at `at.p` (advanced past it). */
function readLeb(bytes: Uint8Array, at: { p: number }): number {
  let value = 0, shift = 0, b: number;
  do { b = bytes[at.p++]; value += (b & 0x7f) * 2 ** shift; shift += 7; } while (b & 0x80);
  return value;
}

/** @internal The sections of a WebAssembly binary: id and the byte range of the contents. */
export function wasmSections(bytes: Uint8Array): { id: number; start: number; end: number }[] {
  const sections = [];
  const at = { p: 8 }; // past the magic number and version
  while (at.p < bytes.length) {
    const id = bytes[at.p++];
    const size = readLeb(bytes, at);
    sections.push({ id, start: at.p, end: at.p + size });
    at.p += size;
  }
  return sections;
}

/** @internal Clears the shared bit of the memory import (limits flags 3 → 1), in place. */
export function unshareMemoryImport(bytes: Uint8Array): void {
  const imports = wasmSections(bytes).find((s) => s.id === 2);
  if (!imports) return;
  const at = { p: imports.start };
  for (let count = readLeb(bytes, at); count > 0; count--) {
    for (let name = 0; name < 2; name++) { const length = readLeb(bytes, at); at.p += length; } // module and field
    const kind = bytes[at.p++];
    if (kind === 2) { bytes[at.p] &= ~2; return; }
    readLeb(bytes, at); // a function import's type index (the only other kind here)
  }
}

type Exports = Readonly<Record<string, unknown>>;
let exportsOf: Exports | null | undefined; // undefined: not tried; null: unavailable or pending
let compiled: WebAssembly.Module | undefined;
let pending: Promise<void> | undefined; // an asynchronous compile under way

/** Resolves once the module is instantiated, or has failed (at once where it compiles synchronously). */
export function wasmReady(): Promise<void> {
  wasmExports();
  return pending ?? Promise.resolve();
}

function instantiate(module: WebAssembly.Module, memory: WebAssembly.Memory): Exports {
  const e = new WebAssembly.Instance(module, { env: { memory } }).exports;
  compiled = module;
  return e;
}

/**
 * The compiled module, once instantiated on the heap (else undefined): worker threads instantiate
 * it again on the same shared memory (it has no data segments and no start function, so a second
 * instance writes nothing on its own).
 */
export function wasmModule(): WebAssembly.Module | undefined {
  return compiled;
}

/** The module's exports, or null where WebAssembly SIMD is unavailable (or still compiling). */
export function wasmExports(): Exports | null {
  if (exportsOf !== undefined) return exportsOf;
  exportsOf = null;
  if (!simdSupported()) return null;
  const memory = heapMemory();
  const shared = typeof SharedArrayBuffer === 'function' && memory.buffer instanceof SharedArrayBuffer;
  const compile = (WebAssembly as unknown as { compile?: (b: Uint8Array) => Promise<WebAssembly.Module> }).compile;
  const later = (bytes: Promise<Uint8Array>) => {
    pending = bytes.then((b) => compile!(b)).then((module) => { exportsOf = instantiate(module, memory); }, () => undefined);
  };
  if (WASM_BASE64 === '') { // binary.asset.ts: the binary is a file beside this module
    later(fetch(new URL('./kernels.wasm', import.meta.url)).then(async (r) => {
      if (!r.ok) throw new Error(`kernels.wasm: HTTP ${r.status} from ${r.url}`);
      const bytes = new Uint8Array(await r.arrayBuffer());
      if (!shared) unshareMemoryImport(bytes);
      return bytes;
    }));
    return null;
  }
  const bytes = decodeBase64(WASM_BASE64);
  if (!shared) unshareMemoryImport(bytes);
  try {
    exportsOf = instantiate(new WebAssembly.Module(bytes), memory);
  } catch {
    // Browsers limit synchronous compilation on the main thread: compile in the background, and
    // the JS kernels serve until it is ready (or for good, if it fails).
    if (typeof compile === 'function') later(Promise.resolve(bytes));
  }
  return exportsOf;
}

/** Whether `name` is an activation with WebAssembly kernels (a key of the generated kernel table). */
export function hasWasmKernel(name: string): name is ElementwiseName {
  return Object.hasOwn(FORWARD_KERNELS, name);
}

/** The forward kernel of an activation, or undefined (no WebAssembly SIMD, or still compiling). */
export function wasmKernel(name: ElementwiseName): WasmKernel | undefined {
  return wasmExports()?.[FORWARD_KERNELS[name]] as WasmKernel | undefined;
}

/** The backward kernel (g·f'(x)) of an activation, or undefined. Exported as `<name>Grad`. */
export function wasmGradKernel(name: ElementwiseName): WasmGradKernel | undefined {
  return wasmExports()?.[BACKWARD_KERNELS[name]] as WasmGradKernel | undefined;
}

/**
 * The float64 kernels of an activation (assembly/float64/: forward `<name>F64(dst, src, n, a, b)`,
 * backward `<name>F64Grad(dst, x, g, n, a, b)`, byte offsets of float64 arrays in the heap), or
 * undefined (no float64 kernel for it yet, no WebAssembly SIMD, or still compiling).
 */
export function wasmFloat64Kernels(name: ElementwiseName): { forward: WasmKernel; backward: WasmGradKernel } | undefined {
  const e = wasmExports();
  if (!e || !Object.hasOwn(FLOAT64_KERNELS, name)) return undefined;
  const k = FLOAT64_KERNELS[name as keyof typeof FLOAT64_KERNELS];
  return { forward: e[k.forward] as WasmKernel, backward: e[k.backward] as WasmGradKernel };
}

/** A row kernel (assembly/rows/, exports named `row*`): softmax, logSoftmax, glu, prelu and their backward. */
export type WasmRowKernel = (...args: number[]) => void;

/** The row kernel `name` (e.g. 'rowSoftmax'), or undefined (no WebAssembly SIMD, or still compiling). */
export function wasmRowKernel(name: RowKernelExport): WasmRowKernel | undefined {
  return wasmExports()?.[name] as WasmRowKernel | undefined;
}

/** A conversion: n elements at byte offset src → n at dst (float32 ↔ a 16-bit type). */
export type WasmConvertKernel = (dst: number, src: number, n: number) => void;

/**
 * The conversion kernels of each 16-bit dtype, bit for bit as src/core/half.ts: `widen` (16-bit →
 * float32, exact) and `narrow` (float32 → 16-bit, rounded to nearest even, overflow to ±∞,
 * subnormals kept, NaN to the quiet NaN).
 */
export const CONVERT_KERNELS = {
  float16: { widen: 'f16ToF32', narrow: 'f32ToF16' },
  bfloat16: { widen: 'bf16ToF32', narrow: 'f32ToBf16' },
} as const satisfies Record<'float16' | 'bfloat16', Record<'widen' | 'narrow', ConvertKernelExport>>;

/** The conversion kernel of a 16-bit dtype, or undefined (no WebAssembly SIMD, or still compiling). */
export function wasmConvertKernel(dtype: keyof typeof CONVERT_KERNELS, direction: 'widen' | 'narrow'): WasmConvertKernel | undefined {
  return wasmExports()?.[CONVERT_KERNELS[dtype][direction]] as WasmConvertKernel | undefined;
}
