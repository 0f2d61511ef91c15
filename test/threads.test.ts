// Worker threads for the WebAssembly kernels (src/kernels/threads.ts): with two threads every
// elementwise forward and backward kernel gives the bits of one thread, at the size thresholds,
// with odd tails, in place (applyInto with out === x) and after the heap grew; a process that
// used threads exits by itself; setNumThreads checks its argument; disposal and block reuse are
// unaffected. Nothing here is timed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DisposedError, ValueError, array, getNumThreads, heapStats, nn, setNumThreads, threadsReady, vjp, zeros, type NDArray } from '../src/index.js';
import type { ElementwiseSpec } from '../src/nn/index.js';
import type { ElementwiseName } from '../src/nn/activations/spec.js';
import { elementwise as elementwiseKernel, elementwiseGrad as elementwiseGradKernel } from '../src/kernels/elementwise.js';
import { prelu as fastPrelu, preluGrad as fastPreluGrad } from '../src/kernels/prelu.js';
import { rowActivation as fastRow, rowActivationGrad as fastRowGrad } from '../src/kernels/rows.js';
import type { RowName as RowKernelName } from '../src/nn/activations/spec.js';
import { elementwiseLayout, overrideThreadMinimum, runShared, threadMinimum, threadedKernelCalls } from '../src/kernels/threads.js';
import { WASM_BASE64 } from '../src/kernels/wasm/binary.generated.js';
import { decodeBase64, wasmExports, wasmGradKernel, wasmKernel, wasmSections } from '../src/kernels/wasm/kernels.js';
import { laneEdgeInputs } from './helpers/lanes.js';

/** The forward kernel on float32 x (test shorthand for the dispatch with the result dtype). */
const runWasm = (name: string, x: NDArray, a: number, b: number, out?: NDArray) => elementwiseKernel(name, x, 'float32', a, b, out, costOf(name));
const runWasmGrad = (name: string, x: NDArray, g: NDArray, a: number, b: number) => elementwiseGradKernel(name, x, g, a, b, costOf(name));
/** The activation's thread cost class (its spec's). */
function costOf(name: string): 'cheap' | 'costly' {
  const spec = (nn.ACTIVATIONS as Record<string, { spec: { cost?: 'cheap' | 'costly' } }>)[name.replace(/Grad$/, '')].spec;
  return spec.cost ?? 'costly';
}

interface Entry { spec: ElementwiseSpec; fn: (x: NDArray, ...params: number[]) => NDArray }
const elementwise = Object.values(nn.ACTIVATIONS).filter((e) => e.spec.kind === 'elementwise') as unknown as Entry[];
const EDGES = [0, -0, 1, -1, 0.5, -0.5, 3, -3, 6, -6, 20, -20, 88.7, -88.7, -103.9, 300, -400, 1e-40, -1e-40, 3.4e38, -3.4e38, Infinity, -Infinity, NaN];

/** n float32: the activation's lane-edge inputs first, then a deterministic spread over [-12, 12]. */
function inputs(spec: ElementwiseSpec, a: number, b: number, n: number, seed: number): Float32Array {
  const xs = new Float32Array(n);
  const edges = laneEdgeInputs(spec, a, b, EDGES);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    xs[i] = i < edges.length ? edges[i] : (s / 2 ** 32 - 0.5) * 24;
  }
  // The chunk boundaries see edge values too.
  for (let i = 16; i < n; i += 4096) xs[i - 1] = edges[i % edges.length];
  return xs;
}

const bits = (a: NDArray) => new Uint32Array((a.toTypedArray() as Float32Array).slice().buffer);

/** The first index where the two arrays' bits differ, or -1. */
function firstDifference(a: NDArray, b: NDArray): number {
  const x = bits(a), y = bits(b);
  assert.equal(x.length, y.length);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return i;
  return -1;
}

/** Runs `body` with `threads` threads and checks whether it went through the workers. */
function withThreads<T>(threads: number, body: () => T): T {
  setNumThreads(threads);
  const before = threadedKernelCalls();
  const result = body();
  if (threads === 1) assert.equal(threadedKernelCalls(), before, 'one thread must not use the workers');
  else assert.ok(threadedKernelCalls() > before, 'two threads did not use the workers');
  return result;
}

