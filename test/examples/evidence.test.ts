/**
 * The evidence-backed example passes with evidence required, and each way of breaking its
 * evidence fails with the artifact and the reason named.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { checkManifests } from '../../src/check.js';
import { withExamples } from '../helpers/runner.js';
import { useWorkspaces } from '../helpers/workspace.js';

const newWorkspace = useWorkspaces();
const NOW = '2026-11-27T09:00:00Z';
const MANIFEST = 'examples/evidence/maestro.yml';

const exampleWorkspace = async (): Promise<string> => withExamples(await newWorkspace());

async function gate(workspace: string, requireEvidence?: boolean) {
  const result = await checkManifests({ workspace, patterns: [MANIFEST], now: NOW, requireEvidence });
  return result.runs[0]!;
}

describe('examples/evidence', () => {
  test('passes with evidence required: every flag declared and verified', async () => {
    const verdict = await gate(await exampleWorkspace(), true);
    expect(verdict.gate.message).toBe('Release gate passed: 1 compliant artifact(s) found');
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

  test('with evidence required, a flag without evidence does not count', async () => {
    const workspace = await exampleWorkspace();
    const manifestPath = path.join(workspace, MANIFEST);
    await writeFile(manifestPath, (await readFile(manifestPath, 'utf8')).replace(/\n {6}risk_assessment: .*\n/, '\n'));
    const verdict = await gate(workspace);
    expect(verdict.gate.passed).toBe(false);
    expect(verdict.gate.message).toBe(
      'No artifacts meet compliance requirements (SBOM + SLSA provenance + risk assessment): demo-bundle (risk assessment declared true, no evidence)',
    );
  });
});
