/**
 * dist/ is rebuilt before the tests whenever the hash of its inputs changes (test/global-setup.ts,
 * scripts/source-hash.mjs). That holds only while the hash covers every file the bundle is built
 * from: each relative import in src/ must land in a hashed folder, or an edit to it would leave
 * a stale dist/ under test.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { HASHED_FILES, HASHED_FOLDERS, ROOT, sourceHash } from '../scripts/source-hash.mjs';

const sources = readdirSync(path.join(ROOT, 'src'), { recursive: true, withFileTypes: true })
  .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
  .map((entry) => path.join(entry.parentPath, entry.name));

test('every relative import of src/ lies in a folder the source hash covers', () => {
  const outside: string[] = [];
  let relative = 0;
  for (const file of sources) {
    for (const [, specifier] of readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)) {
      relative += 1;
      const target = path.relative(ROOT, path.resolve(path.dirname(file), specifier!));
      if (!HASHED_FOLDERS.some((folder) => target.startsWith(`${folder}${path.sep}`))) outside.push(`${path.relative(ROOT, file)} -> ${target}`);
    }
  }
  expect(relative).toBeGreaterThan(100);
  expect(outside).toEqual([]);
});

test('the files that decide how the bundle is built are hashed, and the hash is what dist/ records', () => {
  expect(HASHED_FILES).toEqual(expect.arrayContaining(['package.json', 'package-lock.json', 'tsconfig.json', 'scripts/bundle.mjs']));
  // The global setup ran before this file: dist/ was built from exactly these inputs.
  expect(readFileSync(path.join(ROOT, 'dist/source-hash.txt'), 'utf8').trim()).toBe(sourceHash());
});

test('the bundle is emitted with the type-checked settings, changed only to ES module output', async () => {
  // ncc transpiles with src/tsconfig.json (scripts/bundle.mjs), `npm run typecheck` checks with
  // the root one: anything else that differed would bundle code under rules nobody checked.
  const ts = (await import('typescript')).default;
  const read = (file: string): Record<string, unknown> => {
    const { config, error } = ts.readConfigFile(path.join(ROOT, file), ts.sys.readFile);
    expect(error).toBeUndefined();
    return config as Record<string, unknown>;
  };
  const bundle = read('src/tsconfig.json');
  expect(bundle.extends).toBe('../tsconfig.json');
  expect(bundle.compilerOptions).toEqual({ module: 'ESNext', moduleResolution: 'Bundler' });
  expect(Object.keys(bundle).sort()).toEqual(['compilerOptions', 'extends', 'include']);
  expect(read('tsconfig.json').include).toEqual(expect.arrayContaining(['src']));
});
