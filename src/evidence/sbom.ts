/**
 * Verifies an SBOM: CycloneDX JSON (1.4–1.6) or SPDX JSON (2.2–2.3), valid against the official
 * JSON schema of its version and listing at least one component or package.
 *
 * The schemas ship in the repository (`schemas/vendor/`, provenance in its README) and are
 * imported statically, so ncc inlines them into `dist/`: nothing is fetched at gate time.
 */
import { createHash } from 'node:crypto';
import { Ajv, type ErrorObject, type SchemaValidateFunction, type ValidateFunction } from 'ajv';
import cyclonedx14 from '../../schemas/vendor/cyclonedx/bom-1.4.SNAPSHOT.schema.json' with { type: 'json' };
import cyclonedx15 from '../../schemas/vendor/cyclonedx/bom-1.5.SNAPSHOT.schema.json' with { type: 'json' };
import cyclonedx16 from '../../schemas/vendor/cyclonedx/bom-1.6.SNAPSHOT.schema.json' with { type: 'json' };
import jsf082 from '../../schemas/vendor/cyclonedx/jsf-0.82.SNAPSHOT.schema.json' with { type: 'json' };
import spdxLicenses from '../../schemas/vendor/cyclonedx/spdx.SNAPSHOT.schema.json' with { type: 'json' };
import spdx22 from '../../schemas/vendor/spdx/spdx-2.2.schema.json' with { type: 'json' };
import spdx23 from '../../schemas/vendor/spdx/spdx-2.3.schema.json' with { type: 'json' };
import { parseStrictJson } from './json.js';
import type { EvidenceCheck, EvidenceFile } from './types.js';

/**
 * Deepest nesting of arrays and objects handed to the schema validator. Real SBOMs nest a few
 * dozen levels (components inside components); the validator recurses once per level, so a
 * hostile file nested thousands deep must be refused before it can exhaust the stack.
 */
export const MAX_SBOM_DEPTH = 256;

export type SbomFormat = 'CycloneDX' | 'SPDX';

const CYCLONEDX_SCHEMAS: Readonly<Record<string, object>> = { '1.4': cyclonedx14, '1.5': cyclonedx15, '1.6': cyclonedx16 };
const SPDX_SCHEMAS: Readonly<Record<string, object>> = { '2.2': spdx22, '2.3': spdx23 };
const CYCLONEDX_RANGE = '1.4–1.6';
const SPDX_RANGE = '2.2–2.3';

// The CycloneDX schemas come from @cyclonedx/cyclonedx-library, which renamed the files they
// `$ref` to `*.SNAPSHOT.schema.json` but kept those files' own `$id`s. They are registered
// under the names the BOM schemas use, so the vendored files stay byte-identical to the package.
const CYCLONEDX_REFERENCED: readonly { id: string; schema: object }[] = [
  { id: 'http://cyclonedx.org/schema/spdx.SNAPSHOT.schema.json', schema: spdxLicenses },
  { id: 'http://cyclonedx.org/schema/jsf-0.82.SNAPSHOT.schema.json', schema: jsf082 },
];

/**
 * Checks one SBOM file. Never throws for bad input: every problem becomes `verified: false`
 * with a short reason ("not JSON", "has no components", "does not match the CycloneDX 1.5
 * schema: …"), and `details` carries what was recognised (format, spec version, components).
 */
export function verifySbom(file: EvidenceFile): EvidenceCheck {
  const text = decodeUtf8(file.bytes);
  if (text !== undefined && text.trim() === '') return fail('empty file');
  const parsed = text === undefined ? undefined : parseStrictJson(text);
  // Only fixed phrases: the parser's own message would quote the file's content.
  if (parsed === undefined || (!parsed.ok && parsed.reason === 'not valid JSON')) return fail('not JSON');
  if (!parsed.ok) return fail(parsed.reason);
  const document = parsed.value;

  const detected = detectFormat(document);
  if ('reason' in detected) return detected;
  const { format, version } = detected;
  const found = { format, spec_version: version };

  if (exceedsDepth(document, MAX_SBOM_DEPTH)) return fail(`nested deeper than ${MAX_SBOM_DEPTH} levels`, found);
  const validate = schemaValidator(format, version);
  if (!validate(document)) {
    return fail(`does not match the ${format} ${version} schema: ${describeSchemaError(validate.errors?.[0])}`, found);
  }

  const [count, noun] = format === 'CycloneDX' ? [countCycloneDxComponents(document), 'component'] : [countSpdxPackages(document), 'package'];
  const details = { ...found, components: count };
  if (count === 0) return { verified: false, reason: `has no ${noun}s`, details };
  return { verified: true, reason: `${format} ${version} with ${count} ${noun}${count === 1 ? '' : 's'}`, details };
}

