/**
 * The CLI's entry: `maestro-gate check|validate [MANIFEST…]`. It parses argv (`args.ts`, through
 * the schemas of the Action's inputs) and calls the same core as the Action. Exit codes: 0 pass, 1 gate failed, 2 invalid input, usage or any
 * other error. Like the Action it fails closed: the code is 2 until a verdict is reached.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { checkManifests } from '../core/check.js';
import { cliAttestations } from './attestations.js';
import { classifyError, InputError, UsageError } from '../errors.js';
import { loadManifests, type LoadOptions } from '../manifest/load.js';
import { closest } from '../manifest/validate.js';
import { escapeLogText } from '../report/escape.js';
import { renderSarif } from '../report/sarif.js';
import { renderSummary } from '../report/summary.js';
import { buildRunDocuments } from '../report/documents.js';
import { buildErrorReport } from '../report/files.js';
import { writeCheckReports } from '../files/write-reports.js';
import { renderTextIssues, renderTextReport } from '../report/text.js';
import { VERSION } from '../version.js';
import { renderJsonSchema } from '../model/json-schema.js';
import { STARTER_MANIFEST } from './starter.js';
import { renderPolicyJsonSchema } from '../policy/json-schema.js';
import { STARTER_POLICY } from '../policy/starter.js';
import { loadCliPolicy } from './policy.js';
import { currentTime, githubRun, maxManifestBytes } from '../environment.js';
import { checkFlags, parseCommandLine, type FlagSpec, type FlagValues } from './args.js';
import { USAGE, usageHint } from './help.js';
import { EXIT } from './exit.js';

const FLAGS: Readonly<Record<string, FlagSpec>> = {
  'run-status': { type: 'string' },
  'require-evidence': { type: 'boolean' },
  attestations: { type: 'boolean' },
  'report-dir': { type: 'string' },
  'no-fail': { type: 'boolean' },
  format: { type: 'string' },
  json: { type: 'boolean' },
  workspace: { type: 'string' },
  'max-manifest-bytes': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
  force: { type: 'boolean' },
  policy: { type: 'string' },
  'policy-ref': { type: 'string' },
};

const COMMANDS = 'check, validate, schema, init, serve or export';

interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  color: boolean;
  now: () => string;
}

/** Runs the CLI; returns the exit code. Never throws. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  let json = false;
  // serve and export have options of their own; the parser below would refuse them.
  if (argv[0] === 'serve' || argv[0] === 'export') {
    const { serveCommand, exportCommand } = await import('./serve.js');
    return argv[0] === 'serve' ? serveCommand(argv.slice(1), io) : exportCommand(argv.slice(1), io);
  }
  try {
    // For schema and init, --policy is a switch (the policy's schema, a starter policy file);
    // for check it names the policy file.
    const firstWord = argv.find((arg) => !arg.startsWith('-'));
    const policyWanted = (firstWord === 'schema' || firstWord === 'init') && argv.includes('--policy');
    const { values, positionals } = parseCommandLine(policyWanted ? argv.filter((arg) => arg !== '--policy') : argv, FLAGS);
    json = values.json === true || values.format === 'json';
    if (values.version === true) {
      io.out(VERSION);
      return EXIT.ok;
    }
    const [command, ...manifests] = positionals;
    if (values.help === true || command === 'help') {
      io.out(USAGE);
      return EXIT.ok;
    }
    if (command === undefined) {
      // Nothing asked: the help, on stderr, and not a success (a script that lost its arguments).
      io.err(USAGE);
      return EXIT.invalid;
    }
    const workspace = typeof values.workspace === 'string' ? values.workspace : '.';
    if (command === 'schema') {
      io.out((policyWanted ? renderPolicyJsonSchema() : renderJsonSchema()).trimEnd());
      return EXIT.ok;
    }
    if (command === 'init') return await init(workspace, manifests, values.force === true, io, policyWanted ? 'policy' : 'manifest');
    if (command !== 'check' && command !== 'validate') {
      const near = closest(command, ['check', 'validate', 'schema', 'init', 'serve', 'export']);
      throw new UsageError(`unknown command '${command}' (${near ? `did you mean '${near}'? ` : ''}expected ${COMMANDS})`);
    }
    const flags = checkFlags(values);
    json = flags.format === 'json';
    const loadOptions = {
      workspace,
      patterns: manifests.length > 0 ? manifests : ['maestro.yml'],
      githubRun: githubRun(),
      maxManifestBytes: flags.maxManifestBytes ?? maxManifestBytes(),
    };
    if (command === 'validate') {
      if (flags.format !== 'text' && flags.format !== 'json') throw new UsageError(`validate prints text or json, not ${flags.format}`);
      return await validate(loadOptions, json, io);
    }

    const now = io.now();
    const trustedPolicy = await loadCliPolicy(workspace, stringFlag(values.policy), stringFlag(values['policy-ref']));
    const result = await checkManifests({
      ...loadOptions,
      trustedPolicy,
      runStatus: flags.runStatus,
      // Absent means "as the manifest or policy says": false here would switch a manifest's own
      // require_evidence off (the Action's input is likewise unset unless given).
      requireEvidence: values['require-evidence'] === true ? true : undefined,
      now,
      attestations: cliAttestations(values.attestations === true, io.err),
    });
    const advisory = values['no-fail'] === true;
    const documents = result.runs.map(buildRunDocuments);
    const written = await writeCheckReports(workspace, flags.reportDir, result, documents, { version: VERSION, timeVerified: now, advisory });
    const outcome = result.passed ? 'passed' : 'failed';
    if (flags.format === 'json') {
      io.out(
        JSON.stringify(
          {
            outcome,
            passed: result.passed,
            advisory,
            report_dir: written.reportDir,
            runs: documents.map((run) => ({ release_gate: run.releaseGate, compliance_report: run.complianceReport })),
          },
          null,
          2,
        ),
      );
    } else if (flags.format === 'sarif') {
      io.out(JSON.stringify(renderSarif(result, { version: VERSION }), null, 2));
    } else if (flags.format === 'markdown') {
      io.out(renderSummary(result, { outcome, advisory, reportDir: flags.reportDir }).trimEnd());
    } else {
      io.out(renderTextReport(result, { color: io.color, advisory }));
      io.out(`Report written to ${escapeLogText(written.reportDir)}`);
    }
    if (result.passed || advisory) return EXIT.ok;
    return EXIT.failed;
  } catch (error) {
    return reportCliError(error, json, io);
  }
}

const stringFlag = (value: FlagValues[string]): string | undefined => (typeof value === 'string' ? value : undefined);

async function init(workspace: string, paths: readonly string[], force: boolean, io: Io, what: 'manifest' | 'policy'): Promise<number> {
  if (paths.length > 1) throw new UsageError(`init writes one ${what === 'policy' ? 'policy file' : 'manifest'}; give at most one path`);
  const fallback = what === 'policy' ? '.github/maestro-policy.yml' : 'maestro.yml';
  const target = path.resolve(workspace, paths[0] ?? fallback);
  try {
    if (what === 'policy') await mkdir(path.dirname(target), { recursive: true });
    // 'wx' refuses to replace a file someone already wrote, unless asked to.
    await writeFile(target, what === 'policy' ? STARTER_POLICY : STARTER_MANIFEST, { flag: force ? 'w' : 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new InputError(`${paths[0] ?? fallback} already exists; pass --force to overwrite it`);
    throw new InputError(`cannot write ${target} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  const next = what === 'policy' ? `maestro-gate check --policy ${paths[0] ?? fallback}` : `maestro-gate validate ${paths[0] ?? ''}`;
  io.out(`Wrote ${escapeLogText(target)}. Edit it, then run: ${escapeLogText(next.trimEnd())}`);
  return EXIT.ok;
}

async function validate(options: Omit<LoadOptions, 'now'>, json: boolean, io: Io): Promise<number> {
  const { runs } = await loadManifests({ ...options, now: io.now() });
  if (json) {
    const manifests = runs.map((run) => ({ file: run.file, run_id: run.runId, artifacts: run.artifactIds.length }));
    io.out(JSON.stringify({ outcome: 'valid', valid: true, manifests }, null, 2));
    return EXIT.ok;
  }
  for (const run of runs) {
    io.out(`✓ ${escapeLogText(run.file)}: valid (run ${escapeLogText(run.runId)}, ${run.artifactIds.length} artifact(s))`);
  }
  return EXIT.ok;
}

function reportCliError(error: unknown, json: boolean, io: Io): number {
  const { kind, code, issues, message: text } = classifyError(error);
  const message =
    kind === 'manifest'
      ? `invalid manifest: ${text}`
      : kind === 'policy-file'
        ? `invalid policy file: ${text}`
        : kind === 'internal'
            ? // Internal errors keep their stack: the user cannot fix them, but they can report them.
              `internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`
            : text;
  if (json) io.out(JSON.stringify(buildErrorReport(message, code, issues), null, 2));
  else if (issues.length > 0) io.err(renderTextIssues(issues, io.color));
  else if (kind === 'usage') io.err(`maestro-gate: ${escapeLogText(message)}\n${usageHint()}`);
  else io.err(`maestro-gate: ${escapeLogText(message)}`);
  return EXIT.invalid;
}

/**
 * Process wiring: fail closed (exit 2) until main() returns a code. A reader that closes stdout
 * early (`| head -1`) is no crash and no pass: writing stops, stderr says so once, and the exit
 * code is 2 unless the gate had already failed (1), because nobody saw the whole verdict.
 */
export function runCli(): void {
  process.exitCode = EXIT.invalid;
  const color = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
  const stderr = lineWriter(process.stderr, () => undefined);
  const stdout = lineWriter(process.stdout, () => {
    if (process.exitCode === EXIT.ok) process.exitCode = EXIT.invalid;
    stderr('maestro-gate: standard output was closed before everything was printed; the rest was dropped (exit 2 unless the gate failed)');
  });
  void main(process.argv.slice(2), { out: stdout, err: stderr, color, now: () => currentTime() }).then((code) => {
    process.exitCode = stdout.closed && code === EXIT.ok ? EXIT.invalid : code;
  });
}

/** Writes lines to `stream` until it fails (EPIPE, EBADF…); then calls `onClosed` once and drops the rest. */
function lineWriter(stream: NodeJS.WriteStream, onClosed: () => void): ((text: string) => void) & { closed: boolean } {
  const write = Object.assign(
    (text: string): void => {
      if (!write.closed) stream.write(`${text}\n`);
    },
    { closed: false },
  );
  stream.on('error', () => {
    if (write.closed) return;
    write.closed = true;
    onClosed();
  });
  return write;
}
