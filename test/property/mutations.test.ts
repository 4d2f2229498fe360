/**
 * Valid manifests, then broken: a key dropped, a value of another type, unicode (lone surrogates
 * included), huge numbers, deep nesting, prototype and merge keys, YAML 1.1 booleans, then
 * written as JSON, block or flow YAML, or YAML text cut and spliced. Through the real loader
 * (`parseManifestText`, `validateManifest`), every case must end in a result or in
 * ManifestIssues (never another exception), and a manifest the loader accepts must never pass
 * the gate where a strict reading of the same data fails it. `Object.prototype` stays untouched.
 */
import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, test, vi } from 'vitest';
import { ErrorCode, formatIssue, type ManifestIssue } from '../../src/errors.js';
import { parseManifestText } from '../../src/manifest/parse.js';
import { validateManifest } from '../../src/manifest/validate.js';
import { escapeLogText } from '../../src/report/escape.js';
import { assertAsyncProperty, cases, seedFor } from './fc-run.js';
import { FLAGS, gateOfManifest, manifestArbitrary, neutralFacts } from './model.js';
import { applyMutation, mutation, type Json } from './mutate.js';
import { prototypeChanges, prototypeSnapshot } from './prototype-guard.js';

// Thousands of cases per test: a loaded 2-core runner needs far more than the default 30 s.
vi.setConfig({ testTimeout: 180_000 });

const seed = seedFor(import.meta.url);
const FILE = 'maestro.yml';
const CODES = new Set<string>(Object.values(ErrorCode));

/** Text edits on the written manifest: what a bad merge, an editor or a truncated upload does. */
const textEdit = fc.record({
  kind: fc.constantFrom('insert', 'delete', 'duplicate-line', 'tabs', 'truncate'),
  at: fc.nat(),
  length: fc.integer({ min: 1, max: 12 }),
  text: fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom(': ', '- ', '&a ', '*a', '!!str ', '? ', '|', '>', '{', '[', '"', "'", '#', '\n', '\t', '---\n', '%YAML 1.1\n', '<<: ', '\uFEFF')),
});

function applyTextEdit(text: string, edit: { kind: string; at: number; length: number; text: string }): string {
  const at = text.length === 0 ? 0 : edit.at % text.length;
  switch (edit.kind) {
    case 'insert':
      return text.slice(0, at) + edit.text + text.slice(at);
    case 'delete':
      return text.slice(0, at) + text.slice(at + edit.length);
    case 'duplicate-line': {
      const lines = text.split('\n');
      const line = edit.at % lines.length;
      lines.splice(line, 0, lines[line]!);
      return lines.join('\n');
    }
    case 'tabs':
      return text.replace(/^ {2}/gm, '\t');
    default:
      return text.slice(0, at);
  }
}

function write(data: Json, format: string): string {
  try {
    if (format === 'json') return JSON.stringify(data, null, 1) ?? 'null';
    if (format === 'flow') return stringify(data, { collectionStyle: 'flow' });
    return stringify(data);
  } catch {
    // Something the writer cannot express (a lone surrogate in a key, say): JSON can.
    return JSON.stringify(data) ?? 'null';
  }
}

function checkIssues(issues: readonly ManifestIssue[]): void {
  if (issues.length === 0) throw new Error('an empty issue list');
  for (const issue of issues) {
    if (!CODES.has(issue.code)) throw new Error(`unknown code ${issue.code}`);
    if (issue.file !== FILE) throw new Error(`issue names ${issue.file}`);
    if (typeof issue.message !== 'string' || issue.message === '') throw new Error('issue without a message');
    if (issue.line !== undefined && !(Number.isInteger(issue.line) && issue.line >= 1)) throw new Error(`bad line ${issue.line}`);
    if (issue.column !== undefined && !(Number.isInteger(issue.column) && issue.column >= 1)) throw new Error(`bad column ${issue.column}`);
    // One line as the loader words it (the YAML parser may quote the manifest's own characters,
    // U+2028 say), and one clean line once escaped for the log, as every printer does.
    const line = formatIssue(issue);
    if (/\n/.test(line)) throw new Error(`issue text spans lines: ${JSON.stringify(line)}`);
    const logged = escapeLogText(line, { maxLength: 10_000 });
    if (/[\p{Cc}\u2028\u2029\u0085]/u.test(logged)) throw new Error(`issue text keeps a control character once escaped: ${JSON.stringify(logged)}`);
  }
}

/**
 * A strict reading of the loaded data, with nothing verified (pure: no files): a flag counts
 * only when it is the boolean true, the status only when it is exactly `succeeded`. 'unknown'
 * where waivers are involved (the model in model.ts judges those).
 */
