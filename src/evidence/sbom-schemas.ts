/**
 * The official JSON schemas an SBOM is checked against, one per supported format and version,
 * and the validators compiled from them. The schemas ship in the repository (`schemas/vendor/`,
 * their sources and digests in its README) and are imported statically, so ncc inlines them
 * into `dist/`: nothing is fetched at gate time.
 */
import { createHash } from 'node:crypto';
import { Ajv, type Options, type SchemaValidateFunction, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import cyclonedx12 from '../../schemas/vendor/cyclonedx/bom-1.2.schema.json' with { type: 'json' };
import cyclonedx13 from '../../schemas/vendor/cyclonedx/bom-1.3.schema.json' with { type: 'json' };
import cyclonedx14 from '../../schemas/vendor/cyclonedx/bom-1.4.SNAPSHOT.schema.json' with { type: 'json' };
import cyclonedx15 from '../../schemas/vendor/cyclonedx/bom-1.5.SNAPSHOT.schema.json' with { type: 'json' };
import cyclonedx16 from '../../schemas/vendor/cyclonedx/bom-1.6.SNAPSHOT.schema.json' with { type: 'json' };
import cyclonedx17 from '../../schemas/vendor/cyclonedx/bom-1.7.schema.json' with { type: 'json' };
import cryptographyDefs from '../../schemas/vendor/cyclonedx/cryptography-defs.schema.json' with { type: 'json' };
import jsf082 from '../../schemas/vendor/cyclonedx/jsf-0.82.SNAPSHOT.schema.json' with { type: 'json' };
import spdxLicenses from '../../schemas/vendor/cyclonedx/spdx.SNAPSHOT.schema.json' with { type: 'json' };
import spdx22 from '../../schemas/vendor/spdx/spdx-2.2.schema.json' with { type: 'json' };
import spdx23 from '../../schemas/vendor/spdx/spdx-2.3.schema.json' with { type: 'json' };
import spdx301 from '../../schemas/vendor/spdx/spdx-3.0.1.schema.json' with { type: 'json' };

export type SbomFormat = 'CycloneDX' | 'SPDX';

/** Every version the gate reads, by format, oldest first: the lists the messages name. */
export const CYCLONEDX_VERSIONS = ['1.2', '1.3', '1.4', '1.5', '1.6', '1.7'] as const;
export const SPDX_VERSIONS = ['2.2', '2.3', '3.0'] as const;

const CYCLONEDX_SCHEMAS: Readonly<Record<string, object>> = {
  '1.2': cyclonedx12,
  '1.3': cyclonedx13,
  '1.4': cyclonedx14,
  '1.5': cyclonedx15,
  '1.6': cyclonedx16,
  '1.7': cyclonedx17,
};
/**
 * SPDX 2 by `spdxVersion`; SPDX 3 by the version in its JSON-LD `@context` URL. SPDX 3.0.0 was
 * superseded by 3.0.1 within months and no tool we know of writes it, so 3.0 means 3.0.1.
 */
const SPDX_SCHEMAS: Readonly<Record<string, object>> = { '2.2': spdx22, '2.3': spdx23, '3.0.1': spdx301 };

// The 1.4–1.6 schemas come from @cyclonedx/cyclonedx-library, which renamed the files they `$ref`
// to `*.SNAPSHOT.schema.json` but kept those files' own `$id`s; 1.2, 1.3 and 1.7 come straight
// from CycloneDX/specification and `$ref` the upstream names. Each referenced file is registered
// under every name a BOM schema uses, so the vendored files stay byte-identical to their source.
// The licence list is the newest one shipped (the library's, SPDX licence list 3.29): licence ids
// are only ever added, so it accepts every id the older lists of the upstream files do.
const CYCLONEDX_REFERENCED: readonly { id: string; schema: object }[] = [
  { id: 'http://cyclonedx.org/schema/spdx.SNAPSHOT.schema.json', schema: spdxLicenses },
  { id: 'http://cyclonedx.org/schema/spdx.schema.json', schema: spdxLicenses },
  { id: 'http://cyclonedx.org/schema/jsf-0.82.SNAPSHOT.schema.json', schema: jsf082 },
  { id: 'http://cyclonedx.org/schema/jsf-0.82.schema.json', schema: jsf082 },
  { id: 'http://cyclonedx.org/schema/cryptography-defs.schema.json', schema: cryptographyDefs },
];

/** True when a schema ships for this format and version ("1.7" for CycloneDX; "2.3" or "3.0.1" for SPDX). */
export function hasSchema(format: SbomFormat, version: string): boolean {
  return Object.hasOwn(format === 'CycloneDX' ? CYCLONEDX_SCHEMAS : SPDX_SCHEMAS, version);
}

let draft07: Ajv | undefined;
let draft2020: Ajv2020 | undefined;

/** The id the SPDX 3.0.1 schema is registered under (the file has no `$id`): where spdx.org publishes it. */
const SPDX3_SCHEMA_ID = 'https://spdx.org/schema/3.0.1/spdx-json-schema.json';
/** The one `@context` an SPDX 3.0.1 document may have, per its schema. */
export const SPDX3_CONTEXT = (spdx301.properties['@context'] as { const: string }).const;
/** Classes an element of an SPDX 3.0.1 `@graph` may be: the schema's `AnyClass`. */
const SPDX3_CLASSES: ReadonlySet<string> = new Set(spdx301.$defs.AnyClass.anyOf.map((entry) => entry.$ref.replace('#/$defs/', '')));
const spdx3Elements = new Map<string, ValidateFunction>();

function spdx3Ajv(): Ajv2020 {
  if (!draft2020) {
    draft2020 = configure(new Ajv2020(OPTIONS));
    draft2020.addSchema({ ...spdx301, $id: SPDX3_SCHEMA_ID });
  }
  return draft2020;
}

/**
 * A validator for one SPDX 3.0.1 element of class `type`, as the schema checks each member of
 * `@graph`; undefined when the schema has no such class. Only used to explain a failure: the
 * whole-document schema is an `anyOf` over every class, whose own errors name no culprit.
 */
export function spdx3ElementValidator(type: string): ValidateFunction | undefined {
  if (!SPDX3_CLASSES.has(type)) return undefined;
  let validate = spdx3Elements.get(type);
  if (!validate) {
    validate = spdx3Ajv().compile({ type: 'object', $ref: `${SPDX3_SCHEMA_ID}#/$defs/${type}`, unevaluatedProperties: false });
    spdx3Elements.set(type, validate);
  }
  return validate;
}
const validators = new Map<string, ValidateFunction>();

/** The compiled validator for one schema, built on first use and kept for the process. */
export function schemaValidator(format: SbomFormat, version: string): ValidateFunction {
  const key = `${format} ${version}`;
  const cached = validators.get(key);
  if (cached) return cached;
  const schema = format === 'CycloneDX' ? CYCLONEDX_SCHEMAS[version] : SPDX_SCHEMAS[version];
  if (!schema) throw new Error(`no schema for ${key}`);
  let validate: ValidateFunction;
  if (format === 'SPDX' && version.startsWith('3.')) {
    // SPDX 3's schema is generated by shacl2code as JSON Schema 2020-12.
    validate = spdx3Ajv().getSchema(SPDX3_SCHEMA_ID)!;
  } else {
    // The CycloneDX and SPDX 2 schemas are draft-07, Ajv's default draft.
    if (!draft07) {
      draft07 = configure(new Ajv(OPTIONS));
      for (const { id, schema: referenced } of CYCLONEDX_REFERENCED) draft07.addSchema({ ...referenced, $id: id });
    }
    validate = draft07.compile(schema);
  }
  validators.set(key, validate);
  return validate;
}

/**
 * An absolute URI (RFC 3986 §4.3: a scheme, a colon, no spaces). The one format that decides
 * validity: JSF's `algorithm` is `oneOf` a registered name and a URI, so with `uri` unchecked
 * "ES256" matches both and every signed CycloneDX BOM would be refused.
 */
const ABSOLUTE_URI = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s]*$/;

const OPTIONS: Options = {
  // Official schemas use what strict mode refuses (`meta:enum`, `additionalItems` beside a
  // single `items` schema); strict mode is for schemas we write, not ones we vendor.
  strict: false,
  // `format` is otherwise an annotation the drafts let validators skip: a timestamp's shape
  // does not decide whether a file is an SBOM, and there is no checker for two of the formats
  // CycloneDX uses (idn-email, iri-reference) short of a dependency. `string` is a format name
  // that only the upstream 1.2 and 1.3 schemas use, and means nothing.
  formats: { uri: ABSOLUTE_URI, date: true, 'date-time': true, 'idn-email': true, 'iri-reference': true, string: true },
  // Stop at the first error: that is all the reason shows, and it bounds the work.
  allErrors: false,
};

function configure<T extends Ajv | Ajv2020>(instance: T): T {
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
