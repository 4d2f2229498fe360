/**
 * A fake of the Actions artifact service as `@actions/artifact` v2+ speaks it
 * (node_modules/@actions/artifact/lib/internal/upload/upload-artifact.js):
 *
 * 1. Twirp JSON `POST /twirp/github.actions.results.api.v1.ArtifactService/CreateArtifact`
 *    with `Authorization: Bearer <ACTIONS_RUNTIME_TOKEN>` and the backend ids from the token's
 *    `scp` claim; it answers `{ ok, signed_upload_url }`, here a URL back to this server.
 * 2. The zip, sent to that URL by `@azure/storage-blob`'s `BlockBlobClient.uploadStream`: one
 *    `PUT ?comp=block&blockid=<base64>` per 8 MiB block, then `PUT ?comp=blocklist` with an XML
 *    `<BlockList><Latest>id</Latest>…</BlockList>` that commits them in order. Both answer 201.
 * 3. Twirp JSON `FinalizeArtifact` with the size and `sha256:` digest of the zip; it answers
 *    `{ ok, artifact_id }` only when they match the committed blob.
 *
 * Twirp errors are JSON (`{ code, msg }`), as the library parses every answer as JSON (a non-JSON
 * answer counts as retryable, with back-off of seconds). Faults are programmed with `fault()`.
 */
import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { sendJson, startFakeServer, type Fault, type FakeServer, type RecordedRequest } from './server.js';

const SERVICE = '/twirp/github.actions.results.api.v1.ArtifactService';
/** Paths to aim faults at. */
export const ARTIFACT_PATHS = {
  createArtifact: `${SERVICE}/CreateArtifact`,
  finalizeArtifact: `${SERVICE}/FinalizeArtifact`,
  /** Every blob request (blocks and block list). */
  blob: /^\/devstoreaccount1\/actions-results\//,
} as const;

export interface StoredArtifact {
  id: number;
  name: string;
  workflowRunBackendId: string;
  workflowJobRunBackendId: string;
  mimeType: string | undefined;
  expiresAt: string | undefined;
  uploadPath: string;
  blocks: Map<string, Buffer>;
  /** The committed zip, once the block list is in. */
  blob: Buffer | undefined;
  blobContentType: string | undefined;
  finalized: boolean;
}

export interface FakeArtifactService extends FakeServer {
  artifacts: StoredArtifact[];
  /** The variables a runner gives a JavaScript action: a token for `runId`/`jobId` and this server's URL. */
  env(): { ACTIONS_RUNTIME_TOKEN: string; ACTIONS_RESULTS_URL: string };
}

export const BACKEND_IDS = { workflowRunBackendId: 'c0ffee00-run0-4aae-887f-30da475f5f1a', workflowJobRunBackendId: 'c0ffee00-job0-526b-2ce8-bdc85f692774' };

/**
 * A JWT as the runner's `ACTIONS_RUNTIME_TOKEN` looks to the library: it is only decoded, never
 * verified, and the `Actions.Results:<runId>:<jobId>` scope of its `scp` claim names the backend ids.
 */
export function fakeRuntimeToken(runId = BACKEND_IDS.workflowRunBackendId, jobId = BACKEND_IDS.workflowJobRunBackendId): string {
  const part = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const claims = { scp: `Actions.GenericRead:00000000 Actions.Results:${runId}:${jobId} Actions.UploadArtifacts:${runId}`, iss: 'fake', exp: 4_102_444_800 };
  return `${part({ typ: 'JWT', alg: 'RS256' })}.${part(claims)}.${Buffer.from('not-a-signature').toString('base64url')}`;
}

