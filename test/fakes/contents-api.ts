/**
 * A fake of the GitHub contents API (`GET /repos/{owner}/{repo}/contents/{path}?ref=`), shaped
 * like the real answers: the raw bytes with the blob sha as a quoted ETag for the raw media type,
 * the `{type: 'file', encoding: 'base64', content, sha, size, …}` JSON otherwise, a listing (an
 * array) for a directory, GitHub's 404, 401 and 403 bodies with x-ratelimit headers. Each path
 * can be switched to a mode that misbehaves the way real deployments do.
 */
import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { sendJson, startFakeServer, type FakeServer, type RecordedRequest } from './server.js';

export type ContentsMode =
  /** As GitHub: raw for the raw media type, base64 JSON otherwise. */
  | 'found'
  /** Raw bytes whatever was asked. */
  | 'raw'
  /** Base64 JSON whatever was asked (a proxy or an old API that drops the media type). */
  | 'base64'
  | 'not-found'
  | 'unauthorized'
  /** 403 for a token without `contents: read`, rate limit not reached. */
  | 'forbidden'
  /** 403 with `x-ratelimit-remaining: 0`. */
  | 'rate-limited'
  | 'server-error'
  /** Headers never come: the client must give up at its timeout. */
  | 'slow'
  /** Headers and the first bytes, then nothing: the timeout must cover the body too. */
  | 'stalled'
  /** An endless raw body without Content-Length: the client must stop reading at its cap. */
  | 'oversized'
  /** The path is a directory: a JSON listing. */
  | 'directory';

export const DOCS = 'https://docs.github.com/rest/repos/contents#get-repository-content';
const RATE_RESET = 1_900_000_000;

export interface FakeContentsApi extends FakeServer {
  /** Commits `content` at `path` of `repository` at `ref`. */
  put(repository: string, ref: string, path: string, content: string | Buffer): void;
  /** Answers requests for `path` (any repository and ref) in `mode`. */
  mode(path: string, mode: ContentsMode): void;
  /** Bytes written to bodies in 'oversized' mode, and whether the client hung up early. */
  oversized: { sent: number; aborted: boolean };
}

export function blobSha(content: Buffer): string {
  return createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
}

export async function startFakeContentsApi(): Promise<FakeContentsApi> {
  const files = new Map<string, Buffer>();
  const modes = new Map<string, ContentsMode>();
  const oversized = { sent: 0, aborted: false };
  const key = (repository: string, ref: string, path: string): string => `${repository}@${ref}:${path}`;

  const handle = (request: RecordedRequest, response: ServerResponse): void => {
    const match = /^\/repos\/([^/]+\/[^/]+)\/contents\/(.+)$/.exec(request.path);
    if (request.method !== 'GET' || !match) return sendJson(response, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' });
    const repository = match[1]!;
    const path = match[2]!.split('/').map(decodeURIComponent).join('/');
    const ref = request.query.get('ref') ?? 'main';
    const mode = modes.get(path) ?? 'found';
    if (!/^Bearer \S+$/.test(request.headers.authorization ?? '') || mode === 'unauthorized') {
      return sendJson(response, 401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' });
    }
    const wantsRaw = /application\/vnd\.github\.raw/.test(request.headers.accept ?? '');
    switch (mode) {
      case 'not-found':
        return notFound(response);
      case 'forbidden':
        return sendJson(response, 403, { message: 'Resource not accessible by integration', documentation_url: DOCS, status: '403' }, rateHeaders(4999));
      case 'rate-limited':
        return sendJson(response, 403, { message: 'API rate limit exceeded for installation.', documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api', status: '403' }, rateHeaders(0));
      case 'server-error':
        return sendJson(response, 500, { message: 'Server Error', status: '500' });
      case 'slow':
        return; // held until the client gives up or the fake closes
      case 'oversized':
        return streamForever(response, oversized);
      case 'stalled':
        response.writeHead(200, { 'content-type': 'application/vnd.github.raw; charset=utf-8', 'content-length': 100 });
        response.write('require_evidence: ');
        return;
      case 'directory':
        return sendJson(response, 200, [{ type: 'file', name: 'policy.yml', path: `${path}/policy.yml`, sha: 'f'.repeat(40), size: 10 }], rateHeaders(4999));
      default:
        break;
    }
    const content = files.get(key(repository, ref, path));
    if (content === undefined) return notFound(response);
    const sha = blobSha(content);
    if (mode === 'raw' || (mode === 'found' && wantsRaw)) {
      response.writeHead(200, { 'content-type': 'application/vnd.github.raw; charset=utf-8', 'content-length': content.length, etag: `"${sha}"`, ...rateHeaders(4999) });
      response.end(content);
      return;
    }
    const base64 = content.toString('base64').replace(/.{60}/g, '$&\n');
    const url = `https://api.github.com/repos/${repository}/contents/${path}?ref=${ref}`;
    sendJson(
      response,
      200,
      {
        type: 'file',
        encoding: 'base64',
        size: content.length,
        name: path.split('/').at(-1),
        path,
        content: base64,
        sha,
        url,
        git_url: `https://api.github.com/repos/${repository}/git/blobs/${sha}`,
        html_url: `https://github.com/${repository}/blob/${ref}/${path}`,
        download_url: `https://raw.githubusercontent.com/${repository}/${ref}/${path}`,
        _links: { self: url, git: `https://api.github.com/repos/${repository}/git/blobs/${sha}`, html: `https://github.com/${repository}/blob/${ref}/${path}` },
      },
      { etag: `W/"${createHash('sha1').update(base64).digest('hex')}"`, ...rateHeaders(4999) },
    );
  };

  const server = await startFakeServer(handle);
  return {
    ...server,
    oversized,
    put: (repository, ref, path, content) => files.set(key(repository, ref, path), Buffer.isBuffer(content) ? content : Buffer.from(content)),
    mode: (path, mode) => modes.set(path, mode),
  };
}

function notFound(response: ServerResponse): void {
  sendJson(response, 404, { message: 'Not Found', documentation_url: DOCS, status: '404' }, rateHeaders(4999));
}

function rateHeaders(remaining: number): Record<string, string> {
  return { 'x-ratelimit-limit': '5000', 'x-ratelimit-remaining': String(remaining), 'x-ratelimit-reset': String(RATE_RESET), 'x-ratelimit-resource': 'core' };
}

/** 64 KiB chunks until the client hangs up (or 64 MiB, so a broken client cannot hang a test). */
function streamForever(response: ServerResponse, counter: { sent: number; aborted: boolean }): void {
  response.writeHead(200, { 'content-type': 'application/vnd.github.raw; charset=utf-8' });
  const chunk = Buffer.alloc(64 * 1024, 0x61);
  response.on('close', () => {
    if (!response.writableFinished) counter.aborted = true;
  });
  const pump = (): void => {
    while (!response.destroyed && counter.sent < 64 * 1024 * 1024) {
      counter.sent += chunk.length;
      if (!response.write(chunk)) return void response.once('drain', pump);
    }
    if (!response.destroyed) response.end();
  };
  pump();
}
