/**
 * `/openapi.json`, generated from the operation table and the zod schemas with
 * `z.toJSONSchema`; nothing in it is written by hand. Request bodies are described as a client
 * writes them (defaults optional), responses as the service returns them (every field present).
 */
import { z } from 'zod';
import { VERSION } from '../version.js';
import type { Operation } from './operations.js';
import {
  ArtifactSchema,
  CreateArtifactRequest,
  CreateDisclosurePackRequest,
  CreateRunRequest,
  DisclosurePackSchema,
  HealthSchema,
  NotFoundSchema,
  ReleaseGateSchema,
  RunManifestSchema,
  RunSchema,
  UpdateRunRequest,
  ValidationErrorSchema,
} from './schemas.js';

type Io = 'input' | 'output';

/** Schemas shown by name under `components.schemas`, with the names FastAPI gave them. */
const COMPONENTS: readonly [string, z.ZodType, Io][] = [
  ['CreateRunRequest', CreateRunRequest, 'input'],
  ['UpdateRunRequest', UpdateRunRequest, 'input'],
  ['CreateArtifactRequest', CreateArtifactRequest, 'input'],
  ['CreateDisclosurePackRequest', CreateDisclosurePackRequest, 'input'],
  ['Run', RunSchema, 'output'],
  ['Artifact', ArtifactSchema, 'output'],
  ['DisclosurePack', DisclosurePackSchema, 'output'],
  ['ReleaseGateResult', ReleaseGateSchema, 'output'],
  ['RunManifest', RunManifestSchema, 'output'],
  ['Health', HealthSchema, 'output'],
  ['HTTPNotFound', NotFoundSchema, 'output'],
  ['HTTPValidationError', ValidationErrorSchema, 'output'],
];

function jsonSchema(schema: z.ZodType, io: Io): Record<string, unknown> {
  // OpenAPI 3.1 is already draft 2020-12: a `$schema` in every component would only be noise.
  const generated = z.toJSONSchema(schema, { io, target: 'draft-2020-12', unrepresentable: 'any' }) as Record<string, unknown>;
  delete generated.$schema;
  return generated;
}

export function buildOpenApi(operations: readonly Operation[]): Record<string, unknown> {
  const names = new Map(COMPONENTS.map(([name, schema]) => [schema, name]));
  const ref = (schema: z.ZodType, io: Io): Record<string, unknown> => {
    const name = names.get(schema);
    if (name !== undefined) return { $ref: `#/components/schemas/${name}` };
    // Lists of a named schema stay references too.
    const element = (schema as { _zod: { def: { type: string; element?: z.ZodType } } })._zod.def;
    if (element.type === 'array' && element.element && names.has(element.element)) return { type: 'array', items: ref(element.element, io) };
    return jsonSchema(schema, io);
  };

  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    const parameters = [
      ...parametersOf(op.params, 'path'),
      ...parametersOf(op.query, 'query'),
    ];
    const responses: Record<string, unknown> = {};
    for (const [status, spec] of Object.entries(op.responses)) {
      const content: Record<string, unknown> = {};
      if (spec.schema) content['application/json'] = { schema: ref(spec.schema, 'output') };
      if (spec.yaml) content['application/yaml'] = { schema: { type: 'string', description: 'A maestro.yml (with ?format=yaml)' } };
      responses[status] = { description: spec.description, ...(Object.keys(content).length > 0 ? { content } : {}) };
    }
    (paths[op.path] ??= {})[op.method.toLowerCase()] = {
      operationId: op.operationId,
      summary: op.summary,
      ...(op.description ? { description: op.description } : {}),
      tags: [op.tag],
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: ref(op.body, 'input') } } } } : {}),
      responses,
    };
  }

  return {
    openapi: '3.1.0',
    info: {
      title: 'Maestro Conductor API (maestro-gate serve)',
      version: VERSION,
      description:
        'Run, artifact and disclosure pack tracking with the release gate of the maestro-gate Action: the same store, the same gate and the same reports.',
    },
    paths,
    components: { schemas: Object.fromEntries(COMPONENTS.map(([name, schema, io]) => [name, jsonSchema(schema, io)])) },
  };
}

function parametersOf(schema: z.ZodObject | undefined, where: 'path' | 'query'): Record<string, unknown>[] {
  if (!schema) return [];
  return Object.entries(schema.shape).map(([name, field]) => {
    const { description, ...fieldSchema } = jsonSchema(field as z.ZodType, 'input');
    const optional = (field as z.ZodType).safeParse(undefined).success;
    return { name, in: where, required: where === 'path' || !optional, schema: fieldSchema, ...(description ? { description } : {}) };
  });
}
