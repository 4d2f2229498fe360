/**
 * HOSTILE.md row 46 and SPEC §4a through the bundled Action, against a local fake of the GitHub
 * contents API: the rules come from a trusted policy read at the pull request's base commit, and
 * nothing the pull request writes (the workspace's policy file, its manifest's `policy:`, its
 * workflow's `require-evidence`) loosens them. A policy that cannot be read is an error outcome.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startFakeContentsApi, type ContentsMode, type FakeContentsApi } from '../fakes/contents-api.js';
import { runAction } from '../helpers/runner.js';
import { makeWorkspace, sha256Of } from '../helpers/workspace.js';
import { ARTIFACT_BYTES, error, failed, manifest, readJson, registered, vectors, workspaces, type Vector } from './harness.js';

const REPOSITORY = 'summit/example';
const BASE = 'b'.repeat(40);
const POLICY_PATH = '.github/maestro-policy.yml';
const STRICT = 'required_flags: [sbom_present, slsa_provenance_present, risk_assessment_present]\nmanifest_waivers: [sbom_present]\n';
const EVENT = '.github-event.json';
const day = (offset: number): string => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

let api: FakeContentsApi;
beforeAll(async () => {
  api = await startFakeContentsApi();
  api.put(REPOSITORY, BASE, POLICY_PATH, STRICT);
  api.put(REPOSITORY, BASE, 'evidence-required.yml', 'require_evidence: true\n');
  api.put(REPOSITORY, BASE, 'invalid.yml', 'required_flags: [sbom_present]\nrequire_evidance: true\n');
  for (const [path, mode] of [
    ['missing.yml', 'not-found'],
    ['forbidden.yml', 'forbidden'],
    ['limited.yml', 'rate-limited'],
    ['broken.yml', 'server-error'],
    ['slow.yml', 'slow'],
    ['huge.yml', 'oversized'],
    ['folder', 'directory'],
  ] as [string, ContentsMode][]) {
    api.mode(path, mode);
  }
});
afterAll(async () => {
  await api.close();
});

/** A pull request's run: its event names the base commit; the API is the fake. */
const prEnv = (event = 'pull_request'): Record<string, string> => ({
  GITHUB_EVENT_NAME: event,
  GITHUB_EVENT_PATH: EVENT,
  get GITHUB_API_URL() {
    return api.url;
  },
  MAESTRO_GATE_POLICY_TIMEOUT_MS: '1500',
});
const prEvent = JSON.stringify({ number: 5, pull_request: { number: 5, base: { sha: BASE, ref: 'main' }, head: { sha: 'c'.repeat(40) } } });

/** The workspace of a pull request: its files, the event payload, and the artifact. */
const pr = (files: Record<string, string>): Record<string, string> => ({ [EVENT]: prEvent, 'dist/app.tgz': ARTIFACT_BYTES, ...files });
const onlySbom = manifest([{ id: 'app', path: 'dist/app.tgz', flags: '{ sbom_present: true }' }]);
const waiverOf = (rule: string, target = 'artifact_ids: [app]'): string => `policy:\n  waivers:\n    - { ${target}, rule: ${rule}, reason: trust me, owner: author, expires: '${day(30)}' }\n`;
const withPolicy = { policy: POLICY_PATH };

const annotated = (level: string, words: RegExp) => (run: { annotations: { level: string; message: string; properties: Record<string, string> }[] }) =>
  expect(run.annotations.some((annotation) => annotation.level === level && words.test(`${annotation.properties.title ?? ''} ${annotation.message}`)), JSON.stringify(run.annotations)).toBe(true);

