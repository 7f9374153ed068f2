// The report in the page, following the seven steps of the AI Exchange's risk analysis: the
// threats that apply (likelihood and impact editable), who is responsible, what to ask suppliers,
// the controls to select (status editable), references, risk acceptance (treatment and owner
// editable) and further management. Warnings stand at the top, open questions after them.
import { afterPaint, button, externalLink, h, isPrinting, memo, plural, saveText, syncChildren } from './dom.js';
import { viewLink } from './explore.js';

const SCORES = [1, 2, 3, 4, 5];
/**
 * How much a render adds to the page at most, in rows of the controls table (a threat row, with
 * two selects and its reasons, counts as three; a register row as two); the others follow, as
 * much per frame. A first render has about a hundred rows and 130 form controls to lay out: in
 * one piece that was the longest task of the page's start (ARCHITECTURE.md, "Invariants"); a
 * frame per budget takes about 10 ms here. An answer adds a few rows, at once.
 */
const ROWS_AT_ONCE = 8;
const ROW_COST = { threat: 3, register: 2, control: 1 };

/** A file name from a system's name, e.g. "Support chatbot" → "support-chatbot". */
export const fileSlug = (name) => (name || 'assessment').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'assessment';

/**
 * The buttons that download the assessment file and its report (Markdown, CSV), for the page's
 * workspace and the widget. `current()` gives the assessment file as it stands; `api` is the
 * navigator that reports on it (the module's own, or one with a catalog overlay). Reports come
 * from the full module, fetched on the first press; `announce` tells the user if that fails.
 */
export function downloadButtons(api, current, announce) {
  const name = () => fileSlug(current().system?.name);
  const report = (format, type, extension) => async () => {
    try {
      await api.loadTools();
      saveText(format === 'md' ? api.toMarkdown(current()) : api.toCsv(current()), type, `${name()}-report.${extension}`);
    } catch (error) {
      announce(`The report could not be made: ${error.message}.`, true);
    }
  };
  // Pointing at a report button starts fetching the full module.
  return [
    button('Save file (JSON)', () => saveText(`${JSON.stringify(current(), null, 2)}\n`, 'application/json', `${name()}.assessment.json`)),
    button('Report (Markdown)', report('md', 'text/markdown', 'md'), api.loadTools),
    button('Report (CSV)', report('csv', 'text/csv', 'csv'), api.loadTools),
  ];
}
const TREATMENTS = ['mitigate', 'accept', 'transfer', 'avoid'];
const CONTROL_STATES = ['implemented', 'planned', 'not-planned'];
const WHO = { own: 'You', supplier: 'The supplier', shared: 'You and the supplier together' };
/** The report's columns whose values take a line of their own where rows are shown as cards. */
const WIDE_COLUMNS = new Set(['Why', 'Covers', 'Owner', 'What remains']);

/** A labelled select whose change calls `onPick(value or null)`. */
function picker(id, label, options, value, onPick, disabled) {
  const select = h(
    'select',
    { id, disabled, 'aria-label': label },
    h('option', { value: '' }, '—'),
    options.map((o) => h('option', { value: String(o), selected: String(o) === String(value ?? '') }, String(o))),
  );
  select.addEventListener('change', () => onPick(select.value === '' ? null : select.value));
  return select;
}

/**
 * @param {{ cat: object, edit: (mutate: (file: object) => void) => void }} options
 *   `edit` changes the assessment (the questionnaire owns it) and re-renders everything.
 */
