/**
 * `npm run docs`: builds the documentation site into docs/site/ (git-ignored), from the
 * activation registry, the guides in docs/ and the doc comments in src/:
 *
 *   index.html            overview: guides, gallery thumbnails, approximation summary, API link
 *   gallery.html          one section per activation (plot, formula, derivative, kinks,
 *                         defaults, MLX and Keras names, reference, accuracy note) and the
 *                         table of the GELU approximations' measured error
 *   gallery/<name>.svg    the plots (scripts/docs/gallery.ts)
 *   activations/<name>.html  one page per activation (scripts/docs/activation-page.ts): formula,
 *                         plots of f and f', measured accuracy, nonlin/MLX/Keras/PyTorch names;
 *                         the API reference's links to an activation's spec land here
 *   guides/<name>.html    docs/*.md rendered (scripts/docs/markdown.ts)
 *   api/                  typedoc over src/index.ts
 *   api-coverage.html     exported names without a doc comment or an @example
 *
 * Every link is relative, so the site works opened from disk. Runs in well under a minute.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nn } from '../../src/index.js';
import type { ActivationName, ActivationSpec } from '../../src/nn/index.js';
import { type ApproxReport, f32String, formatReport, measureApproximations } from './approx.js';
import { type Coverage, coverage, runTypedoc as runTypedocWith, typedocModelOptions } from './coverage.js';
import { num, plotActivation } from './gallery.js';
import { GUIDES, NOTES, OVERVIEW_EXAMPLE } from './guides.js';
import { KERAS_NAMES, type KerasRef, kerasSignature } from './keras-names.js';
import { activationPage, code, mlxSignature, nonlinSignatures, torchLines } from './activation-page.js';
import { measureAccuracy } from './measure-accuracy.js';
import { escapeHtml, highlightTs, renderMarkdown } from './markdown.js';
import { page, STYLE } from './page.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const SITE = join(ROOT, 'docs', 'site');
const NAMES = nn.ACTIVATION_NAMES;

const t0 = performance.now();
const log = (msg: string) => console.log(`docs: ${msg} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);

function write(rel: string, text: string): void {
  const file = join(SITE, rel);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}

// ---------------------------------------------------------------------------------------------
// Signatures as each library writes them: scripts/docs/activation-page.ts.

const minus = (s: string) => s.replace(/(^|[\s([,=])-(?=\d)/g, '$1−');

// ---------------------------------------------------------------------------------------------
// The gallery.

function activationSection(name: ActivationName): { html: string; alt: string } {
  const { spec } = nn.ACTIVATIONS[name];
  const doc = spec.doc as ActivationSpec['doc'] & { reference?: string; accuracyNote?: string };
  const plot = plotActivation(name);
  write(`gallery/${name}.svg`, plot.svg);
  const sig = nonlinSignatures(name, spec);
  const ref: KerasRef = KERAS_NAMES[name];
  const keras = [...kerasSignature(name).map(code), ...(ref.note ? [escapeHtml(ref.note)] : [])];
  const alt = `Plot of ${name} and its derivative`;
  const facts: [string, string][] = [
    ['Function', code(sig.fn)],
    ['Module', code(sig.module)],
    ['MLX', code(mlxSignature(name, spec))],
    ['Keras', keras.length ? keras.join('<br>') : 'no Keras counterpart'],
    ['PyTorch', torchLines(name).join('<br>')],
    ['Formula', `<span class="formula">${escapeHtml(doc.formula)}</span>`],
    ['Derivative', `<span class="formula">${escapeHtml(doc.derivative)}</span>`],
    ['At kinks', escapeHtml(doc.kinks)],
    ['Reference', doc.reference ? escapeHtml(doc.reference) : '—'],
  ];
  if (doc.accuracyNote) facts.push(['Accuracy', escapeHtml(doc.accuracyNote)]);
  const html = `<section class="act" id="${name}">
<h2><a href="#${name}">${name}</a> <small><a href="activations/${name}.html">page, accuracy →</a></small></h2>
<p class="summary">${escapeHtml(doc.summary)}</p>
<div class="body">
<figure><img src="gallery/${name}.svg" width="480" height="300" alt="${escapeHtml(alt)}"><figcaption>${escapeHtml(plot.caption)}</figcaption></figure>
<dl class="facts">
${facts.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('\n')}
</dl>
</div>
</section>`;
  return { html, alt };
}

/** A number in scientific notation as HTML: 4.73 × 10⁻⁴. */
function sciHtml(v: number, digits = 3): string {
  if (v === 0) return '0';
  const [m, e] = v.toExponential(digits - 1).split('e');
  const exp = Number(e);
  if (exp >= -2 && exp <= 2) return minus(Number(v.toPrecision(digits)).toString());
  return `${minus(m)} × 10<sup>${minus(String(exp))}</sup>`;
}
const at = (x: number) => `at x = ${f32String(x)}`;
/** approx.ts's plain-text notes as HTML: e^(…) as a superscript, 1.20e−37 as 1.20 × 10⁻³⁷. */
const textMath = (s: string) => escapeHtml(s)
  .replace(/e\^\(([^()]*(?:\([^()]*\)[^()]*)*)\)/g, 'e<sup>$1</sup>')
  .replace(/(\d(?:\.\d+)?)e([−-]?\d+)/g, '$1 × 10<sup>$2</sup>');