const paramsOf = (spec: ElementwiseSpec) => spec.params.map((p) => Math.fround(p.default));
/** Sizes around a threshold: at it, with tails of 1-15 (n not a multiple of 16 or of 4), and 2x. */
const sizesAround = (min: number) => [min, min + 1, min + 3, min + 17, 2 * min + 5];

/**
 * Runs an ES module script in a child Node process. The 20 s timeout only guards against a hang
 * (a worker keeping the process alive, a lost wake-up); it measures nothing.
 */
function runChild(script: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, ['--input-type=module', '-e', script], { timeout: 20_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (error as { code?: number }).code ?? null : 0, stdout, stderr });
    });
    child.stdin?.end();
  });
}

const built = (path: string) => pathToFileURL(join(dirname(fileURLToPath(import.meta.url)), '..', path)).href;

test('the module can be instantiated again on the live heap: no data segments, no start function', () => {
  // Each worker instantiates it on the shared memory: a data segment would be written over live
  // arrays at that moment, a start function would run once per worker.
  const sections = wasmSections(decodeBase64(WASM_BASE64)).map((s) => s.id);
  assert.deepEqual(sections.filter((id) => id === 8 || id === 11 || id === 12), [], 'start (8), data (11) or data count (12) sections');
});

test('threads start in Node: threadsReady() resolves to the requested count', async () => {
  setNumThreads(2);
  assert.equal(getNumThreads(), 2);
  assert.equal(await threadsReady(), 2);
});

test('forward kernels: two threads give one thread\'s bits, around the thresholds and with odd tails', () => {
  for (const { spec } of elementwise) {
    const [a = 0, b = 0] = paramsOf(spec);
    for (const n of sizesAround(threadMinimum(costOf(spec.name)))) {
      const x = array(inputs(spec, a, b, n, n));
      const one = withThreads(1, () => runWasm(spec.name, x, a, b));
      const two = withThreads(2, () => runWasm(spec.name, x, a, b));
      assert.ok(one && two, `${spec.name}: the wasm kernel applies`);
      assert.equal(firstDifference(one, two), -1, `${spec.name}, n = ${n}`);
      for (const t of [x, one, two]) t.dispose();
    }
  }
});

test('backward kernels: two threads give one thread\'s bits, around the thresholds and with odd tails', () => {
  for (const { spec } of elementwise) {
    const [a = 0, b = 0] = paramsOf(spec);
    for (const n of sizesAround(threadMinimum(costOf(spec.name)))) {
      const x = array(inputs(spec, a, b, n, n));
      const g = array(inputs(spec, a, b, n, 7 * n).map((v) => (Number.isFinite(v) ? v / 8 : 1.5)));
      const one = withThreads(1, () => runWasmGrad(spec.name, x, g, a, b));
      const two = withThreads(2, () => runWasmGrad(spec.name, x, g, a, b));
      assert.ok(one && two, `${spec.name}: the wasm backward kernel applies`);
      assert.equal(firstDifference(one, two), -1, `${spec.name}Grad, n = ${n}`);
      for (const t of [x, g, one, two]) t.dispose();
    }
  }
});

test('every split point: sizes 129 to 200 with the threshold lifted give one thread\'s bits', () => {
  overrideThreadMinimum(0);
  try {
    for (const { spec } of elementwise) {
      const [a = 0, b = 0] = paramsOf(spec);
      for (let n = 129; n <= 200; n += 7) {
        const x = array(inputs(spec, a, b, n, n));
        const g = array(inputs(spec, a, b, n, n + 1));
        const one = withThreads(1, () => [runWasm(spec.name, x, a, b)!, runWasmGrad(spec.name, x, g, a, b)!]);
        const two = withThreads(2, () => [runWasm(spec.name, x, a, b)!, runWasmGrad(spec.name, x, g, a, b)!]);
        assert.equal(firstDifference(one[0], two[0]), -1, `${spec.name}, n = ${n}`);
        assert.equal(firstDifference(one[1], two[1]), -1, `${spec.name}Grad, n = ${n}`);
        for (const t of [x, g, ...one, ...two]) t.dispose();
      }
    }
  } finally {
    overrideThreadMinimum(undefined);
  }
});

