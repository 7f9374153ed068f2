// The diagram as a visitor uses it: views as tabs, finding and selecting a threat with the
// keyboard only, following a relation, deep links, filters, export, and their own system on the
// map — under the production CSP, with no console errors and no axe violations in any view.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { root } from '../../scripts/lib.mjs';
import { assertAccessible, ready, useSite, withPage } from './harness.mjs';

const site = useSite();
const example = (name) => path.join(root, 'examples', `${name}.json`);
const nodeOf = (page, key) => page.locator(`#explore svg [data-key="${key}"]`);
const details = (page) => page.getByRole('region', { name: 'Details' });

test('every view is a tab, reachable with the arrow keys, and draws every entry it should', async () => {
  await withPage(site, async (page) => {
    await ready(page);
    const tabs = page.getByRole('tablist', { name: 'Diagram views' });
    assert.equal(await tabs.getByRole('tab').count(), 6);
    const navigator = tabs.getByRole('tab', { name: 'Navigator' });
    assert.equal(await navigator.getAttribute('aria-selected'), 'true');
    const diagram = page.getByRole('tabpanel');
    assert.equal(await diagram.locator('[data-key^="threat:"]').count(), 34);
    assert.equal(await diagram.locator('[data-key^="control:"]').count(), 55);
    const edges = diagram.locator('path.edges-all');
    assert.equal(await edges.getAttribute('data-edges'), '202', 'every relation is drawn');
    assert.equal((await edges.getAttribute('d')).match(/M/g).length, 202);

    await navigator.focus();
    const expected = [
      ['AI security matrix', /AI security matrix/],
      ['Periodic table', /Periodic table/],
      ['Threat model: general', /Threat model with controls: general/],
      ['Threat model: GenAI you train', /generative AI you train/],
      ['Threat model: GenAI used as-is', /used as-is from a provider/],
    ];
    for (const [name, caption] of expected) {
      await page.keyboard.press('ArrowRight');
      const tab = tabs.getByRole('tab', { name });
      assert.equal(await tab.getAttribute('aria-selected'), 'true', name);
      assert.equal(await page.evaluate(() => document.activeElement.textContent), name);
      assert.match(await page.locator('#diagram-caption').innerText(), caption);
      assert.equal(await diagram.getAttribute('aria-labelledby'), await tab.getAttribute('id'));
      await assertAccessible(page);
    }
    // The provider's part stands apart in the as-is threat model.
    assert.match(await nodeOf(page, 'band:provider').textContent(), /The provider's part/);
    assert.equal(await nodeOf(page, 'threat:datapoison').getAttribute('class'), 'node threat depth-2 supplier');
    await page.keyboard.press('ArrowRight');
    assert.equal(await navigator.getAttribute('aria-selected'), 'true', 'the tabs wrap around');
  });
});

test('find a threat by an older name and select it, keyboard only; follow a relation', async () => {
  await withPage(site, async (page) => {
    await ready(page);
    const finder = page.getByRole('combobox', { name: 'Find in the diagram' });
    await finder.focus();
    await page.keyboard.type('model theft');
    const options = page.getByRole('listbox', { name: 'Matches' }).getByRole('option');
    await options.first().waitFor();
    await page.keyboard.press('ArrowDown');
    assert.equal(await finder.getAttribute('aria-activedescendant'), 'finder-option-0');
    await page.keyboard.press('Enter');
    // The node is focused and selected, the details say what it is.
    const node = nodeOf(page, 'threat:modelexfiltration');
    assert.equal(await page.evaluate(() => document.activeElement.dataset.key), 'threat:modelexfiltration');
    assert.equal(await node.getAttribute('aria-pressed'), 'true');
    await details(page).getByRole('heading', { name: /Model exfiltration/ }).waitFor();
    assert.match(await details(page).innerText(), /Model theft through use/);
    assert.equal(await page.evaluate(() => location.hash), '#view=navigator&select=threat:modelexfiltration');

    // Right arrow follows a relation to one of its controls; Enter selects it.
    await page.keyboard.press('ArrowRight');
    const control = await page.evaluate(() => document.activeElement.dataset.key);
    assert.match(control, /^control:/);
    const edges = await page.locator(`path.edge[data-from="threat:modelexfiltration"][data-to="${control}"]`).count();
    assert.equal(edges, 1, 'it is a related control');
    assert.equal(await page.locator('path.edge.related').count() > 0, true, 'focus highlights the relations');
    await page.keyboard.press('Enter');
    await details(page).getByText(/^control$/).waitFor();

    // A relation in the details panel selects the other entry in the diagram.
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    const selected = await page.evaluate(() => document.activeElement.dataset.key);
    const link = details(page).getByRole('link', { name: 'Model exfiltration', exact: true });
    await link.click();
    await page.waitForFunction(() => document.querySelector('[data-key="threat:modelexfiltration"]').getAttribute('aria-pressed') === 'true');
    assert.notEqual(selected, 'threat:modelexfiltration');
  });
});

test('a deep link opens a view with a node selected', async () => {
  await withPage(
    site,
    async (page) => {
      await ready(page);
      const tab = page.getByRole('tab', { name: 'AI security matrix' });
      assert.equal(await tab.getAttribute('aria-selected'), 'true');
      assert.equal(await nodeOf(page, 'threat:zeroknowledgeevasion').getAttribute('aria-pressed'), 'true');
      await details(page).getByRole('heading', { name: /^Zero-knowledge evasion/ }).waitFor();
      assert.equal(await page.evaluate(() => location.hash), '#view=matrix&select=threat:zeroknowledgeevasion');
    },
    // An older id in the link resolves to the current entry (closed-box evasion was renamed).
    { path: '#view=matrix&select=threat:closedboxevasion' },
  );
  await withPage(
    site,
    async (page) => {
      await ready(page);
      assert.equal(await page.getByRole('tab', { name: 'Periodic table' }).getAttribute('aria-selected'), 'true');
      assert.match(await page.locator('[aria-pressed="true"]').getAttribute('data-key'), /^control:RATELIMIT@/);
    },
    { path: '#view=periodic&select=control:RATELIMIT' },
  );
});

test('on a phone, a tap on the map brings the details into view; by keyboard, or beside the map, the page stays put', async () => {
  const panelTop = (page) => page.locator('#explore .details').evaluate((el) => Math.round(el.getBoundingClientRect().top));
  await withPage(
    site,
    async (page) => {
      await ready(page);
      const node = nodeOf(page, 'threat:datapoison');
      await node.scrollIntoViewIfNeeded();
      assert.ok((await panelTop(page)) > 844, 'the details start below the screen');
      await node.click(); // what a tap gives the page
      await details(page).getByRole('heading', { name: /^Data poisoning/ }).waitFor();
      await page.waitForFunction(() => Math.abs(document.querySelector('#explore .details').getBoundingClientRect().top) < 2);
      // The keyboard user goes on along the map: Enter on the next node changes the details only.
      await node.focus();
      await page.keyboard.press('ArrowDown');
      const before = await page.evaluate(() => scrollY);
      await page.keyboard.press('Enter');
      await details(page).getByRole('heading', { name: /^Direct development-time model poisoning/ }).waitFor();
      await page.waitForTimeout(300);
      assert.equal(await page.evaluate(() => scrollY), before);
    },
    {
      setup: async (page) => {
        await page.setViewportSize({ width: 390, height: 844 });
        await page.emulateMedia({ reducedMotion: 'reduce' });
      },
    },
  );
  // Beside the map, the details are in sight already.
  await withPage(site, async (page) => {
    await ready(page);
    await nodeOf(page, 'threat:datapoison').scrollIntoViewIfNeeded();
    const before = await page.evaluate(() => scrollY);
    await nodeOf(page, 'threat:datapoison').click();
    await details(page).getByRole('heading', { name: /^Data poisoning/ }).waitFor();
    await page.waitForTimeout(300);
    assert.equal(await page.evaluate(() => scrollY), before);
  });
});

test('filters hide what is not wanted, and say how much', async () => {
  await withPage(site, async (page) => {
    await ready(page);
    const edges = async () => Number(await page.locator('path.edges-all').getAttribute('data-edges'));
    const before = await edges();
    await page.getByText('Filters', { exact: true }).click();
    await page.getByRole('checkbox', { name: 'Development-time' }).uncheck();
    await page.getByText(/entries hidden by the filters/).waitFor();
    assert.equal(await nodeOf(page, 'threat:datapoison').isVisible(), false);
    assert.equal(await nodeOf(page, 'threat:evasion').isVisible(), true);
    await page.getByRole('radio', { name: 'Predictive AI' }).check();
    assert.equal(await nodeOf(page, 'threat:directpromptinjection').isVisible(), false, 'prompt injection needs generative AI');
    await page.getByLabel('Group', { exact: true }).selectOption({ label: 'AI governance' });
    assert.equal(await nodeOf(page, 'control:MONITORUSE').isVisible(), false);
    assert.equal(await nodeOf(page, 'control:AIPROGRAM').isVisible(), true);
    assert.ok((await edges()) < before / 2, 'edges of hidden nodes go too');
    // Pointing at a control draws its visible relations only.
    await page.getByLabel('Group', { exact: true }).selectOption({ label: 'All groups' });
    await nodeOf(page, 'control:RATELIMIT').hover();
    const related = await page.locator('path.edge.related').evaluateAll((paths) => paths.map((p) => `${p.dataset.from}>${p.dataset.to}`));
    assert.ok(related.length > 0 && related.every((r) => r.endsWith('>control:RATELIMIT')), related.join());
    assert.ok(related.every((r) => !r.startsWith('threat:directpromptinjection>')), 'not from hidden threats');
  });
});

test('your system on the map: statuses drawn, changes marked, a bad file refused', async () => {
  await withPage(site, async (page) => {
    await ready(page);
    const file = page.getByLabel('Your system: load an assessment file');
    await file.setInputFiles(example('support-chatbot'));
    await page.getByText(/^Showing Support chatbot: 12 threats apply/).waitFor();
    const indirect = nodeOf(page, 'threat:indirectpromptinjection');
    assert.match(await indirect.getAttribute('class'), /\bapplies\b/);
    assert.equal(await indirect.locator('.symbol').textContent(), '!', 'a symbol, not only a colour');
    assert.match(await indirect.getAttribute('aria-label'), /applies to your system/);
    assert.match(await nodeOf(page, 'threat:evasion').getAttribute('class'), /not-applicable/);
    assert.match(await nodeOf(page, 'threat:datapoison').getAttribute('aria-label'), /the supplier must act/);
    assert.match(await nodeOf(page, 'control:AIPROGRAM').getAttribute('class'), /\bgeneral\b/);
    // The list below is the text equivalent, with the same states.
    assert.equal(await page.locator('#threat-indirectpromptinjection > details > summary .status').textContent(), ' ! applies to your system');
    assert.match(await page.locator('#threat-datapoison > details > summary .status').textContent(), /the supplier must act/);
    // Pointing at a node says what it is and its state.
    await nodeOf(page, 'threat:evasion').hover();
    assert.equal(await page.locator('.point-info').innerText(), 'Evasion, group, harms Model behaviour integrity, does not apply to your system');
    await assertAccessible(page);

    // Selecting a node explains its state for this system.
    await nodeOf(page, 'threat:evasion').click();
    await details(page).getByText(/Evasion does not apply to your system/).waitFor();

    // Another system: what changed is marked and counted.
    await file.setInputFiles(example('mail-agent'));
    await page.getByText(/^Showing Inbox assistant: .* entries changed, marked on the map\./).waitFor();
    assert.match(await nodeOf(page, 'threat:agentescape').getAttribute('class'), /\bchanged\b/);
    await page.getByRole('tabpanel').getByText(/Warning: Lethal trifecta/).waitFor();

    // A broken file is refused with its problems; the map keeps the last good system.
    await file.setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"answers": {"hosting": "cloud"}}') });
    await page.getByText(/That file cannot be shown: 1 problem/).waitFor();
    await page.getByText(/answers\.hosting: .*allowed: self, provider, unknown/).waitFor();
    await page.getByText('Still showing Inbox assistant.').waitFor();
    assert.match(await nodeOf(page, 'threat:agentescape').getAttribute('class'), /\bapplies\b/);

    await page.getByRole('button', { name: 'Clear' }).click();
    assert.doesNotMatch(await nodeOf(page, 'threat:agentescape').getAttribute('class'), /applies/);
  });
});

