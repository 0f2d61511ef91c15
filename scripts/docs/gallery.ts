/**
 * The activation gallery's plots: one SVG per registry entry, the function and its derivative,
 * computed by nonlin itself. Elementwise activations use `spec.f` and `spec.df` (the float64
 * formulas the kernels round from) with MLX's default parameters; prelu, softmax, logSoftmax,
 * softmin and glu are evaluated through the public functions on a one-parameter slice, and
 * their derivative comes from nonlin's `grad`.
 */
import { array, grad, type NDArray } from '../../src/index.js';
import { nn } from '../../src/index.js';
import type { ActivationName, ElementwiseSpec, PlotConfig } from '../../src/nn/index.js';
import { type Chart, type Marker, type Point, type Series, renderChart } from './svg.js';

const F_COLOR = '#0b62a4'; // function: solid blue
const DF_COLOR = '#d55e00'; // derivative: dashed vermilion (tells apart from blue also in grey)
const SAMPLES = 481;

/** What the gallery plots for each activation: its spec's `plot` entry. */
export const PLOTS: Readonly<Record<ActivationName, PlotConfig>> = Object.fromEntries(
  nn.ACTIVATION_NAMES.map((name) => [name, nn.ACTIVATIONS[name].spec.plot]),
) as Record<ActivationName, PlotConfig>;

export interface Plot {
  readonly name: ActivationName;
  readonly svg: string;
  /** What is plotted, with the parameters used, for the caption under the picture. */
  readonly caption: string;
  /** The series that were drawn (for tests). */
  readonly series: readonly Series[];
}

const PRIME = '′';
/** A number for prose: true minus sign. */
export const num = (v: number) => String(v).replace('-', '−');

/** The SVG of one activation's function and derivative. */
export function plotActivation(name: ActivationName): Plot {
  const entry = nn.ACTIVATIONS[name];
  const config: PlotConfig = PLOTS[name];
  const [lo, hi] = config.range;
  let series: Series[];
  let caption: string;
  if (entry.spec.kind === 'elementwise') {
    const spec = entry.spec as ElementwiseSpec;
    const [a = 0, b = 0] = spec.params.map((p) => p.default);
    const kinks = [...new Set(spec.test.kinks(a, b))].filter((k) => k > lo && k < hi).sort((p, q) => p - q);
    const f = (x: number) => spec.f(x, a, b, true);
    const df = (x: number) => spec.df(x, a, b);
    series = [
      sampleScalar(`${name}(x)`, F_COLOR, undefined, f, lo, hi, kinks),
      sampleScalar(`${name}${PRIME}(x)`, DF_COLOR, '7 4', df, lo, hi, kinks),
    ];
    const params = spec.params.map((p) => `${p.name} = ${num(p.default)}`).join(', ');
    caption = `${name}(x) and its derivative on [${num(lo)}, ${num(hi)}]` + (params ? `, with MLX’s default ${params}.` : '.');
  } else {
    const slice = config.slice;
    if (!slice) throw new Error(`docs: ${name} is not elementwise; PLOTS.${name} needs a slice`);
    series = sampleSlice(slice, lo, hi);
    caption = slice.caption + ' The derivative is computed by nonlin’s grad.';
  }
  if (series.some((s) => s.markers.length)) caption += ' At a jump, the filled dot is the value taken there and the open dot the one-sided limit that is not.';
  const chart: Chart = { title: `${name}: function and derivative`, xRange: [lo, hi], series };
  return { name, svg: renderChart(chart), caption, series };
}

/** Samples a scalar function on [lo, hi], split at the kinks, with a marker where it jumps. */
function sampleScalar(label: string, color: string, dash: string | undefined, g: (x: number) => number, lo: number, hi: number, kinks: readonly number[]): Series {
  const eps = (hi - lo) * 1e-9;
  const bounds = [lo, ...kinks, hi];
  const segments: Point[][] = [];
  for (let s = 0; s + 1 < bounds.length; s++) {
    const p = s === 0 ? lo : bounds[s] + eps;
    const q = s + 2 === bounds.length ? hi : bounds[s + 1] - eps;
    const n = Math.max(8, Math.round((SAMPLES * (q - p)) / (hi - lo)));
    const seg: Point[] = [];
    for (let i = 0; i <= n; i++) { const x = p + ((q - p) * i) / n; seg.push([x, g(x)]); }
    segments.push(seg);
  }
  const markers: Marker[] = [];
  for (const k of kinks) markers.push(...kinkMarkers(k, g(k - eps), g(k), g(k + eps)));
  return { label, color, dash, segments, markers };
}

/** At a kink k: nothing if g is continuous there, else a filled dot for g(k) and open dots for the other one-sided limits. */
function kinkMarkers(k: number, left: number, value: number, right: number): Marker[] {
  const tol = 1e-6 * Math.max(1, Math.abs(value));
  const differs = (v: number) => Math.abs(v - value) > tol;
  if (!differs(left) && !differs(right)) return [];
  const out: Marker[] = [{ x: k, y: value, filled: true }];
  if (differs(left)) out.push({ x: k, y: left, filled: false });
  if (differs(right) && (!differs(left) || Math.abs(right - left) > tol)) out.push({ x: k, y: right, filled: false });
  return out;
}

/** Samples a slice through the public functions, and its derivative through grad. */
function sampleSlice(slice: NonNullable<PlotConfig['slice']>, lo: number, hi: number): Series[] {
  const eps = (hi - lo) * 1e-9;
  const kinks = (slice.kinks ?? []).filter((k) => k > lo && k < hi);
  const bounds = [lo, ...kinks, hi];
  const xs: number[] = [];
  const segStarts: number[] = [];
  for (let s = 0; s + 1 < bounds.length; s++) {
    const p = s === 0 ? lo : bounds[s] + eps;
    const q = s + 2 === bounds.length ? hi : bounds[s + 1] - eps;
    const n = Math.max(8, Math.round((SAMPLES * (q - p)) / (hi - lo)));
    segStarts.push(xs.length);
    for (let i = 0; i <= n; i++) xs.push(p + ((q - p) * i) / n);
  }
  const kinkStart = xs.length;
  for (const k of kinks) xs.push(k - eps, k, k + eps);
  const x = array(xs, 'float64');
  const y = slice.f(x).toTypedArray();
  // Each output entry depends only on its own x, so the gradient of the sum is the derivative.
  const dy = grad((v: NDArray) => slice.f(v).sum())(x).toTypedArray();
  const build = (label: string, color: string, dash: string | undefined, vals: ArrayLike<number>): Series => {
    const segments: Point[][] = segStarts.map((start, s) => {
      const end = s + 1 < segStarts.length ? segStarts[s + 1] : kinkStart;
      const seg: Point[] = [];
      for (let i = start; i < end; i++) seg.push([xs[i], vals[i]]);
      return seg;
    });
    const markers = kinks.flatMap((k, j) => kinkMarkers(k, vals[kinkStart + 3 * j], vals[kinkStart + 3 * j + 1], vals[kinkStart + 3 * j + 2]));
    return { label, color, dash, segments, markers };
  };
  return [build(slice.label, F_COLOR, undefined, y), build(`d/dx ${slice.label}`, DF_COLOR, '7 4', dy)];
}
