// Installs whatever the build and the tests need and is missing: the wasm32 Rust target, the
// wasm-bindgen CLI at exactly the version Cargo.lock uses, every crate Cargo.lock names, and the
// npm dependencies.
// Dependency-free, idempotent, fast when everything is present.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { isMain, must, root, run } from './lib.mjs';

const say = (text) => console.log(`[tools] ${text}`);

async function ensureWasmTarget() {
  const { output } = await run('rustup', ['target', 'list', '--installed'], { capture: true, quiet: true });
  if (!output.split('\n').includes('wasm32-unknown-unknown')) {
    say('adding the Rust target wasm32-unknown-unknown');
    await must('rustup', ['target', 'add', 'wasm32-unknown-unknown']);
  }
}

/** The wasm-bindgen version in Cargo.lock (resolving it first if there is no lock file yet). */
async function lockedWasmBindgenVersion() {
  const lock = path.join(root, 'Cargo.lock');
  if (!existsSync(lock)) await must('cargo', ['generate-lockfile']);
  const match = readFileSync(lock, 'utf8').match(/\[\[package\]\]\nname = "wasm-bindgen"\nversion = "([^"]+)"/);
  if (!match) throw new Error('Cargo.lock has no wasm-bindgen package; is it a dependency in Cargo.toml?');
  return match[1];
}

async function ensureWasmBindgen() {
  const wanted = await lockedWasmBindgenVersion();
  const have = async (bin) => (await run(bin, ['--version'], { capture: true, quiet: true })).output.trim();
  const current = await have('wasm-bindgen');
  const runner = await have('wasm-bindgen-test-runner');
  if (current === `wasm-bindgen ${wanted}` && runner.endsWith(wanted)) return;
  say(`installing wasm-bindgen-cli ${wanted} (found: ${current || 'none'}); this takes about 6 minutes once`);
  // No --locked: the CLI's own lock file pins a crate version the registry no longer serves.
  await must('cargo', ['install', 'wasm-bindgen-cli', '--version', wanted, '--force']);
}

/**
 * Every crate of Cargo.lock, for every target, dev-dependencies included: the build's SBOM reads
 * `cargo metadata --offline`, which fails on a machine whose cache lacks one (a fresh one).
 * Quick and silent when all are present.
 */
async function ensureCrates() {
  const { code } = await run('cargo', ['fetch', '--quiet']);
  // Not fatal: offline, with every crate the build needs already present, it may still succeed.
  if (code !== 0) say('`cargo fetch` failed (offline?); building with the crates that are present');
}

/** npm dependencies: installed when node_modules is missing or older than the lock file. */
async function ensureNpmDependencies() {
  const marker = path.join(root, 'node_modules', '.package-lock.json');
  const lock = path.join(root, 'package-lock.json');
  const fresh = existsSync(marker) && (!existsSync(lock) || statSync(marker).mtimeMs >= statSync(lock).mtimeMs);
  if (fresh) return;
  say('installing npm dependencies');
  // Playwright drives the system's Chromium; it must never try to download a browser.
  await must('npm', [existsSync(lock) ? 'ci' : 'install', '--no-audit', '--no-fund'], {
    env: { PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' },
  });
}

export async function ensureTools() {
  await ensureWasmTarget();
  await ensureWasmBindgen();
  await ensureCrates();
  await ensureNpmDependencies();
}

if (isMain(import.meta.url)) {
  ensureTools().catch((error) => {
    console.error(`[tools] ${error.message}`);
    process.exit(1);
  });
}
