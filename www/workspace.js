// The workspace: which assessment is open, where it is kept, and how it leaves the browser.
// Autosaves every change under the system's name, lists saved assessments, opens share links
// read-only, imports and exports files, and downloads the report as Markdown, CSV or JSON.
import { button, fill, h, nextTask, saveText as save } from './dom.js';
import { assess, catalogVersion, diff, loadTools, questions, readShareLink, shareLink, toCsv, toMarkdown, validate } from './navigator.js';
import { downloadButtons, fileSlug } from './report.js';
import { loadSaved, storeSaved } from './store.js';


const newId = () => `a${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/**
 * @param {{ questionnaire: object, explore: object, report: object, announce: (text: string) => void }} parts
 */
export function createWorkspace({ questionnaire, explore, report, announce }) {
  const saved = loadSaved();
  let items = saved.items;
  let currentId = null;
  let readOnly = false;
  // While stored data cannot be read, nothing is written over it until the user decides.
  let autosave = !saved.problem;

  const notice = h('div', { className: 'workspace-notice', role: 'status' });
  const select = h('select', { id: 'saved-assessments' });
  const savedNote = h('span', { className: 'saved-note' });

  function refreshSelect() {
    const entries = Object.entries(items).sort((a, b) => (b[1].savedAt ?? '').localeCompare(a[1].savedAt ?? ''));
    fill(
      select,
      entries.map(([id, item]) => h('option', { value: id, selected: id === currentId }, `${item.name} (${(item.savedAt ?? '').slice(0, 16).replace('T', ' ')})`)),
      currentId && !(currentId in items) ? h('option', { value: currentId, selected: true }, 'Not saved') : null,
    );
  }

  /**
   * Everything follows the assessment: the map, the report, the store. An answer is saved at
   * once; the map and the report follow after the frame that shows it, unless `now` (an
   * assessment opened as a whole).
   * Returns whether it stored the assessment (and so refreshed the saved list).
   */
  function changed(file, { now = false } = {}) {
    const result = assess(file);
    explore.showAssessment(file, result, { now });
    if (now) report.render(file, result, { readOnly });
    else report.update(file, result, { readOnly });
    if (readOnly || !currentId) return false;
    if (!autosave) {
      savedNote.textContent = 'Not saved: decide first what happens to the saved data that cannot be read.';
      return false;
    }
    items[currentId] = { name: file.system?.name || 'Unnamed system', savedAt: new Date().toISOString(), assessment: file };
    const error = storeSaved(items, currentId);
    savedNote.textContent = error ? `Not saved: ${error}.` : 'Saved in this browser.';
    refreshSelect();
    fillCompare();
    return true;
  }

  /**
   * Opens an assessment as a whole. `inSteps` (the page's start) puts the questions, the verdicts
   * and the report in tasks of their own, the report after the next frame; without it, all at
   * once (the returned promise is then already settled).
   */
  async function open(file, { id = newId(), readOnly: ro = false, inSteps = false } = {}) {
    currentId = id;
    readOnly = ro;
    questionnaire.load(file, { readOnly: ro });
    banner.hidden = !ro;
    if (inSteps) await nextTask();
    // Not stored (read-only, or autosave on hold): the list still shows what is open.
    if (!changed(questionnaire.get(), { now: !inSteps })) refreshSelect();
  }

  const newButton = h('button', { type: 'button' }, 'New assessment');
  newButton.addEventListener('click', () => {
    open({ format: 'ai-security-navigator/assessment@1', catalog: catalogVersion(), answers: {} });
    announce('A new, empty assessment.');
  });
  select.addEventListener('change', () => {
    const item = items[select.value];
    if (item) open(item.assessment, { id: select.value });
  });
  const deleteButton = h('button', { type: 'button' }, 'Delete');
  deleteButton.addEventListener('click', () => {
    if (!currentId || !(currentId in items)) return;
    const name = items[currentId].name;
    delete items[currentId];
    storeSaved(items, null);
    const next = Object.keys(items)[0];
    if (next) open(items[next].assessment, { id: next });
    else open({ format: 'ai-security-navigator/assessment@1', catalog: catalogVersion(), answers: {} });
    announce(`Deleted ${name}.`);
  });

  // Leaving the browser: the assessment file, the report, a share link.
  const file = () => ({ ...questionnaire.get(), format: 'ai-security-navigator/assessment@1', catalog: catalogVersion() });
  const name = () => fileSlug(questionnaire.get().system?.name);
  const shareOutput = h('input', { type: 'text', id: 'share-link', readOnly: true, hidden: true, 'aria-label': 'Share link' });
  const exportsBox = h(
    'div',
    { className: 'exports', role: 'group', 'aria-label': 'Save and share' },
    downloadButtons({ toMarkdown, toCsv, loadTools }, file, announce),
    button('Result (JSON)', () => {
      const result = { ...assess(file()), date: new Date().toISOString().slice(0, 10) };
      save(`${JSON.stringify(result, null, 2)}\n`, 'application/json', `${name()}-result.json`);
    }),
    button('Print or PDF', () => window.print()),
    button('Share link', async () => {
      let link;
      try {
        await loadTools();
        link = `${location.origin}${location.pathname}${shareLink(file())}`;
      } catch (error) {
        announce(`No share link: ${error.message}.`);
        return;
      }
      shareOutput.hidden = false;
      shareOutput.value = link;
      shareOutput.select();
      try {
        await navigator.clipboard.writeText(link);
        announce('The share link is copied. It carries the assessment in the link itself; nothing is sent to a server.');
      } catch {
        announce('The share link is selected: copy it. It carries the assessment in the link itself; nothing is sent to a server.');
      }
    }, loadTools),
    shareOutput,
  );

  // Compare: a saved assessment against the one open, side by side — what changed and why.
  const compareSelect = h('select', { id: 'compare-with' });
  const compareOut = h('div', { className: 'compare', role: 'region', 'aria-label': 'Comparison' });
  const fillCompare = () => {
    const keep = compareSelect.value;
    fill(
      compareSelect,
      h('option', { value: '' }, '—'),
      Object.entries(items)
        .filter(([id]) => id !== currentId)
        .map(([id, item]) => h('option', { value: id }, item.name)),
    );
    compareSelect.value = keep;
  };
  compareSelect.addEventListener('focus', fillCompare);
  compareSelect.addEventListener('change', () => {
    const other = items[compareSelect.value];
    if (!other) return fill(compareOut);
    const d = diff(other.assessment, file());
    const current = questionnaire.get().system?.name || 'the open assessment';
    const cell = (text) => h('td', {}, text ?? 'not answered');
    fill(
      compareOut,
      h('p', {}, h('strong', {}, `${other.name} → ${current}: `), d.summary),
      d.answers.length > 0 &&
        h(
          'table',
          {},
          h('caption', {}, 'Answers that differ'),
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Question'), h('th', { scope: 'col' }, other.name), h('th', { scope: 'col' }, current))),
          h('tbody', {}, d.answers.map((a) => h('tr', {}, h('th', { scope: 'row' }, questions().find((q) => q.id === a.question)?.text ?? a.question), cell(a.from), cell(a.to)))),
        ),
      d.threats.length > 0 &&
        h(
          'table',
          {},
          h('caption', {}, 'Threats whose verdict changes'),
          h('thead', {}, h('tr', {}, ['Threat', other.name, current, 'Why'].map((c) => h('th', { scope: 'col' }, c)))),
          h('tbody', {}, d.threats.map((t) => h('tr', {}, h('th', { scope: 'row' }, t.id), h('td', {}, t.from), h('td', {}, t.to), h('td', {}, t.why.join(' '))))),
        ),
      d.controls.length > 0 && h('p', {}, `${d.controls.length} controls change their verdict or what they cover.`),
    );
  });

  const editButton = button('Edit a copy', () => {
    const copy = questionnaire.get();
    open(copy);
    announce('You are editing your own copy; it is saved in this browser.');
  });
  const banner = h('p', { className: 'readonly-banner', hidden: true }, 'You are looking at a shared assessment, read-only. ', editButton);

  const element = h(
    'section',
    { id: 'workspace', 'aria-labelledby': 'workspace-heading' },
    h('h2', { id: 'workspace-heading' }, 'Your assessments'),
    notice,
    banner,
    h('div', { className: 'row' }, h('label', { htmlFor: 'saved-assessments' }, 'Saved in this browser '), select, newButton, deleteButton, savedNote),
    exportsBox,
    h('div', { className: 'row' }, h('label', { htmlFor: 'compare-with' }, 'Compare with a saved assessment '), compareSelect),
    compareOut,
  );

  if (saved.problem) {
    const keep = button('Download what was saved', () => save(saved.raw ?? '', 'application/json', 'saved-assessments.json'));
    const reset = button('Start afresh (replaces it)', () => {
      autosave = true;
      fill(notice);
      changed(questionnaire.get());
    });
    fill(notice, h('p', { className: 'error' }, `${saved.problem}. It is kept as it is until you decide.`), keep, ' ', reset);
  }

  /** Opens a file someone loaded (from the map's file field); refuses one with problems. */
  function importFile(parsed) {
    if (validate(parsed).length > 0) {
      explore.setSystem(parsed); // shows every problem and keeps what is shown
      return;
    }
    open(parsed);
    announce(`Opened ${parsed.system?.name || 'the assessment'}; it is saved in this browser.`);
  }

  /** Opens the start state: a share link, else the last saved assessment, else a new one. */
  async function start() {
    if (location.hash.startsWith('#share=')) {
      try {
        await loadTools();
        await open(readShareLink(location.hash), { readOnly: true, inSteps: true });
        return;
      } catch (error) {
        fill(notice, h('p', { className: 'error' }, `The link could not be opened: ${error.message}. The link stays in the address bar.`));
      }
    }
    if (saved.last && items[saved.last]) await open(items[saved.last].assessment, { id: saved.last, inSteps: true });
    else await open({ format: 'ai-security-navigator/assessment@1', catalog: catalogVersion(), answers: {} }, { inSteps: true });
  }

  return { element, changed, importFile, start };
}
