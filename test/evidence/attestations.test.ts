/**
 * GitHub artifact attestations (SPEC §5a), judged through `checkManifests` with the real API
 * client against a fake attestations endpoint on 127.0.0.1 that serves genuine public bundles
 * (test/fixtures/attestations/SOURCES.md).
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { stringify } from 'yaml';
import { checkManifests, type CheckOptions } from '../../src/core/check.js';
import { githubAttestationSource } from '../../src/deliver/attestations-api.js';
import { AttestationReadError, ManifestError } from '../../src/errors.js';
import type { PolicyFile } from '../../src/policy/schema.js';
import { attestationsApi, type FakeAttestationsApi } from '../fakes/attestations-api.js';
import { tufMirror } from '../fakes/tuf-mirror.js';
import { ROOT } from '../helpers/runner.js';
import { useWorkspaces } from '../helpers/workspace.js';

const FIXTURES = path.join(ROOT, 'test/fixtures/attestations');
const NOW = '2026-12-01T12:00:00Z';
const ISSUER = 'https://token.actions.githubusercontent.com';
const REUSABLE_SIGNER = { issuer: ISSUER, subject_prefix: 'https://github.com/github/artifact-attestations-workflows/.github/workflows/' };
const REUSABLE_SHA256 = '49a3aa6075e0f49f82843e74b5baa614ad2a588e6675612bf108a0a008c5ac25';
const CUSTOM_SHA256 = 'afa27b44d43b02a9fea41d13cedc2e4016cfcf87c5dbf990e593669aa8ce286d';

const workspaces = useWorkspaces();
const servers: FakeAttestationsApi[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function fixture(name: string): Promise<Buffer> {
  return readFile(path.join(FIXTURES, name));
}

async function api(): Promise<FakeAttestationsApi> {
  const server = await attestationsApi();
  servers.push(server);
  return server;
}

interface Setup {
  artifact: string;
  policy?: Record<string, unknown>;
}

/** A workspace with one artifact that declares provenance, and a manifest whose policy requires evidence of it. */
async function workspaceFor({ artifact, policy = {} }: Setup) {
  const manifest = {
    version: 1,
    run: { id: 'attested-1', name: 'attested', owner: 'platform', status: 'succeeded', started_at: '2026-11-30T10:00:00Z', finished_at: '2026-11-30T10:05:00Z' },
    artifacts: [{ id: 'wheel', kind: 'other', path_or_uri: `dist/${artifact}`, metadata_json: { sbom_present: false, slsa_provenance_present: true, risk_assessment_present: false } }],
    policy: {
      required_flags: ['slsa_provenance_present'],
      require_evidence: true,
      github_attestations: true,
      sigstore_trusted_root: 'trust/trusted_root.json',
      sigstore_identities: [REUSABLE_SIGNER],
      ...policy,
    },
  };
  return workspaces({
    'maestro.yml': stringify(manifest),
    [`dist/${artifact}`]: await fixture(artifact),
    'trust/trusted_root.json': await fixture('public-good-trusted-root.json'),
  });
}

function check(root: string, server: FakeAttestationsApi, repository: string, extra: Partial<CheckOptions> = {}, warnings: string[] = [], timeoutMs?: number) {
  const api = githubAttestationSource({ apiUrl: server.url, token: 'ghs_fake', repository, warn: (message) => warnings.push(message), ...(timeoutMs ? { timeoutMs } : {}) });
  // Without a policy root the roots come from Sigstore's TUF repository; offline, the same
  // public-good root the CLI's tests use stands in for it.
  const source = { ...api, defaultTrustedRoots: async () => [JSON.parse((await fixture('public-good-trusted-root.json')).toString()) as unknown] };
  return checkManifests({ workspace: root, patterns: ['maestro.yml'], now: NOW, judgedAt: NOW, attestations: { source, enable: false }, ...extra });
}

function evaluation(result: Awaited<ReturnType<typeof checkManifests>>) {
  const artifact = result.runs[0]!.gate.artifacts[0]!;
  return artifact as unknown as { flags: Record<string, { evidence: { status: string; reason: string; details?: Record<string, unknown> } }>; reasons: string[] };
}

