// Small DOM helpers shared by the page's modules. Elements are built with createElement and
// text nodes only: no HTML is ever parsed from strings (the page runs under Trusted Types).

/**
 * Creates an element. `props` become properties (`className`, `href`, …) or, for names with a
 * dash and `role`, attributes; children are nodes or text; null, undefined and false are skipped.
 * @param {string} tag @param {Record<string, unknown>} [props] @param {...unknown} children
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  // Every button is a `button` part, so that a page embedding the widget can restyle them all.
  if (tag === 'button') el.setAttribute('part', 'button');
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.includes('-') || key === 'role') el.setAttribute(key, String(value));
    else el[key] = value;
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export const externalLink = (href, text, context) =>
  h('a', { href, rel: 'noopener noreferrer', target: '_blank', 'aria-label': `${text}: ${context} (opens in a new tab)` }, text);

/**
 * The page header's line on the catalog's version and source, as a tree (diagram.js's form: the
 * page turns it into elements, the build into the markup of index.html, so the line is in the
 * first paint and does not grow when the page starts: on a phone it wraps to more lines than its
 * placeholder, and everything below it moved).
 */
export const sourceLine = ({ version, source }) => [
  'p',
  { class: 'source', id: 'source' },
  `Catalog ${version}, read from the `,
  ['a', { href: source.url, rel: 'noopener noreferrer', target: '_blank', 'aria-label': `${source.name}: the source of this catalog (opens in a new tab)` }, source.name],
  ` as of ${source.date} (commit ${source.commit.slice(0, 7)}).`,
];

/** Joins nodes with ", " — for lists of links inside a sentence. */
export const joined = (nodes) => nodes.flatMap((node, i) => (i === 0 ? [node] : [', ', node]));

/** A definition list from [term, description] pairs; empty descriptions are left out. */
export function facts(pairs) {
  const rows = pairs.filter(([, value]) => value !== null && value !== undefined && !(Array.isArray(value) && value.length === 0));
  return h('dl', { className: 'facts' }, rows.map(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]));
}

export const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;

/**
 * Resolves in a new task: lets the browser paint and handle input in between, and a host page's
 * own tasks run too (`scheduler.yield()` would put our next step ahead of them).
 */
export const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * Remembers what a render built, so that the next render keeps every element whose data did not
 * change: an element left in place costs the browser no style or layout work, and keeps its
 * state. `made(key, data, build)` gives the element built for `key` last time if `data` (compared
 * as JSON) is the same, else a new one from `build()`; `done()` ends a render and forgets the
 * keys it did not use. Keys are unique within a render.
 */
export function memo() {
  let last = new Map();
  let next = new Map();
  return {
    made(key, data, build) {
      const signature = JSON.stringify(data);
      const old = last.get(key);
      const el = old !== undefined && old.signature === signature ? old.el : build();
      next.set(key, { signature, el });
      return el;
    },
    done() {
      last = next;
      next = new Map();
    },
  };
}

/**
 * Makes `parent`'s children exactly `nodes` (null, undefined and false skipped), in order,
 * touching only what differs: children already in place are neither moved nor re-inserted.
 */
export function syncChildren(parent, nodes) {
  const wanted = nodes.flat(Infinity).filter((node) => node !== null && node !== undefined && node !== false);
  const keep = new Set(wanted);
  // Children that go are removed first, so that the ones that stay are found in place below.
  for (let child = parent.firstChild; child; ) {
    const after = child.nextSibling;
    if (!keep.has(child)) child.remove();
    child = after;
  }
  let at = parent.firstChild;
  for (const node of wanted) {
    if (node === at) at = at.nextSibling;
    else parent.insertBefore(node, at);
  }
  return parent;
}

/** The calls `afterPaint` holds back; printing runs them first (the page is printed as it stands). */
const held = new Set();
let printHook = false;
let printing = false;

/** True while printing runs the held calls: a render then shows everything at once. */
export const isPrinting = () => printing;

/**
 * `fn` deferred until the frame being prepared is on screen: calls within one frame run `fn`
 * once, with the last arguments. Work that nothing on screen waits for (a report below the
 * fold) so stays out of the frame that answers a click. `.flush()` runs a pending call at once,
 * `.cancel()` drops it, `.pending()` says whether there is one. Where frames do not run (a
 * hidden tab), the call happens after 100 ms anyway; before the page is printed, at once.
 */
export function afterPaint(fn) {
  let pending = null;
  let round = 0; // each scheduling's timers act only for it, never for a later call's
  const flush = () => {
    held.delete(flush);
    if (!pending) return;
    const args = pending;
    pending = null;
    fn(...args);
  };
  const later = (...args) => {
    const scheduled = pending !== null;
    pending = args;
    if (scheduled) return;
    held.add(flush);
    if (!printHook) {
      printHook = true;
      addEventListener('beforeprint', () => {
        printing = true;
        try {
          [...held].forEach((f) => f());
        } finally {
          printing = false;
        }
      });
    }
    const mine = ++round;
    const due = () => round === mine && flush();
    requestAnimationFrame(() => setTimeout(due, 0));
    setTimeout(due, 100);
  };
  later.flush = flush;
  /** Whether a call is held (and will run). */
  later.pending = () => pending !== null;
  later.cancel = () => {
    held.delete(flush);
    pending = null;
  };
  return later;
}

/** Replaces an element's children, with the same rules as `h` (null, undefined and false skipped). */
export function fill(el, ...children) {
  el.replaceChildren();
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** Offers a Blob as a download named `name` (an object URL, revoked once the browser has it). */
export function download(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Offers text as a download named `name`. */
export const saveText = (text, type, name) => download(new Blob([text], { type }), name);

/**
 * A plain button that runs `action` when pressed. While an action that returns a promise is
 * running, the button says it is busy and ignores further presses. `warm`, if given, runs once
 * when the pointer comes over the button or it gets focus: to start fetching what the action
 * needs before it is pressed (if that fails, the press will say so).
 */
export function button(label, action, warm) {
  const b = h('button', { type: 'button' }, label);
  if (warm) {
    const once = () => {
      b.removeEventListener('pointerenter', once);
      b.removeEventListener('focus', once);
      Promise.resolve(warm()).catch(() => {});
    };
    b.addEventListener('pointerenter', once);
    b.addEventListener('focus', once);
  }
  b.addEventListener('click', async (event) => {
    if (b.getAttribute('aria-busy') === 'true') return;
    const running = action(event);
    if (!(running instanceof Promise)) return;
    b.setAttribute('aria-busy', 'true');
    try {
      await running;
    } finally {
      b.removeAttribute('aria-busy');
    }
  });
  return b;
}
