/**
 * HOSTILE.md rows 32, 34, 36 (evidence side) and 45, through the bundled Action as a runner
 * runs it (./harness.ts). Every vector ends `failed` on the `integrity` rule, naming the artifact,
 * the evidence file and the reason. The unit tests of the same rules are in test/evidence/
 * (subject, json, tampered).
 */
import { mkdir, open, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { EVIDENCE, expectCheap, failed, manifest, vectors, type Vector } from './harness.js';
import type { Workspace } from '../helpers/workspace.js';
import { signEnvelope, statementV1, testKey } from '../helpers/signing.js';

/** sha256 of provenance/artifact.txt, the subject of the provenance fixtures. */
const SUBJECT = 'ac6984ed10f572bb82ed769871829c5eac0d7cc75a4f609354e82cfc795ae116';
const evidenceFixture = (name: string): Promise<Buffer> => readFile(path.join(EVIDENCE, name));
type Json = Record<string, unknown>;
const LOOSE = 'policy: { verify_content_hash: false, require_evidence: true }\n';

/** One artifact `dist/app.txt` declared with the provenance subject's digest, and one evidence file. */
async function withEvidence(ws: Workspace, key: 'sbom' | 'slsa_provenance' | 'risk_assessment', target: string, content: string | Buffer, extra = ''): Promise<void> {
  await ws.write(target, content);
  await ws.write('maestro.yml', manifest([{ id: 'app', path: 'dist/app.txt', hash: `sha256:${SUBJECT}`, evidence: { [key]: target } }], extra));
}
const genuineArtifact = async (ws: Workspace): Promise<void> => void (await ws.write('dist/app.txt', await evidenceFixture('provenance/artifact.txt')));

/* ------------------------------------------------------- row 32: a digest the gate hashed itself */

vectors('row 32: provenance never binds to the declared digest of a local artifact it cannot hash', [
  ...[
    ['missing', async () => undefined, 'dist/app.txt does not exist'],
    ['a directory', async (ws: Workspace) => void (await mkdir(ws.path('dist/app.txt'), { recursive: true })), 'dist/app.txt is not a regular file'],
    ['a FIFO', (ws: Workspace) => ws.fifo('dist/app.txt'), 'dist/app.txt is not a regular file'],
    [
      'a symlink out of the workspace to the attested bytes',
      async (ws: Workspace) => {
        const outside = await ws.sibling('-outside');
        await writeFile(path.join(outside, 'app.txt'), await evidenceFixture('provenance/artifact.txt'));
        await ws.symlink('dist/app.txt', path.join(outside, 'app.txt'));
      },
      'dist/app.txt resolves outside the workspace',
    ],
    ['a symlink to /dev/zero', (ws: Workspace) => ws.symlink('dist/app.txt', '/dev/zero'), 'dist/app.txt resolves outside the workspace'],
  ].map(([what, make, words]): Vector => ({
    row: 32,
    name: `verify_content_hash false, the artifact ${what as string}`,
    setup: async (ws) => {
      await mkdir(ws.path('dist'), { recursive: true });
      await (make as (ws: Workspace) => Promise<void>)(ws);
      await withEvidence(ws, 'slsa_provenance', 'evidence/provenance.json', await evidenceFixture('provenance/statement-v1.json'), LOOSE);
    },
    // With require_evidence the unbacked flag decides the message; the integrity failure is listed too.
    expect: failed('integrity', 'app', ['evidence/provenance.json: artifact not hashed, so nothing to match the subject with', words as string]),
  })),
  {
    row: 32,
    name: 'verify_content_hash false, other bytes at the path: the statement names the declared digest, not these bytes',
    setup: async (ws) => {
      await ws.write('dist/app.txt', 'rebuilt from an unreviewed commit\n');
      await withEvidence(ws, 'slsa_provenance', 'evidence/provenance.json', await evidenceFixture('provenance/statement-v1.json'), LOOSE);
    },
    expect: failed('integrity', 'app', ['evidence/provenance.json: subject digest differs']),
  },
]);

/* ------------------------------------------------------------------ row 34: duplicate keys */

/** Inserts `"key": value,` right after the first `{` that follows `after`. */
function repeatKey(text: string, after: string, key: string, value: unknown): string {
  const at = text.indexOf('{', text.indexOf(after)) + 1;
  return `${text.slice(0, at)}${JSON.stringify(key)}: ${JSON.stringify(value)}, ${text.slice(at)}`;
}

function duplicateVector(name: string, key: 'sbom' | 'slsa_provenance' | 'risk_assessment', target: string, content: () => Promise<string>, words: string[]): Vector {
  return {
    row: 34,
    name,
    setup: async (ws) => {
      await genuineArtifact(ws);
      await withEvidence(ws, key, target, await content());
    },
    expect: failed('integrity', 'app', [target, ...words]),
  };
}

const text = async (name: string): Promise<string> => (await evidenceFixture(name)).toString('utf8');

vectors('row 34: a repeated key in JSON evidence is refused, as in YAML', [
  duplicateVector('a risk assessment with an expired expires, then a later one', 'risk_assessment', 'evidence/risk.json', async () => '{"level": "low", "expires": "2020-01-01", "expires": "2099-01-01"}', ["duplicate key 'expires'"]),
  duplicateVector('a risk assessment whose level is given twice', 'risk_assessment', 'evidence/risk.json', async () => repeatKey(await text('risk/risk.json'), '', 'level', 'critical'), ["duplicate key 'level'"]),
  duplicateVector('a YAML risk assessment whose level is given twice', 'risk_assessment', 'evidence/risk.yaml', () => text('risk/risk-duplicate-keys.yaml'), ["duplicate key 'level'"]),
  duplicateVector('a CycloneDX SBOM with a component name given twice', 'sbom', 'evidence/sbom.json', async () => repeatKey(await text('sbom/cyclonedx-1.6.json'), '"components"', 'name', 'shadow'), ["duplicate key 'name' at components[0]"]),
  duplicateVector('an SPDX SBOM with a package name given twice', 'sbom', 'evidence/sbom.json', async () => repeatKey(await text('sbom/spdx-2.3.json'), '"packages"', 'name', 'shadow'), ["duplicate key 'name' at packages[0]"]),
  duplicateVector('a statement with a second subject list', 'slsa_provenance', 'evidence/provenance.json', async () => repeatKey(await text('provenance/statement-v1.json'), '', 'subject', []), ["duplicate key 'subject'"]),
  duplicateVector('a DSSE envelope with a second payload', 'slsa_provenance', 'evidence/provenance.dsse.json', async () => repeatKey(await text('provenance/unsigned.dsse.json'), '', 'payload', 'e30='), ["duplicate key 'payload'"]),
  duplicateVector('a DSSE payload whose statement repeats _type', 'slsa_provenance', 'evidence/provenance.dsse.json', async () => {
    const envelope = JSON.parse(await text('provenance/unsigned.dsse.json')) as Json;
    const statement = Buffer.from(envelope.payload as string, 'base64').toString('utf8');
    envelope.payload = Buffer.from(repeatKey(statement, '', '_type', 'https://in-toto.io/Statement/v1')).toString('base64');
    return JSON.stringify(envelope);
  }, ["DSSE payload: duplicate key '_type'"]),
  duplicateVector('a real Sigstore bundle with a second mediaType', 'slsa_provenance', 'evidence/provenance.sigstore.json', async () => repeatKey(await text('provenance/npm-playwright-cli-0.1.1.sigstore.json'), '', 'mediaType', 'application/vnd.dev.sigstore.bundle+json;version=0.1'), ["duplicate key 'mediaType'"]),
  duplicateVector('JSON lines whose third line repeats predicateType', 'slsa_provenance', 'evidence/provenance.jsonl', async () => {
    const lines = (await text('provenance/statements.jsonl')).trimEnd().split('\n');
    lines[2] = repeatKey(lines[2]!, '', 'predicateType', 'https://slsa.dev/provenance/v1');
    return `${lines.join('\n')}\n`;
  }, ["line 3: duplicate key 'predicateType'"]),
]);

/* ------------------------------------------------- row 36: evidence below the cap, memory bound */

/** Writes `size` bytes made of `head` then `unit` repeated, then `tail`, in 1 MiB writes. */
async function writeLarge(file: string, size: number, head: string, unit: string, tail: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const handle = await open(file, 'w');
  try {
    await handle.write(head);
    const chunk = unit.repeat(Math.floor((1024 * 1024) / unit.length));
    let written = head.length + tail.length;
    while (written + chunk.length <= size) {
      await handle.write(chunk);
      written += chunk.length;
    }
    await handle.write(unit.repeat(Math.floor((size - written) / unit.length)));
    await handle.write(tail);
  } finally {
    await handle.close();
  }
}

const MIB = 1024 * 1024;
const RISK_FLOW_BYTES = 256 * 1024;
/** About the size of a component in a real CycloneDX SBOM (syft writes larger ones). */
const COMPONENT = `{"type":"library","name":"left-pad","version":"1.3.0","purl":"pkg:npm/left-pad@1.3.0","licenses":[{"license":{"id":"MIT"}}],"hashes":[{"alg":"SHA-256","content":"${'ab'.repeat(32)}"}],"description":"String left pad, with \\"quotes\\" and a \\\\ backslash"},`;
function largeVector(name: string, key: 'sbom' | 'risk_assessment', target: string, make: (file: string) => Promise<void>, words: string[], bounds: { mib: number; ms: number }): Vector {
  return {
    row: 36,
    name,
    setup: async (ws) => {
      await genuineArtifact(ws);
      await make(ws.path(target));
      await ws.write('maestro.yml', manifest([{ id: 'app', path: 'dist/app.txt', hash: `sha256:${SUBJECT}`, evidence: { [key]: target } }]));
    },
    fault: 'measure.mjs',
    expect: failed('integrity', 'app', [target, ...words]),
    check: async (run, ws, expect) => {
      expectCheap(run, expect, bounds);
      // The size named is the file's own, as the runner sees it.
      if (words.some((word) => word.startsWith('over the limit'))) expect(run.outputs.message).toContain(`${target}: is ${(await stat(ws.path(target))).size} bytes`);
    },
  };
}

vectors('row 36: evidence under the 64 MiB cap finishes within bounded memory, or is refused early', [
  largeVector('a 60 MiB risk.yml: refused from its size, before a byte is read', 'risk_assessment', 'evidence/risk.yml', (file) => writeLarge(file, 60 * MIB, 'level: low\nitems:\n', '  - note: a line of a long risk assessment\n', ''), ['over the limit of 1048576 bytes (1 MiB) for a YAML risk assessment', 'write it as JSON or Markdown'], { mib: 200, ms: 5_000 }),
  // The costliest shape (~500 bytes of memory per byte) at a quarter of the 1 MiB YAML cap, bound
  // so that the cap itself stays under 1 GiB: 100 MiB of start-up plus 900 bytes a byte, 1,000 MiB
  // at 1 MiB. Just under the cap it cost three times the CPU; that full size is `npm run bench`'s
  // (its memory section runs it through the Action and records the peak RSS in BENCHMARKS.md).
  largeVector(`a YAML risk file of ${RISK_FLOW_BYTES / 1024} KiB of flow sequence (the costliest shape): parsed, expired`, 'risk_assessment', 'evidence/risk.yml', (file) => writeLarge(file, RISK_FLOW_BYTES, 'expires: 2020-01-01\nitems: [', '0,', '0]\n'), ['expired on 2020-01-01'], { mib: 100 + Math.ceil((RISK_FLOW_BYTES * 900) / MIB), ms: 30_000 }),
  largeVector('a 60 MiB JSON risk file of empty objects: refused by count before JSON.parse', 'risk_assessment', 'evidence/risk.json', (file) => writeLarge(file, 60 * MIB, '[', '{},', '{}]'), ['more than 4000000 JSON values'], { mib: 400, ms: 10_000 }),
  largeVector('a 60 MiB SBOM nested 30 million deep: refused at depth 256', 'sbom', 'evidence/sbom.json', (file) => writeLarge(file, 60 * MIB, '{"bomFormat":"CycloneDX","specVersion":"1.6","components":', '[', ''), ['nested deeper than 256 levels'], { mib: 400, ms: 10_000 }),
  largeVector('a 60 MiB SBOM whose only component repeats one key ten million times: refused by count', 'sbom', 'evidence/sbom.json', (file) => writeLarge(file, 60 * MIB, '{"bomFormat":"CycloneDX","specVersion":"1.6","components":[{', '"k":0,', '"z":0}]}'), ['more than 4000000 JSON values'], { mib: 400, ms: 10_000 }),
  largeVector('a 60 MiB CycloneDX SBOM, parsed whole, with one duplicate key at the end', 'sbom', 'evidence/sbom.json', (file) =>
    writeLarge(file, 60 * MIB, '{"bomFormat":"CycloneDX","specVersion":"1.6","components":[', COMPONENT, '{"type":"library","name":"x","name":"y"}]}'), ["duplicate key 'name' at components["], { mib: 1024, ms: 30_000 }),
]);

/* ------------------------------------------------- row 45: signatures changed after signing */

/** A real signed file whose statement is re-pointed at the artifact; the signature is kept. */
async function retargeted(name: string, envelopeOf: (json: Json) => Json): Promise<string> {
  const json = JSON.parse(await text(`provenance/${name}`)) as Json;
  const envelope = envelopeOf(json);
  const statement = JSON.parse(Buffer.from(envelope.payload as string, 'base64').toString('utf8')) as Json;
  statement.subject = [{ name: 'app.txt', digest: { sha256: SUBJECT } }];
  envelope.payload = Buffer.from(JSON.stringify(statement)).toString('base64');
  return JSON.stringify(json);
}

function tamperedVector(name: string, target: string, content: () => Promise<string>, words: string[], extra = ''): Vector {
  return {
    row: 45,
    name,
    setup: async (ws) => {
      await genuineArtifact(ws);
      await withEvidence(ws, 'slsa_provenance', target, await content(), extra);
    },
    expect: failed('integrity', 'app', ['SLSA provenance evidence', target, ...words]),
  };
}

const inBundle = (json: Json): Json => json.dsseEnvelope as Json;
const OWN = "signature does not verify with the bundle's own certificate";
vectors('row 45: a payload changed after signing fails against its own certificate, with no trust anchors', [
  ...(
    [
      ['bundle v0.1, x509 chain', 'npm-supreme-goggles-1.0.5.sigstore-v0.1.json'],
      ['bundle v0.2, x509 chain', 'npm-gundam-visor-1.0.1.sigstore-v0.2.json'],
      ['bundle v0.3, one certificate', 'npm-playwright-cli-0.1.1.sigstore.json'],
    ] as const
  ).flatMap(([what, fixture]) => [
    tamperedVector(`${what}, retargeted at this artifact`, 'evidence/provenance.sigstore.json', () => retargeted(fixture, inBundle), [OWN]),
    tamperedVector(`${what}, retargeted, require_signatures`, 'evidence/provenance.sigstore.json', () => retargeted(fixture, inBundle), [OWN], 'policy: { require_signatures: true }\n'),
  ]),
  tamperedVector('an slsa-github-generator v1 envelope (certificate in the signature), retargeted', 'evidence/provenance.intoto.jsonl', () => retargeted('slsa-github-generator-v1.9.0.intoto.jsonl', (json) => json), ['signature does not verify with the certificate it carries']),
  tamperedVector('a DSSE envelope that only names its key, retargeted, require_signatures', 'evidence/provenance.dsse.json', async () => {
    const envelope = signEnvelope(statementV1(), [testKey('ecdsa-p256')]);
    const statement = JSON.parse(Buffer.from(envelope.payload as string, 'base64').toString('utf8')) as Json;
    statement.subject = [{ name: 'app.txt', digest: { sha256: SUBJECT } }];
    envelope.payload = Buffer.from(JSON.stringify(statement)).toString('base64');
    return JSON.stringify(envelope);
  }, ['signature not verified, and the policy requires signatures', "add the signer's public key (PEM) to trusted_keys"], 'policy: { require_signatures: true }\n'),
]);
