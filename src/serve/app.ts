/**
 * The HTTP face of the service, on Fastify: routing by a radix tree, a body limit enforced
 * while reading, and no per-request work beyond the route's own. Bodies are read as bytes and
 * parsed here, so that every bad body (not JSON, not UTF-8, not an object) is the service's 422,
 * and every error is answered as `{"detail": …}`, never with a stack trace.
 */
import { STATUS_CODES } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { ManifestError } from '../errors.js';
import { escapeLogText } from '../report/escape.js';
import { ConflictError, NotFoundError } from '../store/store.js';
import { DOCS_CSP, DOCS_HTML, DOCS_SCRIPT, DOCS_STYLE } from './docs-page.js';
import { createGuard } from './guard.js';
import { notFoundDetail, SHOWN_ID_LENGTH } from './messages.js';
import { JournalError } from './journal.js';
import { buildOpenApi } from './openapi.js';
import { OPERATIONS, type Operation } from './operations.js';
import type { MaestroService } from './service.js';
import { parseRequest, RequestValidationError, type ValidationIssue } from './validation.js';

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

export interface AppOptions {
  service: MaestroService;
  /** The address the server binds: requests must name it (or loopback) in their Host. */
  host?: string;
  maxBodyBytes?: number;
  /** Origins allowed to call the API from a browser (`*` for any); none by default. */
  corsOrigins?: readonly string[];
  /** Called once when a write could not be made durable: the caller should stop the server. */
  onFatal?: (error: Error) => void;
  /** Where unexpected errors are logged, with their stack (never sent to the client). */
  logError?: (text: string) => void;
}

/** A body that is not JSON: the service takes nothing else (and a form is what a hostile page can send). */
class UnsupportedMediaTypeError extends Error {}

/** A request body as received: parsed per route, so its errors are the route's 422. */
class RawBody {
  constructor(
    readonly contentType: string,
    readonly bytes: Buffer,
  ) {}
}

