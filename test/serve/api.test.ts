/**
 * The Maestro Conductor service's own scenarios, over real HTTP against `maestro-gate serve`:
 * the same requests its test suite and curl workflow send, the same codes and messages back.
 */
import { request, type IncomingHttpHeaders } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, COMPLIANT, json, startTestService, type TestService } from './helpers/service.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

// The service's own fixtures (tests/maestro/conftest.py), unchanged.
const sampleRun = {
  name: 'Test Analysis Run',
  owner: 'analyst@example.com',
  cost_estimate: 10.0,
  related_entity_ids: ['entity-123', 'entity-456'],
  related_decision_ids: ['decision-789'],
  metadata: { project: 'test-project' },
};
const sampleMetadata = { ...COMPLIANT, additional_metadata: { scanner: 'trivy' } };

let service: TestService;
let base: string;

beforeAll(async () => {
  service = await startTestService();
  base = service.url;
});
afterAll(async () => {
  await service.close();
});

async function createRun(overrides: Record<string, unknown> = {}): Promise<string> {
  const created = await call(base, 'POST', '/maestro/runs', { ...sampleRun, ...overrides });
  expect(created.status).toBe(201);
  return (created.json as { id: string }).id;
}

async function createArtifact(runId: string, overrides: Record<string, unknown> = {}): Promise<string> {
  const created = await call(base, 'POST', '/maestro/artifacts', { run_id: runId, kind: 'sbom', path_or_uri: 's3://artifacts/sbom.json', metadata_json: sampleMetadata, ...overrides });
  expect(created.status).toBe(201);
  return (created.json as { id: string }).id;
}

describe('runs', () => {
  it('creates a run: 201, a generated uuid, status pending, the fields as sent', async () => {
    const created = await call(base, 'POST', '/maestro/runs', sampleRun);
    expect(created.status).toBe(201);
    expect(created.headers.get('content-type')).toMatch(/^application\/json/);
    const run = created.json as Record<string, unknown>;
    expect(run).toMatchObject({ ...sampleRun, status: 'pending', finished_at: null, cost_actual: null });
    expect(run.id).toMatch(UUID);
    expect(Date.parse(run.started_at as string)).not.toBeNaN();
  });

  it('gets a run by id, and answers an unknown one 404 with the service detail', async () => {
    const runId = await createRun();
    const got = await call(base, 'GET', `/maestro/runs/${runId}`);
    expect(got.status).toBe(200);
    expect((got.json as { id: string }).id).toBe(runId);
    const missing = await call(base, 'GET', '/maestro/runs/nonexistent-run-id');
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({ detail: 'Run nonexistent-run-id not found' });
  });

  it('lists runs newest first, filtered by owner and by status', async () => {
    const owner1 = `analyst1-${Date.now()}@example.com`;
    const first = await createRun({ owner: owner1 });
    const second = await createRun({ owner: owner1 });
    await createRun({ owner: 'analyst2@example.com' });
    const all = await call(base, 'GET', '/maestro/runs');
    expect(all.status).toBe(200);
    expect((all.json as unknown[]).length).toBeGreaterThanOrEqual(3);
    const mine = await json<{ id: string; owner: string }[]>(base, 'GET', `/maestro/runs?owner=${encodeURIComponent(owner1)}`);
    expect(mine.map((run) => run.id)).toEqual([second, first]);
    await call(base, 'PATCH', `/maestro/runs/${first}`, { status: 'failed' });
    const failed = await json<{ id: string; status: string }[]>(base, 'GET', `/maestro/runs?owner=${encodeURIComponent(owner1)}&status=failed`);
    expect(failed.map((run) => run.id)).toEqual([first]);
  });

  it('updates status, cost_actual, finished_at and metadata; absent or null fields stay as they were', async () => {
    const runId = await createRun();
    const finishedAt = new Date().toISOString().replace('Z', ''); // Python's datetime.utcnow().isoformat()
    const updated = await call(base, 'PATCH', `/maestro/runs/${runId}`, { status: 'succeeded', cost_actual: 8.5, finished_at: finishedAt });
    expect(updated.status).toBe(200);
    expect(updated.json).toMatchObject({ id: runId, status: 'succeeded', cost_actual: 8.5, finished_at: finishedAt, metadata: sampleRun.metadata });
    const again = await json(base, 'PATCH', `/maestro/runs/${runId}`, { status: null, metadata: { replaced: true } });
    expect(again).toMatchObject({ status: 'succeeded', cost_actual: 8.5, metadata: { replaced: true } });
    const missing = await call(base, 'PATCH', '/maestro/runs/nope', { status: 'failed' });
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({ detail: 'Run nope not found' });
  });
});

