/**
 * The trusted policy read through the contents API, against a fake on 127.0.0.1 shaped like
 * GitHub's answers: the bytes at the ref asked for, their sha256 and blob sha, and for every way
 * the read can fail a PolicyReadError that names the input to fix and how. Never a fallback.
 */
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManifestError } from '../../src/errors.js';
import {
  defaultPolicyRef,
  loadPolicyFromGitHub,
  PolicyReadCode,
  PolicyReadError,
  RAW_MEDIA_TYPE,
  readGitHubFile,
  type GitHubFileLocation,
  type GitHubPolicyOptions,
} from '../../src/deliver/policy.js';
import { POLICY_FILE_ROLE } from '../../src/deliver/policy-errors.js';
import { blobSha, startFakeContentsApi, type FakeContentsApi } from '../fakes/contents-api.js';

const REPOSITORY = 'octo-org/policies';
const BASE = 'a'.repeat(40);
const HEAD = 'b'.repeat(40);
const PATH = '.github/maestro-policy.yml';
const POLICY = 'require_evidence: true\nmanifest_waivers: [risk_assessment_present]\n';
const MIB = 1024 * 1024;
let api: FakeContentsApi;

beforeEach(async () => {
  api = await startFakeContentsApi();
  api.put(REPOSITORY, BASE, PATH, POLICY);
  // What the pull request wrote: never what is read at the base commit.
  api.put(REPOSITORY, HEAD, PATH, 'waivers: []\nmanifest_waivers: [sbom_present]\n');
});
afterEach(async () => {
  await api.close();
});

function location(overrides: Partial<GitHubFileLocation> = {}): GitHubFileLocation {
  return { apiUrl: api.url, token: 'ghs_fake', repository: REPOSITORY, path: PATH, ref: BASE, maxBytes: MIB, ...overrides };
}

async function readError(overrides: Partial<GitHubFileLocation> = {}): Promise<PolicyReadError> {
  const error: unknown = await readGitHubFile(location(overrides), POLICY_FILE_ROLE).then(
    () => expect.fail('the read succeeded'),
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof PolicyReadError)) throw error;
  return error;
}

const sha256 = (text: string | Buffer): string => createHash('sha256').update(text).digest('hex');

