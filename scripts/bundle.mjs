// Rebuilds dist/ from scratch: the Action (dist/index.js) and the CLI (dist/cli/index.js).
// Wiping first means a chunk that a change no longer needs cannot linger in the commit.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';

const ncc = (entry, out) =>
  execFileSync('npx', ['--no-install', 'ncc', 'build', entry, '-o', out, '--minify', '--no-cache', '--license', 'licenses.txt', '--quiet'], {
    stdio: 'inherit',
  });

rmSync('dist', { recursive: true, force: true });
ncc('src/index.ts', 'dist');
ncc('src/cli.ts', 'dist/cli');
