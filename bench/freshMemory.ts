/**
 * What a fresh result buffer costs in a loop that never disposes, outside nonlin: each call
 * allocates 4 MiB (`new Float32Array(1e6)`), copies 1e6 float32 into it, drops it, and then does
 * `work` ms of other computation (a busy wait, standing in for a kernel). Prints the time per
 * call beyond that work and the page faults per call, each configuration in a fresh process, with
 * the system's malloc as it is and with glibc's MALLOC_TOP_PAD_ at 256 MiB (Linux; ignored by
 * other allocators).
 *
 * A tight loop (work 0) gets its freed buffers back from malloc with their pages still mapped;
 * with work between the calls, V8 frees them after collections that the loop no longer outruns,
 * glibc returns the freed top of its heap to the system, and the next buffers fault their pages
 * in again (1,024 faults for 4 MiB). docs/pitfalls.md has the numbers.
 *
 *   node build/bench/freshMemory.js [--calls 1000]
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';

const N = 1e6;
const args = process.argv.slice(2);
const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const calls = Number(option('--calls') ?? 1000);

function child(workMs: number): { ms: number; faults: number } {
  const src = new Float32Array(N).fill(1.5);
  let checksum = 0;
  const faults0 = process.resourceUsage().minorPageFault;
  let spent = 0;
  for (let i = 0; i < calls; i++) {
    const t0 = performance.now();
    const out = new Float32Array(N);
    out.set(src);
    checksum += out[i % N];
    spent += performance.now() - t0;
    for (const end = performance.now() + workMs; performance.now() < end;);
  }
  if (checksum !== 1.5 * calls) throw new Error('copy failed');
  return { ms: spent / calls, faults: (process.resourceUsage().minorPageFault - faults0) / calls };
}

function run(workMs: number, padded: boolean): { ms: number; faults: number } {
  const env = padded ? { ...process.env, MALLOC_TOP_PAD_: String(256 * 2 ** 20) } : process.env;
  const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--child', String(workMs), '--calls', String(calls)], { encoding: 'utf8', env });
  return JSON.parse(out.trim().split('\n').pop()!) as { ms: number; faults: number };
}

if (args[0] === '--child') {
  console.log(JSON.stringify(child(Number(args[1]))));
} else {
  console.log(`\nA fresh 4 MiB result per call, ${calls} calls (Node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}): ms per call for allocating and copying, page faults per call\n`);
  console.log('| other work per call (ms) | malloc as is: ms | faults | MALLOC_TOP_PAD_=256 MiB: ms | faults |');
  console.log('|---:|---:|---:|---:|---:|');
  for (const work of [0, 0.25, 0.5, 1]) {
    const plain = run(work, false), padded = run(work, true);
    console.log(`| ${work} | ${plain.ms.toFixed(3)} | ${plain.faults.toFixed(0)} | ${padded.ms.toFixed(3)} | ${padded.faults.toFixed(0)} |`);
  }
}
