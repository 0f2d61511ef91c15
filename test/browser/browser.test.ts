/**
 * The built library (dist/) in real headless Chromium, driven by playwright-core: Debian's
 * `chromium` at /usr/bin/chromium (or $CHROMIUM_PATH); nothing downloads a browser. A node:http
 * server on 127.0.0.1 serves dist/ and the test pages three times: under /coi/ with the COOP/COEP
 * headers that make a page cross-origin isolated (SharedArrayBuffer, a shared heap), under
 * /plain/ without them, and under /asset/ with them as a browser bundle sees the package (the
 * "browser" field's swap applied by the import map, so kernels.wasm is fetched). In each mode:
 *
 * - the page's environment: isolation, a shared heap or not, the WebAssembly kernels in use,
 *   two threads when isolated, one otherwise;
 * - the README's HTML snippet (import map) and the examples of the README and the guides, with
 *   their `// →` checks (scripts/docs/examples.ts), as test/docs.test.ts runs them in Node;
 * - on 2^19 elements, every activation forward and backward against Node's bits: on two threads
 *   (the page and a Web Worker) when isolated, on one otherwise;
 * - every activation, forward and backward, on the WebAssembly path (arrays in the heap) and
 *   the plain-JS path (small arrays), against this process's results from the same dist/ files,
 *   bit for bit;
 * - a Keras model's JSON (Keras 3 and tfjs forms) written in the page and read here, and the
 *   reverse, with the same outputs.
 *
 * `npm run test:browser` runs it (not part of `npm test`, which needs Node alone); .ci/run
 * installs chromium when it is missing and runs both.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { AddressInfo } from 'node:net';
import ts from 'typescript';
import { chromium, type Browser, type Page } from 'playwright-core';
import { codeBlocks } from '../../scripts/docs/markdown.js';
import { instrument } from '../../scripts/docs/examples.js';
import { GUIDES } from '../../scripts/docs/guides.js';

type Nonlin = typeof import('../../src/index.js');

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const DIST = join(ROOT, 'dist');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// 'asset' is what a bundler makes of the package for browsers ("browser" field: binary.asset.js
// instead of the inlined binary, kernels.wasm fetched), emulated by the import map; with COOP/COEP.
const MODES = ['coi', 'plain', 'asset'] as const;
// The heap holds arrays above 512 bytes: 4096 elements run the WebAssembly kernels, 96 the JS ones.
const SIZES: [string, number][] = [['wasm', 4096], ['js', 96]];
// Above every kernel's threshold for worker threads (2^18 elements for the cheapest kernels).
const THREADED: [string, number][] = [['threads', 2 ** 19]];
type Mode = (typeof MODES)[number];

// ---------------------------------------------------------------------------------------------
// What the server serves.

/** The README's browser snippet: its one ```html block. */
function readmeHtml(): string {
  const blocks = codeBlocks(readFileSync(join(ROOT, 'README.md'), 'utf8')).filter((b) => b.lang === 'html');
  assert.equal(blocks.length, 1, 'README.md has one html block (the import-map example)');
  return blocks[0].code;
}

/** The README's and the guides' examples, instrumented for their checks and transpiled to JS. */
interface Example { where: string; file: string; js: string; checks: number }
function examples(): Example[] {
  const sources: [string, string][] = [['README.md', 'README.md'], ...GUIDES.map((g): [string, string] => [`docs/${g.file}`, join('docs', g.file)])];
  const out: Example[] = [];
  for (const [where, path] of sources) {
    for (const block of codeBlocks(readFileSync(join(ROOT, path), 'utf8'))) {
      if (block.lang !== 'ts') continue;
      // 'nonlin' and '@tensorflow/tfjs' stay bare: the page's import map resolves them.
      const { program, checks } = instrument(block.code, 'nonlin');
      const js = ts.transpileModule(program, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } }).outputText;
      out.push({ where: `${where}:${block.line}`, file: `ex/${where.replace(/\W+/g, '-')}-${block.line}.js`, js, checks: checks.length });
    }
  }
  return out;
}

