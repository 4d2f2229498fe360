/**
 * What a user sees when a manifest is wrong: every error of a file at once, each at its file,
 * line and column, with its key path, the bad value and what is allowed.
 */
import { describe, expect, it } from 'vitest';
import { checkManifests } from '../../src/core/check.js';
import { ErrorCode, formatIssue, ManifestError } from '../../src/errors.js';
import { loadManifests } from '../../src/manifest/load.js';
import { fixture, manifestErrorLines, manifestIssues, NOW, useWorkspaces } from '../helpers/workspace.js';

const workspace = useWorkspaces();

const RUN = ['run:', '  name: release', '  owner: platform', '  status: succeeded'];

/** Errors of `maestro.yml` written from `lines`, as one-line texts. */
async function errorsOf(lines: string[]): Promise<string[]> {
  const ws = await workspace({ 'maestro.yml': lines.join('\n') });
  return manifestErrorLines(loadManifests({ workspace: ws.root, patterns: ['maestro.yml'], now: NOW }));
}

describe('all errors of a file at once', () => {
  it('reports schema, id and path errors together, in reading order', async () => {
    const ws = await workspace({ 'maestro.yml': await fixture('many-errors.yml') });
    const pending = checkManifests({ workspace: ws.root, patterns: ['maestro.yml'], now: NOW });
    const issues = await manifestIssues(pending);
    expect(issues.map(formatIssue)).toEqual([
      'maestro.yml:3:10 run.owner: must not be empty',
      "maestro.yml:4:11 run.status: string 'done' is not one of pending, running, succeeded, failed, cancelled",
      'maestro.yml:5:18 run.cost_estimate: number -1 is below the minimum of 0',
      "maestro.yml:7:11 artifacts[0].kind: string 'banana' is not one of sbom, slsa_provenance, risk_assessment, specification, build_log, test_report, other",
      "maestro.yml:9:19 artifacts[0].content_hash: string 'md5:0123456789abcdef' must be sha256:<64 hex digits> or sha512:<128 hex digits>",
      "maestro.yml:11:7 artifacts[0].metadata_json.sbom_presnt: unknown key 'sbom_presnt' (did you mean 'sbom_present'?); allowed keys: sbom_present, slsa_provenance_present, risk_assessment_present, additional_metadata",
      "maestro.yml:12:7 artifacts[0].metadata_json.slsa_provenance: unknown key 'slsa_provenance' (did you mean 'slsa_provenance_present'?); allowed keys: sbom_present, slsa_provenance_present, risk_assessment_present, additional_metadata",
      "maestro.yml:13:32 artifacts[0].metadata_json.risk_assessment_present: expected boolean, got string 'yes'",
      'maestro.yml:14:5 artifacts[1].path_or_uri: is required (expected string)',
      "maestro.yml:14:9 artifacts[1].id: artifact id 'artifact-1' is already used by artifacts[0]; ids must be unique within a run",
      "maestro.yml:17:18 artifacts[2].path_or_uri: '../outside.tgz' contains a '..' segment (paths must stay inside the workspace)",
    ]);
    expect(issues.map((issue) => issue.code)).toEqual([
      'INVALID_VALUE',
      'INVALID_VALUE',
      'INVALID_VALUE',
      'INVALID_VALUE',
      'INVALID_VALUE',
      'UNKNOWN_KEY',
      'UNKNOWN_KEY',
      'INVALID_VALUE',
      'MISSING_FIELD',
      'DUPLICATE_ID',
      'UNSAFE_PATH',
    ]);
  });

  it('says how many more errors follow the first in the thrown message', async () => {
    const ws = await workspace({ 'maestro.yml': await fixture('many-errors.yml') });
    const error = await loadManifests({ workspace: ws.root, patterns: ['maestro.yml'], now: NOW }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ManifestError);
    expect((error as ManifestError).message).toBe('maestro.yml:3:10 run.owner: must not be empty (and 10 more)');
  });

  it('reports the errors of every file, each under its own name', async () => {
    const ws = await workspace({
      'a/maestro.yml': ['run:', '  name: a', '  owner: o', '  status: done'].join('\n'),
      'b/maestro.yml': ['run:', '  name: b', 'artifacts: {}'].join('\n'),
      'c/maestro.yml': [...RUN].join('\n'),
    });
    expect(await manifestErrorLines(loadManifests({ workspace: ws.root, patterns: ['*/maestro.yml'], now: NOW }))).toEqual([
      "a/maestro.yml:4:11 run.status: string 'done' is not one of pending, running, succeeded, failed, cancelled",
      'b/maestro.yml:2:3 run.owner: is required (expected string)',
      'b/maestro.yml:3:12 artifacts: expected array, got a mapping',
    ]);
  });
});

