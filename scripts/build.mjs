// Builds everything that ships into dist/ (ignored by git):
//   dist/wasm/  wasm-bindgen's output for the web target, optimised by wasm-opt: the full module
//   dist/wasm-core/  the same for the page's core module (no reports, SVG files, share links,
//               custom catalogs or overlays: the page fetches the full module when they are used)
//   dist/site/  the static site: www/ plus both modules; what `npm start` serves
//   dist/pkg/   the npm package (scripts/package.mjs)
// and prints the size of every shipped file, raw, gzipped and (for the site) Brotli-compressed.
// The site's files get precompressed copies next to them (scripts/encodings.mjs).
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { dist, isMain, must, root } from './lib.mjs';
import { checkBudget } from './budget.mjs';
import { CRATE, PACKAGE_ONLY, assemblePackage } from './package.mjs';
import { widgetStyle } from './widget-style.mjs';
import { writeBaseline } from './baseline.mjs';
import { isEncodedCopy, precompress } from './encodings.mjs';
import { sbomText } from './sbom.mjs';
import { PAGE_POLICY } from './serve.mjs';

const MODULE_FILES = [`${CRATE}.js`, `${CRATE}_bg.wasm`];
/** The full module's files in the site, next to the core module (`loadTools` in navigator.js). */
export const FULL_FILES = { [`${CRATE}.js`]: `${CRATE}_full.js`, [`${CRATE}_bg.wasm`]: `${CRATE}_full_bg.wasm` };
/** What www/navigator.js holds until the build writes the full module's glue's hash there. */
const FULL_GLUE_PLACEHOLDER = 'asn-full-glue-integrity';
// Files of www/ that belong to the package only, and the widget's style source (it reaches the
// site as widget-style.js).
const SITE_EXCLUDE = new Set([...PACKAGE_ONLY, 'widget.css']);

function copyInto(dir, from, files) {
  mkdirSync(dir, { recursive: true });
  for (const file of files) copyFileSync(path.join(from, file), path.join(dir, file));
}

export function sizeTable(dirs) {
  const rows = [];
  for (const dir of dirs) {
    for (const file of readdirSync(dir).sort()) {
      const full = path.join(dir, file);
      if (isEncodedCopy(file) || !statSync(full).isFile()) continue;
      const bytes = readFileSync(full);
      // Brotli only where the build precompressed the file (the hosted site).
      const br = existsSync(`${full}.br`) ? statSync(`${full}.br`).size : null;
      rows.push({ file: path.relative(root, full), raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length, br });
    }
  }
  return rows;
}

export function printSizes(rows) {
  const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
  const width = Math.max(...rows.map((r) => r.file.length), 5);
  const line = (name, raw, gzip, br) => console.log(`${name.padEnd(width)}  ${raw.padStart(10)}  ${gzip.padStart(10)}  ${br.padStart(10)}`);
  console.log('');
  line('file', 'raw', 'gzip', 'br');
  for (const r of rows) line(r.file, kib(r.raw), kib(r.gzip), r.br === null ? '' : kib(r.br));
  for (const prefix of ['dist/site/', 'dist/pkg/', 'dist/selfhost/']) {
    const part = rows.filter((r) => r.file.startsWith(prefix));
    // A file without a Brotli copy is sent as it is.
    const sum = (key) => part.reduce((n, r) => n + (r[key] ?? r.raw), 0);
    line(`${prefix} total`, kib(sum('raw')), kib(sum('gzip')), part.some((r) => r.br !== null) ? kib(sum('br')) : '');
  }
}

/**
 * Compiler flags that keep this machine out of the module: the checkout's path and Cargo's home
 * (where dependency sources live) appear in panic locations, so they are replaced by fixed
 * names. With them, two builds of the same sources anywhere give the same bytes (a test builds
 * twice from scratch and compares). Any RUSTFLAGS of the caller come first.
 */
function reproducibleFlags() {
  const cargoHome = process.env.CARGO_HOME ?? path.join(homedir(), '.cargo');
  const own = (process.env.RUSTFLAGS ?? '').split(' ').filter(Boolean);
  return [...own, `--remap-path-prefix=${root}=/ai-security-navigator`, `--remap-path-prefix=${cargoHome}=/cargo`].join('\x1f');
}

/**
 * Compiles the crate to WebAssembly and runs wasm-bindgen and wasm-opt into `outDir`.
 * `features` selects cargo features (the benchmark builds `parse-catalog` to compare designs);
 * `core` builds the page's core module (without the default feature `tools`).
 */
