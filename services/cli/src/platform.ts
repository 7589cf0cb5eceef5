import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ClickHouseClient } from '@clickhouse/client';
import type { FastifyInstance } from 'fastify';
import { openEventStore, type EventStore } from '@redstream/event-store';
import { buildGraphqlApi, type ProjectorBatchListener } from '@redstream/graphql-api';
import { createReader, projectionOperations, readCommittedCheckpoint } from '@redstream/queries';
import { createPdfPrinter, createSummaryStore, replayedReadModels, startSummarySchedule, summaryRoutes } from '@redstream/summaries';
import { backfillNewReadModels, dropLeftoverReplays, openClickHouse, projectorHealth, registerProjectorMetrics, startProjector, type Projector } from '@redstream/projections';
import {
  authPlugin,
  createMetricsRegistry,
  createServer,
  DEMO_SENDER_HEADER,
  fontRoutes,
  keysFilePath,
  loadKeyRing,
  registerHealth,
  registerMetrics,
  serverOptionsFromEnv,
  watchKeysFile,
  type HealthCheck,
} from '@redstream/service-kit';
import { registerDocs, writeApiPlugin } from '@redstream/write-api';
import { ensureScreenBuilt, screenRoutes } from '@redstream/screen';
import { loadPlatformEnv, type PlatformEnv } from './env.ts';
import { readySchema } from './schema.ts';

/** The deployable parts; `all` is every one of them in one process. */
export const SERVICES = ['write', 'graphql', 'projector', 'summaries'] as const;
export type ServiceName = (typeof SERVICES)[number];

export interface Platform {
  app: FastifyInstance;
  env: PlatformEnv;
  store: EventStore | undefined;
  clickhouse: ClickHouseClient | undefined;
  /** The admin key in use: the configured one, or the development key this data directory keeps. */
  adminKey: string | undefined;
  close(): Promise<void>;
}

/**
 * Without REDSTREAM_ADMIN_KEY, the all-in-one development process makes a random admin key once
 * per data directory (kept in `<data>/dev-admin-key`, mode 0600) so a newcomer's URLs work and
 * no key is ever committed. Production configures its keys.
 */