test('the public API: nn.<name> and vjp on two threads give one thread\'s bits', () => {
  const n = 2 * threadMinimum('cheap') + 3;
  for (const { spec, fn } of elementwise) {
    const params = spec.params.map((p) => p.default);
    const x = array(inputs(spec, paramsOf(spec)[0] ?? 0, paramsOf(spec)[1] ?? 0, n, 99));
    const g = array(inputs(spec, 0, 0, n, 98).map((v) => (Number.isFinite(v) ? v / 8 : 0.25)));
    const run = (threads: number) => {
      setNumThreads(threads);
      const [[y], [dx]] = vjp((t) => fn(t, ...params), [x], [g]);
      return [fn(x, ...params), y, dx];
    };
    const one = run(1);
    const two = run(2);
    one.forEach((r, i) => assert.equal(firstDifference(r, two[i]), -1, `${spec.name}: ${['nn', 'vjp value', 'vjp gradient'][i]}`));
    for (const t of [x, g, ...one, ...two]) t.dispose();
  }
});

test('applyInto in place (out === x) on two threads gives one thread\'s bits', () => {
  for (const { spec } of elementwise) {
    const name = spec.name as ElementwiseName;
    const params = spec.params.map((p) => p.default);
    const [a = 0, b = 0] = paramsOf(spec);
    const n = threadMinimum(costOf(name)) + 5;
    const xs = inputs(spec, a, b, n, 3);
    const x = array(xs);
    const want = withThreads(1, () => nn.applyInto(zeros([n]), name, x, ...params));
    assert.equal(withThreads(2, () => nn.applyInto(x, name, x, ...params)), x);
    assert.equal(firstDifference(x, want), -1, `${name} in place`);
    const y = array(xs);
    const out = zeros([n]);
    withThreads(2, () => nn.applyInto(out, name, y, ...params));
    assert.equal(firstDifference(out, want), -1, `${name} into out`);
    assert.deepEqual(bits(y), new Uint32Array(xs.buffer), `${name}: the input is untouched`);
    for (const t of [x, y, out, want]) t.dispose();
  }
});

test('after the heap grows, the workers see the new memory', () => {
  const before = heapStats().capacityBytes;
  // Past the current end of the heap: the next arrays live in memory that grew after the workers started.
  const filler = zeros([before / 4 + 1]);
  assert.ok(heapStats().capacityBytes > before, 'the heap grew');
  const spec = nn.ACTIVATIONS.gelu.spec as ElementwiseSpec;
  const n = 4 * threadMinimum('costly') + 9;
  const x = array(inputs(spec, 0, 0, n, 5));
  const g = array(inputs(spec, 0, 0, n, 6));
  assert.ok(x.storage.heapOffset + 4 * n > before, 'x lies in the grown part');
  const one = withThreads(1, () => [runWasm('gelu', x, 0, 0)!, runWasmGrad('gelu', x, g, 0, 0)!]);
  const two = withThreads(2, () => [runWasm('gelu', x, 0, 0)!, runWasmGrad('gelu', x, g, 0, 0)!]);
  assert.equal(firstDifference(one[0], two[0]), -1);
  assert.equal(firstDifference(one[1], two[1]), -1);
  for (const t of [filler, x, g, ...one, ...two]) t.dispose();
});

test('disposal and block reuse are unaffected by threads', () => {
  setNumThreads(2);
  const n = 3 * threadMinimum('cheap');
  const start = heapStats().liveBytes;
  const x = array(new Float32Array(n).map((_, i) => i - n / 2));
  const live = heapStats().liveBytes;
  const first = withThreads(2, () => runWasm('relu', x, 0, 0)!);
  const offset = first.storage.heapOffset;
  first.dispose();
  assert.equal(heapStats().liveBytes, live);
  const second = withThreads(2, () => runWasm('relu', x, 0, 0)!);
  assert.equal(second.storage.heapOffset, offset, 'the freed block is reused');
  second.dispose();
  x.dispose();
  assert.throws(() => nn.gelu(x), DisposedError);
  assert.equal(heapStats().liveBytes, start);
});

