// The questionnaire: the system's name and the questions of the catalog, one at a time or all on
// one page, with help, "Don't know" always offered, questions that cannot matter skipped with the
// reason, and progress. Every change is handed to `onChange`; what it changed is said in words.
import { fill, h, memo, plural, syncChildren } from './dom.js';
import * as builtin from './navigator.js';
import { NavigatorError } from './navigator.js';

/**
 * The answers as the engine reads them: a question that is not asked counts as its
 * `whenNotAsked` value, which can in turn skip later questions.
 */
function effective(list, answers) {
  const out = { ...answers };
  for (const q of list) {
    if (!asked(q, out)) out[q.id] = q.whenNotAsked;
  }
  return out;
}

/** Only a definite other answer skips a question; an open one keeps it asked. */
function asked(question, answers) {
  if (!question.askWhen) return true;
  return Object.entries(question.askWhen).every(([id, values]) => {
    const given = answers[id];
    return given === undefined || given === null || given === 'unknown' || values.includes(given);
  });
}

/** Is the question asked, given the answers (and what unasked questions count as)? */
export function isAsked(question, answers, list = builtin.questions()) {
  return asked(question, effective(list, answers));
}

/** Brings a question into view with focus on its first answer (where the report's open questions lead). */
export function showQuestion(fieldset) {
  fieldset.scrollIntoView?.({ block: 'start' });
  fieldset.querySelector('input:not([disabled])')?.focus({ preventScroll: true });
}

const valueLabel = (question, value) => question.options.find((o) => o.value === value)?.label ?? value;

/**
 * @param {{ announce: (text: string) => void, onChange: (file: object) => void, api?: object }} options
 *   `api`: the navigator to ask (the module's own, or one with a catalog overlay).
 */
