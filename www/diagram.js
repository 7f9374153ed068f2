// The diagram: renders a layout computed in WebAssembly as SVG with DOM APIs only, and makes it
// usable by pointer and keyboard — hover or focus highlights what is related, Enter or a click
// selects, arrow keys move between nodes, zoom and pan. It knows nothing about the catalog's
// meaning: the page gives it labels for screen readers and states to show.

const SVG = 'http://www.w3.org/2000/svg';
/** The classes by which `setStates` shows a system's states on the nodes. */
const STATE_CLASSES = ['applies', 'unknown', 'low', 'not-applicable', 'recommended', 'general', 'not-needed', 'supplier', 'shared', 'changed'];

// The drawing is first built as a plain tree — [tag, attributes, ...children], strings for text —
// which becomes DOM in the page (toDom) and markup at build time (toMarkup: the map in the
// first paint, before any script runs). One description, two outputs that cannot drift apart.
// A child that is an array of trees (not a tree itself, whose first item is its tag) is spread.
const t = (tag, attrs = {}, ...children) => [
  tag,
  attrs,
  ...children.flatMap((c) => (Array.isArray(c) && typeof c[0] !== 'string' ? c : [c])).filter((c) => c !== null && c !== undefined && c !== false),
];

/** A tree as elements: HTML, and SVG from an `svg` element down. */
export function toDom([tag, attrs, ...children], svg = false) {
  const inSvg = svg || tag === 'svg';
  const el = inSvg ? document.createElementNS(SVG, tag) : document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value !== undefined && value !== null && value !== false) el.setAttribute(key, String(value));
  }
  for (const child of children) el.append(typeof child === 'string' || typeof child === 'number' ? String(child) : toDom(child, inSvg));
  return el;
}

const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A tree as markup (escaped: labels are data, never markup). */
export function toMarkup([tag, attrs, ...children]) {
  const attributes = Object.entries(attrs)
    .filter(([, value]) => value !== undefined && value !== null && value !== false)
    .map(([key, value]) => ` ${key}="${escape(value)}"`)
    .join('');
  const inner = children.map((child) => (typeof child === 'string' || typeof child === 'number' ? escape(child) : toMarkup(child))).join('');
  return `<${tag}${tag === 'svg' ? ` xmlns="${SVG}"` : ''}${attributes}>${inner}</${tag}>`;
}

/** One node: its box, its label (a tspan per line when wrapped) and its impact marks. */
function nodeTree(n, describe) {
  const focusable = n.role === 'threat' || n.role === 'control';
  return t(
    'g',
    {
      class: `node ${n.role} depth-${n.depth}${n.responsibility ? ` ${n.responsibility}` : ''}`,
      'data-key': n.key,
      'data-entry': n.entry,
      role: focusable ? 'button' : n.role === 'heading' ? 'heading' : null,
      'aria-level': n.role === 'heading' ? 3 : null,
      'aria-hidden': n.role === 'mark' ? 'true' : null,
      tabindex: focusable ? -1 : null,
      'aria-label': focusable ? describe(n) : null,
    },
    t('rect', { x: n.x, y: n.y, width: n.w, height: n.h, rx: 4 }),
    n.lines.length === 1
      ? t('text', { x: n.x + 8, y: n.y + 21 }, n.lines[0])
      : t('text', { x: n.x + 8, y: n.y + 8 }, n.lines.map((line, i) => t('tspan', { x: n.x + 8, dy: i === 0 ? 13 : 17 }, line))),
    n.role !== 'mark' && n.impacts.length
      ? t('text', { class: 'badges', x: n.x + 8, y: n.y + n.h - 8, 'aria-hidden': 'true' }, n.impacts.map((i) => impactMark(i)).join('  '))
      : null,
  );
}

/**
 * The whole drawing of a layout as a tree. `describe(node)` gives each node's accessible name;
 * `interactive: false` draws a picture (no roles or focus), as the build does for the first paint.
 */
