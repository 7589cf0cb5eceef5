import type { AnnualFigures } from './figures.ts';
import { fenToYuan } from './query-layer.ts';

/**
 * The figures as JSON: money as GraphQL's Money (yuan, a decimal string with two places), ratios
 * as numbers or null, every other field as computed.
 */
export const SUMMARY_JSON_VERSION = 1;

export function figuresToJson(f: AnnualFigures, generatedAt: Date): Record<string, unknown> {
  return {
    version: SUMMARY_JSON_VERSION,
    generatedAt: generatedAt.toISOString(),
    ...(JSON.parse(JSON.stringify(f, (_key, value: unknown) => (typeof value === 'bigint' ? fenToYuan(value) : value))) as Record<string, unknown>),
  };
}

export const jsonText = (f: AnnualFigures, generatedAt: Date): string => `${JSON.stringify(figuresToJson(f, generatedAt), null, 2)}\n`;
