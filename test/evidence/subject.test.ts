/**
 * HOSTILE row 32: the digest a provenance subject is compared with is one the gate hashed
 * itself from the local file, whatever `verify_content_hash` says. A local artifact that is
 * missing, unreadable, special or outside the workspace fails its provenance evidence; it never
 * falls back to the declared content_hash. Only a remote URI binds to the declared digest.
 */
import { chmod, mkdir, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { collectArtifactFacts } from '../../src/evidence/facts.js';
import { DEFAULT_POLICY, Policy } from '../../src/model/schema.js';
import { ALL_FLAGS, makeArtifact } from '../helpers/factories.js';
import { useWorkspaces, type Workspace } from '../helpers/workspace.js';

const workspace = useWorkspaces();
const FIXTURES = new URL('../fixtures/evidence/provenance/', import.meta.url);
/** sha256 of artifact.txt, which statement-v1.json names as its subject. */
const SUBJECT = 'ac6984ed10f572bb82ed769871829c5eac0d7cc75a4f609354e82cfc795ae116';
const LOOSE = Policy.parse({ ...DEFAULT_POLICY, verify_content_hash: false, require_evidence: true });

async function provenanceFact(ws: Workspace, pathOrUri: string, policy = LOOSE) {
  await ws.write('evidence/provenance.json', await readFile(new URL('statement-v1.json', FIXTURES)));
  const facts = await collectArtifactFacts([makeArtifact('app', ALL_FLAGS, { path_or_uri: pathOrUri, content_hash: `sha256:${SUBJECT}` })], policy, { workspace: ws.root }, new Map([['app', { slsa_provenance: 'evidence/provenance.json' }]]));
  return facts.get('app')!.evidence.slsa_provenance_present;
}

describe('provenance of a local artifact binds to the bytes the gate hashed', () => {
  it('verifies when the local file is the one the statement names (content hash not checked)', async () => {
    const ws = await workspace({ 'dist/app.txt': await readFile(new URL('artifact.txt', FIXTURES)) });
    expect(await provenanceFact(ws, 'dist/app.txt')).toMatchObject({ status: 'verified' });
  });

  it('fails when the local file is other bytes, though the declared content_hash is the subject', async () => {
    const ws = await workspace({ 'dist/app.txt': 'rebuilt, not what was attested\n' });
    expect(await provenanceFact(ws, 'dist/app.txt')).toMatchObject({ status: 'failed', reason: expect.stringMatching(/^subject digest differs/) });
  });

  it.each([
    ['missing', async () => undefined, 'dist/app.txt does not exist'],
    ['a directory', async (ws: Workspace) => void (await mkdir(ws.path('dist/app.txt'), { recursive: true })), 'dist/app.txt is not a regular file'],
    ['a FIFO', (ws: Workspace) => ws.fifo('dist/app.txt'), 'dist/app.txt is not a regular file'],
    [
      'a symlink out of the workspace to the genuine bytes',
      async (ws: Workspace) => {
        const outside = await ws.sibling('-outside');
        const { writeFile } = await import('node:fs/promises');
        await writeFile(`${outside}/app.txt`, await readFile(new URL('artifact.txt', FIXTURES)));
        await ws.symlink('dist/app.txt', `${outside}/app.txt`);
      },
      'dist/app.txt resolves outside the workspace (through a symlink)',
    ],
    ['a symlink to /dev/zero', (ws: Workspace) => ws.symlink('dist/app.txt', '/dev/zero'), 'dist/app.txt resolves outside the workspace (through a symlink)'],
  ])('fails when the local artifact is %s, naming why, never falling back to content_hash', async (_, make, why) => {
    const ws = await workspace({});
    await mkdir(ws.path('dist'), { recursive: true });
    await make(ws);
    const fact = await provenanceFact(ws, 'dist/app.txt');
    expect(fact).toMatchObject({ status: 'failed', reason: `artifact not hashed, so nothing to match the subject with: ${why}; make path_or_uri a readable file inside the workspace` });
  });

  it.runIf(process.getuid?.() !== 0)('fails when the local artifact is unreadable', async () => {
    const ws = await workspace({ 'dist/app.txt': await readFile(new URL('artifact.txt', FIXTURES)) });
    await chmod(ws.path('dist/app.txt'), 0o000);
    expect(await provenanceFact(ws, 'dist/app.txt')).toMatchObject({ status: 'failed', reason: expect.stringContaining('dist/app.txt cannot be read') });
  });

  it('fails the same way with verify_content_hash true (the integrity fact fails too)', async () => {
    const ws = await workspace({});
    const strict = Policy.parse({ ...DEFAULT_POLICY, require_evidence: true });
    expect(await provenanceFact(ws, 'dist/app.txt', strict)).toMatchObject({ status: 'failed', reason: expect.stringContaining('dist/app.txt does not exist') });
  });

  it('a remote URI, having no local bytes, binds to the declared content_hash', async () => {
    const ws = await workspace({});
    expect(await provenanceFact(ws, 'oci://registry.example/app:1.0.0')).toMatchObject({ status: 'verified' });
  });
});