vectors('row 46: a pull request cannot change the rules it is judged by', [
  {
    row: 46,
    name: 'the pull request rewrites the policy file itself: the base commit’s is read',
    files: pr({ 'maestro.yml': onlySbom, [POLICY_PATH]: 'required_flags: [sbom_present]\n' }),
    inputs: withPolicy,
    env: prEnv(),
    expect: failed('min_compliant_artifacts', 'app', ['No artifacts meet compliance requirements']),
    check: () => expect(api.requests.some((request) => request.path.endsWith(POLICY_PATH) && request.query.get('ref') === BASE)).toBe(true),
  },
  {
    row: 46,
    name: 'the same on pull_request_target',
    files: pr({ 'maestro.yml': onlySbom, [POLICY_PATH]: 'required_flags: [sbom_present]\n' }),
    inputs: withPolicy,
    env: prEnv('pull_request_target'),
    expect: failed('min_compliant_artifacts', 'app'),
  },
  {
    row: 46,
    name: 'the manifest drops required flags: no effect, a warning at its line',
    files: pr({ 'maestro.yml': `${onlySbom}policy:\n  required_flags: [sbom_present]\n` }),
    inputs: withPolicy,
    env: prEnv(),
    expect: failed('min_compliant_artifacts', 'app'),
    check: annotated('warning', /required_flags/),
  },
  ...['slsa_provenance_present', 'risk_assessment_present', 'require_evidence'].map(
    (rule): Vector => ({
      row: 46,
      name: `the manifest waives ${rule}, which the policy does not delegate: an error annotation, no effect`,
      files: pr({ 'maestro.yml': `${manifest([{ id: 'app', path: 'dist/app.tgz', flags: '{ sbom_present: true, slsa_provenance_present: true }' }])}${waiverOf(rule === 'require_evidence' ? 'risk_assessment_present' : rule)}` }),
      inputs: withPolicy,
      env: prEnv(),
      expect: failed('min_compliant_artifacts', 'app'),
      check: annotated('error', /waiver/i),
    }),
  ),
  {
    row: 46,
    name: 'the manifest waives run_succeeded for a pending run',
    files: pr({ 'maestro.yml': `${manifest([{ id: 'app', path: 'dist/app.tgz' }]).replace('status: succeeded', 'status: pending')}${waiverOf('run_succeeded', 'run: true')}` }),
    inputs: withPolicy,
    env: prEnv(),
    expect: failed('run_succeeded', undefined, ["Run status is 'pending', must be 'succeeded'"]),
    check: annotated('error', /run_succeeded/),
  },
  {
    row: 46,
    name: 'the manifest turns off content_hash verification to pass a tampered file',
    files: pr({ 'maestro.yml': `${manifest([{ id: 'app', path: 'dist/app.tgz', hash: sha256Of('other bytes') }])}policy:\n  verify_content_hash: false\n` }),
    inputs: withPolicy,
    env: prEnv(),
    expect: failed('integrity', 'app', ['content_hash mismatch']),
  },
  ...[
    ['trusted_keys', '  trusted_keys: [keys/mine.pub]\n', { 'keys/mine.pub': 'not a key\n' }],
    ['sigstore_identities', "  sigstore_identities: [{ issuer: 'https://token.actions.githubusercontent.com', subject_prefix: 'https://github.com/' }]\n", {}],
    ['sigstore_trusted_root', '  sigstore_trusted_root: root.json\n  sigstore_identities: [{ issuer: x, subject: y }]\n', { 'root.json': '{}' }],
  ].map(
    ([key, policy, extra]): Vector => ({
      row: 46,
      name: `the manifest brings its own ${key as string}: a validation error naming the policy file`,
      files: pr({ 'maestro.yml': `${manifest([{ id: 'app', path: 'dist/app.tgz' }])}policy:\n${policy as string}`, ...(extra as Record<string, string>) }),
      inputs: withPolicy,
      env: prEnv(),
      expect: error('INVALID_VALUE', ['maestro.yml', POLICY_PATH], { path: `policy.${key as string}` }),
    }),
  ),
  {
    row: 46,
    name: 'the manifest says require_evidence: false under a policy that requires it',
    files: pr({ 'maestro.yml': `${manifest([{ id: 'app', path: 'dist/app.tgz' }])}policy:\n  require_evidence: false\n` }),
    inputs: { policy: 'evidence-required.yml' },
    env: prEnv(),
    expect: failed('min_compliant_artifacts', 'app', ['evidence']),
  },
  {
    row: 46,
    name: 'the workflow says require-evidence: false under a policy that requires it',
    files: pr({ 'maestro.yml': manifest([{ id: 'app', path: 'dist/app.tgz' }]) }),
    inputs: { policy: 'evidence-required.yml', 'require-evidence': 'false' },
    env: prEnv(),
    expect: failed('min_compliant_artifacts', 'app', ['evidence']),
  },
  {
    row: 46,
    name: 'a pull-request payload without a base commit: an error, never the workspace file',
    files: { ...pr({ 'maestro.yml': onlySbom, [POLICY_PATH]: 'required_flags: [sbom_present]\n' }), [EVENT]: JSON.stringify({ pull_request: { number: 5 } }) },
    inputs: withPolicy,
    env: prEnv(),
    expect: error('POLICY_INVALID_INPUT', ['policy-ref', 'base']),
  },
]);