function fail(reason: string, details: Record<string, unknown> = {}): EvidenceCheck {
  return { verified: false, reason, details };
}

/**
 * The text of `bytes` when they are valid UTF-8, else undefined. TextDecoder drops a leading
 * UTF-8 byte-order mark: RFC 8259 §8.1 lets parsers ignore one, and Windows tools write it.
 */
function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

type Detection = { format: SbomFormat; version: string } | EvidenceCheck;

/** Which format and version the document claims, from its top-level keys alone. */
function detectFormat(document: unknown): Detection {
  if (!isRecord(document)) return fail('not CycloneDX or SPDX');
  const claimsCycloneDx = document.bomFormat === 'CycloneDX';
  const claimsSpdx = 'spdxVersion' in document;
  if (claimsCycloneDx && claimsSpdx) return fail('claims to be both CycloneDX (bomFormat) and SPDX (spdxVersion)');

  if (claimsCycloneDx) {
    const version = document.specVersion;
    if (typeof version !== 'string') return fail(`CycloneDX without a specVersion (${CYCLONEDX_RANGE} supported)`, { format: 'CycloneDX' });
    if (!Object.hasOwn(CYCLONEDX_SCHEMAS, version)) {
      return fail(`CycloneDX ${shown(version)} is not supported (${CYCLONEDX_RANGE})`, { format: 'CycloneDX', spec_version: shown(version) });
    }
    return { format: 'CycloneDX', version };
  }

  if (claimsSpdx) {
    const declared = document.spdxVersion;
    const match = typeof declared === 'string' ? /^SPDX-(.+)$/.exec(declared) : null;
    if (!match?.[1]) return fail('SPDX spdxVersion is not like "SPDX-2.3"', { format: 'SPDX' });
    const version = match[1];
    if (!Object.hasOwn(SPDX_SCHEMAS, version)) {
      return fail(`SPDX ${shown(version)} is not supported (${SPDX_RANGE})`, { format: 'SPDX', spec_version: shown(version) });
    }
    return { format: 'SPDX', version };
  }

  // SPDX 3 is JSON-LD without `spdxVersion`; naming it saves a user from guessing.
  if (JSON.stringify(document['@context'] ?? null).includes('spdx.org/rdf/3')) {
    return fail(`SPDX 3 is not supported (${SPDX_RANGE})`, { format: 'SPDX' });
  }
  return fail('not CycloneDX or SPDX');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A value from the file, safe to put in a one-line reason: no control characters, short. */
function shown(value: string, max = 24): string {
  const clean = value.replace(/[\u0000-\u001f\u007f-\u009f]/g, '');
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

/**
 * True when arrays and objects nest deeper than `limit`. Walks with an explicit stack, so the
 * check itself cannot overflow on the input it exists to refuse.
 */
function exceedsDepth(root: unknown, limit: number): boolean {
  const nodes: unknown[] = [root];
  const depths: number[] = [1];
  while (nodes.length > 0) {
    const node = nodes.pop();
    const depth = depths.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    if (depth > limit) return true;
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (typeof child === 'object' && child !== null) {
        nodes.push(child);
        depths.push(depth + 1);
      }
    }
  }
  return false;
}

let ajv: Ajv | undefined;
let cycloneDxReferencesAdded = false;
const validators = new Map<string, ValidateFunction>();

/** The compiled validator for one schema, built on first use and kept for the process. */
function schemaValidator(format: SbomFormat, version: string): ValidateFunction {
  const key = `${format} ${version}`;
  const cached = validators.get(key);
  if (cached) return cached;
  ajv ??= createAjv();
  if (format === 'CycloneDX' && !cycloneDxReferencesAdded) {
    for (const { id, schema } of CYCLONEDX_REFERENCED) ajv.addSchema({ ...schema, $id: id });
    cycloneDxReferencesAdded = true;
  }
  const schema = format === 'CycloneDX' ? CYCLONEDX_SCHEMAS[version] : SPDX_SCHEMAS[version];
  if (!schema) throw new Error(`no schema for ${key}`);
  const validate = ajv.compile(schema);
  validators.set(key, validate);
  return validate;
}

function createAjv(): Ajv {
  const instance = new Ajv({
    // All of these schemas are draft-07, Ajv's default draft.
    // Official schemas use what strict mode refuses (`meta:enum`, `additionalItems` beside a
    // single `items` schema); strict mode is for schemas we write, not ones we vendor.
    strict: false,
    // `format` is an annotation the draft lets validators skip. ajv-formats lacks two formats
    // CycloneDX uses (idn-email, iri-reference), so checking the rest would be uneven, and a
    // timestamp's shape does not decide whether a file is an SBOM.
    validateFormats: false,
    // Stop at the first error: that is all the reason shows, and it bounds the work.
    allErrors: false,
  });
  // Ajv checks `uniqueItems` by comparing every pair of items: 20 000 components took 77 s,
  // and a 64 MiB file would not finish. Fingerprinting each item once keeps it linear.
  instance.removeKeyword('uniqueItems');
  instance.addKeyword({ keyword: 'uniqueItems', type: 'array', schemaType: 'boolean', errors: true, validate: validateUniqueItems });
  return instance;
}

const validateUniqueItems: SchemaValidateFunction = (required: boolean, items: unknown[]) => {
  validateUniqueItems.errors = [];
  if (!required) return true;
  const seen = new Map<string, number>();
  for (const [index, item] of items.entries()) {
    const key = fingerprint(item);
    const first = seen.get(key);
    if (first !== undefined) {
      validateUniqueItems.errors = [{ keyword: 'uniqueItems', message: `must NOT have duplicate items (items ${first} and ${index} are identical)`, params: { i: index, j: first } }];
      return false;
    }
    seen.set(key, index);
  }
  return true;
};

// Fingerprints of objects and arrays, so an item nested in several `uniqueItems` arrays is
// serialised once, not once per level. Entries go when the parsed document is collected.
const fingerprints = new WeakMap<object, string>();
/** Canonical forms longer than this are replaced by their digest, so a parent embeds at most this much per child. */
const MAX_INLINE_FINGERPRINT = 96;

/**
 * A string equal for two JSON values exactly when they are deeply equal (the equality
 * `uniqueItems` means): object keys sorted, children by their own fingerprints. Recursion is
 * bounded by MAX_SBOM_DEPTH, checked before validation starts.
 */
function fingerprint(value: unknown): string {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value) ?? 'undefined';
  const cached = fingerprints.get(value);
  if (cached !== undefined) return cached;
  const canonical = Array.isArray(value)
    ? `[${value.map(fingerprint).join(',')}]`
    : `{${Object.keys(value)
        .sort()
        .map((key) => `${JSON.stringify(key)}:${fingerprint((value as Record<string, unknown>)[key])}`)
        .join(',')}}`;
  // A digest starts with '#', which starts no canonical form and no JSON scalar: they never collide.
  const result = canonical.length <= MAX_INLINE_FINGERPRINT ? canonical : `#${createHash('sha256').update(canonical).digest('base64')}`;
  fingerprints.set(value, result);
  return result;
}

