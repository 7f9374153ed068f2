// <ai-security-navigator>: the navigator as a custom element for portals and intranet pages.
// Everything lives in a shadow root styled by one constructable stylesheet shared by all
// instances, so the host's CSS cannot reach in and the widget's cannot leak out. Primitives are
// attributes (reflected as properties), rich data are properties; what the user does is announced
// with `asn-*` events that bubble out of the shadow root. This module defines the class only;
// `define.js` registers it.
import * as builtin from './navigator.js';
import { init, loadTools, NavigatorError, toolsReady, VIEWS, withOverlay } from './navigator.js';
import { fill, h, nextTask, plural } from './dom.js';
import { indexCatalog } from './entries.js';
import { createExplore, parseViewLink } from './explore.js';
import { createQuestionnaire, showQuestion } from './questionnaire.js';
import { createReport, downloadButtons } from './report.js';
import css from './widget-style.js';

const FORMAT = 'ai-security-navigator/assessment@1';
const THEMES = ['auto', 'light', 'dark'];
const ATTRIBUTES = ['view', 'questionnaire', 'theme', 'selected', 'src', 'readonly'];
/** Properties a host may set before the element is defined; they are replayed at upgrade. */
const PROPERTIES = ['assessment', 'catalogOverlay', 'view', 'questionnaire', 'theme', 'selected', 'src', 'readOnly'];

let sharedSheet = null;
/** One stylesheet object for every instance: parsed once, adopted by each shadow root. */
function sheet() {
  if (!sharedSheet) {
    sharedSheet = new CSSStyleSheet();
    sharedSheet.replaceSync(css);
  }
  return sharedSheet;
}

const emptyFile = () => ({ format: FORMAT, answers: {} });
const problemText = (p) => [p.entry, p.field].filter(Boolean).join(' › ') + (p.entry || p.field ? ': ' : '') + p.message;

/**
 * The AI Security Navigator widget. See README, "Embedding the widget", for every attribute,
 * property, event, part and custom property.
 */
export class AiSecurityNavigator extends HTMLElement {
  static observedAttributes = ATTRIBUTES;

  /**
   * Registers the element as `tag` (default `ai-security-navigator`) in `registry` (default the
   * page's `customElements`). Safe to call more than once; returns the registered class.
   * @param {string} [tag] @param {CustomElementRegistry} [registry]
   */
  static define(tag = 'ai-security-navigator', registry = globalThis.customElements) {
    const existing = registry.get(tag);
    if (existing) return existing;
    try {
      registry.define(tag, this);
    } catch (error) {
      // One class can be registered once per registry: a second tag gets a subclass.
      if (error?.name !== 'NotSupportedError') throw error;
      registry.define(tag, class extends this {});
    }
    return registry.get(tag);
  }

  /**
   * Loads the WebAssembly module from somewhere else than next to this file (a URL, a Response,
   * the bytes or a compiled module); without a call, the first element loads it from there.
   */
  static init(source) {
    return init(source);
  }

  #shadow;
  #api = builtin;
  #overlay = null;
  #overlayProblems = [];
  #file = emptyFile();
  #result = null;
  #ui = null; // the parts, once built
  #reflecting = false; // attribute writes of our own, not requests from the host
  #srcRequest = 0;
  #started = false;
  #pending = false; // an overlay is waiting for the full module
  #drawings = 0; // drawings begun, so that a first drawing in steps stops if a newer one began
  #drawnOverlay = null; // the overlay the latest drawing was asked for
  #ready;
  #resolveReady;

  constructor() {
    super();
    this.#shadow = this.attachShadow({ mode: 'open' });
    this.#shadow.adoptedStyleSheets = [sheet()];
    this.#ready = new Promise((resolve) => (this.#resolveReady = resolve));
  }

