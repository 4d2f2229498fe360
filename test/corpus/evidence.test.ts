/**
 * The evidence corpus (SPEC §5): SBOMs and provenance that real tools wrote, collected from
 * public repositories, each with the verdict the gate must give it. `evidence/SOURCES.md` names
 * every file's repository, commit, path and licence; no file here is written by hand. The
 * negative cases are the real invalid files the sources ship, and real files changed in memory
 * below (a payload edited after signing), never a file made to look like a tool's output.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { collectArtifactFacts } from '../../src/evidence/facts.js';
import { verifyProvenance } from '../../src/evidence/provenance.js';
import { verifySbom } from '../../src/evidence/sbom.js';
import type { EvidenceCheck, EvidenceFile, ProvenanceSubject, SignatureTrust } from '../../src/evidence/types.js';
import { DEFAULT_POLICY, Policy } from '../../src/model/schema.js';
import { ALL_FLAGS, makeArtifact } from '../helpers/factories.js';
import { useWorkspaces } from '../helpers/workspace.js';

const CORPUS = fileURLToPath(new URL('evidence/', import.meta.url));
const read = (path: string): Buffer => readFileSync(join(CORPUS, path));
const sha = (algorithm: 'sha256' | 'sha512', bytes: Buffer): string => createHash(algorithm).update(bytes).digest('hex');
const evidence = (path: string, bytes: Buffer = read(path)): EvidenceFile => ({ path, size: bytes.length, sha256: sha('sha256', bytes), bytes });
/** The subject a statement must name for a corpus artifact: both digests, as the gate hashes a local file. */
const hashed = (path: string): ProvenanceSubject => ({ sha256: sha('sha256', read(path)), sha512: sha('sha512', read(path)) });

/** Sigstore's public-good trusted root as @sigstore/tuf ships it (see test/fixtures/evidence/provenance/README.md). */
const PUBLIC_GOOD_ROOT = JSON.parse(readFileSync(new URL('../fixtures/evidence/provenance/sigstore-public-good-trusted-root.json', import.meta.url), 'utf8')) as unknown;
const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';

/** What the gate must say: a pass names exactly what it found; a failure starts with what was wrong. */
type Verdict = { verified: true; reason: string; details?: Record<string, unknown> } | { verified: false; starts: string; details?: Record<string, unknown> };
const passes = (reason: string, details?: Record<string, unknown>): Verdict => ({ verified: true, reason, ...(details ? { details } : {}) });
const fails = (starts: string, details?: Record<string, unknown>): Verdict => ({ verified: false, starts, ...(details ? { details } : {}) });

function expectVerdict(check: EvidenceCheck, verdict: Verdict): void {
  if (verdict.verified) expect(check.reason).toBe(verdict.reason);
  else expect(check.reason.startsWith(verdict.starts), `reason: ${check.reason}`).toBe(true);
  expect(check.verified).toBe(verdict.verified);
  if (verdict.details) expect(check.details).toMatchObject(verdict.details);
}

const cdx = (spec_version: string, components: number, services = 0) => ({ format: 'CycloneDX', spec_version, components, services });
const spdx = (spec_version: string, packages: number) => ({ format: 'SPDX', spec_version, packages });
const NO_COMPONENTS = (version: string): string => `CycloneDX ${version} lists no components and no services: expected at least one;`;
const SCHEMA = (label: string, error: string): string => `does not match the official ${label} schema: ${error}`;

