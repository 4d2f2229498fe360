/**
 * The integrity facts the gate judges: verified, mismatch, unreadable (with a stable code) or
 * not verified (and why). Remote URIs are never fetched.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { collectArtifactFacts } from '../../src/evidence/facts.js';
import { DEFAULT_POLICY, Policy } from '../../src/model/schema.js';
import { ALL_FLAGS, makeArtifact } from '../helpers/factories.js';
import { sha256Of, useWorkspaces } from '../helpers/workspace.js';

const workspace = useWorkspaces();

describe('collectArtifactFacts', () => {
  it('reports verified, mismatch, unreadable and not verified, one fact per artifact', async () => {
    const ws = await workspace({ 'dist/good.tgz': 'good', 'dist/tampered.tgz': 'tampered', 'dist/nohash.tgz': 'x' });
    const declared = sha256Of('original');
    const artifacts = [
      makeArtifact('good', ALL_FLAGS, { path_or_uri: 'dist/good.tgz', content_hash: sha256Of('good') }),
      makeArtifact('tampered', ALL_FLAGS, { path_or_uri: 'dist/tampered.tgz', content_hash: declared }),
      makeArtifact('gone', ALL_FLAGS, { path_or_uri: 'dist/gone.tgz', content_hash: sha256Of('gone') }),
      makeArtifact('nohash', ALL_FLAGS, { path_or_uri: 'dist/nohash.tgz', content_hash: null }),
      makeArtifact('remote', ALL_FLAGS, { path_or_uri: 'https://example.com/a.tgz', content_hash: sha256Of('a') }),
    ];
    const facts = await collectArtifactFacts(artifacts, DEFAULT_POLICY, { workspace: ws.root });
    expect(Object.fromEntries([...facts].map(([id, fact]) => [id, fact.integrity]))).toEqual({
      good: { status: 'verified', algorithm: 'sha256', digest: sha256Of('good'), size: 4 },
      tampered: { status: 'mismatch', expected: declared, actual: sha256Of('tampered'), size: 8 },
      gone: { status: 'unreadable', code: 'FILE_NOT_FOUND', reason: 'dist/gone.tgz does not exist' },
      nohash: { status: 'not_verified', reason: 'no content_hash declared' },
      remote: { status: 'not_verified', reason: 'remote https: URI, never fetched' },
    });
  });

  it('shares one frozen facts record among remote artifacts of a scheme that name no evidence', async () => {
    const ws = await workspace();
    const artifacts = ['oci://r/a:1', 'OCI://r/b:1', 'https://example.com/c.tgz', 'oci://r/d:1'].map((uri, index) => makeArtifact(`a-${index}`, ALL_FLAGS, { path_or_uri: uri, content_hash: sha256Of(uri) }));
    const facts = await collectArtifactFacts(artifacts, DEFAULT_POLICY, { workspace: ws.root });
    const [a, b, c, d] = artifacts.map((artifact) => facts.get(artifact.id)!);
    expect(a).toBe(d);
    expect(a).toBe(b);
    expect(Object.isFrozen(a)).toBe(true);
    expect(c).not.toBe(a);
    expect(a).toEqual({ integrity: { status: 'not_verified', reason: 'remote oci: URI, never fetched' }, evidence: expect.objectContaining({ sbom_present: { status: 'absent', reason: 'no evidence' } }) });
    expect(c!.integrity).toEqual({ status: 'not_verified', reason: 'remote https: URI, never fetched' });
  });

  it('verifies sha512 digests', async () => {
    const ws = await workspace({ 'a.bin': 'abc' });
    const digest = `sha512:${createHash('sha512').update('abc').digest('hex')}`;
    const facts = await collectArtifactFacts([makeArtifact('a', ALL_FLAGS, { path_or_uri: 'a.bin', content_hash: digest })], DEFAULT_POLICY, { workspace: ws.root });
    expect(facts.get('a')!.integrity).toEqual({ status: 'verified', algorithm: 'sha512', digest, size: 3 });
  });

  it('never opens a file when verify_content_hash is false', async () => {
    const ws = await workspace();
    await ws.fifo('pipe');
    const facts = await collectArtifactFacts([makeArtifact('a', ALL_FLAGS, { path_or_uri: 'pipe', content_hash: sha256Of('x') })], Policy.parse({ verify_content_hash: false }), { workspace: ws.root });
    expect(facts.get('a')!.integrity).toEqual({ status: 'not_verified', reason: 'verify_content_hash is false' });
  });

  it('refuses an unsafe path even without a content_hash', async () => {
    const ws = await workspace();
    const facts = await collectArtifactFacts([makeArtifact('a', ALL_FLAGS, { path_or_uri: '../../etc/passwd', content_hash: null })], DEFAULT_POLICY, { workspace: ws.root });
    expect(facts.get('a')!.integrity).toEqual({ status: 'unreadable', code: 'UNSAFE_PATH', reason: "path contains a '..' segment (paths must stay inside the workspace)" });
  });

  it('applies the artifact size cap', async () => {
    const ws = await workspace({ 'a.bin': Buffer.alloc(64) });
    const facts = await collectArtifactFacts([makeArtifact('a', ALL_FLAGS, { path_or_uri: 'a.bin', content_hash: sha256Of(Buffer.alloc(64)) })], DEFAULT_POLICY, { workspace: ws.root, maxArtifactBytes: 63 });
    expect(facts.get('a')!.integrity).toMatchObject({ status: 'unreadable', code: 'FILE_TOO_LARGE' });
  });

  it('marks no flag as backed by evidence when none is declared', async () => {
    const ws = await workspace({ 'a.bin': 'a' });
    const facts = await collectArtifactFacts([makeArtifact('a', ALL_FLAGS, { path_or_uri: 'a.bin', content_hash: null })], DEFAULT_POLICY, { workspace: ws.root });
    expect(facts.get('a')!.evidence).toEqual({
      sbom_present: { status: 'absent', reason: 'no evidence' },
      slsa_provenance_present: { status: 'absent', reason: 'no evidence' },
      risk_assessment_present: { status: 'absent', reason: 'no evidence' },
    });
  });

  it('keys facts by artifact id, whatever the id, for many artifacts at once', async () => {
    const ids = ['__proto__', 'constructor', ...Array.from({ length: 30 }, (_, index) => `a${index}`)];
    const files = Object.fromEntries(ids.map((id, index) => [`dist/${index}.bin`, `content ${id}`]));
    const ws = await workspace(files);
    const artifacts = ids.map((id, index) => makeArtifact(id, ALL_FLAGS, { path_or_uri: `dist/${index}.bin`, content_hash: sha256Of(`content ${id}`) }));
    const facts = await collectArtifactFacts(artifacts, DEFAULT_POLICY, { workspace: ws.root });
    expect(facts.size).toBe(ids.length);
    for (const id of ids) expect(facts.get(id)!.integrity).toMatchObject({ status: 'verified', digest: sha256Of(`content ${id}`) });
  });

  it('returns nothing for no artifacts', async () => {
    const ws = await workspace();
    expect((await collectArtifactFacts([], DEFAULT_POLICY, { workspace: ws.root })).size).toBe(0);
  });
});
