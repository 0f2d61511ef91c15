/**
 * The resource-bounded fuzz: cases run in child processes (build/scripts/fuzzChild.js) under a
 * watchdog that samples each child's resident memory every few milliseconds and kills it the
 * moment it passes the budget; the case it was running (which the child writes to a progress file
 * with a synchronous write before each case) is then a failure, and a fresh child goes on with
 * the next case. Time per case is measured and reported, never asserted. A child leaves (and is
 * replaced) when its memory after a case stays above `recycleBytes`, since a WebAssembly memory
 * never shrinks: each case starts from a low baseline.
 *
 * The default budget, 2 GiB of resident memory per case, is what a config within the loaders'
 * budgets may legitimately use: 512 MiB of weights (LIMITS.maxWeightBytes), a random
 * initializer's float64 scratch (twice its float32 weight), and the runtime (~70 MiB).
 */
import { fork } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './fixtures.js';

export interface FuzzOptions {
  /** How many cases in all. */
  readonly cases: number;
  /** Cases per batch; batch b uses fast-check seed `seed + b`. */
  readonly batch?: number;
  readonly seed?: number;
  /** The most resident memory a child may reach while running a case (bytes; default 2 GiB). */
  readonly memoryBudget?: number;
  /** A child whose resident memory after a case is above this is replaced (bytes; default 512 MiB). */
  readonly recycleBytes?: number;
  /** How many children run at once. */
  readonly parallel?: number;
  /** A case that runs longer is killed and reported as a hang (ms; the watchdog's only time limit). */
  readonly hangMs?: number;
  /** @internal For the watchdog's own test: the child allocates without bound at this case index. */
  readonly hogAt?: number;
  /** Called after each batch with the running totals. */
  readonly onProgress?: (report: FuzzReport) => void;
}

/** A case that failed: where to find it (`seed`, `index` within its batch) and what happened. */
export interface FuzzFailure { readonly seed: number; readonly index: number; readonly kind: 'exception' | 'memory' | 'hang' | 'crash'; readonly message: string }

export interface FuzzReport {
  cases: number;
  loaded: number;
  rejected: number;
  failures: FuzzFailure[];
  /** The highest resident memory the watchdog saw in any child (bytes). */
  maxRssBytes: number;
  /** The slowest case (ms) and where it is. */
  maxCaseMs: number;
  slowest: { seed: number; index: number } | undefined;
  /** Case durations: counts per power-of-two bucket of microseconds (bucket k: [2^k, 2^(k+1)) µs). */
  histogram: number[];
  totalMs: number;
  children: number;
}

/** @internal The messages between the watchdog and a child. */
export interface ChildJob {
  readonly seed: number; readonly size: number; readonly from: number; readonly progressFile: string; readonly failuresFile: string;
  readonly recycleBytes: number; readonly hogAt?: number;
}
export interface ChildResult {
  readonly next: number; readonly loaded: number; readonly rejected: number;
  readonly maxCaseMs: number; readonly slowestIndex: number; readonly histogram: number[];
}

const PAGE = 4096;
/** A child's resident bytes, from /proc (Linux); undefined where that is not available. */
function rssOf(pid: number): number | undefined {
  try {
    return Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]) * PAGE;
  } catch {
    return undefined;
  }
}

/** The 50th / 99th percentile bucket bound of a histogram, in ms. */
export function percentileMs(histogram: readonly number[], q: number): number {
  const total = histogram.reduce((a, b) => a + b, 0);
  let seen = 0;
  for (let k = 0; k < histogram.length; k++) {
    seen += histogram[k];
    if (seen >= q * total) return 2 ** (k + 1) / 1000;
  }
  return 0;
}

const childScript = join(repoRoot, 'build', 'scripts', 'fuzzChild.js');

