// A visitor opens the page, sees the whole catalog delivered by the WebAssembly module, and finds
// threats and controls by current or older names — by keyboard, under the production CSP.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertAccessible, ready, settled, sidewaysOverflow, useSite, withPage } from './harness.mjs';

const site = useSite();

test('a visitor sees every threat and control delivered by the WebAssembly module', async () => {
  await withPage(site, async (page) => {
    await ready(page);
    await page.getByRole('heading', { level: 1, name: 'AI Security Navigator' }).waitFor();
    assert.equal(await page.locator('#status').innerText(), '25 threats in 3 sections, and 55 controls.');
    assert.match(await page.locator('#source').innerText(), /Catalog 2026\.08.*OWASP AI Exchange.*2026-08-22/);

    const threats = page.getByRole('region', { name: 'Threats' });
    assert.equal(await threats.locator('li[data-entry]').count(), 34);
    const controls = page.getByRole('region', { name: 'Controls' });
    assert.equal(await controls.locator('li[data-entry]').count(), 55);

    // Details open from the keyboard and show description, relations, aliases and the permalink.
    const summary = threats.locator('#threat-directpromptinjection > details > summary');
    await summary.focus();
    await page.keyboard.press('Enter');
    const body = threats.locator('#threat-directpromptinjection .body');
    await body.getByText('Impact').waitFor();
    assert.match(await body.innerText(), /Integrity of model behaviour/);
    assert.match(await body.innerText(), /LLM01 \(2025\)/);
    const link = body.getByRole('link', { name: 'Read on the AI Exchange: Direct prompt injection (opens in a new tab)' });
    assert.equal(await link.getAttribute('href'), 'https://owaspai.org/go/directpromptinjection/');
    await body.getByRole('link', { name: 'Prompt injection I/O handling', exact: true }).first().click();
    await page.locator('#control-PROMPTINJECTIONIOHANDLING > details[open]').waitFor();
    assert.equal(await page.evaluate(() => location.hash), '#control-PROMPTINJECTIONIOHANDLING');

    // The page really runs under the policy the server sends.
    const policy = await page.evaluate(async () => (await fetch(location.href)).headers.get('content-security-policy'));
    assert.match(policy, /require-trusted-types-for 'script'/);
    const refused = await page.evaluate(() => {
      try {
        document.body.insertAdjacentHTML('beforeend', '<b>x</b>');
        return false;
      } catch (error) {
        return error instanceof TypeError;
      }
    });
    assert.equal(refused, true, 'Trusted Types must refuse HTML strings');
    // Reported once by each policy in force: the server's header and the page's own copy.
  }, { expectedProblems: [/console error: This document requires 'TrustedHTML' assignment/, /console error: This document requires 'TrustedHTML' assignment/] });
});

test('searching by an older name filters the lists and Enter opens the entry', async () => {
  await withPage(site, async (page) => {
    await ready(page);
    const field = page.getByRole('searchbox', { name: 'Search threats and controls' });
    await field.focus();
    await page.keyboard.type('model theft through use');
    await page.getByText('1 threat and 0 controls match "model theft through use".').waitFor();
    const visible = await page.locator('li[data-entry]:visible').evaluateAll((els) => els.map((e) => e.dataset.entry));
    assert.deepEqual(visible, ['threat:inputthreats', 'threat:modelexfiltration']);

    await page.keyboard.press('Enter');
    const opened = page.locator('#threat-modelexfiltration > details[open]');
    await opened.waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.closest('li')?.id), 'threat-modelexfiltration');
    assert.match(await opened.innerText(), /Model theft through use \(modeltheftuse\)/);

    // An older control id, typed and opened.
    await field.fill('#DETECTODDINPUT');
    await page.keyboard.press('Enter');
    await page.locator('#control-ANOMALOUSINPUTHANDLING > details[open]').waitFor();

    // Clearing the field shows everything again.
    await field.fill('');
    assert.equal(await page.locator('li[data-entry]:visible').count(), 34 + 55);
  });
});