export function buildApp(options: AppOptions): FastifyInstance {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const logError = options.logError ?? ((text: string) => process.stderr.write(`${text}\n`));
  const { service } = options;
  let fatal: Error | null = null;
  let closing = false;
  const corsOrigins = options.corsOrigins ?? [];
  const guard = createGuard({
    host: options.host ?? '127.0.0.1',
    port: () => (app.server.address() as AddressInfo | null)?.port,
    corsOrigins,
  });

  const answerFrameworkError = (error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    // These answers skip the hooks: the header the onSend hook adds is set here.
    reply.header('x-content-type-options', 'nosniff');
    const refusal = guard(request.method, request.headers);
    if (refusal) return reply.code(refusal.status).send({ detail: refusal.detail });
    if (error.code === 'FST_ERR_BAD_URL') {
      return reply.code(400).send({ detail: `The path ${escapeLogText(request.url, { maxLength: SHOWN_ID_LENGTH })} is not valid percent-encoded UTF-8` });
    }
    if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') return reply.code(414).send({ detail: 'A path parameter is too long' });
    return reply.code(400).send({ detail: 'Bad Request' });
  };

  const app = Fastify({
    logger: false,
    bodyLimit: maxBodyBytes,
    // A client that never finishes its request must not hold a socket forever.
    requestTimeout: 30_000,
    // Fastify's own 503 while closing has its own shape; the hook below answers in the service's.
    return503OnClosing: false,
    forceCloseConnections: 'idle',
    // Node caps the request line and headers at 16 KiB, which bounds every id already: any id
    // that arrives reaches its route and is answered as the service answers an unknown id.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 64 * 1024 },
    // A path the router cannot decode, refused in the service's shape (after the Host check).
    frameworkErrors: (error, request, reply) => void answerFrameworkError(error, request, reply),
    clientErrorHandler: answerClientError,
    // A request without Host is refused by the guard, in the service's shape, not by node's bare 400.
    http: { requireHostHeader: false },
  });

  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (request, bytes, done) => {
    done(null, new RawBody(request.headers['content-type'] ?? '', bytes as Buffer));
  });

  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  // First of all hooks, before the body is read: a foreign Host or Origin gets nothing, not even
  // a 404 that tells which paths exist.
  app.addHook('onRequest', (request, reply, done) => {
    const refusal = guard(request.method, request.headers);
    if (refusal) return void reply.code(refusal.status).send({ detail: refusal.detail });
    if (closing) return void reply.code(503).header('connection', 'close').send({ detail: 'maestro-gate serve is stopping; retry once it is back' });
    done();
  });
  if (corsOrigins.length > 0) installCors(app, corsOrigins);

  for (const op of OPERATIONS) {
    app.route({
      method: op.method,
      url: op.path.replace(/\{(\w+)\}/g, ':$1'),
      handler: async (request, reply) => {
        // After a failed journal write the store holds a change the disk does not: answer nothing from it.
        const failure = fatal ?? service.failure ?? null;
        if (failure) throw failure;
        if (op.body) refuseNonJson(request);
        return answer(request, reply, await op.handle(service, validatedInput(op, request)));
      },
    });
  }

  const openApi = JSON.stringify(buildOpenApi(OPERATIONS));
  app.get('/openapi.json', async (_request, reply) => reply.type('application/json; charset=utf-8').send(openApi));
  app.get('/docs', async (_request, reply) => reply.header('content-security-policy', DOCS_CSP).type('text/html; charset=utf-8').send(DOCS_HTML));
  app.get('/docs/docs.js', async (_request, reply) => reply.type('text/javascript; charset=utf-8').send(DOCS_SCRIPT));
  app.get('/docs/docs.css', async (_request, reply) => reply.type('text/css; charset=utf-8').send(DOCS_STYLE));

  // On the way out, so that every answer carries it, errors and 404s included. A callback hook:
  // an async one costs a promise per request on the hottest path.
  app.addHook('onSend', (_request, reply, payload, done) => {
    reply.header('x-content-type-options', 'nosniff');
    done(null, payload);
  });
  app.setNotFoundHandler(async (_request, reply) => reply.code(404).send({ detail: 'Not Found' }));

  app.setErrorHandler(async (error: FastifyError | Error, request, reply) => {
    if (error instanceof RequestValidationError) return reply.code(422).send({ detail: error.issues });
    if (error instanceof NotFoundError) return reply.code(404).send({ detail: notFoundDetail(error) });
    if (error instanceof UnsupportedMediaTypeError) return reply.code(415).send({ detail: error.message });
    if (error instanceof ConflictError) return reply.code(409).send({ detail: error.message });
    if (error instanceof JournalError) {
      if (!fatal) {
        fatal = error;
        logError(`maestro-gate serve: ${error.message}`);
        options.onFatal?.(error);
      }
      return reply.code(503).send({ detail: error.message });
    }
    if (error instanceof ManifestError) {
      // A preloaded manifest names a file (a key, a trusted root) that cannot be read now.
      return reply.code(500).send({ detail: `Cannot evaluate the release gate: ${error.message}` });
    }
    const status = (error as FastifyError).statusCode;
    if (status === 413) return reply.code(413).send({ detail: `Request body is larger than ${maxBodyBytes} bytes` });
    if (status !== undefined && status >= 400 && status < 500) return reply.code(status).send({ detail: STATUS_CODES[status] ?? 'Bad Request' });
    logError(`maestro-gate serve: ${request.method} ${request.url} failed: ${error.stack ?? error.message}`);
    return reply.code(500).send({ detail: 'Internal Server Error' });
  });

  return app;
}

function validatedInput(op: Operation, request: FastifyRequest): { params: unknown; query: unknown; body: unknown } {
  const issues: ValidationIssue[] = [];
  const attempt = <T>(parse: () => T): T | undefined => {
    try {
      return parse();
    } catch (error) {
      if (!(error instanceof RequestValidationError)) throw error;
      issues.push(...error.issues);
      return undefined;
    }
  };
  // Every problem of the request at once, in FastAPI's order: path, query, body.
  const params = op.params ? attempt(() => parseRequest(op.params!, request.params, 'path')) : {};
  const query = op.query ? attempt(() => parseRequest(op.query!, request.query, 'query')) : {};
  const body = op.body ? attempt(() => parseRequest(op.body!, decodeBody(request.body), 'body')) : undefined;
  if (issues.length > 0) throw new RequestValidationError(issues);
  return { params, query, body };
}

/**
 * A body-taking route reads JSON only. A type that is not JSON (or none, with a body) is 415:
 * `text/plain`, forms and multipart are what a page on another origin can send without asking.
 */
