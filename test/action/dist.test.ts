/**
 * The bundled Action, run as the runner runs it, on the shipped examples and on hostile input.
 * These assert what a user sees: exit code, outputs, report files, summary and annotations.
 */
import { chmod, cp, mkdir, readFile, readdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { ACTION_METADATA, decodeEntities, ROOT, runAction, withExamples } from '../helpers/runner.js';
import { useWorkspaces } from '../helpers/workspace.js';

const newWorkspace = useWorkspaces();

const exampleWorkspace = async (): Promise<string> => withExamples(await newWorkspace());

const readJson = async (file: string): Promise<Record<string, unknown>> => JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;

describe('the passing example', () => {
  test('exits 0 with every output set and every report file written', async () => {
    const workspace = await exampleWorkspace();
    const result = await runAction({ workspace, inputs: { manifest: 'examples/passing/maestro.yml' } });

    expect(result.code).toBe(0);
    expect(result.outputs).toMatchObject({
      passed: 'true',
      outcome: 'passed',
      message: 'Release gate passed: 1 compliant artifact(s) found',
      'run-id': 'demo-release-1-4-2',
      'total-artifacts': '2',
      'compliant-artifacts': '1',
      'compliant-artifact-ids': '["demo-bundle"]',
      'report-dir': path.join(workspace, 'maestro-report'),
      'report-path': path.join(workspace, 'maestro-report', 'compliance-report.json'),
      'manifest-path': path.join(workspace, 'maestro-report', 'manifest.json'),
    });
    const files = (await readdir(path.join(workspace, 'maestro-report'))).sort();
    expect(files).toEqual(['compliance-report.json', 'compliance-report.md', 'compliance-report.sarif', 'manifest.json', 'release-gate.json', 'verdict.json']);

    const gate = await readJson(path.join(workspace, 'maestro-report', 'release-gate.json'));
    expect(gate).toEqual({
      run_id: 'demo-release-1-4-2',
      passed: true,
      message: 'Release gate passed: 1 compliant artifact(s) found',
      details: { run_id: 'demo-release-1-4-2', total_artifacts: 2, compliant_artifacts: 1, compliant_artifact_ids: ['demo-bundle'] },
    });
    const report = await readJson(path.join(workspace, 'maestro-report', 'compliance-report.json'));
    expect(report).toMatchObject({
      run_id: 'demo-release-1-4-2',
      run_name: 'maestro-demo 1.4.2',
      run_status: 'succeeded',
      release_gate_passed: true,
      summary: { total_artifacts: 2, compliant_artifacts: 1 },
    });
    const manifest = await readJson(path.join(workspace, 'maestro-report', 'manifest.json'));
    expect(Object.keys(manifest).sort()).toEqual(['artifacts', 'compliance_report', 'disclosure_pack', 'run']);
    expect(manifest.disclosure_pack).toMatchObject({ artifact_ids: ['demo-bundle'] });
    const verdict = await readJson(path.join(workspace, 'maestro-report', 'verdict.json'));
    expect(verdict).toMatchObject({ predicateType: 'https://slsa.dev/verification_summary/v1', predicate: { verificationResult: 'PASSED' } });

    expect(decodeEntities(result.summary)).toContain('Release gate passed: 1 compliant artifact(s) found');
    const markdown = await readFile(path.join(workspace, 'maestro-report', 'compliance-report.md'), 'utf8');
    expect(result.summary.trimEnd()).toBe(markdown.trimEnd());
    expect(result.annotations.filter((annotation) => annotation.level === 'error')).toEqual([]);
  });

  test('declares every output of action.yml', async () => {
    const workspace = await exampleWorkspace();
    const result = await runAction({ workspace, inputs: { manifest: 'examples/passing/maestro.yml' } });
    const unset = Object.keys(ACTION_METADATA.outputs).filter((name) => !(name in result.outputs));
    // Set only when the report is uploaded, which needs the Actions runtime (see 'delivery' below).
    expect(unset).toEqual(['artifact-url', 'artifact-id']);
  });
});

describe.each([
  ['failing-status', "Run status is 'pending', must be 'succeeded'", 'demo-release-pending'],
  ['failing-no-artifacts', 'No artifacts found for this run', 'demo-release-empty'],
  ['failing-incomplete', 'No artifacts meet compliance requirements (SBOM + SLSA provenance + risk assessment)', 'demo-release-incomplete'],
])('the %s example', (example, message, runId) => {
  test('fails the job with the service message', async () => {
    const workspace = await exampleWorkspace();
    const result = await runAction({ workspace, inputs: { manifest: `examples/${example}/maestro.yml` } });
    expect(result.code).not.toBe(0);
    expect(result.outputs).toMatchObject({ passed: 'false', outcome: 'failed', message, 'run-id': runId });
    expect(await readJson(path.join(workspace, 'maestro-report', 'release-gate.json'))).toMatchObject({ run_id: runId, passed: false, message });
    expect(result.stdout).toContain(`::error::Release gate failed: ${message}`);
  });
});

describe('integrity', () => {
  test('a tampered artifact fails even with every flag true, and is named', async () => {
    const workspace = await exampleWorkspace();
    const result = await runAction({ workspace, inputs: { manifest: 'examples/failing-tampered/maestro.yml' } });
    expect(result.code).not.toBe(0);
    expect(result.outputs.outcome).toBe('failed');
    expect(result.outputs.message).toMatch(/^Integrity check failed for 1 artifact\(s\): demo-bundle \(examples\/release\/maestro-demo-1\.4\.2\.txt\): content_hash mismatch/);
    // SPEC §6: what decides the failed gate is an error at the content_hash: line, not a warning.
    const error = result.annotations.find((annotation) => annotation.level === 'error' && annotation.properties.title?.includes('demo-bundle'));
    expect(error?.properties).toMatchObject({ file: 'examples/failing-tampered/maestro.yml', line: '12', title: 'maestro-gate: artifact demo-bundle: content_hash mismatch' });
    expect(error?.message).toMatch(/^content_hash is sha256:f41f3fa6\w+, but the file's sha256 is sha256:/);
    expect(result.annotations.filter((annotation) => annotation.level === 'warning' && annotation.properties.title?.includes('demo-bundle'))).toEqual([]);
  });

  test('a non-compliant artifact gets a warning at its line in the manifest', async () => {
    const workspace = await exampleWorkspace();
    const result = await runAction({ workspace, inputs: { manifest: 'examples/failing-incomplete/maestro.yml' } });
    const warnings = result.annotations.filter((annotation) => annotation.level === 'warning');
    expect(warnings.map((annotation) => [annotation.properties.file, annotation.properties.line])).toEqual([
      ['examples/failing-incomplete/maestro.yml', '8'],
      ['examples/failing-incomplete/maestro.yml', '11'],
    ]);
    expect(warnings[0]?.message).toContain('risk assessment not present');
  });
});

describe('inputs', () => {
  test('fail-on-gate false is advisory: outputs say failed, the job exits 0', async () => {
    const workspace = await exampleWorkspace();
    const result = await runAction({ workspace, inputs: { manifest: 'examples/failing-incomplete/maestro.yml', 'fail-on-gate': 'false' } });
    expect(result.code).toBe(0);
    expect(result.outputs).toMatchObject({ passed: 'false', outcome: 'failed' });
    expect(result.stdout).toContain('::warning::Release gate failed (advisory');
  });

  test.each([
    ['failure', 'failed'],
    ['cancelled', 'cancelled'],
    ['skipped', 'cancelled'],
    ['running', 'running'],
  ])('run-status %s makes a passing run fail as %s', async (input, status) => {
    const workspace = await exampleWorkspace();
    const result = await runAction({ workspace, inputs: { manifest: 'examples/passing/maestro.yml', 'run-status': input } });
    expect(result.code).not.toBe(0);
    expect(result.outputs.message).toBe(`Run status is '${status}', must be 'succeeded'`);
  });

  test('run-status success overrides a pending manifest', async () => {
    const workspace = await exampleWorkspace();
    const result = await runAction({ workspace, inputs: { manifest: 'examples/failing-status/maestro.yml', 'run-status': 'success' } });
    expect(result.code).toBe(0);
    expect(result.outputs.outcome).toBe('passed');
  });

  test.each([
    ['fail-on-gate', 'maybe', "fail-on-gate: 'maybe' is not one of true, false"],
    ['run-status', 'done', "run-status: 'done' is not one of pending, running, succeeded, failed, cancelled, success, failure, skipped"],
    ['require-evidence', 'yes', "require-evidence: 'yes' is not one of true, false"],
    ['upload-report', 'on', "upload-report: 'on' is not one of true, false"],
  ])('%s: %s is an input error naming the allowed values (HOSTILE 28)', async (name, value, message) => {
    const workspace = await exampleWorkspace();
    const result = await runAction({ workspace, inputs: { manifest: 'examples/passing/maestro.yml', [name]: value } });
    expect(result.code).not.toBe(0);
    expect(result.outputs).toMatchObject({ passed: 'false', outcome: 'error' });
    expect(result.outputs.message).toContain(message);
    const errors = await readJson(path.join(workspace, 'maestro-report', 'errors.json'));
    expect(errors).toMatchObject({ outcome: 'error', errors: [{ code: 'INVALID_INPUT' }] });
  });

  test('require-evidence true fails a run whose flags have no evidence behind them', async () => {
    const workspace = await exampleWorkspace();
    const result = await runAction({ workspace, inputs: { manifest: 'examples/passing/maestro.yml', 'require-evidence': 'true' } });
    expect(result.code).not.toBe(0);
    expect(result.outputs.outcome).toBe('failed');
    expect(result.outputs.message).toContain('SBOM declared true, no evidence');
  });

  test('upload-report is skipped with a notice; the verdict stands', async () => {
    const workspace = await exampleWorkspace();
    const result = await runAction({ workspace, inputs: { manifest: 'examples/passing/maestro.yml' } });
    expect(result.annotations.some((annotation) => annotation.level === 'notice' && annotation.message.startsWith('upload-report'))).toBe(true);
    expect(result.code).toBe(0);
  });
});

describe('several manifests', () => {
  test('a glob gates every run; each run has its own folder; passed only when all pass', async () => {
    const workspace = await exampleWorkspace();
    const result = await runAction({ workspace, inputs: { manifest: 'examples/*/maestro.yml\n!examples/failing-tampered/**\n!examples/evidence/**' } });
    expect(result.code).not.toBe(0);
    expect(result.outputs.passed).toBe('false');
    // Sorted by manifest path, so the order never depends on the file system.
    expect(JSON.parse(result.outputs['run-id']!)).toEqual(['demo-release-incomplete', 'demo-release-empty', 'demo-release-pending', 'demo-release-1-4-2']);
    expect(result.outputs.message!.split('\n')).toContain("demo-release-pending: Run status is 'pending', must be 'succeeded'");
    expect(JSON.parse(result.outputs['compliant-artifact-ids']!)).toEqual(['demo-release-pending/artifact-1', 'demo-release-1-4-2/demo-bundle']);
    const folders = (await readdir(path.join(workspace, 'maestro-report'))).sort();
    expect(folders).toEqual(['demo-release-1-4-2', 'demo-release-empty', 'demo-release-incomplete', 'demo-release-pending']);
    expect(await readJson(path.join(workspace, 'maestro-report', 'demo-release-1-4-2', 'release-gate.json'))).toMatchObject({ passed: true });
  });

  test('all passing runs pass', async () => {
    const workspace = await exampleWorkspace();
    await cp(path.join(workspace, 'examples/passing'), path.join(workspace, 'services/api'), { recursive: true });
    const api = path.join(workspace, 'services/api/maestro.yml');
    await writeFile(api, (await readFile(api, 'utf8')).replace('id: demo-release-1-4-2', 'id: api-release'));
    const result = await runAction({ workspace, inputs: { manifest: 'examples/passing/maestro.yml\nservices/*/maestro.yml' } });
    expect(result.code).toBe(0);
    expect(result.outputs).toMatchObject({ passed: 'true', outcome: 'passed', 'total-artifacts': '4', 'compliant-artifacts': '2' });
  });
});

describe('invalid manifests', () => {
  test('each error is an error annotation at its file, line and column; outcome error', async () => {
    const workspace = await newWorkspace({
      'maestro.yml': 'run:\n  name: r\n  owner: o\n  status: done\nartifacts:\n  - kind: banana\n    path_or_uri: x\n    metadata_json: { sbom_presnt: true }\n',
    });
    const result = await runAction({ workspace: workspace.root });
    expect(result.code).not.toBe(0);
    expect(result.outputs).toMatchObject({ passed: 'false', outcome: 'error' });
    const errors = result.annotations.filter((annotation) => annotation.level === 'error' && annotation.properties.file === 'maestro.yml');
    expect(errors.map((annotation) => [annotation.properties.line, annotation.properties.col, annotation.message])).toEqual([
      ['4', '11', "run.status: string 'done' is not one of pending, running, succeeded, failed, cancelled"],
      ['6', '11', "artifacts[0].kind: string 'banana' is not one of sbom, slsa_provenance, risk_assessment, specification, build_log, test_report, other"],
      ['8', '22', "artifacts[0].metadata_json.sbom_presnt: unknown key 'sbom_presnt' (did you mean 'sbom_present'?); allowed keys: sbom_present, slsa_provenance_present, risk_assessment_present, additional_metadata"],
    ]);
    const report = await readJson(path.join(workspace.root, 'maestro-report', 'errors.json'));
    expect(report).toMatchObject({ outcome: 'error', errors: [{ code: 'INVALID_VALUE', line: 4 }, { code: 'INVALID_VALUE' }, { code: 'UNKNOWN_KEY' }] });
    expect(result.summary).toContain('maestro.yml');
  });

  test('a missing default manifest is an error that names it', async () => {
    const workspace = await newWorkspace();
    const result = await runAction({ workspace: workspace.root });
    expect(result.code).not.toBe(0);
    expect(result.outputs.outcome).toBe('error');
    expect(result.outputs.message).toContain('maestro.yml manifest not found');
  });
});

describe('hostile strings (HOSTILE 22, 23)', () => {
  const hostile = '</td></tr></table>\n## ✅ PASSED [x](javascript:alert(1)) <img src=x onerror=alert(1)> @org/team a|b|c';
  test('reach the summary inert and never become workflow commands', async () => {
    const workspace = await newWorkspace({
      'maestro.yml': [
        'run:',
        `  name: ${JSON.stringify(hostile)}`,
        `  owner: "::error::owned"`,
        '  status: pending',
        'artifacts:',
        `  - id: ${JSON.stringify('::add-mask::x|y')}`,
        '    kind: other',
        `    path_or_uri: ${JSON.stringify('s3://b/::stop-commands::z')}`,
        '',
      ].join('\n'),
    });
    const result = await runAction({ workspace: workspace.root });
    expect(result.code).not.toBe(0);
    expect(result.summary).not.toMatch(/<img|<\/td>|\]\(javascript|^## ✅ PASSED/m);
    expect(result.summary).not.toContain('@org/team');
    for (const line of result.stdout.split('\n')) {
      expect(line).not.toMatch(/^\s*::(add-mask|stop-commands)/);
      if (line.startsWith('::error')) expect(line).not.toMatch(/^::error::owned/);
    }
  });
});

describe('faults (HOSTILE 24, 25, 26)', () => {
  const fault = (name: string): string[] => ['--import', path.join(ROOT, 'test/fixtures/faults', name)];

  test.each([
    ['throw.mjs', 'TypeError: injected inside the hasher'],
    ['reject.mjs', 'injected: rejected'],
  ])('%s inside the gate ends in a failure, never a pass', async (module, text) => {
    const workspace = await exampleWorkspace();
    const result = await runAction({ workspace, inputs: { manifest: 'examples/passing/maestro.yml' }, nodeArgs: fault(module) });
    expect(result.code).not.toBe(0);
    expect(result.outputs.outcome).toBe('error');
    expect(result.stdout).toContain(text);
  });

  test('a promise that never settles ends in a failure', async () => {
    const workspace = await exampleWorkspace();
    const result = await runAction({ workspace, inputs: { manifest: 'examples/passing/maestro.yml' }, nodeArgs: fault('hang.mjs') });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('never settled');
    // A stopped run still tells later steps what happened: never a pass (SPEC §6).
    expect(result.outputs).toMatchObject({ passed: 'false', outcome: 'error' });
  });

  test('the watchdog ends a run that stays busy', async () => {
    const workspace = await exampleWorkspace();
    const result = await runAction({
      workspace,
      inputs: { manifest: 'examples/passing/maestro.yml' },
      nodeArgs: fault('hang-busy.mjs'),
      env: { MAESTRO_GATE_TIMEOUT_MS: '300' },
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('did not finish within');
  });

  test('SIGTERM mid-run fails the job with a summary line', async () => {
    const workspace = await exampleWorkspace();
    const result = await runAction({
      workspace,
      inputs: { manifest: 'examples/passing/maestro.yml' },
      nodeArgs: fault('hang-busy.mjs'),
      onStart: (child) => setTimeout(() => child.kill('SIGTERM'), 700),
    });
    expect(result.code).toBe(143);
    expect(result.summary).toContain('stopped by SIGTERM');
  });

  test('no summary file: the verdict stands, with a warning', async () => {
    const workspace = await exampleWorkspace();
    const result = await runAction({ workspace, inputs: { manifest: 'examples/passing/maestro.yml' }, summaryFile: null });
    expect(result.code).toBe(0);
    expect(result.outputs.outcome).toBe('passed');
    expect(result.annotations.some((annotation) => annotation.level === 'warning' && annotation.message.includes('job summary could not be written'))).toBe(true);
  });

  test('an unwritable summary: the failing verdict stands too', async () => {
    const workspace = await exampleWorkspace();
    const result = await runAction({ workspace, inputs: { manifest: 'examples/failing-status/maestro.yml' }, summaryFile: path.join(workspace, 'no-such-dir', 'summary.md') });
    expect(result.code).not.toBe(0);
    expect(result.outputs.outcome).toBe('failed');
  });

  test('a report-dir that is a symlink out of the workspace is refused, never followed', async () => {
    const workspace = await exampleWorkspace();
    const outside = await newWorkspace();
    await symlink(outside.root, path.join(workspace, 'maestro-report'));
    const result = await runAction({ workspace, inputs: { manifest: 'examples/passing/maestro.yml' } });
    expect(result.code).not.toBe(0);
    expect(result.outputs.outcome).toBe('error');
    expect(result.outputs.message).toContain('symlink');
    expect(await readdir(outside.root)).toEqual([]);
  });

  test.skipIf(process.getuid?.() === 0)('an unwritable report folder is an error', async () => {
    const workspace = await exampleWorkspace();
    await mkdir(path.join(workspace, 'maestro-report'));
    await chmod(path.join(workspace, 'maestro-report'), 0o500);
    const result = await runAction({ workspace, inputs: { manifest: 'examples/passing/maestro.yml' } });
    expect(result.code).not.toBe(0);
    expect(result.outputs.outcome).toBe('error');
  });

  test('a report-dir that is a file is an error', async () => {
    const workspace = await exampleWorkspace();
    await writeFile(path.join(workspace, 'maestro-report'), 'not a folder');
    const result = await runAction({ workspace, inputs: { manifest: 'examples/passing/maestro.yml' } });
    expect(result.code).not.toBe(0);
    expect(result.outputs.outcome).toBe('error');
    expect(result.outputs.message).toContain('is not a folder');
  });
});
