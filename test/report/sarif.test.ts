/**
 * `compliance-report.sarif` as code scanning receives it: written by the bundled Action (its path
 * is the `sarif-path` output) and printed by the bundled CLI (`check --format sarif`), valid
 * against the official SARIF 2.1.0 schema (schemas/vendor/sarif), with a result per failing
 * rule and artifact at its manifest line, stable rule ids, and manifest text kept plain.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
import { describe, expect, test } from 'vitest';
import { runAction, runCli, withExamples } from '../helpers/runner.js';
import { useWorkspaces } from '../helpers/workspace.js';
import { MAX_SARIF_RESULTS, renderSarif, sarifText } from '../../src/report/sarif.js';
import { makeArtifact, makeCheckResult, makeRun, makeVerdict } from '../helpers/factories.js';

const newWorkspace = useWorkspaces();
const exampleWorkspace = async (): Promise<string> => withExamples(await newWorkspace());

const SCHEMA = JSON.parse(readFileSync(new URL('../../schemas/vendor/sarif/sarif-schema-2.1.0.json', import.meta.url), 'utf8')) as object;
// The OASIS schema declares `format: uri` and friends; their syntax is checked below where it matters.
// A CommonJS module: under NodeNext its class is the default export's `default`.
const validateSarif = new AjvDraft04.default({ allErrors: true, strict: false, validateFormats: false }).compile(SCHEMA);

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: { physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number; startColumn: number } } }[];
  properties: { run_id: string; artifact_id?: string };
}
interface SarifLog {
  version: string;
  runs: {
    tool: { driver: { name: string; version: string; informationUri: string; rules: { id: string }[] } };
    automationDetails: { id: string };
    results: SarifResult[];
  }[];
}

function expectValid(log: unknown): SarifLog {
  const valid = validateSarif(log);
  expect(validateSarif.errors ?? [], 'SARIF 2.1.0 schema errors').toEqual([]);
  expect(valid).toBe(true);
  return log as SarifLog;
}

const RULE_IDS = ['run_succeeded', 'has_artifacts', 'min_compliant_artifacts', 'max_cost_overrun', 'integrity'];

/** ruleId, line and message of each result: what code scanning shows. */
const shown = (log: SarifLog): [string, string, number | undefined, string][] =>
  log.runs.flatMap((run) =>
    run.results.map((result): [string, string, number | undefined, string] => {
      const location = result.locations[0]!.physicalLocation;
      return [result.ruleId, location.artifactLocation.uri, location.region?.startLine, result.message.text];
    }),
  );

