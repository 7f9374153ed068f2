// `assess` hands its result from WebAssembly to JavaScript in compact form (numbers, and strings
// by number: src/compact.rs) and navigator.js rebuilds the objects. They must be exactly what
// parsing the result's JSON gives: same values, same key order (toJson and the command print
// them). Checked for every example, for the cases with rarer fields, for custom catalogs, and
// for random answer sets; on the package's module and on the page's core module, whose string
// tables are separate.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';

const pkg = new URL('../../dist/pkg/', import.meta.url);
const site = new URL('../../dist/site/', import.meta.url);
const full = await import(new URL('node.js', pkg).href);
const core = await import(new URL('navigator.js', site).href);
core.initSync(readFileSync(new URL('ai_security_navigator_bg.wasm', site)));

const examples = new URL('../../examples/', import.meta.url);
const read = (name) => JSON.parse(readFileSync(new URL(name, examples), 'utf8'));
const overlay = read('overlay/acme.json');

/** The result as the JSON route gives it: Rust's `to_json`, parsed. */
const viaJson = (api, file) => JSON.parse(api.report(file, 'json'));

function same(actual, expected, what) {
  assert.deepEqual(actual, expected, what);
  assert.equal(JSON.stringify(actual), JSON.stringify(expected), `${what}: same key order`);
}

const rarer = {
  // An older catalog, older ids (a catalog change with renamed and added entries), decisions
  // with the user's own words in every script, and control statuses.
  olderFile: {
    ...read('mail-agent.json'),
    catalog: '2025.08',
    risks: {
      modeltheftuse: { likelihood: 2 },
      directpromptinjection: { likelihood: 2, impact: 5, treatment: 'mitigate', owner: 'Zoë Ng — ML 😀', note: 'quote " backslash \\ line\nbreak \u2028 tab\t' },
      indirectpromptinjection: { treatment: 'accept', owner: '', note: 'ok' },
    },
    controls: { PROMPTINPUTVALIDATION: { status: 'implemented' }, MONITORUSE: { status: 'planned' }, RATELIMIT: { status: 'not-planned' } },
  },
  nothing: { answers: {} },
};

test('the compact result is the JSON result, for every example and the rarer fields', () => {
  const files = readdirSync(examples).filter((f) => f.endsWith('.json')).map((f) => [f, read(f)]);
  for (const [name, file] of [...files, ...Object.entries(rarer)]) {
    const expected = viaJson(full, file);
    same(full.assess(file), expected, name);
    same(full.assess(file), expected, `${name}, again (the strings are known now)`);
    same(core.assess(file), expected, `${name} on the core module`);
  }
  const older = full.assess(rarer.olderFile);
  assert.ok(older.catalogChange.renamed.length >= 1 && older.register.some((e) => e.owner === 'Zoë Ng — ML 😀'), 'the rarer fields are there');
});

test('custom catalogs: the compact result is the JSON result, alongside the built-in one', () => {
  const custom = full.withOverlay(overlay);
  const file = { answers: { model_type: 'genai_llm', acme_review_board: 'yes', public_input: 'yes' }, risks: { agentescape: {} } };
  same(custom.assess(file), viaJson(custom, file), 'with the overlay');
  same(full.assess(read('support-chatbot.json')), viaJson(full, read('support-chatbot.json')), 'built-in, after the custom one');
  same(full.withOverlay(overlay).assess(file), viaJson(custom, file), 'a second custom catalog');
});

test('random answer sets give the same result both ways', () => {
  let seed = 20261126;
  const random = (n) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  const questions = full.questions();
  for (let round = 0; round < 150; round += 1) {
    const answers = {};
    for (const q of questions) {
      if (random(4) === 0) continue; // unanswered
      answers[q.id] = q.options[random(q.options.length)].value;
    }
    const file = { answers };
    same(full.assess(file), viaJson(full, file), JSON.stringify(answers));
  }
});

test('a result is a fresh object every time: changing one does not change the next', () => {
  const file = read('mail-agent.json');
  const first = full.assess(file);
  first.threats[0].reasons.push({ rule: 'mine', text: 'changed' });
  first.controls[0].covers.length = 0;
  first.register[0].controls.length = 0;
  same(full.assess(file), viaJson(full, file), 'after changing an earlier result');
});
