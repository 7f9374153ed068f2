// Keeping work (www/store.js): share links round-trip and refuse damage with a reason; saved
// assessments that cannot be read are reported, never silently replaced.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { loadSaved, readShareFragment, shareFragment, storeSaved } from '../../www/store.js';

const { questions: raw } = JSON.parse(readFileSync(new URL('../../catalog/questions.json', import.meta.url), 'utf8'));
// The questionnaire as questions() gives it: yes/no spelled out, "Don't know" last.
const questions = raw.map((q) => ({
  ...q,
  options: [...(q.options === 'yes-no' ? [{ value: 'yes' }, { value: 'no' }] : q.options), { value: 'unknown' }],
}));

test('a share link carries answers compactly, and the rest only when there is any', () => {
  const file = { answers: { model_type: 'genai_llm', training: 'as_is', hosting: 'unknown', public_input: 'yes' } };
  const fragment = shareFragment(file, questions, '2026.08');
  assert.equal(fragment, `#share=1.2026.08.1-2u${'-'.repeat(11)}0`);
  assert.deepEqual(readShareFragment(fragment, questions), { format: 'ai-security-navigator/assessment@1', catalog: '2026.08', ...file });
  const full = { system: { name: 'Bot é ✓' }, answers: { model_type: 'predictive' }, risks: { evasion: { likelihood: 4 } }, controls: { RATELIMIT: { status: 'planned' } } };
  const back = readShareFragment(shareFragment(full, questions, '2026.08'), questions);
  assert.deepEqual(back.system, full.system);
  assert.deepEqual(back.risks, full.risks);
  assert.deepEqual(back.controls, full.controls);
  assert.ok(shareFragment(full, questions, '2026.08').length < 200, 'compact');
});

test('a damaged share link is refused with a reason', () => {
  const cases = [
    ['#share=garbage', /does not have the form/],
    ['#share=2.2026.08.0', /format 2; this page reads format 1/],
    ['#share=1.2026.08.z', /an option it does not have/],
    [`#share=1.2026.08.${'0'.repeat(40)}`, /answers 40 questions; the questionnaire has 16/],
    ['#share=1.2026.08.0.!!!', /does not have the form/],
    ['#share=1.2026.08.0.bm90IGpzb24', /details cannot be read/],
    ['#share=1.2026.08.0.WzFd', /details are not an object/],
  ];
  for (const [hash, message] of cases) assert.throws(() => readShareFragment(hash, questions), message, hash);
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
  assert.deepEqual(questions.slice(0, 16).map((q) => q.id), [
    'model_type', 'decision_fooling', 'training', 'hosting', 'train_data_sensitive', 'membership_sensitive',
    'model_is_ip', 'input_sensitive', 'augmentation', 'augmentation_sensitive', 'untrusted_data_in_prompt',
    'text_output', 'agent_actions', 'actions_send_data_out', 'access_sensitive_data', 'public_input',
  ]);
});
