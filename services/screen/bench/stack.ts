import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ClickHouseClient } from '@clickhouse/client';
import { openEventStore, type EventStore } from '@redstream/event-store';
import { buildGraphqlApi, loadGraphqlEnv } from '@redstream/graphql-api';
import { migrate, openClickHouse, startProjector } from '@redstream/projections';
import { authPlugin, createServer, hashKey, loadKeyRing, registerHealth, serverOptionsFromEnv } from '@redstream/service-kit';
import { writeApiPlugin } from '@redstream/write-api';
import type { FastifyInstance } from 'fastify';
import { screenRoutes, type ScreenScope } from '../src/index.ts';

export interface ScreenStackOptions {
  dataDir: string;
  /** 0 picks a free port; a restart passes the port it had. */
  port?: number;
  adminKey: string;
  /** A key with the `screen` role only, written to `<dataDir>/keys.json`. */
  screenKey: string;
  defaultScope?: ScreenScope;
  liveMinIntervalMs?: number;
  logLevel?: 'fatal' | 'error' | 'warn' | 'info' | 'debug';
}

export interface ScreenStack {
  app: FastifyInstance;
  url: string;
  port: number;
  store: EventStore;
  clickhouse: ClickHouseClient;
  close(): Promise<void>;
}

/**
 * The platform's write API, projector, GraphQL and big screen in one process on embedded stores
 * (PGlite + chDB in `dataDir`), composed from the packages' factories the way the all-in-one
 * process is: for browser tests, the soak and the push-latency benchmark. One per process at a
 * time (chDB binds one data directory per process).
 */
export async function startScreenStack(options: ScreenStackOptions): Promise<ScreenStack> {
  mkdirSync(options.dataDir, { recursive: true });
  writeFileSync(
    join(options.dataDir, 'keys.json'),
    `${JSON.stringify({ keys: [{ id: 'screen-test', hash: hashKey(options.screenKey), roles: ['screen'], families: [], label: 'big screen' }] }, null, 2)}\n`,
    { mode: 0o600 },
  );
  const env = loadGraphqlEnv({
    NODE_ENV: 'test',
    PORT: String(options.port ?? 0),
    HOST: '127.0.0.1',
    LOG_LEVEL: options.logLevel ?? 'warn',
    REDSTREAM_DATA_DIR: options.dataDir,
    REDSTREAM_ADMIN_KEY: options.adminKey,
    REDSTREAM_LIVE_MIN_INTERVAL_MS: String(options.liveMinIntervalMs ?? 1000),
  });
  const keyRing = await loadKeyRing(env);
  const store = await openEventStore({ eventstoreUrl: undefined, dataDir: env.REDSTREAM_DATA_DIR });
  const clickhouse = openClickHouse({ clickhouseUrl: undefined, dataDir: join(env.REDSTREAM_DATA_DIR, 'clickhouse') });
  await migrate(clickhouse);

  const app = createServer(serverOptionsFromEnv(env));
  await app.register(authPlugin, { keyRing });
  const projector = startProjector({ store, clickhouse, flushIntervalMs: 250, onError: (err) => app.log.error({ err }, 'projector batch failed; retrying') });
  await projector.ready;
  await app.register(writeApiPlugin, { store });
  const graphql = buildGraphqlApi({
    clickhouse,
    store,
    keys: keyRing,
    env,
    projectorStatus: () => {
      const s = projector.status();
      return { position: s.checkpoint, head: s.head, updatedAt: s.lastBatchAt, caughtUp: s.state === 'live' };
    },
  });
  await app.register(graphql.plugin);
  await app.register(screenRoutes, { defaultScope: options.defaultScope ?? {} });
  registerHealth(app, { projections: () => ['catching-up', 'live'].includes(projector.status().state) });
  app.addHook('onClose', async () => {
    await projector.stop();
    await clickhouse.close();
    await store.close();
  });
  await app.listen({ port: env.PORT, host: env.HOST });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : env.PORT;
  return { app, url: `http://127.0.0.1:${port}`, port, store, clickhouse, close: () => app.close() };
}
