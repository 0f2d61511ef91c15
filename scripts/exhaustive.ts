/**
 * `npm run test:exhaustive`: every one of the 2^32 float32 inputs of every elementwise activation
 * (default parameters, plus prelu with α = 0.25), run through the public API in chunks on all
 * cores, compared with the activation's float64 formula (`spec.f`, itself checked against mpmath
 * at 60 digits to ≤ 2 float64 ULP by the fixture tests). Prints the max error in float32 ULPs,
 * the worst input, and any NaN or signed-zero mismatch, per activation. Not part of `npm test`
 * (about 15-30 minutes on 2 cores).
 *
 *   node build/scripts/exhaustive.js [--only elu,gelu] [--stride 1]
 *
 * `--stride k` checks every k-th bit pattern (a quick sample). `--derivatives` checks the
 * backward instead: the vjp with a cotangent of ones (the fused backward kernel, g·f'(x)) against
 * `spec.df` in float64, with the same report (the gradients issue's bound is 2 ULP).
 */
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { array, nn, ones, vjp, type NDArray } from '../src/index.js';
import type { ElementwiseSpec } from '../src/nn/index.js';

interface Job { name: string; start: number; end: number; stride: number; derivatives: boolean }
interface Result { count: number; maxUlp: number; worstX: number; worstGot: number; worstRef: number; nanMismatch: number; zeroSignMismatch: number; firstBad: number[] }

const CHUNK = 1 << 20;

type Target = { run: (x: Float32Array) => Float32Array; ref: (x: number) => number };

/** Runs `apply` on a float32 copy of x through the public API and returns the result's values. */
function through(apply: (x: NDArray) => NDArray, x: Float32Array): Float32Array {
  const input = array(x);
  const out = apply(input);
  const values = out.toTypedArray() as Float32Array;
  out.dispose();
  input.dispose();
  return values;
}

/** The backward of `fn` at x with a cotangent of ones: f'(x) from the fused backward kernel. */
function derivative(fn: (x: NDArray) => NDArray): (x: NDArray) => NDArray {
  // The primal output and the cotangent are disposed: left to the garbage collector, they filled
  // the heap after a few hundred chunks and the rest ran on the JS path (float64 df, rounded once).
  return (x) => {
    const g = ones(x.shape);
    const [y, [d]] = vjp((u: NDArray) => fn(u), [x], [g]);
    for (const a of ([] as NDArray[]).concat(y)) a.dispose();
    g.dispose();
    return d;
  };
}

/** The activations checked, each as x ↦ (kernel over an array, float64 reference). */
function targets(derivatives: boolean): Map<string, Target> {
  const map = new Map<string, Target>();
  const add = (name: string, fn: (x: NDArray) => NDArray, f: (x: number) => number, df: (x: number) => number) =>
    map.set(name, derivatives
      ? { run: (x) => through(derivative(fn), x), ref: df }
      : { run: (x) => through(fn, x), ref: f });
  for (const entry of Object.values(nn.ACTIVATIONS)) {
    if (entry.spec.kind !== 'elementwise') continue;
    const spec = entry.spec as ElementwiseSpec;
    const [a = 0, b = 0] = spec.params.map((p) => Math.fround(p.default));
    const fn = entry.fn as unknown as (x: NDArray) => NDArray;
    add(spec.name, fn, (x) => spec.f(x, a, b), (x) => spec.df(x, a, b));
  }
  const alpha = array([0.25]);
  const preluF = nn.ACTIVATIONS.prelu.spec.f;
  const slope = Math.fround(0.25);
  add('prelu', (x) => nn.prelu(x, alpha), (x) => preluF(x, slope), (x) => (x > 0 ? 1 : x <= 0 ? slope : NaN));
  return map;
}

// float32 ULP at a float64 value's magnitude, by its biased float64 exponent (subnormal spacing
// below 2^-126): a table, because `2 **` per element dominated the run time.
const ULP32 = new Float64Array(2048).map((_, e) => 2 ** (Math.max(e - 1023, -126) - 23));
const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

