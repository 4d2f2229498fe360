/**
 * The in-toto Statement inside provenance evidence: its type, its SLSA predicate, and whether
 * its subject names the artifact, with what the report shows about the build (builder, source,
 * subjects). Pure: no signatures, no I/O.
 */
import { isRecord, ownField, quote } from './dsse.js';
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

/**
 * The DSSE payload as a JSON value, read as strictly as a file; a reason when it is not UTF-8
 * JSON or repeats a key.
 */
export function decodePayload(payload: Buffer): { ok: true; value: unknown } | { ok: false; reason: string } {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(payload);
  } catch {
    return { ok: false, reason: 'undecodable DSSE payload' };
  }
  const parsed = parseStrictJson(text);
  if (parsed.ok) return parsed;
  return { ok: false, reason: parsed.reason === 'not valid JSON' ? 'undecodable DSSE payload' : `DSSE payload: ${parsed.reason}` };
}

/**
 * Checks `_type`, `predicateType`, `subject` and the artifact's digest, in that order, filling
 * the details as it learns them. Returns the first problem, or null when the statement names
 * the artifact.
 */
export function checkStatement(statement: unknown, subject: ProvenanceSubject, details: ProvenanceDetails): string | null {
  if (!isRecord(statement)) return 'payload is not an in-toto Statement (not a JSON object)';
  const type = ownField(statement, '_type');
  if (type === undefined) return 'missing _type (not an in-toto Statement)';
  if (typeof type !== 'string' || !IN_TOTO_STATEMENT_TYPES.includes(type)) return `wrong _type ${describeValue(type)}`;
  details.statement_type = type;

  const predicateType = ownField(statement, 'predicateType');
  if (typeof predicateType !== 'string' || !Object.hasOwn(SLSA_PROVENANCE_TYPES, predicateType)) {
    return predicateType === undefined ? 'missing predicateType' : `unknown predicate type ${describeValue(predicateType)}`;
  }
  details.predicate_type = predicateType;
  const predicate = ownField(statement, 'predicate');
  if (!isRecord(predicate)) return 'SLSA provenance has no predicate object';
  Object.assign(details, predicateType === 'https://slsa.dev/provenance/v1' ? describeV1(predicate) : describeV02(predicate));

  const subjects = ownField(statement, 'subject');
  if (!Array.isArray(subjects) || subjects.length === 0) return 'no subject';
  const entries = (subjects as unknown[]).filter(isRecord);
  details.subject_count = subjects.length;
  details.subject_names = entries
    .map((entry) => ownField(entry, 'name'))
    .filter((name): name is string => typeof name === 'string')
    .slice(0, MAX_SUBJECT_NAMES)
    .map((name) => clip(name) as string);

  // A local artifact that could not be hashed is never matched by its declared content_hash:
  // the manifest's author writes that, and a statement about other bytes would bind to it.
  if (subject.unavailable !== undefined) return `artifact not hashed, so nothing to match the subject with: ${subject.unavailable}`;
  if (subject.sha256 === null) return 'artifact sha256 unknown (make the artifact a workspace file, or declare a sha256 content_hash)';
  const wanted = subject.sha256.toLowerCase();
  const named = entries.map((entry) => ownField(entry, 'digest')).filter(isRecord);
  const sha256s = named.map((digest) => ownField(digest, 'sha256')).filter((hex): hex is string => typeof hex === 'string');
  if (sha256s.some((hex) => hex.toLowerCase() === wanted)) return null;
  if (sha256s.length === 0) {
    const algorithms = [...new Set(named.flatMap((digest) => Object.keys(digest)))].slice(0, 4).map((name) => clip(name, 16));
    return `subject has no sha256 digest${algorithms.length > 0 ? ` (statement names ${algorithms.join(', ')})` : ''}`;
  }
  const more = sha256s.length > 1 ? ` and ${sha256s.length - 1} more` : '';
  return `subject digest differs (statement names sha256:${abbreviate(sha256s[0] as string)}${more}, artifact is sha256:${abbreviate(wanted)})`;
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

/** The first 12 hex digits, enough to tell two digests apart in a sentence. */
function abbreviate(hex: string): string {
  return clip(hex, 12) as string;
}

/** A value from the file as a reason shows it: strings quoted and clipped, anything else by its type. */
function describeValue(value: unknown): string {
  if (typeof value === 'string') return quote(value);
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

