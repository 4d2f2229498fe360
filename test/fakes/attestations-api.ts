/**
 * A fake of GitHub's attestations endpoint (`GET /repos/{owner}/{repo}/attestations/sha256:{digest}`),
 * shaped like the real answers: `{"attestations":[{"bundle":{…},"repository_id":…,"bundle_url":…,
 * "initiator":"user"}]}`, `per_page`/`page` pagination with a `Link: rel="next"` header, GitHub's
 * 404 body for a digest it holds nothing for, and (mode `bundle-url`) `bundle: null` with a
 * `bundle_url` to a raw-Snappy copy, as github.com answers today. Faults (403, 5xx, a held
 * answer) come from the shared fake server.
 */
import snappy from 'snappyjs';
import { sendJson, startFakeServer, type FakeServer } from './server.js';

export interface FakeAttestationsApi extends FakeServer {
  /** Serves `bundle` (parsed Sigstore bundle JSON) for `sha256` in `repository`. */
  add(repository: string, sha256: string, bundle: unknown): void;
  /** `inline` (the bundle in the answer) or `bundle-url` (bundle: null, Snappy blob). */
  setMode(mode: 'inline' | 'bundle-url'): void;
  /** The most entries a page holds, below GitHub's 100, to exercise pagination with few bundles. */
  setPageSize(size: number): void;
}

const REPOSITORY_IDS = new Map<string, number>();

export async function attestationsApi(): Promise<FakeAttestationsApi> {
  const held = new Map<string, unknown[]>();
  const blobs = new Map<string, Buffer>();
  const state = { mode: 'inline' as 'inline' | 'bundle-url', pageSize: 100 };
  let base = '';
  const server = await startFakeServer((request, response) => {
    const blob = /^\/blobs\/(\d+)\.json\.sn$/.exec(request.path);
    if (blob) {
      const bytes = blobs.get(blob[1]!);
      if (!bytes) return sendJson(response, 404, { message: 'BlobNotFound' });
      response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': bytes.length });
      response.end(bytes);
      return;
    }
    const match = /^\/repos\/([^/]+\/[^/]+)\/attestations\/sha256:([0-9a-f]{64})$/.exec(request.path);
    if (request.method !== 'GET' || !match) return sendJson(response, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' });
    const [, repository, digest] = match as unknown as [string, string, string];
    const bundles = held.get(`${repository}@${digest}`) ?? [];
    if (bundles.length === 0) {
      return sendJson(response, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest/users/attestations#list-attestations', status: '404' });
    }
    const perPage = Math.min(Number(request.query.get('per_page') ?? 30), state.pageSize);
    const page = Number(request.query.get('page') ?? 1);
    const slice = bundles.slice((page - 1) * perPage, page * perPage);
    const repositoryId = REPOSITORY_IDS.get(repository) ?? REPOSITORY_IDS.set(repository, 212_613_000 + REPOSITORY_IDS.size).get(repository)!;
    const attestations = slice.map((bundle, index) => {
      if (state.mode === 'inline') return { bundle, repository_id: repositoryId, bundle_url: null, initiator: 'user' };
      const id = String(blobs.size + 33_698_000 + index);
      blobs.set(id, Buffer.from(snappy.compress(Buffer.from(JSON.stringify(bundle)))));
      return { bundle: null, repository_id: repositoryId, bundle_url: `${base}/blobs/${id}.json.sn?sv=2025-01-05&sig=redacted`, initiator: 'user' };
    });
    const headers: Record<string, string> = {};
    if (page * perPage < bundles.length) {
      headers.link = `<${base}${request.path}?per_page=${perPage}&page=${page + 1}>; rel="next", <${base}${request.path}?per_page=${perPage}&page=${Math.ceil(bundles.length / perPage)}>; rel="last"`;
    }
    sendJson(response, 200, { attestations }, headers);
  });
  base = server.url;
  return Object.assign(server, {
    add(repository: string, sha256: string, bundle: unknown) {
      const key = `${repository}@${sha256}`;
      held.set(key, [...(held.get(key) ?? []), bundle]);
    },
    setMode(mode: 'inline' | 'bundle-url') {
      state.mode = mode;
    },
    setPageSize(size: number) {
      state.pageSize = size;
    },
  });
}
