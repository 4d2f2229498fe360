// The sha256 of everything dist/ is built from: src/, the lock file, the TypeScript config and
// the bundle script. scripts/bundle.mjs records it in dist/source-hash.txt; the tests'
// global setup compares it, so `npm test` after an edit to src/ never runs a stale bundle.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SOURCE_HASH_FILE = path.join(ROOT, 'dist', 'source-hash.txt');

export function sourceHash() {
  const files = readdirSync(path.join(ROOT, 'src'), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(ROOT, path.join(entry.parentPath, entry.name)))
    .concat(['package-lock.json', 'tsconfig.json', 'scripts/bundle.mjs'])
    .map((file) => file.split(path.sep).join('/'))
    .sort();
  const hash = createHash('sha256');
  for (const file of files) hash.update(`${file}\0`).update(readFileSync(path.join(ROOT, file))).update('\0');
  return hash.digest('hex');
}
