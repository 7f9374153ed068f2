// From a few answers to a report, as a visitor works: the questionnaire in both modes, the map
// and the report following every answer, edits in the report, autosave and resuming, share links
// (read-only until edited), exports, and saved data that cannot be read kept, not overwritten.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { assertAccessible, ready, settled, shownText, useSite, withPage } from './harness.mjs';

const site = useSite();
const question = (page, id) => page.locator(`#question-${id}`);
const answer = (page, id, label) => question(page, id).getByLabel(label, { exact: true }).check();

test('answers update the map and the report at once, and say what they changed', async () => {
  await withPage(site, async (page) => {
    await ready(page);
    await page.getByLabel('Name of the system').fill('Shop assistant');
    await page.getByLabel('Name of the system').press('Tab');
    await answer(page, 'model_type', 'Generative AI: a large language model');
    await answer(page, 'augmentation', 'Yes');
    await answer(page, 'augmentation_sensitive', 'Yes');
    assert.match(await page.locator('.change-note').innerText(), /^Answering augmentation_sensitive: yes/);
    await answer(page, 'augmentation', 'No');
    assert.equal(await page.locator('.change-note').innerText(), 'Answering augmentation: no removed 2 threats and added 0.');
    // The follow-up question no longer matters: skipped, with the reason.
    assert.match(await question(page, 'augmentation_sensitive').innerText(), /Skipped: this only matters when .* is "Yes"\. It counts as "No"\./);
    assert.match(await page.locator('#answers-progress-text').innerText(), /^2 of 15 questions answered \(1 skipped/);
    // The map follows.
    assert.match(await page.locator('#diagram-scroll [data-key="threat:augmentationdataleak"]').getAttribute('class'), /not-applicable/);
    assert.match(await page.locator('#diagram-scroll [data-key="threat:directpromptinjection"]').getAttribute('class'), /\bapplies\b/);
    // A threat's details say which open questions decide it, in words.
    await page.locator('#diagram-scroll [data-key="threat:datapoison"]').click();
    const details = page.getByRole('region', { name: 'Details' });
    assert.equal(await details.locator('.open-questions li').first().innerText(), 'Who trains the model?');
    // The report follows, with the seven steps.
    const report = page.getByRole('region', { name: 'Report' });
    for (const n of [1, 2, 3, 4, 5, 6, 7]) await report.getByRole('heading', { level: 3, name: new RegExp(`^${n}\\. `) }).waitFor();
    assert.match(await report.locator('.report-meta').innerText(), /^Shop assistant · catalog 2026\.08 · \d{4}-\d{2}-\d{2}$/);
    await report.getByRole('heading', { name: 'Open questions' }).waitFor();
    // An open question leads to the question, with focus on its first answer.
    await report.locator('.follow-ups a').first().click();
    assert.match(await page.evaluate(() => document.activeElement?.name ?? ''), /^answer-/);
    assert.match(await shownText(report.locator('section.step', { has: page.getByRole('heading', { name: '5. References' }) })), /Secure design: Raise staff awareness of threats and risks \(Sec educate\)/);
    await assertAccessible(page);
  });
});

test('an answer rebuilds only what it changed, and a keyboard edit in the report keeps focus', async () => {
  await withPage(site, async (page) => {
    await ready(page);
    await answer(page, 'model_type', 'Generative AI: a large language model');
    await answer(page, 'augmentation', 'Yes');
    const report = page.getByRole('region', { name: 'Report' });
    // Marks elements that the next answer has no reason to touch; a rebuilt element loses its mark.
    const mark = () =>
      page.evaluate(() => {
        const marked = {
          question: document.querySelector('#question-training'),
          answered: document.querySelector('#question-augmentation_sensitive'),
          row: document.querySelector('.threats-table tr:has(a[href$="directpromptinjection"])'),
          step: document.querySelector('#report section.step:last-of-type'),
          listStatus: document.querySelector('[data-status-for="threat:directpromptinjection"]'),
        };
        for (const el of Object.values(marked)) el.dataset.kept = 'yes';
        return Object.keys(marked);
      });
    const kept = () => page.evaluate(() => [...document.querySelectorAll('[data-kept="yes"]')].length);
    const names = await mark();
    await answer(page, 'augmentation_sensitive', 'No');
    assert.equal(await kept(), names.length, `one of ${names.join(', ')} was built again though the answer did not change it`);
    // What an answer changes is shown: a question it makes irrelevant says so.
    await answer(page, 'augmentation', 'No');
    assert.match(await question(page, 'augmentation_sensitive').innerText(), /Skipped: this only matters when/);
    await answer(page, 'augmentation', 'Yes');
    assert.equal(await question(page, 'augmentation_sensitive').getByLabel('No', { exact: true }).isChecked(), true);

    // A keyboard user changes a likelihood: the row is built again, and focus stays on the control.
    const likelihood = report.getByLabel('Likelihood of Direct prompt injection', { exact: true });
    const before = await likelihood.inputValue();
    await likelihood.focus();
    await page.keyboard.press(before === '5' ? 'ArrowUp' : 'ArrowDown');
    await page.waitForFunction((b) => document.querySelector('#likelihood-directpromptinjection')?.value !== b, before);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'likelihood-directpromptinjection');
    // Choosing "—" gives back the suggested value, and the control shows it.
    await likelihood.selectOption('');
    await settled(page);
    assert.equal(await likelihood.inputValue(), before);
  });
});

