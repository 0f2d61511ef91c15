// Untrusted configs: random and mutated JSON given to keras.layers.deserialize,
// keras.models.deserialize, the layers' fromConfig and keras.activations.deserialize. Nothing but
// a ConfigError is ever thrown, and Object.prototype never changes. The resource-bounded mode runs
// the same cases in child processes under a memory watchdog (test/helpers/fuzzWatchdog.ts); a
// short run is part of `npm test`, `npm run fuzz -- --cases 1000000` is the long one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import fc from 'fast-check';
import { keras } from '../src/index.js';
import { jsonValue, mutate, nasty, prototypeSnapshot as snapshot, readers, seeds } from './helpers/fuzzCases.js';
import { percentileMs, runFuzz } from './helpers/fuzzWatchdog.js';

const L = keras.layers;
const before = snapshot();

/** Runs `f`: it must succeed or throw a ConfigError; anything else fails the property. */
function onlyConfigErrors(f: () => unknown): boolean {
  try {
    f();
  } catch (e) {
    if (!(e instanceof keras.ConfigError)) throw e;
    assert.ok(typeof e.path === 'string');
  }
  return true;
}

test('random JSON: only ConfigErrors, no prototype change', () => {
  fc.assert(fc.property(jsonValue, fc.nat(readers.length - 1), (v, r) => onlyConfigErrors(() => readers[r](v))), { numRuns: 3000, seed: 42 });
  assert.equal(snapshot(), before);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

test('mutated valid configs: only ConfigErrors, no prototype change; unmutated ones load', () => {
  for (const s of seeds) {
    const isModel = (s as { class_name?: string }).class_name === 'Sequential';
    (isModel ? keras.models.deserialize : L.deserialize)(s as never);
  }
  fc.assert(fc.property(fc.nat(seeds.length - 1), fc.array(fc.nat(), { maxLength: 6 }), fc.oneof(jsonValue, nasty), fc.nat(), fc.nat(readers.length - 1),
    (s, path, replacement, op, r) => onlyConfigErrors(() => readers[r](mutate(seeds[s], path, replacement, op)))), { numRuns: 4000, seed: 7 });
  assert.equal(snapshot(), before);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

test('hand-picked hostile inputs give one ConfigError naming the field', () => {
  const cases: [unknown, RegExp][] = [
    ['{"class_name": "Lambda", "config": {"function": "os.system(\'rm -rf /\')"}}', /field 'class_name' is "Lambda": not a layer nonlin knows/],
    [{ module: 'builtins', class_name: 'ELU', config: {} }, /field 'module' is "builtins"; expected 'keras.layers'/],
    [{ module: 'keras.layers', class_name: 'ELU', config: {}, registered_name: 'evil>ELU' }, /field 'registered_name' names a custom registered layer/],
    [JSON.parse('{"class_name": "ELU", "config": {"__proto__": {"polluted": 1}}}'), /field 'config.__proto__' is a forbidden key/],
    [{ class_name: 'ELU', config: { alpha: 1, constructor: 1 } }, /'config.constructor' is a forbidden key/],
    [{ class_name: 'ELU', config: { alpha: 1, gamma: 2 } }, /field 'config.gamma' is not a known field/],
    [{ class_name: 'PReLU', config: { alpha_initializer: { class_name: 'Evil', config: {} } } }, /'config.alpha_initializer.class_name' is "Evil": an unknown initializer/],
    [{ module: 'keras.layers', class_name: 'PReLU', config: {}, build_config: { input_shape: [null, 100000, 100000] } }, /field 'build_config.input_shape'.*expected at most 67108864/],
    [{ class_name: 'PReLU', config: {}, build_config: { input_shape: Array(64).fill(1) } }, /field 'build_config.input_shape' is a list of 64 items; expected a shape/],
    [{ class_name: 'Softmax', config: { axis: 1.5 } }, /field 'config.axis' is 1.5; expected an integer axis/],
    [{ class_name: 'ReLU', config: { max_value: -1 } }, /field 'config' .*'maxValue' is -1/],
    [{ class_name: 'Activation', config: { activation: 'eval' } }, /field 'config.activation' unknown activation "eval"/],
    [{ class_name: 'Activation', config: { activation: { class_name: '__lambda__', config: { value: 'x' } } } }, /unknown activation "__lambda__"/],
    [{ class_name: 'ELU', config: { dtype: { class_name: 'QuantizedDTypePolicy', config: { name: 'int8' } } } }, /DTypePolicy \(quantized policies are not supported\)/],
    ['{"class_name": ', /not valid JSON/],
    ['[' .repeat(100000), /nested more than 64 levels deep/],
  ];
  for (const [input, pattern] of cases) {
    assert.throws(() => L.deserialize(input), (e: unknown) => e instanceof keras.ConfigError && pattern.test(e.message), String(pattern));
  }
  const getter = { class_name: 'ELU', get config() { throw new Error('boom'); } };
  assert.throws(() => L.deserialize(getter), /accessor property/);
  const proxy = new Proxy({}, { ownKeys() { throw new Error('trap'); } });
  assert.throws(() => L.deserialize(proxy), keras.ConfigError);
  assert.throws(() => keras.models.deserialize({ class_name: 'Functional', config: {} }), /nonlin loads only Sequential models/);
  assert.throws(() => keras.activations.deserialize(proxy), keras.ConfigError);
  assert.throws(() => keras.models.deserialize({ modelTopology: { modelTopology: {} } }), /nested modelTopology/);
  let deep: unknown = { class_name: 'ELU', config: {} };
  for (let i = 0; i < 100000; i++) deep = { modelTopology: deep };
  assert.throws(() => keras.models.deserialize(deep), keras.ConfigError);
  assert.equal(snapshot(), before);
});

// The watchdog reads resident memory from /proc (Linux).
const noProc = existsSync('/proc/self/statm') ? false : 'the memory watchdog reads /proc (Linux only)';

test('resource-bounded mode: cases in child processes under a memory watchdog; time per case reported', { skip: noProc }, async (t) => {
  const budget = 2 ** 31;
  const report = await runFuzz({ cases: 4000, batch: 2000, seed: 2026, memoryBudget: budget });
  t.diagnostic(`${report.cases} cases, ${report.failures.length} failures, max RSS ${(report.maxRssBytes / 2 ** 20).toFixed(0)} MiB, ` +
    `time per case p99 < ${percentileMs(report.histogram, 0.99)} ms, max ${report.maxCaseMs.toFixed(1)} ms`);
  assert.deepEqual(report.failures, []);
  assert.equal(report.cases, 4000);
  assert.equal(report.loaded + report.rejected, 4000);
  assert.ok(report.maxRssBytes > 0 && report.maxRssBytes <= budget);
  assert.equal(report.histogram.reduce((a, b) => a + b, 0), 4000);
});

test('the watchdog kills a case that passes the memory budget, reports it and goes on', { skip: noProc }, async () => {
  const budget = 256 * 2 ** 20;
  const report = await runFuzz({ cases: 300, batch: 300, seed: 5, memoryBudget: budget, hogAt: 100 });
  assert.equal(report.failures.length, 1);
  const [f] = report.failures;
  assert.deepEqual([f.seed, f.index, f.kind], [5, 100, 'memory']);
  assert.match(f.message, /^resident memory reached \d+ MiB; budget 256 MiB$/);
  // The other 299 cases ran in a fresh child.
  assert.equal(report.cases, 300);
  assert.equal(report.loaded + report.rejected, 299);
  assert.ok(report.children >= 2);
});
