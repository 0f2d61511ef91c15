/**
 * The WebAssembly build script (scripts/wasm/build.mjs) from the tests: rebuilding the committed
 * binary in memory, and compiling the test-only entry (the vector-math probes, which never ship).
 * Both need assemblyscript, a dev dependency; `wasmBuild()` is undefined where it is not installed.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { heapMemory } from '../../src/core/heap.js';
import { repoRoot } from './fixtures.js';

/** What scripts/wasm/build.mjs exports. */
export interface WasmBuild {
  ENTRY: string;
  PROBES: string;
  BINARY: string;
  TABLE: string;
  compilerVersion(): string | undefined;
  sourcesHash(version: string): string;
  readStamp(path?: string): { hash: string; version: string } | undefined;
  compile(entry: string): Promise<{ wasm: Uint8Array }>;
  checkModule(bytes: Uint8Array): WebAssembly.Module;
  renderBinary(bytes: Uint8Array, hash: string, version: string): string;
  renderTable(module: WebAssembly.Module): string;
}

const script = join(repoRoot, 'scripts', 'wasm', 'build.mjs');

export async function wasmBuild(): Promise<WasmBuild | undefined> {
  const build = (await import(pathToFileURL(script).href)) as WasmBuild;
  return build.compilerVersion() === undefined ? undefined : build;
}

/** A vector-math probe: n float64 at byte offset src → n float64 at dst. */
export type WasmMath = (dst: number, src: number, n: number) => void;

/**
 * The test binary's exports (src/kernels/wasm/assembly/probes.ts, compiled now with the
 * production flags), instantiated on the heap's memory, or undefined without assemblyscript.
 */
export async function probeExports(): Promise<Record<string, WasmMath> | undefined> {
  const build = await wasmBuild();
  if (!build) return undefined;
  const module = build.checkModule((await build.compile(build.PROBES)).wasm);
  return new WebAssembly.Instance(module, { env: { memory: heapMemory() } }).exports as Record<string, WasmMath>;
}
