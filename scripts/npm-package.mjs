// Stages the npm package of the CLI in DIR (`node scripts/npm-package.mjs DIR`), for the release
// workflow to publish (`npm publish DIR --provenance`). The repository's package.json is the
// development manifest and stays private, so a plain `npm publish` from a clone fails: its
// dependencies are already bundled into dist/ by ncc, and none of them, nor its development tools,
// may be installed by an `npx maestro-gate` user. The staged
// package.json keeps what a user needs and drops the rest; the files are package.json's "files".
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const KEPT = ['name', 'version', 'description', 'license', 'type', 'bin', 'engines', 'repository', 'homepage', 'bugs', 'keywords', 'files'];

function fail(message) {
  process.stderr.write(`npm-package: ${message}\n`);
  process.exit(1);
}

const target = process.argv[2];
if (target === undefined || process.argv.length > 3) fail('usage: node scripts/npm-package.mjs DIR');
const out = path.resolve(target);
if (out === ROOT || out.startsWith(`${ROOT}${path.sep}`)) fail(`${target} is inside the repository; stage the package outside it`);
mkdirSync(out, { recursive: true });
// Never publish a mix of this version's files and a previous run's.
if (readdirSync(out).length > 0) fail(`${target} is not empty`);

const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const staged = Object.fromEntries(KEPT.filter((key) => manifest[key] !== undefined).map((key) => [key, manifest[key]]));
for (const key of ['name', 'version', 'bin', 'files', 'repository']) {
  if (staged[key] === undefined) fail(`package.json has no "${key}"`);
}
staged.publishConfig = { access: 'public', provenance: true };

for (const entry of [...staged.files, 'LICENSE']) {
  const from = path.join(ROOT, entry);
  if (!existsSync(from)) fail(`"${entry}" (package.json "files") does not exist`);
  cpSync(from, path.join(out, entry), { recursive: true });
}
writeFileSync(path.join(out, 'package.json'), `${JSON.stringify(staged, null, 2)}\n`);
process.stdout.write(`staged ${staged.name}@${staged.version} in ${out}\n`);
