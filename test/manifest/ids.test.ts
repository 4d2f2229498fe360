/**
 * Ids are unique ignoring case (SPEC §4, HOSTILE row 30): GitHub expressions compare strings
 * without case, so `web-bundle` (no flags) beside `WEB-BUNDLE` (all three) would make
 * `contains(fromJSON(outputs.compliant-artifact-ids), 'web-bundle')` true for the wrong one.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadManifests } from '../../src/manifest/load.js';
import { CaseInsensitiveIds } from '../../src/manifest/ids.js';
import { assertProperty, cases, seedFor } from '../property/fc-run.js';
import { manifestErrorLines, manifestIssues, NOW, useWorkspaces } from '../helpers/workspace.js';

const workspace = useWorkspaces();
const RUN = 'run:\n  name: release\n  owner: platform\n  status: succeeded\n';
const FLAGS = '{ sbom_present: true, slsa_provenance_present: true, risk_assessment_present: true }';

/** Artifacts given as `[id or undefined, flags]`, one block entry each (4 lines). */
function withArtifacts(entries: (string | undefined)[], extra = ''): string {
  const lines = entries.flatMap((id, index) => [
    '  - kind: other',
    `    path_or_uri: oci://registry/app:${index}`,
    ...(id === undefined ? [] : [`    id: ${JSON.stringify(id)}`]),
    `    metadata_json: ${index === 0 ? '{}' : FLAGS}`,
  ]);
  return `${RUN}artifacts:\n${lines.join('\n')}\n${extra}`;
}

async function errorsOf(files: Record<string, string>, patterns = ['maestro.yml']): Promise<string[]> {
  const ws = await workspace(files);
  return manifestErrorLines(loadManifests({ workspace: ws.root, patterns, now: NOW }));
}