const MAX_ALLOWED_SHOWN = 6;

/** One schema error as "<where> <what is wrong>", e.g. "components[0].type must be equal to one of …". */
function describeSchemaError(error: ErrorObject | undefined): string {
  if (!error) return 'no detail';
  let message = error.message ?? 'is invalid';
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'additionalProperties' && typeof params.additionalProperty === 'string') {
    message += ` ('${shown(params.additionalProperty, 40)}')`;
  } else if (error.keyword === 'enum' && Array.isArray(params.allowedValues)) {
    const allowed = params.allowedValues.map(String);
    const listed = allowed.slice(0, MAX_ALLOWED_SHOWN).join(', ');
    message += ` (${listed}${allowed.length > MAX_ALLOWED_SHOWN ? ', …' : ''})`;
  }
  return `${keyPath(error.instancePath)} ${message}`;
}

/** "/components/0/type" → "components[0].type"; the root is "document". */
function keyPath(pointer: string): string {
  if (pointer === '') return 'document';
  let out = '';
  for (const raw of pointer.split('/').slice(1)) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (/^\d+$/.test(segment)) out += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(shown(segment, 40))}]`;
  }
  return out;
}

/** Components in a schema-valid CycloneDX BOM, nested ones included (metadata.component is the subject, not counted). */
function countCycloneDxComponents(bom: unknown): number {
  let count = 0;
  const pending: unknown[] = [bom];
  while (pending.length > 0) {
    const node = pending.pop();
    if (!isRecord(node) || !Array.isArray(node.components)) continue;
    count += node.components.length;
    // A loop, not push(...spread): a spread of 100 000 arguments overflows the stack.
    for (const component of node.components) pending.push(component);
  }
  return count;
}

function countSpdxPackages(document: unknown): number {
  return isRecord(document) && Array.isArray(document.packages) ? document.packages.length : 0;
}