const relHtml = (v: number) => (v < 1 ? `${Number((v * 100).toPrecision(3))}%` : `${sciHtml(v)} (the approximation is ${Math.round(v + 1).toLocaleString('en-US')} times the exact value)`);

function approximationSection(report: ApproxReport): string {
  const [a, b] = report.results;
  const row = (label: string, f: (r: (typeof report.results)[number]) => string) => `<tr><td>${label}</td><td>${f(a)}</td><td>${f(b)}</td></tr>`;
  const relFrom = (r: (typeof report.results)[number], tol: number) => {
    const t = r.relFrom.find((q) => q.tol === tol)!;
    return t.from === -Infinity ? 'everywhere' : `x ≥ ${f32String(t.from)}`;
  };
  return `<section id="gelu-approximations">
<h2><a href="#gelu-approximations">How far the GELU approximations are from exact gelu</a></h2>
<p>Measured by <code>scripts/docs/approx.ts</code> on every <code>npm run docs</code>, with nonlin’s own float64 formulas (exact gelu to 0.5 float64 ULP; the approximations are exact implementations of their own formulas), at float32 inputs. The error is approx(x) − gelu(x); relative error divides by |gelu(x)|.</p>
<table class="approx">
<tr><th></th><th><code>nn.geluApprox</code>: ${escapeHtml(a.formula)}</th><th><code>nn.geluFastApprox</code>: ${escapeHtml(b.formula)}</th></tr>
${row('max absolute error on [−6, 6]', (r) => `<b>${sciHtml(r.absWindow.value)}</b> ${at(r.absWindow.at)}`)}
${row('max relative error on [−6, 6]', (r) => `${relHtml(r.relWindow.value)} ${at(r.relWindow.at)}`)}
${row('max absolute error, every float32', (r) => `<b>${sciHtml(r.absAll.value)}</b> ${at(r.absAll.at)}; for |x| ≥ 6 at most ${sciHtml(r.tailBound)}`)}
${row('max relative error, every float32 x &gt; 0', (r) => `${relHtml(r.relPositive.value)} ${at(r.relPositive.at)}`)}
${row('relative error ≤ 1%', (r) => `for every float32 ${relFrom(r, 0.01)}`)}
${row('relative error ≤ 0.1%', (r) => `for every float32 ${relFrom(r, 0.001)}`)}
${row('max relative error, every float32', (r) => textMath(r.relAll))}
</table>
<p><b>What was measured.</b> On [−6, 6]: a uniform grid of ${report.gridPoints.toLocaleString('en-US')} float32 points, then every float32 within two grid steps of the worst grid point. Between grid points the error is smooth, so a peak the grid misses can exceed the grid’s value by at most h²/8 · max|Δ″| (h the grid step, Δ″ from the specs’ second derivatives): ${sciHtml(a.gridSlack, 2)} for geluApprox and ${sciHtml(b.gridSlack, 2)} for geluFastApprox. Over every float32: the same, plus ${report.logSamples.toLocaleString('en-US')} log-spaced samples (4,096 per binade, both signs, from 2<sup>−149</sup> to 2<sup>128</sup>), plus an exact argument for |x| ≥ 6: there gelu and both approximations are monotone tails (for x ≤ −6, |f(x)| shrinks as x decreases; for x ≥ 6, x − f(x) shrinks as x grows), so the error is at most |gelu(−6)| + |approx(−6)| to the left and (6 − gelu(6)) + (6 − approx(6)) to the right, below the maximum inside. The float32 results users get are these values rounded once more, which moves them by at most half a float32 ULP of the output.</p>
<p class="note">MLX documents geluFastApprox’s error as “&lt; 0.015 on [−6, 6]”; the measured maximum is ${sciHtml(b.absWindow.value)}. Its relative error is unbounded for negative x: x·σ(1.702x) decays like e<sup>1.702x</sup>, gelu like e<sup>−x²/2</sup>.</p>
</section>`;
}

