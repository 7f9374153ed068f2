// Lighthouse (a dev dependency) on a served page, in the system's Chromium driven through its
// debugging port: the four category scores and the metrics behind performance. Used by
// `npm run bench` (desktop and mobile, reported) and by the budget test (accessibility and best
// practices must stay at 100).
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, findBrowser } from './lib.mjs';

export const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];

/** Starts a Chromium that Lighthouse can drive; close it with `browser.close()`. */
export async function lighthouseBrowser() {
  const port = 9222 + Math.floor(Math.random() * 700);
  const browser = await chromium.launch({ executablePath: findBrowser(), args: [...CHROMIUM_ARGS, `--remote-debugging-port=${port}`] });
  return { browser, port };
}

/**
 * Audits `url` as a `desktop` or `mobile` visitor (Lighthouse's simulated throttling).
 * `runtimeError` is set when Lighthouse could not measure the page at all (its scores are then
 * zeros that say nothing about the page).
 * @returns {Promise<{ scores: Record<string, number>, metrics: Record<string, number>, failing: string[], runtimeError: string | null }>}
 */
export async function audit({ port }, url, formFactor) {
  const result = await lighthouse(url, { port, output: 'json', logLevel: 'error', onlyCategories: CATEGORIES }, formFactor === 'desktop' ? desktopConfig : undefined);
  const { categories, audits } = result.lhr;
  const scores = Object.fromEntries(CATEGORIES.map((c) => [c, Math.round(categories[c].score * 100)]));
  const metric = (id) => audits[id]?.numericValue ?? NaN;
  const failing = CATEGORIES.flatMap((c) =>
    categories[c].auditRefs
      .filter((ref) => ref.weight > 0 && audits[ref.id].score !== null && audits[ref.id].score < 1)
      .map((ref) => `${c}: ${ref.id} (${audits[ref.id].displayValue ?? audits[ref.id].score})`),
  );
  return {
    scores,
    metrics: {
      fcp: metric('first-contentful-paint'),
      lcp: metric('largest-contentful-paint'),
      tbt: metric('total-blocking-time'),
      cls: metric('cumulative-layout-shift'),
      si: metric('speed-index'),
    },
    failing,
    runtimeError: result.lhr.runtimeError ? `${result.lhr.runtimeError.code}: ${result.lhr.runtimeError.message}` : null,
  };
}
