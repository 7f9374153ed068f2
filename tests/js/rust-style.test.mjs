// The Rust sources stay formatted (rustfmt.toml) and free of Clippy warnings, in the native build
// and in the WebAssembly one (the binding layer exists only there). Skipped, and said so,
// where the toolchain lacks rustfmt or Clippy.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const cargo = (args) => spawnSync('cargo', args, { cwd: root, encoding: 'utf8' });
const has = (tool) => cargo([tool, '--version']).status === 0;

test('the Rust sources are formatted as rustfmt.toml says', (t) => {
  if (!has('fmt')) return t.skip('rustfmt is not installed');
  const result = cargo(['fmt', '--check']);
  const files = [...result.stdout.matchAll(/^Diff in (\S+?):\d+:/gm)].map((m) => m[1]);
  assert.equal(result.status, 0, `cargo fmt would change: ${[...new Set(files)].join(', ') || result.stderr}`);
});

test('Clippy finds nothing to warn about', (t) => {
  if (!has('clippy')) return t.skip('Clippy is not installed');
  // Natively (with the tests) and for WebAssembly, where the binding layer is compiled. (The
  // core module's build, without the feature `tools`, only leaves code out.)
  for (const args of [['--all-targets'], ['--target', 'wasm32-unknown-unknown']]) {
    const result = cargo(['clippy', '--quiet', ...args, '--', '-D', 'warnings']);
    assert.equal(result.status, 0, `cargo clippy ${args.join(' ')}:\n${result.stderr}`);
  }
});
