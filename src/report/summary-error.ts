/**
 * The job summary of a run that could not be judged (invalid manifest, bad input, internal
 * error). Pure; every issue's text goes through `escapeMarkdown`.
 */
import type { ManifestIssue } from '../errors.js';
import { escapeMarkdown } from './escape.js';
import { fitDocument, MESSAGE_MAX_LENGTH, table, text, utf8Bytes, type Block } from './layout.js';
import { DEFAULT_SUMMARY_MAX_BYTES, TRUNCATION_MARKER } from './summary-limits.js';
import { countText, HEADING, NO_VERDICT } from './words.js';

/** Validation issues shown in an error summary. */
export const DEFAULT_MAX_ISSUE_ROWS = 200;

export interface ErrorDescription {
  title: string;
  issues?: readonly ManifestIssue[];
  message?: string;
}

const md = (value: string, maxLength?: number): string => escapeMarkdown(value, maxLength === undefined ? {} : { maxLength });

/** The issues as table rows with their locations: the summary's and the PR comment's. */
export function issueRows(issues: readonly ManifestIssue[]): string[] {
  return issues.map((issue) => {
    const where = issue.line === undefined ? issue.file : `${issue.file}:${issue.line}:${issue.column ?? 1}`;
    return `| ${md(where, 300)} | ${issue.path === '' ? '—' : md(issue.path, 300)} | ${md(issue.code)} | ${md(issue.message, 1_000)} |`;
  });
}

export const ISSUE_TABLE_HEAD = ['| Location | Key path | Code | Problem |', '| --- | --- | --- | --- |'];

/** The parts of an error document that the summary and the comment share: message, verdict, problems. */
export function errorBlocks(error: ErrorDescription, maxRows: number, leftOutWhere: string): Block[] {
  const blocks: Block[] = [];
  if (error.message !== undefined && error.message !== '') blocks.push(text(0, md(error.message, MESSAGE_MAX_LENGTH)));
  blocks.push(text(0, NO_VERDICT));
  const issues = error.issues ?? [];
  if (issues.length > 0) {
    const rows = issueRows(issues.slice(0, maxRows));
    blocks.push(
      table(1, `### Problems (${issues.length})`, ISSUE_TABLE_HEAD, rows, issues.length - rows.length, (count) =>
        `_${countText(count)} more problem(s) not shown; ${leftOutWhere}._`,
      ),
    );
  }
  return blocks;
}

export function errorHeadline(error: ErrorDescription): (maxLength: number) => string[] {
  return (maxLength) => [HEADING.error, `**${md(error.title, Math.min(maxLength, 500))}**`];
}

/**
 * Renders the summary of a run that could not be judged: a ❌ heading that says so, the title and
 * message, and the issues as a table with their locations, at most `DEFAULT_MAX_ISSUE_ROWS` of
 * them, within `maxBytes` UTF-8 bytes.
 */
export function renderErrorSummary(error: ErrorDescription, options: { maxBytes?: number } = {}): string {
  return fitDocument({
    headline: errorHeadline(error),
    blocks: errorBlocks(error, DEFAULT_MAX_ISSUE_ROWS, 'they are listed in the log'),
    marker: TRUNCATION_MARKER,
    maxSize: options.maxBytes ?? DEFAULT_SUMMARY_MAX_BYTES,
    measure: utf8Bytes,
  });
}
