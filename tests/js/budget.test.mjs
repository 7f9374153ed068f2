// The size budget of the build (scripts/budget.mjs) against the built dist/: growth beyond the
// margin fails with what grew and how to record an intended change.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { checkBudget, measure } from '../../scripts/budget.mjs';

test('the build fails when a shipped size grows beyond the margin, and passes within it', async () => {
  const sizes = await measure();
  assert.deepEqual(Object.keys(sizes), [
    'page, everything a browser downloads (gzip)',
    'page, everything a browser downloads (Brotli, as served)',
    'widget, everything a browser downloads (gzip)',
    'offline single file (gzip)',
    "core module .wasm, the page's (gzip)",
    'full module .wasm, fetched on demand (gzip)',
    'npm tarball (packed)',
  ]);
  assert.ok(Object.values(sizes).every((n) => n > 10_000));
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'asn-budget-')), 'budget.json');
  const write = (scale) => writeFileSync(file, JSON.stringify({ margin: 0.03, sizes: Object.fromEntries(Object.entries(sizes).map(([k, v]) => [k, Math.round(v * scale)])) }));
  write(1.0);
  await checkBudget({ file });
  write(0.9); // everything is now 11% over its budget
  await assert.rejects(checkBudget({ file }), /size budget exceeded: page, everything a browser downloads \(gzip\) is .* over its budget .*--update-budget/);
  await checkBudget({ file, update: true });
  assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')).sizes, sizes, 'an intended change is recorded');
  // The committed budget holds for this build.
  await checkBudget();
});