test('a search that matches nothing says so, and Enter suggests the closest id', async () => {
  await withPage(site, async (page) => {
    await ready(page);
    const field = page.getByRole('searchbox', { name: 'Search threats and controls' });
    await field.fill('evasoin');
    await page.getByText('Nothing matches "evasoin".').waitFor();
    await field.press('Enter');
    await page.getByText(/did you mean 'evasion'/).waitFor();
  });
});

test('a deep link opens its entry', async () => {
  await withPage(
    site,
    async (page) => {
      await ready(page);
      const details = page.locator('#control-RATELIMIT > details');
      assert.equal(await details.getAttribute('open'), '');
      assert.match(await details.innerText(), /What a team does/);
    },
    { path: '#control-RATELIMIT' },
  );
});

test('the page has no accessibility violations, in light and dark themes', async () => {
  for (const colorScheme of ['light', 'dark']) {
    await withPage(
      site,
      async (page) => {
        await ready(page);
        // Open a threat, a control and the mappings, so that their content is checked too.
        for (const selector of ['#threat-evasion > details', '#control-RATELIMIT > details', '#mappings details']) {
          await page.locator(selector).evaluateAll((els) => els.forEach((el) => (el.open = true)));
        }
        await assertAccessible(page);
      },
      { colorScheme },
    );
  }
});

test('the page loads only the core module; the full one is fetched once, when a report is near', async () => {
  const modules = [];
  await withPage(
    site,
    async (page) => {
      await ready(page);
      await page.waitForLoadState('networkidle');
      assert.deepEqual(modules, ['/ai_security_navigator_bg.wasm'], 'a visitor who only looks loads the core module');
      const save = async (name) => {
        const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name }).click()]);
        const { readFile } = await import('node:fs/promises');
        return readFile(await download.path(), 'utf8');
      };
      // Focusing a report button (or pointing at it) starts the fetch before the press.
      await Promise.all([page.waitForRequest(/ai_security_navigator_full_bg\.wasm$/), page.getByRole('button', { name: 'Report (Markdown)' }).focus()]);
      assert.match(await save('Report (Markdown)'), /^# AI security assessment/m);
      assert.deepEqual(modules, ['/ai_security_navigator_bg.wasm', '/ai_security_navigator_full_bg.wasm']);
      assert.match(await save('Report (CSV)'), /^kind,/);
      assert.match(await save('Download SVG'), /^<svg /);
      assert.equal(modules.length, 2, 'the full module is fetched once');
      assert.equal(await page.getByRole('button', { name: 'Report (Markdown)' }).getAttribute('aria-busy'), null);
    },
    { setup: async (page) => page.on('request', (r) => r.url().endsWith('.wasm') && modules.push(new URL(r.url()).pathname)) },
  );
});

test('nothing moves while the page starts, on a phone or a desktop screen', async () => {
  for (const viewport of [{ width: 390, height: 844 }, { width: 1280, height: 800 }]) {
    await withPage(
      site,
      async (page) => {
        await ready(page);
        await page.waitForTimeout(300);
        const shifts = await page.evaluate(() => window.layoutShifts);
        assert.deepEqual(shifts, [], `${viewport.width} px wide: layout shifts ${JSON.stringify(shifts)}`);
        // The header's line on the catalog's source is the one the build wrote, with its link.
        assert.match(await page.locator('#source').innerText(), /^Catalog \d{4}\.\d{2}, read from the OWASP AI Exchange as of \d{4}-\d{2}-\d{2} \(commit [0-9a-f]{7}\)\.$/);
        assert.equal(await page.getByRole('link', { name: /the source of this catalog/ }).getAttribute('href'), 'https://owaspai.org/');
      },
      {
        setup: async (page) => {
          await page.setViewportSize(viewport);
          await page.addInitScript(() => {
            window.layoutShifts = [];
            new PerformanceObserver((list) => {
              for (const e of list.getEntries()) {
                if (!e.hadRecentInput) window.layoutShifts.push({ value: e.value, nodes: e.sources.map((s) => s.node?.id || s.node?.nodeName) });
              }
            }).observe({ type: 'layout-shift', buffered: true });
          });
        },
      },
    );
  }
});

