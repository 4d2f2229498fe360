/**
 * The evidence-backed example: its rules and trust anchor live in a trusted policy file
 * (examples/evidence/maestro-policy.yml), not in the manifest. With that policy it passes with
 * evidence and signatures required, and each way of breaking its evidence fails with the artifact
 * and the reason named. Through the bundled Action (a push: the workspace policy file is read, as
 * on a protected branch; a pull request: the base commit's, through the contents API), the
 * reports name the policy and the key by digest, and the manifest cannot bring keys of its own.
 */
import { generateKeyPairSync } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { checkManifests } from '../../src/core/check.js';
import { loadPolicyFromWorkspace } from '../../src/deliver/policy-workspace.js';
import { startFakeContentsApi, type FakeContentsApi } from '../fakes/contents-api.js';
import { ROOT, runAction, withExamples, type ActionRun } from '../helpers/runner.js';
import { sha256Of, useWorkspaces } from '../helpers/workspace.js';

const newWorkspace = useWorkspaces();
const NOW = '2026-11-27T09:00:00Z';
const MANIFEST = 'examples/evidence/maestro.yml';
const POLICY = 'examples/evidence/maestro-policy.yml';
const KEY = 'examples/evidence/keys/release-signing.pub.pem';
const PASSED = 'Release gate passed: 1 compliant artifact(s) found';

const exampleWorkspace = async (): Promise<string> => withExamples(await newWorkspace());
const hex = (digest: string): string => digest.slice('sha256:'.length);
const shipped = (relative: string): Promise<Buffer> => readFile(path.join(ROOT, relative));

/** The core, as the Action calls it on a push: the policy file read from the workspace. */
async function gate(workspace: string, options: { policy?: boolean } = {}) {
  const trustedPolicy = options.policy === false ? undefined : await loadPolicyFromWorkspace(workspace, POLICY);
  const result = await checkManifests({ workspace, patterns: [MANIFEST], now: NOW, trustedPolicy });
  return result.runs[0]!;
}

/** The bundled Action on the example, as a workflow on a push would run it. */
async function action(workspace: string, inputs: Record<string, string> = { policy: POLICY }, env: Record<string, string> = {}): Promise<ActionRun> {
  return runAction({ workspace, inputs: { manifest: MANIFEST, 'upload-report': 'false', ...inputs }, env });
}

async function readJson(file: string): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
}

