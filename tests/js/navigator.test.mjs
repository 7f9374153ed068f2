// The JavaScript API (www/navigator.js) as built into dist/pkg, on Node.js.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

const pkg = new URL('../../dist/pkg/', import.meta.url);
const { NavigatorError, catalog, catalogVersion, init, lookup, search } = await import(new URL('navigator.js', pkg).href);

const expectError = (fn, code, path) =>
  assert.throws(fn, (error) => {
    assert.ok(error instanceof NavigatorError, `expected a NavigatorError, got ${error}`);
    assert.ok(error instanceof Error);
    assert.equal(error.code, code, error.message);
    if (path !== undefined) assert.equal(error.path, path);
    return true;
  });

test('calls before init() fail with a clear error, not a trap', () => {
  expectError(() => catalog(), 'not-initialised');
});

test('init() reports a module that cannot be loaded, and can be retried', async () => {
  await assert.rejects(init(new Uint8Array([0, 1, 2, 3])), (error) => {
    assert.ok(error instanceof NavigatorError);
    assert.equal(error.code, 'load-failed');
    return true;
  });
  await init(readFileSync(new URL('ai_security_navigator_bg.wasm', pkg)));
  await init(); // a second call is a no-op
});

test('the catalog arrives with its version, source and entries, frozen and shared', () => {
  assert.equal(catalogVersion(), '2026.08');
  const data = catalog();
  assert.equal(catalog(), data, 'the same object every time');
  assert.ok(Object.isFrozen(data) && Object.isFrozen(data.threats[0].controls));
  assert.equal(data.version, '2026.08');
  assert.equal(data.source.name, 'OWASP AI Exchange');
  assert.equal(data.impacts.length, 6);
  assert.equal(data.threats.length, 34);
  assert.equal(data.controls.length, 55);
  const threat = data.threats.find((t) => t.id === 'indirectpromptinjection');
  assert.equal(threat.code, '2.2.2');
  assert.deepEqual(threat.llmTop10, { 2023: ['LLM01'], 2025: ['LLM01'], 2026: ['LLM01'] });
  assert.equal(threat.url, 'https://owaspai.org/go/indirectpromptinjection/');
  for (const id of threat.controls) {
    assert.ok(data.controls.some((c) => c.id === id), `control ${id} of ${threat.id} exists`);
  }
});

test('lookup finds entries by older names and links, and returns the catalog entry', () => {
  assert.deepEqual(
    [lookup('#DETECTODDINPUT'), lookup('https://owaspai.org/goto/threatsuse/'), lookup('insecure output handling')].map(
      (r) => [r.kind, r.entry.id],
    ),
    [['control', 'ANOMALOUSINPUTHANDLING'], ['threat', 'inputthreats'], ['threat', 'outputcontainsconventionalinjection']],
  );
  assert.equal(lookup('MONITORUSE').entry, catalog().controls.find((c) => c.id === 'MONITORUSE'));
});

test('search ranks exact, then prefix, then anywhere', () => {
  const ids = (q) => search(q).map((r) => r.entry.id);
  assert.equal(ids('prompt injection')[0], 'promptinjection');
  assert.ok(ids('prompt injection').includes('PROMPTINJECTIONIOHANDLING'));
  assert.deepEqual(ids(''), []);
  assert.ok(search('rate').every((r) => r.entry && (r.kind === 'threat' || r.kind === 'control')));
});

test('bad arguments throw typed errors and the module keeps working', () => {
  for (const bad of [42, null, undefined, {}, ['evasion'], Symbol('x')]) {
    expectError(() => lookup(bad), 'invalid-argument', 'id');
  }
  expectError(() => lookup('x'.repeat(1_000_000)), 'invalid-argument', 'id');
  expectError(() => search(42), 'invalid-argument', 'query');
  assert.throws(() => lookup('promptinjektion'), (error) => {
    assert.equal(error.code, 'unknown-id');
    assert.equal(error.allowed[0], 'promptinjection');
    assert.match(error.message, /did you mean 'promptinjection'/);
    return true;
  });
  assert.equal(lookup('PROMPT INJECTION').entry.id, 'promptinjection');
});

