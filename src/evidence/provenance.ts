/**
 * SLSA provenance evidence (SPEC §5): an in-toto Statement, given plain, as JSON lines, in a
 * DSSE envelope or in a Sigstore bundle, whose predicate is SLSA provenance and whose subject
 * names the artifact's sha256. Signatures are checked offline against the policy's trust.
 *
 * Signature policy, decided here once:
 * - unsigned, `require_signatures: false`: verifies on content; "claims not cryptographically verified".
 * - signed, but the policy holds nothing to check it with: as unsigned, saying why it was not checked;
 *   fails under `require_signatures`.
 * - signed, and it does NOT verify against the trust the policy configures: fails, whatever
 *   `require_signatures` says. A signature that is present and wrong is evidence of tampering
 *   (or of a signer the policy does not trust), never something to shrug off.
 */
import {
  findVerifyingKey,
  isRecord,
  ownField,
  parseDsseEnvelope,
  parseTrustedKeys,
  quote,
  type DsseEnvelope,
  type TrustedKey,
} from './dsse.js';
import { DEFAULT_MAX_EVIDENCE_BYTES } from './read.js';
import { announcesSigstoreBundle, loadTrustedRoot, parseSigstoreBundle, verifySigstoreBundle } from './sigstore.js';
import type { EvidenceCheck, EvidenceFile, ProvenanceSubject, SignatureTrust } from './types.js';

export { TrustMaterialError } from './dsse.js';

export const IN_TOTO_STATEMENT_TYPES: readonly string[] = ['https://in-toto.io/Statement/v0.1', 'https://in-toto.io/Statement/v1'];
export const SLSA_PROVENANCE_TYPES: Readonly<Record<string, string>> = {
  'https://slsa.dev/provenance/v0.2': 'v0.2',
  'https://slsa.dev/provenance/v1': 'v1',
};

/** JSON lines beyond this are refused: each line may cost signature checks. */
export const MAX_STATEMENT_LINES = 256;
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

const UNSIGNED = 'claims not cryptographically verified';

/** True when the certificate's identity and issuer match one of the identities the policy allows. */
function signerAllowed(signer: string | null, issuer: string | null, identities: SignatureTrust['identities']): boolean {
  if (signer === null || issuer === null) return false;
  return identities.some(
    (identity) =>
      identity.issuer === issuer && (identity.subject !== undefined ? identity.subject === signer : identity.subject_prefix !== undefined && signer.startsWith(identity.subject_prefix)),
  );
}
const NOT_CHECKED = 'not checked (statement rejected)';

/**
 * Checks one provenance evidence file against the artifact it must describe. Promises: never
 * throws on the file's content (every defect is a `verified: false` with a short reason), never
 * touches the network, and bounds its work by the file size, {@link MAX_STATEMENT_LINES} and
 * the DSSE signature cap. Throws {@link TrustMaterialError} only when the policy's own trust
 * material (a PEM key, the Sigstore trusted root) is unusable.
 */
export async function verifyProvenance(file: EvidenceFile, subject: ProvenanceSubject, trust: SignatureTrust): Promise<EvidenceCheck> {
  // Trust material is checked before the file, so that a broken policy fails every run alike.
  const context: TrustContext = { trust, keys: trustedKeys(trust) };
  if (trust.trustedRoot !== undefined) loadTrustedRoot(trust.trustedRoot);
  if (file.bytes.length > DEFAULT_MAX_EVIDENCE_BYTES) {
    return failure(`file too large (${file.bytes.length} bytes, at most ${DEFAULT_MAX_EVIDENCE_BYTES})`, emptyDetails(null));
  }
  const parsed = parseDocuments(file.bytes);
  if (parsed.kind === 'error') return failure(parsed.reason, emptyDetails(null));
  if (parsed.kind === 'single') {
    const { verified, reason, details } = evaluateDocument(parsed.value, subject, context);
    return { verified, reason, details };
  }
  const outcomes = parsed.lines.map(({ number, value }) => asLine(evaluateDocument(value, subject, context), number, parsed.lines.length));
  return chooseLine(outcomes);
}

interface TrustContext {
  trust: SignatureTrust;
  keys: readonly TrustedKey[];
}

/** How one statement (one file, or one line of a JSON-lines file) fared. */
interface Outcome {
  verified: boolean;
  reason: string;
  details: ProvenanceDetails;
  /** The statement is well formed and its subject names the artifact. */
  namesArtifact: boolean;
  /** A signature is present and fails against the trust the policy configures. */
  badSignature: boolean;
}

const parsedKeys = new WeakMap<object, TrustedKey[]>();

function trustedKeys(trust: SignatureTrust): TrustedKey[] {
  const cached = parsedKeys.get(trust.keys);
  if (cached) return cached;
  const keys = parseTrustedKeys(trust.keys);
  parsedKeys.set(trust.keys, keys);
  return keys;
}

