/**
 * An SBOM proves its flag when it is CycloneDX JSON 1.2–1.7 or SPDX JSON 2.2, 2.3 or 3.0 (JSON-LD),
 * valid against the official schema shipped in schemas/vendor/, with at least one component,
 * service or package. Real SBOMs from real tools are judged in test/corpus/evidence.test.ts.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MAX_SBOM_DEPTH, verifySbom } from '../../src/evidence/sbom.js';
import type { EvidenceFile } from '../../src/evidence/types.js';

const FIXTURES = new URL('../fixtures/evidence/sbom/', import.meta.url);
const VENDOR = new URL('../../schemas/vendor/', import.meta.url);

function evidence(path: string, bytes: Buffer): EvidenceFile {
  return { path, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), bytes };
}

function fixture(name: string): EvidenceFile {
  return evidence(`evidence/${name}`, readFileSync(new URL(name, FIXTURES)));
}

function json(value: unknown): EvidenceFile {
  return evidence('evidence/generated.json', Buffer.from(JSON.stringify(value)));
}

/** A reason in the form every evidence failure takes: what was found, what was expected, what to do. */
const found = (what: string) => expect.stringMatching(new RegExp(`^${what.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: expected .+; .+`));

const component = (name: string) => ({ type: 'library', name, version: '1.0.0', purl: `pkg:npm/${name}@1.0.0` });

describe('verifySbom: documents that verify', () => {
  it.each([
    ['cyclonedx-1.3.json', 'CycloneDX 1.3 with 1 component', { format: 'CycloneDX', spec_version: '1.3', components: 1, services: 0 }],
    ['cyclonedx-1.4.json', 'CycloneDX 1.4 with 1 component', { format: 'CycloneDX', spec_version: '1.4', components: 1, services: 0 }],
    ['cyclonedx-1.5.json', 'CycloneDX 1.5 with 2 components', { format: 'CycloneDX', spec_version: '1.5', components: 2, services: 0 }],
    // Nested components count: two at the top, one inside @actions/core.
    ['cyclonedx-1.6.json', 'CycloneDX 1.6 with 3 components', { format: 'CycloneDX', spec_version: '1.6', components: 3, services: 0 }],
    ['spdx-2.2.json', 'SPDX 2.2 with 1 package', { format: 'SPDX', spec_version: '2.2', packages: 1 }],
    ['spdx-2.3.json', 'SPDX 2.3 with 2 packages', { format: 'SPDX', spec_version: '2.3', packages: 2 }],
    // Decision: a UTF-8 byte-order mark is ignored (RFC 8259 §8.1 allows it; Windows tools write one).
    ['cyclonedx-1.5-bom-prefixed.json', 'CycloneDX 1.5 with 1 component', { format: 'CycloneDX', spec_version: '1.5', components: 1, services: 0 }],
    // Decision: the content decides the format, not the file name.
    ['spdx-2.3-named-cdx.cdx.json', 'SPDX 2.3 with 2 packages', { format: 'SPDX', spec_version: '2.3', packages: 2 }],
  ])('%s', (name, reason, details) => {
    expect(verifySbom(fixture(name))).toEqual({ verified: true, reason, details });
  });

  it('counts services as well as components, nested ones included: a services-only BOM (a SaaS BOM) verifies', () => {
    const service = (name: string, services?: unknown[]) => ({ name, ...(services ? { services } : {}) });
    const bom = { bomFormat: 'CycloneDX', specVersion: '1.4', version: 1, services: [service('api', [service('auth'), service('billing')]), service('db')] };
    expect(verifySbom(json(bom))).toEqual({
      verified: true,
      reason: 'CycloneDX 1.4 with 4 services',
      details: { format: 'CycloneDX', spec_version: '1.4', components: 0, services: 4 },
    });
    const both = { ...bom, components: [component('a')] };
    expect(verifySbom(json(both)).reason).toBe('CycloneDX 1.4 with 1 component and 4 services');
  });

  it.each(['1.2', '1.3', '1.4', '1.5', '1.6', '1.7'])('reads CycloneDX %s against its own schema', (specVersion) => {
    const bom = { bomFormat: 'CycloneDX', specVersion, version: 1, components: [component('a')] };
    expect(verifySbom(json(bom))).toMatchObject({ verified: true, details: { spec_version: specVersion, components: 1 } });
    // A component type the version's schema does not know is refused: each version has its own list.
    const bad = { ...bom, components: [{ ...component('a'), type: 'machine-learning-model' }] };
    expect(verifySbom(json(bad)).verified).toBe(['1.5', '1.6', '1.7'].includes(specVersion));
  });

  it('checks the JSF signature of a signed BOM as the schema means it: a registered algorithm name is not taken for a URI', () => {
    // JSF's `algorithm` is oneOf [a registered name, a URI]: were "ES256" also taken for a URI, the oneOf would fail.
    const signature = { algorithm: 'ES256', publicKey: { kty: 'EC', crv: 'P-256', x: 'AAAA', y: 'AAAA' }, value: 'AAAA' };
    const bom = { bomFormat: 'CycloneDX', specVersion: '1.6', version: 1, components: [{ ...component('a'), signature }] };
    expect(verifySbom(json(bom))).toMatchObject({ verified: true });
  });

  it('reads an SPDX 3.0.1 JSON-LD document, counting its packages (AI and dataset packages are packages)', () => {
    const creationInfo = { type: 'CreationInfo', '@id': '_:creationinfo', specVersion: '3.0.1', created: '2024-01-01T00:00:00Z', createdBy: ['https://example.com/agent'] };
    const element = (type: string, name: string) => ({ type, spdxId: `https://example.com/${name}`, name, creationInfo: '_:creationinfo' });
    const document = { '@context': 'https://spdx.org/rdf/3.0.1/spdx-context.jsonld', '@graph': [creationInfo, element('software_Package', 'app'), element('ai_AIPackage', 'model'), element('software_File', 'app.bin')] };
    expect(verifySbom(json(document))).toEqual({ verified: true, reason: 'SPDX 3.0.1 with 2 packages', details: { format: 'SPDX', spec_version: '3.0.1', packages: 2 } });
  });
});