test('an answer shows at once in the questionnaire; the map, then the report follow after that frame, each once for answers given together', async () => {
  await withPage(site, async (page) => {
    await ready(page);
    await answer(page, 'model_type', 'Generative AI: a large language model');
    await settled(page);
    const seen = await page.evaluate(async () => {
      const count = document.querySelector('#report section.step p');
      const texts = [];
      new MutationObserver(() => texts.push(count.textContent)).observe(count, { childList: true, characterData: true, subtree: true });
      const node = document.querySelector('#diagram-scroll [data-key="threat:augmentationdataleak"]');
      // Each change of the node's state, with whether the report had changed by then.
      const states = [];
      const onMap = new MutationObserver(() => states.push({ state: node.getAttribute('class'), reportChanged: texts.length > 0 }));
      onMap.observe(node, { attributes: true, attributeFilter: ['class'] });
      const before = count.textContent;
      // Two answers in one task, as a quick hand gives them within one frame.
      document.querySelector('#question-augmentation input[value="yes"]').click();
      document.querySelector('#question-augmentation_sensitive input[value="yes"]').click();
      const atOnce = {
        question: document.querySelector('#question-augmentation_sensitive input[value="yes"]').checked,
        map: document.querySelector('#diagram-scroll [data-key="threat:augmentationdataleak"]').getAttribute('class'),
        report: count.textContent,
      };
      await new Promise((resolve) => requestAnimationFrame(() => setTimeout(() => setTimeout(resolve, 0), 0)));
      const after = count.textContent;
      onMap.disconnect();
      // Printing right after an answer prints the report as it stands: the pending render runs first.
      document.querySelector('#question-augmentation_sensitive input[value="no"]').click();
      const held = count.textContent;
      dispatchEvent(new Event('beforeprint'));
      const printed = count.textContent;
      await new Promise((resolve) => requestAnimationFrame(() => setTimeout(() => setTimeout(resolve, 0), 0)));
      return { before, atOnce, texts, states, after, held, printed };
    });
    assert.equal(seen.held, seen.after);
    assert.notEqual(seen.printed, seen.after, 'printing renders a pending report first');
    assert.equal(seen.atOnce.question, true);
    assert.doesNotMatch(seen.atOnce.map, /\bapplies\b/, 'the map waits for the frame after the click');
    assert.equal(seen.states.length, 1, `the map is restyled once for the answers given together: ${JSON.stringify(seen.states)}`);
    assert.match(seen.states[0].state, /\bapplies\b/, 'the map has followed within the next frame');
    assert.equal(seen.states[0].reportChanged, false, 'the map follows before the report');
    assert.equal(seen.atOnce.report, seen.before, 'the report waits for the frame after the click');
    assert.notEqual(seen.after, seen.before, 'the report has followed within the next frame');
    assert.deepEqual(seen.texts, [seen.after, seen.printed], 'the report is rendered once for the answers given together, once before printing, and not again');
  });
});

/**
 * Watches the report's tables from before the page's first script: the weight of the rows each
 * task adds (a threat row 3, a register row 2, a control row 1: what report.js budgets), and,
 * if `printWhenBusy`, a print requested the moment the report first says it is still busy.
 */