describe('examples/evidence with its policy (the core)', () => {
  test('the manifest sets no rules and no trust anchors of its own', async () => {
    const manifest = await readFile(path.join(ROOT, MANIFEST), 'utf8');
    expect(manifest).not.toMatch(/^policy:/m);
    expect(manifest).not.toMatch(/^\s*(trusted_keys|sigstore_trusted_root|sigstore_identities):/m);
    expect(await readFile(path.join(ROOT, POLICY), 'utf8')).toContain(`trusted_keys: [${KEY}]`);
  });

  test('passes with evidence and signatures required: every flag declared and verified', async () => {
    const verdict = await gate(await exampleWorkspace());
    expect(verdict.gate.message).toBe(PASSED);
    expect(verdict.policy).toMatchObject({ require_evidence: true, require_signatures: true, trusted_keys: [KEY] });
    const flags = verdict.gate.artifacts[0]!.flags;
    expect(flags.sbom_present.evidence).toMatchObject({ status: 'verified', details: { format: 'CycloneDX', spec_version: '1.5', components: 2 } });
    expect(flags.slsa_provenance_present.evidence).toMatchObject({
      status: 'verified',
      details: { container: 'dsse', signed: true, signature_verified: true, builder_id: expect.stringContaining('summit/maestro-demo') },
    });
    expect(flags.risk_assessment_present.evidence).toMatchObject({ status: 'verified', details: { level: 'low', approver: 'security-team' } });
  });

  test.each([
    ['an SBOM that is SPDX-shaped junk', 'examples/evidence/sbom.cdx.json', '{"spdxVersion": "SPDX-9.9"}', /SBOM evidence examples\/evidence\/sbom\.cdx\.json: /],
    ['an SBOM with no components', 'examples/evidence/sbom.cdx.json', '{"bomFormat":"CycloneDX","specVersion":"1.5","version":1,"components":[]}', /no components/],
    ['an expired risk assessment', 'examples/evidence/risk-assessment.yml', 'level: low\nexpires: "2020-01-01"\n', /expired on 2020-01-01/],
    ['an empty risk assessment', 'examples/evidence/risk-assessment.yml', '', /empty/],
    ['provenance for another artifact', 'examples/release/maestro-demo-1.4.2.txt', 'other bytes\n', /content_hash mismatch/],
  ])('fails on %s, naming the artifact', async (_, file, content, reason) => {
    const workspace = await exampleWorkspace();
    await writeFile(path.join(workspace, file), content);
    const verdict = await gate(workspace);
    expect(verdict.gate.passed).toBe(false);
    expect(verdict.gate.message).toContain('demo-bundle');
    // Evidence that was given and does not verify is an integrity failure, whatever else failed first.
    const integrity = verdict.gate.failures.find((failure) => failure.rule === 'integrity');
    expect(integrity?.artifact_ids).toEqual(['demo-bundle']);
    expect(integrity?.message).toMatch(reason);
  });

  test('a statement whose subject is another digest fails even when its signature is valid', async () => {
    const workspace = await exampleWorkspace();
    const manifestPath = path.join(workspace, MANIFEST);
    // Point the artifact at another file with a matching content_hash: the statement names the old digest.
    await writeFile(path.join(workspace, 'examples/release/other.txt'), 'x');
    const text = (await readFile(manifestPath, 'utf8'))
      .replace('examples/release/maestro-demo-1.4.2.txt', 'examples/release/other.txt')
      .replace(/sha256:[0-9a-f]{64}/, 'sha256:2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881');
    await writeFile(manifestPath, text);
    const verdict = await gate(workspace);
    expect(verdict.gate.passed).toBe(false);
    expect(verdict.gate.message).toContain('demo-bundle (SLSA provenance declared true, evidence examples/evidence/provenance.intoto.json: subject digest differs');
  });

  test('with evidence required by the policy, a flag without evidence does not count', async () => {
    const workspace = await exampleWorkspace();
    const manifestPath = path.join(workspace, MANIFEST);
    await writeFile(manifestPath, (await readFile(manifestPath, 'utf8')).replace(/\n {6}risk_assessment: .*\n/, '\n'));
    const verdict = await gate(workspace);
    expect(verdict.gate.passed).toBe(false);
    expect(verdict.gate.message).toBe(
      'No artifacts meet compliance requirements (SBOM + SLSA provenance + risk assessment): demo-bundle (risk assessment declared true, no evidence)',
    );
  });

  test('the key that verifies the signature is the one the policy names: another key there fails it', async () => {
    const workspace = await exampleWorkspace();
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' });
    await writeFile(path.join(workspace, KEY), other);
    const verdict = await gate(workspace);
    expect(verdict.gate.passed).toBe(false);
    expect(verdict.gate.message).toContain('demo-bundle');
    expect(verdict.gate.message).toMatch(/signature does not verify/);
  });

  test('without the policy the manifest alone still passes, but nothing is required and the signature is not checked', async () => {
    const verdict = await gate(await exampleWorkspace(), { policy: false });
    expect(verdict.gate.message).toBe(PASSED);
    expect(verdict.policySource).toEqual({ kind: 'manifest' });
    expect(verdict.policy).toMatchObject({ require_evidence: false, require_signatures: false, trusted_keys: [] });
    expect(verdict.gate.artifacts[0]!.flags.slsa_provenance_present.evidence).toMatchObject({ status: 'verified', details: { signed: true, signature_verified: false } });
  });
});

