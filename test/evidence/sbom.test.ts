/**
 * An SBOM proves its flag when it is CycloneDX JSON 1.4–1.6 or SPDX JSON 2.2–2.3, valid against
 * the official schema shipped in schemas/vendor/, with at least one component or package.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
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

const component = (name: string) => ({ type: 'library', name, version: '1.0.0', purl: `pkg:npm/${name}@1.0.0` });

describe('verifySbom: documents that verify', () => {
  it.each([
    ['cyclonedx-1.4.json', 'CycloneDX 1.4 with 1 component', { format: 'CycloneDX', spec_version: '1.4', components: 1 }],
    ['cyclonedx-1.5.json', 'CycloneDX 1.5 with 2 components', { format: 'CycloneDX', spec_version: '1.5', components: 2 }],
    // Nested components count: two at the top, one inside @actions/core.
    ['cyclonedx-1.6.json', 'CycloneDX 1.6 with 3 components', { format: 'CycloneDX', spec_version: '1.6', components: 3 }],
    ['spdx-2.2.json', 'SPDX 2.2 with 1 package', { format: 'SPDX', spec_version: '2.2', components: 1 }],
    ['spdx-2.3.json', 'SPDX 2.3 with 2 packages', { format: 'SPDX', spec_version: '2.3', components: 2 }],
    // Decision: a UTF-8 byte-order mark is ignored (RFC 8259 §8.1 allows it; Windows tools write one).
    ['cyclonedx-1.5-bom-prefixed.json', 'CycloneDX 1.5 with 1 component', { format: 'CycloneDX', spec_version: '1.5', components: 1 }],
    // Decision: the content decides the format, not the file name.
    ['spdx-2.3-named-cdx.cdx.json', 'SPDX 2.3 with 2 packages', { format: 'SPDX', spec_version: '2.3', components: 2 }],
  ])('%s', (name, reason, details) => {
    expect(verifySbom(fixture(name))).toEqual({ verified: true, reason, details });
  });
});

describe('verifySbom: documents that do not', () => {
  it.each([
    ['empty.json', 'empty file', {}],
    ['cyclonedx-1.6-truncated.json', 'not JSON', {}],
    ['not-json.spdx', 'not JSON', {}],
    ['cyclonedx-1.6.xml', 'not JSON', {}],
    ['not-an-sbom.json', 'not CycloneDX or SPDX', {}],
    ['spdx-2.3-claims-cyclonedx.json', 'claims to be both CycloneDX (bomFormat) and SPDX (spdxVersion)', {}],
    ['cyclonedx-1.3.json', 'CycloneDX 1.3 is not supported (1.4–1.6)', { format: 'CycloneDX', spec_version: '1.3' }],
    ['spdx-2.1.json', 'SPDX 2.1 is not supported (2.2–2.3)', { format: 'SPDX', spec_version: '2.1' }],
    ['spdx-3.0.json', 'SPDX 3 is not supported (2.2–2.3)', { format: 'SPDX' }],
    [
      'cyclonedx-1.5-bad-component-type.json',
      'does not match the CycloneDX 1.5 schema: components[0].type must be equal to one of the allowed values (application, framework, library, container, platform, operating-system, …)',
      { format: 'CycloneDX', spec_version: '1.5' },
    ],
    [
      'cyclonedx-1.6-duplicate-components.json',
      'does not match the CycloneDX 1.6 schema: components must NOT have duplicate items (items 0 and 2 are identical)',
      { format: 'CycloneDX', spec_version: '1.6' },
    ],
    [
      'spdx-2.3-no-creation-info.json',
      "does not match the SPDX 2.3 schema: document must have required property 'creationInfo'",
      { format: 'SPDX', spec_version: '2.3' },
    ],
    [
      'spdx-2.3-unknown-property.json',
      "does not match the SPDX 2.3 schema: document must NOT have additional properties ('reviewer')",
      { format: 'SPDX', spec_version: '2.3' },
    ],
    ['cyclonedx-1.6-no-components.json', 'has no components', { format: 'CycloneDX', spec_version: '1.6', components: 0 }],
    ['spdx-2.3-no-packages.json', 'has no packages', { format: 'SPDX', spec_version: '2.3', components: 0 }],
  ])('%s: %s', (name, reason, details) => {
    expect(verifySbom(fixture(name))).toEqual({ verified: false, reason, details });
  });

  it.each([
    ['whitespace only', Buffer.from(' \n\t\r\n'), 'empty file'],
    ['a byte-order mark only', Buffer.from([0xef, 0xbb, 0xbf]), 'empty file'],
    ['invalid UTF-8', Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]), 'not JSON'],
    ['UTF-16', Buffer.from('\ufeff{"bomFormat":"CycloneDX"}', 'utf16le'), 'not JSON'],
    ['a JSON array', Buffer.from('[{"bomFormat":"CycloneDX","specVersion":"1.6"}]'), 'not CycloneDX or SPDX'],
    ['a JSON string', Buffer.from('"CycloneDX"'), 'not CycloneDX or SPDX'],
    ['bomFormat in lower case', Buffer.from('{"bomFormat":"cyclonedx","specVersion":"1.6"}'), 'not CycloneDX or SPDX'],
  ])('%s → %s', (_label, bytes, reason) => {
    expect(verifySbom(evidence('evidence/bom.json', bytes))).toEqual({ verified: false, reason, details: {} });
  });

  it('names a CycloneDX document without specVersion', () => {
    expect(verifySbom(json({ bomFormat: 'CycloneDX', components: [component('a')] }))).toEqual({
      verified: false,
      reason: 'CycloneDX without a specVersion (1.4–1.6 supported)',
      details: { format: 'CycloneDX' },
    });
  });

  it.each([['2.3'], ['spdx-2.3'], [2.3]])('names an spdxVersion not written like "SPDX-2.3": %j', (spdxVersion) => {
    expect(verifySbom(json({ spdxVersion, SPDXID: 'SPDXRef-DOCUMENT', packages: [] }))).toEqual({
      verified: false,
      reason: 'SPDX spdxVersion is not like "SPDX-2.3"',
      details: { format: 'SPDX' },
    });
  });

  it('shows a hostile version string cut short and without control characters', () => {
    const result = verifySbom(json({ bomFormat: 'CycloneDX', specVersion: `1.7\u001b[31m${'9'.repeat(100)}`, components: [] }));
    // 24 characters are kept: "1.7[31m" and 17 nines; the escape character itself is dropped.
    expect(result.reason).toBe(`CycloneDX 1.7[31m${'9'.repeat(17)}… is not supported (1.4–1.6)`);
  });

  it('never echoes the file content when it is not JSON', () => {
    const result = verifySbom(evidence('evidence/bom.json', Buffer.from('{"bomFormat":"CycloneDX","token":"s3cr3t-value",')));
    expect(result).toEqual({ verified: false, reason: 'not JSON', details: {} });
  });

  it('reports where a nested schema error is, as a key path', () => {
    const bom = {
      bomFormat: 'CycloneDX',
      specVersion: '1.6',
      components: [{ ...component('a'), components: [component('b'), component('c'), { ...component('b') }] }],
    };
    expect(verifySbom(json(bom)).reason).toBe(
      'does not match the CycloneDX 1.6 schema: components[0].components must NOT have duplicate items (items 0 and 2 are identical)',
    );
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
      reason: `nested deeper than ${MAX_SBOM_DEPTH} levels`,
      details: {},
    });
  });

  it('still validates the deepest nesting it accepts', () => {
    // Each component level is two JSON levels (the array and the object): 126 levels stay under 256.
    expect(verifySbom(evidence('evidence/deep.json', Buffer.from(nested(126))))).toMatchObject({ verified: true, details: { components: 127 } });
  });

  it('refuses a million nested arrays without overflowing the stack', () => {
    const text = `{"bomFormat":"CycloneDX","specVersion":"1.6","components":${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}}`;
    expect(verifySbom(evidence('evidence/deep.json', Buffer.from(text))).reason).toBe(`nested deeper than ${MAX_SBOM_DEPTH} levels`);
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
    expect(result).toEqual({ verified: true, reason: 'CycloneDX 1.6 with 20000 components', details: { format: 'CycloneDX', spec_version: '1.6', components: 20_000 } });
    expect(performance.now() - started).toBeLessThan(15_000);
  }, 60_000);
});

describe('schemas/vendor', () => {
  it('holds exactly the files its README lists, with the digests it lists', () => {
    const readme = readFileSync(new URL('README.md', VENDOR), 'utf8');
    const rows = [...readme.matchAll(/^\| `([^`]+\.json)` \|.*\| `([0-9a-f]{64})` \|/gm)].map((match) => [match[1]!, match[2]!] as const);
    expect(rows.map(([file]) => file).sort()).toEqual([
      'cyclonedx/bom-1.4.SNAPSHOT.schema.json',
      'cyclonedx/bom-1.5.SNAPSHOT.schema.json',
      'cyclonedx/bom-1.6.SNAPSHOT.schema.json',
      'cyclonedx/jsf-0.82.SNAPSHOT.schema.json',
      'cyclonedx/spdx.SNAPSHOT.schema.json',
      'sarif/sarif-schema-2.1.0.json',
      'spdx/spdx-2.2.schema.json',
      'spdx/spdx-2.3.schema.json',
    ]);
    for (const [file, sha256] of rows) {
      expect(createHash('sha256').update(readFileSync(new URL(file, VENDOR))).digest('hex'), file).toBe(sha256);
    }
  });

  it('is what the verifier uses: every schema it loads is draft-07 with the expected $id', () => {
    const ids = Object.fromEntries(
      ['cyclonedx/bom-1.4', 'cyclonedx/bom-1.5', 'cyclonedx/bom-1.6'].map((name) => [name, JSON.parse(readFileSync(new URL(`${name}.SNAPSHOT.schema.json`, VENDOR), 'utf8')) as Record<string, unknown>]),
    );
    for (const [name, schema] of Object.entries(ids)) {
      expect(schema.$schema, name).toBe('http://json-schema.org/draft-07/schema#');
      expect(schema.$id, name).toBe(`http://cyclonedx.org/schema/${name.slice('cyclonedx/'.length)}.schema.json`);
    }
    const spdx = (version: string) => JSON.parse(readFileSync(fileURLToPath(new URL(`spdx/spdx-${version}.schema.json`, VENDOR)), 'utf8')) as Record<string, unknown>;
    expect([spdx('2.2').$id, spdx('2.2').title]).toEqual(['http://spdx.org/rdf/terms', 'SPDX 2.2']);
    expect([spdx('2.3').$id, spdx('2.3').title]).toEqual(['http://spdx.org/rdf/terms/2.3', 'SPDX 2.3']);
  });
});
