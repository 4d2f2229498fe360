/**
 * The in-toto Statement inside provenance evidence: its type, its SLSA predicate, and whether
 * its subject names the artifact, with what the report shows about the build (builder, source,
 * subjects). Pure: no signatures, no I/O.
 */
import { whereDigestsDiffer } from '../gate/digests.js';
import { isRecord, ownField, quoteEvidenceValue } from './dsse.js';
import { parseStrictJson } from './json.js';
import type { ProvenanceSubject } from './types.js';

export const IN_TOTO_STATEMENT_TYPES: readonly string[] = ['https://in-toto.io/Statement/v0.1', 'https://in-toto.io/Statement/v1'];
export const SLSA_PROVENANCE_TYPES: Readonly<Record<string, string>> = {
  'https://slsa.dev/provenance/v0.2': 'v0.2',
  'https://slsa.dev/provenance/v1': 'v1',
};

/** Subject names copied into the report; a statement may list thousands. */
const MAX_SUBJECT_NAMES = 20;
/** Longest string copied from the evidence into the report. */
const MAX_DETAIL_CHARS = 512;

export type ProvenanceContainer = 'statement' | 'jsonl' | 'dsse' | 'sigstore-bundle';

/** What the report shows about a provenance file; every key is always present. */
export interface ProvenanceDetails extends Record<string, unknown> {
  container: ProvenanceContainer | null;
  /** For JSON lines: how the matching (or reported) line was wrapped. */
  line_container?: Exclude<ProvenanceContainer, 'jsonl'>;
  /** For JSON lines: the 1-based line that decided, and how many statements the file holds. */
  line?: number;
  lines?: number;
  statement_type: string | null;
  predicate_type: string | null;
  builder_id: string | null;
  build_type: string | null;
  source_repository: string | null;
  source_ref: string | null;
  source_commit: string | null;
  subject_names: string[];
  subject_count: number;
  signed: boolean;
  signature_verified: boolean;
  /** 'verified with <key path>', 'claims not cryptographically verified', or why not. */
  signature: string;
  /** Sigstore only: the certificate's identity (workflow URI or e-mail) and OIDC issuer. */
  signer_identity?: string | null;
  signer_issuer?: string | null;
}

const NOT_CHECKED = 'not checked (statement rejected)';
const EXPECTED_STATEMENT = `expected an in-toto Statement (_type ${IN_TOTO_STATEMENT_TYPES.join(' or ')}); use the provenance exactly as the builder wrote it`;

/**
 * The DSSE payload as a JSON value, read as strictly as a file; a reason when it is not UTF-8
 * JSON or repeats a key.
 */
export function decodePayload(payload: Buffer): { ok: true; value: unknown } | { ok: false; reason: string } {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(payload);
  } catch {
    return { ok: false, reason: 'undecodable DSSE payload (not UTF-8 text)' };
  }
  const parsed = parseStrictJson(text);
  if (parsed.ok) return parsed;
  return { ok: false, reason: parsed.reason === 'not valid JSON' ? 'undecodable DSSE payload (not JSON)' : `DSSE payload: ${parsed.reason}` };
}

/**
 * Checks `_type`, `predicateType`, `subject` and the artifact's digest, in that order, filling
 * the details as it learns them. Returns the first problem, or null when the statement names
 * the artifact.
 */
