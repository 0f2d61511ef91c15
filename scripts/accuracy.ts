/**
 * `npm run accuracy`: the max error in ULPs of every activation against the mpmath fixtures,
 * measured by scripts/docs/measure-accuracy.ts (the same numbers as the docs' activation pages).
 * Prints a Markdown table; the tests assert the bounds, this shows the measured values.
 */
import { nn } from '../src/index.js';
import { kernelPaths, measureAccuracy } from './docs/measure-accuracy.js';

const fmt = (v: number) => (v === 0 ? '0' : v.toFixed(3));

console.log(`| activation | f float32 (${kernelPaths().join(' / ')}) | f float64 (${kernelPaths().join(' / ')}) | f' float32 | f' float64 | points |`);
console.log('|---|---|---|---|---|---|');
for (const name of nn.ACTIVATION_NAMES) {
  const a = measureAccuracy(name);
  const kind = nn.ACTIVATIONS[name].spec.kind;
  if (kind === 'row') console.log(`| ${name} (rows) | ${fmt(a.f32[0])} | ${fmt(a.f64[0])} | see the VJP tests | | ${a.points} |`);
  else if (kind === 'binary') console.log(`| ${name} | ${fmt(a.f32[0])} (js) | ${fmt(a.f64[0])} (js) | ${fmt(a.d32!)} | ${fmt(a.d64!)} | ${a.points} |`);
  else console.log(`| ${name} | ${a.f32.map(fmt).join(' / ')} | ${a.f64.map(fmt).join(' / ')} | ${fmt(a.d32!)} | ${fmt(a.d64!)} | ${a.points} |`);
}
