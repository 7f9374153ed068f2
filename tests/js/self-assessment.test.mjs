// The product's own threat model, made with the product (examples/self/): every control the
// assessment selects is implemented or explained, every threat that applies has a treatment and
// an owner, and the committed report is what the tool says today.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { dist, root } from '../../scripts/lib.mjs';

const { assess, toMarkdown, validate } = await import(path.join(dist, 'pkg', 'node.js'));
const dir = path.join(root, 'examples', 'self');
const file = JSON.parse(readFileSync(path.join(dir, 'ai-security-navigator.json'), 'utf8'));

test('every selected control is implemented or explained, and every threat that applies is treated', () => {
  assert.deepEqual(validate(file), []);
  const result = assess(file);
  for (const control of result.controls.filter((c) => c.status !== 'not-needed')) {
    const decision = file.controls[control.id];
    assert.ok(decision, `${control.id} is selected but neither implemented nor explained`);
    assert.ok(['implemented', 'not-planned'].includes(decision.status), `${control.id}: ${decision.status}`);
    assert.ok(decision.note?.length > 20, `${control.id} says how or why`);
  }
  for (const entry of result.register) {
    assert.ok(file.risks[entry.threat]?.treatment && file.risks[entry.threat]?.owner, `${entry.threat} has a treatment and an owner`);
    assert.ok(entry.residual <= 4, `${entry.threat}: residual risk ${entry.residual}`);
  }
});

test('the committed report is the one the tool writes', () => {
  const committed = readFileSync(path.join(dir, 'ai-security-navigator.report.md'), 'utf8');
  assert.equal(toMarkdown(file, { date: '2026-11-25' }), committed, 'regenerate it: see examples/self/README.md');
});
