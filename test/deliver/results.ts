/**
 * Verdicts for the delivery tests, made by the real core: manifests in a temp workspace (or the
 * repository's examples/) through `checkManifests`, exactly as the Action makes them.
 */
import { fileURLToPath } from 'node:url';
import { checkManifests, type CheckResult } from '../../src/core/check.js';
import { NOW } from '../helpers/workspace.js';

const REPOSITORY_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The verdict on `examples/<name>/maestro.yml`, checked from the repository's root as a workflow would. */
export async function checkExample(name: string): Promise<CheckResult> {
  return checkManifests({ workspace: REPOSITORY_ROOT, patterns: [`examples/${name}/maestro.yml`], now: NOW });
}

/** The verdict on every `*.yml` manifest of `workspace` (one run per manifest). */
export async function checkWorkspace(workspace: string, patterns: string[] = ['maestro.yml']): Promise<CheckResult> {
  return checkManifests({ workspace, patterns, now: NOW });
}

/** YAML for a run whose artifacts live elsewhere (no file is hashed), each declaring `flags`. */
export function manifestYaml(options: {
  id: string;
  name?: string;
  owner?: string;
  status?: string;
  artifacts: Array<{ id: string; path?: string; flags?: Partial<Record<'sbom_present' | 'slsa_provenance_present' | 'risk_assessment_present', boolean>> }>;
}): string {
  const lines = [
    'version: 1',
    'run:',
    `  id: ${JSON.stringify(options.id)}`,
    `  name: ${JSON.stringify(options.name ?? options.id)}`,
    `  owner: ${JSON.stringify(options.owner ?? 'platform-team')}`,
    `  status: ${options.status ?? 'succeeded'}`,
    'artifacts:',
  ];
  for (const artifact of options.artifacts) {
    const flags = { sbom_present: false, slsa_provenance_present: false, risk_assessment_present: false, ...artifact.flags };
    lines.push(
      `  - id: ${JSON.stringify(artifact.id)}`,
      '    kind: other',
      `    path_or_uri: ${JSON.stringify(artifact.path ?? `s3://releases/${artifact.id.length}.tgz`)}`,
      `    metadata_json: { sbom_present: ${flags.sbom_present}, slsa_provenance_present: ${flags.slsa_provenance_present}, risk_assessment_present: ${flags.risk_assessment_present} }`,
    );
  }
  return `${lines.join('\n')}\n`;
}
