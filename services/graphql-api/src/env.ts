import { z } from 'zod';
import { DEFAULT_QUERY_TIMEOUT_MS } from '@redstream/queries';
import { EnvSchema, parseEnv } from '@redstream/service-kit';

const positiveInt = z.coerce.number().int().positive();

/** The GraphQL API's environment: the shared variables plus its own limits. */
export const GraphqlEnvSchema = EnvSchema.extend({
  /** Every ClickHouse query of the API is cancelled after this long. */
  REDSTREAM_GRAPHQL_QUERY_TIMEOUT_MS: positiveInt.default(DEFAULT_QUERY_TIMEOUT_MS),
  REDSTREAM_GRAPHQL_MAX_DEPTH: positiveInt.default(15),
  REDSTREAM_GRAPHQL_MAX_ALIASES: positiveInt.default(15),
  /** Cost of one operation (Pothos's field complexity; graphql-armor's coarse count may be twice this). */
  REDSTREAM_GRAPHQL_MAX_COST: positiveInt.default(2000),
  REDSTREAM_GRAPHQL_MAX_TOKENS: positiveInt.default(2000),
  /** Largest GraphQL request body (bytes). */
  REDSTREAM_GRAPHQL_BODY_LIMIT_BYTES: positiveInt.default(64 * 1024),
  /**
   * Live figures are re-queried at most this often per scope (more scopes space it further, see
   * live-hub.ts). With the projector in the same process a scope refreshes right after each commit
   * that applies new facts; otherwise on the log's facts, waiting for the projector. At 500 ms the
   * p95 at 500 facts/s was 0.85 s, at 250 ms 0.68 s (screen README).
   */
  REDSTREAM_LIVE_MIN_INTERVAL_MS: positiveInt.default(250),
  /**
   * Longest wait of a request sent with `X-Redstream-Min-Position` for the projections to commit
   * that position (freshness.ts); past it the request fails with PROJECTIONS_BEHIND.
   */
  REDSTREAM_GRAPHQL_MIN_POSITION_WAIT_MS: positiveInt.default(5_000),
  /**
   * How long one read of the committed checkpoint serves the freshness of later answers
   * (freshness.ts): a floor of what they hold, so at most this much older than it could be. 0: every
   * answer reads it.
   */
  REDSTREAM_GRAPHQL_CHECKPOINT_MAX_AGE_MS: z.coerce.number().int().nonnegative().default(1_000),
});
export type GraphqlEnv = z.infer<typeof GraphqlEnvSchema>;

export const loadGraphqlEnv = (source: Record<string, string | undefined> = process.env): GraphqlEnv => parseEnv(GraphqlEnvSchema, source);
