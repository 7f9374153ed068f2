// The widget as a portal embeds it: <ai-security-navigator> on host pages served under exactly
// the policy README tells hosts to send, next to hostile global CSS, twice on one page, driven
// through attributes, properties and events; with catalog overlays; and the offline single file
// and the self-hosted folder with integrity hashes.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, dist, findBrowser, root } from '../../scripts/lib.mjs';
import { createServer, HOST_POLICY, listen } from '../../scripts/serve.mjs';
import { assertAccessible, settled, sidewaysOverflow, withPage } from './harness.mjs';

const work = mkdtempSync(path.join(tmpdir(), 'asn-widget-'));
const hostRoot = path.join(work, 'host');
const host = { browser: null, url: '', server: null };
const servers = [];

/** Serves `dir` with only the host policy, as a portal would. */
async function serve(dir) {
  const server = createServer({ root: dir, headers: { 'Content-Security-Policy': HOST_POLICY } });
  servers.push(server);
  return listen(server, 0);
}

before(async () => {
  // The built site plus the test's host pages and an assessment file to point `src` at.
  cpSync(path.join(dist, 'site'), hostRoot, { recursive: true });
  cpSync(path.join(root, 'tests', 'e2e', 'fixtures'), path.join(hostRoot, 'fixtures'), { recursive: true });
  cpSync(path.join(root, 'examples', 'support-chatbot.json'), path.join(hostRoot, 'fixtures', 'chatbot.json'));
  host.url = await serve(hostRoot);
  host.browser = await chromium.launch({ executablePath: findBrowser(), args: CHROMIUM_ARGS });
});

after(async () => {
  await host.browser?.close();
  for (const server of servers) server.close();
  rmSync(work, { recursive: true, force: true });
});

/** Records CSP violations from the first script on; read them with `violations(page)`. */
async function watchPolicy(page) {
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
}
const violations = (page) => page.evaluate(() => window.__violations);

/** Records the widget events that reach the document, in order. */
async function recordEvents(page) {
  await page.addInitScript(() => {
    window.__events = [];
    for (const type of ['asn-ready', 'asn-change', 'asn-select', 'asn-view', 'asn-error']) {
      document.addEventListener(type, (e) => window.__events.push({ type, target: e.target.id, composed: e.composed, detail: JSON.parse(JSON.stringify(e.detail)) }));
    }
  });
}
const events = (page, type) => page.evaluate((t) => window.__events.filter((e) => !t || e.type === t), type);
const whenReady = (page, selector = 'ai-security-navigator') => page.locator(selector).evaluate((el) => el.ready);

test('the example portal embeds the widget in two lines, under the strict host policy, in its own colours, with zero violations and no foreign request', async () => {
  const requests = [];
  const setup = async (page) => {
    await watchPolicy(page);
    page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  };
  await withPage(host, async (page) => {
    await whenReady(page);
    const widget = page.locator('ai-security-navigator');
    await widget.getByRole('tab', { name: 'Navigator' }).waitFor();
    assert.equal(await widget.getByRole('tab', { name: 'Navigator' }).getAttribute('aria-selected'), 'true');
    // The page really is under the host policy, and nothing was refused.
    const policy = await page.evaluate(async () => (await fetch(location.href)).headers.get('content-security-policy'));
    assert.equal(policy, HOST_POLICY);
    assert.deepEqual(await violations(page), []);
    // Only the widget's own files were requested.
    const files = [...new Set(requests)].sort();
    assert.ok(files.includes('/ai_security_navigator_bg.wasm'), files.join(' '));
    assert.ok(files.every((f) => /^\/(embed\.(html|css)|favicon\.svg|[a-z_-]+\.(js|wasm))$/.test(f)), files.join(' '));
    // The portal's palette reached the inside through the custom properties and parts only.
    const styles = await widget.evaluate((el) => {
      const tab = el.shadowRoot.querySelector('[role="tab"][aria-selected="true"]');
      const base = el.shadowRoot.querySelector('.asn');
      const button = el.shadowRoot.querySelector('.exports button');
      return {
        font: getComputedStyle(base).fontFamily,
        background: getComputedStyle(base).backgroundColor,
        tabShadow: getComputedStyle(tab).boxShadow,
        buttonRadius: getComputedStyle(button).borderTopLeftRadius,
      };
    });
    assert.match(styles.font, /^Georgia/);
    assert.equal(styles.background, 'rgb(255, 253, 249)');
    assert.match(styles.tabShadow, /rgb\(122, 42, 99\)/, 'the accent colour of the portal');
    assert.equal(styles.buttonRadius, '0px', '::part(button) from the portal');
    await assertAccessible(page);
  }, { path: 'embed.html', setup });
  // withPage has also asserted: no console error, no page error, no request off the site.
});

