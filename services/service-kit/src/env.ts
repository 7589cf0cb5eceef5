import { facts } from '@redstream/schema';
import { z } from 'zod';

/**
 * Every environment variable redstream reads, parsed once with zod. Call `loadEnv()` at startup
 * (never at import) and pass the typed result on; all problems are reported together.
 */
const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().positive();
const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();
const optionalUrl = optionalText.pipe(z.url({ error: 'must be a URL' }).optional());

export const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** The one HTTP port of the all-in-one process. */
  PORT: port.default(4000),
  HOST: z.string().default('0.0.0.0'),
  /** Holds every embedded store and, by default, the keys file. */
  REDSTREAM_DATA_DIR: z.string().min(1).default('./data'),
  /** Bootstrap admin key, accepted on every interface. Long, because it is the key to everything. */
  REDSTREAM_ADMIN_KEY: optionalText.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
  /** JSON file of hashed API keys; defaults to `<REDSTREAM_DATA_DIR>/keys.json` when that exists. */
  REDSTREAM_KEYS_FILE: optionalText,
  /** KurrentDB connection string; unset = embedded store under the data directory. */
  EVENTSTORE_URL: optionalText,
  /** ClickHouse server URL; unset = embedded chDB under the data directory. */
  CLICKHOUSE_URL: optionalUrl,
  /** Requests per minute per API key (per IP for requests without one). */
  REDSTREAM_RATE_LIMIT_PER_MINUTE: positiveInt.default(1200),
  /** Largest JSON body accepted (bytes); bulk data goes through the streamed import instead. */
  REDSTREAM_BODY_LIMIT_BYTES: positiveInt.default(5 * 1024 * 1024),
  /** Most facts in one `POST /v1/events` request. */
  REDSTREAM_MAX_FACTS_PER_REQUEST: positiveInt.default(1000),
  /** A connection idle this long is closed (slow clients, half-open sockets). */
  REDSTREAM_HTTP_IDLE_TIMEOUT_MS: positiveInt.default(60_000),
  /** Receiving a whole request may take this long; generous, since a 1 GB import is one request. */
  REDSTREAM_HTTP_REQUEST_TIMEOUT_MS: positiveInt.default(3_600_000),
  /** How long a graceful shutdown waits for in-flight requests before exiting anyway. */
  REDSTREAM_SHUTDOWN_TIMEOUT_MS: positiveInt.default(10_000),
  /** A system Chromium for PDFs (e.g. /usr/bin/chromium); unset = the one shipped in npm (@sparticuz/chromium). */
  REDSTREAM_CHROMIUM_PATH: optionalText,
  /** A sale may name a live session up to this long after it ended (payment completed off air). */
  REDSTREAM_LIVE_SALE_GRACE_MINUTES: z.coerce.number().int().nonnegative().max(24 * 60).default(facts.DEFAULT_LIVE_SALE_GRACE_MINUTES),
});

export type Env = z.infer<typeof EnvSchema>;

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid environment:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'EnvError';
  }
}

/** Parses `source` with any zod object schema (services may extend EnvSchema), all errors at once. */
export function parseEnv<S extends z.ZodType>(schema: S, source: Record<string, string | undefined>): z.infer<S> {
  const parsed = schema.safeParse(source);
  if (parsed.success) return parsed.data;
  throw new EnvError(parsed.error.issues.map((issue) => `${issue.path.join('.') || '(environment)'}: ${issue.message}`));
}

/**
 * What an empty environment gives: the one source of every default, for code built without the
 * parsed environment (libraries' options left out, tests).
 */
export const envDefaults = (): Env => EnvSchema.parse({});

export const loadEnv = (source: Record<string, string | undefined> = process.env): Env => parseEnv(EnvSchema, source);
