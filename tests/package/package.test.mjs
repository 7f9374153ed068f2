// The npm package as users get it: `npm pack` of dist/pkg, installed from the tarball into fresh
// projects, and used (1) from Node.js ESM, (2) through a Vite production build in Chromium,
// (3) from a plain HTML page without a bundler, (4) through npx. TypeScript consumers are checked
// with tsc, and the README's examples run against the installed package.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, findBrowser, root } from '../../scripts/lib.mjs';
import { PKG_FILES } from '../../scripts/package.mjs';
import { createServer, listen } from '../../scripts/serve.mjs';
import { withPage } from '../e2e/harness.mjs';

const work = mkdtempSync(path.join(tmpdir(), 'asn-package-'));
const project = path.join(work, 'consumer');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
let tarball;
let packed;
const site = { browser: null, url: '' };

function sh(cmd, args, { cwd = project, input, env } = {}) {
  const result = spawnSync(cmd, args, { cwd, input, encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

function must(cmd, args, options) {
  const result = sh(cmd, args, options);
  assert.equal(result.code, 0, `${cmd} ${args.join(' ')} failed:\n${result.out}\n${result.err}`);
  return result.out;
}

const write = (file, text) => {
  mkdirSync(path.dirname(path.join(project, file)), { recursive: true });
  writeFileSync(path.join(project, file), text);
};

before(async () => {
  [packed] = JSON.parse(must('npm', ['pack', path.join(root, 'dist', 'pkg'), '--pack-destination', work, '--json'], { cwd: work }));
  tarball = path.join(work, packed.filename);
  write('package.json', JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  must('npm', ['install', tarball, '--no-audit', '--no-fund', '--prefer-offline']);
  cpSync(path.join(root, 'examples'), path.join(project, 'examples'), { recursive: true });
  site.browser = await chromium.launch({ executablePath: findBrowser(), args: CHROMIUM_ARGS });
});

after(async () => {
  await site.browser?.close();
  rmSync(work, { recursive: true, force: true });
});

test('the tarball holds exactly the files listed, and its size is reported', () => {
  const expected = ['package.json', ...PKG_FILES.www, ...PKG_FILES.module, ...PKG_FILES.generated, ...PKG_FILES.docs, ...PKG_FILES.schema].sort();
  assert.deepEqual(packed.files.map((f) => f.path).sort(), expected);
  const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
  console.log(`# tarball ${packed.filename}: ${kib(statSync(tarball).size)} packed, ${kib(packed.unpackedSize)} unpacked, ${packed.entryCount} files`);
  const manifest = JSON.parse(readFileSync(path.join(project, 'node_modules', 'ai-security-navigator', 'package.json'), 'utf8'));
  assert.equal(manifest.type, 'module');
  assert.deepEqual(Object.keys(manifest.exports['.']), ['types', 'node', 'default'], 'types first, then node, then the rest');
  assert.equal(manifest.dependencies, undefined, 'no runtime dependencies');
  assert.equal(manifest.bin['ai-security-navigator'], './cli.mjs');
});

test('(1) Node.js ESM: import the package and assess a system, no init needed', () => {
  write('node-use.mjs', `
    import { readFileSync } from 'node:fs';
    import { assess, lookup, catalogVersion } from 'ai-security-navigator';
    import wasm from 'ai-security-navigator/package.json' with { type: 'json' };
    const result = assess(readFileSync('examples/support-chatbot.json', 'utf8'));
    const of = (id) => result.threats.find((t) => t.id === id);
    console.log(JSON.stringify({
      version: catalogVersion(),
      indirect: [of('indirectpromptinjection').status, of('indirectpromptinjection').responsibility],
      evasion: of('evasion').status,
      supply: of('supplymodelpoison').responsibility,
      top: result.controls.find((c) => c.rank === 1).id,
      legacy: lookup('insecure output handling').entry.id,
      name: wasm.name,
    }));`);
  const out = JSON.parse(must('node', ['node-use.mjs']));
  assert.deepEqual(out.indirect, ['applies', 'own']);
  assert.equal(out.evasion, 'not-applicable');
  assert.equal(out.supply, 'shared', 'the supplier makes the model, you choose and check it');
  assert.equal(out.legacy, 'outputcontainsconventionalinjection');
  assert.equal(out.version, '2026.08');
  assert.match(out.top, /^[A-Z]+$/);
  assert.equal(out.name, 'ai-security-navigator');
  // The wasm file is reachable as a subpath export.
  write('wasm-path.mjs', "console.log(import.meta.resolve('ai-security-navigator/wasm'));");
  assert.match(must('node', ['wasm-path.mjs']), /node_modules\/ai-security-navigator\/ai_security_navigator_bg\.wasm\n$/);
});

test("the README's JavaScript examples print what their comments say", () => {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  const examples = [...readme.matchAll(/```js\n([^]*?)```/g)].map((m) => m[1]).filter((code) => code.includes("from 'ai-security-navigator'"));
  assert.ok(examples.length >= 2, 'the README has runnable examples');
  examples.forEach((code, i) => {
    const expected = [...code.matchAll(/console\.log\(.*\); \/\/ (.*)$/gm)].map((m) => m[1]);
    assert.ok(expected.length > 3, `example ${i + 1} states its output`);
    write(`readme-${i + 1}.mjs`, code);
    assert.deepEqual(must('node', [`readme-${i + 1}.mjs`]).trimEnd().split('\n'), expected, `README example ${i + 1}`);
  });
});

test('TypeScript: a typed consumer compiles, and a misspelt answer does not', () => {
  const tsc = (file) => sh(bin('tsc'), ['--noEmit', '--strict', '--target', 'es2022', '--module', 'nodenext', '--moduleResolution', 'nodenext', file]);
  write('typed.ts', `
    import { assess, explain, init, lookup, NavigatorError, questions, toMarkdown, type Answers, type Assessment,
      type AssessmentFile, type ThreatId, type ControlId, type Explanation } from 'ai-security-navigator';
    await init();
    const answers: Answers = { model_type: 'genai_llm', training: 'as_is', hosting: 'provider', augmentation: 'unknown' };
    const file: AssessmentFile = { system: { name: 'Typed' }, answers, risks: { directpromptinjection: { likelihood: 4, treatment: 'mitigate' } } };
    const result: Assessment = assess(file);
    const applying: ThreatId[] = result.threats.filter((t) => t.status === 'applies').map((t) => t.id);
    const top: ControlId | undefined = result.controls.find((c) => c.rank === 1)?.id;
    const residual: number = result.register[0].residual;
    const e: Explanation = explain('evasion', file);
    const detail: string = e.kind === 'threat' ? e.reasons[0].text : e.covers.join();
    const kind: 'threat' | 'control' = lookup('MONITORUSE').kind;
    const options: string[] = questions()[0].options.map((o) => o.value);
    try { assess('{'); } catch (error) { if (error instanceof NavigatorError) { const code: string = error.code; void code; } }
    void [applying, top, residual, detail, kind, options, toMarkdown(file, { date: '2026-11-25' })];
  `);
  const ok = tsc('typed.ts');
  assert.equal(ok.code, 0, ok.out + ok.err);
  write('wrong.ts', `
    import { assess, type ThreatId } from 'ai-security-navigator';
    assess({ answers: { model_type: 'robot' } });
    assess({ answers: { trainig: 'as_is' } });
    const id: ThreatId = 'promptinjektion';
    const status: 'applies' = assess({ answers: {} }).threats[0].openQuestions[0];
    void id; void status;
  `);
  const wrong = tsc('wrong.ts');
  assert.notEqual(wrong.code, 0);
  const errors = wrong.out.match(/wrong\.ts\(\d+,\d+\): error TS\d+/g) ?? [];
  assert.equal(errors.length, 4, `each mistake is caught:\n${wrong.out}`);
  assert.match(wrong.out, /'"robot"' is not assignable/);
  assert.match(wrong.out, /'trainig' does not exist/);
});

/** Serves `dir` with the production headers (strict CSP) and runs `body` on its page. */
async function inBrowser(dir, body, pagePath = '') {
  const server = createServer({ root: dir });
  try {
    site.url = await listen(server, 0);
    await withPage(site, body, { path: pagePath });
  } finally {
    server.close();
  }
}

// Browsers ask for /favicon.ico; a 404 would count as a page error.
const ICON = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>';

const APP = `
  const show = (id, text) => {
    const p = document.createElement('p');
    p.id = id;
    p.textContent = text;
    document.body.append(p);
  };
  init()
    .then(() => {
      const result = assess({ answers: { model_type: 'genai_llm', training: 'as_is', hosting: 'provider', agent_actions: 'yes',
        actions_send_data_out: 'yes', untrusted_data_in_prompt: 'yes', access_sensitive_data: 'yes' } });
      show('agentescape', result.threats.find((t) => t.id === 'agentescape').status);
      show('flags', result.flags.map((f) => f.id).join(','));
      show('datapoison', result.threats.find((t) => t.id === 'datapoison').responsibility);
    })
    .catch((error) => show('error', error.code + ': ' + error.message));
`;

async function expectAssessment(page) {
  await page.locator('#flags').waitFor({ timeout: 15_000 });
  assert.equal(await page.locator('#agentescape').textContent(), 'applies');
  assert.equal(await page.locator('#flags').textContent(), 'lethal-trifecta,agent-acts-on-untrusted-input');
  assert.equal(await page.locator('#datapoison').textContent(), 'supplier');
}

test('(2) a Vite production build bundles the package and its module, and runs in Chromium', async () => {
  write('vite-app/public/favicon.ico', ICON);
  write('vite-app/index.html', '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Vite consumer</title>' +
    '<script type="module" src="./main.js"></script></head><body><h1>Vite consumer</h1></body></html>');
  write('vite-app/main.js', `import { init, assess } from 'ai-security-navigator';\n${APP}`);
  must('node', [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], { cwd: path.join(project, 'vite-app') });
  const assets = path.join(project, 'vite-app', 'dist', 'assets');
  const files = spawnSync('ls', [assets], { encoding: 'utf8' }).stdout.split('\n');
  assert.ok(files.some((f) => /^ai_security_navigator_bg-.*\.wasm$/.test(f)), `Vite emitted the module: ${files}`);
  await inBrowser(path.join(project, 'vite-app', 'dist'), expectAssessment);
});

test('(3) a plain HTML page imports the package with <script type="module">, no bundler', async () => {
  write('favicon.ico', ICON);
  write('plain/index.html', '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Plain consumer</title>' +
    '<script type="module" src="./app.js"></script></head><body><h1>Plain consumer</h1></body></html>');
  write('plain/app.js', `import { init, assess } from '../node_modules/ai-security-navigator/navigator.js';\n${APP}`);
  await inBrowser(project, expectAssessment, 'plain/');
});

/** The widget drawn and answering: a tab, an answer, and the asn-change event it sends. */
async function expectWidget(page) {
  const widget = page.locator('ai-security-navigator');
  await widget.evaluate((el) => el.ready);
  assert.equal(await widget.getByRole('tab', { name: 'Navigator' }).getAttribute('aria-selected'), 'true');
  const changed = page.evaluate(() => new Promise((resolve) => document.addEventListener('asn-change', (e) => resolve(e.detail.assessment.answers), { once: true })));
  await widget.getByRole('group', { name: /What kind of model/ }).getByLabel('Predictive').check();
  assert.deepEqual(await changed, { model_type: 'predictive' });
}

test('(5) the widget from the package: two lines in a plain page, and `import "ai-security-navigator/define"` through Vite', async () => {
  write('widget/index.html', '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Widget consumer</title>' +
    '<script type="module" src="../node_modules/ai-security-navigator/define.js"></script></head>' +
    '<body><main><ai-security-navigator></ai-security-navigator></main></body></html>');
  await inBrowser(project, expectWidget, 'widget/');

  write('vite-widget/public/favicon.ico', ICON);
  write('vite-widget/index.html', '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Vite widget</title>' +
    '<script type="module" src="./main.js"></script></head><body><main><ai-security-navigator></ai-security-navigator></main></body></html>');
  write('vite-widget/main.js', "import 'ai-security-navigator/define';\n");
  must('node', [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], { cwd: path.join(project, 'vite-widget') });
  await inBrowser(path.join(project, 'vite-widget', 'dist'), expectWidget);
  const manifest = JSON.parse(readFileSync(path.join(project, 'node_modules', 'ai-security-navigator', 'package.json'), 'utf8'));
  assert.equal(manifest.customElements, './custom-elements.json');
});

test('TypeScript: the element is typed by tag, its properties and its events', () => {
  const tsc = (file) => sh(bin('tsc'), ['--noEmit', '--strict', '--target', 'es2022', '--module', 'nodenext', '--moduleResolution', 'nodenext', file]);
  write('widget-typed.ts', `
    import { AiSecurityNavigator } from 'ai-security-navigator/widget';
    import 'ai-security-navigator/define';
    const el = document.querySelector('ai-security-navigator');
    if (el) {
      el.view = 'matrix';
      el.assessment = { answers: { model_type: 'predictive' } };
      el.addEventListener('asn-change', (e) => { const name: string | undefined = e.detail.assessment.system?.name; void name; });
      el.addEventListener('asn-select', (e) => { const id: string | undefined = e.detail?.id; void id; });
      const ready: Promise<void> = el.ready;
      void ready;
    }
    const Tagged: typeof AiSecurityNavigator = AiSecurityNavigator.define('my-navigator');
    void Tagged;
  `);
  const ok = tsc('widget-typed.ts');
  assert.equal(ok.code, 0, ok.out + ok.err);
  write('widget-wrong.ts', `
    import 'ai-security-navigator/define';
    const el = document.createElement('ai-security-navigator');
    el.view = 'sideways';
    el.addEventListener('asn-change', (e) => e.detail.nothing);
  `);
  const wrong = tsc('widget-wrong.ts');
  const errors = wrong.out.match(/widget-wrong\.ts\(\d+,\d+\): error TS\d+/g) ?? [];
  assert.equal(errors.length, 2, `each mistake is caught:\n${wrong.out}`);
});

test('the published schemas in the package check an overlay and an assessment file', async () => {
  const { default: Ajv2020 } = await import('ajv/dist/2020.js');
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  for (const file of PKG_FILES.schema) ajv.addSchema(JSON.parse(readFileSync(path.join(project, 'node_modules', 'ai-security-navigator', file), 'utf8')));
  const example = (...p) => JSON.parse(readFileSync(path.join(root, 'examples', ...p), 'utf8'));
  const overlay = ajv.getSchema('https://ai-security-navigator.local/schema/overlay.schema.json');
  assert.equal(overlay(example('overlay', 'acme.json')), true, JSON.stringify(overlay.errors));
  assert.equal(overlay(example('overlay', 'broken.json')), false);
  const assessment = ajv.getSchema('https://ai-security-navigator.local/schema/assessment.schema.json');
  assert.equal(assessment(example('support-chatbot.json')), true, JSON.stringify(assessment.errors));
});

test('(4) npx runs the command from the installed package', () => {
  const md = sh('npx', ['--no-install', 'ai-security-navigator', 'assess', 'examples/mail-agent.json', '--format', 'md']);
  assert.equal(md.code, 0, md.err);
  assert.match(md.out, /^# AI security assessment: Inbox assistant/);
  assert.match(md.out, /\*\*Warning — lethal-trifecta\.\*\*/);
  const gate = sh('npx', ['--no-install', 'ai-security-navigator', 'assess', 'examples/mail-agent.json', '--fail-on', 'flag', '--quiet']);
  assert.equal(gate.code, 1);
  assert.equal(gate.out, '');
  assert.match(gate.err, /--fail-on flag matched 2 times\n  - lethal-trifecta\n/);
  const bad = sh('npx', ['--no-install', 'ai-security-navigator', 'validate', '-'], { input: '{"answers": {"hosting": "cloud"}}' });
  assert.equal(bad.code, 2);
  assert.match(bad.err, /answers\.hosting.*allowed: self, provider, unknown/);
  // And straight from the tarball, without installing it into a project first.
  const direct = sh('npx', ['--yes', '--package', tarball, 'ai-security-navigator', '--version'], { cwd: work });
  assert.equal(direct.code, 0, direct.err);
  assert.match(direct.out, /^ai-security-navigator 0\.1\.0 \(catalog 2026\.08\)\n$/);
});