type Documents =
  | { kind: 'single'; value: unknown }
  | { kind: 'lines'; lines: { number: number; value: unknown }[] }
  | { kind: 'error'; reason: string };

/**
 * One JSON document, or JSON lines. A file that does not parse whole is read as JSON lines only
 * when its first line is a JSON document of its own, so that a truncated pretty-printed file is
 * reported as truncated rather than as a bad line 1.
 */
function parseDocuments(bytes: Buffer): Documents {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { kind: 'error', reason: 'not JSON (not UTF-8 text)' };
  }
  if (text.trim() === '') return { kind: 'error', reason: 'empty file' };
  const whole = tryParse(text);
  if (whole.ok) return { kind: 'single', value: whole.value };

  const lines = text.split('\n');
  const first = lines.findIndex((line) => line.trim() !== '');
  const looksJson = /^\s*[[{]/.test(text);
  if (!tryParse(lines[first] ?? '').ok) return { kind: 'error', reason: looksJson ? 'truncated or invalid JSON' : 'not JSON' };

  const numbered = lines.map((line, index) => ({ line, number: index + 1 })).filter(({ line }) => line.trim() !== '');
  if (numbered.length > MAX_STATEMENT_LINES) {
    return { kind: 'error', reason: `too many JSON lines (${numbered.length}, at most ${MAX_STATEMENT_LINES})` };
  }
  const parsedLines: { number: number; value: unknown }[] = [];
  for (const { line, number } of numbered) {
    const parsed = tryParse(line);
    if (!parsed.ok) return { kind: 'error', reason: `truncated or invalid JSON (line ${number})` };
    parsedLines.push({ number, value: parsed.value });
  }
  return { kind: 'lines', lines: parsedLines };
}

function tryParse(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/**
 * Picks the verdict of a JSON-lines file. A line about this artifact whose signature fails
 * decides at once (tampering); otherwise the first line that verifies; otherwise the line that
 * came closest (named the artifact, then any well-formed statement, then the first line).
 */
function chooseLine(outcomes: Outcome[]): EvidenceCheck {
  const decide = (outcome: Outcome): EvidenceCheck => ({
    verified: outcome.verified,
    reason: `line ${outcome.details.line} of ${outcome.details.lines}: ${outcome.reason}`,
    details: outcome.details,
  });
  const tampered = outcomes.find((outcome) => outcome.namesArtifact && outcome.badSignature);
  if (tampered) return decide(tampered);
  const verified = outcomes.find((outcome) => outcome.verified);
  if (verified) return decide(verified);
  const closest =
    outcomes.find((outcome) => outcome.namesArtifact) ??
    outcomes.find((outcome) => outcome.details.predicate_type !== null && outcome.details.subject_count > 0) ??
    outcomes[0];
  return decide(closest as Outcome);
}

/** Marks an outcome as one line of a JSON-lines file, keeping how that line was wrapped. */
function asLine(outcome: Outcome, line: number, lines: number): Outcome {
  const { container, ...rest } = outcome.details;
  const lineContainer = container === null || container === 'jsonl' ? {} : { line_container: container };
  return { ...outcome, details: { container: 'jsonl', ...lineContainer, line, lines, ...rest } };
}

/**
 * Judges one JSON value by its shape: a Sigstore bundle announces itself by `mediaType`, a DSSE
 * envelope has `payloadType` (or `payload` and `signatures`), anything else is read as a plain
 * statement. Nothing nests further: a DSSE payload must be a statement, never another envelope.
 */
function evaluateDocument(value: unknown, subject: ProvenanceSubject, context: TrustContext): Outcome {
  if (!isRecord(value)) return rejected('not an in-toto Statement, DSSE envelope or Sigstore bundle', emptyDetails(null));

  if (announcesSigstoreBundle(value)) {
    const details = emptyDetails('sigstore-bundle');
    const parsedBundle = parseSigstoreBundle(value);
    if (!parsedBundle.ok) return rejected(parsedBundle.reason, details);
    // The statement is read from the same JSON the library parsed, with our own strict decoder.
    const rawEnvelope = ownField(value, 'dsseEnvelope');
    if (!isRecord(rawEnvelope)) return rejected('Sigstore bundle has no dsseEnvelope', details);
    const envelope = parseDsseEnvelope(rawEnvelope);
    if (!envelope.ok) return rejected(envelope.reason, details);
    details.signed = true;
    const statement = decodePayload(envelope.envelope.payload);
    if (statement === undefined) return rejected('undecodable DSSE payload', details);
    return judgeStatement(statement, details, subject, context.trust.requireSignatures, () => {
      if (parsedBundle.value.material === 'public-key') {
        return checkWithKeys(envelope.envelope, context, ' (transparency log not checked)');
      }
      if (context.trust.trustedRoot === undefined) return { kind: 'unverifiable', why: 'no sigstore_trusted_root in policy' };
      const result = verifySigstoreBundle(parsedBundle.value, loadTrustedRoot(context.trust.trustedRoot));
      if (!result.verified) return { kind: 'bad', why: `signature does not verify with the Sigstore trusted root (${result.reason})` };
      details.signer_identity = clip(result.signer);
      details.signer_issuer = clip(result.issuer);
      // A valid chain only proves that *someone* signed; the policy says who may.
      if (!signerAllowed(result.signer, result.issuer, context.trust.identities)) {
        return { kind: 'bad', why: `signed by ${clip(result.signer) ?? 'an unknown identity'} (issuer ${clip(result.issuer) ?? 'unknown'}), which is not in policy.sigstore_identities` };
      }
      return { kind: 'verified', description: `verified with the Sigstore trusted root${result.signer ? `, signer ${clip(result.signer)}` : ''}` };
    });
  }

  if (Object.hasOwn(value, 'payloadType') || (Object.hasOwn(value, 'payload') && Object.hasOwn(value, 'signatures'))) {
    const details = emptyDetails('dsse');
    const envelope = parseDsseEnvelope(value);
    if (!envelope.ok) return rejected(envelope.reason, details);
    details.signed = envelope.envelope.signatures.length > 0;
    const statement = decodePayload(envelope.envelope.payload);
    if (statement === undefined) return rejected('undecodable DSSE payload', details);
    return judgeStatement(statement, details, subject, context.trust.requireSignatures, () =>
      envelope.envelope.signatures.length === 0 ? { kind: 'unsigned' } : checkWithKeys(envelope.envelope, context, ''),
    );
  }

  return judgeStatement(value, emptyDetails('statement'), subject, context.trust.requireSignatures, () => ({ kind: 'unsigned' }));
}

type SignatureStatus =
  | { kind: 'unsigned' }
  | { kind: 'verified'; description: string }
  | { kind: 'unverifiable'; why: string }
  | { kind: 'bad'; why: string };

function checkWithKeys(envelope: DsseEnvelope, context: TrustContext, note: string): SignatureStatus {
  if (context.keys.length === 0) return { kind: 'unverifiable', why: 'no trusted_keys in policy' };
  const path = findVerifyingKey(envelope, context.keys);
  if (path === null) return { kind: 'bad', why: 'signature does not verify with any trusted key' };
  return { kind: 'verified', description: `verified with ${path}${note}` };
}

/**
 * Judges the statement (a decoded DSSE payload, or plain), then, only when its content passes,
 * its signature: crypto is spent only on statements that would otherwise verify.
 */
function judgeStatement(
  statement: unknown,
  details: ProvenanceDetails,
  subject: ProvenanceSubject,
  requireSignatures: boolean,
  checkSignature: () => SignatureStatus,
): Outcome {
  const contentProblem = checkStatement(statement, subject, details);
  if (contentProblem !== null) return rejected(contentProblem, details);

  const status = checkSignature();
  const version = SLSA_PROVENANCE_TYPES[details.predicate_type ?? ''] ?? '';
  const claim = `SLSA provenance ${version} names the artifact`;
  const named = (verified: boolean, reason: string, badSignature = false): Outcome => ({ verified, reason, details, namesArtifact: true, badSignature });
  switch (status.kind) {
    case 'verified':
      details.signature_verified = true;
      details.signature = status.description;
      return named(true, `${claim}; signature ${status.description}`);
    case 'bad':
      details.signature = status.why;
      return named(false, status.why, true);
    case 'unverifiable':
      details.signature = `signed, not verified (${status.why})`;
      if (requireSignatures) return named(false, `signature not verified (${status.why}), policy requires signatures`);
      return named(true, `${claim}; ${details.signature}`);
    case 'unsigned':
      details.signature = UNSIGNED;
      if (requireSignatures) return named(false, 'unsigned, policy requires signatures');
      return named(true, `${claim}; ${UNSIGNED}`);
  }
}

/** The DSSE payload as JSON, or undefined when it is not UTF-8 JSON. */
function decodePayload(payload: Buffer): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payload)) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Checks `_type`, `predicateType`, `subject` and the artifact's digest, in that order, filling
 * the details as it learns them. Returns the first problem, or null when the statement names
 * the artifact.
 */
function checkStatement(statement: unknown, subject: ProvenanceSubject, details: ProvenanceDetails): string | null {
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

function clip(value: string | null, max = MAX_DETAIL_CHARS): string | null {
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

function emptyDetails(container: ProvenanceContainer | null): ProvenanceDetails {
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

function rejected(reason: string, details: ProvenanceDetails): Outcome {
  return { verified: false, reason, details, namesArtifact: false, badSignature: false };
}

function failure(reason: string, details: ProvenanceDetails): EvidenceCheck {
  return { verified: false, reason, details };
}