const SBOMS: Record<string, Verdict> = {
  // CycloneDX's own examples and the specification's test suite, 1.2 to 1.7.
  'sbom/bom-examples.cern-lhc-vdm-editor.cdx-1.2.json': passes('CycloneDX 1.2 with 43 components', cdx('1.2', 43)),
  'sbom/bom-examples.saasbom-apigateway.cdx-1.4.json': passes('CycloneDX 1.4 with 6 services', cdx('1.4', 0, 6)),
  'sbom/bom-examples.hbom-pcie-sata-adapter.cdx-1.4.json': passes('CycloneDX 1.4 with 6 components', cdx('1.4', 6)),
  'sbom/bom-examples.cbom-algorithm.cdx-1.6.json': passes('CycloneDX 1.6 with 2 components', cdx('1.6', 2)),
  // A VEX names vulnerabilities, not what the artifact is made of: it is no SBOM.
  'sbom/bom-examples.vex.cdx-1.4.json': fails(NO_COMPONENTS('1.4'), cdx('1.4', 0, 0)),
  'sbom/cdx-spec.valid-service-empty-objects-1.2.json': passes('CycloneDX 1.2 with 1 service', cdx('1.2', 0, 1)),
  'sbom/cdx-spec.valid-signatures-1.6.json': passes('CycloneDX 1.6 with 1 component and 1 service', cdx('1.6', 1, 1)),
  'sbom/cdx-spec.valid-saasbom-1.7.json': passes('CycloneDX 1.7 with 6 services', cdx('1.7', 0, 6)),
  'sbom/cdx-spec.valid-cryptography-full-1.7.json': passes('CycloneDX 1.7 with 4 components', cdx('1.7', 4)),
  'sbom/cdx-spec.invalid-serialnumber-1.2.json': fails(SCHEMA('CycloneDX 1.2', 'serialNumber must match pattern')),
  'sbom/cdx-spec.invalid-license-id-1.3.json': fails(SCHEMA('CycloneDX 1.3', 'components[0].licenses[0].license.id must be equal to one of the allowed values')),
  'sbom/cdx-spec.invalid-component-type-1.7.json': fails(SCHEMA('CycloneDX 1.7', 'components[0].type must be equal to one of the allowed values')),
  'sbom/cdx-spec.invalid-hash-sha256-1.7.json': fails(SCHEMA('CycloneDX 1.7', 'components[0].hashes[2].content must match pattern')),
  // cyclonedx-php-composer still writes 1.2 and 1.3 on request; cyclonedx-gomod and cyclonedx-npm write 1.5 to 1.7.
  'sbom/cyclonedx-php-composer.local.cdx-1.2.json': passes('CycloneDX 1.2 with 3 components', cdx('1.2', 3)),
  'sbom/cyclonedx-php-composer.local.cdx-1.3.json': passes('CycloneDX 1.3 with 3 components', cdx('1.3', 3)),
  'sbom/cyclonedx-php-composer.local.cdx-1.7.json': passes('CycloneDX 1.7 with 3 components', cdx('1.7', 3)),
  'sbom/cyclonedx-gomod.bin-minikube-v1.23.1.cdx-1.5.json': passes('CycloneDX 1.5 with 137 components', cdx('1.5', 137)),
  'sbom/cyclonedx-gomod.mod-simple.cdx-1.7.json': passes('CycloneDX 1.7 with 2 components', cdx('1.7', 2)),
  'sbom/cyclonedx-npm.dev-dependencies.cdx-1.7.json': passes('CycloneDX 1.7 with 5 components', cdx('1.7', 5)),
  // A project with no dependencies: a true SBOM of nothing, which proves nothing about an artifact.
  'sbom/cyclonedx-npm.local-workspaces-no-workspaces.cdx-1.7.json': fails(NO_COMPONENTS('1.7'), cdx('1.7', 0, 0)),
  'sbom/trivy.npm.cdx-1.7.json': passes('CycloneDX 1.7 with 13 components', cdx('1.7', 13)),
  'sbom/trivy.fluentd-multiple-lockfiles-short.cdx-1.7.json': passes('CycloneDX 1.7 with 4 components', cdx('1.7', 4)),
  'sbom/trivy.conda.spdx-2.3.json': passes('SPDX 2.3 with 3 packages', spdx('2.3', 3)),
  // An SBOM attestation (a DSSE envelope around a CycloneDX predicate) is not the SBOM itself.
  'sbom/trivy.centos-7-cyclonedx.intoto.jsonl': fails('an attestation (in-toto statement, DSSE envelope or Sigstore bundle), not an SBOM: expected an SBOM in CycloneDX JSON 1.2 to 1.7'),
  'sbom/syft.identify.cdx-1.2.json': passes('CycloneDX 1.2 with 1 component', cdx('1.2', 1)),
  'sbom/syft.identify.cdx-1.7.json': passes('CycloneDX 1.7 with 1 component', cdx('1.7', 1)),
  // Its serialNumber is "urn:uuid:f4-f715-…", not a UUID.
  'sbom/syft.identify.micronaut.cdx-1.5.json': fails(SCHEMA('CycloneDX 1.5', 'serialNumber must match pattern')),
  // syft 0.91.0 wrote `licenseInfoFromFiles: null`, which SPDX 2.2 does not allow.
  'sbom/syft.identify.spdx-2.2.json': fails(SCHEMA('SPDX 2.2', 'packages[0].licenseInfoFromFiles must be array')),
  'sbom/syft.identify.spdx-2.3.json': passes('SPDX 2.3 with 2 packages', spdx('2.3', 2)),
  'sbom/syft.identify.spdx-3.0.json': passes('SPDX 3.0.1 with 1 package', spdx('3.0.1', 1)),
  // The SPDX project's examples, 2.2 to 3.0.
  'sbom/spdx-examples.example7-golang.spdx-2.2.json': passes('SPDX 2.2 with 2 packages', spdx('2.2', 2)),
  'sbom/spdx-examples.example10-hello-source.spdx-2.3.json': passes('SPDX 2.3 with 1 package', spdx('2.3', 1)),
  'sbom/spdx-examples.example10-hello-source.spdx-3.0.json': passes('SPDX 3.0.1 with 1 package', spdx('3.0.1', 1)),
  'sbom/spdx-examples.ai-example02.spdx-3.0.json': passes('SPDX 3.0.1 with 2 packages', spdx('3.0.1', 2)),
  // Valid SPDX 3.0.1 describing one file and no package: the gate counts packages.
  'sbom/spdx-examples.example7-bin.spdx-3.0.json': fails('SPDX 3.0.1 lists no packages: expected at least one;', spdx('3.0.1', 0)),
  // Microsoft's SBOM tool: its SPDX 2.2 is valid; its SPDX 3.0 sample breaks the official schema
  // (a list for @context, naming `spdx-context.json`; spdxIds that are not IRIs).
  'sbom/sbom-tool.sample.spdx-2.2.json': passes('SPDX 2.2 with 267 packages', spdx('2.2', 267)),
  'sbom/sbom-tool.sample.spdx-3.0.json': fails(SCHEMA('SPDX 3.0.1', "@context must be the string 'https://spdx.org/rdf/3.0.1/spdx-context.jsonld' (found a list)")),
};

