/**
 * Where worker threads start to pay (the thresholds in src/kernels/threads.ts): one cheap kernel
 * (relu, bound by memory) and one costly kernel (gelu: erfc in float64), forward and backward, at
 * sizes 2^11 … 2^20, on 1 and on 2 threads with the size threshold disabled. Wall clock, the two
 * thread counts interleaved round by round; prints µs per call (median) and the ratio 1T/2T
 * (> 1: two threads win). Run alone on a quiet machine; the output says what the load was.
 *
 *   node build/bench/threads.js [--only relu,gelu] [--rounds 9]
 */
import os from 'node:os';
import { array, type NDArray } from '../src/index.js';
import { elementwise, elementwiseGrad as runWasmGrad } from '../src/kernels/elementwise.js';
import { overrideThreadMinimum, setNumThreads, threadsReady } from '../src/kernels/threads.js';

/** The forward kernel on float32 x (test shorthand for the dispatch with the result dtype). */
const runWasm = (name: string, x: NDArray, a: number, b: number, out?: NDArray) => elementwise(name, x, 'float32', a, b, out);

const args = process.argv.slice(2);
const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const names = (option('--only') ?? 'relu,gelu').split(',');
const rounds = Number(option('--rounds') ?? 9);

const median = (v: number[]) => { const s = [...v].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

/** Seconds per call of `run`, in batches of about 5 ms. */
function time(run: () => void, reps: number): number {
  const t0 = process.hrtime.bigint();
  for (let r = 0; r < reps; r++) run();
  return Number(process.hrtime.bigint() - t0) / 1e9 / reps;
}

async function main(): Promise<void> {
  overrideThreadMinimum(0);
  setNumThreads(2);
  const threads = await threadsReady();
  console.log(`threads: ${threads}; Node ${process.version}, ${os.cpus().length} CPUs, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log('| kernel | n | 1T µs | 2T µs | 1T/2T |\n|---|---:|---:|---:|---:|');
  for (const name of names) {
    for (const dir of ['forward', 'backward'] as const) {
      for (let log = 11; log <= 20; log++) {
        const n = 2 ** log;
        const x = array(new Float32Array(n).map((_, i) => Math.sin(i) * 6));
        const g = array(new Float32Array(n).map((_, i) => Math.cos(i)));
        const out = array(new Float32Array(n));
        const run = dir === 'forward'
          ? () => { runWasm(name, x, 0, 0, out); }
          : () => { runWasmGrad(name, x, g, 0, 0)!.dispose(); };
        setNumThreads(1);
        run();
        const reps = Math.max(1, Math.round(0.005 / time(run, 1)));
        const samples: [number[], number[]] = [[], []];
        for (let r = 0; r < rounds; r++) {
          for (const t of [1, 2]) {
            setNumThreads(t);
            samples[t - 1].push(time(run, reps));
          }
        }
        const [one, two] = samples.map(median);
        console.log(`| ${name}${dir === 'backward' ? 'Grad' : ''} | 2^${log} | ${(one * 1e6).toFixed(1)} | ${(two * 1e6).toFixed(1)} | ${(one / two).toFixed(2)} |`);
        for (const a of [x, g, out] as NDArray[]) a.dispose();
      }
    }
  }
  console.log(`load average after: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
}

await main();
