// `npm run bench`: builds the release and reports numbers — sizes of what ships, `assess` and
// layout times (native and WebAssembly), rendering of the real and a ten-times catalog, the
// page's timings unthrottled and at 4× CPU throttling (medians of several runs, each in a fresh
// browser context), memory after load, the same paint time and weight for the plain catalog page
// (the limit: no script, no WebAssembly) as ratios, and Lighthouse desktop and mobile scores. It
// also builds the module the other way the catalog could be embedded (raw JSON parsed at
// start-up, cargo feature `parse-catalog`) and measures both in the same run. It ends with one
// summary table. Reports only; budgets that gate CI are separate (size-budget.json, the tests).
import { copyFileSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { assembleSite, build, buildModule } from './build.mjs';
import { CRATE } from './package.mjs';
import { CHROMIUM_ARGS, dist, findBrowser, isMain, must, root } from './lib.mjs';
import { pageFiles } from './budget.mjs';
import { audit, lighthouseBrowser } from './lighthouse.mjs';
import { createServer, listen } from './serve.mjs';

/** The rows of the final table: [what, value]. */
const summary = [];
const row = (what, value) => summary.push([what, value]);

const RUNS = Number(process.env.BENCH_RUNS ?? 9);

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
const gz = (file) => gzipSync(readFileSync(file), { level: 9 }).length;

function moduleSizes(dir) {
  const wasm = path.join(dir, `${CRATE}_bg.wasm`);
  const glue = path.join(dir, `${CRATE}.js`);
  return { wasmRaw: readFileSync(wasm).length, wasmGzip: gz(wasm), glueGzip: gz(glue) };
}

async function timeSite(browser, url) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(url);
  await page.locator('html[data-ready="true"]').waitFor({ state: 'attached' });
  const marks = await page.evaluate(() =>
    Object.fromEntries(['asn-start', 'asn-init', 'asn-catalog', 'asn-ready'].map((m) => [m, performance.getEntriesByName(m)[0]?.startTime])),
  );
  await context.close();
  return marks;
}

/** Time per `assess` through the WebAssembly module from JavaScript, conversions included. */
async function benchAssess() {
  const api = await import(new URL('../dist/pkg/navigator.js', import.meta.url).href);
  await api.init(readFileSync(path.join(dist, 'pkg', `${CRATE}_bg.wasm`)));
  const assessment = JSON.parse(readFileSync(new URL('../examples/mail-agent.json', import.meta.url), 'utf8'));
  const CALLS = 200;
  const batch = () => {
    const start = performance.now();
    for (let i = 0; i < CALLS; i++) api.assess(assessment);
    return ((performance.now() - start) * 1000) / CALLS;
  };
  for (let i = 0; i < 3; i++) batch();
  const samples = Array.from({ length: 21 }, batch);
  console.log(`\n[bench] assess through WebAssembly on Node (object in, object out), full answer set: ${median(samples).toFixed(1)} µs median of 21 batches of ${CALLS}`);
  row('assess, WebAssembly from JavaScript (mail-agent)', `${median(samples).toFixed(1)} µs`);
}

/** Median time of `fn` in ms over `runs` runs after two warm-ups. */
function timeIt(fn, runs = 15) {
  fn();
  fn();
  return median(
    Array.from({ length: runs }, () => {
      const start = performance.now();
      fn();
      return performance.now() - start;
    }),
  );
}

/** Layout time through WebAssembly on Node (JSON conversion included), real and 10× catalog. */
async function benchLayout(syntheticDir) {
  const api = await import(new URL('../dist/pkg/navigator.js', import.meta.url).href);
  await api.init(readFileSync(path.join(dist, 'pkg', `${CRATE}_bg.wasm`)));
  const glue = await import(path.join(syntheticDir, `${CRATE}.js`));
  glue.initSync({ module: readFileSync(path.join(syntheticDir, `${CRATE}_bg.wasm`)) });
  console.log('\n[bench] diagram layout through WebAssembly on Node (layout + conversion to objects), medians');
  for (const view of api.VIEWS) {
    const real = timeIt(() => api.diagram(view));
    const large = timeIt(() => glue.syntheticDiagram(view, 10), 5);
    console.log(`  ${view.padEnd(14)} ${real.toFixed(2).padStart(7)} ms   10× catalog ${large.toFixed(1).padStart(7)} ms`);
  }
}