interface ProvenanceCase {
  /** The artifact the statement is about: a corpus file (hashed like a local artifact), or its published digest. */
  artifact: string | ProvenanceSubject;
  /** npm's attestations response: the gate is given its SLSA provenance bundle, as `npm audit signatures` reads it. */
  npm?: true;
  /** With no trust anchor in the policy, and with `require_signatures` but no anchor. */
  open: Verdict;
  required: Verdict;
  /** With Sigstore's public-good trusted root, signatures required, and only `signer` (an identity prefix) allowed. */
  rooted?: { signer: string; issuer?: string; verdict: Verdict };
}

const SIGNED_NOT_VERIFIED = 'signed, not verified';
const NOT_VERIFIED_REQUIRED = 'signature not verified, and the policy requires signatures: ';
const OWN_CERTIFICATE = "signature does not verify with the bundle's own certificate (payload or signature changed after signing)";
const open = (version: string, line = ''): Verdict => passes(`${line}SLSA provenance ${version} names the artifact; ${SIGNED_NOT_VERIFIED} (${BUNDLE_NOT_VERIFIED})`, { signed: true, signature_verified: false });
const BUNDLE_NOT_VERIFIED =
  "the signature matches the bundle's own certificate, but the policy names no sigstore_trusted_root to say who issued it: set sigstore_trusted_root (the trusted root of the Sigstore instance that signed it) and sigstore_identities in the policy to verify it";
const verifiedBy = (version: string, signer: string, line = ''): Verdict =>
  passes(`${line}SLSA provenance ${version} names the artifact; signature verified with the Sigstore trusted root, signer ${signer}`, { signature_verified: true, signer_identity: signer });
const workflow = (repository: string, file: string) => `https://github.com/${repository}/.github/workflows/${file}@`;

