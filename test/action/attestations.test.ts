/**
 * The bundled Action with `attestations: true`, run as the runner runs it, against the fake
 * attestations endpoint serving a genuine public bundle: what a user sees (exit code, outputs,
 * annotations, the verdict file).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { stringify } from 'yaml';
import { attestationsApi, type FakeAttestationsApi } from '../fakes/attestations-api.js';
import { ROOT, runAction, runCli } from '../helpers/runner.js';
import { useWorkspaces } from '../helpers/workspace.js';

const FIXTURES = path.join(ROOT, 'test/fixtures/attestations');
const SHA256 = '49a3aa6075e0f49f82843e74b5baa614ad2a588e6675612bf108a0a008c5ac25';
const newWorkspace = useWorkspaces();
const servers: FakeAttestationsApi[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function setup(): Promise<{ server: FakeAttestationsApi; workspace: string }> {
  const server = await attestationsApi();
  servers.push(server);
  const manifest = {
    version: 1,
    run: { id: 'attested-1', name: 'attested', owner: 'platform', status: 'succeeded', started_at: '2026-11-30T10:00:00Z', finished_at: '2026-11-30T10:05:00Z' },
    artifacts: [{ id: 'wheel', kind: 'other', path_or_uri: 'dist/app.whl', metadata_json: { sbom_present: false, slsa_provenance_present: true, risk_assessment_present: false } }],
    policy: {
      required_flags: ['slsa_provenance_present'],
      require_evidence: true,
      sigstore_trusted_root: 'trust/trusted_root.json',
      sigstore_identities: [{ issuer: 'https://token.actions.githubusercontent.com', subject_prefix: 'https://github.com/github/artifact-attestations-workflows/.github/workflows/' }],
    },
  };
  const ws = await newWorkspace({
    'maestro.yml': stringify(manifest),
    'dist/app.whl': await readFile(path.join(FIXTURES, 'reusable-workflow-artifact')),
    'trust/trusted_root.json': await readFile(path.join(FIXTURES, 'public-good-trusted-root.json')),
  });
  return { server, workspace: ws.root };
}

const env = (server: FakeAttestationsApi) => ({ GITHUB_API_URL: server.url, GITHUB_REPOSITORY: 'malancas/attest-demo', MAESTRO_GATE_POLICY_TIMEOUT_MS: '2000' });
const inputs = { manifest: 'maestro.yml', attestations: 'true', 'upload-report': 'false' };

describe('dist/ with attestations: true', () => {
  test('a genuine attestation served by the API passes the gate with no provenance file in the workspace', async () => {
    const { server, workspace } = await setup();
    server.add('malancas/attest-demo', SHA256, JSON.parse(await readFile(path.join(FIXTURES, 'reusable-workflow-attestation.sigstore.json'), 'utf8')));
    const result = await runAction({ workspace, inputs, env: env(server) });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.outputs).toMatchObject({ passed: 'true', outcome: 'passed', 'compliant-artifact-ids': '["wheel"]' });
    expect(server.requests.map((request) => request.path)).toEqual([`/repos/malancas/attest-demo/attestations/sha256:${SHA256}`]);
    const verdict = await readFile(path.join(workspace, 'maestro-report', 'compliance-report.json'), 'utf8');
    expect(verdict).toContain('github-attestation');
  });

  test('without the input the API is never asked, and the required provenance is missing', async () => {
    const { server, workspace } = await setup();
    const result = await runAction({ workspace, inputs: { ...inputs, attestations: 'false' }, env: env(server) });
    expect(result.code).toBe(1);
    expect(result.outputs.outcome).toBe('failed');
    expect(server.requests).toHaveLength(0);
  });

  test('403: an error outcome that says `permissions: attestations: read` is missing', async () => {
    const { server, workspace } = await setup();
    server.fault({ status: 403, body: { message: 'Resource not accessible by integration' } });
    const result = await runAction({ workspace, inputs, env: env(server) });
    expect(result.code).not.toBe(0);
    expect(result.outputs).toMatchObject({ passed: 'false', outcome: 'error' });
    expect(result.outputs.message).toContain('permissions: attestations: read');
  });

  test('a bad value for the input is an input error naming the allowed values', async () => {
    const { server, workspace } = await setup();
    const result = await runAction({ workspace, inputs: { ...inputs, attestations: 'yes' }, env: env(server) });
    expect(result.outputs).toMatchObject({ passed: 'false', outcome: 'error' });
    expect(result.outputs.message).toContain("attestations: 'yes' is not one of true, false");
  });
});

describe('the CLI with --attestations', () => {
  test('reads GITHUB_REPOSITORY and GITHUB_TOKEN, and a genuine attestation passes the gate', async () => {
    const { server, workspace } = await setup();
    server.add('malancas/attest-demo', SHA256, JSON.parse(await readFile(path.join(FIXTURES, 'reusable-workflow-attestation.sigstore.json'), 'utf8')));
    const env = { GITHUB_API_URL: server.url, GITHUB_REPOSITORY: 'malancas/attest-demo', GITHUB_TOKEN: 'ghs_cli' };
    const passed = await runCli(['check', '--attestations', 'maestro.yml'], workspace, env);
    expect(passed.code).toBe(0);
    expect(server.requests[0]!.headers.authorization).toBe('Bearer ghs_cli');
    const without = await runCli(['check', 'maestro.yml'], workspace, env);
    expect(without.code).toBe(1);
    expect(server.requests).toHaveLength(1);
  });
});
