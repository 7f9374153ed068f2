// The JavaScript API over the WebAssembly module: loading, and errors as NavigatorError.
// Dependency-free; runs in browsers and in Node.js.
import initModule, { initSync as initModuleSync } from './ai_security_navigator.js';
import * as wasm from './ai_security_navigator.js';

/**
 * Every error this API throws. `code` is stable and meant for programs:
 * `invalid-argument`, `unknown-id`, `invalid-catalog`, `invalid-overlay`, `invalid-assessment`,
 * `invalid-share-link`, `unsupported-format`, `not-initialised`, `load-failed` (the full list is
 * `ErrorCode` in navigator.d.ts).
 * `path` names the offending argument or field; `allowed` lists accepted values or suggestions.
 */
export class NavigatorError extends Error {
  /**
   * @param {string} message
   * @param {{ code: string, path?: string | null, allowed?: string[], cause?: unknown }} [details]
   */
  constructor(message, details) {
    const { code = 'internal', path = null, allowed = [], problems, cause } = details ?? {};
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'NavigatorError';
    /** @type {string} */ this.code = code;
    /** @type {string | null} */ this.path = path;
    /** @type {string[]} */ this.allowed = allowed;
    /** Every problem: for `invalid-assessment` `{ code, path, message, allowed }`, for
     * `invalid-overlay` `{ file, entry, field, message }`. */
    if (problems) this.problems = problems;
  }
}

/** @type {Promise<void> | null} */
let loading = null;
let ready = false;

/**
 * Loads the WebAssembly module. Without an argument the browser fetches
 * `ai_security_navigator_bg.wasm` next to this file; pass a URL, a Response, the bytes or a
 * compiled `WebAssembly.Module` to load it from elsewhere. Safe to call more than once.
 * @param {URL | string | Response | BufferSource | WebAssembly.Module} [input]
 * @returns {Promise<void>}
 */
export function init(input) {
  if (ready) return Promise.resolve();
  loading ??= initModule(input === undefined ? undefined : { module_or_path: input }).then(
    () => {
      ready = true;
    },
    (error) => {
      loading = null; // a later call may try again
      throw new NavigatorError(`the WebAssembly module could not be loaded: ${error?.message ?? error}`, {
        code: 'load-failed',
        cause: error,
      });
    },
  );
  return loading;
}

/**
 * Loads the module synchronously from its bytes or a compiled `WebAssembly.Module` (workers,
 * Node.js). Does nothing if the module is already loaded.
 * @param {BufferSource | WebAssembly.Module} source
 */
export function initSync(source) {
  if (ready) return;
  try {
    initModuleSync({ module: source });
  } catch (error) {
    throw new NavigatorError(`the WebAssembly module could not be loaded: ${error?.message ?? error}`, {
      code: 'load-failed',
      cause: error,
    });
  }
  ready = true;
  loading = Promise.resolve();
}

function toNavigatorError(error) {
  if (error instanceof NavigatorError) return error;
  if (error && typeof error === 'object' && typeof error.code === 'string') {
    return new NavigatorError(error.message, {
      code: error.code,
      path: error.path ?? null,
      allowed: Array.isArray(error.allowed) ? error.allowed : [],
      problems: Array.isArray(error.problems) ? error.problems : undefined,
    });
  }
  return new NavigatorError(`internal error: ${error?.message ?? error}`, { code: 'internal', cause: error });
}

function call(fn, ...args) {
  if (!ready) {
    throw new NavigatorError('the module is not loaded yet: await init() first', { code: 'not-initialised' });
  }
  try {
    return fn(...args);
  } catch (error) {
    throw toNavigatorError(error);
  }
}

// Two modules (ARCHITECTURE.md, "Two modules"). The hosted page loads the core module, which
// leaves out what a visitor only needs on request; those functions come from the full module,
// fetched by `loadTools()`. Where this file sits next to the full module (the npm package, the
// offline file, the self-hosted script) the module has them all and `loadTools()` costs nothing.
const TOOLS = new Set(['report', 'diagramSvg', 'shareLink', 'readShareLink', 'validateCatalog', 'validateOverlay', 'withOverlay']);
const FULL_MODULE = 'ai_security_navigator_full';
/**
 * The SRI hash of the full module's glue. The build writes it into the hosted site's scripts; in
 * www/ and in the npm package (whose module is the full one) it stays this placeholder.
 */
