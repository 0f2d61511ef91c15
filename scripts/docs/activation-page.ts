/**
 * One page per activation in the docs site (activations/<name>.html): summary, formula and
 * derivative, a plot of each, the measured accuracy, and the names in nonlin, MLX, Keras and
 * PyTorch. scripts/docs/build.ts writes them; test/docs.test.ts checks every activation has one
 * with each part.
 */
import { nn } from '../../src/index.js';
import type { ActivationName, ActivationSpec } from '../../src/nn/index.js';
import { plotActivation } from './gallery.js';
import { KERAS_NAMES, type KerasRef, kerasSignature } from './keras-names.js';
import { escapeHtml } from './markdown.js';
import type { Accuracy } from './measure-accuracy.js';
import { page } from './page.js';
import { renderChart } from './svg.js';
import { TORCH_NAMES, type TorchRef } from './torch-names.js';

const snake = (s: string) => s.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase());
/** A Python default: floats with a decimal point, axes as ints. */
const py = (name: string, v: number) => (name === 'axis' || !Number.isInteger(v) ? String(v) : v.toFixed(1));
export const code = (s: string) => `<code>${escapeHtml(s)}</code>`;

/** nonlin's call forms. prelu's spec has no params: alpha is an array argument, and the module's
 * constructor parameters (MLX's num_parameters = 1, init = 0.25) are not in the spec. */
export function nonlinSignatures(name: ActivationName, spec: ActivationSpec): { fn: string; module: string } {
  if (name === 'prelu') return { fn: 'nn.prelu(x, alpha)', module: 'new nn.PReLU(numParameters = 1, init = 0.25)' };
  const params = spec.params.map((p) => `${p.name} = ${p.default}`);
  const entry = nn.ACTIVATIONS[name] as { moduleArgs?: readonly unknown[] };
  const moduleArgs = entry.moduleArgs ? entry.moduleArgs.map((a) => JSON.stringify(a).replace(/"/g, "'")) : params;
  return { fn: `nn.${name}(${['x', ...params].join(', ')})`, module: `new nn.${spec.moduleName}(${moduleArgs.join(', ')})` };
}

export function mlxSignature(name: ActivationName, spec: ActivationSpec): string {
  if (name === 'prelu') return 'mlx.nn.prelu(x, alpha)';
  const params = spec.params.map((p) => `${snake(p.name)}=${py(p.name, p.default)}`);
  return `mlx.nn.${spec.mlxName}(${['x', ...params].join(', ')})`;
}

/** The PyTorch names as HTML lines. */
export function torchLines(name: ActivationName): string[] {
  const ref: TorchRef = TORCH_NAMES[name];
  return [...(ref.functional ? [code(ref.functional)] : []), ...(ref.module ? [code(`torch.${ref.module}`)] : []), ...(ref.note ? [escapeHtml(ref.note)] : [])];
}

const ulps = (v: number | undefined) => (v === undefined ? '—' : v === 0 ? '0' : v.toFixed(3));

export interface ActivationPage {
  /** The page, for activations/<name>.html (links relative to that folder). */
  readonly html: string;
  /** The plots, for activations/<name>.svg and activations/<name>-derivative.svg. */
  readonly functionSvg: string;
  readonly derivativeSvg: string;
}

export function activationPage(name: ActivationName, accuracy: Accuracy): ActivationPage {
  const { spec } = nn.ACTIVATIONS[name];
  const doc = spec.doc as ActivationSpec['doc'];
  const plot = plotActivation(name);
  const [lo, hi] = [plot.series[0].segments[0][0][0], plot.series[0].segments.at(-1)!.at(-1)![0]];
  const chart = (i: number, title: string) => renderChart({ title, xRange: [lo, hi], series: [plot.series[i]] });
  const functionSvg = chart(0, `${name}: function`);
  const derivativeSvg = chart(1, `${name}: derivative`);
  const sig = nonlinSignatures(name, spec);
  const ref: KerasRef = KERAS_NAMES[name];
  const keras = [...kerasSignature(name).map(code), ...(ref.note ? [escapeHtml(ref.note)] : [])];
  const facts: [string, string][] = [
    ['Function', code(sig.fn)],
    ['Module', code(sig.module)],
    ['MLX', code(mlxSignature(name, spec))],
    ['Keras', keras.length ? keras.join('<br>') : 'no Keras counterpart'],
    ['PyTorch', torchLines(name).join('<br>')],
    ['At kinks', escapeHtml(doc.kinks)],
    ['Reference', doc.reference ? escapeHtml(doc.reference) : '—'],
  ];
  const row = spec.kind === 'row';
  const accuracyRows = [
    ...accuracy.paths.map((p, i) => [`f, float32 (${p === 'wasm' ? 'WebAssembly' : 'JS'} kernels)`, ulps(accuracy.f32[i])]),
    ...accuracy.paths.map((p, i) => [`f, float64 (${p === 'wasm' ? 'WebAssembly' : 'JS'} kernels)`, ulps(accuracy.f64[i])]),
    ...(row ? [] : [["f′, float32", ulps(accuracy.d32)], ["f′, float64", ulps(accuracy.d64)]]),
  ];
  const body = `<p><a href="../gallery.html#${name}">← gallery</a> · <a href="../api/index.html">API reference</a></p>
<h1><code>nn.${name}</code></h1>
<p class="lead">${escapeHtml(doc.summary)}</p>
<h2 id="formula">Formula</h2>
<p class="formula">${escapeHtml(doc.formula)}</p>
<figure><img src="${name}.svg" width="480" height="300" alt="Plot of ${name}"><figcaption>${escapeHtml(plot.caption.replace(' and its derivative', ''))}</figcaption></figure>
<h2 id="derivative">Derivative</h2>
<p class="formula">${escapeHtml(doc.derivative)}</p>
<figure><img src="${name}-derivative.svg" width="480" height="300" alt="Plot of the derivative of ${name}"><figcaption>${row ? 'Computed by nonlin’s grad on the slice above.' : 'The derivative that grad and the backward kernels compute.'}</figcaption></figure>
<h2 id="accuracy">Accuracy</h2>
<p>Largest error measured against mpmath references at 60 digits (<code>scripts/fixtures/generate.py</code>, ${accuracy.points.toLocaleString('en-US')} points: special values, neighbours of every kink and threshold, subnormals, log sweeps, random), in ULPs of the output dtype, by <code>npm run accuracy</code> when this page was built.${row ? ' The derivative (a vector–Jacobian product) is checked by the VJP tests.' : ''}</p>
<table class="approx">${accuracyRows.map(([k, v]) => `<tr><td>${k}</td><td>${v}</td></tr>`).join('')}</table>
${doc.accuracyNote ? `<p class="note">${escapeHtml(doc.accuracyNote)}</p>` : ''}
<h2 id="names">Names</h2>
<dl class="facts">
${facts.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('\n')}
</dl>`;
  const toc = `<ul>${nn.ACTIVATION_NAMES.map((n) => `<li>${n === name ? `<b>${n}</b>` : `<a href="${n}.html">${n}</a>`}</li>`).join('')}</ul>`;
  return { html: page({ title: `nn.${name}`, root: '../', current: 'gallery', body, toc }), functionSvg, derivativeSvg };
}
