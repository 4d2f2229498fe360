/**
 * Typed errors, and `classifyError`, the one place that says what kind of failure a thrown value
 * is. The shells (the Action, the CLI, `serve`) word each kind their own way; every kind is an
 * `outcome: error` (exit 2 in the CLI), and anything unknown is internal, which fails closed too.
 */

/** Stable codes: they appear in the JSON report and tests match on them, so never rename one. */
export const ErrorCode = {
  FileNotFound: 'FILE_NOT_FOUND',
  FileUnreadable: 'FILE_UNREADABLE',
  NotRegularFile: 'NOT_REGULAR_FILE',
  FileTooLarge: 'FILE_TOO_LARGE',
  FileChanged: 'FILE_CHANGED',
  NotUtf8: 'NOT_UTF8',
  NulByte: 'NUL_BYTE',
  ParseError: 'PARSE_ERROR',
  DuplicateKey: 'DUPLICATE_KEY',
  AliasLimit: 'ALIAS_LIMIT',
  MergeKey: 'MERGE_KEY',
  TooDeep: 'TOO_DEEP',
  EmptyManifest: 'EMPTY_MANIFEST',
  NotAMapping: 'NOT_A_MAPPING',
  ForbiddenKey: 'FORBIDDEN_KEY',
  UnknownKey: 'UNKNOWN_KEY',
  InvalidValue: 'INVALID_VALUE',
  MissingField: 'MISSING_FIELD',
  DuplicateId: 'DUPLICATE_ID',
  UnknownReference: 'UNKNOWN_REFERENCE',
  UnsafePath: 'UNSAFE_PATH',
  NoManifest: 'NO_MANIFEST',
  InvalidInput: 'INVALID_INPUT',
  ReportWrite: 'REPORT_WRITE_FAILED',
  Internal: 'INTERNAL_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** One problem in one manifest, located as precisely as the parser allows. */
export interface ManifestIssue {
  code: ErrorCode;
  /** Path as the user wrote it (relative to the workspace when inside it). */
  file: string;
  /** 1-based; absent when the problem concerns the whole file (missing, too large…). */
  line?: number;
  column?: number;
  /** Key path such as `artifacts[0].metadata_json.sbom_present`; empty for the document. */
  path: string;
  message: string;
}

export function formatIssue(issue: ManifestIssue): string {
  const where = issue.line === undefined ? issue.file : `${issue.file}:${issue.line}:${issue.column ?? 1}`;
  return issue.path ? `${where} ${issue.path}: ${issue.message}` : `${where} ${issue.message}`;
}

/** The manifests were invalid: every issue of every file, not only the first. */
export class ManifestError extends Error {
  override readonly name = 'ManifestError';
  constructor(readonly issues: readonly ManifestIssue[]) {
    const first = issues[0];
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
    super(first ? `${formatIssue(first)}${more}` : 'invalid manifest');
  }
}

/** An Action input or CLI flag had a value we do not accept. */
export class InputError extends Error {
  override readonly name = 'InputError';
  readonly code: ErrorCode = ErrorCode.InvalidInput;
}

/** Writing the report files failed; the verdict cannot be recorded, so the run cannot pass. */
export class ReportWriteError extends Error {
  override readonly name = 'ReportWriteError';
  readonly code: ErrorCode = ErrorCode.ReportWrite;
}

/** A policy file that does not validate: shown as the policy's error, never the manifest's. */
export class PolicyFileError extends ManifestError {}

/** The command line itself is wrong (an unknown command, flag or missing value). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  readonly code: ErrorCode = ErrorCode.InvalidInput;
}

/** The inputs a reader failure can be fixed in. */
export type PolicyInput = 'policy' | 'policy-ref' | 'policy-repository' | 'github-token';

/** Stable codes, for the JSON report and tests; never rename one. */
export const PolicyReadCode = {
  InvalidInput: 'POLICY_INVALID_INPUT',
  NotFound: 'POLICY_NOT_FOUND',
  RefNotFound: 'POLICY_REF_NOT_FOUND',
  Unauthorized: 'POLICY_UNAUTHORIZED',
  Forbidden: 'POLICY_FORBIDDEN',
  RateLimited: 'POLICY_RATE_LIMITED',
  ServerError: 'POLICY_SERVER_ERROR',
  Unreachable: 'POLICY_UNREACHABLE',
  Timeout: 'POLICY_TIMEOUT',
  TooLarge: 'POLICY_TOO_LARGE',
  NotAFile: 'POLICY_NOT_A_FILE',
  UnexpectedAnswer: 'POLICY_UNEXPECTED_ANSWER',
  GitFailed: 'POLICY_GIT_FAILED',
} as const;
export type PolicyReadCode = (typeof PolicyReadCode)[keyof typeof PolicyReadCode];

export class PolicyReadError extends Error {
  override readonly name = 'PolicyReadError';
  constructor(
    readonly code: PolicyReadCode,
    /** The input whose value led here. */
    readonly input: PolicyInput,
    message: string,
  ) {
    super(message);
  }
}

/**
 * GitHub attestations could not be read (a 403, a 5xx, a timeout, no trusted root) while the
 * policy requires evidence: the verdict cannot be reached, so the outcome is an error.
 */
export class AttestationReadError extends Error {
  override readonly name = 'AttestationReadError';
  constructor(
    readonly code: 'ATTESTATIONS_FORBIDDEN' | 'ATTESTATIONS_UNAVAILABLE',
    message: string,
  ) {
    super(message);
  }
}

export type ErrorKind = 'manifest' | 'policy-file' | 'policy-read' | 'attestations' | 'input' | 'usage' | 'report' | 'internal';

export interface ClassifiedError {
  kind: ErrorKind;
  /** The stable code for the JSON report. */
  code: string;
  /** The located issues of an invalid manifest or policy file. */
  issues: readonly ManifestIssue[];
  message: string;
  /** For a policy read: the input to fix. */
  input?: PolicyInput;
}

/** What kind of failure `error` is. Anything not recognised is internal: never a user's mistake. */
export function classifyError(error: unknown): ClassifiedError {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof ManifestError) {
    return { kind: error instanceof PolicyFileError ? 'policy-file' : 'manifest', code: error.issues[0]?.code ?? ErrorCode.ParseError, issues: error.issues, message };
  }
  if (error instanceof PolicyReadError) return { kind: 'policy-read', code: error.code, issues: [], message, input: error.input };
  if (error instanceof AttestationReadError) return { kind: 'attestations', code: error.code, issues: [], message };
  if (error instanceof InputError) return { kind: 'input', code: error.code, issues: [], message };
  if (error instanceof ReportWriteError) return { kind: 'report', code: error.code, issues: [], message };
  if (error instanceof UsageError || isArgError(error)) return { kind: 'usage', code: ErrorCode.InvalidInput, issues: [], message };
  return { kind: 'internal', code: ErrorCode.Internal, issues: [], message };
}

/** node:util parseArgs throws TypeErrors whose `code` starts with ERR_PARSE_ARGS. */
function isArgError(error: unknown): error is Error {
  const code: unknown = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}
