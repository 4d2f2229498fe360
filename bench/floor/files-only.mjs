// The cold-start floor of a program that does an Action's file work and nothing else
// (bench/run.mjs, Cold start): it reads the one-artifact manifest, parses it as JSON, and writes
// six small report files into a fresh folder, each through a temporary name and a rename. No
// validation, no gate.
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

const [manifestFile, reportDir] = process.argv.slice(2);
const manifest = JSON.parse(await readFile(manifestFile, 'utf8'));
await rm(reportDir, { recursive: true, force: true });
await mkdir(reportDir, { recursive: true });
const names = ['compliance-report.json', 'release-gate.json', 'manifest.json', 'verdict.json', 'compliance-report.md', 'compliance-report.sarif'];
await Promise.all(
  names.map(async (name) => {
    const temporary = path.join(reportDir, `.${name}.tmp`);
    await writeFile(temporary, `${JSON.stringify({ name, manifest })}\n`);
    await rename(temporary, path.join(reportDir, name));
  }),
);
