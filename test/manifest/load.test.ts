/**
 * Loading real manifest files from a workspace: both forms, every default of the model, run ids
 * inside and outside Actions, and how the `manifest` input's paths and globs are expanded.
 */
import { describe, expect, it } from 'vitest';
import { checkManifests } from '../../src/core/check.js';
import { buildRunDocuments } from '../../src/report/documents.js';
import { loadManifests, slugOf } from '../../src/manifest/load.js';
import { COMPILED_FROM_ARTIFACTS } from '../../src/manifest/validate.js';
import { DEFAULT_POLICY } from '../../src/model/schema.js';
import { fixture, manifestErrorLines, manifestIssues, NOW, useWorkspaces } from '../helpers/workspace.js';

const workspace = useWorkspaces();

/** A minimal valid manifest; `extra` lines are appended under `run:` when they start with two spaces. */
function manifest(runLines: string[] = [], rest = ''): string {
  return ['run:', '  name: release', '  owner: platform', ...runLines, rest].join('\n');
}

describe('shared metadata records', () => {
  it('artifacts without additional metadata share one frozen record per combination of flags; the others keep their own', async () => {
    const entries = [
      '  - { id: a, kind: other, path_or_uri: "oci://r/a:1", metadata_json: { sbom_present: true } }',
      '  - { id: b, kind: other, path_or_uri: "oci://r/b:1", metadata_json: { sbom_present: true } }',
      '  - { id: c, kind: other, path_or_uri: "oci://r/c:1" }',
      '  - { id: d, kind: other, path_or_uri: "oci://r/d:1", metadata_json: { sbom_present: true, additional_metadata: { scanner: trivy } } }',
    ];
    const ws = await workspace({ 'maestro.yml': manifest([], ['artifacts:', ...entries].join('\n')) });
    const { store, runs } = await loadManifests({ workspace: ws.root, patterns: ['maestro.yml'], now: NOW });
    const [a, b, c, d] = store.listArtifacts(runs[0]!.runId).map((artifact) => artifact.metadata_json);
    expect(a).toBe(b);
    expect(Object.isFrozen(a)).toBe(true);
    expect(a).toEqual({ sbom_present: true, slsa_provenance_present: false, risk_assessment_present: false, additional_metadata: {} });
    expect(Object.keys(a!)).toEqual(['sbom_present', 'slsa_provenance_present', 'risk_assessment_present', 'additional_metadata']);
    expect(c).not.toBe(a);
    expect(c).toEqual({ sbom_present: false, slsa_provenance_present: false, risk_assessment_present: false, additional_metadata: {} });
    expect(d).toEqual({ sbom_present: true, slsa_provenance_present: false, risk_assessment_present: false, additional_metadata: { scanner: 'trivy' } });
    expect(Object.isFrozen(d)).toBe(false);
  });

  it('a manifest large enough for the compiled parser shares them too, a missing metadata_json and an empty additional_metadata included', async () => {
    const artifacts = Array.from({ length: COMPILED_FROM_ARTIFACTS }, (_, index) => ({
      id: `a${index}`,
      kind: 'other',
      path_or_uri: `oci://r/a:${index}`,
      ...(index % 3 === 1 ? { metadata_json: { sbom_present: true } } : index % 3 === 2 ? { metadata_json: { sbom_present: true, additional_metadata: {} } } : {}),
    }));
    artifacts[5] = { ...artifacts[5]!, metadata_json: { sbom_present: true, additional_metadata: { scanner: 'trivy' } } } as (typeof artifacts)[number];
    const ws = await workspace({ 'maestro.json': JSON.stringify({ run: { name: 'release', owner: 'platform' }, artifacts }) });
    const { store, runs } = await loadManifests({ workspace: ws.root, patterns: ['maestro.json'], now: NOW });
    const records = store.listArtifacts(runs[0]!.runId).map((artifact) => artifact.metadata_json);
    const own = records.splice(5, 1)[0]!;
    expect(new Set(records).size).toBe(2);
    expect(records.every((record) => Object.isFrozen(record))).toBe(true);
    expect(records[1]).toBe(records[2]);
    expect(JSON.stringify(records[1])).toBe('{"sbom_present":true,"slsa_provenance_present":false,"risk_assessment_present":false,"additional_metadata":{}}');
    expect(own).toEqual({ sbom_present: true, slsa_provenance_present: false, risk_assessment_present: false, additional_metadata: { scanner: 'trivy' } });
    expect(Object.isFrozen(own)).toBe(false);
  });
});

