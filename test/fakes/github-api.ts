/**
 * A fake of the GitHub REST API's issue comments, as Octokit meets them: list (pages of at most
 * 100, `Link` headers with absolute URLs back to this server), create, update. It keeps the
 * comments in memory, records every request, refuses bodies over 65,536 characters with 422 as
 * GitHub does, and answers with programmed faults (403, 404, 500, a slow answer) on demand.
 */
import type { ServerResponse } from 'node:http';
import { sendJson, startFakeServer, type Fault, type FakeServer, type RecordedRequest } from './server.js';

export interface FakeComment {
  id: number;
  body: string;
  user: { login: string; type: 'Bot' | 'User' };
  author_association: string;
  html_url: string;
}

/** Who writes new comments: the token's identity. */
export const TOKEN_USER = { login: 'github-actions[bot]', type: 'Bot' } as const;

export interface FakeGitHubApi extends FakeServer {
  /** The comments of `owner/repo#number`, oldest first; mutable. */
  comments(repository: string, number: number): FakeComment[];
  /** Adds comments to `owner/repo#number` as other people (or as us, with `user: TOKEN_USER`). */
  seed(repository: string, number: number, comments: Array<Partial<Omit<FakeComment, 'id' | 'html_url'>> & { body: string }>): void;
  /** Requests other than listing (the writes). */
  writes(): RecordedRequest[];
}

const MAX_BODY = 65_536;

export async function startFakeGitHubApi(): Promise<FakeGitHubApi> {
  const threads = new Map<string, FakeComment[]>();
  let nextId = 1000;
  let base = '';
  const thread = (repository: string, number: number): FakeComment[] => {
    const key = `${repository}#${number}`;
    let comments = threads.get(key);
    if (!comments) threads.set(key, (comments = []));
    return comments;
  };
  const newComment = (repository: string, number: number, fields: Partial<FakeComment> & { body: string }): FakeComment => {
    const id = nextId++;
    return {
      id,
      user: { login: 'someone', type: 'User' },
      author_association: 'CONTRIBUTOR',
      ...fields,
      html_url: `https://github.com/${repository}/pull/${number}#issuecomment-${id}`,
    };
  };

  const handle = (request: RecordedRequest, response: ServerResponse): void => {
    if (!/^(token|Bearer) \S+$/.test(request.headers.authorization ?? '')) {
      sendJson(response, 401, { message: 'Requires authentication', documentation_url: 'https://docs.github.com/rest' });
      return;
    }
    const list = /^\/repos\/([^/]+\/[^/]+)\/issues\/(\d+)\/comments$/.exec(request.path);
    const single = /^\/repos\/([^/]+\/[^/]+)\/issues\/comments\/(\d+)$/.exec(request.path);
    if (list && request.method === 'GET') return listComments(response, request, thread(list[1]!, Number(list[2])));
    if (list && request.method === 'POST') {
      const body = commentBody(request, response);
      if (body === undefined) return;
      const comment = newComment(list[1]!, Number(list[2]), { body, user: { ...TOKEN_USER }, author_association: 'NONE' });
      thread(list[1]!, Number(list[2])).push(comment);
      sendJson(response, 201, comment);
      return;
    }
    if (single && request.method === 'PATCH') {
      const found = [...threads.entries()].flatMap(([, comments]) => comments).find((comment) => comment.id === Number(single[2]));
      if (!found) return sendJson(response, 404, { message: 'Not Found' });
      const body = commentBody(request, response);
      if (body === undefined) return;
      found.body = body;
      sendJson(response, 200, found);
      return;
    }
    sendJson(response, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
  };

  const listComments = (response: ServerResponse, request: RecordedRequest, comments: FakeComment[]): void => {
    const perPage = Math.min(100, Math.max(1, Number(request.query.get('per_page') ?? 30)));
    const page = Math.max(1, Number(request.query.get('page') ?? 1));
    const last = Math.max(1, Math.ceil(comments.length / perPage));
    const link = (to: number, rel: string): string => {
      const query = new URLSearchParams(request.query);
      query.set('page', String(to));
      query.set('per_page', String(perPage));
      return `<${base}${request.path}?${query.toString()}>; rel="${rel}"`;
    };
    const links: string[] = [];
    if (page > 1) links.push(link(page - 1, 'prev'), link(1, 'first'));
    if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'));
    sendJson(response, 200, comments.slice((page - 1) * perPage, page * perPage), links.length > 0 ? { link: links.join(', ') } : {});
  };

  const commentBody = (request: RecordedRequest, response: ServerResponse): string | undefined => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(request.body.toString('utf8'));
    } catch {
      sendJson(response, 400, { message: 'Problems parsing JSON' });
      return undefined;
    }
    const body = typeof parsed === 'object' && parsed !== null ? (parsed as { body?: unknown }).body : undefined;
    if (typeof body !== 'string' || body === '') {
      sendJson(response, 422, { message: 'Validation Failed', errors: [{ resource: 'IssueComment', code: 'missing_field', field: 'body' }] });
      return undefined;
    }
    if ([...body].length > MAX_BODY) {
      sendJson(response, 422, { message: 'Validation Failed', errors: [{ resource: 'IssueComment', code: 'custom', field: 'body', message: 'body is too long (maximum is 65536 characters)' }] });
      return undefined;
    }
    return body;
  };

  const server = await startFakeServer(handle);
  base = server.url;
  return {
    ...server,
    comments: thread,
    seed(repository, number, comments) {
      thread(repository, number).push(...comments.map((fields) => newComment(repository, number, fields)));
    },
    writes: () => server.requests.filter((request) => request.method !== 'GET'),
  };
}

/** Faults GitHub really answers with, for `api.fault(...)`. */
export const GITHUB_FAULTS = {
  forbidden: { status: 403, body: { message: 'Resource not accessible by integration', documentation_url: 'https://docs.github.com/rest/issues/comments#create-an-issue-comment' } },
  notFound: { status: 404, body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' } },
  serverError: { status: 500, body: { message: 'Server Error' } },
  unavailable: { status: 503, body: { message: 'Service Unavailable' } },
} satisfies Record<string, Fault>;
