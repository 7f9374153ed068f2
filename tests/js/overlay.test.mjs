// Custom catalog overlays through the JavaScript API (dist/pkg), their JSON Schema, and the
// command's --overlay option and overlay validation.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const pkg = new URL('../../dist/pkg/', import.meta.url);
const nav = await import(new URL('node.js', pkg).href);
const { NavigatorError, withOverlay, validateOverlay } = nav;

const acmeFile = path.join(root, 'examples', 'overlay', 'acme.json');
const brokenFile = path.join(root, 'examples', 'overlay', 'broken.json');
const acmeText = readFileSync(acmeFile, 'utf8');
const acme = JSON.parse(acmeText);
const chatbot = path.join(root, 'examples', 'support-chatbot.json');

const API = ['catalogVersion', 'catalog', 'questions', 'lookup', 'search', 'validate', 'assess', 'report', 'toMarkdown', 'toCsv', 'toJson', 'explain', 'diff', 'diagram', 'diagramSvg', 'shareLink', 'readShareLink'];

test('withOverlay returns the same API as the module, over the merged catalog', () => {
  const custom = withOverlay(acme);
  for (const name of API) {
    assert.equal(typeof custom[name], 'function', name);
    assert.equal(typeof nav[name], 'function', name);
    assert.equal(custom[name].length, nav[name].length, `${name} takes the same arguments`);
  }
  assert.deepEqual(custom.VIEWS, nav.VIEWS);
  assert.ok(Object.isFrozen(custom));
  assert.deepEqual(custom.overlay, {
    name: 'ACME AI policy',
    version: '2026-11',
    description: acme.description,
    catalog: '2026.08',
    controls: 2,
    questions: 2,
    notes: 2,
    mappings: 1,
    hidden: ['agentescape', 'ADVERSARIALROBUSTDISTILLATION'],
  });
  // Also from JSON text; each navigator keeps its own frozen catalog; the built-in one is unchanged.
  const fromText = withOverlay(acmeText);
  const data = custom.catalog();
  assert.equal(custom.catalog(), data);
  assert.notEqual(fromText.catalog(), data);
  assert.ok(Object.isFrozen(data.controls.at(-1)));
  assert.equal(custom.catalogVersion(), nav.catalogVersion());
  assert.equal(data.overlay.name, 'ACME AI policy');
  assert.equal(nav.catalog().overlay, undefined);
  assert.ok(nav.catalog().threats.some((t) => t.id === 'agentescape'));
  assert.ok(!data.threats.some((t) => t.id === 'agentescape'));

  const gateway = custom.lookup('#ACMEPROMPTGATEWAY');
  assert.equal(gateway.kind, 'control');
  assert.equal(gateway.entry.overlay, true);
  assert.equal(gateway.entry.category, 'organisation control');
  assert.equal(gateway.entry.url, null);
  assert.deepEqual(custom.lookup('directpromptinjection').entry.overlayNotes, [acme.notes[0].text]);
  assert.deepEqual(custom.lookup('ACMEMODELREGISTER').entry.overlayMappings, [{ mapping: 'ACME information security policy', id: 'POL-7.2', name: 'AI supply chain' }]);
  assert.equal(data.mappings.overlay[0].id, 'acme-policy');
  assert.equal(custom.search('prompt gateway')[0].entry.id, 'ACMEPROMPTGATEWAY');
  assert.throws(() => custom.lookup('agentescape'), (e) => e instanceof NavigatorError && e.code === 'unknown-id');
  assert.equal(nav.lookup('agentescape').entry.id, 'agentescape');
});