describe('the two forms', () => {
  it('loads a YAML manifest into the store, every field in the service shape', async () => {
    const ws = await workspace({ 'maestro.yml': await fixture('passing.yml') });
    const { store, runs } = await loadManifests({ workspace: ws.root, patterns: ['maestro.yml'], now: NOW });
    expect(runs).toHaveLength(1);
    const loaded = runs[0]!;
    expect(loaded).toMatchObject({ runId: 'maestro-yml', file: 'maestro.yml', artifactIds: ['artifact-1'], disclosurePackId: 'maestro-yml-disclosure' });
    expect(loaded.manifestSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(loaded.artifactPositions).toEqual([{ line: 9, column: 5 }]);
    expect(store.getRun('maestro-yml')).toEqual({
      id: 'maestro-yml',
      name: 'release 1.4.0',
      owner: 'platform-team',
      status: 'succeeded',
      started_at: null,
      finished_at: null,
      cost_estimate: null,
      cost_actual: null,
      related_entity_ids: ['svc-payments'],
      related_decision_ids: [],
      metadata: {},
      created_at: NOW,
      updated_at: NOW,
    });
    expect(store.listArtifacts('maestro-yml')).toEqual([
      {
        id: 'artifact-1',
        run_id: 'maestro-yml',
        kind: 'other',
        path_or_uri: 'dist/bundle.tgz',
        content_hash: null,
        created_at: NOW,
        metadata_json: { sbom_present: true, slsa_provenance_present: true, risk_assessment_present: true, additional_metadata: {} },
      },
    ]);
    expect(store.getDisclosurePackForRun('maestro-yml')).toEqual({
      id: 'maestro-yml-disclosure',
      run_id: 'maestro-yml',
      summary: 'Evidence for release 1.4.0',
      artifact_ids: ['artifact-1'],
      metadata: {},
      created_at: NOW,
    });
  });

  it('passes the gate for the YAML form', async () => {
    const ws = await workspace({ 'maestro.yml': await fixture('passing.yml') });
    const result = await checkManifests({ workspace: ws.root, patterns: ['maestro.yml'], now: NOW });
    expect(result.passed).toBe(true);
    expect(buildRunDocuments(result.runs[0]!).releaseGate).toEqual({
      run_id: 'maestro-yml',
      passed: true,
      message: 'Release gate passed: 1 compliant artifact(s) found',
      details: { run_id: 'maestro-yml', total_artifacts: 1, compliant_artifacts: 1, compliant_artifact_ids: ['artifact-1'] },
    });
  });

  it('accepts the JSON form (maestro.json) with the same meaning', async () => {
    const ws = await workspace({ 'maestro.json': await fixture('passing.json') });
    const result = await checkManifests({ workspace: ws.root, patterns: ['maestro.json'], now: NOW });
    expect(result.passed).toBe(true);
    expect(result.runs[0]!.run).toMatchObject({ id: 'maestro-json', name: 'release 1.4.0', status: 'succeeded' });
    expect(result.runs[0]!.gate.details).toEqual({ run_id: 'maestro-json', total_artifacts: 1, compliant_artifacts: 1, compliant_artifact_ids: ['bundle'] });
    expect(result.runs[0]!.disclosurePack?.artifact_ids).toEqual(['bundle']);
  });

  it('locates JSON errors by line and column too', async () => {
    const json = ['{', '  "run": { "name": "r", "owner": "o", "status": "ok" },', '  "artifacts": []', '}'].join('\n');
    const ws = await workspace({ 'maestro.json': json });
    expect(await manifestErrorLines(loadManifests({ workspace: ws.root, patterns: ['maestro.json'], now: NOW }))).toEqual([
      "maestro.json:2:49 run.status: string 'ok' is not one of pending, running, succeeded, failed, cancelled",
    ]);
  });

  it('accepts a byte order mark before a valid manifest', async () => {
    const ws = await workspace({ 'maestro.yml': `\uFEFF${manifest(['  status: succeeded'])}` });
    const { runs } = await loadManifests({ workspace: ws.root, patterns: ['maestro.yml'], now: NOW });
    expect(runs[0]!.manifest.run.status).toBe('succeeded');
  });

  it('accepts an explicit %YAML 1.2 directive', async () => {
    const ws = await workspace({ 'maestro.yml': `%YAML 1.2\n---\n${manifest()}` });
    const { runs } = await loadManifests({ workspace: ws.root, patterns: ['maestro.yml'], now: NOW });
    expect(runs[0]!.manifest.run.name).toBe('release');
  });
});

describe('defaults', () => {
  it('fills in every default of the model', async () => {
    const ws = await workspace({ 'maestro.yml': await fixture('defaults.yml') });
    const { store, runs } = await loadManifests({ workspace: ws.root, patterns: ['maestro.yml'], now: NOW });
    const loaded = runs[0]!;
    expect(loaded.policy).toEqual(DEFAULT_POLICY);
    expect(loaded.manifest.version).toBe(1);
    expect(loaded.artifactIds).toEqual(['artifact-1', 'artifact-2']);
    expect(loaded.disclosurePackId).toBeNull();
    expect(store.getRun(loaded.runId)).toMatchObject({ status: 'pending', related_entity_ids: [], related_decision_ids: [], metadata: {}, cost_estimate: null });
    expect(store.listArtifacts(loaded.runId).map((artifact) => [artifact.id, artifact.kind, artifact.content_hash, artifact.metadata_json])).toEqual([
      ['artifact-1', 'sbom', null, { sbom_present: false, slsa_provenance_present: false, risk_assessment_present: false, additional_metadata: {} }],
      ['artifact-2', 'build_log', null, { sbom_present: false, slsa_provenance_present: false, risk_assessment_present: false, additional_metadata: {} }],
    ]);
  });

  it('gates a run without a status as pending, in the service words', async () => {
    const ws = await workspace({ 'maestro.yml': await fixture('defaults.yml') });
    const result = await checkManifests({ workspace: ws.root, patterns: ['maestro.yml'], now: NOW });
    expect(result.passed).toBe(false);
    expect(result.runs[0]!.gate.message).toBe("Run status is 'pending', must be 'succeeded'");
  });

  it('numbers default artifact ids by position, around explicit ones', async () => {
    const artifacts = ['artifacts:', '  - { kind: other, path_or_uri: a }', '  - { id: app, kind: other, path_or_uri: b }', '  - { kind: other, path_or_uri: c }'].join('\n');
    const ws = await workspace({ 'maestro.yml': manifest([], artifacts) });
    const { runs } = await loadManifests({ workspace: ws.root, patterns: ['maestro.yml'], now: NOW });
    expect(runs[0]!.artifactIds).toEqual(['artifact-1', 'app', 'artifact-3']);
  });

  it('uses started_at and finished_at for the stored timestamps, `now` otherwise', async () => {
    const ws = await workspace({ 'maestro.yml': manifest(['  started_at: 2024-04-01T10:00:00Z', '  finished_at: 2024-04-01T11:00:00+02:00']) });
    const { store, runs } = await loadManifests({ workspace: ws.root, patterns: ['maestro.yml'], now: NOW });
    expect(store.getRun(runs[0]!.runId)).toMatchObject({
      started_at: '2024-04-01T10:00:00Z',
      finished_at: '2024-04-01T11:00:00+02:00',
      created_at: '2024-04-01T10:00:00Z',
      updated_at: '2024-04-01T11:00:00+02:00',
    });
  });

  it('names a disclosure pack after its run unless it has an id', async () => {
    const ws = await workspace({
      'a.yml': manifest([], 'disclosure_pack: { summary: s }'),
      'b.yml': manifest([], 'disclosure_pack: { id: pack-b, summary: s }'),
    });
    const { runs } = await loadManifests({ workspace: ws.root, patterns: ['a.yml', 'b.yml'], now: NOW });
    expect(runs.map((run) => run.disclosurePackId)).toEqual(['a-yml-disclosure', 'pack-b']);
  });
});

describe('run ids', () => {
  it.each([
    { file: 'maestro.yml', id: 'maestro-yml' },
    { file: 'services/api/maestro.yml', id: 'services-api-maestro-yml' },
    { file: 'Deploy/Prod_EU.Maestro.YAML', id: 'deploy-prod-eu-maestro-yaml' },
    { file: 'maestro.json', id: 'maestro-json' },
  ])('outside Actions, defaults to a slug of the path: $file → $id', async ({ file, id }) => {
    const ws = await workspace({ [file]: manifest() });
    const { runs } = await loadManifests({ workspace: ws.root, patterns: [file], now: NOW });
    expect(runs[0]!.runId).toBe(id);
  });

  it('is stable across loads, so local reports are reproducible', async () => {
    const ws = await workspace({ 'maestro.yml': manifest() });
    const first = await loadManifests({ workspace: ws.root, patterns: ['maestro.yml'], now: NOW });
    const second = await loadManifests({ workspace: ws.root, patterns: ['maestro.yml'], now: NOW });
    expect(first.runs[0]!.runId).toBe(second.runs[0]!.runId);
  });

  it('inside Actions, defaults to `${GITHUB_RUN_ID}-${GITHUB_RUN_ATTEMPT}`', async () => {
    const ws = await workspace({ 'maestro.yml': manifest() });
    const { runs, store } = await loadManifests({ workspace: ws.root, patterns: ['maestro.yml'], githubRun: { id: '9876543210', attempt: '2' }, now: NOW });
    expect(runs[0]!.runId).toBe('9876543210-2');
    expect(store.hasRun('9876543210-2')).toBe(true);
  });

  it('inside Actions with several manifests, appends the slug of each path', async () => {
    const ws = await workspace({ 'services/api/maestro.yml': manifest(), 'services/web/maestro.yml': manifest() });
    const { runs } = await loadManifests({ workspace: ws.root, patterns: ['services/*/maestro.yml'], githubRun: { id: '42', attempt: '1' }, now: NOW });
    expect(runs.map((run) => run.runId)).toEqual(['42-1-services-api-maestro-yml', '42-1-services-web-maestro-yml']);
  });

  it('keeps an explicit id, inside Actions or not', async () => {
    const ws = await workspace({ 'a.yml': manifest(['  id: release-7']), 'b.yml': manifest() });
    const { runs } = await loadManifests({ workspace: ws.root, patterns: ['a.yml', 'b.yml'], githubRun: { id: '42', attempt: '3' }, now: NOW });
    expect(runs.map((run) => run.runId)).toEqual(['release-7', '42-3-b-yml']);
  });

  it('refuses the same explicit id in two files, at the second one', async () => {
    const ws = await workspace({ 'a/maestro.yml': manifest(['  id: release-7']), 'b/maestro.yml': manifest(['  id: release-7']) });
    const issues = await manifestIssues(loadManifests({ workspace: ws.root, patterns: ['*/maestro.yml'], now: NOW }));
    expect(issues).toEqual([
      {
        code: 'DUPLICATE_ID',
        file: 'b/maestro.yml',
        line: 4,
        column: 7,
        path: 'run.id',
        message: "run id 'release-7' is already used by a/maestro.yml; run ids must be unique across manifests",
      },
    ]);
  });

  it('refuses an explicit id equal to another manifest default id', async () => {
    const ws = await workspace({ 'a.yml': manifest(), 'b.yml': manifest(['  id: a-yml']) });
    const lines = await manifestErrorLines(loadManifests({ workspace: ws.root, patterns: ['a.yml', 'b.yml'], now: NOW }));
    expect(lines).toEqual(["b.yml:4:7 run.id: run id 'a-yml' is already used by a.yml; run ids must be unique across manifests"]);
  });

  it.each([
    { file: 'a'.repeat(150) + '.yml' },
    { file: `${'deep/'.repeat(30)}maestro.yml` },
  ])('shortens a long slug with a hash, staying a valid id', ({ file }) => {
    const slug = slugOf(file);
    expect(slug.length).toBeLessThanOrEqual(100);
    expect(slug).toMatch(/^[a-z0-9][a-z0-9-]*-[0-9a-f]{8}$/);
    expect(slugOf(`${file}x`)).not.toBe(slug);
  });

  it.each([
    { file: '...', slug: 'run' },
    { file: 'ÄÖÜ.yml', slug: 'yml' },
  ])('always makes a usable slug: $file → $slug', ({ file, slug }) => {
    expect(slugOf(file)).toBe(slug);
  });
});

describe('manifest paths and globs', () => {
  const monorepo = {
    'services/api/maestro.yml': manifest(),
    'services/web/maestro.yml': manifest(),
    'services/legacy/maestro.yml': manifest(),
    'maestro.yml': manifest(),
  };

  it('expands a glob, in sorted order', async () => {
    const ws = await workspace(monorepo);
    const { runs } = await loadManifests({ workspace: ws.root, patterns: ['services/*/maestro.yml'], now: NOW });
    expect(runs.map((run) => run.file)).toEqual(['services/api/maestro.yml', 'services/legacy/maestro.yml', 'services/web/maestro.yml']);
  });

  it('takes one path or glob per entry and loads a file matched twice once', async () => {
    const ws = await workspace(monorepo);
    const { runs } = await loadManifests({ workspace: ws.root, patterns: ['maestro.yml', '**/maestro.yml', 'services/api/maestro.yml'], now: NOW });
    expect(runs.map((run) => run.file)).toEqual(['maestro.yml', 'services/api/maestro.yml', 'services/legacy/maestro.yml', 'services/web/maestro.yml']);
  });

  it('excludes what a `!` entry names', async () => {
    const ws = await workspace(monorepo);
    const { runs } = await loadManifests({ workspace: ws.root, patterns: ['services/**/maestro.yml', '!services/legacy/**'], now: NOW });
    expect(runs.map((run) => run.file)).toEqual(['services/api/maestro.yml', 'services/web/maestro.yml']);
  });

  it('refuses a glob that matches nothing', async () => {
    const ws = await workspace(monorepo);
    const issues = await manifestIssues(loadManifests({ workspace: ws.root, patterns: ['maestro.yml', 'apps/*/maestro.yml'], now: NOW }));
    expect(issues).toEqual([{ code: 'NO_MANIFEST', file: 'apps/*/maestro.yml', path: '', message: 'this glob matches no file' }]);
  });

  it('refuses a glob whose every match is excluded', async () => {
    const ws = await workspace(monorepo);
    const issues = await manifestIssues(loadManifests({ workspace: ws.root, patterns: ['services/legacy/*.yml', '!services/legacy/**'], now: NOW }));
    expect(issues.map((issue) => issue.code)).toEqual(['NO_MANIFEST']);
  });

  it('refuses a path that does not exist, and reports every missing entry at once', async () => {
    const ws = await workspace(monorepo);
    const issues = await manifestIssues(loadManifests({ workspace: ws.root, patterns: ['maestro.yaml', 'services/*/maestro.json', 'maestro.yml'], now: NOW }));
    expect(issues).toEqual([
      { code: 'FILE_NOT_FOUND', file: 'maestro.yaml', path: '', message: 'manifest not found' },
      { code: 'NO_MANIFEST', file: 'services/*/maestro.json', path: '', message: 'this glob matches no file' },
    ]);
  });

  it.each([{ patterns: [] }, { patterns: ['!maestro.yml'] }])('refuses an input that names no manifest: $patterns', async ({ patterns }) => {
    const ws = await workspace(monorepo);
    const issues = await manifestIssues(loadManifests({ workspace: ws.root, patterns, now: NOW }));
    expect(issues).toEqual([{ code: 'NO_MANIFEST', file: '(manifest input)', path: '', message: 'no manifest path given' }]);
  });

  it('gates several manifests as several runs; passed only when every run passes', async () => {
    const passing = (await fixture('passing.yml')).toString();
    const ws = await workspace({ 'a/maestro.yml': passing, 'b/maestro.yml': passing.replace('status: succeeded', 'status: failed') });
    const result = await checkManifests({ workspace: ws.root, patterns: ['*/maestro.yml'], now: NOW });
    expect(result.runs.map((run) => [run.run.id, run.gate.passed, run.gate.message])).toEqual([
      ['a-maestro-yml', true, 'Release gate passed: 1 compliant artifact(s) found'],
      ['b-maestro-yml', false, "Run status is 'failed', must be 'succeeded'"],
    ]);
    expect(result.passed).toBe(false);
  });
});

describe('check overrides', () => {
  it('run-status overrides the manifest status', async () => {
    const ws = await workspace({ 'maestro.yml': await fixture('passing.yml') });
    const result = await checkManifests({ workspace: ws.root, patterns: ['maestro.yml'], runStatus: 'cancelled', now: NOW });
    expect(result.passed).toBe(false);
    expect(result.runs[0]!.gate.message).toBe("Run status is 'cancelled', must be 'succeeded'");
    expect(result.runs[0]!.run.status).toBe('cancelled');
  });

  it('require-evidence overrides the policy, and flags without evidence stop counting', async () => {
    const ws = await workspace({ 'maestro.yml': await fixture('passing.yml') });
    const result = await checkManifests({ workspace: ws.root, patterns: ['maestro.yml'], requireEvidence: true, now: NOW });
    expect(result.passed).toBe(false);
    expect(result.runs[0]!.policy.require_evidence).toBe(true);
    expect(result.runs[0]!.gate.message).toMatch(/^No artifacts meet compliance requirements \(SBOM \+ SLSA provenance \+ risk assessment\): artifact-1 \(SBOM declared true, no evidence/);
  });
});
