/**
 * Starts the service: preload manifests into a store, replay the journal over it (with
 * `dataDir`), and listen. Returns the address and a `close()` that stops accepting requests,
 * finishes those in flight and flushes the journal.
 */
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { runPolicy } from '../core/policy.js';
import { ManifestError } from '../errors.js';
import { loadManifests, type LoadedRun } from '../manifest/load.js';
import type { TrustedPolicy } from '../policy/trusted.js';
import { MaestroStore } from '../store/store.js';
import { buildApp, DEFAULT_MAX_BODY_BYTES } from './app.js';
import { Journal } from './journal.js';
import { applyRecord, MaestroService } from './service.js';

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 8001;

export interface StartOptions {
  host?: string;
  port?: number;
  /** Folder that manifest paths, artifact paths and evidence files are relative to. */
  workspace: string;
  /** Manifests (paths or globs) to preload; none starts empty. */
  manifests?: readonly string[];
  maxManifestBytes?: number | undefined;
  githubRun?: { id: string; attempt: string } | undefined;
  /** Journal every write here; without it the data lives in memory only. */
  dataDir?: string | undefined;
  corsOrigins?: readonly string[];
  maxBodyBytes?: number;
  now: () => string;
  /** The clock waivers and risk assessments are judged by; the real one unless a test fixes it. */
  judgementClock?: () => string;
  /** The trusted policy applied to every run, preloaded or created over the API (SPEC §4a). */
  trustedPolicy?: TrustedPolicy | undefined;
  newId?: () => string;
  /** Warnings and errors meant for the operator (a torn journal line, a failed write). */
  log: (text: string) => void;
  /** A write could not be made durable; the service already refuses requests. */
  onFatal?: (error: Error) => void;
}

export interface RunningService {
  url: string;
  host: string;
  port: number;
  /** Runs preloaded from manifests. */
  preloaded: readonly LoadedRun[];
  /** Journal lines replayed at start (0 without a data folder). */
  replayed: number;
  /** Absolute path of the journal, when there is one. */
  journalFile: string | null;
  app: FastifyInstance;
  close: () => Promise<void>;
}

export async function startService(options: StartOptions): Promise<RunningService> {
  const workspace = path.resolve(options.workspace);
  const now = options.now;
  let store = new MaestroStore();
  let preloaded: readonly LoadedRun[] = [];
  if (options.manifests && options.manifests.length > 0) {
    const loaded = await loadManifests({
      workspace,
      patterns: options.manifests,
      now: now(),
      githubRun: options.githubRun,
      ...(options.maxManifestBytes !== undefined ? { maxManifestBytes: options.maxManifestBytes } : {}),
    });
    store = loaded.store;
    preloaded = loaded.runs;
    // A preloaded manifest that brings what only the trusted policy may is refused at start.
    const issues = preloaded.flatMap((run) => runPolicy(run, options.trustedPolicy, undefined).issues);
    if (issues.length > 0) throw new ManifestError(issues);
  }

  let journal: Journal | null = null;
  let replayed = 0;
  if (options.dataDir !== undefined) {
    const opened = await Journal.open(options.dataDir, (record) => applyRecord(store, record));
    journal = opened.journal;
    replayed = opened.replayed;
    if (opened.tornBytes > 0) {
      options.log(
        `maestro-gate serve: ${journal.file}: the last line (${opened.tornBytes} bytes) was cut short by a crash before it was acknowledged; it was dropped and the ${replayed} complete line(s) before it were replayed`,
      );
    }
  }

  const service = new MaestroService({
    store,
    workspace,
    journal,
    now,
    ...(options.judgementClock ? { judgementClock: options.judgementClock } : {}),
    ...(options.trustedPolicy ? { trustedPolicy: options.trustedPolicy } : {}),
    ...(options.newId ? { newId: options.newId } : {}),
  });
  const host = options.host ?? DEFAULT_HOST;
  const app = buildApp({
    service,
    host,
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    corsOrigins: options.corsOrigins ?? [],
    logError: options.log,
    ...(options.onFatal ? { onFatal: options.onFatal } : {}),
  });

  try {
    await app.listen({ host, port: options.port ?? DEFAULT_PORT });
  } catch (error) {
    await journal?.close();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : (options.port ?? DEFAULT_PORT);
  const urlHost = host.includes(':') ? `[${host}]` : host;

  let closing: Promise<void> | null = null;
  return {
    url: `http://${urlHost}:${port}`,
    host,
    port,
    preloaded,
    replayed,
    journalFile: journal?.file ?? null,
    app,
    close: () =>
      (closing ??= (async () => {
        await app.close();
        await journal?.close();
      })()),
  };
}
