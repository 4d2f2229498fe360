/**
 * Typed errors. The top-level catch in `src/action/run.ts` and `src/cli.ts` turns these into
 * `outcome: error` (exit 2 in the CLI); anything else is an internal error, which fails closed too.
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
