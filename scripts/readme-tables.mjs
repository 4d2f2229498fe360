// Writes the README's inputs and outputs tables from action.yml, between the markers
// `<!-- inputs:start -->`/`<!-- inputs:end -->` and `<!-- outputs:start -->`/`<!-- outputs:end -->`,
// so the documented interface can never drift from the one the runner reads.
//
//   node scripts/readme-tables.mjs            rewrite README.md
//   node scripts/readme-tables.mjs --check    exit 1 when README.md is stale (CI, test/docs)
//   --root DIR                                 read DIR/action.yml and DIR/README.md (tests)
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const USAGE = 'Usage: node scripts/readme-tables.mjs [--check] [--root DIR]';
const NOTE = '<!-- Generated from action.yml by scripts/readme-tables.mjs; edit action.yml, not this table. -->';

class DocsError extends Error {}

/** A table cell: one line, every `|` escaped (GitHub needs `\|` even inside a code span). */
function cell(text) {
  return String(text).replace(/\s*\r?\n\s*/g, ' ').trim().replace(/\|/g, '\\|');
}

/** `text` as inline code, with a fence long enough for any backticks it contains. */
function code(text) {
  const longestRun = Math.max(0, ...(String(text).match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = String(text).startsWith('`') || String(text).endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

function entries(metadata, section) {
  const value = metadata?.[section];
  if (value === undefined || value === null) return [];
  if (typeof value !== 'object' || Array.isArray(value)) throw new DocsError(`action.yml: '${section}' must be a mapping`);
  return Object.entries(value).map(([name, spec]) => {
    if (typeof spec?.description !== 'string' || spec.description.trim() === '') {
      throw new DocsError(`action.yml: ${section}.${name} has no description`);
    }
    return { name, spec };
  });
}

function inputDefault(spec) {
  const required = spec.required === true || spec.required === 'true';
  const hasDefault = spec.default !== undefined && spec.default !== null && String(spec.default) !== '';
  if (hasDefault) return required ? `${code(spec.default)} (required)` : code(spec.default);
  return required ? '**required**' : '*(none)*';
}

function inputsTable(metadata) {
  const rows = entries(metadata, 'inputs').map(({ name, spec }) => `| ${cell(code(name))} | ${cell(spec.description)} | ${cell(inputDefault(spec))} |`);
  return [NOTE, '| Input | Description | Default |', '| --- | --- | --- |', ...rows].join('\n');
}

function outputsTable(metadata) {
  const rows = entries(metadata, 'outputs').map(({ name, spec }) => `| ${cell(code(name))} | ${cell(spec.description)} |`);
  return [NOTE, '| Output | Description |', '| --- | --- |', ...rows].join('\n');
}

/** Replaces what lies between `<!-- NAME:start -->` and `<!-- NAME:end -->` (markers kept). */
function replaceBetween(readme, name, content) {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  if (from === -1 || to === -1 || to < from || readme.indexOf(start, from + 1) !== -1 || readme.indexOf(end, to + 1) !== -1) {
    throw new DocsError(`README.md must contain '${start}' followed by '${end}', once each`);
  }
  return `${readme.slice(0, from + start.length)}\n${content}\n${readme.slice(to)}`;
}

/** The README with fresh tables; line endings follow the file's own (a CRLF checkout stays CRLF). */
function renderReadme(readme, actionYaml) {
  const metadata = parse(actionYaml);
  const crlf = readme.includes('\r\n');
  let text = crlf ? readme.replace(/\r\n/g, '\n') : readme;
  text = replaceBetween(text, 'inputs', inputsTable(metadata));
  text = replaceBetween(text, 'outputs', outputsTable(metadata));
  return crlf ? text.replace(/\n/g, '\r\n') : text;
}

function parseArgs(argv) {
  const options = { check: false, root: path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..') };
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index];
    if (arg === '--check') options.check = true;
    else if (arg === '--root' && argv[index + 1] !== undefined) options.root = path.resolve(argv[++index]);
    else if (arg === '-h' || arg === '--help') {
      console.log(USAGE);
      process.exit(0);
    } else throw new DocsError(`unknown argument '${arg}'\n${USAGE}`);
  }
  return options;
}

function main() {
  const options = parseArgs(process.argv.slice(2));
  const readmePath = path.join(options.root, 'README.md');
  const current = readFileSync(readmePath, 'utf8');
  const fresh = renderReadme(current, readFileSync(path.join(options.root, 'action.yml'), 'utf8'));
  if (options.check) {
    if (fresh !== current) {
      console.error('README.md is stale: its inputs/outputs tables differ from action.yml. Run `node scripts/readme-tables.mjs` and commit README.md.');
      process.exit(1);
    }
    console.log('README.md tables match action.yml.');
    return;
  }
  if (fresh !== current) writeFileSync(readmePath, fresh);
  console.log(fresh === current ? 'README.md is up to date.' : 'README.md tables rewritten from action.yml.');
}

try {
  main();
} catch (error) {
  console.error(`readme-tables: ${error instanceof DocsError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
}