// ---------------------------------------------------------------------------------------------
// Guides.

const DOCS = [...GUIDES, ...NOTES];
const htmlName = (md: string) => md.replace(/\.md$/, '.html');

/** A link as written in docs/*.md, for a page in site/guides/. */
function guideHref(href: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('#')) return href;
  const [path, hash] = href.split('#');
  if (DOCS.some((d) => d.file === path)) return htmlName(path) + (hash ? `#${hash}` : '');
  return `../../${href}`; // relative to docs/, from docs/site/guides/
}

function renderGuides(): { file: string; title: string; blurb: string; notes: boolean }[] {
  const out: { file: string; title: string; blurb: string; notes: boolean }[] = [];
  for (const g of DOCS) {
    const md = readFileSync(join(ROOT, 'docs', g.file), 'utf8');
    const doc = renderMarkdown(md, guideHref);
    const toc = `<ul>${doc.headings.filter((h) => h.depth === 2 || h.depth === 3).map((h) => `<li class="d${h.depth}"><a href="#${h.id}">${escapeHtml(h.text)}</a></li>`).join('')}</ul>`;
    const source = `<p class="foot-note"><small>Source: <a href="../../${g.file}">docs/${g.file}</a></small></p>`;
    write(`guides/${htmlName(g.file)}`, page({ title: doc.title || g.file, root: '../', current: 'guides', body: doc.html + source, toc }));
    out.push({ file: htmlName(g.file), title: doc.title || g.file, blurb: g.blurb, notes: NOTES.includes(g) });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// API reference (typedoc) and what it lacks.

function runTypedoc(): { ok: boolean; json: string } {
  const json = join(ROOT, 'build', 'docs', 'api.json');
  // The doc comments say "see {@link eluSpec}"; the specs are not exported, so their links go
  // to the activation's section of the gallery. typedoc writes link targets as given, on pages
  // at different depths: HOME is replaced by each page's relative path to the site root after.
  const specLinks = Object.fromEntries(NAMES.map((n) => [`${n}Spec`, `${HOME}activations/${n}.html`]));
  const options = {
    ...typedocModelOptions(ROOT),
    out: join(SITE, 'api'),
    json,
    name: 'nonlin API reference',
    readme: 'none',
    disableSources: true,
    navigationLinks: { 'Guides and gallery': `${HOME}index.html`, 'Activation pages': `${HOME}activations/${NAMES[0]}.html` },
    externalSymbolLinkMappings: { nonlin: specLinks },
    validation: { notExported: false, invalidLink: true, notDocumented: false },
    logLevel: 'Warn',
  };
  const res = runTypedocWith(ROOT, options, join(ROOT, 'build', 'docs', 'typedoc.json'));
  if (res.output) console.log(res.output.split('\n').map((l) => `  typedoc: ${l}`).join('\n'));
  if (res.ok) relinkHome(join(SITE, 'api'), '../');
  return { ok: res.ok, json };
}

const HOME = 'nonlin-docs-home:/';

/** Replaces HOME in the API pages by the relative path from each page to the site root. */
function relinkHome(dir: string, up: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) relinkHome(path, up + '../');
    else if (entry.name.endsWith('.html')) {
      const text = readFileSync(path, 'utf8');
      if (text.includes(HOME)) writeFileSync(path, text.split(HOME).join(up));
    }
  }
}