describe('examples/evidence through the Action with `policy: examples/evidence/maestro-policy.yml`', () => {
  test('on a push it passes, and every report names the policy file and the key by digest', async () => {
    const workspace = await exampleWorkspace();
    const run = await action(workspace);
    expect(run.code, run.stdout.slice(-3000)).toBe(0);
    expect(run.outputs).toMatchObject({ passed: 'true', outcome: 'passed', message: PASSED });

    const policySha = hex(sha256Of(await shipped(POLICY)));
    const keySha = hex(sha256Of(await shipped(KEY)));
    const source = { kind: 'local-file', path: POLICY, sha256: policySha };
    const trustFiles = [{ key: 'trusted_keys[0]', path: KEY, sha256: keySha }];
    expect(await readJson(path.join(workspace, 'maestro-report/compliance-report.json'))).toMatchObject({ policy_source: source, trust_files: trustFiles });
    const verdict = (await readJson(path.join(workspace, 'maestro-report/verdict.json'))) as { predicate: { maestro: Record<string, unknown> } };
    expect(verdict.predicate.maestro).toMatchObject({ policy_source: source, trust_files: trustFiles });

    expect(run.summary).toContain('Policy source');
    expect(run.summary).toContain(policySha);
    expect(run.summary).toContain(keySha);
    expect(run.stdout).toContain(`policy: trusted policy ${POLICY} in the workspace`);
  });

  test('a manifest that brings its own trusted_keys is a validation error naming the policy file', async () => {
    const workspace = await exampleWorkspace();
    const manifestPath = path.join(workspace, MANIFEST);
    await writeFile(manifestPath, `${await readFile(manifestPath, 'utf8')}policy:\n  trusted_keys: [examples/evidence/keys/mine.pub.pem]\n`);
    const run = await action(workspace);
    expect(run.code).not.toBe(0);
    expect(run.outputs).toMatchObject({ passed: 'false', outcome: 'error' });
    expect(run.outputs.message).toContain(POLICY);
    const error = run.annotations.find((annotation) => annotation.level === 'error' && annotation.message.includes('policy.trusted_keys'));
    expect(error?.properties.file, JSON.stringify(run.annotations)).toBe(MANIFEST);
  });

  test('a manifest that switches signatures off has no effect: a warning at its line', async () => {
    const workspace = await exampleWorkspace();
    const manifestPath = path.join(workspace, MANIFEST);
    await writeFile(manifestPath, `${await readFile(manifestPath, 'utf8')}policy:\n  require_signatures: false\n`);
    const run = await action(workspace);
    expect(run.outputs).toMatchObject({ passed: 'true', outcome: 'passed' });
    const warning = run.annotations.find((annotation) => annotation.level === 'warning' && annotation.message.includes('require_signatures'));
    expect(warning?.properties.file, JSON.stringify(run.annotations)).toBe(MANIFEST);
    expect(await readJson(path.join(workspace, 'maestro-report/compliance-report.json'))).toMatchObject({ policy: { require_signatures: true } });
  });

  test('without the policy input the reports say the policy is self-declared', async () => {
    const workspace = await exampleWorkspace();
    const run = await action(workspace, {});
    expect(run.outputs).toMatchObject({ passed: 'true', outcome: 'passed' });
    expect(await readJson(path.join(workspace, 'maestro-report/compliance-report.json'))).toMatchObject({ policy_source: { kind: 'manifest' }, trust_files: [] });
    expect(run.summary).toContain('self-declared');
  });
});

describe('examples/evidence on a pull request: the policy and key are read at the base commit', () => {
  const REPOSITORY = 'summit/example';
  const BASE = 'b'.repeat(40);
  let api: FakeContentsApi;
  beforeAll(async () => {
    api = await startFakeContentsApi();
    api.put(REPOSITORY, BASE, POLICY, await shipped(POLICY));
    api.put(REPOSITORY, BASE, KEY, await shipped(KEY));
  });
  afterAll(async () => {
    await api.close();
  });

  async function pullRequest(edit: (workspace: string) => Promise<void>): Promise<{ run: ActionRun; workspace: string }> {
    const workspace = await exampleWorkspace();
    await edit(workspace);
    const event = path.join(workspace, '.github-event.json');
    await writeFile(event, JSON.stringify({ number: 7, pull_request: { number: 7, base: { sha: BASE, ref: 'main' }, head: { sha: 'c'.repeat(40) } } }));
    const run = await action(workspace, { policy: POLICY }, { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: event, GITHUB_API_URL: api.url });
    return { run, workspace };
  }

  test('passes, recording the repository, path and base commit it read', async () => {
    const { run, workspace } = await pullRequest(async () => undefined);
    expect(run.code, run.stdout.slice(-3000)).toBe(0);
    expect(await readJson(path.join(workspace, 'maestro-report/compliance-report.json'))).toMatchObject({
      policy_source: { kind: 'trusted', repository: REPOSITORY, path: POLICY, ref: BASE, sha256: hex(sha256Of(await shipped(POLICY))) },
      trust_files: [{ key: 'trusted_keys[0]', path: KEY, sha256: hex(sha256Of(await shipped(KEY))) }],
    });
  });

  test('a pull request that rewrites the policy file and the key in its own workspace changes nothing', async () => {
    const { run } = await pullRequest(async (workspace) => {
      await writeFile(path.join(workspace, POLICY), 'require_evidence: false\nrequire_signatures: false\n');
      await writeFile(path.join(workspace, KEY), 'not a key\n');
      // Without the base's rules this would pass: the risk assessment is gone, and evidence is required.
      const manifestPath = path.join(workspace, MANIFEST);
      await writeFile(manifestPath, (await readFile(manifestPath, 'utf8')).replace(/\n {6}risk_assessment: .*\n/, '\n'));
    });
    expect(run.code).not.toBe(0);
    expect(run.outputs).toMatchObject({ passed: 'false', outcome: 'failed' });
    expect(run.outputs.message).toContain('demo-bundle (risk assessment declared true, no evidence)');
  });
});