const BROWSER_FIELD = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { browser: Record<string, string> }).browser;

const testPage = (mode: Mode) => `<!doctype html>
<meta charset="utf-8">
<title>nonlin browser tests</title>
<script type="importmap">${JSON.stringify({
  imports: {
    nonlin: './node_modules/nonlin/dist/index.js',
    '@tensorflow/tfjs': './tfjs.js',
    ...(mode === 'asset' ? Object.fromEntries(Object.entries(BROWSER_FIELD).map(([from, to]) => [`./node_modules/nonlin/${from.slice(2)}`, `./node_modules/nonlin/${to.slice(2)}`])) : {}),
  },
})}</script>
<script type="module">
  import * as nonlin from 'nonlin';
  import * as docs from './examples.js';
  import * as wasm from './node_modules/nonlin/dist/kernels/wasm/kernels.js';
  import * as counters from './node_modules/nonlin/dist/kernels/counters.js';
  import * as threads from './node_modules/nonlin/dist/kernels/threads.js';
  globalThis.nonlin = nonlin;
  globalThis.docsExamples = docs;
  globalThis.internals = { wasm, counters, threads };
  globalThis.loaded = true;
</script>
`;

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.html': 'text/html', '.wasm': 'application/wasm', '.json': 'application/json' };

function serve(files: Map<string, string>): Server {
  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const [, mode, ...rest] = url.pathname.split('/');
    const path = rest.join('/');
    const headers: Record<string, string> = {};
    // The two headers that make a page cross-origin isolated (crossOriginIsolated, SharedArrayBuffer).
    if (mode === 'coi' || mode === 'asset') Object.assign(headers, { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' });
    let body: string | Buffer | undefined = path === 'index.html' && MODES.includes(mode as Mode) ? testPage(mode as Mode) : files.get(path);
    if (body === undefined && path.startsWith('node_modules/nonlin/dist/')) {
      const file = normalize(join(DIST, path.slice('node_modules/nonlin/dist/'.length)));
      if (file.startsWith(DIST + sep) && existsSync(file)) body = readFileSync(file);
    }
    if (!MODES.includes(mode as Mode) || body === undefined) {
      res.writeHead(404, headers).end();
      return;
    }
    res.writeHead(200, { ...headers, 'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream' }).end(body);
  });
}

// ---------------------------------------------------------------------------------------------
// The computation both sides run: one self-contained function, called here with the library
// imported in Node and sent to the page as source text (so both run the same code).

interface ActivationCase { name: string; path: string; forward: number[] | string; backward: (number[] | string)[] }

/**
 * Every activation's forward and backward on inputs of each size, as float32 bits, or (digest)
 * as an FNV-1a hash of them. The inputs repeat xBits and gBits up to the size.
 */
function runActivations(L: Nonlin, xBits: number[], gBits: number[], sizes: [string, number][], digest = false): ActivationCase[] {
  const bitsOf = (a: { toTypedArray(): Float32Array | Float64Array | Int32Array | Uint8Array }): number[] | string => {
    const bits = new Uint32Array(new Float32Array(a.toTypedArray()).buffer);
    if (!digest) return Array.from(bits);
    let h = 2166136261;
    for (let i = 0; i < bits.length; i++) h = Math.imul(h ^ bits[i], 16777619);
    return `${bits.length}:${(h >>> 0).toString(16)}`;
  };
  const f32 = (bits: number[], n: number) => new Float32Array(Uint32Array.from({ length: n }, (_, i) => bits[i % bits.length]).buffer);
  const out: ActivationCase[] = [];
  for (const [path, n] of sizes) {
    const xs = f32(xBits, n);
    const gs = f32(gBits, n);
    for (const name of L.nn.ACTIVATION_NAMES) {
      const { spec, fn } = L.nn.ACTIVATIONS[name];
      const call = fn as unknown as (x: unknown, ...p: unknown[]) => ReturnType<typeof L.array>;
      const params = spec.params.map((p) => p.default);
      let x = L.array(xs);
      let g = L.array(gs);
      let extra: ReturnType<typeof L.array>[] = [];
      if (spec.kind === 'row') { // along the last axis (the row kernels), rows of 16
        x = x.reshape(-1, 16);
        g = g.reshape(-1, 16);
        if (name === 'glu') g = L.split(g, 2, -1)[0]; // glu halves the last axis
      } else if (spec.kind === 'binary') { // prelu: one slope per channel of the last axis
        x = x.reshape(-1, 16);
        g = g.reshape(-1, 16);
        extra = [L.array([0.25, -0.5, 0, 1, 2, 1e-3, -1e30, 0.75, 3, -0, 1e-40, 0.1, -2, 5, 0.01, 7])];
      }
      const f = (...args: ReturnType<typeof L.array>[]) => call(args[0], ...(extra.length ? args.slice(1) : params));
      const primals = [x, ...extra];
      const forward = bitsOf(f(...primals));
      const [, grads] = L.vjp(f, primals, [g]);
      out.push({ name, path, forward, backward: grads.map(bitsOf) });
    }
  }
  return out;
}

