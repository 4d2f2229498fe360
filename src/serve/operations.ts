/**
 * The service's endpoints, each once: method, path, schemas and what it does. The HTTP server
 * registers these and `/openapi.json` describes these, so the two cannot drift apart.
 */
import type { z } from 'zod';
import { VERSION } from '../version.js';
import {
  ArtifactIdParams,
  ArtifactSchema,
  CreateArtifactRequest,
  CreateDisclosurePackRequest,
  CreateRunRequest,
  DisclosurePackSchema,
  HealthSchema,
  ListArtifactsQuery,
  ListRunsQuery,
  ManifestQuery,
  NotFoundSchema,
  PackIdParams,
  ReleaseGateSchema,
  RunIdParams,
  RunManifestSchema,
  RunSchema,
  UpdateRunRequest,
  ValidationErrorSchema,
} from './schemas.js';
import type { MaestroService } from './service.js';
import { NotFoundError } from '../store/store.js';
import { notFoundDetail } from './messages.js';

export const YAML_CONTENT_TYPE = 'application/yaml; charset=utf-8';

export interface OperationReply {
  status: number;
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as is, with `contentType`. */
  text?: string;
  contentType?: string;
  /** The same text gzip-compressed, sent instead to a client that accepts gzip. */
  gzipped?: () => Promise<Buffer>;
}

export interface ResponseSpec {
  description: string;
  schema?: z.ZodType;
  /** Also (or only) answered as YAML text. */
  yaml?: boolean;
}

export interface OperationInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
}

export interface Operation {
  method: 'GET' | 'POST' | 'PATCH';
  /** OpenAPI form: `/maestro/runs/{run_id}`. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  responses: Record<number, ResponseSpec>;
  /** Receives input already validated by the schemas above. */
  handle: (service: MaestroService, input: OperationInput<unknown, unknown, unknown>) => Promise<OperationReply>;
}

/** Keeps each handler typed by its own schemas while the table holds them all alike. */
function operation<P extends z.ZodObject, Q extends z.ZodObject, B extends z.ZodType>(
  spec: Omit<Operation, 'handle' | 'params' | 'query' | 'body'> & {
    params?: P;
    query?: Q;
    body?: B;
    handle: (service: MaestroService, input: OperationInput<z.output<P>, z.output<Q>, z.output<B>>) => Promise<OperationReply>;
  },
): Operation {
  return spec as Operation;
}

const notFound = (what: string): ResponseSpec => ({ description: `${what} not found: \`{"detail": "${what} <id> not found"}\``, schema: NotFoundSchema });
const invalid: ResponseSpec = { description: 'Validation error', schema: ValidationErrorSchema };