const SIGSTORE_JS = workflow('sigstore/sigstore-js', 'release.yml');
const GENERIC = workflow('slsa-framework/slsa-github-generator', 'generator_generic_slsa3.yml');
const PROVENANCE: Record<string, ProvenanceCase> = {
  // npm provenance of sigstore@2.1.0 (from the GitHub CLI's test data), bound to its very tarball by sha512.
  'provenance/gh-cli.sigstore-js-2.1.0.sigstore-v0.3.json': {
    artifact: 'artifacts/sigstore-2.1.0.tgz',
    open: open('v1'),
    required: fails(NOT_VERIFIED_REQUIRED),
    rooted: { signer: SIGSTORE_JS, verdict: verifiedBy('v1', `${SIGSTORE_JS}refs/heads/main`) },
  },
  'provenance/gh-cli.sigstore-js-2.1.0.sigstore-v0.1.json': {
    artifact: 'artifacts/sigstore-2.1.0.tgz',
    open: open('v1'),
    required: fails(NOT_VERIFIED_REQUIRED),
    rooted: { signer: SIGSTORE_JS, verdict: verifiedBy('v1', `${SIGSTORE_JS}refs/heads/main`) },
  },
  // As `gh attestation download` writes them: one bundle a line (SLSA provenance, then npm's publish attestation).
  'provenance/gh-cli.sigstore-js-2.1.0.two-bundles.jsonl': {
    artifact: 'artifacts/sigstore-2.1.0.tgz',
    open: open('v1', 'line 1 of 2: '),
    required: fails(`line 1 of 2: ${NOT_VERIFIED_REQUIRED}`),
    rooted: { signer: SIGSTORE_JS, verdict: verifiedBy('v1', `${SIGSTORE_JS}refs/heads/main`, 'line 1 of 2: ') },
  },
  // A GitHub artifact attestation (actions/attest-build-provenance) signed by GitHub's own Sigstore
  // instance (a GitHub timestamp, no public log entry): the public-good root does not vouch for it.
  'provenance/gh-cli.github-provenance-demo-0.0.12.jsonl': {
    artifact: 'artifacts/github_provenance_demo-0.0.12-py3-none-any.whl',
    open: open('v1'),
    required: fails(NOT_VERIFIED_REQUIRED),
    rooted: { signer: workflow('actions/attest-demo', 'build-python.yml'), verdict: fails('signature does not verify with the Sigstore trusted root (TIMESTAMP_ERROR: ') },
  },
  'provenance/gh-cli.github-provenance-demo-0.0.12.missing-cert.jsonl': {
    artifact: 'artifacts/github_provenance_demo-0.0.12-py3-none-any.whl',
    open: fails('invalid Sigstore bundle (content): expected a Sigstore bundle'),
    required: fails('invalid Sigstore bundle (content): expected a Sigstore bundle'),
  },
  // Signed through a reusable workflow (github/artifact-attestations-workflows), in the public-good log.
  'provenance/gh-cli.reusable-workflow.sigstore.json': {
    artifact: 'artifacts/reusable-workflow-artifact',
    open: open('v1'),
    required: fails(NOT_VERIFIED_REQUIRED),
    rooted: {
      signer: workflow('github/artifact-attestations-workflows', 'attest.yml'),
      verdict: verifiedBy('v1', `${workflow('github/artifact-attestations-workflows', 'attest.yml')}09b495c3f12c7881b3cc17209a327792065c1a1d`),
    },
  },
  // A genuine chain from an OIDC issuer that is not GitHub's: the signer is not one the policy allows.
  'provenance/gh-cli.custom-issuer.sigstore.json': {
    artifact: 'artifacts/custom-issuer-artifact',
    open: open('v1'),
    required: fails(NOT_VERIFIED_REQUIRED),
    rooted: {
      signer: 'https://github.com/too-legit/attest/',
      verdict: fails(`signed by ${workflow('too-legit/attest', 'integration.yml')}refs/heads/main (issuer ${GITHUB_ISSUER}/hammer-time), which is not in policy.sigstore_identities`),
    },
  },
  // The GitHub CLI's bundle with an invalid signature signs "hello, world!", not a statement.
  'provenance/gh-cli.invalid-signature.sigstore.json': {
    artifact: 'artifacts/custom-issuer-artifact',
    open: fails("payloadType 'text/plain' is not in-toto: expected a Sigstore bundle"),
    required: fails("payloadType 'text/plain' is not in-toto: expected a Sigstore bundle"),
  },
  // npm's attestations for real packages (slsa-verifier's test data), bound to their tarballs by sha512.
  'provenance/slsa-verifier.npm-gundam-visor-1.0.1.attestations.json': {
    artifact: 'artifacts/gundam-visor-1.0.1.tgz',
    npm: true,
    open: open('v1'),
    required: fails(NOT_VERIFIED_REQUIRED),
    rooted: {
      signer: workflow('ramonpetgrave64/gundam-visor', 'npm-publish.yml'),
      verdict: verifiedBy('v1', `${workflow('ramonpetgrave64/gundam-visor', 'npm-publish.yml')}refs/tags/v1.0.1`),
    },
  },
  'provenance/slsa-verifier.npm-gundam-visor-1.0.1.invalidsigprov.attestations.json': {
    artifact: 'artifacts/gundam-visor-1.0.1.tgz',
    npm: true,
    open: fails(OWN_CERTIFICATE),
    required: fails(OWN_CERTIFICATE),
    rooted: { signer: workflow('ramonpetgrave64/gundam-visor', 'npm-publish.yml'), verdict: fails('signature does not verify with the Sigstore trusted root (TLOG_BODY_ERROR: ') },
  },
  'provenance/slsa-verifier.npm-supreme-goggles-1.0.5.attestations.json': {
    artifact: 'artifacts/supreme-goggles-1.0.5.tgz',
    npm: true,
    open: open('v0.2'),
    required: fails(NOT_VERIFIED_REQUIRED),
    rooted: {
      signer: workflow('trishankatdatadog/supreme-goggles', 'npm-publish.yml'),
      verdict: verifiedBy('v0.2', `${workflow('trishankatdatadog/supreme-goggles', 'npm-publish.yml')}refs/tags/v1.0.5`),
    },
  },
  'provenance/slsa-verifier.npm-supreme-goggles-1.0.5.invalidsigprov.attestations.json': {
    artifact: 'artifacts/supreme-goggles-1.0.5.tgz',
    npm: true,
    open: fails(OWN_CERTIFICATE),
    required: fails(OWN_CERTIFICATE),
  },
  // slsa-github-generator up to 2.0: a DSSE envelope whose signature carries its Fulcio certificate
  // and no log entry, so nothing offline can vouch for it. The binaries (1.4 MB) are not kept: their
  // sha256, computed from slsa-verifier's copies, is in SOURCES.md.
  'provenance/slsa-github-generator-v1.9.0.generic.intoto.jsonl': {
    artifact: { sha256: '25d35b781bef1fcf8c2d863fa21dcebda08748955b3aff71d4f5fccbbdefe41a' },
    open: passes(
      `SLSA provenance v0.2 names the artifact; ${SIGNED_NOT_VERIFIED} (the signature matches the certificate it carries (${GENERIC}refs/tags/v1.9.0), but nothing can vouch for that certificate offline: the envelope has no transparency-log entry, and trusted_keys cannot name a one-time Fulcio key; to verify it, have the builder write a Sigstore bundle (slsa-github-generator 2.1 or later, actions/attest-build-provenance) and set sigstore_trusted_root and sigstore_identities)`,
      { container: 'dsse', signed: true, signature_verified: false },
    ),
    required: fails(`${NOT_VERIFIED_REQUIRED}the signature matches the certificate it carries`),
    rooted: { signer: GENERIC, verdict: fails(`${NOT_VERIFIED_REQUIRED}the signature matches the certificate it carries`) },
  },
  'provenance/slsa-github-generator-v2.0.0.generic.intoto.jsonl': {
    artifact: { sha256: '2892146b063a94cb4a4318c0e98d38af12dcf2b1e29237486b58463b59607bbd' },
    open: passes(
      `SLSA provenance v0.2 names the artifact; ${SIGNED_NOT_VERIFIED} (the signature matches the certificate it carries (${GENERIC}refs/tags/v2.0.0), but nothing can vouch for that certificate offline: the envelope has no transparency-log entry, and trusted_keys cannot name a one-time Fulcio key; to verify it, have the builder write a Sigstore bundle (slsa-github-generator 2.1 or later, actions/attest-build-provenance) and set sigstore_trusted_root and sigstore_identities)`,
    ),
    required: fails(`${NOT_VERIFIED_REQUIRED}the signature matches the certificate it carries`),
  },
  // From 2.1 on, a Sigstore bundle with its log entry: verifiable offline.
  'provenance/slsa-github-generator-v2.1.0.generic.intoto.jsonl': {
    artifact: { sha256: '376e7e01348585b6e6643bc6663146b9d525d9b41228bf180eaeb4d4a3706caa' },
    open: open('v0.2'),
    required: fails(NOT_VERIFIED_REQUIRED),
    rooted: { signer: GENERIC, verdict: verifiedBy('v0.2', `${GENERIC}refs/tags/v2.1.0`) },
  },
  'provenance/slsa-github-generator-v2.1.0.go.intoto.jsonl': {
    artifact: { sha256: 'f6ab7ad0c7549b5a4942c3b0690519d791c28c4c0f8b286208cb40da3322a066' },
    open: open('v0.2'),
    required: fails(NOT_VERIFIED_REQUIRED),
    rooted: {
      signer: workflow('slsa-framework/slsa-github-generator', 'builder_go_slsa3.yml'),
      verdict: verifiedBy('v0.2', `${workflow('slsa-framework/slsa-github-generator', 'builder_go_slsa3.yml')}refs/tags/v2.1.0`),
    },
  },
  // The Bazel Central Registry's attestations (publish-to-bcr), and one for the same kind of file
  // signed by someone else's workflow: a valid signature by a signer the policy does not allow.
  'provenance/slsa-verifier.bcr-module.intoto.jsonl': {
    artifact: 'artifacts/MODULE.bazel',
    open: open('v1'),
    required: fails(NOT_VERIFIED_REQUIRED),
    rooted: {
      signer: workflow('bazel-contrib/publish-to-bcr', 'publish.yaml'),
      verdict: verifiedBy('v1', `${workflow('bazel-contrib/publish-to-bcr', 'publish.yaml')}refs/tags/v0.0.1`),
    },
  },
  'provenance/slsa-verifier.bcr-module-wrong-signer.intoto.jsonl': {
    artifact: 'artifacts/MODULE-wrong-signer.bazel',
    open: open('v1'),
    required: fails(NOT_VERIFIED_REQUIRED),
    rooted: {
      signer: workflow('bazel-contrib/publish-to-bcr', 'publish.yaml'),
      verdict: fails(`signed by ${workflow('loosebazooka/aa-test', 'malicious_attestation.yaml')}refs/heads/main (issuer ${GITHUB_ISSUER}), which is not in policy.sigstore_identities`),
    },
  },
  // trivy's SBOM attestation given as provenance: a CycloneDX predicate is no SLSA provenance.
  'sbom/trivy.centos-7-cyclonedx.intoto.jsonl': {
    artifact: { sha256: 'be65f488b7764ad3638f236b7b515b3678369a5124c47b8d32916d6487418ea4' },
    open: fails("unknown predicate type 'https://cyclonedx.org/bom': expected SLSA provenance"),
    required: fails("unknown predicate type 'https://cyclonedx.org/bom': expected SLSA provenance"),
  },
};

