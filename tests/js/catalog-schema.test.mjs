// The catalog files against their published JSON Schemas (what editors and reviewers use).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import Ajv2020 from 'ajv/dist/2020.js';

const dir = new URL('../../catalog/', import.meta.url);
const read = (path) => JSON.parse(readFileSync(new URL(path, dir), 'utf8'));

function validator() {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  for (const file of readdirSync(new URL('schema/', dir))) ajv.addSchema(read(`schema/${file}`));
  return (name, data) => {
    const validate = ajv.getSchema(`https://ai-security-navigator.local/schema/${name.replace('.json', '.schema.json')}`);
    assert.ok(validate, `a schema for ${name}`);
    return validate(data) ? [] : validate.errors.map((e) => `${e.instancePath} ${e.message}`);
  };
}

const FILES = ['catalog.json', 'taxonomy.json', 'threats.json', 'controls.json', 'mappings.json', 'questions.json', 'rules.json'];

test('every catalog file conforms to its schema', () => {
  const check = validator();
  for (const file of FILES) {
    const data = read(file);
    assert.equal(data.$schema, `./schema/${file.replace('.json', '.schema.json')}`, `${file} names its schema`);
    assert.deepEqual(check(file, data), [], `${file} is valid`);
  }
});

test('the schemas reject broken entries, saying where', () => {
  const check = validator();
  const threats = read('threats.json');
  threats.threats[3].kind = 'attack';
  threats.threats[4].parnet = 'evasion';
  delete threats.threats[5].summary;
  const problems = check('threats.json', threats);
  assert.ok(problems.some((p) => p.startsWith('/threats/3/kind must be equal to one of the allowed values')), problems.join('\n'));
  assert.ok(problems.some((p) => p.startsWith('/threats/4 must NOT have additional properties')), problems.join('\n'));
  assert.ok(problems.some((p) => p.startsWith("/threats/5 must have required property 'summary'")), problems.join('\n'));

  const controls = read('controls.json');
  controls.controls[0].id = 'ai program';
  assert.ok(check('controls.json', controls).some((p) => p.startsWith('/controls/0/id must match pattern')));
});

test('the example assessment files conform to the published assessment schema', () => {
  const check = validator();
  const examples = new URL('../../examples/', import.meta.url);
  for (const file of readdirSync(examples).filter((f) => f.endsWith('.json'))) {
    const data = JSON.parse(readFileSync(new URL(file, examples), 'utf8'));
    assert.deepEqual(check('assessment.json', data), [], file);
  }
  assert.ok(check('assessment.json', { answers: {}, risks: { evasion: { likelihood: 6 } } }).length > 0);
});