/** A page that renders layouts with the page's own diagram.js and times it. */
export function renderBenchSite(syntheticDir) {
  const site = path.join(dist, 'bench', 'render-site');
  mkdirSync(site, { recursive: true });
  for (const f of [`${CRATE}.js`, `${CRATE}_bg.wasm`]) copyFileSync(path.join(syntheticDir, f), path.join(site, f));
  copyFileSync(path.join(root, 'www', 'diagram.js'), path.join(site, 'diagram.js'));
  copyFileSync(path.join(root, 'www', 'favicon.svg'), path.join(site, 'favicon.svg'));
  writeFileSync(
    path.join(site, 'index.html'),
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Render benchmark</title><link rel="icon" href="favicon.svg">' +
      '<link rel="stylesheet" href="style.css"><script type="module" src="bench.js"></script></head><body><main id="main"></main></body></html>',
  );
  copyFileSync(path.join(root, 'www', 'style.css'), path.join(site, 'style.css'));
  writeFileSync(
    path.join(site, 'bench.js'),
    `import init, { diagram, syntheticDiagram } from './${CRATE}.js';
import { createDiagram } from './diagram.js';
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
function time(fn, runs) {
  fn();
  const samples = [];
  for (let i = 0; i < runs; i++) { const t = performance.now(); fn(); samples.push(performance.now() - t); }
  return median(samples);
}
await init();
const results = {};
for (const [name, get, runs] of [['real', () => diagram('navigator'), 15], ['10x', () => syntheticDiagram('navigator', 10), 7]]) {
  const layout = get();
  const d = createDiagram({ describe: (n) => n.entry, onSelect: () => {} });
  document.getElementById('main').replaceChildren(d.element);
  results[name] = {
    layout: time(get, runs),
    render: time(() => { d.render(layout); d.element.getBoundingClientRect(); d.element.querySelector('svg').getBBox(); }, runs),
    restyle: time(() => { let flip = false; d.setStates((n) => ((flip = !flip) ? { classes: ['applies'], symbol: '!' } : null)); d.element.getBoundingClientRect(); }, runs),
    nodes: layout.nodes.length,
    edges: layout.edges.length,
  };
}
window.benchResults = results;
`,
  );
  return site;
}

async function pageTimings(browser, url, throttle) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  if (throttle > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
  await cdp.send('Performance.enable');
  await page.goto(url);
  await page.locator('html[data-ready="true"]').waitFor({ state: 'attached', timeout: 60_000 });
  const marks = await page.evaluate(() => ({
    diagram: performance.getEntriesByName('asn-diagram')[0]?.startTime,
    ready: performance.getEntriesByName('asn-ready')[0]?.startTime,
    fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime,
  }));
  const metrics = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  await context.close();
  return { ...marks, heap: metrics.JSHeapUsedSize };
}

/**
 * The page's start as the main thread lived it, from a trace: the longest task between the first
 * paint and `asn-ready`, and the blocking time in that span (each task's time over 50 ms, as
 * Lighthouse counts it; at 4× CPU throttling this is close to what its mobile run simulates).
 */
