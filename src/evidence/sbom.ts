/**
 * Verifies an SBOM (SPEC §5): CycloneDX JSON 1.2–1.7 or SPDX JSON 2.2, 2.3 or 3.0 (JSON-LD),
 * valid against the official JSON schema of its version (./sbom-schemas.ts) and listing at least
 * one component, service or package.
 *
 * Every reason says what was found, what was expected and what to do, in one line, because it is
 * what the gate's message and every report show for a failed SBOM.
 */
import type { ErrorObject } from 'ajv';
import { parseStrictJson } from './json.js';
import { CYCLONEDX_VERSIONS, hasSchema, schemaValidator, SPDX3_CONTEXT, spdx3ElementValidator, SPDX_VERSIONS, type SbomFormat } from './sbom-schemas.js';
import type { EvidenceCheck, EvidenceFile } from './types.js';

export type { SbomFormat } from './sbom-schemas.js';

/**
 * Deepest nesting of arrays and objects handed to the schema validator. Real SBOMs nest a few
 * dozen levels (components inside components); the validator recurses once per level, so a
 * hostile file nested thousands deep must be refused before it can exhaust the stack.
 */
export const MAX_SBOM_DEPTH = 256;

/** The versions the gate reads, as the messages name them. */
export const SUPPORTED_SBOMS = `CycloneDX JSON ${CYCLONEDX_VERSIONS[0]} to ${CYCLONEDX_VERSIONS.at(-1)} or SPDX JSON ${listed(SPDX_VERSIONS)} (JSON-LD)`;

const EXPECTED = `expected an SBOM in ${SUPPORTED_SBOMS}`;

/** SPDX 3 JSON-LD announces its version in its context URL, e.g. https://spdx.org/rdf/3.0.1/spdx-context.jsonld. */
const SPDX3_CONTEXT_URL = /^https?:\/\/spdx\.org\/rdf\/(3(?:\.\d+){1,2})\/spdx-context\.json(?:ld)?$/;

/** SPDX 3 element types that are packages: software_Package and its subclasses (AI and dataset packages). */
const SPDX3_PACKAGE_TYPES: ReadonlySet<string> = new Set(['software_Package', 'ai_AIPackage', 'dataset_DatasetPackage']);

/**
 * Checks one SBOM file. Never throws for bad input: every problem becomes `verified: false`
 * with a reason, and `details` carries what was recognised (format, spec version, counts).
 */
export function verifySbom(file: EvidenceFile): EvidenceCheck {
  const text = decodeUtf8(file.bytes);
  if (text !== undefined && text.trim() === '') return fail(`empty file: ${EXPECTED}; write the SBOM to this path before the gate runs`);
  const parsed = text === undefined ? undefined : parseStrictJson(text);
  // Only fixed phrases: the parser's own message would quote the file's content.
  if (parsed === undefined || (!parsed.ok && parsed.reason === 'not valid JSON')) {
    return fail(`not JSON (${text === undefined ? 'not UTF-8 text' : 'XML, tag-value or a damaged file'}): ${EXPECTED}; export the SBOM as JSON`);
  }
  if (!parsed.ok) return fail(`${parsed.reason}: expected an SBOM the gate can read safely; regenerate it with the tool that wrote it`);
  const document = parsed.value;

  const detected = detectFormat(document);
  if ('reason' in detected) return detected;
  const { format, version } = detected;
  const found = { format, spec_version: version };
  const label = `${format} ${version}`;
  const spdx3 = format === 'SPDX' && version.startsWith('3.');

  if (exceedsDepth(document, MAX_SBOM_DEPTH)) return fail(`nested deeper than ${MAX_SBOM_DEPTH} levels: expected at most ${MAX_SBOM_DEPTH}; no real SBOM nests this deep, regenerate it`, found);
  const validate = schemaValidator(format, version);
  if (!validate(document)) {
    const why = (spdx3 ? explainSpdx3(document as Record<string, unknown>) : undefined) ?? describeSchemaError(validate.errors ?? []);
    return fail(`does not match the official ${label} schema: ${why}; fix the SBOM or regenerate it with a current version of its tool`, found);
  }

  if (format === 'CycloneDX') {
    const components = countCycloneDx(document, 'components');
    const services = countCycloneDx(document, 'services');
    const details = { ...found, components, services };
    if (components + services === 0) {
      return { verified: false, reason: `${label} lists no components and no services: expected at least one; generate the SBOM from the built artifact, not from an empty directory`, details };
    }
    const parts = [counted(components, 'component'), counted(services, 'service')].filter((part) => part !== '');
    return { verified: true, reason: `${label} with ${parts.join(' and ')}`, details };
  }
  const packages = spdx3 ? countSpdx3Packages(document) : countSpdx2Packages(document);
  const details = { ...found, packages };
  if (packages === 0) {
    return { verified: false, reason: `${label} lists no packages: expected at least one; generate the SBOM from the built artifact, not from an empty directory`, details };
  }
  return { verified: true, reason: `${label} with ${counted(packages, 'package')}`, details };
}

