// The page: loads the module and shows the catalog it delivers — every threat and control with
// its details, searchable by name, id or older name. DOM APIs only: no HTML is ever parsed from
// strings (the page runs under Trusted Types).
import { h, joined, nextTask, plural, sourceLine } from './dom.js';
import { toDom } from './diagram.js';
import { controlDetails, entryLink, indexCatalog, threatDetails } from './entries.js';
import { createExplore, parseViewLink, viewLink } from './explore.js';
import { createQuestionnaire, showQuestion } from './questionnaire.js';
import { createReport } from './report.js';
import { createWorkspace } from './workspace.js';
import { catalog, init, lookup, NavigatorError, search } from './navigator.js';

const anchor = (kind, id) => `${kind}-${id}`;
/** Relations in the list lead to the other entry in the list. */
const inList = (kind, id) => `#${anchor(kind, id)}`;

function threatItem(cat, t) {
  const children = cat.children.get(t.id) ?? [];
  return h(
    'li',
    { className: `threat kind-${t.kind}`, id: anchor('threat', t.id), 'data-entry': `threat:${t.id}` },
    h(
      'details',
      {},
      h(
        'summary',
        {},
        h('span', { className: 'code' }, t.code),
        ' ',
        h('span', { className: 'name' }, t.name),
        ' ',
        h('span', { className: 'kind' }, t.kind),
        h('span', { className: 'status', 'data-status-for': `threat:${t.id}` }),
        h('span', { className: 'summary-text' }, t.summary),
      ),
      threatDetails(cat, t, inList),
    ),
    children.length > 0 && h('ul', {}, children.map((c) => threatItem(cat, c))),
  );
}

function controlItem(cat, c) {
  return h(
    'li',
    { className: 'control', id: anchor('control', c.id), 'data-entry': `control:${c.id}` },
    h(
      'details',
      {},
      h(
        'summary',
        {},
        h('span', { className: 'name' }, c.name),
        ' ',
        h('span', { className: 'label' }, c.label),
        h('span', { className: 'status', 'data-status-for': `control:${c.id}` }),
        h('span', { className: 'summary-text' }, c.summary),
      ),
      controlDetails(cat, c, inList),
    ),
  );
}

/** One top-level control group with its controls (those whose first group is in it). */
function controlGroup(cat, group) {
  const topOf = (id) => {
    const g = cat.groups.get(id);
    return g?.parent ?? id;
  };
  const members = cat.data.controls.filter((c) => topOf(c.groups[0]) === group.id);
  const headingId = `group-${group.id}`;
  return h(
    'section',
    { className: 'control-group', 'aria-labelledby': headingId },
    h('h3', { id: headingId }, `${group.nr}. ${group.name}`),
    h('ul', { className: 'controls' }, members.map((c) => controlItem(cat, c))),
  );
}

function mappingsSection(cat) {
  const m = cat.data.mappings;
  const links = (kind, ids) => joined((ids ?? []).map((id) => entryLink(cat, kind, id, inList)));
  const llmTable = (edition) =>
    h(
      'table',
      { className: 'card-table' },
      h('caption', {}, `OWASP Top 10 for LLM, ${edition} edition`),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Id'), h('th', { scope: 'col' }, 'Risk'), h('th', { scope: 'col' }, 'Threats'), h('th', { scope: 'col' }, 'Controls'))),
      h(
        'tbody',
        {},
        m.llmTop10[edition].map((item) =>
          h(
            'tr',
            {},
            h('th', { scope: 'row' }, item.id),
            h('td', { className: 'wide', 'data-label': 'Risk' }, item.name),
            h('td', { className: 'wide', 'data-label': 'Threats' }, links('threat', item.threats)),
            h('td', { className: 'wide', 'data-label': 'Controls' }, links('control', item.controls), item.note ? h('p', { className: 'note' }, item.note) : null),
          ),
        ),
      ),
    );
  return h(
    'section',
    { 'aria-labelledby': 'mappings-heading', id: 'mappings' },
    h('h2', { id: 'mappings-heading' }, 'Mappings'),
    Object.keys(m.llmTop10).sort().reverse().map((edition) => h('details', { className: 'mapping' }, h('summary', {}, `OWASP Top 10 for LLM (${edition})`), llmTable(edition))),
    h(
      'details',
      { className: 'mapping' },
      h('summary', {}, 'NCSC/CISA guidelines for secure AI system development'),
      m.ncscCisa.phases.map((phase) => [
        h('h3', {}, `${phase.nr}. ${phase.phase}`),
        h('ul', {}, phase.guidelines.map((g) => h('li', {}, h('strong', {}, g.guideline), ': ', links('control', g.controls), g.note ? h('span', { className: 'note' }, ` (${g.note})`) : null))),
      ]),
    ),
    h(
      'details',
      { className: 'mapping' },
      h('summary', {}, 'What is particular about generative AI'),
      h(
        'ol',
        {},
        m.genaiParticularities.map((row) => h('li', {}, h('strong', {}, row.topic), '. ', row.summary, ' ', row.llmTop10.length ? `(OWASP Top 10 for LLM 2025: ${row.llmTop10.join(', ')}) ` : '', row.threats.length ? ['See ', links('threat', row.threats), '.'] : null)),
      ),
    ),
  );
}