/** Runs one batch to its end, replacing children that are killed, crash or leave to shed memory. */
async function runBatch(seed: number, size: number, opts: Required<Omit<FuzzOptions, 'onProgress' | 'hogAt'>> & { hogAt?: number }, report: FuzzReport, dir: string): Promise<void> {
  let from = 0;
  const progressFile = join(dir, `progress-${seed}`);
  const failuresFile = join(dir, `failures-${seed}`);
  while (from < size) {
    report.children++;
    const child = fork(childScript, [], { execArgv: [], stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => { if (stderr.length < 2000) stderr += d.toString(); });
    let killedFor = undefined as 'memory' | 'hang' | undefined;
    let killedMessage = '';
    let lastIndex = -1;
    let lastChange = Date.now();
    // The progress file: the running case's index, then the cases loaded and rejected before it.
    const progress = (): [number, number, number] => {
      try {
        const [i, loaded, rejected] = readFileSync(progressFile, 'utf8').trim().split(' ').map(Number);
        return Number.isInteger(i) && i >= from ? [i, loaded, rejected] : [-1, 0, 0];
      } catch {
        return [-1, 0, 0];
      }
    };
    const timer = setInterval(() => {
      const rss = rssOf(child.pid!);
      if (rss !== undefined) report.maxRssBytes = Math.max(report.maxRssBytes, rss);
      if (killedFor !== undefined) return;
      if (rss !== undefined && rss > opts.memoryBudget) {
        killedFor = 'memory';
        killedMessage = `resident memory reached ${(rss / 2 ** 20).toFixed(0)} MiB; budget ${(opts.memoryBudget / 2 ** 20).toFixed(0)} MiB`;
        child.kill('SIGKILL');
        return;
      }
      const [i] = progress();
      if (i !== lastIndex) { lastIndex = i; lastChange = Date.now(); }
      else if (i >= 0 && Date.now() - lastChange > opts.hangMs) {
        killedFor = 'hang';
        killedMessage = `no progress for ${opts.hangMs} ms`;
        child.kill('SIGKILL');
      }
    }, 5);
    const result = await new Promise<ChildResult | undefined>((resolve) => {
      let got: ChildResult | undefined;
      child.on('message', (m) => { got = m as ChildResult; });
      child.on('exit', () => resolve(got));
      child.send({ seed, size, from, progressFile, failuresFile, recycleBytes: opts.recycleBytes, hogAt: opts.hogAt } satisfies ChildJob);
    });
    clearInterval(timer);
    if (existsSync(failuresFile)) {
      for (const line of readFileSync(failuresFile, 'utf8').split('\n').filter((l) => l !== '')) {
        const f = JSON.parse(line) as { index: number; message: string };
        report.failures.push({ seed, index: f.index, kind: 'exception', message: f.message });
      }
      rmSync(failuresFile);
    }
    if (result !== undefined) {
      report.loaded += result.loaded;
      report.rejected += result.rejected;
      report.cases += result.next - from;
      result.histogram.forEach((n, k) => { report.histogram[k] = (report.histogram[k] ?? 0) + n; });
      if (result.maxCaseMs > report.maxCaseMs) { report.maxCaseMs = result.maxCaseMs; report.slowest = { seed, index: result.slowestIndex }; }
      from = result.next;
      continue;
    }
    // Killed or crashed: the case in the progress file is the culprit; the next child skips it.
    const [running, loaded, rejected] = progress();
    const at = Math.max(running, from);
    report.loaded += loaded;
    report.rejected += rejected;
    report.failures.push({ seed, index: at, kind: killedFor ?? 'crash', message: killedFor !== undefined ? killedMessage : `the child died: ${stderr.slice(0, 500)}` });
    report.cases += at + 1 - from;
    from = at + 1;
  }
}

/** Runs `cases` fuzz cases in watched child processes; the report counts every outcome. */
export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const opts = {
    batch: 10_000, seed: 1, memoryBudget: 2 ** 31, recycleBytes: 2 ** 29, parallel: 1, hangMs: 120_000, ...options,
  };
  const report: FuzzReport = { cases: 0, loaded: 0, rejected: 0, failures: [], maxRssBytes: 0, maxCaseMs: 0, slowest: undefined, histogram: [], totalMs: 0, children: 0 };
  const start = Date.now();
  const dir = mkdtempSync(join(tmpdir(), 'nonlin-fuzz-'));
  try {
    const batches = Math.ceil(opts.cases / opts.batch);
    let nextBatch = 0;
    const worker = async () => {
      while (nextBatch < batches) {
        const b = nextBatch++;
        await runBatch(opts.seed + b, Math.min(opts.batch, opts.cases - b * opts.batch), opts, report, dir);
        report.totalMs = Date.now() - start;
        options.onProgress?.(report);
      }
    };
    await Promise.all(Array.from({ length: opts.parallel }, worker));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  report.totalMs = Date.now() - start;
  return report;
}