describe('artifacts', () => {
  it('attaches an artifact: 201, a generated uuid, the flags as sent (the service test digest "sha256:abc123" kept for a URI)', async () => {
    const runId = await createRun();
    const created = await call(base, 'POST', '/maestro/artifacts', {
      run_id: runId,
      kind: 'sbom',
      path_or_uri: 's3://artifacts/sbom.json',
      content_hash: 'sha256:abc123',
      metadata_json: sampleMetadata,
    });
    expect(created.status).toBe(201);
    const artifact = created.json as Record<string, unknown>;
    expect(artifact.id).toMatch(UUID);
    expect(artifact).toMatchObject({ run_id: runId, kind: 'sbom', content_hash: 'sha256:abc123', metadata_json: sampleMetadata });
    const got = await call(base, 'GET', `/maestro/artifacts/${artifact.id as string}`);
    expect(got.json).toEqual(artifact);
  });

  it('refuses an artifact of an unknown run: 404 Run <id> not found', async () => {
    const created = await call(base, 'POST', '/maestro/artifacts', { run_id: 'nonexistent-run-id', kind: 'sbom', path_or_uri: 's3://artifacts/sbom.json', metadata_json: sampleMetadata });
    expect(created.status).toBe(404);
    expect(created.json).toEqual({ detail: 'Run nonexistent-run-id not found' });
    const missing = await call(base, 'GET', '/maestro/artifacts/nope');
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({ detail: 'Artifact nope not found' });
  });

  it('lists the artifacts of one run, newest first', async () => {
    const runId = await createRun();
    const ids: string[] = [];
    for (const kind of ['sbom', 'slsa_provenance', 'risk_assessment']) ids.push(await createArtifact(runId, { kind, path_or_uri: `s3://artifacts/${kind}.json` }));
    await createArtifact(await createRun());
    const listed = await json<{ id: string; run_id: string }[]>(base, 'GET', `/maestro/artifacts?run_id=${runId}`);
    expect(listed.map((artifact) => artifact.id)).toEqual(ids.reverse());
    expect(await json(base, 'GET', '/maestro/artifacts?run_id=unknown')).toEqual([]);
    expect((await json<unknown[]>(base, 'GET', '/maestro/artifacts')).length).toBeGreaterThanOrEqual(4);
  });

  it('checks local paths as a manifest does: unsafe paths and uncheckable digests are 422', async () => {
    const runId = await createRun();
    const unsafe = await call(base, 'POST', '/maestro/artifacts', { run_id: runId, kind: 'other', path_or_uri: '../outside.tgz' });
    expect(unsafe.status).toBe(422);
    expect(unsafe.json).toEqual({ detail: [{ loc: ['body', 'path_or_uri'], msg: expect.stringContaining("contains a '..' segment"), type: 'value_error' }] });
    const digest = await call(base, 'POST', '/maestro/artifacts', { run_id: runId, kind: 'other', path_or_uri: 'dist/bundle.tgz', content_hash: 'sha256:abc123' });
    expect(digest.status).toBe(422);
    expect((digest.json as { detail: { loc: unknown[] }[] }).detail[0]!.loc).toEqual(['body', 'content_hash']);
  });
});

