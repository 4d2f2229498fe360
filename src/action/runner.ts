/**
 * What the Action says to the runner: inputs, outputs, log lines, annotations, the job summary.
 *
 * This is the part of @actions/core the Action uses, written to the same protocol. Importing
 * @actions/core 3 evaluates @actions/http-client and undici for OIDC tokens the Action never asks
 * for: 43% of the bundle's code and a third of every cold start (issue 12, BENCHMARKS.md). The
 * encoding is @actions/core's, byte for byte; test/action/runner.test.ts holds it to
 * @actions/core itself on the same values. Delivery (upload, comment) still uses @actions/*,
 * loaded only when it runs.
 */
import { randomUUID } from 'node:crypto';
import { access, appendFile, writeFile } from 'node:fs/promises';
import { appendFileSync, constants, existsSync } from 'node:fs';
import { EOL } from 'node:os';

/** Where an annotation points, as @actions/core's AnnotationProperties name it. */
export interface AnnotationProperties {
  title?: string;
  file?: string;
  startLine?: number;
  startColumn?: number;
}

/** The input as the runner hands it over (`INPUT_<NAME>`, hyphens kept), trimmed; '' when unset. */
export function getInput(name: string): string {
  return (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

/** One output, as a `name<<delimiter` block in GITHUB_OUTPUT (or the old stdout command without it). */
export function setOutput(name: string, value: string): void {
  const file = process.env.GITHUB_OUTPUT;
  if (!file) {
    process.stdout.write(EOL);
    issueCommand('set-output', { name }, value);
    return;
  }
  const delimiter = `ghadelimiter_${randomUUID()}`;
  // A value holding the delimiter would end the block early and set outputs of its own.
  if (name.includes(delimiter) || value.includes(delimiter)) throw new Error(`Unexpected input: output ${name} contains the delimiter "${delimiter}"`);
  if (!existsSync(file)) throw new Error(`Missing file at path: ${file}`);
  appendFileSync(file, `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`, { encoding: 'utf8' });
}

export function info(message: string): void {
  process.stdout.write(message + EOL);
}

export function notice(message: string): void {
  issueCommand('notice', {}, message);
}

export function warning(message: string, properties: AnnotationProperties = {}): void {
  issueCommand('warning', commandProperties(properties), message);
}

export function error(message: string, properties: AnnotationProperties = {}): void {
  issueCommand('error', commandProperties(properties), message);
}

/** An error annotation, and the job fails. */
export function setFailed(message: string): void {
  process.exitCode = 1;
  error(message);
}

/**
 * Appends to (or overwrites) the job summary file. Throws, as @actions/core does, when the runner
 * gave none or it cannot be read and written; the caller decides what that costs.
 */
export async function writeSummary(markdown: string, { overwrite }: { overwrite: boolean }): Promise<void> {
  const file = process.env.GITHUB_STEP_SUMMARY;
  if (!file) throw new Error('Unable to find environment variable for $GITHUB_STEP_SUMMARY. Check if your runtime environment supports job summaries.');
  try {
    await access(file, constants.R_OK | constants.W_OK);
  } catch {
    throw new Error(`Unable to access summary file: '${file}'. Check if the file has correct read/write permissions.`);
  }
  const text = markdown + EOL;
  await (overwrite ? writeFile(file, text, { encoding: 'utf8' }) : appendFile(file, text, { encoding: 'utf8' }));
}

function commandProperties(properties: AnnotationProperties): Record<string, string | number | undefined> {
  return { title: properties.title, file: properties.file, line: properties.startLine, col: properties.startColumn };
}

/** `::command key=value,…::message`, with the runner's percent-encoding of both parts. */
function issueCommand(command: string, properties: Record<string, string | number | undefined>, message: string): void {
  const pairs = Object.entries(properties)
    .filter(([, value]) => value !== undefined && value !== '' && value !== 0)
    .map(([key, value]) => `${key}=${escapeProperty(String(value))}`);
  process.stdout.write(`::${command}${pairs.length > 0 ? ` ${pairs.join(',')}` : ''}::${escapeData(message)}${EOL}`);
}

function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