describe('reading a file at a ref', () => {
  it('asks for the raw media type with the token, and returns the bytes at that ref with their digests', async () => {
    const file = await readGitHubFile(location(), POLICY_FILE_ROLE);
    expect(file.bytes.toString('utf8')).toBe(POLICY);
    expect(file.sha256).toBe(sha256(POLICY));
    const request = api.requests.at(-1)!;
    expect(request.path).toBe(`/repos/${REPOSITORY}/contents/${PATH}`);
    expect(request.query.get('ref')).toBe(BASE);
    expect(request.headers.accept).toBe(RAW_MEDIA_TYPE);
    expect(request.headers.authorization).toBe('Bearer ghs_fake');
  });

  it('the blob sha computed from the bytes is the one GitHub sends as the ETag', async () => {
    const file = await readGitHubFile(location(), POLICY_FILE_ROLE);
    expect(file.blob_sha).toBe(blobSha(Buffer.from(POLICY)));
    // `git hash-object` of the same bytes, as a fixed value: the hash is git's, not ours.
    api.put(REPOSITORY, BASE, 'empty.yml', '');
    expect((await readGitHubFile(location({ path: 'empty.yml' }), POLICY_FILE_ROLE)).blob_sha).toBe('e69de29bb2d1d6434b8b29ae775ad8c2e48c5391');
  });

  it('reads the ref asked for: the pull request head has other bytes', async () => {
    expect((await readGitHubFile(location({ ref: HEAD }), POLICY_FILE_ROLE)).bytes.toString()).toMatch(/sbom_present/);
    expect((await readGitHubFile(location({ ref: BASE }), POLICY_FILE_ROLE)).bytes.toString()).toBe(POLICY);
  });

  it("accepts raw bytes under any raw content type ('raw' mode)", async () => {
    api.mode(PATH, 'raw');
    expect((await readGitHubFile(location(), POLICY_FILE_ROLE)).bytes.toString()).toBe(POLICY);
  });

  it("decodes a base64 JSON answer and checks its size and sha ('base64' mode)", async () => {
    api.mode(PATH, 'base64');
    const big = `# ${'x'.repeat(5000)}\n${POLICY}`;
    api.put(REPOSITORY, BASE, PATH, big);
    const file = await readGitHubFile(location(), POLICY_FILE_ROLE);
    expect(file.bytes.toString()).toBe(big);
    expect(file.blob_sha).toBe(blobSha(Buffer.from(big)));
  });

  it('a JSON policy file served raw under a JSON content type is the file, not an API answer', async () => {
    api.fault({ path: `/repos/${REPOSITORY}/contents/policy.json`, status: 200, body: '{"require_evidence": true}' });
    const file = await readGitHubFile(location({ path: 'policy.json' }), POLICY_FILE_ROLE);
    expect(file.bytes.toString()).toBe('{"require_evidence": true}');
  });

  it.each([
    ['a sha that is not the content', { sha: 'c'.repeat(40) }, /does not hash to its sha/],
    ['a size that is not the content', { size: 3 }, /decodes to \d+ bytes where its size says 3/],
    ['no content (a file over the JSON limit)', { encoding: 'none', content: '' }, /encoding is "none", not base64/],
    ['content that is not base64', { content: '!!!!' }, /not valid base64/],
  ])('a base64 answer with %s is refused', async (_name, change, message) => {
    const content = Buffer.from(POLICY);
    api.fault({ path: `/repos/${REPOSITORY}/contents/${PATH}`, status: 200, body: { type: 'file', encoding: 'base64', size: content.length, content: content.toString('base64'), sha: blobSha(content), path: PATH, ...change } });
    const error = await readError();
    expect(error.code).toBe(PolicyReadCode.UnexpectedAnswer);
    expect(error.message).toMatch(message);
  });
});