describe('disclosure packs', () => {
  it('creates, gets and lists a pack of the run artifacts', async () => {
    const runId = await createRun();
    const artifactIds = [await createArtifact(runId), await createArtifact(runId, { kind: 'slsa_provenance' })];
    const created = await call(base, 'POST', '/maestro/disclosure-packs', { run_id: runId, summary: 'Complete analysis with SBOM, provenance, and risk assessment', artifact_ids: artifactIds });
    expect(created.status).toBe(201);
    const pack = created.json as { id: string };
    expect(pack).toMatchObject({ run_id: runId, artifact_ids: artifactIds, summary: 'Complete analysis with SBOM, provenance, and risk assessment', metadata: {} });
    expect(pack.id).toMatch(UUID);
    expect(await json(base, 'GET', `/maestro/disclosure-packs/${pack.id}`)).toEqual(pack);
    const listed = await json<{ id: string }[]>(base, 'GET', '/maestro/disclosure-packs');
    expect(listed[0]).toEqual(pack);
  });

  it('answers an unknown artifact, run or pack 404 with the service detail', async () => {
    const runId = await createRun();
    const unknownArtifact = await call(base, 'POST', '/maestro/disclosure-packs', { run_id: runId, summary: 'x', artifact_ids: ['no-such-artifact'] });
    expect(unknownArtifact.status).toBe(404);
    expect(unknownArtifact.json).toEqual({ detail: 'Artifact no-such-artifact not found' });
    const unknownRun = await call(base, 'POST', '/maestro/disclosure-packs', { run_id: 'no-such-run', summary: 'x' });
    expect(unknownRun.json).toEqual({ detail: 'Run no-such-run not found' });
    const unknownPack = await call(base, 'GET', '/maestro/disclosure-packs/nope');
    expect(unknownPack.status).toBe(404);
    expect(unknownPack.json).toEqual({ detail: 'Disclosure pack nope not found' });
  });
});

describe('manifest', () => {
  it('has its four keys: run, artifacts, disclosure pack (or null) and the compliance report', async () => {
    const runId = await createRun();
    await call(base, 'PATCH', `/maestro/runs/${runId}`, { status: 'succeeded', finished_at: new Date().toISOString() });
    const bare = await json(base, 'GET', `/maestro/runs/${runId}/manifest`);
    expect(Object.keys(bare).sort()).toEqual(['artifacts', 'compliance_report', 'disclosure_pack', 'run']);
    expect(bare.disclosure_pack).toBeNull();

    const artifactIds: string[] = [];
    for (const kind of ['sbom', 'slsa_provenance', 'risk_assessment']) artifactIds.push(await createArtifact(runId, { kind }));
    await call(base, 'POST', '/maestro/disclosure-packs', { run_id: runId, summary: 'Complete analysis', artifact_ids: artifactIds });
    const manifest = await json<{ run: { id: string }; artifacts: unknown[]; disclosure_pack: unknown; compliance_report: Record<string, unknown> }>(base, 'GET', `/maestro/runs/${runId}/manifest`);
    expect(manifest.run.id).toBe(runId);
    expect(manifest.artifacts).toHaveLength(3);
    expect(manifest.disclosure_pack).not.toBeNull();
    expect(manifest.compliance_report).toMatchObject({
      run_id: runId,
      run_name: sampleRun.name,
      run_status: 'succeeded',
      release_gate_passed: true,
      release_gate_message: 'Release gate passed: 3 compliant artifact(s) found',
      summary: { total_artifacts: 3, compliant_artifacts: 3 },
    });
    expect((await call(base, 'GET', '/maestro/runs/nope/manifest')).json).toEqual({ detail: 'Run nope not found' });
  });
});

