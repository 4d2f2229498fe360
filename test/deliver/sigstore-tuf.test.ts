/**
 * The TUF path for trusted roots, against a local TUF mirror (test/fakes/tuf-mirror.ts) whose
 * target is the real public-good trusted root of the GitHub CLI's tests: @sigstore/tuf fetches and
 * verifies the metadata, the target's hash is checked, and a repository that cannot be trusted is
 * an AttestationTrustError (required) or a warning (GitHub's, optional).
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { trustedRootsFromTuf } from '../../src/deliver/sigstore-tuf.js';
import { AttestationTrustError } from '../../src/evidence/attestations.js';
import { tufMirror, type FakeTufMirror } from '../fakes/tuf-mirror.js';
import { ROOT } from '../helpers/runner.js';

const ROOT_FILE = path.join(ROOT, 'test/fixtures/attestations/public-good-trusted-root.json');
const mirrors: FakeTufMirror[] = [];
afterEach(async () => {
  await Promise.all(mirrors.splice(0).map((mirror) => mirror.close()));
});

async function mirror(): Promise<{ mirror: FakeTufMirror; target: Buffer; cacheRoot: string }> {
  const target = await readFile(ROOT_FILE);
  const served = await tufMirror(target);
  mirrors.push(served);
  return { mirror: served, target, cacheRoot: await mkdtemp(path.join(tmpdir(), 'maestro-tuf-')) };
}

describe('trusted roots through TUF', () => {
  test('a signed target is fetched, verified and returned as the trusted root JSON, then served from the cache', async () => {
    const { mirror: served, target, cacheRoot } = await mirror();
    const repositories = [{ mirrorURL: served.url, initialRoot: served.initialRoot, required: true }];
    const [root] = await trustedRootsFromTuf({ cacheRoot, repositories });
    const expected = JSON.parse(target.toString()) as { tlogs: { baseUrl: string }[] };
    expect((root as typeof expected).tlogs[0]!.baseUrl).toBe(expected.tlogs[0]!.baseUrl);
    expect(served.requests.map((request) => request.path)).toEqual(['/2.root.json', '/timestamp.json', '/snapshot.json', '/targets.json', '/targets/trusted_root.json']);
    await trustedRootsFromTuf({ cacheRoot, repositories });
    expect(served.requests.filter((request) => request.path === '/targets/trusted_root.json')).toHaveLength(1);
  });

  test('a target whose bytes differ from what the signed targets name is refused', async () => {
    const { mirror: served, target, cacheRoot } = await mirror();
    served.tamper(Buffer.from(target.toString().replace('rekor.sigstore.dev', 'rekor.evil.example')));
    await expect(trustedRootsFromTuf({ cacheRoot, repositories: [{ mirrorURL: served.url, initialRoot: served.initialRoot, required: true }] })).rejects.toThrow(AttestationTrustError);
  });

  test('metadata signed by another key than the initial root trusts is refused', async () => {
    const { mirror: served, cacheRoot } = await mirror();
    const other = await tufMirror(Buffer.from('{}'));
    mirrors.push(other);
    const pending = trustedRootsFromTuf({ cacheRoot, repositories: [{ mirrorURL: served.url, initialRoot: other.initialRoot, required: true }] });
    await expect(pending).rejects.toThrow(/could not be obtained through TUF/);
  });

  test('an optional repository that cannot be read is a warning, not a root', async () => {
    const { mirror: served, cacheRoot } = await mirror();
    const warnings: string[] = [];
    served.fault({ status: 503 });
    const roots = await trustedRootsFromTuf({ cacheRoot, repositories: [{ mirrorURL: served.url, initialRoot: served.initialRoot, required: false }], onWarning: (message) => warnings.push(message), timeoutMs: 2000 });
    expect(roots).toEqual([]);
    expect(warnings[0]).toContain("attestations from GitHub's own Sigstore instance (private repositories) cannot be verified");
  });
});
