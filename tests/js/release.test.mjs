// The release build: the hosted site pins every script and stylesheet it loads by its SRI hash
// (modules imported by other modules too, through preloads), integrity.json lists every file,
// and the npm tarball and the SBOM sit next to the folders.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { dist } from '../../scripts/lib.mjs';

const site = path.join(dist, 'site');
const sri = (file) => `sha384-${createHash('sha384').update(readFileSync(path.join(site, file))).digest('base64')}`;

test('every script and stylesheet of the hosted pages carries the right integrity hash, imports included', () => {
  for (const [page, entry] of [['index.html', 'app.js'], ['embed.html', 'define.js']]) {
    const html = readFileSync(path.join(site, page), 'utf8');
    const pinned = new Map([...html.matchAll(/(?:href|src)="([\w.-]+\.(?:js|css))" integrity="([^"]+)"/g)].map((m) => [m[1], m[2]]));
    for (const [file, hash] of pinned) assert.equal(hash, sri(file), `${page}: ${file}`);
    assert.ok(pinned.has(entry), `${page} pins ${entry}`);
    // Every relative import of every pinned module is pinned too.
    for (const file of [...pinned.keys()].filter((f) => f.endsWith('.js'))) {
      for (const m of readFileSync(path.join(site, file), 'utf8').matchAll(/from '\.\/([\w.-]+\.js)'/g)) {
        assert.ok(pinned.has(m[1]), `${page}: ${file} imports ${m[1]}, which must be preloaded with its hash`);
      }
    }
    assert.equal([...html.matchAll(/<script[^>]*src="[^"]+"(?![^>]*integrity)/g)].length, 0, `${page}: no script without a hash`);
  }
});

test('integrity.json lists every file of the site with its hash; the tarball and the SBOM are built', () => {
  const listed = JSON.parse(readFileSync(path.join(site, 'integrity.json'), 'utf8'));
  const files = readdirSync(site).filter((f) => f !== 'integrity.json').sort();
  assert.deepEqual(Object.keys(listed).sort(), files);
  for (const f of files) assert.equal(listed[f], sri(f), f);
  const version = JSON.parse(readFileSync(path.join(dist, 'pkg', 'package.json'), 'utf8')).version;
  assert.ok(existsSync(path.join(dist, `ai-security-navigator-${version}.tgz`)));
  assert.equal(JSON.parse(readFileSync(path.join(dist, 'sbom.cdx.json'), 'utf8')).bomFormat, 'CycloneDX');
});