describe('verifySbom: documents that do not', () => {
  const schema = (label: string, error: string): string => `does not match the official ${label} schema: ${error}; fix the SBOM or regenerate it with a current version of its tool`;
  it.each([
    ['empty.json', found('empty file'), {}],
    ['cyclonedx-1.6-truncated.json', found('not JSON (XML, tag-value or a damaged file)'), {}],
    ['not-json.spdx', found('not JSON (XML, tag-value or a damaged file)'), {}],
    ['cyclonedx-1.6.xml', found('not JSON (XML, tag-value or a damaged file)'), {}],
    ['not-an-sbom.json', found('not CycloneDX or SPDX (no bomFormat, spdxVersion or SPDX 3 @context)'), {}],
    ['spdx-2.3-claims-cyclonedx.json', found('claims to be both CycloneDX (bomFormat) and SPDX (spdxVersion)'), {}],
    [
      'spdx-2.1.json',
      'SPDX 2.1 is not supported: expected SPDX 2.2, 2.3 or 3.0; generate the SBOM in one of these versions (most tools have a spec-version option)',
      { format: 'SPDX', spec_version: '2.1' },
    ],
    ['spdx-3.0.json', schema('SPDX 3.0.1', "@graph[0] (software_Package): the element must have required property 'creationInfo'"), { format: 'SPDX', spec_version: '3.0.1' }],
    [
      'cyclonedx-1.5-bad-component-type.json',
      schema('CycloneDX 1.5', 'components[0].type must be equal to one of the allowed values (application, framework, library, container, platform, operating-system, …)'),
      { format: 'CycloneDX', spec_version: '1.5' },
    ],
    [
      'cyclonedx-1.6-duplicate-components.json',
      schema('CycloneDX 1.6', 'components must NOT have duplicate items (items 0 and 2 are identical)'),
      { format: 'CycloneDX', spec_version: '1.6' },
    ],
    ['spdx-2.3-no-creation-info.json', schema('SPDX 2.3', "document must have required property 'creationInfo'"), { format: 'SPDX', spec_version: '2.3' }],
    ['spdx-2.3-unknown-property.json', schema('SPDX 2.3', "document must NOT have additional properties ('reviewer')"), { format: 'SPDX', spec_version: '2.3' }],
    [
      'cyclonedx-1.6-no-components.json',
      'CycloneDX 1.6 lists no components and no services: expected at least one; generate the SBOM from the built artifact, not from an empty directory',
      { format: 'CycloneDX', spec_version: '1.6', components: 0, services: 0 },
    ],
    [
      'spdx-2.3-no-packages.json',
      'SPDX 2.3 lists no packages: expected at least one; generate the SBOM from the built artifact, not from an empty directory',
      { format: 'SPDX', spec_version: '2.3', packages: 0 },
    ],
  ])('%s', (name, reason, details) => {
    expect(verifySbom(fixture(name))).toEqual({ verified: false, reason, details });
  });

  it.each([
    ['CycloneDX', { bomFormat: 'CycloneDX', specVersion: '1.1', components: [] }, 'CycloneDX 1.1 is not supported: expected CycloneDX 1.2, 1.3, 1.4, 1.5, 1.6 or 1.7;'],
    ['CycloneDX', { bomFormat: 'CycloneDX', specVersion: '2.0', components: [] }, 'CycloneDX 2.0 is not supported: expected CycloneDX 1.2, 1.3, 1.4, 1.5, 1.6 or 1.7;'],
    ['SPDX', { spdxVersion: 'SPDX-3.0', packages: [] }, 'SPDX 3.0 is not supported: expected SPDX 2.2, 2.3 or 3.0 (SPDX 3.0 is read in its 3.0.1 JSON-LD form);'],
    ['SPDX', { '@context': 'https://spdx.org/rdf/3.0.0/spdx-context.jsonld', '@graph': [] }, 'SPDX 3.0.0 is not supported: expected SPDX 2.2, 2.3 or 3.0 (SPDX 3.0 is read in its 3.0.1 JSON-LD form);'],
  ])('names the %s version found and the versions supported: %j', (format, document, reason) => {
    const check = verifySbom(json(document));
    expect(check.verified).toBe(false);
    expect(check.reason.startsWith(reason)).toBe(true);
    expect(check.details.format).toBe(format);
  });

  it('names an SBOM attestation given in place of the SBOM it wraps', () => {
    const statement = { _type: 'https://in-toto.io/Statement/v1', predicateType: 'https://cyclonedx.org/bom', subject: [], predicate: { bomFormat: 'CycloneDX', specVersion: '1.6' } };
    const envelope = { payloadType: 'application/vnd.in-toto+json', payload: Buffer.from(JSON.stringify(statement)).toString('base64'), signatures: [] };
    for (const document of [statement, envelope, { mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json', dsseEnvelope: envelope }]) {
      expect(verifySbom(json(document)).reason).toEqual(found('an attestation (in-toto statement, DSSE envelope or Sigstore bundle), not an SBOM'));
    }
  });

  it('explains an SPDX 3 document by the element that breaks its schema, not by the schema\'s list of alternatives', () => {
    const document = { '@context': ['https://spdx.org/rdf/3.0.1/spdx-context.json'], '@graph': [] };
    expect(verifySbom(json(document)).reason).toBe(
      schema('SPDX 3.0.1', "@context must be the string 'https://spdx.org/rdf/3.0.1/spdx-context.jsonld' (found a list)"),
    );
    const unknownClass = { '@context': 'https://spdx.org/rdf/3.0.1/spdx-context.jsonld', '@graph': [{ type: 'software_Widget', spdxId: 'https://example.com/w' }] };
    expect(verifySbom(json(unknownClass)).reason).toBe(schema('SPDX 3.0.1', "@graph[0].type 'software_Widget' is not an SPDX 3.0.1 class"));
  });

  it.each([
    ['whitespace only', Buffer.from(' \n\t\r\n'), found('empty file')],
    ['a byte-order mark only', Buffer.from([0xef, 0xbb, 0xbf]), found('empty file')],
    ['invalid UTF-8', Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]), found('not JSON (not UTF-8 text)')],
    ['UTF-16', Buffer.from('\ufeff{"bomFormat":"CycloneDX"}', 'utf16le'), found('not JSON (not UTF-8 text)')],
    ['a JSON array', Buffer.from('[{"bomFormat":"CycloneDX","specVersion":"1.6"}]'), found('not CycloneDX or SPDX (the JSON is not an object)')],
    ['a JSON string', Buffer.from('"CycloneDX"'), found('not CycloneDX or SPDX (the JSON is not an object)')],
    ['bomFormat in lower case', Buffer.from('{"bomFormat":"cyclonedx","specVersion":"1.6"}'), found('not CycloneDX or SPDX (no bomFormat, spdxVersion or SPDX 3 @context)')],
  ])('%s', (_label, bytes, reason) => {
    expect(verifySbom(evidence('evidence/bom.json', bytes))).toEqual({ verified: false, reason, details: {} });
  });

  it('names a CycloneDX document without specVersion', () => {
    expect(verifySbom(json({ bomFormat: 'CycloneDX', components: [component('a')] }))).toEqual({
      verified: false,
      reason: found('CycloneDX without a specVersion'),
      details: { format: 'CycloneDX' },
    });
  });

  it.each([['2.3'], ['spdx-2.3'], [2.3]])('names an spdxVersion not written like "SPDX-2.3": %j', (spdxVersion) => {
    expect(verifySbom(json({ spdxVersion, SPDXID: 'SPDXRef-DOCUMENT', packages: [] }))).toEqual({
      verified: false,
      reason: expect.stringMatching(/^SPDX spdxVersion is (".*"|not a string): expected "SPDX-2\.2" or "SPDX-2\.3"; /),
      details: { format: 'SPDX' },
    });
  });

  it('shows a hostile version string cut short and without control characters', () => {
    const result = verifySbom(json({ bomFormat: 'CycloneDX', specVersion: `1.7\u001b[31m${'9'.repeat(100)}`, components: [] }));
    // 24 characters are kept: "1.7[31m" and 17 nines; the escape character itself is dropped.
    expect(result.reason).toMatch(new RegExp(`^CycloneDX 1\\.7\\[31m${'9'.repeat(17)}… is not supported: expected CycloneDX 1\\.2, `));
  });

  it('never echoes the file content when it is not JSON', () => {
    const result = verifySbom(evidence('evidence/bom.json', Buffer.from('{"bomFormat":"CycloneDX","token":"s3cr3t-value",')));
    expect(result).toEqual({ verified: false, reason: found('not JSON (XML, tag-value or a damaged file)'), details: {} });
    expect(result.reason).not.toContain('s3cr3t');
  });

  it('reports where a nested schema error is, as a key path', () => {
    const bom = {
      bomFormat: 'CycloneDX',
      specVersion: '1.6',
      components: [{ ...component('a'), components: [component('b'), component('c'), { ...component('b') }] }],
    };
    expect(verifySbom(json(bom)).reason).toBe(schema('CycloneDX 1.6', 'components[0].components must NOT have duplicate items (items 0 and 2 are identical)'));
  });

  it('tells items that differ only deep inside apart', () => {
    const deep = (id: string) => ({ ...component('a'), licenses: [{ license: { id } }] });
    const bom = { bomFormat: 'CycloneDX', specVersion: '1.6', components: [deep('MIT'), deep('ISC')] };
    expect(verifySbom(json(bom))).toMatchObject({ verified: true, details: { components: 2 } });
  });
});