export function checkStatement(statement: unknown, subject: ProvenanceSubject, details: ProvenanceDetails): string | null {
  if (!isRecord(statement)) return `payload is not an in-toto Statement (not a JSON object): ${EXPECTED_STATEMENT}`;
  const type = ownField(statement, '_type');
  if (type === undefined) return `missing _type (not an in-toto Statement): ${EXPECTED_STATEMENT}`;
  if (typeof type !== 'string' || !IN_TOTO_STATEMENT_TYPES.includes(type)) return `wrong _type ${describeValue(type)}: ${EXPECTED_STATEMENT}`;
  details.statement_type = type;

  const predicateType = ownField(statement, 'predicateType');
  if (typeof predicateType !== 'string' || !Object.hasOwn(SLSA_PROVENANCE_TYPES, predicateType)) {
    const found = predicateType === undefined ? 'missing predicateType' : `unknown predicate type ${describeValue(predicateType)}`;
    return `${found}: expected SLSA provenance (predicateType ${Object.keys(SLSA_PROVENANCE_TYPES).join(' or ')}); point evidence.slsa_provenance at the build provenance, not another attestation`;
  }
  details.predicate_type = predicateType;
  const predicate = ownField(statement, 'predicate');
  if (!isRecord(predicate)) return 'SLSA provenance has no predicate object: expected the build description under predicate; use the provenance exactly as the builder wrote it';
  Object.assign(details, predicateType === 'https://slsa.dev/provenance/v1' ? describeV1(predicate) : describeV02(predicate));

  const subjects = ownField(statement, 'subject');
  if (!Array.isArray(subjects) || subjects.length === 0) return "no subject: expected the artifact in subject, with its sha256 (or sha512); use the provenance generated for this artifact";
  const entries = (subjects as unknown[]).filter(isRecord);
  details.subject_count = subjects.length;
  details.subject_names = entries
    .map((entry) => ownField(entry, 'name'))
    .filter((name): name is string => typeof name === 'string')
    .slice(0, MAX_SUBJECT_NAMES)
    .map((name) => clip(name) as string);

  // A local artifact that could not be hashed is never matched by its declared content_hash:
  // the manifest's author writes that, and a statement about other bytes would bind to it.
  if (subject.unavailable !== undefined) {
    return `artifact not hashed, so nothing to match the subject with: ${subject.unavailable}; make path_or_uri a readable file inside the workspace`;
  }
  return matchSubject(entries, subject);
}

type SubjectAlgorithm = 'sha256' | 'sha512';

/**
 * Null when a subject entry names the artifact, else why not. Each entry binds by its sha256,
 * or by its sha512 when it names no sha256 (SPEC §5: npm provenance names packages by sha512
 * only). The artifact's digest of that algorithm is the one the gate hashed (or, for a remote
 * URI, the declared content_hash).
 */
function matchSubject(entries: readonly Record<string, unknown>[], subject: ProvenanceSubject): string | null {
  const wanted: Record<SubjectAlgorithm, string | null> = { sha256: subject.sha256?.toLowerCase() ?? null, sha512: subject.sha512?.toLowerCase() ?? null };
  const digests = entries.map((entry) => ownField(entry, 'digest')).filter(isRecord);
  const comparable = digests.flatMap((digest): { algorithm: SubjectAlgorithm; hex: string }[] => {
    for (const algorithm of ['sha256', 'sha512'] as const) {
      const hex = ownField(digest, algorithm);
      if (typeof hex === 'string') return [{ algorithm, hex: hex.toLowerCase() }];
    }
    return [];
  });
  if (comparable.some(({ algorithm, hex }) => wanted[algorithm] === hex)) return null;

  if (comparable.length === 0) {
    const algorithms = [...new Set(digests.flatMap((digest) => Object.keys(digest)))].slice(0, 4).map((name) => clip(name, 16));
    const named = algorithms.length > 0 ? `names only ${algorithms.join(', ')}` : 'names no digest';
    return `subject has no sha256 or sha512 digest (the statement ${named}): expected the artifact's sha256 or sha512; use provenance generated for the artifact's file`;
  }
  const known = comparable.find(({ algorithm }) => wanted[algorithm] !== null);
  if (known === undefined) {
    const algorithms = [...new Set(comparable.map(({ algorithm }) => algorithm))].join(' and ');
    return `artifact ${algorithms} unknown, so nothing to match the subject with: the statement names the artifact by ${algorithms}; make path_or_uri a workspace file (the gate hashes it), or declare a content_hash of that algorithm`;
  }
  const { algorithm, hex } = known;
  const sameAlgorithm = comparable.filter((entry) => entry.algorithm === algorithm).length;
  const more = sameAlgorithm > 1 ? ` (and ${sameAlgorithm - 1} more subject${sameAlgorithm > 2 ? 's' : ''})` : '';
  const artifact = wanted[algorithm] as string;
  return (
    `subject digest differs: the statement names ${algorithm}:${clip(hex, 128)}${more}, the artifact is ${algorithm}:${artifact} ` +
    `(${whereDigestsDiffer(clip(hex, 128) as string, artifact)}); the provenance describes other bytes: use the provenance built with this artifact, or point path_or_uri at the file it describes`
  );
}

