/**
 * The CLI's entry: `maestro-gate check|validate [MANIFEST…]`. It parses argv and calls the
 * same core as the Action. Exit codes: 0 pass, 1 gate failed, 2 invalid input, usage or any
 * other error. Like the Action it fails closed: the code is 2 until a verdict is reached.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { checkManifests } from '../core/check.js';
import { cliAttestations } from './attestations.js';
import { classifyError, InputError, UsageError } from '../errors.js';
import { loadManifests, type LoadOptions } from '../manifest/load.js';
import { RUN_STATUS_VALUES, toRunStatus } from '../model/run-status.js';
import { escapeLogText } from '../report/escape.js';
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

export const EXIT = { pass: 0, gateFailed: 1, invalid: 2 } as const;

const USAGE = `Usage: maestro-gate <command> [options] [MANIFEST…]

Commands:
  check [MANIFEST…]     evaluate the release gate and write the report (default manifest: maestro.yml)
  validate [MANIFEST…]  check that manifests are valid, without gating
  schema                print the manifest's JSON Schema (--policy: the policy file's)
  init [PATH]           write a commented starter manifest (default: maestro.yml; --force overwrites;
                        init --policy [PATH]: a starter policy file, default .github/maestro-policy.yml)
  serve [MANIFEST…]     serve the Maestro REST API over the same store (see: maestro-gate serve --help)
  export RUN_ID         print a run built over the API as a maestro.yml (see: maestro-gate export --help)

Options for check:
  --run-status STATUS   override run.status (${RUN_STATUS_VALUES.join(', ')})
  --require-evidence    count a flag only when its evidence verifies
  --attestations        let verified GitHub attestations back the evidence flags (GITHUB_REPOSITORY, GITHUB_TOKEN)
  --report-dir DIR      where to write the report (default: maestro-report)
  --no-fail             advisory: exit 0 even when the gate fails
  --json                print the result as JSON instead of text
  --policy FILE         judge by this trusted policy file; the manifest may only tighten it
  --policy-ref REF      read --policy as committed at REF in the local git repository (git show
                        REF:FILE), so uncommitted or branch edits to it have no effect
Options for init:
  --force               overwrite an existing file
Common options:
  --workspace DIR       folder that manifest and artifact paths are relative to (default: .)
  --max-manifest-bytes N  refuse manifests larger than N bytes (default: 67108864, 64 MiB)
  -h, --help            show this help
  --version             show the version

MANIFEST may be a path or a glob; a leading ! excludes. Exit codes: 0 pass, 1 gate failed, 2 invalid input or error.`;

interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  color: boolean;
  now: () => string;
}

/** Runs the CLI; returns the exit code. Never throws. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  let json = false;
  // serve and export have options of their own; the strict parser below would refuse them.
  if (argv[0] === 'serve' || argv[0] === 'export') {
    const { serveCommand, exportCommand } = await import('./serve.js');
    return argv[0] === 'serve' ? serveCommand(argv.slice(1), io) : exportCommand(argv.slice(1), io);
  }
  try {
    // For schema and init, --policy is a switch (the policy's schema, a starter policy file);
    // for check it names the policy file.
    const firstWord = argv.find((arg) => !arg.startsWith('-'));
    const policyWanted = (firstWord === 'schema' || firstWord === 'init') && argv.includes('--policy');
    const { values, positionals } = parseArgs({
      args: policyWanted ? argv.filter((arg) => arg !== '--policy') : [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        'run-status': { type: 'string' },
        'require-evidence': { type: 'boolean' },
        attestations: { type: 'boolean', default: false },
        'report-dir': { type: 'string', default: 'maestro-report' },
        'no-fail': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        workspace: { type: 'string', default: '.' },
        'max-manifest-bytes': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', default: false },
        force: { type: 'boolean', default: false },
        policy: { type: 'string' },
        'policy-ref': { type: 'string' },
      },
    });
    json = values.json;
    if (values.version) {
      io.out(VERSION);
      return EXIT.pass;
    }
    const [command, ...manifests] = positionals;
    if (values.help || command === 'help') {
      io.out(USAGE);
      return EXIT.pass;
    }
    if (command === undefined) throw new UsageError('a command is required (check, validate, schema, init, serve or export)');
    if (command === 'schema') {
      io.out((policyWanted ? renderPolicyJsonSchema() : renderJsonSchema()).trimEnd());
      return EXIT.pass;
    }
    if (command === 'init') return await init(values.workspace, manifests, values.force, io, policyWanted ? 'policy' : 'manifest');
    const workspace = values.workspace;
    const loadOptions = {
      workspace,
      patterns: manifests.length > 0 ? manifests : ['maestro.yml'],
      githubRun: githubRun(),
      maxManifestBytes: parseByteCount(values['max-manifest-bytes']) ?? maxManifestBytes(),
    };
    if (command === 'validate') return await validate(loadOptions, io);
    if (command !== 'check') throw new UsageError(`unknown command '${command}' (expected check, validate, schema, init, serve or export)`);

    const runStatusFlag = values['run-status'];
    const runStatus = runStatusFlag === undefined ? undefined : toRunStatus(runStatusFlag);
    if (runStatusFlag !== undefined && runStatus === undefined) {
      throw new InputError(`--run-status: '${runStatusFlag}' is not one of ${RUN_STATUS_VALUES.join(', ')}`);
    }
    const now = io.now();
    const trustedPolicy = await loadCliPolicy(workspace, values.policy, values['policy-ref']);
    const result = await checkManifests({
      ...loadOptions,
      trustedPolicy,
      runStatus,
      requireEvidence: values['require-evidence'],
      now,
      attestations: cliAttestations(values.attestations, io.err),
    });
    const advisory = values['no-fail'];
    const documents = result.runs.map(buildRunDocuments);
    const written = await writeCheckReports(workspace, values['report-dir'], result, documents, { version: VERSION, timeVerified: now, advisory });
    const outcome = result.passed ? 'passed' : 'failed';
    if (json) {
      io.out(
        JSON.stringify(
          {
            outcome,
            passed: result.passed,
            report_dir: written.reportDir,
            runs: documents.map((run) => ({ release_gate: run.releaseGate, compliance_report: run.complianceReport })),
          },
          null,
          2,
        ),
      );
    } else {
      io.out(renderTextReport(result, { color: io.color }));
      io.out(`Report written to ${escapeLogText(written.reportDir)}`);
    }
    if (result.passed || advisory) return EXIT.pass;
    return EXIT.gateFailed;
  } catch (error) {
    return reportCliError(error, json, io);
  }
}

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
  return EXIT.pass;
}

function parseByteCount(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new InputError(`--max-manifest-bytes: '${value}' is not a positive whole number`);
  return Number(value);
}

async function validate(options: Omit<LoadOptions, 'now'>, io: Io): Promise<number> {
  const { runs } = await loadManifests({ ...options, now: io.now() });
  for (const run of runs) {
    io.out(`✓ ${escapeLogText(run.file)}: valid (run ${escapeLogText(run.runId)}, ${run.artifactIds.length} artifact(s))`);
  }
  return EXIT.pass;
}

function reportCliError(error: unknown, json: boolean, io: Io): number {
  const { kind, code, issues, message: text } = classifyError(error);
  const message =
    kind === 'manifest'
      ? `invalid manifest: ${text}`
      : kind === 'policy-file'
        ? `invalid policy file: ${text}`
        : kind === 'usage'
          ? `${text}\n\n${USAGE}`
          : kind === 'internal'
            ? // Internal errors keep their stack: the user cannot fix them, but they can report them.
              `internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`
            : text;
  if (json) io.out(JSON.stringify(buildErrorReport(message, code, issues), null, 2));
  else if (issues.length > 0) io.err(renderTextIssues(issues, io.color));
  else io.err(`maestro-gate: ${escapeLogText(message)}`);
  return EXIT.invalid;
}

/** The command line itself is wrong: the message is followed by the usage text. */


/** Process wiring: fail closed (exit 2) until main() returns a code. */
export function runCli(): void {
  process.exitCode = EXIT.invalid;
  const color = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
  void main(process.argv.slice(2), {
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    color,
    now: () => currentTime(),
  }).then((code) => {
    process.exitCode = code;
  });
}
