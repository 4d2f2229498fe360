/**
 * The report upload against a fake artifact service on 127.0.0.1 that speaks @actions/artifact's
 * protocol (Twirp CreateArtifact, Azure block upload, FinalizeArtifact): the real library zips and
 * sends the real report files, and the fake checks what arrives. Upload is best effort: every
 * failure is a `failed` result, never a throw.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { uploadReport, type UploadResult } from '../../src/deliver/upload.js';
import { readRunnerContext } from '../../src/action/context.js';
import { writeCheckReports } from '../../src/files/write-reports.js';
import { buildRunDocuments } from '../../src/report/documents.js';
import { ARTIFACT_FAULTS, ARTIFACT_PATHS, startFakeArtifactService, type FakeArtifactService } from '../fakes/artifact-service.js';
import { readZip } from '../fakes/zip.js';
import { NOW, useWorkspaces, type Workspace } from '../helpers/workspace.js';
import { checkWorkspace, manifestYaml } from './results.js';

const workspace = useWorkspaces();
const NAME = 'maestro-compliance-report';
let service: FakeArtifactService;

beforeEach(async () => {
  service = await startFakeArtifactService();
  for (const [name, value] of Object.entries(service.env())) vi.stubEnv(name, value);
  vi.stubEnv('GITHUB_SERVER_URL', 'https://github.com');
  vi.stubEnv('GITHUB_REPOSITORY', 'octo-org/widgets');
  vi.stubEnv('GITHUB_RUN_ID', '987654');
  vi.stubEnv('GITHUB_RETENTION_DAYS', '');
  // The library logs through @actions/core; keep the test output readable.
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
});

afterEach(async () => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  await service.close();
});

/** A workspace whose report folder holds the real files of a failing verdict (two runs: one subfolder each). */
async function reportFolder(): Promise<{ ws: Workspace; reportDir: string; files: string[] }> {
  const ws = await workspace({
    'a.yml': manifestYaml({ id: 'release-a', artifacts: [{ id: 'bundle', flags: { sbom_present: true } }] }),
    'b.yml': manifestYaml({ id: 'release-b', artifacts: [{ id: 'image' }] }),
  });
  const result = await checkWorkspace(ws.root, ['a.yml', 'b.yml']);
  const written = await writeCheckReports(ws.root, 'maestro-report', result, result.runs.map(buildRunDocuments), { version: '0.0.0-test', timeVerified: NOW, advisory: false });
  const files = written.runs.flatMap((run) => ['compliance-report.json', 'release-gate.json', 'manifest.json', 'verdict.json', 'compliance-report.md', 'compliance-report.sarif'].map((name) => path.join(run.folder, name)));
  return { ws, reportDir: written.reportDir, files };
}

function expectUploaded(result: UploadResult): Extract<UploadResult, { status: 'uploaded' }> {
  if (result.status !== 'uploaded') expect.fail(`expected an upload, got ${JSON.stringify(result)}`);
  return result;
}

function expectFailed(result: UploadResult, reason: RegExp): void {
  expect(result.status).toBe('failed');
  expect(result.status === 'failed' && result.reason).toMatch(reason);
}

