/**
 * `npm run bench`: the forward and the backward of every activation on float32 arrays of 1e3, 1e5,
 * 1e6 and 1e7 elements, in one process, interleaving the engines round by round. The row
 * activations (softmax, logSoftmax, softmin, glu, along the last axis) and prelu (weight [1000])
 * take the arrays as rows of 1000 elements; Melem/s counts input elements (glu's output is half).
 *
 *   nonlin-wasm  the public function with the WebAssembly SIMD backend (the default) on one
 *                thread (setNumThreads(1)); backward: vjp(f, [x], [g]) (the forward, then the
 *                fused g·f'(x))
 *   nonlin-wasm 2T  the same calls with setNumThreads(2) (worker threads over the shared heap,
 *                from each kernel's size threshold up; row activations split by rows, prelu by
 *                rows of C); always wall clock, also under --cpu (CPU
 *                time cannot show a thread speedup); 2T/1T is its ratio to nonlin-wasm
 *   nonlin-js    the same calls with setBackend('js')
 *   nonlin-wasm g·f′  backward only: the fused kernel alone (applyElementwiseGrad)
 *   copy         Float32Array.prototype.set of the input into a preallocated array: the
 *                memory-traffic ceiling for a one-pass elementwise kernel
 *   peers        tfjs-cpu, tfjs-wasm (forward; backward: tf.grad(f)(x, g)), onnxruntime-node
 *                (one thread; forward), @jax-js/jax on its wasm backend (jit; backward: jit(grad))
 *                from bench/node_modules (bench/package.json; see ./peers.ts)
 *
 * Each output is disposed right away, so its heap block is reused and the heap does not grow.
 * Prints Melem/s (median of the rounds) and the ratio of nonlin-wasm to the copy ceiling and to
 * each peer, then the peak memory growth of one activation at 1e7 (measured in a child process).
 *
 *   node build/bench/forward.js [--sizes 1e6,1e7] [--only relu,gelu] [--rounds 5] [--markdown] [--cpu]
 *                               [--no-peers] [--forward-only]
 *   node build/bench/forward.js --memory [name] [--js]   (the peak-memory measurement alone)
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { array, full, nn, setNumThreads, threadsReady, vjp, zeros, type NDArray } from '../src/index.js';
import { COMPOSITE, PRELU_WEIGHT, loadPeers, rowShape, type Peer, type PeerSession, type Run } from './peers.js';
import type { ActivationSpec, ElementwiseSpec } from '../src/nn/index.js';
import type { RowName } from '../src/nn/activations/spec.js';
import { setBackend } from '../src/kernels/backend.js';
import { wasmKernelCalls } from '../src/kernels/counters.js';
import { elementwise } from '../src/kernels/elementwise.js';
import { preluGrad as fastPreluGrad } from '../src/kernels/prelu.js';
import { applyAlongAxisGrad, applyElementwiseGrad, preluGrad } from '../src/ops/activation.js';

interface Entry { spec: ActivationSpec; fn: (x: NDArray, ...params: unknown[]) => NDArray }

/** The fused VJP lanes of the row activations (the JS path of the 'g·f′' column). */
type Direction = 'forward' | 'backward';

const args = process.argv.slice(2);
const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const sizes = (option('--sizes') ?? '1e3,1e5,1e6,1e7').split(',').map(Number);
const only = option('--only')?.split(',');
const roundsOption = option('--rounds');
const markdown = args.includes('--markdown');
const noPeers = args.includes('--no-peers');
const directions: Direction[] = args.includes('--forward-only') ? ['forward'] : ['forward', 'backward'];

// The elementwise activations first; the row activations and prelu (on [n/1000, 1000]) after them.
const entries = (Object.values(nn.ACTIVATIONS) as unknown as Entry[])
  .filter((e) => !only || only.includes(e.spec.name))
  .sort((a, b) => Number(a.spec.kind !== 'elementwise') - Number(b.spec.kind !== 'elementwise'));

/** Inputs: a fixed pseudo-random mix, mostly in [-6, 6] where the activations bend, some wider. */
function randomData(n: number, seed: number, wide: boolean): Float32Array {
  const xs = new Float32Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    const u = s / 2 ** 32;
    xs[i] = wide && i % 16 === 0 ? (u - 0.5) * 200 : (u - 0.5) * 12;
  }
  return xs;
}

/**
 * One timed batch: `reps` calls; returns seconds per call. Wall-clock time, or with --cpu this
 * process's CPU time (steadier on a machine shared with other work, blind to waiting on memory
 * held by others). A run that returns a promise (onnxruntime) is awaited call by call.
 */