test('the widget follows its own width: in a narrow column of a wide screen, and on a phone, nothing but its map scrolls sideways', async () => {
  const reportCells = (page) => page.locator('ai-security-navigator').evaluate((el) => getComputedStyle(el.shadowRoot.querySelector('.threats-table td')).display);
  // A column of 20rem beside the portal's content: the window is wide, the widget is not.
  await withPage(host, async (page) => {
    await whenReady(page);
    await settled(page);
    const { beyond } = await sidewaysOverflow(page, 'ai-security-navigator');
    assert.deepEqual(beyond, [], 'these stick out of the widget');
    assert.equal(await reportCells(page), 'block', "the report's rows are cards");
  }, { path: 'fixtures/column.html' });
  // The example portal on a phone held upright, at the width of a 400 % zoom.
  await withPage(host, async (page) => {
    await whenReady(page);
    await settled(page);
    const { window, document, beyond } = await sidewaysOverflow(page);
    assert.deepEqual(beyond, [], 'these stick out of the window');
    assert.equal(document, window, 'the portal page is no wider than the window');
    assert.equal(await reportCells(page), 'block');
    await assertAccessible(page);
  }, { path: 'embed.html', setup: (page) => page.setViewportSize({ width: 320, height: 800 }) });
  // A wide widget keeps its tables.
  await withPage(host, async (page) => {
    await whenReady(page);
    await settled(page);
    assert.equal(await reportCells(page), 'table-cell');
  }, { path: 'embed.html' });
});

test('hostile global CSS does not reach into the widget, the widget does not leak out, and two widgets work independently', async () => {
  await withPage(host, async (page) => {
    const probe = () =>
      page.evaluate(() => {
        const pick = (el) => {
          const s = getComputedStyle(el);
          return [s.color, s.fontSize, s.fontFamily, s.lineHeight, s.backgroundColor, s.padding, s.display, s.boxSizing].join('|');
        };
        return [...document.querySelectorAll('.probe, h1, body')].map(pick);
      });
    const before = await probe();
    await page.evaluate(() => import('/define.js'));
    await whenReady(page, '#first');
    await whenReady(page, '#second');
    assert.deepEqual(await probe(), before, 'the host page looks the same with the widgets defined');

    const inside = await page.locator('#first').evaluate((el) => {
      const tab = el.shadowRoot.querySelector('[role="tab"]');
      const svg = el.shadowRoot.querySelector('#diagram-scroll svg');
      const list = el.shadowRoot.querySelector('#finder-options');
      const base = el.shadowRoot.querySelector('.asn');
      const s = getComputedStyle(tab);
      return {
        tab: [s.display, s.color, s.fontSize, s.textTransform, s.letterSpacing, s.fontFamily, s.fontStyle].join('|'),
        svg: getComputedStyle(svg).display,
        hiddenList: getComputedStyle(list).display,
        base: [getComputedStyle(base).direction, getComputedStyle(base).textAlign, getComputedStyle(base).backgroundColor, getComputedStyle(base).fontWeight].join('|'),
      };
    });
    const [display, color, size, transform, spacing, family, style] = inside.tab.split('|');
    assert.notEqual(display, 'none');
    assert.notEqual(color, 'rgb(255, 0, 0)');
    assert.equal(size, '16px');
    assert.equal(transform, 'none');
    assert.equal(spacing, 'normal');
    assert.doesNotMatch(family, /Comic/);
    assert.equal(style, 'normal');
    assert.notEqual(inside.svg, 'none');
    assert.equal(inside.hiddenList, 'none', '[hidden] stays hidden inside');
    assert.equal(inside.base, 'ltr|start|rgb(255, 255, 255)|400');

    // The second widget took its attributes: matrix view, dark, no questionnaire.
    const second = page.locator('#second');
    assert.equal(await second.getByRole('tab', { name: 'AI security matrix' }).getAttribute('aria-selected'), 'true');
    assert.equal(await second.evaluate((el) => getComputedStyle(el.shadowRoot.querySelector('.asn')).backgroundColor), 'rgb(20, 23, 28)');
    assert.equal(await second.getByRole('region', { name: 'Describe your system' }).count(), 0);

    // Answering in the first changes the first only.
    const first = page.locator('#first');
    await first.getByRole('group', { name: /What kind of model/ }).getByLabel('Generative AI: a large language model').check();
    await first.locator('.change-note').filter({ hasText: /^Answering model_type/ }).waitFor();
    assert.equal(await first.evaluate((el) => el.assessment.answers.model_type), 'genai_llm');
    assert.deepEqual(await second.evaluate((el) => el.assessment.answers), {});
    // Selecting in the second leaves the first alone.
    await second.evaluate((el) => (el.selected = 'MONITORUSE'));
    await second.locator('.details h4', { hasText: 'Monitor use' }).waitFor();
    assert.equal(await first.getAttribute('selected'), null);
    assert.match(await first.locator('.details').innerText(), /Select a threat or control/);
  }, { path: 'fixtures/hostile.html' });
});

