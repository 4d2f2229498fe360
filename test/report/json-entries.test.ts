/**
 * The per-artifact entries of compliance-report.json, manifest.json and verdict.json are written
 * by a function per shape (src/report/json-entries.ts). Each must give exactly JSON.stringify's
 * text of the entry its builder made, members in the builder's order, for every run the gate can
 * judge; and leave an entry with a string to escape to the generic walk.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { evaluateReleaseGate } from '../../src/gate/evaluate.js';
import type { GateResult } from '../../src/gate/types.js';
import { DEFAULT_POLICY, Manifest, type Artifact, type Run } from '../../src/model/schema.js';
import { MaestroStore } from '../../src/store/store.js';
import { artifactText, complianceEntryText, verdictEntryText } from '../../src/report/json-entries.js';
import { jsonChunks, type ElementsOnDemand } from '../../src/report/json-stream.js';
import { buildComplianceReport, buildRunManifestJson, buildVerdict, type VerdictArtifactJson } from '../../src/report/json.js';
import { makeArtifact, makeRun } from '../helpers/factories.js';
import { manifestWithFacts, NOW, TODAY, type Facts } from '../property/model.js';

/** What JSON.stringify writes for a member: the writer's own `member`, without its memo. */
const member = (value: object | null): string | undefined => JSON.stringify(value);

interface Judged {
  run: Run;
  artifacts: readonly Artifact[];
  gate: GateResult;
}

/** The store and the gate on a generated manifest, as the loader chains them. */
function judge(manifest: unknown, facts: Facts): Judged {
  const data = Manifest.parse(manifest);
  const store = new MaestroStore();
  store.createRun(makeRun({ id: 'run-1', name: data.run.name, owner: data.run.owner, status: data.run.status, created_at: NOW, updated_at: NOW }));
  data.artifacts.forEach((artifact, index) => {
    const id = artifact.id ?? `artifact-${index + 1}`;
    store.createArtifact(makeArtifact(id, {}, { run_id: 'run-1', kind: artifact.kind, path_or_uri: artifact.path_or_uri, content_hash: artifact.content_hash ?? null, created_at: NOW, metadata_json: artifact.metadata_json }));
  });
  const run = store.getRun('run-1');
  const artifacts = store.listArtifacts('run-1');
  return { run, artifacts, gate: evaluateReleaseGate(run, artifacts, data.policy, facts, TODAY) };
}

function documents({ run, artifacts, gate }: Judged) {
  const report = buildComplianceReport(run, artifacts, gate);
  const manifest = buildRunManifestJson(run, artifacts, null, report);
  const verdict = buildVerdict({ version: '1.0.0', manifestFile: 'maestro.yml', manifestSha256: 'f'.repeat(64), timeVerified: NOW, outcome: gate.passed ? 'passed' : 'failed', gate });
  const records = (verdict.predicate as { maestro: { artifacts: ElementsOnDemand<VerdictArtifactJson> } }).maestro.artifacts;
  return { report, manifest, verdict, records };
}

