/**
 * The documentation, driven by the activation registry: every activation has its doc entry,
 * its plot and its mention in the guides; the guides' examples type-check and run against the
 * built library, and what their `// →` comments claim is what they return (conventions in
 * scripts/docs/examples.ts). No docs build needed: the plot generator is tested directly, and
 * every exported name's doc comment and @example are checked on typedoc's model (about 10 s).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { array, keras, nn } from '../src/index.js';
import { plotActivation, PLOTS } from '../scripts/docs/gallery.js';
import { KERAS_NAMES, type KerasRef, kerasSignature } from '../scripts/docs/keras-names.js';
import { GUIDES, OVERVIEW_EXAMPLE } from '../scripts/docs/guides.js';
import { codeBlocks } from '../scripts/docs/markdown.js';
import { apiCoverage } from '../scripts/docs/coverage.js';
import { instrument, mismatch, parseExpected } from '../scripts/docs/examples.js';
import { activationPage } from '../scripts/docs/activation-page.js';
import { measureAccuracy } from '../scripts/docs/measure-accuracy.js';
import { TORCH_NAMES, type TorchRef } from '../scripts/docs/torch-names.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const LIBRARY = pathToFileURL(join(ROOT, 'build/src/index.js')).href;
const NAMES = nn.ACTIVATION_NAMES;
const guideText = new Map(GUIDES.map((g) => [g.file, readFileSync(join(ROOT, 'docs', g.file), 'utf8')]));

test('every activation has a doc entry: summary, formula, derivative, kink convention', () => {
  for (const name of NAMES) {
    const doc = nn.ACTIVATIONS[name].spec.doc;
    for (const field of ['summary', 'formula', 'derivative', 'kinks'] as const) {
      assert.ok(typeof doc[field] === 'string' && doc[field].trim().length > 0, `${name}: spec.doc.${field} is missing`);
    }
  }
});

test('every activation names its reference paper', () => {
  const missing = NAMES.filter((n) => !(nn.ACTIVATIONS[n].spec.doc as { reference?: string }).reference);
  assert.deepEqual(missing, [], 'spec.doc.reference is missing (the gallery prints it)');
});

test('every activation has a plot: an SVG with the function and its derivative', () => {
  for (const name of NAMES) {
    const plot = plotActivation(name);
    assert.match(plot.svg, /^<svg [^>]*viewBox=/, name);
    assert.match(plot.svg, /<\/svg>\n$/, name);
    assert.equal(plot.series.length, 2, `${name}: function and derivative`);
    for (const s of plot.series) {
      const finite = s.segments.flat().filter(([, y]) => Number.isFinite(y)).length;
      assert.ok(finite > 100, `${name}: ${s.label} has ${finite} finite points`);
      assert.ok(plot.svg.includes(s.label.replace(/&/g, '&amp;').replace(/</g, '&lt;')), `${name}: legend shows ${s.label}`);
    }
    assert.ok(plot.caption.length > 20, `${name}: caption`);
  }
});

test('each plotted derivative matches the plotted function (central differences)', () => {
  for (const name of NAMES) {
    const [f, df] = plotActivation(name).series;
    f.segments.forEach((seg, s) => {
      const d = df.segments[s];
      for (let i = 2; i + 2 < seg.length; i++) {
        const [x0, y0] = seg[i - 1];
        const [x1, y1] = seg[i + 1];
        const fd = (y1 - y0) / (x1 - x0);
        const [x, dy] = d[i];
        assert.equal(x, seg[i][0]);
        assert.ok(Math.abs(fd - dy) <= 2e-3 * (1 + Math.abs(dy)), `${name} at x = ${x}: plotted derivative ${dy}, difference quotient ${fd}`);
      }
    });
  }
});

test('every activation has its page: formula, function and derivative plots, accuracy, MLX, Keras and PyTorch names', () => {
  for (const name of NAMES) {
    const { spec } = nn.ACTIVATIONS[name];
    const accuracy = measureAccuracy(name);
    assert.ok(accuracy.points > 1000, `${name}: ${accuracy.points} reference points`);
    // The bounds the accuracy tests assert; the page prints what was measured.
    assert.ok(Math.max(...accuracy.f32) <= 1 && Math.max(...accuracy.f64) <= 2, `${name}: ${JSON.stringify(accuracy)}`);
    const page = activationPage(name, accuracy);
    const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
    for (const part of [spec.doc.formula, spec.doc.derivative, `mlx.nn.${spec.mlxName}`, `src="${name}.svg"`, `src="${name}-derivative.svg"`, 'id="accuracy"', accuracy.f32[0] === 0 ? '<td>0</td>' : accuracy.f32[0].toFixed(3)]) {
      assert.ok(page.html.includes(esc(part)) || page.html.includes(part), `${name}: the page lacks ${part}`);
    }
    const keras: KerasRef = KERAS_NAMES[name];
    if (keras.activation) assert.ok(page.html.includes(`keras.activations.${keras.activation}(`), `${name}: Keras name`);
    const torch: TorchRef = TORCH_NAMES[name];
    for (const t of [torch.functional, torch.module && `torch.${torch.module}`].filter((v): v is string => !!v)) assert.ok(page.html.includes(esc(t)), `${name}: PyTorch ${t}`);
    assert.ok(torch.functional || torch.note, `${name}: a PyTorch call or a note saying there is none`);
    for (const svg of [page.functionSvg, page.derivativeSvg]) assert.match(svg, /^<svg [^>]*viewBox=[\s\S]*stroke-width="2\.2"/);
    assert.notEqual(page.functionSvg, page.derivativeSvg);
  }
});

test('the plot table covers exactly the registry', () => {
  assert.deepEqual(Object.keys(PLOTS).sort(), [...NAMES].sort());
});

test('every activation is mentioned in the guides', () => {
  const all = [...guideText.values()].join('\n');
  for (const name of NAMES) {
    assert.match(all, new RegExp(`\\bnn\\.${name}\\b`), `no guide mentions nn.${name}`);
  }
});

test("the guide's names table agrees with the registry and with keras", () => {
  const rows = guideText.get('coming-from-mlx-and-keras.md')!.split('\n').filter((l) => l.startsWith('| `mlx.nn.'));
  assert.equal(rows.length, NAMES.length, 'one row per activation');
  for (const name of NAMES) {
    const { spec } = nn.ACTIVATIONS[name];
    const row = rows.find((r) => r.includes(`\`nn.${name}(`));
    assert.ok(row, `no row for nn.${name}`);
    const cells = row.split('|').map((c) => c.trim());
    assert.equal(cells[1], `\`mlx.nn.${spec.mlxName}\``, `${name}: MLX name`);
    assert.ok(cells[3].startsWith(`\`nn.${spec.moduleName}`), `${name}: module ${spec.moduleName}`);
    for (const p of spec.params) assert.ok(cells[2].includes(`${p.name} = ${p.default}`), `${name}: default ${p.name} = ${p.default}`);
    const ref: KerasRef = KERAS_NAMES[name];
    if (ref.activation) assert.ok(cells[4].includes(`\`${ref.activation}\``), `${name}: Keras name ${ref.activation}`);
    if (ref.layer) assert.ok(cells[4].includes(`layer \`${ref.layer}\``), `${name}: Keras layer ${ref.layer}`);
    if (!ref.activation && !ref.layer) assert.equal(cells[4], 'none', `${name}: no Keras counterpart`);
  }
});

test('the Keras names the docs print are what keras computes', () => {
  const x = array([-3, -1, -0.25, 0, 0.5, 2, 4, 7]);
  for (const name of NAMES) {
    const ref: KerasRef = KERAS_NAMES[name];
    assert.doesNotThrow(() => kerasSignature(name), `${name}: its spec's Keras names are in Keras' tables`);
    if (ref.layer) assert.ok(ref.layer in keras.layers, `keras.layers.${ref.layer}`);
    if (!ref.activation) continue;
    const args = ref.args ? [ref.args] : [];
    const got = keras.activations.get(ref.activation)(x, ...args).tolist();
    const fn = nn.ACTIVATIONS[name].fn as unknown as (x: unknown, ...p: number[]) => { tolist(): unknown };
    assert.deepEqual(got, fn(x, ...(ref.nnArgs ?? [])).tolist(), `keras ${ref.activation} vs nn.${name}`);
    for (const alias of ref.aliases ?? []) assert.deepEqual(keras.activations.get(alias)(x).tolist(), got, `alias ${alias}`);
  }
});

test('every exported name has a doc comment with an @example (typedoc, as npm run docs)', (t) => {
  // The same typedoc model and the same check as api-coverage.html (scripts/docs/coverage.ts).
  const tmp = mkdtempSync(join(tmpdir(), 'nonlin-api-'));
  try {
    const { coverage, output } = apiCoverage(ROOT, tmp);
    assert.ok(coverage, `typedoc failed:\n${output}`);
    assert.ok(coverage.total > 200, `typedoc saw ${coverage.total} exported names`);
    const missing = [...coverage.undocumented.map((n) => `${n}: no doc comment`), ...coverage.noExample.map((n) => `${n}: no @example`)];
    t.diagnostic(`${coverage.total} exported names checked`);
    assert.deepEqual(missing, []);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});

test('expected-value notation', () => {
  assert.equal(mismatch(0.7310585786, parseExpected('0.731059')), null);
  assert.notEqual(mismatch(0.7310585786, parseExpected('0.731058')), null);
  assert.notEqual(mismatch(0, parseExpected('-0')), null);
  assert.equal(mismatch(-0, parseExpected('-0')), null);
  assert.notEqual(mismatch(-0, parseExpected('0')), null);
  assert.equal(mismatch(NaN, parseExpected('NaN')), null);
  assert.notEqual(mismatch(2.0000001, parseExpected('2')), null);
  assert.equal(mismatch(array([1, -Infinity]), parseExpected('[1, -Infinity]')), null);
  assert.equal(mismatch('float32', parseExpected("'float32'")), null);
  assert.equal(mismatch(4.73e-4, parseExpected('4.7e-4')), null);
  assert.equal(mismatch(0.0203, parseExpected('0.020')), null);
});

// The guides' examples (and the overview page's): extracted, type-checked together, then run
// one by one. `where` is what failures cite; `slug` names the temporary files.
interface Example { guide: string; where: string; slug: string; line: number; code: string; program: string; checks: number }
const examples: Example[] = [];
const sources: [guide: string, where: string, text: string][] = [
  ...[...guideText].map(([file, text]): [string, string, string] => [file, `docs/${file}`, text]),
  ['overview', 'scripts/docs/guides.ts (OVERVIEW_EXAMPLE)', '```ts\n' + OVERVIEW_EXAMPLE + '\n```\n'],
  ['README.md', 'README.md', readFileSync(join(ROOT, 'README.md'), 'utf8')],
];
for (const [guide, where, text] of sources) {
  for (const block of codeBlocks(text)) {
    if (block.lang !== 'ts') continue;
    const { program, checks } = instrument(block.code, LIBRARY);
    const slug = `${guide.replace(/\.md$/, '')}-${block.line}`;
    examples.push({ guide, where, slug, line: block.line, code: block.code, program, checks: checks.length });
  }
}

test('every guide has runnable examples, and they state their results', () => {
  for (const g of GUIDES) {
    const mine = examples.filter((e) => e.guide === g.file);
    assert.ok(mine.length >= 3, `${g.file}: ${mine.length} examples`);
    for (const e of mine) assert.ok(e.checks > 0, `${g.file}:${e.line}: the example checks nothing (add // → results)`);
  }
});

test("the guides' examples type-check (strict) against src/", () => {
  // Each example as written (not instrumented), importing 'nonlin' mapped to src/index.ts.
  const files = new Map<string, Example>();
  for (const e of examples) files.set(join(ROOT, 'docs', '.examples', `${e.slug}.ts`), e);
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true, noEmit: true, skipLibCheck: true, types: ['node'], lib: ['lib.es2022.d.ts'],
    baseUrl: ROOT, paths: { nonlin: ['src/index.ts'] },
  };
  const host = ts.createCompilerHost(options);
  const source = (name: string) => { const e = files.get(name); return e && `${e.code}\nexport {};\n`; };
  const getSourceFile = host.getSourceFile;
  host.getSourceFile = (name, lang, ...rest) => {
    const text = source(name);
    return text !== undefined ? ts.createSourceFile(name, text, lang) : getSourceFile(name, lang, ...rest);
  };
  const fileExists = host.fileExists;
  host.fileExists = (name) => files.has(name) || fileExists(name);
  const readFile = host.readFile;
  host.readFile = (name) => source(name) ?? readFile(name);
  const program = ts.createProgram([...files.keys(), join(ROOT, 'src/types/webassembly.d.ts')], options, host);
  const report = ts.getPreEmitDiagnostics(program).filter((d) => d.file && files.has(d.file.fileName)).map((d) => {
    const e = files.get(d.file!.fileName)!;
    const { line } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0);
    return `${e.where}:${e.line + line}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
  assert.deepEqual(report, []);
});

// Inside build/, so that an example's other imports (@tensorflow/tfjs) resolve from node_modules.
const dir = mkdtempSync(join(ROOT, 'build', 'docs-examples-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

for (const ex of examples) {
  test(`example ${ex.where}:${ex.line}`, async () => {
    const failures: string[] = [];
    const at = (line: number) => `${ex.where}:${ex.line + line - 1}`;
    (globalThis as Record<string, unknown>).__docs = {
      console: { log() {}, info() {}, warn() {}, error() {} },
      equals(fn: () => unknown, expected: string, line: number) {
        let value: unknown;
        try {
          value = fn();
        } catch (e) {
          failures.push(`${at(line)}: threw ${(e as Error).name}: ${(e as Error).message}`);
          return undefined;
        }
        const m = mismatch(value, parseExpected(expected));
        if (m) failures.push(`${at(line)}: ${m} (the guide says → ${expected})`);
        return value;
      },
      throws(fn: () => unknown, name: string, message: string, line: number) {
        try {
          fn();
        } catch (e) {
          const err = e as Error;
          if (err.name !== name) failures.push(`${at(line)}: threw ${err.name}, the guide says ${name}`);
          else if (!err.message.startsWith(message)) failures.push(`${at(line)}: message ${JSON.stringify(err.message)} does not start with ${JSON.stringify(message)}`);
          return;
        }
        failures.push(`${at(line)}: did not throw, the guide says ${name}`);
      },
    };
    const js = ts.transpileModule(ex.program, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } }).outputText;
    const file = join(dir, `${ex.slug}.mjs`);
    writeFileSync(file, js);
    await import(pathToFileURL(file).href);
    assert.deepEqual(failures, []);
  });
}