test('attributes and properties drive the widget, the user\'s actions come back as events, and bad values are refused with a reason', async () => {
  await withPage(host, async (page) => {
    await whenReady(page);
    const widget = page.locator('ai-security-navigator');
    const [ready] = await events(page, 'asn-ready');
    assert.deepEqual(ready.detail, { catalog: '2026.08', overlay: null });
    assert.equal(ready.composed, true);

    // view: attribute and property, reflected both ways.
    await widget.evaluate((el) => (el.view = 'periodic'));
    assert.equal(await widget.getByRole('tab', { name: 'Periodic table' }).getAttribute('aria-selected'), 'true');
    await widget.getByRole('tab', { name: 'AI security matrix' }).click();
    assert.equal(await widget.getAttribute('view'), 'matrix');
    assert.deepEqual((await events(page, 'asn-view')).map((e) => e.detail), [{ view: 'matrix' }]);

    // selected: any name a person has in hand; the attribute then holds the current id.
    await widget.evaluate((el) => el.setAttribute('selected', '#MONITOR USE'));
    await widget.locator('.details h4', { hasText: 'Monitor use' }).waitFor();
    assert.equal(await widget.getAttribute('selected'), 'MONITORUSE');
    // The user selects in the diagram: attribute and event follow.
    await widget.getByRole('tab', { name: 'Navigator' }).click();
    await widget.locator('#diagram-scroll [data-key="control:RATELIMIT"]').first().click();
    await widget.locator('.details h4', { hasText: 'Rate limit' }).waitFor();
    assert.equal(await widget.getAttribute('selected'), 'RATELIMIT');
    const selects = await events(page, 'asn-select');
    assert.deepEqual(selects.at(-1).detail, { kind: 'control', id: 'RATELIMIT', name: 'Rate limit' });

    // Answers: asn-change carries the assessment and its result.
    await widget.getByLabel('Name of the system').fill('Portal bot');
    await widget.getByLabel('Name of the system').press('Tab');
    await widget.getByRole('group', { name: /What kind of model/ }).getByLabel('Generative AI: a large language model').check();
    await page.waitForFunction(() => window.__events.some((e) => e.type === 'asn-change' && e.detail.assessment.answers.model_type));
    const change = (await events(page, 'asn-change')).at(-1);
    assert.equal(change.detail.assessment.system.name, 'Portal bot');
    assert.equal(change.detail.assessment.answers.model_type, 'genai_llm');
    assert.equal(change.detail.result.threats.find((t) => t.id === 'directpromptinjection').status, 'applies');

    // A bad value is refused with the allowed ones; the widget keeps its state.
    await widget.evaluate((el) => el.setAttribute('view', 'sideways'));
    const viewError = (await events(page, 'asn-error')).at(-1);
    assert.equal(viewError.detail.source, 'view');
    assert.match(viewError.detail.message, /view="sideways" is not allowed; use one of: navigator, matrix, periodic/);
    assert.equal(await widget.getByRole('tab', { name: 'Navigator' }).getAttribute('aria-selected'), 'true');
    assert.equal(await widget.evaluate((el) => el.view), 'navigator', 'the attribute goes back to the view shown');
    await widget.getByRole('alert').filter({ hasText: 'view="sideways"' }).waitFor();

    // An assessment with problems is refused as a whole, every problem named; nothing is lost.
    await widget.evaluate((el) => (el.assessment = { answers: { model_type: 'quantum', hosting: 'self', wat: 'yes' } }));
    const refused = (await events(page, 'asn-error')).at(-1);
    assert.equal(refused.detail.code, 'invalid-assessment');
    assert.ok(refused.detail.problems.length >= 2, JSON.stringify(refused.detail.problems));
    assert.equal(await widget.evaluate((el) => el.assessment.system.name), 'Portal bot');

    // src: an assessment file from the portal's own server; a missing one is reported.
    await widget.evaluate((el) => (el.src = 'fixtures/chatbot.json'));
    await widget.locator('.report-meta', { hasText: /^Support chatbot · catalog 2026\.08/ }).waitFor();
    assert.equal(await widget.evaluate((el) => el.result.catalog), '2026.08');
    await widget.evaluate((el) => (el.src = 'fixtures/missing.json'));
    await page.waitForFunction(() => window.__events.some((e) => e.type === 'asn-error' && e.detail.source === 'src'));
    assert.match((await events(page, 'asn-error')).at(-1).detail.message, /src="fixtures\/missing\.json" could not be loaded: the server answered 404/);

    // readonly and questionnaire, as attributes.
    await widget.evaluate((el) => el.setAttribute('readonly', ''));
    assert.equal(await widget.getByRole('group', { name: /What kind of model/ }).getByLabel('Generative AI: a large language model').isDisabled(), true);
    await widget.evaluate((el) => el.setAttribute('questionnaire', 'off'));
    assert.equal(await widget.getByRole('region', { name: 'Describe your system' }).count(), 0);
    await widget.evaluate((el) => (el.questionnaire = true));
    await widget.getByRole('region', { name: 'Describe your system' }).waitFor();
    // theme: dark colours, except where the portal set its own (here the background).
    await widget.evaluate((el) => (el.theme = 'dark'));
    const colours = await widget.evaluate((el) => {
      const s = getComputedStyle(el.shadowRoot.querySelector('.asn'));
      return [s.color, s.backgroundColor];
    });
    assert.deepEqual(colours, ['rgb(230, 233, 238)', 'rgb(255, 253, 249)']);
  }, { path: 'embed.html', setup: recordEvents, expectedProblems: [/request failed: .*fixtures\/missing\.json|console error: Failed to load resource: the server responded with a status of 404/] });
});