describe('artifact ids that differ only in case', () => {
  it('refuses web-bundle beside WEB-BUNDLE, at the second id, naming both', async () => {
    expect(await errorsOf({ 'maestro.yml': withArtifacts(['web-bundle', 'WEB-BUNDLE']) })).toEqual([
      "maestro.yml:12:9 artifacts[1].id: artifact id 'WEB-BUNDLE' differs only in case from 'web-bundle' of artifacts[0]; ids must be unique ignoring case, because GitHub expressions compare them without case",
    ]);
  });

  it.each([
    ['mixed case', ['Web-Bundle', 'wEB-bUNDLE']],
    ['the later one lower case', ['APP', 'app']],
    ['a third artifact between them', ['api', 'web', 'API']],
  ])('refuses %s', async (_, ids) => {
    const lines = await errorsOf({ 'maestro.yml': withArtifacts(ids) });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^maestro\\.yml:\\d+:9 artifacts\\[${ids.length - 1}\\]\\.id: artifact id '${ids.at(-1)}' differs only in case from '${ids[0]}' of artifacts\\[0\\]`));
  });

  it('refuses an explicit ARTIFACT-2 beside the default id of the second position, at that entry', async () => {
    expect(await errorsOf({ 'maestro.yml': withArtifacts(['ARTIFACT-2', undefined]) })).toEqual([
      "maestro.yml:10:5 artifacts[1]: default artifact id 'artifact-2' differs only in case from 'ARTIFACT-2' of artifacts[0]; ids must be unique ignoring case, because GitHub expressions compare them without case",
    ]);
  });

  it('refuses an explicit ARTIFACT-1 after the first artifact took it by default', async () => {
    expect(await errorsOf({ 'maestro.yml': withArtifacts([undefined, 'ARTIFACT-1']) })).toEqual([
      "maestro.yml:11:9 artifacts[1].id: artifact id 'ARTIFACT-1' differs only in case from the default id 'artifact-1' of artifacts[0]; ids must be unique ignoring case, because GitHub expressions compare them without case",
    ]);
  });

  it('refuses them in a JSON manifest too, at the id', async () => {
    const json = JSON.stringify(
      { run: { name: 'r', owner: 'o', status: 'succeeded' }, artifacts: [{ id: 'web-bundle', kind: 'other', path_or_uri: 'oci://r/a:1' }, { id: 'WEB-BUNDLE', kind: 'other', path_or_uri: 'oci://r/a:2' }] },
      null,
      2,
    );
    const lines = await errorsOf({ 'maestro.json': json }, ['maestro.json']);
    expect(lines).toEqual([expect.stringMatching(/^maestro\.json:14:13 artifacts\[1\]\.id: artifact id 'WEB-BUNDLE' differs only in case from 'web-bundle'/)]);
  });

  it.each([
    ['ß and SS (JavaScript folds ß to SS in upper case; the runner does not, and too strict is safe)', 'straße', 'STRASSE'],
    ['the long s, which the runner upper-cases to S', 'ſbom', 'SBOM'],
    ['the Kelvin sign, which lower-cases to k', '\u212Aey', 'key'],
    ['dotless ı, which upper-cases to I', 'ıd', 'ID'],
  ])('refuses %s', async (_, first, second) => {
    const lines = await errorsOf({ 'maestro.yml': withArtifacts([first, second]) });
    expect(lines).toEqual([expect.stringContaining(`artifact id '${second}' differs only in case from '${first}'`)]);
  });

  it.each([
    ['different letters', 'app', 'api'],
    ['an accent', 'cafe', 'café'],
    ['composed and decomposed é (GitHub compares code units, not canonical forms)', 'caf\u00e9', 'cafe\u0301'],
  ])('accepts ids that differ by %s', async (_, first, second) => {
    const ws = await workspace({ 'maestro.yml': withArtifacts([first, second]) });
    const { runs } = await loadManifests({ workspace: ws.root, patterns: ['maestro.yml'], now: NOW });
    expect(runs[0]!.artifactIds).toEqual([first, second]);
  });
});

describe('references that spell an id in another case', () => {
  it('refuses a disclosure_pack reference that matches only by case, with the spelling that would match', async () => {
    const lines = await errorsOf({ 'maestro.yml': withArtifacts(['web-bundle', 'api'], 'disclosure_pack:\n  summary: s\n  artifact_ids: [api, WEB-BUNDLE]\n') });
    expect(lines).toEqual([
      "maestro.yml:16:23 disclosure_pack.artifact_ids[1]: 'WEB-BUNDLE' is not the id of an artifact of this run; did you mean 'web-bundle' (artifacts[0])? References must spell an id exactly, case included",
    ]);
  });

  it('refuses a waiver that would apply to web-bundle through WEB-BUNDLE, so it never lifts a rule silently', async () => {
    const policy = "policy:\n  waivers:\n    - { artifact_ids: [WEB-BUNDLE], rule: sbom_present, reason: r, owner: o, expires: '2999-01-01' }\n";
    const issues = await (async () => {
      const ws = await workspace({ 'maestro.yml': withArtifacts(['web-bundle', 'api'], policy) });
      return manifestIssues(loadManifests({ workspace: ws.root, patterns: ['maestro.yml'], now: NOW }));
    })();
    expect(issues).toEqual([
      expect.objectContaining({ code: 'UNKNOWN_REFERENCE', path: 'policy.waivers[0].artifact_ids[0]', line: 16, column: 24, message: expect.stringContaining("did you mean 'web-bundle'") }),
    ]);
  });

  it('still says nothing more than "unknown" for an id no artifact has in any case', async () => {
    const lines = await errorsOf({ 'maestro.yml': withArtifacts(['web-bundle'], 'disclosure_pack: { summary: s, artifact_ids: [web] }\n') });
    expect(lines).toEqual([expect.stringMatching(/disclosure_pack\.artifact_ids\[0\]: 'web' is not the id of an artifact of this run$/)]);
  });
});

describe('run ids across manifests', () => {
  const run = (id: string | undefined): string => `run:\n  name: r\n  owner: o\n${id === undefined ? '' : `  id: ${id}\n`}`;

  it('refuses explicit run ids that differ only in case, at the second manifest', async () => {
    const lines = await errorsOf({ 'a/maestro.yml': run('Release-7'), 'b/maestro.yml': run('release-7') }, ['*/maestro.yml']);
    expect(lines).toEqual([
      "b/maestro.yml:4:7 run.id: run id 'release-7' differs only in case from run id 'Release-7' of a/maestro.yml; run ids must be unique across manifests ignoring case (they name report folders, and expressions compare them without case)",
    ]);
  });

  it('refuses an explicit run id that matches another manifest default id but for case', async () => {
    const lines = await errorsOf({ 'a.yml': run(undefined), 'b.yml': run('A-YML') }, ['a.yml', 'b.yml']);
    expect(lines).toEqual([expect.stringMatching(/^b\.yml:4:7 run\.id: run id 'A-YML' differs only in case from run id 'a-yml' of a\.yml/)]);
  });
});

describe('CaseInsensitiveIds', () => {
  it.each([
    ['abc', 'ABC', true],
    ['straße', 'STRASSE', true],
    ['straße', 'strasse', true],
    ['\u212A', 'k', true],
    ['İ', 'i', false],
    ['a', 'b', false],
  ])('%s and %s collide: %s', (first, second, collides) => {
    const ids = new CaseInsensitiveIds<number>();
    expect(ids.add(first, 0)).toBeUndefined();
    expect(ids.add(second, 1)).toEqual(collides ? { id: first, value: 0 } : undefined);
  });

  it('answers as both case maps would, whatever the order of ASCII and other ids', () => {
    // The rule as it reads: two maps always kept. The class keeps the upper-case one only once an
    // id outside ASCII comes; this holds it to the rule.
    class BothMaps {
      private readonly lower = new Map<string, { id: string; value: number }>();
      private readonly upper = new Map<string, { id: string; value: number }>();
      collision(id: string) {
        return this.lower.get(id.toLowerCase()) ?? this.upper.get(id.toUpperCase());
      }
      add(id: string, value: number) {
        const earlier = this.collision(id);
        if (earlier !== undefined) return earlier;
        const entry = { id, value };
        this.lower.set(id.toLowerCase(), entry);
        this.upper.set(id.toUpperCase(), entry);
        return undefined;
      }
    }
    const letter = fc.constantFrom('a', 'A', 'k', 'K', 's', 'S', 'i', 'I', 'ss', 'SS', 'ß', 'ẞ', 'ſ', '\u212A', 'İ', 'ı', 'ǅ', 'ǆ', 'Ǆ', 'ﬀ', 'FF', 'é', 'É', '-');
    const id = fc.array(letter, { minLength: 1, maxLength: 4 }).map((parts) => parts.join(''));
    const step = fc.record({ kind: fc.constantFrom('add', 'add', 'ask'), id });
    assertProperty(
      fc.property(fc.array(step, { maxLength: 12 }), (steps) => {
        const ids = new CaseInsensitiveIds<number>();
        const model = new BothMaps();
        steps.forEach(({ kind, id }, index) => {
          if (kind === 'add') expect(ids.add(id, index)).toEqual(model.add(id, index));
          else expect(ids.collision(id)).toEqual(model.collision(id));
        });
      }),
      { name: 'case-insensitive-ids', seed: seedFor(import.meta.url), numRuns: cases(3_000) },
    );
  });
});