describe('a genuine attestation', () => {
  test('backs slsa_provenance_present, verified at the log time although its certificate expired in 2024', async () => {
    const server = await api();
    server.add('malancas/attest-demo', REUSABLE_SHA256, JSON.parse((await fixture('reusable-workflow-attestation.sigstore.json')).toString()));
    const ws = await workspaceFor({ artifact: 'reusable-workflow-artifact' });
    const result = await check(ws.root, server, 'malancas/attest-demo');
    expect(result.passed).toBe(true);
    const evidence = evaluation(result).flags.slsa_provenance_present!.evidence;
    expect(evidence.status).toBe('verified');
    expect(evidence.details).toMatchObject({ source: 'github-attestation', signer_issuer: ISSUER, predicate_type: 'https://slsa.dev/provenance/v1' });
    expect(String(evidence.details?.signer_identity)).toMatch(/^https:\/\/github\.com\/github\/artifact-attestations-workflows\//);
    const [request] = server.requests;
    expect(request).toMatchObject({ method: 'GET', path: `/repos/malancas/attest-demo/attestations/sha256:${REUSABLE_SHA256}` });
    expect(request!.headers.authorization).toBe('Bearer ghs_fake');
  });

  test('served as GitHub serves it today (bundle: null, a raw-Snappy bundle_url) backs it too, fetched without the token', async () => {
    const server = await api();
    server.setMode('bundle-url');
    server.add('malancas/attest-demo', REUSABLE_SHA256, JSON.parse((await fixture('reusable-workflow-attestation.sigstore.json')).toString()));
    const ws = await workspaceFor({ artifact: 'reusable-workflow-artifact' });
    const result = await check(ws.root, server, 'malancas/attest-demo');
    expect(result.passed).toBe(true);
    const blob = server.requests.find((request) => request.path.startsWith('/blobs/'));
    expect(blob?.headers.authorization).toBeUndefined();
  });

  test('is found on a later page: the Link header is followed', async () => {
    const server = await api();
    server.setPageSize(1);
    server.add('malancas/attest-demo', REUSABLE_SHA256, { mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json' });
    server.add('malancas/attest-demo', REUSABLE_SHA256, JSON.parse((await fixture('reusable-workflow-attestation.sigstore.json')).toString()));
    const ws = await workspaceFor({ artifact: 'reusable-workflow-artifact' });
    const result = await check(ws.root, server, 'malancas/attest-demo');
    expect(result.passed).toBe(true);
    expect(server.requests.map((request) => request.query.get('page'))).toEqual([null, '2']);
  });
});

test('without a policy root, the root comes through TUF (a local mirror serving the public-good root) and the attestation verifies', async () => {
  const server = await api();
  server.add('malancas/attest-demo', REUSABLE_SHA256, JSON.parse((await fixture('reusable-workflow-attestation.sigstore.json')).toString()));
  const mirror = await tufMirror(await fixture('public-good-trusted-root.json'));
  try {
    const ws = await workspaceFor({ artifact: 'reusable-workflow-artifact', policy: { sigstore_trusted_root: undefined } });
    const source = githubAttestationSource({
      apiUrl: server.url,
      token: 't',
      repository: 'malancas/attest-demo',
      warn: () => undefined,
      tufCacheRoot: await mkdtemp(path.join(tmpdir(), 'maestro-tuf-')),
      tufRepositories: [{ mirrorURL: mirror.url, initialRoot: mirror.initialRoot, required: true }],
    });
    const result = await checkManifests({ workspace: ws.root, patterns: ['maestro.yml'], now: NOW, judgedAt: NOW, attestations: { source, enable: false } });
    expect(result.passed).toBe(true);
    expect(mirror.requests.map((request) => request.path)).toContain('/targets/trusted_root.json');
  } finally {
    await mirror.close();
  }
});

describe('attestations that must not back the flag', () => {
  test('a tampered bundle (its statement edited) fails its signature', async () => {
    const server = await api();
    const bundle = JSON.parse((await fixture('reusable-workflow-attestation.sigstore.json')).toString());
    const statement = JSON.parse(Buffer.from(bundle.dsseEnvelope.payload, 'base64').toString());
    statement.predicate.buildDefinition.externalParameters.workflow.ref = 'refs/heads/evil';
    bundle.dsseEnvelope.payload = Buffer.from(JSON.stringify(statement)).toString('base64');
    server.add('malancas/attest-demo', REUSABLE_SHA256, bundle);
    const ws = await workspaceFor({ artifact: 'reusable-workflow-artifact' });
    const result = await check(ws.root, server, 'malancas/attest-demo');
    expect(result.passed).toBe(false);
    const evidence = evaluation(result).flags.slsa_provenance_present!.evidence;
    expect(evidence.status).toBe('absent');
    expect(evidence.reason).toMatch(/no verified SLSA provenance attestation among 1 GitHub attestation .*signature not verified/);
  });

  test('a genuine bundle from a foreign issuer is refused by the default identity (a workflow of this repository)', async () => {
    const server = await api();
    server.add('too-legit/attest', CUSTOM_SHA256, JSON.parse((await fixture('custom-issuer.sigstore.json')).toString()));
    const ws = await workspaceFor({ artifact: 'custom-issuer-artifact', policy: { sigstore_identities: undefined, sigstore_trusted_root: undefined } });
    const result = await check(ws.root, server, 'too-legit/attest');
    expect(result.passed).toBe(false);
    expect(evaluation(result).flags.slsa_provenance_present!.evidence.reason).toContain(
      '(issuer https://token.actions.githubusercontent.com/hammer-time), which is not an allowed signer',
    );
  });

  test('a reusable workflow of another repository is not "a workflow of this repository" without sigstore_identities', async () => {
    const server = await api();
    server.add('malancas/attest-demo', REUSABLE_SHA256, JSON.parse((await fixture('reusable-workflow-attestation.sigstore.json')).toString()));
    const ws = await workspaceFor({ artifact: 'reusable-workflow-artifact', policy: { sigstore_identities: undefined, sigstore_trusted_root: undefined } });
    const result = await check(ws.root, server, 'malancas/attest-demo');
    expect(result.passed).toBe(false);
    expect(evaluation(result).flags.slsa_provenance_present!.evidence.reason).toContain('github/artifact-attestations-workflows');
  });

  test('an attestation for other bytes is never asked for: the digest is the one the gate hashed', async () => {
    const server = await api();
    server.add('malancas/attest-demo', REUSABLE_SHA256, JSON.parse((await fixture('reusable-workflow-attestation.sigstore.json')).toString()));
    const ws = await workspaceFor({ artifact: 'custom-issuer-artifact' });
    const result = await check(ws.root, server, 'malancas/attest-demo');
    expect(result.passed).toBe(false);
    expect(server.requests[0]!.path).toBe(`/repos/malancas/attest-demo/attestations/sha256:${CUSTOM_SHA256}`);
    expect(evaluation(result).flags.slsa_provenance_present!.evidence.reason).toMatch(/no attestation for sha256:afa27b44.* \(404\)/);
  });
});

describe('API failures are never a pass', () => {
  test('403: an error outcome that names `attestations: read` when evidence is required', async () => {
    const server = await api();
    server.fault({ status: 403, body: { message: 'Resource not accessible by integration' } });
    const ws = await workspaceFor({ artifact: 'reusable-workflow-artifact' });
    const failure = await check(ws.root, server, 'malancas/attest-demo').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AttestationReadError);
    expect((failure as AttestationReadError).code).toBe('ATTESTATIONS_FORBIDDEN');
    expect((failure as Error).message).toContain('`permissions: attestations: read`');
  });

  test('5xx: an error outcome when evidence is required, a warning (and no backing) when it is not', async () => {
    const server = await api();
    server.fault({ status: 502, body: { message: 'Bad gateway' } });
    const ws = await workspaceFor({ artifact: 'reusable-workflow-artifact' });
    await expect(check(ws.root, server, 'malancas/attest-demo')).rejects.toThrow(/the GitHub API failed while reading .* \(502\)/);

    const relaxed = await workspaceFor({ artifact: 'reusable-workflow-artifact', policy: { require_evidence: false } });
    const warnings: string[] = [];
    const result = await check(relaxed.root, server, 'malancas/attest-demo', {}, warnings);
    expect(warnings).toEqual([expect.stringMatching(/^GitHub attestations not checked: the GitHub API failed .*\(502\)/)]);
    expect(evaluation(result).flags.slsa_provenance_present!.evidence).toMatchObject({ status: 'absent', reason: expect.stringContaining('(502)') });
  });

  test('a next page on another origin is refused: the token never leaves the API', async () => {
    const server = await api();
    server.fault({ status: 200, body: { attestations: [] }, headers: { link: '<https://collector.example/steal?page=2>; rel="next"' } });
    const ws = await workspaceFor({ artifact: 'reusable-workflow-artifact' });
    await expect(check(ws.root, server, 'malancas/attest-demo')).rejects.toThrow(/next page points to https:\/\/collector\.example, outside http:\/\/127\.0\.0\.1:\d+; refused/);
  });

  test('a timeout is an error outcome when evidence is required', async () => {
    const server = await api();
    server.fault({ delayMs: 5_000 });
    const ws = await workspaceFor({ artifact: 'reusable-workflow-artifact' });
    await expect(check(ws.root, server, 'malancas/attest-demo', {}, [], 200)).rejects.toThrow(/took longer than 0.2 s/);
  });
});

describe('who decides (SPEC §4a)', () => {
  const trustedPolicy = (policy: Partial<PolicyFile>) => ({
    policy: { ...(policy as PolicyFile) },
    file: 'org/policies:maestro-policy.yml',
    source: { kind: 'trusted' as const, repository: 'org/policies', path: 'maestro-policy.yml', ref: 'main', blob_sha: 'a'.repeat(40), sha256: 'b'.repeat(64) },
    trustFiles: [],
    locate: () => undefined,
  });

  test('a manifest may not switch attestations on under a trusted policy', async () => {
    const server = await api();
    const ws = await workspaceFor({ artifact: 'reusable-workflow-artifact', policy: { sigstore_trusted_root: undefined, sigstore_identities: undefined } });
    const { PolicyFile } = await import('../../src/policy/schema.js');
    const pending = check(ws.root, server, 'malancas/attest-demo', { trustedPolicy: trustedPolicy(PolicyFile.parse({})) as never });
    const error = await pending.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ManifestError);
    expect((error as ManifestError).issues.map((issue) => issue.path)).toContain('policy.github_attestations');
    expect(server.requests).toHaveLength(0);
  });

  test('the `attestations` input does not switch them on under a trusted policy that leaves them off', async () => {
    const server = await api();
    server.add('malancas/attest-demo', REUSABLE_SHA256, JSON.parse((await fixture('reusable-workflow-attestation.sigstore.json')).toString()));
    const ws = await workspaceFor({ artifact: 'reusable-workflow-artifact', policy: { github_attestations: undefined, sigstore_trusted_root: undefined, sigstore_identities: undefined } });
    const { PolicyFile } = await import('../../src/policy/schema.js');
    const warnings: string[] = [];
    const source = githubAttestationSource({ apiUrl: server.url, token: 't', repository: 'malancas/attest-demo', warn: (message) => warnings.push(message) });
    const result = await checkManifests({
      workspace: ws.root,
      patterns: ['maestro.yml'],
      now: NOW,
      trustedPolicy: trustedPolicy(PolicyFile.parse({ require_evidence: true, required_flags: ['slsa_provenance_present'] })) as never,
      attestations: { source, enable: true },
    });
    expect(result.passed).toBe(false);
    expect(server.requests).toHaveLength(0);
    expect(warnings).toEqual(['attestations: true has no effect: org/policies:maestro-policy.yml is in force, and only its github_attestations can switch GitHub attestations on']);
  });
});
