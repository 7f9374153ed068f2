// End-to-end harness: the built site served with the production headers, Debian's Chromium
// driven by Playwright, and a page that fails the test on any console error, page error,
// CSP violation or request that leaves the site.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import AxeBuilder from '@axe-core/playwright';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, findBrowser } from '../../scripts/lib.mjs';
import { createServer, listen } from '../../scripts/serve.mjs';

/** Starts the server and the browser once per test file; returns accessors for both. */
export function useSite() {
  const state = { browser: null, server: null, url: '' };
  before(async () => {
    state.server = createServer();
    state.url = await listen(state.server, 0);
    state.browser = await chromium.launch({ executablePath: findBrowser(), args: CHROMIUM_ARGS });
  });
  after(async () => {
    await state.browser?.close();
    state.server?.close();
  });
  return state;
}

/**
 * Opens the site in a fresh context and runs `body(page)`. Afterwards the test fails if the page
 * logged an error, threw, violated its CSP or requested anything from another origin.
 * @param {{ browser: import('playwright-core').Browser, url: string }} site
 * @param {(page: import('playwright-core').Page) => Promise<void>} body
 * @param {{ path?: string, colorScheme?: 'light' | 'dark', expectedProblems?: RegExp[], setup?: (page: import('playwright-core').Page) => Promise<void> }} [options]
 *   `expectedProblems`: problems the test provokes on purpose; each must occur, and is then allowed.
 *   `setup(page)`: runs before the page is opened (init scripts, listeners).
 */
export async function withPage(site, body, { path = '', colorScheme = 'light', expectedProblems = [], setup } = {}) {
  const context = await site.browser.newContext({ colorScheme });
  const page = await context.newPage();
  const problems = [];
  const origin = new URL(site.url).origin;
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') {
      problems.push(`console ${message.type()}: ${message.text()}`);
    }
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('request', (request) => {
    const url = request.url();
    // blob: URLs of this origin are the page's own data (e.g. a diagram being exported).
    if (!url.startsWith(`${origin}/`) && !url.startsWith('data:') && !url.startsWith(`blob:${origin}/`)) {
      problems.push(`request off the site: ${url}`);
    }
  });
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()}`));
  try {
    await setup?.(page);
    await page.goto(site.url + path);
    await body(page);
  } finally {
    await context.close();
  }
  for (const expected of expectedProblems) {
    const index = problems.findIndex((p) => expected.test(p));
    assert.notEqual(index, -1, `expected the page to report ${expected}, got ${JSON.stringify(problems)}`);
    problems.splice(index, 1);
  }
  assert.deepEqual(problems, [], 'the page must run without errors, warnings or foreign requests');
}

/** The page once the navigator has signalled it is usable. */
export async function ready(page) {
  await page.locator('html[data-ready="true"]').waitFor({ state: 'attached', timeout: 15_000 });
}

/**
 * Resolves once the page shows its last change: the report follows an answer in the task after
 * the frame that shows the answer (`afterPaint` in www/dom.js), and a report that gets many new
 * rows at once (a first render) adds them a batch per frame, `aria-busy` until it is complete.
 */
export const settled = (page) =>
  page.evaluate(async () => {
    const frame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    await frame();
    await frame();
    // A report still being filled in (a batch of rows per frame) says so with aria-busy.
    const busy = () => [document, ...[...document.querySelectorAll('ai-security-navigator')].map((w) => w.shadowRoot).filter(Boolean)].some((root) => root.querySelector('#report[aria-busy="true"]'));
    while (busy()) await frame();
  });

/** The text of a part of the report as a reader sees it: scrolled to, once the report has followed. */
export async function shownText(locator) {
  await locator.scrollIntoViewIfNeeded();
  await settled(locator.page());
  return locator.innerText();
}

/** Asserts zero axe-core violations (WCAG 2.x A and AA) in the page as it is now. */
export async function assertAccessible(page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length} nodes)`);
  assert.deepEqual(summary, [], 'axe-core found accessibility violations');
}

/**
 * What sticks out sideways past the window (or past the right edge of the element `within`), as
 * "tag#id.class (right edge px)": every element of the page and of widgets' shadow roots beyond
 * that edge, outside any box that scrolls or clips sideways (the map's), the outermost of each.
 * Opens every `<details>` and lays out the lists that `content-visibility` skips while off
 * screen, so that everything is measured; also returns the document's width and the window's.
 */
export const sidewaysOverflow = (page, within = null) =>
  page.evaluate((within) => {
    const roots = [document];
    for (let i = 0; i < roots.length; i++) for (const el of roots[i].querySelectorAll('*')) if (el.shadowRoot) roots.push(el.shadowRoot);
    for (const root of roots) {
      for (const details of root.querySelectorAll('details')) details.open = true;
      for (const el of root.querySelectorAll('#threats, #controls, #mappings')) el.style.contentVisibility = 'visible';
    }
    const up = (el) => el.parentElement ?? el.getRootNode().host ?? null;
    const scrolls = (el) => ['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(el).overflowX);
    const width = document.documentElement.clientWidth;
    const edge = within ? document.querySelector(within).getBoundingClientRect().right : width;
    const beyond = (el) => el.getBoundingClientRect().right > edge + 0.5;
    const out = [];
    for (const root of roots) {
      for (const el of root.querySelectorAll('*')) {
        if (!beyond(el) || el.getBoundingClientRect().width === 0) continue;
        let inside = false;
        let outermost = true;
        for (let p = up(el); p && p !== document.documentElement; p = up(p)) {
          if (scrolls(p)) inside = true;
          if (beyond(p)) outermost = false;
        }
        if (!inside && outermost) out.push(`${el.localName}#${el.id}.${[...el.classList].join('.')} (${Math.round(el.getBoundingClientRect().right)} px)`);
      }
    }
    return { window: width, document: document.documentElement.scrollWidth, beyond: out };
  }, within);
