#!/usr/bin/env node
// The command line: `assess`, `validate`, `explain`, `catalog` and `questions` (see USAGE),
// running the same WebAssembly module as the page.
// Exit status: 0 success, 1 a --fail-on condition matched, 2 bad input or bad usage. Messages go
// to standard error; never a stack trace.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { catalogMarkdown, questionsMarkdown } from './catalog-markdown.mjs';

// A reader that stops early (| head) is not an error.
process.stdout.on('error', (error) => process.exit(error.code === 'EPIPE' ? 0 : 2));

// Loaded dynamically so that a broken installation is reported like any other error.
const api = await import('./node.js').catch((error) => {
  process.stderr.write(`ai-security-navigator: ${error?.message ?? error}\n`);
  process.exit(2);
});
const { NavigatorError, catalog, catalogVersion, validateCatalog, validateOverlay, withOverlay } = api;

const USAGE = `Usage:
  ai-security-navigator assess FILE [--format json|md|csv] [--date YYYY-MM-DD] [--fail-on CONDITION]... [--quiet]
      print the assessment of FILE (reports are dated today unless --date says otherwise)
  ai-security-navigator validate FILE|FOLDER [--quiet]
      print every problem in FILE (an assessment file or an overlay), or in the custom
      catalog in FOLDER
  ai-security-navigator explain ID FILE [--format text|json]
      why a threat or control has its verdict for the system in FILE
  ai-security-navigator diagram VIEW [FILE]
      the diagram as an SVG file; with FILE, that system's verdicts drawn on it. VIEW is
      navigator, matrix, periodic, model-general, model-trained or model-as-is
  ai-security-navigator catalog [--format json|md]      print the built-in catalog
  ai-security-navigator questions [--format json|md]    print the questionnaire
  ai-security-navigator --version | --help

FILE is an assessment file (format ai-security-navigator/assessment@1); - reads standard input.
FOLDER holds a catalog's files (catalog.json, taxonomy.json, threats.json, controls.json,
mappings.json, questions.json, rules.json), such as the project's catalog/ folder.

--overlay OVERLAY (assess, validate, explain, diagram, catalog, questions) applies a custom
catalog overlay first (format ai-security-navigator/overlay@1, see catalog/OVERLAY.md): the
organisation's own controls, mappings, notes and questions, and the entries it hides. An
overlay with problems stops the command with status 2 and every problem on standard error.

--fail-on makes assess exit with status 1 when the assessment shows CONDITION (repeat it or
separate conditions with commas):
  high-risk     a threat whose residual risk is 15 or more (of 25) and whose risk is neither
                accepted, transferred nor avoided
  risk>=N       the same with another threshold N (1-25)
  untreated     a relevant threat with no treatment chosen in the file
  unanswered    an unanswered or "unknown" question that would change the result
  flag          any warning, such as the lethal trifecta; flag:ID for one of them
--quiet prints nothing on standard output; why a --fail-on condition matched still goes to
standard error.

Exit status: 0 success, 1 a --fail-on condition matched, 2 bad input or bad usage.`;

const COMMANDS = {
  assess: { formats: ['json', 'md', 'csv'], operands: ['FILE'] },
  validate: { formats: [], operands: ['FILE'] },
  explain: { formats: ['text', 'json'], operands: ['ID', 'FILE'] },
  diagram: { formats: [], operands: ['VIEW'], optional: ['FILE'] },
  catalog: { formats: ['json', 'md'], operands: [] },
  questions: { formats: ['json', 'md'], operands: [] },
};

class UsageError extends Error {}

const OVERLAY_FORMAT = 'ai-security-navigator/overlay@1';
const WITH_OVERLAY = ['assess', 'validate', 'explain', 'diagram', 'catalog', 'questions'];

function parseArgs(argv) {
  const [command, ...rest] = argv;
  const spec = COMMANDS[command];
  if (!spec) throw new UsageError(`unknown command '${command}'; commands: ${Object.keys(COMMANDS).join(', ')}`);
  const options = { command, operands: [], format: spec.formats[0], failOn: [], quiet: false, overlay: null, date: null };
  for (let i = 0; i < rest.length; i++) {
    let arg = rest[i];
    let value;
    const eq = arg.indexOf('=');
    if (arg.startsWith('--') && eq > 0) [arg, value] = [arg.slice(0, eq), arg.slice(eq + 1)];
    const takeValue = () => {
      value ??= rest[++i];
      if (value === undefined) throw new UsageError(`${arg} needs a value`);
      return value;
    };
    if (arg === '--format' && spec.formats.length) {
      const format = takeValue();
      if (!spec.formats.includes(format)) throw new UsageError(`${command} --format takes ${spec.formats.join(', ')}, not '${format}'`);
      options.format = format;
    } else if (arg === '--fail-on' && command === 'assess') {
      options.failOn.push(...takeValue().split(',').map((c) => c.trim()).filter(Boolean).map(parseCondition));
    } else if (arg === '--date' && command === 'assess') {
      const date = takeValue();
      if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(date))) throw new UsageError(`--date takes a date like 2026-11-25, not '${date}'`);
      options.date = date;
    } else if (arg === '--overlay' && WITH_OVERLAY.includes(command)) {
      options.overlay = takeValue();
    } else if ((arg === '--quiet' || arg === '-q') && (command === 'assess' || command === 'validate')) {
      options.quiet = true;
    } else if (arg.startsWith('-') && arg !== '-') {
      throw new UsageError(`${command} has no option '${arg}'`);
    } else if (options.operands.length < spec.operands.length + (spec.optional?.length ?? 0)) {
      options.operands.push(arg);
    } else {
      throw new UsageError(`${command} takes ${[...spec.operands, ...(spec.optional ?? []).map((o) => `[${o}]`)].join(' ') || 'no operands'}; '${arg}' is one too many`);
    }
  }
  if (options.operands.length < spec.operands.length) {
    throw new UsageError(`${command} needs ${spec.operands.slice(options.operands.length).join(' ')}${spec.operands.includes('FILE') ? ' (- for standard input)' : ''}`);
  }
  return options;
}