export async function buildModule({ outDir = path.join(dist, 'wasm'), features = [], core = false, targetDir = path.join(root, 'target') } = {}) {
  const featureArgs = [...(core ? ['--no-default-features'] : []), ...(features.length ? ['--features', features.join(',')] : [])];
  await must('cargo', ['build', '--release', '--target', 'wasm32-unknown-unknown', '--lib', ...featureArgs], {
    env: { CARGO_TARGET_DIR: targetDir, CARGO_ENCODED_RUSTFLAGS: reproducibleFlags() },
  });
  rmSync(outDir, { recursive: true, force: true });
  await must('wasm-bindgen', [
    '--target', 'web',
    '--out-dir', outDir,
    path.join(targetDir, 'wasm32-unknown-unknown', 'release', `${CRATE}.wasm`),
  ]);
  const wasmFile = path.join(outDir, `${CRATE}_bg.wasm`);
  // -Oz: smallest; measured against -Os/-O3 in ARCHITECTURE.md ("Sizes").
  await must(path.join(root, 'node_modules', '.bin', 'wasm-opt'), [
    '-Oz', '--strip-debug', '--strip-producers', wasmFile, '-o', wasmFile,
  ]);
  return outDir;
}

/**
 * Copies the page and a built module into a static site folder; with `fullDir`, the module in
 * `moduleDir` is the core one and the full module goes next to it under the names of FULL_FILES.
 */
export function assembleSite(site, moduleDir, fullDir = null) {
  const www = path.join(root, 'www');
  rmSync(site, { recursive: true, force: true });
  copyInto(site, www, readdirSync(www).filter((f) => !SITE_EXCLUDE.has(f) && statSync(path.join(www, f)).isFile()));
  copyInto(site, moduleDir, MODULE_FILES);
  if (fullDir) for (const [from, to] of Object.entries(FULL_FILES)) copyFileSync(path.join(fullDir, from), path.join(site, to));
  writeFileSync(path.join(site, 'widget-style.js'), widgetStyle());
}

const hash = (algorithm, bytes) => `${algorithm}-${createHash(algorithm).update(bytes).digest('base64')}`;
/** A Subresource Integrity value (SHA-384). */
const sri = (bytes) => hash('sha384', bytes);

/**
 * Bundles the widget into one ES module with Vite (a dev dependency; the build runs after the
 * tools are installed). `entry` is the code of the bundle's entry module, placed in `site` so
 * that its relative imports resolve. The wasm-bindgen glue's default module URL is hidden from
 * the bundler, which would otherwise copy or inline the module a second time.
 */
async function bundle(site, entry) {
  const { build: vite } = await import('vite');
  const entryFile = path.join(site, '.bundle-entry.js');
  writeFileSync(entryFile, entry);
  try {
    const output = await vite({
      configFile: false,
      logLevel: 'warn',
      root: site,
      plugins: [
        {
          name: 'keep-module-url',
          transform: (code, id) => (id.endsWith(`${CRATE}.js`) ? code.replace('import.meta.url', "import.meta['url']") : null),
        },
      ],
      build: {
        write: false,
        minify: true,
        target: 'es2022',
        modulePreload: false,
        rollupOptions: { input: entryFile, output: { format: 'es', entryFileNames: 'bundle.js' } },
      },
    });
    const chunks = (Array.isArray(output) ? output : [output]).flatMap((o) => o.output).filter((o) => o.type === 'chunk');
    if (chunks.length !== 1) throw new Error(`expected one bundle, got ${chunks.length} chunks`);
    return chunks[0].code;
  } finally {
    rmSync(entryFile, { force: true });
  }
}

const PAGE_STYLE = 'body{margin:0;font-family:system-ui,sans-serif;background:Canvas;color:CanvasText}main{max-width:84rem;margin:0 auto;padding:1rem}';

/**
 * dist/offline/ai-security-navigator.html: the widget in one file, for a disk or a file share on
 * a machine without network. The module travels as base64 in a data block (never executed, not
 * subject to the policy); the one script and the one style are allowed by their hashes in the
 * file's own Content-Security-Policy.
 */