function check(job: Job): Result {
  const t = targets(job.derivatives).get(job.name)!;
  const ref = t.ref;
  const firstBad: number[] = [];
  let count = 0, maxUlp = 0, worstX = NaN, worstGot = NaN, worstRef = NaN, nanMismatch = 0, zeroSignMismatch = 0;
  const n = Math.ceil(Math.min(CHUNK * job.stride, job.end - job.start) / job.stride);
  const bits = new Uint32Array(n);
  const xs = new Float32Array(bits.buffer);
  for (let base = job.start; base < job.end; base += n * job.stride) {
    const m = Math.min(n, Math.ceil((job.end - base) / job.stride));
    for (let i = 0; i < m; i++) bits[i] = base + i * job.stride;
    const got = t.run(m === n ? xs : xs.subarray(0, m));
    count += m;
    for (let i = 0; i < m; i++) {
      const x = xs[i], g = got[i], r = ref(x);
      if (r !== r || g !== g) {
        if ((r !== r) !== (g !== g)) { nanMismatch++; if (firstBad.length < 5) firstBad.push(x); }
        continue;
      }
      const rf = Math.fround(r);
      if (rf === Infinity || rf === -Infinity) {
        if (g !== rf) { nanMismatch++; if (firstBad.length < 5) firstBad.push(x); }
        continue;
      }
      // f's zeros carry a sign; a derivative that is zero may be either.
      if (g === 0 && rf === 0 && !job.derivatives && 1 / g !== 1 / rf) { zeroSignMismatch++; if (firstBad.length < 5) firstBad.push(x); }
      f64[0] = r;
      const err = Math.abs(g - r) / ULP32[(u32[1] >>> 20) & 0x7ff];
      if (err > maxUlp) { maxUlp = err; worstX = x; worstGot = g; worstRef = r; }
    }
  }
  return { count, maxUlp, worstX, worstGot, worstRef, nanMismatch, zeroSignMismatch, firstBad };
}

function merge(a: Result, b: Result): Result {
  const worse = b.maxUlp > a.maxUlp ? b : a;
  return {
    count: a.count + b.count, maxUlp: worse.maxUlp, worstX: worse.worstX, worstGot: worse.worstGot, worstRef: worse.worstRef,
    nanMismatch: a.nanMismatch + b.nanMismatch, zeroSignMismatch: a.zeroSignMismatch + b.zeroSignMismatch,
    firstBad: [...a.firstBad, ...b.firstBad].slice(0, 5),
  };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const only = args.includes('--only') ? args[args.indexOf('--only') + 1].split(',') : undefined;
  const stride = args.includes('--stride') ? Number(args[args.indexOf('--stride') + 1]) : 1;
  const derivatives = args.includes('--derivatives');
  const bound = derivatives ? 2 : 1;
  const all = [...targets(derivatives).keys()];
  const names = only ? only.filter((n) => all.includes(n)) : all; // --only keeps its order
  const workers = Math.max(1, availableParallelism());
  const total = 2 ** 32;
  console.log(`Exhaustive float32 check of the ${derivatives ? 'derivatives (backward kernels)' : 'forward kernels'}: ${names.length} activations, ${stride === 1 ? 'all 2^32 inputs' : `every ${stride}th input`}, ${workers} threads\n`);
  console.log('| activation | inputs | max ULP | worst input | NaN mismatches | zero-sign mismatches | seconds |');
  console.log('|---|---|---|---|---|---|---|');
  let failures = 0;
  for (const name of names) {
    const t0 = performance.now();
    const per = Math.ceil(total / workers / stride) * stride;
    const parts = await Promise.all(Array.from({ length: workers }, (_, w) => new Promise<Result>((resolve, reject) => {
      const job: Job = { name, start: w * per, end: Math.min(total, (w + 1) * per), stride, derivatives };
      const worker = new Worker(new URL(import.meta.url), { workerData: job });
      worker.once('message', resolve);
      worker.once('error', reject);
    })));
    const r = parts.reduce(merge);
    const bad = r.maxUlp > bound || r.nanMismatch > 0 || r.zeroSignMismatch > 0;
    if (bad) failures++;
    console.log(`| ${name} | ${r.count} | ${r.maxUlp.toFixed(4)} | ${Number.isNaN(r.worstX) ? '-' : r.worstX} | ${r.nanMismatch} | ${r.zeroSignMismatch} | ${((performance.now() - t0) / 1000).toFixed(0)} |${bad ? ` FAIL (first: ${r.firstBad.join(', ')})` : ''}`);
  }
  console.log(failures ? `\n${failures} activation(s) over ${bound} ULP or with mismatches` : `\nevery activation within ${bound} ULP, no NaN or signed-zero mismatch`);
  process.exitCode = failures ? 1 : 0;
}

if (isMainThread) await main();
else parentPort!.postMessage(check(workerData as Job));