const CONDITIONS = ['high-risk', 'risk>=N', 'untreated', 'unanswered', 'flag', 'flag:ID'];

/** A --fail-on condition as a function from the result to the list of what matched. */
function parseCondition(text) {
  const highRisk = (threshold) => (result) =>
    result.register
      .filter((e) => e.residual >= threshold && !['accept', 'transfer', 'avoid'].includes(e.treatment))
      .map((e) => `${e.threat}: residual risk ${e.residual} of 25, ${e.treatment ? `treatment ${e.treatment}` : 'no treatment chosen'}`);
  const risk = /^risk>=(\d+)$/.exec(text);
  if (text === 'high-risk') return { text, match: highRisk(15) };
  if (risk) {
    const n = Number(risk[1]);
    if (n < 1 || n > 25) throw new UsageError(`--fail-on ${text}: the threshold is a risk score from 1 to 25`);
    return { text, match: highRisk(n) };
  }
  if (text === 'untreated') {
    return {
      text,
      match: (result) => {
        const relevant = new Set(result.threats.filter((t) => t.status === 'applies' || t.status === 'unknown').map((t) => t.id));
        return result.register.filter((e) => relevant.has(e.threat) && !e.treatment).map((e) => `${e.threat}: no treatment chosen`);
      },
    };
  }
  if (text === 'unanswered') return { text, match: (result) => result.followUps.map((f) => `${f.question}: ${f.why}`) };
  if (text === 'flag' || text.startsWith('flag:')) {
    const id = text.slice(5);
    if (id && !catalog().flags.some((f) => f.id === id)) {
      throw new UsageError(`--fail-on ${text}: no warning is called '${id}'; warnings: ${catalog().flags.map((f) => f.id).join(', ')}`);
    }
    return { text, match: (result) => result.flags.filter((f) => !id || f.id === id).map((f) => f.id) };
  }
  throw new UsageError(`--fail-on takes ${CONDITIONS.join(', ')}; not '${text}'`);
}

function readInput(file) {
  try {
    return readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file === '-' ? 'standard input' : `'${file}'`}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`);
  }
}

function isFolder(file) {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
}

/** Validates the catalog files in a folder with the same reader the build uses. */
function validateFolder(folder, out) {
  const files = {};
  for (const name of readdirSync(folder)) {
    if (name.endsWith('.json')) files[name] = readFileSync(path.join(folder, name), 'utf8');
  }
  const problems = validateCatalog(files);
  if (problems.length === 0) {
    out(`${folder}: a valid catalog\n`);
    return 0;
  }
  process.stderr.write(`${folder}: ${problems.length} problem${problems.length === 1 ? '' : 's'} in the catalog\n`);
  for (const p of problems) {
    const where = [p.file, p.entry, p.field && `\`${p.field}\``].filter(Boolean).join(': ');
    process.stderr.write(`  - ${where}: ${p.message}\n`);
  }
  return 2;
}

/** Prints an overlay's problems (`{ file, entry, field, message }`) to standard error. */
function printOverlayProblems(name, problems, what) {
  process.stderr.write(`${name}: ${what}${problems.length} problem${problems.length === 1 ? '' : 's'} in the overlay\n`);
  for (const p of problems) {
    const where = [p.entry, p.field && `\`${p.field}\``].filter(Boolean).join(': ');
    process.stderr.write(`  - ${where ? `${where}: ` : ''}${p.message}\n`);
  }
}

/** Does this text declare itself an overlay? */
function isOverlay(text) {
  try {
    return JSON.parse(text)?.format === OVERLAY_FORMAT;
  } catch {
    return false;
  }
}

/** The API to use: the built-in catalog's, or one with the --overlay file applied (or a status). */
function navigatorFor(options) {
  if (!options.overlay) return api;
  const text = readInput(options.overlay);
  try {
    return withOverlay(text);
  } catch (error) {
    if (error instanceof NavigatorError && error.code === 'invalid-overlay') {
      printOverlayProblems(options.overlay, error.problems, `cannot ${options.command}, `);
      return 2;
    }
    throw error;
  }
}

