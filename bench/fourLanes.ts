/**
 * `npm run bench`, four float32 lanes: why the transcendental kernels stay in float64 pairs.
 * Compiles bench/assembly/fourLanes.ts (experimental kernels in four float32 lanes, never shipped)
 * with the production build's flags and runs them beside the shipped kernels (float64 pairs,
 * rounded once) on the same heap, one thread: sigmoid (a quotient) and elu's backward for α = 1
 * (g·eˣ, a product).
 *
 *   speed     1e6 float32 (x = sin(i)·6, g = cos(i)·2), rounds interleaved; ratios to the shipped kernel
 *   accuracy  every 61st of the 2^32 float32 bit patterns (70 million values; x ≥ −87.33, where
 *             the result is a float32 normal; g from [−4, 4] for elu'), error in ULPs of the
 *             float32 result against float64 (1/(1 + e^−x), g·eˣ)
 *
 * Needs assemblyscript (a dev dependency). docs/engine.md ("Four float32 lanes") has the results.
 *
 *   node build/bench/fourLanes.js [--rounds 5] [--step 61]
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { allocateScratch, heapMemory, releaseScratch } from '../src/core/heap.js';
import { wasmExports } from '../src/kernels/wasm/kernels.js';

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
const module = build.checkModule((await build.compile(join(root, 'bench', 'assembly', 'fourLanes.ts'))).wasm);
const experiment = new WebAssembly.Instance(module, { env: { memory: heapMemory() } }).exports as Record<string, unknown>;
const shippedExports = wasmExports()! as unknown as Record<string, unknown>;

type Forward = (dst: number, src: number, n: number, a: number, b: number) => void;
type Backward = (dst: number, x: number, g: number, n: number, a: number, b: number) => void;
/** A kernel as (dst, x, g, n): g unused by the forward ones. */
type Run = (dst: number, x: number, g: number, n: number) => void;
const forward = (k: unknown): Run => (dst, x, _g, n) => (k as Forward)(dst, x, n, 0, 0);
const backward = (k: unknown): Run => (dst, x, g, n) => (k as Backward)(dst, x, g, n, 1, 0);

interface Case { title: string; reference: (x: number, g: number) => number; kernels: [string, Run][] }
const cases: Case[] = [
  {
    title: 'sigmoid',
    reference: (x) => 1 / (1 + Math.exp(-x)),
    kernels: [['float64 pairs (shipped)', forward(shippedExports.sigmoid)], ['four lanes, plain', forward(experiment.sigmoidPlain4)], ['four lanes, within 1 ULP', forward(experiment.sigmoidExact4)]],
  },
  {
    title: "g·elu'(x), α = 1",
    reference: (x, g) => (x > 0 ? g : g * Math.exp(x)),
    kernels: [['float64 pairs (shipped)', backward(shippedExports.eluGrad)], ['four lanes, within 1 ULP', backward(experiment.eluGradExact4)]],
  },
];

const N = 1 << 20;
const xp = allocateScratch(4 * N), gp = allocateScratch(4 * N), dst = allocateScratch(4 * N);
const view = () => {
  const buffer = heapMemory().buffer;
  return { x: new Float32Array(buffer, xp, N), bits: new Uint32Array(buffer, xp, N), g: new Float32Array(buffer, gp, N), y: new Float32Array(buffer, dst, N) };
};
const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1];
const f32 = new Float32Array(1), u32 = new Uint32Array(f32.buffer);
/** The float32 ULP at |r| (the spacing of float32 numbers in r's binade; 2^-149 below 2^-126). */
function ulp(r: number): number {
  f32[0] = Math.abs(r);
  const e = (u32[0] >>> 23) & 0xff;
  return e === 0 ? 2 ** -149 : 2 ** (e - 150);
}

console.log(`\nFour float32 lanes: experimental kernels beside the shipped ones (1e6 float32, one thread, ${rounds} rounds; accuracy over 1 in ${step} float32 inputs)\n`);
console.log('| function | kernel | Melem/s (median) | / shipped | max ULP | at x | NaN mismatches |');
console.log('|---|---|---:|---:|---:|---:|---:|');
for (const { title, reference, kernels } of cases) {
  // Speed: 1e6 values, each kernel 20 calls per round, rounds interleaved.
  const n = 1e6;
  {
    const { x, g } = view();
    for (let i = 0; i < n; i++) { x[i] = Math.sin(i) * 6; g[i] = Math.cos(i) * 2; }
  }
  const rates: number[][] = kernels.map(() => []);
  for (let r = 0; r < rounds; r++) {
    kernels.forEach(([, k], i) => {
      const t0 = performance.now();
      for (let c = 0; c < 20; c++) k(dst, xp, gp, n);
      rates[i].push((20 * n) / ((performance.now() - t0) * 1e3));
    });
  }
  // Accuracy: every `step`-th bit pattern, in blocks of N; g from [−4, 4].
  const worst = kernels.map(() => ({ ulp: 0, at: 0, nanMismatches: 0 }));
  for (let base = 0; base < 2 ** 32; base += N * step) {
    const { bits, g } = view();
    let m = 0;
    for (; m < N && base + m * step < 2 ** 32; m++) { bits[m] = base + m * step; g[m] = Math.sin(base + m) * 4; }
    kernels.forEach(([, k], i) => {
      k(dst, xp, gp, m);
      const { x, y } = view();
      const w = worst[i];
      for (let j = 0; j < m; j++) {
        const v = x[j];
        if (v < -87.33) continue; // results below float32's normals: the plain kernel flushes them, as XNNPACK
        const ref = reference(v, g[j]), got = y[j];
        if (Number.isNaN(ref) || Number.isNaN(got)) {
          if (Number.isNaN(ref) !== Number.isNaN(got)) w.nanMismatches++;
          continue;
        }
        const e = ref === got ? 0 : Math.abs(got - ref) / ulp(ref);
        if (e > w.ulp) { w.ulp = e; w.at = v; }
      }
    });
  }
  kernels.forEach(([name], i) => {
    const m = median(rates[i]);
    console.log(`| ${title} | ${name} | ${m.toFixed(0)} | ${(m / median(rates[0])).toFixed(2)} | ${worst[i].ulp.toFixed(4)} | ${worst[i].at} | ${worst[i].nanMismatches} |`);
  });
}
releaseScratch(xp);
releaseScratch(gp);
releaseScratch(dst);
