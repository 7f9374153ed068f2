// The hosted page's two modules (ARCHITECTURE.md, "Two modules"): dist/site's navigator.js runs
// on the core module, and the functions the core leaves out work once loadTools() has brought
// the full module — with the same results as the package's full module.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

const site = new URL('../../dist/site/', import.meta.url);
const pkg = new URL('../../dist/pkg/', import.meta.url);
const api = await import(new URL('navigator.js', site).href);
const full = await import(new URL('node.js', pkg).href);

const bytes = (dir, file) => readFileSync(new URL(file, dir));
const exportsOf = (wasm) => WebAssembly.Module.exports(new WebAssembly.Module(wasm)).map((e) => e.name);
const file = JSON.parse(readFileSync(new URL('../../examples/support-chatbot.json', import.meta.url), 'utf8'));
const overlay = JSON.parse(readFileSync(new URL('../../examples/overlay/acme.json', import.meta.url), 'utf8'));
const TOOLS = ['report', 'diagramSvg', 'shareLink', 'readShareLink', 'validateCatalog', 'validateOverlay', 'withOverlay'];

test('the core module leaves out exactly the tools; the full module has them', () => {
  const core = exportsOf(bytes(site, 'ai_security_navigator_bg.wasm'));
  const whole = exportsOf(bytes(site, 'ai_security_navigator_full_bg.wasm'));
  for (const name of ['assess', 'catalog', 'diagram', 'explain', 'diff', 'validate', 'lookup', 'search']) {
    assert.ok(core.includes(name), `core lacks ${name}`);
  }
  for (const name of TOOLS) {
    assert.ok(!core.includes(name), `core has ${name}`);
    assert.ok(whole.includes(name), `full lacks ${name}`);
  }
  assert.deepEqual(bytes(site, 'ai_security_navigator_full_bg.wasm'), bytes(pkg, 'ai_security_navigator_bg.wasm'), 'the site and the package carry the same full module');
});

test('on the core module, the tools say how to get them, and everything else works', () => {
  api.initSync(bytes(site, 'ai_security_navigator_bg.wasm'));
  assert.equal(api.toolsReady(), false);
  assert.equal(full.toolsReady(), true, 'the package has them at once');
  assert.equal(api.assess(file).threats.length, full.assess(file).threats.length);
  for (const call of [() => api.toMarkdown(file), () => api.toCsv(file), () => api.diagramSvg('navigator'), () => api.shareLink(file), () => api.readShareLink('#share=x'), () => api.withOverlay(overlay), () => api.validateOverlay(overlay), () => api.validateCatalog({})]) {
    assert.throws(call, (error) => {
      assert.ok(error instanceof api.NavigatorError, String(error));
      assert.equal(error.code, 'not-initialised');
      assert.match(error.message, /needs the full module: await loadTools\(\) first/);
      return true;
    });
  }
});

test('loadTools() reports a module that cannot be loaded, says so on the next call, and can be retried', async () => {
  await assert.rejects(api.loadTools(new Uint8Array([0, 1, 2, 3])), (error) => {
    assert.ok(error instanceof api.NavigatorError);
    assert.equal(error.code, 'load-failed');
    return true;
  });
  assert.throws(() => api.toCsv(file), /loading it failed/);
  assert.equal(api.toolsReady(), false);
  await api.loadTools(bytes(site, 'ai_security_navigator_full_bg.wasm'));
  assert.equal(api.toolsReady(), true);
  await api.loadTools(); // a second call is a no-op
});

test('after loadTools(), the tools give what the full module gives', () => {
  assert.equal(api.toMarkdown(file, { date: '2026-11-26' }), full.toMarkdown(file, { date: '2026-11-26' }));
  assert.equal(api.toCsv(file), full.toCsv(file));
  assert.equal(api.diagramSvg('matrix', file), full.diagramSvg('matrix', file));
  const link = api.shareLink(file);
  assert.equal(link, full.shareLink(file));
  assert.deepEqual(api.readShareLink(link), full.readShareLink(link));
  const custom = api.withOverlay(overlay);
  assert.equal(custom.overlay.name, full.withOverlay(overlay).overlay.name);
  assert.deepEqual(custom.assess(file), full.withOverlay(overlay).assess(file));
  // The core keeps serving everything else.
  assert.deepEqual(api.assess(file), full.assess(file));
});
