// Writes schema/maestro.schema.json from the zod schema, through the bundled CLI (the same code
// users run). `--check` fails when the committed file is stale.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

const target = 'schema/maestro.schema.json';
const fresh = `${execFileSync(process.execPath, ['bin/maestro-gate.js', 'schema'], { encoding: 'utf8' }).trimEnd()}\n`;
if (process.argv.includes('--check')) {
  let committed = '';
  try {
    committed = readFileSync(target, 'utf8');
  } catch {
    // A missing file is stale too.
  }
  if (committed !== fresh) {
    console.error(`${target} is stale: run 'npm run schema' and commit it.`);
    process.exit(1);
  }
} else {
  writeFileSync(target, fresh);
  console.log(`${target} written.`);
}
