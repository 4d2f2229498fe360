/**
 * The policy file's JSON Schema, generated from the zod schema that validates policy files, as
 * the manifest's is. `schema/maestro-policy.schema.json` is this output, committed; a test fails
 * when it is stale.
 */
import { z } from 'zod';
import { PolicyFile } from './schema.js';

export const POLICY_SCHEMA_URL = 'https://raw.githubusercontent.com/summit/maestro-gate/v1/schema/maestro-policy.schema.json';

export function policyJsonSchema(): Record<string, unknown> {
  // `input`: what a person writes (defaults are optional), not what the loader returns.
  const generated = z.toJSONSchema(PolicyFile, { io: 'input', target: 'draft-2020-12', unrepresentable: 'any' }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  return {
    $schema,
    $id: POLICY_SCHEMA_URL,
    title: 'maestro-gate policy file (the `policy` input)',
    description:
      'The rules, trust anchors and waivers of the maestro-gate release gate, owned outside the pull requests it judges. Paths name files in the policy\'s own repository, read at the policy\'s ref.',
    ...rest,
  };
}

export function renderPolicyJsonSchema(): string {
  return `${JSON.stringify(policyJsonSchema(), null, 2)}\n`;
}
