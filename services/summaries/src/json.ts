import type { AnnualFigures } from './figures.ts';
import { fenToYuan } from '@redstream/queries';

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

export type AnnualFiguresJson = Jsonified<AnnualFigures> & { version: number; generatedAt: string };

export function figuresToJson(f: AnnualFigures, generatedAt: Date): AnnualFiguresJson {
  return {
    version: SUMMARY_JSON_VERSION,
    generatedAt: generatedAt.toISOString(),
    ...(JSON.parse(JSON.stringify(f, (_key, value: unknown) => (typeof value === 'bigint' ? fenToYuan(value) : value))) as Jsonified<AnnualFigures>),
  };
}

export const jsonText = (f: AnnualFigures, generatedAt: Date): string => `${JSON.stringify(figuresToJson(f, generatedAt), null, 2)}\n`;
