// Shared helpers for the project's scripts. Dependency-free: it runs before `npm ci`.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const dist = path.join(root, 'dist');

// Tools installed by `cargo install` live here; make sure every child process finds them.
const cargoBin = path.join(process.env.CARGO_HOME ?? path.join(homedir(), '.cargo'), 'bin');
if (!(process.env.PATH ?? '').split(path.delimiter).includes(cargoBin)) {
  process.env.PATH = `${cargoBin}${path.delimiter}${process.env.PATH ?? ''}`;
}

/**
 * Runs a command, streaming its output. Resolves with { code, output } (output only when
 * `capture` is set; it is still streamed). Never rejects for a non-zero exit.
 * @param {string} cmd @param {string[]} args
 * @param {{ cwd?: string, env?: Record<string,string>, capture?: boolean, quiet?: boolean }} [opts]
 */
export function run(cmd, args, opts = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, {
      cwd: opts.cwd ?? root,
      env: { ...process.env, ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const take = (stream, sink) =>
      stream.on('data', (chunk) => {
        if (opts.capture) output += chunk;
        if (!opts.quiet) sink.write(chunk);
      });
    take(child.stdout, process.stdout);
    take(child.stderr, process.stderr);
    child.on('error', (error) => resolve({ code: 127, output: output + String(error) }));
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

/** Runs a command and throws when it fails. */
export async function must(cmd, args, opts) {
  const result = await run(cmd, args, opts);
  if (result.code !== 0) {
    throw new Error(`\`${cmd} ${args.join(' ')}\` failed with exit code ${result.code}`);
  }
  return result;
}

const BROWSER_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** The Chromium the browser tests drive: $CHROME_PATH, or Debian's. Throws a clear error if none. */
export function findBrowser() {
  const candidates = process.env.CHROME_PATH ? [process.env.CHROME_PATH] : BROWSER_CANDIDATES;
  const found = candidates.find((p) => existsSync(p));
  if (!found) {
    throw new Error(
      `No Chromium found (looked for ${candidates.join(', ')}). Install it with ` +
        '`apt-get install -y chromium chromium-driver` (as .ci/run does) or set CHROME_PATH ' +
        'to a Chromium or Chrome binary.',
    );
  }
  return found;
}

/** The ChromeDriver for Rust's in-browser tests: $CHROMEDRIVER or Debian's. Throws if none. */
export function findChromedriver() {
  const candidate = process.env.CHROMEDRIVER ?? '/usr/bin/chromedriver';
  if (!existsSync(candidate)) {
    throw new Error(
      `No ChromeDriver found at ${candidate}. Install it with \`apt-get install -y chromium-driver\` ` +
        'or set CHROMEDRIVER to its path.',
    );
  }
  return candidate;
}

/** Flags for headless Chromium on a machine without network access or a desktop. */
export const CHROMIUM_ARGS = [
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-default-apps',
];

/** True when the module with this import.meta.url is the script node was started with. */
export function isMain(metaUrl) {
  return process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(metaUrl);
}
