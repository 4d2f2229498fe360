/**
 * The CLI as a user runs it (`bin/maestro-gate.js`, which loads the bundled dist/cli): exit
 * codes 0 pass, 1 gate failed, 2 invalid input or usage, and what it prints.
 */
import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { ROOT, runCli, withExamples } from '../helpers/runner.js';
import { useWorkspaces } from '../helpers/workspace.js';

const newWorkspace = useWorkspaces();

const exampleWorkspace = async (): Promise<string> => withExamples(await newWorkspace());

describe('maestro-gate check', () => {
  test('passes the passing example, prints the report and writes the files', async () => {
    const cwd = await exampleWorkspace();
    const result = await runCli(['check', 'examples/passing/maestro.yml'], cwd);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Release gate passed: 1 compliant artifact(s) found');
    expect(result.stdout).toContain('demo-bundle');
    expect((await readdir(path.join(cwd, 'maestro-report'))).sort()).toEqual([
      'compliance-report.json',
      'compliance-report.md',
      'compliance-report.sarif',
      'manifest.json',
      'release-gate.json',
      'verdict.json',
    ]);
  });

  test.each([
    ['failing-status', "Run status is 'pending', must be 'succeeded'"],
    ['failing-no-artifacts', 'No artifacts found for this run'],
    ['failing-incomplete', 'No artifacts meet compliance requirements (SBOM + SLSA provenance + risk assessment)'],
    ['failing-tampered', 'Integrity check failed for 1 artifact(s): demo-bundle'],
  ])('%s exits 1 with the message', async (example, message) => {
    const cwd = await exampleWorkspace();
    const result = await runCli(['check', `examples/${example}/maestro.yml`], cwd);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(message);
  });

  test('--no-fail reports the failure and exits 0', async () => {
    const cwd = await exampleWorkspace();
    const result = await runCli(['check', '--no-fail', 'examples/failing-status/maestro.yml'], cwd);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Run status is 'pending', must be 'succeeded'");
  });

  test('--json prints the release gate and compliance report of every run', async () => {
    const cwd = await exampleWorkspace();
    const result = await runCli(['check', '--json', '--report-dir', 'out', 'examples/passing/maestro.yml', 'examples/failing-status/maestro.yml'], cwd);
    expect(result.code).toBe(1);
    const parsed = JSON.parse(result.stdout) as { outcome: string; passed: boolean; runs: { release_gate: { run_id: string; passed: boolean } }[] };
    expect(parsed.outcome).toBe('failed');
    expect(parsed.runs.map((run) => [run.release_gate.run_id, run.release_gate.passed])).toEqual([
      ['demo-release-pending', false],
      ['demo-release-1-4-2', true],
    ]);
    expect((await readdir(path.join(cwd, 'out'))).sort()).toEqual(['demo-release-1-4-2', 'demo-release-pending']);
  });

  test('--run-status overrides the manifest', async () => {
    const cwd = await exampleWorkspace();
    const result = await runCli(['check', '--run-status', 'succeeded', 'examples/failing-status/maestro.yml'], cwd);
    expect(result.code).toBe(0);
  });

  test('--require-evidence fails flags with no evidence behind them', async () => {
    const cwd = await exampleWorkspace();
    const result = await runCli(['check', '--require-evidence', 'examples/passing/maestro.yml'], cwd);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('SBOM declared true, no evidence');
  });

  test("without --require-evidence, a manifest's own require_evidence: true still holds", async () => {
    const cwd = await exampleWorkspace();
    const manifest = await readFile(path.join(cwd, 'examples/passing/maestro.yml'), 'utf8');
    expect(manifest).toMatch(/^policy:\n/m);
    await writeFile(path.join(cwd, 'strict.yml'), manifest.replace(/^policy:\n/m, 'policy:\n  require_evidence: true\n'));
    const result = await runCli(['check', 'strict.yml'], cwd);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('SBOM declared true, no evidence');
  });

  test('SOURCE_DATE_EPOCH makes the report files reproducible', async () => {
    const cwd = await exampleWorkspace();
    const env = { SOURCE_DATE_EPOCH: '1714564800' };
    const files = ['verdict.json', 'manifest.json', 'compliance-report.json', 'compliance-report.md'];
    const read = (): Promise<string[]> => Promise.all(files.map((file) => readFile(path.join(cwd, 'a', file), 'utf8')));
    await runCli(['check', '--report-dir', 'a', 'examples/passing/maestro.yml'], cwd, env);
    const first = await read();
    await runCli(['check', '--report-dir', 'a', 'examples/passing/maestro.yml'], cwd, env);
    expect(await read()).toEqual(first);
    expect(await readFile(path.join(cwd, 'a', 'verdict.json'), 'utf8')).toContain('"timeVerified": "2024-05-01T12:00:00.000Z"');
  });
});

