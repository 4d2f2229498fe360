/**
 * Annotations (SPEC §6, issue 14 item 4), through the real loader and gate: at most 10 per level,
 * the tenth counting the rest and naming where the full list is; a hash mismatch is an `error`
 * at its `content_hash:` line, a status failure an `error` at `status:`; the lines are right
 * for JSON (located by the scanner, never a YAML document) and for YAML.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkManifests } from '../../src/core/check.js';
import { gateAnnotations, MAX_ANNOTATIONS_PER_LEVEL } from '../../src/report/annotations.js';
import { useWorkspaces } from '../helpers/workspace.js';

const newWorkspace = useWorkspaces();
const NOW = '2026-11-27T09:00:00Z';
const ALL = { sbom_present: true, slsa_provenance_present: true, risk_assessment_present: true };
const NONE = { sbom_present: false, slsa_provenance_present: false, risk_assessment_present: false };

async function annotate(files: Record<string, string>, manifest: string) {
  const workspace = await newWorkspace(files);
  const result = await checkManifests({ workspace: workspace.root, patterns: [manifest], now: NOW, judgedAt: NOW });
  return gateAnnotations(result, 'maestro-report');
}

/** A JSON manifest with one artifact per line: artifact `n` (from 0) is on line n + 2. */
function jsonManifest(status: string, artifacts: object[]): string {
  return `{"version": 1, "run": {"id": "r1", "name": "n", "owner": "o", "status": "${status}"}, "artifacts": [\n${artifacts.map((artifact) => JSON.stringify(artifact)).join(',\n')}\n]}\n`;
}

const remote = (index: number, flags: object) => ({ id: `c-${index}`, kind: 'other', path_or_uri: `oci://r.example/c-${index}:1`, metadata_json: flags });