export async function startFakeArtifactService(): Promise<FakeArtifactService> {
  const token = fakeRuntimeToken();
  const artifacts: StoredArtifact[] = [];
  let base = '';
  let nextId = 4_000;

  const handle = (request: RecordedRequest, response: ServerResponse): void => {
    if (request.path.startsWith(SERVICE)) return twirp(request, response);
    if (ARTIFACT_PATHS.blob.test(request.path) && request.method === 'PUT') return blob(request, response);
    sendJson(response, 404, { code: 'bad_route', msg: `no handler for ${request.method} ${request.path}` });
  };

  const twirp = (request: RecordedRequest, response: ServerResponse): void => {
    if (request.method !== 'POST') return sendJson(response, 404, { code: 'bad_route', msg: 'Twirp needs POST' });
    if (request.headers.authorization !== `Bearer ${token}`) return sendJson(response, 401, { code: 'unauthenticated', msg: 'bad runtime token' });
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(request.body.toString('utf8')) as Record<string, unknown>;
    } catch {
      return sendJson(response, 400, { code: 'malformed', msg: 'not JSON' });
    }
    if (body.workflow_run_backend_id !== BACKEND_IDS.workflowRunBackendId || body.workflow_job_run_backend_id !== BACKEND_IDS.workflowJobRunBackendId) {
      return sendJson(response, 400, { code: 'invalid_argument', msg: 'backend ids do not match the token' });
    }
    const name = String(body.name ?? '');
    if (request.path === ARTIFACT_PATHS.createArtifact) {
      if (artifacts.some((artifact) => artifact.name === name && artifact.finalized)) {
        return sendJson(response, 409, { code: 'already_exists', msg: `an artifact named ${name} already exists` });
      }
      const id = nextId++;
      const uploadPath = `/devstoreaccount1/actions-results/${id}/${encodeURIComponent(name)}.zip`;
      artifacts.push({
        id,
        name,
        workflowRunBackendId: String(body.workflow_run_backend_id),
        workflowJobRunBackendId: String(body.workflow_job_run_backend_id),
        mimeType: typeof body.mime_type === 'string' ? body.mime_type : undefined,
        expiresAt: typeof body.expires_at === 'string' ? body.expires_at : undefined,
        uploadPath,
        blocks: new Map(),
        blob: undefined,
        blobContentType: undefined,
        finalized: false,
      });
      return sendJson(response, 200, { ok: true, signed_upload_url: `${base}${uploadPath}?sv=2023-11-03&sr=b&sp=cw&sig=fake-signature` });
    }
    if (request.path === ARTIFACT_PATHS.finalizeArtifact) {
      const artifact = artifacts.find((candidate) => candidate.name === name && !candidate.finalized);
      if (!artifact?.blob) return sendJson(response, 412, { code: 'failed_precondition', msg: `no uploaded blob for ${name}` });
      const digest = `sha256:${createHash('sha256').update(artifact.blob).digest('hex')}`;
      if (String(body.size) !== String(artifact.blob.length) || body.hash !== digest) {
        return sendJson(response, 412, { code: 'failed_precondition', msg: `size or hash does not match the blob (${artifact.blob.length} bytes, ${digest})` });
      }
      artifact.finalized = true;
      // int64 travels as a string in protobuf JSON.
      return sendJson(response, 200, { ok: true, artifact_id: String(artifact.id) });
    }
    sendJson(response, 404, { code: 'bad_route', msg: `no method ${request.path}` });
  };

  const blob = (request: RecordedRequest, response: ServerResponse): void => {
    const artifact = artifacts.find((candidate) => candidate.uploadPath === request.path);
    if (!artifact || request.query.get('sig') !== 'fake-signature') return azureError(response, 403, 'AuthenticationFailed', 'Signature did not match.');
    const created = (): void => {
      response.writeHead(201, { 'x-ms-request-id': `req-${Date.now()}`, 'x-ms-version': '2025-11-05', 'x-ms-request-server-encrypted': 'true', 'content-length': 0 });
      response.end();
    };
    if (request.query.get('comp') === 'block') {
      const blockId = request.query.get('blockid');
      if (!blockId) return azureError(response, 400, 'InvalidQueryParameterValue', 'blockid is missing');
      artifact.blocks.set(blockId, request.body);
      return created();
    }
    if (request.query.get('comp') === 'blocklist') {
      const ids = [...request.body.toString('utf8').matchAll(/<(?:Latest|Uncommitted)>([^<]*)<\/(?:Latest|Uncommitted)>/g)].map((match) => match[1]!);
      const parts = ids.map((id) => artifact.blocks.get(id));
      if (parts.some((part) => part === undefined)) return azureError(response, 400, 'InvalidBlockList', 'The specified block list is invalid.');
      artifact.blob = Buffer.concat(parts as Buffer[]);
      artifact.blobContentType = headerValue(request.headers['x-ms-blob-content-type']);
      return created();
    }
    azureError(response, 400, 'UnsupportedQueryParameter', `comp=${request.query.get('comp') ?? ''} is not faked`);
  };

  const server = await startFakeServer(handle);
  base = server.url;
  return {
    ...server,
    artifacts,
    env: () => ({ ACTIONS_RUNTIME_TOKEN: token, ACTIONS_RESULTS_URL: `${server.url}/` }),
  };
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function azureError(response: ServerResponse, status: number, code: string, message: string): void {
  response.writeHead(status, { 'content-type': 'application/xml', 'x-ms-error-code': code });
  response.end(azureErrorBody(code, message));
}

export function azureErrorBody(code: string, message: string): string {
  return `<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`;
}

/** Faults the real services answer with, for `service.fault(...)`. */
export const ARTIFACT_FAULTS = {
  createForbidden: { method: 'POST', path: ARTIFACT_PATHS.createArtifact, status: 403, body: { code: 'permission_denied', msg: 'token lacks Actions.Results scope' } },
  createNotOk: { method: 'POST', path: ARTIFACT_PATHS.createArtifact, status: 200, body: { ok: false, signed_upload_url: '' } },
  blobForbidden: {
    method: 'PUT',
    path: ARTIFACT_PATHS.blob,
    status: 403,
    body: azureErrorBody('AuthenticationFailed', 'Server failed to authenticate the request.'),
    headers: { 'x-ms-error-code': 'AuthenticationFailed' },
  },
  finalizeNotOk: { method: 'POST', path: ARTIFACT_PATHS.finalizeArtifact, status: 200, body: { ok: false } },
  quotaHit: { method: 'POST', path: ARTIFACT_PATHS.createArtifact, status: 403, body: { code: 'resource_exhausted', msg: 'insufficient usage to create artifact' } },
} satisfies Record<string, Fault>;
