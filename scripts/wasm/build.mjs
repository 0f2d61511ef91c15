#!/usr/bin/env node
/**
 * Builds the WebAssembly kernels: compiles src/kernels/wasm/assembly/index.ts with AssemblyScript
 * (a dev dependency) and writes two generated files, both committed:
 *
 * - src/kernels/wasm/binary.generated.ts: the binary, base64, with a SHA-256 of its inputs (every
 *   AssemblyScript source of the production binary, this script, the compiler version, the flags);
 * - src/kernels/wasm/table.generated.ts: every export of the binary with its kind (forward,
 *   backward, row, convert), which TypeScript checks against the activation names.
 *
 *   node scripts/wasm/build.mjs              # regenerate both (npm run build:wasm)
 *   node scripts/wasm/build.mjs --check      # verify the stamp only (npm run build, npm ci): exit 1 if stale
 *   node scripts/wasm/build.mjs --wat out.wat  # also write the text format
 *
 * `--check` runs no compiler: it hashes the inputs and compares with the stamp, so it works (with
 * the compiler version the stamp records) even where assemblyscript is not installed. The stronger
 * check, that a rebuild gives the committed bytes (the build is reproducible), is a test
 * (test/wasm.build.test.ts), which also compiles the test-only entry (assembly/probes.ts, the
 * vector-math probes) in memory with compile() below: they never reach the shipped binary.
 *
 * The module imports the heap's memory (env.memory: shared, at most 65536 pages) and must not
 * write to it on instantiation (no data segment, no start function that writes): checkModule
 * instantiates it on a shared memory filled with a pattern and fails if any byte changed.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const self = fileURLToPath(import.meta.url);
export const SOURCE_DIR = join(root, 'src', 'kernels', 'wasm', 'assembly');
/** The production entry, and the test-only entry (not part of the stamp: it never ships). */
export const ENTRY = join(SOURCE_DIR, 'index.ts');
export const PROBES = join(SOURCE_DIR, 'probes.ts');
export const BINARY = join(root, 'src', 'kernels', 'wasm', 'binary.generated.ts');
export const TABLE = join(root, 'src', 'kernels', 'wasm', 'table.generated.ts');

// The compiler flags; part of the hash. SIMD for the kernels, threads only to declare the
// imported memory shared; no runtime (the kernels allocate nothing), no abort strings.
export const FLAGS = [
  '-O3', '--noAssert', '--runtime', 'stub', '--use', 'abort=',
  '--importMemory', '--sharedMemory', '--initialMemory', '1', '--maximumMemory', '65536',
  '--noExportMemory', '--enable', 'simd,threads',
];

/** The installed compiler's version, or undefined where assemblyscript is not installed. */
export function compilerVersion() {
  const path = join(root, 'node_modules', 'assemblyscript', 'package.json');
  return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')).version : undefined;
}

/** The AssemblyScript sources of the production binary, relative to SOURCE_DIR, sorted. */
function sources(dir = SOURCE_DIR) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sources(path));
    else if (name.endsWith('.ts') && path !== PROBES) out.push(relative(SOURCE_DIR, path).replace(/\\/g, '/'));
  }
  return out.sort();
}

const text = (path) => readFileSync(path, 'utf8').replace(/\r\n/g, '\n'); // CRLF checkouts hash alike

/** SHA-256 over the sources (by path), this script, the compiler version and the flags. */
export function sourcesHash(version) {
  const hash = createHash('sha256');
  for (const name of sources()) hash.update(`${name}\0${text(join(SOURCE_DIR, name))}\0`);
  hash.update(`build.mjs\0${text(self)}\0`);
  hash.update(`assemblyscript ${version}\0${FLAGS.join(' ')}`);
  return hash.digest('hex');
}

/** The stamp a generated binary file records: { hash, version }, or undefined. */
export function readStamp(path = BINARY) {
  if (!existsSync(path)) return undefined;
  const t = readFileSync(path, 'utf8');
  const hash = /SOURCES_SHA256 = '([0-9a-f]{64})'/.exec(t)?.[1];
  const version = /COMPILER = 'assemblyscript ([^']+)'/.exec(t)?.[1];
  return hash && version ? { hash, version } : undefined;
}