export function createQuestionnaire({ announce, onChange, api = builtin }) {
  const { diff } = api;
  const list = api.questions();
  let file = { format: 'ai-security-navigator/assessment@1', answers: {} };
  let mode = 'all';
  let index = 0; // the question shown in one-at-a-time mode
  let readOnly = false;

  const nameInput = h('input', { type: 'text', id: 'system-name', autocomplete: 'off' });
  const descriptionInput = h('textarea', { id: 'system-description', rows: 2 });
  const progress = h('progress', { id: 'answers-progress', max: list.length, value: 0 });
  const progressText = h('span', { id: 'answers-progress-text' });
  const changeNote = h('p', { className: 'change-note', role: 'status' });
  const questionsBox = h('div', { className: 'questions' });
  const modeRadio = (value, label) =>
    h('label', { className: 'check' }, h('input', { type: 'radio', name: 'questionnaire-mode', value, checked: value === mode }), ' ', label);
  const modeGroup = h(
    'fieldset',
    { className: 'mode' },
    h('legend', {}, 'Show'),
    modeRadio('all', 'All questions on one page'),
    modeRadio('one', 'One question at a time'),
  );
  modeGroup.addEventListener('change', (event) => {
    mode = event.target.value;
    index = firstOpen();
    render();
  });

  const firstOpen = () => {
    const i = list.findIndex((q) => isAsked(q, file.answers, list) && !(q.id in file.answers));
    return i === -1 ? 0 : i;
  };

  function setAnswer(id, value) {
    const before = structuredClone(file);
    // An answer to a question that is no longer asked stays in the file (the engine ignores it),
    // so that changing one's mind back does not lose it.
    file.answers = { ...file.answers, [id]: value };
    let summary = '';
    try {
      summary = diff(before, file).summary;
    } catch (error) {
      if (!(error instanceof NavigatorError)) throw error;
    }
    changeNote.textContent = summary;
    announce(summary);
    // Other questions may now be skipped or asked again; focus stays on the answer just given.
    render();
    questionsBox.querySelector(`input[name="answer-${id}"][value="${value}"]`)?.focus();
    onChange(file);
  }

  function questionFieldset(q, i) {
    const asked = isAsked(q, file.answers, list);
    const name = `answer-${q.id}`;
    const fieldset = h(
      'fieldset',
      { className: `question${asked ? '' : ' skipped'}`, id: `question-${q.id}`, disabled: readOnly || !asked, 'aria-describedby': `help-${q.id}` },
      h('legend', {}, `${i + 1}. ${q.text}`),
      h('p', { className: 'help', id: `help-${q.id}` }, q.help),
      asked
        ? h(
            'div',
            { className: 'options' },
            q.options.map((o) =>
              h(
                'label',
                { className: 'option' },
                h('input', { type: 'radio', name, value: o.value, checked: file.answers[q.id] === o.value }),
                ' ',
                o.label,
              ),
            ),
          )
        : h('p', { className: 'skip-reason' }, skipReason(q)),
    );
    fieldset.addEventListener('change', (event) => {
      if (event.target.name === name) setAnswer(q.id, event.target.value);
    });
    return fieldset;
  }

  function skipReason(q) {
    const why = Object.entries(q.askWhen ?? {})
      .map(([id, values]) => {
        const other = list.find((x) => x.id === id);
        return `"${other?.text ?? id}" is ${values.map((v) => `"${other ? valueLabel(other, v) : v}"`).join(' or ')}`;
      })
      .join(' and ');
    return `Skipped: this only matters when ${why}. It counts as "${valueLabel(q, q.whenNotAsked)}".`;
  }

  let kept = memo();

  function render() {
    const asked = list.filter((q) => isAsked(q, file.answers, list));
    const answered = asked.filter((q) => q.id in file.answers).length;
    progress.max = asked.length;
    progress.value = answered;
    progressText.textContent = `${answered} of ${plural(asked.length, 'question', 'questions')} answered${
      asked.length < list.length ? ` (${list.length - asked.length} skipped: they do not matter for this system)` : ''
    }.`;
    nameInput.value = file.system?.name ?? '';
    descriptionInput.value = file.system?.description ?? '';
    nameInput.disabled = readOnly;
    descriptionInput.disabled = readOnly;
    if (mode === 'all') {
      // Only the questions that become asked or skipped are built again (see memo in dom.js);
      // the one just answered shows its answer already. `load` starts afresh.
      syncChildren(
        questionsBox,
        list.map((q, i) => kept.made(q.id, [i, asked.includes(q), readOnly], () => questionFieldset(q, i))),
      );
      kept.done();
      return;
    }
    index = Math.max(0, Math.min(index, list.length - 1));
    const q = list[index];
    const step = (direction) => {
      let next = index + direction;
      while (next >= 0 && next < list.length && !isAsked(list[next], file.answers, list)) next += direction;
      if (next < 0 || next >= list.length) return;
      index = next;
      render();
      questionsBox.querySelector('legend')?.parentElement?.querySelector('input')?.focus();
    };
    const previous = h('button', { type: 'button', disabled: index === 0 }, 'Previous question');
    const next = h('button', { type: 'button', disabled: index === list.length - 1 }, 'Next question');
    previous.addEventListener('click', () => step(-1));
    next.addEventListener('click', () => step(1));
    fill(questionsBox, h('p', { className: 'step' }, `Question ${index + 1} of ${list.length}`), questionFieldset(q, index), h('div', { className: 'row' }, previous, next));
  }

  const systemChanged = () => {
    file.system = { ...(file.system ?? {}), name: nameInput.value, description: descriptionInput.value };
    if (!file.system.name) delete file.system.name;
    if (!file.system.description) delete file.system.description;
    onChange(file);
  };
  nameInput.addEventListener('change', systemChanged);
  descriptionInput.addEventListener('change', systemChanged);

  const element = h(
    'section',
    { id: 'questionnaire', 'aria-labelledby': 'questionnaire-heading' },
    h('h2', { id: 'questionnaire-heading' }, 'Describe your system'),
    h('p', { className: 'help' }, 'Answer what you know; "Don\'t know" is always fine, and nothing is ruled out by a question you have not answered. The map and the report follow every answer. Your answers stay in this browser.'),
    h('div', { className: 'field' }, h('label', { htmlFor: 'system-name' }, 'Name of the system'), nameInput),
    h('div', { className: 'field' }, h('label', { htmlFor: 'system-description' }, 'Description (optional)'), descriptionInput),
    modeGroup,
    h('p', { className: 'progress' }, h('label', { htmlFor: 'answers-progress' }, 'Progress '), progress, ' ', progressText),
    changeNote,
    questionsBox,
  );

  return {
    element,
    /** Shows another assessment (a loaded file, a saved one, a shared link). */
    load(next, options = {}) {
      file = structuredClone(next);
      file.answers ??= {};
      readOnly = Boolean(options.readOnly);
      changeNote.textContent = '';
      index = firstOpen();
      kept = memo();
      render();
    },
    setReadOnly(value) {
      readOnly = value;
      render();
    },
    /** The assessment as it stands. */
    get: () => file,
    /** Applies an edit from elsewhere (the report) and re-renders. */
    edit(mutate) {
      mutate(file);
      onChange(file);
    },
    render,
  };
}