/** "2.2, 2.3 or 3.0" */
function listed(versions: readonly string[]): string {
  return `${versions.slice(0, -1).join(', ')} or ${versions.at(-1)}`;
}

function counted(count: number, noun: string): string {
  return count === 0 ? '' : `${count} ${noun}${count === 1 ? '' : 's'}`;
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
  if (!isRecord(document)) return fail(`not CycloneDX or SPDX (the JSON is not an object): ${EXPECTED}; point evidence.sbom at the SBOM file`);
  const claimsCycloneDx = document.bomFormat === 'CycloneDX';
  const claimsSpdx = Object.hasOwn(document, 'spdxVersion');
  if (claimsCycloneDx && claimsSpdx) {
    return fail('claims to be both CycloneDX (bomFormat) and SPDX (spdxVersion): expected one format per file; keep the SBOM in one format');
  }

  if (claimsCycloneDx) {
    const version = document.specVersion;
    if (typeof version !== 'string') {
      return fail(`CycloneDX without a specVersion: expected "specVersion" set to one of ${CYCLONEDX_VERSIONS.join(', ')}; regenerate the SBOM, or add the version it was written to`, { format: 'CycloneDX' });
    }
    if (!hasSchema('CycloneDX', version)) return unsupported('CycloneDX', version);
    return { format: 'CycloneDX', version };
  }

  if (claimsSpdx) {
    const declared = document.spdxVersion;
    const match = typeof declared === 'string' ? /^SPDX-(.+)$/.exec(declared) : null;
    if (!match?.[1]) {
      return fail(`SPDX spdxVersion is ${typeof declared === 'string' ? `"${shown(declared)}"` : `not a string`}: expected "SPDX-2.2" or "SPDX-2.3"; regenerate the SBOM`, { format: 'SPDX' });
    }
    const version = match[1];
    if (!hasSchema('SPDX', version) || version.startsWith('3')) return unsupported('SPDX', version);
    return { format: 'SPDX', version };
  }

  const context = spdx3Context(document);
  if (context !== undefined) {
    if (!hasSchema('SPDX', context)) return unsupported('SPDX', context);
    return { format: 'SPDX', version: context };
  }
  // An SBOM attestation (what `trivy … --format attestation`, actions/attest-sbom and `gh attestation
  // download` write) wraps the SBOM; naming the wrapper saves a user from guessing.
  if (Object.hasOwn(document, 'payloadType') || Object.hasOwn(document, 'dsseEnvelope') || typeof document._type === 'string') {
    return fail(`an attestation (in-toto statement, DSSE envelope or Sigstore bundle), not an SBOM: ${EXPECTED}; point evidence.sbom at the SBOM itself (the attestation's predicate)`);
  }
  return fail(`not CycloneDX or SPDX (no bomFormat, spdxVersion or SPDX 3 @context): ${EXPECTED}; point evidence.sbom at the SBOM file`);
}

/** The failure for a version the gate has no schema for: it names the version found and those supported. */
function unsupported(format: SbomFormat, version: string): EvidenceCheck {
  const list = listed(format === 'CycloneDX' ? CYCLONEDX_VERSIONS : SPDX_VERSIONS);
  const hint = format === 'SPDX' && version.startsWith('3') ? ' (SPDX 3.0 is read in its 3.0.1 JSON-LD form)' : '';
  return fail(`${format} ${shown(version)} is not supported: expected ${format} ${list}${hint}; generate the SBOM in one of these versions (most tools have a spec-version option)`, {
    format,
    spec_version: shown(version),
  });
}

/**
 * The SPDX 3 version named by the document's JSON-LD `@context` (a string, or a list holding
 * one), e.g. "3.0.1"; undefined when it names no SPDX 3 context.
 */