describe('gate annotations', () => {
  it('keeps 10 warnings of 30 non-compliant artifacts, each at its line, the tenth counting the rest', async () => {
    const artifacts = [remote(0, ALL), ...Array.from({ length: 30 }, (_, index) => remote(index + 1, NONE))];
    const annotations = await annotate({ 'maestro.json': jsonManifest('succeeded', artifacts) }, 'maestro.json');
    expect(annotations).toHaveLength(MAX_ANNOTATIONS_PER_LEVEL);
    expect(annotations.every((annotation) => annotation.level === 'warning')).toBe(true);
    expect(annotations[0]).toMatchObject({ title: 'maestro-gate: artifact c-1 is not compliant', file: 'maestro.json', line: 3, column: 1 });
    expect(annotations[8]).toMatchObject({ title: 'maestro-gate: artifact c-9 is not compliant', line: 11 });
    expect(annotations[9]!.title).toBe('maestro-gate: 21 more warnings');
    expect(annotations[9]!.message).toContain('compliance-report.json in maestro-report/');
    expect(annotations[9]!.line).toBeUndefined();
  });

  it('puts a hash mismatch at its content_hash: line and a status failure at status:, as errors (YAML)', async () => {
    const right = createHash('sha256').update('good\n').digest('hex');
    const yaml = [
      'version: 1',
      'run:',
      '  id: r1',
      '  name: n',
      '  owner: o',
      '  status: failed',
      'artifacts:',
      '  - id: good',
      '    kind: other',
      '    path_or_uri: good.txt',
      `    content_hash: sha256:${right}`,
      `    metadata_json: ${JSON.stringify(ALL)}`,
      '  - id: bad',
      '    kind: other',
      '    path_or_uri: bad.txt',
      `    content_hash: sha256:${right}`,
      `    metadata_json: ${JSON.stringify(ALL)}`,
      '',
    ].join('\n');
    const annotations = await annotate({ 'maestro.yml': yaml, 'good.txt': 'good\n', 'bad.txt': 'tampered\n' }, 'maestro.yml');
    expect(annotations).toEqual([
      expect.objectContaining({ level: 'error', title: 'maestro-gate: run status', message: "Run status is 'failed', must be 'succeeded'", file: 'maestro.yml', line: 6 }),
      expect.objectContaining({ level: 'error', title: 'maestro-gate: artifact bad: content_hash mismatch', file: 'maestro.yml', line: 16 }),
    ]);
    expect(annotations[1]!.message).toContain(`content_hash is sha256:${right}`);
  });

  it('puts failed evidence at the line of its evidence path, as an error (YAML)', async () => {
    const yaml = [
      'version: 1',
      'run:',
      '  id: r1',
      '  name: n',
      '  owner: o',
      '  status: succeeded',
      'artifacts:',
      '  - id: app',
      '    kind: other',
      '    path_or_uri: oci://r.example/app:1',
      `    metadata_json: ${JSON.stringify(ALL)}`,
      '    evidence:',
      '      sbom: sbom.json',
      '',
    ].join('\n');
    const annotations = await annotate({ 'maestro.yml': yaml, 'sbom.json': '{"spdxVersion": "SPDX-9.9"}\n' }, 'maestro.yml');
    expect(annotations).toEqual([expect.objectContaining({ level: 'error', title: 'maestro-gate: artifact app: SBOM evidence failed', file: 'maestro.yml', line: 13 })]);
  });

  it('caps errors at 10 too, and a mismatched artifact is not also a warning (JSON)', async () => {
    const wrong = `sha256:${'0'.repeat(64)}`;
    const files: Record<string, string> = {};
    const artifacts = Array.from({ length: 15 }, (_, index) => {
      files[`f-${index}.txt`] = `file ${index}\n`;
      return { id: `f-${index}`, kind: 'other', path_or_uri: `f-${index}.txt`, content_hash: wrong, metadata_json: ALL };
    });
    files['maestro.json'] = jsonManifest('succeeded', artifacts);
    const annotations = await annotate(files, 'maestro.json');
    expect(annotations).toHaveLength(MAX_ANNOTATIONS_PER_LEVEL);
    expect(annotations.filter((annotation) => annotation.level === 'warning')).toEqual([]);
    expect(annotations[0]).toMatchObject({ title: 'maestro-gate: artifact f-0: content_hash mismatch', line: 2 });
    expect(annotations[0]!.column).toBeGreaterThan(1);
    expect(annotations[9]!.title).toBe('maestro-gate: 6 more errors');
  });

  it.each([
    [8, 9, undefined],
    [9, 10, undefined],
    [10, 10, 'maestro-gate: 2 more warnings'],
    [30, 10, 'maestro-gate: 22 more warnings'],
  ])('with another warning first and %i non-compliant artifacts, keeps %i in order (the uncounted ones included in the count)', async (count, shown, last) => {
    const artifacts = [remote(0, ALL), ...Array.from({ length: count }, (_, index) => remote(index + 1, NONE))];
    const text = jsonManifest('succeeded', artifacts).replace('"artifacts": [', '"policy": {"verify_content_hash": false}, "artifacts": [');
    const annotations = await annotate({ 'maestro.json': text }, 'maestro.json');
    expect(annotations).toHaveLength(shown);
    expect(annotations[0]!.title).toBe("maestro-gate: the manifest's author sets this rule");
    const artifactTitles = annotations.slice(1).filter((annotation) => annotation.title.endsWith('is not compliant')).map((annotation) => annotation.title);
    const listed = last === undefined ? count : MAX_ANNOTATIONS_PER_LEVEL - 2;
    expect(artifactTitles).toEqual(Array.from({ length: listed }, (_, index) => `maestro-gate: artifact c-${index + 1} is not compliant`));
    expect(annotations.at(-1)!.title).toBe(last ?? `maestro-gate: artifact c-${count} is not compliant`);
  });

  it('shows exactly 10 non-compliant artifacts whole, with no count', async () => {
    const artifacts = Array.from({ length: MAX_ANNOTATIONS_PER_LEVEL }, (_, index) => remote(index + 1, NONE));
    const annotations = await annotate({ 'maestro.json': jsonManifest('succeeded', artifacts) }, 'maestro.json');
    expect(annotations.map((annotation) => annotation.title)).toEqual(artifacts.map((artifact) => `maestro-gate: artifact ${artifact.id} is not compliant`));
  });
});
