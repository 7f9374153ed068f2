// The release build: the hosted site pins every script and stylesheet it loads by its SRI hash
// (modules imported by other modules too, through preloads), integrity.json lists every file,
// and the npm tarball and the SBOM sit next to the folders; the site's files have precompressed
// copies that decode to them.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { pageFiles } from '../../scripts/budget.mjs';
import { OWN_PAGES } from '../../scripts/build.mjs';
import { COMPRESSIBLE, isEncodedCopy } from '../../scripts/encodings.mjs';
import { dist } from '../../scripts/lib.mjs';
import { CONTENT_SECURITY_POLICY } from '../../scripts/serve.mjs';

const site = path.join(dist, 'site');
const sri = (file) => `sha384-${createHash('sha384').update(readFileSync(path.join(site, file))).digest('base64')}`;

test('every script and stylesheet of the hosted pages carries the right integrity hash, imports included', () => {
  for (const [page, entry] of [['index.html', 'start.js'], ['embed.html', 'define.js']]) {
    const html = readFileSync(path.join(site, page), 'utf8');
    const pinned = new Map([...html.matchAll(/(?:href|src)="([\w.-]+\.(?:js|css))" integrity="([^"]+)"/g)].map((m) => [m[1], m[2]]));
    assert.ok(pinned.has(entry), `${page} pins ${entry}`);
    // The page's bootstrap pins what it loads after the first paint.
    if (entry === 'start.js') {
      const list = readFileSync(path.join(site, entry), 'utf8').match(/const PRELOAD = (\[(?:\["[\w.-]+","[\w+/=-]+"\],?)*\])/)?.[1];
      assert.ok(list && list !== '[]', 'start.js carries the modules it preloads, with their hashes');
      for (const [file, hash] of JSON.parse(list)) pinned.set(file, hash);
      assert.ok(pinned.has('app.js'));
    }
    for (const [file, hash] of pinned) assert.equal(hash, sri(file), `${page}: ${file}`);
    // Every relative import of every pinned module, static or dynamic, is pinned too (the site's
    // scripts are minified: any quotes, no spaces).
    for (const file of [...pinned.keys()].filter((f) => f.endsWith('.js'))) {
      for (const m of readFileSync(path.join(site, file), 'utf8').matchAll(/(?:from\s*|import\s*\(\s*|import\s*)['"`]\.\/([\w.-]+\.js)['"`]/g)) {
        assert.ok(pinned.has(m[1]), `${page}: ${file} imports ${m[1]}, which must be preloaded with its hash`);
      }
    }
    // The full module's glue, imported on demand, is fetched with its hash first (navigator.js's
    // fetchChecked): the build wrote that hash into the page's modules that import it.
    const importers = [...pinned.keys()].filter((f) => f.endsWith('.js') && readFileSync(path.join(site, f), 'utf8').includes('ai_security_navigator_full'));
    assert.ok(importers.length > 0, `${page}: a module imports the full module's glue`);
    for (const f of importers) {
      const code = readFileSync(path.join(site, f), 'utf8');
      assert.ok(code.includes(sri('ai_security_navigator_full.js')), `${page}: ${f} carries the hash of the full module's glue`);
      assert.ok(!code.includes('asn-full-glue-integrity'), `${page}: ${f} has no placeholder left`);
    }
    assert.ok(!pinned.has('ai_security_navigator_full.js'), `${page}: the full module's glue is not preloaded with the page`);
    assert.equal([...html.matchAll(/<script[^>]*src="[^"]+"(?![^>]*integrity)/g)].length, 0, `${page}: no script without a hash`);
  }
});

test('integrity.json lists every file of the site with its hash; the tarball and the SBOM are built', () => {
  const listed = JSON.parse(readFileSync(path.join(site, 'integrity.json'), 'utf8'));
  const files = readdirSync(site)
    .filter((f) => f !== 'integrity.json' && !isEncodedCopy(f))
    .sort();
  assert.deepEqual(Object.keys(listed).sort(), files);
  for (const f of files) assert.equal(listed[f], sri(f), f);
  const version = JSON.parse(readFileSync(path.join(dist, 'pkg', 'package.json'), 'utf8')).version;
  assert.ok(existsSync(path.join(dist, `ai-security-navigator-${version}.tgz`)));
  assert.equal(JSON.parse(readFileSync(path.join(dist, 'sbom.cdx.json'), 'utf8')).bomFormat, 'CycloneDX');
});

test('the site carries Brotli and gzip copies of its files, each decoding to exactly its file', () => {
  const all = readdirSync(site);
  const copies = all.filter(isEncodedCopy);
  const decode = { '.br': brotliDecompressSync, '.gz': gunzipSync };
  for (const copy of copies) {
    const suffix = path.extname(copy);
    const original = copy.slice(0, -suffix.length);
    assert.ok(all.includes(original), `${copy} is a copy of no file`);
    assert.ok(decode[suffix](readFileSync(path.join(site, copy))).equals(readFileSync(path.join(site, original))), `${copy} does not decode to ${original}`);
  }
  // Everything the page downloads has both, and Brotli is the smaller.
  for (const file of pageFiles(site)) {
    assert.ok(copies.includes(`${file}.br`) && copies.includes(`${file}.gz`), `${file} has no precompressed copies`);
    assert.ok(statSync(path.join(site, `${file}.br`)).size <= statSync(path.join(site, `${file}.gz`)).size, `${file}: Brotli is larger than gzip`);
  }
  // Only compressible files are copied (a PNG or the like would gain nothing).
  for (const copy of copies) assert.ok(COMPRESSIBLE.has(path.extname(copy.replace(/\.(br|gz)$/, ''))), copy);
});

test("the site's own pages carry the server's policy themselves, first in their head", () => {
  const expected = CONTENT_SECURITY_POLICY.split('; ').filter((d) => !d.startsWith('frame-ancestors'));
  assert.ok(expected.includes("require-trusted-types-for 'script'") && expected.includes("default-src 'none'"));
  assert.deepEqual(OWN_PAGES, ['index.html', 'catalog.html']);
  for (const page of OWN_PAGES) {
    const html = readFileSync(path.join(site, page), 'utf8');
    const head = html.slice(html.indexOf('<head>'), html.indexOf('</head>'));
    const metas = [...head.matchAll(/<meta http-equiv="Content-Security-Policy" content="([^"]+)">/g)];
    assert.equal(metas.length, 1, page);
    assert.deepEqual(metas[0][1].split('; '), expected, page);
    // Nothing that loads or runs anything comes before it.
    assert.doesNotMatch(head.slice(0, metas[0].index), /<(link|script|style|base)\b/, page);
  }
});