test('on a phone, and at 320 px (a 1280 px screen zoomed to 400 %), nothing but the map scrolls sideways; the report shows a card per row, each value named', async () => {
  for (const width of [320, 390]) {
    await withPage(
      site,
      async (page) => {
        await ready(page);
        await settled(page);
        const { window, document, beyond } = await sidewaysOverflow(page);
        assert.deepEqual(beyond, [], `${width} px wide: these stick out of the window`);
        assert.equal(document, window, `${width} px wide: the page is no wider than the window`);
        // A row of the report is a card: its cells stacked, each after its column's name.
        const row = page.locator('.threats-table tbody tr').first();
        const cells = await row.locator('td').evaluateAll((tds) => tds.map((td) => [getComputedStyle(td).display, getComputedStyle(td, '::before').content]));
        const names = ['Status', 'Why', 'Likelihood', 'Impact', 'Risk'];
        assert.deepEqual(cells, names.map((name) => ['block', `"${name}: " / ""`]));
        // Read aloud, it is still a table: the shown names are not read, the column headers are.
        const cdp = await page.context().newCDPSession(page);
        const { nodes } = await cdp.send('Accessibility.getFullAXTree');
        const table = nodes.find((n) => n.role?.value === 'table' && n.name?.value === '1. Threats that apply');
        assert.ok(table, 'the threats table is a table named by its step');
        const roles = new Map(nodes.map((n) => [n.nodeId, n]));
        const below = (n) => (n.childIds ?? []).flatMap((id) => (roles.has(id) ? [roles.get(id), ...below(roles.get(id))] : []));
        const inTable = below(table);
        assert.deepEqual(inTable.filter((n) => n.role?.value === 'columnheader').map((n) => n.name.value), ['Threat', ...names]);
        assert.ok(inTable.some((n) => n.role?.value === 'rowheader' && n.name?.value === 'Zero-knowledge evasion'));
        assert.ok(inTable.some((n) => n.role?.value === 'cell' && n.name?.value === '? unknown'), 'a status cell is read without its shown name');
        await assertAccessible(page);
      },
      { setup: (page) => page.setViewportSize({ width, height: 800 }) },
    );
  }
  // On a wide screen the report is a table as before.
  await withPage(site, async (page) => {
    await ready(page);
    const display = await page.locator('.threats-table tbody td').first().evaluate((td) => [getComputedStyle(td).display, getComputedStyle(td, '::before').content]);
    assert.deepEqual(display, ['table-cell', 'none']);
  });
});

test("the map the build drew becomes operable in place: the same elements, not drawn again", async () => {
  await withPage(
    site,
    async (page) => {
      await ready(page);
      const map = await page.evaluate(() => {
        const svg = document.querySelector('#diagram-scroll > svg');
        const node = svg.querySelector('[data-key="threat:datapoison"]');
        return { same: svg === window.__picture, sameNode: node === window.__node, role: svg.getAttribute('role'), width: svg.getAttribute('width'), nodeRole: node.getAttribute('role'), label: node.getAttribute('aria-label') };
      });
      assert.deepEqual({ same: map.same, sameNode: map.sameNode, role: map.role, nodeRole: map.nodeRole }, { same: true, sameNode: true, role: 'group', nodeRole: 'button' });
      assert.match(map.label, /^Data poisoning/);
      // It works like a drawn one: keyboard focus and selection.
      const node = page.locator('#diagram-scroll [data-key="threat:datapoison"]');
      await node.focus();
      await page.keyboard.press('Enter');
      await page.getByRole('region', { name: 'Details' }).getByRole('heading', { name: /Data poisoning/ }).waitFor();
    },
    {
      // Keep hold of the picture as the build wrote it, before any script of the page runs.
      setup: (page) =>
        page.addInitScript(() =>
          document.addEventListener('DOMContentLoaded', () => {
            window.__picture = document.querySelector('#diagram-scroll > svg');
            window.__node = window.__picture?.querySelector('[data-key="threat:datapoison"]');
          }),
        ),
    },
  );
});