test('the diagram downloads as SVG, with the system drawn on it', async () => {
  await withPage(site, async (page) => {
    await ready(page);
    await page.getByLabel('Your system: load an assessment file').setInputFiles(example('credit-scoring'));
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download SVG' }).click()]);
    assert.equal(download.suggestedFilename(), 'navigator.svg');
    const svg = readFileSync(await download.path(), 'utf8');
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.equal((svg.match(/<g class="threat /g) ?? []).length, 34);
    assert.match(svg, /for Credit scoring/);
    const [png] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download PNG' }).click()]);
    assert.equal(png.suggestedFilename(), 'navigator.png');
    const bytes = readFileSync(await png.path());
    assert.deepEqual([...bytes.subarray(1, 4)], [...Buffer.from('PNG')]);
  });
});

test('zoom changes the drawing size and says by how much', async () => {
  await withPage(site, async (page) => {
    await ready(page);
    const svg = page.locator('#explore svg');
    const width = Number(await svg.getAttribute('width'));
    await page.getByRole('button', { name: 'Zoom in' }).click();
    assert.equal(await page.locator('.zoom-level').innerText(), '125%');
    assert.equal(Number(await svg.getAttribute('width')), Math.round(width * 1.25));
    await page.getByRole('button', { name: 'Reset zoom' }).click();
    assert.equal(Number(await svg.getAttribute('width')), width);
  });
});

test('every view has no accessibility violations in the dark theme either', async () => {
  await withPage(
    site,
    async (page) => {
      await ready(page);
      await page.getByLabel('Your system: load an assessment file').setInputFiles(example('image-generator'));
      for (const name of ['Navigator', 'AI security matrix', 'Periodic table', 'Threat model: GenAI used as-is']) {
        await page.getByRole('tab', { name }).click();
        await assertAccessible(page);
      }
    },
    { colorScheme: 'dark' },
  );
});

test('the map is in the page before any script runs, and becoming interactive moves nothing', async () => {
  const boxes = {};
  for (const javaScriptEnabled of [false, true]) {
    const context = await site.browser.newContext({ javaScriptEnabled, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(site.url);
    if (javaScriptEnabled) await ready(page);
    const map = page.locator('#diagram-scroll');
    assert.equal(await map.locator('[data-key^="threat:"]').count(), 34, `javaScript ${javaScriptEnabled}`);
    assert.equal(await map.locator('[data-key^="control:"]').count(), 55);
    // Relative to the section: without scripts the page also shows its <noscript> note above it.
    const section = await page.locator('#explore').boundingBox();
    const relative = (box) => ({ ...box, x: box.x - section.x, y: box.y - section.y });
    boxes[javaScriptEnabled] = {
      map: relative(await map.boundingBox()),
      tab: relative(await page.locator('#view-tabs > *').first().boundingBox()),
    };
    if (!javaScriptEnabled) {
      assert.equal(await map.locator('svg').getAttribute('role'), 'img', 'a picture until the page is interactive');
      assert.equal(await map.locator('[role="button"]').count(), 0);
    }
    await context.close();
  }
  assert.deepEqual(boxes[true], boxes[false], 'the map and the tabs stay where the first paint put them');
});