export async function buildOffline(site, outDir) {
  const script = await bundle(
    site,
    `import { initSync } from './navigator.js';
import { AiSecurityNavigator } from './widget.js';
// The module, gzip-compressed and in base64: the browser's own DecompressionStream unpacks it.
const text = document.getElementById('asn-module').textContent.replace(/\\s+/g, '');
const binary = atob(text);
const packed = new Uint8Array(binary.length);
for (let i = 0; i < binary.length; i += 1) packed[i] = binary.charCodeAt(i);
const unpacked = new Blob([packed]).stream().pipeThrough(new DecompressionStream('gzip'));
initSync(new Uint8Array(await new Response(unpacked).arrayBuffer()));
AiSecurityNavigator.define();
`,
  );
  if (/<\/script|<!--/i.test(script)) throw new Error('the bundle contains "</script" or "<!--" and cannot be inlined');
  const wasm = readFileSync(path.join(site, `${CRATE}_bg.wasm`));
  const policy = [
    "default-src 'none'",
    `script-src '${hash('sha256', script)}' 'wasm-unsafe-eval'`,
    `style-src '${hash('sha256', PAGE_STYLE)}'`,
    'img-src blob:',
    "base-uri 'none'",
    "form-action 'none'",
    "require-trusted-types-for 'script'",
    "trusted-types 'none'",
  ].join('; ');
  const page = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${policy}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>AI Security Navigator (offline)</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
<main>
<ai-security-navigator></ai-security-navigator>
<noscript><p>The AI Security Navigator needs JavaScript and WebAssembly.</p></noscript>
</main>
<script type="application/gzip" id="asn-module">${gzipSync(wasm, { level: 9 }).toString('base64').replace(/.{1,120}/g, '$&\n')}</script>
<script type="module">${script}</script>
</body>
</html>
`;
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, 'ai-security-navigator.html'), page);
}

/**
 * dist/selfhost/: the widget as two files for a portal to serve itself — one script (which
 * fetches the module next to it and checks it against the hash it carries) and the module — with
 * their SRI hashes in integrity.json and an example page that uses them.
 */
export async function buildSelfHost(site, outDir) {
  const wasm = readFileSync(path.join(site, `${CRATE}_bg.wasm`));
  const script = await bundle(
    site,
    `import { AiSecurityNavigator } from './widget.js';
// The module next to this file, checked against its hash: a host that pins this script's
// integrity pins the module's too.
const url = new URL('${CRATE}_bg.wasm', import.meta['url']);
AiSecurityNavigator.init(fetch(url, { integrity: '${sri(wasm)}' })).catch(() => {});
AiSecurityNavigator.define();
export { AiSecurityNavigator };
`,
  );
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const files = { 'ai-security-navigator.js': Buffer.from(script), [`${CRATE}_bg.wasm`]: wasm, 'favicon.svg': readFileSync(path.join(root, 'www', 'favicon.svg')) };
  for (const [name, bytes] of Object.entries(files)) writeFileSync(path.join(outDir, name), bytes);
  const integrity = Object.fromEntries(Object.entries(files).map(([name, bytes]) => [name, sri(bytes)]));
  writeFileSync(path.join(outDir, 'integrity.json'), `${JSON.stringify(integrity, null, 2)}\n`);
  writeFileSync(
    path.join(outDir, 'index.html'),
    `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>AI Security Navigator</title>
<link rel="icon" href="favicon.svg" type="image/svg+xml" integrity="${integrity['favicon.svg']}">
<script type="module" src="ai-security-navigator.js" integrity="${integrity['ai-security-navigator.js']}" crossorigin="anonymous"></script>
</head>
<body>
<ai-security-navigator></ai-security-navigator>
</body>
</html>
`,
  );
}

/**
 * Draws the map into the site's index.html (the navigator view, as a picture the page then makes
 * interactive) and the header's line on the catalog's source (which the page would otherwise
 * fill in, moving everything below it), with the page's own code and the module just built.
 */
export async function drawMapIntoPage(site) {
  const { catalog, diagram, initSync } = await import(pathToFileURL(path.join(site, 'navigator.js')).href);
  initSync(readFileSync(path.join(site, `${CRATE}_bg.wasm`)));
  const { staticMarkup } = await import(pathToFileURL(path.join(site, 'explore.js')).href);
  const { sourceLine } = await import(pathToFileURL(path.join(site, 'dom.js')).href);
  const { toMarkup } = await import(pathToFileURL(path.join(site, 'diagram.js')).href);
  const file = path.join(site, 'index.html');
  const page = readFileSync(file, 'utf8');
  const marker = /<!-- explore:[^>]*-->/;
  if (!marker.test(page)) throw new Error('www/index.html has no <!-- explore: … --> marker for the map');
  const source = /<p class="source" id="source">[^<]*<\/p>/;
  if (!source.test(page)) throw new Error('www/index.html has no <p class="source" id="source"> for the catalog\'s source');
  const drawn = page.replace(marker, () => staticMarkup(diagram('navigator'), (n) => n.lines.join(' ')));
  writeFileSync(file, drawn.replace(source, () => toMarkup(sourceLine(catalog()))));
}

/** `import … from './x.js'`, `export … from "./x.js"`, `import './x.js'` (not `import(…)`). */
const STATIC_IMPORT = /(?:^|[;}\s])(?:import|export)\b(?!\s*\()[^'"`;]*?(?:\bfrom\s*)?['"`]\.\/([\w.-]+\.js)['"`]/gm;

/** The modules `entry` imports statically, transitively (site-relative file names), entry first. */
function moduleGraph(site, entry) {
  const seen = [];
  const visit = (file) => {
    if (seen.includes(file)) return;
    seen.push(file);
    const code = readFileSync(path.join(site, file), 'utf8');
    // Static imports and re-exports, as written in www/ or as the minifier writes them.
    for (const m of code.matchAll(STATIC_IMPORT)) visit(m[1]);
  };
  visit(entry);
  return seen;
}

/**
 * Bundles the page's application (app.js and every module it imports, the core module's glue
 * included) into app.js, one minified module: one request instead of a dozen, and one gzip
 * stream, in which what the modules share compresses once (ARCHITECTURE.md, "Sizes"). The other
 * modules stay in the site for the widget (embed.html), which imports them one by one; the full
 * module's glue stays a file of its own, imported on demand by a URL the bundler leaves alone.
 */
export async function bundlePage(site) {
  const code = await bundle(site, "import './app.js';\n");
  writeFileSync(path.join(site, 'app.js'), code);
}

/**
 * Minifies the hosted site's scripts in place (the npm package keeps the readable sources of
 * www/). Per file, so the module graph, the file names and what each module exports stay as they
 * are; Vite's minifier (oxc) is already a dev dependency. start.js keeps its top-level names, so
 * that `secureSite` still finds `const PRELOAD = []` to fill. Measured in ARCHITECTURE.md
 * ("Sizes"): the page's scripts go from 44.5 to 27.3 KiB gzip.
 */
export async function minifySite(site) {
  const { minifySync } = await import('vite');
  for (const file of readdirSync(site).filter((f) => f.endsWith('.js'))) {
    const code = readFileSync(path.join(site, file), 'utf8');
    const out = minifySync(file, code, { module: true, compress: { target: 'es2022' }, mangle: { toplevel: file !== 'start.js' } });
    if (out.errors?.length) throw new Error(`minifying ${file}: ${out.errors.map((e) => e.message).join('; ')}`);
    writeFileSync(path.join(site, file), out.code);
  }
}

/** The site's own pages (not the example portal page), which carry the page policy themselves. */
export const OWN_PAGES = ['index.html', 'catalog.html'];

/**
 * Writes the page policy into the site's own pages as a `<meta http-equiv>` element, first in
 * their head, so that it holds on a host that sends no policy (or a weaker one: a browser
 * enforces every policy it is given). `frame-ancestors` can only come from a header.
 */
export function pinPolicy(site) {
  for (const page of OWN_PAGES) {
    const file = path.join(site, page);
    const html = readFileSync(file, 'utf8');
    const charset = /<meta charset="utf-8">\n?/i;
    if (!charset.test(html) || html.includes('http-equiv="Content-Security-Policy"')) {
      throw new Error(`${page} must start its head with <meta charset="utf-8"> and carry no policy of its own`);
    }
    writeFileSync(file, html.replace(charset, (m) => `${m}  <meta http-equiv="Content-Security-Policy" content="${PAGE_POLICY}">\n`));
  }
}

/**
 * Integrity for the hosted site: every page's stylesheet and module scripts carry their SRI hash,
 * and every module they import is preloaded with its hash too (a module imported without a
 * preload would be fetched unchecked; preloading also saves the round trips of discovering the
 * imports one by one); the full module's glue, imported only on demand, is checked against the
 * hash written into the modules that import it. `integrity.json` lists the SHA-384 of every
 * file, for deployments to check.
 */
export function secureSite(site) {
  const digest = (file) => sri(readFileSync(path.join(site, file)));
  // The full module's glue is imported on demand; navigator.js (alone, and in the page's bundle)
  // fetches it with the hash written here first, so it need not be preloaded with the page.
  const fullGlue = FULL_FILES[`${CRATE}.js`];
  if (existsSync(path.join(site, fullGlue))) {
    const hash = digest(fullGlue);
    for (const file of readdirSync(site).filter((f) => f.endsWith('.js'))) {
      const code = readFileSync(path.join(site, file), 'utf8');
      if (code.includes(FULL_GLUE_PLACEHOLDER)) writeFileSync(path.join(site, file), code.replaceAll(FULL_GLUE_PLACEHOLDER, hash));
    }
  }
  // The page's bootstrap (www/start.js) imports app.js after the first paint, preloading app.js's
  // module graph with the hashes it is given here; the page then pins start.js.
  const boot = path.join(site, 'start.js');
  if (existsSync(boot)) {
    const code = readFileSync(boot, 'utf8');
    // As written in www/start.js, or as the minifier leaves it (it keeps top-level names there).
    const empty = /const PRELOAD ?= ?\[\]/;
    if (!empty.test(code)) throw new Error('www/start.js must contain `const PRELOAD = [];` for the build to fill');
    const graph = moduleGraph(site, 'app.js');
    writeFileSync(boot, code.replace(empty, () => `const PRELOAD = ${JSON.stringify(graph.map((f) => [f, digest(f)]))}`));
  }
  for (const page of readdirSync(site).filter((f) => f.endsWith('.html'))) {
    let html = readFileSync(path.join(site, page), 'utf8');
    const entries = [...html.matchAll(/<script type="module" src="([\w.-]+\.js)"><\/script>/g)].map((m) => m[1]);
    const graph = [...new Set(entries.flatMap((e) => moduleGraph(site, e)))];
    html = html.replace(/<link rel="(stylesheet|modulepreload)" href="([\w.-]+\.(?:css|js))">/g, (_, rel, file) => `<link rel="${rel}" href="${file}" integrity="${digest(file)}">`);
    const preloaded = new Set([...html.matchAll(/<link rel="modulepreload" href="([\w.-]+\.js)"/g)].map((m) => m[1]));
    const missing = graph.filter((f) => !preloaded.has(f) && !entries.includes(f));
    html = html.replace(/( *)<script type="module" src="([\w.-]+\.js)"><\/script>/g, (_, indent, file) =>
      [...missing.map((m) => `${indent}<link rel="modulepreload" href="${m}" integrity="${digest(m)}">`), `${indent}<script type="module" src="${file}" integrity="${digest(file)}"></script>`].join('\n'),
    );
    writeFileSync(path.join(site, page), html);
  }
  const files = readdirSync(site)
    .filter((f) => f !== 'integrity.json' && !isEncodedCopy(f) && statSync(path.join(site, f)).isFile())
    .sort();
  writeFileSync(path.join(site, 'integrity.json'), `${JSON.stringify(Object.fromEntries(files.map((f) => [f, digest(f)])), null, 2)}\n`);
}

export async function build() {
  const started = Date.now();
  rmSync(dist, { recursive: true, force: true });
  const coreOut = await buildModule({ outDir: path.join(dist, 'wasm-core'), core: true });
  const wasmOut = await buildModule();

  const site = path.join(dist, 'site');
  assembleSite(site, coreOut, wasmOut);
  await drawMapIntoPage(site);
  await writeBaseline(site);

  const pkg = path.join(dist, 'pkg');
  assemblePackage(pkg, wasmOut);
  // The offline file and the self-hosted script carry one module, the full one.
  const oneModule = path.join(dist, 'one-module');
  assembleSite(oneModule, wasmOut);
  await buildOffline(oneModule, path.join(dist, 'offline'));
  await buildSelfHost(oneModule, path.join(dist, 'selfhost'));
  precompress(path.join(dist, 'selfhost'));
  rmSync(oneModule, { recursive: true, force: true });
  await bundlePage(site);
  await minifySite(site);
  pinPolicy(site);
  secureSite(site);
  // Last, once every file of the site is final: Brotli and gzip copies for the server and hosts.
  precompress(site);
  // The release's other artefacts: the npm tarball and the SBOM next to it.
  await must('npm', ['pack', pkg, '--pack-destination', dist, '--quiet'], { quiet: true });
  writeFileSync(path.join(dist, 'sbom.cdx.json'), sbomText());

  printSizes(sizeTable([site, pkg, path.join(dist, 'offline'), path.join(dist, 'selfhost'), dist]));
  await checkBudget({ update: process.argv.includes('--update-budget') });
  console.log(`\nbuilt in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

if (isMain(import.meta.url)) {
  build().catch((error) => {
    console.error(`[build] ${error.message}`);
    process.exit(1);
  });
}
