/**
 * Reading values out of an array: toJSON (what JSON.stringify writes), the dtype-generic types of
 * item/tolist/toTypedArray (checked by the compile: the @ts-expect-error lines must stay errors),
 * and data() as a live view.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { array, arange, nn, zeros, type NDArray, type NDArrayJSON } from '../src/index.js';

test('JSON.stringify writes values, shape and dtype, not internals', () => {
  const x = array([[1.5, -2], [0, 3]]);
  assert.equal(JSON.stringify(x), '{"values":[[1.5,-2],[0,3]],"shape":[2,2],"dtype":"float32"}');
  const y = nn.gelu(array([-1, 0, 1]));
  const parsed = JSON.parse(JSON.stringify({ y })) as { y: NDArrayJSON };
  assert.deepEqual(parsed.y, { values: y.tolist(), shape: [3], dtype: 'float32' });
  assert.equal(JSON.stringify(array(7, 'int32')), '{"values":7,"shape":[],"dtype":"int32"}');
  assert.equal(JSON.stringify(array([true, false])), '{"values":[true,false],"shape":[2],"dtype":"bool"}');
  assert.equal(JSON.stringify(zeros([2, 0])), '{"values":[[],[]],"shape":[2,0],"dtype":"float32"}');
  // JSON has no NaN, Infinity or -0: null, null and 0, as for any JS number.
  assert.equal(JSON.stringify(array([NaN, -Infinity, -0])), '{"values":[null,null,0],"shape":[3],"dtype":"float32"}');
});

test('toJSON round-trips through array(values, dtype), bit for bit', () => {
  for (const dtype of ['float32', 'float64', 'float16', 'bfloat16', 'int32', 'bool'] as const) {
    const x = array([[0.1, -7.25, 3e-3], [1e4, -1e-3, 2]], dtype);
    const j = JSON.parse(JSON.stringify(x)) as NDArrayJSON;
    const back = array(j.values as number[][], j.dtype);
    assert.deepEqual(back.shape, x.shape, dtype);
    assert.equal(back.dtype, dtype);
    assert.deepEqual(back.data(), x.data(), dtype);
  }
});

test('item, tolist and toTypedArray are typed by the dtype', () => {
  const f = arange(4).astype('float32');
  const i = arange(4).astype('int32');
  const b = arange(4).astype('bool');
  const h = arange(4).astype('float16');
  const ft: Float32Array = f.toTypedArray();
  const it: Int32Array = i.toTypedArray();
  const bt: Uint8Array = b.toTypedArray();
  const ht: Float32Array = h.toTypedArray(); // halves decode to float32
  const d: Float64Array = arange(4).astype('float64').toTypedArray();
  assert.ok(ft instanceof Float32Array && it instanceof Int32Array && bt instanceof Uint8Array && ht instanceof Float32Array && d instanceof Float64Array);
  assert.deepEqual([...ht], [0, 1, 2, 3]);
  const n: number = f.sum().item<'float32'>(); // ops return NDArray (dtype not tracked): state it
  const flag: boolean = b.sum().astype('bool').item();
  assert.equal(n, 6);
  assert.equal(flag, true);
  const rows: number[][] = f.reshape(2, 2).tolist<number[][]>();
  assert.deepEqual(rows, [[0, 1], [2, 3]]);
  // @ts-expect-error a bool array's elements are booleans
  const wrong: number = b.sum().astype('bool').item();
  // @ts-expect-error a float32 array's elements are numbers
  const wrongList: boolean[] = f.tolist<boolean[]>();
  void wrong; void wrongList;
  // An array whose dtype is not known statically reads as either.
  const any: NDArray = array([1]);
  const either: number | boolean = any.item();
  // @ts-expect-error could be a bool array
  const notNarrowed: number = any.item();
  // ...unless the caller states it (tfjs' dataSync<D>() convention).
  const stated: number = any.item<'float32'>();
  assert.equal(either, 1);
  assert.equal(notNarrowed, 1);
  assert.equal(stated, 1);
});

test('toTypedArray is a copy; data() is a live view of the elements', () => {
  const x = array([1, 2, 3]);
  const copy = x.toTypedArray();
  copy[0] = 100;
  assert.deepEqual(x.tolist(), [1, 2, 3]);
  const view = x.data();
  view[0] = 100; // documented: writes through (the library fills new arrays this way)
  assert.deepEqual(x.tolist(), [100, 2, 3]);
  assert.deepEqual([...array([0.5, 1], 'float16').data()], [0x3800, 0x3c00]); // half types as their bits
});
