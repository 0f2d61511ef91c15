/**
 * `npm run bench`, user patterns: the code users write, each in a fresh process, on 1e6 float32
 * elements with the default settings (threads included):
 *
 *   (1) dispose   a loop that disposes every result (`nn.f(x).dispose()`)
 *   (2) sync      a synchronous loop of 1,500 calls that never disposes
 *   (3) await     a loop that awaits setImmediate after every call and never disposes
 *   ceiling       copying x into a fresh Float32Array (what any result that the GC owns costs)
 *   (2) padded    (2) with glibc's MALLOC_TOP_PAD_ at 256 MiB (Linux only; ignored elsewhere):
 *                 glibc returns the buffers V8 frees to the system and the next ones fault their
 *                 pages in again, which is most of what (2) costs (docs/pitfalls.md)
 *   (4) train     an MLP (784 → 256 → 256 → 10, batch 64, Adam) with the activation, trained with
 *                 nn.valueAndGrad without disposing anything, against the same loop disposing
 *                 every array it holds (batch, loss, gradients)
 *   burst         after (2)'s 1,500 undisposed calls, the disposing loop again: its first call and
 *                 the median of the next 20, as ratios to (1)
 *
 * Prints rates (Melem/s), each no-dispose rate as a ratio to min((1), ceiling) (train: to its
 * disposing twin), peak RSS, and the share of (1)'s and (2)'s calls that ran on the worker threads
 * too (0 where threads are off or the machine has one core). `--soak SECONDS` runs (3) for that long with an RSS sample every
 * 10 s instead (the no-growth check).
 *
 *   node build/bench/patterns.js [--only relu,gelu] [--soak 600]
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { array, heapStats, nn, optim, random, type NDArray } from '../src/index.js';
import { threadedKernelCalls } from '../src/kernels/threads.js';

const N = 1e6;
const ACTIVATIONS = ['relu', 'sigmoid', 'gelu', 'silu', 'softmax'] as const;
type Pattern = 'dispose' | 'sync' | 'syncPadded' | 'await' | 'ceiling' | 'train' | 'trainDispose' | 'burst';
const PATTERNS: readonly Pattern[] = ['dispose', 'sync', 'syncPadded', 'await', 'ceiling', 'train', 'trainDispose', 'burst'];

interface Result { rate: number; peakRssMiB: number; first?: number; next?: number; stagedShare?: number; threadedShare?: number }

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));
const peakRss = () => process.resourceUsage().maxRSS / 1024; // KiB → MiB

/** The activation as the user calls it: softmax along rows of 1000, the others elementwise. */
function activation(name: string): (x: NDArray) => NDArray {
  const fn = (nn as unknown as Record<string, (x: NDArray) => NDArray>)[name];
  return fn;
}

function input(name: string): NDArray {
  const xs = new Float32Array(N);
  for (let i = 0; i < N; i++) xs[i] = Math.sin(i) * 6;
  const x = array(xs);
  return name === 'softmax' ? x.reshape([N / 1000, 1000]) : x;
}

async function child(name: string, pattern: Pattern): Promise<Result> {
  const f = activation(name);
  const x = input(name);
  for (let i = 0; i < 20; i++) f(x).dispose(); // warm up (and start the worker threads)
  await tick();
  const timed = async (calls: number, body: () => void, yieldEach = false) => {
    const t0 = performance.now();
    for (let i = 0; i < calls; i++) {
      body();
      if (yieldEach) await tick();
    }
    return (calls * N) / ((performance.now() - t0) * 1e3); // Melem/s
  };
  switch (pattern) {
    case 'dispose': {
      const threaded = threadedKernelCalls();
      const rate = await timed(300, () => f(x).dispose());
      return { rate, peakRssMiB: peakRss(), threadedShare: (threadedKernelCalls() - threaded) / 300 };
    }
    case 'syncPadded': // the environment variable is set by runChild
    case 'sync': {
      const before = heapStats().fallbackAllocations, threaded = threadedKernelCalls();
      const rate = await timed(1500, () => { f(x); });
      return { rate, peakRssMiB: peakRss(), stagedShare: (heapStats().fallbackAllocations - before) / 1500, threadedShare: (threadedKernelCalls() - threaded) / 1500 };
    }
    case 'await': return { rate: await timed(1500, () => { f(x); }, true), peakRssMiB: peakRss() };
    case 'ceiling': {
      const src = x.toTypedArray() as Float32Array;
      return { rate: await timed(1500, () => { new Float32Array(N).set(src); }), peakRssMiB: peakRss() };
    }
    case 'burst': {
      const one = await timed(200, () => f(x).dispose());
      for (let i = 0; i < 1500; i++) f(x);
      const times: number[] = [];
      for (let i = 0; i < 21; i++) {
        const t0 = performance.now();
        f(x).dispose();
        times.push(performance.now() - t0);
      }
      const rate = (t: number) => N / (t * 1e3);
      const next = times.slice(1).sort((a, b) => a - b)[10];
      return { rate: one, first: rate(times[0]) / one, next: rate(next) / one, peakRssMiB: peakRss() };
    }
    case 'train':
    case 'trainDispose': {
      random.seed(1);
      const Module = (nn.ACTIVATIONS as unknown as Record<string, { Module: new () => nn.Module }>)[name].Module;
      const model = new nn.Sequential(new nn.Linear(784, 256), new Module(), new nn.Linear(256, 256), new Module(), new nn.Linear(256, 10));
      const opt = new optim.Adam({ learningRate: 1e-3 });
      const lossAndGrad = nn.valueAndGrad(model, (u: NDArray, v: NDArray) => nn.losses.crossEntropy(model.forward(u), v, { reduction: 'mean' }));
      const images = new Float32Array(64 * 784).map((_, i) => Math.sin(i) * 0.5 + 0.5);
      const labels = Int32Array.from({ length: 64 }, (_, i) => i % 10);
      const steps = 150;
      const t0 = performance.now();
      for (let s = 0; s < steps; s++) {
        const u = array(images).reshape([64, 784]);
        const v = array(labels);
        const [loss, grads] = lossAndGrad(u, v);
        opt.update(model, grads);
        if (pattern === 'trainDispose') {
          for (const a of [u, v, loss, ...leaves(grads)]) a.dispose();
        }
      }
      // Rate in training steps per second × 1e6 / N, so that the ratio of the twins is what counts.
      return { rate: (steps * 1e3) / (performance.now() - t0), peakRssMiB: peakRss() };
    }
  }
}