const cpuClock = args.includes('--cpu');
async function timeBatch(run: Run, reps: number, async: boolean, wall = false): Promise<number> {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  if (async) for (let r = 0; r < reps; r++) await run();
  else for (let r = 0; r < reps; r++) run();
  if (cpuClock && !wall) {
    const c = process.cpuUsage(c0);
    return (c.user + c.system) / 1e6 / reps;
  }
  return Number(process.hrtime.bigint() - t0) / 1e9 / reps;
}

const median = (v: number[]) => { const s = [...v].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

interface Row { name: string; n: number; dir: Direction; melems: Record<string, number>; wasmDirect: boolean }

/** `wall`: always timed by the wall clock (threaded runs: CPU time would hide their speedup). */
interface Contender { engine: string; run: Run; activate?: () => Promise<void> | void; wall?: boolean }

/** Times the contenders interleaved, round by round; Melem/s (median) per engine. */
async function race(n: number, contenders: Contender[]): Promise<Record<string, number>> {
  // Calibrate each engine to batches of about 20 ms (at least one call), after a warm-up.
  const reps = new Map<string, number>();
  const isAsync = new Map<string, boolean>();
  for (const c of contenders) {
    await c.activate?.();
    const first = c.run();
    isAsync.set(c.engine, first instanceof Promise);
    await first;
    const t = await timeBatch(c.run, 1, isAsync.get(c.engine)!, c.wall);
    reps.set(c.engine, Math.max(1, Math.min(100_000, Math.round(0.02 / t))));
  }
  const rounds = Number(roundsOption ?? (n >= 1e7 ? 3 : 7));
  const samples = new Map<string, number[]>(contenders.map((c) => [c.engine, []]));
  for (let r = 0; r < rounds; r++) {
    for (const c of contenders) { // interleaved: every round times each engine once
      await c.activate?.();
      samples.get(c.engine)!.push(await timeBatch(c.run, reps.get(c.engine)!, isAsync.get(c.engine)!, c.wall));
    }
  }
  setBackend('wasm');
  setNumThreads(1);
  const melems: Record<string, number> = {};
  for (const c of contenders) melems[c.engine] = n / median(samples.get(c.engine)!) / 1e6;
  return melems;
}

/**
 * What one activation's timings run: the forward on its input, its cotangent, and the fused
 * backward alone. Elementwise activations take x and g as they are; the row activations and prelu
 * take them as [n/1000, 1000] (rowShape): softmax & co. along the last axis, glu's cotangent is the
 * first half of g as [n/1000, 500], prelu's weight is nn.PReLU(1000)'s [1000] of 0.25.
 */
interface Setup { input: NDArray; cot: NDArray; forward: (t: NDArray) => NDArray; fused: () => void; release: () => void }

function setup(entry: Entry, x: NDArray, g: NDArray): Setup {
  const { spec } = entry;
  if (spec.kind === 'elementwise') {
    const params = spec.params.map((p) => p.default);
    const [a = 0, b = 0] = params.map(Math.fround);
    return {
      input: x, cot: g, forward: (t) => entry.fn(t, ...params),
      fused: () => { applyElementwiseGrad(spec as ElementwiseSpec, x, g, a, b).dispose(); },
      release: () => undefined,
    };
  }
  const shape = rowShape(x.size);
  const input = x.reshape(shape);
  if (spec.kind === 'binary') {
    const w = full([shape[1]], PRELU_WEIGHT);
    const cot = g.reshape(shape);
    return {
      input, cot, forward: (t) => nn.prelu(t, w),
      fused: () => { for (const d of fastPreluGrad(input, w, cot) ?? [preluGrad(input, w, cot, 'x')]) d.dispose(); },
      release: () => w.dispose(),
    };
  }
  const cot = spec.name === 'glu' ? array(g.toTypedArray().subarray(0, x.size / 2)).reshape([shape[0], shape[1] / 2]) : g.reshape(shape);
  return {
    input, cot, forward: (t) => entry.fn(t, -1),
    fused: () => { applyAlongAxisGrad(spec, input, cot, 1).dispose(); },
    release: () => { if (spec.name === 'glu') cot.dispose(); },
  };
}

async function bench(entry: Entry, x: NDArray, g: NDArray, copyTarget: Float32Array, sessions: [Peer, PeerSession][]): Promise<Row[]> {
  const n = x.size;
  const name = entry.spec.name;
  const params = entry.spec.params.map((p) => p.default);
  const { input, cot, forward, fused, release } = setup(entry, x, g);
  // The public API routes to wasm for every elementwise activation but relu (its name is shared
  // with Keras' relu spec, and the hook gets a name); relu's wasm row calls the kernel directly.
  setBackend('wasm');
  const before = wasmKernelCalls(name);
  forward(input).dispose();
  const wasmDirect = entry.spec.kind === 'elementwise' && wasmKernelCalls(name) === before;
  const [a = 0, b = 0] = params.map(Math.fround);
  const wasm = () => { setBackend('wasm'); setNumThreads(1); };
  const wasm2 = () => { setBackend('wasm'); setNumThreads(2); };
  const js = () => { setBackend('js'); setNumThreads(1); };
  const nonlinForward: Run = wasmDirect
    ? () => { elementwise(name, x, 'float32', a, b)!.dispose(); }
    : () => { forward(input).dispose(); };
  // The backward through the public API: vjp (forward, then the fused g·f'(x)), like tf.grad(f)(x, dy).
  const nonlinBackward: Run = () => {
    const [[y], [dx]] = vjp(forward, [input], [cot]);
    y.dispose();
    dx.dispose();
  };
  const rows: Row[] = [];
  for (const dir of directions) {
    const contenders: Contender[] = dir === 'forward'
      ? [
        { engine: 'nonlin-wasm', run: nonlinForward, activate: wasm },
        { engine: 'nonlin-wasm 2T', run: nonlinForward, activate: wasm2, wall: true },
        { engine: 'nonlin-js', run: () => { forward(input).dispose(); }, activate: js },
        { engine: 'copy', run: () => { copyTarget.set(x.data('bench') as Float32Array); }, activate: wasm },
      ]
      : [
        { engine: 'nonlin-wasm', run: nonlinBackward, activate: wasm },
        { engine: 'nonlin-wasm 2T', run: nonlinBackward, activate: wasm2, wall: true },
        { engine: 'nonlin-js', run: nonlinBackward, activate: js },
        // The fused backward alone (g·f'(x), what the vjp rule runs after the forward).
        { engine: 'nonlin-wasm g·f′', run: fused, activate: wasm },
      ];
    for (const [peer, session] of sessions) {
      const run = dir === 'forward' ? session.forward(name, params) : session.backward?.(name, params);
      if (run) contenders.push({ engine: peer.name, run, activate: peer.activate && (() => peer.activate!()) });
    }
    rows.push({ name, n, dir, melems: await race(n, contenders), wasmDirect });
  }
  release();
  return rows;
}

const fmt = (v: number) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
const sizeLabel = (n: number) => `1e${Math.round(Math.log10(n))}`;

/**
 * Peak RSS growth of one activation on 1e7 float32, in a fresh process (maxRSS is a high-water
 * mark). The input is made in the heap directly (zeros, then filled in place), so no transient
 * copy raises the mark before the measurement. The worker threads are started first: their
 * one-time cost (~9 MiB each) is the process's, not the activation's.
 */
async function memory(name: string): Promise<void> {
  const entry = (Object.values(nn.ACTIVATIONS) as unknown as Entry[]).find((e) => e.spec.name === name && e.spec.kind === 'elementwise')!;
  const n = 1e7;
  const x = zeros([n]);
  const xs = x.data('bench') as Float32Array;
  for (let i = 0; i < n; i++) xs[i] = ((i % 2001) - 1000) / 100;
  if (args.includes('--js')) setBackend('js');
  entry.fn(array(new Float32Array(1000))).dispose(); // compile the kernel first
  await threadsReady();
  const rss = process.memoryUsage().rss;
  const before = process.resourceUsage().maxRSS * 1024;
  const out = entry.fn(x);
  const after = process.resourceUsage().maxRSS * 1024;
  console.log(JSON.stringify({ name, n, outBytes: out.nbytes, growth: after - Math.max(before, rss), rssBefore: rss, maxRssBefore: before }));
}

async function main(): Promise<void> {
  if (args.includes('--memory')) {
    await memory(args[args.indexOf('--memory') + 1] ?? 'gelu');
    return;
  }
  const memoryLines = measureMemory();
  const defaults: Record<string, number[]> = {};
  for (const e of entries) if (e.spec.kind === 'elementwise') defaults[e.spec.name] = e.spec.params.map((p) => p.default);
  const { peers, skipped } = noPeers ? { peers: [], skipped: ['peers: --no-peers'] } : await loadPeers(defaults);
  const engines = ['nonlin-wasm', 'nonlin-wasm 2T', 'nonlin-js', 'copy', ...peers.map((p) => p.name)];
  setNumThreads(2);
  const threads = await threadsReady(); // workers start asynchronously; time them once they are up
  setNumThreads(1);
  const peerNames = peers.map((p) => p.name);
  console.log(`nonlin benchmark — Node ${process.version}, ${process.arch}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}), load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log(`float32; Melem/s (median of interleaved rounds${cpuClock ? ', CPU time' : ', wall clock'}); one thread everywhere but nonlin-wasm 2T (${threads} threads ready; always wall clock)`);
  console.log(`peers: ${peerNames.join(', ') || 'none'}${skipped.length ? `; not run: ${skipped.join('; ')}` : ''}`);
  console.log('PyTorch: ' + torchNote() + '\n');
  const rows: Row[] = [];
  for (const n of sizes) {
    const xs = randomData(n, 12345, true);
    const gs = randomData(n, 777, false);
    const x = array(xs);
    const g = array(gs);
    const copyTarget = new Float32Array(n);
    const sessions: [Peer, PeerSession][] = [];
    for (const p of peers) sessions.push([p, await p.prepare(xs, gs)]);
    for (const dir of directions) {
      console.log(`n = ${sizeLabel(n)}, ${dir}${dir === 'backward' ? ' (vjp: forward and g·f\'(x))' : ''}`);
      const cols = dir === 'forward' ? engines : ['nonlin-wasm', 'nonlin-wasm 2T', 'nonlin-js', 'nonlin-wasm g·f′', ...engines.slice(4).filter((e) => e !== 'onnxruntime')];
      const ratios = peerNames.filter((p) => cols.includes(p));
      console.log(header(dir, cols, ratios));
      for (const entry of entries) {
        // Both directions are timed per activation; print each direction's table as it fills.
        let row = rows.find((r) => r.name === entry.spec.name && r.n === n && r.dir === dir);
        if (!row) {
          rows.push(...await bench(entry, x, g, copyTarget, sessions));
          row = rows.find((r) => r.name === entry.spec.name && r.n === n && r.dir === dir)!;
        }
        console.log(formatRow(row, cols, ratios));
      }
      console.log('');
    }
    for (const [, s] of sessions) s.dispose();
    x.dispose();
    g.dispose();
  }
  if (rows.some((r) => r.wasmDirect)) console.log("* the public nn.relu runs the JS loop for now (the kernel hook gets the name 'relu', which Keras' relu spec shares); its forward wasm column times the kernel through runWasm.");
  const composites = [...COMPOSITE].filter((c) => rows.some((r) => c.endsWith(`:${r.name}`))).sort();
  if (composites.length) console.log(`† composite of the peer's ops (no single op): ${composites.join(', ')}`);
  console.log('— the peer has no such op (nor a short composite here)\n');
  if (markdown) printMarkdown(rows, peerNames);
  runTorch(rows);
  for (const line of memoryLines) console.log(line);
}

/**
 * The peak-memory children, run before the peers load: on Linux a child's maxRSS starts from its
 * parent's RSS at fork (kept across exec), so a parent holding tfjs, jax-js and onnxruntime would
 * hide the growth.
 */
function measureMemory(): string[] {
  return ['wasm', 'js'].map((engine) => {
    const child = [fileURLToPath(import.meta.url), '--memory', 'gelu', ...(engine === 'js' ? ['--js'] : [])];
    const r = JSON.parse(execFileSync(process.execPath, child, { encoding: 'utf8' })) as { outBytes: number; growth: number };
    return `Peak memory (nonlin-${engine}): nn.gelu on 1e7 float32 raised the process's peak RSS by ${(r.growth / 2 ** 20).toFixed(1)} MiB for a ${(r.outBytes / 2 ** 20).toFixed(1)} MiB output: ${(r.growth / r.outBytes).toFixed(3)}x (target ≤ 1.1x).`;
  });
}

function cell(row: Row, engine: string): string {
  const v = row.melems[engine];
  if (v === undefined) return '—';
  return fmt(v) + (COMPOSITE.has(`${engine}:${row.name}`) ? '†' : '');
}

function formatRow(row: Row, cols: string[], ratios: string[]): string {
  const m = row.melems;
  const ratio = (p: string) => (m[p] === undefined ? '—' : (m['nonlin-wasm'] / m[p]).toFixed(2));
  const copy = (m['nonlin-wasm'] / m.copy).toFixed(2);
  const threaded = m['nonlin-wasm 2T'] === undefined ? '—' : (m['nonlin-wasm 2T'] / m['nonlin-wasm']).toFixed(2);
  const cells = [...cols.map((c) => cell(row, c)), threaded, ...(row.dir === 'forward' ? [copy] : []), ...ratios.map(ratio)];
  return `| ${row.name}${row.wasmDirect && row.dir === 'forward' ? '*' : ''} | ${cells.join(' | ')} |`;
}

function header(dir: Direction, cols: string[], ratios: string[]): string {
  const names = [...cols, '2T/1T', ...(dir === 'forward' ? ['wasm/copy'] : []), ...ratios.map((p) => `wasm/${p}`)];
  return `| activation | ${names.join(' | ')} |\n|---|${names.map(() => '---:').join('|')}|`;
}

/** One table per direction at 1e6 and 1e7 (the sizes of the fast-kernel targets in bench/README.md), for bench/README.md. */
function printMarkdown(rows: Row[], peerNames: string[]): void {
  for (const dir of directions) {
    for (const n of sizes.filter((s) => s >= 1e6)) {
      const sub = rows.filter((r) => r.dir === dir && r.n === n);
      const cols = ['nonlin-wasm', 'nonlin-wasm 2T', 'nonlin-js', ...(dir === 'forward' ? ['copy'] : ['nonlin-wasm g·f′']), ...peerNames].filter((c) => sub.some((r) => r.melems[c] !== undefined) || c === 'nonlin-wasm');
      const ratios = peerNames.filter((p) => cols.includes(p));
      console.log(`### ${dir}, ${sizeLabel(n)}\n`);
      console.log(header(dir, cols, ratios));
      for (const r of sub) console.log(formatRow(r, cols, ratios));
      console.log('');
    }
  }
}

/**
 * A Python that can import torch: the first `python3` on PATH, else Debian's own interpreter
 * (python3-torch installs for /usr/bin/python3, which a version manager may shadow).
 */
let torchPython: { python: string; version: string } | null | undefined;
function findTorch(): { python: string; version: string } | null {
  if (torchPython !== undefined) return torchPython;
  for (const python of ['python3', '/usr/bin/python3']) {
    try {
      const version = execFileSync(python, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
      return (torchPython = { python, version });
    } catch { /* try the next */ }
  }
  return (torchPython = null);
}

/** torch's version when some python3 can import it (Debian's python3-torch), else undefined. */
function torchVersion(): string | undefined {
  return findTorch()?.version;
}

function torchNote(): string {
  const v = torchVersion();
  return v ? `torch ${v}: runs after nonlin's tables, in a child process (bench/torch_bench.py), one thread` : 'not run (python3 cannot import torch on this machine)';
}

/**
 * PyTorch's numbers, in the same session: bench/torch_bench.py in a child process (not interleaved
 * round by round with the JS engines, which share one process), then nonlin-wasm / torch from the
 * rows measured above.
 */
function runTorch(rows: Row[]): void {
  if (!torchVersion()) return;
  const script = fileURLToPath(new URL('../../bench/torch_bench.py', import.meta.url));
  const argv = [script, '--sizes', sizes.join(','), ...(only ? ['--only', only.join(',')] : []), ...(roundsOption ? ['--rounds', roundsOption] : [])];
  let text: string;
  try {
    text = execFileSync(findTorch()!.python, argv, { encoding: 'utf8', maxBuffer: 1 << 24 });
  } catch (error) {
    console.log(`PyTorch: the child process failed (${String(error).split('\n')[0]}); no numbers\n`);
    return;
  }
  const results = text.trim().split('\n').map((l) => JSON.parse(l) as { name?: string; n?: number; dir?: Direction; melems?: number; torch?: string });
  const version = results.find((r) => r.torch)?.torch;
  console.log(`PyTorch ${version} (child process, torch.set_num_threads(1), its own inputs of the same distribution; backward = autograd.grad(f(x), x, g)); Melem/s and nonlin-wasm / torch`);
  console.log('| activation | n | direction | torch | nonlin-wasm | wasm/torch |');
  console.log('|---|---:|---|---:|---:|---:|');
  for (const r of results) {
    if (!r.name) continue;
    const mine = rows.find((row) => row.name === r.name && row.n === r.n && row.dir === r.dir);
    const w = mine?.melems['nonlin-wasm'];
    console.log(`| ${r.name} | ${sizeLabel(r.n!)} | ${r.dir} | ${fmt(r.melems!)} | ${w === undefined ? '—' : fmt(w)} | ${w === undefined ? '—' : (w / r.melems!).toFixed(2)} |`);
  }
  console.log('');
}

await main();
