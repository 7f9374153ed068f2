// The static server: production headers, MIME types, and nothing outside the site folder.
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, test } from 'node:test';
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
