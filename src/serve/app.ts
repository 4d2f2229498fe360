/**
 * The HTTP face of the service, on Fastify: routing by a radix tree, a body limit enforced
 * while reading, and no per-request work beyond the route's own. Bodies are read as bytes and
 * parsed here, so that every bad body (not JSON, not UTF-8, not an object) is the service's 422,
 * and every error is answered as `{"detail": …}`, never with a stack trace.
 */
import { STATUS_CODES } from 'node:http';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { ManifestError } from '../errors.js';
import { ConflictError, NotFoundError } from '../store/store.js';
import { DOCS_CSP, DOCS_HTML, DOCS_SCRIPT, DOCS_STYLE } from './docs-page.js';
import { JournalError } from './journal.js';
import { buildOpenApi } from './openapi.js';
import { OPERATIONS, type Operation } from './operations.js';
import type { MaestroService } from './service.js';
import { parseRequest, RequestValidationError, type ValidationIssue } from './validation.js';

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

export interface AppOptions {
  service: MaestroService;
  maxBodyBytes?: number;
  /** Origins allowed to call the API from a browser (`*` for any); none by default. */
  corsOrigins?: readonly string[];
  /** Called once when a write could not be made durable: the caller should stop the server. */
  onFatal?: (error: Error) => void;
  /** Where unexpected errors are logged, with their stack (never sent to the client). */
  logError?: (text: string) => void;
}

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

  const app = Fastify({
    logger: false,
    bodyLimit: maxBodyBytes,
    // A client that never finishes its request must not hold a socket forever.
    requestTimeout: 30_000,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 2048 },
  });

  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (request, bytes, done) => {
    done(null, new RawBody(request.headers['content-type'] ?? '', bytes as Buffer));
  });

  const corsOrigins = options.corsOrigins ?? [];
  if (corsOrigins.length > 0) installCors(app, corsOrigins);

  for (const op of OPERATIONS) {
    app.route({
      method: op.method,
      url: op.path.replace(/\{(\w+)\}/g, ':$1'),
      handler: async (request, reply) => {
        // After a failed journal write the store holds a change the disk does not: answer nothing from it.
        if (fatal) throw fatal;
        return answer(reply, await op.handle(service, validatedInput(op, request)));
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
    if (error instanceof NotFoundError) return reply.code(404).send({ detail: error.message });
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

/** The body as JSON, or the 422 FastAPI gives for a body that is not. A missing body is `undefined`. */
function decodeBody(body: unknown): unknown {
  if (!(body instanceof RawBody) || body.bytes.length === 0) return undefined;
  const mediaType = body.contentType.split(';', 1)[0]!.trim().toLowerCase();
  if (mediaType !== '' && mediaType !== 'application/json' && !/^application\/[\w.+-]+\+json$/.test(mediaType)) {
    throw new RequestValidationError([
      {
        loc: ['body'],
        msg: `Input should be a valid dictionary or object to extract fields from (send JSON with Content-Type: application/json, not ${mediaType})`,
        type: 'model_attributes_type',
      },
    ]);
  }
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

function answer(reply: FastifyReply, result: Awaited<ReturnType<Operation['handle']>>): FastifyReply {
  reply.code(result.status);
  if (result.text !== undefined) return reply.type(result.contentType ?? 'text/plain; charset=utf-8').send(result.text);
  return reply.send(result.json);
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