type Described = Pick<ProvenanceDetails, 'builder_id' | 'build_type' | 'source_repository' | 'source_ref' | 'source_commit'>;

/** SLSA v0.2: builder.id, buildType, invocation.configSource (uri@ref, digest), else the first material. */
function describeV02(predicate: Record<string, unknown>): Described {
  const configSource = pick(predicate, 'invocation', 'configSource');
  const material = firstRecord(ownField(predicate, 'materials'));
  const source = splitGitUri(text(configSource, 'uri') ?? text(material, 'uri'));
  return {
    builder_id: clip(text(pick(predicate, 'builder'), 'id')),
    build_type: clip(text(predicate, 'buildType')),
    source_repository: clip(source.repository),
    source_ref: clip(source.ref),
    source_commit: clip(text(pick(configSource, 'digest'), 'sha1') ?? text(pick(material, 'digest'), 'sha1')),
  };
}

/**
 * SLSA v1: runDetails.builder.id, buildDefinition.buildType; the source from
 * externalParameters.workflow (GitHub Actions build types), else the first resolved dependency.
 */
function describeV1(predicate: Record<string, unknown>): Described {
  const definition = pick(predicate, 'buildDefinition');
  const workflow = pick(definition, 'externalParameters', 'workflow');
  const dependency = firstRecord(ownField(definition ?? {}, 'resolvedDependencies'));
  const fromDependency = splitGitUri(text(dependency, 'uri'));
  const digest = pick(dependency, 'digest');
  return {
    builder_id: clip(text(pick(predicate, 'runDetails', 'builder'), 'id')),
    build_type: clip(text(definition, 'buildType')),
    source_repository: clip(text(workflow, 'repository') ?? fromDependency.repository),
    source_ref: clip(text(workflow, 'ref') ?? fromDependency.ref),
    source_commit: clip(text(digest, 'gitCommit') ?? text(digest, 'sha1')),
  };
}

/** `git+https://github.com/o/r@refs/tags/v1` → repository `https://github.com/o/r`, ref `refs/tags/v1`. */
function splitGitUri(uri: string | null): { repository: string | null; ref: string | null } {
  if (uri === null) return { repository: null, ref: null };
  const bare = uri.startsWith('git+') ? uri.slice(4) : uri;
  const at = bare.lastIndexOf('@');
  // An '@' before the path is user info (git@host), not a ref.
  if (at > bare.indexOf('/', bare.indexOf('//') + 2) && at > 0) return { repository: bare.slice(0, at), ref: bare.slice(at + 1) };
  return { repository: bare, ref: null };
}

/** Walks a fixed path of own object fields; a loop over a constant list, never over attacker depth. */
function pick(start: Record<string, unknown> | null | undefined, ...keys: string[]): Record<string, unknown> | null {
  let current: unknown = start;
  for (const key of keys) {
    if (!isRecord(current)) return null;
    current = ownField(current, key);
  }
  return isRecord(current) ? current : null;
}

function text(record: Record<string, unknown> | null | undefined, key: string): string | null {
  if (!record) return null;
  const value = ownField(record, key);
  return typeof value === 'string' && value !== '' ? value : null;
}

function firstRecord(list: unknown): Record<string, unknown> | null {
  return Array.isArray(list) && isRecord(list[0]) ? list[0] : null;
}

export function clip(value: string | null, max = MAX_DETAIL_CHARS): string | null {
  if (value === null) return null;
  const clean = value.replace(/[\u0000-\u001f\u007f]/g, '?');
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

/** A value from the file as a reason shows it: strings quoted and clipped, anything else by its type. */
function describeValue(value: unknown): string {
  if (typeof value === 'string') return quoteEvidenceValue(value);
  return `(${value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value})`;
}

export function emptyDetails(container: ProvenanceContainer | null): ProvenanceDetails {
  return {
    container,
    statement_type: null,
    predicate_type: null,
    builder_id: null,
    build_type: null,
    source_repository: null,
    source_ref: null,
    source_commit: null,
    subject_names: [],
    subject_count: 0,
    signed: false,
    signature_verified: false,
    signature: NOT_CHECKED,
  };
}