describe('manifest, gzip-compressed for clients that accept it', () => {
  /** The raw answer, as node:http gets it: fetch would decompress it and hide the encoding. */
  const raw = (url: string, headers: Record<string, string>): Promise<{ headers: IncomingHttpHeaders; body: Buffer }> =>
    new Promise((resolve, reject) => {
      request(`${base}${url}`, { headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ headers: response.headers, body: Buffer.concat(chunks) }));
        response.on('error', reject);
      })
        .on('error', reject)
        .end();
    });

  it('sends the same JSON compressed when gzip is accepted, plain otherwise, and says it varies', async () => {
    const runId = await createRun();
    for (let index = 0; index < 20; index += 1) await createArtifact(runId, { path_or_uri: `s3://artifacts/sbom-${index}.json` });
    const url = `/maestro/runs/${runId}/manifest`;
    const plain = await raw(url, {});
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toBe('Accept-Encoding');
    const text = plain.body.toString('utf8');
    expect(JSON.parse(text)).toMatchObject({ run: { id: runId }, compliance_report: { summary: { total_artifacts: 20 } } });

    for (const accept of ['gzip', 'gzip, deflate, br', 'br;q=1.0, gzip;q=0.5', '*', 'X-GZIP', 'deflate, *;q=0.1']) {
      const compressed = await raw(url, { 'accept-encoding': accept });
      expect(compressed.headers['content-encoding'], accept).toBe('gzip');
      expect(compressed.headers.vary).toBe('Accept-Encoding');
      expect(Number(compressed.headers['content-length'])).toBe(compressed.body.length);
      expect(compressed.body.length).toBeLessThan(plain.body.length / 4);
      expect(gunzipSync(compressed.body).toString('utf8')).toBe(text);
    }
    for (const accept of ['identity', 'br', 'deflate', 'gzip;q=0', 'gzip;q=0, *', '*;q=0', 'gzip;q=bad', '']) {
      const answer = await raw(url, { 'accept-encoding': accept });
      expect(answer.headers['content-encoding'], accept).toBeUndefined();
      expect(answer.body.toString('utf8')).toBe(text);
    }

    // A write makes a new version of the run: the compressed answer follows it.
    await call(base, 'PATCH', url.replace('/manifest', ''), { status: 'succeeded' });
    const after = await raw(url, { 'accept-encoding': 'gzip' });
    expect(JSON.parse(gunzipSync(after.body).toString('utf8'))).toMatchObject({ run: { status: 'succeeded' }, compliance_report: { release_gate_passed: true } });
    expect(gunzipSync(after.body).toString('utf8')).toBe((await raw(url, {})).body.toString('utf8'));
  });

  it('leaves the other answers alone: JSON and YAML are never compressed', async () => {
    const runId = await createRun();
    const run = await raw(`/maestro/runs/${runId}`, { 'accept-encoding': 'gzip' });
    expect(run.headers['content-encoding']).toBeUndefined();
    const yaml = await raw(`/maestro/runs/${runId}/manifest?format=yaml`, { 'accept-encoding': 'gzip' });
    expect(yaml.headers['content-encoding']).toBeUndefined();
    expect(yaml.body.toString('utf8')).toContain(`id: ${runId}`);
  });
});

describe('release gate', () => {
  it("fails a pending run with the status message: 'pending', not an enum repr", async () => {
    const runId = await createRun();
    await createArtifact(runId);
    const gate = await call(base, 'GET', `/maestro/runs/${runId}/release-gate`);
    expect(gate.status).toBe(200);
    expect(gate.json).toMatchObject({ run_id: runId, passed: false, message: "Run status is 'pending', must be 'succeeded'" });
  });

  it('fails a succeeded run without artifacts', async () => {
    const runId = await createRun();
    await call(base, 'PATCH', `/maestro/runs/${runId}`, { status: 'succeeded' });
    expect(await json(base, 'GET', `/maestro/runs/${runId}/release-gate`)).toMatchObject({ passed: false, message: 'No artifacts found for this run' });
  });

  it('fails when no artifact has all three flags', async () => {
    const runId = await createRun();
    await call(base, 'PATCH', `/maestro/runs/${runId}`, { status: 'succeeded' });
    await createArtifact(runId, { metadata_json: { sbom_present: true, slsa_provenance_present: false, risk_assessment_present: true } });
    await createArtifact(runId, { kind: 'build_log', metadata_json: {} });
    expect(await json(base, 'GET', `/maestro/runs/${runId}/release-gate`)).toMatchObject({
      passed: false,
      message: 'No artifacts meet compliance requirements (SBOM + SLSA provenance + risk assessment)',
    });
  });

  it('passes a succeeded run with a compliant artifact, with the details the service gave', async () => {
    const runId = await createRun();
    await call(base, 'PATCH', `/maestro/runs/${runId}`, { status: 'succeeded', finished_at: new Date().toISOString() });
    const artifactId = await createArtifact(runId, { path_or_uri: 's3://test/sbom.json' });
    await createArtifact(runId, { kind: 'build_log', metadata_json: {} });
    expect(await json(base, 'GET', `/maestro/runs/${runId}/release-gate`)).toEqual({
      run_id: runId,
      passed: true,
      message: 'Release gate passed: 1 compliant artifact(s) found',
      details: { run_id: runId, total_artifacts: 2, compliant_artifacts: 1, compliant_artifact_ids: [artifactId] },
    });
  });

  it('answers an unknown run as the service did: 200, passed false, Run <id> not found', async () => {
    const gate = await call(base, 'GET', '/maestro/runs/nonexistent/release-gate');
    expect(gate.status).toBe(200);
    expect(gate.json).toEqual({ run_id: 'nonexistent', passed: false, message: 'Run nonexistent not found', details: { run_id: 'nonexistent' } });
  });
});