describe('unknown keys', () => {
  it.each([
    { lines: [...RUN, 'artifact:', '  - kind: other'], expected: "maestro.yml:5:1 artifact: unknown key 'artifact' (did you mean 'artifacts'?); allowed keys: version, run, artifacts, disclosure_pack, policy" },
    { lines: [...RUN, '  stauts: failed'], expected: "maestro.yml:5:3 run.stauts: unknown key 'stauts' (did you mean 'status'?); allowed keys: id, name, owner, status, started_at, finished_at, cost_estimate, cost_actual, related_entity_ids, related_decision_ids, metadata" },
    {
      lines: [...RUN, 'artifacts:', '  - kind: other', '    path_or_uri: a', '    metadata_json: { sbom_presnt: true }'],
      expected: "maestro.yml:8:22 artifacts[0].metadata_json.sbom_presnt: unknown key 'sbom_presnt' (did you mean 'sbom_present'?); allowed keys: sbom_present, slsa_provenance_present, risk_assessment_present, additional_metadata",
    },
    {
      lines: [...RUN, 'artifacts:', '  - kind: other', '    path_or_uri: a', '    metadata_json:', '      slsa_provenance: true'],
      expected: "maestro.yml:9:7 artifacts[0].metadata_json.slsa_provenance: unknown key 'slsa_provenance' (did you mean 'slsa_provenance_present'?); allowed keys: sbom_present, slsa_provenance_present, risk_assessment_present, additional_metadata",
    },
    {
      lines: [...RUN, 'artifacts:', '  - kind: other', '    path_or_uri: a', '    sbom_present: true'],
      expected: "maestro.yml:8:5 artifacts[0].sbom_present: unknown key 'sbom_present'; allowed keys: id, run_id, kind, path_or_uri, content_hash, created_at, metadata_json, evidence",
    },
    { lines: [...RUN, 'policy:', '  require_evidnce: true'], expected: "maestro.yml:6:3 policy.require_evidnce: unknown key 'require_evidnce' (did you mean 'require_evidence'?); allowed keys: required_flags, min_compliant_artifacts, require_evidence, verify_content_hash, max_cost_overrun, waivers, trusted_keys, sigstore_trusted_root, sigstore_identities, require_signatures, github_attestations" },
    { lines: [...RUN, 'disclosure_pack:', '  summary: s', '  artifacts: []'], expected: "maestro.yml:7:3 disclosure_pack.artifacts: unknown key 'artifacts' (did you mean 'artifact_ids'?); allowed keys: id, summary, artifact_ids, metadata, created_at" },
    { lines: [...RUN, 'zzz: 1'], expected: "maestro.yml:5:1 zzz: unknown key 'zzz'; allowed keys: version, run, artifacts, disclosure_pack, policy" },
  ])('names the key, suggests the likely one: $expected', async ({ lines, expected }) => {
    expect(await errorsOf(lines)).toEqual([expected]);
  });

  it('accepts any key inside the free-form maps', async () => {
    const ws = await workspace({
      'maestro.yml': [
        ...RUN,
        '  metadata: { ticket: REL-1, nested: { sbom_presnt: true } }',
        'artifacts:',
        '  - kind: other',
        '    path_or_uri: a',
        '    metadata_json: { sbom_present: true, slsa_provenance_present: true, risk_assessment_present: true, additional_metadata: { anything: [1, 2] } }',
        'disclosure_pack: { summary: s, metadata: { reviewer: me } }',
      ].join('\n'),
    });
    const result = await checkManifests({ workspace: ws.root, patterns: ['maestro.yml'], now: NOW });
    expect(result.passed).toBe(true);
    expect(result.runs[0]!.run.metadata).toEqual({ ticket: 'REL-1', nested: { sbom_presnt: true } });
    expect(result.runs[0]!.artifacts[0]!.metadata_json.additional_metadata).toEqual({ anything: [1, 2] });
  });
});

