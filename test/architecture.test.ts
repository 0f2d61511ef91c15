// The layout rule of src/: layers only point down (core < kernels < ops < autograd < nn <
// optimizers < keras < src/index.ts < demo, the demo being an application of the package), and no two modules import each other's
// values, directly or around a cycle. Type-only imports may point anywhere (they vanish at
// compile time). The test reads the sources, so a new upward import fails here, not in review.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const src = join(root, 'src');

const LAYERS = ['core', 'kernels', 'ops', 'autograd', 'nn', 'optimizers', 'keras', 'index.ts', 'demo'];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'assembly' ? [] : sources(path); // AssemblyScript, not TS
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The relative modules a file imports or re-exports as values (not `import type`, not type-only specifiers). */
export function valueImports(text: string): string[] {
  const found: string[] = [];
  const statement = /^\s*(import|export)\s+(type\s+)?([^;]*?)\s*from\s*['"]([^'"]+)['"]/gms;
  for (const m of text.matchAll(statement)) {
    const [, , typeOnly, clause, target] = m;
    if (typeOnly || !target.startsWith('.')) continue;
    const braces = clause.match(/^\{([^}]*)\}$/s);
    if (braces && braces[1].split(',').map((s) => s.trim()).filter(Boolean).every((s) => s.startsWith('type '))) continue;
    found.push(target);
  }
  for (const m of text.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm)) if (m[1].startsWith('.')) found.push(m[1]);
  return found;
}

function layerOf(file: string): number {
  return LAYERS.indexOf(relative(src, file).split(/[\\/]/)[0]);
}

const files = sources(src);
const graph = new Map<string, string[]>(files.map((file) => [file, valueImports(readFileSync(file, 'utf8'))
  .map((target) => resolve(dirname(file), target.replace(/\.js$/, '.ts')))]));

test('the import parser sees value imports and skips type-only ones', () => {
  assert.deepEqual(valueImports(`import { a, type B } from './x.js';\nimport type { C } from './y.js';\nimport { type D } from './z.js';\nexport { e } from './w.js';\nimport './side.js';\nexport * as f from './v.js';`),
    ['./x.js', './w.js', './v.js', './side.js']);
});

test('every src/ directory is a known layer', () => {
  const unknown = files.filter((f) => layerOf(f) < 0).map((f) => relative(root, f));
  assert.deepEqual(unknown, []);
});

test('layers only point down: no value import from a lower layer into a higher one', () => {
  const upward: string[] = [];
  for (const [file, targets] of graph) {
    for (const target of targets) {
      if (layerOf(target) > layerOf(file)) upward.push(`${relative(root, file)} → ${relative(root, target)}`);
    }
  }
  assert.deepEqual(upward, []);
});

test('no value-import cycles in src/', () => {
  const state = new Map<string, 'open' | 'done'>();
  const cycles: string[] = [];
  const path: string[] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    path.push(file);
    for (const target of graph.get(file) ?? []) {
      if (state.get(target) === 'open') cycles.push([...path.slice(path.indexOf(target)), target].map((f) => relative(src, f)).join(' → '));
      else if (!state.has(target)) visit(target);
    }
    path.pop();
    state.set(file, 'done');
  };
  for (const file of files) if (!state.has(file)) visit(file);
  assert.deepEqual(cycles, []);
});
