// The explore section: the diagram views as tabs, filters, "your system" (an assessment file
// drawn on the map), the details panel, zoom and export. Deep links: #view=<view>&select=<kind>:<id>.
import { createDiagram, impactMark, svgTree, SYMBOLS, toDom, toMarkup } from './diagram.js';
import { afterPaint, button, download, fill, h, plural } from './dom.js';
import { controlDetails, threatDetails } from './entries.js';
import * as builtin from './navigator.js';
import { NavigatorError, VIEWS } from './navigator.js';

export const VIEW_NAMES = {
  navigator: 'Navigator',
  matrix: 'AI security matrix',
  periodic: 'Periodic table',
  'model-general': 'Threat model: general',
  'model-trained': 'Threat model: GenAI you train',
  'model-as-is': 'Threat model: GenAI used as-is',
};

const STATUS_WORDS = {
  applies: 'applies to your system',
  unknown: 'unknown: relevant until an open question is answered',
  low: 'low for your system',
  'not-applicable': 'does not apply to your system',
  recommended: 'recommended for your system',
  general: 'a general control, always needed',
  'not-needed': 'not needed for your system',
};

const HELP =
  'Hover over or focus a node to see what it relates to; select it for details. In the diagram, arrow keys move between threats and controls, Enter selects, and Left or Right follow a relation.';

/**
 * The section as the build writes it into index.html, with the navigator already drawn, so that
 * the map is in the first paint; `createExplore` then makes that same markup interactive in
 * place (nothing moves). `layout` is `diagram('navigator')`; `name(node)` labels a node.
 */
export function staticMarkup(layout, name) {
  return toMarkup(skeleton(layout, name));
}

/** The section's skeleton as a tree; with a layout, the map drawn as a picture inside. */
function skeleton(layout, name) {
  return [
    'section',
    { id: 'explore', 'aria-labelledby': 'explore-heading' },
    ['h2', { id: 'explore-heading' }, 'Explore the map'],
    ['p', { class: 'help' }, HELP],
    ['div', { id: 'view-tabs', class: 'tabs' }, ...VIEWS.map((v) => ['span', { class: v === 'navigator' ? 'tab selected' : 'tab' }, VIEW_NAMES[v]])],
    [
      'div',
      { id: 'diagram-panel' },
      ['p', { id: 'diagram-caption', class: 'diagram-caption' }, layout?.title ?? ''],
      [
        'div',
        { class: 'diagram-area' },
        [
          'div',
          { class: 'map' },
          ['div', { id: 'diagram-scroll', class: 'diagram-scroll' }, ...(layout ? [svgTree(layout, name, { interactive: false })] : [])],
          ['p', { class: 'point-info', 'aria-hidden': 'true' }],
        ],
        ['div', { id: 'diagram-side', class: 'side' }],
      ],
    ],
    ['div', { id: 'legend', class: 'legend' }],
  ];
}

/** The fragment of a deep link to a view, with an entry selected. */
export const viewLink = (view, kind, id) => `#view=${view}${kind ? `&select=${kind}:${encodeURIComponent(id)}` : ''}`;

/** Reads `#view=…&select=…`; null when the fragment is not a diagram link. */
export function parseViewLink(hash) {
  if (!hash.startsWith('#view=')) return null;
  const params = new URLSearchParams(hash.slice(1));
  const view = params.get('view');
  if (!VIEWS.includes(view)) return null;
  const select = params.get('select');
  return { view, select: select && /^(threat|control):/.test(select) ? select : null };
}

/**
 * Builds the section. `cat` is the indexed catalog; `announce(text)` speaks through the page's
 * status region. Options:
 * - `api`: the navigator to ask (the module's own, or one with a catalog overlay);
 * - `root`: the section's skeleton drawn by the build (the page), or none to build it here;
 * - `onFile(parsed)`: an assessment file the user loaded;
 * - `onNavigate(view, select)`: the view or selection changed (the page keeps it in the URL);
 * - `onSelect(entry)`: the user selected an entry (`{ kind, id }`) or cleared the selection;
 * - `statusScope`: where the list's `[data-status-for]` elements live (the page's list);
 * - `listLinks`: whether the details offer "Show in the list below".
 */
