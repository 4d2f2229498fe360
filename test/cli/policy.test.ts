/**
 * The CLI and the trusted policy (SPEC §4a, §7): `--policy FILE` judges by a policy file,
 * `--policy-ref REF` reads it as committed (so an uncommitted edit has no effect), `schema
 * --policy` prints the policy's JSON Schema, `init --policy` writes a starter that works.
 */
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { ROOT, runCli } from '../helpers/runner.js';
import { makeWorkspace, sha256Of, type Workspace } from '../helpers/workspace.js';

const BYTES = 'release bytes\n';
const MANIFEST = `run: { name: r, owner: o, status: succeeded }
artifacts:
  - id: app
    kind: other
    path_or_uri: dist/app.tgz
    content_hash: ${sha256Of(BYTES)}
    metadata_json: { sbom_present: true }
`;
const workspaces: Workspace[] = [];
afterAll(async () => {
  await Promise.all(workspaces.map((ws) => ws.cleanup()));
});

async function repository(files: Record<string, string>): Promise<Workspace> {
  const ws = await makeWorkspace(files);
  workspaces.push(ws);
  const git = (...args: string[]): void => void execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: ws.root, stdio: 'ignore' });
  git('init', '-q', '-b', 'main');
  git('add', '.');
  git('commit', '-q', '-m', 'reviewed policy');
  return ws;
}

describe('maestro-gate and a trusted policy', () => {
  test('--policy-ref reads the committed policy: an edit in the work tree changes nothing', async () => {
    const ws = await repository({ 'dist/app.tgz': BYTES, 'maestro.yml': MANIFEST, 'policy.yml': 'required_flags: [sbom_present, slsa_provenance_present]\n' });
    await ws.write('policy.yml', 'required_flags: [sbom_present]\n');
    const pinned = await runCli(['check', '--policy', 'policy.yml', '--policy-ref', 'HEAD'], ws.root);
    expect(pinned.code, pinned.stdout + pinned.stderr).toBe(1);
    expect(pinned.stdout).toContain('policy: trusted policy policy.yml at HEAD');
    // Without the ref the work tree's file is the policy, and the lenient edit applies.
    const workTree = await runCli(['check', '--policy', 'policy.yml'], ws.root);
    expect(workTree.code, workTree.stdout + workTree.stderr).toBe(0);
  });

  test('a manifest that brings its own trust anchors under --policy is invalid input (exit 2)', async () => {
    const ws = await repository({ 'dist/app.tgz': BYTES, 'maestro.yml': `${MANIFEST}policy:\n  trusted_keys: [key.pem]\n`, 'key.pem': 'x\n', 'policy.yml': 'required_flags: [sbom_present]\n' });
    const run = await runCli(['check', '--policy', 'policy.yml', '--policy-ref', 'main'], ws.root);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('policy.trusted_keys');
    expect(run.stderr).toContain('policy.yml');
  });

  test('an unknown ref, or --policy-ref without --policy, is invalid input naming the flag', async () => {
    const ws = await repository({ 'dist/app.tgz': BYTES, 'maestro.yml': MANIFEST, 'policy.yml': 'required_flags: [sbom_present]\n' });
    const unknown = await runCli(['check', '--policy', 'policy.yml', '--policy-ref', 'no-such-branch'], ws.root);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no-such-branch/);
    const alone = await runCli(['check', '--policy-ref', 'main'], ws.root);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toContain('--policy-ref is set but --policy is not');
  });

  test('schema --policy prints the committed policy schema', async () => {
    const run = await runCli(['schema', '--policy'], ROOT);
    expect(run.code).toBe(0);
    const committed = await readFile(path.join(ROOT, 'schema/maestro-policy.schema.json'), 'utf8');
    expect(JSON.parse(run.stdout)).toEqual(JSON.parse(committed));
    expect(run.stdout).toContain('manifest_waivers');
  });

  test('init --policy writes a starter policy that check accepts', async () => {
    const ws = await repository({ 'dist/app.tgz': BYTES, 'maestro.yml': MANIFEST });
    const init = await runCli(['init', '--policy'], ws.root);
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toContain('.github/maestro-policy.yml');
    const again = await runCli(['init', '--policy'], ws.root);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists');
    const check = await runCli(['check', '--policy', '.github/maestro-policy.yml'], ws.root);
    // The starter is the service's rule: one flag is not enough.
    expect(check.code, check.stdout + check.stderr).toBe(1);
    expect(check.stdout).toContain('policy: trusted policy .github/maestro-policy.yml in the workspace');
  });
});
