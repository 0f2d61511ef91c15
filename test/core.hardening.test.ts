// Bad input to the core costs bounded memory and stack and gets a typed NonlinError: holey lists,
// huge shapes (refused before allocation), deep nesting, cyclic argument trees, absurd thread
// counts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { availableParallelism } from 'node:os';
import {
  array, arange, full, getNumThreads, grad, heapStats, linspace, ones, random, reshape, setNumThreads, ShapeError, threadsReady, ValueError,
  zeros, type NDArray,
} from '../src/index.js';
import { broadcastTo } from '../src/ops/index.js';
import { matmul as matmulOp } from '../src/ops/matmul.js';

const throwsTyped = (f: () => unknown, type: typeof ShapeError | typeof ValueError, pattern: RegExp, label: string) =>
  assert.throws(f, (e: unknown) => {
    assert.ok(e instanceof type, `${label}: ${String(e)}`);
    assert.match((e as Error).message, pattern, label);
    return true;
  }, label);

test('holey lists are a ValueError or ShapeError, never a shorter or NaN-filled array', () => {
  // eslint-disable-next-line no-sparse-arrays
  throwsTyped(() => array([1, , 3] as number[]), ValueError, /^array: argument 'values' has a hole at index \[1\]; expected numbers or booleans$/, '[1,,3]');
  // eslint-disable-next-line no-sparse-arrays
  throwsTyped(() => array([[1, 2], [3, , ]] as number[][]), ValueError, /hole at index \[1,1\]/, 'nested hole');
  throwsTyped(() => array(new Array(1000) as number[]), ValueError, /hole at index \[0\]/, 'an empty list of length 1000');
  throwsTyped(() => array(new Array(2 ** 32 - 1) as number[]), ShapeError, /asks for 4294967295 elements/, 'an empty list of length 2^32 - 1');
  // eslint-disable-next-line no-sparse-arrays
  throwsTyped(() => zeros([2, , 3] as number[]), ShapeError, /^zeros: argument 'shape' is \[2,<hole>,3\]; expected a list of non-negative integers$/, 'holey shape');
});

test('huge shapes are a ShapeError before anything is allocated (at most 2^31 - 1 elements, 64 dimensions)', () => {
  const live = heapStats().liveBytes;
  const tooMany = /asks for \S+ elements; expected at most 2147483647 \(2\^31 - 1\)$/;
  const cases: [string, () => unknown][] = [
    ['zeros([1e300])', () => zeros([1e300])],
    ['zeros([2**31, 4])', () => zeros([2 ** 31, 4])],
    ['zeros([2**31])', () => zeros([2 ** 31])],
    ['ones([65536, 65536])', () => ones([65536, 65536])],
    ['full([2**20, 2**20, 0, 1e300])', () => full([2 ** 20, 2 ** 20, 0, 1e300], 1)],
    ['linspace(0, 1, 1e12)', () => linspace(0, 1, 1e12)],
    ['arange(0, 1, 1e-300)', () => arange(0, 1, 1e-300)],
    ['arange(2**32)', () => arange(2 ** 32)],
    ['random.normal([2**31, 4])', () => random.normal([2 ** 31, 4])],
    ['random.uniform(0, 1, [1e10])', () => random.uniform(0, 1, [1e10])],
    ['broadcastTo(zeros([1]), [2**31, 2])', () => broadcastTo(zeros([1]), [2 ** 31, 2])],
  ];
  for (const [label, f] of cases) throwsTyped(f, ShapeError, tooMany, label);
  throwsTyped(() => zeros([65536, 1]).add(zeros([1, 65536])), ShapeError,
    /^add: broadcasting shapes \[65536,1\] and \[1,65536\] gives \[65536,65536\], 4294967296 elements; expected at most 2147483647 \(2\^31 - 1\)$/, 'broadcast');
  throwsTyped(() => zeros(new Array(65).fill(1)), ShapeError, /^zeros: argument 'shape' has 65 dimensions; expected at most 64$/, '65 dims');
  throwsTyped(() => reshape(zeros([4]), new Array(65).fill(1)), ShapeError, /65 dimensions; expected at most 64/, 'reshape to 65 dims');
  assert.ok(heapStats().liveBytes - live < 2 ** 20, 'nothing large was allocated');
  // At the limits, shapes are fine.
  assert.equal(zeros(new Array(64).fill(1)).ndim, 64);
  assert.equal(zeros([2 ** 31 - 1, 0]).size, 0);
  assert.equal(linspace(0, 1, 3).size, 3);
});

