/**
 * The export round trip: a run built over the API, exported with `maestro-gate export`, is a
 * maestro.yml that `maestro-gate validate` accepts and `maestro-gate check` judges exactly as
 * the API's release gate did, for passing runs, for each way of failing, for local files whose
 * bytes are checked, and for runs preloaded from manifests with their own policy and evidence.
 */
import { cp, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { exportCommand } from '../../src/cli/serve.js';
import { main } from '../../src/cli/main.js';
import { ROOT } from '../helpers/runner.js';
import { makeWorkspace, sha256Of, type Workspace } from '../helpers/workspace.js';
import { call, COMPLIANT, json, startTestService, type TestService } from './helpers/service.js';

const BUNDLE = 'release bundle bytes\n';

let workspace: Workspace;
let service: TestService;

beforeAll(async () => {
  workspace = await makeWorkspace({ 'dist/bundle.tgz': BUNDLE });
  service = await startTestService({ workspace: workspace.root });
});
afterAll(async () => {
  await service.close();
  await workspace.cleanup();
});

interface Captured {
  code: number;
  out: string;
  err: string;
}

async function cli(run: (io: { out: (text: string) => void; err: (text: string) => void; color: boolean; now: () => string }) => Promise<number>): Promise<Captured> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run({ out: (text) => out.push(text), err: (text) => err.push(text), color: false, now: () => new Date().toISOString() });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** Exports the run, then validates and checks the file in `checkWorkspace`; returns both verdicts. */
async function roundTrip(base: string, runId: string, checkWorkspace: string): Promise<{ api: unknown; check: unknown; yaml: string }> {
  const api = await json(base, 'GET', `/maestro/runs/${encodeURIComponent(runId)}/release-gate`);
  const exported = await cli((io) => exportCommand([runId, '--url', base], io));
  expect(exported.err).toBe('');
  expect(exported.code).toBe(0);
  // Inside the workspace and named relative to it, as a manifest must be.
  const file = path.join('exported', `${encodeURIComponent(runId)}.yml`);
  await mkdir(path.join(checkWorkspace, 'exported'), { recursive: true });
  await writeFile(path.join(checkWorkspace, file), `${exported.out}\n`);

  const validated = await cli((io) => main(['validate', '--workspace', checkWorkspace, file], io));
  expect(validated.err).toBe('');
  expect(validated.code).toBe(0);
  expect(validated.out).toContain(`run ${runId}`);

  const checked = await cli((io) => main(['check', '--json', '--workspace', checkWorkspace, '--report-dir', `reports/${runId}`, file], io));
  const report = JSON.parse(checked.out) as { passed: boolean; runs: { release_gate: unknown }[] };
  expect(checked.code).toBe(report.passed ? 0 : 1);
  return { api, check: report.runs[0]!.release_gate, yaml: exported.out };
}

async function createRun(body: Record<string, unknown> = {}): Promise<string> {
  return (await json<{ id: string }>(service.url, 'POST', '/maestro/runs', { name: 'Export me', owner: 'devops@example.com', ...body })).id;
}
async function addArtifact(runId: string, body: Record<string, unknown>): Promise<string> {
  const created = await call(service.url, 'POST', '/maestro/artifacts', { run_id: runId, kind: 'other', path_or_uri: 's3://releases/bundle.tgz', ...body });
  expect(created.status).toBe(201);
  return (created.json as { id: string }).id;
}
async function succeed(runId: string): Promise<void> {
  await call(service.url, 'PATCH', `/maestro/runs/${runId}`, { status: 'succeeded', cost_actual: 4.25, finished_at: '2025-11-22T10:00:00.123456' });
}

describe('export → validate → check gives the API release gate', () => {
  it('a passing run with a disclosure pack, metadata and a digest the service kept but a manifest cannot take', async () => {
    const runId = await createRun({ cost_estimate: 5, related_entity_ids: ['entity-1'], metadata: { ticket: 'OPS-1', nested: { list: [1, 'two', null, true], yes: 'yes' } } });
    const compliant = await addArtifact(runId, { content_hash: `sha256:${'AB'.repeat(32)}`, metadata_json: { ...COMPLIANT, additional_metadata: { scanner: 'trivy' } } });
    const odd = await addArtifact(runId, { kind: 'sbom', path_or_uri: 's3://artifacts/sbom.json', content_hash: 'sha256:abc123\n# injected', metadata_json: { sbom_present: true } });
    await call(service.url, 'POST', '/maestro/disclosure-packs', { run_id: runId, summary: 'Release: "quoted", multi\nline', artifact_ids: [compliant, odd] });
    await succeed(runId);

    const { api, check, yaml } = await roundTrip(service.url, runId, workspace.root);
    expect(api).toMatchObject({ passed: true, message: 'Release gate passed: 1 compliant artifact(s) found' });
    expect(check).toEqual(api);
    const document = parse(yaml) as { run: Record<string, unknown>; artifacts: Record<string, unknown>[]; disclosure_pack: Record<string, unknown> };
    expect(document.run).toMatchObject({ id: runId, status: 'succeeded', cost_estimate: 5, cost_actual: 4.25, metadata: { nested: { yes: 'yes' } } });
    expect(document.artifacts[0]).toMatchObject({ id: compliant, content_hash: `sha256:${'ab'.repeat(32)}` });
    expect(document.artifacts[1]).not.toHaveProperty('content_hash');
    expect(yaml).toContain('# content_hash "sha256:abc123\\n# injected" left out');
    expect(document.disclosure_pack.summary).toBe('Release: "quoted", multi\nline');
  });

  it.each([
    ['pending', "Run status is 'pending', must be 'succeeded'"],
    ['no artifacts', 'No artifacts found for this run'],
    ['incomplete flags', 'No artifacts meet compliance requirements (SBOM + SLSA provenance + risk assessment)'],
  ])('a failing run (%s)', async (kind, message) => {
    const runId = await createRun();
    if (kind !== 'no artifacts') await addArtifact(runId, { metadata_json: kind === 'pending' ? COMPLIANT : { sbom_present: true, risk_assessment_present: true } });
    if (kind !== 'pending') await succeed(runId);
    const { api, check } = await roundTrip(service.url, runId, workspace.root);
    expect(api).toMatchObject({ passed: false, message });
    expect(check).toEqual(api);
  });

  it('local files: hashed in the workspace by the service as by check, so a tampered one fails both', async () => {
    const good = await createRun();
    await addArtifact(good, { path_or_uri: 'dist/bundle.tgz', content_hash: sha256Of(BUNDLE), metadata_json: COMPLIANT });
    await succeed(good);
    const verified = await roundTrip(service.url, good, workspace.root);
    expect(verified.api).toMatchObject({ passed: true });
    expect(verified.check).toEqual(verified.api);
    const manifest = await json<{ compliance_report: { artifacts: { integrity: { status: string } }[] } }>(service.url, 'GET', `/maestro/runs/${good}/manifest?detail=full`);
    expect(manifest.compliance_report.artifacts[0]!.integrity.status).toBe('verified');

    const tampered = await createRun();
    await addArtifact(tampered, { path_or_uri: 'dist/bundle.tgz', content_hash: sha256Of('other bytes'), metadata_json: COMPLIANT });
    await succeed(tampered);
    const failed = await roundTrip(service.url, tampered, workspace.root);
    expect(failed.api).toMatchObject({ passed: false, message: expect.stringContaining('content_hash mismatch') });
    expect(failed.check).toEqual(failed.api);
  });

  it('preloaded manifests keep their evidence, through the API and back', async () => {
    // A copy of the examples, so that check's reports land in a scratch folder, not the repository.
    const examples = await makeWorkspace();
    await cp(path.join(ROOT, 'examples'), examples.path('examples'), { recursive: true });
    const preloaded = await startTestService({ workspace: examples.root, manifests: ['examples/evidence/maestro.yml', 'examples/failing-tampered/maestro.yml', 'examples/passing/maestro.yml'] });
    try {
      const runs = await json<{ id: string }[]>(preloaded.url, 'GET', '/maestro/runs');
      expect(runs).toHaveLength(3);
      for (const { id } of runs) {
        const { api, check, yaml } = await roundTrip(preloaded.url, id, examples.root);
        expect(check).toEqual(api);
        if (id === 'demo-release-evidence') {
          expect(api).toMatchObject({ passed: true });
          // The example's rules live in its policy file now (examples/evidence/maestro-policy.yml).
          expect(parse(yaml)).toMatchObject({ artifacts: [{ evidence: { sbom: 'examples/evidence/sbom.cdx.json' } }] });
        }
      }
    } finally {
      await preloaded.close();
      await examples.cleanup();
    }
  });
});

describe('maestro-gate export errors', () => {
  it('an unknown run: exit 2 with the service detail', async () => {
    const result = await cli((io) => exportCommand(['no-such-run', '--url', service.url], io));
    expect(result.code).toBe(2);
    expect(result.err).toContain('404');
    expect(result.err).toContain('Run no-such-run not found');
  });

  it('no server there: exit 2, saying so', async () => {
    const result = await cli((io) => exportCommand(['any', '--url', 'http://127.0.0.1:9'], io));
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/cannot reach http:\/\/127\.0\.0\.1:9 .*serve/);
  });

  it('usage: one RUN_ID, an http URL', async () => {
    expect((await cli((io) => exportCommand([], io))).code).toBe(2);
    expect((await cli((io) => exportCommand(['a', '--url', 'file:///etc/passwd'], io))).err).toContain('not an http(s) URL');
  });
});