vectors('§4a: a trusted policy that cannot be read is an error outcome, never a fallback', [
  ...[
    ['missing.yml', 'POLICY_NOT_FOUND', 'policy'],
    ['forbidden.yml', 'POLICY_FORBIDDEN', 'contents: read'],
    ['limited.yml', 'POLICY_RATE_LIMITED', 'rate limit'],
    ['broken.yml', 'POLICY_SERVER_ERROR', '500'],
    ['slow.yml', 'POLICY_TIMEOUT', 'took longer than'],
    ['huge.yml', 'POLICY_TOO_LARGE', 'policy'],
    ['folder', 'POLICY_NOT_A_FILE', 'folder'],
  ].map(
    ([file, code, words]): Vector => ({
      row: 46,
      name: `${file}: ${code}`,
      // The manifest would pass on its own: only a policy read can make this run fail.
      files: pr({ 'maestro.yml': manifest([{ id: 'app', path: 'dist/app.tgz' }]) }),
      inputs: { policy: file! },
      env: prEnv(),
      expect: error(code!, ['The trusted policy could not be read', words!]),
    }),
  ),
  {
    row: 46,
    name: 'an invalid policy file: its own error at file:line',
    files: pr({ 'maestro.yml': manifest([{ id: 'app', path: 'dist/app.tgz' }]) }),
    inputs: { policy: 'invalid.yml' },
    env: prEnv(),
    expect: error('UNKNOWN_KEY', ['invalid.yml', 'require_evidance', 'The trusted policy is invalid'], { file: 'invalid.yml', line: 2 }),
  },
  {
    row: 46,
    name: 'policy-ref without policy',
    files: pr({ 'maestro.yml': manifest([{ id: 'app', path: 'dist/app.tgz' }]) }),
    inputs: { 'policy-ref': 'main' },
    env: prEnv(),
    expect: error('INVALID_INPUT', ['policy-ref is set but policy is not']),
  },
  {
    row: 46,
    name: 'a central policy repository without policy-ref',
    files: pr({ 'maestro.yml': manifest([{ id: 'app', path: 'dist/app.tgz' }]) }),
    inputs: { policy: POLICY_PATH, 'policy-repository': 'summit/policies' },
    env: prEnv(),
    expect: error('INVALID_INPUT', ['policy-repository', 'needs policy-ref']),
  },
]);

describe('§4a: what a trusted policy allows, and where it is recorded', () => {
  test.concurrent('a delegated waiver is honoured, and every report names the policy with its digests', async () => {
    const ws = await makeWorkspace(pr({ 'maestro.yml': `${manifest([{ id: 'app', path: 'dist/app.tgz', flags: '{ slsa_provenance_present: true, risk_assessment_present: true }' }])}${waiverOf('sbom_present')}` }));
    workspaces.push(ws);
    const run = await runAction({ workspace: ws.root, inputs: { 'upload-report': 'false', ...withPolicy }, env: prEnv() });
    expect(run.code, run.stdout.slice(-3000)).toBe(0);
    expect(run.outputs).toMatchObject({ passed: 'true', outcome: 'passed' });
    const source = { kind: 'trusted', repository: REPOSITORY, path: POLICY_PATH, ref: BASE, sha256: sha256Of(STRICT).slice('sha256:'.length) };
    expect(await readJson(ws.path('maestro-report/compliance-report.json'))).toMatchObject({ policy_source: source });
    const verdict = JSON.parse(await readFile(ws.path('maestro-report/verdict.json'), 'utf8')) as { predicate: { maestro: { policy_source: Record<string, string> } } };
    expect(verdict.predicate.maestro.policy_source).toMatchObject(source);
    expect(verdict.predicate.maestro.policy_source.blob_sha).toMatch(/^[0-9a-f]{40}$/);
    expect(run.summary).toContain('trusted policy');
    expect(run.summary).toContain(BASE);
    expect(run.stdout).toContain(`policy: trusted policy ${REPOSITORY}:${POLICY_PATH} at ${BASE}`);
  });

  test.concurrent('on a push the workspace policy is read (the branch holds reviewed code)', async () => {
    const ws = await makeWorkspace({ 'dist/app.tgz': ARTIFACT_BYTES, 'maestro.yml': onlySbom, 'policy.yml': 'required_flags: [sbom_present]\n' });
    workspaces.push(ws);
    const run = await runAction({ workspace: ws.root, inputs: { 'upload-report': 'false', policy: 'policy.yml' } });
    expect(run.outputs).toMatchObject({ passed: 'true', outcome: 'passed' });
    expect(await readJson(ws.path('maestro-report/compliance-report.json'))).toMatchObject({ policy_source: { kind: 'local-file', path: 'policy.yml' } });
  });

  test.concurrent('without a policy, each loosening the manifest grants itself is a warning at its line', async () => {
    const ws = await makeWorkspace({ 'dist/app.tgz': ARTIFACT_BYTES, 'maestro.yml': `${onlySbom}policy:\n  required_flags: [sbom_present]\n  verify_content_hash: false\n` });
    workspaces.push(ws);
    const run = await runAction({ workspace: ws.root, inputs: { 'upload-report': 'false' } });
    expect(run.outputs.outcome).toBe('passed');
    const warnings = run.annotations.filter((annotation) => annotation.level === 'warning' && /policy/i.test(annotation.message));
    expect(warnings.length, JSON.stringify(run.annotations)).toBeGreaterThanOrEqual(2);
    expect(warnings.every((annotation) => annotation.properties.file === 'maestro.yml' && Number(annotation.properties.line) >= 10)).toBe(true);
    expect(await readJson(ws.path('maestro-report/compliance-report.json'))).toMatchObject({ policy_source: { kind: 'manifest' } });
    expect(run.summary).toContain('self-declared');
  });
});

test('row 46 has several vectors of each kind', () => {
  expect(registered.filter((vector) => vector.row === 46).length).toBeGreaterThanOrEqual(20);
});