test('setNumThreads: a bad argument throws a ValueError naming the function, argument and range', () => {
  for (const bad of [0, -1, 1.5, NaN, Infinity, 257, '2', undefined]) {
    assert.throws(() => setNumThreads(bad as number), (e: unknown) => {
      assert.ok(e instanceof ValueError);
      assert.match((e as Error).message, /^setNumThreads: argument 'n' is .+; expected an integer in \[1, 256\]$/);
      return true;
    }, String(bad));
  }
  setNumThreads(2);
  assert.equal(getNumThreads(), 2);
  setNumThreads(1);
  assert.equal(getNumThreads(), 1);
  setNumThreads(2);
});

test('a process that used threads exits by itself; calls before the workers are up run on one thread', async () => {
  const lib = built('src/index.js');
  const threads = built('src/kernels/threads.js');
  const script = `
    import { array, nn, setNumThreads, threadsReady } from ${JSON.stringify(lib)};
    import { threadedKernelCalls } from ${JSON.stringify(threads)};
    setNumThreads(2);
    const x = array(new Float32Array(100000).map((_, i) => i / 1000 - 50));
    const early = nn.gelu(x); // workers start asynchronously: this call cannot have used them
    const before = threadedKernelCalls();
    const ready = await threadsReady();
    const late = nn.gelu(x);
    const want = early.toTypedArray();
    const same = late.toTypedArray().every((v, i) => Object.is(v, want[i]));
    console.log(JSON.stringify({ before, ready, threaded: threadedKernelCalls(), same }));
  `;
  const { code, stdout, stderr } = await runChild(script);
  assert.equal(code, 0, `the child did not exit cleanly (killed after 20 s if it hung): ${stderr}`);
  assert.deepEqual(JSON.parse(stdout), { before: 0, ready: 2, threaded: 1, same: true });
});

test('shared chunks: the threads take chunks in turn, each is handed over once, and the bits are one call\'s', async () => {
  await threadsReady();
  setNumThreads(2);
  const n = 1000 * 16 + 5, chunk = 48;
  const spec = elementwise.find((e) => e.spec.name === 'gelu')!.spec;
  const x = array(inputs(spec, 0, 0, n, 5)), g = array(inputs(spec, 0, 0, n, 9));
  const want = runWasm('gelu', x, 0, 0)!, wantGrad = runWasmGrad('gelu', x, g, 0, 0)!;
  for (const grad of [false, true]) {
    const out = zeros([n]);
    const seen = new Uint8Array(Math.ceil(n / chunk));
    const before = threadedKernelCalls();
    runShared(grad ? 'geluGrad' : 'gelu', (grad ? wasmGradKernel('gelu') : wasmKernel('gelu'))!, n, chunk, 2, elementwiseLayout(grad, out.storage.heapOffset, x.storage.heapOffset, g.storage.heapOffset, 0, 0, 4), (start, count) => {
      assert.equal(start % chunk, 0, 'a chunk starts at a multiple of the chunk length');
      assert.equal(count, Math.min(chunk, n - start));
      seen[start / chunk]++;
    });
    assert.ok(seen.every((c) => c === 1), `${grad ? 'backward' : 'forward'}: every chunk handed over exactly once`);
    assert.equal(threadedKernelCalls(), before + 1, 'the worker took part');
    assert.equal(firstDifference(out, grad ? wantGrad : want), -1, `${grad ? 'backward' : 'forward'}: one call's bits`);
  }
  setNumThreads(1);
});

