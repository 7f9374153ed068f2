// The command as a CI pipeline uses it: the built package's cli.mjs on Node, real files,
// standard input, exit codes and messages (contract §3).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const cli = path.join(root, 'dist', 'pkg', 'cli.mjs');
const example = (name) => path.join(root, 'examples', `${name}.json`);

function run(args, input) {
  const result = spawnSync(process.execPath, [cli, ...args], { input, encoding: 'utf8', cwd: root });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

function tempFile(content) {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'asn-cli-')), 'assessment.json');
  writeFileSync(file, content);
  return file;
}

test('assess prints the result as JSON by default', () => {
  const { code, out, err } = run(['assess', example('support-chatbot')]);
  assert.equal(code, 0, err);
  const result = JSON.parse(out);
  assert.equal(result.catalog, '2026.08');
  assert.equal(result.threats.find((t) => t.id === 'indirectpromptinjection').status, 'applies');
  assert.equal(result.threats.find((t) => t.id === 'evasion').status, 'not-applicable');
});

test('the Markdown report reads on its own', () => {
  const { code, out } = run(['assess', example('mail-agent'), '--format', 'md']);
  assert.equal(code, 0);
  for (const heading of [
    '# AI security assessment: Inbox assistant',
    '## 1. Threats that apply',
    '## 2. Who is responsible',
    '## 3. What to verify with suppliers',
    '## 4. Controls to select',
    '## 5. References',
    '## 6. Risk register and acceptance',
    '## 7. Further management',
  ]) {
    assert.ok(out.includes(heading), `missing ${heading}`);
  }
  assert.match(out, /\*\*Warning — lethal-trifecta\.\*\*/);
  assert.match(out, /\[Agent escape\]\(https:\/\/owaspai\.org\/go\/agentescape\/\)/);
});

test('CSV has one row per threat and per control, and defuses formulas', () => {
  const file = tempFile(JSON.stringify({ answers: { model_type: 'genai_llm' }, risks: { directpromptinjection: { owner: '=HYPERLINK("x")' } } }));
  const { code, out } = run(['assess', file, '--format=csv']);
  assert.equal(code, 0);
  const lines = out.trimEnd().split('\r\n');
  assert.equal(lines[0], 'kind,id,name,status,responsibility,likelihood,impact,risk,residual,treatment,owner,rank,covers,url,reasons');
  assert.equal(lines.length, 1 + 34 + 55);
  assert.ok(lines.some((l) => l.includes(`"'=HYPERLINK(""x"")"`)), 'a formula is prefixed and quoted');
});

test('standard input is read with -', () => {
  const { code, out } = run(['assess', '-', '--format', 'md'], JSON.stringify({ answers: {} }));
  assert.equal(code, 0);
  assert.match(out, /## Open questions/);
});

test('bad input exits 2 and names every problem, without a stack trace', () => {
  const cases = [
    ['{"answers": {', /not valid JSON: .* at line 1, column 14/],
    ['{"answers": {"training": "retrain"}}', /answers\.training: `answers\.training` cannot be "retrain"; allowed: train, finetune, as_is, unknown/],
    ['{"answers": {"modle_type": "x"}}', /did you mean `model_type`/],
    ['{"answers": {}, "risks": {"evasion": {"impact": 0}}}', /risks\.evasion\.impact.*from 1 to 5/],
  ];
  for (const [content, message] of cases) {
    const { code, err, out } = run(['assess', tempFile(content)]);
    assert.equal(code, 2, content);
    assert.equal(out, '');
    assert.match(err, message);
    assert.doesNotMatch(err, /\n\s+at /, 'no stack trace');
  }
});

test('validate reports a valid file and every problem of an invalid one', () => {
  assert.deepEqual(run(['validate', example('credit-scoring')]).code, 0);
  const { code, err } = run(['validate', tempFile('{"answers": {"training": 3, "hosting": "cloud"}, "colour": 1}')]);
  assert.equal(code, 2);
  assert.match(err, /3 problems/);
});

test('bad usage exits 2 with the usage text', () => {
  for (const args of [[], ['frobnicate', 'x'], ['assess'], ['assess', 'a', 'b'], ['assess', 'x', '--format', 'pdf'], ['assess', 'missing.json']]) {
    const { code, err, out } = run(args);
    assert.equal(code, 2, args.join(' '));
    assert.match(err + out, /Usage:|cannot read/);
  }
  assert.equal(run(['--help']).code, 0);
  assert.match(run(['--version']).out, /catalog 2026\.08/);
});

test('validate checks a custom catalog folder with the same precise reporting as the build', async () => {
  const { cpSync, readFileSync: read, writeFileSync: write } = await import('node:fs');
  assert.equal(run(['validate', path.join(root, 'catalog')]).code, 0);
  const folder = path.join(mkdtempSync(path.join(tmpdir(), 'asn-catalog-')), 'catalog');
  cpSync(path.join(root, 'catalog'), folder, { recursive: true });
  const threats = JSON.parse(read(path.join(folder, 'threats.json'), 'utf8'));
  threats.threats[2].parent = 'evasoin';
  threats.threats[3].impacts.push('I_MODLE');
  write(path.join(folder, 'threats.json'), JSON.stringify(threats));
  const { code, err } = run(['validate', folder]);
  assert.equal(code, 2);
  assert.match(err, /2 problems in the catalog/);
  assert.match(err, /threats\.json: threat 'zeroknowledgeevasion': `parent`: unknown threat 'evasoin' \(did you mean 'evasion'\?\)/);
  assert.match(err, /unknown impact 'I_MODLE'/);
});
