// A visitor opens the page and sees the catalog that the WebAssembly module delivers.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertAccessible, ready, useSite, withPage } from './harness.mjs';

const site = useSite();

test('a visitor sees catalog entries delivered by the WebAssembly module, under the strict CSP', async () => {
  await withPage(site, async (page) => {
    await ready(page);
    await page.getByRole('heading', { level: 1, name: 'AI Security Navigator' }).waitFor();
    assert.match(await page.getByRole('status').innerText(), /^4 threat entries and 21 controls loaded\.$/);
    assert.match(await page.locator('#source').innerText(), /Catalog 2026\.08.*OWASP AI Exchange.*2026-08-22/);

    const threats = page.getByRole('region', { name: 'Threats' });
    await threats.getByText('Direct prompt injection', { exact: true }).waitFor();
    const link = threats.getByRole('link', {
      name: 'Read on the AI Exchange: Direct prompt injection (opens in a new tab)',
      exact: true,
    });
    assert.equal(await link.getAttribute('href'), 'https://owaspai.org/go/directpromptinjection/');

    const controls = page.getByRole('region', { name: 'Controls' });
    await controls.getByText('#PROMPT INJECTION I/O HANDLING').waitFor();
    assert.equal(await controls.getByRole('listitem').count(), 21);

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
  }, { expectedProblems: [/console error: This document requires 'TrustedHTML' assignment/] });
});

test('finding an entry by an older name works from the keyboard, and errors are announced', async () => {
  await withPage(site, async (page) => {
    await ready(page);
    const field = page.getByLabel('Find a threat or control by id, older name or AI Exchange link');
    await field.focus();
    await page.keyboard.type('#DETECTODDINPUT');
    await page.keyboard.press('Enter');
    await page.getByText('Found the control Anomalous input handling (ANOMALOUSINPUTHANDLING).').waitFor();

    await field.fill('promptinjektion');
    await page.keyboard.press('Enter');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.match(await alert.innerText(), /did you mean 'promptinjection'/);
  });
});

test('the page has no accessibility violations, in light and dark themes', async () => {
  for (const colorScheme of ['light', 'dark']) {
    await withPage(
      site,
      async (page) => {
        await ready(page);
        await assertAccessible(page);
      },
      { colorScheme },
    );
  }
});