function coveragePage(c: Coverage): string {
  const list = (names: string[]) => (names.length ? `<p>${names.map((n) => code(n)).join(', ')}</p>` : '<p>None.</p>');
  return page({
    title: 'API comment coverage', root: '', current: 'api',
    body: `<h1>API comment coverage</h1>
<p class="lead">Every exported name should have a doc comment with an <code>@example</code>. Of ${c.total} exported names (class and interface members not counted), ${c.undocumented.length} have no doc comment and ${c.noExample.length} more have one without an example. Generated from typedoc’s model of <code>src/index.ts</code>.</p>
<h2>No doc comment (${c.undocumented.length})</h2>${list(c.undocumented)}
<h2>A doc comment but no <code>@example</code> (${c.noExample.length})</h2>${list(c.noExample)}`,
  });
}

/**
 * Every relative href and src in the site's pages that points at a missing file, or (outside
 * the API reference, whose anchors typedoc owns) at a missing #anchor. Links out of docs/site
 * (to docs/*.md sources, README.md) are checked against the repository.
 */
function brokenLinks(site: string): string[] {
  const out: string[] = [];
  const ids = new Map<string, Set<string>>();
  const idsOf = (file: string) => {
    let set = ids.get(file);
    if (!set) {
      set = new Set([...readFileSync(file, 'utf8').matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]));
      ids.set(file, set);
    }
    return set;
  };
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) { visit(path); continue; }
      if (!entry.name.endsWith('.html')) continue;
      const inApi = relative(site, path).startsWith('api');
      for (const m of readFileSync(path, 'utf8').matchAll(/\s(?:href|src)="([^"]*)"/g)) {
        const url = m[1].replace(/&amp;/g, '&');
        if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url === '' || (inApi && url.startsWith('#'))) continue;
        const [file, anchor] = url.split('#');
        const target = file ? resolve(dirname(path), decodeURIComponent(file.split('?')[0])) : path;
        if (!existsSync(target)) { out.push(`${relative(site, path)}: ${url}`); continue; }
        if (anchor && !inApi && target.endsWith('.html') && !idsOf(target).has(anchor)) out.push(`${relative(site, path)}: ${url} (no such anchor)`);
      }
    }
  };
  visit(site);
  return out;
}

// ---------------------------------------------------------------------------------------------
// The pages.

function galleryPage(sections: string[], approx: string): string {
  const chips = `<div class="chips">${NAMES.map((n) => `<a href="#${n}">${n}</a>`).join('')}</div>`;
  const toc = `<ul>${NAMES.map((n) => `<li><a href="#${n}">${n}</a></li>`).join('')}<li style="margin-top:8px"><a href="#gelu-approximations">GELU approximations</a></li></ul>`;
  return page({
    title: 'Activation gallery', root: '', current: 'gallery', toc,
    body: `<h1>Activation gallery</h1>
<p class="lead">Every activation in <code>nn</code>, drawn by nonlin itself: the function as a <span style="color:#0b62a4;font-weight:600">solid blue</span> line, its derivative <span style="color:#d55e00;font-weight:600">dashed orange</span>. Where a function or its derivative jumps, a filled dot marks the value taken at that point and an open dot the one-sided limit that is not: this is the convention gradients use at kinks. Parameters are MLX’s defaults.</p>
${chips}
<p>Also on this page: <a href="#gelu-approximations">how far the GELU approximations are from exact gelu</a>.</p>
${sections.join('\n')}
${approx}`,
  });
}