describe('values', () => {
  it.each([
    { lines: ['version: 2', ...RUN], expected: 'maestro.yml:1:10 version: number 2 is not one of 1' },
    { lines: ['run:', '  owner: o'], expected: 'maestro.yml:2:3 run.name: is required (expected string)' },
    { lines: ['artifacts: []'], expected: 'maestro.yml:1:1 run: is required (expected object)' },
    { lines: ['run:', '  name: "   "', '  owner: o'], expected: 'maestro.yml:2:9 run.name: must not be empty' },
    { lines: [...RUN, '  id: ../escape'], expected: `maestro.yml:5:7 run.id: string '../escape' must be 1-128 characters of letters, digits, ".", "_" or "-", starting with a letter or digit` },
    { lines: [...RUN, '  started_at: yesterday'], expected: "maestro.yml:5:15 run.started_at: string 'yesterday' is not an ISO 8601 date-time (e.g. 2024-05-01T12:00:00Z)" },
    { lines: [...RUN, '  cost_actual: "12"'], expected: "maestro.yml:5:16 run.cost_actual: expected number, got string '12'" },
    { lines: [...RUN, '  related_entity_ids: svc-a'], expected: "maestro.yml:5:23 run.related_entity_ids: expected array, got string 'svc-a'" },
    { lines: [...RUN, 'artifacts:', '  - path_or_uri: a'], expected: 'maestro.yml:6:5 artifacts[0].kind: is required (expected one of sbom, slsa_provenance, risk_assessment, specification, build_log, test_report, other)' },
    { lines: [...RUN, 'artifacts:', '  - just-a-string'], expected: "maestro.yml:6:5 artifacts[0]: expected object, got string 'just-a-string'" },
    { lines: [...RUN, 'artifacts:', '  - { kind: other, path_or_uri: a, metadata_json: { sbom_present: 1 } }'], expected: 'maestro.yml:6:67 artifacts[0].metadata_json.sbom_present: expected boolean, got number 1' },
    { lines: [...RUN, 'artifacts:', '  - { kind: other, path_or_uri: a, metadata_json: { sbom_present: "true" } }'], expected: "maestro.yml:6:67 artifacts[0].metadata_json.sbom_present: expected boolean, got string 'true'" },
    { lines: [...RUN, 'artifacts:', '  - { kind: other, path_or_uri: a, metadata_json: { sbom_present: null } }'], expected: 'maestro.yml:6:67 artifacts[0].metadata_json.sbom_present: expected boolean, got null' },
    { lines: [...RUN, 'policy: { required_flags: [sbom] }'], expected: "maestro.yml:5:28 policy.required_flags[0]: string 'sbom' is not one of sbom_present, slsa_provenance_present, risk_assessment_present" },
    { lines: [...RUN, 'policy: { required_flags: [] }'], expected: 'maestro.yml:5:27 policy.required_flags: must have at least 1 item(s)' },
    { lines: [...RUN, 'policy: { required_flags: [sbom_present, sbom_present] }'], expected: 'maestro.yml:5:27 policy.required_flags: must not repeat a flag' },
    { lines: [...RUN, 'policy: { min_compliant_artifacts: 0 }'], expected: 'maestro.yml:5:36 policy.min_compliant_artifacts: number 0 is below the minimum of 1' },
    { lines: [...RUN, 'policy: { min_compliant_artifacts: 1.5 }'], expected: 'maestro.yml:5:36 policy.min_compliant_artifacts: expected int, got number 1.5' },
    { lines: [...RUN, 'policy: { max_cost_overrun: -0.1 }'], expected: 'maestro.yml:5:29 policy.max_cost_overrun: number -0.1 is below the minimum of 0' },
  ])('$expected', async ({ lines, expected }) => {
    expect(await errorsOf(lines)).toEqual([expected]);
  });

  it.each([
    { lines: [...RUN, 'artifacts:', '  - path_or_uri: a'], path: 'artifacts[0].kind' },
    { lines: [...RUN, 'artifacts:', '  - kind: other'], path: 'artifacts[0].path_or_uri' },
    { lines: ['run: { name: r }'], path: 'run.owner' },
    { lines: [...RUN, 'disclosure_pack: { artifact_ids: [] }'], path: 'disclosure_pack.summary' },
  ])('calls a missing key MISSING_FIELD, whatever its type: $path', async ({ lines, path }) => {
    const ws = await workspace({ 'maestro.yml': lines.join('\n') });
    const issues = await manifestIssues(loadManifests({ workspace: ws.root, patterns: ['maestro.yml'], now: NOW }));
    expect(issues.map((issue) => [issue.code, issue.path])).toEqual([[ErrorCode.MissingField, path]]);
    expect(issues[0]!.message).toMatch(/^is required \(expected /);
  });

  it('shortens a long bad value instead of echoing it', async () => {
    const [line] = await errorsOf([...RUN.slice(0, 3), `  status: ${'x'.repeat(500)}`]);
    expect(line).toBe(`maestro.yml:4:11 run.status: string '${'x'.repeat(57)}...' is not one of pending, running, succeeded, failed, cancelled`);
  });
});

describe('references between fields', () => {
  it('refuses an artifact run_id that is not the run id', async () => {
    const ws = await workspace({ 'maestro.yml': [...RUN, '  id: rel-1', 'artifacts:', '  - { kind: other, path_or_uri: a, run_id: rel-1 }', '  - { kind: other, path_or_uri: b, run_id: rel-2 }'].join('\n') });
    const issues = await manifestIssues(loadManifests({ workspace: ws.root, patterns: ['maestro.yml'], now: NOW }));
    expect(issues).toEqual([
      { code: ErrorCode.InvalidValue, file: 'maestro.yml', line: 8, column: 44, path: 'artifacts[1].run_id', message: "'rel-2' is not this run's id 'rel-1' (omit run_id, or set run.id to match)" },
    ]);
  });

  it('compares run_id with the default run id too', async () => {
    expect(await errorsOf([...RUN, 'artifacts:', '  - { kind: other, path_or_uri: a, run_id: maestro-yml }', '  - { kind: other, path_or_uri: a, run_id: other }'])).toEqual([
      "maestro.yml:7:44 artifacts[1].run_id: 'other' is not this run's id 'maestro-yml' (omit run_id, or set run.id to match)",
    ]);
  });

  it('refuses a disclosure pack naming an unknown artifact', async () => {
    const ws = await workspace({
      'maestro.yml': [...RUN, 'artifacts:', '  - { id: app, kind: other, path_or_uri: a }', 'disclosure_pack:', '  summary: s', '  artifact_ids: [app, artifact-1, ghost]'].join('\n'),
    });
    const issues = await manifestIssues(loadManifests({ workspace: ws.root, patterns: ['maestro.yml'], now: NOW }));
    expect(issues.map(formatIssue)).toEqual([
      "maestro.yml:9:23 disclosure_pack.artifact_ids[1]: 'artifact-1' is not the id of an artifact of this run",
      "maestro.yml:9:35 disclosure_pack.artifact_ids[2]: 'ghost' is not the id of an artifact of this run",
    ]);
    expect(issues.every((issue) => issue.code === 'UNKNOWN_REFERENCE')).toBe(true);
  });

  it('accepts a disclosure pack naming default artifact ids', async () => {
    const ws = await workspace({ 'maestro.yml': [...RUN, 'artifacts:', '  - { kind: other, path_or_uri: a }', 'disclosure_pack: { summary: s, artifact_ids: [artifact-1] }'].join('\n') });
    const { runs } = await loadManifests({ workspace: ws.root, patterns: ['maestro.yml'], now: NOW });
    expect(runs[0]!.disclosurePackId).toBe('maestro-yml-disclosure');
  });

  it('refuses duplicate explicit artifact ids', async () => {
    const ws = await workspace({ 'maestro.yml': [...RUN, 'artifacts:', '  - { id: app, kind: other, path_or_uri: a }', '  - { id: app, kind: sbom, path_or_uri: b }'].join('\n') });
    const issues = await manifestIssues(loadManifests({ workspace: ws.root, patterns: ['maestro.yml'], now: NOW }));
    expect(issues).toEqual([
      { code: 'DUPLICATE_ID', file: 'maestro.yml', line: 7, column: 11, path: 'artifacts[1].id', message: "artifact id 'app' is already used by artifacts[0]; ids must be unique within a run" },
    ]);
  });

  it('refuses an explicit id equal to a default one, wherever the default falls', async () => {
    expect(await errorsOf([...RUN, 'artifacts:', '  - { kind: other, path_or_uri: a }', '  - { id: artifact-1, kind: other, path_or_uri: b }'])).toEqual([
      "maestro.yml:7:11 artifacts[1].id: artifact id 'artifact-1' is already used by artifacts[0]; ids must be unique within a run",
    ]);
    // The explicit id comes first: the default id of the second artifact is the duplicate, at its entry.
    expect(await errorsOf([...RUN, 'artifacts:', '  - { id: artifact-2, kind: other, path_or_uri: a }', '  - { kind: other, path_or_uri: b }'])).toEqual([
      "maestro.yml:7:5 artifacts[1]: artifact id 'artifact-2' is already used by artifacts[0]; ids must be unique within a run",
    ]);
  });

  it('checks ids and references even when the schema failed elsewhere', async () => {
    expect(
      await errorsOf([
        ...RUN,
        '  stauts: x',
        'artifacts:',
        '  - { id: app, kind: other, path_or_uri: a }',
        '  - { id: app, kind: other, path_or_uri: /etc/passwd }',
        'disclosure_pack: { summary: s, artifact_ids: [ghost] }',
      ]),
    ).toEqual([
      "maestro.yml:5:3 run.stauts: unknown key 'stauts' (did you mean 'status'?); allowed keys: id, name, owner, status, started_at, finished_at, cost_estimate, cost_actual, related_entity_ids, related_decision_ids, metadata",
      "maestro.yml:8:11 artifacts[1].id: artifact id 'app' is already used by artifacts[0]; ids must be unique within a run",
      "maestro.yml:8:42 artifacts[1].path_or_uri: '/etc/passwd' is absolute (paths are relative to the workspace)",
      "maestro.yml:9:47 disclosure_pack.artifact_ids[0]: 'ghost' is not the id of an artifact of this run",
    ]);
  });

  it('does not invent a duplicate for an entry that is not a mapping', async () => {
    expect(await errorsOf([...RUN, 'artifacts:', '  - dist/a.tgz', '  - { id: artifact-1, kind: other, path_or_uri: b }'])).toEqual([
      "maestro.yml:6:5 artifacts[0]: expected object, got string 'dist/a.tgz'",
    ]);
  });

  it('does not invent errors about an id the schema already refused', async () => {
    // artifacts[1].id is a number: its own error only, no duplicate and no unknown reference.
    expect(await errorsOf([...RUN, 'artifacts:', '  - { kind: other, path_or_uri: a }', '  - { id: 2, kind: other, path_or_uri: b }', 'disclosure_pack: { summary: s, artifact_ids: [artifact-2] }'])).toEqual([
      'maestro.yml:7:11 artifacts[1].id: expected string, got number 2',
    ]);
  });
});

describe('signature trust', () => {
  it('a Sigstore trusted root without identities is an error: the root alone accepts anyone', async () => {
    expect(await errorsOf([...RUN, 'policy:', '  sigstore_trusted_root: trusted_root.json'])).toEqual([
      'maestro.yml:6:26 policy.sigstore_trusted_root: needs policy.sigstore_identities: a trusted root alone accepts a bundle signed by anyone',
    ]);
  });
});
