/**
 * SLSA provenance evidence (SPEC §5): an in-toto Statement, given plain, as JSON lines, in a
 * DSSE envelope or in a Sigstore bundle, whose predicate is SLSA provenance and whose subject
 * names the artifact's sha256. The statement is judged by ./statement.ts, its signature by
 * ./signature.ts (which says what "signed, not verified" and "bad signature" mean); this module
 * reads the file and picks the verdict.
 */
import { isRecord, ownField, parseDsseEnvelope, parseTrustedKeys, type TrustedKey } from './dsse.js';
import { parseStrictJson } from './json.js';
import { DEFAULT_MAX_EVIDENCE_BYTES } from './limits.js';
import { bundleSignatureStatus, envelopeSignatureStatus, type SignatureStatus, type TrustContext } from './signature.js';
import { announcesSigstoreBundle, loadTrustedRoot, parseSigstoreBundle } from './sigstore.js';
import { checkStatement, decodePayload, emptyDetails, SLSA_PROVENANCE_TYPES, type ProvenanceDetails } from './statement.js';
import type { EvidenceCheck, EvidenceFile, ProvenanceSubject, SignatureTrust } from './types.js';

export { TrustMaterialError } from './dsse.js';
export { IN_TOTO_STATEMENT_TYPES, SLSA_PROVENANCE_TYPES, type ProvenanceContainer, type ProvenanceDetails } from './statement.js';

/** JSON lines beyond this are refused: each line may cost signature checks. */
export const MAX_STATEMENT_LINES = 256;

const UNSIGNED = 'claims not cryptographically verified';
const INVALID = 'not valid JSON';
/** What a provenance file must be, as every reason about its shape says. */
const EXPECTED = 'expected an in-toto statement of SLSA provenance, plain, in a DSSE envelope or in a Sigstore bundle (JSON or JSON lines)';
const EXPECTED_ENVELOPE = 'expected a DSSE envelope whose payload is an in-toto statement (payloadType application/vnd.in-toto+json); use the file exactly as the builder wrote it';
const EXPECTED_BUNDLE = 'expected a Sigstore bundle (v0.1 to v0.3) holding a DSSE envelope of an in-toto statement; use the bundle as the builder (or gh attestation download) wrote it';

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
    return failure(`file too large (${file.bytes.length} bytes, at most ${DEFAULT_MAX_EVIDENCE_BYTES}): ${EXPECTED}, a few KiB; point evidence.slsa_provenance at the provenance file`, emptyDetails(null));
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
    return { kind: 'error', reason: `not JSON (not UTF-8 text): ${EXPECTED}; point evidence.slsa_provenance at the provenance file` };
  }
  if (text.trim() === '') return { kind: 'error', reason: `empty file: ${EXPECTED}; write the provenance to this path before the gate runs` };
  const whole = parseStrictJson(text);
  if (whole.ok) return { kind: 'single', value: whole.value };
  // Parsed but refused (a repeated key, too deep, too many values): never retried as lines.
  if (whole.reason !== INVALID) return { kind: 'error', reason: `${whole.reason}: ${EXPECTED}; use the file exactly as the builder wrote it` };

  const lines = text.split('\n');
  const first = lines.findIndex((line) => line.trim() !== '');
  const looksJson = /^\s*[[{]/.test(text);
  const firstLine = parseStrictJson(lines[first] ?? '');
  if (!firstLine.ok && firstLine.reason === INVALID) {
    return { kind: 'error', reason: looksJson ? `truncated or invalid JSON: ${EXPECTED}; download or copy the provenance again` : `not JSON: ${EXPECTED}; point evidence.slsa_provenance at the provenance file` };
  }

  const numbered = lines.map((line, index) => ({ line, number: index + 1 })).filter(({ line }) => line.trim() !== '');
  if (numbered.length > MAX_STATEMENT_LINES) {
    return { kind: 'error', reason: `too many JSON lines (${numbered.length}, at most ${MAX_STATEMENT_LINES}): expected the statements of one release; keep only those for this release` };
  }
  const parsedLines: { number: number; value: unknown }[] = [];
  for (const { line, number } of numbered) {
    const parsed = parseStrictJson(line);
    if (!parsed.ok) {
      const what = parsed.reason === INVALID ? `truncated or invalid JSON (line ${number})` : `line ${number}: ${parsed.reason}`;
      return { kind: 'error', reason: `${what}: expected one JSON document per line; download or copy the provenance again` };
    }
    parsedLines.push({ number, value: parsed.value });
  }
  return { kind: 'lines', lines: parsedLines };
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
  if (!isRecord(value)) return rejected(`not an in-toto Statement, DSSE envelope or Sigstore bundle (the JSON is not an object): ${EXPECTED}; point evidence.slsa_provenance at the provenance your builder wrote`, emptyDetails(null));
  const requireSignatures = context.trust.requireSignatures;

  if (announcesSigstoreBundle(value)) {
    const details = emptyDetails('sigstore-bundle');
    const parsedBundle = parseSigstoreBundle(value);
    if (!parsedBundle.ok) return rejected(`${parsedBundle.reason}: ${EXPECTED_BUNDLE}`, details);
    // The statement is read from the same JSON the library parsed, with our own strict decoder.
    const rawEnvelope = ownField(value, 'dsseEnvelope');
    if (!isRecord(rawEnvelope)) return rejected(`Sigstore bundle has no dsseEnvelope: ${EXPECTED_BUNDLE}`, details);
    const envelope = parseDsseEnvelope(rawEnvelope);
    if (!envelope.ok) return rejected(`${envelope.reason}: ${EXPECTED_BUNDLE}`, details);
    details.signed = true;
    const statement = decodePayload(envelope.envelope.payload);
    if (!statement.ok) return rejected(`${statement.reason}: ${EXPECTED_BUNDLE}`, details);
    return judgeStatement(statement.value, details, subject, requireSignatures, () => bundleSignatureStatus(parsedBundle.value, envelope.envelope, context, details));
  }

  if (Object.hasOwn(value, 'payloadType') || (Object.hasOwn(value, 'payload') && Object.hasOwn(value, 'signatures'))) {
    const details = emptyDetails('dsse');
    const envelope = parseDsseEnvelope(value);
    if (!envelope.ok) return rejected(`${envelope.reason}: ${EXPECTED_ENVELOPE}`, details);
    details.signed = envelope.envelope.signatures.length > 0;
    const statement = decodePayload(envelope.envelope.payload);
    if (!statement.ok) return rejected(`${statement.reason}: ${EXPECTED_ENVELOPE}`, details);
    return judgeStatement(statement.value, details, subject, requireSignatures, () => envelopeSignatureStatus(envelope.envelope, context, details));
  }

  return judgeStatement(value, emptyDetails('statement'), subject, requireSignatures, () => ({ kind: 'unsigned' }));
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
      if (requireSignatures) return named(false, `signature not verified, and the policy requires signatures: ${status.why}`);
      return named(true, `${claim}; ${details.signature}`);
    case 'unsigned':
      details.signature = UNSIGNED;
      if (requireSignatures) {
        return named(false, 'unsigned, and the policy requires signatures: expected a DSSE envelope or Sigstore bundle from a trusted signer; sign the provenance (e.g. with actions/attest-build-provenance)');
      }
      return named(true, `${claim}; ${UNSIGNED}`);
  }
}

function rejected(reason: string, details: ProvenanceDetails): Outcome {
  return { verified: false, reason, details, namesArtifact: false, badSignature: false };
}

function failure(reason: string, details: ProvenanceDetails): EvidenceCheck {
  return { verified: false, reason, details };
}
