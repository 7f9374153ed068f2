// Every function the JavaScript API exports, called with every kind of hostile argument: each
// call returns normally or throws a NavigatorError with a documented code — never a TypeError,
// a RangeError or a WebAssembly trap — and the module still works afterwards. The functions are
// enumerated from the module (and from a withOverlay navigator), so a new export is covered
// without being listed here.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

const pkg = new URL('../../dist/pkg/', import.meta.url);
const nav = await import(new URL('navigator.js', pkg).href);
await nav.init(readFileSync(new URL('ai_security_navigator_bg.wasm', pkg)));

/** The codes navigator.d.ts documents (its `ErrorCode` union). */
const CODES = (() => {
  const types = readFileSync(new URL('navigator.d.ts', pkg), 'utf8');
  const union = /export type ErrorCode =([^;]+);/.exec(types)[1];
  return new Set([...union.matchAll(/'([a-z-]+)'/g)].map((m) => m[1]));
})();

/** Functions that may legitimately do something other than return or throw a NavigatorError. */
const EXCEPTIONS = {
  // A class: calling it without `new` is a TypeError by the language itself. Its constructor
  // is exercised with `new` below.
  'module.NavigatorError': 'a class, constructed with new',
};

const read = (path) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
const example = JSON.parse(read('examples/support-chatbot.json'));
const acmeText = read('examples/overlay/acme.json');

/** Hostile values, each passed in every argument position. */
function hostileValues() {
  let deep = {};
  for (let i = 0; i < 5_000; i += 1) deep = { answers: deep };
  const cyclic = { answers: {} };
  cyclic.self = cyclic;
  const getter = {
    get answers() {
      throw new Error('a getter that throws');
    },
    get date() {
      throw new Error('a getter that throws');
    },
  };
  return [
    ['undefined', undefined],
    ['null', null],
    ['0', 0],
    ['-1.5', -1.5],
    ['NaN', NaN],
    ['Infinity', Infinity],
    ['true', true],
    ['false', false],
    ['[]', []],
    ['[1, "a", {}]', [1, 'a', {}]],
    ['a function', () => 'navigator'],
    ['a symbol', Symbol('hostile')],
    ['a BigInt', 2n ** 70n],
    ['an object with a BigInt', { answers: {}, n: 1n }],
    ['a 5 MB string', 'x'.repeat(5 * 1024 * 1024)],
    ['100 000 levels of [', '['.repeat(100_000)],
    ['an object 5 000 levels deep', deep],
    ['a cyclic object', cyclic],
    ['an object with throwing getters', getter],
    [
      'an object whose toJSON throws',
      {
        toJSON() {
          throw new Error('toJSON that throws');
        },
      },
    ],
  ];
}

/** Every function of the module and of an overlay's navigator, by name. */
function exportedFunctions() {
  const custom = nav.withOverlay(acmeText);
  return [
    ...Object.entries(nav).map(([name, value]) => [`module.${name}`, value]),
    ...Object.entries(custom).map(([name, value]) => [`overlay.${name}`, value]),
  ].filter(([, value]) => typeof value === 'function');
}

/** Arguments that work, so that a hostile value reaches each position past the earlier checks. */
function goodArguments() {
  const link = nav.shareLink(example);
  return {
    lookup: ['evasion'],
    search: ['prompt'],
    validate: [example],
    assess: [example],
    report: [example, 'md', '2026-01-01'],
    toMarkdown: [example, { date: '2026-01-01' }],
    toCsv: [example],
    toJson: [example],
    explain: ['evasion', example],
    diff: [example, example],
    diagram: ['navigator'],
    diagramSvg: ['navigator', example],
    shareLink: [example],
    readShareLink: [link],
    validateCatalog: [{ 'catalog.json': '{}' }],
    validateOverlay: [acmeText],
    withOverlay: [acmeText],
  };
}

/** Calls `fn` and checks the outcome; returns a description of what went wrong, or null. */
async function attempt(fn, args) {
  try {
    const result = fn(...args);
    if (result instanceof Promise) await result;
    return null;
  } catch (error) {
    if (!(error instanceof nav.NavigatorError)) return `threw ${error?.name}: ${String(error?.message).slice(0, 200)}`;
    if (typeof error.code !== 'string' || !CODES.has(error.code)) return `threw a NavigatorError with the undocumented code ${String(error.code)}`;
    if (error.code === 'internal') return `threw an internal error: ${error.message.slice(0, 200)}`;
    return null;
  }
}

test('every exported function refuses hostile arguments with a NavigatorError, and the module keeps working', async () => {
  const before = nav.assess(example);
  const custom = nav.withOverlay(acmeText);
  const customBefore = custom.assess(example);
  const values = hostileValues();
  const good = goodArguments();
  const functions = exportedFunctions();
  // Both entry points are covered, including the functions added last.
  for (const name of ['module.shareLink', 'module.readShareLink', 'overlay.shareLink', 'overlay.readShareLink', 'module.withOverlay', 'module.init']) {
    assert.ok(functions.some(([n]) => n === name), `${name} is enumerated`);
  }

  const failures = [];
  let calls = 0;
  for (const [name, fn] of functions) {
    if (name in EXCEPTIONS) continue;
    const base = good[name.slice(name.indexOf('.') + 1)] ?? [];
    const positions = Math.max(fn.length, base.length, 1);
    const check = async (args, described) => {
      calls += 1;
      const problem = await attempt(fn, args);
      if (problem) failures.push(`${name}(${described}): ${problem}`);
    };
    await check([], '');
    for (const [label, value] of values) {
      for (let i = 0; i < positions; i += 1) {
        const args = [...base];
        args[i] = value;
        await check(args, `argument ${i + 1} = ${label}`);
      }
      await check([value, value, value], `${label} everywhere`);
    }
  }
  assert.deepEqual(failures, [], `${failures.length} of ${calls} calls misbehaved`);
  assert.ok(calls > 500, `${calls} calls`);

  // The module is intact: the same results as before the barrage, and fresh objects keep working.
  assert.deepEqual(nav.assess(example), before);
  assert.deepEqual(custom.assess(example), customBefore);
  assert.deepEqual(nav.withOverlay(acmeText).assess(example), customBefore);
  assert.deepEqual(nav.readShareLink(nav.shareLink(example)).answers, example.answers);
});

test('NavigatorError can be constructed from anything', () => {
  for (const [label, value] of hostileValues()) {
    const error = new nav.NavigatorError('message', value);
    assert.ok(error instanceof Error, label);
    assert.equal(typeof error.code, 'string', label);
  }
});