export function createReport({ cat, edit }) {
  const body = h('div', { className: 'report-body' });
  const element = h(
    'section',
    { id: 'report', 'aria-labelledby': 'report-heading' },
    h('h2', { id: 'report-heading' }, 'Report'),
    body,
  );
  const name = (kind, id) => (kind === 'control' ? cat.controls.get(id) : cat.threats.get(id))?.name ?? id;
  const onMap = (kind, id) => h('a', { href: viewLink('navigator', kind, id) }, name(kind, id));
  const setRisk = (id, key, value) =>
    edit((file) => {
      file.risks ??= {};
      const risk = { ...(file.risks[id] ?? {}) };
      if (value === null || value === '') delete risk[key];
      else risk[key] = key === 'likelihood' || key === 'impact' ? Number(value) : value;
      if (Object.keys(risk).length) file.risks[id] = risk;
      else delete file.risks[id];
    });
  const setControl = (id, value) =>
    edit((file) => {
      file.controls ??= {};
      if (value === null) delete file.controls[id];
      else file.controls[id] = { ...(file.controls[id] ?? {}), status: value };
    });

  /** The threats a control covers: up to four by name, then how many more (the exports list all). */
  const coverage = (ids) => {
    if (!ids.length) return 'every AI system';
    const names = ids.slice(0, 4).map((id) => name('threat', id)).join(', ');
    return ids.length > 4 ? `${names} and ${ids.length - 4} more` : names;
  };

  // A render changes only what the new result changes: the tables' rows are kept per threat or
  // control and updated in place, the other blocks are rebuilt only when their data changed (see
  // memo in dom.js). Rebuilding the whole report (some 1,800 elements, 150 of them form controls)
  // on every answer cost more than everything else an answer does.
  const kept = memo();
  /** A table named by the heading of its step (`step`). */
  const table = (className, step, columns) => {
    const tbody = h('tbody');
    const head = h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col' }, c))));
    const element = h('table', { className: `card-table ${className}`, 'aria-labelledby': `step-${step}` }, head, tbody);
    return { tbody, columns, element };
  };
  const threatsTable = table('threats-table', 1, ['Threat', 'Status', 'Why', 'Likelihood', 'Impact', 'Risk']);
  const controlsTable = table('controls-table', 4, ['Rank', 'Control', 'Who', 'Covers', 'Status']);
  const registerTable = table('register-table', 6, ['Threat', 'Treatment', 'Owner', 'Controls in place', 'Residual', 'What remains']);
  const relevantText = h('p');
  const section = (n, title, ...content) => h('section', { className: 'step', 'aria-labelledby': `step-${n}` }, h('h3', { id: `step-${n}` }, `${n}. ${title}`), content);
  const step1 = section(1, 'Threats that apply', relevantText, threatsTable.element);
  const step4 = section(
    4,
    'Controls to select',
    h('p', {}, 'General controls first, then the controls that cover the most risk. Record what is in place or planned.'),
    controlsTable.element,
  );
  const step6 = section(6, 'Risk acceptance', registerTable.element);
  const step7 = section(
    7,
    'Further management',
    h(
      'ul',
      {},
      h('li', {}, 'Monitor: watch the use of the system and the controls in operation; warnings such as the ones above deserve alerts.'),
      h('li', {}, 'Review: repeat this assessment when the system, its data, its suppliers or the catalog change, and at least once a year.'),
      h('li', {}, 'Record: keep the exported report with the decisions of step 6, so that accepted risks have an owner and a date.'),
    ),
  );
  const setText = (el, text) => {
    if (el.textContent !== text) el.textContent = text;
  };

  /**
   * A table row kept for one key across renders: `build()` makes it once (`makeRow` and the
   * controls it keeps); `update(row, cells)` then writes only what changed, so that its controls
   * keep their state and focus, and the browser restyles only what it sees change.
   */
  const rows = new Map();
  /**
   * The rows of `items` to show now, in order: those in `tbody` already, and new ones while
   * `room.left` lasts (each costs `ROW_COST[kind]`). A row left out comes in a later render
   * (`room.complete` is then false); the rows shown stay where they are meanwhile.
   */
  const within = (room, tbody, kind, items, row) =>
    items.flatMap((item) => {
      if (rows.get(`${kind}:${item.id}`)?.element.parentNode !== tbody) {
        if (room.left < ROW_COST[kind]) {
          room.complete = false;
          room.left = 0;
          return [];
        }
        room.left -= ROW_COST[kind];
      }
      return [row(item)];
    });
  const keptRow = (key, build, update) => {
    let row = rows.get(key);
    if (!row) {
      row = build();
      rows.set(key, row);
    }
    update(row, row.cells);
    return row.element;
  };
  /**
   * A row of `table`. Each data cell carries its column's name (`data-label`), and the long ones
   * the class `wide`: where the report is narrow, style.css shows each row as a card, every value
   * under its name.
   */
  const makeRow = (table, ...cells) => {
    cells.forEach((cell, i) => {
      if (cell.tagName !== 'TD') return;
      cell.dataset.label = table.columns[i];
      if (WIDE_COLUMNS.has(table.columns[i])) cell.classList.add('wide');
    });
    return { cells, element: h('tr', {}, cells) };
  };
  /** Puts `select` (made by `picker`) in `cell`, showing `value`, enabled unless read-only. */
  const show = (cell, select, value, readOnly) => {
    const text = value === null || value === undefined ? '' : String(value);
    if (select.value !== text) select.value = text;
    if (select.disabled !== readOnly) select.disabled = readOnly;
    if (select.parentNode !== cell) cell.append(select);
  };

  function threatRow(t, e, readOnly) {
    return keptRow(
      `threat:${t.id}`,
      () => {
        const label = name('threat', t.id);
        const row = makeRow(threatsTable, h('th', { scope: 'row' }, onMap('threat', t.id)), h('td'), h('td'), h('td'), h('td'), h('td'));
        row.likelihood = picker(`likelihood-${t.id}`, `Likelihood of ${label}`, SCORES, null, (v) => setRisk(t.id, 'likelihood', v), readOnly);
        row.impact = picker(`impact-${t.id}`, `Impact of ${label}`, SCORES, null, (v) => setRisk(t.id, 'impact', v), readOnly);
        return row;
      },
      (row, [, status, why, likelihood, impact, risk]) => {
        setText(status, t.status === 'unknown' ? '? unknown' : '! applies');
        const reasons = t.reasons.map((r) => r.text);
        const shown = JSON.stringify(reasons);
        if (row.reasons !== shown) {
          row.reasons = shown;
          why.replaceChildren(h('ul', { className: 'reasons' }, reasons.map((text) => h('li', {}, text))));
        }
        if (e) {
          show(likelihood, row.likelihood, e.likelihood, readOnly);
          show(impact, row.impact, e.impact, readOnly);
        } else {
          row.likelihood.remove();
          row.impact.remove();
        }
        setText(risk, e ? String(e.inherent) : '');
      },
    );
  }

  function controlRow(c, readOnly) {
    return keptRow(
      `control:${c.id}`,
      () => {
        const row = makeRow(controlsTable, h('td'), h('th', { scope: 'row' }, onMap('control', c.id)), h('td'), h('td'), h('td'));
        row.status = picker(`control-status-${c.id}`, `Status of ${name('control', c.id)}`, CONTROL_STATES, null, (v) => setControl(c.id, v), readOnly);
        return row;
      },
      (row, [rank, , who, covers, status]) => {
        setText(rank, c.status === 'general' ? 'G' : String(c.rank));
        setText(who, WHO[c.responsibility]);
        setText(covers, coverage(c.covers));
        show(status, row.status, c.implementation, readOnly);
      },
    );
  }

  function registerRow(t, e, readOnly) {
    return keptRow(
      `register:${t.id}`,
      () => {
        const label = name('threat', t.id);
        const owner = h('input', { type: 'text', 'aria-label': `Owner of ${label}` });
        owner.addEventListener('change', () => setRisk(t.id, 'owner', owner.value.trim() || null));
        const row = makeRow(registerTable, h('th', { scope: 'row' }, label), h('td'), h('td', {}, owner), h('td'), h('td'), h('td'));
        row.treatment = picker(`treatment-${t.id}`, `Treatment of ${label}`, TREATMENTS, null, (v) => setRisk(t.id, 'treatment', v), readOnly);
        row.owner = owner;
        return row;
      },
      (row, [, treatment, , implemented, residual, remains]) => {
        show(treatment, row.treatment, e.treatment, readOnly);
        if (row.owner.value !== (e.owner ?? '')) row.owner.value = e.owner ?? '';
        if (row.owner.disabled !== readOnly) row.owner.disabled = readOnly;
        setText(implemented, `${e.implemented} of ${e.controls.length}`);
        setText(residual, `${e.residual} of 25`);
        setText(remains, e.acceptance);
      },
    );
  }

  /** Who waits for the report to be complete (`complete()`). */
  const waiting = [];

  /** Renders the report, adding rows up to ROWS_AT_ONCE (every row when printing). */
  function render(file, result, { readOnly = false } = {}) {
    const room = { left: isPrinting() ? Infinity : ROWS_AT_ONCE, complete: true };
    // The concrete threats: groups and sections only summarise them.
    const leaves = result.threats.filter((t) => !cat.children.has(t.id) && cat.threats.get(t.id)?.kind !== 'section');
    const relevant = leaves.filter((t) => t.status === 'applies' || t.status === 'unknown');
    const register = new Map(result.register.map((e) => [e.threat, e]));
    const chosen = result.controls.filter((c) => c.status !== 'not-needed');
    const selected = new Set(chosen.map((c) => c.id));
    const systemName = file.system?.name || 'Unnamed system';
    const date = new Date().toISOString().slice(0, 10);

    setText(
      relevantText,
      `${plural(relevant.length, 'threat is', 'threats are')} relevant (${relevant.filter((t) => t.status === 'unknown').length} until open questions are answered). Likelihood and impact are suggested from your answers; change them where you know better.`,
    );
    syncChildren(threatsTable.tbody, within(room, threatsTable.tbody, 'threat', relevant, (t) => threatRow(t, register.get(t.id), readOnly)));
    syncChildren(controlsTable.tbody, within(room, controlsTable.tbody, 'control', chosen, (c) => controlRow(c, readOnly)));
    const registered = relevant.filter((t) => register.has(t.id));
    syncChildren(registerTable.tbody, within(room, registerTable.tbody, 'register', registered, (t) => registerRow(t, register.get(t.id), readOnly)));
    syncChildren(body, [
      kept.made('meta', [systemName, result.catalog, date], () => h('p', { className: 'report-meta' }, `${systemName} · catalog ${result.catalog} · ${date}`)),
      result.flags.map((f, i) => kept.made(`flag:${i}`, f.text, () => h('p', { className: 'flag', role: 'note' }, h('strong', {}, 'Warning: '), f.text))),
      result.catalogChange && kept.made('catalog-change', result.catalogChange.text, () => h('p', { className: 'note' }, result.catalogChange.text)),
      result.followUps.length > 0 &&
        kept.made('follow-ups', result.followUps, () =>
          h(
            'div',
            { className: 'follow-ups' },
            h('h3', {}, 'Open questions'),
            h('ul', {}, result.followUps.map((f) => h('li', {}, h('a', { href: `#question-${f.question}` }, cat.data.questions.find((q) => q.id === f.question)?.text ?? f.question), ' ', f.why))),
          ),
        ),
      step1,
      kept.made('responsible', relevant.map((t) => [t.id, t.responsibility]), () =>
        section(
          2,
          'Who is responsible',
          h(
            'dl',
            { className: 'facts' },
            ['own', 'shared', 'supplier'].map((who) => {
              const items = relevant.filter((t) => t.responsibility === who);
              return items.length ? [h('dt', {}, WHO[who]), h('dd', {}, items.map((t) => name('threat', t.id)).join(', '))] : null;
            }),
          ),
        ),
      ),
      kept.made('assurance', result.assurance, () =>
        section(
          3,
          'What to verify with suppliers',
          result.assurance.length ? h('ul', {}, result.assurance.map((a) => h('li', {}, a))) : h('p', {}, 'Nothing: none of your answers leaves a relevant threat to a supplier.'),
        ),
      ),
      step4,
      kept.made('references', [relevant.map((t) => t.id), [...selected]], () =>
        section(
          5,
          'References',
          h('h4', {}, 'The threats on the AI Exchange, with the OWASP Top 10 for LLM'),
          h(
            'ul',
            {},
            relevant.map((t) => {
              const entry = cat.threats.get(t.id);
              const llm = Object.entries(entry?.llmTop10 ?? {}).map(([year, ids]) => `${ids.join(', ')} (${year})`).join('; ');
              return h('li', {}, externalLink(entry?.url ?? '#', entry?.name ?? t.id, 'on the AI Exchange'), llm ? ` · OWASP Top 10 for LLM ${llm}` : '');
            }),
          ),
          h('h4', {}, 'NCSC/CISA guidelines for secure AI system development that your controls serve'),
          h(
            'ul',
            {},
            cat.data.mappings.ncscCisa.phases.flatMap((phase) =>
              phase.guidelines
                .filter((g) => g.controls.some((id) => selected.has(id)))
                .map((g) => h('li', {}, `${phase.phase}: ${g.guideline} (${g.controls.filter((id) => selected.has(id)).map((id) => name('control', id)).join(', ')})`)),
            ),
          ),
        ),
      ),
      step6,
      step7,
    ]);
    kept.done();
    // Rows still to come: the report says it is being filled in, and the next batch follows the
    // next frame (with the data of the latest render), or at once if the page is printed.
    if (room.complete) {
      element.removeAttribute('aria-busy');
      if (!update.pending()) for (const resolve of waiting.splice(0)) resolve();
    } else {
      element.setAttribute('aria-busy', 'true');
      update(file, result, { readOnly });
    }
  }

  // `update` renders after the frame that answers a click, so that an answer shows at once in the
  // questionnaire; the map, then the report follow after it (see "Invariants").
  const update = afterPaint(render);
  return {
    element,
    /** Renders now (rows beyond ROWS_AT_ONCE follow, frame by frame); drops an older update. */
    render: (file, result, options) => {
      update.cancel();
      render(file, result, options);
    },
    update,
    /** Resolves once the report shows the latest data with every row (no update pending). */
    complete: () => (update.pending() || element.hasAttribute('aria-busy') ? new Promise((resolve) => waiting.push(resolve)) : Promise.resolve()),
  };
}