test('the embedded widget is keyboard-complete: into the tabs, between views, into the map, select, answer', async () => {
  await withPage(host, async (page) => {
    await whenReady(page);
    const widget = page.locator('ai-security-navigator');
    const focused = () => widget.evaluate((el) => {
      const a = el.shadowRoot.activeElement;
      return a ? `${a.getAttribute('role') ?? a.tagName.toLowerCase()}:${a.getAttribute('aria-label') ?? a.textContent.trim().slice(0, 40)}` : null;
    });
    // From the top of the portal page, Tab reaches the widget's view tabs after the portal's links.
    for (let i = 0; i < 10 && !(await focused())?.startsWith('tab:'); i += 1) await page.keyboard.press('Tab');
    assert.equal(await focused(), 'tab:Navigator');
    await page.keyboard.press('ArrowRight');
    assert.equal(await focused(), 'tab:AI security matrix');
    assert.equal(await widget.getAttribute('view'), 'matrix');
    await page.keyboard.press('ArrowLeft');
    // Tab moves to the drawing (a scrollable group), then into it (one stop); arrows move
    // inside it, Enter selects.
    await page.keyboard.press('Tab');
    assert.match(await focused(), /^group:Navigator: threats by lifecycle/);
    await page.keyboard.press('Tab');
    assert.match(await focused(), /^button:/);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    const selected = await widget.getAttribute('selected');
    assert.ok(selected, 'Enter selected an entry');
    await widget.locator('.details h4').waitFor();
    // The questionnaire answers from the keyboard too.
    await widget.getByLabel('Name of the system').focus();
    await page.keyboard.type('Keyboard system');
    const onAnswer = () => widget.evaluate((el) => el.shadowRoot.activeElement?.name?.startsWith('answer-') ?? false);
    for (let i = 0; i < 8 && !(await onAnswer()); i += 1) await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    await page.waitForFunction(() => document.querySelector('ai-security-navigator').assessment.answers.model_type);
    assert.equal(await widget.evaluate((el) => el.assessment.system.name), 'Keyboard system');
    // An open question in the report leads to the question, inside the widget; the portal's
    // address stays as it was.
    const address = page.url();
    await widget.locator('.follow-ups a').first().press('Enter');
    assert.match(await widget.evaluate((el) => el.shadowRoot.activeElement?.name ?? ''), /^answer-/);
    assert.equal(page.url(), address);
  }, { path: 'embed.html' });
});

