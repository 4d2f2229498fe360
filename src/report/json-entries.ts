/**
 * The compact JSON of the three kinds of entry a report has one of per artifact: a
 * compliance-report.json entry, a manifest.json artifact, a verdict.json record. Each is exactly
 * what JSON.stringify writes for the object its builder in json.ts makes, members in the same
 * order (test/report/json-entries.test.ts holds them equal), and undefined for an entry with a
 * string to escape, which the writer then walks member by member. Every value put between quotes
 * or written bare is checked to be a string or a boolean first, whatever the types say: a value of
 * another kind reaching a template would be written unescaped. Pure.
 */
import type { Artifact } from '../model/schema.js';
import type { ComplianceArtifactJson, VerdictArtifactJson } from './json.js';
import { needsEscape, type ElementText } from './json-stream.js';

export const complianceEntryText: ElementText<ComplianceArtifactJson> = (entry, member) => {
  const { artifact_id, kind, path_or_uri, content_hash } = entry;
  const hash = content_hash ?? '';
  if (!isText(artifact_id) || !isText(kind) || !isText(path_or_uri) || !isText(hash) || needsEscape(artifact_id + kind + path_or_uri + hash)) return undefined;
  if (!booleans(entry.sbom_present, entry.slsa_provenance_present, entry.risk_assessment_present, entry.compliant)) return undefined;
  const missing = member(entry.missing_flags);
  const reasons = member(entry.reasons);
  const integrity = member(entry.integrity);
  const flags = member(entry.flags);
  const waived = member(entry.waived);
  if (missing === undefined || reasons === undefined || integrity === undefined || flags === undefined || waived === undefined) return undefined;
  return (
    `{"artifact_id":"${artifact_id}","kind":"${kind}","sbom_present":${entry.sbom_present},"slsa_provenance_present":${entry.slsa_provenance_present},` +
    `"risk_assessment_present":${entry.risk_assessment_present},"compliant":${entry.compliant},"path_or_uri":"${path_or_uri}",` +
    `"content_hash":${quoted(content_hash)},"missing_flags":${missing},"reasons":${reasons},"integrity":${integrity},"flags":${flags},"waived":${waived}}`
  );
};

export const artifactText: ElementText<Artifact> = (artifact, member) => {
  const { id, run_id, kind, path_or_uri, content_hash, created_at } = artifact;
  const hash = content_hash ?? '';
  if (!isText(id) || !isText(run_id) || !isText(kind) || !isText(path_or_uri) || !isText(hash) || !isText(created_at)) return undefined;
  if (needsEscape(id + run_id + kind + path_or_uri + hash + created_at)) return undefined;
  const metadata = member(artifact.metadata_json);
  if (metadata === undefined) return undefined;
  return `{"id":"${id}","run_id":"${run_id}","kind":"${kind}","path_or_uri":"${path_or_uri}","content_hash":${quoted(content_hash)},"created_at":"${created_at}","metadata_json":${metadata}}`;
};

export const verdictEntryText: ElementText<VerdictArtifactJson> = (record, member) => {
  const { artifact_id, path_or_uri } = record;
  if (!isText(artifact_id) || !isText(path_or_uri) || typeof record.compliant !== 'boolean' || needsEscape(artifact_id + path_or_uri)) return undefined;
  const declared = member(record.declared);
  const verified = member(record.verified);
  const counted = member(record.counted);
  const integrity = member(record.integrity);
  const reasons = member(record.reasons);
  const waived = member(record.waived);
  if (declared === undefined || verified === undefined || counted === undefined || integrity === undefined || reasons === undefined || waived === undefined) return undefined;
  return (
    `{"artifact_id":"${artifact_id}","path_or_uri":"${path_or_uri}","declared":${declared},"verified":${verified},"counted":${counted},` +
    `"integrity":${integrity},"compliant":${record.compliant},"reasons":${reasons},"waived":${waived}}`
  );
};

/** Whether `value` is a string (one JSON may write between quotes once `needsEscape` says so). */
function isText(value: unknown): value is string {
  return typeof value === 'string';
}

function booleans(a: unknown, b: unknown, c: unknown, d: unknown): boolean {
  return typeof a === 'boolean' && typeof b === 'boolean' && typeof c === 'boolean' && typeof d === 'boolean';
}

/** A string already known to need no escaping, or null. */
function quoted(text: string | null): string {
  return text === null ? 'null' : `"${text}"`;
}