describe('uploadReport against the fake artifact service', () => {
  it('uploads the report folder as one zip, end to end, and returns the artifact page', async () => {
    const { reportDir, files } = await reportFolder();

    const uploaded = expectUploaded(await uploadReport({ runner: readRunnerContext(process.env), name: NAME, reportDir }));

    const [artifact] = service.artifacts;
    expect(service.artifacts).toHaveLength(1);
    expect(artifact).toMatchObject({ name: NAME, finalized: true, mimeType: 'application/zip', blobContentType: 'application/zip' });
    expect(uploaded.id).toBe(artifact!.id);
    expect(uploaded.url).toBe(`https://github.com/octo-org/widgets/actions/runs/987654/artifacts/${artifact!.id}`);
    expect(uploaded.size).toBe(artifact!.blob!.length);
    expect(uploaded.digest).toBe(`sha256:${createHash('sha256').update(artifact!.blob!).digest('hex')}`);
    expect(uploaded.fileCount).toBe(files.length);

    // The zip holds exactly our files, byte for byte, at their paths inside the report folder.
    const entries = readZip(artifact!.blob!);
    const zipName = (file: string): string => path.relative(reportDir, file).split(path.sep).join('/');
    expect([...entries.keys()].sort()).toEqual(files.map(zipName).sort());
    for (const file of files) expect(entries.get(zipName(file))?.equals(await readFile(file))).toBe(true);

    // The protocol as the library speaks it: create, blocks, block list, finalize.
    const steps = service.requests.map((request) => (request.path.startsWith('/twirp/') ? request.path.split('/').pop() : `PUT comp=${request.query.get('comp')}`));
    expect(steps).toEqual(['CreateArtifact', 'PUT comp=block', 'PUT comp=blocklist', 'FinalizeArtifact']);
  });

  it('uploads only the files it is given, and passes the retention on', async () => {
    const { reportDir } = await reportFolder();

    const uploaded = expectUploaded(await uploadReport({ runner: readRunnerContext(process.env), name: NAME, reportDir, files: ['release-a/verdict.json'], retentionDays: 7 }));

    expect(uploaded.fileCount).toBe(1);
    expect([...readZip(service.artifacts[0]!.blob!).keys()]).toEqual(['release-a/verdict.json']);
    const created = JSON.parse(service.requests[0]!.body.toString('utf8')) as { expires_at?: string };
    const days = (Date.parse(created.expires_at ?? '') - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThan(7.1);
  });

  it('never follows a symlink out of the report folder', async () => {
    const { ws, reportDir } = await reportFolder();
    await ws.write('secret.txt', 'TOKEN=do-not-upload');
    await ws.symlink('maestro-report/leak.txt', ws.path('secret.txt'));
    await ws.symlink('maestro-report/leak-dir', ws.root);

    expectUploaded(await uploadReport({ runner: readRunnerContext(process.env), name: NAME, reportDir }));
    const names = [...readZip(service.artifacts[0]!.blob!).keys()];
    expect(names.some((name) => name.includes('leak'))).toBe(false);

    expectFailed(await uploadReport({ runner: readRunnerContext(process.env), name: `${NAME}-2`, reportDir, files: ['leak.txt'] }), /leak\.txt is not a regular file/);
    expectFailed(await uploadReport({ runner: readRunnerContext(process.env), name: `${NAME}-3`, reportDir, files: ['../secret.txt'] }), /not inside the report folder/);
    expectFailed(await uploadReport({ runner: readRunnerContext(process.env), name: `${NAME}-4`, reportDir, files: ['.'] }), /not inside the report folder/);
  });

  it('a name that merely starts with two dots is inside the folder (relative paths, not prefixes)', async () => {
    const { ws, reportDir } = await reportFolder();
    await ws.write('maestro-report/..release.json', '{}');
    const uploaded = expectUploaded(await uploadReport({ runner: readRunnerContext(process.env), name: `${NAME}-dots`, reportDir, files: ['..release.json'] }));
    expect(uploaded.fileCount).toBe(1);
  });
});

describe('uploadReport is skipped where it cannot work', () => {
  it('is skipped outside the Actions runtime, without a request', async () => {
    const { reportDir } = await reportFolder();
    vi.stubEnv('ACTIONS_RUNTIME_TOKEN', '');

    const result = await uploadReport({ runner: readRunnerContext(process.env), name: NAME, reportDir });

    expect(result).toEqual({ status: 'skipped', reason: expect.stringMatching(/not running inside GitHub Actions/) });
    vi.stubEnv('ACTIONS_RUNTIME_TOKEN', service.env().ACTIONS_RUNTIME_TOKEN);
    vi.stubEnv('ACTIONS_RESULTS_URL', '');
    expect(await uploadReport({ runner: readRunnerContext(process.env), name: NAME, reportDir })).toMatchObject({ status: 'skipped' });
    expect(service.requests).toHaveLength(0);
  });

  it('is skipped on GitHub Enterprise Server, which @actions/artifact v2+ does not support', async () => {
    const { reportDir } = await reportFolder();
    vi.stubEnv('GITHUB_SERVER_URL', 'https://github.example.com');

    expect(await uploadReport({ runner: readRunnerContext(process.env), name: NAME, reportDir })).toEqual({ status: 'skipped', reason: expect.stringMatching(/Enterprise Server/) });
    expect(service.requests).toHaveLength(0);
  });
});

describe('uploadReport failures are results, never throws', () => {
  it.each([
    ['CreateArtifact is refused (403)', ARTIFACT_FAULTS.createForbidden, /could not be uploaded: .*403.*token lacks Actions\.Results scope/],
    ['CreateArtifact answers ok: false', ARTIFACT_FAULTS.createNotOk, /CreateArtifact: response from backend was not ok/],
    ['the storage quota is used up', ARTIFACT_FAULTS.quotaHit, /storage quota has been hit/],
    ['the blob store refuses the upload (403)', ARTIFACT_FAULTS.blobForbidden, /could not be uploaded: blob storage answered 403 AuthenticationFailed: Server failed to authenticate/],
    ['FinalizeArtifact answers ok: false', ARTIFACT_FAULTS.finalizeNotOk, /FinalizeArtifact: response from backend was not ok/],
  ])('%s → failed', async (_, fault, reason) => {
    const { reportDir } = await reportFolder();
    service.fault(fault);

    const result = await uploadReport({ runner: readRunnerContext(process.env), name: NAME, reportDir });

    expectFailed(result, reason);
    expect(service.artifacts.filter((artifact) => artifact.finalized)).toHaveLength(0);
  });

  it('a service that never answers is a failure after the timeout', async () => {
    const { reportDir } = await reportFolder();
    service.fault({ path: ARTIFACT_PATHS.createArtifact, delayMs: 60_000 });

    const started = Date.now();
    const result = await uploadReport({ runner: readRunnerContext(process.env), name: NAME, reportDir, timeoutMs: 300 });

    expectFailed(result, /no answer from the artifact service within 0.3 s/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('a name the service would refuse, a missing or empty folder: failed with the reason', async () => {
    const { ws, reportDir } = await reportFolder();
    await ws.write('empty/.keep', '');

    expectFailed(await uploadReport({ runner: readRunnerContext(process.env), name: 'report: final', reportDir }), /artifact name is not valid: report: final\. Contains the following character: {2}Colon :/);
    expectFailed(await uploadReport({ runner: readRunnerContext(process.env), name: NAME, reportDir: ws.path('missing') }), /report folder .*missing cannot be read \(ENOENT\)/);
    expectFailed(await uploadReport({ runner: readRunnerContext(process.env), name: NAME, reportDir: ws.path('empty'), files: [] }), /holds no files to upload/);
    expect(service.requests).toHaveLength(0);
  });
});