/** Clears the search filter; set by searchForm. */
let clearSearch = () => {};

/** The search field: filters the lists as you type; Enter opens the best match. */
function searchForm(cat, announce) {
  const input = h('input', { type: 'search', id: 'search-input', name: 'q', autocomplete: 'off', spellcheck: false, 'aria-describedby': 'search-help' });
  const form = h(
    'form',
    { className: 'find', role: 'search', 'aria-label': 'Threats and controls' },
    h('label', { htmlFor: 'search-input' }, 'Search threats and controls'),
    h('p', { id: 'search-help', className: 'help' }, 'By name, id, older name (for example "model theft through use" or #DETECTODDINPUT) or AI Exchange link. Press Enter to open the best match.'),
    h('div', { className: 'row' }, input, h('button', { type: 'submit' }, 'Open')),
  );
  const apply = () => {
    const query = input.value.trim();
    const items = document.querySelectorAll('[data-entry]');
    if (!query) {
      items.forEach((el) => (el.hidden = false));
      document.querySelectorAll('.control-group').forEach((el) => (el.hidden = false));
      announce('');
      return [];
    }
    let results = [];
    try {
      results = search(query);
    } catch (error) {
      if (!(error instanceof NavigatorError)) throw error;
      announce(error.message, true);
      return [];
    }
    const visible = new Set(results.map(({ kind, entry }) => `${kind}:${entry.id}`));
    // Keep the ancestors of a matching threat, so that the tree still reads.
    for (const key of [...visible]) {
      if (!key.startsWith('threat:')) continue;
      let parent = cat.threats.get(key.slice(7))?.parent;
      while (parent) {
        visible.add(`threat:${parent}`);
        parent = cat.threats.get(parent)?.parent;
      }
    }
    items.forEach((el) => (el.hidden = !visible.has(el.dataset.entry)));
    document.querySelectorAll('.control-group').forEach((el) => (el.hidden = !el.querySelector('[data-entry]:not([hidden])')));
    const threats = results.filter((r) => r.kind === 'threat').length;
    announce(
      results.length === 0
        ? `Nothing matches "${query}".`
        : `${plural(threats, 'threat', 'threats')} and ${plural(results.length - threats, 'control', 'controls')} match "${query}".`,
    );
    return results;
  };
  input.addEventListener('input', apply);
  clearSearch = () => {
    input.value = '';
    apply();
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    let target = null;
    try {
      target = lookup(input.value);
    } catch (error) {
      if (!(error instanceof NavigatorError)) throw error;
      target = apply()[0] ?? null;
      if (!target) {
        announce(error.message, true);
        return;
      }
    }
    reveal(anchor(target.kind, target.entry.id));
  });
  return form;
}

/** Opens the entry with this element id (and the entries around it) and moves focus to it. */
function reveal(id) {
  const item = document.getElementById(id);
  if (!item) return false;
  if (item.matches('fieldset.question')) {
    showQuestion(item);
    return true;
  }
  // An entry hidden by the search filter: show everything again rather than a lone entry.
  if (item.closest('[hidden]')) clearSearch();
  for (let el = item; el; el = el.parentElement) {
    if (el.tagName === 'DETAILS') el.open = true;
  }
  const details = item.querySelector(':scope > details');
  if (details) details.open = true;
  item.querySelector(':scope > details > summary')?.focus({ preventScroll: true });
  item.scrollIntoView({ block: 'start' });
  return true;
}