test('overlay questions come last in questions(), marked, and are accepted as answers', () => {
  const custom = withOverlay(acme);
  const list = custom.questions();
  const builtin = nav.questions();
  assert.equal(custom.questions(), list, 'cached');
  assert.deepEqual(list.slice(0, builtin.length), builtin, 'the built-in questions keep their order and shape');
  assert.ok(builtin.every((q) => !('overlay' in q)));
  const [board, dataClass] = list.slice(builtin.length);
  assert.equal(board.id, 'acme_review_board');
  assert.equal(board.overlay, true);
  assert.deepEqual(board.options.map((o) => o.value), ['yes', 'no', 'unknown']);
  assert.match(board.help, /review board/);
  assert.equal(withOverlay({ format: acme.format, name: 'x', questions: [{ id: 'x_q', text: 'Q?', options: 'yes-no' }] }).questions().at(-1).help, '');
  assert.deepEqual(dataClass.askWhen, { acme_review_board: ['yes'] });
  assert.equal(dataClass.whenNotAsked, 'confidential');

  const assessment = { answers: { model_type: 'genai_llm', acme_review_board: 'yes', acme_data_class: 'internal' } };
  assert.deepEqual(custom.validate(assessment), []);
  assert.ok(nav.validate(assessment).some((p) => p.code === 'unknown-question' && p.path === 'answers.acme_review_board'));
  const bad = custom.validate({ answers: { acme_data_class: 'secret', acme_reviewboard: 'yes' } });
  assert.ok(bad.some((p) => p.code === 'invalid-option' && p.path === 'answers.acme_data_class'));
  assert.ok(bad.some((p) => p.code === 'unknown-question' && p.message.includes('acme_review_board')));
});

test('assess ranks an overlay control with what it covers; hidden entries are gone but old files open', () => {
  const custom = withOverlay(acme);
  const assessment = {
    answers: { model_type: 'genai_llm', public_input: 'yes', agent_actions: 'yes' },
    risks: { agentescape: { likelihood: 2 } },
    controls: { ADVERSARIALROBUSTDISTILLATION: { status: 'planned' }, ACMEPROMPTGATEWAY: { status: 'implemented' } },
  };
  const result = custom.assess(assessment);
  const gateway = result.controls.find((c) => c.id === 'ACMEPROMPTGATEWAY');
  assert.equal(gateway.status, 'recommended');
  assert.ok(gateway.rank >= 1);
  assert.ok(gateway.covers.includes('directpromptinjection'));
  assert.equal(gateway.implementation, 'implemented');
  assert.ok(!result.threats.some((t) => t.id === 'agentescape'));
  assert.ok(!result.controls.some((c) => c.id === 'ADVERSARIALROBUSTDISTILLATION'));
  assert.equal(custom.explain('ACMEPROMPTGATEWAY', assessment).kind, 'control');
  assert.match(custom.toMarkdown(assessment, { date: '2026-11-25' }), /Route all LLM traffic through the ACME prompt gateway/);
  assert.match(custom.toCsv(assessment), /ACMEPROMPTGATEWAY/);
  assert.equal(JSON.parse(custom.toJson(assessment)).catalog, '2026.08');
  assert.ok(custom.diff(assessment, { ...assessment, answers: { model_type: 'predictive' } }).threats.length > 0);
  for (const view of custom.VIEWS) {
    const layout = custom.diagram(view);
    assert.ok(!layout.nodes.some((n) => n.entry === 'agentescape' || n.entry === 'ADVERSARIALROBUSTDISTILLATION'), view);
  }
  assert.ok(custom.diagram('navigator').nodes.some((n) => n.entry === 'ACMEPROMPTGATEWAY'));
  assert.match(custom.diagramSvg('navigator', assessment), /^<svg/);
});

