// Builds everything that ships into dist/ (ignored by git):
//   dist/wasm/  wasm-bindgen's output for the web target, optimised by wasm-opt
//   dist/site/  the static site: www/ plus the module; what `npm start` serves
//   dist/pkg/   the npm package (scripts/package.mjs)
// and prints the size of every shipped file, raw and gzipped.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { dist, isMain, must, root } from './lib.mjs';
import { checkBudget } from './budget.mjs';
import { CRATE, PKG_FILES, assemblePackage } from './package.mjs';

const MODULE_FILES = [`${CRATE}.js`, `${CRATE}_bg.wasm`];
// Files of www/ that belong to the package only, not to the site.
const SITE_EXCLUDE = new Set(PKG_FILES.www.filter((f) => f !== 'navigator.js'));

function copyInto(dir, from, files) {
  mkdirSync(dir, { recursive: true });
  for (const file of files) copyFileSync(path.join(from, file), path.join(dir, file));
}

export function sizeTable(dirs) {
  const rows = [];
  for (const dir of dirs) {
    for (const file of readdirSync(dir).sort()) {
      const full = path.join(dir, file);
      if (!statSync(full).isFile()) continue;
      const bytes = readFileSync(full);
      rows.push({ file: path.relative(root, full), raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length });
    }
  }
  return rows;
}

export function printSizes(rows) {
  const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
  const width = Math.max(...rows.map((r) => r.file.length), 5);
  console.log(`\n${'file'.padEnd(width)}  ${'raw'.padStart(10)}  ${'gzip'.padStart(10)}`);
  for (const r of rows) console.log(`${r.file.padEnd(width)}  ${kib(r.raw).padStart(10)}  ${kib(r.gzip).padStart(10)}`);
  for (const prefix of ['dist/site/', 'dist/pkg/']) {
    const part = rows.filter((r) => r.file.startsWith(prefix));
    const raw = part.reduce((n, r) => n + r.raw, 0);
    const gzip = part.reduce((n, r) => n + r.gzip, 0);
    console.log(`${`${prefix} total`.padEnd(width)}  ${kib(raw).padStart(10)}  ${kib(gzip).padStart(10)}`);
  }
}

/**
 * Compiles the crate to WebAssembly and runs wasm-bindgen and wasm-opt into `outDir`.
 * `features` selects cargo features (the benchmark builds `parse-catalog` to compare designs).
 */
export async function buildModule({ outDir = path.join(dist, 'wasm'), features = [] } = {}) {
  const featureArgs = features.length ? ['--features', features.join(',')] : [];
  await must('cargo', ['build', '--release', '--target', 'wasm32-unknown-unknown', '--lib', ...featureArgs]);
  rmSync(outDir, { recursive: true, force: true });
  await must('wasm-bindgen', [
    '--target', 'web',
    '--out-dir', outDir,
    path.join(root, 'target', 'wasm32-unknown-unknown', 'release', `${CRATE}.wasm`),
  ]);
  const wasmFile = path.join(outDir, `${CRATE}_bg.wasm`);
  // -Oz: smallest; measured against -Os/-O3 in ARCHITECTURE.md ("Sizes").
  await must(path.join(root, 'node_modules', '.bin', 'wasm-opt'), [
    '-Oz', '--strip-debug', '--strip-producers', wasmFile, '-o', wasmFile,
  ]);
  return outDir;
}

/** Copies the page and a built module into a static site folder. */
export function assembleSite(site, moduleDir) {
  const www = path.join(root, 'www');
  rmSync(site, { recursive: true, force: true });
  copyInto(site, www, readdirSync(www).filter((f) => !SITE_EXCLUDE.has(f) && statSync(path.join(www, f)).isFile()));
  copyInto(site, moduleDir, MODULE_FILES);
}

/**
 * Draws the map into the site's index.html (the navigator view, as a picture the page then makes
 * interactive), with the page's own drawing code and the module just built.
 */
export async function drawMapIntoPage(site) {
  const { diagram, initSync } = await import(pathToFileURL(path.join(site, 'navigator.js')).href);
  initSync(readFileSync(path.join(site, `${CRATE}_bg.wasm`)));
  const { staticMarkup } = await import(pathToFileURL(path.join(site, 'explore.js')).href);
  const file = path.join(site, 'index.html');
  const page = readFileSync(file, 'utf8');
  const marker = /<!-- explore:[^>]*-->/;
  if (!marker.test(page)) throw new Error('www/index.html has no <!-- explore: … --> marker for the map');
  writeFileSync(file, page.replace(marker, () => staticMarkup(diagram('navigator'), (n) => n.lines.join(' '))));
}

export async function build() {
  const started = Date.now();
  rmSync(dist, { recursive: true, force: true });
  const wasmOut = await buildModule();

  const site = path.join(dist, 'site');
  assembleSite(site, wasmOut);
  await drawMapIntoPage(site);

  const pkg = path.join(dist, 'pkg');
  assemblePackage(pkg, wasmOut);

  printSizes(sizeTable([site, pkg]));
  await checkBudget({ update: process.argv.includes('--update-budget') });
  console.log(`\nbuilt in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

if (isMain(import.meta.url)) {
  build().catch((error) => {
    console.error(`[build] ${error.message}`);
    process.exit(1);
  });
}
