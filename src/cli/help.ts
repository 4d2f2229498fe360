/**
 * The CLI's help. It is our own text, written to the terminal as it is: only what a user typed
 * and the CLI echoes back (an unknown option, a bad value) goes through the log escaper.
 * The README's copy is checked against `maestro-gate --help` (scripts/readme-cli-help.mjs).
 */
import { RUN_STATUS_VALUES } from '../model/run-status.js';
import { OUTPUT_FORMATS } from './args.js';

export const USAGE = `Usage: maestro-gate <command> [options] [MANIFEST…]

Commands:
  check [MANIFEST…]     evaluate the release gate and write the report (default manifest: maestro.yml)
  validate [MANIFEST…]  check that manifests are valid, without gating
  schema                print the manifest's JSON Schema (--policy: the policy file's)
  init [PATH]           write a commented starter manifest (default: maestro.yml; --force overwrites;
                        init --policy [PATH]: a starter policy file, default .github/maestro-policy.yml)
  serve [MANIFEST…]     serve the Maestro REST API over the same store (see: maestro-gate serve --help)
  export RUN_ID         print a run built over the API as a maestro.yml (see: maestro-gate export --help)

Options for check:
  --run-status STATUS   override run.status: ${RUN_STATUS_VALUES.join(', ')}
  --require-evidence    count a flag only when its evidence verifies
  --attestations        let verified GitHub attestations back the evidence flags (GITHUB_REPOSITORY, GITHUB_TOKEN)
  --report-dir DIR      where to write the report (default: maestro-report)
  --no-fail             advisory: exit 0 even when the gate fails (the report says so)
  --format FORMAT       what to print: ${OUTPUT_FORMATS.join(', ')} (default: text); markdown is the
                        job summary, sarif the findings for code scanning (SARIF 2.1.0)
  --json                the same as --format json (validate --json: the result as JSON)
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

MANIFEST may be a path or a glob; a leading ! excludes.
Exit codes: 0 pass, 1 gate failed, 2 invalid input, usage or any other error (also when
standard output closes before everything is written and the gate had not failed).`;

/** The line after a usage error: short, so the error stays on screen; the help is one flag away. */
export function usageHint(command?: 'serve' | 'export'): string {
  const name = command === undefined ? 'maestro-gate' : `maestro-gate ${command}`;
  const synopsis = command === undefined ? '<command> [options] [MANIFEST…]' : command === 'serve' ? '[options] [MANIFEST…]' : 'RUN_ID [--url URL]';
  return `Usage: ${name} ${synopsis} (${name} --help lists the ${command === undefined ? 'commands and options' : 'options'})`;
}
