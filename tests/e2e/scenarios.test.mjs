// A new visitor answers the questionnaire for each of the engine's scenario systems — keyboard
// only — and gets a report whose threats, responsibilities and controls match what the engine
// says for those answers. Nothing is requested from the network after the page has loaded.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { root } from '../../scripts/lib.mjs';
import { assertAccessible, ready, settled, shownText, useSite, withPage } from './harness.mjs';

const site = useSite();
const api = await import(path.join(root, 'dist', 'pkg', 'node.js'));
const examples = readdirSync(path.join(root, 'examples')).filter((f) => f.endsWith('.json'));

/** Answers the questionnaire with Tab, Space and the arrow keys only. */
async function answerByKeyboard(page, file) {
  await page.getByLabel('Name of the system').focus();
  await page.keyboard.type(file.system?.name ?? 'Unnamed');
  await page.keyboard.press('Tab'); // description
  await page.keyboard.press('Tab'); // the display mode
  for (const q of api.questions()) {
    if (await page.locator(`#question-${q.id}`).evaluate((f) => f.disabled)) continue; // skipped: no stop
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.name), `answer-${q.id}`, `focus is on ${q.id}`);
    const value = file.answers[q.id];
    if (value === undefined) continue;
    const k = q.options.findIndex((o) => o.value === value);
    if (k === 0) await page.keyboard.press('Space');
    for (let i = 0; i < k; i++) await page.keyboard.press('ArrowDown');
    assert.equal(await page.evaluate(() => document.activeElement.value), value, `${q.id} answered`);
  }
}

for (const name of examples) {
  test(`the questionnaire for ${name} gives the engine's verdicts`, async () => {
    const file = JSON.parse(readFileSync(path.join(root, 'examples', name), 'utf8'));
    const expected = api.assess({ answers: file.answers });
    const catalog = api.catalog();
    const threatName = new Map(catalog.threats.map((t) => [t.id, t.name]));
    const controlName = new Map(catalog.controls.map((c) => [c.id, c.name]));
    const leaves = expected.threats.filter((t) => catalog.threats.find((x) => x.id === t.id).kind !== 'section' && !catalog.threats.some((x) => x.parent === t.id));
    const relevant = leaves.filter((t) => t.status === 'applies' || t.status === 'unknown');

    await withPage(site, async (page) => {
      await ready(page);
      const requests = [];
      page.on('request', (r) => requests.push(r.url()));
      await answerByKeyboard(page, file);
      const report = page.getByRole('region', { name: 'Report' });
      // Step 1: the same threats, with the same status.
      // The report follows the last answer a frame later.
      await settled(page);
      const rows = await report.locator('.threats-table tbody tr').evaluateAll((trs) => trs.map((tr) => `${tr.cells[0].innerText} | ${tr.cells[1].innerText}`));
      assert.deepEqual(rows.sort(), relevant.map((t) => `${threatName.get(t.id)} | ${t.status === 'unknown' ? '? unknown' : '! applies'}`).sort());
      // Step 2: the same responsibility.
      const who = await shownText(report.locator('section.step', { has: page.getByRole('heading', { name: '2. Who is responsible' }) }));
      for (const t of relevant) {
        const label = { own: 'You', supplier: 'The supplier', shared: 'You and the supplier together' }[t.responsibility];
        assert.match(who, new RegExp(`${label}\\n[^\\n]*${threatName.get(t.id).replace(/[()/]/g, '.')}`), `${t.id}: ${t.responsibility}`);
      }
      // Step 4: the same controls, in the same order.
      const controls = await report.locator('.controls-table tbody th').evaluateAll((ths) => ths.map((th) => th.innerText));
      assert.deepEqual(controls, expected.controls.filter((c) => c.status !== 'not-needed').map((c) => controlName.get(c.id)));
      if (name === 'mail-agent.json') {
        await report.getByText(/Warning: Lethal trifecta/).waitFor();
        await assertAccessible(page);
      }
      assert.deepEqual(requests, [], 'no request after the page has loaded');
    });
  });
}