async function main() {
  performance.mark('asn-start');
  const status = document.getElementById('status');
  const main = document.getElementById('main');
  try {
    await init();
    performance.mark('asn-init');
    const data = catalog();
    performance.mark('asn-catalog');
    const cat = indexCatalog(data);
    // The build wrote this line into index.html; only www/ itself has a placeholder to replace.
    const source = toDom(sourceLine(data));
    const shown = document.getElementById('source');
    if (shown.textContent !== source.textContent) shown.replaceWith(source);
    const sections = data.threats.filter((t) => t.kind === 'section').length;
    const leaves = data.threats.filter((t) => t.kind === 'threat').length;
    status.textContent = `${leaves} threats in ${sections} sections, and ${data.controls.length} controls.`;
    const results = h('p', { id: 'search-status', role: 'status', className: 'search-status' });
    const announce = (message, isError = false) => {
      results.textContent = message;
      results.classList.toggle('error', isError && message !== '');
    };
    let workspace = null;
    await nextTask();
    const explore = createExplore(cat, announce, {
      root: document.getElementById('explore'),
      statusScope: document,
      onFile: (parsed) => workspace.importFile(parsed),
      // The view and the selection live in the address, so that they can be linked to.
      onNavigate: (view, select) => history.replaceState(null, '', select ? viewLink(view, ...select.split(':')) : viewLink(view)),
    });
    const link = parseViewLink(location.hash);
    await nextTask();
    explore.prepare(link?.view ?? 'navigator');
    await nextTask();
    if (link) explore.follow(link);
    else explore.show('navigator', { updateUrl: false });
    performance.mark('asn-diagram');
    // The rest is built in separate tasks, so that the map answers input meanwhile (a long task
    // would hold every click and key until the whole page is built).
    await nextTask();
    const questionnaire = createQuestionnaire({ announce, onChange: (file) => workspace.changed(file) });
    const report = createReport({ cat, edit: (mutate) => questionnaire.edit(mutate) });
    workspace = createWorkspace({ questionnaire, explore, report, announce });
    main.append(workspace.element, questionnaire.element, report.element);
    await nextTask();
    await workspace.start();
    // The lists, a section or a control group per task: each task stays short.
    await nextTask();
    const threatTree = h('ul', { className: 'tree' });
    const controls = h('section', { 'aria-labelledby': 'controls-heading', id: 'controls' }, h('h2', { id: 'controls-heading' }, 'Controls'));
    main.append(
      h('h2', { id: 'catalog-heading' }, 'The catalog as a list'),
      searchForm(cat, announce),
      results,
      h('section', { 'aria-labelledby': 'threats-heading', id: 'threats' }, h('h2', { id: 'threats-heading' }, 'Threats'), threatTree),
      controls,
    );
    for (const t of cat.children.get('') ?? []) {
      await nextTask();
      threatTree.append(threatItem(cat, t));
    }
    for (const group of cat.data.controlGroups.filter((g) => !g.parent)) {
      await nextTask();
      controls.append(controlGroup(cat, group));
    }
    await nextTask();
    main.append(mappingsSection(cat));
    explore.refreshList();
    const follow = () => {
      if (location.hash.startsWith('#share=')) return workspace.start();
      const target = parseViewLink(location.hash);
      if (target) explore.follow(target);
      else if (location.hash.length > 1) reveal(decodeURIComponent(location.hash.slice(1)));
    };
    window.addEventListener('hashchange', follow);
    if (!link && location.hash.length > 1 && !location.hash.startsWith('#share=')) follow();
    // Ready once everything is built, the report's last rows too (they follow frame by frame).
    await report.complete();
    document.documentElement.dataset.ready = 'true';
    performance.mark('asn-ready');
  } catch (error) {
    status.textContent = '';
    main.append(h('p', { className: 'error', role: 'alert' }, `The navigator could not start: ${error.message}`));
    throw error;
  }
}

main();
