/**
 * From the bytes of a policy file to a validated PolicyFile, or to every problem at once, each
 * located at its line and column. The bytes come from src/deliver/policy.ts (the contents API or
 * `git`) or from a workspace file; this module touches neither the network nor the disk.
 */
import { createHash } from 'node:crypto';
import { ErrorCode, type ManifestIssue, ManifestError } from '../errors.js';
import { parseManifestText, type KeyPath, type Position } from '../manifest/parse.js';
import { describePolicyIssue } from './issues.js';
import { PolicyFile } from './schema.js';

/** Policies are a few dozen lines; a megabyte is a mistake or an attack, refused before parsing. */
export const MAX_POLICY_BYTES = 1024 * 1024;

export interface PolicySourceInfo {
  /** How issues name the file: its path in its repository, or `owner/repo:path@ref`. */
  file: string;
  /** Defaults to MAX_POLICY_BYTES. */
  maxBytes?: number;
}

export interface ParsedPolicy {
  policy: PolicyFile;
  /** Hex sha256 of the bytes as read, for the reports. */
  sha256: string;
  /** Where the value at `keyPath` is written, to annotate a policy waiver at its line. */
  locate(keyPath: KeyPath): Position;
}

/**
 * Parses a policy file (YAML 1.2 or JSON) with the manifest's parser, so it is held to the same
 * rules: no duplicate keys, no merge keys, bounded aliases and nesting, strict keys. Throws a
 * ManifestError with every issue, naming `source.file`.
 */
export async function parsePolicyFile(bytes: Buffer, source: PolicySourceInfo): Promise<ParsedPolicy> {
  const { file } = source;
  const maxBytes = source.maxBytes ?? MAX_POLICY_BYTES;
  const fail = (issues: ManifestIssue[]): never => {
    throw new ManifestError(issues);
  };
  if (bytes.length > maxBytes) {
    fail([{ code: ErrorCode.FileTooLarge, file, path: '', message: `policy file is ${bytes.length} bytes, over the limit of ${maxBytes} bytes` }]);
  }
  const text = decodeUtf8(file, bytes);
  const parsed = await parseManifestText(file, text);
  if (Array.isArray(parsed)) fail(parsed.map(asPolicyIssue));
  const document = parsed as Exclude<typeof parsed, ManifestIssue[]>;
  // One policy file per run: zod's eval-built fast path would cost more to build than it saves.
  const result = PolicyFile.safeParse(document.data, { reportInput: true, jitless: true });
  if (!result.success) {
    const issues = result.error.issues.flatMap((issue) => describePolicyIssue(file, document, issue));
    fail(issues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0)));
  }
  return {
    policy: result.data!,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    locate: (keyPath) => document.locate(keyPath),
  };
}

/** The parser speaks of manifests; the same problem in a policy file says so. */
function asPolicyIssue(issue: ManifestIssue): ManifestIssue {
  if (issue.code === ErrorCode.EmptyManifest) {
    return { ...issue, message: 'policy file is empty; expected a mapping of policy keys (write {} for the default policy)' };
  }
  if (issue.code === ErrorCode.NotAMapping) return { ...issue, message: issue.message.replace(/^manifest is (.*);.*$/, 'policy file is $1; expected a mapping of policy keys') };
  return { ...issue, message: issue.message.replace(/\bmanifest\b/g, 'policy file') };
}

function decodeUtf8(file: string, bytes: Buffer): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    const offset = firstInvalidUtf8Byte(bytes);
    const { line, column } = positionOf((from) => bytes.indexOf(10, from), offset);
    throw new ManifestError([{ code: ErrorCode.NotUtf8, file, line, column, path: '', message: `policy file is not valid UTF-8 (byte ${offset})` }]);
  }
  const nul = text.indexOf('\u0000');
  if (nul >= 0) {
    const { line, column } = positionOf((from) => text.indexOf('\n', from), nul);
    throw new ManifestError([{ code: ErrorCode.NulByte, file, line, column, path: '', message: 'policy file contains a NUL byte' }]);
  }
  return text;
}

/**
 * 1-based line and column of `index`, given where the next newline after an offset is. In bytes
 * for a buffer that is not valid text (it has no characters to count), in UTF-16 units for text.
 */
function positionOf(nextNewline: (from: number) => number, index: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let at = nextNewline(0); at !== -1 && at < index; at = nextNewline(at + 1)) {
    line += 1;
    lineStart = at + 1;
  }
  return { line, column: index - lineStart + 1 };
}

/** Offset of the lead byte of the first ill-formed UTF-8 sequence (a strict decoder's view). */
function firstInvalidUtf8Byte(bytes: Buffer): number {
  let index = 0;
  while (index < bytes.length) {
    const lead = bytes[index]!;
    const length = lead < 0x80 ? 1 : lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
    if (length === 0 || index + length > bytes.length) return index;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(index, index + length));
    } catch {
      return index;
    }
    index += length;
  }
  return index;
}