test('a bad overlay throws invalid-overlay with every problem; validateOverlay lists them', () => {
  const broken = readFileSync(brokenFile, 'utf8');
  assert.throws(
    () => withOverlay(broken),
    (error) => {
      assert.ok(error instanceof NavigatorError);
      assert.equal(error.code, 'invalid-overlay');
      assert.match(error.message, /^the overlay has problems: overlay: `catalgo`: unknown field \(did you mean `catalog`\?\).* \(and 10 more problems\)$/);
      assert.equal(error.problems.length, 11);
      return true;
    },
  );
  const problems = validateOverlay(broken);
  assert.equal(problems.length, 11);
  assert.deepEqual(Object.keys(problems[0]), ['file', 'entry', 'field', 'message']);
  assert.ok(problems.every((p) => p.file === 'overlay'));
  assert.ok(problems.some((p) => p.entry === "control 'ACMEMODELREGISTER'" && p.field === 'group' && p.message.includes("did you mean 'governance'?")));
  assert.ok(problems.some((p) => p.entry === "mapping 'acme-policy' item 'POL-1'" && p.field === 'threats' && p.message.includes('hidden')));
  assert.deepEqual(validateOverlay(acme), []);
  assert.match(validateOverlay('{"format": ')[0].message, /line 1, column 12/);
  assert.throws(() => withOverlay(42), (e) => e instanceof NavigatorError && e.code === 'invalid-argument' && e.path === 'overlay');
  assert.throws(() => validateOverlay(null), (e) => e.code === 'invalid-argument');
});

test('the example overlay conforms to the published overlay schema; the broken one does not', () => {
  const dir = new URL('../../catalog/schema/', import.meta.url);
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  for (const file of readdirSync(dir)) ajv.addSchema(JSON.parse(readFileSync(new URL(file, dir), 'utf8')));
  const validate = ajv.getSchema('https://ai-security-navigator.local/schema/overlay.schema.json');
  assert.ok(validate(acme), JSON.stringify(validate.errors));
  const broken = JSON.parse(readFileSync(brokenFile, 'utf8'));
  assert.equal(validate(broken), false);
  const found = validate.errors.map((e) => `${e.instancePath} ${e.message}`);
  assert.ok(found.includes('/controls/1/url must match pattern "^https://\\S+$"'), found.join('\n'));
  assert.ok(found.includes("/notes/0 must have required property 'text'"), found.join('\n'));
});

const cli = path.join(root, 'dist', 'pkg', 'cli.mjs');
const run = (args) => {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd: root });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

test('the command validates overlay files and applies --overlay', () => {
  let r = run(['validate', acmeFile]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /a valid overlay/);
  r = run(['validate', brokenFile]);
  assert.equal(r.code, 2);
  assert.match(r.err, /broken\.json: 11 problems in the overlay/);
  assert.match(r.err, /control 'ACMEMODELREGISTER': `group`: unknown control group 'governanse' \(did you mean 'governance'\?\)/);

  r = run(['assess', chatbot, '--overlay', acmeFile]);
  assert.equal(r.code, 0, r.err);
  assert.ok(JSON.parse(r.out).controls.some((c) => c.id === 'ACMEPROMPTGATEWAY' && c.status === 'recommended'));
  r = run(['explain', 'ACMEPROMPTGATEWAY', chatbot, '--overlay', acmeFile, '--format', 'json']);
  assert.equal(r.code, 0, r.err);
  assert.equal(JSON.parse(r.out).id, 'ACMEPROMPTGATEWAY');
  r = run(['diagram', 'navigator', '--overlay', acmeFile]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /ACME prompt gateway/);
  r = run(['questions', '--overlay', acmeFile]);
  assert.equal(JSON.parse(r.out).at(-1).id, 'acme_data_class');
  r = run(['explain', 'ACMEPROMPTGATEWAY', chatbot]);
  assert.equal(r.code, 2, 'unknown without the overlay');

  r = run(['assess', chatbot, '--overlay', brokenFile]);
  assert.equal(r.code, 2);
  assert.equal(r.out, '');
  assert.match(r.err, /cannot assess, 11 problems in the overlay/);
  assert.equal(r.err.split('\n').filter((l) => l.startsWith('  - ')).length, 11);
  r = run(['assess', chatbot, '--overlay', path.join(root, 'nonexistent.json')]);
  assert.equal(r.code, 2);
  assert.match(r.err, /no such file/);
  assert.match(run(['--help']).out, /--overlay OVERLAY/);
});