describe('exit code 2: invalid input or usage', () => {
  test.each([
    [['check', '--run-status', 'done', 'examples/passing/maestro.yml'], "--run-status: 'done' is not one of"],
    [['check', '--bogus'], "unknown option '--bogus'"],
    [['frobnicate'], "unknown command 'frobnicate'"],
    [['check', 'examples/nope/maestro.yml'], 'examples/nope/maestro.yml manifest not found'],
    [['check', 'examples/*/nothing.yml'], 'this glob matches no file'],
  ])('%o', async (args, message) => {
    const cwd = await exampleWorkspace();
    const result = await runCli(args, cwd);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });

  test('an invalid manifest lists every error with file:line:column', async () => {
    const workspace = await newWorkspace({ 'maestro.yml': 'run:\n  name: r\n  status: yes\nartifacts: []\nextra: 1\n' });
    const result = await runCli(['check'], workspace.root);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("maestro.yml:2:3 run.owner: is required (expected string)");
    expect(result.stderr).toContain("maestro.yml:3:11 run.status: string 'yes' is not one of");
    expect(result.stderr).toContain("maestro.yml:5:1 extra: unknown key 'extra'");
  });

  test('--json on an invalid manifest prints the stable error codes', async () => {
    const workspace = await newWorkspace({ 'maestro.yml': 'run: {name: r, owner: o}\nrun: {name: r, owner: o}\n' });
    const result = await runCli(['check', '--json'], workspace.root);
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout)).toMatchObject({ outcome: 'error', passed: false, errors: [{ code: 'DUPLICATE_KEY', file: 'maestro.yml', line: 2 }] });
  });
});

describe('maestro-gate validate', () => {
  test('accepts every example without gating it', async () => {
    const cwd = await exampleWorkspace();
    const result = await runCli(['validate', 'examples/*/maestro.yml'], cwd);
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n')).toHaveLength(6);
    expect(result.stdout).toContain('examples/failing-status/maestro.yml: valid (run demo-release-pending, 1 artifact(s))');
  });

  test('rejects an invalid manifest with exit 2', async () => {
    const workspace = await newWorkspace({ 'maestro.yml': 'run: {name: r, owner: o}\nartifacts: [{kind: other, path_or_uri: /etc/passwd}]\n' });
    const result = await runCli(['validate'], workspace.root);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('artifacts[0].path_or_uri');
  });
});

test('--version and --help exit 0', async () => {
  const cwd = await exampleWorkspace();
  expect((await runCli(['--version'], cwd)).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  const help = await runCli(['--help'], cwd);
  expect(help.code).toBe(0);
  expect(help.stdout).toContain('Usage: maestro-gate');
});

describe('maestro-gate schema', () => {
  test('prints the JSON Schema generated from the zod schema, the same as the committed file', async () => {
    const cwd = await exampleWorkspace();
    const result = await runCli(['schema'], cwd);
    expect(result.code).toBe(0);
    const schema = JSON.parse(result.stdout) as { $id: string; properties: Record<string, unknown>; additionalProperties: boolean };
    expect(Object.keys(schema.properties).sort()).toEqual(['artifacts', 'disclosure_pack', 'policy', 'run', 'version']);
    expect(schema.additionalProperties).toBe(false);
    expect(`${result.stdout.trimEnd()}\n`).toBe(await readFile(path.join(ROOT, 'schema/maestro.schema.json'), 'utf8'));
  });
});

describe('maestro-gate init', () => {
  test('writes a starter that validate accepts, with the schema line for editors', async () => {
    const workspace = await newWorkspace();
    const init = await runCli(['init'], workspace.root);
    expect(init.code).toBe(0);
    const text = await readFile(workspace.path('maestro.yml'), 'utf8');
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=https://raw.githubusercontent.com/summit/maestro-gate/v1/schema/maestro.schema.json');
    const validate = await runCli(['validate'], workspace.root);
    expect(validate.stderr).toBe('');
    expect(validate.code).toBe(0);
  });

  test('never overwrites an existing manifest without --force', async () => {
    const workspace = await newWorkspace({ 'maestro.yml': 'mine\n' });
    const again = await runCli(['init'], workspace.root);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('maestro.yml already exists; pass --force to overwrite it');
    expect(await readFile(workspace.path('maestro.yml'), 'utf8')).toBe('mine\n');
    expect((await runCli(['init', '--force'], workspace.root)).code).toBe(0);
    expect(await readFile(workspace.path('maestro.yml'), 'utf8')).toContain('yaml-language-server');
  });
});
