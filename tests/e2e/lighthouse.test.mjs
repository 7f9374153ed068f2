// Lighthouse budgets: the page (desktop and mobile) and the example portal with the widget keep
// full marks for accessibility, best practices and SEO. The page's performance score must be 100
// on desktop and at least 95 on mobile. That score is a simulated time built on a trace of this
// noisy machine, so it counts as met when one of up to three runs meets it: a real regression
// (a bigger download, work before the first paint, a long task) fails every run.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { audit, lighthouseBrowser } from '../../scripts/lighthouse.mjs';
import { createServer, listen } from '../../scripts/serve.mjs';

let lh;
let server;
let url;
before(async () => {
  server = createServer();
  url = await listen(server, 0);
  lh = await lighthouseBrowser();
});
after(async () => {
  await lh?.browser.close();
  server?.close();
});

for (const [name, path, formFactor, performance] of [
  ['the page', '', 'desktop', 100],
  ['the page', '', 'mobile', 95],
  ['the example portal with the widget', 'embed.html', 'mobile', null],
]) {
  const goal = performance === null ? '' : `, performance at least ${performance}`;
  test(`Lighthouse, ${name} (${formFactor}): accessibility, best practices and SEO at 100${goal}`, async () => {
    const runs = [];
    const failures = [];
    // Up to three measurements (two for an accessibility-only check); a run in which Lighthouse
    // could not measure the page at all is a failed measurement, not a verdict, and is repeated.
    for (let attempt = 0; attempt < (performance === null ? 2 : 3); attempt += 1) {
      const { scores, metrics, failing, runtimeError } = await audit(lh, url + path, formFactor);
      const unmeasured = runtimeError ?? (Number.isNaN(metrics.fcp) ? 'no paint was measured' : null);
      if (unmeasured) {
        console.log(`# ${name}, ${formFactor}: Lighthouse could not measure the page (${unmeasured})`);
        failures.push(unmeasured);
        continue;
      }
      console.log(`# ${name}, ${formFactor}: ${JSON.stringify(scores)}; FCP ${metrics.fcp.toFixed(0)} ms, LCP ${metrics.lcp.toFixed(0)} ms, TBT ${metrics.tbt.toFixed(0)} ms, CLS ${metrics.cls.toFixed(3)}`);
      const gated = failing.filter((f) => !f.startsWith('performance:'));
      assert.deepEqual(gated, [], 'every audit of these categories passes');
      assert.equal(scores.accessibility, 100);
      assert.equal(scores['best-practices'], 100);
      assert.equal(scores.seo, 100);
      runs.push({ score: scores.performance, failing: failing.filter((f) => f.startsWith('performance:')) });
      if (performance === null || scores.performance >= performance) return;
    }
    assert.ok(runs.length > 0, `Lighthouse could not measure the page in any run: ${failures.join('; ')}`);
    const best = runs.reduce((a, b) => (b.score > a.score ? b : a));
    assert.fail(`performance ${runs.map((r) => r.score).join(', ')} in ${runs.length} runs, goal ${performance}; failing in the best run: ${best.failing.join('; ')}`);
  });
}
