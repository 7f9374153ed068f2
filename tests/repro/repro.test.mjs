// Reproducible builds: the module built twice from scratch (each in an empty target folder) is
// byte-identical, glue included, and identical to the one `npm run build` put in dist/ — so anyone
// can rebuild a release from its sources and check its hashes.
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

test('two clean builds give byte-identical modules, the same as dist/', async () => {
  const builds = [];
  for (const name of ['a', 'b']) {
    const started = Date.now();
    const out = await buildModule({ outDir: path.join(work, name), targetDir: path.join(work, `target-${name}`) });
    console.log(`# clean build ${name}: ${((Date.now() - started) / 1000).toFixed(0)} s`);
    builds.push(hashes(out));
  }
  assert.deepEqual(builds[0], builds[1], 'the two clean builds differ');
  assert.deepEqual(builds[0], hashes(path.join(dist, 'wasm')), 'a clean build differs from dist/wasm');
  const wasm = builds[0]['ai_security_navigator_bg.wasm'];
  console.log(`# ai_security_navigator_bg.wasm sha256 ${wasm}`);
  assert.match(wasm, /^[0-9a-f]{64}$/);
});
