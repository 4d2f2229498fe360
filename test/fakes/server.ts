/**
 * The plumbing of the fake servers: an HTTP server on 127.0.0.1 with an ephemeral port, a record
 * of every request, programmable faults, and a `close()` that ends held (slow) answers and open
 * connections, so a test never waits for a socket and never reaches beyond this machine.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

/** Matches requests by method, path and query parameters; omitted parts match anything. */
export interface RequestMatcher {
  method?: string;
  path?: string | RegExp;
  query?: Record<string, string>;
}

/**
 * A programmed answer: `status` and `body` replace the real one; `delayMs` holds the answer
 * (the real one when no `status` is given). Used `times` times (default: every time).
 */
export interface Fault extends RequestMatcher {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  delayMs?: number;
  times?: number;
}

export type Handler = (request: RecordedRequest, response: ServerResponse) => void | Promise<void>;

export interface FakeServer {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  url: string;
  requests: RecordedRequest[];
  fault(fault: Fault): void;
  close(): Promise<void>;
}

export function matches(matcher: RequestMatcher, request: Pick<RecordedRequest, 'method' | 'path' | 'query'>): boolean {
  if (matcher.method !== undefined && matcher.method !== request.method) return false;
  if (Object.entries(matcher.query ?? {}).some(([name, value]) => request.query.get(name) !== value)) return false;
  if (matcher.path === undefined) return true;
  return typeof matcher.path === 'string' ? matcher.path === request.path : matcher.path.test(request.path);
}

export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  response.end(text);
}

export async function startFakeServer(handler: Handler): Promise<FakeServer> {
  const requests: RecordedRequest[] = [];
  const faults: Fault[] = [];
  const held = new Set<NodeJS.Timeout>();

  const server = createServer((incoming, response) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const url = new URL(incoming.url ?? '/', 'http://127.0.0.1');
      const request: RecordedRequest = {
        method: incoming.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: incoming.headers,
        body: Buffer.concat(chunks),
      };
      requests.push(request);
      const fault = takeFault(faults, request);
      const answer = (): void => {
        if (response.destroyed) return;
        if (fault?.status !== undefined) {
          const body = typeof fault.body === 'string' ? fault.body : JSON.stringify(fault.body ?? {});
          const type = typeof fault.body === 'string' && fault.body.startsWith('<') ? 'application/xml' : 'application/json; charset=utf-8';
          response.writeHead(fault.status, { 'content-type': type, 'content-length': Buffer.byteLength(body), ...fault.headers });
          response.end(body);
          return;
        }
        Promise.resolve(handler(request, response)).catch((error: unknown) => {
          if (!response.headersSent) sendJson(response, 500, { message: `fake server bug: ${String(error)}` });
        });
      };
      if (fault?.delayMs === undefined) return answer();
      const timer = setTimeout(() => {
        held.delete(timer);
        answer();
      }, fault.delayMs);
      held.add(timer);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    fault: (fault) => faults.push({ ...fault }),
    async close() {
      for (const timer of held) clearTimeout(timer);
      held.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function takeFault(faults: Fault[], request: RecordedRequest): Fault | undefined {
  const index = faults.findIndex((fault) => matches(fault, request));
  if (index < 0) return undefined;
  const fault = faults[index]!;
  if (fault.times !== undefined) {
    fault.times -= 1;
    if (fault.times <= 0) faults.splice(index, 1);
  }
  return fault;
}
