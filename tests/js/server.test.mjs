// The static server: production headers, MIME types, nothing outside the site folder, the
// build's precompressed copies for browsers that accept them, and ETags for returning visitors.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { acceptedEncodings, chooseEncoding, precompress } from '../../scripts/encodings.mjs';
import { dist } from '../../scripts/lib.mjs';
import { createServer, listen } from '../../scripts/serve.mjs';

let server;
let base;
before(async () => {
  server = createServer();
  base = await listen(server, 0);
});
after(() => server.close());

/** A raw request, so that paths like /../ reach the server unnormalised. */
function request(method, path) {
  return new Promise((resolve, reject) => {
    const req = http.request(new URL(base), { method, path }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('the page is served with a strict CSP that allows WebAssembly and requires Trusted Types', async () => {
  const res = await request('GET', '/');
  assert.equal(res.status, 200);
  assert.equal(res.headers['content-type'], 'text/html; charset=utf-8');
  const csp = res.headers['content-security-policy'];
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'(;|$)/);
  assert.match(csp, /require-trusted-types-for 'script'/);
  assert.doesNotMatch(csp, /'unsafe-inline'|'unsafe-eval'/);
  assert.equal(res.headers['x-content-type-options'], 'nosniff');
  assert.equal(res.headers['referrer-policy'], 'no-referrer');
  assert.match(res.body, /<title>AI Security Navigator<\/title>/);
});

test('pages refuse framing by other sites; the widget\'s files may be loaded from other origins', async () => {
  const page = await request('GET', '/embed.html');
  assert.match(page.headers['content-security-policy'], /frame-ancestors 'self'/);
  assert.equal(page.headers['x-frame-options'], 'SAMEORIGIN');
  assert.equal(page.headers['cross-origin-resource-policy'], 'same-origin');
  assert.equal(page.headers['access-control-allow-origin'], undefined);
  assert.match(page.headers['permissions-policy'], /camera=\(\)/);
  for (const file of ['/define.js', '/widget.js', '/ai_security_navigator_bg.wasm']) {
    const res = await request('GET', file);
    assert.equal(res.headers['access-control-allow-origin'], '*', file);
    assert.equal(res.headers['cross-origin-resource-policy'], 'cross-origin', file);
    assert.equal(res.headers['x-content-type-options'], 'nosniff', file);
  }
});

test('every shipped file has its MIME type', async () => {
  const expected = {
    '/ai_security_navigator_bg.wasm': 'application/wasm',
    '/ai_security_navigator.js': 'text/javascript; charset=utf-8',
    '/navigator.js': 'text/javascript; charset=utf-8',
    '/app.js': 'text/javascript; charset=utf-8',
    '/style.css': 'text/css; charset=utf-8',
    '/favicon.svg': 'image/svg+xml',
  };
  for (const [path, type] of Object.entries(expected)) {
    const res = await request('HEAD', path);
    assert.equal(res.status, 200, path);
    assert.equal(res.headers['content-type'], type, path);
  }
});

test('nothing outside the site is served, and only GET and HEAD are allowed', async () => {
  for (const path of ['/../package.json', '/%2e%2e/package.json', '/..%2fpackage.json', '/missing.js']) {
    assert.equal((await request('GET', path)).status, 404, path);
  }
  assert.equal((await request('GET', '/%E0%A4%A')).status, 400);
  const post = await request('POST', '/');
  assert.equal(post.status, 405);
  assert.equal(post.headers.allow, 'GET, HEAD');
});

/** A GET with these headers, against any server; the body as bytes. */
function get(url, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

const decoders = { br: brotliDecompressSync, gzip: gunzipSync, identity: (b) => b };

test('a file is sent in the best encoding the browser accepts, and decodes to the file', async () => {
  const cases = [
    ['gzip, deflate, br, zstd', 'br'], // what Chromium sends
    ['gzip', 'gzip'],
    ['br;q=0.5, gzip', 'gzip'],
    ['br;q=0, gzip;q=0', 'identity'],
    ['*', 'br'],
    ['*;q=0, gzip', 'gzip'],
    ['identity', 'identity'],
    ['br;q=nonsense', 'identity'],
    [undefined, 'identity'],
  ];
  for (const file of ['app.js', 'ai_security_navigator_bg.wasm', 'index.html']) {
    const original = readFileSync(path.join(dist, 'site', file));
    const tags = new Set();
    for (const [accept, expected] of cases) {
      const res = await get(new URL(file, base), accept === undefined ? {} : { 'Accept-Encoding': accept });
      const label = `${file} with Accept-Encoding: ${accept}`;
      assert.equal(res.status, 200, label);
      assert.equal(res.headers['content-encoding'] ?? 'identity', expected, label);
      assert.equal(res.headers.vary, 'Accept-Encoding', label);
      assert.equal(Number(res.headers['content-length']), res.body.length, label);
      assert.ok(decoders[expected](res.body).equals(original), `${label}: the body does not decode to the file`);
      tags.add(`${expected} ${res.headers.etag}`);
    }
    // One ETag per encoding: a cache never mistakes one for another.
    assert.equal(new Set([...tags].map((t) => t.split(' ')[1])).size, 3, `${file}: ${[...tags].join(', ')}`);
  }
  const compressed = await get(new URL('app.js', base), { 'Accept-Encoding': 'br' });
  assert.ok(compressed.body.length < readFileSync(path.join(dist, 'site', 'app.js')).length / 2);
});

test('Accept-Encoding is read as RFC 9110 writes it', () => {
  assert.deepEqual([...acceptedEncodings(' GZIP ;q=0.8 , br;Q=1, ,x;q=2')], [['gzip', 0.8], ['br', 1], ['x', 0]]);
  const both = new Set(['br', 'gzip']);
  assert.equal(chooseEncoding('gzip;q=1, br;q=0.9', both), 'gzip');
  assert.equal(chooseEncoding('gzip;q=0.9, br;q=0.9', both), 'br');
  assert.equal(chooseEncoding('br', new Set(['gzip'])), null);
  assert.equal(chooseEncoding('', both), null);
});

test('a returning browser revalidates with the ETag and gets 304 without a body until the file changes', async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'asn-serve-'));
  const own = createServer({ root });
  const url = await listen(own, 0);
  try {
    const file = path.join(root, 'app.js');
    const write = (text, secondsAgo = 0) => {
      writeFileSync(file, text);
      const when = new Date(Date.now() - secondsAgo * 1000);
      utimesSync(file, when, when);
    };
    write(`export const a = "${'abc '.repeat(200)}";\n`, 60);
    precompress(root);
    const first = await get(new URL('app.js', url), { 'Accept-Encoding': 'br' });
    assert.equal(first.headers['content-encoding'], 'br');
    assert.equal(first.headers['cache-control'], 'no-cache');
    const again = await get(new URL('app.js', url), { 'Accept-Encoding': 'br', 'If-None-Match': first.headers.etag });
    assert.equal(again.status, 304);
    assert.equal(again.body.length, 0);
    assert.equal(again.headers.etag, first.headers.etag);
    assert.match(again.headers['content-security-policy'], /default-src 'none'/);
    // Weak and listed forms match too; another encoding's tag does not.
    assert.equal((await get(new URL('app.js', url), { 'Accept-Encoding': 'br', 'If-None-Match': `"x", W/${first.headers.etag}` })).status, 304);
    assert.equal((await get(new URL('app.js', url), { 'If-None-Match': first.headers.etag })).status, 200);
    // Copied without its times, a copy may look older than its file: it is still sent, since
    // it decodes to the file. A copy that does not decode to it is never sent.
    const longAgo = new Date(Date.now() - 3_600_000);
    utimesSync(`${file}.br`, longAgo, longAgo);
    assert.equal((await get(new URL('app.js', url), { 'Accept-Encoding': 'br' })).headers['content-encoding'], 'br');
    writeFileSync(`${file}.gz`, 'not gzip at all');
    const corrupt = await get(new URL('app.js', url), { 'Accept-Encoding': 'gzip' });
    assert.equal(corrupt.headers['content-encoding'], undefined);
    assert.ok(corrupt.body.equals(readFileSync(file)));
    // The file changes after its copies were made: the stale copies are never sent, the new
    // bytes are, under a new ETag.
    write('export const a = "changed";\n');
    const changed = await get(new URL('app.js', url), { 'Accept-Encoding': 'br, gzip', 'If-None-Match': first.headers.etag });
    assert.equal(changed.status, 200);
    assert.equal(changed.headers['content-encoding'], undefined);
    assert.equal(changed.body.toString(), 'export const a = "changed";\n');
    assert.notEqual(changed.headers.etag, first.headers.etag);
  } finally {
    own.close();
    rmSync(root, { recursive: true, force: true });
  }
});