function developmentAdminKey(dataDir: string): string {
  const file = join(dataDir, 'dev-admin-key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const key = `rsk_dev_${randomBytes(24).toString('base64url')}`;
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return key;
}

/** New read models of a just-applied migration are backfilled in the background (see backfillNewReadModels). */
function backfillInBackground(live: Projector, applied: string[], deps: { store: EventStore; clickhouse: ClickHouseClient; cluster: string | undefined; log: FastifyInstance['log'] }): void {
  let projections: string[] = [];
  backfillNewReadModels({ ...deps, applied, live, onStart: (names) => deps.log.info({ projections: (projections = names) }, 'new read models: backfilling them from the log') }).then(
    (result) => result && deps.log.info({ projections, events: result.events, seconds: result.seconds }, 'new read models backfilled'),
    (err: unknown) => deps.log.error({ err, projections }, 'backfilling new read models failed; run redstream rebuild'),
  );
}

/** The projector's status as the GraphQL API reads it (projection lag, live freshness). */
/** A /health probe answers within its caller's patience: compose's health checks wait 5 s. */
const HEALTH_QUERY_TIMEOUT_MS = 2_000;

const graphqlStatus = (projector: Projector) => {
  const s = projector.status();
  return { position: s.checkpoint, head: s.head, updatedAt: s.lastBatchAt, caughtUp: s.state === 'live' };
};

/**
 * Builds one process of the platform: env → stores → workers → one fastify server with the
 * routes of the chosen services → health. Every service validates its configuration here, at
 * start-up, before anything listens.
 */
export async function buildPlatform(
  services: ReadonlySet<ServiceName>,
  options: { source?: Record<string, string | undefined>; devAdminKey?: boolean; quietDemoRequests?: boolean } = {},
): Promise<Platform> {
  const env = loadPlatformEnv(options.source ?? process.env);
  const adminKey = env.REDSTREAM_ADMIN_KEY ?? (options.devAdminKey ? developmentAdminKey(env.REDSTREAM_DATA_DIR) : undefined);
  const keyRing = await loadKeyRing({ ...env, REDSTREAM_ADMIN_KEY: adminKey });

  // Summaries read the log too: what a stored summary reflects is the checkpoint against the log's head.
  const needsStore = services.has('write') || services.has('projector') || services.has('graphql') || services.has('summaries');
  const needsClickHouse = services.has('graphql') || services.has('projector') || services.has('summaries');
  const store = needsStore ? await openEventStore({ eventstoreUrl: env.EVENTSTORE_URL, dataDir: env.REDSTREAM_DATA_DIR }) : undefined;
  const clickhouse = needsClickHouse ? openClickHouse({ clickhouseUrl: env.CLICKHOUSE_URL, dataDir: join(env.REDSTREAM_DATA_DIR, 'clickhouse') }) : undefined;

  // `npm start`'s own demo writes (two a second) would bury everything else in the log.
  const quietRequest = options.quietDemoRequests ? (req: { headers: Record<string, string | string[] | undefined> }) => req.headers[DEMO_SENDER_HEADER] === 'demo' : undefined;
  const app = createServer({ ...serverOptionsFromEnv(env), quietRequest });
  // The projector is the deployment's one schema runner; the other services wait for its schema.
  const applied = clickhouse
    ? await readySchema(clickhouse, env, { runner: services.has('projector'), waitMs: 10 * 60_000, say: (message) => app.log.warn(message) })
    : [];
  if (clickhouse && !env.CLICKHOUSE_URL) {
    // Embedded chDB belongs to this process alone, so no replay is running yet: copies left by an
    // as-of replay killed mid-way are garbage. (On a server another process's replay may be running.)
    const dropped = await dropLeftoverReplays(clickhouse);
    if (dropped.length > 0) app.log.warn({ tables: dropped.length }, 'dropped the read-model copies of as-of replays a previous run left unfinished');
  }
  const metrics = createMetricsRegistry();
  await app.register(authPlugin, { keyRing });
  // `redstream keys create|revoke` take effect in this running process within a second.
  const stopWatchingKeys = watchKeysFile(keyRing, keysFilePath(env), {
    onReload: ({ keys, revoked }) => app.log.info({ keys, revoked: [...revoked] }, 'keys file reloaded'),
    onError: (err) => app.log.error({ err }, 'keys file unreadable; the keys loaded before stay in force'),
  });
  app.addHook('onClose', async () => stopWatchingKeys());
  registerMetrics(app, metrics);
  // The CJK font every page (screen, GraphiQL, summaries) draws with; public, like the pages' shells.
  await app.register(fontRoutes);
  const checks: Record<string, HealthCheck> = {};

  // Live figures wait for the projector to map a batch (REDSTREAM_LIVE_FLUSH_MS, 100 ms), not for
  // its ClickHouse statements: screens get each batch's sales as soon as it is mapped, while the
  // batches mapped in between are written together, at most every REDSTREAM_LIVE_WRITE_MS.
  const batchListeners = new Set<ProjectorBatchListener>();
  const projector =
    services.has('projector') && store && clickhouse
      ? startProjector({
          store,
          clickhouse,
          flushIntervalMs: env.REDSTREAM_LIVE_FLUSH_MS,
          writeIntervalMs: env.REDSTREAM_LIVE_WRITE_MS,
          onPrepared: (from, to, facts) => batchListeners.forEach((listener) => listener.prepared(from, to, facts)),
          onCommit: (position) => batchListeners.forEach((listener) => listener.committed(position)),
          onError: (err) => app.log.error({ err }, err instanceof Error && err.name === 'EventFailure' ? 'projection stopped at an event it cannot apply; redstream projections retry | skip' : 'projector batch failed; retrying'),
        })
      : undefined;
  if (projector) {
    await projector.ready;
    registerProjectorMetrics(projector, metrics);
    backfillInBackground(projector, applied, { store: store!, clickhouse: clickhouse!, cluster: env.CLICKHOUSE_CLUSTER, log: app.log });
    checks.projections = () => projectorHealth(projector.status());
  }

  if (!projector && clickhouse && services.has('graphql')) {
    // The projector runs elsewhere: a fault it recorded in ClickHouse degrades this service too (its figures stand still).
    const reader = createReader(clickhouse, { timeoutMs: HEALTH_QUERY_TIMEOUT_MS });
    checks.projections = async () => {
      const faulted = (await projectionOperations(reader)).projections.find((p) => p.fault);
      return faulted?.fault ? { state: 'degraded' as const, detail: `projection ${faulted.name} is stopped at event ${faulted.fault.position} (${faulted.fault.eventType} ${faulted.fault.eventId}): ${faulted.fault.error}` } : true;
    };
  }
  if (store) checks.eventStore = async () => (await store.headPosition()) >= 0n;
  if (clickhouse) checks.clickhouse = async () => (await clickhouse.ping()).success;

  if (services.has('write') && store) {
    await registerDocs(app);
    await app.register(writeApiPlugin, {
      store,
      metrics,
      maxFactsPerRequest: env.REDSTREAM_MAX_FACTS_PER_REQUEST,
      rateLimitPerMinute: env.REDSTREAM_RATE_LIMIT_PER_MINUTE,
      liveSaleGraceMs: env.REDSTREAM_LIVE_SALE_GRACE_MINUTES * 60_000,
    });
  }
  if (services.has('graphql') && clickhouse) {
    const graphql = buildGraphqlApi({
      clickhouse,
      store,
      keys: keyRing,
      env,
      projectorStatus: projector ? () => graphqlStatus(projector) : undefined,
      projectorBatches: projector
        ? (listener) => {
            batchListeners.add(listener);
            return () => batchListeners.delete(listener);
          }
        : undefined,
      projectorBetween: projector ? (read) => projector.between(read) : undefined,
    });
    await app.register(graphql.plugin);
    await ensureScreenBuilt((reason) => app.log.info(`building the big screen (${reason})`));
    await app.register(screenRoutes, { defaultScope: env.REDSTREAM_SCREEN_SCOPE, hallsFile: env.REDSTREAM_SCREEN_HALLS });
  }
  if (services.has('summaries') && clickhouse) {
    // Summaries read through the same query layer as GraphQL, so their figures are GraphQL's.
    const printer = createPdfPrinter();
    const summaryReader = createReader(clickhouse, { timeoutMs: env.REDSTREAM_SUMMARY_QUERY_TIMEOUT_MS });
    const summaryStore = createSummaryStore({
      dataDir: env.REDSTREAM_DATA_DIR,
      query: { reader: summaryReader },
      printer,
      // What a summary reflects: the committed checkpoint (read first) against the log's head,
      // whichever process projects (a summaries-only process opens the log for this).
      ...(store
        ? {
            log: store,
            // On a cluster the copy would be cloned from the Distributed tables and write into the
            // live local ones (rebuildPlan's cluster layout is not yet given to replays): no as-of there.
            ...(env.CLICKHOUSE_CLUSTER ? {} : { readModelsAt: replayedReadModels({ store, clickhouse, timeoutMs: env.REDSTREAM_SUMMARY_QUERY_TIMEOUT_MS }) }),
            positions: async () => {
              const committed = await readCommittedCheckpoint(summaryReader);
              return { position: committed?.position ?? 0n, at: committed?.committedAt, head: await store.headPosition() };
            },
          }
        : {}),
    });
    await app.register(summaryRoutes, { store: summaryStore });
    const schedule = startSummarySchedule({ store: summaryStore, scopes: env.REDSTREAM_SUMMARY_SCOPES, log: app.log });
    app.addHook('onClose', async () => {
      await schedule.stop();
      await printer.close();
    });
  }
  registerHealth(app, checks);

  app.addHook('onClose', async () => {
    await projector?.stop();
    await clickhouse?.close();
    await store?.close();
  });
  return { app, env, store, clickhouse, adminKey, close: () => app.close() };
}