const overlay = (name) => JSON.parse(readFileSync(path.join(root, 'examples', 'overlay', `${name}.json`), 'utf8'));

test("an organisation's overlay adds its controls, notes, mappings and questions and hides entries; answers survive the switch", async () => {
  await withPage(host, async (page) => {
    await whenReady(page);
    const widget = page.locator('ai-security-navigator');
    await widget.getByRole('group', { name: /What kind of model/ }).getByLabel('Generative AI: a large language model').check();
    await widget.evaluate((el, o) => (el.catalogOverlay = o), overlay('acme'));
    await widget.getByText('OWASP AI Exchange, catalog 2026.08 with ACME AI policy (2026-11).').waitFor();
    assert.deepEqual(await widget.evaluate((el) => el.overlayProblems), []);
    assert.equal(await widget.evaluate((el) => el.assessment.answers.model_type), 'genai_llm', 'the answers are kept');
    // Its own control, with where it comes from, ranked for the system.
    await widget.evaluate((el) => (el.selected = 'ACMEPROMPTGATEWAY'));
    const details = widget.locator('.details');
    await details.locator('h4', { hasText: 'Route all LLM traffic through the ACME prompt gateway' }).waitFor();
    assert.match(await details.innerText(), /Added by ACME AI policy\./);
    assert.match(await details.innerText(), /Mapped to \(ACME AI policy\)\s+ACME information security policy POL-7\.4: Use of language models/);
    assert.equal(await widget.evaluate((el) => el.result.controls.find((c) => c.id === 'ACMEPROMPTGATEWAY').status), 'recommended');
    // Its note on a catalog threat.
    await widget.evaluate((el) => (el.selected = 'directpromptinjection'));
    await details.getByText('Our prompt gateway already filters').waitFor();
    // Its questions, after the catalog's.
    const board = widget.getByRole('group', { name: /Has the ACME AI review board approved the system\?/ });
    await board.getByLabel('Yes').check();
    await page.waitForFunction(() => document.querySelector('ai-security-navigator').assessment.answers.acme_review_board === 'yes');
    // What it hides is gone from the map and from lookups.
    assert.equal(await widget.locator('#diagram-scroll [data-key="threat:agentescape"]').count(), 0);
    await widget.evaluate((el) => (el.selected = 'agentescape'));
    await widget.getByRole('alert').filter({ hasText: /selected="agentescape"/ }).waitFor();
    await assertAccessible(page);
  }, { path: 'embed.html' });
});

