import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Registry } from 'prom-client';
import type { EventStore } from '@redstream/event-store';
import { authPlugin, createMetricsRegistry, createServer, envDefaults, errorBody, registerHealth, registerMetrics, type KeyRing, type ServerOptions } from '@redstream/service-kit';
import { FactWriter } from './fact-writer.ts';
import { registerEventsRoute } from './routes/events-route.ts';
import { registerImportRoute } from './routes/import-route.ts';
import { WriteMetrics } from './write-metrics.ts';

export interface WriteApiOptions {
  store: EventStore;
  /** Metrics of the write path go here; the standalone app also serves it at /metrics. */
  metrics?: Registry;
  /** The writer's clock; rules about "the future" use it. */
  clock?: () => Date;
  /** Most facts per POST /v1/events (default 1000). */
  maxFactsPerRequest?: number;
  /** Requests per minute per API key (default 1200). */
  rateLimitPerMinute?: number;
  /** Facts per appendMany during an import (default 500). */
  importBatchSize?: number;
  /** Rejected lines listed in an import answer (default 1000). */
  maxImportRejections?: number;
  /** Longest NDJSON line / CSV record (default 1 MiB). */
  maxLineBytes?: number;
  /** Aggregate states kept in memory between requests (default 20,000). */
  stateCacheEntries?: number;
  /** How long after a live session ends a sale may still name it (REDSTREAM_LIVE_SALE_GRACE_MINUTES). */
  liveSaleGraceMs?: number;
}

/**
 * The write API as a fastify plugin: `POST /v1/events` and `POST /v1/import`, with their rate
 * limit. It expects `authPlugin` on a parent (one key ring for the whole process), so the
 * all-in-one process mounts it beside GraphQL on one port.
 */
export const writeApiPlugin: FastifyPluginAsync<WriteApiOptions> = async (app, options) => {
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  const writer = new FactWriter(options.store, { cacheEntries: options.stateCacheEntries, liveSaleGraceMs: options.liveSaleGraceMs });
  const metrics = new WriteMetrics(options.metrics ?? createMetricsRegistry({ defaultMetrics: false }));
  const clock = options.clock ?? (() => new Date());
  const defaults = envDefaults();

  await app.register(rateLimit, {
    max: options.rateLimitPerMinute ?? defaults.REDSTREAM_RATE_LIMIT_PER_MINUTE,
    timeWindow: 60_000,
    keyGenerator: (request) => (request.principal ? `key:${request.principal.keyId}` : `ip:${request.ip}`),
    // The operator's own key (demo loader, simulator, migrations) is not throttled.
    allowList: (request) => request.principal?.roles.has('admin') ?? false,
    errorResponseBuilder: (_request, context) => ({
      statusCode: context.statusCode,
      ...errorBody(context.statusCode, `rate limit of ${context.max} requests per ${context.after} exceeded for this API key; retry after ${context.after}`),
    }),
  });
  registerEventsRoute(app, { writer, clock, maxFacts: options.maxFactsPerRequest ?? defaults.REDSTREAM_MAX_FACTS_PER_REQUEST, metrics });
  await app.register(async (scope) => {
    registerImportRoute(scope, {
      writer,
      clock,
      metrics,
      batchSize: options.importBatchSize ?? 500,
      maxRejections: options.maxImportRejections ?? 1000,
      maxLineBytes: options.maxLineBytes ?? 1024 * 1024,
    });
  });
};

/** Registers the OpenAPI document (from the zod schemas) and its UI at /docs. */
export async function registerDocs(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      info: { title: 'redstream write API', version: '1.0.0', description: 'Facts in over HTTP: validated, decided by business rules, idempotent by fact id.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'API key: Authorization: Bearer <key>' } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
}

/**
 * A standalone write API server (not listening): auth, docs at /docs, /health, /metrics and the
 * write routes. Tests drive it with `app.inject()`; `main.ts` listens.
 */
export async function buildWriteApi(options: WriteApiOptions & { keyRing: KeyRing; server?: ServerOptions }): Promise<FastifyInstance> {
  const app = createServer(options.server);
  const metrics = options.metrics ?? createMetricsRegistry();
  await app.register(authPlugin, { keyRing: options.keyRing });
  await registerDocs(app);
  registerMetrics(app, metrics);
  registerHealth(app, { eventStore: async () => (await options.store.headPosition()) >= 0n });
  await app.register(writeApiPlugin, { ...options, metrics });
  return app;
}
