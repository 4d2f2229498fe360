/**
 * Issue 12 item 5: artifacts that name the same local file (however the path is spelled) hash
 * it once, and each still gets its own verdict on its own content_hash; remote URIs touch no
 * file at all.
 */
import { describe, expect, it, vi } from 'vitest';
import type * as Digest from '../../src/files/digest.js';

const calls: string[] = [];
vi.mock('../../src/files/digest.js', async (importOriginal) => {
  const original = await importOriginal<typeof Digest>();
  return {
    ...original,
    digestConfinedFile: (...args: Parameters<typeof original.digestConfinedFile>) => {
      calls.push(args[1]);
      return original.digestConfinedFile(...args);
    },
  };
});

const { collectArtifactFacts } = await import('../../src/evidence/facts.js');
const { DEFAULT_POLICY } = await import('../../src/model/schema.js');
const { ALL_FLAGS, makeArtifact } = await import('../helpers/factories.js');
const { sha256Of, useWorkspaces } = await import('../helpers/workspace.js');

const workspace = useWorkspaces();

describe('hashing local files', () => {
  it('hashes a file named by three artifacts once, and judges each content_hash on its own', async () => {
    const ws = await workspace({ 'dist/app.tgz': 'app' });
    calls.length = 0;
    const artifacts = [
      makeArtifact('one', ALL_FLAGS, { path_or_uri: 'dist/app.tgz', content_hash: sha256Of('app') }),
      makeArtifact('two', ALL_FLAGS, { path_or_uri: './dist//app.tgz', content_hash: sha256Of('app') }),
      makeArtifact('three', ALL_FLAGS, { path_or_uri: 'dist/app.tgz', content_hash: sha256Of('other') }),
      ...Array.from({ length: 50 }, (_, index) => makeArtifact(`remote-${index}`, ALL_FLAGS, { path_or_uri: `oci://r.example/x-${index}:1`, content_hash: sha256Of(String(index)) })),
    ];
    const facts = await collectArtifactFacts(artifacts, DEFAULT_POLICY, { workspace: ws.root });
    expect(calls).toEqual(['dist/app.tgz']);
    expect(facts.get('one')!.integrity).toMatchObject({ status: 'verified' });
    expect(facts.get('two')!.integrity).toMatchObject({ status: 'verified' });
    expect(facts.get('three')!.integrity).toEqual({ status: 'mismatch', expected: sha256Of('other'), actual: sha256Of('app'), size: 3 });
    expect(facts.get('remote-7')).toEqual({
      integrity: { status: 'not_verified', reason: 'remote oci: URI, never fetched' },
      evidence: Object.fromEntries(['sbom_present', 'slsa_provenance_present', 'risk_assessment_present'].map((flag) => [flag, { status: 'absent', reason: 'no evidence' }])),
    });
    expect(facts.size).toBe(53);
  });

  it('reports the same unreadable file for every artifact that names it', async () => {
    const ws = await workspace({});
    calls.length = 0;
    const artifacts = ['a', 'b'].map((id) => makeArtifact(id, ALL_FLAGS, { path_or_uri: 'gone.bin', content_hash: sha256Of('x') }));
    const facts = await collectArtifactFacts(artifacts, DEFAULT_POLICY, { workspace: ws.root });
    expect(calls).toEqual(['gone.bin']);
    for (const id of ['a', 'b']) expect(facts.get(id)!.integrity).toEqual({ status: 'unreadable', code: 'FILE_NOT_FOUND', reason: 'gone.bin does not exist' });
  });
});