test('an invalid overlay lists every problem precisely and the widget carries on with the standard catalog', async () => {
  await withPage(host, async (page) => {
    await whenReady(page);
    const widget = page.locator('ai-security-navigator');
    const error = page.evaluate(() => new Promise((resolve) => document.addEventListener('asn-error', (e) => resolve(e.detail), { once: true })));
    await widget.evaluate((el, o) => (el.catalogOverlay = o), overlay('broken'));
    const detail = await error;
    assert.equal(detail.source, 'overlay');
    assert.equal(detail.code, 'invalid-overlay');
    assert.equal(detail.problems.length, 11);
    const alert = widget.getByRole('alert').filter({ hasText: 'The catalog overlay cannot be used (11 problems); the widget shows the standard catalog.' });
    await alert.waitFor();
    const lines = await alert.locator('li').allInnerTexts();
    assert.equal(lines.length, 11);
    assert.ok(lines.includes("control 'ACMEMODELREGISTER' › group: unknown control group 'governanse' (did you mean 'governance'?); allowed: governance, it-security, it-standard, it-adapted, it-new, data-science, ds-development, ds-runtime, minimise-data, behaviour-impact"), lines.join('\n'));
    assert.ok(lines.includes("mapping 'acme-policy' item 'POL-1' › controls: unknown control 'ACMEMODELREGISTR' (did you mean 'ACMEMODELREGISTER'?)"), lines.join('\n'));
    assert.ok(lines.some((l) => l.startsWith('catalgo: unknown field (did you mean `catalog`?)')), lines.join('\n'));
    assert.equal(await widget.evaluate((el) => el.overlayProblems.length), 11);
    // The standard catalog, fully working.
    await widget.getByText('OWASP AI Exchange, catalog 2026.08. Your answers stay in this browser.').waitFor();
    await widget.getByRole('group', { name: /What kind of model/ }).getByLabel('Predictive').check();
    await page.waitForFunction(() => document.querySelector('ai-security-navigator').result.threats.some((t) => t.id === 'agentescape'));
    await assertAccessible(page);
    // Not JSON at all is a problem of its own; taking the overlay away clears the list.
    await widget.evaluate((el) => (el.catalogOverlay = '{ not json'));
    await widget.evaluate((el) => (el.catalogOverlay = null));
    assert.equal(await widget.getByRole('alert').count(), 0);
  }, { path: 'embed.html' });
});

test('markup and script in overlay text are shown as text, never run', async () => {
  const payload = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
  const hostile = {
    format: 'ai-security-navigator/overlay@1',
    name: `Policy ${payload}`,
    controls: [{ id: 'HOSTILEMARKUP', name: `Gateway ${payload}`, summary: `Summary ${payload}`, group: 'governance', threats: ['directpromptinjection'] }],
    notes: [{ entry: 'directpromptinjection', text: `Note ${payload}` }],
    questions: [{ id: 'hostile_markup', text: `Question ${payload}?`, help: `Help ${payload}`, options: 'yes-no' }],
  };
  await withPage(host, async (page) => {
    await whenReady(page);
    const widget = page.locator('ai-security-navigator');
    await widget.evaluate((el, o) => (el.catalogOverlay = o), hostile);
    await widget.evaluate((el) => (el.selected = 'HOSTILEMARKUP'));
    await widget.locator('.details h4').filter({ hasText: `Gateway ${payload}` }).waitFor();
    await widget.getByText(`Question ${payload}?`).first().waitFor();
    await widget.evaluate((el) => (el.selected = 'directpromptinjection'));
    await widget.getByText(`Note ${payload}`).waitFor();
    const counts = await widget.evaluate((el) => ({
      img: el.shadowRoot.querySelectorAll('img').length,
      script: el.shadowRoot.querySelectorAll('script').length,
    }));
    assert.deepEqual(counts, { img: 0, script: 0 });
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
  }, { path: 'embed.html' });
});

test('properties set before the element is defined are taken over when it upgrades', async () => {
  await withPage(host, async (page) => {
    await whenReady(page);
    const widget = page.locator('#early');
    assert.equal(await widget.getByRole('tab', { name: 'Periodic table' }).getAttribute('aria-selected'), 'true');
    await widget.locator('.report-meta', { hasText: /^Set before upgrade/ }).waitFor();
    assert.equal(await widget.evaluate((el) => el.readOnly), true);
    assert.equal(await widget.getAttribute('readonly'), '');
  }, { path: 'fixtures/early.html' });
});