export function svgTree(layout, describe, { interactive = true } = {}) {
  return t(
    'svg',
    svgAttributes(layout, interactive),
    t('g', { class: 'edges', 'aria-hidden': 'true' }, t('path', { class: 'edges-all', d: layout.edges.map((e) => e.d).join(''), 'data-edges': layout.edges.length }), t('g', { class: 'edges-related' })),
    t('g', { class: 'nodes' }, interactive ? layout.nodes.map((n) => nodeTree(n, describe)) : layout.nodes.map((n) => stripped(nodeTree(n, describe)))),
  );
}

/** The drawing's own attributes: a group to operate, or a picture (the build's, until then). */
const svgAttributes = (layout, interactive) =>
  interactive
    ? { viewBox: `0 0 ${layout.width} ${layout.height}`, role: 'group', 'aria-label': `${layout.title}. Arrow keys move between threats and controls; Enter shows details.` }
    : { viewBox: `0 0 ${layout.width} ${layout.height}`, width: layout.width, height: layout.height, role: 'img', 'aria-label': `${layout.title} (loading)` };

/** The attributes the picture leaves out, which make a node operable. */
const OPERABLE = ['role', 'aria-level', 'tabindex', 'aria-label'];

/**
 * Whether `picture` is the build's drawing of exactly this layout (the same size, edges and nodes
 * in the same order); only then may it be made operable in place instead of drawn again.
 */
function isPictureOf(picture, layout) {
  if (picture.getAttribute('role') !== 'img' || picture.getAttribute('viewBox') !== `0 0 ${layout.width} ${layout.height}`) return false;
  if (picture.querySelector('.edges-all')?.getAttribute('d') !== layout.edges.map((e) => e.d).join('')) return false;
  const keys = [...picture.querySelectorAll('[data-key]')].map((el) => el.dataset.key);
  return keys.length === layout.nodes.length && layout.nodes.every((n, i) => n.key === keys[i]);
}

/** Turns the build's picture into the operable drawing: the same elements, with roles and focus. */
function makeOperable(picture, layout, describe) {
  for (const name of ['width', 'height']) picture.removeAttribute(name);
  for (const [name, value] of Object.entries(svgAttributes(layout, true))) picture.setAttribute(name, value);
  const els = picture.querySelectorAll('[data-key]');
  layout.nodes.forEach((n, i) => {
    const [, attrs] = nodeTree(n, describe);
    for (const name of OPERABLE) if (attrs[name] != null) els[i].setAttribute(name, String(attrs[name]));
  });
}

/** A node without its roles and focus, for the picture drawn before the page is interactive. */
function stripped([tag, attrs, ...children]) {
  const rest = Object.fromEntries(Object.entries(attrs).filter(([name]) => !OPERABLE.includes(name)));
  return [tag, rest, ...children];
}

/** What each state looks like besides its colour: the symbol in the node's corner. */
export const SYMBOLS = {
  applies: '!',
  unknown: '?',
  low: '↓',
  'not-applicable': '–',
  recommended: '✓',
  general: 'G',
  'not-needed': '–',
};

const ZOOMS = [0.5, 0.67, 0.8, 1, 1.25, 1.5, 2];

/**
 * @param {{ describe: (node: object) => string, onSelect: (node: object | null, how: { pointer: boolean }) => void,
 *   onPoint?: (node: object | null) => void }} options
 *   `describe` gives a node's accessible name; `onSelect` is called when the user selects a node
 *   (`how.pointer`: by a click or a tap, not a key),
 *   `onPoint` when the node under the pointer or keyboard focus changes; `element`, if given, is
 *   the scrolling box to draw into (its content is replaced at the first render).
 */
