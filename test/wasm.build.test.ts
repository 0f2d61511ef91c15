// The generated WebAssembly files are what their sources make: the stamp (a SHA-256 of the
// AssemblyScript sources, scripts/wasm/build.mjs, the compiler version and the flags) matches, and
// a rebuild in memory gives the committed binary byte for byte and the committed kernel table
// character for character (the build is reproducible). The rebuild needs assemblyscript, a dev
// dependency (so present in CI); without it that test skips and the stamp check still runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WASM_BASE64, SOURCES_SHA256, COMPILER } from '../src/kernels/wasm/binary.generated.js';
import { KERNEL_KINDS } from '../src/kernels/wasm/table.generated.js';
import { decodeBase64, wasmExports, wasmSections } from '../src/kernels/wasm/kernels.js';
import { nn } from '../src/index.js';
import { repoRoot } from './helpers/fixtures.js';
import { wasmBuild } from './helpers/wasm-build.js';

const build = await wasmBuild();

test('the committed wasm binary is stamped with its current inputs (node scripts/wasm/build.mjs --check)', () => {
  execFileSync(process.execPath, [join(repoRoot, 'scripts', 'wasm', 'build.mjs'), '--check'], { stdio: 'pipe' });
});

test('the stamp covers the sources, build.mjs and the compiler version', { skip: !build && 'assemblyscript is not installed' }, () => {
  assert.equal(COMPILER, `assemblyscript ${build!.compilerVersion()}`);
  assert.equal(build!.sourcesHash(build!.compilerVersion()!), SOURCES_SHA256);
  assert.notEqual(build!.sourcesHash('0.0.0'), SOURCES_SHA256, 'another compiler version gives another hash');
});

test('a rebuild of the sources gives the committed binary and kernel table, byte for byte', { skip: !build && 'assemblyscript is not installed' }, async () => {
  const { wasm } = await build!.compile(build!.ENTRY);
  const committed = decodeBase64(WASM_BASE64);
  assert.equal(wasm.length, committed.length, 'binary size');
  assert.ok(wasm.every((b, i) => b === committed[i]), 'the rebuilt binary differs from src/kernels/wasm/binary.generated.ts (npm run build:wasm)');
  const module = build!.checkModule(wasm);
  assert.equal(build!.renderBinary(wasm, SOURCES_SHA256, build!.compilerVersion()!), readFileSync(build!.BINARY, 'utf8'));
  assert.equal(build!.renderTable(module), readFileSync(build!.TABLE, 'utf8'), 'src/kernels/wasm/table.generated.ts (npm run build:wasm)');
});

test('the kernel table lists exactly the binary\'s exports; every elementwise activation has both kernels', () => {
  const exports = wasmExports();
  assert.ok(exports);
  assert.deepEqual(Object.keys(exports).sort(), Object.keys(KERNEL_KINDS).sort());
  assert.ok(!Object.keys(exports).some((n) => n.startsWith('math')), 'no test-only probe in the shipped binary');
  const elementwise = Object.values(nn.ACTIVATIONS).filter((e) => e.spec.kind === 'elementwise').map((e) => e.spec.name).sort();
  assert.deepEqual(Object.keys(KERNEL_KINDS).filter((n) => KERNEL_KINDS[n as keyof typeof KERNEL_KINDS] === 'forward').sort(), elementwise);
  assert.deepEqual(Object.keys(KERNEL_KINDS).filter((n) => KERNEL_KINDS[n as keyof typeof KERNEL_KINDS] === 'backward').sort(), elementwise.map((n) => `${n}Grad`).sort());
});

test('the module writes nothing on instantiation: no start (8), data (11) or data count (12) section', () => {
  const ids = wasmSections(decodeBase64(WASM_BASE64)).map((s) => s.id);
  assert.ok(ids.includes(2) && ids.includes(7), `sections ${ids}: imports and exports present`);
  assert.deepEqual(ids.filter((id) => id === 8 || id === 11 || id === 12), []);
});
