// Keeping work: assessments autosaved in this browser under their names, and share links that
// carry an assessment in the URL fragment (never sent to a server). Nothing stored is ever
// dropped or overwritten silently: what cannot be read is kept aside, said, and offered for
// download.

const KEY = 'ai-security-navigator/assessments';
const FORMAT = 1;

/** Reads the saved assessments. `{ items, last, problem, raw }`: `problem` when unreadable. */
export function loadSaved(storage = globalThis.localStorage) {
  let raw = null;
  try {
    raw = storage?.getItem(KEY) ?? null;
  } catch (error) {
    return { items: {}, last: null, problem: `this browser does not allow saving (${error.message})`, raw: null };
  }
  if (raw === null) return { items: {}, last: null, problem: null, raw: null };
  try {
    const data = JSON.parse(raw);
    if (data?.format !== FORMAT || typeof data.items !== 'object' || data.items === null) throw new Error(`unknown format ${JSON.stringify(data?.format)}`);
    const items = {};
    for (const [id, item] of Object.entries(data.items)) {
      if (item && typeof item === 'object' && item.assessment && typeof item.assessment === 'object') items[id] = item;
    }
    return { items, last: typeof data.last === 'string' && data.last in items ? data.last : null, problem: null, raw };
  } catch (error) {
    return { items: {}, last: null, problem: `the saved assessments cannot be read (${error.message})`, raw };
  }
}

/** Writes the saved assessments; returns an error message, or null. */
export function storeSaved(items, last, storage = globalThis.localStorage) {
  try {
    storage.setItem(KEY, JSON.stringify({ format: FORMAT, last, items }));
    return null;
  } catch (error) {
    return `saving failed: ${error.message}`;
  }
}

/** base64url of UTF-8 text, and back. */
const encode = (text) => btoa(String.fromCharCode(...new TextEncoder().encode(text))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const decode = (text) => new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0)));

/**
 * A share link's fragment: `#share=1.<catalog>.<answers>[.<rest>]`. The answers take one
 * character per question in catalog order (the option's position, `u` for "don't know", `-` for
 * unanswered); the rest (name, risks, controls) is base64url JSON, only when there is any.
 */
export function shareFragment(file, questions, catalog) {
  const answers = questions
    .map((q) => {
      const value = file.answers?.[q.id];
      if (value === undefined || value === null) return '-';
      if (value === 'unknown') return 'u';
      const i = q.options.findIndex((o) => o.value === value);
      return i >= 0 && i < 36 ? i.toString(36) : '-';
    })
    .join('');
  const rest = {};
  if (file.system && Object.keys(file.system).length) rest.system = file.system;
  if (file.risks && Object.keys(file.risks).length) rest.risks = file.risks;
  if (file.controls && Object.keys(file.controls).length) rest.controls = file.controls;
  const tail = Object.keys(rest).length ? `.${encode(JSON.stringify(rest))}` : '';
  return `#share=1.${catalog}.${answers}${tail}`;
}

/** Reads a share fragment into an assessment file; throws an Error saying what is wrong. */
export function readShareFragment(hash, questions) {
  const match = /^#share=(\d+)\.(\d{4}\.\d{2})\.([0-9a-z\-]*)(?:\.([A-Za-z0-9_-]+))?$/.exec(hash);
  if (!match) throw new Error('this share link is damaged: it does not have the form #share=1.<catalog>.<answers>');
  const [, version, catalog, answers, rest] = match;
  if (version !== '1') throw new Error(`this share link has format ${version}; this page reads format 1`);
  if (answers.length > questions.length) throw new Error(`this share link answers ${answers.length} questions; the questionnaire has ${questions.length}`);
  const file = { format: 'ai-security-navigator/assessment@1', catalog, answers: {} };
  [...answers].forEach((c, i) => {
    const q = questions[i];
    if (c === '-') return;
    if (c === 'u') file.answers[q.id] = 'unknown';
    else {
      const option = q.options[parseInt(c, 36)];
      if (!option) throw new Error(`this share link gives question ${i + 1} an option it does not have`);
      file.answers[q.id] = option.value;
    }
  });
  if (rest) {
    let extra;
    try {
      extra = JSON.parse(decode(rest));
    } catch {
      throw new Error('this share link is damaged: its details cannot be read');
    }
    if (!extra || typeof extra !== 'object' || Array.isArray(extra)) throw new Error('this share link is damaged: its details are not an object');
    for (const key of ['system', 'risks', 'controls']) if (key in extra) file[key] = extra[key];
  }
  return file;
}