function printProblems(problems) {
  for (const p of problems) {
    const where = p.path ? `${p.path}: ` : '';
    process.stderr.write(`  - ${where}${p.message}\n`);
  }
}

/** An explanation as text; `questions` (the questionnaire) puts each open question in words. */
function explainText(e, questions) {
  const lines = [`${e.name} (${e.kind} ${e.id}): ${e.summary}`];
  if (e.kind === 'threat') {
    for (const r of e.reasons) lines.push(`  - ${r.text} [${r.rule}]`);
    if (e.openQuestions.length) {
      lines.push('  Open questions:');
      for (const id of e.openQuestions) lines.push(`    - ${id}: ${questions.find((q) => q.id === id)?.text ?? ''}`);
    }
    if (e.risk) lines.push(`  Risk: likelihood ${e.risk.likelihood} × impact ${e.risk.impact} = ${e.risk.inherent}. ${e.risk.acceptance}`);
    const needed = e.controls.filter((c) => c.status !== 'not-needed');
    if (needed.length) lines.push(`  Controls: ${needed.map((c) => (c.implementation ? `${c.id} (${c.implementation})` : c.id)).join(', ')}`);
  } else {
    if (e.covers.length) lines.push(`  Covers: ${e.covers.join(', ')}`);
  }
  lines.push(`  ${e.url}`);
  return `${lines.join('\n')}\n`;
}

async function main(argv) {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return argv.length === 0 ? 2 : 0;
  }
  if (argv[0] === '--version') {
    const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
    process.stdout.write(`ai-security-navigator ${version} (catalog ${catalogVersion()})\n`);
    return 0;
  }
  const options = parseArgs(argv);
  const out = (text) => options.quiet || process.stdout.write(text);
  const nav = navigatorFor(options);
  if (typeof nav === 'number') return nav;
  const { assess, catalog, diagramSvg, explain, questions, report, toJson, validate } = nav;

  if (options.command === 'catalog') {
    out(options.format === 'md' ? catalogMarkdown(catalog()) : `${JSON.stringify(catalog(), null, 2)}\n`);
    return 0;
  }
  if (options.command === 'questions') {
    out(options.format === 'md' ? questionsMarkdown(questions(), catalogVersion()) : `${JSON.stringify(questions(), null, 2)}\n`);
    return 0;
  }
  if (options.command === 'diagram' && options.operands.length === 1) {
    out(diagramSvg(options.operands[0]));
    return 0;
  }
  const file = options.operands.at(-1);
  if (options.command === 'validate' && file !== '-' && isFolder(file)) {
    return validateFolder(file, out);
  }
  const text = readInput(file);
  const name = file === '-' ? 'standard input' : file;
  if (options.command === 'validate' && isOverlay(text)) {
    const found = validateOverlay(text);
    if (found.length === 0) {
      out(`${name}: a valid overlay\n`);
      return 0;
    }
    printOverlayProblems(name, found, '');
    return 2;
  }
  const problems = validate(text);

  if (options.command === 'validate') {
    if (problems.length === 0) {
      out(`${name}: valid\n`);
      return 0;
    }
    process.stderr.write(`${name}: ${problems.length} problem${problems.length === 1 ? '' : 's'}\n`);
    printProblems(problems);
    return 2;
  }
  if (problems.length > 0) {
    process.stderr.write(`${name}: cannot ${options.command}, ${problems.length} problem${problems.length === 1 ? '' : 's'}\n`);
    printProblems(problems);
    return 2;
  }
  if (options.command === 'diagram') {
    out(diagramSvg(options.operands[0], text));
    return 0;
  }
  if (options.command === 'explain') {
    const explanation = explain(options.operands[0], text);
    out(options.format === 'json' ? `${JSON.stringify(explanation, null, 2)}\n` : explainText(explanation, questions()));
    return 0;
  }

  const date = options.date ?? new Date().toISOString().slice(0, 10);
  out(options.format === 'json' ? toJson(text) : report(text, options.format, date));
  let failed = false;
  for (const condition of options.failOn) {
    const matches = condition.match(assess(text));
    if (matches.length === 0) continue;
    failed = true;
    process.stderr.write(`${name}: --fail-on ${condition.text} matched ${matches.length} time${matches.length === 1 ? '' : 's'}\n`);
    for (const m of matches) process.stderr.write(`  - ${m}\n`);
  }
  return failed ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    if (error instanceof UsageError) {
      process.stderr.write(`ai-security-navigator: ${error.message}\nRun 'ai-security-navigator --help' for usage.\n`);
    } else if (error instanceof NavigatorError) {
      process.stderr.write(`ai-security-navigator: ${error.message}\n`);
    } else {
      process.stderr.write(`ai-security-navigator: unexpected error: ${error?.message ?? error}\n`);
    }
    process.exitCode = 2;
  },
);