test('shared chunks of float64 lanes (8 bytes an element) give one call\'s bits', async () => {
  await threadsReady();
  setNumThreads(2);
  const n = 500 * 16 + 3, chunk = 32;
  const x = array(Float64Array.from({ length: n }, (_, i) => (i % 401) / 7 - 30 + i * 1e-9), 'float64');
  const kernel = wasmExports()!.sigmoidF64 as (...args: number[]) => void;
  const want = zeros([n], 'float64');
  kernel(want.storage.heapOffset, x.storage.heapOffset, n, 0, 0);
  const out = zeros([n], 'float64');
  const before = threadedKernelCalls();
  let handed = 0;
  runShared('sigmoidF64', kernel, n, chunk, 2, elementwiseLayout(false, out.storage.heapOffset, x.storage.heapOffset, 0, 0, 0, 8), (_, count) => { handed += count; });
  assert.equal(handed, n);
  assert.equal(threadedKernelCalls(), before + 1, 'the worker took part');
  const a = want.toTypedArray() as Float64Array, b = out.toTypedArray() as Float64Array;
  for (let i = 0; i < n; i++) if (!Object.is(a[i], b[i])) assert.fail(`element ${i}: ${b[i]} vs ${a[i]}`);
  setNumThreads(1);
});

test('a loop that never yields to its event loop gets the worker threads once they are up', async () => {
  // Node ≥ 20.16 gives built-in modules synchronously (process.getBuiltinModule): the first large
  // call starts the workers, and the flag a worker sets in its control block is read with Atomics.
  const script = `
    import { array, nn, setNumThreads } from ${JSON.stringify(built('src/index.js'))};
    import { threadedKernelCalls } from ${JSON.stringify(built('src/kernels/threads.js'))};
    setNumThreads(2);
    const x = array(new Float32Array(100000).map((_, i) => i / 1000 - 50));
    let calls = 0;
    const t0 = Date.now();
    while (threadedKernelCalls() === 0 && Date.now() - t0 < 10000) { nn.gelu(x).dispose(); calls++; }
    console.log(JSON.stringify({ threaded: threadedKernelCalls() > 0, first: calls > 0 }));
  `;
  const { code, stdout, stderr } = await runChild(script);
  assert.equal(code, 0, stderr);
  const sync = typeof (process as { getBuiltinModule?: unknown }).getBuiltinModule === 'function';
  assert.deepEqual(JSON.parse(stdout), { threaded: sync, first: true });
});

test('thousands of small threaded calls while the heap grows all complete (no lost wake-up)', async () => {
  // Each call hands a chunk to the worker; the heap grows meanwhile (a V8 interrupt to the worker).
  // Before split() re-notified after a timed-out wait slice, this hung about 1 run in 10.
  const script = `
    import { array, nn, setNumThreads, threadsReady } from ${JSON.stringify(built('src/index.js'))};
    import { overrideThreadMinimum, threadedKernelCalls } from ${JSON.stringify(built('src/kernels/threads.js'))};
    setNumThreads(2);
    await threadsReady();
    overrideThreadMinimum(0);
    const x = array(new Float32Array(256).map((_, i) => i - 128));
    const kept = [];
    for (let i = 0; i < 20000; i++) {
      nn.relu(x).dispose();
      nn.elu(x).dispose();
      if (i % 50 === 0) kept.push(array(new Float32Array(65536))); // grows the heap
    }
    console.log(JSON.stringify({ threaded: threadedKernelCalls() }));
  `;
  const { code, stdout, stderr } = await runChild(script);
  assert.equal(code, 0, `the child did not finish (killed after 20 s if it hung): ${stderr}`);
  assert.deepEqual(JSON.parse(stdout), { threaded: 40000 });
});

// The row kernels come last: their arrays grow the heap, which the test above needs to do itself.
/** rows × len float32: a spread over [-12, 12] with edges (±∞, NaN, ±3.4e38, −∞ rows) in some rows. */
function rowInputs(rows: number, len: number, seed: number): Float32Array {
  const xs = new Float32Array(rows * len);
  let s = seed;
  for (let i = 0; i < xs.length; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    xs[i] = (s / 2 ** 32 - 0.5) * 24;
  }
  const edges = [Infinity, -Infinity, NaN, 3.4e38, -3.4e38, 0, -0, 1e8];
  for (let r = 1; r < rows; r += 3) xs[r * len + (r % len)] = edges[r % edges.length];
  if (rows > 2) xs.fill(-Infinity, 2 * len, 3 * len); // a row of all −∞
  return xs;
}