test('a widget draws itself a part per task, and shows what the host set while it drew', async () => {
  await withPage(host, async (page) => {
    await whenReady(page);
    const seen = await page.evaluate(async () => {
      const widget = document.createElement('ai-security-navigator');
      widget.id = 'late';
      document.querySelector('main').append(widget);
      let ready = false;
      widget.ready.then(() => (ready = true));
      // Every task until it is ready: which parts are in its shadow root, and a new view.
      const views = ['matrix', 'periodic', 'model-general', 'navigator', 'model-as-is'];
      const firstTask = {};
      let task = 0;
      while (!ready && task < 500) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        task += 1;
        for (const part of ['#explore', '#questionnaire', '#report']) {
          if (!(part in firstTask) && widget.shadowRoot.querySelector(part)) firstTask[part] = task;
        }
        widget.view = views[task % views.length];
        if (task === 2) widget.assessment = { format: 'ai-security-navigator/assessment@1', system: { name: 'Set while it drew' }, answers: { model_type: 'genai_llm' } };
      }
      await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
      return { firstTask, lastView: widget.view, tab: widget.shadowRoot.querySelector('[role="tab"][aria-selected="true"]').id };
    });
    const { '#explore': map, '#questionnaire': questions, '#report': report } = seen.firstTask;
    assert.ok(map < questions && questions < report, `the map, the questions and the report come in separate tasks (${JSON.stringify(seen.firstTask)})`);
    assert.equal(seen.tab, `tab-${seen.lastView}`, 'the view shown is the last one the host set');
    const late = page.locator('#late');
    await late.locator('.report-meta', { hasText: /^Set while it drew/ }).waitFor();
    assert.equal(await late.evaluate((el) => el.assessment.answers.model_type), 'genai_llm');
  }, { path: 'embed.html' });
});

test('an overlay set while a widget draws itself is what it shows, drawn once', async () => {
  await withPage(host, async (page) => {
    await whenReady(page);
    // The portal's widget takes the overlay first: the full module is then loaded, and a new
    // widget given the overlay redraws at once (in the middle of its steps, or right after them).
    const first = page.locator('ai-security-navigator').first();
    await first.evaluate((el, o) => (el.catalogOverlay = o), overlay('acme'));
    await first.getByText(/with ACME AI policy/).waitFor();
    const seen = await page.evaluate(async (acme) => {
      const results = [];
      for (const when of ['before its parts exist', 'once its map is in']) {
        const widget = document.createElement('ai-security-navigator');
        document.querySelector('main').append(widget);
        let ready = false;
        widget.ready.then(() => (ready = true));
        let set = false;
        while (!ready) {
          await new Promise((resolve) => setTimeout(resolve, 0));
          const root = widget.shadowRoot;
          const due = when === 'before its parts exist' ? !root.querySelector('#explore') : root.querySelector('#explore') && !root.querySelector('#report');
          if (!set && due) {
            widget.catalogOverlay = acme;
            set = true;
          }
        }
        await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
        const root = widget.shadowRoot;
        results.push({
          when,
          set,
          source: root.querySelector('.asn-source')?.textContent,
          bases: root.querySelectorAll('.asn').length,
          parts: ['#explore', '#questionnaire', '#report', '.exports'].map((part) => root.querySelectorAll(part).length),
          acmeQuestion: Boolean(root.querySelector('#question-acme_review_board')),
        });
        widget.remove();
      }
      return results;
    }, overlay('acme'));
    for (const r of seen) {
      assert.ok(r.set, `the overlay was set ${r.when}`);
      assert.match(r.source, /with ACME AI policy/, `set ${r.when}, the overlay is drawn`);
      assert.deepEqual([r.bases, r.parts, r.acmeQuestion], [1, [1, 1, 1, 1], true], `set ${r.when}, the widget is drawn once, whole`);
    }
  }, { path: 'embed.html' });
});

test('moving a widget keeps its state, and adding and removing widgets many times leaks nothing', async () => {
  await withPage(host, async (page) => {
    await whenReady(page);
    const widget = page.locator('ai-security-navigator');
    await widget.getByRole('group', { name: /What kind of model/ }).getByLabel('Predictive').check();
    await widget.evaluate((el) => {
      const box = document.createElement('div');
      document.body.append(box);
      box.append(el);
    });
    assert.equal(await widget.evaluate((el) => el.assessment.answers.model_type), 'predictive');
    assert.equal(await widget.getByRole('group', { name: /What kind of model/ }).getByLabel('Predictive').isChecked(), true);

    const cdp = await page.context().newCDPSession(page);
    const heap = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      await cdp.send('HeapProfiler.collectGarbage');
      return (await cdp.send('Runtime.getHeapUsage')).usedSize;
    };
    const cycle = (n) =>
      page.evaluate(async (count) => {
        for (let i = 0; i < count; i += 1) {
          const el = document.createElement('ai-security-navigator');
          document.body.append(el);
          await el.ready;
          el.remove();
        }
      }, n);
    await cycle(2);
    const start = await heap();
    await cycle(12);
    const end = await heap();
    const growth = (end - start) / 1024 / 1024;
    console.log(`# heap after 12 more widgets added and removed: ${growth.toFixed(2)} MiB more`);
    assert.ok(growth < 3, `12 widgets added and removed left ${growth.toFixed(1)} MiB behind`);
    assert.equal(await page.locator('ai-security-navigator').count(), 1);
  }, { path: 'embed.html' });
});