describe('compliance-report.sarif from the bundled Action', () => {
  test('a passing run: a valid log with the tool, every rule and no result; sarif-path names it', async () => {
    const workspace = await exampleWorkspace();
    const result = await runAction({ workspace, inputs: { manifest: 'examples/passing/maestro.yml' } });
    expect(result.code).toBe(0);
    expect(result.outputs['sarif-path']).toBe(path.join(workspace, 'maestro-report', 'compliance-report.sarif'));
    const log = expectValid(JSON.parse(await readFile(result.outputs['sarif-path']!, 'utf8')));
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    const { driver } = log.runs[0]!.tool;
    expect(driver).toMatchObject({ name: 'maestro-gate', informationUri: 'https://github.com/summit/maestro-gate' });
    expect(driver.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(driver.rules.map((rule) => rule.id)).toEqual(RULE_IDS);
    expect(log.runs[0]!.automationDetails.id).toBe('maestro-gate/examples/passing/maestro.yml/');
    // An empty result list is what closes the alerts of an earlier failing upload.
    expect(log.runs[0]!.results).toEqual([]);
  });

  test.each([
    ['failing-status', [['run_succeeded', 6, "Run status is 'pending', must be 'succeeded'"]]],
    ['failing-no-artifacts', [['has_artifacts', 7, 'No artifacts found for this run']]],
    [
      'failing-incomplete',
      [
        ['min_compliant_artifacts', 8, 'Artifact artifact-1 (examples/release/maestro-demo-1.4.2.txt): risk assessment not present'],
        ['min_compliant_artifacts', 11, 'Artifact artifact-2 (s3://releases/maestro-demo/1.4.5/sbom.cdx.json): SLSA provenance not present; risk assessment not present'],
      ],
    ],
    ['failing-tampered', [['integrity', 9, 'Artifact demo-bundle (examples/release/maestro-demo-1.4.2.txt): content_hash mismatch: expected sha256:']]],
  ] as const)('%s: one result per failing rule and artifact, at its manifest line', async (example, expected) => {
    const workspace = await exampleWorkspace();
    const result = await runAction({ workspace, inputs: { manifest: `examples/${example}/maestro.yml` } });
    expect(result.code).toBe(1);
    const log = expectValid(JSON.parse(await readFile(result.outputs['sarif-path']!, 'utf8')));
    const results = shown(log);
    expect(results).toHaveLength(expected.length);
    expected.forEach(([rule, line, text], index) => {
      expect(results[index]!.slice(0, 3)).toEqual([rule, `examples/${example}/maestro.yml`, line]);
      expect(results[index]![3]).toContain(text);
    });
    const manifest = (await readFile(path.join(workspace, `examples/${example}/maestro.yml`), 'utf8')).split('\n');
    // The line is the one a reviewer would fix.
    const fixed: Record<string, RegExp> = { run_succeeded: /status:/, has_artifacts: /artifacts:/, min_compliant_artifacts: /- /, integrity: /- / };
    for (const [rule, , line] of results) expect(manifest[line! - 1]).toMatch(fixed[rule]!);
  });

  test('several manifests: a file per run folder, sarif-path a JSON array, one category per manifest', async () => {
    const workspace = await exampleWorkspace();
    const result = await runAction({ workspace, inputs: { manifest: 'examples/passing/maestro.yml\nexamples/failing-status/maestro.yml' } });
    expect(result.code).toBe(1);
    const paths = JSON.parse(result.outputs['sarif-path']!) as string[];
    expect(paths.map((file) => path.relative(workspace, file)).sort()).toEqual([
      'maestro-report/demo-release-1-4-2/compliance-report.sarif',
      'maestro-report/demo-release-pending/compliance-report.sarif',
    ]);
    const logs = await Promise.all(paths.map(async (file) => expectValid(JSON.parse(await readFile(file, 'utf8')))));
    const categories = logs.map((log) => log.runs[0]!.automationDetails.id);
    expect(new Set(categories).size).toBe(2);
    expect(logs.flatMap((log) => log.runs[0]!.results.map((entry) => entry.properties.run_id))).toEqual(['demo-release-pending']);
  });
});

test('an error outcome writes no SARIF file and leaves sarif-path unset', async () => {
  const workspace = await newWorkspace({ 'maestro.yml': 'run: {name: r}\n' });
  const result = await runAction({ workspace: workspace.root, inputs: {} });
  expect(result.outputs.outcome).toBe('error');
  expect(result.outputs['sarif-path']).toBeUndefined();
  await expect(readFile(path.join(workspace.root, 'maestro-report', 'compliance-report.sarif'))).rejects.toThrow(/ENOENT/);
});

describe('maestro-gate check --format sarif', () => {
  test('prints one valid log with a run per manifest, and writes the same files', async () => {
    const cwd = await exampleWorkspace();
    const result = await runCli(['check', '--format', 'sarif', 'examples/failing-status/maestro.yml', 'examples/failing-tampered/maestro.yml'], cwd);
    expect(result.code).toBe(1);
    const log = expectValid(JSON.parse(result.stdout));
    expect(log.runs.map((run) => run.automationDetails.id).sort()).toEqual([
      'maestro-gate/examples/failing-status/maestro.yml/',
      'maestro-gate/examples/failing-tampered/maestro.yml/',
    ]);
    expect(shown(log).map(([rule]) => rule).sort()).toEqual(['integrity', 'run_succeeded']);
    expectValid(JSON.parse(await readFile(path.join(cwd, 'maestro-report', 'demo-release-pending', 'compliance-report.sarif'), 'utf8')));
  });

  test('manifest text stays plain text: no link, no invisible character', async () => {
    const workspace = await newWorkspace({
      'maestro.yml': [
        'run: {name: r, owner: o, status: succeeded}',
        'artifacts:',
        '  - id: bundle',
        `    kind: other`,
        // The manifest refuses control characters in paths; a bidi override and brackets get through.
        `    path_or_uri: "s3://b/[click](https://evil.example)\\u202e\\\\[x]"`,
        '',
      ].join('\n'),
    });
    const result = await runCli(['check', '--format', 'sarif'], workspace.root);
    expect(result.code).toBe(1);
    const log = expectValid(JSON.parse(result.stdout));
    const [text] = log.runs[0]!.results.map((entry) => entry.message.text);
    expect(text).toBe(
      'Artifact bundle (s3://b/\\[click\\](https://evil.example)\\u202e\\\\\\[x\\]): SBOM not present; SLSA provenance not present; risk assessment not present',
    );
    expect(text).not.toMatch(/[\n\r\u202e]/);
  });
});

describe('renderSarif (pure)', () => {
  test('every failing rule of a run, in the order the gate found them, at the site it names', () => {
    const verdict = makeVerdict({
      run: makeRun({ status: 'failed', cost_estimate: 100, cost_actual: 200 }),
      artifacts: [makeArtifact('a'), makeArtifact('b', { sbom_present: true, slsa_provenance_present: true, risk_assessment_present: true })],
      policy: { max_cost_overrun: 0.1 },
      loaded: { locate: (keyPath) => ({ line: keyPath.join('.') === 'run.status' ? 4 : keyPath.join('.') === 'run.cost_actual' ? 5 : 99, column: 3 }) },
    });
    const log = expectValid(renderSarif(makeCheckResult(verdict), { version: '1.2.3' }));
    expect(shown(log).map(([rule, , line]) => [rule, line])).toEqual([
      ['run_succeeded', 4],
      ['max_cost_overrun', 5],
    ]);
    expect(log.runs[0]!.tool.driver.version).toBe('1.2.3');
    expect(log.runs[0]!.results.map((result) => result.ruleIndex)).toEqual([0, 3]);
  });

  test(`at most ${MAX_SARIF_RESULTS} results per run, and a notification says how many more`, () => {
    const artifacts = Array.from({ length: MAX_SARIF_RESULTS + 7 }, (_, index) => makeArtifact(`a${index}`));
    const log = expectValid(renderSarif(makeCheckResult(makeVerdict({ artifacts })), { version: '1.2.3' })) as SarifLog & {
      runs: { invocations: { toolExecutionNotifications: { message: { text: string } }[] }[] }[];
    };
    expect(log.runs[0]!.results).toHaveLength(MAX_SARIF_RESULTS);
    expect(log.runs[0]!.results.at(-1)!.locations[0]!.physicalLocation.region!.startLine).toBe(8 + (MAX_SARIF_RESULTS - 1) * 6);
    expect(log.runs[0]!.invocations[0]!.toolExecutionNotifications[0]!.message.text).toBe('7 more results are not in this file; compliance-report.json has them all');
  }, 60_000);

  test('a manifest path is a relative URI, percent-encoded', () => {
    const log = expectValid(renderSarif(makeCheckResult(makeVerdict({ artifacts: [makeArtifact('a')], loaded: { file: 'svc a/#1/maestro.yml' } })), { version: '1.2.3' }));
    expect(shown(log)[0]![1]).toBe('svc%20a/%231/maestro.yml');
  });
});

describe('sarifText', () => {
  test.each([
    ['plain', 'plain'],
    ['a [link](1)', 'a \\[link\\](1)'],
    ['\\[', '\\\\\\['],
    ['two\nlines', 'two\\nlines'],
  ])('%j → %j', (input, output) => {
    expect(sarifText(input)).toBe(output);
  });
});