function spdx3Context(document: Record<string, unknown>): string | undefined {
  const context = document['@context'];
  const candidates = typeof context === 'string' ? [context] : Array.isArray(context) ? context.filter((entry) => typeof entry === 'string') : [];
  for (const candidate of candidates) {
    const match = SPDX3_CONTEXT_URL.exec(candidate as string);
    if (match?.[1]) return match[1];
  }
  return undefined;
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

const MAX_ALLOWED_SHOWN = 6;
/** Keywords that only say "one of the alternatives failed": the alternative's own error says more. */
const COMBINATORS: ReadonlySet<string> = new Set(['oneOf', 'anyOf', 'allOf', 'if', 'not']);

/**
 * The most telling schema error as "<where> <what is wrong>", e.g. "components[0].type must be
 * equal to one of …": the deepest one, since the schemas of SPDX 3 (and parts of CycloneDX) are
 * alternatives, and "must match exactly one schema in oneOf" at the top says nothing.
 */
function describeSchemaError(errors: readonly ErrorObject[]): string {
  const specific = errors.filter((error) => !COMBINATORS.has(error.keyword));
  const candidates = specific.length > 0 ? specific : errors;
  let error: ErrorObject | undefined;
  for (const candidate of candidates) {
    if (error === undefined || depthOf(candidate.instancePath) > depthOf(error.instancePath)) error = candidate;
  }
  if (!error) return 'no detail';
  let message = error.message ?? 'is invalid';
  const params = error.params as Record<string, unknown>;
  const property = error.keyword === 'additionalProperties' ? params.additionalProperty : error.keyword === 'unevaluatedProperties' ? params.unevaluatedProperty : undefined;
  if (typeof property === 'string') {
    message += ` ('${shown(property, 40)}')`;
  } else if (error.keyword === 'enum' && Array.isArray(params.allowedValues)) {
    const allowed = params.allowedValues.map(String);
    const listed = allowed.slice(0, MAX_ALLOWED_SHOWN).join(', ');
    message += ` (${listed}${allowed.length > MAX_ALLOWED_SHOWN ? ', …' : ''})`;
  } else if (error.keyword === 'const' && typeof params.allowedValue === 'string') {
    message += ` ('${shown(params.allowedValue, 80)}')`;
  }
  return `${keyPath(error.instancePath)} ${message}`;
}

/**
 * Why an SPDX 3 document fails its schema, found the way the schema checks it: the one allowed
 * `@context`, then each element against the schema of the class its `type` names. Undefined
 * when every element passes on its own (the problem is elsewhere; the schema's errors tell).
 */
function explainSpdx3(document: Record<string, unknown>): string | undefined {
  const context = document['@context'];
  if (context !== SPDX3_CONTEXT) {
    const found = typeof context === 'string' ? `'${shown(context, 80)}'` : Array.isArray(context) ? 'a list' : typeof context;
    return `@context must be the string '${SPDX3_CONTEXT}' (found ${found})`;
  }
  const graph = document['@graph'];
  const elements = Array.isArray(graph) ? graph : [document];
  for (const [index, element] of elements.entries()) {
    const where = Array.isArray(graph) ? `@graph[${index}]` : 'document';
    if (!isRecord(element)) return `${where} must be an object`;
    const type = element.type;
    if (typeof type !== 'string') return `${where} has no type (an SPDX 3.0.1 class name such as 'software_Package')`;
    const validate = spdx3ElementValidator(type);
    if (!validate) return `${where}.type '${shown(type, 60)}' is not an SPDX 3.0.1 class`;
    const candidate = Array.isArray(graph) ? element : Object.fromEntries(Object.entries(element).filter(([key]) => key !== '@context'));
    // The element's errors are relative to it: "document" there is the element itself.
    if (!validate(candidate)) return `${where} (${shown(type, 60)}): ${describeSchemaError(validate.errors ?? []).replace(/^document /, 'the element ')}`;
  }
  return undefined;
}

function depthOf(pointer: string): number {
  return pointer === '' ? 0 : pointer.split('/').length - 1;
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

/**
 * Components (or services) in a schema-valid CycloneDX BOM, nested ones included: components
 * nest in `components`, services in `services` (metadata.component is the subject, not counted).
 */
function countCycloneDx(bom: unknown, key: 'components' | 'services'): number {
  let count = 0;
  const pending: unknown[] = [bom];
  while (pending.length > 0) {
    const node = pending.pop();
    if (!isRecord(node) || !Array.isArray(node[key])) continue;
    const children = node[key] as unknown[];
    count += children.length;
    // A loop, not push(...spread): a spread of 100 000 arguments overflows the stack.
    for (const child of children) pending.push(child);
  }
  return count;
}

function countSpdx2Packages(document: unknown): number {
  return isRecord(document) && Array.isArray(document.packages) ? document.packages.length : 0;
}

/** Package elements of an SPDX 3 JSON-LD document: in its `@graph`, or the document itself when it is one element. */
function countSpdx3Packages(document: unknown): number {
  if (!isRecord(document)) return 0;
  const elements = Array.isArray(document['@graph']) ? (document['@graph'] as unknown[]) : [document];
  let count = 0;
  for (const element of elements) {
    if (!isRecord(element)) continue;
    const type = element.type ?? element['@type'];
    if (typeof type === 'string' && SPDX3_PACKAGE_TYPES.has(type)) count += 1;
  }
  return count;
}
