/**
 * `maestro-gate serve` and `maestro-gate export`: the Maestro REST API over the same core, and
 * a run fetched back from it as a maestro.yml. Loaded lazily by the CLI (`await import`), so
 * `check` never pays to load the HTTP framework.
 *
 * Exit codes as the rest of the CLI: 0 stopped cleanly or exported, 1 stopped because a write
 * could not be made durable, 2 invalid usage, input or any other error.
 */
import { describeRunPolicySource } from '../core/policy.js';
import { loadCliPolicy } from './policy.js';
import { parseCommandLine, wholeNumberFlag } from './args.js';
import { usageHint } from './help.js';
import { currentTime, githubRun, maxManifestBytes } from '../environment.js';
import { classifyError, UsageError } from '../errors.js';
import { escapeLogText } from '../report/escape.js';
import { renderTextIssues } from '../report/text.js';
import { DEFAULT_MAX_BODY_BYTES } from '../serve/app.js';
import { JournalError } from '../serve/journal.js';
import { DEFAULT_HOST, DEFAULT_PORT, startService, type RunningService } from '../serve/server.js';
import { EXIT } from './exit.js';

export interface CommandIo {
  out: (text: string) => void;
  err: (text: string) => void;
  color?: boolean;
  now?: () => string;
  /** Stops the server when aborted (tests); SIGINT and SIGTERM always do. */
  signal?: AbortSignal;
  /** Called once the server listens (tests read its address here). */
  onListening?: (service: RunningService) => void;
}


export const SERVE_USAGE = `Usage: maestro-gate serve [options] [MANIFEST…]

Serves the Maestro Conductor REST API (runs, artifacts, disclosure packs, manifests and the
release gate) over the same store and gate as \`maestro-gate check\`. Docs at /docs.

Options:
  --host HOST           address to bind (default: ${DEFAULT_HOST}, this machine only)
  --port PORT           port to listen on (default: ${DEFAULT_PORT}; 0 picks a free one)
  --data DIR            journal every write to DIR/journal.jsonl and replay it on start
                        (default: none, data lives in memory only and is lost on exit)
  --cors ORIGIN         allow browser calls from ORIGIN (repeatable; * for any; default: none)
  --max-body BYTES      refuse request bodies larger than this with 413 (default: ${DEFAULT_MAX_BODY_BYTES})
  --workspace DIR       folder that manifests, local artifact paths and evidence are read from (default: .)
  --max-manifest-bytes N  refuse manifests larger than N bytes
  --policy FILE         judge every run by this trusted policy (preloaded manifests may only
                        tighten it; runs created over the API get it as it is)
  --policy-ref REF      read --policy as committed at REF in the local git repository
  -h, --help            show this help

MANIFEST may be a path or a glob: its runs are loaded before the server starts.

The API has no authentication, so it answers only requests that name it in their Host header
(localhost, 127.0.0.1, [::1] or the --host address, with the port; any IP address of the machine
when bound to 0.0.0.0 or ::), and takes writes (JSON only) from no web page but its own and
those allowed with --cors.`;

export const EXPORT_USAGE = `Usage: maestro-gate export RUN_ID [--url URL]

Prints a run of a running \`maestro-gate serve\` as a maestro.yml, for \`maestro-gate check\`.

Options:
  --url URL             the service (default: http://${DEFAULT_HOST}:${DEFAULT_PORT})
  -h, --help            show this help`;


/** `maestro-gate serve …`: resolves with the exit code once the server has stopped. Never throws. */
export async function serveCommand(args: string[], io: CommandIo): Promise<number> {
  let running: RunningService | undefined;
  try {
    const { values: given, positionals } = parseCommandLine(args, {
      host: { type: 'string' },
      port: { type: 'string' },
      data: { type: 'string' },
      cors: { type: 'string', multiple: true },
      'max-body': { type: 'string' },
      workspace: { type: 'string' },
      'max-manifest-bytes': { type: 'string' },
      policy: { type: 'string' },
      'policy-ref': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    });
    const text = (name: string): string | undefined => (typeof given[name] === 'string' ? (given[name] as string) : undefined);
    const values = {
      help: given.help === true,
      host: text('host') ?? DEFAULT_HOST,
      port: text('port') ?? String(DEFAULT_PORT),
      data: text('data'),
      cors: (given.cors as string[] | undefined) ?? [],
      'max-body': text('max-body') ?? String(DEFAULT_MAX_BODY_BYTES),
      workspace: text('workspace') ?? '.',
      'max-manifest-bytes': text('max-manifest-bytes'),
      policy: text('policy'),
      'policy-ref': text('policy-ref'),
    };
    if (values.help) {
      io.out(SERVE_USAGE);
      return EXIT.ok;
    }
    const port = wholeNumberFlag('--port', values.port, 0, 65_535);
    const maxBodyBytes = wholeNumberFlag('--max-body', values['max-body'], 1);
    const manifestCap = values['max-manifest-bytes'] === undefined ? maxManifestBytes() : wholeNumberFlag('--max-manifest-bytes', values['max-manifest-bytes'], 1);
    if (values.data === '') throw new UsageError('--data: give a folder');

    let fatal: Error | null = null;
    let wake: () => void = () => undefined;
    const stopped = new Promise<void>((resolve) => {
      wake = resolve;
    });
    const trustedPolicy = await loadCliPolicy(values.workspace, values.policy, values['policy-ref']);
    running = await startService({
      trustedPolicy,
      host: values.host,
      port,
      workspace: values.workspace,
      manifests: positionals,
      maxManifestBytes: manifestCap,
      githubRun: githubRun(),
      dataDir: values.data,
      corsOrigins: values.cors,
      maxBodyBytes,
      now: io.now ?? (() => currentTime()),
      log: (text) => io.err(text),
      onFatal: (error) => {
        fatal = error;
        wake();
      },
    });

    if (running.preloaded.length > 0) {
      io.out(`maestro-gate serve: loaded ${running.preloaded.length} run(s): ${running.preloaded.map((run) => `${escapeLogText(run.runId)} (${escapeLogText(run.file)})`).join(', ')}`);
    }
    if (!isLoopback(running.host)) {
      io.err(`maestro-gate serve: warning: ${escapeLogText(running.host)} is reachable from other machines, and this API has no authentication`);
    }
    const storage =
      running.journalFile === null
        ? 'data in memory only, lost when the server stops (pass --data DIR to keep it)'
        : `data journaled to ${escapeLogText(running.journalFile)} (${running.replayed} write(s) replayed)`;
    if (trustedPolicy) io.out(`maestro-gate serve: every run is judged by ${escapeLogText(describeRunPolicySource(trustedPolicy.source), { maxLength: 2_000 })}`);
    io.out(`maestro-gate serve: listening on ${running.url} (docs at ${running.url}/docs); ${storage}`);
    io.onListening?.(running);

    const onSignal = (): void => wake();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    io.signal?.addEventListener('abort', onSignal, { once: true });
    if (io.signal?.aborted) wake();
    try {
      await stopped;
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      io.signal?.removeEventListener('abort', onSignal);
    }
    await running.close();
    if (fatal !== null) {
      io.err(`maestro-gate serve: stopped: ${(fatal as Error).message}. Restart it to replay ${running.journalFile ?? 'the journal'}.`);
      return EXIT.failed;
    }
    io.out('maestro-gate serve: stopped');
    return EXIT.ok;
  } catch (error) {
    await running?.close().catch(() => undefined);
    return reportError(error, 'serve', io);
  }
}