function indexPage(guides: ReturnType<typeof renderGuides>, report: ApproxReport, cov: Coverage | null, version: string): string {
  const card = (g: (typeof guides)[number]) => `<a class="card" href="guides/${g.file}"><h3>${escapeHtml(g.title)}</h3><p>${escapeHtml(g.blurb)}</p></a>`;
  const thumbs = NAMES.map((n) => `<a class="thumb" href="gallery.html#${n}"><img src="gallery/${n}.svg" width="480" height="300" alt="${n}" loading="lazy">${n}</a>`).join('\n');
  const [a, b] = report.results;
  return page({
    title: 'Documentation', root: '', current: 'home',
    body: `<h1>nonlin <small style="font-size:16px;color:#59636e;font-weight:400">${escapeHtml(version)}</small></h1>
<p class="lead">Neural-network activation functions for TypeScript: every activation of MLX’s <code>mlx.nn</code>, with MLX’s names (in camelCase), parameters and defaults, as functions and as modules, with gradients, over a small array core. Results are within one float32 ULP of the exact value on every input, special values included. A Keras 3 front door (<code>keras.activations</code>, <code>keras.layers</code>, Keras JSON) runs on the same kernels.</p>
<pre class="code"><code class="language-ts">${highlightTs(OVERVIEW_EXAMPLE)}</code></pre>
<h2 id="guides">Guides</h2>
<div class="cards">${guides.filter((g) => !g.notes).map(card).join('\n')}</div>
<h3>Design notes</h3>
<div class="cards">${guides.filter((g) => g.notes).map(card).join('\n')}</div>
<h2 id="gallery">Activation gallery</h2>
<p>Each activation’s function and derivative, formula, kink convention, defaults, MLX, Keras and PyTorch names and reference paper: <a href="gallery.html">the gallery</a>, and a page per activation with its measured accuracy (<a href="activations/${NAMES[0]}.html">${NAMES[0]}</a>, …). Click a plot to go to its entry.</p>
<div class="thumbs">${thumbs}</div>
<h2 id="approximations">GELU approximations</h2>
<p>Measured against exact gelu over every float32 input: <code>nn.geluApprox</code> is at most <b>${sciHtml(a.absAll.value)}</b> away, <code>nn.geluFastApprox</code> at most <b>${sciHtml(b.absAll.value)}</b>; both are much worse in relative terms for negative inputs. <a href="gallery.html#gelu-approximations">The full table and how it was measured.</a></p>
<h2 id="api">API reference</h2>
<p><a href="api/index.html">The API reference</a> is generated by typedoc from the doc comments in <code>src/</code>.${cov ? ` <a href="api-coverage.html">Comment coverage</a>: ${cov.total - cov.undocumented.length - cov.noExample.length} of ${cov.total} exported names have a doc comment with an example.` : ''}</p>`,
  });
}

// ---------------------------------------------------------------------------------------------

function main(): void {
  rmSync(SITE, { recursive: true, force: true });
  mkdirSync(SITE, { recursive: true });
  write('style.css', STYLE.trimStart());
  const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

  const sections = NAMES.map((n) => activationSection(n).html);
  log(`${NAMES.length} plots`);
  for (const n of NAMES) {
    const p = activationPage(n, measureAccuracy(n));
    write(`activations/${n}.html`, p.html);
    write(`activations/${n}.svg`, p.functionSvg);
    write(`activations/${n}-derivative.svg`, p.derivativeSvg);
  }
  log(`${NAMES.length} activation pages (accuracy measured)`);
  const report = measureApproximations();
  console.log(formatReport(report).split('\n').map((l) => `  ${l}`).join('\n'));
  log('GELU approximations measured');
  write('gallery.html', galleryPage(sections, approximationSection(report)));
  const guides = renderGuides();
  log(`${guides.length} guides`);
  const api = runTypedoc();
  let cov: Coverage | null = null;
  if (api.ok) {
    cov = coverage(api.json);
    write('api-coverage.html', coveragePage(cov));
    log(`API reference (${cov.undocumented.length} of ${cov.total} exported names without a doc comment, ${cov.noExample.length} more without an @example; see api-coverage.html)`);
  } else {
    console.error('docs: typedoc failed; the API reference is missing');
    process.exitCode = 1;
  }
  write('index.html', indexPage(guides, report, cov, version));
  const broken = brokenLinks(SITE);
  if (broken.length) {
    console.error(`docs: ${broken.length} broken links:\n${broken.slice(0, 40).map((b) => `  ${b}`).join('\n')}`);
    process.exitCode = 1;
  }
  log(`done: open ${join('docs', 'site', 'index.html')}`);
}

main();