test('assess gives the contract result and typed errors for bad assessments', async () => {
  const { assess, validate, report } = await import(new URL('navigator.js', pkg).href);
  const result = assess({ answers: { model_type: 'predictive', decision_fooling: 'yes' } });
  assert.equal(result.catalog, '2026.08');
  assert.equal(result.threats.length, 34);
  assert.equal(result.threats.find((t) => t.id === 'directpromptinjection').status, 'not-applicable');
  assert.ok(result.threats.every((t) => t.reasons.length > 0));
  assert.deepEqual(assess(JSON.stringify({ answers: { model_type: 'predictive', decision_fooling: 'yes' } })), result, 'text or object');
  assert.deepEqual(validate({ answers: {} }), []);
  assert.throws(
    () => assess({ answers: { training: 'retrain', hosting: 7 } }),
    (error) => {
      assert.ok(error instanceof NavigatorError);
      assert.equal(error.code, 'invalid-assessment');
      assert.deepEqual(error.problems.map((p) => [p.code, p.path]), [['invalid-option', 'answers.training'], ['wrong-type', 'answers.hosting']]);
      return true;
    },
  );
  for (const bad of [42, null, undefined, true]) expectError(() => assess(bad), 'invalid-argument', 'assessment');
  const cyclic = { answers: {} };
  cyclic.self = cyclic;
  expectError(() => assess(cyclic), 'invalid-argument', 'assessment');
  expectError(() => report({ answers: {} }, 'pdf'), 'invalid-argument', 'format');
  assert.match(report({ answers: {} }, 'md', '2026-11-25'), /^# AI security assessment: Unnamed system/);
  assert.equal(lookup('evasion').entry.id, 'evasion', 'still working after errors');
});

test('diff tells what an answer changes', async () => {
  const { diff } = await import(new URL('navigator.js', pkg).href);
  const before = { answers: { model_type: 'genai_llm', agent_actions: 'no' } };
  const after = { answers: { model_type: 'genai_llm', agent_actions: 'yes' } };
  const d = diff(before, after);
  assert.deepEqual(d.answers, [{ question: 'agent_actions', from: 'no', to: 'yes' }]);
  assert.ok(d.threats.some((c) => c.id === 'agentescape' && c.from === 'not-applicable (own)' && c.to === 'applies (own)'), JSON.stringify(d.threats));
  assert.match(d.summary, /^Answering agent_actions: yes removed 0 threats and added \d+\.$/);
  expectError(() => diff(before, 3), 'invalid-argument', 'b');
  assert.throws(() => diff(before, { answers: { agent_actions: 'maybe' } }), (e) => e.code === 'invalid-assessment' && e.path === 'b');
});

test('questions() is the questionnaire ready to show, "Don\'t know" always offered', async () => {
  const { questions } = await import(new URL('navigator.js', pkg).href);
  const list = questions();
  assert.equal(questions(), list, 'the same frozen list every time');
  assert.ok(Object.isFrozen(list) && Object.isFrozen(list[0].options));
  assert.deepEqual(list.map((q) => q.id).slice(0, 4), ['model_type', 'decision_fooling', 'training', 'hosting']);
  for (const q of list) {
    assert.ok(q.text.endsWith('?') && q.help.length > 40, q.id);
    assert.deepEqual(q.options.at(-1), { value: 'unknown', label: "Don't know" }, q.id);
  }
  const membership = list.find((q) => q.id === 'membership_sensitive');
  assert.deepEqual(membership.options.map((o) => o.value), ['yes', 'no', 'unknown']);
  assert.deepEqual(membership.askWhen, { train_data_sensitive: ['yes'] });
  assert.equal(membership.whenNotAsked, 'no');
  assert.equal(list[0].askWhen, null);
});

test('explain gathers the verdict on one threat or control, found by any of its names', async () => {
  const { explain } = await import(new URL('navigator.js', pkg).href);
  const chatbot = readFileSync(new URL('../../examples/support-chatbot.json', import.meta.url), 'utf8');
  const t = explain('#DETECTODDINPUT', chatbot);
  assert.equal(t.kind, 'control');
  assert.equal(t.id, 'ANOMALOUSINPUTHANDLING');
  assert.equal(t.status, 'recommended');
  assert.ok(t.threats.some((x) => x.id === 'zeroknowledgeevasion' && x.status === 'not-applicable'));
  const p = explain('directpromptinjection', JSON.parse(chatbot));
  assert.match(p.summary, /^Direct prompt injection applies to your system; it is yours to handle\.$/);
  assert.equal(p.risk.owner, 'app team');
  assert.ok(p.controls.some((c) => c.id === 'PROMPTINJECTIONIOHANDLING' && c.implementation === 'planned'));
  expectError(() => explain('nothing-like-this', chatbot), 'unknown-id', 'id');
  expectError(() => explain(7, chatbot), 'invalid-argument', 'id');
  expectError(() => explain('evasion', { answers: { model_type: 'robot' } }), 'invalid-assessment', 'answers.model_type');
});

test('exports: Markdown with the date, CSV rows, indented JSON', async () => {
  const { toMarkdown, toCsv, toJson, assess } = await import(new URL('navigator.js', pkg).href);
  const file = { system: { name: 'Shop search' }, answers: { model_type: 'genai_llm', training: 'as_is' } };
  const today = new Date().toISOString().slice(0, 10);
  assert.match(toMarkdown(file), new RegExp(`^# AI security assessment: Shop search\\n[^]*${today}`));
  assert.match(toMarkdown(file, { date: '2026-01-31' }), /2026-01-31/);
  // A general control serves the whole system, as the page says; no row has an empty "Covers".
  assert.match(toMarkdown(file), /\| \[Sec educate\]\(https:\/\/owaspai\.org\/go\/seceducate\/\) \| general \| own \| every AI system \| 0 \|/);
  assert.doesNotMatch(toMarkdown(file), /\| own \|  \|/);
  assert.equal(toCsv(file).trimEnd().split('\r\n').length, 1 + 34 + 55);
  assert.deepEqual(JSON.parse(toJson(file)), assess(file));
  assert.match(toJson(file), /^\{\n  "catalog": "2026\.08",\n/);
  expectError(() => toMarkdown(file, { date: 20260131 }), 'invalid-argument', 'date');
});

test('diagram() gives a layout for every view, and diagramSvg() a standalone file', async () => {
  const { diagram, diagramSvg, VIEWS } = await import(new URL('navigator.js', pkg).href);
  for (const view of VIEWS) {
    const layout = diagram(view);
    assert.equal(layout.view, view);
    assert.ok(layout.width > 0 && layout.height > 0 && layout.nodes.length > 20, view);
  }
  const nav = diagram('navigator');
  assert.equal(nav.nodes.filter((n) => n.role === 'threat').length, 34);
  assert.ok(nav.edges.every((e) => /^M\d+ \d+C/.test(e.d)));
  const plain = diagramSvg('matrix');
  assert.match(plain, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  const drawn = diagramSvg('navigator', { system: { name: 'Bot' }, answers: { model_type: 'genai_llm' } });
  assert.match(drawn, /for Bot/);
  expectError(() => diagram('mindmap'), 'invalid-argument', 'view');
  expectError(() => diagram(3), 'invalid-argument', 'view');
  expectError(() => diagramSvg('navigator', { answers: { model_type: 'robot' } }), 'invalid-assessment', 'answers.model_type');
});