async function startTasks(browser, url, throttle) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  if (throttle > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
  await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing', 'loading'] });
  await page.goto(url);
  // Asked with plain evaluations: a locator's wait would add Playwright's own script (some
  // 50 ms of compiling) to the page's main thread in the very span measured.
  for (let waited = 0; !(await page.evaluate(() => document.documentElement.dataset.ready === 'true')); waited += 50) {
    if (waited > 60_000) throw new Error(`the page at ${url} was not ready within 60 s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const marks = await page.evaluate(() => ({
    ready: performance.getEntriesByName('asn-ready')[0]?.startTime,
    fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime,
  }));
  const events = JSON.parse((await browser.stopTracing()).toString()).traceEvents;
  await context.close();
  const start = (events.find((e) => e.name === 'navigationStart' && e.args?.data?.isLoadingMainFrame) ?? events.find((e) => e.name === 'navigationStart')).ts;
  // The page's main thread: the one that laid it out.
  const layouts = new Map();
  for (const e of events) if (e.name === 'Layout') layouts.set(e.tid, (layouts.get(e.tid) ?? 0) + 1);
  const main = [...layouts].sort((a, b) => b[1] - a[1])[0][0];
  const from = start + marks.fcp * 1000;
  const to = start + marks.ready * 1000;
  const tasks = events.filter((e) => e.name === 'RunTask' && e.ph === 'X' && e.tid === main && e.ts + e.dur > from && e.ts < to).map((e) => e.dur / 1000);
  return { longest: Math.max(0, ...tasks), blocking: tasks.reduce((sum, d) => sum + Math.max(0, d - 50), 0) };
}

/** Time from navigation to the first contentful paint of a page without scripts. */
async function paintTime(browser, url) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0);
  const fcp = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0].startTime);
  await context.close();
  return fcp;
}

/**
 * Bytes over the wire (Resource Timing's transferSize: headers and bodies as received) for a
 * first visit, in a fresh browser context, and for a return visit in the same context.
 */
async function wireBytes(browser, url) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const visit = async () => {
    await page.goto(url);
    await page.locator('html[data-ready="true"]').waitFor({ state: 'attached' });
    await page.waitForLoadState('networkidle');
    return page.evaluate(() => [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')].reduce((n, e) => n + e.transferSize, 0));
  };
  const first = await visit();
  await page.goto('about:blank');
  const again = await visit();
  await context.close();
  return { first, again };
}

/**
 * Interaction to next paint of answers in the questionnaire (Event Timing: from the click to the
 * frame that shows what it changed: the question, the map, the report), in one page: `answers`
 * answers after a first one, which draws the system on the map at all and is reported apart.
 * Event Timing reports only interactions of 16 ms and more; a missing one counts as 16 ms.
 */
export async function answerTimings(browser, url, throttle, answers = 8) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  if (throttle > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
  await page.addInitScript(() => {
    window.benchInteractions = new Map();
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        if (e.interactionId) window.benchInteractions.set(e.interactionId, Math.max(e.duration, window.benchInteractions.get(e.interactionId) ?? 0));
      }
    }).observe({ type: 'event', buffered: true, durationThreshold: 16 });
  });
  await page.goto(url);
  await page.locator('html[data-ready="true"]').waitFor({ state: 'attached', timeout: 60_000 });
  const durations = [];
  for (let i = 0; i <= answers; i++) {
    const open = page.locator('#questionnaire fieldset.question:not([disabled])');
    const question = open.nth(i % (await open.count()));
    const options = question.getByRole('radio');
    const before = await page.evaluate(() => [...window.benchInteractions.keys()]);
    await options.nth(i % (await options.count())).click();
    // Time for the frame to be presented and reported.
    await page.waitForTimeout(300);
    durations.push(await page.evaluate((seen) => Math.max(16, ...[...window.benchInteractions].filter(([k]) => !seen.includes(k)).map(([, d]) => d)), before));
  }
  await context.close();
  return { first: durations[0], rest: durations.slice(1) };
}

let unthrottledFcp = NaN;

async function main() {
  await build();
  console.log('\n[bench] cargo bench (native)');
  const native = await must('cargo', ['bench', '--bench', 'assess'], { capture: true });
  for (const m of native.output.matchAll(/^ {2}(\S[^\n]*?)\s+([\d.]+) µs(?: {3}10× catalog\s+([\d.]+) µs)?$/gm)) {
    row(`native: ${m[1].trim()}`, m[3] ? `${m[2]} µs (10× catalog ${m[3]} µs)` : `${m[2]} µs`);
  }
  await benchAssess();
  const syntheticDir = path.join(dist, 'bench', 'synthetic-wasm');
  console.log('\n[bench] building the module with the benchmark-only synthetic catalog');
  await buildModule({ outDir: syntheticDir, features: ['synthetic'] });
  await benchLayout(syntheticDir);
  const renderSite = renderBenchSite(syntheticDir);
  const variants = [
    { name: 'generated at build time (shipped)', wasm: path.join(dist, 'wasm-core'), site: path.join(dist, 'site') },
    { name: 'parsed at start-up (parse-catalog)', wasm: path.join(dist, 'bench', 'parse-wasm'), site: path.join(dist, 'bench', 'parse-site') },
  ];
  console.log('\n[bench] building the parse-at-start-up variant for comparison');
  await buildModule({ outDir: variants[1].wasm, features: ['parse-catalog'], core: true });
  assembleSite(variants[1].site, variants[1].wasm);
  // Leave target/ with the shipped build, so that a following `npm start` is quick.
  await buildModule({ outDir: path.join(dist, 'bench', 'shipped-wasm') });

  const browser = await chromium.launch({ executablePath: findBrowser(), args: CHROMIUM_ARGS });
  const servers = [];
  try {
    // Rendering in the browser.
    const renderServer = createServer({ root: renderSite });
    servers.push(renderServer);
    const renderPage = await browser.newPage();
    await renderPage.goto(await listen(renderServer, 0));
    await renderPage.waitForFunction(() => window.benchResults, null, { timeout: 120_000 });
    const r = await renderPage.evaluate(() => window.benchResults);
    console.log('\n[bench] navigator diagram in headless Chromium, medians');
    for (const [name, x] of Object.entries(r)) {
      row(`map in Chromium, ${name === 'real' ? 'real catalog' : '10× catalog'}: layout + render`, `${x.layout.toFixed(1)} + ${x.render.toFixed(1)} ms`);
      console.log(
        `  ${name === 'real' ? 'real catalog' : '10× catalog '} (${x.nodes} nodes, ${x.edges} edges): layout in WebAssembly ${x.layout.toFixed(1)} ms, ` +
          `render ${x.render.toFixed(1)} ms, together ${(x.layout + x.render).toFixed(1)} ms; restyle for new answers ${x.restyle.toFixed(1)} ms`,
      );
    }

    // The page: time to the diagram, unthrottled and at 4× CPU throttling; memory after load.
    const siteServer = createServer({ root: path.join(dist, 'site') });
    servers.push(siteServer);
    const siteUrl = await listen(siteServer, 0);
    await pageTimings(browser, siteUrl, 1);
    for (const throttle of [1, 4]) {
      const runs = [];
      for (let i = 0; i < RUNS; i++) runs.push(await pageTimings(browser, siteUrl, throttle));
      const m = (key) => median(runs.map((x) => x[key])).toFixed(0);
      const at = throttle > 1 ? ` (${throttle}× CPU)` : '';
      row(`page: first contentful paint${at}`, `${m('fcp')} ms`);
      row(`page: map interactive (asn-diagram)${at}`, `${m('diagram')} ms`);
      row(`page: all ready (asn-ready)${at}`, `${m('ready')} ms`);
      if (throttle === 1) row('page: JS heap after load', `${(median(runs.map((x) => x.heap)) / 1048576).toFixed(1)} MiB`);
      if (throttle === 1) unthrottledFcp = median(runs.map((x) => x.fcp));
      const traced = [];
      for (let i = 0; i < Math.ceil(RUNS / 2); i++) traced.push(await startTasks(browser, siteUrl, throttle));
      const longest = median(traced.map((x) => x.longest)).toFixed(0);
      const blocking = median(traced.map((x) => x.blocking)).toFixed(0);
      row(`page: longest task between first paint and ready${at}`, `${longest} ms`);
      row(`page: blocking time between first paint and ready (over 50 ms a task)${at}`, `${blocking} ms`);
      console.log(
        `\n[bench] the page${throttle > 1 ? ` at ${throttle}× CPU throttling` : ''}, ${RUNS} runs, medians: first contentful paint (with the map, drawn by the build) ${m('fcp')} ms, ` +
          `map interactive ${m('diagram')} ms, page ready ${m('ready')} ms after navigation; JS heap after load ${(median(runs.map((x) => x.heap)) / 1048576).toFixed(1)} MiB; ` +
          `from the first paint to ready (${traced.length} traced runs), the longest task ${longest} ms and ${blocking} ms of blocking time`,
      );
    }
    // Answering questions: from the click to the frame that shows the result.
    for (const throttle of [1, 4]) {
      const runs = [];
      for (let i = 0; i < 3; i++) runs.push(await answerTimings(browser, siteUrl, throttle));
      const at = throttle > 1 ? ` (${throttle}× CPU)` : '';
      const rest = runs.flatMap((r) => r.rest);
      row(`page: an answer, click to next paint${at}`, `${median(rest).toFixed(0)} ms (slowest ${Math.max(...rest).toFixed(0)} ms; the first answer ${median(runs.map((r) => r.first)).toFixed(0)} ms)`);
      console.log(`\n[bench] answering questions${at}, ${rest.length} answers in 3 pages: click to next paint, median ${median(rest).toFixed(0)} ms, slowest ${Math.max(...rest).toFixed(0)} ms; the first answer of a page (the first to put the system on the map) ${runs.map((r) => r.first.toFixed(0)).join(', ')} ms`);
    }
    const siteFiles = pageFiles(path.join(dist, 'site'));
    const total = siteFiles.reduce((n, f) => n + gz(path.join(dist, 'site', f)), 0);
    console.log(`[bench] everything a first-time visitor downloads: ${siteFiles.length} files, ${kib(total)} gzip`);
    for (const f of siteFiles) row(`size: ${f} (gzip)`, kib(gz(path.join(dist, 'site', f))));
    row('size: the page, everything it downloads (gzip)', kib(total));
    const br = siteFiles.reduce((n, f) => n + statSync(path.join(dist, 'site', `${f}.br`)).size, 0);
    row('size: the page, everything it downloads (Brotli, as served)', kib(br));
    const wire = await wireBytes(browser, siteUrl);
    row('page: over the wire, first visit / return visit (Chromium, headers included)', `${kib(wire.first)} / ${kib(wire.again)}`);
    console.log(`[bench] over the wire (Brotli from the server, ETags): first visit ${kib(wire.first)}, return visit ${kib(wire.again)}`);

    // The limit: the same content as a plain page, in the same run.
    const baselineRuns = [];
    for (let i = 0; i < RUNS; i++) baselineRuns.push(await paintTime(browser, `${siteUrl}catalog.html`));
    const baselineFcp = median(baselineRuns);
    const baselineWeight = ['catalog.html', 'style.css', 'favicon.svg'].reduce((n, f) => n + gz(path.join(dist, 'site', f)), 0);
    row('plain catalog page: first contentful paint', `${baselineFcp.toFixed(0)} ms`);
    // The floor of this machine: a page with one paragraph, no style, no script.
    const floorSite = path.join(dist, 'bench', 'floor');
    mkdirSync(floorSite, { recursive: true });
    writeFileSync(path.join(floorSite, 'index.html'), '<!doctype html><html lang="en"><title>Floor</title><p>One paragraph.</p></html>\n');
    const floorServer = createServer({ root: floorSite });
    servers.push(floorServer);
    const floorUrl = await listen(floorServer, 0);
    const floorRuns = [];
    for (let i = 0; i < RUNS; i++) floorRuns.push(await paintTime(browser, floorUrl));
    row('one-paragraph page (the floor): first contentful paint', `${median(floorRuns).toFixed(0)} ms`);
    row('plain catalog page: weight (gzip)', kib(baselineWeight));
    row('page ÷ plain page: paint time', `${(unthrottledFcp / baselineFcp).toFixed(2)}× (goal ≤ 1.5×)`);
    row('page ÷ plain page: weight', `${(total / baselineWeight).toFixed(1)}×`);

    // Lighthouse, desktop and mobile.
    const lh = await lighthouseBrowser();
    try {
      for (const formFactor of ['desktop', 'mobile']) {
        for (const [name, page] of [['page', ''], ['plain page', 'catalog.html']]) {
          const r = await audit(lh, siteUrl + page, formFactor);
          row(
            `Lighthouse ${formFactor}, ${name}: performance / accessibility / best practices / SEO`,
            `${r.scores.performance} / ${r.scores.accessibility} / ${r.scores['best-practices']} / ${r.scores.seo} (FCP ${(r.metrics.fcp / 1000).toFixed(1)} s, LCP ${(r.metrics.lcp / 1000).toFixed(1)} s, TBT ${r.metrics.tbt.toFixed(0)} ms)`,
          );
          if (r.failing.length) console.log(`[bench] Lighthouse ${formFactor}, ${name}, below full marks: ${r.failing.join('; ')}`);
        }
      }
    } finally {
      await lh.browser.close();
    }

    for (const v of variants) {
      const server = createServer({ root: v.site });
      servers.push(server);
      v.url = await listen(server, 0);
      v.catalog = [];
      v.ready = [];
      v.own = [];
      v.data = [];
      await timeSite(browser, v.url); // warm-up
    }
    for (let run = 0; run < RUNS; run++) {
      for (const v of variants) {
        const marks = await timeSite(browser, v.url);
        v.catalog.push(marks['asn-catalog']);
        v.ready.push(marks['asn-ready']);
        v.own.push(marks['asn-catalog'] - marks['asn-start']);
        v.data.push(marks['asn-catalog'] - marks['asn-init']);
      }
    }
  } finally {
    await browser.close();
    servers.forEach((s) => s.close());
  }

  console.log(`\n[bench] catalog embedding, ${RUNS} runs each, medians (min–max)`);
  for (const v of variants) {
    const s = moduleSizes(v.wasm);
    const range = (xs) => `${median(xs).toFixed(1)} ms (${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)})`;
    console.log(`  ${v.name}`);
    console.log(`    module ${kib(s.wasmRaw)} raw, ${kib(s.wasmGzip)} gzip; with glue ${kib(s.wasmGzip + s.glueGzip)} gzip`);
    console.log(`    navigation → catalog available: ${range(v.catalog)}`);
    console.log(`    navigation → page ready:        ${range(v.ready)}`);
    console.log(`    page script start → catalog:    ${range(v.own)}  (module fetch, compile, catalog)`);
    console.log(`    module ready → catalog object:  ${range(v.data)}`);
  }
  row("core module .wasm, the page's (gzip)", kib(moduleSizes(path.join(dist, 'wasm-core')).wasmGzip));
  row('full module .wasm, on demand (gzip)', kib(moduleSizes(path.join(dist, 'wasm')).wasmGzip));

  const width = Math.max(...summary.map(([what]) => what.length));
  console.log(`\n[bench] summary (medians of ${RUNS} runs where timed)\n`);
  console.log(`| ${'what'.padEnd(width)} | value |\n|${'-'.repeat(width + 2)}|-------|`);
  for (const [what, value] of summary) console.log(`| ${what.padEnd(width)} | ${value} |`);
}

if (isMain(import.meta.url)) {
  main().catch((error) => {
    console.error(`[bench] ${error.message}`);
    process.exitCode = 1;
  });
}
