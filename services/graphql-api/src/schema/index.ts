import { createRequire } from 'node:module';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { builder } from '../builder.ts';
import './filters.ts';
import './sales.ts';
import './farmer-income.ts';
import './party-building.ts';
import './training.ts';
import './parcels.ts';
import './loans.ts';
import './appeals.ts';
import './stations.ts';
import './annual-summary.ts';
import './lag.ts';
import './projections.ts';
import './live.ts';
import './live-sessions.ts';
import './live-metrics.ts';

let built: GraphQLSchema | undefined;

/** The schema, built once (Pothos builders cannot build twice). */
export function schema(): GraphQLSchema {
  built ??= builder.toSchema();
  return built;
}

/** Where the committed SDL lives: the schema package's `graphql/schema.graphql`, by its export. */
export const COMMITTED_SDL_PATH = createRequire(import.meta.url).resolve('@redstream/schema/graphql/schema.graphql');

/** The SDL committed at COMMITTED_SDL_PATH. */
export const printedSchema = (): string => `${printSchema(lexicographicSortSchema(schema()))}\n`;