const FULL_GLUE_INTEGRITY = 'asn-full-glue-integrity';

/**
 * In a browser, and once the build has written the glue's hash: fetches the glue with that hash
 * before it is imported, as start.js does for the page's modules (an import cannot carry a hash;
 * it takes the checked copy). A glue changed on the server is refused and never runs.
 */
function fetchChecked(href) {
  if (typeof document === 'undefined' || !FULL_GLUE_INTEGRITY.startsWith('sha')) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const link = document.createElement('link');
    link.rel = 'modulepreload';
    link.href = href;
    link.integrity = FULL_GLUE_INTEGRITY;
    link.addEventListener('load', resolve);
    link.addEventListener('error', () => reject(new Error(`${FULL_MODULE}.js does not match its hash`)));
    document.head.append(link);
  });
}
/** The functions of the full module: this module's own when it has them, else once loaded. */
let tools = typeof wasm.report === 'function' ? wasm : null;
/** @type {Promise<void> | null} */
let toolsLoading = null;
/** Why loading the full module failed last, for the error of the function that needed it. */
let toolsFailure = '';

/**
 * Makes the functions that the page's core module leaves out available: reports (`report`,
 * `toMarkdown`, `toCsv`), `diagramSvg`, share links, custom catalogs and overlays. With the
 * full module (the npm package, Node.js) it only waits for `init()`. With the core module (the
 * hosted page) it fetches `ai_security_navigator_full.js` and its module next to this file, or
 * the module from `input` (same forms as `init`). Safe to call more than once.
 * @param {URL | string | Response | BufferSource | WebAssembly.Module} [input]
 * @returns {Promise<void>}
 */
export function loadTools(input) {
  if (tools === wasm) return init(input);
  if (tools) return Promise.resolve();
  toolsLoading ??= (async () => {
    const base = import.meta.url;
    const href = new URL(`./${FULL_MODULE}.js`, base).href;
    await fetchChecked(href);
    const glue = await import(/* @vite-ignore */ href);
    await glue.default({ module_or_path: input ?? new URL(`./${FULL_MODULE}_bg.wasm`, base) });
    tools = glue;
    toolsFailure = '';
  })().catch((error) => {
    toolsLoading = null; // a later call may try again
    toolsFailure = `${error?.message ?? error}`;
    throw new NavigatorError(`the full module could not be loaded: ${toolsFailure}`, { code: 'load-failed', cause: error });
  });
  return toolsLoading;
}

/**
 * Whether the functions of the full module can be called now (after `init()` with the full
 * module, or once `loadTools()` has finished).
 * @returns {boolean}
 */
export const toolsReady = () => ready && tools !== null;

/** A function of the full module, or a `not-initialised` error that says how to get it. */
function tool(name) {
  if (toolsReady()) return tools[name];
  return () => {
    const why = toolsFailure ? ` (loading it failed: ${toolsFailure})` : '';
    throw new NavigatorError(`\`${name}\` needs the full module: await loadTools() first${why}`, { code: 'not-initialised' });
  };
}

