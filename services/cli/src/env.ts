import { z } from 'zod';
import { GraphqlEnvSchema } from '@redstream/graphql-api';
import { EnvSchema, parseEnv } from '@redstream/service-kit';
import { parseScreenScope } from '@redstream/screen';
import { parseScopeList, SummaryEnvSchema } from '@redstream/summaries';

/** A variable read by a service's own parser, its error reported with every other problem. */
const parsedBy = <T>(parse: (text: string | undefined) => T) =>
  z
    .string()
    .optional()
    .transform((text, ctx) => {
      try {
        return parse(text);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    });

/** Where the ClickHouse tables live, beside CLICKHOUSE_URL. */
const clickhouseCluster = {
  /**
   * The cluster's name in remote_servers: set, the projector applies each migration's ON CLUSTER
   * form (Replicated local tables, Distributed tables over them) and a rebuild works on the local
   * tables. Needs CLICKHOUSE_URL.
   */
  CLICKHOUSE_CLUSTER: z
    .string()
    .trim()
    .transform((v) => (v === '' ? undefined : v))
    .pipe(z.string().regex(/^[A-Za-z_][A-Za-z0-9_-]*$/, 'must be a cluster name from remote_servers').optional())
    .optional(),
};

/** The environment of the commands that reach the stores without serving (rebuild, projections). */
export const CommandEnvSchema = EnvSchema.extend(clickhouseCluster);
export type CommandEnv = z.infer<typeof CommandEnvSchema>;
export const loadCommandEnv = (source: Record<string, string | undefined> = process.env): CommandEnv => parseEnv(CommandEnvSchema, source);

/** The platform process's environment: the GraphQL API's, plus what the CLI wires up itself. */
export const PlatformEnvSchema = GraphqlEnvSchema.extend({
  ...clickhouseCluster,
  ...SummaryEnvSchema.shape,
  /** What `/screen` shows: `region:<code>` or `park:<id>`; unset, everything the key may see. */
  REDSTREAM_SCREEN_SCOPE: parsedBy(parseScreenScope),
  /** The halls file (JSON: each hall's title, scope and playlist at /screen/playlist/:id); read at start and on change. */
  REDSTREAM_SCREEN_HALLS: z
    .string()
    .trim()
    .transform((v) => (v === '' ? undefined : v))
    .optional(),
  /** Scopes summarised every 1 January, comma-separated (`371302,park-p1,committee-c1`); empty, none. */
  REDSTREAM_SUMMARY_SCOPES: parsedBy((text) => parseScopeList(text ?? '371302')),
  /**
   * How long the projector gathers facts before mapping them, once live (ms). A screen beside the
   * projector is pushed as soon as a batch is mapped (no query), so this is most of a push's wait.
   */
  REDSTREAM_LIVE_FLUSH_MS: z.coerce.number().int().positive().default(100),
  /**
   * How often, at most, the projector writes to ClickHouse once live (ms). Every write is ~9
   * statements; batches mapped in between are written as one, so a shorter flush above does not
   * mean more statements a second.
   */
  REDSTREAM_LIVE_WRITE_MS: z.coerce.number().int().nonnegative().default(250),
  /** Facts per second `redstream start` streams into the demo region. */
  REDSTREAM_DEMO_RATE: z.coerce.number().positive().default(2),
});
export type PlatformEnv = z.infer<typeof PlatformEnvSchema>;

export const loadPlatformEnv = (source: Record<string, string | undefined> = process.env): PlatformEnv => parseEnv(PlatformEnvSchema, source);

/** `npm run bench`'s own knobs (its flags say the same: --quick). */
export const BenchEnvSchema = z.object({
  /** 1: the quick sizes (1 M orders instead of 10 M). */
  BENCH_QUICK: z.enum(['0', '1']).default('0').transform((v) => v === '1'),
  /** Audience snapshots beside the dashboard's orders; unset, 1 M quick or 10 M (50 M is the scale run). */
  BENCH_SNAPSHOTS: z.coerce.number().int().positive().optional(),
  /** `--scale`'s sizes, orders, comma-separated. */
  BENCH_SCALE_ORDERS: z
    .string()
    .default('1000000,10000000,100000000')
    .transform((text) => text.split(',').map((size) => Number(size.trim())))
    .pipe(z.array(z.number().int().positive('each size must be a whole number of orders above 0')).min(1)),
  /** `--scale` times its queries holding this file (flock), as benches on a shared machine do; generating the orders does not wait. */
  BENCH_LOCK_FILE: z.string().trim().min(1).optional(),
});
export const loadBenchEnv = (source: Record<string, string | undefined> = process.env) => parseEnv(BenchEnvSchema, source);
