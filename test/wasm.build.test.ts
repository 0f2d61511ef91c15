// The generated WebAssembly files are what their sources make: the stamp (a SHA-256 of the
// AssemblyScript sources, scripts/wasm/build.mjs, the compiler version and the flags) matches, and
// a rebuild in memory gives the committed binary byte for byte and the committed kernel table
// character for character (the build is reproducible). The rebuild needs assemblyscript, a dev
// dependency (so present in CI); without it that test skips and the stamp check still runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

test('--check fails loudly when a source or build.mjs changed after the build, with no compiler needed', () => {
  // A copy of the build's inputs and output, without node_modules: --check falls back to the
  // compiler version the stamp records.
  const dir = mkdtempSync(join(tmpdir(), 'nonlin-wasm-'));
  try {
    for (const path of ['scripts/wasm/build.mjs', 'src/kernels/wasm/assembly', 'src/kernels/wasm/binary.generated.ts']) {
      cpSync(join(repoRoot, path), join(dir, path), { recursive: true });
    }
    const check = () => spawnSync(process.execPath, [join(dir, 'scripts', 'wasm', 'build.mjs'), '--check'], { encoding: 'utf8' });
    const fresh = check();
    assert.equal(fresh.status, 0, fresh.stderr);
    assert.match(fresh.stdout, /assemblyscript not installed: checked against/);
    appendFileSync(join(dir, 'src/kernels/wasm/assembly/activations/relu.ts'), '// an edit\n');
    const stale = check();
    assert.equal(stale.status, 1);
    assert.match(stale.stderr, /binary\.generated\.ts is stale.*npm run build:wasm/);
    cpSync(join(repoRoot, 'src/kernels/wasm/assembly/activations/relu.ts'), join(dir, 'src/kernels/wasm/assembly/activations/relu.ts'));
    assert.equal(check().status, 0, 'restored');
    appendFileSync(join(dir, 'scripts/wasm/build.mjs'), '// an edit\n');
    assert.equal(check().status, 1, 'build.mjs is in the stamp');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
