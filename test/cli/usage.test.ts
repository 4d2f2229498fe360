/**
 * What a user meets at the terminal when the command line is wrong, when output goes through a
 * pipe that closes early, and under a real pseudo-terminal: the bundled CLI, spawned, with its
 * stdout, stderr and exit code as they arrive.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { BUNDLE_NODE, CLI_ENTRY, ROOT, runAction, runCli, withExamples } from '../helpers/runner.js';
import { useWorkspaces } from '../helpers/workspace.js';

const newWorkspace = useWorkspaces();
const exampleWorkspace = async (): Promise<string> => withExamples(await newWorkspace());

const HINT = 'Usage: maestro-gate <command> [options] [MANIFEST…] (maestro-gate --help lists the commands and options)';

describe('usage errors: one readable line, then where the help is', () => {
  test.each([
    [['check', '--bogus'], "maestro-gate: unknown option '--bogus'"],
    [['check', '--formt', 'json'], "maestro-gate: unknown option '--formt' (did you mean '--format'?)"],
    [['chek'], "maestro-gate: unknown command 'chek' (did you mean 'check'? expected check, validate, schema, init, serve or export)"],
    [['check', '--report-dir'], 'maestro-gate: option --report-dir needs a value: --report-dir VALUE'],
    [['check', '--report-dir', '--json'], "maestro-gate: option --report-dir needs a value, and '--json' looks like an option (write --report-dir=--json if it is the value)"],
    [['check', '--no-fail=yes'], "maestro-gate: option --no-fail takes no value (got 'yes')"],
    [['check', '--format', 'xml'], "maestro-gate: --format: 'xml' is not one of text, json, markdown, sarif"],
    [['check', '--max-manifest-bytes', '1e3'], "maestro-gate: --max-manifest-bytes: '1e3' is not a whole number from 1 up"],
    [['validate', '--format', 'sarif'], 'maestro-gate: validate prints text or json, not sarif'],
  ])('%j', async (args, line) => {
    const result = await runCli(args, await exampleWorkspace());
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`${line}\n${HINT}\n`);
  });

  test('with --json, a usage error is the JSON error report on stdout', async () => {
    const result = await runCli(['check', '--json', '--format', 'sarif'], await exampleWorkspace());
    expect(result.code).toBe(2);
    const message = '--json is --format json; it cannot go with --format sarif';
    expect(JSON.parse(result.stdout)).toEqual({ outcome: 'error', passed: false, message, errors: [{ code: 'INVALID_INPUT', message }] });
  });

  test('a token the user typed is escaped when echoed back', async () => {
    const result = await runCli(['check', '--\u001b[2Jx\u202e'], await exampleWorkspace());
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe("maestro-gate: unknown option '--\\u001b[2Jx\\u202e'");
  });

  test('--run-status refuses what the Action refuses, in the same words', async () => {
    const workspace = await exampleWorkspace();
    const cli = await runCli(['check', '--run-status', 'done', 'examples/passing/maestro.yml'], workspace);
    const action = await runAction({ workspace, inputs: { manifest: 'examples/passing/maestro.yml', 'run-status': 'done' } });
    expect(cli.code).toBe(2);
    expect(action.code).not.toBe(0);
    const reason = "'done' is not one of pending, running, succeeded, failed, cancelled, success, failure, skipped";
    expect(cli.stderr.split('\n')[0]).toBe(`maestro-gate: --run-status: ${reason}`);
    expect(action.outputs.message).toContain(`run-status: ${reason}`);
    // Job results are run statuses to both.
    expect((await runCli(['check', '--run-status', 'success', 'examples/failing-status/maestro.yml'], workspace)).code).toBe(0);
  });

  test('no arguments: the whole help, as lines, on stderr, exit 2', async () => {
    const result = await runCli([], await exampleWorkspace());
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    const help = (await runCli(['--help'], await exampleWorkspace())).stdout;
    expect(result.stderr).toBe(help);
    expect(help.split('\n').length).toBeGreaterThan(30);
    expect(help).not.toContain('\\n');
    expect(help).not.toContain('…\n');
    expect(help.trimEnd().endsWith('standard output closes before everything is written and the gate had not failed).')).toBe(true);
  });

  test("the README's copy of --help is the real help", async () => {
    const readme = await readFile(path.join(ROOT, 'README.md'), 'utf8');
    const block = /<!-- cli-help:start -->\n[^\n]*\n```text\n([\s\S]*?)```\n<!-- cli-help:end -->/.exec(readme.replace(/\r\n/g, '\n'));
    expect(block, 'README.md has a cli-help block').not.toBeNull();
    const help = (await runCli(['--help'], await exampleWorkspace())).stdout;
    expect(block![1]).toBe(help);
    const check = spawnSync(process.execPath, ['scripts/readme-cli-help.mjs', '--check'], { cwd: ROOT, encoding: 'utf8' });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  });
});

describe('the verdict words', () => {
  test('--no-fail says the run was advisory', async () => {
    const result = await runCli(['check', '--no-fail', 'examples/failing-status/maestro.yml'], await exampleWorkspace());
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Overall: FAIL (1 of 1 run(s) failed the release gate; advisory: --no-fail, exit 0)');
  });

  test('validate --json prints JSON on success too', async () => {
    const result = await runCli(['validate', '--json', 'examples/passing/maestro.yml', 'examples/failing-status/maestro.yml'], await exampleWorkspace());
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      outcome: 'valid',
      valid: true,
      manifests: [
        { file: 'examples/failing-status/maestro.yml', run_id: 'demo-release-pending', artifacts: 1 },
        { file: 'examples/passing/maestro.yml', run_id: 'demo-release-1-4-2', artifacts: 2 },
      ],
    });
  });

  test('--format markdown prints the summary that compliance-report.md holds', async () => {
    const cwd = await exampleWorkspace();
    const result = await runCli(['check', '--format', 'markdown', 'examples/failing-status/maestro.yml'], cwd);
    expect(result.code).toBe(1);
    expect(`${result.stdout.trimEnd()}\n`).toBe(`${(await readFile(path.join(cwd, 'maestro-report', 'compliance-report.md'), 'utf8')).trimEnd()}\n`);
  });

  test('--json and --format json print the same document', async () => {
    const cwd = await exampleWorkspace();
    const env = { SOURCE_DATE_EPOCH: '1714564800' };
    const a = await runCli(['check', '--json', 'examples/passing/maestro.yml'], cwd, env);
    const b = await runCli(['check', '--format', 'json', 'examples/passing/maestro.yml'], cwd, env);
    expect(a.code).toBe(0);
    expect(JSON.parse(a.stdout)).toEqual(JSON.parse(b.stdout));
    expect(JSON.parse(a.stdout)).toMatchObject({ outcome: 'passed', passed: true, advisory: false });
  });
});

/** Spawns the CLI with its stdout a pipe we close before it writes: every write meets EPIPE. */
async function runWithClosedStdout(args: readonly string[], cwd: string): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(BUNDLE_NODE, [CLI_ENTRY, ...args], { cwd, env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.destroy();
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, stderr };
}

