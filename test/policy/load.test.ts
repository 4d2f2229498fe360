/**
 * Policy files as their owners write them: strict like the manifest, every error of the file at
 * once at its file:line:col, with the key path, the bad value and what is allowed.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ErrorCode, formatIssue, ManifestError, type ManifestIssue } from '../../src/errors.js';
import { DEFAULT_POLICY } from '../../src/model/schema.js';
import { renderPolicyJsonSchema } from '../../src/policy/json-schema.js';
import { MAX_POLICY_BYTES, parsePolicyFile } from '../../src/policy/load.js';
import { gatePolicyOf } from '../../src/policy/schema.js';
import { STARTER_POLICY } from '../../src/policy/starter.js';
import { ROOT } from '../helpers/runner.js';

const FILE = '.github/maestro-policy.yml';

async function issuesOf(text: string | Buffer): Promise<ManifestIssue[]> {
  try {
    await parsePolicyFile(Buffer.isBuffer(text) ? text : Buffer.from(text), { file: FILE });
  } catch (error) {
    if (error instanceof ManifestError) return [...error.issues];
    throw error;
  }
  expect.fail('the policy file was accepted');
}
const linesOf = async (text: string | Buffer): Promise<string[]> => (await issuesOf(text)).map(formatIssue);
const parse = async (text: string) => parsePolicyFile(Buffer.from(text), { file: FILE });

describe('a valid policy file', () => {
  it('an empty mapping is the default policy, with no manifest waivers', async () => {
    const { policy, sha256 } = await parse('{}\n');
    expect(gatePolicyOf(policy)).toEqual(DEFAULT_POLICY);
    expect(policy.manifest_waivers).toEqual([]);
    expect(sha256).toBe(createHash('sha256').update('{}\n').digest('hex'));
  });

  it('reads every key, in YAML and in JSON alike', async () => {
    const yaml = [
      'version: 1',
      'required_flags: [sbom_present]',
      'min_compliant_artifacts: 2',
      'require_evidence: true',
      'require_signatures: true',
      'verify_content_hash: true',
      'max_cost_overrun: 0.1',
      'trusted_keys: [keys/release.pub]',
      'sigstore_trusted_root: sigstore/trusted_root.json',
      'sigstore_identities: [{ issuer: https://token.actions.githubusercontent.com, subject_prefix: "https://github.com/o/r/" }]',
      'waivers:',
      '  - { run: true, rule: max_cost_overrun, reason: budget moved, owner: finance, expires: 2030-01-01 }',
      'manifest_waivers: [risk_assessment_present, require_evidence]',
    ].join('\n');
    const fromYaml = (await parse(yaml)).policy;
    expect(fromYaml).toMatchObject({ version: 1, required_flags: ['sbom_present'], min_compliant_artifacts: 2, max_cost_overrun: 0.1, trusted_keys: ['keys/release.pub'], manifest_waivers: ['risk_assessment_present', 'require_evidence'] });
    expect(fromYaml.waivers).toHaveLength(1);
    expect((await parse(JSON.stringify(fromYaml))).policy).toEqual(fromYaml);
  });

  it('locates its keys, so a policy waiver can be annotated at its line', async () => {
    const parsed = await parse('manifest_waivers: []\nwaivers:\n  - { run: true, rule: max_cost_overrun, reason: r, owner: o, expires: 2030-01-01 }\n');
    expect(parsed.locate(['waivers', 0])).toEqual({ line: 3, column: 5 });
  });
});

describe('every error of the file at once, located', () => {
  it('unknown keys, bad values, a forbidden waiver rule and bad paths', async () => {
    const text = [
      'required_flag: [sbom_present]',
      'min_compliant_artifacts: 0',
      'verify_content_hash: yes',
      'trusted_keys: [../keys/release.pub, https://example.com/key.pem]',
      'manifest_waivers: [run_succeeded, has_artifacts, sbom_present]',
      'waivers:',
      '  - { run: true, rule: has_artifacts, reason: none, owner: me, expires: 2030-01-01 }',
    ].join('\n');
    expect(await linesOf(text)).toEqual([
      `${FILE}:1:1 required_flag: unknown key 'required_flag' (did you mean 'required_flags'?); allowed keys: version, required_flags, min_compliant_artifacts, require_evidence, verify_content_hash, max_cost_overrun, waivers, trusted_keys, sigstore_trusted_root, sigstore_identities, require_signatures, github_attestations, manifest_waivers`,
      `${FILE}:2:26 min_compliant_artifacts: number 0 is below the minimum of 1`,
      `${FILE}:3:22 verify_content_hash: expected boolean, got string 'yes'`,
      `${FILE}:4:16 trusted_keys[0]: '../keys/release.pub' contains a '..' segment (paths must stay inside the policy's repository)`,
      `${FILE}:4:37 trusted_keys[1]: 'https://example.com/key.pem' is a URI; name a file in the policy's repository (read at the policy's ref; URIs are never fetched)`,
      `${FILE}:5:20 manifest_waivers[0]: string 'run_succeeded' is not one of sbom_present, slsa_provenance_present, risk_assessment_present, min_compliant_artifacts, max_cost_overrun, require_evidence: a manifest can never waive run_succeeded: the run it describes must have succeeded`,
      `${FILE}:5:35 manifest_waivers[1]: string 'has_artifacts' is not one of sbom_present, slsa_provenance_present, risk_assessment_present, min_compliant_artifacts, max_cost_overrun, require_evidence: has_artifacts is not a rule that can be waived: no policy lets a run with no artifacts pass`,
      `${FILE}:7:24 waivers[0].rule: string 'has_artifacts' is not one of run_succeeded, sbom_present, slsa_provenance_present, risk_assessment_present, min_compliant_artifacts, max_cost_overrun, require_evidence: has_artifacts is not a rule that can be waived: no policy lets a run with no artifacts pass`,
    ].sort(byPosition));
  });

  it('a rule listed twice in manifest_waivers', async () => {
    expect(await linesOf('manifest_waivers: [sbom_present, sbom_present]\n')).toEqual([`${FILE}:1:19 manifest_waivers: must not repeat a rule`]);
  });

  it('a trusted root without identities is refused, as in a manifest', async () => {
    expect(await linesOf('sigstore_trusted_root: sigstore/root.json\n')).toEqual([`${FILE}:1:24 sigstore_trusted_root: needs sigstore_identities: a trusted root alone accepts a bundle signed by anyone`]);
  });

  it('a waiver with a missing owner names the key that is missing', async () => {
    const issues = await issuesOf('waivers:\n  - { run: true, rule: max_cost_overrun, reason: r, expires: 2030-01-01 }\n');
    expect(issues.map((issue) => [issue.code, issue.path, issue.line])).toEqual([[ErrorCode.MissingField, 'waivers[0].owner', 2]]);
  });

  it('version 2 does not exist', async () => {
    expect(await linesOf('version: 2\n')).toEqual([`${FILE}:1:10 version: number 2 is not one of 1`]);
  });
});

describe('hostile bytes, as for manifests', () => {
  it.each([
    ['empty', '', ErrorCode.EmptyManifest, /policy file is empty/],
    ['comment only', '# nothing\n', ErrorCode.EmptyManifest, /policy file is empty/],
    ['a list', '- sbom_present\n', ErrorCode.NotAMapping, /^policy file is a list; expected a mapping of policy keys$/],
    ['a scalar', 'strict\n', ErrorCode.NotAMapping, /^policy file is a single value/],
    ['duplicate keys', 'require_evidence: true\nrequire_evidence: false\n', ErrorCode.DuplicateKey, /duplicate key 'require_evidence'/],
    ['a merge key', 'base: &b { require_evidence: true }\n<<: *b\n', ErrorCode.MergeKey, /merge keys/],
    ['__proto__', '__proto__: { require_evidence: false }\n', ErrorCode.ForbiddenKey, /'__proto__' is not allowed anywhere in a policy file/],
    ['two documents', '{}\n---\n{}\n', ErrorCode.ParseError, /a policy file holds one YAML document/],
    ['YAML 1.1', '%YAML 1.1\n---\nrequire_evidence: true\n', ErrorCode.ParseError, /YAML 1.1 is not supported/],
  ])('%s is an error', async (_name, text, code, message) => {
    const issues = await issuesOf(text);
    expect(issues[0]?.code).toBe(code);
    expect(issues[0]?.message).toMatch(message);
    expect(issues[0]?.file).toBe(FILE);
  });

  it('invalid UTF-8 is located at its line and byte column', async () => {
    const issues = await issuesOf(Buffer.concat([Buffer.from('require_evidence: true\nowner: caf'), Buffer.from([0xe9]), Buffer.from('\n')]));
    expect(issues.map((issue) => [issue.code, issue.line, issue.column])).toEqual([[ErrorCode.NotUtf8, 2, 11]]);
  });

  it('a NUL byte is located', async () => {
    expect((await issuesOf('{}\n  \u0000\n')).map((issue) => [issue.code, issue.line, issue.column])).toEqual([[ErrorCode.NulByte, 2, 3]]);
  });

  it('bytes over the cap are refused before parsing, and the cap is configurable', async () => {
    const big = Buffer.alloc(MAX_POLICY_BYTES + 1, 0x20);
    expect((await issuesOf(big)).map((issue) => issue.code)).toEqual([ErrorCode.FileTooLarge]);
    await expect(parsePolicyFile(Buffer.from('{}   '), { file: FILE, maxBytes: 4 })).rejects.toThrow(/5 bytes, over the limit of 4 bytes/);
    expect((await parsePolicyFile(Buffer.from('{}  '), { file: FILE, maxBytes: 4 })).policy.manifest_waivers).toEqual([]);
  });
});

describe('the starter policy and the JSON Schema', () => {
  it('the starter parses as written and states the default rule', async () => {
    const { policy } = await parse(STARTER_POLICY);
    expect(gatePolicyOf(policy)).toEqual(DEFAULT_POLICY);
    expect(STARTER_POLICY.split('\n')[0]).toBe('# yaml-language-server: $schema=https://raw.githubusercontent.com/summit/maestro-gate/v1/schema/maestro-policy.schema.json');
  });

  it('the committed schema is the one the zod schema gives (run `npm run schema` after a change)', async () => {
    const committed = await readFile(path.join(ROOT, 'schema/maestro-policy.schema.json'), 'utf8');
    expect(committed).toBe(renderPolicyJsonSchema());
    const schema = JSON.parse(committed) as { additionalProperties: boolean; properties: Record<string, { items?: { enum?: string[] } }> };
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.manifest_waivers?.items?.enum).not.toContain('run_succeeded');
  });
});

function byPosition(a: string, b: string): number {
  const at = (line: string): number[] => (/:(\d+):(\d+) /.exec(line) ?? []).slice(1).map(Number);
  const [la = 0, ca = 0] = at(a);
  const [lb = 0, cb = 0] = at(b);
  return la - lb || ca - cb;
}
