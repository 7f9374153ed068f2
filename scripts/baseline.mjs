// The catalog as a plain static page (dist/site/catalog.html): every threat and control with its
// description, no script and no WebAssembly. It is the page for readers without JavaScript (the
// navigator's <noscript> links to it) and the benchmark's baseline: the fastest this content
// can be served, against which `npm run bench` sets the navigator's weight and paint time.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const escape = (text) => String(text ?? '').replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
const tag = (name, attrs, ...content) => {
  const a = Object.entries(attrs ?? {}).filter(([, v]) => v !== null && v !== undefined).map(([k, v]) => ` ${k}="${escape(v)}"`).join('');
  return `<${name}${a}>${content.flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false).join('')}</${name}>`;
};
const text = (t) => escape(t);

/** The page's HTML for a catalog document (as `catalog()` returns it). */
export function baselinePage(data) {
  const children = new Map();
  for (const t of data.threats) {
    const key = t.parent ?? '';
    if (!children.has(key)) children.set(key, []);
    children.get(key).push(t);
  }
  const threat = (t) =>
    tag(
      'li',
      { id: `threat-${t.id}` },
      tag('h3', {}, tag('span', { class: 'code' }, text(t.code)), ' ', text(t.name), ' ', tag('span', { class: 'kind' }, text(t.kind))),
      tag('p', {}, text(t.summary)),
      t.description && tag('p', {}, text(t.description)),
      tag('p', { class: 'links' }, tag('a', { href: t.url }, 'Read on the AI Exchange')),
      (children.get(t.id) ?? []).length > 0 && tag('ul', { class: 'tree' }, children.get(t.id).map(threat)),
    );
  const control = (c) =>
    tag(
      'li',
      { id: `control-${c.id}` },
      tag('h3', {}, text(c.name), ' ', tag('span', { class: 'label' }, text(c.label))),
      tag('p', {}, text(c.summary)),
      c.description && tag('p', {}, text(c.description)),
      c.does?.length > 0 && tag('ol', { class: 'does' }, c.does.map((d) => tag('li', {}, text(d)))),
      c.url && tag('p', { class: 'links' }, tag('a', { href: c.url }, 'Read on the AI Exchange')),
    );
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="Every threat and control of the OWASP AI Exchange, as a plain page.">
<meta name="color-scheme" content="light dark">
<title>AI Security Navigator: the catalog as a plain page</title>
<link rel="icon" href="favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="style.css">
</head>
<body>
<header class="site"><h1>The OWASP AI Exchange catalog</h1>
<p class="source">Catalog ${text(data.version)}, read from ${text(data.source.name)} as of ${text(data.source.date)}. A plain page without scripts; <a href="./">the navigator</a> adds the map, the questionnaire and the report.</p></header>
<main id="main">
${tag('section', { 'aria-labelledby': 'threats-heading' }, tag('h2', { id: 'threats-heading' }, 'Threats'), tag('ul', { class: 'tree' }, (children.get('') ?? []).map(threat)))}
${tag('section', { 'aria-labelledby': 'controls-heading' }, tag('h2', { id: 'controls-heading' }, 'Controls'), tag('ul', { class: 'controls' }, data.controls.map(control)))}
</main>
<footer class="site"><p>Content: OWASP AI Exchange; summaries in our own words.</p></footer>
</body>
</html>
`;
}

/** Writes catalog.html into a built site, from the site's own module. */
export async function writeBaseline(site) {
  const { catalog, initSync } = await import(pathToFileURL(path.join(site, 'navigator.js')).href);
  initSync(readFileSync(path.join(site, 'ai_security_navigator_bg.wasm')));
  writeFileSync(path.join(site, 'catalog.html'), baselinePage(catalog()));
}