const ARTIFACTS = [...new Set(Object.values(PROVENANCE).flatMap(({ artifact }) => (typeof artifact === 'string' ? [artifact] : [])))];

/** The bytes the gate is given for a provenance case: the file, or the SLSA bundle inside npm's response. */
function provenanceBytes(path: string, entry: ProvenanceCase): Buffer {
  if (!entry.npm) return read(path);
  const response = JSON.parse(read(path).toString('utf8')) as { attestations: { predicateType: string; bundle: unknown }[] };
  const slsa = response.attestations.find(({ predicateType }) => predicateType.startsWith('https://slsa.dev/provenance/'));
  if (!slsa) throw new Error(`${path}: no SLSA provenance attestation`);
  return Buffer.from(JSON.stringify(slsa.bundle));
}
const subjectOf = (entry: ProvenanceCase): ProvenanceSubject => (typeof entry.artifact === 'string' ? hashed(entry.artifact) : entry.artifact);

const OPEN: SignatureTrust = { keys: [], identities: [], requireSignatures: false };
const REQUIRED: SignatureTrust = { ...OPEN, requireSignatures: true };
const rooted = (signer: string, issuer = GITHUB_ISSUER): SignatureTrust => ({ ...REQUIRED, trustedRoot: PUBLIC_GOOD_ROOT, identities: [{ issuer, subject_prefix: signer }] });

