// The hosted site's integrity hashes are enforced by the browser: a module changed on the server
// (one added comment) is refused, and the page does not run it. And the size budget counts
// exactly what a browser downloads for the page, which arrives Brotli-compressed and, for a
// returning visitor, is revalidated rather than downloaded again.
import assert from 'node:assert/strict';
import { appendFileSync, cpSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, dist, findBrowser } from '../../scripts/lib.mjs';
import { createServer, listen } from '../../scripts/serve.mjs';
import { pageFiles } from '../../scripts/budget.mjs';
import { withPage } from './harness.mjs';

const work = mkdtempSync(path.join(tmpdir(), 'asn-release-'));
const site = { browser: null, url: '' };
// A second copy in which only the full module's glue (imported on demand) is changed.
const glueWork = mkdtempSync(path.join(tmpdir(), 'asn-release-glue-'));
const glueSite = { browser: null, url: '' };
let server;
let glueServer;
before(async () => {
  cpSync(path.join(dist, 'site'), work, { recursive: true });
  appendFileSync(path.join(work, 'app.js'), '\n// changed on the server\n');
  server = createServer({ root: work });
  site.url = await listen(server, 0);
  cpSync(path.join(dist, 'site'), glueWork, { recursive: true });
  appendFileSync(path.join(glueWork, 'ai_security_navigator_full.js'), '\n// changed on the server\n');
  glueServer = createServer({ root: glueWork });
  glueSite.url = await listen(glueServer, 0);
  site.browser = await chromium.launch({ executablePath: findBrowser(), args: CHROMIUM_ARGS });
  glueSite.browser = site.browser;
});
after(async () => {
  await site.browser?.close();
  server?.close();
  glueServer?.close();
  rmSync(work, { recursive: true, force: true });
  rmSync(glueWork, { recursive: true, force: true });
});

test('a module that does not match its hash is refused and never runs', async () => {
  await withPage(site, async (page) => {
    await page.waitForTimeout(1500);
    assert.equal(await page.evaluate(() => document.documentElement.dataset.ready), undefined, 'the page did not start');
    assert.equal(await page.evaluate(() => performance.getEntriesByName('asn-start').length), 0, 'app.js never ran');
    // The map drawn by the build is still there, and the visitor is told why nothing else is.
    assert.match(await page.getByRole('alert').innerText(), /^The navigator could not start: its scripts could not be loaded \(app\.js could not be loaded or does not match its hash\)/);
    assert.ok(await page.getByRole('img', { name: /Navigator/ }).isVisible());
  }, { expectedProblems: [/integrity.*app\.js.*blocked/i] });
});

test('the full module\'s glue, fetched on demand, is refused when it does not match its hash', async () => {
  const modules = [];
  await withPage(
    glueSite,
    async (page) => {
      await page.locator('html[data-ready="true"]').waitFor({ state: 'attached' });
      await page.getByRole('button', { name: 'Report (Markdown)' }).click();
      await page.getByText(/^The report could not be made: the full module could not be loaded: .*does not match its hash/).waitFor();
      assert.deepEqual(modules, [], 'the changed glue never ran, so it never asked for its module');
      // Everything else keeps working.
      await page.getByRole('radio', { name: 'Yes' }).first().check();
      assert.equal(await page.evaluate(() => document.documentElement.dataset.ready), 'true');
    },
    {
      expectedProblems: [/integrity.*ai_security_navigator_full\.js.*blocked/i],
      setup: async (page) => page.on('request', (r) => r.url().endsWith('_full_bg.wasm') && modules.push(r.url())),
    },
  );
});

/**
 * Serves the built site (with the production headers, or `headers`) to a fresh browser context
 * and runs `body(page, url)`; closes both afterwards.
 */
async function withBuiltSite(body, headers = undefined) {
  const server = createServer({ root: path.join(dist, 'site'), ...(headers ? { headers } : {}) });
  const url = await listen(server, 0);
  const context = await site.browser.newContext();
  try {
    await body(await context.newPage(), url);
  } finally {
    await context.close();
    server.close();
  }
}

/** Opens the page and waits until it is ready and the network is quiet. */
async function openPage(page, url) {
  await page.goto(url);
  await page.locator('html[data-ready="true"]').waitFor({ state: 'attached' });
  await page.waitForLoadState('networkidle');
}

