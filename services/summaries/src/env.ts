import { z } from 'zod';

/**
 * The summaries' own variables, parsed by the platform's env.ts and by `redstream summary`. A
 * summary reads a whole year (and an as-of replay first rebuilds a copy of the read models), so
 * its queries get far longer than GraphQL's interactive ones.
 */
export const SUMMARY_QUERY_TIMEOUT_MS = 120_000;

export const SummaryEnvSchema = z.object({
  /** Every ClickHouse query of a summary (live or as of a position) is cancelled after this long. */
  REDSTREAM_SUMMARY_QUERY_TIMEOUT_MS: z.coerce.number().int().positive().default(SUMMARY_QUERY_TIMEOUT_MS),
});
export type SummaryEnv = z.infer<typeof SummaryEnvSchema>;

const unlessEmpty = z
  .string()
  .transform((v) => (v.trim() === '' ? undefined : v.trim()))
  .optional();

/** `redstream summary --url`'s fallbacks: a running redstream, and the key to ask it with (else the admin key). */
export const SummaryClientEnvSchema = z.object({
  REDSTREAM_URL: unlessEmpty,
  REDSTREAM_API_KEY: unlessEmpty,
  REDSTREAM_ADMIN_KEY: unlessEmpty,
});
