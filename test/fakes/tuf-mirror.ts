/**
 * A TUF repository on 127.0.0.1 that serves one target, `trusted_root.json`, under metadata
 * signed with an Ed25519 key made for the test: root (version 1, whose bytes the client starts
 * from), timestamp, snapshot and targets, laid out as tuf-repo-cdn.sigstore.dev lays them out
 * (no consistent snapshots here: `timestamp.json`, `snapshot.json`, `targets.json`,
 * `targets/trusted_root.json`). `tamper` serves other bytes than the signed targets name.
 */
import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { canonicalize } from '@tufjs/canonical-json';
import { sendJson, startFakeServer, type FakeServer } from './server.js';

export interface FakeTufMirror extends FakeServer {
  /** The root.json a client must start from (version 1). */
  initialRoot: Buffer;
  /** Serve `bytes` as the target instead of what targets.json signed. */
  tamper(bytes: Buffer): void;
}

const EXPIRES = '2099-01-01T00:00:00Z';

export async function tufMirror(target: Buffer): Promise<FakeTufMirror> {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');
  const key = { keytype: 'ed25519', scheme: 'ed25519', keyval: { public: raw } };
  const keyid = createHash('sha256').update(canonicalize(key)).digest('hex');
  const role = { keyids: [keyid], threshold: 1 };
  const common = { spec_version: '1.0.31', version: 1, expires: EXPIRES };
  const metadata: Record<string, Buffer> = {
    'root.json': signed(privateKey, keyid, { _type: 'root', ...common, consistent_snapshot: false, keys: { [keyid]: key }, roles: { root: role, timestamp: role, snapshot: role, targets: role } }),
    'targets.json': signed(privateKey, keyid, {
      _type: 'targets',
      ...common,
      targets: { 'trusted_root.json': { length: target.length, hashes: { sha256: createHash('sha256').update(target).digest('hex') } } },
    }),
    'snapshot.json': signed(privateKey, keyid, { _type: 'snapshot', ...common, meta: { 'targets.json': { version: 1 } } }),
    'timestamp.json': signed(privateKey, keyid, { _type: 'timestamp', ...common, meta: { 'snapshot.json': { version: 1 } } }),
  };
  let served = target;
  const server = await startFakeServer((request, response) => {
    const name = request.path.slice(1);
    const bytes = name === 'targets/trusted_root.json' ? served : metadata[name];
    if (bytes === undefined) return sendJson(response, 404, { message: 'Not Found' });
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': bytes.length });
    response.end(bytes);
  });
  return Object.assign(server, {
    initialRoot: metadata['root.json']!,
    tamper(bytes: Buffer) {
      served = bytes;
    },
  });
}

function signed(privateKey: KeyObject, keyid: string, body: Record<string, unknown>): Buffer {
  const sig = sign(null, Buffer.from(canonicalize(body)), privateKey).toString('hex');
  return Buffer.from(JSON.stringify({ signatures: [{ keyid, sig }], signed: body }));
}