function leaves(tree: unknown): NDArray[] {
  if (tree && typeof tree === 'object' && 'dispose' in tree && 'shape' in tree) return [tree as NDArray];
  if (Array.isArray(tree)) return tree.flatMap(leaves);
  if (tree && typeof tree === 'object') return Object.values(tree).flatMap(leaves);
  return [];
}

async function soak(name: string, seconds: number): Promise<void> {
  const f = activation(name);
  const x = input(name);
  const start = performance.now();
  let calls = 0;
  let nextSample = 0;
  while (performance.now() - start < seconds * 1e3) {
    f(x);
    calls++;
    await tick();
    if (performance.now() - start >= nextSample) {
      const s = heapStats();
      console.log(JSON.stringify({ t: Math.round((performance.now() - start) / 1e3), calls, rssMiB: Math.round(process.memoryUsage().rss / 2 ** 20), heapLiveMiB: Math.round(s.liveBytes / 2 ** 20), fallbacks: s.fallbackAllocations }));
      nextSample += 10e3;
    }
  }
}

function runChild(name: string, pattern: Pattern): Result {
  const env = pattern === 'syncPadded' ? { ...process.env, MALLOC_TOP_PAD_: String(256 * 2 ** 20) } : process.env;
  const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--child', name, pattern], { encoding: 'utf8', maxBuffer: 1 << 20, env });
  return JSON.parse(out.trim().split('\n').pop()!) as Result;
}

const fmt = (v: number | undefined, digits = 2) => (v === undefined || !Number.isFinite(v) ? '-' : v.toFixed(digits));

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--child') {
    console.log(JSON.stringify(await child(args[1], args[2] as Pattern)));
    return;
  }
  const only = args.includes('--only') ? args[args.indexOf('--only') + 1].split(',') : ACTIVATIONS;
  if (args.includes('--soak')) {
    await soak(only[0], Number(args[args.indexOf('--soak') + 1]));
    return;
  }
  console.log(`\nUser patterns: 1e6 float32, each in a fresh process (Node ${process.version}); Melem/s, ratios, peak RSS in MiB\n`);
  console.log('| activation | (1) dispose | (2) sync | (3) await | ceiling | (2) / min((1), ceiling) | (2) padded / min | (3) / min | (4) train / disposing twin | burst: first call / (1), next 20 | RSS (1) / (2) / (3) | (2) staged share | threaded share (1) / (2) |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const name of only) {
    const r = Object.fromEntries(PATTERNS.map((p) => [p, runChild(name, p)])) as Record<Pattern, Result>;
    const floor = Math.min(r.dispose.rate, r.ceiling.rate);
    console.log(`| ${name} | ${fmt(r.dispose.rate, 0)} | ${fmt(r.sync.rate, 0)} | ${fmt(r.await.rate, 0)} | ${fmt(r.ceiling.rate, 0)} | ${fmt(r.sync.rate / floor)} | ${fmt(r.syncPadded.rate / floor)} | ${fmt(r.await.rate / floor)} | ${fmt(r.train.rate / r.trainDispose.rate)} | ${fmt(r.burst.first)}, ${fmt(r.burst.next)} | ${fmt(r.dispose.peakRssMiB, 0)} / ${fmt(r.sync.peakRssMiB, 0)} / ${fmt(r.await.peakRssMiB, 0)} | ${fmt(r.sync.stagedShare)} | ${fmt(r.dispose.threadedShare)} / ${fmt(r.sync.threadedShare)} |`);
  }
}

await main();