describe('a reader that stops reading (EPIPE)', () => {
  const CLOSED = 'maestro-gate: standard output was closed before everything was printed; the rest was dropped (exit 2 unless the gate failed)\n';

  test.each([
    [['check', 'examples/passing/maestro.yml'], 2],
    [['check', '--no-fail', 'examples/failing-status/maestro.yml'], 2],
    [['check', 'examples/failing-status/maestro.yml'], 1],
    [['check', '--format', 'sarif', 'examples/passing/maestro.yml'], 2],
    [['--help'], 2],
  ])('%j: no stack trace, one line on stderr, exit %i (never a pass)', async (args, code) => {
    const cwd = await exampleWorkspace();
    const result = await runWithClosedStdout(args, cwd);
    expect(result.stderr).toBe(CLOSED);
    expect(result.code).toBe(code);
    if (args[0] === 'check') expect(await readFile(path.join(cwd, 'maestro-report', 'verdict.json'), 'utf8')).toContain('"outcome"');
  });

  test('`| head -1` in a shell: the first line arrives, and pipefail sees no pass', async () => {
    const cwd = await exampleWorkspace();
    // `true` exits before the CLI has started, so the CLI's first write meets a closed pipe.
    const script = `set -o pipefail; "${BUNDLE_NODE}" "${CLI_ENTRY}" check examples/passing/maestro.yml | true; echo "exit=$?"; "${BUNDLE_NODE}" "${CLI_ENTRY}" check examples/passing/maestro.yml | head -1`;
    const result = spawnSync('bash', ['-c', script], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' } });
    expect(result.stdout).toBe('exit=2\nPASS demo-release-1-4-2: Release gate passed: 1 compliant artifact(s) found\n');
    expect(result.stderr).not.toMatch(/Error|at .*\.js:\d+/);
  });
});

const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

describe.runIf(hasScript && process.platform === 'linux')('under a pseudo-terminal (script -qec)', () => {
  const underPty = (args: string, cwd: string, env: Record<string, string> = {}): { code: number | null; output: string } => {
    const result = spawnSync('script', ['-qec', `"${BUNDLE_NODE}" "${CLI_ENTRY}" ${args}`, '/dev/null'], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', TERM: 'xterm', ...env } });
    return { code: result.status, output: result.stdout.replace(/\r\n/g, '\n') };
  };

  test('a usage error reads as two lines on the terminal, exit 2', async () => {
    const { code, output } = underPty('check --bogus', await exampleWorkspace());
    expect(code).toBe(2);
    expect(output).toBe(`maestro-gate: unknown option '--bogus'\n${HINT}\n`);
  });

  test('the report is coloured on a terminal, and plain with NO_COLOR', async () => {
    const cwd = await exampleWorkspace();
    const coloured = underPty('check examples/failing-status/maestro.yml', cwd);
    expect(coloured.code).toBe(1);
    expect(coloured.output).toContain('Overall: \u001b[31mFAIL\u001b[0m (1 of 1 run(s) failed the release gate)');
    const plain = underPty('check examples/failing-status/maestro.yml', cwd, { NO_COLOR: '1' });
    expect(plain.output).toContain('Overall: FAIL (1 of 1 run(s) failed the release gate)');
    expect(plain.output).not.toContain('\u001b[');
  });
});
