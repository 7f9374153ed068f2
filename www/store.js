// Keeping work: assessments autosaved in this browser under their names. Nothing stored is ever
// dropped or overwritten silently: what cannot be read is kept aside, said, and offered for
// download. (Share links, which carry an assessment in the URL fragment, are written and read
// by the module: `shareLink` and `readShareLink` of navigator.js.)

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
