/**
 * `GET /maestro/runs/{id}/manifest` answers the compliance report in the service's shape, so
 * that its body is no larger than the service's, yet never hides what changes its meaning:
 * waivers, failed bytes, failures and a policy other than the service's rule keep our fields.
 * `?detail=full` answers the report as `manifest.json` holds it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWorkspace, sha256Of, type Workspace } from '../helpers/workspace.js';
import { call, COMPLIANT, json, startTestService, type TestService } from './helpers/service.js';

const SERVICE_ARTIFACT_KEYS = ['artifact_id', 'compliant', 'kind', 'risk_assessment_present', 'sbom_present', 'slsa_provenance_present'];
const SERVICE_REPORT_KEYS = ['artifacts', 'release_gate_message', 'release_gate_passed', 'run_id', 'run_name', 'run_status', 'summary'];
const BUNDLE = 'release bundle bytes\n';

const inDays = (days: number): string => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

const WAIVED_MANIFEST = `run:
  id: waived-run
  name: release
  owner: platform
  status: succeeded
artifacts:
  - id: app
    kind: other
    path_or_uri: oci://ghcr.io/summit/app:1
    metadata_json: { sbom_present: true, slsa_provenance_present: true }
  - id: half
    kind: other
    path_or_uri: oci://ghcr.io/summit/half:1
    metadata_json: { sbom_present: true }
  - id: plain
    kind: other
    path_or_uri: oci://ghcr.io/summit/plain:1
    metadata_json: { sbom_present: false }
policy:
  waivers:
    - { artifact_ids: [app, half], rule: risk_assessment_present, reason: assessed by hand, owner: sec, expires: '${inDays(60)}' }
`;

interface Report {
  artifacts: Record<string, unknown>[];
  [key: string]: unknown;
}

let workspace: Workspace;
let service: TestService;

beforeAll(async () => {
  workspace = await makeWorkspace({ 'maestro.yml': WAIVED_MANIFEST, 'dist/bundle.tgz': BUNDLE });
  service = await startTestService({ workspace: workspace.root, manifests: ['maestro.yml'] });
});
afterAll(async () => {
  await service.close();
  await workspace.cleanup();
});

async function newRun(artifacts: Record<string, unknown>[], status = 'succeeded', fields: Record<string, unknown> = { name: 'api run', owner: 'platform' }): Promise<string> {
  const run = await json<{ id: string }>(service.url, 'POST', '/maestro/runs', fields);
  for (const artifact of artifacts) {
    const created = await call(service.url, 'POST', '/maestro/artifacts', { run_id: run.id, kind: 'sbom', path_or_uri: 's3://releases/x.tgz', ...artifact });
    expect(created.status).toBe(201);
  }
  await call(service.url, 'PATCH', `/maestro/runs/${run.id}`, { status });
  return run.id;
}

async function report(runId: string, query = ''): Promise<Report> {
  return (await json<{ compliance_report: Report }>(service.url, 'GET', `/maestro/runs/${runId}/manifest${query}`)).compliance_report;
}

const byId = (answer: Report, id: string): Record<string, unknown> => answer.artifacts.find((entry) => entry.artifact_id === id)!;

describe('the manifest answer, by default in the service shape', () => {
  it("has exactly the service's fields for a run the service's rule judges, flags declared or not", async () => {
    const runId = await newRun([{ metadata_json: COMPLIANT }, { metadata_json: { sbom_present: true } }]);
    const answer = await report(runId);
    expect(Object.keys(answer).sort()).toEqual(SERVICE_REPORT_KEYS);
    expect(answer).toMatchObject({ release_gate_passed: true, release_gate_message: 'Release gate passed: 1 compliant artifact(s) found', summary: { total_artifacts: 2, compliant_artifacts: 1 } });
    for (const entry of answer.artifacts) expect(Object.keys(entry).sort()).toEqual(SERVICE_ARTIFACT_KEYS);
    expect(answer.artifacts.map((entry) => [entry.sbom_present, entry.slsa_provenance_present, entry.compliant])).toEqual([
      [true, true, true],
      [true, false, false],
    ]);
  });

  it('keeps the failures of a failing run, and still only the service fields per artifact', async () => {
    const runId = await newRun([{ metadata_json: { sbom_present: true } }], 'failed');
    const answer = await report(runId);
    expect(answer.release_gate_message).toBe("Run status is 'failed', must be 'succeeded'");
    expect(answer.failures).toEqual([
      expect.objectContaining({ rule: 'run_succeeded' }),
      expect.objectContaining({ rule: 'min_compliant_artifacts', artifact_ids: [answer.artifacts[0]!.artifact_id] }),
    ]);
    expect(Object.keys(answer.artifacts[0]!).sort()).toEqual(SERVICE_ARTIFACT_KEYS);
  });

  it('keeps the whole entry of an artifact whose bytes do not match, next to a plain one', async () => {
    const runId = await newRun([
      { path_or_uri: 'dist/bundle.tgz', content_hash: sha256Of('other bytes'), metadata_json: COMPLIANT },
      { path_or_uri: 'dist/bundle.tgz', content_hash: sha256Of(BUNDLE), metadata_json: COMPLIANT },
      // No flag declared, so its flags alone say "not compliant": its failed bytes are still shown.
      { path_or_uri: 'dist/bundle.tgz', content_hash: sha256Of('more other bytes'), metadata_json: {} },
    ]);
    const answer = await report(runId);
    const [tampered, good, bare] = answer.artifacts;
    expect(tampered).toMatchObject({ compliant: false, sbom_present: true, integrity: { status: 'mismatch' }, reasons: expect.arrayContaining([expect.stringContaining('content_hash')]) });
    expect(Object.keys(good!).sort()).toEqual(SERVICE_ARTIFACT_KEYS);
    expect(bare).toMatchObject({ compliant: false, sbom_present: false, integrity: { status: 'mismatch' } });
    expect(answer.failures).toEqual([expect.objectContaining({ rule: 'integrity', artifact_ids: [tampered!.artifact_id, bare!.artifact_id] })]);
  });

  it('never hides a waiver in force: the waived artifact whole, the waivers and the policy at the top', async () => {
    const answer = await report('waived-run');
    expect(answer.release_gate_passed).toBe(true);
    const app = byId(answer, 'app');
    expect(app).toMatchObject({ compliant: true, risk_assessment_present: false, waived: [expect.stringContaining('assessed by hand')] });
    // Still not compliant, as its flags say, but a waiver lifted one of its requirements: shown.
    expect(byId(answer, 'half')).toMatchObject({ compliant: false, missing_flags: ['slsa_provenance_present'], waived: [expect.stringContaining('assessed by hand')] });
    expect(Object.keys(byId(answer, 'plain')).sort()).toEqual(SERVICE_ARTIFACT_KEYS);
    expect(answer.waivers).toEqual([expect.objectContaining({ rule: 'risk_assessment_present', owner: 'sec', status: 'active', applied: true })]);
    expect(answer.policy).toMatchObject({ waivers: [expect.objectContaining({ reason: 'assessed by hand' })] });
    expect(answer.policy_source).toEqual({ kind: 'manifest' });
  });

  it('answers the whole report with ?detail=full, as manifest.json holds it', async () => {
    const runId = await newRun([{ metadata_json: COMPLIANT }, {}]);
    const full = await report(runId, '?detail=full');
    expect(Object.keys(full)).toEqual(['run_id', 'run_name', 'run_status', 'release_gate_passed', 'release_gate_message', 'artifacts', 'summary', 'failures', 'waived_rules', 'waivers', 'policy', 'policy_source', 'trust_files']);
    for (const entry of full.artifacts) expect(entry).toHaveProperty('flags.sbom_present.evidence.status', 'absent');
    const plain = await report(runId);
    // The service's fields are the same in both, in the same order.
    expect(plain.artifacts).toEqual(full.artifacts.map((entry) => Object.fromEntries(SERVICE_ARTIFACT_KEYS.map((key) => [key, entry[key]]))));
    expect((await call(service.url, 'GET', `/maestro/runs/${runId}/manifest?detail=everything`)).status).toBe(422);
  });

  it("is no larger than the service's answer for the same 100 artifacts", async () => {
    // bench/run.mjs's service run (seedRun), for which the Python service answered 60,232 bytes on this machine.
    const artifacts = Array.from({ length: 100 }, (_, index) => ({
      path_or_uri: `s3://releases/component-${index}.tgz`,
      content_hash: sha256Of(String(index)),
      metadata_json: { ...(index % 2 === 0 ? COMPLIANT : { sbom_present: false, slsa_provenance_present: false, risk_assessment_present: false }), additional_metadata: { build: `b-${index}` } },
    }));
    const runId = await newRun(artifacts, 'succeeded', { name: 'bench', owner: 'perf-team', cost_estimate: 10 });
    const plain = await call(service.url, 'GET', `/maestro/runs/${runId}/manifest`);
    const full = await call(service.url, 'GET', `/maestro/runs/${runId}/manifest?detail=full`);
    expect(Buffer.byteLength(plain.text)).toBeLessThanOrEqual(60_232);
    expect(Buffer.byteLength(full.text)).toBeGreaterThan(2 * Buffer.byteLength(plain.text));
  });
});
