// Reproducible builds: both modules (full and core), built twice from scratch (each in an empty
// target folder), are byte-identical, glue included, and identical to those `npm run build` put
// in dist/ — so anyone can rebuild a release from its sources and check its hashes.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { buildModule } from '../../scripts/build.mjs';
import { dist } from '../../scripts/lib.mjs';

const work = mkdtempSync(path.join(tmpdir(), 'asn-repro-'));
after(() => rmSync(work, { recursive: true, force: true }));

const hashes = (dir) =>
  Object.fromEntries(
    readdirSync(dir)
      .sort()
      .map((f) => [f, createHash('sha256').update(readFileSync(path.join(dir, f))).digest('hex')]),
  );

test('two clean builds give byte-identical modules (full and core), the same as dist/', async () => {
  const builds = [];
  for (const name of ['a', 'b']) {
    const started = Date.now();
    const targetDir = path.join(work, `target-${name}`);
    const full = await buildModule({ outDir: path.join(work, name), targetDir });
    const core = await buildModule({ outDir: path.join(work, `${name}-core`), targetDir, core: true });
    console.log(`# clean build ${name}: ${((Date.now() - started) / 1000).toFixed(0)} s`);
    builds.push({ full: hashes(full), core: hashes(core) });
  }
  assert.deepEqual(builds[0], builds[1], 'the two clean builds differ');
  assert.deepEqual(builds[0].full, hashes(path.join(dist, 'wasm')), 'a clean build differs from dist/wasm');
  assert.deepEqual(builds[0].core, hashes(path.join(dist, 'wasm-core')), 'a clean build differs from dist/wasm-core');
  for (const kind of ['full', 'core']) {
    const wasm = builds[0][kind]['ai_security_navigator_bg.wasm'];
    console.log(`# ${kind} ai_security_navigator_bg.wasm sha256 ${wasm}`);
    assert.match(wasm, /^[0-9a-f]{64}$/);
  }
  assert.notEqual(builds[0].full['ai_security_navigator_bg.wasm'], builds[0].core['ai_security_navigator_bg.wasm']);
});