/** `maestro-gate export RUN_ID --url URL`: prints the run as maestro.yml. Never throws. */
export async function exportCommand(args: string[], io: CommandIo): Promise<number> {
  try {
    const { values: given, positionals } = parseCommandLine(args, { url: { type: 'string' }, help: { type: 'boolean', short: 'h' } });
    const values = { help: given.help === true, url: typeof given.url === 'string' ? given.url : `http://${DEFAULT_HOST}:${DEFAULT_PORT}` };
    if (values.help) {
      io.out(EXPORT_USAGE);
      return EXIT.ok;
    }
    if (positionals.length !== 1) throw new UsageError('give exactly one RUN_ID');
    const runId = positionals[0]!;
    let base: URL;
    try {
      base = new URL(values.url);
    } catch {
      throw new UsageError(`--url: '${values.url}' is not a URL`);
    }
    if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new UsageError(`--url: '${values.url}' is not an http(s) URL`);
    // The id is a path segment, encoded: it cannot walk to another endpoint.
    const target = new URL(`${base.pathname.replace(/\/+$/, '')}/maestro/runs/${encodeURIComponent(runId)}/manifest?format=yaml`, base);
    let response: Response;
    try {
      response = await fetch(target, { headers: { accept: 'application/yaml' }, signal: AbortSignal.timeout(60_000) });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
      io.err(`maestro-gate export: cannot reach ${escapeLogText(base.origin)} (${escapeLogText(String(cause))}); is \`maestro-gate serve\` running there?`);
      return EXIT.invalid;
    }
    const text = await response.text();
    if (!response.ok) {
      io.err(`maestro-gate export: ${response.status} from ${escapeLogText(base.origin)}: ${escapeLogText(detailOf(text))}`);
      return EXIT.invalid;
    }
    io.out(text.trimEnd());
    return EXIT.ok;
  } catch (error) {
    return reportError(error, 'export', io);
  }
}

function detailOf(text: string): string {
  try {
    const detail: unknown = (JSON.parse(text) as { detail?: unknown }).detail;
    if (typeof detail === 'string') return detail;
    if (detail !== undefined) return JSON.stringify(detail);
  } catch {
    // Not the service's JSON: show what came back.
  }
  return text.slice(0, 500);
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

function reportError(error: unknown, command: 'serve' | 'export', io: CommandIo): number {
  // What only a server meets comes first: its journal, and the address it cannot listen on.
  const errno = (error as NodeJS.ErrnoException | null)?.code;
  if (error instanceof JournalError) io.err(`maestro-gate serve: ${escapeLogText(error.message)}`);
  else if (errno === 'EADDRINUSE') io.err('maestro-gate serve: the port is already in use; stop the other server or pass --port');
  else if (errno === 'EACCES' || errno === 'EADDRNOTAVAIL') io.err(`maestro-gate serve: cannot listen there (${errno}); check --host and --port`);
  else {
    const { kind, issues, message } = classifyError(error);
    if (issues.length > 0) io.err(renderTextIssues(issues, io.color ?? false));
    else if (kind === 'usage') io.err(`maestro-gate: ${escapeLogText(message)}\n${usageHint(command)}`);
    // Internal: the stack helps a bug report; it goes to the operator's terminal, never to a client.
    else if (kind === 'internal') io.err(`maestro-gate: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    else io.err(`maestro-gate: ${escapeLogText(message)}`);
  }
  return EXIT.invalid;
}

