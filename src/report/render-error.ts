/**
 * Everything the Action writes when no verdict was reached (invalid manifest, bad input, broken
 * tool), rendered once: the title, the log lines, the annotations, `errors.json`, the job summary
 * and the PR comment that replaces an earlier verdict. Pure: `src/action/run.ts` writes it.
 */
import { classifyError, type ErrorKind } from '../errors.js';
import { issueAnnotations, type Annotation } from './annotations.js';
import { renderErrorComment, type CommentLinks } from './comment.js';
import { escapeLogText } from './escape.js';
import { buildErrorReport, type ErrorReport } from './files.js';
import { renderErrorSummary } from './summary-error.js';
import { renderTextIssues } from './text.js';

/** How each kind of failure is named, in the summary, the comment, the outputs and the log. */
export const ERROR_TITLES: Readonly<Record<ErrorKind, string>> = {
  manifest: 'The manifest is invalid',
  'policy-file': 'The trusted policy is invalid',
  'policy-read': 'The trusted policy could not be read',
  attestations: 'GitHub attestations could not be read',
  input: 'An input is invalid',
  usage: 'An input is invalid',
  report: 'The report could not be written',
  internal: 'maestro-gate failed with an internal error',
};

export interface RenderedError {
  kind: ErrorKind;
  /** Log lines before the failure: the issues, and an internal error's stack. */
  log: string[];
  annotations: Annotation[];
  report: ErrorReport;
  summary: string;
  comment(links: CommentLinks): string;
  /** The `message` output: `<title>: <message>`, as the shell makes it one line. */
  message: string;
  /** The step's failure line, escaped for the log. */
  failure: string;
}

export function renderError(error: unknown): RenderedError {
  const failure = classifyError(error);
  const { code, issues } = failure;
  const title = ERROR_TITLES[failure.kind] + (failure.input === undefined ? '' : ` (input ${failure.input})`);
  const message = error instanceof Error ? error.message : String(error);
  const log: string[] = [];
  if (issues.length > 0) log.push(renderTextIssues(issues, false));
  // A stack helps whoever fixes the tool; it goes to the log, never to the summary or the comment.
  if (failure.kind === 'internal') log.push(escapeLogText(error instanceof Error ? (error.stack ?? error.message) : String(error)));
  const description = { title, issues, message };
  return {
    kind: failure.kind,
    log,
    annotations: issues.length > 0 ? issueAnnotations(issues) : [],
    report: buildErrorReport(`${title}: ${message}`, code, issues),
    summary: renderErrorSummary(description),
    comment: (links) => renderErrorComment(description, links),
    message: `${title}: ${message}`,
    failure: `${title}: ${escapeLogText(message)}`,
  };
}
