// Rebuilds dist/ from scratch: the Action (dist/index.js) and the CLI (dist/cli/index.js).
// Wiping first means a chunk that a change no longer needs cannot linger in the commit. The two
// builds are independent, so they run side by side (one per core).
//
// ncc only transpiles (`--transpile-only`): `npm run typecheck` is the type check, run first by
// `npm run build` and by CI. Type-checking inside ncc checked the root tsconfig.json's whole
// program, tests included, in each build: 51 s per build instead of 29 s, and 80 s instead of
// 38-47 s for the two side by side on this project's 2-core machines. ncc and its TypeScript
// loader read the nearest tsconfig.json to the entry, src/tsconfig.json, which only sets the emit
// a per-file transpile needs (ES modules: NodeNext cannot tell a file's format without the
// package.json it does not read). The bundle is byte for byte the one a type-checked build makes.
import { spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { sourceHash, SOURCE_HASH_FILE } from './source-hash.mjs';

const ncc = (entry, out) =>
  new Promise((resolve, reject) => {
    const child = spawn('npx', ['--no-install', 'ncc', 'build', entry, '-o', out, '--minify', '--transpile-only', '--no-cache', '--license', 'licenses.txt', '--quiet'], {
      stdio: 'inherit',
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`ncc build ${entry} exited with ${code}`))));
  });

rmSync('dist', { recursive: true, force: true });
await Promise.all([ncc('src/index.ts', 'dist'), ncc('src/cli.ts', 'dist/cli')]);
writeFileSync(SOURCE_HASH_FILE, `${sourceHash()}\n`);
