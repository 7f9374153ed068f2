// The software bill of materials the build ships (CycloneDX 1.5): every crate linked into the
// module with its licence and Cargo.lock checksum, every npm build tool marked as not shipped,
// the dependency graph, and the same file from the same sources.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { dist, root } from '../../scripts/lib.mjs';
import { sbom, sbomText } from '../../scripts/sbom.mjs';

test('the SBOM lists the shipped crates with licences and checksums, and the build tools as not shipped', () => {
  const bom = JSON.parse(readFileSync(path.join(dist, 'sbom.cdx.json'), 'utf8'));
  assert.equal(bom.bomFormat, 'CycloneDX');
  assert.equal(bom.specVersion, '1.5');
  assert.match(bom.serialNumber, /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(bom.metadata.component.name, 'ai-security-navigator');
  const shipped = bom.components.filter((c) => c.scope === 'required');
  const bindgen = shipped.find((c) => c.name === 'wasm-bindgen');
  const lock = readFileSync(path.join(root, 'Cargo.lock'), 'utf8');
  assert.ok(lock.includes(`name = "wasm-bindgen"\nversion = "${bindgen.version}"`));
  assert.match(bindgen.hashes[0].content, /^[0-9a-f]{64}$/);
  assert.ok(lock.includes(`checksum = "${bindgen.hashes[0].content}"`), 'the checksum is the one Cargo.lock pins');
  assert.ok(shipped.every((c) => c.licenses?.[0]?.expression && c.purl.startsWith('pkg:cargo/')), 'every crate has a licence and a purl');
  assert.equal(shipped.find((c) => c.name === 'serde_json'), undefined, 'test-only crates are not shipped');
  const dev = Object.keys(JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).devDependencies);
  for (const name of dev) assert.ok(bom.components.some((c) => c.name === name && c.scope === 'excluded' && c.hashes?.[0]?.alg === 'SHA-512'), name);
  const graph = new Map(bom.dependencies.map((d) => [d.ref, d.dependsOn]));
  assert.ok(graph.get(bom.metadata.component['bom-ref']).includes(bindgen.purl));
});

test('the SBOM is the same for the same sources; the package carries the part it contains', () => {
  assert.equal(sbomText(), sbomText());
  assert.equal(readFileSync(path.join(dist, 'sbom.cdx.json'), 'utf8'), sbomText());
  const packaged = JSON.parse(readFileSync(path.join(dist, 'pkg', 'sbom.cdx.json'), 'utf8'));
  assert.deepEqual(packaged, JSON.parse(sbomText({ buildTools: false })));
  assert.ok(packaged.components.length > 5 && packaged.components.every((c) => c.scope === 'required'));
  assert.equal(typeof sbom, 'function');
});
