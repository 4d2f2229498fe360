// The sha256 of everything dist/ is built from: src/ and schemas/ (the JSON Schemas src/ imports),
// package.json and the lock file (what ncc resolves and how), the TypeScript config, the bundle
// script and this file. scripts/bundle.mjs records it in dist/source-hash.txt; the tests' global
// setup compares it, so `npm test` after an edit to any of them never runs a stale bundle
// (test/bundle-inputs.test.ts checks that nothing src/ imports lies outside them).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SOURCE_HASH_FILE = path.join(ROOT, 'dist', 'source-hash.txt');

export const HASHED_FOLDERS = ['src', 'schemas'];
export const HASHED_FILES = ['package.json', 'package-lock.json', 'tsconfig.json', 'scripts/bundle.mjs', 'scripts/source-hash.mjs', 'scripts/source-hash.d.mts'];

export function sourceHash() {
  const files = HASHED_FOLDERS.flatMap((folder) => readdirSync(path.join(ROOT, folder), { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(ROOT, path.join(entry.parentPath, entry.name)))
    .concat(HASHED_FILES)
    .map((file) => file.split(path.sep).join('/'))
    .sort();
  const hash = createHash('sha256');
  for (const file of files) hash.update(`${file}\0`).update(readFileSync(path.join(ROOT, file))).update('\0');
  return hash.digest('hex');
}