function refuseNonJson(request: FastifyRequest): void {
  const header = request.headers['content-type'];
  const mediaType = (header ?? '').split(';', 1)[0]!.trim().toLowerCase();
  const hasBody = request.body instanceof RawBody && request.body.bytes.length > 0;
  if (header === undefined ? !hasBody : mediaType === 'application/json' || /^application\/[\w.+-]+\+json$/.test(mediaType)) return;
  const sent = header === undefined ? 'no Content-Type' : `Content-Type ${escapeLogText(mediaType, { maxLength: SHOWN_ID_LENGTH })}`;
  throw new UnsupportedMediaTypeError(`The body must be JSON, sent with Content-Type: application/json (got ${sent})`);
}

/** The body as JSON, or the 422 FastAPI gives for a body that is not. A missing body is `undefined`. */
function decodeBody(body: unknown): unknown {
  if (!(body instanceof RawBody) || body.bytes.length === 0) return undefined;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body.bytes);
  } catch {
    throw new RequestValidationError([{ loc: ['body'], msg: 'JSON decode error', type: 'json_invalid', ctx: { error: 'the body is not valid UTF-8' } }]);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message)?.[1];
    throw new RequestValidationError([
      { loc: position === undefined ? ['body'] : ['body', Number(position)], msg: 'JSON decode error', type: 'json_invalid', ctx: { error: message } },
    ]);
  }
}

/**
 * Errors node's parser raises before there is a request (a request line or headers over the
 * 16 KiB cap, a malformed request), answered in the service's shape rather than fastify's.
 */
function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, detail] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'The request line and headers are larger than this server accepts (16 KiB): is an id that long?']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'The request took too long to arrive']
        : [400, 'The request is not valid HTTP'];
  const body = JSON.stringify({ detail });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

async function answer(request: FastifyRequest, reply: FastifyReply, result: Awaited<ReturnType<Operation['handle']>>): Promise<FastifyReply> {
  reply.code(result.status);
  if (result.text !== undefined) {
    reply.type(result.contentType ?? 'text/plain; charset=utf-8');
    if (result.gzipped === undefined) return reply.send(result.text);
    // Either answer may be cached: say that it depends on the header (after CORS's `Origin`, if any).
    const vary = reply.getHeader('vary');
    reply.header('vary', vary === undefined ? 'Accept-Encoding' : `${String(vary)}, Accept-Encoding`);
    if (!acceptsGzip(request.headers['accept-encoding'])) return reply.send(result.text);
    // Compressed before the header is set: a compression that fails must not leave an error
    // answer labelled gzip.
    const compressed = await result.gzipped();
    return reply.header('content-encoding', 'gzip').send(compressed);
  }
  return reply.send(result.json);
}

/**
 * Whether an Accept-Encoding header (RFC 9110 §12.5.3) accepts gzip: named (or as `x-gzip`), or
 * covered by `*`, with a quality above zero. No header, or a malformed one, means no.
 */
function acceptsGzip(header: string | undefined): boolean {
  if (header === undefined) return false;
  let named: boolean | undefined;
  let wildcard: boolean | undefined;
  for (const item of header.split(',')) {
    const [coding = '', ...parameters] = item.split(';').map((part) => part.trim().toLowerCase());
    const quality = parameters.find((parameter) => parameter.startsWith('q='));
    const value = quality === undefined ? 1 : /^q=(0(\.\d{0,3})?|1(\.0{0,3})?)$/.test(quality) ? Number(quality.slice(2)) : 0;
    if (coding === 'gzip' || coding === 'x-gzip') named = (named ?? false) || value > 0;
    else if (coding === '*') wildcard = value > 0;
  }
  return named ?? wildcard ?? false;
}

/**
 * CORS only for the origins named: the API has no authentication, so a page on another origin
 * must not be able to drive it from a user's browser unless the operator said so.
 */
function installCors(app: FastifyInstance, origins: readonly string[]): void {
  const any = origins.includes('*');
  const allowed = new Set(origins);
  const allow = (request: FastifyRequest, reply: FastifyReply): boolean => {
    const origin = request.headers.origin;
    if (origin === undefined || (!any && !allowed.has(origin))) return false;
    reply.header('access-control-allow-origin', any ? '*' : origin);
    if (!any) reply.header('vary', 'Origin');
    return true;
  };
  app.addHook('onRequest', async (request, reply) => {
    allow(request, reply);
  });
  app.options('/*', async (request, reply) => {
    if (request.headers.origin === undefined || !reply.hasHeader('access-control-allow-origin')) return reply.code(404).send({ detail: 'Not Found' });
    return reply
      .code(204)
      .header('access-control-allow-methods', 'GET, POST, PATCH, OPTIONS')
      .header('access-control-allow-headers', 'content-type')
      .header('access-control-max-age', '600')
      .send();
  });
}
