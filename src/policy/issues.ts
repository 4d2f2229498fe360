/**
 * zod's issues about a policy file, worded like the manifest's (`manifest/zod-issues.ts`): where
 * (file:line:col), the key path, the bad value, what is allowed.
 */
import type { z } from 'zod';
import type { ManifestIssue } from '../errors.js';
import type { ParsedManifest } from '../manifest/parse.js';
import { wordZodIssue } from '../manifest/zod-issues.js';
import { NEVER_MANIFEST_WAIVABLE, PolicyFile } from './schema.js';

/** A zod issue of a policy file, worded as the manifest's are, located in the policy file's text. */
export function describePolicyIssue(file: string, parsed: ParsedManifest, issue: z.core.$ZodIssue): ManifestIssue[] {
  const notAllowed = (input: unknown): string => (typeof input === 'string' && Object.hasOwn(NEVER_MANIFEST_WAIVABLE, input) ? `: ${NEVER_MANIFEST_WAIVABLE[input]}` : '');
  return wordZodIssue(issue, { root: PolicyFile, notAllowed }).map(({ code, keyPath, key, path, message }) => ({ code, file, ...parsed.locate(keyPath, key), path, message }));
}