  connectedCallback() {
    // A property set on the element before it was upgraded hides the accessor: replay it.
    for (const name of PROPERTIES) {
      if (Object.hasOwn(this, name)) {
        const value = this[name];
        delete this[name];
        this[name] = value;
      }
    }
    if (this.#started) return; // moved or re-added: the widget keeps its state
    this.#started = true;
    this.#start();
  }

  attributeChangedCallback(name, old, value) {
    if (this.#reflecting || old === value) return;
    if (name === 'src') {
      if (value) this.#loadSrc(value);
      return;
    }
    // Read from the attributes when the widget is (re)built: before the first build, and while an
    // overlay waits for the full module (the rebuild then applies what the host asked meanwhile).
    if (!this.#ui || this.#pending) return;
    if (name === 'view') this.#applyView(value);
    else if (name === 'selected') this.#applySelected(value);
    else if (name === 'theme') this.#applyTheme();
    else if (name === 'questionnaire') this.#ui.questionnaire.element.hidden = !this.questionnaire;
    else if (name === 'readonly') this.#applyReadOnly();
  }

  // --- Properties -------------------------------------------------------------------------

  /** Resolves once the module is loaded and the widget drawn. */
  get ready() {
    return this.#ready;
  }

  get view() {
    return this.getAttribute('view') ?? 'navigator';
  }
  set view(value) {
    this.setAttribute('view', String(value));
  }

  get selected() {
    return this.getAttribute('selected');
  }
  set selected(value) {
    if (value === null || value === undefined || value === '') this.removeAttribute('selected');
    else this.setAttribute('selected', String(value));
  }

  get theme() {
    const value = this.getAttribute('theme');
    return THEMES.includes(value) ? value : 'auto';
  }
  set theme(value) {
    this.setAttribute('theme', String(value));
  }

  /** Whether the questionnaire is shown: `questionnaire="off"` (or `"false"`) hides it. */
  get questionnaire() {
    const value = this.getAttribute('questionnaire');
    return value === null || !['off', 'false', 'no'].includes(value.trim().toLowerCase());
  }
  set questionnaire(value) {
    this.setAttribute('questionnaire', value ? 'on' : 'off');
  }

  get src() {
    return this.getAttribute('src') ?? '';
  }
  set src(value) {
    this.setAttribute('src', String(value));
  }

  get readOnly() {
    return this.hasAttribute('readonly');
  }
  set readOnly(value) {
    this.toggleAttribute('readonly', Boolean(value));
  }

  /** The assessment (contract §1) as it stands: a copy; set it to open another one. */
  get assessment() {
    return structuredClone(this.#file);
  }
  set assessment(value) {
    const file = typeof value === 'string' ? this.#parse(value, 'assessment') : value;
    if (file === undefined) return;
    this.#open(file ?? emptyFile(), 'assessment');
  }

  /** The result of assessing it (contract §2), or null before the widget is ready. */
  get result() {
    return this.#result;
  }

  /** The catalog overlay in use (an object), or null for the standard catalog. */
  get catalogOverlay() {
    return this.#overlay;
  }
  set catalogOverlay(value) {
    const overlay = typeof value === 'string' ? this.#parse(value, 'overlay') : value;
    if (overlay === undefined) return;
    this.#overlay = overlay ?? null;
    if (this.#ui) this.#rebuild();
  }

  /** Draws the widget again for the overlay now set, once the full module is there if needed. */
  #rebuild() {
    if (!this.#overlay || toolsReady()) {
      this.#build();
      return;
    }
    this.#pending = true;
    this.#withTools().then(() => {
      this.#pending = false;
      this.#build();
    });
  }

  /** Every problem of the overlay last given (`{ file, entry, field, message }`); empty if none. */
  get overlayProblems() {
    return this.#overlayProblems.slice();
  }

  // --- Building -----------------------------------------------------------------------------

  async #start() {
    const status = h('p', { className: 'asn-status', role: 'status' }, 'Loading the AI Security Navigator…');
    this.#shadow.replaceChildren(h('div', { className: 'asn', part: 'base' }, status));
    this.#applyTheme();
    try {
      await init();
    } catch (error) {
      fill(status, h('span', { className: 'error', role: 'alert' }, `The navigator could not start: ${error.message}`));
      this.#emit('asn-error', { source: 'module', code: error.code ?? 'load-failed', message: error.message, problems: [] });
      return;
    }
    await this.#withTools();
    // The first drawing goes a step per task, so that the host page stays responsive meanwhile
    // (in one piece it took about 100 ms here). An overlay set once its parts exist draws the
    // widget anew at once, and this drawing stops; one set before that is drawn afterwards.
    const drawing = this.#drawings + 1; // the number #steps gives itself
    for (const _ of this.#steps()) {
      await nextTask();
      if (this.#drawings !== drawing) break;
    }
    if (this.#overlay !== this.#drawnOverlay && !this.#pending) this.#rebuild();
    this.#resolveReady();
    this.#emit('asn-ready', { catalog: this.#api.catalogVersion(), overlay: this.#api.overlay?.name ?? null });
  }

  /**
   * Overlays live in the full module: fetches it when there is one. If that fails, building
   * reports the overlay as not applied (with why) and keeps the standard catalog.
   */
  async #withTools() {
    if (this.#overlay && !toolsReady()) await loadTools().catch(() => {});
  }

  /** Picks the catalog (with the overlay, if it is valid) and draws every part from scratch. */
  #build() {
    for (const _ of this.#steps());
  }

  /**
   * The drawing, in steps (`yield` between them): `#build` runs them at once, the first drawing
   * a step per task. The parts become the widget's (`#ui`) once they all exist, and what the host
   * set meanwhile (attributes, an assessment) is read after that.
   */
  *#steps() {
    this.#drawings += 1;
    this.#drawnOverlay = this.#overlay;
    this.#overlayProblems = [];
    this.#api = builtin;
    let overlayError = null;
    if (this.#overlay) {
      try {
        this.#api = withOverlay(this.#overlay);
      } catch (error) {
        if (!(error instanceof NavigatorError)) throw error;
        overlayError = error;
        this.#overlayProblems = error.problems ?? [{ file: 'overlay', entry: null, field: error.path, message: error.message }];
      }
    }
    const api = this.#api;
    const data = api.catalog();
    const cat = indexCatalog(data);
    yield;

    const statusLine = h('p', { className: 'asn-status', role: 'status' });
    const announce = (message) => {
      statusLine.textContent = message;
    };
    const problemsBox = h('div', { className: 'asn-problems', part: 'problems' });
    const explore = createExplore(cat, announce, {
      api,
      listLinks: false,
      onFile: (parsed) => this.#open(parsed, 'file', { user: true }),
      onNavigate: (view, select) => this.#reflect(view, select),
      onSelect: (entry) => {
        const item = entry && (entry.kind === 'control' ? cat.controls : cat.threats).get(entry.id);
        this.#emit('asn-select', entry ? { kind: entry.kind, id: entry.id, name: item?.name ?? entry.id } : null);
      },
    });
    yield;
    const initialView = () => (VIEWS.includes(this.view) ? this.view : 'navigator');
    explore.prepare(initialView());
    yield;
    explore.show(initialView(), { updateUrl: false });
    yield;
    const questionnaire = createQuestionnaire({ api, announce, onChange: (file) => this.#changed(file, { user: true }) });
    const report = createReport({ cat, edit: (mutate) => questionnaire.edit(mutate) });
    const current = () => ({ ...this.#file, format: FORMAT, catalog: api.catalogVersion() });
    const exportsBox = h(
      'div',
      { className: 'exports', role: 'group', 'aria-label': 'Save the assessment', part: 'toolbar' },
      downloadButtons(api, current, announce),
    );
    explore.element.setAttribute('part', 'map');
    questionnaire.element.setAttribute('part', 'questionnaire');
    report.element.setAttribute('part', 'report');

    const overlayInfo = api.overlay ? ` with ${api.overlay.name}${api.overlay.version ? ` (${api.overlay.version})` : ''}` : '';
    const base = h(
      'div',
      { className: 'asn', part: 'base' },
      h(
        'div',
        { className: 'asn-head', part: 'header' },
        h('p', { className: 'asn-title' }, 'AI Security Navigator'),
        h('p', { className: 'asn-source' }, `OWASP AI Exchange, catalog ${data.version}${overlayInfo}. Your answers stay in this browser.`),
      ),
      problemsBox,
      statusLine,
      explore.element,
    );
    // Links inside the widget (relations, the report's "on the map" and open questions) select
    // in the map or go to the question instead of changing the host page's address.
    base.addEventListener('click', (event) => {
      const link = event.target.closest?.('a[href^="#"]');
      if (!link) return;
      event.preventDefault();
      const href = link.getAttribute('href');
      if (href.startsWith('#question-')) {
        const question = this.#shadow.getElementById(href.slice(1));
        if (question) showQuestion(question);
        return;
      }
      const target = parseViewLink(href);
      if (!target) return;
      explore.follow(target);
      explore.element.scrollIntoView?.({ block: 'nearest' });
    });
    questionnaire.element.hidden = !this.questionnaire;
    explore.element.querySelector('.system')?.toggleAttribute('hidden', this.readOnly);
    this.#shadow.replaceChildren(base);
    this.#ui = { base, explore, questionnaire, report, problemsBox, statusLine, announce, cat };
    this.#applyTheme();
    if (explore.state().view !== initialView()) explore.show(initialView(), { updateUrl: false });
    if (this.getAttribute('view') && !VIEWS.includes(this.view)) this.#badAttribute('view', this.view, VIEWS);
    if (this.selected) this.#applySelected(this.selected);
    if (overlayError) this.#showOverlayProblems(overlayError);
    // The map is laid out in a frame of its own; the questionnaire and the report follow.
    yield;
    base.append(questionnaire.element);
    questionnaire.load(this.#file, { readOnly: this.readOnly });
    yield;
    base.append(report.element, exportsBox);
    this.#changed(questionnaire.get(), { user: false });
  }

  // --- Applying changes -------------------------------------------------------------------

  /** Opens an assessment given by the host (property, `src`) or loaded by the user. */
  #open(file, source, { user = false } = {}) {
    if (file === null || typeof file !== 'object' || Array.isArray(file)) {
      this.#fail(source, 'invalid-argument', `the ${source} must be an assessment object (contract §1), found ${Array.isArray(file) ? 'an array' : typeof file}`, []);
      return;
    }
    if (!this.#ui) {
      this.#file = structuredClone(file);
      this.#file.answers ??= {};
      return;
    }
    let result;
    try {
      result = this.#api.assess(file);
    } catch (error) {
      if (!(error instanceof NavigatorError)) throw error;
      // Nothing is replaced: the open assessment stays as it was.
      const problems = error.problems ?? [];
      this.#fail(source, error.code, `the ${source} has ${plural(problems.length, 'problem', 'problems')}; the open assessment is kept`, problems);
      return;
    }
    this.#ui.questionnaire.load(file, { readOnly: this.readOnly });
    this.#changed(this.#ui.questionnaire.get(), { user, result, now: true });
    this.#ui.announce(`Opened ${file.system?.name || 'the assessment'}.`);
  }

  /**
   * Everything follows the assessment: the map, the report, and the host (`asn-change`).
   * `result`, when the caller has already assessed `file`, saves assessing it again.
   */
  #changed(file, { user, result: given = null, now = !user }) {
    const ui = this.#ui;
    this.#file = structuredClone(file);
    let result = given;
    try {
      result ??= this.#api.assess(file);
    } catch (error) {
      if (!(error instanceof NavigatorError)) throw error;
      this.#fail('assessment', error.code, error.message, error.problems ?? []);
    }
    this.#result = result;
    if (!result) return;
    fill(ui.problemsBox, this.#overlayBox());
    // An answer shows at once in the questionnaire; the map and then the report follow in tasks
    // after that frame. An assessment opened as a whole renders at once.
    ui.explore.showAssessment(file, result, { now });
    if (now) ui.report.render(file, result, { readOnly: this.readOnly });
    else ui.report.update(file, result, { readOnly: this.readOnly });
    if (user) this.#emit('asn-change', { assessment: this.assessment, result });
  }

  #applyView(value) {
    if (!VIEWS.includes(value)) {
      this.#badAttribute('view', value, VIEWS);
      const { view, select } = this.#ui.explore.state();
      this.#reflect(view, select); // the attribute says what is shown
      return;
    }
    if (this.#ui.explore.state().view !== value) this.#ui.explore.show(value, { updateUrl: false });
  }

  #applySelected(value) {
    const { explore } = this.#ui;
    if (!value) {
      if (explore.state().select) explore.show(explore.state().view, { select: null, updateUrl: false });
      return;
    }
    try {
      const found = this.#api.lookup(value);
      explore.follow({ view: explore.state().view, select: `${found.kind}:${found.entry.id}` }, { focus: false });
    } catch (error) {
      if (!(error instanceof NavigatorError)) throw error;
      this.#fail('selected', error.code, `selected="${value}": ${error.message}`, []);
    }
  }

  #applyTheme() {
    const base = this.#shadow.querySelector('.asn');
    if (!base) return;
    for (const t of THEMES) base.classList.toggle(`theme-${t}`, t === this.theme && t !== 'auto');
    if (this.getAttribute('theme') && !THEMES.includes(this.getAttribute('theme')) && this.#ui) this.#badAttribute('theme', this.getAttribute('theme'), THEMES);
  }

  #applyReadOnly() {
    const { questionnaire, explore } = this.#ui;
    questionnaire.setReadOnly(this.readOnly);
    explore.element.querySelector('.system')?.toggleAttribute('hidden', this.readOnly);
    if (this.#result) this.#ui.report.render(this.#file, this.#result, { readOnly: this.readOnly });
  }

  /** Mirrors the user's view and selection into the attributes, without acting on them again. */
  #reflect(view, select) {
    const before = { view: this.getAttribute('view'), selected: this.getAttribute('selected') };
    this.#reflecting = true;
    try {
      this.setAttribute('view', view);
      if (select) this.setAttribute('selected', select.slice(select.indexOf(':') + 1));
      else this.removeAttribute('selected');
    } finally {
      this.#reflecting = false;
    }
    if (before.view !== null && before.view !== view) this.#emit('asn-view', { view });
  }

  async #loadSrc(url) {
    const request = ++this.#srcRequest;
    let text;
    try {
      const response = await fetch(new URL(url, document.baseURI), { credentials: 'same-origin' });
      if (!response.ok) throw new Error(`the server answered ${response.status} ${response.statusText}`.trim());
      text = await response.text();
    } catch (error) {
      if (request === this.#srcRequest) this.#fail('src', 'load-failed', `src="${url}" could not be loaded: ${error.message}`, []);
      return;
    }
    if (request !== this.#srcRequest) return; // a newer src won
    await this.#ready.catch(() => {});
    const file = this.#parse(text, 'src');
    if (file !== undefined) this.#open(file, 'src');
  }

  /** JSON text → object; undefined (after reporting it) when it is not JSON. */
  #parse(text, source) {
    try {
      return JSON.parse(text);
    } catch (error) {
      this.#fail(source, 'invalid-argument', `the ${source} is not JSON: ${error.message}`, []);
      return undefined;
    }
  }

  #badAttribute(name, value, allowed) {
    this.#fail(name, 'invalid-argument', `${name}="${value}" is not allowed; use one of: ${allowed.join(', ')}`, []);
  }

  /** Reports a problem in the widget (visibly) and to the host (`asn-error`). */
  #fail(source, code, message, problems) {
    if (this.#ui) {
      fill(
        this.#ui.problemsBox,
        this.#overlayBox(),
        h('div', { className: 'error', role: 'alert' }, message, problems.length > 0 && h('ul', {}, problems.slice(0, 20).map((p) => h('li', {}, p.path ? `${p.path}: ${p.message}` : problemText(p))))),
      );
    }
    this.#emit('asn-error', { source, code, message, problems });
  }

  #overlayBox() {
    if (this.#overlayProblems.length === 0) return null;
    const list = this.#overlayProblems;
    return h(
      'div',
      { className: 'error', role: 'alert' },
      `The catalog overlay cannot be used (${plural(list.length, 'problem', 'problems')}); the widget shows the standard catalog.`,
      h('ul', {}, list.map((p) => h('li', {}, problemText(p)))),
    );
  }

  #showOverlayProblems(error) {
    fill(this.#ui.problemsBox, this.#overlayBox());
    this.#emit('asn-error', { source: 'overlay', code: error.code, message: error.message, problems: this.#overlayProblems.slice() });
  }

  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }
}
