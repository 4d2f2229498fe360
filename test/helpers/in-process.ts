/**
 * Runs the Action inside the test process through the same entry the bundle and
 * @github/local-action call (`run()` of src/main.ts, imported from src/, so it is the code under
 * test, not a stale build), with what a runner gives a step: the `INPUT_*` and `GITHUB_*`
 * environment of runner.ts, a fresh outputs file and summary file, the workspace as the current
 * folder. It returns what a user sees, as `runAction` does, plus every path the gate asked
 * `fs/promises` about (the same calls test/fixtures/faults/trace-fs.mjs records in a process).
 *
 * A spawn costs ~150 ms of start-up per vector; this costs none, so test/hostile/ runs most
 * vectors here and keeps a sample (at least one per row, and every fault, signal and watchdog
 * vector) through dist/ as a runner runs it. Runs are serialised: they share process.env, the
 * current folder, process.exitCode and stdout, and one outputs file and one summary file. Not for
 * what only a process can show (a preloaded fault, a signal, the watchdog's process.exit).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import fs from 'node:fs/promises';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { run } from '../../src/main.js';
import { runnerEnvironment, whatTheRunnerSees, type ActionOptions, type ActionRun, type RunnerFiles } from './runner.js';

export interface InProcessRun extends ActionRun {
  /** `<call> <path>` for every open, realpath, stat, lstat, readFile and opendir of the run. */
  traced: string[];
}

type InProcessOptions = Omit<ActionOptions, 'nodeArgs' | 'onStart' | 'summaryFile'>;

/** What belongs to one run: only calls made inside its async context are its own. */
interface Capture {
  traced: string[];
  stdout: string;
  stderr: string;
}
const current = new AsyncLocalStorage<Capture>();

const TRACED = ['open', 'realpath', 'stat', 'lstat', 'readFile', 'opendir'] as const;
let traceInstalled = false;
function installTrace(): void {
  if (traceInstalled) return;
  traceInstalled = true;
  const target = fs as unknown as Record<string, (file: unknown, ...rest: unknown[]) => unknown>;
  for (const name of TRACED) {
    const original = target[name]!;
    target[name] = (file: unknown, ...rest: unknown[]) => {
      current.getStore()?.traced.push(`${name} ${String(file)}`);
      return original(file, ...rest);
    };
  }
  // The gate's named imports (`import { open } from 'node:fs/promises'`) see the wrappers too.
  syncBuiltinESMExports();
}

/** Variables a runner sets or the gate reads: none of the test process's may leak into a run. */
const RUNNER_VARIABLE = /^(GITHUB_|INPUT_|RUNNER_|ACTIONS_|MAESTRO_|GIT_|SOURCE_DATE_EPOCH$)/;

let files: Promise<RunnerFiles> | undefined;
/** One outputs file and one summary file for the process (see above), emptied before each run. */
function runnerFiles(): Promise<RunnerFiles> {
  files ??= mkdtemp(path.join(tmpdir(), 'maestro-in-process-')).then((scratch) => ({
    scratch,
    outputFile: path.join(scratch, 'output'),
    summaryFile: path.join(scratch, 'summary.md'),
  }));
  return files;
}

let queue: Promise<unknown> = Promise.resolve();
export function runActionInProcess(options: InProcessOptions): Promise<InProcessRun> {
  const next = queue.then(() => runOnce(options));
  queue = next.catch(() => undefined);
  return next;
}

async function runOnce(options: InProcessOptions): Promise<InProcessRun> {
  installTrace();
  const runner = await runnerFiles();
  await writeFile(runner.outputFile, '');
  await writeFile(runner.summaryFile!, '');
  const savedEnv = { ...process.env };
  const savedCwd = process.cwd();
  const savedExitCode = process.exitCode;
  const capture: Capture = { traced: [], stdout: '', stderr: '' };
  const restoreStreams = captureStreams(capture);
  let code: number;
  try {
    for (const key of Object.keys(process.env)) if (RUNNER_VARIABLE.test(key)) delete process.env[key];
    Object.assign(process.env, runnerEnvironment(options, runner));
    process.chdir(options.workspace);
    process.exitCode = undefined;
    await current.run(capture, run);
    code = Number(process.exitCode ?? 0);
  } finally {
    process.exitCode = savedExitCode;
    process.chdir(savedCwd);
    for (const key of Object.keys(process.env)) if (!(key in savedEnv)) delete process.env[key];
    Object.assign(process.env, savedEnv);
    restoreStreams();
  }
  const seen = await whatTheRunnerSees({ code, signal: null, stdout: capture.stdout, stderr: capture.stderr }, runner);
  return { ...seen, traced: capture.traced };
}

/** stdout and stderr of the run (and only of the run) go to `capture`, as a runner's log. */
function captureStreams(capture: Capture): () => void {
  const streams = [
    [process.stdout, 'stdout'],
    [process.stderr, 'stderr'],
  ] as const;
  const originals = streams.map(([stream]) => stream.write);
  for (const [stream, name] of streams) {
    const original = stream.write;
    stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
      if (current.getStore() !== capture) return (original as (...args: unknown[]) => boolean).call(stream, chunk, ...rest);
      capture[name] += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
      const callback = rest.find((value) => typeof value === 'function') as (() => void) | undefined;
      callback?.();
      return true;
    }) as typeof stream.write;
  }
  return () => streams.forEach(([stream], index) => (stream.write = originals[index]!));
}