describe('every failure names the input and the fix', () => {
  it('404: the file or ref is missing, or the repository is private to this token', async () => {
    api.mode(PATH, 'not-found');
    const error = await readError();
    expect([error.code, error.input]).toEqual([PolicyReadCode.NotFound, 'policy']);
    expect(error.message).toBe(
      `policy file ${PATH} in ${REPOSITORY} at ${BASE} was not found (404: Not Found): check the path (policy) and the ref (policy-ref) exist in ${REPOSITORY}; a private repository the token cannot see answers 404 too: give github-token \`contents: read\` on ${REPOSITORY}`,
    );
    expect((await readError({ ref: 'no-such-branch' })).code).toBe(PolicyReadCode.NotFound);
  });

  it('401: the token is invalid', async () => {
    api.mode(PATH, 'unauthorized');
    const error = await readError();
    expect([error.code, error.input]).toEqual([PolicyReadCode.Unauthorized, 'github-token']);
    expect(error.message).toMatch(/Bad credentials.*invalid or expired/);
  });

  it('403: the token needs contents: read, and GitHub\'s reason is quoted', async () => {
    api.mode(PATH, 'forbidden');
    const error = await readError();
    expect([error.code, error.input]).toEqual([PolicyReadCode.Forbidden, 'github-token']);
    expect(error.message).toMatch(/403: Resource not accessible by integration\): give github-token `contents: read` on octo-org\/policies/);
    expect(error.message).not.toMatch(/rate limit/);
  });

  it('403 with the rate limit spent says so, and when it resets', async () => {
    api.mode(PATH, 'rate-limited');
    const error = await readError();
    expect(error.code).toBe(PolicyReadCode.RateLimited);
    expect(error.message).toMatch(/rate limit stops reading .* until 2030-03-17T17:46:40.000Z \(403: API rate limit exceeded/);
  });

  it('5xx: GitHub failed; run again', async () => {
    api.mode(PATH, 'server-error');
    const error = await readError();
    expect(error.code).toBe(PolicyReadCode.ServerError);
    expect(error.message).toMatch(/failed while reading .* \(500: Server Error\): run the job again/);
  });

  it('an answer that never comes ends at the timeout', async () => {
    api.mode(PATH, 'slow');
    const started = Date.now();
    const error = await readError({ timeoutMs: 300 });
    expect(error.code).toBe(PolicyReadCode.Timeout);
    expect(error.message).toMatch(/took longer than 0.3 s/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('a body that stops half way ends at the same timeout', async () => {
    api.mode(PATH, 'stalled');
    const error = await readError({ timeoutMs: 300 });
    expect(error.code).toBe(PolicyReadCode.Timeout);
  });

  it('an endless body is cut at the cap while it streams', async () => {
    api.mode(PATH, 'oversized');
    const error = await readError();
    expect(error.code).toBe(PolicyReadCode.TooLarge);
    expect(error.message).toMatch(/over 1048576 bytes/);
    // Stopped near the cap: far less than the 64 MiB the fake would send.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(api.oversized.sent).toBeLessThan(16 * MIB);
  });

  it('a file whose Content-Length is over the cap is refused unread', async () => {
    api.put(REPOSITORY, BASE, PATH, Buffer.alloc(MIB + 1, 0x20));
    const error = await readError();
    expect(error.code).toBe(PolicyReadCode.TooLarge);
    expect(error.message).toMatch(/is 1048577 bytes, over the limit of 1048576 bytes/);
  });

  it('a directory is not a policy file', async () => {
    api.mode(PATH, 'directory');
    const error = await readError();
    expect([error.code, error.message]).toEqual([PolicyReadCode.NotAFile, `policy file ${PATH} in ${REPOSITORY} at ${BASE} is a directory, not a file: name the file itself (e.g. .github/maestro-policy.yml)`]);
  });

  it('an unreachable API', async () => {
    const closed = api.url;
    await api.close();
    const error = await readError({ apiUrl: closed });
    expect(error.code).toBe(PolicyReadCode.Unreachable);
    expect(error.message).toMatch(/cannot reach http:\/\/127\.0\.0\.1:\d+ to read policy file/);
    api = await startFakeContentsApi();
  });

  it.each([
    [{ repository: 'not-a-repository' }, 'policy-repository'],
    [{ repository: 'a/b/c' }, 'policy-repository'],
    [{ path: '../outside.yml' }, 'policy'],
    [{ path: 'https://evil.example/policy.yml' }, 'policy'],
    [{ ref: '--upload-pack=evil' }, 'policy-ref'],
    [{ ref: 'main:other' }, 'policy-ref'],
    [{ token: '' }, 'github-token'],
  ])('%o is refused before any request, naming %s', async (overrides, input) => {
    const error = await readError(overrides);
    expect([error.code, error.input]).toEqual([PolicyReadCode.InvalidInput, input]);
    expect(api.requests).toHaveLength(0);
  });
});

describe('loadPolicyFromGitHub: the policy and the trust files it names, at one ref', () => {
  const options = (overrides: Partial<GitHubPolicyOptions> = {}): GitHubPolicyOptions => ({ apiUrl: api.url, token: 'ghs_fake', repository: REPOSITORY, path: PATH, ref: BASE, ...overrides });
  const WITH_ANCHORS = 'trusted_keys: [keys/release.pub]\nsigstore_trusted_root: sigstore/root.json\nsigstore_identities: [{ issuer: https://token.actions.githubusercontent.com, subject: w }]\n';

  it('reads the trust files from the policy repository at the policy ref, with their digests', async () => {
    api.put(REPOSITORY, BASE, PATH, WITH_ANCHORS);
    api.put(REPOSITORY, BASE, 'keys/release.pub', 'PEM KEY');
    api.put(REPOSITORY, BASE, 'sigstore/root.json', '{"mediaType":"application/vnd.dev.sigstore.trustedroot+json;version=0.1"}');
    const loaded = await loadPolicyFromGitHub(options({ currentRepository: 'octo-org/app' }));
    expect(loaded.file).toBe(`${REPOSITORY}:${PATH}`);
    expect(loaded.source).toEqual({ kind: 'trusted', repository: REPOSITORY, path: PATH, ref: BASE, blob_sha: blobSha(Buffer.from(WITH_ANCHORS)), sha256: sha256(WITH_ANCHORS) });
    expect(loaded.trustFiles.map((file) => [file.key, file.path, file.sha256])).toEqual([
      ['trusted_keys[0]', 'keys/release.pub', sha256('PEM KEY')],
      ['sigstore_trusted_root', 'sigstore/root.json', sha256('{"mediaType":"application/vnd.dev.sigstore.trustedroot+json;version=0.1"}')],
    ]);
    expect(api.requests.every((request) => request.query.get('ref') === BASE)).toBe(true);
  });

  it('a trust file missing at that ref is an error naming the policy key', async () => {
    api.put(REPOSITORY, BASE, PATH, 'trusted_keys: [keys/release.pub]\n');
    api.put(REPOSITORY, HEAD, 'keys/release.pub', 'only on the head');
    const error = await loadPolicyFromGitHub(options()).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(PolicyReadError);
    expect((error as PolicyReadError).message).toBe(
      `trusted_keys[0] of ${REPOSITORY}:${PATH} keys/release.pub in ${REPOSITORY} at ${BASE} was not found (404: Not Found): check the path (policy) and the ref (policy-ref) exist in ${REPOSITORY}; a private repository the token cannot see answers 404 too: give github-token \`contents: read\` on ${REPOSITORY}`,
    );
  });

  it('a policy that does not validate is a ManifestError naming the policy file and line', async () => {
    api.put(REPOSITORY, BASE, PATH, 'require_evidence: true\nwaivers: nope\n');
    const error = await loadPolicyFromGitHub(options({ currentRepository: REPOSITORY })).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(ManifestError);
    expect((error as ManifestError).message).toBe(`${PATH}:2:10 waivers: expected array, got string 'nope'`);
  });
});

describe('defaultPolicyRef', () => {
  const payload = { pull_request: { number: 7, base: { sha: BASE, ref: 'main' }, head: { sha: HEAD } } };
  it.each(['pull_request', 'pull_request_target', 'pull_request_review', 'pull_request_review_comment'])('%s: the base commit, never the head', (event) => {
    expect(defaultPolicyRef(event, payload)).toBe(BASE);
  });
  it.each(['push', 'workflow_dispatch', 'schedule', 'release'])('%s: undefined (the workspace file)', (event) => {
    expect(defaultPolicyRef(event, payload)).toBeUndefined();
  });
  it('merge_group: the queue’s base commit, or an error without one', () => {
    expect(defaultPolicyRef('merge_group', { merge_group: { base_sha: BASE, head_sha: HEAD } })).toBe(BASE);
    expect(() => defaultPolicyRef('merge_group', { merge_group: {} })).toThrow(/merge_group\.base_sha/);
  });
  it.each(['workflow_run', 'issue_comment', 'repository_dispatch'])('%s may run on pull-request code: policy-ref must be given', (event) => {
    expect(() => defaultPolicyRef(event, payload)).toThrow(/set policy-ref/);
  });
  it.each([[undefined], [{}], [{ pull_request: { base: {} } }], [{ pull_request: { base: { sha: 'main' } } }], [JSON.parse('{"pull_request":{"__proto__":{"base":{"sha":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}}}}')]])(
    'a pull request payload without a base sha (%o) is an error, not the workspace file',
    (broken) => {
      expect(() => defaultPolicyRef('pull_request', broken)).toThrow(/no pull_request\.base\.sha .* set policy-ref/);
    },
  );
});