/** Freezes an object graph, so that the shared catalog cannot be changed by accident. */
function deepFreeze(value) {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

const YES_NO = [
  { value: 'yes', label: 'Yes' },
  { value: 'no', label: 'No' },
];

const today = () => new Date().toISOString().slice(0, 10);

/** `options.date` of toMarkdown; an options object whose getter throws is a bad argument. */
function dateOption(options) {
  try {
    return options?.date;
  } catch (error) {
    throw new NavigatorError('`options.date` cannot be read', { code: 'invalid-argument', path: 'options', cause: error });
  }
}

/**
 * Per WebAssembly instance, the strings it has numbered for compact results, in its order
 * (src/compact.rs): a result brings only the ones this list does not have yet.
 * @type {WeakMap<object, string[]>}
 */
const stringTables = new WeakMap();

/**
 * Builds the assessment result from its compact form `[numbers, text]` (src/compact.rs): the
 * same objects, keys in the same order, as `JSON.parse` of the result's JSON would give, at a
 * fraction of the cost (no text to decode and parse; strings come from `table`). One function
 * with its position in a local variable: closures sharing a changing position ran twice as slow.
 */
function fromCompact([unsigned, text], table) {
  // Read as signed numbers, all small integers: -1 is null, -2 - i the i-th string made for
  // this result, anything else a position in the table (or a plain number).
  const d = new Int32Array(unsigned.buffer, unsigned.byteOffset, unsigned.length);
  table.length = Math.min(table.length, d[0]);
  // The stream ends with the lengths of the strings in `text`: first the new ones of the table,
  // then the ones made for this result.
  const made = new Array(d[2]);
  for (let i = 0, q = d.length - d[1] - d[2], at = 0; i < d[1] + d[2]; i++) {
    const piece = text.slice(at, (at += d[q++]));
    if (i < d[1]) table.push(piece);
    else made[i - d[1]] = piece;
  }
  const str = (v) => (v >= 0 ? table[v] : v === -1 ? null : made[-2 - v]);
  let p = 3;
  const catalog = str(d[p++]);
  const threats = new Array(d[p++]);
  for (let i = 0; i < threats.length; i++) {
    const id = str(d[p++]);
    const status = str(d[p++]);
    const responsibility = str(d[p++]);
    const reasons = new Array(d[p++]);
    for (let j = 0; j < reasons.length; j++, p += 2) reasons[j] = { rule: str(d[p]), text: str(d[p + 1]) };
    const openQuestions = new Array(d[p++]);
    for (let j = 0; j < openQuestions.length; j++) openQuestions[j] = str(d[p++]);
    threats[i] = { id, status, responsibility, reasons, openQuestions };
  }
  const controls = new Array(d[p++]);
  for (let i = 0; i < controls.length; i++) {
    const id = str(d[p++]);
    const status = str(d[p++]);
    const responsibility = str(d[p++]);
    const covers = new Array(d[p++]);
    for (let j = 0; j < covers.length; j++) covers[j] = str(d[p++]);
    const score = d[p++];
    const rank = d[p] === -1 ? null : d[p];
    controls[i] = { id, status, responsibility, covers, score, rank, implementation: str(d[p + 1]) };
    p += 2;
  }
  const flags = new Array(d[p++]);
  for (let i = 0; i < flags.length; i++, p += 2) flags[i] = { id: str(d[p]), text: str(d[p + 1]) };
  const followUps = new Array(d[p++]);
  for (let i = 0; i < followUps.length; i++, p += 2) followUps[i] = { question: str(d[p]), why: str(d[p + 1]) };
  const assurance = new Array(d[p++]);
  for (let i = 0; i < assurance.length; i++) assurance[i] = str(d[p++]);
  const register = new Array(d[p++]);
  for (let i = 0; i < register.length; i++) {
    const threat = str(d[p]);
    const [likelihood, impact, suggestedLikelihood, suggestedImpact] = [d[p + 1], d[p + 2], d[p + 3], d[p + 4]];
    p += 5;
    const basis = new Array(d[p++]);
    for (let j = 0; j < basis.length; j++) basis[j] = str(d[p++]);
    const [treatment, owner, note] = [str(d[p]), str(d[p + 1]), str(d[p + 2])];
    p += 3;
    const list = new Array(d[p++]);
    for (let j = 0; j < list.length; j++) list[j] = str(d[p++]);
    register[i] = {
      threat,
      likelihood,
      impact,
      suggested: { likelihood: suggestedLikelihood, impact: suggestedImpact },
      basis,
      treatment,
      owner,
      note,
      controls: list,
      implemented: d[p],
      inherent: d[p + 1],
      residual: d[p + 2],
      acceptance: str(d[p + 3]),
    };
    p += 4;
  }
  let catalogChange = null;
  if (d[p++] !== -1) {
    const [from, to] = [str(d[p]), str(d[p + 1])];
    p += 2;
    const renamed = new Array(d[p++]);
    for (let i = 0; i < renamed.length; i++, p += 2) renamed[i] = { from: str(d[p]), to: str(d[p + 1]) };
    const added = new Array(d[p++]);
    for (let i = 0; i < added.length; i++) added[i] = str(d[p++]);
    catalogChange = { from, to, renamed, added, text: str(d[p++]) };
  }
  return { catalog, threats, controls, flags, followUps, assurance, register, catalogChange };
}

/** The diagram views, in the order the page offers them. */
export const VIEWS = Object.freeze(['navigator', 'matrix', 'periodic', 'model-general', 'model-trained', 'model-as-is']);

/**
 * The API over one catalog. `source` holds the module's functions for it: the module itself for
 * the built-in catalog, a `CustomCatalog` for a catalog with an overlay. Each API caches its own
 * catalog document (parsed once, deep-frozen) and questionnaire.
 */
function createNavigator(source, instance = wasm) {
  let cached = null;
  let entries = null;
  let questionnaire = null;
  const run = (name, ...args) => call((...a) => (source === wasm && TOOLS.has(name) ? tool(name)(...a) : source[name](...a)), ...args);

  function catalog() {
    if (!cached) {
      cached = deepFreeze(run('catalog'));
      entries = new Map([
        ...cached.threats.map((t) => [`threat:${t.id}`, t]),
        ...cached.controls.map((c) => [`control:${c.id}`, c]),
      ]);
    }
    return cached;
  }

  function questions() {
    questionnaire ??= deepFreeze(
      catalog().questions.map((q) => ({
        id: q.id,
        text: q.text,
        help: q.help,
        options: [...(q.options === 'yes-no' ? YES_NO : q.options), { value: 'unknown', label: "Don't know" }],
        askWhen: q.askWhen ?? null,
        whenNotAsked: q.whenNotAsked ?? null,
        ...(q.overlay ? { overlay: true } : {}),
      })),
    );
    return questionnaire;
  }

  function withEntry({ kind, id }) {
    catalog();
    return { kind, entry: entries.get(`${kind}:${id}`) };
  }

  const report = (assessment, format, date = today()) => run('report', assessment, format, date);
  if (!stringTables.has(instance)) stringTables.set(instance, []);
  const table = stringTables.get(instance);
  const assess = (assessment) => fromCompact(run('assess', assessment, table.length), table);
  return {
    catalogVersion: () => run('catalogVersion'),
    catalog,
    questions,
    lookup: (id) => withEntry(run('lookup', id)),
    search: (query) => run('search', query).map(withEntry),
    validate: (assessment) => run('validate', assessment),
    assess,
    report,
    toMarkdown: (assessment, options) => report(assessment, 'md', dateOption(options)),
    toCsv: (assessment) => report(assessment, 'csv'),
    toJson: (assessment) => `${JSON.stringify(assess(assessment), null, 2)}\n`,
    explain: (id, assessment) => run('explain', id, assessment),
    diff: (a, b) => run('diff', a, b),
    VIEWS,
    diagram: (view) => run('diagram', view),
    diagramSvg: (view, assessment) => run('diagramSvg', view, assessment),
    shareLink: (assessment) => run('shareLink', assessment),
    readShareLink: (hash) => run('readShareLink', hash),
    // A custom catalog lives in the full module already.
    loadTools: source === wasm ? loadTools : () => Promise.resolve(),
  };
}

const builtin = createNavigator(wasm);

/** The version of the built-in catalog, e.g. "2026.08". @returns {string} */
export const catalogVersion = builtin.catalogVersion;

/**
 * The whole built-in catalog: version and source, impacts and taxonomy, every threat and control
 * with its prose, relations, aliases, references and permalink, the control sets, and the
 * mappings (OWASP Top 10 for LLM, NCSC/CISA guidelines, GenAI particularities). The same frozen
 * object is returned on every call.
 */
export const catalog = builtin.catalog;

/**
 * The questionnaire in order, ready to show: every option listed (yes/no questions too) with
 * "Don't know" last, when each question is asked, and what it counts as while it is not.
 * Questions an overlay added carry `overlay: true`.
 */
export const questions = builtin.questions;

/**
 * Finds a threat or control by current id, older id or name, `#LABEL` or AI Exchange link.
 * Throws a NavigatorError with code `unknown-id` (and suggestions in `allowed`) if none matches.
 * @param {string} id
 * @returns {{ kind: 'threat' | 'control', entry: object }}
 */
export const lookup = builtin.lookup;

/**
 * Every threat and control whose id, name, label or older name contains `query`, best matches
 * first (exact, then starting with it, then containing it).
 * @param {string} query
 * @returns {{ kind: 'threat' | 'control', entry: object }[]}
 */
export const search = builtin.search;

/**
 * Every problem in an assessment (contract §1), as `{ code, path, message, allowed }`; an empty
 * list when it is valid. Accepts the assessment as an object or as JSON text.
 * @param {object | string} assessment
 */
export const validate = builtin.validate;

/**
 * Assesses a system (contract §2): the status, responsibility and reasons of every threat, the
 * controls ranked, flags, follow-up questions, supplier questions and the risk register.
 * Throws a NavigatorError with code `invalid-assessment` (every problem in `problems`) when the
 * assessment has any.
 * @param {object | string} assessment
 */
export const assess = builtin.assess;

/**
 * The assessment as a report: `md` (Markdown, readable on its own), `csv` (one row per threat and
 * per control) or `json` (the result of `assess`, as text). `date` is printed in the report.
 * @param {object | string} assessment @param {'md' | 'csv' | 'json'} format @param {string} [date]
 * @returns {string}
 */
export const report = builtin.report;

/**
 * The report in Markdown: flags first, then the seven steps of the AI Exchange's risk analysis.
 * @param {object | string} assessment @param {{ date?: string }} [options]
 */
export const toMarkdown = builtin.toMarkdown;

/** One CSV row per threat and per control, safe to open in a spreadsheet. @param {object | string} assessment */
export const toCsv = builtin.toCsv;

/** The result of `assess` as indented JSON text. @param {object | string} assessment */
export const toJson = builtin.toJson;

/**
 * Everything the assessment says about one threat or control (by current or older id, name,
 * label or link): its verdict with a one-sentence summary, the reasons, the open questions, its
 * register line, and the controls that address it (or the threats it covers).
 * @param {string} id @param {object | string} assessment
 */
export const explain = builtin.explain;

/**
 * What changes between two assessments (what-if): the answers that differ, the threats and
 * controls whose verdict changes (each with why), flags added or removed, and a summary line.
 * @param {object | string} a @param {object | string} b
 */
export const diff = builtin.diff;

/**
 * The layout of a diagram view, computed in WebAssembly: `{ view, title, width, height, nodes,
 * edges }`. Nodes have whole-pixel boxes and wrapped label lines; edges are SVG paths.
 * @param {string} view one of VIEWS
 */
export const diagram = builtin.diagram;

/**
 * A diagram view as a standalone SVG file (text). With an assessment, its verdicts are drawn on
 * it (state classes, symbols and a legend).
 * @param {string} view @param {object | string} [assessment]
 */
export const diagramSvg = builtin.diagramSvg;

/**
 * A share link's fragment for an assessment, `#share=1.<catalog>.<answers>[.<details>]`: one
 * character per question (the option's position in `questions()`, `u` for "don't know", `-` for
 * unanswered), then the name, risk and control decisions as base64url JSON when there are any.
 * Append it to the page's address. Throws `invalid-assessment` like `assess`.
 * @param {object | string} assessment
 * @returns {string}
 */
export const shareLink = builtin.shareLink;

/**
 * The assessment file a share link's fragment (`location.hash`) carries. Throws a NavigatorError
 * with code `invalid-share-link` (or `unsupported-format`) naming what is damaged, or
 * `invalid-assessment` (every problem in `problems`) when what it carries is not a valid
 * assessment — a link can never carry what a file could not.
 * @param {string} hash
 */
export const readShareLink = builtin.readShareLink;

/**
 * Every problem in a custom catalog — the files of a catalog folder, as
 * `{ "catalog.json": text, "threats.json": text, … }` — with the same precise reporting as the
 * build: `{ file, entry, field, message }`. An empty list when it is valid.
 * @param {Record<string, string>} files
 */
export const validateCatalog = (files) => call((f) => tool('validateCatalog')(f), files);

/**
 * Every problem in a custom catalog overlay (object or JSON text; format in catalog/OVERLAY.md),
 * as `{ file: 'overlay', entry, field, message }`; an empty list when it is valid.
 * @param {object | string} overlay
 */
export const validateOverlay = (overlay) => call((o) => tool('validateOverlay')(o), overlay);

/**
 * The built-in catalog with an organisation's overlay applied (its own controls, mappings, notes
 * and questions; entries it hides): an object with the same functions as this module, all
 * working on the merged catalog, plus `overlay` (what the overlay is and adds). Throws a
 * NavigatorError with code `invalid-overlay` (every problem in `problems`) for a bad overlay.
 * @param {object | string} overlay
 */
export function withOverlay(overlay) {
  const custom = call((o) => tool('withOverlay')(o), overlay);
  const api = createNavigator(custom, tools);
  return Object.freeze({ ...api, overlay: api.catalog().overlay });
}
