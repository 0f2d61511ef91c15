/**
 * `npm run bench`, dtypes: every activation at 1e6 elements, forward and backward (vjp), in
 * float32, float16, bfloat16 and float64, in one process, rounds interleaved; prints Melem/s and
 * each dtype's ratio to float32, the median of the rounds' ratios (the targets: 16-bit ≥ 0.5,
 * float64 ≥ 0.3). Row activations take rows of 1000, prelu a weight of [1000]. Outputs are disposed.
 *
 *   node build/bench/dtypes.js [--only relu,gelu] [--rounds 5] [--threads 1]
 */
import { array, nn, setNumThreads, threadsReady, vjp, type NDArray } from '../src/index.js';
import type { ActivationName } from '../src/nn/activations/spec.js';

const N = 1e6;
const DTYPES = ['float32', 'float16', 'bfloat16', 'float64'] as const;
type DType = (typeof DTYPES)[number];

const args = process.argv.slice(2);
const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const rounds = Number(option('--rounds') ?? 5);
const only = option('--only')?.split(',');
setNumThreads(Number(option('--threads') ?? 1));
await threadsReady();

type Fn = (x: NDArray, ...p: unknown[]) => NDArray;
const names = (only ?? nn.ACTIVATION_NAMES) as ActivationName[];

// One set of operands per dtype, shared by every activation (x in rows of 1000; g shaped like the
// output, glu's half as wide; prelu's weight of [1000]), so that all of them stay in the heap.
const xs = new Float32Array(N).map((_, i) => Math.sin(i * 0.7) * 6);
const operands = Object.fromEntries(DTYPES.map((d) => [d, {
  x: array(xs, d).reshape([N / 1000, 1000]),
  g: array(new Float32Array(N).fill(0.5), d).reshape([N / 1000, 1000]),
  gHalf: array(new Float32Array(N / 2).fill(0.5), d).reshape([N / 1000, 500]),
  w: array(new Float32Array(1000).fill(0.25), d),
}])) as Record<DType, { x: NDArray; g: NDArray; gHalf: NDArray; w: NDArray }>;

function setup(name: ActivationName, dtype: DType) {
  const fn = nn.ACTIVATIONS[name].fn as unknown as Fn;
  const { x, g, gHalf, w } = operands[dtype];
  const f = name === 'prelu' ? (u: NDArray) => fn(u, w) : (u: NDArray) => fn(u);
  return {
    forward: () => f(x).dispose(),
    backward: () => {
      const [[y], [dx]] = vjp(f, [x], [name === 'glu' ? gHalf : g]);
      y.dispose();
      dx.dispose();
    },
  };
}

function time(body: () => void): number {
  body(); // warm
  // A call at 1e6 takes 0.1-30 ms: repeat it for at least 10 ms and take the mean rate, so that
  // one call that met a cold cache or a timer tick does not decide the round.
  let reps = 0;
  const t0 = performance.now();
  let elapsed = 0;
  while (reps < 3 || elapsed < 10) {
    body();
    reps++;
    elapsed = performance.now() - t0;
  }
  return (reps * N) / (elapsed * 1e3); // Melem/s
}

const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1];

console.log(`\nDtypes: 1e6 elements, ${option('--threads') ?? 1} thread(s), Melem/s (median of ${rounds} rounds) and ratio to float32\n`);
const DIRECTIONS = ['forward', 'backward'] as const;
const setups = names.map((name) => Object.fromEntries(DTYPES.map((d) => [d, setup(name, d)])) as Record<DType, ReturnType<typeof setup>>);
const rates = names.map(() => DIRECTIONS.map(() => ({ float32: [], float16: [], bfloat16: [], float64: [] }) as Record<DType, number[]>));
// A round measures every activation once, so that the rounds of one activation are spread over
// the whole run: a slow spell of this shared machine (seconds, when another tenant runs) then
// takes one round of many activations, which the medians drop, not every round of a few.
for (let r = 0; r < rounds; r++) {
  names.forEach((_, a) => DIRECTIONS.forEach((direction, k) => {
    for (const d of DTYPES) rates[a][k][d].push(time(setups[a][d][direction]));
  }));
}
console.log('| activation | direction | float32 | float16 | bfloat16 | float64 | f16 / f32 | bf16 / f32 | f64 / f32 |');
console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|');
names.forEach((name, a) => DIRECTIONS.forEach((direction, k) => {
  const rate = rates[a][k];
  const m = Object.fromEntries(DTYPES.map((d) => [d, median(rate[d])])) as Record<DType, number>;
  // each round's ratio pairs calls made moments apart, so a slow spell moves both; the median of
  // the paired ratios is steadier than the ratio of the medians
  const ratio = (d: DType) => median(rate[d].map((v, r) => v / rate.float32[r])).toFixed(2);
  console.log(`| ${name} | ${direction} | ${m.float32.toFixed(0)} | ${m.float16.toFixed(0)} | ${m.bfloat16.toFixed(0)} | ${m.float64.toFixed(0)} | ${ratio('float16')} | ${ratio('bfloat16')} | ${ratio('float64')} |`);
}));