function watchReportRows(printWhenBusy) {
  const weights = { 'threats-table': 3, 'register-table': 2, 'controls-table': 1 };
  const weight = (tr) => weights[[...tr.closest('table').classList].find((name) => name in weights)];
  const seen = { batches: [], busy: false, printed: null };
  window.reportRows = seen;
  addEventListener('DOMContentLoaded', () => {
    new MutationObserver((records) => {
      let added = 0;
      for (const record of records) {
        for (const node of record.addedNodes) {
          if (!(node instanceof Element) || !node.closest('#report')) continue;
          for (const tr of node.matches('tbody tr') ? [node] : node.querySelectorAll('tbody tr')) added += weight(tr);
        }
      }
      if (added) seen.batches.push(added);
      const report = document.getElementById('report');
      if (!seen.busy && report?.getAttribute('aria-busy') === 'true') {
        seen.busy = true;
        if (printWhenBusy) {
          dispatchEvent(new Event('beforeprint'));
          seen.printed = { busy: report.hasAttribute('aria-busy'), rows: report.querySelectorAll('tbody tr').length };
        }
      }
    }).observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['aria-busy'] });
  });
}

test('the report adds its first hundred rows a few per frame, busy until complete, and prints whole at any moment', async () => {
  for (const printWhenBusy of [false, true]) {
    await withPage(
      site,
      async (page) => {
        await ready(page);
        const seen = await page.evaluate(() => window.reportRows);
        const report = page.locator('#report');
        assert.equal(await report.getAttribute('aria-busy'), null, 'ready means the report is complete');
        const relevant = Number((await report.locator('section.step p').first().innerText()).match(/^(\d+) threats are relevant/)[1]);
        const rows = await report.locator('tbody tr').count();
        assert.equal(await report.locator('.threats-table tbody tr').count(), relevant, 'every relevant threat has its row');
        assert.equal(await report.locator('.register-table tbody tr').count(), relevant, 'and its line in the register');
        assert.ok((await report.locator('.controls-table tbody tr').count()) > 20, 'the controls to select are listed');
        if (!printWhenBusy) {
          assert.ok(seen.busy, 'the report said it was being filled in');
          assert.ok(seen.batches.length >= 10, `the rows came in many tasks (${seen.batches.join(', ')})`);
          assert.ok(Math.max(...seen.batches) <= 8, `no task adds more than the budget (${seen.batches.join(', ')})`);
        } else {
          assert.deepEqual(seen.printed, { busy: false, rows }, 'a print while the rows come in gets every row at once');
        }
      },
      { setup: (page) => page.addInitScript(watchReportRows, printWhenBusy) },
    );
  }
});

test('one question at a time skips what does not matter', async () => {
  await withPage(site, async (page) => {
    await ready(page);
    await page.getByLabel('One question at a time').check();
    assert.equal(await page.locator('.questions .step').innerText(), 'Question 1 of 16');
    await answer(page, 'model_type', 'Classic (predictive) machine learning');
    const next = page.getByRole('button', { name: 'Next question' });
    await next.click(); // decision_fooling
    await next.click(); // training
    await answer(page, 'training', 'We use a trained model as it is');
    await next.click(); // hosting; train_data_sensitive and membership_sensitive are skipped after it
    await next.click();
    assert.equal(await page.locator('.questions .step').innerText(), 'Question 7 of 16');
    assert.match(await page.locator('#answers-progress-text').innerText(), /\(6 skipped: they do not matter for this system\)/);
    await page.getByRole('button', { name: 'Previous question' }).click();
    assert.equal(await page.locator('.questions .step').innerText(), 'Question 4 of 16');
    await assertAccessible(page);
  });
});

