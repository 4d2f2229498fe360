// Rebuilds dist/ from scratch: the Action (dist/index.js) and the CLI (dist/cli/index.js).
// Wiping first means a chunk that a change no longer needs cannot linger in the commit. The two
// builds are independent, so they run side by side (one per core).
import { spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { sourceHash, SOURCE_HASH_FILE } from './source-hash.mjs';

const ncc = (entry, out) =>
  new Promise((resolve, reject) => {
    const child = spawn('npx', ['--no-install', 'ncc', 'build', entry, '-o', out, '--minify', '--no-cache', '--license', 'licenses.txt', '--quiet'], {
      stdio: 'inherit',
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`ncc build ${entry} exited with ${code}`))));
  });

rmSync('dist', { recursive: true, force: true });
await Promise.all([ncc('src/index.ts', 'dist'), ncc('src/cli.ts', 'dist/cli')]);
writeFileSync(SOURCE_HASH_FILE, `${sourceHash()}\n`);