describe('422: invalid requests, in the shape FastAPI gives', () => {
  const detail = async (method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<unknown> => {
    const answer = await call(base, method, url, body, headers);
    expect(answer.status).toBe(422);
    return (answer.json as { detail: unknown }).detail;
  };

  it('missing, mistyped and unknown fields, all at once', async () => {
    expect(await detail('POST', '/maestro/runs', { name: 'x', owner: 3, cost_estimate: -1, stauts: 'succeeded' })).toEqual([
      { loc: ['body', 'owner'], msg: 'Input should be a valid string', type: 'string_type' },
      { loc: ['body', 'cost_estimate'], msg: 'Input should be greater than or equal to 0', type: 'greater_than_equal', ctx: { ge: 0 } },
      { loc: ['body', 'stauts'], msg: 'Extra inputs are not permitted', type: 'extra_forbidden' },
    ]);
    expect(await detail('POST', '/maestro/runs', {})).toEqual([
      { loc: ['body', 'name'], msg: 'Field required', type: 'missing' },
      { loc: ['body', 'owner'], msg: 'Field required', type: 'missing' },
    ]);
    expect(await detail('POST', '/maestro/artifacts', { run_id: 'r', path_or_uri: 's3://x' })).toEqual([{ loc: ['body', 'kind'], msg: 'Field required', type: 'missing' }]);
  });

  it('enum values, datetimes, and query parameters', async () => {
    const runId = await createRun();
    expect(await detail('PATCH', `/maestro/runs/${runId}`, { status: 'done', finished_at: 'yesterday' })).toEqual([
      { loc: ['body', 'status'], msg: "Input should be 'pending', 'running', 'succeeded', 'failed' or 'cancelled'", type: 'enum', ctx: { expected: "'pending', 'running', 'succeeded', 'failed' or 'cancelled'" } },
      { loc: ['body', 'finished_at'], msg: expect.stringContaining('Input should be a valid datetime'), type: 'datetime_parsing' },
    ]);
    expect(await detail('GET', '/maestro/runs?status=done')).toEqual([expect.objectContaining({ loc: ['query', 'status'], type: 'enum' })]);
    expect(await detail('GET', `/maestro/runs/${runId}/manifest?format=xml`)).toEqual([expect.objectContaining({ loc: ['query', 'format'], type: 'enum' })]);
  });

  it('bodies that are not a JSON object', async () => {
    expect(await detail('POST', '/maestro/runs', '{"name": ', { 'content-type': 'application/json' })).toEqual([
      { loc: ['body'], msg: 'JSON decode error', type: 'json_invalid', ctx: { error: expect.any(String) } },
    ]);
    expect(await detail('POST', '/maestro/runs', '[1, 2]', { 'content-type': 'application/json' })).toEqual([
      { loc: ['body'], msg: 'Input should be a valid dictionary or object to extract fields from', type: 'model_attributes_type' },
    ]);
    expect(await detail('POST', '/maestro/runs')).toEqual([{ loc: ['body'], msg: 'Field required', type: 'missing' }]);
    // curl -d without -H sends a form, which is also what a page on another origin can send
    // unasked: 415, with the fix in the message (test/hostile/serve.test.ts has every variant).
    const form = await call(base, 'POST', '/maestro/runs', 'name=x&owner=y', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(form.status).toBe(415);
    expect(form.json).toEqual({ detail: 'The body must be JSON, sent with Content-Type: application/json (got Content-Type application/x-www-form-urlencoded)' });
    expect(await detail('POST', '/maestro/runs', new Uint8Array([0x7b, 0xff, 0x7d]), { 'content-type': 'application/json' })).toEqual([
      { loc: ['body'], msg: 'JSON decode error', type: 'json_invalid', ctx: { error: 'the body is not valid UTF-8' } },
    ]);
  });

  it('prototype keys and hostile nesting, refused as a manifest refuses them', async () => {
    expect(await detail('POST', '/maestro/runs', '{"name": "x", "owner": "y", "metadata": {"__proto__": {"admin": true}}}', { 'content-type': 'application/json' })).toEqual([
      { loc: ['body', 'metadata', '__proto__'], msg: "Value error, key '__proto__' is not allowed anywhere in a request", type: 'value_error' },
    ]);
    const deep = `{"name": "x", "owner": "y", "metadata": ${'{"a": '.repeat(10_000)}1${'}'.repeat(10_000)}}`;
    expect(await detail('POST', '/maestro/runs', deep, { 'content-type': 'application/json' })).toEqual([
      expect.objectContaining({ msg: expect.stringContaining('nested deeper than'), type: 'value_error' }),
    ]);
    expect(({}) as Record<string, unknown>).not.toHaveProperty('admin');
  });
});

describe('the service around the API', () => {
  it('GET /health', async () => {
    expect(await json(base, 'GET', '/health')).toEqual({ status: 'ok', service: 'maestro', version: expect.any(String), storage: 'memory' });
  });

  it('GET /openapi.json describes every path, generated from the schemas', async () => {
    const spec = await json<{ openapi: string; paths: Record<string, Record<string, { responses: Record<string, unknown> }>>; components: { schemas: Record<string, { properties?: Record<string, unknown> }> } }>(
      base,
      'GET',
      '/openapi.json',
    );
    expect(spec.openapi).toBe('3.1.0');
    expect(Object.keys(spec.paths).sort()).toEqual([
      '/health',
      '/maestro/artifacts',
      '/maestro/artifacts/{artifact_id}',
      '/maestro/disclosure-packs',
      '/maestro/disclosure-packs/{pack_id}',
      '/maestro/runs',
      '/maestro/runs/{run_id}',
      '/maestro/runs/{run_id}/manifest',
      '/maestro/runs/{run_id}/release-gate',
    ]);
    expect(Object.keys(spec.paths['/maestro/runs']!).sort()).toEqual(['get', 'post']);
    expect(Object.keys(spec.paths['/maestro/runs/{run_id}']!).sort()).toEqual(['get', 'patch']);
    expect(Object.keys(spec.paths['/maestro/runs']!.post!.responses)).toEqual(['201', '422']);
    expect(Object.keys(spec.components.schemas.Run!.properties!)).toContain('related_decision_ids');
    expect(spec.components.schemas.CreateArtifactRequest!.properties!.kind).toMatchObject({ enum: expect.arrayContaining(['sbom', 'slsa_provenance']) });
  });

  it('GET /docs is an interactive page that loads nothing from elsewhere', async () => {
    const page = await call(base, 'GET', '/docs');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    for (const asset of ['/docs/docs.js', '/docs/docs.css']) {
      expect(page.text).toContain(asset);
      const served = await call(base, 'GET', asset);
      expect(served.status).toBe(200);
      expect(served.text).not.toMatch(/https?:\/\//);
    }
    expect(page.text).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect((await call(base, 'GET', '/docs/docs.js')).text).toContain("fetch('/openapi.json')");
  });

  it('answers unknown paths as FastAPI does, and sends no CORS headers unless asked', async () => {
    const missing = await call(base, 'GET', '/maestro/nothing', undefined, { origin: 'https://evil.example' });
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({ detail: 'Not Found' });
    const run = await call(base, 'GET', '/maestro/runs', undefined, { origin: 'https://evil.example' });
    expect(run.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await call(base, 'OPTIONS', '/maestro/runs', undefined, { origin: 'https://evil.example', 'access-control-request-method': 'POST' });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('treats ids as opaque text: a path in an id is just an unknown id', async () => {
    const traversal = await call(base, 'GET', `/maestro/runs/${encodeURIComponent('../../etc/passwd')}`);
    expect(traversal.status).toBe(404);
    expect(traversal.json).toEqual({ detail: 'Run ../../etc/passwd not found' });
  });
});

describe('limits and CORS when configured', () => {
  let small: TestService;
  beforeAll(async () => {
    small = await startTestService({ maxBodyBytes: 2048, corsOrigins: ['https://dashboard.example'] });
  });
  afterAll(async () => {
    await small.close();
  });

  it('refuses a body over the cap with 413, and takes one under it', async () => {
    const over = await call(small.url, 'POST', '/maestro/runs', { name: 'x', owner: 'y', metadata: { pad: 'x'.repeat(4096) } });
    expect(over.status).toBe(413);
    expect(over.json).toEqual({ detail: 'Request body is larger than 2048 bytes' });
    const under = await call(small.url, 'POST', '/maestro/runs', { name: 'x', owner: 'y', metadata: { pad: 'x'.repeat(1024) } });
    expect(under.status).toBe(201);
  });

  it('caps bodies at 1 MiB by default', async () => {
    const over = await call(base, 'POST', '/maestro/runs', { name: 'x', owner: 'y', metadata: { pad: 'x'.repeat(1024 * 1024) } });
    expect(over.status).toBe(413);
    expect(over.json).toEqual({ detail: 'Request body is larger than 1048576 bytes' });
  });

  it('allows the named origin only', async () => {
    const allowed = await call(small.url, 'GET', '/maestro/runs', undefined, { origin: 'https://dashboard.example' });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://dashboard.example');
    const preflight = await call(small.url, 'OPTIONS', '/maestro/runs', undefined, { origin: 'https://dashboard.example', 'access-control-request-method': 'POST' });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('PATCH');
    const other = await call(small.url, 'GET', '/maestro/runs', undefined, { origin: 'https://evil.example' });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('keeps CORS\'s Vary: Origin when the manifest also varies with Accept-Encoding', async () => {
    const created = await call(small.url, 'POST', '/maestro/runs', { name: 'x', owner: 'y' });
    const manifest = await call(small.url, 'GET', `/maestro/runs/${(created.json as { id: string }).id}/manifest`, undefined, { origin: 'https://dashboard.example' });
    expect(manifest.headers.get('vary')).toBe('Origin, Accept-Encoding');
    // fetch asks for gzip on its own and decompresses: the body is the JSON, whole.
    expect(manifest.headers.get('content-encoding')).toBe('gzip');
    expect(manifest.json).toMatchObject({ run: { name: 'x' } });
  });
});

describe('errors never echo internals', () => {
  it('answers an unexpected failure 500 with a bare detail, and logs the stack for the operator', async () => {
    const { buildApp } = await import('../../src/serve/app.js');
    const logged: string[] = [];
    const broken = { getRun: () => { throw new Error('secret internal state at /srv/app.js:12'); } } as unknown as Parameters<typeof buildApp>[0]['service'];
    const app = buildApp({ service: broken, logError: (text) => logged.push(text) });
    await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const address = app.server.address() as { port: number };
      const answer = await call(`http://127.0.0.1:${address.port}`, 'GET', '/maestro/runs/x');
      expect(answer.status).toBe(500);
      expect(answer.json).toEqual({ detail: 'Internal Server Error' });
      expect(answer.text).not.toContain('secret');
      expect(logged.join('\n')).toContain('secret internal state');
    } finally {
      await app.close();
    }
  });

  it('takes a trailing slash as FastAPI clients send it', async () => {
    expect((await call(base, 'GET', '/maestro/runs/')).status).toBe(200);
  });
});

describe('the verdict follows every change', () => {
  it('recomputes after a write to the run, and reads local files afresh on every request', async () => {
    const { makeWorkspace, sha256Of } = await import('../helpers/workspace.js');
    const workspace = await makeWorkspace({ 'dist/app.tgz': 'v1' });
    const local = await startTestService({ workspace: workspace.root });
    try {
      const gate = async (runId: string): Promise<unknown> => (await json(local.url, 'GET', `/maestro/runs/${runId}/release-gate`)).message;
      const runId = (await json<{ id: string }>(local.url, 'POST', '/maestro/runs', { name: 'r', owner: 'o' })).id;
      expect(await gate(runId)).toBe("Run status is 'pending', must be 'succeeded'");
      await call(local.url, 'PATCH', `/maestro/runs/${runId}`, { status: 'succeeded' });
      expect(await gate(runId)).toBe('No artifacts found for this run');
      await call(local.url, 'POST', '/maestro/artifacts', { run_id: runId, kind: 'other', path_or_uri: 's3://b/x', metadata_json: COMPLIANT });
      expect(await gate(runId)).toBe('Release gate passed: 1 compliant artifact(s) found');
      await call(local.url, 'POST', '/maestro/artifacts', { run_id: runId, kind: 'other', path_or_uri: 'dist/app.tgz', content_hash: sha256Of('v1'), metadata_json: COMPLIANT });
      expect(await gate(runId)).toBe('Release gate passed: 2 compliant artifact(s) found');
      await workspace.write('dist/app.tgz', 'v2, tampered');
      expect(await gate(runId)).toMatch(/^Integrity check failed for 1 artifact\(s\): .* content_hash mismatch/);
    } finally {
      await local.close();
      await workspace.cleanup();
    }
  });
});

describe('the manifest follows every change', () => {
  it('is built again after a write to the run, its artifacts or its disclosure pack, and reads local files afresh', async () => {
    const { makeWorkspace, sha256Of } = await import('../helpers/workspace.js');
    const workspace = await makeWorkspace({ 'dist/app.tgz': 'v1' });
    const local = await startTestService({ workspace: workspace.root });
    type Manifest = { run: { status: string }; artifacts: unknown[]; disclosure_pack: { summary: string } | null; compliance_report: { release_gate_message: string; summary: { compliant_artifacts: number } } };
    try {
      const manifest = async (runId: string): Promise<Manifest> => json<Manifest>(local.url, 'GET', `/maestro/runs/${runId}/manifest`);
      const runId = (await json<{ id: string }>(local.url, 'POST', '/maestro/runs', { name: 'r', owner: 'o' })).id;
      expect((await manifest(runId)).compliance_report.release_gate_message).toBe("Run status is 'pending', must be 'succeeded'");
      await call(local.url, 'PATCH', `/maestro/runs/${runId}`, { status: 'succeeded' });
      expect((await manifest(runId)).run.status).toBe('succeeded');
      await call(local.url, 'POST', '/maestro/artifacts', { run_id: runId, kind: 'other', path_or_uri: 's3://b/x', metadata_json: COMPLIANT });
      const first = await manifest(runId);
      expect([first.artifacts.length, first.compliance_report.summary.compliant_artifacts, first.disclosure_pack]).toEqual([1, 1, null]);
      await call(local.url, 'POST', '/maestro/disclosure-packs', { run_id: runId, summary: 'shipped', artifact_ids: [] });
      expect((await manifest(runId)).disclosure_pack?.summary).toBe('shipped');
      await call(local.url, 'POST', '/maestro/artifacts', { run_id: runId, kind: 'other', path_or_uri: 'dist/app.tgz', content_hash: sha256Of('v1'), metadata_json: COMPLIANT });
      expect((await manifest(runId)).compliance_report.summary.compliant_artifacts).toBe(2);
      await workspace.write('dist/app.tgz', 'v2, tampered');
      expect((await manifest(runId)).compliance_report.release_gate_message).toMatch(/^Integrity check failed for 1 artifact\(s\)/);
    } finally {
      await local.close();
      await workspace.cleanup();
    }
  });
});

describe('lists across runs', () => {
  it('lists every artifact newest first, whichever run it belongs to', async () => {
    const fresh = await startTestService();
    try {
      const runA = (await json<{ id: string }>(fresh.url, 'POST', '/maestro/runs', { name: 'a', owner: 'o' })).id;
      const runB = (await json<{ id: string }>(fresh.url, 'POST', '/maestro/runs', { name: 'b', owner: 'o' })).id;
      const created: string[] = [];
      for (const runId of [runA, runB, runA]) {
        created.push((await json<{ id: string }>(fresh.url, 'POST', '/maestro/artifacts', { run_id: runId, kind: 'other', path_or_uri: 's3://b/x' })).id);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      expect((await json<{ id: string }[]>(fresh.url, 'GET', '/maestro/artifacts')).map((artifact) => artifact.id)).toEqual(created.reverse());
      expect((await json<{ id: string }[]>(fresh.url, 'GET', '/maestro/runs')).map((run) => run.id)).toEqual([runB, runA]);
    } finally {
      await fresh.close();
    }
  });
});