test('edits in the report change the register; the work is saved and resumes after a reload', async () => {
  await withPage(site, async (page) => {
    await ready(page);
    await page.getByLabel('Name of the system').fill('Fraud model');
    await page.getByLabel('Name of the system').press('Tab');
    await answer(page, 'model_type', 'Classic (predictive) machine learning');
    await answer(page, 'decision_fooling', 'Yes');
    const report = page.getByRole('region', { name: 'Report' });
    await report.getByLabel('Likelihood of Zero-knowledge evasion', { exact: true }).selectOption('5');
    await report.getByLabel('Impact of Zero-knowledge evasion', { exact: true }).selectOption('5');
    const row = report.locator('.threats-table tr', { has: page.getByRole('link', { name: 'Zero-knowledge evasion', exact: true }) });
    await settled(page);
    assert.equal(await row.locator('td').last().textContent(), '25');
    await report.getByLabel('Treatment of Zero-knowledge evasion', { exact: true }).selectOption('accept');
    await report.locator('.register-table tr', { hasText: 'Zero-knowledge evasion' }).getByText('Accepted as it is, at 25 of 25.').waitFor();
    await report.getByLabel('Status of Rate limit').selectOption('implemented');
    await page.locator('.saved-note', { hasText: 'Saved in this browser.' }).waitFor();

    await page.reload();
    await ready(page);
    assert.equal(await page.getByLabel('Name of the system').inputValue(), 'Fraud model');
    assert.equal(await question(page, 'decision_fooling').getByLabel('Yes', { exact: true }).isChecked(), true);
    assert.equal(await report.getByLabel('Treatment of Zero-knowledge evasion', { exact: true }).inputValue(), 'accept');
    assert.equal(await report.getByLabel('Status of Rate limit').inputValue(), 'implemented');
    assert.match(await page.getByLabel('Saved in this browser').locator('option:checked').innerText(), /^Fraud model/);

    // A second assessment, then back to the first.
    await page.getByRole('button', { name: 'New assessment' }).click();
    assert.equal(await page.getByLabel('Name of the system').inputValue(), '');
    await page.getByLabel('Name of the system').fill('Second');
    await page.getByLabel('Name of the system').press('Tab');
    const saved = page.getByLabel('Saved in this browser');
    assert.equal(await saved.locator('option').count(), 2);
    // Compare the new one with the saved one: what changed, and why.
    await page.getByLabel('Compare with a saved assessment').selectOption({ label: 'Fraud model' });
    const comparison = page.getByRole('region', { name: 'Comparison' });
    await comparison.getByText(/^Fraud model → Second: Answering .* removed \d+ threats and added \d+\.$/).waitFor();
    assert.match(await comparison.getByRole('table', { name: 'Answers that differ' }).innerText(), /What kind of model is at the heart of the system\?\s+predictive\s+not answered/);
    assert.ok((await comparison.getByRole('table', { name: 'Threats whose verdict changes' }).locator('tbody tr').count()) > 0);
    await assertAccessible(page);
    await saved.selectOption({ label: (await saved.locator('option', { hasText: 'Fraud model' }).innerText()).trim() });
    assert.equal(await page.getByLabel('Name of the system').inputValue(), 'Fraud model');
  });
});

test('a share link opens read-only until the recipient edits a copy; a damaged one says so', async () => {
  let link;
  await withPage(site, async (page) => {
    await ready(page);
    await page.getByLabel('Name of the system').fill('Shared bot');
    await page.getByLabel('Name of the system').press('Tab');
    await answer(page, 'model_type', 'Generative AI: a large language model');
    await page.getByRole('button', { name: 'Share link' }).click();
    // The link is written by the full module, fetched on this first use.
    await page.getByLabel('Share link').waitFor();
    link = await page.getByLabel('Share link').inputValue();
    assert.match(link, /#share=1\.2026\.08\.1-{15}\.[A-Za-z0-9_-]+$/);
  });
  await withPage(
    site,
    async (page) => {
      await ready(page);
      await page.getByText('You are looking at a shared assessment, read-only.').waitFor();
      assert.equal(await page.getByLabel('Name of the system').inputValue(), 'Shared bot');
      assert.equal(await question(page, 'model_type').getByLabel('Generative AI: a large language model').isChecked(), true);
      assert.equal(await question(page, 'model_type').getByLabel('Generative AI: a large language model').isDisabled(), true);
      await page.getByRole('button', { name: 'Edit a copy' }).click();
      assert.equal(await question(page, 'model_type').getByLabel('Generative AI: a large language model').isDisabled(), false);
      await page.locator('.saved-note', { hasText: 'Saved in this browser.' }).waitFor();
    },
    { path: link.slice(link.indexOf('#')) },
  );
  await withPage(
    site,
    async (page) => {
      await ready(page);
      await page.getByText(/The link could not be opened: this share link gives question 1 an option it does not have/).waitFor();
      assert.equal(await page.getByLabel('Name of the system').isDisabled(), false, 'a fresh assessment instead');
    },
    { path: '#share=1.2026.08.z' },
  );
});

test('saved data that cannot be read is kept and offered for download, not overwritten', async () => {
  await withPage(site, async (page) => {
    await ready(page); // a reload while the first load is still fetching would abort its requests
    await page.waitForLoadState('load');
    await page.context().addInitScript(() => {
      if (!sessionStorage.getItem('seeded')) {
        localStorage.setItem('ai-security-navigator/assessments', '{broken');
        sessionStorage.setItem('seeded', '1');
      }
    });
    await page.reload();
    await ready(page);
    await page.getByText(/the saved assessments cannot be read .* It is kept as it is until you decide\./).waitFor();
    await answer(page, 'model_type', 'Generative AI: a large language model');
    assert.equal(await page.evaluate(() => localStorage.getItem('ai-security-navigator/assessments')), '{broken', 'not overwritten');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download what was saved' }).click()]);
    assert.equal(readFileSync(await download.path(), 'utf8'), '{broken');
    await page.getByRole('button', { name: 'Start afresh (replaces it)' }).click();
    assert.match(await page.evaluate(() => localStorage.getItem('ai-security-navigator/assessments')), /"format":1/);
  });
});

test('exports state the system, the catalog version and the date', async () => {
  await withPage(site, async (page) => {
    await ready(page);
    await page.getByLabel('Name of the system').fill('Export test');
    await page.getByLabel('Name of the system').press('Tab');
    await answer(page, 'model_type', 'Generative AI: a large language model');
    const take = async (name) => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name }).click()]);
      return { name: download.suggestedFilename(), text: readFileSync(await download.path(), 'utf8') };
    };
    const md = await take('Report (Markdown)');
    assert.equal(md.name, 'export-test-report.md');
    assert.match(md.text, /^# AI security assessment: Export test\n\nCatalog 2026\.08 .* · \d{4}-\d{2}-\d{2} ·/);
    const csv = await take('Report (CSV)');
    assert.equal(csv.text.trimEnd().split('\r\n').length, 1 + 34 + 55);
    const file = await take('Save file (JSON)');
    assert.deepEqual(JSON.parse(file.text).answers, { model_type: 'genai_llm' });
    assert.equal(JSON.parse(file.text).catalog, '2026.08');
    const result = await take('Result (JSON)');
    assert.equal(JSON.parse(result.text).catalog, '2026.08');
  });
});

