/**
 * Waivers (SPEC §4), through the real loader and gate: a waiver in force lifts the rule it
 * names and is reported as waived; one near expiry still lifts it; an expired one lifts nothing;
 * integrity cannot be waived.
 */
import { describe, expect, it } from 'vitest';
import { checkManifests } from '../../src/core/check.js';
import { buildRunDocuments } from '../../src/report/documents.js';
import { ManifestError } from '../../src/errors.js';
import { waiverAnnotations } from '../../src/report/annotations.js';
import { useWorkspaces } from '../helpers/workspace.js';

const newWorkspace = useWorkspaces();
const NOW = '2026-11-27T09:00:00Z';

function manifest(options: { status?: string; artifacts: string; waivers: string; extraPolicy?: string }): string {
  return [
    'run:',
    '  id: r1',
    '  name: release',
    '  owner: team',
    `  status: ${options.status ?? 'succeeded'}`,
    'artifacts:',
    options.artifacts,
    'policy:',
    options.extraPolicy ?? '',
    '  waivers:',
    options.waivers,
    '',
  ].join('\n');
}

const INCOMPLETE = [
  '  - id: app',
  '    kind: other',
  '    path_or_uri: s3://bucket/app.tgz',
  '    metadata_json: { sbom_present: true, slsa_provenance_present: true, risk_assessment_present: false }',
].join('\n');

const waiver = (fields: Record<string, string>): string =>
  ['    - ' + Object.entries(fields).map(([key, value], index) => `${index === 0 ? '' : '      '}${key}: ${value}`).join('\n')].join('\n');

async function gate(text: string) {
  const workspace = await newWorkspace({ 'maestro.yml': text });
  const result = await checkManifests({ workspace: workspace.root, patterns: ['maestro.yml'], now: NOW, judgedAt: NOW });
  return { result, verdict: result.runs[0]! };
}

describe('a waiver in force', () => {
  it('lifts a missing flag for the artifact it names, and says so', async () => {
    const { verdict } = await gate(
      manifest({
        artifacts: INCOMPLETE,
        waivers: waiver({ artifact_ids: '[app]', rule: 'risk_assessment_present', reason: 'assessment booked', owner: 'sec-team', decision_id: 'ADR-9', expires: '2027-03-01' }),
      }),
    );
    expect(verdict.gate.passed).toBe(true);
    expect(verdict.gate.message).toBe('Release gate passed: 1 compliant artifact(s) found');
    expect(verdict.gate.artifacts[0]!.flags.risk_assessment_present).toMatchObject({ declared: false, counts: true, waived_by: 0 });
    expect(verdict.gate.artifacts[0]!.waived).toEqual(['risk assessment waived by sec-team until 2027-03-01, ADR-9: assessment booked']);
    expect(buildRunDocuments(verdict).complianceReport.waivers).toEqual([
      expect.objectContaining({ rule: 'risk_assessment_present', status: 'active', applied: true, artifact_ids: ['app'], days_left: 94 }),
    ]);
  });

  it('lifts a run rule with run: true', async () => {
    const { verdict } = await gate(
      manifest({
        status: 'failed',
        artifacts: INCOMPLETE.replace('risk_assessment_present: false', 'risk_assessment_present: true'),
        waivers: waiver({ run: 'true', rule: 'run_succeeded', reason: 'flaky post-release job', owner: 'team', expires: '2027-01-31' }),
      }),
    );
    expect(verdict.gate.passed).toBe(true);
    expect(verdict.gate.waived_rules).toEqual([{ rule: 'run_succeeded', waiver: 0, description: 'waived by team until 2027-01-31: flaky post-release job' }]);
  });

  it('that expires within 14 days still applies, with a warning annotation at its line', async () => {
    const { result, verdict } = await gate(
      manifest({
        artifacts: INCOMPLETE,
        waivers: waiver({ artifact_ids: '[app]', rule: 'risk_assessment_present', reason: 'r', owner: 'o', expires: '2026-12-05' }),
      }),
    );
    expect(verdict.gate.passed).toBe(true);
    expect(verdict.gate.waivers[0]).toMatchObject({ status: 'expiring', days_left: 8 });
    expect(waiverAnnotations(result)).toEqual([
      expect.objectContaining({ level: 'warning', file: 'maestro.yml', line: 14, message: expect.stringContaining('expires on 2026-12-05, in 8 day(s)') }),
    ]);
  });

  it('is in force through its expiry day', async () => {
    const { verdict } = await gate(
      manifest({ artifacts: INCOMPLETE, waivers: waiver({ artifact_ids: '[app]', rule: 'risk_assessment_present', reason: 'r', owner: 'o', expires: '2026-11-27' }) }),
    );
    expect(verdict.gate.passed).toBe(true);
  });
});

