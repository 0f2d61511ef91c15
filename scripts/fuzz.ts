/**
 * `npm run fuzz -- --cases 1000000`: the resource-bounded fuzz of the config readers (the cases of
 * test/keras.fuzz.test.ts, many more of them), in child processes under a memory watchdog (see
 * test/helpers/fuzzWatchdog.ts). Prints progress and a report: cases, outcomes, failures (with
 * the seed and index that reproduce them), the highest resident memory, the time per case.
 *
 *   node build/scripts/fuzz.js [--cases 1000000] [--seed 1] [--batch 10000] [--memory-mib 2048] [--parallel 1] [--hang-ms 120000]
 *   node build/scripts/fuzz.js --case <seed>:<index>    prints one case and runs it here
 *
 * Exits with status 1 if any case failed.
 */
import fc from 'fast-check';
import { anyCase, prototypeSnapshot, runCase } from '../test/helpers/fuzzCases.js';
import { type FuzzReport, percentileMs, runFuzz } from '../test/helpers/fuzzWatchdog.js';

const one = process.argv.indexOf('--case');
if (one >= 0) {
  const [seed, index] = (process.argv[one + 1] ?? '').split(':').map(Number);
  const c = fc.sample(anyCase, { seed, numRuns: index + 1 })[index];
  console.log(`reader ${c.reader}, value:`, JSON.stringify(c.value, null, 1)?.slice(0, 4000));
  console.log('outcome:', runCase(c, prototypeSnapshot()));
  process.exit(0);
}

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isSafeInteger(v) || v <= 0) throw new Error(`--${name} needs a positive integer; got ${process.argv[i + 1]}`);
  return v;
}

const summary = (r: FuzzReport) =>
  `${r.cases} cases (${r.loaded} loaded, ${r.rejected} rejected with a ConfigError), ${r.failures.length} failures, ` +
  `max RSS ${(r.maxRssBytes / 2 ** 20).toFixed(0)} MiB, time per case p50 < ${percentileMs(r.histogram, 0.5)} ms, p99 < ${percentileMs(r.histogram, 0.99)} ms, ` +
  `max ${r.maxCaseMs.toFixed(1)} ms, ${(r.totalMs / 1000).toFixed(0)} s, ${r.children} child processes`;

const report = await runFuzz({
  cases: option('cases', 1_000_000), seed: option('seed', 1), batch: option('batch', 10_000),
  memoryBudget: option('memory-mib', 2048) * 2 ** 20, parallel: option('parallel', 1), hangMs: option('hang-ms', 120_000),
  onProgress: (r) => console.log(summary(r)),
});
console.log(`\nfuzz: ${summary(report)}`);
if (report.slowest) console.log(`slowest case: seed ${report.slowest.seed}, index ${report.slowest.index}`);
console.log(`time per case (µs bucket: count): ${report.histogram.map((n, k) => `${2 ** k}: ${n}`).join(', ')}`);
for (const f of report.failures.slice(0, 50)) console.log(`FAIL seed ${f.seed} index ${f.index} ${f.kind}: ${f.message}`);
process.exitCode = report.failures.length > 0 ? 1 : 0;