export function createDiagram({ describe, onSelect, onPoint = () => {}, element }) {
  // The page may hand over the box that already shows the build's picture of the map.
  const scroller = element ?? document.createElement('div');
  scroller.classList.add('diagram-scroll');
  let layout = null;
  let svg = null;
  let zoom = 1;
  let nodes = new Map(); // key → { node, el }
  let edgesOf = new Map(); // key → [edges]
  // All edges are one path (thousands of path elements cost the browser far more to lay out);
  // the edges of the node in focus are drawn again, highlighted, in a layer above it.
  let allEdges = null;
  let relatedLayer = null;
  let relatedOf = new Map(); // key → Set of keys
  let order = []; // focusable keys, by column then from top to bottom
  let current = null; // the key with tabindex 0
  let selected = null;

  const link = (a, b) => {
    if (!relatedOf.has(a)) relatedOf.set(a, new Set());
    relatedOf.get(a).add(b);
  };

  function render(next) {
    layout = next;
    nodes = new Map();
    edgesOf = new Map();
    relatedOf = new Map();
    for (const e of layout.edges) {
      for (const key of [e.from, e.to]) {
        if (!edgesOf.has(key)) edgesOf.set(key, []);
        edgesOf.get(key).push(e);
      }
      link(e.from, e.to);
      link(e.to, e.from);
    }
    // Nodes of the same entry, and a row with its cells (matrix marks, periodic chips), belong together.
    const byEntry = new Map();
    for (const n of layout.nodes) {
      if (n.role === 'heading') continue;
      const id = `${n.role === 'control' ? 'control' : 'threat'}:${n.entry}`;
      if (!byEntry.has(id)) byEntry.set(id, []);
      byEntry.get(id).push(n.key);
      const row = n.key.match(/^control:[^@]+@(.+)$/)?.[1] ?? (n.role === 'mark' ? n.entry : null);
      if (row) {
        link(n.key, `threat:${row}`);
        link(`threat:${row}`, n.key);
      }
    }
    for (const keys of byEntry.values()) for (const a of keys) for (const b of keys) if (a !== b) link(a, b);

    // The first render of the view the build drew keeps the build's elements (drawing them again
    // would cost as much script, style and layout as the first paint did).
    const picture = scroller.querySelector(':scope > svg');
    if (picture && isPictureOf(picture, layout)) {
      svg = picture;
      makeOperable(svg, layout, describe);
    } else {
      svg = toDom(svgTree(layout, describe));
    }
    allEdges = svg.querySelector('.edges-all');
    relatedLayer = svg.querySelector('.edges-related');
    const byKey = new Map(layout.nodes.map((n) => [n.key, n]));
    for (const el of svg.querySelectorAll('[data-key]')) nodes.set(el.dataset.key, { node: byKey.get(el.dataset.key), el });
    svg.addEventListener('pointerover', (event) => highlight(keyOf(event.target)));
    svg.addEventListener('pointerout', () => highlight(svg.getRootNode().activeElement?.dataset?.key ?? null));
    svg.addEventListener('focusin', (event) => {
      const key = keyOf(event.target);
      if (key) setCurrent(key);
      highlight(key);
    });
    svg.addEventListener('focusout', () => highlight(null));
    svg.addEventListener('click', (event) => {
      const key = keyOf(event.target);
      const target = key && nodes.get(key)?.node.role === 'mark' ? `threat:${nodes.get(key).node.entry}` : key;
      if (target && nodes.get(target)?.el.getAttribute('role') === 'button') {
        setCurrent(target);
        nodes.get(target).el.focus();
        select(target, { pointer: true });
      }
    });
    svg.addEventListener('keydown', onKey);
    order = layout.nodes
      .filter((n) => n.role === 'threat' || n.role === 'control')
      .sort((a, b) => a.x - b.x || a.y - b.y)
      .map((n) => n.key);
    if (svg !== picture) scroller.replaceChildren(svg);
    applyZoom();
    setCurrent(order[0] ?? null);
    selected = null;
  }

  const keyOf = (target) => target?.closest?.('[data-key]')?.dataset.key ?? null;

  function setCurrent(key) {
    if (current && nodes.has(current)) nodes.get(current).el.setAttribute('tabindex', '-1');
    current = key;
    if (key && nodes.has(key)) nodes.get(key).el.setAttribute('tabindex', '0');
  }

  function highlight(key) {
    if (!svg) return;
    relatedLayer.replaceChildren();
    onPoint(key && nodes.has(key) ? nodes.get(key).node : null);
    for (const el of svg.querySelectorAll('.related, .active')) el.classList.remove('related', 'active');
    svg.classList.toggle('focusing', Boolean(key));
    if (!key || !nodes.has(key)) return;
    nodes.get(key).el.classList.add('active');
    for (const other of relatedOf.get(key) ?? []) nodes.get(other)?.el.classList.add('related');
    relatedLayer.replaceChildren(
      ...(edgesOf.get(key) ?? [])
        .filter((e) => !hiddenEdge(e))
        .map((e) => toDom(t('path', { class: 'edge related', d: e.d, 'data-from': e.from, 'data-to': e.to }), true)),
    );
  }

  /** Selects the node of `key` (null: none); `how.pointer` when a click or tap chose it. */
  function select(key, how = { pointer: false }) {
    if (selected && nodes.has(selected)) nodes.get(selected).el.removeAttribute('aria-pressed');
    selected = key;
    for (const el of svg.querySelectorAll('.selected')) el.classList.remove('selected');
    if (key && nodes.has(key)) {
      nodes.get(key).el.classList.add('selected');
      nodes.get(key).el.setAttribute('aria-pressed', 'true');
    }
    onSelect(key ? nodes.get(key).node : null, how);
  }

  const hiddenEdge = (e) => Boolean(nodes.get(e.from)?.el.classList.contains('filtered') || nodes.get(e.to)?.el.classList.contains('filtered'));
  const visible = (key) => !nodes.get(key)?.el.classList.contains('filtered');
  const column = (key) => nodes.get(key).node.x;

  function move(from, direction) {
    const candidates = order.filter(visible);
    if (candidates.length === 0) return null;
    if (!from || !nodes.has(from)) return candidates[0];
    const here = nodes.get(from).node;
    const sameColumn = candidates.filter((k) => column(k) === here.x || Math.abs(column(k) - here.x) < 40);
    const i = sameColumn.indexOf(from);
    switch (direction) {
      case 'down':
        return sameColumn[Math.min(i + 1, sameColumn.length - 1)];
      case 'up':
        return sameColumn[Math.max(i - 1, 0)];
      case 'home':
        return sameColumn[0];
      case 'end':
        return sameColumn.at(-1);
      default: {
        // Left/right: the nearest related node on that side, else the nearest node on that side.
        const side = (k) => (direction === 'right' ? column(k) > here.x + 40 : column(k) < here.x - 40);
        const distance = (k) => Math.abs(nodes.get(k).node.y - here.y);
        const nearest = (keys) => keys.sort((a, b) => distance(a) - distance(b))[0];
        const related = [...(relatedOf.get(from) ?? [])].filter((k) => order.includes(k) && visible(k) && side(k));
        return nearest(related) ?? nearest(candidates.filter(side)) ?? from;
      }
    }
  }

  const KEYS = { ArrowDown: 'down', ArrowUp: 'up', ArrowLeft: 'left', ArrowRight: 'right', Home: 'home', End: 'end' };

  function onKey(event) {
    const key = keyOf(event.target);
    if (KEYS[event.key]) {
      event.preventDefault();
      const next = move(key, KEYS[event.key]);
      if (next) {
        setCurrent(next);
        nodes.get(next).el.focus();
        nodes.get(next).el.scrollIntoView?.({ block: 'nearest', inline: 'nearest' });
      }
    } else if ((event.key === 'Enter' || event.key === ' ') && key) {
      event.preventDefault();
      select(key);
    } else if (event.key === 'Escape' && selected) {
      select(null);
    }
  }

  function applyZoom() {
    if (!svg || !layout) return;
    svg.setAttribute('width', String(Math.round(layout.width * zoom)));
    svg.setAttribute('height', String(Math.round(layout.height * zoom)));
  }

  /** Steps the zoom in (+1) or out (-1), or resets it (0); returns the zoom as a percentage. */
  function zoomBy(step) {
    const i = ZOOMS.indexOf(zoom);
    zoom = step === 0 ? 1 : ZOOMS[Math.max(0, Math.min(ZOOMS.length - 1, i + step))];
    applyZoom();
    return Math.round(zoom * 100);
  }

  scroller.addEventListener(
    'wheel',
    (event) => {
      if (!event.ctrlKey) return;
      event.preventDefault();
      zoomBy(event.deltaY < 0 ? 1 : -1);
    },
    { passive: false },
  );
  // Drag the background to pan.
  let drag = null;
  scroller.addEventListener('pointerdown', (event) => {
    if (keyOf(event.target) || event.button !== 0) return;
    drag = { x: event.clientX, y: event.clientY, left: scroller.scrollLeft, top: scroller.scrollTop };
    scroller.setPointerCapture(event.pointerId);
  });
  scroller.addEventListener('pointermove', (event) => {
    if (!drag) return;
    scroller.scrollLeft = drag.left - (event.clientX - drag.x);
    scroller.scrollTop = drag.top - (event.clientY - drag.y);
  });
  const endDrag = () => (drag = null);
  scroller.addEventListener('pointerup', endDrag);
  scroller.addEventListener('pointercancel', endDrag);

  /**
   * Shows states: `stateOf(node)` returns { classes: string[], symbol, label } or null. Nodes in
   * `changed` (keys) are marked as just changed.
   */
  function setStates(stateOf, changed = new Set()) {
    for (const { node, el } of nodes.values()) {
      const state = stateOf(node);
      // Only what differs is written: every write makes the browser restyle the node, and an
      // answer changes the state of a few nodes, not of all of them.
      const key = `${node.role === 'control' ? 'control' : 'threat'}:${node.entry}`;
      const want = new Set([node.responsibility, ...(state?.classes ?? []), changed.has(key) && 'changed'].filter(Boolean));
      const have = STATE_CLASSES.filter((c) => el.classList.contains(c));
      if (have.length !== want.size || have.some((c) => !want.has(c))) {
        el.classList.remove(...STATE_CLASSES);
        el.classList.add(...want);
      }
      // The symbol's text element exists only while there is a state to show (fewer to lay out).
      let symbol = el.lastChild?.classList?.contains('symbol') ? el.lastChild : null;
      if (state?.symbol && !symbol) {
        symbol = toDom(t('text', { class: 'symbol', x: node.x + node.w - 14, y: node.y + 18, 'aria-hidden': 'true' }), true);
        el.append(symbol);
      }
      if (symbol && symbol.textContent !== (state?.symbol ?? '')) symbol.textContent = state?.symbol ?? '';
      if (el.getAttribute('role') === 'button') {
        const label = describe(node);
        if (el.getAttribute('aria-label') !== label) el.setAttribute('aria-label', label);
      }
    }
    if (svg && !svg.classList.contains('has-states')) svg.classList.add('has-states');
  }

  /** Hides the nodes for which `keep(node)` is false, and the edges that touch them. */
  function setFilter(keep) {
    for (const { node, el } of nodes.values()) {
      const hide = node.role !== 'heading' && !keep(node);
      el.classList.toggle('filtered', hide);
      if (hide) el.setAttribute('aria-hidden', 'true');
      else if (node.role !== 'mark') el.removeAttribute('aria-hidden');
    }
    const shown = layout.edges.filter((e) => !hiddenEdge(e));
    allEdges.setAttribute('d', shown.map((e) => e.d).join(''));
    allEdges.dataset.edges = String(shown.length);
    if (current && !visible(current)) setCurrent(order.find(visible) ?? null);
  }

  /** Selects and focuses the first node of an entry (`threat:evasion`, `control:MONITORUSE`). */
  function reveal(entryKey, { focus = true } = {}) {
    const [kind, id] = entryKey.split(':');
    const match = layout?.nodes.find((n) => n.entry === id && (kind === 'control' ? n.role === 'control' : n.role === 'threat'));
    if (!match) return false;
    setCurrent(match.key);
    if (focus) nodes.get(match.key).el.focus();
    nodes.get(match.key).el.scrollIntoView?.({ block: 'center', inline: 'nearest' });
    select(match.key);
    return true;
  }

  return { element: scroller, render, setStates, setFilter, reveal, zoomBy, nodes: () => layout?.nodes ?? [] };
}

/** The short mark of an impact id, as the layout and the SVG export write it (C_MODEL → CM). */
export function impactMark(id) {
  const [a, b] = id.split(/_(.*)/s);
  return b ? `${a}${b[0]}` : id;
}