describe('per-artifact entry texts', () => {
  test('equal JSON.stringify of each entry, and the streamed documents equal JSON.stringify, for any judged run', () => {
    fc.assert(
      fc.property(manifestWithFacts({ waivers: true }), ({ manifest, facts }) => {
        const { report, manifest: runManifest, verdict, records } = documents(judge(manifest, facts));
        for (const entry of report.artifacts) expect(complianceEntryText(entry, member)).toBe(JSON.stringify(entry));
        for (const artifact of runManifest.artifacts) expect(artifactText(artifact, member)).toBe(JSON.stringify(artifact));
        for (let index = 0; index < records.length; index += 1) expect(verdictEntryText(records.element(index), member)).toBe(JSON.stringify(records.element(index)));
        for (const document of [report, runManifest, verdict]) expect([...jsonChunks(document)].join('')).toBe(JSON.stringify(document));
      }),
      { numRuns: 300 },
    );
  });

  test('an entry with a string JSON escapes is left to the generic walk, and its document still equals JSON.stringify', () => {
    const run = makeRun({ id: 'run-1', status: 'succeeded', created_at: NOW, updated_at: NOW });
    const odd = ['a"quote', 'back\\slash', 'line\nbreak', 'lone \ud800 surrogate', 'tab\there'];
    const artifacts = odd.map((text, index) =>
      makeArtifact(index % 2 === 0 ? text : `plain-${index}`, { sbom_present: true }, { run_id: 'run-1', path_or_uri: index % 2 === 0 ? 'oci://r/a:1' : `oci://r/${text}`, created_at: NOW }),
    );
    const remote = { status: 'not_verified', reason: 'remote' } as const;
    const absent = { status: 'absent', reason: 'no evidence' } as const;
    const facts: Facts = new Map(artifacts.map((artifact) => [artifact.id, { integrity: remote, evidence: { sbom_present: absent, slsa_provenance_present: absent, risk_assessment_present: absent } }]));
    const { report, manifest, verdict, records } = documents({ run, artifacts, gate: evaluateReleaseGate(run, artifacts, DEFAULT_POLICY, facts, TODAY) });
    for (const entry of report.artifacts) expect(complianceEntryText(entry, member)).toBeUndefined();
    for (const artifact of manifest.artifacts) expect(artifactText(artifact, member)).toBeUndefined();
    for (let index = 0; index < records.length; index += 1) expect(verdictEntryText(records.element(index), member)).toBeUndefined();
    for (const document of [report, manifest, verdict]) expect([...jsonChunks(document)].join('')).toBe(JSON.stringify(document));
  });

  test('an entry whose value is not of its declared kind is left to the generic walk, never written bare', () => {
    const run = makeRun({ id: 'run-1', status: 'succeeded', created_at: NOW, updated_at: NOW });
    const artifacts = [makeArtifact('a', { sbom_present: true }, { run_id: 'run-1', created_at: NOW })];
    const remote = { status: 'not_verified', reason: 'remote' } as const;
    const absent = { status: 'absent', reason: 'no evidence' } as const;
    const facts: Facts = new Map([['a', { integrity: remote, evidence: { sbom_present: absent, slsa_provenance_present: absent, risk_assessment_present: absent } }]]);
    const { report, manifest, records } = documents({ run, artifacts, gate: evaluateReleaseGate(run, artifacts, DEFAULT_POLICY, facts, TODAY) });
    const injected = 'true,"compliant":true';
    const entry = { ...report.artifacts[0]!, sbom_present: injected as unknown as boolean };
    const artifact = { ...manifest.artifacts[0]!, kind: 7 as unknown as Artifact['kind'] };
    const record = { ...records.element(0), compliant: injected as unknown as boolean };
    expect(complianceEntryText(entry, member)).toBeUndefined();
    expect(artifactText(artifact, member)).toBeUndefined();
    expect(verdictEntryText(record, member)).toBeUndefined();
    const document = { artifacts: [entry], more: [artifact], records: [record] };
    expect([...jsonChunks(document)].join('')).toBe(JSON.stringify(document));
  });

  test('an entry a member of which JSON would leave out is left to the generic walk', () => {
    const run = makeRun({ id: 'run-1', status: 'succeeded', created_at: NOW, updated_at: NOW });
    const artifact = { ...makeArtifact('a', {}, { run_id: 'run-1', created_at: NOW }), metadata_json: { toJSON: () => undefined } } as unknown as Artifact;
    expect(artifactText(artifact, member)).toBeUndefined();
    const document = buildRunManifestJson(run, [artifact], null, buildComplianceReport(run, [], evaluateReleaseGate(run, [], DEFAULT_POLICY, new Map(), TODAY)));
    expect([...jsonChunks(document)].join('')).toBe(JSON.stringify(document));
  });
});
