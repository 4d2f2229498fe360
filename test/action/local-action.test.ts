/**
 * `npm run local-action`: the Action run on a developer's machine by @github/local-action, the
 * official tool for it, exactly as the README and .env.example say (src/main.ts, a .env file).
 * local-action imports src/main.ts, calls its `run()` and replaces @actions/core with its own
 * stubs, so this proves the entry is importable, that local runners' unevaluated defaults are
 * handled, and that the exit code stays fail-closed outside a GitHub runner too.
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { ROOT, withExamples } from '../helpers/runner.js';
import { makeWorkspace, type Workspace } from '../helpers/workspace.js';

const LOCAL_ACTION = path.join(ROOT, 'node_modules/@github/local-action/bin/local-action.js');

interface LocalRun {
  code: number | null;
  log: string;
  outputs: Record<string, string>;
  summary: string;
}

/** Writes a .env as .env.example describes it, then runs `local-action . src/main.ts <env>`. */
async function localAction(manifest: string, extra: Record<string, string> = {}): Promise<LocalRun> {
  // Its own workspace, removed when it ends: the two tests run side by side.
  const ws = await makeWorkspace();
  try {
    return await runIn(ws, manifest, extra);
  } finally {
    await ws.cleanup();
  }
}

async function runIn(ws: Workspace, manifest: string, extra: Record<string, string>): Promise<LocalRun> {
  await withExamples(ws);
  const summary = await ws.write('summary.md', '');
  const env = { GITHUB_WORKSPACE: ws.root, GITHUB_STEP_SUMMARY: summary, GITHUB_REPOSITORY: 'summit/example', GITHUB_EVENT_NAME: 'push', INPUT_MANIFEST: manifest, 'INPUT_UPLOAD-REPORT': 'false', ...extra };
  const envFile = await ws.write('local.env', Object.entries(env).map(([key, value]) => `${key}=${value}`).join('\n'));
  // The package manager local-action shells out to finds node and npm on PATH; nothing else leaks in.
  const child = spawn(process.execPath, [LOCAL_ACTION, '.', 'src/main.ts', envFile], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NO_COLOR: '1', FORCE_COLOR: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const plain = log.replace(/\x1b\[[0-9;]*m/g, '');
  const outputs: Record<string, string> = {};
  for (const match of plain.matchAll(/^::set-output name=([^:]+)::(.*)$/gm)) outputs[match[1]!] = match[2]!;
  return { code, log: plain, outputs, summary: await readFile(summary, 'utf8') };
}

describe('npm run local-action (@github/local-action with src/main.ts)', () => {
  test.concurrent('a passing manifest: exit 0, passed=true, the summary, and a note for an unevaluated github-token', async () => {
    // local-action hands action.yml's defaults only to @actions/core's getInput, which the Action
    // does not use (src/action/runner.ts): a .env copied from a workflow still carries the expression.
    const run = await localAction('examples/passing/maestro.yml', { 'INPUT_GITHUB-TOKEN': '${{ github.token }}' });
    expect(run.code, run.log).toBe(0);
    expect(run.outputs).toMatchObject({ passed: 'true', outcome: 'passed', 'run-id': 'demo-release-1-4-2', 'compliant-artifact-ids': '["demo-bundle"]' });
    expect(run.summary).toMatch(/^## ✅ Release gate passed/);
    expect(run.log).toContain("::warning::github-token: '${{ github.token }}' is an expression the runner did not evaluate");
    // What the old bundle entry did when imported: none of our safety nets may fire under a host.
    expect(run.log).not.toContain('unhandled promise rejection');
    expect(run.log).not.toContain('failing closed');
  }, 60_000);

  test.concurrent('an unevaluated run-status: refused, exit 1, never a pass', async () => {
    const refused = await localAction('examples/passing/maestro.yml', { 'INPUT_RUN-STATUS': '${{ job.status }}' });
    expect(refused.code, refused.log).toBe(1);
    expect(refused.outputs).toMatchObject({ passed: 'false', outcome: 'error' });
    expect(refused.outputs.message).toContain("run-status: '${{ job.status }}' is an expression the runner did not evaluate; give the value itself");
    expect(refused.summary).toMatch(/^## ❌/);
  }, 60_000);
});