export const OPERATIONS: readonly Operation[] = [
  operation({
    method: 'POST',
    path: '/maestro/runs',
    operationId: 'create_run',
    summary: 'Create a run',
    tag: 'runs',
    body: CreateRunRequest,
    responses: { 201: { description: 'The run, with its generated id and status `pending`', schema: RunSchema }, 422: invalid },
    handle: async (service, { body }) => ({ status: 201, json: await service.createRun(body) }),
  }),
  operation({
    method: 'GET',
    path: '/maestro/runs',
    operationId: 'list_runs',
    summary: 'List runs, newest first',
    tag: 'runs',
    query: ListRunsQuery,
    responses: { 200: { description: 'Runs matching the filters', schema: RunSchema.array() }, 422: invalid },
    handle: async (service, { query }) => ({ status: 200, json: service.listRuns(query) }),
  }),
  operation({
    method: 'GET',
    path: '/maestro/runs/{run_id}',
    operationId: 'get_run',
    summary: 'Get a run',
    tag: 'runs',
    params: RunIdParams,
    responses: { 200: { description: 'The run', schema: RunSchema }, 404: notFound('Run') },
    handle: async (service, { params }) => ({ status: 200, json: service.getRun(params.run_id) }),
  }),
  operation({
    method: 'PATCH',
    path: '/maestro/runs/{run_id}',
    operationId: 'update_run',
    summary: "Update a run's status, finished_at, cost_actual or metadata",
    tag: 'runs',
    params: RunIdParams,
    body: UpdateRunRequest,
    responses: { 200: { description: 'The updated run', schema: RunSchema }, 404: notFound('Run'), 422: invalid },
    handle: async (service, { params, body }) => ({ status: 200, json: await service.updateRun(params.run_id, body) }),
  }),
  operation({
    method: 'GET',
    path: '/maestro/runs/{run_id}/manifest',
    operationId: 'get_run_manifest',
    summary: 'Get a run with its artifacts, disclosure pack and compliance report',
    description:
      "The compliance report is in the service's shape, with our fields (reasons, evidence, waivers, policy) only where they change what it says; with `?detail=full`, the whole report, as `manifest.json` holds it. With `?format=yaml`, the run as a `maestro.yml` that `maestro-gate validate` accepts and `maestro-gate check` judges as this service does.",
    tag: 'runs',
    params: RunIdParams,
    query: ManifestQuery,
    responses: { 200: { description: 'The run manifest', schema: RunManifestSchema, yaml: true }, 404: notFound('Run'), 422: invalid },
    handle: async (service, { params, query }) =>
      query.format === 'yaml'
        ? { status: 200, text: service.exportYaml(params.run_id), contentType: YAML_CONTENT_TYPE }
        : { status: 200, contentType: 'application/json; charset=utf-8', ...(await service.manifestAnswer(params.run_id, query.detail)) },
  }),
  operation({
    method: 'GET',
    path: '/maestro/runs/{run_id}/release-gate',
    operationId: 'check_run_release_gate',
    summary: 'Evaluate the release gate of a run',
    description:
      'The same gate as the maestro-gate Action: the run must have succeeded and at least one artifact must declare SBOM, SLSA provenance and risk assessment. As the service did, an unknown run is answered 200 with `passed: false` and the message `Run <id> not found`.',
    tag: 'runs',
    params: RunIdParams,
    responses: { 200: { description: 'The verdict', schema: ReleaseGateSchema } },
    handle: async (service, { params }) => {
      try {
        return { status: 200, json: await service.releaseGate(params.run_id) };
      } catch (error) {
        if (!(error instanceof NotFoundError)) throw error;
        return { status: 200, json: { run_id: params.run_id, passed: false, message: notFoundDetail(error), details: { run_id: params.run_id } } };
      }
    },
  }),
  operation({
    method: 'POST',
    path: '/maestro/artifacts',
    operationId: 'create_artifact',
    summary: 'Attach an artifact to a run',
    tag: 'artifacts',
    body: CreateArtifactRequest,
    responses: { 201: { description: 'The artifact, with its generated id', schema: ArtifactSchema }, 404: notFound('Run'), 422: invalid },
    handle: async (service, { body }) => ({ status: 201, json: await service.createArtifact(body) }),
  }),
  operation({
    method: 'GET',
    path: '/maestro/artifacts',
    operationId: 'list_artifacts',
    summary: 'List artifacts, newest first',
    tag: 'artifacts',
    query: ListArtifactsQuery,
    responses: { 200: { description: 'Artifacts matching the filter', schema: ArtifactSchema.array() }, 422: invalid },
    handle: async (service, { query }) => ({ status: 200, json: service.listArtifacts(query.run_id) }),
  }),
  operation({
    method: 'GET',
    path: '/maestro/artifacts/{artifact_id}',
    operationId: 'get_artifact',
    summary: 'Get an artifact',
    tag: 'artifacts',
    params: ArtifactIdParams,
    responses: { 200: { description: 'The artifact', schema: ArtifactSchema }, 404: notFound('Artifact') },
    handle: async (service, { params }) => ({ status: 200, json: service.getArtifact(params.artifact_id) }),
  }),
  operation({
    method: 'POST',
    path: '/maestro/disclosure-packs',
    operationId: 'create_disclosure_pack',
    summary: 'Create a disclosure pack for a run',
    tag: 'disclosure-packs',
    body: CreateDisclosurePackRequest,
    responses: {
      201: { description: 'The disclosure pack, with its generated id', schema: DisclosurePackSchema },
      404: { description: 'The run or one of the artifacts was not found', schema: NotFoundSchema },
      422: invalid,
    },
    handle: async (service, { body }) => ({ status: 201, json: await service.createDisclosurePack(body) }),
  }),
  operation({
    method: 'GET',
    path: '/maestro/disclosure-packs',
    operationId: 'list_disclosure_packs',
    summary: 'List disclosure packs, newest first',
    tag: 'disclosure-packs',
    responses: { 200: { description: 'Every disclosure pack', schema: DisclosurePackSchema.array() } },
    handle: async (service) => ({ status: 200, json: service.listDisclosurePacks() }),
  }),
  operation({
    method: 'GET',
    path: '/maestro/disclosure-packs/{pack_id}',
    operationId: 'get_disclosure_pack',
    summary: 'Get a disclosure pack',
    tag: 'disclosure-packs',
    params: PackIdParams,
    responses: { 200: { description: 'The disclosure pack', schema: DisclosurePackSchema }, 404: notFound('Disclosure pack') },
    handle: async (service, { params }) => ({ status: 200, json: service.getDisclosurePack(params.pack_id) }),
  }),
  operation({
    method: 'GET',
    path: '/health',
    operationId: 'health',
    summary: 'Health check',
    tag: 'service',
    responses: { 200: { description: 'The service is up', schema: HealthSchema } },
    handle: async (service) => ({ status: 200, json: { status: 'ok', service: 'maestro', version: VERSION, storage: service.journaled ? 'journal' : 'memory' } }),
  }),
];
