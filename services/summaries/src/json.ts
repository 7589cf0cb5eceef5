import type { AnnualFigures } from './figures.ts';
import { fenToYuan, type MetricDefinition } from '@redstream/queries';
import { summaryContent } from './content.ts';
import { summaryDefinitions } from './narrative.ts';

/**
 * The figures as JSON: money as GraphQL's Money (yuan, a decimal string with two places), ratios
 * as numbers or null, every other field as computed.
 */
export const SUMMARY_JSON_VERSION = 1;

/** A value as JSON.stringify with the money replacer writes it: bigint fen → yuan string, undefined dropped. */
export type Jsonified<T> = T extends bigint
  ? string
  : T extends readonly (infer U)[]
    ? Jsonified<U>[]
    : T extends object
      ? { [K in keyof T]: Jsonified<T[K]> }
      : T;

/**
 * What a stored summary reflects: the log position its figures were read at (the projections'
 * committed checkpoint, and when it was committed), the log's head then, and whether it is final —
 * a closed year, read with the projections at the head. Positions are decimal strings (64 bits).
 */
export interface SummaryAsOf {
  position: string | null;
  checkpointAt: string | null;
  head: string | null;
  final: boolean;
}

/** The edition a stored summary is and, for a revision, what changed since the edition before. */
export interface SummaryEdition {
  edition: number;
  revision: { of: number; orders: number; gmv: string; refunds: string; farmerIncome: string; note: { 'zh-CN': string; en: string } } | null;
}

export type AnnualFiguresJson = Jsonified<AnnualFigures> & { version: number; generatedAt: string; definitions?: readonly MetricDefinition[] } & Partial<SummaryEdition> & { asOf?: SummaryAsOf };

export function figuresToJson(f: AnnualFigures, generatedAt: Date, stored?: { asOf: SummaryAsOf } & SummaryEdition): AnnualFiguresJson {
  return {
    version: SUMMARY_JSON_VERSION,
    generatedAt: generatedAt.toISOString(),
    ...(stored ? { asOf: stored.asOf, edition: stored.edition, revision: stored.revision } : {}),
    ...(JSON.parse(JSON.stringify(f, (_key, value: unknown) => (typeof value === 'bigint' ? fenToYuan(value) : value))) as Jsonified<AnnualFigures>),
    // The 口径 appendix: how each figure the text states is defined, and under which version.
    definitions: summaryDefinitions(summaryContent(f)),
  };
}

export const jsonText = (f: AnnualFigures, generatedAt: Date, stored?: { asOf: SummaryAsOf } & SummaryEdition): string =>
  `${JSON.stringify(figuresToJson(f, generatedAt, stored), null, 2)}\n`;