function filesUnder(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [relative(CORPUS, path)];
  });
}

describe('the corpus', () => {
  const files = filesUnder(CORPUS).filter((path) => path !== 'SOURCES.md');
  const sources = readFileSync(join(CORPUS, 'SOURCES.md'), 'utf8');

  it('holds at least 30 real SBOMs and provenance files, each listed in SOURCES.md with its source and licence, and judged here', () => {
    const judged = new Set([...Object.keys(SBOMS), ...Object.keys(PROVENANCE), ...ARTIFACTS]);
    expect(files.filter((path) => !path.startsWith('artifacts/')).length).toBeGreaterThanOrEqual(30);
    for (const path of files) {
      expect(judged.has(path), `${path} has no verdict here`).toBe(true);
      const row = sources.split('\n').find((line) => line.startsWith(`| \`${path}\` |`));
      expect(row, `${path} is not in SOURCES.md`).toBeDefined();
      // repository, commit, path and licence: four cells after the file and what it is.
      expect(row).toMatch(/^\| `[^`]+` \| [^|]+ \| `[\w.-]+\/[\w.-]+` \| `[0-9a-f]{40}` \| `[^`]+` \| [A-Za-z0-9.+-]+( [A-Za-z0-9.+-]+)* \|/);
    }
    for (const path of judged) expect(files, `${path} is judged but not in the corpus`).toContain(path);
  });
});

