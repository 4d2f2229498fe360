/**
 * The manifest's JSON Schema, generated from the same zod schema that validates manifests, so
 * editors check exactly what the gate checks. `schema/maestro.schema.json` is this output,
 * committed; a test fails when it is stale.
 */
import { z } from 'zod';
import { Manifest } from './schema.js';

export const SCHEMA_URL = 'https://raw.githubusercontent.com/summit/maestro-gate/v1/schema/maestro.schema.json';

export function manifestJsonSchema(): Record<string, unknown> {
  // `input`: what a person writes (defaults are optional), not what the loader returns.
  const generated = z.toJSONSchema(Manifest, { io: 'input', target: 'draft-2020-12', unrepresentable: 'any' }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  return {
    $schema,
    $id: SCHEMA_URL,
    title: 'maestro-gate manifest (maestro.yml)',
    description: 'One run of Maestro Conductor and its artifacts, judged by the maestro-gate release gate.',
    ...rest,
  };
}

export function renderJsonSchema(): string {
  return `${JSON.stringify(manifestJsonSchema(), null, 2)}\n`;
}