function strictPass(data: unknown): boolean | 'unknown' {
  const isMap = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
  if (!isMap(data) || !isMap(data.run)) return false;
  if (isMap(data.policy) && data.policy.waivers !== undefined) return 'unknown';
  if ((data.run.status ?? 'pending') !== 'succeeded') return false;
  const artifacts = data.artifacts ?? [];
  if (!Array.isArray(artifacts) || artifacts.length === 0) return false;
  const policy = data.policy ?? {};
  if (!isMap(policy)) return false;
  if (Array.isArray(policy.waivers) && policy.waivers.length > 0) return 'unknown';
  const required = (policy.required_flags ?? FLAGS) as unknown[];
  if (!Array.isArray(required) || required.length === 0 || !required.every((flag) => (FLAGS as readonly unknown[]).includes(flag))) return false;
  const min = policy.min_compliant_artifacts ?? 1;
  if (typeof min !== 'number' || !Number.isInteger(min) || min < 1) return false;
  // Nothing is verified here, so with evidence required no flag counts.
  if (policy.require_evidence === true) return false;
  if (policy.require_evidence !== undefined && policy.require_evidence !== false) return false;
  const counted = artifacts.filter((artifact) => isMap(artifact) && isMap(artifact.metadata_json) && required.every((flag) => (artifact.metadata_json as Record<string, unknown>)[flag as string] === true));
  if (counted.length < min) return false;
  if (policy.max_cost_overrun !== undefined) {
    const { cost_estimate: estimate, cost_actual: actual } = data.run;
    const allowed = policy.max_cost_overrun;
    if (typeof estimate !== 'number' || typeof actual !== 'number' || typeof allowed !== 'number') return false;
    if (estimate === 0 ? actual !== 0 : (actual - estimate) / estimate > allowed + 1e-9) return false;
  }
  return true;
}

/**
 * The prototypes as they were before any case: nothing legitimate changes them, so comparing each
 * case with this one snapshot catches a change at the case that made it, without a snapshot per case.
 */
const PRISTINE = prototypeSnapshot();

/** The whole loader on `text`; throws (failing the property) on anything but a result or issues. */
async function load(text: string): Promise<void> {
  let parsed: Awaited<ReturnType<typeof parseManifestText>>;
  try {
    parsed = await parseManifestText(FILE, text);
  } catch (error) {
    throw new Error(`parseManifestText threw ${String(error)}`);
  }
  if (Array.isArray(parsed)) {
    checkIssues(parsed);
  } else {
    let valid: ReturnType<typeof validateManifest>;
    try {
      valid = validateManifest(FILE, parsed);
    } catch (error) {
      throw new Error(`validateManifest threw ${String(error)}`);
    }
    if (Array.isArray(valid)) {
      checkIssues(valid);
    } else {
      const gate = gateOfManifest(valid.manifest, neutralFacts);
      const strict = strictPass(parsed.data);
      if (gate.passed && strict === false) throw new Error(`the gate passed data a strict reading fails: ${gate.message}`);
    }
  }
  const changes = prototypeChanges(PRISTINE);
  if (changes.length > 0) throw new Error(`prototypes changed: ${changes.join('; ')}`);
}

/**
 * Small manifests (up to three artifacts): a mutation or an edit changes one place, and in a small
 * manifest that place is more often the run or the policy, which decide the verdict, than one more
 * artifact like the others. Each case is a full YAML parse, so size is most of the cost.
 */
const mutable = () => manifestArbitrary({ waivers: true, maxArtifacts: 3 });

describe('mutated manifests through the loader', () => {
  test('structural mutations, written as JSON, block or flow YAML', async () => {
    await assertAsyncProperty(
      fc.asyncProperty(mutable(), fc.array(mutation, { minLength: 1, maxLength: 3 }), fc.constantFrom('json', 'yaml', 'flow'), async (manifest, changes, format) => {
        let data = structuredClone(manifest) as Json;
        for (const change of changes) data = applyMutation(data, change);
        await load(write(data, format));
      }),
      { name: 'mutations-structural', seed, numRuns: cases(4_000) },
    );
  });

  test('text edits on the written YAML or JSON', async () => {
    await assertAsyncProperty(
      fc.asyncProperty(mutable(), fc.constantFrom('json', 'yaml', 'flow'), fc.array(textEdit, { minLength: 1, maxLength: 4 }), async (manifest, format, edits) => {
        let text = write(manifest as Json, format);
        for (const edit of edits) text = applyTextEdit(text, edit);
        await load(text);
      }),
      { name: 'mutations-text', seed: seed + 1, numRuns: cases(5_000) },
    );
  });

  test('YAML-shaped noise', async () => {
    const token = fc.constantFrom(
      'run', 'artifacts', 'policy', 'status', 'succeeded', 'sbom_present', 'true', 'yes', '__proto__', 'constructor', '<<',
      ': ', ':', '- ', '-', '? ', ',', '[', ']', '{', '}', '&a ', '*a', '&b ', '*b', '!!map ', '!!str ', '!!binary ', '!custom ', '!<tag:x> ',
      '|', '|-', '>', '"', "'", '\\', '#', '%YAML 1.2', '%TAG ! tag:x,2000:', '---', '...', '\n', '\n  ', '\n    ', '\t', ' ', '@', '`', '\u0085', '\u2028', '\uFEFF', 'é', '😀', '0x10', '1e999', '.inf',
    );
    await assertAsyncProperty(
      fc.asyncProperty(fc.array(token, { maxLength: 60 }), (tokens) => load(tokens.join(''))),
      { name: 'mutations-noise', seed: seed + 2, numRuns: cases(12_000) },
    );
  });
});