/** Compiles an entry in memory: { wasm, wat? }. Needs assemblyscript. */
export async function compile(entry = ENTRY, { wat = false } = {}) {
  const { default: asc } = await import('assemblyscript/asc');
  const outputs = new Map();
  const stderr = asc.createMemoryStream();
  const argv = [relative(root, entry), '-o', 'out.wasm', ...(wat ? ['-t', 'out.wat'] : []), ...FLAGS];
  const { error } = await asc.main(argv, { baseDir: root, stderr, writeFile: (name, contents) => { outputs.set(name, contents); } });
  if (error) throw new Error(`build-wasm: AssemblyScript failed on ${relative(root, entry)}\n${stderr.toString()}`);
  return { wasm: new Uint8Array(outputs.get('out.wasm')), wat: outputs.get('out.wat') };
}

/**
 * Fails unless the module imports exactly a shared env.memory and leaves it untouched when
 * instantiated (a data segment or a start function would overwrite live arrays of the heap).
 */
export function checkModule(bytes) {
  const module = new WebAssembly.Module(bytes);
  const imports = WebAssembly.Module.imports(module).map((i) => `${i.module}.${i.name}:${i.kind}`);
  if (imports.join() !== 'env.memory:memory') throw new Error(`build-wasm: expected one import, env.memory; got ${imports.join(', ')}`);
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 65536, shared: true }); // a LinkError unless the import is shared
  const view = new Uint8Array(memory.buffer);
  view.fill(0xa5);
  new WebAssembly.Instance(module, { env: { memory } });
  if (memory.buffer.byteLength !== 65536 || view.some((b) => b !== 0xa5)) {
    throw new Error('build-wasm: instantiating the module writes into its memory (a data segment or a start function), which would overwrite the shared heap');
  }
  return module;
}

/**
 * An export's kind, from its name: `row*` row kernels, `<a>To<b>` conversions between float32 and
 * the 16-bit types, `<name>F64` and `<name>F64Grad` the float64 kernels, `<name>F16`, `<name>Bf16`
 * and their `Grad` the 16-bit kernels, `<name>Grad` backward, the others forward.
 */
function kindOf(name) {
  if (name.startsWith('row')) return 'row';
  if (/^(f16|bf16|f32)To/.test(name)) return 'convert';
  if (/(F16|Bf16)Grad$/.test(name)) return 'backward16';
  if (/(F16|Bf16)$/.test(name)) return 'forward16';
  if (name.endsWith('F64Grad')) return 'backward64';
  if (name.endsWith('F64')) return 'forward64';
  return name.endsWith('Grad') ? 'backward' : 'forward';
}

/** The text of binary.generated.ts. */
export function renderBinary(bytes, hash, version) {
  const lines = Buffer.from(bytes).toString('base64').match(/.{1,100}/g).map((l) => `  '${l}'`).join(',\n');
  return `// GENERATED by scripts/wasm/build.mjs — do not edit. Sources: src/kernels/wasm/assembly/ (entry
// index.ts); rebuild with \`npm run build:wasm\`. \`npm run build\` and the tests fail when it is stale.

/** SHA-256 of the AssemblyScript sources, scripts/wasm/build.mjs, the compiler version and flags this binary was built from. */
export const SOURCES_SHA256 = '${hash}';

/** The compiler that built it. */
export const COMPILER = 'assemblyscript ${version}';

/** The kernels' WebAssembly binary (${bytes.length} bytes), base64. */
export const WASM_BASE64 = [
${lines},
].join('');
`;
}

