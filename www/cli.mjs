#!/usr/bin/env node
// The command line: `ai-security-navigator assess FILE [--format json|md|csv]` and
// `ai-security-navigator validate FILE`, running the same WebAssembly module as the page.
// Exit status: 0 success, 1 a --fail-on condition matched, 2 bad input or bad usage. Messages go
// to standard error; never a stack trace.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { NavigatorError, assess, catalogVersion, init, report, validate, validateCatalog } from './navigator.js';

const USAGE = `Usage:
  ai-security-navigator assess FILE [--format json|md|csv]   print the assessment of FILE
  ai-security-navigator validate FILE|FOLDER                 print every problem in FILE, or in
                                                            the custom catalog in FOLDER
  ai-security-navigator --version | --help

FILE is an assessment file (format ai-security-navigator/assessment@1); - reads standard input.
FOLDER holds a catalog's files (catalog.json, taxonomy.json, threats.json, controls.json,
mappings.json, questions.json, rules.json), such as the project's catalog/ folder.
Exit status: 0 success, 1 a --fail-on condition matched, 2 bad input or bad usage.`;

class UsageError extends Error {}

function parseArgs(argv) {
  const [command, ...rest] = argv;
  const options = { command, file: null, format: 'json' };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === '--format') {
      const value = rest[++i];
      if (!['json', 'md', 'csv'].includes(value)) throw new UsageError(`--format takes json, md or csv${value ? `, not '${value}'` : ''}`);
      options.format = value;
    } else if (arg.startsWith('--format=')) {
      return parseArgs([command, ...rest.slice(0, i), '--format', arg.slice(9), ...rest.slice(i + 1)]);
    } else if (arg.startsWith('-') && arg !== '-') {
      throw new UsageError(`unknown option '${arg}'`);
    } else if (options.file === null) {
      options.file = arg;
    } else {
      throw new UsageError(`one file at a time; got '${options.file}' and '${arg}'`);
    }
  }
  return options;
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
function validateFolder(folder) {
  const files = {};
  for (const name of readdirSync(folder)) {
    if (name.endsWith('.json')) files[name] = readFileSync(path.join(folder, name), 'utf8');
  }
  const problems = validateCatalog(files);
  if (problems.length === 0) {
    process.stdout.write(`${folder}: a valid catalog\n`);
    return 0;
  }
  process.stderr.write(`${folder}: ${problems.length} problem${problems.length === 1 ? '' : 's'} in the catalog\n`);
  for (const p of problems) {
    const where = [p.file, p.entry, p.field && `\`${p.field}\``].filter(Boolean).join(': ');
    process.stderr.write(`  - ${where}: ${p.message}\n`);
  }
  return 2;
}

function printProblems(problems) {
  for (const p of problems) {
    const where = p.path ? `${p.path}: ` : '';
    process.stderr.write(`  - ${where}${p.message}\n`);
  }
}

async function main(argv) {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return argv.length === 0 ? 2 : 0;
  }
  await init(readFileSync(new URL('./ai_security_navigator_bg.wasm', import.meta.url)));
  if (argv[0] === '--version') {
    process.stdout.write(`ai-security-navigator (catalog ${catalogVersion()})\n`);
    return 0;
  }
  const options = parseArgs(argv);
  if (!['assess', 'validate'].includes(options.command)) throw new UsageError(`unknown command '${options.command}'`);
  if (options.file === null) throw new UsageError(`${options.command} needs a FILE (or - for standard input)`);
  if (options.command === 'validate' && options.file !== '-' && isFolder(options.file)) {
    return validateFolder(options.file);
  }
  const text = readInput(options.file);
  const name = options.file === '-' ? 'standard input' : options.file;

  if (options.command === 'validate') {
    const problems = validate(text);
    if (problems.length === 0) {
      process.stdout.write(`${name}: valid\n`);
      return 0;
    }
    process.stderr.write(`${name}: ${problems.length} problem${problems.length === 1 ? '' : 's'}\n`);
    printProblems(problems);
    return 2;
  }

  const problems = validate(text);
  if (problems.length > 0) {
    process.stderr.write(`${name}: cannot assess, ${problems.length} problem${problems.length === 1 ? '' : 's'}\n`);
    printProblems(problems);
    return 2;
  }
  const date = new Date().toISOString().slice(0, 10);
  const output = options.format === 'json' ? `${JSON.stringify(assess(text), null, 2)}\n` : report(text, options.format, date);
  process.stdout.write(output);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    if (error instanceof UsageError) {
      process.stderr.write(`ai-security-navigator: ${error.message}\n\n${USAGE}\n`);
    } else if (error instanceof NavigatorError) {
      process.stderr.write(`ai-security-navigator: ${error.message}\n`);
    } else {
      process.stderr.write(`ai-security-navigator: unexpected error: ${error?.message ?? error}\n`);
    }
    process.exitCode = 2;
  },
);
