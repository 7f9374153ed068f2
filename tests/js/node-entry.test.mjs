// The package's Node.js entry (dist/pkg/node.js): usable at import, no init() needed.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

const pkg = new URL('../../dist/pkg/', import.meta.url);

test('the Node.js entry loads the module at import', async () => {
  const api = await import(new URL('node.js', pkg).href);
  assert.equal(api.catalogVersion(), '2026.08');
  await api.init(); // resolves at once, and is harmless
  api.initSync(readFileSync(new URL('ai_security_navigator_bg.wasm', pkg))); // a no-op once loaded
  const result = api.assess({ answers: { model_type: 'heuristic' } });
  assert.equal(result.threats.find((t) => t.id === 'promptinjection').status, 'not-applicable');
});

test('initSync reports bytes that are no module as load-failed', () => {
  // In a process of its own, so that the module starts unloaded.
  const script = `
    const { initSync, catalogVersion } = await import(${JSON.stringify(new URL('navigator.js', pkg).href)});
    try { initSync(new Uint8Array([1, 2, 3])); } catch (e) { console.log(e.name, e.code); }
    try { catalogVersion(); } catch (e) { console.log(e.code); }`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.equal(result.stdout, 'NavigatorError load-failed\nnot-initialised\n', result.stderr);
});
