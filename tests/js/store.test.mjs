// Keeping work: share links (written and read by the module: `shareLink`, `readShareLink`, as the
// page uses them) round-trip and refuse damage with a reason; saved assessments (www/store.js)
// that cannot be read are reported, never silently replaced.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { test } from 'node:test';
import { loadSaved, storeSaved } from '../../www/store.js';

const pkg = new URL('../../dist/pkg/', import.meta.url);
const { NavigatorError, questions, readShareLink, shareLink, withOverlay } = await import(new URL('node.js', pkg).href);

const FORMAT = 'ai-security-navigator/assessment@1';
const base64url = (text) => Buffer.from(text, 'utf8').toString('base64url');

test('a share link carries answers compactly, and the rest only when there is any', () => {
  const file = { answers: { model_type: 'genai_llm', training: 'as_is', hosting: 'unknown', public_input: 'yes' } };
  const fragment = shareLink(file);
  assert.equal(fragment, `#share=1.2026.08.1-2u${'-'.repeat(11)}0`);
  assert.deepEqual(readShareLink(fragment), { format: FORMAT, catalog: '2026.08', ...file });
  const full = { system: { name: 'Bot é ✓ "q" \u2028 😀' }, answers: { model_type: 'predictive' }, risks: { evasion: { likelihood: 4 } }, controls: { RATELIMIT: { status: 'planned' } } };
  const link = shareLink(JSON.stringify(full)); // text works as well as an object
  assert.deepEqual(readShareLink(link), { format: FORMAT, catalog: '2026.08', ...full });
  assert.ok(shareLink({ ...full, system: { name: 'Bot' } }).length < 200, 'compact');
  // The details are base64url of the JSON that JSON.stringify writes.
  const { answers, ...rest } = full;
  assert.equal(link.split('.').pop(), base64url(JSON.stringify(rest)));
});

test('every example opens from its share link as it was', () => {
  const dir = new URL('../../examples/', import.meta.url);
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    const example = JSON.parse(readFileSync(new URL(name, dir), 'utf8'));
    const back = readShareLink(shareLink(example));
    assert.deepEqual(back, { ...example, catalog: '2026.08', format: FORMAT }, name);
  }
});

test('a catalog with an overlay links its own questions too', () => {
  const acme = withOverlay(readFileSync(new URL('../../examples/overlay/acme.json', import.meta.url), 'utf8'));
  const file = { answers: { model_type: 'genai_llm', acme_review_board: 'no', acme_data_class: 'confidential' } };
  const link = acme.shareLink(file);
  assert.equal(link, `#share=1.2026.08.1${'-'.repeat(15)}12`);
  assert.deepEqual(acme.readShareLink(link).answers, file.answers);
  assert.throws(() => readShareLink(link), { code: 'invalid-share-link', message: /it answers 18 questions; the questionnaire has 16/ });
});

test('a damaged share link is refused with what is wrong', () => {
  const form = /this share link is damaged: it does not have the form #share=1\.<catalog>\.<answers>\[\.<details>\]/;
  const cases = [
    ['#share=garbage', 'invalid-share-link', 'link', form],
    ['#share=1.2026.08.0.!!!', 'invalid-share-link', 'details', /its details are not base64url text/],
    ['#share=1.2026.08.0.', 'invalid-share-link', 'link', form],
    [`#share=1.2026.08.${'-'.repeat(70_000)}`, 'invalid-share-link', 'link', /too long: 70017 bytes, at most 65536/],
    ['#share=2.2026.08.0', 'unsupported-format', 'format', /this share link has format 2; this version reads format 1/],
    ['#share=1.2026.13.0', 'invalid-share-link', 'catalog', /its catalog version '2026\.13' is not a version such as 2026\.08/],
    ['#share=1.2026.08.0A', 'invalid-share-link', 'answers', /character 2 of its answers is 'A'/],
    [`#share=1.2026.08.${'0'.repeat(40)}`, 'invalid-share-link', 'answers', /it answers 40 questions; the questionnaire has 16/],
    ['#share=1.2026.08.z', 'invalid-share-link', 'answers.model_type', /this share link gives question 1 an option it does not have: `model_type` has 5 options, the link says option 36/],
    ['#share=1.2026.08.0.a+b', 'invalid-share-link', 'details', /its details are not base64url text/],
    ['#share=1.2026.08.0._w', 'invalid-share-link', 'details', /its details are not UTF-8 text/],
    ['#share=1.2026.08.0.bm90IGpzb24', 'invalid-share-link', 'details', /its details cannot be read \(unexpected character.* at line 1, column 1\)/],
    ['#share=1.2026.08.0.WzFd', 'invalid-share-link', 'details', /its details are not an object/],
  ];
  for (const [hash, code, path, message] of cases) {
    assert.throws(() => readShareLink(hash), (error) => {
      assert.ok(error instanceof NavigatorError, String(error));
      assert.equal(error.code, code, hash.slice(0, 40));
      assert.equal(error.path, path, hash.slice(0, 40));
      assert.match(error.message, message);
      return true;
    });
  }
  assert.throws(() => readShareLink(42), { code: 'invalid-argument', path: 'hash' });
});