/** Step 1 of the report as a reader sees it. */
const stepOne = (page) => shownText(page.getByRole('region', { name: 'Report' }).locator('.threats-table tbody'));

test('a shared link shows the same report in a fresh browser; an exported file imports to the same report', async () => {
  let link;
  let expected;
  let exported;
  await withPage(site, async (page) => {
    await ready(page);
    await page.getByLabel('Name of the system').fill('Round trip');
    await page.getByLabel('Name of the system').press('Tab');
    await answer(page, 'model_type', 'Generative AI: a large language model');
    await answer(page, 'training', 'We fine-tune a pre-trained model');
    await answer(page, 'public_input', 'Yes');
    await page.getByRole('region', { name: 'Report' }).getByLabel('Treatment of Direct prompt injection').selectOption('mitigate');
    expected = await stepOne(page);
    await page.getByRole('button', { name: 'Share link' }).click();
    // The link is written by the full module, fetched on this first use.
    await page.getByLabel('Share link').waitFor();
    link = await page.getByLabel('Share link').inputValue();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save file (JSON)' }).click()]);
    // Downloads vanish with their browser context: keep the bytes.
    exported = { name: download.suggestedFilename(), mimeType: 'application/json', buffer: readFileSync(await download.path()) };
  });
  await withPage(site, async (page) => {
    await ready(page);
    assert.equal(await stepOne(page), expected, 'the same report from the link');
    assert.equal(await page.getByRole('region', { name: 'Report' }).getByLabel('Treatment of Direct prompt injection').inputValue(), 'mitigate');
    await assertAccessible(page);
  }, { path: link.slice(link.indexOf('#')) });
  await withPage(site, async (page) => {
    await ready(page);
    await page.getByLabel('Your system: load an assessment file').setInputFiles(exported);
    await page.getByText(/Opened Round trip/).first().waitFor();
    assert.equal(await stepOne(page), expected, 'the same report from the file');
    assert.match(await page.getByLabel('Saved in this browser').locator('option:checked').innerText(), /^Round trip/);
  });
});

test('a link made with an older catalog version opens and says what changed', async () => {
  await withPage(
    site,
    async (page) => {
      await ready(page);
      await page.getByText(/^Made with catalog 2025\.08, assessed with 2026\.08\. New since 2025\.08 and relevant for this system: .*Agent escape/).waitFor();
    },
    { path: '#share=1.2025.08.1' },
  );
});

test('printing gives the report, without the controls of the page', async () => {
  await withPage(site, async (page) => {
    await ready(page);
    await page.getByLabel('Name of the system').fill('Printed');
    await page.getByLabel('Name of the system').press('Tab');
    await answer(page, 'model_type', 'Generative AI: a large language model');
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('#questionnaire').isVisible(), false);
    assert.equal(await page.locator('#workspace').isVisible(), false);
    for (const heading of ['1. Threats that apply', '4. Controls to select', '6. Risk acceptance', '7. Further management']) {
      assert.equal(await page.getByRole('heading', { name: heading }).isVisible(), true, heading);
    }
    const pdf = await page.pdf({ format: 'A4' });
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    assert.ok(pages > 0, `the PDF has pages (${pages})`);
  });
});