test('very deep nesting is a ShapeError, not a stack overflow', () => {
  let deep: unknown = 1;
  for (let i = 0; i < 200_000; i++) deep = [deep];
  throwsTyped(() => array(deep as number[]), ShapeError, /^array: argument 'values' is nested more than 64 lists deep; expected at most 64 dimensions$/, 'deep');
  const cyclic: unknown[] = [];
  cyclic.push(cyclic);
  throwsTyped(() => array(cyclic as number[]), ShapeError, /nested more than 64 lists deep/, 'cyclic list');
  let sixtyFour: unknown = 1;
  for (let i = 0; i < 64; i++) sixtyFour = [sixtyFour];
  assert.equal(array(sixtyFour as number[]).ndim, 64);
});

test('grad: cyclic, very deep or holey argument trees are a ValueError naming the path', () => {
  const f = (p: { a: NDArray }) => p.a.sum();
  const cyclic: Record<string, unknown> = { a: array([1, 2]) };
  cyclic.self = cyclic;
  throwsTyped(() => grad(f as never)(cyclic as never), ValueError, /^grad: argument 0\.self contains itself; expected a tree \(plain objects and lists without cycles\) of arrays$/, 'cyclic object');
  const list: unknown[] = [array([1])];
  list.push(list);
  throwsTyped(() => grad((l: NDArray[]) => l[0].sum())(list as NDArray[]), ValueError, /argument 0\[1\] contains itself/, 'cyclic list');
  let deep: unknown = array([1]);
  for (let i = 0; i < 100_000; i++) deep = [deep];
  throwsTyped(() => grad((x: unknown) => array([1]).sum())(deep), ValueError, /is nested more than 1000 levels deep/, 'deep tree');
  // eslint-disable-next-line no-sparse-arrays
  throwsTyped(() => grad((l: NDArray[]) => l[0].sum())([array([1]), , array([2])] as NDArray[]), ValueError, /argument 0\[1\] is a hole in the list/, 'holey list');
  // A tree that shares a subtree (no cycle) is fine.
  const shared = { a: array([1, 2]) };
  const g = grad((p: { x: { a: NDArray }; y: { a: NDArray } }) => p.x.a.sum().add(p.y.a.sum()))({ x: shared, y: shared });
  assert.deepEqual(g.x.a.tolist(), [1, 1]);
});

test('setNumThreads: counts above the machine\'s logical CPUs are capped to them', async () => {
  getNumThreads(); // starts loading node:os
  await threadsReady();
  const cores = availableParallelism();
  setNumThreads(256);
  assert.equal(getNumThreads(), Math.min(256, cores));
  setNumThreads(1);
  assert.equal(getNumThreads(), 1);
  throwsTyped(() => setNumThreads(257), ValueError, /expected an integer in \[1, 256\]/, '257');
  setNumThreads(Math.min(2, cores));
});

test('an op whose output size comes from several inputs refuses more than 2^31 - 1 elements before allocating', () => {
  const tall = broadcastTo(array([1]), [2 ** 16, 1]);
  const wide = broadcastTo(array([1]), [1, 2 ** 16]);
  assert.throws(() => matmulOp(tall, wide), (e: unknown) => e instanceof ShapeError && /at most 2147483647/.test((e as Error).message));
});
