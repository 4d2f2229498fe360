/**
 * Trust material (SPEC §4a, §5): from a trusted policy it is the bytes read with the policy,
 * never a workspace file of the same name; from a manifest it is the workspace file. Either way a
 * trusted root with a duplicate key is refused, and every file used is recorded with its sha256.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { ManifestError } from '../../src/errors.js';
import { DEFAULT_POLICY } from '../../src/model/schema.js';
import { loadSignatureTrust } from '../../src/evidence/trust.js';
import { testKey } from '../helpers/signing.js';
import { ROOT } from '../helpers/runner.js';
import { useWorkspaces } from '../helpers/workspace.js';

const workspace = useWorkspaces();
const sha256 = (bytes: string | Buffer): string => createHash('sha256').update(bytes).digest('hex');
const ROOT_FILE = path.join(ROOT, 'test/fixtures/evidence/provenance/sigstore-public-good-trusted-root.json');

describe('loadSignatureTrust', () => {
  test('a trusted policy’s key is the one read with it, not the workspace file at that path', async () => {
    const reviewed = testKey('ed25519', 'reviewed').publicPem;
    const planted = testKey('ed25519', 'planted').publicPem;
    const ws = await workspace({ 'keys/release.pub': planted });
    const policy = { ...DEFAULT_POLICY, trusted_keys: ['keys/release.pub'] };
    const trustFiles = [{ key: 'trusted_keys[0]', path: 'keys/release.pub', bytes: Buffer.from(reviewed), sha256: sha256(reviewed) }];
    const trust = await loadSignatureTrust(policy, { workspace: ws.root, trustFiles, policyFile: '.github/maestro-policy.yml' });
    expect(trust.keys.map((key) => key.pem)).toEqual([reviewed]);
    expect(trust.files).toEqual([{ key: 'trusted_keys[0]', path: 'keys/release.pub', sha256: sha256(reviewed) }]);
  });

  test('a key the policy names but that was not read with it is the policy’s error', async () => {
    const ws = await workspace({ 'keys/release.pub': testKey('ed25519', 'planted').publicPem });
    const policy = { ...DEFAULT_POLICY, trusted_keys: ['keys/release.pub'] };
    const error = await loadSignatureTrust(policy, { workspace: ws.root, trustFiles: [], policyFile: 'policy.yml' }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(ManifestError);
    expect((error as ManifestError).issues[0]).toMatchObject({ file: 'policy.yml', path: 'trusted_keys[0]' });
  });

  test('a manifest’s own key is read from the workspace and recorded', async () => {
    const pem = testKey('ecdsa-p256', 'own').publicPem;
    const ws = await workspace({ 'keys/own.pub': pem });
    const trust = await loadSignatureTrust({ ...DEFAULT_POLICY, trusted_keys: ['keys/own.pub'] }, { workspace: ws.root, manifestFile: 'maestro.yml' });
    expect(trust.files).toEqual([{ key: 'policy.trusted_keys[0]', path: 'keys/own.pub', sha256: sha256(pem) }]);
  });

  test('a trusted root with a duplicate key is refused, from either source', async () => {
    const real = await readFile(ROOT_FILE, 'utf8');
    // The real root with its media type written twice: last-wins would quietly accept it.
    const doubled = real.replace(/^\{/, `{"mediaType": "application/vnd.dev.sigstore.trustedroot+json;version=0.1",`);
    expect(JSON.parse(doubled)).toBeTruthy();
    const identities = [{ issuer: 'https://token.actions.githubusercontent.com', subject_prefix: 'https://github.com/' }];
    const policy = { ...DEFAULT_POLICY, sigstore_trusted_root: 'root.json', sigstore_identities: identities };
    const ws = await workspace({ 'root.json': doubled });
    const fromWorkspace = await loadSignatureTrust(policy, { workspace: ws.root, manifestFile: 'maestro.yml' }).catch((thrown: unknown) => thrown);
    expect((fromWorkspace as ManifestError).issues[0]).toMatchObject({ path: 'policy.sigstore_trusted_root', message: expect.stringContaining('duplicate') });
    const trustFiles = [{ key: 'sigstore_trusted_root', path: 'root.json', bytes: Buffer.from(doubled), sha256: sha256(doubled) }];
    const fromPolicy = await loadSignatureTrust(policy, { workspace: ws.root, trustFiles, policyFile: 'policy.yml' }).catch((thrown: unknown) => thrown);
    expect((fromPolicy as ManifestError).issues[0]).toMatchObject({ file: 'policy.yml', path: 'sigstore_trusted_root', message: expect.stringContaining('duplicate') });
    // The real root itself loads.
    const good = await loadSignatureTrust(policy, { workspace: ws.root, trustFiles: [{ ...trustFiles[0]!, bytes: Buffer.from(real), sha256: sha256(real) }], policyFile: 'policy.yml' });
    expect(good.trustedRoot).toBeDefined();
  });
});