/** The text of table.generated.ts: the binary's exports by kind, checked against the activation names. */
export function renderTable(module) {
  const names = WebAssembly.Module.exports(module).map((e) => {
    if (e.kind !== 'function') throw new Error(`build-wasm: export ${e.name} is a ${e.kind}, not a function`);
    return e.name;
  }).sort();
  const of = (kind) => names.filter((n) => kindOf(n) === kind);
  const forward = of('forward');
  const backward = of('backward');
  for (const b of backward) if (!forward.includes(b.slice(0, -4))) throw new Error(`build-wasm: ${b} has no forward kernel ${b.slice(0, -4)}`);
  const forward64 = of('forward64');
  for (const b of of('backward64')) if (!forward64.includes(b.slice(0, -4))) throw new Error(`build-wasm: ${b} has no forward kernel ${b.slice(0, -4)}`);
  for (const f of forward64) if (!of('backward64').includes(`${f}Grad`)) throw new Error(`build-wasm: ${f} has no backward kernel ${f}Grad`);
  // The 16-bit kernels by activation and type; a backward alone is allowed (softshrink's: its
  // forward is not exact on the bits).
  const half = new Map();
  for (const n of [...of('forward16'), ...of('backward16')]) {
    const [, name, type, grad] = /^(\w+?)(F16|Bf16)(Grad)?$/.exec(n);
    if (!forward.includes(name)) throw new Error(`build-wasm: ${n} has no activation ${name}`);
    const entry = half.get(name) ?? {};
    entry[`${type === 'F16' ? 'float16' : 'bfloat16'}${grad ? 'Backward' : 'Forward'}`] = n;
    half.set(name, entry);
  }
  const entries = (list, value) => list.map((n) => `  ${n}: ${value(n)},`).join('\n');
  return `// GENERATED by scripts/wasm/build.mjs from the exports of binary.generated.ts — do not edit.
// TypeScript checks it against the activation names: a forward or backward kernel missing for an
// elementwise activation, or one without an activation, is a compile error.
import type { ElementwiseName } from '../../nn/activations/spec.js';

/** Every export of the binary and its kind. */
export const KERNEL_KINDS = {
${entries(names, (n) => `'${kindOf(n)}'`)}
} as const;

/** The name of an export of the binary. */
export type KernelExport = keyof typeof KERNEL_KINDS;

/** The forward kernel of each elementwise activation: \`(dst, src, n, a, b)\`, byte offsets in the heap. */
export const FORWARD_KERNELS = {
${entries(forward, (n) => `'${n}'`)}
} as const satisfies Record<ElementwiseName, KernelExport>;

/** The backward kernel g·f'(x) of each elementwise activation: \`(dst, x, g, n, a, b)\`. */
export const BACKWARD_KERNELS = {
${entries(forward, (n) => `'${n}Grad'`)}
} as const satisfies Record<ElementwiseName, KernelExport>;

/**
 * The float64 kernels (f64x2) of the elementwise activations that have one: forward
 * \`<name>F64(dst, src, n, a, b)\` and backward \`<name>F64Grad(dst, x, g, n, a, b)\` over float64.
 */
export const FLOAT64_KERNELS = {
${entries(forward64, (n) => `{ forward: '${n}', backward: '${n}Grad' }`).replace(/^  (\w+)F64:/gm, '  $1:')}
} as const satisfies Partial<Record<ElementwiseName, { forward: KernelExport; backward: KernelExport }>>;

/**
 * The 16-bit kernels of the elementwise activations that have one, over float16 or bfloat16 bits
 * (\`(dst, src, n, a, b)\`, \`(dst, x, g, n, a, b)\`, 2-byte elements): the float32 kernel's
 * result rounded once, without converting through float32 arrays.
 */
export const HALF_KERNELS = {
${[...half].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, e]) => `  ${name}: { ${Object.keys(e).sort().map((k) => `${k}: '${e[k]}'`).join(', ')} },`).join('\n')}
} as const satisfies Partial<Record<ElementwiseName, Partial<Record<'float16Forward' | 'float16Backward' | 'bfloat16Forward' | 'bfloat16Backward', KernelExport>>>>;

/** The row kernels (row activations along the last axis, and prelu), forward and backward. */
export type RowKernelExport = ${of('row').map((n) => `'${n}'`).join(' | ')};

/** The conversions between float32 and the 16-bit types: \`(dst, src, n)\`. */
export type ConvertKernelExport = ${of('convert').map((n) => `'${n}'`).join(' | ')};
`;
}

async function main() {
  const args = process.argv.slice(2);
  const watOut = args.includes('--wat') ? args[args.indexOf('--wat') + 1] : undefined;
  const installed = compilerVersion();
  if (args.includes('--check')) {
    const stamp = readStamp();
    if (!stamp) throw new Error(`build-wasm: ${relative(root, BINARY)} is missing or has no stamp (npm run build:wasm)`);
    const version = installed ?? stamp.version;
    if (sourcesHash(version) !== stamp.hash) {
      console.error(`build-wasm: ${relative(root, BINARY)} is stale: its sources, scripts/wasm/build.mjs or the compiler (${version}; built with ${stamp.version}) changed. Run \`npm run build:wasm\` and commit the result.`);
      process.exitCode = 1;
      return;
    }
    console.log(`build-wasm: ${relative(root, BINARY)} matches its sources${installed ? '' : ` (assemblyscript not installed: checked against ${stamp.version}, the version it records)`}`);
    return;
  }
  if (!installed) throw new Error('build-wasm: assemblyscript is not installed (npm install)');
  const { wasm, wat } = await compile(ENTRY, { wat: Boolean(watOut) });
  if (watOut) writeFileSync(watOut, wat);
  const module = checkModule(wasm);
  writeFileSync(BINARY, renderBinary(wasm, sourcesHash(installed), installed));
  writeFileSync(TABLE, renderTable(module));
  console.log(`build-wasm: wrote ${relative(root, BINARY)} (${wasm.length} bytes) and ${relative(root, TABLE)}`);
}

if (process.argv[1] === self) await main();
