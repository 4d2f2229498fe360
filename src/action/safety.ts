/**
 * The Action's safety nets: whatever stops a run (a signal, a stray rejection or exception, a
 * watchdog, an event loop that drains before the verdict) fails the job, and whatever the run had
 * already published is retracted, so no output, summary or report file says "passed".
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as runner from './runner.js';
import { ErrorCode } from '../errors.js';
import { escapeMarkdown } from '../report/escape.js';
import { buildErrorReport } from '../report/files.js';
import { toJson } from '../report/json.js';
import { OUTPUT, setOneLineOutput } from './outputs.js';

/** What a run has already put where later steps can read it: a failure after it must retract it. */
export interface Published {
  /** The report folder holding this run's verdict files. */
  reportDir?: string;
}

/** How long a run may take before the watchdog fails it (hashing 2 GiB takes seconds). */
const DEFAULT_TIMEOUT_MS = 30 * 60 * 1000;

/**
 * Signals, stray rejections and exceptions, a watchdog and an event loop that drains before
 * the verdict all end in a failure with a readable line. Returns the function that removes every
 * one of them again: `run()` is importable (src/main.ts, @github/local-action), so a host that
 * calls it keeps its own process as it was once the verdict is out.
 */
export function installSafetyNets(published: Published): () => void {
  let done = false;
  const failNow = (why: string, exitCode: number): void => {
    if (done) return;
    done = true;
    process.exitCode = exitCode;
    try {
      runner.error(`maestro-gate ${why}; failing closed.`);
      retractVerdict(why, published);
    } finally {
      process.exit(exitCode);
    }
  };
  const onSignal = (signal: NodeJS.Signals): void => failNow(`was stopped by ${signal}`, signal === 'SIGINT' ? 130 : 143);
  const onRejection = (reason: unknown): void => failNow(`hit an unhandled promise rejection (${describe(reason)})`, 1);
  const onException = (error: unknown): void => failNow(`hit an uncaught exception (${describe(error)})`, 1);
  const onBeforeExit = (): void => failNow('stopped before reaching a verdict (a step never settled)', 1);
  const timeoutMs = Number(process.env.MAESTRO_GATE_TIMEOUT_MS) || DEFAULT_TIMEOUT_MS;
  const watchdog = setTimeout(() => failNow(`did not finish within ${Math.round(timeoutMs / 1000)} s`, 1), timeoutMs);
  // The watchdog must not keep an otherwise finished process alive.
  watchdog.unref();
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  process.on('beforeExit', onBeforeExit);
  return () => {
    done = true;
    clearTimeout(watchdog);
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
    process.off('beforeExit', onBeforeExit);
  };
}

/**
 * Whatever the run had published before it was stopped now says error (SPEC §6): the outputs
 * (a later value for the same key wins), the summary (overwritten, so it cannot open with a
 * pass) and the report folder (its verdict files replaced by errors.json). Synchronous: it runs
 * in a signal handler or a watchdog, just before the process exits. Each part is best effort.
 */
function retractVerdict(why: string, published: Published): void {
  const message = `maestro-gate ${why}; failing closed`;
  const attempt = (step: () => void): void => {
    try {
      step();
    } catch {
      // Best effort: the exit code fails the job whatever happens here.
    }
  };
  attempt(() => {
    runner.setOutput(OUTPUT.passed, 'false');
    runner.setOutput(OUTPUT.outcome, 'error');
    setOneLineOutput(OUTPUT.message, message);
  });
  attempt(() => {
    const summaryFile = process.env.GITHUB_STEP_SUMMARY;
    if (summaryFile) writeFileSync(summaryFile, `## ❌ Release gate not evaluated\n\nmaestro-gate ${escapeMarkdown(why)}; the job fails closed.\n`);
  });
  const reportDir = published.reportDir;
  if (reportDir !== undefined) {
    attempt(() => {
      rmSync(reportDir, { recursive: true, force: true });
      mkdirSync(reportDir);
      writeFileSync(path.join(reportDir, 'errors.json'), toJson(buildErrorReport(message, ErrorCode.Internal)), { flag: 'wx' });
    });
  }
}

function describe(value: unknown): string {
  return value instanceof Error ? `${value.name}: ${value.message}` : String(value);
}