const ROW_NAMES: readonly RowKernelName[] = ['softmax', 'softmin', 'logSoftmax', 'glu'];

test('row kernels: two threads give one thread\'s bits (whole rows per thread), forward and backward', () => {
  for (const lifted of [true, false]) {
    if (lifted) overrideThreadMinimum(0);
    try {
      for (const name of ROW_NAMES) {
        for (const len of [1, 3, 17, 1000]) {
          const n = name === 'glu' ? 2 * len : len;
          // Odd row counts (arrays past 128 elements, which live in the heap); unlifted, sizes just past the threshold.
          const r0 = Math.max(3, Math.ceil(160 / len) | 1); // glu's output and g have rows of len
          const rowCounts = lifted ? [r0, r0 + 4, r0 + 30] : [Math.ceil(threadMinimum('costly') / n) | 1];
          for (const rows of rowCounts) {
            const x = array(rowInputs(rows, n, rows * n)).reshape([rows, n]);
            const g = array(rowInputs(rows, name === 'glu' ? len : n, rows + n).map((v) => (Number.isFinite(v) ? v / 8 : 0.5))).reshape([rows, name === 'glu' ? len : n]);
            const one = withThreads(1, () => [fastRow(name, x, 1)!, fastRowGrad(name, x, g, 1)!]);
            const two = withThreads(2, () => [fastRow(name, x, 1)!, fastRowGrad(name, x, g, 1)!]);
            assert.ok(one.every(Boolean) && two.every(Boolean), `${name}: the wasm kernels apply`);
            assert.equal(firstDifference(one[0], two[0]), -1, `${name}, ${rows} rows of ${n}`);
            assert.equal(firstDifference(one[1], two[1]), -1, `${name}Grad, ${rows} rows of ${n}`);
            for (const t of [x, g, ...one, ...two]) t.dispose();
          }
        }
      }
    } finally {
      overrideThreadMinimum(undefined);
    }
  }
});

test('prelu: two threads give one thread\'s bits (whole rows of C, or blocks of 16 for a scalar weight)', () => {
  for (const lifted of [true, false]) {
    if (lifted) overrideThreadMinimum(0);
    try {
      for (const c of [0, 1, 3, 17, 1000]) {
        const len = c === 0 ? 37 : c;
        const r0 = Math.max(3, Math.ceil(160 / len) | 1);
        const sizes = lifted ? [r0, r0 + 4, r0 + 30, Math.ceil(3 * 65536 / len) | 1] : [Math.ceil(threadMinimum('cheap') / len) | 1];
        for (const rows of sizes) {
          const x = array(rowInputs(rows, len, rows + c)).reshape([rows, len]);
          const alpha = c === 0 ? array([0.25]) : array(rowInputs(1, c, c).map((v) => v / 16));
          const g = array(rowInputs(rows, len, rows * 3 + c).map((v) => (Number.isFinite(v) ? v / 8 : 0.5))).reshape([rows, len]);
          const one = withThreads(1, () => fastPrelu(x, alpha)!);
          const two = withThreads(2, () => fastPrelu(x, alpha)!);
          assert.equal(firstDifference(one, two), -1, `prelu, c = ${c}, ${rows} rows`);
          // ∂alpha's blocks (65536 elements) split only past one block; below, both run on one thread.
          const threaded = rows * len > 65536 * (c > 4096 ? Infinity : 1) ? 2 : 1;
          const gradOne = withThreads(1, () => fastPreluGrad(x, alpha, g)!);
          setNumThreads(2);
          const gradTwo = threaded === 2 ? withThreads(2, () => fastPreluGrad(x, alpha, g)!) : fastPreluGrad(x, alpha, g)!;
          gradOne.forEach((r, i) => assert.equal(firstDifference(r, gradTwo[i]), -1, `preluGrad ${['dx', 'dalpha'][i]}, c = ${c}, ${rows} rows`));
          for (const t of [x, alpha, g, one, two, ...gradOne, ...gradTwo]) t.dispose();
        }
      }
    } finally {
      overrideThreadMinimum(undefined);
    }
  }
});
