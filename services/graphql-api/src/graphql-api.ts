import type { ClickHouseClient } from '@clickhouse/client';
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import type { EventStore } from '@redstream/event-store';
import { authPlugin, errorBody, hasAnyRole, type KeyRing, type Principal } from '@redstream/service-kit';
import type { FastifyBaseLogger, FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { createGraphQLError, createYoga, maskError, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import type { GraphqlContext } from './context.ts';
import { freshnessPlugin } from './freshness.ts';
import type { GraphqlEnv } from './env.ts';
import { graphiqlPage } from './graphiql/graphiql-page.ts';
import { LiveHub, type ProjectorBetween, type ProjectorBatches } from './live/live-hub.ts';
import { loadManifest } from './persisted-operations.ts';
import type { ProjectorStatusSource } from '@redstream/queries';
import { checkpointStatus, createReader, QueryTimeoutError, type Reader, type RollupSet } from '@redstream/queries';
import { schema } from './schema/index.ts';

export interface GraphqlApiOptions {
  clickhouse: ClickHouseClient;
  /** The event store, for the log's head in `projectionLag`. */
  store?: EventStore | undefined;
  /** The status of a projector in this process; default: the committed checkpoint read from ClickHouse. */
  projectorStatus?: ProjectorStatusSource | undefined;
  /** The commits of the projector in this process, when there is one: they wake the live hub sooner. */
  projectorBatches?: ProjectorBatches | undefined;
  /** The same projector's reads between batches: with it, the live hub pushes commits without a query (LiveHubOptions). */
  projectorBetween?: ProjectorBetween | undefined;
  /** The key ring, for service-kit's authPlugin when the app has not registered it already. */
  keys: KeyRing;
  /** Parsed once by loadGraphqlEnv (tests: `loadGraphqlEnv({ NODE_ENV: 'test' })`). */
  env: GraphqlEnv;
  /** Path of the endpoint; default /graphql. */
  endpoint?: string;
  /** The clock resolvers read (the running year's figures are the year to date); default the system's. */
  clock?: () => Date;
  /** The sales rollups the queries may read (ReaderOptions.rollups); default all. The dashboard bench's limit passes none. */
  rollups?: RollupSet;
}

export interface GraphqlApi {
  /** Register on the process's fastify app: `await app.register(api.plugin)`. */
  plugin: FastifyPluginAsync;
  yoga: YogaServerInstance<{ principal: Principal }, GraphqlContext>;
  reader: Reader;
  live: LiveHub;
  /** Starts the live subscription (the plugin calls it on register). */
  start(): Promise<void>;
  close(): Promise<void>;
}

/** Who may read: the caller service-kit's authPlugin resolved, with a reader role; else why not. */
function readingCaller(request: FastifyRequest): { principal: Principal } | { status: 401 | 403; problem: string } {
  const principal = request.principal;
  if (!principal) return { status: 401, problem: request.authProblem ?? 'missing API key: send Authorization: Bearer <key>' };
  if (!hasAnyRole(principal, ['analyst', 'screen'])) return { status: 403, problem: `API key ${principal.keyId} lacks the role analyst, screen or admin` };
  return { principal };
}

/** A screen key (screen role, no analyst/admin) may run persisted operations only. */
const screenOnly = (p: Principal): boolean => p.roles.has('screen') && !p.roles.has('analyst') && !p.roles.has('admin');

/** The persisted operation a request names (Apollo's extension or GraphQL-over-HTTP's documentId). */
function persistedOperationId(params: { extensions?: unknown; documentId?: unknown }): string | null {
  const ext = params.extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined;
  const hash = ext?.persistedQuery?.sha256Hash ?? params.documentId;
  return typeof hash === 'string' ? hash : null;
}

/** Screens hold keys that can be read off a hall's PC: such a key runs the screens' own operations, nothing else. */
const screenKeysRunPersistedOperationsOnly: Plugin<Record<string, never>, { principal: Principal }> = {
  onParams({ params, context, setResult }) {
    if (!screenOnly(context.principal) || (persistedOperationId(params) !== null && !params.query)) return;
    setResult({ errors: [createGraphQLError('screen keys may run persisted operations only (send extensions.persistedQuery.sha256Hash)', { extensions: { code: 'PERSISTED_QUERY_ONLY', http: { status: 400 } } })] });
  },
};

/**
 * The GraphQL analytics API: graphql-yoga on fastify at /graphql (GraphQL over HTTP, SSE for
 * subscriptions), bearer API keys, limits on depth, aliases, tokens and cost, masked errors outside
 * development, persisted operations for screens, and outside production GraphiQL: a browser
 * opening the endpoint gets it with every asset from this process (graphiql/), and no key until it queries.
 */
export function buildGraphqlApi(options: GraphqlApiOptions): GraphqlApi {
  const env = options.env;
  const production = env.NODE_ENV === 'production';
  const reader = createReader(options.clickhouse, { timeoutMs: env.REDSTREAM_GRAPHQL_QUERY_TIMEOUT_MS, ...(options.rollups && { rollups: options.rollups }) });
  const store = options.store;
  const projectorStatus = options.projectorStatus ?? checkpointStatus(reader, store ? () => store.headPosition() : undefined);
  const live = new LiveHub({ reader, projectorBatches: options.projectorBatches, projectorBetween: options.projectorBetween, minIntervalMs: env.REDSTREAM_LIVE_MIN_INTERVAL_MS });
  const manifest = loadManifest();
  const endpoint = options.endpoint ?? '/graphql';
  let log: FastifyBaseLogger | undefined;
  const graphiql = production ? undefined : graphiqlPage({ endpoint });

  const yoga = createYoga<{ principal: Principal }, GraphqlContext>({
    schema: schema(),
    graphqlEndpoint: endpoint,
    // Yoga's own GraphiQL loads from a CDN and would sit behind the key; ours is served below.
    graphiql: false,
    landingPage: false,
    maskedErrors: {
      isDev: env.NODE_ENV === 'development',
      maskError: (error, message, isDev) => {
        const original = (error as { originalError?: unknown }).originalError ?? error;
        // A question over its time limit is not an internal fault: say so, and what to do about it
        // (under load, "Unexpected error." was all an analyst saw).
        if (original instanceof QueryTimeoutError) {
          log?.warn({ queryId: original.queryId, timeoutMs: original.timeoutMs }, 'graphql query timed out');
          return createGraphQLError(
            `the question took longer than its limit of ${original.timeoutMs} ms (REDSTREAM_GRAPHQL_QUERY_TIMEOUT_MS) and was cancelled; ask for a shorter period or a coarser grain, or try again`,
            { extensions: { code: 'QUERY_TIMEOUT' } },
          );
        }
        // Unexpected errors are logged in full and answered without internals (outside development).
        log?.error({ err: original }, 'graphql resolver failed');
        return maskError(error, message, isDev);
      },
    },
    // The process logs through fastify; yoga's own logger would print to the console.
    logging: false,
    context: ({ principal }) => ({
      principal,
      query: { reader, scopeRegion: principal.regionCode },
      live,
      projectorStatus,
      now: options.clock ?? (() => new Date()),
      log: options.store,
      maxComplexity: env.REDSTREAM_GRAPHQL_MAX_COST,
    }),
    plugins: [
      EnvelopArmorPlugin({
        // Introspection counts too (GraphiQL's query is about 12 deep); Pothos limits our own fields to depth 8.
        maxDepth: { n: env.REDSTREAM_GRAPHQL_MAX_DEPTH, ignoreIntrospection: false, flattenFragments: true },
        maxAliases: { n: env.REDSTREAM_GRAPHQL_MAX_ALIASES },
        maxTokens: { n: env.REDSTREAM_GRAPHQL_MAX_TOKENS },
        maxDirectives: { n: 20 },
        // Pothos holds each operation to REDSTREAM_GRAPHQL_MAX_COST by its own field costs (builder.ts);
        // armor's coarser count, taken before parsing variables, is a backstop at twice that.
        costLimit: { maxCost: env.REDSTREAM_GRAPHQL_MAX_COST * 2, ignoreIntrospection: true },
        blockFieldSuggestion: { enabled: production },
      }),
      screenKeysRunPersistedOperationsOnly,
      freshnessPlugin({
        reader,
        head: options.store ? () => options.store!.headPosition() : options.projectorStatus ? async () => (await options.projectorStatus!()).head : undefined,
        minPositionWaitMs: env.REDSTREAM_GRAPHQL_MIN_POSITION_WAIT_MS,
        checkpointMaxAgeMs: env.REDSTREAM_GRAPHQL_CHECKPOINT_MAX_AGE_MS,
        knownCheckpoint: () => live.checkpoint,
      }),
      usePersistedOperations({
        getPersistedOperation: (key) => manifest.get(key) ?? null,
        extractPersistedOperationId: (params) => persistedOperationId(params),
        allowArbitraryOperations: true,
        customErrors: { notFound: 'PersistedQueryNotFound' },
      }),
    ],
  });

  let started: Promise<void> | undefined;
  const start = () => (started ??= live.start());

  const plugin: FastifyPluginAsync = async (app: FastifyInstance) => {
    await start();
    log = app.log;
    // One place decides who a caller is, for every service of the process.
    if (!app.hasPlugin('@redstream/auth')) await app.register(authPlugin, { keyRing: options.keys });
    // Encapsulated: yoga reads the body itself (JSON, GraphQL-over-HTTP media types), bounded here.
    await app.register(async (scope) => {
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: env.REDSTREAM_GRAPHQL_BODY_LIMIT_BYTES }, (_req, body, done) => done(null, body));
      graphiql?.register(scope);
      scope.route({
        url: endpoint,
        method: ['GET', 'POST', 'OPTIONS'],
        handler: async (request: FastifyRequest, reply: FastifyReply) => {
          if (graphiql?.wanted(request)) return graphiql.send(reply);
          const auth = readingCaller(request);
          if (!('principal' in auth)) {
            const { status, problem } = auth;
            if (status === 401) void reply.header('www-authenticate', 'Bearer');
            return reply
              .status(status)
              .type('application/json; charset=utf-8')
              .send({ ...errorBody(status, problem), errors: [{ message: problem, extensions: { code: status === 401 ? 'UNAUTHENTICATED' : 'FORBIDDEN' } }] });
          }
          const response = await yoga.handleNodeRequestAndResponse(request, reply, { principal: auth.principal });
          response.headers.forEach((value, key) => void reply.header(key, value));
          void reply.status(response.status);
          return reply.send(response.body);
        },
      });
    });
    // preClose, not onClose: the server stops listening only after preClose, and waits for open
    // requests before onClose. Ending the live streams first lets every screen see the server go
    // at once (and say it is offline) instead of when the process has finished closing.
    app.addHook('preClose', async () => {
      await live.close();
    });
  };

  return {
    plugin: fp(plugin, { name: '@redstream/graphql-api', fastify: '5.x' }),
    yoga,
    reader,
    live,
    start,
    close: () => live.close(),
  };
}

/** The same as a fastify plugin with options: `app.register(graphqlApiPlugin, options)`. */
export const graphqlApiPlugin = fp<GraphqlApiOptions>(
  async (app, options) => {
    await app.register(buildGraphqlApi(options).plugin);
  },
  { name: '@redstream/graphql-api-options', fastify: '5.x' },
);
