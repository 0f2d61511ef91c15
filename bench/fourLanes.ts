/**
 * `npm run bench`, four float32 lanes: why the kernels with a quotient stay in float64 pairs.
 * Compiles bench/assembly/sigmoid4.ts (two experimental sigmoid kernels in four float32 lanes,
 * never shipped) with the production build's flags and runs them beside the shipped sigmoid kernel
 * (float64 pairs, rounded once) on the same heap, one thread:
 *
 *   speed     1e6 float32 (sin(i)·6), rounds interleaved; ratios to the shipped kernel
 *   accuracy  every 61st of the 2^32 float32 bit patterns (70 million values; x ≥ −87.33, where
 *             the result is a float32 normal), error in ULPs of the float32 result against
 *             1/(1 + e^−x) in float64
 *
 * Needs assemblyscript (a dev dependency). docs/engine.md ("Four float32 lanes") has the results.
 *
 *   node build/bench/fourLanes.js [--rounds 5] [--step 61]
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { allocateScratch, heapMemory, releaseScratch } from '../src/core/heap.js';
import { wasmExports } from '../src/kernels/wasm/kernels.js';

type Kernel = (dst: number, src: number, n: number, a: number, b: number) => void;
interface Build { compile(entry: string): Promise<{ wasm: Uint8Array }>; checkModule(bytes: Uint8Array): WebAssembly.Module; compilerVersion(): string | undefined }

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const rounds = option('--rounds', 5), step = option('--step', 61);

const root = join(import.meta.dirname, '..', '..');
const build = (await import(pathToFileURL(join(root, 'scripts', 'wasm', 'build.mjs')).href)) as Build;
if (build.compilerVersion() === undefined) {
  console.log('\nFour float32 lanes: skipped (assemblyscript is not installed)');
  process.exit(0);
}
const module = build.checkModule((await build.compile(join(root, 'bench', 'assembly', 'sigmoid4.ts'))).wasm);
const experiment = new WebAssembly.Instance(module, { env: { memory: heapMemory() } }).exports as Record<string, Kernel>;
const shipped = wasmExports()!.sigmoid as unknown as Kernel;
const kernels: [string, Kernel][] = [['float64 pairs (shipped)', shipped], ['four lanes, plain', experiment.sigmoidPlain4], ['four lanes, within 1 ULP', experiment.sigmoidExact4]];

const N = 1 << 20;
const src = allocateScratch(4 * N), dst = allocateScratch(4 * N);
const view = () => ({ x: new Float32Array(heapMemory().buffer, src, N), bits: new Uint32Array(heapMemory().buffer, src, N), y: new Float32Array(heapMemory().buffer, dst, N) });

// Speed: 1e6 values, each kernel 20 calls per round, rounds interleaved.
const n = 1e6;
{
  const { x } = view();
  for (let i = 0; i < n; i++) x[i] = Math.sin(i) * 6;
}
const rates: number[][] = kernels.map(() => []);
for (let r = 0; r < rounds; r++) {
  kernels.forEach(([, k], i) => {
    const t0 = performance.now();
    for (let c = 0; c < 20; c++) k(dst, src, n, 0, 0);
    rates[i].push((20 * n) / ((performance.now() - t0) * 1e3));
  });
}
const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1];

// Accuracy: every `step`-th bit pattern, in blocks of N.
const f32 = new Float32Array(1), u32 = new Uint32Array(f32.buffer);
/** The float32 ULP at |r| (the spacing of float32 numbers in r's binade; 2^-149 below 2^-126). */
function ulp(r: number): number {
  f32[0] = Math.abs(r);
  const e = (u32[0] >>> 23) & 0xff;
  return e === 0 ? 2 ** -149 : 2 ** (e - 150);
}
const worst = kernels.map(() => ({ ulp: 0, at: 0, nanMismatches: 0 }));
for (let base = 0; base < 2 ** 32; base += N * step) {
  const { bits } = view();
  let m = 0;
  for (; m < N && base + m * step < 2 ** 32; m++) bits[m] = base + m * step;
  kernels.forEach(([, k], i) => {
    k(dst, src, m, 0, 0);
    const { x, y } = view();
    const w = worst[i];
    for (let j = 0; j < m; j++) {
      const v = x[j], ref = 1 / (1 + Math.exp(-v)), got = y[j];
      if (v < -87.33) continue; // results below float32's normals: the plain kernel flushes them, as XNNPACK
      if (Number.isNaN(ref) || Number.isNaN(got)) {
        if (Number.isNaN(ref) !== Number.isNaN(got)) w.nanMismatches++;
        continue;
      }
      const e = Math.abs(got - ref) / ulp(ref);
      if (e > w.ulp) { w.ulp = e; w.at = v; }
    }
  });
}
releaseScratch(src);
releaseScratch(dst);

console.log(`\nFour float32 lanes: sigmoid kernels side by side (1e6 float32, one thread, ${rounds} rounds; accuracy over 1 in ${step} float32 inputs)\n`);
console.log('| sigmoid kernel | Melem/s (median) | / shipped | max ULP | at x | NaN mismatches |');
console.log('|---|---:|---:|---:|---:|---:|');
kernels.forEach(([name], i) => {
  const m = median(rates[i]);
  console.log(`| ${name} | ${m.toFixed(0)} | ${(m / median(rates[0])).toFixed(2)} | ${worst[i].ulp.toFixed(4)} | ${worst[i].at} | ${worst[i].nanMismatches} |`);
});