describe('real SBOMs', () => {
  it.each(Object.entries(SBOMS))('%s', (path, verdict) => {
    expectVerdict(verifySbom(evidence(path)), verdict);
  });
});

describe('real provenance', () => {
  const cases = Object.entries(PROVENANCE);

  it.each(cases)('%s, with no trust anchor in the policy', async (path, entry) => {
    expectVerdict(await verifyProvenance(evidence(path, provenanceBytes(path, entry)), subjectOf(entry), OPEN), entry.open);
  });

  it.each(cases)('%s, with require_signatures and no trust anchor', async (path, entry) => {
    expectVerdict(await verifyProvenance(evidence(path, provenanceBytes(path, entry)), subjectOf(entry), REQUIRED), entry.required);
  });

  it.each(cases.filter(([, entry]) => entry.rooted))('%s, with the public-good trusted root and one allowed signer', async (path, entry) => {
    const { signer, issuer, verdict } = entry.rooted!;
    expectVerdict(await verifyProvenance(evidence(path, provenanceBytes(path, entry)), subjectOf(entry), rooted(signer, issuer)), verdict);
  });

  it.each(cases.filter(([, entry]) => typeof entry.artifact === 'string' && entry.open.verified))('%s does not name another artifact', async (path, entry) => {
    const other = { sha256: sha('sha256', Buffer.from('other bytes')), sha512: sha('sha512', Buffer.from('other bytes')) };
    const check = await verifyProvenance(evidence(path, provenanceBytes(path, entry)), other, OPEN);
    expect(check.verified).toBe(false);
    expect(check.reason).toMatch(/(^|: )subject digest differs: the statement names sha(256|512):[0-9a-f]+, the artifact is sha(256|512):[0-9a-f]+ \(first difference at hex digit \d+ of (64|128)\)/);
  });
});

/** Each JSON document of a provenance file: the whole file, or one a line. */
function documentsOf(text: string): Record<string, unknown>[] {
  try {
    return [JSON.parse(text) as Record<string, unknown>];
  } catch {
    return text
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }
}

/** The document with its statement edited after signing (one more subject), its signature kept. */
function tampered(document: Record<string, unknown>): Record<string, unknown> {
  const copy = structuredClone(document);
  const envelope = (copy.dsseEnvelope ?? copy) as { payload: string };
  const statement = JSON.parse(Buffer.from(envelope.payload, 'base64').toString('utf8')) as { subject: unknown[] };
  statement.subject.push({ name: 'smuggled', digest: { sha256: '0'.repeat(64) } });
  envelope.payload = Buffer.from(JSON.stringify(statement)).toString('base64');
  return copy;
}

