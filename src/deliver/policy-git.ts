/**
 * One file of the local repository at a ref, as committed (the CLI's `--policy-ref`): what
 * `git show REF:PATH` prints for a file, never the work tree. `git` runs through execFile with
 * an argument list (no shell), bounded in time and in output.
 */
import { execFile } from 'node:child_process';
import { classifyLocation } from '../files/locations.js';
import { checkRef, fetched, gitBlobSha, PolicyReadCode, PolicyReadError, type FetchedFile, type FileRole } from './policy-errors.js';
import { DEFAULT_POLICY_TIMEOUT_MS } from './policy-github.js';

export interface GitFileLocation {
  /** A folder inside the repository. */
  cwd: string;
  ref: string;
  /** Path from the repository's top folder. */
  path: string;
  maxBytes: number;
  timeoutMs?: number;
}

interface GitResult {
  ok: boolean;
  stdout: Buffer;
  stderr: string;
  /** The output passed the cap and git was stopped. */
  overflow?: boolean;
}

/**
 * Resolves `REF:PATH` to a blob with `git rev-parse` (its id is the blob sha) and reads it with
 * `git cat-file blob`: the same bytes as `git show REF:PATH`, from plumbing that no textconv
 * driver, pager or diff setting in the repository's config can change. The size is asked first,
 * so an oversized blob is refused unread; the read itself is capped as well.
 */
export async function readGitFile(location: GitFileLocation, role: FileRole): Promise<FetchedFile> {
  checkRef(location.ref);
  const where = classifyLocation(location.path);
  if (where.kind !== 'local') {
    throw new PolicyReadError(PolicyReadCode.InvalidInput, role.input, `${role.label} ${JSON.stringify(location.path)} is not a path in the repository: give a relative path with '/' (no '..', no URI)`);
  }
  const { ref, maxBytes } = location;
  const timeoutMs = location.timeoutMs ?? DEFAULT_POLICY_TIMEOUT_MS;
  const what = `${role.label} ${where.path} at ${ref}`;
  const run = (args: string[], cap = 64 * 1024): Promise<GitResult> => git(location.cwd, args, cap, timeoutMs, what);

  const commit = await run(['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]);
  if (!commit.ok) {
    if (/not a git repository/i.test(commit.stderr)) {
      throw new PolicyReadError(PolicyReadCode.GitFailed, 'policy-ref', `cannot read ${what}: ${location.cwd} is not inside a git repository (policy-ref reads the file as committed; drop it to read the file in the folder)`);
    }
    throw new PolicyReadError(PolicyReadCode.RefNotFound, 'policy-ref', `cannot read ${what}: the ref '${ref}' is not a commit in this repository; fetch it (git fetch origin ${ref}) or give another policy-ref`);
  }
  const object = await run(['rev-parse', '--verify', '--quiet', '--end-of-options', `${commit.stdout.toString('utf8').trim()}:${where.path}`]);
  if (!object.ok) throw new PolicyReadError(PolicyReadCode.NotFound, role.input, `${what} was not found: no such file in that commit; check the path (${role.input}) and policy-ref`);
  const blobSha = object.stdout.toString('utf8').trim();
  const type = (await run(['cat-file', '-t', blobSha])).stdout.toString('utf8').trim();
  if (type !== 'blob') throw new PolicyReadError(PolicyReadCode.NotAFile, role.input, `${what} is ${type === 'tree' ? 'a directory' : `a ${type || 'missing object'}`}, not a file: name the file itself`);
  const size = Number((await run(['cat-file', '-s', blobSha])).stdout.toString('utf8').trim());
  const tooLarge = (): PolicyReadError => new PolicyReadError(PolicyReadCode.TooLarge, role.input, `${what} is ${size} bytes, over the limit of ${maxBytes} bytes: name the right file`);
  if (!Number.isFinite(size) || size > maxBytes) throw tooLarge();
  const content = await run(['cat-file', 'blob', blobSha], maxBytes);
  if (content.overflow) throw tooLarge();
  if (!content.ok) throw new PolicyReadError(PolicyReadCode.GitFailed, role.input, `git could not read ${what}: ${firstLine(content.stderr)}`);
  // The bytes must be the object named: a check that costs one hash and catches a broken pipe.
  if (gitBlobSha(content.stdout, blobSha.length === 64 ? 'sha256' : 'sha1') !== blobSha) {
    throw new PolicyReadError(PolicyReadCode.GitFailed, role.input, `git returned bytes for ${what} that do not hash to ${blobSha}; run again`);
  }
  return fetched(content.stdout, blobSha);
}

function git(cwd: string, args: string[], cap: number, timeoutMs: number, what: string): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      args,
      // GIT_* from the caller could point git at another repository or object store.
      { cwd, encoding: 'buffer', maxBuffer: cap, timeout: timeoutMs, killSignal: 'SIGKILL', windowsHide: true, env: gitEnvironment() },
      (error, stdout, stderr) => {
        const stderrText = stderr.toString('utf8');
        if (error === null) return resolve({ ok: true, stdout, stderr: stderrText });
        const failure = error as NodeJS.ErrnoException & { killed?: boolean; code?: unknown };
        if (failure.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') return resolve({ ok: false, stdout, stderr: stderrText, overflow: true });
        if (failure.code === 'ENOENT') return reject(new PolicyReadError(PolicyReadCode.GitFailed, 'policy-ref', `cannot read ${what}: git is not installed or not on PATH`));
        if (failure.killed) return reject(new PolicyReadError(PolicyReadCode.Timeout, 'policy-ref', `git took longer than ${timeoutMs / 1000} s to read ${what}`));
        if (typeof failure.code === 'string') return reject(new PolicyReadError(PolicyReadCode.GitFailed, 'policy-ref', `cannot run git in ${cwd} to read ${what} (${failure.code})`));
        resolve({ ok: false, stdout, stderr: stderrText });
      },
    );
  });
}

function gitEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('GIT_')) env[name] = value;
  }
  return { ...env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' };
}

function firstLine(text: string): string {
  return (text.split('\n').find((line) => line.trim() !== '') ?? 'no message').trim().slice(0, 300);
}
