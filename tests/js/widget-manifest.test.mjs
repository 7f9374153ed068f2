// The widget's public surface is described three times — in custom-elements.json (for tools),
// in widget.d.ts (for TypeScript) and in README (for people). These tests hold the descriptions
// to the code: every attribute, event, part and custom property the widget has is listed, and
// nothing listed is missing from the code.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { root } from '../../scripts/lib.mjs';

const read = (...p) => readFileSync(path.join(root, ...p), 'utf8');
const manifest = JSON.parse(read('www', 'custom-elements.json'));
const [element] = manifest.modules.find((m) => m.path === 'widget.js').declarations;
const source = ['widget.js', 'explore.js', 'dom.js'].map((f) => read('www', f)).join('\n');
const css = read('www', 'style.css') + read('www', 'widget.css');
const readme = read('README.md');
const types = read('www', 'widget.d.ts');
const unique = (list) => [...new Set(list)].sort();

test('custom-elements.json names the element and lists exactly the observed attributes', () => {
  assert.equal(element.tagName, 'ai-security-navigator');
  const observed = source.match(/const ATTRIBUTES = \[([^\]]+)\]/)[1].match(/'([a-z-]+)'/g).map((s) => s.slice(1, -1));
  assert.deepEqual(unique(element.attributes.map((a) => a.name)), unique(observed));
  const define = manifest.modules.find((m) => m.path === 'define.js');
  assert.equal(define.exports.find((e) => e.kind === 'custom-element-definition').name, 'ai-security-navigator');
});

test('every event the widget dispatches is in the manifest, the types and the README', () => {
  const emitted = unique([...source.matchAll(/#emit\('(asn-[a-z]+)'/g)].map((m) => m[1]));
  assert.deepEqual(emitted, ['asn-change', 'asn-error', 'asn-ready', 'asn-select', 'asn-view']);
  assert.deepEqual(unique(element.events.map((e) => e.name)), emitted);
  for (const name of emitted) {
    assert.match(types, new RegExp(`'${name}': CustomEvent<`), `widget.d.ts types ${name}`);
    assert.match(readme, new RegExp(`\`${name}\``), `README documents ${name}`);
  }
});

test('every part and custom property is in the manifest and the README', () => {
  const parts = unique([
    ...[...source.matchAll(/part: '([a-z ]+)'/g)].flatMap((m) => m[1].split(' ')),
    ...[...source.matchAll(/setAttribute\('part', '([a-z ]+)'\)/g)].flatMap((m) => m[1].split(' ')),
  ]);
  assert.deepEqual(unique(element.cssParts.map((p) => p.name)), parts);
  const properties = unique([...css.matchAll(/var\((--asn-[a-z-]+)/g)].map((m) => m[1]));
  assert.ok(properties.length >= 20, properties.join(' '));
  assert.deepEqual(unique(element.cssProperties.map((p) => p.name)), properties);
  for (const name of [...parts.map((p) => `::part(${p})`), ...properties]) assert.ok(readme.includes(name), `README documents ${name}`);
  for (const attribute of element.attributes) assert.ok(readme.includes(`\`${attribute.name}\``), `README documents ${attribute.name}`);
});
