// `npm test`: installs what is missing, builds, and runs every kind of test:
//   rust      native `cargo test` (unit, integration and doc tests)
//   rust-parsed  the catalog tests with the benchmark-only `parse-catalog` embedding
//   wasm-node the Rust tests in tests/*.rs compiled to WebAssembly, in Node.js
//   wasm-web  the same, in headless Chromium through wasm-bindgen-test-runner and ChromeDriver
//   js        JavaScript unit tests (`node --test tests/js/`)
//   e2e       Playwright driving Chromium against the served site (`node --test tests/e2e/`)
//   package   the npm tarball installed into fresh projects: Node.js, Vite + Chromium, plain
//             HTML + Chromium, npx, tsc (`node --test tests/package/`)
//   repro     two clean builds of the module are byte-identical (`node --test tests/repro/`)
// `npm test -- --only js,e2e` runs a subset. Exits non-zero if anything fails.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from './build.mjs';
import { CHROMIUM_ARGS, findBrowser, findChromedriver, root, run } from './lib.mjs';
import { ensureTools } from './tools.mjs';

/** Sums "N passed; M failed" (cargo, wasm-bindgen-test) and "# pass N / # fail M" (node). */
function count(output) {
  let passed = 0;
  let failed = 0;
  for (const m of output.matchAll(/test result: \w+\. (\d+) passed; (\d+) failed/g)) {
    passed += Number(m[1]);
    failed += Number(m[2]);
  }
  for (const m of output.matchAll(/^# pass (\d+)$/gm)) passed += Number(m[1]);
  for (const m of output.matchAll(/^# fail (\d+)$/gm)) failed += Number(m[1]);
  return { passed, failed };
}

const wasmTests = () =>
  readdirSync(path.join(root, 'tests'))
    .filter((f) => f.endsWith('.rs'))
    .flatMap((f) => ['--test', f.slice(0, -3)]);

/** Capabilities for the browser that wasm-bindgen-test-runner starts through ChromeDriver. */
function webdriverConfig() {
  const dir = path.join(root, 'target', 'test-config');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'webdriver.json');
  writeFileSync(file, JSON.stringify({ 'goog:chromeOptions': { binary: findBrowser(), args: CHROMIUM_ARGS } }, null, 2));
  return file;
}

const SUITES = {
  rust: () => ['cargo', ['test']],
  // The benchmark-only way of embedding the catalog must keep building and agreeing.
  'rust-parsed': () => ['cargo', ['test', '--features', 'parse-catalog', '--test', 'catalog']],
  'wasm-node': () => ['cargo', ['test', '--target', 'wasm32-unknown-unknown', ...wasmTests()]],
  'wasm-web': () => [
    'cargo',
    ['test', '--target', 'wasm32-unknown-unknown', ...wasmTests()],
    {
      WASM_BINDGEN_USE_BROWSER: '1',
      CHROMEDRIVER: findChromedriver(),
      WASM_BINDGEN_TEST_WEBDRIVER_JSON: webdriverConfig(),
    },
  ],
  js: () => ['node', ['--test', '--test-reporter=tap', 'tests/js/']],
  e2e: () => {
    findBrowser(); // a clear error before any test starts
    return ['node', ['--test', '--test-reporter=tap', '--test-concurrency=1', 'tests/e2e/']];
  },
  package: () => {
    findBrowser();
    return ['node', ['--test', '--test-reporter=tap', 'tests/package/']];
  },
  // Two more clean builds of the module, compared byte for byte with each other and dist/.
  repro: () => ['node', ['--test', '--test-reporter=tap', 'tests/repro/']],
};

async function main() {
  const started = Date.now();
  const onlyArg = process.argv.indexOf('--only');
  const only = onlyArg === -1 ? Object.keys(SUITES) : (process.argv[onlyArg + 1] ?? '').split(',');
  const unknown = only.filter((s) => !(s in SUITES));
  if (unknown.length > 0) {
    console.error(`[test] unknown suite(s) ${unknown.join(', ')}; the suites are ${Object.keys(SUITES).join(', ')}`);
    process.exit(2);
  }

  await ensureTools();
  await build();

  const results = [];
  for (const name of only) {
    console.log(`\n[test] ── ${name} ${'─'.repeat(60 - name.length)}`);
    const suiteStarted = Date.now();
    let result;
    try {
      const [cmd, args, env] = SUITES[name]();
      const { code, output } = await run(cmd, args, { capture: true, env });
      const counted = count(output);
      // A runner that failed without reporting a failed test (a build error, a crash) still fails.
      result = { ...counted, ok: code === 0 && counted.failed === 0 && counted.passed > 0 };
      if (code === 0 && counted.passed === 0) console.error(`[test] ${name}: no test ran`);
    } catch (error) {
      console.error(`[test] ${name}: ${error.message}`);
      result = { passed: 0, failed: 0, ok: false };
    }
    results.push({ name, ...result, seconds: (Date.now() - suiteStarted) / 1000 });
  }

  console.log('\n[test] summary');
  for (const r of results) {
    const verdict = r.ok ? 'ok  ' : 'FAIL';
    console.log(`  ${verdict} ${r.name.padEnd(10)} ${String(r.passed).padStart(4)} passed ${String(r.failed).padStart(3)} failed  ${r.seconds.toFixed(1)} s`);
  }
  const passed = results.reduce((n, r) => n + r.passed, 0);
  const failed = results.reduce((n, r) => n + r.failed, 0) + results.filter((r) => !r.ok && r.failed === 0).length;
  console.log(`  total time ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`tests: ${passed} passed, ${failed} failed`);
  process.exitCode = results.every((r) => r.ok) ? 0 : 1;
}

main().catch((error) => {
  console.error(`[test] ${error.message}`);
  process.exitCode = 1;
});
