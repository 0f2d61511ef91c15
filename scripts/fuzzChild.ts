/**
 * A child process of the resource-bounded fuzz (test/helpers/fuzzWatchdog.ts): runs one batch
 * of cases from `from` on. Before each case it writes the case's index and the counts so far to
 * the progress file, and it appends each failure to the failures file, both synchronously: if the
 * watchdog has to kill the process, nothing but the running case's timing is lost. At the end it
 * sends back the time per case. It stops early, to be replaced by a fresh process, when its
 * resident memory after a case stays above `recycleBytes`.
 */
import { appendFileSync, closeSync, openSync, writeSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import fc from 'fast-check';
import { anyCase, prototypeSnapshot, runCase } from '../test/helpers/fuzzCases.js';
import type { ChildJob, ChildResult } from '../test/helpers/fuzzWatchdog.js';

function run(job: ChildJob): ChildResult {
  const cases = fc.sample(anyCase, { seed: job.seed, numRuns: job.size });
  const fd = openSync(job.progressFile, 'w');
  const before = prototypeSnapshot();
  const histogram: number[] = [];
  let loaded = 0, rejected = 0, maxCaseMs = 0, slowestIndex = -1;
  let i = job.from;
  try {
    for (; i < cases.length; i++) {
      writeSync(fd, `${i} ${loaded} ${rejected}`.padEnd(64), 0);
      if (i === job.hogAt) {
        const hog: Uint8Array[] = [];
        for (;;) hog.push(new Uint8Array(2 ** 26).fill(1)); // the watchdog's own test: grows until killed
      }
      const t0 = performance.now();
      const outcome = runCase(cases[i], before);
      const ms = performance.now() - t0;
      if (outcome === 'loaded') loaded++;
      else if (outcome === 'rejected') rejected++;
      else appendFileSync(job.failuresFile, `${JSON.stringify({ index: i, message: outcome })}\n`);
      const bucket = Math.max(0, Math.floor(Math.log2(Math.max(1, ms * 1000))));
      histogram[bucket] = (histogram[bucket] ?? 0) + 1;
      for (let k = 0; k < bucket; k++) histogram[k] ??= 0;
      if (ms > maxCaseMs) { maxCaseMs = ms; slowestIndex = i; }
      if (process.memoryUsage.rss() > job.recycleBytes) { i++; break; }
    }
  } finally {
    closeSync(fd);
  }
  return { next: i, loaded, rejected, maxCaseMs, slowestIndex, histogram };
}

process.once('message', (job) => {
  const result = run(job as ChildJob);
  process.send!(result, () => process.exit(0));
});