function runKeras(L: Nonlin, json?: { keras3: string; tfjs: string }): { keras3: string; tfjs: string; outputs: number[][] } {
  const { keras } = L;
  keras.backend.clearSession();
  const x = L.array([[-3, -0.5, 0, 0.25, 1, 7]]);
  const make = () => new keras.Sequential({
    layers: [
      new keras.layers.ELU(), new keras.layers.LeakyReLU({ negativeSlope: 0.1 }),
      new keras.layers.ReLU({ maxValue: 6 }), new keras.layers.Activation('gelu'), new keras.layers.Softmax({ axis: -1 }),
    ],
    batchInputShape: [null, 6],
  });
  const models = json
    ? [keras.models.deserialize(JSON.parse(json.keras3)), keras.models.deserialize(JSON.parse(json.tfjs))]
    : [make()];
  const m = models[0] as ReturnType<typeof make>;
  const outputs = models.map((model) => Array.from(new Uint32Array(new Float32Array((model as ReturnType<typeof make>).apply(x).toTypedArray()).buffer)));
  return { keras3: JSON.stringify(m.serialize()), tfjs: JSON.stringify(m.serialize({ format: 'tfjs' })), outputs };
}

// ---------------------------------------------------------------------------------------------

let server: Server;
let origin: string;
let browser: Browser;
const pages = new Map<Mode, Page>();
const pageErrors: string[] = [];
const allExamples = examples();

before(async () => {
  assert.ok(existsSync(join(DIST, 'index.js')), 'dist/ is not built: run npm run build');
  assert.ok(existsSync(CHROMIUM), `no Chromium at ${CHROMIUM}: apt-get install chromium (Debian), or set CHROMIUM_PATH`);
  const files = new Map<string, string>([
    ['readme.html', readmeHtml()],
    ['examples.js', readFileSync(join(ROOT, 'build/scripts/docs/examples.js'), 'utf8')],
    // Unminified: a guide's error message names tfjs' Tensor class.
    ['tfjs.js', readFileSync(join(ROOT, 'node_modules/@tensorflow/tfjs/dist/tf.fesm.js'), 'utf8')],
    ...allExamples.map((e): [string, string] => [e.file, e.js]),
  ]);
  server = serve(files);
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  for (const mode of MODES) {
    const page = await browser.newPage();
    page.on('pageerror', (e) => pageErrors.push(`${mode}: ${e.message}`));
    await page.goto(`${origin}/${mode}/index.html`);
    await page.waitForFunction(() => (globalThis as { loaded?: boolean }).loaded === true);
    pages.set(mode, page);
  }
});

after(async () => {
  await browser?.close();
  await new Promise((ok) => server?.close(ok));
});

const node = import(pathToFileURL(join(DIST, 'index.js')).href) as Promise<Nonlin>;

