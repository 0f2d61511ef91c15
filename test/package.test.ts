/**
 * What `npm pack` ships: the built library without dead source maps or the demo, the license,
 * and every file the shipped Markdown links to (relative links must work inside node_modules).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, posix, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;

function packedFiles(): string[] {
  // --ignore-scripts: list what would be packed without running `prepare` (the build) again.
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const out = execFileSync(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return (JSON.parse(out) as { files: { path: string }[] }[])[0].files.map((f) => f.path);
}

test('the tarball: the built library, license and docs; no source maps, demo or sources', async (t) => {
  assert.ok(existsSync(join(ROOT, 'dist/index.js')), 'dist/ is not built: run npm run build');
  const files = packedFiles();
  t.diagnostic(`${files.length} files`);
  for (const f of ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'dist/index.js', 'dist/index.d.ts', 'dist/kernels/worker.js', 'dist/kernels/worker-web.js', 'dist/kernels/worker-loop.js', 'dist/kernels/wasm/binary.generated.js', 'dist/kernels/wasm/binary.asset.js', 'dist/kernels/wasm/kernels.wasm']) {
    assert.ok(files.includes(f), `${f} is not packed`);
  }
  assert.deepEqual(files.filter((f) => f.endsWith('.map')), [], 'source maps point at src/*.ts, which is not shipped');
  // The "browser" field's replacements exist, and kernels.wasm is the inlined binary.
  for (const [from, to] of Object.entries(pkg.browser as Record<string, string>)) {
    assert.ok(files.includes(from.slice(2)) && files.includes(to.slice(2)), `browser field ${from} -> ${to}`);
  }
  const { WASM_BASE64 } = await import(pathToFileURL(join(ROOT, 'dist/kernels/wasm/binary.generated.js')).href) as { WASM_BASE64: string };
  assert.ok(Buffer.from(WASM_BASE64, 'base64').equals(readFileSync(join(ROOT, 'dist/kernels/wasm/kernels.wasm'))), 'kernels.wasm differs from the inlined binary');
  assert.deepEqual(files.filter((f) => f.startsWith('dist/demo/')), []);
  assert.deepEqual(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')), []);
});

test('every relative link in the shipped Markdown points at a shipped file', () => {
  const files = new Set(packedFiles());
  const broken: string[] = [];
  for (const md of [...files].filter((f) => f.endsWith('.md'))) {
    const text = readFileSync(join(ROOT, md), 'utf8').replace(/```[\s\S]*?```/g, '');
    for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/i.test(target) || target.startsWith('#')) continue; // absolute URLs, anchors in the same file
      const path = posix.normalize(posix.join(posix.dirname(md), target.replace(/#.*$/, '')));
      if (!files.has(path)) broken.push(`${md}: ${target}`);
    }
  }
  assert.deepEqual(broken, []);
});

test('package.json: MIT as LICENSE says, keywords, and a description that claims no PyTorch coverage', () => {
  assert.equal(pkg.license, 'MIT');
  assert.match(readFileSync(join(ROOT, 'LICENSE'), 'utf8'), /^MIT License\n/);
  assert.ok(Array.isArray(pkg.keywords) && pkg.keywords.length >= 5);
  // PyTorch's Tanhshrink, Hardsigmoid, Threshold, RReLU and Softmax2d have no nn function.
  assert.doesNotMatch(String(pkg.description), /PyTorch/);
  // The only module with a side effect installs NDArray's methods (src/ops/methods.ts): bundlers must keep it.
  assert.deepEqual(pkg.sideEffects, ['./dist/ops/methods.js']);
});