describe('verifySbom: bounded work on hostile input', () => {
  const nested = (levels: number): string => {
    let text = '{"type":"library","name":"leaf"}';
    for (let level = 0; level < levels; level += 1) text = `{"type":"library","name":"n${level}","components":[${text}]}`;
    return `{"bomFormat":"CycloneDX","specVersion":"1.6","components":[${text}]}`;
  };

  it(`refuses components nested deeper than ${MAX_SBOM_DEPTH} levels before parsing`, () => {
    // The depth is counted while the text is scanned for duplicate keys, before JSON.parse.
    expect(verifySbom(evidence('evidence/deep.json', Buffer.from(nested(200))))).toEqual({
      verified: false,
      reason: found(`nested deeper than ${MAX_SBOM_DEPTH} levels`),
      details: {},
    });
  });

  it('still validates the deepest nesting it accepts', () => {
    // Each component level is two JSON levels (the array and the object): 126 levels stay under 256.
    expect(verifySbom(evidence('evidence/deep.json', Buffer.from(nested(126))))).toMatchObject({ verified: true, details: { components: 127 } });
  });

  it('refuses a million nested arrays without overflowing the stack', () => {
    const text = `{"bomFormat":"CycloneDX","specVersion":"1.6","components":${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}}`;
    expect(verifySbom(evidence('evidence/deep.json', Buffer.from(text))).reason).toEqual(found(`nested deeper than ${MAX_SBOM_DEPTH} levels`));
  });

  it('checks uniqueItems in linear time: 20 000 components in seconds, not minutes', () => {
    // Ajv's own uniqueItems compares every pair: this document took 77 s with it.
    const components = Array.from({ length: 20_000 }, (_, index) => ({
      ...component(`pkg-${index}`),
      licenses: [{ license: { id: 'MIT' } }],
      hashes: [{ alg: 'SHA-256', content: createHash('sha256').update(String(index)).digest('hex') }],
    }));
    const started = performance.now();
    const result = verifySbom(json({ bomFormat: 'CycloneDX', specVersion: '1.6', version: 1, components }));
    expect(result).toEqual({ verified: true, reason: 'CycloneDX 1.6 with 20000 components', details: { format: 'CycloneDX', spec_version: '1.6', components: 20_000, services: 0 } });
    expect(performance.now() - started).toBeLessThan(15_000);
  }, 60_000);
});

