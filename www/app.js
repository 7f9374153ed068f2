// The page: loads the module and shows the catalog it delivers. DOM APIs only — no HTML is
// ever parsed from strings (the page runs under Trusted Types).
import { catalog, init, lookup, NavigatorError } from './navigator.js';

/**
 * Creates an element. `props` become properties (`className`, `href`, …) or, for names with a
 * dash or `aria`/`role`, attributes; children are nodes or text.
 * @param {string} tag @param {Record<string, unknown>} [props] @param {...(Node|string|null|undefined|false)} children
 */
function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.includes('-') || key === 'role') el.setAttribute(key, String(value));
    else el[key] = value;
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return el;
}

const externalLink = (href, text, label) =>
  h('a', { href, rel: 'noopener noreferrer', target: '_blank', 'aria-label': label }, text);

function threatItem(threat, byParent, impactNames) {
  const children = byParent.get(threat.id) ?? [];
  return h(
    'li',
    { className: `threat kind-${threat.kind}`, id: `threat-${threat.id}` },
    h(
      'div',
      { className: 'entry' },
      h('span', { className: 'code' }, threat.code),
      ' ',
      h('strong', { className: 'name' }, threat.name),
      ' ',
      h('span', { className: 'kind' }, threat.kind),
      h('p', { className: 'summary' }, threat.summary),
      threat.impacts.length > 0 &&
        h('p', { className: 'impacts' }, 'Impact: ', threat.impacts.map((i) => impactNames.get(i) ?? i).join(', ')),
      h(
        'p',
        { className: 'links' },
        externalLink(threat.url, 'Read on the AI Exchange', `Read on the AI Exchange: ${threat.name} (opens in a new tab)`),
      ),
    ),
    children.length > 0 && h('ul', {}, children.map((c) => threatItem(c, byParent, impactNames))),
  );
}

function controlItem(control, groupNames) {
  return h(
    'li',
    { className: 'control', id: `control-${control.id}` },
    h('strong', { className: 'name' }, control.name),
    ' ',
    h('span', { className: 'label' }, control.label),
    h('p', { className: 'summary' }, control.summary),
    h('p', { className: 'groups' }, 'Group: ', control.groups.map((g) => groupNames.get(g) ?? g).join(', ')),
    h(
      'p',
      { className: 'links' },
      externalLink(control.url, 'Read on the AI Exchange', `Read on the AI Exchange: ${control.name} (opens in a new tab)`),
    ),
  );
}

function findForm() {
  const input = h('input', { type: 'search', id: 'find-input', name: 'find', autocomplete: 'off', spellcheck: false });
  const result = h('div', { id: 'find-result', 'aria-live': 'polite' });
  const form = h(
    'form',
    { className: 'find', role: 'search' },
    h('label', { htmlFor: 'find-input' }, 'Find a threat or control by id, older name or AI Exchange link'),
    h('div', { className: 'row' }, input, h('button', { type: 'submit' }, 'Find')),
    result,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    result.replaceChildren();
    try {
      const { kind, entry } = lookup(input.value);
      const target = document.getElementById(`${kind}-${entry.id}`);
      result.append(
        h('p', {}, `Found the ${kind} `, h('a', { href: `#${kind}-${entry.id}` }, entry.name), ` (${entry.id}).`),
      );
      target?.scrollIntoView({ block: 'center' });
    } catch (error) {
      if (!(error instanceof NavigatorError)) throw error;
      result.append(h('p', { className: 'error', role: 'alert' }, error.message));
    }
  });
  return form;
}

async function main() {
  const status = document.getElementById('status');
  const main = document.getElementById('main');
  try {
    await init();
    const data = catalog();
    const impactNames = new Map(data.impacts.map((i) => [i.id, i.name]));
    const groupNames = new Map(data.controlGroups.map((g) => [g.id, g.name]));
    const byParent = new Map();
    for (const t of data.threats) {
      const key = t.parent ?? '';
      if (!byParent.has(key)) byParent.set(key, []);
      byParent.get(key).push(t);
    }
    const source = document.getElementById('source');
    source.replaceChildren(
      `Catalog ${data.version}, read from the `,
      externalLink(data.source.url, data.source.name, `${data.source.name} (opens in a new tab)`),
      ` as of ${data.source.date} (commit ${data.source.commit.slice(0, 7)}).`,
    );
    status.textContent = `${data.threats.length} threat entries and ${data.controls.length} controls loaded.`;
    main.append(
      findForm(),
      h(
        'section',
        { 'aria-labelledby': 'threats-heading' },
        h('h2', { id: 'threats-heading' }, 'Threats'),
        h('ul', { className: 'tree' }, (byParent.get('') ?? []).map((t) => threatItem(t, byParent, impactNames))),
      ),
      h(
        'section',
        { 'aria-labelledby': 'controls-heading' },
        h('h2', { id: 'controls-heading' }, 'Controls'),
        h('ul', { className: 'controls' }, data.controls.map((c) => controlItem(c, groupNames))),
      ),
    );
    document.documentElement.dataset.ready = 'true';
    performance.mark('asn-ready');
  } catch (error) {
    status.textContent = '';
    main.append(h('p', { className: 'error', role: 'alert' }, `The navigator could not start: ${error.message}`));
    throw error;
  }
}

main();
