/**
 * A compression that fails (node:zlib made to fail once, as a worn-out thread pool or memory
 * would) is a 500 for that request only: it is not kept, and the next request is answered.
 */
import type * as Zlib from 'node:zlib';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { call, startTestService, type TestService } from './helpers/service.js';

const failures = vi.hoisted(() => ({ left: 1 }));
vi.mock('node:zlib', async (importOriginal) => {
  const zlib = await importOriginal<typeof Zlib>();
  const gzip = (input: string, callback: (error: Error | null, result?: Buffer) => void): void => {
    if (failures.left > 0) {
      failures.left -= 1;
      setImmediate(() => callback(new Error('zlib: out of memory')));
      return;
    }
    zlib.gzip(input, callback);
  };
  return { ...zlib, gzip };
});

let service: TestService;
beforeAll(async () => {
  service = await startTestService();
});
afterAll(async () => {
  await service.close();
});

it('answers 500 once, then the compressed manifest', async () => {
  const run = await call(service.url, 'POST', '/maestro/runs', { name: 'n', owner: 'o' });
  const url = `/maestro/runs/${(run.json as { id: string }).id}/manifest`;
  const failed = await fetch(`${service.url}${url}`, { headers: { 'accept-encoding': 'gzip' } });
  expect(failed.status).toBe(500);
  expect(failed.headers.get('content-encoding')).toBeNull();
  expect(await failed.json()).toEqual({ detail: 'Internal Server Error' });
  expect(service.logs.join('\n')).toContain('zlib: out of memory');
  const answered = await fetch(`${service.url}${url}`, { headers: { 'accept-encoding': 'gzip' } });
  expect(answered.status).toBe(200);
  expect(answered.headers.get('content-encoding')).toBe('gzip');
  // fetch has decompressed it already: the JSON, whole.
  expect(await answered.json()).toMatchObject({ run: { name: 'n' } });
});
