// Writes the README's copy of `maestro-gate --help` from the bundled CLI, between the markers
// `<!-- cli-help:start -->` and `<!-- cli-help:end -->`, so the documented help is the real one.
// Needs dist/ (npm run bundle); test/cli/usage.test.ts runs `--check`.
//
//   node scripts/readme-cli-help.mjs           rewrite README.md
//   node scripts/readme-cli-help.mjs --check   exit 1 when README.md's copy is stale
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const START = '<!-- cli-help:start -->';
const END = '<!-- cli-help:end -->';
const NOTE = '<!-- Generated from `maestro-gate --help` by scripts/readme-cli-help.mjs; edit src/cli/help.ts, not this block. -->';

const help = spawnSync(process.execPath, [path.join(ROOT, 'bin/maestro-gate.js'), '--help'], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' } });
if (help.status !== 0) {
  console.error(`readme-cli-help: maestro-gate --help exited ${help.status}: ${help.stderr}`);
  process.exit(1);
}
const readmePath = path.join(ROOT, 'README.md');
const current = readFileSync(readmePath, 'utf8');
const crlf = current.includes('\r\n');
const text = crlf ? current.replace(/\r\n/g, '\n') : current;
const from = text.indexOf(START);
const to = text.indexOf(END);
if (from === -1 || to < from || text.indexOf(START, from + 1) !== -1) {
  console.error(`readme-cli-help: README.md must contain '${START}' followed by '${END}', once each`);
  process.exit(1);
}
let fresh = `${text.slice(0, from + START.length)}\n${NOTE}\n\`\`\`text\n${help.stdout}\`\`\`\n${text.slice(to)}`;
if (crlf) fresh = fresh.replace(/\n/g, '\r\n');
if (process.argv.includes('--check')) {
  if (fresh !== current) {
    console.error('README.md is stale: its copy of `maestro-gate --help` differs. Run `node scripts/readme-cli-help.mjs` and commit README.md.');
    process.exit(1);
  }
  console.log('README.md help matches maestro-gate --help.');
} else {
  if (fresh !== current) writeFileSync(readmePath, fresh);
  console.log(fresh === current ? 'README.md is up to date.' : 'README.md help rewritten from maestro-gate --help.');
}