describe('an expired waiver', () => {
  it('has no effect, is reported, and is an error annotation', async () => {
    const { result, verdict } = await gate(
      manifest({ artifacts: INCOMPLETE, waivers: waiver({ artifact_ids: '[app]', rule: 'risk_assessment_present', reason: 'r', owner: 'o', expires: '2026-11-26' }) }),
    );
    expect(verdict.gate.passed).toBe(false);
    expect(verdict.gate.message).toBe('No artifacts meet compliance requirements (SBOM + SLSA provenance + risk assessment)');
    expect(buildRunDocuments(verdict).complianceReport.waivers[0]).toMatchObject({ status: 'expired', applied: false });
    expect(waiverAnnotations(result)).toEqual([expect.objectContaining({ level: 'error', line: 14, message: expect.stringContaining('expired on 2026-11-26') })]);
  });
});

describe('what a waiver cannot do', () => {
  it('waive integrity: a tampered artifact fails whatever the waivers say', async () => {
    const workspace = await newWorkspace({
      'app.txt': 'the real bytes\n',
      'maestro.yml': manifest({
        artifacts: [
          '  - id: app',
          '    kind: other',
          '    path_or_uri: app.txt',
          `    content_hash: sha256:${'0'.repeat(64)}`,
          '    metadata_json: { sbom_present: true, slsa_provenance_present: true, risk_assessment_present: true }',
        ].join('\n'),
        waivers: waiver({ run: 'true', rule: 'min_compliant_artifacts', reason: 'r', owner: 'o', expires: '2027-01-01' }),
      }),
    });
    const result = await checkManifests({ workspace: workspace.root, patterns: ['maestro.yml'], now: NOW, judgedAt: NOW });
    expect(result.passed).toBe(false);
    expect(result.runs[0]!.gate.message).toMatch(/^Integrity check failed for 1 artifact\(s\): app \(app\.txt\): content_hash mismatch/);
  });

  it.each([
    [{ rule: 'integrity', run: 'true' }, "policy.waivers[0].rule: string 'integrity' is not one of"],
    [{ rule: 'run_succeeded', artifact_ids: '[app]' }, "rule 'run_succeeded' concerns the whole run: use run: true"],
    [{ rule: 'sbom_present' }, 'must name either artifact_ids or run: true (exactly one)'],
    [{ rule: 'sbom_present', artifact_ids: '[nope]' }, "'nope' is not the id of an artifact of this run"],
  ])('be written loosely: %o', async (fields, message) => {
    const text = manifest({ artifacts: INCOMPLETE, waivers: waiver({ ...fields, reason: 'r', owner: 'o', expires: '2027-01-01' }) });
    const workspace = await newWorkspace({ 'maestro.yml': text });
    const error = await checkManifests({ workspace: workspace.root, patterns: ['maestro.yml'], now: NOW, judgedAt: NOW }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ManifestError);
    expect((error as ManifestError).issues.map((issue) => `${issue.path}: ${issue.message}`).join('\n')).toContain(message);
  });

  it('go without reason, owner and expires', async () => {
    const text = manifest({ artifacts: INCOMPLETE, waivers: waiver({ artifact_ids: '[app]', rule: 'sbom_present' }) });
    const workspace = await newWorkspace({ 'maestro.yml': text });
    const error = (await checkManifests({ workspace: workspace.root, patterns: ['maestro.yml'], now: NOW, judgedAt: NOW }).catch((caught: unknown) => caught)) as ManifestError;
    expect(error.issues.map((issue) => issue.path).sort()).toEqual(['policy.waivers[0].expires', 'policy.waivers[0].owner', 'policy.waivers[0].reason']);
  });
});
