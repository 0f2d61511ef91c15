// Array storage: heap blocks are reused without zeroing, freed by dispose() or by the GC, and
// beyond the soft limit arrays fall back to JS memory instead of failing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { heapStats, setHeapSoftLimit, zeros, ones, add, sum, array } from '../src/index.js';

test('a disposed block is reused for the next array of its size class', () => {
  const a = zeros([100000]);
  const before = heapStats();
  a.dispose();
  const freed = before.liveBytes - heapStats().liveBytes;
  // The block is rounded up to its size class (classes are at most 25% apart).
  assert.ok(freed >= 400000 && freed <= 400000 * 1.25, `freed ${freed}`);
  const b = ones([100000]);
  const after = heapStats();
  assert.equal(after.capacityBytes, before.capacityBytes, 'no growth: the block was reused');
  assert.equal(after.liveBytes, before.liveBytes);
  assert.equal(sum(b).item(), 100000, 'a reused block is fully overwritten');
  b.dispose();
});

test('arrays that are no longer referenced are freed once the event loop turns', async () => {
  const start = heapStats().liveBytes;
  for (let round = 0; round < 40; round++) {
    for (let i = 0; i < 25; i++) add(zeros([250000]), 1); // 1 MB each, dropped at once
    await new Promise((r) => setTimeout(r, 0));
  }
  // 2,000 MB were allocated; the GC nudge and the finalizers keep what is held far below that.
  const held = heapStats().liveBytes - start;
  assert.ok(held < 512 * 1024 * 1024, `held ${held} bytes`);
});

test('disposed arrays do not count towards the GC nudge; dropped ones do', () => {
  // 200 MB allocated and disposed: nothing for the GC to find, so no nudge (each one costs a
  // collection, milliseconds in a process with a large JS heap).
  const start = heapStats().gcNudges;
  for (let i = 0; i < 50; i++) zeros([1_000_000]).dispose(); // 4 MB each
  assert.equal(heapStats().gcNudges, start, 'a disposing loop nudged the GC');
  // 256 MiB allocated and held (not disposed): at least two nudges (one per 128 MiB).
  const kept: ReturnType<typeof zeros>[] = [];
  for (let i = 0; i < 64; i++) kept.push(zeros([1_000_000]));
  assert.ok(heapStats().gcNudges >= start + 2, `nudges ${heapStats().gcNudges - start}`);
  for (const a of kept) a.dispose();
});

test('past the soft limit, disposing a JS-memory array lets the heap grow by its bytes once: a disposing loop gets a heap block from its second call', () => {
  const limit = heapStats().softLimitBytes;
  // 1,234,567 float32 = 4,938,268 bytes: size class 5 MiB, which no other test uses, so there is
  // no free block of it and every heap block is growth.
  const n = 1_234_567, block = 5 * 2 ** 20;
  setHeapSoftLimit(0);
  try {
    assert.equal(heapStats().growthAllowanceBytes, 0, 'a new soft limit starts without allowance');
    const first = zeros([n]);
    assert.ok(!first.storage.inHeap, 'past the limit: JS memory');
    assert.equal(sum(add(first, 1)).item(), n, 'a JS-memory array computes as any other');
    first.dispose();
    assert.equal(heapStats().growthAllowanceBytes, block);
    const second = zeros([n]);
    assert.ok(second.storage.inHeap, 'the allowance grew the heap');
    second.dispose();
    const third = zeros([n]);
    assert.ok(third.storage.inHeap, 'the block is reused');
    // Without anything disposed, the allowance runs out and arrays go to JS memory again.
    const held = [third];
    while (held.length < 80 && held[held.length - 1].storage.inHeap) held.push(zeros([n]));
    assert.ok(!held[held.length - 1].storage.inHeap, 'the allowance is bounded');
    for (const a of held) a.dispose();
  } finally {
    setHeapSoftLimit(limit);
  }
});

test('beyond the soft limit arrays live in JS memory and still compute correctly', () => {
  const stats = heapStats();
  setHeapSoftLimit(0);
  try {
    const before = heapStats().fallbackAllocations;
    const x = add(zeros([5003]), 2);
    assert.ok(!x.storage.inHeap);
    assert.ok(heapStats().fallbackAllocations > before);
    assert.equal(sum(x).item(), 10006);
  } finally {
    setHeapSoftLimit(stats.softLimitBytes);
  }
});

test('small arrays use JS memory; large ones the shared heap', () => {
  assert.ok(!array([1, 2, 3]).storage.inHeap);
  assert.ok(zeros([1000]).storage.inHeap);
  assert.equal(heapStats().shared, true, 'Node provides SharedArrayBuffer, so worker threads can share the heap');
  assert.throws(() => setHeapSoftLimit(-1), /setHeapSoftLimit: argument 'bytes' is -1/);
});
