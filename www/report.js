// The report in the page, following the seven steps of the AI Exchange's risk analysis: the
// threats that apply (likelihood and impact editable), who is responsible, what to ask suppliers,
// the controls to select (status editable), references, risk acceptance (treatment and owner
// editable) and further management. Warnings stand at the top, open questions after them.
import { button, externalLink, fill, h, plural, saveText } from './dom.js';
import { viewLink } from './explore.js';

const SCORES = [1, 2, 3, 4, 5];

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

  function render(file, result, { readOnly = false } = {}) {
    // The concrete threats: groups and sections only summarise them.
    const leaves = result.threats.filter((t) => !cat.children.has(t.id) && cat.threats.get(t.id)?.kind !== 'section');
    const relevant = leaves.filter((t) => t.status === 'applies' || t.status === 'unknown');
    const register = new Map(result.register.map((e) => [e.threat, e]));
    const selected = new Set(result.controls.filter((c) => c.status !== 'not-needed').map((c) => c.id));
    const systemName = file.system?.name || 'Unnamed system';
    const section = (n, title, ...content) => h('section', { className: 'step', 'aria-labelledby': `step-${n}` }, h('h3', { id: `step-${n}` }, `${n}. ${title}`), content);

    fill(
      body,
      h('p', { className: 'report-meta' }, `${systemName} · catalog ${result.catalog} · ${new Date().toISOString().slice(0, 10)}`),
      result.flags.map((f) => h('p', { className: 'flag', role: 'note' }, h('strong', {}, 'Warning: '), f.text)),
      result.catalogChange && h('p', { className: 'note' }, result.catalogChange.text),
      result.followUps.length > 0 &&
        h(
          'div',
          { className: 'follow-ups' },
          h('h3', {}, 'Open questions'),
          h('ul', {}, result.followUps.map((f) => h('li', {}, h('a', { href: `#question-${f.question}` }, cat.data.questions.find((q) => q.id === f.question)?.text ?? f.question), ' ', f.why))),
        ),
      section(
        1,
        'Threats that apply',
        h('p', {}, `${plural(relevant.length, 'threat is', 'threats are')} relevant (${relevant.filter((t) => t.status === 'unknown').length} until open questions are answered). Likelihood and impact are suggested from your answers; change them where you know better.`),
        h(
          'table',
          { className: 'threats-table' },
          h('thead', {}, h('tr', {}, ['Threat', 'Status', 'Why', 'Likelihood', 'Impact', 'Risk'].map((c) => h('th', { scope: 'col' }, c)))),
          h(
            'tbody',
            {},
            relevant.map((t) => {
              const e = register.get(t.id);
              return h(
                'tr',
                {},
                h('th', { scope: 'row' }, onMap('threat', t.id)),
                h('td', {}, t.status === 'unknown' ? '? unknown' : '! applies'),
                h('td', {}, h('ul', { className: 'reasons' }, t.reasons.map((r) => h('li', {}, r.text)))),
                h('td', {}, e && picker(`likelihood-${t.id}`, `Likelihood of ${name('threat', t.id)}`, SCORES, e.likelihood, (v) => setRisk(t.id, 'likelihood', v), readOnly)),
                h('td', {}, e && picker(`impact-${t.id}`, `Impact of ${name('threat', t.id)}`, SCORES, e.impact, (v) => setRisk(t.id, 'impact', v), readOnly)),
                h('td', {}, e ? String(e.inherent) : ''),
              );
            }),
          ),
        ),
      ),
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
      section(
        3,
        'What to verify with suppliers',
        result.assurance.length ? h('ul', {}, result.assurance.map((a) => h('li', {}, a))) : h('p', {}, 'Nothing: you train and run the model yourself, as far as your answers say.'),
      ),
      section(
        4,
        'Controls to select',
        h('p', {}, 'General controls first, then the controls that cover the most risk. Record what is in place or planned.'),
        h(
          'table',
          { className: 'controls-table' },
          h('thead', {}, h('tr', {}, ['Rank', 'Control', 'Who', 'Covers', 'Status'].map((c) => h('th', { scope: 'col' }, c)))),
          h(
            'tbody',
            {},
            result.controls
              .filter((c) => c.status !== 'not-needed')
              .map((c) =>
                h(
                  'tr',
                  {},
                  h('td', {}, c.status === 'general' ? 'G' : String(c.rank)),
                  h('th', { scope: 'row' }, onMap('control', c.id)),
                  h('td', {}, WHO[c.responsibility]),
                  h('td', {}, coverage(c.covers)),
                  h('td', {}, picker(`control-status-${c.id}`, `Status of ${name('control', c.id)}`, CONTROL_STATES, c.implementation, (v) => setControl(c.id, v), readOnly)),
                ),
              ),
          ),
        ),
      ),
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
      section(
        6,
        'Risk acceptance',
        h(
          'table',
          { className: 'register-table' },
          h('thead', {}, h('tr', {}, ['Threat', 'Treatment', 'Owner', 'Controls in place', 'Residual', 'What remains'].map((c) => h('th', { scope: 'col' }, c)))),
          h(
            'tbody',
            {},
            relevant
              .filter((t) => register.has(t.id))
              .map((t) => {
                const e = register.get(t.id);
                const owner = h('input', { type: 'text', value: e.owner ?? '', disabled: readOnly, 'aria-label': `Owner of ${name('threat', t.id)}` });
                owner.addEventListener('change', () => setRisk(t.id, 'owner', owner.value.trim() || null));
                return h(
                  'tr',
                  {},
                  h('th', { scope: 'row' }, name('threat', t.id)),
                  h('td', {}, picker(`treatment-${t.id}`, `Treatment of ${name('threat', t.id)}`, TREATMENTS, e.treatment, (v) => setRisk(t.id, 'treatment', v), readOnly)),
                  h('td', {}, owner),
                  h('td', {}, `${e.implemented} of ${e.controls.length}`),
                  h('td', {}, `${e.residual} of 25`),
                  h('td', {}, e.acceptance),
                );
              }),
          ),
        ),
      ),
      section(
        7,
        'Further management',
        h(
          'ul',
          {},
          h('li', {}, 'Monitor: watch the use of the system and the controls in operation; warnings such as the ones above deserve alerts.'),
          h('li', {}, 'Review: repeat this assessment when the system, its data, its suppliers or the catalog change, and at least once a year.'),
          h('li', {}, 'Record: keep the exported report with the decisions of step 6, so that accepted risks have an owner and a date.'),
        ),
      ),
    );
  }

  return { element, render };
}