describe('schemas/vendor', () => {
  it('holds exactly the files its README lists, with the digests it lists', () => {
    const readme = readFileSync(new URL('README.md', VENDOR), 'utf8');
    const rows = [...readme.matchAll(/^\| `([^`]+\.json)` \|.*\| `([0-9a-f]{64})` \|/gm)].map((match) => [match[1]!, match[2]!] as const);
    expect(rows.map(([file]) => file).sort()).toEqual([
      'cyclonedx/bom-1.2.schema.json',
      'cyclonedx/bom-1.3.schema.json',
      'cyclonedx/bom-1.4.SNAPSHOT.schema.json',
      'cyclonedx/bom-1.5.SNAPSHOT.schema.json',
      'cyclonedx/bom-1.6.SNAPSHOT.schema.json',
      'cyclonedx/bom-1.7.schema.json',
      'cyclonedx/cryptography-defs.schema.json',
      'cyclonedx/jsf-0.82.SNAPSHOT.schema.json',
      'cyclonedx/spdx.SNAPSHOT.schema.json',
      'sarif/sarif-schema-2.1.0.json',
      'spdx/spdx-2.2.schema.json',
      'spdx/spdx-2.3.schema.json',
      'spdx/spdx-3.0.1.schema.json',
    ]);
    // And nothing else is in the folder: every schema shipped is one the README accounts for.
    const shipped = ['cyclonedx', 'spdx', 'sarif'].flatMap((folder) => readdirSync(new URL(`${folder}/`, VENDOR)).map((name) => `${folder}/${name}`));
    expect(shipped.sort()).toEqual(rows.map(([file]) => file).sort());
    for (const [file, sha256] of rows) {
      expect(createHash('sha256').update(readFileSync(new URL(file, VENDOR))).digest('hex'), file).toBe(sha256);
    }
  });

  it('is what the verifier uses: every schema it loads is of the draft and $id its upstream gives it', () => {
    const load = (file: string) => JSON.parse(readFileSync(new URL(file, VENDOR), 'utf8')) as Record<string, unknown>;
    const cyclonedx: [string, string][] = [
      // Upstream's own ids for 1.2 and 1.3 carry a revision letter.
      ['cyclonedx/bom-1.2.schema.json', 'http://cyclonedx.org/schema/bom-1.2b.schema.json'],
      ['cyclonedx/bom-1.3.schema.json', 'http://cyclonedx.org/schema/bom-1.3a.schema.json'],
      ['cyclonedx/bom-1.4.SNAPSHOT.schema.json', 'http://cyclonedx.org/schema/bom-1.4.schema.json'],
      ['cyclonedx/bom-1.5.SNAPSHOT.schema.json', 'http://cyclonedx.org/schema/bom-1.5.schema.json'],
      ['cyclonedx/bom-1.6.SNAPSHOT.schema.json', 'http://cyclonedx.org/schema/bom-1.6.schema.json'],
      ['cyclonedx/bom-1.7.schema.json', 'http://cyclonedx.org/schema/bom-1.7.schema.json'],
    ];
    for (const [file, id] of cyclonedx) {
      expect(load(file).$schema, file).toBe('http://json-schema.org/draft-07/schema#');
      expect(load(file).$id, file).toBe(id);
    }
    const spdx3 = load('spdx/spdx-3.0.1.schema.json');
    expect(spdx3.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect((spdx3.properties as Record<string, unknown>)['@context']).toEqual({ const: 'https://spdx.org/rdf/3.0.1/spdx-context.jsonld' });
    const spdx = (version: string) => JSON.parse(readFileSync(fileURLToPath(new URL(`spdx/spdx-${version}.schema.json`, VENDOR)), 'utf8')) as Record<string, unknown>;
    expect([spdx('2.2').$id, spdx('2.2').title]).toEqual(['http://spdx.org/rdf/terms', 'SPDX 2.2']);
    expect([spdx('2.3').$id, spdx('2.3').title]).toEqual(['http://spdx.org/rdf/terms/2.3', 'SPDX 2.3']);
  });
});