test('the page downloads exactly the files that the size budget counts', async () => {
  await withBuiltSite(async (page, url) => {
    const requested = new Set();
    page.on('request', (request) => requested.add(new URL(request.url()).pathname.slice(1) || 'index.html'));
    await openPage(page, url);
    const counted = pageFiles(path.join(dist, 'site'));
    assert.deepEqual([...requested].filter((f) => !counted.includes(f)), [], 'downloaded but not counted');
    // Chromium may take the icon from its cache or skip it; everything else must be fetched.
    assert.deepEqual(counted.filter((f) => !requested.has(f) && f !== 'favicon.svg'), [], 'counted but not downloaded');
    assert.ok(counted.includes('app.js') && !counted.includes('dom.js'), 'the application arrives bundled');
  });
});

test('a first visit receives every file Brotli-compressed; a returning visitor downloads none of them again', async () => {
  const built = path.join(dist, 'site');
  await withBuiltSite(async (page, url) => {
    const received = new Map();
    page.on('response', (response) => received.set(new URL(response.url()).pathname.slice(1) || 'index.html', response.headers()['content-encoding']));
    // What Chromium itself counts: bytes over the wire (headers included) and the body's size.
    const visit = async () => {
      await openPage(page, url);
      return page.evaluate(() =>
        [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')].map((e) => ({
          file: new URL(e.name).pathname.slice(1) || 'index.html',
          transfer: e.transferSize,
          body: e.encodedBodySize,
        })),
      );
    };
    const first = await visit();
    for (const file of pageFiles(built).filter((f) => received.has(f))) assert.equal(received.get(file), 'br', `${file} arrived without Brotli`);
    const bodies = first.reduce((n, e) => n + e.body, 0);
    const copies = pageFiles(built)
      .filter((f) => first.some((e) => e.file === f))
      .reduce((n, f) => n + statSync(path.join(built, `${f}.br`)).size, 0);
    assert.equal(bodies, copies, 'the bodies received are the Brotli copies the budget counts');
    console.log(`# first visit: ${(bodies / 1024).toFixed(1)} KiB of bodies, ${(first.reduce((n, e) => n + e.transfer, 0) / 1024).toFixed(1)} KiB over the wire`);

    await page.goto('about:blank');
    const again = await visit();
    assert.deepEqual(again.map((e) => e.file).sort(), first.map((e) => e.file).sort());
    // Each file was revalidated (a 304: fewer headers than the first answer, and no body) or
    // taken from the cache (nothing transferred).
    for (const e of again) {
      const before = first.find((f) => f.file === e.file);
      assert.ok(e.transfer <= before.transfer - before.body, `${e.file}: ${e.transfer} bytes transferred again (first visit: ${before.transfer}, of them body ${before.body})`);
    }
    console.log(`# return visit: ${(again.reduce((n, e) => n + e.transfer, 0) / 1024).toFixed(1)} KiB over the wire`);
  });
});

test('on a host that sends no headers at all, the page still runs under its own policy', async () => {
  await withBuiltSite(async (page, url) => {
    const problems = [];
    page.on('console', (m) => ['error', 'warning'].includes(m.type()) && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));
    await page.addInitScript(() => {
      window.__violations = [];
      document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective));
    });
    const response = await page.goto(url);
    assert.equal(response.headers()['content-security-policy'], undefined, 'the server sent no policy');
    await page.locator('html[data-ready="true"]').waitFor({ state: 'attached' });
    assert.deepEqual(problems, [], 'the policy in the page lets it run, without a word');
    // Trusted Types are required: HTML is never parsed from a string.
    const parsed = await page.evaluate(() => {
      try {
        document.createElement('div').innerHTML = '<img src=x onerror=alert(1)>';
        return 'parsed';
      } catch (error) {
        return error.name;
      }
    });
    assert.equal(parsed, 'TypeError');
    // Nothing is sent to another origin, not even by an image.
    await page.evaluate(() => fetch('https://example.com/answers', { method: 'POST', body: '{}' }).catch(() => {}));
    await page.evaluate(() => document.body.append(Object.assign(document.createElement('img'), { src: 'https://example.com/pixel.png?answers' })));
    await page.waitForFunction(() => window.__violations.length >= 3);
    assert.deepEqual(await page.evaluate(() => [...new Set(window.__violations)].sort()), ['connect-src', 'img-src', 'require-trusted-types-for']);
  }, {});
});
