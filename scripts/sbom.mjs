// A software bill of materials in CycloneDX 1.5 JSON for what the build ships: the Rust crates
// compiled into the WebAssembly module (from `cargo metadata` and Cargo.lock's checksums) and the
// npm packages used to build and test it (from package-lock.json; none ships in the package,
// which has no dependencies, so they are listed with scope "excluded"). Deterministic: the same
// sources give the same file (no clock; the serial number is derived from the content).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { root } from './lib.mjs';

/** name@version → sha256 checksum, from Cargo.lock. */
function cargoChecksums() {
  const sums = new Map();
  for (const block of readFileSync(path.join(root, 'Cargo.lock'), 'utf8').split('[[package]]')) {
    const field = (k) => block.match(new RegExp(`^${k} = "([^"]+)"`, 'm'))?.[1];
    if (field('checksum')) sums.set(`${field('name')}@${field('version')}`, field('checksum'));
  }
  return sums;
}

const license = (expression) => (expression ? [{ expression: expression.replace(/\//g, ' OR ') }] : undefined);

/** The crates linked into the WebAssembly module: the crate's normal dependencies, transitively. */
function rustComponents() {
  const metadata = JSON.parse(
    execFileSync('cargo', ['metadata', '--format-version', '1', '--offline', '--filter-platform', 'wasm32-unknown-unknown'], {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    }),
  );
  const packages = new Map(metadata.packages.map((p) => [p.id, p]));
  const nodes = new Map(metadata.resolve.nodes.map((n) => [n.id, n]));
  const sums = cargoChecksums();
  const ref = (p) => `pkg:cargo/${p.name}@${p.version}`;
  const seen = new Set();
  const dependencies = [];
  const walk = (id) => {
    if (seen.has(id)) return;
    seen.add(id);
    const normal = nodes.get(id).deps.filter((d) => d.dep_kinds.some((k) => k.kind === null)).map((d) => d.pkg);
    dependencies.push({ ref: ref(packages.get(id)), dependsOn: normal.map((d) => ref(packages.get(d))).sort() });
    normal.forEach(walk);
  };
  walk(metadata.resolve.root);
  const rootPackage = packages.get(metadata.resolve.root);
  const components = [...seen]
    .filter((id) => id !== metadata.resolve.root)
    .map((id) => packages.get(id))
    .map((p) => ({
      type: 'library',
      'bom-ref': ref(p),
      name: p.name,
      version: p.version,
      scope: 'required',
      licenses: license(p.license),
      purl: ref(p),
      hashes: sums.has(`${p.name}@${p.version}`) ? [{ alg: 'SHA-256', content: sums.get(`${p.name}@${p.version}`) }] : undefined,
    }));
  return { rootPackage, components, dependencies, rootRef: ref(rootPackage) };
}

/** The npm packages that build and test it (none is shipped). */
function npmComponents() {
  const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8'));
  return Object.entries(lock.packages)
    .filter(([where]) => where.startsWith('node_modules/'))
    .map(([where, p]) => {
      const name = where.slice(where.lastIndexOf('node_modules/') + 'node_modules/'.length);
      const purl = `pkg:npm/${name.replace('@', '%40')}@${p.version}`;
      const [alg, digest] = (p.integrity ?? '').split('-');
      return {
        type: 'library',
        'bom-ref': `${purl}#${where}`,
        name,
        version: p.version,
        scope: 'excluded',
        description: 'build and test tool; not part of the shipped files',
        licenses: license(p.license),
        purl,
        hashes: alg === 'sha512' ? [{ alg: 'SHA-512', content: Buffer.from(digest, 'base64').toString('hex') }] : undefined,
      };
    })
    .sort((a, b) => a['bom-ref'].localeCompare(b['bom-ref']));
}

/**
 * The SBOM as an object. With `buildTools` (the release's SBOM) the npm packages that build and
 * test it are listed too; the package's own SBOM lists only what it contains.
 */
export function sbom({ buildTools = true } = {}) {
  const dev = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  const rust = rustComponents();
  const components = [...rust.components.sort((a, b) => a.name.localeCompare(b.name)), ...(buildTools ? npmComponents() : [])];
  const body = {
    metadata: {
      component: {
        type: 'application',
        'bom-ref': rust.rootRef,
        name: dev.name,
        version: dev.version,
        description: dev.description,
        licenses: license(dev.license),
        purl: `pkg:npm/${dev.name}@${dev.version}`,
      },
      tools: { components: [{ type: 'application', name: 'scripts/sbom.mjs', description: 'ai-security-navigator build' }] },
    },
    components,
    dependencies: rust.dependencies.sort((a, b) => a.ref.localeCompare(b.ref)),
  };
  const digest = createHash('sha256').update(JSON.stringify(body)).digest('hex');
  const uuid = `${digest.slice(0, 8)}-${digest.slice(8, 12)}-5${digest.slice(13, 16)}-8${digest.slice(17, 20)}-${digest.slice(20, 32)}`;
  return { bomFormat: 'CycloneDX', specVersion: '1.5', serialNumber: `urn:uuid:${uuid}`, version: 1, ...body };
}

export const sbomText = (options) => `${JSON.stringify(sbom(options), null, 2)}\n`;
