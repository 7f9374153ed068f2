// `npm run bench`: builds the release and reports numbers — sizes of what ships, and the time
// from navigation until the catalog is available in the page (median of several runs, each in a
// fresh browser context). It also builds the module the other way the catalog could be embedded
// (raw JSON parsed at start-up, cargo feature `parse-catalog`) and measures both in the same run,
// so that the choice is backed by numbers. Reports only; budgets that gate CI are separate.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { assembleSite, build, buildModule } from './build.mjs';
import { CHROMIUM_ARGS, dist, findBrowser } from './lib.mjs';
import { createServer, listen } from './serve.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const CRATE = 'ai_security_navigator';

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
}

async function main() {
  await build();
  await benchAssess();
  const variants = [
    { name: 'generated at build time (shipped)', wasm: path.join(dist, 'wasm'), site: path.join(dist, 'site') },
    { name: 'parsed at start-up (parse-catalog)', wasm: path.join(dist, 'bench', 'parse-wasm'), site: path.join(dist, 'bench', 'parse-site') },
  ];
  console.log('\n[bench] building the parse-at-start-up variant for comparison');
  await buildModule({ outDir: variants[1].wasm, features: ['parse-catalog'] });
  assembleSite(variants[1].site, variants[1].wasm);
  // Leave target/ with the shipped build, so that a following `npm start` is quick.
  await buildModule({ outDir: path.join(dist, 'bench', 'shipped-wasm') });

  const browser = await chromium.launch({ executablePath: findBrowser(), args: CHROMIUM_ARGS });
  const servers = [];
  try {
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
}

main().catch((error) => {
  console.error(`[bench] ${error.message}`);
  process.exitCode = 1;
});