export function createExplore(
  cat,
  announce,
  { api = builtin, root: given = null, onFile, onNavigate = () => {}, onSelect: selected = () => {}, statusScope = null, listLinks = true } = {},
) {
  const { assess, diagram, diagramSvg, explain, lookup, search, validate } = api;
  let view = 'navigator';
  let system = null; // { file (parsed object), name, result, byKey: 'threat:id' | 'control:ID' → its verdict }
  let selectedEntry = null; // 'threat:id' | 'control:ID'

  const stateOf = (node) => {
    if (!system || node.role === 'heading') return null;
    const verdict = system.byKey.get(`${node.role === 'control' ? 'control' : 'threat'}:${node.entry}`);
    const status = verdict?.status;
    if (!status) return null;
    const threat = node.role !== 'control' ? verdict : null;
    const party = threat && status !== 'not-applicable' && threat.responsibility !== 'own' ? [threat.responsibility] : [];
    return { classes: [status, ...party], symbol: SYMBOLS[status], status, responsibility: threat?.responsibility };
  };

  const describe = (node) => {
    const entry = node.role === 'control' ? cat.controls.get(node.entry) : cat.threats.get(node.entry);
    const parts = [entry?.name ?? node.entry, node.role === 'control' ? 'control' : entry?.kind ?? 'threat'];
    if (node.role !== 'control' && entry?.impacts?.length) parts.push(`harms ${entry.impacts.map((i) => cat.impacts.get(i)?.short ?? i).join(', ')}`);
    if (node.responsibility && node.responsibility !== 'own') parts.push(`${node.responsibility === 'supplier' ? 'the supplier must act' : 'shared with the supplier'}`);
    const state = stateOf(node);
    if (state) {
      parts.push(STATUS_WORDS[state.status]);
      if (state.responsibility === 'supplier' && state.status !== 'not-applicable') parts.push('the supplier must act');
      if (state.responsibility === 'shared' && state.status !== 'not-applicable') parts.push('shared with the supplier');
    }
    return parts.join(', ');
  };

  const details = h('div', { className: 'details-body' }, h('p', { className: 'hint' }, 'Select a threat or control in the diagram to see its details here.'));
  const detailsPanel = h(
    'section',
    { className: 'details', 'aria-labelledby': 'details-heading' },
    h('h3', { id: 'details-heading' }, 'Details'),
    details,
  );

  // What the node under the pointer or focus is, and its state, in words (screen readers get the
  // same from the node's label).
  // The section's skeleton comes from the page (drawn by the build); without it, it is built here.
  const root = given ?? toDom(skeleton(null));
  const pointInfo = root.querySelector('.point-info');
  const mapBox = root.querySelector('#diagram-scroll');
  const diagramView = createDiagram({
    element: mapBox,
    describe,
    onPoint: (node) => {
      pointInfo.textContent = node && node.role !== 'heading' ? describe(node) : '';
    },
    onSelect: (node, how) => {
      if (!node) {
        selectedEntry = null;
        showDetails(null);
        onNavigate(view, null);
        selected(null);
        return;
      }
      const kind = node.role === 'control' ? 'control' : 'threat';
      selectedEntry = `${kind}:${node.entry}`;
      showDetails(selectedEntry);
      onNavigate(view, selectedEntry);
      selected({ kind, id: node.entry });
      if (how.pointer) bringDetailsIntoView();
    },
  });

  /**
   * Where the details panel is below the map (a phone, a narrow column) rather than beside it,
   * a tap that selects a node would change nothing in sight: the page then scrolls to the
   * details. A keyboard user, who may go on along the map, is not moved.
   */
  function bringDetailsIntoView() {
    const map = mapBox.getBoundingClientRect();
    const panel = detailsPanel.getBoundingClientRect();
    if (panel.top < map.bottom || panel.top < (root.ownerDocument.defaultView?.innerHeight ?? 0) - 48) return;
    const still = root.ownerDocument.defaultView?.matchMedia('(prefers-reduced-motion: reduce)').matches;
    detailsPanel.scrollIntoView({ block: 'start', behavior: still ? 'auto' : 'smooth' });
  }

  // Relations in the details panel select the other entry in this view.
  const inDiagram = (kind, id) => viewLink(view, kind, id);

  function showDetails(entryKey) {
    if (!entryKey) {
      fill(details, h('p', { className: 'hint' }, 'Select a threat or control in the diagram to see its details here.'));
      return;
    }
    const [kind, id] = entryKey.split(':');
    const entry = kind === 'control' ? cat.controls.get(id) : cat.threats.get(id);
    if (!entry) return;
    const shown = diagramView.nodes().some((n) => n.entry === id && (kind === 'control' ? n.role === 'control' : n.role === 'threat'));
    let verdict = null;
    if (system) {
      try {
        const e = explain(entryKey.slice(kind.length + 1), system.file);
        verdict = h(
          'div',
          { className: `verdict ${e.status}` },
          h('p', { className: 'verdict-summary' }, h('span', { className: 'symbol', 'aria-hidden': 'true' }, SYMBOLS[e.status] ?? ''), ' ', e.summary),
          e.kind === 'threat' && h('ul', { className: 'reasons' }, e.reasons.map((r) => h('li', {}, r.text))),
          e.kind === 'threat' &&
            e.openQuestions.length > 0 && [
              h('p', {}, `${e.openQuestions.length === 1 ? 'The open question that decides it' : 'The open questions that decide it'}:`),
              h('ul', { className: 'open-questions' }, e.openQuestions.map((q) => h('li', {}, cat.data.questions.find((x) => x.id === q)?.text ?? q))),
            ],
          e.kind === 'control' && e.covers.length > 0 && h('p', {}, `Covers ${plural(e.covers.length, 'relevant threat', 'relevant threats')} of ${system.name}.`),
        );
      } catch (error) {
        if (!(error instanceof NavigatorError)) throw error;
      }
    }
    fill(
      details,
      [
        h('h4', {}, entry.name, ' ', h('span', { className: 'kind' }, kind === 'control' ? 'control' : entry.kind)),
        h('p', { className: 'summary-text' }, entry.summary),
        !shown && h('p', { className: 'note' }, `Not shown in this view (${VIEW_NAMES[view]}).`),
        verdict,
        kind === 'control' ? controlDetails(cat, entry, inDiagram) : threatDetails(cat, entry, inDiagram),
        listLinks && h('p', { className: 'links' }, h('a', { href: `#${kind}-${id}` }, 'Show in the list below')),
      ],
    );
  }

  // Tabs: one per view, arrow keys move between them (automatic activation). The view shown
  // until `show` is the navigator, as the page drew it: no frame in between shows another state.
  const tabs = VIEWS.map((v) =>
    h('button', { type: 'button', role: 'tab', part: 'button tab', id: `tab-${v}`, 'aria-controls': 'diagram-panel', 'aria-selected': String(v === view), tabIndex: v === view ? 0 : -1 }, VIEW_NAMES[v]),
  );
  const tablist = fill(root.querySelector('#view-tabs'), tabs);
  tablist.setAttribute('role', 'tablist');
  tablist.setAttribute('aria-label', 'Diagram views');
  tablist.addEventListener('click', (event) => {
    const tab = event.target.closest('[role="tab"]');
    if (tab) show(tab.id.slice(4), { focusTab: true });
  });
  tablist.addEventListener('keydown', (event) => {
    const i = VIEWS.indexOf(view);
    const next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: VIEWS.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    show(VIEWS[(next + VIEWS.length) % VIEWS.length], { focusTab: true });
  });

  // Filters.
  const check = (name, value, label) =>
    h('label', { className: 'check' }, h('input', { type: 'checkbox', name, value, checked: true }), ' ', label);
  const groupSelect = h(
    'select',
    { id: 'filter-group', name: 'group' },
    h('option', { value: '' }, 'All groups'),
    cat.data.controlGroups.filter((g) => !g.parent).map((g) => h('option', { value: g.id }, g.name)),
  );
  const kindRadio = (value, label) => h('label', { className: 'check' }, h('input', { type: 'radio', name: 'kind', value, checked: value === '' }), ' ', label);
  const filters = h(
    'form',
    { className: 'filters', 'aria-label': 'Filter the diagram' },
    h('fieldset', {}, h('legend', {}, 'When'), cat.data.lifecycles.map((l) => check('lifecycle', l.id, l.name))),
    h('fieldset', {}, h('legend', {}, 'Impact'), cat.data.impacts.map((i) => check('impact', i.id, i.short))),
    h('fieldset', {}, h('legend', {}, 'Kind of AI'), kindRadio('', 'All'), kindRadio('predictive', 'Predictive AI'), kindRadio('genai', 'Generative AI')),
    h('fieldset', {}, h('legend', {}, 'Controls'), h('label', { htmlFor: 'filter-group' }, 'Group '), groupSelect),
  );
  const topGroup = (id) => cat.groups.get(id)?.parent ?? id;
  function applyFilters() {
    const form = new FormData(filters);
    const lifecycles = new Set(form.getAll('lifecycle'));
    const impacts = new Set(form.getAll('impact'));
    const kind = form.get('kind');
    const group = form.get('group');
    let hidden = 0;
    diagramView.setFilter((node) => {
      let keep = true;
      if (node.role === 'control') {
        keep = !group || (cat.controls.get(node.entry)?.groups ?? []).some((g) => topGroup(g) === group);
      } else {
        const t = cat.threats.get(node.entry);
        if (!t) return true;
        keep =
          lifecycles.has(t.lifecycle) &&
          (t.impacts.length === 0 || t.impacts.some((i) => impacts.has(i))) &&
          (!kind || t.appliesTo[kind]) &&
          (node.role !== 'mark' || impacts.has(node.impacts[0]));
      }
      if (!keep && node.role !== 'mark') hidden += 1;
      return keep;
    });
    filterStatus.textContent = hidden ? `${plural(hidden, 'entry', 'entries')} hidden by the filters.` : '';
  }
  filters.addEventListener('change', applyFilters);
  const filterStatus = h('p', { className: 'filter-status', role: 'status' });

  // Your system: an assessment file drawn on the map.
  const fileInput = h('input', { type: 'file', id: 'system-file', accept: '.json,application/json' });
  const clearButton = h('button', { type: 'button', hidden: true }, 'Clear');
  const systemStatus = h('div', { className: 'system-status', role: 'status' });
  const systemForm = h(
    'div',
    { className: 'system' },
    h('label', { htmlFor: 'system-file' }, 'Your system: load an assessment file'),
    h('div', { className: 'row' }, fileInput, clearButton),
    systemStatus,
  );

  /** The list below the diagram shows the same states in words (its text equivalent). */
  function updateList() {
    for (const el of statusScope?.querySelectorAll('[data-status-for]') ?? []) {
      const [kind, id] = el.dataset.statusFor.split(':');
      const state = system && stateOf({ role: kind, entry: id });
      const text = state ? ` ${state.symbol} ${STATUS_WORDS[state.status]}${state.classes.includes('supplier') ? '; the supplier must act' : state.classes.includes('shared') ? '; shared with the supplier' : ''}` : '';
      const className = `status ${state ? state.status : ''}`;
      // Written only where it changed: each write costs the lists a restyle and a layout.
      if (el.textContent !== text) el.textContent = text;
      if (el.className !== className) el.className = className;
    }
  }

  function counts(result) {
    const leaves = result.threats.filter((t) => cat.threats.get(t.id)?.kind === 'threat');
    const n = (status) => leaves.filter((t) => t.status === status).length;
    return `${plural(n('applies'), 'threat applies', 'threats apply')}, ${n('unknown')} unknown, ${n('low')} low, ${plural(n('not-applicable'), 'does', 'do')} not apply`;
  }

  /** Draws an assessment (object) on the map; returns false (and says why) if it has problems. */
  /** Draws a system on the map. `result`, when the caller has already assessed `file`, saves
   *  checking and assessing it again. */
  /**
   * The open assessment on the map (the page's and the widget's questionnaire): `result` is
   * `assess(file)`. With nothing said about the system yet, the map shows the catalog as it is.
   * After an answer the map follows in the task after the frame that shows the answer (calls
   * within a frame draw once, with the last data); `now` (an assessment opened as a whole) draws
   * at once and drops what is pending.
   */
  function showAssessment(file, result, { now = false } = {}) {
    if (now) drawAssessment(file, result);
    else drawLater(file, result);
  }
  function drawAssessment(file, result) {
    const empty = !Object.keys(file.answers ?? {}).length && !Object.keys(file.risks ?? {}).length && !Object.keys(file.controls ?? {}).length;
    if (empty) clearSystem({ quiet: true });
    else setSystem(file, { quiet: true, result });
  }
  const drawLater = afterPaint(drawAssessment);

  function setSystem(file, { quiet = false, result: given = null } = {}) {
    drawLater.cancel(); // what is drawn now is newer than any pending drawing
    const problems = given ? [] : validate(file);
    if (problems.length > 0) {
      fill(systemStatus,
        h('p', { className: 'error' }, `That file cannot be shown: ${plural(problems.length, 'problem', 'problems')}.`),
        h('ul', { className: 'error' }, problems.slice(0, 10).map((p) => h('li', {}, p.path ? `${p.path}: ${p.message}` : p.message))),
        system ? h('p', {}, `Still showing ${system.name}.`) : null,
      );
      return false;
    }
    const result = given ?? assess(file);
    const byKey = new Map([...result.threats.map((t) => [`threat:${t.id}`, t]), ...result.controls.map((c) => [`control:${c.id}`, c])]);
    const before = system?.byKey;
    const changed = new Set();
    if (before) for (const [key, verdict] of byKey) if (before.get(key)?.status !== verdict.status) changed.add(key);
    system = { file, name: file.system?.name || 'your system', result, byKey };
    diagramView.setStates(stateOf, changed);
    updateList();
    const changes = before ? ` ${changed.size === 0 ? 'Nothing changed on the map.' : `${plural(changed.size, 'entry', 'entries')} changed, marked on the map.`}` : '';
    fill(systemStatus,
      h('p', {}, `Showing ${system.name}: ${counts(result)}.${changes}`),
      result.flags.map((f) => h('p', { className: 'flag' }, h('strong', {}, 'Warning: '), f.text)),
    );
    clearButton.hidden = false;
    legendStates.hidden = false;
    if (selectedEntry) showDetails(selectedEntry);
    if (!quiet) announce(`Showing ${system.name} on the map.${changes}`);
    return true;
  }

  fileInput.addEventListener('change', async () => {
    const file = fileInput.files?.[0];
    if (!file) return;
    const text = await file.text();
    let parsed;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      fill(systemStatus, h('p', { className: 'error' }, `${file.name} is not JSON: ${error.message}`));
      return;
    }
    if (onFile) onFile(parsed);
    else setSystem(parsed);
  });
  /** Shows the whole catalog again, without any system's states. */
  function clearSystem({ quiet = false } = {}) {
    drawLater.cancel();
    system = null;
    fileInput.value = '';
    diagramView.setStates(() => null);
    updateList();
    fill(systemStatus);
    clearButton.hidden = true;
    legendStates.hidden = true;
    if (selectedEntry) showDetails(selectedEntry);
    if (!quiet) announce('The map shows the whole catalog again.');
  }
  clearButton.addEventListener('click', () => clearSystem());

  // Find: a combobox over search(); the chosen entry is selected and focused in the diagram.
  const finder = h('input', {
    type: 'text',
    id: 'finder',
    role: 'combobox',
    autocomplete: 'off',
    spellcheck: false,
    'aria-autocomplete': 'list',
    'aria-expanded': 'false',
    'aria-controls': 'finder-options',
    'aria-describedby': 'finder-help',
  });
  const options = h('ul', { id: 'finder-options', role: 'listbox', 'aria-label': 'Matches', hidden: true });
  let matches = [];
  let active = -1;
  const setActive = (i) => {
    active = i;
    [...options.children].forEach((li, j) => li.setAttribute('aria-selected', String(j === i)));
    if (i >= 0) finder.setAttribute('aria-activedescendant', `finder-option-${i}`);
    else finder.removeAttribute('aria-activedescendant');
  };
  const closeFinder = () => {
    options.hidden = true;
    finder.setAttribute('aria-expanded', 'false');
    setActive(-1);
  };
  const choose = (match) => {
    if (!match) return;
    closeFinder();
    finder.value = match.entry.name;
    const key = `${match.kind}:${match.entry.id}`;
    if (!diagramView.reveal(key)) {
      selectedEntry = key;
      showDetails(key);
      announce(`${match.entry.name} is not shown in this view; its details are on the right.`);
    }
  };
  finder.addEventListener('input', () => {
    const query = finder.value.trim();
    matches = [];
    try {
      matches = query ? search(query).slice(0, 8) : [];
    } catch (error) {
      if (!(error instanceof NavigatorError)) throw error;
    }
    fill(options,
      matches.map((m, i) =>
        h('li', { id: `finder-option-${i}`, role: 'option', 'aria-selected': 'false' }, m.entry.name, h('span', { className: 'kind' }, ` ${m.kind}`)),
      ),
    );
    options.hidden = matches.length === 0;
    finder.setAttribute('aria-expanded', String(matches.length > 0));
    setActive(-1);
    finderStatus.textContent = query ? (matches.length ? `${plural(matches.length, 'match', 'matches')}; use the arrow keys to choose.` : `Nothing matches "${query}".`) : '';
  });
  finder.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (matches.length === 0) return;
      event.preventDefault();
      options.hidden = false;
      finder.setAttribute('aria-expanded', 'true');
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((active + step + matches.length) % matches.length);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      if (active >= 0) choose(matches[active]);
      else {
        try {
          const found = lookup(finder.value);
          choose({ kind: found.kind, entry: found.entry });
        } catch (error) {
          if (!(error instanceof NavigatorError)) throw error;
          choose(matches[0]);
          if (!matches[0]) finderStatus.textContent = error.message;
        }
      }
    } else if (event.key === 'Escape') {
      closeFinder();
    }
  });
  options.addEventListener('pointerdown', (event) => event.preventDefault()); // keep focus in the field
  options.addEventListener('click', (event) => {
    const li = event.target.closest('[role="option"]');
    if (li) choose(matches[Number(li.id.slice('finder-option-'.length))]);
  });
  finder.addEventListener('blur', closeFinder);
  const finderStatus = h('p', { className: 'finder-status', role: 'status' });
  const finderBox = h(
    'div',
    { className: 'finder' },
    h('label', { htmlFor: 'finder' }, 'Find in the diagram'),
    h('p', { id: 'finder-help', className: 'help' }, 'A name, id or older name; arrow keys choose, Enter selects it in the diagram.'),
    h('div', { className: 'finder-field' }, finder, options),
    finderStatus,
  );

  // Zoom and export.
  const zoomLabel = h('span', { className: 'zoom-level', 'aria-live': 'polite' }, '100%');
  const zoomButton = (label, step, text) => {
    const b = h('button', { type: 'button', 'aria-label': label }, text);
    b.addEventListener('click', () => (zoomLabel.textContent = `${diagramView.zoomBy(step)}%`));
    return b;
  };
  // The SVG file is written by the full module, fetched on the first export.
  const svgText = async () => {
    try {
      await api.loadTools();
      return diagramSvg(view, system?.file);
    } catch (error) {
      announce(`The picture could not be made: ${error.message}.`, true);
      return null;
    }
  };
  const exportSvg = button('Download SVG', async () => {
    const text = await svgText();
    if (text !== null) download(new Blob([text], { type: 'image/svg+xml' }), `${view}.svg`);
  }, api.loadTools);
  const exportPng = button('Download PNG', async () => {
    const text = await svgText();
    if (text === null) return;
    const url = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
    const image = new Image();
    image.addEventListener('load', () => {
      const canvas = document.createElement('canvas');
      canvas.width = image.naturalWidth * 2;
      canvas.height = image.naturalHeight * 2;
      const context = canvas.getContext('2d');
      context.scale(2, 2);
      context.drawImage(image, 0, 0);
      URL.revokeObjectURL(url);
      canvas.toBlob((blob) => blob && download(blob, `${view}.png`), 'image/png');
    });
    // A page whose policy does not allow blob: images cannot draw the SVG into a PNG.
    image.addEventListener('error', () => {
      URL.revokeObjectURL(url);
      announce('The PNG could not be drawn here (the page\'s security policy must allow blob: images); Download SVG works.');
    });
    image.src = url;
  }, api.loadTools);
  const tools = h(
    'div',
    { className: 'diagram-tools', role: 'toolbar', 'aria-label': 'Diagram' },
    zoomButton('Zoom out', -1, '−'),
    zoomLabel,
    zoomButton('Zoom in', 1, '+'),
    zoomButton('Reset zoom', 0, '100%'),
    exportSvg,
    exportPng,
  );

  // The legend: every state has a symbol and a line style, never colour alone.
  const legendItem = (cls, symbol, text) =>
    h('li', {}, h('span', { className: `swatch ${cls}`, 'aria-hidden': 'true' }, symbol), ' ', text);
  const legendStates = h(
    'ul',
    { className: 'legend-states', hidden: true },
    legendItem('applies', '!', 'applies'),
    legendItem('unknown', '?', 'unknown (dashed border)'),
    legendItem('low', '↓', 'low'),
    legendItem('not-applicable', '–', 'does not apply or not needed (faded)'),
    legendItem('recommended', '✓', 'recommended control'),
    legendItem('general', 'G', 'general control'),
    legendItem('supplier', '', 'the supplier must act (dotted border)'),
    legendItem('shared', '', 'shared with the supplier (dash-dot border)'),
  );
  const legend = h(
    'div',
    { id: 'legend', className: 'legend' },
    h('h3', {}, 'Legend'),
    h(
      'ul',
      { className: 'legend-kinds' },
      legendItem('threat', '', 'threat'),
      legendItem('control', '', 'control'),
      h('li', {}, 'Impacts: ', cat.data.impacts.map((i) => `${impactMark(i.id)} ${i.short}`).join(' · ')),
    ),
    legendStates,
  );

  const caption = root.querySelector('#diagram-caption');
  const panel = root.querySelector('#diagram-panel');
  panel.setAttribute('role', 'tabpanel');
  fill(
    root.querySelector('#diagram-side'),
    finderBox,
    systemForm,
    tools,
    h('details', { className: 'options' }, h('summary', {}, 'Filters'), filters),
    filterStatus,
    detailsPanel,
  );
  root.querySelector('#legend').replaceWith(legend);
  const section = root;

  /** Each view's layout, computed once: the catalog does not change under an explorer. */
  const layouts = new Map();
  const layoutOf = (name) => {
    if (!layouts.has(name)) layouts.set(name, diagram(name));
    return layouts.get(name);
  };

  /** Switches to a view, keeping filters, states and (where shown) the selection. */
  function show(next, { focusTab = false, select = selectedEntry, focusNode = false, updateUrl = true } = {}) {
    view = next;
    for (const tab of tabs) {
      const active = tab.id === `tab-${view}`;
      tab.setAttribute('aria-selected', String(active));
      tab.tabIndex = active ? 0 : -1;
      if (active && focusTab) tab.focus();
    }
    panel.setAttribute('aria-labelledby', `tab-${view}`);
    const layout = layoutOf(view);
    caption.textContent = layout.title;
    diagramView.render(layout);
    diagramView.setStates(stateOf);
    applyFilters();
    selectedEntry = null;
    if (select && !diagramView.reveal(select, { focus: focusNode })) {
      selectedEntry = select;
      showDetails(select);
    }
    if (!select) showDetails(null);
    if (updateUrl) onNavigate(view, select);
  }

  /** Follows a deep link (#view=…&select=…); `focus: false` selects without moving focus. */
  function follow(link, { focus = true } = {}) {
    let select = link.select;
    if (select) {
      try {
        const found = lookup(select.slice(select.indexOf(':') + 1));
        select = `${found.kind}:${found.entry.id}`;
      } catch (error) {
        if (!(error instanceof NavigatorError)) throw error;
        announce(error.message);
        select = null;
      }
    }
    if (link.view === view && select && diagramView.reveal(select, { focus })) return;
    show(link.view, { select, focusNode: focus && Boolean(select) });
  }

  return {
    element: section,
    show,
    /** Computes a view's layout ahead of `show` (at start-up, so that each task stays short). */
    prepare: (name) => void layoutOf(name),
    follow,
    showAssessment,
    setSystem,
    clearSystem,
    /** The view shown and the selected entry ('threat:id' | 'control:ID' | null). */
    state: () => ({ view, select: selectedEntry }),
    /** Writes the system's states into the list again (after the list has been built). */
    refreshList: updateList,
  };
}