for (const mode of MODES) {
  const isolated = mode !== 'plain';
  const label = { coi: 'with COOP/COEP', plain: 'without COOP/COEP', asset: 'as a bundle fetching kernels.wasm' }[mode];

  test(`${label}: the environment (isolation, heap, WebAssembly kernels, threads)`, async () => {
    const page = pages.get(mode)!;
    const env = await page.evaluate(async () => {
      const g = globalThis as unknown as { nonlin: Nonlin; crossOriginIsolated: boolean; internals: { wasm: { wasmExports(): unknown }; counters: { wasmKernelCalls(n: string): number } } };
      const L = g.nonlin;
      // A large array makes the heap; the module compiles on first use (asynchronously if the
      // browser refuses a synchronous compile on the main thread), so wait for it.
      L.nn.relu(L.zeros([4096]));
      const wasmAtFirstCall = g.internals.wasm.wasmExports() !== null;
      for (let i = 0; i < 500 && !g.internals.wasm.wasmExports(); i++) await new Promise((ok) => setTimeout(ok, 10));
      const before = g.internals.counters.wasmKernelCalls('gelu');
      L.nn.gelu(L.zeros([4096]));
      const defaultThreads = L.getNumThreads();
      L.setNumThreads(2);
      const requested = L.getNumThreads();
      const loaded = (globalThis as unknown as { performance: { getEntriesByType(t: string): { name: string }[] } }).performance.getEntriesByType('resource').map((e) => e.name.replace(/^.*\//, ''));
      return {
        wasmAtFirstCall,
        loaded,
        defaultThreads,
        isolated: g.crossOriginIsolated,
        sab: typeof SharedArrayBuffer === 'function',
        shared: L.heapStats().shared,
        backend: L.getBackend(),
        wasmReady: g.internals.wasm.wasmExports() !== null,
        geluKernelRan: g.internals.counters.wasmKernelCalls('gelu') - before,
        threads: await L.threadsReady(),
        requested,
      };
    });
    assert.equal(env.isolated, isolated);
    assert.equal(env.sab, isolated);
    assert.equal(env.shared, isolated, 'the heap is a shared memory exactly when the page is isolated');
    assert.equal(env.backend, 'wasm');
    if (mode === 'asset') {
      assert.equal(env.wasmAtFirstCall, false, 'the fetched binary compiles asynchronously: the first call ran the JS kernels');
      assert.ok(env.loaded.includes('kernels.wasm') && !env.loaded.includes('binary.generated.js'), env.loaded.join(' '));
    } else {
      assert.equal(env.wasmAtFirstCall, true, 'the inlined binary compiles synchronously');
      assert.ok(!env.loaded.includes('kernels.wasm'));
    }
    assert.ok(env.wasmReady, "the WebAssembly module did not load");
    assert.equal(env.geluKernelRan, 1, 'gelu on 4096 float32 ran the WebAssembly kernel');
    if (isolated) {
      assert.equal(env.defaultThreads, 2, 'min(2, navigator.hardwareConcurrency) on this 2-core machine');
      assert.equal(env.requested, 2);
      assert.equal(env.threads, 2, 'threadsReady(): a Web Worker runs beside the page');
    } else {
      assert.equal(env.defaultThreads, 1);
      assert.equal(env.requested, 1, 'getNumThreads() stays 1 where threads cannot run');
      assert.equal(env.threads, 1);
    }
  });

  test(`${label}: the README's import-map snippet runs as written`, async () => {
    const page = await browser.newPage();
    try {
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${origin}/${mode}/readme.html`);
      await page.waitForFunction(() => (globalThis as unknown as { document: { body: { textContent: string } } }).document.body.textContent.includes('dtype'));
      const text = await page.evaluate(() => (globalThis as unknown as { document: { body: { textContent: string } } }).document.body.textContent.trim());
      const L = await node;
      assert.deepEqual(errors, []);
      assert.equal(text, String(L.nn.gelu(L.array([-1, 0, 1]))));
    } finally {
      await page.close();
    }
  });

  test(`${label}: the README's and the guides' examples, with their checks`, async (t) => {
    const page = pages.get(mode)!;
    let checks = 0;
    const failures: string[] = [];
    for (const ex of allExamples) {
      const got = await page.evaluate(async ({ file, where }) => {
        type Docs = typeof import('../../scripts/docs/examples.js');
        const docs = (globalThis as unknown as { docsExamples: Docs }).docsExamples;
        const failed: string[] = [];
        const quiet = () => {};
        (globalThis as Record<string, unknown>).__docs = {
          console: { log: quiet, info: quiet, warn: quiet, error: quiet },
          equals(fn: () => unknown, expected: string, line: number) {
            try {
              const value = fn();
              const m = docs.mismatch(value, docs.parseExpected(expected));
              if (m) failed.push(`${where} line ${line}: ${m} (says → ${expected})`);
              return value;
            } catch (e) {
              failed.push(`${where} line ${line}: threw ${(e as Error).name}: ${(e as Error).message}`);
              return undefined;
            }
          },
          throws(fn: () => unknown, name: string, message: string, line: number) {
            try {
              fn();
              failed.push(`${where} line ${line}: did not throw, says ${name}`);
            } catch (e) {
              const err = e as Error;
              if (err.name !== name || !err.message.startsWith(message)) failed.push(`${where} line ${line}: threw ${err.name}: ${err.message}`);
            }
          },
        };
        try {
          await import(`./${file}`);
        } catch (e) {
          failed.push(`${where}: ${(e as Error).name}: ${(e as Error).message}`);
        }
        return failed;
      }, { file: ex.file, where: ex.where });
      failures.push(...got);
      checks += ex.checks;
    }
    t.diagnostic(`${allExamples.length} examples, ${checks} checked lines`);
    assert.ok(allExamples.length >= 20 && checks >= 100);
    assert.deepEqual(failures, []);
  });

  test(`${label}: every activation, forward and backward, gives Node's bits (WebAssembly and JS paths)`, async (t) => {
    const L = await node;
    const { xBits, gBits } = inputs();
    const expected = runActivations(L, xBits, gBits, SIZES);
    const page = pages.get(mode)!;
    const got = await page.evaluate(`(${runActivations.toString()})(globalThis.nonlin, ${JSON.stringify(xBits)}, ${JSON.stringify(gBits)}, ${JSON.stringify(SIZES)})`) as ActivationCase[];
    assert.equal(got.length, expected.length);
    assert.equal(expected.length, 2 * L.nn.ACTIVATION_NAMES.length);
    let values = 0;
    const differences: string[] = [];
    got.forEach((g, k) => {
      const e = expected[k];
      assert.equal(`${g.name} ${g.path}`, `${e.name} ${e.path}`);
      const compare = (what: string, a: number[] | string, b: number[] | string) => {
        assert.ok(Array.isArray(a) && Array.isArray(b));
        assert.equal(a.length, b.length, `${e.name} (${e.path}) ${what}: length`);
        values += a.length;
        const i = a.findIndex((v, j) => v !== b[j] && !(isNaNBits(v) && isNaNBits(b[j])));
        if (i >= 0) differences.push(`${e.name} (${e.path}) ${what}[${i}]: x = ${fromBits(xBits[i])}: browser ${fromBits(a[i])} (0x${a[i].toString(16)}), Node ${fromBits(b[i])} (0x${b[i].toString(16)})`);
      };
      compare('forward', g.forward, e.forward);
      assert.equal(g.backward.length, e.backward.length);
      g.backward.forEach((b, j) => compare(`backward ∂${j}`, b, e.backward[j]));
    });
    t.diagnostic(`${values} float32 values compared`);
    assert.deepEqual(differences, []);
  });

  test(`${label}: ${isolated ? 'two threads (a Web Worker) give' : 'one thread gives'} Node's bits on 2^19 elements, every activation`, async (t) => {
    const L = await node;
    const { xBits, gBits } = inputs();
    const expected = runActivations(L, xBits, gBits, THREADED, true);
    const page = pages.get(mode)!;
    const threaded = `globalThis.internals.threads.threadedKernelCalls()`;
    const before = await page.evaluate(threaded) as number;
    const got = await page.evaluate(`(${runActivations.toString()})(globalThis.nonlin, ${JSON.stringify(xBits)}, ${JSON.stringify(gBits)}, ${JSON.stringify(THREADED)}, true)`) as ActivationCase[];
    const calls = (await page.evaluate(threaded) as number) - before;
    t.diagnostic(`${calls} kernel calls split across threads in the page`);
    if (isolated) assert.ok(calls >= 2 * L.nn.ACTIVATION_NAMES.length, `${calls} threaded calls`);
    else assert.equal(calls, 0);
    assert.deepEqual(got, expected);
  });

  test(`${label}: a Keras model's JSON crosses between the page and Node, both forms, same outputs`, async () => {
    const L = await node;
    const page = pages.get(mode)!;
    const run = `(${runKeras.toString()})`;
    const inPage = await page.evaluate(`${run}(globalThis.nonlin)`) as ReturnType<typeof runKeras>;
    const inNode = runKeras(L);
    assert.equal(inPage.keras3, inNode.keras3);
    assert.equal(inPage.tfjs, inNode.tfjs);
    assert.deepEqual(inPage.outputs, inNode.outputs);
    // Written in the page, read here; written here, read in the page.
    const readHere = runKeras(L, inPage);
    const readThere = await page.evaluate(`${run}(globalThis.nonlin, ${JSON.stringify({ keras3: inNode.keras3, tfjs: inNode.tfjs })})`) as ReturnType<typeof runKeras>;
    for (const r of [readHere, readThere]) {
      assert.equal(r.outputs.length, 2);
      for (const o of r.outputs) assert.deepEqual(o, inNode.outputs[0]);
      assert.equal(r.keras3, inNode.keras3);
    }
    const classes = (JSON.parse(inNode.keras3) as { config: { layers: { class_name: string }[] } }).config.layers.map((l) => l.class_name);
    assert.deepEqual(classes, ['InputLayer', 'ELU', 'LeakyReLU', 'ReLU', 'Activation', 'Softmax']);
  });
}

test('no uncaught errors in the pages', () => {
  assert.deepEqual(pageErrors, []);
});

// ---------------------------------------------------------------------------------------------

function isNaNBits(b: number): boolean {
  return (b & 0x7f800000) === 0x7f800000 && (b & 0x7fffff) !== 0;
}

function fromBits(b: number): number {
  return new Float32Array(new Uint32Array([b]).buffer)[0];
}

/**
 * 4096 inputs: the special values (zeros, infinities, NaN, subnormals, the largest float32, the
 * kinks of the piecewise activations and their neighbours), a log sweep of both signs from 1e-40
 * to 1e38, then seeded random values of every magnitude; g is seeded random in [-2, 2].
 */
function inputs(): { xBits: number[]; gBits: number[] } {
  let s = 0x9e3779b9;
  const rand = () => { s = (s + 0x6d2b79f5) | 0; let t = Math.imul(s ^ (s >>> 15), 1 | s); t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t; return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
  const x: number[] = [0, -0, Infinity, -Infinity, NaN, 1.4e-45, -1.4e-45, 1.1754942e-38, -1.1754942e-38, 3.4028235e38, -3.4028235e38];
  for (const k of [0, 0.5, 1, 2, 3, 6, 0.01, 0.2, 1.702]) {
    for (const v of [k, -k]) x.push(v, Math.fround(v * (1 + 2 ** -23)), Math.fround(v * (1 - 2 ** -24)));
  }
  for (let e = -40; e <= 38; e += 0.25) x.push(10 ** e, -(10 ** e));
  while (x.length < 4096) {
    const r = rand();
    x.push((rand() < 0.5 ? -1 : 1) * (r < 0.7 ? 8 * rand() : r < 0.9 ? 100 * rand() : 10 ** (76 * rand() - 38)));
  }
  const g = Array.from({ length: 4096 }, () => 4 * rand() - 2);
  const bits = (v: number[]) => Array.from(new Uint32Array(new Float32Array(v.slice(0, 4096)).buffer));
  return { xBits: bits(x), gBits: bits(g) };
}