test('the single-file build works opened from disk with the network blocked', async () => {
  const file = path.join(dist, 'offline', 'ai-security-navigator.html');
  const context = await host.browser.newContext();
  await context.setOffline(true);
  const requests = [];
  const problems = [];
  await context.route(/^https?:/, (route) => {
    requests.push(route.request().url());
    return route.abort();
  });
  const page = await context.newPage();
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => ['error', 'warning'].includes(m.type()) && problems.push(m.text()));
  page.on('pageerror', (e) => problems.push(e.message));
  try {
    await watchPolicy(page);
    await page.goto(pathToFileURL(file).href);
    await whenReady(page);
    const widget = page.locator('ai-security-navigator');
    await widget.getByRole('tab', { name: 'Navigator' }).waitFor();
    await widget.getByRole('group', { name: /What kind of model/ }).getByLabel('Generative AI: a large language model').check();
    await widget.locator('#diagram-scroll [data-key="threat:directpromptinjection"].applies').waitFor();
    // Its own policy (by hashes) is in force and nothing broke it.
    assert.match(await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content'), /script-src 'sha256-[^']+' 'wasm-unsafe-eval'/);
    assert.deepEqual(await violations(page), []);
    assert.deepEqual(problems, []);
    assert.deepEqual(requests.filter((u) => u !== pathToFileURL(file).href), [], 'no request but the file itself');
    // The module travels gzip-compressed: the whole file is smaller than the module it carries.
    assert.ok(readFileSync(file).length < readFileSync(path.join(dist, 'wasm', 'ai_security_navigator_bg.wasm')).length);
  } finally {
    await context.close();
  }
});

test('the self-hosted folder loads with integrity checks, and a tampered module is refused', async () => {
  const folder = path.join(work, 'selfhost');
  cpSync(path.join(dist, 'selfhost'), folder, { recursive: true });
  const url = await serve(folder);
  const integrity = JSON.parse(readFileSync(path.join(folder, 'integrity.json'), 'utf8'));
  assert.deepEqual(Object.keys(integrity).sort(), ['ai-security-navigator.js', 'ai_security_navigator_bg.wasm', 'favicon.svg']);
  const encodings = new Map();
  await withPage(
    { browser: host.browser, url },
    async (page) => {
      await whenReady(page);
      await page.locator('ai-security-navigator').getByRole('tab', { name: 'Navigator' }).waitFor();
      assert.equal(await page.locator('script[type="module"]').getAttribute('integrity'), integrity['ai-security-navigator.js']);
      // The folder's precompressed copies, copied in any order, reach the browser and pass the
      // integrity checks.
      for (const file of ['', 'ai-security-navigator.js', 'ai_security_navigator_bg.wasm']) assert.equal(encodings.get(file), 'br', file || 'index.html');
    },
    { setup: async (page) => page.on('response', (r) => encodings.set(path.basename(new URL(r.url()).pathname), r.headers()['content-encoding'])) },
  );

  // One byte changed in the module: the script's pinned hash refuses it, and the widget says so.
  const wasm = path.join(folder, 'ai_security_navigator_bg.wasm');
  const bytes = readFileSync(wasm);
  bytes[bytes.length - 1] ^= 1;
  writeFileSync(wasm, bytes);
  await withPage({ browser: host.browser, url }, async (page) => {
    await page.locator('ai-security-navigator').getByRole('alert').filter({ hasText: 'The navigator could not start' }).waitFor();
  }, { expectedProblems: [/integrity/i, /integrity/i] });
});
