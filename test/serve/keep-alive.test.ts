/**
 * A refused request's body is never read, so the server closes that connection: otherwise the
 * unread bytes are parsed as the next request on a kept-alive socket, and the client's next,
 * legitimate request fails with a 400 (seen as a flaky hostile vector before this was fixed).
 */
import { Agent, request } from 'node:http';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestService, type TestService } from './helpers/service.js';

let service: TestService;
beforeAll(async () => {
  service = await startTestService();
});
afterAll(async () => {
  await service.close();
});

function send(agent: Agent, method: string, path: string, headers: Record<string, string>, body?: string): Promise<{ status: number; connection: string | undefined }> {
  const { port } = new URL(service.url);
  return new Promise((resolve, reject) => {
    const sent = request({ host: '127.0.0.1', port: Number(port), method, path, headers, agent }, (response) => {
      response.resume();
      response.on('end', () => resolve({ status: response.statusCode ?? 0, connection: response.headers.connection }));
    });
    sent.on('error', reject);
    sent.end(body);
  });
}

test.each([
  ['a cross-origin POST', 'POST', '/maestro/runs', { origin: 'https://evil.example', 'content-type': 'application/json' }],
  ['a cross-origin DELETE of no route', 'DELETE', '/maestro/runs', { origin: 'https://evil.example', 'content-type': 'application/json' }],
  ['a foreign Host', 'POST', '/maestro/runs', { host: 'evil.example', 'content-type': 'application/json' }],
])('%s is refused with Connection: close, and the next request on the same agent succeeds', async (_name, method, path, headers) => {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const body = JSON.stringify({ name: 'forged', owner: 'evil', metadata: { pad: 'x'.repeat(20_000) } });
    const refused = await send(agent, method, path, { ...headers, 'content-length': String(Buffer.byteLength(body)) }, body);
    expect(refused.status).toBe(403);
    expect(refused.connection).toBe('close');
    const next = await send(agent, 'GET', '/maestro/runs', {});
    expect(next.status).toBe(200);
  } finally {
    agent.destroy();
  }
});
