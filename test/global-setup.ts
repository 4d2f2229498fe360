/**
 * Before any test: make sure dist/ is built from the sources in the tree, so the tests that run
 * the bundle as the runner does test this edit, not the last commit's (`npm test` right after a
 * change to src/ rebuilds first). A matching dist/source-hash.txt means nothing to do.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { ROOT, SOURCE_HASH_FILE, sourceHash } from '../scripts/source-hash.mjs';

export default function ensureFreshBundle(): void {
  const recorded = (() => {
    try {
      return readFileSync(SOURCE_HASH_FILE, 'utf8').trim();
    } catch {
      return '';
    }
  })();
  if (recorded === sourceHash()) return;
  process.stderr.write('dist/ was built from other sources: rebuilding it before the tests (npm run bundle)\n');
  const built = spawnSync(process.execPath, ['scripts/bundle.mjs'], { cwd: ROOT, stdio: 'inherit' });
  if (built.status !== 0) throw new Error('npm run bundle failed: the tests would run a stale dist/');
}
