// The command as a CI pipeline uses it: the built package's cli.mjs on Node, real files,
// standard input, exit codes and messages (contract §3).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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
  assert.equal(lines[0], 'kind,id,name,status,responsibility,likelihood,impact,risk,residual,treatment,owner,rank,covers,url,reasons,catalog,date');
  assert.ok(lines.slice(1).every((l) => /,2026\.08,\d{4}-\d{2}-\d{2}$/.test(l)), 'every row says its catalog and date');
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

test('bad usage exits 2 and says what is wrong', () => {
  const cases = [
    [[], /Usage:/],
    [['frobnicate', 'x'], /unknown command 'frobnicate'; commands: assess, validate, explain, diagram, catalog, questions/],
    [['assess'], /assess needs FILE \(- for standard input\)/],
    [['assess', 'a', 'b'], /'b' is one too many/],
    [['assess', 'x', '--format', 'pdf'], /assess --format takes json, md, csv, not 'pdf'/],
    [['assess', 'missing.json'], /cannot read 'missing.json': no such file/],
    [['assess', 'x', '--fail-on'], /--fail-on needs a value/],
    [['assess', 'x', '--fail-on', 'risk>=30'], /risk score from 1 to 25/],
    [['assess', 'x', '--fail-on', 'flag:trifecta'], /no warning is called 'trifecta'; warnings: lethal-trifecta/],
    [['catalog', '--format', 'csv'], /catalog --format takes json, md, not 'csv'/],
    [['questions', '--quiet'], /questions has no option '--quiet'/],
    [['explain', 'evasion'], /explain needs FILE/],
  ];
  for (const [args, message] of cases) {
    const { code, err, out } = run(args);
    assert.equal(code, 2, args.join(' '));
    assert.match(err + out, message, args.join(' '));
    assert.doesNotMatch(err, /\n\s+at /, 'no stack trace');
  }
  assert.equal(run(['--help']).code, 0);
  assert.match(run(['--version']).out, /^ai-security-navigator \d+\.\d+\.\d+ \(catalog 2026\.08\)\n$/);
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

test('--fail-on exits 1 and says what matched; --quiet keeps standard output empty', () => {
  const chatbot = example('support-chatbot');
  const pass = run(['assess', chatbot, '--fail-on', 'flag', '--fail-on', 'risk>=20']);
  assert.equal(pass.code, 0, pass.err);
  assert.equal(pass.err, '');
  assert.ok(JSON.parse(pass.out).threats, 'the report is still printed');

  const high = run(['assess', chatbot, '--fail-on', 'high-risk', '--quiet']);
  assert.equal(high.code, 1);
  assert.equal(high.out, '');
  assert.match(high.err, /--fail-on high-risk matched 2 times/);
  assert.match(high.err, /indirectpromptinjection: residual risk 16 of 25, no treatment chosen/);

  // Accepting the risk, or lowering it below the threshold, clears the condition.
  const file = JSON.parse(readFileSync(chatbot, 'utf8'));
  file.risks.indirectpromptinjection = { treatment: 'accept' };
  file.risks.augmentationdataleak = { likelihood: 2 };
  assert.equal(run(['assess', tempFile(JSON.stringify(file)), '--fail-on', 'high-risk', '-q']).code, 0);

  const agent = run(['assess', example('mail-agent'), '--fail-on=flag:lethal-trifecta,unanswered', '--format', 'md']);
  assert.equal(agent.code, 1);
  assert.match(agent.out, /^# AI security assessment/);
  assert.match(agent.err, /--fail-on flag:lethal-trifecta matched 1 time\n  - lethal-trifecta/);
  assert.doesNotMatch(agent.err, /unanswered/, 'every question that matters is answered');

  const empty = run(['assess', example('nothing-answered'), '--fail-on', 'unanswered', '--fail-on', 'untreated', '-q']);
  assert.equal(empty.code, 1);
  assert.match(empty.err, /--fail-on unanswered matched \d+ times\n  - model_type: /);
  assert.match(empty.err, /--fail-on untreated matched/);
});

test('validate --quiet prints nothing for a valid file', () => {
  const { code, out } = run(['validate', example('credit-scoring'), '--quiet']);
  assert.equal(code, 0);
  assert.equal(out, '');
});

test('explain says why a threat or control has its verdict', () => {
  const text = run(['explain', 'model theft through use', example('support-chatbot')]);
  assert.equal(text.code, 0, text.err);
  assert.match(text.out, /^Model exfiltration \(threat modelexfiltration\): Model exfiltration does not apply to your system/);
  assert.match(text.out, /\[model-not-confidential\]/);
  const json = JSON.parse(run(['explain', 'PROMPTINJECTIONIOHANDLING', example('support-chatbot'), '--format', 'json']).out);
  assert.equal(json.kind, 'control');
  assert.equal(json.implementation, 'planned');
  assert.deepEqual(json.covers, ['directpromptinjection', 'indirectpromptinjection']);
  // Open questions are put in words, and the risk as a sentence.
  const open = run(['explain', 'evasion', example('nothing-answered')]);
  assert.match(open.out, /\n {2}Open questions:\n {4}- decision_fooling: Does the model classify or decide something that someone could profit from by fooling it\?\n/);
  assert.match(run(['explain', 'datapoison', example('support-chatbot')]).out, /\n {2}Risk: likelihood 3 × impact 3 = 9\. No treatment chosen yet; /);
  const unknown = run(['explain', 'promptinjektion', example('support-chatbot')]);
  assert.equal(unknown.code, 2);
  assert.match(unknown.err, /did you mean 'promptinjection'/);
});

test('catalog and questions print JSON or Markdown', () => {
  const catalog = JSON.parse(run(['catalog']).out);
  assert.equal(catalog.threats.length, 34);
  assert.equal(catalog.controls.length, 55);
  const md = run(['catalog', '--format', 'md']).out;
  assert.match(md, /^# OWASP AI Exchange threats and controls \(catalog 2026\.08\)/);
  assert.equal((md.match(/^#{3,5} [\d.]+ .* \(`[a-z]+`\)$/gm) ?? []).length, 34, 'a heading per threat entry');
  assert.equal((md.match(/^#### .* \(`[A-Z0-9]+`\)$/gm) ?? []).length, 55, 'a heading per control');
  const questions = JSON.parse(run(['questions']).out);
  assert.equal(questions.length, 16);
  assert.deepEqual(questions.find((q) => q.id === 'hosting').options.map((o) => o.value), ['self', 'provider', 'unknown']);
  const qmd = run(['questions', '--format=md']).out;
  assert.match(qmd, /## 5\. .*\n\n`train_data_sensitive`:/);
  assert.match(qmd, /Asked only when `training` is `train` or `finetune`; otherwise it counts as `no`\./);
});

test('diagram writes an SVG file, with a system drawn on it when given', () => {
  const plain = run(['diagram', 'periodic']);
  assert.equal(plain.code, 0, plain.err);
  assert.match(plain.out, /^<svg xmlns=/);
  const drawn = run(['diagram', 'model-as-is', example('support-chatbot')]);
  assert.equal(drawn.code, 0, drawn.err);
  assert.match(drawn.out, /for Support chatbot/);
  assert.match(drawn.out, /The provider&#39;s part/);
  const bad = run(['diagram', 'mindmap']);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /unknown view 'mindmap'; views: navigator, matrix, periodic/);
  assert.match(run(['diagram', 'matrix', 'a', 'b']).err, /diagram takes VIEW \[FILE\]; 'b' is one too many/);
});
