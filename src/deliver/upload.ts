/**
 * Uploads the report folder as a workflow artifact, so an auditor can download exactly what the
 * gate decided on. Delivery is best effort: `uploadReport` never throws and never decides the
 * verdict; the caller turns `skipped` into a notice and `failed` into a warning.
 */
import { lstat, open, readdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import { isInside } from '../files/locations.js';
import { describeError } from './reason.js';

/**
 * Long enough for a large report on a slow runner, short enough that a hung results service
 * ends in a warning rather than in the Action's watchdog (which fails the job). The library has
 * no overall timeout of its own: its HTTP client sets no socket timeout.
 */
export const DEFAULT_UPLOAD_TIMEOUT_MS = 5 * 60 * 1000;

/** What the runner says about itself (the Action's `RunnerContext`), read once by the shell. */
export interface UploadRunner {
  /** `ACTIONS_RUNTIME_TOKEN` and `ACTIONS_RESULTS_URL` are set: the artifact service is reachable. */
  artifactRuntime: boolean;
  /** `GITHUB_SERVER_URL`, when set. */
  serverUrl: string | undefined;
  /** The workflow run's page; an uploaded artifact's page is below it. */
  runUrl: string | undefined;
}

export interface UploadOptions {
  runner: UploadRunner;
  /** The artifact's name (`report-artifact-name`); the library refuses `/ \ " : < > | * ?` and line breaks. */
  name: string;
  /** The folder to upload; it becomes the root of the zip. */
  reportDir: string;
  /** Files to upload, absolute or relative to `reportDir` and inside it; default: every regular file under it. */
  files?: string[];
  /** Days to keep the artifact; the repository's setting caps it. Default: the repository's setting. */
  retentionDays?: number;
  /** Overall time allowed; defaults to `DEFAULT_UPLOAD_TIMEOUT_MS`. */
  timeoutMs?: number;
}

export type UploadResult =
  | {
      status: 'uploaded';
      id: number;
      /** The artifact's page; undefined only when the runner's `GITHUB_*` variables are missing. */
      url: string | undefined;
      /** Bytes of the uploaded zip. */
      size: number;
      /** `sha256:<hex>` of the uploaded zip, as the library computed it while sending it. */
      digest: string | undefined;
      fileCount: number;
    }
  | { status: 'skipped'; reason: string }
  | { status: 'failed'; reason: string };

/**
 * Zips `reportDir` (or `files` of it) and uploads it with `@actions/artifact`. Outside the
 * Actions runtime (no `ACTIONS_RUNTIME_TOKEN` or `ACTIONS_RESULTS_URL`) and on GitHub Enterprise
 * Server, which that library does not support, the result is `skipped`; anything that goes wrong
 * is `failed` with a one-line reason that may contain file and artifact names (escape it before
 * logging). Symlinks and other non-regular files are never uploaded, so nothing outside the folder
 * can leak into the artifact. Never throws, and settles within `timeoutMs`.
 */
export async function uploadReport(options: UploadOptions): Promise<UploadResult> {
  try {
    return await upload(options);
  } catch (error) {
    return { status: 'failed', reason: `the report could not be uploaded: ${describeUploadError(error)}` };
  }
}

async function upload(options: UploadOptions): Promise<UploadResult> {
  const { runner } = options;
  if (!runner.artifactRuntime) {
    return { status: 'skipped', reason: 'not running inside GitHub Actions (ACTIONS_RUNTIME_TOKEN and ACTIONS_RESULTS_URL are not set)' };
  }
  if (isEnterpriseServer(runner.serverUrl)) {
    return { status: 'skipped', reason: 'GitHub Enterprise Server does not support artifact uploads from @actions/artifact v2 and later' };
  }
  const root = await realpath(options.reportDir).catch((error: NodeJS.ErrnoException) => {
    throw new Error(`the report folder ${options.reportDir} cannot be read (${error.code ?? describeError(error)})`);
  });
  const files = options.files === undefined ? await regularFilesUnder(root) : await checkedFiles(root, options.files);
  if (files.length === 0) return { status: 'failed', reason: `the report folder ${options.reportDir} holds no files to upload` };
  // The library zips with archiver and rethrows its read errors from an event listener: an
  // uncaught exception, which fails the whole job. Opening each file first turns the likely case
  // (a file we may not read) into a plain failure.
  for (const file of files) await (await open(file, 'r')).close();

  // Loaded here so that runs that upload nothing do not load (or parse) the zip and Azure stacks.
  const { DefaultArtifactClient } = await import('@actions/artifact');
  const client = new DefaultArtifactClient();
  const retention = options.retentionDays === undefined ? {} : { retentionDays: options.retentionDays };
  const uploading = client.uploadArtifact(options.name, files, root, retention);
  const response = await withTimeout(uploading, options.timeoutMs ?? DEFAULT_UPLOAD_TIMEOUT_MS);
  if (response.id === undefined) return { status: 'failed', reason: 'the artifact service did not return an artifact id' };
  const digest = response.digest ? `sha256:${response.digest}` : undefined;
  return { status: 'uploaded', id: response.id, url: runner.runUrl === undefined ? undefined : `${runner.runUrl}/artifacts/${response.id}`, size: response.size ?? 0, digest, fileCount: files.length };
}

/**
 * The library refuses GitHub Enterprise Server with an error and a warning of its own; the same
 * test as its `isGhes()` (github.com, *.ghe.com and *.localhost are supported) lets us skip quietly.
 */
function isEnterpriseServer(serverUrl: string | undefined): boolean {
  let hostname: string;
  try {
    hostname = new URL(serverUrl || 'https://github.com').hostname.toUpperCase();
  } catch {
    return false;
  }
  return hostname !== 'GITHUB.COM' && !hostname.endsWith('.GHE.COM') && !hostname.endsWith('.LOCALHOST');
}

/** Every regular file under `root`, sorted; symlinks (to files or folders) are not followed. */
async function regularFilesUnder(root: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (folder: string): Promise<void> => {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile()) found.push(full);
    }
  };
  await walk(root);
  return found.sort();
}

/** `files`, resolved against `root`; each must be a regular file inside it. */
async function checkedFiles(root: string, files: readonly string[]): Promise<string[]> {
  const checked: string[] = [];
  for (const file of files) {
    const absolute = path.resolve(root, file);
    // The shared relative-path check: a prefix test misjudges names such as `..release.json`.
    if (absolute === root || !isInside(root, absolute)) throw new Error(`${file} is not inside the report folder`);
    const stats = await lstat(absolute);
    if (!stats.isFile()) throw new Error(`${file} is not a regular file`);
    checked.push(absolute);
  }
  return checked;
}

async function withTimeout<T>(pending: Promise<T>, timeoutMs: number): Promise<T> {
  // Once the timeout wins, a later rejection must not surface as an unhandled rejection, which
  // the Action treats as a crash.
  pending.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from the artifact service within ${timeoutMs / 1000} s`)), timeoutMs);
  });
  try {
    return await Promise.race([pending, expired]);
  } finally {
    clearTimeout(timer);
  }
}

/** Azure's errors say what failed ("Server failed to authenticate the request.") but not where: add the status and code. */
function describeUploadError(error: unknown): string {
  const described = describeError(error);
  const { statusCode, code } = (typeof error === 'object' && error !== null ? error : {}) as { statusCode?: unknown; code?: unknown };
  if (typeof statusCode !== 'number') return described;
  return `blob storage answered ${statusCode}${typeof code === 'string' ? ` ${code}` : ''}: ${described}`;
}
