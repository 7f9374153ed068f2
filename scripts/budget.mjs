// Size budgets: the build fails when what ships grows by more than the margin over the sizes
// recorded in size-budget.json. After an intended change, `npm run build -- --update-budget`
// records the new sizes (and the diff shows them to reviewers).
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { dist, root, run } from './lib.mjs';
import { CRATE, WIDGET_FILES } from './package.mjs';

const FILE = path.join(root, 'size-budget.json');
const gz = (file) => gzipSync(readFileSync(file), { level: 9 }).length;

/**
 * The files of a built site that the page downloads: index.html, what it links (the stylesheet,
 * the icon, start.js), the modules start.js preloads (the application, bundled into app.js) and
 * the core module. Not the full module and its glue, fetched only when a visitor asks for a
 * report, a picture or a share link, nor the files the page never loads (the widget's example
 * and modules, the plain catalog page, the integrity list). The browser tests check this
 * list against the requests Chromium makes (tests/e2e/release.test.mjs).
 */
export function pageFiles(site) {
  const html = readFileSync(path.join(site, 'index.html'), 'utf8');
  const linked = [...html.matchAll(/<(?:link|script)\b[^>]*?\b(?:href|src)="([\w.-]+)"/g)].map((m) => m[1]);
  const preload = readFileSync(path.join(site, 'start.js'), 'utf8').match(/const PRELOAD ?= ?(\[(?:\["[^"]+","[^"]+"\],?)*\])/)?.[1];
  const preloaded = JSON.parse(preload ?? '[]').map(([file]) => file);
  return [...new Set(['index.html', ...linked, ...preloaded, `${CRATE}_bg.wasm`])].sort();
}

/** The sizes the budget watches, in bytes. */
export async function measure() {
  const site = path.join(dist, 'site');
  const packed = await run('npm', ['pack', path.join(dist, 'pkg'), '--dry-run', '--json'], { capture: true, quiet: true });
  const json = packed.output.slice(packed.output.indexOf('['));
  const [tarball] = JSON.parse(json);
  const sum = (files) => files.reduce((n, f) => n + gz(path.join(site, f)), 0);
  // What the server and a host with the build's precompressed copies send a Brotli browser.
  const br = (files) =>
    files.reduce((n, f) => {
      const copy = path.join(site, `${f}.br`);
      if (!existsSync(copy)) throw new Error(`dist/site/${f} has no Brotli copy: the build's precompress step did not run`);
      return n + statSync(copy).size;
    }, 0);
  return {
    'page, everything a browser downloads (gzip)': sum(pageFiles(site)),
    'page, everything a browser downloads (Brotli, as served)': br(pageFiles(site)),
    'widget, everything a browser downloads (gzip)': sum([...WIDGET_FILES, 'widget-style.js', 'navigator.js', `${CRATE}.js`, `${CRATE}_bg.wasm`]),
    'offline single file (gzip)': gz(path.join(dist, 'offline', 'ai-security-navigator.html')),
    "core module .wasm, the page's (gzip)": gz(path.join(site, `${CRATE}_bg.wasm`)),
    'full module .wasm, fetched on demand (gzip)': gz(path.join(site, `${CRATE}_full_bg.wasm`)),
    'npm tarball (packed)': tarball.size,
  };
}

/** Compares with the recorded budget; throws when a size grew beyond the margin. */
export async function checkBudget({ update = false, file = FILE } = {}) {
  const sizes = await measure();
  let budget = { margin: 0.03, sizes: {} };
  try {
    budget = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    update = true; // no budget yet: record one
  }
  const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
  const over = [];
  console.log(`\nsize budget (margin ${(budget.margin * 100).toFixed(0)}%):`);
  for (const [name, size] of Object.entries(sizes)) {
    const limit = budget.sizes[name];
    const verdict = limit === undefined ? 'new' : size > limit * (1 + budget.margin) ? 'OVER' : 'ok';
    console.log(`  ${verdict.padEnd(4)} ${name.padEnd(58)} ${kib(size).padStart(10)}${limit ? `  (budget ${kib(limit)})` : ''}`);
    if (verdict === 'OVER') over.push(`${name} is ${kib(size)}, over its budget of ${kib(limit)} + ${(budget.margin * 100).toFixed(0)}%`);
  }
  if (update) {
    writeFileSync(file, `${JSON.stringify({ margin: budget.margin, sizes }, null, 2)}\n`);
    console.log(`  recorded in ${path.relative(root, file)}`);
    return;
  }
  if (over.length) {
    throw new Error(`size budget exceeded: ${over.join('; ')}. If the growth is intended, run \`npm run build -- --update-budget\` and commit size-budget.json.`);
  }
}
