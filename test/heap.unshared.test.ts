/**
 * A heap that is not shared (a browser page without cross-origin isolation: no
 * SharedArrayBuffer) detaches every view of its memory when it grows. Every op must take its
 * views after allocating its output. The same script runs in two child processes, one with
 * SharedArrayBuffer removed before the library loads, on arrays large enough that the heap grows
 * during the ops; their results must be bitwise the same.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const LIBRARY = pathToFileURL(resolve(dirname(fileURLToPath(import.meta.url)), '../src/index.js')).href;

const SCRIPT = `
const L = await import(${JSON.stringify(LIBRARY)});
const { array, nn, grad, vjp } = L;
const n = 120000;
const ramp = (dtype, k = 0) => L.linspace(-6 + k, 6 - k, n, dtype);
const ops = {
  abs: (d) => ramp(d).abs(),
  subtract: (d) => L.subtract(nn.geluApprox(ramp(d)), nn.gelu(ramp(d))),
  where: (d) => L.where(L.greater(ramp(d), 0), ramp(d, 1), ramp(d, 2)),
  maximumBroadcast: (d) => L.maximum(ramp(d).reshape(-1, 1), array([0.5, -1, 2], d)),
  cast: (d) => ramp(d).astype('float16').astype(d),
  sum: (d) => ramp(d).sum(),
  transpose: (d) => ramp(d).reshape(400, 300).T.add(0),
  concatenate: (d) => L.concatenate([ramp(d), ramp(d, 1)]),
  stack: (d) => L.stack([ramp(d), ramp(d, 2)], 1),
  softmaxAxis0: (d) => nn.softmax(ramp(d).reshape(400, 300), 0),
  logSoftmax: (d) => nn.logSoftmax(ramp(d).reshape(400, 300)),
  prelu: (d) => nn.prelu(ramp(d).reshape(-1, 1), array([0.25], d)),
  grad: (d) => grad((v) => nn.mish(v).sum())(ramp(d)),
  vjp: (d) => vjp((v) => nn.softmin(v), [ramp(d).reshape(400, 300)], [ramp(d, 1).reshape(400, 300)])[1][0],
  preluGradX: (d) => vjp((v, a) => nn.prelu(v, a), [ramp(d).reshape(-1, 4), array([0.25, -0.5, 1, 2], d)], [ramp(d, 1).reshape(-1, 4)])[1][0],
  preluGradAlpha: (d) => vjp((v, a) => nn.prelu(v, a), [ramp(d).reshape(-1, 4), array([0.25, -0.5, 1, 2], d)], [ramp(d, 1).reshape(-1, 4)])[1][1],
  softmaxGradAxis0: (d) => vjp((v) => nn.softmax(v, 0), [ramp(d).reshape(400, 300)], [ramp(d, 1).reshape(400, 300)])[1][0],
  broadcastTo: (d) => L.broadcastTo(ramp(d).reshape(1, -1), [2, n]).add(0),
  split: (d) => L.split(ramp(d), 3)[1].add(0),
  applyInto: (d) => { const o = L.zeros([n], d); nn.applyInto(o, 'elu', ramp(d)); return o; },
  matmul: (d) => L.matmul(ramp(d).reshape(400, 300), ramp(d, 1).reshape(300, 400)),
  crossEntropy: (d) => nn.losses.crossEntropy(ramp(d).reshape(-1, 8), L.zeros([15000], 'int32')),
};
const out = {};
const keep = [];
for (const d of ['float32', 'float64']) {
  for (const [name, f] of Object.entries(ops)) {
    let r;
    try { r = f(d); } catch (e) { out[name + ' ' + d] = 'threw ' + e.name + ': ' + e.message; continue; }
    keep.push(r); // kept alive, so the heap keeps growing
    const bytes = new Uint8Array(r.astype('float64').toTypedArray().buffer);
    let h = 2166136261;
    for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 16777619);
    out[name + ' ' + d] = (h >>> 0).toString(16) + ' ' + r.shape.join('x');
  }
}
out.shared = L.heapStats().shared;
console.log(JSON.stringify(out));
`;

function run(unshared: boolean): Record<string, unknown> {
  const prelude = unshared ? 'delete globalThis.SharedArrayBuffer;' : '';
  const stdout = execFileSync(process.execPath, ['--input-type=module', '-e', prelude + SCRIPT], { encoding: 'utf8' });
  return JSON.parse(stdout) as Record<string, unknown>;
}

test("ops on a non-shared heap that grows under them give the shared heap's bits", () => {
  const shared = run(false);
  const unshared = run(true);
  assert.equal(shared.shared, true);
  assert.equal(unshared.shared, false);
  delete shared.shared;
  delete unshared.shared;
  for (const [k, v] of Object.entries(shared)) assert.doesNotMatch(String(v), /^threw/, k);
  assert.deepEqual(unshared, shared);
});