test('a link carries nothing a file could not: its details are checked like an assessment file', () => {
  const hash = `#share=1.2026.08.0.${base64url(JSON.stringify({ risks: { evasion: { likelihood: 9 } } }))}`;
  assert.throws(() => readShareLink(hash), (error) => {
    assert.ok(error instanceof NavigatorError);
    assert.equal(error.code, 'invalid-assessment');
    assert.equal(error.message, 'the assessment in this share link has problems: `risks.evasion.likelihood` must be a whole number from 1 to 5, found 9');
    assert.deepEqual(error.problems.map((p) => [p.code, p.path]), [['out-of-range', 'risks.evasion.likelihood']]);
    return true;
  });
  // An assessment with problems gets no link.
  assert.throws(() => shareLink({ answers: { training: 'retrain' } }), { code: 'invalid-assessment' });
});

function memoryStorage(initial) {
  const data = new Map(initial === undefined ? [] : [['ai-security-navigator/assessments', initial]]);
  return { getItem: (k) => data.get(k) ?? null, setItem: (k, v) => data.set(k, String(v)), data };
}

test('saved assessments come back; unreadable ones are reported with what was there', () => {
  const storage = memoryStorage();
  assert.deepEqual(loadSaved(storage), { items: {}, last: null, problem: null, raw: null });
  assert.equal(storeSaved({ a1: { name: 'Bot', savedAt: '2026-11-25T10:00:00Z', assessment: { answers: {} } } }, 'a1', storage), null);
  const back = loadSaved(storage);
  assert.equal(back.last, 'a1');
  assert.equal(back.items.a1.name, 'Bot');

  for (const bad of ['{not json', '{"format": 7, "items": {}}', '[]']) {
    const result = loadSaved(memoryStorage(bad));
    assert.match(result.problem, /cannot be read/);
    assert.equal(result.raw, bad, 'what was there is kept for download');
  }
  const blocked = { getItem: () => { throw new Error('denied'); } };
  assert.match(loadSaved(blocked).problem, /does not allow saving \(denied\)/);
  assert.match(storeSaved({}, null, { setItem: () => { throw new Error('quota'); } }), /saving failed: quota/);
});

test('share links encode answers by position, so the questionnaire only grows at its end', () => {
  // Changing this order breaks every share link made before: add new questions at the end.
  assert.deepEqual(questions().slice(0, 16).map((q) => q.id), [
    'model_type', 'decision_fooling', 'training', 'hosting', 'train_data_sensitive', 'membership_sensitive',
    'model_is_ip', 'input_sensitive', 'augmentation', 'augmentation_sensitive', 'untrusted_data_in_prompt',
    'text_output', 'agent_actions', 'actions_send_data_out', 'access_sensitive_data', 'public_input',
  ]);
  // ... and by the option's position as questions() lists it (yes/no as yes, no).
  for (const q of questions()) {
    q.options.slice(0, -1).forEach((option, i) => {
      const link = shareLink({ answers: { [q.id]: option.value } });
      assert.equal(link.slice('#share=1.2026.08.'.length)[questions().indexOf(q)], i.toString(36), `${q.id}=${option.value}`);
    });
  }
});
