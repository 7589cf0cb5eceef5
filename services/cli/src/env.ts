import { z } from 'zod';
import { GraphqlEnvSchema } from '@redstream/graphql-api';
import { parseEnv } from '@redstream/service-kit';
import { parseScreenScope } from '@redstream/screen';
import { parseScopeList } from '@redstream/summaries';

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

/** The platform process's environment: the GraphQL API's, plus what the CLI wires up itself. */
export const PlatformEnvSchema = GraphqlEnvSchema.extend({
  /** What `/screen` shows: `region:<code>` or `park:<id>`; unset, everything the key may see. */
  REDSTREAM_SCREEN_SCOPE: parsedBy(parseScreenScope),
  /** Scopes summarised every 1 January, comma-separated (`371302,park-p1,committee-c1`); empty, none. */
  REDSTREAM_SUMMARY_SCOPES: parsedBy((text) => parseScopeList(text ?? '371302')),
  /** Facts per second `redstream start` streams into the demo region. */
  REDSTREAM_DEMO_RATE: z.coerce.number().positive().default(2),
});
export type PlatformEnv = z.infer<typeof PlatformEnvSchema>;

export const loadPlatformEnv = (source: Record<string, string | undefined> = process.env): PlatformEnv => parseEnv(PlatformEnvSchema, source);
