/**
 * The CLI's `--policy-ref`: the policy as committed in a real temporary git repository, never
 * the work tree, with the blob sha git itself reports and the same caps and errors as the API.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadPolicyFromGit, PolicyReadCode, PolicyReadError, readGitFile, type GitFileLocation } from '../../src/deliver/policy.js';
import { POLICY_FILE_ROLE } from '../../src/deliver/policy-errors.js';

const PATH = '.github/maestro-policy.yml';
const COMMITTED = 'require_evidence: true\ntrusted_keys: [keys/release.pub]\n';
let repo: string;
let base: string;

const git = (...args: string[]): string =>
  execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd: repo, encoding: 'utf8' }).trim();
const write = async (relative: string, content: string | Buffer): Promise<void> => {
  await mkdir(path.dirname(path.join(repo, relative)), { recursive: true });
  await writeFile(path.join(repo, relative), content);
};

beforeEach(async () => {
  repo = await realpath(await mkdtemp(path.join(tmpdir(), 'maestro-policy-git-')));
  git('init', '-q', '-b', 'main');
  await write(PATH, COMMITTED);
  await write('keys/release.pub', 'PEM KEY v1');
  git('add', '.');
  git('commit', '-q', '-m', 'policy');
  base = git('rev-parse', 'HEAD');
  // The pull request's changes, in the work tree and in a later commit: neither is read at `base`.
  await write(PATH, 'manifest_waivers: [sbom_present]\n');
  await write('keys/release.pub', 'PEM KEY forged');
});
afterEach(async () => {
  await rm(repo, { recursive: true, force: true });
});

const location = (overrides: Partial<GitFileLocation> = {}): GitFileLocation => ({ cwd: repo, ref: base, path: PATH, maxBytes: 1024 * 1024, ...overrides });

async function readError(overrides: Partial<GitFileLocation> = {}): Promise<PolicyReadError> {
  const error: unknown = await readGitFile(location(overrides), POLICY_FILE_ROLE).then(
    () => expect.fail('the read succeeded'),
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof PolicyReadError)) throw error;
  return error;
}

describe('readGitFile', () => {
  it('reads the committed bytes, not the work tree, with the blob sha git reports', async () => {
    const file = await readGitFile(location(), POLICY_FILE_ROLE);
    expect(file.bytes.toString()).toBe(COMMITTED);
    expect(file.blob_sha).toBe(git('rev-parse', `${base}:${PATH}`));
    expect(file.sha256).toBe(createHash('sha256').update(COMMITTED).digest('hex'));
  });

  it('reads at any ref git knows: a branch name, and a later commit with other bytes', async () => {
    git('commit', '-q', '-am', 'pull request');
    expect((await readGitFile(location({ ref: 'main' }), POLICY_FILE_ROLE)).bytes.toString()).toBe('manifest_waivers: [sbom_present]\n');
    expect((await readGitFile(location({ ref: base }), POLICY_FILE_ROLE)).bytes.toString()).toBe(COMMITTED);
  });

  it('works from a subfolder of the repository, with paths from its top', async () => {
    await mkdir(path.join(repo, 'sub'), { recursive: true });
    expect((await readGitFile(location({ cwd: path.join(repo, 'sub') }), POLICY_FILE_ROLE)).bytes.toString()).toBe(COMMITTED);
  });

  it('a ref that is not in the repository names policy-ref and how to fetch it', async () => {
    const error = await readError({ ref: 'no-such-branch' });
    expect([error.code, error.input]).toEqual([PolicyReadCode.RefNotFound, 'policy-ref']);
    expect(error.message).toMatch(/the ref 'no-such-branch' is not a commit in this repository; fetch it \(git fetch origin no-such-branch\)/);
  });

  it('a file that is not in that commit names policy', async () => {
    await write('new-policy.yml', '{}\n');
    const error = await readError({ path: 'new-policy.yml' });
    expect([error.code, error.input]).toEqual([PolicyReadCode.NotFound, 'policy']);
    expect(error.message).toBe(`policy file new-policy.yml at ${base} was not found: no such file in that commit; check the path (policy) and policy-ref`);
  });

  it('a directory is not a policy file', async () => {
    expect((await readError({ path: '.github' })).message).toMatch(/\.github at [0-9a-f]+ is a directory, not a file/);
  });

  it('a blob over the cap is refused before it is read', async () => {
    const error = await readError({ maxBytes: 10 });
    expect(error.code).toBe(PolicyReadCode.TooLarge);
    expect(error.message).toMatch(new RegExp(`is ${COMMITTED.length} bytes, over the limit of 10 bytes`));
  });

  it('outside a repository, the error says so', async () => {
    const outside = await realpath(await mkdtemp(path.join(tmpdir(), 'maestro-not-git-')));
    try {
      const error = await readError({ cwd: outside });
      expect(error.code).toBe(PolicyReadCode.GitFailed);
      expect(error.message).toMatch(/is not inside a git repository/);
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  it.each([['--output=/tmp/x'], ['-h'], ['HEAD:other'], ['main branch'], ['']])('ref %o is refused before git runs', async (ref) => {
    expect((await readError({ ref })).code).toBe(PolicyReadCode.InvalidInput);
  });

  it.each([['../outside.yml'], ['/etc/passwd'], ['https://example.com/p.yml']])('path %o is refused', async (bad) => {
    const error = await readError({ path: bad });
    expect([error.code, error.input]).toEqual([PolicyReadCode.InvalidInput, 'policy']);
  });
});

describe('loadPolicyFromGit', () => {
  it('parses the committed policy and reads its trust files at the same ref', async () => {
    const loaded = await loadPolicyFromGit({ cwd: repo, path: PATH, ref: base });
    expect(loaded.policy.require_evidence).toBe(true);
    expect(loaded.source).toEqual({ kind: 'local-file', path: PATH, ref: base, blob_sha: git('rev-parse', `${base}:${PATH}`), sha256: createHash('sha256').update(COMMITTED).digest('hex') });
    expect(loaded.trustFiles).toHaveLength(1);
    expect(loaded.trustFiles[0]!.bytes.toString()).toBe('PEM KEY v1');
    expect(loaded.trustFiles[0]!.blob_sha).toBe(git('rev-parse', `${base}:keys/release.pub`));
  });

  it('an invalid committed policy is a located error, whatever the work tree holds', async () => {
    await write(PATH, 'require_evidence: maybe\n');
    git('commit', '-q', '-am', 'broken');
    await write(PATH, '{}\n');
    await expect(loadPolicyFromGit({ cwd: repo, path: PATH, ref: 'HEAD' })).rejects.toThrow(`${PATH}:1:19 require_evidence: expected boolean, got string 'maybe'`);
  });
});