describe('real signed provenance, changed after signing', () => {
  const signed = Object.entries(PROVENANCE).filter(([, entry]) => entry.open.verified);

  it.each(signed)('%s fails, with no trust anchor and with signatures required, for every bundle version and envelope', async (path, entry) => {
    const documents = documentsOf(provenanceBytes(path, entry).toString('utf8'));
    const changed = Buffer.from(documents.map((document) => JSON.stringify(tampered(document))).join('\n'));
    for (const trust of [OPEN, REQUIRED]) {
      const check = await verifyProvenance(evidence(path, changed), subjectOf(entry), trust);
      expect(check.verified).toBe(false);
      expect(check.reason).toMatch(/(^|: )signature does not verify with (the bundle's own certificate|the certificate it carries) \(payload or signature changed after signing\)/);
    }
  });
});

describe('npm provenance through the gate: the tarball in the workspace, hashed once for both digests', () => {
  const workspace = useWorkspaces();
  const policy = Policy.parse({ ...DEFAULT_POLICY, require_evidence: true });

  async function fact(pathOrUri: string, contentHash: string | null, tarball: Buffer | null) {
    const ws = await workspace({
      'evidence/provenance.sigstore.json': read('provenance/gh-cli.sigstore-js-2.1.0.sigstore-v0.3.json'),
      ...(tarball ? { 'dist/sigstore-2.1.0.tgz': tarball } : {}),
    });
    const artifact = makeArtifact('sigstore', ALL_FLAGS, { path_or_uri: pathOrUri, content_hash: contentHash });
    const facts = await collectArtifactFacts([artifact], policy, { workspace: ws.root }, new Map([['sigstore', { slsa_provenance: 'evidence/provenance.sigstore.json' }]]));
    return facts.get('sigstore')!;
  }
  const tarball = read('artifacts/sigstore-2.1.0.tgz');

  it('binds the sha512-only subject to the sha512 the gate computed, with a sha256 content_hash verified in the same read', async () => {
    const facts = await fact('dist/sigstore-2.1.0.tgz', `sha256:${sha('sha256', tarball)}`, tarball);
    expect(facts.integrity).toMatchObject({ status: 'verified', algorithm: 'sha256' });
    expect(facts.evidence.slsa_provenance_present).toMatchObject({ status: 'verified', reason: expect.stringMatching(/^SLSA provenance v1 names the artifact; signed, not verified/) });
  });

  it('binds it with no content_hash at all, and with a sha512 one', async () => {
    expect((await fact('dist/sigstore-2.1.0.tgz', null, tarball)).evidence.slsa_provenance_present.status).toBe('verified');
    expect((await fact('dist/sigstore-2.1.0.tgz', `sha512:${sha('sha512', tarball)}`, tarball)).evidence.slsa_provenance_present.status).toBe('verified');
  });

  it('fails for other bytes under the package name, showing both sha512 digests in full', async () => {
    const other = Buffer.concat([tarball, Buffer.from('\n')]);
    const facts = await fact('dist/sigstore-2.1.0.tgz', null, other);
    expect(facts.evidence.slsa_provenance_present).toMatchObject({ status: 'failed' });
    const reason = (facts.evidence.slsa_provenance_present as { reason: string }).reason;
    expect(reason).toContain(`the statement names sha512:${sha('sha512', tarball)}, the artifact is sha512:${sha('sha512', other)}`);
  });

  it('for a remote URI, binds to a sha512 content_hash, which is all there is to go by', async () => {
    const facts = await fact('https://registry.npmjs.org/sigstore/-/sigstore-2.1.0.tgz', `sha512:${sha('sha512', tarball)}`, null);
    expect(facts.evidence.slsa_provenance_present.status).toBe('verified');
    const unknown = await fact('https://registry.npmjs.org/sigstore/-/sigstore-2.1.0.tgz', `sha256:${sha('sha256', tarball)}`, null);
    expect(unknown.evidence.slsa_provenance_present).toMatchObject({ status: 'failed', reason: expect.stringMatching(/^artifact sha512 unknown, so nothing to match the subject with/) });
  });
});
